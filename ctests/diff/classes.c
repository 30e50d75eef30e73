/*
 * The step classes of difftest beyond the core sequence (issue 26). This file is part of
 * difftest.c (#included there): the classes share its trace, random numbers and die().
 *
 * Each seed runs one class, picked from the seed by weight (seed_class(); `-c CLASS` runs one
 * class for every seed). The core class is the sequence difftest.c's header describes; each
 * other class sets up a ring of its own kind and runs steps of one area of the API:
 *   multishot  multishot accept (plain and into direct descriptors) on a loopback TCP
 *              listener, multishot recv on a loopback TCP connection, multishot read and poll
 *              on a pipe; a provided-buffer ring that is added to, advanced, recycled and run
 *              dry (-ENOBUFS ends the multishot); cancellation of the armed request
 *   sqpoll     SQPOLL rings: batches submitted (also after the thread has had time to go idle,
 *              so the wakeup path runs), sq_ready, sq_space_left, sqring_wait
 *   big        SQE128 and CQE32 rings (NOPs injecting results and 32-byte CQE payloads, pipe
 *              I/O in 128-byte entries, NOP128 as the kernel answers it), CQ overflow of big
 *              CQEs; CQE_MIXED rings with 16- and 32-byte CQEs and padding entries
 *   cancel     linked chains (read, link timeout, NOPs) parked on empty pipes, completed by
 *              writes or cancelled by user_data, by fd (also fixed), by any, with and without
 *              IORING_ASYNC_CANCEL_ALL, through SQEs and io_uring_register_sync_cancel
 *   regupdate  registered files and buffers with tags, updated (by register calls and by
 *              IORING_OP_FILES_UPDATE) while requests that use them are in flight
 *   overflow   a small CQ, many completions, then reaping through the overflow list
 *
 * Each class's model knows how many CQEs every step produces: a step waits for exactly those
 * and traces them sorted (the order of completions run from task work is the kernel's). Where
 * liburing 2.3 has the feature, both builds trace what the kernel and the library answered and
 * the traces are compared. CQE_MIXED is newer than 2.3: there both builds trace what the model
 * expects, and the uring-rs build also checks every answer against it (a difference ends its
 * seed, so its trace parts from liburing's there).
 */

/* ---- what liburing 2.3's header lacks: the kernel ABI values, liburing 2.15's helpers ---- */
#ifdef IORING_SETUP_CQE_MIXED
#define NEW_HEADER 1
#else
#define NEW_HEADER 0
#define IORING_SETUP_CQE_MIXED (1U << 18)
#define IORING_CQE_F_SKIP      (1U << 5)
#define IORING_CQE_F_32        (1U << 15)
#define IORING_NOP_INJECT_RESULT (1U << 0)
#define IORING_NOP_CQE32       (1U << 5)
#define OP_READ_MULTISHOT      49
#define OP_NOP128              63
static inline void io_uring_prep_read_multishot(struct io_uring_sqe *sqe, int fd, unsigned nbytes,
						__u64 offset, int buf_group)
{
	io_uring_prep_rw(OP_READ_MULTISHOT, sqe, fd, NULL, nbytes, offset);
	sqe->buf_group = (__u16)buf_group;
	sqe->flags = IOSQE_BUFFER_SELECT;
}
static inline struct io_uring_sqe *io_uring_get_sqe128(struct io_uring *ring)
{
	return ring->flags & IORING_SETUP_SQE128 ? io_uring_get_sqe(ring) : NULL;
}
static inline void io_uring_prep_nop128(struct io_uring_sqe *sqe)
{
	io_uring_prep_rw(OP_NOP128, sqe, -1, NULL, 0, 0);
}
#endif

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>

enum cls { C_CORE, C_MSHOT, C_SQPOLL, C_BIG, C_CANCEL, C_REGUPD, C_OVERFLOW, NCLASSES };
static const char *const cls_name[NCLASSES] = {
	"core", "multishot", "sqpoll", "big", "cancel", "regupdate", "overflow",
};
/* per cent of the seeds; SQPOLL seeds start a kernel thread each and wait for it */
static const unsigned cls_weight[NCLASSES] = { 36, 18, 8, 11, 11, 8, 8 };
static int only_class = -1;       /* -c */

static unsigned seed_class(unsigned long long seed)
{
	if (only_class >= 0)
		return (unsigned)only_class;
	/* from the seed alone, not from rnd(): a core seed keeps the sequence it always had */
	uint64_t z = seed * 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 31)) * 0xbf58476d1ce4e5b9ULL;
	unsigned k = (unsigned)((z ^ (z >> 29)) % 100);
	for (unsigned c = 0; c < NCLASSES; c++) {
		if (k < cls_weight[c])
			return c;
		k -= cls_weight[c];
	}
	return C_CORE;
}

/* ---- a class's ring, its descriptors and the CQEs of a step ---- */
#define XFDS 96
static struct xstate {
	struct io_uring ring;
	bool ring_ok;
	unsigned sq_entries, cq_entries, flags;
	int fds[XFDS];                 /* closed when the seed ends */
	unsigned nfds;
	unsigned next_ud;
	bool posted;                   /* every CQE due is already posted: peeking is exact */
	__u64 fd_ud;                   /* CQEs of this user_data with res >= 0 carry a new fd */
} X;

static int x_keep(int fd)
{
	if (fd < 0)
		die("socket call failed", errno);
	if (X.nfds == XFDS)
		die("too many descriptors", fd);
	X.fds[X.nfds++] = fd;
	return fd;
}

static void x_cleanup(void)
{
	if (X.ring_ok)
		io_uring_queue_exit(&X.ring);
	X.ring_ok = false;
	for (unsigned i = 0; i < X.nfds; i++)
		close(X.fds[i]);
	X.nfds = 0;
}

static int x_init(unsigned entries, unsigned flags, unsigned cq, unsigned idle_ms)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	p.flags = flags;
	if (cq) {
		p.flags |= IORING_SETUP_CQSIZE;
		p.cq_entries = cq;
	}
	p.sq_thread_idle = idle_ms;
	int ret = io_uring_queue_init_params(entries, &X.ring, &p);
	/* the flags asked for: liburing 2.15 adds NO_SQARRAY to p.flags where the kernel has it */
	tr("queue_init_params %u flags=%x cq=%u idle=%u -> %d sq_entries=%u cq_entries=%u", entries,
	   flags | (cq ? IORING_SETUP_CQSIZE : 0), cq, idle_ms, ret, p.sq_entries, p.cq_entries);
	if (ret)
		return ret;
	X.ring_ok = true;
	X.sq_entries = p.sq_entries;
	X.cq_entries = p.cq_entries;
	X.flags = p.flags;
	return 0;
}

static struct io_uring_sqe *x_sqe(void)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&X.ring);
	if (!sqe)
		die("get_sqe: no room where the class made sure of it", (long)io_uring_sq_space_left(&X.ring));
	return sqe;
}

/* user_data of a new request */
static __u64 x_ud(struct io_uring_sqe *sqe)
{
	__u64 ud = ++X.next_ud;
	io_uring_sqe_set_data64(sqe, ud);
	return ud;
}

static void x_counters(void)
{
	tr("  sq_ready=%u space=%u cq_ready=%u overflow=%d", io_uring_sq_ready(&X.ring),
	   io_uring_sq_space_left(&X.ring), io_uring_cq_ready(&X.ring),
	   (int)io_uring_cq_has_overflow(&X.ring));
}

/*
 * Submit the n SQEs prepared, in one of the ways there are; `due` CQEs will come of them (and of
 * what is in flight), so a wait for up to that many returns. Under SQPOLL the count a submit
 * returns is read from an SQ head the thread may be moving: only its range is traced.
 */
