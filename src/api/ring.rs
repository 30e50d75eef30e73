//! [`Ring`], its [`Builder`] and the [`Submission`] view.

use std::cell::UnsafeCell;
use std::ffi::c_int;
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::ptr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::buf::OwnedBuf;
use super::cqe::{Completions, CqeRef};
use super::cvt;
use super::owned::OWNED_TAG;
use super::sqe::{Sqe, Timespec};
use crate::io_uring;
use crate::ring::load_relaxed;
use crate::uapi::*;

/// The ring, shared by a [`Ring`] and the [`super::BufRing`]s registered with it.
///
/// `inner` is only touched through the `Ring` (`&mut self` methods, or a short-lived shared
/// borrow in `&self` ones, never both at once) and, once the `Ring` is gone, by the last
/// owner's `Drop`. A `BufRing` uses only `fd`, never written after setup, and `retired`,
/// behind its lock; so the `Ring` and its buffer rings may live on different threads.
pub(crate) struct Shared {
    inner: UnsafeCell<Inner>,
    /// The ring's fd, for the register calls of buffer rings.
    fd: RawFd,
    /// Buffer memory of dropped buffer rings: an operation that picked a buffer just before
    /// the unregistration may still write to it, so it lives until nothing is in flight.
    pub(crate) retired: Mutex<Vec<Box<[u8]>>>,
}

// SAFETY: see the type's comment: `inner` has one user at a time, the rest is read-only or
// locked. The raw pointers inside point at the ring's own mappings.
unsafe impl Send for Shared {}
// SAFETY: as above.
unsafe impl Sync for Shared {}

/// The ring structure and what the safe API keeps alongside it.
pub(crate) struct Inner {
    pub(crate) raw: io_uring,
    /// CQ slots handed back to the kernel that ended no operation: completions with more to
    /// follow (IORING_CQE_F_MORE), padding, second slots of 32-byte CQEs on CQE_MIXED rings.
    /// The CQ head less these counts the operations that ended; the SQ head counts those
    /// the kernel took; the difference is what is still in flight.
    // Counted here, where the unusual completions are, rather than per completion.
    pub(crate) unfinished: u32,
    /// Buffers of owned-buffer operations in flight, by slot (see `super::owned`).
    pub(crate) owned: super::owned::Slots,
}

/// How long `Drop` waits for the operations it cancelled, in rounds of cancel-then-wait.
const DROP_ROUNDS: u32 = 50;
const DROP_ROUND: Duration = Duration::from_millis(100);

impl Inner {
    /// Operations the kernel has taken and not yet finished (as far as reaped completions
    /// tell).
    pub(crate) fn in_flight(&self) -> u32 {
        // SAFETY: a live ring; the heads point into its mapping.
        let (taken, reaped) = unsafe {
            (
                crate::submit::io_uring_load_sq_head(&self.raw),
                load_relaxed(self.raw.cq.khead),
            )
        };
        taken.wrapping_sub(reaped.wrapping_sub(self.unfinished))
    }

    /// Account for the completion `cqe` and hand its slot back to the kernel; returns the
    /// buffer of an owned-buffer operation it ends, and the caller's `user_data`.
    #[inline(always)]
    pub(crate) fn retire(&mut self, cqe: *mut io_uring_cqe) -> (Option<OwnedBuf>, u64) {
        // SAFETY: a published CQE of this ring, read before its slot goes back.
        let (user_data, res, flags) = unsafe { ((*cqe).user_data, (*cqe).res, (*cqe).flags) };
        self.raw.cqe_seen(cqe);
        self.count_unfinished(flags);
        if user_data & OWNED_TAG == 0 {
            return (None, user_data);
        }
        // SAFETY: handed back above; owned-buffer operations are single-shot.
        unsafe { self.owned.finish(user_data, res) }
    }

