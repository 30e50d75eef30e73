/*
 * IORING_SETUP_IOPOLL: the ring records that completions are only found by entering the
 * kernel (liburing's INT_FLAG_CQ_ENTER, bit 4 of int_flags, not set when an SQPOLL thread polls);
 * then an O_DIRECT write + read of a file on TEST_TMPDIR, polled to completion with wait_cqe /
 * peek_cqe, compares bytes. Skips (with the reason) when O_DIRECT or polled I/O is not
 * supported by the filesystem/device (e.g. virtio disks without poll queues: -EOPNOTSUPP).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <liburing.h>
#include "helpers.h"

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_queue_init(8, &ring, IORING_SETUP_IOPOLL), 0);
	CHECK(ring.flags & IORING_SETUP_IOPOLL, "flags");
	CHECK(ring.int_flags & 4, "IOPOLL ring without INT_FLAG_CQ_ENTER (int_flags %u)", ring.int_flags);

	/* peek on an empty IOPOLL ring still answers -EAGAIN (after one enter) */
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	io_uring_queue_exit(&ring);

	/* SQPOLL + IOPOLL: the SQ thread polls, the library need not enter for completions */
	struct io_uring_params p = { .flags = IORING_SETUP_IOPOLL | IORING_SETUP_SQPOLL };
	CHECK_RET(io_uring_queue_init_params(8, &ring, &p), 0);
	CHECK(!(ring.int_flags & 4), "int_flags %u", ring.int_flags);
	io_uring_queue_exit(&ring);
	CHECK_RET(io_uring_queue_init(8, &ring, IORING_SETUP_IOPOLL), 0);

	const char *path = t_tmpfile("core_iopoll");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0600);
	if (fd < 0 && errno == EINVAL)
		SKIP("O_DIRECT not supported on %s", path);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	unlink(path);
	void *wbuf, *rbuf;
	CHECK(posix_memalign(&wbuf, 4096, 65536) == 0 && posix_memalign(&rbuf, 4096, 65536) == 0, "memalign");
	for (int i = 0; i < 65536; i++)
		((char *)wbuf)[i] = (char)(i * 13);
	memset(rbuf, 0, 65536);

	io_uring_prep_write(io_uring_get_sqe(&ring), fd, wbuf, 65536, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
	int res = cqe->res;
	io_uring_cqe_seen(&ring, cqe);
	if (res == -EOPNOTSUPP || res == -EINVAL) {
		printf("skip: polled O_DIRECT I/O not supported here (res %d: %s)\n", res, strerror(-res));
		return T_SKIP;
	}
	CHECK(res == 65536, "write res %d", res);
	for (int i = 0; i < 4; i++)
		io_uring_prep_read(io_uring_get_sqe(&ring), fd, (char *)rbuf + i * 16384, 16384, i * 16384);
	CHECK_RET(io_uring_submit(&ring), 4);
	for (int i = 0; i < 4; i++) {
		int ret;
		int spins = 0;
		while ((ret = io_uring_peek_cqe(&ring, &cqe)) == -EAGAIN && spins++ < 100000)
			;
		CHECK_RET(ret, 0);
		if (cqe->res == -EOPNOTSUPP)
			SKIP("polled O_DIRECT reads not supported here (res -EOPNOTSUPP)");
		CHECK(cqe->res == 16384, "read res %d", cqe->res);
		io_uring_cqe_seen(&ring, cqe);
	}
	CHECK(memcmp(wbuf, rbuf, 65536) == 0, "data differs");
	close(fd);
	io_uring_queue_exit(&ring);

	return T_PASS;
}
