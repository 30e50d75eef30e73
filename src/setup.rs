//! Creating, mapping and tearing down rings (liburing's `setup.c`).

use core::ffi::{c_int, c_uint, c_void};
use core::ptr;

use crate::ring::*;
use crate::syscall;
use crate::uapi::*;

/// Size of the kernel's ring header (`struct io_rings` up to its cache-aligned `cqes[]`).
const KRING_SIZE: usize = 64;
const CACHELINE: usize = 64;

fn align_up(n: usize, to: usize) -> usize {
    (n + to - 1) & !(to - 1)
}

fn sqe_size(flags: u32) -> usize {
    if flags & IORING_SETUP_SQE128 != 0 {
        128
    } else {
        64
    }
}

fn cqe_size(flags: u32) -> usize {
    if flags & IORING_SETUP_CQE32 != 0 {
        32
    } else {
        16
    }
}

/// SQ and CQ sizes the kernel will pick for `entries` and `p`, checked the way liburing checks
/// them before the kernel sees them: 0 or too many entries is `-EINVAL` unless IORING_SETUP_CLAMP.
pub fn sq_cq_entries(entries: u32, p: &io_uring_params) -> Result<(u32, u32), c_int> {
    let clamp = p.flags & IORING_SETUP_CLAMP != 0;
    if entries == 0 || (entries > KERN_MAX_ENTRIES && !clamp) {
        return Err(-libc::EINVAL);
    }
    let sq = entries.min(KERN_MAX_ENTRIES).next_power_of_two();
    let cq = if p.flags & IORING_SETUP_CQSIZE != 0 {
        if p.cq_entries == 0 || (p.cq_entries > KERN_MAX_CQ_ENTRIES && !clamp) {
            return Err(-libc::EINVAL);
        }
        let cq = p.cq_entries.min(KERN_MAX_CQ_ENTRIES).next_power_of_two();
        if cq < sq {
            return Err(-libc::EINVAL);
        }
        cq
    } else {
        2 * sq
    };
    Ok((sq, cq))
}

/// Bytes of the rings region (header, CQEs and, unless NO_SQARRAY, the SQ index array).
fn rings_bytes(flags: u32, sq: u32, cq: u32) -> usize {
    let mut n = KRING_SIZE + cq as usize * cqe_size(flags);
    if flags & IORING_SETUP_NO_SQARRAY == 0 {
        n = align_up(n, CACHELINE) + sq as usize * 4;
    }
    n
}

/// Memory for an IORING_SETUP_NO_MMAP ring: SQEs first, rings right after on a page boundary,
/// in the caller's buffer or in one anonymous mapping. Returns the bytes used.
///
/// liburing maps a huge page when the rings exceed one page. Linux 6.10 and later accept any
/// page-backed region (they vmap it), so one ordinary mapping of the needed size is used
/// first; `huge` maps one huge page instead, as liburing does, for the kernels that want each
/// region physically contiguous (6.5 to 6.9: see [`wants_contiguous_retry`]).
fn alloc_no_mmap(
    entries: u32,
    p: &mut io_uring_params,
    ring: &mut io_uring,
    buf: *mut c_void,
    buf_size: usize,
    huge: bool,
) -> Result<usize, c_int> {
    let (sqes_mem, used) = no_mmap_layout(entries, p)?;
    let base = if buf.is_null() {
        let (size, extra) = if huge {
            if used > HUGE_PAGE {
                return Err(-libc::ENOMEM);
            }
            (HUGE_PAGE, libc::MAP_HUGETLB)
        } else {
            (used, 0)
        };
        // SAFETY: a fresh anonymous mapping owned by this ring.
        let m = unsafe {
            syscall::mmap(
                ptr::null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_ANONYMOUS | extra,
                -1,
                0,
            )
        }?;
        ring.sq.sqes_sz = size as c_uint;
        m
    } else {
        if used > buf_size {
            return Err(-libc::ENOMEM);
        }
        ring.int_flags |= INT_FLAG_APP_MEM;
        buf
    };
    ring.sq.sqes = base.cast();
    ring.sq.ring_ptr = base.cast::<u8>().wrapping_add(sqes_mem).cast();
    ring.cq.ring_ptr = ring.sq.ring_ptr;
    p.sq_off.user_addr = base as u64;
    p.cq_off.user_addr = ring.sq.ring_ptr as u64;
    Ok(used)
}

/// The huge page liburing maps for an IORING_SETUP_NO_MMAP ring's memory (x86-64's 2 MiB).
const HUGE_PAGE: usize = 2 << 20;

/// Whether a NO_MMAP setup the kernel refused should be tried again in one huge page, as
/// liburing places it: the kernel answered EINVAL, the memory was this library's own ordinary
/// mapping, and one of its two regions (the SQEs, the rings) spans more than one page. Linux
/// 6.5 to 6.9 take each region only if it is physically contiguous, one page or a huge page
/// (`__io_uaddr_map`; 6.10's "io_uring: use vmap() for ring mapping" lifted it), and refuse
/// anything else with EINVAL. Where both regions fit a page each, as liburing then places
/// them too, the EINVAL has another cause (a kernel without NO_MMAP) and stands.
fn wants_contiguous_retry(
    fd: c_int,
    own_memory: bool,
    regions: (usize, usize),
    page: usize,
) -> bool {
    fd == -libc::EINVAL && own_memory && (regions.0 > page || regions.1 > page)
}

