//! Owned operations beyond one buffer: vectored reads and writes over owned buffer lists,
//! multishot receives into a [`BufGroup`], messages to an owned address (also zero-copy),
//! accept and connect with owned addresses. Each keeps what the kernel reads or writes in
//! the ring (`super::owned`) until its last completion, which hands it back.

use std::io;
use std::mem::{self, size_of};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::{FromRawFd, OwnedFd};

use super::buf::{Finish, IoBuf, IoBufMut, OwnedBuf, untouched};
use super::buf_ring::{BufGroup, PickedBuf};
use super::owned::{BufError, Kept, Target, owned_methods};
use super::ring::OwnedRing;
use crate::prep::files::{io_uring_prep_readv, io_uring_prep_writev};
use crate::prep::io_uring_sqe_set_buf_group;
use crate::prep::net::*;
use crate::uapi::*;

/// Kernel-facing structures that point into the value they are kept with (an iovec, a
/// msghdr): moved only as part of it, while the pointers stay right (the value is boxed, or
/// the memory is an [`IoBuf`]'s, which doesn't move).
struct Pointing<T>(T);

// SAFETY: see the type: the pointers lead into the same kept value, which is `Send`.
unsafe impl<T> Send for Pointing<T> {}

/// `addr` as the kernel takes it.
fn sockaddr(addr: &SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: all zeroes is a valid sockaddr_storage.
    let mut ss: libc::sockaddr_storage = unsafe { mem::zeroed() };
    let len = match addr {
        SocketAddr::V4(a) => {
            let sin = libc::sockaddr_in {
                sin_family: libc::AF_INET as libc::sa_family_t,
                sin_port: a.port().to_be(),
                sin_addr: libc::in_addr {
                    s_addr: u32::from(*a.ip()).to_be(),
                },
                sin_zero: [0; 8],
            };
            // SAFETY: a sockaddr_in fits a sockaddr_storage.
            unsafe { (&raw mut ss).cast::<libc::sockaddr_in>().write(sin) };
            size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(a) => {
            let sin6 = libc::sockaddr_in6 {
                sin6_family: libc::AF_INET6 as libc::sa_family_t,
                sin6_port: a.port().to_be(),
                sin6_flowinfo: a.flowinfo(),
                sin6_addr: libc::in6_addr {
                    s6_addr: a.ip().octets(),
                },
                sin6_scope_id: a.scope_id(),
            };
            // SAFETY: a sockaddr_in6 fits a sockaddr_storage.
            unsafe { (&raw mut ss).cast::<libc::sockaddr_in6>().write(sin6) };
            size_of::<libc::sockaddr_in6>()
        }
    };
    (ss, len as libc::socklen_t)
}

/// The address in the first `len` bytes of `bytes` (a sockaddr the kernel wrote), if it is
/// an IPv4 or IPv6 one.
fn socket_addr(bytes: &[u8]) -> Option<SocketAddr> {
    let family = u16::from_ne_bytes(bytes.get(..2)?.try_into().ok()?);
    match family as i32 {
        libc::AF_INET if bytes.len() >= size_of::<libc::sockaddr_in>() => {
            // SAFETY: enough bytes for a sockaddr_in, read unaligned.
            let sin = unsafe { bytes.as_ptr().cast::<libc::sockaddr_in>().read_unaligned() };
            let ip = Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
            Some(SocketAddrV4::new(ip, u16::from_be(sin.sin_port)).into())
        }
        libc::AF_INET6 if bytes.len() >= size_of::<libc::sockaddr_in6>() => {
            // SAFETY: enough bytes for a sockaddr_in6, read unaligned.
            let s = unsafe { bytes.as_ptr().cast::<libc::sockaddr_in6>().read_unaligned() };
            let ip = Ipv6Addr::from(s.sin6_addr.s6_addr);
            let port = u16::from_be(s.sin6_port);
            Some(SocketAddrV6::new(ip, port, s.sin6_flowinfo, s.sin6_scope_id).into())
        }
        _ => None,
    }
}

/// The bytes of the address kept for an operation.
fn storage_bytes(ss: &libc::sockaddr_storage, len: libc::socklen_t) -> &[u8] {
    let len = (len as usize).min(size_of::<libc::sockaddr_storage>());
    // SAFETY: `len` bytes of a plain struct.
    unsafe { std::slice::from_raw_parts((&raw const *ss).cast(), len) }
}

/// Replace the kept value `T` of a finished operation with what `out` makes of it.
///
/// # Safety
/// `buf` holds a `T`.
unsafe fn hand_back<T: 'static, U: Send + 'static>(buf: &mut OwnedBuf, out: impl FnOnce(T) -> U) {
    let Ok(value) = mem::replace(buf, OwnedBuf::new(())).take::<T>() else {
        unreachable!("the kept value's type is known")
    };
    *buf = OwnedBuf::new(out(value));
}

/// Buffers of a vectored operation and the iovecs that point into them.
struct Vectored<B> {
    bufs: Vec<B>,
    iov: Pointing<Vec<libc::iovec>>,
}

/// A readv completed with `res`: fill the buffers in turn, hand back the `Vec<B>`.
unsafe fn read_vectored<B: IoBufMut>(buf: &mut OwnedBuf, res: i32, _: u32) {
    let mut left = u32::try_from(res).unwrap_or(0) as usize;
    // SAFETY: it holds a `Vectored<B>` (the caller's contract).
    unsafe {
        hand_back::<Vectored<B>, _>(buf, |mut v| {
            for (b, iov) in v.bufs.iter_mut().zip(&v.iov.0) {
                let n = left.min(iov.iov_len);
                // SAFETY: the kernel wrote `n` bytes at the start of this buffer.
                b.set_init(n);
                left -= n;
            }
            v.bufs
        })
    }
}

/// A writev completed: hand back the `Vec<B>`.
unsafe fn wrote_vectored<B: IoBuf>(buf: &mut OwnedBuf, _: i32, _: u32) {
    // SAFETY: it holds a `Vectored<B>` (the caller's contract).
    unsafe { hand_back::<Vectored<B>, _>(buf, |v| v.bufs) }
}

/// Keep `bufs` with the iovecs pointing into them.
fn keep_vectored<B: IoBuf>(
    bufs: Vec<B>,
    iov: Vec<libc::iovec>,
    finish: Finish,
) -> Kept<(*const libc::iovec, u32)> {
    let v = Vectored {
        bufs,
        iov: Pointing(iov),
    };
    Kept::value(v, finish, |v| {
        let n = u32::try_from(v.iov.0.len()).unwrap_or(u32::MAX);
        (v.iov.0.as_ptr(), n)
    })
}

/// What a readv keeps: the buffers, the kernel given all of each one's room.
fn keep_readv<B: IoBufMut>(mut bufs: Vec<B>) -> Kept<(*const libc::iovec, u32)> {
    let iov = bufs
        .iter_mut()
        .map(|b| libc::iovec {
            iov_base: b.stable_mut_ptr().cast(),
            iov_len: b.bytes_total(),
        })
        .collect();
    keep_vectored(bufs, iov, read_vectored::<B>)
}

/// What a writev keeps: the buffers, the kernel given each one's bytes.
fn keep_writev<B: IoBuf>(bufs: Vec<B>) -> Kept<(*const libc::iovec, u32)> {
    let iov = bufs
        .iter()
        .map(|b| libc::iovec {
            iov_base: b.stable_ptr().cast_mut().cast(),
            iov_len: b.bytes_init(),
        })
        .collect();
    keep_vectored(bufs, iov, wrote_vectored::<B>)
}

/// A message to an address: the buffer, the address, and the msghdr and iovec pointing at
/// them.
struct Message<B> {
    buf: B,
    name: libc::sockaddr_storage,
    iov: Pointing<libc::iovec>,
    hdr: Pointing<libc::msghdr>,
}

impl<B: IoBuf> Message<B> {
    fn new(buf: B, to: &SocketAddr) -> Self {
        let (name, namelen) = sockaddr(to);
        // SAFETY: all zeroes is a valid msghdr and iovec (null pointers, zero lengths).
        let (mut hdr, iov) = unsafe { (mem::zeroed::<libc::msghdr>(), mem::zeroed()) };
        hdr.msg_namelen = namelen;
        Message {
            buf,
            name,
            iov: Pointing(iov),
            hdr: Pointing(hdr),
        }
    }

    /// Point the msghdr at the address and the buffer, where the value now is; returns it.
    fn aim(&mut self) -> *const libc::msghdr {
        self.iov.0.iov_base = self.buf.stable_ptr().cast_mut().cast();
        self.iov.0.iov_len = self.buf.bytes_init();
        self.hdr.0.msg_name = (&raw mut self.name).cast();
        self.hdr.0.msg_iov = &raw mut self.iov.0;
        self.hdr.0.msg_iovlen = 1;
        &raw const self.hdr.0
    }
}

/// A message was sent: hand back the buffer.
unsafe fn sent<B: IoBuf>(buf: &mut OwnedBuf, _: i32, _: u32) {
    // SAFETY: it holds a `Message<B>` (the caller's contract).
    unsafe { hand_back::<Message<B>, _>(buf, |m| m.buf) }
}

/// What a multishot receive keeps: the group it picks from, and for recvmsg the msghdr
/// that tells the kernel the room for the source address.
struct Receiving {
    group: BufGroup,
    hdr: Pointing<libc::msghdr>,
}

/// A multishot receive's completion: the buffer it names, lent out.
unsafe fn lend(buf: &mut OwnedBuf, res: i32, flags: u32) -> Option<OwnedBuf> {
    let bid =
        (flags & IORING_CQE_F_BUFFER != 0).then_some((flags >> IORING_CQE_BUFFER_SHIFT) as u16)?;
    // SAFETY: it holds a `Receiving` (the operation's kept value).
    let r = unsafe { buf.get_mut::<Receiving>() };
    let msg = r.hdr.0.msg_namelen != 0;
    // SAFETY: the completion handed over buffer `bid` of the group, made a `PickedBuf` once
    // (each completion is reaped once).
    let picked = unsafe { r.group.picked(bid, u32::try_from(res).unwrap_or(0), msg) };
    Some(OwnedBuf::new(picked))
}

/// The room a multishot recvmsg leaves for the source address in each buffer.
const NAME_ROOM: u32 = size_of::<libc::sockaddr_storage>() as u32;

/// One datagram from a multishot recvmsg ([`OwnedRing::recvmsg_multishot`]), read out of
/// its [`PickedBuf`] ([`PickedBuf::recvmsg`]).
#[derive(Debug, Clone, Copy)]
pub struct RecvMsg<'b> {
    out: io_uring_recvmsg_out,
    name: &'b [u8],
    payload: &'b [u8],
}

