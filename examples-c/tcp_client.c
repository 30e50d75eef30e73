/* SPDX-License-Identifier: MIT */
/*
 * tcp_client: load client for tcp_server.
 *
 * Forks N client processes.  Each connects, reads the server's greeting,
 * then sends M messages with io_uring (send, then recv of the answer, both
 * through its own ring) and checks every answer.  Each child then reports
 * its CPU time (getrusage), peak memory (maxrss) and requests per second;
 * the parent sums them up.  Exit status 0 only if every child succeeded.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <liburing.h>

#include "common.h"

#define DEFAULT_PORT 12345
#define BUF_SIZE     2048

struct options {
	const char *host;
	int port;
	unsigned clients, messages, interval_ms;
	const char *message;
	bool quiet;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double tv_sec(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec / 1e6;
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [-H HOST] [-p PORT] [-n CLIENTS] [-c MESSAGES] [-i MSEC] [-m TEXT] [-q]\n"
		"Forks CLIENTS processes that each send MESSAGES requests to tcp_server\n"
		"with io_uring, check the answers and report CPU, memory and requests/s.\n"
		"  -H HOST      server IPv4 address (default 127.0.0.1)\n"
		"  -p PORT      server port (default %d)\n"
		"  -n CLIENTS   client processes (default 4)\n"
		"  -c MESSAGES  messages per client (default 100)\n"
		"  -i MSEC      pause between messages (default 0)\n"
		"  -m TEXT      message text (default \"Hello, Server!\")\n"
		"  -q           only the summary, no per-client statistics\n"
		"  -h           this help\n", prog, DEFAULT_PORT);
}

/* Run one request through the ring: prepare, submit, wait, return res. */
static int ring_io(struct io_uring *ring, bool is_send, int fd, void *buf, size_t len)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int ret;

	if (!sqe)
		return -EBUSY;
	if (is_send)
		io_uring_prep_send(sqe, fd, buf, len, MSG_NOSIGNAL);
	else
		io_uring_prep_recv(sqe, fd, buf, len, 0);
	io_uring_sqe_set_data64(sqe, is_send);
	ret = io_uring_submit(ring);
	if (ret < 0)
		return ret;
	do {
		ret = io_uring_wait_cqe(ring, &cqe);
		/* a stray signal interrupts the wait; SIGINT/SIGTERM end it */
	} while (ret == -EINTR && !stop_requested);
	if (ret < 0)
		return ret;
	ret = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return ret;
}

static int send_all(struct io_uring *ring, int fd, const char *p, size_t len)
{
	while (len) {
		int n = ring_io(ring, true, fd, (void *)p, len);

		if (n <= 0)
			return n ? n : -EPIPE;
		p += n;             /* short send: go on with the rest */
		len -= (size_t)n;
	}
	return 0;
}

/* Receive until a newline; the server's lines end with one.  Returns the
 * line length, or a negative errno (-ECONNRESET for an early EOF). */
static int recv_line(struct io_uring *ring, int fd, char *buf, size_t cap)
{
	size_t have = 0;

	while (have < cap - 1) {
		int n = ring_io(ring, false, fd, buf + have, cap - 1 - have);

		if (n < 0)
			return n;
		if (n == 0)
			return -ECONNRESET;
		have += (size_t)n;
		if (buf[have - 1] == '\n')
			break;
	}
	buf[have] = '\0';
	return (int)have;
}

static int connect_to(const struct options *o)
{
	struct sockaddr_in sin;
	int fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->host, &sin.sin_addr) != 1) {
		fprintf(stderr, "tcp_client: '%s' is not an IPv4 address\n", o->host);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("tcp_client: socket");
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		fprintf(stderr, "tcp_client: cannot connect to %s:%d: %s%s\n", o->host, o->port,
			strerror(errno), errno == ECONNREFUSED ? " (is tcp_server running?)" : "");
		close(fd);
		return -1;
	}
	return fd;
}

static void print_stats(const char *who, unsigned requests, double elapsed,
			const struct rusage *ru)
{
	double cpu = tv_sec(ru->ru_utime) + tv_sec(ru->ru_stime);

	printf("%s: requests=%u elapsed=%.3fs cpu=%.3fs (user %.3fs, sys %.3fs, %.1f%% of elapsed) "
	       "maxrss=%ldKiB rps=%.1f\n",
	       who, requests, elapsed, cpu, tv_sec(ru->ru_utime), tv_sec(ru->ru_stime),
	       elapsed > 0 ? 100.0 * cpu / elapsed : 0.0, ru->ru_maxrss,
	       elapsed > 0 ? requests / elapsed : 0.0);
}

