/*
 * URING_RS_TRACE / URING_RS_STATS (src/trace.rs). A child process, with the variables set
 * before its first ring, does a known sequence: a NOP, a readv of a pipe, a failing openat,
 * a linked write -> read pair, a multishot accept taking two loopback connections and then
 * cancelled (on kernels without multishot accept, before 5.19: an accept taking one
 * connection and a second one cancelled). It records what it did (fds, sizes, results); the parent compares the trace
 * field by field, and the exit summary's counts with the numbers of operations. Then: a
 * multishot poll whose completions the child consumes only through inline helpers, more of
 * them than the CQ holds, must be reported as missed exactly; the JSON format carries the
 * same events; CQE32 (where the kernel has it), SQPOLL and io_uring_queue_mmap rings are traced; bad values give one
 * line on stderr and the program runs on untraced.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <dlfcn.h>
#include <liburing.h>
#include "helpers.h"

#define MAX_EXP 32

struct exp {
	char ev[8];		/* "sqe" or "cqe" */
	char op[24];
	unsigned long long ud;
	char fields[160];	/* "k=v k=v": each must be a field of the line */
};

static struct shared {
	int n;
	int pid;
	int polls;		/* poll completions the missed-child consumed */
	int single_accepts;	/* the kernel has no multishot accept: two single ones */
	struct exp e[MAX_EXP];
} *sh;

static void expect(const char *ev, const char *op, unsigned long long ud, const char *fmt, ...)
{
	CHECK(sh->n < MAX_EXP, "too many expectations");
	struct exp *e = &sh->e[sh->n++];
	va_list ap;
	snprintf(e->ev, sizeof(e->ev), "%s", ev);
	snprintf(e->op, sizeof(e->op), "%s", op);
	e->ud = ud;
	va_start(ap, fmt);
	vsnprintf(e->fields, sizeof(e->fields), fmt, ap);
	va_end(ap);
}

static struct io_uring_cqe *wait_one(struct io_uring *ring, unsigned long long ud)
{
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_wait_cqe(ring, &cqe), 0);
	CHECK(cqe->user_data == ud, "user_data %llu, wanted %llu", (unsigned long long)cqe->user_data, ud);
	return cqe;
}

/* The accepts of known_ops on a kernel without multishot accept: one taking a connection,
 * then one cancelled while it waits (the same number of CQEs, one SQE more). */
static void single_accepts(struct io_uring *ring, int l, const struct sockaddr_in *a)
{
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	io_uring_prep_accept(sqe, l, NULL, NULL, 0);
	io_uring_sqe_set_data64(sqe, 6);
	CHECK_RET(io_uring_submit(ring), 1);
	expect("sqe", "ACCEPT", 6, "fd=%d", l);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0 && connect(c, (const struct sockaddr *)a, sizeof(*a)) == 0, "connect");
	cqe = wait_one(ring, 6);
	CHECK(cqe->res >= 0, "accept res %d", cqe->res);
	expect("cqe", "ACCEPT", 6, "res=%d", cqe->res);
	io_uring_cqe_seen(ring, cqe);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_accept(sqe, l, NULL, NULL, 0);
	io_uring_sqe_set_data64(sqe, 8);
	CHECK_RET(io_uring_submit(ring), 1);
	expect("sqe", "ACCEPT", 8, "fd=%d", l);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_cancel64(sqe, 8, 0);
	io_uring_sqe_set_data64(sqe, 7);
	CHECK_RET(io_uring_submit_and_wait(ring, 2), 1);
	expect("sqe", "ASYNC_CANCEL", 7, "");
	for (int i = 0; i < 2; i++) {
		CHECK_RET(io_uring_wait_cqe(ring, &cqe), 0);
		if (cqe->user_data == 8) {
			CHECK(cqe->res == -ECANCELED, "accept end %d", cqe->res);
			expect("cqe", "ACCEPT", 8, "res=-ECANCELED");
		} else {
			CHECK(cqe->user_data == 7 && cqe->res == 0, "cancel %d", cqe->res);
			expect("cqe", "ASYNC_CANCEL", 7, "res=0");
		}
		io_uring_cqe_seen(ring, cqe);
	}
}

