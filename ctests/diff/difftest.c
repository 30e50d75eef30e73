/*
 * difftest: from a seed, a random but valid sequence of liburing calls on a real ring, traced.
 *
 * The same source is compiled twice (ctests/diff/run.sh, mk/fuzz.mk): against Debian's
 * liburing 2.3 (/usr/include/liburing.h, -luring) and against uring-rs (include/, -luring_rs).
 * Each seed runs one class of steps (classes.c: multishot, SQPOLL, big entries, cancellation,
 * registered resources updated in flight, CQ overflow, or the core sequence described here).
 * The core class only calls functions liburing 2.3 has. Each seed sets up a ring (random size, flags,
 * a small CQ to overflow through), three pipes, and then runs up to 300 steps drawn from:
 * get_sqe, prep of NOPs (some with CQE_SKIP_SUCCESS), pipe reads and writes (plain, through
 * registered files, into registered buffers, from a provided-buffer ring), timeouts and
 * timeout removals, link chains (with link timeouts, failing heads, short reads), submit,
 * submit_and_wait, submit_and_wait_timeout, submit_and_get_events, get_events, peek, wait,
 * wait_nr, wait_cqes, wait_cqe_timeout, peek_batch, for_each_cqe, cqe_seen, cq_advance,
 * register/unregister/update of files and buffers, buf_ring register/add/advance/cq_advance.
 * Every return value, the ring counters (sq_ready, sq_space_left, cq_ready, cq_has_overflow)
 * after every call, the number of CQEs each call returns, and the CQEs themselves (user_data,
 * res, flags, a hash of the bytes a read returned) go into the trace; the CQEs as a multiset
 * per epoch (see trace_cqe: the one thing normalised, because the kernel's order of task-work
 * completions depends on preemption).
 *
 * "Valid" is kept by a model of what the kernel will do: the tester knows how many CQEs are
 * certain to arrive (NOPs, writes, reads of a pipe that holds data, a pending read once data is
 * written, a timeout once it is removed...) and blocks only for that many, so no call can hang.
 * Nothing in a sequence is timing dependent: timeouts are 100 s long and only ever removed or
 * cancelled, the only wait that times out is a 1 ms wait_cqe_timeout when no CQE can come, and
 * no request is handed to io-wq (pipes are polled), so the kernel's answers are a function of
 * the calls alone (but for that order). The traces of the two builds must be identical.
 *
 *   difftest [-s FIRST] [-n COUNT]   one line per seed: "seed S steps N trace HASH class C",
 *                                    then the seeds run per class (and how many ended early)
 *   difftest -v SEED                 the whole trace of one seed
 *   difftest -V -s FIRST -n COUNT    the whole traces of many
 *   difftest -c CLASS ...            every seed runs CLASS (core, multishot, sqpoll, big,
 *                                    cancel, regupdate, overflow)
 *   difftest -o FILE ...             also write the traces (without the model's notes) to FILE
 * Exit 0; a seed that cannot go on ends early, with the reason in its trace (see die()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <liburing.h>

#define NPIPES     3
#define MAXSTEPS   300
#define MAXOPS     1024
#define OPBUF      512          /* bytes of each op's own read/write buffer */
#define NFILES     8            /* registered file table slots */
#define NREGBUFS   4            /* registered buffers */
#define REGBUF     1024
#define BR_ENTRIES 8            /* provided-buffer ring */
#define BR_BUFSZ   128
#define BR_BGID    3
#define PIPE_ROOM  (48 * 1024)  /* writes never block: a pipe holds 64 KiB */

/* ---- random numbers (splitmix64) ---- */
static uint64_t rng;
static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static unsigned below(unsigned n) { return n ? (unsigned)(rnd() % n) : 0; }
static bool chance(unsigned pct) { return below(100) < pct; }

/* ---- the trace: FNV-1a of every line, printed with -v ---- */
static uint64_t trace_hash;
static bool verbose;
static FILE *trace_file;          /* -o: the traces of every seed */
static unsigned long long cur_seed;
static const char *cur_step = "setup";

static void tr(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	for (int i = 0; i < n && i < (int)sizeof(line); i++)
		trace_hash = (trace_hash ^ (unsigned char)line[i]) * 0x100000001b3ULL;
	trace_hash = (trace_hash ^ '\n') * 0x100000001b3ULL;
	if (verbose)
		printf("%s\n", line);
	if (trace_file)
		fprintf(trace_file, "%s\n", line);
}

