/*
 * SQPOLL rings: io_uring_submit does not enter the kernel while the SQ thread is awake
 * (proved by pointing enter_ring_fd at an invalid fd: any io_uring_enter would fail with
 * -EBADF, yet submit returns the count and the NOPs complete); the thread going idle sets
 * IORING_SQ_NEED_WAKEUP and the next submit wakes it (IORING_ENTER_SQ_WAKEUP);
 * io_uring_sqring_wait returns at once on a non-full SQ and waits for a free slot otherwise.
 */
#include <time.h>
#include <liburing.h>
#include "helpers.h"

static void reap(struct io_uring *ring, unsigned n, __u64 first_ud)
{
	struct __kernel_timespec ts = { .tv_sec = 2 };
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_cqe *cqe;
		CHECK_RET(io_uring_wait_cqe_timeout(ring, &cqe, &ts), 0);
		CHECK(cqe->user_data == first_ud + i, "ud %llu want %llu", (unsigned long long)cqe->user_data,
		      (unsigned long long)(first_ud + i));
		io_uring_cqe_seen(ring, cqe);
	}
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_params p = { .flags = IORING_SETUP_SQPOLL, .sq_thread_idle = 2000 };
	int ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == -EPERM)
		SKIP("SQPOLL needs privileges here");
	CHECK_RET(ret, 0);
	CHECK(ring.flags & IORING_SETUP_SQPOLL, "flags %x", ring.flags);

	/* sqring_wait with free slots returns 0 immediately */
	CHECK_RET(io_uring_sqring_wait(&ring), 0);

	/* Wake the thread once, then submit with no way to enter the kernel. */
	t_queue_nops(&ring, 1, 100);
	CHECK_RET(io_uring_submit(&ring), 1);
	reap(&ring, 1, 100);
	int saved = ring.enter_ring_fd;
	int no_syscall_ok = 0;
	for (int attempt = 0; attempt < 5 && !no_syscall_ok; attempt++) {
		if (*ring.sq.kflags & IORING_SQ_NEED_WAKEUP) { /* asleep: wake it properly */
			t_queue_nops(&ring, 1, 200);
			CHECK_RET(io_uring_submit(&ring), 1);
			reap(&ring, 1, 200);
			continue;
		}
		ring.enter_ring_fd = -1;
		t_queue_nops(&ring, 4, 300);
		ret = io_uring_submit(&ring);
		ring.enter_ring_fd = saved;
		if (ret == -EBADF) /* thread went to sleep in between: it entered; retry */
			continue;
		CHECK_RET(ret, 4);
		reap(&ring, 4, 300);
		no_syscall_ok = 1;
	}
	CHECK(no_syscall_ok, "submit always entered the kernel");

	/* Idle: with a 10 ms idle time the thread sleeps and asks for a wakeup. */
	io_uring_queue_exit(&ring);
	struct io_uring_params p2 = { .flags = IORING_SETUP_SQPOLL, .sq_thread_idle = 10 };
	CHECK_RET(io_uring_queue_init_params(8, &ring, &p2), 0);
	t_queue_nops(&ring, 2, 1);
	CHECK_RET(io_uring_submit(&ring), 2);
	reap(&ring, 2, 1);
	for (int round = 0; round < 3; round++) {
		int slept = 0;
		for (int i = 0; i < 100 && !slept; i++) {
			usleep(10000);
			slept = !!(IO_URING_READ_ONCE(*ring.sq.kflags) & IORING_SQ_NEED_WAKEUP);
		}
		CHECK(slept, "SQ thread never set NEED_WAKEUP");
		t_queue_nops(&ring, 3, 10 * (round + 1));
		CHECK_RET(io_uring_submit(&ring), 3);
		reap(&ring, 3, 10 * (round + 1));
	}

	/* sqring_wait on a full SQ: fill it, publish it, wait for a slot. */
	t_queue_nops(&ring, 8, 500);
	CHECK(io_uring_sq_space_left(&ring) == 0, "space %u", io_uring_sq_space_left(&ring));
	CHECK_RET(io_uring_submit(&ring), 8);
	ret = io_uring_sqring_wait(&ring);
	CHECK(ret >= 0, "sqring_wait %d", ret);
	CHECK(io_uring_sq_space_left(&ring) > 0, "no space after sqring_wait");
	reap(&ring, 8, 500);
	io_uring_queue_exit(&ring);

	/* sqring_wait on a non-SQPOLL ring is a no-op */
	CHECK_RET(io_uring_queue_init(2, &ring, 0), 0);
	t_queue_nops(&ring, 2, 0);
	CHECK_RET(io_uring_sqring_wait(&ring), 0);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
