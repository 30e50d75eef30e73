/*
 * Reads and writes of a regular file through the ring: io_uring_prep_write then
 * io_uring_prep_read at offsets, io_uring_prep_writev/readv with several iovecs, and
 * offset -1 (current file position). Every byte read back is compared with what was written.
 */
#include <fcntl.h>
#include <sys/uio.h>
#include <liburing.h>
#include "helpers.h"

static int run(struct io_uring *ring, __u64 ud)
{
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_submit(ring), 1);
	CHECK_RET(io_uring_wait_cqe(ring, &cqe), 0);
	CHECK(cqe->user_data == ud, "user_data %llu want %llu", (unsigned long long)cqe->user_data,
	      (unsigned long long)ud);
	int res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

int main(void)
{
	struct io_uring ring;
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	const char *path = t_tmpfile("core_rw_file");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	unlink(path);

	char wbuf[8192], rbuf[8192];
	for (size_t i = 0; i < sizeof(wbuf); i++)
		wbuf[i] = (char)(i * 7 + 3);

	/* write 8 KiB at offset 0, read it back at offset 0 */
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_write(sqe, fd, wbuf, sizeof(wbuf), 0);
	sqe->user_data = 1;
	CHECK_RET(run(&ring, 1), sizeof(wbuf));
	memset(rbuf, 0, sizeof(rbuf));
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, fd, rbuf, sizeof(rbuf), 0);
	sqe->user_data = 2;
	CHECK_RET(run(&ring, 2), sizeof(rbuf));
	CHECK(memcmp(rbuf, wbuf, sizeof(wbuf)) == 0, "read-back differs");

	/* a read at an offset returns the tail, a read past EOF returns 0 */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, fd, rbuf, sizeof(rbuf), 8000);
	sqe->user_data = 3;
	CHECK_RET(run(&ring, 3), 192);
	CHECK(memcmp(rbuf, wbuf + 8000, 192) == 0, "offset read differs");
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, fd, rbuf, sizeof(rbuf), 1 << 20);
	sqe->user_data = 4;
	CHECK_RET(run(&ring, 4), 0);

	/* writev of three iovecs at offset 8192, readv into two differently split iovecs */
	char a[100], b[1000], c[3000];
	memset(a, 'a', sizeof(a));
	memset(b, 'b', sizeof(b));
	memset(c, 'c', sizeof(c));
	struct iovec wv[3] = { { a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) } };
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_writev(sqe, fd, wv, 3, 8192);
	sqe->user_data = 5;
	CHECK_RET(run(&ring, 5), 4100);
	char r1[2050], r2[2050];
	struct iovec rv[2] = { { r1, sizeof(r1) }, { r2, sizeof(r2) } };
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_readv(sqe, fd, rv, 2, 8192);
	sqe->user_data = 6;
	CHECK_RET(run(&ring, 6), 4100);
	char all[4100];
	memcpy(all, r1, sizeof(r1));
	memcpy(all + sizeof(r1), r2, sizeof(r2));
	for (int i = 0; i < 4100; i++) {
		char want = i < 100 ? 'a' : i < 1100 ? 'b' : 'c';
		CHECK(all[i] == want, "byte %d is %c", i, all[i]);
	}

	/* offset -1 uses and advances the file position */
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek");
	for (int i = 0; i < 4; i++) {
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read(sqe, fd, rbuf, 1000, -1);
		sqe->user_data = 10 + i;
		CHECK_RET(run(&ring, 10 + i), 1000);
		CHECK(memcmp(rbuf, wbuf + i * 1000, 1000) == 0, "sequential read %d differs", i);
	}
	CHECK(lseek(fd, 0, SEEK_CUR) == 4000, "file position not advanced");

	/* a read on a bad fd completes with -EBADF in cqe->res */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, 9999, rbuf, 10, 0);
	sqe->user_data = 20;
	CHECK_RET(run(&ring, 20), -EBADF);

	close(fd);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
