//! Named access to the fields of `struct io_uring_sqe` that live in anonymous unions, so
//! Rust code writes `sqe.set_off(x)` where C writes `sqe->off = x`.

use super::io_uring_sqe;

/// One setter and one getter per C field name: `$name` lives at `$($path).+` of type `$ty`.
macro_rules! sqe_fields {
    ($($set:ident / $get:ident: $ty:ty = ($($path:tt)+);)*) => {
        impl io_uring_sqe {
            $(
                #[inline(always)]
                pub fn $set(&mut self, v: $ty) {
                    #[allow(unused_unsafe)]
                    // SAFETY: writing plain integer data into a union member.
                    unsafe { self.$($path)+ = v };
                }
                #[inline(always)]
                pub fn $get(&self) -> $ty {
                    // SAFETY: every union member is plain integer data of the same storage.
                    unsafe { self.$($path)+ }
                }
            )*
        }
    };
}

sqe_fields! {
    set_off / off: u64 = (__bindgen_anon_1.off);
    set_addr2 / addr2: u64 = (__bindgen_anon_1.addr2);
    set_cmd_op / cmd_op: u32 = (__bindgen_anon_1.__bindgen_anon_1.cmd_op);
    set_pad1 / pad1: u32 = (__bindgen_anon_1.__bindgen_anon_1.__pad1);
    set_addr / addr: u64 = (__bindgen_anon_2.addr);
    set_splice_off_in / splice_off_in: u64 = (__bindgen_anon_2.splice_off_in);
    set_level / level: u32 = (__bindgen_anon_2.__bindgen_anon_1.level);
    set_optname / optname: u32 = (__bindgen_anon_2.__bindgen_anon_1.optname);
    set_op_flags / op_flags: u32 = (__bindgen_anon_3.fsync_flags);
    set_poll_events / poll_events: u16 = (__bindgen_anon_3.poll_events);
    set_buf_index / buf_index: u16 = (__bindgen_anon_4.buf_index);
    set_buf_group / buf_group: u16 = (__bindgen_anon_4.buf_group);
    set_splice_fd_in / splice_fd_in: i32 = (__bindgen_anon_5.splice_fd_in);
    set_file_index / file_index: u32 = (__bindgen_anon_5.file_index);
    set_optlen / optlen: u32 = (__bindgen_anon_5.optlen);
    set_addr_len / addr_len: u16 = (__bindgen_anon_5.__bindgen_anon_1.addr_len);
    set_addr3 / addr3: u64 = (__bindgen_anon_6.__bindgen_anon_1.addr3);
    set_pad2 / pad2: u64 = (__bindgen_anon_6.__bindgen_anon_1.__pad2[0]);
    set_optval / optval: u64 = (__bindgen_anon_6.optval);
    set_attr_ptr / attr_ptr: u64 = (__bindgen_anon_6.__bindgen_anon_2.attr_ptr);
    set_attr_type_mask / attr_type_mask: u64 = (__bindgen_anon_6.__bindgen_anon_2.attr_type_mask);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 64 bytes of an SQE, for checking where a setter wrote.
    fn bytes(sqe: &io_uring_sqe) -> [u8; 64] {
        // SAFETY: io_uring_sqe is 64 bytes of plain data.
        unsafe { core::mem::transmute_copy(sqe) }
    }

    #[test]
    fn setters_write_the_c_offsets() {
        type Setter = fn(&mut io_uring_sqe);
        let cases: [(Setter, usize); 6] = [
            (|s| s.set_off(0xff), 8),
            (|s| s.set_addr(0xff), 16),
            (|s| s.set_op_flags(0xff), 28),
            (|s| s.set_buf_group(0xff), 40),
            (|s| s.set_file_index(0xff), 44),
            (|s| s.set_addr3(0xff), 48),
        ];
        for (set, at) in cases {
            let mut sqe = io_uring_sqe::default();
            set(&mut sqe);
            let b = bytes(&sqe);
            assert_eq!(b[at], 0xff, "offset {at}");
            assert_eq!(b.iter().filter(|&&x| x != 0).count(), 1);
        }
    }
}
