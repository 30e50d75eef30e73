/* SPDX-License-Identifier: MIT */
/*
 * uring-rs: the io_uring BPF filter ABI (IORING_REGISTER_BPF_FILTER), at the path liburing 2.15 installs it
 * (liburing/io_uring/bpf_filter.h); liburing/io_uring.h includes it. Shares the kernel uapi
 * header's include guard, so including both is harmless.
 */
#ifndef LINUX_IO_URING_BPF_FILTER_H
#define LINUX_IO_URING_BPF_FILTER_H

#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- BPF filters (IORING_REGISTER_BPF_FILTER) ------------------------- */

/* context handed to a filter program */
struct io_uring_bpf_ctx {
	__u64	user_data;
	__u8	opcode;
	__u8	sqe_flags;
	__u8	pdu_size;	/* bytes of the per-opcode union used */
	__u8	pad[5];
	union {
		struct {
			__u32	family;
			__u32	type;
			__u32	protocol;
		} socket;
		struct {
			__u64	flags;
			__u64	mode;
			__u64	resolve;
		} open;
	};
};

enum io_uring_bpf_filter_flags {
	IO_URING_BPF_FILTER_DENY_REST	= 1,	/* deny every opcode not filtered */
	IO_URING_BPF_FILTER_SZ_STRICT	= 2,	/* fail on pdu_size mismatch */
};

struct io_uring_bpf_filter {
	__u32	opcode;
	__u32	flags;		/* IO_URING_BPF_FILTER_* */
	__u32	filter_len;	/* number of BPF instructions */
	__u8	pdu_size;
	__u8	resv[3];
	__u64	filter_ptr;	/* struct sock_filter * */
	__u64	resv2[5];
};

enum io_uring_bpf_cmd {
	IO_URING_BPF_CMD_FILTER	= 1,
};

struct io_uring_bpf {
	__u16	cmd_type;	/* IO_URING_BPF_CMD_* */
	__u16	cmd_flags;
	__u32	resv;
	union {
		struct io_uring_bpf_filter filter;
	};
};

#ifdef __cplusplus
}
#endif

#endif /* LINUX_IO_URING_BPF_FILTER_H */
