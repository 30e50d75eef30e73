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

/// `_IO(type, nr)` of `<asm/ioctl.h>`: an ioctl number that passes no data. Named as the C
/// macro, because the constants below are written into the C header as spelled here. Its
/// direction "none" is 0 in `<asm-generic/ioctl.h>`, but powerpc (like mips and sparc) has
/// its own: `_IOC_NONE` 1 at bit 29, so `_IO(0x12, 0)` is 0x20001200 there (the guest of
/// ppc64el caught the generic 0x1200 in `io_uring_prep_cmd_discard`: `ctests/inline_random`,
/// whose inline C takes the header's macro).
#[allow(non_snake_case)]
const fn _IO(ty: u32, nr: u32) -> u32 {
    const NONE: u32 = if cfg!(any(target_arch = "powerpc", target_arch = "powerpc64")) {
        1 << 29
    } else {
        0
    };
    NONE | (ty << 8) | nr
}

/// The block device uring_cmd of io_uring_prep_cmd_discard() (`<linux/fs.h>` on newer kernels).
/// c: define
pub const BLOCK_URING_CMD_DISCARD: u32 = _IO(0x12, 0);

/// ... and of io_uring_prep_cmd_zone_reset_all() (`<linux/blkdev.h>` on kernels that have it).
/// c: define
pub const BLOCK_URING_CMD_ZONE_RESET_ALL: u32 = _IO(0x12, 1);

/// liburing: `io_uring_prep_read(3)`: prepare a read or write request.
///
/// These helpers fill `sqe` with a read from, or a write to, the file descriptor `fd` (a fixed
/// file index when IOSQE_FIXED_FILE is set on the SQE), at file offset `offset`; an offset of
/// -1 means the current file position, as `read(2)` and `write(2)` use it (for files that have
/// one; sockets and pipes ignore the offset).
///
/// - `io_uring_prep_read()` and `io_uring_prep_write()` transfer `nbytes` bytes to or from `buf`
///   (IORING_OP_READ, IORING_OP_WRITE), like `pread(2)` and `pwrite(2)`.
/// - `io_uring_prep_readv()` and `io_uring_prep_writev()` use the `nr_vecs` buffers of `iovecs`
///   (IORING_OP_READV, IORING_OP_WRITEV), like `preadv(2)` and `pwritev(2)`;
///   `io_uring_prep_readv2()` and `io_uring_prep_writev2()` add the RWF_* `flags` of
///   `preadv2(2)` and `pwritev2(2)`.
/// - `io_uring_prep_read_fixed()` and `io_uring_prep_write_fixed()` use the registered buffer
///   `buf_index` (see `io_uring_register_buffers(3)`); `buf` and `nbytes` must lie inside it.
///   `io_uring_prep_readv_fixed()` and `io_uring_prep_writev_fixed()` use `iovecs` that point
///   into registered buffer `buf_index`, with RWF_* `flags`.
/// - `io_uring_prep_read_multishot()` reads repeatedly into buffers of the provided buffer group
///   `buf_group` (it sets IOSQE_BUFFER_SELECT, replacing the SQE's flags), posting a CQE with
///   IORING_CQE_F_MORE for each read until the file has no more data or an error occurs; it is
///   meant for pipes, sockets and other pollable files. `nbytes` 0 means the buffer's size.
///
/// The buffers must stay valid until the request completes (for the vectored variants the
/// `iovecs` array too, until the request has been submitted).
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's result, in the `res` field
/// of its CQE, is the number of bytes transferred, or a negative errno value; among them:
/// - `-EBADF`: `fd` is not open for reading (or writing), or the fixed file slot is empty.
/// - `-EFAULT`: a buffer lies outside the process's accessible memory, or outside the registered
///   buffer (fixed variants).
/// - `-EINVAL`: the file cannot be read or written this way (an O_DIRECT alignment mismatch, an
///   offset that is invalid for the file, unknown RWF_* flags, an unregistered `buf_index`).
/// - `-EAGAIN`: the file is non-blocking and no data (or room) is available (with RWF_NOWAIT).
/// - `-ENOBUFS`: (buffer selection, multishot) the buffer group has no buffer left.
/// - `-EOPNOTSUPP`: the file does not support the operation (multishot on a file that cannot be
///   polled).
/// - `-EIO`, `-ENOSPC`, `-EFBIG`, `-EPIPE`, `-EINTR`: as `read(2)` and `write(2)` report them.
/// - `-ECANCELED`: the request was cancelled (`io_uring_prep_cancel(3)`, or a failed request
///   earlier in its link).
///
/// # See also
/// `io_uring_get_sqe(3)`, `io_uring_submit(3)`, `io_uring_register_buffers(3)`, `read(2)`,
/// `write(2)`, `preadv2(2)`, `pwritev2(2)`
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