/// Where an IORING_SETUP_NO_MMAP ring's memory goes: (bytes of SQEs, page-rounded, after which
/// the rings start; total bytes, page-rounded).
fn no_mmap_layout(entries: u32, p: &io_uring_params) -> Result<(usize, usize), c_int> {
    let (sq, cq) = sq_cq_entries(entries, p)?;
    let page = syscall::page_size();
    let sqes_mem = align_up(sq as usize * sqe_size(p.flags), page);
    Ok((
        sqes_mem,
        align_up(sqes_mem + rings_bytes(p.flags, sq, cq), page),
    ))
}

/// liburing 2.11's `io_uring_memory_size_params`: the bytes a ring with these parameters
/// needs, exactly what `io_uring_queue_init_mem` with the same flags uses.
pub fn memory_size_params(entries: u32, p: &io_uring_params) -> libc::ssize_t {
    match no_mmap_layout(entries, p) {
        Ok((_, used)) => used as libc::ssize_t,
        Err(e) => e as libc::ssize_t,
    }
}

/// Point the ring's `k*` fields into the mapping and cache masks and sizes
/// (liburing's `io_uring_setup_ring_pointers`).
fn setup_ring_pointers(p: &io_uring_params, sq: &mut io_uring_sq, cq: &mut io_uring_cq) {
    let at = |base: *mut c_void, off: u32| {
        base.cast::<u8>()
            .wrapping_add(off as usize)
            .cast::<c_uint>()
    };
    sq.khead = at(sq.ring_ptr, p.sq_off.head);
    sq.ktail = at(sq.ring_ptr, p.sq_off.tail);
    sq.kring_mask = at(sq.ring_ptr, p.sq_off.ring_mask);
    sq.kring_entries = at(sq.ring_ptr, p.sq_off.ring_entries);
    sq.kflags = at(sq.ring_ptr, p.sq_off.flags);
    sq.kdropped = at(sq.ring_ptr, p.sq_off.dropped);
    if p.flags & IORING_SETUP_NO_SQARRAY == 0 {
        sq.array = at(sq.ring_ptr, p.sq_off.array);
    }
    cq.khead = at(cq.ring_ptr, p.cq_off.head);
    cq.ktail = at(cq.ring_ptr, p.cq_off.tail);
    cq.kring_mask = at(cq.ring_ptr, p.cq_off.ring_mask);
    cq.kring_entries = at(cq.ring_ptr, p.cq_off.ring_entries);
    cq.koverflow = at(cq.ring_ptr, p.cq_off.overflow);
    cq.cqes = at(cq.ring_ptr, p.cq_off.cqes).cast();
    if p.cq_off.flags != 0 {
        cq.kflags = at(cq.ring_ptr, p.cq_off.flags);
    }
    // SAFETY: the offsets come from the kernel and point into the mapping just made.
    unsafe {
        sq.ring_mask = *sq.kring_mask;
        sq.ring_entries = *sq.kring_entries;
        cq.ring_mask = *cq.kring_mask;
        cq.ring_entries = *cq.kring_entries;
    }
}

/// Unmap the SQ and CQ ring mappings (not the SQEs).
fn unmap_rings(sq: &mut io_uring_sq, cq: &mut io_uring_cq) {
    // SAFETY: ring_sz is non-zero only for mappings this library made.
    unsafe {
        if sq.ring_sz != 0 {
            syscall::munmap(sq.ring_ptr, sq.ring_sz);
        }
        if !cq.ring_ptr.is_null() && cq.ring_sz != 0 && cq.ring_ptr != sq.ring_ptr {
            syscall::munmap(cq.ring_ptr, cq.ring_sz);
        }
    }
}

/// Map the rings and SQEs of ring `fd` (liburing's `io_uring_mmap`). Maps nothing on failure
/// and leaves `sq`/`cq` zeroed then, so no stale pointer or size is unmapped later.
pub(crate) fn mmap_rings(
    fd: c_int,
    p: &io_uring_params,
    sq: &mut io_uring_sq,
    cq: &mut io_uring_cq,
) -> c_int {
    let ret = try_mmap_rings(fd, p, sq, cq);
    if ret != 0 {
        *sq = io_uring::zeroed().sq;
        *cq = io_uring::zeroed().cq;
    }
    ret
}

