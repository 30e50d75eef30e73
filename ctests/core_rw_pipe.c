/*
 * Pipe I/O through the ring: writev of several iovecs into a pipe and readv out of it
 * (offset 0 is ignored for pipes), a read queued before any data arrives completing once a
 * writev supplies it, and a read of a closed pipe returning 0 (EOF).
 */
#include <sys/uio.h>
#include <liburing.h>
#include "helpers.h"

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	int p[2];
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	CHECK(pipe(p) == 0, "pipe");

	char w1[] = "hello, ", w2[] = "io_uring ", w3[] = "pipe";
	struct iovec wv[3] = { { w1, strlen(w1) }, { w2, strlen(w2) }, { w3, strlen(w3) } };
	size_t total = strlen(w1) + strlen(w2) + strlen(w3);
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_writev(sqe, p[1], wv, 3, 0);
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), 0);
	CHECK(cqe->res == (int)total, "writev res %d", cqe->res);
	io_uring_cqe_seen(&ring, cqe);

	char r1[5], r2[64];
	memset(r2, 0, sizeof(r2));
	struct iovec rv[2] = { { r1, sizeof(r1) }, { r2, sizeof(r2) } };
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_readv(sqe, p[0], rv, 2, 0);
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
	CHECK(cqe->res == (int)total, "readv res %d", cqe->res);
	io_uring_cqe_seen(&ring, cqe);
	CHECK(memcmp(r1, "hello", 5) == 0 && strcmp(r2, ", io_uring pipe") == 0, "data '%.5s%s'", r1, r2);

	/* A read on an empty pipe stays pending until data is written. */
	char buf[32] = { 0 };
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, p[0], buf, sizeof(buf), 0);
	io_uring_sqe_set_data64(sqe, 42);
	CHECK_RET(io_uring_submit(&ring), 1);
	usleep(20000);
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	struct iovec one = { (void *)"late", 4 };
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_writev(sqe, p[1], &one, 1, 0);
	io_uring_sqe_set_data64(sqe, 43);
	CHECK_RET(io_uring_submit_and_wait(&ring, 2), 1);
	CHECK(io_uring_cq_ready(&ring) == 2, "cq_ready %u", io_uring_cq_ready(&ring));
	for (int i = 0; i < 2; i++) {
		CHECK_RET(io_uring_peek_cqe(&ring, &cqe), 0);
		CHECK(cqe->res == 4, "res %d for %llu", cqe->res, (unsigned long long)cqe->user_data);
		io_uring_cqe_seen(&ring, cqe);
	}
	CHECK(memcmp(buf, "late", 4) == 0, "buf '%s'", buf);

	/* EOF once the write end is closed */
	close(p[1]);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, p[0], buf, sizeof(buf), 0);
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
	CHECK(cqe->res == 0, "EOF res %d", cqe->res);
	io_uring_cqe_seen(&ring, cqe);
	close(p[0]);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
