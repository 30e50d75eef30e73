/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * The inline fast paths of liburing.h: translated by build.rs (build/inline_c.rs) from the
 * Rust functions marked `c: inline`, which the library also exports under the same names.
 * Generated; do not edit by hand. Included at the end of liburing.h.
 */
#ifndef LIBURING_INLINE_H
#define LIBURING_INLINE_H

/**
 * liburing: `io_uring_buf_ring_advance(3)`: publish added buffers.
 *
 * `io_uring_buf_ring_advance()` moves the tail of `br` by `count`, handing the buffers added
 * with `io_uring_buf_ring_add(3)` to the kernel (a release store: their descriptions are
 * visible before the tail). `io_uring_buf_ring_cq_advance()` also marks `count` completions
 * consumed, as `io_uring_cq_advance(3)` does, for the common case of recycling one buffer per
 * completion; `__io_uring_buf_ring_cq_advance()` publishes `buf_count` buffers and consumes
 * `cq_count` completions.
 *
 * # Errors
 * None.
 */
static inline void io_uring_buf_ring_advance(struct io_uring_buf_ring *br, int count)
{
	uint16_t *tail = &br->tail;
	__atomic_store_n(tail, (uint16_t)(__atomic_load_n(tail, __ATOMIC_RELAXED) + (uint16_t)(count)), __ATOMIC_RELEASE);
}

/**
 * liburing: `io_uring_cq_advance(3)`: mark completions consumed.
 * man: io_uring_cqe_seen
 */
static inline void io_uring_cq_advance(struct io_uring *ring, unsigned int nr)
{
	if (nr != 0) {
		__atomic_store_n(ring->cq.khead, __atomic_load_n(ring->cq.khead, __ATOMIC_RELAXED) + nr, __ATOMIC_RELEASE);
	}
}

/**
 * liburing: `__io_uring_buf_ring_cq_advance`: publish buffers and consume completions, counted apart.
 * man: io_uring_buf_ring_advance
 */
static inline void __io_uring_buf_ring_cq_advance(struct io_uring *ring, struct io_uring_buf_ring *br, int cq_count, int buf_count)
{
	io_uring_buf_ring_advance(br, buf_count);
	io_uring_cq_advance(ring, (unsigned int)(cq_count));
}

/**
 * Whether `cqe` belongs to the application, not to liburing: neither a padding CQE of a
 * CQE_MIXED ring (IORING_CQE_F_SKIP) nor the internal timeout CQE of timed waits on kernels
 * without IORING_FEAT_EXT_ARG. Not exported: C gets it from inline.h, under a reserved name.
 * man: io_uring_skip_cqe
 */
static inline bool __io_uring_cqe_for_app(const struct io_uring *ring, const struct io_uring_cqe *cqe)
{
	return ((cqe->flags & IORING_CQE_F_SKIP) == 0) && (((ring->features & IORING_FEAT_EXT_ARG) != 0) || (cqe->user_data != LIBURING_UDATA_TIMEOUT));
}

/**
 * liburing: `io_uring_cqe_nr`: the number of ring slots a completion takes.
 *
 * Returns 2 for a 32-byte completion queue entry on a IORING_SETUP_CQE_MIXED ring (its flags
 * have IORING_CQE_F_32), else 1: the amount `io_uring_cq_advance(3)` must move the head by to
 * consume `cqe`.
 *
 * # Return value
 * 1 or 2.
 *
 * # Errors
 * None.
 */
static inline unsigned int io_uring_cqe_nr(const struct io_uring_cqe *cqe)
{
	return 1 + ((unsigned int)((cqe->flags & IORING_CQE_F_32) != 0));
}

/**
 * liburing: `io_uring_cqe_shift_from_flags`: the CQE size shift for ring setup flags.
 * man: io_uring_sqe_shift_from_flags
 */
static inline unsigned int io_uring_cqe_shift_from_flags(unsigned int flags)
{
	return (unsigned int)((flags & IORING_SETUP_CQE32) != 0);
}

/**
 * liburing: `io_uring_cqe_shift`: the CQE size shift of a ring.
 * man: io_uring_sqe_shift_from_flags
 */
static inline unsigned int io_uring_cqe_shift(const struct io_uring *ring)
{
	return io_uring_cqe_shift_from_flags(ring->flags);
}

/**
 * What liburing's `io_uring_peek_cqe` and `io_uring_wait_cqe` do first on kernels without
 * IORING_FEAT_EXT_ARG: consume the liburing-internal CQEs at the head (the timeout CQE a timed
 * wait left behind when it returned another CQE, padding entries) up to and including the
 * first that carries an error, so that this stale error (-ETIME) is not the answer to the
 * peek or wait that follows. `io_uring_wait_cqe_nr` does not (it returns the error, as in
 * liburing). Not exported: C gets it from inline.h, under a reserved name.
 * man: io_uring_wait_cqe
 */
static inline void __io_uring_drop_stale_cqes(struct io_uring *ring)
{
	if ((ring->features & IORING_FEAT_EXT_ARG) != 0) {
		return;
	}
	for (;;) {
		unsigned int head = __atomic_load_n(ring->cq.khead, __ATOMIC_RELAXED);
		if (__atomic_load_n(ring->cq.ktail, __ATOMIC_ACQUIRE) == head) {
			return;
		}
		struct io_uring_cqe *cqe = ring->cq.cqes + (size_t)((head & ring->cq.ring_mask) << io_uring_cqe_shift(ring));
		if (__io_uring_cqe_for_app(ring, cqe)) {
			return;
		}
		bool failed = ((cqe->flags & IORING_CQE_F_SKIP) == 0) && (cqe->res < 0);
		io_uring_cq_advance(ring, io_uring_cqe_nr(cqe));
		if (failed) {
			return;
		}
	}
}

/**
 * liburing: `io_uring_initialize_sqe`: clear the fields of an SQE that the prep helpers don't set.
 *
 * Clears `flags`, `ioprio`, `buf_index`, `personality`, `file_index`, `addr3` and the pad of
 * `sqe`: what `io_uring_get_sqe(3)` does to every SQE it hands out, so that a reused slot
 * carries nothing over. An internal helper of liburing's header, exported as liburing-ffi
 * exports it.
 *
 * # Errors
 * None.
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
 * liburing: `io_uring_load_sq_head`: read the kernel's submission queue head.
 *
 * Returns the head of `ring`'s submission queue: the index of the next SQE the kernel will
 * consume. An internal helper of liburing's header, used by `io_uring_sq_space_left(3)` and
 * `io_uring_get_sqe(3)`.
 *
 * # Return value
 * The head index (it wraps around at 2^32, like the tail).
 *
 * # Errors
 * None.
 *
 * # Notes
 * The load is always an acquire load: an SQPOLL thread moves the head concurrently, and
 * without one it costs the same as a plain load on x86. liburing tests the SQPOLL flag first.
 */
static inline unsigned int io_uring_load_sq_head(const struct io_uring *ring)
{
	return __atomic_load_n(ring->sq.khead, __ATOMIC_ACQUIRE);
}

/**
 * `io_uring_get_sqe(3)` with the ring's SQE size shift given (1 on IORING_SETUP_SQE128
 * rings, else 0, as `io_uring_sqe_shift` tells): the Rust API knows it without reading the
 * setup flags each time (a plain `api::Ring`'s is 0 when compiling). Not exported: C gets it
 * from inline.h, under a reserved name.
 *
 * # Safety
 * `ring` is initialised and `sqe_shift` is its SQE size shift.
 * man: io_uring_get_sqe
 */
static inline struct io_uring_sqe *__io_uring_get_sqe_shifted(struct io_uring *ring, unsigned int sqe_shift)
{
	unsigned int tail = ring->sq.sqe_tail;
	if ((tail - io_uring_load_sq_head(ring)) >= ring->sq.ring_entries) {
		return NULL;
	}
	struct io_uring_sqe *sqe = ring->sq.sqes + (size_t)((tail & ring->sq.ring_mask) << sqe_shift);
	ring->sq.sqe_tail = tail + 1;
	io_uring_initialize_sqe(sqe);
	return sqe;
}

/**
 * liburing: `__io_uring_prep_poll_mask`: poll events as the kernel reads them.
 * man: io_uring_prep_poll_add
 */
static inline unsigned int __io_uring_prep_poll_mask(unsigned int poll_mask)
{
	if (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) {
		return (poll_mask << 16) | (poll_mask >> 16);
	} else {
		return poll_mask;
	}
}

/**
 * liburing: `__io_uring_prep_uring_cmd`: the common part of the uring_cmd helpers.
 * man: io_uring_prep_uring_cmd
 */
static inline void __io_uring_prep_uring_cmd(struct io_uring_sqe *sqe, int op, __u32 cmd_op, int fd)
{
	sqe->opcode = (uint8_t)(op);
	sqe->fd = fd;
	sqe->cmd_op = cmd_op;
	sqe->__pad1 = 0;
	sqe->addr = 0;
	sqe->len = 0;
}

/**
 * liburing: `__io_uring_set_target_fixed_file`: make a request's result a fixed file.
 *
 * Stores `file_index + 1` in the SQE's `file_index` field (0 means "no fixed file"), so that
 * the file the request creates goes into that slot of the fixed file table.
 * `__io_uring_set_target_direct()` does the same for the `_direct` helpers, except that
 * IORING_FILE_INDEX_ALLOC ("pick a free slot") is stored unchanged. Internal helpers of
 * liburing's header.
 *
 * # Errors
 * None.
 */
static inline void __io_uring_set_target_fixed_file(struct io_uring_sqe *sqe, unsigned int file_index)
{
	sqe->file_index = file_index + 1;
}

/**
 * The `*_direct` convention: fixed file slot `file_index` (stored as `index + 1`), except that
 * `IORING_FILE_INDEX_ALLOC` ("pick a free slot") is stored unchanged. Not exported: C gets it
 * from inline.h, under a reserved name.
 * man: __io_uring_set_target_fixed_file
 */
static inline void __io_uring_set_target_direct(struct io_uring_sqe *sqe, unsigned int file_index)
{
	if (file_index == IORING_FILE_INDEX_ALLOC) {
		file_index -= 1;
	}
	__io_uring_set_target_fixed_file(sqe, file_index);
}

/**
 * liburing: `io_uring_sqe_shift_from_flags`: the SQE size shift for ring setup flags.
 *
 * Returns 1 when `flags` contains IORING_SETUP_SQE128 (SQEs are 128 bytes, two 64-byte units),
 * else 0. `io_uring_sqe_shift()` returns the same for `ring`'s flags;
 * `io_uring_cqe_shift_from_flags()` and `io_uring_cqe_shift()` return 1 when the flags contain
 * IORING_SETUP_CQE32 (CQEs are 32 bytes, two 16-byte units). Internal helpers of liburing's
 * header: an SQE index shifted left by the shift is its position in the SQE array.
 *
 * # Return value
 * 0 or 1.
 *
 * # Errors
 * None.
 */
static inline unsigned int io_uring_sqe_shift_from_flags(unsigned int flags)
{
	return (unsigned int)((flags & IORING_SETUP_SQE128) != 0);
}

/**
 * liburing: `io_uring_sqe_shift`: the SQE size shift of a ring.
 * man: io_uring_sqe_shift_from_flags
 */
static inline unsigned int io_uring_sqe_shift(const struct io_uring *ring)
{
	return io_uring_sqe_shift_from_flags(ring->flags);
}

/**
 * liburing: `io_uring_get_sqe(3)`: get the next free submission queue entry.
 *
 * Returns the next free SQE of `ring`'s submission queue, to be filled in by one of the
 * `io_uring_prep_*` helpers (see `io_uring_prep_read(3)`) and handed to the kernel by
 * `io_uring_submit(3)`. The fields the prep helpers do not set (`flags`, `ioprio`,
 * `personality`, `file_index`, `addr3` and the rest of the entry) are cleared, so an SQE never
 * carries anything over from its previous use. On a ring set up with IORING_SETUP_SQE128 the
 * entry is 128 bytes long.
 *
 * # Return value
 * A pointer to the SQE, or NULL when the submission queue is full: submit what is queued
 * (`io_uring_submit(3)`) and try again.
 *
 * # Errors
 * None: a full queue is the NULL return.
 */
static inline struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)
{
	return __io_uring_get_sqe_shifted(ring, io_uring_sqe_shift(ring));
}

/**
 * liburing: `_io_uring_get_sqe`: the out-of-line name of `io_uring_get_sqe`.
 *
 * Does what `io_uring_get_sqe(3)` does. liburing's header calls the inline function by this
 * name; it is exported for programs and bindings that call it.
 *
 * # Return value
 * A pointer to the next free SQE, or NULL when the submission queue is full.
 *
 * # Errors
 * None.
 */
static inline struct io_uring_sqe *_io_uring_get_sqe(struct io_uring *ring)
{
	return io_uring_get_sqe(ring);
}

/**
 * liburing: `io_uring_buf_ring_add(3)`: add a buffer to a buffer ring.
 *
 * Describes the buffer `addr` of `len` bytes, with buffer id `bid`, in the slot `buf_offset`
 * entries after the ring's tail (masked by `mask`, from `io_uring_buf_ring_mask(3)`). The
 * kernel does not see it until `io_uring_buf_ring_advance(3)` moves the tail past it, so
 * several buffers can be added and published at once.
 *
 * # Errors
 * None.
 */
static inline void io_uring_buf_ring_add(struct io_uring_buf_ring *br, void *addr, unsigned int len, unsigned short bid, int mask, int buf_offset)
{
	unsigned int idx = (((unsigned int)(__atomic_load_n(&br->tail, __ATOMIC_RELAXED))) + (unsigned int)(buf_offset)) & ((unsigned int)(mask));
	struct io_uring_buf *buf = ((struct io_uring_buf *)(br)) + (size_t)(idx);
	buf->addr = (uint64_t)((size_t)(addr));
	buf->len = len;
	buf->bid = bid;
}

/**
 * liburing: `io_uring_buf_ring_available(3)`: how many buffers a buffer ring still has.
 *
 * Returns the number of buffers of the buffer ring `br` (group `bgid`) that have been published
 * with `io_uring_buf_ring_advance(3)` and not yet consumed by the kernel.
 *
 * # Return value
 * The number of buffers, or a negative errno value.
 *
 * # Errors
 * The errors of `io_uring_buf_ring_head(3)`.
 */
