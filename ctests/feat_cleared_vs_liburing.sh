#!/bin/bash
# Builds ctests/feat_cleared.c (older-kernel paths taken by clearing feature bits) against the
# system liburing (Debian's liburing-dev, 2.3) and runs it: the sections both libraries have
# must pass on the real liburing too, i.e. uring-rs takes the same older-kernel paths.
# Skips when /usr/include/liburing.h or -luring is absent.
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
CC=${CC:-cc}
[ -f /usr/include/liburing.h ] || { echo "skip: /usr/include/liburing.h absent (apt install liburing-dev)"; exit 77; }
out=${TEST_TMPDIR:-/tmp}/feat_cleared_liburing.$$
trap 'rm -f "$out" "$out.err"' EXIT
if ! $CC -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$ROOT/ctests" -o "$out" \
	"$ROOT/ctests/feat_cleared.c" -luring 2>"$out.err"; then
	if grep -q "cannot find -luring" "$out.err"; then echo "skip: system liburing library absent"; exit 77; fi
	cat "$out.err"; exit 1
fi
"$out"
