//! `io_uring_register(2)` operations (liburing's `register.c`).

use core::ffi::{c_int, c_uint, c_void};

use crate::ring::*;
use crate::syscall;
use crate::uapi::*;

impl io_uring {
    /// liburing's `io_uring_set_iowait`: whether waits count as iowait (the default) or pass
    /// IORING_ENTER_NO_IOWAIT. `-EOPNOTSUPP` without IORING_FEAT_NO_IOWAIT.
    pub(crate) fn set_iowait(&mut self, enable_iowait: bool) -> c_int {
        if self.features & IORING_FEAT_NO_IOWAIT == 0 {
            return -libc::EOPNOTSUPP;
        }
        if enable_iowait {
            self.int_flags &= !INT_FLAG_NO_IOWAIT;
        } else {
            self.int_flags |= INT_FLAG_NO_IOWAIT;
        }
        0
    }

    /// Issue a register opcode on this ring, through the registered ring fd when the ring
    /// has one the kernel accepts for registration (IORING_FEAT_REG_REG_RING).
    pub(crate) fn do_register(&self, opcode: u32, arg: *const c_void, nr_args: u32) -> c_int {
        let (fd, opcode) = if self.int_flags & INT_FLAG_REG_REG_RING != 0 {
            (
                self.enter_ring_fd,
                opcode | IORING_REGISTER_USE_REGISTERED_RING,
            )
        } else {
            (self.ring_fd, opcode)
        };
        // SAFETY: each caller passes the argument its opcode expects.
        unsafe { syscall::register(fd, opcode, arg, nr_args) }
    }

