//! Socket operations: socket (+ direct), bind/listen/connect/accept (+ direct, multishot),
//! send/recv (+ zero copy, bundle, multishot), sendmsg/recvmsg, shutdown, and the socket
//! uring_cmds (`io_uring_prep_cmd_sock`, `io_uring_prep_cmd_getsockname`).
//!
//! Multishot and zero-copy variants are the plain helper plus their ioprio bits
//! (IORING_RECV_MULTISHOT, IORING_ACCEPT_MULTISHOT, IORING_RECVSEND_BUNDLE,
//! IORING_RECVSEND_FIXED_BUF), as in liburing 2.15.

use core::ffi::{c_int, c_uint, c_void};
use core::ptr::null;

use super::control::io_uring_prep_uring_cmd;
use super::{
    __io_uring_set_target_direct, __io_uring_set_target_fixed_file, io_uring_prep_rw,
    uring_ptr_to_u64,
};
use crate::uapi::*;

/// liburing: `io_uring_prep_socket(3)`: prepare a socket creation request.
///
/// `io_uring_prep_socket()` prepares a `socket(2)` with `domain`, `type` and `protocol`
/// (IORING_OP_SOCKET, Linux 5.19); `flags` must be 0. `io_uring_prep_socket_direct()` puts the
/// new socket into slot `file_index` of the fixed file table (or a free slot with
/// IORING_FILE_INDEX_ALLOC); `io_uring_prep_socket_direct_alloc()` always into a free slot.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the new file
/// descriptor (for the direct variants 0, or the slot chosen), or a negative errno value, as
/// `socket(2)` reports them: `-EAFNOSUPPORT`, `-EPROTONOSUPPORT`, `-EINVAL`, `-EMFILE`,
/// `-ENFILE`, `-ENOMEM`, `-EACCES`; for the direct variants `-ENXIO` (no fixed file table) and
/// `-ENFILE` (no free slot); `-ECANCELED`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_socket(
    sqe: *mut io_uring_sqe,
    domain: c_int,
    r#type: c_int,
    protocol: c_int,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_SOCKET as c_int,
            sqe,
            domain,
            null(),
            protocol as u32,
            r#type as u64,
        );
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_socket_direct(3)`: prepare a socket creation into the fixed file table.
/// man: io_uring_prep_socket
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_socket_direct(
    sqe: *mut io_uring_sqe,
    domain: c_int,
    r#type: c_int,
    protocol: c_int,
    file_index: c_uint,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_socket(sqe, domain, r#type, protocol, flags);
        __io_uring_set_target_direct(sqe, file_index);
    }
}

/// liburing: `io_uring_prep_socket_direct_alloc(3)`: prepare a socket creation into a free fixed slot.
/// man: io_uring_prep_socket
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_socket_direct_alloc(
    sqe: *mut io_uring_sqe,
    domain: c_int,
    r#type: c_int,
    protocol: c_int,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_socket(sqe, domain, r#type, protocol, flags);
        __io_uring_set_target_fixed_file(sqe, IORING_FILE_INDEX_ALLOC - 1);
    }
}

/// liburing: `io_uring_prep_bind(3)`: prepare a bind or listen request.
///
/// `io_uring_prep_bind()` prepares a `bind(2)` of socket `fd` to the address `addr` of
/// `addrlen` bytes (IORING_OP_BIND, Linux 6.11). `io_uring_prep_listen()` prepares a `listen(2)`
/// on `fd` with `backlog` (IORING_OP_LISTEN).
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value, as `bind(2)` and `listen(2)` report them: `-EADDRINUSE`, `-EACCES`,
/// `-EADDRNOTAVAIL`, `-EINVAL`, `-ENOTSOCK`, `-EBADF`, `-EOPNOTSUPP`, `-ECANCELED`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_bind(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *const libc::sockaddr,
    addrlen: libc::socklen_t,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_BIND as c_int,
            sqe,
            fd,
            addr as *const c_void,
            0,
            addrlen as u64,
        )
    };
}

/// liburing: `io_uring_prep_listen(3)`: prepare a listen request.
/// man: io_uring_prep_bind
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_listen(sqe: *mut io_uring_sqe, fd: c_int, backlog: c_int) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_LISTEN as c_int,
            sqe,
            fd,
            null(),
            backlog as u32,
            0,
        )
    };
}

/// liburing: `io_uring_prep_connect(3)`: prepare a connect request.
///
/// Prepares a `connect(2)` of socket `fd` to the address `addr` of `addrlen` bytes
/// (IORING_OP_CONNECT). The request completes when the connection is established or fails,
/// also for non-blocking sockets. `addr` must stay valid until the request completes.
///
/// # Errors
/// This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value, as `connect(2)` reports them: `-ECONNREFUSED`, `-ETIMEDOUT`,
/// `-ENETUNREACH`, `-EHOSTUNREACH`, `-EADDRNOTAVAIL`, `-EAFNOSUPPORT`, `-EISCONN`, `-EALREADY`,
/// `-EINVAL`, `-ENOTSOCK`, `-EBADF`, `-ECANCELED`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_connect(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *const libc::sockaddr,
    addrlen: libc::socklen_t,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_CONNECT as c_int,
            sqe,
            fd,
            addr as *const c_void,
            0,
            addrlen as u64,
        )
    };
}

/// liburing: `io_uring_prep_accept(3)`: prepare an accept request.
///
/// `io_uring_prep_accept()` prepares an `accept4(2)` on the listening socket `fd`, with the
/// SOCK_* `flags`; the peer's address is stored in `addr` and its length in `*addrlen` when they
/// are not NULL (IORING_OP_ACCEPT). `io_uring_prep_multishot_accept()` keeps accepting: each
/// connection posts a CQE with IORING_CQE_F_MORE until the request fails or is cancelled
/// (Linux 5.19).
///
/// The `_direct` variants put the accepted socket into the fixed file table instead: into slot
/// `file_index` (or a free slot with IORING_FILE_INDEX_ALLOC) for
/// `io_uring_prep_accept_direct()`, and into a free slot for each connection for
/// `io_uring_prep_multishot_accept_direct()`.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the new file
/// descriptor (the slot for the direct variants), or a negative errno value, as `accept4(2)`
/// reports them: `-EAGAIN` (the socket is non-blocking and no connection is pending, with
/// IORING_ACCEPT_DONTWAIT), `-EINVAL` (`fd` is not listening, unknown flags), `-EMFILE`,
/// `-ENFILE`, `-ENOTSOCK`, `-EBADF`, `-ECONNABORTED`, `-ENOMEM`; for the direct variants `-ENXIO`
/// (no fixed file table) and `-ENFILE` (no free slot); `-ECANCELED`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_accept(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut libc::sockaddr,
    addrlen: *mut libc::socklen_t,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_ACCEPT as c_int,
            sqe,
            fd,
            addr as *const c_void,
            0,
            uring_ptr_to_u64(addrlen as *const c_void),
        );
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_accept_direct(3)`: prepare an accept into the fixed file table.
/// man: io_uring_prep_accept
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_accept_direct(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut libc::sockaddr,
    addrlen: *mut libc::socklen_t,
    flags: c_int,
    file_index: c_uint,
) {
    unsafe {
        io_uring_prep_accept(sqe, fd, addr, addrlen, flags);
        __io_uring_set_target_direct(sqe, file_index);
    }
}

