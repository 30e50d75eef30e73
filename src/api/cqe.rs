//! Completions: the borrowed [`CqeRef`], the copied-out [`Cqe`] and [`Completions`].

use std::io;
use std::ptr::NonNull;

use super::buf::OwnedBuf;
use super::cvt;
use super::owned::OWNED_TAG;
use super::ring::Inner;
#[cfg(doc)]
use super::ring::Ring;
use crate::complete::io_uring_cqe_iter_init;
use crate::ring::{LIBURING_UDATA_TIMEOUT, load_acquire, load_relaxed, store_release};
use crate::uapi::*;

/// A completion, copied out of the CQ ring.
///
/// ```
/// let mut ring = uring_rs::api::Ring::new(4)?;
/// ring.get_sqe().unwrap().prep_nop().user_data(5);
/// ring.submit_and_wait(1)?;
/// let cqe: uring_rs::api::Cqe = ring.peek_cqe().unwrap().seen();
/// assert_eq!(cqe.user_data(), 5);
/// assert_eq!(cqe.result()?, 0);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Cqe {
    user_data: u64,
    res: i32,
    flags: u32,
    big: [u64; 2],
    /// The buffer an owned-buffer operation hands back.
    pub(crate) buf: Option<OwnedBuf>,
}

/// Read accessors shared by [`Cqe`] and [`CqeRef`].
macro_rules! cqe_accessors {
    () => {
        /// The `user_data` the SQE carried.
        ///
        /// ```
        /// let mut ring = uring_rs::api::Ring::new(4)?;
        /// ring.get_sqe().unwrap().prep_nop().user_data((1 << 63) - 1);
        /// ring.submit_and_wait(1)?;
        /// assert_eq!(ring.peek_cqe().unwrap().user_data(), (1 << 63) - 1);
        /// # Ok::<(), std::io::Error>(())
        /// ```
        pub fn user_data(&self) -> u64 {
            self.tag()
        }

        /// The raw result: `>= 0` on success (bytes, an fd …), `-errno` on failure.
        ///
        /// ```
        /// let mut ring = uring_rs::api::Ring::new(4)?;
        /// ring.get_sqe().unwrap().prep_fsync(-1, 0);
        /// ring.submit_and_wait(1)?;
        /// assert_eq!(ring.peek_cqe().unwrap().res(), -libc::EBADF);
        /// # Ok::<(), std::io::Error>(())
        /// ```
        pub fn res(&self) -> i32 {
            self.get().res
        }

        /// `IORING_CQE_F_*` flags.
        ///
        /// ```
        /// let mut ring = uring_rs::api::Ring::new(4)?;
        /// ring.get_sqe().unwrap().prep_nop();
        /// ring.submit_and_wait(1)?;
        /// assert_eq!(ring.peek_cqe().unwrap().flags(), 0);
        /// # Ok::<(), std::io::Error>(())
        /// ```
        pub fn flags(&self) -> u32 {
            self.get().flags
        }

        /// The result as an [`io::Result`]: the non-negative value, or the error.
        ///
        /// ```
        /// let mut ring = uring_rs::api::Ring::new(4)?;
        /// ring.get_sqe().unwrap().prep_fsync(-1, 0);
        /// ring.submit_and_wait(1)?;
        /// let err = ring.peek_cqe().unwrap().result().unwrap_err();
        /// assert_eq!(err.raw_os_error(), Some(libc::EBADF));
        /// # Ok::<(), std::io::Error>(())
        /// ```
        pub fn result(&self) -> io::Result<u32> {
            cvt(self.res())
        }

        /// More completions will follow for the same SQE (IORING_CQE_F_MORE, multishot).
        ///
        /// ```
        /// let mut ring = uring_rs::api::Ring::new(4)?;
        /// ring.get_sqe().unwrap().prep_nop();
        /// ring.submit_and_wait(1)?;
        /// assert!(!ring.peek_cqe().unwrap().more());
        /// # Ok::<(), std::io::Error>(())
        /// ```
        pub fn more(&self) -> bool {
            self.flags() & IORING_CQE_F_MORE != 0
        }

        /// The provided buffer the operation used (IORING_CQE_F_BUFFER), by buffer id.
        ///
        /// ```
        /// let mut ring = uring_rs::api::Ring::new(4)?;
        /// ring.get_sqe().unwrap().prep_nop();
        /// ring.submit_and_wait(1)?;
        /// assert_eq!(ring.peek_cqe().unwrap().buffer_id(), None);
        /// # Ok::<(), std::io::Error>(())
        /// ```
        pub fn buffer_id(&self) -> Option<u16> {
            let f = self.flags();
            (f & IORING_CQE_F_BUFFER != 0).then_some((f >> IORING_CQE_BUFFER_SHIFT) as u16)
        }
    };
}