static inline int io_uring_buf_ring_available(struct io_uring *ring, struct io_uring_buf_ring *br, unsigned short bgid)
{
	uint16_t head = 0;
	int ret = io_uring_buf_ring_head(ring, (int)(bgid), &head);
	if (ret != 0) {
		return ret;
	}
	return (int)((uint16_t)(__atomic_load_n(&br->tail, __ATOMIC_RELAXED) - head));
}

/**
 * liburing: `io_uring_buf_ring_cq_advance(3)`: publish buffers and consume completions.
 * man: io_uring_buf_ring_advance
 */
static inline void io_uring_buf_ring_cq_advance(struct io_uring *ring, struct io_uring_buf_ring *br, int count)
{
	__io_uring_buf_ring_cq_advance(ring, br, count, count);
}

/**
 * liburing: `io_uring_buf_ring_init(3)`: initialize a buffer ring.
 *
 * Sets the tail of the buffer ring `br` to 0: an empty ring, as it must be before
 * `io_uring_register_buf_ring(3)` (`io_uring_setup_buf_ring(3)` does it itself).
 *
 * # Errors
 * None.
 */
static inline void io_uring_buf_ring_init(struct io_uring_buf_ring *br)
{
	__atomic_store_n(&br->tail, 0, __ATOMIC_RELAXED);
}

/**
 * liburing: `io_uring_buf_ring_mask(3)`: the index mask of a buffer ring.
 *
 * Returns `ring_entries - 1`, the mask that `io_uring_buf_ring_add(3)` takes.
 *
 * # Return value
 * The mask.
 *
 * # Errors
 * None.
 */
static inline int io_uring_buf_ring_mask(__u32 ring_entries)
{
	return (int)(ring_entries - 1);
}

/**
 * liburing: `io_uring_cq_eventfd_enabled(3)`: whether eventfd notifications are on.
 * man: io_uring_cq_eventfd_toggle
 */
static inline bool io_uring_cq_eventfd_enabled(const struct io_uring *ring)
{
	if (ring->cq.kflags == NULL) {
		return true;
	}
	return (__atomic_load_n(ring->cq.kflags, __ATOMIC_RELAXED) & IORING_CQ_EVENTFD_DISABLED) == 0;
}

/**
 * liburing: `io_uring_cq_has_overflow(3)`: whether completions wait in the kernel.
 *
 * Tells whether the kernel holds completions that did not fit into the full completion queue
 * of `ring` (IORING_SQ_CQ_OVERFLOW). They are flushed into the ring by the next
 * `io_uring_get_events(3)`, submit or wait once room has been made.
 *
 * # Return value
 * true when there are overflowed completions, else false.
 *
 * # Errors
 * None.
 */
static inline bool io_uring_cq_has_overflow(const struct io_uring *ring)
{
	return (__atomic_load_n(ring->sq.kflags, __ATOMIC_RELAXED) & IORING_SQ_CQ_OVERFLOW) != 0;
}

/**
 * liburing: `io_uring_cq_ready(3)`: the number of completions ready.
 *
 * Returns the number of completion queue entries of `ring` that the kernel has posted and the
 * application has not yet consumed.
 *
 * # Return value
 * The number of entries (ring slots on a IORING_SETUP_CQE_MIXED ring).
 *
 * # Errors
 * None.
 */
static inline unsigned int io_uring_cq_ready(const struct io_uring *ring)
{
	return __atomic_load_n(ring->cq.ktail, __ATOMIC_ACQUIRE) - __atomic_load_n(ring->cq.khead, __ATOMIC_RELAXED);
}

/**
 * liburing: `io_uring_cqe_get_data(3)`: the user data of a completion, as a pointer.
 * man: io_uring_sqe_set_data
 */
static inline void *io_uring_cqe_get_data(const struct io_uring_cqe *cqe)
{
	return (void *)((size_t)(cqe->user_data));
}

/**
 * liburing: `io_uring_cqe_get_data64(3)`: the user data of a completion, as a 64-bit value.
 * man: io_uring_sqe_set_data
 */
static inline __u64 io_uring_cqe_get_data64(const struct io_uring_cqe *cqe)
{
	return cqe->user_data;
}

/**
 * liburing 2.15: `io_uring_cqe_iter_init`: start iterating over the ready completions.
 *
 * `io_uring_cqe_iter_init()` returns an iterator over the completion queue entries of `ring`
 * posted so far; `io_uring_cqe_iter_next()` stores the next one in `*cqe` and returns true, or
 * returns false at the end. The entries are not consumed: advance the ring afterwards with
 * `io_uring_cq_advance(3)`. The macro `io_uring_for_each_cqe()` is written with them.
 *
 * # Return value
 * `io_uring_cqe_iter_init()`: the iterator. `io_uring_cqe_iter_next()`: true when `*cqe` was
 * set, false when no entry is left.
 *
 * # Errors
 * None.
 */
static inline struct io_uring_cqe_iter io_uring_cqe_iter_init(const struct io_uring *ring)
{
	struct io_uring_cqe_iter iter = { ring->cq.cqes, ring->cq.ring_mask, io_uring_cqe_shift(ring), __atomic_load_n(ring->cq.khead, __ATOMIC_RELAXED), __atomic_load_n(ring->cq.ktail, __ATOMIC_ACQUIRE) };
	return iter;
}

/**
 * liburing 2.15: `io_uring_cqe_iter_next`: the next completion of an iteration.
 * man: io_uring_cqe_iter_init
 */
static inline bool io_uring_cqe_iter_next(struct io_uring_cqe_iter *iter, struct io_uring_cqe **cqe)
{
	if (iter->head == iter->tail) {
		return false;
	}
	*cqe = iter->cqes + (size_t)((iter->head & iter->mask) << iter->shift);
	iter->head = iter->head + io_uring_cqe_nr(*cqe);
	return true;
}

/**
 * liburing: `io_uring_cqe_seen(3)`: mark a completion consumed.
 *
 * `io_uring_cqe_seen()` marks the completion queue entry `cqe` returned by
 * `io_uring_wait_cqe(3)`, `io_uring_peek_cqe(3)` or `io_uring_for_each_cqe()` as consumed, so
 * the kernel can reuse its slot; a NULL `cqe` is ignored. `io_uring_cq_advance()` marks the
 * next `nr` entries consumed at once (after `io_uring_peek_batch_cqe(3)` or a loop over
 * `io_uring_for_each_cqe()`); on a IORING_SETUP_CQE_MIXED ring `nr` counts ring slots, and
 * `io_uring_cqe_nr(3)` says how many an entry takes. The new head is published with a release
 * store: the entries must not be read afterwards.
 *
 * # Errors
 * None.
 */
static inline void io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe)
{
	if (cqe != NULL) {
		io_uring_cq_advance(ring, io_uring_cqe_nr(cqe));
	}
}

/**
 * liburing: `io_uring_prep_rw`: fill the common fields of an SQE.
 *
 * Sets the opcode `op`, the file descriptor `fd`, the address `addr`, the length `len` and the
 * offset `offset` of `sqe`: the fields almost every request uses; the `io_uring_prep_*` helpers
 * are written with it. An internal helper of liburing's header, exported as liburing-ffi
 * exports it.
 *
 * # Errors
 * None.
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
 * liburing: `io_uring_prep_nop(3)`: prepare a request that does nothing.
 *
 * `io_uring_prep_nop()` prepares a no-op (IORING_OP_NOP): it completes with `res` 0 and is
 * useful to test a ring, to wake a waiter or as a link in a chain. `io_uring_prep_nop128()`
 * prepares one in a 128-byte SQE, from `io_uring_get_sqe128(3)` (IORING_OP_NOP128, on
 * IORING_SETUP_SQE_MIXED rings).
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or
 * `-ECANCELED` when a request earlier in its link failed; `-EINVAL` when a 128-byte no-op is put
 * in a plain SQE.
 */
static inline void io_uring_prep_nop(struct io_uring_sqe *sqe)
{
	io_uring_prep_rw((int)(IORING_OP_NOP), sqe, -1, NULL, 0, 0);
}

/**
 * liburing: `io_uring_get_sqe128(3)`: get a 128-byte submission queue entry.
 *
 * Returns a 128-byte SQE, for the opcodes that need one (`io_uring_prep_nop128(3)`,
 * `io_uring_prep_uring_cmd128(3)`). On a ring set up with IORING_SETUP_SQE128 every SQE is 128
 * bytes and this is `io_uring_get_sqe(3)`. On a ring set up with IORING_SETUP_SQE_MIXED it takes
 * two adjacent slots; when only the last slot before the end of the ring is free, that slot is
 * filled with a NOP whose completion is skipped (IOSQE_CQE_SKIP_SUCCESS) and the entry starts
 * at slot 0. The caller must prepare a 128-byte opcode in it.
 *
 * # Return value
 * A pointer to the SQE, or NULL when the submission queue has no room for it or the ring has
 * neither IORING_SETUP_SQE128 nor IORING_SETUP_SQE_MIXED.
 *
 * # Errors
 * None: every failure is the NULL return.
 */
static inline struct io_uring_sqe *io_uring_get_sqe128(struct io_uring *ring)
{
	if ((ring->flags & IORING_SETUP_SQE128) != 0) {
		return io_uring_get_sqe(ring);
	}
	if ((ring->flags & IORING_SETUP_SQE_MIXED) == 0) {
		return NULL;
	}
	unsigned int head = io_uring_load_sq_head(ring);
	unsigned int tail = ring->sq.sqe_tail;
	if (((tail + 1) & ring->sq.ring_mask) == 0) {
		if (((tail + 2) - head) >= ring->sq.ring_entries) {
			return NULL;
		}
		struct io_uring_sqe *pad = io_uring_get_sqe(ring);
		io_uring_prep_nop(pad);
		pad->flags |= ((uint8_t)(IOSQE_CQE_SKIP_SUCCESS));
		tail = ring->sq.sqe_tail;
	} else if (((tail + 1) - head) >= ring->sq.ring_entries) {
		return NULL;
	}
	struct io_uring_sqe *sqe = ring->sq.sqes + (size_t)(tail & ring->sq.ring_mask);
	ring->sq.sqe_tail = tail + 2;
	io_uring_initialize_sqe(sqe);
	return sqe;
}

/**
 * liburing: `io_uring_wait_cqe_nr(3)`: wait for a number of completions.
 * man: io_uring_wait_cqe
 */
static inline int io_uring_wait_cqe_nr(struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned int wait_nr)
{
	unsigned int head = __atomic_load_n(ring->cq.khead, __ATOMIC_RELAXED);
	unsigned int available = __atomic_load_n(ring->cq.ktail, __ATOMIC_ACQUIRE) - head;
	if ((available != 0) && (available >= wait_nr)) {
		struct io_uring_cqe *cqe = ring->cq.cqes + (size_t)((head & ring->cq.ring_mask) << io_uring_cqe_shift(ring));
		if (__io_uring_cqe_for_app(ring, cqe)) {
			*cqe_ptr = cqe;
			return 0;
		}
	}
	if ((((available == 0) && (wait_nr == 0)) && ((ring->flags & (IORING_SETUP_IOPOLL | IORING_SETUP_SQPOLL)) != IORING_SETUP_IOPOLL)) && ((__atomic_load_n(ring->sq.kflags, __ATOMIC_RELAXED) & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)) == 0)) {
		*cqe_ptr = NULL;
		return -EAGAIN;
	}
	return __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, NULL);
}

/**
 * liburing: `io_uring_peek_cqe(3)`: look at the next completion without waiting.
 * man: io_uring_wait_cqe
 */
static inline int io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
{
	__io_uring_drop_stale_cqes(ring);
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 0);
}

/**
 * liburing: `uring_ptr_to_u64`: a pointer as the 64-bit SQE fields hold it.
 *
 * Returns `ptr` converted to an unsigned 64-bit integer, as the `addr`, `off` and `addr3` fields
 * of an SQE store addresses. An internal helper of liburing's header.
 *
 * # Return value
 * The address as a `__u64`.
 *
 * # Errors
 * None.
 */
static inline __u64 uring_ptr_to_u64(const void *ptr)
{
	return (__u64)((size_t)(ptr));
}

/**
 * liburing: `io_uring_prep_accept(3)`: prepare an accept request.
 *
 * `io_uring_prep_accept()` prepares an `accept4(2)` on the listening socket `fd`, with the
 * SOCK_* `flags`; the peer's address is stored in `addr` and its length in `*addrlen` when they
 * are not NULL (IORING_OP_ACCEPT). `io_uring_prep_multishot_accept()` keeps accepting: each
 * connection posts a CQE with IORING_CQE_F_MORE until the request fails or is cancelled
 * (Linux 5.19).
 *
 * The `_direct` variants put the accepted socket into the fixed file table instead: into slot
 * `file_index` (or a free slot with IORING_FILE_INDEX_ALLOC) for
 * `io_uring_prep_accept_direct()`, and into a free slot for each connection for
 * `io_uring_prep_multishot_accept_direct()`.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the new file
 * descriptor (the slot for the direct variants), or a negative errno value, as `accept4(2)`
 * reports them: `-EAGAIN` (the socket is non-blocking and no connection is pending, with
 * IORING_ACCEPT_DONTWAIT), `-EINVAL` (`fd` is not listening, unknown flags), `-EMFILE`,
 * `-ENFILE`, `-ENOTSOCK`, `-EBADF`, `-ECONNABORTED`, `-ENOMEM`; for the direct variants `-ENXIO`
 * (no fixed file table) and `-ENFILE` (no free slot); `-ECANCELED`.
 */
static inline void io_uring_prep_accept(struct io_uring_sqe *sqe, int fd, struct sockaddr *addr, socklen_t *addrlen, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_ACCEPT), sqe, fd, (const void *)(addr), 0, uring_ptr_to_u64((const void *)(addrlen)));
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_accept_direct(3)`: prepare an accept into the fixed file table.
 * man: io_uring_prep_accept
 */
static inline void io_uring_prep_accept_direct(struct io_uring_sqe *sqe, int fd, struct sockaddr *addr, socklen_t *addrlen, int flags, unsigned int file_index)
{
	io_uring_prep_accept(sqe, fd, addr, addrlen, flags);
	__io_uring_set_target_direct(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_bind(3)`: prepare a bind or listen request.
 *
 * `io_uring_prep_bind()` prepares a `bind(2)` of socket `fd` to the address `addr` of
 * `addrlen` bytes (IORING_OP_BIND, Linux 6.11). `io_uring_prep_listen()` prepares a `listen(2)`
 * on `fd` with `backlog` (IORING_OP_LISTEN).
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value, as `bind(2)` and `listen(2)` report them: `-EADDRINUSE`, `-EACCES`,
 * `-EADDRNOTAVAIL`, `-EINVAL`, `-ENOTSOCK`, `-EBADF`, `-EOPNOTSUPP`, `-ECANCELED`.
 */
