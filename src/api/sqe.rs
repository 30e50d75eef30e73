//! Submission entries: [`Sqe`] and its typed `prep_*` methods, one per liburing prep helper.

use std::ffi::CStr;
use std::io::{IoSlice, IoSliceMut};
use std::marker::PhantomData;
use std::os::fd::{IntoRawFd, OwnedFd, RawFd};
use std::ptr;
use std::time::Duration;

use crate::prep::control::*;
use crate::prep::files::*;
use crate::prep::net::*;
use crate::prep::*;
use crate::uapi::*;

/// A kernel timespec (`struct __kernel_timespec`), for timeouts.
///
/// ```
/// use std::time::Duration;
/// use uring_rs::api::Timespec;
///
/// assert_eq!(Timespec::from(Duration::from_millis(1500)), Timespec::new(1, 500_000_000));
/// ```
#[repr(transparent)]
#[derive(Debug, Clone, Copy, Default)]
pub struct Timespec(__kernel_timespec);

impl PartialEq for Timespec {
    fn eq(&self, other: &Self) -> bool {
        (self.0.tv_sec, self.0.tv_nsec) == (other.0.tv_sec, other.0.tv_nsec)
    }
}

impl Eq for Timespec {}

impl Timespec {
    /// `sec` seconds and `nsec` nanoseconds.
    ///
    /// ```
    /// let ts = uring_rs::api::Timespec::new(0, 1_000);
    /// ```
    pub const fn new(sec: i64, nsec: i64) -> Self {
        Timespec(__kernel_timespec {
            tv_sec: sec,
            tv_nsec: nsec,
        })
    }

    pub(crate) fn as_ptr(&self) -> *const __kernel_timespec {
        &self.0
    }

    pub(crate) fn raw(&self) -> &__kernel_timespec {
        &self.0
    }
}

impl From<Duration> for Timespec {
    /// ```
    /// let ts = uring_rs::api::Timespec::from(std::time::Duration::from_secs(2));
    /// assert_eq!(ts, uring_rs::api::Timespec::new(2, 0));
    /// ```
    fn from(d: Duration) -> Self {
        Timespec::new(
            d.as_secs().min(i64::MAX as u64) as i64,
            d.subsec_nanos() as i64,
        )
    }
}

/// A submission queue entry, handed out by [`super::Ring::get_sqe`]. It borrows the ring
/// mutably, so only one is being filled at a time.
///
/// Fill it with one `prep_*` method (each calls liburing's `io_uring_prep_*` of the same
/// name) and modifiers such as [`Sqe::user_data`], builder style; it goes to the kernel with
/// the next submit. Methods whose operation reads or writes memory you pass are `unsafe`:
///
/// # Safety (of the `unsafe` prep methods)
/// Every buffer, path, address, iovec array, `msghdr`, timespec … passed must stay valid,
/// and must not be accessed in a way that conflicts with the kernel's use (writes for
/// buffers the kernel reads, any access for buffers it writes), until the operation has
/// completed: its completion has been reaped, or the ring's `Drop` has returned (it cancels
/// and reaps everything in flight; see [`super::Ring`] for its bound). Without `unsafe`, use
/// the owned-buffer operations ([`super::Ring::read`] …).
///
/// # Posting completions
/// A [`super::Ring`] matches every completion to one of its own operations (to tell when
/// the kernel is done with the memory of what is in flight, and to hand owned buffers back),
/// so the `msg_ring` methods, which post a completion on another ring, must not target one.
///
/// ```
/// use uring_rs::api::Ring;
///
/// let mut ring = Ring::new(4)?;
/// let (r, w) = std::io::pipe()?;
/// use std::os::fd::AsRawFd;
/// let msg = b"hello";
/// let mut buf = [0u8; 5];
/// // SAFETY: `msg` and `buf` outlive the completions, which are reaped below.
/// unsafe {
///     ring.get_sqe().unwrap().prep_write(w.as_raw_fd(), msg, 0).user_data(1).link();
///     ring.get_sqe().unwrap().prep_read(r.as_raw_fd(), &mut buf, 0).user_data(2);
/// }
/// ring.submit_and_wait(2)?;
/// let results: Vec<_> = ring.completions().map(|c| (c.user_data(), c.res())).collect();
/// assert_eq!(results, [(1, 5), (2, 5)]);
/// assert_eq!(&buf, b"hello");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Sqe<'r> {
    sqe: *mut io_uring_sqe,
    _ring: PhantomData<&'r mut io_uring_sqe>,
}

/// Lengths the C prototypes take as 32 bits: longer buffers are used in part.
fn len32(n: usize) -> u32 {
    n.min(u32::MAX as usize) as u32
}

fn path(p: &CStr) -> *const libc::c_char {
    p.as_ptr()
}

/// Safe prep methods: the operation hands the kernel no memory of ours.
macro_rules! prep_safe {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($($arg:ident: $ty:ty),* $(,)?) => $cfn:ident($($carg:expr),* $(,)?);
        example $ex:literal;
    )*) => {$(
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = "```"]
        #[doc = "# let mut ring = uring_rs::api::Ring::new(4)?;"]
        #[doc = "# let sqe = ring.get_sqe().unwrap();"]
        #[doc = $ex]
        #[doc = "# Ok::<(), std::io::Error>(())"]
        #[doc = "```"]
        pub fn $name(self, $($arg: $ty),*) -> Self {
            // SAFETY: `self.sqe` is a valid SQE of the ring; no pointers of ours are stored.
            unsafe { $cfn(self.sqe, $($carg),*) };
            self
        }
    )*};
}

/// Unsafe prep methods: see the Safety section of [`Sqe`].
macro_rules! prep_unsafe {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($($arg:ident: $ty:ty),* $(,)?) => $cfn:ident($($carg:expr),* $(,)?);
        example $ex:literal;
    )*) => {$(
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = "# Safety"]
        #[doc = "What is passed by reference or pointer must stay valid until this entry's completion \
                 has been reaped (see [`Sqe`])."]
        #[doc = ""]
        #[doc = "```"]
        #[doc = "# let mut ring = uring_rs::api::Ring::new(4)?;"]
        #[doc = "# let sqe = ring.get_sqe().unwrap();"]
        #[doc = $ex]
        #[doc = "# Ok::<(), std::io::Error>(())"]
        #[doc = "```"]
        pub unsafe fn $name(self, $($arg: $ty),*) -> Self {
            // SAFETY: `self.sqe` is a valid SQE of the ring; the caller keeps the memory alive.
            unsafe { $cfn(self.sqe, $($carg),*) };
            self
        }
    )*};
}

impl<'r> Sqe<'r> {
    /// Wrap a fresh SQE from `io_uring_get_sqe`, making it a NOP with `user_data` 0.
    ///
    /// `io_uring_get_sqe` already cleared the flags and the fields prep helpers leave alone,
    /// and a NOP reads none of the rest: two stores make the slot harmless, whatever it held.
    ///
    /// # Safety
    /// `sqe` is null or an SQE of a ring that stays mutably borrowed for `'r`.
    #[inline(always)]
    pub(crate) unsafe fn new(sqe: *mut io_uring_sqe) -> Option<Self> {
        if sqe.is_null() {
            return None;
        }
        // SAFETY: a valid SQE, per the contract.
        unsafe {
            (*sqe).opcode = IORING_OP_NOP as u8;
            (*sqe).user_data = 0;
        }
        Some(Sqe {
            sqe,
            _ring: PhantomData,
        })
    }

