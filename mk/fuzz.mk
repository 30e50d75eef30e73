# Makefile fragment: randomized differential testing and coverage-guided fuzzing (issue 15).
#
#   make diff-build           the differential tester ctests/diff/difftest.c, built twice:
#                             target/diff/difftest-liburing (Debian's liburing 2.3) and
#                             target/diff/difftest-uring-rs; a make check prerequisite
#                             (ctests/diff_vs_liburing.sh runs 3000 seeds)
#   make fuzz-diff SEEDS=N    N seeds from a random start (FIRST=S to choose it)

DIFF_OUT    := target/diff
DIFF_SRC    := ctests/diff/difftest.c
DIFF_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror
SEEDS ?= 100000

.PHONY: diff-build fuzz-diff
CHECK_DEPS += diff-build

diff-build: $(DIFF_OUT)/difftest-liburing $(DIFF_OUT)/difftest-uring-rs

$(DIFF_OUT)/difftest-liburing: $(DIFF_SRC)
	@mkdir -p $(DIFF_OUT)
	$(CC) $(DIFF_CFLAGS) -I/usr/include -o $@ $< -luring

$(DIFF_OUT)/difftest-uring-rs: $(DIFF_SRC) include/liburing.h include/liburing/*.h $(LIB_DIR)/liburing_rs.so
	@mkdir -p $(DIFF_OUT)
	$(CC) $(DIFF_CFLAGS) $(URING_CFLAGS) -o $@ $< $(URING_LDLIBS)

fuzz-diff: diff-build
	DIFF_SEEDS=$(SEEDS) DIFF_FIRST=$${FIRST:-$$(( $$(od -An -N3 -tu4 /dev/urandom) * 1000 + 1 ))} \
	  bash ctests/diff_vs_liburing.sh
