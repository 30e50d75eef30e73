#!/bin/bash
# tests/drop_in_flight.rs under valgrind: dropping a Ring with reads in flight into owned,
# buffer-ring and `unsafe` buffers cancels and reaps them before any of that memory is freed
# (the test itself checks the data stayed in the pipes; valgrind checks our own accesses).
cd "${ROOT:-$(dirname "$0")/..}" || exit 1
command -v valgrind >/dev/null || { echo "skip: valgrind not installed"; exit 77; }
bin=$(${CARGO:-cargo} test --release --test drop_in_flight --no-run 2>&1 |
	sed -n 's/.*Executable tests\/drop_in_flight.rs (\(.*\))$/\1/p')
[ -x "$bin" ] || { echo "tests/drop_in_flight.rs not built"; exit 1; }
valgrind -q --error-exitcode=9 "$bin" --test-threads=1