/// liburing: `io_uring_prep_write(3)`: prepare a write request.
/// man: io_uring_prep_read
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

/// liburing: `io_uring_prep_readv(3)`: prepare a vectored read request.
/// man: io_uring_prep_read
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

/// liburing: `io_uring_prep_writev(3)`: prepare a vectored write request.
/// man: io_uring_prep_read
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

/// liburing: `io_uring_prep_readv2(3)`: prepare a vectored read request with RWF_* flags.
/// man: io_uring_prep_read
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

/// liburing: `io_uring_prep_writev2(3)`: prepare a vectored write request with RWF_* flags.
/// man: io_uring_prep_read
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

/// liburing: `io_uring_prep_read_fixed(3)`: prepare a read into a registered buffer.
/// man: io_uring_prep_read
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

/// liburing: `io_uring_prep_write_fixed(3)`: prepare a write from a registered buffer.
/// man: io_uring_prep_read
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

/// liburing: `io_uring_prep_readv_fixed(3)`: prepare a vectored read into a registered buffer.
/// man: io_uring_prep_read
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

/// liburing: `io_uring_prep_writev_fixed(3)`: prepare a vectored write from a registered buffer.
/// man: io_uring_prep_read
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

/// liburing: `io_uring_prep_read_multishot(3)`: prepare a multishot read into provided buffers.
/// man: io_uring_prep_read
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

/// liburing: `io_uring_prep_fsync(3)`: prepare a file sync request.
///
/// `io_uring_prep_fsync()` prepares an `fsync(2)` of `fd` (IORING_OP_FSYNC); with
/// IORING_FSYNC_DATASYNC in `fsync_flags` it is an `fdatasync(2)`.
/// `io_uring_prep_sync_file_range()` prepares a `sync_file_range(2)` of `len` bytes at `offset`
/// with its SYNC_FILE_RANGE_* `flags` (IORING_OP_SYNC_FILE_RANGE).
///
/// A sync does not order itself after writes submitted before it: link it behind them
/// (IOSQE_IO_LINK) or wait for their completions first.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value: `-EBADF` (`fd` is not open), `-EINVAL` (unknown flags, or a file that
/// cannot be synced), `-EIO`, `-ENOSPC`, `-EDQUOT` (as `fsync(2)` reports them), `-ECANCELED`.
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

/// liburing: `io_uring_prep_sync_file_range(3)`: prepare a sync_file_range request.
/// man: io_uring_prep_fsync
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

/// liburing: `io_uring_prep_fallocate(3)`: prepare an fallocate or ftruncate request.
///
/// `io_uring_prep_fallocate()` prepares an `fallocate(2)` of `len` bytes at `offset` of `fd`
/// with its FALLOC_FL_* `mode` (IORING_OP_FALLOCATE). `io_uring_prep_ftruncate()` prepares an
/// `ftruncate(2)` of `fd` to `len` bytes (IORING_OP_FTRUNCATE, Linux 6.9).
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value, as `fallocate(2)` and `ftruncate(2)` report them: `-EBADF`, `-EINVAL`,
/// `-EFBIG`, `-ENOSPC`, `-EOPNOTSUPP` (the file system does not support the mode), `-EPERM`,
/// `-ETXTBSY`, `-EIO`, `-ECANCELED`.
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

