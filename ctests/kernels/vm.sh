#!/bin/bash
# Boots one of Debian's kernels under qemu (TCG) and runs a command there on the host's own
# files (issue 25). Two subcommands:
#
#   vm.sh fetch VERSION
#       Puts target/kernels/VERSION/{vmlinuz,initrd.gz} in place: Debian's newest
#       linux-image of the suite that ships VERSION, through apt with a private state
#       directory (the system's apt sources and lists are left alone), unpacked with dpkg-deb,
#       and a busybox initramfs with the virtio-9p and overlay modules of that kernel.
#       Exits 77 with the reason on stdout if the kernel cannot be fetched (no network, no
#       such suite on the mirror); any other failure is 1.
#   vm.sh run VERSION RESULTS_DIR COMMAND...
#       Boots it and runs COMMAND in the project root (as bash -c "$*"), chrooted into the
#       host's filesystem: / shared read-only over virtio-9p with a tmpfs overlay (writes
#       succeed and are dropped at power-off), RESULTS_DIR shared writable at its own path.
#       COMMAND's output goes to RESULTS_DIR/guest.log and its exit status to
#       RESULTS_DIR/guest.rc; vm.sh exits with that status, or 1 if the guest never wrote it
#       (it hung past VM_TIMEOUT, panicked, or could not mount the host).
#
# Kernels: 5.10 (bullseye), 6.1 (bookworm), 6.12 (trixie). The mirror is read at run time
# from the system's apt sources (deb822 .sources or one-line .list), so no host name is
# written here. KVM hangs at boot on some VMs, so the default is TCG (VM_ACCEL=kvm to try it).
#
# Other architectures (issue 24): VM_ARCH=arm64, s390x, armhf, ppc64el or riscv64 boots that
# Debian architecture's kernel under its qemu-system-* (TCG), in target/kernels/VERSION-ARCH/.
# The host's programs cannot run there, so `fetch` also unpacks a small root of that
# architecture's Debian packages (libc, bash, coreutils, findutils, libstdc++, busybox for the
# rest: ROOT_PKGS below) into target/kernels/VERSION-ARCH/root; the guest chroots into it, with
# the project root (overlay over the host's, so writable) and the results share bound at their
# own paths, and runs the cross-built programs of target/<rust-target>/ there.
#
# Environment: VM_TIMEOUT (seconds, default 3600), VM_SMP (2), VM_MEM (3072, MiB; 2048 on
# 32-bit ARM), VM_ACCEL (tcg), VM_NICE (10: the guest's vCPUs yield to the host's own work),
# VM_ARCH (amd64).
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
KDIR=$ROOT/target/kernels
ARCH=${VM_ARCH:-amd64}

die() { echo "vm.sh: $*" >&2; exit 1; }
unavailable() { echo "kernel $VERSION cannot be fetched: $*"; exit 77; }

suite_of() {
	case $1 in
	5.10) echo bullseye ;;
	6.1) echo bookworm ;;
	6.12) echo trixie ;;
	*) return 1 ;;
	esac
}

# Per Debian architecture: the kernel's metapackage, the qemu that runs it, its machine
# options, the console, and the suffix of the kernel's directory under target/kernels.
# Consoles: the PL011 of -M virt on ARM, SCLP on s390x, the hypervisor console of pseries.
arch_conf() {
	QEMU_ARGS=() APPEND_ARCH= DIR_SUFFIX=-$ARCH KMETA=linux-image-$ARCH
	case $ARCH in
	amd64)
		QEMU=qemu-system-x86_64 QEMU_ARGS=(-cpu max) CONSOLE=ttyS0 DIR_SUFFIX=
		# tsc=reliable: 6.12 under TCG otherwise stalls on its clocksource watchdog;
		# no_timer_check: a loaded host makes TCG too slow for the IO-APIC timer check,
		# which then panics
		APPEND_ARCH="tsc=reliable no_timer_check" ;;
	arm64) QEMU=qemu-system-aarch64 QEMU_ARGS=(-M virt -cpu max) CONSOLE=ttyAMA0 ;;
	# the LPAE flavour: the plain armmp kernel sees no memory above 768 MiB of -M virt
	armhf) QEMU=qemu-system-arm QEMU_ARGS=(-M virt,highmem=off -cpu max) CONSOLE=ttyAMA0 KMETA=linux-image-armmp-lpae ;;
	s390x) QEMU=qemu-system-s390x QEMU_ARGS=(-M s390-ccw-virtio -cpu max) CONSOLE=ttysclp0 ;;
	ppc64el) QEMU=qemu-system-ppc64 QEMU_ARGS=(-M pseries -cpu power9) CONSOLE=hvc0 KMETA=linux-image-powerpc64le ;;
	riscv64) QEMU=qemu-system-riscv64 QEMU_ARGS=(-M virt -cpu rv64) CONSOLE=ttyS0 ;;
	*) die "unknown VM_ARCH=$ARCH (amd64 arm64 armhf s390x ppc64el riscv64)" ;;
	esac
}

