# Makefile fragment: randomized differential testing and coverage-guided fuzzing (issue 15).
#
#   make diff-build           the differential tester ctests/diff/difftest.c, built twice:
#                             target/diff/difftest-liburing (Debian's liburing 2.3) and
#                             target/diff/difftest-uring-rs; a make check prerequisite
#                             (ctests/diff_vs_liburing.sh runs 3000 seeds)
#   make fuzz-diff SEEDS=N    N seeds from a random start (FIRST=S to choose it), each of the
#                             class its seed picks (CLASS=multishot... : all of that one)

DIFF_OUT    := target/diff
DIFF_SRC    := ctests/diff/difftest.c
DIFF_DEPS   := $(DIFF_SRC) ctests/diff/classes.c
DIFF_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror
SEEDS ?= 100000

.PHONY: diff-build fuzz-diff
CHECK_DEPS += diff-build

diff-build: $(DIFF_OUT)/difftest-liburing $(DIFF_OUT)/difftest-uring-rs

$(DIFF_OUT)/difftest-liburing: $(DIFF_DEPS)
	@mkdir -p $(DIFF_OUT)
	$(CC) $(DIFF_CFLAGS) -I/usr/include -o $@ $< -luring

$(DIFF_OUT)/difftest-uring-rs: $(DIFF_DEPS) include/liburing.h include/liburing/*.h $(LIB_DIR)/liburing_rs.so
	@mkdir -p $(DIFF_OUT)
	$(CC) $(DIFF_CFLAGS) $(URING_CFLAGS) -o $@ $< $(URING_LDLIBS)

fuzz-diff: diff-build
	DIFF_SEEDS=$(SEEDS) DIFF_CLASS=$(CLASS) DIFF_FIRST=$${FIRST:-$$(( $$(od -An -N3 -tu4 /dev/urandom) * 1000 + 1 ))} \
	  bash ctests/diff_vs_liburing.sh

# ---- coverage-guided fuzzing (libFuzzer, clang; harnesses in fuzz/) ----
#   make fuzz FUZZ_TIME=600   run every harness for FUZZ_TIME seconds (default 60), or
#   make fuzz FUZZ_RUNS=N     for N executions each; against a copy of liburing_rs.a whose
#                             Rust code carries sanitizer-coverage instrumentation (a stable
#                             rustc's -Cpasses=sancov-module, built in target/fuzz-lib), so the
#                             exported Rust is fuzzed coverage-guided too. Corpora grow in
#                             target/fuzz/corpus/, crashes land in target/fuzz/crashes/; a
#                             summary (executions, coverage) is printed per harness.
#   make fuzz-smoke-build     the harnesses against the ordinary target/release/liburing_rs.a
#                             (a make check prerequisite; ctests/fuzz_smoke.sh replays
#                             fuzz/corpus/ and fuzzes a few seconds)
FUZZ_HARNESSES := recvmsg bufring
FUZZ_CC     ?= clang
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize=alignment \
               -fno-sanitize-recover=undefined -Wall -Wextra -Werror
FUZZ_TIME   ?= 60
FUZZ_SANCOV := -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
               -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
               -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares
FUZZ_COMMON := fuzz/impls.h fuzz/wrappers.inc fuzz/ours.c fuzz/exported.c fuzz/liburing23.c include/liburing.h include/liburing/inline.h

.PHONY: fuzz fuzz-build fuzz-lib fuzz-smoke-build
CHECK_DEPS += fuzz-smoke-build

# Only the crate itself is instrumented (`cargo rustc` passes the flags to it alone).
fuzz-lib:
	$(CARGO) rustc --profile clib --lib --crate-type staticlib --target-dir target/fuzz-lib -- $(FUZZ_SANCOV)

# fuzz_link OUT LIB: the harnesses linked with LIB into OUT/
define fuzz_link
	@mkdir -p $(1)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(ROOT)/include -c fuzz/ours.c -o $(1)/ours.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c fuzz/exported.c -o $(1)/exported.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c fuzz/liburing23.c -o $(1)/liburing23.o
	for h in $(FUZZ_HARNESSES); do \
	  $(FUZZ_CC) $(FUZZ_CFLAGS) -o $(1)/$$h fuzz/$$h.c $(1)/ours.o $(1)/exported.o $(1)/liburing23.o $(2) -lpthread -ldl -lm || exit 1; \
	done
endef

fuzz-build: fuzz-lib
	$(call fuzz_link,target/fuzz/bin,target/fuzz-lib/clib/liburing_rs.a)

fuzz: fuzz-build
	bash fuzz/run.sh target/fuzz/bin $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_TIME))

# Skipped (the smoke test then skips) where clang or its libFuzzer runtime is missing.
fuzz-smoke-build: lib
	@if echo 'int LLVMFuzzerTestOneInput(const char *d, long n){(void)d;(void)n;return 0;}' | \
	    $(FUZZ_CC) -fsanitize=fuzzer -x c -o /dev/null - 2>/dev/null; then \
	  $(MAKE) --no-print-directory target/fuzz/smoke/.built; \
	else echo "fuzz-smoke-build: $(FUZZ_CC) with -fsanitize=fuzzer unavailable (apt: clang libclang-rt-14-dev)"; fi

target/fuzz/smoke/.built: $(FUZZ_COMMON) $(addprefix fuzz/,$(addsuffix .c,$(FUZZ_HARNESSES))) $(LIB_DIR)/liburing_rs.a
	$(call fuzz_link,target/fuzz/smoke,$(LIB_DIR)/liburing_rs.a)
	@touch $@