static uint32_t hash_bytes(const unsigned char *p, int n)
{
	uint32_t h = 2166136261u;
	for (int i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/*
 * A seed ends early when a call fails that may not fail, when the model finds the kernel's
 * answers do not fit it, or when a call blocks for STUCK_SECS (the model let it wait for a CQE
 * that does not come): the reason goes into the trace, which the other build must match (the
 * two libraries agreeing on every step up to there is what is tested), and the seed counts as
 * ended early in the summary.
 */
#define STUCK_SECS 10
static sigjmp_buf seed_end;

static void die(const char *what, long v)
{
	tr("seed ends: %s (%ld) in %s", what, v, cur_step);
	if (verbose)
		fprintf(stderr, "difftest: seed %llu: %s (%ld) in %s\n", cur_seed, what, v, cur_step);
	siglongjmp(seed_end, 1);
}

static void on_alarm(int sig)
{
	(void)sig;
	die("stuck: the model let a call block", STUCK_SECS);
}

/* ---- the model ---- */
enum kind { K_NOP, K_READ, K_WRITE, K_BADREAD, K_TIMEOUT, K_TIMEOUT_REMOVE, K_LINK_TIMEOUT };
enum via { V_PLAIN, V_FIXED_FILE, V_FIXED_BUF, V_BUFSEL };

struct op {
	enum kind kind;
	enum via via;
	int pipe;
	unsigned len;
	bool skip_success;
	unsigned target;               /* K_TIMEOUT_REMOVE: user_data of the timeout */
	unsigned char *buf;            /* where a read lands (not for V_BUFSEL) */
	unsigned settle_mask;          /* pipes this op, run from task work, keeps busy */
	bool tw;                       /* its CQE comes from task work (see quiet()) */
};

struct pipe_m {
	int fd[2];
	unsigned bytes;                /* bytes in the pipe once everything prepared has run */
	/* a read waiting for data: its op and the ops linked after it */
	int waiting;                   /* index of the first op of the waiting chain part, -1 none */
	unsigned waiting_n;
	unsigned char next;            /* byte counter of data written (contents are a sequence) */
	/*
	 * CQEs not yet seen of chains a write released from this pipe or that touch it. Such a
	 * chain runs from task work, possibly later than the write that woke it (after other
	 * SQEs of the same submit, or, with DEFER_TASKRUN, at the next wait): until its CQEs have
	 * been seen, reads and writes of the pipes it touches would race with it, so none are
	 * prepared.
	 */
	unsigned settling;
};

static struct state {
	struct io_uring ring;
	unsigned sq_entries, cq_entries, setup_flags;
	struct pipe_m pipes[NPIPES];
	struct op ops[MAXOPS];
	unsigned nops;
	unsigned prepared;             /* SQEs prepared and not submitted */
	unsigned due_prepared;         /* CQEs the prepared SQEs produce once submitted */
	unsigned due;                  /* CQEs certain to be (or be about to be) posted, unseen */
	bool timeout_pending[MAXOPS];  /* a K_TIMEOUT (by user_data) not yet completed */
	bool files_reg;
	int table[NFILES];             /* registered fds: index into pipes*2+end, or -1 */
	bool bufs_reg;
	bool br_reg;
	struct io_uring_buf_ring *br;
	unsigned br_avail;             /* buffers published and not consumed */
	unsigned br_added;             /* added, not yet advanced */
	unsigned br_next_bid;
	unsigned tw_ops;               /* ops marked tw and not yet swept */
	unsigned first_unsubmitted;    /* ops from here on are prepared, not submitted */
	bool desync;
} S;

static unsigned char opbufs[MAXOPS][OPBUF];
static unsigned char regbufs[NREGBUFS][REGBUF];
static unsigned char brbufs[BR_ENTRIES][BR_BUFSZ];
static struct __kernel_timespec long_ts = { .tv_sec = 100 };

static unsigned avail(void) { return S.due; }

/* How many bytes a read of op `o` takes from a pipe holding `have` (0: nothing yet). */
static unsigned read_size(const struct op *o, unsigned have)
{
	unsigned want = o->len;
	if (o->via == V_BUFSEL)
		want = o->len && o->len < BR_BUFSZ ? o->len : BR_BUFSZ;
	return have < want ? have : want;
}

static unsigned run_chain(unsigned first, unsigned n);

static void settled(struct op *o)
{
	for (int p = 0; p < NPIPES; p++)
		if (o->settle_mask & (1u << p))
			S.pipes[p].settling--;
	o->settle_mask = 0;
	if (o->tw)
		S.tw_ops--;
	o->tw = false;
}

static void mark_tw(struct op *o)
{
	if (!o->tw)
		S.tw_ops++;
	o->tw = true;
}

/*
 * Quiet: no CQE is to come from task work. Requests completed from task work (woken reads, link
 * chains, cancelled timeouts) post their CQEs when the kernel runs that work, which depends on
 * more than the calls made: with COOP_TASKRUN or DEFER_TASKRUN it may wait for a later
 * io_uring_enter, and where the task-work loop finds need_resched() it flushes completions
 * early, which queues linked requests earlier (so under CPU load the same calls see the same
 * CQEs in another order, or a wait returns with one CQE more posted). While not quiet, the
 * trace records no value that depends on it (cq_ready, peek results, how many CQEs a call
 * found) and the tester makes no choice that depends on it: it only waits for, and consumes,
 * numbers of CQEs the model is sure of. Ops are marked when they are prepared or woken, and
 * swept (sweep()) once every CQE due has been consumed, a point that does not depend on timing.
 */
static bool quiet(void)
{
	return S.tw_ops == 0;
}

/*
 * Chain ops[w .. w+wn) runs from task work (it was woken by a write, or it is a link chain,
 * whose members after the head are issued from task work): its pipes settle once all its CQEs
 * have been seen.
 */
static void settle_on(unsigned w, unsigned wn)
{
	unsigned mask = 0;
	for (unsigned i = w; i < w + wn; i++)
		if (S.ops[i].pipe >= 0)
			mask |= 1u << S.ops[i].pipe;
	for (unsigned i = w; i < w + wn; i++) {
		settled(&S.ops[i]);
		mark_tw(&S.ops[i]);
		S.ops[i].settle_mask = mask;
		for (int p = 0; p < NPIPES; p++)
			if (mask & (1u << p))
				S.pipes[p].settling++;
	}
}

static bool settling_any(void)
{
	for (int p = 0; p < NPIPES; p++)
		if (S.pipes[p].settling)
			return true;
	return false;
}

/*
 * Effects of ops[first .. first+n) (a chain, or one op) issued now on the model: returns how
 * many CQEs they post now (a read of an empty pipe parks the rest of the chain on the pipe).
 */
static unsigned run_chain(unsigned first, unsigned n)
{
	unsigned posted = 0;
	for (unsigned i = 0; i < n; i++) {
		struct op *o = &S.ops[first + i];
		bool failed = false;
		switch (o->kind) {
		case K_NOP:
			posted += !o->skip_success;
			break;
		case K_BADREAD:
			posted++;
			failed = true;
			break;
		case K_LINK_TIMEOUT:
			/* its op completed: the link timeout is cancelled */
			posted++;
			break;
		case K_TIMEOUT:
			S.timeout_pending[first + i] = true;
			break;
		case K_TIMEOUT_REMOVE:
			posted++;
			if (S.timeout_pending[o->target]) {
				/* the timeout completes with -ECANCELED from task work */
				S.timeout_pending[o->target] = false;
				mark_tw(&S.ops[o->target]);
				mark_tw(o);
				posted++;
			}
			break;
		case K_WRITE: {
			struct pipe_m *p = &S.pipes[o->pipe];
			posted++;
			p->bytes += o->len;
			if (p->waiting >= 0) {
				unsigned w = (unsigned)p->waiting, wn = p->waiting_n;
				p->waiting = -1;
				settle_on(w, wn);
				posted += run_chain(w, wn);
			}
			break;
		}
		case K_READ: {
			struct pipe_m *p = &S.pipes[o->pipe];
			if (o->via == V_BUFSEL && (!S.br_reg || !S.br_avail)) {
				/* the buffer is picked first: -ENOBUFS, data or not */
				posted++;
				failed = true;
				break;
			}
			if (!p->bytes) {
				/* polled: completes when data comes, with the rest of its chain */
				if (p->waiting >= 0)
					die("model: two waiting reads on one pipe", o->pipe);
				p->waiting = (int)(first + i);
				p->waiting_n = n - i;
				return posted;
			}
			posted++;
			if (o->via == V_BUFSEL)
				S.br_avail--;
			unsigned got = read_size(o, p->bytes);
			unsigned want = read_size(o, ~0u);
			p->bytes -= got;
			failed = got < want;                /* a short read breaks the link */
			break;
		}
		}
		if (failed) {
			/* the rest of the chain is cancelled, each with its CQE */
			for (unsigned j = i + 1; j < n; j++)
				posted++;
			return posted;
		}
	}
	return posted;
}

/* ---- tracing CQEs ---- */

/*
 * CQEs are compared as a multiset per epoch, not one by one: requests completed from task work
 * (woken reads, link chains) post their CQEs in an order that depends on where the kernel's
 * task-work loop found need_resched() (it flushes completions there, which queues linked
 * requests earlier), so under CPU load the same calls can see the same CQEs in another order.
 * Which CQEs there are, their number per call and every counter do not depend on it. So each
 * CQE the application consumes (seen, or passed over by cq_advance) adds a hash of its
 * user_data, res, flags and data to a sum, and the sum goes into the trace whenever every CQE
 * the model expects has been consumed (then the set of CQEs so far is fixed).
 */
static uint64_t observed[64];     /* hashes of the CQEs the current call saw, in order */
static unsigned nobserved;
static uint64_t epoch_sum;
static unsigned epoch_n;

static void observe_reset(void)
{
	nobserved = 0;
}

static void trace_cqe(const char *how, const struct io_uring_cqe *cqe)
{
	__u64 ud = io_uring_cqe_get_data64(cqe);
	uint32_t h = 0;
	if (ud >= 1 && ud <= S.nops && cqe->res > 0) {
		const struct op *o = &S.ops[ud - 1];
		if (o->kind == K_READ && o->via == V_BUFSEL && (cqe->flags & IORING_CQE_F_BUFFER)) {
			unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
			if (bid < BR_ENTRIES && cqe->res <= BR_BUFSZ)
				h = hash_bytes(brbufs[bid], cqe->res);
		} else if (o->kind == K_READ && o->buf && cqe->res <= OPBUF) {
			h = hash_bytes(o->buf, cqe->res);
		}
	}
	char line[128];
	int n = snprintf(line, sizeof(line), "cqe ud=%llu res=%d flags=%x data=%08x",
			 (unsigned long long)ud, cqe->res, cqe->flags, h);
	if (verbose) /* for reading a trace; not part of it (see above) */
		printf("  ~ %s %s\n", how, line);
	if (nobserved < sizeof(observed) / sizeof(observed[0])) {
		uint64_t x = 0xcbf29ce484222325ULL;
		for (int i = 0; i < n; i++)
			x = (x ^ (unsigned char)line[i]) * 0x100000001b3ULL;
		observed[nobserved++] = x ^ (x >> 29);
	}
}

/* The first n CQEs the current call saw are consumed. */
static void consumed(unsigned n)
{
	if (n > S.due)
		die("model: more CQEs seen than due", (long)n);
	if (n > nobserved)
		die("consumed CQEs nobody looked at", (long)n);
	S.due -= n;
	for (unsigned i = 0; i < n; i++)
		epoch_sum += observed[i];
	epoch_n += n;
}

static bool parked(unsigned i)
{
	for (int p = 0; p < NPIPES; p++)
		if (S.pipes[p].waiting >= 0 && i >= (unsigned)S.pipes[p].waiting &&
		    i < (unsigned)S.pipes[p].waiting + S.pipes[p].waiting_n)
			return true;
	return false;
}

/* Every CQE due has been consumed and nothing is prepared: everything submitted and not parked
 * on a pipe is done. */
static void sweep(void)
{
	for (unsigned i = 0; i < S.first_unsubmitted; i++)
		if ((S.ops[i].tw || S.ops[i].settle_mask) && !parked(i))
			settled(&S.ops[i]);
}

static void epoch_end(void)
{
	if (S.due)
		return;
	if (!S.prepared)        /* (marks made by prepared ops are about their future) */
		sweep();
	if (!epoch_n)
		return;
	tr("  consumed %u cqes, sum %016llx", epoch_n, (unsigned long long)epoch_sum);
	epoch_sum = 0;
	epoch_n = 0;
}

static void trace_counters(void)
{	if (verbose) /* the model, for debugging a trace (not part of it) */
		printf("    [model due=%u tw=%u prepared=%u due_prepared=%u pipes=%u/%d/%u %u/%d/%u %u/%d/%u br=%u+%u]\n",
		       S.due, S.tw_ops, S.prepared, S.due_prepared, S.pipes[0].bytes, S.pipes[0].waiting,
		       S.pipes[0].settling, S.pipes[1].bytes, S.pipes[1].waiting, S.pipes[1].settling,
		       S.pipes[2].bytes, S.pipes[2].waiting, S.pipes[2].settling, S.br_avail, S.br_added);
	if (!quiet()) {
		tr("  sq_ready=%u space=%u (busy)", io_uring_sq_ready(&S.ring),
		   io_uring_sq_space_left(&S.ring));
		return;
	}
	tr("  sq_ready=%u space=%u cq_ready=%u overflow=%d", io_uring_sq_ready(&S.ring),
	   io_uring_sq_space_left(&S.ring), io_uring_cq_ready(&S.ring),
	   (int)io_uring_cq_has_overflow(&S.ring));
}

static void step_submit(void);

/* ---- preparing requests ---- */

static struct op *new_op(enum kind k)
{
	if (S.nops >= MAXOPS)
		return NULL;
	struct op *o = &S.ops[S.nops++];
	memset(o, 0, sizeof(*o));
	o->kind = k;
	o->pipe = -1;
	return o;
}

/* fixed-file slot holding end `end` of pipe `p`, or -1 */
static int slot_of(int p, int end)
{
	if (!S.files_reg)
		return -1;
	for (int i = 0; i < NFILES; i++)
		if (S.table[i] == p * 2 + end)
			return i;
	return -1;
}

static void fill_write(struct op *o, unsigned char *dst)
{
	struct pipe_m *p = &S.pipes[o->pipe];
	for (unsigned i = 0; i < o->len; i++)
		dst[i] = (unsigned char)(p->next++ * 7 + o->pipe);
}

/* Prepare op `o` (user_data = its index + 1) in `sqe`. */
static void prep(struct io_uring_sqe *sqe, struct op *o, bool link)
{
	unsigned idx = (unsigned)(o - S.ops);
	unsigned char *buf = opbufs[idx];
	switch (o->kind) {
	case K_NOP:
		io_uring_prep_nop(sqe);
		break;
	case K_BADREAD:
		if (o->via == V_FIXED_FILE) {
			io_uring_prep_read(sqe, NFILES + 3, buf, 16, 0);
			sqe->flags |= IOSQE_FIXED_FILE;
		} else {
			io_uring_prep_read(sqe, -1, buf, 16, 0);
		}
		break;
	case K_WRITE: {
		int fd = S.pipes[o->pipe].fd[1];
		unsigned char *src = buf;
		if (o->via == V_FIXED_BUF)
			src = regbufs[idx % NREGBUFS] + (idx * 37) % (REGBUF - OPBUF);
		fill_write(o, src);
		if (o->via == V_FIXED_FILE) {
			io_uring_prep_write(sqe, slot_of(o->pipe, 1), src, o->len, 0);
			sqe->flags |= IOSQE_FIXED_FILE;
		} else if (o->via == V_FIXED_BUF) {
			io_uring_prep_write_fixed(sqe, fd, src, o->len, 0, idx % NREGBUFS);
		} else {
			io_uring_prep_write(sqe, fd, src, o->len, 0);
		}
		break;
	}
	case K_READ: {
		int fd = S.pipes[o->pipe].fd[0];
		if (o->via == V_FIXED_FILE) {
			o->buf = buf;
			io_uring_prep_read(sqe, slot_of(o->pipe, 0), buf, o->len, 0);
			sqe->flags |= IOSQE_FIXED_FILE;
		} else if (o->via == V_FIXED_BUF) {
			o->buf = regbufs[idx % NREGBUFS] + (idx * 37) % (REGBUF - OPBUF);
			io_uring_prep_read_fixed(sqe, fd, o->buf, o->len, 0, idx % NREGBUFS);
		} else if (o->via == V_BUFSEL) {
			io_uring_prep_read(sqe, fd, NULL, o->len, 0);
			sqe->flags |= IOSQE_BUFFER_SELECT;
			sqe->buf_group = BR_BGID;
		} else {
			o->buf = buf;
			io_uring_prep_read(sqe, fd, buf, o->len, 0);
		}
		break;
	}
	case K_TIMEOUT:
		io_uring_prep_timeout(sqe, &long_ts, 0, 0);
		break;
	case K_TIMEOUT_REMOVE:
		io_uring_prep_timeout_remove(sqe, o->target + 1, 0);
		break;
	case K_LINK_TIMEOUT:
		io_uring_prep_link_timeout(sqe, &long_ts, 0);
		break;
	}
	if (o->skip_success) {
		sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
		tr("  skip_success");
	}
	if (link)
		sqe->flags |= IOSQE_IO_LINK;
	io_uring_sqe_set_data64(sqe, idx + 1);
}

/* a pipe no read waits on (a second waiting reader would make the model ambiguous) */
static int free_pipe(void)
{
	int p = (int)below(NPIPES);
	for (int i = 0; i < NPIPES; i++, p = (p + 1) % NPIPES)
		if (S.pipes[p].waiting < 0 && !S.pipes[p].settling)
			return p;
	return -1;
}

static bool room_to_write(int p, unsigned len)
{
	return S.pipes[p].bytes + len <= PIPE_ROOM;
}

/* A random read on a pipe without a waiting reader (false: none possible). */
static bool make_read(struct op *o)
{
	int p = free_pipe();
	if (p < 0)
		return false;
	o->kind = K_READ;
	o->pipe = p;
	o->len = 1 + below(chance(50) ? 64 : OPBUF);
	switch (below(4)) {
	case 0:
		o->via = V_PLAIN;
		break;
	case 1:
		o->via = slot_of(p, 0) >= 0 ? V_FIXED_FILE : V_PLAIN;
		break;
	case 2:
		o->via = S.bufs_reg ? V_FIXED_BUF : V_PLAIN;
		break;
	case 3:
		/* which read gets a buffer first is clear only when no chain is in flight */
		if (!settling_any()) {
			o->via = V_BUFSEL;
			o->len = chance(50) ? 0 : 1 + below(BR_BUFSZ * 2);
		}
		break;
	}
	return true;
}

static void make_write(struct op *o)
{
	o->kind = K_WRITE;
	o->pipe = (int)below(NPIPES);
	o->len = 1 + below(chance(60) ? 48 : OPBUF);
	if (!room_to_write(o->pipe, o->len) || S.pipes[o->pipe].settling) {
		o->kind = K_NOP;
		return;
	}
	switch (below(3)) {
	case 1:
		o->via = slot_of(o->pipe, 1) >= 0 ? V_FIXED_FILE : V_PLAIN;
		break;
	case 2:
		o->via = S.bufs_reg ? V_FIXED_BUF : V_PLAIN;
		break;
	default:
		o->via = V_PLAIN;
	}
}

/* Prepare one request or one link chain; false when the SQ has no room. */
static void step_prepare(void)
{
	unsigned space = io_uring_sq_space_left(&S.ring);
	unsigned n = 1;
	struct op *chain[4];
	if (chance(25))
		n = 2 + below(3);
	if (S.nops + n > MAXOPS)
		return;
	if (n > space) {
		/* a full SQ: get_sqe says NULL, and the application submits */
		if (!space) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&S.ring);
			tr("get_sqe -> %s", sqe ? "sqe (SQ not full?)" : "NULL");
			if (sqe)
				die("get_sqe found room in a full SQ", 0);
			step_submit();
		}
		return;
	}
	unsigned first = S.nops;
	bool has_read = false;
	for (unsigned i = 0; i < n; i++) {
		struct op *o = new_op(K_NOP);
		chain[i] = o;
		unsigned what = below(100);
		if (n > 1 && i == n - 1 && i > 0 && chain[i - 1]->kind == K_READ && chance(60)) {
			o->kind = K_LINK_TIMEOUT;
		} else if (what < 25) {
			o->skip_success = n == 1 && chance(30);
		} else if (what < 50) {
			make_write(o);
		} else if (what < 75 && !has_read) {
			if (make_read(o)) {
				has_read = true;
				/* two waiting reads on one pipe could be ambiguous: one read per chain */
			}
		} else if (what < 82) {
			o->kind = K_BADREAD;
			o->via = S.files_reg && chance(50) ? V_FIXED_FILE : V_PLAIN;
		} else if (what < 92 && n == 1) {
			o->kind = K_TIMEOUT;
		} else if (n == 1) {
			o->kind = K_TIMEOUT_REMOVE;
			/* a pending timeout, or some other request (-ENOENT) */
			o->target = below(S.nops);
			for (unsigned t = 0; t < S.nops && chance(80); t++)
				if (S.timeout_pending[t]) {
					o->target = t;
					break;
				}
		}
	}
	/* a read before a write to the same pipe in one chain would wait on its own chain; a
	 * write that wakes a waiting chain makes the pipes that chain touches busy for the rest
	 * of this chain too (the woken one runs from task work, at a time of the kernel's) */
	for (unsigned i = 0; i < n; i++) {
		unsigned busy = 0;
		if (chain[i]->kind == K_READ && !S.pipes[chain[i]->pipe].bytes)
			busy = 1u << chain[i]->pipe;
		if (chain[i]->kind == K_WRITE && S.pipes[chain[i]->pipe].waiting >= 0) {
			const struct pipe_m *p = &S.pipes[chain[i]->pipe];
			busy = 1u << chain[i]->pipe;
			for (unsigned w = (unsigned)p->waiting; w < (unsigned)p->waiting + p->waiting_n; w++)
				if (S.ops[w].pipe >= 0)
					busy |= 1u << S.ops[w].pipe;
		}
		for (unsigned j = i + 1; j < n; j++)
			if ((chain[j]->kind == K_READ || chain[j]->kind == K_WRITE) &&
			    (busy & (1u << chain[j]->pipe))) {
				chain[j]->kind = K_NOP;
				chain[j]->pipe = -1;
			}
	}
	char desc[128] = "";
	unsigned first_index = 0;
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&S.ring);
		if (!sqe)
			die("get_sqe returned NULL with room in the SQ", (long)space);
		if (!i)
			first_index = (unsigned)(sqe - S.ring.sq.sqes);
		prep(sqe, chain[i], i + 1 < n);
		size_t l = strlen(desc);
		snprintf(desc + l, sizeof(desc) - l, "%s%d%c%u/%d", i ? "->" : "", chain[i]->kind,
			 "pfbs"[chain[i]->via], chain[i]->len, chain[i]->pipe);
	}
	/* the model runs the ops as the kernel will when they are submitted */
	S.due_prepared += run_chain(first, n);
	if (n > 1) {
		/* a link chain: what runs of it, up to a read that waits, runs from task work */
		unsigned ran = n;
		for (int p = 0; p < NPIPES; p++)
			if (S.pipes[p].waiting >= (int)first && S.pipes[p].waiting < (int)(first + n))
				ran = (unsigned)S.pipes[p].waiting - first;
		if (ran)
			settle_on(first, ran);
	}
	S.prepared += n;
	tr("prep ud=%u %s sqe_index=%u", first + 1, desc, first_index);
}

