/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * The inline fast paths of liburing.h: translated by build.rs (build/inline_c.rs) from the
 * Rust functions marked `c: inline`, which the library also exports under the same names.
 * Generated; do not edit by hand. Included at the end of liburing.h.
 */
#ifndef LIBURING_INLINE_H
#define LIBURING_INLINE_H

/**
 * liburing: `io_uring_buf_ring_advance(3)`: publish `count` added buffers (release store).
 */
static inline void io_uring_buf_ring_advance(struct io_uring_buf_ring *br, int count)
{
	uint16_t *tail = &br->tail;
	__atomic_store_n(tail, (uint16_t)(__atomic_load_n(tail, __ATOMIC_RELAXED) + (uint16_t)(count)), __ATOMIC_RELEASE);
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
 * liburing: `__io_uring_buf_ring_cq_advance`: publish `buf_count` buffers and mark
 * `cq_count` CQEs seen.
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
 */
static inline bool __io_uring_cqe_for_app(const struct io_uring *ring, const struct io_uring_cqe *cqe)
{
	return ((cqe->flags & IORING_CQE_F_SKIP) == 0) && (((ring->features & IORING_FEAT_EXT_ARG) != 0) || (cqe->user_data != LIBURING_UDATA_TIMEOUT));
}

/**
 * liburing: `__io_uring_prep_poll_mask`: poll events as the kernel reads `poll32_events`
 * (half-words swapped on big-endian machines).
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
 * liburing: `__io_uring_prep_uring_cmd`: opcode, fd and cmd_op; `__pad1`, addr and len
 * cleared (off is wholly covered by cmd_op + __pad1); the command payload is the caller's.
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
 * liburing: `__io_uring_set_target_fixed_file`: store `file_index + 1` (0 means no fixed file).
 */
static inline void __io_uring_set_target_fixed_file(struct io_uring_sqe *sqe, unsigned int file_index)
{
	sqe->file_index = file_index + 1;
}

/**
 * The `*_direct` convention: fixed file slot `file_index` (stored as `index + 1`), except that
 * `IORING_FILE_INDEX_ALLOC` ("pick a free slot") is stored unchanged. Not exported: C gets it
 * from inline.h, under a reserved name.
 */
static inline void __io_uring_set_target_direct(struct io_uring_sqe *sqe, unsigned int file_index)
{
	if (file_index == IORING_FILE_INDEX_ALLOC) {
		file_index -= 1;
	}
	__io_uring_set_target_fixed_file(sqe, file_index);
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
 * liburing: `io_uring_buf_ring_add(3)`: describe a buffer in slot `(tail + buf_offset) & mask`,
 * not yet visible to the kernel. The tail shares the first entry with the header: only `addr`,
 * `len` and `bid` are written, never `resv`.
 */
static inline void io_uring_buf_ring_add(struct io_uring_buf_ring *br, void *addr, unsigned int len, unsigned short bid, int mask, int buf_offset)
{
	int idx = (((int)(__atomic_load_n(&br->tail, __ATOMIC_RELAXED))) + buf_offset) & mask;
	struct io_uring_buf *buf = ((struct io_uring_buf *)(br)) + (size_t)((unsigned int)(idx));
	buf->addr = (uint64_t)((size_t)(addr));
	buf->len = len;
	buf->bid = bid;
}

/**
 * liburing: `io_uring_buf_ring_available(3)`: published minus consumed, or `-errno`.
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
 * liburing: `io_uring_buf_ring_cq_advance(3)`.
 */
static inline void io_uring_buf_ring_cq_advance(struct io_uring *ring, struct io_uring_buf_ring *br, int count)
{
	__io_uring_buf_ring_cq_advance(ring, br, count, count);
}

/**
 * liburing: `io_uring_buf_ring_init(3)`: an empty ring (tail 0).
 */
static inline void io_uring_buf_ring_init(struct io_uring_buf_ring *br)
{
	__atomic_store_n(&br->tail, 0, __ATOMIC_RELAXED);
}

/**
 * liburing: `io_uring_buf_ring_mask(3)`.
 */
static inline int io_uring_buf_ring_mask(__u32 ring_entries)
{
	return (int)(ring_entries - 1);
}

/**
 * liburing: `io_uring_cq_eventfd_enabled(3)`: true on kernels without the CQ flags word.
 */
static inline bool io_uring_cq_eventfd_enabled(const struct io_uring *ring)
{
	if (ring->cq.kflags == NULL) {
		return true;
	}
	return (__atomic_load_n(ring->cq.kflags, __ATOMIC_RELAXED) & IORING_CQ_EVENTFD_DISABLED) == 0;
}

/**
 * liburing: `io_uring_cq_has_overflow(3)`: CQEs wait in the kernel's overflow list.
 */
static inline bool io_uring_cq_has_overflow(const struct io_uring *ring)
{
	return (__atomic_load_n(ring->sq.kflags, __ATOMIC_RELAXED) & IORING_SQ_CQ_OVERFLOW) != 0;
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
 * liburing 2.15: `io_uring_cqe_iter_init` (used by `io_uring_for_each_cqe`): the CQEs
 * published so far (the acquire load of the tail orders the CQE reads after it).
 */
static inline struct io_uring_cqe_iter io_uring_cqe_iter_init(const struct io_uring *ring)
{
	struct io_uring_cqe_iter iter = { ring->cq.cqes, ring->cq.ring_mask, io_uring_cqe_shift(ring), __atomic_load_n(ring->cq.khead, __ATOMIC_RELAXED), __atomic_load_n(ring->cq.ktail, __ATOMIC_ACQUIRE) };
	return iter;
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
 * liburing 2.15: `io_uring_cqe_iter_next`: stores the next CQE and returns true, or false
 * at the end.
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
 * liburing: `io_uring_cqe_seen(3)`: a NULL `cqe` is ignored.
 */
static inline void io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe)
{
	if (cqe != NULL) {
		io_uring_cq_advance(ring, io_uring_cqe_nr(cqe));
	}
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
 * liburing: `io_uring_get_sqe128(3)`: a 128-byte SQE. On SQE128 rings any SQE; on
 * IORING_SETUP_SQE_MIXED rings two adjacent slots (when only the last slot before the wrap is
 * free, it becomes a CQE_SKIP_SUCCESS nop and the SQE starts at slot 0); NULL on other rings
 * or when the SQ is full. The caller must use a 128-byte opcode.
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
 * liburing: `io_uring_wait_cqe_nr(3)`. The fast paths need no call: at least `wait_nr` CQEs
 * ready and the first one not liburing-internal; or, for a peek (`wait_nr` 0), an empty CQ
 * with nothing the kernel must flush first (no overflow, no pending task work, not an
 * IOPOLL ring without SQPOLL), which is `-EAGAIN`. Anything else is `__io_uring_get_cqe`'s.
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
 * liburing: `io_uring_peek_cqe(3)`: a CQE if one is ready (entering only to flush overflow
 * or task work), else `-EAGAIN`.
 */
static inline int io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
{
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 0);
}

/**
 * liburing: `uring_ptr_to_u64`: a pointer as the `__u64` SQE fields hold.
 */
static inline __u64 uring_ptr_to_u64(const void *ptr)
{
	return (__u64)((size_t)(ptr));
}

/**
 * liburing: `io_uring_prep_accept(3)`: the addrlen pointer in off, flags in the op flags word.
 */
static inline void io_uring_prep_accept(struct io_uring_sqe *sqe, int fd, struct sockaddr *addr, socklen_t *addrlen, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_ACCEPT), sqe, fd, (const void *)(addr), 0, uring_ptr_to_u64((const void *)(addrlen)));
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_accept_direct(3)`: into fixed slot `file_index` (or
 * IORING_FILE_INDEX_ALLOC).
 */
static inline void io_uring_prep_accept_direct(struct io_uring_sqe *sqe, int fd, struct sockaddr *addr, socklen_t *addrlen, int flags, unsigned int file_index)
{
	io_uring_prep_accept(sqe, fd, addr, addrlen, flags);
	__io_uring_set_target_direct(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_bind(3)`: addrlen in off.
 */
static inline void io_uring_prep_bind(struct io_uring_sqe *sqe, int fd, const struct sockaddr *addr, socklen_t addrlen)
{
	io_uring_prep_rw((int)(IORING_OP_BIND), sqe, fd, (const void *)(addr), 0, (uint64_t)(addrlen));
}

/**
 * liburing: `io_uring_prep_cancel64(3)`.
 */
static inline void io_uring_prep_cancel64(struct io_uring_sqe *sqe, __u64 user_data, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_ASYNC_CANCEL), sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_cancel(3)`.
 */
static inline void io_uring_prep_cancel(struct io_uring_sqe *sqe, const void *user_data, int flags)
{
	io_uring_prep_cancel64(sqe, uring_ptr_to_u64(user_data), flags);
}

/**
 * liburing: `io_uring_prep_cancel_fd(3)`: IORING_ASYNC_CANCEL_FD added to `flags`.
 */
static inline void io_uring_prep_cancel_fd(struct io_uring_sqe *sqe, int fd, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_ASYNC_CANCEL), sqe, fd, NULL, 0, 0);
	sqe->fsync_flags = flags | IORING_ASYNC_CANCEL_FD;
}

/**
 * liburing: `io_uring_prep_close(3)`.
 */
static inline void io_uring_prep_close(struct io_uring_sqe *sqe, int fd)
{
	io_uring_prep_rw((int)(IORING_OP_CLOSE), sqe, fd, NULL, 0, 0);
}

/**
 * liburing: `io_uring_prep_close_direct(3)`: closes fixed file slot `file_index` (fd 0).
 */
static inline void io_uring_prep_close_direct(struct io_uring_sqe *sqe, unsigned int file_index)
{
	io_uring_prep_close(sqe, 0);
	__io_uring_set_target_fixed_file(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_cmd_discard(3)`: BLOCK_URING_CMD_DISCARD of `nbytes` at `offset`.
 */
static inline void io_uring_prep_cmd_discard(struct io_uring_sqe *sqe, int fd, uint64_t offset, uint64_t nbytes)
{
	__io_uring_prep_uring_cmd(sqe, (int)(IORING_OP_URING_CMD), BLOCK_URING_CMD_DISCARD, fd);
	sqe->addr = offset;
	sqe->addr3 = nbytes;
}

/**
 * liburing: `io_uring_prep_uring_cmd(3)`: the command payload (`sqe->cmd`) is the caller's.
 */
static inline void io_uring_prep_uring_cmd(struct io_uring_sqe *sqe, int cmd_op, int fd)
{
	__io_uring_prep_uring_cmd(sqe, (int)(IORING_OP_URING_CMD), (uint32_t)(cmd_op), fd);
}

/**
 * liburing: `io_uring_prep_cmd_getsockname(3)`: SOCKET_URING_OP_GETSOCKNAME; the address
 * buffer in addr, its length pointer in addr3, `peer` (1 = getpeername) in optlen.
 */
static inline void io_uring_prep_cmd_getsockname(struct io_uring_sqe *sqe, int fd, struct sockaddr *sockaddr, socklen_t *sockaddr_len, int peer)
{
	io_uring_prep_uring_cmd(sqe, (int)(SOCKET_URING_OP_GETSOCKNAME), fd);
	sqe->addr = uring_ptr_to_u64((const void *)(sockaddr));
	sqe->addr3 = uring_ptr_to_u64((const void *)(sockaddr_len));
	sqe->optlen = (uint32_t)(peer);
}

/**
 * liburing: `io_uring_prep_cmd_sock(3)`: a SOCKET_URING_OP_* uring_cmd; level/optname in the
 * addr word, optval in addr3, optlen in the file_index word.
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
 * liburing: `io_uring_prep_connect(3)`: addrlen in off.
 */
static inline void io_uring_prep_connect(struct io_uring_sqe *sqe, int fd, const struct sockaddr *addr, socklen_t addrlen)
{
	io_uring_prep_rw((int)(IORING_OP_CONNECT), sqe, fd, (const void *)(addr), 0, (uint64_t)(addrlen));
}

/**
 * liburing: `io_uring_prep_epoll_ctl(3)`: op in len, fd in off.
 */
static inline void io_uring_prep_epoll_ctl(struct io_uring_sqe *sqe, int epfd, int fd, int op, const struct epoll_event *ev)
{
	io_uring_prep_rw((int)(IORING_OP_EPOLL_CTL), sqe, epfd, (const void *)(ev), (uint32_t)(op), (uint64_t)((uint32_t)(fd)));
}

/**
 * liburing: `io_uring_prep_epoll_wait(3)`.
 */
static inline void io_uring_prep_epoll_wait(struct io_uring_sqe *sqe, int fd, struct epoll_event *events, int maxevents, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_EPOLL_WAIT), sqe, fd, (const void *)(events), (uint32_t)(maxevents), 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_fadvise(3)`.
 */
static inline void io_uring_prep_fadvise(struct io_uring_sqe *sqe, int fd, __u64 offset, __u32 len, int advice)
{
	io_uring_prep_rw((int)(IORING_OP_FADVISE), sqe, fd, NULL, len, offset);
	sqe->fsync_flags = (uint32_t)(advice);
}

/**
 * liburing: `io_uring_prep_fadvise64(3)`: 64-bit length in addr, len 0.
 */
static inline void io_uring_prep_fadvise64(struct io_uring_sqe *sqe, int fd, __u64 offset, off_t len, int advice)
{
	io_uring_prep_rw((int)(IORING_OP_FADVISE), sqe, fd, NULL, 0, offset);
	sqe->addr = (uint64_t)(len);
	sqe->fsync_flags = (uint32_t)(advice);
}

/**
 * liburing: `io_uring_prep_fallocate(3)`: mode in len, length in addr.
 */
static inline void io_uring_prep_fallocate(struct io_uring_sqe *sqe, int fd, int mode, __u64 offset, __u64 len)
{
	io_uring_prep_rw((int)(IORING_OP_FALLOCATE), sqe, fd, NULL, (uint32_t)(mode), offset);
	sqe->addr = len;
}

/**
 * liburing: `io_uring_prep_fgetxattr(3)`.
 */
static inline void io_uring_prep_fgetxattr(struct io_uring_sqe *sqe, int fd, const char *name, char *value, unsigned int len)
{
	io_uring_prep_rw((int)(IORING_OP_FGETXATTR), sqe, fd, (const void *)(name), len, uring_ptr_to_u64((const void *)(value)));
	sqe->fsync_flags = 0;
}

/**
 * liburing: `io_uring_prep_files_update(3)`: `nr_fds` fds into the fixed table at `offset`.
 */
static inline void io_uring_prep_files_update(struct io_uring_sqe *sqe, int *fds, unsigned int nr_fds, int offset)
{
	io_uring_prep_rw((int)(IORING_OP_FILES_UPDATE), sqe, -1, (const void *)(fds), nr_fds, (uint64_t)(offset));
}

/**
 * liburing: `io_uring_prep_fixed_fd_install(3)`: `fd` is a fixed file index; sets sqe->flags
 * to IOSQE_FIXED_FILE (replacing any flags set before).
 */
static inline void io_uring_prep_fixed_fd_install(struct io_uring_sqe *sqe, int fd, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_FIXED_FD_INSTALL), sqe, fd, NULL, 0, 0);
	sqe->flags = (uint8_t)(IOSQE_FIXED_FILE);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_fsetxattr(3)`.
 */
static inline void io_uring_prep_fsetxattr(struct io_uring_sqe *sqe, int fd, const char *name, const char *value, int flags, unsigned int len)
{
	io_uring_prep_rw((int)(IORING_OP_FSETXATTR), sqe, fd, (const void *)(name), len, uring_ptr_to_u64((const void *)(value)));
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_fsync(3)`: `fsync_flags` 0 or IORING_FSYNC_DATASYNC.
 */
static inline void io_uring_prep_fsync(struct io_uring_sqe *sqe, int fd, unsigned int fsync_flags)
{
	io_uring_prep_rw((int)(IORING_OP_FSYNC), sqe, fd, NULL, 0, 0);
	sqe->fsync_flags = fsync_flags;
}

/**
 * liburing: `io_uring_prep_ftruncate(3)`.
 */
static inline void io_uring_prep_ftruncate(struct io_uring_sqe *sqe, int fd, loff_t len)
{
	io_uring_prep_rw((int)(IORING_OP_FTRUNCATE), sqe, fd, NULL, 0, (uint64_t)(len));
}

/**
 * liburing: `io_uring_prep_futex_wait(3)`: futex2 flags in fd, value in off, mask in addr3.
 */
static inline void io_uring_prep_futex_wait(struct io_uring_sqe *sqe, const uint32_t *futex, uint64_t val, uint64_t mask, uint32_t futex_flags, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_FUTEX_WAIT), sqe, (int)(futex_flags), (const void *)(futex), 0, val);
	sqe->fsync_flags = flags;
	sqe->addr3 = mask;
}

/**
 * liburing: `io_uring_prep_futex_waitv(3)`.
 */
static inline void io_uring_prep_futex_waitv(struct io_uring_sqe *sqe, const struct futex_waitv *futex, uint32_t nr_futex, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_FUTEX_WAITV), sqe, 0, (const void *)(futex), nr_futex, 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_futex_wake(3)`: wakes up to `val` waiters matching `mask`.
 */
static inline void io_uring_prep_futex_wake(struct io_uring_sqe *sqe, const uint32_t *futex, uint64_t val, uint64_t mask, uint32_t futex_flags, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_FUTEX_WAKE), sqe, (int)(futex_flags), (const void *)(futex), 0, val);
	sqe->fsync_flags = flags;
	sqe->addr3 = mask;
}

/**
 * liburing: `io_uring_prep_getxattr(3)`: fd 0, name in addr, value in off, path in addr3.
 */
static inline void io_uring_prep_getxattr(struct io_uring_sqe *sqe, const char *name, char *value, const char *path, unsigned int len)
{
	io_uring_prep_rw((int)(IORING_OP_GETXATTR), sqe, 0, (const void *)(name), len, uring_ptr_to_u64((const void *)(value)));
	sqe->addr3 = uring_ptr_to_u64((const void *)(path));
	sqe->fsync_flags = 0;
}

/**
 * liburing: `io_uring_prep_linkat(3)`: new dfd in len, new path in off.
 */
static inline void io_uring_prep_linkat(struct io_uring_sqe *sqe, int olddfd, const char *oldpath, int newdfd, const char *newpath, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_LINKAT), sqe, olddfd, (const void *)(oldpath), (uint32_t)(newdfd), uring_ptr_to_u64((const void *)(newpath)));
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_link(3)`.
 */
static inline void io_uring_prep_link(struct io_uring_sqe *sqe, const char *oldpath, const char *newpath, int flags)
{
	io_uring_prep_linkat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, flags);
}

/**
 * liburing: `io_uring_prep_link_timeout(3)`.
 */
static inline void io_uring_prep_link_timeout(struct io_uring_sqe *sqe, const struct __kernel_timespec *ts, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_LINK_TIMEOUT), sqe, -1, (const void *)(ts), 1, 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_listen(3)`: backlog in len.
 */
