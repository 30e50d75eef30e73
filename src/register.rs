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
    pub(crate) fn register_files_tags(&self, files: *const c_int, tags: *const u64, nr: u32) -> c_int {
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
        self.do_register(IORING_REGISTER_PBUF_RING, reg.cast_const().cast(), 1)
    }

    /// liburing's `io_uring_unregister_buf_ring`.
    pub(crate) fn unregister_buf_ring(&self, bgid: c_int) -> c_int {
        let reg = io_uring_buf_reg {
            bgid: bgid as u16,
            ..Default::default()
        };
        self.do_register(
            IORING_UNREGISTER_PBUF_RING,
            (&reg as *const io_uring_buf_reg).cast(),
            1,
        )
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

/// liburing: `io_uring_set_iowait(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_set_iowait(ring: *mut io_uring, enable_iowait: bool) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).set_iowait(enable_iowait) }
}

/// liburing: `io_uring_register(2)` wrapper; returns `-errno`, errno is not set.
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
    unsafe { (*ring).enable_rings() }
}

/// liburing: `io_uring_register_buffers(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buffers(
    ring: *mut io_uring,
    iovecs: *const libc::iovec,
    nr_iovecs: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_buffers(iovecs, nr_iovecs) }
}

/// liburing: `io_uring_register_buffers_tags(3)`.
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

/// liburing: `io_uring_register_buffers_sparse(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_buffers_sparse(
    ring: *mut io_uring,
    nr: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_buffers_sparse(nr) }
}

/// liburing: `io_uring_register_buffers_update_tag(3)`.
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

/// liburing: `io_uring_unregister_buffers(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_buffers(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_buffers() }
}

/// liburing: `io_uring_clone_buffers(3)`: all of `src`'s registered buffers into `dst`
/// (through `src`'s registered ring fd when it has one).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_clone_buffers(dst: *mut io_uring, src: *mut io_uring) -> c_int {
    // SAFETY: the caller passes two initialised rings.
    unsafe { (*dst).clone_buffers_from(&*src, 0, 0, 0, IORING_REGISTER_SRC_REGISTERED) }
}

/// liburing: `__io_uring_clone_buffers`: as `io_uring_clone_buffers`, with explicit `flags`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __io_uring_clone_buffers(
    dst: *mut io_uring,
    src: *mut io_uring,
    flags: c_uint,
) -> c_int {
    // SAFETY: the caller passes two initialised rings.
    unsafe { (*dst).clone_buffers_from(&*src, 0, 0, 0, flags) }
}

/// liburing: `io_uring_clone_buffers_offset(3)`.
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

/// liburing: `__io_uring_clone_buffers_offset`: IORING_REGISTER_SRC_REGISTERED only if asked.
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

/// liburing: `io_uring_register_files(3)`. On -EMFILE the soft RLIMIT_NOFILE is raised by
/// `nr_files` (when below it) and the registration retried once, as liburing does.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files(
    ring: *mut io_uring,
    files: *const c_int,
    nr_files: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_files(files, nr_files) }
}

/// liburing: `io_uring_register_files_tags(3)` (same -EMFILE retry as `io_uring_register_files`).
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

/// liburing: `io_uring_register_files_sparse(3)` (same -EMFILE retry as `io_uring_register_files`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_files_sparse(ring: *mut io_uring, nr: c_uint) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_files_sparse(nr) }
}

/// liburing: `io_uring_register_files_update(3)`.
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

/// liburing: `io_uring_register_files_update_tag(3)`.
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

/// liburing: `io_uring_unregister_files(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_files(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_files() }
}

/// liburing: `io_uring_register_file_alloc_range(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_file_alloc_range(
    ring: *mut io_uring,
    off: c_uint,
    len: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_file_alloc_range(off, len) }
}

/// liburing: `io_uring_register_eventfd(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_eventfd(ring: *mut io_uring, fd: c_int) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_eventfd(fd, false) }
}

/// liburing: `io_uring_register_eventfd_async(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_eventfd_async(ring: *mut io_uring, fd: c_int) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_eventfd(fd, true) }
}

