//! Owned-buffer operations: the ring takes a buffer for as long as the kernel uses it and
//! hands it back with the completion, so reading and writing need no `unsafe`.
//!
//! They are the `unsafe` prep helpers underneath, with the buffer kept in the ring: each
//! operation gets a slot, its SQE carries `OWNED_TAG | slot` as `user_data`, and the
//! completion that ends it takes the buffer out of the slot again (`Slots::finish`, from
//! `Inner::retire` for a `CqeRef` and from `Completions`, each after handing the CQE back to
//! the kernel, so that it can't be reaped twice), handing it back as the type it came as
//! ([`super::IoBuf`]). The caller's own `user_data` is kept in the slot and is what the
//! completion shows. A slot can keep any other value an operation needs kept, too: the path
//! and output of the operations of `super::fs`. An operation that gets no SQE takes no slot,
//! and hands its buffer back with the error ([`BufError`]).

use std::io;
use std::os::fd::RawFd;

use super::buf::{Finish, IoBuf, IoBufMut, OwnedBuf};
use super::cqe::Cqe;
use super::ring::OwnedRing;
use crate::prep::files::{io_uring_prep_read, io_uring_prep_write};
use crate::prep::net::{io_uring_prep_recv, io_uring_prep_send, io_uring_prep_send_zc};
use crate::prep::{io_uring_sqe_set_data64, io_uring_sqe_set_flags};
use crate::uapi::*;

/// `user_data` bit of owned-buffer operations; `Sqe::user_data` refuses it.
pub(crate) const OWNED_TAG: u64 = 1 << 63;

/// The file an owned-buffer operation works on: a descriptor, or a slot of the ring's
/// registered file table ([`OwnedRing::register_files`], or direct accept).
///
/// ```
/// use uring_rs::api::Target;
///
/// assert_eq!(Target::from(3), Target::Fd(3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A file descriptor.
    Fd(RawFd),
    /// An index into the registered file table (IOSQE_FIXED_FILE).
    Fixed(u32),
}

impl From<RawFd> for Target {
    fn from(fd: RawFd) -> Self {
        Target::Fd(fd)
    }
}

#[derive(Debug)]
struct Slot {
    buf: OwnedBuf,
    finish: Finish,
    user_data: u64,
    /// The length the kernel was given.
    len: u32,
    /// A multishot operation's: what each completion hands out (the buffer it names), the
    /// kept value staying in the slot until the last one.
    each: Option<Each>,
}

/// What a completion of a multishot owned operation hands out, from the value kept in its
/// slot, its result and its flags.
///
/// # Safety
/// Called once per completion of the operation, after it was handed back to the kernel.
pub(super) type Each = unsafe fn(&mut OwnedBuf, res: i32, flags: u32) -> Option<OwnedBuf>;

/// What an owned operation keeps in its slot (the value, what its completion does to it, the
/// bytes of it the kernel is given), and `at`, where the kernel finds it.
pub(super) struct Kept<R> {
    buf: OwnedBuf,
    finish: Finish,
    len: u32,
    at: R,
    each: Option<Each>,
}

impl<R> Kept<R> {
    /// Keep `value`, which its completion updates with `finish`, and find where the kernel
    /// reads or writes it (`at`) in the place where it is kept.
    pub(super) fn value<T: Send + 'static>(
        value: T,
        finish: Finish,
        at: impl FnOnce(&mut T) -> R,
    ) -> Self {
        let mut buf = OwnedBuf::new(value);
        // SAFETY: it holds a `T`.
        let at = at(unsafe { buf.get_mut::<T>() });
        Kept {
            buf,
            finish,
            len: 0,
            at,
            each: None,
        }
    }

    /// The operation is multishot: each of its completions hands out what `each` makes.
    pub(super) fn each(mut self, each: Each) -> Self {
        self.each = Some(each);
        self
    }
}

impl Kept<(*mut u8, u32)> {
    /// A buffer, the kernel given its memory: `len` bytes at `ptr`.
    fn buffer((buf, ptr, len, finish): (OwnedBuf, *mut u8, usize, Finish)) -> Self {
        let len = len32(len);
        Kept {
            buf,
            finish,
            len,
            at: (ptr, len),
            each: None,
        }
    }
}

/// The owned buffers in flight, by slot.
#[derive(Debug, Default)]
pub(crate) struct Slots {
    slots: Vec<Option<Slot>>,
    free: Vec<u32>,
}

