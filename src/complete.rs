//! The completion side: finding, waiting for and retiring CQEs (liburing's `queue.c` wait
//! half and the CQ inline helpers of `liburing.h`).

use core::ffi::{c_int, c_uint, c_void};
use core::ptr;

use crate::ring::*;
use crate::syscall;
use crate::trace_hook::TraceEntry;
use crate::uapi::*;

/// What `io_uring_enter` gets as its argument while waiting.
#[derive(Clone, Copy)]
enum WaitArg {
    /// A signal mask (or none): the classic form.
    Sigmask(*const libc::sigset_t),
    /// IORING_ENTER_EXT_ARG with a timeout (`ts` non-null means the wait is bounded).
    Ext(*const io_uring_getevents_arg),
    /// IORING_ENTER_EXT_ARG_REG: a byte offset into the registered wait region; always bounded.
    Reg(usize),
}

/// One call of liburing's `_io_uring_get_cqe` loop.
struct GetCqe {
    submit: u32,
    wait_nr: u32,
    arg: WaitArg,
}

impl io_uring {
    /// The CQE at ring position `head` (accounting for 32-byte CQEs).
    #[inline(always)]
    fn cqe_at(&self, head: u32) -> *mut io_uring_cqe {
        let index = ((head & self.cq.ring_mask) << self.cqe_shift()) as usize;
        // SAFETY: index is masked into the CQE array.
        unsafe { self.cq.cqes.add(index) }
    }

    /// liburing's `__io_uring_peek_cqe`: the first CQE (or NULL) and how many are ready.
    /// Swallows the internal timeout CQEs of kernels without IORING_FEAT_EXT_ARG, reporting
    /// their error, and the padding CQEs of IORING_SETUP_CQE_MIXED rings.
    #[inline]
    pub(crate) fn peek_cqe_nr(&mut self, available: &mut u32) -> (c_int, *mut io_uring_cqe) {
        loop {
            // SAFETY: ktail/khead point into the live ring mapping; acquire orders the CQE reads.
            let tail = unsafe { load_acquire(self.cq.ktail) };
            let head = unsafe { load_relaxed(self.cq.khead) };
            *available = tail.wrapping_sub(head);
            if *available == 0 {
                return (0, ptr::null_mut());
            }
            let cqe = self.cqe_at(head);
            let mut err = 0;
            // SAFETY: the CQE at head is published by the kernel.
            if unsafe { io_uring_skip_cqe(self, cqe, &mut err) } {
                continue;
            }
            if err != 0 {
                return (err, ptr::null_mut());
            }
            return (0, cqe);
        }
    }

    /// liburing's `io_uring_cqe_nr`: ring slots taken by `cqe` (2 for a 32-byte CQE on a
    /// CQE_MIXED ring).
    #[inline(always)]
    pub fn cqe_nr(cqe: &io_uring_cqe) -> u32 {
        // SAFETY: a valid CQE.
        unsafe { io_uring_cqe_nr(cqe) }
    }

    /// liburing's `io_uring_cqe_seen`.
    #[inline]
    pub(crate) fn cqe_seen(&mut self, cqe: *const io_uring_cqe) {
        // SAFETY: a NULL or valid cqe of this ring (only read).
        unsafe { io_uring_cqe_seen(self, cqe as *mut io_uring_cqe) }
    }

    /// liburing's `io_uring_cq_ready`.
    #[inline]
    pub(crate) fn cq_ready(&self) -> u32 {
        // SAFETY: an initialised ring.
        unsafe { io_uring_cq_ready(self) }
    }

    /// liburing's `io_uring_cq_eventfd_enabled`.
    pub(crate) fn cq_eventfd_enabled(&self) -> bool {
        // SAFETY: a live ring.
        unsafe { io_uring_cq_eventfd_enabled(self) }
    }

    /// liburing's `io_uring_cq_eventfd_toggle`.
    pub(crate) fn cq_eventfd_toggle(&mut self, enabled: bool) -> c_int {
        if enabled == self.cq_eventfd_enabled() {
            return 0;
        }
        if self.cq.kflags.is_null() {
            return -libc::EOPNOTSUPP;
        }
        // SAFETY: kflags points into the live ring mapping; only the application writes it.
        unsafe {
            let flags = load_relaxed(self.cq.kflags);
            let flags = if enabled {
                flags & !IORING_CQ_EVENTFD_DISABLED
            } else {
                flags | IORING_CQ_EVENTFD_DISABLED
            };
            store_relaxed(self.cq.kflags, flags);
        }
        0
    }