    /// liburing's `io_uring_register_ring_fd`: enter through a registered index instead of
    /// the fd, saving the kernel an fd lookup per call. Returns 1 on success.
    pub(crate) fn register_ring_fd(&mut self) -> c_int {
        if self.int_flags & INT_FLAG_REG_RING != 0 {
            return -libc::EEXIST;
        }
        let mut up = io_uring_rsrc_update {
            offset: u32::MAX,
            resv: 0,
            data: self.ring_fd as u64,
        };
        let ret = self.do_register(
            IORING_REGISTER_RING_FDS,
            (&mut up as *mut io_uring_rsrc_update).cast(),
            1,
        );
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
    pub(crate) fn unregister_ring_fd(&mut self) -> c_int {
        if self.int_flags & INT_FLAG_REG_RING == 0 {
            return -libc::EINVAL;
        }
        let up = io_uring_rsrc_update {
            offset: self.enter_ring_fd as u32,
            resv: 0,
            data: 0,
        };
        let ret = self.do_register(
            IORING_UNREGISTER_RING_FDS,
            (&up as *const io_uring_rsrc_update).cast(),
            1,
        );
        if ret == 1 {
            self.enter_ring_fd = self.ring_fd;
            self.int_flags &= !(INT_FLAG_REG_RING | INT_FLAG_REG_REG_RING);
        }
        ret
    }

    /// liburing's `io_uring_close_ring_fd`: keep only the registered index. Returns 1.
    pub(crate) fn close_ring_fd(&mut self) -> c_int {
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

/// Raise the soft RLIMIT_NOFILE by `nr` when it is below `nr`, as liburing does before
/// retrying a file registration that failed with -EMFILE. errno is left as it was.
fn increase_rlimit_nofile(nr: u32) {
    // SAFETY: errno is thread-local; getrlimit/setrlimit only touch `rlim`.
    unsafe {
        let errno = libc::__errno_location();
        let saved = *errno;
        let mut rlim: libc::rlimit = core::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut rlim) == 0
            && rlim.rlim_cur < nr as libc::rlim_t
        {
            rlim.rlim_cur += nr as libc::rlim_t;
            // Failure (cur above the hard limit) is ignored, as in liburing: the retry reports it.
            libc::setrlimit(libc::RLIMIT_NOFILE, &rlim);
        }
        *errno = saved;
    }
}

impl io_uring {
    /// Run a file-table registration, retrying once after raising RLIMIT_NOFILE on -EMFILE.
    fn register_files_retrying(&self, nr: u32, mut op: impl FnMut(&Self) -> c_int) -> c_int {
        let ret = op(self);
        if ret != -libc::EMFILE {
            return ret;
        }
        increase_rlimit_nofile(nr);
        op(self)
    }

    /// A resource table (IORING_REGISTER_BUFFERS2 / _FILES2) of `nr` slots from `data` and
    /// `tags` (0: none), with IORING_RSRC_REGISTER_* `flags`.
    fn register_rsrc(&self, opcode: u32, data: u64, tags: u64, nr: u32, flags: u32) -> c_int {
        let reg = io_uring_rsrc_register {
            nr,
            flags,
            resv2: 0,
            data,
            tags,
        };
        self.do_register(
            opcode,
            (&reg as *const io_uring_rsrc_register).cast(),
            size_of_u32::<io_uring_rsrc_register>(),
        )
    }

    /// Replace `nr` slots of a resource table from `off` (IORING_REGISTER_BUFFERS_UPDATE /
    /// _FILES_UPDATE2). Returns the number of slots updated.
    fn update_rsrc(&self, opcode: u32, off: u32, data: u64, tags: u64, nr: u32) -> c_int {
        let up = io_uring_rsrc_update2 {
            offset: off,
            resv: 0,
            data,
            tags,
            nr,
            resv2: 0,
        };
        self.do_register(
            opcode,
            (&up as *const io_uring_rsrc_update2).cast(),
            size_of_u32::<io_uring_rsrc_update2>(),
        )
    }

    /// liburing's `io_uring_register_buffers`.
    pub(crate) fn register_buffers(&self, iovecs: *const libc::iovec, nr: u32) -> c_int {
        self.do_register(IORING_REGISTER_BUFFERS, iovecs.cast(), nr)
    }

    /// liburing's `io_uring_register_buffers_tags`: a table whose slots post a CQE with
    /// `user_data == tag` when the buffer is released (tag 0: no CQE).
    pub(crate) fn register_buffers_tags(
        &self,
        iovecs: *const libc::iovec,
        tags: *const u64,
        nr: u32,
    ) -> c_int {
        self.register_rsrc(IORING_REGISTER_BUFFERS2, iovecs as u64, tags as u64, nr, 0)
    }

    /// liburing's `io_uring_register_buffers_sparse`: `nr` empty slots.
    pub(crate) fn register_buffers_sparse(&self, nr: u32) -> c_int {
        self.register_rsrc(
            IORING_REGISTER_BUFFERS2,
            0,
            0,
            nr,
            IORING_RSRC_REGISTER_SPARSE,
        )
    }

    /// liburing's `io_uring_register_buffers_update_tag`. Returns the number of slots updated.
    pub(crate) fn register_buffers_update_tag(
        &self,
        off: u32,
        iovecs: *const libc::iovec,
        tags: *const u64,
        nr: u32,
    ) -> c_int {
        let (data, tags) = (iovecs as u64, tags as u64);
        self.update_rsrc(IORING_REGISTER_BUFFERS_UPDATE, off, data, tags, nr)
    }

    /// liburing's `io_uring_unregister_buffers`.
    pub(crate) fn unregister_buffers(&self) -> c_int {
        self.do_register(IORING_UNREGISTER_BUFFERS, core::ptr::null(), 0)
    }

    /// liburing's `__io_uring_clone_buffers_offset`: copy `nr` registered buffers of `src`
    /// (0: all) from `src_off` into this ring at `dst_off`. IORING_REGISTER_SRC_REGISTERED is
    /// kept only when `src` has a registered ring fd the kernel can look up; otherwise the
    /// plain fd is passed and the flag dropped.
    pub(crate) fn clone_buffers_from(
        &self,
        src: &io_uring,
        dst_off: u32,
        src_off: u32,
        nr: u32,
        flags: u32,
    ) -> c_int {
        let mut arg = io_uring_clone_buffers {
            src_fd: src.ring_fd as u32,
            flags,
            src_off,
            dst_off,
            nr,
            pad: [0; 3],
        };
        if flags & IORING_REGISTER_SRC_REGISTERED != 0 && src.int_flags & INT_FLAG_REG_REG_RING != 0
        {
            arg.src_fd = src.enter_ring_fd as u32;
        } else {
            arg.flags &= !IORING_REGISTER_SRC_REGISTERED;
        }
        self.do_register(
            IORING_REGISTER_CLONE_BUFFERS,
            (&arg as *const io_uring_clone_buffers).cast(),
            1,
        )
    }

    /// liburing's `io_uring_register_files`, with its -EMFILE retry (see `increase_rlimit_nofile`).
    pub(crate) fn register_files(&self, files: *const c_int, nr: u32) -> c_int {
        self.register_files_retrying(nr, |r| {
            r.do_register(IORING_REGISTER_FILES, files.cast(), nr)
        })
    }

    /// liburing's `io_uring_register_files_tags`, with the -EMFILE retry.
    pub(crate) fn register_files_tags(
        &self,
        files: *const c_int,
        tags: *const u64,
        nr: u32,
    ) -> c_int {
        self.register_files_retrying(nr, |r| {
            r.register_rsrc(IORING_REGISTER_FILES2, files as u64, tags as u64, nr, 0)
        })
    }

    /// liburing's `io_uring_register_files_sparse`, with the -EMFILE retry.
    pub(crate) fn register_files_sparse(&self, nr: u32) -> c_int {
        self.register_files_retrying(nr, |r| {
            r.register_rsrc(
                IORING_REGISTER_FILES2,
                0,
                0,
                nr,
                IORING_RSRC_REGISTER_SPARSE,
            )
        })
    }

    /// liburing's `io_uring_register_files_update`. Returns the number of slots updated.
    pub(crate) fn register_files_update(&self, off: u32, files: *const c_int, nr: u32) -> c_int {
        let up = io_uring_files_update {
            offset: off,
            resv: 0,
            fds: files as u64,
        };
        self.do_register(
            IORING_REGISTER_FILES_UPDATE,
            (&up as *const io_uring_files_update).cast(),
            nr,
        )
    }

    /// liburing's `io_uring_register_files_update_tag`. Returns the number of slots updated.
    pub(crate) fn register_files_update_tag(
        &self,
        off: u32,
        files: *const c_int,
        tags: *const u64,
        nr: u32,
    ) -> c_int {
        let (data, tags) = (files as u64, tags as u64);
        self.update_rsrc(IORING_REGISTER_FILES_UPDATE2, off, data, tags, nr)
    }

    /// liburing's `io_uring_unregister_files`.
    pub(crate) fn unregister_files(&self) -> c_int {
        self.do_register(IORING_UNREGISTER_FILES, core::ptr::null(), 0)
    }

    /// liburing's `io_uring_register_file_alloc_range`: where IORING_FILE_INDEX_ALLOC picks slots.
    pub(crate) fn register_file_alloc_range(&self, off: u32, len: u32) -> c_int {
        let range = io_uring_file_index_range { off, len, resv: 0 };
        self.do_register(
            IORING_REGISTER_FILE_ALLOC_RANGE,
            (&range as *const io_uring_file_index_range).cast(),
            0,
        )
    }

    /// liburing's `io_uring_register_eventfd` (`async_only`: `_eventfd_async`, which signals
    /// only for completions that happened out of line).
    pub(crate) fn register_eventfd(&self, fd: c_int, async_only: bool) -> c_int {
        let op = if async_only {
            IORING_REGISTER_EVENTFD_ASYNC
        } else {
            IORING_REGISTER_EVENTFD
        };
        self.do_register(op, (&fd as *const c_int).cast(), 1)
    }

    /// liburing's `io_uring_unregister_eventfd`.
    pub(crate) fn unregister_eventfd(&self) -> c_int {
        self.do_register(IORING_UNREGISTER_EVENTFD, core::ptr::null(), 0)
    }

    /// liburing's `io_uring_register_probe`: fill `p` (room for `nr` ops).
    pub(crate) fn register_probe(&self, p: *mut io_uring_probe, nr: u32) -> c_int {
        self.do_register(IORING_REGISTER_PROBE, p.cast_const().cast(), nr)
    }

    /// liburing's `io_uring_register_personality`: returns the new personality id.
    pub(crate) fn register_personality(&self) -> c_int {
        self.do_register(IORING_REGISTER_PERSONALITY, core::ptr::null(), 0)
    }

    /// liburing's `io_uring_unregister_personality`.
    pub(crate) fn unregister_personality(&self, id: c_int) -> c_int {
        self.do_register(IORING_UNREGISTER_PERSONALITY, core::ptr::null(), id as u32)
    }

    /// liburing's `io_uring_register_restrictions` (only on a ring still IORING_SETUP_R_DISABLED).
    pub(crate) fn register_restrictions(&self, res: *const io_uring_restriction, nr: u32) -> c_int {
        self.do_register(IORING_REGISTER_RESTRICTIONS, res.cast(), nr)
    }

    /// liburing's `io_uring_enable_rings`.
    pub(crate) fn enable_rings(&self) -> c_int {
        self.do_register(IORING_REGISTER_ENABLE_RINGS, core::ptr::null(), 0)
    }

    /// liburing's `io_uring_register_iowq_aff`: `cpusz` bytes of CPU mask (below 2^31).
    pub(crate) fn register_iowq_aff(&self, cpusz: usize, mask: *const libc::cpu_set_t) -> c_int {
        if cpusz >= 1 << 31 {
            return -libc::EINVAL;
        }
        self.do_register(IORING_REGISTER_IOWQ_AFF, mask.cast(), cpusz as u32)
    }

    /// liburing's `io_uring_unregister_iowq_aff`.
    pub(crate) fn unregister_iowq_aff(&self) -> c_int {
        self.do_register(IORING_UNREGISTER_IOWQ_AFF, core::ptr::null(), 0)
    }

    /// liburing's `io_uring_register_iowq_max_workers`: `val[2]` in (0 leaves a class
    /// unchanged), the previous limits out.
    pub(crate) fn register_iowq_max_workers(&self, val: *mut c_uint) -> c_int {
        self.do_register(IORING_REGISTER_IOWQ_MAX_WORKERS, val.cast_const().cast(), 2)
    }

    /// liburing's `io_uring_register_sync_cancel`.
    pub(crate) fn register_sync_cancel(&self, reg: *mut io_uring_sync_cancel_reg) -> c_int {
        self.do_register(IORING_REGISTER_SYNC_CANCEL, reg.cast_const().cast(), 1)
    }

    /// liburing's `io_uring_register_napi`: the previous settings are written back to `napi`.
    pub(crate) fn register_napi(&self, napi: *mut io_uring_napi) -> c_int {
        self.do_register(IORING_REGISTER_NAPI, napi.cast_const().cast(), 1)
    }

    /// liburing's `io_uring_unregister_napi` (`napi` may be NULL; else it receives the settings).
    pub(crate) fn unregister_napi(&self, napi: *mut io_uring_napi) -> c_int {
        self.do_register(IORING_UNREGISTER_NAPI, napi.cast_const().cast(), 1)
    }

    /// liburing's `io_uring_register_clock`.
    pub(crate) fn register_clock(&self, arg: *mut io_uring_clock_register) -> c_int {
        self.do_register(IORING_REGISTER_CLOCK, arg.cast_const().cast(), 0)
    }

    /// liburing's `io_uring_register_ifq` (zero-copy receive interface queue).
    pub(crate) fn register_ifq(&self, reg: *mut io_uring_zcrx_ifq_reg) -> c_int {
        self.do_register(IORING_REGISTER_ZCRX_IFQ, reg.cast_const().cast(), 1)
    }

    /// liburing's `io_uring_register_zcrx_ctrl`.
    pub(crate) fn register_zcrx_ctrl(&self, ctrl: *mut zcrx_ctrl) -> c_int {
        self.do_register(IORING_REGISTER_ZCRX_CTRL, ctrl.cast_const().cast(), 0)
    }

    /// liburing's `io_uring_register_bpf_filter`: a classic BPF filter for this ring.
    pub(crate) fn register_bpf_filter(&self, bpf: *mut io_uring_bpf) -> c_int {
        self.do_register(IORING_REGISTER_BPF_FILTER, bpf.cast_const().cast(), 1)
    }

    /// liburing's `io_uring_register_region`.
    pub(crate) fn register_region(&self, reg: *mut io_uring_mem_region_reg) -> c_int {
        self.do_register(IORING_REGISTER_MEM_REGION, reg.cast_const().cast(), 1)
    }

    /// liburing's `io_uring_register_buf_ring`: `flags` (IOU_PBUF_RING_*) are or-ed into
    /// `reg.flags` before registering, as liburing does (`reg->flags |= flags`), so
    /// `io_uring_register_buf_ring(ring, &reg, IOU_PBUF_RING_INC)` registers an incremental ring.
    pub(crate) fn register_buf_ring(&self, reg: *mut io_uring_buf_reg, flags: u32) -> c_int {
        if !reg.is_null() {
            // SAFETY: a non-null `reg` is the caller's registration struct; liburing writes it too.
            unsafe { (*reg).flags |= flags as u16 };
        }
        let ret = self.do_register(IORING_REGISTER_PBUF_RING, reg.cast_const().cast(), 1);
        // SAFETY: the kernel accepted `reg`, so it is readable. A ring the kernel allocated
        // (IOU_PBUF_RING_MMAP) is known once mapped: io_uring_setup_buf_ring says where.
        if ret == 0 && unsafe { (*reg).flags } as u32 & IOU_PBUF_RING_MMAP == 0 {
            // SAFETY: as above.
            let r = unsafe { &*reg };
            let br = r.ring_addr as usize as *const c_void;
            self.trace_buf_ring(r.bgid, br, r.ring_entries, r.flags as u32);
        }
        ret
    }

    /// liburing's `io_uring_unregister_buf_ring`.
    pub(crate) fn unregister_buf_ring(&self, bgid: c_int) -> c_int {
        let reg = io_uring_buf_reg {
            bgid: bgid as u16,
            ..Default::default()
        };
        let ret = self.do_register(
            IORING_UNREGISTER_PBUF_RING,
            (&reg as *const io_uring_buf_reg).cast(),
            1,
        );
        if ret == 0 {
            self.trace_buf_ring(bgid as u16, core::ptr::null(), 0, 0);
        }
        ret
    }

    /// liburing's `io_uring_buf_ring_head`: the kernel's consumer index of group `buf_group`.
    pub(crate) fn buf_ring_head(&self, buf_group: c_int) -> Result<u16, c_int> {
        let mut st = io_uring_buf_status {
            buf_group: buf_group as u32,
            ..Default::default()
        };
        let ret = self.do_register(
            IORING_REGISTER_PBUF_STATUS,
            (&mut st as *mut io_uring_buf_status).cast_const().cast(),
            1,
        );
        if ret != 0 {
            Err(ret)
        } else {
            Ok(st.head as u16)
        }
    }
}

/// Size of a registration argument struct, as the `nr_args` of the size-checked opcodes.
const fn size_of_u32<T>() -> u32 {
    core::mem::size_of::<T>() as u32
}

/// liburing's `io_uring_register_sync_msg`: a blind IORING_OP_MSG_RING without a source ring.
pub(crate) fn register_sync_msg(sqe: *mut io_uring_sqe) -> c_int {
    // SAFETY: the kernel reads one SQE from `sqe`.
    unsafe {
        syscall::register(
            -1,
            IORING_REGISTER_SEND_MSG_RING,
            sqe.cast_const().cast(),
            1,
        )
    }
}

/// liburing's `io_uring_register_bpf_filter_task`: a filter on the calling task's future rings.
pub(crate) fn register_bpf_filter_task(bpf: *mut io_uring_bpf) -> c_int {
    // SAFETY: the kernel reads one io_uring_bpf from `bpf`.
    unsafe { syscall::register(-1, IORING_REGISTER_BPF_FILTER, bpf.cast_const().cast(), 1) }
}

/// liburing's `io_uring_register_query`: a chain of query headers, no ring needed.
pub(crate) fn register_query(query: *mut io_uring_query_hdr) -> c_int {
    // SAFETY: the kernel follows the header chain the caller built.
    unsafe { syscall::register(-1, IORING_REGISTER_QUERY, query.cast_const().cast(), 0) }
}

// ---- C ABI ----

/// liburing: `io_uring_set_iowait(3)`: whether waits on the ring count as I/O wait.
///
/// With `enable_iowait` false, a task waiting for completions of `ring` is no longer accounted
/// as being in I/O wait (which some CPU frequency governors treat as a reason to keep the CPU
/// fast); true restores the default. The setting is the IORING_ENTER_NO_IOWAIT flag this
/// library passes on every later wait.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EOPNOTSUPP`: the kernel does not support it (no IORING_FEAT_NO_IOWAIT, before Linux 6.15).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_set_iowait(ring: *mut io_uring, enable_iowait: bool) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).set_iowait(enable_iowait) }
}

/// liburing: `io_uring_register(2)`: the io_uring_register system call, as a function.
///
/// Calls `io_uring_register(2)` on the ring file descriptor `fd` with the IORING_REGISTER_*
/// `opcode` and its argument `arg` of `nr_args` entries. The `io_uring_register_*` functions are
/// the typed interface to it.
///
/// # Return value
/// What the system call returns (0 or a positive count for most opcodes), or a negative errno
/// value; `errno` is not set.
///
/// # Errors
/// The errors of `io_uring_register(2)`, negated: `-EBADF`, `-EBUSY`, `-EEXIST`, `-EFAULT`,
/// `-EINVAL`, `-EMFILE`, `-ENOMEM`, `-ENXIO`, `-EOPNOTSUPP`, `-EPERM`.
///
/// # Notes
/// liburing documents only the system call, in section 2; this page describes the wrapper.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register(
    fd: c_uint,
    opcode: c_uint,
    arg: *const c_void,
    nr_args: c_uint,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { syscall::register(fd as c_int, opcode, arg, nr_args) }
}

