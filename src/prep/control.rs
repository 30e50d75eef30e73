//! Ring control operations: nop, timeouts, poll, cancel, msg_ring, futex, waitid, epoll,
//! provided buffers and the generic uring_cmd.

use core::ffi::{c_int, c_uint, c_void};
use core::ptr::null;

use super::{__io_uring_set_target_direct, futex_waitv, io_uring_prep_rw, uring_ptr_to_u64};
use crate::uapi::*;

/// liburing: `io_uring_prep_nop(3)`: prepare a request that does nothing.
///
/// `io_uring_prep_nop()` prepares a no-op (IORING_OP_NOP): it completes with `res` 0 and is
/// useful to test a ring, to wake a waiter or as a link in a chain. `io_uring_prep_nop128()`
/// prepares one in a 128-byte SQE, from `io_uring_get_sqe128(3)` (IORING_OP_NOP128, on
/// IORING_SETUP_SQE_MIXED rings).
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or
/// `-ECANCELED` when a request earlier in its link failed; `-EINVAL` when a 128-byte no-op is put
/// in a plain SQE.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_nop(sqe: *mut io_uring_sqe) {
    unsafe { io_uring_prep_rw(IORING_OP_NOP as c_int, sqe, -1, null(), 0, 0) };
}

/// liburing: `io_uring_prep_nop128(3)`: prepare a no-op in a 128-byte SQE.
/// man: io_uring_prep_nop
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_nop128(sqe: *mut io_uring_sqe) {
    unsafe { io_uring_prep_rw(IORING_OP_NOP128 as c_int, sqe, -1, null(), 0, 0) };
}

/// liburing: `io_uring_prep_timeout(3)`: prepare a timeout request.
///
/// `io_uring_prep_timeout()` prepares a timeout (IORING_OP_TIMEOUT) that completes when the
/// time `ts` has passed or, when `count` is not 0, once `count` other requests have completed,
/// whichever comes first. `ts` is relative unless `flags` has IORING_TIMEOUT_ABS; the clock is
/// CLOCK_MONOTONIC unless IORING_TIMEOUT_BOOTTIME or IORING_TIMEOUT_REALTIME is given;
/// IORING_TIMEOUT_MULTISHOT makes it fire repeatedly, `count` times (0: until cancelled).
///
/// `io_uring_prep_timeout_remove()` cancels the timeout whose `user_data` is `user_data`
/// (IORING_OP_TIMEOUT_REMOVE); `io_uring_prep_timeout_update()` gives it the new time `ts`
/// instead (IORING_TIMEOUT_UPDATE, with IORING_LINK_TIMEOUT_UPDATE for a linked timeout).
///
/// `io_uring_prep_link_timeout()` prepares a timeout for the request linked before it
/// (IOSQE_IO_LINK on that request): if that request has not completed after `ts`, it is
/// cancelled (IORING_OP_LINK_TIMEOUT).
///
/// `ts` must stay valid until the request has been submitted.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The results in the CQE `res`:
/// - `-ETIME`: (timeout) the time expired; for a link timeout, the linked request was cancelled
///   because of it.
/// - 0: (timeout) the completion count was reached; (remove, update) the timeout was found.
/// - `-ECANCELED`: (timeout) it was removed or cancelled; (link timeout) the linked request
///   completed first.
/// - `-ENOENT`: (remove, update) no timeout has that `user_data`.
/// - `-EALREADY`: (remove, update) the timeout is already firing.
/// - `-EINVAL`: unknown flags, a negative time, or a link timeout that follows no linked request.
/// - `-EFAULT`: `ts` is not accessible.
///
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

/// liburing: `io_uring_prep_timeout_remove(3)`: prepare the removal of a timeout.
/// man: io_uring_prep_timeout
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

/// liburing: `io_uring_prep_timeout_update(3)`: prepare an update of a timeout.
/// man: io_uring_prep_timeout
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

/// liburing: `io_uring_prep_link_timeout(3)`: prepare a timeout for a linked request.
/// man: io_uring_prep_timeout
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

/// liburing: `__io_uring_prep_poll_mask`: poll events as the kernel reads them.
/// man: io_uring_prep_poll_add
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