static inline void io_uring_prep_bind(struct io_uring_sqe *sqe, int fd, const struct sockaddr *addr, socklen_t addrlen)
{
	io_uring_prep_rw((int)(IORING_OP_BIND), sqe, fd, (const void *)(addr), 0, (uint64_t)(addrlen));
}

/**
 * liburing: `io_uring_prep_cancel64(3)`: prepare a cancellation request.
 * man: io_uring_prep_cancel
 */
static inline void io_uring_prep_cancel64(struct io_uring_sqe *sqe, __u64 user_data, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_ASYNC_CANCEL), sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_cancel(3)`: prepare a cancellation request.
 *
 * `io_uring_prep_cancel64()` prepares the cancellation of the request in flight whose
 * `user_data` is `user_data` (IORING_OP_ASYNC_CANCEL); `io_uring_prep_cancel()` takes it as a
 * pointer, as `io_uring_sqe_set_data(3)` stores it. `io_uring_prep_cancel_fd()` cancels the
 * requests on file descriptor `fd` (IORING_ASYNC_CANCEL_FD). `flags` may add
 * IORING_ASYNC_CANCEL_ALL (every match, not only the first), IORING_ASYNC_CANCEL_ANY (any
 * request), IORING_ASYNC_CANCEL_FD_FIXED (`fd` is a fixed file), IORING_ASYNC_CANCEL_OP (match
 * the opcode) and IORING_ASYNC_CANCEL_USERDATA. A cancelled request completes with
 * `-ECANCELED` (or `-EINTR` if it was running and interrupted).
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The cancellation's own CQE `res` is 0
 * (one request found and cancelled), the number cancelled (with IORING_ASYNC_CANCEL_ALL or
 * ANY), or a negative errno value:
 * - `-ENOENT`: no request matched.
 * - `-EALREADY`: the request was running and could not be stopped at once; it will complete
 *   on its own.
 * - `-EINVAL`: unknown flags.
 *
 */
static inline void io_uring_prep_cancel(struct io_uring_sqe *sqe, const void *user_data, int flags)
{
	io_uring_prep_cancel64(sqe, uring_ptr_to_u64(user_data), flags);
}

/**
 * liburing: `io_uring_prep_cancel_fd(3)`: prepare the cancellation of requests on a file.
 * man: io_uring_prep_cancel
 */
static inline void io_uring_prep_cancel_fd(struct io_uring_sqe *sqe, int fd, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_ASYNC_CANCEL), sqe, fd, NULL, 0, 0);
	sqe->fsync_flags = flags | IORING_ASYNC_CANCEL_FD;
}

/**
 * liburing: `io_uring_prep_close(3)`: prepare a close request.
 *
 * `io_uring_prep_close()` prepares a `close(2)` of `fd` (IORING_OP_CLOSE).
 * `io_uring_prep_close_direct()` empties slot `file_index` of the fixed file table instead.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value: `-EBADF` (`fd` is not open, or is an io_uring file descriptor, which
 * cannot be closed this way), `-ENXIO` (no fixed file table), `-EINVAL` (`file_index` outside
 * the table), `-EINTR`, `-EIO`, `-ECANCELED`.
 */
static inline void io_uring_prep_close(struct io_uring_sqe *sqe, int fd)
{
	io_uring_prep_rw((int)(IORING_OP_CLOSE), sqe, fd, NULL, 0, 0);
}

/**
 * liburing: `io_uring_prep_close_direct(3)`: prepare the removal of a fixed file.
 * man: io_uring_prep_close
 */
static inline void io_uring_prep_close_direct(struct io_uring_sqe *sqe, unsigned int file_index)
{
	io_uring_prep_close(sqe, 0);
	__io_uring_set_target_fixed_file(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_cmd_discard(3)`: prepare a block device discard.
 *
 * Prepares a discard of `nbytes` bytes at `offset` of the block device `fd`, as the ioctl
 * BLKDISCARD does, as a uring_cmd (BLOCK_URING_CMD_DISCARD, Linux 6.12).
 *
 * # Errors
 * This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value: `-EINVAL` (the range is not aligned to the device's sectors or lies
 * beyond it), `-EOPNOTSUPP` (the device does not support discard, or `fd` is not a block
 * device), `-EBADF` (`fd` is not open for writing), `-ECANCELED`.
 */
static inline void io_uring_prep_cmd_discard(struct io_uring_sqe *sqe, int fd, uint64_t offset, uint64_t nbytes)
{
	__io_uring_prep_uring_cmd(sqe, (int)(IORING_OP_URING_CMD), BLOCK_URING_CMD_DISCARD, fd);
	sqe->addr = offset;
	sqe->addr3 = nbytes;
}

/**
 * liburing: `io_uring_prep_uring_cmd(3)`: prepare a driver-specific command.
 *
 * `io_uring_prep_uring_cmd()` prepares the command `cmd_op` of the file `fd`'s driver
 * (IORING_OP_URING_CMD: NVMe passthrough, block device, socket commands...); the command's
 * payload, in `sqe->cmd`, is the caller's to fill. `io_uring_prep_uring_cmd128()` prepares one
 * in a 128-byte SQE, from `io_uring_get_sqe128(3)`, with a larger payload (IORING_OP_URING_CMD128).
 * `__io_uring_prep_uring_cmd()` is the common part, with the opcode `op`.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the command's
 * result, or a negative errno value: `-EOPNOTSUPP` (the file has no such command), `-EINVAL`,
 * `-EACCES`, `-ECANCELED`, and what the driver reports.
 */
static inline void io_uring_prep_uring_cmd(struct io_uring_sqe *sqe, int cmd_op, int fd)
{
	__io_uring_prep_uring_cmd(sqe, (int)(IORING_OP_URING_CMD), (uint32_t)(cmd_op), fd);
}

/**
 * liburing: `io_uring_prep_cmd_getsockname(3)`: prepare a getsockname or getpeername request.
 * man: io_uring_prep_cmd_sock
 */
static inline void io_uring_prep_cmd_getsockname(struct io_uring_sqe *sqe, int fd, struct sockaddr *sockaddr, socklen_t *sockaddr_len, int peer)
{
	io_uring_prep_uring_cmd(sqe, (int)(SOCKET_URING_OP_GETSOCKNAME), fd);
	sqe->addr = uring_ptr_to_u64((const void *)(sockaddr));
	sqe->addr3 = uring_ptr_to_u64((const void *)(sockaddr_len));
	sqe->optlen = (uint32_t)(peer);
}

/**
 * liburing: `io_uring_prep_cmd_sock(3)`: prepare a socket command.
 *
 * `io_uring_prep_cmd_sock()` prepares the socket command `cmd_op` on socket `fd`
 * (IORING_OP_URING_CMD, Linux 6.7): SOCKET_URING_OP_SIOCINQ or SOCKET_URING_OP_SIOCOUTQ
 * (the bytes queued for reading or writing), SOCKET_URING_OP_GETSOCKOPT or
 * SOCKET_URING_OP_SETSOCKOPT (option `optname` at `level`, value `optval` of `optlen` bytes).
 * `io_uring_prep_cmd_getsockname()` prepares a `getsockname(2)` (or, with `peer` 1, a
 * `getpeername(2)`) into `sockaddr`, its length in `*sockaddr_len`
 * (SOCKET_URING_OP_GETSOCKNAME).
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the command's
 * result (SIOCINQ/SIOCOUTQ: the byte count; getsockopt: the option's length; otherwise 0), or a
 * negative errno value: `-EOPNOTSUPP` (the socket or kernel lacks the command), `-ENOPROTOOPT`,
 * `-EINVAL`, `-EFAULT`, `-ENOTSOCK`, `-ECANCELED`.
 */
static inline void io_uring_prep_cmd_sock(struct io_uring_sqe *sqe, int cmd_op, int fd, int level, int optname, void *optval, int optlen)
{
	io_uring_prep_uring_cmd(sqe, cmd_op, fd);
	sqe->optval = uring_ptr_to_u64(optval);
	sqe->optname = (uint32_t)(optname);
	sqe->optlen = (uint32_t)(optlen);
	sqe->level = (uint32_t)(level);
}

/**
 * liburing: `io_uring_prep_cmd_zone_reset_all(3)`: prepare a reset of all zones of a zoned
 * block device.
 *
 * Prepares a reset of every sequential-write-required zone of the zoned block device `fd`, as a
 * uring_cmd (BLOCK_URING_CMD_ZONE_RESET_ALL). The command does not synchronize with other
 * requests on the device and invalidates the device's page cache only as far as it can: no
 * other request may read or write the zones meanwhile.
 *
 * # Return value
 * None.
 *
 * # Errors
 * This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value:
 * - `-EINVAL`, `-EOPNOTSUPP`: the kernel does not know the command, or `fd` is not a zoned
 *   block device.
 * - `-EBADF`: `fd` is not open for writing.
 * - `-ECANCELED`: the request was cancelled.
 *
 * # Notes
 * Upstream liburing added this helper after 2.15 (commit fae20287f440, node `LIBURING_2.16` of
 * liburing-ffi); liburing 2.15 has no such function.
 *
 * # See also
 * `io_uring_prep_cmd_discard(3)`, `io_uring_prep_uring_cmd(3)`, `io_uring_get_sqe(3)`
 */
static inline void io_uring_prep_cmd_zone_reset_all(struct io_uring_sqe *sqe, int fd)
{
	io_uring_prep_uring_cmd(sqe, (int)(BLOCK_URING_CMD_ZONE_RESET_ALL), fd);
}

/**
 * liburing: `io_uring_prep_connect(3)`: prepare a connect request.
 *
 * Prepares a `connect(2)` of socket `fd` to the address `addr` of `addrlen` bytes
 * (IORING_OP_CONNECT). The request completes when the connection is established or fails,
 * also for non-blocking sockets. `addr` must stay valid until the request completes.
 *
 * # Errors
 * This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value, as `connect(2)` reports them: `-ECONNREFUSED`, `-ETIMEDOUT`,
 * `-ENETUNREACH`, `-EHOSTUNREACH`, `-EADDRNOTAVAIL`, `-EAFNOSUPPORT`, `-EISCONN`, `-EALREADY`,
 * `-EINVAL`, `-ENOTSOCK`, `-EBADF`, `-ECANCELED`.
 */
static inline void io_uring_prep_connect(struct io_uring_sqe *sqe, int fd, const struct sockaddr *addr, socklen_t addrlen)
{
	io_uring_prep_rw((int)(IORING_OP_CONNECT), sqe, fd, (const void *)(addr), 0, (uint64_t)(addrlen));
}

/**
 * liburing: `io_uring_prep_epoll_ctl(3)`: prepare an epoll_ctl request.
 *
 * `io_uring_prep_epoll_ctl()` prepares an `epoll_ctl(2)` on the epoll instance `epfd`, with
 * `op` (EPOLL_CTL_ADD, _MOD, _DEL) for `fd` and the event `ev` (IORING_OP_EPOLL_CTL).
 * `io_uring_prep_epoll_wait()` prepares an `epoll_wait(2)` on `fd` for at most `maxevents`
 * events into `events` (IORING_OP_EPOLL_WAIT, Linux 6.15); `flags` must be 0.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0 (ctl) or
 * the number of events stored (wait), or a negative errno value, as `epoll_ctl(2)` and
 * `epoll_wait(2)` report them: `-EBADF`, `-EEXIST`, `-ENOENT`, `-EINVAL`, `-ELOOP`,
 * `-ENOMEM`, `-ENOSPC`, `-EPERM`, `-EFAULT`, `-ECANCELED`.
 */
static inline void io_uring_prep_epoll_ctl(struct io_uring_sqe *sqe, int epfd, int fd, int op, const struct epoll_event *ev)
{
	io_uring_prep_rw((int)(IORING_OP_EPOLL_CTL), sqe, epfd, (const void *)(ev), (uint32_t)(op), (uint64_t)((uint32_t)(fd)));
}

/**
 * liburing: `io_uring_prep_epoll_wait(3)`: prepare an epoll_wait request.
 * man: io_uring_prep_epoll_ctl
 */
