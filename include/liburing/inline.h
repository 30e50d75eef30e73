/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * The inline fast paths of liburing.h: translated by build.rs (build/inline_c.rs) from the
 * Rust functions marked `c: inline`, which the library also exports under the same names.
 * Generated; do not edit by hand. Included at the end of liburing.h.
 */
#ifndef LIBURING_INLINE_H
#define LIBURING_INLINE_H

/**
 * liburing: `__io_uring_set_target_fixed_file`: store `file_index + 1` (0 means no fixed file).
 */
static inline void __io_uring_set_target_fixed_file(struct io_uring_sqe *sqe, unsigned int file_index)
{
	sqe->file_index = file_index + 1;
}

/**
 * liburing: `io_uring_initialize_sqe`: clear the fields prep helpers don't set (what
 * `io_uring_get_sqe` does to every SQE it hands out), so a reused slot carries nothing over.
 */
static inline void io_uring_initialize_sqe(struct io_uring_sqe *sqe)
{
	sqe->flags = 0;
	sqe->ioprio = 0;
	sqe->fsync_flags = 0;
	sqe->buf_index = 0;
	sqe->personality = 0;
	sqe->file_index = 0;
	sqe->addr3 = 0;
	sqe->__pad2[0] = 0;
}

/**
 * liburing: `io_uring_load_sq_head`: the kernel's SQ head. Always an acquire load: an SQPOLL
 * thread moves it concurrently, and without one it is a plain load on x86 anyway (liburing
 * tests the SQPOLL flag first; the branch costs more than it saves).
 */
static inline unsigned int io_uring_load_sq_head(const struct io_uring *ring)
{
	return __atomic_load_n(ring->sq.khead, __ATOMIC_ACQUIRE);
}

/**
 * liburing: `io_uring_sqe_shift_from_flags`: 1 when `flags` has IORING_SETUP_SQE128.
 */
static inline unsigned int io_uring_sqe_shift_from_flags(unsigned int flags)
{
	return (unsigned int)((flags & IORING_SETUP_SQE128) != 0);
}

/**
 * liburing: `io_uring_sqe_shift`: log2 of an SQE's size in 64-byte units.
 */
static inline unsigned int io_uring_sqe_shift(const struct io_uring *ring)
{
	return io_uring_sqe_shift_from_flags(ring->flags);
}

/**
 * liburing: `io_uring_get_sqe(3)`: the next free SQE with the fields prep helpers don't set
 * cleared, or NULL when the SQ is full.
 */
static inline struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)
{
	unsigned int tail = ring->sq.sqe_tail;
	if ((tail - io_uring_load_sq_head(ring)) >= ring->sq.ring_entries) {
		return NULL;
	}
	struct io_uring_sqe *sqe = ring->sq.sqes + (size_t)((tail & ring->sq.ring_mask) << io_uring_sqe_shift(ring));
	ring->sq.sqe_tail = tail + 1;
	io_uring_initialize_sqe(sqe);
	return sqe;
}

/**
 * liburing: `_io_uring_get_sqe`: what `io_uring_get_sqe(3)` does.
 */
static inline struct io_uring_sqe *_io_uring_get_sqe(struct io_uring *ring)
{
	return io_uring_get_sqe(ring);
}

/**
 * liburing: `io_uring_cq_advance(3)`: hand `nr` CQEs back to the kernel.
 */
static inline void io_uring_cq_advance(struct io_uring *ring, unsigned int nr)
{
	if (nr != 0) {
		__atomic_store_n(ring->cq.khead, __atomic_load_n(ring->cq.khead, __ATOMIC_RELAXED) + nr, __ATOMIC_RELEASE);
	}
}

/**
 * liburing: `io_uring_cq_ready(3)`.
 */
static inline unsigned int io_uring_cq_ready(const struct io_uring *ring)
{
	return __atomic_load_n(ring->cq.ktail, __ATOMIC_ACQUIRE) - __atomic_load_n(ring->cq.khead, __ATOMIC_RELAXED);
}

/**
 * liburing: `io_uring_cqe_get_data(3)`.
 */
static inline void *io_uring_cqe_get_data(const struct io_uring_cqe *cqe)
{
	return (void *)((size_t)(cqe->user_data));
}

/**
 * liburing: `io_uring_cqe_get_data64(3)`.
 */
static inline __u64 io_uring_cqe_get_data64(const struct io_uring_cqe *cqe)
{
	return cqe->user_data;
}

/**
 * liburing: `io_uring_cqe_nr`: ring slots a CQE occupies (2 for a 32-byte CQE on a
 * CQE_MIXED ring).
 */
static inline unsigned int io_uring_cqe_nr(const struct io_uring_cqe *cqe)
{
	return 1 + ((unsigned int)((cqe->flags & IORING_CQE_F_32) != 0));
}

/**
 * liburing: `io_uring_cqe_seen(3)`: a NULL `cqe` is ignored.
 */
static inline void io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe)
{
	if (cqe != NULL) {
		io_uring_cq_advance(ring, io_uring_cqe_nr(cqe));
	}
}

/**
 * liburing: `io_uring_cqe_shift_from_flags`: 1 when `flags` has IORING_SETUP_CQE32.
 */
