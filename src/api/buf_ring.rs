//! [`BufRing`]: a provided-buffer ring and the buffers it hands out.

use std::io;
use std::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::ring::{Ring, Shared};
use crate::buf_ring::*;
use crate::uapi::io_uring_buf_ring;

/// A ring of provided buffers (IORING_REGISTER_PBUF_RING) registered as group `bgid`, with
/// the buffers themselves: `entries` buffers of `buf_len` bytes, ids `0..entries`.
///
/// Operations marked with [`super::Sqe::buffer_select`] take a buffer from the group when
/// data arrives; the completion names it ([`super::Cqe::buffer_id`]), the data is read with
/// [`BufRing::buffer`], and [`BufRing::recycle`] gives the buffer back to the kernel.
/// Dropping the `BufRing` unregisters the group and unmaps the ring
/// (liburing's `io_uring_free_buf_ring`); the buffer memory is kept until the ring itself
/// is dropped and nothing is in flight, in case an operation still holds a buffer. A
/// `BufRing` is `Send`, and may stay on another thread than its [`Ring`].
///
/// ```
/// use std::io::Write;
/// use std::os::fd::AsRawFd;
/// use std::os::unix::net::UnixStream;
/// use uring_rs::api::{BufRing, Ring};
///
/// let mut ring = Ring::new(8)?;
/// let mut bufs = BufRing::new(&mut ring, 1, 4, 64)?;
/// let (mut a, b) = UnixStream::pair()?;
/// a.write_all(b"picked by the kernel")?;
/// unsafe { ring.get_sqe().unwrap().prep_recv(b.as_raw_fd(), &mut [], 0).buffer_select(1) };
/// ring.submit_and_wait(1)?;
/// let cqe = ring.peek_cqe().unwrap().seen();
/// let bid = cqe.buffer_id().expect("a provided buffer");
/// // SAFETY: the completion handed buffer `bid` to us and it isn't recycled yet.
/// let data = unsafe { bufs.buffer(bid, cqe.result()? as usize) };
/// assert_eq!(data, b"picked by the kernel");
/// bufs.recycle(bid);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct BufRing {
    shared: Arc<Shared>,
    br: NonNull<io_uring_buf_ring>,
    entries: u16,
    bgid: u16,
    buf_len: usize,
    /// `entries * buf_len` bytes, a leaked `Box<[u8]>` (the kernel writes into it, so no
    /// Rust reference covers it all).
    mem: NonNull<[u8]>,
}

impl std::fmt::Debug for BufRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BufRing")
            .field("bgid", &self.bgid)
            .field("entries", &self.entries)
            .field("buf_len", &self.buf_len)
            .finish()
    }
}

impl BufRing {
    /// Set up group `bgid` on `ring` with `entries` (a power of two) buffers of `buf_len`
    /// bytes, all handed to the kernel (liburing's `io_uring_setup_buf_ring` and
    /// `io_uring_buf_ring_add`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let bufs = uring_rs::api::BufRing::new(&mut ring, 0, 8, 4096)?;
    /// assert_eq!(bufs.bgid(), 0);
    /// let err = uring_rs::api::BufRing::new(&mut ring, 1, 3, 4096).unwrap_err(); // not a power of two
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new<const OWNED: bool>(
        ring: &mut Ring<OWNED>,
        bgid: u16,
        entries: u16,
        buf_len: usize,
    ) -> io::Result<BufRing> {
        let einval = || io::Error::from_raw_os_error(libc::EINVAL);
        if buf_len == 0 || u32::try_from(buf_len).is_err() {
            return Err(einval());
        }
        let total = (entries as usize).checked_mul(buf_len).ok_or_else(einval)?;
        let br = ring
            .raw()
            .setup_buf_ring(entries as u32, bgid as i32, 0)
            .map_err(|e| io::Error::from_raw_os_error(-e))?;
        let br = NonNull::new(br).ok_or_else(einval)?;
        let mem = NonNull::from(Box::leak(vec![0u8; total].into_boxed_slice()));
        let this = BufRing {
            shared: ring.shared.clone(),
            br,
            entries,
            bgid,
            buf_len,
            mem,
        };
        for bid in 0..entries {
            this.add(bid, bid as i32);
        }
        // SAFETY: the ring has `entries` slots, all just filled.
        unsafe { io_uring_buf_ring_advance(br.as_ptr(), entries as i32) };
        Ok(this)
    }

