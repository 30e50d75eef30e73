/*
 * Registered buffers: fixed reads/writes, sparse tables updated in place with tags posted on
 * release, cloning into another ring (whole table and by offset), and error paths.
 */
#include <liburing.h>
#include "helpers.h"

static int fixed_rw(struct io_uring *ring, int op, int fd, void *buf, unsigned len, int idx)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	io_uring_prep_rw(op, sqe, fd, buf, len, (__u64)-1);
	sqe->buf_index = idx;
	return t_submit_one(ring);
}

/* The wait is bounded so that a kernel that never posts the tag fails here instead of
 * hanging (a replaced buffer's tag may come from delayed work, after the update returns). */
static void expect_tag(struct io_uring *ring, __u64 tag)
{
	struct io_uring_cqe *cqe;
	struct __kernel_timespec limit = { .tv_sec = 30 };
	CHECK_RET(io_uring_wait_cqe_timeout(ring, &cqe, &limit), 0);
	CHECK(cqe->user_data == tag, "tag cqe %llx, wanted %llx", (unsigned long long)cqe->user_data,
	      (unsigned long long)tag);
	io_uring_cqe_seen(ring, cqe);
}

/* Whether the kernel can clone registered buffers (6.12): a raw clone from a ring without
 * buffers gets -ENXIO from a kernel that can, -EINVAL (unknown opcode) from one that cannot. */
static int kernel_clones_buffers(struct io_uring *dst, struct io_uring *src)
{
	struct io_uring_clone_buffers cb = { .src_fd = (__u32)src->ring_fd };
	int r = t_raw_register(dst->ring_fd, IORING_REGISTER_CLONE_BUFFERS, &cb, 1);
	CHECK(r == -ENXIO || r == -EINVAL, "raw clone from a ring without buffers: %d", r);
	return r == -ENXIO;
}

