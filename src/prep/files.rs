//! File and path operations: read/write (+ vectored, fixed, multishot), sync, space and
//! advice, open/close/statx, the *at path operations, xattrs, splice/tee, the fixed file
//! table (files_update, fixed_fd_install), pipe and block discard.
//!
//! Each helper is liburing 2.15's, field for field, in the pattern of the [module
//! documentation](super). C `int` → `__u64` conversions sign-extend, as C's do.

use core::ffi::{c_char, c_int, c_uint, c_void};
use core::ptr::null;

use super::control::__io_uring_prep_uring_cmd;
use super::{
    __io_uring_set_target_direct, __io_uring_set_target_fixed_file, io_uring_prep_rw,
    uring_ptr_to_u64,
};
use crate::uapi::*;

/// `_IO(0x12, 0)`: the block device uring_cmd of `io_uring_prep_cmd_discard(3)`
/// (`<linux/fs.h>`).
pub const BLOCK_URING_CMD_DISCARD: u32 = 0x12 << 8;

/// liburing: `io_uring_prep_read(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_read(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    buf: *mut c_void,
    nbytes: c_uint,
    offset: __u64,
) {
    // SAFETY: C callers pass an SQE obtained from io_uring_get_sqe.
    unsafe { io_uring_prep_rw(IORING_OP_READ as c_int, sqe, fd, buf, nbytes, offset) };
}

/// liburing: `io_uring_prep_write(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_write(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    buf: *const c_void,
    nbytes: c_uint,
    offset: __u64,
) {
    // SAFETY: C callers pass an SQE obtained from io_uring_get_sqe.
    unsafe { io_uring_prep_rw(IORING_OP_WRITE as c_int, sqe, fd, buf, nbytes, offset) };
}

/// liburing: `io_uring_prep_readv(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_readv(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
) {
    // SAFETY: C callers pass an SQE obtained from io_uring_get_sqe.
    unsafe {
        io_uring_prep_rw(
            IORING_OP_READV as c_int,
            sqe,
            fd,
            iovecs as *const c_void,
            nr_vecs,
            offset,
        )
    };
}

/// liburing: `io_uring_prep_writev(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_writev(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
) {
    // SAFETY: C callers pass an SQE obtained from io_uring_get_sqe.
    unsafe {
        io_uring_prep_rw(
            IORING_OP_WRITEV as c_int,
            sqe,
            fd,
            iovecs as *const c_void,
            nr_vecs,
            offset,
        )
    };
}

/// liburing: `io_uring_prep_readv2(3)`: `flags` are RWF_* (the rw_flags word).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_readv2(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_READV as c_int,
            sqe,
            fd,
            iovecs as *const c_void,
            nr_vecs,
            offset,
        );
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_writev2(3)`: `flags` are RWF_* (the rw_flags word).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_writev2(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_WRITEV as c_int,
            sqe,
            fd,
            iovecs as *const c_void,
            nr_vecs,
            offset,
        );
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_read_fixed(3)`: into registered buffer `buf_index`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_read_fixed(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    buf: *mut c_void,
    nbytes: c_uint,
    offset: __u64,
    buf_index: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_READ_FIXED as c_int, sqe, fd, buf, nbytes, offset);
        (*sqe).set_buf_index(buf_index as u16);
    }
}

/// liburing: `io_uring_prep_write_fixed(3)`: from registered buffer `buf_index`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_write_fixed(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    buf: *const c_void,
    nbytes: c_uint,
    offset: __u64,
    buf_index: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_WRITE_FIXED as c_int, sqe, fd, buf, nbytes, offset);
        (*sqe).set_buf_index(buf_index as u16);
    }
}

/// liburing: `io_uring_prep_readv_fixed(3)`: vectored read into registered buffer `buf_index`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_readv_fixed(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
    flags: c_int,
    buf_index: c_int,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_READV_FIXED as c_int,
            sqe,
            fd,
            iovecs as *const c_void,
            nr_vecs,
            offset,
        );
        (*sqe).set_op_flags(flags as u32);
        (*sqe).set_buf_index(buf_index as u16);
    }
}

