/*
 * Timed waits on kernels without IORING_FEAT_EXT_ARG, emulated by clearing that bit in
 * ring.features (the library decides from the field, as liburing does): the wait queues
 * liburing's internal IORING_OP_TIMEOUT SQE (user_data LIBURING_UDATA_TIMEOUT) and submits it.
 * With nothing pending the wait returns -ETIME after ~the timeout; with a NOP pending it
 * returns that CQE; the internal timeout's own CQEs are swallowed and never reach the caller;
 * with a full SQ the pending SQEs are submitted first to make room.
 * (Deliberate difference: liburing returns the submit count, 1, with a NULL CQE when its
 * internal timeout fires; the man page and uring-rs say -ETIME.)
 */
#include <liburing.h>
#include "helpers.h"

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_queue_init(4, &ring, 0), 0);
	ring.features &= ~IORING_FEAT_EXT_ARG;

	struct __kernel_timespec ts = { .tv_nsec = 50000000 };
	long t0 = t_now_ms();
	CHECK_RET(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	long e = t_now_ms() - t0;
	CHECK(e >= 45 && e < 1000, "waited %ld ms", e);
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);

	/* a NOP submitted before the wait: returned; the timeout SQE's CQE is hidden */
	for (int round = 0; round < 5; round++) {
		t_nop(&ring, 10 + round);
		CHECK_RET(io_uring_submit(&ring), 1);
		ts.tv_sec = 1;
		ts.tv_nsec = 0;
		t0 = t_now_ms();
		int ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
		CHECK(ret == 0, "round %d: %d", round, ret);
		CHECK(cqe->user_data == (__u64)(10 + round), "ud %llx", (unsigned long long)cqe->user_data);
		io_uring_cqe_seen(&ring, cqe);
		CHECK(t_now_ms() - t0 < 500, "waited for the timeout");
	}
	usleep(10000);
	while (io_uring_peek_cqe(&ring, &cqe) == 0) {
		CHECK(cqe->user_data != LIBURING_UDATA_TIMEOUT, "internal timeout CQE reached the caller");
		io_uring_cqe_seen(&ring, cqe);
	}

	/* submit_and_wait_timeout: queued NOPs plus the timeout SQE go in one submit */
	t_nop(&ring, 20);
	t_nop(&ring, 21);
	ts.tv_sec = 1;
	int ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 2, &ts, NULL);
	CHECK(ret >= 0, "submit_and_wait_timeout %d", ret);
	CHECK(cqe && cqe->user_data == 20, "cqe");
	io_uring_cqe_seen(&ring, cqe);
	CHECK_RET(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), 0);
	CHECK(cqe->user_data == 21, "ud %llx", (unsigned long long)cqe->user_data);
	io_uring_cqe_seen(&ring, cqe);

	/* full SQ: the wait submits the queue to find a slot for its timeout SQE */
	for (int i = 0; i < 4; i++)
		t_nop(&ring, 30 + i);
	CHECK(io_uring_sq_space_left(&ring) == 0, "SQ not full");
	ts.tv_sec = 1;
	ret = io_uring_wait_cqes(&ring, &cqe, 4, &ts, NULL);
	CHECK(ret == 0, "wait_cqes on a full SQ: %d", ret);
	for (int i = 0; i < 4; i++) {
		CHECK_RET(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), 0);
		CHECK(cqe->user_data == (__u64)(30 + i), "ud %llx want %d", (unsigned long long)cqe->user_data, 30 + i);
		io_uring_cqe_seen(&ring, cqe);
	}
	io_uring_queue_exit(&ring);
	return T_PASS;
}