int main(void)
{
	struct io_uring ring, ring2;
	char *b0 = t_anon(4096), *b1 = t_anon(4096), *b2 = t_anon(4096);
	struct iovec iov[2] = { { b0, 4096 }, { b1, 4096 } };
	int p[2];

	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	CHECK_RET(io_uring_queue_init(8, &ring2, 0), 0);
	CHECK(pipe(p) == 0, "pipe");
	int clones = kernel_clones_buffers(&ring2, &ring), replaces = 1;

	CHECK_RET(io_uring_unregister_buffers(&ring), -ENXIO);
	CHECK_RET(io_uring_register_buffers(&ring, iov, 2), 0);
	CHECK_RET(io_uring_register_buffers(&ring, iov, 2), -EBUSY);
	strcpy(b1, "from buffer 1");
	CHECK_RET(fixed_rw(&ring, IORING_OP_WRITE_FIXED, p[1], b1, 14, 1), 14);
	CHECK_RET(fixed_rw(&ring, IORING_OP_READ_FIXED, p[0], b0, 14, 0), 14);
	CHECK(strcmp(b0, "from buffer 1") == 0, "read '%s'", b0);
	/* Address outside the registered buffer. */
	CHECK_RET(fixed_rw(&ring, IORING_OP_WRITE_FIXED, p[1], b2, 4, 1), -EFAULT);
	CHECK_RET(fixed_rw(&ring, IORING_OP_WRITE_FIXED, p[1], b0, 4, 7), -EFAULT);

	/* Clone the whole table into ring2 and use it there. */
	if (clones) {
		CHECK_RET(io_uring_clone_buffers(&ring2, &ring), 0);
		CHECK_RET(io_uring_clone_buffers(&ring2, &ring), -EBUSY);
		strcpy(b0, "cloned");
		CHECK_RET(fixed_rw(&ring2, IORING_OP_WRITE_FIXED, p[1], b0, 7, 0), 7);
		CHECK_RET(fixed_rw(&ring2, IORING_OP_READ_FIXED, p[0], b1, 7, 1), 7);
		CHECK(strcmp(b1, "cloned") == 0, "read '%s'", b1);
		/* Replace with just buffer 1 at slot 0, through the registered source ring fd.
		 * Cloning by offset into a table in use came after cloning (6.13): the kernel's own
		 * answer to the raw request tells (6.12: -EBUSY, the table is taken). */
		CHECK_RET(io_uring_register_ring_fd(&ring), 1);
		struct io_uring_clone_buffers cb = { .src_fd = (__u32)ring.ring_fd, .src_off = 1, .nr = 1,
						     .flags = IORING_REGISTER_DST_REPLACE };
		int raw = t_raw_register(ring2.ring_fd, IORING_REGISTER_CLONE_BUFFERS, &cb, 1);
		if (raw == -EBUSY || raw == -EINVAL) {
			replaces = 0;
			CHECK_RET(io_uring_clone_buffers_offset(&ring2, &ring, 0, 1, 1, IORING_REGISTER_DST_REPLACE), raw);
			CHECK_RET(io_uring_unregister_buffers(&ring2), 0);
			CHECK_RET(io_uring_unregister_ring_fd(&ring), 1);
			CHECK_RET(io_uring_unregister_buffers(&ring), 0);
			goto sparse;
		}
		CHECK_RET(raw, 0);
		CHECK_RET(io_uring_clone_buffers_offset(&ring2, &ring, 0, 1, 1, IORING_REGISTER_DST_REPLACE), 0);
		CHECK_RET(fixed_rw(&ring2, IORING_OP_WRITE_FIXED, p[1], b1, 7, 0), 7);
		CHECK_RET(fixed_rw(&ring2, IORING_OP_READ_FIXED, p[0], b1, 7, 0), 7);
		CHECK_RET(__io_uring_clone_buffers_offset(&ring2, &ring, 0, 0, 1, IORING_REGISTER_DST_REPLACE), 0);
		CHECK_RET(__io_uring_clone_buffers(&ring2, &ring, IORING_REGISTER_DST_REPLACE), 0);
		/* Out of range source. */
		CHECK_RET(io_uring_clone_buffers_offset(&ring2, &ring, 0, 2, 1, IORING_REGISTER_DST_REPLACE), -EOVERFLOW);
		CHECK_RET(io_uring_unregister_buffers(&ring2), 0);
		CHECK_RET(io_uring_unregister_ring_fd(&ring), 1);
		CHECK_RET(io_uring_unregister_buffers(&ring), 0);
		/* Cloning from a ring without buffers. */
		CHECK_RET(io_uring_clone_buffers(&ring2, &ring), -ENXIO);
	} else {
		CHECK_RET(io_uring_unregister_buffers(&ring), 0);
	}
sparse:

	/* Sparse + update with tags, tags posted on release: what follows needs sparse tables */
	if (!t_kernel_has(T_SPARSE_BUFFERS))
		SKIP("everything else passed; kernel lacks sparse buffer tables (raw IORING_REGISTER_BUFFERS2 with IORING_RSRC_REGISTER_SPARSE: -EINVAL)");
	CHECK_RET(io_uring_register_buffers_sparse(&ring, 4), 0);
	CHECK_RET(fixed_rw(&ring, IORING_OP_WRITE_FIXED, p[1], b0, 4, 2), -EFAULT);
	__u64 t2 = 0xb0f0002;
	struct iovec one = { b2, 4096 };
	int upd = io_uring_register_buffers_update_tag(&ring, 2, &one, &t2, 1);
	if (upd == -EOPNOTSUPP) {
		/* 6.1 refuses it: the library answers as the raw call does */
		struct io_uring_rsrc_update2 up = { .offset = 2, .data = (__u64)(uintptr_t)&one,
						    .tags = (__u64)(uintptr_t)&t2, .nr = 1 };
		CHECK_RET(t_raw_register(ring.ring_fd, IORING_REGISTER_BUFFERS_UPDATE, &up, sizeof(up)), -EOPNOTSUPP);
		SKIP("everything else passed; kernel refuses a tagged update of a sparse buffer table (-EOPNOTSUPP)");
	}
	CHECK_RET(upd, 1);
	strcpy(b2, "slot2");
	CHECK_RET(fixed_rw(&ring, IORING_OP_WRITE_FIXED, p[1], b2, 6, 2), 6);
	CHECK_RET(fixed_rw(&ring, IORING_OP_READ_FIXED, p[0], b2 + 100, 6, 2), 6);
	CHECK(strcmp(b2 + 100, "slot2") == 0, "read '%s'", b2 + 100);
	struct iovec empty = { NULL, 0 };
	__u64 zero = 0;
	CHECK_RET(io_uring_register_buffers_update_tag(&ring, 2, &empty, &zero, 1), 1);
	expect_tag(&ring, t2);
	CHECK_RET(io_uring_register_buffers_update_tag(&ring, 4, &one, NULL, 1), -EINVAL);
	CHECK_RET(io_uring_unregister_buffers(&ring), 0);

	/* Tagged table: every tag comes back on unregister from 6.13 on, within the call (its
	 * resource nodes post them as they are freed); before 6.13 (6.12 included) unregister
	 * posts none, only an update that replaces a buffer does. All or none, nothing else. */
	__u64 tags[2] = { 0xb0f1000, 0xb0f1001 };
	CHECK_RET(io_uring_register_buffers_tags(&ring, iov, tags, 2), 0);
	CHECK_RET(io_uring_unregister_buffers(&ring), 0);
	unsigned got = 0, posted = io_uring_cq_ready(&ring);
	CHECK(posted == 0 || posted == 2, "%u tag CQEs after unregister, wanted 0 or 2", posted);
	if (!posted) {
		printf("note: this kernel posts no tag for the buffers unregister releases (before 6.13)\n");
		got = 3;
	}
	for (unsigned i = 0; i < posted; i++) {
		struct io_uring_cqe *cqe;
		struct __kernel_timespec limit = { .tv_sec = 30 };
		CHECK_RET(io_uring_wait_cqe_timeout(&ring, &cqe, &limit), 0);
		for (int j = 0; j < 2; j++)
			if (cqe->user_data == tags[j])
				got |= 1u << j;
		io_uring_cqe_seen(&ring, cqe);
	}
	CHECK(got == 3, "tags seen mask %x", got);

	/* Errors: bad ring fd, too many buffers, bad iovec. */
	struct io_uring bad = ring;
	bad.ring_fd = bad.enter_ring_fd = 12345;
	CHECK_RET(io_uring_register_buffers(&bad, iov, 2), -EBADF);
	CHECK_RET(io_uring_register_buffers_sparse(&ring, 1u << 20), -EINVAL);
	struct iovec nul = { NULL, 4096 };
	CHECK_RET(io_uring_register_buffers(&ring, &nul, 1), -EFAULT);

	close(p[0]);
	close(p[1]);
	io_uring_queue_exit(&ring2);
	io_uring_queue_exit(&ring);
	if (!clones)
		SKIP("everything else passed; kernel lacks IORING_REGISTER_CLONE_BUFFERS (raw clone: -EINVAL)");
	if (!replaces)
		SKIP("everything else passed; kernel lacks cloning by offset into a table in use (raw clone with IORING_REGISTER_DST_REPLACE: -EBUSY/-EINVAL)");
	return T_PASS;
}