/* ---- submitting ---- */

static void submitted(int ret)
{
	if (ret < 0 || (unsigned)ret != S.prepared) {
		tr("  (model out of sync: %u prepared)", S.prepared);
		S.desync = true;
		return;
	}
	S.due += S.due_prepared;
	S.due_prepared = 0;
	S.prepared = 0;
	S.first_unsubmitted = S.nops;
}

static unsigned wait_bound(unsigned extra)
{
	unsigned n = S.due + extra;
	return n < S.cq_entries ? n : S.cq_entries;
}

static void step_submit(void)
{
	struct io_uring_cqe *cqe = NULL;
	unsigned nr, k = below(100);
	int ret;
	if (k < 45) {
		cur_step = "submit";
		ret = io_uring_submit(&S.ring);
		tr("submit -> %d", ret);
		submitted(ret);
	} else if (k < 70) {
		nr = below(wait_bound(S.due_prepared) + 1);
		cur_step = "submit_and_wait";
		ret = io_uring_submit_and_wait(&S.ring, nr);
		tr("submit_and_wait %u -> %d", nr, ret);
		submitted(ret);
	} else if (k < 85) {
		bool q = quiet();
		nr = below(wait_bound(S.due_prepared) + 1);
		cur_step = "submit_and_wait_timeout";
		ret = io_uring_submit_and_wait_timeout(&S.ring, &cqe, nr, &long_ts, NULL);
		/* the result tells whether a CQE was there before it entered the kernel */
		if (q && quiet())
			tr("submit_and_wait_timeout %u -> %d", nr, ret);
		else
			tr("submit_and_wait_timeout %u -> %s", nr, ret >= 0 || ret == -EAGAIN ? "(busy)" : "error");
		if (ret >= 0 && cqe)
			trace_cqe("first", cqe);
		observe_reset();
		/* it returns a CQE's status or the number submitted (-EAGAIN when asked for no
		 * CQE and none is there): whether everything was submitted shows in the SQ */
		submitted(!io_uring_sq_ready(&S.ring) ? (int)S.prepared : -1);
	} else {
		cur_step = "submit_and_get_events";
		ret = io_uring_submit_and_get_events(&S.ring);
		tr("submit_and_get_events -> %d", ret);
		submitted(ret);
	}
	trace_counters();
}

