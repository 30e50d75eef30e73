/*
 * SQPOLL rings: io_uring_submit does not enter the kernel while the SQ thread is awake
 * (proved by pointing enter_ring_fd at an invalid fd: any io_uring_enter would fail with
 * -EBADF, yet submit returns the count and the NOPs complete); the thread going idle sets
 * IORING_SQ_NEED_WAKEUP and the next submit wakes it (IORING_ENTER_SQ_WAKEUP);
 * io_uring_sqring_wait returns at once on a non-full SQ and waits for a free slot otherwise.
 *
 * On an SQPOLL ring io_uring_submit returns the SQEs the kernel has not consumed yet (SQ tail
 * minus the head the thread publishes), and the thread publishes its head only after a whole
 * batch, so a CQE of an SQE can be seen before that SQE's slot is released. A submit of n new
 * SQEs therefore returns between n and n plus what was still unconsumed just before: the test
 * checks that range (submit_sqpoll), never an exact count that depends on the thread's speed.
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

/*
 * Queue n NOPs (user_data first...) and submit them; the result must count them plus at most
 * the SQEs the thread had not consumed before (see the top comment). Returns submit's result.
 */
static int submit_sqpoll(struct io_uring *ring, unsigned n, __u64 first)
{
	unsigned unconsumed = io_uring_sq_ready(ring);
	t_queue_nops(ring, n, first);
	int ret = io_uring_submit(ring);
	if (ret < 0)
		return ret;
	CHECK((unsigned)ret >= n && (unsigned)ret <= n + unconsumed, "submit %d: wanted %u..%u", ret,
	      n, n + unconsumed);
	return ret;
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
	CHECK(submit_sqpoll(&ring, 1, 100) > 0, "submit");
	reap(&ring, 1, 100);
	int saved = ring.enter_ring_fd;
	int no_syscall_ok = 0;
	for (int attempt = 0; attempt < 5 && !no_syscall_ok; attempt++) {
		__u64 ud = 300 + 10 * attempt;
		if (*ring.sq.kflags & IORING_SQ_NEED_WAKEUP) { /* asleep: wake it properly */
			CHECK(submit_sqpoll(&ring, 1, 200 + attempt) > 0, "submit");
			reap(&ring, 1, 200 + attempt);
			continue;
		}
		ring.enter_ring_fd = -1;
		ret = submit_sqpoll(&ring, 4, ud);
		ring.enter_ring_fd = saved;
		if (ret == -EBADF) {
			/* The thread fell asleep in between and submit had to enter. The 4 SQEs are
			 * published already: wake the thread for them (nothing new to count). */
			ret = io_uring_submit(&ring);
			CHECK(ret >= 0 && ret <= 4, "wakeup submit %d", ret);
			reap(&ring, 4, ud);
			continue;
		}
		reap(&ring, 4, ud);
		no_syscall_ok = 1;
	}
	CHECK(no_syscall_ok, "submit always entered the kernel");

	/* Idle: with a 10 ms idle time the thread sleeps and asks for a wakeup. */
	io_uring_queue_exit(&ring);
	struct io_uring_params p2 = { .flags = IORING_SETUP_SQPOLL, .sq_thread_idle = 10 };
	CHECK_RET(io_uring_queue_init_params(8, &ring, &p2), 0);
	CHECK(submit_sqpoll(&ring, 2, 1) > 0, "submit");
	reap(&ring, 2, 1);
	for (int round = 0; round < 3; round++) {
		int slept = 0;
		for (int i = 0; i < 100 && !slept; i++) {
			usleep(10000);
			slept = !!(IO_URING_READ_ONCE(*ring.sq.kflags) & IORING_SQ_NEED_WAKEUP);
		}
		CHECK(slept, "SQ thread never set NEED_WAKEUP");
		CHECK(submit_sqpoll(&ring, 3, 10 * (round + 1)) > 0, "submit");
		reap(&ring, 3, 10 * (round + 1));
	}

	/* sqring_wait on a full SQ: fill it, publish it, wait for a slot (when the thread has
	 * consumed them already, it returns at once). The thread may not have released the slots
	 * of the last round yet: fill what is free. */
	unsigned n = io_uring_sq_space_left(&ring);
	CHECK(n >= 8 - 3, "space %u", n);
	CHECK(submit_sqpoll(&ring, n, 500) > 0, "submit");
	ret = io_uring_sqring_wait(&ring);
	CHECK(ret >= 0, "sqring_wait %d", ret);
	CHECK(io_uring_sq_space_left(&ring) > 0, "no space after sqring_wait");
	reap(&ring, n, 500);
	io_uring_queue_exit(&ring);

	/* sqring_wait on a non-SQPOLL ring is a no-op */
	CHECK_RET(io_uring_queue_init(2, &ring, 0), 0);
	t_queue_nops(&ring, 2, 0);
	CHECK_RET(io_uring_sqring_wait(&ring), 0);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
