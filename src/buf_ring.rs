//! Provided-buffer rings (liburing's `io_uring_setup_buf_ring` family and the
//! `io_uring_buf_ring_*` inline helpers of `liburing.h`).
//!
//! A buffer ring is an array of `struct io_uring_buf` the application fills and the kernel
//! consumes; the ring tail lives in `bufs[0].resv` (the header overlays the first entry).
//! The application publishes buffers by storing the tail with release ordering; the kernel's
//! head is read back with IORING_REGISTER_PBUF_STATUS.

use core::ffi::{c_int, c_uint, c_ushort, c_void};
use core::sync::atomic::{AtomicU16, Ordering};

use crate::complete::io_uring_cq_advance;
use crate::ring::io_uring;
use crate::syscall;
use crate::uapi::*;

/// Bytes of a ring of `nentries` buffers.
fn ring_size(nentries: u32) -> usize {
    nentries as usize * core::mem::size_of::<io_uring_buf>()
}

// 16-bit atomics on the ring tail (the `load_acquire`/`store_release` of crate::ring are 32-bit);
// build/inline_c.rs translates them to the generic `__atomic_load_n`/`__atomic_store_n`.

/// # Safety
/// `p` must be valid and 2-byte aligned.
#[inline(always)]
unsafe fn load_relaxed_u16(p: *mut u16) -> u16 {
    // SAFETY: per the function contract.
    unsafe { AtomicU16::from_ptr(p).load(Ordering::Relaxed) }
}

/// # Safety
/// `p` must be valid and 2-byte aligned.
#[inline(always)]
unsafe fn store_relaxed_u16(p: *mut u16, v: u16) {
    // SAFETY: per the function contract.
    unsafe { AtomicU16::from_ptr(p).store(v, Ordering::Relaxed) }
}

/// # Safety
/// `p` must be valid and 2-byte aligned.
#[inline(always)]
unsafe fn store_release_u16(p: *mut u16, v: u16) {
    // SAFETY: per the function contract.
    unsafe { AtomicU16::from_ptr(p).store(v, Ordering::Release) }
}

impl io_uring {
    /// liburing's `io_uring_setup_buf_ring`: allocate, register and initialise a buffer ring
    /// of `nentries` for group `bgid`. With IOU_PBUF_RING_MMAP the kernel allocates the ring
    /// and it is mapped from the ring fd; otherwise it is anonymous memory mapped here.
    ///
    /// Nothing outlives a failure: memory mapped here is unmapped when registration fails,
    /// and (a deliberate difference from liburing, which leaves it registered) a kernel-
    /// allocated ring whose mmap fails is unregistered again.
    pub(crate) fn setup_buf_ring(
        &self,
        nentries: u32,
        bgid: c_int,
        flags: u32,
    ) -> Result<*mut io_uring_buf_ring, c_int> {
        let size = ring_size(nentries);
        let mut reg = io_uring_buf_reg {
            ring_entries: nentries,
            bgid: bgid as u16,
            flags: flags as u16,
            ..Default::default()
        };
        let br = if flags & IOU_PBUF_RING_MMAP != 0 {
            let ret = self.register_buf_ring(&mut reg, flags);
            if ret != 0 {
                return Err(ret);
            }
            let off = IORING_OFF_PBUF_RING | ((bgid as u16 as u64) << IORING_OFF_PBUF_SHIFT);
            let prot = libc::PROT_READ | libc::PROT_WRITE;
            // SAFETY: a fresh shared mapping of the kernel's ring for this group.
            match unsafe {
                syscall::mmap(
                    core::ptr::null_mut(),
                    size,
                    prot,
                    libc::MAP_SHARED | libc::MAP_POPULATE,
                    self.ring_fd,
                    off,
                )
            } {
                Ok(p) => p.cast::<io_uring_buf_ring>(),
                Err(e) => {
                    self.unregister_buf_ring(bgid);
                    return Err(e);
                }
            }
        } else {
            let prot = libc::PROT_READ | libc::PROT_WRITE;
            // SAFETY: a fresh private anonymous mapping.
            let p = unsafe {
                syscall::mmap(
                    core::ptr::null_mut(),
                    size,
                    prot,
                    libc::MAP_ANONYMOUS | libc::MAP_PRIVATE,
                    -1,
                    0,
                )
            }?;
            reg.ring_addr = p as u64;
            let ret = self.register_buf_ring(&mut reg, flags);
            if ret != 0 {
                // SAFETY: `p` is the mapping made just above, not handed to anyone.
                unsafe { syscall::munmap(p, size) };
                return Err(ret);
            }
            p.cast::<io_uring_buf_ring>()
        };
        // SAFETY: `br` is the freshly mapped ring.
        unsafe { io_uring_buf_ring_init(br) };
        Ok(br)
    }

