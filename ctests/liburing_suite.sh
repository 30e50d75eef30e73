#!/bin/bash
# ctest-timeout: 900
# liburing's own test suite (test/*.c of liburing 2.14), compiled twice from the same source
# with the same flags:
#   real: against liburing 2.14 built from that source (src/include, src/liburing.a)
#   ours: against include/liburing.h and target/release/liburing_rs.so (-luring_rs, rpath)
# and run one test at a time (both builds of a test side by side), each in a scratch dir with no
# arguments, as liburing's runner does without TEST_FILES. Exit 0 pass, 77 skip, else fail.
#
# The source comes from the Rust crate lio-uring 0.3.1, which bundles the liburing 2.14 tree.
# cargo itself fetches it: a throwaway manifest in target/liburing-suite/fetch/ depends on that
# exact version, `cargo fetch` puts the .crate in cargo's cache (checked against the registry's
# checksum by cargo, and against the sha256 pinned below), and the tree is unpacked into
# target/liburing-suite/. Nothing of it is committed (no crate bundling liburing 2.15's tests
# was found).
#
# Fails (exit 1) if a test passes with the real liburing and fails, crashes or times out with
# ours in its first run and in every one of SUITE_RETRIES reruns of both builds, unless it is in
# EXCLUDED below (a status that differs in some runs only is a flip, listed in the summary);
# exits 77 if cargo cannot fetch the crate (no network).
# Tests that do not compile against our header are listed with the first error; they fail the
# run unless they are in NO_COMPILE_OK (tests of liburing internals).
#
# Environment:
#   LIBURING_SUITE_FULL=1  also run the SLOW tests
#   LIBURING_SUITE_ONLY=x  only tests whose name contains x
#   LIBURING_SUITE_TESTS="a b"  only the tests of these names (a bounded run: mk/arch-check.sh)
#   SUITE_TIMEOUT=30       per-test timeout in seconds
#   SUITE_RETRIES=3        reruns (alone, both builds) of a test whose status differs between them
#   LIBURING_SUITE=0       skip it (it takes about 3 minutes)
#   URING_RS_LIB_DIR=DIR   our liburing_rs.so from DIR (default target/release), and
#   LIBURING_SUITE_OUT=DIR the builds in DIR: another target's (mk/arch.mk, with its CC)
#   LIBURING_SUITE_BUILD_ONLY=1  stop after compiling (ctests/kernels/ compiles on the host,
#                          then runs the suite inside each guest kernel)
#   LIBURING_SUITE_RUN_ONLY=1  compile nothing, run what was compiled (a guest of another
#                          architecture has no compiler, and under TCG even the up-to-date
#                          check of 460 programs, a bash each, took over ten minutes)
#   LIBURING_SUITE_MIN_PASS=150  fewest tests that must pass with the real liburing
#   LIBURING_SUITE_CHECK=DIR     run our build with URING_RS_CHECK=DIR/NAME.log (its findings;
#                          ctests/check_liburing_suite.sh)
#   LIBURING_SUITE_MODE=dropin  "ours" is the binary drop-in instead: the tests compiled
#                          against liburing's own header and linked with the liburing.so.2
#                          built from the same source, as a distribution builds them, then run
#                          on our drop-in liburing.so.2 (URING_RS_DROPIN_DIR, default
#                          target/dropin, found first through the binaries' RUNPATH); its
#                          builds go to target/liburing-suite-dropin unless LIBURING_SUITE_OUT
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
CC=${CC:-cc}
CXX=${CXX:-c++}
JOBS=$(nproc 2>/dev/null || echo 2)
TIMEOUT=${SUITE_TIMEOUT:-30}
MODE=${LIBURING_SUITE_MODE:-link}
case $MODE in
link) OUT=${LIBURING_SUITE_OUT:-$ROOT/target/liburing-suite} ;;
dropin) OUT=${LIBURING_SUITE_OUT:-$ROOT/target/liburing-suite-dropin} ;;
*) echo "FAIL: LIBURING_SUITE_MODE=$MODE (link or dropin)"; exit 1 ;;
esac
LIB=${URING_RS_LIB_DIR:-$ROOT/target/release}
DROPIN=${URING_RS_DROPIN_DIR:-$ROOT/target/dropin}
CRATE_NAME=lio-uring CRATE_VERSION=0.3.1
CRATE=$CRATE_NAME-$CRATE_VERSION
CRATE_SHA256=9b5eb7ded80bc591c8c79cb207bd505377d90395894f5dff5cc75846ac7e396f