static inline unsigned int io_uring_cqe_shift_from_flags(unsigned int flags)
{
	return (unsigned int)((flags & IORING_SETUP_CQE32) != 0);
}

/**
 * liburing: `io_uring_cqe_shift`: log2 of a CQE's size in 16-byte units.
 */
static inline unsigned int io_uring_cqe_shift(const struct io_uring *ring)
{
	return io_uring_cqe_shift_from_flags(ring->flags);
}

/**
 * liburing: `io_uring_wait_cqe_nr(3)`. The fast path (at least `wait_nr` CQEs ready and the
 * first one not liburing-internal) needs no call; anything else is `__io_uring_get_cqe`'s.
 */
static inline int io_uring_wait_cqe_nr(struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned int wait_nr)
{
	unsigned int head = __atomic_load_n(ring->cq.khead, __ATOMIC_RELAXED);
	unsigned int available = __atomic_load_n(ring->cq.ktail, __ATOMIC_ACQUIRE) - head;
	if ((available != 0) && (available >= wait_nr)) {
		struct io_uring_cqe *cqe = ring->cq.cqes + (size_t)((head & ring->cq.ring_mask) << io_uring_cqe_shift(ring));
		if (((cqe->flags & IORING_CQE_F_SKIP) == 0) && (((ring->features & IORING_FEAT_EXT_ARG) != 0) || (cqe->user_data != LIBURING_UDATA_TIMEOUT))) {
			*cqe_ptr = cqe;
			return 0;
		}
	}
	return __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, NULL);
}

/**
 * liburing: `io_uring_peek_cqe(3)`: a CQE if one is ready (entering only to flush overflow
 * or task work), else `-EAGAIN`.
 */
static inline int io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
{
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 0);
}

/**
 * liburing: `io_uring_prep_rw`: opcode, fd, addr, len and off, which every operation uses.
 */
static inline void io_uring_prep_rw(int op, struct io_uring_sqe *sqe, int fd, const void *addr, unsigned int len, __u64 offset)
{
	sqe->opcode = (uint8_t)(op);
	sqe->fd = fd;
	sqe->off = offset;
	sqe->addr = (uint64_t)((size_t)(addr));
	sqe->len = len;
}

/**
 * liburing: `io_uring_prep_nop(3)`.
 */
static inline void io_uring_prep_nop(struct io_uring_sqe *sqe)
{
	io_uring_prep_rw((int)(IORING_OP_NOP), sqe, -1, NULL, 0, 0);
}

/**
 * liburing: `io_uring_prep_read(3)`.
 */
static inline void io_uring_prep_read(struct io_uring_sqe *sqe, int fd, void *buf, unsigned int nbytes, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_READ), sqe, fd, buf, nbytes, offset);
}

/**
 * liburing: `io_uring_prep_readv(3)`.
 */
static inline void io_uring_prep_readv(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_READV), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
}

/**
 * liburing: `io_uring_prep_write(3)`.
 */
static inline void io_uring_prep_write(struct io_uring_sqe *sqe, int fd, const void *buf, unsigned int nbytes, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_WRITE), sqe, fd, buf, nbytes, offset);
}

/**
 * liburing: `io_uring_prep_writev(3)`.
 */
static inline void io_uring_prep_writev(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_WRITEV), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
}

/**
 * liburing: `io_uring_sq_ready(3)`: SQEs prepared but not yet consumed by the kernel.
 */
static inline unsigned int io_uring_sq_ready(const struct io_uring *ring)
{
	return ring->sq.sqe_tail - io_uring_load_sq_head(ring);
}

/**
 * liburing: `io_uring_sq_space_left(3)`.
 */
static inline unsigned int io_uring_sq_space_left(const struct io_uring *ring)
{
	return ring->sq.ring_entries - io_uring_sq_ready(ring);
}

/**
 * liburing: `io_uring_sqe_set_buf_group(3)`.
 */
static inline void io_uring_sqe_set_buf_group(struct io_uring_sqe *sqe, int bgid)
{
	sqe->buf_group = (uint16_t)(bgid);
}

/**
 * liburing: `uring_ptr_to_u64`: a pointer as the `__u64` SQE fields hold.
 */
static inline __u64 uring_ptr_to_u64(const void *ptr)
{
	return (__u64)((size_t)(ptr));
}

/**
 * liburing: `io_uring_sqe_set_data(3)`.
 */
static inline void io_uring_sqe_set_data(struct io_uring_sqe *sqe, void *data)
{
	sqe->user_data = uring_ptr_to_u64(data);
}

/**
 * liburing: `io_uring_sqe_set_data64(3)`.
 */
static inline void io_uring_sqe_set_data64(struct io_uring_sqe *sqe, __u64 data)
{
	sqe->user_data = data;
}

/**
 * liburing: `io_uring_sqe_set_flags(3)`: IOSQE_* flags (the whole byte is replaced).
 */
static inline void io_uring_sqe_set_flags(struct io_uring_sqe *sqe, unsigned int flags)
{
	sqe->flags = (uint8_t)(flags);
}

/**
 * liburing: `io_uring_wait_cqe(3)`.
 */
static inline int io_uring_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
{
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 1);
}

#endif
