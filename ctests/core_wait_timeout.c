/*
 * Timed waits (IORING_FEAT_EXT_ARG path): io_uring_wait_cqe_timeout returns -ETIME after about
 * the given time when nothing is pending and a CQE at once when one is; io_uring_wait_cqes with
 * wait_nr larger than what will arrive returns after the timeout with the CQEs that did arrive;
 * io_uring_submit_and_wait_timeout submits and waits; io_uring_submit_and_wait_min_timeout and
 * io_uring_wait_cqes_min_timeout (IORING_FEAT_MIN_TIMEOUT) honour both timeouts; a NULL ts
 * waits unbounded. Elapsed times are checked against a loose window.
 */
#include <pthread.h>
#include <liburing.h>
#include "helpers.h"

/* A NOP that completes only after `ms` (IORING_OP_TIMEOUT with a relative time, filled by hand). */
static struct __kernel_timespec delay_ts[8];
static void delayed(struct io_uring *ring, __u64 ud, long ms, int slot)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	CHECK(sqe, "get_sqe");
	delay_ts[slot].tv_sec = ms / 1000;
	delay_ts[slot].tv_nsec = (ms % 1000) * 1000000;
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_TIMEOUT;
	sqe->fd = -1;
	sqe->addr = (unsigned long)&delay_ts[slot];
	sqe->len = 1;
	sqe->user_data = ud;
}

/* Writes one byte to the pipe after 20 ms and another after 40 ms. */
static int pfd[2];
static void *writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2; i++) {
		usleep(20000);
		if (write(pfd[1], "x", 1) != 1)
			abort();
	}
	return NULL;
}

