#!/bin/bash
# The checked-in version scripts dropin/*.map are what dropin/gen-version-scripts.sh makes of
# reference/liburing-{2.15,upstream}-exports.tsv (regenerate with `make dropin-maps`), and they
# hold liburing 2.15's counts plus upstream's newer exports: 83 symbols in LIBURING_2.0..2.15,
# and 222 + 1 (io_uring_prep_cmd_zone_reset_all) in LIBURING_2.4..2.16.
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
count() { grep -cP '^\t\t[A-Za-z_]\w*;$' "$1"; }
nodes() { grep -oP '^LIBURING_[0-9.]+(?= \{)' "$1" | tr '\n' ' '; }
[ "$(count dropin/liburing.map)" = 83 ] || { echo "FAIL: liburing.map has $(count dropin/liburing.map) symbols, want 83"; rc=1; }
[ "$(count dropin/liburing-ffi.map)" = 223 ] || { echo "FAIL: liburing-ffi.map has $(count dropin/liburing-ffi.map) symbols, want 223"; rc=1; }
want="$(for i in $(seq 0 15); do printf 'LIBURING_2.%d ' "$i"; done)"
[ "$(nodes dropin/liburing.map)" = "$want" ] || { echo "FAIL: liburing.map nodes: $(nodes dropin/liburing.map)"; rc=1; }
want="$(for i in $(seq 4 16); do printf 'LIBURING_2.%d ' "$i"; done)"
[ "$(nodes dropin/liburing-ffi.map)" = "$want" ] || { echo "FAIL: liburing-ffi.map nodes: $(nodes dropin/liburing-ffi.map)"; rc=1; }
[ $rc = 0 ] && echo "version scripts in sync: 83 + 223 symbols"
exit $rc
