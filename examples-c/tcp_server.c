/* SPDX-License-Identifier: MIT */
/*
 * tcp_server: a small request/response TCP server on io_uring.
 *
 * For every client: greet it ("Hello client N\n"), then repeatedly read a
 * request with readv and answer with send:
 *     "Response from server to client N: <request bytes>"
 * Requests are answered as they arrive (one answer per read).  The answer is
 * sent completely (short sends resumed) before the next read is queued.
 * Pair it with tcp_client.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <liburing.h>

#include "common.h"

#define DEFAULT_PORT 12345
#define QUEUE_DEPTH  256
#define REQ_SIZE     1024
#define RESP_PREFIX  "Response from server to client %lu: "
#define RESP_SIZE    (REQ_SIZE + 64)
#define WAIT_MSEC    200

enum op { OP_ACCEPT = 1, OP_GREET, OP_READ, OP_SEND, OP_CLOSE };

/* One client; freed when its close completes (nothing else is pending then,
 * because each client has at most one request in flight). */
struct client {
	int fd;
	unsigned long number;
	enum op pending;
	struct iovec iov;            /* readv target: req */
	char req[REQ_SIZE];
	char resp[RESP_SIZE];
	size_t resp_len, resp_sent;
};

/* The accept request has its own tag so it needs no allocation. */
static struct client accept_tag;

static bool verbose;

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [-a ADDR] [-v] [PORT]\n"
		"Greets each client, reads requests with readv, answers with send (io_uring).\n"
		"  PORT     TCP port (default %d; 0 picks a free port; -p PORT also works)\n"
		"  -a ADDR  IPv4 address to bind (default 127.0.0.1)\n"
		"  -v       print each request\n"
		"  -h       this help\n"
		"Prints 'listening on ADDR:PORT' once ready; SIGINT/SIGTERM stop it.\n",
		prog, DEFAULT_PORT);
}

static struct io_uring_sqe *get_sqe(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe) {
		/* full: hand the queued requests to the kernel and retry */
		io_uring_submit(ring);
		sqe = io_uring_get_sqe(ring);
	}
	if (!sqe) {
		fprintf(stderr, "tcp_server: submission queue full\n");
		exit(1);
	}
	return sqe;
}

static void queue_accept(struct io_uring *ring, int lfd)
{
	struct io_uring_sqe *sqe = get_sqe(ring);

	io_uring_prep_accept(sqe, lfd, NULL, NULL, SOCK_CLOEXEC);
	io_uring_sqe_set_data(sqe, &accept_tag);
}

static void queue_send(struct io_uring *ring, struct client *c, enum op op)
{
	struct io_uring_sqe *sqe = get_sqe(ring);

	io_uring_prep_send(sqe, c->fd, c->resp + c->resp_sent,
			   c->resp_len - c->resp_sent, MSG_NOSIGNAL);
	io_uring_sqe_set_data(sqe, c);
	c->pending = op;
}

static void queue_read(struct io_uring *ring, struct client *c)
{
	struct io_uring_sqe *sqe = get_sqe(ring);

	c->iov.iov_base = c->req;
	c->iov.iov_len = sizeof(c->req);
	io_uring_prep_readv(sqe, c->fd, &c->iov, 1, 0);
	io_uring_sqe_set_data(sqe, c);
	c->pending = OP_READ;
}

static void queue_close(struct io_uring *ring, struct client *c)
{
	struct io_uring_sqe *sqe = get_sqe(ring);

	io_uring_prep_close(sqe, c->fd);
	io_uring_sqe_set_data(sqe, c);
	c->pending = OP_CLOSE;
}

static void on_accept(struct io_uring *ring, int lfd, int res, unsigned long *count)
{
	struct client *c;

	queue_accept(ring, lfd);      /* keep accepting whatever happened */
	if (res < 0) {
		fprintf(stderr, "tcp_server: accept: %s\n", strerror(-res));
		return;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		fprintf(stderr, "tcp_server: out of memory, dropping a client\n");
		close(res);
		return;
	}
	c->fd = res;
	c->number = ++*count;
	c->resp_len = (size_t)snprintf(c->resp, sizeof(c->resp), "Hello client %lu\n", c->number);
	queue_send(ring, c, OP_GREET);
	if (verbose)
		fprintf(stderr, "tcp_server: client %lu connected (fd %d)\n", c->number, c->fd);
}

