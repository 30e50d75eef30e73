//! Registration methods of [`Ring`] beyond files and buffers (`ring.rs`): eventfds,
//! personalities, restrictions, the io-wq pool, NAPI, the wait clock, tagged and sparse
//! tables, cloned buffers, resizing, registered wait parameters.
//!
//! Each is safe when the kernel reads (or writes) what it is given during the call only; the
//! ones that leave the kernel a pointer to memory of ours after it returns are `unsafe`, with
//! the contract written.

use std::alloc::{Layout, alloc_zeroed, dealloc};
use std::io;
use std::os::fd::RawFd;
use std::ptr::NonNull;
use std::time::Duration;

use super::cvt;
use super::owned::OWNED_TAG;
use super::ring::Ring;
use super::sqe::{Sqe, Timespec};
use crate::uapi::*;

/// One rule of [`Ring::register_restrictions`] (`struct io_uring_restriction`): what a
/// restricted ring may still do.
///
/// ```
/// use uring_rs::api::Restriction;
/// use uring_rs::uapi::{IORING_OP_NOP, IOSQE_IO_LINK};
///
/// let rules = [Restriction::sqe_op(IORING_OP_NOP as u8), Restriction::sqe_flags_allowed(IOSQE_IO_LINK as u8)];
/// # let _ = rules;
/// ```
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Restriction(io_uring_restriction);

impl Restriction {
    fn new(opcode: u32, value: u8) -> Self {
        // SAFETY: all zeroes is a valid restriction (integers).
        let mut r: io_uring_restriction = unsafe { std::mem::zeroed() };
        r.opcode = opcode as u16;
        r.__bindgen_anon_1.sqe_op = value;
        Restriction(r)
    }

    /// Allow register opcode `op` (`IORING_REGISTER_*`).
    ///
    /// ```
    /// let r = uring_rs::api::Restriction::register_op(uring_rs::uapi::IORING_REGISTER_PROBE as u8);
    /// # let _ = r;
    /// ```
    pub fn register_op(op: u8) -> Self {
        Self::new(IORING_RESTRICTION_REGISTER_OP, op)
    }

    /// Allow SQE opcode `op` (`IORING_OP_*`).
    ///
    /// ```
    /// let r = uring_rs::api::Restriction::sqe_op(uring_rs::uapi::IORING_OP_NOP as u8);
    /// # let _ = r;
    /// ```
    pub fn sqe_op(op: u8) -> Self {
        Self::new(IORING_RESTRICTION_SQE_OP, op)
    }

    /// Allow the `IOSQE_*` flags `flags`.
    ///
    /// ```
    /// let r = uring_rs::api::Restriction::sqe_flags_allowed(uring_rs::uapi::IOSQE_ASYNC as u8);
    /// # let _ = r;
    /// ```
    pub fn sqe_flags_allowed(flags: u8) -> Self {
        Self::new(IORING_RESTRICTION_SQE_FLAGS_ALLOWED, flags)
    }

    /// Require the `IOSQE_*` flags `flags` on every SQE.
    ///
    /// ```
    /// let r = uring_rs::api::Restriction::sqe_flags_required(uring_rs::uapi::IOSQE_FIXED_FILE as u8);
    /// # let _ = r;
    /// ```
    pub fn sqe_flags_required(flags: u8) -> Self {
        Self::new(IORING_RESTRICTION_SQE_FLAGS_REQUIRED, flags)
    }
}

impl std::fmt::Debug for Restriction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // SAFETY: every member of the union is a u8.
        let value = unsafe { self.0.__bindgen_anon_1.sqe_op };
        f.debug_struct("Restriction")
            .field("opcode", &self.0.opcode)
            .field("value", &value)
            .finish()
    }
}

impl Sqe<'_> {
    /// Run the request with the credentials registered as `id`
    /// ([`Ring::register_personality`]).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let id = ring.register_personality()?;
    /// ring.get_sqe().unwrap().prep_nop().personality(id).user_data(1);
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.wait_cqe()?.res(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn personality(self, id: u16) -> Self {
        // SAFETY: a valid SQE; an integer field.
        unsafe { (*self.as_mut_ptr()).personality = id };
        self
    }
}

/// The length of a table the kernel takes as 32 bits.
fn nr(len: usize) -> io::Result<u32> {
    u32::try_from(len).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
}

