/*
 * The registered ring fd: io_uring_register_ring_fd returns 1, sets enter_ring_fd to the
 * registered index and IORING_ENTER_REGISTERED_RING in int_flags; NOPs, waits and timed waits
 * go through it; registering twice is -EEXIST; io_uring_unregister_ring_fd returns 1 and
 * restores enter_ring_fd, a second unregister is -EINVAL; io_uring_close_ring_fd (after
 * registering) closes the real fd (ring_fd -1, fd really closed) and the ring still works, a
 * second close is -EBADF, close without registration is -EINVAL. IORING_SETUP_REGISTERED_FD_ONLY
 * needs NO_MMAP (-EINVAL without) and gives a ring with no fd at all.
 */
#include <fcntl.h>
#include <liburing.h>
#include "helpers.h"

static void nops(struct io_uring *ring, int n)
{
	t_queue_nops(ring, (unsigned)n, 0);
	CHECK_RET(io_uring_submit_and_wait(ring, n), n);
	for (int i = 0; i < n; i++) {
		struct io_uring_cqe *cqe;
		CHECK_RET(io_uring_wait_cqe(ring, &cqe), 0);
		CHECK(cqe->user_data == (__u64)i, "ud");
		io_uring_cqe_seen(ring, cqe);
	}
	struct __kernel_timespec ts = { .tv_nsec = 10000000 };
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_wait_cqe_timeout(ring, &cqe, &ts), -ETIME);
}

int main(void)
{
	struct io_uring ring;
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	int fd = ring.ring_fd;
	CHECK(ring.int_flags == 0, "int_flags %u", ring.int_flags);

	CHECK_RET(io_uring_unregister_ring_fd(&ring), -EINVAL);
	/* as liburing: a kernel without IORING_FEAT_REG_REG_RING (before 6.3) answers
	 * -EOPNOTSUPP before anything else is looked at */
	CHECK_RET(io_uring_close_ring_fd(&ring),
		  (ring.features & IORING_FEAT_REG_REG_RING) ? -EINVAL : -EOPNOTSUPP);

	T_REQUIRE(T_RING_FDS, "registered ring fds");
	CHECK_RET(io_uring_register_ring_fd(&ring), 1);
	CHECK(ring.int_flags & IORING_ENTER_REGISTERED_RING, "int_flags %u", ring.int_flags);
	CHECK(ring.enter_ring_fd >= 0 && ring.enter_ring_fd < 16, "enter_ring_fd %d", ring.enter_ring_fd);
	CHECK(ring.ring_fd == fd, "ring_fd changed");
	nops(&ring, 4);
	CHECK_RET(io_uring_register_ring_fd(&ring), -EEXIST);

	CHECK_RET(io_uring_unregister_ring_fd(&ring), 1);
	CHECK(ring.enter_ring_fd == fd, "enter_ring_fd %d", ring.enter_ring_fd);
	CHECK(!(ring.int_flags & IORING_ENTER_REGISTERED_RING), "int_flags %u", ring.int_flags);
	CHECK_RET(io_uring_unregister_ring_fd(&ring), -EINVAL);
	nops(&ring, 2);

	/* register again, then drop the real fd */
	CHECK_RET(io_uring_register_ring_fd(&ring), 1);
	if (!(ring.features & IORING_FEAT_REG_REG_RING)) {
		CHECK_RET(io_uring_close_ring_fd(&ring), -EOPNOTSUPP);
	} else {
		CHECK_RET(io_uring_close_ring_fd(&ring), 1);
		CHECK(ring.ring_fd == -1, "ring_fd %d", ring.ring_fd);
		CHECK(fcntl(fd, F_GETFD) == -1 && errno == EBADF, "fd %d still open", fd);
		nops(&ring, 8);
		CHECK_RET(io_uring_close_ring_fd(&ring), -EBADF);
		CHECK_RET(io_uring_register_ring_fd(&ring), -EEXIST);
	}
	io_uring_queue_exit(&ring);

	/* registered ring on an SQPOLL ring */
	struct io_uring_params p = { .flags = IORING_SETUP_SQPOLL, .sq_thread_idle = 10 };
	CHECK_RET(io_uring_queue_init_params(8, &ring, &p), 0);
	CHECK_RET(io_uring_register_ring_fd(&ring), 1);
	nops(&ring, 3);
	usleep(50000); /* let the thread sleep, so the next submit must wake it through the index */
	nops(&ring, 3);
	io_uring_queue_exit(&ring);

	/* REGISTERED_FD_ONLY */
	p = (struct io_uring_params){ .flags = IORING_SETUP_REGISTERED_FD_ONLY };
	CHECK_RET(io_uring_queue_init_params(8, &ring, &p), -EINVAL);
	p = (struct io_uring_params){ .flags = IORING_SETUP_REGISTERED_FD_ONLY | IORING_SETUP_NO_MMAP };
	int ret = io_uring_queue_init_params(8, &ring, &p);
	/* both flags are of 6.5 */
	if (!t_kernel_knows_setup_flag(IORING_SETUP_NO_MMAP)) {
		CHECK_RET(ret, -EINVAL);
		SKIP("everything else passed; kernel lacks IORING_SETUP_REGISTERED_FD_ONLY and NO_MMAP");
	}
	CHECK_RET(ret, 0);
	CHECK(ring.ring_fd == -1, "ring_fd %d", ring.ring_fd);
	CHECK(ring.int_flags & IORING_ENTER_REGISTERED_RING, "int_flags %u", ring.int_flags);
	nops(&ring, 5);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
