//! [`Probe`]: which opcodes the kernel supports, asked once.

use super::ring::Ring;
use crate::probe::{io_uring_free_probe, opcode_supported};

/// The opcodes the running kernel supports, from [`Ring::probe`] (liburing's
/// `io_uring_get_probe_ring`): one register call, then answers without a system call.
///
/// ```
/// use uring_rs::uapi::{IORING_OP_NOP, IORING_OP_READ};
///
/// let mut ring = uring_rs::api::Ring::new(4)?;
/// let probe = ring.probe().expect("kernel 5.6 or later");
/// assert!(probe.is_supported(IORING_OP_NOP) && probe.is_supported(IORING_OP_READ));
/// assert!(!probe.is_supported(probe.last_op() + 1));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    last_op: u8,
    /// Bit `op` set: `op` is supported.
    supported: [u64; 4],
}

impl Probe {
    /// Whether the kernel supports `opcode` (an `IORING_OP_*`).
    ///
    /// ```
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert!(!ring.probe().unwrap().is_supported(u32::MAX));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn is_supported(&self, opcode: u32) -> bool {
        opcode < 256 && self.supported[opcode as usize / 64] & (1 << (opcode % 64)) != 0
    }

    /// The highest opcode the kernel knows (supported or not).
    ///
    /// ```
    /// use uring_rs::uapi::IORING_OP_READ;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert!(ring.probe().unwrap().last_op() >= IORING_OP_READ);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn last_op(&self) -> u32 {
        self.last_op as u32
    }
}

impl<const OWNED: bool> Ring<OWNED> {
    /// Ask the kernel which opcodes it supports (liburing's `io_uring_get_probe_ring`);
    /// `None` where it can't tell (before Linux 5.6) or memory ran out.
    ///
    /// ```
    /// use uring_rs::uapi::IORING_OP_NOP;
    ///
    /// let mut ring = uring_rs::api::Ring::new(4)?;
    /// assert!(ring.probe().is_some_and(|p| p.is_supported(IORING_OP_NOP)));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn probe(&mut self) -> Option<Probe> {
        let p = self.raw().get_probe();
        if p.is_null() {
            return None;
        }
        let mut probe = Probe {
            // SAFETY: a probe the kernel filled.
            last_op: unsafe { (*p).last_op },
            supported: [0; 4],
        };
        for op in 0..=probe.last_op as u32 {
            // SAFETY: as above; `op` is at most its last_op.
            if unsafe { opcode_supported(p, op as i32) } {
                probe.supported[op as usize / 64] |= 1 << (op % 64);
            }
        }
        // SAFETY: allocated by get_probe, freed once, with the matching function.
        unsafe { io_uring_free_probe(p) };
        Some(probe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::io_uring_get_probe;
    use crate::uapi::{IORING_OP_NOP, IORING_OP_READ, IORING_OP_WRITE};

    #[test]
    fn the_probe_answers_as_the_c_probe_of_another_ring_does() {
        let probe = Ring::new(4).unwrap().probe().unwrap();
        // SAFETY: a probe of a temporary ring of the C API's own, read and freed here.
        let c = unsafe { io_uring_get_probe() };
        assert!(!c.is_null());
        for op in 0..300u32 {
            // SAFETY: as above.
            let want = unsafe { opcode_supported(c, op as i32) };
            assert_eq!(probe.is_supported(op), want, "opcode {op}");
        }
        // SAFETY: as above.
        unsafe { io_uring_free_probe(c) };
        for op in [IORING_OP_NOP, IORING_OP_READ, IORING_OP_WRITE] {
            assert!(probe.is_supported(op));
        }
        assert!(probe.last_op() >= IORING_OP_WRITE);
    }
}
