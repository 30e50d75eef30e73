/* Provided buffers: a registered buffer ring (io_uring_register_buf_ring, and the inline
 * io_uring_buf_ring_init/add/advance/cq_advance of liburing 2.3) feeding a multishot recv on a
 * socketpair, then classic provide_buffers with a buffer-select read. */
#include "common.h"
#include <sys/mman.h>
#include <sys/socket.h>

#define BGID 7
#define NBUFS 8
#define BUFSZ 64

static struct io_uring_cqe *wait_cqe(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	int ret = io_uring_wait_cqe(ring, &cqe);
	if (ret < 0)
		FAIL("io_uring_wait_cqe: %s", strerror(-ret));
	return cqe;
}

int main(void)
{
	struct io_uring ring;
	init_ring(&ring, 16, 0);

	size_t ring_size = NBUFS * sizeof(struct io_uring_buf);
	struct io_uring_buf_ring *br = mmap(NULL, ring_size, PROT_READ | PROT_WRITE,
					    MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	CHECK(br != MAP_FAILED);
	struct io_uring_buf_reg reg = { .ring_addr = (unsigned long)br, .ring_entries = NBUFS, .bgid = BGID };
	int ret = io_uring_register_buf_ring(&ring, &reg, 0);
	printf("register_buf_ring: %d\n", ret);
	if (ret == -EINVAL)
		SKIP("kernel refuses buffer rings");
	CHECK(ret == 0);
	static char bufs[NBUFS][BUFSZ];
	io_uring_buf_ring_init(br);
	for (int i = 0; i < NBUFS; i++)
		io_uring_buf_ring_add(br, bufs[i], BUFSZ, i, io_uring_buf_ring_mask(NBUFS), i);
	io_uring_buf_ring_advance(br, NBUFS);

	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_recv_multishot(sqe, sv[0], NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BGID;
	io_uring_sqe_set_data64(sqe, 42);
	printf("submit: %d\n", io_uring_submit(&ring));

	for (int msg = 0; msg < 12; msg++) {
		char text[32];
		int len = snprintf(text, sizeof(text), "message %d", msg);
		CHECK(write(sv[1], text, len) == len);
		struct io_uring_cqe *cqe = wait_cqe(&ring);
		unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
		printf("recv %d: res=%d data=%llu buffer=%d more=%d bid=%u '%.*s'\n", msg, cqe->res,
		       (unsigned long long)cqe->user_data, !!(cqe->flags & IORING_CQE_F_BUFFER),
		       !!(cqe->flags & IORING_CQE_F_MORE), bid, cqe->res > 0 ? cqe->res : 0, bufs[bid % NBUFS]);
		if (!(cqe->flags & IORING_CQE_F_BUFFER) || cqe->res <= 0) {
			io_uring_cqe_seen(&ring, cqe);
			break;
		}
		/* recycle the buffer and retire the CQE in one go */
		io_uring_buf_ring_add(br, bufs[bid], BUFSZ, bid, io_uring_buf_ring_mask(NBUFS), 0);
		io_uring_buf_ring_cq_advance(&ring, br, 1);
	}
	shutdown(sv[1], SHUT_WR);
	struct io_uring_cqe *cqe = wait_cqe(&ring);
	printf("after shutdown: res=%d more=%d\n", cqe->res, !!(cqe->flags & IORING_CQE_F_MORE));
	io_uring_cqe_seen(&ring, cqe);
	printf("unregister_buf_ring: %d\n", io_uring_unregister_buf_ring(&ring, BGID));
	close(sv[0]);
	close(sv[1]);

	/* classic provided buffers + buffer-select read on a pipe */
	static char pbufs[4][BUFSZ];
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_provide_buffers(sqe, pbufs, BUFSZ, 4, 3, 100);
	io_uring_submit(&ring);
	cqe = wait_cqe(&ring);
	printf("provide_buffers: res=%d\n", cqe->res);
	io_uring_cqe_seen(&ring, cqe);
	int pfd[2];
	CHECK(pipe(pfd) == 0);
	CHECK(write(pfd[1], "piped", 5) == 5);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, pfd[0], NULL, BUFSZ, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = 3;
	io_uring_submit(&ring);
	cqe = wait_cqe(&ring);
	unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
	printf("select read: res=%d bid=%u '%.*s'\n", cqe->res, bid, cqe->res > 0 ? cqe->res : 0,
	       bid >= 100 && bid < 104 ? pbufs[bid - 100] : "");
	io_uring_cqe_seen(&ring, cqe);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_remove_buffers(sqe, 4, 3);
	io_uring_submit(&ring);
	cqe = wait_cqe(&ring);
	printf("remove_buffers: res=%d\n", cqe->res);
	io_uring_cqe_seen(&ring, cqe);

	io_uring_queue_exit(&ring);
	munmap(br, ring_size);
	print_liburing_maps();
	return 0;
}