/// liburing: `io_uring_prep_writev_fixed(3)`: vectored write from registered buffer `buf_index`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_writev_fixed(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    iovecs: *const libc::iovec,
    nr_vecs: c_uint,
    offset: __u64,
    flags: c_int,
    buf_index: c_int,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_WRITEV_FIXED as c_int,
            sqe,
            fd,
            iovecs as *const c_void,
            nr_vecs,
            offset,
        );
        (*sqe).set_op_flags(flags as u32);
        (*sqe).set_buf_index(buf_index as u16);
    }
}

/// liburing: `io_uring_prep_read_multishot(3)`: reads into buffers of group `buf_group`;
/// sets sqe->flags to IOSQE_BUFFER_SELECT (replacing any flags set before).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_read_multishot(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    nbytes: c_uint,
    offset: __u64,
    buf_group: c_int,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_READ_MULTISHOT as c_int,
            sqe,
            fd,
            null(),
            nbytes,
            offset,
        );
        (*sqe).set_buf_group(buf_group as u16);
        (*sqe).flags = IOSQE_BUFFER_SELECT as u8;
    }
}

/// liburing: `io_uring_prep_fsync(3)`: `fsync_flags` 0 or IORING_FSYNC_DATASYNC.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fsync(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    fsync_flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_FSYNC as c_int, sqe, fd, null(), 0, 0);
        (*sqe).set_op_flags(fsync_flags);
    }
}

/// liburing: `io_uring_prep_sync_file_range(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_sync_file_range(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    len: c_uint,
    offset: __u64,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_SYNC_FILE_RANGE as c_int,
            sqe,
            fd,
            null(),
            len,
            offset,
        );
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_fallocate(3)`: mode in len, length in addr.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fallocate(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    mode: c_int,
    offset: __u64,
    len: __u64,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_FALLOCATE as c_int,
            sqe,
            fd,
            null(),
            mode as u32,
            offset,
        );
        (*sqe).set_addr(len);
    }
}

/// liburing: `io_uring_prep_fadvise(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fadvise(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    offset: __u64,
    len: __u32,
    advice: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_FADVISE as c_int, sqe, fd, null(), len, offset);
        (*sqe).set_op_flags(advice as u32);
    }
}

/// liburing: `io_uring_prep_fadvise64(3)`: 64-bit length in addr, len 0.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fadvise64(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    offset: __u64,
    len: libc::off_t,
    advice: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_FADVISE as c_int, sqe, fd, null(), 0, offset);
        (*sqe).set_addr(len as u64);
        (*sqe).set_op_flags(advice as u32);
    }
}

/// liburing: `io_uring_prep_madvise(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_madvise(
    sqe: *mut io_uring_sqe,
    addr: *mut c_void,
    length: __u32,
    advice: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_MADVISE as c_int, sqe, -1, addr, length, 0);
        (*sqe).set_op_flags(advice as u32);
    }
}

/// liburing: `io_uring_prep_madvise64(3)`: 64-bit length in off, len 0.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_madvise64(
    sqe: *mut io_uring_sqe,
    addr: *mut c_void,
    length: libc::off_t,
    advice: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_MADVISE as c_int, sqe, -1, addr, 0, length as u64);
        (*sqe).set_op_flags(advice as u32);
    }
}

/// liburing: `io_uring_prep_ftruncate(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_ftruncate(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    len: libc::loff_t,
) {
    unsafe { io_uring_prep_rw(IORING_OP_FTRUNCATE as c_int, sqe, fd, null(), 0, len as u64) };
}

