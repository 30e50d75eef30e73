//! Completions: the borrowed [`CqeRef`], the copied-out [`Cqe`] and [`Completions`].

use std::io;
use std::marker::PhantomData;
use std::ptr::NonNull;

use super::buf::OwnedBuf;
use super::cvt;
use super::owned::OWNED_TAG;
use super::ring::Inner;
#[cfg(doc)]
use super::ring::{OwnedRing, Ring};
use crate::complete::io_uring_cqe_iter_init;
use crate::ring::{LIBURING_UDATA_TIMEOUT, load_relaxed, store_release};
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

    /// The extra 16 bytes of a 32-byte CQE (IORING_SETUP_CQE32, an [`super::OwnedRing`]); zero otherwise.
    ///
    /// ```
    /// use uring_rs::uapi::IORING_SETUP_CQE32;
    ///
    /// let mut ring = uring_rs::api::Ring::builder().flags(IORING_SETUP_CQE32).build_owned()?;
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
pub struct CqeRef<'r, const OWNED: bool = false> {
    inner: &'r mut Inner,
    cqe: NonNull<io_uring_cqe>,
}

impl<const OWNED: bool> std::fmt::Debug for CqeRef<'_, OWNED> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CqeRef")
            .field("user_data", &self.user_data())
            .field("res", &self.res())
            .field("flags", &self.flags())
            .finish()
    }
}

impl<'r, const OWNED: bool> CqeRef<'r, OWNED> {
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
        let raw = self.get().user_data;
        if OWNED {
            self.inner.owned.user_data(raw)
        } else {
            raw
        }
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
        let (buf, user_data) = this.inner.retire::<OWNED>(cqe);
        Cqe {
            user_data,
            res,
            flags,
            big,
            buf,
        }
    }
}

impl<const OWNED: bool> Drop for CqeRef<'_, OWNED> {
    #[inline]
    fn drop(&mut self) {
        let cqe = self.cqe.as_ptr();
        drop(self.inner.retire::<OWNED>(cqe));
    }
}

/// Iterator over the completions ready now, from [`Ring::completions`]; each one is copied
/// out as it is yielded.
///
/// When made, it brings in the completions that wait in the kernel (an overflowed CQ,
/// deferred task work, an IOPOLL ring: what [`Ring::peek_cqe`] enters the kernel for) as far
/// as the CQ has room, then reads the CQ tail once; it hands the slots it went through back
/// to the kernel together, when dropped: one CQ head update per batch, as
/// `io_uring_for_each_cqe` followed by `io_uring_cq_advance` in C. So completions that
/// overflowed a full CQ come with the next `completions`, not with this one: nothing is
/// tested between two completions but the tail.
///
/// On a plain [`Ring`] a completion is yielded as the kernel wrote it, with no test, as with
/// `io_uring_for_each_cqe`: on kernels without IORING_FEAT_EXT_ARG (before 5.11) that
/// includes the timeouts liburing queues for [`Ring::wait_cqe_timeout`] (`user_data`
/// `LIBURING_UDATA_TIMEOUT`). On an [`OwnedRing`], those are skipped, padding of CQE_MIXED
/// rings too, and an owned-buffer operation's completion hands its buffer back (its slot is
/// returned to the kernel at once, so that it can never be reaped twice).
///
/// ```
/// let mut ring = uring_rs::api::Ring::new(4)?;
/// ring.get_sqe().unwrap().prep_nop();
/// ring.submit_and_wait(1)?;
/// assert_eq!(ring.completions().count(), 1);
/// assert_eq!(ring.completions().count(), 0);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Completions<'r, const OWNED: bool = false> {
    // A pointer, not a `&mut`, so that the split views of a ring ([`Ring::split`]) may use
    // the ring between two completions: a `&mut Inner` is made only inside a call, for it.
    inner: NonNull<Inner>,
    _ring: PhantomData<&'r mut Inner>,
    // The CQ as seen when the iterator was made, in 16-byte units (a 32-byte CQE takes two),
    // so that the usual CQE needs no shift; `head` moves as completions are yielded.
    // Nothing else: the loop that inlines `next` keeps these in registers.
    cqes: *const io_uring_cqe,
    mask: u32,
    head: u32,
    tail: u32,
    /// 16-byte units a CQE takes: 2 on an IORING_SETUP_CQE32 ring.
    step: u32,
}

impl<const OWNED: bool> std::fmt::Debug for Completions<'_, OWNED> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Completions")
            .field("head", &self.head)
            .field("tail", &self.tail)
            .finish()
    }
}

/// `IORING_CQE_F_*` flags that make a completion of an [`OwnedRing`] take
/// [`Inner::reap_unusual`].
const UNUSUAL_FLAGS: u32 = IORING_CQE_F_SKIP | IORING_CQE_F_32;

/// A completion that [`Inner::reap_unusual`] found to be the application's: the buffer it
/// hands back, the caller's `user_data`, the second half of a 32-byte CQE.
type Unusual = (Option<OwnedBuf>, u64, [u64; 2]);