impl<const OWNED: bool> Ring<OWNED> {
    /// A table of `items` with a tag each: its length for the kernel. Tags post completions
    /// with `user_data == tag`: on an [`super::OwnedRing`] a tag must not look like an
    /// owned-buffer operation's (top bit set), whose completion would hand out a buffer the
    /// kernel still uses.
    fn tagged<T>(items: &[T], tags: &[u64]) -> io::Result<u32> {
        let owned_like = OWNED && tags.iter().any(|t| t & OWNED_TAG != 0);
        if owned_like || items.len() != tags.len() {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        }
        nr(items.len())
    }

    /// Signal `eventfd` for every completion (liburing's `io_uring_register_eventfd`). The
    /// kernel holds its own reference to the eventfd: it may be closed afterwards.
    ///
    /// ```
    /// use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    ///
    /// let efd = unsafe { OwnedFd::from_raw_fd(libc::eventfd(0, libc::EFD_NONBLOCK)) };
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_eventfd(efd.as_raw_fd())?;
    /// ring.get_sqe().unwrap().prep_nop();
    /// ring.submit_and_wait(1)?;
    /// let mut n = 0u64;
    /// assert_eq!(unsafe { libc::read(efd.as_raw_fd(), (&raw mut n).cast(), 8) }, 8);
    /// assert_eq!(n, 1);
    /// ring.unregister_eventfd()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_eventfd(&mut self, eventfd: RawFd) -> io::Result<()> {
        cvt(self.raw().register_eventfd(eventfd, false)).map(drop)
    }

    /// As [`Ring::register_eventfd`], for completions posted by the async workers (io-wq)
    /// only (liburing's `io_uring_register_eventfd_async`): one that completed while being
    /// submitted, or from a poll wake-up, signals nothing.
    ///
    /// ```
    /// use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    ///
    /// let efd = unsafe { OwnedFd::from_raw_fd(libc::eventfd(0, libc::EFD_NONBLOCK)) };
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_eventfd_async(efd.as_raw_fd())?;
    /// ring.get_sqe().unwrap().prep_nop(); // completes inline
    /// ring.submit_and_wait(1)?;
    /// let mut n = 0u64;
    /// assert_eq!(unsafe { libc::read(efd.as_raw_fd(), (&raw mut n).cast(), 8) }, -1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_eventfd_async(&mut self, eventfd: RawFd) -> io::Result<()> {
        cvt(self.raw().register_eventfd(eventfd, true)).map(drop)
    }

    /// Stop signalling the registered eventfd (liburing's `io_uring_unregister_eventfd`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert_eq!(ring.unregister_eventfd().unwrap_err().raw_os_error(), Some(libc::ENXIO));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn unregister_eventfd(&mut self) -> io::Result<()> {
        cvt(self.raw().unregister_eventfd()).map(drop)
    }

    /// Stop signalling the registered eventfd for a while, or again (liburing's
    /// `io_uring_cq_eventfd_toggle`; IORING_CQ_EVENTFD_DISABLED).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert!(ring.cq_eventfd_enabled());
    /// ring.set_cq_eventfd(false)?;
    /// assert!(!ring.cq_eventfd_enabled());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_cq_eventfd(&mut self, enabled: bool) -> io::Result<()> {
        cvt(self.raw().cq_eventfd_toggle(enabled)).map(drop)
    }

    /// Whether the registered eventfd is signalled (liburing's `io_uring_cq_eventfd_enabled`).
    ///
    /// ```
    /// assert!(uring_rs::api::Ring::new(4)?.cq_eventfd_enabled());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cq_eventfd_enabled(&mut self) -> bool {
        self.raw().cq_eventfd_enabled()
    }

    /// Undo [`Ring::register_ring_fd`] (liburing's `io_uring_unregister_ring_fd`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_ring_fd()?;
    /// ring.unregister_ring_fd()?;
    /// ring.get_sqe().unwrap().prep_nop();
    /// assert_eq!(ring.submit()?, 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn unregister_ring_fd(&mut self) -> io::Result<()> {
        cvt(self.raw().unregister_ring_fd()).map(drop)
    }

    /// Register the calling thread's credentials; the id is for [`Sqe::personality`]
    /// (liburing's `io_uring_register_personality`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let id = ring.register_personality()?;
    /// ring.unregister_personality(id)?;
    /// ring.get_sqe().unwrap().prep_nop().personality(id);
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.wait_cqe()?.res(), -libc::EINVAL); // gone
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_personality(&mut self) -> io::Result<u16> {
        cvt(self.raw().register_personality()).map(|id| id as u16)
    }

    /// Forget personality `id` (liburing's `io_uring_unregister_personality`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert!(ring.unregister_personality(7).is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn unregister_personality(&mut self, id: u16) -> io::Result<()> {
        cvt(self.raw().unregister_personality(id.into())).map(drop)
    }

    /// Restrict what the ring may do (liburing's `io_uring_register_restrictions`): only on
    /// a ring built with [`super::Builder::r_disabled`], before [`Ring::enable_rings`]. A
    /// refused request completes with `-EACCES`.
    ///
    /// A ring whose rules refuse IORING_OP_WRITE or IOSQE_IO_DRAIN can't mark the end of
    /// what was in flight when it is dropped (see [`Ring`], *Dropping a ring*): what it has
    /// in flight then is leaked, not freed.
    ///
    /// ```
    /// use uring_rs::api::{Restriction, Ring};
    /// use uring_rs::uapi::IORING_OP_NOP;
    ///
    /// let mut ring = Ring::builder().r_disabled().build()?;
    /// ring.register_restrictions(&[Restriction::sqe_op(IORING_OP_NOP as u8)])?;
    /// ring.enable_rings()?;
    /// ring.get_sqe().unwrap().prep_nop().user_data(1);
    /// ring.get_sqe().unwrap().prep_fsync(0, 0).user_data(2);
    /// ring.submit_and_wait(2)?;
    /// let got: Vec<_> = ring.completions().map(|c| (c.user_data(), c.res())).collect();
    /// assert_eq!(got, [(1, 0), (2, -libc::EACCES)]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_restrictions(&mut self, rules: &[Restriction]) -> io::Result<()> {
        let n = nr(rules.len())?;
        // `Restriction` is `repr(transparent)`; the kernel copies the array during the call.
        cvt(self.raw().register_restrictions(rules.as_ptr().cast(), n)).map(drop)
    }

    /// Run the ring's async workers on the CPUs of `cpus` only (liburing's
    /// `io_uring_register_iowq_aff`).
    ///
    /// ```
    /// let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    /// unsafe { libc::CPU_SET(0, &mut set) };
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_iowq_aff(&set)?;
    /// ring.unregister_iowq_aff()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_iowq_aff(&mut self, cpus: &libc::cpu_set_t) -> io::Result<()> {
        cvt(self
            .raw()
            .register_iowq_aff(std::mem::size_of_val(cpus), cpus))
        .map(drop)
    }

    /// Let the async workers run anywhere again (liburing's `io_uring_unregister_iowq_aff`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.unregister_iowq_aff()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn unregister_iowq_aff(&mut self) -> io::Result<()> {
        cvt(self.raw().unregister_iowq_aff()).map(drop)
    }

    /// Limit the async workers, `[bounded, unbounded]` (0 leaves one as it is); returns the
    /// limits before (liburing's `io_uring_register_iowq_max_workers`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_iowq_max_workers([2, 3])?;
    /// assert_eq!(ring.register_iowq_max_workers([0, 0])?, [2, 3]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_iowq_max_workers(&mut self, max: [u32; 2]) -> io::Result<[u32; 2]> {
        let mut v = max;
        cvt(self.raw().register_iowq_max_workers(v.as_mut_ptr()))?;
        Ok(v)
    }

    /// Busy-poll the network for `busy_poll_us` microseconds when waiting
    /// (liburing's `io_uring_register_napi`); returns the settings before.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_napi(50, true)?;
    /// assert_eq!(ring.unregister_napi()?, (50, true));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_napi(
        &mut self,
        busy_poll_us: u32,
        prefer_busy_poll: bool,
    ) -> io::Result<(u32, bool)> {
        let mut napi = io_uring_napi {
            busy_poll_to: busy_poll_us,
            prefer_busy_poll: prefer_busy_poll.into(),
            ..Default::default()
        };
        cvt(self.raw().register_napi(&mut napi))?;
        Ok((napi.busy_poll_to, napi.prefer_busy_poll != 0))
    }

    /// Stop busy polling; returns the settings it had (liburing's `io_uring_unregister_napi`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.unregister_napi()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn unregister_napi(&mut self) -> io::Result<(u32, bool)> {
        let mut napi = io_uring_napi::default();
        cvt(self.raw().unregister_napi(&mut napi))?;
        Ok((napi.busy_poll_to, napi.prefer_busy_poll != 0))
    }

    /// The clock of wait timeouts, `CLOCK_MONOTONIC` (the default) or `CLOCK_BOOTTIME`
    /// (liburing's `io_uring_register_clock`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_clock(libc::CLOCK_BOOTTIME)?;
    /// assert!(ring.register_clock(libc::CLOCK_REALTIME).is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_clock(&mut self, clockid: libc::clockid_t) -> io::Result<()> {
        let mut reg = io_uring_clock_register {
            clockid: clockid as u32,
            ..Default::default()
        };
        cvt(self.raw().register_clock(&mut reg)).map(drop)
    }

    /// [`Ring::register_files`] with a tag per slot (liburing's `io_uring_register_files_tags`):
    /// when a file with a non-zero tag leaves its slot (updated or unregistered), a completion
    /// with `user_data == tag` and result 0 is posted. On an [`super::OwnedRing`] tags with
    /// the top bit set are refused (EINVAL), as `user_data`s are.
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    ///
    /// let (r, w) = std::io::pipe()?;
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_files_tags(&[r.as_raw_fd(), w.as_raw_fd()], &[10, 11])?;
    /// ring.register_files_update_tag(1, &[-1], &[0])?;
    /// let cqe = ring.wait_cqe()?.seen();
    /// assert_eq!((cqe.user_data(), cqe.res()), (11, 0));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_files_tags(&mut self, fds: &[RawFd], tags: &[u64]) -> io::Result<()> {
        let n = Self::tagged(fds, tags)?;
        // The kernel copies both arrays during the call.
        cvt(self
            .raw()
            .register_files_tags(fds.as_ptr(), tags.as_ptr(), n))
        .map(drop)
    }

    /// [`Ring::register_files_update`] with tags for the new files (liburing's
    /// `io_uring_register_files_update_tag`); returns how many slots were updated. Tags as
    /// in [`Ring::register_files_tags`].
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    ///
    /// let (r, w) = std::io::pipe()?;
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_files_sparse(2)?;
    /// assert_eq!(ring.register_files_update_tag(0, &[r.as_raw_fd(), w.as_raw_fd()], &[5, 6])?, 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_files_update_tag(
        &mut self,
        offset: u32,
        fds: &[RawFd],
        tags: &[u64],
    ) -> io::Result<u32> {
        let n = Self::tagged(fds, tags)?;
        // The kernel copies both arrays during the call.
        cvt(self
            .raw()
            .register_files_update_tag(offset, fds.as_ptr(), tags.as_ptr(), n))
    }

    /// Where the kernel puts files it allocates a slot for (direct accept/open/socket with
    /// IORING_FILE_INDEX_ALLOC): slots `offset..offset + len` (liburing's
    /// `io_uring_register_file_alloc_range`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_files_sparse(8)?;
    /// ring.register_file_alloc_range(6, 2)?;
    /// ring.get_sqe().unwrap().prep_socket_direct_alloc(libc::AF_INET, libc::SOCK_DGRAM, 0, 0);
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.wait_cqe()?.res(), 6);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_file_alloc_range(&mut self, offset: u32, len: u32) -> io::Result<()> {
        cvt(self.raw().register_file_alloc_range(offset, len)).map(drop)
    }

    /// A table of `nr` empty fixed-buffer slots (liburing's `io_uring_register_buffers_sparse`),
    /// filled later by [`Ring::register_buffers_update_tag`].
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_buffers_sparse(4)?;
    /// ring.unregister_buffers()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_buffers_sparse(&mut self, nr: u32) -> io::Result<()> {
        cvt(self.raw().register_buffers_sparse(nr)).map(drop)
    }

    /// [`Ring::register_buffers`] with a tag per buffer, posted as a completion's
    /// `user_data` when the buffer leaves its slot (liburing's
    /// `io_uring_register_buffers_tags`). Tags as in [`Ring::register_files_tags`].
    ///
    /// # Safety
    /// As [`Ring::register_buffers`]: the memory stays allocated, and is not accessed while a
    /// fixed-buffer operation on it is in flight, until its tag's completion is reaped (or
    /// the ring is dropped).
    ///
    /// ```
    /// use std::io::IoSliceMut;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// let mut buf = vec![0u8; 4096];
    /// unsafe { ring.register_buffers_tags(&[IoSliceMut::new(&mut buf)], &[3])? };
    /// ring.unregister_buffers()?;
    /// assert_eq!(ring.wait_cqe()?.user_data(), 3);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn register_buffers_tags(
        &mut self,
        bufs: &[io::IoSliceMut<'_>],
        tags: &[u64],
    ) -> io::Result<()> {
        let n = Self::tagged(bufs, tags)?;
        // IoSliceMut is ABI-compatible with iovec on Unix; the kernel copies the arrays.
        cvt(self
            .raw()
            .register_buffers_tags(bufs.as_ptr().cast(), tags.as_ptr(), n))
        .map(drop)
    }

    /// Replace fixed buffers `offset..` with `bufs`, tagged (liburing's
    /// `io_uring_register_buffers_update_tag`); returns how many were updated.
    ///
    /// # Safety
    /// As [`Ring::register_buffers_tags`], for the new buffers.
    ///
    /// ```
    /// use std::io::IoSliceMut;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// ring.register_buffers_sparse(2)?;
    /// let mut buf = vec![0u8; 4096];
    /// assert_eq!(unsafe { ring.register_buffers_update_tag(1, &[IoSliceMut::new(&mut buf)], &[0])? }, 1);
    /// ring.unregister_buffers()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn register_buffers_update_tag(
        &mut self,
        offset: u32,
        bufs: &[io::IoSliceMut<'_>],
        tags: &[u64],
    ) -> io::Result<u32> {
        let n = Self::tagged(bufs, tags)?;
        // As in register_buffers_tags.
        cvt(self
            .raw()
            .register_buffers_update_tag(offset, bufs.as_ptr().cast(), tags.as_ptr(), n))
    }

    /// Take `src`'s registered buffers as this ring's (liburing's
    /// `io_uring_clone_buffers`); this ring has none registered yet.
    ///
    /// # Safety
    /// The memory of `src`'s buffers is reached through this ring too now: the contract of
    /// [`Ring::register_buffers`] holds for it until this ring unregisters them (or is
    /// dropped) as well.
    ///
    /// ```
    /// use std::io::{IoSliceMut, Write};
    /// use std::os::fd::AsRawFd;
    ///
    /// let mut src = uring_rs::api::Ring::new(4)?;
    /// let mut buf = vec![0u8; 64];
    /// unsafe { src.register_buffers(&[IoSliceMut::new(&mut buf)])? };
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// unsafe { ring.clone_buffers(&src)? };
    /// let (r, mut w) = std::io::pipe()?;
    /// w.write_all(b"cloned")?;
    /// let dst = unsafe { std::slice::from_raw_parts_mut(buf.as_mut_ptr(), 64) };
    /// unsafe { ring.get_sqe().unwrap().prep_read_fixed(r.as_raw_fd(), dst, 0, 0) };
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.wait_cqe()?.res(), 6);
    /// assert_eq!(&buf[..6], b"cloned");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub unsafe fn clone_buffers<const O: bool>(&mut self, src: &Ring<O>) -> io::Result<()> {
        let src = src.as_ptr();
        // SAFETY: `src` is a live ring, read during the call only (its fds and flags).
        cvt(self.raw().clone_buffers_from(unsafe { &*src }, 0, 0, 0, 0)).map(drop)
    }

    /// Resize the SQ and CQ (liburing's `io_uring_resize_rings`; kernel 6.13, a ring built
    /// with [`super::Builder::defer_taskrun`]). Entries queued and completions not yet reaped
    /// move to the new rings.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::builder().entries(2).defer_taskrun().build()?;
    /// ring.get_sqe().unwrap().prep_nop().user_data(1);
    /// ring.resize_rings(8, 32)?;
    /// assert_eq!((ring.sq_entries(), ring.cq_entries()), (8, 32));
    /// ring.submit_and_wait(1)?;
    /// assert_eq!(ring.wait_cqe()?.user_data(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn resize_rings(&mut self, sq_entries: u32, cq_entries: u32) -> io::Result<()> {
        let mut p = io_uring_params {
            sq_entries,
            cq_entries,
            flags: IORING_SETUP_CQSIZE,
            ..Default::default()
        };
        cvt(self.raw().resize(&mut p)).map(drop)
    }
}

