/*
 * IORING_SETUP_R_DISABLED: the ring exists but refuses submissions (-EBADFD) until
 * io_uring_enable_rings; an SQE queued while disabled is submitted by the next io_uring_submit
 * after enabling; enabling twice fails with the kernel's -EBADFD; an SQPOLL ring created disabled
 * starts its thread on enable.
 */
#include <liburing.h>
#include "helpers.h"

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED), 0);
	t_nop(&ring, 9);
	CHECK_RET(io_uring_submit(&ring), -EBADFD);
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	CHECK_RET(io_uring_enable_rings(&ring), 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
	CHECK(cqe->user_data == 9 && cqe->res == 0, "cqe");
	io_uring_cqe_seen(&ring, cqe);
	CHECK_RET(io_uring_enable_rings(&ring), -EBADFD);
	io_uring_queue_exit(&ring);

	struct io_uring_params p = { .flags = IORING_SETUP_R_DISABLED | IORING_SETUP_SQPOLL, .sq_thread_idle = 100 };
	CHECK_RET(io_uring_queue_init_params(8, &ring, &p), 0);
	CHECK_RET(io_uring_enable_rings(&ring), 0);
	t_queue_nops(&ring, 4, 0);
	CHECK_RET(io_uring_submit(&ring), 4);
	struct __kernel_timespec ts = { .tv_sec = 2 };
	for (int i = 0; i < 4; i++) {
		CHECK_RET(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), 0);
		CHECK(cqe->user_data == (__u64)i, "ud");
		io_uring_cqe_seen(&ring, cqe);
	}
	io_uring_queue_exit(&ring);
	return T_PASS;
}