    /// liburing's `io_uring_free_buf_ring`: unregister group `bgid`, then unmap its ring.
    /// On failure to unregister, the memory stays mapped and the error is returned.
    pub(crate) fn free_buf_ring(&self, br: *mut io_uring_buf_ring, nentries: u32, bgid: c_int) -> c_int {
        let ret = self.unregister_buf_ring(bgid);
        if ret != 0 {
            return ret;
        }
        // SAFETY: the caller passes the ring io_uring_setup_buf_ring returned for these sizes.
        unsafe { syscall::munmap(br.cast(), ring_size(nentries)) };
        0
    }

    /// liburing's `io_uring_buf_ring_available`: buffers published but not yet consumed.
    ///
    /// # Safety
    /// `br` must point to the live ring of group `bgid`.
    pub unsafe fn buf_ring_available(&mut self, br: *mut io_uring_buf_ring, bgid: u16) -> c_int {
        // SAFETY: per the function contract.
        unsafe { io_uring_buf_ring_available(self, br, bgid) }
    }
}

// ---- C ABI ----

/// liburing: `io_uring_register_buf_ring(3)`. `flags` is or-ed into `reg->flags`, as liburing
/// does.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buf_ring(
    ring: *mut io_uring,
    reg: *mut io_uring_buf_reg,
    flags: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_buf_ring(reg, flags) }
}

/// liburing: `io_uring_unregister_buf_ring(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_buf_ring(ring: *mut io_uring, bgid: c_int) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_buf_ring(bgid) }
}

/// liburing: `io_uring_buf_ring_head(3)`: `*head` is written only on success.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_head(
    ring: *mut io_uring,
    buf_group: c_int,
    head: *mut u16,
) -> c_int {
    // SAFETY: the caller passes an initialised ring and a writable `head`.
    unsafe {
        match (*ring).buf_ring_head(buf_group) {
            Ok(h) => {
                *head = h;
                0
            }
            Err(e) => e,
        }
    }
}

/// liburing: `io_uring_setup_buf_ring(3)`. Returns the ring, or NULL with `*err` set to the
/// `-errno` (`*err` is 0 on success). A NULL `err` is tolerated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_setup_buf_ring(
    ring: *mut io_uring,
    nentries: c_uint,
    bgid: c_int,
    flags: c_uint,
    err: *mut c_int,
) -> *mut io_uring_buf_ring {
    // SAFETY: the caller passes an initialised ring.
    let (br, e) = match unsafe { (*ring).setup_buf_ring(nentries, bgid, flags) } {
        Ok(br) => (br, 0),
        Err(e) => (core::ptr::null_mut(), e),
    };
    if !err.is_null() {
        // SAFETY: a non-NULL `err` is writable.
        unsafe { *err = e };
    }
    br
}

/// liburing: `io_uring_free_buf_ring(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_free_buf_ring(
    ring: *mut io_uring,
    br: *mut io_uring_buf_ring,
    nentries: c_uint,
    bgid: c_int,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).free_buf_ring(br, nentries, bgid) }
}

/// liburing: `io_uring_buf_ring_mask(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub extern "C" fn io_uring_buf_ring_mask(ring_entries: __u32) -> c_int {
    ring_entries.wrapping_sub(1) as c_int
}

/// liburing: `io_uring_buf_ring_init(3)`: an empty ring (tail 0).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_init(br: *mut io_uring_buf_ring) {
    // SAFETY: the caller passes a live buffer ring.
    unsafe { store_relaxed_u16(io_uring_buf_ring::tail_ptr(br), 0) }
}

/// liburing: `io_uring_buf_ring_add(3)`: describe a buffer in slot `(tail + buf_offset) & mask`,
/// not yet visible to the kernel. The tail shares the first entry with the header: only `addr`,
/// `len` and `bid` are written, never `resv`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_add(
    br: *mut io_uring_buf_ring,
    addr: *mut c_void,
    len: c_uint,
    bid: c_ushort,
    mask: c_int,
    buf_offset: c_int,
) {
    // SAFETY: the caller passes a live buffer ring of mask + 1 entries; the index is masked
    // into the ring (only the application writes the tail).
    unsafe {
        let idx: c_int = (load_relaxed_u16(io_uring_buf_ring::tail_ptr(br)) as c_int)
            .wrapping_add(buf_offset)
            & mask;
        let buf: *mut io_uring_buf = (br as *mut io_uring_buf).add(idx as c_uint as usize);
        (*buf).addr = addr as usize as u64;
        (*buf).len = len;
        (*buf).bid = bid;
    }
}

