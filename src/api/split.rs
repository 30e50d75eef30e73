//! [`Ring::split`]: the submitter, the submission queue and the completion queue of one ring,
//! held at the same time (tokio-rs io-uring's `IoUring::split`).
//!
//! The three views reach the same ring structure (liburing's `struct io_uring`, whose C
//! functions take all of it), so each holds a pointer to it and makes a reference only for
//! the length of one of its calls; none returns anything that borrows the structure (an
//! [`Sqe`] is a slot of the mapped SQ array, a [`Completions`] keeps a pointer too). They
//! are neither `Send` nor `Sync`: kept on one thread, two such calls never overlap. That is
//! the whole difference from io-uring's, whose queues may go to other threads: there the
//! submission queue keeps a tail of its own, here `submit` publishes the ring's.

use std::io;
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::time::Duration;

use super::cqe::Completions;
use super::cvt;
use super::entry::{Entry, PushError};
use super::ring::{Inner, Ring};
use super::sqe::Sqe;

/// What the three views share: the ring structure, one call at a time.
#[derive(Debug)]
struct Part<'r> {
    inner: NonNull<Inner>,
    // Borrowed from the `Ring` for 'r; the raw pointer makes the view neither `Send` nor
    // `Sync`, which is what keeps two calls from overlapping.
    _ring: PhantomData<(&'r mut Inner, *mut ())>,
}

impl Part<'_> {
    /// The ring structure, for this call only.
    #[inline(always)]
    fn get(&mut self) -> &mut Inner {
        // SAFETY: the views of one split live on one thread (not `Send`), each call makes
        // the only reference to `Inner` while it runs, and none outlives its call.
        unsafe { self.inner.as_mut() }
    }

    #[inline(always)]
    fn get_ref(&self) -> &Inner {
        // SAFETY: as in `get`.
        unsafe { self.inner.as_ref() }
    }
}

impl<const OWNED: bool> Ring<OWNED> {
    /// The submitter, the submission queue and the completion queue, all at once, so that
    /// one loop can queue entries while it goes through completions (tokio-rs io-uring's
    /// `IoUring::split`). They borrow the ring, and stay on the thread that split it.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(8)?;
    /// let (mut submitter, mut sq, mut cq) = ring.split();
    /// sq.get_sqe().unwrap().prep_nop().user_data(0);
    /// let mut seen = Vec::new();
    /// while seen.len() < 5 {
    ///     submitter.submit_and_wait(1)?;
    ///     for cqe in cq.completions() {
    ///         seen.push(cqe.user_data());
    ///         if cqe.user_data() < 4 {
    ///             // Queued while the completions are iterated.
    ///             sq.get_sqe().unwrap().prep_nop().user_data(cqe.user_data() + 1);
    ///         }
    ///     }
    /// }
    /// assert_eq!(seen, [0, 1, 2, 3, 4]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// The views stay on the thread of the ring that made them:
    ///
    /// ```compile_fail,E0277
    /// let mut ring = uring_rs::api::Ring::new(8).unwrap();
    /// let (_, _, cq) = ring.split();
    /// std::thread::scope(|s| { s.spawn(move || drop(cq)); });
    /// ```
    pub fn split(
        &mut self,
    ) -> (
        Submitter<'_, OWNED>,
        SubmissionQueue<'_, OWNED>,
        CompletionQueue<'_, OWNED>,
    ) {
        let inner = NonNull::from(self.inner());
        let part = || Part {
            inner,
            _ring: PhantomData,
        };
        (
            Submitter { part: part() },
            SubmissionQueue { part: part() },
            CompletionQueue { part: part() },
        )
    }
}

/// The part of a split ring ([`Ring::split`]) that enters the kernel: submits and waits.
/// Registration stays with the [`Ring`], after the split.
#[derive(Debug)]
pub struct Submitter<'r, const OWNED: bool = false> {
    part: Part<'r>,
}

