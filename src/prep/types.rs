//! C types that prep helper prototypes name but neither `uapi` nor `libc` provides. They are
//! only ever used behind pointers; the C side forward-declares them (include/liburing/extra.h).

/// `struct futex_waitv` of `<linux/futex.h>` (`io_uring_prep_futex_waitv(3)`): 24 bytes,
/// `{ __u64 val; __u64 uaddr; __u32 flags; __u32 __reserved; }`.
#[repr(C)]
#[derive(Debug, Default, Clone, Copy)]
pub struct futex_waitv {
    pub val: u64,
    pub uaddr: u64,
    pub flags: u32,
    pub __reserved: u32,
}
