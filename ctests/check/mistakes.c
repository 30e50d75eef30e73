/* The io_uring mistakes URING_RS_CHECK finds (src/check.rs), one per mode, each made exactly
 * once, and each mode's corrected variant (`MODE fixed`), which must print no finding.
 * ctests/check_findings.sh runs every mode and compares the finding's call site (addr2line of
 * `object+offset`) with the line of this file marked `finding: KIND`.
 * Usage: mistakes MODE [fixed]; exit 0 when the program itself saw what it expected. */
#include <fcntl.h>
#include <liburing.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DIE(...) do { fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); exit(1); } while (0)

static int fixed;
static volatile int exited;
static struct io_uring ring;
static volatile int waiting_done;
static pthread_t main_thread;

static void nop(unsigned long long ud)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	if (!sqe)
		DIE("no sqe");
	io_uring_prep_nop(sqe);
	sqe->user_data = ud;
}

static void reap(unsigned n)
{
	struct io_uring_cqe *cqe;
	while (n--) {
		int r = io_uring_wait_cqe(&ring, &cqe);
		if (r)
			DIE("wait_cqe: %s", strerror(-r));
		io_uring_cqe_seen(&ring, cqe);
	}
}

static void on_usr1(int sig) { (void)sig; }

/* Interrupts the main thread's wait until it has returned: the wait ends whenever the signal
 * lands, so nothing depends on timing (a signal before the wait is just repeated). */
static void *interrupter(void *arg)
{
	(void)arg;
	while (!waiting_done) {
		pthread_kill(main_thread, SIGUSR1);
		usleep(10000);
	}
	return NULL;
}

static void wait_forever(void)
{
	struct io_uring_cqe *cqe;
	struct sigaction sa = { .sa_handler = on_usr1 };
	pthread_t t;
	int r;

	sigaction(SIGUSR1, &sa, NULL);
	if (fixed) {
		nop(1);
		io_uring_submit(&ring);
	}
	main_thread = pthread_self();
	pthread_create(&t, NULL, interrupter, NULL);
	r = io_uring_wait_cqe(&ring, &cqe); /* finding: wait-forever */
	waiting_done = 1;
	pthread_join(t, NULL);
	if (fixed ? r != 0 : r != -EINTR)
		DIE("wait_cqe returned %d", r);
	if (!r)
		io_uring_cqe_seen(&ring, cqe);
}

/* A CQ of 4 entries (fixed: 16) and 8 NOPs submitted two at a time, reaped only at the end:
 * the third submit overflows the CQ, the fourth finds IORING_SQ_CQ_OVERFLOW set. */
static void overflow(void)
{
	for (int i = 0; i < 4; i++) {
		nop(10 + 2 * i);
		nop(11 + 2 * i);
		io_uring_submit(&ring); /* finding: cq-overflow */
	}
	reap(8);
}

static void past_tail(void)
{
	struct io_uring_cqe *cqe;
	nop(1);
	io_uring_submit(&ring);
	if (io_uring_wait_cqe(&ring, &cqe))
		DIE("wait");
	io_uring_cqe_seen(&ring, cqe);
	if (!fixed)
		io_uring_cq_advance(&ring, 1); /* the mistake: the completion is seen twice */
	nop(2);
	io_uring_submit(&ring); /* finding: seen-past-tail */
	if (fixed)
		reap(1);
}

static void unsubmitted(void)
{
	nop(1);
	if (fixed) {
		io_uring_submit(&ring);
		reap(1);
	}
	io_uring_queue_exit(&ring); /* finding: unsubmitted-at-exit */
	exited = 1; /* not a tail call: the call site stays in this function */
}

static void in_flight(void)
{
	int p[2];
	char buf[16];
	struct io_uring_sqe *sqe;

	if (pipe(p))
		DIE("pipe");
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, p[0], buf, sizeof(buf), 0);
	sqe->user_data = 0x42;
	io_uring_submit(&ring);
	if (fixed) {
		/* the write completes the read before the ring goes */
		if (write(p[1], "x", 1) != 1)
			DIE("write");
		reap(1);
	}
	io_uring_queue_exit(&ring); /* finding: in-flight-at-exit */
	close(p[0]);
	close(p[1]);
}

static void *second_thread(void *arg)
{
	(void)arg;
	nop(7);
	return (void *)(long)io_uring_submit(&ring); /* finding: single-issuer */
}

