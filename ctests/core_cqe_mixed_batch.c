/*
 * io_uring_peek_batch_cqe on an IORING_SETUP_CQE_MIXED ring, as liburing 2.15 does it: the
 * batch holds pointers to CQE starts (a 32-byte CQE takes two slots, one pointer); a padding
 * entry (IORING_CQE_F_SKIP, posted by the kernel when a 32-byte CQE does not fit before the
 * wrap) is never returned: the batch ends before one that is not at the head, and one at the
 * head is consumed and the batch goes on after it. Checked against the user_data (and big_cqe
 * data) each NOP was given, with the slot arithmetic of a 16-slot CQ.
 */
#include <liburing.h>
#include "helpers.h"

/* Queue and submit n NOPs with user_data first, first + 1...; 32-byte CQEs if big. */
static void nops(struct io_uring *ring, unsigned n, __u64 first, int big)
{
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
		CHECK(sqe, "get_sqe");
		io_uring_prep_nop(sqe);
		sqe->user_data = first + i;
		if (big) {
			sqe->nop_flags = IORING_NOP_CQE32;
			sqe->off = first + i + 1000; /* the kernel copies these into big_cqe[] */
			sqe->addr = first + i + 2000;
		}
	}
	CHECK_RET(io_uring_submit(ring), n);
}

/* Take a batch of at most max; check it is exactly `want` CQEs with user_data uds[]; consume. */
static void batch(struct io_uring *ring, unsigned max, unsigned want, const __u64 *uds,
		  const int *big, int consume)
{
	struct io_uring_cqe *cqes[16];
	unsigned got = io_uring_peek_batch_cqe(ring, cqes, max);
	CHECK(got == want, "peek_batch_cqe(%u) gave %u CQEs, wanted %u", max, got, want);
	unsigned slots = 0;
	for (unsigned i = 0; i < got; i++) {
		struct io_uring_cqe *c = cqes[i];
		CHECK(!(c->flags & IORING_CQE_F_SKIP), "padding CQE %u returned", i);
		CHECK(c->user_data == uds[i], "CQE %u: user_data %llu, wanted %llu", i,
		      (unsigned long long)c->user_data, (unsigned long long)uds[i]);
		CHECK(!!(c->flags & IORING_CQE_F_32) == big[i], "CQE %u: flags %x", i, c->flags);
		if (big[i])
			CHECK(c->big_cqe[0] == uds[i] + 1000 && c->big_cqe[1] == uds[i] + 2000,
			      "CQE %u: big_cqe %llu %llu", i, (unsigned long long)c->big_cqe[0],
			      (unsigned long long)c->big_cqe[1]);
		slots += io_uring_cqe_nr(c);
	}
	if (consume)
		io_uring_cq_advance(ring, slots);
}

int main(void)
{
	struct io_uring ring;
	int ret = io_uring_queue_init(8, &ring, IORING_SETUP_CQE_MIXED);
	if (ret == -EINVAL)
		SKIP("kernel refuses IORING_SETUP_CQE_MIXED");
	CHECK_RET(ret, 0);
	CHECK(ring.cq.ring_entries == 16, "CQ has %u slots, the arithmetic below wants 16",
	      ring.cq.ring_entries);
	batch(&ring, 16, 0, NULL, NULL, 0);

	/* head 0: small 1, big 2 (slots 1-2), small 3, big 4 (slots 4-5), small 5 */
	nops(&ring, 1, 1, 0);
	nops(&ring, 1, 2, 1);
	nops(&ring, 1, 3, 0);
	nops(&ring, 1, 4, 1);
	nops(&ring, 1, 5, 0);
	const __u64 u1[] = { 1, 2, 3, 4, 5 };
	const int b1[] = { 0, 1, 0, 1, 0 };
	batch(&ring, 2, 2, u1, b1, 0); /* a count limit counts CQEs, not slots */
	batch(&ring, 16, 5, u1, b1, 1);

	/* head 7: 4 small (slots 7-10), consumed; head 11 */
	nops(&ring, 4, 10, 0);
	const __u64 u2[] = { 10, 11, 12, 13 };
	const int b2[] = { 0, 0, 0, 0 };
	batch(&ring, 16, 4, u2, b2, 1);

	/* slots 11-14 small, then a big one does not fit in slot 15: padding there, big in 0-1,
	 * a small one in 2 */
	nops(&ring, 4, 20, 0);
	nops(&ring, 1, 24, 1);
	nops(&ring, 1, 25, 0);
	CHECK(io_uring_cq_ready(&ring) == 8, "ready %u slots, wanted 4 + 1 padding + 2 + 1",
	      io_uring_cq_ready(&ring));
	const __u64 u3[] = { 20, 21, 22, 23 };
	batch(&ring, 16, 4, u3, b2, 1); /* ends before the padding entry */
	const __u64 u4[] = { 24, 25 };
	const int b4[] = { 1, 0 };
	batch(&ring, 16, 2, u4, b4, 1); /* the padding at the head is consumed, not returned */
	CHECK(io_uring_cq_ready(&ring) == 0, "%u slots left", io_uring_cq_ready(&ring));
	batch(&ring, 16, 0, NULL, NULL, 0);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