impl<'b> RecvMsg<'b> {
    /// The bytes received that fit the buffer (see [`OwnedRing::recvmsg_multishot`]).
    pub fn payload(&self) -> &'b [u8] {
        self.payload
    }

    /// Where the datagram came from (IPv4 or IPv6).
    pub fn peer(&self) -> Option<SocketAddr> {
        socket_addr(self.name)
    }

    /// The datagram was longer than the buffer's room for it (MSG_TRUNC): [`RecvMsg::payload`]
    /// holds its start.
    pub fn truncated(&self) -> bool {
        self.out.flags & libc::MSG_TRUNC as u32 != 0
    }

    /// The payload's length as the kernel tells it: the bytes it copied, or, for a receive
    /// started with `MSG_TRUNC` in its flags, the datagram's whole length.
    pub fn payload_len(&self) -> u32 {
        self.out.payloadlen
    }
}

impl PickedBuf {
    /// The payload of the datagram in a buffer filled by a multishot recvmsg
    /// ([`OwnedRing::recvmsg_multishot`]), as a `PickedBuf` of its own, to send on as it is
    /// ([`OwnedRing::send_to`] takes it: it is an [`IoBuf`]); `Err(self)` for a buffer of a
    /// plain receive, or one too short for the header.
    ///
    /// ```
    /// use std::net::UdpSocket;
    /// use std::os::fd::AsRawFd;
    /// use uring_rs::api::{BufRing, PickedBuf, Ring};
    ///
    /// let mut ring = Ring::new_owned(8)?;
    /// let group = BufRing::new(&mut ring, 5, 4, 256)?.lend();
    /// let rx = UdpSocket::bind("127.0.0.1:0")?;
    /// let tx = UdpSocket::bind("127.0.0.1:0")?;
    /// ring.recvmsg_multishot(rx.as_raw_fd(), &group, 0, 1)?;
    /// ring.submit()?;
    /// tx.send_to(b"echo me", rx.local_addr()?)?;
    /// let buf: PickedBuf = ring.wait_cqe()?.seen().take_buf().unwrap();
    /// let peer = buf.recvmsg().unwrap().peer().unwrap();
    /// let payload = buf.into_payload().unwrap();
    /// assert_eq!(&*payload, b"echo me");
    /// ring.send_to(rx.as_raw_fd(), payload, peer, 0, 2)?; // from the buffer, no copy
    /// let mut got = [0; 16];
    /// ring.submit()?;
    /// assert_eq!(tx.recv(&mut got)?, 7);
    /// assert_eq!(&got[..7], b"echo me");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn into_payload(self) -> Result<PickedBuf, PickedBuf> {
        let Some(n) = self.recvmsg().map(|m| m.payload().len()) else {
            return Err(self);
        };
        let start = size_of::<io_uring_recvmsg_out>() + NAME_ROOM as usize;
        Ok(self.narrow(start, n))
    }

    /// The datagram in a buffer filled by a multishot recvmsg
    /// ([`OwnedRing::recvmsg_multishot`]); `None` for a buffer of a plain receive, or one too
    /// short for the header. See [`OwnedRing::recvmsg_multishot`].
    pub fn recvmsg(&self) -> Option<RecvMsg<'_>> {
        if !self.is_msg() {
            return None;
        }
        let bytes: &[u8] = self;
        let hdr = size_of::<io_uring_recvmsg_out>();
        let body = bytes.get(hdr..)?;
        if body.len() < NAME_ROOM as usize {
            return None;
        }
        // SAFETY: the header's bytes, read unaligned.
        let out = unsafe {
            bytes
                .as_ptr()
                .cast::<io_uring_recvmsg_out>()
                .read_unaligned()
        };
        let (name, rest) = body.split_at(NAME_ROOM as usize);
        let name = &name[..(out.namelen as usize).min(name.len())];
        let payload = &rest[..(out.payloadlen as usize).min(rest.len())];
        Some(RecvMsg { out, name, payload })
    }
}