static void single_issuer(void)
{
	pthread_t t;
	void *r;
	if (fixed) {
		r = (void *)(long)(nop(7), io_uring_submit(&ring));
	} else {
		/* joined before the main thread goes on: the ring is never used by two at once */
		pthread_create(&t, NULL, second_thread, NULL);
		pthread_join(t, &r);
	}
	if ((long)r != (fixed ? 1 : -EEXIST))
		DIE("submit returned %ld", (long)r);
	if (fixed)
		reap(1);
}

static int pipe_fds[2];

/* The second thread submits only once the main thread's read is in the kernel (the SQ head has
 * passed it), where the main thread's submit_and_wait stays until this thread writes the pipe:
 * the two submits overlap whatever the timing. */
static void *concurrent_submitter(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(ring.sq.khead, __ATOMIC_ACQUIRE))
		sched_yield();
	if (!fixed) {
		nop(8);
		if (io_uring_submit(&ring) != 1) /* finding: concurrent-submit */
			DIE("second submit");
	}
	if (write(pipe_fds[1], "x", 1) != 1)
		DIE("write");
	return NULL;
}

static void concurrent_submit(void)
{
	struct io_uring_sqe *sqe;
	pthread_t t;
	char buf[1];

	if (pipe(pipe_fds))
		DIE("pipe");
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, pipe_fds[0], buf, sizeof(buf), 0);
	sqe->user_data = 1;
	pthread_create(&t, NULL, concurrent_submitter, NULL);
	if (io_uring_submit_and_wait(&ring, 1) != 1)
		DIE("submit_and_wait");
	pthread_join(t, NULL);
	if (fixed) {
		/* the same NOP, submitted by the thread that owns the ring once the other is done */
		nop(8);
		io_uring_submit(&ring);
	}
	reap(2);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
}

static void read_pipe(void *buf, unsigned len, unsigned long long ud)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, pipe_fds[0], buf, len, 0);
	sqe->user_data = ud;
}

/* Cancels the read `ud` (so the kernel never writes its buffer) and reaps both CQEs. */
static void cancel_read(unsigned long long ud)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_cancel64(sqe, ud, 0);
	sqe->user_data = 0xcc;
	io_uring_submit(&ring);
	reap(2);
}

static void freed_in_flight(void)
{
	/* volatile: the compiler may not drop the malloc/free pair */
	char *volatile buf = malloc(64);

	if (!buf || pipe(pipe_fds))
		DIE("malloc, pipe");
	read_pipe(buf, 64, 0x51);
	io_uring_submit(&ring);
	if (fixed) {
		if (write(pipe_fds[1], "x", 1) != 1)
			DIE("write");
		reap(1);
		free(buf);
	} else {
		free(buf); /* finding: freed-in-flight */
		cancel_read(0x51);
	}
}

static void overlapping_writes(void)
{
	char a[8], b[8];

	if (pipe(pipe_fds))
		DIE("pipe");
	read_pipe(a, sizeof(a), 0x61);
	io_uring_submit(&ring);
	read_pipe(fixed ? b : a + 4, 4, 0x62);
	io_uring_submit(&ring); /* finding: overlapping-writes */
	if (write(pipe_fds[1], "xy", 2) != 2)
		DIE("write");
	reap(1);
	if (write(pipe_fds[1], "z", 1) != 1)
		DIE("write");
	reap(1);
}

static void freed_before_submit(void)
{
	struct iovec *volatile iov = malloc(sizeof(*iov));
	struct io_uring_sqe *sqe;
	char buf[8];
	int fd = open("/dev/null", O_RDONLY);

	if (!iov || fd < 0)
		DIE("malloc, open");
	iov->iov_base = buf;
	iov->iov_len = sizeof(buf);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_readv(sqe, fd, iov, 1, 0);
	sqe->user_data = 0x71;
	/* /dev/null: the read ends at EOF without writing, whatever the freed iovec holds */
	if (!fixed)
		free(iov); /* finding: freed-before-submit */
	io_uring_submit(&ring);
	if (fixed)
		free(iov);
	reap(1);
	close(fd);
}

static char bufs[4][16];

static struct io_uring_buf_ring *buf_ring(void)
{
	int err;
	struct io_uring_buf_ring *br = io_uring_setup_buf_ring(&ring, 8, 1, 0, &err);