/// liburing: `io_uring_register_ring_fd(3)`: enter the ring through a registered index.
///
/// `io_uring_register_ring_fd()` registers the ring's own file descriptor with the kernel
/// (IORING_REGISTER_RING_FDS); every later `io_uring_enter(2)` of this library then passes the
/// registered index with IORING_ENTER_REGISTERED_RING, which saves the kernel a file lookup per
/// call. `io_uring_unregister_ring_fd()` undoes it. `io_uring_close_ring_fd()` closes the ring's
/// file descriptor once it is registered, so that only the registered index refers to the ring
/// (it can no longer be passed to another process or mapped again).
///
/// # Return value
/// 1 on success (the number of descriptors registered, unregistered or closed), or a negative
/// errno value.
///
/// # Errors
/// - `-EEXIST`: (`io_uring_register_ring_fd()`) the ring fd is already registered.
/// - `-EINVAL`: (unregister, close) the ring fd is not registered; or the kernel does not
///   support registered ring fds (before Linux 5.18).
/// - `-EBUSY`: the registered ring table of the task is full.
/// - `-EOPNOTSUPP`: (`io_uring_close_ring_fd()`) the kernel cannot use a registered ring for
///   `io_uring_register(2)` (no IORING_FEAT_REG_REG_RING), so the fd must stay open.
/// - `-EBADF`: (`io_uring_close_ring_fd()`) the fd is already closed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_ring_fd(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_ring_fd() }
}

