/*
 * CQ overflow: a ring whose CQ (IORING_SETUP_CQSIZE, 8 entries) is much smaller than the
 * work (32 NOPs submitted without reaping). The kernel parks the excess on its overflow list
 * (IORING_SQ_CQ_OVERFLOW); io_uring_cq_has_overflow reports it; every completion is still
 * delivered exactly once and in submission order, whether reaped by wait_cqe / peek_cqe (which
 * enter the kernel to flush) or by peek_batch_cqe (which flushes when the CQ looks empty).
 */
#include <liburing.h>
#include "helpers.h"

#define SQ 8
#define CQ 8
#define ROUNDS 4
#define TOTAL (SQ * ROUNDS)

static void overflow(struct io_uring *ring)
{
	for (unsigned r = 0; r < ROUNDS; r++) {
		t_queue_nops(ring, SQ, r * SQ);
		CHECK_RET(io_uring_submit(ring), SQ);
	}
	CHECK(io_uring_cq_ready(ring) == CQ, "cq_ready %u", io_uring_cq_ready(ring));
	CHECK(io_uring_cq_has_overflow(ring), "no overflow flagged");
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_params p = { .flags = IORING_SETUP_CQSIZE, .cq_entries = CQ };
	CHECK_RET(io_uring_queue_init_params(SQ, &ring, &p), 0);
	CHECK(ring.cq.ring_entries == CQ, "cq entries %u", ring.cq.ring_entries);
	if (!(p.features & IORING_FEAT_NODROP))
		SKIP("kernel drops overflowed CQEs (no IORING_FEAT_NODROP)");

	/* 1: reap one at a time with wait_cqe / peek_cqe */
	overflow(&ring);
	for (unsigned i = 0; i < TOTAL; i++) {
		struct io_uring_cqe *cqe;
		int ret = (i & 1) ? io_uring_peek_cqe(&ring, &cqe) : io_uring_wait_cqe(&ring, &cqe);
		CHECK(ret == 0, "cqe %u: %d", i, ret);
		CHECK(cqe->user_data == i, "cqe %u has user_data %llu (out of order or lost)", i,
		      (unsigned long long)cqe->user_data);
		CHECK(cqe->res == 0, "res %d", cqe->res);
		io_uring_cqe_seen(&ring, cqe);
	}
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	CHECK(!io_uring_cq_has_overflow(&ring), "overflow still flagged");
	CHECK(*ring.cq.koverflow == 0, "kernel dropped %u CQEs", *ring.cq.koverflow);

	/* 2: reap with peek_batch_cqe, which flushes the overflow list once the CQ is drained */
	overflow(&ring);
	unsigned next = 0;
	for (int spins = 0; next < TOTAL && spins < 100; spins++) {
		struct io_uring_cqe *batch[64];
		unsigned n = io_uring_peek_batch_cqe(&ring, batch, 64);
		CHECK(n > 0, "peek_batch_cqe returned 0 with %u of %u reaped, overflow=%d", next, TOTAL,
		      io_uring_cq_has_overflow(&ring));
		for (unsigned i = 0; i < n; i++, next++)
			CHECK(batch[i]->user_data == next, "batch cqe %u has user_data %llu", next,
			      (unsigned long long)batch[i]->user_data);
		io_uring_cq_advance(&ring, n);
	}
	CHECK(next == TOTAL, "reaped %u", next);
	struct io_uring_cqe *batch[4];
	CHECK(io_uring_peek_batch_cqe(&ring, batch, 4) == 0, "extra CQEs");

	/* 3: submit_and_wait while overflowed: the new completions queue behind the old ones */
	overflow(&ring);
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & ring.sq.ring_mask].user_data = TOTAL;
	CHECK(io_uring_submit_and_wait(&ring, 1) >= 0, "submit_and_wait");
	for (unsigned i = 0; i <= TOTAL; i++) {
		CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
		CHECK(cqe->user_data == i, "cqe %u has user_data %llu", i, (unsigned long long)cqe->user_data);
		io_uring_cqe_seen(&ring, cqe);
	}
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
