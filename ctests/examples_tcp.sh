#!/usr/bin/env bash
# tcp_server with tcp_client: forked clients send a bounded number of
# messages, check every answer and report CPU, memory and requests/s.
. "$(dirname "$0")/tools/examples_lib.sh"

need tcp_server tcp_client
make_workdir

start_server ts tcp_server 0
out=$(timeout $(ts 15) "$EXAMPLES_DIR/tcp_client" -p "$SERVER_PORT" -n 8 -c 300 2>"$WORKDIR/client.err") ||
	fail "tcp_client failed: $(cat "$WORKDIR/client.err")"
echo "$out" | grep -q "summary: clients=8 ok=8 failed=0 requests=2400 " || fail "unexpected summary: $out"
[ "$(echo "$out" | grep -c '^client pid .*requests=300 .*cpu=.*maxrss=.*rps=')" -eq 8 ] ||
	fail "missing per-client statistics: $out"
log "ok: $(echo "$out" | grep summary)"
expect_failure "busy port" "in use" "$EXAMPLES_DIR/tcp_server" "$SERVER_PORT"
stop_server INT

expect_failure "no server" "cannot connect" "$EXAMPLES_DIR/tcp_client" -p "$SERVER_PORT" -n 2 -c 1
"$EXAMPLES_DIR/tcp_client" -h | grep -q Usage || fail "tcp_client -h"
"$EXAMPLES_DIR/tcp_server" -h | grep -q Usage || fail "tcp_server -h"
log "PASS"
