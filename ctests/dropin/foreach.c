/* io_uring_for_each_cqe + io_uring_cq_advance (inline in liburing 2.3) and
 * io_uring_peek_batch_cqe, over many rounds so the ring indices wrap around. */
#include "common.h"

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe, *cqes[16];
	unsigned head;

	init_ring(&ring, 4, 0);
	printf("entries: sq=%u cq=%u\n", ring.sq.ring_entries, ring.cq.ring_entries);
	unsigned long long total = 0, seen = 0;
	for (int round = 0; round < 100; round++) {
		for (int i = 0; i < 4; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
			CHECK(sqe);
			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, (unsigned long long)round * 4 + i);
		}
		int ret = io_uring_submit_and_wait(&ring, 4);
		if (ret != 4)
			FAIL("round %d: submit_and_wait: %d", round, ret);
		unsigned n = 0;
		if (round % 2 == 0) {
			io_uring_for_each_cqe(&ring, head, cqe) {
				CHECK(cqe->res == 0);
				total += cqe->user_data;
				n++;
			}
			io_uring_cq_advance(&ring, n);
		} else {
			n = io_uring_peek_batch_cqe(&ring, cqes, 16);
			for (unsigned i = 0; i < n; i++)
				total += cqes[i]->user_data;
			io_uring_cq_advance(&ring, n);
		}
		if (n != 4)
			FAIL("round %d: %u completions", round, n);
		seen += n;
		if (round % 25 == 0)
			printf("round %d: cq_ready after advance %u\n", round, io_uring_cq_ready(&ring));
	}
	printf("completions: %llu sum of user_data: %llu\n", seen, total);
	printf("khead==ktail: %d\n", *ring.cq.khead == *ring.cq.ktail);
	io_uring_queue_exit(&ring);
	print_liburing_maps();
	return 0;
}
