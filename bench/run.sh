#!/bin/bash
# bench/run.sh: uring-rs against liburing, side by side, on this machine.
#
#   bench/run.sh [--smoke] [--rounds N] [--no-callgrind] [--no-pin] [--only nop|start|read|direct|qemu|echo|rust]
#
# Runs the programs `make bench-build` compiled twice from the same source,
# target/bench/liburing/* (system liburing, its helpers inlined from
# /usr/include/liburing.h) and target/bench/uring-rs/* (include/liburing.h +
# -luring_rs), alternately (the order flips every round), ROUNDS times, and prints a
# markdown table of the medians: workload | liburing | uring-rs | ratio.
# ROUNDS: --rounds N, else $BENCH_ROUNDS, else 5 (full `make bench` about 4 minutes on 2 CPUs).
# The ratio is uring-rs/liburing for rates and liburing/uring-rs for costs
# (instructions, syscalls), so >= 1.00 always means "uring-rs is at least as good".
#
# Workloads (see issue 7):
#   nop     NOP round trips at batch 1/8/32/128: ops/s; instructions/op from
#           valgrind --tool=callgrind, (Ir(N2) - Ir(N1)) / (ops(N2) - ops(N1)) to cancel start-up;
#           also on a uring-rs built without the `trace` feature (BENCH_DIR/uring-rs-notrace)
#   start   process start with one ring set up and torn down (bench/start.c, START_N children a
#           round): starts/s, CPU us per start, and user instructions of one start (callgrind)
#   read    4 KiB random reads at QD 64 from a 256 MiB file in the page cache: ops/s, and
#           instructions/op the same way as nop
#   direct  the same with O_DIRECT (skipped where the filesystem refuses it)
#   qemu    qemu-img bench -t none -i io_uring, system liburing.so.2 vs
#           LD_LIBRARY_PATH=target/dropin (only when target/dropin/liburing.so.2 exists)
#   echo    examples-c/echo_server --batch under a bounded loopback load: requests/s,
#           then syscalls/request from strace -c -f in separate runs (never while timing), and
#           user instructions/request of the server process: echo_server under callgrind
#           (--trace-children=no) serving ECHO_CG_CONNS connections x ECHO_CG_MSGS[0] and,
#           in a second run, x ECHO_CG_MSGS[1] requests; after the load generator has seen
#           every echo, `callgrind_control --dump` writes the counts and the server is killed
#           (valgrind 3.19 keeps SIGTERM pending while the server sits in io_uring_enter, so
#           a clean exit cannot be relied on). (Ir2 - Ir1) / extra requests.
#   rust    benches/vs_tokio.rs: NOP batch 1 and 32, 4 KiB page-cache reads at QD 32,
#           64-byte UDP datagrams received by a multishot recv into a buffer ring and sent by
#           send_zc (batches of 32), on uring_rs::api and on tokio-rs's io-uring crate; ops/s
#           (NOP, reads) and instructions/op as above, in a table of their own
# Pinning (unless --no-pin or taskset is missing): nop, read and qemu-img run on CPU
# $BENCH_CPU (default: the last CPU); echo_server on $BENCH_CPU and echo_load on
# $BENCH_LOAD_CPU (default: CPU 0; with one CPU the two are not pinned).
#
# --smoke: tiny sizes and one round; checks every benchmark runs and prints numbers.
# Exit status: 0 all ran, 77 nothing could run (no io_uring), 1 something failed.
# Environment: BENCH_DIR (default target/bench), BENCH_FILE (the data file),
# ECHO_SERVER_ARGS (default --batch), ECHO_CONNS, ECHO_MSGS, ECHO_SIZE, ECHO_CG_CONNS (default 1),
# BENCH_ROUNDS, BENCH_CPU, BENCH_LOAD_CPU.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
BENCH_DIR=${BENCH_DIR:-$ROOT/target/bench}
LIBS=(liburing uring-rs)
SMOKE=0 ROUNDS=${BENCH_ROUNDS:-5} CALLGRIND=1 ONLY= PIN=1
while [ $# -gt 0 ]; do
	case $1 in
	--smoke) SMOKE=1 ;;
	--rounds) ROUNDS=$2; shift ;;
	--no-callgrind) CALLGRIND=0 ;;
	--no-pin) PIN=0 ;;
	--only) ONLY=$2; shift ;;
	*) echo "usage: $0 [--smoke] [--rounds N] [--no-callgrind] [--no-pin] [--only WORKLOAD]" >&2; exit 2 ;;
	esac
	shift