impl Slots {
    fn insert(&mut self, slot: Slot) -> u32 {
        match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(slot);
                i
            }
            None => {
                self.slots.push(Some(slot));
                (self.slots.len() - 1) as u32
            }
        }
    }

    fn remove(&mut self, i: u32) -> Option<Slot> {
        let slot = self.slots.get_mut(i as usize)?.take()?;
        self.free.push(i);
        Some(slot)
    }

    /// The caller's `user_data` for a completion's raw one.
    #[inline(always)]
    pub(crate) fn user_data(&self, raw: u64) -> u64 {
        if raw & OWNED_TAG == 0 {
            return raw;
        }
        match self.slots.get((raw & !OWNED_TAG) as usize) {
            Some(Some(slot)) => slot.user_data,
            _ => raw,
        }
    }

    /// A completion of the operation tagged `raw` (an owned-buffer one), with `res` and
    /// `flags`: what it hands out, and the caller's `user_data` (no buffer, and `raw`, for a
    /// tag of no slot). The last completion (no IORING_CQE_F_MORE) empties the slot and hands
    /// back its buffer, told how many bytes the kernel filled in (or its other value, told
    /// the result); one before it (a multishot operation's, or a zero-copy send's first)
    /// hands out what the slot's `each` makes of it, or nothing.
    ///
    /// # Safety
    /// The completion has been handed back to the kernel (so it can't be reaped twice, which
    /// would take a later operation's buffer).
    #[cold]
    pub(crate) unsafe fn finish(
        &mut self,
        raw: u64,
        res: i32,
        flags: u32,
    ) -> (Option<OwnedBuf>, u64) {
        let i = (raw & !OWNED_TAG) as u32;
        if flags & IORING_CQE_F_MORE != 0 {
            let Some(Some(slot)) = self.slots.get_mut(i as usize) else {
                return (None, raw);
            };
            // SAFETY: one call per completion, handed back (the contract).
            let out = slot
                .each
                .and_then(|each| unsafe { each(&mut slot.buf, res, flags) });
            return (out, slot.user_data);
        }
        let Some(Slot {
            mut buf,
            finish,
            user_data,
            len,
            each,
        }) = self.remove(i)
        else {
            return (None, raw);
        };
        if let Some(each) = each {
            // SAFETY: as above; the kept value is dropped after: the operation is over.
            return (unsafe { each(&mut buf, res, flags) }, user_data);
        }
        // SAFETY: the operation completed with `res` (its last completion): the kernel is
        // done with the value.
        unsafe { finish(&mut buf, res, len) };
        (Some(buf), user_data)
    }
}

/// Lengths the kernel takes as 32 bits: longer buffers are used in part.
fn len32(n: usize) -> u32 {
    n.min(u32::MAX as usize) as u32
}

/// An owned-buffer operation that was not queued: the error, and the buffer (or path) it was
/// given, handed back unchanged. `?` turns it into its [`io::Error`] (dropping the buffer).
///
/// ```
/// use uring_rs::api::{BufError, Ring};
/// use uring_rs::uapi::IORING_SETUP_R_DISABLED;
///
/// // A ring that is not enabled yet refuses to submit, so a full SQ stays full.
/// let mut ring = Ring::builder().entries(1).flags(IORING_SETUP_R_DISABLED).build_owned()?;
/// ring.get_sqe().unwrap().prep_nop();
/// let err: BufError<Vec<u8>> = ring.write(1, b"kept".to_vec(), 0, 0).unwrap_err();
/// assert_eq!(err.error().raw_os_error(), Some(libc::EBUSY));
/// assert_eq!(err.into_buf(), b"kept");
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct BufError<B> {
    error: io::Error,
    buf: B,
}

impl<B> BufError<B> {
    /// No SQE could be had for the operation: EBUSY.
    fn busy(buf: B) -> Self {
        BufError {
            error: io::Error::from_raw_os_error(libc::EBUSY),
            buf,
        }
    }

    /// Why the operation was not queued.
    ///
    /// ```
    /// # let mut ring = uring_rs::api::Ring::builder().entries(1)
    /// #     .flags(uring_rs::uapi::IORING_SETUP_R_DISABLED).build_owned()?;
    /// # ring.get_sqe().unwrap().prep_nop();
    /// let err = ring.send(1, "text", 0, 0).unwrap_err();
    /// assert_eq!(err.error().raw_os_error(), Some(libc::EBUSY));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The buffer the operation was given.
    ///
    /// ```
    /// # let mut ring = uring_rs::api::Ring::builder().entries(1)
    /// #     .flags(uring_rs::uapi::IORING_SETUP_R_DISABLED).build_owned()?;
    /// # ring.get_sqe().unwrap().prep_nop();
    /// let err = ring.send(1, "text", 0, 0).unwrap_err();
    /// assert_eq!(err.into_buf(), "text");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn into_buf(self) -> B {
        self.buf
    }

    /// The error and the buffer.
    ///
    /// ```
    /// # let mut ring = uring_rs::api::Ring::builder().entries(1)
    /// #     .flags(uring_rs::uapi::IORING_SETUP_R_DISABLED).build_owned()?;
    /// # ring.get_sqe().unwrap().prep_nop();
    /// let (error, buf) = ring.send(1, "text", 0, 0).unwrap_err().into_parts();
    /// assert_eq!((error.raw_os_error(), buf), (Some(libc::EBUSY), "text"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn into_parts(self) -> (io::Error, B) {
        (self.error, self.buf)
    }
}