static inline void io_uring_prep_listen(struct io_uring_sqe *sqe, int fd, int backlog)
{
	io_uring_prep_rw((int)(IORING_OP_LISTEN), sqe, fd, NULL, (uint32_t)(backlog), 0);
}

/**
 * liburing: `io_uring_prep_madvise(3)`.
 */
static inline void io_uring_prep_madvise(struct io_uring_sqe *sqe, void *addr, __u32 length, int advice)
{
	io_uring_prep_rw((int)(IORING_OP_MADVISE), sqe, -1, addr, length, 0);
	sqe->fsync_flags = (uint32_t)(advice);
}

/**
 * liburing: `io_uring_prep_madvise64(3)`: 64-bit length in off, len 0.
 */
static inline void io_uring_prep_madvise64(struct io_uring_sqe *sqe, void *addr, off_t length, int advice)
{
	io_uring_prep_rw((int)(IORING_OP_MADVISE), sqe, -1, addr, 0, (uint64_t)(length));
	sqe->fsync_flags = (uint32_t)(advice);
}

/**
 * liburing: `io_uring_prep_mkdirat(3)`: mode in len.
 */
static inline void io_uring_prep_mkdirat(struct io_uring_sqe *sqe, int dfd, const char *path, mode_t mode)
{
	io_uring_prep_rw((int)(IORING_OP_MKDIRAT), sqe, dfd, (const void *)(path), mode, 0);
}