static inline void io_uring_prep_epoll_wait(struct io_uring_sqe *sqe, int fd, struct epoll_event *events, int maxevents, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_EPOLL_WAIT), sqe, fd, (const void *)(events), (uint32_t)(maxevents), 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_fadvise(3)`: prepare a file or memory advice request.
 *
 * `io_uring_prep_fadvise()` prepares a `posix_fadvise(2)` of `fd` for `len` bytes at `offset`
 * with the POSIX_FADV_* `advice` (IORING_OP_FADVISE); `io_uring_prep_fadvise64()` takes a
 * 64-bit length. `io_uring_prep_madvise()` prepares an `madvise(2)` of the `length` bytes at
 * `addr` with the MADV_* `advice` (IORING_OP_MADVISE); `io_uring_prep_madvise64()` takes a
 * 64-bit length.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value: `-EBADF` (`fd` is not open), `-EINVAL` (unknown advice, or a range
 * that is not valid), `-ESPIPE` (`fd` is a pipe), `-ENOMEM` (the range is not mapped),
 * `-ECANCELED`.
 */
static inline void io_uring_prep_fadvise(struct io_uring_sqe *sqe, int fd, __u64 offset, __u32 len, int advice)
{
	io_uring_prep_rw((int)(IORING_OP_FADVISE), sqe, fd, NULL, len, offset);
	sqe->fsync_flags = (uint32_t)(advice);
}

/**
 * liburing: `io_uring_prep_fadvise64(3)`: prepare a file advice request with a 64-bit length.
 * man: io_uring_prep_fadvise
 */
static inline void io_uring_prep_fadvise64(struct io_uring_sqe *sqe, int fd, __u64 offset, off_t len, int advice)
{
	io_uring_prep_rw((int)(IORING_OP_FADVISE), sqe, fd, NULL, 0, offset);
	sqe->addr = (uint64_t)(len);
	sqe->fsync_flags = (uint32_t)(advice);
}

/**
 * liburing: `io_uring_prep_fallocate(3)`: prepare an fallocate or ftruncate request.
 *
 * `io_uring_prep_fallocate()` prepares an `fallocate(2)` of `len` bytes at `offset` of `fd`
 * with its FALLOC_FL_* `mode` (IORING_OP_FALLOCATE). `io_uring_prep_ftruncate()` prepares an
 * `ftruncate(2)` of `fd` to `len` bytes (IORING_OP_FTRUNCATE, Linux 6.9).
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value, as `fallocate(2)` and `ftruncate(2)` report them: `-EBADF`, `-EINVAL`,
 * `-EFBIG`, `-ENOSPC`, `-EOPNOTSUPP` (the file system does not support the mode), `-EPERM`,
 * `-ETXTBSY`, `-EIO`, `-ECANCELED`.
 */
static inline void io_uring_prep_fallocate(struct io_uring_sqe *sqe, int fd, int mode, __u64 offset, __u64 len)
{
	io_uring_prep_rw((int)(IORING_OP_FALLOCATE), sqe, fd, NULL, (uint32_t)(mode), offset);
	sqe->addr = len;
}

/**
 * liburing: `io_uring_prep_fgetxattr(3)`: prepare an fgetxattr request.
 * man: io_uring_prep_getxattr
 */
static inline void io_uring_prep_fgetxattr(struct io_uring_sqe *sqe, int fd, const char *name, char *value, unsigned int len)
{
	io_uring_prep_rw((int)(IORING_OP_FGETXATTR), sqe, fd, (const void *)(name), len, uring_ptr_to_u64((const void *)(value)));
	sqe->fsync_flags = 0;
}

/**
 * liburing: `io_uring_prep_files_update(3)`: prepare an update of the fixed file table.
 *
 * Prepares the update of `nr_fds` slots of the fixed file table from `offset` with the file
 * descriptors `fds` (IORING_OP_FILES_UPDATE), as `io_uring_register_files_update(3)` does, but as
 * a request. With IORING_FILE_INDEX_ALLOC as `offset`, each file goes into a free slot and its
 * slot number is written back into `fds`.
 *
 * # Errors
 * This helper only fills in the SQE and cannot fail. The request's CQE `res` is the number of
 * slots updated, or a negative errno value: `-ENXIO` (no fixed file table), `-EINVAL` (slots
 * outside the table), `-EBADF` (an fd that is not open), `-EFAULT`, `-ENFILE` (no free slot),
 * `-ECANCELED`.
 */
static inline void io_uring_prep_files_update(struct io_uring_sqe *sqe, int *fds, unsigned int nr_fds, int offset)
{
	io_uring_prep_rw((int)(IORING_OP_FILES_UPDATE), sqe, -1, (const void *)(fds), nr_fds, (uint64_t)(offset));
}

/**
 * liburing: `io_uring_prep_fixed_fd_install(3)`: prepare installing a fixed file as a normal fd.
 *
 * Prepares the installation of fixed file `fd` (an index into the fixed file table) into the
 * process's file table (IORING_OP_FIXED_FD_INSTALL, Linux 6.8); `flags` may be
 * IORING_FIXED_FD_NO_CLOEXEC (the new descriptor is close-on-exec by default). It sets the
 * SQE's flags to IOSQE_FIXED_FILE, replacing what was set before.
 *
 * # Errors
 * This helper only fills in the SQE and cannot fail. The request's CQE `res` is the new file
 * descriptor, or a negative errno value: `-EBADF` (the slot is empty), `-EINVAL` (unknown
 * flags, or the SQE lacks IOSQE_FIXED_FILE), `-EMFILE`, `-ECANCELED`.
 */
static inline void io_uring_prep_fixed_fd_install(struct io_uring_sqe *sqe, int fd, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_FIXED_FD_INSTALL), sqe, fd, NULL, 0, 0);
	sqe->flags = (uint8_t)(IOSQE_FIXED_FILE);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_fsetxattr(3)`: prepare an fsetxattr request.
 * man: io_uring_prep_getxattr
 */
static inline void io_uring_prep_fsetxattr(struct io_uring_sqe *sqe, int fd, const char *name, const char *value, int flags, unsigned int len)
{
	io_uring_prep_rw((int)(IORING_OP_FSETXATTR), sqe, fd, (const void *)(name), len, uring_ptr_to_u64((const void *)(value)));
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_fsync(3)`: prepare a file sync request.
 *
 * `io_uring_prep_fsync()` prepares an `fsync(2)` of `fd` (IORING_OP_FSYNC); with
 * IORING_FSYNC_DATASYNC in `fsync_flags` it is an `fdatasync(2)`.
 * `io_uring_prep_sync_file_range()` prepares a `sync_file_range(2)` of `len` bytes at `offset`
 * with its SYNC_FILE_RANGE_* `flags` (IORING_OP_SYNC_FILE_RANGE).
 *
 * A sync does not order itself after writes submitted before it: link it behind them
 * (IOSQE_IO_LINK) or wait for their completions first.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value: `-EBADF` (`fd` is not open), `-EINVAL` (unknown flags, or a file that
 * cannot be synced), `-EIO`, `-ENOSPC`, `-EDQUOT` (as `fsync(2)` reports them), `-ECANCELED`.
 */
static inline void io_uring_prep_fsync(struct io_uring_sqe *sqe, int fd, unsigned int fsync_flags)
{
	io_uring_prep_rw((int)(IORING_OP_FSYNC), sqe, fd, NULL, 0, 0);
	sqe->fsync_flags = fsync_flags;
}

/**
 * liburing: `io_uring_prep_ftruncate(3)`: prepare an ftruncate request.
 * man: io_uring_prep_fallocate
 */
static inline void io_uring_prep_ftruncate(struct io_uring_sqe *sqe, int fd, loff_t len)
{
	io_uring_prep_rw((int)(IORING_OP_FTRUNCATE), sqe, fd, NULL, 0, (uint64_t)(len));
}

/**
 * liburing: `io_uring_prep_futex_wait(3)`: prepare a futex wait or wake request.
 *
 * `io_uring_prep_futex_wait()` prepares a wait on the futex at `futex` (IORING_OP_FUTEX_WAIT,
 * Linux 6.7): it completes when woken, provided the futex still holds `val` when the request
 * starts, for waiters matching the bitset `mask`. `futex_flags` are the FUTEX2_* flags (size,
 * FUTEX2_PRIVATE). `io_uring_prep_futex_wake()` wakes up to `val` waiters matching `mask`
 * (IORING_OP_FUTEX_WAKE). `io_uring_prep_futex_waitv()` waits on the `nr_futex` futexes of the
 * `struct futex_waitv` array `futex` (IORING_OP_FUTEX_WAITV), as `futex_waitv(2)` does.
 * `flags` must be 0.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The CQE `res` is 0 (wait: woken; waitv:
 * the index of the futex that woke it), the number of waiters woken (wake), or a negative errno
 * value: `-EAGAIN` (the futex did not hold `val`), `-EINVAL` (bad flags, size or alignment),
 * `-EFAULT` (the futex is not accessible), `-ECANCELED`.
 */
static inline void io_uring_prep_futex_wait(struct io_uring_sqe *sqe, const uint32_t *futex, uint64_t val, uint64_t mask, uint32_t futex_flags, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_FUTEX_WAIT), sqe, (int)(futex_flags), (const void *)(futex), 0, val);
	sqe->fsync_flags = flags;
	sqe->addr3 = mask;
}

/**
 * liburing: `io_uring_prep_futex_waitv(3)`: prepare a wait on several futexes.
 * man: io_uring_prep_futex_wait
 */
static inline void io_uring_prep_futex_waitv(struct io_uring_sqe *sqe, const struct futex_waitv *futex, uint32_t nr_futex, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_FUTEX_WAITV), sqe, 0, (const void *)(futex), nr_futex, 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_futex_wake(3)`: prepare a futex wake request.
 * man: io_uring_prep_futex_wait
 */
static inline void io_uring_prep_futex_wake(struct io_uring_sqe *sqe, const uint32_t *futex, uint64_t val, uint64_t mask, uint32_t futex_flags, unsigned int flags)
{
	io_uring_prep_futex_wait(sqe, futex, val, mask, futex_flags, flags);
	sqe->opcode = (uint8_t)(IORING_OP_FUTEX_WAKE);
}

/**
 * liburing: `io_uring_prep_getxattr(3)`: prepare an extended attribute request.
 *
 * `io_uring_prep_getxattr()` and `io_uring_prep_setxattr()` prepare a `getxattr(2)` or
 * `setxattr(2)` of the attribute `name` of the file `path`; `io_uring_prep_fgetxattr()` and
 * `io_uring_prep_fsetxattr()` of the open file `fd`. The value is `value`, of `len` bytes;
 * `flags` are XATTR_CREATE or XATTR_REPLACE for the set variants (IORING_OP_GETXATTR,
 * IORING_OP_SETXATTR, IORING_OP_FGETXATTR, IORING_OP_FSETXATTR).
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the value's
 * size (get) or 0 (set), or a negative errno value, as the system calls report them:
 * `-ENODATA` (no such attribute), `-ERANGE` (`len` is too small), `-EEXIST`, `-ENOTSUP`,
 * `-E2BIG`, `-ENOSPC`, `-EDQUOT`, `-EACCES`, `-EPERM`, `-ENOENT`, `-EBADF`, `-ECANCELED`.
 */
static inline void io_uring_prep_getxattr(struct io_uring_sqe *sqe, const char *name, char *value, const char *path, unsigned int len)
{
	io_uring_prep_rw((int)(IORING_OP_GETXATTR), sqe, 0, (const void *)(name), len, uring_ptr_to_u64((const void *)(value)));
	sqe->addr3 = uring_ptr_to_u64((const void *)(path));
	sqe->fsync_flags = 0;
}

/**
 * liburing: `io_uring_prep_linkat(3)`: prepare a linkat request.
 * man: io_uring_prep_unlinkat
 */
static inline void io_uring_prep_linkat(struct io_uring_sqe *sqe, int olddfd, const char *oldpath, int newdfd, const char *newpath, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_LINKAT), sqe, olddfd, (const void *)(oldpath), (uint32_t)(newdfd), uring_ptr_to_u64((const void *)(newpath)));
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_link(3)`: prepare a link request.
 * man: io_uring_prep_unlinkat
 */
static inline void io_uring_prep_link(struct io_uring_sqe *sqe, const char *oldpath, const char *newpath, int flags)
{
	io_uring_prep_linkat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, flags);
}

/**
 * liburing: `io_uring_prep_link_timeout(3)`: prepare a timeout for a linked request.
 * man: io_uring_prep_timeout
 */
static inline void io_uring_prep_link_timeout(struct io_uring_sqe *sqe, const struct __kernel_timespec *ts, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_LINK_TIMEOUT), sqe, -1, (const void *)(ts), 1, 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_listen(3)`: prepare a listen request.
 * man: io_uring_prep_bind
 */
static inline void io_uring_prep_listen(struct io_uring_sqe *sqe, int fd, int backlog)
{
	io_uring_prep_rw((int)(IORING_OP_LISTEN), sqe, fd, NULL, (uint32_t)(backlog), 0);
}

/**
 * liburing: `io_uring_prep_madvise(3)`: prepare a memory advice request.
 * man: io_uring_prep_fadvise
 */
static inline void io_uring_prep_madvise(struct io_uring_sqe *sqe, void *addr, __u32 length, int advice)
{
	io_uring_prep_rw((int)(IORING_OP_MADVISE), sqe, -1, addr, length, 0);
	sqe->fsync_flags = (uint32_t)(advice);
}

/**
 * liburing: `io_uring_prep_madvise64(3)`: prepare a memory advice request with a 64-bit length.
 * man: io_uring_prep_fadvise
 */
static inline void io_uring_prep_madvise64(struct io_uring_sqe *sqe, void *addr, off_t length, int advice)
{
	io_uring_prep_rw((int)(IORING_OP_MADVISE), sqe, -1, addr, 0, (uint64_t)(length));
	sqe->fsync_flags = (uint32_t)(advice);
}

/**
 * liburing: `io_uring_prep_mkdirat(3)`: prepare a mkdirat request.
 * man: io_uring_prep_unlinkat
 */
static inline void io_uring_prep_mkdirat(struct io_uring_sqe *sqe, int dfd, const char *path, mode_t mode)
{
	io_uring_prep_rw((int)(IORING_OP_MKDIRAT), sqe, dfd, (const void *)(path), mode, 0);
}

/**
 * liburing: `io_uring_prep_mkdir(3)`: prepare a mkdir request.
 * man: io_uring_prep_unlinkat
 */
static inline void io_uring_prep_mkdir(struct io_uring_sqe *sqe, const char *path, mode_t mode)
{
	io_uring_prep_mkdirat(sqe, AT_FDCWD, path, mode);
}

/**
 * liburing: `io_uring_prep_msg_ring(3)`: prepare a message to another ring.
 *
 * `io_uring_prep_msg_ring()` prepares a message to the ring whose file descriptor is `fd`
 * (IORING_OP_MSG_RING): that ring gets a CQE with `res` `len` and `user_data` `data`.
 * `io_uring_prep_msg_ring_cqe_flags()` also sets the target CQE's flags to `cqe_flags`
 * (IORING_MSG_RING_FLAGS_PASS). `io_uring_prep_msg_ring_fd()` sends the fixed file
 * `source_fd` of this ring into slot `target_fd` of the target ring's fixed file table
 * (IORING_MSG_SEND_FD), posting a CQE with `user_data` `data` there;
 * `io_uring_prep_msg_ring_fd_alloc()` lets the kernel pick a free slot. With
 * IORING_MSG_RING_CQE_SKIP in `flags` the target gets no CQE.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The sender's CQE `res` is 0 (for a file,
 * the target slot), or a negative errno value:
 * - `-EBADFD`: `fd` is not an io_uring file descriptor, or the target ring is disabled.
 * - `-EOVERFLOW`: the target's completion queue is full.
 * - `-EINVAL`: unknown flags, or the target cannot receive files.
 * - `-EBADF`: `source_fd` is not a fixed file of this ring.
 * - `-ENFILE`: no free slot in the target table; `-EEXIST`: the target slot is in use.
 *
 */