/// liburing: `io_uring_prep_fadvise(3)`: prepare a file or memory advice request.
///
/// `io_uring_prep_fadvise()` prepares a `posix_fadvise(2)` of `fd` for `len` bytes at `offset`
/// with the POSIX_FADV_* `advice` (IORING_OP_FADVISE); `io_uring_prep_fadvise64()` takes a
/// 64-bit length. `io_uring_prep_madvise()` prepares an `madvise(2)` of the `length` bytes at
/// `addr` with the MADV_* `advice` (IORING_OP_MADVISE); `io_uring_prep_madvise64()` takes a
/// 64-bit length.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value: `-EBADF` (`fd` is not open), `-EINVAL` (unknown advice, or a range
/// that is not valid), `-ESPIPE` (`fd` is a pipe), `-ENOMEM` (the range is not mapped),
/// `-ECANCELED`.
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

/// liburing: `io_uring_prep_fadvise64(3)`: prepare a file advice request with a 64-bit length.
/// man: io_uring_prep_fadvise
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_fadvise64(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    offset: __u64,
    len: off_t,
    advice: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_FADVISE as c_int, sqe, fd, null(), 0, offset);
        (*sqe).set_addr(len as u64);
        (*sqe).set_op_flags(advice as u32);
    }
}

/// liburing: `io_uring_prep_madvise(3)`: prepare a memory advice request.
/// man: io_uring_prep_fadvise
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

/// liburing: `io_uring_prep_madvise64(3)`: prepare a memory advice request with a 64-bit length.
/// man: io_uring_prep_fadvise
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_madvise64(
    sqe: *mut io_uring_sqe,
    addr: *mut c_void,
    length: off_t,
    advice: c_int,
) {
    unsafe {
        io_uring_prep_rw(IORING_OP_MADVISE as c_int, sqe, -1, addr, 0, length as u64);
        (*sqe).set_op_flags(advice as u32);
    }
}

/// liburing: `io_uring_prep_ftruncate(3)`: prepare an ftruncate request.
/// man: io_uring_prep_fallocate
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_ftruncate(
    sqe: *mut io_uring_sqe,
    fd: c_int,
    len: libc::loff_t,
) {
    unsafe { io_uring_prep_rw(IORING_OP_FTRUNCATE as c_int, sqe, fd, null(), 0, len as u64) };
}

/// liburing: `io_uring_prep_openat(3)`: prepare an open request.
///
/// `io_uring_prep_openat()` prepares an `openat(2)` of `path` relative to the directory `dfd`
/// with the O_* `flags` and `mode` (IORING_OP_OPENAT); `io_uring_prep_open()` is relative to
/// the current directory (AT_FDCWD). `io_uring_prep_openat2()` prepares an `openat2(2)` with the
/// `struct open_how` `how` (IORING_OP_OPENAT2).
///
/// The `_direct` variants open into the fixed file table instead of the process's file table:
/// into slot `file_index`, or into a free slot chosen by the kernel when `file_index` is
/// IORING_FILE_INDEX_ALLOC (see `io_uring_register_file_alloc_range(3)`). The new file is then
/// used with IOSQE_FIXED_FILE.
///
/// `path` (and `how`) must stay valid until the request has been submitted.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the new file
/// descriptor (0 for a `_direct` variant with a given slot, the slot number with
/// IORING_FILE_INDEX_ALLOC), or a negative errno value: those of `openat(2)` and `openat2(2)`,
/// such as `-ENOENT`, `-EACCES`, `-EEXIST`, `-EISDIR`, `-EMFILE`, `-ENAMETOOLONG`, `-ELOOP`,
/// `-EINVAL`; and for the `_direct` variants `-ENXIO` (no fixed file table is registered),
/// `-EINVAL` (`file_index` is outside the table) and `-ENFILE` (no free slot); `-ECANCELED`.
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