impl<const OWNED: bool> Submitter<'_, OWNED> {
    /// [`Ring::submit`].
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let (mut submitter, mut sq, _) = ring.split();
    /// sq.get_sqe().unwrap().prep_nop();
    /// assert_eq!(submitter.submit()?, 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn submit(&mut self) -> io::Result<usize> {
        cvt(self.part.get().raw.submit()).map(|n| n as usize)
    }

    /// [`Ring::submit_and_wait`].
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let (mut submitter, mut sq, cq) = ring.split();
    /// sq.get_sqe().unwrap().prep_nop();
    /// submitter.submit_and_wait(1)?;
    /// assert_eq!(cq.ready(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn submit_and_wait(&mut self, want: u32) -> io::Result<usize> {
        cvt(self.part.get().raw.submit_and_wait(want)).map(|n| n as usize)
    }

    /// [`Ring::wait`]: submit, and wait for `want` completions or `timeout`; returns the
    /// completions ready.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let (mut submitter, _, _) = ring.split();
    /// assert_eq!(submitter.wait(1, Duration::from_millis(1))?, 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn wait(&mut self, want: u32, timeout: Duration) -> io::Result<u32> {
        self.part.get().wait(want, timeout)
    }
}

/// The submission queue of a split ring ([`Ring::split`]).
#[derive(Debug)]
pub struct SubmissionQueue<'r, const OWNED: bool = false> {
    part: Part<'r>,
}

impl<const OWNED: bool> SubmissionQueue<'_, OWNED> {
    /// The next free SQE, or `None` when the queue is full: unlike [`Ring::get_sqe`] it does
    /// not submit to make room (that is the [`Submitter`]'s), as io-uring's `push` doesn't.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(1)?;
    /// let (mut submitter, mut sq, _) = ring.split();
    /// sq.get_sqe().unwrap().prep_nop();
    /// assert!(sq.get_sqe().is_none());
    /// submitter.submit()?;
    /// assert!(sq.get_sqe().is_some());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[inline]
    pub fn get_sqe(&mut self) -> Option<Sqe<'_>> {
        let sqe = self.part.get().take_sqe::<OWNED>();
        // SAFETY: a fresh SQE of this ring, borrowed for as long as the queue is; on an
        // owned-buffer ring, `user_data` values of the owned tag are refused.
        unsafe { Sqe::new(sqe, OWNED) }
    }

    /// [`Ring::push_all`] of one entry.
    ///
    /// # Safety
    /// As [`Ring::push_all`].
    ///
    /// ```
    /// use uring_rs::api::Entry;
    ///
    /// let mut ring = uring_rs::api::Ring::new(2)?;
    /// let (mut submitter, mut sq, mut cq) = ring.split();
    /// // SAFETY: a NOP carries no pointers.
    /// unsafe { sq.push(&Entry::new(|sqe| sqe.prep_nop().user_data(3)))? };
    /// submitter.submit_and_wait(1)?;
    /// assert_eq!(cq.completions().next().unwrap().user_data(), 3);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn push(&mut self, entry: &Entry) -> Result<(), PushError> {
        self.part
            .get()
            .push_all::<OWNED, Entry>(std::slice::from_ref(entry), Inner::take_sqe::<OWNED>)
    }

    /// [`Ring::push_all`]: all of `entries` or, when they don't fit, none.
    ///
    /// # Safety
    /// As [`Ring::push_all`].
    ///
    /// ```
    /// use uring_rs::api::{Entry, PushError};
    ///
    /// let nop = Entry::new(|sqe| sqe.prep_nop());
    /// let mut ring = uring_rs::api::Ring::new(2)?;
    /// let (_, mut sq, _) = ring.split();
    /// // SAFETY: NOPs carry no pointers.
    /// assert_eq!(unsafe { sq.push_all(&[nop; 3]) }, Err(PushError));
    /// unsafe { sq.push_all(&[nop; 2])? };
    /// assert!(sq.is_full());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn push_all(&mut self, entries: &[Entry]) -> Result<(), PushError> {
        self.part
            .get()
            .push_all::<OWNED, Entry>(entries, Inner::take_sqe::<OWNED>)
    }

    /// Entries queued and not yet taken by the kernel (liburing's `io_uring_sq_ready`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(2)?;
    /// let (_, mut sq, _) = ring.split();
    /// sq.get_sqe().unwrap().prep_nop();
    /// assert_eq!(sq.ready(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn ready(&self) -> u32 {
        self.part.get_ref().raw.sq_ready()
    }

    /// Free slots (liburing's `io_uring_sq_space_left`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(2)?;
    /// let (_, sq, _) = ring.split();
    /// assert_eq!(sq.space_left(), 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn space_left(&self) -> u32 {
        self.part.get_ref().raw.sq_space_left()
    }

    /// No slot is free.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(1)?;
    /// let (_, mut sq, _) = ring.split();
    /// assert!(!sq.is_full());
    /// sq.get_sqe().unwrap().prep_nop();
    /// assert!(sq.is_full());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn is_full(&self) -> bool {
        self.space_left() == 0
    }
}

