//! The remaining inline helpers of liburing 2.15's `liburing.h` that aren't SQE preparation:
//! SQ/CQ entry shifts, the SQ head load, `_io_uring_get_sqe` / `io_uring_get_sqe128`, and the
//! CQE skipping half of `__io_uring_peek_cqe`. The functions marked `c: inline` are also C
//! inline functions of include/liburing/inline.h (see build/inline_c.rs); the others are thin
//! wrappers over the `io_uring` methods of `submit` and `complete`.

use core::ffi::{c_int, c_uint};

use crate::complete::{io_uring_cq_advance, io_uring_cqe_nr};
use crate::ring::*;
use crate::uapi::*;

/// liburing: `io_uring_sqe_shift_from_flags`: 1 when `flags` has IORING_SETUP_SQE128.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_shift_from_flags(flags: c_uint) -> c_uint {
    (flags & IORING_SETUP_SQE128 != 0) as c_uint
}

/// liburing: `io_uring_sqe_shift`: log2 of an SQE's size in 64-byte units.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_shift(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring.
    unsafe { io_uring_sqe_shift_from_flags((*ring).flags) }
}

/// liburing: `io_uring_cqe_shift_from_flags`: 1 when `flags` has IORING_SETUP_CQE32.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_shift_from_flags(flags: c_uint) -> c_uint {
    (flags & IORING_SETUP_CQE32 != 0) as c_uint
}

/// liburing: `io_uring_cqe_shift`: log2 of a CQE's size in 16-byte units.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_shift(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring.
    unsafe { io_uring_cqe_shift_from_flags((*ring).flags) }
}

/// liburing: `io_uring_load_sq_head`: the kernel's SQ head. Always an acquire load: an SQPOLL
/// thread moves it concurrently, and without one it is a plain load on x86 anyway (liburing
/// tests the SQPOLL flag first; the branch costs more than it saves).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_load_sq_head(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring; khead points into its mapping.
    unsafe { load_acquire((*ring).sq.khead) }
}

/// liburing: `_io_uring_get_sqe`: what `io_uring_get_sqe(3)` does.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _io_uring_get_sqe(ring: *mut io_uring) -> *mut io_uring_sqe {
    // SAFETY: the caller passes an initialised ring.
    unsafe { crate::submit::io_uring_get_sqe(ring) }
}

/// liburing: `io_uring_get_sqe128(3)`: a 128-byte SQE. On SQE128 rings any SQE; on
/// IORING_SETUP_SQE_MIXED rings two adjacent slots (when only the last slot before the wrap is
/// free, it becomes a CQE_SKIP_SUCCESS nop and the SQE starts at slot 0); NULL on other rings
/// or when the SQ is full. The caller must use a 128-byte opcode.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_sqe128(ring: *mut io_uring) -> *mut io_uring_sqe {
    // SAFETY: the caller passes an initialised ring; slot indices are masked into the SQE
    // array, and the slots are ours until submitted.
    unsafe {
        if (*ring).flags & IORING_SETUP_SQE128 != 0 {
            return crate::submit::io_uring_get_sqe(ring);
        }
        if (*ring).flags & IORING_SETUP_SQE_MIXED == 0 {
            return core::ptr::null_mut();
        }
        let head: c_uint = io_uring_load_sq_head(ring);
        let mut tail: c_uint = (*ring).sq.sqe_tail;
        if tail.wrapping_add(1) & (*ring).sq.ring_mask == 0 {
            if tail.wrapping_add(2).wrapping_sub(head) >= (*ring).sq.ring_entries {
                return core::ptr::null_mut();
            }
            // the last slot before the wrap: a nop nobody sees the CQE of
            let pad: *mut io_uring_sqe = crate::submit::io_uring_get_sqe(ring);
            super::control::io_uring_prep_nop(pad);
            (*pad).flags |= IOSQE_CQE_SKIP_SUCCESS as u8;
            tail = (*ring).sq.sqe_tail;
        } else if tail.wrapping_add(1).wrapping_sub(head) >= (*ring).sq.ring_entries {
            return core::ptr::null_mut();
        }
        let sqe: *mut io_uring_sqe = (*ring).sq.sqes.add((tail & (*ring).sq.ring_mask) as usize);
        (*ring).sq.sqe_tail = tail.wrapping_add(2);
        super::io_uring_initialize_sqe(sqe);
        sqe
    }
}

/// Whether `cqe` belongs to the application, not to liburing: neither a padding CQE of a
/// CQE_MIXED ring (IORING_CQE_F_SKIP) nor the internal timeout CQE of timed waits on kernels
/// without IORING_FEAT_EXT_ARG. Not exported: C gets it from inline.h, under a reserved name.
/// c: inline
#[inline(always)]
pub(crate) unsafe fn __io_uring_cqe_for_app(
    ring: *const io_uring,
    cqe: *const io_uring_cqe,
) -> bool {
    // SAFETY: the caller passes a ring and one of its CQEs.
    unsafe {
        (*cqe).flags & IORING_CQE_F_SKIP == 0
            && ((*ring).features & IORING_FEAT_EXT_ARG != 0
                || (*cqe).user_data != LIBURING_UDATA_TIMEOUT)
    }
}

/// liburing: `io_uring_skip_cqe`: consume `cqe` when it is a padding CQE (IORING_CQE_F_SKIP) or
/// liburing's internal timeout CQE (kernels without IORING_FEAT_EXT_ARG; its error goes to
/// `*err`). Returns true when the caller should look at the next CQE.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_skip_cqe(
    ring: *mut io_uring,
    cqe: *mut io_uring_cqe,
    err: *mut c_int,
) -> bool {
    // SAFETY: the caller passes a ring, one of its CQEs and a writable err.
    unsafe {
        if __io_uring_cqe_for_app(ring, cqe) {
            return false;
        }
        if (*cqe).flags & IORING_CQE_F_SKIP == 0 && (*cqe).res < 0 {
            *err = (*cqe).res;
        }
        io_uring_cq_advance(ring, io_uring_cqe_nr(cqe));
        *err == 0
    }
}

/// liburing: `__io_uring_peek_cqe`: the first CQE that isn't liburing-internal (NULL if none)
/// into `*cqe_ptr`, the number of ready CQEs into `*nr_available` (may be NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_peek_cqe(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    nr_available: *mut c_uint,
) -> c_int {
    let mut available = 0;
    // SAFETY: the caller passes an initialised ring and a writable cqe_ptr.
    let (err, cqe) = unsafe { (*ring).peek_cqe_nr(&mut available) };
    unsafe {
        *cqe_ptr = cqe;
        if !nr_available.is_null() {
            *nr_available = available;
        }
    }
    err
}