    /// The raw entry, for fields no method covers. It stays valid while the `Sqe` lives.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let sqe = ring.get_sqe().unwrap().prep_nop();
    /// assert_eq!(unsafe { (*sqe.as_mut_ptr()).opcode }, uring_rs::uapi::IORING_OP_NOP as u8);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn as_mut_ptr(&self) -> *mut io_uring_sqe {
        self.sqe
    }

    /// Tag the entry; its completion carries the same value
    /// (liburing's `io_uring_sqe_set_data64`).
    ///
    /// # Panics
    /// If the top bit of `data` is set: those values tag owned-buffer operations
    /// (see [`super::Ring::read`]), and a completion carrying one hands a buffer back.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.get_sqe().unwrap().prep_nop().user_data(0xfeed);
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.peek_cqe().unwrap().user_data(), 0xfeed);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[inline]
    pub fn user_data(self, data: u64) -> Self {
        assert!(
            data & super::owned::OWNED_TAG == 0,
            "user_data {data:#x}: values with the top bit set are reserved"
        );
        // SAFETY: a valid SQE.
        unsafe { io_uring_sqe_set_data64(self.sqe, data) };
        self
    }

    /// Replace the `IOSQE_*` flags (liburing's `io_uring_sqe_set_flags`), except
    /// IOSQE_CQE_SKIP_SUCCESS, which is ignored: the ring counts completions to know what is
    /// in flight (see [`super::Ring`], *Dropping a ring*), so every operation must post one.
    ///
    /// ```
    /// use uring_rs::uapi::{IOSQE_ASYNC, IOSQE_CQE_SKIP_SUCCESS};
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.get_sqe().unwrap().prep_nop().flags(IOSQE_ASYNC | IOSQE_CQE_SKIP_SUCCESS);
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.completions().count(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn flags(self, flags: u32) -> Self {
        // SAFETY: a valid SQE.
        unsafe { io_uring_sqe_set_flags(self.sqe, flags & !IOSQE_CQE_SKIP_SUCCESS) };
        self
    }

    fn add_flags(self, flags: u32) -> Self {
        // SAFETY: a valid SQE.
        let old = unsafe { (*self.sqe).flags } as u32;
        self.flags(old | flags)
    }

    /// Link the next entry to this one (IOSQE_IO_LINK): it starts when this one succeeds.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.get_sqe().unwrap().prep_nop().link();
    /// ring.get_sqe().unwrap().prep_nop();
    /// ring.submit_and_wait(2)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn link(self) -> Self {
        self.add_flags(IOSQE_IO_LINK)
    }

    /// Let the kernel pick the buffer from provided-buffer group `bgid`
    /// (IOSQE_BUFFER_SELECT plus liburing's `io_uring_sqe_set_buf_group`); see
    /// [`super::BufRing`].
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.get_sqe().unwrap().prep_recv_multishot(0, 0).buffer_select(7);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn buffer_select(self, bgid: u16) -> Self {
        // SAFETY: a valid SQE.
        unsafe { io_uring_sqe_set_buf_group(self.sqe, bgid as i32) };
        self.add_flags(IOSQE_BUFFER_SELECT)
    }

    /// The fd argument is an index into the registered files (IOSQE_FIXED_FILE); see
    /// [`super::Ring::register_files`].
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_files(&[1])?;
    /// ring.get_sqe().unwrap().prep_fsync(0, 0).fixed_file();
    /// ring.submit_and_wait(1)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn fixed_file(self) -> Self {
        self.add_flags(IOSQE_FIXED_FILE)
    }

    /// Close `fd` (liburing's `io_uring_prep_close`): the ring takes ownership of it.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let fd = std::fs::File::open("/dev/null")?.into();
    /// ring.get_sqe().unwrap().prep_close(fd);
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.peek_cqe().unwrap().res(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn prep_close(self, fd: OwnedFd) -> Self {
        // SAFETY: a valid SQE; the fd is ours to close.
        unsafe { io_uring_prep_close(self.sqe, fd.into_raw_fd()) };
        self
    }

    /// Receive `buf.len()` bytes from socket `fd` into `buf` (liburing's
    /// `io_uring_prep_recv`); with [`Sqe::buffer_select`] pass an empty slice and the kernel
    /// picks a provided buffer.
    ///
    /// # Safety
    /// `buf` must stay valid and untouched until the completion has been reaped.
    ///
    /// ```
    /// use std::io::Write;
    /// use std::os::fd::AsRawFd;
    /// use std::os::unix::net::UnixStream;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let (mut a, b) = UnixStream::pair()?;
    /// a.write_all(b"ping")?;
    /// let mut buf = [0u8; 16];
    /// unsafe { ring.get_sqe().unwrap().prep_recv(b.as_raw_fd(), &mut buf, 0) };
    /// ring.submit_and_wait(1)?;
    /// let n = ring.peek_cqe().unwrap().result()? as usize;
    /// assert_eq!(&buf[..n], b"ping");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn prep_recv(self, fd: RawFd, buf: &mut [u8], flags: i32) -> Self {
        let p = if buf.is_empty() {
            ptr::null_mut()
        } else {
            buf.as_mut_ptr().cast()
        };
        // SAFETY: the caller keeps `buf` alive.
        unsafe { io_uring_prep_recv(self.sqe, fd, p, buf.len(), flags) };
        self
    }

    /// Send `buf` on socket `fd` (liburing's `io_uring_prep_send`). The completion may
    /// report fewer bytes than `buf.len()` (a partial send).
    ///
    /// # Safety
    /// `buf` must stay valid and unmodified until the completion has been reaped.
    ///
    /// ```
    /// use std::io::Read;
    /// use std::os::fd::AsRawFd;
    /// use std::os::unix::net::UnixStream;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let (a, mut b) = UnixStream::pair()?;
    /// unsafe { ring.get_sqe().unwrap().prep_send(a.as_raw_fd(), b"pong", 0) };
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.peek_cqe().unwrap().result()?, 4);
    /// let mut buf = [0u8; 4];
    /// b.read_exact(&mut buf)?;
    /// assert_eq!(&buf, b"pong");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn prep_send(self, fd: RawFd, buf: &[u8], flags: i32) -> Self {
        // SAFETY: the caller keeps `buf` alive.
        unsafe { io_uring_prep_send(self.sqe, fd, buf.as_ptr().cast(), buf.len(), flags) };
        self
    }

    /// Accept a connection on listening socket `fd` (liburing's `io_uring_prep_accept` with
    /// no address); the completion's result is the new fd. `flags` are `accept4`'s
    /// (`SOCK_NONBLOCK`, `SOCK_CLOEXEC`).
    ///
    /// ```
    /// use std::net::{TcpListener, TcpStream};
    /// use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let listener = TcpListener::bind("127.0.0.1:0")?;
    /// let _client = TcpStream::connect(listener.local_addr()?)?;
    /// ring.get_sqe().unwrap().prep_accept(listener.as_raw_fd(), libc::SOCK_CLOEXEC);
    /// ring.submit_and_wait(1)?;
    /// let fd = ring.peek_cqe().unwrap().result()? as i32;
    /// let conn = unsafe { OwnedFd::from_raw_fd(fd) };
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn prep_accept(self, fd: RawFd, flags: i32) -> Self {
        // SAFETY: a valid SQE; no address buffers.
        unsafe { io_uring_prep_accept(self.sqe, fd, ptr::null_mut(), ptr::null_mut(), flags) };
        self
    }

    /// Read into `buf` from `fd` at `offset` (liburing's `io_uring_prep_read`; offset
    /// `u64::MAX` means the current file position).
    ///
    /// # Safety
    /// `buf` must stay valid and untouched until the completion has been reaped.
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let file = std::fs::File::open("Cargo.toml")?;
    /// let mut buf = [0u8; 9];
    /// unsafe { ring.get_sqe().unwrap().prep_read(file.as_raw_fd(), &mut buf, 0) };
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.peek_cqe().unwrap().result()?, 9);
    /// assert_eq!(&buf, b"[package]");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn prep_read(self, fd: RawFd, buf: &mut [u8], offset: u64) -> Self {
        // SAFETY: the caller keeps `buf` alive.
        unsafe {
            io_uring_prep_read(
                self.sqe,
                fd,
                buf.as_mut_ptr().cast(),
                len32(buf.len()),
                offset,
            )
        };
        self
    }

    /// Write `buf` to `fd` at `offset` (liburing's `io_uring_prep_write`; offset
    /// `u64::MAX` means the current file position).
    ///
    /// # Safety
    /// `buf` must stay valid and unmodified until the completion has been reaped.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// unsafe { ring.get_sqe().unwrap().prep_write(1, b"", u64::MAX) };
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.peek_cqe().unwrap().result()?, 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn prep_write(self, fd: RawFd, buf: &[u8], offset: u64) -> Self {
        // SAFETY: the caller keeps `buf` alive.
        unsafe { io_uring_prep_write(self.sqe, fd, buf.as_ptr().cast(), len32(buf.len()), offset) };
        self
    }

    /// Fire after `ts`, or after `count` other completions, whichever is first (liburing's
    /// `io_uring_prep_timeout`; `flags` are `IORING_TIMEOUT_*`). Completes with `-ETIME`
    /// when the time ran out.
    ///
    /// # Safety
    /// `ts` must stay valid until the completion has been reaped.
    ///
    /// ```
    /// use uring_rs::api::Timespec;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let ts = Timespec::new(0, 1_000_000);
    /// unsafe { ring.get_sqe().unwrap().prep_timeout(&ts, 0, 0) };
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.peek_cqe().unwrap().res(), -libc::ETIME);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn prep_timeout(self, ts: &Timespec, count: u32, flags: u32) -> Self {
        // SAFETY: the caller keeps `ts` alive.
        unsafe { io_uring_prep_timeout(self.sqe, ts.as_ptr(), count, flags) };
        self
    }

    prep_safe! {
        /// Do nothing; complete with 0 (liburing's `io_uring_prep_nop`).
        fn prep_nop() => io_uring_prep_nop();
        example "sqe.prep_nop();";

        /// Flush `fd` to storage (liburing's `io_uring_prep_fsync`; `IORING_FSYNC_DATASYNC`).
        fn prep_fsync(fd: RawFd, fsync_flags: u32) => io_uring_prep_fsync(fd, fsync_flags);
        example "sqe.prep_fsync(1, 0);";

        /// `sync_file_range(2)` on `fd` (liburing's `io_uring_prep_sync_file_range`).
        fn prep_sync_file_range(fd: RawFd, len: u32, offset: u64, flags: i32) => io_uring_prep_sync_file_range(fd, len, offset, flags);
        example "sqe.prep_sync_file_range(1, 4096, 0, 0);";

        /// `fallocate(2)` on `fd` (liburing's `io_uring_prep_fallocate`).
        fn prep_fallocate(fd: RawFd, mode: i32, offset: u64, len: u64) => io_uring_prep_fallocate(fd, mode, offset, len);
        example "sqe.prep_fallocate(1, 0, 0, 4096);";

        /// `posix_fadvise(2)` on `fd` (liburing's `io_uring_prep_fadvise`).
        fn prep_fadvise(fd: RawFd, offset: u64, len: u32, advice: i32) => io_uring_prep_fadvise(fd, offset, len, advice);
        example "sqe.prep_fadvise(1, 0, 4096, libc::POSIX_FADV_SEQUENTIAL);";

        /// `posix_fadvise(2)` with a 64-bit length (liburing's `io_uring_prep_fadvise64`).
        fn prep_fadvise64(fd: RawFd, offset: u64, len: i64, advice: i32) => io_uring_prep_fadvise64(fd, offset, len, advice);
        example "sqe.prep_fadvise64(1, 0, 1 << 33, libc::POSIX_FADV_NORMAL);";

        /// `ftruncate(2)` (liburing's `io_uring_prep_ftruncate`).
        fn prep_ftruncate(fd: RawFd, len: i64) => io_uring_prep_ftruncate(fd, len);
        example "sqe.prep_ftruncate(1, 0);";

        /// Discard a block-device range (liburing's `io_uring_prep_cmd_discard`).
        fn prep_cmd_discard(fd: RawFd, offset: u64, nbytes: u64) => io_uring_prep_cmd_discard(fd, offset, nbytes);
        example "sqe.prep_cmd_discard(1, 0, 4096);";

        /// Reset every zone of zoned block device `fd` (upstream liburing's
        /// `io_uring_prep_cmd_zone_reset_all`).
        fn prep_cmd_zone_reset_all(fd: RawFd) => io_uring_prep_cmd_zone_reset_all(fd);
        example "sqe.prep_cmd_zone_reset_all(1);";

        /// Read repeatedly from `fd` into buffers of group `buf_group`, one completion each
        /// (liburing's `io_uring_prep_read_multishot`).
        fn prep_read_multishot(fd: RawFd, nbytes: u32, offset: u64, buf_group: u16) => io_uring_prep_read_multishot(fd, nbytes, offset, buf_group as i32);
        example "sqe.prep_read_multishot(0, 0, 0, 1);";

        /// Close registered file slot `file_index` (liburing's `io_uring_prep_close_direct`).
        fn prep_close_direct(file_index: u32) => io_uring_prep_close_direct(file_index);
        example "sqe.prep_close_direct(0);";

        /// Install registered file `fd` (used with [`Sqe::fixed_file`]) as a normal fd
        /// (liburing's `io_uring_prep_fixed_fd_install`).
        fn prep_fixed_fd_install(fd: RawFd, flags: u32) => io_uring_prep_fixed_fd_install(fd, flags);
        example "sqe.prep_fixed_fd_install(0, 0);";

        /// Move data between two fds, one of them a pipe (liburing's `io_uring_prep_splice`;
        /// offset -1 means "current position / a pipe").
        fn prep_splice(fd_in: RawFd, off_in: i64, fd_out: RawFd, off_out: i64, nbytes: u32, splice_flags: u32) => io_uring_prep_splice(fd_in, off_in, fd_out, off_out, nbytes, splice_flags);
        example "sqe.prep_splice(0, -1, 1, -1, 4096, 0);";

        /// Duplicate pipe content (liburing's `io_uring_prep_tee`).
        fn prep_tee(fd_in: RawFd, fd_out: RawFd, nbytes: u32, splice_flags: u32) => io_uring_prep_tee(fd_in, fd_out, nbytes, splice_flags);
        example "sqe.prep_tee(0, 1, 4096, 0);";

        /// Complete once `fd` is ready for `poll_mask` (`POLLIN` …) (liburing's
        /// `io_uring_prep_poll_add`).
        fn prep_poll_add(fd: RawFd, poll_mask: u32) => io_uring_prep_poll_add(fd, poll_mask);
        example "sqe.prep_poll_add(0, libc::POLLIN as u32);";

        /// Poll that stays armed, one completion per readiness event (liburing's
        /// `io_uring_prep_poll_multishot`).
        fn prep_poll_multishot(fd: RawFd, poll_mask: u32) => io_uring_prep_poll_multishot(fd, poll_mask);
        example "sqe.prep_poll_multishot(0, libc::POLLIN as u32);";

        /// Remove the poll tagged `user_data` (liburing's `io_uring_prep_poll_remove`).
        fn prep_poll_remove(user_data: u64) => io_uring_prep_poll_remove(user_data);
        example "sqe.prep_poll_remove(42);";

        /// Change the poll tagged `old_user_data` (liburing's `io_uring_prep_poll_update`;
        /// `flags` are `IORING_POLL_UPDATE_*`).
        fn prep_poll_update(old_user_data: u64, new_user_data: u64, poll_mask: u32, flags: u32) => io_uring_prep_poll_update(old_user_data, new_user_data, poll_mask, flags);
        example "sqe.prep_poll_update(42, 43, libc::POLLIN as u32, uring_rs::uapi::IORING_POLL_UPDATE_USER_DATA);";

        /// Remove the timeout tagged `user_data` (liburing's `io_uring_prep_timeout_remove`).
        fn prep_timeout_remove(user_data: u64, flags: u32) => io_uring_prep_timeout_remove(user_data, flags);
        example "sqe.prep_timeout_remove(42, 0);";

        /// Cancel the request tagged `user_data` (liburing's `io_uring_prep_cancel64`;
        /// `flags` are `IORING_ASYNC_CANCEL_*`).
        fn prep_cancel64(user_data: u64, flags: i32) => io_uring_prep_cancel64(user_data, flags);
        example "sqe.prep_cancel64(42, 0);";

        /// Cancel requests on `fd` (liburing's `io_uring_prep_cancel_fd`).
        fn prep_cancel_fd(fd: RawFd, flags: u32) => io_uring_prep_cancel_fd(fd, flags);
        example "sqe.prep_cancel_fd(0, uring_rs::uapi::IORING_ASYNC_CANCEL_ALL);";

        /// Remove `nr` buffers of the legacy provided-buffer group `bgid` (liburing's
        /// `io_uring_prep_remove_buffers`).
        fn prep_remove_buffers(nr: i32, bgid: u16) => io_uring_prep_remove_buffers(nr, bgid as i32);
        example "sqe.prep_remove_buffers(1, 1);";

        /// Mark socket `fd` listening (liburing's `io_uring_prep_listen`).
        fn prep_listen(fd: RawFd, backlog: i32) => io_uring_prep_listen(fd, backlog);
        example "sqe.prep_listen(3, 128);";

        /// `shutdown(2)` (liburing's `io_uring_prep_shutdown`).
        fn prep_shutdown(fd: RawFd, how: i32) => io_uring_prep_shutdown(fd, how);
        example "sqe.prep_shutdown(3, libc::SHUT_WR);";

        /// Create a socket; the result is its fd (liburing's `io_uring_prep_socket`).
        fn prep_socket(domain: i32, socket_type: i32, protocol: i32, flags: u32) => io_uring_prep_socket(domain, socket_type, protocol, flags);
        example "sqe.prep_socket(libc::AF_INET, libc::SOCK_STREAM, 0, 0);";

        /// Create a socket in registered slot `file_index` (liburing's
        /// `io_uring_prep_socket_direct`).
        fn prep_socket_direct(domain: i32, socket_type: i32, protocol: i32, file_index: u32, flags: u32) => io_uring_prep_socket_direct(domain, socket_type, protocol, file_index, flags);
        example "sqe.prep_socket_direct(libc::AF_INET, libc::SOCK_STREAM, 0, 0, 0);";

        /// Create a socket in a registered slot the kernel picks (liburing's
        /// `io_uring_prep_socket_direct_alloc`).
        fn prep_socket_direct_alloc(domain: i32, socket_type: i32, protocol: i32, flags: u32) => io_uring_prep_socket_direct_alloc(domain, socket_type, protocol, flags);
        example "sqe.prep_socket_direct_alloc(libc::AF_INET, libc::SOCK_STREAM, 0, 0);";

        /// Accept into registered slot `file_index` (liburing's `io_uring_prep_accept_direct`
        /// with no address; `IORING_FILE_INDEX_ALLOC` lets the kernel pick).
        fn prep_accept_direct(fd: RawFd, flags: i32, file_index: u32) => io_uring_prep_accept_direct(fd, ptr::null_mut(), ptr::null_mut(), flags, file_index);
        example "sqe.prep_accept_direct(3, 0, uring_rs::uapi::IORING_FILE_INDEX_ALLOC as u32);";

        /// Accept connections repeatedly, one completion (with IORING_CQE_F_MORE) per
        /// connection (liburing's `io_uring_prep_multishot_accept` with no address).
        fn prep_multishot_accept(fd: RawFd, flags: i32) => io_uring_prep_multishot_accept(fd, ptr::null_mut(), ptr::null_mut(), flags);
        example "sqe.prep_multishot_accept(3, libc::SOCK_CLOEXEC);";

        /// Multishot accept into registered slots the kernel picks (liburing's
        /// `io_uring_prep_multishot_accept_direct` with no address).
        fn prep_multishot_accept_direct(fd: RawFd, flags: i32) => io_uring_prep_multishot_accept_direct(fd, ptr::null_mut(), ptr::null_mut(), flags);
        example "sqe.prep_multishot_accept_direct(3, 0);";

        /// Receive repeatedly into provided buffers (set the group with
        /// [`Sqe::buffer_select`]), one completion per buffer (liburing's
        /// `io_uring_prep_recv_multishot` with no buffer of ours).
        fn prep_recv_multishot(fd: RawFd, flags: i32) => io_uring_prep_recv_multishot(fd, ptr::null_mut(), 0, flags);
        example "sqe.prep_recv_multishot(3, 0).buffer_select(1);";

        /// Send from provided buffers of the group set with [`Sqe::buffer_select`]
        /// (liburing's `io_uring_prep_send_bundle`).
        fn prep_send_bundle(fd: RawFd, len: usize, flags: i32) => io_uring_prep_send_bundle(fd, len, flags);
        example "sqe.prep_send_bundle(3, 0, 0).buffer_select(1);";
    }

    prep_unsafe! {
        /// Post a completion with `len` and `data` on the ring with fd `fd` (liburing's
        /// `io_uring_prep_msg_ring`).
        /// Also: `fd` must not be the fd of a [`super::Ring`] (see [`Sqe`], *Posting completions*).
        fn prep_msg_ring(fd: RawFd, len: u32, data: u64, flags: u32) => io_uring_prep_msg_ring(fd, len, data, flags);
        example "unsafe { sqe.prep_msg_ring(3, 0, 7, 0) };";

        /// As [`Sqe::prep_msg_ring`], also setting the target CQE's flags (liburing's
        /// `io_uring_prep_msg_ring_cqe_flags`).
        /// Also: `fd` must not be the fd of a [`super::Ring`] (see [`Sqe`], *Posting completions*).
        fn prep_msg_ring_cqe_flags(fd: RawFd, len: u32, data: u64, flags: u32, cqe_flags: u32) => io_uring_prep_msg_ring_cqe_flags(fd, len, data, flags, cqe_flags);
        example "unsafe { sqe.prep_msg_ring_cqe_flags(3, 0, 7, 0, 0) };";

        /// Send registered file `source_fd` to slot `target_fd` of the ring with fd `fd`
        /// (liburing's `io_uring_prep_msg_ring_fd`).
        /// Also: `fd` must not be the fd of a [`super::Ring`] (see [`Sqe`], *Posting completions*).
        fn prep_msg_ring_fd(fd: RawFd, source_fd: RawFd, target_fd: RawFd, data: u64, flags: u32) => io_uring_prep_msg_ring_fd(fd, source_fd, target_fd, data, flags);
        example "unsafe { sqe.prep_msg_ring_fd(3, 0, 0, 7, 0) };";

        /// As [`Sqe::prep_msg_ring_fd`] into a slot the target allocates (liburing's
        /// `io_uring_prep_msg_ring_fd_alloc`).
        /// Also: `fd` must not be the fd of a [`super::Ring`] (see [`Sqe`], *Posting completions*).
        fn prep_msg_ring_fd_alloc(fd: RawFd, source_fd: RawFd, data: u64, flags: u32) => io_uring_prep_msg_ring_fd_alloc(fd, source_fd, data, flags);
        example "unsafe { sqe.prep_msg_ring_fd_alloc(3, 0, 7, 0) };";

        /// Start a command on `fd` (a socket, NVMe, …) (liburing's `io_uring_prep_uring_cmd`);
        /// the command area is reached through [`Sqe::as_mut_ptr`].
        /// Also: what the command does, and which memory it reads or writes, is up to the
        /// driver of `fd`; the command area (see [`Sqe::as_mut_ptr`]) still holds what the slot
        /// held before and must be filled in completely.
        fn prep_uring_cmd(cmd_op: i32, fd: RawFd) => io_uring_prep_uring_cmd(cmd_op, fd);
        example "unsafe { sqe.prep_uring_cmd(0, 0) };";

        /// Do nothing, on a 128-byte SQE (liburing's `io_uring_prep_nop128`). Also requires
        /// the ring to have 128-byte SQEs (IORING_SETUP_SQE128).
        fn prep_nop128() => io_uring_prep_nop128();
        example "# drop(sqe);\n# let mut ring = uring_rs::api::Ring::builder().flags(uring_rs::uapi::IORING_SETUP_SQE128).build()?;\nunsafe { ring.get_sqe().unwrap().prep_nop128() };";

        /// A 128-byte uring_cmd (liburing's `io_uring_prep_uring_cmd128`). Also requires the
        /// ring to have 128-byte SQEs (IORING_SETUP_SQE128).
        fn prep_uring_cmd128(cmd_op: i32, fd: RawFd) => io_uring_prep_uring_cmd128(cmd_op, fd);
        example "# drop(sqe);\n# let mut ring = uring_rs::api::Ring::builder().flags(uring_rs::uapi::IORING_SETUP_SQE128).build()?;\nunsafe { ring.get_sqe().unwrap().prep_uring_cmd128(0, 0) };";

        /// Scatter read into `iovecs` (liburing's `io_uring_prep_readv`).
        fn prep_readv(fd: RawFd, iovecs: &[IoSliceMut<'_>], offset: u64) => io_uring_prep_readv(fd, iovecs.as_ptr().cast(), len32(iovecs.len()), offset);
        example "let mut b = [0u8; 8];\nlet iov = [std::io::IoSliceMut::new(&mut b)];\nunsafe { sqe.prep_readv(0, &iov, 0) };";

        /// [`Sqe::prep_readv`] with `RWF_*` flags (liburing's `io_uring_prep_readv2`).
        fn prep_readv2(fd: RawFd, iovecs: &[IoSliceMut<'_>], offset: u64, flags: i32) => io_uring_prep_readv2(fd, iovecs.as_ptr().cast(), len32(iovecs.len()), offset, flags);
        example "let mut b = [0u8; 8];\nlet iov = [std::io::IoSliceMut::new(&mut b)];\nunsafe { sqe.prep_readv2(0, &iov, 0, libc::RWF_NOWAIT) };";

        /// Gather write from `iovecs` (liburing's `io_uring_prep_writev`).
        fn prep_writev(fd: RawFd, iovecs: &[IoSlice<'_>], offset: u64) => io_uring_prep_writev(fd, iovecs.as_ptr().cast(), len32(iovecs.len()), offset);
        example "let iov = [std::io::IoSlice::new(b\"hi\")];\nunsafe { sqe.prep_writev(1, &iov, u64::MAX) };";

        /// [`Sqe::prep_writev`] with `RWF_*` flags (liburing's `io_uring_prep_writev2`).
        fn prep_writev2(fd: RawFd, iovecs: &[IoSlice<'_>], offset: u64, flags: i32) => io_uring_prep_writev2(fd, iovecs.as_ptr().cast(), len32(iovecs.len()), offset, flags);
        example "let iov = [std::io::IoSlice::new(b\"hi\")];\nunsafe { sqe.prep_writev2(1, &iov, u64::MAX, libc::RWF_DSYNC) };";

        /// Read into `buf`, which lies in registered buffer `buf_index` (liburing's
        /// `io_uring_prep_read_fixed`; see [`super::Ring::register_buffers`]).
        fn prep_read_fixed(fd: RawFd, buf: &mut [u8], offset: u64, buf_index: u16) => io_uring_prep_read_fixed(fd, buf.as_mut_ptr().cast(), len32(buf.len()), offset, buf_index as i32);
        example "let mut b = [0u8; 8];\nunsafe { sqe.prep_read_fixed(0, &mut b, 0, 0) };";

        /// Write `buf`, which lies in registered buffer `buf_index` (liburing's
        /// `io_uring_prep_write_fixed`).
        fn prep_write_fixed(fd: RawFd, buf: &[u8], offset: u64, buf_index: u16) => io_uring_prep_write_fixed(fd, buf.as_ptr().cast(), len32(buf.len()), offset, buf_index as i32);
        example "unsafe { sqe.prep_write_fixed(1, b\"hi\", 0, 0) };";

        /// Vectored read from registered buffer `buf_index` (liburing's
        /// `io_uring_prep_readv_fixed`).
        fn prep_readv_fixed(fd: RawFd, iovecs: &[IoSliceMut<'_>], offset: u64, flags: i32, buf_index: u16) => io_uring_prep_readv_fixed(fd, iovecs.as_ptr().cast(), len32(iovecs.len()), offset, flags, buf_index as i32);
        example "let mut b = [0u8; 8];\nlet iov = [std::io::IoSliceMut::new(&mut b)];\nunsafe { sqe.prep_readv_fixed(0, &iov, 0, 0, 0) };";

        /// Vectored write from registered buffer `buf_index` (liburing's
        /// `io_uring_prep_writev_fixed`).
        fn prep_writev_fixed(fd: RawFd, iovecs: &[IoSlice<'_>], offset: u64, flags: i32, buf_index: u16) => io_uring_prep_writev_fixed(fd, iovecs.as_ptr().cast(), len32(iovecs.len()), offset, flags, buf_index as i32);
        example "let iov = [std::io::IoSlice::new(b\"hi\")];\nunsafe { sqe.prep_writev_fixed(1, &iov, 0, 0, 0) };";

        /// `madvise(2)` on `addr..addr + length` (liburing's `io_uring_prep_madvise`).
        fn prep_madvise(addr: *mut u8, length: u32, advice: i32) => io_uring_prep_madvise(addr.cast(), length, advice);
        example "let mut page = vec![0u8; 4096];\nunsafe { sqe.prep_madvise(page.as_mut_ptr(), 4096, libc::MADV_NORMAL) };";

        /// `madvise(2)` with a 64-bit length (liburing's `io_uring_prep_madvise64`).
        fn prep_madvise64(addr: *mut u8, length: i64, advice: i32) => io_uring_prep_madvise64(addr.cast(), length, advice);
        example "let mut page = vec![0u8; 4096];\nunsafe { sqe.prep_madvise64(page.as_mut_ptr(), 4096, libc::MADV_NORMAL) };";

        /// Open `path` relative to `dfd`; the result is the fd (liburing's
        /// `io_uring_prep_openat`).
        fn prep_openat(dfd: RawFd, path: &CStr, flags: i32, mode: u32) => io_uring_prep_openat(dfd, self::path(path), flags, mode);
        example "unsafe { sqe.prep_openat(libc::AT_FDCWD, c\"/dev/null\", libc::O_RDONLY, 0) };";

        /// Open into registered slot `file_index` (liburing's `io_uring_prep_openat_direct`).
        fn prep_openat_direct(dfd: RawFd, path: &CStr, flags: i32, mode: u32, file_index: u32) => io_uring_prep_openat_direct(dfd, self::path(path), flags, mode, file_index);
        example "unsafe { sqe.prep_openat_direct(libc::AT_FDCWD, c\"/dev/null\", libc::O_RDONLY, 0, 0) };";

        /// Open `path` relative to the cwd (liburing's `io_uring_prep_open`).
        fn prep_open(path: &CStr, flags: i32, mode: u32) => io_uring_prep_open(self::path(path), flags, mode);
        example "unsafe { sqe.prep_open(c\"/dev/null\", libc::O_RDONLY, 0) };";

        /// Open into registered slot `file_index` (liburing's `io_uring_prep_open_direct`).
        fn prep_open_direct(path: &CStr, flags: i32, mode: u32, file_index: u32) => io_uring_prep_open_direct(self::path(path), flags, mode, file_index);
        example "unsafe { sqe.prep_open_direct(c\"/dev/null\", libc::O_RDONLY, 0, 0) };";

        /// `openat2(2)` (liburing's `io_uring_prep_openat2`).
        fn prep_openat2(dfd: RawFd, path: &CStr, how: &open_how) => io_uring_prep_openat2(dfd, self::path(path), how);
        example "let how = uring_rs::uapi::open_how { flags: libc::O_RDONLY as u64, ..Default::default() };\nunsafe { sqe.prep_openat2(libc::AT_FDCWD, c\"/dev/null\", &how) };";

        /// `openat2(2)` into registered slot `file_index` (liburing's
        /// `io_uring_prep_openat2_direct`).
        fn prep_openat2_direct(dfd: RawFd, path: &CStr, how: &open_how, file_index: u32) => io_uring_prep_openat2_direct(dfd, self::path(path), how, file_index);
        example "let how = uring_rs::uapi::open_how::default();\nunsafe { sqe.prep_openat2_direct(libc::AT_FDCWD, c\"/dev/null\", &how, 0) };";

        /// `statx(2)` into `statxbuf` (liburing's `io_uring_prep_statx`).
        fn prep_statx(dfd: RawFd, path: &CStr, flags: i32, mask: u32, statxbuf: &mut libc::statx) => io_uring_prep_statx(dfd, self::path(path), flags, mask, statxbuf);
        example "let mut st: libc::statx = unsafe { std::mem::zeroed() };\nunsafe { sqe.prep_statx(libc::AT_FDCWD, c\"/\", 0, libc::STATX_BASIC_STATS, &mut st) };";

        /// `unlinkat(2)` (liburing's `io_uring_prep_unlinkat`).
        fn prep_unlinkat(dfd: RawFd, path: &CStr, flags: i32) => io_uring_prep_unlinkat(dfd, self::path(path), flags);
        example "unsafe { sqe.prep_unlinkat(libc::AT_FDCWD, c\"/nonexistent\", 0) };";

        /// `unlink(2)` / `rmdir(2)` with `AT_REMOVEDIR` (liburing's `io_uring_prep_unlink`).
        fn prep_unlink(path: &CStr, flags: i32) => io_uring_prep_unlink(self::path(path), flags);
        example "unsafe { sqe.prep_unlink(c\"/nonexistent\", 0) };";

        /// `renameat2(2)` (liburing's `io_uring_prep_renameat`).
        fn prep_renameat(olddfd: RawFd, oldpath: &CStr, newdfd: RawFd, newpath: &CStr, flags: u32) => io_uring_prep_renameat(olddfd, path(oldpath), newdfd, path(newpath), flags);
        example "unsafe { sqe.prep_renameat(libc::AT_FDCWD, c\"/a\", libc::AT_FDCWD, c\"/b\", 0) };";

        /// `rename(2)` (liburing's `io_uring_prep_rename`).
        fn prep_rename(oldpath: &CStr, newpath: &CStr) => io_uring_prep_rename(path(oldpath), path(newpath));
        example "unsafe { sqe.prep_rename(c\"/a\", c\"/b\") };";

        /// `mkdirat(2)` (liburing's `io_uring_prep_mkdirat`).
        fn prep_mkdirat(dfd: RawFd, path: &CStr, mode: u32) => io_uring_prep_mkdirat(dfd, self::path(path), mode);
        example "unsafe { sqe.prep_mkdirat(libc::AT_FDCWD, c\"/nonexistent/dir\", 0o755) };";

        /// `mkdir(2)` (liburing's `io_uring_prep_mkdir`).
        fn prep_mkdir(path: &CStr, mode: u32) => io_uring_prep_mkdir(self::path(path), mode);
        example "unsafe { sqe.prep_mkdir(c\"/nonexistent/dir\", 0o755) };";

        /// `symlinkat(2)` (liburing's `io_uring_prep_symlinkat`).
        fn prep_symlinkat(target: &CStr, newdirfd: RawFd, linkpath: &CStr) => io_uring_prep_symlinkat(path(target), newdirfd, path(linkpath));
        example "unsafe { sqe.prep_symlinkat(c\"/target\", libc::AT_FDCWD, c\"/nonexistent/link\") };";

        /// `symlink(2)` (liburing's `io_uring_prep_symlink`).
        fn prep_symlink(target: &CStr, linkpath: &CStr) => io_uring_prep_symlink(path(target), path(linkpath));
        example "unsafe { sqe.prep_symlink(c\"/target\", c\"/nonexistent/link\") };";

        /// `linkat(2)` (liburing's `io_uring_prep_linkat`).
        fn prep_linkat(olddfd: RawFd, oldpath: &CStr, newdfd: RawFd, newpath: &CStr, flags: i32) => io_uring_prep_linkat(olddfd, path(oldpath), newdfd, path(newpath), flags);
        example "unsafe { sqe.prep_linkat(libc::AT_FDCWD, c\"/a\", libc::AT_FDCWD, c\"/b\", 0) };";

        /// `link(2)` (liburing's `io_uring_prep_link`).
        fn prep_link(oldpath: &CStr, newpath: &CStr, flags: i32) => io_uring_prep_link(path(oldpath), path(newpath), flags);
        example "unsafe { sqe.prep_link(c\"/a\", c\"/b\", 0) };";

        /// `getxattr(2)` into `value` (liburing's `io_uring_prep_getxattr`).
        fn prep_getxattr(name: &CStr, value: &mut [u8], path: &CStr) => io_uring_prep_getxattr(self::path(name), value.as_mut_ptr().cast(), self::path(path), len32(value.len()));
        example "let mut v = [0u8; 64];\nunsafe { sqe.prep_getxattr(c\"user.x\", &mut v, c\"/\") };";

        /// `setxattr(2)` (liburing's `io_uring_prep_setxattr`).
        fn prep_setxattr(name: &CStr, value: &[u8], path: &CStr, flags: i32) => io_uring_prep_setxattr(self::path(name), value.as_ptr().cast(), self::path(path), flags, len32(value.len()));
        example "unsafe { sqe.prep_setxattr(c\"user.x\", b\"1\", c\"/nonexistent\", 0) };";

        /// `fgetxattr(2)` into `value` (liburing's `io_uring_prep_fgetxattr`).
        fn prep_fgetxattr(fd: RawFd, name: &CStr, value: &mut [u8]) => io_uring_prep_fgetxattr(fd, path(name), value.as_mut_ptr().cast(), len32(value.len()));
        example "let mut v = [0u8; 64];\nunsafe { sqe.prep_fgetxattr(0, c\"user.x\", &mut v) };";

        /// `fsetxattr(2)` (liburing's `io_uring_prep_fsetxattr`).
        fn prep_fsetxattr(fd: RawFd, name: &CStr, value: &[u8], flags: i32) => io_uring_prep_fsetxattr(fd, path(name), value.as_ptr().cast(), flags, len32(value.len()));
        example "unsafe { sqe.prep_fsetxattr(0, c\"user.x\", b\"1\", 0) };";

        /// Update registered files from `offset` with `fds` (liburing's
        /// `io_uring_prep_files_update`; `IORING_FILE_INDEX_ALLOC` allocates, and the kernel
        /// writes the chosen slots back into `fds`).
        fn prep_files_update(fds: &mut [RawFd], offset: i32) => io_uring_prep_files_update(fds.as_mut_ptr(), len32(fds.len()), offset);
        example "let mut fds = [0];\nunsafe { sqe.prep_files_update(&mut fds, 0) };";

        /// Create a pipe; the kernel writes its two fds into `fds` (liburing's
        /// `io_uring_prep_pipe`).
        fn prep_pipe(fds: &mut [RawFd; 2], pipe_flags: i32) => io_uring_prep_pipe(fds.as_mut_ptr(), pipe_flags);
        example "let mut fds = [-1; 2];\nunsafe { sqe.prep_pipe(&mut fds, libc::O_CLOEXEC) };";

        /// Create a pipe in registered slots from `file_index` (liburing's
        /// `io_uring_prep_pipe_direct`).
        fn prep_pipe_direct(fds: &mut [RawFd; 2], pipe_flags: i32, file_index: u32) => io_uring_prep_pipe_direct(fds.as_mut_ptr(), pipe_flags, file_index);
        example "let mut fds = [-1; 2];\nunsafe { sqe.prep_pipe_direct(&mut fds, 0, 0) };";

        /// Accept, storing the peer address in `addr` / `addrlen` (liburing's
        /// `io_uring_prep_accept`).
        fn prep_accept_addr(fd: RawFd, addr: *mut libc::sockaddr, addrlen: &mut libc::socklen_t, flags: i32) => io_uring_prep_accept(fd, addr, addrlen, flags);
        example "let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };\nlet mut len = std::mem::size_of_val(&ss) as libc::socklen_t;\nunsafe { sqe.prep_accept_addr(3, (&raw mut ss).cast(), &mut len, 0) };";

        /// `connect(2)` to `addr` (liburing's `io_uring_prep_connect`).
        fn prep_connect(fd: RawFd, addr: *const libc::sockaddr, addrlen: libc::socklen_t) => io_uring_prep_connect(fd, addr, addrlen);
        example "let sin = libc::sockaddr_in { sin_family: libc::AF_INET as u16, sin_port: 80u16.to_be(), sin_addr: libc::in_addr { s_addr: u32::from_be_bytes([127, 0, 0, 1]).to_be() }, sin_zero: [0; 8] };\nunsafe { sqe.prep_connect(3, (&raw const sin).cast(), std::mem::size_of_val(&sin) as u32) };";

        /// `bind(2)` to `addr` (liburing's `io_uring_prep_bind`).
        fn prep_bind(fd: RawFd, addr: *const libc::sockaddr, addrlen: libc::socklen_t) => io_uring_prep_bind(fd, addr, addrlen);
        example "let sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };\nunsafe { sqe.prep_bind(3, (&raw const sin).cast(), std::mem::size_of_val(&sin) as u32) };";

        /// `sendto(2)`: send `buf` to `addr` (liburing's `io_uring_prep_sendto`).
        fn prep_sendto(fd: RawFd, buf: &[u8], flags: i32, addr: *const libc::sockaddr, addrlen: libc::socklen_t) => io_uring_prep_sendto(fd, buf.as_ptr().cast(), buf.len(), flags, addr, addrlen);
        example "let sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };\nunsafe { sqe.prep_sendto(3, b\"hi\", 0, (&raw const sin).cast(), std::mem::size_of_val(&sin) as u32) };";

        /// Set the destination of a prepared send (liburing's `io_uring_prep_send_set_addr`).
        fn prep_send_set_addr(dest_addr: *const libc::sockaddr, addr_len: u16) => io_uring_prep_send_set_addr(dest_addr, addr_len);
        example "let sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };\nunsafe { sqe.prep_send(3, b\"hi\", 0).prep_send_set_addr((&raw const sin).cast(), 16) };";

        /// Zero-copy send (liburing's `io_uring_prep_send_zc`): a second completion with
        /// IORING_CQE_F_NOTIF says when `buf` is free again; `buf` must live until then.
        fn prep_send_zc(fd: RawFd, buf: &[u8], flags: i32, zc_flags: u32) => io_uring_prep_send_zc(fd, buf.as_ptr().cast(), buf.len(), flags, zc_flags);
        example "unsafe { sqe.prep_send_zc(3, b\"hi\", 0, 0) };";

        /// Zero-copy send from registered buffer `buf_index` (liburing's
        /// `io_uring_prep_send_zc_fixed`).
        fn prep_send_zc_fixed(fd: RawFd, buf: &[u8], flags: i32, zc_flags: u32, buf_index: u32) => io_uring_prep_send_zc_fixed(fd, buf.as_ptr().cast(), buf.len(), flags, zc_flags, buf_index);
        example "unsafe { sqe.prep_send_zc_fixed(3, b\"hi\", 0, 0, 0) };";

        /// `recvmsg(2)` (liburing's `io_uring_prep_recvmsg`).
        fn prep_recvmsg(fd: RawFd, msg: &mut libc::msghdr, flags: u32) => io_uring_prep_recvmsg(fd, msg, flags);
        example "let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };\nunsafe { sqe.prep_recvmsg(3, &mut msg, 0) };";

        /// Multishot `recvmsg(2)` into provided buffers (liburing's
        /// `io_uring_prep_recvmsg_multishot`).
        fn prep_recvmsg_multishot(fd: RawFd, msg: &mut libc::msghdr, flags: u32) => io_uring_prep_recvmsg_multishot(fd, msg, flags);
        example "let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };\nunsafe { sqe.prep_recvmsg_multishot(3, &mut msg, 0).buffer_select(1) };";

        /// `sendmsg(2)` (liburing's `io_uring_prep_sendmsg`).
        fn prep_sendmsg(fd: RawFd, msg: &libc::msghdr, flags: u32) => io_uring_prep_sendmsg(fd, msg, flags);
        example "let msg: libc::msghdr = unsafe { std::mem::zeroed() };\nunsafe { sqe.prep_sendmsg(3, &msg, 0) };";

        /// Zero-copy `sendmsg(2)` (liburing's `io_uring_prep_sendmsg_zc`).
        fn prep_sendmsg_zc(fd: RawFd, msg: &libc::msghdr, flags: u32) => io_uring_prep_sendmsg_zc(fd, msg, flags);
        example "let msg: libc::msghdr = unsafe { std::mem::zeroed() };\nunsafe { sqe.prep_sendmsg_zc(3, &msg, 0) };";

        /// Zero-copy `sendmsg(2)` from registered buffer `buf_index` (liburing's
        /// `io_uring_prep_sendmsg_zc_fixed`).
        fn prep_sendmsg_zc_fixed(fd: RawFd, msg: &libc::msghdr, flags: u32, buf_index: u32) => io_uring_prep_sendmsg_zc_fixed(fd, msg, flags, buf_index);
        example "let msg: libc::msghdr = unsafe { std::mem::zeroed() };\nunsafe { sqe.prep_sendmsg_zc_fixed(3, &msg, 0, 0) };";

        /// A socket command (`SOCKET_URING_OP_*`: getsockopt, setsockopt, …) (liburing's
        /// `io_uring_prep_cmd_sock`).
        fn prep_cmd_sock(cmd_op: i32, fd: RawFd, level: i32, optname: i32, optval: &mut [u8]) => io_uring_prep_cmd_sock(cmd_op, fd, level, optname, optval.as_mut_ptr().cast(), optval.len().min(i32::MAX as usize) as i32);
        example "let mut v = [0u8; 4];\nunsafe { sqe.prep_cmd_sock(uring_rs::uapi::SOCKET_URING_OP_GETSOCKOPT as i32, 3, libc::SOL_SOCKET, libc::SO_TYPE, &mut v) };";

        /// `getsockname(2)` / `getpeername(2)` (`peer`) (liburing's
        /// `io_uring_prep_cmd_getsockname`).
        fn prep_cmd_getsockname(fd: RawFd, addr: *mut libc::sockaddr, addrlen: &mut libc::socklen_t, peer: bool) => io_uring_prep_cmd_getsockname(fd, addr, addrlen, peer as i32);
        example "let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };\nlet mut len = std::mem::size_of_val(&ss) as libc::socklen_t;\nunsafe { sqe.prep_cmd_getsockname(3, (&raw mut ss).cast(), &mut len, false) };";

        /// Change the time of the pending timeout tagged `user_data` (liburing's
        /// `io_uring_prep_timeout_update`).
        fn prep_timeout_update(ts: &Timespec, user_data: u64, flags: u32) => io_uring_prep_timeout_update(ts.as_ptr(), user_data, flags);
        example "let ts = uring_rs::api::Timespec::new(1, 0);\nunsafe { sqe.prep_timeout_update(&ts, 42, 0) };";

        /// Cancel the previous (linked) entry if it isn't done within `ts` (liburing's
        /// `io_uring_prep_link_timeout`).
        fn prep_link_timeout(ts: &Timespec, flags: u32) => io_uring_prep_link_timeout(ts.as_ptr(), flags);
        example "let ts = uring_rs::api::Timespec::new(1, 0);\nunsafe { sqe.prep_link_timeout(&ts, 0) };";

        /// `epoll_ctl(2)` (liburing's `io_uring_prep_epoll_ctl`).
        fn prep_epoll_ctl(epfd: RawFd, fd: RawFd, op: i32, ev: &libc::epoll_event) => io_uring_prep_epoll_ctl(epfd, fd, op, ev);
        example "let ev = libc::epoll_event { events: libc::EPOLLIN as u32, u64: 0 };\nunsafe { sqe.prep_epoll_ctl(3, 0, libc::EPOLL_CTL_ADD, &ev) };";

        /// `epoll_wait(2)` into `events` (liburing's `io_uring_prep_epoll_wait`).
        fn prep_epoll_wait(fd: RawFd, events: &mut [libc::epoll_event], flags: u32) => io_uring_prep_epoll_wait(fd, events.as_mut_ptr(), events.len().min(i32::MAX as usize) as i32, flags);
        example "let mut evs = [libc::epoll_event { events: 0, u64: 0 }; 8];\nunsafe { sqe.prep_epoll_wait(3, &mut evs, 0) };";

        /// Provide `nr` buffers of `len` bytes at `addr` to legacy group `bgid`, ids from
        /// `bid` (liburing's `io_uring_prep_provide_buffers`); prefer [`super::BufRing`].
        fn prep_provide_buffers(addr: *mut u8, len: i32, nr: i32, bgid: u16, bid: u16) => io_uring_prep_provide_buffers(addr.cast(), len, nr, bgid as i32, bid as i32);
        example "let mut mem = vec![0u8; 4 * 512];\nunsafe { sqe.prep_provide_buffers(mem.as_mut_ptr(), 512, 4, 1, 0) };";

        /// Wait on the futex at `futex` (liburing's `io_uring_prep_futex_wait`).
        fn prep_futex_wait(futex: &u32, val: u64, mask: u64, futex_flags: u32, flags: u32) => io_uring_prep_futex_wait(futex, val, mask, futex_flags, flags);
        example "let word = 0u32;\nunsafe { sqe.prep_futex_wait(&word, 0, u32::MAX as u64, 2, 0) };";

        /// Wake waiters on the futex at `futex` (liburing's `io_uring_prep_futex_wake`).
        fn prep_futex_wake(futex: &u32, val: u64, mask: u64, futex_flags: u32, flags: u32) => io_uring_prep_futex_wake(futex, val, mask, futex_flags, flags);
        example "let word = 0u32;\nunsafe { sqe.prep_futex_wake(&word, 1, u32::MAX as u64, 2, 0) };";

        /// Wait on several futexes (liburing's `io_uring_prep_futex_waitv`).
        fn prep_futex_waitv(futexes: &[crate::prep::futex_waitv], flags: u32) => io_uring_prep_futex_waitv(futexes.as_ptr(), len32(futexes.len()), flags);
        example "let w = [uring_rs::prep::futex_waitv::default()];\nunsafe { sqe.prep_futex_waitv(&w, 0) };";

        /// `waitid(2)` (liburing's `io_uring_prep_waitid`).
        fn prep_waitid(idtype: libc::idtype_t, id: libc::id_t, infop: &mut libc::siginfo_t, options: i32, flags: u32) => io_uring_prep_waitid(idtype, id, infop, options, flags);
        example "let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };\nunsafe { sqe.prep_waitid(libc::P_ALL, 0, &mut info, libc::WEXITED | libc::WNOHANG, 0) };";
    }
}
