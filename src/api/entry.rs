//! Submission entries made before, or without, a ring: [`Entry`], pushed into a ring's SQ
//! by [`Ring::push`] / [`Ring::push_all`].
//!
//! An `Entry` is filled by the same [`Sqe`] prep methods as a ring's SQE: [`Entry::new`] lends
//! its own storage to an `Sqe`, so every operation keeps one implementation.

use std::fmt;
use std::io;
use std::slice;

use super::owned::OWNED_TAG;
use super::ring::Ring;
use super::sqe::{Sqe, reserved};
use crate::uapi::io_uring_sqe;

/// A 64-byte submission queue entry of its own, to be copied into a ring later
/// ([`Ring::push`], [`Ring::push_all`]); tokio-rs io-uring's `squeue::Entry`.
///
/// It is built by a closure that fills an [`Sqe`] with the usual `prep_*` methods and
/// modifiers, so what can be built, and what needs `unsafe` to build, is exactly what it is
/// on a ring's SQE. Where it differs from tokio's: there is no second set of opcode types;
/// and since an entry may go to either kind of ring, its builder refuses `user_data` values
/// with the top bit set as an [`super::OwnedRing`]'s SQE does (they tag owned-buffer
/// operations). SQE128 entries (tokio's `Entry128`) are not offered.
///
/// An `Entry` is `Copy`: each push of it is one more operation. One made by
/// [`Sqe::prep_close`] holds the fd it will close; never pushed, the fd stays open.
///
/// ```
/// use uring_rs::api::{Entry, Ring};
///
/// let nops = [1, 2, 3].map(|id| Entry::new(|sqe| sqe.prep_nop().user_data(id)));
/// let mut ring = Ring::new(4)?;
/// // SAFETY: NOPs carry no pointers.
/// unsafe { ring.push_all(&nops)? };
/// ring.submit_and_wait(3)?;
/// let ids: Vec<u64> = ring.completions().map(|c| c.user_data()).collect();
/// assert_eq!(ids, [1, 2, 3]);
/// # Ok::<(), std::io::Error>(())
/// ```
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct Entry(io_uring_sqe);

impl Entry {
    /// Build an entry: `prep` gets an [`Sqe`] over the new entry (a NOP with `user_data` 0
    /// and every other field zero) and fills it; what it returns is ignored. tokio builds with one type per opcode (`opcode::Nop::new().build()`) instead.
    ///
    /// # Panics
    /// If `prep` sets a `user_data` (or a poll update's new `user_data`) with the top bit
    /// set: see [`Sqe::user_data`] on an [`super::OwnedRing`].
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    /// use uring_rs::api::Entry;
    ///
    /// let (r, _w) = std::io::pipe()?;
    /// let poll = Entry::new(|sqe| sqe.prep_poll_add(r.as_raw_fd(), libc::POLLIN as u32).user_data(9));
    /// assert_eq!(poll.user_data(), 9);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// ```should_panic
    /// uring_rs::api::Entry::new(|sqe| sqe.prep_nop().user_data(1 << 63));
    /// ```
    pub fn new<F>(prep: F) -> Entry
    where
        F: for<'e> FnOnce(Sqe<'e>) -> Sqe<'e>,
    {
        // SAFETY: all zeroes is a valid `io_uring_sqe` (integers and unions of integers).
        let mut entry = Entry(unsafe { std::mem::zeroed() });
        // SAFETY: the entry's storage, borrowed mutably for the call; `true`: it may go to
        // an owned-buffer ring, so the owned tag is refused.
        let sqe = unsafe { Sqe::new(&mut entry.0, true) }.expect("not null");
        prep(sqe);
        entry
    }

    /// The entry's `user_data`; tokio's `Entry::get_user_data`.
    ///
    /// ```
    /// let e = uring_rs::api::Entry::new(|sqe| sqe.prep_nop().user_data(5));
    /// assert_eq!(e.user_data(), 5);
    /// ```
    pub fn user_data(&self) -> u64 {
        self.0.user_data
    }

    /// The entry's opcode (`IORING_OP_*`).
    ///
    /// ```
    /// use uring_rs::uapi::IORING_OP_NOP;
    ///
    /// let e = uring_rs::api::Entry::new(|sqe| sqe);
    /// assert_eq!(e.opcode(), IORING_OP_NOP as u8);
    /// ```
    pub fn opcode(&self) -> u8 {
        self.0.opcode
    }
}