static void on_client(struct io_uring *ring, struct client *c, int res)
{
	switch (c->pending) {
	case OP_GREET:
	case OP_SEND:
		if (res < 0) {
			if (res != -EPIPE && res != -ECONNRESET)
				fprintf(stderr, "tcp_server: send to client %lu: %s\n", c->number, strerror(-res));
			queue_close(ring, c);
			return;
		}
		c->resp_sent += (size_t)res;
		if (c->resp_sent < c->resp_len)
			queue_send(ring, c, c->pending);   /* short send: the rest */
		else
			queue_read(ring, c);
		return;
	case OP_READ:
		if (res <= 0) {
			if (res < 0 && res != -ECONNRESET)
				fprintf(stderr, "tcp_server: read from client %lu: %s\n", c->number, strerror(-res));
			queue_close(ring, c);
			return;
		}
		if (verbose)
			fprintf(stderr, "tcp_server: client %lu: %.*s", c->number, res, c->req);
		c->resp_len = (size_t)snprintf(c->resp, sizeof(c->resp), RESP_PREFIX, c->number);
		memcpy(c->resp + c->resp_len, c->req, (size_t)res);
		c->resp_len += (size_t)res;
		c->resp_sent = 0;
		queue_send(ring, c, OP_SEND);
		return;
	case OP_CLOSE:
		if (verbose)
			fprintf(stderr, "tcp_server: client %lu gone\n", c->number);
		free(c);
		return;
	default:
		return;
	}
}

/*
 * A pending accept pins the listening socket until the kernel has finished
 * tearing the ring down, which happens asynchronously after exit; meanwhile
 * the port would still accept (and later reset) connections.  Cancel the
 * accept and wait for it, so the port is released the moment we close it.
 */
static void cancel_accept(struct io_uring *ring)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 100 * 1000000LL };
	struct io_uring_sqe *sqe = get_sqe(ring);
	struct io_uring_cqe *cqe;

	io_uring_prep_cancel(sqe, &accept_tag, 0);
	io_uring_sqe_set_data(sqe, NULL);
	io_uring_submit(ring);
	while (io_uring_wait_cqe_timeout(ring, &cqe, &ts) == 0) {
		bool done = io_uring_cqe_get_data(cqe) == &accept_tag;

		io_uring_cqe_seen(ring, cqe);
		if (done)
			break;
	}
}

int main(int argc, char **argv)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = WAIT_MSEC * 1000000LL };
	const char *addr = "127.0.0.1";
	struct io_uring ring;
	unsigned long count = 0;
	int port = DEFAULT_PORT, lfd, ret, c;
	long v;

	while ((c = getopt_long(argc, argv, "a:p:vh", help_option, NULL)) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'p':
			if (parse_num(optarg, 0, 65535, &v) < 0)
				goto badport;
			port = (int)v;
			break;
		case 'v': verbose = true; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (optind < argc) {
		if (parse_num(argv[optind], 0, 65535, &v) < 0 || optind + 1 < argc)
			goto badport;
		port = (int)v;
	}

	install_signal_handlers();
	lfd = open_listener("tcp_server", addr, port, 1024);
	if (lfd < 0)
		return 1;
	ret = io_uring_queue_init(QUEUE_DEPTH, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "tcp_server: cannot create io_uring: %s\n", strerror(-ret));
		return 1;
	}

	queue_accept(&ring, lfd);
	while (!stop_requested) {
		struct io_uring_cqe *cqe;
		struct client *cl;
		int res;

		ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL);
		if (ret == -ETIME || ret == -EINTR)
			continue;
		if (ret < 0) {
			fprintf(stderr, "tcp_server: io_uring wait: %s\n", strerror(-ret));
			break;
		}
		/* handle everything that is ready before submitting again */
		while (io_uring_peek_cqe(&ring, &cqe) == 0) {
			cl = io_uring_cqe_get_data(cqe);
			res = cqe->res;
			io_uring_cqe_seen(&ring, cqe);
			if (cl == &accept_tag)
				on_accept(&ring, lfd, res, &count);
			else
				on_client(&ring, cl, res);
		}
	}
	fprintf(stderr, "tcp_server: shutting down after %lu clients\n", count);
	cancel_accept(&ring);
	/* Exiting the ring cancels the clients' requests; the kernel closes
	 * their sockets as the process exits. */
	io_uring_queue_exit(&ring);
	close(lfd);
	return 0;

badport:
	fprintf(stderr, "tcp_server: invalid port\n");
	usage(stderr, argv[0]);
	return 2;
}
