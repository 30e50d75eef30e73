#!/bin/bash
# Runs every fuzz harness in BINDIR with the given libFuzzer limit (-max_total_time=S or
# -runs=N), one after the other, on target/fuzz/corpus/<harness> (seeded with the regression
# inputs of fuzz/corpus/<harness>). Prints per harness: executions, exec/s, coverage (edges
# and features libFuzzer counts; the functions under test with their covered edges), and
# whether it found a crash (kept in target/fuzz/crashes/<harness>/; make it a regression input
# by adding it to fuzz/corpus/<harness>/ once fixed). Exit 1 if any harness crashed.
#   bash fuzz/run.sh BINDIR LIMIT [HARNESS...]
cd "$(dirname "$0")/.." || exit 1
bin=$1 limit=$2
shift 2
harnesses=${*:-recvmsg bufring}
status=0
for h in $harnesses; do
	corpus=target/fuzz/corpus/$h crashes=target/fuzz/crashes/$h log=target/fuzz/$h.log
	mkdir -p "$corpus" "$crashes"
	[ -d "fuzz/corpus/$h" ] && cp -n fuzz/corpus/$h/* "$corpus"/ 2>/dev/null
	# an input of bufring is a sequence of 12-byte operations on one ring: 50 of them reach
	# every state of interest, longer ones only make each execution slower
	opts=()
	[ "$h" = bufring ] && opts=(-max_len=600)
	start=$SECONDS
	"$bin/$h" "$limit" "${opts[@]}" -print_final_stats=1 -print_coverage=1 -artifact_prefix="$crashes/" \
		"$corpus" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	last=$(grep -E '^#[0-9]+' "$log" | tail -n1)
	cov=$(echo "$last" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9a-zA-Z]+')
	echo "$h: ${execs:-?} executions in $((SECONDS - start)) s, $cov"
	# the functions under test: covered edges per function (from -print_coverage)
	pat=$h
	[ "$h" = bufring ] && pat=buf_ring
	grep -E '^(COVERED|UNCOVERED)_FUNC' "$log" | grep -E "(io_uring|inl|rs|ref)_${pat}_" |
		sed -E 's/^(COVERED|UNCOVERED)_FUNC: hits: *([0-9]+) edges: *([0-9]+\/[0-9]+) *([^ ]+).*/    \4 \3 edges (\2 hits)/' |
		sort -u
	if [ $rc -ne 0 ]; then
		echo "$h: CRASH (exit $rc): $(grep -m1 -E 'fuzz:|ERROR' "$log")"
		ls "$crashes"
		status=1
	fi
done
exit $status