impl fmt::Debug for Entry {
    /// ```
    /// let e = uring_rs::api::Entry::new(|sqe| sqe.prep_nop().user_data(3));
    /// assert!(format!("{e:?}").contains("user_data: 3"));
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("opcode", &self.0.opcode)
            .field("flags", &self.0.flags)
            .field("fd", &self.0.fd)
            .field("user_data", &self.0.user_data)
            .finish_non_exhaustive()
    }
}

/// [`Ring::push`] / [`Ring::push_all`] found too few free SQ slots and queued nothing;
/// tokio-rs io-uring's `PushError`. Submit, then push again.
///
/// ```
/// use uring_rs::api::{Entry, PushError, Ring};
///
/// let mut ring = Ring::new(1)?;
/// let nop = Entry::new(|sqe| sqe.prep_nop());
/// // SAFETY: NOPs carry no pointers.
/// assert_eq!(unsafe { ring.push_all(&[nop, nop]) }, Err(PushError));
/// let err: std::io::Error = PushError.into();
/// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PushError;

impl fmt::Display for PushError {
    /// ```
    /// assert_eq!(uring_rs::api::PushError.to_string(), "submission queue is full");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("submission queue is full")
    }
}

impl std::error::Error for PushError {}

impl From<PushError> for io::Error {
    /// `ErrorKind::WouldBlock`: there is room again once the queued entries are submitted.
    ///
    /// ```
    /// let e = std::io::Error::from(uring_rs::api::PushError);
    /// assert_eq!(e.kind(), std::io::ErrorKind::WouldBlock);
    /// ```
    fn from(e: PushError) -> io::Error {
        io::Error::new(io::ErrorKind::WouldBlock, e)
    }
}

