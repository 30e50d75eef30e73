//! `io_uring_register(2)` operations (liburing's `register.c`).

use core::ffi::{c_int, c_uint, c_void};

use crate::ring::*;
use crate::syscall;
use crate::uapi::*;

impl io_uring {
    /// Issue a register opcode on this ring, through the registered ring fd when the ring
    /// has one the kernel accepts for registration (IORING_FEAT_REG_REG_RING).
    pub fn do_register(&self, opcode: u32, arg: *const c_void, nr_args: u32) -> c_int {
        let (fd, opcode) = if self.int_flags & INT_FLAG_REG_REG_RING != 0 {
            (self.enter_ring_fd, opcode | IORING_REGISTER_USE_REGISTERED_RING)
        } else {
            (self.ring_fd, opcode)
        };
        // SAFETY: each caller passes the argument its opcode expects.
        unsafe { syscall::register(fd, opcode, arg, nr_args) }
    }

    /// liburing's `io_uring_register_ring_fd`: enter through a registered index instead of
    /// the fd, saving the kernel an fd lookup per call. Returns 1 on success.
    pub fn register_ring_fd(&mut self) -> c_int {
        if self.int_flags & INT_FLAG_REG_RING != 0 {
            return -libc::EEXIST;
        }
        let mut up = io_uring_rsrc_update { offset: u32::MAX, resv: 0, data: self.ring_fd as u64 };
        let ret = self.do_register(IORING_REGISTER_RING_FDS, (&mut up as *mut io_uring_rsrc_update).cast(), 1);
        if ret == 1 {
            self.enter_ring_fd = up.offset as c_int;
            self.int_flags |= INT_FLAG_REG_RING;
            if self.features & IORING_FEAT_REG_REG_RING != 0 {
                self.int_flags |= INT_FLAG_REG_REG_RING;
            }
        }
        ret
    }

    /// liburing's `io_uring_unregister_ring_fd`. Returns 1 on success.
    pub fn unregister_ring_fd(&mut self) -> c_int {
        if self.int_flags & INT_FLAG_REG_RING == 0 {
            return -libc::EINVAL;
        }
        let up = io_uring_rsrc_update { offset: self.enter_ring_fd as u32, resv: 0, data: 0 };
        let ret = self.do_register(IORING_UNREGISTER_RING_FDS, (&up as *const io_uring_rsrc_update).cast(), 1);
        if ret == 1 {
            self.enter_ring_fd = self.ring_fd;
            self.int_flags &= !(INT_FLAG_REG_RING | INT_FLAG_REG_REG_RING);
        }
        ret
    }

    /// liburing's `io_uring_close_ring_fd`: keep only the registered index. Returns 1.
    pub fn close_ring_fd(&mut self) -> c_int {
        if self.features & IORING_FEAT_REG_REG_RING == 0 {
            return -libc::EOPNOTSUPP;
        }
        if self.int_flags & INT_FLAG_REG_RING == 0 {
            return -libc::EINVAL;
        }
        if self.ring_fd == -1 {
            return -libc::EBADF;
        }
        syscall::close(self.ring_fd);
        self.ring_fd = -1;
        1
    }
}

// ---- C ABI ----

/// liburing: `io_uring_register(2)` wrapper; returns `-errno`, errno is not set.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register(fd: c_uint, opcode: c_uint, arg: *const c_void, nr_args: c_uint) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { syscall::register(fd as c_int, opcode, arg, nr_args) }
}

/// liburing: `io_uring_register_ring_fd(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_ring_fd(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_ring_fd() }
}

/// liburing: `io_uring_unregister_ring_fd(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_ring_fd(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_ring_fd() }
}

/// liburing: `io_uring_close_ring_fd(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_close_ring_fd(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).close_ring_fd() }
}

/// liburing: `io_uring_enable_rings(3)`: start a ring created with IORING_SETUP_R_DISABLED.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_enable_rings(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).do_register(IORING_REGISTER_ENABLE_RINGS, core::ptr::null(), 0) }
}
