//! The three io_uring system calls and the few others the library needs, returning `-errno`
//! instead of touching `errno` (liburing never sets errno).
//!
//! On x86_64 and aarch64 the calls are made directly (as liburing's nolibc build does): no
//! libc wrapper, no errno store, nothing on the hot path but the trap itself.

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
    // SAFETY: forwarded verbatim; the libc wrapper reports failure through errno.
    let r = unsafe { libc::syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]) };
    if r < 0 {
        -(std::io::Error::last_os_error()
            .raw_os_error()
            .unwrap_or(libc::EIO) as c_long)
    } else {
        r
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
    let r = unsafe {
        raw6(
            libc::SYS_mmap,
            [
                addr as usize,
                len,
                prot as usize,
                flags as usize,
                fd as usize,
                off as usize,
            ],
        )
    };
    if (-4095..0).contains(&r) {
        Err(r as c_int)
    } else {
        Ok(r as *mut c_void)
    }
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
}