/* The known sequence; every operation's expected trace fields are recorded. */
static void known_ops(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int p[2];

	int ret = io_uring_queue_init(8, &ring, 0);
	if (ret == -ENOSYS || ret == -EPERM)
		SKIP("io_uring unavailable");
	CHECK_RET(ret, 0);
	sh->pid = getpid();
	CHECK(pipe(p) == 0, "pipe");

	/* NOP */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 1);
	CHECK_RET(io_uring_submit(&ring), 1);
	cqe = wait_one(&ring, 1);
	CHECK(cqe->res == 0, "nop res %d", cqe->res);
	io_uring_cqe_seen(&ring, cqe);
	expect("sqe", "NOP", 1, "");
	expect("cqe", "NOP", 1, "res=0");

	/* readv of a pipe: 5 bytes into two iovecs of 3 + 13 */
	char r1[3], r2[13];
	struct iovec rv[2] = { { r1, sizeof(r1) }, { r2, sizeof(r2) } };
	CHECK(write(p[1], "hello", 5) == 5, "write");
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_readv(sqe, p[0], rv, 2, 0);
	io_uring_sqe_set_data64(sqe, 2);
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	cqe = wait_one(&ring, 2);
	CHECK(cqe->res == 5, "readv res %d", cqe->res);
	io_uring_cqe_seen(&ring, cqe);
	expect("sqe", "READV", 2, "fd=%d off=0 iov=2 bytes=16", p[0]);
	expect("cqe", "READV", 2, "res=5");

	/* a failing openat */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_openat(sqe, AT_FDCWD, "/nonexistent-uring-rs-trace/x", O_RDONLY, 0);
	io_uring_sqe_set_data64(sqe, 3);
	CHECK_RET(io_uring_submit(&ring), 1);
	cqe = wait_one(&ring, 3);
	CHECK(cqe->res == -ENOENT, "openat res %d", cqe->res);
	io_uring_cqe_seen(&ring, cqe);
	expect("sqe", "OPENAT", 3, "fd=%d", AT_FDCWD);
	expect("cqe", "OPENAT", 3, "res=-ENOENT");

	/* a linked pair: write 3 bytes into the pipe, then read them */
	char buf[16];
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_write(sqe, p[1], "abc", 3, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
	io_uring_sqe_set_data64(sqe, 4);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, p[0], buf, sizeof(buf), 0);
	io_uring_sqe_set_data64(sqe, 5);
	CHECK_RET(io_uring_submit_and_wait(&ring, 2), 2);
	cqe = wait_one(&ring, 4);
	CHECK(cqe->res == 3, "write res %d", cqe->res);
	io_uring_cqe_seen(&ring, cqe);
	cqe = wait_one(&ring, 5);
	CHECK(cqe->res == 3, "read res %d", cqe->res);
	io_uring_cqe_seen(&ring, cqe);
	expect("sqe", "WRITE", 4, "fd=%d off=0 len=3 flags=IO_LINK", p[1]);
	expect("sqe", "READ", 5, "fd=%d off=0 len=16", p[0]);
	expect("cqe", "WRITE", 4, "res=3");
	expect("cqe", "READ", 5, "res=3");

	/* a multishot accept taking two connections, then cancelled */
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(l >= 0 && bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(l, 8) == 0, "listen");
	CHECK(getsockname(l, (struct sockaddr *)&a, &alen) == 0, "getsockname");
	struct io_uring_probe *probe = io_uring_get_probe_ring(&ring);
	CHECK(probe, "probe");
	/* multishot accept is of 5.19, the release of IORING_OP_SOCKET */
	sh->single_accepts = !io_uring_opcode_supported(probe, IORING_OP_SOCKET);
	io_uring_free_probe(probe);
	if (sh->single_accepts) {
		single_accepts(&ring, l, &a);
		exit(0);
	}
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_multishot_accept(sqe, l, NULL, NULL, 0);
	io_uring_sqe_set_data64(sqe, 6);
	CHECK_RET(io_uring_submit(&ring), 1);
	expect("sqe", "ACCEPT", 6, "fd=%d mode=multishot", l);
	for (int i = 0; i < 2; i++) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		CHECK(c >= 0 && connect(c, (struct sockaddr *)&a, sizeof(a)) == 0, "connect");
		cqe = wait_one(&ring, 6);
		CHECK(cqe->res >= 0 && (cqe->flags & IORING_CQE_F_MORE), "accept res %d flags %x", cqe->res, cqe->flags);
		expect("cqe", "ACCEPT", 6, "res=%d flags=MORE", cqe->res);
		io_uring_cqe_seen(&ring, cqe);
	}
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_cancel64(sqe, 6, 0);
	io_uring_sqe_set_data64(sqe, 7);
	CHECK_RET(io_uring_submit_and_wait(&ring, 2), 1);
	expect("sqe", "ASYNC_CANCEL", 7, "");
	for (int i = 0; i < 2; i++) {
		CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
		if (cqe->user_data == 6) {
			CHECK(cqe->res == -ECANCELED && !(cqe->flags & IORING_CQE_F_MORE), "accept end %d", cqe->res);
			expect("cqe", "ACCEPT", 6, "res=-ECANCELED");
		} else {
			CHECK(cqe->user_data == 7 && cqe->res == 0, "cancel %d", cqe->res);
			expect("cqe", "ASYNC_CANCEL", 7, "res=0");
		}
		io_uring_cqe_seen(&ring, cqe);
	}
	/* the process ends with the ring open: the exit handler writes the summary */
	exit(0);
}

