//! Cancellation: which requests a cancel matches ([`CancelBuilder`]), cancelled by an entry
//! ([`Sqe::prep_async_cancel`]) or synchronously ([`Ring::cancel_sync`]).

use std::io;
use std::os::fd::RawFd;
use std::time::Duration;

use super::cvt;
use super::ring::Ring;
use super::sqe::{Sqe, Timespec};
use crate::prep::control::io_uring_prep_cancel64;
use crate::uapi::*;

/// The requests a cancel matches (tokio-rs io-uring's `types::CancelBuilder`): by
/// `user_data`, by file, by opcode, or any; criteria given together must all match
/// ([`CancelBuilder::and`]). Without [`CancelBuilder::all`] only the first match is
/// cancelled.
///
/// On an [`super::OwnedRing`], the kernel knows an owned-buffer operation by a tag of the
/// ring's, not by the `user_data` its completion shows: match those by file or opcode.
///
/// ```
/// use uring_rs::api::CancelBuilder;
/// use uring_rs::uapi::IORING_OP_READ;
///
/// let c = CancelBuilder::fd(3).and(CancelBuilder::opcode(IORING_OP_READ as u8)).all();
/// # let _ = c;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelBuilder {
    flags: u32,
    user_data: u64,
    fd: RawFd,
    opcode: u8,
    /// `user_data` is one of the criteria (IORING_ASYNC_CANCEL_USERDATA, when there are
    /// others; alone it needs no flag, which kernels before 6.6 don't know).
    by_data: bool,
}

impl CancelBuilder {
    const NONE: CancelBuilder = CancelBuilder {
        flags: 0,
        user_data: 0,
        fd: -1,
        opcode: 0,
        by_data: false,
    };

    /// Requests whose `user_data` is `user_data`.
    ///
    /// ```
    /// let c = uring_rs::api::CancelBuilder::user_data(7);
    /// # let _ = c;
    /// ```
    pub fn user_data(user_data: u64) -> Self {
        CancelBuilder {
            user_data,
            by_data: true,
            ..Self::NONE
        }
    }

    /// Requests on file descriptor `fd` (IORING_ASYNC_CANCEL_FD).
    ///
    /// ```
    /// let c = uring_rs::api::CancelBuilder::fd(0);
    /// # let _ = c;
    /// ```
    pub fn fd(fd: RawFd) -> Self {
        CancelBuilder {
            flags: IORING_ASYNC_CANCEL_FD,
            fd,
            ..Self::NONE
        }
    }

    /// Requests on registered file `index` (IORING_ASYNC_CANCEL_FD_FIXED).
    ///
    /// ```
    /// let c = uring_rs::api::CancelBuilder::fixed_fd(0);
    /// # let _ = c;
    /// ```
    pub fn fixed_fd(index: u32) -> Self {
        CancelBuilder {
            flags: IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_FD_FIXED,
            fd: index as RawFd,
            ..Self::NONE
        }
    }

    /// Requests of opcode `opcode`, an `IORING_OP_*` (IORING_ASYNC_CANCEL_OP).
    ///
    /// ```
    /// let c = uring_rs::api::CancelBuilder::opcode(uring_rs::uapi::IORING_OP_POLL_ADD as u8);
    /// # let _ = c;
    /// ```
    pub fn opcode(opcode: u8) -> Self {
        CancelBuilder {
            flags: IORING_ASYNC_CANCEL_OP,
            opcode,
            ..Self::NONE
        }
    }

    /// Every request (IORING_ASYNC_CANCEL_ANY); takes no other criterion.
    ///
    /// ```
    /// let c = uring_rs::api::CancelBuilder::any();
    /// # let _ = c;
    /// ```
    pub fn any() -> Self {
        CancelBuilder {
            flags: IORING_ASYNC_CANCEL_ANY,
            ..Self::NONE
        }
    }

    /// Requests that match `self` and `other` both.
    ///
    /// ```
    /// use uring_rs::api::CancelBuilder;
    ///
    /// let c = CancelBuilder::user_data(1).and(CancelBuilder::fd(0));
    /// # let _ = c;
    /// ```
    pub fn and(self, other: CancelBuilder) -> Self {
        let pick = |a: bool| if a { self } else { other };
        let with_data = pick(self.by_data);
        let with_fd = pick(self.flags & IORING_ASYNC_CANCEL_FD != 0);
        let with_op = pick(self.flags & IORING_ASYNC_CANCEL_OP != 0);
        CancelBuilder {
            flags: self.flags | other.flags,
            user_data: with_data.user_data,
            fd: with_fd.fd,
            opcode: with_op.opcode,
            by_data: self.by_data || other.by_data,
        }
    }