/// liburing: `io_uring_prep_openat_direct(3)`: prepare an open into the fixed file table.
/// man: io_uring_prep_openat
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

/// liburing: `io_uring_prep_open(3)`: prepare an open request relative to the current directory.
/// man: io_uring_prep_openat
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

/// liburing: `io_uring_prep_open_direct(3)`: prepare an open into the fixed file table.
/// man: io_uring_prep_openat
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

/// liburing: `io_uring_prep_openat2(3)`: prepare an openat2 request.
/// man: io_uring_prep_openat
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

/// liburing: `io_uring_prep_openat2_direct(3)`: prepare an openat2 into the fixed file table.
/// man: io_uring_prep_openat
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

/// liburing: `io_uring_prep_close(3)`: prepare a close request.
///
/// `io_uring_prep_close()` prepares a `close(2)` of `fd` (IORING_OP_CLOSE).
/// `io_uring_prep_close_direct()` empties slot `file_index` of the fixed file table instead.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value: `-EBADF` (`fd` is not open, or is an io_uring file descriptor, which
/// cannot be closed this way), `-ENXIO` (no fixed file table), `-EINVAL` (`file_index` outside
/// the table), `-EINTR`, `-EIO`, `-ECANCELED`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_close(sqe: *mut io_uring_sqe, fd: c_int) {
    unsafe { io_uring_prep_rw(IORING_OP_CLOSE as c_int, sqe, fd, null(), 0, 0) };
}

/// liburing: `io_uring_prep_close_direct(3)`: prepare the removal of a fixed file.
/// man: io_uring_prep_close
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_close_direct(sqe: *mut io_uring_sqe, file_index: c_uint) {
    unsafe {
        io_uring_prep_close(sqe, 0);
        __io_uring_set_target_fixed_file(sqe, file_index);
    }
}

/// liburing: `io_uring_prep_statx(3)`: prepare a statx request.
///
/// Prepares a `statx(2)` of `path` relative to `dfd` with the AT_* `flags` and the STATX_*
/// `mask`, storing the result in `statxbuf` (IORING_OP_STATX). `path` must stay valid until the
/// request has been submitted, `statxbuf` until it completes.
///
/// # Errors
/// This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value, as `statx(2)` reports them: `-ENOENT`, `-EACCES`, `-EBADF`, `-EFAULT`,
/// `-EINVAL`, `-ENOTDIR`, `-ELOOP`, `-ENAMETOOLONG`, `-ENOMEM`, `-ECANCELED`.
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

/// liburing: `io_uring_prep_unlinkat(3)`: prepare a path operation: unlink, rename, mkdir or link.
///
/// These helpers prepare the path operations of the same names, each relative to a directory
/// file descriptor (`AT_FDCWD` for the current directory) or, for the variants without `at`,
/// to the current directory:
///
/// - `io_uring_prep_unlinkat()`, `io_uring_prep_unlink()`: `unlinkat(2)` of `path` with
///   `flags` (AT_REMOVEDIR removes a directory) (IORING_OP_UNLINKAT);
/// - `io_uring_prep_renameat()`, `io_uring_prep_rename()`: `renameat2(2)` of `oldpath` to
///   `newpath` with RENAME_* `flags` (IORING_OP_RENAMEAT);
/// - `io_uring_prep_mkdirat()`, `io_uring_prep_mkdir()`: `mkdirat(2)` of `path` with `mode`
///   (IORING_OP_MKDIRAT);
/// - `io_uring_prep_symlinkat()`, `io_uring_prep_symlink()`: `symlinkat(2)` creating
///   `linkpath` pointing at `target` (IORING_OP_SYMLINKAT);
/// - `io_uring_prep_linkat()`, `io_uring_prep_link()`: `linkat(2)` of `oldpath` to `newpath`
///   with AT_* `flags` (IORING_OP_LINKAT).
///
/// The paths must stay valid until the request has been submitted.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value, as the system calls report them: `-ENOENT`, `-EEXIST`, `-EACCES`,
/// `-EPERM`, `-ENOTDIR`, `-EISDIR`, `-ENOTEMPTY`, `-EXDEV`, `-EBUSY`, `-EROFS`, `-ENOSPC`,
/// `-ELOOP`, `-ENAMETOOLONG`, `-EBADF`, `-EINVAL`, `-ECANCELED`.
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

