/* Shared helpers for the C test programs: exit 0 = pass, 77 = skip, 1 = fail.
 * Written against the liburing API common to 2.3 and 2.15 (core_errors.c is also built
 * against the system liburing). */
#ifndef URING_RS_CTEST_HELPERS_H
#define URING_RS_CTEST_HELPERS_H

#include <dirent.h>
#include <errno.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define T_PASS 0
#define T_FAIL 1
#define T_SKIP 77

/* Fail the test with a message when `cond` does not hold. */
#define CHECK(cond, ...)                                                               \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                  \
			fprintf(stderr, "\n");                                         \
			exit(T_FAIL);                                                  \
		}                                                                      \
	} while (0)

/* Fail unless a liburing call returned `want` (usually 0 or a -errno). */
#define CHECK_RET(call, want)                                                          \
	do {                                                                           \
		long __r = (long)(call);                                               \
		CHECK(__r == (long)(want), "%s returned %ld (%s), wanted %ld", #call,  \
		      __r, __r < 0 ? strerror((int)-__r) : "", (long)(want));          \
	} while (0)

/* Stop with "skip" and a reason. */
#define SKIP(...)                                                                      \
	do {                                                                           \
		printf("skip: ");                                                      \
		printf(__VA_ARGS__);                                                   \
		printf("\n");                                                          \
		exit(T_SKIP);                                                          \
	} while (0)

/* A scratch file path under $TEST_TMPDIR (or /tmp), unique per process. */
static inline const char *t_tmpfile(const char *tag)
{
	static char path[4096];
	const char *dir = getenv("TEST_TMPDIR");
	snprintf(path, sizeof(path), "%s/%s.%d", dir ? dir : "/tmp", tag, (int)getpid());
	return path;
}

/* CLOCK_MONOTONIC in milliseconds, for checking how long a wait took. */
static inline long t_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* How many fds this process has open (entries of /proc/self/fd), for leak checks. */
static inline int t_count_fds(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

/* Queue one NOP with the given user_data (not submitted). */
static inline void t_nop(struct io_uring *ring, __u64 ud)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	CHECK(sqe, "get_sqe");
	io_uring_prep_nop(sqe);
	sqe->user_data = ud;
}

/* Queue n NOPs with user_data first, first + 1, ... (not submitted). */
static inline void t_queue_nops(struct io_uring *ring, unsigned n, __u64 first)
{
	for (unsigned i = 0; i < n; i++)
		t_nop(ring, first + i);
}

/* The res of the CQE that is ready now (peeked, then marked seen). */
static inline int t_peek_res(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_peek_cqe(ring, &cqe), 0);
	int res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

/* Submit the one prepared SQE, wait for its CQE and return its res. */
static inline int t_submit_one(struct io_uring *ring)
{
	CHECK_RET(io_uring_submit_and_wait(ring, 1), 1);
	return t_peek_res(ring);
}

/*
 * Arm a multishot recvmsg on `fd` picking buffers from group `bgid`, with room in `msg` for a
 * sockaddr_in name and two control messages (IP_PKTINFO, IP_TTL); submits it.
 */
static inline void t_arm_recvmsg_multishot(struct io_uring *ring, int fd, struct msghdr *msg, int bgid, __u64 ud)
{
	memset(msg, 0, sizeof(*msg));
	msg->msg_namelen = sizeof(struct sockaddr_in);
	msg->msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo)) + CMSG_SPACE(sizeof(int));
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	CHECK(sqe, "get_sqe");
	io_uring_prep_recvmsg_multishot(sqe, fd, msg, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = bgid;
	io_uring_sqe_set_data64(sqe, ud);
	CHECK_RET(io_uring_submit(ring), 1);
}

#endif