    /// Every match, not only the first (IORING_ASYNC_CANCEL_ALL); the completion's result
    /// is the number cancelled.
    ///
    /// ```
    /// let c = uring_rs::api::CancelBuilder::fd(0).all();
    /// # let _ = c;
    /// ```
    pub fn all(mut self) -> Self {
        self.flags |= IORING_ASYNC_CANCEL_ALL;
        self
    }

    /// The `IORING_ASYNC_CANCEL_*` flags the kernel is given.
    fn kernel_flags(&self) -> u32 {
        let others = IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_OP;
        if self.by_data && self.flags & others != 0 {
            self.flags | IORING_ASYNC_CANCEL_USERDATA
        } else {
            self.flags
        }
    }
}

impl Sqe<'_> {
    /// Cancel the requests `what` matches (IORING_OP_ASYNC_CANCEL; io-uring's
    /// `AsyncCancel2`). Its completion's result: 0 (or with [`CancelBuilder::all`], the number
    /// cancelled), or `-ENOENT` (nothing matched), `-EALREADY` (running, can't be stopped).
    /// A cancelled request still completes, with `-ECANCELED`.
    ///
    /// ```
    /// use uring_rs::api::CancelBuilder;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.get_sqe().unwrap().prep_async_cancel(&CancelBuilder::user_data(99)).user_data(1);
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.wait_cqe()?.res(), -libc::ENOENT);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn prep_async_cancel(self, what: &CancelBuilder) -> Self {
        let sqe = self.as_mut_ptr();
        // SAFETY: a valid SQE; a cancel hands the kernel no memory (its `addr` is the
        // `user_data` to match, an integer).
        unsafe {
            io_uring_prep_cancel64(sqe, what.user_data, what.kernel_flags() as i32);
            if what.flags & IORING_ASYNC_CANCEL_FD != 0 {
                (*sqe).fd = what.fd;
            }
            if what.flags & IORING_ASYNC_CANCEL_OP != 0 {
                (*sqe).len = what.opcode.into();
            }
        }
        self
    }
}