static void x_submit(unsigned n, unsigned due)
{
	/* STUCK_SECS for each call that may block, not for the seed: a loaded machine is slow */
	alarm(STUCK_SECS);
	struct io_uring_cqe *cqe;
	unsigned k = below(100), nr = due ? 1 + below(due < X.cq_entries ? due : X.cq_entries) : 0;
	int ret;
	const char *how;
	if (k < 50) {
		how = "submit";
		ret = io_uring_submit(&X.ring);
	} else if (k < 70) {
		how = "submit_and_wait";
		ret = io_uring_submit_and_wait(&X.ring, nr);
	} else if (k < 85 && nr) {
		/* it returns a CQE's status or the number submitted: only success is traced */
		how = "submit_and_wait_timeout";
		ret = io_uring_submit_and_wait_timeout(&X.ring, &cqe, nr, &long_ts, NULL);
		tr("%s %u -> %s", how, nr, ret >= 0 ? "ok" : "error");
		if (ret < 0)
			die("submit_and_wait_timeout failed", ret);
		return;
	} else {
		how = "submit_and_get_events";
		ret = io_uring_submit_and_get_events(&X.ring);
	}
	if (X.flags & IORING_SETUP_SQPOLL)
		tr("%s %u -> %s", how, nr, ret >= 0 && (unsigned)ret <= n ? "0..n" : "bad");
	else
		tr("%s %u -> %d", how, nr, ret);
	if (ret < 0 || (unsigned)ret > n || (!(X.flags & IORING_SETUP_SQPOLL) && (unsigned)ret != n))
		die("submit did not submit what was prepared", ret);
}

struct xc { __u64 ud; __s32 res; __u32 flags; __u64 big0, big1; uint32_t data; };
static struct xc xgot[512];
static unsigned nxgot;
static uint32_t (*x_data)(const struct io_uring_cqe *);     /* a class's hash of a CQE's data */

static void x_take(const struct io_uring_cqe *c)
{
	if (nxgot == sizeof(xgot) / sizeof(xgot[0]))
		die("too many CQEs in one step", (long)nxgot);
	struct xc *x = &xgot[nxgot++];
	x->ud = c->user_data;
	x->res = c->res;
	x->flags = c->flags;
	x->big0 = x->big1 = 0;
	if (X.flags & IORING_SETUP_CQE32) {
		x->big0 = c->big_cqe[0];
		x->big1 = c->big_cqe[1];
	}
	x->data = x_data ? x_data(c) : 0;
	if (X.fd_ud && c->user_data == X.fd_ud && c->res >= 0) {
		/* the number of a new descriptor is the process's, not the library's */
		x_keep(c->res);
		x->res = 1 << 30;
	}
}

static int xc_cmp(const void *a, const void *b)
{
	const struct xc *x = a, *y = b;
	if (x->ud != y->ud)
		return x->ud < y->ud ? -1 : 1;
	if (x->res != y->res)
		return x->res < y->res ? -1 : 1;
	if (x->flags != y->flags)
		return x->flags < y->flags ? -1 : 1;
	return memcmp(&x->big0, &y->big0, sizeof(x->big0) * 2 + sizeof(x->data));
}

/* Reap exactly n CQEs (they are due), each in one of the ways there are; trace them sorted. */
static void x_reap(unsigned n)
{
	struct io_uring_cqe *cqe, *cqes[16];
	unsigned i;
	int ret;
	nxgot = 0;
	cur_step = "reap";
	alarm(STUCK_SECS);
	while (nxgot < n) {
		unsigned left = n - nxgot, m = 1 + below(left < X.cq_entries ? left : X.cq_entries);
		if (m > 16)
			m = 16;
		unsigned k = below(X.posted ? 6 : 5);
		const char *how = "";
		if (k >= 3 && k < 5) {
			/* m of them at once: wait for m, then a batch or a walk over them */
			unsigned head, seen = 0;
			ret = io_uring_wait_cqes(&X.ring, &cqe, m, chance(50) ? &long_ts : NULL, NULL);
			tr("wait_cqes %u -> %d", m, ret);
			if (ret)
				die("wait_cqes failed", ret);
			if (k == 3) {
				seen = io_uring_peek_batch_cqe(&X.ring, cqes, m);
				for (i = 0; i < seen; i++)
					x_take(cqes[i]);
			} else {
				io_uring_for_each_cqe(&X.ring, head, cqe) {
					if (seen == m)
						break;
					x_take(cqe);
					seen++;
				}
			}
			tr("%s %u: %u", k == 3 ? "peek_batch_cqe" : "for_each_cqe", m, seen);
			if (seen != m)
				die("fewer CQEs than wait_cqes waited for", (long)seen);
			io_uring_cq_advance(&X.ring, m);
			continue;
		}
		/* one, by a wait of one of its kinds or (every CQE due being posted, or in the
		 * overflow list) a peek, then cqe_seen */
		if (k == 0) {
			how = "wait_cqe";
			ret = io_uring_wait_cqe(&X.ring, &cqe);
		} else if (k == 1) {
			how = "wait_cqe_nr";
			ret = io_uring_wait_cqe_nr(&X.ring, &cqe, m);
		} else if (k == 2) {
			how = "wait_cqe_timeout";
			ret = io_uring_wait_cqe_timeout(&X.ring, &cqe, chance(50) ? &long_ts : NULL);
		} else {
			how = "peek_cqe";
			ret = io_uring_peek_cqe(&X.ring, &cqe);
		}
		tr("%s %u -> %d", how, k == 1 ? m : 1, ret);
		if (ret)
			die(how, ret);
		x_take(cqe);
		io_uring_cqe_seen(&X.ring, cqe);
	}
	qsort(xgot, nxgot, sizeof(xgot[0]), xc_cmp);
	for (i = 0; i < nxgot; i++)
		tr("  cqe ud=%llu res=%d flags=%x big=%llx,%llx data=%08x", (unsigned long long)xgot[i].ud,
		   xgot[i].res, xgot[i].flags, (unsigned long long)xgot[i].big0,
		   (unsigned long long)xgot[i].big1, xgot[i].data);
}

/* A class's steps by weight: k (of 100) below `upto` runs `run`; the last has upto 100. */
struct xstep {
	unsigned upto;
	void (*run)(void);
};

static void x_step(const struct xstep *t)
{
	unsigned k = below(100);
	while (k >= t->upto)
		t++;
	t->run();
}

static unsigned x_variant(bool defer_ok)
{
	unsigned n = sizeof(setup_variants) / sizeof(setup_variants[0]);
	unsigned v = setup_variants[below(n)];
	if (!defer_ok)
		v &= ~(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
	return v;
}

/* A loopback TCP listener; its port in *port. */
static int x_listener(struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd = x_keep(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)addr, sizeof(*addr)) || listen(fd, 64) ||
	    getsockname(fd, (struct sockaddr *)addr, &len))
		die("loopback listener", errno);
	return fd;
}

/* A connection to the listener (the handshake is done when connect returns). */
static int x_connect(const struct sockaddr_in *addr)
{
	int one = 1, fd = x_keep(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
	/* no Nagle: each write is sent at once, as one segment */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (const struct sockaddr *)addr, sizeof(*addr)))
		die("loopback connect", errno);
	return fd;
}

static void x_write_all(int fd, const unsigned char *p, unsigned n)
{
	if (write(fd, p, n) != (ssize_t)n)
		die("write", errno);
}

/* ================= multishot ================= */

#define MS_ENTRIES 16            /* the buffer ring (br's page holds 256) */
#define MS_BGID    7
#define MS_SLOTS   4             /* direct descriptors for accept */
enum mkind { MK_RECV, MK_READ, MK_POLL, MK_ACCEPT, MK_ACCEPT_DIRECT, NMK };
static const char *const mk_name[NMK] = { "recv", "read", "poll", "accept", "accept_direct" };
static unsigned char msbufs[MS_ENTRIES][256];

