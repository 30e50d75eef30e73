#!/bin/bash
# Runs inside a guest kernel (ctests/kernels/vm.sh run), in the project root, on the host's
# build: the parts of `make check-kernels` named on the command line, each writing its
# results into RESULTS (the writable share):
#   ctests    ctests/run.sh, less what no kernel changes and what runs as its own part
#             (CTESTS_HOST_ONLY below) -> ctests.log
#   rust      every cargo test binary listed in RESULTS/../rust-tests.txt (built on the host),
#             less RUST_HOST_ONLY below -> rust.tsv (binary, exit status, seconds), rust-NAME.log
#   liburing  liburing's suite through ctests/liburing_suite.sh, both builds
#             -> liburing.log, liburing.tsv (its results.tsv), liburing-logs/
#   liburing-dropin  the same in its drop-in mode (LIBURING_SUITE_MODE=dropin): liburing's
#             tests linked with liburing.so.2, run on ours -> liburing-dropin.{log,tsv}...
# Usage: guest_job.sh RESULTS PART...
# GUEST_TARGET=<rust target> runs another architecture's cross builds instead (a guest of
# VM_ARCH, mk/arch-check.sh): the C tests of target/<rust target>/ctests (no scripts: they
# test the host's build) and the suite builds of target/<rust target>/liburing-suite{,-dropin}.
# The braces make bash read the whole script before it runs any of it: a run takes hours, and
# an edit made meanwhile must not be read from the old offset into the new text.
{
set -u
res=$1; shift
cd "$(dirname "$0")/../.." || exit 1
tgt=${GUEST_TARGET:-}
suite_env=()
ctest_env=()
if [ -n "$tgt" ]; then
	suite_env=(URING_RS_LIB_DIR="$PWD/target/$tgt/release" URING_RS_DROPIN_DIR="$PWD/target/$tgt/dropin"
		LIBURING_SUITE_RUN_ONLY=1)
	ctest_env=(CTEST_BIN_DIR="target/$tgt/ctests" CTEST_SCRIPTS=0)
fi
echo "kernel $(uname -r): $*" >"$res/kernel.txt"
# Checks of build products and tools, which give the same answer on every kernel, and the
# valgrind/sanitizer/fuzz/benchmark runs, which would take hours under TCG (inline_random:
# 10,000 random states per inline function, over the 300 s limit under TCG; core_cxx: the
# header compiled as C++, where the guest's ld ran out of memory; arch_layout: every target's
# compiler, 8 minutes under TCG; crate_publish, deb_package: packaging; tsan_threads: a
# ThreadSanitizer build of the library; check_no_false_alarms, check_liburing_suite: every
# test again under URING_RS_CHECK, whose findings are about the programs, not the kernel); the
# liburing suite is the part "liburing"; kernel_5_10 boots a guest itself.
CTESTS_HOST_ONLY="liburing_suite kernel_5_10 memcheck prep_helpers_valgrind api_drop_in_flight
	api_drop_in_flight_asan bench_smoke fuzz_smoke examples_soak man_pages dropin_symbols
	dropin_version_scripts inline_names install_tree dropin_install layout_compare prep_sqe_diff
	setup_internals_static inline_random core_cxx arch_layout crate_publish deb_package tsan_threads
	check_no_false_alarms check_liburing_suite"
RUST_HOST_ONLY="uapi_bindings"
status=0
for part in "$@"; do
	case $part in
	ctests)
		echo "$CTESTS_HOST_ONLY" | tr -s ' \t\n' ' ' >"$res/ctests-host-only.txt"
		# GUEST_CTEST_EXCLUDE: tests a guest's kernel cannot take (mk/arch-check.sh says why)
		exclude="$CTESTS_HOST_ONLY ${GUEST_CTEST_EXCLUDE:-}"
		# on another architecture inline_random is what checks the inline helpers against the
		# exported ones in its byte order and word size: it runs, with a longer limit (212 s
		# on arm64 under TCG)
		[ -z "$tgt" ] || exclude=$(echo $exclude | sed 's/\binline_random\b//') ctest_env+=(TEST_TIMEOUT=${TEST_TIMEOUT:-900})
		# TCG runs a guest several times slower than the host: the time limits of run.sh and
		# of the examples' load tests stretch by that much (the load itself stays the same)
		# diff_vs_liburing: 1000 seeds rather than 3000 (3000 ran 6 minutes on 5.10 and past
		# 20 on 6.1 under TCG); the host's make check runs all 3000
		env "${ctest_env[@]}" CTEST_EXCLUDE="$exclude" TEST_TMPDIR=/tmp/ctests \
			TEST_TIME_SCALE=${TEST_TIME_SCALE:-4} DIFF_SEEDS=${DIFF_SEEDS:-1000} \
			bash ctests/run.sh >"$res/ctests.log" 2>&1 || status=1
		# ctests.log keeps the last 30 lines of a failure; the whole logs go beside it
		mkdir -p "$res/ctests-logs" && cp /tmp/ctests/*.log "$res/ctests-logs/" 2>/dev/null
		;;
	rust)
		: >"$res/rust.tsv"
		while read -r bin; do
			[ -x "$bin" ] || continue
			name=$(basename "$bin" | sed 's/-[0-9a-f]*$//')
			# uapi_bindings regenerates the bindings with bindgen and rustfmt and compares
			# them with the tree's: a check of a build product, which no kernel changes
			case " $RUST_HOST_ONLY " in *" $name "*) continue ;; esac
			start=$SECONDS
			URING_RS_EXAMPLES_PREBUILT=1 timeout --kill-after=5 "${RUST_TEST_TIMEOUT:-900}" "$bin" --test-threads=2 \
				>"$res/rust-$name.log" 2>&1 </dev/null
			rc=$?
			printf '%s\t%s\t%s\n' "$name" "$rc" $((SECONDS - start)) >>"$res/rust.tsv"
			[ "$rc" = 0 ] || status=1
		done <"$res/../rust-tests.txt"
		;;
	liburing|liburing-dropin)
		mode=link out=target/liburing-suite
		[ $part = liburing-dropin ] && mode=dropin out=target/liburing-suite-dropin
		[ -n "$tgt" ] && out=target/$tgt/${out#target/}
		# Under TCG a test runs several times slower than on the host: a longer limit per test.
		env "${suite_env[@]}" LIBURING_SUITE_MODE=$mode LIBURING_SUITE_OUT="$PWD/$out" \
			SUITE_TIMEOUT=${SUITE_TIMEOUT:-120} LIBURING_SUITE_MIN_PASS=${LIBURING_SUITE_MIN_PASS:-100} \
			bash ctests/liburing_suite.sh >"$res/$part.log" 2>&1 || status=1
		cp "$out/results.tsv" "$res/$part.tsv"
		mkdir -p "$res/$part-logs"
		for b in real ours; do
			for f in "$out"/$b/run/*.log; do
				[ -f "$f" ] && cp "$f" "$res/$part-logs/$b-$(basename "$f")"
			done
		done
		;;
	*) echo "unknown part $part"; status=1 ;;
	esac
done
exit $status
}