/// liburing: `io_uring_buf_ring_advance(3)`: publish `count` added buffers (release store).
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_advance(br: *mut io_uring_buf_ring, count: c_int) {
    // SAFETY: the caller passes a live buffer ring; only the application writes the tail.
    unsafe {
        let tail: *mut u16 = io_uring_buf_ring::tail_ptr(br);
        store_release_u16(tail, load_relaxed_u16(tail).wrapping_add(count as u16));
    }
}

/// liburing: `__io_uring_buf_ring_cq_advance`: publish `buf_count` buffers and mark
/// `cq_count` CQEs seen.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_buf_ring_cq_advance(
    ring: *mut io_uring,
    br: *mut io_uring_buf_ring,
    cq_count: c_int,
    buf_count: c_int,
) {
    // SAFETY: the caller passes an initialised ring and a live buffer ring.
    unsafe {
        io_uring_buf_ring_advance(br, buf_count);
        io_uring_cq_advance(ring, cq_count as c_uint);
    }
}

/// liburing: `io_uring_buf_ring_cq_advance(3)`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_cq_advance(
    ring: *mut io_uring,
    br: *mut io_uring_buf_ring,
    count: c_int,
) {
    // SAFETY: forwarded from the caller.
    unsafe { __io_uring_buf_ring_cq_advance(ring, br, count, count) }
}

/// liburing: `io_uring_buf_ring_available(3)`: published minus consumed, or `-errno`.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_available(
    ring: *mut io_uring,
    br: *mut io_uring_buf_ring,
    bgid: c_ushort,
) -> c_int {
    // SAFETY: the caller passes an initialised ring and the live ring of `bgid`.
    unsafe {
        let mut head: u16 = 0;
        let ret: c_int = io_uring_buf_ring_head(ring, bgid as c_int, &mut head);
        if ret != 0 {
            return ret;
        }
        load_relaxed_u16(io_uring_buf_ring::tail_ptr(br)).wrapping_sub(head) as c_int
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[repr(C, align(16))]
    struct Ring8([io_uring_buf; 8]);

    #[test]
    fn added_buffers_land_at_the_tail_and_keep_the_tail_word() {
        let mut mem = Ring8([io_uring_buf::default(); 8]);
        let br = mem.0.as_mut_ptr().cast::<io_uring_buf_ring>();
        unsafe {
            io_uring_buf_ring_init(br);
            for i in 0..8u16 {
                io_uring_buf_ring_add(
                    br,
                    (0x1000 * (i as usize + 1)) as *mut c_void,
                    64,
                    i,
                    7,
                    i as c_int,
                );
            }
            assert_eq!(
                load_relaxed_u16(io_uring_buf_ring::tail_ptr(br)),
                0,
                "adding does not publish"
            );
            io_uring_buf_ring_advance(br, 8);
            assert_eq!(load_relaxed_u16(io_uring_buf_ring::tail_ptr(br)), 8);
        }
        assert_eq!(mem.0[0].resv, 8, "the tail is bufs[0].resv");
        assert_eq!(mem.0[3].addr, 0x4000);
        assert_eq!(mem.0[3].bid, 3);
        assert_eq!(mem.0[7].len, 64);
    }

    #[test]
    fn the_tail_wraps_at_sixteen_bits() {
        let mut mem = Ring8([io_uring_buf::default(); 8]);
        let br = mem.0.as_mut_ptr().cast::<io_uring_buf_ring>();
        unsafe {
            store_relaxed_u16(io_uring_buf_ring::tail_ptr(br), u16::MAX);
            io_uring_buf_ring_add(br, 0x10 as *mut c_void, 1, 9, 7, 1);
            io_uring_buf_ring_advance(br, 2);
            assert_eq!(load_relaxed_u16(io_uring_buf_ring::tail_ptr(br)), 1);
        }
        assert_eq!(mem.0[0].bid, 9, "slot (0xffff + 1) & 7 == 0");
    }

    #[test]
    fn mask_is_entries_minus_one() {
        assert_eq!(io_uring_buf_ring_mask(32), 31);
    }
}
