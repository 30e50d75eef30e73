/* SPDX-License-Identifier: MIT */
/*
 * echo_server: a TCP echo server driven entirely by one io_uring.
 *
 * Every connection runs the cycle  accept -> recv -> send (until all bytes
 * are out) -> recv ... -> close.  Optional features, all combinable:
 *
 *   --batch      drain every ready completion with io_uring_peek_cqe, bounded
 *                by io_uring_sq_space_left, and submit once per round
 *   --fixed      accepted sockets live in the ring's registered file table
 *                (direct accept, IOSQE_FIXED_FILE, direct close)
 *   --multishot  one multishot accept instead of one accept per connection
 *   --sqpoll     a kernel thread polls the submission queue (SQPOLL ring)
 *   --bufring    a provided-buffer ring plus one multishot recv per
 *                connection, instead of a private buffer per connection
 *
 * The server echoes exactly the bytes it received, in order.  Only one send
 * per connection is ever in flight, because two concurrent sends on one
 * socket may complete out of order, and a short send must be finished before
 * anything queued behind it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <liburing.h>

#include "common.h"

#define DEFAULT_PORT      1234
#define DEFAULT_MAX_CONNS 4096
#define BUF_SIZE          4096
#define RING_ENTRIES      4096
/* Handling one completion queues at most this many SQEs (recv+send+close). */
#define SQES_PER_CQE      4
/* Waiting never lasts longer than this, so a signal is noticed promptly even
 * if it arrives just before we block. */
#define WAIT_MSEC         200

enum op { OP_ACCEPT = 1, OP_RECV, OP_SEND, OP_CLOSE, OP_CANCEL };

struct options {
	const char *addr;
	int port;
	unsigned max_conns;
	unsigned nbufs;
	bool batch, fixed, multishot, sqpoll, bufring, verbose;
};

/* One accepted connection.  Slots are recycled only after every request that
 * names the slot has completed, so a late completion never hits a stranger. */
struct conn {
	bool used;
	int fd;              /* socket fd, or index in the registered file table */
	unsigned inflight;   /* requests submitted for this slot, not completed */
	bool recv_armed;     /* a recv (multishot or single) is pending */
	bool send_busy;      /* a send is pending */
	bool eof;            /* peer closed its side: finish sending, then close */
	bool failed;         /* error: drop pending data and close */
	bool closing;        /* close request submitted */
	bool starved;        /* multishot recv stopped on -ENOBUFS */
	/* plain mode: private buffer, bytes [sent, filled) still to be echoed */
	char *buf;
	unsigned filled, sent;
	/* bufring mode: FIFO of provided buffer ids waiting to be echoed */
	int qhead, qtail;
	unsigned qoff;       /* bytes of the head buffer already sent */
	int next_starved;
};