static struct mstate {
	struct io_uring_buf_ring *br;
	unsigned bsz;
	unsigned q[MS_ENTRIES], qhead, qn;      /* bids published, in ring order */
	unsigned held[MS_ENTRIES], nheld;       /* bids CQEs gave the application */
	unsigned added[MS_ENTRIES], nadded;     /* bids added, not yet published */
	unsigned next_bid;
	enum mkind kind;
	bool armed;
	__u64 ud;
	int pipe[2], cli, srv, lfd;
	struct sockaddr_in addr;
	unsigned pipe_bytes, sock_bytes;        /* waiting to be read */
	unsigned char next_w, next_r;           /* byte counters of the socket's and the pipe's data */
	unsigned backlog;                       /* connections not accepted */
	unsigned nconn;
	bool slot[MS_SLOTS];
	unsigned hint;                          /* the kernel's next-slot hint */
	unsigned expect_more, expect_end;       /* of the armed request's CQEs in this step */
	__s32 end_res;
} M;

static uint32_t ms_data(const struct io_uring_cqe *c)
{
	if (!(c->flags & IORING_CQE_F_BUFFER) || c->res <= 0)
		return 0;
	unsigned bid = c->flags >> IORING_CQE_BUFFER_SHIFT;
	if (bid >= MS_ENTRIES || (unsigned)c->res > M.bsz)
		return 0xbad;
	return hash_bytes(msbufs[bid], c->res);
}

static bool ms_is_pipe(void) { return M.kind == MK_READ || M.kind == MK_POLL; }

/* the bytes the armed kind reads */
static unsigned *ms_bytes(void) { return M.kind == MK_RECV ? &M.sock_bytes : &M.pipe_bytes; }

/* the kernel's alloc-hint search for a free direct descriptor slot */
static int ms_alloc_slot(void)
{
	for (unsigned i = 0; i < MS_SLOTS; i++) {
		unsigned s = (M.hint + i) % MS_SLOTS;
		if (!M.slot[s] && (s >= M.hint || i >= MS_SLOTS - M.hint)) {
			M.slot[s] = true;
			M.hint = s + 1;
			return (int)s;
		}
	}
	return -1;
}

/*
 * The armed request runs on what is there (at arming, or woken by data or a connection): the
 * number of CQEs it posts now. A read or recv issued at arming picks a buffer before it looks
 * for data (none: -ENOBUFS, the end); woken, it reads while there is data, a buffer for each
 * CQE, and ends with -ENOBUFS when there is data and no buffer.
 */
static unsigned ms_run(bool arming)
{
	unsigned n = 0, *bytes = ms_bytes();
	if (!M.armed)
		return 0;
	switch (M.kind) {
	case MK_RECV:
	case MK_READ:
		for (;;) {
			if (!arming && !*bytes)
				return n;
			arming = false;
			if (!M.qn) {
				M.armed = false;
				M.end_res = -ENOBUFS;
				M.expect_end++;
				return n + 1;
			}
			if (!*bytes)
				return n;
			unsigned got = *bytes < M.bsz ? *bytes : M.bsz;
			M.held[M.nheld++] = M.q[M.qhead++ % MS_ENTRIES];
			M.qn--;
			*bytes -= got;
			M.expect_more++;
			n++;
		}
	case MK_POLL:
		if (!*bytes)
			return 0;
		M.expect_more++;
		return 1;
	case MK_ACCEPT:
		M.expect_more += M.backlog;
		n = M.backlog;
		M.backlog = 0;
		return n;
	case MK_ACCEPT_DIRECT:
		while (M.backlog) {
			if (ms_alloc_slot() < 0) {
				/* the connection was accepted before the slot was looked for: it
				 * is closed with the error */
				M.backlog--;
				M.armed = false;
				M.end_res = -ENFILE;
				M.expect_end++;
				return n + 1;
			}
			M.backlog--;
			M.expect_more++;
			n++;
		}
		return n;
	default:
		return 0;
	}
}

/* Reap the n CQEs of a step and check the armed request's against the model. */
static void ms_reap(unsigned n, unsigned extra)
{
	if (verbose) /* the model, for reading a trace (not part of it) */
		printf("    [ms %s armed=%d due=%u more=%u end=%u buffers=%u pipe=%u socket=%u backlog=%u]\n",
		       mk_name[M.kind], (int)M.armed, n + extra, M.expect_more, M.expect_end, M.qn,
		       M.pipe_bytes, M.sock_bytes, M.backlog);
	x_reap(n + extra);
	unsigned more = 0, end = 0;
	for (unsigned i = 0; i < nxgot; i++) {
		if (xgot[i].ud != M.ud)
			continue;
		if (xgot[i].flags & IORING_CQE_F_MORE) {
			more++;
			if (M.kind == MK_ACCEPT_DIRECT && (xgot[i].res < 0 || xgot[i].res >= MS_SLOTS ||
							   !M.slot[xgot[i].res]))
				die("model: direct accept into another slot", xgot[i].res);
		} else {
			end++;
			if (xgot[i].res != M.end_res)
				die("model: multishot ended otherwise", xgot[i].res);
		}
	}
	if (more != M.expect_more || end != M.expect_end)
		die("model: multishot CQEs", (long)(more * 1000 + end));
	M.expect_more = M.expect_end = 0;
	if (M.kind == MK_POLL && more) {
		/* drain the pipe, so that the next write wakes the poll again */
		unsigned char buf[4096];
		while (M.pipe_bytes) {
			ssize_t r = read(M.pipe[0], buf, M.pipe_bytes < sizeof(buf) ? M.pipe_bytes : sizeof(buf));
			if (r <= 0)
				die("pipe drain", errno);
			M.pipe_bytes -= (unsigned)r;
		}
	}
	x_counters();
}

static void ms_write(void);

/* Arm a multishot request of some kind (data comes instead while one is armed). */
static void ms_arm(void)
{
	if (M.armed) {
		ms_write();
		return;
	}
	M.kind = (enum mkind)below(NMK);
	struct io_uring_sqe *sqe = x_sqe();
	switch (M.kind) {
	case MK_RECV:
		io_uring_prep_recv_multishot(sqe, M.srv, NULL, 0, 0);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = MS_BGID;
		break;
	case MK_READ:
		io_uring_prep_read_multishot(sqe, M.pipe[0], 0, 0, MS_BGID);
		break;
	case MK_POLL:
		io_uring_prep_poll_multishot(sqe, M.pipe[0], POLLIN);
		break;
	case MK_ACCEPT:
		io_uring_prep_multishot_accept(sqe, M.lfd, NULL, NULL, SOCK_CLOEXEC);
		break;
	default:
		/* (direct descriptors have no close-on-exec flag: SOCK_CLOEXEC is -EINVAL) */
		io_uring_prep_multishot_accept_direct(sqe, M.lfd, NULL, NULL, 0);
	}
	M.ud = x_ud(sqe);
	X.fd_ud = M.kind == MK_ACCEPT ? M.ud : 0;
	M.armed = true;
	tr("arm %s ud=%llu", mk_name[M.kind], (unsigned long long)M.ud);
	unsigned n = ms_run(true);
	x_submit(1, n);
	ms_reap(n, 0);
}

/* Data for the socket or the pipe (the one the armed kind reads, mostly). */
static void ms_write(void)
{
	unsigned char buf[512];
	bool sock = M.armed && chance(85) ? M.kind == MK_RECV : chance(40);
	unsigned *bytes = sock ? &M.sock_bytes : &M.pipe_bytes;
	unsigned char *next = sock ? &M.next_w : &M.next_r;
	unsigned len = 1 + below(chance(60) ? 64 : 400);
	if (*bytes + len > 4000)
		return;
	for (unsigned i = 0; i < len; i++)
		buf[i] = (unsigned char)((*next)++ * 13 + 5);
	x_write_all(sock ? M.cli : M.pipe[1], buf, len);
	*bytes += len;
	tr("write %s %u", sock ? "socket" : "pipe", len);
	if (M.armed && (M.kind == MK_RECV) == sock && M.kind != MK_ACCEPT && M.kind != MK_ACCEPT_DIRECT)
		ms_reap(ms_run(false), 0);
}

static void ms_connect(void)
{
	if (M.nconn >= 40)
		return;
	x_connect(&M.addr);
	M.nconn++;
	M.backlog++;
	tr("connect (backlog %u)", M.backlog);
	if (!M.armed || (M.kind != MK_ACCEPT && M.kind != MK_ACCEPT_DIRECT))
		return;
	ms_reap(ms_run(false), 0);
}

