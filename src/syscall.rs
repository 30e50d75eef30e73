//! The three io_uring system calls and the few others the library needs, returning `-errno`
//! instead of touching `errno` (liburing never sets errno).
//!
//! On x86_64 and aarch64 the calls are made directly (as liburing's nolibc build does): no
//! libc wrapper, no errno store, nothing on the hot path but the trap itself. Elsewhere they
//! go through libc's `syscall()`.
//!
//! What differs per architecture stays in this file: the trap, and the mmap call (`mmap`).

use core::ffi::{c_int, c_long, c_uint, c_void};

use crate::uapi::io_uring_params;

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn raw6(nr: c_long, a: [usize; 6]) -> c_long {
    let ret: c_long;
    // SAFETY: the Linux x86_64 syscall convention; rcx and r11 are clobbered by `syscall`.
    unsafe {
        core::arch::asm!(
            "syscall",
            inlateout("rax") nr => ret,
            in("rdi") a[0], in("rsi") a[1], in("rdx") a[2],
            in("r10") a[3], in("r8") a[4], in("r9") a[5],
            lateout("rcx") _, lateout("r11") _,
            options(nostack, preserves_flags)
        );
    }
    ret
}

#[cfg(target_arch = "aarch64")]
#[inline(always)]
unsafe fn raw6(nr: c_long, a: [usize; 6]) -> c_long {
    let ret: c_long;
    // SAFETY: the Linux aarch64 syscall convention.
    unsafe {
        core::arch::asm!(
            "svc 0",
            in("x8") nr,
            inlateout("x0") a[0] => ret,
            in("x1") a[1], in("x2") a[2], in("x3") a[3], in("x4") a[4], in("x5") a[5],
            options(nostack, preserves_flags)
        );
    }
    ret
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
#[inline(always)]
unsafe fn raw6(nr: c_long, a: [usize; 6]) -> c_long {
    // The libc wrapper reports failure through errno, which liburing's callers never see
    // changed: it is put back as it was.
    // SAFETY: errno is a thread-local int of this thread.
    let errno = unsafe { libc::__errno_location() };
    // SAFETY: as above.
    let saved = unsafe { *errno };
    // SAFETY: forwarded verbatim.
    let r = unsafe { libc::syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]) };
    // Only -1 means failure: on 32-bit targets an address above 2 GiB returned by mmap is a
    // negative `c_long` too.
    // SAFETY: as above.
    unsafe {
        let err = *errno;
        *errno = saved;
        if r == -1 { -(err as c_long) } else { r }
    }
}

/// `io_uring_setup(2)`: returns the ring fd or `-errno`.
///
/// # Safety
/// `p` must point to a writable `io_uring_params`.
pub unsafe fn setup(entries: c_uint, p: *mut io_uring_params) -> c_int {
    unsafe {
        raw6(
            libc::SYS_io_uring_setup,
            [entries as usize, p as usize, 0, 0, 0, 0],
        ) as c_int
    }
}

/// `io_uring_enter(2)` with an explicit argument size (the "enter2" form).
///
/// # Safety
/// `arg` must be what `flags` says it is (sigset, getevents arg or registered-wait index).
#[inline(always)]
pub unsafe fn enter(
    fd: c_int,
    to_submit: c_uint,
    min_complete: c_uint,
    flags: c_uint,
    arg: *const c_void,
    sz: usize,
) -> c_int {
    unsafe {
        raw6(
            libc::SYS_io_uring_enter,
            [
                fd as usize,
                to_submit as usize,
                min_complete as usize,
                flags as usize,
                arg as usize,
                sz,
            ],
        ) as c_int
    }
}

/// `io_uring_register(2)`.
///
/// # Safety
/// `arg` must match what `opcode` expects for `nr_args` entries.
pub unsafe fn register(fd: c_int, opcode: c_uint, arg: *const c_void, nr_args: c_uint) -> c_int {
    unsafe {
        raw6(
            libc::SYS_io_uring_register,
            [
                fd as usize,
                opcode as usize,
                arg as usize,
                nr_args as usize,
                0,
                0,
            ],
        ) as c_int
    }
}

/// `mmap(2)` returning the address or `-errno` encoded as in the kernel (`IS_ERR`).
///
/// # Safety
/// As for mmap.
pub unsafe fn mmap(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    off: u64,
) -> Result<*mut c_void, c_int> {
    let a = [
        addr as usize,
        len,
        prot as usize,
        flags as usize,
        fd as usize,
    ];
    // SAFETY: the caller's mmap arguments.
    let r = unsafe { mmap_call(a, off) };
    if (-4095..0).contains(&r) {
        Err(r as c_int)
    } else {
        Ok(r as *mut c_void)
    }
}

/// The mmap system call of the architecture, with the 64-bit byte offset `off`: io_uring's
/// offsets do not fit a 32-bit `off_t` (IORING_OFF_PBUF_RING is 0x80000000 | bgid << 16).
#[cfg(not(any(target_arch = "x86", target_arch = "arm", target_arch = "s390x")))]
#[inline(always)]
unsafe fn mmap_call(a: [usize; 5], off: u64) -> c_long {
    // SAFETY: the caller's mmap arguments, passed as the six-argument call takes them.
    unsafe { raw6(libc::SYS_mmap, [a[0], a[1], a[2], a[3], a[4], off as usize]) }
}

