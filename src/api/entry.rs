//! Submission entries made before, or without, a ring: [`Entry`], pushed into a ring's SQ
//! by [`Ring::push`] / [`Ring::push_all`].
//!
//! An `Entry` is filled by the same [`Sqe`] prep methods as a ring's SQE: [`Entry::new`] lends
//! its own storage to an `Sqe`, so every operation keeps one implementation.

use std::fmt;
use std::io;
use std::slice;

use super::owned::OWNED_TAG;
use super::ring::{Inner, Ring};
use super::sqe::{Sqe, reserved};
use crate::uapi::*;

/// A 64-byte submission queue entry of its own, to be copied into a ring later
/// ([`Ring::push`], [`Ring::push_all`]); tokio-rs io-uring's `squeue::Entry`.
///
/// It is built by a closure that fills an [`Sqe`] with the usual `prep_*` methods and
/// modifiers, so what can be built, and what needs `unsafe` to build, is exactly what it is
/// on a ring's SQE. Where it differs from tokio's: there is no second set of opcode types;
/// and since an entry may go to either kind of ring, its builder refuses `user_data` values
/// with the top bit set as an [`super::OwnedRing`]'s SQE does (they tag owned-buffer
/// operations). 128-byte entries are [`Entry128`]s.
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

/// A 128-byte submission queue entry of its own (tokio-rs io-uring's `squeue::Entry128`), for
/// rings with 128-byte SQEs (IORING_SETUP_SQE128, built by [`super::Builder::sqe128`]) or
/// mixed ones (IORING_SETUP_SQE_MIXED), pushed by [`Ring::push128`]: the entry's first 64
/// bytes as an [`Entry`]'s, and 64 more, where a `uring_cmd` keeps the rest of its 80-byte
/// command area ([`Entry128::cmd_mut`]).
///
/// Built the same way, by the same prep methods: on an SQE128 ring any operation (an
/// [`Entry`] converts, too), [`Sqe::prep_uring_cmd`] the one that uses the room; on an
/// SQE_MIXED ring the 128-byte opcodes, [`Sqe::prep_nop128`] and
/// [`Sqe::prep_uring_cmd128`] (the kernel refuses those on SQE128 rings). `Copy`, as
/// [`Entry`] is.
///
/// ```
/// use std::net::UdpSocket;
/// use std::os::fd::AsRawFd;
/// use uring_rs::api::{Entry128, Ring};
/// use uring_rs::uapi::SOCKET_URING_OP_SIOCINQ;
///
/// let rx = UdpSocket::bind("127.0.0.1:0")?;
/// UdpSocket::bind("127.0.0.1:0")?.send_to(b"queued", rx.local_addr()?)?;
/// // SAFETY: SIOCINQ reads nothing but its SQE, all of which is the entry's.
/// let inq = Entry128::new(|sqe| {
///     unsafe { sqe.prep_uring_cmd(SOCKET_URING_OP_SIOCINQ as i32, rx.as_raw_fd()) }.user_data(128)
/// });
/// let mut ring = Ring::builder().entries(4).sqe128().build_owned()?;
/// // SAFETY: as above.
/// unsafe { ring.push128(&inq)? };
/// ring.submit_and_wait(1)?;
/// let cqe = ring.wait_cqe()?.seen();
/// assert_eq!((cqe.user_data(), cqe.res()), (128, 6)); // bytes of the datagram waiting
/// # Ok::<(), std::io::Error>(())
/// ```
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Entry128 {
    sqe: io_uring_sqe,
    more: [u8; 64],
}