fn try_mmap_rings(
    fd: c_int,
    p: &io_uring_params,
    sq: &mut io_uring_sq,
    cq: &mut io_uring_cq,
) -> c_int {
    let sqes_bytes = p.sq_entries as usize * sqe_size(p.flags);
    let Ok(sqes_sz) = c_uint::try_from(sqes_bytes) else {
        return -libc::EINVAL;
    };
    sq.ring_sz = if p.flags & IORING_SETUP_NO_SQARRAY == 0 {
        p.sq_off.array as usize + p.sq_entries as usize * 4
    } else {
        p.cq_off.cqes as usize
    };
    cq.ring_sz = p.cq_off.cqes as usize + p.cq_entries as usize * cqe_size(p.flags);
    let single = p.features & IORING_FEAT_SINGLE_MMAP != 0;
    if single {
        sq.ring_sz = sq.ring_sz.max(cq.ring_sz);
        cq.ring_sz = sq.ring_sz;
    }
    let map = |len: usize, off: u64| {
        // SAFETY: mapping a region of the ring fd the kernel offers at `off`.
        unsafe {
            syscall::mmap(
                ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_POPULATE,
                fd,
                off,
            )
        }
    };
    sq.ring_ptr = match map(sq.ring_sz, IORING_OFF_SQ_RING) {
        Ok(m) => m,
        Err(e) => return e,
    };
    if single {
        cq.ring_ptr = sq.ring_ptr;
    } else {
        match map(cq.ring_sz, IORING_OFF_CQ_RING) {
            Ok(m) => cq.ring_ptr = m,
            Err(e) => {
                cq.ring_ptr = ptr::null_mut();
                unmap_rings(sq, cq);
                return e;
            }
        }
    }
    match map(sqes_bytes, IORING_OFF_SQES) {
        Ok(m) => {
            sq.sqes = m.cast();
            sq.sqes_sz = sqes_sz;
        }
        Err(e) => {
            unmap_rings(sq, cq);
            return e;
        }
    }
    setup_ring_pointers(p, sq, cq);
    0
}

/// Fill the SQ index array with the identity map: slot i always names SQE i.
fn identity_sq_array(sq: &io_uring_sq) {
    if sq.array.is_null() {
        return;
    }
    for i in 0..sq.ring_entries {
        // SAFETY: the array has ring_entries slots.
        unsafe { *sq.array.add(i as usize) = i };
    }
}

impl io_uring {
    /// liburing's `__io_uring_queue_init_params`: create the ring, map it, fill every field.
    /// Returns the bytes of `buf` used (NO_MMAP) or 0, or `-errno` with nothing left behind.
    fn init_with(
        &mut self,
        entries: u32,
        p: &mut io_uring_params,
        buf: *mut c_void,
        buf_size: usize,
    ) -> c_int {
        *self = io_uring::zeroed();
        if p.flags & IORING_SETUP_REGISTERED_FD_ONLY != 0 && p.flags & IORING_SETUP_NO_MMAP == 0 {
            return -libc::EINVAL;
        }
        let no_mmap = p.flags & IORING_SETUP_NO_MMAP != 0;
        let mut used = 0;
        if no_mmap {
            match alloc_no_mmap(entries, p, self, buf, buf_size, false) {
                Ok(n) => used = n as c_int,
                Err(e) => return e,
            }
        }
        // SAFETY: p is a valid, writable params struct.
        let mut fd = unsafe { syscall::setup(entries, p) };
        let regions = no_mmap_layout(entries, p).map_or((0, 0), |(sqes, all)| (sqes, all - sqes));
        if no_mmap && wants_contiguous_retry(fd, buf.is_null(), regions, syscall::page_size()) {
            self.free_memory();
            *self = io_uring::zeroed();
            if let Err(e) = alloc_no_mmap(entries, p, self, buf, buf_size, true) {
                return e;
            }
            // SAFETY: as above.
            fd = unsafe { syscall::setup(entries, p) };
        }
        if fd < 0 {
            self.free_memory();
            return fd;
        }
        if no_mmap {
            let (sq, cq) = (&mut self.sq, &mut self.cq);
            setup_ring_pointers(p, sq, cq);
        } else {
            let ret = mmap_rings(fd, p, &mut self.sq, &mut self.cq);
            if ret != 0 {
                syscall::close(fd);
                return ret;
            }
        }
        identity_sq_array(&self.sq);
        self.features = p.features;
        self.flags = p.flags;
        self.enter_ring_fd = fd;
        if p.flags & IORING_SETUP_REGISTERED_FD_ONLY != 0 {
            self.ring_fd = -1;
            self.int_flags |= INT_FLAG_REG_RING | INT_FLAG_REG_REG_RING;
        } else {
            self.ring_fd = fd;
        }
        // IOPOLL completions are only found by entering, unless an SQPOLL thread polls for us.
        if self.flags & (IORING_SETUP_IOPOLL | IORING_SETUP_SQPOLL) == IORING_SETUP_IOPOLL {
            self.int_flags |= INT_FLAG_CQ_ENTER;
        }
        self.trace_setup();
        used
    }

    /// Set up with IORING_SETUP_NO_SQARRAY where the kernel takes it (as liburing >= 2.6 does),
    /// falling back to the SQ array unless the caller asked for NO_SQARRAY explicitly.
    pub(crate) fn init_params(
        &mut self,
        entries: u32,
        p: &mut io_uring_params,
        buf: *mut c_void,
        buf_size: usize,
    ) -> c_int {
        let flags = p.flags;
        p.flags |= IORING_SETUP_NO_SQARRAY;
        let ret = self.init_with(entries, p, buf, buf_size);
        if ret != -libc::EINVAL || flags & IORING_SETUP_NO_SQARRAY != 0 {
            return ret;
        }
        p.flags = flags;
        self.init_with(entries, p, buf, buf_size)
    }

    /// Release the SQE and ring memory this library mapped (none for app-provided memory).
    fn free_memory(&mut self) {
        if self.int_flags & INT_FLAG_APP_MEM == 0 && !self.sq.sqes.is_null() {
            // SAFETY: sqes/sqes_sz describe a mapping made by this library.
            unsafe { syscall::munmap(self.sq.sqes.cast(), self.sq.sqes_sz as usize) };
        }
        unmap_rings(&mut self.sq, &mut self.cq);
    }