/// liburing: `io_uring_prep_poll_add(3)`: prepare a poll request.
///
/// `io_uring_prep_poll_add()` prepares a one-shot poll of `fd` for the `poll(2)` events
/// `poll_mask` (IORING_OP_POLL_ADD): it completes once one of them is ready, with the ready
/// events as `res`. `io_uring_prep_poll_multishot()` keeps polling, posting a CQE with
/// IORING_CQE_F_MORE each time events are ready, until it is removed or fails.
///
/// `io_uring_prep_poll_remove()` removes the poll whose `user_data` is `user_data`
/// (IORING_OP_POLL_REMOVE). `io_uring_prep_poll_update()` finds the poll with `old_user_data`
/// and, as `flags` say, gives it new events `poll_mask` (IORING_POLL_UPDATE_EVENTS) and the new
/// `user_data` `new_user_data` (IORING_POLL_UPDATE_USER_DATA); IORING_POLL_ADD_MULTI makes it
/// multishot. `__io_uring_prep_poll_mask()` returns `poll_mask` as the kernel reads the SQE's
/// poll32_events (its half-words swapped on big-endian machines).
///
/// # Return value
/// `__io_uring_prep_poll_mask()`: the mask to store; the others return nothing.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The results in the CQE `res`:
/// - a positive event mask: (add) events are ready.
/// - 0: (remove, update) the poll was found and removed or updated.
/// - `-ECANCELED`: (add) the poll was removed or cancelled.
/// - `-ENOENT`: (remove, update) no poll has that `user_data`.
/// - `-EALREADY`: (remove, update) the poll is already completing.
/// - `-EBADF`: `fd` is not open.
/// - `-EINVAL`: unknown flags or events.
///
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

/// liburing: `io_uring_prep_poll_multishot(3)`: prepare a multishot poll request.
/// man: io_uring_prep_poll_add
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

/// liburing: `io_uring_prep_poll_remove(3)`: prepare the removal of a poll request.
/// man: io_uring_prep_poll_add
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_poll_remove(sqe: *mut io_uring_sqe, user_data: __u64) {
    unsafe {
        io_uring_prep_rw(IORING_OP_POLL_REMOVE as c_int, sqe, -1, null(), 0, 0);
        (*sqe).set_addr(user_data);
    }
}

/// liburing: `io_uring_prep_poll_update(3)`: prepare an update of a poll request.
/// man: io_uring_prep_poll_add
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

/// liburing: `io_uring_prep_cancel64(3)`: prepare a cancellation request.
/// man: io_uring_prep_cancel
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

/// liburing: `io_uring_prep_cancel(3)`: prepare a cancellation request.
///
/// `io_uring_prep_cancel64()` prepares the cancellation of the request in flight whose
/// `user_data` is `user_data` (IORING_OP_ASYNC_CANCEL); `io_uring_prep_cancel()` takes it as a
/// pointer, as `io_uring_sqe_set_data(3)` stores it. `io_uring_prep_cancel_fd()` cancels the
/// requests on file descriptor `fd` (IORING_ASYNC_CANCEL_FD). `flags` may add
/// IORING_ASYNC_CANCEL_ALL (every match, not only the first), IORING_ASYNC_CANCEL_ANY (any
/// request), IORING_ASYNC_CANCEL_FD_FIXED (`fd` is a fixed file), IORING_ASYNC_CANCEL_OP (match
/// the opcode) and IORING_ASYNC_CANCEL_USERDATA. A cancelled request completes with
/// `-ECANCELED` (or `-EINTR` if it was running and interrupted).
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The cancellation's own CQE `res` is 0
/// (one request found and cancelled), the number cancelled (with IORING_ASYNC_CANCEL_ALL or
/// ANY), or a negative errno value:
/// - `-ENOENT`: no request matched.
/// - `-EALREADY`: the request was running and could not be stopped at once; it will complete
///   on its own.
/// - `-EINVAL`: unknown flags.
///
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cancel(
    sqe: *mut io_uring_sqe,
    user_data: *const c_void,
    flags: c_int,
) {
    unsafe { io_uring_prep_cancel64(sqe, uring_ptr_to_u64(user_data), flags) };
}