/**
 * liburing: `io_uring_prep_mkdir(3)`.
 */
static inline void io_uring_prep_mkdir(struct io_uring_sqe *sqe, const char *path, mode_t mode)
{
	io_uring_prep_mkdirat(sqe, AT_FDCWD, path, mode);
}

/**
 * liburing: `io_uring_prep_msg_ring(3)`: a CQE with res `len` and user_data `data` on the
 * ring `fd`.
 */
static inline void io_uring_prep_msg_ring(struct io_uring_sqe *sqe, int fd, unsigned int len, __u64 data, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_MSG_RING), sqe, fd, NULL, len, data);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_msg_ring_cqe_flags(3)`: also passes `cqe_flags`
 * (IORING_MSG_RING_FLAGS_PASS; the flags travel in file_index).
 */
static inline void io_uring_prep_msg_ring_cqe_flags(struct io_uring_sqe *sqe, int fd, unsigned int len, __u64 data, unsigned int flags, unsigned int cqe_flags)
{
	io_uring_prep_rw((int)(IORING_OP_MSG_RING), sqe, fd, NULL, len, data);
	sqe->fsync_flags = IORING_MSG_RING_FLAGS_PASS | flags;
	sqe->file_index = cqe_flags;
}

/**
 * liburing: `io_uring_prep_msg_ring_fd(3)`: sends fixed file `source_fd` into slot
 * `target_fd` (or IORING_FILE_INDEX_ALLOC) of ring `fd`.
 */
static inline void io_uring_prep_msg_ring_fd(struct io_uring_sqe *sqe, int fd, int source_fd, int target_fd, __u64 data, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_MSG_RING), sqe, fd, (const void *)((size_t)(IORING_MSG_SEND_FD)), 0, data);
	sqe->addr3 = (uint64_t)(source_fd);
	__io_uring_set_target_direct(sqe, (unsigned int)(target_fd));
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_msg_ring_fd_alloc(3)`.
 */