    /// liburing's `_io_uring_get_cqe`: peek, and enter the kernel (submitting and/or waiting)
    /// until a CQE is there or the wait ends. Returns the first error seen, else the number
    /// the first enter submitted (0 if none), and the CQE or NULL.
    // Inlined into each caller, where the wait argument's kind is known, so the choice of
    // enter argument folds away and nothing is copied: this is the path every wait takes.
    #[inline(always)]
    fn get_cqe_loop(&mut self, mut d: GetCqe) -> (c_int, *mut io_uring_cqe) {
        let mut looped = false;
        let mut err = 0;
        let (arg, arg_sz, get_flags): (*const c_void, usize, u32) = match d.arg {
            WaitArg::Sigmask(s) => (s.cast(), NSIG_BYTES, 0),
            WaitArg::Ext(a) => (
                a.cast(),
                size_of::<io_uring_getevents_arg>(),
                IORING_ENTER_EXT_ARG,
            ),
            WaitArg::Reg(i) => (
                i as *const c_void,
                size_of::<io_uring_reg_wait>(),
                IORING_ENTER_EXT_ARG | IORING_ENTER_EXT_ARG_REG,
            ),
        };
        if self.traced() {
            // Only an observed ring pays for telling a wait that can never time out.
            self.trace_entry(if d.wait_nr != 0 && !self.wait_is_bounded(d.arg) {
                TraceEntry::WaitForever
            } else {
                TraceEntry::Wait
            });
        }
        loop {
            let mut available = 0;
            let (ret, cqe) = self.peek_cqe_nr(&mut available);
            if ret != 0 {
                // An error from the internal timeout CQE (-ETIME) beats the submit count the
                // first enter left in `err`: liburing returns that count (e.g. 1) with a NULL
                // CQE here, which its man pages do not allow and callers mistake for success.
                return (if err < 0 { err } else { ret }, cqe);
            }
            let mut need_enter = false;
            let mut flags = 0;
            if cqe.is_null() && d.wait_nr == 0 && d.submit == 0 {
                // Nothing to submit or wait for: enter at most once, to flush the kernel's
                // overflow list or run task work.
                if looped || !self.cq_needs_enter() {
                    return (if err == 0 { -libc::EAGAIN } else { err }, cqe);
                }
                need_enter = true;
            }
            if d.wait_nr > available || need_enter {
                flags = IORING_ENTER_GETEVENTS | get_flags;
                need_enter = true;
            }
            if self.sq_needs_enter(d.submit, &mut flags) {
                need_enter = true;
            }
            if !need_enter {
                return (err, cqe);
            }
            if looped && self.wait_is_bounded(d.arg) {
                // The kernel returned without a CQE from a bounded wait: it timed out.
                if cqe.is_null() && err == 0 {
                    err = -libc::ETIME;
                }
                return (err, cqe);
            }
            flags |= self.enter_flags();
            // SAFETY: arg/arg_sz match `flags` as built above.
            let ret =
                unsafe { syscall::enter(self.enter_fd(), d.submit, d.wait_nr, flags, arg, arg_sz) };
            self.trace_entered();
            if ret < 0 {
                return (if err == 0 { ret } else { err }, cqe);
            }
            d.submit -= ret as u32;
            if !cqe.is_null() {
                return (err, cqe);
            }
            if !looped {
                looped = true;
                err = ret;
            }
        }
    }

    #[inline(always)]
    fn wait_is_bounded(&self, arg: WaitArg) -> bool {
        match arg {
            WaitArg::Sigmask(_) => false,
            // SAFETY: the getevents arg lives on the caller's stack for the whole wait.
            WaitArg::Ext(a) => unsafe { (*a).ts != 0 },
            WaitArg::Reg(_) => true,
        }
    }

    /// liburing's `__io_uring_get_cqe`.
    pub(crate) fn get_cqe(
        &mut self,
        submit: u32,
        wait_nr: u32,
        sigmask: *const libc::sigset_t,
    ) -> (c_int, *mut io_uring_cqe) {
        self.get_cqe_loop(GetCqe {
            submit,
            wait_nr,
            arg: WaitArg::Sigmask(sigmask),
        })
    }

    /// liburing's `io_uring_peek_cqe`: a CQE if one is ready (entering only to flush
    /// overflow or task work), else `-EAGAIN`.
    #[inline]
    pub(crate) fn peek_cqe(&mut self) -> (c_int, *mut io_uring_cqe) {
        let mut cqe = ptr::null_mut();
        // SAFETY: an initialised ring and a writable out-pointer.
        let ret = unsafe { io_uring_peek_cqe(self, &mut cqe) };
        (ret, cqe)
    }

    /// liburing's `io_uring_wait_cqe`.
    #[inline]
    pub(crate) fn wait_cqe(&mut self) -> (c_int, *mut io_uring_cqe) {
        let mut cqe = ptr::null_mut();
        // SAFETY: an initialised ring and a writable out-pointer.
        let ret = unsafe { io_uring_wait_cqe(self, &mut cqe) };
        (ret, cqe)
    }

    /// liburing's `io_uring_peek_batch_cqe`: up to `cqes.len()` ready CQEs, flushing the
    /// kernel's overflow list once if the ring looks empty.
    pub(crate) fn peek_batch_cqe(&mut self, cqes: &mut [*mut io_uring_cqe]) -> u32 {
        self.trace_entry(TraceEntry::Other);
        let n = self.ready_batch(cqes);
        if n != 0 || !self.cq_needs_flush() {
            return n;
        }
        self.get_events();
        self.ready_batch(cqes)
    }