/*
 * Give some of the buffers CQEs returned back to the ring: add them after the ones added
 * before and not yet published, then advance over some of all those (the kernel sees only
 * what the tail has passed).
 */
static void ms_recycle(void)
{
	unsigned n = below(M.nheld + 1), mask = (unsigned)io_uring_buf_ring_mask(MS_ENTRIES);
	for (unsigned i = 0; i < n; i++) {
		/* any of the held ones, in any order */
		unsigned j = below(M.nheld), bid = M.held[j];
		M.held[j] = M.held[--M.nheld];
		io_uring_buf_ring_add(M.br, msbufs[bid], M.bsz, (unsigned short)bid, (int)mask,
				      (int)(M.nadded + i));
		M.added[M.nadded + i] = bid;
	}
	M.nadded += n;
	unsigned adv = chance(70) ? M.nadded : below(M.nadded + 1);
	io_uring_buf_ring_advance(M.br, (int)adv);
	for (unsigned i = 0; i < adv; i++)
		M.q[(M.qhead + M.qn + i) % MS_ENTRIES] = M.added[i];
	M.qn += adv;
	M.nadded -= adv;
	memmove(M.added, M.added + adv, M.nadded * sizeof(M.added[0]));
	tr("recycle: add %u, advance %u (%u in the ring)", n, adv, M.qn);
}

/* Free a direct descriptor slot: by a close request or a files update with -1. */
static void ms_free_slot(void)
{
	unsigned s = below(MS_SLOTS);
	int ret;
	if (!M.slot[s])
		return;
	if (chance(50)) {
		struct io_uring_sqe *sqe = x_sqe();
		io_uring_prep_close_direct(sqe, s);
		x_ud(sqe);
		tr("close_direct %u", s);
		x_submit(1, 1);
		x_reap(1);
	} else {
		int fd = -1;
		ret = io_uring_register_files_update(&X.ring, s, &fd, 1);
		tr("register_files_update %u -1 -> %d", s, ret);
		if (ret != 1)
			die("files update", ret);
	}
	M.slot[s] = false;
	M.hint = s;
}

/* Cancel the armed request (or try to: -ENOENT when it has ended). */
static void ms_cancel(void)
{
	struct io_uring_sqe *sqe = x_sqe();
	unsigned how = below(3);
	int fd = M.kind == MK_RECV ? M.srv : ms_is_pipe() ? M.pipe[0] : M.lfd;
	if (how == 0)
		io_uring_prep_cancel64(sqe, M.ud, 0);
	else if (how == 1)
		io_uring_prep_cancel_fd(sqe, fd, 0);
	else if (M.kind == MK_POLL)
		io_uring_prep_poll_remove(sqe, M.ud);
	else
		io_uring_prep_cancel(sqe, NULL, IORING_ASYNC_CANCEL_ANY);
	x_ud(sqe);
	tr("cancel %s (armed %d)", how == 0 ? "ud" : how == 1 ? "fd" : "any", (int)M.armed);
	unsigned n = 1;
	if (M.armed) {
		M.armed = false;
		M.end_res = -ECANCELED;
		M.expect_end++;
		n++;
	}
	x_submit(1, n);
	ms_reap(n, 0);
}

static unsigned run_multishot(struct io_uring_buf_ring *br)
{
	unsigned steps;
	int ret;
	memset(&M, 0, sizeof(M));
	M.br = br;
	M.bsz = 8u << below(5);
	x_data = ms_data;
	if (x_init(8u << below(2), x_variant(true), 64, 0))
		return 0;
	if (pipe2(M.pipe, O_CLOEXEC | O_NONBLOCK))
		die("pipe2", errno);
	x_keep(M.pipe[0]);
	x_keep(M.pipe[1]);
	M.lfd = x_listener(&M.addr);
	M.cli = x_connect(&M.addr);
	M.srv = x_keep(accept4(M.lfd, NULL, NULL, SOCK_CLOEXEC));
	ret = io_uring_register_files_sparse(&X.ring, MS_SLOTS);
	tr("register_files_sparse %u -> %d", MS_SLOTS, ret);
	struct io_uring_buf_reg reg = { .ring_addr = (unsigned long)br, .ring_entries = MS_ENTRIES,
					.bgid = MS_BGID };
	io_uring_buf_ring_init(br);
	ret = io_uring_register_buf_ring(&X.ring, &reg, 0);
	tr("register_buf_ring %u size %u -> %d", MS_ENTRIES, M.bsz, ret);
	if (ret)
		die("register_buf_ring", ret);
	M.nheld = MS_ENTRIES;
	for (unsigned i = 0; i < MS_ENTRIES; i++)
		M.held[i] = i;
	ms_recycle();
	static const struct xstep ms_steps[] = {
		{ 30, ms_arm }, { 55, ms_write }, { 68, ms_connect }, { 82, ms_recycle },
		{ 90, ms_free_slot }, { 100, ms_cancel },
	};
	for (steps = 0; steps < 60; steps++) {
		cur_step = "multishot";
		x_step(ms_steps);
	}
	if (M.armed)
		ms_cancel();
	return steps;
}

/* ================= sqpoll ================= */

static unsigned run_sqpoll(void)
{
	unsigned steps, idle = 1 + below(20);
	unsigned entries = 2u << below(4);
	unsigned char wbuf[512], rbuf[512];
	int p[2];
	if (x_init(entries, IORING_SETUP_SQPOLL | (chance(30) ? IORING_SETUP_SUBMIT_ALL : 0) |
			    (chance(30) ? IORING_SETUP_COOP_TASKRUN : 0), entries * 4, idle))
		return 0;
	if (pipe2(p, O_CLOEXEC))
		die("pipe2", errno);
	x_keep(p[0]);
	x_keep(p[1]);
	bool fixed = chance(50);
	if (fixed) {
		int ret = io_uring_register_files(&X.ring, p, 2);
		tr("register_files -> %d", ret);
		fixed = !ret;
	}
	unsigned bytes = 0;
	unsigned char next_w = 0;
	X.posted = false;
	for (steps = 0; steps < 30; steps++) {
		cur_step = "sqpoll";
		/* the thread has taken every SQE submitted before (their CQEs are in): wait for it
		 * to publish its SQ head, which it does after posting them */
		alarm(STUCK_SECS);
		while (io_uring_sq_ready(&X.ring))
			sched_yield();
		x_counters();
		unsigned n = 1 + below(X.sq_entries), due = 0, inbatch = 0;
		for (unsigned i = 0; i < n; i++) {
			struct io_uring_sqe *sqe = x_sqe();
			unsigned k = below(100), len = 1 + below(300);
			if (k < 40) {
				io_uring_prep_nop(sqe);
				if (chance(50)) {
					sqe->rw_flags = IORING_NOP_INJECT_RESULT;
					sqe->len = below(5000);
				}
			} else if (k < 70 && bytes + inbatch + len < 60000) {
				for (unsigned j = 0; j < len; j++)
					wbuf[j] = (unsigned char)(next_w++ * 3 + 1);
				/* the thread reads wbuf when it runs the write, after the next write of
				 * the batch changed it: the contents are not traced, only lengths */
				io_uring_prep_write(sqe, fixed ? 1 : p[1], wbuf, len, 0);
				if (fixed)
					sqe->flags |= IOSQE_FIXED_FILE;
				inbatch += len;
			} else if (bytes) {
				/* what the pipe held before this batch: the read cannot wait */
				unsigned want = len < bytes ? len : bytes;
				io_uring_prep_read(sqe, fixed ? 0 : p[0], rbuf, want, 0);
				if (fixed)
					sqe->flags |= IOSQE_FIXED_FILE;
				bytes -= want;
			} else {
				io_uring_prep_nop(sqe);
			}
			x_ud(sqe);
			due++;
		}
		bytes += inbatch;
		x_counters();
		x_submit(n, due);
		if (chance(30)) {
			int ret = io_uring_sqring_wait(&X.ring);
			tr("sqring_wait -> %d", ret < 0 ? ret : 0);
		}
		x_reap(due);
		if (chance(20)) {
			/* give the thread time to go idle: the next submit then has to wake it (not
			 * needed for any result: it only makes that path likely) */
			usleep((idle + 2) * 1000);
		}
	}
	return steps;
}

