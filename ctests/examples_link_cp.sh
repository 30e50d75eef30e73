#!/usr/bin/env bash
# link_cp: a 64 MiB file of random data and a few awkward sizes copied
# byte-exactly with linked read->write pairs; errors reported.
. "$(dirname "$0")/tools/examples_lib.sh"

need link_cp
make_workdir

head -c $((64 << 20)) /dev/urandom >"$WORKDIR/in64" || fail "cannot create test file"
timeout $(ts 15) "$EXAMPLES_DIR/link_cp" "$WORKDIR/in64" "$WORKDIR/out64" || fail "link_cp on 64 MiB failed"
cmp "$WORKDIR/in64" "$WORKDIR/out64" || fail "64 MiB copy differs"
log "ok: 64 MiB copied byte-exactly"

for size in 0 1 4095 131073 1000003; do
	head -c "$size" "$WORKDIR/in64" >"$WORKDIR/in"
	# small chunks and a shallow queue: many pairs, a partial last chunk
	timeout $(ts 10) "$EXAMPLES_DIR/link_cp" -d 8 -b 4096 "$WORKDIR/in" "$WORKDIR/out" ||
		fail "link_cp of $size bytes failed"
	cmp "$WORKDIR/in" "$WORKDIR/out" || fail "copy of $size bytes differs"
done
log "ok: sizes 0, 1, 4095, 131073, 1000003 with -d 8 -b 4096"

expect_failure "missing input" "No such file" "$EXAMPLES_DIR/link_cp" "$WORKDIR/does-not-exist" "$WORKDIR/out"
expect_failure "unwritable output" "cannot create" "$EXAMPLES_DIR/link_cp" "$WORKDIR/in" "$WORKDIR/no/such/dir/out"
log "PASS"
