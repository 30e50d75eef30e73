/* NOP, write/read/writev/readv on a file, linked write+fsync, timeouts, peek, wait with timeout,
 * and the inline SQ/CQ accounting of liburing 2.3's header (sq_ready, sq_space_left, cq_ready),
 * all on a program built against the system header. */
#include "common.h"
#include <sys/uio.h>

int main(int argc, char **argv)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	const char *dir = argc > 1 ? argv[1] : NULL;

	init_ring(&ring, 8, 0);
	printf("entries: sq=%u cq=%u\n", ring.sq.ring_entries, ring.cq.ring_entries);
	CHECK(ring.ring_fd >= 0);

	/* peek on an empty ring */
	printf("peek empty: %d\n", io_uring_peek_cqe(&ring, &cqe));
	printf("cq_ready empty: %u\n", io_uring_cq_ready(&ring));

	/* NOP, with the SQ accounting the 2.3 header does inline */
	sqe = io_uring_get_sqe(&ring);
	CHECK(sqe);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 1);
	printf("sq_ready: %u space_left: %u\n", io_uring_sq_ready(&ring), io_uring_sq_space_left(&ring));
	printf("submit: %d\n", io_uring_submit(&ring));
	printf("sq_ready after submit: %u\n", io_uring_sq_ready(&ring));
	wait_one(&ring, "nop");

	/* the SQ is full after 8 get_sqe */
	int got = 0;
	while (io_uring_get_sqe(&ring))
		got++;
	printf("get_sqe until full: %d\n", got);
	printf("submit_and_wait 8: %d\n", io_uring_submit_and_wait(&ring, 8));
	printf("cq_ready: %u\n", io_uring_cq_ready(&ring));
	/* get_sqe returned SQEs we did not prep: they hold zeroes or older NOPs; drain them */
	for (int i = 0; i < 8; i++) {
		CHECK(io_uring_peek_cqe(&ring, &cqe) == 0);
		io_uring_cqe_seen(&ring, cqe);
	}
	printf("peek drained: %d\n", io_uring_peek_cqe(&ring, &cqe));

	/* write, then read back */
	int fd = scratch_fd(dir);
	char wbuf[4096], rbuf[4096];
	for (unsigned i = 0; i < sizeof(wbuf); i++)
		wbuf[i] = (char)('a' + i % 26);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_write(sqe, fd, wbuf, sizeof(wbuf), 0);
	io_uring_sqe_set_data64(sqe, 2);
	io_uring_submit(&ring);
	wait_one(&ring, "write");
	memset(rbuf, 0, sizeof(rbuf));
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, fd, rbuf, sizeof(rbuf), 0);
	io_uring_sqe_set_data64(sqe, 3);
	io_uring_submit(&ring);
	wait_one(&ring, "read");
	printf("read matches: %d\n", !memcmp(wbuf, rbuf, sizeof(rbuf)));

	/* writev + fsync linked, readv */
	char a[] = "hello ", b[] = "drop-in";
	struct iovec wv[2] = { { a, 6 }, { b, 7 } };
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_writev(sqe, fd, wv, 2, 4096);
	sqe->flags |= IOSQE_IO_LINK;
	io_uring_sqe_set_data64(sqe, 4);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
	io_uring_sqe_set_data64(sqe, 5);
	printf("submit linked: %d\n", io_uring_submit_and_wait(&ring, 2));
	wait_one(&ring, "writev");
	wait_one(&ring, "fsync");
	char r1[7] = {0}, r2[7] = {0};
	struct iovec rv[2] = { { r1, 6 }, { r2, 6 } };
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_readv(sqe, fd, rv, 2, 4096);
	io_uring_sqe_set_data64(sqe, 6);
	io_uring_submit(&ring);
	wait_one(&ring, "readv");
	printf("readv: '%s' '%s'\n", r1, r2);
	close(fd);

	/* a timeout that expires, and one that completes on a count */
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 10 * 1000 * 1000 };
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_timeout(sqe, &ts, 0, 0);
	io_uring_sqe_set_data64(sqe, 7);
	io_uring_submit(&ring);
	wait_one(&ring, "timeout");
	struct __kernel_timespec longts = { .tv_sec = 10 };
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_timeout(sqe, &longts, 1, 0);
	io_uring_sqe_set_data64(sqe, 8);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 9);
	io_uring_submit_and_wait(&ring, 2);
	/* order of the two completions is the kernel's; print them sorted */
	int res[2] = { 99, 99 };
	for (int i = 0; i < 2; i++) {
		CHECK(io_uring_wait_cqe(&ring, &cqe) == 0);
		CHECK(cqe->user_data == 8 || cqe->user_data == 9);
		res[cqe->user_data - 8] = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
	}
	printf("count timeout: res=%d nop: res=%d\n", res[0], res[1]);

	/* timeout removal */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_timeout(sqe, &longts, 0, 0);
	io_uring_sqe_set_data64(sqe, 10);
	io_uring_submit(&ring);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_timeout_remove(sqe, 10, 0);
	io_uring_sqe_set_data64(sqe, 11);
	io_uring_submit_and_wait(&ring, 2);
	for (int i = 0; i < 2; i++) {
		CHECK(io_uring_wait_cqe(&ring, &cqe) == 0);
		res[cqe->user_data - 10] = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
	}
	printf("timeout removed: res=%d remove: res=%d\n", res[0], res[1]);

	/* library waits with a timeout on an empty ring */
	struct __kernel_timespec shortts = { .tv_sec = 0, .tv_nsec = 5 * 1000 * 1000 };
	printf("wait_cqe_timeout empty: %d\n", io_uring_wait_cqe_timeout(&ring, &cqe, &shortts));
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 12);
	printf("submit_and_wait_timeout: %d\n", io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &shortts, NULL));
	printf("cqe: res=%d data=%llu\n", cqe->res, (unsigned long long)cqe->user_data);
	io_uring_cqe_seen(&ring, cqe);
	printf("wait_cqes empty: %d\n", io_uring_wait_cqes(&ring, &cqe, 1, &shortts, NULL));

	/* a second ring with params */
	struct io_uring ring2;
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 64;
	int ret = io_uring_queue_init_params(4, &ring2, &p);
	printf("init_params: %d sq=%u cq=%u\n", ret, ring2.sq.ring_entries, ring2.cq.ring_entries);
	sqe = io_uring_get_sqe(&ring2);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 13);
	io_uring_submit(&ring2);
	wait_one(&ring2, "ring2 nop");
	io_uring_queue_exit(&ring2);

	io_uring_queue_exit(&ring);
	print_liburing_maps();
	return 0;
}