/// The completion queue of a split ring ([`Ring::split`]).
#[derive(Debug)]
pub struct CompletionQueue<'r, const OWNED: bool = false> {
    part: Part<'r>,
}

impl<const OWNED: bool> CompletionQueue<'_, OWNED> {
    /// [`Ring::completions`]: copies out every completion ready now, handing their slots
    /// back once, when the iterator is dropped. On an [`super::OwnedRing`] they hand the
    /// buffers of owned-buffer operations back.
    ///
    /// ```
    /// use std::io::Write;
    /// use std::os::fd::AsRawFd;
    ///
    /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// let (r, mut w) = std::io::pipe()?;
    /// ring.read(r.as_raw_fd(), Vec::with_capacity(8), u64::MAX, 1)?;
    /// let (mut submitter, mut sq, mut cq) = ring.split();
    /// sq.get_sqe().unwrap().prep_nop().user_data(2);
    /// w.write_all(b"split")?;
    /// submitter.submit_and_wait(2)?;
    /// let mut got: Vec<_> = cq.completions().map(|mut c| (c.user_data(), c.take_buf::<Vec<u8>>())).collect();
    /// got.sort();
    /// assert_eq!(got, [(1, Some(b"split".to_vec())), (2, None)]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn completions(&mut self) -> Completions<'_, OWNED> {
        // SAFETY: the views' calls don't overlap (see `Part`), and only this queue moves the
        // CQ head while the split lasts.
        unsafe { Completions::from_ptr(self.part.inner) }
    }

    /// Completions ready (liburing's `io_uring_cq_ready`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(2)?;
    /// let (_, _, cq) = ring.split();
    /// assert_eq!(cq.ready(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn ready(&self) -> u32 {
        self.part.get_ref().raw.cq_ready()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::os::fd::AsRawFd;

    #[test]
    fn a_loop_keeps_the_queue_full_from_inside_the_completions() {
        // 100 NOPs through a ring of 8: every completion queues the next id not yet queued.
        let mut ring = Ring::new(8).unwrap();
        let (mut submitter, mut sq, mut cq) = ring.split();
        let mut queued = 0u64;
        while !sq.is_full() {
            sq.get_sqe().unwrap().prep_nop().user_data(queued);
            queued += 1;
        }
        let mut done = Vec::new();
        while done.len() < 100 {
            submitter.submit_and_wait(1).unwrap();
            for cqe in cq.completions() {
                assert_eq!(cqe.res(), 0);
                done.push(cqe.user_data());
                if queued < 100 {
                    sq.get_sqe().unwrap().prep_nop().user_data(queued);
                    queued += 1;
                }
            }
        }
        done.sort();
        assert_eq!(done, (0..100).collect::<Vec<_>>());
        assert_eq!((sq.ready(), cq.ready()), (0, 0));
    }

    #[test]
    fn an_owned_ring_split_hands_buffers_back_and_the_ring_goes_on_after() {
        let mut ring = Ring::new_owned(4).unwrap();
        let (r, mut w) = std::io::pipe().unwrap();
        ring.read(r.as_raw_fd(), Vec::with_capacity(8), u64::MAX, 1)
            .unwrap();
        {
            let (mut submitter, _, mut cq) = ring.split();
            submitter.submit().unwrap();
            w.write_all(b"first").unwrap();
            submitter.submit_and_wait(1).unwrap();
            let mut c = cq.completions().next().unwrap();
            assert_eq!((c.user_data(), c.res()), (1, 5));
            assert_eq!(c.take_buf::<Vec<u8>>().unwrap(), b"first");
        }
        // The split ended: owned operations again, on the whole ring.
        ring.read(r.as_raw_fd(), Vec::with_capacity(8), u64::MAX, 2)
            .unwrap();
        w.write_all(b"again").unwrap();
        ring.submit_and_wait(1).unwrap();
        let mut c = ring.wait_cqe().unwrap().seen();
        assert_eq!(c.take_buf::<Vec<u8>>().unwrap(), b"again");
    }
}
