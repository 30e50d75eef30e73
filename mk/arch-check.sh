#!/bin/bash
# make check-i686 (`i686`) and make check-arch (`all`): for each target of
# ctests/arch/targets.sh, build the C libraries and drop-ins (make arch-build), check the
# layouts (ctests/arch_layout.sh), and run the tests that can run on this machine:
#   i686: natively (this x86_64 kernel runs 32-bit programs): cargo test, the C tests, and
#         (all only) liburing's suite beside liburing built from the same source for i686;
#   musl: natively: the C tests, linked dynamically and statically;
#   the others (all only): inside Debian's kernel of that architecture booted under its
#         full-system qemu (TCG; ctests/kernels/vm.sh with VM_ARCH, the "guest" column of
#         targets.sh), with the cross-built programs: the C tests, and on aarch64 and s390x
#         also liburing's suite beside liburing cross-built from the same source, in both
#         modes (ours linked with -luring_rs, and liburing's tests on our drop-in
#         liburing.so.2). qemu-user has no io_uring, so nothing runs there.
# Under TCG the whole suite takes hours per architecture and mode, so the guests run the
# tests of ARCH_SUITE_TESTS below; ARCH_SUITE_FULL=1 runs all of them. ARCH_ONLY="aarch64 ..."
# restricts `all` to those targets: the table keeps the other targets' rows of earlier runs.
# `all` writes the table target/arch/table.md: target x {builds, layout, tests run, passed,
# same as liburing}; the exit status is non-zero if anything that ran failed.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
. ctests/arch/targets.sh
what=${1:-all}
OUT=$ROOT/target/arch
mkdir -p "$OUT"
export TEST_TMPDIR=${TEST_TMPDIR:-$ROOT/target/test-tmp}
mkdir -p "$TEST_TMPDIR"
status=0
table=$OUT/table.md
# one row per target in rows/NAME, each from the last run that ran it (ARCH_ONLY), with
# the date and seconds it took
mkdir -p "$OUT/rows"

