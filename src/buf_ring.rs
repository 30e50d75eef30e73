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
                Ok(p) => {
                    self.trace_buf_ring(bgid as u16, p.cast_const(), nentries, flags);
                    p.cast::<io_uring_buf_ring>()
                }
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
    pub(crate) fn free_buf_ring(
        &self,
        br: *mut io_uring_buf_ring,
        nentries: u32,
        bgid: c_int,
    ) -> c_int {
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

/// liburing: `io_uring_register_buf_ring(3)`: register a ring of provided buffers.
///
/// `io_uring_register_buf_ring()` registers the buffer ring described by `reg`
/// (IORING_REGISTER_PBUF_RING, Linux 5.19): `reg->ring_addr` points at `reg->ring_entries` (a
/// power of two) `struct io_uring_buf` entries in page-aligned memory the caller allocated, and
/// `reg->bgid` is its buffer group id. `flags` is or-ed into `reg->flags` (IOU_PBUF_RING_MMAP to
/// let the kernel allocate the ring, IOU_PBUF_RING_INC for incremental consumption). Requests
/// with IOSQE_BUFFER_SELECT and that group then take their buffers from it.
/// `io_uring_unregister_buf_ring()` unregisters group `bgid`.
///
/// `io_uring_setup_buf_ring()` does it all: it maps memory for `nentries` entries, initializes
/// the ring and registers it as group `bgid`; `io_uring_free_buf_ring()` unregisters it and
/// unmaps the memory.
///
/// # Return value
/// `io_uring_register_buf_ring()`, `io_uring_unregister_buf_ring()`, `io_uring_free_buf_ring()`:
/// 0 on success, or a negative errno value. `io_uring_setup_buf_ring()`: the buffer ring, or NULL
/// with the negative errno value in `*err` (0 there on success; `err` may be NULL).
///
/// # Errors
/// - `-EINVAL`: `ring_entries` is not a power of two or too large, the address is not
///   page-aligned, or a reserved field is not zero.
/// - `-EEXIST`: group `bgid` is already registered.
/// - `-ENOENT`: (unregister, free) group `bgid` is not registered.
/// - `-ENOMEM`: the memory could not be mapped or pinned.
/// - `-EFAULT`: `reg` or the ring memory is not accessible.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buf_ring(
    ring: *mut io_uring,
    reg: *mut io_uring_buf_reg,
    flags: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_buf_ring(reg, flags) }
}

/// liburing: `io_uring_unregister_buf_ring(3)`: unregister a ring of provided buffers.
/// man: io_uring_register_buf_ring
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_buf_ring(ring: *mut io_uring, bgid: c_int) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_buf_ring(bgid) }
}

/// liburing: `io_uring_buf_ring_head(3)`: the kernel's head of a buffer ring.
///
/// Stores in `*head` the head of the buffer ring of group `buf_group`: the index of the next
/// buffer the kernel will take (IORING_REGISTER_PBUF_STATUS, Linux 6.8).
///
/// # Return value
/// 0 on success, or a negative errno value; `*head` is written only on success.
///
/// # Errors
/// - `-ENOENT`: group `buf_group` is not registered.
/// - `-EINVAL`: the group is not a buffer ring, or the kernel lacks the operation.
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

/// liburing: `io_uring_setup_buf_ring(3)`: allocate, initialize and register a buffer ring.
/// man: io_uring_register_buf_ring
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

/// liburing: `io_uring_free_buf_ring(3)`: unregister and free a buffer ring.
/// man: io_uring_register_buf_ring
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

/// liburing: `io_uring_buf_ring_mask(3)`: the index mask of a buffer ring.
///
/// Returns `ring_entries - 1`, the mask that `io_uring_buf_ring_add(3)` takes.
///
/// # Return value
/// The mask.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub extern "C" fn io_uring_buf_ring_mask(ring_entries: __u32) -> c_int {
    ring_entries.wrapping_sub(1) as c_int
}

