//! Ring control operations: nop, timeouts, poll, cancel, msg_ring, futex, waitid, epoll,
//! provided buffers and the generic uring_cmd.

use core::ffi::{c_int, c_uint, c_void};
use core::ptr::null;

use super::{__io_uring_set_target_direct, futex_waitv, io_uring_prep_rw, uring_ptr_to_u64};
use crate::uapi::*;

/// liburing: `io_uring_prep_nop(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_nop(sqe: *mut io_uring_sqe) {
    unsafe { io_uring_prep_rw(IORING_OP_NOP as c_int, sqe, -1, null(), 0, 0) };
}

/// liburing: `io_uring_prep_nop128(3)`: a nop in a 128-byte SQE (SQE_MIXED rings, from
/// `io_uring_get_sqe128`).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_nop128(sqe: *mut io_uring_sqe) {
    unsafe { io_uring_prep_rw(IORING_OP_NOP128 as c_int, sqe, -1, null(), 0, 0) };
}

/// liburing: `io_uring_prep_timeout(3)`: completes after `ts` or `count` completions.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_timeout(
    sqe: *mut io_uring_sqe,
    ts: *const __kernel_timespec,
    count: c_uint,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_TIMEOUT as c_int,
            sqe,
            -1,
            ts as *const c_void,
            1,
            count as u64,
        );
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_timeout_remove(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_timeout_remove(
    sqe: *mut io_uring_sqe,
    user_data: __u64,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_TIMEOUT_REMOVE as c_int, sqe, -1, null(), 0, 0);
        (*sqe).set_addr(user_data);
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_timeout_update(3)`: the new timespec in off, IORING_TIMEOUT_UPDATE
/// added to `flags`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_timeout_update(
    sqe: *mut io_uring_sqe,
    ts: *const __kernel_timespec,
    user_data: __u64,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_TIMEOUT_REMOVE as c_int,
            sqe,
            -1,
            null(),
            0,
            uring_ptr_to_u64(ts as *const c_void),
        );
        (*sqe).set_addr(user_data);
        (*sqe).set_op_flags(flags | IORING_TIMEOUT_UPDATE);
    }
}

/// liburing: `io_uring_prep_link_timeout(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_link_timeout(
    sqe: *mut io_uring_sqe,
    ts: *const __kernel_timespec,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_LINK_TIMEOUT as c_int,
            sqe,
            -1,
            ts as *const c_void,
            1,
            0,
        );
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `__io_uring_prep_poll_mask`: poll events as the kernel reads `poll32_events`
/// (half-words swapped on big-endian machines).
/// c: inline
#[unsafe(no_mangle)]
#[allow(clippy::manual_rotate)] // the translator knows shifts, not rotate_left
pub unsafe extern "C" fn __io_uring_prep_poll_mask(poll_mask: c_uint) -> c_uint {
    if cfg!(target_endian = "big") {
        (poll_mask << 16) | (poll_mask >> 16)
    } else {
        poll_mask
    }
}

/// liburing: `io_uring_prep_poll_add(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_poll_add(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    poll_mask: c_uint,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_POLL_ADD as c_int, sqe, fd, null(), 0, 0);
        (*sqe).set_op_flags(__io_uring_prep_poll_mask(poll_mask));
    }
}

/// liburing: `io_uring_prep_poll_multishot(3)`: IORING_POLL_ADD_MULTI in len.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_poll_multishot(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    poll_mask: c_uint,
) {
    unsafe {
        io_uring_prep_poll_add(sqe, fd, poll_mask);
        (*sqe).len = IORING_POLL_ADD_MULTI;
    }
}

/// liburing: `io_uring_prep_poll_remove(3)`: removes the poll whose user_data is `user_data`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_poll_remove(sqe: *mut io_uring_sqe, user_data: __u64) {
    unsafe {
        io_uring_prep_rw(IORING_OP_POLL_REMOVE as c_int, sqe, -1, null(), 0, 0);
        (*sqe).set_addr(user_data);
    }
}

/// liburing: `io_uring_prep_poll_update(3)`: IORING_POLL_UPDATE_* flags in len, the new
/// user_data in off.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_poll_update(
    sqe: *mut io_uring_sqe,
    old_user_data: __u64,
    new_user_data: __u64,
    poll_mask: c_uint,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_POLL_REMOVE as c_int,
            sqe,
            -1,
            null(),
            flags,
            new_user_data,
        );
        (*sqe).set_addr(old_user_data);
        (*sqe).set_op_flags(__io_uring_prep_poll_mask(poll_mask));
    }
}

