/*
 * Error paths of ring setup and use, with liburing's answers: queue_init(0) and entries above
 * 32768 -> -EINVAL (IORING_SETUP_CLAMP clamps instead), an unknown setup flag bit -> the
 * kernel's -EINVAL, CQSIZE with cq_entries 0 / smaller than the SQ / above 65536 -> -EINVAL
 * (CLAMP clamps the CQ too), SQ_AFF without SQPOLL -> -EINVAL, ATTACH_WQ to a closed fd
 * -> -ENXIO, get_sqe on a full SQ -> NULL, peek_cqe on an empty CQ -> -EAGAIN and
 * NULL. Failed setups leave nothing behind: /proc/self/fd and /proc/self/maps are the same
 * size before and after 100 rounds of failing inits (including NO_MMAP ones whose memory the
 * library allocated before the kernel refused).
 *
 * Written against the liburing API common to 2.3 and 2.15: ctests/core_errors_vs_liburing.sh
 * also builds it against the system liburing to show the same answers.
 */
#include <fcntl.h>
#include <stdio.h>
#include <liburing.h>
#include "helpers.h"

static int count_maps(void)
{
	int n = 0, c;
	FILE *f = fopen("/proc/self/maps", "r");
	CHECK(f, "maps");
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static int init_p(unsigned entries, unsigned flags, unsigned cq_entries, int wq_fd)
{
	struct io_uring ring;
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	p.flags = flags;
	p.cq_entries = cq_entries;
	p.wq_fd = wq_fd;
	int ret = io_uring_queue_init_params(entries, &ring, &p);
	if (ret == 0)
		io_uring_queue_exit(&ring);
	return ret;
}

static void failing_inits(void)
{
	struct io_uring ring;
	int devnull = open("/dev/null", O_RDONLY);
	CHECK_RET(io_uring_queue_init(0, &ring, 0), -EINVAL);
	CHECK_RET(io_uring_queue_init(32769, &ring, 0), -EINVAL);
	CHECK_RET(io_uring_queue_init(1U << 31, &ring, 0), -EINVAL);
	CHECK_RET(io_uring_queue_init(8, &ring, 1U << 31), -EINVAL);
	CHECK_RET(io_uring_queue_init(8, &ring, 1U << 29), -EINVAL);
	CHECK_RET(init_p(8, IORING_SETUP_CQSIZE, 0, 0), -EINVAL);
	CHECK_RET(init_p(8, IORING_SETUP_CQSIZE, 4, 0), -EINVAL);
	CHECK_RET(init_p(8, IORING_SETUP_CQSIZE, 65537, 0), -EINVAL);
	CHECK_RET(init_p(8, IORING_SETUP_SQ_AFF, 0, 0), -EINVAL);
	int ret = init_p(8, IORING_SETUP_ATTACH_WQ, 0, devnull);
	CHECK(ret == -EINVAL || ret == -EBADF, "ATTACH_WQ to /dev/null: %d", ret);
	CHECK_RET(init_p(8, IORING_SETUP_ATTACH_WQ, 0, 12345), -ENXIO); /* the kernel says ENXIO */
	CHECK_RET(init_p(8, IORING_SETUP_DEFER_TASKRUN, 0, 0), -EINVAL);
#ifdef IORING_SETUP_NO_MMAP
	CHECK_RET(init_p(8, IORING_SETUP_NO_MMAP | (1U << 29), 0, 0), -EINVAL);
	CHECK_RET(init_p(0, IORING_SETUP_NO_MMAP, 0, 0), -EINVAL);
	CHECK_RET(init_p(8, IORING_SETUP_NO_MMAP | IORING_SETUP_CQSIZE, 2, 0), -EINVAL);
#endif
	close(devnull);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_params p;

	/* CLAMP: oversized SQ and CQ are clamped to the kernel maximum */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CLAMP;
	CHECK_RET(io_uring_queue_init_params(100000, &ring, &p), 0);
	CHECK(ring.sq.ring_entries == 32768 && ring.cq.ring_entries == 65536, "clamped to %u/%u",
	      ring.sq.ring_entries, ring.cq.ring_entries);
	io_uring_queue_exit(&ring);
	CHECK_RET(init_p(8, IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP, 1000000, 0), 0);
	/* CQSIZE rounds up to a power of two */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 100;
	CHECK_RET(io_uring_queue_init_params(8, &ring, &p), 0);
	CHECK(ring.cq.ring_entries == 128 && p.cq_entries == 128, "cq %u", ring.cq.ring_entries);
	/* entries round up too */
	io_uring_queue_exit(&ring);
	CHECK_RET(io_uring_queue_init(5, &ring, 0), 0);
	CHECK(ring.sq.ring_entries == 8 && ring.cq.ring_entries == 16, "5 entries gave %u/%u", ring.sq.ring_entries,
	      ring.cq.ring_entries);

	/* get_sqe on a full SQ and peek on an empty CQ */
	for (int i = 0; i < 8; i++)
		CHECK(io_uring_get_sqe(&ring), "sqe %d", i);
	CHECK(io_uring_get_sqe(&ring) == NULL, "sqe past full SQ");
	struct io_uring_cqe *cqe = (struct io_uring_cqe *)&p;
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	CHECK(cqe == NULL, "cqe not NULL");
	unsigned head, n = 0;
	io_uring_for_each_cqe(&ring, head, cqe)
		n++;
	CHECK(n == 0, "for_each on empty CQ saw %u", n);
	io_uring_queue_exit(&ring);

	/* no fd or mapping leaks across 100 rounds of failing setups */
	failing_inits(); /* warm up anything lazily allocated (stdio, dirent buffers) */
	int fds = t_count_fds(), maps = count_maps();
	for (int i = 0; i < 100; i++)
		failing_inits();
	CHECK(t_count_fds() == fds, "fds %d -> %d", fds, t_count_fds());
	CHECK(count_maps() == maps, "maps %d -> %d", maps, count_maps());

	/* and none across 100 successful init/exit pairs either (of the ring kinds this kernel
	 * has: 5.10 has neither big entries nor NO_MMAP) */
	int big = t_kernel_setup_flags(IORING_SETUP_SQE128 | IORING_SETUP_CQE32);
#ifdef IORING_SETUP_NO_MMAP
	int no_mmap = t_kernel_knows_setup_flag(IORING_SETUP_NO_MMAP);
#endif
	for (int i = 0; i < 100; i++) {
		CHECK_RET(init_p(8, 0, 0, 0), 0);
		if (big)
			CHECK_RET(init_p(8, IORING_SETUP_SQE128 | IORING_SETUP_CQE32, 0, 0), 0);
#ifdef IORING_SETUP_NO_MMAP
		if (no_mmap)
			CHECK_RET(init_p(8, IORING_SETUP_NO_MMAP, 0, 0), 0);
#endif
	}
	CHECK(t_count_fds() == fds, "fds %d -> %d after good rings", fds, t_count_fds());
	CHECK(count_maps() == maps, "maps %d -> %d after good rings", maps, count_maps());
	return T_PASS;
}