/// liburing: `io_uring_buf_ring_init(3)`: initialize a buffer ring.
///
/// Sets the tail of the buffer ring `br` to 0: an empty ring, as it must be before
/// `io_uring_register_buf_ring(3)` (`io_uring_setup_buf_ring(3)` does it itself).
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_init(br: *mut io_uring_buf_ring) {
    // SAFETY: the caller passes a live buffer ring.
    unsafe { store_relaxed_u16(io_uring_buf_ring::tail_ptr(br), 0) }
}

/// liburing: `io_uring_buf_ring_add(3)`: add a buffer to a buffer ring.
///
/// Describes the buffer `addr` of `len` bytes, with buffer id `bid`, in the slot `buf_offset`
/// entries after the ring's tail (masked by `mask`, from `io_uring_buf_ring_mask(3)`). The
/// kernel does not see it until `io_uring_buf_ring_advance(3)` moves the tail past it, so
/// several buffers can be added and published at once.
///
/// # Errors
/// None.
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
        // In unsigned arithmetic: its C translation (inline.h) must wrap like this Rust does,
        // and `int` overflow is undefined in C (liburing's own `tail + buf_offset` overflows
        // for offsets near INT_MAX; found by fuzz/bufring.c).
        let idx: c_uint = (load_relaxed_u16(io_uring_buf_ring::tail_ptr(br)) as c_uint)
            .wrapping_add(buf_offset as c_uint)
            & (mask as c_uint);
        let buf: *mut io_uring_buf = (br as *mut io_uring_buf).add(idx as usize);
        (*buf).addr = addr as usize as u64;
        (*buf).len = len;
        (*buf).bid = bid;
    }
}

/// liburing: `io_uring_buf_ring_advance(3)`: publish added buffers.
///
/// `io_uring_buf_ring_advance()` moves the tail of `br` by `count`, handing the buffers added
/// with `io_uring_buf_ring_add(3)` to the kernel (a release store: their descriptions are
/// visible before the tail). `io_uring_buf_ring_cq_advance()` also marks `count` completions
/// consumed, as `io_uring_cq_advance(3)` does, for the common case of recycling one buffer per
/// completion; `__io_uring_buf_ring_cq_advance()` publishes `buf_count` buffers and consumes
/// `cq_count` completions.
///
/// # Errors
/// None.
/// c: inline
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_buf_ring_advance(br: *mut io_uring_buf_ring, count: c_int) {
    // SAFETY: the caller passes a live buffer ring; only the application writes the tail.
    unsafe {
        let tail: *mut u16 = io_uring_buf_ring::tail_ptr(br);
        store_release_u16(tail, load_relaxed_u16(tail).wrapping_add(count as u16));
    }
}

/// liburing: `__io_uring_buf_ring_cq_advance`: publish buffers and consume completions, counted apart.
/// man: io_uring_buf_ring_advance
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

/// liburing: `io_uring_buf_ring_cq_advance(3)`: publish buffers and consume completions.
/// man: io_uring_buf_ring_advance
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

/// liburing: `io_uring_buf_ring_available(3)`: how many buffers a buffer ring still has.
///
/// Returns the number of buffers of the buffer ring `br` (group `bgid`) that have been published
/// with `io_uring_buf_ring_advance(3)` and not yet consumed by the kernel.
///
/// # Return value
/// The number of buffers, or a negative errno value.
///
/// # Errors
/// The errors of `io_uring_buf_ring_head(3)`.
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
    fn an_offset_near_int_max_wraps_into_the_ring() {
        let mut mem = Ring8([io_uring_buf::default(); 8]);
        let br = mem.0.as_mut_ptr().cast::<io_uring_buf_ring>();
        unsafe {
            store_relaxed_u16(io_uring_buf_ring::tail_ptr(br), 61801);
            io_uring_buf_ring_add(br, 0x10 as *mut c_void, 1, 5, 7, c_int::MAX);
        }
        // (61801 + 0x7fffffff) mod 2^32 = 0x8000f168, & 7 = 0
        assert_eq!(mem.0[0].bid, 5);
    }

    #[test]
    fn mask_is_entries_minus_one() {
        assert_eq!(io_uring_buf_ring_mask(32), 31);
    }
}