impl Entry128 {
    /// Build an entry as [`Entry::new`] does, over all 128 bytes.
    ///
    /// # Panics
    /// As [`Entry::new`]'s.
    ///
    /// ```
    /// use uring_rs::api::Entry128;
    /// use uring_rs::uapi::IORING_OP_NOP;
    ///
    /// let e = Entry128::new(|sqe| sqe.prep_nop().user_data(2));
    /// assert_eq!((e.opcode(), e.user_data()), (IORING_OP_NOP as u8, 2));
    /// ```
    pub fn new<F>(prep: F) -> Entry128
    where
        F: for<'e> FnOnce(Sqe<'e>) -> Sqe<'e>,
    {
        // SAFETY: all zeroes is a valid entry (integers and unions of integers).
        let mut entry: Entry128 = unsafe { std::mem::zeroed() };
        // SAFETY: the whole entry's storage (the pointer covers all 128 bytes, as a ring's
        // SQE128 slot would), borrowed mutably for the call; `true`: it goes to an
        // owned-buffer ring, so the owned tag is refused.
        let sqe = unsafe { Sqe::new((&raw mut entry).cast(), true) }.expect("not null");
        prep(sqe);
        entry
    }

    /// The entry's `user_data`.
    ///
    /// ```
    /// assert_eq!(uring_rs::api::Entry128::new(|sqe| sqe.user_data(9)).user_data(), 9);
    /// ```
    pub fn user_data(&self) -> u64 {
        self.sqe.user_data
    }

    /// The entry's opcode (`IORING_OP_*`).
    ///
    /// ```
    /// use uring_rs::uapi::IORING_OP_URING_CMD;
    ///
    /// // SAFETY: only built, never pushed.
    /// let e = uring_rs::api::Entry128::new(|sqe| unsafe { sqe.prep_uring_cmd(0, 3) });
    /// assert_eq!(e.opcode(), IORING_OP_URING_CMD as u8);
    /// ```
    pub fn opcode(&self) -> u8 {
        self.sqe.opcode
    }

    /// The 80-byte command area of a `uring_cmd` (`sqe->cmd`: bytes 48 to 127), which the
    /// driver of the command's fd reads.
    ///
    /// ```
    /// let mut e = uring_rs::api::Entry128::new(|sqe| sqe);
    /// e.cmd_mut()[79] = 7;
    /// assert_eq!(e.cmd_mut().len(), 80);
    /// ```
    pub fn cmd_mut(&mut self) -> &mut [u8; 80] {
        // SAFETY: bytes 48..128 of the entry, plain bytes of our own; `Entry128` is
        // `repr(C)` with no padding (64 + 64 bytes), so they are in bounds and initialised.
        unsafe { &mut *(&raw mut *self).cast::<u8>().add(48).cast::<[u8; 80]>() }
    }
}

impl From<Entry> for Entry128 {
    /// The same operation, in the first 64 bytes; the rest zero (tokio's `From<Entry>`).
    ///
    /// ```
    /// use uring_rs::api::{Entry, Entry128};
    ///
    /// let e = Entry128::from(Entry::new(|sqe| sqe.prep_nop().user_data(4)));
    /// assert_eq!(e.user_data(), 4);
    /// ```
    fn from(e: Entry) -> Self {
        Entry128 {
            sqe: e.0,
            more: [0; 64],
        }
    }
}

impl fmt::Debug for Entry128 {
    /// ```
    /// let e = uring_rs::api::Entry128::new(|sqe| sqe.prep_nop().user_data(3));
    /// assert!(format!("{e:?}").contains("user_data: 3"));
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry128")
            .field("opcode", &self.sqe.opcode)
            .field("flags", &self.sqe.flags)
            .field("fd", &self.sqe.fd)
            .field("user_data", &self.sqe.user_data)
            .finish_non_exhaustive()
    }
}

