#!/usr/bin/env bash
# io_uring_test: O_DIRECT readv batch on files of known sizes; the reported
# counts and the bytes read must be right.
. "$(dirname "$0")/tools/examples_lib.sh"

need io_uring_test
make_workdir

f="$WORKDIR/data"
head -c 1048576 /dev/urandom >"$WORKDIR/big"

# size -> expected line (4 requests of 4096 bytes by default)
check() {
	local size=$1 expect=$2 out rc
	head -c "$size" "$WORKDIR/big" >"$f"
	out=$(timeout $(ts 5) "$EXAMPLES_DIR/io_uring_test" -o "$WORKDIR/read" "$f" 2>"$WORKDIR/err")
	rc=$?
	if [ $rc -eq 3 ]; then
		skip "O_DIRECT refused on $(df -T "$WORKDIR" | awk 'NR==2 {print $2}') ($WORKDIR): $(head -n 2 "$WORKDIR/err" | tr '\n' ' ')"
	fi
	[ $rc -eq 0 ] || fail "io_uring_test on $size bytes: exit $rc: $(cat "$WORKDIR/err")"
	[ "$out" = "$expect" ] || fail "io_uring_test on $size bytes printed '$out', expected '$expect'"
	cmp -s "$WORKDIR/read" <(head -c 16384 "$f") || fail "io_uring_test on $size bytes read wrong data"
	log "ok: $size bytes: $out"
}

check 1048576 "Submitted=4, completed=4, bytes=16384"
check 10000   "Submitted=3, completed=3, bytes=10000"
check 4096    "Submitted=1, completed=1, bytes=4096"
check 1       "Submitted=1, completed=1, bytes=1"

out=$(timeout $(ts 5) "$EXAMPLES_DIR/io_uring_test" -d 16 -b 8192 "$WORKDIR/big") || fail "io_uring_test -d 16 -b 8192"
[ "$out" = "Submitted=16, completed=16, bytes=131072" ] || fail "-d 16 -b 8192 printed '$out'"
log "ok: -d 16 -b 8192: $out"

expect_failure "missing file" "No such file" "$EXAMPLES_DIR/io_uring_test" "$WORKDIR/nope"
log "PASS"