    /// Put buffer `bid` in slot `offset` past the ring's tail (not yet published). Through
    /// `&self`: it writes only the ring's mapping, through its pointer; callers serialize.
    fn add(&self, bid: u16, offset: i32) {
        let addr = self
            .mem
            .as_ptr()
            .cast::<u8>()
            .wrapping_add(bid as usize * self.buf_len);
        // SAFETY: a live buffer ring of `entries` slots; `addr` lies in our memory.
        unsafe {
            io_uring_buf_ring_add(
                self.br.as_ptr(),
                addr.cast(),
                self.buf_len as u32,
                bid,
                io_uring_buf_ring_mask(self.entries as u32),
                offset,
            )
        };
    }

    /// The buffer group id.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert_eq!(uring_rs::api::BufRing::new(&mut ring, 9, 2, 16)?.bgid(), 9);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn bgid(&self) -> u16 {
        self.bgid
    }

    /// Size of each buffer.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert_eq!(uring_rs::api::BufRing::new(&mut ring, 9, 2, 16)?.buf_len(), 16);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn buf_len(&self) -> usize {
        self.buf_len
    }

    /// Buffers the kernel still has to pick from (liburing's `io_uring_buf_ring_available`).
    /// The kernel tells a buffer ring's head from 6.8 (IORING_REGISTER_PBUF_STATUS); before,
    /// this fails with EINVAL, as liburing's does.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let mut bufs = uring_rs::api::BufRing::new(&mut ring, 1, 4, 16)?;
    /// assert_eq!(bufs.available()?, 4);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn available(&self) -> io::Result<u32> {
        let mut ring = self.shared.register_view();
        // SAFETY: a ring structure with our ring's fd, and our live buffer ring.
        super::cvt(unsafe { ring.buf_ring_available(self.br.as_ptr(), self.bgid) })
    }

    /// The first `len` bytes of buffer `bid` (at most `buf_len`).
    ///
    /// # Safety
    /// Buffer `bid` must be out of the kernel's hands: a completion of this group named it
    /// ([`super::Cqe::buffer_id`]) and it hasn't been [recycled](BufRing::recycle) since.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let bufs = uring_rs::api::BufRing::new(&mut ring, 1, 4, 16)?;
    /// // (no operation has run, so no buffer is ours: see the type's example for real use)
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn buffer(&self, bid: u16, len: usize) -> &[u8] {
        assert!(bid < self.entries, "buffer id {bid} out of range");
        let start = self
            .mem
            .as_ptr()
            .cast::<u8>()
            .wrapping_add(bid as usize * self.buf_len);
        // SAFETY: inside our memory; the caller guarantees the kernel isn't writing it.
        unsafe { std::slice::from_raw_parts(start, len.min(self.buf_len)) }
    }

    /// Give buffer `bid` back to the kernel (liburing's `io_uring_buf_ring_add` and
    /// `io_uring_buf_ring_advance`).
    ///
    /// ```
    /// use std::io::Write;
    /// use std::os::fd::AsRawFd;
    /// use std::os::unix::net::UnixStream;
    /// use uring_rs::api::{BufRing, Ring};
    ///
    /// let mut ring = Ring::new(8)?;
    /// let mut bufs = BufRing::new(&mut ring, 3, 2, 32)?;
    /// let (mut a, b) = UnixStream::pair()?;
    /// for msg in [&b"one"[..], b"two", b"three"] {
    ///     a.write_all(msg)?;
    ///     unsafe { ring.get_sqe().unwrap().prep_recv(b.as_raw_fd(), &mut [], 0).buffer_select(3) };
    ///     ring.submit_and_wait(1)?;
    ///     let cqe = ring.peek_cqe().unwrap().seen();
    ///     let bid = cqe.buffer_id().unwrap();
    ///     assert_eq!(unsafe { bufs.buffer(bid, cqe.res() as usize) }, msg);
    ///     bufs.recycle(bid); // without it the third receive would find no buffer (ENOBUFS)
    /// }
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn recycle(&mut self, bid: u16) {
        assert!(bid < self.entries, "buffer id {bid} out of range");
        self.give_back(bid);
    }

    /// Lend the buffers out from now on, as a [`BufGroup`]; those the application holds stay
    /// its own.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// let group = uring_rs::api::BufRing::new(&mut ring, 0, 8, 512)?.lend();
    /// assert_eq!((group.bgid(), group.buf_len()), (0, 512));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn lend(self) -> BufGroup {
        self.into()
    }

    /// [`BufRing::recycle`] through `&self`: callers serialize the calls.
    fn give_back(&self, bid: u16) {
        self.add(bid, 0);
        // SAFETY: a live buffer ring; one slot was just filled.
        unsafe { io_uring_buf_ring_advance(self.br.as_ptr(), 1) };
    }
}

