//! SQE preparation helpers: every `io_uring_prep_*` and `io_uring_sqe_set_*` inline function of
//! liburing 2.15's `liburing.h`, exported so C code calls them by the same names.
//!
//! Every helper is marked `c: inline`: build.rs translates it (build/inline_c.rs) into the
//! `static inline` C function of include/liburing/inline.h that C programs compile in, so it is
//! written in the C-like subset the translator reads, and follows one pattern: `get_sqe` has
//! already cleared what helpers don't own (liburing 2.15's `io_uring_initialize_sqe`),
//! [`io_uring_prep_rw`] fills opcode, fd, addr, len and off, and the helper then sets its
//! op-specific words through the SQE setters (src/uapi/sqe.rs):
//!
//! ```ignore
//! unsafe {
//!     io_uring_prep_rw(IORING_OP_X as c_int, sqe, fd, addr as *const c_void, len, off);
//!     (*sqe).set_op_flags(flags as u32);
//! }
//! ```
//!
//! Variants call their base helper, as liburing's do (`io_uring_prep_open` is
//! `io_uring_prep_openat` at AT_FDCWD). Adding an opcode is one function in the family module
//! and its test in `ctests/prep_<family>.c`; build.rs derives the rest, the typed `Sqe` method of
//! the safe API included (HACKING.md, *Adding an io_uring operation*). Every `unsafe` block in
//! these modules relies on the helpers' one contract: `sqe` is a valid, writable SQE (from
//! `io_uring_get_sqe`).
//!
//! - [`files`]: read/write and friends, sync, fallocate/fadvise/madvise, open/close/statx, the
//!   *at path operations, xattrs, splice/tee, files_update, fixed_fd_install, pipe, cmd_discard;
//! - [`net`]: sockets, accept/connect/bind/listen, send/recv/sendmsg/recvmsg (+ zero copy,
//!   multishot, bundle), shutdown, socket uring_cmds;
//! - [`control`]: nop, timeouts, poll, cancel, msg_ring, futex, waitid, epoll, provided
//!   buffers, uring_cmd.
//!
//! The other inline helpers of liburing.h live with the data they read: SQE/CQE shifts in
//! `ring`, the SQ head, `get_sqe`/`get_sqe128` and `io_uring_initialize_sqe` in `submit`, CQE
//! skipping in `complete`. This module needs nothing of the ring but the SQE layout (`uapi`).
//!
//! The direct-descriptor helpers share [`__io_uring_set_target_fixed_file`] (file_index holds
//! `index + 1`, 0 means "not direct") through `__io_uring_set_target_direct`, which keeps
//! `IORING_FILE_INDEX_ALLOC` as is.

use core::ffi::{c_int, c_uint, c_void};

use crate::uapi::*;

pub mod control;
pub mod files;
pub mod net;
/// cbindgen:ignore
mod types;

pub use types::futex_waitv;

/// liburing's `io_uring_prep_rw` on a Rust reference: the five fields every operation uses.
// `addr` is only stored as an integer, never dereferenced.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
#[inline(always)]
pub fn prep_rw(
    op: u32,
    sqe: &mut io_uring_sqe,
    fd: c_int,
    addr: *const c_void,
    len: u32,
    off: u64,
) {
    // SAFETY: a valid SQE.
    unsafe { io_uring_prep_rw(op as c_int, sqe, fd, addr, len, off) }
}

/// The `*_direct` convention: fixed file slot `file_index` (stored as `index + 1`), except that
/// `IORING_FILE_INDEX_ALLOC` ("pick a free slot") is stored unchanged. Not exported: C gets it
/// from inline.h, under a reserved name.
/// man: __io_uring_set_target_fixed_file
/// c: inline
#[inline(always)]
pub(crate) unsafe fn __io_uring_set_target_direct(sqe: *mut io_uring_sqe, mut file_index: c_uint) {
    if file_index == IORING_FILE_INDEX_ALLOC {
        file_index -= 1;
    }
    // SAFETY: the caller passes a valid SQE.
    unsafe { __io_uring_set_target_fixed_file(sqe, file_index) };
}

// ---- C ABI ----

/// liburing: `io_uring_prep_rw`: fill the common fields of an SQE.
///
/// Sets the opcode `op`, the file descriptor `fd`, the address `addr`, the length `len` and the
/// offset `offset` of `sqe`: the fields almost every request uses; the `io_uring_prep_*` helpers
/// are written with it. An internal helper of liburing's header, exported as liburing-ffi
/// exports it.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_prep_rw(
    op: c_int,
    sqe: *mut io_uring_sqe,
    fd: c_int,
    addr: *const c_void,
    len: c_uint,
    offset: __u64,
) {
    // SAFETY: C callers pass an SQE obtained from io_uring_get_sqe.
    unsafe {
        (*sqe).opcode = op as u8;
        (*sqe).fd = fd;
        (*sqe).set_off(offset);
        (*sqe).set_addr(addr as usize as u64);
        (*sqe).len = len;
    }
}

/// liburing: `uring_ptr_to_u64`: a pointer as the 64-bit SQE fields hold it.
///
/// Returns `ptr` converted to an unsigned 64-bit integer, as the `addr`, `off` and `addr3` fields
/// of an SQE store addresses. An internal helper of liburing's header.
///
/// # Return value
/// The address as a `__u64`.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uring_ptr_to_u64(ptr: *const c_void) -> __u64 {
    ptr as usize as __u64
}

