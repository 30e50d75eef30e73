#!/bin/bash
# A privileged program ignores every URING_RS_* variable (issue 21). A library installed
# system-wide runs inside set-user-ID and set-group-ID programs, where the user who sets the
# environment is not the one whose privileges the program holds: URING_RS_TRACE=PATH,
# URING_RS_STATS=PATH or URING_RS_CHECK=PATH would make it create or append to PATH with the
# program's privileges (and checking would also rewrite the program's GOT).
#
# ctests/tools/secure_ring.c (one NOP, and a completion seen twice for the checker to find), linked with -luring_rs and, as a Debian program would
# be, against the system's liburing.h on our drop-in liburing.so.2, is installed set-user-ID
# root and set-group-ID daemon, then run by nobody with each variable naming a file only the
# privileged user or group may write, a path to create in a directory only they may write, and
# stderr. The file stays unchanged, nothing is created, nothing is printed, and the tracing
# object liburing_rs_trace.so.0 is not even loaded. The same binaries without the bits, run by
# nobody, do load it and trace, so the test would see tracing if it happened.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
skip() { echo "skip: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root to make set-user-ID and set-group-ID programs"
command -v setpriv >/dev/null || skip "setpriv (util-linux) not installed"
getent group daemon >/dev/null && id nobody >/dev/null 2>&1 || skip "no user nobody or group daemon"
[ -f /usr/include/liburing.h ] || fail "the system's liburing.h is missing (bash .ci/deps installs liburing-dev)"
ls target/release/liburing_rs.so.0 target/dropin/liburing.so.2 >/dev/null || fail "run make first"

# /tmp, not target/: every directory on the way must be searchable by nobody
dir=$(mktemp -d /tmp/uring-rs-secure.XXXXXX) || exit 1
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
findmnt -no OPTIONS -T "$dir" | grep -qw nosuid && skip "$dir is on a nosuid filesystem"
mkdir "$dir/release" "$dir/dropin" "$dir/u" "$dir/g"
# the libraries with the tracing object they load from their own directory (the drop-ins' is a
# relative link to release/, as in the tree)
cp -P target/release/liburing_rs*.so* "$dir/release/" && cp -P target/dropin/*.so* "$dir/dropin/" || exit 1
[ -e "$dir/dropin/liburing_rs_trace.so.0" ] || fail "no liburing_rs_trace.so.0 beside the drop-ins"
CFLAGS="-std=gnu11 -O2 -Wall -Wextra -Werror"
cc $CFLAGS -I"$ROOT/include" -o "$dir/rs" ctests/tools/secure_ring.c \
	-L"$dir/release" -luring_rs -Wl,-rpath,"$dir/release" || fail "build against -luring_rs"
cc $CFLAGS -o "$dir/dropin-prog" ctests/tools/secure_ring.c \
	-L"$dir/dropin" -luring -Wl,-rpath,"$dir/dropin" || fail "build against the drop-in"
readelf -dW "$dir/dropin-prog" | grep -q 'NEEDED.*\[liburing\.so\.2\]' || fail "dropin-prog does not need liburing.so.2"

# $dir/u: only root may write; $dir/g: only root and group daemon
chmod 755 "$dir/u"; chgrp daemon "$dir/g"; chmod 775 "$dir/g"
for lib in rs dropin-prog; do
	install -m 4755 -o root -g root "$dir/$lib" "$dir/$lib.suid"
	install -m 2755 -o root -g daemon "$dir/$lib" "$dir/$lib.sgid"
done
: > "$dir/u/victim" && chmod 600 "$dir/u/victim"
: > "$dir/g/victim" && chgrp daemon "$dir/g/victim" && chmod 660 "$dir/g/victim"
echo original > "$dir/u/victim"; echo original > "$dir/g/victim"

checks=0
# $1 program, $2 the directory its privilege may write; runs it as nobody under each variable
privileged_runs() {
	local prog=$1 d=$2 var value out
	for var in URING_RS_TRACE URING_RS_STATS URING_RS_CHECK; do
		for value in "$d/victim" "$d/created" 1; do
			out=$(env -u URING_RS_TRACE -u URING_RS_STATS -u URING_RS_CHECK "$var=$value" URING_RS_TRACE_FORMAT=json \
				setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$prog" mistake 2>"$dir/stderr") ||
				fail "$prog as nobody with $var=$value: exit $? ($(cat "$dir/stderr"))"
			[ "$out" = "secure=1 trace_object=0" ] || fail "$prog as nobody: $out, want secure=1 trace_object=0"
			[ -s "$dir/stderr" ] && fail "$prog with $var=$value printed: $(cat "$dir/stderr")"
			[ "$(cat "$d/victim")" = original ] || fail "$prog with $var=$value wrote to $d/victim: $(cat "$d/victim")"
			[ -e "$d/created" ] && fail "$prog with $var=$value created $d/created"
			checks=$((checks + 1))
		done
	done
	echo "ok: $prog as nobody: URING_RS_TRACE, URING_RS_STATS and URING_RS_CHECK (file, new path, stderr) ignored, nothing loaded"
}
for lib in rs dropin-prog; do
	privileged_runs "$dir/$lib.suid" "$dir/u"
	privileged_runs "$dir/$lib.sgid" "$dir/g"
done
[ "$checks" = 36 ] || fail "$checks privileged runs checked, want 36"

# The control: the same binaries without the bits, run by nobody (not secure), do trace
# into a directory of nobody's, and complain about the file they may not write.
mkdir "$dir/n" && chown nobody "$dir/n"
for lib in rs dropin-prog; do
	out=$(URING_RS_TRACE="$dir/n/created" setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$dir/$lib") ||
		fail "$lib as nobody"
	[ "$out" = "secure=0 trace_object=1" ] || fail "$lib as nobody: $out, want secure=0 trace_object=1"
	grep -q ' sqe NOP user_data=0x7' "$dir/n/created" || fail "$lib did not trace: $(cat "$dir/n/created" 2>&1)"
	rm -f "$dir/n/created"
	out=$(URING_RS_CHECK="$dir/n/created" setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$dir/$lib" mistake) ||
		fail "$lib as nobody, checked"
	[ "$out" = "secure=0 trace_object=1" ] || fail "$lib as nobody, checked: $out, want secure=0 trace_object=1"
	grep -q ' seen-past-tail ' "$dir/n/created" || fail "$lib was not checked: $(cat "$dir/n/created" 2>&1)"
	rm -f "$dir/n/created"
	URING_RS_STATS="$dir/u/victim" setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$dir/$lib" \
		>/dev/null 2>"$dir/stderr" || fail "$lib as nobody with an unwritable URING_RS_STATS"
	grep -q "URING_RS_STATS=$dir/u/victim: cannot open" "$dir/stderr" || fail "$lib did not report the unwritable file: $(cat "$dir/stderr")"
done
echo "ok: the same programs without set-ID bits trace and check, and report a file they may not write"
