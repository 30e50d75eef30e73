//! The io_uring kernel ABI: `struct io_uring_sqe`, `struct io_uring_cqe`,
//! `struct io_uring_params`, the registration argument structs and every
//! `IORING_*` / `IOSQE_*` constant, as liburing 2.15 exposes them.
//!
//! The C header `include/liburing/io_uring.h` is the single source: it is what
//! C programs include, and the Rust items here are generated from it by
//! bindgen into `bindings.rs` (checked in, never edited by hand). After editing
//! the header, regenerate with
//!
//! ```sh
//! URING_RS_BLESS=1 cargo test --test uapi_bindings
//! ```
//!
//! (that test fails whenever `bindings.rs` is out of date).
//!
//! Naming follows bindgen: C enums become `pub type io_uring_op = c_uint` plus
//! `pub const IORING_OP_NOP: io_uring_op = 0` style constants, `#define`
//! flags are `u32` (mmap offsets `u64`, `IORING_REGISTER_FILES_SKIP` `i32`),
//! and anonymous unions/structs are `__bindgen_anon_N` fields of types named
//! `<outer>__bindgen_ty_N`, e.g. `sqe.__bindgen_anon_1.off`.
//!
//! These types must never be re-emitted by cbindgen: the C side already has
//! them from the header, hence the `cbindgen:ignore` markers below.
#![allow(
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    dead_code
)]

/// cbindgen:ignore
mod bindings {
    #![allow(clippy::all, clippy::pedantic)]
    include!("bindings.rs");
}

pub use bindings::*;

/// cbindgen:ignore
mod accessors {
    use super::{io_uring_buf, io_uring_buf_ring, io_uring_sqe};

    impl io_uring_sqe {
        /// Byte offset of C's `sqe->cmd[]` (the command area of
        /// `IORING_OP_URING_CMD`: 16 bytes, 80 with `IORING_SETUP_SQE128`).
        /// The zero-length array is hidden from bindgen, see the header.
        pub const CMD_OFFSET: usize = core::mem::offset_of!(io_uring_sqe, __bindgen_anon_6);

        /// `sqe->cmd`: pointer to the command area of the SQE at `sqe`.
        /// Pure address arithmetic; keeps the provenance of `sqe`, so pass a
        /// pointer derived from the SQ array to reach the SQE128 tail.
        #[inline]
        pub const fn cmd_ptr(sqe: *mut io_uring_sqe) -> *mut u8 {
            sqe.cast::<u8>().wrapping_add(Self::CMD_OFFSET)
        }
    }

    impl io_uring_buf_ring {
        /// `br->bufs`: the ring's buffer array, which overlays the header
        /// (the ring tail is `bufs[0].resv`). Pure address arithmetic.
        #[inline]
        pub const fn bufs_ptr(br: *mut io_uring_buf_ring) -> *mut io_uring_buf {
            br.cast::<io_uring_buf>()
        }
    }
}

/// cbindgen:ignore
#[cfg(test)]
mod layout_tests;

/// cbindgen:ignore
mod sqe;

/// cbindgen:ignore
mod buf_ring;