    /// liburing's `io_uring_queue_exit`.
    pub(crate) fn exit(&mut self) {
        self.trace_exit();
        self.free_memory();
        if self.int_flags & INT_FLAG_REG_RING != 0 {
            self.unregister_ring_fd();
        }
        if self.ring_fd != -1 {
            syscall::close(self.ring_fd);
        }
        // A second exit, or a use after exit, finds nothing to unmap or close twice.
        *self = io_uring::zeroed();
        self.ring_fd = -1;
        self.enter_ring_fd = -1;
    }

    /// liburing's `io_uring_ring_dontfork`.
    pub(crate) fn dontfork(&self) -> c_int {
        if self.sq.ring_ptr.is_null() || self.sq.sqes.is_null() || self.cq.ring_ptr.is_null() {
            return -libc::EINVAL;
        }
        let regions = [
            (
                self.sq.sqes.cast::<c_void>(),
                self.sq.ring_entries as usize * sqe_size(self.flags),
            ),
            (self.sq.ring_ptr, self.sq.ring_sz),
            (
                self.cq.ring_ptr,
                if self.cq.ring_ptr != self.sq.ring_ptr {
                    self.cq.ring_sz
                } else {
                    0
                },
            ),
        ];
        for (addr, len) in regions {
            if len == 0 {
                continue;
            }
            // SAFETY: advising a mapping owned by the ring.
            let ret = unsafe { syscall::madvise(addr, len, libc::MADV_DONTFORK) };
            if ret < 0 {
                return ret;
            }
        }
        0
    }

    /// liburing's `io_uring_resize_rings`: let the kernel resize, then remap at the new size.
    ///
    /// The kernel carries over the SQEs it has been told about (up to the shared SQ tail) and
    /// the unreaped CQEs. SQEs prepared but not yet submitted live only in the old SQE array, so
    /// they are copied to their positions in the new one before the old mapping goes (liburing
    /// loses them and leaves the old SQE mapping behind).
    pub(crate) fn resize(&mut self, p: &mut io_uring_params) -> c_int {
        if self.flags & IORING_SETUP_NO_MMAP != 0 {
            return -libc::EINVAL;
        }
        // The new rings are mapped through the ring fd: without one (io_uring_close_ring_fd)
        // refuse before the kernel switches rings rather than after.
        if self.ring_fd < 0 {
            return -libc::EBADF;
        }
        p.sq_off = Default::default();
        p.cq_off = Default::default();
        let ret = self.do_register(
            IORING_REGISTER_RESIZE_RINGS,
            (p as *mut io_uring_params).cast(),
            1,
        );
        if ret < 0 {
            p.flags = 0;
            return ret;
        }
        let (mut sq, mut cq) = (io_uring::zeroed().sq, io_uring::zeroed().cq);
        let ret = mmap_rings(self.ring_fd, p, &mut sq, &mut cq);
        p.flags = 0;
        if ret != 0 {
            // The kernel already switched rings; without a mapping this ring is unusable
            // (as in liburing), but nothing stale is left for queue_exit to unmap.
            self.free_memory();
            self.sq = sq;
            self.cq = cq;
            return ret;
        }
        let shift = self.sqe_shift();
        let sqe_bytes = sqe_size(self.flags);
        // SAFETY: the new ring is mapped; khead/ktail were copied over by the kernel.
        let (khead, ktail) = unsafe { (load_acquire(sq.khead), load_relaxed(sq.ktail)) };
        let mut tail = self.sq.sqe_tail;
        if tail.wrapping_sub(khead) > sq.ring_entries {
            tail = khead.wrapping_add(sq.ring_entries);
        }
        let mut i = ktail;
        while i != tail {
            let from = ((i & self.sq.ring_mask) << shift) as usize;
            let to = ((i & sq.ring_mask) << shift) as usize;
            // SAFETY: both indices are masked into their SQE arrays; the arrays do not overlap.
            unsafe {
                ptr::copy_nonoverlapping(
                    self.sq.sqes.add(from).cast::<u8>(),
                    sq.sqes.add(to).cast::<u8>(),
                    sqe_bytes,
                )
            };
            i = i.wrapping_add(1);
        }
        sq.sqe_head = self.sq.sqe_head;
        sq.sqe_tail = tail;
        self.free_memory();
        self.sq = sq;
        self.cq = cq;
        identity_sq_array(&self.sq);
        0
    }
}

/// Bytes of locked memory a ring of `entries` would need (0 on kernels that account rings to
/// the memory cgroup instead, IORING_FEAT_NATIVE_WORKERS).
pub fn mlock_size_params(entries: u32, p: &io_uring_params) -> libc::ssize_t {
    let mut probe = io_uring_params::default();
    let mut ring = io_uring::zeroed();
    if ring.init_params(entries, &mut probe, ptr::null_mut(), 0) == 0 {
        ring.exit();
    }
    mlock_size_with(probe.features, entries, p)
}

