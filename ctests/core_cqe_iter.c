/*
 * Walking the CQ without consuming it: io_uring_for_each_cqe visits every ready CQE in order
 * and leaves them in place (head runs over ring positions) until io_uring_cq_advance; the
 * explicit io_uring_cqe_iter_init / io_uring_cqe_iter_next pair does the same and sees only
 * what was ready at init; io_uring_cq_advance(n) with n < ready retires just n, across the
 * ring's wrap-around; io_uring_cqe_get_data / _data64 and sqe_set_data / _data64 round-trip.
 */
#include <liburing.h>
#include "helpers.h"

static void nops(struct io_uring *ring, unsigned n, __u64 first)
{
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
		CHECK(sqe, "get_sqe");
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, first + i);
	}
	CHECK_RET(io_uring_submit_and_wait(ring, n), n);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	unsigned head;
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0); /* CQ: 16 entries */

	__u64 next = 0;
	for (int round = 0; round < 12; round++) { /* many rounds: wraps the 16-entry CQ */
		nops(&ring, 7, next);
		/* two passes over the same CQEs: for_each consumes nothing */
		for (int pass = 0; pass < 2; pass++) {
			unsigned seen = 0;
			io_uring_for_each_cqe(&ring, head, cqe) {
				CHECK(head == *ring.cq.khead + seen, "head %u at %u", head, seen);
				CHECK(cqe == &ring.cq.cqes[head & ring.cq.ring_mask], "cqe pointer");
				CHECK(io_uring_cqe_get_data64(cqe) == next + seen, "ud %llu want %llu",
				      (unsigned long long)cqe->user_data, (unsigned long long)(next + seen));
				seen++;
			}
			CHECK(seen == 7, "pass %d saw %u", pass, seen);
		}
		/* advance in two steps: 3 then 4 */
		io_uring_cq_advance(&ring, 3);
		CHECK(io_uring_cq_ready(&ring) == 4, "ready %u", io_uring_cq_ready(&ring));
		CHECK_RET(io_uring_peek_cqe(&ring, &cqe), 0);
		CHECK(cqe->user_data == next + 3, "after advance(3): %llu", (unsigned long long)cqe->user_data);

		/* the explicit iterator sees only the CQEs ready at init */
		struct io_uring_cqe_iter it = io_uring_cqe_iter_init(&ring);
		nops(&ring, 1, next + 7);
		unsigned n = 0;
		while (io_uring_cqe_iter_next(&it, &cqe)) {
			CHECK(cqe->user_data == next + 3 + n, "iter ud %llu", (unsigned long long)cqe->user_data);
			n++;
		}
		CHECK(n == 4, "iter saw %u", n);
		CHECK(!io_uring_cqe_iter_next(&it, &cqe), "iterator restarted");
		io_uring_cq_advance(&ring, 4);
		CHECK(io_uring_cq_ready(&ring) == 1, "ready %u", io_uring_cq_ready(&ring));
		io_uring_cq_advance(&ring, 1);
		io_uring_cq_advance(&ring, 0); /* no-op */
		CHECK(io_uring_cq_ready(&ring) == 0, "ready %u", io_uring_cq_ready(&ring));
		next += 8;
	}

	/* pointer user data */
	int anchor;
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data(sqe, &anchor);
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	unsigned count = 0;
	io_uring_for_each_cqe(&ring, head, cqe) {
		CHECK(io_uring_cqe_get_data(cqe) == &anchor, "data pointer");
		count++;
	}
	io_uring_cq_advance(&ring, count);
	CHECK(count == 1, "count %u", count);
	io_uring_queue_exit(&ring);

	/* for_each on a CQE32 ring steps 32 bytes */
	if (!t_kernel_setup_flags(IORING_SETUP_CQE32))
		SKIP("everything else passed; kernel refuses IORING_SETUP_CQE32 (raw io_uring_setup: -EINVAL)");
	CHECK_RET(io_uring_queue_init(4, &ring, IORING_SETUP_CQE32), 0);
	nops(&ring, 4, 50);
	struct io_uring_cqe *prev = NULL;
	count = 0;
	io_uring_for_each_cqe(&ring, head, cqe) {
		CHECK(cqe->user_data == 50 + count, "cqe32 ud");
		if (prev)
			CHECK((char *)cqe - (char *)prev == 32, "cqe32 stride");
		prev = cqe;
		count++;
	}
	CHECK(count == 4, "count %u", count);
	io_uring_cq_advance(&ring, count);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
