#!/usr/bin/env bash
# echo_server with all flags together, a starved buffer ring, a busy port
# and --help.
. "$(dirname "$0")/tools/examples_lib.sh"

need echo_server echo_load
raise_nofile 4096
make_workdir

all="--batch --fixed --multishot --sqpoll --bufring"
start_server all echo_server -p 0 -a 127.0.0.1 $all
timeout $(ts 12) "$EXAMPLES_DIR/echo_load" -p "$SERVER_PORT" -c 1000 -m 4 -s 1 -S 16384 -t $(ts 10) -q ||
	{ skip_if_unsupported "$WORKDIR/all.err" "echo_server $all"; fail "echo_server $all: load test failed"; }
log "ok: echo_server $all: 1000 connections x 4 messages verified"

# a port that is taken must be reported as such
expect_failure "busy port" "in use" "$EXAMPLES_DIR/echo_server" -p "$SERVER_PORT" -a 127.0.0.1
stop_server INT

# 16 provided buffers for 200 connections: multishot recv runs out
# (-ENOBUFS) all the time and must recover without losing a byte
start_server starved echo_server -p 0 -a 127.0.0.1 --bufring --batch -n 16
timeout $(ts 12) "$EXAMPLES_DIR/echo_load" -p "$SERVER_PORT" -c 200 -m 4 -s 1000 -S 40000 -t $(ts 10) -q ||
	{ skip_if_unsupported "$WORKDIR/starved.err" "echo_server --bufring"; fail "echo_server --bufring -n 16: load test failed"; }
stop_server TERM
log "ok: echo_server --bufring with 16 buffers: 200 connections x 4 messages of up to 40000 bytes verified"

# a single buffer for everyone, plus the other flags
start_server one echo_server -p 0 -a 127.0.0.1 --bufring --multishot --fixed -n 1
timeout $(ts 12) "$EXAMPLES_DIR/echo_load" -p "$SERVER_PORT" -c 300 -m 3 -s 1 -S 20000 -t $(ts 10) -q ||
	{ skip_if_unsupported "$WORKDIR/one.err" "echo_server --bufring"; fail "echo_server --bufring -n 1: load test failed"; }
stop_server TERM
log "ok: echo_server --bufring with 1 buffer: 300 connections x 3 messages verified"

"$EXAMPLES_DIR/echo_server" --help | grep -q -- "--multishot" || fail "echo_server --help"
expect_failure "bad option" "Usage" "$EXAMPLES_DIR/echo_server" --no-such-flag
log "PASS"