/// `mlock_size_params` on a kernel reporting `features` (tests clear bits in it to take the
/// path of kernels before IORING_FEAT_NATIVE_WORKERS, 5.12).
fn mlock_size_with(features: u32, entries: u32, p: &io_uring_params) -> libc::ssize_t {
    if features & IORING_FEAT_NATIVE_WORKERS != 0 {
        return 0;
    }
    let (sq, cq) = match sq_cq_entries(entries, p) {
        Ok(v) => v,
        Err(e) => return e as isize,
    };
    let page = syscall::page_size();
    let rings = align_up(rings_bytes(p.flags, sq, cq), page);
    let sqes = align_up(sq as usize * sqe_size(p.flags), page);
    (rings + sqes) as isize
}

// ---- C ABI ----

/// liburing: `io_uring_queue_init_params(3)`: set up an io_uring instance with parameters.
/// man: io_uring_queue_init
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_queue_init_params(
    entries: c_uint,
    ring: *mut io_uring,
    p: *mut io_uring_params,
) -> c_int {
    // SAFETY: the caller passes a ring to fill and a valid params struct.
    let (ring, p) = unsafe { (&mut *ring, &mut *p) };
    ring.init_params(entries, p, ptr::null_mut(), 0).min(0)
}

/// liburing: `__io_uring_queue_init_params` (no man page; liburing's `src/setup.c`): set up a
/// ring with exactly the caller's `p->flags`, without the IORING_SETUP_NO_SQARRAY that
/// `io_uring_queue_init_params` tries first. Returns the bytes of `buf` used by an
/// IORING_SETUP_NO_MMAP ring, else 0, or `-errno`. liburing declares it only in its internal
/// `src/setup.h` and exports it from `liburing.a` alone (its version scripts hide it from the
/// shared libraries); likewise it is exported by `liburing_rs.{so,a}`, absent from `liburing.h`
/// (see `build.rs`) and hidden by the drop-ins' version scripts. Programs declare it themselves,
/// as liburing's tests get it from `src/setup.h`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_queue_init_params(
    entries: c_uint,
    ring: *mut io_uring,
    p: *mut io_uring_params,
    buf: *mut c_void,
    buf_size: usize,
) -> c_int {
    // SAFETY: the caller passes a ring to fill and a valid params struct.
    let (ring, p) = unsafe { (&mut *ring, &mut *p) };
    ring.init_with(entries, p, buf, buf_size)
}

/// liburing: `io_uring_unmap_rings` (no man page; liburing's `src/setup.c`): unmap the SQ and CQ
/// ring mappings described by `sq`/`cq` (not the SQE array, not the ring fd); the CQ ring only
/// when it is a mapping of its own. Declared and exported like `__io_uring_queue_init_params`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unmap_rings(sq: *mut io_uring_sq, cq: *mut io_uring_cq) {
    // SAFETY: the caller passes the SQ and CQ of one ring.
    unsafe { unmap_rings(&mut *sq, &mut *cq) }
}

/// liburing: `io_uring_queue_init(3)`: set up an io_uring instance.
///
/// `io_uring_queue_init()` creates a ring with room for `entries` submission queue entries
/// (a power of two up to 32768; other values are rounded up by the kernel, or clamped with
/// IORING_SETUP_CLAMP) and maps its submission queue, completion queue and SQE array into
/// `ring`. `flags` are IORING_SETUP_* flags, as `io_uring_setup(2)` describes them.
///
/// `io_uring_queue_init_params()` does the same with the whole `struct io_uring_params` `p`:
/// its `flags`, `sq_thread_cpu`, `sq_thread_idle`, `cq_entries` (with IORING_SETUP_CQSIZE) and
/// `wq_fd` (with IORING_SETUP_ATTACH_WQ) are passed to the kernel, and on return it holds what
/// the kernel filled in: the `features` it supports and the ring offsets.
///
/// `io_uring_queue_init_mem()` places the rings in `buf`, `buf_size` bytes of memory the caller
/// provides (IORING_SETUP_NO_MMAP is implied); the memory must stay valid until
/// `io_uring_queue_exit(3)` and is not released by it. `io_uring_memory_size(3)` says how much
/// a ring needs.
///
/// Where the kernel takes it, the ring is created with IORING_SETUP_NO_SQARRAY, as liburing
/// does; on kernels that reject it the ring is created without it, unless the caller asked for
/// it. A ring is released with `io_uring_queue_exit(3)`.
///
/// # Return value
/// 0 on success (`io_uring_queue_init_mem()`: the number of bytes of `buf` used), or a negative
/// errno value. On failure nothing is left open or mapped.
///
/// # Errors
/// - `-EINVAL`: `entries` is 0 or larger than the kernel allows (without IORING_SETUP_CLAMP),
///   `flags` has an unknown or contradictory bit, a `p` field is not zero where it must be, or
///   IORING_SETUP_REGISTERED_FD_ONLY is asked for without IORING_SETUP_NO_MMAP.
/// - `-ENOMEM`: the kernel or this library could not allocate the rings, or `buf_size` is too
///   small for them (`io_uring_queue_init_mem()`).
/// - `-EMFILE`, `-ENFILE`: the per-process or system-wide limit on open files is reached.
/// - `-EPERM`: io_uring is disabled for this process (the `kernel.io_uring_disabled` sysctl), or
///   a flag needs a privilege the caller lacks.
/// - `-EFAULT`: `p` or `buf` is not accessible memory.
/// - `-ENOSYS`: the kernel has no io_uring.
/// - `-EBADF`: IORING_SETUP_ATTACH_WQ with a `wq_fd` that is not a ring.
///
/// # See also
/// `io_uring_setup(2)`, `io_uring_queue_exit(3)`, `io_uring_get_sqe(3)`, `io_uring_submit(3)`
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_queue_init(
    entries: c_uint,
    ring: *mut io_uring,
    flags: c_uint,
) -> c_int {
    let mut p = io_uring_params {
        flags,
        ..Default::default()
    };
    // SAFETY: forwarded from the caller.
    unsafe { io_uring_queue_init_params(entries, ring, &mut p) }
}