/// liburing: `io_uring_unregister_ring_fd(3)`: stop entering through a registered index.
/// man: io_uring_register_ring_fd
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_ring_fd(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_ring_fd() }
}

/// liburing: `io_uring_close_ring_fd(3)`: close the ring fd, keeping the registered index.
/// man: io_uring_register_ring_fd
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_close_ring_fd(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).close_ring_fd() }
}

/// liburing: `io_uring_enable_rings(3)`: start a ring created disabled.
///
/// Enables a ring set up with IORING_SETUP_R_DISABLED (IORING_REGISTER_ENABLE_RINGS): until
/// then it accepts registrations (restrictions, see `io_uring_register_restrictions(3)`) but no
/// submissions.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EBADFD`: the ring is not disabled (it was not set up with IORING_SETUP_R_DISABLED, or is
///   already enabled).
/// - `-EBADF`: the ring's file descriptor is not valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_enable_rings(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).enable_rings() }
}

/// liburing: `io_uring_register_buffers(3)`: register buffers for fixed I/O.
///
/// `io_uring_register_buffers()` registers the `nr_iovecs` buffers described by `iovecs` with
/// the kernel, which pins their pages once instead of for every request; requests then name a
/// buffer by its index (`io_uring_prep_read_fixed(3)`, `io_uring_prep_send_zc_fixed(3)`...).
/// `io_uring_register_buffers_tags()` also gives each buffer a tag (`tags`, 0 for none): when a
/// tagged buffer is unregistered or replaced and the kernel no longer uses it, a CQE with that
/// tag as `user_data` is posted. `io_uring_register_buffers_sparse()` registers a table of `nr`
/// empty slots, filled later by `io_uring_register_buffers_update_tag()`, which replaces the `nr`
/// slots from `off` with `iovecs` and `tags`. `io_uring_unregister_buffers()` releases the table.
///
/// # Return value
/// 0 on success (the update: the number of slots updated), or a negative errno value.
///
/// # Errors
/// - `-EBUSY`: a buffer table is already registered (register), or the table is in use.
/// - `-EINVAL`: `nr` is 0 or too large, a buffer is too large or not page-backed memory, or
///   `off + nr` is outside the table (update).
/// - `-EFAULT`: `iovecs` or `tags` is not accessible, or a buffer could not be pinned.
/// - `-ENOMEM`: out of memory, or the pages exceed RLIMIT_MEMLOCK (kernels before Linux 5.12).
/// - `-ENXIO`: (unregister, update) no buffer table is registered.
/// - `-EOVERFLOW`: a buffer's size overflows.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buffers(
    ring: *mut io_uring,
    iovecs: *const libc::iovec,
    nr_iovecs: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_buffers(iovecs, nr_iovecs) }
}