impl<const OWNED: bool> Ring<OWNED> {
    /// Copy a 128-byte `entry` into free SQ room; [`Ring::push_all128`] of one.
    ///
    /// # Safety
    /// As [`Ring::push_all`], for all 128 bytes.
    ///
    /// ```
    /// use uring_rs::api::{Entry128, Ring};
    ///
    /// let mut ring = Ring::new(4)?; // 64-byte SQEs
    /// let nop = Entry128::new(|sqe| sqe.prep_nop());
    /// // SAFETY: a NOP carries no pointers.
    /// let err = unsafe { ring.push128(&nop) }.unwrap_err();
    /// assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn push128(&mut self, entry: &Entry128) -> io::Result<()> {
        // SAFETY: the caller's contract is this one's.
        unsafe { self.push_all128(slice::from_ref(entry)) }
    }

    /// Copy `entries`, in order, into free SQ room, all or nothing, as [`Ring::push_all`]:
    /// one slot each on a ring with 128-byte SQEs (IORING_SETUP_SQE128, an
    /// [`super::OwnedRing`]'s), two adjacent ones on a mixed ring (IORING_SETUP_SQE_MIXED;
    /// where a pair would wrap, the last slot gets a padding NOP whose completion is skipped,
    /// which makes a dropped ring leak what it has in flight: see [`Ring`]).
    ///
    /// # Errors
    /// Nothing is queued then.
    /// - EINVAL: the ring's SQEs are 64 bytes; or it is mixed and an entry's opcode is not
    ///   a 128-byte one (IORING_OP_NOP128, IORING_OP_URING_CMD128): the kernel would run its
    ///   second half as the next entry.
    /// - `ErrorKind::WouldBlock` ([`PushError`]): they don't all fit.
    ///
    /// # Safety
    /// As [`Ring::push_all`], for all 128 bytes of each entry.
    ///
    /// ```
    /// use uring_rs::api::{Entry128, Ring};
    ///
    /// let mut ring = Ring::builder().entries(2).sqe128().build_owned()?;
    /// let nops = [1, 2].map(|id| Entry128::new(|sqe| sqe.prep_nop().user_data(id)));
    /// // SAFETY: NOPs carry no pointers.
    /// unsafe { ring.push_all128(&nops)? };
    /// let full = unsafe { ring.push128(&nops[0]) }.unwrap_err();
    /// assert_eq!(full.kind(), std::io::ErrorKind::WouldBlock);
    /// ring.submit_and_wait(2)?;
    /// let ids: Vec<u64> = ring.completions().map(|c| c.user_data()).collect();
    /// assert_eq!(ids, [1, 2]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn push_all128(&mut self, entries: &[Entry128]) -> io::Result<()> {
        let inner = self.inner();
        let flags = inner.raw.flags;
        let einval = || Err(io::Error::from_raw_os_error(libc::EINVAL));
        if flags & IORING_SETUP_SQE_MIXED != 0 {
            let big = [IORING_OP_NOP128 as u8, IORING_OP_URING_CMD128 as u8];
            if entries.iter().any(|e| !big.contains(&e.opcode())) {
                return einval();
            }
        } else if flags & IORING_SETUP_SQE128 == 0 {
            return einval();
        }
        // 128 bytes of room each: one slot of an SQE128 ring, two of a mixed one.
        Ok(inner.push_all::<OWNED, Entry128>(entries, |i| {
            // SAFETY: a live ring.
            unsafe { crate::submit::io_uring_get_sqe128(&mut i.raw) }
        })?)
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
    /// - fields written through [`Sqe::as_mut_ptr`] make a request the kernel may run; they
    ///   don't make a NOP that injects the result `i32::MIN` (IORING_NOP_INJECT_RESULT) with
    ///   `user_data` `u64::MAX - 1`: that is the mark by which an IORING_SETUP_IOPOLL ring's
    ///   `Drop` knows the kernel is done;
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
        self.inner()
            .push_all::<OWNED, Entry>(entries, Inner::take_sqe::<OWNED>)
    }
}

/// What [`Inner::push_all`] copies into SQ slots: [`Entry`] and [`Entry128`].
pub(crate) trait RawEntry: Copy {
    fn user_data(&self) -> u64;
}

impl RawEntry for Entry {
    fn user_data(&self) -> u64 {
        self.0.user_data
    }
}

impl RawEntry for Entry128 {
    fn user_data(&self) -> u64 {
        self.sqe.user_data
    }
}

