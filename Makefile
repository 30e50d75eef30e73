# uring-rs: liburing 2.15 rebuilt in Rust.
#   make            library (target/release/liburing_rs.{so,a}), include/liburing.h, examples
#   make demo       the above, then every example program run end to end
#   make check      cargo test + the C suite in ctests/ (+ the i686 build and its tests,
#                   every target's layout checks: mk/arch.mk; the 5.10 stage: mk/kernels.mk)
#   make check-arch every architecture: build, layout, tests, table (mk/arch.mk)
#   make check-kernels  the tests inside Debian's Linux 5.10, 6.1 and 6.12 (KERNELS=...)
#   make install    PREFIX=/usr/local DESTDIR=
CC ?= cc
CARGO ?= cargo
STRIP ?= strip
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
# our liburing.h in a directory of its own: installing never shadows the system's
HEADERDIR ?= $(INCLUDEDIR)/uring-rs
MANDIR ?= $(PREFIX)/share/man
# The section of the installed function pages: MAN3EXT=3rs installs man3/NAME.3rs (`man 3rs
# io_uring_prep_read`), beside liburing-dev's man3/NAME.3; the Debian package does so.
MAN3EXT ?= 3
BINDIR ?= $(PREFIX)/bin

ROOT := $(abspath .)
LIB_DIR := $(ROOT)/target/release
URING_CFLAGS := -I$(ROOT)/include
URING_LDLIBS := -L$(LIB_DIR) -luring_rs -Wl,-rpath,$(LIB_DIR)
# _FILE_OFFSET_BITS=64 as liburing builds (and its tests): the exported fadvise64/madvise64 take
# a 64-bit off_t, which a 32-bit program without it would pass as 32 bits (inline_random on i686)
CTEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64
CTEST_DIR := target/ctests

.PHONY: all lib lib-so ctests check cargo-test demo install uninstall clean regen
all: lib examples

# The C libraries are built with the panic=abort profile (target/clib) and placed in
# target/release: liburing_rs.a, and liburing_rs.so.$(LIB_VERSION) with the SONAME
# liburing_rs.so.$(LIB_MAJOR) and the links liburing_rs.so.$(LIB_MAJOR) and liburing_rs.so.
# The shared library is linked by the C compiler from the staticlib, as the drop-ins are
# (mk/dropin.mk), with the version script build.rs writes: it exports the C API and nothing
# else. build.rs also writes the manual pages into target/clib/man.
LIB_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
LIB_MAJOR := $(firstword $(subst ., ,$(LIB_VERSION)))
LIB_SONAME := liburing_rs.so.$(LIB_MAJOR)
LIB_REAL := liburing_rs.so.$(LIB_VERSION)
CLIB_DIR := target/clib
MAN_DIR := $(CLIB_DIR)/man
# --gc-sections drops the parts of std nothing exported reaches; the version script makes
# every symbol it does not name local (Rust's allocator shims, rust_eh_personality, ...).
CLIB_LDFLAGS ?= -shared -Wl,--gc-sections -Wl,-O1 -Wl,-z,noexecstack -Wl,-z,relro -Wl,-z,now
# what the Rust std in the staticlib needs (rustc --print native-static-libs); --as-needed
# keeps only the ones really used in DT_NEEDED. libgcc (the unwinder std's panic and backtrace
# code refers to) is linked statically: --gc-sections drops it from the libraries, which reach
# no panic, and a DT_NEEDED on libgcc_s would make every program load it for nothing.
CLIB_LDLIBS ?= -static-libgcc -Wl,--as-needed -lutil -lrt -lpthread -lm -ldl -lc

# The C libraries take tracing (src/trace.rs) from liburing_rs_trace.so.0, linked from the same
# staticlib (trace-so, mk/trace.mk); CLIB_FEATURES= builds them without tracing at all. The
# `generate` feature writes the headers, man pages and version script (build/generate.rs).
CLIB_FEATURES ?= trace-so
CLIB_CARGO_FEATURES = --no-default-features --features "generate $(CLIB_FEATURES)"
lib:
	$(CARGO) build --profile clib $(CLIB_CARGO_FEATURES)
	@mkdir -p $(LIB_DIR)
	@cmp -s $(CLIB_DIR)/liburing_rs.a $(LIB_DIR)/liburing_rs.a || cp $(CLIB_DIR)/liburing_rs.a $(LIB_DIR)/liburing_rs.a
	@$(MAKE) --no-print-directory lib-so

# a sub-make: the staticlib is a plain file there, so the library is relinked only when it or
# the version script changed
lib-so: $(LIB_DIR)/$(LIB_REAL)
	@ln -sfn $(LIB_REAL) $(LIB_DIR)/$(LIB_SONAME)
	@ln -sfn $(LIB_SONAME) $(LIB_DIR)/liburing_rs.so

$(LIB_DIR)/$(LIB_REAL): $(CLIB_DIR)/liburing_rs.a $(CLIB_DIR)/liburing_rs.map
	$(CC) $(CLIB_LDFLAGS) -o $@.tmp -Wl,--whole-archive $(CLIB_DIR)/liburing_rs.a -Wl,--no-whole-archive \
	    -Wl,--version-script=$(CLIB_DIR)/liburing_rs.map -Wl,-soname,$(LIB_SONAME) $(CLIB_LDLIBS)
	mv -f $@.tmp $@

