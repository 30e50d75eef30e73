#!/bin/bash
# Smoke test of the benchmarks (bench/run.sh --smoke): every benchmark program runs against
# both liburing and uring-rs and prints numbers. Asserts nothing about timing.
# Needs `make bench-build` (a prerequisite of `make check`); skips (77) without it.
cd "$(dirname "$0")/.." || exit 1
for p in nop read; do
	for l in liburing uring-rs; do
		if [ ! -x target/bench/$l/$p ]; then
			echo "SKIP: target/bench/$l/$p missing (make bench-build)"; exit 77
		fi
	done
done
export BENCH_DIR=${TEST_TMPDIR:-$PWD/target/test-tmp}/bench-smoke
mkdir -p "$BENCH_DIR"
# run.sh takes programs from BENCH_DIR: point it at the built ones
# (the C programs of both libraries, and benches/vs_tokio.rs as uring-rs-api and io-uring)
for l in liburing uring-rs uring-rs-api io-uring; do ln -sfn "$PWD/target/bench/$l" "$BENCH_DIR/$l"; done
[ -x target/bench/echo_load ] && ln -sf "$PWD/target/bench/echo_load" "$BENCH_DIR/echo_load"
bash bench/run.sh --smoke
rc=$?
[ $rc = 77 ] && echo "SKIP: io_uring unavailable"
exit $rc