/// liburing: `io_uring_prep_unlink(3)`: prepare an unlink request.
/// man: io_uring_prep_unlinkat
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_unlink(
    sqe: *mut io_uring_sqe,
    path: *const c_char,
    flags: c_int,
) {
    unsafe { io_uring_prep_unlinkat(sqe, libc::AT_FDCWD, path, flags) };
}

/// liburing: `io_uring_prep_renameat(3)`: prepare a renameat request.
/// man: io_uring_prep_unlinkat
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

/// liburing: `io_uring_prep_rename(3)`: prepare a rename request.
/// man: io_uring_prep_unlinkat
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_rename(
    sqe: *mut io_uring_sqe,
    oldpath: *const c_char,
    newpath: *const c_char,
) {
    unsafe { io_uring_prep_renameat(sqe, libc::AT_FDCWD, oldpath, libc::AT_FDCWD, newpath, 0) };
}

/// liburing: `io_uring_prep_mkdirat(3)`: prepare a mkdirat request.
/// man: io_uring_prep_unlinkat
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

/// liburing: `io_uring_prep_mkdir(3)`: prepare a mkdir request.
/// man: io_uring_prep_unlinkat
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_mkdir(
    sqe: *mut io_uring_sqe,
    path: *const c_char,
    mode: libc::mode_t,
) {
    unsafe { io_uring_prep_mkdirat(sqe, libc::AT_FDCWD, path, mode) };
}

/// liburing: `io_uring_prep_symlinkat(3)`: prepare a symlinkat request.
/// man: io_uring_prep_unlinkat
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

/// liburing: `io_uring_prep_symlink(3)`: prepare a symlink request.
/// man: io_uring_prep_unlinkat
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_symlink(
    sqe: *mut io_uring_sqe,
    target: *const c_char,
    linkpath: *const c_char,
) {
    unsafe { io_uring_prep_symlinkat(sqe, target, libc::AT_FDCWD, linkpath) };
}

/// liburing: `io_uring_prep_linkat(3)`: prepare a linkat request.
/// man: io_uring_prep_unlinkat
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

/// liburing: `io_uring_prep_link(3)`: prepare a link request.
/// man: io_uring_prep_unlinkat
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

/// liburing: `io_uring_prep_getxattr(3)`: prepare an extended attribute request.
///
/// `io_uring_prep_getxattr()` and `io_uring_prep_setxattr()` prepare a `getxattr(2)` or
/// `setxattr(2)` of the attribute `name` of the file `path`; `io_uring_prep_fgetxattr()` and
/// `io_uring_prep_fsetxattr()` of the open file `fd`. The value is `value`, of `len` bytes;
/// `flags` are XATTR_CREATE or XATTR_REPLACE for the set variants (IORING_OP_GETXATTR,
/// IORING_OP_SETXATTR, IORING_OP_FGETXATTR, IORING_OP_FSETXATTR).
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the value's
/// size (get) or 0 (set), or a negative errno value, as the system calls report them:
/// `-ENODATA` (no such attribute), `-ERANGE` (`len` is too small), `-EEXIST`, `-ENOTSUP`,
/// `-E2BIG`, `-ENOSPC`, `-EDQUOT`, `-EACCES`, `-EPERM`, `-ENOENT`, `-EBADF`, `-ECANCELED`.
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

