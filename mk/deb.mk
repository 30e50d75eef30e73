# Makefile fragment: `make deb`, the Debian packages (debian/), built with the distribution's
# own tools (dpkg-buildpackage, debhelper) from a copy of the tree in target/deb, so that the
# build leaves nothing in the source tree or beside it:
#   target/deb/liburing-rs0_*.deb      liburing_rs.so.0
#   target/deb/liburing-rs-dev_*.deb   headers (usr/include/uring-rs), .a, pkg-config, man3 as 3rs, man7
#   target/deb/uring-rs-dropin_*.deb   the drop-ins (usr/lib/<triplet>/uring-rs), uring-rs-trace, man1
# None replaces, diverts or conflicts with Debian's liburing2 or liburing-dev
# (ctests/deb_package.sh installs them beside those, then purges them).
# -d: the Rust toolchain comes from rustup, which dpkg's build-dependency check cannot see.

DEB_DIR := target/deb
DEB_SRC := $(DEB_DIR)/uring-rs-$(LIB_VERSION)

.PHONY: deb
deb:
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_SRC)
	tar --exclude=./target --exclude=./.git -cf - . | tar -C $(DEB_SRC) -xf -
	cd $(DEB_SRC) && dpkg-buildpackage -b -d -us -uc
	rm -rf $(DEB_SRC)
	lintian --fail-on error,warning $(DEB_DIR)/uring-rs_*.changes
