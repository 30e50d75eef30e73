#!/bin/bash
# ABI layout check: ctests/layout_dump.c (offsets and sizes of every field of the public ring,
# SQE, CQE and params structs that liburing 2.3 and 2.15 share, and the shared constants) is
# compiled once against Debian's liburing-dev header (/usr/include/liburing.h, 2.3) and once
# against ours (include/liburing.h); the two outputs must be identical.
# Skips when /usr/include/liburing.h is absent (apt install liburing-dev).
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
CC=${CC:-cc}
[ -f /usr/include/liburing.h ] || { echo "skip: /usr/include/liburing.h absent (apt install liburing-dev)"; exit 77; }
TMP=${TEST_TMPDIR:-/tmp}/layout_compare.$$
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
FLAGS=(-std=gnu11 -O0 -Wall -Wextra -Werror -D_GNU_SOURCE)
# Debian's header: /usr/include first (no -I for ours). No library needed: nothing is called.
$CC "${FLAGS[@]}" -o "$TMP/theirs" "$ROOT/ctests/layout_dump.c" || { echo "compile against /usr/include failed"; exit 1; }
$CC "${FLAGS[@]}" -I"$ROOT/include" -o "$TMP/ours" "$ROOT/ctests/layout_dump.c" || { echo "compile against ours failed"; exit 1; }
"$TMP/theirs" > "$TMP/theirs.txt" || exit 1
"$TMP/ours" > "$TMP/ours.txt" || exit 1
lines=$(wc -l < "$TMP/ours.txt")
[ "$lines" -gt 150 ] || { echo "suspiciously short dump ($lines lines)"; exit 1; }
if ! diff -u "$TMP/theirs.txt" "$TMP/ours.txt"; then
	echo "layout differs between liburing 2.3 (---) and uring-rs (+++)"
	exit 1
fi
echo "identical: $lines lines"
