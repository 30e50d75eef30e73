//! SQE preparation helpers (the `io_uring_prep_*` and `io_uring_sqe_set_*` inline functions of
//! liburing's `liburing.h`), exported so C code calls them by the same names.
//!
//! Every helper follows one pattern: `get_sqe` has already cleared what helpers don't own
//! (see `submit::initialize_sqe`), `prep_rw` fills opcode, fd, addr, len and off, and the
//! helper then sets its op-specific words. Adding an opcode is one function here plus its test.

use core::ffi::{c_int, c_uint, c_void};

use crate::uapi::*;

/// liburing's `io_uring_prep_rw`: the five fields every operation uses.
#[inline(always)]
pub fn prep_rw(op: u32, sqe: &mut io_uring_sqe, fd: c_int, addr: *const c_void, len: u32, off: u64) {
    sqe.opcode = op as u8;
    sqe.fd = fd;
    sqe.set_off(off);
    sqe.set_addr(addr as u64);
    sqe.len = len;
}

/// `prep_rw` on a raw SQE pointer from C.
#[inline(always)]
fn rw(op: u32, sqe: *mut io_uring_sqe, fd: c_int, addr: *const c_void, len: u32, off: u64) -> &'static mut io_uring_sqe {
    // SAFETY: C callers pass an SQE obtained from io_uring_get_sqe.
    let sqe = unsafe { &mut *sqe };
    prep_rw(op, sqe, fd, addr, len, off);
    sqe
}

/// liburing: `io_uring_prep_rw`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_rw(op: c_int, sqe: *mut io_uring_sqe, fd: c_int, addr: *const c_void, len: c_uint, offset: __u64) {
    rw(op as u32, sqe, fd, addr, len, offset);
}

/// liburing: `io_uring_prep_nop(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_nop(sqe: *mut io_uring_sqe) {
    rw(IORING_OP_NOP, sqe, -1, core::ptr::null(), 0, 0);
}

/// liburing: `io_uring_prep_read(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_read(sqe: *mut io_uring_sqe, fd: c_int, buf: *mut c_void, nbytes: c_uint, offset: __u64) {
    rw(IORING_OP_READ, sqe, fd, buf, nbytes, offset);
}

/// liburing: `io_uring_prep_write(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_write(sqe: *mut io_uring_sqe, fd: c_int, buf: *const c_void, nbytes: c_uint, offset: __u64) {
    rw(IORING_OP_WRITE, sqe, fd, buf, nbytes, offset);
}

/// liburing: `io_uring_prep_readv(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_readv(sqe: *mut io_uring_sqe, fd: c_int, iovecs: *const libc::iovec, nr_vecs: c_uint, offset: __u64) {
    rw(IORING_OP_READV, sqe, fd, iovecs.cast(), nr_vecs, offset);
}

/// liburing: `io_uring_prep_writev(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_writev(sqe: *mut io_uring_sqe, fd: c_int, iovecs: *const libc::iovec, nr_vecs: c_uint, offset: __u64) {
    rw(IORING_OP_WRITEV, sqe, fd, iovecs.cast(), nr_vecs, offset);
}

/// liburing: `io_uring_sqe_set_data(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_data(sqe: *mut io_uring_sqe, data: *mut c_void) {
    // SAFETY: C callers pass a valid SQE.
    unsafe { (*sqe).user_data = data as u64 };
}

/// liburing: `io_uring_sqe_set_data64(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_data64(sqe: *mut io_uring_sqe, data: __u64) {
    // SAFETY: C callers pass a valid SQE.
    unsafe { (*sqe).user_data = data };
}

/// liburing: `io_uring_sqe_set_flags(3)`: IOSQE_* flags (the whole byte is replaced).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_flags(sqe: *mut io_uring_sqe, flags: c_uint) {
    // SAFETY: C callers pass a valid SQE.
    unsafe { (*sqe).flags = flags as u8 };
}

/// liburing: `io_uring_sqe_set_buf_group(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_buf_group(sqe: *mut io_uring_sqe, bgid: c_int) {
    // SAFETY: C callers pass a valid SQE.
    unsafe { (*sqe).set_buf_group(bgid as u16) };
}

/// liburing: `io_uring_cqe_get_data(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_get_data(cqe: *const io_uring_cqe) -> *mut c_void {
    // SAFETY: C callers pass a valid CQE.
    unsafe { (*cqe).user_data as *mut c_void }
}

/// liburing: `io_uring_cqe_get_data64(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_get_data64(cqe: *const io_uring_cqe) -> __u64 {
    // SAFETY: C callers pass a valid CQE.
    unsafe { (*cqe).user_data }
}
