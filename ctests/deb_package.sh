#!/bin/bash
# The Debian packages (issue 21, `make deb`): built with dpkg-buildpackage and debhelper,
# lintian-clean (make deb fails on any error or warning), installed with dpkg -i beside
# Debian's liburing2 and liburing-dev without replacing, diverting or conflicting with them,
# used as a user would (a C program built with pkg-config --cflags --libs liburing_rs; a
# program built against Debian's liburing run through uring-rs-trace; the manual pages), then
# purged, leaving nothing of theirs and Debian's liburing files as they were.
# ctest-timeout: 900
set -u
cd "$(dirname "$0")/.." || exit 1
skip() { echo "skip: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root to install packages"
for t in dpkg-buildpackage dh lintian pkg-config man; do
	command -v $t >/dev/null || skip "$t not installed (bash .ci/deps installs dpkg-dev, debhelper, lintian)"
done
debian_libs="liburing2:$(dpkg --print-architecture) liburing-dev:$(dpkg --print-architecture)"
for p in $debian_libs; do
	dpkg -s $p >/dev/null 2>&1 || fail "Debian's $p is not installed (bash .ci/deps)"
done
pkgs="liburing-rs0 liburing-rs-dev uring-rs-dropin"
for p in $pkgs; do
	dpkg -s $p >/dev/null 2>&1 && fail "$p is already installed: this test installs and purges it"
done
tmp=$(mktemp -d) || exit 1
trap 'dpkg --purge $pkgs >/dev/null 2>&1; rm -rf "$tmp"' EXIT

make --no-print-directory deb > "$tmp/deb.log" 2>&1 || { tail -n 30 "$tmp/deb.log"; fail "make deb"; }
grep -A3 '^lintian' "$tmp/deb.log" | sed 's/^/    /'
debs=()
for p in $pkgs; do
	f=$(ls target/deb/${p}_*.deb 2>/dev/null) || fail "no $p package"
	debs+=("$f")
	for field in Replaces Conflicts Breaks Provides; do
		v=$(dpkg-deb -f "$f" $field)
		[ -z "$v" ] || fail "$p: $field: $v"
	done
	dpkg-deb --ctrl-tarfile "$f" | tar -xOf - 2>/dev/null | grep -q dpkg-divert && fail "$p diverts a file"
done
echo "ok: make deb: ${debs[*]##*/}; lintian: no error or warning; no Replaces, Conflicts, Breaks, Provides or diversion"
dpkg --verify $debian_libs > "$tmp/verify.before" 2>&1

dpkg -i "${debs[@]}" > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "dpkg -i"; }
for p in $pkgs; do dpkg -L $p; done | sort -u > "$tmp/files"
for p in $debian_libs; do
	[ "$(dpkg-query -W -f='${db:Status-Status}' $p)" = installed ] || fail "installing ours removed $p"
done
echo "ok: dpkg -i beside liburing2 and liburing-dev ($(wc -l < "$tmp/files") paths)"

# a program of uring-rs's, through pkg-config alone, served by the packaged library
cflags=$(pkg-config --cflags liburing_rs) && libs=$(pkg-config --libs liburing_rs) || fail "pkg-config liburing_rs"
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
cc -std=gnu11 -O2 -Wall -Werror -o "$tmp/installed" ctests/install/installed.c $cflags $libs || fail "build with pkg-config"
env -u LD_LIBRARY_PATH "$tmp/installed" > "$tmp/run.out" || { cat "$tmp/run.out"; fail "the pkg-config program"; }
grep -q "map: /usr/lib/$multiarch/liburing_rs.so.0" "$tmp/run.out" || fail "not served by the package: $(cat "$tmp/run.out")"
echo "ok: cc \$(pkg-config --cflags --libs liburing_rs) ($cflags $libs): a NOP, on /usr/lib/$multiarch/liburing_rs.so.0"

# a program built against Debian's liburing, traced on the packaged drop-in
cc -std=gnu11 -O2 -Wall -Werror -o "$tmp/debian-prog" ctests/tools/secure_ring.c -luring || fail "build against Debian's liburing"
env -u LD_LIBRARY_PATH "$tmp/debian-prog" > /dev/null || fail "the program on Debian's liburing"
uring-rs-trace -o "$tmp/trace" -- "$tmp/debian-prog" > /dev/null || fail "uring-rs-trace -- debian-prog"
grep -q ' sqe NOP user_data=0x7' "$tmp/trace" && grep -q ' cqe NOP res=0 user_data=0x7' "$tmp/trace" ||
	fail "uring-rs-trace printed no NOP: $(cat "$tmp/trace")"
echo "ok: uring-rs-trace runs a program built against Debian's liburing on /usr/lib/$multiarch/uring-rs"

# the pages: ours in section 3rs, liburing-dev's section 3 still its own
page=$(man -w 3rs io_uring_prep_read) || fail "man 3rs io_uring_prep_read"
[ "$page" = /usr/share/man/man3/io_uring_prep_read.3rs.gz ] || fail "man -w 3rs io_uring_prep_read: $page"
theirs=$(man -w 3 io_uring_prep_read)
dpkg -S "$theirs" | grep -q '^liburing-dev:' || fail "man 3 io_uring_prep_read is no longer liburing-dev's: $theirs"
man 3rs io_uring_prep_write 2>&1 | grep -q 'uring-rs Manual' || fail "man 3rs io_uring_prep_write (a .so link)"
for p in uring-rs-trace uring-rs; do man -w $p > /dev/null || fail "man $p"; done
echo "ok: man 3rs io_uring_prep_read is ours, man 3 io_uring_prep_read liburing-dev's; man uring-rs-trace, man uring-rs"

dpkg --purge $pkgs > "$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log"; fail "dpkg --purge"; }
for p in $pkgs; do
	[ "$(dpkg-query -W -f='${db:Status-Status}' $p 2>/dev/null)" = installed ] && fail "$p still installed"
done
left=$(while read -r f; do [ -e "$f" ] && [ ! -d "$f" ] && echo "$f"; done < "$tmp/files")
[ -z "$left" ] || fail "left after purge: $left"
for d in /usr/include/uring-rs /usr/lib/$multiarch/uring-rs /usr/share/doc/liburing-rs0; do
	[ -e "$d" ] && fail "left after purge: $d"
done
dpkg --verify $debian_libs > "$tmp/verify.after" 2>&1
cmp -s "$tmp/verify.before" "$tmp/verify.after" || fail "Debian's liburing files changed: $(cat "$tmp/verify.after")"
echo "ok: dpkg --purge leaves nothing of ours; liburing2 and liburing-dev verify as before"
