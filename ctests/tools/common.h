/* SPDX-License-Identifier: MIT */
/*
 * Shared by the test tools (echo_load, udp_check): the hash that makes
 * message contents a pure function of their position, a monotonic clock and
 * the server address.  Plain C, no liburing; each tool is one source file.
 */
#ifndef TOOLS_COMMON_H
#define TOOLS_COMMON_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static inline uint32_t mix(uint32_t x)
{
	x ^= x >> 16; x *= 0x7feb352dU;
	x ^= x >> 15; x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

/* CLOCK_MONOTONIC in seconds. */
static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Fill *ss with the numeric IPv4 or IPv6 address host and port; returns the
 * address length, or 0 when host is not a numeric address of that family. */
static inline socklen_t make_addr(struct sockaddr_storage *ss, bool ipv6,
				  const char *host, int port)
{
	memset(ss, 0, sizeof(*ss));
	if (ipv6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
			return 0;
		return sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			return 0;
		return sizeof(*s4);
	}
}

#endif