#define WINDOW(t0, lo, hi)                                                                          \
	do {                                                                                        \
		long __e = t_now_ms() - (t0);                                                       \
		CHECK(__e >= (lo) && __e <= (hi), "took %ld ms, expected %d..%d", __e, (lo), (hi)); \
	} while (0)

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_queue_init(16, &ring, 0), 0);
	if (!(ring.features & IORING_FEAT_EXT_ARG))
		SKIP("kernel lacks IORING_FEAT_EXT_ARG");

	/* nothing pending: -ETIME after ~100 ms, cqe NULL */
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 100000000 };
	long t0 = t_now_ms();
	cqe = (void *)1;
	CHECK_RET(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	WINDOW(t0, 95, 1000);
	CHECK(cqe == NULL, "cqe not NULL on timeout");

	/* a CQE already there: returned without waiting */
	t_nop(&ring, 1);
	CHECK_RET(io_uring_submit(&ring), 1);
	t0 = t_now_ms();
	CHECK_RET(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), 0);
	WINDOW(t0, 0, 50);
	CHECK(cqe && cqe->user_data == 1, "cqe");
	io_uring_cqe_seen(&ring, cqe);

	/* a CQE arriving during the wait ends it early */
	delayed(&ring, 2, 30, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	ts.tv_sec = 2;
	ts.tv_nsec = 0;
	t0 = t_now_ms();
	CHECK_RET(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), 0);
	WINDOW(t0, 20, 1000);
	CHECK(cqe->user_data == 2 && cqe->res == -ETIME, "timeout op ud %llu res %d",
	      (unsigned long long)cqe->user_data, cqe->res);
	io_uring_cqe_seen(&ring, cqe);

	/* wait_cqes: 2 arrive, 5 wanted: after the timeout the first CQE is returned */
	t_nop(&ring, 3);
	t_nop(&ring, 4);
	CHECK_RET(io_uring_submit(&ring), 2);
	ts.tv_sec = 0;
	ts.tv_nsec = 80000000;
	t0 = t_now_ms();
	int ret = io_uring_wait_cqes(&ring, &cqe, 5, &ts, NULL);
	/* liburing returns 0 with a CQE when some arrived and the wait timed out */
	CHECK(ret == 0 || ret == -ETIME, "wait_cqes returned %d", ret);
	CHECK(cqe && cqe->user_data == 3, "wait_cqes cqe %p", (void *)cqe);
	CHECK(io_uring_cq_ready(&ring) == 2, "cq_ready %u", io_uring_cq_ready(&ring));
	io_uring_cq_advance(&ring, 2);

	/* wait_cqes with wait_nr satisfied by two pipe reads completing at 20 and 40 ms returns
	 * once both are there (a firing IORING_OP_TIMEOUT would wake any waiter, so use a pipe) */
	CHECK(pipe(pfd) == 0, "pipe");
	char rb[2];
	for (int i = 0; i < 2; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read(sqe, pfd[0], rb + i, 1, 0);
		sqe->user_data = 5 + i;
	}
	CHECK_RET(io_uring_submit(&ring), 2);
	pthread_t th;
	CHECK(pthread_create(&th, NULL, writer, NULL) == 0, "pthread_create");
	ts.tv_sec = 2;
	ts.tv_nsec = 0;
	t0 = t_now_ms();
	CHECK_RET(io_uring_wait_cqes(&ring, &cqe, 2, &ts, NULL), 0);
	WINDOW(t0, 30, 1500);
	CHECK(io_uring_cq_ready(&ring) == 2, "cq_ready %u", io_uring_cq_ready(&ring));
	io_uring_cq_advance(&ring, 2);
	pthread_join(th, NULL);

	/* wait_cqes with no timeout and a CQE pending */
	t_nop(&ring, 7);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK_RET(io_uring_wait_cqes(&ring, &cqe, 1, NULL, NULL), 0);
	CHECK(cqe->user_data == 7, "ud");
	io_uring_cqe_seen(&ring, cqe);

	/* submit_and_wait_timeout: submits the queued NOPs and returns with a CQE */
	t_nop(&ring, 8);
	t_nop(&ring, 9);
	ts.tv_sec = 1;
	ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 2, &ts, NULL);
	CHECK(ret >= 0, "submit_and_wait_timeout %d", ret);
	CHECK(cqe && cqe->user_data == 8, "cqe");
	CHECK(io_uring_cq_ready(&ring) == 2, "cq_ready %u", io_uring_cq_ready(&ring));
	io_uring_cq_advance(&ring, 2);
	CHECK(io_uring_sq_ready(&ring) == 0, "not submitted");

	/* submit_and_wait_timeout with nothing completing: -ETIME after ~50 ms */
	ts.tv_sec = 0;
	ts.tv_nsec = 50000000;
	t0 = t_now_ms();
	CHECK_RET(io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL), -ETIME);
	WINDOW(t0, 45, 1000);

	/* submit_and_wait_timeout with a signal mask */
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	t_nop(&ring, 10);
	ts.tv_sec = 1;
	ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, &mask);
	CHECK(ret >= 0 && cqe && cqe->user_data == 10, "with sigmask: %d", ret);
	io_uring_cqe_seen(&ring, cqe);

	/* min timeout variants */
	if (!(ring.features & IORING_FEAT_MIN_TIMEOUT)) {
		CHECK_RET(io_uring_submit_and_wait_min_timeout(&ring, &cqe, 1, &ts, 1000, NULL), -EINVAL);
		printf("skip: kernel lacks IORING_FEAT_MIN_TIMEOUT (rest passed)\n");
		io_uring_queue_exit(&ring);
		return T_PASS;
	}
	/* one CQE of two wanted: the min timeout (30 ms) ends the wait early, well before ts (2 s) */
	t_nop(&ring, 11);
	ts.tv_sec = 2;
	ts.tv_nsec = 0;
	t0 = t_now_ms();
	ret = io_uring_submit_and_wait_min_timeout(&ring, &cqe, 2, &ts, 30000, NULL);
	CHECK(ret >= 0, "submit_and_wait_min_timeout %d", ret);
	WINDOW(t0, 0, 1000);
	CHECK(cqe && cqe->user_data == 11, "cqe");
	io_uring_cqe_seen(&ring, cqe);
	/* nothing at all: the full timeout applies */
	ts.tv_sec = 0;
	ts.tv_nsec = 60000000;
	t0 = t_now_ms();
	CHECK_RET(io_uring_submit_and_wait_min_timeout(&ring, &cqe, 1, &ts, 10000, NULL), -ETIME);
	WINDOW(t0, 55, 1000);

	/* wait_cqes_min_timeout waits but does not submit */
	t_nop(&ring, 12);
	ts.tv_nsec = 50000000;
	t0 = t_now_ms();
	CHECK_RET(io_uring_wait_cqes_min_timeout(&ring, &cqe, 1, &ts, 10000, NULL), -ETIME);
	WINDOW(t0, 45, 1000);
	CHECK(io_uring_sq_ready(&ring) == 1, "wait_cqes_min_timeout submitted the queued SQE");
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK_RET(io_uring_wait_cqes_min_timeout(&ring, &cqe, 1, &ts, 10000, NULL), 0);
	CHECK(cqe->user_data == 12, "ud");
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
