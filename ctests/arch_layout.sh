#!/bin/bash
# Layouts per target, checked by each target's own C compiler (make check; mk/arch.mk's
# check-arch reads the result lines):
# 1. liburing 2.15's sizes, alignments and field offsets (ctests/arch/layout_asserts.sh) as
#    _Static_asserts compiled against our headers;
# 2. ctests/layout_dump.c (every field of the ring, SQE, CQE and params structs that liburing
#    2.3 and 2.15 share) built against liburing's own header (Debian's liburing-dev, 2.3: the
#    header is the same for every architecture) and against ours, run (natively, or under
#    qemu-user), and the outputs compared.
# Every target's compiler must be there: `bash .ci/deps` installs them.
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
. "$ROOT/ctests/arch/targets.sh"
TMP=${TEST_TMPDIR:-/tmp}/arch_layout.$$
mkdir -p "$TMP/theirs"
trap 'rm -rf "$TMP"' EXIT
[ -f /usr/include/liburing.h ] || { echo "no /usr/include/liburing.h: bash .ci/deps"; exit 1; }
# liburing's header alone: a cross compiler must not see the host's other headers
cp -r /usr/include/liburing.h /usr/include/liburing "$TMP/theirs/"
bash "$ROOT/ctests/arch/layout_asserts.sh" > "$TMP/asserts.c"
FLAGS=(-std=gnu11 -O0 -Wall -Wextra -Werror -D_GNU_SOURCE)
fail=0
while read -r name _ cc runner musl _; do
	[ -n "$name" ] || continue
	command -v "$cc" >/dev/null || { echo "layout $name: FAIL no $cc (bash .ci/deps)"; fail=1; continue; }
	extra=()
	[ "$musl" = - ] || extra=("$(musl_kernel_headers "$musl")")
	if ! "$cc" "${FLAGS[@]}" "${extra[@]}" -fsyntax-only -I"$ROOT/include" "$TMP/asserts.c"; then
		echo "layout $name: FAIL liburing 2.15 _Static_asserts"; fail=1; continue
	fi
	run=()
	[ "$runner" = - ] || run=("$runner")
	if [ "$runner" != - ] && ! command -v "$runner" >/dev/null; then
		echo "layout $name: FAIL no $runner (qemu-user; bash .ci/deps)"; fail=1; continue
	fi
	for side in theirs ours; do
		inc=$TMP/theirs; [ $side = ours ] && inc=$ROOT/include
		"$cc" "${FLAGS[@]}" "${extra[@]}" -static -I"$inc" -o "$TMP/$name-$side" "$ROOT/ctests/layout_dump.c" &&
			"${run[@]}" "$TMP/$name-$side" > "$TMP/$name-$side.txt" || { echo "layout $name: FAIL building or running the dump ($side)"; fail=1; continue 2; }
	done
	if ! diff -u "$TMP/$name-theirs.txt" "$TMP/$name-ours.txt"; then
		echo "layout $name: FAIL differs from liburing's header"; fail=1; continue
	fi
	echo "layout $name: ok (liburing 2.15's layout asserted; $(wc -l < "$TMP/$name-ours.txt") lines identical to liburing's header)"
done <<< "$ARCH_TARGETS"
exit $fail