    /// Count the CQ slots a completion with `flags` takes that end no operation: padding
    /// (IORING_CQE_F_SKIP), a completion with more to follow (IORING_CQE_F_MORE), the second
    /// slot of a 32-byte CQE on a CQE_MIXED ring (IORING_CQE_F_32).
    #[inline(always)]
    pub(crate) fn count_unfinished(&mut self, flags: u32) {
        let first = flags & (IORING_CQE_F_SKIP | IORING_CQE_F_MORE) != 0;
        let second = flags & IORING_CQE_F_32 != 0;
        self.unfinished = self.unfinished.wrapping_add(first as u32 + second as u32);
    }

    /// Run `find`, a peek or wait for the CQE at the head, which may consume completions that
    /// are not the application's on the way (padding, liburing's internal timeouts): their
    /// slots count as ending no operation (which, for an internal timeout, errs towards
    /// counting more in flight).
    #[inline(always)]
    pub(crate) fn reap_head(
        &mut self,
        find: impl FnOnce(&mut io_uring) -> (c_int, *mut io_uring_cqe),
    ) -> (c_int, *mut io_uring_cqe) {
        // SAFETY: khead points into the live ring mapping; only we move it.
        let before = unsafe { load_relaxed(self.raw.cq.khead) };
        let found = find(&mut self.raw);
        // SAFETY: as above.
        let skipped = unsafe { load_relaxed(self.raw.cq.khead) }.wrapping_sub(before);
        self.unfinished = self.unfinished.wrapping_add(skipped);
        found
    }

    /// Cancel everything in flight and reap until nothing is (bounded by [`DROP_ROUNDS`]).
    /// Returns false when operations were still running at the end.
    fn quiesce(&mut self) -> bool {
        for _ in 0..DROP_ROUNDS {
            Completions::new(self).for_each(drop);
            if self.in_flight() == 0 {
                return true;
            }
            // Synchronous cancel of every request (IORING_ASYNC_CANCEL_ANY, kernel 6.0);
            // it returns once the cancelled ones are done or the timeout passed. Where it is
            // missing, the wait below still reaps what completes on its own.
            let mut reg = io_uring_sync_cancel_reg {
                flags: IORING_ASYNC_CANCEL_ANY,
                timeout: *Timespec::from(DROP_ROUND).raw(),
                ..Default::default()
            };
            self.raw.register_sync_cancel(&mut reg);
            let ts = Timespec::from(DROP_ROUND);
            self.raw.wait_cqes(1, ts.as_ptr(), ptr::null());
        }
        false
    }
}

impl Shared {
    /// The `struct io_uring` pointer the C functions take.
    pub(crate) fn ptr(&self) -> *mut io_uring {
        // SAFETY: only the address is taken.
        unsafe { &raw mut (*self.inner.get()).raw }
    }

    /// A ring structure with nothing but the ring's fd: enough for register calls, which
    /// is all a buffer ring makes, from whichever thread it is on.
    pub(crate) fn register_view(&self) -> io_uring {
        let mut ring = io_uring::zeroed();
        ring.ring_fd = self.fd;
        ring.enter_ring_fd = self.fd;
        ring
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        let inner = self.inner.get_mut();
        if !inner.quiesce() {
            // The kernel may still write into these: leak rather than free.
            std::mem::forget(std::mem::take(&mut inner.owned));
            std::mem::forget(std::mem::take(
                self.retired.get_mut().unwrap_or_else(|e| e.into_inner()),
            ));
        }
        inner.raw.exit();
    }
}