impl Inner {
    /// [`Ring::push_all`]; `OWNED`: the ring runs owned-buffer operations. The caller takes
    /// on that contract, and knows the ring's slots hold an `E`.
    /// `take` takes the room of one entry (null: none left).
    pub(crate) fn push_all<const OWNED: bool, E: RawEntry>(
        &mut self,
        entries: &[E],
        take: impl Fn(&mut Inner) -> *mut io_uring_sqe,
    ) -> Result<(), PushError> {
        if OWNED && let Some(e) = entries.iter().find(|e| e.user_data() & OWNED_TAG != 0) {
            reserved(e.user_data());
        }
        // Slots taken but not yet published (the shared tail moves at submit): giving them
        // back is resetting the local tail.
        let tail = self.raw.sq.sqe_tail;
        for entry in entries {
            let sqe = take(self);
            if sqe.is_null() {
                self.raw.sq.sqe_tail = tail;
                return Err(PushError);
            }
            // SAFETY: a free SQE of this ring, which holds an `E` (the caller's word).
            unsafe { sqe.cast::<E>().write(*entry) };
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

    #[test]
    fn a_uring_cmd_entry128_lands_whole_in_an_sqe128_slot_and_runs() {
        use crate::uapi::{IORING_SETUP_SQE128, SOCKET_URING_OP_SIOCINQ};
        use std::net::UdpSocket;

        if !crate::kernel_probe::setup_flags(IORING_SETUP_SQE128)
            || !crate::kernel_probe::socket_uring_cmd()
        {
            return crate::kernel_probe::skip(
                "the kernel has no IORING_SETUP_SQE128 (5.19) or no uring_cmd on sockets (6.7)",
            );
        }

        let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
        let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
        tx.send_to(b"seven!!", rx.local_addr().unwrap()).unwrap();
        // SAFETY (the prep and the push): SIOCINQ reads only the SQE, and writes nothing.
        let mut cmd = Entry128::new(|sqe| {
            unsafe { sqe.prep_uring_cmd(SOCKET_URING_OP_SIOCINQ as i32, rx.as_raw_fd()) }
                .user_data(5)
        });
        // The last byte of the 128, which SIOCINQ ignores: it must reach the slot all the same.
        cmd.cmd_mut()[79] = 0xab;
        let mut ring = Ring::builder()
            .entries(2)
            .flags(IORING_SETUP_SQE128)
            .build_owned()
            .unwrap();
        unsafe { ring.push128(&cmd) }.unwrap();
        let raw = &ring.inner().raw;
        let index = raw.sq.sqe_tail.wrapping_sub(1) & raw.sq.ring_mask;
        // SAFETY: a slot of the ring's SQE array, 128 bytes on this ring; plain bytes.
        let slot: [u8; 128] = unsafe { raw.sq.sqes.cast::<[u8; 128]>().add(index as usize).read() };
        // SAFETY: `Entry128` is 128 plain bytes.
        let want: [u8; 128] = unsafe { std::mem::transmute(cmd) };
        assert_eq!(slot, want);
        assert_eq!(slot[127], 0xab);
        ring.submit_and_wait(1).unwrap();
        assert_eq!(done(&mut ring), [(5, 7)], "bytes of the datagram waiting");
    }

    #[test]
    fn a_64_byte_entry_goes_to_an_sqe128_ring_as_well() {
        if !crate::kernel_probe::setup_flags(crate::uapi::IORING_SETUP_SQE128) {
            return crate::kernel_probe::skip("the kernel has no IORING_SETUP_SQE128 (5.19)");
        }
        let mut ring = Ring::builder()
            .entries(2)
            .flags(crate::uapi::IORING_SETUP_SQE128)
            .build_owned()
            .unwrap();
        // SAFETY: NOPs carry no pointers.
        unsafe {
            ring.push(&nop(1)).unwrap();
            ring.push128(&Entry128::from(nop(2))).unwrap();
        }
        ring.submit_and_wait(2).unwrap();
        assert_eq!(done(&mut ring), [(1, 0), (2, 0)]);
    }

    #[test]
    fn a_mixed_ring_takes_a_128_byte_command_across_the_wrap() {
        use crate::uapi::{IORING_SETUP_SQE_MIXED, SOCKET_URING_OP_SIOCINQ};
        use std::net::UdpSocket;

        let Ok(mut ring) = Ring::builder()
            .entries(4)
            .flags(IORING_SETUP_SQE_MIXED)
            .build()
        else {
            // Kernels before 6.19 have neither mixed rings nor the 128-byte opcodes.
            eprintln!("skipped: the kernel has no IORING_SETUP_SQE_MIXED");
            return;
        };
        let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
        let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
        tx.send_to(b"eleven byte", rx.local_addr().unwrap())
            .unwrap();
        // Three slots used and given back: the next pair would start at the last slot.
        // SAFETY (all pushes here): NOPs and SIOCINQ carry no pointers.
        unsafe { ring.push_all(&[nop(1), nop(2), nop(3)]) }.unwrap();
        ring.submit_and_wait(3).unwrap();
        assert_eq!(done(&mut ring), [(1, 0), (2, 0), (3, 0)]);

        let plain = Entry128::from(nop(4));
        let err = unsafe { ring.push128(&plain) }.unwrap_err();
        assert_eq!(
            err.raw_os_error(),
            Some(libc::EINVAL),
            "a 64-byte opcode in a pair"
        );
        let cmd = Entry128::new(|sqe| {
            unsafe { sqe.prep_uring_cmd128(SOCKET_URING_OP_SIOCINQ as i32, rx.as_raw_fd()) }
                .user_data(5)
        });
        let nop128 = Entry128::new(|sqe| unsafe { sqe.prep_nop128() }.user_data(6));
        // Pad + pair, then one more pair: five slots of four: refused whole.
        let full = unsafe { ring.push_all128(&[cmd, nop128]) }.unwrap_err();
        assert_eq!(full.kind(), io::ErrorKind::WouldBlock);
        assert_eq!(
            ring.submission().ready(),
            0,
            "nothing of the refused batch queued"
        );
        unsafe { ring.push128(&cmd) }.unwrap();
        assert_eq!(ring.submission().ready(), 3, "the pad and the pair");
        ring.submit_and_wait(1).unwrap();
        unsafe { ring.push128(&nop128) }.unwrap();
        ring.submit_and_wait(2).unwrap();
        // The pad's completion is skipped.
        assert_eq!(done(&mut ring), [(5, 11), (6, 0)]);
    }
}
