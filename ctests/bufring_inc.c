/*
 * Incrementally consumed buffer rings (IOU_PBUF_RING_INC): one large buffer serves several
 * receives, each completion carrying the same buffer id and the data placed right after the
 * previous piece; IORING_CQE_F_BUF_MORE says the buffer still has room.
 */
#include <liburing.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "helpers.h"

#define BGID 3
#define BIGSZ 4096
#define PIECE 100

int main(void)
{
	struct io_uring ring;
	struct io_uring_buf_ring *br;
	struct io_uring_cqe *cqe;
	static char big[BIGSZ];
	int sv[2], err;

	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	br = io_uring_setup_buf_ring(&ring, 2, BGID, IOU_PBUF_RING_INC, &err);
	if (!br && err == -EINVAL)
		SKIP("kernel lacks IOU_PBUF_RING_INC");
	CHECK(br, "setup_buf_ring INC: %d", err);
	io_uring_buf_ring_add(br, big, BIGSZ, 5, io_uring_buf_ring_mask(2), 0);
	io_uring_buf_ring_advance(br, 1);

	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair: %s", strerror(errno));
	unsigned off = 0;
	for (int i = 0; i < 5; i++) {
		char msg[PIECE];
		memset(msg, 'a' + i, sizeof(msg));
		CHECK(send(sv[1], msg, sizeof(msg), 0) == PIECE, "send");
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
		io_uring_prep_rw(IORING_OP_RECV, sqe, sv[0], NULL, 0, 0);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = BGID;
		CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
		CHECK_RET(io_uring_peek_cqe(&ring, &cqe), 0);
		CHECK(cqe->res == PIECE, "recv %d res %d", i, cqe->res);
		CHECK(cqe->flags & IORING_CQE_F_BUFFER, "no buffer");
		CHECK((cqe->flags >> IORING_CQE_BUFFER_SHIFT) == 5, "bid %u", cqe->flags >> IORING_CQE_BUFFER_SHIFT);
		CHECK(cqe->flags & IORING_CQE_F_BUF_MORE, "piece %d: buffer not kept (flags %x)", i, cqe->flags);
		for (int j = 0; j < PIECE; j++)
			CHECK(big[off + j] == 'a' + i, "piece %d byte %d is %c", i, j, big[off + j]);
		off += PIECE;
		io_uring_cqe_seen(&ring, cqe);
	}
	/* The kernel advanced the buffer in the ring itself; nothing was consumed whole. */
	uint16_t head;
	CHECK_RET(io_uring_buf_ring_head(&ring, BGID, &head), 0);
	CHECK(head == 0, "head %u after partial use", head);
	struct io_uring_buf *b = &br->bufs[0];
	CHECK(b->addr == (__u64)(uintptr_t)(big + off) && b->len == BIGSZ - off, "ring entry addr +%lld len %u",
	      (long long)(b->addr - (__u64)(uintptr_t)big), b->len);

	CHECK_RET(io_uring_free_buf_ring(&ring, br, 2, BGID), 0);
	close(sv[0]);
	close(sv[1]);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
