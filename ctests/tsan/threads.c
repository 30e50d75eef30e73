/*
 * Threads on one ring, as liburing documents they may share it, for ThreadSanitizer
 * (ctests/tsan_threads.sh builds this and the library with -fsanitize=thread /
 * -Zsanitizer=thread): a data race in the library's code on these paths fails the run.
 *
 *   threads sqpoll SEED   an SQPOLL ring: one thread prepares and submits NOPs and writes,
 *                         another reaps (the SQ and the CQ are separate: no lock is needed
 *                         between one submitter and one reaper)
 *   threads locked SEED   a plain ring shared by two submitting threads and one waiting one,
 *                         with the locking liburing documents: a lock around the SQ side
 *                         (get_sqe, prep, submit), another around the CQ side (wait, seen)
 *   threads canary 0      a data race on purpose, which TSan must report
 *   threads rings SEED    four threads, each with rings of its own, set up, used and torn
 *                         down at once (rings_thread says in which order): the library's
 *                         process-wide state (the trace and stats of URING_RS_TRACE /
 *                         URING_RS_STATS when the script sets them)
 *
 * Every CQE is checked: each user_data comes back exactly once, with the result its request
 * must have. The counts come from SEED, printed on a failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <liburing.h>

static unsigned long seed;

#define CHECK(cond, ...)                                                                  \
	do {                                                                              \
		if (!(cond)) {                                                            \
			fprintf(stderr, "FAIL (seed %lu) %s:%d: ", seed, __FILE__, __LINE__);   \
			fprintf(stderr, __VA_ARGS__);                                     \
			fprintf(stderr, "\n");                                            \
			exit(1);                                                          \
		}                                                                         \
	} while (0)

static unsigned rnd(unsigned *s, unsigned n)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8) % n;
}

/* which user_data came back: each exactly once */
struct seen {
	unsigned char *got;
	unsigned n;
};

static void seen_one(struct seen *s, const struct io_uring_cqe *cqe, int want_res)
{
	__u64 ud = cqe->user_data;
	CHECK(ud >= 1 && ud <= s->n, "user_data %llu out of range", (unsigned long long)ud);
	CHECK(!s->got[ud], "user_data %llu came twice", (unsigned long long)ud);
	CHECK(cqe->res == want_res, "user_data %llu: res %d, not %d", (unsigned long long)ud,
	      cqe->res, want_res);
	s->got[ud] = 1;
}

/* ---- SQPOLL: one submitter, one reaper ---- */

#define WLEN 16
static struct io_uring sq_ring;
static unsigned sq_total;
static int sq_pipe[2];

static void *sq_submitter(void *arg)
{
	unsigned st = (unsigned)seed, done = 0;
	static const char msg[WLEN] = "0123456789abcde";
	(void)arg;
	while (done < sq_total) {
		unsigned batch = 1 + rnd(&st, 8), i;
		for (i = 0; i < batch && done < sq_total; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&sq_ring);
			if (!sqe) {
				/* the thread has not taken the SQEs yet: wait for room */
				CHECK(io_uring_sqring_wait(&sq_ring) >= 0, "sqring_wait");
				break;
			}
			/* odd ones write to a pipe the reaper empties, even ones are NOPs */
			if (++done % 2)
				io_uring_prep_write(sqe, sq_pipe[1], msg, WLEN, 0);
			else
				io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, done);
		}
		CHECK(io_uring_submit(&sq_ring) >= 0, "submit");
		if (!rnd(&st, 16))
			usleep(3000);   /* past the thread's idle time: the next submit wakes it */
	}
	return NULL;
}

static int run_sqpoll(void)
{
	struct io_uring_params p;
	struct seen s;
	pthread_t t;
	char buf[WLEN * 64];
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 1;
	CHECK(!io_uring_queue_init_params(8, &sq_ring, &p), "SQPOLL ring");
	CHECK(!pipe(sq_pipe), "pipe");
	sq_total = 2000 + (unsigned)(seed % 2000);
	s.n = sq_total;
	s.got = calloc(sq_total + 1, 1);
	CHECK(!pthread_create(&t, NULL, sq_submitter, NULL), "pthread_create");
	for (unsigned n = 0; n < sq_total; n++) {
		struct io_uring_cqe *cqe;
		CHECK(!io_uring_wait_cqe(&sq_ring, &cqe), "wait_cqe");
		seen_one(&s, cqe, cqe->user_data % 2 ? WLEN : 0);
		io_uring_cqe_seen(&sq_ring, cqe);
		if (cqe->user_data % 2)
			CHECK(read(sq_pipe[0], buf, WLEN) == WLEN, "pipe read");
	}
	pthread_join(t, NULL);
	CHECK(io_uring_cq_ready(&sq_ring) == 0, "CQEs nobody submitted");
	io_uring_queue_exit(&sq_ring);
	free(s.got);
	printf("sqpoll: %u requests submitted by one thread, reaped by another\n", sq_total);
	return 0;
}

/* ---- two submitters, one waiter, a lock for each side ---- */

static struct io_uring lk_ring;
static pthread_mutex_t sq_lock = PTHREAD_MUTEX_INITIALIZER, cq_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned lk_per_thread;