# The system's Debian mirror and security mirror (URIs of its apt sources), one per line:
# "main URI" and "security URI".
mirrors() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && sed -n 's/^URIs:[[:space:]]*//p' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' "$f"
	done
}

# apt with a state directory of its own for SUITE: its sources, lists and cache.
papt() { # tool suite args...
	local tool=$1 st=$KDIR/apt/$2$DIR_SUFFIX; shift 2
	$tool -q -o Dir::Etc::sourcelist="$st/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$st/lists" -o Dir::Cache="$st/cache" \
		-o Dir::State::status=/dev/null -o APT::Sandbox::User=root \
		-o APT::Architecture="$ARCH" -o APT::Architectures::="$ARCH" "$@"
}

# The modules the guest needs to mount its shares, in load order; a name that is built into a
# kernel, or does not exist in it, is skipped.
MODULES="virtio virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_mmio
	virtio_ccw netfs fscache 9pnet 9pnet_virtio 9p overlay"

# The root a foreign guest chroots into: what ctests/run.sh and ctests/liburing_suite.sh call
# that busybox lacks or spells differently (bash; coreutils' `timeout --kill-after` and
# `date +%N`; findutils' `xargs -P`), the C and C++ runtimes of the cross-built programs, and
# busybox for the rest (unshare, ip, mount, awk, sed, grep). apt resolves their dependencies.
ROOT_PKGS="libc6 libgcc-s1 libstdc++6 bash coreutils findutils grep sed busybox-static"

