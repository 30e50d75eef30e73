# The targets of `make check-arch` (mk/arch.mk), sourced by its scripts: one line each,
#   name  rust-target  C-compiler  qemu-user-runner  kernel-headers-for-musl  guest
# "-" for none. The runner executes the target's static binaries (layout dumps) on this
# machine; i686 and musl run natively. guest: the Debian architecture and kernel version that
# ctests/kernels/vm.sh boots under full-system qemu to run the target's tests (riscv64 is a
# release architecture from Debian 13 on, so its kernel is trixie's 6.12).
ARCH_TARGETS="
x86_64  x86_64-unknown-linux-gnu       cc                        -              -                -
i686    i686-unknown-linux-gnu         i686-linux-gnu-gcc        -              -                -
aarch64 aarch64-unknown-linux-gnu      aarch64-linux-gnu-gcc     qemu-aarch64   -                arm64/6.1
armhf   armv7-unknown-linux-gnueabihf  arm-linux-gnueabihf-gcc   qemu-arm       -                armhf/6.1
s390x   s390x-unknown-linux-gnu        s390x-linux-gnu-gcc       qemu-s390x     -                s390x/6.1
ppc64el powerpc64le-unknown-linux-gnu  powerpc64le-linux-gnu-gcc qemu-ppc64le   -                ppc64el/6.1
riscv64 riscv64gc-unknown-linux-gnu    riscv64-linux-gnu-gcc     qemu-riscv64   -                riscv64/6.12
musl    x86_64-unknown-linux-musl      musl-gcc                  -              x86_64-linux-gnu -
"

# musl-gcc sees musl's headers only; the kernel's (linux/, asm/) are libc-independent, so a
# directory of links to the system's serves it: prints the -isystem flag for $1 (a triplet).
musl_kernel_headers() {
	local d=${TEST_TMPDIR:-/tmp}/musl-kernel-headers
	mkdir -p "$d"
	ln -sfn /usr/include/linux "$d/linux"
	ln -sfn /usr/include/asm-generic "$d/asm-generic"
	ln -sfn "/usr/include/$1/asm" "$d/asm"
	echo "-isystem$d"
}
