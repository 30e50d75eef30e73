/*
 * Prints the 64 SQE bytes every io_uring_prep_* helper of liburing 2.3 writes, for fixed
 * arguments. ctests/prep_sqe_diff.sh compiles this file twice -- once against Debian's
 * liburing 2.3 (/usr/include/liburing.h, -luring: the helpers are the header's static inline
 * code) and once against uring-rs (include/liburing.h, -luring_rs: the exported Rust helpers)
 * -- and diffs the two outputs.
 *
 * What makes the comparison meaningful: both builds take the SQE from io_uring_get_sqe() on a
 * real ring after filling the whole SQE array with a pattern byte (0x00, then 0xa5), so each
 * helper starts from what get_sqe leaves in a used slot. liburing 2.3's get_sqe hands the slot
 * over untouched and its io_uring_prep_rw writes every field but user_data; liburing 2.15's
 * get_sqe (ours) clears flags, ioprio, the op flags word, buf_index, personality, file_index,
 * addr3 and __pad2 and its prep_rw writes only opcode, fd, off, addr and len. With the 0xa5
 * pattern any byte that the 2.15 model fails to clear or set shows up as a5 and differs from
 * 2.3 (user_data stays a5 in both: neither touches it). Each line is "name pattern hex".
 */
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENTRIES 8
#define P(n) ((void *)(uintptr_t)(n))

static struct io_uring ring;

static struct io_uring_sqe *fresh(int pattern)
{
	memset(ring.sq.sqes, pattern, ENTRIES * sizeof(struct io_uring_sqe));
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	if (!sqe) {
		fprintf(stderr, "io_uring_get_sqe returned NULL\n");
		exit(1);
	}
	return sqe;
}

static void dump(const char *name, int pattern, const struct io_uring_sqe *sqe)
{
	const unsigned char *b = (const unsigned char *)sqe;
	printf("%-40s %02x ", name, pattern);
	for (int i = 0; i < 64; i++)
		printf("%02x%s", b[i], (i % 8 == 7 && i != 63) ? " " : "");
	printf("\n");
	ring.sq.sqe_tail--; /* hand the slot back; nothing is ever submitted */
}

#define CASE(name, ...)                                                                \
	do {                                                                           \
		static const int pats[2] = { 0x00, 0xa5 };                             \
		for (int _p = 0; _p < 2; _p++) {                                       \
			struct io_uring_sqe *sqe = fresh(pats[_p]);                    \
			__VA_ARGS__;                                                   \
			dump(name, pats[_p], sqe);                                     \
		}                                                                      \
	} while (0)

