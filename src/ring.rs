//! `struct io_uring` and its two halves, laid out exactly as liburing 2.15 lays them out.
//!
//! Programs compiled against liburing (any version since 2.0) read and write these fields from
//! their own inline code, so every field keeps liburing's name, offset and meaning:
//! `sq.sqe_tail`/`sq.sqe_head` are the application's private SQ indices, `k*` fields point into
//! the kernel-shared ring mapping, `ring_mask`/`ring_entries` are cached copies of the kernel's.
//! The ring's geometry (SQE and CQE size shifts) is answered here; `submit` and `complete` build
//! on this module, and nothing here depends on them or on `prep`.

use core::ffi::c_uint;
use core::ffi::c_void;
use core::sync::atomic::{AtomicU32, Ordering};

use crate::uapi::{__u64, IORING_SETUP_CQE32, IORING_SETUP_SQE128, io_uring_cqe, io_uring_sqe};

/// liburing's `struct io_uring_sq` (104 bytes).
#[repr(C)]
#[derive(Debug)]
pub struct io_uring_sq {
    pub khead: *mut c_uint,
    pub ktail: *mut c_uint,
    /// Deprecated in liburing: use `ring_mask`.
    pub kring_mask: *mut c_uint,
    /// Deprecated in liburing: use `ring_entries`.
    pub kring_entries: *mut c_uint,
    pub kflags: *mut c_uint,
    pub kdropped: *mut c_uint,
    /// NULL when the ring was set up with IORING_SETUP_NO_SQARRAY.
    pub array: *mut c_uint,
    pub sqes: *mut io_uring_sqe,
    pub sqe_head: c_uint,
    pub sqe_tail: c_uint,
    pub ring_sz: usize,
    pub ring_ptr: *mut c_void,
    pub ring_mask: c_uint,
    pub ring_entries: c_uint,
    /// Size in bytes of the SQE array mapping (what `munmap` needs).
    pub sqes_sz: c_uint,
    pub pad: c_uint,
}

/// liburing's `struct io_uring_cq` (88 bytes).
#[repr(C)]
#[derive(Debug)]
pub struct io_uring_cq {
    pub khead: *mut c_uint,
    pub ktail: *mut c_uint,
    /// Deprecated in liburing: use `ring_mask`.
    pub kring_mask: *mut c_uint,
    /// Deprecated in liburing: use `ring_entries`.
    pub kring_entries: *mut c_uint,
    /// NULL on kernels without the CQ flags word (before 5.8).
    pub kflags: *mut c_uint,
    pub koverflow: *mut c_uint,
    pub cqes: *mut io_uring_cqe,
    pub ring_sz: usize,
    pub ring_ptr: *mut c_void,
    pub ring_mask: c_uint,
    pub ring_entries: c_uint,
    pub pad: [c_uint; 2],
}

/// liburing's `struct io_uring` (216 bytes): one ring, both queues.
#[repr(C)]
#[derive(Debug)]
pub struct io_uring {
    pub sq: io_uring_sq,
    pub cq: io_uring_cq,
    /// The IORING_SETUP_* flags the ring was created with.
    pub flags: c_uint,
    /// The ring's file descriptor, or -1 once closed with `io_uring_close_ring_fd`.
    pub ring_fd: core::ffi::c_int,
    /// IORING_FEAT_* flags reported by the kernel.
    pub features: c_uint,
    /// The registered ring fd index after `io_uring_register_ring_fd` (what `io_uring_enter`
    /// is then called on, see `enter_fd`), else `ring_fd`.
    pub enter_ring_fd: core::ffi::c_int,
    /// Library-private state (`INT_FLAG_*`).
    pub int_flags: u8,
    pub pad: [u8; 3],
    pub pad2: c_uint,
}

/// liburing 2.15's `struct io_uring_cqe_iter`, the state of `io_uring_for_each_cqe`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct io_uring_cqe_iter {
    pub cqes: *mut io_uring_cqe,
    pub mask: c_uint,
    pub shift: c_uint,
    pub head: c_uint,
    pub tail: c_uint,
}

/// liburing 2.15's `struct io_uring_zcrx_rq` (40 bytes): an application's view of a zero-copy
/// receive refill queue, filled from `io_uring_register_ifq`'s offsets. The library itself never
/// reads it; it is part of liburing.h's public types.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct io_uring_zcrx_rq {
    pub khead: *mut crate::uapi::__u32,
    pub ktail: *mut crate::uapi::__u32,
    pub rq_tail: crate::uapi::__u32,
    pub ring_entries: c_uint,
    pub rqes: *mut crate::uapi::io_uring_zcrx_rqe,
    pub ring_ptr: *mut c_void,
}

