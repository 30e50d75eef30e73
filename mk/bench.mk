# Makefile fragment: benchmarks against liburing (issue 7), see bench/run.sh.
#
#   make bench          build everything and run the full comparison (a few minutes);
#                       NOP also on a library built without tracing (bench-notrace)
#                       prints a markdown table, also written to target/bench/out/results.md
#   make bench-smoke    tiny sizes, one round: checks that every benchmark runs
#   make bench-build    only compile the benchmark programs (also a `make check` prerequisite,
#                       so ctests/bench_smoke.sh finds them)
#   make bench-functions where the instructions go, per function (BENCH_BATCHES="1 32")
#   make bench BENCH_ARGS="--rounds 3 --only nop"
#   make bench BENCH_ROUNDS=9 more alternating rounds (default 5: about 4 minutes on 2 CPUs)
#
# Each program in bench/ (and examples-c/echo_server.c) is compiled twice from the same
# source with the same flags:
#   target/bench/liburing/   against the system liburing: /usr/include/liburing.h, -luring
#   target/bench/uring-rs/   against include/liburing.h and target/release/liburing_rs.so
# echo_server may not build against one side while the examples are in flux; that only
# turns its row into "build failed", it does not fail the build.

BENCH_OUT    := target/bench
BENCH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Werror=implicit-function-declaration
BENCH_PROGS  := nop read
BENCH_SYS_CFLAGS := -I/usr/include
BENCH_SYS_LDLIBS := -luring
BENCH_RS_CFLAGS  := -I$(ROOT)/include
BENCH_RS_LDLIBS  := -L$(ROOT)/target/release -luring_rs -Wl,-rpath,$(ROOT)/target/release
BENCH_ECHO_SRC   := examples-c/echo_server.c
BENCH_ECHO_COMMON := examples-c/common.c
BENCH_LOAD_SRC   := ctests/tools/echo_load.c

# start: process start with one ring (issue 21), C only
BENCH_BINS := $(foreach l,liburing uring-rs,$(addprefix $(BENCH_OUT)/$(l)/,$(BENCH_PROGS) start)) \
              $(BENCH_OUT)/echo_load

# The Rust APIs, uring_rs::api against tokio-rs's io-uring crate (a dev-dependency):
# benches/vs_tokio.rs, one binary, linked as $(BENCH_OUT)/{uring-rs-api,io-uring}/{nop,read,...}
# (the path picks the API and the workload).
BENCH_RUST_APIS := uring-rs-api io-uring
BENCH_RUST_PROGS := $(BENCH_PROGS) recvms sendzc

.PHONY: bench bench-build bench-smoke bench-echo bench-clean bench-functions bench-rust
CHECK_DEPS += bench-build

bench-build: $(BENCH_BINS) bench-echo bench-rust

bench-rust:
	@mkdir -p $(BENCH_OUT); exe=$$($(CARGO) bench --bench vs_tokio --no-run 2>&1 | tee $(BENCH_OUT)/vs_tokio.build | \
	  sed -n 's/.*Executable benches\/vs_tokio.rs (\(.*\))$$/\1/p'); \
	[ -x "$$exe" ] || { cat $(BENCH_OUT)/vs_tokio.build; exit 1; }; \
	for api in $(BENCH_RUST_APIS); do mkdir -p $(BENCH_OUT)/$$api; \
	  for p in $(BENCH_RUST_PROGS); do ln -sf $(ROOT)/$$exe $(BENCH_OUT)/$$api/$$p; done; done

$(BENCH_OUT)/liburing $(BENCH_OUT)/uring-rs:
	mkdir -p $@

$(BENCH_OUT)/liburing/%: bench/%.c bench/common.h | $(BENCH_OUT)/liburing
	$(CC) $(BENCH_CFLAGS) $(BENCH_SYS_CFLAGS) -o $@ $< $(BENCH_SYS_LDLIBS)