skip() { echo "skip: $*"; exit 77; }
die() { echo "FAIL: $*"; exit 1; }

# ctests/run.sh gives this script the limit of its "ctest-timeout" line.
if [ "${LIBURING_SUITE:-}" = 0 ]; then
	skip "LIBURING_SUITE=0"
fi

# Tests that pass with the real liburing and fail with ours for a reason that is not a bug of
# ours. Each entry: name, then the reason.
declare -A EXCLUDED=(
)
# In drop-in mode the tests are compiled against liburing 2.14's header and run on our
# liburing.so.2, which is liburing 2.15: `version` asserts that the library's version is the
# header's, as it would fail on liburing 2.15's own liburing.so.2.
[ "${LIBURING_SUITE_MODE:-}" = dropin ] &&
	EXCLUDED[version]="the drop-in is liburing 2.15, the test's header 2.14 (it fails on liburing 2.15's own .so too)"

# Tests that may not compile against our header because they use liburing internals, not its
# API. None today: the two internal functions tests call (__io_uring_queue_init_params,
# io_uring_unmap_rings) are exported by liburing_rs as by liburing.a, and the internal headers
# tests include (../src/syscall.h, ../src/setup.h, ../src/lib.h) only declare things or wrap
# raw syscalls.
declare -A NO_COMPILE_OK=(
)

# Tests taking more than 20 s with the real liburing: run only with LIBURING_SUITE_FULL=1, then
# with 3 x SUITE_TIMEOUT.
SLOW=(
	send-zerocopy    # ~29 s (close to the timeout) with liburing 2.14 on a 6.18 kernel, 2 cores
	multicqes_drain  # ~20 s
)

# ---- 1. the source ----
mkdir -p "$OUT" || exit 1
crate=$OUT/$CRATE.crate
have_crate() { [ -f "$crate" ] && [ "$(sha256sum "$crate" | cut -d' ' -f1)" = "$CRATE_SHA256" ]; }
# cargo's cache after `cargo fetch` of a manifest that depends on exactly this version
fetch_crate() {
	local dir=$OUT/fetch c
	command -v cargo >/dev/null || { echo "cargo not installed"; return 1; }
	mkdir -p "$dir/src" && : >"$dir/src/lib.rs" || return 1
	printf '%s\n' '[package]' 'name = "liburing-suite-fetch"' 'version = "0.0.0"' 'edition = "2021"' \
		'publish = false' '' '[workspace]' '' '[dependencies]' "$CRATE_NAME = \"=$CRATE_VERSION\"" >"$dir/Cargo.toml"
	(cd "$dir" && cargo fetch -q) || return 1
	for c in "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"$CRATE.crate"; do
		[ -f "$c" ] && cp "$c" "$crate" && have_crate && return 0
	done
	rm -f "$crate"
	echo "$CRATE.crate not in cargo's cache after cargo fetch, or its sha256 is not $CRATE_SHA256"
	return 1
}
if ! have_crate; then
	rm -f "$crate"
	why=$(fetch_crate 2>&1) || skip "cargo cannot fetch $CRATE_NAME $CRATE_VERSION (no network?): $(echo "$why" | tail -n 3)"
fi
SRC=$OUT/$CRATE/liburing
if [ ! -f "$OUT/$CRATE/.unpacked" ]; then
	rm -rf "${OUT:?}/$CRATE"
	tar -xzf "$crate" -C "$OUT" || die "cannot unpack $crate"
	touch "$OUT/$CRATE/.unpacked"
fi
[ -f "$SRC/test/Makefile" ] || die "$SRC/test/Makefile missing"

# ---- 2. the real liburing ----
# the shared library too in drop-in mode: the tests link with it as a distribution's do
REAL_SO=$SRC/src/liburing.so.2.14
if [ ! -f "$SRC/src/liburing.a" ] || [ ! -f "$SRC/config-host.h" ] || { [ "$MODE" = dropin ] && [ ! -f "$REAL_SO" ]; }; then
	echo "building liburing 2.14 from $CRATE"
	(cd "$SRC" && ./configure --cc="$CC" --cxx="$CXX" >"$OUT/configure.log" 2>&1 &&
		make -j"$JOBS" -C src liburing.a $([ "$MODE" = dropin ] && echo liburing.so.2.14) >"$OUT/make-liburing.log" 2>&1) ||
		{ tail -20 "$OUT/configure.log" "$OUT/make-liburing.log" 2>/dev/null; die "building liburing failed"; }
