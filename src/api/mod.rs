//! A safe, idiomatic Rust API over the same ring the C ABI exports.
//!
//! Everything here is a thin layer over `uring_rs`'s own implementation: [`Ring`] owns a
//! [`crate::io_uring`] and calls its methods (`get_sqe`, `submit`, `wait_cqe` …), and the
//! typed prep methods of [`Sqe`] call the exported `io_uring_prep_*` functions. There is no
//! second implementation of anything.
//!
//! - [`Ring`] / [`Builder`]: create a ring (entries, CQ size, setup flags, SQPOLL …); dropping
//!   it tears the ring down (`io_uring_queue_exit`).
//! - Submission: [`Ring::get_sqe`] (or [`Ring::submission`]) hands out an [`Sqe`]; its `prep_*`
//!   methods fill it in builder style, then [`Ring::submit`] / [`Ring::submit_and_wait`].
//! - Completion: [`Ring::peek_cqe`] / [`Ring::wait_cqe`] return a [`CqeRef`] that borrows the
//!   ring until it is marked seen ([`CqeRef::seen`], or dropped), so a CQE can't be read after
//!   its slot went back to the kernel; [`Cqe`] is the plain copied-out value.
//! - Registration: [`Ring::register_files`], [`Ring::register_buffers`], and [`BufRing`], a
//!   provided-buffer ring with its buffers that unregisters and unmaps itself on drop.
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
//! Most operations hand the kernel a pointer (a buffer, a path, a `msghdr` …) that it uses
//! after `submit` returns, until the operation completes. The borrow checker can't see that
//! far, so those prep methods are `unsafe fn`s with one contract, stated on each: what you
//! pass must stay valid, and must not be otherwise accessed in a conflicting way, until the
//! operation's completion has been reaped (or the ring has been dropped). Operations that
//! hand the kernel no memory are safe.
//!
//! [`Ring`] is not `Send`: a ring and the [`BufRing`]s registered with it share the ring
//! structure, so all of them stay on the thread that created them.
//!
//! [`Ring`]: crate::api::Ring
//! [`Builder`]: crate::api::Builder
//! [`Sqe`]: crate::api::Sqe
//! [`Cqe`]: crate::api::Cqe
//! [`CqeRef`]: crate::api::CqeRef
//! [`BufRing`]: crate::api::BufRing
//! [`CqeRef::seen`]: crate::api::CqeRef::seen
//! [`Ring::get_sqe`]: crate::api::Ring::get_sqe
//! [`Ring::peek_cqe`]: crate::api::Ring::peek_cqe
//! [`Ring::wait_cqe`]: crate::api::Ring::wait_cqe
//! [`Ring::submit`]: crate::api::Ring::submit
//! [`Ring::submit_and_wait`]: crate::api::Ring::submit_and_wait
//! [`Ring::submission`]: crate::api::Ring::submission
//! [`Ring::register_files`]: crate::api::Ring::register_files
//! [`Ring::register_buffers`]: crate::api::Ring::register_buffers

mod buf_ring;
mod cqe;
mod ring;
mod sqe;

pub use buf_ring::BufRing;
pub use cqe::{Completions, Cqe, CqeRef};
pub use ring::{Builder, Ring, Submission};
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
    if ret < 0 { Err(io::Error::from_raw_os_error(-ret)) } else { Ok(ret as u32) }
}
