/*
 * Batches that fill the SQ exactly: get_sqe hands out ring_entries SQEs and then NULL,
 * sq_ready / sq_space_left track every step, io_uring_submit returns the whole count, the
 * SQ is reusable at once, and the wrap-around of the indices (many rounds) is handled.
 * Also: get_sqe clears flags/ioprio/personality left over from the previous user of a slot.
 */
#include <liburing.h>
#include "helpers.h"

static void fill_and_submit(struct io_uring *ring, unsigned entries, unsigned round)
{
	CHECK(io_uring_sq_space_left(ring) == entries, "space_left %u", io_uring_sq_space_left(ring));
	CHECK(io_uring_sq_ready(ring) == 0, "sq_ready %u", io_uring_sq_ready(ring));
	for (unsigned i = 0; i < entries; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
		CHECK(sqe, "get_sqe NULL at %u", i);
		CHECK(sqe->flags == 0 && sqe->ioprio == 0 && sqe->personality == 0, "slot not cleared");
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, round * 1000 + i);
		CHECK(io_uring_sq_ready(ring) == i + 1, "sq_ready %u at %u", io_uring_sq_ready(ring), i);
		CHECK(io_uring_sq_space_left(ring) == entries - i - 1, "space_left %u",
		      io_uring_sq_space_left(ring));
	}
	CHECK(io_uring_get_sqe(ring) == NULL, "get_sqe past the last entry");
	CHECK(io_uring_get_sqe(ring) == NULL, "get_sqe past the last entry (again)");
	CHECK(io_uring_sq_space_left(ring) == 0, "space_left %u", io_uring_sq_space_left(ring));
	CHECK_RET(io_uring_submit(ring), entries);
	CHECK(io_uring_sq_ready(ring) == 0 && io_uring_sq_space_left(ring) == entries, "after submit");
	/* nothing new queued: submit returns 0 */
	CHECK_RET(io_uring_submit(ring), 0);
	struct io_uring_cqe *cqe;
	for (unsigned i = 0; i < entries; i++) {
		CHECK_RET(io_uring_wait_cqe(ring, &cqe), 0);
		CHECK(cqe->user_data == round * 1000 + i && cqe->res == 0, "cqe %u: ud %llu res %d", i,
		      (unsigned long long)cqe->user_data, cqe->res);
		io_uring_cqe_seen(ring, cqe);
	}
	CHECK_RET(io_uring_peek_cqe(ring, &cqe), -EAGAIN);
}

int main(void)
{
	struct io_uring ring;
	for (unsigned entries = 1; entries <= 256; entries *= 4) {
		CHECK_RET(io_uring_queue_init(entries, &ring, 0), 0);
		CHECK(ring.sq.ring_entries == entries, "ring_entries %u", ring.sq.ring_entries);
		for (unsigned round = 0; round < 10; round++)
			fill_and_submit(&ring, entries, round);
		io_uring_queue_exit(&ring);
	}

	/* A slot's stale IOSQE flags do not leak into the next user. */
	CHECK_RET(io_uring_queue_init(1, &ring, 0), 0);
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_DRAIN);
	sqe->personality = 0;
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
	io_uring_cqe_seen(&ring, cqe);
	sqe = io_uring_get_sqe(&ring);
	CHECK(sqe && sqe->flags == 0, "flags %u carried over", sqe ? sqe->flags : 0);

	/* Submitting part of a batch: sq_ready counts only the unsubmitted tail. */
	io_uring_prep_nop(sqe);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);

	/* 16-entry ring: 10 queued, 6 more fit, the 17th does not. */
	CHECK_RET(io_uring_queue_init(16, &ring, 0), 0);
	for (int i = 0; i < 10; i++)
		io_uring_prep_nop(io_uring_get_sqe(&ring));
	CHECK_RET(io_uring_submit(&ring), 10);
	for (int i = 0; i < 16; i++)
		CHECK(io_uring_get_sqe(&ring), "get_sqe %d", i);
	CHECK(io_uring_get_sqe(&ring) == NULL, "17th sqe");
	for (int i = 0; i < 16; i++)
		io_uring_prep_nop(ring.sq.sqes + ((ring.sq.sqe_tail - 16 + i) & ring.sq.ring_mask));
	CHECK_RET(io_uring_submit_and_wait(&ring, 26), 16);
	CHECK(io_uring_cq_ready(&ring) == 26, "cq_ready %u", io_uring_cq_ready(&ring));
	io_uring_cq_advance(&ring, 26);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
