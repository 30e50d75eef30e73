/*
 * Layout dump: prints sizeof of the public ring structs and the offset and size of every
 * field that liburing 2.3 (Debian's liburing-dev) and liburing 2.15 / uring-rs both have
 * (struct io_uring, io_uring_sq, io_uring_cq, io_uring_sqe incl. its union members,
 * io_uring_cqe, io_uring_params, io_sqring_offsets, io_cqring_offsets), plus the values of the
 * constants both define. ctests/layout_compare.sh builds it against /usr/include/liburing.h and
 * against include/liburing.h and diffs the two outputs: binaries compiled against the real
 * liburing read these fields directly, so any difference is an ABI break.
 * Built as an ordinary test too (against our header), where it only prints and exits 0.
 * (2.3 has `unsigned pad[2]` at the end of io_uring_sq where 2.15 has sqes_sz + pad: only the
 * struct size covers that tail.)
 */
#include <stddef.h>
#include <stdio.h>
#include <liburing.h>

#define F(type, field) \
	printf("%-28s %-20s offset=%-4zu size=%zu\n", #type, #field, offsetof(type, field), sizeof(((type *)0)->field))
#define S(type) printf("%-28s sizeof=%zu\n", #type, sizeof(type))
#define K(name) printf("%-36s = 0x%llx\n", #name, (unsigned long long)(name))

int main(void)
{
	S(struct io_uring);
	F(struct io_uring, sq);
	F(struct io_uring, cq);
	F(struct io_uring, flags);
	F(struct io_uring, ring_fd);
	F(struct io_uring, features);
	F(struct io_uring, enter_ring_fd);
	F(struct io_uring, int_flags);
	F(struct io_uring, pad);
	F(struct io_uring, pad2);

	S(struct io_uring_sq);
	F(struct io_uring_sq, khead);
	F(struct io_uring_sq, ktail);
	F(struct io_uring_sq, kring_mask);
	F(struct io_uring_sq, kring_entries);
	F(struct io_uring_sq, kflags);
	F(struct io_uring_sq, kdropped);
	F(struct io_uring_sq, array);
	F(struct io_uring_sq, sqes);
	F(struct io_uring_sq, sqe_head);
	F(struct io_uring_sq, sqe_tail);
	F(struct io_uring_sq, ring_sz);
	F(struct io_uring_sq, ring_ptr);
	F(struct io_uring_sq, ring_mask);
	F(struct io_uring_sq, ring_entries);

	S(struct io_uring_cq);
	F(struct io_uring_cq, khead);
	F(struct io_uring_cq, ktail);
	F(struct io_uring_cq, kring_mask);
	F(struct io_uring_cq, kring_entries);
	F(struct io_uring_cq, kflags);
	F(struct io_uring_cq, koverflow);
	F(struct io_uring_cq, cqes);
	F(struct io_uring_cq, ring_sz);
	F(struct io_uring_cq, ring_ptr);
	F(struct io_uring_cq, ring_mask);
	F(struct io_uring_cq, ring_entries);
	F(struct io_uring_cq, pad);

	S(struct io_uring_sqe);
	F(struct io_uring_sqe, opcode);
	F(struct io_uring_sqe, flags);
	F(struct io_uring_sqe, ioprio);
	F(struct io_uring_sqe, fd);
	F(struct io_uring_sqe, off);
	F(struct io_uring_sqe, addr2);
	F(struct io_uring_sqe, cmd_op);
	F(struct io_uring_sqe, __pad1);
	F(struct io_uring_sqe, addr);
	F(struct io_uring_sqe, splice_off_in);
	F(struct io_uring_sqe, len);
	F(struct io_uring_sqe, rw_flags);
	F(struct io_uring_sqe, fsync_flags);
	F(struct io_uring_sqe, poll_events);
	F(struct io_uring_sqe, poll32_events);
	F(struct io_uring_sqe, sync_range_flags);
	F(struct io_uring_sqe, msg_flags);
	F(struct io_uring_sqe, timeout_flags);
	F(struct io_uring_sqe, accept_flags);
	F(struct io_uring_sqe, cancel_flags);
	F(struct io_uring_sqe, open_flags);
	F(struct io_uring_sqe, statx_flags);
	F(struct io_uring_sqe, fadvise_advice);
	F(struct io_uring_sqe, splice_flags);
	F(struct io_uring_sqe, rename_flags);
	F(struct io_uring_sqe, unlink_flags);
	F(struct io_uring_sqe, hardlink_flags);
	F(struct io_uring_sqe, xattr_flags);
	F(struct io_uring_sqe, msg_ring_flags);
	F(struct io_uring_sqe, uring_cmd_flags);
	F(struct io_uring_sqe, user_data);
	F(struct io_uring_sqe, buf_index);
	F(struct io_uring_sqe, buf_group);
	F(struct io_uring_sqe, personality);
	F(struct io_uring_sqe, splice_fd_in);
	F(struct io_uring_sqe, file_index);
	F(struct io_uring_sqe, addr_len);
	F(struct io_uring_sqe, addr3);
	printf("%-28s %-20s offset=%zu\n", "struct io_uring_sqe", "cmd", offsetof(struct io_uring_sqe, cmd));

	S(struct io_uring_cqe);
	F(struct io_uring_cqe, user_data);
	F(struct io_uring_cqe, res);
	F(struct io_uring_cqe, flags);
	printf("%-28s %-20s offset=%zu\n", "struct io_uring_cqe", "big_cqe", offsetof(struct io_uring_cqe, big_cqe));

	S(struct io_uring_params);
	F(struct io_uring_params, sq_entries);
	F(struct io_uring_params, cq_entries);
	F(struct io_uring_params, flags);
	F(struct io_uring_params, sq_thread_cpu);
	F(struct io_uring_params, sq_thread_idle);
	F(struct io_uring_params, features);
	F(struct io_uring_params, wq_fd);
	F(struct io_uring_params, resv);
	F(struct io_uring_params, sq_off);
	F(struct io_uring_params, cq_off);

	S(struct io_sqring_offsets);
	F(struct io_sqring_offsets, head);
	F(struct io_sqring_offsets, tail);
	F(struct io_sqring_offsets, ring_mask);
	F(struct io_sqring_offsets, ring_entries);
	F(struct io_sqring_offsets, flags);
	F(struct io_sqring_offsets, dropped);
	F(struct io_sqring_offsets, array);
	F(struct io_sqring_offsets, resv1);
	S(struct io_cqring_offsets);
	F(struct io_cqring_offsets, head);
	F(struct io_cqring_offsets, tail);
	F(struct io_cqring_offsets, ring_mask);
	F(struct io_cqring_offsets, ring_entries);
	F(struct io_cqring_offsets, overflow);
	F(struct io_cqring_offsets, cqes);
	F(struct io_cqring_offsets, flags);
	F(struct io_cqring_offsets, resv1);

	/* constants liburing 2.3's io_uring.h defines */
	K(IORING_OP_NOP);
	K(IORING_OP_READV);
	K(IORING_OP_WRITEV);
	K(IORING_OP_FSYNC);
	K(IORING_OP_READ_FIXED);
	K(IORING_OP_WRITE_FIXED);
	K(IORING_OP_POLL_ADD);
	K(IORING_OP_POLL_REMOVE);
	K(IORING_OP_SYNC_FILE_RANGE);
	K(IORING_OP_SENDMSG);
	K(IORING_OP_RECVMSG);
	K(IORING_OP_TIMEOUT);
	K(IORING_OP_TIMEOUT_REMOVE);
	K(IORING_OP_ACCEPT);
	K(IORING_OP_ASYNC_CANCEL);
	K(IORING_OP_LINK_TIMEOUT);
	K(IORING_OP_CONNECT);
	K(IORING_OP_FALLOCATE);
	K(IORING_OP_OPENAT);
	K(IORING_OP_CLOSE);
	K(IORING_OP_FILES_UPDATE);
	K(IORING_OP_STATX);
	K(IORING_OP_READ);
	K(IORING_OP_WRITE);
	K(IORING_OP_FADVISE);
	K(IORING_OP_MADVISE);
	K(IORING_OP_SEND);
	K(IORING_OP_RECV);
	K(IORING_OP_OPENAT2);
	K(IORING_OP_EPOLL_CTL);
	K(IORING_OP_SPLICE);
	K(IORING_OP_PROVIDE_BUFFERS);
	K(IORING_OP_REMOVE_BUFFERS);
	K(IORING_OP_TEE);
	K(IORING_OP_SHUTDOWN);
	K(IORING_OP_RENAMEAT);
	K(IORING_OP_UNLINKAT);
	K(IORING_OP_MKDIRAT);
	K(IORING_OP_SYMLINKAT);
	K(IORING_OP_LINKAT);
	K(IORING_OP_MSG_RING);
	K(IORING_OP_FSETXATTR);
	K(IORING_OP_SETXATTR);
	K(IORING_OP_FGETXATTR);
	K(IORING_OP_GETXATTR);
	K(IORING_OP_SOCKET);
	K(IORING_OP_URING_CMD);
	K(IORING_OP_SEND_ZC);
	K(IORING_OP_SENDMSG_ZC);
	K(IORING_SETUP_IOPOLL);
	K(IORING_SETUP_SQPOLL);
	K(IORING_SETUP_SQ_AFF);
	K(IORING_SETUP_CQSIZE);
	K(IORING_SETUP_CLAMP);
	K(IORING_SETUP_ATTACH_WQ);
	K(IORING_SETUP_R_DISABLED);
	K(IORING_SETUP_SUBMIT_ALL);
	K(IORING_SETUP_COOP_TASKRUN);
	K(IORING_SETUP_TASKRUN_FLAG);
	K(IORING_SETUP_SQE128);
	K(IORING_SETUP_CQE32);
	K(IORING_SETUP_SINGLE_ISSUER);
	K(IORING_SETUP_DEFER_TASKRUN);
	K(IORING_CQE_F_BUFFER);
	K(IORING_CQE_F_MORE);
	K(IORING_CQE_F_SOCK_NONEMPTY);
	K(IORING_CQE_F_NOTIF);
	K(IORING_OFF_SQ_RING);
	K(IORING_OFF_CQ_RING);
	K(IORING_OFF_SQES);
	K(IORING_SQ_NEED_WAKEUP);
	K(IORING_SQ_CQ_OVERFLOW);
	K(IORING_SQ_TASKRUN);
	K(IORING_CQ_EVENTFD_DISABLED);
	K(IORING_ENTER_GETEVENTS);
	K(IORING_ENTER_SQ_WAKEUP);
	K(IORING_ENTER_SQ_WAIT);
	K(IORING_ENTER_EXT_ARG);
	K(IORING_ENTER_REGISTERED_RING);
	K(IORING_FEAT_SINGLE_MMAP);
	K(IORING_FEAT_NODROP);
	K(IORING_FEAT_SUBMIT_STABLE);
	K(IORING_FEAT_RW_CUR_POS);
	K(IORING_FEAT_CUR_PERSONALITY);
	K(IORING_FEAT_FAST_POLL);
	K(IORING_FEAT_POLL_32BITS);
	K(IORING_FEAT_SQPOLL_NONFIXED);
	K(IORING_FEAT_EXT_ARG);
	K(IORING_FEAT_NATIVE_WORKERS);
	K(IORING_FEAT_RSRC_TAGS);
	K(IORING_FEAT_CQE_SKIP);
	K(IORING_FEAT_LINKED_FILE);
	K(IOSQE_FIXED_FILE);
	K(IOSQE_IO_DRAIN);
	K(IOSQE_IO_LINK);
	K(IOSQE_IO_HARDLINK);
	K(IOSQE_ASYNC);
	K(IOSQE_BUFFER_SELECT);
	K(IOSQE_CQE_SKIP_SUCCESS);
	return 0;
}