/// liburing: `__io_uring_set_target_fixed_file`: make a request's result a fixed file.
///
/// Stores `file_index + 1` in the SQE's `file_index` field (0 means "no fixed file"), so that
/// the file the request creates goes into that slot of the fixed file table.
/// `__io_uring_set_target_direct()` does the same for the `_direct` helpers, except that
/// IORING_FILE_INDEX_ALLOC ("pick a free slot") is stored unchanged. Internal helpers of
/// liburing's header.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_set_target_fixed_file(
    sqe: *mut io_uring_sqe,
    file_index: c_uint,
) {
    // SAFETY: C callers pass a valid SQE.
    unsafe { (*sqe).set_file_index(file_index.wrapping_add(1)) };
}

/// liburing: `io_uring_sqe_set_data(3)`: attach user data to a request.
///
/// `io_uring_sqe_set_data()` stores the pointer `data` in the `user_data` field of `sqe`, and
/// `io_uring_sqe_set_data64()` the 64-bit value `data`. The kernel copies it to the request's
/// completion, where `io_uring_cqe_get_data()` and `io_uring_cqe_get_data64()` read it back from
/// `cqe`: it is how an application tells its completions apart.
///
/// # Return value
/// `io_uring_cqe_get_data()`, `io_uring_cqe_get_data64()`: the user data of `cqe`.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_data(sqe: *mut io_uring_sqe, data: *mut c_void) {
    // SAFETY: C callers pass a valid SQE.
    unsafe { (*sqe).user_data = uring_ptr_to_u64(data) };
}

/// liburing: `io_uring_sqe_set_data64(3)`: attach a 64-bit value to a request.
/// man: io_uring_sqe_set_data
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_data64(sqe: *mut io_uring_sqe, data: __u64) {
    // SAFETY: C callers pass a valid SQE.
    unsafe { (*sqe).user_data = data };
}

/// liburing: `io_uring_sqe_set_flags(3)`: set the flags of a request.
///
/// Sets the IOSQE_* `flags` of `sqe`, replacing what was there: IOSQE_FIXED_FILE (`fd` is a
/// fixed file index), IOSQE_IO_DRAIN (start only after every earlier request completed),
/// IOSQE_IO_LINK and IOSQE_IO_HARDLINK (the next request starts after this one completes; with
/// a soft link, only if it succeeded), IOSQE_ASYNC (issue from a worker thread at once),
/// IOSQE_BUFFER_SELECT (take a buffer from a provided buffer group), IOSQE_CQE_SKIP_SUCCESS
/// (post no CQE when it succeeds).
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_flags(sqe: *mut io_uring_sqe, flags: c_uint) {
    // SAFETY: C callers pass a valid SQE.
    unsafe { (*sqe).flags = flags as u8 };
}

/// liburing: `io_uring_sqe_set_buf_group(3)`: the buffer group a request takes buffers from.
///
/// Stores the buffer group id `bgid` in `sqe`, for a request with IOSQE_BUFFER_SELECT (see
/// `io_uring_register_buf_ring(3)` and `io_uring_prep_provide_buffers(3)`).
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_set_buf_group(sqe: *mut io_uring_sqe, bgid: c_int) {
    // SAFETY: C callers pass a valid SQE.
    unsafe { (*sqe).set_buf_group(bgid as u16) };
}

/// liburing: `io_uring_cqe_get_data(3)`: the user data of a completion, as a pointer.
/// man: io_uring_sqe_set_data
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_get_data(cqe: *const io_uring_cqe) -> *mut c_void {
    // SAFETY: C callers pass a valid CQE.
    unsafe { (*cqe).user_data as usize as *mut c_void }
}

/// liburing: `io_uring_cqe_get_data64(3)`: the user data of a completion, as a 64-bit value.
/// man: io_uring_sqe_set_data
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_get_data64(cqe: *const io_uring_cqe) -> __u64 {
    // SAFETY: C callers pass a valid CQE.
    unsafe { (*cqe).user_data }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The 64 bytes of an SQE.
    pub(crate) fn bytes(sqe: &io_uring_sqe) -> [u8; 64] {
        // SAFETY: io_uring_sqe is 64 bytes of plain data.
        unsafe { core::mem::transmute_copy(sqe) }
    }

    /// An SQE as get_sqe leaves a slot whose previous contents were all 0xa5 bytes.
    pub(crate) fn fresh() -> io_uring_sqe {
        // SAFETY: any bit pattern is a valid io_uring_sqe.
        let mut sqe: io_uring_sqe = unsafe { core::mem::transmute([0xa5u8; 64]) };
        crate::submit::initialize_sqe(&mut sqe);
        sqe
    }

    #[test]
    fn direct_stores_index_plus_one_and_keeps_alloc() {
        let mut sqe = fresh();
        for (index, stored) in [
            (0, 1),
            (41, 42),
            (IORING_FILE_INDEX_ALLOC, IORING_FILE_INDEX_ALLOC),
        ] {
            unsafe { __io_uring_set_target_direct(&mut sqe, index) };
            assert_eq!(sqe.file_index(), stored);
        }
    }

    #[test]
    fn prep_rw_writes_the_five_fields_at_their_c_offsets() {
        let mut sqe = fresh();
        // a pointer is the low half of this on 32-bit targets
        let addr = 0x0102_0304_0506_0708u64 as usize;
        prep_rw(
            0x11,
            &mut sqe,
            0x2233_4455,
            addr as *const c_void,
            0x99aa_bbcc,
            0xdead_beef_f00d_cafe,
        );
        let b = bytes(&sqe);
        assert_eq!(b[0], 0x11);
        assert_eq!(&b[4..8], &0x2233_4455i32.to_ne_bytes());
        assert_eq!(&b[8..16], &0xdead_beef_f00d_cafeu64.to_ne_bytes());
        assert_eq!(&b[16..24], &(addr as u64).to_ne_bytes());
        assert_eq!(&b[24..28], &0x99aa_bbccu32.to_ne_bytes());
    }
}
