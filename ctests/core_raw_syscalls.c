/*
 * The raw system-call wrappers return -errno and never touch errno: io_uring_setup (0 entries
 * -> -EINVAL, unknown flag -> -EINVAL, bad params pointer -> -EFAULT), io_uring_enter and
 * io_uring_enter2 (bad fd -> -EBADF, a non-ring fd -> -EOPNOTSUPP, a real submission by hand,
 * an EXT_ARG timed wait -> -ETIME), io_uring_register (bad fd -> -EBADF, fd -1 with a
 * ring opcode -> -EINVAL, unknown opcode -> -EINVAL). io_uring_mlock_size / _params: 0 on kernels with IORING_FEAT_NATIVE_WORKERS, -EINVAL
 * for 0 entries. Version functions and macros: 2.15, io_uring_check_version true only for newer.
 */
#include <liburing.h>
#include "helpers.h"

#define NO_ERRNO(call, want)                                                  \
	do {                                                                  \
		errno = 4321;                                                 \
		CHECK_RET(call, want);                                        \
		CHECK(errno == 4321, "%s set errno to %d", #call, errno);    \
	} while (0)

int main(void)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	NO_ERRNO(io_uring_setup(0, &p), -EINVAL);
	p.flags = 1U << 31;
	NO_ERRNO(io_uring_setup(8, &p), -EINVAL);
	NO_ERRNO(io_uring_setup(8, (struct io_uring_params *)16), -EFAULT);
	NO_ERRNO(io_uring_enter(-1, 0, 0, 0, NULL), -EBADF);
	NO_ERRNO(io_uring_enter(12345, 1, 0, 0, NULL), -EBADF);
	NO_ERRNO(io_uring_enter2(-1, 0, 0, 0, NULL, 0), -EBADF);
	NO_ERRNO(io_uring_register(12345, IORING_REGISTER_PROBE, NULL, 0), -EBADF);
	/* fd -1 is the "blind" register (no ring) of kernels that have one (6.13): PROBE is not
	 * one of those, -EINVAL; older kernels (5.10) look the fd up first, -EBADF. The wrapper
	 * answers as the kernel does. */
	int blind = t_raw_register(-1, IORING_REGISTER_PROBE, NULL, 0);
	CHECK(blind == -EINVAL || blind == -EBADF, "raw register(-1, PROBE): %d", blind);
	NO_ERRNO(io_uring_register(-1, IORING_REGISTER_PROBE, NULL, 0), blind);
	int pfd[2];
	CHECK(pipe(pfd) == 0, "pipe");
	NO_ERRNO(io_uring_enter(pfd[0], 0, 0, 0, NULL), -EOPNOTSUPP);
	NO_ERRNO(io_uring_register(pfd[0], IORING_REGISTER_PROBE, NULL, 0), -EOPNOTSUPP);
	close(pfd[0]);
	close(pfd[1]);

	/* A ring driven entirely by hand through the raw calls */
	memset(&p, 0, sizeof(p));
	int fd = io_uring_setup(4, &p);
	CHECK(fd >= 0, "setup %d", fd);
	struct io_uring ring;
	CHECK_RET(io_uring_queue_mmap(fd, &p, &ring), 0);
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 77;
	unsigned tail = *ring.sq.ktail;
	if (ring.sq.array)
		ring.sq.array[tail & ring.sq.ring_mask] = 0;
	io_uring_smp_store_release(ring.sq.ktail, tail + 1);
	ring.sq.sqe_head = ring.sq.sqe_tail;
	NO_ERRNO(io_uring_enter(fd, 1, 1, IORING_ENTER_GETEVENTS, NULL), 1);
	CHECK(io_uring_cq_ready(&ring) == 1, "cq_ready");
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), 0);
	CHECK(cqe->user_data == 77, "ud");
	io_uring_cqe_seen(&ring, cqe);
	NO_ERRNO(io_uring_register(fd, 9999, NULL, 0), -EINVAL);

	/* enter2 with an EXT_ARG timeout of 10 ms */
	struct __kernel_timespec ts = { .tv_nsec = 10000000 };
	struct io_uring_getevents_arg arg;
	memset(&arg, 0, sizeof(arg));
	arg.ts = (unsigned long)&ts;
	NO_ERRNO(io_uring_enter2(fd, 0, 1, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, &arg, sizeof(arg)), -ETIME);
	/* wrong argument size */
	NO_ERRNO(io_uring_enter2(fd, 0, 1, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, &arg, 3), -EINVAL);
	/* enter with a signal mask (classic form), nothing to wait for */
	sigset_t mask;
	sigemptyset(&mask);
	NO_ERRNO(io_uring_enter(fd, 0, 0, IORING_ENTER_GETEVENTS, &mask), 0);
	io_uring_queue_exit(&ring);

	/* mlock sizes */
	int native = !!(p.features & IORING_FEAT_NATIVE_WORKERS);
	if (native) {
		CHECK_RET(io_uring_mlock_size(8, 0), 0);
		CHECK_RET(io_uring_mlock_size(4096, IORING_SETUP_SQE128), 0);
		memset(&p, 0, sizeof(p));
		CHECK_RET(io_uring_mlock_size_params(64, &p), 0);
	} else {
		CHECK(io_uring_mlock_size(8, 0) > 0, "mlock_size");
	}
	NO_ERRNO(io_uring_mlock_size(0, 0), -EINVAL);
	memset(&p, 0, sizeof(p));
	NO_ERRNO(io_uring_mlock_size_params(0, &p), -EINVAL);

	/* versions */
	CHECK(io_uring_major_version() == 2 && io_uring_minor_version() == 15, "version %d.%d",
	      io_uring_major_version(), io_uring_minor_version());
	CHECK(IO_URING_VERSION_MAJOR == 2 && IO_URING_VERSION_MINOR == 15, "macros");
	CHECK(!io_uring_check_version(2, 15), "2.15");
	CHECK(!io_uring_check_version(2, 0), "2.0");
	CHECK(!io_uring_check_version(1, 99), "1.99");
	CHECK(io_uring_check_version(2, 16), "2.16");
	CHECK(io_uring_check_version(3, 0), "3.0");
#if IO_URING_CHECK_VERSION(2, 15)
	CHECK(0, "IO_URING_CHECK_VERSION(2, 15) is true");
#endif
#if !IO_URING_CHECK_VERSION(2, 16)
	CHECK(0, "IO_URING_CHECK_VERSION(2, 16) is false");
#endif
#if IO_URING_CHECK_VERSION(2, 3) || IO_URING_CHECK_VERSION(1, 0)
	CHECK(0, "IO_URING_CHECK_VERSION of an older version is true");
#endif
	return T_PASS;
}