/// An accepted connection ([`OwnedRing::accept`]): the socket, and the peer's address.
#[derive(Debug)]
pub struct Accepted {
    fd: Option<OwnedFd>,
    peer: Option<SocketAddr>,
}

impl Accepted {
    /// The new socket and its peer; `None` if the accept failed (see the completion's
    /// result).
    pub fn into_parts(self) -> Option<(OwnedFd, Option<SocketAddr>)> {
        Some((self.fd?, self.peer))
    }
}

/// Where an accept's peer address is written.
struct Peer {
    name: libc::sockaddr_storage,
    len: libc::socklen_t,
}

unsafe fn accepted(buf: &mut OwnedBuf, res: i32, _: u32) {
    // SAFETY: it holds a `Peer` (the caller's contract).
    unsafe {
        hand_back::<Peer, _>(buf, |p| Accepted {
            // SAFETY: a successful accept's result is a descriptor the kernel just
            // installed, which nothing else owns.
            fd: (res >= 0).then(|| OwnedFd::from_raw_fd(res)),
            peer: (res >= 0)
                .then(|| socket_addr(storage_bytes(&p.name, p.len)))
                .flatten(),
        })
    }
}

/// What a connect keeps: the address as the kernel reads it, and as it was given.
type Connecting = ((libc::sockaddr_storage, libc::socklen_t), SocketAddr);

