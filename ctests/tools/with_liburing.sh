#!/bin/bash
# with_liburing.sh NAME [build]: builds ctests/NAME.c against the system liburing (Debian's
# liburing-dev) and runs it (with "build", only builds it), for the tests that hold uring-rs's
# answers against liburing's.
# Skips (77) when /usr/include/liburing.h or -luring is absent.
# The binary is kept in target/ctests-liburing/ and rebuilt only when ctests/NAME.c or a
# header of ctests/ is newer: the host's run leaves it built, so a guest kernel (ctests/kernels/,
# ctests/kernel_5_10.sh) runs it instead of compiling for minutes under TCG.
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
CC=${CC:-cc}
name=$1
src=$ROOT/ctests/$name.c
[ -f /usr/include/liburing.h ] || { echo "skip: /usr/include/liburing.h absent (apt install liburing-dev)"; exit 77; }
bin=$ROOT/target/ctests-liburing/$name
stale=0
[ -x "$bin" ] || stale=1
for f in "$src" "$ROOT"/ctests/*.h; do [ "$f" -nt "$bin" ] && stale=1; done
if [ $stale = 1 ]; then
	mkdir -p "$(dirname "$bin")" || exit 1
	# built beside and renamed: a run that reads the binary meanwhile sees the old or the new one
	tmp=$bin.$$
	trap 'rm -f "$tmp" "$tmp.err"' EXIT
	if ! $CC -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$ROOT/ctests" -o "$tmp" "$src" -luring \
		2>"$tmp.err"; then
		if grep -q "cannot find -luring" "$tmp.err"; then echo "skip: system liburing library absent"; exit 77; fi
		cat "$tmp.err"; exit 1
	fi
	mv -f "$tmp" "$bin" || exit 1
fi
[ "${2:-}" = build ] && exit 0
"$bin"
