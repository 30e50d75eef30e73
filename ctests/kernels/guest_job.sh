#!/bin/bash
# Runs inside a guest kernel (ctests/kernels/vm.sh run), in the project root, on the host's
# build: the parts of `make check-kernels` named on the command line, each writing its
# results into RESULTS (the writable share):
#   ctests    ctests/run.sh, less what no kernel changes and what runs as its own part
#             (CTESTS_HOST_ONLY below) -> ctests.log
#   rust      every cargo test binary listed in RESULTS/../rust-tests.txt (built on the host)
#             -> rust.tsv (binary, exit status, seconds) and rust-NAME.log
#   liburing  liburing's suite through ctests/liburing_suite.sh, both builds
#             -> liburing.log, liburing.tsv (its results.tsv), liburing-logs/
#   liburing-dropin  the same in its drop-in mode (LIBURING_SUITE_MODE=dropin): liburing's
#             tests linked with liburing.so.2, run on ours -> liburing-dropin.{log,tsv}...
# Usage: guest_job.sh RESULTS PART...
# GUEST_TARGET=<rust target> runs another architecture's cross builds instead (a guest of
# VM_ARCH, mk/arch-check.sh): the C tests of target/<rust target>/ctests (no scripts: they
# test the host's build) and the suite builds of target/<rust target>/liburing-suite{,-dropin}.
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
# header compiled as C++, where the guest's ld ran out of memory); the liburing suite
# is the part "liburing"; kernel_5_10 boots a guest itself.
CTESTS_HOST_ONLY="liburing_suite kernel_5_10 memcheck prep_helpers_valgrind api_drop_in_flight
	api_drop_in_flight_asan bench_smoke fuzz_smoke examples_soak man_pages dropin_symbols
	dropin_version_scripts inline_names install_tree dropin_install layout_compare prep_sqe_diff
	setup_internals_static inline_random core_cxx"
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
		env "${ctest_env[@]}" CTEST_EXCLUDE="$exclude" TEST_TMPDIR=/tmp/ctests bash ctests/run.sh \
			>"$res/ctests.log" 2>&1 || status=1
		;;
	rust)
		: >"$res/rust.tsv"
		while read -r bin; do
			[ -x "$bin" ] || continue
			name=$(basename "$bin" | sed 's/-[0-9a-f]*$//')
			start=$SECONDS
			timeout --kill-after=5 "${RUST_TEST_TIMEOUT:-900}" "$bin" --test-threads=2 \
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
