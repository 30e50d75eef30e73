#!/bin/bash
# Memory-safety sweep of the C suite ("sanitizers and valgrind find nothing").
#  1. Every ctests/*.c is rebuilt with -fsanitize=address,undefined into target/ctests-asan/
#     (linked against target/release/liburing_rs.so as usual) and run with LeakSanitizer on:
#     any sanitizer report, or an exit status other than 0/77, fails.
#  2. The target/ctests/ binaries are run under valgrind memcheck (leak-check=full), except the
#     ones listed in VG_EXCLUDE below, whose valgrind errors are io_uring false positives.
# Exit 0 pass, 77 skip (no sanitizer runtime), 1 fail. Needs `make ctests` first. About 2 min
# on an idle machine, and more than 5 under a load of 16 (the time limit allows for that).
# ctest-timeout: 900
cd "${ROOT:-$(dirname "$0")/..}" || exit 1
ROOT=$PWD
export ROOT TEST_TMPDIR=${TEST_TMPDIR:-$ROOT/target/test-tmp}
mkdir -p "$TEST_TMPDIR"
CC_SAN=${MEMCHECK_CC:-gcc}
OUT=target/ctests-asan
LOGS=$TEST_TMPDIR/memcheck
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# target/ctests-gen: the generated cases of inline_random.c (`make ctests` writes them)
CFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE -I$ROOT/include -I$ROOT/target/ctests-gen"
# inline_random's cases per function: enough to reach every branch, few enough for valgrind
export CASES=${MEMCHECK_CASES:-300}
LIBS="-L$ROOT/target/release -luring_rs -Wl,-rpath,$ROOT/target/release -lpthread"
JOBS=$(nproc 2>/dev/null || echo 2)

# Per-test sanitizer adjustments (name -> extra flags, with the reason).
declare -A SAN_EXTRA=(
	# Both feed the recvmsg helpers deliberately misaligned buffers (truncated copies placed
	# at every offset, odd msg_namelen); UBSan's alignment check reports the struct accesses
	# the helpers (like liburing's) make on them. Everything else stays checked.
	[inline_vs_exported]=-fno-sanitize=alignment
	[prep_helpers]=-fno-sanitize=alignment
	# inline_random points cmsghdrs at any offset of the control area, as a peer can.
	[inline_random]=-fno-sanitize=alignment
)

# Tests not run under valgrind, and why. Everything else in target/ctests is.
declare -A VG_EXCLUDE=(
	[core_raw_syscalls]="passes a deliberately bad io_uring_params pointer (0x10) to io_uring_setup to get -EFAULT; valgrind reports the syscall argument"
	[core_wait_reg]="IORING_ENTER_EXT_ARG_REG passes an offset into the registered wait region as the arg; valgrind 3.19 checks it as a sigset pointer"
	[core_rw_file]="compares data the kernel readv'd into stack buffers through io_uring: uninitialised for valgrind"
	[core_rw_pipe]="compares data the kernel readv'd into stack buffers through io_uring: uninitialised for valgrind"
	[prep_files]="checks a struct statx the kernel filled through io_uring: uninitialised for valgrind"
	[prep_net]="checks the peer address IORING_OP_ACCEPT wrote: uninitialised for valgrind"
	[reg_files]="compares data read through fixed files (uninitialised for valgrind); also valgrind virtualises RLIMIT_NOFILE, so the kernel never sees the lowered limit and the -EMFILE check fails"
	[reg_iowait]="compares data the kernel read into a stack buffer through io_uring: uninitialised for valgrind"
	[core_eintr]="valgrind 3.19 hangs after SIGALRM interrupts io_uring_enter (never finishes)"
	[core_wait_timeout]="valgrind runs one thread at a time and io_uring_enter is not a blocking syscall to it: the writer thread cannot run while main waits, so wait_cqes times out"
	[prep_helpers]="already run under valgrind by prep_helpers_valgrind.sh"
)
# For the record, the tests that do run under valgrind (as of this writing): bufring_errors
# bufring_inc bufring_recv core_big_entries core_cq_overflow core_cqe_iter core_defer_taskrun
# core_errors core_eventfd core_init_mem core_iopoll core_nop core_queue_mmap core_r_disabled
# core_reg_ring_fd core_resize core_sq_full core_sqpoll core_wait_noextarg inline_vs_exported
# layout_dump prep_control prep_net_getsockname prep_sqe_mixed probe_ops reg_buffers
# reg_eventfd reg_misc reg_restrict uapi_header. A new test runs under valgrind too unless it
# is added to VG_EXCLUDE with its reason.

