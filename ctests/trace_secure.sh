#!/bin/bash
# A privileged program never loads the tracing object (issue 21). A set-user-ID program and a
# set-group-ID program, built with -luring_rs (the tree's library, through their RUNPATH, which
# the loader honours in secure mode), are run by `nobody` with URING_RS_TRACE and URING_RS_STATS
# naming files in a directory nobody may write to: the kernel sets AT_SECURE for them, so the
# library ignores every URING_RS_* variable. The test asserts that liburing_rs_trace.so.0 is not
# mapped, nothing is created, and nothing is printed. The same program without the bit, run by
# the same user with the variables naming a directory of its own, does load it and summarise:
# the variables themselves work. Needs root (to make the programs and switch user) and a
# filesystem without nosuid.
set -u
cd "$(dirname "$0")/.." || exit 1
skip() { echo "skip: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root"
command -v setpriv >/dev/null || skip "setpriv not installed"
getent passwd nobody >/dev/null && getent group nogroup >/dev/null || skip "no user nobody or group nogroup"
[ -e target/release/liburing_rs_trace.so.0 ] || fail "target/release/liburing_rs_trace.so.0 not built (run make)"
dir=$(mktemp -d "${TEST_TMPDIR:-/tmp}/trace-secure.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
findmnt -no OPTIONS --target "$dir" | grep -qw nosuid && skip "$dir is on a nosuid filesystem"
chmod 755 "$dir"
${CC:-cc} -std=gnu11 -O2 -Wall -Werror -Iinclude -o "$dir/prog" ctests/install/installed.c \
	-L"$PWD/target/release" -luring_rs -Wl,-rpath,"$PWD/target/release" || fail "cannot build the program"
lib=$(realpath target/release/liburing_rs.so.0) tso=$(realpath target/release/liburing_rs_trace.so.0)
priv=$dir/priv && mkdir "$priv" && chmod 755 "$priv" # root's: nobody may not write here
own=$dir/own && mkdir "$own" && chown nobody:nogroup "$own"
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }

# $1: label; $2: the program. Asserts the secure run loaded and wrote nothing.
secure_run() {
	as_nobody env URING_RS_TRACE="$priv/trace" URING_RS_STATS="$priv/stats" URING_RS_TRACE_FORMAT=json \
		"$2" > "$dir/$1.out" 2> "$dir/$1.err" || fail "$1: the program failed: $(cat "$dir/$1.err")"
	grep -qx "map: $lib" "$dir/$1.out" || fail "$1: not run on $lib: $(cat "$dir/$1.out")"
	grep -q liburing_rs_trace "$dir/$1.out" && fail "$1: the tracing object was loaded in a secure process"
	[ ! -s "$dir/$1.err" ] || fail "$1: printed on stderr: $(cat "$dir/$1.err")"
	[ -z "$(ls -A "$priv")" ] || fail "$1: created $(ls -A "$priv")"
	echo "ok: $1 run by nobody with URING_RS_TRACE/STATS set: ran on $lib, loaded nothing more, created and printed nothing"
}
cp "$dir/prog" "$dir/suid" && chmod 4755 "$dir/suid" || fail "chmod u+s"
secure_run set-user-ID "$dir/suid"
cp "$dir/prog" "$dir/sgid" && chgrp root "$dir/sgid" && chmod 2755 "$dir/sgid" || fail "chmod g+s"
secure_run set-group-ID "$dir/sgid"

# the control: no privilege, the same variables (in its own directory) work
as_nobody env URING_RS_STATS="$own/stats" "$dir/prog" > "$dir/plain.out" 2>&1 || fail "the plain program failed: $(cat "$dir/plain.out")"
grep -qx "map: $tso" "$dir/plain.out" || fail "the unprivileged program did not load $tso: $(cat "$dir/plain.out")"
grep -qE '^NOP +1 +1 +0 ' "$own/stats" || fail "the unprivileged program wrote no summary: $(cat "$own/stats" 2>&1)"
echo "ok: the same program without the bits, by nobody: loaded $tso and summarised its NOP"
