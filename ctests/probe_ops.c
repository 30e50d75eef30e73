/*
 * The probe agrees with what the kernel really runs: NOP is reported and completes, opcodes
 * past last_op (IORING_OP_LAST included) are reported unsupported and fail with -EINVAL.
 * Probe memory is C-allocated: free() releases it as well as io_uring_free_probe.
 */
#include <liburing.h>
#include "helpers.h"

static int run_op(struct io_uring *ring, int op)
{
	io_uring_prep_rw(op, io_uring_get_sqe(ring), -1, NULL, 0, 0);
	return t_submit_one(ring);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_probe *p = io_uring_get_probe();
	CHECK(p, "io_uring_get_probe returned NULL");
	CHECK(p->last_op >= IORING_OP_NOP && p->ops_len == p->last_op + 1, "last_op %u ops_len %u", p->last_op,
	      p->ops_len);
	CHECK(io_uring_opcode_supported(p, IORING_OP_NOP) == 1, "NOP unsupported");
	CHECK(io_uring_opcode_supported(p, IORING_OP_READV) == 1, "READV unsupported");
	CHECK(io_uring_opcode_supported(p, IORING_OP_LAST) == 0, "IORING_OP_LAST supported");
	CHECK(io_uring_opcode_supported(p, p->last_op + 1) == 0, "last_op + 1 supported");
	CHECK(io_uring_opcode_supported(p, -1) == 0, "-1 supported");
	CHECK(io_uring_opcode_supported(p, 255) == 0, "255 supported");
	for (int op = 0; op <= p->last_op; op++)
		CHECK(p->ops[op].op == op, "ops[%d].op = %u", op, p->ops[op].op);

	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	struct io_uring_probe *q = io_uring_get_probe_ring(&ring);
	CHECK(q, "io_uring_get_probe_ring returned NULL");
	CHECK(q->last_op == p->last_op, "probes differ");
	for (int op = 0; op <= p->last_op; op++)
		CHECK(io_uring_opcode_supported(p, op) == io_uring_opcode_supported(q, op), "op %d differs", op);

	/* What works matches what is reported. */
	CHECK_RET(run_op(&ring, IORING_OP_NOP), 0);
	CHECK_RET(run_op(&ring, p->last_op + 1), -EINVAL);
	CHECK_RET(run_op(&ring, IORING_OP_LAST), -EINVAL);
	for (int op = 0; op <= p->last_op; op++)
		if (!io_uring_opcode_supported(p, op))
			CHECK_RET(run_op(&ring, op), -EINVAL);

	/* Memory from the C allocator: plain free() works, free_probe(NULL) is harmless. */
	free(p);
	io_uring_free_probe(q);
	io_uring_free_probe(NULL);

	/* Raw register_probe: partial table, non-zeroed input, bad ring. */
	size_t len = sizeof(struct io_uring_probe) + 4 * sizeof(struct io_uring_probe_op);
	struct io_uring_probe *small = calloc(1, len);
	CHECK_RET(io_uring_register_probe(&ring, small, 4), 0);
	CHECK(small->ops_len == 4 && small->last_op >= 4, "ops_len %u last_op %u", small->ops_len, small->last_op);
	CHECK_RET(io_uring_register_probe(&ring, small, 4), -EINVAL); /* not zeroed */
	memset(small, 0, len);
	struct io_uring bad = ring;
	bad.ring_fd = bad.enter_ring_fd = 12345;
	CHECK_RET(io_uring_register_probe(&bad, small, 4), -EBADF);
	CHECK(io_uring_get_probe_ring(&bad) == NULL, "probe from a bad ring");
	free(small);

	io_uring_queue_exit(&ring);
	return T_PASS;
}