/// liburing: `io_uring_prep_cancel64(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cancel64(
    sqe: *mut io_uring_sqe,
    user_data: __u64,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_ASYNC_CANCEL as c_int, sqe, -1, null(), 0, 0);
        (*sqe).set_addr(user_data);
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_cancel(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cancel(
    sqe: *mut io_uring_sqe,
    user_data: *const c_void,
    flags: c_int,
) {
    unsafe { io_uring_prep_cancel64(sqe, uring_ptr_to_u64(user_data), flags) };
}

/// liburing: `io_uring_prep_cancel_fd(3)`: IORING_ASYNC_CANCEL_FD added to `flags`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cancel_fd(sqe: *mut io_uring_sqe, fd: c_int, flags: c_uint) {
    unsafe {
        io_uring_prep_rw(IORING_OP_ASYNC_CANCEL as c_int, sqe, fd, null(), 0, 0);
        (*sqe).set_op_flags(flags | IORING_ASYNC_CANCEL_FD);
    }
}

/// liburing: `io_uring_prep_msg_ring(3)`: a CQE with res `len` and user_data `data` on the
/// ring `fd`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_msg_ring(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    len: c_uint,
    data: __u64,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_MSG_RING as c_int, sqe, fd, null(), len, data);
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_msg_ring_cqe_flags(3)`: also passes `cqe_flags`
/// (IORING_MSG_RING_FLAGS_PASS; the flags travel in file_index).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_msg_ring_cqe_flags(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    len: c_uint,
    data: __u64,
    flags: c_uint,
    cqe_flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_MSG_RING as c_int, sqe, fd, null(), len, data);
        (*sqe).set_op_flags(IORING_MSG_RING_FLAGS_PASS | flags);
        (*sqe).set_file_index(cqe_flags);
    }
}

/// liburing: `io_uring_prep_msg_ring_fd(3)`: sends fixed file `source_fd` into slot
/// `target_fd` (or IORING_FILE_INDEX_ALLOC) of ring `fd`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_msg_ring_fd(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    source_fd: c_int,
    target_fd: c_int,
    data: __u64,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_MSG_RING as c_int,
            sqe,
            fd,
            IORING_MSG_SEND_FD as usize as *const c_void,
            0,
            data,
        );
        (*sqe).set_addr3(source_fd as u64);
        __io_uring_set_target_direct(sqe, target_fd as c_uint);
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_msg_ring_fd_alloc(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_msg_ring_fd_alloc(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    source_fd: c_int,
    data: __u64,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_msg_ring_fd(
            sqe,
            fd,
            source_fd,
            IORING_FILE_INDEX_ALLOC as c_int,
            data,
            flags,
        )
    };
}

/// liburing: `io_uring_prep_futex_wait(3)`: futex2 flags in fd, value in off, mask in addr3.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_futex_wait(
    sqe: *mut io_uring_sqe,
    futex: *const u32,
    val: u64,
    mask: u64,
    futex_flags: u32,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_FUTEX_WAIT as c_int,
            sqe,
            futex_flags as c_int,
            futex as *const c_void,
            0,
            val,
        );
        (*sqe).set_op_flags(flags);
        (*sqe).set_addr3(mask);
    }
}

/// liburing: `io_uring_prep_futex_wake(3)`: wakes up to `val` waiters matching `mask`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_futex_wake(
    sqe: *mut io_uring_sqe,
    futex: *const u32,
    val: u64,
    mask: u64,
    futex_flags: u32,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_FUTEX_WAKE as c_int,
            sqe,
            futex_flags as c_int,
            futex as *const c_void,
            0,
            val,
        );
        (*sqe).set_op_flags(flags);
        (*sqe).set_addr3(mask);
    }
}

/// liburing: `io_uring_prep_futex_waitv(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_futex_waitv(
    sqe: *mut io_uring_sqe,
    futex: *const futex_waitv,
    nr_futex: u32,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_FUTEX_WAITV as c_int,
            sqe,
            0,
            futex as *const c_void,
            nr_futex,
            0,
        );
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_waitid(3)`: id in fd, idtype in len, options in file_index, infop
/// in addr2.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_waitid(
    sqe: *mut io_uring_sqe,
    idtype: libc::idtype_t,
    id: libc::id_t,
    infop: *mut libc::siginfo_t,
    options: c_int,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_WAITID as c_int,
            sqe,
            id as c_int,
            null(),
            idtype as c_uint,
            0,
        );
        (*sqe).set_op_flags(flags);
        (*sqe).set_file_index(options as u32);
        (*sqe).set_addr2(uring_ptr_to_u64(infop as *const c_void));
    }
}

/// liburing: `io_uring_prep_epoll_ctl(3)`: op in len, fd in off.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_epoll_ctl(
    sqe: *mut io_uring_sqe,
    epfd: c_int,
    fd: c_int,
    op: c_int,
    ev: *const libc::epoll_event,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_EPOLL_CTL as c_int,
            sqe,
            epfd,
            ev as *const c_void,
            op as u32,
            fd as u32 as u64,
        )
    };
}

/// liburing: `io_uring_prep_epoll_wait(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_epoll_wait(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    events: *mut libc::epoll_event,
    maxevents: c_int,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_EPOLL_WAIT as c_int,
            sqe,
            fd,
            events as *const c_void,
            maxevents as u32,
            0,
        );
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_provide_buffers(3)`: `nr` buffers of `len` bytes from `addr`,
/// ids from `bid`, into group `bgid`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_provide_buffers(
    sqe: *mut io_uring_sqe,
    addr: *mut c_void,
    len: c_int,
    nr: c_int,
    bgid: c_int,
    bid: c_int,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_PROVIDE_BUFFERS as c_int,
            sqe,
            nr,
            addr,
            len as u32,
            bid as u64,
        );
        (*sqe).set_buf_group(bgid as u16);
    }
}

/// liburing: `io_uring_prep_remove_buffers(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_remove_buffers(
    sqe: *mut io_uring_sqe,
    nr: c_int,
    bgid: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_REMOVE_BUFFERS as c_int, sqe, nr, null(), 0, 0);
        (*sqe).set_buf_group(bgid as u16);
    }
}

/// liburing: `__io_uring_prep_uring_cmd`: opcode, fd and cmd_op; `__pad1`, addr and len
/// cleared (off is wholly covered by cmd_op + __pad1); the command payload is the caller's.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_prep_uring_cmd(
    sqe: *mut io_uring_sqe,
    op: c_int,
    cmd_op: __u32,
    fd: c_int,
) {
    unsafe {
        (*sqe).opcode = op as u8;
        (*sqe).fd = fd;
        (*sqe).set_cmd_op(cmd_op);
        (*sqe).set_pad1(0);
        (*sqe).set_addr(0);
        (*sqe).len = 0;
    }
}