	if (!br) {
		if (err == -EINVAL) {
			printf("skip: no buffer rings\n");
			exit(77);
		}
		DIE("setup_buf_ring: %s", strerror(-err));
	}
	return br;
}

static void buf_ring_tail_past_added(void)
{
	struct io_uring_buf_ring *br = buf_ring();

	for (int i = 0; i < 2; i++)
		io_uring_buf_ring_add(br, bufs[i], sizeof(bufs[i]), i, io_uring_buf_ring_mask(8), i);
	io_uring_buf_ring_advance(br, fixed ? 2 : 3); /* the mistake: 2 added, 3 published */
	nop(1);
	/* each submit checked with its own message: the compiler may not merge the two tails */
	if (io_uring_submit(&ring) != 1) /* finding: buf-ring-tail-past-added */
		DIE("submit after the advance");
	reap(1);
	io_uring_free_buf_ring(&ring, br, 8, 1);
}

static void buf_ring_id_still_held(void)
{
	struct io_uring_buf_ring *br = buf_ring();
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;

	for (int i = 0; i < 2; i++)
		io_uring_buf_ring_add(br, bufs[i], sizeof(bufs[i]), i, io_uring_buf_ring_mask(8), i);
	io_uring_buf_ring_advance(br, 2);
	if (fixed) {
		/* a read takes buffer 0, and its completion hands it back */
		if (pipe(pipe_fds) || write(pipe_fds[1], "x", 1) != 1)
			DIE("pipe");
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read(sqe, pipe_fds[0], NULL, sizeof(bufs[0]), 0);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = 1;
		io_uring_submit(&ring);
		if (io_uring_wait_cqe(&ring, &cqe) || !(cqe->flags & IORING_CQE_F_BUFFER) ||
		    cqe->flags >> IORING_CQE_BUFFER_SHIFT != 0)
			DIE("buffer-select read");
		io_uring_cqe_seen(&ring, cqe);
	}
	/* buffer 0 added again: the kernel still holds it unless a completion handed it back */
	io_uring_buf_ring_add(br, bufs[0], sizeof(bufs[0]), 0, io_uring_buf_ring_mask(8), 0);
	io_uring_buf_ring_advance(br, 1);
	nop(1);
	if (io_uring_submit(&ring) != 1) /* finding: buf-ring-id-still-held */
		DIE("submit after adding buffer 0 again");
	reap(1);
	io_uring_free_buf_ring(&ring, br, 8, 1);
}

static const struct {
	const char *name;
	void (*run)(void);
} modes[] = {
	{ "wait-forever", wait_forever },
	{ "overflow", overflow },
	{ "past-tail", past_tail },
	{ "unsubmitted", unsubmitted },
	{ "in-flight", in_flight },
	{ "single-issuer", single_issuer },
	{ "concurrent-submit", concurrent_submit },
	{ "freed-in-flight", freed_in_flight },
	{ "overlapping-writes", overlapping_writes },
	{ "freed-before-submit", freed_before_submit },
	{ "buf-ring-tail-past-added", buf_ring_tail_past_added },
	{ "buf-ring-id-still-held", buf_ring_id_still_held },
};

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	struct io_uring_params p = { 0 };
	unsigned entries = 8;
	int r;

	fixed = argc > 2 && !strcmp(argv[2], "fixed");
	if (!strcmp(mode, "overflow")) {
		entries = 2;
		p.flags = IORING_SETUP_CQSIZE;
		p.cq_entries = fixed ? 16 : 4;
	}
	if (!strcmp(mode, "single-issuer"))
		p.flags = IORING_SETUP_SINGLE_ISSUER;
	r = io_uring_queue_init_params(entries, &ring, &p);
	if (r == -EINVAL && p.flags & IORING_SETUP_SINGLE_ISSUER) {
		printf("skip: no IORING_SETUP_SINGLE_ISSUER\n");
		return 77;
	}
	if (r)
		DIE("queue_init: %s", strerror(-r));
	printf("ring=%d\n", ring.ring_fd);
	fflush(stdout);
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(mode, modes[i].name))
			continue;
		modes[i].run();
		/* these two tear the ring down themselves */
		if (modes[i].run != unsubmitted && modes[i].run != in_flight)
			io_uring_queue_exit(&ring);
		return 0;
	}
	fprintf(stderr, "usage: mistakes MODE [fixed]; modes:");
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		fprintf(stderr, " %s", modes[i].name);
	fprintf(stderr, "\n");
	return 1;
}