/// liburing: `io_uring_prep_cancel_fd(3)`: prepare the cancellation of requests on a file.
/// man: io_uring_prep_cancel
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cancel_fd(sqe: *mut io_uring_sqe, fd: c_int, flags: c_uint) {
    unsafe {
        io_uring_prep_rw(IORING_OP_ASYNC_CANCEL as c_int, sqe, fd, null(), 0, 0);
        (*sqe).set_op_flags(flags | IORING_ASYNC_CANCEL_FD);
    }
}

/// liburing: `io_uring_prep_msg_ring(3)`: prepare a message to another ring.
///
/// `io_uring_prep_msg_ring()` prepares a message to the ring whose file descriptor is `fd`
/// (IORING_OP_MSG_RING): that ring gets a CQE with `res` `len` and `user_data` `data`.
/// `io_uring_prep_msg_ring_cqe_flags()` also sets the target CQE's flags to `cqe_flags`
/// (IORING_MSG_RING_FLAGS_PASS). `io_uring_prep_msg_ring_fd()` sends the fixed file
/// `source_fd` of this ring into slot `target_fd` of the target ring's fixed file table
/// (IORING_MSG_SEND_FD), posting a CQE with `user_data` `data` there;
/// `io_uring_prep_msg_ring_fd_alloc()` lets the kernel pick a free slot. With
/// IORING_MSG_RING_CQE_SKIP in `flags` the target gets no CQE.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The sender's CQE `res` is 0 (for a file,
/// the target slot), or a negative errno value:
/// - `-EBADFD`: `fd` is not an io_uring file descriptor, or the target ring is disabled.
/// - `-EOVERFLOW`: the target's completion queue is full.
/// - `-EINVAL`: unknown flags, or the target cannot receive files.
/// - `-EBADF`: `source_fd` is not a fixed file of this ring.
/// - `-ENFILE`: no free slot in the target table; `-EEXIST`: the target slot is in use.
///
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

/// liburing: `io_uring_prep_msg_ring_cqe_flags(3)`: prepare a message to another ring, with CQE flags.
/// man: io_uring_prep_msg_ring
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

/// liburing: `io_uring_prep_msg_ring_fd(3)`: prepare sending a fixed file to another ring.
/// man: io_uring_prep_msg_ring
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

/// liburing: `io_uring_prep_msg_ring_fd_alloc(3)`: prepare sending a fixed file into a free slot.
/// man: io_uring_prep_msg_ring
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

/// liburing: `io_uring_prep_futex_wait(3)`: prepare a futex wait or wake request.
///
/// `io_uring_prep_futex_wait()` prepares a wait on the futex at `futex` (IORING_OP_FUTEX_WAIT,
/// Linux 6.7): it completes when woken, provided the futex still holds `val` when the request
/// starts, for waiters matching the bitset `mask`. `futex_flags` are the FUTEX2_* flags (size,
/// FUTEX2_PRIVATE). `io_uring_prep_futex_wake()` wakes up to `val` waiters matching `mask`
/// (IORING_OP_FUTEX_WAKE). `io_uring_prep_futex_waitv()` waits on the `nr_futex` futexes of the
/// `struct futex_waitv` array `futex` (IORING_OP_FUTEX_WAITV), as `futex_waitv(2)` does.
/// `flags` must be 0.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The CQE `res` is 0 (wait: woken; waitv:
/// the index of the futex that woke it), the number of waiters woken (wake), or a negative errno
/// value: `-EAGAIN` (the futex did not hold `val`), `-EINVAL` (bad flags, size or alignment),
/// `-EFAULT` (the futex is not accessible), `-ECANCELED`.
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

/// liburing: `io_uring_prep_futex_wake(3)`: prepare a futex wake request.
/// man: io_uring_prep_futex_wait
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
    // The SQE of a wait with the other opcode (liburing writes the fields out twice).
    unsafe {
        io_uring_prep_futex_wait(sqe, futex, val, mask, futex_flags, flags);
        (*sqe).opcode = IORING_OP_FUTEX_WAKE as u8;
    }
}

/// liburing: `io_uring_prep_futex_waitv(3)`: prepare a wait on several futexes.
/// man: io_uring_prep_futex_wait
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

