//! The submission side: handing out SQEs and telling the kernel about them (liburing's
//! `queue.c` submit half and the SQ inline helpers of `liburing.h`).

use core::ffi::{c_int, c_uint, c_void};
use core::ptr;
use core::sync::atomic::{Ordering, fence};

use crate::prep::control::io_uring_prep_nop;
use crate::ring::*;
use crate::syscall;
use crate::uapi::*;

impl io_uring {
    /// liburing's `io_uring_get_sqe`: the next free SQE with the fields prep helpers don't
    /// set cleared, or NULL when the SQ is full.
    #[inline]
    pub(crate) fn get_sqe(&mut self) -> *mut io_uring_sqe {
        // SAFETY: an initialised ring.
        unsafe { io_uring_get_sqe(self) }
    }

    /// liburing's `io_uring_sq_ready`: SQEs prepared but not yet consumed by the kernel.
    #[inline]
    pub(crate) fn sq_ready(&self) -> u32 {
        // SAFETY: an initialised ring.
        unsafe { io_uring_sq_ready(self) }
    }

    /// liburing's `io_uring_sq_space_left`.
    #[inline]
    pub(crate) fn sq_space_left(&self) -> u32 {
        // SAFETY: an initialised ring.
        unsafe { io_uring_sq_space_left(self) }
    }

    /// Publish prepared SQEs to the kernel by moving the shared tail; returns how many
    /// the kernel has not consumed yet (liburing's `__io_uring_flush_sq`).
    #[inline]
    pub(crate) fn flush_sq(&mut self) -> u32 {
        let tail = self.sq.sqe_tail;
        if self.sq.sqe_head != tail {
            self.sq.sqe_head = tail;
            // SAFETY: ktail points into the live ring mapping. Release orders the SQE writes
            // before the tail for an SQPOLL thread; without one it costs nothing on x86.
            unsafe { store_release(self.sq.ktail, tail) };
        }
        // SAFETY: as above; the kernel only ever advances khead.
        tail.wrapping_sub(unsafe { load_relaxed(self.sq.khead) })
    }

    /// Whether submitting `submit` entries needs io_uring_enter, adding SQ_WAKEUP to `flags`
    /// when an idle SQPOLL thread must be woken.
    #[inline]
    pub(crate) fn sq_needs_enter(&self, submit: u32, flags: &mut u32) -> bool {
        if submit == 0 {
            return false;
        }
        if !self.has_flag(IORING_SETUP_SQPOLL) {
            return true;
        }
        // The kernel must see the new tail before we read its NEED_WAKEUP flag.
        fence(Ordering::SeqCst);
        if self.sq_kflags() & IORING_SQ_NEED_WAKEUP != 0 {
            *flags |= IORING_ENTER_SQ_WAKEUP;
            return true;
        }
        false
    }

    /// Completions are stuck in the kernel (overflowed, or task work pending) and only an
    /// enter with GETEVENTS brings them into the CQ ring.
    #[inline]
    pub(crate) fn cq_needs_flush(&self) -> bool {
        self.sq_kflags() & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN) != 0
    }

    #[inline]
    pub(crate) fn cq_needs_enter(&self) -> bool {
        self.int_flags & INT_FLAG_CQ_ENTER != 0 || self.cq_needs_flush()
    }

    /// liburing's `__io_uring_submit`.
    #[inline]
    fn submit_flushed(&mut self, submitted: u32, wait_nr: u32, getevents: bool) -> c_int {
        let cq_enter = getevents || wait_nr != 0 || self.cq_needs_enter();
        let mut flags = 0;
        if self.sq_needs_enter(submitted, &mut flags) || cq_enter {
            if cq_enter {
                flags |= IORING_ENTER_GETEVENTS;
            }
            flags |= self.enter_flags();
            // SAFETY: no argument is passed.
            unsafe {
                syscall::enter(
                    self.enter_ring_fd,
                    submitted,
                    wait_nr,
                    flags,
                    ptr::null(),
                    NSIG_BYTES,
                )
            }
        } else {
            submitted as c_int
        }
    }

    /// liburing's `io_uring_submit`.
    #[inline]
    pub(crate) fn submit(&mut self) -> c_int {
        let n = self.flush_sq();
        self.submit_flushed(n, 0, false)
    }

    /// liburing's `io_uring_submit_and_wait`.
    pub(crate) fn submit_and_wait(&mut self, wait_nr: u32) -> c_int {
        let n = self.flush_sq();
        self.submit_flushed(n, wait_nr, false)
    }

    /// liburing's `io_uring_submit_and_get_events`.
    pub(crate) fn submit_and_get_events(&mut self) -> c_int {
        let n = self.flush_sq();
        self.submit_flushed(n, 0, true)
    }

    /// liburing's `io_uring_get_events`: flush overflowed completions and run task work.
    pub(crate) fn get_events(&mut self) -> c_int {
        let flags = IORING_ENTER_GETEVENTS | self.enter_flags();
        // SAFETY: no argument is passed.
        unsafe { syscall::enter(self.enter_ring_fd, 0, 0, flags, ptr::null(), NSIG_BYTES) }
    }

    fn sqring_wait_enter(&mut self) -> c_int {
        let flags = IORING_ENTER_SQ_WAIT | self.enter_flags();
        // SAFETY: no argument is passed.
        unsafe { syscall::enter(self.enter_ring_fd, 0, 0, flags, ptr::null(), NSIG_BYTES) }
    }
}