/* ================= big entries ================= */

static void big_nop(struct io_uring_sqe *sqe, bool cqe32)
{
	io_uring_prep_nop(sqe);
	if (chance(60)) {
		sqe->rw_flags = IORING_NOP_INJECT_RESULT;
		sqe->len = chance(20) ? (unsigned)-(int)(1 + below(130)) : below(1u << 20);
	}
	if (cqe32) {
		sqe->rw_flags |= IORING_NOP_CQE32;
		sqe->off = rnd();
		sqe->addr = rnd();
	}
}

/* SQE128 and/or CQE32 rings, compared with liburing 2.3. */
static unsigned run_big_fixed(void)
{
	unsigned char buf[256];
	unsigned steps, sizes = 1 + below(3);
	unsigned flags = (sizes & 1 ? IORING_SETUP_SQE128 : 0) | (sizes & 2 ? IORING_SETUP_CQE32 : 0);
	unsigned entries = 1u << below(5);
	int p[2], ret;
	if (x_init(entries, flags | x_variant(true), chance(50) ? entries : 0, 0))
		return 0;
	/* O_NONBLOCK, as the core class's (difftest.c): reads take only what is there and
	 * writes fit, so each completes inside its submit, as the model says, on every kernel;
	 * 6.1 would hand a blocking pipe's to an io-wq worker, whose CQE lands later */
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK))
		die("pipe2", errno);
	x_keep(p[0]);
	x_keep(p[1]);
	X.posted = true;
	unsigned due = 0, bytes = 0, unsubmitted = 0;
	for (steps = 0; steps < 40; steps++) {
		cur_step = "big";
		unsigned space = io_uring_sq_space_left(&X.ring);
		unsigned n = space ? 1 + below(space) : 0, k = below(100);
		if (due && (due + n > 3 * X.cq_entries || k < 25)) {
			{
				x_reap(1 + below(due));
				due -= nxgot;
			}
			x_counters();
			continue;
		}
		for (unsigned i = 0; i < n; i++) {
			struct io_uring_sqe *sqe = flags & IORING_SETUP_SQE128 && chance(30) ?
				io_uring_get_sqe128(&X.ring) : x_sqe();
			if (!sqe)
				die("get_sqe128 on a ring with room", (long)flags);
			k = below(100);
			if (k < 60) {
				big_nop(sqe, chance(50));
			} else if (k < 70 && i == n - 1) {
				/* 128-byte NOP: the kernel says whether it has the opcode; last in the
				 * batch, as a kernel without it stops submitting at an unknown opcode */
				io_uring_prep_nop128(sqe);
			} else if (k < 85 && bytes < 60000) {
				unsigned len = 1 + below(sizeof(buf));
				for (unsigned j = 0; j < len; j++)
					buf[j] = (unsigned char)(j * 5 + steps);
				io_uring_prep_write(sqe, p[1], buf, len, 0);
				bytes += len;
			} else if (bytes) {
				unsigned len = 1 + below(sizeof(buf));
				len = len < bytes ? len : bytes;
				io_uring_prep_read(sqe, p[0], buf, len, 0);
				bytes -= len;
			} else {
				io_uring_prep_nop(sqe);
			}
			x_ud(sqe);
			tr("  sqe index %ld op %u", (long)(sqe - X.ring.sq.sqes), sqe->opcode);
		}
		/* with the CQ overflowing the kernel may take fewer (both builds see the same): the
		 * rest stay in the SQ for the next submit; each SQE taken posts one CQE */
		ret = io_uring_submit(&X.ring);
		tr("submit -> %d", ret);
		if (ret < 0 || (unsigned)ret > n + unsubmitted)
			die("submit", ret);
		unsubmitted = n + unsubmitted - (unsigned)ret;
		due += (unsigned)ret;
		x_counters();
	}
	for (unsigned spin = 0; unsubmitted; spin++) {
		if (spin == 100)
			die("the kernel takes no more SQEs", (long)unsubmitted);
		ret = io_uring_submit(&X.ring);
		tr("submit -> %d", ret);
		if (ret < 0 || (unsigned)ret > unsubmitted)
			die("submit", ret);
		unsubmitted -= (unsigned)ret;
		due += (unsigned)ret;
		if (due) {
			x_reap(due);
			due = 0;
		}
	}
	if (due)
		x_reap(due);
	return steps;
}

/*
 * CQE_MIXED: the model lays the CQEs out as the kernel does (a 32-byte CQE takes two slots; one
 * that would start in the last slot is preceded by a padding entry there) and both builds
 * trace the model's values; the uring-rs build checks each answer against them.
 */
struct mcqe { bool pad; bool big; __u64 ud; __s32 res; __u64 b0, b1; };
static struct mcqe mq[64];
static unsigned mq_head, mq_n, mq_real, m_slot_head, m_slot_tail;

static void mixed_expect_cqe(const struct mcqe *e)
{
	unsigned mask = X.cq_entries - 1;
	if (e->big && (m_slot_tail & mask) == mask) {
		mq[(mq_head + mq_n++) % 64] = (struct mcqe){ .pad = true };
		m_slot_tail++;
	}
	mq[(mq_head + mq_n++) % 64] = *e;
	mq_real++;
	m_slot_tail += e->big ? 2 : 1;
}

/* the model's next entry, consumed (padding entries too: the caller skips them) */
static struct mcqe mixed_next(void)
{
	struct mcqe e = mq[mq_head++ % 64];
	mq_n--;
	mq_real -= !e.pad;
	m_slot_head += e.pad || !e.big ? 1 : 2;
	return e;
}

static void mixed_check(const char *how, const struct io_uring_cqe *c, const struct mcqe *e)
{
	tr("%s cqe ud=%llu res=%d big=%d %llx,%llx cq_ready=%u", how, (unsigned long long)e->ud,
	   e->res, (int)e->big, (unsigned long long)e->b0, (unsigned long long)e->b1,
	   m_slot_tail - m_slot_head);
#if NEW_HEADER
	bool big = c->flags & IORING_CQE_F_32;
	if (c->user_data != e->ud || c->res != e->res || big != e->big ||
	    (big && (c->big_cqe[0] != e->b0 || c->big_cqe[1] != e->b1)))
		die("a CQE of the CQE_MIXED ring is not the model's", (long)c->user_data);
#else
	(void)c;
#endif
}