impl<const OWNED: bool> Ring<OWNED> {
    /// Cancel the requests `what` matches and wait until they have completed, or `timeout`
    /// passed (`None`: no limit) (liburing's `io_uring_register_sync_cancel`; io-uring's
    /// `Submitter::register_sync_cancel`). The cancelled requests' completions, with
    /// `-ECANCELED`, are in the CQ when it returns. Errors: ENOENT (nothing matched), ETIME
    /// (the time ran out), EALREADY.
    ///
    /// ```
    /// use uring_rs::api::CancelBuilder;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let err = ring.cancel_sync(&CancelBuilder::user_data(99), None).unwrap_err();
    /// assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cancel_sync(
        &mut self,
        what: &CancelBuilder,
        timeout: Option<Duration>,
    ) -> io::Result<()> {
        let timeout = match timeout {
            Some(t) => *Timespec::from(t).raw(),
            // -1 for both: no timeout.
            None => __kernel_timespec {
                tv_sec: -1,
                tv_nsec: -1,
            },
        };
        let mut reg = io_uring_sync_cancel_reg {
            addr: what.user_data,
            fd: what.fd,
            flags: what.kernel_flags(),
            timeout,
            opcode: what.opcode,
            ..Default::default()
        };
        // The kernel reads `reg` during the call only.
        cvt(self.raw().register_sync_cancel(&mut reg)).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel_probe;
    use std::os::fd::AsRawFd;

    /// A pipe whose read end never becomes readable while the test runs.
    fn quiet_pipe() -> (std::io::PipeReader, std::io::PipeWriter) {
        std::io::pipe().unwrap()
    }

    fn reaped<const OWNED: bool>(ring: &mut Ring<OWNED>, n: u32) -> Vec<(u64, i32)> {
        ring.submit_and_wait(n).unwrap();
        let mut v: Vec<(u64, i32)> = ring
            .completions()
            .map(|c| (c.user_data(), c.res()))
            .collect();
        v.sort();
        v
    }

    fn add_poll<const OWNED: bool>(ring: &mut Ring<OWNED>, fd: RawFd, id: u64) {
        ring.get_sqe()
            .unwrap()
            .prep_poll_add(fd, libc::POLLIN as u32)
            .user_data(id);
    }

    #[test]
    fn a_cancel_by_user_data_ends_that_request_only() {
        let (r, _w) = quiet_pipe();
        let mut ring = Ring::new(8).unwrap();
        add_poll(&mut ring, r.as_raw_fd(), 1);
        add_poll(&mut ring, r.as_raw_fd(), 2);
        ring.submit().unwrap();
        ring.get_sqe()
            .unwrap()
            .prep_async_cancel(&CancelBuilder::user_data(2))
            .user_data(9);
        assert_eq!(reaped(&mut ring, 2), [(2, -libc::ECANCELED), (9, 0)]);
        if !kernel_probe::async_cancel(IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL) {
            return kernel_probe::skip(
                "the rest: the kernel has no IORING_ASYNC_CANCEL_ANY (5.19)",
            );
        }
        ring.get_sqe()
            .unwrap()
            .prep_async_cancel(&CancelBuilder::any().all())
            .user_data(9);
        assert_eq!(reaped(&mut ring, 2), [(1, -libc::ECANCELED), (9, 1)]);
    }

    #[test]
    fn a_cancel_by_fd_and_all_counts_what_it_ended() {
        if !kernel_probe::async_cancel(IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL)
            || !kernel_probe::sync_cancel(0)
        {
            return kernel_probe::skip(
                "the kernel has no IORING_ASYNC_CANCEL_FD (5.19) or synchronous cancel (6.0)",
            );
        }
        let (r, _w) = quiet_pipe();
        let (other, _w2) = quiet_pipe();
        let mut ring = Ring::new(8).unwrap();
        for id in 1..=3 {
            add_poll(&mut ring, r.as_raw_fd(), id);
        }
        add_poll(&mut ring, other.as_raw_fd(), 4);
        ring.submit().unwrap();
        ring.get_sqe()
            .unwrap()
            .prep_async_cancel(&CancelBuilder::fd(r.as_raw_fd()).all())
            .user_data(9);
        assert_eq!(
            reaped(&mut ring, 4),
            [
                (1, -libc::ECANCELED),
                (2, -libc::ECANCELED),
                (3, -libc::ECANCELED),
                (9, 3)
            ]
        );
        // The poll on the other pipe is still armed.
        ring.cancel_sync(&CancelBuilder::user_data(4), None)
            .unwrap();
        assert_eq!(reaped(&mut ring, 0), [(4, -libc::ECANCELED)]);
    }

    #[test]
    fn a_cancel_by_opcode_hands_an_owned_read_back_and_leaves_the_polls() {
        let by_op = IORING_ASYNC_CANCEL_OP | IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL;
        // both asked: before 6.6 an async cancel refuses the flag, a synchronous one the opcode
        if !kernel_probe::async_cancel(by_op) || !kernel_probe::sync_cancel(by_op) {
            return kernel_probe::skip(
                "the kernel has no IORING_ASYNC_CANCEL_OP (6.6) in a synchronous cancel",
            );
        }
        let (r, _w) = quiet_pipe();
        let mut ring = Ring::new_owned(8).unwrap();
        ring.read(r.as_raw_fd(), Vec::with_capacity(8), u64::MAX, 1)
            .unwrap();
        add_poll(&mut ring, r.as_raw_fd(), 2);
        ring.submit().unwrap();
        let reads =
            CancelBuilder::opcode(IORING_OP_READ as u8).and(CancelBuilder::fd(r.as_raw_fd()));
        ring.cancel_sync(&reads.all(), Some(Duration::from_secs(5)))
            .unwrap();
        let mut c = ring.completions().next().expect("the read's completion");
        assert_eq!((c.user_data(), c.res()), (1, -libc::ECANCELED));
        assert_eq!(c.take_buf::<Vec<u8>>().unwrap(), b"");
        let err = ring.cancel_sync(&reads, None).unwrap_err();
        assert_eq!(
            err.raw_os_error(),
            Some(libc::ENOENT),
            "the poll is not a read"
        );
    }

    #[test]
    fn user_data_together_with_an_fd_must_match_both() {
        if !kernel_probe::sync_cancel(IORING_ASYNC_CANCEL_FD) {
            return kernel_probe::skip("the kernel has no synchronous cancel by fd (6.0)");
        }
        let (r, _w) = quiet_pipe();
        let mut ring = Ring::new(8).unwrap();
        add_poll(&mut ring, r.as_raw_fd(), 1);
        ring.submit().unwrap();
        let wrong_fd = CancelBuilder::user_data(1).and(CancelBuilder::fd(0));
        let err = ring.cancel_sync(&wrong_fd, None).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
        let right = CancelBuilder::fd(r.as_raw_fd()).and(CancelBuilder::user_data(1));
        ring.cancel_sync(&right, None).unwrap();
        assert_eq!(reaped(&mut ring, 0), [(1, -libc::ECANCELED)]);
    }
}