static inline void io_uring_prep_msg_ring(struct io_uring_sqe *sqe, int fd, unsigned int len, __u64 data, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_MSG_RING), sqe, fd, NULL, len, data);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_msg_ring_cqe_flags(3)`: prepare a message to another ring, with CQE flags.
 * man: io_uring_prep_msg_ring
 */
static inline void io_uring_prep_msg_ring_cqe_flags(struct io_uring_sqe *sqe, int fd, unsigned int len, __u64 data, unsigned int flags, unsigned int cqe_flags)
{
	io_uring_prep_rw((int)(IORING_OP_MSG_RING), sqe, fd, NULL, len, data);
	sqe->fsync_flags = IORING_MSG_RING_FLAGS_PASS | flags;
	sqe->file_index = cqe_flags;
}

/**
 * liburing: `io_uring_prep_msg_ring_fd(3)`: prepare sending a fixed file to another ring.
 * man: io_uring_prep_msg_ring
 */
static inline void io_uring_prep_msg_ring_fd(struct io_uring_sqe *sqe, int fd, int source_fd, int target_fd, __u64 data, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_MSG_RING), sqe, fd, (const void *)((size_t)(IORING_MSG_SEND_FD)), 0, data);
	sqe->addr3 = (uint64_t)(source_fd);
	__io_uring_set_target_direct(sqe, (unsigned int)(target_fd));
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_msg_ring_fd_alloc(3)`: prepare sending a fixed file into a free slot.
 * man: io_uring_prep_msg_ring
 */
static inline void io_uring_prep_msg_ring_fd_alloc(struct io_uring_sqe *sqe, int fd, int source_fd, __u64 data, unsigned int flags)
{
	io_uring_prep_msg_ring_fd(sqe, fd, source_fd, (int)(IORING_FILE_INDEX_ALLOC), data, flags);
}

/**
 * liburing: `io_uring_prep_multishot_accept(3)`: prepare a multishot accept request.
 * man: io_uring_prep_accept
 */
static inline void io_uring_prep_multishot_accept(struct io_uring_sqe *sqe, int fd, struct sockaddr *addr, socklen_t *addrlen, int flags)
{
	io_uring_prep_accept(sqe, fd, addr, addrlen, flags);
	sqe->ioprio |= ((uint16_t)(IORING_ACCEPT_MULTISHOT));
}

/**
 * liburing: `io_uring_prep_multishot_accept_direct(3)`: prepare a multishot accept into fixed files.
 * man: io_uring_prep_accept
 */
static inline void io_uring_prep_multishot_accept_direct(struct io_uring_sqe *sqe, int fd, struct sockaddr *addr, socklen_t *addrlen, int flags)
{
	io_uring_prep_multishot_accept(sqe, fd, addr, addrlen, flags);
	__io_uring_set_target_fixed_file(sqe, IORING_FILE_INDEX_ALLOC - 1);
}

/**
 * liburing: `io_uring_prep_nop128(3)`: prepare a no-op in a 128-byte SQE.
 * man: io_uring_prep_nop
 */
static inline void io_uring_prep_nop128(struct io_uring_sqe *sqe)
{
	io_uring_prep_rw((int)(IORING_OP_NOP128), sqe, -1, NULL, 0, 0);
}

/**
 * liburing: `io_uring_prep_openat(3)`: prepare an open request.
 *
 * `io_uring_prep_openat()` prepares an `openat(2)` of `path` relative to the directory `dfd`
 * with the O_* `flags` and `mode` (IORING_OP_OPENAT); `io_uring_prep_open()` is relative to
 * the current directory (AT_FDCWD). `io_uring_prep_openat2()` prepares an `openat2(2)` with the
 * `struct open_how` `how` (IORING_OP_OPENAT2).
 *
 * The `_direct` variants open into the fixed file table instead of the process's file table:
 * into slot `file_index`, or into a free slot chosen by the kernel when `file_index` is
 * IORING_FILE_INDEX_ALLOC (see `io_uring_register_file_alloc_range(3)`). The new file is then
 * used with IOSQE_FIXED_FILE.
 *
 * `path` (and `how`) must stay valid until the request has been submitted.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the new file
 * descriptor (0 for a `_direct` variant with a given slot, the slot number with
 * IORING_FILE_INDEX_ALLOC), or a negative errno value: those of `openat(2)` and `openat2(2)`,
 * such as `-ENOENT`, `-EACCES`, `-EEXIST`, `-EISDIR`, `-EMFILE`, `-ENAMETOOLONG`, `-ELOOP`,
 * `-EINVAL`; and for the `_direct` variants `-ENXIO` (no fixed file table is registered),
 * `-EINVAL` (`file_index` is outside the table) and `-ENFILE` (no free slot); `-ECANCELED`.
 */
static inline void io_uring_prep_openat(struct io_uring_sqe *sqe, int dfd, const char *path, int flags, mode_t mode)
{
	io_uring_prep_rw((int)(IORING_OP_OPENAT), sqe, dfd, (const void *)(path), mode, 0);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_open(3)`: prepare an open request relative to the current directory.
 * man: io_uring_prep_openat
 */
static inline void io_uring_prep_open(struct io_uring_sqe *sqe, const char *path, int flags, mode_t mode)
{
	io_uring_prep_openat(sqe, AT_FDCWD, path, flags, mode);
}

/**
 * liburing: `io_uring_prep_openat_direct(3)`: prepare an open into the fixed file table.
 * man: io_uring_prep_openat
 */
static inline void io_uring_prep_openat_direct(struct io_uring_sqe *sqe, int dfd, const char *path, int flags, mode_t mode, unsigned int file_index)
{
	io_uring_prep_openat(sqe, dfd, path, flags, mode);
	__io_uring_set_target_direct(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_open_direct(3)`: prepare an open into the fixed file table.
 * man: io_uring_prep_openat
 */
static inline void io_uring_prep_open_direct(struct io_uring_sqe *sqe, const char *path, int flags, mode_t mode, unsigned int file_index)
{
	io_uring_prep_openat_direct(sqe, AT_FDCWD, path, flags, mode, file_index);
}

/**
 * liburing: `io_uring_prep_openat2(3)`: prepare an openat2 request.
 * man: io_uring_prep_openat
 */
static inline void io_uring_prep_openat2(struct io_uring_sqe *sqe, int dfd, const char *path, const struct open_how *how)
{
	unsigned int len = (unsigned int)(sizeof(struct open_how));
	io_uring_prep_rw((int)(IORING_OP_OPENAT2), sqe, dfd, (const void *)(path), len, uring_ptr_to_u64((const void *)(how)));
}

/**
 * liburing: `io_uring_prep_openat2_direct(3)`: prepare an openat2 into the fixed file table.
 * man: io_uring_prep_openat
 */
static inline void io_uring_prep_openat2_direct(struct io_uring_sqe *sqe, int dfd, const char *path, const struct open_how *how, unsigned int file_index)
{
	io_uring_prep_openat2(sqe, dfd, path, how);
	__io_uring_set_target_direct(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_pipe(3)`: prepare a pipe creation request.
 *
 * `io_uring_prep_pipe()` prepares a `pipe2(2)` with O_* `pipe_flags` (IORING_OP_PIPE, Linux
 * 6.16); the two new file descriptors are written to `fds`. `io_uring_prep_pipe_direct()`
 * puts both ends into the fixed file table, from slot `file_index` (or free slots with
 * IORING_FILE_INDEX_ALLOC), and writes their slot numbers to `fds`.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value: `-EMFILE`, `-ENFILE`, `-EFAULT` (`fds` is not writable), `-EINVAL`
 * (unknown flags), `-ENXIO` (no fixed file table), `-ECANCELED`.
 */
static inline void io_uring_prep_pipe(struct io_uring_sqe *sqe, int *fds, int pipe_flags)
{
	io_uring_prep_rw((int)(IORING_OP_PIPE), sqe, 0, (const void *)(fds), 0, 0);
	sqe->fsync_flags = (uint32_t)(pipe_flags);
}

/**
 * liburing: `io_uring_prep_pipe_direct(3)`: prepare a pipe creation into the fixed file table.
 * man: io_uring_prep_pipe
 */
static inline void io_uring_prep_pipe_direct(struct io_uring_sqe *sqe, int *fds, int pipe_flags, unsigned int file_index)
{
	io_uring_prep_pipe(sqe, fds, pipe_flags);
	__io_uring_set_target_direct(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_poll_add(3)`: prepare a poll request.
 *
 * `io_uring_prep_poll_add()` prepares a one-shot poll of `fd` for the `poll(2)` events
 * `poll_mask` (IORING_OP_POLL_ADD): it completes once one of them is ready, with the ready
 * events as `res`. `io_uring_prep_poll_multishot()` keeps polling, posting a CQE with
 * IORING_CQE_F_MORE each time events are ready, until it is removed or fails.
 *
 * `io_uring_prep_poll_remove()` removes the poll whose `user_data` is `user_data`
 * (IORING_OP_POLL_REMOVE). `io_uring_prep_poll_update()` finds the poll with `old_user_data`
 * and, as `flags` say, gives it new events `poll_mask` (IORING_POLL_UPDATE_EVENTS) and the new
 * `user_data` `new_user_data` (IORING_POLL_UPDATE_USER_DATA); IORING_POLL_ADD_MULTI makes it
 * multishot. `__io_uring_prep_poll_mask()` returns `poll_mask` as the kernel reads the SQE's
 * poll32_events (its half-words swapped on big-endian machines).
 *
 * # Return value
 * `__io_uring_prep_poll_mask()`: the mask to store; the others return nothing.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The results in the CQE `res`:
 * - a positive event mask: (add) events are ready.
 * - 0: (remove, update) the poll was found and removed or updated.
 * - `-ECANCELED`: (add) the poll was removed or cancelled.
 * - `-ENOENT`: (remove, update) no poll has that `user_data`.
 * - `-EALREADY`: (remove, update) the poll is already completing.
 * - `-EBADF`: `fd` is not open.
 * - `-EINVAL`: unknown flags or events.
 *
 */
static inline void io_uring_prep_poll_add(struct io_uring_sqe *sqe, int fd, unsigned int poll_mask)
{
	io_uring_prep_rw((int)(IORING_OP_POLL_ADD), sqe, fd, NULL, 0, 0);
	sqe->fsync_flags = __io_uring_prep_poll_mask(poll_mask);
}

/**
 * liburing: `io_uring_prep_poll_multishot(3)`: prepare a multishot poll request.
 * man: io_uring_prep_poll_add
 */
static inline void io_uring_prep_poll_multishot(struct io_uring_sqe *sqe, int fd, unsigned int poll_mask)
{
	io_uring_prep_poll_add(sqe, fd, poll_mask);
	sqe->len = IORING_POLL_ADD_MULTI;
}

/**
 * liburing: `io_uring_prep_poll_remove(3)`: prepare the removal of a poll request.
 * man: io_uring_prep_poll_add
 */
static inline void io_uring_prep_poll_remove(struct io_uring_sqe *sqe, __u64 user_data)
{
	io_uring_prep_rw((int)(IORING_OP_POLL_REMOVE), sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
}

/**
 * liburing: `io_uring_prep_poll_update(3)`: prepare an update of a poll request.
 * man: io_uring_prep_poll_add
 */
static inline void io_uring_prep_poll_update(struct io_uring_sqe *sqe, __u64 old_user_data, __u64 new_user_data, unsigned int poll_mask, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_POLL_REMOVE), sqe, -1, NULL, flags, new_user_data);
	sqe->addr = old_user_data;
	sqe->fsync_flags = __io_uring_prep_poll_mask(poll_mask);
}

/**
 * liburing: `io_uring_prep_provide_buffers(3)`: prepare providing buffers to the kernel.
 *
 * `io_uring_prep_provide_buffers()` hands `nr` buffers of `len` bytes each, consecutive from
 * `addr`, to the kernel as buffer group `bgid`, with buffer ids from `bid` up
 * (IORING_OP_PROVIDE_BUFFERS). Requests with IOSQE_BUFFER_SELECT and that group take one when
 * they need it, and report its id in the CQE flags (IORING_CQE_F_BUFFER).
 * `io_uring_prep_remove_buffers()` takes up to `nr` unused buffers of group `bgid` back
 * (IORING_OP_REMOVE_BUFFERS). Buffer rings (`io_uring_setup_buf_ring(3)`) do the same with less
 * overhead.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0 (provide;
 * the number added on some kernels) or the number of buffers removed, or a negative errno
 * value: `-EINVAL` (a count, length or id out of range, or the group is a buffer ring),
 * `-ENOENT` (remove: no such group), `-ENOMEM`, `-EFAULT`, `-EOVERFLOW` (the range overflows),
 * `-ECANCELED`.
 */
static inline void io_uring_prep_provide_buffers(struct io_uring_sqe *sqe, void *addr, int len, int nr, int bgid, int bid)
{
	io_uring_prep_rw((int)(IORING_OP_PROVIDE_BUFFERS), sqe, nr, addr, (uint32_t)(len), (uint64_t)(bid));
	sqe->buf_group = (uint16_t)(bgid);
}

/**
 * liburing: `io_uring_prep_read(3)`: prepare a read or write request.
 *
 * These helpers fill `sqe` with a read from, or a write to, the file descriptor `fd` (a fixed
 * file index when IOSQE_FIXED_FILE is set on the SQE), at file offset `offset`; an offset of
 * -1 means the current file position, as `read(2)` and `write(2)` use it (for files that have
 * one; sockets and pipes ignore the offset).
 *
 * - `io_uring_prep_read()` and `io_uring_prep_write()` transfer `nbytes` bytes to or from `buf`
 *   (IORING_OP_READ, IORING_OP_WRITE), like `pread(2)` and `pwrite(2)`.
 * - `io_uring_prep_readv()` and `io_uring_prep_writev()` use the `nr_vecs` buffers of `iovecs`
 *   (IORING_OP_READV, IORING_OP_WRITEV), like `preadv(2)` and `pwritev(2)`;
 *   `io_uring_prep_readv2()` and `io_uring_prep_writev2()` add the RWF_* `flags` of
 *   `preadv2(2)` and `pwritev2(2)`.
 * - `io_uring_prep_read_fixed()` and `io_uring_prep_write_fixed()` use the registered buffer
 *   `buf_index` (see `io_uring_register_buffers(3)`); `buf` and `nbytes` must lie inside it.
 *   `io_uring_prep_readv_fixed()` and `io_uring_prep_writev_fixed()` use `iovecs` that point
 *   into registered buffer `buf_index`, with RWF_* `flags`.
 * - `io_uring_prep_read_multishot()` reads repeatedly into buffers of the provided buffer group
 *   `buf_group` (it sets IOSQE_BUFFER_SELECT, replacing the SQE's flags), posting a CQE with
 *   IORING_CQE_F_MORE for each read until the file has no more data or an error occurs; it is
 *   meant for pipes, sockets and other pollable files. `nbytes` 0 means the buffer's size.
 *
 * The buffers must stay valid until the request completes (for the vectored variants the
 * `iovecs` array too, until the request has been submitted).
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's result, in the `res` field
 * of its CQE, is the number of bytes transferred, or a negative errno value; among them:
 * - `-EBADF`: `fd` is not open for reading (or writing), or the fixed file slot is empty.
 * - `-EFAULT`: a buffer lies outside the process's accessible memory, or outside the registered
 *   buffer (fixed variants).
 * - `-EINVAL`: the file cannot be read or written this way (an O_DIRECT alignment mismatch, an
 *   offset that is invalid for the file, unknown RWF_* flags, an unregistered `buf_index`).
 * - `-EAGAIN`: the file is non-blocking and no data (or room) is available (with RWF_NOWAIT).
 * - `-ENOBUFS`: (buffer selection, multishot) the buffer group has no buffer left.
 * - `-EOPNOTSUPP`: the file does not support the operation (multishot on a file that cannot be
 *   polled).
 * - `-EIO`, `-ENOSPC`, `-EFBIG`, `-EPIPE`, `-EINTR`: as `read(2)` and `write(2)` report them.
 * - `-ECANCELED`: the request was cancelled (`io_uring_prep_cancel(3)`, or a failed request
 *   earlier in its link).
 *
 * # See also
 * `io_uring_get_sqe(3)`, `io_uring_submit(3)`, `io_uring_register_buffers(3)`, `read(2)`,
 * `write(2)`, `preadv2(2)`, `pwritev2(2)`
 */
static inline void io_uring_prep_read(struct io_uring_sqe *sqe, int fd, void *buf, unsigned int nbytes, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_READ), sqe, fd, buf, nbytes, offset);
}