impl Cqe {
    #[inline(always)]
    fn get(&self) -> &Self {
        self
    }

    #[inline(always)]
    fn tag(&self) -> u64 {
        self.user_data
    }

    cqe_accessors!();

    /// The extra 16 bytes of a 32-byte CQE (IORING_SETUP_CQE32 rings); zero otherwise.
    ///
    /// ```
    /// use uring_rs::uapi::IORING_SETUP_CQE32;
    ///
    /// let mut ring = uring_rs::api::Ring::builder().flags(IORING_SETUP_CQE32).build()?;
    /// ring.get_sqe().unwrap().prep_nop();
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.peek_cqe().unwrap().seen().big_cqe(), [0, 0]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn big_cqe(&self) -> [u64; 2] {
        self.big
    }
}

/// A completion still in the CQ ring. It borrows the ring mutably, and marking it seen
/// ([`CqeRef::seen`], or dropping it) hands the slot back to the kernel and ends the borrow,
/// so it can't be read afterwards:
///
/// ```compile_fail
/// let mut ring = uring_rs::api::Ring::new(4).unwrap();
/// ring.get_sqe().unwrap().prep_nop();
/// ring.submit_and_wait(1).unwrap();
/// let cqe = ring.peek_cqe().unwrap();
/// let copy = cqe.seen();
/// println!("{}", cqe.res()); // error: `cqe` moved into `seen`
/// ```
///
/// ```
/// let mut ring = uring_rs::api::Ring::new(4)?;
/// ring.get_sqe().unwrap().prep_nop().user_data(3);
/// ring.submit_and_wait(1)?;
/// let cqe = ring.peek_cqe().unwrap();
/// assert_eq!(cqe.user_data(), 3);
/// drop(cqe); // seen
/// assert!(ring.peek_cqe().is_none());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct CqeRef<'r> {
    inner: &'r mut Inner,
    cqe: NonNull<io_uring_cqe>,
}

impl std::fmt::Debug for CqeRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CqeRef")
            .field("user_data", &self.user_data())
            .field("res", &self.res())
            .field("flags", &self.flags())
            .finish()
    }
}

impl<'r> CqeRef<'r> {
    /// # Safety
    /// `cqe` is null or the CQE at the head of `inner`'s CQ.
    pub(crate) unsafe fn new(inner: &'r mut Inner, cqe: *mut io_uring_cqe) -> Option<Self> {
        NonNull::new(cqe).map(|cqe| CqeRef { inner, cqe })
    }

    #[inline(always)]
    fn get(&self) -> &io_uring_cqe {
        // SAFETY: the CQE stays published, and ours, until seen (which consumes self).
        unsafe { self.cqe.as_ref() }
    }

    /// The caller's `user_data` (an owned-buffer operation's is kept in its slot).
    #[inline(always)]
    fn tag(&self) -> u64 {
        self.inner.owned.user_data(self.get().user_data)
    }

    cqe_accessors!();

    /// The extra 16 bytes of a 32-byte CQE, if the ring has them (IORING_SETUP_CQE32).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.get_sqe().unwrap().prep_nop();
    /// ring.submit_and_wait(1)?;
    /// assert!(ring.peek_cqe().unwrap().big_cqe().is_none());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn big_cqe(&self) -> Option<[u64; 2]> {
        if self.inner.raw.flags & IORING_SETUP_CQE32 == 0 {
            return None;
        }
        // SAFETY: on CQE32 rings each CQE is followed by two more u64s in the same slot.
        Some(unsafe { self.cqe.as_ptr().add(1).cast::<[u64; 2]>().read() })
    }

    /// Copy the completion out and hand its slot back to the kernel
    /// (liburing's `io_uring_cqe_seen`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.get_sqe().unwrap().prep_nop().user_data(1);
    /// ring.submit_and_wait(1)?;
    /// let cqe = ring.peek_cqe().unwrap().seen();
    /// assert_eq!(cqe.user_data(), 1);
    /// assert_eq!(ring.cq_ready(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn seen(self) -> Cqe {
        let (res, flags) = (self.get().res, self.get().flags);
        let big = self.big_cqe().unwrap_or_default();
        // Retired here instead of by `Drop`, keeping the owned buffer.
        let mut this = std::mem::ManuallyDrop::new(self);
        let cqe = this.cqe.as_ptr();
        let (buf, user_data) = this.inner.retire(cqe);
        Cqe {
            user_data,
            res,
            flags,
            big,
            buf,
        }
    }
}