/// liburing: `io_uring_prep_multishot_accept(3)`: prepare a multishot accept request.
/// man: io_uring_prep_accept
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_multishot_accept(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut libc::sockaddr,
    addrlen: *mut libc::socklen_t,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_accept(sqe, fd, addr, addrlen, flags);
        (*sqe).ioprio |= IORING_ACCEPT_MULTISHOT as u16;
    }
}

/// liburing: `io_uring_prep_multishot_accept_direct(3)`: prepare a multishot accept into fixed files.
/// man: io_uring_prep_accept
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_multishot_accept_direct(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *mut libc::sockaddr,
    addrlen: *mut libc::socklen_t,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_multishot_accept(sqe, fd, addr, addrlen, flags);
        __io_uring_set_target_fixed_file(sqe, IORING_FILE_INDEX_ALLOC - 1);
    }
}

/// liburing: `io_uring_prep_send(3)`: prepare a send request.
///
/// `io_uring_prep_send()` prepares a `send(2)` of `len` bytes from `buf` on socket `sockfd`
/// with the MSG_* `flags` (IORING_OP_SEND); `io_uring_prep_sendto()` sends to the address `addr`
/// of `addrlen` bytes, as `sendto(2)` does, and `io_uring_prep_send_set_addr()` adds the
/// destination `dest_addr` of `addr_len` bytes to a prepared send.
///
/// `io_uring_prep_send_bundle()` sends from the provided buffers of the SQE's buffer group
/// (IOSQE_BUFFER_SELECT and `io_uring_sqe_set_buf_group(3)`) as many as `len` allows
/// (IORING_RECVSEND_BUNDLE, Linux 6.10).
///
/// `io_uring_prep_send_zc()` sends without copying the data (IORING_OP_SEND_ZC, Linux 6.0),
/// with IORING_RECVSEND_* and IORING_SEND_ZC_* `zc_flags`: it posts the send's CQE with
/// IORING_CQE_F_MORE, then a second CQE with IORING_CQE_F_NOTIF once the kernel no longer uses
/// `buf`, which must stay untouched until then. `io_uring_prep_send_zc_fixed()` sends from the
/// registered buffer `buf_index`.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the number of
/// bytes sent, or a negative errno value, as `send(2)` reports them: `-EAGAIN` (non-blocking and
/// no room), `-ECONNRESET`, `-EPIPE`, `-ENOTCONN`, `-EDESTADDRREQ`, `-EMSGSIZE`, `-ENOBUFS`,
/// `-ENOTSOCK`, `-EBADF`, `-EFAULT`, `-EINVAL`, `-EOPNOTSUPP` (zero copy on a socket that does
/// not support it), `-ECANCELED`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_send(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_SEND as c_int, sqe, sockfd, buf, len as u32, 0);
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_send_bundle(3)`: prepare a send from provided buffers.
/// man: io_uring_prep_send
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_send_bundle(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    len: usize,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_send(sqe, sockfd, null(), len, flags);
        (*sqe).ioprio |= IORING_RECVSEND_BUNDLE as u16;
    }
}

/// liburing: `io_uring_prep_send_set_addr(3)`: give a send request a destination address.
/// man: io_uring_prep_send
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_send_set_addr(
    sqe: *mut io_uring_sqe,
    dest_addr: *const libc::sockaddr,
    addr_len: __u16,
) {
    unsafe {
        (*sqe).set_addr2(uring_ptr_to_u64(dest_addr as *const c_void));
        (*sqe).set_addr_len(addr_len);
    }
}

/// liburing: `io_uring_prep_sendto(3)`: prepare a sendto request.
/// man: io_uring_prep_send
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_sendto(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
    addr: *const libc::sockaddr,
    addrlen: libc::socklen_t,
) {
    unsafe {
        io_uring_prep_send(sqe, sockfd, buf, len, flags);
        io_uring_prep_send_set_addr(sqe, addr, addrlen as u16);
    }
}

/// liburing: `io_uring_prep_send_zc(3)`: prepare a zero-copy send request.
/// man: io_uring_prep_send
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_send_zc(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
    zc_flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_SEND_ZC as c_int, sqe, sockfd, buf, len as u32, 0);
        (*sqe).set_op_flags(flags as u32);
        (*sqe).ioprio = zc_flags as u16;
    }
}

/// liburing: `io_uring_prep_send_zc_fixed(3)`: prepare a zero-copy send from a registered buffer.
/// man: io_uring_prep_send
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_send_zc_fixed(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *const c_void,
    len: usize,
    flags: c_int,
    zc_flags: c_uint,
    buf_index: c_uint,
) {
    unsafe {
        io_uring_prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags);
        (*sqe).ioprio |= IORING_RECVSEND_FIXED_BUF as u16;
        (*sqe).set_buf_index(buf_index as u16);
    }
}

/// liburing: `io_uring_prep_recv(3)`: prepare a receive request.
///
/// `io_uring_prep_recv()` prepares a `recv(2)` of up to `len` bytes into `buf` from socket
/// `sockfd` with the MSG_* `flags` (IORING_OP_RECV). With IOSQE_BUFFER_SELECT on the SQE, `buf`
/// is NULL and the data goes into a buffer of the SQE's buffer group.
/// `io_uring_prep_recv_multishot()` keeps receiving into provided buffers (it needs
/// IOSQE_BUFFER_SELECT), posting a CQE with IORING_CQE_F_MORE and the buffer id for each
/// message, until an error, the end of the stream, or cancellation.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the number of
/// bytes received (0 at the end of the stream), or a negative errno value, as `recv(2)` reports
/// them: `-EAGAIN`, `-ECONNRESET`, `-ENOTCONN`, `-ENOTSOCK`, `-EBADF`, `-EFAULT`, `-EINVAL`;
/// `-ENOBUFS` when the buffer group has no buffer left; `-ECANCELED`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_recv(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *mut c_void,
    len: usize,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_RECV as c_int, sqe, sockfd, buf, len as u32, 0);
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_recv_multishot(3)`: prepare a multishot receive request.
/// man: io_uring_prep_recv
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_recv_multishot(
    sqe: *mut io_uring_sqe,
    sockfd: c_int,
    buf: *mut c_void,
    len: usize,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_recv(sqe, sockfd, buf, len, flags);
        (*sqe).ioprio |= IORING_RECV_MULTISHOT as u16;
    }
}