[ -f target/release/liburing_rs.so ] || { echo "target/release/liburing_rs.so missing (make lib)"; exit 1; }
command -v "$CC_SAN" >/dev/null || { echo "skip: $CC_SAN not installed"; exit 77; }
mkdir -p "$OUT" "$LOGS"
probe=$LOGS/probe
if ! echo 'int main(void){return 0;}' | "$CC_SAN" $SAN -x c -o "$probe" - 2>"$LOGS/probe.log" || ! "$probe"; then
	echo "skip: $CC_SAN cannot build/run -fsanitize=address,undefined programs (libasan/libubsan missing?)"
	cat "$LOGS/probe.log"
	exit 77
fi

fail=0
report() { printf '%-5s %-24s %s\n' "$1" "$2" "$3"; }

# ---- 1. ASan + UBSan + LSan ----
build_one() { # name
	local n=$1 src=ctests/$1.c bin=$OUT/$1 dep
	if [ -x "$bin" ]; then
		local stale=0
		for dep in "$src" ctests/*.h include/liburing.h include/liburing/*.h; do
			[ "$dep" -nt "$bin" ] && stale=1 && break
		done
		[ $stale = 0 ] && return 0
	fi
	# shellcheck disable=SC2086
	"$CC_SAN" $CFLAGS $SAN ${SAN_EXTRA[$n]} -o "$bin" "$src" $LIBS 2>"$LOGS/$n.build.log" ||
		{ echo "BUILD FAILED: $n"; cat "$LOGS/$n.build.log"; return 1; }
}
export -f build_one
export CC_SAN CFLAGS SAN LIBS OUT LOGS
for s in ctests/*.c; do basename "$s" .c; done |
	SAN_EXTRA_DUMP=$(declare -p SAN_EXTRA) xargs -P "$JOBS" -I{} bash -c 'eval "$SAN_EXTRA_DUMP"; build_one {}' ||
	{ echo "building the sanitizer variants failed"; exit 1; }

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
start=$SECONDS
for s in ctests/*.c; do
	n=$(basename "$s" .c)
	log=$LOGS/$n.asan.log
	timeout --kill-after=5 60 "$OUT/$n" >"$log" 2>&1
	rc=$?
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: (Address|UndefinedBehavior)Sanitizer' "$log" ||
		{ [ $rc -ne 0 ] && [ $rc -ne 77 ]; }; then
		fail=1
		report FAIL "asan/$n" "rc=$rc"
		sed 's/^/    | /' "$log" | head -n 60
	else
		report "$([ $rc = 77 ] && echo SKIP || echo ok)" "asan/$n" "$([ $rc = 77 ] && tail -n1 "$log")"
	fi
done
echo "sanitizer runs: $((SECONDS - start))s"

# ---- 2. valgrind memcheck ----
if ! command -v valgrind >/dev/null; then
	echo "note: valgrind not installed, valgrind part not run"
else
	start=$SECONDS
	for t in target/ctests/*; do
		[ -x "$t" ] || continue
		n=$(basename "$t")
		if [ -n "${VG_EXCLUDE[$n]}" ]; then
			report skip "valgrind/$n" "(${VG_EXCLUDE[$n]})"
			continue
		fi
		log=$LOGS/$n.valgrind.log
		timeout --kill-after=5 60 valgrind -q --error-exitcode=9 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect --child-silent-after-fork=yes "$t" >"$log" 2>&1
		rc=$?
		if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
			fail=1
			report FAIL "valgrind/$n" "rc=$rc"
			sed 's/^/    | /' "$log" | head -n 60
		else
			report ok "valgrind/$n"
		fi
	done
	echo "valgrind runs: $((SECONDS - start))s"
fi
[ $fail -eq 0 ] || exit 1