/**
 * liburing: `io_uring_prep_read_fixed(3)`: prepare a read into a registered buffer.
 * man: io_uring_prep_read
 */
static inline void io_uring_prep_read_fixed(struct io_uring_sqe *sqe, int fd, void *buf, unsigned int nbytes, __u64 offset, int buf_index)
{
	io_uring_prep_rw((int)(IORING_OP_READ_FIXED), sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_prep_read_multishot(3)`: prepare a multishot read into provided buffers.
 * man: io_uring_prep_read
 */
static inline void io_uring_prep_read_multishot(struct io_uring_sqe *sqe, int fd, unsigned int nbytes, __u64 offset, int buf_group)
{
	io_uring_prep_rw((int)(IORING_OP_READ_MULTISHOT), sqe, fd, NULL, nbytes, offset);
	sqe->buf_group = (uint16_t)(buf_group);
	sqe->flags = (uint8_t)(IOSQE_BUFFER_SELECT);
}

/**
 * liburing: `io_uring_prep_readv(3)`: prepare a vectored read request.
 * man: io_uring_prep_read
 */
static inline void io_uring_prep_readv(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_READV), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
}

/**
 * liburing: `io_uring_prep_readv2(3)`: prepare a vectored read request with RWF_* flags.
 * man: io_uring_prep_read
 */
static inline void io_uring_prep_readv2(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_READV), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_readv_fixed(3)`: prepare a vectored read into a registered buffer.
 * man: io_uring_prep_read
 */
static inline void io_uring_prep_readv_fixed(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset, int flags, int buf_index)
{
	io_uring_prep_rw((int)(IORING_OP_READV_FIXED), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
	sqe->fsync_flags = (uint32_t)(flags);
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_prep_recv(3)`: prepare a receive request.
 *
 * `io_uring_prep_recv()` prepares a `recv(2)` of up to `len` bytes into `buf` from socket
 * `sockfd` with the MSG_* `flags` (IORING_OP_RECV). With IOSQE_BUFFER_SELECT on the SQE, `buf`
 * is NULL and the data goes into a buffer of the SQE's buffer group.
 * `io_uring_prep_recv_multishot()` keeps receiving into provided buffers (it needs
 * IOSQE_BUFFER_SELECT), posting a CQE with IORING_CQE_F_MORE and the buffer id for each
 * message, until an error, the end of the stream, or cancellation.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the number of
 * bytes received (0 at the end of the stream), or a negative errno value, as `recv(2)` reports
 * them: `-EAGAIN`, `-ECONNRESET`, `-ENOTCONN`, `-ENOTSOCK`, `-EBADF`, `-EFAULT`, `-EINVAL`;
 * `-ENOBUFS` when the buffer group has no buffer left; `-ECANCELED`.
 */
static inline void io_uring_prep_recv(struct io_uring_sqe *sqe, int sockfd, void *buf, size_t len, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_RECV), sqe, sockfd, buf, (uint32_t)(len), 0);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_recv_multishot(3)`: prepare a multishot receive request.
 * man: io_uring_prep_recv
 */
static inline void io_uring_prep_recv_multishot(struct io_uring_sqe *sqe, int sockfd, void *buf, size_t len, int flags)
{
	io_uring_prep_recv(sqe, sockfd, buf, len, flags);
	sqe->ioprio |= ((uint16_t)(IORING_RECV_MULTISHOT));
}

/**
 * liburing: `io_uring_prep_recvmsg(3)`: prepare a recvmsg request.
 *
 * `io_uring_prep_recvmsg()` prepares a `recvmsg(2)` on socket `fd` into the `struct msghdr`
 * `msg`, with the MSG_* `flags` (IORING_OP_RECVMSG). `io_uring_prep_recvmsg_multishot()` keeps
 * receiving into provided buffers (IOSQE_BUFFER_SELECT): each buffer then holds a
 * `struct io_uring_recvmsg_out` header, the address, the control messages and the payload, as
 * `io_uring_recvmsg_validate(3)` describes; `msg` only gives the sizes of the name and control
 * areas.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the number of
 * bytes received (multishot: the bytes of the buffer used), or a negative errno value, as
 * `recvmsg(2)` reports them: `-EAGAIN`, `-ECONNRESET`, `-ENOTCONN`, `-ENOTSOCK`, `-EBADF`,
 * `-EFAULT`, `-EINVAL`, `-EMSGSIZE`; `-ENOBUFS` when no provided buffer is left; `-ECANCELED`.
 */
static inline void io_uring_prep_recvmsg(struct io_uring_sqe *sqe, int fd, struct msghdr *msg, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_RECVMSG), sqe, fd, (const void *)(msg), 1, 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_recvmsg_multishot(3)`: prepare a multishot recvmsg request.
 * man: io_uring_prep_recvmsg
 */
static inline void io_uring_prep_recvmsg_multishot(struct io_uring_sqe *sqe, int fd, struct msghdr *msg, unsigned int flags)
{
	io_uring_prep_recvmsg(sqe, fd, msg, flags);
	sqe->ioprio |= ((uint16_t)(IORING_RECV_MULTISHOT));
}

/**
 * liburing: `io_uring_prep_remove_buffers(3)`: prepare taking provided buffers back.
 * man: io_uring_prep_provide_buffers
 */
static inline void io_uring_prep_remove_buffers(struct io_uring_sqe *sqe, int nr, int bgid)
{
	io_uring_prep_rw((int)(IORING_OP_REMOVE_BUFFERS), sqe, nr, NULL, 0, 0);
	sqe->buf_group = (uint16_t)(bgid);
}

/**
 * liburing: `io_uring_prep_renameat(3)`: prepare a renameat request.
 * man: io_uring_prep_unlinkat
 */
static inline void io_uring_prep_renameat(struct io_uring_sqe *sqe, int olddfd, const char *oldpath, int newdfd, const char *newpath, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_RENAMEAT), sqe, olddfd, (const void *)(oldpath), (uint32_t)(newdfd), uring_ptr_to_u64((const void *)(newpath)));
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_rename(3)`: prepare a rename request.
 * man: io_uring_prep_unlinkat
 */
static inline void io_uring_prep_rename(struct io_uring_sqe *sqe, const char *oldpath, const char *newpath)
{
	io_uring_prep_renameat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

/**
 * liburing: `io_uring_prep_send(3)`: prepare a send request.
 *
 * `io_uring_prep_send()` prepares a `send(2)` of `len` bytes from `buf` on socket `sockfd`
 * with the MSG_* `flags` (IORING_OP_SEND); `io_uring_prep_sendto()` sends to the address `addr`
 * of `addrlen` bytes, as `sendto(2)` does, and `io_uring_prep_send_set_addr()` adds the
 * destination `dest_addr` of `addr_len` bytes to a prepared send.
 *
 * `io_uring_prep_send_bundle()` sends from the provided buffers of the SQE's buffer group
 * (IOSQE_BUFFER_SELECT and `io_uring_sqe_set_buf_group(3)`) as many as `len` allows
 * (IORING_RECVSEND_BUNDLE, Linux 6.10).
 *
 * `io_uring_prep_send_zc()` sends without copying the data (IORING_OP_SEND_ZC, Linux 6.0),
 * with IORING_RECVSEND_* and IORING_SEND_ZC_* `zc_flags`: it posts the send's CQE with
 * IORING_CQE_F_MORE, then a second CQE with IORING_CQE_F_NOTIF once the kernel no longer uses
 * `buf`, which must stay untouched until then. `io_uring_prep_send_zc_fixed()` sends from the
 * registered buffer `buf_index`.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the number of
 * bytes sent, or a negative errno value, as `send(2)` reports them: `-EAGAIN` (non-blocking and
 * no room), `-ECONNRESET`, `-EPIPE`, `-ENOTCONN`, `-EDESTADDRREQ`, `-EMSGSIZE`, `-ENOBUFS`,
 * `-ENOTSOCK`, `-EBADF`, `-EFAULT`, `-EINVAL`, `-EOPNOTSUPP` (zero copy on a socket that does
 * not support it), `-ECANCELED`.
 */
static inline void io_uring_prep_send(struct io_uring_sqe *sqe, int sockfd, const void *buf, size_t len, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_SEND), sqe, sockfd, buf, (uint32_t)(len), 0);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_send_bundle(3)`: prepare a send from provided buffers.
 * man: io_uring_prep_send
 */
static inline void io_uring_prep_send_bundle(struct io_uring_sqe *sqe, int sockfd, size_t len, int flags)
{
	io_uring_prep_send(sqe, sockfd, NULL, len, flags);
	sqe->ioprio |= ((uint16_t)(IORING_RECVSEND_BUNDLE));
}

/**
 * liburing: `io_uring_prep_send_set_addr(3)`: give a send request a destination address.
 * man: io_uring_prep_send
 */
static inline void io_uring_prep_send_set_addr(struct io_uring_sqe *sqe, const struct sockaddr *dest_addr, __u16 addr_len)
{
	sqe->addr2 = uring_ptr_to_u64((const void *)(dest_addr));
	sqe->addr_len = addr_len;
}

/**
 * liburing: `io_uring_prep_send_zc(3)`: prepare a zero-copy send request.
 * man: io_uring_prep_send
 */
static inline void io_uring_prep_send_zc(struct io_uring_sqe *sqe, int sockfd, const void *buf, size_t len, int flags, unsigned int zc_flags)
{
	io_uring_prep_rw((int)(IORING_OP_SEND_ZC), sqe, sockfd, buf, (uint32_t)(len), 0);
	sqe->fsync_flags = (uint32_t)(flags);
	sqe->ioprio = (uint16_t)(zc_flags);
}

/**
 * liburing: `io_uring_prep_send_zc_fixed(3)`: prepare a zero-copy send from a registered buffer.
 * man: io_uring_prep_send
 */
static inline void io_uring_prep_send_zc_fixed(struct io_uring_sqe *sqe, int sockfd, const void *buf, size_t len, int flags, unsigned int zc_flags, unsigned int buf_index)
{
	io_uring_prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags);
	sqe->ioprio |= ((uint16_t)(IORING_RECVSEND_FIXED_BUF));
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_prep_sendmsg(3)`: prepare a sendmsg request.
 *
 * `io_uring_prep_sendmsg()` prepares a `sendmsg(2)` of the `struct msghdr` `msg` on socket
 * `fd` with the MSG_* `flags` (IORING_OP_SENDMSG). `io_uring_prep_sendmsg_zc()` sends without
 * copying (IORING_OP_SENDMSG_ZC): a second CQE with IORING_CQE_F_NOTIF says when the buffers may
 * be reused; `io_uring_prep_sendmsg_zc_fixed()` sends from the registered buffer `buf_index`.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the number of
 * bytes sent, or a negative errno value, as `sendmsg(2)` reports them: `-EAGAIN`,
 * `-ECONNRESET`, `-EPIPE`, `-EMSGSIZE`, `-ENOTCONN`, `-ENOTSOCK`, `-EBADF`, `-EFAULT`,
 * `-EINVAL`, `-EOPNOTSUPP`, `-ECANCELED`.
 */
static inline void io_uring_prep_sendmsg(struct io_uring_sqe *sqe, int fd, const struct msghdr *msg, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_SENDMSG), sqe, fd, (const void *)(msg), 1, 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_sendmsg_zc(3)`: prepare a zero-copy sendmsg request.
 * man: io_uring_prep_sendmsg
 */
static inline void io_uring_prep_sendmsg_zc(struct io_uring_sqe *sqe, int fd, const struct msghdr *msg, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_SENDMSG_ZC), sqe, fd, (const void *)(msg), 1, 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_sendmsg_zc_fixed(3)`: prepare a zero-copy sendmsg from a registered buffer.
 * man: io_uring_prep_sendmsg
 */
static inline void io_uring_prep_sendmsg_zc_fixed(struct io_uring_sqe *sqe, int fd, const struct msghdr *msg, unsigned int flags, unsigned int buf_index)
{
	io_uring_prep_sendmsg_zc(sqe, fd, msg, flags);
	sqe->ioprio |= ((uint16_t)(IORING_RECVSEND_FIXED_BUF));
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_prep_sendto(3)`: prepare a sendto request.
 * man: io_uring_prep_send
 */
static inline void io_uring_prep_sendto(struct io_uring_sqe *sqe, int sockfd, const void *buf, size_t len, int flags, const struct sockaddr *addr, socklen_t addrlen)
{
	io_uring_prep_send(sqe, sockfd, buf, len, flags);
	io_uring_prep_send_set_addr(sqe, addr, (uint16_t)(addrlen));
}

/**
 * liburing: `io_uring_prep_setxattr(3)`: prepare a setxattr request.
 * man: io_uring_prep_getxattr
 */
static inline void io_uring_prep_setxattr(struct io_uring_sqe *sqe, const char *name, const char *value, const char *path, int flags, unsigned int len)
{
	io_uring_prep_rw((int)(IORING_OP_SETXATTR), sqe, 0, (const void *)(name), len, uring_ptr_to_u64((const void *)(value)));
	sqe->addr3 = uring_ptr_to_u64((const void *)(path));
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_shutdown(3)`: prepare a shutdown request.
 *
 * Prepares a `shutdown(2)` of socket `fd` with `how` (SHUT_RD, SHUT_WR, SHUT_RDWR)
 * (IORING_OP_SHUTDOWN).
 *
 * # Errors
 * This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value, as `shutdown(2)` reports them: `-ENOTCONN`, `-ENOTSOCK`, `-EBADF`,
 * `-EINVAL`, `-ECANCELED`.
 */
static inline void io_uring_prep_shutdown(struct io_uring_sqe *sqe, int fd, int how)
{
	io_uring_prep_rw((int)(IORING_OP_SHUTDOWN), sqe, fd, NULL, (uint32_t)(how), 0);
}

/**
 * liburing: `io_uring_prep_socket(3)`: prepare a socket creation request.
 *
 * `io_uring_prep_socket()` prepares a `socket(2)` with `domain`, `type` and `protocol`
 * (IORING_OP_SOCKET, Linux 5.19); `flags` must be 0. `io_uring_prep_socket_direct()` puts the
 * new socket into slot `file_index` of the fixed file table (or a free slot with
 * IORING_FILE_INDEX_ALLOC); `io_uring_prep_socket_direct_alloc()` always into a free slot.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the new file
 * descriptor (for the direct variants 0, or the slot chosen), or a negative errno value, as
 * `socket(2)` reports them: `-EAFNOSUPPORT`, `-EPROTONOSUPPORT`, `-EINVAL`, `-EMFILE`,
 * `-ENFILE`, `-ENOMEM`, `-EACCES`; for the direct variants `-ENXIO` (no fixed file table) and
 * `-ENFILE` (no free slot); `-ECANCELED`.
 */
static inline void io_uring_prep_socket(struct io_uring_sqe *sqe, int domain, int type, int protocol, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_SOCKET), sqe, domain, NULL, (uint32_t)(protocol), (uint64_t)(type));
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_socket_direct(3)`: prepare a socket creation into the fixed file table.
 * man: io_uring_prep_socket
 */
static inline void io_uring_prep_socket_direct(struct io_uring_sqe *sqe, int domain, int type, int protocol, unsigned int file_index, unsigned int flags)
{
	io_uring_prep_socket(sqe, domain, type, protocol, flags);
	__io_uring_set_target_direct(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_socket_direct_alloc(3)`: prepare a socket creation into a free fixed slot.
 * man: io_uring_prep_socket
 */
static inline void io_uring_prep_socket_direct_alloc(struct io_uring_sqe *sqe, int domain, int type, int protocol, unsigned int flags)
{
	io_uring_prep_socket(sqe, domain, type, protocol, flags);
	__io_uring_set_target_fixed_file(sqe, IORING_FILE_INDEX_ALLOC - 1);
}

/**
 * liburing: `io_uring_prep_splice(3)`: prepare a splice or tee request.
 *
 * `io_uring_prep_splice()` prepares a `splice(2)` of `nbytes` bytes from `fd_in` at `off_in`
 * to `fd_out` at `off_out` (-1 for a pipe end, or for the file's current position), with
 * SPLICE_F_* `splice_flags` (IORING_OP_SPLICE); with SPLICE_F_FD_IN_FIXED in `splice_flags`,
 * `fd_in` is a fixed file index. `io_uring_prep_tee()` prepares a `tee(2)` between two pipes
 * (IORING_OP_TEE).
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is the number of
 * bytes moved, or a negative errno value, as `splice(2)` and `tee(2)` report them: `-EBADF`,
 * `-EINVAL` (neither end is a pipe, an offset given for a pipe), `-ESPIPE`, `-ENOMEM`,
 * `-EAGAIN`, `-ECANCELED`.
 */
static inline void io_uring_prep_splice(struct io_uring_sqe *sqe, int fd_in, int64_t off_in, int fd_out, int64_t off_out, unsigned int nbytes, unsigned int splice_flags)
{
	io_uring_prep_rw((int)(IORING_OP_SPLICE), sqe, fd_out, NULL, nbytes, (uint64_t)(off_out));
	sqe->splice_off_in = (uint64_t)(off_in);
	sqe->splice_fd_in = fd_in;
	sqe->fsync_flags = splice_flags;
}

/**
 * liburing: `io_uring_prep_statx(3)`: prepare a statx request.
 *
 * Prepares a `statx(2)` of `path` relative to `dfd` with the AT_* `flags` and the STATX_*
 * `mask`, storing the result in `statxbuf` (IORING_OP_STATX). `path` must stay valid until the
 * request has been submitted, `statxbuf` until it completes.
 *
 * # Errors
 * This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value, as `statx(2)` reports them: `-ENOENT`, `-EACCES`, `-EBADF`, `-EFAULT`,
 * `-EINVAL`, `-ENOTDIR`, `-ELOOP`, `-ENAMETOOLONG`, `-ENOMEM`, `-ECANCELED`.
 */
static inline void io_uring_prep_statx(struct io_uring_sqe *sqe, int dfd, const char *path, int flags, unsigned int mask, struct statx *statxbuf)
{
	io_uring_prep_rw((int)(IORING_OP_STATX), sqe, dfd, (const void *)(path), mask, uring_ptr_to_u64((const void *)(statxbuf)));
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_symlinkat(3)`: prepare a symlinkat request.
 * man: io_uring_prep_unlinkat
 */
static inline void io_uring_prep_symlinkat(struct io_uring_sqe *sqe, const char *target, int newdirfd, const char *linkpath)
{
	io_uring_prep_rw((int)(IORING_OP_SYMLINKAT), sqe, newdirfd, (const void *)(target), 0, uring_ptr_to_u64((const void *)(linkpath)));
}

/**
 * liburing: `io_uring_prep_symlink(3)`: prepare a symlink request.
 * man: io_uring_prep_unlinkat
 */
static inline void io_uring_prep_symlink(struct io_uring_sqe *sqe, const char *target, const char *linkpath)
{
	io_uring_prep_symlinkat(sqe, target, AT_FDCWD, linkpath);
}

/**
 * liburing: `io_uring_prep_sync_file_range(3)`: prepare a sync_file_range request.
 * man: io_uring_prep_fsync
 */
static inline void io_uring_prep_sync_file_range(struct io_uring_sqe *sqe, int fd, unsigned int len, __u64 offset, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_SYNC_FILE_RANGE), sqe, fd, NULL, len, offset);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_tee(3)`: prepare a tee request.
 * man: io_uring_prep_splice
 */
static inline void io_uring_prep_tee(struct io_uring_sqe *sqe, int fd_in, int fd_out, unsigned int nbytes, unsigned int splice_flags)
{
	io_uring_prep_rw((int)(IORING_OP_TEE), sqe, fd_out, NULL, nbytes, 0);
	sqe->splice_off_in = 0;
	sqe->splice_fd_in = fd_in;
	sqe->fsync_flags = splice_flags;
}

/**
 * liburing: `io_uring_prep_timeout(3)`: prepare a timeout request.
 *
 * `io_uring_prep_timeout()` prepares a timeout (IORING_OP_TIMEOUT) that completes when the
 * time `ts` has passed or, when `count` is not 0, once `count` other requests have completed,
 * whichever comes first. `ts` is relative unless `flags` has IORING_TIMEOUT_ABS; the clock is
 * CLOCK_MONOTONIC unless IORING_TIMEOUT_BOOTTIME or IORING_TIMEOUT_REALTIME is given;
 * IORING_TIMEOUT_MULTISHOT makes it fire repeatedly, `count` times (0: until cancelled).
 *
 * `io_uring_prep_timeout_remove()` cancels the timeout whose `user_data` is `user_data`
 * (IORING_OP_TIMEOUT_REMOVE); `io_uring_prep_timeout_update()` gives it the new time `ts`
 * instead (IORING_TIMEOUT_UPDATE, with IORING_LINK_TIMEOUT_UPDATE for a linked timeout).
 *
 * `io_uring_prep_link_timeout()` prepares a timeout for the request linked before it
 * (IOSQE_IO_LINK on that request): if that request has not completed after `ts`, it is
 * cancelled (IORING_OP_LINK_TIMEOUT).
 *
 * `ts` must stay valid until the request has been submitted.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The results in the CQE `res`:
 * - `-ETIME`: (timeout) the time expired; for a link timeout, the linked request was cancelled
 *   because of it.
 * - 0: (timeout) the completion count was reached; (remove, update) the timeout was found.
 * - `-ECANCELED`: (timeout) it was removed or cancelled; (link timeout) the linked request
 *   completed first.
 * - `-ENOENT`: (remove, update) no timeout has that `user_data`.
 * - `-EALREADY`: (remove, update) the timeout is already firing.
 * - `-EINVAL`: unknown flags, a negative time, or a link timeout that follows no linked request.
 * - `-EFAULT`: `ts` is not accessible.
 *
 */
static inline void io_uring_prep_timeout(struct io_uring_sqe *sqe, const struct __kernel_timespec *ts, unsigned int count, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_TIMEOUT), sqe, -1, (const void *)(ts), 1, (uint64_t)(count));
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_timeout_remove(3)`: prepare the removal of a timeout.
 * man: io_uring_prep_timeout
 */
static inline void io_uring_prep_timeout_remove(struct io_uring_sqe *sqe, __u64 user_data, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_TIMEOUT_REMOVE), sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_timeout_update(3)`: prepare an update of a timeout.
 * man: io_uring_prep_timeout
 */
static inline void io_uring_prep_timeout_update(struct io_uring_sqe *sqe, const struct __kernel_timespec *ts, __u64 user_data, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_TIMEOUT_REMOVE), sqe, -1, NULL, 0, uring_ptr_to_u64((const void *)(ts)));
	sqe->addr = user_data;
	sqe->fsync_flags = flags | IORING_TIMEOUT_UPDATE;
}

/**
 * liburing: `io_uring_prep_unlinkat(3)`: prepare a path operation: unlink, rename, mkdir or link.
 *
 * These helpers prepare the path operations of the same names, each relative to a directory
 * file descriptor (`AT_FDCWD` for the current directory) or, for the variants without `at`,
 * to the current directory:
 *
 * - `io_uring_prep_unlinkat()`, `io_uring_prep_unlink()`: `unlinkat(2)` of `path` with
 *   `flags` (AT_REMOVEDIR removes a directory) (IORING_OP_UNLINKAT);
 * - `io_uring_prep_renameat()`, `io_uring_prep_rename()`: `renameat2(2)` of `oldpath` to
 *   `newpath` with RENAME_* `flags` (IORING_OP_RENAMEAT);
 * - `io_uring_prep_mkdirat()`, `io_uring_prep_mkdir()`: `mkdirat(2)` of `path` with `mode`
 *   (IORING_OP_MKDIRAT);
 * - `io_uring_prep_symlinkat()`, `io_uring_prep_symlink()`: `symlinkat(2)` creating
 *   `linkpath` pointing at `target` (IORING_OP_SYMLINKAT);
 * - `io_uring_prep_linkat()`, `io_uring_prep_link()`: `linkat(2)` of `oldpath` to `newpath`
 *   with AT_* `flags` (IORING_OP_LINKAT).
 *
 * The paths must stay valid until the request has been submitted.
 *
 * # Errors
 * These helpers only fill in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value, as the system calls report them: `-ENOENT`, `-EEXIST`, `-EACCES`,
 * `-EPERM`, `-ENOTDIR`, `-EISDIR`, `-ENOTEMPTY`, `-EXDEV`, `-EBUSY`, `-EROFS`, `-ENOSPC`,
 * `-ELOOP`, `-ENAMETOOLONG`, `-EBADF`, `-EINVAL`, `-ECANCELED`.
 */
static inline void io_uring_prep_unlinkat(struct io_uring_sqe *sqe, int dfd, const char *path, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_UNLINKAT), sqe, dfd, (const void *)(path), 0, 0);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_unlink(3)`: prepare an unlink request.
 * man: io_uring_prep_unlinkat
 */
static inline void io_uring_prep_unlink(struct io_uring_sqe *sqe, const char *path, int flags)
{
	io_uring_prep_unlinkat(sqe, AT_FDCWD, path, flags);
}

/**
 * liburing: `io_uring_prep_uring_cmd128(3)`: prepare a driver-specific command in a 128-byte SQE.
 * man: io_uring_prep_uring_cmd
 */
static inline void io_uring_prep_uring_cmd128(struct io_uring_sqe *sqe, int cmd_op, int fd)
{
	__io_uring_prep_uring_cmd(sqe, (int)(IORING_OP_URING_CMD128), (uint32_t)(cmd_op), fd);
}

/**
 * liburing: `io_uring_prep_waitid(3)`: prepare a waitid request.
 *
 * Prepares a `waitid(2)` for the child processes selected by `idtype` and `id`, with the
 * WEXITED/WSTOPPED/WCONTINUED/WNOHANG `options`, storing what happened in `infop`
 * (IORING_OP_WAITID, Linux 6.7). `flags` must be 0.
 *
 * # Errors
 * This helper only fills in the SQE and cannot fail. The request's CQE `res` is 0, or a
 * negative errno value, as `waitid(2)` reports them: `-ECHILD` (no such child), `-EINVAL`,
 * `-EFAULT`, `-ECANCELED`.
 */
static inline void io_uring_prep_waitid(struct io_uring_sqe *sqe, idtype_t idtype, id_t id, siginfo_t *infop, int options, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_WAITID), sqe, (int)(id), NULL, (unsigned int)(idtype), 0);
	sqe->fsync_flags = flags;
	sqe->file_index = (uint32_t)(options);
	sqe->addr2 = uring_ptr_to_u64((const void *)(infop));
}

/**
 * liburing: `io_uring_prep_write(3)`: prepare a write request.
 * man: io_uring_prep_read
 */
static inline void io_uring_prep_write(struct io_uring_sqe *sqe, int fd, const void *buf, unsigned int nbytes, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_WRITE), sqe, fd, buf, nbytes, offset);
}

/**
 * liburing: `io_uring_prep_write_fixed(3)`: prepare a write from a registered buffer.
 * man: io_uring_prep_read
 */
static inline void io_uring_prep_write_fixed(struct io_uring_sqe *sqe, int fd, const void *buf, unsigned int nbytes, __u64 offset, int buf_index)
{
	io_uring_prep_rw((int)(IORING_OP_WRITE_FIXED), sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_prep_writev(3)`: prepare a vectored write request.
 * man: io_uring_prep_read
 */
static inline void io_uring_prep_writev(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_WRITEV), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
}

