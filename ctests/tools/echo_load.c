/* SPDX-License-Identifier: MIT */
/*
 * echo_load: a bounded load generator and verifier for TCP echo servers.
 *
 * Opens K concurrent connections, and on each sends M messages of varied
 * sizes one after another (the next message goes out once the previous one
 * has been echoed completely), checking every echoed byte.  After the last
 * message it half-closes the connection and expects the server to close too,
 * without sending anything more.
 *
 * Message contents are a pure function of (connection, message, offset), so
 * nothing needs to be remembered to verify the echo.
 *
 * Exit 0 when every byte came back intact, 1 on a mismatch, error or
 * timeout (with a message saying which connection and where), 2 on bad usage.
 * Plain C with epoll; no liburing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "common.h"

struct conn {
	int fd;
	unsigned id;
	unsigned msg;        /* index of the message in progress */
	unsigned len;        /* its length */
	unsigned sent, recvd;
	bool connected, half_closed, done;
};

static struct {
	const char *host;
	int port;
	unsigned conns, msgs, min_size, max_size;
	double timeout;
	double duration;     /* -d: keep every connection busy this long (0: -m messages) */
	bool ipv6;
	bool quiet;
} opt = { "127.0.0.1", 1234, 100, 5, 1, 8192, 15.0, 0, false, false };

/* With -d: no message starts after this instant. */
static double send_until;
static unsigned long long msgs_done;

static unsigned msg_len(unsigned conn, unsigned msg)
{
	unsigned span = opt.max_size - opt.min_size + 1;

	return opt.min_size + mix(conn * 7919U + msg * 104729U + 1) % span;
}

static inline unsigned char msg_byte(unsigned conn, unsigned msg, unsigned off)
{
	return (unsigned char)mix((conn << 20) ^ (msg << 12) ^ (off * 2654435761U) ^ off);
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [-H HOST] [-p PORT] [-6] [-c CONNS] [-m MSGS] [-s MIN] [-S MAX] [-t SECS] [-q]\n"
		"Load and verify a TCP echo server.\n"
		"  -H HOST  server address (default 127.0.0.1, or ::1 with -6)\n"
		"  -p PORT  server port (default 1234)\n"
		"  -6       use IPv6\n"
		"  -c N     concurrent connections (default 100)\n"
		"  -m N     messages per connection (default 5)\n"
		"  -s N     smallest message in bytes (default 1)\n"
		"  -S N     largest message in bytes (default 8192)\n"
		"  -t SECS  give up after this long (default 15)\n"
		"  -d SECS  instead of -m: send messages on every connection for SECS seconds\n"
		"           (soak tests; -t must leave room for the last ones)\n"
		"  -q       print only errors\n", prog);
}

static unsigned parse_uint(const char *s, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*end || !*s || v > 100000000UL) {
		fprintf(stderr, "echo_load: invalid %s '%s'\n", what, s);
		exit(2);
	}
	return (unsigned)v;
}

static int start_connect(struct conn *c, const struct sockaddr *sa, socklen_t salen, int ep)
{
	struct epoll_event ev;
	int one = 1;

	c->fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		fprintf(stderr, "echo_load: socket: %s%s\n", strerror(errno),
			errno == EMFILE ? " (raise ulimit -n)" : "");
		return -1;
	}
	/* small messages should not wait for Nagle */
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, sa, salen) < 0 && errno != EINPROGRESS) {
		fprintf(stderr, "echo_load: connect: %s\n", strerror(errno));
		return -1;
	}
	ev.events = EPOLLIN | EPOLLOUT;
	ev.data.ptr = c;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
		perror("echo_load: epoll_ctl");
		return -1;
	}
	return 0;
}

