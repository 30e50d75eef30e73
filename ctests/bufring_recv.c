/*
 * Provided-buffer rings feeding multishot recv on a loopback UDP pair: every buffer id comes
 * back and is recycled (several laps of the ring), head/available track the kernel, and an
 * exhausted ring ends the multishot recv with -ENOBUFS. Run once with memory we map
 * (io_uring_setup_buf_ring default) and once with a kernel-allocated ring (IOU_PBUF_RING_MMAP).
 */
#include <liburing.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "helpers.h"

#define NBUFS 8
#define BUFSZ 64
#define BGID 7

static void udp_pair(int *rx, int *tx)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	*rx = socket(AF_INET, SOCK_DGRAM, 0);
	*tx = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(*rx >= 0 && *tx >= 0, "socket: %s", strerror(errno));
	CHECK(bind(*rx, (struct sockaddr *)&a, sizeof(a)) == 0, "bind: %s", strerror(errno));
	CHECK(getsockname(*rx, (struct sockaddr *)&a, &alen) == 0, "getsockname");
	CHECK(connect(*tx, (struct sockaddr *)&a, sizeof(a)) == 0, "connect: %s", strerror(errno));
}

static void prep_recv_multishot(struct io_uring_sqe *sqe, int fd, int bgid)
{
	io_uring_prep_rw(IORING_OP_RECV, sqe, fd, NULL, 0, 0);
	sqe->ioprio = IORING_RECV_MULTISHOT;
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = bgid;
	sqe->user_data = 42;
}

static void send_msg(int tx, unsigned seq)
{
	char msg[BUFSZ];
	int n = snprintf(msg, sizeof(msg), "message %u", seq);
	CHECK(send(tx, msg, n + 1, 0) == n + 1, "send: %s", strerror(errno));
}

static void run(unsigned flags)
{
	struct io_uring ring;
	struct io_uring_buf_ring *br;
	struct io_uring_cqe *cqe;
	static char bufs[NBUFS][BUFSZ];
	int rx, tx, err = -1;
	unsigned seen[NBUFS] = { 0 };
	uint16_t head;

	T_REQUIRE(T_BUF_RING, "buffer rings");
	CHECK_RET(io_uring_queue_init(16, &ring, 0), 0);
	br = io_uring_setup_buf_ring(&ring, NBUFS, BGID, flags, &err);
	if (!br && err == -EINVAL && (flags & IOU_PBUF_RING_MMAP))
		SKIP("kernel lacks IOU_PBUF_RING_MMAP");
	CHECK(br && err == 0, "setup_buf_ring flags %u: %d", flags, err);
	for (int i = 0; i < NBUFS; i++)
		io_uring_buf_ring_add(br, bufs[i], BUFSZ, i, io_uring_buf_ring_mask(NBUFS), i);
	io_uring_buf_ring_advance(br, NBUFS);
	/* IORING_REGISTER_PBUF_STATUS is of 6.8: an older kernel refuses the opcode */
	int status = io_uring_buf_ring_head(&ring, BGID, &head);
	if (status == -EINVAL && !t_kernel_has(T_PBUF_STATUS))
		SKIP("kernel lacks IORING_REGISTER_PBUF_STATUS (raw register: -EINVAL)");
	CHECK_RET(status, 0);
	CHECK(head == 0, "head %u", head);
	CHECK_RET(io_uring_buf_ring_available(&ring, br, BGID), NBUFS);

	udp_pair(&rx, &tx);
	prep_recv_multishot(io_uring_get_sqe(&ring), rx, BGID);
	CHECK_RET(io_uring_submit(&ring), 1);

	/* Four laps of the ring: each datagram lands in the next buffer, which we recycle. */
	for (unsigned seq = 0; seq < 4 * NBUFS; seq++) {
		char want[BUFSZ];
		send_msg(tx, seq);
		CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
		CHECK(cqe->user_data == 42, "user_data %llu", (unsigned long long)cqe->user_data);
		CHECK(cqe->res > 0, "recv res %d", cqe->res);
		CHECK(cqe->flags & IORING_CQE_F_BUFFER, "no buffer flag (%x)", cqe->flags);
		CHECK(cqe->flags & IORING_CQE_F_MORE, "multishot ended early (%x)", cqe->flags);
		unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
		CHECK(bid == seq % NBUFS, "bid %u for seq %u", bid, seq);
		snprintf(want, sizeof(want), "message %u", seq);
		CHECK(strcmp(bufs[bid], want) == 0, "buffer %u holds '%s'", bid, bufs[bid]);
		seen[bid]++;
		/* Recycle the buffer and consume the CQE in one step. */
		io_uring_buf_ring_add(br, bufs[bid], BUFSZ, bid, io_uring_buf_ring_mask(NBUFS), 0);
		io_uring_buf_ring_cq_advance(&ring, br, 1);
	}
	for (int i = 0; i < NBUFS; i++)
		CHECK(seen[i] == 4, "bid %d seen %u times", i, seen[i]);
	CHECK_RET(io_uring_buf_ring_head(&ring, BGID, &head), 0);
	CHECK(head == 4 * NBUFS, "head %u", head);
	CHECK_RET(io_uring_buf_ring_available(&ring, br, BGID), NBUFS);

	/* Stop recycling: NBUFS more datagrams use up the ring, the next one hits -ENOBUFS. */
	for (unsigned i = 0; i <= NBUFS; i++)
		send_msg(tx, 100 + i);
	unsigned got = 0;
	for (;;) {
		CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
		int res = cqe->res;
		unsigned cflags = cqe->flags;
		io_uring_cqe_seen(&ring, cqe);
		if (res == -ENOBUFS) {
			CHECK(!(cflags & IORING_CQE_F_MORE), "ENOBUFS with F_MORE");
			break;
		}
		CHECK(res > 0 && (cflags & IORING_CQE_F_BUFFER), "res %d flags %x", res, cflags);
		got++;
		CHECK(got <= NBUFS, "more completions than buffers");
	}
	CHECK(got == NBUFS, "got %u buffers before ENOBUFS", got);
	CHECK_RET(io_uring_buf_ring_available(&ring, br, BGID), 0);

	/* A single-shot buffer-select recv on the empty ring fails the same way. */
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_rw(IORING_OP_RECV, sqe, rx, NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BGID;
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), 0);
	CHECK(cqe->res == -ENOBUFS, "single-shot res %d", cqe->res);
	io_uring_cqe_seen(&ring, cqe);

	CHECK_RET(io_uring_free_buf_ring(&ring, br, NBUFS, BGID), 0);
	/* Freed: the group is gone. */
	CHECK(io_uring_buf_ring_head(&ring, BGID, &head) < 0, "head after free");
	close(rx);
	close(tx);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	run(0);
	run(IOU_PBUF_RING_MMAP);
	return T_PASS;
}
