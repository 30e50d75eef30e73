#!/bin/bash
# Builds ctests/core_errors.c (error paths of setup, SQ full, CQ empty, leak checks) against the
# system liburing (Debian's liburing-dev, 2.3) and runs it: the same assertions that pass on
# uring-rs must pass on the real liburing, i.e. both give the same answers on this kernel.
# Skips when /usr/include/liburing.h or -luring is absent.
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
CC=${CC:-cc}
[ -f /usr/include/liburing.h ] || { echo "skip: /usr/include/liburing.h absent (apt install liburing-dev)"; exit 77; }
out=${TEST_TMPDIR:-/tmp}/core_errors_liburing.$$
trap 'rm -f "$out"' EXIT
if ! $CC -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$ROOT/ctests" -o "$out" \
	"$ROOT/ctests/core_errors.c" -luring 2>"$out.err"; then
	if grep -q "cannot find -luring" "$out.err"; then
		echo "skip: system liburing library absent"; rm -f "$out.err"; exit 77
	fi
	cat "$out.err"; rm -f "$out.err"; exit 1
fi
rm -f "$out.err"
"$out"
