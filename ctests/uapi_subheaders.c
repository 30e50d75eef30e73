/*
 * liburing 2.15 installs the BPF filter and query ABIs as liburing/io_uring/bpf_filter.h and
 * liburing/io_uring/query.h, and programs include them by those paths (liburing's cbpf_filter
 * test does). Both must be self-contained, coexist with liburing.h in either order, and give
 * liburing 2.15's layouts (reference/liburing-2.15-layout.txt). Then a real
 * IORING_REGISTER_QUERY of the opcode counts, through the structs of query.h.
 */
#include <liburing/io_uring/bpf_filter.h>
#include <liburing/io_uring/query.h>
#include <liburing.h>
#include <liburing/io_uring/query.h>
#include <stddef.h>
#include "helpers.h"

_Static_assert(sizeof(struct io_uring_bpf_ctx) == 40, "sizeof io_uring_bpf_ctx");
_Static_assert(sizeof(struct io_uring_bpf_filter) == 64, "sizeof io_uring_bpf_filter");
_Static_assert(sizeof(struct io_uring_bpf) == 72, "sizeof io_uring_bpf");
_Static_assert(sizeof(struct io_uring_query_hdr) == 40, "sizeof io_uring_query_hdr");
_Static_assert(offsetof(struct io_uring_query_hdr, query_op) == 16, "query_op offset");
_Static_assert(sizeof(struct io_uring_query_opcode) == 48, "sizeof io_uring_query_opcode");
_Static_assert(offsetof(struct io_uring_query_opcode, nr_query_opcodes) == 40, "offset");
_Static_assert(sizeof(struct io_uring_query_zcrx) == 40, "sizeof io_uring_query_zcrx");
_Static_assert(sizeof(struct io_uring_query_scq) == 16, "sizeof io_uring_query_scq");
_Static_assert(IO_URING_BPF_FILTER_DENY_REST == 1 && IO_URING_BPF_CMD_FILTER == 1, "bpf enums");

int main(void)
{
	struct io_uring_query_opcode op;
	struct io_uring_query_hdr hdr = {
		.query_data = (__u64)(uintptr_t)&op,
		.query_op = IO_URING_QUERY_OPCODES,
		.size = sizeof(op),
	};
	memset(&op, 0, sizeof(op));
	int ret = io_uring_register_query(&hdr);
	if (ret == -EINVAL)
		SKIP("this kernel has no IORING_REGISTER_QUERY");
	CHECK_RET(ret, 0);
	CHECK(hdr.result == 0, "query result %d", hdr.result);
	/* every opcode this header knows up to IORING_OP_LISTEN (6.11) is in a 6.18 kernel's count */
	CHECK(op.nr_request_opcodes > IORING_OP_LISTEN, "nr_request_opcodes %u", op.nr_request_opcodes);
	CHECK(op.nr_register_opcodes > IORING_REGISTER_QUERY, "nr_register_opcodes %u",
	      op.nr_register_opcodes);
	CHECK(op.feature_flags & IORING_FEAT_EXT_ARG, "feature_flags %llx",
	      (unsigned long long)op.feature_flags);
	return T_PASS;
}
