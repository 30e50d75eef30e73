/*
 * A ring created IORING_SETUP_R_DISABLED takes restrictions, is started with
 * io_uring_enable_rings, and then refuses every opcode, SQE flag and register operation it
 * was not allowed.
 */
#include <liburing.h>
#include "helpers.h"

static int submit_one(struct io_uring *ring, int op, int fd, unsigned flags)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	static char buf[8];
	io_uring_prep_rw(op, sqe, fd, buf, sizeof(buf), 0);
	sqe->flags = flags;
	int ret = io_uring_submit_and_wait(ring, 1);
	if (ret < 0)
		return ret;
	return t_peek_res(ring);
}

int main(void)
{
	struct io_uring ring;
	int p[2];
	CHECK(pipe(p) == 0, "pipe");
	int ret = io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED);
	if (ret == -EINVAL)
		SKIP("no IORING_SETUP_R_DISABLED");
	CHECK_RET(ret, 0);

	struct io_uring_restriction res[4];
	memset(res, 0, sizeof(res));
	res[0].opcode = IORING_RESTRICTION_SQE_OP;
	res[0].sqe_op = IORING_OP_NOP;
	res[1].opcode = IORING_RESTRICTION_SQE_OP;
	res[1].sqe_op = IORING_OP_WRITE;
	res[2].opcode = IORING_RESTRICTION_SQE_FLAGS_ALLOWED;
	res[2].sqe_flags = IOSQE_IO_DRAIN;
	res[3].opcode = IORING_RESTRICTION_REGISTER_OP;
	res[3].register_op = IORING_REGISTER_PROBE;

	/* A malformed restriction is refused (and leaves the ring unrestricted-able). */
	struct io_uring_restriction badres = { .opcode = IORING_RESTRICTION_LAST };
	CHECK_RET(io_uring_register_restrictions(&ring, &badres, 1), -EINVAL);
	CHECK_RET(io_uring_register_restrictions(&ring, res, 4), 0);
	CHECK_RET(io_uring_register_restrictions(&ring, res, 4), -EBUSY);

	/* Still disabled: nothing is submitted. */
	CHECK_RET(io_uring_enter(ring.ring_fd, 0, 0, IORING_ENTER_GETEVENTS, NULL), -EBADFD);

	CHECK_RET(io_uring_enable_rings(&ring), 0);
	/* Once restricted, even enabling again is a register op that was not allowed. */
	CHECK_RET(io_uring_enable_rings(&ring), -EACCES);

	CHECK_RET(submit_one(&ring, IORING_OP_NOP, -1, 0), 0);
	CHECK_RET(submit_one(&ring, IORING_OP_WRITE, p[1], 0), 8);
	CHECK_RET(submit_one(&ring, IORING_OP_READ, p[0], 0), -EACCES);
	CHECK_RET(submit_one(&ring, IORING_OP_NOP, -1, IOSQE_IO_DRAIN), 0);
	CHECK_RET(submit_one(&ring, IORING_OP_NOP, -1, IOSQE_ASYNC), -EACCES);

	/* Register operations: only the probe was allowed. */
	struct io_uring_probe *probe = io_uring_get_probe_ring(&ring);
	CHECK(probe, "probe refused on a ring that allows it");
	io_uring_free_probe(probe);
	CHECK_RET(io_uring_register_personality(&ring), -EACCES);
	CHECK_RET(io_uring_register_files(&ring, p, 2), -EACCES);
	CHECK_RET(io_uring_register_restrictions(&ring, res, 1), -EACCES);

	io_uring_queue_exit(&ring);

	/* Restrictions on a ring that was never disabled are refused. */
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	CHECK_RET(io_uring_register_restrictions(&ring, res, 4), -EBADFD);
	io_uring_queue_exit(&ring);
	close(p[0]);
	close(p[1]);
	return T_PASS;
}
