#!/bin/bash
# Every function liburing 2.15's liburing.h defines inline (reference/liburing-2.15-inline.tsv,
# the one list of them; its count is printed, not assumed) is declared in our include/liburing.h (or defined inline by the
# include/liburing/inline.h it includes) and exported (defined, dynamic) by
# target/release/liburing_rs.so, so C code that calls them compiles unchanged and FFI users can
# dlsym them. NOT_EXPORTED_IN_FFI names are exported by us too.
cd "${ROOT:-$(dirname "$0")/..}" || exit 1
list=reference/liburing-2.15-inline.tsv
header=include/liburing.h
inline_h=include/liburing/inline.h
lib=target/release/liburing_rs.so
for f in "$list" "$header" "$inline_h" "$lib"; do
	[ -e "$f" ] || { echo "missing $f (run make first)"; exit 1; }
done
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TtWiu]$/ {print $3}' | sed 's/@.*//' | sort -u)
n=0 bad=0
while IFS=$'\t' read -r name node; do
	[ -z "$name" ] && continue
	n=$((n + 1))
	if ! grep -qE "(^|[^A-Za-z0-9_])${name}\(" "$header" "$inline_h"; then
		echo "not declared in $header: $name ($node)"; bad=$((bad + 1))
	fi
	if ! grep -qx "$name" <<<"$exported"; then
		echo "not exported by $lib: $name ($node)"; bad=$((bad + 1))
	fi
done <"$list"
prep=$(grep -c '^io_uring_prep_' "$list")
[ "$prep" -gt 0 ] || { echo "no io_uring_prep_* names in $list"; exit 1; }
if [ "$bad" -ne 0 ]; then
	echo "$bad problems"
	exit 1
fi
echo "all $n inline names ($prep io_uring_prep_*) declared and exported"
