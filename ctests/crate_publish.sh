#!/bin/bash
# ctest-timeout: 900
# The crate as it would be published (issue 21): `cargo publish --dry-run` from a fresh clone of
# the committed tree (HEAD: what CI and a release see; uncommitted changes are not in it), so no
# --allow-dirty. Its verification builds the packaged crate as a dependent would, with default
# features: the test checks that this compiles no generator (cbindgen, syn, quote, roff,
# proc-macro2: the `generate` feature, which only `make` turns on) and that `cargo doc` of the
# crate gives no warning.
set -u
CARGO=${CARGO:-cargo}
skip() { echo "skip: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
cd "$(dirname "$0")/.." || exit 1
command -v git >/dev/null || skip "git not installed"
git rev-parse --verify -q HEAD >/dev/null || skip "not a git checkout"
tmp=$(mktemp -d "${TEST_TMPDIR:-/tmp}/crate-publish.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

git clone -q --no-local "$PWD" "$tmp/clone" || fail "git clone"
echo "\$ cargo publish --dry-run   (in a clone of $(git rev-parse --short HEAD))"
# with the checked-in Cargo.lock; a dry run still reads the registry's index (cargo does)
if ! (cd "$tmp/clone" && CARGO_TARGET_DIR=$tmp/target $CARGO publish --dry-run --locked) > "$tmp/publish.log" 2>&1; then
	tail -n 30 "$tmp/publish.log"
	grep -qiE "failed to (download|get|fetch|query)|could(n't| not) resolve|network|timed out" "$tmp/publish.log" &&
		skip "cargo cannot reach the registry's index here"
	fail "cargo publish --dry-run failed"
fi
tail -n 6 "$tmp/publish.log" | sed 's/^/    /'
grep -q 'aborting upload due to dry run' "$tmp/publish.log" || fail "no dry-run verdict in the output"
gens=$(grep -oE 'Compiling (cbindgen|syn|quote|roff|proc-macro2) ' "$tmp/publish.log" | sort -u | tr '\n' ' ')
[ -z "$gens" ] || fail "verifying the package compiled generators: $gens"
deps=$(grep -c '^ *Compiling ' "$tmp/publish.log")
echo "ok: the packaged crate verified; its build compiled $deps crates: $(sed -n 's/^ *Compiling \([^ ]*\) .*/\1/p' "$tmp/publish.log" | tr '\n' ' ')"

echo "\$ cargo doc --no-deps"
(cd "$tmp/clone" && CARGO_TARGET_DIR=$tmp/target RUSTDOCFLAGS="-D warnings" $CARGO doc --no-deps --locked) > "$tmp/doc.log" 2>&1 ||
	{ tail -n 30 "$tmp/doc.log"; fail "cargo doc warns or fails"; }
grep -q warning "$tmp/doc.log" && { grep -A5 warning "$tmp/doc.log" | head -n 20; fail "cargo doc warns"; }
echo "ok: cargo doc without warnings"
