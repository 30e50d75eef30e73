# uring-rs: liburing 2.15 rebuilt in Rust.
#   make            library (target/release/liburing_rs.{so,a}), include/liburing.h, examples
#   make demo       the above, then every example program run end to end
#   make check      cargo test + the C suite in ctests/
#   make install    PREFIX=/usr/local DESTDIR=
CC ?= cc
CARGO ?= cargo
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include

ROOT := $(abspath .)
LIB_DIR := $(ROOT)/target/release
URING_CFLAGS := -I$(ROOT)/include
URING_LDLIBS := -L$(LIB_DIR) -luring_rs -Wl,-rpath,$(LIB_DIR)
CTEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE
CTEST_DIR := target/ctests

.PHONY: all lib ctests check cargo-test demo install uninstall clean
all: lib examples

# The C libraries are built with the panic=abort profile and placed in target/release.
lib:
	$(CARGO) build --profile clib
	@mkdir -p $(LIB_DIR)
	@for f in liburing_rs.so liburing_rs.a; do cmp -s target/clib/$$f $(LIB_DIR)/$$f || cp target/clib/$$f $(LIB_DIR)/$$f; done

# Each ctests/*.c is one test program against our header and library.
CTEST_SRCS := $(wildcard ctests/*.c)
CTEST_BINS := $(patsubst ctests/%.c,$(CTEST_DIR)/%,$(CTEST_SRCS))

$(CTEST_DIR)/%: ctests/%.c $(wildcard ctests/*.h) include/liburing.h include/liburing/*.h $(LIB_DIR)/liburing_rs.so
	@mkdir -p $(CTEST_DIR)
	$(CC) $(CTEST_CFLAGS) $(URING_CFLAGS) -o $@ $< $(URING_LDLIBS) -lpthread

$(LIB_DIR)/liburing_rs.so include/liburing.h: lib

ctests: lib $(CTEST_BINS)

cargo-test:
	$(CARGO) test --release

# Examples build after the library (see mk/examples.mk).
EXAMPLES_DEPS := lib
include $(wildcard mk/*.mk)

# Build everything, then run each example program end to end on loopback (bounded load).
demo: all
	bash ctests/run.sh examples

check: lib examples ctests cargo-test $(CHECK_DEPS)
	CC="$(CC)" bash ctests/run.sh

install: lib
	install -d $(DESTDIR)$(INCLUDEDIR)/liburing $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 include/liburing.h $(DESTDIR)$(INCLUDEDIR)/liburing.h
	install -m 644 include/liburing/*.h $(DESTDIR)$(INCLUDEDIR)/liburing/
	install -m 755 $(LIB_DIR)/liburing_rs.so $(DESTDIR)$(LIBDIR)/liburing_rs.so
	install -m 644 $(LIB_DIR)/liburing_rs.a $(DESTDIR)$(LIBDIR)/liburing_rs.a
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    liburing_rs.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/liburing_rs.pc

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/liburing.h $(DESTDIR)$(LIBDIR)/liburing_rs.so $(DESTDIR)$(LIBDIR)/liburing_rs.a \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/liburing_rs.pc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/liburing

clean:
	$(CARGO) clean
