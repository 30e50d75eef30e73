//! The submission side: handing out SQEs and telling the kernel about them (liburing's
//! `queue.c` submit half and the SQ inline helpers of `liburing.h`).

use core::ffi::{c_int, c_uint, c_void};
use core::ptr;
use core::sync::atomic::{Ordering, fence};

use crate::prep::control::io_uring_prep_nop;
use crate::ring::*;
use crate::syscall;
use crate::trace_hook::TraceEntry;
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
        if self.flags & IORING_SETUP_SQ_REWIND != 0 {
            // The kernel takes the SQEs from index 0 and ignores the shared head and tail
            // (both stay 0): nothing to publish, and the next SQE is slot 0 again.
            self.sq.sqe_tail = 0;
            return tail;
        }
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

    /// liburing's `__io_uring_submit`. IOPOLL rings (which must enter for completions) and
    /// traced rings take the out-of-line path; one test serves both.
    #[inline]
    fn submit_flushed(&mut self, submitted: u32, wait_nr: u32, getevents: bool) -> c_int {
        if self.int_flags_or_traced(INT_FLAG_CQ_ENTER) {
            return self.submit_flushed_cold(submitted, wait_nr, getevents);
        }
        let cq_enter = getevents || wait_nr != 0 || self.cq_needs_flush();
        self.submit_enter::<false>(submitted, wait_nr, cq_enter)
    }

    #[cold]
    #[inline(never)]
    fn submit_flushed_cold(&mut self, submitted: u32, wait_nr: u32, getevents: bool) -> c_int {
        let cq_enter = getevents || wait_nr != 0 || self.cq_needs_enter();
        if self.traced() {
            self.trace_entry(if wait_nr != 0 {
                TraceEntry::SubmitWait
            } else {
                TraceEntry::Submit
            });
            let ret = self.submit_enter::<true>(submitted, wait_nr, cq_enter);
            self.trace_left();
            return ret;
        }
        self.submit_enter::<false>(submitted, wait_nr, cq_enter)
    }

    /// Enter the kernel if submitting or `cq_enter` needs it; `TRACED` rings are traced after.
    #[inline(always)]
    fn submit_enter<const TRACED: bool>(
        &mut self,
        submitted: u32,
        wait_nr: u32,
        cq_enter: bool,
    ) -> c_int {
        let mut flags = 0;
        if self.sq_needs_enter(submitted, &mut flags) || cq_enter {
            if cq_enter {
                flags |= IORING_ENTER_GETEVENTS;
            }
            flags |= self.enter_flags();
            // SAFETY: no argument is passed.
            let ret = unsafe {
                syscall::enter(
                    self.enter_fd(),
                    submitted,
                    wait_nr,
                    flags,
                    ptr::null(),
                    NSIG_BYTES,
                )
            };
            if TRACED {
                self.trace_entered();
            }
            ret
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
        self.trace_entry(TraceEntry::Other);
        // SAFETY: no argument is passed.
        let ret = unsafe { syscall::enter(self.enter_fd(), 0, 0, flags, ptr::null(), NSIG_BYTES) };
        self.trace_entered();
        ret
    }

    fn sqring_wait_enter(&mut self) -> c_int {
        let flags = IORING_ENTER_SQ_WAIT | self.enter_flags();
        // SAFETY: no argument is passed.
        let ret = unsafe { syscall::enter(self.enter_fd(), 0, 0, flags, ptr::null(), NSIG_BYTES) };
        self.trace_entered();
        ret
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

/// liburing: `io_uring_get_sqe(3)`: get the next free submission queue entry.
///
/// Returns the next free SQE of `ring`'s submission queue, to be filled in by one of the
/// `io_uring_prep_*` helpers (see `io_uring_prep_read(3)`) and handed to the kernel by
/// `io_uring_submit(3)`. The fields the prep helpers do not set (`flags`, `ioprio`,
/// `personality`, `file_index`, `addr3` and the rest of the entry) are cleared, so an SQE never
/// carries anything over from its previous use. On a ring set up with IORING_SETUP_SQE128 the
/// entry is 128 bytes long.
///
/// # Return value
/// A pointer to the SQE, or NULL when the submission queue is full: submit what is queued
/// (`io_uring_submit(3)`) and try again.
///
/// # Errors
/// None: a full queue is the NULL return.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_sqe(ring: *mut io_uring) -> *mut io_uring_sqe {
    // SAFETY: the caller passes an initialised ring; the index is masked into the SQE array
    // and the slot is ours until submitted.
    unsafe { __io_uring_get_sqe_shifted(ring, io_uring_sqe_shift(ring)) }
}

/// `io_uring_get_sqe(3)` with the ring's SQE size shift given (1 on IORING_SETUP_SQE128
/// rings, else 0, as `io_uring_sqe_shift` tells): the Rust API knows it without reading the
/// setup flags each time (a plain `api::Ring`'s is 0 when compiling). Not exported: C gets it
/// from inline.h, under a reserved name.
///
/// # Safety
/// `ring` is initialised and `sqe_shift` is its SQE size shift.
/// man: io_uring_get_sqe
/// c: inline
#[inline(always)]
pub(crate) unsafe fn __io_uring_get_sqe_shifted(
    ring: *mut io_uring,
    sqe_shift: c_uint,
) -> *mut io_uring_sqe {
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
            .add(((tail & (*ring).sq.ring_mask) << sqe_shift) as usize);
        (*ring).sq.sqe_tail = tail.wrapping_add(1);
        io_uring_initialize_sqe(sqe);
        sqe
    }
}

