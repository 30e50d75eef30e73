//! A safe, idiomatic Rust API over the same ring the C ABI exports.
//!
//! Everything here is a thin layer over `uring_rs`'s own implementation: [`Ring`] owns a
//! [`crate::io_uring`] and calls its methods (`get_sqe`, `submit`, `wait_cqe` …), and the
//! typed prep methods of [`Sqe`] call the exported `io_uring_prep_*` functions. There is no
//! second implementation of anything.
//!
//! - [`Ring`] / [`Builder`]: create a ring (entries, CQ size, setup flags, SQPOLL …); dropping
//!   it cancels what is in flight, waits for it, and tears the ring down
//!   (`io_uring_queue_exit`).
//! - Submission: [`Ring::get_sqe`] (or [`Ring::submission`]) hands out an [`Sqe`]; its `prep_*`
//!   methods fill it in builder style, then [`Ring::submit`] / [`Ring::submit_and_wait`].
//!   The same methods build an [`Entry`] before or without a ring, queued later in a batch by
//!   [`Ring::push_all`] (tokio-rs io-uring's `squeue::Entry` and `push_multiple`).
//! - Completion: [`Ring::completions`] copies out every ready completion as a [`Cqe`] and
//!   hands their CQ slots back to the kernel once per batch (the cheapest way to reap);
//!   [`Ring::peek_cqe`] / [`Ring::wait_cqe`] return a [`CqeRef`] that borrows the ring until
//!   it is marked seen ([`CqeRef::seen`], or dropped), so a CQE can't be read after its slot
//!   went back to the kernel.
//! - [`Ring::split`]: the [`Submitter`], [`SubmissionQueue`] and [`CompletionQueue`] held at
//!   once, so that one loop can queue entries while it goes through completions.
//! - Registration: [`Ring::register_files`], [`Ring::register_buffers`] and the other
//!   `register_*` methods, and [`BufRing`], a provided-buffer ring with its buffers that
//!   unregisters and unmaps itself on drop ([`BufGroup`] when lent out as [`PickedBuf`]s).
//! - Cancellation: [`CancelBuilder`], for [`Sqe::prep_async_cancel`] and [`Ring::cancel_sync`].
//! - Errors are [`std::io::Error`]s built from the `-errno` the C functions return.
//!
//! ```
//! use uring_rs::api::Ring;
//!
//! let mut ring = Ring::new(8)?;
//! ring.get_sqe().expect("empty SQ has room").prep_nop().user_data(42);
//! ring.submit_and_wait(1)?;
//! let cqe = ring.wait_cqe()?.seen();
//! assert_eq!((cqe.user_data(), cqe.res()), (42, 0));
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! # Buffers and the kernel
//!
//! Most operations hand the kernel memory (a buffer, a path, a `msghdr` …) that it uses
//! after `submit` returns, until the operation completes. Two ways to do that:
//!
//! - Owned buffers, no `unsafe`: on an [`OwnedRing`] ([`Ring::new_owned`]),
//!   [`OwnedRing::read`], [`OwnedRing::write`], [`OwnedRing::recv`] and [`OwnedRing::send`]
//!   take any [`IoBufMut`] / [`IoBuf`] (`Vec<u8>`, `Box<[u8]>`, `String`, `&'static [u8]` …,
//!   or a type of yours that implements the `unsafe` trait), keep it in the ring while the
//!   kernel uses it, and hand it back, as the same type, with the completion
//!   ([`Cqe::take_buf`]); one that can't be queued hands it back with the error
//!   ([`BufError`]). [`OwnedRing::openat`] and [`OwnedRing::statx`] keep their path (and the
//!   `statx` output) the same way, and hand them back as an [`Open`] (with the file opened)
//!   or a [`Statx`]. An `OwnedRing`'s completions are checked one by one for that; a plain
//!   [`Ring`] skips the check, which keeps its reaping at what C's costs.
//! - Borrowed memory, for zero-copy use: the `unsafe fn` prep methods of [`Sqe`], under one
//!   contract stated on each: what you pass stays valid, and is not accessed in a conflicting
//!   way, until the operation has completed.
//!
//! Operations that hand the kernel no memory are safe. Dropping a [`Ring`] cancels whatever
//! is still in flight and waits for it (bounded, see [`Ring`]), so a dropped ring never
//! leaves the kernel writing into freed memory.
//!
//! ```
//! use std::io::Write;
//! use std::os::fd::AsRawFd;
//!
//! let mut ring = uring_rs::api::Ring::new_owned(8)?;
//! let (r, mut w) = std::io::pipe()?;
//! ring.read(r.as_raw_fd(), Vec::with_capacity(16), u64::MAX, 1)?;
//! ring.submit()?;
//! w.write_all(b"owned")?;
//! let mut cqe = ring.wait_cqe()?.seen();
//! assert_eq!(cqe.take_buf::<Vec<u8>>().unwrap(), b"owned");
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! [`Ring`] is `Send` (see *Threads* there for IORING_SETUP_SINGLE_ISSUER), and so is
//! [`BufRing`].
//!
//! [`Ring`]: crate::api::Ring
//! [`Builder`]: crate::api::Builder
//! [`Sqe`]: crate::api::Sqe
//! [`Cqe`]: crate::api::Cqe
//! [`CqeRef`]: crate::api::CqeRef
//! [`BufRing`]: crate::api::BufRing
//! [`BufGroup`]: crate::api::BufGroup
//! [`PickedBuf`]: crate::api::PickedBuf
//! [`CancelBuilder`]: crate::api::CancelBuilder
//! [`Sqe::prep_async_cancel`]: crate::api::Sqe::prep_async_cancel
//! [`Ring::cancel_sync`]: crate::api::Ring::cancel_sync
//! [`Ring::split`]: crate::api::Ring::split
//! [`Submitter`]: crate::api::Submitter
//! [`SubmissionQueue`]: crate::api::SubmissionQueue
//! [`CompletionQueue`]: crate::api::CompletionQueue
//! [`CqeRef::seen`]: crate::api::CqeRef::seen
//! [`Ring::get_sqe`]: crate::api::Ring::get_sqe
//! [`Ring::peek_cqe`]: crate::api::Ring::peek_cqe
//! [`Ring::completions`]: crate::api::Ring::completions
//! [`Ring::wait_cqe`]: crate::api::Ring::wait_cqe
//! [`Ring::submit`]: crate::api::Ring::submit
//! [`Ring::submit_and_wait`]: crate::api::Ring::submit_and_wait
//! [`Ring::submission`]: crate::api::Ring::submission
//! [`Entry`]: crate::api::Entry
//! [`Ring::push_all`]: crate::api::Ring::push_all
//! [`Ring::register_files`]: crate::api::Ring::register_files
//! [`Ring::register_buffers`]: crate::api::Ring::register_buffers
//! [`OwnedRing`]: crate::api::OwnedRing
//! [`Ring::new_owned`]: crate::api::Ring::new_owned
//! [`OwnedRing::read`]: crate::api::OwnedRing::read
//! [`OwnedRing::write`]: crate::api::OwnedRing::write
//! [`OwnedRing::recv`]: crate::api::OwnedRing::recv
//! [`OwnedRing::send`]: crate::api::OwnedRing::send
//! [`Cqe::take_buf`]: crate::api::Cqe::take_buf
//! [`IoBuf`]: crate::api::IoBuf
//! [`IoBufMut`]: crate::api::IoBufMut
//! [`BufError`]: crate::api::BufError
//! [`OwnedRing::openat`]: crate::api::OwnedRing::openat
//! [`OwnedRing::statx`]: crate::api::OwnedRing::statx
//! [`Open`]: crate::api::Open
//! [`Statx`]: crate::api::Statx

