//! uring-rs: liburing 2.15 rebuilt in Rust, exported with liburing's C ABI.
//!
//! C programs include the generated `include/liburing.h` and link `-luring_rs` (or run an
//! existing binary on the drop-in `liburing.so.2`). Every exported function names the
//! liburing function and man page it implements in its documentation, which is also its
//! section-3 manual page (`build/man.rs`; `make install` installs them).
//!
//! Layout: `uapi` is the kernel ABI (bindgen output of `include/liburing/io_uring.h`), `ring`
//! the ring structs, and one module per concern after liburing's own `src/`.

#![allow(non_camel_case_types, clippy::missing_safety_doc)]

pub mod uapi;

pub mod buf_ring;
/// cbindgen:ignore
#[cfg(feature = "trace")]
mod check;
pub mod complete;
/// cbindgen:ignore
#[cfg(feature = "trace-so")]
mod interpose;
pub mod prep;
pub mod probe;
pub mod recvmsg;
pub mod register;
pub mod ring;
pub mod setup;
pub mod submit;
pub mod syscall;
/// cbindgen:ignore
#[cfg(feature = "trace")]
pub mod trace;
/// cbindgen:ignore
mod trace_hook;
pub mod version;

/// cbindgen:ignore
pub mod api;

#[cfg(test)]
mod kernel_probe;
/// cbindgen:ignore
#[cfg(doctest)]
mod unsafe_proofs;

pub use ring::{io_uring, io_uring_cq, io_uring_cqe_iter, io_uring_sq, io_uring_zcrx_rq};
