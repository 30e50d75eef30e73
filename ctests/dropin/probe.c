/* io_uring_get_probe / io_uring_get_probe_ring; the first probe is released with free(),
 * as programs do, so it must come from the C allocator. */
#include "common.h"

int main(void)
{
	struct io_uring ring;
	struct io_uring_probe *p = io_uring_get_probe();
	if (!p)
		SKIP("io_uring_get_probe returned NULL (io_uring unavailable?)");
	printf("last_op=%u ops_len=%u\n", p->last_op, p->ops_len);
	for (int op = 0; op < IORING_OP_LAST; op++)
		printf("op %d: %d\n", op, io_uring_opcode_supported(p, op));
	free(p);

	init_ring(&ring, 4, 0);
	struct io_uring_probe *p2 = io_uring_get_probe_ring(&ring);
	CHECK(p2);
	printf("ring probe: last_op=%u ops_len=%u read=%d nop=%d\n", p2->last_op, p2->ops_len,
	       io_uring_opcode_supported(p2, IORING_OP_READ),
	       io_uring_opcode_supported(p2, IORING_OP_NOP));
	io_uring_free_probe(p2);
	struct io_uring_probe *p3 = io_uring_get_probe_ring(&ring);
	CHECK(p3);
	free(p3);
	io_uring_queue_exit(&ring);
	print_liburing_maps();
	return 0;
}
