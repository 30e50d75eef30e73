#!/bin/bash
# Differential SQE bytes: ctests/tools/prep_sqe_bytes.c prepares every io_uring_prep_* helper of
# liburing 2.3 with fixed arguments and prints the 64 bytes of the SQE. It is built twice, against
# Debian's liburing-dev 2.3 (system header, its inline helpers, -luring) and against uring-rs
# (include/liburing.h, -luring_rs); the outputs must be identical except for the cases listed
# below, where liburing 2.15 deliberately encodes differently from 2.3 (and we follow 2.15).
# See the comment at the top of the C file for why both builds start from comparable SQE state.
cd "${ROOT:-$(dirname "$0")/..}" || exit 1
CC=${CC:-cc}
out=${TEST_TMPDIR:-/tmp}/prep_sqe_diff.$$
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT

# name -> why liburing 2.15 (and uring-rs) differ from 2.3 on purpose.
declare -A EXPECTED_DIFF=(
	# liburing 2.4+ "offset by 1 for allocation": with file_index == IORING_FILE_INDEX_ALLOC,
	# 2.3 stores ALLOC + 1, which wraps to 0 (= not a direct descriptor at all); 2.15 stores
	# IORING_FILE_INDEX_ALLOC so the kernel picks a free slot.
	[openat_direct_alloc]="2.15 keeps IORING_FILE_INDEX_ALLOC in file_index (2.3 wraps it to 0)"
	[openat2_direct_alloc]="2.15 keeps IORING_FILE_INDEX_ALLOC in file_index (2.3 wraps it to 0)"
	[accept_direct_alloc]="2.15 keeps IORING_FILE_INDEX_ALLOC in file_index (2.3 wraps it to 0)"
	[socket_direct_allocidx]="2.15 keeps IORING_FILE_INDEX_ALLOC in file_index (2.3 wraps it to 0)"
)

[ -e /usr/include/liburing.h ] || { echo "skip: Debian liburing-dev (/usr/include/liburing.h) not installed"; exit 77; }
echo "system liburing: $(dpkg-query -W -f='${Package} ${Version}' liburing-dev 2>/dev/null || echo unknown)"

flags="-std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE"
src=ctests/tools/prep_sqe_bytes.c
# shellcheck disable=SC2086
$CC $flags -o "$out/sys" "$src" -luring || { echo "FAIL: build against the system liburing"; exit 1; }
# shellcheck disable=SC2086
$CC $flags -I"$PWD/include" -o "$out/ours" "$src" -L"$PWD/target/release" -luring_rs \
	-Wl,-rpath,"$PWD/target/release" || { echo "FAIL: build against uring-rs"; exit 1; }

"$out/sys" >"$out/sys.txt"; rc=$?
[ $rc -eq 77 ] && { tail -n1 "$out/sys.txt"; exit 77; }
[ $rc -eq 0 ] || { echo "FAIL: system build exited $rc"; exit 1; }
"$out/ours" >"$out/ours.txt" || { echo "FAIL: uring-rs build exited $?"; exit 1; }

n=$(wc -l <"$out/sys.txt")
[ "$n" -gt 150 ] && [ "$n" -eq "$(wc -l <"$out/ours.txt")" ] || { echo "FAIL: line counts differ or too few ($n)"; exit 1; }

fail=0 same=0 expected=0
declare -A seen
while IFS= read -r a <&3 && IFS= read -r b <&4; do
	name=${a%% *}
	if [ "$a" = "$b" ]; then
		if [ -n "${EXPECTED_DIFF[$name]:-}" ]; then
			echo "FAIL: $name was listed as a deliberate difference but encodes like 2.3"; fail=1
		fi
		same=$((same + 1))
		continue
	fi
	if [ -n "${EXPECTED_DIFF[$name]:-}" ]; then
		[ -z "${seen[$name]:-}" ] && echo "expected difference: $name: ${EXPECTED_DIFF[$name]}"
		printf '   2.3:  %s\n   ours: %s\n' "$(echo ${a#"$name"})" "$(echo ${b#"$name"})"
		seen[$name]=1; expected=$((expected + 1))
		continue
	fi
	echo "FAIL: $name differs"
	printf '   2.3:  %s\n   ours: %s\n' "$(echo ${a#"$name"})" "$(echo ${b#"$name"})"
	fail=1
done 3<"$out/sys.txt" 4<"$out/ours.txt"
echo "$same lines identical, $expected deliberate differences"
exit $fail