fi

# ---- 3. the test programs, twice ----
[ -f "$LIB/liburing_rs.so" ] || die "$LIB/liburing_rs.so missing (make lib)"
[ "$MODE" = link ] || [ -f "$DROPIN/liburing.so.2" ] || die "$DROPIN/liburing.so.2 missing (make dropin-libs)"
TESTS=($(sed -n '/^test_srcs := /,/# EOL/p' "$SRC/test/Makefile" | grep -o '[A-Za-z0-9_.-]*\.cc\?'))
grep -q '^CONFIG_HAVE_STATX=y\|^CONFIG_HAVE_GLIBC_STATX=y' "$SRC/config-host.mak" && TESTS+=(statx.c)
# the C++ test where a C++ compiler is, or where it was built already (a guest of another
# architecture runs what the host compiled, and has no compiler)
grep -q '^CONFIG_HAVE_CXX=y' "$SRC/config-host.mak" &&
	{ command -v "$CXX" >/dev/null || [ -x "$OUT/real/bin/sq-full-cpp.t" ]; } && TESTS+=(sq-full-cpp.cc)
grep -q '^CONFIG_NOLIBC=y' "$SRC/config-host.mak" && TESTS+=(nolibc.c)

# liburing's test/Makefile flags, less its -I../src/include
CPPFLAGS_COMMON=(-D_GNU_SOURCE -D__SANE_USERSPACE_TYPES__ -include "$SRC/config-host.h"
	-D_LARGEFILE_SOURCE -D_FILE_OFFSET_BITS=64)
CFLAGS_COMMON=(-g -O2 -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare
	-Wstringop-overflow=0 -Warray-bounds=0 -DLIBURING_BUILD_TEST)