/// `int_flags` bits, with liburing's values (the registered-ring bit doubles as the enter flag).
pub const INT_FLAG_REG_RING: u8 = crate::uapi::IORING_ENTER_REGISTERED_RING as u8;
pub const INT_FLAG_REG_REG_RING: u8 = 1;
pub const INT_FLAG_APP_MEM: u8 = 2;
pub const INT_FLAG_CQ_ENTER: u8 = 4;
/// Set by `io_uring_set_iowait(ring, false)`; doubles as the enter flag, like REG_RING.
pub const INT_FLAG_NO_IOWAIT: u8 = crate::uapi::IORING_ENTER_NO_IOWAIT as u8;

/// user_data of liburing's internal timeout SQE; applications must not use it.
/// c: define
// Timed waits use it on kernels without IORING_FEAT_EXT_ARG. All ones, spelled as liburing's
// header spells it.
pub const LIBURING_UDATA_TIMEOUT: u64 = -1i64 as __u64;

/// Kernel limits liburing checks before asking the kernel.
pub const KERN_MAX_ENTRIES: u32 = 32768;
pub const KERN_MAX_CQ_ENTRIES: u32 = 2 * KERN_MAX_ENTRIES;

/// Size of the kernel's sigset_t (`_NSIG / 8`), passed along every signal mask.
pub const NSIG_BYTES: usize = 65 / 8;

/// Atomic views of the kernel-shared ring words.
///
/// # Safety
/// `p` must point into a live ring mapping.
#[inline(always)]
pub(crate) unsafe fn load_acquire(p: *const c_uint) -> u32 {
    unsafe { AtomicU32::from_ptr(p as *mut u32).load(Ordering::Acquire) }
}

#[inline(always)]
pub(crate) unsafe fn load_relaxed(p: *const c_uint) -> u32 {
    unsafe { AtomicU32::from_ptr(p as *mut u32).load(Ordering::Relaxed) }
}

#[inline(always)]
pub(crate) unsafe fn store_release(p: *mut c_uint, v: u32) {
    unsafe { AtomicU32::from_ptr(p).store(v, Ordering::Release) }
}

#[inline(always)]
pub(crate) unsafe fn store_relaxed(p: *mut c_uint, v: u32) {
    unsafe { AtomicU32::from_ptr(p).store(v, Ordering::Relaxed) }
}

impl io_uring {
    /// An all-zero ring, the state liburing leaves before setup fills it in.
    pub const fn zeroed() -> Self {
        // SAFETY: every field is an integer or a raw pointer; all-zero is valid for each.
        unsafe { core::mem::zeroed() }
    }

    #[inline(always)]
    pub(crate) fn has_flag(&self, setup_flag: u32) -> bool {
        self.flags & setup_flag != 0
    }

    /// log2 of an SQE's size in 64-byte units (1 on SQE128 rings).
    #[inline(always)]
    pub fn sqe_shift(&self) -> u32 {
        // SAFETY: reads `flags` only.
        unsafe { io_uring_sqe_shift(self) }
    }

    /// log2 of a CQE's size in 16-byte units (1 on CQE32 rings).
    #[inline(always)]
    pub fn cqe_shift(&self) -> u32 {
        // SAFETY: reads `flags` only.
        unsafe { io_uring_cqe_shift(self) }
    }

    /// The `io_uring_enter` flags every call carries: the registered ring fd, no-iowait.
    #[inline(always)]
    pub(crate) fn enter_flags(&self) -> u32 {
        (self.int_flags & (INT_FLAG_REG_RING | INT_FLAG_NO_IOWAIT)) as u32
    }

    /// The descriptor `io_uring_enter` is called on: the registered index when a ring fd is
    /// registered (INT_FLAG_REG_RING), else `ring_fd`. liburing 2.15 always enters through
    /// `enter_ring_fd`; programs built against liburing 2.0 and 2.1 have no such field (it was
    /// padding) and may replace `ring_fd` with a dup and close the original (liburing 2.0's
    /// test sq-poll-dup does), which only `ring_fd` follows. For current programs the two are
    /// equal unless a ring fd is registered.
    #[inline(always)]
    pub(crate) fn enter_fd(&self) -> core::ffi::c_int {
        if self.int_flags & INT_FLAG_REG_RING != 0 {
            self.enter_ring_fd
        } else {
            self.ring_fd
        }
    }