/* Only ask for EPOLLOUT while there is something left to send. */
static void update_events(struct conn *c, int ep)
{
	struct epoll_event ev;

	ev.events = EPOLLIN;
	if (!c->connected || (!c->half_closed && c->sent < c->len))
		ev.events |= EPOLLOUT;
	ev.data.ptr = c;
	epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static int do_send(struct conn *c)
{
	unsigned char buf[65536];

	while (c->sent < c->len) {
		unsigned n = c->len - c->sent;
		ssize_t r;

		if (n > sizeof(buf))
			n = sizeof(buf);
		for (unsigned i = 0; i < n; i++)
			buf[i] = msg_byte(c->id, c->msg, c->sent + i);
		r = send(c->fd, buf, n, MSG_NOSIGNAL);
		if (r < 0) {
			if (errno == EAGAIN)
				return 0;
			fprintf(stderr, "echo_load: conn %u: send: %s\n", c->id, strerror(errno));
			return -1;
		}
		c->sent += (unsigned)r;
	}
	return 0;
}

static void next_message(struct conn *c)
{
	bool more;

	c->msg++;
	c->sent = c->recvd = 0;
	msgs_done++;
	more = opt.duration > 0 ? now() < send_until : c->msg < opt.msgs;
	if (more) {
		c->len = msg_len(c->id, c->msg);
	} else {
		/* all done: half-close and wait for the server's EOF */
		c->len = 0;
		shutdown(c->fd, SHUT_WR);
		c->half_closed = true;
	}
}

static int do_recv(struct conn *c, unsigned long long *bytes)
{
	unsigned char buf[65536];

	for (;;) {
		ssize_t r = recv(c->fd, buf, sizeof(buf), 0);

		if (r < 0) {
			if (errno == EAGAIN)
				return 0;
			fprintf(stderr, "echo_load: conn %u: recv during message %u: %s\n",
				c->id, c->msg, strerror(errno));
			return -1;
		}
		if (r == 0) {
			if (c->half_closed) {
				c->done = true;
				return 1;
			}
			fprintf(stderr, "echo_load: conn %u: server closed early, message %u at byte %u of %u\n",
				c->id, c->msg, c->recvd, c->len);
			return -1;
		}
		for (ssize_t i = 0; i < r; i++) {
			if (c->half_closed || c->recvd >= c->sent) {
				fprintf(stderr, "echo_load: conn %u: received %zd bytes more than were sent (message %u)\n",
					c->id, r - i, c->msg);
				return -1;
			}
			if (buf[i] != msg_byte(c->id, c->msg, c->recvd)) {
				fprintf(stderr, "echo_load: conn %u: mismatch in message %u at byte %u: got 0x%02x, want 0x%02x\n",
					c->id, c->msg, c->recvd, buf[i], msg_byte(c->id, c->msg, c->recvd));
				return -1;
			}
			c->recvd++;
			(*bytes)++;
			if (c->recvd == c->len)
				next_message(c);
		}
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t salen;
	struct conn *conns;
	struct epoll_event evs[256];
	unsigned long long bytes = 0;
	unsigned remaining;
	double start, deadline;
	int ep, o;

	while ((o = getopt(argc, argv, "H:p:6c:m:s:S:t:d:qh")) != -1) {
		switch (o) {
		case 'H': opt.host = optarg; break;
		case 'p': opt.port = (int)parse_uint(optarg, "port"); break;
		case '6': opt.ipv6 = true; break;
		case 'c': opt.conns = parse_uint(optarg, "connection count"); break;
		case 'm': opt.msgs = parse_uint(optarg, "message count"); break;
		case 's': opt.min_size = parse_uint(optarg, "size"); break;
		case 'S': opt.max_size = parse_uint(optarg, "size"); break;
		case 't': opt.timeout = atof(optarg); break;
		case 'd': opt.duration = atof(optarg); break;
		case 'q': opt.quiet = true; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (opt.min_size < 1 || opt.max_size < opt.min_size || opt.conns < 1 || opt.port > 65535) {
		fprintf(stderr, "echo_load: need 1 <= MIN <= MAX, CONNS >= 1 and a valid port\n");
		return 2;
	}
	if (opt.ipv6 && !strcmp(opt.host, "127.0.0.1"))
		opt.host = "::1";
	signal(SIGPIPE, SIG_IGN);

	salen = make_addr(&ss, opt.ipv6, opt.host, opt.port);
	if (!salen)
		goto badhost;

	conns = calloc(opt.conns, sizeof(*conns));
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (!conns || ep < 0) {
		perror("echo_load: setup");
		return 1;
	}
	start = now();
	deadline = start + opt.timeout;
	send_until = start + opt.duration;
	for (unsigned i = 0; i < opt.conns; i++) {
		conns[i].id = i;
		conns[i].msg = 0;
		conns[i].len = msg_len(i, 0);
		if (opt.msgs == 0) {
			conns[i].msg = (unsigned)-1;
			next_message(&conns[i]);
		}
		if (start_connect(&conns[i], (struct sockaddr *)&ss, salen, ep) < 0)
			return 1;
	}

	remaining = opt.conns;
	while (remaining) {
		double left = deadline - now();
		int n;

		if (left <= 0) {
			unsigned shown = 0;

			fprintf(stderr, "echo_load: timeout after %.1fs: %u of %u connections unfinished\n",
				opt.timeout, remaining, opt.conns);
			for (unsigned i = 0; i < opt.conns && shown < 5; i++) {
				struct conn *c = &conns[i];

				if (c->done)
					continue;
				shown++;
				fprintf(stderr, "  conn %u: %s, message %u/%u, sent %u recvd %u of %u%s\n",
					i, c->connected ? "connected" : "connecting", c->msg, opt.msgs,
					c->sent, c->recvd, c->len,
					c->half_closed ? ", waiting for server EOF" : "");
			}
			return 1;
		}
		n = epoll_wait(ep, evs, 256, (int)(left * 1000) + 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("echo_load: epoll_wait");
			return 1;
		}
		for (int i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;
			int r;

			if (c->done)
				continue;
			if (!c->connected) {
				int err = 0;
				socklen_t el = sizeof(err);

				getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
				if (err) {
					fprintf(stderr, "echo_load: conn %u: connect to %s port %d: %s\n",
						c->id, opt.host, opt.port, strerror(err));
					return 1;
				}
				if (!(evs[i].events & (EPOLLOUT | EPOLLIN)))
					continue;
				c->connected = true;
			}
			if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
				r = do_recv(c, &bytes);
				if (r < 0)
					return 1;
				if (r > 0) {
					epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
					close(c->fd);
					remaining--;
					continue;
				}
			}
			if (!c->half_closed && do_send(c) < 0)
				return 1;
			update_events(c, ep);
		}
	}

	if (!opt.quiet) {
		double el = now() - start;

		printf("echo_load: OK: %u connections, %llu messages, %llu bytes verified in %.2fs\n",
		       opt.conns, msgs_done, bytes, el);
	}
	return 0;

badhost:
	fprintf(stderr, "echo_load: '%s' is not a numeric %s address\n", opt.host,
		opt.ipv6 ? "IPv6" : "IPv4");
	return 2;
}