    /// The ready CQEs from the head, at most `cqes.len()`, as liburing 2.15 collects them on
    /// IORING_SETUP_CQE_MIXED rings: a padding entry (IORING_CQE_F_SKIP) at the head is
    /// consumed, and the batch ends before one further on, since the application advances
    /// the CQ by the slots of the CQEs it got and must not step over an unseen padding entry.
    fn ready_batch(&mut self, cqes: &mut [*mut io_uring_cqe]) -> u32 {
        // SAFETY: ktail/khead point into the live ring mapping; acquire orders the CQE reads.
        let tail = unsafe { load_acquire(self.cq.ktail) };
        let mut head = unsafe { load_relaxed(self.cq.khead) };
        let mut n = 0;
        while n < cqes.len() && head != tail {
            let cqe = self.cqe_at(head);
            // SAFETY: a CQE the kernel has published.
            let (skip, slots) =
                unsafe { ((*cqe).flags & IORING_CQE_F_SKIP != 0, Self::cqe_nr(&*cqe)) };
            if skip {
                if n != 0 {
                    break;
                }
                // SAFETY: an initialised ring; the padding entry is the application's to consume.
                unsafe { io_uring_cq_advance(self, slots) };
            } else {
                cqes[n] = cqe;
                n += 1;
            }
            head = head.wrapping_add(slots);
        }
        n as u32
    }

    /// Queue liburing's internal timeout SQE for a timed wait on a kernel without
    /// IORING_FEAT_EXT_ARG; returns the number of SQEs to submit.
    fn submit_timeout(&mut self, wait_nr: u32, ts: *const __kernel_timespec) -> c_int {
        let mut sqe = self.get_sqe();
        if sqe.is_null() {
            let ret = self.submit();
            if ret < 0 {
                return ret;
            }
            sqe = self.get_sqe();
            if sqe.is_null() {
                return -libc::EAGAIN;
            }
        }
        // SAFETY: a fresh SQE from this ring.
        let sqe = unsafe { &mut *sqe };
        crate::prep::prep_rw(IORING_OP_TIMEOUT, sqe, -1, ts.cast(), 1, wait_nr as u64);
        sqe.user_data = LIBURING_UDATA_TIMEOUT;
        self.flush_sq() as c_int
    }

    /// Timed wait with IORING_FEAT_EXT_ARG (or the timeout-SQE fallback), submitting what is
    /// queued first when `submit` is set (liburing's `__io_uring_submit_and_wait_timeout`
    /// and `io_uring_wait_cqes`).
    fn wait_timeout(
        &mut self,
        submit: bool,
        wait_nr: u32,
        ts: *const __kernel_timespec,
        min_wait_usec: u32,
        sigmask: *const libc::sigset_t,
    ) -> (c_int, *mut io_uring_cqe) {
        if ts.is_null() {
            let to_submit = if submit { self.flush_sq() } else { 0 };
            return self.get_cqe(to_submit, wait_nr, sigmask);
        }
        if self.features & IORING_FEAT_EXT_ARG != 0 {
            let to_submit = if submit { self.flush_sq() } else { 0 };
            return self.wait_ext(to_submit, wait_nr, ts, min_wait_usec, sigmask);
        }
        let to_submit = self.submit_timeout(wait_nr, ts);
        if to_submit < 0 {
            return (to_submit, ptr::null_mut());
        }
        self.get_cqe(to_submit as u32, wait_nr, sigmask)
    }

    /// An IORING_ENTER_EXT_ARG wait (timeout and/or min-wait time) submitting `submit` SQEs.
    fn wait_ext(
        &mut self,
        submit: u32,
        wait_nr: u32,
        ts: *const __kernel_timespec,
        min_wait_usec: u32,
        sigmask: *const libc::sigset_t,
    ) -> (c_int, *mut io_uring_cqe) {
        let arg = io_uring_getevents_arg {
            sigmask: sigmask as u64,
            sigmask_sz: NSIG_BYTES as u32,
            min_wait_usec,
            ts: ts as u64,
        };
        self.get_cqe_loop(GetCqe {
            submit,
            wait_nr,
            arg: WaitArg::Ext(&arg),
        })
    }

    /// liburing's `io_uring_wait_cqes_new`: an EXT_ARG wait (timeout and/or min-wait time)
    /// that submits nothing.
    pub(crate) fn wait_cqes_ext(
        &mut self,
        wait_nr: u32,
        ts: *const __kernel_timespec,
        min_wait_usec: u32,
        sigmask: *const libc::sigset_t,
    ) -> (c_int, *mut io_uring_cqe) {
        self.wait_ext(0, wait_nr, ts, min_wait_usec, sigmask)
    }

    /// liburing's `io_uring_wait_cqes`.
    pub(crate) fn wait_cqes(
        &mut self,
        wait_nr: u32,
        ts: *const __kernel_timespec,
        sigmask: *const libc::sigset_t,
    ) -> (c_int, *mut io_uring_cqe) {
        self.wait_timeout(false, wait_nr, ts, 0, sigmask)
    }

    /// liburing's `io_uring_submit_and_wait_timeout`.
    pub(crate) fn submit_and_wait_timeout(
        &mut self,
        wait_nr: u32,
        ts: *const __kernel_timespec,
        min_wait_usec: u32,
        sigmask: *const libc::sigset_t,
    ) -> (c_int, *mut io_uring_cqe) {
        self.wait_timeout(true, wait_nr, ts, min_wait_usec, sigmask)
    }