/// liburing: `io_uring_prep_setxattr(3)`: prepare a setxattr request.
/// man: io_uring_prep_getxattr
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

/// liburing: `io_uring_prep_fgetxattr(3)`: prepare an fgetxattr request.
/// man: io_uring_prep_getxattr
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

/// liburing: `io_uring_prep_fsetxattr(3)`: prepare an fsetxattr request.
/// man: io_uring_prep_getxattr
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

/// liburing: `io_uring_prep_splice(3)`: prepare a splice or tee request.
///
/// `io_uring_prep_splice()` prepares a `splice(2)` of `nbytes` bytes from `fd_in` at `off_in`
/// to `fd_out` at `off_out` (-1 for a pipe end, or for the file's current position), with
/// SPLICE_F_* `splice_flags` (IORING_OP_SPLICE); with SPLICE_F_FD_IN_FIXED in `splice_flags`,
/// `fd_in` is a fixed file index. `io_uring_prep_tee()` prepares a `tee(2)` between two pipes
/// (IORING_OP_TEE).
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the number of
/// bytes moved, or a negative errno value, as `splice(2)` and `tee(2)` report them: `-EBADF`,
/// `-EINVAL` (neither end is a pipe, an offset given for a pipe), `-ESPIPE`, `-ENOMEM`,
/// `-EAGAIN`, `-ECANCELED`.
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

/// liburing: `io_uring_prep_tee(3)`: prepare a tee request.
/// man: io_uring_prep_splice
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

/// liburing: `io_uring_prep_files_update(3)`: prepare an update of the fixed file table.
///
/// Prepares the update of `nr_fds` slots of the fixed file table from `offset` with the file
/// descriptors `fds` (IORING_OP_FILES_UPDATE), as `io_uring_register_files_update(3)` does, but as
/// a request. With IORING_FILE_INDEX_ALLOC as `offset`, each file goes into a free slot and its
/// slot number is written back into `fds`.
///
/// # Errors
/// This helper only fills in the SQE and cannot fail. The request's CQE `res` is the number of
/// slots updated, or a negative errno value: `-ENXIO` (no fixed file table), `-EINVAL` (slots
/// outside the table), `-EBADF` (an fd that is not open), `-EFAULT`, `-ENFILE` (no free slot),
/// `-ECANCELED`.
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

/// liburing: `io_uring_prep_fixed_fd_install(3)`: prepare installing a fixed file as a normal fd.
///
/// Prepares the installation of fixed file `fd` (an index into the fixed file table) into the
/// process's file table (IORING_OP_FIXED_FD_INSTALL, Linux 6.8); `flags` may be
/// IORING_FIXED_FD_NO_CLOEXEC (the new descriptor is close-on-exec by default). It sets the
/// SQE's flags to IOSQE_FIXED_FILE, replacing what was set before.
///
/// # Errors
/// This helper only fills in the SQE and cannot fail. The request's CQE `res` is the new file
/// descriptor, or a negative errno value: `-EBADF` (the slot is empty), `-EINVAL` (unknown
/// flags, or the SQE lacks IOSQE_FIXED_FILE), `-EMFILE`, `-ECANCELED`.
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

/// liburing: `io_uring_prep_pipe(3)`: prepare a pipe creation request.
///
/// `io_uring_prep_pipe()` prepares a `pipe2(2)` with O_* `pipe_flags` (IORING_OP_PIPE, Linux
/// 6.16); the two new file descriptors are written to `fds`. `io_uring_prep_pipe_direct()`
/// puts both ends into the fixed file table, from slot `file_index` (or free slots with
/// IORING_FILE_INDEX_ALLOC), and writes their slot numbers to `fds`.
///
/// # Errors
/// These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value: `-EMFILE`, `-ENFILE`, `-EFAULT` (`fds` is not writable), `-EINVAL`
/// (unknown flags), `-ENXIO` (no fixed file table), `-ECANCELED`.
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

