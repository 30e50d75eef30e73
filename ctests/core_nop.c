/* NOP round trips: single, batched, with user_data, on a plain ring. */
#include <liburing.h>
#include "helpers.h"

static void nop_round_trips(struct io_uring *ring, unsigned batch, unsigned rounds)
{
	for (unsigned r = 0; r < rounds; r++) {
		for (unsigned i = 0; i < batch; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
			CHECK(sqe, "get_sqe NULL at %u/%u", i, batch);
			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, (__u64)r * 1000 + i);
		}
		CHECK_RET(io_uring_submit_and_wait(ring, batch), batch);
		CHECK(io_uring_cq_ready(ring) == batch, "cq_ready %u", io_uring_cq_ready(ring));
		for (unsigned i = 0; i < batch; i++) {
			struct io_uring_cqe *cqe;
			CHECK_RET(io_uring_peek_cqe(ring, &cqe), 0);
			CHECK(cqe->res == 0, "nop res %d", cqe->res);
			CHECK(io_uring_cqe_get_data64(cqe) == (__u64)r * 1000 + i, "user_data %llu",
			      (unsigned long long)cqe->user_data);
			io_uring_cqe_seen(ring, cqe);
		}
	}
}

int main(void)
{
	struct io_uring ring;
	CHECK_RET(io_uring_queue_init(64, &ring, 0), 0);
	CHECK(ring.sq.ring_entries == 64 && ring.cq.ring_entries == 128, "sizes %u %u",
	      ring.sq.ring_entries, ring.cq.ring_entries);
	CHECK(ring.ring_fd >= 0 && ring.enter_ring_fd == ring.ring_fd, "fds");
	CHECK(ring.features & IORING_FEAT_SINGLE_MMAP, "features %x", ring.features);
	/* liburing >= 2.6 asks for NO_SQARRAY, and sets up without it where the kernel (before
	 * 6.6) refuses it: the flag is in ring.flags exactly when the kernel takes it. */
	int sqarray = !t_kernel_setup_flags(IORING_SETUP_NO_SQARRAY);
	CHECK(((ring.flags & IORING_SETUP_NO_SQARRAY) == 0) == sqarray, "flags %x, kernel %s NO_SQARRAY",
	      ring.flags, sqarray ? "refuses" : "takes");
	nop_round_trips(&ring, 1, 100);
	nop_round_trips(&ring, 8, 20);
	nop_round_trips(&ring, 64, 5);

	/* An empty CQ answers -EAGAIN and a NULL cqe. */
	struct io_uring_cqe *cqe = (void *)1;
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	CHECK(cqe == NULL, "cqe not cleared");

	/* A NOP through io_uring_wait_cqe with set_data pointer round trip. */
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data(sqe, &ring);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
	CHECK(io_uring_cqe_get_data(cqe) == &ring, "data pointer");
	io_uring_cqe_seen(&ring, cqe);
	CHECK(io_uring_sq_ready(&ring) == 0 && io_uring_sq_space_left(&ring) == 64, "sq state");
	io_uring_queue_exit(&ring);
	return T_PASS;
}
