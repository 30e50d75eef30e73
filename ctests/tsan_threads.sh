#!/bin/bash
# ThreadSanitizer over the paths threads share (issue 26). The library is built with
# -Zsanitizer=thread, std included (-Zbuild-std: an uninstrumented std would hide the
# synchronisation of its own locks and atomics from TSan and report false races), into
# target/tsan; then
#   - ctests/tsan/threads.c, compiled with -fsanitize=thread and linked with it as the C
#     library is (and its trace object beside, as liburing_rs_trace.so.0 is): an SQPOLL
#     ring with another thread reaping; two submitting threads and a waiting one with the
#     locking liburing documents; four threads setting up and using rings at once, run with
#     URING_RS_TRACE and URING_RS_STATS set, so that the trace and stats locks are taken
#     from all of them (through the environment only: wherever the tracing code lives, the
#     library loads it from there);
#   - tests/ring_threads.rs (a Ring moved between threads), compiled by rustc against the
#     instrumented library, as api_drop_in_flight_asan.sh does.
# A report of a race fails the run (TSAN_OPTIONS halt_on_error). The C tests are linked with
# rustc's TSan runtime (the one the Rust side is instrumented for), not the C compiler's.
# Needs a nightly Rust with rust-src and clang; without them this skips, saying which.
# ctest-timeout: 1200
cd "${ROOT:-$(dirname "$0")/..}" || exit 1
nightly() { rustup run nightly "$@"; }
nightly rustc -V >/dev/null 2>&1 ||
	{ echo "skip: no nightly Rust toolchain (rustup toolchain install nightly), which -Zsanitizer=thread needs"; exit 77; }
sysroot=$(nightly rustc --print sysroot)
[ -d "$sysroot/lib/rustlib/src/rust/library" ] ||
	{ echo "skip: the nightly toolchain has no rust-src (rustup component add rust-src --toolchain nightly), which -Zbuild-std needs"; exit 77; }
CLANG=${TSAN_CC:-clang}
echo 'int main(void){return 0;}' | "$CLANG" -fsanitize=thread -x c -c -o /dev/null - 2>/dev/null ||
	{ echo "skip: $CLANG cannot compile with -fsanitize=thread (apt: clang)"; exit 77; }
host=$(nightly rustc -vV | sed -n 's/^host: //p')
rt=$sysroot/lib/rustlib/$host/lib/librustc-nightly_rt.tsan.a
[ -f "$rt" ] || { echo "skip: no TSan runtime in the nightly toolchain ($rt)"; exit 77; }
start=$(date +%s)
tsan=-Zsanitizer=thread
# Only the library goes through cargo (the dev-dependencies would take minutes), in the dev
# profile, twice into target/tsan: with the features of the C libraries (tracing in
# liburing_rs_trace.so.0, loaded from beside the program when a variable asks for it) for the
# C tests, its staticlib kept in c/, then with the Rust crate's default ones for the Rust
# test. (test: the harness of the Rust test, instrumented too.) The headers are the tree's.
[ -f include/liburing.h ] || { echo "include/liburing.h is not built (make lib)"; exit 1; }
build() { RUSTFLAGS=$tsan nightly cargo build --quiet -Zbuild-std=std,test --lib --target "$host" \
	--target-dir target/tsan "$@"; }
out=target/tsan/$host/debug
build --no-default-features --features trace-so || exit 1
mkdir -p "$out/c"
cp "$out/liburing_rs.a" "$out/c/liburing_rs.a"
build || exit 1
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
seed=${TSAN_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
echo "seed $seed (TSAN_SEED=$seed to repeat)"

"$CLANG" -fsanitize=thread -g -O1 -Wall -Wextra -Werror -Iinclude -c -o "$out/threads.o" ctests/tsan/threads.c || exit 1
# linked without -fsanitize=thread, which would add clang's runtime beside rustc's; the
# runtime's symbols exported (-rdynamic) for the trace object, linked as mk/trace.mk does
"$CLANG" -rdynamic -o "$out/c/threads" "$out/threads.o" "$out/c/liburing_rs.a" \
	-Wl,--whole-archive "$rt" -Wl,--no-whole-archive -lpthread -lm -ldl -lrt -lutil || exit 1
"$CLANG" -shared -o "$out/c/liburing_rs_trace.so.0" -Wl,--whole-archive "$out/c/liburing_rs.a" \
	-Wl,--no-whole-archive -Wl,--version-script=mk/trace.map -Wl,-soname,liburing_rs_trace.so.0 \
	-lpthread -lm -ldl || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a race on purpose first: a run that reports nothing proves something only where TSan is on
TSAN_OPTIONS="$TSAN_OPTIONS exitcode=66" "$out/c/threads" canary 0 >"$tmp/canary" 2>&1
[ $? = 66 ] && grep -q 'ThreadSanitizer: data race' "$tmp/canary" ||
	{ cat "$tmp/canary"; echo "FAIL: TSan did not report the canary's race"; exit 1; }
for t in sqpoll locked; do
	"$out/c/threads" $t "$seed" || { echo "FAIL: threads $t (seed $seed)"; exit 1; }
done
URING_RS_TRACE=$tmp/trace URING_RS_STATS=$tmp/stats "$out/c/threads" rings "$seed" >"$tmp/rings" ||
	{ cat "$tmp/rings"; echo "FAIL: threads rings with URING_RS_TRACE and URING_RS_STATS (seed $seed)"; exit 1; }
cat "$tmp/rings"
nops=$(sed -n 's/.*: \([0-9]*\) NOPs$/\1/p' "$tmp/rings")
# tracing is a build option: where it is in, all four threads' rings are in both files
if [ -s "$tmp/trace" ] || [ -s "$tmp/stats" ]; then
	[ -s "$tmp/trace" ] && [ -s "$tmp/stats" ] ||
		{ echo "FAIL: only one of the trace and the stats was written"; exit 1; }
	# every NOP of every thread, submitted and completed, once: no line lost or torn
	sqes=$(grep -c ' sqe NOP ' "$tmp/trace") cqes=$(grep -c ' cqe ' "$tmp/trace")
	[ "$sqes" = "$nops" ] && [ "$cqes" = "$nops" ] ||
		{ echo "FAIL: the trace has $sqes SQE and $cqes CQE lines for $nops NOPs (seed $seed)"; exit 1; }
	echo "rings: the trace has the $nops NOPs' SQEs and CQEs, the stats $(wc -l <"$tmp/stats") lines"
else
	echo "rings: this build writes no trace (built without tracing)"
fi

# the instrumented std and test crates, as cargo passes them with -Zbuild-std (the sysroot's
# would be loaded too otherwise, and they are not instrumented)
std_crates=()
for c in std test core alloc compiler_builtins panic_unwind panic_abort unwind; do
	f=$(ls "$out"/deps/lib$c-*.rlib 2>/dev/null | head -n1)
	[ -n "$f" ] && std_crates+=(--extern "noprelude:$c=$f")
done
nightly rustc --edition 2024 --test $tsan -Zunstable-options -g -o "$out/ring_threads" tests/ring_threads.rs \
	--extern uring_rs="$out/liburing_rs.rlib" "${std_crates[@]}" -L dependency="$out/deps" \
	--target "$host" || exit 1
"$out/ring_threads" --test-threads=1 -q || exit 1
echo "PASS: no data race reported ($(( $(date +%s) - start )) s)"