    /// liburing's `io_uring_submit_and_wait_reg`: wait with the parameters of registered
    /// wait region `reg_index`.
    pub(crate) fn submit_and_wait_reg(
        &mut self,
        wait_nr: u32,
        reg_index: c_int,
    ) -> (c_int, *mut io_uring_cqe) {
        // Checked before the SQ is published, as upstream liburing does since 2.15 (2.15
        // flushes first, so an SQPOLL thread ran the SQEs of a call that failed).
        if self.features & IORING_FEAT_EXT_ARG == 0 {
            return (-libc::EINVAL, ptr::null_mut());
        }
        let submit = self.flush_sq();
        // The kernel takes a byte offset into the region, as liburing passes it.
        let offset = (reg_index as isize as usize).wrapping_mul(size_of::<io_uring_reg_wait>());
        self.get_cqe_loop(GetCqe {
            submit,
            wait_nr,
            arg: WaitArg::Reg(offset),
        })
    }
}

/// Store `cqe` through the caller's out-pointer and return `ret`.
#[inline(always)]
fn out(r: (c_int, *mut io_uring_cqe), cqe_ptr: *mut *mut io_uring_cqe) -> c_int {
    // SAFETY: the caller passes a writable out-pointer, as liburing requires.
    unsafe { *cqe_ptr = r.1 };
    r.0
}

// ---- C ABI ----

/// What liburing's `io_uring_peek_cqe` and `io_uring_wait_cqe` do first on kernels without
/// IORING_FEAT_EXT_ARG: consume the liburing-internal CQEs at the head (the timeout CQE a timed
/// wait left behind when it returned another CQE, padding entries) up to and including the
/// first that carries an error, so that this stale error (-ETIME) is not the answer to the
/// peek or wait that follows. `io_uring_wait_cqe_nr` does not (it returns the error, as in
/// liburing). Not exported: C gets it from inline.h, under a reserved name.
/// man: io_uring_wait_cqe
/// c: inline
#[inline(always)]
pub(crate) unsafe fn __io_uring_drop_stale_cqes(ring: *mut io_uring) {
    // SAFETY: the caller passes an initialised ring; khead/ktail point into its mapping, the
    // CQE index is masked into the CQE array, and the CQE is read before its slot is released.
    unsafe {
        if (*ring).features & IORING_FEAT_EXT_ARG != 0 {
            return;
        }
        loop {
            let head: c_uint = load_relaxed((*ring).cq.khead);
            if load_acquire((*ring).cq.ktail) == head {
                return;
            }
            let cqe: *mut io_uring_cqe = (*ring)
                .cq
                .cqes
                .add(((head & (*ring).cq.ring_mask) << io_uring_cqe_shift(ring)) as usize);
            if __io_uring_cqe_for_app(ring, cqe) {
                return;
            }
            let failed: bool = (*cqe).flags & IORING_CQE_F_SKIP == 0 && (*cqe).res < 0;
            io_uring_cq_advance(ring, io_uring_cqe_nr(cqe));
            if failed {
                return;
            }
        }
    }
}

/// liburing: `io_uring_peek_cqe(3)`: look at the next completion without waiting.
/// man: io_uring_wait_cqe
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_peek_cqe(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe {
        __io_uring_drop_stale_cqes(ring);
        io_uring_wait_cqe_nr(ring, cqe_ptr, 0)
    }
}

/// liburing: `io_uring_wait_cqe(3)`: wait for the next completion.
///
/// `io_uring_wait_cqe()` waits until a completion queue entry is ready on `ring` and stores a
/// pointer to it in `*cqe_ptr`. `io_uring_peek_cqe()` does the same without waiting.
/// `io_uring_wait_cqe_nr()` waits until at least `wait_nr` entries are ready and stores the
/// first; with `wait_nr` 0 it is a peek.
///
/// The CQE stays in the ring, and `*cqe_ptr` valid, until the application marks it consumed
/// with `io_uring_cqe_seen(3)` or `io_uring_cq_advance(3)`; the next call returns the same entry
/// until then. Its `res` field is the result of the request (a negative errno value when it
/// failed), its `user_data` what `io_uring_sqe_set_data(3)` stored. Entries liburing uses
/// internally (the timeout of `io_uring_wait_cqe_timeout(3)` on old kernels, padding on
/// IORING_SETUP_CQE_MIXED rings) are consumed here and never returned.
///
/// The fast paths (a completion already there, or an empty queue for a peek) run inline in the
/// caller, without a call into the library or a system call; the kernel is entered only to
/// wait, or to flush overflowed completions and pending task work first.
///
/// # Return value
/// 0 with `*cqe_ptr` set, or a negative errno value.
///
/// # Errors
/// - `-EAGAIN`: (`io_uring_peek_cqe()`, `io_uring_wait_cqe_nr()` with `wait_nr` 0) no completion
///   is ready.
/// - `-EINTR`: a signal arrived while waiting.
/// - `-EBADF`, `-EBADFD`: the ring's file descriptor is not valid, or the ring is disabled.
/// - `-EBUSY`, `-EEXIST`, `-ENXIO`: see `io_uring_enter(2)`.
///
/// The result of the request itself is the `res` field of the CQE, not the return value.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_wait_cqe(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe {
        __io_uring_drop_stale_cqes(ring);
        io_uring_wait_cqe_nr(ring, cqe_ptr, 1)
    }
}

