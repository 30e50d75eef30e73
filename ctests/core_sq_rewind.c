/*
 * IORING_SETUP_SQ_REWIND: the kernel ignores the SQ head and tail and always takes the
 * submitted SQEs from index 0, so liburing 2.15's SQ flush does not publish a tail; it resets
 * its own SQE tail to 0 and submits what was queued. The kernel of this machine may refuse the
 * flag, so the library's path is driven by setting the bit in ring.flags after setup (the
 * library decides from that field, as liburing does); the kernel then sees a ring whose tail
 * never moves, which proves the flush left it alone.
 *   - get_sqe hands out slots 0, 1, 2; sq_ready counts them;
 *   - submit returns what the kernel consumed (nothing: no tail was published), leaves the
 *     kernel's SQ tail at 0 and rewinds: sq_ready is 0 and the next get_sqe is slot 0 again;
 *   - back to a normal ring (bit cleared), the NOPs queued from slot 0 run.
 */
#include <liburing.h>
#include "helpers.h"

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	ring.flags |= IORING_SETUP_SQ_REWIND;

	for (int round = 0; round < 3; round++) {
		for (unsigned i = 0; i < 3; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
			CHECK(sqe == &ring.sq.sqes[i], "round %d: SQE %u is slot %ld", round, i,
			      (long)(sqe - ring.sq.sqes));
			io_uring_prep_nop(sqe);
			sqe->user_data = i;
		}
		CHECK(io_uring_sq_ready(&ring) == 3, "sq_ready %u", io_uring_sq_ready(&ring));
		CHECK_RET(io_uring_submit(&ring), 0);
		CHECK(IO_URING_READ_ONCE(*ring.sq.ktail) == 0, "kernel SQ tail %u",
		      IO_URING_READ_ONCE(*ring.sq.ktail));
		CHECK(ring.sq.sqe_tail == 0, "SQE tail %u not rewound", ring.sq.sqe_tail);
		CHECK(io_uring_sq_ready(&ring) == 0, "sq_ready %u after submit", io_uring_sq_ready(&ring));
		CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	}

	/* the kernel's tail and head are where they were: as a normal ring it works on */
	ring.flags &= ~IORING_SETUP_SQ_REWIND;
	t_queue_nops(&ring, 2, 40);
	CHECK_RET(io_uring_submit_and_wait(&ring, 2), 2);
	for (__u64 ud = 40; ud < 42; ud++) {
		CHECK_RET(io_uring_peek_cqe(&ring, &cqe), 0);
		CHECK(cqe->user_data == ud, "ud %llu, wanted %llu", (unsigned long long)cqe->user_data,
		      (unsigned long long)ud);
		io_uring_cqe_seen(&ring, cqe);
	}
	io_uring_queue_exit(&ring);
	return T_PASS;
}