/// A connect's address: hand it back as the `SocketAddr` it came as.
unsafe fn connected(buf: &mut OwnedBuf, _: i32, _: u32) {
    // SAFETY: it holds a `Connecting` (the caller's contract).
    unsafe { hand_back::<Connecting, _>(buf, |(_, a)| a) }
}

/// The multishot receives into a [`BufGroup`], one per row
/// `fn name(flags: T) room N => |sqe, fd, hdr| prep;`: `N` bytes of each buffer are left for
/// the source address (0: a plain receive), `prep` (an `unsafe` expression) fills the SQE,
/// `hdr` being the kept msghdr.
macro_rules! receive_methods {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($flags:ident: $fty:ty) room $room:expr
            => |$sqe:ident, $fd:ident, $hdr:ident| $prep:expr;
    )*) => {$(
        $(#[doc = $doc])*
        pub fn $name(
            &mut self,
            target: impl Into<Target>,
            group: &BufGroup,
            $flags: $fty,
            user_data: u64,
        ) -> io::Result<()> {
            self.start_receiving(target.into(), group, $room, user_data, |$sqe, $fd, $hdr| {
                // SAFETY: see start_owned; the msghdr is kept until the last completion,
                // and the kernel picks the buffer.
                unsafe { $prep }
            })
        }
    )*};
}