/// liburing: `io_uring_wait_cqe_nr(3)`: wait for a number of completions.
/// man: io_uring_wait_cqe
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_wait_cqe_nr(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring and a writable out-pointer; khead/ktail
    // point into the ring mapping, acquire orders the CQE reads after the tail, and the CQE
    // index is masked into the CQE array.
    unsafe {
        let head: c_uint = load_relaxed((*ring).cq.khead);
        let available: c_uint = load_acquire((*ring).cq.ktail).wrapping_sub(head);
        if available != 0 && available >= wait_nr {
            let cqe: *mut io_uring_cqe = (*ring)
                .cq
                .cqes
                .add(((head & (*ring).cq.ring_mask) << io_uring_cqe_shift(ring)) as usize);
            if __io_uring_cqe_for_app(ring, cqe) {
                *cqe_ptr = cqe;
                return 0;
            }
        }
        if available == 0
            && wait_nr == 0
            && (*ring).flags & (IORING_SETUP_IOPOLL | IORING_SETUP_SQPOLL) != IORING_SETUP_IOPOLL
            && load_relaxed((*ring).sq.kflags) & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN) == 0
        {
            *cqe_ptr = ptr::null_mut();
            return -libc::EAGAIN;
        }
        __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, ptr::null_mut())
    }
}

/// liburing: `__io_uring_get_cqe`: the out-of-line wait of liburing's inline helpers.
///
/// Submits `submit` SQEs and waits until `wait_nr` completions are ready (with the signal mask
/// `sigmask`, or none when NULL), then stores the first completion that is not liburing's own in
/// `*cqe_ptr`. The inline `io_uring_wait_cqe(3)`, `io_uring_peek_cqe(3)` and
/// `io_uring_wait_cqe_nr(3)` call it when their fast path does not apply; programs compiled
/// against liburing 2.0 to 2.3 call it directly.
///
/// # Return value
/// 0 with `*cqe_ptr` set, or a negative errno value.
///
/// # Errors
/// The errors of `io_uring_wait_cqe(3)`.
#[cold]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_get_cqe(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    submit: c_uint,
    wait_nr: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    out(
        unsafe { (*ring).get_cqe(submit, wait_nr, sigmask) },
        cqe_ptr,
    )
}

/// liburing: `io_uring_wait_cqes(3)`: wait for completions with a timeout and a signal mask.
///
/// `io_uring_wait_cqes()` submits what is queued (on kernels without IORING_FEAT_EXT_ARG, only
/// the timeout entry it adds itself), then waits until `wait_nr` completions are ready, the
/// timeout `ts` (relative; NULL for none) expires, or a signal not blocked by `sigmask` arrives,
/// and stores the first completion in `*cqe_ptr`.
///
/// `io_uring_wait_cqe_timeout()` waits for one completion for at most `ts`.
///
/// `io_uring_wait_cqes_min_timeout()` also takes `min_wait_usec`: once that many microseconds
/// have passed, it returns as soon as one completion is ready, even if fewer than `wait_nr` are
/// (IORING_FEAT_MIN_TIMEOUT, Linux 6.12).
///
/// `io_uring_submit_and_wait_timeout()` and `io_uring_submit_and_wait_min_timeout()` submit the
/// queued SQEs and wait in the same system call, with a timeout (and a minimum wait time
/// `min_wait_usec`). `io_uring_submit_and_wait_reg()` does the same with the wait
/// arguments in the registered wait region at index `reg_index` (IORING_ENTER_EXT_ARG_REG).
///
/// # Return value
/// `io_uring_wait_cqes()`, `io_uring_wait_cqe_timeout()` and `io_uring_wait_cqes_min_timeout()`
/// return 0 with `*cqe_ptr` set; the submit-and-wait variants return the number of SQEs
/// submitted. A negative errno value on failure.
///
/// # Errors
/// - `-ETIME`: the timeout expired before enough completions were ready.
/// - `-EINTR`: a signal arrived while waiting.
/// - `-EAGAIN`: no completion was ready (a zero timeout).
/// - `-EINVAL`: the minimum wait time is not supported by the kernel (no
///   IORING_FEAT_MIN_TIMEOUT: the `_min_timeout` variants check it before anything else), the
///   kernel has no IORING_FEAT_EXT_ARG (`io_uring_submit_and_wait_reg()`, before it publishes
///   the SQ), or a wait argument is invalid.
/// - `-EBUSY`: on kernels without IORING_FEAT_EXT_ARG, no SQE was free for the internal timeout.
/// - `-EBADF`, `-EBADFD`, `-EFAULT`: see `io_uring_enter(2)`.
///
/// # Notes
/// Where the kernel lacks IORING_FEAT_EXT_ARG (before Linux 5.11) and the internal timeout fires
/// first, `io_uring_wait_cqe_timeout()` returns `-ETIME` as liburing's page says; liburing itself
/// returns the number of SQEs its enter submitted, with `*cqe_ptr` NULL.
///
/// `io_uring_submit_and_wait_reg()` checks for IORING_FEAT_EXT_ARG before it publishes the SQ,
/// as upstream liburing does since 2.15 (pull request #1628); liburing 2.15 publishes the SQ
/// first, so an SQPOLL thread runs the SQEs of a call that fails.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_wait_cqes(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    out(unsafe { (*ring).wait_cqes(wait_nr, ts, sigmask) }, cqe_ptr)
}

