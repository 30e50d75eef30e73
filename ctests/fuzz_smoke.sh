#!/bin/bash
# Fuzz harnesses (fuzz/, issue 15), briefly: every regression input of fuzz/corpus/<harness>/
# (each a crash once found) is replayed, then each harness fuzzes for FUZZ_SMOKE_SECS seconds
# (default 5) from that corpus. Built by `make fuzz-smoke-build` against the ordinary
# target/release/liburing_rs.a; `make fuzz FUZZ_TIME=...` is the long, coverage-guided run.
# Skips when clang's libFuzzer was not available to build them.
cd "${ROOT:-$(dirname "$0")/..}" || exit 1
bin=target/fuzz/smoke
[ -x "$bin/recvmsg" ] && [ -x "$bin/bufring" ] ||
	{ echo "skip: fuzz harnesses not built (clang with -fsanitize=fuzzer missing; apt: clang libclang-rt-14-dev)"; exit 77; }
work=${TEST_TMPDIR:-target/test-tmp}/fuzz-smoke.$$
trap 'rm -rf "$work"' EXIT
shopt -s nullglob
for h in recvmsg bufring; do
	mkdir -p "$work/$h"
	inputs=(fuzz/corpus/$h/*)
	if [ ${#inputs[@]} -gt 0 ]; then
		"$bin/$h" "${inputs[@]}" >"$work/$h.replay" 2>&1 ||
			{ echo "FAIL: $h: a regression input fails again"; grep -E 'fuzz:|ERROR|runtime error' "$work/$h.replay" | head; exit 1; }
		cp "${inputs[@]}" "$work/$h/"
	fi
	"$bin/$h" -max_total_time="${FUZZ_SMOKE_SECS:-5}" -print_final_stats=1 -artifact_prefix="$work/" \
		"$work/$h" >"$work/$h.log" 2>&1 ||
		{ echo "FAIL: $h found a crash"; grep -E 'fuzz:|ERROR|runtime error' "$work/$h.log" | head; ls "$work"/crash-* 2>/dev/null; exit 1; }
	echo "$h: ${#inputs[@]} regression inputs pass; $(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$h.log") executions, no crash"
done
