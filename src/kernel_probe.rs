//! What the running kernel has, for the unit tests that need a newer kernel than the oldest
//! one tested (Linux 5.10, `make check-kernels`). Asked with raw system calls, not through the
//! code under test: a test returns early (printing `skip:` and the reason) where the kernel
//! lacks the feature, and fails where the kernel has it and the library still gets an error.

use crate::uapi::{
    IORING_REGISTER_PBUF_RING, IORING_REGISTER_SYNC_CANCEL, io_uring_buf_reg, io_uring_params,
    io_uring_sync_cancel_reg,
};

/// A raw io_uring_setup with `flags`: the ring's fd (owned) and its params, or the errno.
fn setup(flags: u32) -> Result<(std::os::fd::OwnedFd, io_uring_params), i32> {
    let mut p = io_uring_params {
        flags,
        ..Default::default()
    };
    // SAFETY: a valid params struct.
    let fd = unsafe { libc::syscall(libc::SYS_io_uring_setup, 4, &mut p) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    // SAFETY: a new fd, owned from here on.
    Ok((unsafe { std::os::fd::FromRawFd::from_raw_fd(fd as i32) }, p))
}

/// A raw io_uring_register on a scratch ring: 0 or the errno.
fn register<T>(op: u32, arg: &mut T) -> i32 {
    let (fd, _) = setup(0).expect("a plain ring");
    // SAFETY: `arg` is the one-entry argument of `op`.
    let r = unsafe {
        libc::syscall(
            libc::SYS_io_uring_register,
            std::os::fd::AsRawFd::as_raw_fd(&fd),
            op,
            arg as *mut T,
            1,
        )
    };
    if r < 0 {
        std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
    } else {
        0
    }
}

/// Whether the kernel sets up a ring with `flags` (EINVAL: it does not know them).
pub(crate) fn setup_flags(flags: u32) -> bool {
    match setup(flags) {
        Ok(_) => true,
        Err(e) => {
            assert_eq!(e, libc::EINVAL, "raw setup with flags {flags:#x}");
            false
        }
    }
}

/// The feature bits a plain ring reports.
pub(crate) fn features() -> u32 {
    setup(0).expect("a plain ring").1.features
}

/// Whether the kernel has buffer rings (5.19): it takes a registration of one.
pub(crate) fn buf_rings() -> bool {
    let mut page = vec![0u64; 512];
    let mut reg = io_uring_buf_reg {
        ring_addr: page.as_mut_ptr() as u64,
        ring_entries: 8,
        ..Default::default()
    };
    // a page-aligned ring: the kernel wants one
    let aligned = page.as_mut_ptr() as usize % 4096 == 0;
    let mut map = None;
    if !aligned {
        // SAFETY: a fresh anonymous page, unmapped below.
        let m = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                4096,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(m, libc::MAP_FAILED);
        reg.ring_addr = m as u64;
        map = Some(m);
    }
    let e = register(IORING_REGISTER_PBUF_RING, &mut reg);
    if let Some(m) = map {
        // SAFETY: the page mapped above; its ring went with the scratch ring.
        unsafe { libc::munmap(m, 4096) };
    }
    assert!(
        e == 0 || e == libc::EINVAL,
        "raw buffer-ring registration: {e}"
    );
    e == 0
}

/// Whether the kernel cancels synchronously (6.0): a registration that finds nothing to
/// cancel gets ENOENT there, EINVAL (an unknown opcode) before.
pub(crate) fn sync_cancel() -> bool {
    let mut reg = io_uring_sync_cancel_reg::default();
    (reg.addr, reg.fd) = (1, -1);
    (reg.timeout.tv_sec, reg.timeout.tv_nsec) = (-1, -1);
    let e = register(IORING_REGISTER_SYNC_CANCEL, &mut reg);
    assert!(
        e == libc::ENOENT || e == libc::EINVAL,
        "raw sync cancel: {e}"
    );
    e == libc::ENOENT
}

/// Print why a test stops here.
pub(crate) fn skip(why: &str) {
    eprintln!("skip: {why}");
}