static inline void io_uring_prep_msg_ring_fd_alloc(struct io_uring_sqe *sqe, int fd, int source_fd, __u64 data, unsigned int flags)
{
	io_uring_prep_msg_ring_fd(sqe, fd, source_fd, (int)(IORING_FILE_INDEX_ALLOC), data, flags);
}

/**
 * liburing: `io_uring_prep_multishot_accept(3)`: IORING_ACCEPT_MULTISHOT in ioprio.
 */
static inline void io_uring_prep_multishot_accept(struct io_uring_sqe *sqe, int fd, struct sockaddr *addr, socklen_t *addrlen, int flags)
{
	io_uring_prep_accept(sqe, fd, addr, addrlen, flags);
	sqe->ioprio |= ((uint16_t)(IORING_ACCEPT_MULTISHOT));
}

/**
 * liburing: `io_uring_prep_multishot_accept_direct(3)`: each connection into a free fixed slot.
 */
static inline void io_uring_prep_multishot_accept_direct(struct io_uring_sqe *sqe, int fd, struct sockaddr *addr, socklen_t *addrlen, int flags)
{
	io_uring_prep_multishot_accept(sqe, fd, addr, addrlen, flags);
	__io_uring_set_target_fixed_file(sqe, IORING_FILE_INDEX_ALLOC - 1);
}

/**
 * liburing: `io_uring_prep_nop128(3)`: a nop in a 128-byte SQE (SQE_MIXED rings, from
 * `io_uring_get_sqe128`).
 */
static inline void io_uring_prep_nop128(struct io_uring_sqe *sqe)
{
	io_uring_prep_rw((int)(IORING_OP_NOP128), sqe, -1, NULL, 0, 0);
}

/**
 * liburing: `io_uring_prep_openat(3)`: mode in len, open flags in the op flags word.
 */
