/*
 * Programs built against liburing 2.0 and 2.1 have no enter_ring_fd in their struct io_uring
 * (the slot was padding), so they may replace ring->ring_fd with a dup and close the original,
 * as liburing 2.0's test sq-poll-dup does. The library must enter through ring_fd unless a ring
 * fd is registered (INT_FLAG_REG_RING); liburing 2.15 enters through the stale enter_ring_fd
 * and gets -EBADF. Done here as such a program behaves: ring_fd becomes a dup, the original is
 * closed, enter_ring_fd is left alone; then submit and wait, on an SQPOLL ring and a plain one,
 * and once more after registering the ring fd (entering by the registered index).
 */
#include <liburing.h>
#include "helpers.h"

static void as_old_binary(struct io_uring *ring)
{
	int dup_fd = dup(ring->ring_fd);
	CHECK(dup_fd >= 0, "dup: %s", strerror(errno));
	CHECK_RET(close(ring->ring_fd), 0);
	ring->ring_fd = dup_fd; /* enter_ring_fd still names the closed original */
}

/* submit n NOPs and wait for them with each wait that enters the kernel */
static void submit_and_reap(struct io_uring *ring, const char *what)
{
	struct io_uring_cqe *cqe;
	struct __kernel_timespec ts = { .tv_sec = 5 };

	t_queue_nops(ring, 2, 1);
	int ret = io_uring_submit_and_wait(ring, 2);
	CHECK(ret == 2, "%s: submit_and_wait %d (%s)", what, ret, ret < 0 ? strerror(-ret) : "");
	for (__u64 ud = 1; ud <= 2; ud++) {
		CHECK_RET(io_uring_wait_cqe(ring, &cqe), 0);
		CHECK(cqe->user_data == ud, "%s: ud %llu", what, (unsigned long long)cqe->user_data);
		io_uring_cqe_seen(ring, cqe);
	}
	/* a wait that must enter: the NOP is only queued, the timed wait submits it */
	t_queue_nops(ring, 1, 3);
	ret = io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, NULL);
	CHECK(ret >= 0 && cqe, "%s: submit_and_wait_timeout %d", what, ret);
	CHECK(cqe->user_data == 3, "%s: ud %llu", what, (unsigned long long)cqe->user_data);
	io_uring_cqe_seen(ring, cqe);
	/* an empty wait with a timeout enters and times out */
	ts.tv_sec = 0;
	ts.tv_nsec = 1000000;
	CHECK_RET(io_uring_wait_cqe_timeout(ring, &cqe, &ts), -ETIME);
	CHECK_RET(io_uring_get_events(ring), 0);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_params p;

	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	as_old_binary(&ring);
	submit_and_reap(&ring, "plain ring");
	int dup_fd = ring.ring_fd;
	io_uring_queue_exit(&ring);
	CHECK(fcntl(dup_fd, F_GETFD) < 0, "queue_exit left the dup open");

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 1; /* asleep soon: submits after the first must wake it by entering */
	int ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == -EPERM)
		SKIP("SQPOLL needs privileges here");
	CHECK_RET(ret, 0);
	as_old_binary(&ring);
	submit_and_reap(&ring, "SQPOLL ring");
	io_uring_queue_exit(&ring);

	/* a registered ring fd is entered by its index, whatever ring_fd holds */
	if (!t_kernel_has(T_RING_FDS))
		SKIP("everything else passed; kernel lacks registered ring fds (raw IORING_REGISTER_RING_FDS: -EINVAL)");
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	CHECK_RET(io_uring_register_ring_fd(&ring), 1);
	as_old_binary(&ring);
	submit_and_reap(&ring, "registered ring fd");
	io_uring_queue_exit(&ring);
	return T_PASS;
}