/// liburing: `io_uring_prep_openat(3)`: mode in len, open flags in the op flags word.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_openat(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_OPENAT as c_int,
            sqe,
            dfd,
            path as *const c_void,
            mode,
            0,
        );
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_openat_direct(3)`: into fixed file slot `file_index`
/// (or IORING_FILE_INDEX_ALLOC).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_openat_direct(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
    file_index: c_uint,
) {
    unsafe {
        io_uring_prep_openat(sqe, dfd, path, flags, mode);
        __io_uring_set_target_direct(sqe, file_index);
    }
}

/// liburing: `io_uring_prep_open(3)`: openat relative to AT_FDCWD.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_open(
    sqe: *mut io_uring_sqe,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
) {
    unsafe { io_uring_prep_openat(sqe, libc::AT_FDCWD, path, flags, mode) };
}

/// liburing: `io_uring_prep_open_direct(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_open_direct(
    sqe: *mut io_uring_sqe,
    path: *const c_char,
    flags: c_int,
    mode: libc::mode_t,
    file_index: c_uint,
) {
    unsafe { io_uring_prep_openat_direct(sqe, libc::AT_FDCWD, path, flags, mode, file_index) };
}

/// liburing: `io_uring_prep_openat2(3)`: len is `sizeof(struct open_how)`, off points at it.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_openat2(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    how: *const open_how,
) {
    unsafe {
        let len: c_uint = size_of::<open_how>() as c_uint;
        io_uring_prep_rw(
            IORING_OP_OPENAT2 as c_int,
            sqe,
            dfd,
            path as *const c_void,
            len,
            uring_ptr_to_u64(how as *const c_void),
        );
    }
}

/// liburing: `io_uring_prep_openat2_direct(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_openat2_direct(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    how: *const open_how,
    file_index: c_uint,
) {
    unsafe {
        io_uring_prep_openat2(sqe, dfd, path, how);
        __io_uring_set_target_direct(sqe, file_index);
    }
}

/// liburing: `io_uring_prep_close(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_close(sqe: *mut io_uring_sqe, fd: c_int) {
    unsafe { io_uring_prep_rw(IORING_OP_CLOSE as c_int, sqe, fd, null(), 0, 0) };
}

/// liburing: `io_uring_prep_close_direct(3)`: closes fixed file slot `file_index` (fd 0).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_close_direct(sqe: *mut io_uring_sqe, file_index: c_uint) {
    unsafe {
        io_uring_prep_close(sqe, 0);
        __io_uring_set_target_fixed_file(sqe, file_index);
    }
}

/// liburing: `io_uring_prep_statx(3)`: mask in len, the statx buffer in off.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_statx(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
    mask: c_uint,
    statxbuf: *mut libc::statx,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_STATX as c_int,
            sqe,
            dfd,
            path as *const c_void,
            mask,
            uring_ptr_to_u64(statxbuf as *const c_void),
        );
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_unlinkat(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_unlinkat(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_UNLINKAT as c_int,
            sqe,
            dfd,
            path as *const c_void,
            0,
            0,
        );
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_unlink(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_unlink(
    sqe: *mut io_uring_sqe,
    path: *const c_char,
    flags: c_int,
) {
    unsafe { io_uring_prep_unlinkat(sqe, libc::AT_FDCWD, path, flags) };
}

/// liburing: `io_uring_prep_renameat(3)`: new dfd in len, new path in off.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_renameat(
    sqe: *mut io_uring_sqe,
    olddfd: c_int,
    oldpath: *const c_char,
    newdfd: c_int,
    newpath: *const c_char,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_RENAMEAT as c_int,
            sqe,
            olddfd,
            oldpath as *const c_void,
            newdfd as u32,
            uring_ptr_to_u64(newpath as *const c_void),
        );
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_rename(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_rename(
    sqe: *mut io_uring_sqe,
    oldpath: *const c_char,
    newpath: *const c_char,
) {
    unsafe { io_uring_prep_renameat(sqe, libc::AT_FDCWD, oldpath, libc::AT_FDCWD, newpath, 0) };
}

/// liburing: `io_uring_prep_mkdirat(3)`: mode in len.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_mkdirat(
    sqe: *mut io_uring_sqe,
    dfd: c_int,
    path: *const c_char,
    mode: libc::mode_t,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_MKDIRAT as c_int,
            sqe,
            dfd,
            path as *const c_void,
            mode,
            0,
        )
    };
}

/// liburing: `io_uring_prep_mkdir(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_mkdir(
    sqe: *mut io_uring_sqe,
    path: *const c_char,
    mode: libc::mode_t,
) {
    unsafe { io_uring_prep_mkdirat(sqe, libc::AT_FDCWD, path, mode) };
}