/// liburing: `io_uring_queue_init_mem(3)`: set up an io_uring instance in memory the caller
/// provides.
/// man: io_uring_queue_init
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_queue_init_mem(
    entries: c_uint,
    ring: *mut io_uring,
    p: *mut io_uring_params,
    buf: *mut c_void,
    buf_size: usize,
) -> c_int {
    // SAFETY: the caller passes a ring to fill and a valid params struct.
    let (ring, p) = unsafe { (&mut *ring, &mut *p) };
    p.flags |= IORING_SETUP_NO_MMAP;
    ring.init_params(entries, p, buf, buf_size)
}

/// liburing: `io_uring_queue_mmap(3)`: map a ring created with `io_uring_setup(2)`.
///
/// Maps the submission queue, completion queue and SQE array of the ring `fd`, created with
/// `io_uring_setup(3)` and the parameters `p` the kernel filled in, into `ring`, and fills
/// every field of `ring`, as `io_uring_queue_init_params(3)` would have. Release it with
/// `io_uring_queue_exit(3)`, which also closes `fd`.
///
/// # Return value
/// 0 on success, or a negative errno value; then nothing is left mapped and `ring` is unusable.
///
/// # Errors
/// - `-EINVAL`: `p` describes a ring this function cannot map (IORING_SETUP_NO_MMAP rings are
///   mapped by the caller).
/// - `-ENOMEM`: the mappings could not be made.
/// - `-EBADF`, `-ENODEV`: `fd` is not an io_uring instance (the errors of `mmap(2)`).
///
/// # See also
/// `io_uring_setup(2)`
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_queue_mmap(
    fd: c_int,
    p: *mut io_uring_params,
    ring: *mut io_uring,
) -> c_int {
    // SAFETY: the caller passes a ring to fill and the params io_uring_setup returned.
    let (ring, p) = unsafe { (&mut *ring, &*p) };
    *ring = io_uring::zeroed();
    let ret = mmap_rings(fd, p, &mut ring.sq, &mut ring.cq);
    if ret == 0 {
        identity_sq_array(&ring.sq);
        ring.flags = p.flags;
        ring.features = p.features;
        ring.ring_fd = fd;
        ring.enter_ring_fd = fd;
        ring.trace_setup();
    }
    ret
}

/// liburing: `io_uring_queue_exit(3)`: tear down an io_uring instance.
///
/// Unmaps the rings and SQE array that `io_uring_queue_init(3)` or `io_uring_queue_mmap(3)`
/// mapped (not memory the caller provided to `io_uring_queue_init_mem(3)`), unregisters the
/// registered ring fd if there is one, and closes the ring's file descriptor. Requests still in
/// flight are cancelled by the kernel when the last reference to the ring goes.
///
/// # Errors
/// None.
///
/// # Notes
/// Afterwards `ring` is zeroed with its file descriptors set to -1, so a second
/// `io_uring_queue_exit()` on it does nothing instead of closing or unmapping twice; liburing
/// leaves the old values behind.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_queue_exit(ring: *mut io_uring) {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).exit() }
}

/// liburing: `io_uring_ring_dontfork(3)`: keep the ring's memory out of child processes.
///
/// Marks the mappings of the SQE array and the rings with MADV_DONTFORK (`madvise(2)`), so a
/// child made by `fork(2)` does not inherit them and cannot disturb the parent's ring.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: the ring is not mapped (not set up, or already torn down).
/// - `-ENOMEM`, `-EPERM`: `madvise(2)` failed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_ring_dontfork(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).dontfork() }
}

/// liburing: `io_uring_resize_rings(3)`: change the sizes of a ring's SQ and CQ.
///
/// Asks the kernel (IORING_REGISTER_RESIZE_RINGS, Linux 6.13 and later) for new rings of
/// `p->sq_entries` and `p->cq_entries` entries (with IORING_SETUP_CQSIZE in `p->flags` for the
/// CQ size) and maps them in place of the old ones. Submitted SQEs the kernel has not consumed
/// and completions not yet reaped are carried over. The ring must have been set up with
/// IORING_SETUP_DEFER_TASKRUN.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: the ring was set up with IORING_SETUP_NO_MMAP, the sizes are invalid, or the
///   ring is not one the kernel can resize (no IORING_SETUP_DEFER_TASKRUN, SQPOLL).
/// - `-EBADF`: the ring's file descriptor was closed with `io_uring_close_ring_fd(3)`.
/// - `-EOVERFLOW`: the new rings are too small for the entries waiting in the old ones.
/// - `-ENOMEM`: the kernel could not allocate the new rings.
///
/// # Notes
/// SQEs that were prepared but not yet submitted are copied into the new SQE array, so a
/// following `io_uring_submit(3)` still submits them; liburing loses them (and leaves the old
/// SQE mapping in place).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_resize_rings(
    ring: *mut io_uring,
    p: *mut io_uring_params,
) -> c_int {
    // SAFETY: the caller passes an initialised ring and a valid params struct.
    unsafe { (*ring).resize(&mut *p) }
}

