/*
 * Real-kernel test of the control prep helpers: nop, timeout, timeout_remove, timeout_update,
 * link_timeout, poll_add, poll_multishot, poll_remove, poll_update, cancel, cancel64, cancel_fd,
 * msg_ring (+ _cqe_flags, _fd, _fd_alloc), futex_wait/_wake/_waitv, waitid, epoll_ctl,
 * epoll_wait, provide_buffers/remove_buffers, read_multishot; and the SQE flags: linked chains
 * (IOSQE_IO_LINK, IOSQE_IO_HARDLINK, a broken chain cancels the rest), IOSQE_ASYNC,
 * IOSQE_IO_DRAIN, IOSQE_CQE_SKIP_SUCCESS.
 */
#include "prep_common.h"

#include <linux/futex.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/wait.h>

#ifndef FUTEX2_SIZE_U32
#define FUTEX2_SIZE_U32 0x02
#endif
#ifndef FUTEX_BITSET_MATCH_ANY
#define FUTEX_BITSET_MATCH_ANY 0xffffffff
#endif

static struct io_uring ring;

static struct io_uring_sqe *sqe_ud(__u64 ud)
{
	struct io_uring_sqe *sqe = t_sqe(&ring);
	io_uring_sqe_set_data64(sqe, ud);
	return sqe;
}

/* Collect `n` CQEs: res by user_data (1..15), in arrival order in `order`. */
static void reap(int n, int res[16], unsigned flags[16], int order[16])
{
	for (int i = 0; i < n; i++) {
		struct io_uring_cqe *cqe = t_cqe(&ring);
		CHECK(cqe->user_data < 16, "unexpected user_data %llu", (unsigned long long)cqe->user_data);
		res[cqe->user_data] = cqe->res;
		if (flags)
			flags[cqe->user_data] = cqe->flags;
		if (order)
			order[i] = (int)cqe->user_data;
		io_uring_cqe_seen(&ring, cqe);
	}
}

static void ts_ms(struct __kernel_timespec *ts, long ms)
{
	ts->tv_sec = ms / 1000;
	ts->tv_nsec = (ms % 1000) * 1000000L;
}

