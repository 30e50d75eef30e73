/* SPDX-License-Identifier: MIT */
/*
 * udp_check: send datagrams of varied sizes to a UDP echo server and verify
 * every echo, byte for byte.
 *
 * Each datagram starts with an 8-byte header (magic, sequence number) and a
 * payload that is a pure function of (sequence, offset, size).  A window of
 * W datagrams is kept in flight; UDP may drop packets, so one that is not
 * echoed within 300 ms is sent again, up to 10 times.  Any echo with a wrong
 * length or content is an error.  With -T, an oversized datagram is sent
 * first and must NOT come back (the server has to drop truncated data).
 *
 * Exit 0 on success, 1 on mismatch / loss / timeout, 2 on bad usage.
 * Plain C with poll; no liburing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

#define MAGIC       0x55445043u   /* "UDPC" */
#define TRUNC_SEQ   0xffffffffu
#define HDR         8
#define MAX_DGRAM   65507
#define RETRY_SEC   0.3
#define MAX_TRIES   10

struct slot {
	double sent_at;
	unsigned tries;
	bool done;
};

static unsigned min_size = HDR, max_size = 3000;

static unsigned dgram_size(uint32_t seq)
{
	return min_size + mix(seq * 2654435761U + 17) % (max_size - min_size + 1);
}

static void fill(unsigned char *buf, uint32_t seq, unsigned size)
{
	uint32_t magic = htonl(MAGIC), nseq = htonl(seq);

	memcpy(buf, &magic, 4);
	memcpy(buf + 4, &nseq, 4);
	for (unsigned i = HDR; i < size; i++)
		buf[i] = (unsigned char)mix(seq ^ (i << 16) ^ size);
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [-H HOST] -p PORT [-6] [-n COUNT] [-s MIN] [-S MAX] [-w WINDOW] [-t SECS] [-T SIZE] [-q]\n"
		"Send COUNT datagrams of MIN..MAX bytes to a UDP echo server, verify every echo.\n"
		"  -H HOST    server address (default 127.0.0.1, or ::1 with -6)\n"
		"  -p PORT    server port (required)\n"
		"  -6         IPv6\n"
		"  -n COUNT   datagrams (default 5000)\n"
		"  -s MIN     smallest datagram, at least %d (default %d)\n"
		"  -S MAX     largest datagram (default 3000)\n"
		"  -w WINDOW  datagrams in flight (default 64; also at most 96 KiB)\n"
		"  -t SECS    overall timeout (default 15)\n"
		"  -T SIZE    first send one SIZE-byte datagram that must not be echoed\n"
		"  -q         print only errors\n", prog, HDR, HDR);
}