/// liburing: `io_uring_prep_symlinkat(3)`: target in addr, link path in off.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_symlinkat(
    sqe: *mut io_uring_sqe,
    target: *const c_char,
    newdirfd: c_int,
    linkpath: *const c_char,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_SYMLINKAT as c_int,
            sqe,
            newdirfd,
            target as *const c_void,
            0,
            uring_ptr_to_u64(linkpath as *const c_void),
        );
    }
}

/// liburing: `io_uring_prep_symlink(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_symlink(
    sqe: *mut io_uring_sqe,
    target: *const c_char,
    linkpath: *const c_char,
) {
    unsafe { io_uring_prep_symlinkat(sqe, target, libc::AT_FDCWD, linkpath) };
}

/// liburing: `io_uring_prep_linkat(3)`: new dfd in len, new path in off.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_linkat(
    sqe: *mut io_uring_sqe,
    olddfd: c_int,
    oldpath: *const c_char,
    newdfd: c_int,
    newpath: *const c_char,
    flags: c_int,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_LINKAT as c_int,
            sqe,
            olddfd,
            oldpath as *const c_void,
            newdfd as u32,
            uring_ptr_to_u64(newpath as *const c_void),
        );
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_link(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_link(
    sqe: *mut io_uring_sqe,
    oldpath: *const c_char,
    newpath: *const c_char,
    flags: c_int,
) {
    unsafe { io_uring_prep_linkat(sqe, libc::AT_FDCWD, oldpath, libc::AT_FDCWD, newpath, flags) };
}

/// liburing: `io_uring_prep_getxattr(3)`: fd 0, name in addr, value in off, path in addr3.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_getxattr(
    sqe: *mut io_uring_sqe,
    name: *const c_char,
    value: *mut c_char,
    path: *const c_char,
    len: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_GETXATTR as c_int,
            sqe,
            0,
            name as *const c_void,
            len,
            uring_ptr_to_u64(value as *const c_void),
        );
        (*sqe).set_addr3(uring_ptr_to_u64(path as *const c_void));
        (*sqe).set_op_flags(0);
    }
}

/// liburing: `io_uring_prep_setxattr(3)`: fd 0, name in addr, value in off, path in addr3.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_setxattr(
    sqe: *mut io_uring_sqe,
    name: *const c_char,
    value: *const c_char,
    path: *const c_char,
    flags: c_int,
    len: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_SETXATTR as c_int,
            sqe,
            0,
            name as *const c_void,
            len,
            uring_ptr_to_u64(value as *const c_void),
        );
        (*sqe).set_addr3(uring_ptr_to_u64(path as *const c_void));
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_fgetxattr(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fgetxattr(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    name: *const c_char,
    value: *mut c_char,
    len: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_FGETXATTR as c_int,
            sqe,
            fd,
            name as *const c_void,
            len,
            uring_ptr_to_u64(value as *const c_void),
        );
        (*sqe).set_op_flags(0);
    }
}

/// liburing: `io_uring_prep_fsetxattr(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fsetxattr(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    name: *const c_char,
    value: *const c_char,
    flags: c_int,
    len: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_FSETXATTR as c_int,
            sqe,
            fd,
            name as *const c_void,
            len,
            uring_ptr_to_u64(value as *const c_void),
        );
        (*sqe).set_op_flags(flags as u32);
    }
}

/// liburing: `io_uring_prep_splice(3)`: fd_out in fd, off_out in off, fd_in/off_in in
/// splice_fd_in/splice_off_in.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_splice(
    sqe: *mut io_uring_sqe,
    fd_in: c_int,
    off_in: i64,
    fd_out: c_int,
    off_out: i64,
    nbytes: c_uint,
    splice_flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_SPLICE as c_int,
            sqe,
            fd_out,
            null(),
            nbytes,
            off_out as u64,
        );
        (*sqe).set_splice_off_in(off_in as u64);
        (*sqe).set_splice_fd_in(fd_in);
        (*sqe).set_op_flags(splice_flags);
    }
}

