#!/bin/bash
# make check-kernels: our C tests, the Rust test binaries and liburing's suite (both builds)
# inside Debian's kernels, one guest boot per kernel (ctests/kernels/vm.sh), then per kernel a
# table of test x {liburing, uring-rs}:
#   target/kernels/results/VERSION/table.md (and table.tsv), with the totals and the rows where
#   the two differ; target/kernels/results/summary.md has the totals of every kernel.
# Our own tests have no liburing build (their liburing column is "-"), except what
# core_errors_vs_liburing and feat_cleared_vs_liburing compare inside them.
#
# KERNEL_PARTS=tables boots nothing: it makes the tables again from the results of earlier runs.
# Environment: KERNELS="5.10 6.1 6.12", KERNEL_PARTS="ctests rust liburing", and those of
# vm.sh (VM_TIMEOUT...). Expects the host build (make lib examples ctests: the Makefile's
# check-kernels target does it). Exits non-zero if a kernel cannot be fetched or booted, if a
# test of ours fails there, or if a liburing test passes with liburing and not with ours.
# The braces make bash read the whole script before it runs any of it: a run takes hours, and
# an edit made meanwhile must not be read from the old offset into the new text.
{
set -u
cd "$(dirname "$0")/../.." || exit 1
KERNELS=${KERNELS:-5.10 6.1 6.12}
PARTS=${KERNEL_PARTS:-ctests rust liburing}
OUT=target/kernels/results
mkdir -p "$OUT" || exit 1

# ---- on the host: what the guests run ----
for p in $PARTS; do
	case $p in
	rust)
		cargo test --release --no-run 2>&1 | tee "$OUT/cargo-build.log" |
			sed -n 's/^ *Executable .*(\(.*\))$/\1/p' | sed "s|^|$PWD/|; s|^$PWD/$PWD|$PWD|" >"$OUT/rust-tests.txt"
		[ -s "$OUT/rust-tests.txt" ] || { tail -n 20 "$OUT/cargo-build.log"; echo "cargo test --no-run built nothing"; exit 1; }
		# the examples that tests/copy.rs and tests/echo_server.rs run: the guest runs no cargo
		# (URING_RS_EXAMPLES_PREBUILT in guest_job.sh)
		cargo build --release --examples >>"$OUT/cargo-build.log" 2>&1 ||
			{ tail -n 20 "$OUT/cargo-build.log"; echo "cargo build --examples failed"; exit 1; }
		;;
	liburing)
		LIBURING_SUITE_BUILD_ONLY=1 bash ctests/liburing_suite.sh || exit 1
		;;
	ctests)
		# our tests built against the system liburing, here rather than under TCG
		for t in core_errors feat_cleared; do
			bash ctests/tools/with_liburing.sh $t build >/dev/null
		done
		;;
	esac
done

# word for an exit status, as ctests/liburing_suite.sh describes them
word() {
	case $1 in
	0) echo pass ;; 77) echo skip ;; 124|137) echo timeout ;; -|none) echo - ;;
	*) echo fail ;;
	esac
}

# RESULTS -> RESULTS/table.tsv: suite, test, liburing, uring-rs (pass/skip/fail/timeout/-)
table_tsv() {
	local r=$1 w
	printf 'suite\ttest\tliburing\turing-rs\n'
	if [ -f "$r/ctests.log" ]; then
		sed -n 's/^\(PASS\|SKIP\|FAIL\) \([^ ]*\) *\(.*\)$/\1 \2 \3/p' "$r/ctests.log" |
			while read -r v name rest; do
				case $v in
				PASS) w=pass ;; SKIP) w=skip ;;
				FAIL) case $rest in rc=124|rc=137) w=timeout ;; *) w=fail ;; esac ;;
				esac
				printf 'ctests\t%s\t-\t%s\n' "$name" "$w"
			done
	fi
	if [ -f "$r/rust.tsv" ]; then
		while IFS=$'\t' read -r name rc _; do
			printf 'rust\t%s\t-\t%s\n' "$name" "$(word "$rc")"
		done <"$r/rust.tsv"
	fi
	if [ -f "$r/liburing.tsv" ]; then
		tail -n +2 "$r/liburing.tsv" | while IFS=$'\t' read -r name real ours _; do
			printf 'liburing-suite\t%s\t%s\t%s\n' "$name" "${real%%(*}" "${ours%%(*}"
		done | sed 's/\tcrash\b/\tfail/g'
	fi
}

totals() { # table.tsv suite column -> "P pass, S skip, F fail, T timeout"
	awk -F'\t' -v s="$2" -v c="$3" 'NR > 1 && $1 == s && $c != "-" { n[$c]++ }
		END { printf "%d pass, %d skip, %d fail, %d timeout", n["pass"], n["skip"], n["fail"], n["timeout"]; for (k in n) if (k != "pass" && k != "skip" && k != "fail" && k != "timeout") printf ", %d %s", n[k], k }' "$1"
}