struct server {
	struct options opt;
	struct io_uring ring;
	int listen_fd;
	bool accept_armed;
	struct conn *conns;
	int *free_ids;
	unsigned nfree;
	/* provided buffers */
	struct io_uring_buf_ring *br;
	size_t br_size;
	char *bufbase;
	int *buf_next;       /* FIFO link for each buffer id */
	unsigned *buf_len;   /* bytes received into each buffer id */
	int starved_head;
	unsigned held;       /* buffers taken from the ring, not yet returned */
	/* statistics */
	unsigned long long accepted, closed, bytes;
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [-p PORT] [-a ADDR] [--batch] [--fixed] [--multishot]\n"
		"          [--sqpoll] [--bufring] [-c MAX_CONNS] [-n NBUFS] [-v]\n"
		"TCP echo server on one io_uring: echoes every byte it receives.\n"
		"  -p, --port PORT       TCP port (default %d; 0 picks a free port)\n"
		"  -a, --addr ADDR       IPv4 address to bind (default 0.0.0.0)\n"
		"      --batch           drain all ready completions, submit once per round\n"
		"      --fixed           registered (fixed) files for accepted sockets\n"
		"      --multishot       multishot accept\n"
		"      --sqpoll          kernel submission-queue polling thread\n"
		"      --bufring         provided-buffer ring with multishot recv\n"
		"  -c, --max-conns N     connection slots (default %d)\n"
		"  -n, --bufs N          provided buffers of %d bytes, power of two\n"
		"                        (default 4096, only with --bufring)\n"
		"  -v, --verbose         log connections\n"
		"  -h, --help            this help\n"
		"Prints 'listening on ADDR:PORT' once ready; SIGINT/SIGTERM stop it.\n",
		prog, DEFAULT_PORT, DEFAULT_MAX_CONNS, BUF_SIZE);
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "addr", required_argument, NULL, 'a' },
		{ "max-conns", required_argument, NULL, 'c' },
		{ "bufs", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'B' },
		{ "fixed", no_argument, NULL, 'F' },
		{ "multishot", no_argument, NULL, 'M' },
		{ "sqpoll", no_argument, NULL, 'S' },
		{ "bufring", no_argument, NULL, 'R' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long v;
	int c;

	memset(o, 0, sizeof(*o));
	o->addr = "0.0.0.0";
	o->port = DEFAULT_PORT;
	o->max_conns = DEFAULT_MAX_CONNS;
	o->nbufs = 4096;

	while ((c = getopt_long(argc, argv, "p:a:c:n:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o->port = parse_port("echo_server", optarg);
			if (o->port < 0)
				return -1;
			break;
		case 'a': o->addr = optarg; break;
		case 'c':
			if (parse_num(optarg, 1, 1000000, &v) < 0) {
				fprintf(stderr, "echo_server: invalid connection count '%s'\n", optarg);
				return -1;
			}
			o->max_conns = (unsigned)v;
			break;
		case 'n':
			/* the buffer ring size must be a power of two, at most 32768 */
			if (parse_num(optarg, 1, 32768, &v) < 0 || (v & (v - 1))) {
				fprintf(stderr, "echo_server: buffer count must be a power of two in 1..32768\n");
				return -1;
			}
			o->nbufs = (unsigned)v;
			break;
		case 'B': o->batch = true; break;
		case 'F': o->fixed = true; break;
		case 'M': o->multishot = true; break;
		case 'S': o->sqpoll = true; break;
		case 'R': o->bufring = true; break;
		case 'v': o->verbose = true; break;
		case 'h': usage(stdout, argv[0]); exit(0);
		default: usage(stderr, argv[0]); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "echo_server: unexpected argument '%s'\n", argv[optind]);
		usage(stderr, argv[0]);
		return -1;
	}
	return 0;
}

/* ---- request bookkeeping ---------------------------------------------- */

static inline uint64_t make_ud(enum op op, unsigned id)
{
	return ((uint64_t)op << 32) | id;
}

static inline enum op ud_op(uint64_t ud) { return (enum op)(ud >> 32); }
static inline unsigned ud_id(uint64_t ud) { return (unsigned)ud; }

/* Get a free SQE.  When the SQ is full, push what we have to the kernel
 * first; with SQPOLL also wait until the poller thread made room. */
static struct io_uring_sqe *get_sqe(struct server *s)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&s->ring);

	while (!sqe) {
		int ret = io_uring_submit(&s->ring);

		if (ret < 0 && ret != -EAGAIN && ret != -EBUSY && ret != -EINTR) {
			fprintf(stderr, "echo_server: submit: %s\n", strerror(-ret));
			exit(1);
		}
		if (s->opt.sqpoll)
			io_uring_sqring_wait(&s->ring);
		sqe = io_uring_get_sqe(&s->ring);
	}
	return sqe;
}

/* Flags every request on a connection socket needs. */
static inline void conn_sqe_flags(struct server *s, struct io_uring_sqe *sqe)
{
	if (s->opt.fixed)
		sqe->flags |= IOSQE_FIXED_FILE;
}

/* ---- provided buffer ring --------------------------------------------- */

static inline char *buf_addr(struct server *s, int bid)
{
	return s->bufbase + (size_t)bid * BUF_SIZE;
}

