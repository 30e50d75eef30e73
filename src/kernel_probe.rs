//! What the running kernel has, for the unit tests that need a newer kernel than the oldest
//! one tested (Linux 5.10, `make check-kernels`). Asked with raw system calls, not through the
//! code under test: a test returns early (printing `skip:` and the reason) where the kernel
//! lacks the feature, and fails where the kernel has it and the library still gets an error.

use crate::uapi::{
    IORING_ASYNC_CANCEL_OP, IORING_ENTER_GETEVENTS, IORING_NOP_INJECT_RESULT, IORING_OFF_CQ_RING,
    IORING_OFF_SQ_RING, IORING_OFF_SQES, IORING_OP_ASYNC_CANCEL, IORING_OP_NOP, IORING_OP_READ,
    IORING_OP_URING_CMD, IORING_REGISTER_PBUF_RING, IORING_REGISTER_PBUF_STATUS,
    IORING_REGISTER_PROBE, IORING_REGISTER_SYNC_CANCEL, IORING_SETUP_IOPOLL,
    SOCKET_URING_OP_SIOCINQ, io_uring_buf_reg, io_uring_buf_status, io_uring_cqe, io_uring_params,
    io_uring_sqe, io_uring_sync_cancel_reg,
};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicU32, Ordering};

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
    register_n(op, arg, 1)
}