/// liburing: `io_uring_register_buffers_tags(3)`: register tagged buffers for fixed I/O.
/// man: io_uring_register_buffers
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buffers_tags(
    ring: *mut io_uring,
    iovecs: *const libc::iovec,
    tags: *const __u64,
    nr: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_buffers_tags(iovecs, tags, nr) }
}

/// liburing: `io_uring_register_buffers_sparse(3)`: register an empty buffer table.
/// man: io_uring_register_buffers
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buffers_sparse(
    ring: *mut io_uring,
    nr: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_buffers_sparse(nr) }
}

/// liburing: `io_uring_register_buffers_update_tag(3)`: replace registered buffers.
/// man: io_uring_register_buffers
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buffers_update_tag(
    ring: *mut io_uring,
    off: c_uint,
    iovecs: *const libc::iovec,
    tags: *const __u64,
    nr: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_buffers_update_tag(off, iovecs, tags, nr) }
}

/// liburing: `io_uring_unregister_buffers(3)`: release the registered buffers.
/// man: io_uring_register_buffers
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_buffers(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_buffers() }
}

/// liburing: `io_uring_clone_buffers(3)`: share registered buffers with another ring.
///
/// `io_uring_clone_buffers()` registers all of the registered buffers of `src` in `dst`
/// (IORING_REGISTER_CLONE_BUFFERS, Linux 6.12 and later), without pinning them again; `dst` must
/// have no buffer table. `io_uring_clone_buffers_offset()` clones `nr` buffers from index
/// `src_off` of `src` to index `dst_off` of `dst` (0 for `nr` means all), and with
/// IORING_REGISTER_DST_REPLACE in `flags` replaces what `dst` holds there. When `src` has a
/// registered ring fd it is passed as such (IORING_REGISTER_SRC_REGISTERED).
/// `__io_uring_clone_buffers()` and `__io_uring_clone_buffers_offset()` take the flags as they
/// are, without adding IORING_REGISTER_SRC_REGISTERED.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EBUSY`: `dst` already has registered buffers (without IORING_REGISTER_DST_REPLACE).
/// - `-ENXIO`: `src` has no registered buffers.
/// - `-EINVAL`: the offsets and count fall outside a table, or a flag is unknown.
/// - `-EOVERFLOW`: the offsets and count overflow.
/// - `-EBADF`: a ring's file descriptor is not valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_clone_buffers(dst: *mut io_uring, src: *mut io_uring) -> c_int {
    // SAFETY: the caller passes two initialised rings.
    unsafe { (*dst).clone_buffers_from(&*src, 0, 0, 0, IORING_REGISTER_SRC_REGISTERED) }
}

/// liburing: `__io_uring_clone_buffers`: clone registered buffers with explicit flags.
/// man: io_uring_clone_buffers
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_clone_buffers(
    dst: *mut io_uring,
    src: *mut io_uring,
    flags: c_uint,
) -> c_int {
    // SAFETY: the caller passes two initialised rings.
    unsafe { (*dst).clone_buffers_from(&*src, 0, 0, 0, flags) }
}

/// liburing: `io_uring_clone_buffers_offset(3)`: clone a range of registered buffers.
/// man: io_uring_clone_buffers
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_clone_buffers_offset(
    dst: *mut io_uring,
    src: *mut io_uring,
    dst_off: c_uint,
    src_off: c_uint,
    nr: c_uint,
    flags: c_uint,
) -> c_int {
    // SAFETY: the caller passes two initialised rings.
    unsafe {
        (*dst).clone_buffers_from(
            &*src,
            dst_off,
            src_off,
            nr,
            flags | IORING_REGISTER_SRC_REGISTERED,
        )
    }
}

/// liburing: `__io_uring_clone_buffers_offset`: clone a range of registered buffers, flags as given.
/// man: io_uring_clone_buffers
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_clone_buffers_offset(
    dst: *mut io_uring,
    src: *mut io_uring,
    dst_off: c_uint,
    src_off: c_uint,
    nr: c_uint,
    flags: c_uint,
) -> c_int {
    // SAFETY: the caller passes two initialised rings.
    unsafe { (*dst).clone_buffers_from(&*src, dst_off, src_off, nr, flags) }
}

