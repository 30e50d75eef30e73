//! [`Ring`], its [`Builder`] and the [`Submission`] view.

use std::cell::UnsafeCell;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::ptr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::buf::OwnedBuf;
use super::cqe::{Completions, CqeRef};
use super::cvt;
use super::owned::OWNED_TAG;
use super::sqe::{Sqe, Timespec};
use crate::io_uring;
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
    /// The SQE size shift (1 on IORING_SETUP_SQE128 rings), kept so that taking an SQE
    /// needn't derive it from the setup flags.
    sqe_shift: u32,
    /// Buffers of owned-buffer operations in flight, by slot (see `super::owned`).
    pub(crate) owned: super::owned::Slots,
    /// The registered wait parameters ([`Ring::register_wait_region`]); unmapped after
    /// the ring is torn down, as a field dropped after `Shared::drop`'s body.
    pub(crate) wait_region: Option<super::register::WaitRegion>,
}

/// How long `Drop` waits for the operations it cancelled, in rounds of cancel-then-wait.
const DROP_ROUNDS: u32 = 50;
const DROP_ROUND: Duration = Duration::from_millis(100);

impl Inner {
    /// [`Ring::wait`].
    pub(crate) fn wait(&mut self, want: u32, timeout: Duration) -> io::Result<u32> {
        let ts = Timespec::from(timeout);
        let (ret, _) = self
            .raw
            .submit_and_wait_timeout(want, ts.as_ptr(), 0, ptr::null());
        match ret {
            r if r >= 0 || r == -libc::ETIME => Ok(self.raw.cq_ready()),
            r => cvt(r),
        }
    }

    /// The next free SQE, submitting what is queued once to make room when the SQ is full;
    /// null if that submit fails or the kernel took nothing (an SQPOLL thread behind).
    /// `ANY_SIZE` false: the ring's SQEs are 64 bytes (a plain [`Ring`]'s), a constant.
    #[inline(always)]
    pub(crate) fn get_sqe<const ANY_SIZE: bool>(&mut self) -> *mut io_uring_sqe {
        let sqe = self.take_sqe::<ANY_SIZE>();
        if sqe.is_null() {
            return self.get_sqe_after_submit::<ANY_SIZE>();
        }
        sqe
    }

    #[cold]
    fn get_sqe_after_submit<const ANY_SIZE: bool>(&mut self) -> *mut io_uring_sqe {
        if self.raw.submit() < 0 {
            return ptr::null_mut();
        }
        self.take_sqe::<ANY_SIZE>()
    }

    /// The next free SQE, or null when the SQ is full (liburing's `io_uring_get_sqe`).
    #[inline(always)]
    pub(crate) fn take_sqe<const ANY_SIZE: bool>(&mut self) -> *mut io_uring_sqe {
        let shift = if ANY_SIZE { self.sqe_shift } else { 0 };
        // SAFETY: a live ring; `shift` is its SQE size shift.
        unsafe { crate::submit::__io_uring_get_sqe_shifted(&mut self.raw, shift) }
    }

    /// Hand the completion `cqe` back to the kernel; on a ring with owned-buffer operations,
    /// also returns the buffer of one it ends, and the caller's `user_data`.
    #[inline(always)]
    pub(crate) fn retire<const OWNED: bool>(
        &mut self,
        cqe: *mut io_uring_cqe,
    ) -> (Option<OwnedBuf>, u64) {
        // SAFETY: a published CQE of this ring, read before its slot goes back.
        let (user_data, res, flags) = unsafe { ((*cqe).user_data, (*cqe).res, (*cqe).flags) };
        self.raw.cqe_seen(cqe);
        if !OWNED || user_data & OWNED_TAG == 0 {
            return (None, user_data);
        }
        // SAFETY: handed back above.
        unsafe { self.owned.finish(user_data, res, flags) }
    }