int main(int argc, char **argv)
{
	const char *host = NULL;
	int port = -1, c, fd;
	unsigned count = 5000, window = 64, trunc_size = 0;
	double timeout = 15.0, start, deadline;
	bool ipv6 = false, quiet = false;
	struct sockaddr_storage ss;
	socklen_t salen;
	struct slot *slots;
	static unsigned char buf[MAX_DGRAM + 1], want[MAX_DGRAM];
	unsigned next = 0, done = 0, lowest = 0, resent = 0;
	/* bytes in flight are bounded too: a default socket buffer holds only
	 * ~200 KB, and datagrams beyond it are silently dropped */
	unsigned long inflight_bytes = 0, max_inflight_bytes = 96 * 1024;
	unsigned long long bytes = 0;

	while ((c = getopt(argc, argv, "H:p:6n:s:S:w:t:T:qh")) != -1) {
		switch (c) {
		case 'H': host = optarg; break;
		case 'p': port = atoi(optarg); break;
		case '6': ipv6 = true; break;
		case 'n': count = (unsigned)strtoul(optarg, NULL, 10); break;
		case 's': min_size = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'S': max_size = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'w': window = (unsigned)strtoul(optarg, NULL, 10); break;
		case 't': timeout = atof(optarg); break;
		case 'T': trunc_size = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (port < 1 || port > 65535 || min_size < HDR || max_size < min_size ||
	    max_size > MAX_DGRAM || window < 1 || count < 1 || trunc_size > MAX_DGRAM ||
	    (trunc_size && trunc_size < HDR)) {
		usage(stderr, argv[0]);
		return 2;
	}
	if (!host)
		host = ipv6 ? "::1" : "127.0.0.1";

	salen = make_addr(&ss, ipv6, host, port);
	if (!salen)
		goto badhost;
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("udp_check: socket");
		return 1;
	}
	/* connect() filters out datagrams from anyone but the server */
	if (connect(fd, (struct sockaddr *)&ss, salen) < 0) {
		fprintf(stderr, "udp_check: connect to %s port %d: %s\n", host, port, strerror(errno));
		return 1;
	}
	{
		int sz = 4 << 20;

		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	}
	slots = calloc(count, sizeof(*slots));
	if (!slots) {
		perror("udp_check: calloc");
		return 1;
	}

	start = now();
	deadline = start + timeout;
	if (trunc_size) {
		fill(buf, TRUNC_SEQ, trunc_size);
		if (send(fd, buf, trunc_size, 0) < 0) {
			fprintf(stderr, "udp_check: sending the %u-byte datagram: %s\n",
				trunc_size, strerror(errno));
			return 1;
		}
	}

	while (done < count) {
		double t = now();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (t > deadline) {
			fprintf(stderr, "udp_check: timeout: %u of %u datagrams echoed (first missing: #%u)\n",
				done, count, lowest);
			return 1;
		}
		/* keep WINDOW datagrams outstanding; resend stale ones */
		while (lowest < count && slots[lowest].done)
			lowest++;
		for (unsigned s = lowest; s < next; s++) {
			if (slots[s].done || t - slots[s].sent_at < RETRY_SEC)
				continue;
			if (slots[s].tries >= MAX_TRIES) {
				fprintf(stderr, "udp_check: datagram #%u (%u bytes) never echoed after %u tries\n",
					s, dgram_size(s), MAX_TRIES);
				return 1;
			}
			fill(buf, s, dgram_size(s));
			send(fd, buf, dgram_size(s), 0);
			slots[s].sent_at = t;
			slots[s].tries++;
			resent++;
		}
		while (next < count && next - lowest < window &&
		       (inflight_bytes == 0 || inflight_bytes + dgram_size(next) <= max_inflight_bytes)) {
			unsigned size = dgram_size(next);

			fill(buf, next, size);
			if (send(fd, buf, size, 0) < 0) {
				if (errno == ECONNREFUSED) {
					fprintf(stderr, "udp_check: %s port %d refused (no server?)\n", host, port);
					return 1;
				}
				if (errno == EAGAIN || errno == ENOBUFS)
					break;
				fprintf(stderr, "udp_check: send: %s\n", strerror(errno));
				return 1;
			}
			slots[next].sent_at = t;
			slots[next].tries = 1;
			inflight_bytes += size;
			next++;
		}

		if (poll(&pfd, 1, 50) <= 0)
			continue;
		while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0) {
			uint32_t magic, seq;

			if (n < HDR) {
				fprintf(stderr, "udp_check: runt echo of %zd bytes\n", n);
				return 1;
			}
			memcpy(&magic, buf, 4);
			memcpy(&seq, buf + 4, 4);
			magic = ntohl(magic);
			seq = ntohl(seq);
			if (magic != MAGIC) {
				fprintf(stderr, "udp_check: echo with a corrupt header (%zd bytes)\n", n);
				return 1;
			}
			if (seq == TRUNC_SEQ) {
				fprintf(stderr, "udp_check: the oversized %u-byte datagram came back as %zd bytes; "
					"a truncated datagram must be dropped\n", trunc_size, n);
				return 1;
			}
			if (seq >= next) {
				fprintf(stderr, "udp_check: echo of datagram #%u that was never sent\n", seq);
				return 1;
			}
			if ((unsigned)n != dgram_size(seq)) {
				fprintf(stderr, "udp_check: datagram #%u: echoed %zd bytes, sent %u\n",
					seq, n, dgram_size(seq));
				return 1;
			}
			fill(want, seq, (unsigned)n);
			if (memcmp(buf, want, (size_t)n)) {
				size_t i = 0;

				while (buf[i] == want[i])
					i++;
				fprintf(stderr, "udp_check: datagram #%u: byte %zu differs (0x%02x, want 0x%02x)\n",
					seq, i, buf[i], want[i]);
				return 1;
			}
			if (!slots[seq].done) {     /* a resend can echo twice */
				slots[seq].done = true;
				inflight_bytes -= (unsigned)n;
				done++;
				bytes += (unsigned long long)n;
			}
		}
		if (errno != EAGAIN) {
			fprintf(stderr, "udp_check: recv: %s%s\n", strerror(errno),
				errno == ECONNREFUSED ? " (no server on that port?)" : "");
			return 1;
		}
	}
	if (trunc_size) {
		/* give a wrongly echoed oversized datagram a moment to show up */
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		while (poll(&pfd, 1, 100) > 0) {
			ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
			uint32_t seq;

			if (n < HDR)
				break;
			memcpy(&seq, buf + 4, 4);
			/* late duplicates of resent datagrams are fine */
			if (ntohl(seq) == TRUNC_SEQ) {
				fprintf(stderr, "udp_check: the oversized datagram came back (%zd bytes); "
					"it must be dropped\n", n);
				return 1;
			}
		}
	}
	if (!quiet)
		printf("udp_check: OK: %u datagrams (%llu bytes, %u..%u each) echoed intact in %.2fs, %u resent\n",
		       count, bytes, min_size, max_size, now() - start, resent);
	return 0;

badhost:
	fprintf(stderr, "udp_check: '%s' is not a numeric %s address\n", host, ipv6 ? "IPv6" : "IPv4");
	return 2;
}
