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
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

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

/* Memory of its own anonymous mapping, for buffers to register: Linux 6.1 refuses to pin
 * pages of a file-backed mapping (-EOPNOTSUPP), and with 64 KiB pages (ppc64el) a static
 * buffer in .bss can share its page with the program's file-backed .data. */
static inline void *t_anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap %zu", size);
	return p;
}

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

/*
 * What the running kernel supports, asked of the kernel itself with raw system calls that do
 * not go through the library under test: a test skips (with the reason) where the kernel
 * lacks a feature, and fails where the kernel has it and the library still gets -EINVAL (an
 * encoding of ours). Kernels answer -EINVAL to setup flags and register opcodes they do not
 * know (5.10 has no buffer rings, SQE128/CQE32, registered ring fds, NO_SQARRAY...).
 */

/* A raw io_uring_setup: a ring fd or -errno. */
static inline int t_raw_setup(unsigned entries, struct io_uring_params *p)
{
	long r = syscall(__NR_io_uring_setup, entries, p);
	return r < 0 ? -errno : (int)r;
}

/* A raw io_uring_register: its result or -errno. */
static inline int t_raw_register(int fd, unsigned op, const void *arg, unsigned nr)
{
	long r = syscall(__NR_io_uring_register, fd, op, arg, nr);
	return r < 0 ? -errno : (int)r;
}

/* Whether the kernel accepts a ring with these setup flags (-EINVAL: it does not). */
static inline int t_kernel_setup_flags(unsigned flags)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	p.flags = flags;
	int fd = t_raw_setup(4, &p);
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	CHECK(fd == -EINVAL, "raw io_uring_setup(flags %#x): %d", flags, fd);
	return 0;
}

/*
 * Whether the kernel knows setup flag `flag`, one that needs more than the flag to succeed
 * (IORING_SETUP_NO_MMAP needs memory): a raw setup with the flag alone gets another error
 * than -EINVAL from a kernel that knows it (-EFAULT for NO_MMAP's missing memory).
 */
static inline int t_kernel_knows_setup_flag(unsigned flag)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	p.flags = flag;
	int fd = t_raw_setup(4, &p);
	if (fd >= 0)
		close(fd);
	return fd != -EINVAL;
}

/* A kernel feature the register opcodes below test for. */
enum t_feature {
	T_RING_FDS,     /* IORING_REGISTER_RING_FDS (5.18) */
	T_BUF_RING,     /* IORING_REGISTER_PBUF_RING (5.19) */
	T_BUF_RING_MMAP, /* the same with IOU_PBUF_RING_MMAP: the kernel allocates it (6.4) */
	T_SPARSE_FILES, /* IORING_REGISTER_FILES2 with IORING_RSRC_REGISTER_SPARSE (5.19) */
	T_SPARSE_BUFFERS, /* IORING_REGISTER_BUFFERS2 with IORING_RSRC_REGISTER_SPARSE (5.19) */
	T_SYNC_CANCEL,  /* IORING_REGISTER_SYNC_CANCEL (6.0) */
	T_PBUF_STATUS,  /* IORING_REGISTER_PBUF_STATUS (6.8) */
};

/*
 * Whether the kernel knows a register opcode: a valid raw registration on a scratch ring,
 * which a kernel without the opcode refuses with -EINVAL. The scratch ring goes with what was
 * registered on it.
 */
static inline int t_kernel_has(enum t_feature f)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	int fd = t_raw_setup(4, &p), r;
	CHECK(fd >= 0, "raw io_uring_setup: %d", fd);
	switch (f) {
	case T_RING_FDS: {
		struct io_uring_rsrc_update up = { .offset = -1U, .data = (__u64)fd };
		r = t_raw_register(fd, IORING_REGISTER_RING_FDS, &up, 1);
		r = r == 1 ? 0 : r;
		break;
	}
	case T_BUF_RING:
	case T_BUF_RING_MMAP: {
		void *mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(mem != MAP_FAILED, "mmap");
		struct io_uring_buf_reg reg = { .ring_addr = (__u64)(uintptr_t)mem, .ring_entries = 8, .bgid = 0 };
		if (f == T_BUF_RING_MMAP) {
			/* IOU_PBUF_RING_MMAP (1) in the 16 bits after bgid: `flags` in newer
			 * headers, `pad` in liburing 2.3's, which core_errors.c also builds with */
			__u16 mmap_flag = 1;
			reg.ring_addr = 0;
			memcpy((char *)&reg + 14, &mmap_flag, sizeof(mmap_flag));
		}
		r = t_raw_register(fd, IORING_REGISTER_PBUF_RING, &reg, 1);
		close(fd);
		fd = -1;
		munmap(mem, 4096);
		break;
	}
	case T_SPARSE_FILES:
	case T_SPARSE_BUFFERS: {
		struct io_uring_rsrc_register rr = { .nr = 4, .flags = IORING_RSRC_REGISTER_SPARSE };
		r = t_raw_register(fd, f == T_SPARSE_FILES ? IORING_REGISTER_FILES2 : IORING_REGISTER_BUFFERS2,
				   &rr, sizeof(rr));
		break;
	}
	case T_SYNC_CANCEL: {
		/* nothing in flight: a kernel that has it answers -ENOENT */
		struct io_uring_sync_cancel_reg reg = { .addr = 1, .fd = -1, .timeout = { -1, -1 } };
		r = t_raw_register(fd, IORING_REGISTER_SYNC_CANCEL, &reg, 1);
		r = r == -ENOENT ? 0 : r;
		break;
	}
	case T_PBUF_STATUS: {
		/* struct io_uring_buf_status (newer than liburing 2.3's header): group 99, which
		 * this ring lacks, -ENOENT from a kernel that has the opcode */
		__u32 status[10] = { 99 };
		r = t_raw_register(fd, 26 /* IORING_REGISTER_PBUF_STATUS, not in 2.3's enum */, status, 1);
		r = r == -ENOENT ? 0 : r;
		break;
	}
	default:
		r = -EINVAL;
		CHECK(0, "unknown feature %d", (int)f);
	}
	if (fd >= 0)
		close(fd);
	CHECK(r == 0 || r == -EINVAL, "raw register for feature %d: %d", (int)f, r);
	return r == 0;
}

/* Skip unless the kernel has feature `f`, named `what` in the reason. */
#define T_REQUIRE(f, what)                                                              \
	do {                                                                           \
		if (!t_kernel_has(f))                                                  \
			SKIP("kernel lacks %s (a raw registration gets -EINVAL)", what); \
	} while (0)

/* Skip unless the kernel accepts setup flags `flags`, named `what` in the reason. */
#define T_REQUIRE_SETUP(flags, what)                                                    \
	do {                                                                           \
		if (!t_kernel_setup_flags(flags))                                      \
			SKIP("kernel refuses %s (a raw io_uring_setup gets -EINVAL)", what); \
	} while (0)

#endif
