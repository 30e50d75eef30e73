#!/bin/sh
# /init of the guest that ctests/kernels/vm.sh boots (busybox sh, from its initramfs).
# Mounts the host's / (read-only 9p) under a tmpfs overlay at /host, the results share at its
# own path inside it, the kernel filesystems, then runs the job vm.sh wrote there, chrooted,
# and powers off. Its exit status goes to RESULTS/guest.rc; nothing there means init failed.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
fail() { echo "init: $*"; poweroff -f; }
# Dependencies differ between kernels (virtio_ring needs virtio on 5.10, the other way round
# on 6.1): load in passes until a pass loads nothing more.
left=$(cat /mods/order)
while [ -n "$left" ]; do
	next=
	for m in $left; do
		# built in, or loaded already: EEXIST, done with it
		insmod "/mods/$m.ko" 2>/insmod.err || grep -q 'File exists' /insmod.err || next="$next $m"
	done
	[ "$next" = "$left" ] && break
	left=$next
done
[ -z "$left" ] || echo "init: could not load:$left"
res=$(sed -n 's/.*uringrs.res=\([^ ]*\).*/\1/p' /proc/cmdline)
[ -n "$res" ] || fail "no uringrs.res= on the command line"
# cache=loose: the host's files do not change under a run, and every exec reads them
mkdir -p /ovl/lower && mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 hostroot /ovl/lower ||
	fail "cannot mount the host's / over 9p"
mkdir -p /ovl/rw && mount -t tmpfs -o mode=755 rw /ovl/rw && mkdir -p /ovl/rw/upper /ovl/rw/work ||
	fail "cannot mount the overlay's tmpfs"
mount -t overlay -o lowerdir=/ovl/lower,upperdir=/ovl/rw/upper,workdir=/ovl/rw/work overlay /host ||
	fail "cannot mount the overlay (no overlay module?)"
# A fresh /tmp for the tests; a checkout under the host's /tmp (a CI clone) is kept visible at
# its own path in it (through the overlay, so it stays writable), as is the results share.
case $res in
/tmp/?*) keep=${res#/tmp/} keep=/tmp/${keep%%/*} ;;
*) keep= ;;
esac
[ -z "$keep" ] || { mkdir -p /keep && mount --bind "/host$keep" /keep; } || fail "cannot keep $keep"
mount -t tmpfs tmp /host/tmp
[ -z "$keep" ] || { mkdir -p "/host$keep" && mount --move /keep "/host$keep"; } || fail "cannot keep $keep"
mkdir -p "/host$res" && mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results "/host$res" ||
	fail "cannot mount the results share at $res"
# The kernel's filesystems in the root $1 that the job runs in.
kernfs() {
	mount -t proc proc "$1/proc" && mount -t sysfs sys "$1/sys" && mount -t devtmpfs dev "$1/dev" ||
		fail "cannot mount proc, sys or dev in $1"
	mkdir -p "$1/dev/pts" "$1/dev/shm"
	mount -t devpts devpts "$1/dev/pts"
	mount -t tmpfs shm "$1/dev/shm"
	# bash's process substitution needs /dev/fd
	ln -sf /proc/self/fd "$1/dev/fd"
	ln -sf /proc/self/fd/0 "$1/dev/stdin"
	ln -sf /proc/self/fd/1 "$1/dev/stdout"
	ln -sf /proc/self/fd/2 "$1/dev/stderr"
}
# A guest of another architecture than the host's (vm.sh, VM_ARCH) cannot run the host's
# programs: it chroots into a root of its own architecture's packages, which lies in the
# host's tree at uringrs.sys=, with the project root (writable, through the overlay) and the
# results share bound at their own paths there. busybox's applets come last in its PATH.
sys=$(sed -n 's/.*uringrs.sys=\([^ ]*\).*/\1/p' /proc/cmdline)
proj=$(sed -n 's/.*uringrs.root=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$sys" ]; then
	new=/host$sys
	[ -x "$new/bin/bash" ] || fail "no bash in the guest's root $sys"
	# a mount point of its own: unshare -m (ctests/liburing_suite.sh) makes / private, which
	# the kernel refuses for a root that is a plain directory
	mount --bind "$new" "$new" || fail "cannot bind $sys onto itself"
	# the fresh /tmp first: a project under /tmp (a CI clone) is then bound inside it
	mount -t tmpfs tmp "$new/tmp"
	mkdir -p "$new$proj" && mount --rbind "/host$proj" "$new$proj" || fail "cannot bind $proj into $sys"
	case $res in
	"$proj"/*) ;;
	*) mkdir -p "$new$res" && mount --rbind "/host$res" "$new$res" || fail "cannot bind $res into $sys" ;;
	esac
	kernfs "$new"
	chroot "$new" /busybox-bin/busybox --install -s /busybox-bin
	path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/busybox-bin
else
	new=/host
	kernfs /host
	path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
fi
ip link set lo up 2>/dev/null
hostname guest
echo "init: $(uname -r) ($(uname -m)), running $res/job.sh"
PATH=$path HOME=/root TERM=dumb \
	chroot "$new" /bin/bash "$res/job.sh" >"/host$res/guest.log" 2>&1 </dev/null
echo $? >"/host$res/guest.rc"
sync
[ -z "$sys" ] || umount -l "$new$res"
umount "/host$res"
poweroff -f
