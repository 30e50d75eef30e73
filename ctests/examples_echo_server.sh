#!/usr/bin/env bash
# echo_server: plain and with each feature flag alone, 1000 concurrent
# connections x several messages of 1..16384 bytes each, every byte verified,
# then a clean SIGTERM/SIGINT shutdown.
# The watchdog of examples_lib.sh only stops a hang: each of the 6 runs below is bounded by its
# own `timeout 12` plus a server start and stop (a few seconds), so the whole may take about
# their sum on a loaded machine (20 s, the default, is what it takes on a quiet one); it stays
# under the 120 s run.sh gives a script.
EXAMPLES_TIMEOUT=${EXAMPLES_TIMEOUT:-$((6 * 18))}
. "$(dirname "$0")/tools/examples_lib.sh"

need echo_server echo_load
raise_nofile 4096
make_workdir

n=0
lacking=()
for flags in "" "--batch" "--fixed" "--multishot" "--sqpoll" "--bufring"; do
	n=$((n + 1))
	start_server "es$n" echo_server -p 0 -a 127.0.0.1 $flags
	if ! timeout $(ts 12) "$EXAMPLES_DIR/echo_load" -p "$SERVER_PORT" -c 1000 -m 4 -s 1 -S 16384 -t $(ts 10) -q; then
		# a server that stopped for a feature this kernel lacks (it says so): the other
		# flags still run, and the test skips at the end with what was lacking
		if grep -qE "lacks|needs Linux" "$WORKDIR/es$n.err"; then
			lacking+=("$flags: $(tail -n 1 "$WORKDIR/es$n.err")")
			continue
		fi
		fail "echo_server ${flags:-(plain)}: load test failed (server stderr: $(tail -n 3 "$WORKDIR/es$n.err" | tr '\n' ' '))"
	fi
	# alternate the two signals
	if [ $((n % 2)) -eq 0 ]; then stop_server INT; else stop_server TERM; fi
	log "ok: echo_server ${flags:-(plain)}: 1000 connections x 4 messages verified"
done
[ ${#lacking[@]} -eq 0 ] || skip "everything else passed; this kernel lacks what these need: ${lacking[*]}"
log "PASS"