/// Clear what `io_uring_prep_*` helpers leave alone, so a reused slot carries nothing over
/// (liburing 2.15's `io_uring_initialize_sqe`).
#[inline(always)]
pub fn initialize_sqe(sqe: &mut io_uring_sqe) {
    // SAFETY: a valid SQE.
    unsafe { io_uring_initialize_sqe(sqe) }
}

// ---- C ABI ----

/// liburing: `io_uring_get_sqe(3)`: the next free SQE with the fields prep helpers don't set
/// cleared, or NULL when the SQ is full.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_sqe(ring: *mut io_uring) -> *mut io_uring_sqe {
    // SAFETY: the caller passes an initialised ring; the index is masked into the SQE array
    // and the slot is ours until submitted.
    unsafe {
        let tail: c_uint = (*ring).sq.sqe_tail;
        if tail.wrapping_sub(io_uring_load_sq_head(ring)) >= (*ring).sq.ring_entries {
            return ptr::null_mut();
        }
        let sqe: *mut io_uring_sqe = (*ring)
            .sq
            .sqes
            .add(((tail & (*ring).sq.ring_mask) << io_uring_sqe_shift(ring)) as usize);
        (*ring).sq.sqe_tail = tail.wrapping_add(1);
        io_uring_initialize_sqe(sqe);
        sqe
    }
}

/// liburing: `io_uring_initialize_sqe`: clear the fields prep helpers don't set (what
/// `io_uring_get_sqe` does to every SQE it hands out), so a reused slot carries nothing over.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_initialize_sqe(sqe: *mut io_uring_sqe) {
    // SAFETY: C callers pass a valid SQE.
    unsafe {
        (*sqe).flags = 0;
        (*sqe).ioprio = 0;
        (*sqe).set_op_flags(0);
        (*sqe).set_buf_index(0);
        (*sqe).personality = 0;
        (*sqe).set_file_index(0);
        (*sqe).set_addr3(0);
        (*sqe).set_pad2(0);
    }
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
    unsafe { io_uring_get_sqe(ring) }
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
            return io_uring_get_sqe(ring);
        }
        if (*ring).flags & IORING_SETUP_SQE_MIXED == 0 {
            return ptr::null_mut();
        }
        let head: c_uint = io_uring_load_sq_head(ring);
        let mut tail: c_uint = (*ring).sq.sqe_tail;
        if tail.wrapping_add(1) & (*ring).sq.ring_mask == 0 {
            if tail.wrapping_add(2).wrapping_sub(head) >= (*ring).sq.ring_entries {
                return ptr::null_mut();
            }
            // the last slot before the wrap: a nop nobody sees the CQE of
            let pad: *mut io_uring_sqe = io_uring_get_sqe(ring);
            io_uring_prep_nop(pad);
            (*pad).flags |= IOSQE_CQE_SKIP_SUCCESS as u8;
            tail = (*ring).sq.sqe_tail;
        } else if tail.wrapping_add(1).wrapping_sub(head) >= (*ring).sq.ring_entries {
            return ptr::null_mut();
        }
        let sqe: *mut io_uring_sqe = (*ring).sq.sqes.add((tail & (*ring).sq.ring_mask) as usize);
        (*ring).sq.sqe_tail = tail.wrapping_add(2);
        io_uring_initialize_sqe(sqe);
        sqe
    }
}

/// liburing: `io_uring_submit(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).submit() }
}

/// liburing: `io_uring_submit_and_wait(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_wait(ring: *mut io_uring, wait_nr: c_uint) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).submit_and_wait(wait_nr) }
}

/// liburing: `io_uring_submit_and_get_events(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_get_events(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).submit_and_get_events() }
}

/// liburing: `io_uring_get_events(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_events(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).get_events() }
}

/// liburing: `io_uring_sq_ready(3)`: SQEs prepared but not yet consumed by the kernel.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sq_ready(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring.
    unsafe {
        (*ring)
            .sq
            .sqe_tail
            .wrapping_sub(io_uring_load_sq_head(ring))
    }
}

/// liburing: `io_uring_sq_space_left(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sq_space_left(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring.
    unsafe {
        (*ring)
            .sq
            .ring_entries
            .wrapping_sub(io_uring_sq_ready(ring))
    }
}

/// liburing: `io_uring_sqring_wait(3)`: on SQPOLL rings with a full SQ, wait for the kernel
/// thread to consume SQEs (0 at once otherwise).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_sqring_wait(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe {
        if (*ring).flags & IORING_SETUP_SQPOLL == 0 || io_uring_sq_space_left(ring) != 0 {
            return 0;
        }
        __io_uring_sqring_wait(ring)
    }
}

/// liburing: `__io_uring_sqring_wait`, the out-of-line half of `io_uring_sqring_wait`
/// that liburing 2.0-2.3 headers call directly.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_sqring_wait(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).sqring_wait_enter() }
}

/// liburing: `io_uring_enter(2)` wrapper; returns `-errno`, errno is not set.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_enter(
    fd: c_uint,
    to_submit: c_uint,
    min_complete: c_uint,
    flags: c_uint,
    sig: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe {
        syscall::enter(
            fd as c_int,
            to_submit,
            min_complete,
            flags,
            sig.cast(),
            NSIG_BYTES,
        )
    }
}

/// liburing: `io_uring_enter2(2)` wrapper; `arg`/`sz` as the kernel defines for `flags`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_enter2(
    fd: c_uint,
    to_submit: c_uint,
    min_complete: c_uint,
    flags: c_uint,
    arg: *mut c_void,
    sz: usize,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { syscall::enter(fd as c_int, to_submit, min_complete, flags, arg, sz) }
}