/// liburing: `io_uring_prep_uring_cmd(3)`: the command payload (`sqe->cmd`) is the caller's.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_uring_cmd(sqe: *mut io_uring_sqe, cmd_op: c_int, fd: c_int) {
    unsafe { __io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD as c_int, cmd_op as u32, fd) };
}

/// liburing: `io_uring_prep_uring_cmd128(3)`: a uring_cmd in a 128-byte SQE (SQE_MIXED rings).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_uring_cmd128(
    sqe: *mut io_uring_sqe,
    cmd_op: c_int,
    fd: c_int,
) {
    unsafe { __io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD128 as c_int, cmd_op as u32, fd) };
}

#[cfg(test)]
mod tests {
    use super::super::tests::{bytes, fresh};
    use super::*;

    #[test]
    fn msg_ring_fd_sign_extends_source_and_keeps_alloc() {
        let mut sqe = fresh();
        unsafe { io_uring_prep_msg_ring_fd_alloc(&mut sqe, 9, 3, 77, 0) };
        assert_eq!(sqe.addr(), IORING_MSG_SEND_FD as u64);
        assert_eq!(sqe.addr3(), 3);
        assert_eq!(sqe.file_index(), IORING_FILE_INDEX_ALLOC);
        assert_eq!(sqe.off(), 77);
        unsafe { io_uring_prep_msg_ring_fd(&mut sqe, 9, -1, 4, 77, 0) };
        assert_eq!(sqe.addr3(), u64::MAX);
        assert_eq!(sqe.file_index(), 5);
    }

    #[test]
    fn uring_cmd_leaves_the_command_area_alone() {
        let mut sqe = fresh();
        sqe.set_addr3(0x1122);
        unsafe { io_uring_prep_uring_cmd(&mut sqe, 0x33, 4) };
        let b = bytes(&sqe);
        assert_eq!(sqe.opcode as u32, IORING_OP_URING_CMD);
        assert_eq!(&b[8..12], &0x33u32.to_le_bytes());
        assert_eq!(&b[12..28], &[0u8; 16]);
        assert_eq!(sqe.addr3(), 0x1122);
    }

    #[test]
    fn timeout_update_adds_the_update_flag() {
        let mut sqe = fresh();
        unsafe { io_uring_prep_timeout_update(&mut sqe, 0x40 as *const __kernel_timespec, 5, 1) };
        assert_eq!(sqe.off(), 0x40);
        assert_eq!(sqe.addr(), 5);
        assert_eq!(sqe.op_flags(), 1 | IORING_TIMEOUT_UPDATE);
    }
}