static int setup_buf_ring(struct server *s)
{
	struct io_uring_buf_reg reg;
	unsigned n = s->opt.nbufs;
	int ret;

	/* The ring of buffer descriptors must be page aligned: take it from
	 * mmap, followed by the buffers themselves. */
	s->br_size = n * sizeof(struct io_uring_buf) + (size_t)n * BUF_SIZE;
	s->br = mmap(NULL, s->br_size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->br == MAP_FAILED) {
		perror("echo_server: mmap buffer ring");
		return -1;
	}
	s->bufbase = (char *)s->br + n * sizeof(struct io_uring_buf);
	io_uring_buf_ring_init(s->br);

	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (unsigned long)s->br;
	reg.ring_entries = n;
	reg.bgid = 0;
	ret = io_uring_register_buf_ring(&s->ring, &reg, 0);
	if (ret) {
		fprintf(stderr, "echo_server: cannot register a provided-buffer ring: %s%s\n",
			strerror(-ret),
			ret == -EINVAL ? " (this kernel lacks buffer rings, needs Linux 5.19+)" : "");
		return -1;
	}
	for (unsigned i = 0; i < n; i++)
		io_uring_buf_ring_add(s->br, buf_addr(s, (int)i), BUF_SIZE, (unsigned short)i,
				      io_uring_buf_ring_mask(n), (int)i);
	io_uring_buf_ring_advance(s->br, (int)n);

	s->buf_next = calloc(n, sizeof(*s->buf_next));
	s->buf_len = calloc(n, sizeof(*s->buf_len));
	if (!s->buf_next || !s->buf_len) {
		fprintf(stderr, "echo_server: out of memory\n");
		return -1;
	}
	return 0;
}

static void arm_recv(struct server *s, unsigned id);

/* Give a buffer back to the kernel. */
static void recycle_buffer(struct server *s, int bid)
{
	s->held--;
	io_uring_buf_ring_add(s->br, buf_addr(s, bid), BUF_SIZE, (unsigned short)bid,
			      io_uring_buf_ring_mask(s->opt.nbufs), 0);
	io_uring_buf_ring_advance(s->br, 1);
}

/*
 * Re-arm connections whose multishot recv ended with -ENOBUFS, about one per
 * buffer that is back in the ring.  Called once per round, after all its
 * completions were handled, so `held` is accurate: every buffer not held by
 * us is in the ring or in a completion still to be reaped.  A connection
 * re-armed too early just gets -ENOBUFS again and goes back on the list.
 * The kernel picks buffers at receive time, not at arm time, so waking a
 * connection that has nothing to receive costs nothing, and an idle one can
 * never keep the others starved.
 */
static void wake_starved(struct server *s)
{
	unsigned budget = s->opt.nbufs - s->held;

	while (budget && s->starved_head >= 0) {
		unsigned id = (unsigned)s->starved_head;
		struct conn *c = &s->conns[id];

		s->starved_head = c->next_starved;
		c->starved = false;
		if (c->used && !c->failed && !c->eof && !c->closing && !c->recv_armed) {
			arm_recv(s, id);
			budget--;
		}
	}
}

/* ---- connection life cycle -------------------------------------------- */