static unsigned run_big_mixed(void)
{
	unsigned steps, entries = 2u << below(4);
	struct io_uring_params p;
	/* the same probe in both builds: does the kernel take CQE_MIXED? */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQE_MIXED;
	int fd = (int)syscall(__NR_io_uring_setup, 2, &p);
	tr("kernel CQE_MIXED: %s", fd >= 0 ? "yes" : "no");
	if (fd < 0)
		return 0;
	close(fd);
	unsigned flags = IORING_SETUP_CQE_MIXED | x_variant(true);
	unsigned cq = entries << below(3);
	mq_head = mq_n = mq_real = m_slot_head = m_slot_tail = 0;
	X.cq_entries = cq;
#if NEW_HEADER
	if (x_init(entries, flags, cq, 0))
		die("CQE_MIXED ring setup", 0);
	if (X.cq_entries != cq)
		die("CQE_MIXED ring size", (long)X.cq_entries);
#else
	tr("queue_init_params %u flags=%x cq=%u idle=%u -> %d sq_entries=%u cq_entries=%u", entries,
	   flags | IORING_SETUP_CQSIZE, cq, 0, 0, entries, cq);
#endif
	for (steps = 0; steps < 40; steps++) {
		cur_step = "mixed";
		/* no overflow: each CQE may take two slots, and one padding entry */
		unsigned used = m_slot_tail - m_slot_head;
		unsigned room = used + 1 < cq ? (cq - used - 1) / 2 : 0;
		unsigned n = below((room < entries ? room : entries) + 1);
		for (unsigned i = 0; i < n; i++) {
			bool big = chance(50);
			struct io_uring_sqe sqe_model, *sqe = &sqe_model;
#if NEW_HEADER
			sqe = x_sqe();
#endif
			big_nop(sqe, big);
			struct mcqe e = { .big = big, .ud = x_ud(sqe), .res = 0 };
			if (sqe->rw_flags & IORING_NOP_INJECT_RESULT)
				e.res = (__s32)sqe->len;
			if (big) {
				e.b0 = sqe->off;
				e.b1 = sqe->addr;
			}
			mixed_expect_cqe(&e);
		}
		if (n) {
#if NEW_HEADER
			int ret = io_uring_submit(&X.ring);
			if (ret != (int)n)
				die("submit", ret);
#endif
			tr("submit -> %u", n);
		}
		/* reap some: by peek or wait and cqe_seen, or walking for_each_cqe */
		unsigned k = below(100), reap = below(mq_real + 1);
		if (k < 60) {
			for (unsigned r = 0; r < reap; r++) {
				bool peek = chance(50);
				struct mcqe e = mixed_next();
				if (e.pad)
					e = mixed_next();
#if NEW_HEADER
				struct io_uring_cqe *c = NULL;
				int ret = peek ? io_uring_peek_cqe(&X.ring, &c) : io_uring_wait_cqe(&X.ring, &c);
				if (ret)
					die("peek/wait on the CQE_MIXED ring", ret);
				mixed_check(peek ? "peek" : "wait", c, &e);
				io_uring_cqe_seen(&X.ring, c);
#else
				mixed_check(peek ? "peek" : "wait", NULL, &e);
#endif
			}
		} else {
			/* for_each_cqe shows padding entries too; the application skips them */
			unsigned slots = 0, seen = 0;
#if NEW_HEADER
			unsigned head;
			struct io_uring_cqe *c;
			io_uring_for_each_cqe(&X.ring, head, c) {
				if (seen == reap)
					break;
				struct mcqe e = mixed_next();
				slots += io_uring_cqe_nr(c);
				if (e.pad != !!(c->flags & IORING_CQE_F_SKIP))
					die("padding where the model has none, or none where it has", seen);
				if (e.pad) {
					tr("each pad");
					continue;
				}
				mixed_check("each", c, &e);
				seen++;
			}
			io_uring_cq_advance(&X.ring, slots);
#else
			while (seen < reap) {
				struct mcqe e = mixed_next();
				if (e.pad) {
					tr("each pad");
					continue;
				}
				mixed_check("each", NULL, &e);
				seen++;
			}
#endif
			(void)slots;
		}
#if NEW_HEADER
		if (io_uring_cq_ready(&X.ring) != m_slot_tail - m_slot_head)
			die("cq_ready is not the model's", (long)io_uring_cq_ready(&X.ring));
#endif
		tr("  cq_ready=%u", m_slot_tail - m_slot_head);
	}
	return steps;
}

static unsigned run_big(void)
{
	return chance(35) ? run_big_mixed() : run_big_fixed();
}

/* ================= linked chains, link timeouts, cancellation ================= */

#define CN_PIPES  3
#define CN_CHAINS 8
static struct cstate {
	int pipe[CN_PIPES][2];
	bool fixed_files;
	struct chain { __u64 head; unsigned n; int pipe; unsigned want; bool live; } ch[CN_CHAINS];
	unsigned char next_w[CN_PIPES];
} CN;

static unsigned cn_waiting(int p)
{
	unsigned n = 0;
	for (unsigned i = 0; i < CN_CHAINS; i++)
		n += CN.ch[i].live && CN.ch[i].pipe == p;
	return n;
}

static unsigned cn_live(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < CN_CHAINS; i++)
		n += CN.ch[i].live;
	return n;
}

static unsigned char cn_rbuf[CN_CHAINS][512];

/* A chain parked on an empty pipe: read [-> link timeout] [-> NOPs], or a lone timeout. */
static void cn_add(void)
{
	unsigned slot;
	for (slot = 0; slot < CN_CHAINS && CN.ch[slot].live; slot++)
		;
	if (slot == CN_CHAINS || io_uring_sq_space_left(&X.ring) < 4)
		return;
	struct chain *c = &CN.ch[slot];
	int p = (int)below(CN_PIPES);
	if (chance(15) || cn_waiting(p) >= 2) {
		struct io_uring_sqe *sqe = x_sqe();
		io_uring_prep_timeout(sqe, &long_ts, 0, 0);
		*c = (struct chain){ .head = x_ud(sqe), .n = 1, .pipe = -1, .live = true };
		tr("timeout ud=%llu", (unsigned long long)c->head);
		x_submit(1, 0);
		return;
	}
	unsigned n = 1 + below(4);
	c->want = 1 + below(256);
	c->pipe = p;
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = x_sqe();
		if (i == 0) {
			bool fixed = CN.fixed_files && chance(50);
			io_uring_prep_read(sqe, fixed ? p : CN.pipe[p][0], cn_rbuf[slot], c->want, 0);
			if (fixed)
				sqe->flags |= IOSQE_FIXED_FILE;
		} else if (i == 1 && chance(60)) {
			io_uring_prep_link_timeout(sqe, &long_ts, 0);
		} else {
			io_uring_prep_nop(sqe);
		}
		if (i + 1 < n)
			sqe->flags |= IOSQE_IO_LINK;
		__u64 ud = x_ud(sqe);
		if (!i)
			c->head = ud;
	}
	c->n = n;
	c->live = true;
	tr("chain ud=%llu n=%u pipe %d want %u", (unsigned long long)c->head, n, p, c->want);
	x_submit(n, 0);
}

static uint32_t cn_data(const struct io_uring_cqe *c)
{
	for (unsigned i = 0; i < CN_CHAINS; i++)
		if (CN.ch[i].head == c->user_data && c->res > 0 && c->res <= 512)
			return hash_bytes(cn_rbuf[i], c->res);
	return 0;
}

/* A write to a pipe exactly one chain waits on: the chain runs to its end. */
static void cn_write(void)
{
	unsigned char buf[512];
	int p = (int)below(CN_PIPES);
	if (cn_waiting(p) != 1)
		return;
	unsigned i, len = 1 + below(300);
	for (i = 0; i < CN_CHAINS; i++)
		if (CN.ch[i].live && CN.ch[i].pipe == p)
			break;
	/* a short read leaves nothing behind in the pipe (its chain is cut there); a long
	 * write would leave bytes for the next chain: write no more than is read */
	len = len < CN.ch[i].want ? len : CN.ch[i].want;
	for (unsigned j = 0; j < len; j++)
		buf[j] = (unsigned char)(CN.next_w[p]++ * 11 + (unsigned)p);
	struct io_uring_sqe *sqe = x_sqe();
	io_uring_prep_write(sqe, CN.pipe[p][1], buf, len, 0);
	x_ud(sqe);
	tr("write pipe %d %u", p, len);
	CN.ch[i].live = false;
	x_submit(1, 1 + CN.ch[i].n);
	x_reap(1 + CN.ch[i].n);
	x_counters();
}