static void test_timeouts(void)
{
	struct __kernel_timespec ts, ts2;
	int res[16], order[16];

	io_uring_prep_nop(t_sqe(&ring));
	CHECK_RET(t_run(&ring), 0);

	ts_ms(&ts, 10);
	io_uring_prep_timeout(t_sqe(&ring), &ts, 0, 0);
	CHECK_RET(t_run(&ring), -ETIME);

	/* count: completes (res 0) once one other request completed */
	ts_ms(&ts, 10000);
	io_uring_prep_timeout(sqe_ud(1), &ts, 1, 0);
	io_uring_prep_nop(sqe_ud(2));
	CHECK_RET(io_uring_submit(&ring), 2);
	reap(2, res, NULL, NULL);
	CHECK(res[1] == 0 && res[2] == 0, "count timeout %d nop %d", res[1], res[2]);

	/* remove */
	io_uring_prep_timeout(sqe_ud(1), &ts, 0, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	io_uring_prep_timeout_remove(sqe_ud(2), 1, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	reap(2, res, NULL, NULL);
	CHECK(res[1] == -ECANCELED && res[2] == 0, "timeout_remove: timeout %d remove %d", res[1], res[2]);
	io_uring_prep_timeout_remove(sqe_ud(3), 12345, 0);
	CHECK_RET(t_run_ud(&ring, 3), -ENOENT);

	/* update to 1ms */
	io_uring_prep_timeout(sqe_ud(1), &ts, 0, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	ts_ms(&ts2, 1);
	io_uring_prep_timeout_update(sqe_ud(2), &ts2, 1, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	reap(2, res, NULL, order);
	CHECK(res[2] == 0 && res[1] == -ETIME, "timeout_update: update %d timeout %d", res[2], res[1]);

	/* link_timeout on a read that never completes */
	int p[2];
	char c;
	CHECK(pipe(p) == 0, "pipe");
	struct io_uring_sqe *sqe = sqe_ud(1);
	io_uring_prep_read(sqe, p[0], &c, 1, 0);
	sqe->flags |= IOSQE_IO_LINK;
	ts_ms(&ts2, 10);
	io_uring_prep_link_timeout(sqe_ud(2), &ts2, 0);
	CHECK_RET(io_uring_submit(&ring), 2);
	reap(2, res, NULL, NULL);
	CHECK(res[1] == -ECANCELED && res[2] == -ETIME, "link_timeout: read %d timeout %d", res[1], res[2]);
	close(p[0]), close(p[1]);
}

static void test_poll_cancel(void)
{
	int p[2], res[16];
	unsigned flags[16];
	CHECK(pipe(p) == 0, "pipe");

	io_uring_prep_poll_add(sqe_ud(1), p[0], POLLIN);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK(write(p[1], "x", 1) == 1, "write");
	reap(1, res, NULL, NULL);
	CHECK(res[1] & POLLIN, "poll_add mask %x", res[1]);

	char buf[8];
	CHECK(read(p[0], buf, sizeof(buf)) == 1, "drain");
	io_uring_prep_poll_multishot(sqe_ud(1), p[0], POLLIN);
	CHECK_RET(io_uring_submit(&ring), 1);
	for (int i = 0; i < 2; i++) {
		CHECK(write(p[1], "y", 1) == 1, "write");
		reap(1, res, flags, NULL);
		CHECK((res[1] & POLLIN) && (flags[1] & IORING_CQE_F_MORE), "multishot poll %d: %x %x", i, res[1],
		      flags[1]);
		CHECK(read(p[0], buf, sizeof(buf)) == 1, "drain");
	}
	io_uring_prep_poll_remove(sqe_ud(2), 1);
	CHECK_RET(io_uring_submit(&ring), 1);
	reap(2, res, flags, NULL);
	CHECK(res[2] == 0 && res[1] == -ECANCELED && !(flags[1] & IORING_CQE_F_MORE), "poll_remove %d poll %d",
	      res[2], res[1]);

	/* poll_update: POLLIN on an empty pipe becomes POLLOUT on its write end's readiness... */
	io_uring_prep_poll_add(sqe_ud(1), p[1], POLLPRI);
	CHECK_RET(io_uring_submit(&ring), 1);
	io_uring_prep_poll_update(sqe_ud(2), 1, 3, POLLOUT, IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA);
	CHECK_RET(io_uring_submit(&ring), 1);
	reap(2, res, NULL, NULL);
	CHECK(res[2] == 0 && (res[3] & POLLOUT), "poll_update %d, updated poll (user_data 3) %x", res[2], res[3]);

	/* cancel64 / cancel / cancel_fd on reads of an empty pipe */
	io_uring_prep_read(sqe_ud(1), p[0], buf, 1, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	io_uring_prep_cancel64(sqe_ud(2), 1, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	reap(2, res, NULL, NULL);
	CHECK(res[1] == -ECANCELED && res[2] == 0, "cancel64: read %d cancel %d", res[1], res[2]);

	static int marker;
	struct io_uring_sqe *sqe = t_sqe(&ring);
	io_uring_prep_read(sqe, p[0], buf, 1, 0);
	io_uring_sqe_set_data(sqe, &marker);
	CHECK_RET(io_uring_submit(&ring), 1);
	io_uring_prep_cancel(sqe_ud(2), &marker, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	for (int i = 0; i < 2; i++) {
		struct io_uring_cqe *cqe = t_cqe(&ring);
		if (io_uring_cqe_get_data(cqe) == &marker)
			CHECK(cqe->res == -ECANCELED, "cancel(ptr) read: %d", cqe->res);
		else
			CHECK(cqe->user_data == 2 && cqe->res == 0, "cancel(ptr): %d", cqe->res);
		io_uring_cqe_seen(&ring, cqe);
	}

	/* two bytes of buf: two reads in flight must not write one (URING_RS_CHECK) */
	io_uring_prep_read(sqe_ud(1), p[0], buf, 1, 0);
	io_uring_prep_read(sqe_ud(3), p[0], buf + 1, 1, 0);
	CHECK_RET(io_uring_submit(&ring), 2);
	io_uring_prep_cancel_fd(sqe_ud(2), p[0], IORING_ASYNC_CANCEL_ALL);
	CHECK_RET(io_uring_submit(&ring), 1);
	/* A kernel without IORING_ASYNC_CANCEL_FD/ALL (before 5.19, the release of
	 * IORING_OP_SOCKET) refuses the cancel and the reads stay in flight: cancel them one by
	 * one, or waiting for them would hang. */
	struct io_uring_cqe *first;
	CHECK_RET(io_uring_wait_cqe(&ring, &first), 0);
	if (first->user_data == 2 && t_rejects(t_op_supported(IORING_OP_SOCKET), first->res, "cancel_fd ALL")) {
		io_uring_cqe_seen(&ring, first);
		io_uring_prep_cancel64(sqe_ud(4), 1, 0);
		io_uring_prep_cancel64(sqe_ud(5), 3, 0);
		CHECK_RET(io_uring_submit(&ring), 2);
		reap(4, res, NULL, NULL);
		CHECK(res[1] == -ECANCELED && res[3] == -ECANCELED && res[4] == 0 && res[5] == 0,
		      "reads %d %d, cancels %d %d", res[1], res[3], res[4], res[5]);
	} else {
		reap(3, res, NULL, NULL);
		CHECK(res[1] == -ECANCELED && res[3] == -ECANCELED && res[2] == 2, "cancel_fd ALL: %d %d cancel %d",
		      res[1], res[3], res[2]);
	}
	io_uring_prep_cancel64(sqe_ud(2), 999, 0);
	CHECK_RET(t_run_ud(&ring, 2), -ENOENT);
	close(p[0]), close(p[1]);
}

static void test_msg_ring(void)
{
	struct io_uring r2;
	t_ring(&r2, 8, 0);
	struct io_uring_cqe *cqe;

	io_uring_prep_msg_ring(t_sqe(&ring), r2.ring_fd, 0x42, 0x77, 0);
	CHECK_RET(t_run(&ring), 0);
	CHECK_RET(io_uring_wait_cqe(&r2, &cqe), 0);
	CHECK(cqe->res == 0x42 && cqe->user_data == 0x77, "msg_ring CQE res %d ud %llu", cqe->res,
	      (unsigned long long)cqe->user_data);
	io_uring_cqe_seen(&r2, cqe);

	io_uring_prep_msg_ring_cqe_flags(t_sqe(&ring), r2.ring_fd, 7, 8, 0, 0x1230000);
	int res = t_run(&ring);
	/* IORING_MSG_RING_FLAGS_PASS (6.4) is older than IORING_OP_FUTEX_WAIT (6.7) */
	if (!t_rejects(t_op_supported(IORING_OP_FUTEX_WAIT), res, "msg_ring_cqe_flags")) {
		CHECK(res == 0, "msg_ring_cqe_flags: %d", res);
		CHECK_RET(io_uring_wait_cqe(&r2, &cqe), 0);
		CHECK(cqe->res == 7 && cqe->user_data == 8 && cqe->flags == 0x1230000, "cqe_flags CQE %d %llu %x",
		      cqe->res, (unsigned long long)cqe->user_data, cqe->flags);
		io_uring_cqe_seen(&r2, cqe);
	}

	/* msg_ring_fd: ring's fixed slot 0 (a pipe end) into r2's slot 1, then into a free slot */
	int p[2];
	CHECK(pipe(p) == 0, "pipe");
	CHECK_RET(t_register(&ring, IORING_REGISTER_FILES, p, 2), 0);
	int sparse[4] = { -1, -1, -1, -1 };
	CHECK_RET(io_uring_register(r2.ring_fd, IORING_REGISTER_FILES, sparse, 4), 0);
	io_uring_prep_msg_ring_fd(t_sqe(&ring), r2.ring_fd, 1, 1, 0x99, 0);
	CHECK_RET(t_run(&ring), 0);
	CHECK_RET(io_uring_wait_cqe(&r2, &cqe), 0);
	CHECK(cqe->res == 0 && cqe->user_data == 0x99, "msg_ring_fd CQE %d", cqe->res);
	io_uring_cqe_seen(&r2, cqe);
	/* r2 writes through its new slot 1 into the pipe */
	struct io_uring_sqe *sqe = io_uring_get_sqe(&r2);
	io_uring_prep_write(sqe, 1, "via-r2", 6, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	io_uring_sqe_set_data64(sqe, 0);
	CHECK_RET(io_uring_submit(&r2), 1);
	CHECK_RET(io_uring_wait_cqe(&r2, &cqe), 0);
	CHECK(cqe->res == 6, "write through passed fd: %d", cqe->res);
	io_uring_cqe_seen(&r2, cqe);
	char buf[8] = { 0 };
	CHECK(read(p[0], buf, 6) == 6 && !memcmp(buf, "via-r2", 6), "pipe data");

	/* with IORING_FILE_INDEX_ALLOC both sides learn the slot the kernel picked */
	io_uring_prep_msg_ring_fd_alloc(t_sqe(&ring), r2.ring_fd, 0, 0x98, 0);
	int slot = t_run(&ring);
	CHECK(slot >= 0 && slot < 4 && slot != 1, "msg_ring_fd_alloc: %d", slot);
	CHECK_RET(io_uring_wait_cqe(&r2, &cqe), 0);
	CHECK(cqe->user_data == 0x98 && cqe->res == slot, "msg_ring_fd_alloc target CQE %d", cqe->res);
	io_uring_cqe_seen(&r2, cqe);

	CHECK_RET(t_register(&ring, IORING_UNREGISTER_FILES, NULL, 0), 0);
	close(p[0]), close(p[1]);
	io_uring_queue_exit(&r2);
}

static void test_futex_waitid_epoll(void)
{
	int res[16];
	static uint32_t fut;

	io_uring_prep_futex_wait(sqe_ud(1), &fut, 0, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	struct io_uring_cqe *cqe;
	usleep(1000);
	/* a kernel without futex operations (before 6.7) ends the wait at once with -EINVAL */
	CHECK(io_uring_peek_cqe(&ring, &cqe) == -EAGAIN || !t_op_supported(IORING_OP_FUTEX_WAIT),
	      "futex_wait finished early");
	io_uring_prep_futex_wake(sqe_ud(2), &fut, 1, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	reap(2, res, NULL, NULL);
	if (!t_rejects(t_op_supported(IORING_OP_FUTEX_WAIT), res[1], "futex_wait")) {
		CHECK(res[1] == 0 && res[2] == 1, "futex wait %d wake %d", res[1], res[2]);
		/* value mismatch: the kernel says -EAGAIN */
		io_uring_prep_futex_wait(sqe_ud(1), &fut, 5, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32, 0);
		CHECK_RET(t_run_ud(&ring, 1), -EAGAIN);

		struct futex_waitv wv[2] = {
			{ .val = 1, .uaddr = (unsigned long)&fut, .flags = FUTEX2_SIZE_U32 },
			{ .val = 0, .uaddr = (unsigned long)&fut, .flags = FUTEX2_SIZE_U32 },
		};
		io_uring_prep_futex_waitv(sqe_ud(1), wv, 2, 0);
		CHECK_RET(io_uring_submit(&ring), 1);
		usleep(1000);
		io_uring_prep_futex_wake(sqe_ud(2), &fut, 1, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32, 0);
		CHECK_RET(io_uring_submit(&ring), 1);
		reap(2, res, NULL, NULL);
		/* wv[0] expects 1 but fut is 0: -EAGAIN... unless the kernel checks in order and waits on
		 * index 1. waitv requires all values to match: mismatch -> -EAGAIN. */
		CHECK(res[1] == -EAGAIN || res[1] == 1, "futex_waitv: %d", res[1]);
		wv[0].val = 0;
		io_uring_prep_futex_waitv(sqe_ud(1), wv, 2, 0);
		CHECK_RET(io_uring_submit(&ring), 1);
		usleep(1000);
		io_uring_prep_futex_wake(sqe_ud(2), &fut, 1, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32, 0);
		CHECK_RET(io_uring_submit(&ring), 1);
		reap(2, res, NULL, NULL);
		CHECK((res[1] == 0 || res[1] == 1) && res[2] == 1, "futex_waitv woken index %d, wake %d", res[1],
		      res[2]);
	}

	pid_t pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0)
		_exit(7);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	io_uring_prep_waitid(t_sqe(&ring), P_PID, pid, &si, WEXITED, 0);
	int r = t_run(&ring);
	if (!t_rejects(t_op_supported(IORING_OP_WAITID), r, "waitid")) {
		CHECK(r == 0 && si.si_pid == pid && si.si_status == 7 && si.si_code == CLD_EXITED,
		      "waitid: %d pid %d status %d", r, si.si_pid, si.si_status);
	} else {
		waitpid(pid, NULL, 0);
	}
	io_uring_prep_waitid(t_sqe(&ring), P_PID, pid, &si, WEXITED, 0);
	if (!r)
		CHECK_RET(t_run(&ring), -ECHILD);
	else
		t_run(&ring);

	int ep = epoll_create1(0), p[2];
	CHECK(ep >= 0 && pipe(p) == 0, "epoll_create1/pipe");
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0xabc };
	io_uring_prep_epoll_ctl(t_sqe(&ring), ep, p[0], EPOLL_CTL_ADD, &ev);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_epoll_ctl(t_sqe(&ring), ep, p[0], EPOLL_CTL_ADD, &ev);
	CHECK_RET(t_run(&ring), -EEXIST);
	CHECK(write(p[1], "e", 1) == 1, "write");
	struct epoll_event out[4];
	memset(out, 0, sizeof(out));
	io_uring_prep_epoll_wait(t_sqe(&ring), ep, out, 4, 0);
	r = t_run(&ring);
	if (!t_rejects(t_op_supported(IORING_OP_EPOLL_WAIT), r, "epoll_wait")) {
		CHECK(r == 1 && out[0].data.u64 == 0xabc && (out[0].events & EPOLLIN), "epoll_wait: %d", r);
	}
	close(ep), close(p[0]), close(p[1]);
}

static void test_buffers(void)
{
	static char bufs[4][32];
	int p[2];
	CHECK(pipe(p) == 0, "pipe");

	io_uring_prep_provide_buffers(t_sqe(&ring), bufs, 32, 4, 9, 10);
	CHECK_RET(t_run(&ring), 0);
	struct io_uring_sqe *sqe = t_sqe(&ring);
	io_uring_prep_read(sqe, p[0], NULL, 32, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	io_uring_sqe_set_buf_group(sqe, 9);
	CHECK(write(p[1], "pb", 2) == 2, "write");
	CHECK_RET(io_uring_submit(&ring), 1);
	struct io_uring_cqe *cqe = t_cqe(&ring);
	CHECK(cqe->res == 2 && (cqe->flags & IORING_CQE_F_BUFFER), "buffer-select read %d %x", cqe->res, cqe->flags);
	int bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
	CHECK(bid >= 10 && bid < 14 && !memcmp(bufs[bid - 10], "pb", 2), "provided buffer id %d", bid);
	io_uring_cqe_seen(&ring, cqe);

	/* read_multishot: each pipe write lands in the next provided buffer */
	io_uring_prep_read_multishot(sqe_ud(5), p[0], 0, 0, 9);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK(write(p[1], "m1", 2) == 2, "write");
	cqe = t_cqe(&ring);
	int res = cqe->res;
	unsigned fl = cqe->flags;
	io_uring_cqe_seen(&ring, cqe);
	int multishot = !t_rejects(t_op_supported(IORING_OP_READ_MULTISHOT), res, "read_multishot");
	if (multishot) {
		CHECK(res == 2 && (fl & IORING_CQE_F_MORE) && (fl & IORING_CQE_F_BUFFER), "read_multishot %d %x", res,
		      fl);
		io_uring_prep_cancel64(sqe_ud(6), 5, 0);
		CHECK_RET(io_uring_submit(&ring), 1);
		int got[16];
		reap(2, got, NULL, NULL);
		CHECK(got[6] == 0, "cancel read_multishot: %d", got[6]);
	}

	io_uring_prep_remove_buffers(t_sqe(&ring), 8, 9);
	res = t_run(&ring);
	/* 3 were left after the plain read; the multishot read took one or two, where it ran */
	CHECK(multishot ? res >= 1 && res <= 2 : res == 3, "remove_buffers removed %d", res);
	io_uring_prep_remove_buffers(t_sqe(&ring), 1, 9); /* nothing left in the group */
	res = t_run(&ring);
	CHECK(res == 0 || res == -ENOENT, "remove_buffers on an empty group: %d", res);
	close(p[0]), close(p[1]);
}

static void test_sqe_flags(void)
{
	int res[16], order[16];
	struct io_uring_sqe *sqe;

	/* IO_LINK: runs in order */
	for (int i = 1; i <= 3; i++) {
		sqe = sqe_ud(i);
		io_uring_prep_nop(sqe);
		if (i < 3)
			sqe->flags |= IOSQE_IO_LINK;
	}
	CHECK_RET(io_uring_submit(&ring), 3);
	reap(3, res, NULL, order);
	CHECK(order[0] == 1 && order[1] == 2 && order[2] == 3 && !res[1] && !res[2] && !res[3], "linked nops");

	/* broken chain: the rest completes with -ECANCELED */
	sqe = sqe_ud(1);
	io_uring_prep_close(sqe, -1);
	sqe->flags |= IOSQE_IO_LINK;
	sqe = sqe_ud(2);
	io_uring_prep_nop(sqe);
	sqe->flags |= IOSQE_IO_LINK;
	io_uring_prep_nop(sqe_ud(3));
	CHECK_RET(io_uring_submit(&ring), 3);
	reap(3, res, NULL, NULL);
	CHECK(res[1] == -EBADF && res[2] == -ECANCELED && res[3] == -ECANCELED, "broken chain %d %d %d", res[1],
	      res[2], res[3]);

	/* HARDLINK: a failure doesn't break it */
	sqe = sqe_ud(1);
	io_uring_prep_close(sqe, -1);
	sqe->flags |= IOSQE_IO_HARDLINK;
	io_uring_prep_nop(sqe_ud(2));
	CHECK_RET(io_uring_submit(&ring), 2);
	reap(2, res, NULL, order);
	CHECK(res[1] == -EBADF && res[2] == 0 && order[0] == 1, "hardlink %d %d", res[1], res[2]);

	/* ASYNC */
	int p[2];
	CHECK(pipe(p) == 0, "pipe");
	CHECK(write(p[1], "a", 1) == 1, "write");
	char c = 0;
	sqe = sqe_ud(1);
	io_uring_prep_read(sqe, p[0], &c, 1, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_ASYNC);
	CHECK_RET(t_run_ud(&ring, 1), 1);
	CHECK(c == 'a', "async read data");
	close(p[0]), close(p[1]);

	/* DRAIN: the drained nop waits for the timeout before it, the nop after waits too. Which
	 * of the two held-back nops the kernel then posts first is its own business: 6.1 (seen
	 * under qemu on arm64) posts 3 before 2, as it runs the deferred requests' task work
	 * last-queued first; the library takes no part in that order. */
	struct __kernel_timespec ts;
	ts_ms(&ts, 20);
	io_uring_prep_timeout(sqe_ud(1), &ts, 0, 0);
	sqe = sqe_ud(2);
	io_uring_prep_nop(sqe);
	sqe->flags |= IOSQE_IO_DRAIN;
	io_uring_prep_nop(sqe_ud(3));
	CHECK_RET(io_uring_submit(&ring), 3);
	reap(3, res, NULL, order);
	CHECK(order[0] == 1 && order[1] + order[2] == 5, "drain order %d %d %d", order[0], order[1], order[2]);
	CHECK(res[1] == -ETIME && res[2] == 0 && res[3] == 0, "drain results");

	/* CQE_SKIP_SUCCESS (5.17, IORING_FEAT_CQE_SKIP): before it the flag is unknown and the
	 * kernel fails the SQE with -EINVAL (and 5.10 stops the submission there) */
	if (!(ring.features & IORING_FEAT_CQE_SKIP)) {
		sqe = sqe_ud(1);
		io_uring_prep_nop(sqe);
		sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
		CHECK(t_rejects(0, t_run_ud(&ring, 1), "IOSQE_CQE_SKIP_SUCCESS (no IORING_FEAT_CQE_SKIP)"),
		      "a kernel without IORING_FEAT_CQE_SKIP took IOSQE_CQE_SKIP_SUCCESS");
		return;
	}
	/* CQE_SKIP_SUCCESS: no CQE for the successful nop; the failing close still posts */
	sqe = sqe_ud(1);
	io_uring_prep_nop(sqe);
	sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
	sqe = sqe_ud(2);
	io_uring_prep_close(sqe, -1);
	sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
	io_uring_prep_nop(sqe_ud(3));
	CHECK_RET(io_uring_submit(&ring), 3);
	memset(res, 0x7f, sizeof(res));
	reap(2, res, NULL, NULL);
	CHECK(res[2] == -EBADF && res[3] == 0, "skip_success: close %d nop %d", res[2], res[3]);
	CHECK(io_uring_cq_ready(&ring) == 0, "a CQE_SKIP_SUCCESS nop posted a CQE");
}

int main(void)
{
	t_ring(&ring, 32, 0);
	test_timeouts();
	test_poll_cancel();
	if (t_op_supported(IORING_OP_MSG_RING))
		test_msg_ring();
	else
		t_rejects(0, -EOPNOTSUPP, "msg_ring (not in the kernel's probe)");
	test_futex_waitid_epoll();
	test_buffers();
	test_sqe_flags();
	io_uring_queue_exit(&ring);
	return t_finish();
}