static void arm_accept(struct server *s)
{
	struct io_uring_sqe *sqe = get_sqe(s);

	if (s->opt.fixed && s->opt.multishot)
		io_uring_prep_multishot_accept_direct(sqe, s->listen_fd, NULL, NULL, 0);
	else if (s->opt.fixed) {
		io_uring_prep_accept_direct(sqe, s->listen_fd, NULL, NULL, 0,
					    IORING_FILE_INDEX_ALLOC);
		/* liburing < 2.4 encoded IORING_FILE_INDEX_ALLOC as index+1,
		 * which wraps to 0 ("not direct"); 2.4+ gets it right. */
		if (sqe->file_index == 0)
			sqe->file_index = IORING_FILE_INDEX_ALLOC;
	}
	else if (s->opt.multishot)
		io_uring_prep_multishot_accept(sqe, s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	else
		io_uring_prep_accept(sqe, s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	io_uring_sqe_set_data64(sqe, make_ud(OP_ACCEPT, 0));
	s->accept_armed = true;
}

static void arm_recv(struct server *s, unsigned id)
{
	struct conn *c = &s->conns[id];
	struct io_uring_sqe *sqe = get_sqe(s);

	if (s->opt.bufring) {
		/* the kernel picks a buffer from group 0 for every chunk */
		io_uring_prep_recv_multishot(sqe, c->fd, NULL, 0, 0);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = 0;
	} else {
		io_uring_prep_recv(sqe, c->fd, c->buf, BUF_SIZE, 0);
	}
	conn_sqe_flags(s, sqe);
	io_uring_sqe_set_data64(sqe, make_ud(OP_RECV, id));
	c->recv_armed = true;
	c->inflight++;
}

/* Start sending whatever is next in line for this connection. */
static void arm_send(struct server *s, unsigned id)
{
	struct conn *c = &s->conns[id];
	struct io_uring_sqe *sqe;
	const char *p;
	unsigned len;

	if (s->opt.bufring) {
		if (c->qhead < 0)
			return;
		p = buf_addr(s, c->qhead) + c->qoff;
		len = s->buf_len[c->qhead] - c->qoff;
	} else {
		if (c->sent >= c->filled)
			return;
		p = c->buf + c->sent;
		len = c->filled - c->sent;
	}
	sqe = get_sqe(s);
	io_uring_prep_send(sqe, c->fd, p, len, MSG_NOSIGNAL);
	conn_sqe_flags(s, sqe);
	io_uring_sqe_set_data64(sqe, make_ud(OP_SEND, id));
	c->send_busy = true;
	c->inflight++;
}

/* Drop data that will never be sent; buffers go back to the ring. */
static void drop_pending(struct server *s, struct conn *c)
{
	if (s->opt.bufring) {
		while (c->qhead >= 0) {
			int bid = c->qhead;

			c->qhead = s->buf_next[bid];
			recycle_buffer(s, bid);
		}
		c->qtail = -1;
		c->qoff = 0;
	}
	c->filled = c->sent = 0;
}

static void arm_close(struct server *s, unsigned id)
{
	struct conn *c = &s->conns[id];
	struct io_uring_sqe *sqe = get_sqe(s);

	if (s->opt.fixed)
		io_uring_prep_close_direct(sqe, (unsigned)c->fd);
	else
		io_uring_prep_close(sqe, c->fd);
	io_uring_sqe_set_data64(sqe, make_ud(OP_CLOSE, id));
	c->closing = true;
	c->inflight++;
}

/*
 * Decide what a connection does next, after any of its completions.
 * A socket is closed only when nothing else is pending on it; a multishot
 * recv that is still armed on a failed connection is cancelled first.
 */
static void advance_conn(struct server *s, unsigned id)
{
	struct conn *c = &s->conns[id];

	if (c->closing)
		return;
	if (c->failed) {
		drop_pending(s, c);
		if (c->recv_armed && s->opt.bufring) {
			struct io_uring_sqe *sqe = get_sqe(s);

			io_uring_prep_cancel64(sqe, make_ud(OP_RECV, id), 0);
			io_uring_sqe_set_data64(sqe, make_ud(OP_CANCEL, id));
			c->inflight++;
			c->recv_armed = false;   /* its final CQE is still counted */
		}
		if (c->inflight == 0)
			arm_close(s, id);
		return;
	}
	if (!c->send_busy)
		arm_send(s, id);
	if (c->send_busy)
		return;
	/* nothing left to send */
	if (c->eof) {
		if (c->inflight == 0)
			arm_close(s, id);
		return;
	}
	if (!c->recv_armed && !c->starved)
		arm_recv(s, id);
}

static int alloc_conn(struct server *s)
{
	unsigned id;
	struct conn *c;

	if (!s->nfree)
		return -1;
	id = (unsigned)s->free_ids[--s->nfree];
	c = &s->conns[id];
	memset(c, 0, sizeof(*c));
	c->used = true;
	c->qhead = c->qtail = -1;
	c->next_starved = -1;
	if (!s->opt.bufring) {
		c->buf = malloc(BUF_SIZE);
		if (!c->buf) {
			s->free_ids[s->nfree++] = (int)id;
			c->used = false;
			return -1;
		}
	}
	return (int)id;
}

static void free_conn(struct server *s, unsigned id)
{
	struct conn *c = &s->conns[id];

	/* a starved connection may die (e.g. a failed send) before buffers
	 * come back: unlink it so the list never points at a reused slot */
	if (c->starved) {
		int *link = &s->starved_head;

		while (*link >= 0 && *link != (int)id)
			link = &s->conns[*link].next_starved;
		if (*link == (int)id)
			*link = c->next_starved;
		c->starved = false;
	}
	free(c->buf);
	c->buf = NULL;
	c->used = false;
	s->free_ids[s->nfree++] = (int)id;
	s->closed++;
}

/* ---- completion handlers ---------------------------------------------- */

static void handle_accept(struct server *s, struct io_uring_cqe *cqe)
{
	int id;

	if (!(cqe->flags & IORING_CQE_F_MORE))
		s->accept_armed = false;

	if (cqe->res < 0) {
		if (cqe->res == -EINVAL && s->opt.multishot)
			fprintf(stderr, "echo_server: multishot accept rejected: this kernel lacks it (needs Linux 5.19+)\n");
		else if (cqe->res == -EINVAL && s->opt.fixed)
			fprintf(stderr, "echo_server: direct accept rejected: this kernel lacks it (needs Linux 5.19+)\n");
		if (cqe->res == -EINVAL || cqe->res == -EBADF) {
			fprintf(stderr, "echo_server: accept failed: %s\n", strerror(-cqe->res));
			stop_requested = 2;
			return;
		}
		/* ECONNABORTED, EMFILE, ENFILE...: log and keep accepting */
		fprintf(stderr, "echo_server: accept: %s\n", strerror(-cqe->res));
		goto rearm;
	}

	id = alloc_conn(s);
	if (id < 0) {
		/* no slot: refuse this client rather than fail everyone */
		if (s->opt.fixed) {
			struct io_uring_sqe *sqe = get_sqe(s);

			io_uring_prep_close_direct(sqe, (unsigned)cqe->res);
			io_uring_sqe_set_data64(sqe, 0);
		} else {
			close(cqe->res);
		}
		fprintf(stderr, "echo_server: too many connections (max %u), refusing one\n",
			s->opt.max_conns);
		goto rearm;
	}
	s->accepted++;
	s->conns[id].fd = cqe->res;
	if (s->opt.verbose)
		fprintf(stderr, "echo_server: connection %u (%s %d)\n", (unsigned)id,
			s->opt.fixed ? "file slot" : "fd", cqe->res);
	arm_recv(s, (unsigned)id);

rearm:
	if (!s->accept_armed && !stop_requested)
		arm_accept(s);
}

/* Append one received provided buffer to the connection's send FIFO. */
static void queue_buffer(struct server *s, struct conn *c, int bid, unsigned len)
{
	s->buf_len[bid] = len;
	s->buf_next[bid] = -1;
	if (c->qtail >= 0)
		s->buf_next[c->qtail] = bid;
	else
		c->qhead = bid;
	c->qtail = bid;
}

static void handle_recv(struct server *s, struct io_uring_cqe *cqe)
{
	unsigned id = ud_id(cqe->user_data);
	struct conn *c = &s->conns[id];
	bool more = s->opt.bufring && (cqe->flags & IORING_CQE_F_MORE);

	if (!more) {
		c->recv_armed = false;
		c->inflight--;
	}

	if (cqe->res > 0 && s->opt.bufring && !(cqe->flags & IORING_CQE_F_BUFFER)) {
		fprintf(stderr, "echo_server: recv completed without a buffer\n");
		c->failed = true;
	} else if (cqe->res > 0) {
		if (s->opt.bufring) {
			int bid = (int)(cqe->flags >> IORING_CQE_BUFFER_SHIFT);

			s->held++;
			if (c->failed)
				recycle_buffer(s, bid);
			else
				queue_buffer(s, c, bid, (unsigned)cqe->res);
		} else {
			c->filled = (unsigned)cqe->res;
			c->sent = 0;
		}
	} else if (cqe->res == 0) {
		c->eof = true;
	} else if (cqe->res == -ENOBUFS) {
		/* the ring ran dry: wait until wake_starved() sees buffers back */
		if (!c->starved) {
			c->starved = true;
			c->next_starved = s->starved_head;
			s->starved_head = (int)id;
		}
	} else if (cqe->res == -ECANCELED && c->failed) {
		/* our own cancellation */
	} else {
		if (s->opt.verbose || cqe->res != -ECONNRESET)
			fprintf(stderr, "echo_server: recv on connection %u: %s\n", id,
				strerror(-cqe->res));
		if (cqe->res == -EINVAL && s->opt.bufring)
			fprintf(stderr, "echo_server: multishot recv needs Linux 6.0+\n");
		c->failed = true;
	}
	advance_conn(s, id);
}

static void handle_send(struct server *s, struct io_uring_cqe *cqe)
{
	unsigned id = ud_id(cqe->user_data);
	struct conn *c = &s->conns[id];

	c->send_busy = false;
	c->inflight--;

	if (cqe->res < 0) {
		if (s->opt.verbose || (cqe->res != -ECONNRESET && cqe->res != -EPIPE))
			fprintf(stderr, "echo_server: send on connection %u: %s\n", id,
				strerror(-cqe->res));
		c->failed = true;
	} else if (s->opt.bufring) {
		/* a short send leaves the rest of the head buffer queued */
		c->qoff += (unsigned)cqe->res;
		s->bytes += (unsigned)cqe->res;
		if (c->qoff >= s->buf_len[c->qhead]) {
			int bid = c->qhead;

			c->qhead = s->buf_next[bid];
			if (c->qhead < 0)
				c->qtail = -1;
			c->qoff = 0;
			recycle_buffer(s, bid);
		}
	} else {
		c->sent += (unsigned)cqe->res;
		s->bytes += (unsigned)cqe->res;
	}
	advance_conn(s, id);
}

static void handle_close(struct server *s, struct io_uring_cqe *cqe)
{
	unsigned id = ud_id(cqe->user_data);

	if (cqe->res < 0)
		fprintf(stderr, "echo_server: close of connection %u: %s\n", id,
			strerror(-cqe->res));
	if (s->opt.verbose)
		fprintf(stderr, "echo_server: connection %u closed\n", id);
	free_conn(s, id);
}

static void handle_cqe(struct server *s, struct io_uring_cqe *cqe)
{
	switch (ud_op(cqe->user_data)) {
	case OP_ACCEPT: handle_accept(s, cqe); break;
	case OP_RECV:   handle_recv(s, cqe); break;
	case OP_SEND:   handle_send(s, cqe); break;
	case OP_CLOSE:  handle_close(s, cqe); break;
	case OP_CANCEL: {
		unsigned id = ud_id(cqe->user_data);

		s->conns[id].inflight--;
		advance_conn(s, id);
		break;
	}
	default: break;       /* fire-and-forget requests (user_data 0) */
	}
}

/* ---- ring setup and event loop ---------------------------------------- */

static int setup_ring(struct server *s)
{
	struct io_uring_params p;
	int ret;

	memset(&p, 0, sizeof(p));
	/* Many connections, each with a recv and a send pending, plus bursts
	 * of multishot completions: give the CQ ample room. */
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = RING_ENTRIES * 4;
	if (s->opt.sqpoll) {
		p.flags |= IORING_SETUP_SQPOLL;
		/* short idle time: the poller should not burn a CPU for long */
		p.sq_thread_idle = 50;
	}
	ret = io_uring_queue_init_params(RING_ENTRIES, &s->ring, &p);
	if (ret < 0) {
		fprintf(stderr, "echo_server: cannot create io_uring: %s%s\n", strerror(-ret),
			ret == -ENOSYS ? " (kernel without io_uring)" :
			ret == -EPERM ? " (io_uring disabled or SQPOLL not permitted)" :
			ret == -EINVAL ? " (kernel lacks a requested ring feature)" : "");
		return -1;
	}
	if (s->opt.fixed) {
		/* an empty file table the kernel fills on each direct accept */
		ret = io_uring_register_files_sparse(&s->ring, s->opt.max_conns);
		if (ret < 0) {
			fprintf(stderr, "echo_server: cannot register %u file slots: %s%s\n",
				s->opt.max_conns, strerror(-ret),
				ret == -EMFILE ? " (raise ulimit -n)" :
				ret == -EINVAL ? " (kernel lacks sparse file tables, needs 5.19+)" : "");
			return -1;
		}
	}
	if (s->opt.bufring && setup_buf_ring(s) < 0)
		return -1;
	return 0;
}

/* One round: wait (bounded) for a completion and handle it, or, in batch
 * mode, handle every ready completion and submit once. */
static int run_round(struct server *s)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = WAIT_MSEC * 1000000LL };
	struct io_uring_cqe *cqe;
	int ret;

	if (s->opt.batch) {
		unsigned handled = 0;

		ret = io_uring_submit_and_wait_timeout(&s->ring, &cqe, 1, &ts, NULL);
		if (ret == -ETIME || ret == -EINTR)
			return 0;
		if (ret < 0)
			return ret;
		/* Drain the CQ without syscalls, but stop while the SQ still has
		 * room for what the next completion may queue. */
		while (io_uring_peek_cqe(&s->ring, &cqe) == 0) {
			handle_cqe(s, cqe);
			io_uring_cqe_seen(&s->ring, cqe);
			handled++;
			if (io_uring_sq_space_left(&s->ring) < SQES_PER_CQE)
				break;
		}
		(void)handled;
		if (s->opt.bufring)
			wake_starved(s);   /* submitted with the next round */
		return 0;
	}

	ret = io_uring_wait_cqe_timeout(&s->ring, &cqe, &ts);
	if (ret == -ETIME || ret == -EINTR)
		return 0;
	if (ret < 0)
		return ret;
	handle_cqe(s, cqe);
	io_uring_cqe_seen(&s->ring, cqe);
	if (s->opt.bufring)
		wake_starved(s);
	/* unbatched: every completion's follow-up work is submitted at once */
	ret = io_uring_submit(&s->ring);
	return ret < 0 && ret != -EAGAIN && ret != -EBUSY ? ret : 0;
}