    /// Cancel everything in flight and wait until the kernel is done with all of it (bounded
    /// by [`DROP_ROUNDS`]). Errs with why, when that could not be confirmed.
    ///
    /// Nothing is counted per completion, so reaping costs nothing for this. The end is marked
    /// instead: after the cancel, an 8-byte write to a private eventfd with IOSQE_IO_DRAIN,
    /// which the kernel starts only once every request submitted before it has completed.
    /// The eventfd turning readable proves that; nobody else can write to it, whatever
    /// `user_data` the application used.
    pub(crate) fn quiesce(&mut self) -> Result<(), Unproven> {
        // Entries prepared and never submitted are dropped: nothing started them.
        self.raw.sq.sqe_tail = self.raw.sq.sqe_head;
        let cancelled = self.cancel_all();
        if self.raw.flags & IORING_SETUP_IOPOLL != 0 {
            return self.quiesce_iopoll();
        }
        let mark = DrainMark::new().ok_or(Unproven::NoEventfd)?;
        let efd = mark.fd.as_raw_fd();
        match self.submit_drain(|sqe| {
            // SAFETY: a fresh SQE; DRAIN_MARK is static, so it outlives the write.
            unsafe {
                crate::prep::files::io_uring_prep_write(
                    sqe,
                    efd,
                    (&raw const DRAIN_MARK).cast(),
                    8,
                    0,
                )
            }
        }) {
            Ok(()) => {}
            // A ring never enabled (IORING_SETUP_R_DISABLED) has run nothing.
            Err(e) if e == -libc::EBADFD => return Ok(()),
            Err(e) => return Err(Unproven::NotSubmitted(e)),
        }
        for round in 0..DROP_ROUNDS {
            if mark.is_set() {
                return Ok(());
            }
            if self.drain_refused() {
                return Err(Unproven::DrainRefused);
            }
            // A kernel without synchronous cancel (before 6.0) ran nothing to an end: what is
            // in flight may wait forever (a read of an empty pipe), so after one look at what
            // already completed, give up rather than wait out the rounds.
            if !cancelled && round > 0 {
                return Err(Unproven::NotCancelled);
            }
            // Wait in the kernel, which also runs deferred task work and flushes an
            // overflowed CQ; before IORING_FEAT_EXT_ARG a timed wait would queue a timeout
            // behind the drain, so wait on the eventfd there.
            if self.raw.features & IORING_FEAT_EXT_ARG != 0 {
                let ts = Timespec::from(DROP_ROUND);
                self.raw.wait_cqes(1, ts.as_ptr(), ptr::null());
            } else {
                self.raw.get_events();
                mark.wait(DROP_ROUND);
            }
        }
        if mark.is_set() {
            Ok(())
        } else {
            Err(Unproven::TimedOut)
        }
    }

    /// Synchronous cancel of every request (IORING_ASYNC_CANCEL_ANY, kernel 6.0): returns
    /// once the cancelled ones are done or [`DROP_ROUND`] passed. Where it is missing (the
    /// kernel refuses the registration with EINVAL: 5.10, 5.15), what is in flight runs to
    /// its end, and this returns false.
    fn cancel_all(&mut self) -> bool {
        let mut reg = io_uring_sync_cancel_reg {
            flags: IORING_ASYNC_CANCEL_ANY,
            timeout: *Timespec::from(DROP_ROUND).raw(),
            ..Default::default()
        };
        self.raw.register_sync_cancel(&mut reg) != -libc::EINVAL
    }

    /// Reap what completed (an owned buffer goes back to its slot's owner, which is this
    /// ring now, and is dropped), and tell whether the kernel refused the drain mark: a ring
    /// that ever ran an IOSQE_CQE_SKIP_SUCCESS entry answers IOSQE_IO_DRAIN with
    /// -EOPNOTSUPP, a restricted one (`Ring::register_restrictions`) without writes or
    /// drains with -EACCES. The mark is known by its `user_data`; an operation of the
    /// application's with the same value and a failure only makes `quiesce` give up early,
    /// which leaks and never frees too soon.
    fn drain_refused(&mut self) -> bool {
        Completions::<true>::new(self).any(|c| c.user_data() == DRAIN_MARK_USER_DATA && c.res() < 0)
    }

