# Makefile fragment: the other architectures (issue 24). The targets and their tools are
# listed once, in ctests/arch/targets.sh (`bash .ci/deps` installs them).
#
#   make arch-build ARCH=i686   the C library, liburing_rs.so and the drop-ins for one target,
#                               in target/<rust-target>/{clib,release,dropin}
#   make check-i686             the i686 build and its tests, natively (part of make check):
#                               cargo test, the C tests, liburing's suite beside a 32-bit liburing
#   make check-arch             every target: build, layout, the tests that run here (i686 and
#                               musl natively, the others in Debian's kernel of their
#                               architecture under full-system qemu); writes
#                               target/arch/table.md (mk/arch-check.sh). ARCH_ONLY="aarch64 s390x"
#                               for some targets, ARCH_SUITE_FULL=1 for liburing's whole suite
#                               in the guests
#
# The layout checks of every target (ctests/arch_layout.sh) run in make check as a C test.

# `ARCH_<name>` = "rust-target cc" from ctests/arch/targets.sh
ARCH ?= i686
ARCH_LINE = $(shell . ctests/arch/targets.sh; echo "$$ARCH_TARGETS" | awk '$$1 == "$(1)" {print $$2, $$3, $$5}')
ARCH_RUST = $(word 1,$(call ARCH_LINE,$(1)))
ARCH_CC = $(word 2,$(call ARCH_LINE,$(1)))

.PHONY: arch-build arch-ctests check-i686 check-arch

# The top Makefile's own rules (lib, dropin-libs, the ctests) for target $(ARCH), run in a
# sub-make: cargo builds for the target (CARGO_BUILD_TARGET), its C compiler links, and every
# output lies under target/<rust-target>/.
ARCH_MAKE = r='$(call ARCH_RUST,$(ARCH))'; [ -n "$$r" ] || { echo "unknown ARCH=$(ARCH) (ctests/arch/targets.sh)"; exit 1; }; \
	CARGO_BUILD_TARGET=$$r $(MAKE) --no-print-directory CC='$(call ARCH_CC,$(ARCH))' \
	    CLIB_DIR=target/$$r/clib LIB_DIR=$(ROOT)/target/$$r/release DROPIN_DIR=target/$$r/dropin \
	    $(if $(filter musl,$(ARCH)),CLIB_LDLIBS='$(ARCH_MUSL_LDLIBS)')

# Tests that find the exported functions with dlsym, which a static program cannot.
ARCH_NOT_STATIC = -e inline_random -e inline_vs_exported

# musl: its libc holds pthread, m, dl, rt and util, and there is no libgcc_s (Debian's is
# glibc's); the unwinder is Rust's own, since Debian's libgcc_eh.a calls glibc's
# _dl_find_object (a library linked with it fails to load on musl).
ARCH_MUSL_UNWIND = $(shell rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-musl/lib/self-contained/libunwind.a
ARCH_MUSL_LDLIBS = -Wl,--as-needed $(ARCH_MUSL_UNWIND) -lc

arch-build:
	@$(ARCH_MAKE) lib dropin-libs

# The C tests of target $(ARCH), built against its library (they run where the target runs),
# in target/<rust-target>/ctests; CTEST_STATIC=1: linked statically, in ctests-static.
# musl-gcc gets the kernel's headers (linux/, asm/) from a directory of links (targets.sh).
arch-ctests: arch-build $(CTEST_GEN)/inline_random_cases.h
	@k='$(word 3,$(call ARCH_LINE,$(ARCH)))'; \
	inc=; [ "$$k" = - ] || inc=$$(. ctests/arch/targets.sh; TEST_TMPDIR=$(ROOT)/target musl_kernel_headers $$k); \
	$(ARCH_MAKE) -k $$(ls ctests/*.c | $(if $(CTEST_STATIC),grep -v $(ARCH_NOT_STATIC) |) \
	        sed "s|ctests/\(.*\)\.c|target/$$r/ctests$(if $(CTEST_STATIC),-static)/\1|") \
	    CTEST_DIR=target/$$r/ctests$(if $(CTEST_STATIC),-static) URING_CFLAGS="$(URING_CFLAGS) $$inc" \
	    $(if $(CTEST_STATIC),URING_LDLIBS="-static $(ROOT)/target/$$r/release/liburing_rs.a $(if $(filter musl,$(ARCH)),$(ARCH_MUSL_UNWIND))")

# i686 runs natively on this x86_64 kernel.
check-i686:
	bash mk/arch-check.sh i686

check-arch:
	bash mk/arch-check.sh all

CHECK_DEPS += check-i686
