#!/usr/bin/env bash
# udp_server: thousands of datagrams of varied sizes echoed intact over IPv4
# and IPv6; an oversized (MSG_TRUNC) datagram is dropped, not echoed; a tiny
# buffer ring (-ENOBUFS, re-arming the multishot recvmsg) loses nothing.
. "$(dirname "$0")/tools/examples_lib.sh"

need udp_server udp_check
make_workdir

start_server u4 udp_server -p 0
timeout $(ts 12) "$EXAMPLES_DIR/udp_check" -p "$SERVER_PORT" -n 8000 -s 8 -S 3900 -T 5000 -t $(ts 10) ||
	{ skip_if_unsupported "$WORKDIR/u4.err" "udp_server"; fail "udp_server IPv4: check failed (server: $(tail -n 2 "$WORKDIR/u4.err" | tr '\n' ' '))"; }
stop_server TERM
grep -q "1 truncated" "$WORKDIR/u4.err" || fail "udp_server did not report the truncated datagram: $(cat "$WORKDIR/u4.err")"
log "ok: IPv4: 8000 datagrams of 8..3900 bytes, oversized one dropped"

start_server small udp_server -p 0 -n 4
timeout $(ts 12) "$EXAMPLES_DIR/udp_check" -p "$SERVER_PORT" -n 3000 -s 8 -S 3900 -t $(ts 10) ||
	{ skip_if_unsupported "$WORKDIR/small.err" "udp_server"; fail "udp_server -n 4: check failed"; }
stop_server INT
log "ok: IPv4 with a 4-buffer ring: 3000 datagrams ($(grep -oE '[0-9]+ out-of-buffer' "$WORKDIR/small.err"))"

if have_ipv6_loopback; then
	start_server u6 udp_server -p 0 -6
	timeout $(ts 12) "$EXAMPLES_DIR/udp_check" -6 -p "$SERVER_PORT" -n 8000 -s 8 -S 3900 -T 5000 -t $(ts 10) ||
		{ skip_if_unsupported "$WORKDIR/u6.err" "udp_server"; fail "udp_server IPv6: check failed"; }
	stop_server TERM
	log "ok: IPv6: 8000 datagrams of 8..3900 bytes, oversized one dropped"
else
	log "note: IPv6 part skipped: no ::1 on this host"
fi

"$EXAMPLES_DIR/udp_server" -h | grep -q Usage || fail "udp_server -h"
log "PASS"