/// An io_uring instance: a submission queue, a completion queue and the kernel object behind
/// them.
///
/// # Dropping a ring
/// `Drop` cancels every operation still in flight (IORING_ASYNC_CANCEL_ANY), reaps their
/// completions until none is left, then tears the ring down (liburing's
/// `io_uring_queue_exit`). So when it returns the kernel is done with every buffer of the
/// ring's operations, and memory passed to an `unsafe` prep method may be freed. The wait is
/// bounded (about 5 s): if operations the kernel can't cancel are still running then, the
/// owned buffers and buffer-ring memory they may use are leaked rather than freed, and memory
/// passed to `unsafe` prep methods must not be freed until they complete.
///
/// # Threads
/// A `Ring` is `Send`: it may move to another thread, and its [`super::BufRing`]s may stay
/// behind. Rings built with IORING_SETUP_SINGLE_ISSUER (or DEFER_TASKRUN, which needs it)
/// accept submissions only from the thread that made the first one: after moving such a ring,
/// `submit` fails with EEXIST.
///
/// ```
/// use uring_rs::api::Ring;
///
/// let mut ring = Ring::new(4)?;
/// assert_eq!(ring.sq_entries(), 4);
/// assert_eq!(ring.cq_entries(), 8);
/// ring.get_sqe().unwrap().prep_nop();
/// assert_eq!(ring.submit()?, 1);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Ring {
    pub(crate) shared: Arc<Shared>,
}

impl Drop for Ring {
    /// Cancel and reap what is in flight now, while nobody else can use the ring.
    fn drop(&mut self) {
        self.inner().quiesce();
    }
}

impl std::fmt::Debug for Ring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ring")
            .field("fd", &self.as_raw_fd())
            .field("sq_entries", &self.sq_entries())
            .field("cq_entries", &self.cq_entries())
            .field("flags", &self.setup_flags())
            .finish()
    }
}

/// Options for a new [`Ring`]: `Ring::builder().entries(n) … .build()`.
///
/// ```
/// use uring_rs::api::Ring;
///
/// let ring = Ring::builder().entries(16).cq_entries(64).build()?;
/// assert_eq!((ring.sq_entries(), ring.cq_entries()), (16, 64));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    entries: u32,
    params: io_uring_params,
}

impl Default for Builder {
    /// 64 SQ entries, no flags.
    ///
    /// ```
    /// let ring = uring_rs::api::Builder::default().build()?;
    /// assert_eq!(ring.sq_entries(), 64);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn default() -> Self {
        Builder {
            entries: 64,
            params: io_uring_params::default(),
        }
    }
}

impl Builder {
    /// SQ size (rounded up to a power of two by the kernel).
    ///
    /// ```
    /// let ring = uring_rs::api::Ring::builder().entries(5).build()?;
    /// assert_eq!(ring.sq_entries(), 8);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn entries(mut self, entries: u32) -> Self {
        self.entries = entries;
        self
    }

    /// CQ size (IORING_SETUP_CQSIZE); at least the SQ size. Without it the CQ is twice the SQ.
    ///
    /// ```
    /// let ring = uring_rs::api::Ring::builder().entries(4).cq_entries(100).build()?;
    /// assert_eq!(ring.cq_entries(), 128);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cq_entries(mut self, cq_entries: u32) -> Self {
        self.params.flags |= IORING_SETUP_CQSIZE;
        self.params.cq_entries = cq_entries;
        self
    }

    /// Add `IORING_SETUP_*` flags (they accumulate).
    ///
    /// ```
    /// use uring_rs::uapi::IORING_SETUP_CLAMP;
    ///
    /// let ring = uring_rs::api::Ring::builder().entries(1 << 20).flags(IORING_SETUP_CLAMP).build()?;
    /// assert_eq!(ring.sq_entries(), 32768);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn flags(mut self, flags: u32) -> Self {
        self.params.flags |= flags;
        self
    }

    /// Kernel-side submission polling (IORING_SETUP_SQPOLL): a kernel thread picks SQEs up,
    /// and goes to sleep after `idle_ms` milliseconds without work.
    ///
    /// ```
    /// use uring_rs::uapi::IORING_SETUP_SQPOLL;
    ///
    /// let ring = uring_rs::api::Ring::builder().sqpoll(10).build()?;
    /// assert!(ring.setup_flags() & IORING_SETUP_SQPOLL != 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn sqpoll(mut self, idle_ms: u32) -> Self {
        self.params.flags |= IORING_SETUP_SQPOLL;
        self.params.sq_thread_idle = idle_ms;
        self
    }

    /// Pin the SQPOLL thread to `cpu` (IORING_SETUP_SQ_AFF); implies nothing without
    /// [`Builder::sqpoll`].
    ///
    /// ```
    /// let ring = uring_rs::api::Ring::builder().sqpoll(10).sqpoll_cpu(0).build()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn sqpoll_cpu(mut self, cpu: u32) -> Self {
        self.params.flags |= IORING_SETUP_SQ_AFF;
        self.params.sq_thread_cpu = cpu;
        self
    }

    /// Create the ring (liburing's `io_uring_queue_init_params`).
    ///
    /// ```
    /// let err = uring_rs::api::Ring::builder().entries(0).build().unwrap_err();
    /// assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    /// ```
    pub fn build(self) -> io::Result<Ring> {
        let mut params = self.params;
        let mut raw = io_uring::zeroed();
        cvt(raw.init_params(self.entries, &mut params, ptr::null_mut(), 0))?;
        let fd = raw.ring_fd;
        Ok(Ring {
            shared: Arc::new(Shared {
                inner: UnsafeCell::new(Inner {
                    raw,
                    unfinished: 0,
                    owned: Default::default(),
                }),
                fd,
                retired: Mutex::new(Vec::new()),
            }),
        })
    }
}