impl Drop for CqeRef<'_> {
    #[inline]
    fn drop(&mut self) {
        let cqe = self.cqe.as_ptr();
        drop(self.inner.retire(cqe));
    }
}

/// Iterator over the completions ready now, from [`Ring::completions`]; each one is copied
/// out as it is yielded.
///
/// It reads the CQ tail once, when made, and hands the slots it went through back to the
/// kernel together, when dropped (and at once after a completion that hands back an owned
/// buffer, so that one can never be reaped twice): one CQ head update per batch, as
/// `io_uring_for_each_cqe` followed by `io_uring_cq_advance` in C. At the end of what it saw,
/// if completions wait in the kernel (an overflowed CQ, deferred task work, an IOPOLL ring:
/// what [`Ring::peek_cqe`] enters the kernel for), it enters to bring them in and goes on
/// while that brings more.
///
/// ```
/// let mut ring = uring_rs::api::Ring::new(4)?;
/// ring.get_sqe().unwrap().prep_nop();
/// ring.submit_and_wait(1)?;
/// assert_eq!(ring.completions().count(), 1);
/// assert_eq!(ring.completions().count(), 0);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Completions<'r> {
    inner: &'r mut Inner,
    // The CQ as seen when the iterator was made, in 16-byte units (a 32-byte CQE takes two),
    // so that the usual CQE needs no shift; `head` moves as completions are yielded.
    // Nothing else: the loop that inlines `next` keeps these in registers.
    cqes: *const io_uring_cqe,
    mask: u32,
    head: u32,
    tail: u32,
    /// Completions whose `user_data` is not below this take [`Inner::reap_unusual`]: owned
    /// buffer operations', or all of them on an IORING_SETUP_CQE32 ring.
    usual_below: u64,
}

impl std::fmt::Debug for Completions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Completions")
            .field("head", &self.head)
            .field("tail", &self.tail)
            .finish()
    }
}

/// `IORING_CQE_F_*` flags that make a completion take [`Inner::reap_unusual`].
const UNUSUAL_FLAGS: u32 = IORING_CQE_F_MORE | IORING_CQE_F_SKIP | IORING_CQE_F_32;

/// A completion that [`Inner::reap_unusual`] found to be the application's: the buffer it
/// hands back, the caller's `user_data`, the second half of a 32-byte CQE.
type Unusual = (Option<OwnedBuf>, u64, [u64; 2]);

impl<'r> Completions<'r> {
    #[inline]
    pub(crate) fn new(inner: &'r mut Inner) -> Self {
        // SAFETY: a live ring.
        let cq = unsafe { io_uring_cqe_iter_init(&inner.raw) };
        let (mask, head, tail, usual_below) = if cq.shift == 0 {
            (cq.mask, cq.head, cq.tail, OWNED_TAG)
        } else {
            // IORING_SETUP_CQE32: two units a slot.
            ((cq.mask << 1) | 1, cq.head << 1, cq.tail << 1, 0)
        };
        Completions {
            inner,
            cqes: cq.cqes,
            mask,
            head,
            tail,
            usual_below,
        }
    }
}

impl Inner {
    /// Hand the CQ slots up to `head` (in 16-byte units) back to the kernel.
    #[inline(always)]
    fn sync_cq(&mut self, head: u32, cqe32: bool) {
        if cqe32 {
            self.sync_cq32(head);
        } else {
            // SAFETY: khead points into the live ring mapping; every CQE up to `head` has
            // been copied out, and release orders those reads before the kernel may reuse
            // the slots.
            unsafe { store_release(self.raw.cq.khead, head) };
        }
    }