/// liburing: `io_uring_wait_cqe_timeout(3)`: wait for one completion, for at most a time.
/// man: io_uring_wait_cqes
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_wait_cqe_timeout(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    ts: *mut __kernel_timespec,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    out(unsafe { (*ring).wait_cqes(1, ts, ptr::null()) }, cqe_ptr)
}

/// liburing: `io_uring_wait_cqes_min_timeout(3)`: wait for completions, with a minimum wait time.
/// man: io_uring_wait_cqes
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_wait_cqes_min_timeout(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    min_wait_usec: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let ring = unsafe { &mut *ring };
    if ring.features & IORING_FEAT_MIN_TIMEOUT == 0 {
        return -libc::EINVAL;
    }
    out(
        ring.wait_cqes_ext(wait_nr, ts, min_wait_usec, sigmask),
        cqe_ptr,
    )
}

/// liburing: `io_uring_submit_and_wait_timeout(3)`: submit and wait for completions with a timeout.
/// man: io_uring_wait_cqes
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_wait_timeout(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    out(
        unsafe { (*ring).submit_and_wait_timeout(wait_nr, ts, 0, sigmask) },
        cqe_ptr,
    )
}

/// liburing: `io_uring_submit_and_wait_min_timeout(3)`: submit and wait, with a minimum wait time.
/// man: io_uring_wait_cqes
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_wait_min_timeout(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    ts: *mut __kernel_timespec,
    min_wait_usec: c_uint,
    sigmask: *mut libc::sigset_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    let ring = unsafe { &mut *ring };
    if ring.features & IORING_FEAT_MIN_TIMEOUT == 0 {
        return -libc::EINVAL;
    }
    out(
        ring.submit_and_wait_timeout(wait_nr, ts, min_wait_usec, sigmask),
        cqe_ptr,
    )
}

/// liburing: `io_uring_submit_and_wait_reg(3)`: submit and wait with registered wait arguments.
/// man: io_uring_wait_cqes
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_submit_and_wait_reg(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    wait_nr: c_uint,
    reg_index: c_int,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    out(
        unsafe { (*ring).submit_and_wait_reg(wait_nr, reg_index) },
        cqe_ptr,
    )
}

/// liburing: `io_uring_peek_batch_cqe(3)`: look at several completions at once.
///
/// Stores pointers to up to `count` ready completion queue entries of `ring` in `cqes`, without
/// waiting; when none is ready and completions must be flushed first (an overflowed CQ, task
/// work), it enters the kernel once to flush them. The entries stay in the ring until marked
/// consumed with `io_uring_cq_advance(3)`.
///
/// # Return value
/// The number of entries stored, 0 when none is ready.
///
/// # Errors
/// None: a failed flush is reported as 0 entries.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_peek_batch_cqe(
    ring: *mut io_uring,
    cqes: *mut *mut io_uring_cqe,
    count: c_uint,
) -> c_uint {
    if cqes.is_null() || count == 0 {
        return 0;
    }
    // SAFETY: the caller passes an initialised ring and room for `count` pointers.
    unsafe { (*ring).peek_batch_cqe(core::slice::from_raw_parts_mut(cqes, count as usize)) }
}

/// liburing: `io_uring_cq_advance(3)`: mark completions consumed.
/// man: io_uring_cqe_seen
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cq_advance(ring: *mut io_uring, nr: c_uint) {
    // SAFETY: the caller passes an initialised ring; khead is the application's to advance,
    // and release orders our CQE reads before the kernel may reuse the slots.
    unsafe {
        if nr != 0 {
            store_release(
                (*ring).cq.khead,
                load_relaxed((*ring).cq.khead).wrapping_add(nr),
            );
        }
    }
}

/// liburing: `io_uring_cqe_seen(3)`: mark a completion consumed.
///
/// `io_uring_cqe_seen()` marks the completion queue entry `cqe` returned by
/// `io_uring_wait_cqe(3)`, `io_uring_peek_cqe(3)` or `io_uring_for_each_cqe()` as consumed, so
/// the kernel can reuse its slot; a NULL `cqe` is ignored. `io_uring_cq_advance()` marks the
/// next `nr` entries consumed at once (after `io_uring_peek_batch_cqe(3)` or a loop over
/// `io_uring_for_each_cqe()`); on a IORING_SETUP_CQE_MIXED ring `nr` counts ring slots, and
/// `io_uring_cqe_nr(3)` says how many an entry takes. The new head is published with a release
/// store: the entries must not be read afterwards.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_seen(ring: *mut io_uring, cqe: *mut io_uring_cqe) {
    // SAFETY: the caller passes an initialised ring and NULL or one of its CQEs.
    unsafe {
        if !cqe.is_null() {
            io_uring_cq_advance(ring, io_uring_cqe_nr(cqe));
        }
    }
}

/// liburing: `io_uring_cq_ready(3)`: the number of completions ready.
///
/// Returns the number of completion queue entries of `ring` that the kernel has posted and the
/// application has not yet consumed.
///
/// # Return value
/// The number of entries (ring slots on a IORING_SETUP_CQE_MIXED ring).
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cq_ready(ring: *const io_uring) -> c_uint {
    // SAFETY: the caller passes an initialised ring; ktail/khead point into its mapping.
    unsafe { load_acquire((*ring).cq.ktail).wrapping_sub(load_relaxed((*ring).cq.khead)) }
}