impl Ring {
    /// A ring with `entries` SQ entries and default options.
    ///
    /// ```
    /// let ring = uring_rs::api::Ring::new(32)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(entries: u32) -> io::Result<Ring> {
        Builder::default().entries(entries).build()
    }

    /// Start building a ring with options.
    ///
    /// ```
    /// let ring = uring_rs::api::Ring::builder().entries(8).build()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The ring structure and its bookkeeping, for this call only.
    #[inline(always)]
    pub(crate) fn inner(&mut self) -> &mut Inner {
        // SAFETY: see `Shared`: only the `Ring` touches `inner`, and this borrow ends before
        // any other access.
        unsafe { &mut *self.shared.inner.get() }
    }

    /// The ring structure, for this call only.
    #[inline(always)]
    pub(crate) fn raw(&mut self) -> &mut io_uring {
        &mut self.inner().raw
    }

    #[inline(always)]
    pub(crate) fn inner_ref(&self) -> &Inner {
        // SAFETY: as above; no `&mut` to it outlives the `&mut self` call that made it.
        unsafe { &*self.shared.inner.get() }
    }

    #[inline(always)]
    fn raw_ref(&self) -> &io_uring {
        &self.inner_ref().raw
    }

    /// The `struct io_uring` this ring wraps, for calling the C API directly (e.g. an
    /// `io_uring_*` function this module doesn't wrap). Don't tear it down or break its
    /// invariants through the pointer: the `Ring` still owns it.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let n = unsafe { uring_rs::submit::io_uring_sq_space_left(ring.as_ptr()) };
    /// assert_eq!(n, 4);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn as_ptr(&self) -> *mut io_uring {
        self.shared.ptr()
    }

    /// Number of SQ entries.
    ///
    /// ```
    /// assert_eq!(uring_rs::api::Ring::new(8)?.sq_entries(), 8);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn sq_entries(&self) -> u32 {
        self.raw_ref().sq.ring_entries
    }

    /// Number of CQ entries.
    ///
    /// ```
    /// assert_eq!(uring_rs::api::Ring::new(8)?.cq_entries(), 16);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cq_entries(&self) -> u32 {
        self.raw_ref().cq.ring_entries
    }

    /// The `IORING_SETUP_*` flags the ring runs with (including ones the library added).
    ///
    /// ```
    /// use uring_rs::uapi::IORING_SETUP_SQPOLL;
    /// assert_eq!(uring_rs::api::Ring::new(8)?.setup_flags() & IORING_SETUP_SQPOLL, 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn setup_flags(&self) -> u32 {
        self.raw_ref().flags
    }

    /// The `IORING_FEAT_*` flags the kernel reported.
    ///
    /// ```
    /// use uring_rs::uapi::IORING_FEAT_NODROP;
    /// assert!(uring_rs::api::Ring::new(8)?.features() & IORING_FEAT_NODROP != 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn features(&self) -> u32 {
        self.raw_ref().features
    }

    /// Whether the kernel supports `opcode` (an `IORING_OP_*`), from the ring's probe
    /// ([`Ring::probe`], which answers any number of such questions).
    ///
    /// ```
    /// use uring_rs::uapi::IORING_OP_NOP;
    /// assert!(uring_rs::api::Ring::new(4)?.opcode_supported(IORING_OP_NOP));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn opcode_supported(&mut self, opcode: u32) -> bool {
        self.probe().is_some_and(|p| p.is_supported(opcode))
    }

    /// The next free SQE. When the SQ is full, what is queued is submitted first (which ends
    /// a link chain in progress) and the SQE taken from the room that made; `None` if that
    /// submit fails or the kernel took nothing (an SQPOLL thread that is behind).
    ///
    /// The entry starts out as a NOP with `user_data` 0, so one that is dropped without a
    /// `prep_*` call is harmless. It is submitted by the next [`Ring::submit`].
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(1)?;
    /// ring.get_sqe().unwrap().prep_nop().user_data(1);
    /// ring.get_sqe().unwrap().prep_nop().user_data(2); // submitted the first one
    /// ring.submit_and_wait(2)?;
    /// let ids: Vec<u64> = ring.completions().map(|c| c.user_data()).collect();
    /// assert_eq!(ids, [1, 2]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[inline]
    pub fn get_sqe(&mut self) -> Option<Sqe<'_>> {
        let mut sqe = self.raw().get_sqe();
        if sqe.is_null() {
            sqe = self.get_sqe_after_submit();
        }
        // SAFETY: a fresh SQE of this ring, borrowed for as long as the ring is.
        unsafe { Sqe::new(sqe) }
    }

    #[cold]
    fn get_sqe_after_submit(&mut self) -> *mut io_uring_sqe {
        if self.raw().submit() < 0 {
            return ptr::null_mut();
        }
        self.raw().get_sqe()
    }

    /// The submission side: a view that hands out entries and tells how many are queued.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let mut sq = ring.submission();
    /// sq.get_sqe().unwrap().prep_nop();
    /// assert_eq!((sq.ready(), sq.space_left()), (1, 3));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn submission(&mut self) -> Submission<'_> {
        Submission { ring: self }
    }

    /// Hand the queued SQEs to the kernel; returns how many it took
    /// (liburing's `io_uring_submit`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.get_sqe().unwrap().prep_nop();
    /// ring.get_sqe().unwrap().prep_nop();
    /// assert_eq!(ring.submit()?, 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn submit(&mut self) -> io::Result<usize> {
        cvt(self.raw().submit()).map(|n| n as usize)
    }

    /// Submit, then wait until at least `want` completions are ready
    /// (liburing's `io_uring_submit_and_wait`). Returns how many SQEs were submitted.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.get_sqe().unwrap().prep_nop();
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.cq_ready(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn submit_and_wait(&mut self, want: u32) -> io::Result<usize> {
        cvt(self.raw().submit_and_wait(want)).map(|n| n as usize)
    }

    /// Submit what is queued and wait until `want` completions are ready or `timeout`
    /// passes, whichever is first (liburing's `io_uring_submit_and_wait_timeout`). Returns
    /// the number of completions ready, which is below `want` after a timeout.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert_eq!(ring.wait(1, Duration::from_millis(1))?, 0); // nothing in flight: times out
    /// ring.get_sqe().unwrap().prep_nop();
    /// assert_eq!(ring.wait(1, Duration::from_secs(5))?, 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn wait(&mut self, want: u32, timeout: Duration) -> io::Result<u32> {
        let ts = Timespec::from(timeout);
        let (ret, _) = self
            .raw()
            .submit_and_wait_timeout(want, ts.as_ptr(), 0, ptr::null());
        match ret {
            r if r >= 0 || r == -libc::ETIME => Ok(self.cq_ready()),
            r => cvt(r),
        }
    }

    /// Completions ready to be reaped (liburing's `io_uring_cq_ready`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert_eq!(ring.cq_ready(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cq_ready(&self) -> u32 {
        self.raw_ref().cq_ready()
    }

    /// The first completion if one is ready, without waiting (liburing's
    /// `io_uring_peek_cqe`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert!(ring.peek_cqe().is_none());
    /// ring.get_sqe().unwrap().prep_nop().user_data(7);
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.peek_cqe().unwrap().user_data(), 7);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn peek_cqe(&mut self) -> Option<CqeRef<'_>> {
        let inner = self.inner();
        let (_, cqe) = inner.reap_head(io_uring::peek_cqe);
        // SAFETY: a published CQE of this ring.
        unsafe { CqeRef::new(inner, cqe) }
    }

    /// Wait for a completion (liburing's `io_uring_wait_cqe`). Does not submit: queued SQEs
    /// need a [`Ring::submit`] first.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.get_sqe().unwrap().prep_nop().user_data(9);
    /// ring.submit()?;
    /// let cqe = ring.wait_cqe()?;
    /// assert_eq!(cqe.user_data(), 9);
    /// cqe.seen();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn wait_cqe(&mut self) -> io::Result<CqeRef<'_>> {
        let inner = self.inner();
        let (ret, cqe) = inner.reap_head(io_uring::wait_cqe);
        cvt(ret)?;
        // SAFETY: a published CQE of this ring.
        unsafe { CqeRef::new(inner, cqe) }.ok_or_else(|| io::Error::from_raw_os_error(libc::EAGAIN))
    }

    /// Wait up to `timeout` for a completion (liburing's `io_uring_wait_cqe_timeout`);
    /// `Ok(None)` when the time ran out.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert!(ring.wait_cqe_timeout(Duration::from_millis(1))?.is_none());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn wait_cqe_timeout(&mut self, timeout: Duration) -> io::Result<Option<CqeRef<'_>>> {
        let ts = Timespec::from(timeout);
        let inner = self.inner();
        let (ret, cqe) = inner.reap_head(|raw| raw.wait_cqes(1, ts.as_ptr(), ptr::null()));
        if ret == -libc::ETIME && cqe.is_null() {
            return Ok(None);
        }
        cvt(ret)?;
        // SAFETY: a published CQE of this ring.
        Ok(unsafe { CqeRef::new(inner, cqe) })
    }

    /// An iterator that copies out and retires every completion that is ready now; the
    /// cheapest way to reap, as it hands the CQ slots back to the kernel once per batch
    /// (see [`Completions`]).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// for i in 0..3 {
    ///     ring.get_sqe().unwrap().prep_nop().user_data(i);
    /// }
    /// ring.submit_and_wait(3)?;
    /// let ids: Vec<u64> = ring.completions().map(|c| c.user_data()).collect();
    /// assert_eq!(ids, [0, 1, 2]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn completions(&mut self) -> Completions<'_> {
        Completions::new(self.inner())
    }

    /// Register the ring's own fd with itself, so every `io_uring_enter` skips an fd lookup
    /// (liburing's `io_uring_register_ring_fd`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_ring_fd()?;
    /// ring.get_sqe().unwrap().prep_nop();
    /// ring.submit_and_wait(1)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_ring_fd(&mut self) -> io::Result<()> {
        cvt(self.raw().register_ring_fd()).map(drop)
    }

    /// Register `fds` as the ring's fixed files (liburing's `io_uring_register_files`); an
    /// SQE then names one by index with [`Sqe::fixed_file`]. `-1` leaves a slot empty.
    /// The kernel takes its own references: the fds may be closed afterwards.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_files(&[0, -1])?;
    /// ring.unregister_files()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_files(&mut self, fds: &[RawFd]) -> io::Result<()> {
        let n = u32::try_from(fds.len()).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
        // The kernel copies the array during the call.
        cvt(self.raw().register_files(fds.as_ptr(), n)).map(drop)
    }

    /// Register a table of `nr` empty fixed-file slots
    /// (liburing's `io_uring_register_files_sparse`), e.g. for direct accept/open.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_files_sparse(16)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_files_sparse(&mut self, nr: u32) -> io::Result<()> {
        cvt(self.raw().register_files_sparse(nr)).map(drop)
    }

    /// Replace fixed files `offset..offset + fds.len()` (liburing's
    /// `io_uring_register_files_update`); returns how many were updated.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_files_sparse(4)?;
    /// assert_eq!(ring.register_files_update(2, &[0])?, 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_files_update(&mut self, offset: u32, fds: &[RawFd]) -> io::Result<u32> {
        let n = u32::try_from(fds.len()).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
        // The kernel copies the array during the call.
        cvt(self.raw().register_files_update(offset, fds.as_ptr(), n))
    }

    /// Drop the fixed-file table (liburing's `io_uring_unregister_files`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert!(ring.unregister_files().is_err()); // nothing registered
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn unregister_files(&mut self) -> io::Result<()> {
        cvt(self.raw().unregister_files()).map(drop)
    }

    /// Register `bufs` as fixed buffers (liburing's `io_uring_register_buffers`), for
    /// [`Sqe::prep_read_fixed`] / [`Sqe::prep_write_fixed`] by index.
    ///
    /// # Safety
    /// The memory must stay allocated, and not be accessed while a fixed-buffer operation on
    /// it is in flight, until [`Ring::unregister_buffers`] or the ring is dropped: the
    /// kernel pins the pages and fixed operations reach them by index, not through a borrow.
    ///
    /// ```
    /// use std::io::IoSliceMut;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let mut buf = vec![0u8; 4096];
    /// unsafe { ring.register_buffers(&[IoSliceMut::new(&mut buf)])? };
    /// ring.unregister_buffers()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn register_buffers(&mut self, bufs: &[io::IoSliceMut<'_>]) -> io::Result<()> {
        let n =
            u32::try_from(bufs.len()).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
        // IoSliceMut is ABI-compatible with iovec on Unix; the kernel copies the array.
        cvt(self.raw().register_buffers(bufs.as_ptr().cast(), n)).map(drop)
    }

    /// Drop the fixed-buffer table (liburing's `io_uring_unregister_buffers`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert!(ring.unregister_buffers().is_err()); // nothing registered
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn unregister_buffers(&mut self) -> io::Result<()> {
        cvt(self.raw().unregister_buffers()).map(drop)
    }
}

