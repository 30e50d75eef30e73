#!/bin/bash
# `make install PREFIX=/tmp/x DESTDIR=...` puts the drop-ins in $(PREFIX)/lib/uring-rs/ (their
# own directory: nothing named liburing* lands in $(PREFIX)/lib itself), with the .so symlinks
# and pkg-config files liburing.pc / liburing-ffi.pc pointing there; then
#   - a program built against the system liburing runs on the installed drop-in with
#     LD_LIBRARY_PATH=<that dir> (maps show the installed file; output as on the system library);
#   - a program built with `pkg-config --cflags --libs liburing` (system header, installed
#     drop-in) and one with `pkg-config --cflags --libs liburing-ffi` (uring-rs's installed
#     header) link and run.
# The installed drop-ins are the built ones, stripped.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
CC=${CC:-cc}
skip() { echo "skip: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
command -v pkg-config >/dev/null || skip "pkg-config not installed"
[ -f /usr/include/liburing.h ] || skip "no system liburing header (apt-get install liburing-dev)"
tmp=$(mktemp -d "${TEST_TMPDIR:-/tmp}/dropin-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest prefix=/tmp/x
inst=$dest$prefix/lib/uring-rs

echo "\$ make install PREFIX=$prefix DESTDIR=$dest"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s install PREFIX=$prefix DESTDIR="$dest" \
	> "$tmp/make.log" 2>&1 || { tail -n 30 "$tmp/make.log"; fail "make install failed"; }
(cd "$dest" && find . \( -type f -o -type l \) | sort | sed 's/^/    /')

for n in liburing liburing-ffi; do
	[ -f "$inst/$n.so.2" ] || fail "$inst/$n.so.2 not installed"
	strip -o "$tmp/$n.stripped" "target/dropin/$n.so.2" || fail "strip target/dropin/$n.so.2"
	cmp -s "$inst/$n.so.2" "$tmp/$n.stripped" || fail "$inst/$n.so.2 is not target/dropin/$n.so.2 stripped"
	[ "$(readlink "$inst/$n.so")" = "$n.so.2" ] || fail "$inst/$n.so is not a symlink to $n.so.2"
	[ -f "$inst/pkgconfig/$n.pc" ] || fail "$inst/pkgconfig/$n.pc not installed"
done
shadow=$(find "$dest$prefix/lib" -maxdepth 1 -name 'liburing.so*' -o -maxdepth 1 -name 'liburing-ffi.so*')
[ -z "$shadow" ] || fail "installed into the library directory itself (would shadow the system liburing): $shadow"

export PKG_CONFIG_PATH=$inst/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest
libdir=$(PKG_CONFIG_SYSROOT_DIR= pkg-config --variable=libdir liburing)
[ "$libdir" = "$prefix/lib/uring-rs" ] || fail "liburing.pc libdir is '$libdir', want $prefix/lib/uring-rs"
echo "pkg-config liburing: $(pkg-config --modversion liburing) $(pkg-config --libs liburing)"
echo "pkg-config liburing-ffi: $(pkg-config --modversion liburing-ffi) $(pkg-config --cflags --libs liburing-ffi)"

maps_of() { grep '^map: ' "$1" | sed 's/^map: //'; }
# 1. a binary built against the system liburing, run on the installed drop-in
env -u CPATH -u C_INCLUDE_PATH -u LIBRARY_PATH $CC -std=gnu11 -O2 -D_GNU_SOURCE -o "$tmp/basic" ctests/dropin/basic.c -luring ||
	fail "cannot build against the system liburing"
timeout 30 "$tmp/basic" "$tmp" > "$tmp/system.out" 2>&1 || { cat "$tmp/system.out"; fail "fails on the system liburing"; }
LD_LIBRARY_PATH=$inst timeout 30 "$tmp/basic" "$tmp" > "$tmp/inst.out" 2>&1 || { cat "$tmp/inst.out"; fail "fails on the installed drop-in"; }
[ "$(maps_of "$tmp/inst.out")" = "$(realpath "$inst/liburing.so.2")" ] ||
	fail "LD_LIBRARY_PATH=$inst did not map the installed drop-in: $(maps_of "$tmp/inst.out")"
diff <(grep -v '^map: ' "$tmp/system.out") <(grep -v '^map: ' "$tmp/inst.out") || fail "output differs from the system library's"
echo "ok: system-built program on $inst: same output"

# 2. built with liburing.pc: the system header, linked with the installed drop-in
env -u CPATH -u C_INCLUDE_PATH -u LIBRARY_PATH $CC -std=gnu11 -O2 -D_GNU_SOURCE -o "$tmp/foreach" ctests/dropin/foreach.c \
	$(pkg-config --libs liburing) || fail "cannot link with pkg-config --libs liburing"
LD_LIBRARY_PATH=$inst timeout 30 "$tmp/foreach" > "$tmp/foreach.out" 2>&1 || { cat "$tmp/foreach.out"; fail "liburing.pc-built program fails"; }
[ "$(maps_of "$tmp/foreach.out")" = "$(realpath "$inst/liburing.so.2")" ] || fail "liburing.pc-built program did not map the drop-in"
echo "ok: built with pkg-config liburing, runs on the installed drop-in"

# 3. built with liburing-ffi.pc: uring-rs's own installed header, every helper from liburing-ffi.so.2
env -u CPATH -u C_INCLUDE_PATH -u LIBRARY_PATH $CC -std=gnu11 -O2 -D_GNU_SOURCE -Ictests -o "$tmp/ffi_nop" ctests/core_nop.c \
	$(pkg-config --cflags --libs liburing-ffi) > "$tmp/ffi.log" 2>&1 || { tail -n 20 "$tmp/ffi.log"; fail "cannot build with pkg-config liburing-ffi"; }
readelf -dW "$tmp/ffi_nop" | grep -q 'NEEDED.*\[liburing-ffi\.so\.2\]' || fail "ffi program does not need liburing-ffi.so.2"
LD_LIBRARY_PATH=$inst timeout 30 "$tmp/ffi_nop" > "$tmp/ffi.out" 2>&1 || { cat "$tmp/ffi.out"; fail "liburing-ffi.pc-built program fails"; }
echo "ok: built with pkg-config liburing-ffi (uring-rs header), runs on the installed liburing-ffi.so.2"