/// liburing: `io_uring_prep_waitid(3)`: prepare a waitid request.
///
/// Prepares a `waitid(2)` for the child processes selected by `idtype` and `id`, with the
/// WEXITED/WSTOPPED/WCONTINUED/WNOHANG `options`, storing what happened in `infop`
/// (IORING_OP_WAITID, Linux 6.7). `flags` must be 0.
///
/// # Errors
/// This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value, as `waitid(2)` reports them: `-ECHILD` (no such child), `-EINVAL`,
/// `-EFAULT`, `-ECANCELED`.
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

/// liburing: `io_uring_prep_epoll_ctl(3)`: prepare an epoll_ctl request.
///
/// `io_uring_prep_epoll_ctl()` prepares an `epoll_ctl(2)` on the epoll instance `epfd`, with
/// `op` (EPOLL_CTL_ADD, _MOD, _DEL) for `fd` and the event `ev` (IORING_OP_EPOLL_CTL).
/// `io_uring_prep_epoll_wait()` prepares an `epoll_wait(2)` on `fd` for at most `maxevents`
/// events into `events` (IORING_OP_EPOLL_WAIT, Linux 6.15); `flags` must be 0.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0 (ctl) or
/// the number of events stored (wait), or a negative errno value, as `epoll_ctl(2)` and
/// `epoll_wait(2)` report them: `-EBADF`, `-EEXIST`, `-ENOENT`, `-EINVAL`, `-ELOOP`,
/// `-ENOMEM`, `-ENOSPC`, `-EPERM`, `-EFAULT`, `-ECANCELED`.
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

/// liburing: `io_uring_prep_epoll_wait(3)`: prepare an epoll_wait request.
/// man: io_uring_prep_epoll_ctl
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

/// liburing: `io_uring_prep_provide_buffers(3)`: prepare providing buffers to the kernel.
///
/// `io_uring_prep_provide_buffers()` hands `nr` buffers of `len` bytes each, consecutive from
/// `addr`, to the kernel as buffer group `bgid`, with buffer ids from `bid` up
/// (IORING_OP_PROVIDE_BUFFERS). Requests with IOSQE_BUFFER_SELECT and that group take one when
/// they need it, and report its id in the CQE flags (IORING_CQE_F_BUFFER).
/// `io_uring_prep_remove_buffers()` takes up to `nr` unused buffers of group `bgid` back
/// (IORING_OP_REMOVE_BUFFERS). Buffer rings (`io_uring_setup_buf_ring(3)`) do the same with less
/// overhead.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0 (provide;
/// the number added on some kernels) or the number of buffers removed, or a negative errno
/// value: `-EINVAL` (a count, length or id out of range, or the group is a buffer ring),
/// `-ENOENT` (remove: no such group), `-ENOMEM`, `-EFAULT`, `-EOVERFLOW` (the range overflows),
/// `-ECANCELED`.
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

/// liburing: `io_uring_prep_remove_buffers(3)`: prepare taking provided buffers back.
/// man: io_uring_prep_provide_buffers
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

/// liburing: `__io_uring_prep_uring_cmd`: the common part of the uring_cmd helpers.
/// man: io_uring_prep_uring_cmd
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

/// liburing: `io_uring_prep_uring_cmd(3)`: prepare a driver-specific command.
///
/// `io_uring_prep_uring_cmd()` prepares the command `cmd_op` of the file `fd`'s driver
/// (IORING_OP_URING_CMD: NVMe passthrough, block device, socket commands...); the command's
/// payload, in `sqe->cmd`, is the caller's to fill. `io_uring_prep_uring_cmd128()` prepares one
/// in a 128-byte SQE, from `io_uring_get_sqe128(3)`, with a larger payload (IORING_OP_URING_CMD128).
/// `__io_uring_prep_uring_cmd()` is the common part, with the opcode `op`.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the command's
/// result, or a negative errno value: `-EOPNOTSUPP` (the file has no such command), `-EINVAL`,
/// `-EACCES`, `-ECANCELED`, and what the driver reports.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_uring_cmd(sqe: *mut io_uring_sqe, cmd_op: c_int, fd: c_int) {
    unsafe { __io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD as c_int, cmd_op as u32, fd) };
}

/// liburing: `io_uring_prep_uring_cmd128(3)`: prepare a driver-specific command in a 128-byte SQE.
/// man: io_uring_prep_uring_cmd
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
