/*
 * io_uring_resize_rings (DEFER_TASKRUN rings only, as the kernel requires): growing and
 * shrinking keeps the CQEs not yet reaped, the SQEs submitted to the SQ, and even SQEs only
 * prepared (get_sqe'd but not yet submitted); the new sizes show up in the ring struct and
 * the ring keeps working. A ring without DEFER_TASKRUN gets the kernel's -EINVAL, and a resize
 * too small for the pending CQEs fails (-EOVERFLOW) leaving the ring as it was.
 */
#include <liburing.h>
#include "helpers.h"

static void reap_in_order(struct io_uring *ring, unsigned n, __u64 first)
{
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_cqe *cqe;
		CHECK_RET(io_uring_wait_cqe(ring, &cqe), 0);
		CHECK(cqe->user_data == first + i, "cqe %u has ud %llu, want %llu", i,
		      (unsigned long long)cqe->user_data, (unsigned long long)(first + i));
		io_uring_cqe_seen(ring, cqe);
	}
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_peek_cqe(ring, &cqe), -EAGAIN);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_params p;

	/* plain ring: the kernel refuses */
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	p = (struct io_uring_params){ .sq_entries = 16 };
	int ret = io_uring_resize_rings(&ring, &p);
	if (ret == -EINVAL || ret == -EOPNOTSUPP) {
		io_uring_queue_exit(&ring);
	} else {
		CHECK(0, "resize of a non-DEFER_TASKRUN ring returned %d", ret);
	}

	T_REQUIRE_SETUP(IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER, "IORING_SETUP_DEFER_TASKRUN");
	CHECK_RET(io_uring_queue_init(8, &ring, IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER), 0);
	/* 5 CQEs left unreaped, then 3 SQEs prepared but not submitted */
	t_queue_nops(&ring, 5, 0);
	CHECK_RET(io_uring_submit(&ring), 5);
	t_queue_nops(&ring, 3, 5);
	p = (struct io_uring_params){ .sq_entries = 64 };
	ret = io_uring_resize_rings(&ring, &p);
	if (ret == -EINVAL || ret == -EOPNOTSUPP)
		SKIP("kernel refuses IORING_REGISTER_RESIZE_RINGS: %d", ret);
	CHECK_RET(ret, 0);
	CHECK(ring.sq.ring_entries == 64 && ring.cq.ring_entries == 128, "new sizes %u/%u",
	      ring.sq.ring_entries, ring.cq.ring_entries);
	CHECK(io_uring_cq_ready(&ring) == 5, "cq_ready after resize %u", io_uring_cq_ready(&ring));
	CHECK(io_uring_sq_ready(&ring) == 3, "sq_ready after resize %u", io_uring_sq_ready(&ring));
	CHECK(io_uring_sq_space_left(&ring) == 61, "space %u", io_uring_sq_space_left(&ring));
	CHECK_RET(io_uring_submit(&ring), 3);
	reap_in_order(&ring, 8, 0);

	/* the bigger ring takes a bigger batch */
	t_queue_nops(&ring, 64, 100);
	CHECK(io_uring_get_sqe(&ring) == NULL, "65th sqe");
	CHECK_RET(io_uring_submit(&ring), 64);
	reap_in_order(&ring, 64, 100);

	/* shrink with CQSIZE, with CQEs pending across the old ring's wrap point */
	t_queue_nops(&ring, 20, 200);
	CHECK_RET(io_uring_submit(&ring), 20);
	p = (struct io_uring_params){ .flags = IORING_SETUP_CQSIZE, .sq_entries = 4, .cq_entries = 32 };
	CHECK_RET(io_uring_resize_rings(&ring, &p), 0);
	CHECK(ring.sq.ring_entries == 4 && ring.cq.ring_entries == 32, "shrunk sizes %u/%u", ring.sq.ring_entries,
	      ring.cq.ring_entries);
	reap_in_order(&ring, 20, 200);
	for (int round = 0; round < 10; round++) {
		t_queue_nops(&ring, 4, 300 + round * 4);
		CHECK_RET(io_uring_submit(&ring), 4);
		reap_in_order(&ring, 4, 300 + round * 4);
	}

	/* too small for the pending CQEs: refused, nothing lost */
	for (int i = 0; i < 5; i++) {
		t_queue_nops(&ring, 4, 400 + i * 4);
		CHECK_RET(io_uring_submit(&ring), 4);
	}
	p = (struct io_uring_params){ .flags = IORING_SETUP_CQSIZE, .sq_entries = 4, .cq_entries = 8 };
	ret = io_uring_resize_rings(&ring, &p);
	CHECK(ret == -EOVERFLOW, "resize below pending CQEs returned %d", ret);
	CHECK(ring.cq.ring_entries == 32, "cq entries changed to %u", ring.cq.ring_entries);
	reap_in_order(&ring, 20, 400);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