int main(void)
{
	int ret = io_uring_queue_init(ENTRIES, &ring, 0);
	if (ret < 0) {
		printf("skip: io_uring_queue_init: %s\n", strerror(-ret));
		return 77;
	}

	/* core and sqe_set_* */
	CASE("rw", io_uring_prep_rw(0x33, sqe, 0x11223344, P(0x1020304050607080ull), 0x99aabbcc, 0xdeadbeefcafef00dull));
	CASE("nop", io_uring_prep_nop(sqe));
	CASE("sqe_set_data", io_uring_prep_nop(sqe); io_uring_sqe_set_data(sqe, P(0x1234567890ull)));
	CASE("sqe_set_data64", io_uring_prep_nop(sqe); io_uring_sqe_set_data64(sqe, 0xfedcba9876543210ull));
	CASE("sqe_set_flags", io_uring_prep_nop(sqe); io_uring_sqe_set_flags(sqe, 0x1ff));
	CASE("set_target_fixed_file", io_uring_prep_nop(sqe); __io_uring_set_target_fixed_file(sqe, 41));

	/* files */
	CASE("read", io_uring_prep_read(sqe, 5, P(0x7000), 4096, 8192));
	CASE("write", io_uring_prep_write(sqe, 5, P(0x7000), 4096, (__u64)-1));
	CASE("readv", io_uring_prep_readv(sqe, 5, P(0x7100), 3, 512));
	CASE("writev", io_uring_prep_writev(sqe, 5, P(0x7100), 3, 512));
	CASE("readv2", io_uring_prep_readv2(sqe, 5, P(0x7100), 3, 512, 0x1b));
	CASE("writev2", io_uring_prep_writev2(sqe, 5, P(0x7100), 3, 512, -2));
	CASE("read_fixed", io_uring_prep_read_fixed(sqe, 5, P(0x7200), 100, 7, 0x12345));
	CASE("write_fixed", io_uring_prep_write_fixed(sqe, 5, P(0x7200), 100, 7, 3));
	CASE("fsync", io_uring_prep_fsync(sqe, 6, IORING_FSYNC_DATASYNC));
	CASE("sync_file_range", io_uring_prep_sync_file_range(sqe, 6, 4096, 1 << 20, 7));
	CASE("fallocate", io_uring_prep_fallocate(sqe, 6, 3, 4096, 1 << 20));
	CASE("fadvise", io_uring_prep_fadvise(sqe, 6, 4096, 65536, 4));
	CASE("madvise", io_uring_prep_madvise(sqe, P(0x7300), 8192, 14));
	CASE("openat", io_uring_prep_openat(sqe, -100, P(0x7400), 0x80241, 0644));
	CASE("openat_direct", io_uring_prep_openat_direct(sqe, 7, P(0x7400), 2, 0600, 9));
	CASE("openat_direct_alloc", io_uring_prep_openat_direct(sqe, 7, P(0x7400), 2, 0600, IORING_FILE_INDEX_ALLOC));
	CASE("openat2", io_uring_prep_openat2(sqe, 7, P(0x7400), P(0x7500)));
	CASE("openat2_direct", io_uring_prep_openat2_direct(sqe, 7, P(0x7400), P(0x7500), 0));
	CASE("openat2_direct_alloc", io_uring_prep_openat2_direct(sqe, 7, P(0x7400), P(0x7500), IORING_FILE_INDEX_ALLOC));
	CASE("close", io_uring_prep_close(sqe, 8));
	CASE("close_direct", io_uring_prep_close_direct(sqe, 12));
	CASE("statx", io_uring_prep_statx(sqe, 7, P(0x7400), 0x100, 0x7ff, P(0x7600)));
	CASE("unlinkat", io_uring_prep_unlinkat(sqe, 7, P(0x7400), 0x200));
	CASE("unlink", io_uring_prep_unlink(sqe, P(0x7400), 0));
	CASE("renameat", io_uring_prep_renameat(sqe, 7, P(0x7400), -100, P(0x7700), 1));
	CASE("rename", io_uring_prep_rename(sqe, P(0x7400), P(0x7700)));
	CASE("mkdirat", io_uring_prep_mkdirat(sqe, 7, P(0x7400), 0755));
	CASE("mkdir", io_uring_prep_mkdir(sqe, P(0x7400), 0700));
	CASE("symlinkat", io_uring_prep_symlinkat(sqe, P(0x7400), 7, P(0x7700)));
	CASE("symlink", io_uring_prep_symlink(sqe, P(0x7400), P(0x7700)));
	CASE("linkat", io_uring_prep_linkat(sqe, 7, P(0x7400), 9, P(0x7700), 0x400));
	CASE("link", io_uring_prep_link(sqe, P(0x7400), P(0x7700), 0));
	CASE("getxattr", io_uring_prep_getxattr(sqe, P(0x7800), P(0x7900), P(0x7400), 64));
	CASE("setxattr", io_uring_prep_setxattr(sqe, P(0x7800), P(0x7900), P(0x7400), 1, 64));
	CASE("fgetxattr", io_uring_prep_fgetxattr(sqe, 5, P(0x7800), P(0x7900), 64));
	CASE("fsetxattr", io_uring_prep_fsetxattr(sqe, 5, P(0x7800), P(0x7900), 2, 64));
	CASE("splice", io_uring_prep_splice(sqe, 3, -1, 4, 1000, 65536, 0xf));
	CASE("tee", io_uring_prep_tee(sqe, 3, 4, 65536, 2));
	CASE("files_update", io_uring_prep_files_update(sqe, P(0x7a00), 4, -1));

	/* network */
	CASE("socket", io_uring_prep_socket(sqe, 2, 0x80001, 6, 0));
	CASE("socket_direct", io_uring_prep_socket_direct(sqe, 10, 2, 17, 5, 0));
	CASE("socket_direct_allocidx", io_uring_prep_socket_direct(sqe, 10, 2, 17, IORING_FILE_INDEX_ALLOC, 0));
	CASE("socket_direct_alloc", io_uring_prep_socket_direct_alloc(sqe, 2, 1, 0, 0));
	CASE("connect", io_uring_prep_connect(sqe, 9, P(0x8000), 16));
	CASE("accept", io_uring_prep_accept(sqe, 9, P(0x8000), P(0x8100), 0x80800));
	CASE("accept_direct", io_uring_prep_accept_direct(sqe, 9, P(0x8000), P(0x8100), 0, 3));
	CASE("accept_direct_alloc", io_uring_prep_accept_direct(sqe, 9, P(0x8000), P(0x8100), 0, IORING_FILE_INDEX_ALLOC));
	CASE("multishot_accept", io_uring_prep_multishot_accept(sqe, 9, NULL, NULL, 0));
	CASE("multishot_accept_direct", io_uring_prep_multishot_accept_direct(sqe, 9, NULL, NULL, 0));
	CASE("send", io_uring_prep_send(sqe, 9, P(0x8200), 0x100000001ull, 0x4000));
	CASE("send_set_addr", io_uring_prep_send(sqe, 9, P(0x8200), 10, 0); io_uring_prep_send_set_addr(sqe, P(0x8000), 28));
	CASE("send_zc", io_uring_prep_send_zc(sqe, 9, P(0x8200), 1000, 0x40, 0x1ff));
	CASE("send_zc_fixed", io_uring_prep_send_zc_fixed(sqe, 9, P(0x8200), 1000, 0, 1, 7));
	CASE("recv", io_uring_prep_recv(sqe, 9, P(0x8300), 2048, 0x40));
	CASE("recv_multishot", io_uring_prep_recv_multishot(sqe, 9, NULL, 0, 0));
	CASE("recvmsg", io_uring_prep_recvmsg(sqe, 9, P(0x8400), 0x40));
	CASE("recvmsg_multishot", io_uring_prep_recvmsg_multishot(sqe, 9, P(0x8400), 0));
	CASE("sendmsg", io_uring_prep_sendmsg(sqe, 9, P(0x8400), 0x4000));
	CASE("sendmsg_zc", io_uring_prep_sendmsg_zc(sqe, 9, P(0x8400), 0));
	CASE("shutdown", io_uring_prep_shutdown(sqe, 9, 1));

	/* control */
	CASE("timeout", io_uring_prep_timeout(sqe, P(0x9000), 3, 0x10));
	CASE("timeout_remove", io_uring_prep_timeout_remove(sqe, 0x1122334455667788ull, 0));
	CASE("timeout_update", io_uring_prep_timeout_update(sqe, P(0x9000), 0x42, 4));
	CASE("link_timeout", io_uring_prep_link_timeout(sqe, P(0x9000), 0));
	CASE("poll_add", io_uring_prep_poll_add(sqe, 4, 0x2019));
	CASE("poll_multishot", io_uring_prep_poll_multishot(sqe, 4, 1));
	CASE("poll_remove", io_uring_prep_poll_remove(sqe, 0xabcdef));
	CASE("poll_update", io_uring_prep_poll_update(sqe, 0x10, 0x20, 4, 3));
	CASE("cancel64", io_uring_prep_cancel64(sqe, 0x55, 1));
	CASE("cancel", io_uring_prep_cancel(sqe, P(0x9100), 0));
	CASE("cancel_fd", io_uring_prep_cancel_fd(sqe, 3, 1));
	CASE("msg_ring", io_uring_prep_msg_ring(sqe, 11, 0x99, 0x77, 0));
	CASE("epoll_ctl", io_uring_prep_epoll_ctl(sqe, 12, 13, 1, P(0x9200)));
	CASE("provide_buffers", io_uring_prep_provide_buffers(sqe, P(0x9300), 4096, 16, 7, -1));
	CASE("remove_buffers", io_uring_prep_remove_buffers(sqe, 16, 0x10007));

	/* non-SQE helpers of 2.3 */
	printf("%-40s %08x\n", "poll_mask", __io_uring_prep_poll_mask(0x12345678));
	{
		struct io_uring_recvmsg_out *o = P(0x10000);
		struct msghdr m = { .msg_namelen = 16, .msg_controllen = 40 };
		printf("%-40s %lx\n", "recvmsg_name", (unsigned long)(uintptr_t)io_uring_recvmsg_name(o));
		printf("%-40s %lx\n", "recvmsg_payload", (unsigned long)(uintptr_t)io_uring_recvmsg_payload(o, &m));
	}
	io_uring_queue_exit(&ring);
	return 0;
}
