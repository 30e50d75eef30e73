//! Named pointers to the fields of `struct io_uring_buf_ring` that live in its anonymous
//! union, so Rust code writes `io_uring_buf_ring::tail_ptr(br)` where C writes `&br->tail`.
//! build/inline_c.rs reads the table below to translate these calls to C (`&br->tail`): one
//! line per field, `name: type = (path);`, the anonymous unions dropping out of the C path.

use super::io_uring_buf_ring;

macro_rules! field_ptrs {
    ($($name:ident: $ty:ty = ($($path:tt)+);)*) => {
        impl io_uring_buf_ring {
            $(
                /// Pointer to the field of the ring at `br` (pure address arithmetic, keeps the
                /// provenance of `br`).
                #[inline(always)]
                pub const fn $name(br: *mut io_uring_buf_ring) -> *mut $ty {
                    br.cast::<u8>().wrapping_add(core::mem::offset_of!(io_uring_buf_ring, $($path)+)).cast::<$ty>()
                }
            )*
        }
    };
}

field_ptrs! {
    tail_ptr: u16 = (__bindgen_anon_1.__bindgen_anon_1.tail);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tail_is_at_byte_fourteen() {
        let mut br = io_uring_buf_ring::default();
        let base = &raw mut br;
        assert_eq!(
            io_uring_buf_ring::tail_ptr(base) as usize - base as usize,
            14
        );
    }
}
