#!/bin/bash
# make check-i686 (`i686`) and make check-arch (`all`): for each target of
# ctests/arch/targets.sh, build the C libraries and drop-ins (make arch-build), check the
# layouts (ctests/arch_layout.sh), and run the tests that can run on this machine:
#   i686: natively (this x86_64 kernel runs 32-bit programs): cargo test, the C tests, and
#         (all only) liburing's suite beside liburing built from the same source for i686;
#   musl: natively: the C tests, linked dynamically and statically;
#   the others: nothing runs (qemu-user has no io_uring; full-system qemu is not done yet).
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
[ "$what" = all ] && printf '| target | builds | layout | tests run | passed | same as liburing |\n|---|---|---|---|---|---|\n' >"$table"

# "passed failed" of cargo test's "test result:" lines in $1
cargo_counts() { awk '/^test result:/ {p += $4; f += $6} END {print p + 0, f + 0}' "$1"; }
# "passed failed skipped" of ctests/run.sh's last line in $1
ctest_counts() { tail -n1 "$1" | awk '{print $1 + 0, $3 + 0, $5 + 0}'; }

if [ "$what" = all ]; then
	echo "== layouts of every target (ctests/arch_layout.sh)"
	bash ctests/arch_layout.sh | tee "$OUT/layout.log"
fi

while read -r name rust cc _ _; do
	[ -n "$name" ] || continue
	[ "$what" = all ] || [ "$what" = "$name" ] || continue
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
			CC=$cc URING_RS_LIB_DIR=$ROOT/target/$rust/release LIBURING_SUITE_OUT=$ROOT/target/$rust/liburing-suite \
				bash ctests/liburing_suite.sh >"$log.suite.log" 2>&1
			rc=$?
			sr=$(grep '^real:' "$log.suite.log") so=$(grep '^ours:' "$log.suite.log")
			runs+=("liburing suite: ${sr:-real: -}; ${so:-ours: -}")
			case $rc in 0) same=yes ;; 77) same="not run: $(tail -n1 "$log.suite.log")" ;; *) same=no; status=1 ;; esac
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
	esac
	if [ "${runs[*]}" = "make check" ]; then
		run="make check (this machine)"
	elif [ ${#runs[@]} -gt 0 ]; then
		run=$(IFS=';'; echo "${runs[*]}" | sed 's/;/; /g')
		passed=$([ "$f" -eq 0 ] && echo "yes ($p)" || echo "NO ($f failed)")
		[ "$f" -eq 0 ] || status=1
	else
		run="none: no io_uring under qemu-user (full-system qemu: not yet)"
	fi
	printf '%s: builds %s, layout %s, %s, passed %s, same as liburing %s (%ss)\n' "$name" "$builds" "$layout" "$run" "$passed" "$same" $((SECONDS - start))
	[ "$what" = all ] && printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$builds" "$layout" "$run" "$passed" "$same" >>"$table"
done <<< "$ARCH_TARGETS"
[ "$what" = all ] && { echo; cat "$table"; }
exit $status