/* The body of one client process; returns its exit status. */
static int client_main(const struct options *o)
{
	char msg[BUF_SIZE], buf[BUF_SIZE], who[64], expect_prefix[96];
	struct io_uring ring;
	struct rusage ru;
	unsigned long number;
	unsigned done = 0;
	double start;
	int fd, ret, len;

	snprintf(who, sizeof(who), "client pid %d", (int)getpid());
	fd = connect_to(o);
	if (fd < 0)
		return 1;
	/* one request in flight at a time: a tiny ring is enough */
	ret = io_uring_queue_init(4, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "tcp_client: cannot create io_uring: %s\n", strerror(-ret));
		return 1;
	}
	start = now();

	/* greeting: "Hello client N\n" tells us our number */
	len = recv_line(&ring, fd, buf, sizeof(buf));
	if (len < 0 || sscanf(buf, "Hello client %lu", &number) != 1) {
		fprintf(stderr, "tcp_client: %s: no greeting from server (%s)\n", who,
			len < 0 ? strerror(-len) : "unexpected text");
		goto fail;
	}
	snprintf(expect_prefix, sizeof(expect_prefix), "Response from server to client %lu: ", number);

	while (done < o->messages && !stop_requested) {
		size_t mlen = (size_t)snprintf(msg, sizeof(msg), "%s #%u\n", o->message, done + 1);
		size_t plen = strlen(expect_prefix);

		ret = send_all(&ring, fd, msg, mlen);
		if (ret < 0) {
			fprintf(stderr, "tcp_client: %s: send: %s\n", who, strerror(-ret));
			goto fail;
		}
		len = recv_line(&ring, fd, buf, sizeof(buf));
		if (len < 0) {
			fprintf(stderr, "tcp_client: %s: recv: %s\n", who, strerror(-len));
			goto fail;
		}
		if ((size_t)len != plen + mlen || memcmp(buf, expect_prefix, plen) ||
		    memcmp(buf + plen, msg, mlen)) {
			fprintf(stderr, "tcp_client: %s: unexpected answer '%s'\n", who, buf);
			goto fail;
		}
		done++;
		if (o->interval_ms)
			usleep(o->interval_ms * 1000U);
	}

	getrusage(RUSAGE_SELF, &ru);
	if (!o->quiet)
		print_stats(who, done, now() - start, &ru);
	close(fd);
	io_uring_queue_exit(&ring);
	return done == o->messages ? 0 : 1;

fail:
	close(fd);
	io_uring_queue_exit(&ring);
	return 1;
}

int main(int argc, char **argv)
{
	struct options o = { "127.0.0.1", DEFAULT_PORT, 4, 100, 0, "Hello, Server!", false };
	unsigned failed = 0, started = 0;
	struct rusage ru;
	pid_t *pids;
	double start;
	int c;

	while ((c = getopt_long(argc, argv, "H:p:n:c:i:m:qh", help_option, NULL)) != -1) {
		long v = 0;

		if (c == 'p' || c == 'n' || c == 'c' || c == 'i') {
			if (parse_num(optarg, 0, 10000000, &v) < 0 || (c == 'p' && (v < 1 || v > 65535)) ||
			    (c == 'n' && (v < 1 || v > 10000))) {
				fprintf(stderr, "tcp_client: invalid value '%s' for -%c\n", optarg, c);
				return 2;
			}
		}
		switch (c) {
		case 'H': o.host = optarg; break;
		case 'p': o.port = (int)v; break;
		case 'n': o.clients = (unsigned)v; break;
		case 'c': o.messages = (unsigned)v; break;
		case 'i': o.interval_ms = (unsigned)v; break;
		case 'm':
			if (strlen(optarg) > 1000 || strchr(optarg, '\n')) {
				fprintf(stderr, "tcp_client: message must be one line under 1000 bytes\n");
				return 2;
			}
			o.message = optarg;
			break;
		case 'q': o.quiet = true; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (optind < argc) {
		usage(stderr, argv[0]);
		return 2;
	}
	install_signal_handlers();
	pids = calloc(o.clients, sizeof(*pids));
	if (!pids) {
		fprintf(stderr, "tcp_client: out of memory\n");
		return 1;
	}
	fflush(stdout);    /* children must not inherit buffered output */
	start = now();
	for (unsigned i = 0; i < o.clients; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("tcp_client: fork");
			failed++;
			break;
		}
		if (pid == 0) {
			int rc = client_main(&o);

			fflush(stdout);
			_exit(rc);
		}
		pids[i] = pid;
		started++;
	}

	/* Wait for every child; on SIGINT/SIGTERM pass it on to them. */
	for (unsigned left = started; left > 0;) {
		int status;
		pid_t pid = waitpid(-1, &status, 0);

		if (pid < 0) {
			if (errno == EINTR && stop_requested == 1) {
				for (unsigned i = 0; i < started; i++)
					kill(pids[i], SIGTERM);
				stop_requested = 2;
				continue;
			}
			if (errno == EINTR)
				continue;
			break;
		}
		left--;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	}

	getrusage(RUSAGE_CHILDREN, &ru);
	{
		double elapsed = now() - start;
		unsigned ok = started - (failed > started ? started : failed);
		unsigned long total = (unsigned long)ok * o.messages;

		printf("summary: clients=%u ok=%u failed=%u requests=%lu elapsed=%.3fs "
		       "cpu=%.3fs (user %.3fs, sys %.3fs) max-child-maxrss=%ldKiB rps=%.1f\n",
		       o.clients, ok, failed, total, elapsed,
		       tv_sec(ru.ru_utime) + tv_sec(ru.ru_stime), tv_sec(ru.ru_utime),
		       tv_sec(ru.ru_stime), ru.ru_maxrss, elapsed > 0 ? total / elapsed : 0.0);
	}
	free(pids);
	if (failed)
		fprintf(stderr, "tcp_client: %u of %u clients failed\n", failed, o.clients);
	return failed ? 1 : 0;
}