/**
 * liburing: `io_uring_prep_writev2(3)`: prepare a vectored write request with RWF_* flags.
 * man: io_uring_prep_read
 */
static inline void io_uring_prep_writev2(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_WRITEV), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_writev_fixed(3)`: prepare a vectored write from a registered buffer.
 * man: io_uring_prep_read
 */
static inline void io_uring_prep_writev_fixed(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset, int flags, int buf_index)
{
	io_uring_prep_rw((int)(IORING_OP_WRITEV_FIXED), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
	sqe->fsync_flags = (uint32_t)(flags);
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_recvmsg_name(3)`: the source address of a multishot recvmsg.
 * man: io_uring_recvmsg_validate
 */
static inline void *io_uring_recvmsg_name(struct io_uring_recvmsg_out *o)
{
	return (void *)(((uint8_t *)(o)) + sizeof(struct io_uring_recvmsg_out));
}

/**
 * liburing: `io_uring_recvmsg_cmsg_firsthdr(3)`: the first control message of a multishot recvmsg.
 * man: io_uring_recvmsg_validate
 */
static inline struct cmsghdr *io_uring_recvmsg_cmsg_firsthdr(struct io_uring_recvmsg_out *o, struct msghdr *msgh)
{
	size_t len = (size_t)(*&o->controllen);
	if (((size_t)(msgh->msg_controllen)) < len) {
		len = (size_t)(msgh->msg_controllen);
	}
	if (len < sizeof(struct cmsghdr)) {
		return NULL;
	}
	return (struct cmsghdr *)(((uint8_t *)(io_uring_recvmsg_name(o))) + (size_t)(msgh->msg_namelen));
}