# The bounded part of liburing's suite that the guests run: the tests of what differs by
# architecture (ring mapping and memory ordering, SQE/CQE layouts and sizes, 64-bit fields on
# 32-bit and big-endian ABIs, registered buffers and files, buffer rings, sockets, msg_ring),
# each a second or less on the host.
ARCH_SUITE_TESTS=${ARCH_SUITE_TESTS:-"nop nop-all-sizes cq-full cq-peek-batch cq-ready cq-size sq-full sq-full-cpp
	sq-space_left submit-reuse submit-and-wait probe version io_uring_setup io_uring_enter
	io_uring_register eventfd eventfd-disable fixed-link link link-timeout link_drain poll
	poll-cancel timeout-new send_recv send_recvmsg socket-rw recv-multishot accept connect shutdown
	splice file-register file-update rsrc_tags buf-ring buf-ring-put ringbuf-read defer-taskrun
	madvise fadvise fallocate fsync openat2 rename unlink statx lfs-openat msg-ring skip-cqe
	single-issuer self init-mem no-mmap-inval fixed-buf-iter vec-regbuf register-restrictions
	sqpoll-sleep"}
[ "${ARCH_SUITE_FULL:-}" = 1 ] && ARCH_SUITE_TESTS=

# "passed failed" of cargo test's "test result:" lines in $1
cargo_counts() { awk '/^test result:/ {p += $4; f += $6} END {print p + 0, f + 0}' "$1"; }
# "passed failed skipped" of ctests/run.sh's last line in $1
ctest_counts() { tail -n1 "$1" | awk '{print $1 + 0, $3 + 0, $5 + 0}'; }

# ARCH_REUSE_LAYOUT=1: the layout checks of the last run stand (a second run of some targets
# beside another, which compiles already)
if [ "$what" = all ] && { [ "${ARCH_REUSE_LAYOUT:-}" != 1 ] || [ ! -s "$OUT/layout.log" ]; }; then
	echo "== layouts of every target (ctests/arch_layout.sh)"
	bash ctests/arch_layout.sh | tee "$OUT/layout.log"
fi

# "same as liburing" of a liburing_suite.sh log $1: yes, or no with the tests that differ
suite_same() {
	local bad
	grep -q '^real:' "$1" 2>/dev/null || { echo "not run: $(tail -n1 "$1" 2>/dev/null)"; return; }
	bad=$(sed -n 's/^passes with liburing, not with ours: \([^ ]*\).*/\1/p; s/^does not compile against ours: \([^:]*\):$/\1 (compile)/p' "$1" | tr '\n' ' ')
	if [ -n "$bad" ] || grep -q '^FAIL:' "$1"; then
		echo "no: $bad$(grep '^FAIL:' "$1")"
	else
		echo yes
	fi
}
# liburing_suite.sh's "real: ..." and "ours: ..." lines of $1, as one
suite_counts() { echo "$(grep '^real:' "$1" | sed 's/ compiled//') / $(grep '^ours:' "$1" | sed 's/ compiled//')"; }

# The tests of target $name inside Debian's kernel $guest (arch/version) under full-system
# qemu: appends to runs, p, f and same.
guest_tests() {
	local vmarch=${guest%/*} kver=${guest#*/} res=$OUT/$name-guest parts=ctests cxx mode why rc t0
	make --no-print-directory arch-ctests ARCH="$name" >"$log.ctests-build.log" 2>&1 || { status=1; tail -n 20 "$log.ctests-build.log"; }
	# ARCH_GUEST_PARTS: some of them (under TCG each mode of the suite takes half an hour)
	case $name in aarch64|s390x) parts=${ARCH_GUEST_PARTS:-ctests liburing liburing-dropin} ;; esac
	# liburing's suite is compiled here, with the target's compilers (its C++ test with g++)
	cxx=${cc%gcc}g++
	command -v "$cxx" >/dev/null || cxx=c++
	for mode in link dropin; do
		[[ $parts == *liburing* ]] || break
		CC=$cc CXX=$cxx URING_RS_LIB_DIR=$ROOT/target/$rust/release URING_RS_DROPIN_DIR=$ROOT/target/$rust/dropin \
			LIBURING_SUITE_MODE=$mode LIBURING_SUITE_BUILD_ONLY=1 \
			LIBURING_SUITE_OUT=$ROOT/target/$rust/liburing-suite$([ $mode = dropin ] && echo -dropin) \
			bash ctests/liburing_suite.sh >"$log.suite-build-$mode.log" 2>&1 ||
			{ status=1; tail -n 5 "$log.suite-build-$mode.log"; parts=ctests; }
	done
	why=$(VM_ARCH=$vmarch bash ctests/kernels/vm.sh fetch "$kver")
	rc=$?
	if [ $rc -ne 0 ]; then
		runs+=("not run: Linux $kver ($vmarch): $why")
		[ $rc -eq 77 ] || status=1
		return
	fi
	rm -rf "$res" && mkdir -p "$res" || exit 1
	# Linux 6.1 on 32-bit ARM oopses when a buffer ring in high memory is unregistered (its
	# page_address() is NULL; README): the tests that register one are left out there
	local leave_out=
	[ "$name" = armhf ] && leave_out="bufring_errors bufring_inc bufring_recv prep_net inline_vs_exported"
	[ -z "$leave_out" ] || runs+=("left out: $leave_out (6.1 oopses on a buffer ring in high memory)")
	t0=$SECONDS
	# the C tests alone take minutes; a guest that hangs fails after half an hour
	local tmo=14400
	[ "$parts" = ctests ] && tmo=1800
	VM_ARCH=$vmarch VM_TIMEOUT=${ARCH_VM_TIMEOUT:-$tmo} bash ctests/kernels/vm.sh run "$kver" "$res" \
		GUEST_TARGET=$rust LIBURING_SUITE_TESTS=$(printf %q "$ARCH_SUITE_TESTS") \
		GUEST_CTEST_EXCLUDE=$(printf %q "$leave_out") \
		bash ctests/kernels/guest_job.sh "$res" $parts >"$log.guest.log" 2>&1
	rc=$?
	local what_ran="in Debian's $(sed 's/_.*//' "target/kernels/$kver-$vmarch/package" 2>/dev/null) under qemu ($((SECONDS - t0)) s)"
	if [ ! -f "$res/guest.rc" ]; then
		runs+=("$what_ran: the guest gave no result ($log.guest.log)")
		f=$((f + 1)) status=1
		cat "$log.guest.log"
		return
	fi
	runs+=("$what_ran")
	if [ -f "$res/ctests.log" ]; then
		read -r tp tf ts < <(ctest_counts "$res/ctests.log")
		runs+=("C tests: $tp passed, $tf failed, $ts skipped")
		p=$((p + tp)) f=$((f + tf))
		[ "$tf" -eq 0 ] || { status=1; grep '^FAIL' "$res/ctests.log"; }
	fi
	same=
	for part in liburing liburing-dropin; do
		[ -f "$res/$part.log" ] || continue
		local label="liburing suite$([ $part = liburing-dropin ] && echo ', drop-in')$([ -n "$ARCH_SUITE_TESTS" ] && echo " ($(echo $ARCH_SUITE_TESTS | wc -w) tests)")"
		runs+=("$label: $(suite_counts "$res/$part.log")")
		local sm
		sm=$(suite_same "$res/$part.log")
		[ "$sm" = yes ] || status=1
		same="${same:+$same; }$([ $part = liburing-dropin ] && echo "drop-in ")$sm"
	done
	[ -n "$same" ] || same=-
}

