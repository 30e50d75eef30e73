#!/bin/bash
# bin/uring-rs-trace on an unmodified program: Debian's qemu-img (built against liburing 2.3)
# run through it shows every READV/WRITEV (or READ/WRITE) of `qemu-img bench` with its size
# and result, and the summary counts them; -s prints only the summary; -j JSON lines. A
# set-group-ID program is run as the loader allows (untraced, with a note), when the test
# can make one (as root, on a filesystem without nosuid). `make install` installs the command.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
TRACE=$ROOT/bin/uring-rs-trace
dir=${TEST_TMPDIR:-$ROOT/target/test-tmp}/trace-command
skip() { echo "skip: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
[ -f target/dropin/liburing.so.2 ] || fail "target/dropin/liburing.so.2 not built (run make)"
QEMU_IMG=$(command -v qemu-img) || skip "qemu-img not installed (apt-get install -y qemu-utils)"
readelf -dW "$QEMU_IMG" | grep -q 'NEEDED.*\[liburing\.so\.2\]' || skip "$QEMU_IMG is not linked with liburing.so.2"
rm -rf "$dir" && mkdir -p "$dir" || exit 1
img=$dir/scratch.img
trap 'rm -f "$img"' EXIT
"$QEMU_IMG" create -q -f raw "$img" 16M || fail "qemu-img create"
cache=none
"$QEMU_IMG" bench -q -f raw -t none -c 1 "$img" >/dev/null 2>&1 || cache=writeback
count=300

# $1: r or w; checks the trace and summary of one bench run
bench() {
	local kind=$1 log=$dir/$1.trace ops flag=
	[ "$kind" = w ] && flag=-w
	echo "\$ bin/uring-rs-trace -S -o $log -- qemu-img bench -f raw -t $cache -i io_uring $flag -c $count -d 8 -s 4k"
	"$TRACE" -S -o "$log" -- "$QEMU_IMG" bench -f raw -t $cache -i io_uring $flag -c $count -d 8 -s 4k "$img" \
		> "$dir/$kind.out" 2>&1 || { cat "$dir/$kind.out"; fail "qemu-img bench $flag failed"; }
	grep -qiE 'falling back|Unable to use' "$dir/$kind.out" && fail "qemu did not use io_uring: $(cat "$dir/$kind.out")"
	head -n 4 "$log" | sed 's/^/    /'
	if [ "$kind" = r ]; then ops='READV|READ'; else ops='WRITEV|WRITE'; fi
	local sqes cqes bad
	sqes=$(grep -cE " sqe ($ops) fd=[0-9]+ off=[0-9]+ (iov=1 bytes=4096|len=4096) " "$log")
	cqes=$(grep -cE " cqe ($ops) res=4096 " "$log")
	bad=$(grep -E " (sqe|cqe) " "$log" | grep -vE " (sqe|cqe) ($ops|FSYNC) " | head -n 3)
	[ -z "$bad" ] || fail "unexpected operations: $bad"
	[ "$sqes" = $count ] && [ "$cqes" = $count ] || fail "$sqes 4 KiB submissions and $cqes 4096-byte completions, want $count"
	# every offset is a multiple of 4 KiB inside the 16 MiB image
	grep -E " sqe ($ops) " "$log" | grep -oE 'off=[0-9]+' | cut -d= -f2 |
		awk '$1 % 4096 || $1 >= 16777216 { bad++ } END { exit bad > 0 }' || fail "an offset is not 4 KiB-aligned inside the image"
	sed -n '/^uring-rs: io_uring operations/,$p' "$log" | sed 's/^/    /'
	grep -qE "^($ops) +$count +$count +0 " "$log" || fail "the summary does not count $count $ops operations"
}
bench r
bench w

# -s: the summary alone; -j: JSON lines
"$TRACE" -s -o "$dir/s.trace" -- "$QEMU_IMG" bench -q -f raw -t $cache -i io_uring -c 50 -d 4 -s 4k "$img" || fail "-s run"
grep -q ' sqe \| cqe ' "$dir/s.trace" && fail "-s printed trace lines"
grep -qE '^total +50 +50 +0 ' "$dir/s.trace" || fail "-s: no summary of 50 operations: $(cat "$dir/s.trace")"
"$TRACE" -j -o "$dir/j.trace" -- "$QEMU_IMG" bench -q -f raw -t $cache -i io_uring -c 50 -d 4 -s 4k "$img" || fail "-j run"
n=$(grep -cE '^\{"t":[0-9.]+,"pid":[0-9]+,"ring":[0-9]+,"ev":"cqe","op":"READV?","res":4096,' "$dir/j.trace")
[ "$n" = 50 ] || fail "-j: $n JSON completion lines, want 50"
echo "-s and -j: ok"

# a set-group-ID program: the loader ignores LD_LIBRARY_PATH, so it runs untraced
if [ "$(id -u)" = 0 ] && getent group nogroup >/dev/null && [ -f /usr/include/liburing.h ] &&
	! findmnt -no OPTIONS --target "$dir" 2>/dev/null | grep -q nosuid; then
	${CC:-cc} -O2 -D_GNU_SOURCE -o "$dir/sgid" ctests/dropin/basic.c -luring || fail "cannot build ctests/dropin/basic.c"
	chgrp nogroup "$dir/sgid" && chmod g+s "$dir/sgid" || fail "chmod g+s"
	"$TRACE" -o "$dir/sgid.trace" -- "$dir/sgid" "$dir" > "$dir/sgid.out" 2> "$dir/sgid.err" || fail "the set-group-ID program failed: $(cat "$dir/sgid.err")"
	grep -q 'set-user-ID or set-group-ID' "$dir/sgid.err" || fail "no note about the set-group-ID program"
	[ ! -s "$dir/sgid.trace" ] || fail "a set-group-ID program was traced: the loader honoured LD_LIBRARY_PATH?"
	grep -q "^map: .*/usr/lib" "$dir/sgid.out" || fail "the set-group-ID program did not run on the system liburing: $(grep map: "$dir/sgid.out")"
	echo "set-group-ID program: ran untraced on $(grep '^map: ' "$dir/sgid.out")"
else
	echo "note: the set-group-ID check needs root, group nogroup, the system liburing header and a suid mount"
fi

# `make install` puts the command in $(BINDIR), pointing at the installed drop-ins
prefix=$dir/prefix
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s install PREFIX="$prefix" > "$dir/install.log" 2>&1 ||
	{ tail -n 20 "$dir/install.log"; fail "make install failed"; }
[ -x "$prefix/bin/uring-rs-trace" ] || fail "make install did not install bin/uring-rs-trace"
"$prefix/bin/uring-rs-trace" -s -o "$dir/inst.trace" -- "$QEMU_IMG" bench -q -f raw -t $cache -i io_uring -c 20 -d 4 -s 4k "$img" ||
	fail "the installed uring-rs-trace failed"
grep -qE '^total +20 +20 +0 ' "$dir/inst.trace" || fail "installed uring-rs-trace: no summary: $(cat "$dir/inst.trace")"
echo "installed $prefix/bin/uring-rs-trace: ok"
