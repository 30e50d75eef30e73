/* SPDX-License-Identifier: MIT */
/*
 * uring-rs: the IORING_REGISTER_QUERY ABI, at the path liburing 2.15 installs it
 * (liburing/io_uring/query.h); liburing/io_uring.h includes it. Shares the kernel uapi
 * header's include guard, so including both is harmless.
 */
#ifndef LINUX_IO_URING_QUERY_H
#define LINUX_IO_URING_QUERY_H

#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- IORING_REGISTER_QUERY -------------------------------------------- */

struct io_uring_query_hdr {
	__u64	next_entry;	/* next io_uring_query_hdr, 0 ends the chain */
	__u64	query_data;
	__u32	query_op;	/* IO_URING_QUERY_* */
	__u32	size;
	__s32	result;
	__u32	__resv[3];
};

enum io_uring_query_op {
	IO_URING_QUERY_OPCODES	= 0,
	IO_URING_QUERY_ZCRX	= 1,
	IO_URING_QUERY_SCQ	= 2,

	__IO_URING_QUERY_MAX,
};

struct io_uring_query_opcode {
	__u32	nr_request_opcodes;
	__u32	nr_register_opcodes;
	__u64	feature_flags;		/* IORING_FEAT_* */
	__u64	ring_setup_flags;	/* IORING_SETUP_* */
	__u64	enter_flags;		/* IORING_ENTER_* */
	__u64	sqe_flags;		/* IOSQE_* */
	__u32	nr_query_opcodes;
	__u32	__pad;
};

struct io_uring_query_zcrx {
	__u64	register_flags;		/* ZCRX_REG_* */
	__u64	area_flags;		/* IORING_ZCRX_AREA_* */
	__u32	nr_ctrl_opcodes;
	__u32	features;		/* ZCRX_FEATURE_* */
	__u32	rq_hdr_size;
	__u32	rq_hdr_alignment;
	__u64	__resv2;
};

struct io_uring_query_scq {
	__u64	hdr_size;
	__u64	hdr_alignment;
};

#ifdef __cplusplus
}
#endif

#endif /* LINUX_IO_URING_QUERY_H */
