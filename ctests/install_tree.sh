#!/bin/bash
# `make install DESTDIR=$tmp PREFIX=/usr` lays out what a distribution would ship:
#   - usr/lib/liburing_rs.so.VERSION with SONAME liburing_rs.so.MAJOR, the links .so.MAJOR and
#     .so; it and the drop-ins stripped; it exports the functions liburing.h declares and
#     nothing else (no Rust internals);
#   - the headers in usr/include/uring-rs/ and nothing named liburing* in usr/include itself
#     (installing never changes what a program built against the system liburing compiles);
#   - usr/lib/pkgconfig/liburing_rs.pc pointing at them;
#   - usr/share/man/man3: a page or .so link for every page of target/clib/man; man7/uring-rs.7;
#     man1/uring-rs-trace.1;
#   - usr/bin/uring-rs-trace, pointing at the installed drop-ins;
#   - each library (liburing_rs.so, the drop-ins) at most 64 KiB of text and needing only libc
#     and the loader (issue 21); tracing in usr/lib/liburing_rs_trace.so.0, exporting its hook
#     table only, with a relative link to it beside the drop-ins in usr/lib/uring-rs.
# Then a C program is built through that tree only (pkg-config with PKG_CONFIG_SYSROOT_DIR and
# PKG_CONFIG_LIBDIR) and run on the installed library: without the variables it loads nothing
# more; with URING_RS_STATS the library loads the installed tracing object and the summary
# counts its NOP. A program built against the system liburing, run on the installed drop-in,
# is traced the same way.
set -u
cd "$(dirname "$0")/.." || exit 1
CC=${CC:-cc}
skip() { echo "skip: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
command -v pkg-config >/dev/null || skip "pkg-config not installed"
tmp=$(mktemp -d "${TEST_TMPDIR:-/tmp}/install-tree.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest

echo "\$ make install DESTDIR=$dest PREFIX=/usr"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s install PREFIX=/usr DESTDIR="$dest" \
	> "$tmp/make.log" 2>&1 || { tail -n 30 "$tmp/make.log"; fail "make install failed"; }
(cd "$dest" && find . \( -type f -o -type l \) ! -path './usr/share/man/*' | sort | sed 's/^/    /')

lib=$dest/usr/lib
real=$(cd "$lib" && ls liburing_rs.so.*.*.* 2>/dev/null)
[ -n "$real" ] && [ -f "$lib/$real" ] || fail "no versioned liburing_rs.so.X.Y.Z in $lib"
soname=$(readelf -dW "$lib/$real" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "liburing_rs.so.${real#liburing_rs.so.}" ] && fail "SONAME carries the full version: $soname"
[[ $soname == liburing_rs.so.[0-9]* ]] || fail "SONAME is '$soname'"
[ "$(readlink "$lib/$soname")" = "$real" ] || fail "$soname is not a link to $real"
[ "$(readlink "$lib/liburing_rs.so")" = "$soname" ] || fail "liburing_rs.so is not a link to $soname"
for f in "$lib/$real" "$lib"/uring-rs/*.so.2; do
	readelf -SW "$f" | grep -Eq ' \.(symtab|debug_info) ' && fail "$f is not stripped"
done
readelf -SW "$lib/liburing_rs.a" | grep -q ' \.debug_info ' && fail "liburing_rs.a carries debug info"
nm -D --defined-only "$lib/$real" | awk '{print $3}' | sort > "$tmp/exported"
sed -n 's/^\t\([A-Za-z_0-9]*\);$/\1/p' target/clib/liburing_rs.map | sort > "$tmp/api"
[ -s "$tmp/api" ] || fail "target/clib/liburing_rs.map lists no function"
diff "$tmp/api" "$tmp/exported" > "$tmp/diff" || { head -n 20 "$tmp/diff"; fail "exports differ from the C API"; }
echo "ok: $real, SONAME $soname, links, stripped, exports the $(wc -l < "$tmp/api") functions of the C API only"

for f in "$lib/$real" "$lib"/uring-rs/*.so.2; do
	text=$(size "$f" | awk 'NR == 2 { print $1 }')
	[ "$text" -le 65536 ] || fail "$f: $text bytes of text, more than 64 KiB"
	needed=$(readelf -dW "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
	for n in $needed; do
		[[ $n == libc.so.* || $n == ld-linux* ]] || fail "$f needs $n (only libc and the loader allowed)"
	done
	echo "ok: ${f#$dest/}: $(stat -c %s "$f") bytes, $text of text, NEEDED $needed"
done
tso=$lib/liburing_rs_trace.so.0
[ -f "$tso" ] && [ ! -L "$tso" ] || fail "usr/lib/liburing_rs_trace.so.0 not installed"
readelf -SW "$tso" | grep -Eq ' \.(symtab|debug_info) ' && fail "$tso is not stripped"
[ "$(nm -D --defined-only "$tso" | awk '{print $3}')" = uring_rs_trace_plugin ] ||
	fail "$tso exports more or other than uring_rs_trace_plugin: $(nm -D --defined-only "$tso" | head -n 5)"
[ "$(readlink "$lib/uring-rs/liburing_rs_trace.so.0")" = ../liburing_rs_trace.so.0 ] ||
	fail "usr/lib/uring-rs/liburing_rs_trace.so.0 is not a relative link to the library's"
echo "ok: usr/lib/liburing_rs_trace.so.0 (hook table only), linked from usr/lib/uring-rs"

for h in $(cd include && find . -name '*.h'); do
	cmp -s "include/$h" "$dest/usr/include/uring-rs/$h" || fail "include/$h not installed as usr/include/uring-rs/$h"
done
shadow=$(find "$dest/usr/include" -maxdepth 1 -name 'liburing*')
[ -z "$shadow" ] || fail "installed into usr/include itself (would shadow the system liburing): $shadow"
echo "ok: headers in usr/include/uring-rs only"

for p in target/clib/man/man3/*.3; do
	cmp -s "$p" "$dest/usr/share/man/man3/$(basename "$p")" || fail "$(basename "$p") not installed in usr/share/man/man3"
done
[ -f "$dest/usr/share/man/man7/uring-rs.7" ] || fail "uring-rs.7 not installed"
cmp -s target/clib/man/man1/uring-rs-trace.1 "$dest/usr/share/man/man1/uring-rs-trace.1" || fail "uring-rs-trace.1 not installed"
echo "ok: $(ls "$dest/usr/share/man/man3" | wc -l) pages and links in man3, uring-rs.7 in man7, uring-rs-trace.1 in man1"
if command -v man >/dev/null; then
	for p in io_uring_queue_init io_uring_prep_write; do # a page and a .so link
		(cd "$dest/usr/share/man" && man --warnings -l man3/$p.3) > "$tmp/man.out" 2> "$tmp/man.err" || fail "man -l $p.3"
		[ ! -s "$tmp/man.err" ] || { cat "$tmp/man.err"; fail "man -l $p.3 warns"; }
		grep -q 'SYNOPSIS' "$tmp/man.out" || fail "man -l $p.3 rendered no SYNOPSIS"
	done
	echo "ok: man -l renders a page and a .so link"
fi

[ -x "$dest/usr/bin/uring-rs-trace" ] || fail "usr/bin/uring-rs-trace not installed"
"$dest/usr/bin/uring-rs-trace" -h | grep -q '^usage: uring-rs-trace' || fail "uring-rs-trace -h"
grep -q "^DROPIN_DIR='/usr/lib/uring-rs'" "$dest/usr/bin/uring-rs-trace" || fail "uring-rs-trace does not point at the installed drop-ins"
echo "ok: usr/bin/uring-rs-trace, pointing at usr/lib/uring-rs"

export PKG_CONFIG_SYSROOT_DIR=$dest PKG_CONFIG_LIBDIR=$lib/pkgconfig PKG_CONFIG_PATH=
cflags=$(pkg-config --cflags liburing_rs) && libs=$(pkg-config --libs liburing_rs) || fail "pkg-config liburing_rs"
cflags=${cflags% } libs=${libs% }
[ "$cflags" = "-I$dest/usr/include/uring-rs" ] || fail "pkg-config --cflags: '$cflags'"
echo "pkg-config liburing_rs: $cflags $libs"
env -u CPATH -u C_INCLUDE_PATH -u LIBRARY_PATH $CC -std=gnu11 -O2 -Wall -Werror -o "$tmp/installed" \
	ctests/install/installed.c $cflags $libs > "$tmp/cc.log" 2>&1 || { cat "$tmp/cc.log"; fail "cannot build through the installed tree"; }
readelf -dW "$tmp/installed" | grep -q "NEEDED.*\[$soname\]" || fail "the program does not need $soname"
LD_LIBRARY_PATH=$lib timeout 30 "$tmp/installed" > "$tmp/run.out" 2>&1 || { cat "$tmp/run.out"; fail "the program fails"; }
map=$(sed -n 's/^map: //p' "$tmp/run.out")
[ "$map" = "$(realpath "$lib/$real")" ] || fail "the program ran on '$map' (want the installed library and nothing else)"
echo "ok: built with pkg-config through the installed tree, ran on $map"

# tracing on demand: the installed library loads the installed tracing object
URING_RS_STATS=$tmp/stats LD_LIBRARY_PATH=$lib timeout 30 "$tmp/installed" > "$tmp/run.out" 2>&1 ||
	{ cat "$tmp/run.out"; fail "the program fails with URING_RS_STATS set"; }
grep -qx "map: $(realpath "$tso")" "$tmp/run.out" || fail "URING_RS_STATS: $tso not loaded: $(cat "$tmp/run.out")"
grep -qE '^NOP +1 +1 +0 ' "$tmp/stats" || fail "URING_RS_STATS: no summary of the NOP: $(cat "$tmp/stats" 2>&1)"
echo "ok: with URING_RS_STATS the installed library loaded $(realpath "$tso") and summarised the NOP"
if [ -f /usr/include/liburing.h ]; then
	$CC -O2 -D_GNU_SOURCE -o "$tmp/sysprog" ctests/dropin/basic.c -luring > "$tmp/cc.log" 2>&1 ||
		{ cat "$tmp/cc.log"; fail "cannot build ctests/dropin/basic.c against the system liburing"; }
	URING_RS_STATS=$tmp/dstats LD_LIBRARY_PATH=$lib/uring-rs timeout 30 "$tmp/sysprog" "$tmp" > "$tmp/drun.out" 2>&1 ||
		{ cat "$tmp/drun.out"; fail "a program of the system liburing fails on the installed drop-in"; }
	grep -q "^map: $lib/uring-rs/liburing.so.2" "$tmp/drun.out" || fail "not run on the installed drop-in: $(grep map: "$tmp/drun.out")"
	grep -qE '^total +[1-9]' "$tmp/dstats" || fail "the installed drop-in did not trace: $(cat "$tmp/dstats" 2>&1)"
	echo "ok: the installed drop-in loaded the tracing object beside it: $(grep -E '^total' "$tmp/dstats")"
fi