$(BENCH_OUT)/uring-rs/%: bench/%.c bench/common.h include/liburing.h include/liburing/*.h $(LIB_DIR)/liburing_rs.so | $(BENCH_OUT)/uring-rs
	$(CC) $(BENCH_CFLAGS) $(BENCH_RS_CFLAGS) -o $@ $< $(BENCH_RS_LDLIBS)

$(BENCH_OUT)/echo_load: $(BENCH_LOAD_SRC) | $(BENCH_OUT)/liburing
	$(CC) $(BENCH_CFLAGS) -o $@ $<

# The echo server comes from examples-c/; a build failure is reported, not fatal.
bench-echo: | $(BENCH_OUT)/liburing $(BENCH_OUT)/uring-rs lib
	@if [ -f $(BENCH_ECHO_SRC) ]; then \
	  $(CC) $(BENCH_CFLAGS) $(BENCH_SYS_CFLAGS) -o $(BENCH_OUT)/liburing/echo_server $(BENCH_ECHO_SRC) $(BENCH_ECHO_COMMON) \
	    $(BENCH_SYS_LDLIBS) 2>$(BENCH_OUT)/liburing/echo_server.err \
	  || { rm -f $(BENCH_OUT)/liburing/echo_server; echo "bench: echo_server does not build against the system liburing (see $(BENCH_OUT)/liburing/echo_server.err)"; }; \
	  $(CC) $(BENCH_CFLAGS) $(BENCH_RS_CFLAGS) -o $(BENCH_OUT)/uring-rs/echo_server $(BENCH_ECHO_SRC) $(BENCH_ECHO_COMMON) \
	    $(BENCH_RS_LDLIBS) 2>$(BENCH_OUT)/uring-rs/echo_server.err \
	  || { rm -f $(BENCH_OUT)/uring-rs/echo_server; echo "bench: echo_server does not build against uring-rs (see $(BENCH_OUT)/uring-rs/echo_server.err)"; }; \
	fi

BENCH_ROUNDS ?= 5

# The NOP program on a library built without the `trace` cargo feature (its own target dir),
# linked into a shared library as `make lib` links ours, for the rows that show what
# compiling tracing in costs. Only `make bench` builds it.
BENCH_NOTRACE_DIR := target/notrace
.PHONY: bench-notrace
bench-notrace: lib | $(BENCH_OUT)/uring-rs
	$(CARGO) build --profile clib --no-default-features --target-dir $(BENCH_NOTRACE_DIR)
	mkdir -p $(BENCH_NOTRACE_DIR)/lib $(BENCH_OUT)/uring-rs-notrace
	$(CC) $(CLIB_LDFLAGS) -o $(BENCH_NOTRACE_DIR)/lib/$(LIB_SONAME) \
	    -Wl,--whole-archive $(BENCH_NOTRACE_DIR)/clib/liburing_rs.a -Wl,--no-whole-archive \
	    -Wl,--version-script=$(CLIB_DIR)/liburing_rs.map -Wl,-soname,$(LIB_SONAME) $(CLIB_LDLIBS)
	ln -sfn $(LIB_SONAME) $(BENCH_NOTRACE_DIR)/lib/liburing_rs.so
	$(CC) $(BENCH_CFLAGS) $(BENCH_RS_CFLAGS) -o $(BENCH_OUT)/uring-rs-notrace/nop bench/nop.c \
	    -L$(ROOT)/$(BENCH_NOTRACE_DIR)/lib -luring_rs -Wl,-rpath,$(ROOT)/$(BENCH_NOTRACE_DIR)/lib

bench: lib bench-build bench-notrace
	bash bench/run.sh --rounds $(BENCH_ROUNDS) $(BENCH_ARGS)

bench-smoke: lib bench-build
	bash bench/run.sh --smoke

bench-clean:
	rm -rf $(BENCH_OUT)

# Per-function instructions per op of the NOP benchmark (callgrind), both builds.
bench-functions: lib bench-build
	bash bench/cg_functions.sh $(BENCH_BATCHES)