/* A multishot poll on a pipe posts one completion per write; the child consumes them with
 * inline helpers only, so the library sees none until its next entry. */
static void missed_ops(void)
{
	struct io_uring ring;
	struct io_uring_params prm = { .flags = IORING_SETUP_CQSIZE, .cq_entries = 4 };
	struct io_uring_cqe *cqe;
	int p[2];
	char c = 'x', drain[64];

	CHECK_RET(io_uring_queue_init_params(4, &ring, &prm), 0);
	CHECK(ring.cq.ring_entries == 4, "cq entries %u", ring.cq.ring_entries);
	CHECK(pipe2(p, O_NONBLOCK) == 0, "pipe");
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_poll_multishot(sqe, p[0], POLLIN);
	io_uring_sqe_set_data64(sqe, 9);
	CHECK_RET(io_uring_submit(&ring), 1);
	for (int i = 0; i < 12; i++) {
		CHECK(write(p[1], &c, 1) == 1, "write");
		CHECK(read(p[0], drain, sizeof(drain)) == 1, "read");
		unsigned head, n = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			CHECK(cqe->user_data == 9 && cqe->res > 0, "poll cqe %d", cqe->res);
			n++;
		}
		io_uring_cq_advance(&ring, n);
		sh->polls += n;
	}
	/* cancel; the two last completions are read at this entry or the next */
	io_uring_prep_poll_remove(io_uring_get_sqe(&ring), 9);
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	io_uring_queue_exit(&ring);
	exit(0);
}

/* A NOP on each kind of ring: CQE32, SQPOLL (where allowed) and one set up with the raw
 * io_uring_setup and mapped with io_uring_queue_mmap. */
static void nop_on(struct io_uring *ring, unsigned long long ud)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, ud);
	CHECK_RET(io_uring_submit(ring), 1);
	CHECK_RET(io_uring_wait_cqe(ring, &cqe), 0);
	CHECK(cqe->user_data == ud && cqe->res == 0, "nop %llu: %d", ud, cqe->res);
	io_uring_cqe_seen(ring, cqe);
	expect("sqe", "NOP", ud, "ring=%d", ring->ring_fd);
	expect("cqe", "NOP", ud, "ring=%d res=0", ring->ring_fd);
}

static void ring_kinds(void)
{
	struct io_uring big, poll, raw;
	struct io_uring_params p = { 0 };
	sh->pid = getpid();
	if (t_kernel_setup_flags(IORING_SETUP_CQE32)) {
		CHECK_RET(io_uring_queue_init(4, &big, IORING_SETUP_CQE32), 0);
		nop_on(&big, 21);
		nop_on(&big, 22);
	}
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 1000;
	if (io_uring_queue_init_params(4, &poll, &p) == 0)
		nop_on(&poll, 23);
	memset(&p, 0, sizeof(p));
	int fd = io_uring_setup(4, &p);
	CHECK(fd >= 0, "io_uring_setup: %d", fd);
	CHECK_RET(io_uring_queue_mmap(fd, &p, &raw), 0);
	nop_on(&raw, 24);
	exit(0);
}

/* The whole file, in one of a few static buffers (no allocation that a forked child would
 * carry along); `slot` picks the buffer. */
