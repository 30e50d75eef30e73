#!/bin/bash
# bench/cg_functions.sh: where the user-space instructions of the NOP benchmark go, per
# function and per op, for both builds (the analysis behind the instructions/op rows).
#
#   bench/cg_functions.sh [BATCH...]        (default: 1 32)
#
# Runs target/bench/{liburing,uring-rs}/nop under callgrind twice (N1 and N2 ops) and prints,
# per function, (Ir(N2) - Ir(N1)) / (N2 - N1) of its self cost, summed over the pieces
# callgrind_annotate splits a function into (one per source file its inlined code comes from).
# The library's hot functions are leaves, so self = inclusive for them (callgrind_annotate
# --inclusive=yes double-counts such split functions, so it is not used here).
# callgrind's default --skip-plt=yes charges the PLT stub's jmp to the caller.
# For liburing, whose helpers are inlined into the caller, it also splits the caller's
# instructions by the inline function of /usr/include/liburing.h they come from.
set -u
cd "$(dirname "$0")/.." || exit 1
BENCH_DIR=${BENCH_DIR:-target/bench}
OUT=$BENCH_DIR/out/callgrind
N1=12800 N2=64000
mkdir -p "$OUT"
command -v valgrind >/dev/null || { echo "valgrind not installed"; exit 77; }
batches=("$@"); [ ${#batches[@]} = 0 ] && batches=(1 32)

per_fn() { # file, inclusive(yes|no) -> "function Ir" lines, summed over file:function entries
	callgrind_annotate --auto=no --threshold=100 --inclusive="$2" "$1" 2>/dev/null |
		awk '/file:function/ { go = 1; next }
		     go && $1 ~ /^[0-9,]+$/ { n = $1; gsub(",", "", n); l = $0; sub(/^[^)]*\) */, "", l)
			sub(/ \[.*$/, "", l); sub(/ .*$/, "", l); sub(/.*:/, "", l); s[l] += n }
		     END { for (k in s) print k, s[k] }'
}
inline_split() { # file (--dump-line, uncompressed) -> "helper Ir" for lines of /usr/include/liburing.h
	awk -v hdr=/usr/include/liburing.h '
		FNR == NR { if (match($0, /^(static inline|IOURINGINLINE)[^(]*[ *]([a-z_0-9]+)\(/)) {
				split(substr($0, 1, index($0, "(") - 1), w, /[ *]+/); name = w[length(w)]
				starts[++ns] = FNR; names[ns] = name }
			next }
		/^fl=|^fi=|^fe=/ { f = substr($0, 4); sub(/^\([0-9]+\) ?/, "", f); cur = f; next }
		/^fn=/ { next }
		/^calls=/ { skip = 1; next }
		/^[0-9]+ [0-9]+$/ { if (skip) { skip = 0; next }
			if (cur == hdr) { ln = $1; nm = "?"; for (i = 1; i <= ns && starts[i] <= ln; i++) nm = names[i]; s[nm] += $2 }
			next }
		END { for (k in s) print k, s[k] }' /usr/include/liburing.h "$1"
}
diff_per_op() { # list1, list2 -> per-op differences, sorted, >= 0.5
	join <(sort "$1") <(sort "$2") -a 2 -e 0 -o 0,1.2,2.2 |
		awk -v d=$((N2 - N1)) '{ v = ($3 - $2) / d; if (v >= 0.5) printf "  %7.2f  %s\n", v, $1 }' | sort -rn
}
for b in "${batches[@]}"; do
	for lib in liburing uring-rs; do
		for n in $N1 $N2; do
			valgrind --tool=callgrind --compress-pos=no --compress-strings=no \
				--callgrind-out-file="$OUT/fn-$lib-b$b-n$n.out" "$BENCH_DIR/$lib/nop" -b "$b" -n "$n" \
				>/dev/null 2>&1 || { echo "callgrind failed: $lib b=$b"; exit 1; }
		done
		per_fn "$OUT/fn-$lib-b$b-n$N1.out" no >"$OUT/a"; per_fn "$OUT/fn-$lib-b$b-n$N2.out" no >"$OUT/b"
		t1=$(sed -n 's/^totals: *//p' "$OUT/fn-$lib-b$b-n$N1.out"); t2=$(sed -n 's/^totals: *//p' "$OUT/fn-$lib-b$b-n$N2.out")
		echo "== $lib, batch $b: $(awk -v a="$t1" -v b="$t2" -v d=$((N2 - N1)) 'BEGIN { printf "%.1f", (b - a) / d }') instructions per op; self cost per function:"
		diff_per_op "$OUT/a" "$OUT/b"
		if [ $lib = liburing ] && [ -f /usr/include/liburing.h ]; then
			inline_split "$OUT/fn-$lib-b$b-n$N1.out" >"$OUT/a"; inline_split "$OUT/fn-$lib-b$b-n$N2.out" >"$OUT/b"
			echo "== liburing, batch $b: inlined liburing.h helpers inside the caller, per op"
			diff_per_op "$OUT/a" "$OUT/b"
		fi
	done
done
rm -f "$OUT/a" "$OUT/b"