impl<B> From<BufError<B>> for io::Error {
    /// The error; the buffer is dropped.
    ///
    /// ```
    /// fn queue(ring: &mut uring_rs::api::OwnedRing) -> std::io::Result<()> {
    ///     ring.send(1, "text", 0, 0)?;
    ///     Ok(())
    /// }
    /// # let mut ring = uring_rs::api::Ring::builder().entries(1)
    /// #     .flags(uring_rs::uapi::IORING_SETUP_R_DISABLED).build_owned()?;
    /// # ring.get_sqe().unwrap().prep_nop();
    /// assert_eq!(queue(&mut ring).unwrap_err().raw_os_error(), Some(libc::EBUSY));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn from(e: BufError<B>) -> io::Error {
        e.error
    }
}

impl<B> std::fmt::Debug for BufError<B> {
    /// The error, and the buffer's type (not its bytes).
    ///
    /// ```
    /// # let mut ring = uring_rs::api::Ring::builder().entries(1)
    /// #     .flags(uring_rs::uapi::IORING_SETUP_R_DISABLED).build_owned()?;
    /// # ring.get_sqe().unwrap().prep_nop();
    /// let err = ring.send(1, "text", 0, 0).unwrap_err();
    /// assert!(format!("{err:?}").contains("buf: &str"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BufError")
            .field("error", &self.error)
            .field("buf", &format_args!("{}", std::any::type_name::<B>()))
            .finish()
    }
}

impl<B> std::fmt::Display for BufError<B> {
    /// As the error's.
    ///
    /// ```
    /// # let mut ring = uring_rs::api::Ring::builder().entries(1)
    /// #     .flags(uring_rs::uapi::IORING_SETUP_R_DISABLED).build_owned()?;
    /// # ring.get_sqe().unwrap().prep_nop();
    /// let err = ring.send(1, "text", 0, 0).unwrap_err();
    /// assert_eq!(err.to_string(), err.error().to_string());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl<B> std::error::Error for BufError<B> {}

/// Owned-buffer methods, one per row:
/// `fn name<B: Bound>(buf: BufType, args…) keep |buf| kept => |sqe, fd, at| prep;` makes
/// `pub fn name<B: Bound>(&mut self, target, buf, args…, user_data) -> Result<(), BufError<BufType>>`
/// (the generic is optional, and `buf` may have another name), which keeps `buf` as `keep` says ([`Kept`]) and fills the SQE with `prep` (an `unsafe`
/// expression: see [`OwnedRing::start_owned`]), `at` being where the kernel finds the kept
/// value.
macro_rules! owned_methods {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident$(<B: $bound:ident>)?($buf:ident: $bty:ty $(, $arg:ident: $ty:ty)*)
            keep $keep:expr
            => |$sqe:ident, $fd:ident, $at:pat_param| $prep:expr;
    )*) => {$(
        $(#[doc = $doc])*
        pub fn $name$(<B: $bound>)?(
            &mut self,
            target: impl Into<Target>,
            $buf: $bty,
            $($arg: $ty,)*
            user_data: u64,
        ) -> Result<(), BufError<$bty>> {
            self.start_owned(target.into(), $buf, $keep, user_data, |$sqe, $fd, $at| {
                // SAFETY: see start_owned: what `at` points to is kept in the ring.
                unsafe { $prep }
            })
        }
    )*};
}
pub(super) use owned_methods;