/// liburing: `io_uring_mlock_size_params(3)`: the locked memory a ring would need.
/// man: io_uring_mlock_size
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_mlock_size_params(
    entries: c_uint,
    p: *mut io_uring_params,
) -> libc::ssize_t {
    // SAFETY: the caller passes a valid params struct.
    mlock_size_params(entries, unsafe { &*p })
}

/// liburing: `io_uring_mlock_size(3)`: the locked memory a ring would need.
///
/// Returns the bytes of memory a ring of `entries` entries with these `flags` (or the parameters
/// `p`) would lock and charge to RLIMIT_MEMLOCK on this kernel. Kernels with
/// IORING_FEAT_NATIVE_WORKERS (Linux 5.12 and later) account ring memory to the memory cgroup
/// instead, and the answer there is 0.
///
/// # Return value
/// The number of bytes, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: `entries` or `flags` are not valid for a ring.
/// - `-ENOMEM`, `-EMFILE`, `-EPERM`: the probe ring used to read the kernel's features could not be
///   created.
#[unsafe(no_mangle)]
pub extern "C" fn io_uring_mlock_size(entries: c_uint, flags: c_uint) -> libc::ssize_t {
    mlock_size_params(
        entries,
        &io_uring_params {
            flags,
            ..Default::default()
        },
    )
}

/// liburing: `io_uring_memory_size_params(3)`: the memory a ring needs.
/// man: io_uring_memory_size
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_memory_size_params(
    entries: c_uint,
    p: *mut io_uring_params,
) -> libc::ssize_t {
    // SAFETY: the caller passes a valid params struct.
    memory_size_params(entries, unsafe { &*p })
}

/// liburing: `io_uring_memory_size(3)`: the memory a ring needs.
///
/// Returns the number of bytes of memory a ring of `entries` entries with these `flags` (or the
/// parameters `p`) needs: the buffer size `io_uring_queue_init_mem(3)` must be given, and what it
/// then returns.
///
/// # Return value
/// The number of bytes, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: `entries` is 0 or too large (without IORING_SETUP_CLAMP), or the flags ask for
///   an impossible ring.
#[unsafe(no_mangle)]
pub extern "C" fn io_uring_memory_size(entries: c_uint, flags: c_uint) -> libc::ssize_t {
    memory_size_params(
        entries,
        &io_uring_params {
            flags,
            ..Default::default()
        },
    )
}

