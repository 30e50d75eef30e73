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

use core::ffi::{c_int, c_uint, c_void};
use core::mem::size_of;
use core::ptr::null_mut;

use crate::uapi::io_uring_recvmsg_out;

const HDR: usize = size_of::<io_uring_recvmsg_out>();
const CMSG_HDR: usize = size_of::<libc::cmsghdr>();

/// `CMSG_ALIGN`, overflow-checked.
#[inline]
fn cmsg_align(len: usize) -> Option<usize> {
    let a = size_of::<usize>();
    Some(len.checked_add(a - 1)? & !(a - 1))
}

/// The control area of `o`: its start and the number of bytes the helpers may read.
///
/// # Safety
/// `o` and `msgh` as for the C helpers.
#[inline]
unsafe fn control(o: *const io_uring_recvmsg_out, msgh: *const libc::msghdr) -> (*mut u8, usize) {
    unsafe {
        let start = (o as *mut u8).add(HDR + (*msgh).msg_namelen as usize);
        let len = ((*o).controllen as usize).min((*msgh).msg_controllen);
        (start, len)
    }
}

/// liburing: `io_uring_recvmsg_validate(3)`: `buf` as a `struct io_uring_recvmsg_out` when
/// `buf_len` bytes hold the header, the name area and the control area `msgh` describes;
/// NULL otherwise (never reads `buf`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_validate(buf: *mut c_void, buf_len: c_int, msgh: *mut libc::msghdr) -> *mut io_uring_recvmsg_out {
    if buf_len < 0 {
        return null_mut();
    }
    // SAFETY: the caller passes the msghdr the recvmsg was prepared with.
    let (namelen, controllen) = unsafe { ((*msgh).msg_namelen as usize, (*msgh).msg_controllen) };
    let fits = (buf_len as usize)
        .checked_sub(HDR)
        .and_then(|rest| rest.checked_sub(namelen))
        .is_some_and(|rest| controllen <= rest);
    if fits { buf.cast() } else { null_mut() }
}

/// liburing: `io_uring_recvmsg_name(3)`: the source address, right after the header.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_name(o: *mut io_uring_recvmsg_out) -> *mut c_void {
    o.cast::<u8>().wrapping_add(HDR).cast()
}

/// liburing: `io_uring_recvmsg_cmsg_firsthdr(3)`: the first control message, or NULL when
/// the control area can't hold a `struct cmsghdr`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_cmsg_firsthdr(o: *mut io_uring_recvmsg_out, msgh: *mut libc::msghdr) -> *mut libc::cmsghdr {
    // SAFETY: `o` was validated against `msgh`.
    let (start, len) = unsafe { control(o, msgh) };
    if len < CMSG_HDR { null_mut() } else { start.cast() }
}

/// liburing: `io_uring_recvmsg_cmsg_nexthdr(3)`: the control message after `cmsg`, or NULL
/// when there is none that fits wholly in the control area.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_cmsg_nexthdr(o: *mut io_uring_recvmsg_out, msgh: *mut libc::msghdr, cmsg: *mut libc::cmsghdr) -> *mut libc::cmsghdr {
    // SAFETY: `o` was validated against `msgh`; `cmsg` came from firsthdr/nexthdr, so its
    // header lies inside the control area.
    unsafe {
        let (start, len) = control(o, msgh);
        let cur_len = (*cmsg).cmsg_len;
        if cur_len < CMSG_HDR {
            return null_mut();
        }
        let Some(at) = (cmsg as usize).checked_sub(start as usize) else { return null_mut() };
        let Some(next) = cmsg_align(cur_len).and_then(|l| at.checked_add(l)) else { return null_mut() };
        if next.checked_add(CMSG_HDR).is_none_or(|e| e > len) {
            return null_mut();
        }
        let n = start.add(next).cast::<libc::cmsghdr>();
        let fits = cmsg_align((*n).cmsg_len).and_then(|l| next.checked_add(l)).is_some_and(|e| e <= len);
        if fits { n } else { null_mut() }
    }
}

/// liburing: `io_uring_recvmsg_payload(3)`: the payload, after the name and control areas.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_payload(o: *mut io_uring_recvmsg_out, msgh: *mut libc::msghdr) -> *mut c_void {
    // SAFETY: the caller passes the msghdr the recvmsg was prepared with.
    let skip = unsafe { HDR + (*msgh).msg_namelen as usize + (*msgh).msg_controllen };
    o.cast::<u8>().wrapping_add(skip).cast()
}

/// liburing: `io_uring_recvmsg_payload_length(3)`: payload bytes in a `buf_len`-byte buffer
/// (0 when the name and control areas already fill it, or `buf_len` is negative).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_recvmsg_payload_length(o: *mut io_uring_recvmsg_out, buf_len: c_int, msgh: *mut libc::msghdr) -> c_uint {
    let _ = o; // the payload's position depends only on msgh
    if buf_len < 0 {
        return 0;
    }
    // SAFETY: the caller passes the msghdr the recvmsg was prepared with.
    let skip = unsafe { (HDR + (*msgh).msg_namelen as usize).saturating_add((*msgh).msg_controllen) };
    (buf_len as usize).saturating_sub(skip) as c_uint
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msgh(namelen: u32, controllen: usize) -> libc::msghdr {
        // SAFETY: msghdr is plain data.
        let mut m: libc::msghdr = unsafe { core::mem::zeroed() };
        m.msg_namelen = namelen;
        m.msg_controllen = controllen;
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
            assert_eq!(second as usize, first as usize + 24);
            (*second).cmsg_len = usize::MAX;
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
            assert_eq!(io_uring_recvmsg_payload_length(o, (HDR + 40) as c_int, &mut m), 8);
            assert_eq!(io_uring_recvmsg_payload_length(o, (HDR + 10) as c_int, &mut m), 0);
            assert_eq!(io_uring_recvmsg_payload(o, &mut m) as usize, o as usize + HDR + 32);
        }
    }
}