/// liburing: `io_uring_cq_has_overflow(3)`: whether completions wait in the kernel.
///
/// Tells whether the kernel holds completions that did not fit into the full completion queue
/// of `ring` (IORING_SQ_CQ_OVERFLOW). They are flushed into the ring by the next
/// `io_uring_get_events(3)`, submit or wait once room has been made.
///
/// # Return value
/// true when there are overflowed completions, else false.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cq_has_overflow(ring: *const io_uring) -> bool {
    // SAFETY: the caller passes an initialised ring; kflags points into its mapping.
    unsafe { load_relaxed((*ring).sq.kflags) & IORING_SQ_CQ_OVERFLOW != 0 }
}

/// liburing: `io_uring_cq_eventfd_enabled(3)`: whether eventfd notifications are on.
/// man: io_uring_cq_eventfd_toggle
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cq_eventfd_enabled(ring: *const io_uring) -> bool {
    // SAFETY: the caller passes an initialised ring; kflags, when set, points into its mapping.
    unsafe {
        if (*ring).cq.kflags.is_null() {
            return true;
        }
        load_relaxed((*ring).cq.kflags) & IORING_CQ_EVENTFD_DISABLED == 0
    }
}

/// liburing: `io_uring_cq_eventfd_toggle(3)`: turn eventfd notifications on or off.
///
/// `io_uring_cq_eventfd_toggle()` enables (`enabled` true) or disables the notification of the
/// eventfd registered with `io_uring_register_eventfd(3)` when completions are posted, through
/// the IORING_CQ_EVENTFD_DISABLED bit of the CQ ring's flags. `io_uring_cq_eventfd_enabled()`
/// tells whether notifications are enabled.
///
/// # Return value
/// `io_uring_cq_eventfd_toggle()`: 0 on success (also when nothing changes), or a negative errno
/// value. `io_uring_cq_eventfd_enabled()`: true or false; always true on kernels without the CQ
/// ring flags word.
///
/// # Errors
/// - `-EOPNOTSUPP`: the kernel has no CQ ring flags word (before Linux 5.8), so notifications
///   cannot be turned off.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cq_eventfd_toggle(ring: *mut io_uring, enabled: bool) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).cq_eventfd_toggle(enabled) }
}

/// liburing 2.15: `io_uring_cqe_iter_init`: start iterating over the ready completions.
///
/// `io_uring_cqe_iter_init()` returns an iterator over the completion queue entries of `ring`
/// posted so far; `io_uring_cqe_iter_next()` stores the next one in `*cqe` and returns true, or
/// returns false at the end. The entries are not consumed: advance the ring afterwards with
/// `io_uring_cq_advance(3)`. The macro `io_uring_for_each_cqe()` is written with them.
///
/// # Return value
/// `io_uring_cqe_iter_init()`: the iterator. `io_uring_cqe_iter_next()`: true when `*cqe` was
/// set, false when no entry is left.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
#[allow(clippy::let_and_return)] // C++ has no compound literals: C returns a named struct
pub unsafe extern "C" fn io_uring_cqe_iter_init(ring: *const io_uring) -> io_uring_cqe_iter {
    // SAFETY: the caller passes an initialised ring; khead/ktail point into its mapping.
    unsafe {
        let iter: io_uring_cqe_iter = io_uring_cqe_iter {
            cqes: (*ring).cq.cqes,
            mask: (*ring).cq.ring_mask,
            shift: io_uring_cqe_shift(ring),
            head: load_relaxed((*ring).cq.khead),
            tail: load_acquire((*ring).cq.ktail),
        };
        iter
    }
}

/// liburing 2.15: `io_uring_cqe_iter_next`: the next completion of an iteration.
/// man: io_uring_cqe_iter_init
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_iter_next(
    iter: *mut io_uring_cqe_iter,
    cqe: *mut *mut io_uring_cqe,
) -> bool {
    // SAFETY: the caller passes an iterator from io_uring_cqe_iter_init and an out-pointer;
    // head is below the published tail, so its CQE is in the array.
    unsafe {
        if (*iter).head == (*iter).tail {
            return false;
        }
        *cqe = (*iter)
            .cqes
            .add((((*iter).head & (*iter).mask) << (*iter).shift) as usize);
        (*iter).head = (*iter).head.wrapping_add(io_uring_cqe_nr(*cqe));
        true
    }
}

/// liburing: `io_uring_cqe_nr`: the number of ring slots a completion takes.
///
/// Returns 2 for a 32-byte completion queue entry on a IORING_SETUP_CQE_MIXED ring (its flags
/// have IORING_CQE_F_32), else 1: the amount `io_uring_cq_advance(3)` must move the head by to
/// consume `cqe`.
///
/// # Return value
/// 1 or 2.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_cqe_nr(cqe: *const io_uring_cqe) -> c_uint {
    // SAFETY: the caller passes a CQE from a ring.
    unsafe { 1 + (((*cqe).flags & IORING_CQE_F_32 != 0) as c_uint) }
}

/// Whether `cqe` belongs to the application, not to liburing: neither a padding CQE of a
/// CQE_MIXED ring (IORING_CQE_F_SKIP) nor the internal timeout CQE of timed waits on kernels
/// without IORING_FEAT_EXT_ARG. Not exported: C gets it from inline.h, under a reserved name.
/// man: io_uring_skip_cqe
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

