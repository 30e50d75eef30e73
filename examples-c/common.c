/* SPDX-License-Identifier: MIT */
/* Plumbing shared by the example programs; see common.h. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

const struct option help_option[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

void install_signal_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;   /* no SA_RESTART: blocking calls get EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int parse_num(const char *arg, long min, long max, long *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_port(const char *prog, const char *arg)
{
	long v;

	if (parse_num(arg, 0, 65535, &v) < 0) {
		fprintf(stderr, "%s: invalid port '%s'\n", prog, arg);
		return -1;
	}
	return (int)v;
}

int open_listener(const char *prog, const char *addr, int port, int backlog)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd, one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "%s: '%s' is not an IPv4 address\n", prog, addr);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "%s: socket: %s\n", prog, strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		fprintf(stderr, "%s: cannot bind %s:%d: %s%s\n", prog, addr, port,
			strerror(errno),
			errno == EADDRINUSE ? " (is another server running on that port?)" : "");
		close(fd);
		return -1;
	}
	if (listen(fd, backlog) < 0) {
		fprintf(stderr, "%s: listen: %s\n", prog, strerror(errno));
		close(fd);
		return -1;
	}
	getsockname(fd, (struct sockaddr *)&sin, &len);
	printf("listening on %s:%d\n", addr, ntohs(sin.sin_port));
	fflush(stdout);
	return fd;
}
