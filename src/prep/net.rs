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

/// liburing: `io_uring_prep_socket(3)`: domain in fd, protocol in len, type in off.
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

/// liburing: `io_uring_prep_socket_direct(3)`: into fixed slot `file_index` (or
/// IORING_FILE_INDEX_ALLOC).
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

/// liburing: `io_uring_prep_socket_direct_alloc(3)`: into a free fixed slot (the CQE says which).
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

/// liburing: `io_uring_prep_bind(3)`: addrlen in off.
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

/// liburing: `io_uring_prep_listen(3)`: backlog in len.
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

/// liburing: `io_uring_prep_connect(3)`: addrlen in off.
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

/// liburing: `io_uring_prep_accept(3)`: the addrlen pointer in off, flags in the op flags word.
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

/// liburing: `io_uring_prep_accept_direct(3)`: into fixed slot `file_index` (or
/// IORING_FILE_INDEX_ALLOC).
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

/// liburing: `io_uring_prep_multishot_accept(3)`: IORING_ACCEPT_MULTISHOT in ioprio.
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

/// liburing: `io_uring_prep_multishot_accept_direct(3)`: each connection into a free fixed slot.
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

/// liburing: `io_uring_prep_send(3)`: len truncated to 32 bits, flags are MSG_*.
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

/// liburing: `io_uring_prep_send_bundle(3)`: sends from the provided buffers (set the group
/// with IOSQE_BUFFER_SELECT + buf_group); IORING_RECVSEND_BUNDLE in ioprio.
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

/// liburing: `io_uring_prep_send_set_addr(3)`: destination in addr2, its length in addr_len.
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

/// liburing: `io_uring_prep_sendto(3)`: send + send_set_addr (addrlen truncated to 16 bits).
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

/// liburing: `io_uring_prep_send_zc(3)`: `zc_flags` (IORING_RECVSEND_* / IORING_SEND_ZC_*)
/// replace ioprio.
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

/// liburing: `io_uring_prep_send_zc_fixed(3)`: from registered buffer `buf_index`.
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

/// liburing: `io_uring_prep_recv(3)`.
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

/// liburing: `io_uring_prep_recv_multishot(3)`: IORING_RECV_MULTISHOT in ioprio (use with
/// IOSQE_BUFFER_SELECT).
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

/// liburing: `io_uring_prep_recvmsg(3)`: len 1, flags are MSG_*.
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

/// liburing: `io_uring_prep_recvmsg_multishot(3)`: each CQE's buffer holds a
/// `struct io_uring_recvmsg_out` (see the io_uring_recvmsg_* helpers).
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

/// liburing: `io_uring_prep_sendmsg(3)`.
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

/// liburing: `io_uring_prep_sendmsg_zc(3)`.
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

/// liburing: `io_uring_prep_sendmsg_zc_fixed(3)`: from registered buffer `buf_index`.
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

/// liburing: `io_uring_prep_shutdown(3)`: `how` in len.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_shutdown(sqe: *mut io_uring_sqe, fd: c_int, how: c_int) {
    unsafe { io_uring_prep_rw(IORING_OP_SHUTDOWN as c_int, sqe, fd, null(), how as u32, 0) };
}

/// liburing: `io_uring_prep_cmd_sock(3)`: a SOCKET_URING_OP_* uring_cmd; level/optname in the
/// addr word, optval in addr3, optlen in the file_index word.
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

/// liburing: `io_uring_prep_cmd_getsockname(3)`: SOCKET_URING_OP_GETSOCKNAME; the address
/// buffer in addr, its length pointer in addr3, `peer` (1 = getpeername) in optlen.
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