impl<'r, const OWNED: bool> Completions<'r, OWNED> {
    #[inline]
    pub(crate) fn new(inner: &'r mut Inner) -> Self {
        // SAFETY: borrowed mutably for 'r.
        unsafe { Self::from_ptr(NonNull::from(inner)) }
    }

    /// # Safety
    /// `ptr` is a live ring's `Inner` for 'r, which nothing uses while a call of the
    /// iterator (`new`, `next`, `drop`) runs, and whose CQ head nothing else moves.
    #[inline]
    pub(crate) unsafe fn from_ptr(ptr: NonNull<Inner>) -> Self {
        // SAFETY: per the contract, for this call only.
        let inner = unsafe { &mut *ptr.as_ptr() };
        if inner.raw.cq_needs_enter() {
            inner.bring_in_cqes();
        }
        // SAFETY: a live ring.
        let cq = unsafe { io_uring_cqe_iter_init(&inner.raw) };
        let step = 1 << cq.shift;
        Completions {
            inner: ptr,
            _ring: PhantomData,
            cqes: cq.cqes,
            mask: (cq.mask << cq.shift) | (step - 1),
            head: cq.head << cq.shift,
            tail: cq.tail << cq.shift,
            step,
        }
    }
}

impl Inner {
    /// Hand the CQ slots up to `head` (in 16-byte units) back to the kernel.
    #[inline(always)]
    fn sync_cq(&mut self, head: u32, step: u32) {
        if step == 1 {
            // SAFETY: khead points into the live ring mapping; every CQE up to `head` has
            // been copied out, and release orders those reads before the kernel may reuse
            // the slots.
            unsafe { store_release(self.raw.cq.khead, head) };
        } else {
            self.sync_cq32(head);
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
    /// ring): enter to bring them into the CQ. An error leaves the CQ as it was.
    #[cold]
    #[inline(never)]
    fn bring_in_cqes(&mut self) {
        self.raw.get_events();
    }

    /// A completion `cqe` of an [`OwnedRing`] with [`UNUSUAL_FLAGS`], an owned-buffer
    /// operation's tag or on a CQE32 ring, whose first 16 bytes end at `head`. Padding and
    /// liburing's internal timeout are skipped (`None`); an owned-buffer operation's is
    /// handed back to the kernel at once and its buffer taken out. Also returns the 16-byte
    /// units it takes past the first.
    #[cold]
    #[inline(never)]
    fn reap_unusual(
        &mut self,
        cqe: *const io_uring_cqe,
        head: u32,
        step: u32,
        user_data: u64,
        res: i32,
    ) -> (u32, Option<Unusual>) {
        // SAFETY: a published CQE.
        let flags = unsafe { (*cqe).flags };
        let long = step == 2 || flags & IORING_CQE_F_32 != 0;
        let extra = long as u32;
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
        self.sync_cq(head.wrapping_add(extra), step);
        // SAFETY: the CQE was handed back just now.
        let (buf, user_data) = unsafe { self.owned.finish(user_data, res, flags) };
        (extra, Some((buf, user_data, big)))
    }
}

impl<const OWNED: bool> Iterator for Completions<'_, OWNED> {
    type Item = Cqe;

    #[inline]
    fn next(&mut self) -> Option<Cqe> {
        loop {
            if self.head == self.tail {
                return None;
            }
            // SAFETY: `head` is below the tail the kernel published (read with acquire
            // ordering), so its CQE is in the array and written.
            let cqe = unsafe { self.cqes.add((self.head & self.mask) as usize) };
            // SAFETY: as above.
            let (user_data, res, flags) = unsafe { ((*cqe).user_data, (*cqe).res, (*cqe).flags) };
            self.head = self.head.wrapping_add(1);
            // A plain ring's CQEs are 16 bytes, each the application's (see
            // `Builder::build`). On an owned-buffer ring: an owned-buffer tag, padding, a
            // 32-byte CQE, or (on a CQE32 ring, whose tag test always fails) any completion
            // takes `reap_unusual`.
            let usual_below = if self.step == 1 { OWNED_TAG } else { 0 };
            if !OWNED || (flags & UNUSUAL_FLAGS == 0 && user_data < usual_below) {
                return Some(Cqe {
                    user_data,
                    res,
                    flags,
                    big: [0; 2],
                    buf: None,
                });
            }
            // SAFETY: see `from_ptr`; for this call only.
            let inner = unsafe { self.inner.as_mut() };
            let (extra, unusual) = inner.reap_unusual(cqe, self.head, self.step, user_data, res);
            self.head = self.head.wrapping_add(extra);
            if let Some((buf, user_data, big)) = unusual {
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
}

impl<const OWNED: bool> Drop for Completions<'_, OWNED> {
    #[inline]
    fn drop(&mut self) {
        // A plain ring's CQEs are 16 bytes.
        let step = if OWNED { self.step } else { 1 };
        // SAFETY: see `from_ptr`; for this call only.
        unsafe { self.inner.as_mut() }.sync_cq(self.head, step);
    }
}
