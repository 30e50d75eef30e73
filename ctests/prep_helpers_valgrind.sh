#!/bin/bash
# prep_helpers under valgrind: the recvmsg helpers (and the rest of that test) make no invalid
# reads or writes, on real multishot recvmsg output and on truncated/bogus buffers.
cd "${ROOT:-$(dirname "$0")/..}" || exit 1
command -v valgrind >/dev/null || { echo "skip: valgrind not installed"; exit 77; }
[ -x target/ctests/prep_helpers ] || { echo "target/ctests/prep_helpers not built (make ctests)"; exit 1; }
valgrind -q --error-exitcode=9 target/ctests/prep_helpers