/// liburing: `io_uring_initialize_sqe`: clear the fields of an SQE that the prep helpers don't set.
///
/// Clears `flags`, `ioprio`, `buf_index`, `personality`, `file_index`, `addr3` and the pad of
/// `sqe`: what `io_uring_get_sqe(3)` does to every SQE it hands out, so that a reused slot
/// carries nothing over. An internal helper of liburing's header, exported as liburing-ffi
/// exports it.
///
/// # Errors
/// None.
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

/// liburing: `io_uring_load_sq_head`: read the kernel's submission queue head.
///
/// Returns the head of `ring`'s submission queue: the index of the next SQE the kernel will
/// consume. An internal helper of liburing's header, used by `io_uring_sq_space_left(3)` and
/// `io_uring_get_sqe(3)`.
///
/// # Return value
/// The head index (it wraps around at 2^32, like the tail).
///
/// # Errors
/// None.
///
/// # Notes
/// The load is always an acquire load: an SQPOLL thread moves the head concurrently, and
/// without one it costs the same as a plain load on x86. liburing tests the SQPOLL flag first.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_load_sq_head(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring; khead points into its mapping.
    unsafe { load_acquire((*ring).sq.khead) }
}

/// liburing: `_io_uring_get_sqe`: the out-of-line name of `io_uring_get_sqe`.
///
/// Does what `io_uring_get_sqe(3)` does. liburing's header calls the inline function by this
/// name; it is exported for programs and bindings that call it.
///
/// # Return value
/// A pointer to the next free SQE, or NULL when the submission queue is full.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _io_uring_get_sqe(ring: *mut io_uring) -> *mut io_uring_sqe {
    // SAFETY: the caller passes an initialised ring.
    unsafe { io_uring_get_sqe(ring) }
}

/// liburing: `io_uring_get_sqe128(3)`: get a 128-byte submission queue entry.
///
/// Returns a 128-byte SQE, for the opcodes that need one (`io_uring_prep_nop128(3)`,
/// `io_uring_prep_uring_cmd128(3)`). On a ring set up with IORING_SETUP_SQE128 every SQE is 128
/// bytes and this is `io_uring_get_sqe(3)`. On a ring set up with IORING_SETUP_SQE_MIXED it takes
/// two adjacent slots; when only the last slot before the end of the ring is free, that slot is
/// filled with a NOP whose completion is skipped (IOSQE_CQE_SKIP_SUCCESS) and the entry starts
/// at slot 0. The caller must prepare a 128-byte opcode in it.
///
/// # Return value
/// A pointer to the SQE, or NULL when the submission queue has no room for it or the ring has
/// neither IORING_SETUP_SQE128 nor IORING_SETUP_SQE_MIXED.
///
/// # Errors
/// None: every failure is the NULL return.
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

/// liburing: `io_uring_submit(3)`: submit queued requests to the kernel.
///
/// Hands every SQE prepared since the last submission to the kernel: it publishes the new SQ
/// tail and, unless an SQPOLL thread is awake and will see it, calls `io_uring_enter(2)`. It
/// also enters the kernel when completions must be flushed (an overflowed CQ, or an IOPOLL ring
/// that must be polled). It does not wait for completions.
///
/// `io_uring_submit_and_wait()` submits and then waits until at least `wait_nr` completions are
/// ready, in the same system call.
///
/// `io_uring_submit_and_get_events()` submits and also asks the kernel to flush pending
/// completions and run task work (IORING_ENTER_GETEVENTS) without waiting.
///
/// `io_uring_get_events()` submits nothing and only flushes completions and task work, so that
/// `io_uring_peek_cqe(3)` sees them; it is needed on rings set up with IORING_SETUP_DEFER_TASKRUN
/// or to flush an overflowed CQ.
///
/// # Return value
/// The number of SQEs submitted (0 for `io_uring_get_events()` on success), or a negative errno
/// value.
///
/// # Errors
/// The errors of `io_uring_enter(2)`, among them:
/// - `-EAGAIN`: the kernel could not allocate resources for a request; try again.
/// - `-EBUSY`: the completion queue is full (overflowed CQEs wait to be reaped); reap completions
///   and try again.
/// - `-EBADF`, `-EBADFD`: the ring's file descriptor is not valid, or the ring is disabled
///   (IORING_SETUP_R_DISABLED, see `io_uring_enable_rings(3)`).
/// - `-EINTR`: a signal arrived while waiting (`io_uring_submit_and_wait()`).
/// - `-EEXIST`: the ring was set up with IORING_SETUP_SINGLE_ISSUER and this is another task.
/// - `-ENXIO`: the ring is being torn down.
/// - `-EOWNERDEAD`: the SQPOLL thread died.
///
/// An error of an individual request (a bad file descriptor in an SQE, an invalid opcode) is not
/// returned here but in the `res` field of that request's CQE.
///
/// # Notes
/// These functions, like every other that enters the kernel, call `io_uring_enter(2)` on the
/// ring's `ring_fd` unless a ring fd is registered (`io_uring_register_ring_fd(3)`); liburing
/// 2.15 uses `enter_ring_fd`, the same descriptor, except in programs built against liburing
/// 2.0 and 2.1, which have no such field and may replace `ring_fd` with a dup.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).submit() }
}