impl OwnedRing {
    /// Queue an operation on `buf`, which the ring keeps until it completes: `keep` puts it
    /// in its holder ([`Kept`]) and tells where the kernel finds it, which `prep` writes into
    /// the SQE. Without an SQE, `buf` is handed back untouched.
    pub(super) fn start_owned<B, R>(
        &mut self,
        target: Target,
        buf: B,
        keep: impl FnOnce(B) -> Kept<R>,
        user_data: u64,
        prep: impl FnOnce(*mut io_uring_sqe, RawFd, R),
    ) -> Result<(), BufError<B>> {
        let Some(sqe) = self.get_sqe().map(|s| s.as_mut_ptr()) else {
            return Err(BufError::busy(buf));
        };
        // What `at` points to doesn't move when the value moves into the slot (IoBuf's
        // contract, or `OwnedBuf::new` boxing it).
        let Kept {
            buf,
            finish,
            len,
            at,
            each,
        } = keep(buf);
        let slot = self.inner().owned.insert(Slot {
            buf,
            finish,
            user_data,
            len,
            each,
        });
        let (fd, flags) = match target {
            Target::Fd(fd) => (fd, 0),
            Target::Fixed(i) => (i as RawFd, IOSQE_FIXED_FILE),
        };
        // SAFETY: `sqe` is the entry just taken (no `Sqe` borrows it any more); `at` is in
        // the value now kept in the slot until the completion takes it out.
        unsafe {
            prep(sqe, fd, at);
            // Added to those `prep` set (IOSQE_BUFFER_SELECT).
            io_uring_sqe_set_flags(sqe, (*sqe).flags as u32 | flags);
            io_uring_sqe_set_data64(sqe, OWNED_TAG | slot as u64);
        }
        Ok(())
    }

    owned_methods! {
        /// Read from `target` at `offset` into `buf`, which the ring owns until the completion
        /// hands it back as the same type ([`Cqe::take_buf`]), told the bytes read
        /// ([`IoBufMut::set_init`]). The kernel fills it from the start: a `Vec` up to its
        /// capacity (`Vec::with_capacity(n)` reads up to `n`), its length then set to the bytes
        /// read; a `Box<[u8]>` up to its length, which stays. `offset` `u64::MAX` reads at the
        /// file position. The completion shows `user_data`. Errors only when no SQE can be had
        /// ([`OwnedRing::get_sqe`] returned `None`): EBUSY, with `buf` handed back ([`BufError`]).
        ///
        /// ```
        /// use std::io::Write;
        /// use std::os::fd::AsRawFd;
        ///
        /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
        /// let (r, mut w) = std::io::pipe()?;
        /// w.write_all(b"hello")?;
        /// ring.read(r.as_raw_fd(), Vec::with_capacity(64), u64::MAX, 7)?;
        /// ring.submit_and_wait(1)?;
        /// let mut cqe = ring.wait_cqe()?.seen();
        /// assert_eq!((cqe.user_data(), cqe.res()), (7, 5));
        /// assert_eq!(cqe.take_buf::<Vec<u8>>().unwrap(), b"hello");
        ///
        /// w.write_all(b"box")?;
        /// ring.read(r.as_raw_fd(), vec![b'.'; 5].into_boxed_slice(), u64::MAX, 8)?;
        /// ring.submit_and_wait(1)?;
        /// let mut cqe = ring.wait_cqe()?.seen();
        /// let buf: Box<[u8]> = cqe.take_buf().unwrap();
        /// assert_eq!((cqe.res(), &*buf), (3, &b"box.."[..]));
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn read<B: IoBufMut>(buf: B, offset: u64)
            keep |b| Kept::buffer(OwnedBuf::filled(b))
            => |sqe, fd, (p, n)| io_uring_prep_read(sqe, fd, p.cast(), n, offset);

        /// Write all of `buf` to `target` at `offset` (`u64::MAX`: the file position); the ring
        /// owns it until the completion hands it back unchanged, as the same type. The result
        /// may be short. Errors as [`OwnedRing::read`].
        ///
        /// ```
        /// use std::io::Read;
        /// use std::os::fd::AsRawFd;
        ///
        /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
        /// let (mut r, w) = std::io::pipe()?;
        /// ring.write(w.as_raw_fd(), b"boxed".to_vec().into_boxed_slice(), u64::MAX, 1)?;
        /// ring.submit_and_wait(1)?;
        /// let mut cqe = ring.wait_cqe()?.seen();
        /// assert_eq!(cqe.result()?, 5);
        /// let buf: Box<[u8]> = cqe.take_buf().unwrap();
        /// assert_eq!(&*buf, b"boxed");
        /// let mut got = [0; 5];
        /// r.read_exact(&mut got)?;
        /// assert_eq!(&got, b"boxed");
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn write<B: IoBuf>(buf: B, offset: u64)
            keep |b| Kept::buffer(OwnedBuf::drained(b))
            => |sqe, fd, (p, n)| io_uring_prep_write(sqe, fd, p.cast_const().cast(), n, offset);

        /// Receive from socket `target` into `buf`, as [`OwnedRing::read`] does (`flags`: `MSG_*`).
        ///
        /// ```
        /// use std::io::Write;
        /// use std::os::fd::AsRawFd;
        ///
        /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
        /// let (mut a, b) = std::os::unix::net::UnixStream::pair()?;
        /// a.write_all(b"hi")?;
        /// ring.recv(b.as_raw_fd(), vec![0; 16], 0, 2)?;
        /// ring.submit_and_wait(1)?;
        /// assert_eq!(ring.wait_cqe()?.seen().take_buf::<Vec<u8>>().unwrap(), b"hi");
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn recv<B: IoBufMut>(buf: B, flags: i32)
            keep |b| Kept::buffer(OwnedBuf::filled(b))
            => |sqe, fd, (p, n)| io_uring_prep_recv(sqe, fd, p.cast(), n as usize, flags);

        /// Send all of `buf` on socket `target`, as [`OwnedRing::write`] does (`flags`: `MSG_*`).
        ///
        /// ```
        /// use std::io::Read;
        /// use std::os::fd::AsRawFd;
        ///
        /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
        /// let (mut a, b) = std::os::unix::net::UnixStream::pair()?;
        /// ring.send(b.as_raw_fd(), "text", 0, 3)?;
        /// ring.submit_and_wait(1)?;
        /// let mut cqe = ring.wait_cqe()?.seen();
        /// assert_eq!(cqe.result()?, 4);
        /// assert_eq!(cqe.take_buf::<&str>(), Some("text"));
        /// let mut got = [0; 4];
        /// a.read_exact(&mut got)?;
        /// assert_eq!(&got, b"text");
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn send<B: IoBuf>(buf: B, flags: i32)
            keep |b| Kept::buffer(OwnedBuf::drained(b))
            => |sqe, fd, (p, n)| io_uring_prep_send(sqe, fd, p.cast_const().cast(), n as usize, flags);

        /// Send all of `buf` on socket `target` without copying (IORING_OP_SEND_ZC): as
        /// [`OwnedRing::send_to_zc`] does, to the connected peer. `flags`: `MSG_*`.
        ///
        /// ```
        /// use std::io::Read;
        /// use std::net::{TcpListener, TcpStream};
        /// use std::os::fd::AsRawFd;
        ///
        /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
        /// let listener = TcpListener::bind("127.0.0.1:0")?;
        /// let b = TcpStream::connect(listener.local_addr()?)?;
        /// let (mut a, _) = listener.accept()?;
        /// ring.send_zc(b.as_raw_fd(), "zero copy", 0, 1)?;
        /// ring.submit_and_wait(2)?;
        /// let first = ring.wait_cqe()?.seen();
        /// assert_eq!((first.res(), first.more()), (9, true));
        /// let mut notif = ring.wait_cqe()?.seen();
        /// assert_eq!(notif.take_buf::<&str>(), Some("zero copy"));
        /// let mut got = [0; 9];
        /// a.read_exact(&mut got)?;
        /// assert_eq!(&got, b"zero copy");
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn send_zc<B: IoBuf>(buf: B, flags: i32)
            keep |b| Kept::buffer(OwnedBuf::drained(b))
            => |sqe, fd, (p, n)| io_uring_prep_send_zc(sqe, fd, p.cast_const().cast(), n as usize, flags, 0);
    }
}