/// liburing: `io_uring_prep_tee(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_tee(
    sqe: *mut io_uring_sqe,
    fd_in: c_int,
    fd_out: c_int,
    nbytes: c_uint,
    splice_flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_TEE as c_int, sqe, fd_out, null(), nbytes, 0);
        (*sqe).set_splice_off_in(0);
        (*sqe).set_splice_fd_in(fd_in);
        (*sqe).set_op_flags(splice_flags);
    }
}

/// liburing: `io_uring_prep_files_update(3)`: `nr_fds` fds into the fixed table at `offset`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_files_update(
    sqe: *mut io_uring_sqe,
    fds: *mut c_int,
    nr_fds: c_uint,
    offset: c_int,
) {
    unsafe {
        io_uring_prep_rw(
            IORING_OP_FILES_UPDATE as c_int,
            sqe,
            -1,
            fds as *const c_void,
            nr_fds,
            offset as u64,
        )
    };
}

/// liburing: `io_uring_prep_fixed_fd_install(3)`: `fd` is a fixed file index; sets sqe->flags
/// to IOSQE_FIXED_FILE (replacing any flags set before).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fixed_fd_install(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    flags: c_uint,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_FIXED_FD_INSTALL as c_int, sqe, fd, null(), 0, 0);
        (*sqe).flags = IOSQE_FIXED_FILE as u8;
        (*sqe).set_op_flags(flags);
    }
}

/// liburing: `io_uring_prep_pipe(3)`: the two new fds are written to `fds`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_pipe(
    sqe: *mut io_uring_sqe,
    fds: *mut c_int,
    pipe_flags: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_PIPE as c_int, sqe, 0, fds as *const c_void, 0, 0);
        (*sqe).set_op_flags(pipe_flags as u32);
    }
}

/// liburing: `io_uring_prep_pipe_direct(3)`: both ends into the fixed file table, from slot
/// `file_index` (or IORING_FILE_INDEX_ALLOC).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_pipe_direct(
    sqe: *mut io_uring_sqe,
    fds: *mut c_int,
    pipe_flags: c_int,
    file_index: c_uint,
) {
    unsafe {
        io_uring_prep_pipe(sqe, fds, pipe_flags);
        __io_uring_set_target_direct(sqe, file_index);
    }
}

/// liburing: `io_uring_prep_cmd_discard(3)`: BLOCK_URING_CMD_DISCARD of `nbytes` at `offset`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cmd_discard(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    offset: u64,
    nbytes: u64,
) {
    unsafe {
        __io_uring_prep_uring_cmd(
            sqe,
            IORING_OP_URING_CMD as c_int,
            BLOCK_URING_CMD_DISCARD,
            fd,
        );
        (*sqe).set_addr(offset);
        (*sqe).set_addr3(nbytes);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{bytes, fresh};
    use super::*;

    #[test]
    fn direct_open_alloc_keeps_the_alloc_marker() {
        let mut sqe = fresh();
        unsafe { io_uring_prep_openat_direct(&mut sqe, 3, null(), 0, 0, IORING_FILE_INDEX_ALLOC) };
        assert_eq!(sqe.file_index(), IORING_FILE_INDEX_ALLOC);
        unsafe { io_uring_prep_openat_direct(&mut sqe, 3, null(), 0, 0, 7) };
        assert_eq!(sqe.file_index(), 8);
    }

    #[test]
    fn files_update_sign_extends_the_offset_like_c() {
        let mut sqe = fresh();
        unsafe { io_uring_prep_files_update(&mut sqe, core::ptr::null_mut(), 1, -1) };
        assert_eq!(sqe.off(), u64::MAX);
    }

    #[test]
    fn splice_puts_the_input_side_in_the_splice_fields() {
        let mut sqe = fresh();
        unsafe { io_uring_prep_splice(&mut sqe, 5, -1, 6, 100, 4096, 1) };
        let b = bytes(&sqe);
        assert_eq!(sqe.fd, 6);
        assert_eq!(sqe.off(), 100);
        assert_eq!(sqe.splice_off_in(), u64::MAX);
        assert_eq!(&b[44..48], &5i32.to_le_bytes());
        assert_eq!(sqe.op_flags(), 1);
    }
}