/* ---- reaping ---- */

static void reap_get_events(void)
{
	cur_step = "get_events";
	int ret = io_uring_get_events(&S.ring);
	tr("get_events -> %d", ret);
}

/* wait_cqe, then cqe_seen (there is a CQE due) */
static void reap_wait_cqe(const char *how)
{
	struct io_uring_cqe *cqe;
	cur_step = "wait_cqe";
	int ret = io_uring_wait_cqe(&S.ring, &cqe);
	tr("wait_cqe -> %d", ret);
	if (ret)
		die("wait_cqe failed", ret);
	trace_cqe(how, cqe);
	io_uring_cqe_seen(&S.ring, cqe);
	consumed(1);
}

/* wait_cqe_nr, then cqe_seen of the CQE it returns (nr 0 is a peek: -EAGAIN is fine) */
static void reap_wait_cqe_nr(unsigned nr)
{
	struct io_uring_cqe *cqe = NULL;
	cur_step = "wait_cqe_nr";
	int ret = io_uring_wait_cqe_nr(&S.ring, &cqe, nr);
	tr("wait_cqe_nr %u -> %d", nr, ret);
	if (ret && nr)
		die("wait_cqe_nr failed", ret);
	if (!ret && cqe) {
		trace_cqe("wait_nr", cqe);
		io_uring_cqe_seen(&S.ring, cqe);
		consumed(1);
	}
}