done

if [ $SMOKE = 1 ]; then
	ROUNDS=1 NOP_SECS=0.05 READ_SECS=0.1 FILE_MB=8 CG_N1=1280 CG_N2=2560 QEMU_COUNT=2000
	CG_READ=(640 1280) CG_DIRECT=(256 512) CG_NET=(320 640) ECHO_CG_MSGS=(10 20)
	ECHO_CONNS=${ECHO_CONNS:-4} ECHO_MSGS=${ECHO_MSGS:-50} STRACE_MSGS=(20 40)
	NOP_BATCHES=(1 32) START_N=20
else
	NOP_SECS=1 READ_SECS=2 FILE_MB=256 CG_N1=12800 CG_N2=64000 QEMU_COUNT=${QEMU_COUNT:-150000}
	CG_READ=(64000 320000) CG_DIRECT=(4000 20000) CG_NET=(3200 16000) ECHO_CG_MSGS=(200 1000)
	ECHO_CONNS=${ECHO_CONNS:-32} ECHO_MSGS=${ECHO_MSGS:-5000} STRACE_MSGS=(500 1500)
	NOP_BATCHES=(1 8 32 128) START_N=500
fi
ECHO_SIZE=${ECHO_SIZE:-64}
ECHO_CG_CONNS=${ECHO_CG_CONNS:-1}
ECHO_SERVER_ARGS=${ECHO_SERVER_ARGS:---batch}
BENCH_FILE=${BENCH_FILE:-$BENCH_DIR/data-${FILE_MB}M.bin}
OUT=$BENCH_DIR/out
mkdir -p "$OUT"

failures=0 ran=0
ROWS=()

want() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
log() { echo "$*" >&2; }
median() { # numbers... -> median (mean of the middle two for an even count)
	printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR == 0) exit 1;
		if (NR % 2) print a[(NR+1)/2]; else printf "%.6g\n", (a[NR/2] + a[NR/2+1]) / 2}'
}
field() { # key, line -> value of key=value in line
	tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -n1
}
fmt() { # number, decimals
	awk -v x="$1" -v d="$2" 'BEGIN { if (x == "") print "n/a"; else printf "%.*f\n", d, x }'
}
row() { # workload, ${LIBS[0]} value, ${LIBS[1]} value, higher-is-better(1|0), decimals
	local a=${2:-n/a} b=${3:-n/a} r=n/a
	if [[ $a =~ ^[0-9.e+]+$ && $b =~ ^[0-9.e+]+$ ]]; then
		r=$(awk -v a="$a" -v b="$b" -v h="$4" 'BEGIN { if (h) { if (a > 0) printf "%.2f", b / a; else print "n/a" }
			else { if (b > 0) printf "%.2f", a / b; else print "n/a" } }')
		a=$(fmt "$a" "$5") b=$(fmt "$b" "$5")
	fi
	ROWS+=("| $1 | $a | $b | $r |")
	log "  => $1: ${LIBS[0]} $a, ${LIBS[1]} $b, ratio $r"
}
# run one program; prints its output line, records failure; skip (77) prints nothing
run_prog() { # label, command...
	local label=$1; shift
	local out rc
	out=$("$@" 2>"$OUT/last.err"); rc=$?
	if [ $rc = 0 ] && [[ $(field ops_per_sec "$out") =~ ^[0-9.]+$ ]]; then
		ran=$((ran + 1)); echo "$out"; return 0
	fi
	if [ $rc = 77 ]; then log "  skip $label: $(tail -n1 "$OUT/last.err")"; return 77; fi
	log "  FAIL $label (rc=$rc): $(tail -n3 "$OUT/last.err") $out"
	failures=$((failures + 1)); return 1
}
# order of the two libraries in round r: flips every round
order() { if [ $(($1 % 2)) = 1 ]; then echo "${LIBS[0]} ${LIBS[1]}"; else echo "${LIBS[1]} ${LIBS[0]}"; fi; }
bin() { echo "$BENCH_DIR/$1/$2"; }