/// liburing: `io_uring_register_files(3)`: register files for fixed-file requests.
///
/// `io_uring_register_files()` registers the `nr_files` file descriptors of `files` as the
/// ring's fixed file table; a request with IOSQE_FIXED_FILE then names a file by its index,
/// which saves the kernel a file lookup and reference per request. An entry of -1 leaves its
/// slot empty. `io_uring_register_files_tags()` also gives each file a tag, posted as the
/// `user_data` of a CQE once a replaced or unregistered file is no longer used.
/// `io_uring_register_files_sparse()` registers `nr` empty slots.
/// `io_uring_register_files_update()` and `io_uring_register_files_update_tag()` replace the
/// slots from `off` (-1 empties a slot). `io_uring_unregister_files()` releases the table.
/// `io_uring_register_file_alloc_range()` limits the slots the kernel allocates from, for
/// requests with IORING_FILE_INDEX_ALLOC, to `len` slots from `off`.
///
/// When registering fails with `-EMFILE` and the soft RLIMIT_NOFILE is below `nr_files`, it is
/// raised by that much and the registration retried once, as liburing does.
///
/// # Return value
/// 0 on success (the updates: the number of slots updated), or a negative errno value.
///
/// # Errors
/// - `-EBUSY`: a file table is already registered.
/// - `-EMFILE`: more files than RLIMIT_NOFILE allows.
/// - `-EINVAL`: `nr` is 0 or above the kernel's limit, or a range lies outside the table.
/// - `-EBADF`: an entry of `files` is not an open file descriptor (nor -1).
/// - `-ENXIO`: (update, unregister, alloc range) no file table is registered.
/// - `-EFAULT`: `files` or `tags` is not accessible.
/// - `-ENOMEM`: out of memory.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files(
    ring: *mut io_uring,
    files: *const c_int,
    nr_files: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_files(files, nr_files) }
}

/// liburing: `io_uring_register_files_tags(3)`: register tagged files.
/// man: io_uring_register_files
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files_tags(
    ring: *mut io_uring,
    files: *const c_int,
    tags: *const __u64,
    nr: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_files_tags(files, tags, nr) }
}

/// liburing: `io_uring_register_files_sparse(3)`: register an empty fixed file table.
/// man: io_uring_register_files
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files_sparse(ring: *mut io_uring, nr: c_uint) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_files_sparse(nr) }
}

/// liburing: `io_uring_register_files_update(3)`: replace registered files.
/// man: io_uring_register_files
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files_update(
    ring: *mut io_uring,
    off: c_uint,
    files: *const c_int,
    nr_files: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_files_update(off, files, nr_files) }
}

/// liburing: `io_uring_register_files_update_tag(3)`: replace registered files, with tags.
/// man: io_uring_register_files
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files_update_tag(
    ring: *mut io_uring,
    off: c_uint,
    files: *const c_int,
    tags: *const __u64,
    nr_files: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_files_update_tag(off, files, tags, nr_files) }
}

/// liburing: `io_uring_unregister_files(3)`: release the fixed file table.
/// man: io_uring_register_files
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_files(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_files() }
}

/// liburing: `io_uring_register_file_alloc_range(3)`: the slots the kernel allocates fixed files in.
/// man: io_uring_register_files
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_file_alloc_range(
    ring: *mut io_uring,
    off: c_uint,
    len: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_file_alloc_range(off, len) }
}

/// liburing: `io_uring_register_eventfd(3)`: signal an eventfd on completions.
///
/// `io_uring_register_eventfd()` registers the eventfd `fd` (see `eventfd(2)`): the kernel
/// signals it whenever it posts a completion to `ring`. `io_uring_register_eventfd_async()`
/// signals it only for requests that completed asynchronously (not inline during submission).
/// `io_uring_unregister_eventfd()` removes it. Notifications can be paused with
/// `io_uring_cq_eventfd_toggle(3)`.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EBUSY`: an eventfd is already registered.
/// - `-EBADF`: `fd` is not an open file descriptor.
/// - `-ENXIO`: (unregister) no eventfd is registered.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_eventfd(ring: *mut io_uring, fd: c_int) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_eventfd(fd, false) }
}

/// liburing: `io_uring_register_eventfd_async(3)`: signal an eventfd on asynchronous completions.
/// man: io_uring_register_eventfd
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_eventfd_async(ring: *mut io_uring, fd: c_int) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_eventfd(fd, true) }
}

/// liburing: `io_uring_unregister_eventfd(3)`: stop signalling the eventfd.
/// man: io_uring_register_eventfd
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_eventfd(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_eventfd() }
}

/// liburing: `io_uring_register_probe(3)`: ask the kernel which opcodes it supports.
///
/// Fills the `struct io_uring_probe` `p`, followed by room for `nr` `struct io_uring_probe_op`
/// entries, with the opcodes the kernel knows (IORING_REGISTER_PROBE). `io_uring_get_probe(3)`
/// allocates and fills one.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: the probe memory is not zeroed, or `nr` is too large.
/// - `-EFAULT`: `p` is not accessible.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_probe(
    ring: *mut io_uring,
    p: *mut io_uring_probe,
    nr: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_probe(p, nr) }
}

/// liburing: `io_uring_register_personality(3)`: register the current credentials.
///
/// `io_uring_register_personality()` registers the credentials of the calling task and returns
/// an id for them; a request whose SQE `personality` field holds that id runs with them.
/// `io_uring_unregister_personality()` releases the id `id`.
///
/// # Return value
/// `io_uring_register_personality()`: the personality id (positive).
/// `io_uring_unregister_personality()`: 0. A negative errno value on failure.
///
/// # Errors
/// - `-EINVAL`: (unregister) `id` is not a registered personality.
/// - `-ENOMEM`: no id is left.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_personality(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_personality() }
}

/// liburing: `io_uring_unregister_personality(3)`: release registered credentials.
/// man: io_uring_register_personality
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_personality(ring: *mut io_uring, id: c_int) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_personality(id) }
}