table_md() { # RESULTS VERSION
	local r=$1 k=$2 s t=$1/table.tsv
	echo "# Linux $k: $(sed -n 's/^kernel \([^:]*\):.*/\1/p' "$r/kernel.txt" 2>/dev/null) ($(cat "target/kernels/$k/package" 2>/dev/null))"
	echo
	echo "| suite | liburing | uring-rs |"
	echo "|---|---|---|"
	for s in ctests rust liburing-suite; do
		grep -q "^$s	" "$t" || continue
		if [ "$s" = liburing-suite ]; then
			echo "| $s | $(totals "$t" "$s" 3) | $(totals "$t" "$s" 4) |"
		else
			echo "| $s | - | $(totals "$t" "$s" 4) |"
		fi
	done
	echo
	echo "Differences (liburing's suite: the two builds disagree):"
	echo
	awk -F'\t' 'NR > 1 && $1 == "liburing-suite" && $3 != $4 { printf "- %s: liburing %s, uring-rs %s\n", $2, $3, $4; d = 1 }
		END { if (!d) print "- none" }' "$t"
	echo
	echo "Our tests that did not pass or skip:"
	echo
	awk -F'\t' 'NR > 1 && $1 != "liburing-suite" && $4 != "pass" && $4 != "skip" { printf "- %s %s: %s\n", $1, $2, $4; d = 1 }
		END { if (!d) print "- none" }' "$t"
	if [ -f "$r/liburing.log" ]; then
		echo
		echo "From the harness (reruns of a test that failed with ours alongside liburing's build):"
		echo
		grep -E '^(failed with ours alongside|passes with liburing, not with ours|real:|ours:|slow)' "$r/liburing.log" | sed 's/^/- /'
	fi
	echo
	echo "Full table: table.tsv; logs: ctests.log, rust-*.log, liburing-logs/ beside it."
}

status=0
summary=$OUT/summary-$(echo $KERNELS | tr " " "_").md
{ echo "# make check-kernels, $(date -u '+%Y-%m-%d %H:%M UTC'), parts: $PARTS"; echo; } >"$summary"
for k in $KERNELS; do
	res=$OUT/$k
	echo "== Linux $k"
	if [ "$PARTS" = tables ]; then
		# KERNEL_PARTS=tables: no boot, the tables of what earlier runs left in $res (one part
		# at a time, say); it fails where one of our tests failed or timed out there
		[ -d "$res" ] || { echo "- Linux $k: no results in $res" >>"$summary"; status=1; continue; }
		table_tsv "$res" >"$res/table.tsv"
		table_md "$res" "$k" >"$res/table.md"
		cat "$res/table.md"
		awk -F'\t' 'NR > 1 && ($4 == "fail" || $4 == "timeout") { bad = 1 } END { exit bad }' "$res/table.tsv" ||
			status=1
		{
			echo "## Linux $k (from the results of earlier runs)"
			sed -n '3,/^$/p' "$res/table.md" | sed -n '/^|/p'
			echo
		} >>"$summary"
		continue
	fi
	why=$(bash ctests/kernels/vm.sh fetch "$k")
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "$why"
		echo "- Linux $k: not run: ${why:-vm.sh fetch failed ($rc)}" >>"$summary"
		status=1
		continue
	fi
	# only the files of the parts run now: a run of one part keeps the others' results
	mkdir -p "$res" || exit 1
	for p in $PARTS; do
		case $p in
		ctests) rm -rf "$res"/ctests*.* "$res/ctests-logs" ;;
		rust) rm -f "$res"/rust*.* ;;
		liburing) rm -rf "$res"/liburing*.* "$res/liburing-logs" ;;
		esac
	done
	start=$SECONDS
	# shellcheck disable=SC2086
	VM_TIMEOUT=${VM_TIMEOUT:-7200} bash ctests/kernels/vm.sh run "$k" "$res" bash ctests/kernels/guest_job.sh "$res" $PARTS
	rc=$?
	secs=$((SECONDS - start))
	[ $rc -eq 0 ] || status=1
	table_tsv "$res" >"$res/table.tsv"
	table_md "$res" "$k" >"$res/table.md"
	cat "$res/table.md"
	{
		echo "## Linux $k ($secs s in the guest, exit $rc)"
		sed -n '3,/^$/p' "$res/table.md" | sed -n '/^|/p'
		echo
	} >>"$summary"
done
echo "tables: $OUT/*/table.md, summary: $summary"
exit $status
}