/* wait_cqes for nr (1 ..): they are due */
static void reap_wait_cqes(unsigned nr)
{
	struct io_uring_cqe *cqe = NULL;
	cur_step = "wait_cqes";
	int ret = io_uring_wait_cqes(&S.ring, &cqe, nr, chance(50) ? &long_ts : NULL, NULL);
	tr("wait_cqes %u -> %d", nr, ret);
	if (ret)
		die("wait_cqes failed", ret);
	trace_cqe("wait_cqes", cqe);
	observe_reset();
}

/* peek_batch_cqe of up to `want`, then cq_advance over all or some of them */
static void reap_batch(unsigned want)
{
	struct io_uring_cqe *cqes[16];
	cur_step = "peek_batch_cqe";
	int ret = (int)io_uring_peek_batch_cqe(&S.ring, cqes, want);
	tr("peek_batch_cqe %u -> %d", want, ret);
	for (int i = 0; i < ret; i++)
		trace_cqe("batch", cqes[i]);
	unsigned nr = chance(70) ? (unsigned)ret : below((unsigned)ret + 1);
	cur_step = "cq_advance";
	io_uring_cq_advance(&S.ring, nr);
	tr("cq_advance %u", nr);
	consumed(nr);
}

/* While not quiet (see quiet()): wait for and consume only numbers of CQEs the model is sure of. */
static void step_reap_busy(unsigned k)
{
	if (!avail()) {
		reap_get_events();
	} else if (k < 35) {
		reap_wait_cqe("wait");
	} else if (k < 60) {
		reap_wait_cqe_nr(1 + below(wait_bound(0)));
	} else if (k < 90) {
		/* at least nr in the CQ: a batch of up to nr is exactly that many */
		unsigned nr = 1 + below(wait_bound(0));
		reap_wait_cqes(nr);
		reap_batch(1 + below(nr < 16 ? nr : 16));
	} else {
		reap_get_events();
	}
}

