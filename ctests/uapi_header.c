/* SPDX-License-Identifier: MIT */
/*
 * Compile-time check of include/liburing/io_uring.h: the header must be
 * self-contained, build warning-free as C11 and C++17, and give the layouts of
 * reference/liburing-2.15-layout.txt.  Running it just returns 0.
 *
 *   gcc -std=c11 -Wall -Wextra -Werror -Iinclude ctests/uapi_header.c
 *   g++ -std=c++17 -Wall -Wextra -Werror -Iinclude -x c++ ctests/uapi_header.c
 */
#include <liburing/io_uring.h>

#include <stddef.h>

#ifdef __cplusplus
#define CHECK(cond, msg) static_assert(cond, msg)
#else
#define CHECK(cond, msg) _Static_assert(cond, msg)
#endif

#define OFF(type, field, off) \
	CHECK(offsetof(struct type, field) == (off), #type "." #field " offset")
#define SIZE(type, sz) CHECK(sizeof(struct type) == (sz), "sizeof " #type)

/* struct io_uring_sqe */
SIZE(io_uring_sqe, 64);
OFF(io_uring_sqe, opcode, 0);
OFF(io_uring_sqe, flags, 1);
OFF(io_uring_sqe, ioprio, 2);
OFF(io_uring_sqe, fd, 4);
OFF(io_uring_sqe, off, 8);
OFF(io_uring_sqe, addr2, 8);
OFF(io_uring_sqe, cmd_op, 8);
OFF(io_uring_sqe, __pad1, 12);
OFF(io_uring_sqe, addr, 16);
OFF(io_uring_sqe, splice_off_in, 16);
OFF(io_uring_sqe, level, 16);
OFF(io_uring_sqe, optname, 20);
OFF(io_uring_sqe, len, 24);
OFF(io_uring_sqe, rw_flags, 28);
OFF(io_uring_sqe, poll_events, 28);
OFF(io_uring_sqe, poll32_events, 28);
OFF(io_uring_sqe, msg_ring_flags, 28);
OFF(io_uring_sqe, pipe_flags, 28);
OFF(io_uring_sqe, user_data, 32);
OFF(io_uring_sqe, buf_index, 40);
OFF(io_uring_sqe, buf_group, 40);
OFF(io_uring_sqe, personality, 42);
OFF(io_uring_sqe, splice_fd_in, 44);
OFF(io_uring_sqe, file_index, 44);
OFF(io_uring_sqe, zcrx_ifq_idx, 44);
OFF(io_uring_sqe, optlen, 44);
OFF(io_uring_sqe, addr_len, 44);
OFF(io_uring_sqe, __pad3, 46);
OFF(io_uring_sqe, write_stream, 44);
OFF(io_uring_sqe, addr3, 48);
OFF(io_uring_sqe, __pad2, 56);
OFF(io_uring_sqe, attr_ptr, 48);
OFF(io_uring_sqe, attr_type_mask, 56);
OFF(io_uring_sqe, optval, 48);
OFF(io_uring_sqe, cmd, 48);
CHECK(sizeof(((struct io_uring_sqe *)0)->poll_events) == 2, "poll_events is 16-bit");

/* struct io_uring_cqe */
SIZE(io_uring_cqe, 16);
OFF(io_uring_cqe, user_data, 0);
OFF(io_uring_cqe, res, 8);
OFF(io_uring_cqe, flags, 12);
OFF(io_uring_cqe, big_cqe, 16);

/* setup parameters */
SIZE(io_uring_params, 120);
OFF(io_uring_params, resv, 28);
OFF(io_uring_params, sq_off, 40);
OFF(io_uring_params, cq_off, 80);
SIZE(io_sqring_offsets, 40);
OFF(io_sqring_offsets, user_addr, 32);
SIZE(io_cqring_offsets, 40);
OFF(io_cqring_offsets, cqes, 20);

/* registration arguments */
SIZE(io_uring_buf, 16);
SIZE(io_uring_buf_ring, 16);
OFF(io_uring_buf_ring, tail, 14);
OFF(io_uring_buf_ring, bufs, 0);
SIZE(io_uring_buf_reg, 40);
SIZE(io_uring_probe, 16);
SIZE(io_uring_probe_op, 8);
SIZE(io_uring_restriction, 16);
SIZE(io_uring_task_restriction, 16);
SIZE(io_uring_rsrc_update2, 32);
SIZE(io_uring_getevents_arg, 24);
SIZE(io_uring_sync_cancel_reg, 64);
OFF(io_uring_sync_cancel_reg, opcode, 32);
SIZE(io_uring_napi, 16);
SIZE(io_uring_reg_wait, 64);
SIZE(io_uring_region_desc, 64);
SIZE(io_uring_zcrx_ifq_reg, 96);
OFF(io_uring_zcrx_ifq_reg, rx_buf_len, 68);
SIZE(zcrx_ctrl, 72);
SIZE(io_uring_bpf_ctx, 40);
SIZE(io_uring_bpf, 72);
SIZE(io_uring_query_opcode, 48);

/* a few constants */
CHECK(IORING_OP_LAST == 65, "IORING_OP_LAST");
CHECK(IORING_REGISTER_LAST == 38, "IORING_REGISTER_LAST");
CHECK(IORING_REGISTER_USE_REGISTERED_RING == 0x80000000U, "USE_REGISTERED_RING");
CHECK(IORING_FILE_INDEX_ALLOC == ~0U, "IORING_FILE_INDEX_ALLOC");
CHECK(IORING_ZCRX_AREA_MASK == ~((1ULL << IORING_ZCRX_AREA_SHIFT) - 1), "zcrx mask");
CHECK(IORING_CQE_F_TSTAMP_HW == (__u32)1 << 16, "TSTAMP_HW");
CHECK(sizeof(struct __kernel_timespec) == 16, "__kernel_timespec");
CHECK(sizeof(struct open_how) == 24, "open_how");

int main(void)
{
	return 0;
}