/*
 * A pending accept pins the listening socket until the kernel has finished
 * tearing the ring down, which happens asynchronously after exit; meanwhile
 * the port would still accept (and later reset) connections.  Cancel the
 * accept and wait for it, so the port is released the moment we close it.
 */
static void cancel_accept(struct server *s)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 100 * 1000000LL };
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;

	if (!s->accept_armed)
		return;
	sqe = get_sqe(s);
	io_uring_prep_cancel64(sqe, make_ud(OP_ACCEPT, 0), 0);
	io_uring_sqe_set_data64(sqe, 0);
	io_uring_submit(&s->ring);
	while (s->accept_armed && io_uring_wait_cqe_timeout(&s->ring, &cqe, &ts) == 0) {
		if (ud_op(cqe->user_data) == OP_ACCEPT && !(cqe->flags & IORING_CQE_F_MORE))
			s->accept_armed = false;
		/* other completions no longer matter: everything is torn down */
		io_uring_cqe_seen(&s->ring, cqe);
	}
}

static void shutdown_server(struct server *s)
{
	cancel_accept(s);
	/* Tearing down the ring cancels all other pending requests; after that
	 * the sockets can be closed directly (fixed ones go with the file
	 * table). */
	io_uring_queue_exit(&s->ring);
	for (unsigned i = 0; i < s->opt.max_conns; i++) {
		struct conn *c = &s->conns[i];

		if (!c->used)
			continue;
		if (!s->opt.fixed && !c->closing)
			close(c->fd);
		free(c->buf);
	}
	if (s->br)
		munmap(s->br, s->br_size);
	free(s->buf_next);
	free(s->buf_len);
	free(s->conns);
	free(s->free_ids);
	close(s->listen_fd);
}