static inline void io_uring_prep_openat(struct io_uring_sqe *sqe, int dfd, const char *path, int flags, mode_t mode)
{
	io_uring_prep_rw((int)(IORING_OP_OPENAT), sqe, dfd, (const void *)(path), mode, 0);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_open(3)`: openat relative to AT_FDCWD.
 */
static inline void io_uring_prep_open(struct io_uring_sqe *sqe, const char *path, int flags, mode_t mode)
{
	io_uring_prep_openat(sqe, AT_FDCWD, path, flags, mode);
}

/**
 * liburing: `io_uring_prep_openat_direct(3)`: into fixed file slot `file_index`
 * (or IORING_FILE_INDEX_ALLOC).
 */
static inline void io_uring_prep_openat_direct(struct io_uring_sqe *sqe, int dfd, const char *path, int flags, mode_t mode, unsigned int file_index)
{
	io_uring_prep_openat(sqe, dfd, path, flags, mode);
	__io_uring_set_target_direct(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_open_direct(3)`.
 */
static inline void io_uring_prep_open_direct(struct io_uring_sqe *sqe, const char *path, int flags, mode_t mode, unsigned int file_index)
{
	io_uring_prep_openat_direct(sqe, AT_FDCWD, path, flags, mode, file_index);
}

/**
 * liburing: `io_uring_prep_openat2(3)`: len is `sizeof(struct open_how)`, off points at it.
 */
static inline void io_uring_prep_openat2(struct io_uring_sqe *sqe, int dfd, const char *path, const struct open_how *how)
{
	unsigned int len = (unsigned int)(sizeof(struct open_how));
	io_uring_prep_rw((int)(IORING_OP_OPENAT2), sqe, dfd, (const void *)(path), len, uring_ptr_to_u64((const void *)(how)));
}

/**
 * liburing: `io_uring_prep_openat2_direct(3)`.
 */
static inline void io_uring_prep_openat2_direct(struct io_uring_sqe *sqe, int dfd, const char *path, const struct open_how *how, unsigned int file_index)
{
	io_uring_prep_openat2(sqe, dfd, path, how);
	__io_uring_set_target_direct(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_pipe(3)`: the two new fds are written to `fds`.
 */
static inline void io_uring_prep_pipe(struct io_uring_sqe *sqe, int *fds, int pipe_flags)
{
	io_uring_prep_rw((int)(IORING_OP_PIPE), sqe, 0, (const void *)(fds), 0, 0);
	sqe->fsync_flags = (uint32_t)(pipe_flags);
}

/**
 * liburing: `io_uring_prep_pipe_direct(3)`: both ends into the fixed file table, from slot
 * `file_index` (or IORING_FILE_INDEX_ALLOC).
 */
static inline void io_uring_prep_pipe_direct(struct io_uring_sqe *sqe, int *fds, int pipe_flags, unsigned int file_index)
{
	io_uring_prep_pipe(sqe, fds, pipe_flags);
	__io_uring_set_target_direct(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_poll_add(3)`.
 */
static inline void io_uring_prep_poll_add(struct io_uring_sqe *sqe, int fd, unsigned int poll_mask)
{
	io_uring_prep_rw((int)(IORING_OP_POLL_ADD), sqe, fd, NULL, 0, 0);
	sqe->fsync_flags = __io_uring_prep_poll_mask(poll_mask);
}

/**
 * liburing: `io_uring_prep_poll_multishot(3)`: IORING_POLL_ADD_MULTI in len.
 */
static inline void io_uring_prep_poll_multishot(struct io_uring_sqe *sqe, int fd, unsigned int poll_mask)
{
	io_uring_prep_poll_add(sqe, fd, poll_mask);
	sqe->len = IORING_POLL_ADD_MULTI;
}

/**
 * liburing: `io_uring_prep_poll_remove(3)`: removes the poll whose user_data is `user_data`.
 */
static inline void io_uring_prep_poll_remove(struct io_uring_sqe *sqe, __u64 user_data)
{
	io_uring_prep_rw((int)(IORING_OP_POLL_REMOVE), sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
}

/**
 * liburing: `io_uring_prep_poll_update(3)`: IORING_POLL_UPDATE_* flags in len, the new
 * user_data in off.
 */
static inline void io_uring_prep_poll_update(struct io_uring_sqe *sqe, __u64 old_user_data, __u64 new_user_data, unsigned int poll_mask, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_POLL_REMOVE), sqe, -1, NULL, flags, new_user_data);
	sqe->addr = old_user_data;
	sqe->fsync_flags = __io_uring_prep_poll_mask(poll_mask);
}

/**
 * liburing: `io_uring_prep_provide_buffers(3)`: `nr` buffers of `len` bytes from `addr`,
 * ids from `bid`, into group `bgid`.
 */
static inline void io_uring_prep_provide_buffers(struct io_uring_sqe *sqe, void *addr, int len, int nr, int bgid, int bid)
{
	io_uring_prep_rw((int)(IORING_OP_PROVIDE_BUFFERS), sqe, nr, addr, (uint32_t)(len), (uint64_t)(bid));
	sqe->buf_group = (uint16_t)(bgid);
}

/**
 * liburing: `io_uring_prep_read(3)`.
 */
static inline void io_uring_prep_read(struct io_uring_sqe *sqe, int fd, void *buf, unsigned int nbytes, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_READ), sqe, fd, buf, nbytes, offset);
}

/**
 * liburing: `io_uring_prep_read_fixed(3)`: into registered buffer `buf_index`.
 */