/**
 * liburing: `io_uring_recvmsg_cmsg_nexthdr(3)`: the next control message of a multishot recvmsg.
 * man: io_uring_recvmsg_validate
 */
static inline struct cmsghdr *io_uring_recvmsg_cmsg_nexthdr(struct io_uring_recvmsg_out *o, struct msghdr *msgh, struct cmsghdr *cmsg)
{
	uint8_t *start = ((uint8_t *)(io_uring_recvmsg_name(o))) + (size_t)(msgh->msg_namelen);
	size_t len = (size_t)(*&o->controllen);
	if (((size_t)(msgh->msg_controllen)) < len) {
		len = (size_t)(msgh->msg_controllen);
	}
	size_t hdr = sizeof(struct cmsghdr);
	size_t align = sizeof(size_t) - 1;
	size_t cur = (size_t)(*&cmsg->cmsg_len);
	if ((cur < hdr) || (((size_t)(cmsg)) < ((size_t)(start)))) {
		return NULL;
	}
	size_t at = ((size_t)(cmsg)) - ((size_t)(start));
	size_t step = (cur + align) & (~align);
	size_t next = at + step;
	if ((((step < cur) || (next < at)) || (next > len)) || ((len - next) < hdr)) {
		return NULL;
	}
	struct cmsghdr *n = (struct cmsghdr *)(start + next);
	size_t n_len = (size_t)(*&n->cmsg_len);
	size_t n_step = (n_len + align) & (~align);
	if ((n_step < n_len) || (n_step > (len - next))) {
		return NULL;
	}
	return n;
}

/**
 * liburing: `io_uring_recvmsg_payload(3)`: the payload of a multishot recvmsg.
 * man: io_uring_recvmsg_validate
 */
static inline void *io_uring_recvmsg_payload(struct io_uring_recvmsg_out *o, struct msghdr *msgh)
{
	size_t skip = ((size_t)(msgh->msg_namelen)) + (size_t)(msgh->msg_controllen);
	return (void *)(((uint8_t *)(io_uring_recvmsg_name(o))) + skip);
}

/**
 * liburing: `io_uring_recvmsg_payload_length(3)`: the payload length of a multishot recvmsg.
 * man: io_uring_recvmsg_validate
 */
static inline unsigned int io_uring_recvmsg_payload_length(struct io_uring_recvmsg_out *o, int buf_len, struct msghdr *msgh)
{
	(void)o;
	if (buf_len < 0) {
		return 0;
	}
	size_t name_end = sizeof(struct io_uring_recvmsg_out) + ((size_t)(msgh->msg_namelen));
	size_t skip = name_end + (size_t)(msgh->msg_controllen);
	if ((skip < name_end) || (((size_t)(buf_len)) < skip)) {
		return 0;
	}
	return (unsigned int)(((size_t)(buf_len)) - skip);
}

/**
 * liburing: `io_uring_recvmsg_validate(3)`: check a multishot recvmsg buffer.
 *
 * A multishot recvmsg (`io_uring_prep_recvmsg_multishot(3)`) writes into each provided buffer
 * a `struct io_uring_recvmsg_out` header, then the source address (`msgh->msg_namelen` bytes),
 * the control messages (`msgh->msg_controllen` bytes) and the payload. Given the buffer `buf`,
 * whose length `buf_len` is the CQE's `res`, and the `msghdr` of the request,
 * `io_uring_recvmsg_validate()` checks that the header, name and control areas fit and returns
 * the header. The other functions find the parts: `io_uring_recvmsg_name()` the address,
 * `io_uring_recvmsg_cmsg_firsthdr()` and `io_uring_recvmsg_cmsg_nexthdr()` the control messages
 * (as `CMSG_FIRSTHDR(3)` and `CMSG_NXTHDR(3)` do), `io_uring_recvmsg_payload()` the payload and
 * `io_uring_recvmsg_payload_length()` its length.
 *
 * # Return value
 * `io_uring_recvmsg_validate()`: the header, or NULL when the buffer is too short.
 * `io_uring_recvmsg_cmsg_firsthdr()`, `io_uring_recvmsg_cmsg_nexthdr()`: the control message,
 * or NULL when there is none (left) that fits wholly in the control area.
 * `io_uring_recvmsg_payload_length()`: the payload bytes, 0 when the name and control areas fill
 * the buffer. The others: pointers into the buffer.
 *
 * # Errors
 * None.
 */
static inline struct io_uring_recvmsg_out *io_uring_recvmsg_validate(void *buf, int buf_len, struct msghdr *msgh)
{
	if (buf_len < 0) {
		return NULL;
	}
	size_t len = (size_t)(buf_len);
	size_t hdr = sizeof(struct io_uring_recvmsg_out);
	size_t namelen = (size_t)(msgh->msg_namelen);
	if (((len < hdr) || ((len - hdr) < namelen)) || (((len - hdr) - namelen) < ((size_t)(msgh->msg_controllen)))) {
		return NULL;
	}
	return (struct io_uring_recvmsg_out *)(buf);
}

/**
 * liburing: `io_uring_skip_cqe`: consume a completion that is liburing's own.
 *
 * When `cqe` is a padding entry of a IORING_SETUP_CQE_MIXED ring (IORING_CQE_F_SKIP) or the
 * internal timeout entry that waits with a timeout use on kernels without IORING_FEAT_EXT_ARG,
 * consumes it, stores the timeout's error (`-ETIME`) in `*err` for the latter, and returns true:
 * the caller looks at the next entry. An internal helper of liburing's header.
 *
 * # Return value
 * true when `cqe` was consumed, false when it is the application's.
 *
 * # Errors
 * None.
 */
static inline bool io_uring_skip_cqe(struct io_uring *ring, struct io_uring_cqe *cqe, int *err)
{
	if (__io_uring_cqe_for_app(ring, cqe)) {
		return false;
	}
	if (((cqe->flags & IORING_CQE_F_SKIP) == 0) && (cqe->res < 0)) {
		*err = cqe->res;
	}
	io_uring_cq_advance(ring, io_uring_cqe_nr(cqe));
	return (*err) == 0;
}

/**
 * liburing: `io_uring_sq_ready(3)`: the number of SQEs not yet consumed by the kernel.
 *
 * Returns the number of SQEs of `ring` that have been prepared (or submitted to an SQPOLL
 * thread) and that the kernel has not yet consumed.
 *
 * # Return value
 * The number of entries.
 *
 * # Errors
 * None.
 */
static inline unsigned int io_uring_sq_ready(const struct io_uring *ring)
{
	return ring->sq.sqe_tail - io_uring_load_sq_head(ring);
}

/**
 * liburing: `io_uring_sq_space_left(3)`: the number of free submission queue entries.
 *
 * Returns how many more SQEs `io_uring_get_sqe(3)` can hand out before the submission queue of
 * `ring` is full.
 *
 * # Return value
 * The number of free entries.
 *
 * # Errors
 * None.
 */
static inline unsigned int io_uring_sq_space_left(const struct io_uring *ring)
{
	return ring->sq.ring_entries - io_uring_sq_ready(ring);
}

/**
 * liburing: `io_uring_sqe_set_buf_group(3)`: the buffer group a request takes buffers from.
 *
 * Stores the buffer group id `bgid` in `sqe`, for a request with IOSQE_BUFFER_SELECT (see
 * `io_uring_register_buf_ring(3)` and `io_uring_prep_provide_buffers(3)`).
 *
 * # Errors
 * None.
 */
static inline void io_uring_sqe_set_buf_group(struct io_uring_sqe *sqe, int bgid)
{
	sqe->buf_group = (uint16_t)(bgid);
}

/**
 * liburing: `io_uring_sqe_set_data(3)`: attach user data to a request.
 *
 * `io_uring_sqe_set_data()` stores the pointer `data` in the `user_data` field of `sqe`, and
 * `io_uring_sqe_set_data64()` the 64-bit value `data`. The kernel copies it to the request's
 * completion, where `io_uring_cqe_get_data()` and `io_uring_cqe_get_data64()` read it back from
 * `cqe`: it is how an application tells its completions apart.
 *
 * # Return value
 * `io_uring_cqe_get_data()`, `io_uring_cqe_get_data64()`: the user data of `cqe`.
 *
 * # Errors
 * None.
 */
static inline void io_uring_sqe_set_data(struct io_uring_sqe *sqe, void *data)
{
	sqe->user_data = uring_ptr_to_u64(data);
}

/**
 * liburing: `io_uring_sqe_set_data64(3)`: attach a 64-bit value to a request.
 * man: io_uring_sqe_set_data
 */
static inline void io_uring_sqe_set_data64(struct io_uring_sqe *sqe, __u64 data)
{
	sqe->user_data = data;
}

/**
 * liburing: `io_uring_sqe_set_flags(3)`: set the flags of a request.
 *
 * Sets the IOSQE_* `flags` of `sqe`, replacing what was there: IOSQE_FIXED_FILE (`fd` is a
 * fixed file index), IOSQE_IO_DRAIN (start only after every earlier request completed),
 * IOSQE_IO_LINK and IOSQE_IO_HARDLINK (the next request starts after this one completes; with
 * a soft link, only if it succeeded), IOSQE_ASYNC (issue from a worker thread at once),
 * IOSQE_BUFFER_SELECT (take a buffer from a provided buffer group), IOSQE_CQE_SKIP_SUCCESS
 * (post no CQE when it succeeds).
 *
 * # Errors
 * None.
 */
static inline void io_uring_sqe_set_flags(struct io_uring_sqe *sqe, unsigned int flags)
{
	sqe->flags = (uint8_t)(flags);
}

/**
 * liburing: `io_uring_sqring_wait(3)`: wait for room in the submission queue.
 *
 * On a ring set up with IORING_SETUP_SQPOLL whose submission queue is full, waits until the
 * kernel thread has consumed at least one SQE (IORING_ENTER_SQ_WAIT). On other rings, or when
 * there is room, it returns at once. `__io_uring_sqring_wait()` is the out-of-line part that
 * always enters the kernel; liburing 2.0 to 2.3 headers call it directly.
 *
 * # Return value
 * 0 (or, for `__io_uring_sqring_wait()`, what `io_uring_enter(2)` returned) on success, or a
 * negative errno value.
 *
 * # Errors
 * The errors of `io_uring_enter(2)`, such as `-EINTR` when a signal arrived and `-EBADF` when the
 * ring's file descriptor is no longer valid.
 */
static inline int io_uring_sqring_wait(struct io_uring *ring)
{
	if (((ring->flags & IORING_SETUP_SQPOLL) == 0) || (io_uring_sq_space_left(ring) != 0)) {
		return 0;
	}
	return __io_uring_sqring_wait(ring);
}

/**
 * liburing: `io_uring_wait_cqe(3)`: wait for the next completion.
 *
 * `io_uring_wait_cqe()` waits until a completion queue entry is ready on `ring` and stores a
 * pointer to it in `*cqe_ptr`. `io_uring_peek_cqe()` does the same without waiting.
 * `io_uring_wait_cqe_nr()` waits until at least `wait_nr` entries are ready and stores the
 * first; with `wait_nr` 0 it is a peek.
 *
 * The CQE stays in the ring, and `*cqe_ptr` valid, until the application marks it consumed
 * with `io_uring_cqe_seen(3)` or `io_uring_cq_advance(3)`; the next call returns the same entry
 * until then. Its `res` field is the result of the request (a negative errno value when it
 * failed), its `user_data` what `io_uring_sqe_set_data(3)` stored. Entries liburing uses
 * internally (the timeout of `io_uring_wait_cqe_timeout(3)` on old kernels, padding on
 * IORING_SETUP_CQE_MIXED rings) are consumed here and never returned.
 *
 * The fast paths (a completion already there, or an empty queue for a peek) run inline in the
 * caller, without a call into the library or a system call; the kernel is entered only to
 * wait, or to flush overflowed completions and pending task work first.
 *
 * # Return value
 * 0 with `*cqe_ptr` set, or a negative errno value.
 *
 * # Errors
 * - `-EAGAIN`: (`io_uring_peek_cqe()`, `io_uring_wait_cqe_nr()` with `wait_nr` 0) no completion
 *   is ready.
 * - `-EINTR`: a signal arrived while waiting.
 * - `-EBADF`, `-EBADFD`: the ring's file descriptor is not valid, or the ring is disabled.
 * - `-EBUSY`, `-EEXIST`, `-ENXIO`: see `io_uring_enter(2)`.
 *
 * The result of the request itself is the `res` field of the CQE, not the return value.
 */
static inline int io_uring_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
{
	__io_uring_drop_stale_cqes(ring);
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 1);
}

#endif