impl AsRawFd for Ring {
    /// The ring's file descriptor.
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    /// assert!(uring_rs::api::Ring::new(4)?.as_raw_fd() >= 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn as_raw_fd(&self) -> RawFd {
        self.raw_ref().ring_fd
    }
}

/// The submission side of a [`Ring`], from [`Ring::submission`].
///
/// ```
/// let mut ring = uring_rs::api::Ring::new(2)?;
/// let mut sq = ring.submission();
/// while sq.space_left() > 0 {
///     sq.get_sqe().unwrap().prep_nop();
/// }
/// assert_eq!(sq.ready(), 2);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Submission<'r> {
    ring: &'r mut Ring,
}

impl Submission<'_> {
    /// The next free SQE, as [`Ring::get_sqe`] (which submits when the SQ is full).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(2)?;
    /// ring.submission().get_sqe().unwrap().prep_nop();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn get_sqe(&mut self) -> Option<Sqe<'_>> {
        self.ring.get_sqe()
    }

    /// SQEs queued and not yet consumed by the kernel (liburing's `io_uring_sq_ready`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(2)?;
    /// assert_eq!(ring.submission().ready(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn ready(&self) -> u32 {
        self.ring.raw_ref().sq_ready()
    }

    /// Free SQ slots (liburing's `io_uring_sq_space_left`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(2)?;
    /// assert_eq!(ring.submission().space_left(), 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn space_left(&self) -> u32 {
        self.ring.raw_ref().sq_space_left()
    }
}
