/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * The hand-written part of uring-rs's liburing.h: what a C header needs beyond the
 * declarations cbindgen generates from the Rust sources (version macros, memory barriers,
 * the io_uring_for_each_cqe macro). Included by liburing.h before the declarations. The block
 * of constants is written by build.rs from the Rust constants marked `c: define`.
 */
#ifndef LIBURING_EXTRA_H
#define LIBURING_EXTRA_H

/* BEGIN constants: written by build.rs from the Rust constants marked `c: define`. */
/* The block device uring_cmd of io_uring_prep_cmd_discard() (<linux/fs.h> on newer kernels). */
#ifndef BLOCK_URING_CMD_DISCARD
#define BLOCK_URING_CMD_DISCARD _IO(0x12, 0)
#endif
/* ... and of io_uring_prep_cmd_zone_reset_all() (<linux/blkdev.h> on kernels that have it). */
#ifndef BLOCK_URING_CMD_ZONE_RESET_ALL
#define BLOCK_URING_CMD_ZONE_RESET_ALL _IO(0x12, 1)
#endif
/* user_data of liburing's internal timeout SQE; applications must not use it. */
#ifndef LIBURING_UDATA_TIMEOUT
#define LIBURING_UDATA_TIMEOUT ((__u64) -1)
#endif
/* The liburing version whose API this library implements: major ... */
#ifndef IO_URING_VERSION_MAJOR
#define IO_URING_VERSION_MAJOR 2
#endif
/* ... and minor. */
#ifndef IO_URING_VERSION_MINOR
#define IO_URING_VERSION_MINOR 15
#endif
/* END constants */

/* True when the library headers are OLDER than major.minor (liburing's meaning). */
#define IO_URING_CHECK_VERSION(major, minor)                                           \
	((major) > IO_URING_VERSION_MAJOR ||                                           \
	 ((major) == IO_URING_VERSION_MAJOR && (minor) > IO_URING_VERSION_MINOR))

/* Barriers for code that reads the shared rings itself, as liburing's barrier.h offers. */
#define IO_URING_WRITE_ONCE(var, val) __atomic_store_n(&(var), (val), __ATOMIC_RELAXED)
#define IO_URING_READ_ONCE(var) __atomic_load_n(&(var), __ATOMIC_RELAXED)
#define io_uring_smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define io_uring_smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define io_uring_smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

#ifndef uring_unlikely
#define uring_unlikely(cond) __builtin_expect(!!(cond), 0)
#endif
#ifndef uring_likely
#define uring_likely(cond) __builtin_expect(!!(cond), 1)
#endif

/*
 * Types some io_uring_prep_* prototypes name (epoll_ctl/epoll_wait, futex_waitv, statx) without
 * liburing.h including their headers; declared here as liburing.h does.
 */
struct epoll_event;
struct futex_waitv;
struct statx;

/*
 * Walk the ready CQEs without consuming them; `head` receives each CQE's ring position.
 * Call io_uring_cq_advance() with the number seen afterwards.
 */
#define io_uring_for_each_cqe(ring, head, cqe)                                         \
	for (struct io_uring_cqe_iter __ITER__ = io_uring_cqe_iter_init(ring);         \
	     (head) = __ITER__.head, io_uring_cqe_iter_next(&__ITER__, &(cqe));        \
	     (void)(head))

#endif