/// i386 and ARM: mmap2, whose offset counts 4096-byte units whatever the page size, so a
/// 32-bit argument reaches every io_uring offset. (`SYS_mmap` is the old one-argument call
/// on i386 and does not exist on ARM EABI.)
#[cfg(any(target_arch = "x86", target_arch = "arm"))]
#[inline(always)]
unsafe fn mmap_call(a: [usize; 5], off: u64) -> c_long {
    let Ok(units) = usize::try_from(off / 4096) else {
        return -libc::EINVAL as c_long;
    };
    if off % 4096 != 0 {
        return -libc::EINVAL as c_long;
    }
    // SAFETY: the caller's mmap arguments, the offset in mmap2's units.
    unsafe { raw6(libc::SYS_mmap2, [a[0], a[1], a[2], a[3], a[4], units]) }
}

/// s390x: `SYS_mmap` is the old call that takes one argument, the address of a block holding
/// the six (the kernel has no other mmap there).
#[cfg(target_arch = "s390x")]
#[inline(always)]
unsafe fn mmap_call(a: [usize; 5], off: u64) -> c_long {
    let block: [usize; 6] = [a[0], a[1], a[2], a[3], a[4], off as usize];
    // SAFETY: the kernel reads the six arguments from `block`, alive for the call.
    unsafe { raw6(libc::SYS_mmap, [block.as_ptr() as usize, 0, 0, 0, 0, 0]) }
}

/// `munmap(2)`.
///
/// # Safety
/// `addr..addr+len` must be a mapping the caller owns.
pub unsafe fn munmap(addr: *mut c_void, len: usize) -> c_int {
    unsafe { raw6(libc::SYS_munmap, [addr as usize, len, 0, 0, 0, 0]) as c_int }
}

/// `madvise(2)`.
///
/// # Safety
/// As for madvise.
pub unsafe fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int {
    unsafe {
        raw6(
            libc::SYS_madvise,
            [addr as usize, len, advice as usize, 0, 0, 0],
        ) as c_int
    }
}

/// `close(2)`.
pub(crate) fn close(fd: c_int) -> c_int {
    // SAFETY: closing a descriptor number has no memory-safety preconditions.
    unsafe { raw6(libc::SYS_close, [fd as usize, 0, 0, 0, 0, 0]) as c_int }
}

/// The system page size.
pub fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if n > 0 { n as usize } else { 4096 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_back_as_negative_errno() {
        assert_eq!(close(-1), -libc::EBADF);
        // SAFETY: a bad fd never reaches memory.
        let r = unsafe { enter(-1, 0, 0, 0, core::ptr::null(), 0) };
        assert_eq!(r, -libc::EBADF);
    }

    #[test]
    fn mmap_failure_is_decoded() {
        // SAFETY: an invalid length fails before mapping anything.
        let r = unsafe {
            mmap(
                core::ptr::null_mut(),
                0,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_eq!(r, Err(-libc::EINVAL));
    }

    /// A file mapped at `off` (its bytes there are `b"far"`), or the mmap error.
    fn map_memfd_at(off: u64) -> Result<Vec<u8>, c_int> {
        use std::os::fd::FromRawFd;
        use std::os::unix::fs::FileExt;
        // SAFETY: a fresh descriptor, owned by the File from here on.
        let file = unsafe {
            let fd = libc::memfd_create(c"uring-rs-mmap".as_ptr(), libc::MFD_CLOEXEC);
            assert!(fd >= 0, "memfd_create failed");
            std::fs::File::from_raw_fd(fd)
        };
        // std's write_at takes a 64-bit offset on every target
        file.write_at(b"far", off.next_multiple_of(4096))
            .expect("write at the offset");
        // SAFETY: a fresh shared read-only mapping of our own file, unmapped below.
        let p = unsafe {
            mmap(
                core::ptr::null_mut(),
                4096,
                libc::PROT_READ,
                libc::MAP_SHARED,
                std::os::fd::AsRawFd::as_raw_fd(&file),
                off,
            )
        }?;
        // SAFETY: the mapping is 4096 bytes long and readable.
        let bytes = unsafe { core::slice::from_raw_parts(p.cast::<u8>(), 3) }.to_vec();
        // SAFETY: the mapping made above, not used after this.
        assert_eq!(unsafe { munmap(p, 4096) }, 0);
        Ok(bytes)
    }

    #[test]
    fn mmap_reaches_offsets_past_2_gib_on_every_target() {
        // IORING_OFF_PBUF_RING | bgid 1 << 16: where a provided-buffer ring is mapped; a
        // 32-bit off_t cannot hold it (i386 and ARM map it with mmap2).
        assert_eq!(map_memfd_at(0x8001_0000), Ok(b"far".to_vec()));
        assert_eq!(map_memfd_at(0x1_0000_0000), Ok(b"far".to_vec()));
    }

    #[test]
    fn mmap_of_an_unaligned_offset_is_einval() {
        assert_eq!(map_memfd_at(0x8001_0001), Err(-libc::EINVAL));
    }
}
