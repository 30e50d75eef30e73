/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Linked into the "ours" build of liburing's test suite only (ctests/liburing_suite.sh).
 * liburing's test/helpers.h and a few tests call functions of liburing's src/setup.c that
 * liburing.so does not export (its tests link liburing.a). uring-rs has no such internals, so
 * these stand-ins do the same through the public API of our library:
 *   __io_uring_queue_init_params: set up a ring with exactly the caller's flags, i.e. without
 *     the IORING_SETUP_NO_SQARRAY that io_uring_queue_init_params() adds (t_io_uring_init_sqarray);
 *   io_uring_unmap_rings: unmap the SQ and CQ ring mappings of a ring set up by
 *     io_uring_queue_mmap(), leaving the ring fd and the SQE array alone.
 */
#include <sys/mman.h>
#include <unistd.h>
#include "liburing.h"

int __io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
				 struct io_uring_params *p, void *buf, size_t buf_size);
void io_uring_unmap_rings(struct io_uring_sq *sq, struct io_uring_cq *cq);

int __io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
				 struct io_uring_params *p, void *buf, size_t buf_size)
{
	int fd, ret;

	if (buf || (p->flags & IORING_SETUP_NO_MMAP)) /* not needed by the tests */
		return -EINVAL;
	memset(ring, 0, sizeof(*ring));
	fd = io_uring_setup(entries, p);
	if (fd < 0)
		return fd;
	ret = io_uring_queue_mmap(fd, p, ring);
	if (ret) {
		close(fd);
		return ret;
	}
	return 0;
}

void io_uring_unmap_rings(struct io_uring_sq *sq, struct io_uring_cq *cq)
{
	if (sq->ring_sz)
		munmap(sq->ring_ptr, sq->ring_sz);
	if (cq->ring_ptr && cq->ring_sz && cq->ring_ptr != sq->ring_ptr)
		munmap(cq->ring_ptr, cq->ring_sz);
}