/// liburing: `io_uring_prep_pipe_direct(3)`: prepare a pipe creation into the fixed file table.
/// man: io_uring_prep_pipe
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

/// liburing: `io_uring_prep_cmd_discard(3)`: prepare a block device discard.
///
/// Prepares a discard of `nbytes` bytes at `offset` of the block device `fd`, as the ioctl
/// BLKDISCARD does, as a uring_cmd (BLOCK_URING_CMD_DISCARD, Linux 6.12).
///
/// # Errors
/// This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value: `-EINVAL` (the range is not aligned to the device's sectors or lies
/// beyond it), `-EOPNOTSUPP` (the device does not support discard, or `fd` is not a block
/// device), `-EBADF` (`fd` is not open for writing), `-ECANCELED`.
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

/// liburing: `io_uring_prep_cmd_zone_reset_all(3)`: prepare a reset of all zones of a zoned
/// block device.
///
/// Prepares a reset of every sequential-write-required zone of the zoned block device `fd`, as a
/// uring_cmd (BLOCK_URING_CMD_ZONE_RESET_ALL). The command does not synchronize with other
/// requests on the device and invalidates the device's page cache only as far as it can: no
/// other request may read or write the zones meanwhile.
///
/// # Return value
/// None.
///
/// # Errors
/// This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
/// negative errno value:
/// - `-EINVAL`, `-EOPNOTSUPP`: the kernel does not know the command, or `fd` is not a zoned
///   block device.
/// - `-EBADF`: `fd` is not open for writing.
/// - `-ECANCELED`: the request was cancelled.
///
/// # Notes
/// Upstream liburing added this helper after 2.15 (commit fae20287f440, node `LIBURING_2.16` of
/// liburing-ffi); liburing 2.15 has no such function.
///
/// # See also
/// `io_uring_prep_cmd_discard(3)`, `io_uring_prep_uring_cmd(3)`, `io_uring_get_sqe(3)`
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_cmd_zone_reset_all(sqe: *mut io_uring_sqe, fd: c_int) {
    unsafe {
        super::control::io_uring_prep_uring_cmd(sqe, BLOCK_URING_CMD_ZONE_RESET_ALL as c_int, fd)
    };
}

#[cfg(test)]
mod tests {
    use super::super::tests::{bytes, fresh};
    use super::*;

    #[test]
    fn zone_reset_all_is_a_block_uring_cmd_with_nothing_else_set() {
        let mut sqe = fresh();
        unsafe { io_uring_prep_cmd_zone_reset_all(&mut sqe, 5) };
        assert_eq!(u32::from(sqe.opcode), IORING_OP_URING_CMD);
        assert_eq!((sqe.fd, sqe.cmd_op()), (5, 0x1201));
        // the same SQE as a plain uring_cmd of that cmd_op: only opcode, fd and cmd_op set
        let mut plain = fresh();
        unsafe { crate::prep::control::io_uring_prep_uring_cmd(&mut plain, 0x1201, 5) };
        assert_eq!(bytes(&sqe), bytes(&plain));
        assert_eq!(
            (sqe.len, sqe.addr(), sqe.addr3(), sqe.op_flags()),
            (0, 0, 0, 0)
        );
    }

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

#[cfg(test)]
mod ioctl_tests {
    use super::*;

    /// The kernel's `_IO(0x12, 0)` on this target: `_IOC_NONE` is 1 at bit 29 on powerpc, 0
    /// in asm-generic (x86, ARM, s390x, RISC-V).
    #[test]
    fn block_uring_cmds_are_the_kernels_io_numbers() {
        let none = if cfg!(any(target_arch = "powerpc", target_arch = "powerpc64")) {
            0x2000_0000
        } else {
            0
        };
        assert_eq!(BLOCK_URING_CMD_DISCARD, none | 0x1200);
        assert_eq!(BLOCK_URING_CMD_ZONE_RESET_ALL, none | 0x1201);
    }
}