impl<const OWNED: bool> Ring<OWNED> {
    /// Copy `entry` into a free SQ slot; it goes to the kernel with the next submit.
    /// [`Ring::push_all`] of one entry: see there for the contract and the errors.
    ///
    /// # Safety
    /// As [`Ring::push_all`].
    ///
    /// ```
    /// use uring_rs::api::{Entry, Ring};
    ///
    /// let nop = Entry::new(|sqe| sqe.prep_nop().user_data(4));
    /// let mut ring = Ring::new(2)?;
    /// // SAFETY: a NOP carries no pointers.
    /// unsafe { ring.push(&nop)? };
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.wait_cqe()?.seen().user_data(), 4);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[inline]
    pub unsafe fn push(&mut self, entry: &Entry) -> Result<(), PushError> {
        // SAFETY: the caller's contract is this one's.
        unsafe { self.push_all(slice::from_ref(entry)) }
    }

    /// Copy `entries`, in order, into free SQ slots; they go to the kernel with the next
    /// submit. All or nothing, as tokio-rs io-uring's `SubmissionQueue::push_multiple`:
    /// when there are fewer free slots than entries, nothing is queued and [`PushError`]
    /// is returned. Unlike [`Ring::get_sqe`], this never submits to make room.
    ///
    /// It is `unsafe`, as tokio's `push` is, because an `Entry` does not record whether it
    /// was made by an `unsafe` prep method: pushing must not be a safe way to hand the kernel
    /// pointers whose contract nobody took on.
    ///
    /// # Safety
    /// For each push of each entry (an `Entry` is `Copy`: every push is one more operation):
    /// - what its prep method was passed by reference or pointer (buffers, paths, iovecs,
    ///   timespecs …) stays valid, and is not accessed in a way that conflicts with the
    ///   kernel's use, until that operation's completion has been reaped or the ring's `Drop`
    ///   has returned (the contract of the `unsafe` prep methods of [`Sqe`], from the push);
    /// - an entry made by [`Sqe::prep_close`] hands the kernel an fd to close: push it once
    ///   (again, it would close whatever has that number by then);
    /// - fields written through [`Sqe::as_mut_ptr`] make a request the kernel may run;
    /// - its operation reads no more than 64 bytes of SQE: a pushed entry fills the first 64
    ///   bytes of its slot, and on a ring with 128-byte SQEs the rest keeps what the slot held
    ///   (so no [`Sqe::prep_nop128`], [`Sqe::prep_uring_cmd128`], nor an
    ///   [`Sqe::prep_uring_cmd`] whose command goes past the 64 bytes).
    ///
    /// # Panics
    /// On an [`super::OwnedRing`], when an entry's `user_data` has the top bit set (written
    /// through [`Sqe::as_mut_ptr`]; the builder refuses it), as [`Sqe::user_data`] does;
    /// nothing is queued then.
    ///
    /// ```
    /// use std::io::Write;
    /// use std::os::fd::AsRawFd;
    /// use uring_rs::api::{Entry, Ring};
    ///
    /// let (r, mut w) = std::io::pipe()?;
    /// let mut buf = [0u8; 4];
    /// // SAFETY: `buf` outlives the read, whose completion is reaped below.
    /// let read = Entry::new(|sqe| unsafe { sqe.prep_read(r.as_raw_fd(), &mut buf, 0) }.user_data(1));
    /// let nop = Entry::new(|sqe| sqe.prep_nop().user_data(2));
    /// let mut ring = Ring::new(4)?;
    /// // SAFETY: as above; the NOP carries no pointers.
    /// unsafe { ring.push_all(&[read, nop])? };
    /// w.write_all(b"ping")?;
    /// ring.submit_and_wait(2)?;
    /// let mut done: Vec<(u64, i32)> = ring.completions().map(|c| (c.user_data(), c.res())).collect();
    /// done.sort();
    /// assert_eq!(done, [(1, 4), (2, 0)]);
    /// assert_eq!(&buf, b"ping");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// Without `unsafe` it does not compile:
    ///
    /// ```compile_fail,E0133
    /// let nop = uring_rs::api::Entry::new(|sqe| sqe.prep_nop());
    /// let mut ring = uring_rs::api::Ring::new(2).unwrap();
    /// ring.push_all(&[nop]).unwrap();
    /// ```
    pub unsafe fn push_all(&mut self, entries: &[Entry]) -> Result<(), PushError> {
        if OWNED && let Some(e) = entries.iter().find(|e| e.user_data() & OWNED_TAG != 0) {
            reserved(e.user_data());
        }
        // Slots taken but not yet published (the shared tail moves at submit): giving them
        // back is resetting the local tail.
        let tail = self.raw().sq.sqe_tail;
        for entry in entries {
            let sqe = self.inner().take_sqe::<OWNED>();
            if sqe.is_null() {
                self.raw().sq.sqe_tail = tail;
                return Err(PushError);
            }
            // SAFETY: a free SQE of this ring, at least 64 bytes.
            unsafe { sqe.write(entry.0) };
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uapi::{IORING_OP_NOP, IORING_POLL_UPDATE_USER_DATA};
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::panic::{AssertUnwindSafe, catch_unwind};

    fn nop(id: u64) -> Entry {
        Entry::new(|sqe| sqe.prep_nop().user_data(id))
    }

    fn done<const OWNED: bool>(ring: &mut Ring<OWNED>) -> Vec<(u64, i32)> {
        let mut v: Vec<(u64, i32)> = ring
            .completions()
            .map(|c| (c.user_data(), c.res()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn entries_built_before_the_ring_run_as_one_batch() {
        let (r, w) = std::io::pipe().unwrap();
        let msg = *b"batch";
        let mut buf = [0u8; 5];
        // SAFETY: `msg` and `buf` outlive the operations, reaped below.
        let entries = [
            nop(1),
            Entry::new(|sqe| {
                unsafe { sqe.prep_write(w.as_raw_fd(), &msg, 0) }
                    .user_data(2)
                    .link()
            }),
            Entry::new(|sqe| unsafe { sqe.prep_read(r.as_raw_fd(), &mut buf, 0) }.user_data(3)),
        ];
        let mut ring = Ring::new(4).unwrap();
        // SAFETY: as above.
        unsafe { ring.push_all(&entries) }.unwrap();
        assert_eq!(ring.submission().ready(), 3);
        assert_eq!(ring.submit_and_wait(3).unwrap(), 3);
        assert_eq!(done(&mut ring), [(1, 0), (2, 5), (3, 5)]);
        assert_eq!(&buf, b"batch");
    }

    #[test]
    fn a_copy_pushed_again_is_one_more_operation() {
        let e = nop(7);
        let mut ring = Ring::new(4).unwrap();
        // SAFETY: NOPs carry no pointers.
        unsafe { ring.push_all(&[e, e]).unwrap() };
        ring.submit_and_wait(2).unwrap();
        assert_eq!(done(&mut ring), [(7, 0), (7, 0)]);
    }

    #[test]
    fn a_batch_that_does_not_fit_queues_nothing() {
        let mut ring = Ring::new(4).unwrap();
        for id in 10..13 {
            ring.get_sqe().unwrap().prep_nop().user_data(id);
        }
        // SAFETY (all pushes here): NOPs carry no pointers.
        assert_eq!(
            unsafe { ring.push_all(&[nop(20), nop(21)]) },
            Err(PushError)
        );
        assert_eq!(
            ring.submission().ready(),
            3,
            "nothing of the refused batch queued"
        );
        unsafe { ring.push(&nop(22)) }.unwrap();
        assert_eq!(unsafe { ring.push(&nop(23)) }, Err(PushError));
        assert_eq!(ring.submission().space_left(), 0);
        assert_eq!(ring.submit_and_wait(4).unwrap(), 4);
        assert_eq!(done(&mut ring), [(10, 0), (11, 0), (12, 0), (22, 0)]);
        unsafe { ring.push_all(&[nop(30), nop(31), nop(32), nop(33)]) }.unwrap();
        ring.submit_and_wait(4).unwrap();
        assert_eq!(done(&mut ring), [(30, 0), (31, 0), (32, 0), (33, 0)]);
    }

    #[test]
    fn the_builder_refuses_the_owned_tag() {
        let tag = OWNED_TAG | 1;
        assert!(catch_unwind(|| Entry::new(|sqe| sqe.prep_nop().user_data(tag))).is_err());
        assert!(
            catch_unwind(|| {
                Entry::new(|sqe| sqe.prep_poll_update(1, tag, 0, IORING_POLL_UPDATE_USER_DATA))
            })
            .is_err()
        );
        assert_eq!(
            Entry::new(|sqe| sqe.prep_nop().user_data(!tag)).user_data(),
            !tag
        );
    }

    #[test]
    fn an_owned_ring_refuses_a_forged_tag_and_queues_nothing() {
        let tag = OWNED_TAG | 1;
        // SAFETY: an integer field of the entry's own storage.
        let forged = Entry::new(|sqe| {
            unsafe { (*sqe.as_mut_ptr()).user_data = tag };
            sqe
        });
        assert_eq!(
            (forged.opcode(), forged.user_data()),
            (IORING_OP_NOP as u8, tag)
        );
        let mut owned = Ring::new_owned(4).unwrap();
        // SAFETY (all pushes here): NOPs carry no pointers.
        let r = catch_unwind(AssertUnwindSafe(|| unsafe {
            owned.push_all(&[nop(1), forged])
        }));
        assert!(r.is_err(), "the tag was accepted");
        assert_eq!(owned.submission().ready(), 0);
        unsafe { owned.push(&nop(2)) }.unwrap();
        owned.submit_and_wait(1).unwrap();
        assert_eq!(done(&mut owned), [(2, 0)]);

        // A plain ring hands nothing back by tag, so it runs the entry as it is.
        let mut plain = Ring::new(4).unwrap();
        unsafe { plain.push(&forged) }.unwrap();
        plain.submit_and_wait(1).unwrap();
        assert_eq!(done(&mut plain), [(tag, 0)]);
    }

    #[test]
    fn an_owned_ring_runs_pushed_entries_beside_owned_reads() {
        let (r, mut w) = std::io::pipe().unwrap();
        let mut ring = Ring::new_owned(4).unwrap();
        ring.read(r.as_raw_fd(), Vec::with_capacity(8), u64::MAX, 5)
            .unwrap();
        // SAFETY: NOPs carry no pointers.
        unsafe { ring.push_all(&[nop(6), nop(7)]) }.unwrap();
        w.write_all(b"own").unwrap();
        ring.submit_and_wait(3).unwrap();
        let mut seen = Vec::new();
        while seen.len() < 3 {
            let mut c = ring.wait_cqe().unwrap().seen();
            if c.user_data() == 5 {
                assert_eq!(c.take_buf::<Vec<u8>>().unwrap(), b"own");
            }
            seen.push((c.user_data(), c.res()));
        }
        seen.sort();
        assert_eq!(seen, [(5, 3), (6, 0), (7, 0)]);
    }
}