declare -A INC LIBS
INC[real]="-I$SRC/src/include"
LIBS[real]="$SRC/src/liburing.a -lpthread"
INC[ours]="-I$ROOT/include"
LIBS[ours]="-L$LIB -luring_rs -Wl,-rpath,$LIB -lpthread"
HEADERS=("$ROOT/include/liburing.h" "$ROOT"/include/liburing/*.h "$ROOT"/include/liburing/io_uring/*.h "$SRC/test/helpers.h")
OURS_LIB=$LIB/liburing_rs.so
if [ "$MODE" = dropin ]; then
	# liburing's header and its liburing.so.2 at link time (NEEDED liburing.so.2, its symbol
	# versions); at run time RUNPATH finds ours first. --disable-new-dtags would make it an
	# RPATH, which LD_LIBRARY_PATH cannot override; RUNPATH is what a user's own path beats.
	INC[ours]="-I$SRC/src/include"
	LIBS[ours]="$REAL_SO -Wl,-rpath,$DROPIN -lpthread"
	HEADERS=("$SRC/test/helpers.h")
	OURS_LIB=$DROPIN/liburing.so.2
fi

build_one() { # build src -> writes $OUT/$build/bin/NAME.t or $OUT/$build/err/NAME.err
	local build=$1 src=$2 name=${2%.*} bin=$OUT/$1/bin/${2%.*}.t err=$OUT/$1/err/${2%.*}.err cc=$CC std=
	[[ $src == *.cc ]] && cc=$CXX std=-std=c++11
	if [ -f "$bin" ] && [ "$bin" -nt "$SRC/test/$src" ] && [ "$bin" -nt "$OUT/$build/helpers.o" ]; then
		return 0
	fi
	rm -f "$bin" "$err"
	# shellcheck disable=SC2086
	$cc "${CPPFLAGS_COMMON[@]}" ${INC[$build]} "${CFLAGS_COMMON[@]}" $std -o "$bin" \
		"$SRC/test/$src" "$OUT/$build/helpers.o" ${LIBS[$build]} >"$err" 2>&1 || return 0
	rm -f "$err"
}
export -f build_one
export CC CXX SRC OUT
for build in real ours; do
	mkdir -p "$OUT/$build/bin" "$OUT/$build/err" "$OUT/$build/run" || exit 1
	[ "${LIBURING_SUITE_RUN_ONLY:-}" = 1 ] && continue
	h=$OUT/$build/helpers.o stale=
	[ -f "$h" ] || stale=1
	if [ "$build" = ours ]; then
		# the library too: a function may move between exported and inline
		for f in "${HEADERS[@]}" "$OURS_LIB"; do [ "$f" -nt "$h" ] && stale=1; done
	fi
	if [ -n "$stale" ]; then
		# shellcheck disable=SC2086
		$CC "${CPPFLAGS_COMMON[@]}" ${INC[$build]} "${CFLAGS_COMMON[@]}" -c -o "$h" "$SRC/test/helpers.c" \
			>"$OUT/$build/helpers.err" 2>&1 || { cat "$OUT/$build/helpers.err"; die "$build: test/helpers.c does not compile"; }
	fi
done
start=$SECONDS
[ "${LIBURING_SUITE_RUN_ONLY:-}" = 1 ] || echo "compiling ${#TESTS[@]} tests x 2 builds ($JOBS jobs)"
for build in real ours; do
	[ "${LIBURING_SUITE_RUN_ONLY:-}" = 1 ] && break
	for t in "${TESTS[@]}"; do echo "$build $t"; done
done | (
	# bash functions do not cross xargs: pass the arrays through a sourced file
	declare -p CPPFLAGS_COMMON CFLAGS_COMMON INC LIBS >"$OUT/build-env.sh"
	xargs -r -P "$JOBS" -L 1 bash -c 'source "$OUT/build-env.sh"; build_one "$@"' _
)
[ "${LIBURING_SUITE_RUN_ONLY:-}" = 1 ] || echo "compiled in $((SECONDS - start)) s"
if [ "$MODE" = dropin ] && [ "${LIBURING_SUITE_RUN_ONLY:-}" != 1 ] && command -v readelf >/dev/null; then
	# each drop-in test must load liburing.so.2 and find ours first; a binary that linked
	# liburing statically or lost its RUNPATH would test liburing against itself
	for b in "$OUT"/ours/bin/*.t; do
		d=$(readelf -d "$b" 2>/dev/null)
		grep -q 'NEEDED.*\[liburing\.so\.2\]' <<<"$d" && grep -q "RUNPATH.*\[$DROPIN\]" <<<"$d" ||
			die "$b: no NEEDED liburing.so.2 with RUNPATH $DROPIN (drop-in mode)"
	done
	echo "drop-in mode: every test of ours loads liburing.so.2 from $DROPIN"
fi
[ "${LIBURING_SUITE_BUILD_ONLY:-}" = 1 ] && exit 0

# ---- 4. run ----
run_one() { # build name -> prints the exit code (124/137 timeout)
	local build=$1 name=$2 dir=$OUT/$1/run/$2
	rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || { echo 125; return; }
	ln -sf "$OUT/$build/bin/exec-target.t" exec-target.t  # sqpoll-exec runs ./exec-target.t
	mkdir -p tmp
	# The two builds of a test run at the same time, each in its own network namespace
	# (loopback up: several tests bind fixed ports) and mount namespace with its own /tmp (a
	# directory of the scratch dir, same filesystem: several tests use fixed /tmp/NAME paths).
	# LIBURING_SUITE_CHECK: our build checked (URING_RS_CHECK), its findings in DIR/NAME.log
	local check=
	[ "$build" = ours ] && [ -n "${LIBURING_SUITE_CHECK:-}" ] && check=$LIBURING_SUITE_CHECK/$name.log
	URING_RS_CHECK=$check timeout --kill-after=5 "$tmo" "${ISOLATE[@]}" "$dir/tmp" "$OUT/$build/bin/$name.t" \
		</dev/null >"$OUT/$build/run/$name.log" 2>&1
	echo $?
}
describe() { # code -> word
	case $1 in
	0) echo pass ;; 77) echo skip ;; 124|137) echo timeout ;; none) echo "-" ;;
	*) if [ "$1" -gt 128 ]; then echo "crash($(kill -l $(($1 - 128)) 2>/dev/null || echo $1))"; else echo "fail($1)"; fi ;;
	esac
}
# A checkout under /tmp (a CI clone, say) would vanish behind the private /tmp: bind it back
# at its own path inside the private one first.
KEEP_DIR=$ROOT KEEP_REL=
case $ROOT in /tmp/*) KEEP_REL=${ROOT#/tmp/} ;; esac
export KEEP_DIR KEEP_REL
ISOLATE=(unshare -n -m sh -c 'if [ -n "$KEEP_REL" ]; then mkdir -p "$0/$KEEP_REL" && mount --bind "$KEEP_DIR" "$0/$KEEP_REL" || exit 126; fi
	mount --rbind "$0" /tmp && ip link set lo up && exec "$1"')
PARALLEL=1
mkdir -p "$OUT/isolate-check"
if ! "${ISOLATE[@]}" "$OUT/isolate-check" true 2>/dev/null; then
	echo "note: no network/mount namespaces (needs root, unshare, ip): the two builds of a test run one after the other"
	ISOLATE=(sh -c 'exec "$1"') PARALLEL=
fi
table=$OUT/results.tsv
printf 'test\treal\tours\treal_s\tours_s\n' >"$table"
declare -A count
bad=() excluded_hits=() nocompile=() nocompile_ok=() flips=() steady=()
# Two exit codes (real, ours) whose statuses differ: pass, skip, fail or timeout, both built.
differ() { [ "$1" != none ] && [ "$2" != none ] && [ "$(describe "$1" | cut -d'(' -f1)" != "$(describe "$2" | cut -d'(' -f1)" ]; }
# Non-empty when liburing passed and ours did neither pass nor skip.
worse() { [ "$1" = 0 ] && [ "$2" != 0 ] && [ "$2" != 77 ] && [ "$2" != none ] && echo 1; }
only=${LIBURING_SUITE_ONLY:-}
list=$(echo ${LIBURING_SUITE_TESTS:-})
start=$SECONDS
for t in "${TESTS[@]}"; do
	name=${t%.*}
	[ -n "$only" ] && [[ $name != *$only* ]] && continue
	[ -n "$list" ] && [[ " $list " != *" $name "* ]] && continue
	[ "$name" = exec-target ] && continue  # a helper of sqpoll-exec, not a test
	is_slow= tmo=$TIMEOUT
	for s in "${SLOW[@]}"; do [ "$s" = "$name" ] && is_slow=1 tmo=$((3 * TIMEOUT)); done
	if [ -n "$is_slow" ] && [ "${LIBURING_SUITE_FULL:-}" != 1 ]; then
		printf '%s\tslow\tslow\t-\t-\n' "$name" >>"$table"
		count[slow]=$((${count[slow]:-0} + 1))
		continue
	fi
	declare -A rc=() secs=()
	for build in real ours; do
		if [ -x "$OUT/$build/bin/$name.t" ]; then
			(s=$(date +%s.%N); r=$(run_one "$build" "$name"); e=$(date +%s.%N)
			 echo "$r $(echo "$e - $s" | awk '{printf "%.1f", $1 - $3}')" >"$OUT/$build/run/$name.rc") &
			[ -n "$PARALLEL" ] || wait
		else
			echo "none -" >"$OUT/$build/run/$name.rc"
		fi
	done
	wait
	for build in real ours; do
		read -r r s <"$OUT/$build/run/$name.rc"
		rc[$build]=$r secs[$build]=$s
		w=$(describe "$r") k=$build.$(describe "$r" | cut -d'(' -f1)
		count[$k]=$((${count[$k]:-0} + 1))
	done
	if differ "${rc[real]}" "${rc[ours]}"; then
		# Several tests assert wall-clock windows (min-timeout: "expected 20 msec") that a
		# loaded machine misses with either library. A difference says something about ours
		# only if it holds: both builds again, alone, RETRIES times each; a test that passes
		# with liburing and fails with ours is a regression only if it does so every time.
		hist_real=$(describe "${rc[real]}") hist_ours=$(describe "${rc[ours]}") held=1
		[ "$(worse "${rc[real]}" "${rc[ours]}")" ] || held=
		for build in real ours; do cp "$OUT/$build/run/$name.log" "$OUT/$build/run/$name.log.1"; done
		for ((try = 0; try < ${SUITE_RETRIES:-3}; try++)); do
			r1=$(run_one real "$name") r2=$(run_one ours "$name")
			hist_real+=",$(describe "$r1")" hist_ours+=",$(describe "$r2")"
			[ "$(worse "$r1" "$r2")" ] || held=
			[ "$r1" = 0 ] && rc[real]=0
			[ "$r2" = 0 ] && rc[ours]=0
		done
		if [ -n "$held" ]; then
			rc[ours]=$r2
		elif [ "$(tr , '\n' <<<"$hist_real" | sort -u | wc -l)$(tr , '\n' <<<"$hist_ours" | sort -u | wc -l)" = 11 ]; then
			steady+=("$name: real $hist_real; ours $hist_ours")
		else
			flips+=("$name: real $hist_real; ours $hist_ours")
		fi
		# the counts take each build's status after the reruns: pass if any run passed
		for build in real ours; do
			k=$build.$(describe "$(cut -d' ' -f1 "$OUT/$build/run/$name.rc")" | cut -d'(' -f1)
			count[$k]=$((${count[$k]} - 1))
			k=$build.$(describe "${rc[$build]}" | cut -d'(' -f1)
			count[$k]=$((${count[$k]:-0} + 1))
		done
	fi
	rw=$(describe "${rc[real]}") ow=$(describe "${rc[ours]}")
	printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rw" "$ow" "${secs[real]}" "${secs[ours]}" >>"$table"
	mark=
	if [ "${rc[ours]}" = none ] && [ "${rc[real]}" != none ]; then
		if [ -n "${NO_COMPILE_OK[$name]:-}" ]; then nocompile_ok+=("$name"); else nocompile+=("$name"); mark=" <- does not compile against ours"; fi
	elif [ "${rc[real]}" = 0 ] && [ "${rc[ours]}" != 0 ] && [ "${rc[ours]}" != 77 ] && [ "${rc[ours]}" != none ]; then
		if [ -n "${EXCLUDED[$name]:-}" ]; then excluded_hits+=("$name"); mark=" (excluded)"; else bad+=("$name"); mark=" <- REGRESSION"; fi
	elif [ "${rc[real]}" = 0 ] && [ "${rc[ours]}" = 77 ]; then
		mark=" (skips with ours)"
	fi
	printf '%-32s real %-12s %5ss  ours %-12s %5ss%s\n' "$name" "$rw" "${secs[real]}" "$ow" "${secs[ours]}" "$mark"
done
echo "ran in $((SECONDS - start)) s; table: $table, logs: $OUT/{real,ours}/run/NAME.log"
# Drop-in mode links liburing's tests with liburing.so.2 as a distribution would. The few that
# call liburing internals which only liburing.a has (liburing.so.2 exports neither, nor do the
# drop-ins, by liburing's version script) cannot link with a shared liburing: expected.
if [ "$MODE" = dropin ]; then
	left=()
	for n in "${nocompile[@]}"; do
		u=$(sed -n "s/.*undefined reference to \`\([^']*\)'.*/\1/p" "$OUT/ours/err/$n.err" | sort -u)
		if [ -n "$u" ] && ! grep -qvx -e __io_uring_queue_init_params -e io_uring_unmap_rings <<<"$u"; then
			NO_COMPILE_OK[$n]="calls $(echo $u) (liburing internals that liburing.so.2 does not export: only liburing.a has them)"
			nocompile_ok+=("$n")
		else
			left+=("$n")
		fi
	done
	nocompile=("${left[@]}")
fi

for build in real ours; do
	c=$(ls "$OUT/$build/bin" | grep -c '\.t$')
	printf '%s: %s compiled, %s passed, %s skipped, %s failed, %s timed out, %s crashed\n' "$build" "$c" \
		"${count[$build.pass]:-0}" "${count[$build.skip]:-0}" "${count[$build.fail]:-0}" \
		"${count[$build.timeout]:-0}" "${count[$build.crash]:-0}"
done
[ -n "${count[slow]:-}" ] && echo "slow (not run; LIBURING_SUITE_FULL=1 runs them): ${count[slow]}"
for n in "${nocompile_ok[@]}"; do echo "does not compile against ours (expected): $n: ${NO_COMPILE_OK[$n]}"; done
for n in "${nocompile[@]}"; do
	echo "does not compile against ours: $n:"
	grep -m3 'error' "$OUT/ours/err/$n.err" | sed 's/^/    /'
done
for f in "${steady[@]}"; do echo "differs in every run, ours not worse: $f"; done
for f in "${flips[@]}"; do echo "flip (a difference that did not hold in ${SUITE_RETRIES:-3} reruns of each): $f"; done
for n in "${excluded_hits[@]}"; do echo "excluded: $n: ${EXCLUDED[$n]}"; done
for n in "${bad[@]}"; do
	echo "passes with liburing, not with ours: $n (log: $OUT/ours/run/$n.log)"
	tail -n 5 "$OUT/ours/run/$n.log" | sed 's/^/    | /'
done
# A harness that runs nothing proves nothing: the real liburing passes most of its own suite.
min_real=${LIBURING_SUITE_MIN_PASS:-150}
if [ -z "$only$list" ] && [ "${count[real.pass]:-0}" -lt "$min_real" ]; then
	die "only ${count[real.pass]:-0} tests passed with the real liburing (expected at least $min_real): the harness is broken (see $OUT/real/run/*.log)"
fi
[ ${#bad[@]} -eq 0 ] && [ ${#nocompile[@]} -eq 0 ]