impl Drop for BufRing {
    fn drop(&mut self) {
        // Our ring's fd and live buffer ring, freed once. Errors can't be reported here.
        self.shared.register_view().free_buf_ring(
            self.br.as_ptr(),
            self.entries as u32,
            self.bgid as i32,
        );
        // SAFETY: `mem` came from Box::leak and is reclaimed once.
        let mem = unsafe { Box::from_raw(self.mem.as_ptr()) };
        let mut retired = self
            .shared
            .retired
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        retired.push(mem);
    }
}

// SAFETY: the buffer ring and the buffers are plain memory owned by this value; the ring is
// reached through `Shared`, which is built for use from any thread.
unsafe impl Send for BufRing {}

/// A [`BufRing`] whose buffers are only lent out: the owned multishot receives of an
/// [`super::OwnedRing`] ([`super::OwnedRing::recv_multishot`],
/// [`super::OwnedRing::recvmsg_multishot`]) hand each buffer the kernel picks out as a
/// [`PickedBuf`], which gives it back to the kernel when dropped. There is no other way to
/// give one back, and none to read one but through its `PickedBuf`: so no buffer is ever in
/// the kernel's hands and the application's at once, and it needs no `unsafe`.
///
/// Cloning it shares the group (several sockets may receive into it); it lives until its
/// last clone, the last operation using it, and the last `PickedBuf` of it are gone.
///
/// ```
/// use std::io::Write;
/// use std::os::fd::AsRawFd;
/// use uring_rs::api::{BufRing, PickedBuf, Ring};
///
/// let mut ring = Ring::new_owned(8)?;
/// let group = BufRing::new(&mut ring, 1, 4, 64)?.lend();
/// let (mut a, b) = std::os::unix::net::UnixStream::pair()?;
/// ring.recv_multishot(b.as_raw_fd(), &group, 0, 7)?;
/// ring.submit()?;
/// a.write_all(b"lent")?;
/// let mut cqe = ring.wait_cqe()?.seen();
/// assert!(cqe.more());
/// let buf: PickedBuf = cqe.take_buf().unwrap();
/// assert_eq!(&*buf, b"lent");
/// drop(buf); // back to the kernel
/// assert_eq!(group.available()?, 4);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct BufGroup {
    lender: Arc<Lender>,
}

/// The buffer ring of a [`BufGroup`], shared with its [`PickedBuf`]s.
#[derive(Debug)]
pub(crate) struct Lender {
    bufs: BufRing,
    /// Held while a buffer is given back: `PickedBuf`s may drop on several threads at once.
    lock: AtomicBool,
}

// SAFETY: `bufs` is used through `&self` only: `give_back` (the mapping, under `lock`), reads
// of a lent buffer's bytes (which the kernel doesn't write until it is given back), and
// fields never written after setup.
unsafe impl Sync for Lender {}

impl Lender {
    fn give_back(&self, bid: u16) {
        while self
            .lock
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
        self.bufs.give_back(bid);
        self.lock.store(false, Ordering::Release);
    }
}

impl From<BufRing> for BufGroup {
    /// Lend out the buffers of `bufs` from now on; those the application holds stay its own.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// let bufs = uring_rs::api::BufRing::new(&mut ring, 2, 4, 16)?;
    /// let group = uring_rs::api::BufGroup::from(bufs);
    /// assert_eq!(group.bgid(), 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn from(bufs: BufRing) -> Self {
        BufGroup {
            lender: Arc::new(Lender {
                bufs,
                lock: AtomicBool::new(false),
            }),
        }
    }
}

