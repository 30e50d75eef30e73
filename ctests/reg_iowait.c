/*
 * io_uring_set_iowait: toggling iowait accounting is accepted on kernels with
 * IORING_FEAT_NO_IOWAIT, refused with -EOPNOTSUPP otherwise, and waits keep working
 * (a pipe read completes, a timed wait still times out) with iowait off.
 */
#include <liburing.h>
#include "helpers.h"

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
	int fds[2];
	char buf[8];

	CHECK_RET(io_uring_queue_init(4, &ring, 0), 0);
	if (!(ring.features & IORING_FEAT_NO_IOWAIT)) {
		struct io_uring copy = ring;
		CHECK_RET(io_uring_set_iowait(&copy, false), -EOPNOTSUPP);
		SKIP("kernel lacks IORING_FEAT_NO_IOWAIT");
	}
	/* Pretend-old kernel: the feature bit decides, as in liburing. */
	unsigned features = ring.features;
	ring.features &= ~IORING_FEAT_NO_IOWAIT;
	CHECK_RET(io_uring_set_iowait(&ring, false), -EOPNOTSUPP);
	ring.features = features;

	CHECK_RET(io_uring_set_iowait(&ring, false), 0);
	CHECK(pipe(fds) == 0, "pipe");
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	/* Nothing written yet: the wait times out, with NO_IOWAIT passed along. */
	CHECK_RET(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	CHECK(write(fds[1], "ping", 4) == 4, "write");
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
	CHECK(cqe->res == 4 && memcmp(buf, "ping", 4) == 0, "read res %d", cqe->res);
	io_uring_cqe_seen(&ring, cqe);

	CHECK_RET(io_uring_set_iowait(&ring, true), 0);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), 0);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
