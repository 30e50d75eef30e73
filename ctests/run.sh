#!/bin/bash
# Runs the C suite: every binary in target/ctests (built from ctests/*.c) and every
# ctests/*.sh script. Exit 0 = pass, 77 = skip, anything else = fail.
# The last line is "N passed, N failed, N skipped"; the exit status is non-zero on failure.
# Arguments: run only the tests whose name contains one of them (none: all).
# CTEST_BIN_DIR=DIR runs the binaries of DIR instead (another target's, mk/arch.mk), and
# CTEST_SCRIPTS=0 leaves the scripts out (they test this machine's build).
# CTEST_EXCLUDE="name ...": tests not to run at all (ctests/kernels/ leaves out, inside a
# guest kernel, the checks of build products that no kernel changes).
# TEST_TIME_SCALE=N multiplies the time limits, here and in the examples' scripts.
cd "$(dirname "$0")/.." || exit 1
export ROOT=$PWD EXAMPLES_DIR=${EXAMPLES_DIR:-$PWD/target/examples-c}
export TEST_TMPDIR=${TEST_TMPDIR:-$PWD/target/test-tmp}
mkdir -p "$TEST_TMPDIR"
pass=0 fail=0 skip=0 failed=()
run_one() { # name, timeout, command...
	local name=$1 limit=$2; shift 2
	local log="$TEST_TMPDIR/$name.log" start=$SECONDS
	# TEST_TIME_SCALE=N: a machine N times slower (a TCG guest) gets N times the limit
	timeout --kill-after=5 "$((limit * ${TEST_TIME_SCALE:-1}))" "$@" >"$log" 2>&1
	local rc=$?
	case $rc in
	0) pass=$((pass + 1)); printf 'PASS %-32s %3ss\n' "$name" $((SECONDS - start)) ;;
	77) skip=$((skip + 1)); printf 'SKIP %-32s %s\n' "$name" "$(tail -n1 "$log")" ;;
	*) fail=$((fail + 1)); failed+=("$name"); printf 'FAIL %-32s rc=%s\n' "$name" "$rc"; sed 's/^/    | /' "$log" | tail -n 30 ;;
	esac
}
wanted() { # name: whether the arguments and CTEST_EXCLUDE select it
	local x
	for x in ${CTEST_EXCLUDE:-}; do [ "$x" = "$1" ] && return 1; done
	[ ${#only[@]} -eq 0 ] && return 0
	for x in "${only[@]}"; do [[ $1 == *$x* ]] && return 0; done
	return 1
}
only=()
for x in "$@"; do [ -n "$x" ] && only+=("$x"); done
for t in "${CTEST_BIN_DIR:-target/ctests}"/*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	wanted "$name" || continue
	run_one "$name" "${TEST_TIMEOUT:-300}" "$t"
done
for s in ctests/*.sh; do
	[ "${CTEST_SCRIPTS:-1}" = 0 ] && break
	[ "$(basename "$s")" = run.sh ] && continue
	name=$(basename "$s" .sh)
	wanted "$name" || continue
	# A script may ask for a longer limit with a "# ctest-timeout: SECONDS" line.
	limit=$(sed -n 's/^# ctest-timeout: *\([0-9][0-9]*\).*/\1/p' "$s" | head -n1)
	run_one "$name" "${limit:-${TEST_TIMEOUT:-300}}" bash "$s"
done
[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]}"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
