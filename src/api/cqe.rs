//! Completions: the borrowed [`CqeRef`], the copied-out [`Cqe`] and [`Completions`].

use std::io;
use std::ptr::NonNull;

use super::cvt;
use super::ring::Ring;
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cqe {
    user_data: u64,
    res: i32,
    flags: u32,
    big: [u64; 2],
    /// The buffer an owned-buffer operation hands back.
    pub(crate) buf: Option<Vec<u8>>,
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
    ring: &'r mut Ring,
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
    /// `cqe` is null or the CQE at the head of `ring`'s CQ.
    pub(crate) unsafe fn new(ring: &'r mut Ring, cqe: *mut io_uring_cqe) -> Option<Self> {
        NonNull::new(cqe).map(|cqe| CqeRef { ring, cqe })
    }

    #[inline(always)]
    fn get(&self) -> &io_uring_cqe {
        // SAFETY: the CQE stays published, and ours, until seen (which consumes self).
        unsafe { self.cqe.as_ref() }
    }

    /// The caller's `user_data` (an owned-buffer operation's is kept in its slot).
    #[inline(always)]
    fn tag(&self) -> u64 {
        self.ring.inner_ref().owned.user_data(self.get().user_data)
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
        // SAFETY: reading the ring's flags word.
        let flags = unsafe { (*self.ring.as_ptr()).flags };
        if flags & IORING_SETUP_CQE32 == 0 {
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
        let user_data = self.tag();
        // Retired here instead of by `Drop`, keeping the owned buffer.
        let mut this = std::mem::ManuallyDrop::new(self);
        let cqe = this.cqe.as_ptr();
        let buf = this.ring.inner().retire(cqe);
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
        drop(self.ring.inner().retire(cqe));
    }
}

/// Iterator over the completions ready now, from [`Ring::completions`]; each one is copied
/// out and marked seen as it is yielded.
///
/// ```
/// let mut ring = uring_rs::api::Ring::new(4)?;
/// ring.get_sqe().unwrap().prep_nop();
/// ring.submit_and_wait(1)?;
/// assert_eq!(ring.completions().count(), 1);
/// assert_eq!(ring.completions().count(), 0);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Completions<'r> {
    ring: &'r mut Ring,
}

impl<'r> Completions<'r> {
    pub(crate) fn new(ring: &'r mut Ring) -> Self {
        Completions { ring }
    }
}

impl Iterator for Completions<'_> {
    type Item = Cqe;

    fn next(&mut self) -> Option<Cqe> {
        self.ring.peek_cqe().map(CqeRef::seen)
    }
}
