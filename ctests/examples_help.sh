#!/bin/bash
# Every example program in examples-c/ answers --help (and -h) with its usage on stdout and
# exit 0, and an unknown option with its usage on stderr and exit 2.
set -u
cd "$(dirname "$0")/.." || exit 1
dir=${EXAMPLES_DIR:-target/examples-c}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d "${TEST_TMPDIR:-/tmp}/examples-help.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
for src in examples-c/*.c; do
	prog=$(basename "$src" .c)
	[ "$prog" = common ] && continue
	[ -x "$dir/$prog" ] || fail "$dir/$prog not built (make examples)"
	for opt in --help -h; do
		"$dir/$prog" "$opt" >"$tmp/out" 2>"$tmp/err"; rc=$?
		[ $rc -eq 0 ] || fail "$prog $opt: exit $rc, want 0 ($(head -n1 "$tmp/err"))"
		grep -q '^Usage: ' "$tmp/out" || fail "$prog $opt: no usage on stdout"
		[ ! -s "$tmp/err" ] || fail "$prog $opt wrote to stderr: $(head -n1 "$tmp/err")"
	done
	"$dir/$prog" --no-such-option >"$tmp/out" 2>"$tmp/err"; rc=$?
	[ $rc -eq 2 ] || fail "$prog --no-such-option: exit $rc, want 2"
	grep -q '^Usage: ' "$tmp/err" || fail "$prog --no-such-option: no usage on stderr"
	[ ! -s "$tmp/out" ] || fail "$prog --no-such-option wrote to stdout"
	echo "ok: $prog"
	n=$((n + 1))
done
[ $n -gt 0 ] || fail "no example programs found"
