/*
 * Setting a ring up by hand: io_uring_setup (the raw wrapper) gives an fd and params,
 * io_uring_queue_mmap maps it into a struct io_uring that then works like any other
 * (with and without IORING_SETUP_NO_SQARRAY); io_uring_queue_mmap on a non-ring fd fails.
 * io_uring_ring_dontfork marks the ring memory MADV_DONTFORK: a forked child has no ring
 * mapping (touching it faults) while the parent keeps using the ring.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <liburing.h>
#include "helpers.h"

static void use_ring(struct io_uring *ring)
{
	for (int i = 0; i < 20; i++) {
		t_nop(ring, (__u64)i);
		CHECK_RET(io_uring_submit_and_wait(ring, 1), 1);
		struct io_uring_cqe *cqe;
		CHECK_RET(io_uring_peek_cqe(ring, &cqe), 0);
		CHECK(cqe->user_data == (__u64)i, "ud");
		io_uring_cqe_seen(ring, cqe);
	}
}

static void by_hand(unsigned flags)
{
	struct io_uring_params p = { .flags = flags };
	int fd = io_uring_setup(8, &p);
	CHECK(fd >= 0, "io_uring_setup: %d", fd);
	struct io_uring ring;
	memset(&ring, 0xff, sizeof(ring));
	CHECK_RET(io_uring_queue_mmap(fd, &p, &ring), 0);
	CHECK(ring.ring_fd == fd && ring.enter_ring_fd == fd, "fds %d %d", ring.ring_fd, ring.enter_ring_fd);
	CHECK(ring.sq.ring_entries == 8 && ring.cq.ring_entries == 16, "entries");
	CHECK(ring.flags == p.flags && ring.features == p.features, "flags/features");
	CHECK((flags & IORING_SETUP_NO_SQARRAY) ? ring.sq.array == NULL : ring.sq.array != NULL, "array");
	CHECK(ring.int_flags == 0, "int_flags %u", ring.int_flags);
	use_ring(&ring);
	io_uring_queue_exit(&ring); /* also closes fd */
	CHECK(fcntl(fd, F_GETFD) == -1 && errno == EBADF, "fd %d still open after queue_exit", fd);
}

int main(void)
{
	by_hand(0);
	/* NO_SQARRAY (6.6) and CQE32 (5.19) where the kernel has them; the skip at the end names
	 * what it lacks */
	const char *lacks = NULL;
	if (t_kernel_setup_flags(IORING_SETUP_NO_SQARRAY))
		by_hand(IORING_SETUP_NO_SQARRAY);
	else
		lacks = "IORING_SETUP_NO_SQARRAY";
	if (t_kernel_setup_flags(IORING_SETUP_CQE32))
		by_hand(IORING_SETUP_CQE32);
	else
		lacks = lacks ? "IORING_SETUP_NO_SQARRAY and CQE32" : "IORING_SETUP_CQE32";

	/* queue_mmap on something that is not a ring */
	struct io_uring_params p = { 0 };
	int fd = io_uring_setup(4, &p);
	CHECK(fd >= 0, "setup");
	int devnull = open("/dev/null", O_RDWR);
	struct io_uring ring;
	int ret = io_uring_queue_mmap(devnull, &p, &ring);
	CHECK(ret < 0, "queue_mmap on /dev/null returned %d", ret);
	close(devnull);
	close(fd);

	/* dontfork */
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	CHECK_RET(io_uring_ring_dontfork(&ring), 0);
	fflush(NULL);
	pid_t pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		volatile unsigned v = *ring.sq.khead; /* not mapped in the child */
		(void)v;
		_exit(0);
	}
	int status;
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "child could read the ring (status %x): dontfork not applied", status);
	use_ring(&ring);
	io_uring_queue_exit(&ring);

	/* dontfork on an exited ring is refused */
	CHECK_RET(io_uring_ring_dontfork(&ring), -EINVAL);
	if (lacks)
		SKIP("everything else passed; kernel refuses %s (raw io_uring_setup: -EINVAL)", lacks);
	return T_PASS;
}
