#!/bin/bash
# Differential test against Debian's liburing 2.3 (issue 15): ctests/diff/difftest.c, built
# against liburing 2.3 (target/diff/difftest-liburing) and against uring-rs
# (target/diff/difftest-uring-rs) by `make diff-build`, runs the same random sequences of
# library calls from the same seeds on both; the traces (every return value, every CQE, the
# ring counters) must be identical. On a difference the seed is printed with the first lines
# where the two traces part (replay: target/diff/difftest-<lib> -v SEED). Each seed runs one
# class of steps (ctests/diff/classes.c); the seeds run per class are printed at the end.
#   DIFF_SEEDS=N (default 3000), DIFF_FIRST=S (default 1): seeds S .. S+N-1
#   DIFF_CLASS=C: every seed runs class C
# `make fuzz-diff SEEDS=N` runs more seeds from a random start.
# ctest-timeout: 300
cd "${ROOT:-$(dirname "$0")/..}" || exit 1
DIR=target/diff
A=$DIR/difftest-liburing B=$DIR/difftest-uring-rs
N=${DIFF_SEEDS:-3000} FIRST=${DIFF_FIRST:-1}
for b in "$A" "$B"; do
	[ -x "$b" ] || { echo "$b is not built (make diff-build)"; exit 1; }
done
OUT=${TEST_TMPDIR:-$DIR}/diff.$$
mkdir -p "$OUT"
trap 'rm -rf "$OUT"' EXIT
# the two run side by side; each stops at its first failure with the seed named
# the whole traces are kept for runs of up to 5000 seeds (about 100 MB each), so that a
# difference is shown as it happened; longer runs replay the seed instead
keep=()
[ "$N" -le 5000 ] && keep=(-o)
cls=()
[ -n "${DIFF_CLASS:-}" ] && cls=(-c "$DIFF_CLASS")
# Each is bounded below this test's own limit. A slow machine (a TCG guest, a loaded host)
# may not get through every seed in that time: the time limit then ends both runs, and the
# seeds that both ended are compared (at least 100 of them, or it fails as too slow).
limit=$((270 * ${TEST_TIME_SCALE:-1}))
timeout -k 5 "$limit" stdbuf -oL "$A" ${keep:+-o "$OUT/ta"} "${cls[@]}" -s "$FIRST" -n "$N" >"$OUT/a" 2>"$OUT/a.err" &
pa=$!
timeout -k 5 "$limit" stdbuf -oL "$B" ${keep:+-o "$OUT/tb"} "${cls[@]}" -s "$FIRST" -n "$N" >"$OUT/b" 2>"$OUT/b.err"
rb=$?
wait $pa
ra=$?
stopped=
case "$ra $rb" in
"124 124" | "0 124" | "124 0")
	na=$(grep -c '^seed ' "$OUT/a") nb=$(grep -c '^seed ' "$OUT/b")
	common=$((na < nb ? na : nb))
	if [ "$common" -ge 100 ]; then
		stopped=" (stopped by the time limit of $limit s after $common of $N seeds)"
		for x in a b; do
			grep '^seed ' "$OUT/$x" | head -n "$common" >"$OUT/$x.common" && mv "$OUT/$x.common" "$OUT/$x"
		done
		ra=0 rb=0
	fi
	;;
esac
if [ $ra -ne 0 ] || [ $rb -ne 0 ]; then
	echo "FAIL: difftest exited $ra (liburing 2.3) and $rb (uring-rs) (124: past ${limit} s)"
	for x in a b; do
		echo "-- the last seeds ended by $x, of $(grep -c '^seed ' "$OUT/$x") (the next one is where it stopped):"
		grep '^seed ' "$OUT/$x" | tail -n 3
		echo "-- seeds ended early, per class:" $(grep '^seed .* ended early' "$OUT/$x" | awk '{ print $8 }' | sort | uniq -c)
		cat "$OUT/$x.err"
	done
	exit 1
fi
# A seed whose traces differ is run again DIFF_RETRIES times (default 3) with each build: it is
# a difference only if it holds in every one of them. Otherwise the machine's load made it (a
# call that blocked for the stuck alarm's time in one build, say): it is listed as a flip.
R=${DIFF_RETRIES:-3}
grep '^seed ' "$OUT/a" >"$OUT/sa"
grep '^seed ' "$OUT/b" >"$OUT/sb"
seed= flips=()
for s in $(diff "$OUT/sa" "$OUT/sb" | sed -n 's/^< seed \([0-9]*\) .*/\1/p' | head -n 20); do
	held=0
	for _ in $(seq "$R"); do
		"$A" "${cls[@]}" -s "$s" -n 1 | head -n1 >"$OUT/ra"
		"$B" "${cls[@]}" -s "$s" -n 1 | head -n1 >"$OUT/rb"
		cmp -s "$OUT/ra" "$OUT/rb" || held=$((held + 1))
	done
	if [ "$held" -eq "$R" ]; then
		seed=$s
		break
	fi
	flips+=("seed $s: $(grep "^seed $s " "$OUT/sa" | cut -d' ' -f3-) (liburing 2.3), $(grep "^seed $s " "$OUT/sb" |
		cut -d' ' -f3-) (uring-rs); the same in $((R - held)) of $R runs again")
done
# more than 20 seeds apart: a difference, whatever the runs again say
[ -z "$seed" ] && [ "$(diff "$OUT/sa" "$OUT/sb" | grep -c '^<')" -gt 20 ] && seed=${flips[0]#seed } seed=${seed%%:*}
for f in "${flips[@]}"; do
	echo "flip: $f"
done
if [ -n "$seed" ]; then
	echo "FAIL: seed $seed: the traces differ (replay: $A -v $seed; $B -v $seed)"
	if [ -z "${keep:-}" ]; then
		"$A" "${cls[@]}" -v "$seed" | grep -v '^    \[\|^  ~' >"$OUT/ta"
		"$B" "${cls[@]}" -v "$seed" | grep -v '^    \[\|^  ~' >"$OUT/tb"
		echo "$seed end" | sed 's/^/seed /' | tee -a "$OUT/ta" >>"$OUT/tb"
	fi
	# the traces of this run, from the end of the seed before
	for t in ta tb; do
		awk -v s="$seed" '$1 == "seed" && $3 == "end" { if ($2 == s) exit; buf = ""; next }
			{ buf = buf $0 "\n" } END { printf "%s", buf }' "$OUT/$t" >"$OUT/$t.seed"
	done
	diff -U 8 "$OUT/ta.seed" "$OUT/tb.seed" | head -n 80
	[ -n "${DIFF_KEEP:-}" ] && cp "$OUT/ta.seed" "$OUT/tb.seed" "$DIFF_KEEP"/
	exit 1
fi
tail -n2 "$OUT/b"
steps=$(awk '$1 == "seed" { s += $4 } END { print s }' "$OUT/b")
echo "PASS: seeds $FIRST..$((FIRST + $(grep -c '^seed ' "$OUT/b") - 1)): $steps steps, traces of liburing 2.3 and uring-rs identical${flips:+ (but for ${#flips[@]} flips)}$stopped"
