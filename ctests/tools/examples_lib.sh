# Shared helpers for ctests/examples_*.sh (sourced, not run).
#
# Conventions: run from the project root; EXAMPLES_DIR points at the built
# programs (default target/examples-c); exit 0 = pass, 77 = skip (reason
# printed), anything else = fail.  Every script re-executes itself under
# `timeout` so it always stops within EXAMPLES_TIMEOUT seconds, and kills the
# servers it started on exit.

EXAMPLES_DIR=${EXAMPLES_DIR:-target/examples-c}
# TEST_TIME_SCALE=N (a whole number, default 1) multiplies every time bound of these scripts:
# the same load, given N times as long, on a machine N times slower (ctests/kernels/ runs them
# in TCG guests). ts SECONDS prints a bound so scaled.
TEST_TIME_SCALE=${TEST_TIME_SCALE:-1}
ts() { echo $(($1 * TEST_TIME_SCALE)); }
EXAMPLES_TIMEOUT=$(ts "${EXAMPLES_TIMEOUT:-20}")
TEST_NAME=$(basename "$0" .sh)

# Hard upper bound on the script's run time.
if [ -z "${EXAMPLES_UNDER_WATCHDOG:-}" ]; then
	EXAMPLES_UNDER_WATCHDOG=1 exec timeout -k 3 "$EXAMPLES_TIMEOUT" bash "$0" "$@"
fi

SERVER_PIDS=()
WORKDIR=

cleanup() {
	local pid
	for pid in "${SERVER_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null
	done
	[ -n "$WORKDIR" ] && rm -rf "$WORKDIR"
}
trap cleanup EXIT
# the watchdog's SIGTERM must still run cleanup
trap 'echo "$TEST_NAME: FAIL: timed out after ${EXAMPLES_TIMEOUT}s" >&2; exit 124' TERM INT

log() { echo "$TEST_NAME: $*"; }
fail() { echo "$TEST_NAME: FAIL: $*" >&2; exit 1; }
skip() { echo "$TEST_NAME: SKIP: $*"; exit 77; }

# need PROGRAM...: every program must have been built.
need() {
	local p
	for p in "$@"; do
		[ -x "$EXAMPLES_DIR/$p" ] || fail "$EXAMPLES_DIR/$p is not built (run: make examples)"
	done
}

# A scratch directory on a real filesystem (O_DIRECT does not work on tmpfs).
make_workdir() {
	local base
	for base in "${TEST_TMPDIR:-}" target /var/tmp "${TMPDIR:-/tmp}"; do
		[ -n "$base" ] || continue
		if [ -d "$base" ] && [ -w "$base" ]; then
			WORKDIR=$(mktemp -d "$base/examples-test.XXXXXX") && return 0
		fi
	done
	fail "no writable scratch directory"
}

# raise_nofile N: allow N open files, or skip.
raise_nofile() {
	local want=$1 hard
	[ "$(ulimit -n)" = unlimited ] && return 0
	[ "$(ulimit -n)" -ge "$want" ] && return 0
	hard=$(ulimit -Hn)
	if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then
		skip "needs $want open files, hard limit is $hard"
	fi
	ulimit -n "$want" || skip "cannot raise the open file limit to $want"
}

# Treat a server that failed for lack of a kernel feature (or of io_uring
# altogether) as a skip, anything else as a failure.
skip_if_unsupported() {
	local errfile=$1 what=$2
	if grep -qE "lacks|needs Linux|kernel without io_uring|io_uring disabled|Operation not permitted" "$errfile"; then
		skip "$what: $(head -n 3 "$errfile" | tr '\n' ' ')"
	fi
}

# start_server TAG PROGRAM ARGS...: start it in the background, wait for its
# "listening on ... PORT" line.  Sets SERVER_PID and SERVER_PORT; stderr goes
# to $WORKDIR/TAG.err.
start_server() {
	local tag=$1 prog=$2 out err i
	shift 2
	out="$WORKDIR/$tag.out"
	err="$WORKDIR/$tag.err"
	"$EXAMPLES_DIR/$prog" "$@" >"$out" 2>"$err" &
	SERVER_PID=$!
	SERVER_PIDS+=("$SERVER_PID")
	SERVER_PORT=
	for i in $(seq 1 "$(ts 100)"); do
		if grep -q "listening on" "$out" 2>/dev/null; then
			SERVER_PORT=$(grep -m1 "listening on" "$out" | grep -oE '[0-9]+' | tail -n 1)
			# udp_server prints "... port N (IPv4)": take the number after "port"
			if grep -q "udp port" "$out"; then
				SERVER_PORT=$(sed -n 's/.*udp port \([0-9]*\).*/\1/p' "$out" | head -n 1)
			fi
			return 0
		fi
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			wait "$SERVER_PID"
			echo "--- $prog $* stderr:" >&2
			cat "$err" >&2
			skip_if_unsupported "$err" "$prog $*"
			fail "$prog $* exited before listening"
		fi
		sleep 0.05
	done
	fail "$prog $* did not report a listening port within $(ts 5)s"
}

# stop_server [SIGNAL]: signal SERVER_PID and require a clean exit (status 0)
# within about a second.
stop_server() {
	local sig=${1:-TERM} pid=$SERVER_PID i status
	kill -"$sig" "$pid" 2>/dev/null || fail "server $pid already gone"
	for i in $(seq 1 30); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$pid" 2>/dev/null; then
		# allow some slack on a loaded machine, then give up
		sleep "$(ts 1)"
		if kill -0 "$pid" 2>/dev/null; then
			kill -KILL "$pid"
			fail "server $pid ignored SIG$sig for $(ts 1).5s or more"
		fi
		log "note: server $pid took over 1.5s to exit after SIG$sig"
	fi
	wait "$pid"
	status=$?
	[ "$status" -eq 0 ] || fail "server $pid exited with status $status after SIG$sig"
}

# expect_failure DESCRIPTION PATTERN COMMAND...: the command must exit
# non-zero and print PATTERN (extended regex) on stderr.
expect_failure() {
	local desc=$1 pattern=$2 errf="$WORKDIR/expect.err"
	shift 2
	if timeout "$(ts 5)" "$@" >/dev/null 2>"$errf"; then
		fail "$desc: '$*' succeeded, expected an error"
	fi
	grep -qE "$pattern" "$errf" || {
		cat "$errf" >&2
		fail "$desc: error message does not match /$pattern/"
	}
	log "ok: $desc: $(head -n 1 "$errf")"
}

have_ipv6_loopback() {
	grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null
}