int main(int argc, char **argv)
{
	struct server s;
	int ret = 0;

	memset(&s, 0, sizeof(s));
	s.starved_head = -1;
	if (parse_options(argc, argv, &s.opt) < 0)
		return 2;
	install_signal_handlers();

	s.conns = calloc(s.opt.max_conns, sizeof(*s.conns));
	s.free_ids = malloc(s.opt.max_conns * sizeof(*s.free_ids));
	if (!s.conns || !s.free_ids) {
		fprintf(stderr, "echo_server: out of memory\n");
		return 1;
	}
	/* hand out low ids first */
	for (unsigned i = 0; i < s.opt.max_conns; i++)
		s.free_ids[i] = (int)(s.opt.max_conns - 1 - i);
	s.nfree = s.opt.max_conns;

	/* a deep backlog: clients connect in bursts of a thousand */
	s.listen_fd = open_listener("echo_server", s.opt.addr, s.opt.port, 4096);
	if (s.listen_fd < 0)
		return 1;
	if (setup_ring(&s) < 0) {
		close(s.listen_fd);
		return 1;
	}
	if (s.opt.verbose)
		fprintf(stderr, "echo_server: batch=%d fixed=%d multishot=%d sqpoll=%d bufring=%d\n",
			s.opt.batch, s.opt.fixed, s.opt.multishot, s.opt.sqpoll, s.opt.bufring);

	arm_accept(&s);
	io_uring_submit(&s.ring);
	while (!stop_requested) {
		ret = run_round(&s);
		if (ret < 0) {
			fprintf(stderr, "echo_server: io_uring wait/submit failed: %s\n",
				strerror(-ret));
			break;
		}
	}
	if (stop_requested == 2)
		ret = -1;
	fprintf(stderr, "echo_server: shutting down: %llu connections, %llu bytes echoed\n",
		s.accepted, s.bytes);
	shutdown_server(&s);
	return ret < 0 ? 1 : 0;
}
