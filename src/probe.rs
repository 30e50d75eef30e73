//! Opcode probing (liburing's `io_uring_get_probe*` and `io_uring_opcode_supported`).
//!
//! Probe memory comes from the C allocator (`calloc`): programs written against liburing
//! release it with `free()` as often as with `io_uring_free_probe`.

use core::ffi::c_int;

use crate::ring::io_uring;
use crate::uapi::*;

/// Room for every opcode an 8-bit `last_op` can name.
const PROBE_OPS: usize = 256;

impl io_uring {
    /// liburing's `io_uring_get_probe_ring`: a calloc'ed probe filled by the kernel, or NULL.
    pub(crate) fn get_probe(&self) -> *mut io_uring_probe {
        let len = core::mem::size_of::<io_uring_probe>()
            + PROBE_OPS * core::mem::size_of::<io_uring_probe_op>();
        // SAFETY: plain allocation; zeroed as the kernel requires of the probe.
        let p = unsafe { libc::calloc(1, len) }.cast::<io_uring_probe>();
        if p.is_null() {
            return p;
        }
        if self.register_probe(p, PROBE_OPS as u32) >= 0 {
            return p;
        }
        // SAFETY: `p` was allocated just above and not handed out.
        unsafe { libc::free(p.cast()) };
        core::ptr::null_mut()
    }
}

/// liburing's `io_uring_opcode_supported`: whether `op` is within the probe and flagged
/// IO_URING_OP_SUPPORTED.
///
/// # Safety
/// `p` must point to a probe filled by the kernel.
pub unsafe fn opcode_supported(p: *const io_uring_probe, op: c_int) -> bool {
    // SAFETY: per the function contract; `op <= last_op` stays within the filled ops.
    unsafe {
        if op < 0 || op > (*p).last_op as c_int {
            return false;
        }
        let ops = core::ptr::addr_of!((*p).ops).cast::<io_uring_probe_op>();
        (*ops.add(op as usize)).flags as u32 & IO_URING_OP_SUPPORTED != 0
    }
}

// ---- C ABI ----

/// liburing: `io_uring_get_probe_ring(3)`: which opcodes the kernel supports.
///
/// `io_uring_get_probe_ring()` allocates a `struct io_uring_probe` and fills it through `ring`
/// (see `io_uring_register_probe(3)`); `io_uring_get_probe()` does the same with a small
/// temporary ring of its own. `io_uring_opcode_supported(3)` reads the answer; release it with
/// `io_uring_free_probe(3)`.
///
/// # Return value
/// The probe, or NULL when the memory could not be allocated, the ring could not be set up or
/// the kernel does not support probing (before Linux 5.6).
///
/// # Errors
/// None: every failure is the NULL return.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_probe_ring(ring: *mut io_uring) -> *mut io_uring_probe {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).get_probe() }
}

/// liburing: `io_uring_get_probe(3)`: which opcodes the kernel supports, without a ring.
/// man: io_uring_get_probe_ring
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_get_probe() -> *mut io_uring_probe {
    let mut ring = io_uring::zeroed();
    // SAFETY: `ring` is a local the setup fills in and the exit tears down.
    unsafe {
        if crate::setup::io_uring_queue_init(2, &mut ring, 0) < 0 {
            return core::ptr::null_mut();
        }
        let p = ring.get_probe();
        crate::setup::io_uring_queue_exit(&mut ring);
        p
    }
}

/// liburing: `io_uring_free_probe(3)`: release a probe.
///
/// Frees a probe returned by `io_uring_get_probe(3)` or `io_uring_get_probe_ring(3)`. The memory
/// comes from the C allocator, so `free(3)` releases it as well, as some programs do.
///
/// # Errors
/// None.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_free_probe(probe: *mut io_uring_probe) {
    // SAFETY: the probe came from the C allocator (or is NULL).
    unsafe { libc::free(probe.cast()) }
}

/// liburing: `io_uring_opcode_supported(3)`: whether the kernel supports an opcode.
///
/// Tells from the probe `p` (`io_uring_get_probe(3)`) whether the kernel supports the
/// IORING_OP_* opcode `op`.
///
/// # Return value
/// 1 when it is supported, 0 when it is not or `op` is beyond the probe's last opcode.
///
/// # Errors
/// None.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_opcode_supported(p: *const io_uring_probe, op: c_int) -> c_int {
    // SAFETY: the caller passes a filled probe.
    unsafe { opcode_supported(p, op) as c_int }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A probe as the kernel fills it: header plus `n` ops, NOP and op 3 supported.
    fn fake_probe(n: usize) -> Vec<u32> {
        let mut words = vec![0u32; 4 + 2 * n];
        words[0] = (n as u32 - 1) | ((n as u32) << 8); // last_op, ops_len
        for op in 0..n {
            let flags = if op == 0 || op == 3 {
                IO_URING_OP_SUPPORTED
            } else {
                0
            };
            words[4 + 2 * op] = op as u32 | (flags << 16);
        }
        words
    }

    #[test]
    fn opcode_supported_reads_the_flag_of_ops_up_to_last_op() {
        let words = fake_probe(5);
        let p = words.as_ptr().cast::<io_uring_probe>();
        unsafe {
            assert!(opcode_supported(p, 0));
            assert!(!opcode_supported(p, 1));
            assert!(opcode_supported(p, 3));
            assert!(!opcode_supported(p, 5), "past last_op");
            assert!(!opcode_supported(p, -1));
            assert_eq!(io_uring_opcode_supported(p, 3), 1);
        }
    }

    #[test]
    fn probes_come_from_the_c_allocator_and_free_with_free() {
        // SAFETY: a kernel without io_uring gives NULL, which free() accepts.
        unsafe {
            let p = io_uring_get_probe();
            if !p.is_null() {
                assert!(opcode_supported(p, IORING_OP_NOP as c_int));
                assert!(!opcode_supported(p, IORING_OP_LAST as c_int + 1));
            }
            libc::free(p.cast());
        }
    }
}