    /// The kernel's SQ flags word (IORING_SQ_NEED_WAKEUP, _CQ_OVERFLOW, _TASKRUN).
    #[inline(always)]
    pub(crate) fn sq_kflags(&self) -> u32 {
        // SAFETY: kflags points into the ring mapping for as long as the ring lives.
        unsafe { load_relaxed(self.sq.kflags) }
    }
}

// ---- C ABI ----

/// liburing: `io_uring_sqe_shift_from_flags`: the SQE size shift for ring setup flags.
///
/// Returns 1 when `flags` contains IORING_SETUP_SQE128 (SQEs are 128 bytes, two 64-byte units),
/// else 0. `io_uring_sqe_shift()` returns the same for `ring`'s flags;
/// `io_uring_cqe_shift_from_flags()` and `io_uring_cqe_shift()` return 1 when the flags contain
/// IORING_SETUP_CQE32 (CQEs are 32 bytes, two 16-byte units). Internal helpers of liburing's
/// header: an SQE index shifted left by the shift is its position in the SQE array.
///
/// # Return value
/// 0 or 1.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_shift_from_flags(flags: c_uint) -> c_uint {
    (flags & IORING_SETUP_SQE128 != 0) as c_uint
}

/// liburing: `io_uring_sqe_shift`: the SQE size shift of a ring.
/// man: io_uring_sqe_shift_from_flags
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqe_shift(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring.
    unsafe { io_uring_sqe_shift_from_flags((*ring).flags) }
}

/// liburing: `io_uring_cqe_shift_from_flags`: the CQE size shift for ring setup flags.
/// man: io_uring_sqe_shift_from_flags
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_shift_from_flags(flags: c_uint) -> c_uint {
    (flags & IORING_SETUP_CQE32 != 0) as c_uint
}

/// liburing: `io_uring_cqe_shift`: the CQE size shift of a ring.
/// man: io_uring_sqe_shift_from_flags
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_shift(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring.
    unsafe { io_uring_cqe_shift_from_flags((*ring).flags) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{offset_of, size_of};

    // liburing 2.15 on x86_64, as every 64-bit target; on 32-bit ones ctests/arch_layout.sh
    // compares the C header made from these structs with liburing's header.
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn ring_structs_have_liburing_layout() {
        assert_eq!(size_of::<io_uring>(), 216);
        assert_eq!(size_of::<io_uring_sq>(), 104);
        assert_eq!(size_of::<io_uring_cq>(), 88);
        assert_eq!(size_of::<io_uring_cqe_iter>(), 24);
        assert_eq!(size_of::<io_uring_zcrx_rq>(), 40);
        assert_eq!(offset_of!(io_uring_zcrx_rq, rq_tail), 16);
        assert_eq!(offset_of!(io_uring_zcrx_rq, ring_entries), 20);
        assert_eq!(offset_of!(io_uring_zcrx_rq, rqes), 24);
        assert_eq!(offset_of!(io_uring_zcrx_rq, ring_ptr), 32);
        assert_eq!(offset_of!(io_uring, cq), 104);
        assert_eq!(offset_of!(io_uring, flags), 192);
        assert_eq!(offset_of!(io_uring, ring_fd), 196);
        assert_eq!(offset_of!(io_uring, features), 200);
        assert_eq!(offset_of!(io_uring, enter_ring_fd), 204);
        assert_eq!(offset_of!(io_uring, int_flags), 208);
        assert_eq!(offset_of!(io_uring, pad2), 212);
        assert_eq!(offset_of!(io_uring_sq, sqe_head), 64);
        assert_eq!(offset_of!(io_uring_sq, ring_mask), 88);
        assert_eq!(offset_of!(io_uring_sq, sqes_sz), 96);
        assert_eq!(offset_of!(io_uring_cq, cqes), 48);
        assert_eq!(offset_of!(io_uring_cq, ring_mask), 72);
        assert_eq!(offset_of!(io_uring_cq, pad), 80);
    }

    #[test]
    fn registered_ring_flag_is_the_enter_flag() {
        assert_eq!(
            INT_FLAG_REG_RING as u32,
            crate::uapi::IORING_ENTER_REGISTERED_RING
        );
        assert_eq!(
            INT_FLAG_NO_IOWAIT as u32,
            crate::uapi::IORING_ENTER_NO_IOWAIT
        );
    }
}
