# Makefile fragment: the binary drop-ins target/dropin/liburing.so.2 and liburing-ffi.so.2
# (issue 6), their install rule, and their tests (ctests/dropin_*.sh, ctests/dropin/).
#
# Both are linked by the C compiler from the Rust staticlib with -Wl,--whole-archive and a
# version script (rustc overrides a version script given to a cdylib). The version scripts
# dropin/*.map are generated from reference/liburing-{2.15,upstream}-exports.tsv by
# dropin/gen-version-scripts.sh and checked in; `make dropin-maps` regenerates them.
#
# Included by the top-level Makefile, which provides CC, STRIP, LIB_DIR, CLIB_DIR, CLIB_LDFLAGS,
# CLIB_LDLIBS, LIBDIR, HEADERDIR, PREFIX.

DROPIN_DIR      := target/dropin
DROPIN_NAMES    := liburing liburing-ffi
DROPIN_LIBS     := $(DROPIN_NAMES:%=$(DROPIN_DIR)/%.so.2)
DROPIN_LINKS    := $(DROPIN_NAMES:%=$(DROPIN_DIR)/%.so)
# the panic=abort build (`cargo test --release` may leave an unwinding one in target/release)
DROPIN_STATIC   := $(CLIB_DIR)/liburing_rs.a
# where `make install` puts them: their own directory, so that installing uring-rs never
# shadows the system liburing by accident
DROPIN_LIBDIR   ?= $(LIBDIR)/uring-rs
# linked as liburing_rs.so is (top Makefile)
DROPIN_LDFLAGS  ?= $(CLIB_LDFLAGS)
DROPIN_LDLIBS   ?= $(CLIB_LDLIBS)

.PHONY: dropin dropin-libs dropin-maps install-dropin uninstall-dropin dropin-clean

all: dropin
check: dropin
CHECK_DEPS += dropin
install: install-dropin
uninstall: uninstall-dropin

# `lib` (cargo) always runs; the link then happens in a sub-make, where the staticlib is a
# plain file, so the drop-ins are relinked only when it or a version script changed.
dropin: lib
	@$(MAKE) --no-print-directory dropin-libs

dropin-libs: $(DROPIN_LIBS) $(DROPIN_LINKS)
	@:

$(DROPIN_DIR)/%.so.2: $(DROPIN_STATIC) dropin/%.map mk/dropin.mk
	@mkdir -p $(DROPIN_DIR)
	$(CC) $(DROPIN_LDFLAGS) -o $@.tmp \
	    -Wl,--whole-archive $(DROPIN_STATIC) -Wl,--no-whole-archive \
	    -Wl,--version-script=dropin/$*.map -Wl,-soname,$*.so.2 $(DROPIN_LDLIBS)
	mv -f $@.tmp $@

$(DROPIN_DIR)/%.so: $(DROPIN_DIR)/%.so.2
	ln -sfn $*.so.2 $@

dropin-maps:
	bash dropin/gen-version-scripts.sh

install-dropin: dropin
	install -d $(DESTDIR)$(DROPIN_LIBDIR)/pkgconfig
	for n in $(DROPIN_NAMES); do \
	    install -m 755 -s --strip-program=$(STRIP) $(DROPIN_DIR)/$$n.so.2 $(DESTDIR)$(DROPIN_LIBDIR)/$$n.so.2 && \
	    ln -sfn $$n.so.2 $(DESTDIR)$(DROPIN_LIBDIR)/$$n.so && \
	    sed -e 's|@PREFIX@|$(PREFIX)|; s|@DROPIN_LIBDIR@|$(DROPIN_LIBDIR)|; s|@INCLUDEDIR@|$(HEADERDIR)|' \
	        dropin/$$n.pc.in > $(DESTDIR)$(DROPIN_LIBDIR)/pkgconfig/$$n.pc || exit 1; \
	done

uninstall-dropin:
	for n in $(DROPIN_NAMES); do \
	    rm -f $(DESTDIR)$(DROPIN_LIBDIR)/$$n.so.2 $(DESTDIR)$(DROPIN_LIBDIR)/$$n.so \
	          $(DESTDIR)$(DROPIN_LIBDIR)/pkgconfig/$$n.pc; \
	done
	-rmdir $(DESTDIR)$(DROPIN_LIBDIR)/pkgconfig $(DESTDIR)$(DROPIN_LIBDIR) 2>/dev/null

dropin-clean:
	rm -rf $(DROPIN_DIR)