impl BufGroup {
    /// The buffer group id.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// assert_eq!(uring_rs::api::BufRing::new(&mut ring, 3, 2, 16)?.lend().bgid(), 3);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn bgid(&self) -> u16 {
        self.lender.bufs.bgid
    }

    /// Size of each buffer.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// assert_eq!(uring_rs::api::BufRing::new(&mut ring, 3, 2, 16)?.lend().buf_len(), 16);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn buf_len(&self) -> usize {
        self.lender.bufs.buf_len
    }

    /// Buffers the kernel still has to pick from ([`BufRing::available`]).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// assert_eq!(uring_rs::api::BufRing::new(&mut ring, 3, 2, 16)?.lend().available()?, 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn available(&self) -> io::Result<u32> {
        self.lender.bufs.available()
    }

    /// The group is registered with the ring of `shared`.
    pub(crate) fn is_of(&self, shared: &Arc<Shared>) -> bool {
        Arc::ptr_eq(&self.lender.bufs.shared, shared)
    }

    /// Buffer `bid` of this group, `len` bytes of it filled (`msg`: by a multishot recvmsg).
    ///
    /// # Safety
    /// A completion of an operation that picks from this group handed `bid` over, and it is
    /// made into a `PickedBuf` once.
    pub(crate) unsafe fn picked(&self, bid: u16, len: u32, msg: bool) -> PickedBuf {
        PickedBuf {
            lender: self.lender.clone(),
            bid,
            start: 0,
            len: (len as usize).min(self.buf_len()),
            msg,
        }
    }
}

/// A buffer the kernel picked from a [`BufGroup`] and filled, handed out by the completion
/// of an owned multishot receive ([`super::Cqe::take_buf`]). It reads as the bytes received
/// (`Deref<Target = [u8]>`) and goes back to the kernel when dropped.
///
/// ```
/// # use std::io::Write;
/// # use std::os::fd::AsRawFd;
/// # let mut ring = uring_rs::api::Ring::new_owned(8)?;
/// # let group = uring_rs::api::BufRing::new(&mut ring, 1, 2, 64)?.lend();
/// # let (mut a, b) = std::os::unix::net::UnixStream::pair()?;
/// # ring.recv_multishot(b.as_raw_fd(), &group, 0, 7)?;
/// # ring.submit()?;
/// a.write_all(b"kept")?;
/// let buf: uring_rs::api::PickedBuf = ring.wait_cqe()?.seen().take_buf().unwrap();
/// let moved = std::thread::spawn(move || buf.to_vec()).join().unwrap();
/// assert_eq!(moved, b"kept");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct PickedBuf {
    lender: Arc<Lender>,
    bid: u16,
    /// The bytes it reads as: `start..len` of the buffer.
    start: usize,
    len: usize,
    /// Filled by a multishot recvmsg: a `struct io_uring_recvmsg_out` and what follows it.
    msg: bool,
}

impl PickedBuf {
    /// The buffer id.
    ///
    /// ```
    /// # use std::io::Write;
    /// # use std::os::fd::AsRawFd;
    /// # let mut ring = uring_rs::api::Ring::new_owned(8)?;
    /// # let group = uring_rs::api::BufRing::new(&mut ring, 1, 2, 64)?.lend();
    /// # let (mut a, b) = std::os::unix::net::UnixStream::pair()?;
    /// # ring.recv_multishot(b.as_raw_fd(), &group, 0, 7)?;
    /// # ring.submit()?;
    /// a.write_all(b"x")?;
    /// let mut cqe = ring.wait_cqe()?.seen();
    /// let bid = cqe.buffer_id();
    /// assert_eq!(Some(cqe.take_buf::<uring_rs::api::PickedBuf>().unwrap().bid()), bid);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn bid(&self) -> u16 {
        self.bid
    }

    pub(crate) fn is_msg(&self) -> bool {
        self.msg
    }

    /// Read as bytes `start..start + len` of what it reads as now (clamped), no longer as
    /// a datagram's header and payload.
    pub(crate) fn narrow(mut self, start: usize, len: usize) -> PickedBuf {
        self.start = (self.start + start).min(self.len);
        self.len = self.start.saturating_add(len).min(self.len);
        self.msg = false;
        self
    }
}

// SAFETY: the bytes are the group's memory, which stays where it is while the `PickedBuf`
// lives (it keeps the group) and which the kernel doesn't write until the `PickedBuf` gives
// the buffer back; they are initialised (the buffers start zeroed).
unsafe impl super::IoBuf for PickedBuf {
    fn stable_ptr(&self) -> *const u8 {
        self.as_ptr()
    }

    fn bytes_init(&self) -> usize {
        self.len()
    }
}

impl std::ops::Deref for PickedBuf {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        // SAFETY: the kernel handed this buffer over and gets it back only when we drop.
        let all = unsafe { self.lender.bufs.buffer(self.bid, self.len) };
        &all[self.start..]
    }
}

impl Drop for PickedBuf {
    fn drop(&mut self) {
        self.lender.give_back(self.bid);
    }
}