/// liburing: `io_uring_register_restrictions(3)`: limit what a ring may do.
///
/// Registers the `nr_res` restrictions `res` on a ring set up with IORING_SETUP_R_DISABLED: the
/// register opcodes, SQE opcodes and SQE flags it allows. Once the ring is enabled with
/// `io_uring_enable_rings(3)`, everything else fails with `-EACCES`.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EBADFD`: the ring is not disabled.
/// - `-EBUSY`: restrictions are already registered.
/// - `-EINVAL`: a restriction is invalid, or `nr_res` is too large.
/// - `-EFAULT`: `res` is not accessible.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_restrictions(
    ring: *mut io_uring,
    res: *mut io_uring_restriction,
    nr_res: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_restrictions(res, nr_res) }
}

/// liburing: `io_uring_register_iowq_aff(3)`: the CPUs of the ring's async workers.
///
/// `io_uring_register_iowq_aff()` limits the kernel worker threads that run the ring's
/// asynchronous requests (io-wq) to the CPUs in `mask`, of `cpusz` bytes.
/// `io_uring_unregister_iowq_aff()` lifts the limit. `io_uring_register_iowq_max_workers()` sets
/// the maximum number of bounded (`values[0]`) and unbounded (`values[1]`) workers (0 leaves a
/// value unchanged) and stores the previous limits in `values`.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: `cpusz` is 0 or too large (2^31 bytes or more), or the mask has no usable CPU.
/// - `-EFAULT`: `mask` or `values` is not accessible.
/// - `-ENOMEM`: out of memory.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_iowq_aff(
    ring: *mut io_uring,
    cpusz: usize,
    mask: *const libc::cpu_set_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_iowq_aff(cpusz, mask) }
}

/// liburing: `io_uring_unregister_iowq_aff(3)`: let the async workers run on any CPU.
/// man: io_uring_register_iowq_aff
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_iowq_aff(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_iowq_aff() }
}

/// liburing: `io_uring_register_iowq_max_workers(3)`: limit the number of async workers.
/// man: io_uring_register_iowq_aff
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_iowq_max_workers(
    ring: *mut io_uring,
    values: *mut c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_iowq_max_workers(values) }
}

/// liburing: `io_uring_register_sync_cancel(3)`: cancel requests and wait for them.
///
/// Cancels the requests matching `reg` (by `addr` = user_data, by `fd`, or any, with
/// IORING_ASYNC_CANCEL_* `flags`, and an `opcode` with IORING_ASYNC_CANCEL_OP) and waits until
/// they are cancelled or the timeout `reg->timeout` expires (IORING_REGISTER_SYNC_CANCEL).
///
/// # Return value
/// 0 when requests were cancelled, or a negative errno value.
///
/// # Errors
/// - `-ENOENT`: no request matched.
/// - `-EALREADY`: a matching request is already running and cannot be stopped.
/// - `-ETIME`: the timeout expired.
/// - `-EINVAL`: `reg` is invalid (non-zero padding, unknown flags).
/// - `-EINTR`: a signal arrived while waiting.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_sync_cancel(
    ring: *mut io_uring,
    reg: *mut io_uring_sync_cancel_reg,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_sync_cancel(reg) }
}

/// liburing: `io_uring_register_sync_msg(3)`: send a message to a ring without a ring.
///
/// Issues the IORING_OP_MSG_RING request prepared in `sqe` (see `io_uring_prep_msg_ring(3)`)
/// synchronously, through IORING_REGISTER_SEND_MSG_RING: the caller needs no ring of its own,
/// and the target ring gets a CQE with the message.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EBADF`: the target is not an io_uring file descriptor.
/// - `-EINVAL`: the SQE is not a plain IORING_OP_MSG_RING data message.
/// - `-EOVERFLOW`: the target's completion queue overflowed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_sync_msg(sqe: *mut io_uring_sqe) -> c_int {
    register_sync_msg(sqe)
}

/// liburing: `io_uring_register_napi(3)`: busy-poll network devices while waiting.
///
/// `io_uring_register_napi()` enables NAPI busy polling for the ring: while waiting for
/// completions, the kernel polls the receive queues of the sockets the ring uses for up to
/// `napi->busy_poll_to` microseconds (with `prefer_busy_poll`). `io_uring_unregister_napi()`
/// disables it and stores the previous settings in `napi` when it is not NULL.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: a setting or padding field is invalid, or the kernel has no NAPI support.
/// - `-EFAULT`: `napi` is not accessible.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_napi(
    ring: *mut io_uring,
    napi: *mut io_uring_napi,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_napi(napi) }
}

/// liburing: `io_uring_unregister_napi(3)`: stop busy-polling network devices.
/// man: io_uring_register_napi
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_napi(
    ring: *mut io_uring,
    napi: *mut io_uring_napi,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_napi(napi) }
}

/// liburing: `io_uring_register_clock(3)`: the clock of wait timeouts.
///
/// Sets the clock the kernel uses for the timeouts of waits on `ring` (IORING_REGISTER_CLOCK):
/// `arg->clockid` CLOCK_MONOTONIC (the default) or CLOCK_BOOTTIME.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: the clock is not one of those, or padding is not zero.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_clock(
    ring: *mut io_uring,
    arg: *mut io_uring_clock_register,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_clock(arg) }
}

/// liburing: `io_uring_register_ifq(3)`: register a zero-copy receive interface queue.
///
/// `io_uring_register_ifq()` registers the network interface receive queue described by `reg`
/// for zero-copy receive (IORING_REGISTER_ZCRX_IFQ, Linux 6.15 and later); the kernel fills in
/// the refill queue offsets and the id in `reg`. `io_uring_register_zcrx_ctrl()` sends the
/// control request `ctrl` to a registered zero-copy receive instance. The ring must be set up
/// with IORING_SETUP_DEFER_TASKRUN and 32-byte CQEs.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: a field of `reg` or `ctrl` is invalid, or the ring lacks the setup flags.
/// - `-EPERM`: the caller lacks CAP_NET_ADMIN.
/// - `-EOPNOTSUPP`: the device does not support it.
/// - `-ENODEV`: no such interface or queue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_ifq(
    ring: *mut io_uring,
    reg: *mut io_uring_zcrx_ifq_reg,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_ifq(reg) }
}