while read -r name rust cc _ _ guest; do
	[ -n "$name" ] || continue
	[ "$what" = all ] || [ "$what" = "$name" ] || continue
	[ "$what" != all ] || [ -z "${ARCH_ONLY:-}" ] || [[ " $ARCH_ONLY " == *" $name "* ]] || continue
	start=$SECONDS
	log=$OUT/$name
	echo "== $name ($rust, $cc)"
	builds=no layout=- run=- passed=- same=-
	if make --no-print-directory arch-build ARCH="$name" >"$log.build.log" 2>&1; then
		builds=yes
	else
		status=1; tail -n 20 "$log.build.log"
	fi
	if [ "$what" = all ]; then
		layout=$(grep -q "^layout $name: ok" "$OUT/layout.log" && echo ok || echo FAIL)
		[ "$layout" = ok ] || status=1
	fi
	p=0 f=0 runs=()
	# nothing runs where nothing was built
	case $([ $builds = yes ] && echo "$name") in
	x86_64) runs+=("make check") ;;
	i686)
		cargo test --target "$rust" >"$log.cargo-test.log" 2>&1 || status=1
		read -r cp cf < <(cargo_counts "$log.cargo-test.log")
		runs+=("cargo test: $cp passed, $cf failed")
		p=$((p + cp)) f=$((f + cf))
		make --no-print-directory arch-ctests ARCH="$name" >"$log.ctests-build.log" 2>&1 || { status=1; tail -n 20 "$log.ctests-build.log"; }
		CTEST_BIN_DIR=target/$rust/ctests CTEST_SCRIPTS=0 bash ctests/run.sh >"$log.ctests.log" 2>&1 || status=1
		read -r tp tf ts < <(ctest_counts "$log.ctests.log")
		runs+=("C tests: $tp passed, $tf failed, $ts skipped")
		p=$((p + tp)) f=$((f + tf))
		if [ "$what" = all ]; then
			# both modes: linked with -luring_rs, and liburing's tests on our drop-in
			same=
			for mode in link dropin; do
				suf=$([ $mode = dropin ] && echo -dropin)
				CC=$cc CXX=i686-linux-gnu-g++ URING_RS_LIB_DIR=$ROOT/target/$rust/release \
					URING_RS_DROPIN_DIR=$ROOT/target/$rust/dropin LIBURING_SUITE_MODE=$mode \
					LIBURING_SUITE_OUT=$ROOT/target/$rust/liburing-suite$suf \
					bash ctests/liburing_suite.sh >"$log.suite$suf.log" 2>&1
				rc=$?
				runs+=("liburing suite$([ $mode = dropin ] && echo ', drop-in'): $(suite_counts "$log.suite$suf.log")")
				case $rc in 0) sm=yes ;; 77) sm="not run: $(tail -n1 "$log.suite$suf.log")" ;; *) sm="no: $(suite_same "$log.suite$suf.log")"; status=1 ;; esac
				same="${same:+$same; }$([ $mode = dropin ] && echo "drop-in ")$sm"
			done
		fi
		;;
	musl)
		lib=$ROOT/target/$rust/release
		make --no-print-directory arch-ctests ARCH="$name" >"$log.ctests-build.log" 2>&1 || { status=1; tail -n 20 "$log.ctests-build.log"; }
		CTEST_BIN_DIR=target/$rust/ctests CTEST_SCRIPTS=0 bash ctests/run.sh >"$log.ctests.log" 2>&1 || status=1
		read -r tp tf ts < <(ctest_counts "$log.ctests.log")
		runs+=("C tests, dynamic: $tp passed, $tf failed, $ts skipped")
		p=$((p + tp)) f=$((f + tf))
		# the same tests linked statically with liburing_rs.a
		make --no-print-directory arch-ctests ARCH="$name" CTEST_STATIC=1 >"$log.ctests-static-build.log" 2>&1 || { status=1; tail -n 20 "$log.ctests-static-build.log"; }
		CTEST_BIN_DIR=target/$rust/ctests-static CTEST_SCRIPTS=0 bash ctests/run.sh >"$log.ctests-static.log" 2>&1 || status=1
		read -r tp tf ts < <(ctest_counts "$log.ctests-static.log")
		runs+=("C tests, static: $tp passed, $tf failed, $ts skipped")
		p=$((p + tp)) f=$((f + tf))
		;;
	*)
		[ "$builds" = yes ] && [ "$what" = all ] && [ "${guest:--}" != - ] && guest_tests
		;;
	esac
	if [ "${runs[*]}" = "make check" ]; then
		run="make check (this machine)"
	elif [ ${#runs[@]} -gt 0 ]; then
		run=$(IFS=';'; echo "${runs[*]}" | sed 's/;/; /g')
		passed=$([ "$f" -eq 0 ] && echo "yes ($p)" || echo "NO ($f failed)")
		[ "$f" -eq 0 ] || status=1
	else
		run="none: no io_uring under qemu-user"
	fi
	printf '%s: builds %s, layout %s, %s, passed %s, same as liburing %s (%ss)\n' "$name" "$builds" "$layout" "$run" "$passed" "$same" $((SECONDS - start))
	[ "$what" = all ] && printf '| %s | %s | %s | %s | %s | %s | %s, %s s |\n' "$name" "$builds" "$layout" "$run" "$passed" "$same" \
		"$(date -u +%F)" $((SECONDS - start)) >"$OUT/rows/$name"
done <<< "$ARCH_TARGETS"
if [ "$what" = all ]; then
	{
		printf '| target | builds | layout | tests run | passed | same as liburing | run |\n|---|---|---|---|---|---|---|\n'
		while read -r name _; do
			[ -n "$name" ] && [ -f "$OUT/rows/$name" ] && cat "$OUT/rows/$name"
		done <<<"$ARCH_TARGETS"
	} >"$table"
	echo; cat "$table"
fi
exit $status