static void step_reap(void)
{
	struct io_uring_cqe *cqe = NULL;
	unsigned k = below(100), nr;
	int ret;

	observe_reset();
	if (!quiet()) {
		step_reap_busy(k);
		trace_counters();
		epoch_end();
		return;
	}
	if (k < 25) {
		cur_step = "peek_cqe";
		ret = io_uring_peek_cqe(&S.ring, &cqe);
		tr("peek_cqe -> %d", ret);
		if (!ret) {
			trace_cqe("peek", cqe);
			if (chance(75)) {
				io_uring_cqe_seen(&S.ring, cqe);
				consumed(1);
			} else {
				observe_reset();
			}
		}
	} else if (k < 40 && avail()) {
		reap_wait_cqe("wait");
	} else if (k < 52) {
		reap_wait_cqe_nr(below(wait_bound(0) + 1));
	} else if (k < 60 && avail()) {
		reap_wait_cqes(1 + below(wait_bound(0)));
	} else if (k < 62 && !avail() && !S.due_prepared) {
		struct __kernel_timespec ts = { .tv_nsec = 1000000 };
		cur_step = "wait_cqe_timeout";
		ret = io_uring_wait_cqe_timeout(&S.ring, &cqe, &ts);
		tr("wait_cqe_timeout 1ms -> %d", ret);
		if (!ret)
			die("a CQE nobody expected", (long)io_uring_cqe_get_data64(cqe));
	} else if (k < 80) {
		reap_batch(1 + below(16));
	} else if (k < 90) {
		unsigned head, n = 0;
		cur_step = "for_each_cqe";
		io_uring_for_each_cqe(&S.ring, head, cqe) {
			trace_cqe("each", cqe);
			n++;
		}
		tr("for_each_cqe: %u", n);
		nr = chance(50) ? n : below(n + 1);
		io_uring_cq_advance(&S.ring, nr);
		tr("cq_advance %u", nr);
		consumed(nr);
	} else {
		reap_get_events();
	}
	trace_counters();
	epoch_end();
}

/* ---- registration (only with nothing prepared: the model runs ops at prep time) ---- */

/* Does an op parked behind a waiting read use registered files (or buffers)? It looks them
 * up when it is issued, after the read: the table must not change under it. */
static bool parked_uses(enum via via)
{
	for (int p = 0; p < NPIPES; p++)
		for (unsigned i = 1; S.pipes[p].waiting >= 0 && i < S.pipes[p].waiting_n; i++)
			if (S.ops[(unsigned)S.pipes[p].waiting + i].via == via)
				return true;
	return false;
}