# Each ctests/*.c is one test program against our header and library.
CTEST_SRCS := $(wildcard ctests/*.c)
CTEST_BINS := $(patsubst ctests/%.c,$(CTEST_DIR)/%,$(CTEST_SRCS))

$(CTEST_DIR)/%: ctests/%.c $(wildcard ctests/*.h) include/liburing.h include/liburing/*.h include/liburing/io_uring/*.h $(LIB_DIR)/liburing_rs.so
	@mkdir -p $(CTEST_DIR)
	$(CC) $(CTEST_CFLAGS) $(URING_CFLAGS) -o $@ $< $(URING_LDLIBS) -lpthread

$(LIB_DIR)/liburing_rs.so include/liburing.h: lib

# inline_random.c compares every inline function; its cases are generated from inline.h.
CTEST_GEN := target/ctests-gen
$(CTEST_DIR)/inline_random: CTEST_CFLAGS += -I$(ROOT)/$(CTEST_GEN)
$(CTEST_DIR)/inline_random: $(CTEST_GEN)/inline_random_cases.h
$(CTEST_GEN)/inline_random_cases.h: include/liburing/inline.h ctests/tools/inline_random_gen.sh
	@mkdir -p $(CTEST_GEN)
	bash ctests/tools/inline_random_gen.sh $< > $@.tmp && mv $@.tmp $@

ctests: lib $(CTEST_BINS)

cargo-test:
	$(CARGO) test --release

# Every checked-in generated file from its one source (HACKING.md): the kernel ABI bindings
# (bindgen, needs libclang), the headers (build.rs, by `lib`), the drop-in version scripts.
regen:
	URING_RS_BLESS=1 $(CARGO) test --release --test uapi_bindings
	$(MAKE) lib dropin-maps

# Examples build after the library (see mk/examples.mk).
EXAMPLES_DEPS := lib
include $(wildcard mk/*.mk)

# Build everything, then run each example program end to end on loopback (bounded load).
demo: all
	bash ctests/run.sh examples

check: lib examples ctests cargo-test $(CHECK_DEPS)
	CC="$(CC)" bash ctests/run.sh

# Our C tests, the Rust test binaries and liburing's suite (both builds) inside each kernel,
# booted under qemu with this build shared in (ctests/kernels/matrix.sh); tables in
# target/kernels/results/. `make check` runs the core tests on 5.10 (ctests/kernel_5_10.sh).
KERNELS ?= 5.10 6.1 6.12
.PHONY: check-kernels
# What the guests run, and no more of make check's dependencies (check-i686 runs a whole
# suite on the host): the drop-ins and the differential tester are among our C tests.
check-kernels: lib examples ctests dropin diff-build
	KERNELS="$(KERNELS)" CC="$(CC)" bash ctests/kernels/matrix.sh

# Headers in $(HEADERDIR) (pkg-config --cflags liburing_rs points there), the libraries
# stripped, the manual pages of target/clib/man (man3 and man7).
install: lib
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	cd include && find . -name '*.h' | while read -r h; do \
	    install -D -m 644 "$$h" "$(DESTDIR)$(HEADERDIR)/$$h" || exit 1; done
	install -m 755 -s --strip-program=$(STRIP) $(LIB_DIR)/$(LIB_REAL) $(DESTDIR)$(LIBDIR)/$(LIB_REAL)
	ln -sfn $(LIB_REAL) $(DESTDIR)$(LIBDIR)/$(LIB_SONAME)
	ln -sfn $(LIB_SONAME) $(DESTDIR)$(LIBDIR)/liburing_rs.so
	install -m 644 $(LIB_DIR)/liburing_rs.a $(DESTDIR)$(LIBDIR)/liburing_rs.a
	$(STRIP) --strip-debug $(DESTDIR)$(LIBDIR)/liburing_rs.a
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(HEADERDIR)|' \
	    liburing_rs.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/liburing_rs.pc
	for p in $(MAN_DIR)/man3/*.3; do \
	    sed -e '1,/^\.TH /s/^\(\.TH [^ ]*\) 3 /\1 $(MAN3EXT) /' -e 's|^\.so man3/\(.*\)\.3$$|.so man3/\1.$(MAN3EXT)|' \
	        "$$p" > $(DESTDIR)$(MANDIR)/man3/$$(basename "$$p" .3).$(MAN3EXT) || exit 1; done
	install -m 644 $(MAN_DIR)/man7/*.7 $(DESTDIR)$(MANDIR)/man7/

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(LIB_REAL) $(DESTDIR)$(LIBDIR)/$(LIB_SONAME) $(DESTDIR)$(LIBDIR)/liburing_rs.so \
	      $(DESTDIR)$(LIBDIR)/liburing_rs.a $(DESTDIR)$(LIBDIR)/pkgconfig/liburing_rs.pc \
	      $(DESTDIR)$(MANDIR)/man7/uring-rs.7
	cd $(MAN_DIR)/man3 && for p in *.3; do rm -f $(DESTDIR)$(MANDIR)/man3/$${p%.3}.$(MAN3EXT); done
	rm -rf $(DESTDIR)$(HEADERDIR)

clean:
	$(CARGO) clean
