#!/bin/bash
# URING_RS_CHECK raises no false alarm: every C test program of ours (target/ctests, as
# ctests/run.sh runs them) and the example programs' tests (ctests/examples_*.sh but the soak,
# which runs the same servers for a minute) run with URING_RS_CHECK set and print no finding,
# but for the tests below that make a mistake on purpose. A test's own result is run.sh's to
# judge: here only the findings count.
# ctest-timeout: 900
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
dir=${TEST_TMPDIR:-$ROOT/target/test-tmp}/check-no-false-alarms
fail() { echo "FAIL: $*"; exit 1; }
[ -f target/release/liburing_rs_trace.so.0 ] || fail "target/release/liburing_rs_trace.so.0 not built (run make)"
ls target/ctests/* >/dev/null 2>&1 || fail "target/ctests not built (run make ctests)"
rm -rf "$dir" && mkdir -p "$dir" || exit 1
# The tests whose findings are right, each with why ("name: reason" lines).
ON_PURPOSE="core_cq_overflow: overflows its CQ to test the overflow list
feat_cleared: overflows a CQ with IORING_FEAT_NODROP cleared, to test liburing's old path
core_eintr: waits with nothing in flight, to be interrupted by a signal (-EINTR)
core_errors: fills the SQ with io_uring_get_sqe to test a full SQ, and never submits it
core_sqpoll: queues NOPs on a plain ring to test io_uring_sqring_wait there, and never submits them"
on_purpose() { sed -n "s/^$1: //p" <<< "$ON_PURPOSE"; }
export URING_RS_CHECK
bad=0 runs=0
for t in target/ctests/*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	URING_RS_CHECK=$dir/$name.log
	timeout --kill-after=5 300 "$t" > "$dir/$name.out" 2>&1
	runs=$((runs + 1))
	[ -s "$URING_RS_CHECK" ] || continue
	why=$(on_purpose "$name")
	if [ -n "$why" ]; then
		echo "$name: $(wc -l < "$URING_RS_CHECK") findings, on purpose: $why"
		continue
	fi
	echo "$name: false alarm:"; sed 's/^/    /' "$URING_RS_CHECK" | head -n 5
	bad=$((bad + 1))
done
for s in ctests/examples_*.sh; do
	name=$(basename "$s" .sh)
	[ "$name" = examples_soak ] && continue
	URING_RS_CHECK=$dir/$name.log
	timeout --kill-after=5 300 bash "$s" > "$dir/$name.out" 2>&1
	runs=$((runs + 1))
	[ -s "$URING_RS_CHECK" ] || continue
	echo "$name: false alarm:"; sed 's/^/    /' "$URING_RS_CHECK" | head -n 5
	bad=$((bad + 1))
done
[ $bad = 0 ] || fail "$bad of $runs programs and scripts reported findings"
echo "$runs test programs and example scripts: no finding"
