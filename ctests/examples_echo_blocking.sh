#!/usr/bin/env bash
# echo_blocking: the traditional blocking server under the same load as
# echo_server (it serves connections one after another), busy port, signals.
. "$(dirname "$0")/tools/examples_lib.sh"

need echo_blocking echo_load
raise_nofile 4096
make_workdir

start_server eb echo_blocking -p 0 -a 127.0.0.1
timeout $(ts 15) "$EXAMPLES_DIR/echo_load" -p "$SERVER_PORT" -c 1000 -m 3 -s 1 -S 16384 -t $(ts 12) -q ||
	fail "echo_blocking: load test failed"
log "ok: echo_blocking: 1000 connections x 3 messages verified"
expect_failure "busy port" "in use" "$EXAMPLES_DIR/echo_blocking" -p "$SERVER_PORT" -a 127.0.0.1
stop_server INT

# a client that stays connected must not delay shutdown
start_server eb2 echo_blocking -p 0 -a 127.0.0.1
exec 3<>"/dev/tcp/127.0.0.1/$SERVER_PORT" || fail "cannot connect to echo_blocking"
sleep 0.2
stop_server TERM
exec 3>&-
log "ok: echo_blocking exits on SIGTERM while a client is connected"

"$EXAMPLES_DIR/echo_blocking" -h | grep -q Usage || fail "echo_blocking -h"
log "PASS"