static void *lk_submitter(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg, st = (unsigned)seed + id, done = 0;
	while (done < lk_per_thread) {
		unsigned batch = 1 + rnd(&st, 6);
		pthread_mutex_lock(&sq_lock);
		for (unsigned i = 0; i < batch && done < lk_per_thread; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&lk_ring);
			if (!sqe)
				break;
			io_uring_prep_nop(sqe);
			/* user_data: 1 .. 2 * lk_per_thread, interleaved by thread */
			io_uring_sqe_set_data64(sqe, 1 + 2 * done++ + id);
		}
		int ret = io_uring_submit(&lk_ring);
		pthread_mutex_unlock(&sq_lock);
		CHECK(ret >= 0, "submit: %d", ret);
	}
	return NULL;
}

static int run_locked(void)
{
	struct io_uring_params p;
	struct seen s;
	pthread_t t[2];
	memset(&p, 0, sizeof(p));
	/* the CQ is big enough for everything: submitters never wait for the reaper */
	lk_per_thread = 1000 + (unsigned)(seed % 1000);
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 4096;
	CHECK(!io_uring_queue_init_params(16, &lk_ring, &p), "ring");
	s.n = 2 * lk_per_thread;
	s.got = calloc(s.n + 1, 1);
	for (uintptr_t i = 0; i < 2; i++)
		CHECK(!pthread_create(&t[i], NULL, lk_submitter, (void *)i), "pthread_create");
	for (unsigned n = 0; n < s.n;) {
		struct io_uring_cqe *cqe;
		pthread_mutex_lock(&cq_lock);
		int ret = io_uring_wait_cqe(&lk_ring, &cqe);
		CHECK(!ret, "wait_cqe: %d", ret);
		/* a batch: what is there */
		unsigned head, k = 0;
		io_uring_for_each_cqe(&lk_ring, head, cqe) {
			seen_one(&s, cqe, 0);
			k++;
		}
		io_uring_cq_advance(&lk_ring, k);
		pthread_mutex_unlock(&cq_lock);
		n += k;
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	io_uring_queue_exit(&lk_ring);
	free(s.got);
	printf("locked: %u NOPs from two submitting threads, reaped by a third\n", 2 * lk_per_thread);
	return 0;
}

/* ---- rings of their own in four threads ---- */

static unsigned rings_nops[4];

/*
 * The library maps and unmaps ring memory with raw syscalls, which TSan does not see: memory
 * one thread unmaps and another maps again at the same address would look to it like one
 * object written by both without synchronisation. So in each round the threads set up and
 * use their rings side by side, wait for each other, tear them down side by side, and wait
 * again: no mapping is made while another is being unmapped, and the barriers order the
 * rounds.
 */
#define ROUNDS 5
#define RINGS  4
static pthread_barrier_t rings_barrier;

static void *rings_thread(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg, st = (unsigned)seed + id * 7919;
	for (int round = 0; round < ROUNDS; round++) {
		struct io_uring ring[RINGS];
		for (int r = 0; r < RINGS; r++) {
			unsigned n = 1 + rnd(&st, 32);
			rings_nops[id] += n;
			CHECK(!io_uring_queue_init(32, &ring[r], rnd(&st, 2) ? IORING_SETUP_COOP_TASKRUN : 0),
			      "ring");
			for (unsigned i = 0; i < n; i++) {
				struct io_uring_sqe *sqe = io_uring_get_sqe(&ring[r]);
				io_uring_prep_nop(sqe);
				io_uring_sqe_set_data64(sqe, i + 1);
			}
			CHECK(io_uring_submit_and_wait(&ring[r], n) == (int)n, "submit_and_wait");
			struct seen s = { calloc(n + 1, 1), n };
			for (unsigned i = 0; i < n; i++) {
				struct io_uring_cqe *cqe;
				CHECK(!io_uring_peek_cqe(&ring[r], &cqe), "peek_cqe");
				seen_one(&s, cqe, 0);
				io_uring_cqe_seen(&ring[r], cqe);
			}
			free(s.got);
		}
		pthread_barrier_wait(&rings_barrier);
		for (int r = 0; r < RINGS; r++)
			io_uring_queue_exit(&ring[r]);
		pthread_barrier_wait(&rings_barrier);
	}
	return NULL;
}

static int run_rings(void)
{
	pthread_t t[4];
	pthread_barrier_init(&rings_barrier, NULL, 4);
	for (uintptr_t i = 0; i < 4; i++)
		CHECK(!pthread_create(&t[i], NULL, rings_thread, (void *)i), "pthread_create");
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	/* the script counts the trace's lines against this */
	printf("rings: 4 threads, %d rounds of %d rings each, set up, used and torn down side by side: %u NOPs\n",
	       ROUNDS, RINGS, rings_nops[0] + rings_nops[1] + rings_nops[2] + rings_nops[3]);
	return 0;
}

/* A race on purpose: the script makes sure TSan reports it, so that a clean run means something. */
static int canary;

static void *canary_thread(void *arg)
{
	(void)arg;
	canary++;
	return NULL;
}

static int run_canary(void)
{
	pthread_t t;
	CHECK(!pthread_create(&t, NULL, canary_thread, NULL), "pthread_create");
	canary++;
	pthread_join(t, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s sqpoll|locked|rings SEED\n", argv[0]);
		return 2;
	}
	seed = strtoul(argv[2], NULL, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "sqpoll"))
		return run_sqpoll();
	if (!strcmp(argv[1], "locked"))
		return run_locked();
	if (!strcmp(argv[1], "rings"))
		return run_rings();
	if (!strcmp(argv[1], "canary"))
		return run_canary();
	fprintf(stderr, "no test %s\n", argv[1]);
	return 2;
}