/// liburing: `io_uring_skip_cqe`: consume a completion that is liburing's own.
///
/// When `cqe` is a padding entry of a IORING_SETUP_CQE_MIXED ring (IORING_CQE_F_SKIP) or the
/// internal timeout entry that waits with a timeout use on kernels without IORING_FEAT_EXT_ARG,
/// consumes it, stores the timeout's error (`-ETIME`) in `*err` for the latter, and returns true:
/// the caller looks at the next entry. An internal helper of liburing's header.
///
/// # Return value
/// true when `cqe` was consumed, false when it is the application's.
///
/// # Errors
/// None.
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

/// liburing: `__io_uring_peek_cqe`: find the first completion that is the application's.
///
/// Stores in `*cqe_ptr` the first ready completion of `ring` that is not liburing's own
/// (consuming the ones that are, see `io_uring_skip_cqe(3)`), or NULL, and the number of ready
/// entries in `*nr_available` when that is not NULL. An internal helper of liburing's header.
///
/// # Return value
/// 0, or the error of an internal timeout completion it consumed (`-ETIME`).
///
/// # Errors
/// - `-ETIME`: an internal timeout completion was consumed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_peek_cqe(
    ring: *mut io_uring,
    cqe_ptr: *mut *mut io_uring_cqe,
    nr_available: *mut c_uint,
) -> c_int {
    let mut available = 0;
    // SAFETY: the caller passes an initialised ring and a writable cqe_ptr.
    unsafe { (*ring).trace_entry(TraceEntry::Other) };
    // SAFETY: as above.
    let (err, cqe) = unsafe { (*ring).peek_cqe_nr(&mut available) };
    unsafe {
        *cqe_ptr = cqe;
        if !nr_available.is_null() {
            *nr_available = available;
        }
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(entries: u32, flags: u32) -> io_uring {
        let mut ring = io_uring::zeroed();
        let mut p = io_uring_params {
            flags,
            ..Default::default()
        };
        assert_eq!(ring.init_params(entries, &mut p, ptr::null_mut(), 0), 0);
        ring
    }

    fn queue_nop(ring: &mut io_uring, user_data: u64) {
        let sqe = ring.get_sqe();
        assert!(!sqe.is_null());
        // SAFETY: a fresh SQE of this ring.
        let sqe = unsafe { &mut *sqe };
        sqe.opcode = IORING_OP_NOP as u8;
        sqe.fd = -1;
        sqe.user_data = user_data;
    }

    fn ms(n: i64) -> __kernel_timespec {
        __kernel_timespec {
            tv_sec: 0,
            tv_nsec: n * 1_000_000,
        }
    }

    #[test]
    fn a_timed_wait_with_nothing_pending_is_etime() {
        let mut r = ring(4, 0);
        let ts = ms(10);
        let (ret, cqe) = r.wait_cqes(1, &ts, ptr::null());
        assert_eq!((ret, cqe), (-libc::ETIME, ptr::null_mut()));
        r.exit();
    }

    #[test]
    fn wait_with_min_timeout_leaves_queued_sqes_alone() {
        if crate::kernel_probe::features() & crate::uapi::IORING_FEAT_MIN_TIMEOUT == 0 {
            return crate::kernel_probe::skip("the kernel has no min-timeout (6.12)");
        }
        let mut r = ring(4, 0);
        queue_nop(&mut r, 7);
        let ts = ms(10);
        assert_eq!(r.wait_cqes_ext(1, &ts, 1000, ptr::null()).0, -libc::ETIME);
        assert_eq!(r.sq_ready(), 1);
        assert_eq!(r.submit(), 1);
        let (ret, cqe) = r.wait_cqes_ext(1, &ts, 1000, ptr::null());
        assert_eq!(ret, 0);
        // SAFETY: a CQE returned by the wait.
        assert_eq!(unsafe { (*cqe).user_data }, 7);
        r.exit();
    }

    #[test]
    fn a_registered_wait_without_a_region_fails_without_hanging() {
        // ctests/core_wait_reg.c covers a registered region; without one the kernel refuses.
        let mut r = ring(4, 0);
        let (ret, cqe) = r.submit_and_wait_reg(1, 1);
        assert!(ret < 0 && cqe.is_null());
        r.exit();
    }

    #[test]
    fn overflowed_completions_come_back_in_order() {
        let mut r = io_uring::zeroed();
        let mut p = io_uring_params {
            flags: IORING_SETUP_CQSIZE,
            cq_entries: 4,
            ..Default::default()
        };
        assert_eq!(r.init_params(4, &mut p, ptr::null_mut(), 0), 0);
        for round in 0..3u64 {
            for i in 0..4 {
                queue_nop(&mut r, round * 4 + i);
            }
            assert_eq!(r.submit(), 4);
        }
        assert!(unsafe { io_uring_cq_has_overflow(&r) });
        for want in 0..12u64 {
            let (ret, cqe) = r.wait_cqe();
            assert_eq!(ret, 0);
            // SAFETY: a CQE returned by the wait.
            assert_eq!(unsafe { (*cqe).user_data }, want);
            r.cqe_seen(cqe);
        }
        assert_eq!(r.peek_cqe().0, -libc::EAGAIN);
        r.exit();
    }
}