    /// [`Inner::sync_cq`] on an IORING_SETUP_CQE32 ring, two units a slot.
    #[cold]
    fn sync_cq32(&mut self, head: u32) {
        // SAFETY: as in sync_cq; only we move khead.
        unsafe {
            let khead = load_relaxed(self.raw.cq.khead);
            // `head` wrapped at 2^32 units: the distance is right, `head >> 1` may not be.
            let units = head.wrapping_sub(khead << 1);
            store_release(self.raw.cq.khead, khead.wrapping_add(units >> 1));
        }
    }

    /// Completions wait in the kernel (an overflowed CQ, deferred task work, an IOPOLL
    /// ring): hand back the slots up to `head`, enter to bring them into the CQ, and return
    /// the CQ tail then (all in 16-byte units).
    #[cold]
    #[inline(never)]
    fn refill_cq(&mut self, head: u32, cqe32: bool) -> u32 {
        self.sync_cq(head, cqe32);
        // An error leaves the CQ as it was: what is there is still reaped.
        self.raw.get_events();
        // SAFETY: ktail points into the live ring mapping; acquire orders the CQE reads.
        unsafe { load_acquire(self.raw.cq.ktail) << cqe32 as u32 }
    }

    /// A completion `cqe` with [`UNUSUAL_FLAGS`], an owned-buffer operation's tag or on a
    /// CQE32 ring, whose first 16 bytes end at `head`. Padding and liburing's internal
    /// timeout are skipped (`None`); an owned-buffer operation's is handed back to the kernel
    /// at once and its buffer taken out. Also returns the 16-byte units it takes past the
    /// first.
    #[cold]
    #[inline(never)]
    fn reap_unusual(
        &mut self,
        cqe: *const io_uring_cqe,
        head: u32,
        user_data: u64,
        res: i32,
        flags: u32,
    ) -> (u32, Option<Unusual>) {
        let cqe32 = self.raw.cqe_shift() != 0;
        let long = cqe32 || flags & IORING_CQE_F_32 != 0;
        let extra = long as u32;
        self.count_unfinished(flags);
        let internal = flags & IORING_CQE_F_SKIP != 0
            || (user_data == LIBURING_UDATA_TIMEOUT
                && self.raw.features & IORING_FEAT_EXT_ARG == 0);
        if internal {
            return (extra, None);
        }
        let big = if long {
            // SAFETY: a 32-byte CQE: two more u64s follow in its slot.
            unsafe { cqe.add(1).cast::<[u64; 2]>().read() }
        } else {
            [0; 2]
        };
        if user_data & OWNED_TAG == 0 {
            return (extra, Some((None, user_data, big)));
        }
        self.sync_cq(head.wrapping_add(extra), cqe32);
        // SAFETY: the CQE was handed back just now; owned-buffer operations are single-shot.
        let (buf, user_data) = unsafe { self.owned.finish(user_data, res) };
        (extra, Some((buf, user_data, big)))
    }
}

impl Iterator for Completions<'_> {
    type Item = Cqe;

    #[inline]
    fn next(&mut self) -> Option<Cqe> {
        loop {
            if self.head == self.tail {
                if !self.inner.raw.cq_needs_enter() {
                    return None;
                }
                let tail = self.inner.refill_cq(self.head, self.usual_below == 0);
                if tail == self.head {
                    return None;
                }
                self.tail = tail;
            }
            // SAFETY: `head` is below the tail the kernel published (read with acquire
            // ordering), so its CQE is in the array and written.
            let cqe = unsafe { self.cqes.add((self.head & self.mask) as usize) };
            // SAFETY: as above.
            let (user_data, res, flags) = unsafe { ((*cqe).user_data, (*cqe).res, (*cqe).flags) };
            self.head = self.head.wrapping_add(1);
            let (buf, user_data, big) =
                if flags & UNUSUAL_FLAGS == 0 && user_data < self.usual_below {
                    (None, user_data, [0; 2])
                } else {
                    let (extra, cqe) = self
                        .inner
                        .reap_unusual(cqe, self.head, user_data, res, flags);
                    self.head = self.head.wrapping_add(extra);
                    match cqe {
                        Some(cqe) => cqe,
                        None => continue,
                    }
                };
            return Some(Cqe {
                user_data,
                res,
                flags,
                big,
                buf,
            });
        }
    }
}

impl Drop for Completions<'_> {
    #[inline]
    fn drop(&mut self) {
        self.inner.sync_cq(self.head, self.usual_below == 0);
    }
}