impl Cqe {
    /// The buffer of the owned-buffer operation this completion ends ([`OwnedRing::read`] …),
    /// as the type it was given as (for [`OwnedRing::openat`] and [`OwnedRing::statx`]: an
    /// [`super::Open`] or a [`super::Statx`] of the path's type), the first time it is asked
    /// for as that type; `None` for another type (the buffer stays) or a completion without
    /// one.
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    ///
    /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// ring.get_sqe().unwrap().prep_nop();
    /// ring.submit_and_wait(1)?;
    /// assert!(ring.wait_cqe()?.seen().take_buf::<Vec<u8>>().is_none()); // not an owned-buffer operation
    ///
    /// let (_r, w) = std::io::pipe()?;
    /// ring.write(w.as_raw_fd(), b"data".to_vec(), u64::MAX, 0)?;
    /// ring.submit_and_wait(1)?;
    /// let mut cqe = ring.wait_cqe()?.seen();
    /// assert!(cqe.take_buf::<Box<[u8]>>().is_none()); // it is a Vec
    /// assert_eq!(cqe.take_buf::<Vec<u8>>().unwrap(), b"data");
    /// assert!(cqe.take_buf::<Vec<u8>>().is_none()); // taken
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn take_buf<B: 'static>(&mut self) -> Option<B> {
        match self.buf.take()?.take::<B>() {
            Ok(b) => Some(b),
            Err(other) => {
                self.buf = Some(other);
                None
            }
        }
    }
}
