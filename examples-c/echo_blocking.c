/* SPDX-License-Identifier: MIT */
/*
 * echo_blocking: the traditional TCP echo server, as a baseline for
 * echo_server.  No io_uring: one thread, blocking accept / read / write /
 * close, one connection at a time.  Each connection is served until the
 * client closes it, echoing exactly the bytes read (short writes retried).
 *
 * A system call per step is exactly what io_uring batching avoids; compare
 * `strace -c` of both servers under the same load.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "common.h"

#define DEFAULT_PORT 1234
#define BUF_SIZE     4096

/* A receive timeout bounds every blocking call, so a signal that lands just
 * before accept()/read() is still noticed within a fraction of a second. */
static void set_timeout(int fd)
{
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [-p PORT] [-a ADDR]\n"
		"Traditional blocking TCP echo server (no io_uring), one client at a time.\n"
		"  -p PORT  TCP port (default %d; 0 picks a free port)\n"
		"  -a ADDR  IPv4 address to bind (default 0.0.0.0)\n"
		"  -h       this help\n"
		"Prints 'listening on ADDR:PORT' once ready; SIGINT/SIGTERM stop it.\n",
		prog, DEFAULT_PORT);
}

/* Write all of buf, retrying short writes.  0 on success, -1 on error. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0 && !stop_requested) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return len ? -1 : 0;
}

/* Echo one connection until EOF; returns the number of bytes echoed. */
static unsigned long long serve(int fd)
{
	char buf[BUF_SIZE];
	unsigned long long total = 0;

	set_timeout(fd);
	while (!stop_requested) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (errno != ECONNRESET)
				perror("echo_blocking: read");
			break;
		}
		if (write_all(fd, buf, (size_t)n) < 0) {
			if (!stop_requested && errno != EPIPE && errno != ECONNRESET)
				perror("echo_blocking: write");
			break;
		}
		total += (unsigned long long)n;
	}
	return total;
}

int main(int argc, char **argv)
{
	const char *addr = "0.0.0.0";
	unsigned long long conns = 0, bytes = 0;
	int port = DEFAULT_PORT, lfd, c;

	while ((c = getopt_long(argc, argv, "p:a:h", help_option, NULL)) != -1) {
		switch (c) {
		case 'p':
			port = parse_port("echo_blocking", optarg);
			if (port < 0)
				return 2;
			break;
		case 'a': addr = optarg; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (optind < argc) {
		usage(stderr, argv[0]);
		return 2;
	}
	install_signal_handlers();
	lfd = open_listener("echo_blocking", addr, port, 4096);
	if (lfd < 0)
		return 1;
	set_timeout(lfd);

	while (!stop_requested) {
		int cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

		if (cfd < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == ECONNABORTED)
				continue;
			perror("echo_blocking: accept");
			if (errno == EMFILE || errno == ENFILE) {
				usleep(100000);   /* let clients go away, then retry */
				continue;
			}
			break;
		}
		conns++;
		bytes += serve(cfd);
		close(cfd);
	}
	fprintf(stderr, "echo_blocking: shutting down: %llu connections, %llu bytes echoed\n",
		conns, bytes);
	close(lfd);
	return 0;
}
