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
# Environment: VM_TIMEOUT (seconds, default 3600), VM_SMP (2), VM_MEM (3072, MiB),
# VM_ACCEL (tcg), VM_NICE (10: the guest's vCPUs yield to the host's own work).
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
KDIR=$ROOT/target/kernels

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
	local tool=$1 st=$KDIR/apt/$2; shift 2
	$tool -q -o Dir::Etc::sourcelist="$st/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$st/lists" -o Dir::Cache="$st/cache" \
		-o Dir::State::status=/dev/null -o APT::Sandbox::User=root "$@"
}

# The modules the guest needs to mount its shares, in load order; a name that is built into a
# kernel, or does not exist in it, is skipped.
MODULES="virtio virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci netfs fscache
	9pnet 9pnet_virtio 9p overlay"

fetch() {
	local suite st main sec uri pkg deb tree out=$KDIR/$VERSION mods m f
	[ -f "$out/ready" ] && [ -f "$out/vmlinuz" ] && [ -f "$out/initrd.gz" ] && return 0
	suite=$(suite_of "$VERSION") || die "unknown kernel version $VERSION (known: 5.10 6.1 6.12)"
	command -v busybox >/dev/null || die "busybox not installed (bash .ci/deps)"
	ldd "$(command -v busybox)" 2>&1 | grep -q 'not a dynamic' ||
		die "$(command -v busybox) is not static (install busybox-static: bash .ci/deps)"
	st=$KDIR/apt/$suite
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
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $main $suite main"
		[ -n "$sec" ] && echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $sec $suite-security main"
	} >"$st/sources.list"
	papt apt-get "$suite" update >"$st/update.log" 2>&1 ||
		unavailable "apt-get update of $suite failed: $(tail -n 2 "$st/update.log" | tr '\n' ' ')"
	# linux-image-amd64 depends on the suite's current kernel package
	pkg=$(papt apt-cache "$suite" depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1)
	[ -n "$pkg" ] || unavailable "no linux-image-amd64 in $suite (see $st/update.log)"
	rm -f "$out"/*.deb
	(cd "$out" && papt apt-get "$suite" download "$pkg") >"$st/download.log" 2>&1 ||
		unavailable "apt-get download $pkg failed: $(tail -n 2 "$st/download.log" | tr '\n' ' ')"
	deb=$(ls "$out"/*.deb 2>/dev/null | head -n1)
	[ -n "$deb" ] || unavailable "apt-get download $pkg left no .deb"
	tree=$out/tree
	rm -rf "$tree" && mkdir -p "$tree" && dpkg-deb -x "$deb" "$tree" || die "dpkg-deb -x $deb failed"
	cp "$tree"/boot/vmlinuz-* "$out/vmlinuz" || die "no vmlinuz in $deb"
	# the initramfs: static busybox and the modules (decompressed: busybox insmod reads plain
	# .ko); `run` appends the init script
	local ir=$out/initramfs
	rm -rf "$ir" && mkdir -p "$ir"/{bin,dev,proc,sys,host,mods,ovl} || die "cannot create $ir"
	cp "$(command -v busybox)" "$ir/bin/busybox" && ln -s busybox "$ir/bin/sh" || die "cannot copy busybox"
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
	local res=$1 out=$KDIR/$VERSION; shift
	[ $# -gt 0 ] || die "usage: vm.sh run VERSION RESULTS_DIR COMMAND..."
	command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not installed (bash .ci/deps)"
	[ -f "$out/ready" ] || die "kernel $VERSION not fetched (vm.sh fetch $VERSION)"
	mkdir -p "$res" && res=$(cd "$res" && pwd) || die "cannot create $res"
	rm -f "$res/guest.rc" "$res/guest.log"
	# what the guest's init runs in the chroot: the command, in the project root, with the
	# host's tool paths (cargo and rustfmt under ~/.cargo, rustup's toolchains)
	{
		local v
		for v in PATH HOME CARGO_HOME RUSTUP_HOME; do
			[ -n "${!v:-}" ] && echo "export $v=$(printf %q "${!v}")"
		done
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
	# tsc=reliable: 6.12 under TCG otherwise stalls on its clocksource watchdog; no_timer_check:
	# a loaded host makes TCG too slow for the IO-APIC timer check, which then panics;
	# uringrs.res= tells init where the results share goes
	local append="console=ttyS0 panic=-1 quiet tsc=reliable no_timer_check uringrs.res=$res"
	local accel=${VM_ACCEL:-tcg}
	timeout --kill-after=10 "${VM_TIMEOUT:-3600}" nice -n "${VM_NICE:-10}" \
		qemu-system-x86_64 -accel "$accel" -nographic -nic none -no-reboot \
		-smp "${VM_SMP:-2}" -m "${VM_MEM:-3072}" -cpu max \
		-kernel "$out/vmlinuz" -initrd "$res/initrd.gz" -append "$append" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-virtfs local,path="$res",mount_tag=results,security_model=none,multidevs=remap \
		</dev/null >"$res/console.log" 2>&1
	local qrc=$?
	if [ ! -s "$res/guest.rc" ]; then
		echo "vm.sh: kernel $VERSION: no result from the guest (qemu exit $qrc; 124 = timed out after ${VM_TIMEOUT:-3600} s); console:" >&2
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
case $cmd in
fetch) fetch; exit ;;
run) shift 2; run "$@"; exit ;;
*) die "unknown subcommand $cmd (fetch, run)" ;;
esac
