/*
 * __io_uring_queue_init_params and io_uring_unmap_rings: liburing exports them from liburing.a
 * (not from its shared libraries) and declares them in its internal src/setup.h; liburing's own
 * tests (accept-reuse, io_uring_enter, resize-rings, sqe-mixed-boundary) call them. Like those
 * tests this program declares them itself, and is linked with liburing_rs.so (run.sh) and with
 * liburing_rs.a (setup_internals_static.sh).
 *   - __io_uring_queue_init_params sets up with exactly the caller's flags: an SQ index array
 *     (no IORING_SETUP_NO_SQARRAY added), a working ring;
 *   - io_uring_unmap_rings unmaps the SQ and CQ rings and nothing else.
 */
#include <sys/mman.h>
#include <liburing.h>
#include "helpers.h"

int __io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
				 struct io_uring_params *p, void *buf, size_t buf_size);
void io_uring_unmap_rings(struct io_uring_sq *sq, struct io_uring_cq *cq);

/* Whether the page at addr is mapped (mincore fails with ENOMEM on unmapped memory). */
static int mapped(void *addr)
{
	unsigned char vec;
	return mincore(addr, 1, &vec) == 0;
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_params p;
	struct io_uring_cqe *cqe;

	memset(&p, 0, sizeof(p));
	CHECK_RET(__io_uring_queue_init_params(8, &ring, &p, NULL, 0), 0);
	CHECK(!(ring.flags & IORING_SETUP_NO_SQARRAY), "flags %x: NO_SQARRAY was added", ring.flags);
	CHECK(ring.sq.array != NULL, "no SQ index array");
	for (unsigned i = 0; i < ring.sq.ring_entries; i++)
		CHECK(ring.sq.array[i] == i, "array[%u] = %u", i, ring.sq.array[i]);
	t_nop(&ring, 7);
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), 0);
	CHECK(cqe->user_data == 7 && cqe->res == 0, "cqe %llu %d", (unsigned long long)cqe->user_data,
	      cqe->res);
	io_uring_cqe_seen(&ring, cqe);

	/* io_uring_queue_init_params, by contrast, drops the SQ array where the kernel can (6.6
	 * and later), and sets up with it where the kernel refuses NO_SQARRAY */
	struct io_uring other;
	memset(&p, 0, sizeof(p));
	CHECK_RET(io_uring_queue_init_params(8, &other, &p), 0);
	int sqarray = !t_kernel_setup_flags(IORING_SETUP_NO_SQARRAY);
	CHECK(((other.flags & IORING_SETUP_NO_SQARRAY) == 0) == sqarray, "flags %x, kernel %s NO_SQARRAY",
	      other.flags, sqarray ? "refuses" : "takes");
	io_uring_queue_exit(&other);

	/* an invalid request fails cleanly, as liburing's checks it before io_uring_setup */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_REGISTERED_FD_ONLY;
	CHECK_RET(__io_uring_queue_init_params(8, &other, &p, NULL, 0), -EINVAL);

	/* unmap the rings: the ring memory goes, the SQE array and the fd stay */
	void *sq_ring = ring.sq.ring_ptr, *cq_ring = ring.cq.ring_ptr, *sqes = ring.sq.sqes;
	CHECK(mapped(sq_ring) && mapped(cq_ring) && mapped(sqes), "rings not mapped before");
	io_uring_unmap_rings(&ring.sq, &ring.cq);
	CHECK(!mapped(sq_ring), "SQ ring still mapped");
	CHECK(!mapped(cq_ring), "CQ ring still mapped");
	CHECK(mapped(sqes), "SQE array unmapped too");
	CHECK(fcntl(ring.ring_fd, F_GETFD) >= 0, "ring fd closed");
	CHECK_RET(munmap(sqes, ring.sq.sqes_sz), 0);
	CHECK_RET(close(ring.ring_fd), 0);
	return T_PASS;
}
