# Makefile fragment: `uring-rs-trace` (bin/), the command that runs a program on the drop-in
# liburing with URING_RS_TRACE / URING_RS_STATS set (src/trace.rs, issue 13).
# `make install` writes it to $(BINDIR) pointing at the installed drop-ins ($(DROPIN_LIBDIR),
# mk/dropin.mk); run from the source tree it uses target/dropin.

BINDIR ?= $(PREFIX)/bin

.PHONY: install-trace uninstall-trace
install: install-trace
uninstall: uninstall-trace

install-trace: install-dropin
	install -d $(DESTDIR)$(BINDIR)
	sed -e "s|^DROPIN_DIR='@DROPIN_LIBDIR@'|DROPIN_DIR='$(DROPIN_LIBDIR)'|" bin/uring-rs-trace \
	    > $(DESTDIR)$(BINDIR)/uring-rs-trace
	chmod 755 $(DESTDIR)$(BINDIR)/uring-rs-trace
	install -D -m 644 $(MAN_DIR)/man1/uring-rs-trace.1 $(DESTDIR)$(MANDIR)/man1/uring-rs-trace.1

uninstall-trace:
	rm -f $(DESTDIR)$(BINDIR)/uring-rs-trace $(DESTDIR)$(MANDIR)/man1/uring-rs-trace.1