# Unpacks PKGS... of the suite $suite (and their dependencies) into the directory $tree with
# /bin, /sbin and /lib merged into /usr (packages of bookworm still put files in both).
unpack_root() {
	local tree=$1 pkgs deb d; shift
	pkgs=$(papt apt-cache "$suite" depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "$@" 2>/dev/null | grep '^[a-z0-9]' | sort -u)
	[ -n "$pkgs" ] || die "apt-cache depends $* found nothing"
	mkdir -p "$out/debs" && rm -f "$out"/debs/*.deb || die "cannot create $out/debs"
	# shellcheck disable=SC2086
	(cd "$out/debs" && papt apt-get "$suite" download $pkgs) >"$st/download-root.log" 2>&1 ||
		unavailable "apt-get download of the guest's root failed: $(tail -n 2 "$st/download-root.log" | tr '\n' ' ')"
	rm -rf "$tree" && mkdir -p "$tree/usr" || die "cannot create $tree"
	for deb in "$out"/debs/*.deb; do
		dpkg-deb -x "$deb" "$tree" || die "dpkg-deb -x $deb failed"
	done
	for d in bin sbin lib; do
		if [ -d "$tree/$d" ] && [ ! -L "$tree/$d" ]; then
			mkdir -p "$tree/usr/$d" && cp -a "$tree/$d/." "$tree/usr/$d/" && rm -rf "${tree:?}/$d" || die "cannot merge /$d"
		fi
		mkdir -p "$tree/usr/$d" && ln -sfn "usr/$d" "$tree/$d"
	done
	# busybox's applets in a directory of their own, last in the guest's PATH (init.sh)
	mkdir -p "$tree/busybox-bin" && cp "$tree/usr/bin/busybox" "$tree/busybox-bin/busybox" || die "no busybox in busybox-static"
	mkdir -p "$tree/tmp" "$tree/proc" "$tree/sys" "$tree/dev" "$tree/root" "$tree/etc"
	echo "root:x:0:0:root:/root:/bin/bash" >"$tree/etc/passwd"
	rm -rf "$out/debs"
}

fetch() {
	local suite st main sec uri pkg deb tree out=$KDIR/$VERSION$DIR_SUFFIX mods m f bb
	[ -f "$out/ready" ] && [ -f "$out/vmlinuz" ] && [ -f "$out/initrd.gz" ] && return 0
	suite=$(suite_of "$VERSION") || die "unknown kernel version $VERSION (known: 5.10 6.1 6.12)"
	if [ "$ARCH" = amd64 ]; then
		command -v busybox >/dev/null || die "busybox not installed (bash .ci/deps)"
		ldd "$(command -v busybox)" 2>&1 | grep -q 'not a dynamic' ||
			die "$(command -v busybox) is not static (install busybox-static: bash .ci/deps)"
	fi
	st=$KDIR/apt/$suite${DIR_SUFFIX}
	mkdir -p "$st/lists/partial" "$st/cache/archives/partial" "$out" || die "cannot create $st"
	main= sec=
	while read -r uri; do
		case $uri in
		*/debian-security|*/debian-security/) [ -n "$sec" ] || sec=$uri ;;
		*/debian|*/debian/) [ -n "$main" ] || main=$uri ;;
		esac
	done < <(mirrors)
	[ -n "$main" ] || unavailable "no Debian mirror in the system's apt sources (/etc/apt)"
	{
		echo "deb [arch=$ARCH signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $main $suite main"
		[ -n "$sec" ] && echo "deb [arch=$ARCH signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $sec $suite-security main"
	} >"$st/sources.list"
	papt apt-get "$suite" update >"$st/update.log" 2>&1 ||
		unavailable "apt-get update of $suite failed: $(tail -n 2 "$st/update.log" | tr '\n' ' ')"
	# the metapackage (linux-image-amd64...) depends on the suite's current kernel package
	pkg=$(papt apt-cache "$suite" depends "$KMETA" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
	[ -n "$pkg" ] || unavailable "no $KMETA in $suite for $ARCH (see $st/update.log)"
	rm -f "$out"/*.deb
	(cd "$out" && papt apt-get "$suite" download "$pkg") >"$st/download.log" 2>&1 ||
		unavailable "apt-get download $pkg failed: $(tail -n 2 "$st/download.log" | tr '\n' ' ')"
	deb=$(ls "$out"/*.deb 2>/dev/null | head -n1)
	[ -n "$deb" ] || unavailable "apt-get download $pkg left no .deb"
	tree=$out/tree
	rm -rf "$tree" && mkdir -p "$tree" && dpkg-deb -x "$deb" "$tree" || die "dpkg-deb -x $deb failed"
	# vmlinuz on most, the ELF vmlinux on ppc64el; qemu loads neither a gzip-compressed
	# RISC-V Image nor (before 8.0) every arm64 one, so a gzip file goes in uncompressed
	f=$(ls "$tree"/boot/vmlinuz-* "$tree"/boot/vmlinux-* 2>/dev/null | head -n1)
	[ -n "$f" ] || die "no vmlinuz in $deb"
	if [ "$(head -c2 "$f" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
		gzip -dc "$f" >"$out/vmlinuz" || die "cannot decompress $f"
	else
		cp "$f" "$out/vmlinuz" || die "cannot copy $f"
	fi
	# the initramfs: static busybox and the modules (decompressed: busybox insmod reads plain
	# .ko); `run` appends the init script. A foreign guest takes its architecture's busybox
	# from the root it chroots into.
	local ir=$out/initramfs
	rm -rf "$ir" && mkdir -p "$ir"/{bin,dev,proc,sys,host,mods,ovl} || die "cannot create $ir"
	if [ "$ARCH" = amd64 ]; then
		bb=$(command -v busybox)
	else
		unpack_root "$out/root" $ROOT_PKGS
		bb=$out/root/busybox-bin/busybox
	fi
	cp "$bb" "$ir/bin/busybox" && ln -s busybox "$ir/bin/sh" || die "cannot copy busybox"
	mods=
	for m in $MODULES; do
		f=$(find "$tree" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" | head -n1)
		[ -n "$f" ] || continue
		case $f in
		*.xz) xz -dc "$f" >"$ir/mods/$m.ko" ;;
		*.zst) zstd -qdc "$f" >"$ir/mods/$m.ko" ;;
		*) cp "$f" "$ir/mods/$m.ko" ;;
		esac || die "cannot unpack $f"
		mods="$mods $m"
	done
	echo "$mods" >"$ir/mods/order"
	(cd "$ir" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1 >"$out/initrd.gz") || die "cannot pack the initramfs"
	basename "$deb" >"$out/package"
	rm -rf "$tree" "$ir" "$deb"
	touch "$out/ready"
}

run() {
	local res=$1 out=$KDIR/$VERSION$DIR_SUFFIX sys=; shift
	[ $# -gt 0 ] || die "usage: vm.sh run VERSION RESULTS_DIR COMMAND..."
	command -v "$QEMU" >/dev/null || die "$QEMU not installed (bash .ci/deps)"
	[ -f "$out/ready" ] || die "kernel $VERSION ($ARCH) not fetched (VM_ARCH=$ARCH vm.sh fetch $VERSION)"
	[ "$ARCH" = amd64 ] || sys=$out/root
	mkdir -p "$res" && res=$(cd "$res" && pwd) || die "cannot create $res"
	rm -f "$res/guest.rc" "$res/guest.log"
	# what the guest's init runs in the chroot: the command, in the project root, with the
	# host's tool paths (cargo and rustfmt under ~/.cargo, rustup's toolchains)
	{
		local v
		if [ -z "$sys" ]; then
			for v in PATH HOME CARGO_HOME RUSTUP_HOME; do
				[ -n "${!v:-}" ] && echo "export $v=$(printf %q "${!v}")"
			done
		fi
		echo "cd $(printf %q "$ROOT") || exit 1"
		printf '%s\n' "$*"
	} >"$res/job.sh"
	# The kernel unpacks concatenated archives in turn: the cached one, then today's init.sh.
	local initdir=$res/.init
	rm -rf "$initdir" && mkdir -p "$initdir" && cp "$ROOT/ctests/kernels/init.sh" "$initdir/init" &&
		chmod 755 "$initdir/init" || die "cannot copy init.sh"
	(cd "$initdir" && echo init | busybox cpio -o -H newc 2>/dev/null | gzip -1 >"$res/init.cpio.gz") &&
		cat "$out/initrd.gz" "$res/init.cpio.gz" >"$res/initrd.gz" || die "cannot pack init.sh"
	rm -rf "$initdir" "$res/init.cpio.gz"
	# uringrs.res= tells init where the results share goes; uringrs.sys= the root a foreign
	# guest chroots into, and uringrs.root= the project root it binds there
	local append="console=$CONSOLE panic=-1 quiet $APPEND_ARCH uringrs.res=$res"
	[ -z "$sys" ] || append="$append uringrs.sys=$sys uringrs.root=$ROOT"
	local accel=${VM_ACCEL:-tcg} mem=${VM_MEM:-3072}
	[ "$ARCH" = armhf ] && mem=${VM_MEM:-2048}
	timeout --kill-after=10 "${VM_TIMEOUT:-3600}" nice -n "${VM_NICE:-10}" \
		"$QEMU" "${QEMU_ARGS[@]}" -accel "$accel" -nographic -nic none -no-reboot \
		-smp "${VM_SMP:-2}" -m "$mem" \
		-kernel "$out/vmlinuz" -initrd "$res/initrd.gz" -append "$append" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-virtfs local,path="$res",mount_tag=results,security_model=none,multidevs=remap \
		</dev/null >"$res/console.log" 2>&1
	local qrc=$?
	if [ ! -s "$res/guest.rc" ]; then
		echo "vm.sh: kernel $VERSION ($ARCH): no result from the guest (qemu exit $qrc; 124 = timed out after ${VM_TIMEOUT:-3600} s); console:" >&2
		tail -n 40 "$res/console.log" | sed 's/^/    | /' >&2
		return 1
	fi
	return "$(cat "$res/guest.rc")"
}

cmd=${1:-}
VERSION=${2:-}
[ -n "$VERSION" ] || die "usage: vm.sh fetch|run VERSION ..."
# Each arm exits: bash reads a script as it runs it, so a run (hours long) of a script edited
# meanwhile would otherwise go on reading the new file at the old offset, mid-function.
arch_conf
case $cmd in
fetch) fetch; exit ;;
run) shift 2; run "$@"; exit ;;
*) die "unknown subcommand $cmd (fetch, run)" ;;
esac