static inline void io_uring_prep_read_fixed(struct io_uring_sqe *sqe, int fd, void *buf, unsigned int nbytes, __u64 offset, int buf_index)
{
	io_uring_prep_rw((int)(IORING_OP_READ_FIXED), sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_prep_read_multishot(3)`: reads into buffers of group `buf_group`;
 * sets sqe->flags to IOSQE_BUFFER_SELECT (replacing any flags set before).
 */
static inline void io_uring_prep_read_multishot(struct io_uring_sqe *sqe, int fd, unsigned int nbytes, __u64 offset, int buf_group)
{
	io_uring_prep_rw((int)(IORING_OP_READ_MULTISHOT), sqe, fd, NULL, nbytes, offset);
	sqe->buf_group = (uint16_t)(buf_group);
	sqe->flags = (uint8_t)(IOSQE_BUFFER_SELECT);
}

/**
 * liburing: `io_uring_prep_readv(3)`.
 */
static inline void io_uring_prep_readv(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_READV), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
}

/**
 * liburing: `io_uring_prep_readv2(3)`: `flags` are RWF_* (the rw_flags word).
 */
static inline void io_uring_prep_readv2(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_READV), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_readv_fixed(3)`: vectored read into registered buffer `buf_index`.
 */
static inline void io_uring_prep_readv_fixed(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset, int flags, int buf_index)
{
	io_uring_prep_rw((int)(IORING_OP_READV_FIXED), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
	sqe->fsync_flags = (uint32_t)(flags);
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_prep_recv(3)`.
 */
static inline void io_uring_prep_recv(struct io_uring_sqe *sqe, int sockfd, void *buf, size_t len, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_RECV), sqe, sockfd, buf, (uint32_t)(len), 0);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_recv_multishot(3)`: IORING_RECV_MULTISHOT in ioprio (use with
 * IOSQE_BUFFER_SELECT).
 */
static inline void io_uring_prep_recv_multishot(struct io_uring_sqe *sqe, int sockfd, void *buf, size_t len, int flags)
{
	io_uring_prep_recv(sqe, sockfd, buf, len, flags);
	sqe->ioprio |= ((uint16_t)(IORING_RECV_MULTISHOT));
}

/**
 * liburing: `io_uring_prep_recvmsg(3)`: len 1, flags are MSG_*.
 */
static inline void io_uring_prep_recvmsg(struct io_uring_sqe *sqe, int fd, struct msghdr *msg, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_RECVMSG), sqe, fd, (const void *)(msg), 1, 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_recvmsg_multishot(3)`: each CQE's buffer holds a
 * `struct io_uring_recvmsg_out` (see the io_uring_recvmsg_* helpers).
 */
static inline void io_uring_prep_recvmsg_multishot(struct io_uring_sqe *sqe, int fd, struct msghdr *msg, unsigned int flags)
{
	io_uring_prep_recvmsg(sqe, fd, msg, flags);
	sqe->ioprio |= ((uint16_t)(IORING_RECV_MULTISHOT));
}

/**
 * liburing: `io_uring_prep_remove_buffers(3)`.
 */
static inline void io_uring_prep_remove_buffers(struct io_uring_sqe *sqe, int nr, int bgid)
{
	io_uring_prep_rw((int)(IORING_OP_REMOVE_BUFFERS), sqe, nr, NULL, 0, 0);
	sqe->buf_group = (uint16_t)(bgid);
}

/**
 * liburing: `io_uring_prep_renameat(3)`: new dfd in len, new path in off.
 */
static inline void io_uring_prep_renameat(struct io_uring_sqe *sqe, int olddfd, const char *oldpath, int newdfd, const char *newpath, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_RENAMEAT), sqe, olddfd, (const void *)(oldpath), (uint32_t)(newdfd), uring_ptr_to_u64((const void *)(newpath)));
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_rename(3)`.
 */
static inline void io_uring_prep_rename(struct io_uring_sqe *sqe, const char *oldpath, const char *newpath)
{
	io_uring_prep_renameat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

/**
 * liburing: `io_uring_prep_send(3)`: len truncated to 32 bits, flags are MSG_*.
 */
static inline void io_uring_prep_send(struct io_uring_sqe *sqe, int sockfd, const void *buf, size_t len, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_SEND), sqe, sockfd, buf, (uint32_t)(len), 0);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_send_bundle(3)`: sends from the provided buffers (set the group
 * with IOSQE_BUFFER_SELECT + buf_group); IORING_RECVSEND_BUNDLE in ioprio.
 */
static inline void io_uring_prep_send_bundle(struct io_uring_sqe *sqe, int sockfd, size_t len, int flags)
{
	io_uring_prep_send(sqe, sockfd, NULL, len, flags);
	sqe->ioprio |= ((uint16_t)(IORING_RECVSEND_BUNDLE));
}

/**
 * liburing: `io_uring_prep_send_set_addr(3)`: destination in addr2, its length in addr_len.
 */
static inline void io_uring_prep_send_set_addr(struct io_uring_sqe *sqe, const struct sockaddr *dest_addr, __u16 addr_len)
{
	sqe->addr2 = uring_ptr_to_u64((const void *)(dest_addr));
	sqe->addr_len = addr_len;
}

/**
 * liburing: `io_uring_prep_send_zc(3)`: `zc_flags` (IORING_RECVSEND_* / IORING_SEND_ZC_*)
 * replace ioprio.
 */
static inline void io_uring_prep_send_zc(struct io_uring_sqe *sqe, int sockfd, const void *buf, size_t len, int flags, unsigned int zc_flags)
{
	io_uring_prep_rw((int)(IORING_OP_SEND_ZC), sqe, sockfd, buf, (uint32_t)(len), 0);
	sqe->fsync_flags = (uint32_t)(flags);
	sqe->ioprio = (uint16_t)(zc_flags);
}

/**
 * liburing: `io_uring_prep_send_zc_fixed(3)`: from registered buffer `buf_index`.
 */
static inline void io_uring_prep_send_zc_fixed(struct io_uring_sqe *sqe, int sockfd, const void *buf, size_t len, int flags, unsigned int zc_flags, unsigned int buf_index)
{
	io_uring_prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags);
	sqe->ioprio |= ((uint16_t)(IORING_RECVSEND_FIXED_BUF));
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_prep_sendmsg(3)`.
 */
static inline void io_uring_prep_sendmsg(struct io_uring_sqe *sqe, int fd, const struct msghdr *msg, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_SENDMSG), sqe, fd, (const void *)(msg), 1, 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_sendmsg_zc(3)`.
 */
static inline void io_uring_prep_sendmsg_zc(struct io_uring_sqe *sqe, int fd, const struct msghdr *msg, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_SENDMSG_ZC), sqe, fd, (const void *)(msg), 1, 0);
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_sendmsg_zc_fixed(3)`: from registered buffer `buf_index`.
 */
static inline void io_uring_prep_sendmsg_zc_fixed(struct io_uring_sqe *sqe, int fd, const struct msghdr *msg, unsigned int flags, unsigned int buf_index)
{
	io_uring_prep_sendmsg_zc(sqe, fd, msg, flags);
	sqe->ioprio |= ((uint16_t)(IORING_RECVSEND_FIXED_BUF));
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_prep_sendto(3)`: send + send_set_addr (addrlen truncated to 16 bits).
 */
static inline void io_uring_prep_sendto(struct io_uring_sqe *sqe, int sockfd, const void *buf, size_t len, int flags, const struct sockaddr *addr, socklen_t addrlen)
{
	io_uring_prep_send(sqe, sockfd, buf, len, flags);
	io_uring_prep_send_set_addr(sqe, addr, (uint16_t)(addrlen));
}

/**
 * liburing: `io_uring_prep_setxattr(3)`: fd 0, name in addr, value in off, path in addr3.
 */
static inline void io_uring_prep_setxattr(struct io_uring_sqe *sqe, const char *name, const char *value, const char *path, int flags, unsigned int len)
{
	io_uring_prep_rw((int)(IORING_OP_SETXATTR), sqe, 0, (const void *)(name), len, uring_ptr_to_u64((const void *)(value)));
	sqe->addr3 = uring_ptr_to_u64((const void *)(path));
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_shutdown(3)`: `how` in len.
 */
static inline void io_uring_prep_shutdown(struct io_uring_sqe *sqe, int fd, int how)
{
	io_uring_prep_rw((int)(IORING_OP_SHUTDOWN), sqe, fd, NULL, (uint32_t)(how), 0);
}

/**
 * liburing: `io_uring_prep_socket(3)`: domain in fd, protocol in len, type in off.
 */
static inline void io_uring_prep_socket(struct io_uring_sqe *sqe, int domain, int type, int protocol, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_SOCKET), sqe, domain, NULL, (uint32_t)(protocol), (uint64_t)(type));
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_socket_direct(3)`: into fixed slot `file_index` (or
 * IORING_FILE_INDEX_ALLOC).
 */
static inline void io_uring_prep_socket_direct(struct io_uring_sqe *sqe, int domain, int type, int protocol, unsigned int file_index, unsigned int flags)
{
	io_uring_prep_socket(sqe, domain, type, protocol, flags);
	__io_uring_set_target_direct(sqe, file_index);
}

/**
 * liburing: `io_uring_prep_socket_direct_alloc(3)`: into a free fixed slot (the CQE says which).
 */
static inline void io_uring_prep_socket_direct_alloc(struct io_uring_sqe *sqe, int domain, int type, int protocol, unsigned int flags)
{
	io_uring_prep_socket(sqe, domain, type, protocol, flags);
	__io_uring_set_target_fixed_file(sqe, IORING_FILE_INDEX_ALLOC - 1);
}

/**
 * liburing: `io_uring_prep_splice(3)`: fd_out in fd, off_out in off, fd_in/off_in in
 * splice_fd_in/splice_off_in.
 */
static inline void io_uring_prep_splice(struct io_uring_sqe *sqe, int fd_in, int64_t off_in, int fd_out, int64_t off_out, unsigned int nbytes, unsigned int splice_flags)
{
	io_uring_prep_rw((int)(IORING_OP_SPLICE), sqe, fd_out, NULL, nbytes, (uint64_t)(off_out));
	sqe->splice_off_in = (uint64_t)(off_in);
	sqe->splice_fd_in = fd_in;
	sqe->fsync_flags = splice_flags;
}

/**
 * liburing: `io_uring_prep_statx(3)`: mask in len, the statx buffer in off.
 */
static inline void io_uring_prep_statx(struct io_uring_sqe *sqe, int dfd, const char *path, int flags, unsigned int mask, struct statx *statxbuf)
{
	io_uring_prep_rw((int)(IORING_OP_STATX), sqe, dfd, (const void *)(path), mask, uring_ptr_to_u64((const void *)(statxbuf)));
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_symlinkat(3)`: target in addr, link path in off.
 */
static inline void io_uring_prep_symlinkat(struct io_uring_sqe *sqe, const char *target, int newdirfd, const char *linkpath)
{
	io_uring_prep_rw((int)(IORING_OP_SYMLINKAT), sqe, newdirfd, (const void *)(target), 0, uring_ptr_to_u64((const void *)(linkpath)));
}

/**
 * liburing: `io_uring_prep_symlink(3)`.
 */
static inline void io_uring_prep_symlink(struct io_uring_sqe *sqe, const char *target, const char *linkpath)
{
	io_uring_prep_symlinkat(sqe, target, AT_FDCWD, linkpath);
}

/**
 * liburing: `io_uring_prep_sync_file_range(3)`.
 */
static inline void io_uring_prep_sync_file_range(struct io_uring_sqe *sqe, int fd, unsigned int len, __u64 offset, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_SYNC_FILE_RANGE), sqe, fd, NULL, len, offset);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_tee(3)`.
 */
static inline void io_uring_prep_tee(struct io_uring_sqe *sqe, int fd_in, int fd_out, unsigned int nbytes, unsigned int splice_flags)
{
	io_uring_prep_rw((int)(IORING_OP_TEE), sqe, fd_out, NULL, nbytes, 0);
	sqe->splice_off_in = 0;
	sqe->splice_fd_in = fd_in;
	sqe->fsync_flags = splice_flags;
}

/**
 * liburing: `io_uring_prep_timeout(3)`: completes after `ts` or `count` completions.
 */
static inline void io_uring_prep_timeout(struct io_uring_sqe *sqe, const struct __kernel_timespec *ts, unsigned int count, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_TIMEOUT), sqe, -1, (const void *)(ts), 1, (uint64_t)(count));
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_timeout_remove(3)`.
 */
static inline void io_uring_prep_timeout_remove(struct io_uring_sqe *sqe, __u64 user_data, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_TIMEOUT_REMOVE), sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
	sqe->fsync_flags = flags;
}

/**
 * liburing: `io_uring_prep_timeout_update(3)`: the new timespec in off, IORING_TIMEOUT_UPDATE
 * added to `flags`.
 */
static inline void io_uring_prep_timeout_update(struct io_uring_sqe *sqe, const struct __kernel_timespec *ts, __u64 user_data, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_TIMEOUT_REMOVE), sqe, -1, NULL, 0, uring_ptr_to_u64((const void *)(ts)));
	sqe->addr = user_data;
	sqe->fsync_flags = flags | IORING_TIMEOUT_UPDATE;
}

