# Makefile fragment: the C example programs (examples-c/) and the helper
# tools used by ctests/examples_*.sh (ctests/tools/).
#
# Included by the top-level Makefile, which provides CC, URING_CFLAGS and
# URING_LDLIBS.  The defaults below let it run on its own, e.g. against the
# system liburing instead of uring-rs:
#
#   make -f mk/examples.mk examples URING_CFLAGS= URING_LDLIBS=-luring
#
# EXAMPLES_DEPS may name targets (e.g. the library) the programs must be
# built after; it is an order-only prerequisite and empty by default.

URING_CFLAGS ?= -Iinclude
URING_LDLIBS ?= -Ltarget/release -luring_rs -Wl,-rpath,$(abspath target/release)
EXAMPLES_DEPS ?=
# rebuild the programs when the generated header changes
EXAMPLES_HDRS ?= $(wildcard include/liburing.h include/liburing/*.h)

EXAMPLES_OUT    := target/examples-c
EXAMPLES_CFLAGS ?= -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter

EXAMPLES_PROGS := tcp_server tcp_client echo_blocking echo_server udp_server \
                  io_uring_test link_cp
EXAMPLES_TOOLS := echo_load udp_check

EXAMPLES_BINS := $(addprefix $(EXAMPLES_OUT)/,$(EXAMPLES_PROGS) $(EXAMPLES_TOOLS))

.PHONY: examples examples-clean

examples: $(EXAMPLES_BINS)

$(EXAMPLES_OUT):
	mkdir -p $@

# The example programs use liburing (ours or the system's), and share the
# plumbing in examples-c/common.c (signals, option numbers, a TCP listener).
EXAMPLES_COMMON := examples-c/common.c

$(addprefix $(EXAMPLES_OUT)/,$(EXAMPLES_PROGS)): $(EXAMPLES_OUT)/%: examples-c/%.c $(EXAMPLES_COMMON) examples-c/common.h $(EXAMPLES_HDRS) | $(EXAMPLES_OUT) $(EXAMPLES_DEPS)
	$(CC) $(EXAMPLES_CFLAGS) $(URING_CFLAGS) -o $@ $< $(EXAMPLES_COMMON) $(URING_LDLIBS)

# The test tools are plain C: sockets and poll, no liburing.
$(addprefix $(EXAMPLES_OUT)/,$(EXAMPLES_TOOLS)): $(EXAMPLES_OUT)/%: ctests/tools/%.c ctests/tools/common.h | $(EXAMPLES_OUT)
	$(CC) $(EXAMPLES_CFLAGS) -o $@ $<

examples-clean:
	rm -f $(EXAMPLES_BINS)