#![warn(missing_docs)]

mod buf;
mod buf_ring;
mod cancel;
mod cqe;
mod entry;
mod fs;
mod net;
mod owned;
mod probe;
mod register;
mod ring;
mod split;
mod sqe;

pub use buf::{IoBuf, IoBufMut};
pub use buf_ring::{BufGroup, BufRing, PickedBuf};
pub use cancel::CancelBuilder;
pub use cqe::{Completions, Cqe, CqeRef};
pub use entry::{Entry, Entry128, PushError};
pub use fs::{Open, Statx};
pub use net::{Accepted, RecvMsg};
pub use owned::{BufError, Target};
pub use probe::Probe;
pub use register::Restriction;
pub use ring::{Builder, OwnedRing, Ring, Submission};
pub use split::{CompletionQueue, SubmissionQueue, Submitter};
pub use sqe::{Sqe, Timespec};

use std::io;

/// Turn a C-style return value (`>= 0` success, `-errno` failure) into an [`io::Result`].
///
/// ```
/// use uring_rs::api::cvt;
///
/// assert_eq!(cvt(3).unwrap(), 3);
/// assert_eq!(cvt(-libc::EAGAIN).unwrap_err().raw_os_error(), Some(libc::EAGAIN));
/// ```
pub fn cvt(ret: i32) -> io::Result<u32> {
    if ret < 0 {
        Err(io::Error::from_raw_os_error(-ret))
    } else {
        Ok(ret as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uapi::IORING_SETUP_SINGLE_ISSUER;
    use std::io::Write;
    use std::net::{TcpListener, TcpStream};
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;
    use std::time::Duration;

    #[test]
    fn an_sqe_dropped_without_prep_is_a_nop_with_user_data_zero() {
        let mut ring = Ring::new(4).unwrap();
        let _unprepared = ring.get_sqe().unwrap();
        ring.submit_and_wait(1).unwrap();
        let c = ring.peek_cqe().unwrap().seen();
        assert_eq!((c.user_data(), c.res()), (0, 0));
    }

    #[test]
    fn a_full_sq_is_submitted_to_make_room() {
        let mut ring = Ring::new(2).unwrap();
        for i in 0..5 {
            ring.get_sqe().unwrap().prep_nop().user_data(i);
        }
        assert_eq!(ring.submission().ready(), 1, "two submits of two took four");
        ring.submit_and_wait(5).unwrap();
        // Five completions in a CQ of four: the fifth waits in the kernel (overflow) until
        // the next `completions` brings it in.
        let ids: Vec<u64> = ring.completions().map(|c| c.user_data()).collect();
        assert_eq!(ids, [0, 1, 2, 3]);
        let ids: Vec<u64> = ring.completions().map(|c| c.user_data()).collect();
        assert_eq!(ids, [4]);
    }

    const _: () = {
        const fn send<T: Send>() {}
        send::<Ring>();
        send::<OwnedRing>();
        send::<BufRing>();
    };

    #[test]
    fn a_ring_moves_to_another_thread_and_keeps_working() {
        if !crate::kernel_probe::buf_rings() {
            return crate::kernel_probe::skip("the kernel has no buffer rings (5.19)");
        }
        let mut ring = Ring::new(4).unwrap();
        let mut bufs = BufRing::new(&mut ring, 1, 2, 16).unwrap();
        let (mut a, b) = UnixStream::pair().unwrap();
        ring.get_sqe()
            .unwrap()
            .prep_recv_multishot(b.as_raw_fd(), 0)
            .buffer_select(1)
            .user_data(1);
        ring.submit().unwrap();
        let got = std::thread::spawn(move || {
            a.write_all(b"moved").unwrap();
            let c = ring.wait_cqe().unwrap().seen();
            (c.user_data(), c.res(), c.buffer_id().unwrap(), ring)
        })
        .join()
        .unwrap();
        assert_eq!((got.0, got.1), (1, 5));
        // SAFETY: the completion handed the buffer to us.
        assert_eq!(unsafe { bufs.buffer(got.2, 5) }, b"moved");
        bufs.recycle(got.2);
        drop(got.3);
    }

    #[test]
    fn a_single_issuer_ring_refuses_submissions_from_another_thread() {
        if !crate::kernel_probe::setup_flags(IORING_SETUP_SINGLE_ISSUER) {
            return crate::kernel_probe::skip("the kernel has no IORING_SETUP_SINGLE_ISSUER (6.0)");
        }
        let mut ring = Ring::builder()
            .flags(IORING_SETUP_SINGLE_ISSUER)
            .build()
            .unwrap();
        ring.get_sqe().unwrap().prep_nop();
        ring.submit_and_wait(1).unwrap();
        ring.completions().for_each(drop);
        let err = std::thread::spawn(move || {
            ring.get_sqe().unwrap().prep_nop();
            ring.submit().unwrap_err()
        })
        .join()
        .unwrap();
        assert_eq!(err.raw_os_error(), Some(libc::EEXIST));
    }

    #[test]
    fn a_dropped_buf_ring_gives_its_group_back() {
        if !crate::kernel_probe::buf_rings() {
            return crate::kernel_probe::skip("the kernel has no buffer rings (5.19)");
        }
        let mut ring = Ring::new(4).unwrap();
        let first = BufRing::new(&mut ring, 5, 4, 64).unwrap();
        let err = BufRing::new(&mut ring, 5, 4, 64).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EEXIST));
        drop(first);
        BufRing::new(&mut ring, 5, 4, 64).unwrap();
    }

    #[test]
    fn a_buf_ring_may_outlive_the_ring_handle() {
        if !crate::kernel_probe::buf_rings() {
            return crate::kernel_probe::skip("the kernel has no buffer rings (5.19)");
        }
        let mut ring = Ring::new(4).unwrap();
        let bufs = BufRing::new(&mut ring, 1, 2, 16).unwrap();
        drop(ring);
        drop(bufs);
    }

    #[test]
    fn multishot_receive_fills_provided_buffers_in_turn() {
        if !crate::kernel_probe::buf_rings() {
            return crate::kernel_probe::skip("the kernel has no buffer rings (5.19)");
        }
        let mut ring = Ring::new(8).unwrap();
        let mut bufs = BufRing::new(&mut ring, 2, 4, 8).unwrap();
        let (mut a, b) = UnixStream::pair().unwrap();
        ring.get_sqe()
            .unwrap()
            .prep_recv_multishot(b.as_raw_fd(), 0)
            .buffer_select(2)
            .user_data(1);
        ring.submit().unwrap();
        let mut got = Vec::new();
        for chunk in [&b"0123456789"[..], b"abc"] {
            a.write_all(chunk).unwrap();
            let want = chunk.len().div_ceil(8) as u32;
            assert!(ring.wait(want, Duration::from_secs(5)).unwrap() >= want);
            for c in ring.completions().collect::<Vec<_>>() {
                assert!(c.more(), "the multishot receive stays armed");
                let bid = c.buffer_id().unwrap();
                // SAFETY: the completion handed the buffer to us.
                got.extend_from_slice(unsafe { bufs.buffer(bid, c.res() as usize) });
                bufs.recycle(bid);
            }
        }
        assert_eq!(got, b"0123456789abc");
    }

    #[test]
    fn multishot_accept_completes_once_per_connection() {
        if !crate::kernel_probe::buf_rings() {
            return crate::kernel_probe::skip(
                "the kernel has no multishot accept (5.19, with buffer rings)",
            );
        }
        let mut ring = Ring::new(4).unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        ring.get_sqe()
            .unwrap()
            .prep_multishot_accept(listener.as_raw_fd(), libc::SOCK_CLOEXEC);
        ring.submit().unwrap();
        let _clients: Vec<_> = (0..3)
            .map(|_| TcpStream::connect(listener.local_addr().unwrap()).unwrap())
            .collect();
        let mut accepted = 0;
        while accepted < 3 {
            let c = ring
                .wait_cqe_timeout(Duration::from_secs(5))
                .unwrap()
                .expect("a connection")
                .seen();
            assert!(c.more());
            let fd = c.result().unwrap() as i32;
            // SAFETY: the completion handed us this fd.
            drop(unsafe { <std::os::fd::OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(fd) });
            accepted += 1;
        }
    }

    #[test]
    fn a_failed_operation_reports_its_errno() {
        let mut ring = Ring::new(4).unwrap();
        let mut buf = [0u8; 4];
        // SAFETY: `buf` outlives the completion reaped below.
        unsafe { ring.get_sqe().unwrap().prep_read(-1, &mut buf, 0) };
        ring.submit_and_wait(1).unwrap();
        let err = ring.wait_cqe().unwrap().result().unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EBADF));
    }

    #[test]
    fn a_linked_timeout_cancels_a_slow_operation() {
        let mut ring = Ring::new(4).unwrap();
        let (_a, b) = UnixStream::pair().unwrap();
        let mut buf = [0u8; 4];
        let ts = Timespec::from(Duration::from_millis(10));
        // SAFETY: `buf` and `ts` outlive both completions, reaped below.
        unsafe {
            ring.get_sqe()
                .unwrap()
                .prep_recv(b.as_raw_fd(), &mut buf, 0)
                .user_data(1)
                .link();
            ring.get_sqe()
                .unwrap()
                .prep_link_timeout(&ts, 0)
                .user_data(2);
        }
        ring.submit_and_wait(2).unwrap();
        let mut res: Vec<_> = ring
            .completions()
            .map(|c| (c.user_data(), c.res()))
            .collect();
        res.sort();
        assert_eq!(res, [(1, -libc::ECANCELED), (2, -libc::ETIME)]);
    }

    /// A buffer type of the caller's: larger than what is kept in place, so the ring boxes
    /// it while the kernel uses it.
    struct Tagged {
        bytes: Vec<u8>,
        tag: [u64; 4],
    }

    // SAFETY: the bytes are the Vec's heap memory, which neither moves nor changes while the
    // value is not touched.
    unsafe impl IoBuf for Tagged {
        fn stable_ptr(&self) -> *const u8 {
            self.bytes.as_ptr()
        }
        fn bytes_init(&self) -> usize {
            self.bytes.len()
        }
    }

    // SAFETY: as above; the capacity is the Vec's own.
    unsafe impl IoBufMut for Tagged {
        fn stable_mut_ptr(&mut self) -> *mut u8 {
            self.bytes.as_mut_ptr()
        }
        fn bytes_total(&mut self) -> usize {
            self.bytes.capacity()
        }
        unsafe fn set_init(&mut self, n: usize) {
            // SAFETY: the kernel wrote `n` bytes, per the contract.
            unsafe { self.bytes.set_len(n) }
        }
    }

    #[test]
    fn a_buffer_type_of_the_callers_goes_through_the_ring_and_back() {
        let mut ring = Ring::new_owned(4).unwrap();
        let (mut a, b) = UnixStream::pair().unwrap();
        a.write_all(b"mine").unwrap();
        let buf = Tagged {
            bytes: Vec::with_capacity(8),
            tag: [1, 2, 3, 4],
        };
        ring.recv(b.as_raw_fd(), buf, 0, 5).unwrap();
        ring.send(
            b.as_raw_fd(),
            Tagged {
                bytes: b"back".to_vec(),
                tag: [9; 4],
            },
            0,
            6,
        )
        .unwrap();
        ring.submit_and_wait(2).unwrap();
        let mut got: Vec<Cqe> = ring.completions().collect();
        got.sort_by_key(|c| c.user_data());
        let recvd: Tagged = got[0].take_buf().unwrap();
        assert_eq!((&recvd.bytes[..], recvd.tag), (&b"mine"[..], [1, 2, 3, 4]));
        let sent: Tagged = got[1].take_buf().unwrap();
        assert_eq!((&sent.bytes[..], sent.tag), (&b"back"[..], [9; 4]));
        let mut echo = [0; 4];
        std::io::Read::read_exact(&mut a, &mut echo).unwrap();
        assert_eq!(&echo, b"back");
    }

    /// A ring with a read of an empty pipe in flight (it never ends by itself) into a
    /// leaked buffer, after an optional NOP with `nop_flags`; the pipe's ends with it.
    fn ring_with_an_endless_read(
        nop_flags: Option<u8>,
    ) -> (Ring, std::io::PipeReader, std::io::PipeWriter) {
        let mut ring = Ring::new(8).unwrap();
        let (r, w) = std::io::pipe().unwrap();
        if let Some(flags) = nop_flags {
            let sqe = ring.get_sqe().unwrap().prep_nop();
            // SAFETY: a flag of the entry just taken (`Sqe::flags` would ignore some).
            unsafe { (*sqe.as_mut_ptr()).flags |= flags };
        }
        let buf: &'static mut [u8] = Box::leak(vec![0; 4].into_boxed_slice());
        // SAFETY: the buffer is leaked: it outlives any use, proven or not.
        unsafe {
            ring.get_sqe()
                .unwrap()
                .prep_read(r.as_raw_fd(), buf, u64::MAX)
        }
        .user_data(1);
        ring.submit().unwrap();
        (ring, r, w)
    }

    #[test]
    fn quiesce_gives_up_without_waiting_where_the_kernel_cannot_cancel() {
        // A read of an empty pipe never ends by itself. Where the kernel cancels it (6.0 and
        // later) quiesce proves the end; before, nothing can stop it, and quiesce says so
        // after one look instead of waiting out its rounds.
        let (mut ring, _r, _w) = ring_with_an_endless_read(None);
        let want = if crate::kernel_probe::sync_cancel(0) {
            Ok(())
        } else {
            Err(ring::Unproven::NotCancelled)
        };
        assert_eq!(ring.inner().quiesce(), want);
    }

    #[test]
    fn quiesce_waits_for_cancelled_multishot_and_reads_and_drops_unsubmitted_entries() {
        if !crate::kernel_probe::sync_cancel(0) {
            // multishot accept (5.19) and a cancel of the read: neither before 6.0
            return crate::kernel_probe::skip("the kernel has no synchronous cancel (6.0)");
        }
        let mut ring = Ring::new_owned(8).unwrap();
        let (r, mut w) = std::io::pipe().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        ring.read(r.as_raw_fd(), Vec::with_capacity(4), u64::MAX, 1)
            .unwrap();
        ring.get_sqe()
            .unwrap()
            .prep_multishot_accept(listener.as_raw_fd(), libc::SOCK_CLOEXEC)
            .user_data(2);
        ring.submit().unwrap();
        let _client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        ring.submit_and_wait(1).unwrap();
        let c = ring.completions().next().unwrap();
        assert!(c.more() && c.user_data() == 2, "the accept goes on");
        // SAFETY: the completion handed us this fd.
        drop(unsafe { <std::os::fd::OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(c.res()) });
        // Queued, never submitted: dropped rather than started.
        ring.get_sqe().unwrap().prep_nop().user_data(3);
        assert_eq!(ring.inner().quiesce(), Ok(()), "the drain mark was reached");
        // The read was cancelled: what is written now stays in the pipe.
        w.write_all(b"late").unwrap();
        let mut got = [0; 4];
        std::io::Read::read_exact(&mut r.try_clone().unwrap(), &mut got).unwrap();
        assert_eq!(&got, b"late");
        assert_eq!(ring.submission().ready(), 0, "the NOP was dropped");
    }

    #[test]
    fn quiesce_gives_up_at_once_where_the_kernel_refuses_its_drain_mark() {
        // After an entry with IOSQE_CQE_SKIP_SUCCESS the kernel answers IOSQE_IO_DRAIN with
        // -EOPNOTSUPP instead of running it: the end can't be proven, so quiesce says so
        // (and Drop leaks) without waiting out its rounds.
        if crate::kernel_probe::features() & crate::uapi::IORING_FEAT_CQE_SKIP == 0 {
            return crate::kernel_probe::skip("the kernel has no IOSQE_CQE_SKIP_SUCCESS (5.17)");
        }
        let (mut ring, _r, _w) =
            ring_with_an_endless_read(Some(crate::uapi::IOSQE_CQE_SKIP_SUCCESS as u8));
        assert_eq!(ring.inner().quiesce(), Err(ring::Unproven::DrainRefused));
    }

    #[test]
    fn quiesce_of_an_idle_ring_and_of_one_never_enabled() {
        assert_eq!(Ring::new(4).unwrap().inner().quiesce(), Ok(()));
        let mut disabled = Ring::builder()
            .flags(crate::uapi::IORING_SETUP_R_DISABLED)
            .build()
            .unwrap();
        disabled.get_sqe().unwrap().prep_nop();
        assert_eq!(
            disabled.inner().quiesce(),
            Ok(()),
            "a disabled ring has run nothing"
        );
    }

    #[test]
    fn quiesce_is_not_fooled_by_completions_that_look_like_its_mark() {
        // The mark is an eventfd nobody else has: NOPs with any user_data, and a write of
        // the mark's 8 bytes to another eventfd, end nothing early.
        if !crate::kernel_probe::sync_cancel(0) {
            return crate::kernel_probe::skip(
                "the kernel has no synchronous cancel (6.0) to end the read",
            );
        }
        let mut ring = Ring::new(8).unwrap();
        let (r, mut w) = std::io::pipe().unwrap();
        let mut buf = [0u8; 4];
        // SAFETY: `buf` outlives the ring's Drop, which waits for the read.
        unsafe {
            ring.get_sqe()
                .unwrap()
                .prep_read(r.as_raw_fd(), &mut buf, u64::MAX)
        }
        .user_data(0);
        for ud in [0, 1, u64::MAX] {
            ring.get_sqe().unwrap().prep_nop().user_data(ud);
        }
        ring.submit_and_wait(3).unwrap();
        assert_eq!(ring.inner().quiesce(), Ok(()));
        w.write_all(b"kept").unwrap();
        let mut got = [0; 4];
        std::io::Read::read_exact(&mut r.try_clone().unwrap(), &mut got).unwrap();
        assert_eq!((&got, buf), (b"kept", [0; 4]));
    }

    /// Before IORING_FEAT_EXT_ARG (Linux 5.11) a timed wait queues a timeout of liburing's
    /// own, which may complete after the wait returned. A plain ring's `completions` yields
    /// it, as `io_uring_for_each_cqe` does; an owned-buffer ring's skips it.
    fn internal_timeout_after_a_timed_wait<const OWNED: bool>(
        ring: &mut Ring<OWNED>,
    ) -> Vec<(u64, i32)> {
        // SAFETY: clearing a feature bit makes the library take its pre-5.11 path.
        unsafe { (*ring.as_ptr()).features &= !crate::uapi::IORING_FEAT_EXT_ARG };
        ring.get_sqe().unwrap().prep_nop().user_data(1);
        ring.submit().unwrap();
        let c = ring
            .wait_cqe_timeout(Duration::from_millis(20))
            .unwrap()
            .unwrap()
            .seen();
        assert_eq!(c.user_data(), 1, "the NOP, there before the timeout");
        // The timeout is still queued; waiting for one completion waits for it.
        ring.submit_and_wait(1).unwrap();
        ring.completions()
            .map(|c| (c.user_data(), c.res()))
            .collect()
    }

    #[test]
    fn a_plain_ring_shows_liburings_internal_timeout_an_owned_one_skips_it() {
        let plain = internal_timeout_after_a_timed_wait(&mut Ring::new(4).unwrap());
        assert_eq!(plain, [(crate::ring::LIBURING_UDATA_TIMEOUT, -libc::ETIME)]);
        let owned = internal_timeout_after_a_timed_wait(&mut Ring::new_owned(4).unwrap());
        assert_eq!(owned, []);
    }
}
