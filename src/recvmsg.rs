//! Parsing the buffers of multishot recvmsg (`io_uring_prep_recvmsg_multishot(3)`): each CQE's
//! buffer holds a `struct io_uring_recvmsg_out`, then `msg_namelen` bytes of name, then
//! `msg_controllen` bytes of control messages, then the payload (liburing's
//! `io_uring_recvmsg_*` inline helpers).
//!
//! Deliberate difference from liburing 2.15: the cmsg walkers bound the control area by
//! `min(o->controllen, msgh->msg_controllen)`. The kernel never reports more control bytes than
//! `msg_controllen` (it truncates and sets MSG_CTRUNC), so for real output the result is the
//! same; for a bogus `controllen` liburing would walk past the area `io_uring_recvmsg_validate`
//! checked, we stop at its end. All walking arithmetic is overflow-checked, so a bogus
//! `cmsg_len` yields NULL instead of a wild pointer.

// `msg_controllen as usize`: size_t with glibc, socklen_t with musl.
#![allow(clippy::unnecessary_cast)]

use core::ffi::{c_int, c_uint, c_void};
use core::mem::size_of;
use core::ptr::{null_mut, read_unaligned};

use crate::uapi::io_uring_recvmsg_out;

// The helpers are marked `c: inline` (build/inline_c.rs), so they are written in its C-like
// subset: overflow checks are spelled as wrapping arithmetic plus a comparison, CMSG_ALIGN as
// `(len + sizeof(size_t) - 1) & ~(sizeof(size_t) - 1)`.

/// liburing: `io_uring_recvmsg_validate(3)`: check a multishot recvmsg buffer.
///
/// A multishot recvmsg (`io_uring_prep_recvmsg_multishot(3)`) writes into each provided buffer
/// a `struct io_uring_recvmsg_out` header, then the source address (`msgh->msg_namelen` bytes),
/// the control messages (`msgh->msg_controllen` bytes) and the payload. Given the buffer `buf`,
/// whose length `buf_len` is the CQE's `res`, and the `msghdr` of the request,
/// `io_uring_recvmsg_validate()` checks that the header, name and control areas fit and returns
/// the header. The other functions find the parts: `io_uring_recvmsg_name()` the address,
/// `io_uring_recvmsg_cmsg_firsthdr()` and `io_uring_recvmsg_cmsg_nexthdr()` the control messages
/// (as `CMSG_FIRSTHDR(3)` and `CMSG_NXTHDR(3)` do), `io_uring_recvmsg_payload()` the payload and
/// `io_uring_recvmsg_payload_length()` its length.
///
/// # Return value
/// `io_uring_recvmsg_validate()`: the header, or NULL when the buffer is too short.
/// `io_uring_recvmsg_cmsg_firsthdr()`, `io_uring_recvmsg_cmsg_nexthdr()`: the control message,
/// or NULL when there is none (left) that fits wholly in the control area.
/// `io_uring_recvmsg_payload_length()`: the payload bytes, 0 when the name and control areas fill
/// the buffer. The others: pointers into the buffer.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_validate(
    buf: *mut c_void,
    buf_len: c_int,
    msgh: *mut libc::msghdr,
) -> *mut io_uring_recvmsg_out {
    // SAFETY: the caller passes the msghdr the recvmsg was prepared with.
    unsafe {
        if buf_len < 0 {
            return null_mut();
        }
        let len: usize = buf_len as usize;
        let hdr: usize = size_of::<io_uring_recvmsg_out>();
        let namelen: usize = (*msgh).msg_namelen as usize;
        if len < hdr || len - hdr < namelen || len - hdr - namelen < (*msgh).msg_controllen as usize
        {
            return null_mut();
        }
        buf as *mut io_uring_recvmsg_out
    }
}

/// liburing: `io_uring_recvmsg_name(3)`: the source address of a multishot recvmsg.
/// man: io_uring_recvmsg_validate
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_name(o: *mut io_uring_recvmsg_out) -> *mut c_void {
    (o as *mut u8).wrapping_add(size_of::<io_uring_recvmsg_out>()) as *mut c_void
}

/// liburing: `io_uring_recvmsg_cmsg_firsthdr(3)`: the first control message of a multishot recvmsg.
/// man: io_uring_recvmsg_validate
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_cmsg_firsthdr(
    o: *mut io_uring_recvmsg_out,
    msgh: *mut libc::msghdr,
) -> *mut libc::cmsghdr {
    // SAFETY: `o` was validated against `msgh`.
    unsafe {
        // the control area we may read: min(o->controllen, msgh->msg_controllen)
        let mut len: usize = read_unaligned(&raw const (*o).controllen) as usize;
        if ((*msgh).msg_controllen as usize) < len {
            len = (*msgh).msg_controllen as usize;
        }
        if len < size_of::<libc::cmsghdr>() {
            return null_mut();
        }
        (io_uring_recvmsg_name(o) as *mut u8).wrapping_add((*msgh).msg_namelen as usize)
            as *mut libc::cmsghdr
    }
}