static void step_register(void)
{
	unsigned k = below(100);
	int ret;
	if ((k < 36 && parked_uses(V_FIXED_FILE)) || (k >= 36 && k < 50 && parked_uses(V_FIXED_BUF)))
		k = 90;         /* provide buffers instead */
	if (k < 20) {
		int fds[NFILES];
		unsigned n = 1 + below(NFILES);
		for (unsigned i = 0; i < n; i++) {
			int e = chance(20) ? -1 : (int)below(NPIPES * 2);
			fds[i] = e < 0 ? -1 : S.pipes[e / 2].fd[e % 2];
			if (!S.files_reg)
				S.table[i] = e;
		}
		cur_step = "register_files";
		ret = io_uring_register_files(&S.ring, fds, n);
		tr("register_files %u -> %d", n, ret);
		if (!S.files_reg && !ret) {
			S.files_reg = true;
			for (unsigned i = n; i < NFILES; i++)
				S.table[i] = -2;          /* beyond the table */
		}
	} else if (k < 30) {
		int fds[2];
		unsigned off = below(NFILES), n = 1 + below(2);
		int e[2] = { (int)below(NPIPES * 2), chance(30) ? -1 : (int)below(NPIPES * 2) };
		for (unsigned i = 0; i < n; i++)
			fds[i] = e[i] < 0 ? -1 : S.pipes[e[i] / 2].fd[e[i] % 2];
		cur_step = "register_files_update";
		ret = io_uring_register_files_update(&S.ring, off, fds, n);
		tr("register_files_update %u %u -> %d", off, n, ret);
		if (ret > 0)
			for (int i = 0; i < ret; i++)
				S.table[off + (unsigned)i] = e[i];
	} else if (k < 36) {
		cur_step = "unregister_files";
		ret = io_uring_unregister_files(&S.ring);
		tr("unregister_files -> %d", ret);
		if (!ret)
			S.files_reg = false;
	} else if (k < 46) {
		struct iovec iov[NREGBUFS];
		for (unsigned i = 0; i < NREGBUFS; i++) {
			iov[i].iov_base = regbufs[i];
			iov[i].iov_len = REGBUF;
		}
		cur_step = "register_buffers";
		ret = io_uring_register_buffers(&S.ring, iov, NREGBUFS);
		tr("register_buffers -> %d", ret);
		if (!ret)
			S.bufs_reg = true;
	} else if (k < 50) {
		cur_step = "unregister_buffers";
		ret = io_uring_unregister_buffers(&S.ring);
		tr("unregister_buffers -> %d", ret);
		if (!ret)
			S.bufs_reg = false;
	} else if (k < 62) {
		struct io_uring_buf_reg reg = { .ring_addr = (unsigned long)S.br,
						.ring_entries = BR_ENTRIES, .bgid = BR_BGID };
		if (!S.br_reg) {
			io_uring_buf_ring_init(S.br);
			S.br_added = 0;
			S.br_next_bid = 0;
		}
		cur_step = "register_buf_ring";
		ret = io_uring_register_buf_ring(&S.ring, &reg, 0);
		tr("register_buf_ring -> %d", ret);
		if (!ret) {
			S.br_reg = true;
			S.br_avail = 0;
		}
	} else if (k < 65) {
		cur_step = "unregister_buf_ring";
		ret = io_uring_unregister_buf_ring(&S.ring, BR_BGID);
		tr("unregister_buf_ring -> %d", ret);
		if (!ret) {
			S.br_reg = false;
			S.br_avail = 0;
		}
	} else if (k < 72 && S.br_added && io_uring_cq_ready(&S.ring)) {
		/* publish added buffers and mark as many CQEs seen, in one call */
		struct io_uring_cqe *cqe;
		unsigned head, ready = io_uring_cq_ready(&S.ring), n = 0;
		unsigned c = 1 + below(S.br_added < ready ? S.br_added : ready);
		cur_step = "buf_ring_cq_advance";
		observe_reset();
		io_uring_for_each_cqe(&S.ring, head, cqe) {
			if (n++ == c)
				break;
			trace_cqe("each", cqe);
		}
		io_uring_buf_ring_cq_advance(&S.ring, S.br, (int)c);
		tr("buf_ring_cq_advance %u", c);
		consumed(c);
		epoch_end();
		S.br_added -= c;
		if (S.br_reg)
			S.br_avail += c;
	} else {
		/* provide buffers: add some, publish some of the added ones */
		int mask = io_uring_buf_ring_mask(BR_ENTRIES);
		unsigned room = BR_ENTRIES - S.br_avail - S.br_added;
		unsigned add = below(room + 1);
		cur_step = "buf_ring_add";
		for (unsigned i = 0; i < add; i++) {
			unsigned bid = S.br_next_bid++ % BR_ENTRIES;
			io_uring_buf_ring_add(S.br, brbufs[bid], BR_BUFSZ, (unsigned short)bid, mask,
					      (int)(S.br_added + i));
		}
		S.br_added += add;
		unsigned adv = chance(70) ? S.br_added : below(S.br_added + 1);
		cur_step = "buf_ring_advance";
		io_uring_buf_ring_advance(S.br, (int)adv);
		tr("buf_ring add %u advance %u", add, adv);
		S.br_added -= adv;
		if (S.br_reg)
			S.br_avail += adv;
	}
	trace_counters();
}

/* ---- one seed ---- */

static const unsigned setup_variants[] = {
	0,
	IORING_SETUP_SUBMIT_ALL,
	IORING_SETUP_COOP_TASKRUN,
	IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
	IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
	IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
};

static bool ended_early;

#include "classes.c"

