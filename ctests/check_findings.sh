#!/bin/bash
# URING_RS_CHECK (src/check.rs): ctests/check/mistakes.c makes each mistake once; the finding's
# line must name the kind, the ring's fd (which the program prints), the operation where there
# is one, and the call site: `object+offset`, which addr2line must resolve to the line of
# mistakes.c marked `finding: KIND`. The corrected variant of every mode prints nothing.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
dir=${TEST_TMPDIR:-$ROOT/target/test-tmp}/check-findings
fail() { echo "FAIL: $*"; exit 1; }
[ -f target/release/liburing_rs_trace.so.0 ] || fail "target/release/liburing_rs_trace.so.0 not built (run make)"
command -v addr2line >/dev/null || { echo "skip: no addr2line (binutils)"; exit 77; }
rm -rf "$dir" && mkdir -p "$dir" || exit 1
prog=$dir/mistakes
# -O2 as a program is built: the inline helpers are inlined, and addr2line -i names the line
# of mistakes.c they were inlined into
${CC:-cc} -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -I include -o "$prog" \
	ctests/check/mistakes.c -L target/release -luring_rs -Wl,-rpath,"$ROOT/target/release" -lpthread ||
	fail "cannot build mistakes.c"

# mode, kind, expected op and user_data ("-" and "-" when the finding names none)
check() {
	local mode=$1 kind=$2 op=$3 ud=$4 log=$dir/$1.log out=$dir/$1.out
	URING_RS_CHECK=$log "$prog" "$mode" > "$out" 2>&1
	local rc=$?
	[ $rc = 77 ] && { echo "skip $mode: $(tail -n1 "$out")"; return; }
	[ $rc = 0 ] || fail "$mode: exit $rc: $(cat "$out")"
	local fd line
	fd=$(sed -n 's/^ring=//p' "$out")
	[ "$(wc -l < "$log")" = 1 ] || fail "$mode: want one finding, got: $(cat "$log")"
	line=$(cat "$log")
	echo "$line"
	[[ $line =~ ^uring-rs:\ check:\ ring=$fd\ $kind\ op=$op\ user_data=$ud\ at\ ([^ ]+)\+(0x[0-9a-f]+):\ . ]] ||
		fail "$mode: the finding is not 'ring=$fd $kind op=$op user_data=$ud at OBJECT+OFFSET: ...'"
	local obj=${BASH_REMATCH[1]} off=${BASH_REMATCH[2]} want got
	[ "$obj" = "$prog" ] || fail "$mode: call site in $obj, not in the program"
	want=$(grep -n "finding: $kind \*/" ctests/check/mistakes.c | cut -d: -f1)
	got=$(addr2line -i -e "$obj" "$off" | grep -o 'mistakes\.c:[0-9]*' | head -n1 | cut -d: -f2)
	[ "$got" = "$want" ] || fail "$mode: call site resolves to mistakes.c:$got, the mistake is on line $want"
	URING_RS_CHECK=$log.fixed "$prog" "$mode" fixed > "$out" 2>&1 || fail "$mode fixed: $(cat "$out")"
	[ ! -s "$log.fixed" ] || fail "$mode fixed: a finding: $(cat "$log.fixed")"
}
check wait-forever wait-forever - -
check overflow cq-overflow - -
check past-tail seen-past-tail - -
check unsubmitted unsubmitted-at-exit - -
check in-flight in-flight-at-exit READ 0x42
check single-issuer single-issuer - -
check concurrent-submit concurrent-submit - -
check freed-in-flight freed-in-flight READ 0x51
check overlapping-writes overlapping-writes READ 0x62
check freed-before-submit freed-before-submit READV 0x71
check buf-ring-tail-past-added buf-ring-tail-past-added - -
check buf-ring-id-still-held buf-ring-id-still-held - -
echo "every finding on its line, no finding from the corrected variants"