static void cn_cancel(void)
{
	unsigned k = below(100), cancelled = 0, flags = 0, i;
	__u64 ud = 0;
	int fd = -1, p = -1;
	const char *what;
	bool sync = chance(25);
	if (k < 45) {
		/* by user_data: a live chain's head, or nothing (-ENOENT) */
		i = below(CN_CHAINS);
		ud = CN.ch[i].live && chance(85) ? CN.ch[i].head : X.next_ud + 100;
		for (i = 0; i < CN_CHAINS; i++)
			if (CN.ch[i].live && CN.ch[i].head == ud) {
				CN.ch[i].live = false;
				cancelled += CN.ch[i].n;
			}
		what = "ud";
	} else if (k < 80) {
		p = (int)below(CN_PIPES);
		unsigned w = cn_waiting(p);
		if (w > 1 || chance(40))
			flags |= IORING_ASYNC_CANCEL_ALL;
		fd = CN.pipe[p][0];
		flags |= IORING_ASYNC_CANCEL_FD;
		if (CN.fixed_files && chance(40)) {
			flags |= IORING_ASYNC_CANCEL_FD_FIXED;
			fd = p;
		}
		for (i = 0; i < CN_CHAINS; i++)
			if (CN.ch[i].live && CN.ch[i].pipe == p) {
				CN.ch[i].live = false;
				cancelled += CN.ch[i].n;
			}
		what = "fd";
	} else {
		if (cn_live() > 1 || chance(40))
			flags |= IORING_ASYNC_CANCEL_ALL;
		flags |= IORING_ASYNC_CANCEL_ANY;
		for (i = 0; i < CN_CHAINS; i++)
			if (CN.ch[i].live) {
				CN.ch[i].live = false;
				cancelled += CN.ch[i].n;
			}
		what = "any";
	}
	tr("cancel %s ud=%llu fd=%d flags=%x%s", what, (unsigned long long)ud, fd, flags,
	   sync ? " sync" : "");
	if (sync) {
		struct io_uring_sync_cancel_reg reg;
		memset(&reg, 0, sizeof(reg));
		reg.addr = ud;
		reg.fd = fd;
		reg.flags = flags;
		reg.timeout.tv_sec = -1;
		reg.timeout.tv_nsec = -1;
		int ret = io_uring_register_sync_cancel(&X.ring, &reg);
		tr("register_sync_cancel -> %d", ret);
		if (cancelled)
			x_reap(cancelled);
	} else {
		struct io_uring_sqe *sqe = x_sqe();
		if (k < 45 && chance(50))
			io_uring_prep_cancel64(sqe, ud, 0);
		else if (k < 45)
			io_uring_prep_cancel(sqe, (void *)(uintptr_t)ud, 0);
		else if (flags & IORING_ASYNC_CANCEL_FD)
			io_uring_prep_cancel_fd(sqe, fd, flags & ~IORING_ASYNC_CANCEL_FD);
		else
			io_uring_prep_cancel(sqe, NULL, (int)flags);
		x_ud(sqe);
		x_submit(1, 1 + cancelled);
		x_reap(1 + cancelled);
	}
	x_counters();
}

static unsigned run_cancel(void)
{
	unsigned steps;
	memset(&CN, 0, sizeof(CN));
	x_data = cn_data;
	if (x_init(16u << below(2), x_variant(true), 128, 0))
		return 0;
	int table[CN_PIPES];
	for (int p = 0; p < CN_PIPES; p++) {
		if (pipe2(CN.pipe[p], O_CLOEXEC))
			die("pipe2", errno);
		x_keep(CN.pipe[p][0]);
		x_keep(CN.pipe[p][1]);
		table[p] = CN.pipe[p][0];
	}
	if (chance(60)) {
		int ret = io_uring_register_files(&X.ring, table, CN_PIPES);
		tr("register_files -> %d", ret);
		CN.fixed_files = !ret;
	}
	static const struct xstep cn_steps[] = { { 45, cn_add }, { 65, cn_write }, { 100, cn_cancel } };
	for (steps = 0; steps < 50; steps++) {
		cur_step = "cancel";
		x_step(cn_steps);
	}
	/* what is left: cancelled all at once */
	struct io_uring_sqe *sqe = x_sqe();
	unsigned left = 0;
	for (unsigned i = 0; i < CN_CHAINS; i++)
		if (CN.ch[i].live)
			left += CN.ch[i].n;
	io_uring_prep_cancel(sqe, NULL, IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL);
	x_ud(sqe);
	x_submit(1, 1 + left);
	x_reap(1 + left);
	return steps;
}

/* ================= registered files and buffers updated in flight ================= */

/*
 * The model follows the kernel's resource nodes: each registered file or buffer is a node,
 * referenced by its table slot and by every request that looked it up; a node replaced in the
 * table (by an update) posts its tag's CQE (user_data = the tag, when not 0) once the requests
 * using it are done.
 */
#define RU_SLOTS 4
#define RU_BUFS  2
#define RU_READS 4
#define RU_NODES 256
static struct rstate {
	int pipe[2][2];                  /* reads wait on pipe 0 or 1 */
	int slot_pipe[RU_SLOTS];         /* which pipe's read end a slot holds, -1 none */
	unsigned slot_node[RU_SLOTS], buf_node[RU_BUFS];
	unsigned buf_gen[RU_BUFS];       /* which memory a buffer index points at */
	struct node { __u64 tag; unsigned users; bool in_table; } node[RU_NODES];
	unsigned nnodes;
	struct rread { __u64 ud; int pipe; int file_node, buf_node; int buf; unsigned gen, want;
		       bool live; } rd[RU_READS];
	__u64 next_tag;
	unsigned char next_w[2];
} RU;

static unsigned char ru_mem[RU_BUFS][8][512];   /* 8 generations of memory per buffer index */
static unsigned char ru_rbuf[RU_READS][512];

static unsigned ru_node(__u64 tag)
{
	if (RU.nnodes == RU_NODES)
		die("model: out of nodes", RU_NODES);
	RU.node[RU.nnodes] = (struct node){ .tag = tag, .in_table = true };
	return RU.nnodes++;
}

/* a reference to node i is dropped: the CQEs that posts (its tag's, if it is the last) */
static unsigned ru_put(unsigned i, bool table)
{
	struct node *n = &RU.node[i];
	if (table)
		n->in_table = false;
	else
		n->users--;
	return !n->in_table && !n->users && n->tag;
}

static uint32_t ru_data(const struct io_uring_cqe *c)
{
	for (unsigned i = 0; i < RU_READS; i++) {
		const struct rread *r = &RU.rd[i];
		if (r->ud == c->user_data && c->res > 0 && c->res <= 512)
			return hash_bytes(r->buf >= 0 ? ru_mem[r->buf][r->gen] : ru_rbuf[i], c->res);
	}
	return 0;
}

/* A read parked on an empty pipe through a registered file and/or into a registered buffer. */
static void ru_read(void)
{
	unsigned r;
	for (r = 0; r < RU_READS && RU.rd[r].live; r++)
		;
	if (r == RU_READS)
		return;
	int slot = (int)below(RU_SLOTS), buf = chance(50) ? (int)below(RU_BUFS) : -1;
	int p = RU.slot_pipe[slot];
	bool via_slot = p >= 0 && chance(70);
	if (!via_slot)
		p = (int)below(2);
	for (unsigned i = 0; i < RU_READS; i++)
		if (RU.rd[i].live && RU.rd[i].pipe == p)
			return;                 /* one reader per pipe: a write wakes a known one */
	struct rread *rd = &RU.rd[r];
	*rd = (struct rread){ .pipe = p, .file_node = -1, .buf_node = -1, .buf = buf,
			      .want = 1 + below(512), .live = true };
	struct io_uring_sqe *sqe = x_sqe();
	int fd = via_slot ? slot : RU.pipe[p][0];
	if (buf >= 0) {
		rd->gen = RU.buf_gen[buf];
		io_uring_prep_read_fixed(sqe, fd, ru_mem[buf][rd->gen], rd->want, 0, buf);
		rd->buf_node = (int)RU.buf_node[buf];
		RU.node[rd->buf_node].users++;
	} else {
		io_uring_prep_read(sqe, fd, ru_rbuf[r], rd->want, 0);
	}
	if (via_slot) {
		sqe->flags |= IOSQE_FIXED_FILE;
		rd->file_node = (int)RU.slot_node[slot];
		RU.node[rd->file_node].users++;
	}
	rd->ud = x_ud(sqe);
	tr("read ud=%llu pipe %d slot %d buf %d gen %u want %u", (unsigned long long)rd->ud, p,
	   via_slot ? slot : -1, buf, rd->gen, rd->want);
	x_submit(1, 0);
}