static unsigned run_seed(unsigned long long seed, struct io_uring_buf_ring *br)
{
	struct io_uring_params p;
	static unsigned steps;          /* static: it lives across siglongjmp */
	int ret;

	memset(&S, 0, sizeof(S));
	S.br = br;
	epoch_sum = 0;
	epoch_n = 0;
	nobserved = 0;
	rng = seed * 0x2545f4914f6cdd1dULL + 1;
	trace_hash = 0xcbf29ce484222325ULL;
	cur_seed = seed;
	cur_step = "setup";
	alarm(0);

	memset(&p, 0, sizeof(p));
	unsigned entries = 1u << below(6);
	p.flags = setup_variants[below(sizeof(setup_variants) / sizeof(setup_variants[0]))];
	if (chance(50)) {
		/* a CQ as small as the kernel allows (no smaller than the SQ) overflows */
		p.flags |= IORING_SETUP_CQSIZE;
		p.cq_entries = entries << below(2);
	}
	S.setup_flags = p.flags;
	ret = io_uring_queue_init_params(entries, &S.ring, &p);
	tr("queue_init_params %u flags=%x cq=%u -> %d sq_entries=%u cq_entries=%u", entries,
	   S.setup_flags, p.cq_entries, ret, p.sq_entries, p.cq_entries);
	if (ret < 0)
		return 0;
	S.sq_entries = p.sq_entries;
	S.cq_entries = p.cq_entries;
	for (int i = 0; i < NPIPES; i++) {
		/* O_NONBLOCK: every kernel then issues the pipe ops inline or arms a poll, so they
		 * complete when the model says. A kernel that does not count a blocking pipe as a
		 * nowait file (Debian's 5.10) hands such a write to an io-wq worker instead, whose
		 * completion lands at a time of its own (seed 331 there: cq_ready 0 or 1 after the
		 * same submit, the two builds each one way) */
		if (pipe2(S.pipes[i].fd, O_CLOEXEC | O_NONBLOCK))
			die("pipe2", errno);
		S.pipes[i].waiting = -1;
	}
	for (int i = 0; i < NFILES; i++)
		S.table[i] = -2;

	steps = 0;
	ended_early = false;
	if (sigsetjmp(seed_end, 1)) {
		ended_early = true;
		goto out;
	}
	for (steps = 0; steps < MAXSTEPS && !S.desync; steps++) {
		unsigned k = below(100);
		/* STUCK_SECS for each step, not for the seed: a loaded machine is slow */
		alarm(STUCK_SECS);
		if (!quiet()) {
			/* mostly submit and reap until every CQE due is in (see quiet()) */
			if (k < 20)
				step_prepare();
			else if (k < 45)
				step_submit();
			else
				step_reap();
		} else if (!S.prepared && k < 15)
			step_register();
		else if (k < 50)
			step_prepare();
		else if (k < 70)
			step_submit();
		else
			step_reap();
	}
	/* drain: every CQE the model expects, so that the last epoch closes */
	cur_step = "drain";
	alarm(STUCK_SECS);
	if (!S.desync) {
		if (S.prepared)
			submitted(io_uring_submit(&S.ring));
		while (S.due && !S.desync) {
			observe_reset();
			reap_wait_cqe("drain");
		}
		epoch_end();
	}
	tr("end due=%u prepared=%u desync=%d", S.due, S.prepared, (int)S.desync);
out:
	alarm(0);
	cur_step = "queue_exit";
	io_uring_queue_exit(&S.ring);
	for (int i = 0; i < NPIPES; i++) {
		close(S.pipes[i].fd[0]);
		close(S.pipes[i].fd[1]);
	}
	return steps;
}

int main(int argc, char **argv)
{
	unsigned long long first = 1, count = 1000;
	unsigned desyncs = 0, early = 0, cls_seeds[NCLASSES] = { 0 }, cls_early[NCLASSES] = { 0 };
	int o;

	while ((o = getopt(argc, argv, "s:n:v:Vo:c:")) != -1) {
		switch (o) {
		case 'c':
			for (unsigned c = 0; c < NCLASSES; c++)
				if (!strcmp(optarg, cls_name[c]))
					only_class = (int)c;
			if (only_class < 0) {
				fprintf(stderr, "difftest: no class %s\n", optarg);
				return 2;
			}
			break;
		case 'o':
			trace_file = fopen(optarg, "w");
			if (!trace_file) {
				perror(optarg);
				return 2;
			}
			break;
		case 'V': verbose = true; break;
		case 's': first = strtoull(optarg, NULL, 0); break;
		case 'n': count = strtoull(optarg, NULL, 0); break;
		case 'v': first = strtoull(optarg, NULL, 0); count = 1; verbose = true; break;
		default:
			fprintf(stderr, "usage: %s [-V] [-o FILE] [-c CLASS] [-s FIRST_SEED] [-n COUNT] | -v SEED\n",
				argv[0]);
			return 2;
		}
	}
	signal(SIGALRM, on_alarm);
	if (verbose)
		setvbuf(stdout, NULL, _IOLBF, 0);
	/* the provided-buffer ring: page-aligned memory, reused by every seed */
	struct io_uring_buf_ring *br = mmap(NULL, BR_ENTRIES * sizeof(struct io_uring_buf),
					    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (br == MAP_FAILED) {
		perror("difftest: mmap");
		return 1;
	}
	for (unsigned long long s = first; s < first + count; s++) {
		unsigned c = seed_class(s), steps = c == C_CORE ? run_seed(s, br) : run_class(c, s, br);
		desyncs += c == C_CORE && S.desync;
		early += ended_early;
		cls_seeds[c]++;
		cls_early[c] += ended_early;
		if (verbose && count > 1)
			printf("seed %llu end\n", s);
		if (trace_file)
			fprintf(trace_file, "seed %llu end\n", s);
		if (!verbose)
			printf("seed %llu steps %u trace %016llx class %s%s\n", s, steps,
			       (unsigned long long)trace_hash, cls_name[c], ended_early ? " ended early" : "");
	}
	if (!verbose) {
		printf("done %llu seeds, %u out of the model's sync, %u ended early\n", count, desyncs,
		       early);
		/* the last line: seeds per class (ended early, of them) */
		printf("classes:");
		for (unsigned c = 0; c < NCLASSES; c++)
			printf(" %s %u (%u)", cls_name[c], cls_seeds[c], cls_early[c]);
		printf("\n");
	}
	if (trace_file)
		fclose(trace_file);
	return 0;
}