/// Memory the kernel reads wait parameters from (a region registered with
/// IORING_MEM_REGION_REG_WAIT_ARG): whole pages (the kernel pins pages), freed after the ring.
#[derive(Debug)]
pub(crate) struct WaitRegion {
    slots: NonNull<io_uring_reg_wait>,
    len: usize,
    layout: Layout,
}

// SAFETY: the allocation is owned; it is touched only through the `Ring` (`&mut self`).
unsafe impl Send for WaitRegion {}

impl WaitRegion {
    fn new(len: usize) -> io::Result<Self> {
        let page = crate::syscall::page_size();
        let layout = len
            .checked_mul(size_of::<io_uring_reg_wait>())
            .filter(|&b| b > 0)
            .and_then(|b| Layout::from_size_align(b.next_multiple_of(page), page).ok())
            .ok_or_else(|| io::Error::from_raw_os_error(libc::EINVAL))?;
        // SAFETY: a non-zero size; zeroes are a valid `io_uring_reg_wait` each.
        let p = unsafe { alloc_zeroed(layout) };
        let slots =
            NonNull::new(p.cast()).ok_or_else(|| io::Error::from_raw_os_error(libc::ENOMEM))?;
        Ok(WaitRegion { slots, len, layout })
    }
}

impl Drop for WaitRegion {
    fn drop(&mut self) {
        // SAFETY: our own allocation; the ring that read it is gone (see `Inner::wait_region`).
        unsafe { dealloc(self.slots.as_ptr().cast(), self.layout) };
    }
}

