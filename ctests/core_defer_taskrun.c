/*
 * IORING_SETUP_DEFER_TASKRUN + SINGLE_ISSUER: a completion that arrives asynchronously (a
 * pipe read satisfied by a later write(2)) stays as deferred task work and does not appear
 * in the CQ until the issuer enters the kernel: io_uring_get_events, io_uring_submit_and_get_events
 * or a wait. With IORING_SETUP_TASKRUN_FLAG the kernel raises IORING_SQ_TASKRUN and peek_cqe
 * enters by itself. DEFER_TASKRUN without SINGLE_ISSUER is refused (-EINVAL).
 * The reads are on a socket pair, not a pipe: before 6.4 pipes lack FMODE_NOWAIT, so a pipe
 * read goes to io-wq, whose worker posts its CQE at once, not as deferred task work (6.1
 * under qemu showed it a moment after io_uring_get_events had returned).
 */
#include <liburing.h>
#include <sys/socket.h>
#include "helpers.h"

static char buf[64];

static void queue_read(struct io_uring *ring, int fd, __u64 ud)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	CHECK(sqe, "get_sqe");
	io_uring_prep_read(sqe, fd, buf, sizeof(buf), 0);
	sqe->user_data = ud;
}

static void expect_one(struct io_uring *ring, __u64 ud, int res)
{
	struct io_uring_cqe *cqe;
	CHECK(io_uring_cq_ready(ring) == 1, "cq_ready %u", io_uring_cq_ready(ring));
	CHECK_RET(io_uring_peek_cqe(ring, &cqe), 0);
	CHECK(cqe->user_data == ud && cqe->res == res, "ud %llu res %d", (unsigned long long)cqe->user_data,
	      cqe->res);
	io_uring_cqe_seen(ring, cqe);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	int p[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, p) == 0, "socketpair");

	CHECK_RET(io_uring_queue_init(8, &ring, IORING_SETUP_DEFER_TASKRUN), -EINVAL);
	int ret = io_uring_queue_init(8, &ring, IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER);
	if (ret == -EINVAL)
		SKIP("kernel lacks IORING_SETUP_DEFER_TASKRUN");
	CHECK_RET(ret, 0);

	/* NOPs complete inline during submit: visible right away on newer kernels; 6.1 defers
	 * posting even those to the next GETEVENTS, which io_uring_get_events is */
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	CHECK_RET(io_uring_submit(&ring), 1);
	if (io_uring_cq_ready(&ring) == 0)
		CHECK_RET(io_uring_get_events(&ring), 0);
	expect_one(&ring, 0, 0);

	/* 1: io_uring_get_events runs the deferred work */
	queue_read(&ring, p[0], 1);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK(write(p[1], "abc", 3) == 3, "write");
	usleep(20000);
	CHECK(io_uring_cq_ready(&ring) == 0, "completion visible before get_events");
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	CHECK_RET(io_uring_get_events(&ring), 0);
	expect_one(&ring, 1, 3);

	/* 2: submit_and_get_events submits new work and runs the deferred work in one enter */
	queue_read(&ring, p[0], 2);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK(write(p[1], "defg", 4) == 4, "write");
	usleep(20000);
	CHECK(io_uring_cq_ready(&ring) == 0, "completion visible early");
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & ring.sq.ring_mask].user_data = 3;
	CHECK_RET(io_uring_submit_and_get_events(&ring), 1);
	CHECK(io_uring_cq_ready(&ring) == 2, "cq_ready %u", io_uring_cq_ready(&ring));
	io_uring_cq_advance(&ring, 2);

	/* 3: wait_cqe waits for and runs the deferred work */
	queue_read(&ring, p[0], 4);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK(write(p[1], "hi", 2) == 2, "write");
	usleep(20000);
	CHECK(io_uring_cq_ready(&ring) == 0, "completion visible early");
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
	CHECK(cqe->user_data == 4 && cqe->res == 2, "wait_cqe ud %llu res %d",
	      (unsigned long long)cqe->user_data, cqe->res);
	io_uring_cqe_seen(&ring, cqe);

	/* 4: a timed wait with nothing to run times out */
	struct __kernel_timespec ts = { .tv_nsec = 20000000 };
	CHECK_RET(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	io_uring_queue_exit(&ring);

	/* 5: with TASKRUN_FLAG the kernel flags pending work and peek_cqe flushes it */
	ret = io_uring_queue_init(8, &ring,
				  IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_TASKRUN_FLAG);
	CHECK_RET(ret, 0);
	queue_read(&ring, p[0], 5);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK(write(p[1], "xyz12", 5) == 5, "write");
	usleep(20000);
	CHECK(IO_URING_READ_ONCE(*ring.sq.kflags) & IORING_SQ_TASKRUN, "IORING_SQ_TASKRUN not set");
	CHECK(io_uring_cq_ready(&ring) == 0, "completion visible early");
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), 0);
	CHECK(cqe->user_data == 5 && cqe->res == 5, "peek ud %llu res %d", (unsigned long long)cqe->user_data,
	      cqe->res);
	io_uring_cqe_seen(&ring, cqe);

	/* peek_batch_cqe flushes task work as well */
	queue_read(&ring, p[0], 6);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK(write(p[1], "q", 1) == 1, "write");
	usleep(20000);
	struct io_uring_cqe *batch[4];
	CHECK(io_uring_peek_batch_cqe(&ring, batch, 4) == 1, "peek_batch_cqe did not flush");
	CHECK(batch[0]->user_data == 6 && batch[0]->res == 1, "batch cqe");
	io_uring_cq_advance(&ring, 1);
	io_uring_queue_exit(&ring);
	close(p[0]);
	close(p[1]);
	return T_PASS;
}