/// liburing: `io_uring_prep_recvmsg(3)`: prepare a recvmsg request.
///
/// `io_uring_prep_recvmsg()` prepares a `recvmsg(2)` on socket `fd` into the `struct msghdr`
/// `msg`, with the MSG_* `flags` (IORING_OP_RECVMSG). `io_uring_prep_recvmsg_multishot()` keeps
/// receiving into provided buffers (IOSQE_BUFFER_SELECT): each buffer then holds a
/// `struct io_uring_recvmsg_out` header, the address, the control messages and the payload, as
/// `io_uring_recvmsg_validate(3)` describes; `msg` only gives the sizes of the name and control
/// areas.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the number of
/// bytes received (multishot: the bytes of the buffer used), or a negative errno value, as
/// `recvmsg(2)` reports them: `-EAGAIN`, `-ECONNRESET`, `-ENOTCONN`, `-ENOTSOCK`, `-EBADF`,
/// `-EFAULT`, `-EINVAL`, `-EMSGSIZE`; `-ENOBUFS` when no provided buffer is left; `-ECANCELED`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_recvmsg(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    msg: *mut libc::msghdr,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_RECVMSG as c_int,
            sqe,
            fd,
            msg as *const c_void,
            1,
            0,
        );
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_recvmsg_multishot(3)`: prepare a multishot recvmsg request.
/// man: io_uring_prep_recvmsg
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_recvmsg_multishot(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    msg: *mut libc::msghdr,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_recvmsg(sqe, fd, msg, flags);
        (*sqe).ioprio |= IORING_RECV_MULTISHOT as u16;
    }
}

/// liburing: `io_uring_prep_sendmsg(3)`: prepare a sendmsg request.
///
/// `io_uring_prep_sendmsg()` prepares a `sendmsg(2)` of the `struct msghdr` `msg` on socket
/// `fd` with the MSG_* `flags` (IORING_OP_SENDMSG). `io_uring_prep_sendmsg_zc()` sends without
/// copying (IORING_OP_SENDMSG_ZC): a second CQE with IORING_CQE_F_NOTIF says when the buffers may
/// be reused; `io_uring_prep_sendmsg_zc_fixed()` sends from the registered buffer `buf_index`.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the number of
/// bytes sent, or a negative errno value, as `sendmsg(2)` reports them: `-EAGAIN`,
/// `-ECONNRESET`, `-EPIPE`, `-EMSGSIZE`, `-ENOTCONN`, `-ENOTSOCK`, `-EBADF`, `-EFAULT`,
/// `-EINVAL`, `-EOPNOTSUPP`, `-ECANCELED`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_sendmsg(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    msg: *const libc::msghdr,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_SENDMSG as c_int,
            sqe,
            fd,
            msg as *const c_void,
            1,
            0,
        );
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_sendmsg_zc(3)`: prepare a zero-copy sendmsg request.
/// man: io_uring_prep_sendmsg
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_sendmsg_zc(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    msg: *const libc::msghdr,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_SENDMSG_ZC as c_int,
            sqe,
            fd,
            msg as *const c_void,
            1,
            0,
        );
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_sendmsg_zc_fixed(3)`: prepare a zero-copy sendmsg from a registered buffer.
/// man: io_uring_prep_sendmsg
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_sendmsg_zc_fixed(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    msg: *const libc::msghdr,
    flags: c_uint,
    buf_index: c_uint,
) {
    unsafe {
        io_uring_prep_sendmsg_zc(sqe, fd, msg, flags);
        (*sqe).ioprio |= IORING_RECVSEND_FIXED_BUF as u16;
        (*sqe).set_buf_index(buf_index as u16);
    }
}

/// liburing: `io_uring_prep_shutdown(3)`: prepare a shutdown request.
///
/// Prepares a `shutdown(2)` of socket `fd` with `how` (SHUT_RD, SHUT_WR, SHUT_RDWR)
/// (IORING_OP_SHUTDOWN).
///
/// # Errors
/// This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value, as `shutdown(2)` reports them: `-ENOTCONN`, `-ENOTSOCK`, `-EBADF`,
/// `-EINVAL`, `-ECANCELED`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_shutdown(sqe: *mut io_uring_sqe, fd: c_int, how: c_int) {
    unsafe { io_uring_prep_rw(IORING_OP_SHUTDOWN as c_int, sqe, fd, null(), how as u32, 0) };
}

/// liburing: `io_uring_prep_cmd_sock(3)`: prepare a socket command.
///
/// `io_uring_prep_cmd_sock()` prepares the socket command `cmd_op` on socket `fd`
/// (IORING_OP_URING_CMD, Linux 6.7): SOCKET_URING_OP_SIOCINQ or SOCKET_URING_OP_SIOCOUTQ
/// (the bytes queued for reading or writing), SOCKET_URING_OP_GETSOCKOPT or
/// SOCKET_URING_OP_SETSOCKOPT (option `optname` at `level`, value `optval` of `optlen` bytes).
/// `io_uring_prep_cmd_getsockname()` prepares a `getsockname(2)` (or, with `peer` 1, a
/// `getpeername(2)`) into `sockaddr`, its length in `*sockaddr_len`
/// (SOCKET_URING_OP_GETSOCKNAME).
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the command's
/// result (SIOCINQ/SIOCOUTQ: the byte count; getsockopt: the option's length; otherwise 0), or a
/// negative errno value: `-EOPNOTSUPP` (the socket or kernel lacks the command), `-ENOPROTOOPT`,
/// `-EINVAL`, `-EFAULT`, `-ENOTSOCK`, `-ECANCELED`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cmd_sock(
    sqe: *mut io_uring_sqe,
    cmd_op: c_int,
    fd: c_int,
    level: c_int,
    optname: c_int,
    optval: *mut c_void,
    optlen: c_int,
) {
    unsafe {
        io_uring_prep_uring_cmd(sqe, cmd_op, fd);
        (*sqe).set_optval(uring_ptr_to_u64(optval));
        (*sqe).set_optname(optname as u32);
        (*sqe).set_optlen(optlen as u32);
        (*sqe).set_level(level as u32);
    }
}

/// liburing: `io_uring_prep_cmd_getsockname(3)`: prepare a getsockname or getpeername request.
/// man: io_uring_prep_cmd_sock
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cmd_getsockname(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    sockaddr: *mut libc::sockaddr,
    sockaddr_len: *mut libc::socklen_t,
    peer: c_int,
) {
    unsafe {
        io_uring_prep_uring_cmd(sqe, SOCKET_URING_OP_GETSOCKNAME as c_int, fd);
        (*sqe).set_addr(uring_ptr_to_u64(sockaddr as *const c_void));
        (*sqe).set_addr3(uring_ptr_to_u64(sockaddr_len as *const c_void));
        (*sqe).set_optlen(peer as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::fresh;
    use super::*;

    #[test]
    fn multishot_accept_direct_allocates_and_sets_the_multishot_bit() {
        let mut sqe = fresh();
        unsafe {
            io_uring_prep_multishot_accept_direct(
                &mut sqe,
                4,
                core::ptr::null_mut(),
                core::ptr::null_mut(),
                0,
            )
        };
        assert_eq!(sqe.file_index(), IORING_FILE_INDEX_ALLOC);
        assert_eq!(sqe.ioprio, IORING_ACCEPT_MULTISHOT as u16);
    }

    #[test]
    fn sendto_sets_addr2_and_addr_len_only() {
        let mut sqe = fresh();
        let sa = 0x1000 as *const libc::sockaddr;
        unsafe { io_uring_prep_sendto(&mut sqe, 3, null(), 10, 0, sa, 16) };
        assert_eq!(sqe.addr2(), 0x1000);
        assert_eq!(sqe.addr_len(), 16);
        assert_eq!(sqe.file_index(), 16);
    }

    #[test]
    fn cmd_sock_packs_level_and_optname_into_addr() {
        let mut sqe = fresh();
        unsafe { io_uring_prep_cmd_sock(&mut sqe, 2, 7, 1, 9, 0x2000 as *mut c_void, 4) };
        assert_eq!(sqe.addr(), 1 | (9 << 32));
        assert_eq!(sqe.cmd_op(), 2);
        assert_eq!(sqe.pad1(), 0);
        assert_eq!(sqe.optval(), 0x2000);
        assert_eq!(sqe.optlen(), 4);
        assert_eq!(sqe.len, 0);
    }
}
