#!/bin/bash
# URING_RS_CHECK raises no false alarm on liburing's own test suite: ctests/liburing_suite.sh
# runs it with our build checked (LIBURING_SUITE_CHECK), and no test may report a finding but
# those below, which make the mistake on purpose (each with why). Whether the tests pass is
# liburing_suite.sh's to judge in its own run, unchecked: here only the findings count.
# ctest-timeout: 1200
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
dir=${TEST_TMPDIR:-$ROOT/target/test-tmp}/check-liburing-suite
fail() { echo "FAIL: $*"; exit 1; }
[ -f target/release/liburing_rs_trace.so.0 ] || fail "target/release/liburing_rs_trace.so.0 not built (run make)"
[ "${LIBURING_SUITE:-}" = 0 ] && { echo "skip: LIBURING_SUITE=0"; exit 77; }
rm -rf "$dir" && mkdir -p "$dir/findings" || exit 1
# "name: reason" lines
ON_PURPOSE=""
LIBURING_SUITE_CHECK=$dir/findings LIBURING_SUITE_MIN_PASS=0 bash ctests/liburing_suite.sh > "$dir/suite.out" 2>&1
rc=$?
[ $rc = 77 ] && { echo "skip: $(tail -n 1 "$dir/suite.out")"; exit 77; }
ran=$(grep -c ' ours ' "$dir/suite.out")
[ "$ran" -gt 0 ] || fail "the suite ran no test: $(tail -n 5 "$dir/suite.out")"
bad=0
for log in "$dir"/findings/*.log; do
	[ -s "$log" ] || continue
	name=$(basename "$log" .log)
	why=$(sed -n "s/^$name: //p" <<< "$ON_PURPOSE")
	if [ -n "$why" ]; then
		echo "$name: $(wc -l < "$log") findings, on purpose: $why"
		continue
	fi
	echo "$name: false alarm:"; sort -u "$log" | sed 's/^/    /' | head -n 5
	bad=$((bad + 1))
done
[ $bad = 0 ] || fail "$bad of $ran liburing tests reported findings"
echo "$ran liburing tests run checked: no finding"