/// liburing: `io_uring_unregister_eventfd(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_eventfd(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_eventfd() }
}

/// liburing: `io_uring_register_probe(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_probe(
    ring: *mut io_uring,
    p: *mut io_uring_probe,
    nr: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_probe(p, nr) }
}

/// liburing: `io_uring_register_personality(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_personality(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_personality() }
}

/// liburing: `io_uring_unregister_personality(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_personality(ring: *mut io_uring, id: c_int) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_personality(id) }
}

/// liburing: `io_uring_register_restrictions(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_restrictions(
    ring: *mut io_uring,
    res: *mut io_uring_restriction,
    nr_res: c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_restrictions(res, nr_res) }
}

/// liburing: `io_uring_register_iowq_aff(3)`. `cpusz` of 2^31 or more is -EINVAL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_iowq_aff(
    ring: *mut io_uring,
    cpusz: usize,
    mask: *const libc::cpu_set_t,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_iowq_aff(cpusz, mask) }
}

/// liburing: `io_uring_unregister_iowq_aff(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_iowq_aff(ring: *mut io_uring) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_iowq_aff() }
}

/// liburing: `io_uring_register_iowq_max_workers(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_iowq_max_workers(
    ring: *mut io_uring,
    values: *mut c_uint,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_iowq_max_workers(values) }
}

/// liburing: `io_uring_register_sync_cancel(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_sync_cancel(
    ring: *mut io_uring,
    reg: *mut io_uring_sync_cancel_reg,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_sync_cancel(reg) }
}

/// liburing: `io_uring_register_sync_msg(3)`: issue an IORING_OP_MSG_RING SQE synchronously,
/// without a source ring.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_sync_msg(sqe: *mut io_uring_sqe) -> c_int {
    register_sync_msg(sqe)
}

/// liburing: `io_uring_register_napi(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_napi(
    ring: *mut io_uring,
    napi: *mut io_uring_napi,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_napi(napi) }
}

/// liburing: `io_uring_unregister_napi(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_unregister_napi(
    ring: *mut io_uring,
    napi: *mut io_uring_napi,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).unregister_napi(napi) }
}

/// liburing: `io_uring_register_clock(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_clock(
    ring: *mut io_uring,
    arg: *mut io_uring_clock_register,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_clock(arg) }
}

/// liburing: `io_uring_register_ifq(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_ifq(
    ring: *mut io_uring,
    reg: *mut io_uring_zcrx_ifq_reg,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_ifq(reg) }
}

/// liburing: `io_uring_register_zcrx_ctrl`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_zcrx_ctrl(
    ring: *mut io_uring,
    ctrl: *mut zcrx_ctrl,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_zcrx_ctrl(ctrl) }
}

/// liburing: `io_uring_register_bpf_filter(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_bpf_filter(
    ring: *mut io_uring,
    bpf: *mut io_uring_bpf,
) -> c_int {
    // SAFETY: the caller passes an initialised ring.
    unsafe { (*ring).register_bpf_filter(bpf) }
}

/// liburing: `io_uring_register_bpf_filter_task(3)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_bpf_filter_task(bpf: *mut io_uring_bpf) -> c_int {
    register_bpf_filter_task(bpf)
}

/// liburing: `io_uring_register_query`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_query(query: *mut io_uring_query_hdr) -> c_int {
    register_query(query)
}

/// liburing: `io_uring_register_wait_reg(3)`. Always -EINVAL, as in liburing 2.15: the
/// kernel dropped this interface; register a memory region with
/// IORING_MEM_REGION_REG_WAIT_ARG (`io_uring_register_region`) instead.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn io_uring_register_wait_reg(
    ring: *mut io_uring,
    reg: *mut io_uring_reg_wait,
    nr: c_int,
) -> c_int {
    let _ = (ring, reg, nr);
    -libc::EINVAL
}

/// liburing: `io_uring_register_region(3)`.
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
        assert_eq!(
            ring.register_buf_ring(&mut reg, IOU_PBUF_RING_INC),
            -libc::EBADF
        );
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
