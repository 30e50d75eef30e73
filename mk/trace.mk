# Makefile fragment: tracing (URING_RS_TRACE / URING_RS_STATS, src/trace.rs, issue 13) for the
# C libraries, and `uring-rs-trace` (bin/), the command that runs a program on the drop-in
# liburing with those variables set.
#
# The libraries carry no tracing code (issue 21: a library of 64 KiB of text, which loads
# nothing more until asked). liburing_rs_trace.so.0 has it, linked from the same staticlib with
# mk/trace.map; a library loads it from its own directory at the first ring setup when
# URING_RS_TRACE or URING_RS_STATS asks for it (src/trace_hook.rs). So it lies beside each:
# $(LIB_DIR) and target/dropin (a link) in the tree, $(LIBDIR) and $(DROPIN_LIBDIR) (a link)
# when installed. Not built when CLIB_FEATURES leaves trace-so out (no tracing at all).
# `make install` writes the command to $(BINDIR) pointing at the installed drop-ins
# ($(DROPIN_LIBDIR), mk/dropin.mk); run from the source tree it uses target/dropin.

BINDIR ?= $(PREFIX)/bin
TRACE_SO := liburing_rs_trace.so.0

.PHONY: install-trace uninstall-trace
install: install-trace
uninstall: uninstall-trace

ifneq ($(filter trace-so,$(CLIB_FEATURES)),)
lib-so: $(LIB_DIR)/$(TRACE_SO)
dropin-libs: $(DROPIN_DIR)/$(TRACE_SO)
install: install-trace-so
endif

$(LIB_DIR)/$(TRACE_SO): $(CLIB_DIR)/liburing_rs.a mk/trace.map
	$(CC) $(CLIB_LDFLAGS) -o $@.tmp -Wl,--whole-archive $(CLIB_DIR)/liburing_rs.a -Wl,--no-whole-archive \
	    -Wl,--version-script=mk/trace.map -Wl,-soname,$(TRACE_SO) $(CLIB_LDLIBS)
	mv -f $@.tmp $@

$(DROPIN_DIR)/$(TRACE_SO): $(LIB_DIR)/$(TRACE_SO)
	@mkdir -p $(DROPIN_DIR)
	ln -sfn $$(realpath -m --relative-to=$(DROPIN_DIR) $(LIB_DIR))/$(TRACE_SO) $@

# the drop-ins' copy is a link to the library's, relative so that the tree can move
.PHONY: install-trace-so
install-trace-so: lib install-dropin
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(DROPIN_LIBDIR)
	install -m 755 -s --strip-program=$(STRIP) $(LIB_DIR)/$(TRACE_SO) $(DESTDIR)$(LIBDIR)/$(TRACE_SO)
	ln -sfn $$(realpath -m --relative-to=$(DROPIN_LIBDIR) $(LIBDIR))/$(TRACE_SO) $(DESTDIR)$(DROPIN_LIBDIR)/$(TRACE_SO)

install-trace: install-dropin
	install -d $(DESTDIR)$(BINDIR)
	sed -e "s|^DROPIN_DIR='@DROPIN_LIBDIR@'|DROPIN_DIR='$(DROPIN_LIBDIR)'|" bin/uring-rs-trace \
	    > $(DESTDIR)$(BINDIR)/uring-rs-trace
	chmod 755 $(DESTDIR)$(BINDIR)/uring-rs-trace
	install -D -m 644 $(MAN_DIR)/man1/uring-rs-trace.1 $(DESTDIR)$(MANDIR)/man1/uring-rs-trace.1

uninstall-trace:
	rm -f $(DESTDIR)$(BINDIR)/uring-rs-trace $(DESTDIR)$(MANDIR)/man1/uring-rs-trace.1 $(DESTDIR)$(LIBDIR)/$(TRACE_SO) $(DESTDIR)$(DROPIN_LIBDIR)/$(TRACE_SO)

# the link beside the drop-ins goes before their directory is removed
uninstall-dropin: uninstall-trace