/**
 * liburing: `io_uring_prep_unlinkat(3)`.
 */
static inline void io_uring_prep_unlinkat(struct io_uring_sqe *sqe, int dfd, const char *path, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_UNLINKAT), sqe, dfd, (const void *)(path), 0, 0);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_unlink(3)`.
 */
static inline void io_uring_prep_unlink(struct io_uring_sqe *sqe, const char *path, int flags)
{
	io_uring_prep_unlinkat(sqe, AT_FDCWD, path, flags);
}

/**
 * liburing: `io_uring_prep_uring_cmd128(3)`: a uring_cmd in a 128-byte SQE (SQE_MIXED rings).
 */
static inline void io_uring_prep_uring_cmd128(struct io_uring_sqe *sqe, int cmd_op, int fd)
{
	__io_uring_prep_uring_cmd(sqe, (int)(IORING_OP_URING_CMD128), (uint32_t)(cmd_op), fd);
}

/**
 * liburing: `io_uring_prep_waitid(3)`: id in fd, idtype in len, options in file_index, infop
 * in addr2.
 */
static inline void io_uring_prep_waitid(struct io_uring_sqe *sqe, idtype_t idtype, id_t id, siginfo_t *infop, int options, unsigned int flags)
{
	io_uring_prep_rw((int)(IORING_OP_WAITID), sqe, (int)(id), NULL, (unsigned int)(idtype), 0);
	sqe->fsync_flags = flags;
	sqe->file_index = (uint32_t)(options);
	sqe->addr2 = uring_ptr_to_u64((const void *)(infop));
}

/**
 * liburing: `io_uring_prep_write(3)`.
 */
static inline void io_uring_prep_write(struct io_uring_sqe *sqe, int fd, const void *buf, unsigned int nbytes, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_WRITE), sqe, fd, buf, nbytes, offset);
}

/**
 * liburing: `io_uring_prep_write_fixed(3)`: from registered buffer `buf_index`.
 */
static inline void io_uring_prep_write_fixed(struct io_uring_sqe *sqe, int fd, const void *buf, unsigned int nbytes, __u64 offset, int buf_index)
{
	io_uring_prep_rw((int)(IORING_OP_WRITE_FIXED), sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_prep_writev(3)`.
 */