/* Replace a slot's file (another pipe's read end, or none) with a new tag. */
static void ru_update_file(void)
{
	int slot = (int)below(RU_SLOTS), np = (int)below(3) - 1;
	int fd = np < 0 ? -1 : RU.pipe[np][0];
	__u64 tag = np >= 0 && chance(70) ? ++RU.next_tag : 0;
	unsigned due = RU.slot_pipe[slot] >= 0 ? ru_put(RU.slot_node[slot], true) : 0;
	int ret;
	if (chance(30)) {
		/* IORING_OP_FILES_UPDATE: no tags (the slot's new tag is 0) */
		static int fdbuf;
		struct io_uring_sqe *sqe = x_sqe();
		fdbuf = fd;
		io_uring_prep_files_update(sqe, &fdbuf, 1, slot);
		x_ud(sqe);
		tag = 0;
		tr("files_update op slot %d pipe %d", slot, np);
		x_submit(1, 1 + due);
		x_reap(1 + due);
	} else {
		ret = io_uring_register_files_update_tag(&X.ring, (unsigned)slot, &fd, &tag, 1);
		tr("register_files_update_tag slot %d pipe %d tag %llu -> %d", slot, np,
		   (unsigned long long)tag, ret);
		if (ret != 1)
			die("files update", ret);
		if (due)
			x_reap(due);
	}
	RU.slot_pipe[slot] = np;
	if (np >= 0)
		RU.slot_node[slot] = ru_node(tag);
	x_counters();
}

/* Point a buffer index at other memory, with a new tag. */
static void ru_update_buf(void)
{
	int b = (int)below(RU_BUFS);
	unsigned gen = (RU.buf_gen[b] + 1) % 8;
	for (unsigned i = 0; i < RU_READS; i++)
		if (RU.rd[i].live && RU.rd[i].buf == b && RU.rd[i].gen == gen)
			return;                 /* that memory is still being read into */
	__u64 tag = chance(70) ? ++RU.next_tag : 0;
	struct iovec iov = { ru_mem[b][gen], 512 };
	int ret = io_uring_register_buffers_update_tag(&X.ring, (unsigned)b, &iov, &tag, 1);
	tr("register_buffers_update_tag %d gen %u tag %llu -> %d", b, gen, (unsigned long long)tag, ret);
	if (ret != 1)
		die("buffers update", ret);
	unsigned due = ru_put(RU.buf_node[b], true);
	RU.buf_node[b] = ru_node(tag);
	RU.buf_gen[b] = gen;
	if (due)
		x_reap(due);
	x_counters();
}

/* Data for a parked read: it completes, and drops its nodes. */
static void ru_write(unsigned r)
{
	unsigned char buf[512];
	struct rread *rd = &RU.rd[r];
	if (!rd->live)
		return;
	unsigned len = 1 + below(rd->want), due = 1;
	for (unsigned j = 0; j < len; j++)
		buf[j] = (unsigned char)(RU.next_w[rd->pipe]++ * 7 + 3);
	x_write_all(RU.pipe[rd->pipe][1], buf, len);
	tr("write pipe %d %u", rd->pipe, len);
	if (rd->file_node >= 0)
		due += ru_put((unsigned)rd->file_node, false);
	if (rd->buf_node >= 0)
		due += ru_put((unsigned)rd->buf_node, false);
	x_reap(due);
	rd->live = false;
	x_counters();
}

static void ru_write_any(void)
{
	ru_write(below(RU_READS));
}

static unsigned run_regupdate(void)
{
	unsigned steps;
	int ret;
	memset(&RU, 0, sizeof(RU));
	x_data = ru_data;
	if (x_init(8, x_variant(true), 64, 0))
		return 0;
	for (int p = 0; p < 2; p++) {
		if (pipe2(RU.pipe[p], O_CLOEXEC))
			die("pipe2", errno);
		x_keep(RU.pipe[p][0]);
		x_keep(RU.pipe[p][1]);
	}
	int fds[RU_SLOTS];
	__u64 tags[RU_SLOTS > RU_BUFS ? RU_SLOTS : RU_BUFS];
	for (int s = 0; s < RU_SLOTS; s++) {
		RU.slot_pipe[s] = s < 2 ? s : -1;
		fds[s] = s < 2 ? RU.pipe[s][0] : -1;
		tags[s] = s < 2 ? ++RU.next_tag : 0;
		if (s < 2)
			RU.slot_node[s] = ru_node(tags[s]);
	}
	ret = io_uring_register_files_tags(&X.ring, fds, tags, RU_SLOTS);
	tr("register_files_tags -> %d", ret);
	if (ret)
		die("register_files_tags", ret);
	struct iovec iov[RU_BUFS];
	for (int b = 0; b < RU_BUFS; b++) {
		iov[b] = (struct iovec){ ru_mem[b][0], 512 };
		tags[b] = ++RU.next_tag;
		RU.buf_node[b] = ru_node(tags[b]);
	}
	ret = io_uring_register_buffers_tags(&X.ring, iov, tags, RU_BUFS);
	tr("register_buffers_tags -> %d", ret);
	if (ret)
		die("register_buffers_tags", ret);
	static const struct xstep ru_steps[] = {
		{ 35, ru_read }, { 55, ru_update_file }, { 70, ru_update_buf }, { 100, ru_write_any },
	};
	for (steps = 0; steps < 50; steps++) {
		cur_step = "regupdate";
		x_step(ru_steps);
	}
	for (unsigned r = 0; r < RU_READS; r++)
		ru_write(r);
	return steps;
}

/* ================= CQ overflow ================= */

static unsigned run_overflow(void)
{
	unsigned steps, entries = 1u << below(4);
	if (x_init(entries, x_variant(true), entries, 0))
		return 0;
	X.posted = true;
	unsigned due = 0;
	for (steps = 0; steps < 40; steps++) {
		cur_step = "overflow";
		unsigned k = below(100);
		if (k < 55 && due < 8 * X.cq_entries) {
			unsigned n = 1 + below(X.sq_entries), posts = 0;
			for (unsigned i = 0; i < n; i++) {
				struct io_uring_sqe *sqe = x_sqe();
				io_uring_prep_nop(sqe);
				if (chance(10)) {
					/* (a NOP injecting an error would post its CQE) */
					sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
				} else {
					if (chance(40)) {
						sqe->rw_flags = IORING_NOP_INJECT_RESULT;
						sqe->len = (unsigned)rnd();
					}
					posts++;
				}
				x_ud(sqe);
			}
			int ret = io_uring_submit(&X.ring);
			tr("submit %u -> %d", n, ret);
			if (ret != (int)n)
				die("submit with the CQ overflowing", ret);
			due += posts;
		} else if (k < 65) {
			int ret = io_uring_get_events(&X.ring);
			tr("get_events -> %d", ret);
		} else if (due) {
			x_reap(chance(30) ? due : 1 + below(due));
			due -= nxgot;
		}
		x_counters();
	}
	if (due)
		x_reap(due);
	x_counters();
	return steps;
}

/* ---- running one seed of a class ---- */

static unsigned run_class(unsigned c, unsigned long long seed, struct io_uring_buf_ring *br)
{
	static unsigned steps;          /* static: it lives across siglongjmp */
	memset(&X, 0, sizeof(X));
	x_data = NULL;
	rng = seed * 0x2545f4914f6cdd1dULL + 1;
	trace_hash = 0xcbf29ce484222325ULL;
	cur_seed = seed;
	cur_step = "setup";
	steps = 0;
	ended_early = false;
	tr("class %s", cls_name[c]);
	if (sigsetjmp(seed_end, 1)) {
		ended_early = true;
		goto out;
	}
	alarm(STUCK_SECS);
	switch (c) {
	case C_MSHOT: steps = run_multishot(br); break;
	case C_SQPOLL: steps = run_sqpoll(); break;
	case C_BIG: steps = run_big(); break;
	case C_CANCEL: steps = run_cancel(); break;
	case C_REGUPD: steps = run_regupdate(); break;
	case C_OVERFLOW: steps = run_overflow(); break;
	}
	tr("end");
out:
	alarm(0);
	cur_step = "queue_exit";
	x_cleanup();
	return steps;
}
