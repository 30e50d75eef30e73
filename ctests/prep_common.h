/* Shared by the ctests/prep_*.c real-kernel tests of the io_uring_prep_* helpers. */
#ifndef URING_RS_PREP_COMMON_H
#define URING_RS_PREP_COMMON_H

#include <liburing.h>
#include <stdint.h>
#include "helpers.h"

/* Operations this kernel rejected (-EINVAL/-EOPNOTSUPP...): reported as a skip at the end. */
static char t_rejected[2048];

/* The one CQE we expect next; fails the test when none arrives. */
static inline struct io_uring_cqe *t_cqe(struct io_uring *ring)
{
	struct io_uring_cqe *cqe = NULL;
	int ret = io_uring_wait_cqe(ring, &cqe);
	CHECK(ret == 0 && cqe, "io_uring_wait_cqe: %d", ret);
	return cqe;
}

/* Submit what is prepared and return the res of the next CQE (checking its user_data). */
static inline int t_run_ud(struct io_uring *ring, __u64 ud)
{
	int ret = io_uring_submit(ring);
	CHECK(ret >= 1, "io_uring_submit: %d", ret);
	struct io_uring_cqe *cqe = t_cqe(ring);
	CHECK(cqe->user_data == ud, "user_data %llu, wanted %llu", (unsigned long long)cqe->user_data,
	      (unsigned long long)ud);
	int res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

/* Run the single prepared SQE (user_data 0). */
static inline int t_run(struct io_uring *ring)
{
	return t_run_ud(ring, 0);
}

static inline struct io_uring_sqe *t_sqe(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	CHECK(sqe, "io_uring_get_sqe returned NULL");
	io_uring_sqe_set_data64(sqe, 0); /* get_sqe leaves user_data as the slot had it */
	return sqe;
}

/* Whether the kernel's probe lists opcode `op` as supported (probed once per process). */
static inline int t_op_supported(int op)
{
	static struct io_uring_probe *probe;
	if (!probe)
		probe = io_uring_get_probe();
	CHECK(probe, "io_uring_get_probe failed");
	return io_uring_opcode_supported(probe, op);
}

/*
 * The kernel answered `res` to `what`. When it is a "this kernel can't do that" errno, the
 * value must be the kernel's own negative errno, passed through unchanged (it came straight
 * from the CQE); it is recorded and the caller skips that check. Returns true when rejected.
 * `supported` says whether the kernel is known to support `what` (the probe lists its opcode,
 * t_op_supported(), or a feature bit of the same kernel release says so): -EINVAL is then not
 * a missing feature but the kernel refusing our SQE (a wrong field, as an encoding bug gives),
 * and the test fails.
 */
static inline int t_rejects(int supported, int res, const char *what)
{
	if (res != -EINVAL && res != -EOPNOTSUPP && res != -ENOTSUP && res != -EPROTONOSUPPORT &&
	    res != -EAFNOSUPPORT && res != -ENOSYS)
		return 0;
	CHECK(!(res == -EINVAL && supported),
	      "%s: -EINVAL although this kernel supports it: the SQE is wrong", what);
	size_t n = strlen(t_rejected);
	snprintf(t_rejected + n, sizeof(t_rejected) - n, "%s%s=%d(%s)", n ? ", " : "", what, res,
		 strerror(-res));
	fprintf(stderr, "kernel rejects %s: %d (%s)\n", what, res, strerror(-res));
	return 1;
}

/* Exit: pass, or skip naming what the kernel rejected. */
static inline int t_finish(void)
{
	if (t_rejected[0]) {
		printf("skip: everything else passed; this kernel rejects: %s\n", t_rejected);
		return T_SKIP;
	}
	return T_PASS;
}

/* Raw registration (IORING_REGISTER_*), independent of the register_* helpers. */
static inline int t_register(struct io_uring *ring, unsigned op, const void *arg, unsigned nr)
{
	return io_uring_register((unsigned)ring->ring_fd, op, arg, nr);
}

static inline void t_ring(struct io_uring *ring, unsigned entries, unsigned flags)
{
	int ret = io_uring_queue_init(entries, ring, flags);
	if (ret < 0)
		SKIP("io_uring_queue_init: %s", strerror(-ret));
}

#endif