/// liburing: `io_uring_submit_and_wait(3)`: submit queued requests and wait for completions.
/// man: io_uring_submit
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_wait(ring: *mut io_uring, wait_nr: c_uint) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).submit_and_wait(wait_nr) }
}

/// liburing: `io_uring_submit_and_get_events(3)`: submit queued requests and flush completions.
/// man: io_uring_submit
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_get_events(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).submit_and_get_events() }
}

/// liburing: `io_uring_get_events(3)`: flush completions and task work.
/// man: io_uring_submit
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_events(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).get_events() }
}

/// liburing: `io_uring_sq_ready(3)`: the number of SQEs not yet consumed by the kernel.
///
/// Returns the number of SQEs of `ring` that have been prepared (or submitted to an SQPOLL
/// thread) and that the kernel has not yet consumed.
///
/// # Return value
/// The number of entries.
///
/// # Errors
/// None.
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

/// liburing: `io_uring_sq_space_left(3)`: the number of free submission queue entries.
///
/// Returns how many more SQEs `io_uring_get_sqe(3)` can hand out before the submission queue of
/// `ring` is full.
///
/// # Return value
/// The number of free entries.
///
/// # Errors
/// None.
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

/// liburing: `io_uring_sqring_wait(3)`: wait for room in the submission queue.
///
/// On a ring set up with IORING_SETUP_SQPOLL whose submission queue is full, waits until the
/// kernel thread has consumed at least one SQE (IORING_ENTER_SQ_WAIT). On other rings, or when
/// there is room, it returns at once. `__io_uring_sqring_wait()` is the out-of-line part that
/// always enters the kernel; liburing 2.0 to 2.3 headers call it directly.
///
/// # Return value
/// 0 (or, for `__io_uring_sqring_wait()`, what `io_uring_enter(2)` returned) on success, or a
/// negative errno value.
///
/// # Errors
/// The errors of `io_uring_enter(2)`, such as `-EINTR` when a signal arrived and `-EBADF` when the
/// ring's file descriptor is no longer valid.
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

/// liburing: `__io_uring_sqring_wait`: wait for room in an SQPOLL ring's submission queue.
/// man: io_uring_sqring_wait
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_sqring_wait(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).sqring_wait_enter() }
}

/// liburing: `io_uring_enter(2)`: the io_uring_enter system call, as a function.
///
/// Calls `io_uring_enter(2)` on the ring file descriptor `fd` to submit `to_submit` SQEs and wait
/// for `min_complete` completions, with IORING_ENTER_* `flags`; `sig` is the signal mask to
/// install while waiting (or NULL). `io_uring_enter2()` takes the argument `arg` of `sz` bytes
/// instead of a signal mask: a `sigset_t` of `sz` bytes, or a `struct io_uring_getevents_arg`
/// with IORING_ENTER_EXT_ARG, or a registered wait region offset with IORING_ENTER_EXT_ARG_REG.
/// A ring registered with `io_uring_register_ring_fd(3)` is entered with
/// IORING_ENTER_REGISTERED_RING and its registered index.
///
/// # Return value
/// The number of SQEs consumed, or a negative errno value; `errno` is not set.
///
/// # Errors
/// The errors of `io_uring_enter(2)`, negated: `-EAGAIN`, `-EBADF`, `-EBADFD`, `-EBUSY`,
/// `-EFAULT`, `-EINTR`, `-EINVAL`, `-ENXIO`, `-EOPNOTSUPP`, `-ETIME` (a wait timeout expired).
///
/// # Notes
/// liburing documents only the system call, in section 2; this page describes the wrapper.
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

/// liburing: `io_uring_enter2(2)`: io_uring_enter with an extended argument.
/// man: io_uring_enter
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