static inline void io_uring_prep_writev(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset)
{
	io_uring_prep_rw((int)(IORING_OP_WRITEV), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
}

/**
 * liburing: `io_uring_prep_writev2(3)`: `flags` are RWF_* (the rw_flags word).
 */
static inline void io_uring_prep_writev2(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset, int flags)
{
	io_uring_prep_rw((int)(IORING_OP_WRITEV), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
	sqe->fsync_flags = (uint32_t)(flags);
}

/**
 * liburing: `io_uring_prep_writev_fixed(3)`: vectored write from registered buffer `buf_index`.
 */
static inline void io_uring_prep_writev_fixed(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned int nr_vecs, __u64 offset, int flags, int buf_index)
{
	io_uring_prep_rw((int)(IORING_OP_WRITEV_FIXED), sqe, fd, (const void *)(iovecs), nr_vecs, offset);
	sqe->fsync_flags = (uint32_t)(flags);
	sqe->buf_index = (uint16_t)(buf_index);
}

/**
 * liburing: `io_uring_recvmsg_name(3)`: the source address, right after the header.
 */
static inline void *io_uring_recvmsg_name(struct io_uring_recvmsg_out *o)
{
	return (void *)(((uint8_t *)(o)) + sizeof(struct io_uring_recvmsg_out));
}

/**
 * liburing: `io_uring_recvmsg_cmsg_firsthdr(3)`: the first control message, or NULL when
 * the control area can't hold a `struct cmsghdr`.
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
 * liburing: `io_uring_recvmsg_cmsg_nexthdr(3)`: the control message after `cmsg`, or NULL
 * when there is none that fits wholly in the control area.
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
 * liburing: `io_uring_recvmsg_payload(3)`: the payload, after the name and control areas.
 */
static inline void *io_uring_recvmsg_payload(struct io_uring_recvmsg_out *o, struct msghdr *msgh)
{
	size_t skip = ((size_t)(msgh->msg_namelen)) + (size_t)(msgh->msg_controllen);
	return (void *)(((uint8_t *)(io_uring_recvmsg_name(o))) + skip);
}

/**
 * liburing: `io_uring_recvmsg_payload_length(3)`: payload bytes in a `buf_len`-byte buffer
 * (0 when the name and control areas already fill it, or `buf_len` is negative).
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
 * liburing: `io_uring_recvmsg_validate(3)`: `buf` as a `struct io_uring_recvmsg_out` when
 * `buf_len` bytes hold the header, the name area and the control area `msgh` describes;
 * NULL otherwise (never reads `buf`).
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
 * liburing: `io_uring_skip_cqe`: consume `cqe` when it is a padding CQE (IORING_CQE_F_SKIP) or
 * liburing's internal timeout CQE (kernels without IORING_FEAT_EXT_ARG; its error goes to
 * `*err`). Returns true when the caller should look at the next CQE.
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
 * liburing: `io_uring_sqring_wait(3)`: on SQPOLL rings with a full SQ, wait for the kernel
 * thread to consume SQEs (0 at once otherwise).
 */
static inline int io_uring_sqring_wait(struct io_uring *ring)
{
	if (((ring->flags & IORING_SETUP_SQPOLL) == 0) || (io_uring_sq_space_left(ring) != 0)) {
		return 0;
	}
	return __io_uring_sqring_wait(ring);
}

/**
 * liburing: `io_uring_wait_cqe(3)`.
 */
static inline int io_uring_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
{
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 1);
}

#endif
