#!/bin/bash
# Runs one drop-in test program (ctests/dropin/NAME.c) three ways and compares them:
#   1. on the system liburing (what it was built against);
#   2. with LD_LIBRARY_PATH=target/dropin  (uring-rs's liburing.so.2 found first);
#   3. with LD_PRELOAD=target/dropin/liburing.so.2.
# The program is compiled against the SYSTEM header (/usr/include/liburing.h, Debian 12:
# liburing 2.3) and linked with the system -luring, like any distro binary. Runs 2 and 3 must
# map only target/dropin/liburing.so.2 (the program prints its liburing mappings from
# /proc/self/maps as "map: PATH" lines) and print exactly what run 1 printed.
#
#   bash ctests/dropin/run-prog.sh NAME         exit 0 pass, 77 skip, else fail
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
name=$1
CC=${CC:-cc}
DROPIN=$ROOT/target/dropin
lib=$DROPIN/liburing.so.2
out=$ROOT/target/dropin-ctests
scratch=${TEST_TMPDIR:-$ROOT/target/test-tmp}
T=${DROPIN_PROG_TIMEOUT:-30}
skip() { echo "skip: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ -f /usr/include/liburing.h ] || skip "no system liburing header /usr/include/liburing.h (apt-get install liburing-dev)"
[ -f "$lib" ] || fail "$lib not built (run make)"
mkdir -p "$out" "$scratch" || exit 1
bin=$out/$name

# build against the system header and library only: no -I/-L of ours, no stray search paths
if [ ! -x "$bin" ] || [ "ctests/dropin/$name.c" -nt "$bin" ] || [ ctests/dropin/common.h -nt "$bin" ]; then
	env -u CPATH -u C_INCLUDE_PATH -u LIBRARY_PATH \
		$CC -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -o "$bin.tmp" "ctests/dropin/$name.c" -luring \
		|| fail "cannot build $name against the system liburing"
	mv -f "$bin.tmp" "$bin"
fi
readelf -dW "$bin" | grep -q 'NEEDED.*\[liburing\.so\.2\]' || fail "$bin does not need liburing.so.2"
echo "built $bin against /usr/include/liburing.h; imports:"
readelf --dyn-syms -W "$bin" | awk '$7 == "UND" && $8 ~ /uring/ { print "    " $8 }'

run() { # label, env assignments...  -> $scratch/$name.$label.{out,err}, returns the exit status
	local label=$1; shift
	env -u LD_PRELOAD -u LD_LIBRARY_PATH "$@" timeout --kill-after=5 "$T" "$bin" "$scratch" \
		>"$scratch/$name.$label.out" 2>"$scratch/$name.$label.err"
}
show() { sed 's/^/    | /' "$scratch/$name.$1.out" | tail -n 25; sed 's/^/    ! /' "$scratch/$name.$1.err" | tail -n 10; }

run system; rc=$?
if [ $rc = 77 ]; then skip "on the system library: $(tail -n1 "$scratch/$name.system.err")"; fi
if [ $rc != 0 ]; then show system; fail "$name fails (rc=$rc) on the system liburing: the test itself is broken here"; fi
sysmaps=$(grep '^map: ' "$scratch/$name.system.out")
echo "system run maps: ${sysmaps#map: }"
case $sysmaps in *"$DROPIN"*|"") fail "the system run did not map the system liburing";; esac

want="map: $(realpath "$lib")"
status=0
for mode in ld_library_path ld_preload; do
	if [ $mode = ld_library_path ]; then run $mode LD_LIBRARY_PATH="$DROPIN"; rc=$?
	else run $mode LD_PRELOAD="$lib"; rc=$?; fi
	if [ $rc != 0 ]; then
		echo "FAIL [$mode]: exit status $rc on the drop-in (system: 0)"; show $mode; status=1; continue
	fi
	maps=$(grep '^map: ' "$scratch/$name.$mode.out")
	if [ "$maps" != "$want" ]; then
		echo "FAIL [$mode]: liburing mappings are not exactly the drop-in:"; echo "$maps" | sed 's/^/    /'
		status=1
	fi
	if ! diff -u --label system --label "$mode" <(grep -v '^map: ' "$scratch/$name.system.out") \
			<(grep -v '^map: ' "$scratch/$name.$mode.out") > "$scratch/$name.$mode.diff"; then
		echo "FAIL [$mode]: output differs from the system library's:"; sed 's/^/    /' "$scratch/$name.$mode.diff"
		sed 's/^/    ! /' "$scratch/$name.$mode.err" | tail -n 10
		status=1
	else
		echo "ok [$mode]: $maps, output identical ($(grep -vc '^map: ' "$scratch/$name.$mode.out") lines)"
	fi
done
exit $status