    /// [`Inner::quiesce`] on an IORING_SETUP_IOPOLL ring, where a write to an eventfd can't
    /// run: the mark is a NOP with IOSQE_IO_DRAIN whose completion carries
    /// [`IOPOLL_MARK_RES`] (IORING_NOP_INJECT_RESULT, kernel 6.10), found by reaping. No
    /// request but this NOP can complete with that `user_data` and that result: no
    /// operation returns it, and safe code can't make a NOP inject it (its SQE can be
    /// written only through `unsafe` code). Nothing is counted per completion.
    fn quiesce_iopoll(&mut self) -> Result<(), Unproven> {
        match self.submit_drain(|sqe| {
            // SAFETY: a fresh SQE; a NOP touches no memory.
            unsafe {
                crate::prep::control::io_uring_prep_nop(sqe);
                (*sqe).__bindgen_anon_3.nop_flags = IORING_NOP_INJECT_RESULT;
                (*sqe).len = IOPOLL_MARK_RES as u32;
            }
        }) {
            Ok(()) => {}
            Err(e) if e == -libc::EBADFD => return Ok(()),
            Err(e) => return Err(Unproven::NotSubmitted(e)),
        }
        // Completions are polled for, not waited on: short sleeps, as many as the other
        // path's rounds take. Each round enters the kernel, which polls for the ring's
        // completions and runs the task work that posts the others: a ring with
        // IORING_SETUP_DEFER_TASKRUN runs it only there.
        const POLL: Duration = Duration::from_millis(1);
        for _ in 0..(DROP_ROUNDS * DROP_ROUND.as_millis() as u32) {
            self.raw.get_events();
            let mut refused = false;
            for c in Completions::<true>::new(self) {
                match (c.user_data(), c.res()) {
                    (DRAIN_MARK_USER_DATA, IOPOLL_MARK_RES) => return Ok(()),
                    // A kernel without IORING_NOP_INJECT_RESULT (or a request of the
                    // application's, which only makes the drop give up and leak).
                    (DRAIN_MARK_USER_DATA, r) if r == -libc::EINVAL => refused = true,
                    _ => {}
                }
            }
            if refused {
                return Err(Unproven::DrainRefused);
            }
            std::thread::sleep(POLL);
        }
        Err(Unproven::TimedOut)
    }

    /// Queue and submit the drain mark that `prep` makes, after everything else.
    fn submit_drain(&mut self, prep: impl FnOnce(*mut io_uring_sqe)) -> Result<(), i32> {
        let sqe = self.get_sqe::<true>();
        if sqe.is_null() {
            return Err(-libc::EBUSY);
        }
        prep(sqe);
        // SAFETY: a fresh SQE, prepared.
        unsafe {
            crate::prep::io_uring_sqe_set_flags(sqe, IOSQE_IO_DRAIN);
            crate::prep::io_uring_sqe_set_data64(sqe, DRAIN_MARK_USER_DATA);
        }
        match self.raw.submit() {
            n if n > 0 => Ok(()),
            0 => Err(-libc::EBUSY),
            e => Err(e),
        }
    }
}

/// Why [`Inner::quiesce`] could not prove that the kernel is done with the ring's operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unproven {
    /// No eventfd could be made for the mark.
    NoEventfd,
    /// The mark could not be submitted (`-errno`; EEXIST: a SINGLE_ISSUER ring on another
    /// thread than its submitter's).
    NotSubmitted(i32),
    /// The kernel failed the mark (EOPNOTSUPP for its IOSQE_IO_DRAIN, EACCES on a
    /// restricted ring).
    DrainRefused,
    /// The kernel has no synchronous cancel (before 6.0), and the mark was not reached at
    /// once: something still runs, and nothing can stop it.
    NotCancelled,
    /// The mark was not reached within [`DROP_ROUNDS`].
    TimedOut,
}

/// What the drain mark writes: static, so it outlives a mark still queued when
/// [`Inner::quiesce`] gives up.
static DRAIN_MARK: u64 = 1;

/// The drain mark's `user_data`, to recognise its failure (see [`Inner::drain_refused`]).
const DRAIN_MARK_USER_DATA: u64 = u64::MAX - 1;

/// The result the drain mark of an IOPOLL ring completes with ([`Inner::quiesce_iopoll`]):
/// no operation returns it (errors are -1 to -4095, successes non-negative).
const IOPOLL_MARK_RES: i32 = i32::MIN;

/// The private eventfd of [`Inner::quiesce`].
struct DrainMark {
    fd: OwnedFd,
}