impl OwnedRing {
    owned_methods! {
        /// Read from `target` at `offset` (`u64::MAX`: the file position) into `bufs` in turn
        /// (IORING_OP_READV); the completion hands back the `Vec<B>`, each buffer told the bytes
        /// it got, as [`OwnedRing::read`] does for one.
        ///
        /// ```
        /// use std::io::Write;
        /// use std::os::fd::AsRawFd;
        ///
        /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
        /// let (r, mut w) = std::io::pipe()?;
        /// w.write_all(b"scattered")?;
        /// ring.readv(r.as_raw_fd(), vec![Vec::with_capacity(4), Vec::with_capacity(16)], u64::MAX, 1)?;
        /// ring.submit_and_wait(1)?;
        /// let bufs: Vec<Vec<u8>> = ring.wait_cqe()?.seen().take_buf().unwrap();
        /// assert_eq!(bufs, [&b"scat"[..], b"tered"]);
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn readv<B: IoBufMut>(buf: Vec<B>, offset: u64)
            keep keep_readv::<B>
            => |sqe, fd, (iov, n)| io_uring_prep_readv(sqe, fd, iov, n, offset);

        /// Write `bufs` in turn to `target` at `offset` (IORING_OP_WRITEV); the completion hands
        /// back the `Vec<B>` unchanged.
        ///
        /// ```
        /// use std::io::Read;
        /// use std::os::fd::AsRawFd;
        ///
        /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
        /// let (mut r, w) = std::io::pipe()?;
        /// ring.writev(w.as_raw_fd(), vec!["gath", "ered"], u64::MAX, 1)?;
        /// ring.submit_and_wait(1)?;
        /// let mut cqe = ring.wait_cqe()?.seen();
        /// assert_eq!(cqe.res(), 8);
        /// assert_eq!(cqe.take_buf::<Vec<&str>>().unwrap(), ["gath", "ered"]);
        /// let mut got = [0; 8];
        /// r.read_exact(&mut got)?;
        /// assert_eq!(&got, b"gathered");
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn writev<B: IoBuf>(buf: Vec<B>, offset: u64)
            keep keep_writev::<B>
            => |sqe, fd, (iov, n)| io_uring_prep_writev(sqe, fd, iov, n, offset);

        /// Send all of `buf` as one message to `to` on socket `target` (`sendmsg(2)`,
        /// IORING_OP_SENDMSG; a datagram on UDP); the completion hands `buf` back unchanged, as
        /// [`OwnedRing::send`] does. `flags`: `MSG_*`.
        ///
        /// ```
        /// use std::net::UdpSocket;
        /// use std::os::fd::AsRawFd;
        ///
        /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
        /// let rx = UdpSocket::bind("127.0.0.1:0")?;
        /// let tx = UdpSocket::bind("127.0.0.1:0")?;
        /// ring.send_to(tx.as_raw_fd(), b"to you".to_vec(), rx.local_addr()?, 0, 1)?;
        /// ring.submit_and_wait(1)?;
        /// assert_eq!(ring.wait_cqe()?.seen().take_buf::<Vec<u8>>().unwrap(), b"to you");
        /// let mut got = [0; 16];
        /// let (n, from) = rx.recv_from(&mut got)?;
        /// assert_eq!((&got[..n], from), (&b"to you"[..], tx.local_addr()?));
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn send_to<B: IoBuf>(buf: B, to: SocketAddr, flags: u32)
            keep |b| Kept::value(Message::new(b, &to), sent::<B>, Message::aim)
            => |sqe, fd, hdr| io_uring_prep_sendmsg(sqe, fd, hdr, flags);

        /// [`OwnedRing::send_to`] without copying (IORING_OP_SENDMSG_ZC): the kernel reads `buf`
        /// while the data is on its way, so the first completion ([`super::Cqe::more`]) tells
        /// the bytes sent and hands nothing back; `buf` comes back with the second, the
        /// notification (IORING_CQE_F_NOTIF), once the kernel is done with it.
        ///
        /// ```
        /// use std::net::UdpSocket;
        /// use std::os::fd::AsRawFd;
        /// use uring_rs::uapi::IORING_CQE_F_NOTIF;
        ///
        /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
        /// let rx = UdpSocket::bind("127.0.0.1:0")?;
        /// let tx = UdpSocket::bind("127.0.0.1:0")?;
        /// ring.send_to_zc(tx.as_raw_fd(), vec![7u8; 64], rx.local_addr()?, 0, 1)?;
        /// ring.submit_and_wait(2)?;
        /// let mut first = ring.wait_cqe()?.seen();
        /// assert_eq!((first.res(), first.more()), (64, true));
        /// assert!(first.take_buf::<Vec<u8>>().is_none());
        /// let mut notif = ring.wait_cqe()?.seen();
        /// assert!(notif.flags() & IORING_CQE_F_NOTIF != 0);
        /// assert_eq!(notif.take_buf::<Vec<u8>>().unwrap(), [7u8; 64]);
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn send_to_zc<B: IoBuf>(buf: B, to: SocketAddr, flags: u32)
            keep |b| Kept::value(Message::new(b, &to), sent::<B>, Message::aim)
            => |sqe, fd, hdr| io_uring_prep_sendmsg_zc(sqe, fd, hdr, flags);

        /// Connect socket `target` to `to`; the completion (result 0, or the error) hands `to`
        /// back. Errors as [`OwnedRing::read`], with `to`.
        ///
        /// ```
        /// use std::net::{SocketAddr, TcpListener};
        /// use std::os::fd::AsRawFd;
        ///
        /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
        /// let listener = TcpListener::bind("127.0.0.1:0")?;
        /// let sock = socket2_free_tcp_socket()?;
        /// ring.connect(sock.as_raw_fd(), listener.local_addr()?, 1)?;
        /// ring.submit_and_wait(1)?;
        /// let mut cqe = ring.wait_cqe()?.seen();
        /// assert_eq!(cqe.res(), 0);
        /// assert_eq!(cqe.take_buf::<SocketAddr>(), Some(listener.local_addr()?));
        /// # fn socket2_free_tcp_socket() -> std::io::Result<std::os::fd::OwnedFd> {
        /// #     use std::os::fd::FromRawFd;
        /// #     let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0) };
        /// #     if fd < 0 { return Err(std::io::Error::last_os_error()) }
        /// #     Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
        /// # }
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn connect(to: SocketAddr)
            keep |to| Kept::value((sockaddr(&to), to), connected, |v: &mut Connecting| (&raw const v.0.0, v.0.1))
            => |sqe, fd, (name, len)| io_uring_prep_connect(sqe, fd, name.cast(), len);
    }