# ---- CPU pinning ----
NCPU=$(nproc)
BENCH_CPU=${BENCH_CPU:-$((NCPU - 1))}
BENCH_LOAD_CPU=${BENCH_LOAD_CPU:-0}
PIN_RUN=() PIN_SERVER=() PIN_LOAD=()
if [ $PIN = 1 ] && command -v taskset >/dev/null; then
	PIN_RUN=(taskset -c "$BENCH_CPU")
	if [ "$NCPU" -gt 1 ] && [ "$BENCH_CPU" != "$BENCH_LOAD_CPU" ]; then
		PIN_SERVER=(taskset -c "$BENCH_CPU") PIN_LOAD=(taskset -c "$BENCH_LOAD_CPU")
	fi
fi
pin_desc() {
	if [ ${#PIN_RUN[@]} = 0 ]; then echo "not pinned"; return; fi
	echo -n "nop/read/qemu-img pinned to CPU $BENCH_CPU"
	if [ ${#PIN_SERVER[@]} -gt 0 ]; then echo ", echo_server to CPU $BENCH_CPU, echo_load to CPU $BENCH_LOAD_CPU"
	else echo ", echo not pinned"; fi
}

# ---- callgrind: user-space instructions per op ----
# cg_run file, command... -> prints "OPS IR" (ops from the program's ops= field)
cg_run() {
	local f=$1; shift
	local out
	rm -f "$f"
	out=$(valgrind --tool=callgrind --callgrind-out-file="$f" "$@" 2>"$OUT/last.err") || return 1
	echo "$(field ops "$out") $(sed -n 's/^totals: *//p' "$f" | awk '{print $1}')"
}
# cg_ipo name, lib, N1, N2, command... (ending just before "-n N") [-- trailing args]
# -> prints instructions/op = (Ir(N2) - Ir(N1)) / (ops(N2) - ops(N1))
cg_ipo() {
	local name=$1 lib=$2 n1=$3 n2=$4; shift 4
	local pre=() post=() a b
	while [ $# -gt 0 ] && [ "$1" != -- ]; do pre+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	post=("$@")
	a=$(cg_run "$OUT/callgrind/$name-$lib-n$n1.out" "${pre[@]}" -n "$n1" "${post[@]}") || return 1
	b=$(cg_run "$OUT/callgrind/$name-$lib-n$n2.out" "${pre[@]}" -n "$n2" "${post[@]}") || return 1
	# shellcheck disable=SC2086
	set -- $a $b
	[ $# = 4 ] && [ "$3" -gt "$1" ] || return 1
	awk -v o1="$1" -v i1="$2" -v o2="$3" -v i2="$4" 'BEGIN { printf "%.1f", (i2 - i1) / (o2 - o1) }'
}

# ipo_row LABEL TAG N1 N2 PROGRAM ARGS...: one table row of user instructions/op of PROGRAM
# (nop, read) for both libraries, from cg_ipo; the page-cache read run warms the file first.
ipo_row() {
	local label=$1 tag=$2 n1=$3 n2=$4 prog=$5 lib
	shift 5
	declare -A ipo=()
	for lib in "${LIBS[@]}"; do
		[[ $tag == read || $tag == rust-read ]] && cat "$BENCH_FILE" >/dev/null
		if ipo[$lib]=$(cg_ipo "$tag" "$lib" "$n1" "$n2" "$(bin "$lib" "$prog")" "$@"); then
			ran=$((ran + 1))
			log "  $tag $lib: ${ipo[$lib]} instructions/op (callgrind, $n1 and $n2 ops)"
		else
			log "  FAIL callgrind $tag/$lib: $(tail -n3 "$OUT/last.err")"
			failures=$((failures + 1))
		fi
	done
	row "$label (user instructions/op)" "${ipo[${LIBS[0]}]:-n/a}" "${ipo[${LIBS[1]}]:-n/a}" 0 1
	IPO_LIBURING[$tag]=${ipo[${LIBS[0]}]:-n/a}
}
declare -A IPO_LIBURING=()

for lib in "${LIBS[@]}"; do
	for p in nop read; do
		if [ ! -x "$(bin "$lib" "$p")" ]; then
			log "missing $(bin "$lib" "$p"): run 'make bench-build' first"; exit 1
		fi
	done
done

# ---- machine ----
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
MACHINE="Linux $(uname -r) $(uname -m), ${cpu:-unknown CPU}, $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
MACHINE+=", liburing $(dpkg-query -W -f '${Version}' liburing-dev 2>/dev/null || echo '?') (system)"
MACHINE+=", $(${CC:-cc} --version 2>/dev/null | head -n1)"
log "machine: $MACHINE"
log "mode: $([ $SMOKE = 1 ] && echo smoke || echo full), $ROUNDS round(s), alternating ${LIBS[*]}; $(pin_desc)"

# ---- 1. NOP round trips ----
if want nop; then
	for b in "${NOP_BATCHES[@]}"; do
		declare -A v=()
		for r in $(seq 1 "$ROUNDS"); do
			for lib in $(order "$r"); do
				line=$(run_prog "nop/$lib b=$b" "${PIN_RUN[@]}" "$(bin "$lib" nop)" -b "$b" -t "$NOP_SECS") || continue
				v[$lib]+="$(field ops_per_sec "$line") "
				log "  nop b=$b round $r $lib: $(field ops_per_sec "$line") ops/s"
			done
		done
		# shellcheck disable=SC2086
		row "NOP batch $b (ops/s)" "$(median ${v[liburing]:-})" "$(median ${v[uring-rs]:-})" 1 0
		unset v
	done
	if [ $CALLGRIND = 1 ]; then
		if ! command -v valgrind >/dev/null; then
			log "  skip instructions/op: valgrind not installed"
		else
			mkdir -p "$OUT/callgrind"
			for b in "${NOP_BATCHES[@]}"; do
				ipo_row "NOP batch $b" "nop-b$b" "$CG_N1" "$CG_N2" nop -b "$b"
			done
			# The rows above use the library as shipped: tracing (src/trace.rs) compiled in,
			# off. The same NOP program on a library built without the `trace` feature
			# (make bench-notrace) shows what compiling it in costs.
			notrace=$BENCH_DIR/uring-rs-notrace/nop
			if [ -x "$notrace" ]; then
				for b in "${NOP_BATCHES[@]}"; do
					if v=$(cg_ipo "nop-b$b" notrace "$CG_N1" "$CG_N2" "$notrace" -b "$b"); then
						ran=$((ran + 1))
						log "  nop-b$b uring-rs without trace: $v instructions/op"
					else
						v=n/a failures=$((failures + 1))
						log "  FAIL callgrind nop-b$b/notrace: $(tail -n3 "$OUT/last.err")"
					fi
					row "NOP batch $b, uring-rs built without tracing (user instructions/op)" "${IPO_LIBURING[nop-b$b]}" "$v" 0 1
				done
			else
				log "  skip the no-trace rows: $notrace not built (make bench-notrace)"
			fi
		fi
	fi
fi

# ---- 1b. process start with one ring ----
# bench/start.c runs itself START_N times per round; each child loads the library, sets up and
# tears down one ring, exits. Rate and CPU time per start, alternating as above; then the
# instructions of one such process under callgrind (exact: the loader's relocation and symbol
# lookups, the library's initialisers, the two calls; the kernel's work is not counted).
if want start; then
	declare -A v=() cpu=()
	for r in $(seq 1 "$ROUNDS"); do
		for lib in $(order "$r"); do
			line=$(run_prog "start/$lib" "${PIN_RUN[@]}" "$(bin "$lib" start)" -n "$START_N") || continue
			v[$lib]+="$(field ops_per_sec "$line") " cpu[$lib]+="$(field cpu_us_per_start "$line") "
			log "  start round $r $lib: $(field us_per_start "$line") us, CPU $(field cpu_us_per_start "$line") us per start"
		done
	done
	# shellcheck disable=SC2086
	row "process start, one ring set up and torn down (starts/s)" "$(median ${v[liburing]:-})" "$(median ${v[uring-rs]:-})" 1 0
	# shellcheck disable=SC2086
	row "process start, one ring (CPU us/start, user+system)" "$(median ${cpu[liburing]:-})" "$(median ${cpu[uring-rs]:-})" 0 1
	unset v cpu
	if [ $CALLGRIND = 1 ] && command -v valgrind >/dev/null; then
		mkdir -p "$OUT/callgrind"
		declare -A ir=()
		for lib in "${LIBS[@]}"; do
			f=$OUT/callgrind/start-$lib.out
			if valgrind --tool=callgrind --callgrind-out-file="$f" "$(bin "$lib" start)" 2>"$OUT/last.err"; then
				ran=$((ran + 1)) ir[$lib]=$(sed -n 's/^totals: *//p' "$f" | awk '{print $1}')
			else
				log "  FAIL callgrind start/$lib: $(tail -n3 "$OUT/last.err")"
				failures=$((failures + 1))
			fi
		done
		row "process start, one ring (user instructions/start)" "${ir[liburing]:-n/a}" "${ir[uring-rs]:-n/a}" 0 0
		unset ir
	fi
fi

# ---- data file for the read workloads ----
if want read || want direct || want qemu || want rust; then
	if [ ! -f "$BENCH_FILE" ] || [ "$(stat -c %s "$BENCH_FILE")" != $((FILE_MB << 20)) ]; then
		log "creating $BENCH_FILE ($FILE_MB MiB)"
		dd if=/dev/urandom of="$BENCH_FILE.tmp" bs=1M count="$FILE_MB" conv=fsync status=none &&
			mv "$BENCH_FILE.tmp" "$BENCH_FILE"
	fi
fi

# ---- 2/3. reads at QD 64 ----
read_workload() { # name, label, callgrind N1, N2, extra args...
	local name=$1 label=$2 n1=$3 n2=$4; shift 4
	declare -A v=()
	local r lib line
	for r in $(seq 1 "$ROUNDS"); do
		for lib in $(order "$r"); do
			[ "$name" = read ] && cat "$BENCH_FILE" >/dev/null # keep it in the page cache
			line=$(run_prog "$name/$lib" "${PIN_RUN[@]}" "$(bin "$lib" read)" "$@" -d 64 -s 4096 -t "$READ_SECS" "$BENCH_FILE") || continue
			v[$lib]+="$(field ops_per_sec "$line") "
			log "  $name round $r $lib: $(field ops_per_sec "$line") ops/s"
		done
	done
	# shellcheck disable=SC2086
	row "$label (ops/s)" "$(median ${v[liburing]:-})" "$(median ${v[uring-rs]:-})" 1 0
	[ -z "${v[liburing]:-}${v[uring-rs]:-}" ] && return # skipped (no O_DIRECT) or failed
	[ $CALLGRIND = 1 ] || return
	if ! command -v valgrind >/dev/null; then log "  skip instructions/op: valgrind not installed"; return; fi
	mkdir -p "$OUT/callgrind"
	ipo_row "$label" "$name" "$n1" "$n2" read "$@" -d 64 -s 4096 -- "$BENCH_FILE"
}
want read && read_workload read "4 KiB page-cache reads, QD 64, ${FILE_MB} MiB file" "${CG_READ[@]}"
want direct && read_workload direct "4 KiB O_DIRECT random reads, QD 64" "${CG_DIRECT[@]}" -D

# ---- 3b. qemu-img bench through the drop-in ----
if want qemu; then
	DROPIN=$ROOT/target/dropin
	if ! command -v qemu-img >/dev/null; then
		log "  skip qemu-img bench: qemu-img not installed"
	elif ! ldd "$(command -v qemu-img)" | grep -q 'liburing\.so\.2'; then
		log "  skip qemu-img bench: this qemu-img is not linked with liburing.so.2"
	elif [ ! -e "$DROPIN/liburing.so.2" ]; then
		log "  skip qemu-img bench: no $DROPIN/liburing.so.2 (make dropin)"
	elif ! LD_LIBRARY_PATH=$DROPIN ldd "$(command -v qemu-img)" | grep -q "liburing\.so\.2 => $DROPIN/"; then
		log "  FAIL qemu-img bench: LD_LIBRARY_PATH=$DROPIN does not make qemu-img load the drop-in"
		failures=$((failures + 1))
	else
		declare -A v=()
		for r in $(seq 1 "$ROUNDS"); do
			for lib in $(order "$r"); do
				if [ "$lib" = uring-rs ]; then env=(env LD_LIBRARY_PATH="$DROPIN"); else env=(env); fi
				out=$("${PIN_RUN[@]}" "${env[@]}" qemu-img bench -f raw -t none -i io_uring -c "$QEMU_COUNT" -d 64 -s 4k \
					"$BENCH_FILE" 2>&1)
				t=$(sed -n 's/^Run completed in \([0-9.]*\) seconds.*/\1/p' <<<"$out")
				if [ -z "$t" ]; then
					log "  FAIL qemu-img bench ($lib): $(tail -n2 <<<"$out")"
					failures=$((failures + 1)); continue
				fi
				ran=$((ran + 1))
				v[$lib]+="$(awk -v n="$QEMU_COUNT" -v t="$t" 'BEGIN { printf "%.0f", n / (t > 0 ? t : 0.001) }') "
				log "  qemu-img round $r $lib: $QEMU_COUNT reads in ${t}s"
			done
		done
		# shellcheck disable=SC2086
		row "qemu-img bench -t none -i io_uring, 4 KiB, QD 64 (ops/s)" \
			"$(median ${v[liburing]:-})" "$(median ${v[uring-rs]:-})" 1 0
		unset v
	fi
fi

# ---- 4. echo ----
# start_server lib [wrapper...] -> sets SERVER_PID (the wrapper's pid) and PORT
start_server() {
	local lib=$1; shift
	local log_file=$OUT/echo-$lib.log i
	# empty it here: the background job's own redirection may come after the first read below,
	# which would then find the previous server's port
	: >"$log_file"
	# shellcheck disable=SC2086
	"${PIN_SERVER[@]}" "$@" "$(bin "$lib" echo_server)" $ECHO_SERVER_ARGS -p 0 >"$log_file" 2>&1 &
	SERVER_PID=$!
	PORT=
	for i in $(seq 1 100); do
		PORT=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$log_file" | head -n1)
		[ -n "$PORT" ] && return 0
		kill -0 $SERVER_PID 2>/dev/null || break
		sleep 0.05
	done
	log "  FAIL echo_server ($lib) did not start: $(tail -n3 "$log_file")"
	kill -TERM $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null
	return 1
}
stop_server() { # pid of the server process itself
	kill -TERM "$1" 2>/dev/null
	for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done
	kill -KILL "$1" 2>/dev/null
}
load() { # msgs [conns] -> prints elapsed seconds; fails if the load generator fails
	local s e
	s=$(date +%s.%N)
	"${PIN_LOAD[@]}" "$BENCH_DIR/echo_load" -q -p "$PORT" -c "${2:-$ECHO_CONNS}" -m "$1" -s "$ECHO_SIZE" -S "$ECHO_SIZE" -t 120 \
		>"$OUT/load.out" 2>&1 || return 1
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.6f\n", e - s }'
}
if want echo; then
	ELIBS=() missing=
	for lib in "${LIBS[@]}"; do
		if [ -x "$(bin "$lib" echo_server)" ]; then ELIBS+=("$lib"); else missing+=" $lib"; fi
	done
	cell() { # lib, value -> the table cell
		if [[ " $missing " == *" $1 "* ]]; then echo "build failed"; else echo "${2:-n/a}"; fi
	}
	[ -n "$missing" ] && log "  echo_server did not build against:$missing (see make bench-build)"
	if [ ! -x "$BENCH_DIR/echo_load" ]; then
		log "  skip echo: no load generator $BENCH_DIR/echo_load"
	elif [ ${#ELIBS[@]} -gt 0 ]; then
		declare -A v=()
		for r in $(seq 1 "$ROUNDS"); do
			for lib in $(order "$r"); do
				[[ " $missing " == *" $lib "* ]] && continue
				start_server "$lib" || { failures=$((failures + 1)); continue; }
				if el=$(load "$ECHO_MSGS"); then
					ran=$((ran + 1))
					v[$lib]+="$(awk -v n=$((ECHO_CONNS * ECHO_MSGS)) -v t="$el" 'BEGIN { printf "%.0f", n / t }') "
					log "  echo round $r $lib: $((ECHO_CONNS * ECHO_MSGS)) requests in ${el}s"
				else
					log "  FAIL echo_load against $lib: $(tail -n3 "$OUT/load.out")"
					failures=$((failures + 1))
				fi
				stop_server $SERVER_PID; wait $SERVER_PID 2>/dev/null
			done
		done
		# shellcheck disable=SC2086
		row "echo ${ECHO_SERVER_ARGS}, ${ECHO_CONNS} conns x ${ECHO_SIZE} B (requests/s)" \
			"$(cell liburing "$(median ${v[liburing]:-})")" "$(cell uring-rs "$(median ${v[uring-rs]:-})")" 1 0
		unset v
		# syscalls per request: strace -c -f, two run lengths, difference / extra requests; with
		# ECHO_CG_CONNS (1) connection(s), so batching luck doesn't move the count
		if ! command -v strace >/dev/null; then
			log "  skip syscalls/request: strace not installed"
		else
			declare -A spr=()
			for lib in "${ELIBS[@]}"; do
				calls=()
				for m in "${STRACE_MSGS[@]}"; do
					sf=$OUT/strace-$lib-m$m.txt
					rm -f "$sf"
					start_server "$lib" strace -f -c -o "$sf" || { failures=$((failures + 1)); continue; }
					spid=$(pgrep -P $SERVER_PID | head -n1)
					if ! load "$m" "$ECHO_CG_CONNS" >/dev/null; then
						log "  FAIL echo_load under strace ($lib): $(tail -n3 "$OUT/load.out")"
						failures=$((failures + 1))
					fi
					stop_server "${spid:-$SERVER_PID}"; wait $SERVER_PID 2>/dev/null
					c=$(awk '$NF == "total" { print $4 }' "$sf" 2>/dev/null)
					[ -n "$c" ] && calls+=("$c")
				done
				if [ ${#calls[@]} = 2 ]; then
					ran=$((ran + 1))
					spr[$lib]=$(awk -v a="${calls[0]}" -v b="${calls[1]}" \
						-v n=$((ECHO_CG_CONNS * (STRACE_MSGS[1] - STRACE_MSGS[0]))) 'BEGIN { printf "%.3f", (b - a) / n }')
					log "  echo $lib: ${spr[$lib]} syscalls/request (strace totals ${calls[*]})"
				else
					log "  FAIL strace counts for $lib"; failures=$((failures + 1))
				fi
			done
			row "echo ${ECHO_SERVER_ARGS}, ${ECHO_CG_CONNS} conn(s) (syscalls/request, strace -c -f)" \
				"$(cell liburing "${spr[liburing]:-}")" "$(cell uring-rs "${spr[uring-rs]:-}")" 0 3
			unset spr
		fi
		# user instructions per request in the server process: callgrind, two request counts
		if [ $CALLGRIND = 1 ] && ! command -v callgrind_control >/dev/null; then
			log "  skip echo instructions/request: valgrind (callgrind_control) not installed"
		elif [ $CALLGRIND = 1 ]; then
			mkdir -p "$OUT/callgrind"
			declare -A ipr=()
			for lib in "${ELIBS[@]}"; do
				tot=()
				for m in "${ECHO_CG_MSGS[@]}"; do
					f=$OUT/callgrind/echo-$lib-c$ECHO_CG_CONNS-m$m.out
					rm -f "$f" "$f".*
					start_server "$lib" valgrind --tool=callgrind --trace-children=no --callgrind-out-file="$f" ||
						{ failures=$((failures + 1)); continue; }
					if ! load "$m" "$ECHO_CG_CONNS" >/dev/null; then
						log "  FAIL echo_load under callgrind ($lib): $(tail -n3 "$OUT/load.out")"
						failures=$((failures + 1))
					elif ! timeout 60 callgrind_control --dump "$SERVER_PID" >"$OUT/last.err" 2>&1 || [ ! -s "$f.1" ]; then
						log "  FAIL callgrind_control --dump ($lib): $(tail -n3 "$OUT/last.err")"
						failures=$((failures + 1))
					else
						tot+=("$(sed -n 's/^totals: *//p' "$f.1" | awk '{print $1}')")
					fi
					# the dump is written; valgrind would not act on SIGTERM while in io_uring_enter
					kill -KILL "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null
				done
				if [ ${#tot[@]} = 2 ]; then
					ran=$((ran + 1))
					ipr[$lib]=$(awk -v a="${tot[0]}" -v b="${tot[1]}" \
						-v n=$((ECHO_CG_CONNS * (ECHO_CG_MSGS[1] - ECHO_CG_MSGS[0]))) 'BEGIN { printf "%.1f", (b - a) / n }')
					log "  echo $lib: ${ipr[$lib]} instructions/request in the server (callgrind totals ${tot[*]})"
				fi
			done
			row "echo ${ECHO_SERVER_ARGS}, ${ECHO_CG_CONNS} conn(s) x ${ECHO_SIZE} B (server user instructions/request)" \
				"$(cell liburing "${ipr[liburing]:-}")" "$(cell uring-rs "${ipr[uring-rs]:-}")" 0 1
			unset ipr
		fi
	else
		row "echo ${ECHO_SERVER_ARGS}, ${ECHO_CONNS} conns x ${ECHO_SIZE} B (requests/s)" "$(cell liburing)" "$(cell uring-rs)" 1 0
	fi
fi

# ---- the Rust APIs: uring_rs::api against tokio-rs's io-uring crate ----
# benches/vs_tokio.rs, the loops of nop.c and read.c on each API; its own table.
RUST_ROWS=()
if want rust; then
	C_ROWS=("${ROWS[@]}") ROWS=()
	LIBS=(io-uring uring-rs-api)
	for b in 1 32; do
		declare -A v=()
		for r in $(seq 1 "$ROUNDS"); do
			for lib in $(order "$r"); do
				line=$(run_prog "rust nop/$lib b=$b" "${PIN_RUN[@]}" "$(bin "$lib" nop)" -b "$b" -t "$NOP_SECS") || continue
				v[$lib]+="$(field ops_per_sec "$line") "
				log "  rust nop b=$b round $r $lib: $(field ops_per_sec "$line") ops/s"
			done
		done
		row "NOP batch $b (ops/s)" "$(median ${v[io-uring]:-})" "$(median ${v[uring-rs-api]:-})" 1 0
		unset v
	done
	declare -A v=()
	for r in $(seq 1 "$ROUNDS"); do
		for lib in $(order "$r"); do
			cat "$BENCH_FILE" >/dev/null # keep it in the page cache
			line=$(run_prog "rust read/$lib" "${PIN_RUN[@]}" "$(bin "$lib" read)" -d 32 -s 4096 -t "$READ_SECS" "$BENCH_FILE") || continue
			v[$lib]+="$(field ops_per_sec "$line") "
			log "  rust read round $r $lib: $(field ops_per_sec "$line") ops/s"
		done
	done
	row "4 KiB page-cache reads, QD 32, ${FILE_MB} MiB file (ops/s)" "$(median ${v[io-uring]:-})" "$(median ${v[uring-rs-api]:-})" 1 0
	unset v
	if [ $CALLGRIND = 1 ] && command -v valgrind >/dev/null; then
		mkdir -p "$OUT/callgrind"
		for b in 1 32; do
			ipo_row "NOP batch $b" "rust-nop-b$b" "$CG_N1" "$CG_N2" nop -b "$b"
		done
		ipo_row "4 KiB page-cache reads, QD 32" rust-read "${CG_READ[@]}" read -d 32 -s 4096 -- "$BENCH_FILE"
		ipo_row "UDP multishot recv into a buffer ring, batch 32" rust-recvms "${CG_NET[@]}" recvms -b 32
		ipo_row "UDP send_zc, batch 32" rust-sendzc "${CG_NET[@]}" sendzc -b 32
	fi
	RUST_ROWS=("${ROWS[@]}") ROWS=("${C_ROWS[@]}")
	LIBS=(liburing uring-rs)
fi

# ---- report ----
{
	echo "Machine: $MACHINE"
	echo "Medians of $ROUNDS alternating round(s)$([ $SMOKE = 1 ] && echo ', SMOKE MODE (tiny sizes, numbers meaningless)'); $(pin_desc); $(date -u +%Y-%m-%d)."
	echo
	echo "| workload | liburing | uring-rs | ratio |"
	echo "|---|---:|---:|---:|"
	printf '%s\n' "${ROWS[@]}"
	echo
	echo "ratio: uring-rs/liburing for rates, liburing/uring-rs for instructions and syscalls (>= 1.00: uring-rs as good or better)."
	if [ ${#RUST_ROWS[@]} -gt 0 ]; then
		echo
		echo "Rust APIs, the same loops (benches/vs_tokio.rs):"
		echo
		echo "| workload | tokio-rs io-uring | uring_rs::api | ratio |"
		echo "|---|---:|---:|---:|"
		printf '%s\n' "${RUST_ROWS[@]}"
		echo
		echo "ratio: uring_rs::api/io-uring for rates, io-uring/uring_rs::api for instructions (>= 1.00: uring_rs::api as good or better)."
	fi
} | tee "$OUT/results.md"

if [ $failures -gt 0 ]; then
	echo "$failures benchmark run(s) failed" >&2; exit 1
fi
if [ $ran = 0 ]; then
	echo "nothing could run" >&2; exit 77
fi
exit 0