/// A raw io_uring_register of `nr_args` entries on a scratch ring: 0 or the errno.
fn register_n<T>(op: u32, arg: &mut T, nr_args: u32) -> i32 {
    let (fd, _) = setup(0).expect("a plain ring");
    // SAFETY: `arg` is the `nr_args`-entry argument of `op`.
    let r = unsafe {
        libc::syscall(
            libc::SYS_io_uring_register,
            fd.as_raw_fd(),
            op,
            arg as *mut T,
            nr_args,
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

/// Whether the kernel cancels synchronously (6.0) with `flags` (IORING_ASYNC_CANCEL_*, 0 for
/// by user_data): a registration that finds nothing to cancel gets ENOENT there (0 with
/// IORING_ASYNC_CANCEL_ALL: none cancelled), EINVAL (an unknown opcode, or flags it does not
/// know: IORING_ASYNC_CANCEL_OP is 6.6) before.
pub(crate) fn sync_cancel(flags: u32) -> bool {
    // an open fd for IORING_ASYNC_CANCEL_FD to look for, which nothing uses
    let (r, _w) = std::io::pipe().expect("a pipe");
    let mut reg = io_uring_sync_cancel_reg {
        flags,
        ..Default::default()
    };
    (reg.addr, reg.fd) = (1, r.as_raw_fd());
    (reg.timeout.tv_sec, reg.timeout.tv_nsec) = (-1, -1);
    if flags & IORING_ASYNC_CANCEL_OP != 0 {
        // an opcode, as a cancel by opcode has: before 6.6 these bytes are padding, which
        // the kernel wants zero (its check of the flags came later)
        reg.opcode = IORING_OP_READ as u8;
    }
    let e = register(IORING_REGISTER_SYNC_CANCEL, &mut reg);
    assert!(
        e == 0 || e == libc::ENOENT || e == libc::EINVAL,
        "raw sync cancel: {e}"
    );
    e != libc::EINVAL
}

/// Whether the kernel tells a buffer ring's head (IORING_REGISTER_PBUF_STATUS, 6.8): asked of
/// a group that does not exist, it answers ENOENT there, EINVAL (an unknown opcode) before.
pub(crate) fn pbuf_status() -> bool {
    let mut status = io_uring_buf_status {
        buf_group: 1,
        ..Default::default()
    };
    let e = register(IORING_REGISTER_PBUF_STATUS, &mut status);
    assert!(
        e == libc::ENOENT || e == libc::EINVAL,
        "raw buffer ring status: {e}"
    );
    e == libc::ENOENT
}

/// Whether the kernel's opcode probe (IORING_REGISTER_PROBE) says it supports `op`.
pub(crate) fn opcode(op: u32) -> bool {
    // the probe's 16-byte header, then 256 entries of 8 bytes: `op`'s is at word 2 + op
    let mut probe = [0u64; 2 + 256];
    let e = register_n(IORING_REGISTER_PROBE, &mut probe, 256);
    assert_eq!(e, 0, "raw opcode probe");
    let entry = probe[2 + op as usize].to_ne_bytes();
    // io_uring_probe_op: op (u8), resv (u8), flags (u16: IO_URING_OP_SUPPORTED is 1)
    u16::from_ne_bytes([entry[2], entry[3]]) & 1 != 0
}

/// Whether the kernel knows async cancel `flags` (IORING_ASYNC_CANCEL_ANY, ALL and FD came in
/// 5.19, OP in 6.6): with nothing in flight a cancel it understands finds nothing (ENOENT;
/// 0 with IORING_ASYNC_CANCEL_ALL: none cancelled), one with flags it does not know is
/// refused (EINVAL).
pub(crate) fn async_cancel(flags: u32) -> bool {
    // an open fd for IORING_ASYNC_CANCEL_FD to look for, which nothing uses
    let (r, _w) = std::io::pipe().expect("a pipe");
    let mut sqe = zeroed_sqe(IORING_OP_ASYNC_CANCEL);
    sqe.fd = r.as_raw_fd();
    sqe.__bindgen_anon_3.cancel_flags = flags;
    let res = one_sqe(0, sqe);
    assert!(
        res == 0 || res == -libc::ENOENT || res == -libc::EINVAL,
        "raw async cancel: {res}"
    );
    res != -libc::EINVAL
}

/// Whether a NOP on an IORING_SETUP_IOPOLL ring completes with the result it injects
/// (IORING_NOP_INJECT_RESULT, 6.10; before, such a NOP is refused or ignores the flag).
pub(crate) fn nop_inject_result() -> bool {
    let mut sqe = zeroed_sqe(IORING_OP_NOP);
    sqe.__bindgen_anon_3.nop_flags = IORING_NOP_INJECT_RESULT;
    sqe.len = -libc::EBADMSG as u32;
    one_sqe(IORING_SETUP_IOPOLL, sqe) == -libc::EBADMSG
}

/// Whether sockets take IORING_OP_URING_CMD (6.7): SIOCINQ on a UDP socket answers the bytes
/// waiting (0) there, EOPNOTSUPP (a file without the command) or EINVAL (no opcode) before.
pub(crate) fn socket_uring_cmd() -> bool {
    let sock = std::net::UdpSocket::bind("127.0.0.1:0").expect("a UDP socket");
    let mut sqe = zeroed_sqe(IORING_OP_URING_CMD);
    sqe.fd = sock.as_raw_fd();
    sqe.__bindgen_anon_1.__bindgen_anon_1.cmd_op = SOCKET_URING_OP_SIOCINQ;
    let res = one_sqe(0, sqe);
    assert!(
        res >= 0 || res == -libc::EOPNOTSUPP || res == -libc::EINVAL,
        "raw socket uring_cmd: {res}"
    );
    res >= 0
}

fn zeroed_sqe(opcode: u32) -> io_uring_sqe {
    // SAFETY: the SQE is plain integers and unions of them; all zeroes is a valid value.
    let mut sqe: io_uring_sqe = unsafe { std::mem::zeroed() };
    sqe.opcode = opcode as u8;
    sqe
}

/// One mapping of a scratch ring's memory, unmapped when dropped.
struct Map(*mut libc::c_void, usize);

impl Map {
    fn new(fd: &std::os::fd::OwnedFd, len: usize, offset: u64) -> Map {
        // SAFETY: a shared mapping of the ring's own memory at its documented offset.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_POPULATE,
                fd.as_raw_fd(),
                offset as libc::off_t,
            )
        };
        assert_ne!(p, libc::MAP_FAILED, "raw mmap of a ring at {offset:#x}");
        Map(p, len)
    }

    /// The `T` at byte `off` of the mapping.
    fn at<T>(&self, off: u32) -> *mut T {
        // SAFETY: every offset asked for is one the kernel gave, inside the mapping.
        unsafe { self.0.cast::<u8>().add(off as usize).cast() }
    }
}

impl Drop for Map {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`.
        unsafe { libc::munmap(self.0, self.1) };
    }
}

/// Runs `sqe` alone on a scratch ring set up with `flags` and returns its completion's
/// result: the kernel's answer, with none of the library's code on the way.
fn one_sqe(flags: u32, sqe: io_uring_sqe) -> i32 {
    let (fd, p) = setup(flags).expect("a scratch ring");
    let sq = Map::new(
        &fd,
        (p.sq_off.array + p.sq_entries * 4) as usize,
        IORING_OFF_SQ_RING,
    );
    let cqe_size = std::mem::size_of::<io_uring_cqe>() as u32;
    let cq = Map::new(
        &fd,
        (p.cq_off.cqes + p.cq_entries * cqe_size) as usize,
        IORING_OFF_CQ_RING,
    );
    let sqes = Map::new(
        &fd,
        p.sq_entries as usize * std::mem::size_of::<io_uring_sqe>(),
        IORING_OFF_SQES,
    );
    // SAFETY: slot 0 of the SQE array and entry 0 of the index array, both mapped; the
    // tail is published after them, as the kernel reads them.
    unsafe {
        sqes.at::<io_uring_sqe>(0).write(sqe);
        sq.at::<u32>(p.sq_off.array).write(0);
        (*sq.at::<AtomicU32>(p.sq_off.tail)).store(1, Ordering::Release);
    }
    loop {
        // SAFETY: plain syscall on the scratch ring; no signal mask. Every argument is as wide
        // as a register: syscall() is variadic and passes on what it is given.
        let r = unsafe {
            libc::syscall(
                libc::SYS_io_uring_enter,
                fd.as_raw_fd() as libc::c_long,
                1 as libc::c_long,
                1 as libc::c_long,
                IORING_ENTER_GETEVENTS as libc::c_long,
                std::ptr::null::<libc::sigset_t>(),
                0 as libc::c_long,
            )
        };
        assert!(
            r >= 0,
            "raw io_uring_enter: {}",
            std::io::Error::last_os_error()
        );
        // SAFETY: the CQ ring's tail, written by the kernel.
        let tail = unsafe { (*cq.at::<AtomicU32>(p.cq_off.tail)).load(Ordering::Acquire) };
        if tail != 0 {
            // SAFETY: the first CQE, published by the tail read above.
            return unsafe { (*cq.at::<io_uring_cqe>(p.cq_off.cqes)).res };
        }
    }
}

/// Print why a test stops here.
pub(crate) fn skip(why: &str) {
    eprintln!("skip: {why}");
}