impl DrainMark {
    fn new() -> Option<Self> {
        // SAFETY: plain syscall; a valid fd is owned from here on.
        let fd = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) };
        // SAFETY: as above.
        (fd >= 0).then(|| DrainMark {
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
        })
    }

    /// The mark was written: every request before it has completed.
    fn is_set(&self) -> bool {
        let mut v = 0u64;
        // SAFETY: reads 8 bytes into `v`.
        let n = unsafe { libc::read(self.fd.as_raw_fd(), (&raw mut v).cast(), 8) };
        n == 8
    }

    /// Wait up to `timeout` for the mark.
    fn wait(&self, timeout: Duration) {
        let mut pfd = libc::pollfd {
            fd: self.fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        unsafe { libc::poll(&mut pfd, 1, timeout.as_millis() as i32) };
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
        if inner.quiesce().is_err() {
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
/// `Drop` drops the entries queued and never submitted, cancels every operation still in
/// flight (IORING_ASYNC_CANCEL_ANY), and waits until the kernel has finished all of them: it
/// submits a mark, an 8-byte write to an eventfd of its own with IOSQE_IO_DRAIN, which the
/// kernel starts only once everything submitted before it has completed, and waits for the
/// eventfd to turn readable (on an IORING_SETUP_IOPOLL ring, where that write can't run,
/// the mark is a NOP whose completion carries a result no operation returns, reaped when
/// polled for; kernel 6.10). Then it tears the ring down (liburing's `io_uring_queue_exit`).
/// So when it returns the kernel is done with every buffer of the ring's operations, and
/// memory passed to an `unsafe` prep method may be freed. No completion is counted on the
/// way, so reaping pays nothing for this.
///
/// The wait is bounded (about 5 s). Where the end can't be confirmed, the owned buffers and
/// buffer-ring memory the operations may use are leaked rather than freed, and memory passed
/// to `unsafe` prep methods must not be freed until they complete: operations the kernel
/// can't cancel still running then; anything still in flight on a kernel without
/// synchronous cancel (before 6.0: Debian 11's 5.10, Ubuntu 22.04's 5.15), where `Drop`
/// does not wait at all; an IORING_SETUP_IOPOLL ring on a kernel before 6.10 (no NOP
/// result to mark with); a ring that ever ran an entry with IOSQE_CQE_SKIP_SUCCESS, after which
/// the kernel refuses IOSQE_IO_DRAIN (the safe API never sets it, but the pad entry that
/// `prep_nop128`/`prep_uring_cmd128` may need on an IORING_SETUP_SQE_MIXED ring does); a
/// SINGLE_ISSUER ring dropped on another thread than its submitter's.
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
pub struct Ring<const OWNED: bool = false> {
    pub(crate) shared: Arc<Shared>,
}

/// A [`Ring`] that also runs owned-buffer operations ([`OwnedRing::read`] …): made by
/// [`Ring::new_owned`] or [`Builder::build_owned`].
///
/// Its completions are checked one by one for the buffers to hand back, which a plain
/// [`Ring`] skips: reaping there costs what it costs in C. Everything else is the same.
///
/// ```
/// use std::io::Write;
/// use std::os::fd::AsRawFd;
///
/// let mut ring = uring_rs::api::Ring::new_owned(4)?;
/// let (r, mut w) = std::io::pipe()?;
/// w.write_all(b"hi")?;
/// ring.read(r.as_raw_fd(), Vec::with_capacity(8), u64::MAX, 1)?;
/// ring.submit_and_wait(1)?;
/// let mut cqe = ring.completions().next().unwrap();
/// assert_eq!(cqe.take_buf::<Vec<u8>>().unwrap(), b"hi");
/// # Ok::<(), std::io::Error>(())
/// ```
pub type OwnedRing = Ring<true>;

impl<const OWNED: bool> Drop for Ring<OWNED> {
    /// Cancel and wait for what is in flight now, while nobody else can submit, if buffer
    /// rings keep the ring alive; otherwise `Shared`'s drop, which follows at once, does it
    /// (and leaks what could not be proven done).
    fn drop(&mut self) {
        // A count of 1 stays 1: only a `Ring` makes buffer rings.
        if Arc::strong_count(&self.shared) > 1 {
            let _ = self.inner().quiesce();
        }
    }
}

impl<const OWNED: bool> std::fmt::Debug for Ring<OWNED> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ring")
            .field("fd", &self.as_raw_fd())
            .field("sq_entries", &self.sq_entries())
            .field("cq_entries", &self.cq_entries())
            .field("flags", &self.setup_flags())
            .field("owned", &OWNED)
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

    /// Share the async worker pool of the ring `fd` (IORING_SETUP_ATTACH_WQ).
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    /// use uring_rs::uapi::IORING_SETUP_ATTACH_WQ;
    ///
    /// let first = uring_rs::api::Ring::new(4)?;
    /// let second = uring_rs::api::Ring::builder().attach_wq(first.as_raw_fd()).build()?;
    /// assert!(second.setup_flags() & IORING_SETUP_ATTACH_WQ != 0);
    /// let err = uring_rs::api::Ring::builder().attach_wq(0).build().unwrap_err(); // not a ring
    /// assert!(err.raw_os_error().is_some());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn attach_wq(mut self, fd: RawFd) -> Self {
        self.params.flags |= IORING_SETUP_ATTACH_WQ;
        self.params.wq_fd = fd as u32;
        self
    }

    /// Clamp the SQ and CQ sizes to the kernel's maximum instead of failing
    /// (IORING_SETUP_CLAMP).
    ///
    /// ```
    /// let ring = uring_rs::api::Ring::builder().entries(1 << 20).clamp().build()?;
    /// assert_eq!(ring.sq_entries(), 32768);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn clamp(self) -> Self {
        self.flags(IORING_SETUP_CLAMP)
    }

    /// Busy-poll for completions instead of interrupts (IORING_SETUP_IOPOLL): O_DIRECT files
    /// on devices that poll.
    ///
    /// ```
    /// use uring_rs::uapi::IORING_SETUP_IOPOLL;
    ///
    /// let ring = uring_rs::api::Ring::builder().iopoll().build()?;
    /// assert!(ring.setup_flags() & IORING_SETUP_IOPOLL != 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn iopoll(self) -> Self {
        self.flags(IORING_SETUP_IOPOLL)
    }

    /// Go on submitting a batch after an entry fails to start (IORING_SETUP_SUBMIT_ALL).
    ///
    /// ```
    /// use uring_rs::uapi::IORING_SETUP_SUBMIT_ALL;
    ///
    /// let ring = uring_rs::api::Ring::builder().submit_all().build()?;
    /// assert!(ring.setup_flags() & IORING_SETUP_SUBMIT_ALL != 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn submit_all(self) -> Self {
        self.flags(IORING_SETUP_SUBMIT_ALL)
    }

    /// Run completion task work only when the application enters the kernel, not by
    /// interrupting it (IORING_SETUP_COOP_TASKRUN).
    ///
    /// ```
    /// use uring_rs::uapi::IORING_SETUP_COOP_TASKRUN;
    ///
    /// let ring = uring_rs::api::Ring::builder().coop_taskrun().build()?;
    /// assert!(ring.setup_flags() & IORING_SETUP_COOP_TASKRUN != 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn coop_taskrun(self) -> Self {
        self.flags(IORING_SETUP_COOP_TASKRUN)
    }

    /// Have the kernel flag the SQ ring when task work waits (IORING_SETUP_TASKRUN_FLAG;
    /// with [`Builder::coop_taskrun`] or [`Builder::defer_taskrun`]), so that
    /// [`Ring::completions`] enters for it.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::builder().coop_taskrun().taskrun_flag().build()?;
    /// ring.get_sqe().unwrap().prep_nop();
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.completions().count(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn taskrun_flag(self) -> Self {
        self.flags(IORING_SETUP_TASKRUN_FLAG)
    }

    /// Only one thread submits (IORING_SETUP_SINGLE_ISSUER): the kernel skips some
    /// locking. See [`Ring`], *Threads*.
    ///
    /// ```
    /// use uring_rs::uapi::IORING_SETUP_SINGLE_ISSUER;
    ///
    /// let ring = uring_rs::api::Ring::builder().single_issuer().build()?;
    /// assert!(ring.setup_flags() & IORING_SETUP_SINGLE_ISSUER != 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn single_issuer(self) -> Self {
        self.flags(IORING_SETUP_SINGLE_ISSUER)
    }

    /// Run completion task work only when the submitter waits for completions
    /// (IORING_SETUP_DEFER_TASKRUN, with the IORING_SETUP_SINGLE_ISSUER it needs).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::builder().defer_taskrun().build()?;
    /// ring.get_sqe().unwrap().prep_nop().user_data(1);
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.wait_cqe()?.user_data(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn defer_taskrun(self) -> Self {
        self.flags(IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER)
    }

    /// Start the ring disabled (IORING_SETUP_R_DISABLED): it takes registrations
    /// (restrictions: [`Ring::register_restrictions`]) but runs nothing until
    /// [`Ring::enable_rings`].
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::builder().r_disabled().build()?;
    /// ring.get_sqe().unwrap().prep_nop();
    /// assert_eq!(ring.submit().unwrap_err().raw_os_error(), Some(libc::EBADFD));
    /// ring.enable_rings()?;
    /// assert_eq!(ring.submit()?, 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn r_disabled(self) -> Self {
        self.flags(IORING_SETUP_R_DISABLED)
    }

    /// No SQ index array: SQEs are taken in ring order (IORING_SETUP_NO_SQARRAY).
    ///
    /// ```
    /// use uring_rs::uapi::IORING_SETUP_NO_SQARRAY;
    ///
    /// let mut ring = uring_rs::api::Ring::builder().no_sqarray().build()?;
    /// assert!(ring.setup_flags() & IORING_SETUP_NO_SQARRAY != 0);
    /// ring.get_sqe().unwrap().prep_nop().user_data(3);
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.wait_cqe()?.user_data(), 3);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn no_sqarray(self) -> Self {
        self.flags(IORING_SETUP_NO_SQARRAY)
    }

    /// 128-byte SQEs (IORING_SETUP_SQE128), for [`super::Entry128`] and `uring_cmd`s that need
    /// them; an [`OwnedRing`]'s ([`Builder::build_owned`]).
    ///
    /// ```
    /// let ring = uring_rs::api::Ring::builder().sqe128().build_owned()?;
    /// assert!(uring_rs::api::Ring::builder().sqe128().build().is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn sqe128(self) -> Self {
        self.flags(IORING_SETUP_SQE128)
    }

    /// 32-byte CQEs (IORING_SETUP_CQE32; [`super::Cqe::big_cqe`]); an [`OwnedRing`]'s.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::builder().cqe32().build_owned()?;
    /// ring.get_sqe().unwrap().prep_nop();
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.completions().next().unwrap().big_cqe(), [0, 0]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cqe32(self) -> Self {
        self.flags(IORING_SETUP_CQE32)
    }

    /// CQEs of 16 and 32 bytes in one CQ (IORING_SETUP_CQE_MIXED); an [`OwnedRing`]'s,
    /// whose completions skip the padding.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::builder().cqe_mixed().build_owned()?;
    /// ring.get_sqe().unwrap().prep_nop().user_data(5);
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.completions().next().unwrap().user_data(), 5);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cqe_mixed(self) -> Self {
        self.flags(IORING_SETUP_CQE_MIXED)
    }

    /// Create the ring (liburing's `io_uring_queue_init_params`).
    ///
    /// A plain [`Ring`] takes SQEs of 64 bytes and copies out completions of 16 as the kernel
    /// wrote them: sizes known when compiling, no test per completion. That is what keeps
    /// its hot path at C's cost, so it refuses (EINVAL) the setups whose entries are bigger
    /// or differ one from the next: IORING_SETUP_SQE128, IORING_SETUP_CQE32 and
    /// IORING_SETUP_CQE_MIXED. [`Builder::build_owned`] takes them.
    ///
    /// ```
    /// use uring_rs::uapi::{IORING_SETUP_CQE32, IORING_SETUP_CQE_MIXED, IORING_SETUP_SQE128};
    ///
    /// let err = uring_rs::api::Ring::builder().entries(0).build().unwrap_err();
    /// assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    /// for big in [IORING_SETUP_SQE128, IORING_SETUP_CQE32, IORING_SETUP_CQE_MIXED] {
    ///     let err = uring_rs::api::Ring::builder().flags(big).build().unwrap_err();
    ///     assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    ///     uring_rs::api::Ring::builder().flags(big).build_owned()?;
    /// }
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn build(self) -> io::Result<Ring> {
        const BIG: u32 = IORING_SETUP_SQE128 | IORING_SETUP_CQE32 | IORING_SETUP_CQE_MIXED;
        if self.params.flags & BIG != 0 {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        }
        self.build_as()
    }

    /// Create a ring with owned-buffer operations ([`OwnedRing`]), of any setup.
    ///
    /// ```
    /// let ring = uring_rs::api::Ring::builder().entries(8).build_owned()?;
    /// assert_eq!(ring.sq_entries(), 8);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn build_owned(self) -> io::Result<OwnedRing> {
        self.build_as()
    }

    fn build_as<const OWNED: bool>(self) -> io::Result<Ring<OWNED>> {
        let mut params = self.params;
        let mut raw = io_uring::zeroed();
        cvt(raw.init_params(self.entries, &mut params, ptr::null_mut(), 0))?;
        let fd = raw.ring_fd;
        let sqe_shift = raw.sqe_shift();
        Ok(Ring {
            shared: Arc::new(Shared {
                inner: UnsafeCell::new(Inner {
                    raw,
                    sqe_shift,
                    owned: Default::default(),
                    wait_region: None,
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

    /// A ring with `entries` SQ entries, default options and owned-buffer operations
    /// ([`OwnedRing`]).
    ///
    /// ```
    /// let ring = uring_rs::api::Ring::new_owned(32)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new_owned(entries: u32) -> io::Result<OwnedRing> {
        Builder::default().entries(entries).build_owned()
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
}

impl<const OWNED: bool> Ring<OWNED> {
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
        let sqe = self.inner().get_sqe::<OWNED>();
        // SAFETY: a fresh SQE of this ring, borrowed for as long as the ring is; on an
        // owned-buffer ring, `user_data` values of the owned tag are refused.
        unsafe { Sqe::new(sqe, OWNED) }
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
    pub fn submission(&mut self) -> Submission<'_, OWNED> {
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
        self.inner().wait(want, timeout)
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
    pub fn peek_cqe(&mut self) -> Option<CqeRef<'_, OWNED>> {
        let inner = self.inner();
        let (_, cqe) = inner.raw.peek_cqe();
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
    pub fn wait_cqe(&mut self) -> io::Result<CqeRef<'_, OWNED>> {
        let inner = self.inner();
        let (ret, cqe) = inner.raw.wait_cqe();
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
    pub fn wait_cqe_timeout(&mut self, timeout: Duration) -> io::Result<Option<CqeRef<'_, OWNED>>> {
        let ts = Timespec::from(timeout);
        let inner = self.inner();
        let (ret, cqe) = inner.raw.wait_cqes(1, ts.as_ptr(), ptr::null());
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
    pub fn completions(&mut self) -> Completions<'_, OWNED> {
        Completions::new(self.inner())
    }

    /// Start a ring built with [`Builder::r_disabled`] (liburing's `io_uring_enable_rings`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert_eq!(ring.enable_rings().unwrap_err().raw_os_error(), Some(libc::EBADFD)); // already running
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn enable_rings(&mut self) -> io::Result<()> {
        cvt(self.raw().enable_rings()).map(drop)
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

impl<const OWNED: bool> AsRawFd for Ring<OWNED> {
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

impl<const OWNED: bool> AsFd for Ring<OWNED> {
    /// The ring's file descriptor, borrowed.
    ///
    /// ```
    /// use std::os::fd::AsFd;
    /// let ring = uring_rs::api::Ring::new(4)?;
    /// let _dup = ring.as_fd().try_clone_to_owned()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn as_fd(&self) -> BorrowedFd<'_> {
        // SAFETY: the ring's fd stays open as long as the `Ring` (closed by `Shared::drop`).
        unsafe { BorrowedFd::borrow_raw(self.as_raw_fd()) }
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
pub struct Submission<'r, const OWNED: bool = false> {
    ring: &'r mut Ring<OWNED>,
}

impl<const OWNED: bool> Submission<'_, OWNED> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A buffer that counts its drops.
    struct Counted(Vec<u8>, Arc<AtomicUsize>);

    impl Drop for Counted {
        fn drop(&mut self) {
            self.1.fetch_add(1, Ordering::Relaxed);
        }
    }

    // SAFETY: the bytes are the Vec's heap memory.
    unsafe impl super::super::IoBuf for Counted {
        fn stable_ptr(&self) -> *const u8 {
            self.0.as_ptr()
        }
        fn bytes_init(&self) -> usize {
            self.0.len()
        }
    }

    /// A one-byte owned write to `fd`, submitted: `drops` counts its buffer once it is freed.
    fn submit_counted_write(ring: &mut OwnedRing, fd: RawFd, drops: &Arc<AtomicUsize>, ud: u64) {
        let buf = Counted(b"x".to_vec(), drops.clone());
        ring.write(fd, buf, u64::MAX, ud).unwrap();
        ring.submit().unwrap();
    }

    #[test]
    fn an_iopoll_ring_proves_the_end_and_frees_what_it_held() {
        let mut ring = Ring::builder().entries(4).iopoll().build_owned().unwrap();
        let drops = Arc::new(AtomicUsize::new(0));
        let (_r, w) = std::io::pipe().unwrap();
        // Whatever the kernel makes of a pipe on an IOPOLL ring, the write completes some
        // time, and its buffer is the ring's until then.
        submit_counted_write(&mut ring, w.as_raw_fd(), &drops, 1);
        if !crate::kernel_probe::nop_inject_result() {
            // No NOP result to mark the end with (before 6.10): the mark is refused (5.10
            // takes no NOP on an IOPOLL ring) or completes unrecognised (6.1 ignores the
            // flag), so the end is never claimed.
            let q = ring.inner().quiesce();
            assert!(
                matches!(q, Err(Unproven::DrainRefused | Unproven::TimedOut)),
                "{q:?}"
            );
            return crate::kernel_probe::skip(
                "the rest: the kernel has no IORING_NOP_INJECT_RESULT (6.10)",
            );
        }
        assert_eq!(ring.inner().quiesce(), Ok(()), "the NOP mark was reaped");
        // The write's completion was reaped on the way, and its buffer dropped.
        assert_eq!(drops.load(Ordering::Relaxed), 1);
        submit_counted_write(&mut ring, w.as_raw_fd(), &drops, 2);
        drop(ring);
        assert_eq!(drops.load(Ordering::Relaxed), 2, "freed, not leaked");
    }

    #[test]
    fn an_iopoll_ring_that_defers_task_work_proves_the_end_too() {
        // Such a ring posts completions only when its submitter enters the kernel: the drop
        // does, every round, instead of waiting for completions that would never appear.
        use crate::uapi::{IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_SINGLE_ISSUER};
        let deferred =
            IORING_SETUP_IOPOLL | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
        if !crate::kernel_probe::setup_flags(deferred) || !crate::kernel_probe::nop_inject_result()
        {
            return crate::kernel_probe::skip(
                "the kernel has no IORING_SETUP_DEFER_TASKRUN (6.1) or IORING_NOP_INJECT_RESULT (6.10)",
            );
        }
        let mut ring = Ring::builder()
            .entries(4)
            .iopoll()
            .defer_taskrun()
            .build_owned()
            .unwrap();
        let drops = Arc::new(AtomicUsize::new(0));
        let (_r, w) = std::io::pipe().unwrap();
        submit_counted_write(&mut ring, w.as_raw_fd(), &drops, 1);
        drop(ring);
        assert_eq!(drops.load(Ordering::Relaxed), 1, "freed, not leaked");
    }

    #[test]
    fn a_request_of_the_applications_with_the_marks_user_data_is_passed_over() {
        // On a plain ring any user_data is the application's: a NOP tagged as the mark
        // completes with 0, not with the mark's result, and is not taken for it.
        if !crate::kernel_probe::nop_inject_result() {
            return crate::kernel_probe::skip("the kernel has no IORING_NOP_INJECT_RESULT (6.10)");
        }
        let mut ring = Ring::builder().entries(4).iopoll().build().unwrap();
        ring.get_sqe()
            .unwrap()
            .prep_nop()
            .user_data(DRAIN_MARK_USER_DATA);
        ring.submit().unwrap();
        assert_eq!(ring.inner().quiesce(), Ok(()));
        assert_eq!(ring.cq_ready(), 0, "both reaped: the mark is the last");
    }
}