/// liburing: `io_uring_setup(2)`: the io_uring_setup system call, as a function.
///
/// Calls `io_uring_setup(2)` with `entries` and `p`. The ring it returns is not mapped; use
/// `io_uring_queue_mmap(3)` to map it, or `io_uring_queue_init_params(3)` to do both.
///
/// # Return value
/// The new ring's file descriptor, or a negative errno value; `errno` is not set.
///
/// # Errors
/// The errors of `io_uring_setup(2)`, negated: `-EINVAL`, `-EFAULT`, `-EMFILE`, `-ENFILE`,
/// `-ENOMEM`, `-EPERM`, `-ENOSYS`.
///
/// # Notes
/// liburing documents only the system call, in section 2; this page describes the wrapper.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_setup(entries: c_uint, p: *mut io_uring_params) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { syscall::setup(entries, p) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(flags: u32) -> io_uring_params {
        io_uring_params {
            flags,
            ..Default::default()
        }
    }

    #[test]
    fn entries_round_up_and_cq_doubles() {
        assert_eq!(sq_cq_entries(3, &params(0)), Ok((4, 8)));
        assert_eq!(sq_cq_entries(0, &params(0)), Err(-libc::EINVAL));
        assert_eq!(
            sq_cq_entries(KERN_MAX_ENTRIES + 1, &params(0)),
            Err(-libc::EINVAL)
        );
        assert_eq!(
            sq_cq_entries(KERN_MAX_ENTRIES + 1, &params(IORING_SETUP_CLAMP)),
            Ok((32768, 65536))
        );
    }

    #[test]
    fn mlock_size_is_zero_with_native_workers_and_whole_pages_before() {
        let p = params(0);
        assert_eq!(mlock_size_with(IORING_FEAT_NATIVE_WORKERS, 8, &p), 0);
        let page = syscall::page_size() as isize;
        let small = mlock_size_with(0, 8, &p);
        let big = mlock_size_with(0, 4096, &p);
        // the rings and the SQE array, each rounded up to whole pages
        assert!(small >= 2 * page && small % page == 0, "{small}");
        assert!(big > small && big % page == 0, "{big}");
        assert_eq!(mlock_size_with(0, 0, &p), -libc::EINVAL as isize);
        // this kernel has NATIVE_WORKERS: the public function probes it and answers 0
        assert_eq!(mlock_size_params(8, &p), 0);
    }

    #[test]
    fn only_a_refused_multi_page_region_of_our_own_is_retried_in_a_huge_page() {
        let page = 4096;
        assert!(wants_contiguous_retry(
            -libc::EINVAL,
            true,
            (4 * page, page),
            page
        ));
        assert!(wants_contiguous_retry(
            -libc::EINVAL,
            true,
            (page, 2 * page),
            page
        ));
        // a page each is contiguous already (a kernel without NO_MMAP refused it); the
        // caller's memory is the caller's to place
        assert!(!wants_contiguous_retry(
            -libc::EINVAL,
            true,
            (page, page),
            page
        ));
        assert!(!wants_contiguous_retry(
            -libc::EINVAL,
            false,
            (4 * page, page),
            page
        ));
        // set up, or refused for another reason
        assert!(!wants_contiguous_retry(5, true, (4 * page, page), page));
        assert!(!wants_contiguous_retry(
            -libc::ENOMEM,
            true,
            (4 * page, page),
            page
        ));
    }

    #[test]
    fn a_no_mmap_ring_of_several_pages_in_our_own_memory_sets_up() {
        // 256 entries: 16 KiB of SQEs and more than a page of rings. Linux 6.10 and later
        // take the ordinary mapping; 6.5 to 6.9 refuse it and the ring goes into a huge page
        // (where the system has none, -ENOMEM, as liburing answers); before 6.5 there is
        // no NO_MMAP (-EINVAL).
        let mut ring = io_uring::zeroed();
        let mut p = params(IORING_SETUP_NO_MMAP);
        let ret = ring.init_with(256, &mut p, ptr::null_mut(), 0);
        if ret == -libc::EINVAL || ret == -libc::ENOMEM {
            eprintln!("skip: this kernel takes no NO_MMAP ring of several pages here ({ret})");
            return;
        }
        assert!(ret > 4096, "bytes used {ret}");
        assert!(ring.flags & IORING_SETUP_NO_MMAP != 0);
        ring.exit();
    }

    #[test]
    fn cq_size_must_cover_the_sq() {
        let mut p = params(IORING_SETUP_CQSIZE);
        p.cq_entries = 2;
        assert_eq!(sq_cq_entries(4, &p), Err(-libc::EINVAL));
        p.cq_entries = 100;
        assert_eq!(sq_cq_entries(4, &p), Ok((4, 128)));
    }

    #[test]
    fn a_ring_maps_and_unmaps() {
        let mut ring = io_uring::zeroed();
        let mut p = params(0);
        assert_eq!(ring.init_params(8, &mut p, ptr::null_mut(), 0), 0);
        assert_eq!(ring.sq.ring_entries, 8);
        assert_eq!(ring.cq.ring_entries, 16);
        assert!(ring.ring_fd >= 0 && ring.enter_ring_fd == ring.ring_fd);
        assert_eq!(ring.dontfork(), 0);
        ring.exit();
        assert_eq!(ring.ring_fd, -1);
    }

    #[test]
    fn zero_entries_leave_nothing_behind() {
        let mut ring = io_uring::zeroed();
        assert_eq!(
            ring.init_params(0, &mut params(0), ptr::null_mut(), 0),
            -libc::EINVAL
        );
        assert!(ring.sq.ring_ptr.is_null());
    }
}

#[cfg(test)]
mod resize_tests {
    use super::*;

    #[test]
    fn a_failed_mapping_leaves_nothing_to_unmap() {
        let mut ring = io_uring::zeroed();
        let p = io_uring_params {
            sq_entries: 4,
            cq_entries: 8,
            features: IORING_FEAT_SINGLE_MMAP,
            ..Default::default()
        };
        assert!(mmap_rings(-1, &p, &mut ring.sq, &mut ring.cq) < 0);
        assert!(ring.sq.ring_ptr.is_null() && ring.sq.ring_sz == 0 && ring.cq.ring_sz == 0);
    }

    #[test]
    fn resize_keeps_sqes_prepared_but_not_submitted() {
        if !crate::kernel_probe::setup_flags(
            IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER,
        ) {
            return crate::kernel_probe::skip("the kernel has no IORING_SETUP_DEFER_TASKRUN (6.1)");
        }
        let mut ring = io_uring::zeroed();
        let mut p = io_uring_params {
            flags: IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER,
            ..Default::default()
        };
        assert_eq!(ring.init_params(4, &mut p, ptr::null_mut(), 0), 0);
        for ud in 0..3u64 {
            // SAFETY: a fresh SQE of this ring.
            let sqe = unsafe { &mut *ring.get_sqe() };
            sqe.opcode = IORING_OP_NOP as u8;
            sqe.user_data = ud;
        }
        let mut np = io_uring_params {
            sq_entries: 16,
            ..Default::default()
        };
        let ret = ring.resize(&mut np);
        if ret == -libc::EINVAL {
            ring.exit();
            return; // kernel without IORING_REGISTER_RESIZE_RINGS
        }
        assert_eq!(ret, 0);
        assert_eq!((ring.sq.ring_entries, ring.sq_ready()), (16, 3));
        assert_eq!(ring.submit_and_wait(3), 3);
        for ud in 0..3u64 {
            let (ret, cqe) = ring.peek_cqe();
            assert_eq!(ret, 0);
            // SAFETY: a CQE of this ring.
            assert_eq!(unsafe { (*cqe).user_data }, ud);
            ring.cqe_seen(cqe);
        }
        ring.exit();
    }
}