/// liburing: `io_uring_recvmsg_cmsg_nexthdr(3)`: the next control message of a multishot recvmsg.
/// man: io_uring_recvmsg_validate
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_cmsg_nexthdr(
    o: *mut io_uring_recvmsg_out,
    msgh: *mut libc::msghdr,
    cmsg: *mut libc::cmsghdr,
) -> *mut libc::cmsghdr {
    // SAFETY: `o` was validated against `msgh`; `cmsg` came from firsthdr/nexthdr, so its
    // header lies inside the control area; the next header is read only once it is checked
    // to lie inside it too.
    unsafe {
        let start: *mut u8 =
            (io_uring_recvmsg_name(o) as *mut u8).wrapping_add((*msgh).msg_namelen as usize);
        let mut len: usize = read_unaligned(&raw const (*o).controllen) as usize;
        if ((*msgh).msg_controllen as usize) < len {
            len = (*msgh).msg_controllen as usize;
        }
        let hdr: usize = size_of::<libc::cmsghdr>();
        let align: usize = size_of::<usize>() - 1;
        let cur: usize = read_unaligned(&raw const (*cmsg).cmsg_len) as usize;
        if cur < hdr || (cmsg as usize) < (start as usize) {
            return null_mut();
        }
        // offsets into the control area; a sum that wraps means a bogus length
        let at: usize = (cmsg as usize) - (start as usize);
        let step: usize = cur.wrapping_add(align) & !align;
        let next: usize = at.wrapping_add(step);
        if step < cur || next < at || next > len || len - next < hdr {
            return null_mut();
        }
        let n: *mut libc::cmsghdr = start.add(next) as *mut libc::cmsghdr;
        let n_len: usize = read_unaligned(&raw const (*n).cmsg_len) as usize;
        let n_step: usize = n_len.wrapping_add(align) & !align;
        if n_step < n_len || n_step > len - next {
            return null_mut();
        }
        n
    }
}

/// liburing: `io_uring_recvmsg_payload(3)`: the payload of a multishot recvmsg.
/// man: io_uring_recvmsg_validate
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_payload(
    o: *mut io_uring_recvmsg_out,
    msgh: *mut libc::msghdr,
) -> *mut c_void {
    // SAFETY: the caller passes the msghdr the recvmsg was prepared with.
    unsafe {
        let skip: usize =
            ((*msgh).msg_namelen as usize).wrapping_add((*msgh).msg_controllen as usize);
        (io_uring_recvmsg_name(o) as *mut u8).wrapping_add(skip) as *mut c_void
    }
}

/// liburing: `io_uring_recvmsg_payload_length(3)`: the payload length of a multishot recvmsg.
/// man: io_uring_recvmsg_validate
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_payload_length(
    o: *mut io_uring_recvmsg_out,
    buf_len: c_int,
    msgh: *mut libc::msghdr,
) -> c_uint {
    let _ = o; // the payload's position depends only on msgh
    // SAFETY: the caller passes the msghdr the recvmsg was prepared with.
    unsafe {
        if buf_len < 0 {
            return 0;
        }
        let name_end: usize = size_of::<io_uring_recvmsg_out>() + (*msgh).msg_namelen as usize;
        let skip: usize = name_end.wrapping_add((*msgh).msg_controllen as usize);
        if skip < name_end || (buf_len as usize) < skip {
            return 0;
        }
        (buf_len as usize - skip) as c_uint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HDR: usize = size_of::<io_uring_recvmsg_out>();

    fn msgh(namelen: u32, controllen: usize) -> libc::msghdr {
        // SAFETY: msghdr is plain data.
        let mut m: libc::msghdr = unsafe { core::mem::zeroed() };
        m.msg_namelen = namelen;
        m.msg_controllen = controllen as _; // socklen_t on musl
        m
    }

    #[test]
    fn validate_rejects_buffers_too_short_for_the_areas() {
        let mut buf = [0u64; 16];
        let p = buf.as_mut_ptr().cast();
        let mut m = msgh(16, 32);
        unsafe {
            assert!(!io_uring_recvmsg_validate(p, (HDR + 48) as c_int, &mut m).is_null());
            assert!(io_uring_recvmsg_validate(p, (HDR + 47) as c_int, &mut m).is_null());
            assert!(io_uring_recvmsg_validate(p, -1, &mut m).is_null());
            let mut huge = msgh(u32::MAX, usize::MAX);
            assert!(io_uring_recvmsg_validate(p, 128, &mut huge).is_null());
        }
    }

    #[test]
    fn cmsg_walk_stops_at_the_checked_control_area() {
        // header, no name, 64 bytes of control: one 16+4 byte cmsg, then a bogus huge one.
        let mut buf = [0u64; 16];
        let o = buf.as_mut_ptr().cast::<io_uring_recvmsg_out>();
        let mut m = msgh(0, 64);
        unsafe {
            (*o).controllen = 1 << 30; // bogus: larger than msg_controllen
            let first = io_uring_recvmsg_cmsg_firsthdr(o, &mut m);
            assert_eq!(first as usize, o as usize + HDR);
            (*first).cmsg_len = 20;
            let second = io_uring_recvmsg_cmsg_nexthdr(o, &mut m, first);
            // CMSG_ALIGN(20): cmsgs are aligned to size_t
            assert_eq!(
                second as usize,
                first as usize + 20usize.next_multiple_of(size_of::<usize>())
            );
            (*second).cmsg_len = usize::MAX as _;
            assert!(io_uring_recvmsg_cmsg_nexthdr(o, &mut m, second).is_null());
            (*second).cmsg_len = 100;
            assert!(io_uring_recvmsg_cmsg_nexthdr(o, &mut m, first).is_null());
        }
    }

    #[test]
    fn payload_length_is_zero_when_areas_fill_the_buffer() {
        let mut buf = [0u64; 16];
        let o = buf.as_mut_ptr().cast::<io_uring_recvmsg_out>();
        let mut m = msgh(16, 16);
        unsafe {
            assert_eq!(
                io_uring_recvmsg_payload_length(o, (HDR + 40) as c_int, &mut m),
                8
            );
            assert_eq!(
                io_uring_recvmsg_payload_length(o, (HDR + 10) as c_int, &mut m),
                0
            );
            assert_eq!(
                io_uring_recvmsg_payload(o, &mut m) as usize,
                o as usize + HDR + 32
            );
        }
    }
}
