#!/usr/bin/env bash
# Soak: echo_server with --batch --fixed --multishot --bufring and udp_server under bounded load
# on loopback for SOAK_SECS seconds (60 in make check; `make soak` runs 600):
#  - 1000 TCP connections held open the whole time, each sending message after message of
#    1..16384 bytes and checking every echoed byte (echo_load -d);
#  - alongside, rounds of 20 short-lived connections (accept/close churn), every byte checked;
#  - rounds of 2000 UDP datagrams of 8..3900 bytes, every echo checked (udp_check).
# Every 10 s the RSS and open-fd count of both servers are sampled (SOAK_SAMPLES names the file,
# kept for reports). Pass: every load round verified every byte, both servers exit cleanly, and
# after the warm-up (the first third of the run) RSS and fd counts are flat: RSS grows by at
# most 1 MiB + 5 % between the first and last sample after warm-up and never exceeds that
# bound in between; fd counts vary by no more than the churn connections, and the TCP server's
# fd count is back at its idle value once the load is gone.
# ctest-timeout: 200
SOAK_SECS=${SOAK_SECS:-60}
SOAK_INTERVAL=${SOAK_INTERVAL:-10}
EXAMPLES_TIMEOUT=${EXAMPLES_TIMEOUT:-$((SOAK_SECS + 120))}
. "$(dirname "$0")/tools/examples_lib.sh"

CHURN_CONNS=20
need echo_server udp_server echo_load udp_check
raise_nofile 4096
make_workdir
SAMPLES=${SOAK_SAMPLES:-$WORKDIR/samples.tsv}
mkdir -p "$(dirname "$SAMPLES")"

start_server tcp echo_server -p 0 -a 127.0.0.1 --batch --fixed --multishot --bufring
TCP_PID=$SERVER_PID TCP_PORT=$SERVER_PORT
start_server udp udp_server -p 0
UDP_PID=$SERVER_PID UDP_PORT=$SERVER_PORT

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
nfds() { ls "/proc/$1/fd" | wc -l; }
TCP_IDLE_FDS=$(nfds "$TCP_PID")

FAILED=$WORKDIR/failed
START=$SECONDS
# loop_rounds NAME COMMAND...: run the command again and again until SOAK_SECS have passed;
# the first failure is recorded in $FAILED and ends the loop.
loop_rounds() {
	local name=$1 n=0
	shift
	while [ $((SECONDS - START)) -lt "$SOAK_SECS" ]; do
		if ! "$@" >>"$WORKDIR/$name.log" 2>&1; then
			echo "$name round $n failed: $(tail -n 3 "$WORKDIR/$name.log" | tr '\n' ' ')" >>"$FAILED"
			return 1
		fi
		n=$((n + 1))
	done
	echo "$n" >"$WORKDIR/$name.rounds"
}

"$EXAMPLES_DIR/echo_load" -p "$TCP_PORT" -c 1000 -d "$SOAK_SECS" -s 1 -S 16384 -t $((SOAK_SECS + 60)) \
	>"$WORKDIR/persistent.log" 2>&1 &
PERSISTENT=$!
loop_rounds churn "$EXAMPLES_DIR/echo_load" -p "$TCP_PORT" -c $CHURN_CONNS -m 3 -s 1 -S 4096 -t 30 -q &
CHURN=$!
loop_rounds udp "$EXAMPLES_DIR/udp_check" -p "$UDP_PORT" -n 2000 -s 8 -S 3900 -t 30 -q &
UDP=$!

printf 'secs\ttcp_rss_kb\ttcp_fds\tudp_rss_kb\tudp_fds\n' >"$SAMPLES"
while :; do
	t=$((SECONDS - START))
	printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$(rss_kb "$TCP_PID")" "$(nfds "$TCP_PID")" \
		"$(rss_kb "$UDP_PID")" "$(nfds "$UDP_PID")" >>"$SAMPLES"
	[ "$t" -ge "$SOAK_SECS" ] && break
	[ -s "$FAILED" ] && break
	sleep "$SOAK_INTERVAL"
done

wait "$PERSISTENT" || echo "persistent connections: $(tail -n 5 "$WORKDIR/persistent.log" | tr '\n' ' ')" >>"$FAILED"
wait "$CHURN"
wait "$UDP"
[ -s "$FAILED" ] && fail "$(cat "$FAILED")"
log "$(cat "$WORKDIR/persistent.log")"
log "churn: $(cat "$WORKDIR/churn.rounds") rounds of $CHURN_CONNS connections x 3 messages verified"
log "udp: $(cat "$WORKDIR/udp.rounds") rounds of 2000 datagrams verified"
sed 's/^/    /' "$SAMPLES"

# Flat after warm-up: samples from the first third of the run on are compared.
awk -F'\t' -v warm=$((SOAK_SECS / 3)) -v churn=$CHURN_CONNS '
	NR == 1 || $1 < warm { next }
	{
		n++
		for (c = 2; c <= 5; c++) {
			if (n == 1) { first[c] = $c; lo[c] = $c; hi[c] = $c }
			if ($c < lo[c]) lo[c] = $c
			if ($c > hi[c]) hi[c] = $c
			last[c] = $c
		}
	}
	END {
		if (n < 2) { print "too few samples after warm-up: " n; exit 1 }
		bad = 0
		split("tcp_rss tcp_fds udp_rss udp_fds", name, " ")
		for (c = 2; c <= 5; c += 2) {
			lim = first[c] * 1.05 + 1024
			if (last[c] > lim || hi[c] > lim) {
				printf "%s grew after warm-up: %d kB first, %d kB max, %d kB last\n", name[c - 1], first[c], hi[c], last[c]
				bad = 1
			}
		}
		for (c = 3; c <= 5; c += 2)
			if (hi[c] - lo[c] > churn + 4) {
				printf "%s not flat after warm-up: %d..%d\n", name[c - 1], lo[c], hi[c]
				bad = 1
			}
		exit bad
	}' "$SAMPLES" >"$WORKDIR/flat.out" || fail "$(cat "$WORKDIR/flat.out")"

# all connections are gone: the TCP server holds exactly the fds it held when idle
for i in $(seq 1 40); do
	[ "$(nfds "$TCP_PID")" -eq "$TCP_IDLE_FDS" ] && break
	sleep 0.1
done
[ "$(nfds "$TCP_PID")" -eq "$TCP_IDLE_FDS" ] ||
	fail "echo_server holds $(nfds "$TCP_PID") fds after the load, $TCP_IDLE_FDS when idle"
SERVER_PID=$TCP_PID; stop_server TERM
SERVER_PID=$UDP_PID; stop_server TERM
log "PASS: ${SOAK_SECS}s, RSS and fd counts flat after warm-up, no byte lost or corrupted"