/// liburing: `io_uring_register_zcrx_ctrl`: control a zero-copy receive instance.
/// man: io_uring_register_ifq
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_zcrx_ctrl(
    ring: *mut io_uring,
    ctrl: *mut zcrx_ctrl,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_zcrx_ctrl(ctrl) }
}

/// liburing: `io_uring_register_bpf_filter(3)`: filter the ring's requests with BPF.
///
/// `io_uring_register_bpf_filter()` attaches the BPF filter described by `bpf` to `ring`; the
/// kernel runs it on requests before issuing them. `io_uring_register_bpf_filter_task()` attaches
/// it to the calling task, for every ring it creates.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: `bpf` is invalid, or the kernel does not support BPF filters.
/// - `-EPERM`: the caller may not attach the filter.
/// - `-EFAULT`: `bpf` is not accessible.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_bpf_filter(
    ring: *mut io_uring,
    bpf: *mut io_uring_bpf,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_bpf_filter(bpf) }
}

/// liburing: `io_uring_register_bpf_filter_task(3)`: filter the task's rings with BPF.
/// man: io_uring_register_bpf_filter
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_bpf_filter_task(bpf: *mut io_uring_bpf) -> c_int {
    register_bpf_filter_task(bpf)
}

/// liburing: `io_uring_register_query`: ask the kernel what io_uring supports.
///
/// Passes the chain of query headers starting at `query` to the kernel (IORING_REGISTER_QUERY,
/// without a ring); the kernel answers each query in its buffer and sets its `result`.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: the kernel does not know IORING_REGISTER_QUERY, or a header is invalid.
/// - `-EFAULT`: a header or buffer is not accessible.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_query(query: *mut io_uring_query_hdr) -> c_int {
    register_query(query)
}

/// liburing: `io_uring_register_wait_reg(3)`: register wait arguments (withdrawn).
///
/// This interface was dropped from the kernel before it was released; register a memory region
/// with IORING_MEM_REGION_REG_WAIT_ARG through `io_uring_register_region(3)` instead.
///
/// # Return value
/// Always `-EINVAL`, as in liburing 2.15.
///
/// # Errors
/// - `-EINVAL`: always.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_wait_reg(
    ring: *mut io_uring,
    reg: *mut io_uring_reg_wait,
    nr: c_int,
) -> c_int {
    let _ = (ring, reg, nr);
    -libc::EINVAL
}

/// liburing: `io_uring_register_region(3)`: register a memory region with the ring.
///
/// Registers the memory region described by `reg` (IORING_REGISTER_MEM_REGION, Linux 6.13):
/// with IORING_MEM_REGION_REG_WAIT_ARG it holds the wait arguments that
/// `io_uring_submit_and_wait_reg(3)` refers to by index. The ring must be set up with
/// IORING_SETUP_R_DISABLED and not yet enabled.
///
/// # Return value
/// 0 on success, or a negative errno value.
///
/// # Errors
/// - `-EINVAL`: a field of `reg` is invalid.
/// - `-EBUSY`: a region is already registered.
/// - `-EFAULT`: `reg` or its region descriptor is not accessible.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_region(
    ring: *mut io_uring,
    reg: *mut io_uring_mem_region_reg,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_region(reg) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_iowq_affinity_masks_are_refused_before_the_kernel() {
        let ring = io_uring {
            ring_fd: 999_999,
            enter_ring_fd: 999_999,
            ..io_uring::zeroed()
        };
        assert_eq!(
            ring.register_iowq_aff(1 << 31, core::ptr::null()),
            -libc::EINVAL
        );
        assert_eq!(
            ring.register_iowq_aff(8, core::ptr::null()),
            -libc::EBADF,
            "smaller sizes reach the kernel"
        );
    }

    #[test]
    fn register_buf_ring_ors_its_flags_into_the_registration() {
        let ring = io_uring {
            ring_fd: 999_999,
            enter_ring_fd: 999_999,
            ..io_uring::zeroed()
        };
        let mut reg = io_uring_buf_reg {
            flags: IOU_PBUF_RING_MMAP as u16,
            ..Default::default()
        };
        // a kernel without buffer rings (5.10) refuses the opcode before it looks at the fd
        let want = if crate::kernel_probe::buf_rings() {
            -libc::EBADF
        } else {
            -libc::EINVAL
        };
        assert_eq!(ring.register_buf_ring(&mut reg, IOU_PBUF_RING_INC), want);
        assert_eq!(
            reg.flags as u32,
            IOU_PBUF_RING_MMAP | IOU_PBUF_RING_INC,
            "liburing: reg->flags |= flags"
        );
    }

    #[test]
    fn register_wait_reg_is_gone_as_in_liburing() {
        let mut ring = io_uring::zeroed();
        assert_eq!(
            unsafe { io_uring_register_wait_reg(&mut ring, core::ptr::null_mut(), 1) },
            -libc::EINVAL
        );
    }

    #[test]
    fn registration_errors_come_back_as_negative_errno_without_touching_errno() {
        let ring = io_uring {
            ring_fd: 999_999,
            enter_ring_fd: 999_999,
            ..io_uring::zeroed()
        };
        unsafe { *libc::__errno_location() = 0 };
        assert_eq!(ring.register_files_sparse(4), -libc::EBADF);
        assert_eq!(ring.unregister_buffers(), -libc::EBADF);
        assert_eq!(unsafe { *libc::__errno_location() }, 0);
    }

    #[test]
    fn emfile_retry_raises_the_soft_limit_only_when_below_nr() {
        let mut before: libc::rlimit = unsafe { core::mem::zeroed() };
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut before) };
        increase_rlimit_nofile(1); // the limit is never below 1: unchanged
        let mut after: libc::rlimit = unsafe { core::mem::zeroed() };
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut after) };
        assert_eq!(before.rlim_cur, after.rlim_cur);
    }
}