static char *slurp(const char *path, int slot)
{
	static char text[4][1 << 16];
	FILE *f = fopen(path, "r");
	CHECK(f, "open %s: %s", path, strerror(errno));
	size_t n = fread(text[slot], 1, sizeof(text[slot]) - 1, f);
	text[slot][n] = 0;
	fclose(f);
	return text[slot];
}

static int run_child(void (*fn)(void), const char *trace, const char *stats, const char *fmt,
		     const char *errfile)
{
	sh->n = 0;
	fflush(stdout);
	pid_t pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		if (trace)
			setenv("URING_RS_TRACE", trace, 1);
		if (stats)
			setenv("URING_RS_STATS", stats, 1);
		if (fmt)
			setenv("URING_RS_TRACE_FORMAT", fmt, 1);
		if (errfile)
			CHECK(freopen(errfile, "w", stderr), "stderr");
		fn();
	}
	int st;
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Whether the trace line has every field of `fields` as one of its words. */
static int has_fields(const char *line, const char *fields)
{
	char want[160], *save, *w;
	snprintf(want, sizeof(want), "%s", fields);
	for (w = strtok_r(want, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(w);
		const char *p = line;
		int found = 0;
		while ((p = strstr(p, w))) {
			if (p[-1] == ' ' && (p[n] == ' ' || p[n] == 0)) {
				found = 1;
				break;
			}
			p += n;
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* Each expected event is matched, in order per (event, user_data), to a trace line. */
static void check_trace(char *text, int pid)
{
	char *lines[256], *save, *l;
	int n = 0, used[256] = { 0 };
	for (l = strtok_r(text, "\n", &save); l && n < 256; l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	char prefix[32];
	snprintf(prefix, sizeof(prefix), "[%d] ring=", pid);
	for (int i = 0; i < sh->n; i++) {
		struct exp *e = &sh->e[i];
		char head[64], ud[40];
		snprintf(head, sizeof(head), " %s %s ", e->ev, e->op);
		snprintf(ud, sizeof(ud), "user_data=0x%llx", e->ud);
		int found = -1;
		for (int j = 0; j < n && found < 0; j++)
			if (!used[j] && strstr(lines[j], prefix) && strstr(lines[j], head) &&
			    has_fields(lines[j], ud))
				found = j;
		CHECK(found >= 0, "no trace line for %s %s user_data %llu", e->ev, e->op, e->ud);
		used[found] = 1;
		CHECK(has_fields(lines[found], e->fields), "line '%s' lacks '%s'", lines[found], e->fields);
		if (!strcmp(e->ev, "cqe"))
			CHECK(strstr(lines[found], " lat_us="), "no latency: %s", lines[found]);
	}
	for (int j = 0; j < n; j++)
		CHECK(used[j], "unexpected trace line: %s", lines[j]);
}

/* The summary row of `op`: sqes, cqes, errors. */
static void stats_row(const char *text, const char *op, long sqes, long cqes, long errors)
{
	char key[32];
	snprintf(key, sizeof(key), "\n%s ", op);
	const char *p = strstr(text, key);
	CHECK(p, "no stats row for %s in:\n%s", op, text);
	long s, c, e;
	CHECK(sscanf(p + strlen(key), "%ld %ld %ld", &s, &c, &e) == 3, "row %s", op);
	CHECK(s == sqes && c == cqes && e == errors, "%s: %ld sqes %ld cqes %ld errors, wanted %ld %ld %ld",
	      op, s, c, e, sqes, cqes, errors);
}

int main(void)
{
	/* no ring in this process: the library reads the variables at its first ring */
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap");

	char trace[4096], stats[4096], json[4096], err[4096];
	snprintf(trace, sizeof(trace), "%s", t_tmpfile("trace-text"));
	snprintf(stats, sizeof(stats), "%s", t_tmpfile("trace-stats"));
	snprintf(json, sizeof(json), "%s", t_tmpfile("trace-json"));
	snprintf(err, sizeof(err), "%s", t_tmpfile("trace-err"));
	unlink(trace), unlink(stats), unlink(json);

	/* 1. the known sequence, text trace and summary */
	int rc = run_child(known_ops, trace, stats, NULL, NULL);
	if (rc == T_SKIP)
		return T_SKIP;
	CHECK_RET(rc, 0);
	/* Tracing lives in liburing_rs_trace.so.0, loaded when asked for: a static program of
	 * a C library that cannot dlopen (musl's: "Dynamic loading not supported") has none,
	 * and the library says so and goes on untraced, as the child just did. */
	if (access(trace, F_OK) != 0) {
		void *self = dlopen(NULL, RTLD_NOW);
		if (!self)
			SKIP("this program cannot load shared objects (%s), so no tracing object", dlerror());
		dlclose(self);
	}
	char *t = slurp(trace, 0), *s = slurp(stats, 1);
	printf("%s\n%s", t, s);
	check_trace(t, sh->pid);
	stats_row(s, "NOP", 1, 1, 0);
	stats_row(s, "READV", 1, 1, 0);
	stats_row(s, "OPENAT", 1, 1, 1);
	stats_row(s, "WRITE", 1, 1, 0);
	stats_row(s, "READ", 1, 1, 0);
	if (sh->single_accepts) {
		stats_row(s, "ACCEPT", 2, 2, 1);
		stats_row(s, "ASYNC_CANCEL", 1, 1, 0);
		stats_row(s, "total", 8, 8, 2);
	} else {
		stats_row(s, "ACCEPT", 1, 3, 1);
		stats_row(s, "ASYNC_CANCEL", 1, 1, 0);
		stats_row(s, "total", 7, 9, 2);
	}
	CHECK(strstr(s, "OPENAT: 1 x -ENOENT") && strstr(s, "ACCEPT: 1 x -ECANCELED"), "errors:\n%s", s);

	/* 2. the same as JSON lines: one object per line, the same events */
	int text_lines = sh->n;
	CHECK_RET(run_child(known_ops, json, NULL, "json", NULL), 0);
	char *j = slurp(json, 2), *save, *l;
	int n = 0;
	for (l = strtok_r(j, "\n", &save); l; l = strtok_r(NULL, "\n", &save), n++) {
		CHECK(l[0] == '{' && l[strlen(l) - 1] == '}' && strstr(l, "\"ev\":\""), "json line %s", l);
		if (strstr(l, "\"op\":\"OPENAT\"") && strstr(l, "\"ev\":\"cqe\""))
			CHECK(strstr(l, "\"res\":-2,\"errno\":\"ENOENT\""), "json openat %s", l);
	}
	CHECK(n == text_lines && n == sh->n, "%d json lines for %d events", n, sh->n);

	/* 3. completions consumed inline and overwritten before the next entry are missed */
	unlink(stats);
	CHECK_RET(run_child(missed_ops, NULL, stats, NULL, NULL), 0);
	s = slurp(stats, 1);
	const char *row = strstr(s, "\nfd=");
	long r[9];
	CHECK(row && sscanf(row + 1, "fd=%*d %ld %ld %ld %ld %*s %ld %ld %ld %ld", &r[0], &r[1], &r[2],
			    &r[3], &r[4], &r[5], &r[6], &r[7]) == 8, "ring row in:\n%s", s);
	long cqes = r[4], missed = r[7];
	/* polls + the poll's final CQE + the remove's: seen or missed, each exactly once */
	CHECK(sh->polls > 4, "only %d poll completions", sh->polls);
	CHECK(cqes + missed == sh->polls + 2, "%ld cqes + %ld missed != %d + 2\n%s", cqes, missed, sh->polls, s);
	CHECK(missed == sh->polls - 4, "%ld missed of %d consumed through a CQ of 4", missed, sh->polls);

	/* 4. every kind of ring is traced */
	unlink(trace);
	CHECK_RET(run_child(ring_kinds, trace, NULL, NULL, NULL), 0);
	t = slurp(trace, 0);
	printf("%s", t);
	check_trace(t, sh->pid);

	/* 5. bad values: one line on stderr, no trace, the program runs on */
	CHECK_RET(run_child(known_ops, "/nonexistent-uring-rs-trace/trace", NULL, NULL, err), 0);
	char *e = slurp(err, 3);
	CHECK(strstr(e, "URING_RS_TRACE=/nonexistent-uring-rs-trace/trace") && strchr(e, '\n') == e + strlen(e) - 1,
	      "stderr: '%s'", e);
	CHECK_RET(run_child(known_ops, err, NULL, "yaml", err), 0);
	e = slurp(err, 3);
	CHECK(strstr(e, "URING_RS_TRACE_FORMAT=yaml") && strchr(e, '\n') == e + strlen(e) - 1, "stderr: '%s'", e);
	unlink(trace), unlink(stats), unlink(json), unlink(err);
	return T_PASS;
}