    receive_methods! {
        /// Receive from socket `target` again and again into buffers of `group`
        /// (IORING_OP_RECV, multishot): each completion with data hands out the buffer as a
        /// [`PickedBuf`] ([`super::Cqe::take_buf`]), which goes back to the group when dropped;
        /// the last completion (no [`super::Cqe::more`]: an error, end of file, no buffer left
        /// (ENOBUFS)) ends it. `flags`: `MSG_*`.
        ///
        /// ```
        /// use std::io::Write;
        /// use std::os::fd::AsRawFd;
        /// use uring_rs::api::{BufRing, PickedBuf, Ring};
        ///
        /// let mut ring = Ring::new_owned(8)?;
        /// let group = BufRing::new(&mut ring, 4, 2, 8)?.lend();
        /// let (mut a, b) = std::os::unix::net::UnixStream::pair()?;
        /// ring.recv_multishot(b.as_raw_fd(), &group, 0, 1)?;
        /// ring.submit()?;
        /// let mut got = Vec::new();
        /// for word in [&b"multi"[..], b"shot"] {
        ///     a.write_all(word)?;
        ///     let mut cqe = ring.wait_cqe()?.seen();
        ///     assert!(cqe.more());
        ///     got.extend_from_slice(&cqe.take_buf::<PickedBuf>().unwrap());
        /// }
        /// assert_eq!(got, b"multishot");
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn recv_multishot(flags: i32) room 0
            => |sqe, fd, _hdr| io_uring_prep_recv_multishot(sqe, fd, std::ptr::null_mut(), 0, flags);

        /// As [`OwnedRing::recv_multishot`], with `recvmsg(2)` (IORING_OP_RECVMSG, multishot):
        /// each buffer holds one datagram and where it came from, read with
        /// [`PickedBuf::recvmsg`]. Each buffer needs room for a 16-byte header and a 128-byte
        /// address before the payload.
        ///
        /// ```
        /// use std::net::UdpSocket;
        /// use std::os::fd::AsRawFd;
        /// use uring_rs::api::{BufRing, PickedBuf, Ring};
        ///
        /// let mut ring = Ring::new_owned(8)?;
        /// let group = BufRing::new(&mut ring, 5, 4, 256)?.lend();
        /// let rx = UdpSocket::bind("127.0.0.1:0")?;
        /// let tx = UdpSocket::bind("127.0.0.1:0")?;
        /// ring.recvmsg_multishot(rx.as_raw_fd(), &group, 0, 1)?;
        /// ring.submit()?;
        /// tx.send_to(b"datagram", rx.local_addr()?)?;
        /// let buf: PickedBuf = ring.wait_cqe()?.seen().take_buf().unwrap();
        /// let msg = buf.recvmsg().unwrap();
        /// assert_eq!((msg.payload(), msg.peer()), (&b"datagram"[..], Some(tx.local_addr()?)));
        /// # Ok::<(), std::io::Error>(())
        /// ```
        fn recvmsg_multishot(flags: u32) room NAME_ROOM
            => |sqe, fd, hdr| io_uring_prep_recvmsg_multishot(sqe, fd, hdr, flags);
    }

    /// Start a multishot receive into `group`, with a msghdr leaving `namelen` bytes for the
    /// source address (0: a plain receive).
    fn start_receiving(
        &mut self,
        target: Target,
        group: &BufGroup,
        namelen: u32,
        user_data: u64,
        prep: impl FnOnce(*mut io_uring_sqe, i32, *mut libc::msghdr),
    ) -> io::Result<()> {
        // The kernel picks from this ring's group `bgid`: the buffer ids it names are the
        // group's only if the group is this ring's.
        if !group.is_of(&self.shared) {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        }
        // SAFETY: all zeroes is a valid msghdr.
        let mut hdr: libc::msghdr = unsafe { mem::zeroed() };
        hdr.msg_namelen = namelen;
        let receiving = Receiving {
            group: group.clone(),
            hdr: Pointing(hdr),
        };
        let bgid = group.bgid();
        let keep = |r| Kept::value(r, untouched, |r: &mut Receiving| &raw mut r.hdr.0).each(lend);
        self.start_owned(target, receiving, keep, user_data, |sqe, fd, hdr| {
            prep(sqe, fd, hdr);
            // SAFETY: see start_owned.
            unsafe {
                io_uring_sqe_set_buf_group(sqe, bgid.into());
                (*sqe).flags |= IOSQE_BUFFER_SELECT as u8;
            }
        })
        .map_err(io::Error::from)
    }