impl<const OWNED: bool> Ring<OWNED> {
    /// Register `n` sets of wait parameters the kernel reads when
    /// [`Ring::submit_and_wait_reg`] names one, instead of a timeout copied in at every wait
    /// (liburing's `io_uring_register_region` with IORING_MEM_REGION_REG_WAIT_ARG; kernel
    /// 6.13). The ring allocates the memory and keeps it until it is torn down; only on a
    /// ring built with [`super::Builder::r_disabled`], before [`Ring::enable_rings`]; once.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let mut ring = uring_rs::api::Ring::builder().r_disabled().build()?;
    /// ring.register_wait_region(4)?;
    /// ring.enable_rings()?;
    /// ring.set_reg_wait(2, Some(Duration::from_millis(1)), 0)?;
    /// assert_eq!(ring.submit_and_wait_reg(1, 2)?, 0); // nothing in flight: timed out
    /// ring.get_sqe().unwrap().prep_nop();
    /// assert_eq!(ring.submit_and_wait_reg(1, 2)?, 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn register_wait_region(&mut self, n: usize) -> io::Result<()> {
        if self.inner().wait_region.is_some() {
            return Err(io::Error::from_raw_os_error(libc::EEXIST));
        }
        let region = WaitRegion::new(n)?;
        let mut desc = io_uring_region_desc {
            user_addr: region.slots.as_ptr() as u64,
            size: region.layout.size() as u64,
            flags: IORING_MEM_REGION_TYPE_USER,
            ..Default::default()
        };
        let mut reg = io_uring_mem_region_reg {
            region_uptr: (&raw mut desc) as u64,
            flags: IORING_MEM_REGION_REG_WAIT_ARG.into(),
            ..Default::default()
        };
        // The kernel reads `reg` and `desc` during the call; it pins the region's pages,
        // which the ring keeps mapped until after it is torn down.
        cvt(self.raw().register_region(&mut reg))?;
        self.inner().wait_region = Some(region);
        Ok(())
    }

    /// Set wait parameters `index` of [`Ring::register_wait_region`]: a timeout (`None`:
    /// none) and a minimum wait in microseconds (IORING_ENTER's `min_wait_usec`). EINVAL for
    /// an index past the region.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::builder().r_disabled().build()?;
    /// ring.register_wait_region(1)?;
    /// assert!(ring.set_reg_wait(1, None, 0).is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_reg_wait(
        &mut self,
        index: usize,
        timeout: Option<Duration>,
        min_wait_usec: u32,
    ) -> io::Result<()> {
        let region = self.inner().wait_region.as_mut();
        let Some(region) = region.filter(|r| index < r.len) else {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        };
        let (ts, flags) = match timeout {
            Some(t) => (*Timespec::from(t).raw(), IORING_REG_WAIT_TS),
            None => (__kernel_timespec::default(), 0),
        };
        let slot = io_uring_reg_wait {
            ts,
            min_wait_usec,
            flags,
            ..Default::default()
        };
        // SAFETY: `index` is in the mapping; the kernel reads it only during a wait, which
        // can't run while we hold `&mut self`.
        unsafe { region.slots.as_ptr().add(index).write(slot) };
        Ok(())
    }

    /// Submit, then wait for `want` completions with wait parameters `index` (liburing's
    /// `io_uring_submit_and_wait_reg`); returns the completions ready, below `want` after a
    /// timeout. EINVAL when `index` is past the registered region.
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert!(ring.submit_and_wait_reg(1, 0).is_err()); // no region
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn submit_and_wait_reg(&mut self, want: u32, index: usize) -> io::Result<u32> {
        let inner = self.inner();
        // The kernel checks the offset against the region, too; this keeps `index` an int.
        if inner.wait_region.as_ref().is_none_or(|r| index >= r.len) {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        }
        match inner.raw.submit_and_wait_reg(want, index as i32).0 {
            r if r >= 0 || r == -libc::ETIME => Ok(inner.raw.cq_ready()),
            r => cvt(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

    fn eventfd() -> OwnedFd {
        // SAFETY: plain syscall; the fd is owned from here on.
        unsafe { OwnedFd::from_raw_fd(libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC)) }
    }

    /// The eventfd's count once it is signalled (the signal follows the completion, so it
    /// is waited for, up to 5 s).
    fn signalled(efd: &OwnedFd) -> u64 {
        let mut pfd = libc::pollfd {
            fd: efd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        unsafe { libc::poll(&mut pfd, 1, 5000) };
        count(efd)
    }

    fn count(efd: &OwnedFd) -> u64 {
        let mut n = 0u64;
        // SAFETY: reads 8 bytes into `n`.
        let r = unsafe { libc::read(efd.as_raw_fd(), (&raw mut n).cast(), 8) };
        if r == 8 { n } else { 0 }
    }

    #[test]
    fn an_async_eventfd_counts_only_completions_of_async_workers() {
        let efd = eventfd();
        let mut ring = Ring::new(4).unwrap();
        ring.register_eventfd_async(efd.as_raw_fd()).unwrap();
        ring.get_sqe().unwrap().prep_nop().user_data(1);
        ring.submit_and_wait(1).unwrap();
        assert_eq!(count(&efd), 0, "the NOP completed inline");
        ring.get_sqe()
            .unwrap()
            .prep_nop()
            .flags(IOSQE_ASYNC)
            .user_data(2);
        ring.submit_and_wait(2).unwrap();
        assert_eq!(signalled(&efd), 1, "the NOP ran on an io-wq worker");
        ring.unregister_eventfd().unwrap();
    }

    #[test]
    fn an_owned_ring_refuses_tags_that_look_like_its_own() {
        let (r, _w) = std::io::pipe().unwrap();
        let fd = r.as_raw_fd();
        let mut ring = Ring::new_owned(4).unwrap();
        let err = ring
            .register_files_tags(&[fd], &[OWNED_TAG | 1])
            .unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
        ring.register_files_tags(&[fd], &[1]).unwrap();
        let err = ring
            .register_files_update_tag(0, &[fd], &[OWNED_TAG])
            .unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
        // The slot's own tag still stands: emptying the slot posts it (an unregister posts
        // it only from 6.13 on).
        ring.register_files_update_tag(0, &[-1], &[0]).unwrap();
        let c = ring.wait_cqe().unwrap().seen();
        assert_eq!((c.user_data(), c.res()), (1, 0));
        ring.unregister_files().unwrap();
    }
}
