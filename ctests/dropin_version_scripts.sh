#!/bin/bash
# The checked-in version scripts dropin/*.map are what dropin/gen-version-scripts.sh makes of
# reference/liburing-{2.15,upstream}-exports.tsv (regenerate with `make dropin-maps`), and they
# hold every symbol of those lists, at every node from each library's oldest to its newest:
# the counts come from the lists, never from numbers written here.
set -u
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bash dropin/gen-version-scripts.sh "$tmp" || { echo "FAIL: generator failed"; exit 1; }
rc=0
for name in liburing liburing-ffi; do
	if ! diff -u "dropin/$name.map" "$tmp/$name.map"; then
		echo "FAIL: dropin/$name.map is out of sync with the reference (run: make dropin-maps)"
		rc=1
	fi
done
lists=(reference/liburing-2.15-exports.tsv reference/liburing-upstream-exports.tsv)
count() { grep -cP '^\t\t[A-Za-z_]\w*;$' "$1"; }
nodes() { grep -oP '^LIBURING_[0-9.]+(?= \{)' "$1" | tr '\n' ' '; }
listed() { awk -F'\t' -v lib="$1" '$1 == lib' "${lists[@]}" | wc -l; }
# LIBURING_2.<oldest> ... LIBURING_2.<newest> node of the library in the lists
span() {
	awk -F'\t' -v lib="$1" '$1 == lib { split($2, v, "."); m = v[2] + 0
		if (lo == "" || m < lo) lo = m; if (hi == "" || m > hi) hi = m }
		END { for (i = lo; i <= hi; i++) printf "LIBURING_2.%d ", i }' "${lists[@]}"
}
summary=
for name in liburing liburing-ffi; do
	want=$(listed "$name.so.2") have=$(count "dropin/$name.map")
	[ "$have" = "$want" ] || { echo "FAIL: $name.map has $have symbols, the lists $want"; rc=1; }
	[ "$(nodes "dropin/$name.map")" = "$(span "$name.so.2")" ] ||
		{ echo "FAIL: $name.map nodes: $(nodes "dropin/$name.map"), want $(span "$name.so.2")"; rc=1; }
	summary="$summary $name.map: $have symbols, $(span "$name.so.2" | wc -w) nodes;"
done
[ $rc = 0 ] && echo "version scripts in sync:$summary"
exit $rc