    /// Accept a connection on listening socket `target` (`flags`: `SOCK_*`); the completion
    /// hands back an [`Accepted`]: the new socket, owned, and the peer's address.
    ///
    /// ```
    /// use std::net::{TcpListener, TcpStream};
    /// use std::os::fd::AsRawFd;
    /// use uring_rs::api::Accepted;
    ///
    /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// let listener = TcpListener::bind("127.0.0.1:0")?;
    /// ring.accept(listener.as_raw_fd(), libc::SOCK_CLOEXEC, 1)?;
    /// let client = TcpStream::connect(listener.local_addr()?)?;
    /// ring.submit_and_wait(1)?;
    /// let accepted: Accepted = ring.wait_cqe()?.seen().take_buf().unwrap();
    /// let (_fd, peer) = accepted.into_parts().unwrap();
    /// assert_eq!(peer, Some(client.local_addr()?));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn accept(
        &mut self,
        target: impl Into<Target>,
        flags: i32,
        user_data: u64,
    ) -> io::Result<()> {
        let peer = Peer {
            // SAFETY: all zeroes is a valid sockaddr_storage.
            name: unsafe { mem::zeroed() },
            len: NAME_ROOM,
        };
        let keep = |p| {
            Kept::value(p, accepted, |p: &mut Peer| {
                (&raw mut p.name, &raw mut p.len)
            })
        };
        self.start_owned(
            target.into(),
            peer,
            keep,
            user_data,
            |sqe, fd, (name, len)| {
                // SAFETY: see start_owned.
                unsafe { io_uring_prep_accept(sqe, fd, name.cast(), len, flags) }
            },
        )
        .map_err(io::Error::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{BufRing, Ring};
    use crate::kernel_probe;
    use std::io::Write;
    use std::net::UdpSocket;
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;

    /// Multishot receive came in 6.0, the release of IORING_OP_SEND_ZC, which the kernel's
    /// opcode probe reports (buffer rings in 5.19).
    fn kernel_lacks_multishot_receive() -> bool {
        let lacks = !kernel_probe::buf_rings() || !kernel_probe::opcode(IORING_OP_SEND_ZC);
        if lacks {
            kernel_probe::skip("the kernel has no multishot receive into buffer rings (6.0)");
        }
        lacks
    }

    /// The group has `n` buffers for the kernel to pick from, where the kernel tells a
    /// buffer ring's head (6.8); before, it answers EINVAL, as to liburing.
    fn assert_available(group: &BufGroup, n: u32) {
        if kernel_probe::pbuf_status() {
            assert_eq!(group.available().unwrap(), n);
        } else {
            assert_eq!(
                group.available().unwrap_err().raw_os_error(),
                Some(libc::EINVAL)
            );
        }
    }

    /// A ring whose multishot receive (`user_data` 3) takes from group 1 of two 16-byte
    /// buffers; the end to write to, and the one it receives from.
    fn receiving() -> (OwnedRing, BufGroup, UnixStream, UnixStream) {
        let mut ring = Ring::new_owned(8).unwrap();
        let group = BufRing::new(&mut ring, 1, 2, 16).unwrap().lend();
        let (a, b) = UnixStream::pair().unwrap();
        ring.recv_multishot(b.as_raw_fd(), &group, 0, 3).unwrap();
        ring.submit().unwrap();
        (ring, group, a, b)
    }

    #[test]
    fn picked_buffers_go_back_on_drop_so_two_serve_ten_receives() {
        if kernel_lacks_multishot_receive() {
            return;
        }
        let (mut ring, group, mut a, _b) = receiving();
        for i in 0..10u8 {
            a.write_all(&[i; 5]).unwrap();
            let mut cqe = ring.wait_cqe().unwrap().seen();
            assert!(cqe.more(), "still armed after {i} receives");
            assert_eq!((cqe.user_data(), cqe.res()), (3, 5));
            let buf: PickedBuf = cqe.take_buf().unwrap();
            assert_eq!(&*buf, &[i; 5]);
            // Dropped here: back in the group for the next receive.
        }
        assert_available(&group, 2);
    }

    #[test]
    fn a_group_of_another_ring_is_refused() {
        if !kernel_probe::buf_rings() {
            return kernel_probe::skip("the kernel has no buffer rings (5.19)");
        }
        let mut other = Ring::new_owned(4).unwrap();
        let theirs = BufRing::new(&mut other, 1, 2, 16).unwrap().lend();
        let mut ring = Ring::new_owned(4).unwrap();
        let _ours = BufRing::new(&mut ring, 1, 2, 16).unwrap().lend();
        let err = ring.recv_multishot(0, &theirs, 0, 1).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
        assert_eq!(ring.submission().ready(), 0);
    }

    #[test]
    fn a_picked_buffer_outlives_its_ring_and_group() {
        if kernel_lacks_multishot_receive() {
            return;
        }
        let (mut ring, group, mut a, _b) = receiving();
        a.write_all(b"kept").unwrap();
        let buf: PickedBuf = ring.wait_cqe().unwrap().seen().take_buf().unwrap();
        drop(ring); // cancels the receive, waits for it
        drop(group);
        assert_eq!(&*buf, b"kept");
        drop(buf); // the last owner: the group goes now
    }

    #[test]
    fn the_end_of_a_multishot_receive_hands_out_no_buffer_twice() {
        if kernel_lacks_multishot_receive() {
            return;
        }
        let (mut ring, group, mut a, _b) = receiving();
        a.write_all(b"last").unwrap();
        drop(a); // end of file: the receive's last completion, result 0
        let mut got = Vec::new();
        loop {
            let mut cqe = ring.wait_cqe().unwrap().seen();
            if let Some(buf) = cqe.take_buf::<PickedBuf>() {
                got.extend_from_slice(&buf);
            }
            if !cqe.more() {
                assert_eq!(cqe.res(), 0);
                break;
            }
        }
        assert_eq!(got, b"last");
        assert_available(&group, 2);
    }

    /// A ring whose multishot recvmsg takes datagrams of `rx` into buffers of `len` bytes.
    fn receiving_datagrams(rx: &UdpSocket, len: usize) -> (OwnedRing, BufGroup) {
        let mut ring = Ring::new_owned(8).unwrap();
        let group = BufRing::new(&mut ring, 2, 4, len).unwrap().lend();
        ring.recvmsg_multishot(rx.as_raw_fd(), &group, 0, 1)
            .unwrap();
        ring.submit().unwrap();
        (ring, group)
    }

    #[test]
    fn recvmsg_tells_each_datagram_its_ipv6_peer() {
        if kernel_lacks_multishot_receive() {
            return;
        }
        let Ok(rx) = UdpSocket::bind("[::1]:0") else {
            eprintln!("skipped: no IPv6 loopback");
            return;
        };
        let tx = UdpSocket::bind("[::1]:0").unwrap();
        let (mut ring, _group) = receiving_datagrams(&rx, 256);
        for i in 0..6u8 {
            tx.send_to(&[i; 7], rx.local_addr().unwrap()).unwrap();
            let buf: PickedBuf = ring.wait_cqe().unwrap().seen().take_buf().unwrap();
            let msg = buf.recvmsg().unwrap();
            assert_eq!(msg.payload(), &[i; 7]);
            assert_eq!(msg.peer(), Some(tx.local_addr().unwrap()));
            assert!(!msg.truncated());
        }
    }

    #[test]
    fn a_long_datagram_is_truncated_and_said_so() {
        if kernel_lacks_multishot_receive() {
            return;
        }
        let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
        let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
        // 16 + 128 bytes of header and address, 16 of payload.
        let (mut ring, _group) = receiving_datagrams(&rx, 160);
        tx.send_to(&[9; 40], rx.local_addr().unwrap()).unwrap();
        let buf: PickedBuf = ring.wait_cqe().unwrap().seen().take_buf().unwrap();
        let msg = buf.recvmsg().unwrap();
        assert_eq!((msg.payload(), msg.payload_len()), (&[9u8; 16][..], 16));
        assert!(msg.truncated());
    }

    #[test]
    fn a_zero_copy_send_that_fails_hands_its_buffer_back_with_its_last_completion() {
        if !kernel_probe::opcode(IORING_OP_SEND_ZC) {
            return kernel_probe::skip("the kernel has no IORING_OP_SEND_ZC (6.0)");
        }
        let mut ring = Ring::new_owned(4).unwrap();
        let to: SocketAddr = "127.0.0.1:9".parse().unwrap();
        ring.send_to_zc(-1, b"never".to_vec(), to, 0, 4).unwrap();
        ring.submit_and_wait(1).unwrap();
        let mut results = Vec::new();
        loop {
            let mut cqe = ring.wait_cqe().unwrap().seen();
            assert_eq!(cqe.user_data(), 4);
            let buf = cqe.take_buf::<Vec<u8>>();
            results.push(cqe.res());
            if !cqe.more() {
                assert_eq!(buf.unwrap(), b"never");
                break;
            }
            assert!(buf.is_none(), "the kernel may still read it");
        }
        assert_eq!(results[0], -libc::EBADF);
    }

    #[test]
    fn a_refused_connect_and_a_vectored_read_of_boxes() {
        let mut ring = Ring::new_owned(4).unwrap();
        // A port nobody listens on: bind one, then close it.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        // SAFETY: plain syscall; owned from here on.
        let sock = unsafe {
            OwnedFd::from_raw_fd(libc::socket(
                libc::AF_INET,
                libc::SOCK_STREAM | libc::SOCK_CLOEXEC,
                0,
            ))
        };
        ring.connect(sock.as_raw_fd(), closed, 1).unwrap();
        let (r, mut w) = std::io::pipe().unwrap();
        w.write_all(b"abcdefgh").unwrap();
        let boxes = vec![
            vec![0u8; 3].into_boxed_slice(),
            vec![0u8; 3].into_boxed_slice(),
        ];
        ring.readv(r.as_raw_fd(), boxes, u64::MAX, 2).unwrap();
        ring.submit_and_wait(2).unwrap();
        let mut seen = 0;
        while seen < 2 {
            let mut c = ring.wait_cqe().unwrap().seen();
            match c.user_data() {
                1 => {
                    assert_eq!(c.res(), -libc::ECONNREFUSED);
                    assert_eq!(c.take_buf::<SocketAddr>(), Some(closed));
                }
                _ => {
                    assert_eq!(c.res(), 6);
                    let got: Vec<Box<[u8]>> = c.take_buf().unwrap();
                    assert_eq!(got, [&b"abc"[..], b"def"].map(Box::from));
                }
            }
            seen += 1;
        }
    }
}
