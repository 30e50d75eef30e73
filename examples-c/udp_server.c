/* SPDX-License-Identifier: MIT */
/*
 * udp_server: a UDP echo server on a provided-buffer ring.
 *
 * One multishot recvmsg on the socket (registered as fixed file 0) keeps
 * receiving datagrams into buffers the kernel takes from a buffer ring.  Each
 * buffer then holds an io_uring_recvmsg_out header, the sender's address and
 * the payload; the payload goes straight back to the sender with sendmsg, and
 * the buffer returns to the ring once that send completes.
 *
 * Datagrams larger than a buffer arrive with MSG_TRUNC: they are reported and
 * dropped, never echoed in part.  When the ring runs dry (-ENOBUFS) or the
 * multishot request ends for any other reason (no IORING_CQE_F_MORE), the
 * recvmsg is armed again.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <liburing.h>

#include "common.h"

#define QUEUE_DEPTH   64
#define DEFAULT_NBUFS 1024              /* power of two, ring entries */
#define BUF_GROUP     0
#define FIXED_SOCKET  0                 /* index in the registered file table */
#define RECV_TAG      UINT64_MAX        /* user_data of the multishot recvmsg */
#define CANCEL_TAG    (UINT64_MAX - 1)  /* user_data of its cancellation at shutdown */
#define WAIT_MSEC     200
#define MAX_CQES      256

/* What one in-flight sendmsg needs; indexed by the buffer id it echoes. */
struct send_slot {
	struct msghdr msg;
	struct iovec iov;
};

struct server {
	struct io_uring ring;
	struct io_uring_buf_ring *br;
	size_t br_size;
	unsigned char *bufbase;
	unsigned buf_shift;
	int af;
	unsigned nbufs;
	bool verbose;
	bool recv_armed;
	bool recv_wanted;       /* re-arm once a buffer comes back */
	unsigned held;          /* buffers taken out of the ring, not yet returned */
	struct msghdr recv_msg; /* tells the kernel how much name/control room */
	struct send_slot *slots;       /* one per buffer id */
	unsigned long long echoed, truncated, nobufs, bytes, send_errors;
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [-p PORT] [-6] [-b LOG2_BUFSIZE] [-n NBUFS] [-v]\n"
		"UDP echo server: buffer ring + multishot recvmsg on a registered socket.\n"
		"  -p PORT          UDP port (default 0: a free port, printed at start)\n"
		"  -6               IPv6 (binds ::) instead of IPv4 (binds 0.0.0.0)\n"
		"  -b LOG2_BUFSIZE  buffer size as a power of two, 8..16 (default 12 = 4096);\n"
		"                   a buffer also holds a %zu-byte header and the sender's\n"
		"                   address, longer datagrams are reported and dropped\n"
		"  -n NBUFS         buffers in the ring, a power of two up to 32768 (default %d)\n"
		"  -v               log every datagram\n"
		"  -h               this help\n"
		"Prints 'listening on udp port PORT' once ready; SIGINT/SIGTERM stop it.\n",
		prog, sizeof(struct io_uring_recvmsg_out), DEFAULT_NBUFS);
}

static inline size_t buf_size(const struct server *s)
{
	return (size_t)1 << s->buf_shift;
}

static inline unsigned char *buf_addr(const struct server *s, unsigned bid)
{
	return s->bufbase + ((size_t)bid << s->buf_shift);
}

static int open_socket(int af, int port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	memset(&ss, 0, sizeof(ss));
	if (af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		s6->sin6_addr = in6addr_any;
		len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		s4->sin_addr.s_addr = htonl(INADDR_ANY);
		len = sizeof(*s4);
	}
	fd = socket(af, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "udp_server: socket: %s%s\n", strerror(errno),
			af == AF_INET6 && errno == EAFNOSUPPORT ? " (IPv6 unavailable)" : "");
		return -1;
	}
	{
		/* bursts of datagrams beyond the socket buffer are dropped by
		 * the kernel before we ever see them: ask for a roomy one */
		int sz = 1 << 20;

		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
		fprintf(stderr, "udp_server: cannot bind UDP port %d: %s%s\n", port, strerror(errno),
			errno == EADDRINUSE ? " (port already in use)" : "");
		close(fd);
		return -1;
	}
	len = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &len);
	port = ntohs(af == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
				    : ((struct sockaddr_in *)&ss)->sin_port);
	printf("listening on udp port %d (%s)\n", port, af == AF_INET6 ? "IPv6" : "IPv4");
	fflush(stdout);
	return fd;
}

static int setup_ring(struct server *s)
{
	struct io_uring_params p;
	int ret;

	memset(&p, 0, sizeof(p));
	/* one recvmsg can post many completions: a large CQ avoids overflow */
	p.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN;
	p.cq_entries = QUEUE_DEPTH * 16;
	ret = io_uring_queue_init_params(QUEUE_DEPTH, &s->ring, &p);
	if (ret == -EINVAL) {
		/* older kernel: SUBMIT_ALL/COOP_TASKRUN are optimisations only */
		memset(&p, 0, sizeof(p));
		p.flags = IORING_SETUP_CQSIZE;
		p.cq_entries = QUEUE_DEPTH * 16;
		ret = io_uring_queue_init_params(QUEUE_DEPTH, &s->ring, &p);
	}
	if (ret < 0) {
		fprintf(stderr, "udp_server: cannot create io_uring: %s\n", strerror(-ret));
		return -1;
	}
	return 0;
}

static int setup_buffers(struct server *s)
{
	struct io_uring_buf_reg reg;
	int ret;

	/* descriptor ring (page aligned, from mmap) followed by the buffers */
	s->br_size = s->nbufs * sizeof(struct io_uring_buf) + s->nbufs * buf_size(s);
	s->br = mmap(NULL, s->br_size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->br == MAP_FAILED) {
		perror("udp_server: mmap");
		s->br = NULL;
		return -1;
	}
	s->bufbase = (unsigned char *)s->br + s->nbufs * sizeof(struct io_uring_buf);
	io_uring_buf_ring_init(s->br);

	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (unsigned long)s->br;
	reg.ring_entries = s->nbufs;
	reg.bgid = BUF_GROUP;
	ret = io_uring_register_buf_ring(&s->ring, &reg, 0);
	if (ret) {
		fprintf(stderr, "udp_server: cannot register buffer ring: %s%s\n", strerror(-ret),
			ret == -EINVAL ? " (kernel lacks provided-buffer rings, needs Linux 5.19+)" : "");
		return -1;
	}
	for (unsigned i = 0; i < s->nbufs; i++)
		io_uring_buf_ring_add(s->br, buf_addr(s, i), (unsigned)buf_size(s), (unsigned short)i,
				      io_uring_buf_ring_mask(s->nbufs), (int)i);
	io_uring_buf_ring_advance(s->br, (int)s->nbufs);
	return 0;
}

static struct io_uring_sqe *get_sqe(struct server *s)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&s->ring);

	if (!sqe) {
		io_uring_submit(&s->ring);
		sqe = io_uring_get_sqe(&s->ring);
	}
	return sqe;
}

static int arm_recv(struct server *s)
{
	struct io_uring_sqe *sqe = get_sqe(s);

	if (!sqe) {
		fprintf(stderr, "udp_server: submission queue full\n");
		return -1;
	}
	/* MSG_TRUNC makes the kernel report a datagram's full length even
	 * when the buffer was too small, so we can tell truncation apart */
	io_uring_prep_recvmsg_multishot(sqe, FIXED_SOCKET, &s->recv_msg, MSG_TRUNC);
	sqe->flags |= IOSQE_FIXED_FILE | IOSQE_BUFFER_SELECT;
	sqe->buf_group = BUF_GROUP;
	io_uring_sqe_set_data64(sqe, RECV_TAG);
	s->recv_armed = true;
	s->recv_wanted = false;
	return 0;
}

/* Hand a buffer back to the kernel; catch up on a pending re-arm. */
static int recycle_buffer(struct server *s, unsigned bid)
{
	s->held--;
	io_uring_buf_ring_add(s->br, buf_addr(s, bid), (unsigned)buf_size(s), (unsigned short)bid,
			      io_uring_buf_ring_mask(s->nbufs), 0);
	io_uring_buf_ring_advance(s->br, 1);
	if (s->recv_wanted && !s->recv_armed && !stop_requested)
		return arm_recv(s);
	return 0;
}

static void log_datagram(struct server *s, struct io_uring_recvmsg_out *o, unsigned len)
{
	char name[INET6_ADDRSTRLEN];
	const void *addr;
	int port;

	if (s->af == AF_INET6) {
		struct sockaddr_in6 *a = io_uring_recvmsg_name(o);

		addr = &a->sin6_addr;
		port = ntohs(a->sin6_port);
	} else {
		struct sockaddr_in *a = io_uring_recvmsg_name(o);

		addr = &a->sin_addr;
		port = ntohs(a->sin_port);
	}
	if (!inet_ntop(s->af, addr, name, sizeof(name)))
		strcpy(name, "?");
	fprintf(stderr, "udp_server: %u bytes from [%s]:%d\n", len, name, port);
}

static int handle_recv(struct server *s, struct io_uring_cqe *cqe)
{
	struct io_uring_recvmsg_out *o;
	struct io_uring_sqe *sqe;
	struct send_slot *slot;
	unsigned bid, len;

	if (!(cqe->flags & IORING_CQE_F_MORE)) {
		/* the multishot request is over: re-arm it, unless it ended
		 * because no buffer was left; then wait for one to return */
		s->recv_armed = false;
		/* buffers may have come back since the kernel ran out (they are
		 * recycled as earlier completions of this batch are handled) */
		if (cqe->res == -ENOBUFS && s->held == s->nbufs)
			s->recv_wanted = true;
		else if (!stop_requested && arm_recv(s) < 0)
			return -1;
	}
	if (cqe->res == -ENOBUFS) {
		s->nobufs++;
		return 0;
	}
	if (cqe->res < 0) {
		fprintf(stderr, "udp_server: recvmsg failed: %s%s\n", strerror(-cqe->res),
			cqe->res == -EINVAL ? " (kernel lacks multishot recvmsg, needs Linux 6.0+)" : "");
		return -1;
	}
	if (!(cqe->flags & IORING_CQE_F_BUFFER)) {
		fprintf(stderr, "udp_server: recvmsg completion without a buffer\n");
		return -1;
	}
	bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
	s->held++;
	o = io_uring_recvmsg_validate(buf_addr(s, bid), cqe->res, &s->recv_msg);
	if (!o) {
		fprintf(stderr, "udp_server: malformed recvmsg buffer, dropped\n");
		return recycle_buffer(s, bid);
	}
	if (o->namelen > s->recv_msg.msg_namelen) {
		fprintf(stderr, "udp_server: sender address truncated, datagram dropped\n");
		return recycle_buffer(s, bid);
	}
	len = io_uring_recvmsg_payload_length(o, cqe->res, &s->recv_msg);
	if (o->flags & MSG_TRUNC) {
		s->truncated++;
		fprintf(stderr, "udp_server: datagram of %u bytes truncated to %u (buffer %zu bytes), dropped\n",
			o->payloadlen, len, buf_size(s));
		return recycle_buffer(s, bid);
	}
	if (s->verbose)
		log_datagram(s, o, len);

	/* echo the payload to its sender straight from the receive buffer */
	slot = &s->slots[bid];
	slot->iov.iov_base = io_uring_recvmsg_payload(o, &s->recv_msg);
	slot->iov.iov_len = len;
	memset(&slot->msg, 0, sizeof(slot->msg));
	slot->msg.msg_name = io_uring_recvmsg_name(o);
	slot->msg.msg_namelen = o->namelen;
	slot->msg.msg_iov = &slot->iov;
	slot->msg.msg_iovlen = 1;
	sqe = get_sqe(s);
	if (!sqe) {
		fprintf(stderr, "udp_server: submission queue full, datagram dropped\n");
		return recycle_buffer(s, bid);
	}
	io_uring_prep_sendmsg(sqe, FIXED_SOCKET, &slot->msg, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	io_uring_sqe_set_data64(sqe, bid);
	return 0;
}

static int handle_send(struct server *s, struct io_uring_cqe *cqe)
{
	unsigned bid = (unsigned)cqe->user_data;

	if (cqe->res < 0) {
		s->send_errors++;
		fprintf(stderr, "udp_server: sendmsg failed: %s\n", strerror(-cqe->res));
	} else {
		s->echoed++;
		s->bytes += (unsigned)cqe->res;
	}
	return recycle_buffer(s, bid);
}

/* Cancel the receive and wait until it and every send have ended: until then the kernel may
 * write into the buffer ring and read the send slots, which main frees after the ring. */
static void drain(struct server *s)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	bool cancelling = false;

	if (s->recv_armed && (sqe = get_sqe(s))) {
		io_uring_prep_cancel64(sqe, RECV_TAG, 0);
		io_uring_sqe_set_data64(sqe, CANCEL_TAG);
		cancelling = true;
	}
	io_uring_submit(&s->ring);
	while (cancelling || s->recv_armed || s->held) {
		if (io_uring_wait_cqe(&s->ring, &cqe) < 0)
			return;
		if (cqe->user_data == CANCEL_TAG) {
			cancelling = false;
		} else if (cqe->user_data != RECV_TAG) {
			handle_send(s, cqe);
		} else {
			if (!(cqe->flags & IORING_CQE_F_MORE))
				s->recv_armed = false;
			if (cqe->flags & IORING_CQE_F_BUFFER) {
				/* a datagram from before the cancellation, not echoed: its buffer goes back */
				s->held++;
				recycle_buffer(s, cqe->flags >> IORING_CQE_BUFFER_SHIFT);
			}
		}
		io_uring_cqe_seen(&s->ring, cqe);
	}
}

int main(int argc, char **argv)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = WAIT_MSEC * 1000000LL };
	struct io_uring_cqe *cqes[MAX_CQES];
	struct server *s;
	int port = 0, fd, c, ret = 0;
	long v;

	s = calloc(1, sizeof(*s));
	if (!s) {
		fprintf(stderr, "udp_server: out of memory\n");
		return 1;
	}
	s->af = AF_INET;
	s->buf_shift = 12;
	s->nbufs = DEFAULT_NBUFS;
	while ((c = getopt_long(argc, argv, "p:6b:n:vh", help_option, NULL)) != -1) {
		switch (c) {
		case 'p':
			port = parse_port("udp_server", optarg);
			if (port < 0)
				return 2;
			break;
		case '6': s->af = AF_INET6; break;
		case 'b':
			/* at least room for header + IPv6 name + a little payload */
			if (parse_num(optarg, 8, 16, &v) < 0) {
				fprintf(stderr, "udp_server: -b wants 8..16 (256 B..64 KiB buffers)\n");
				return 2;
			}
			s->buf_shift = (unsigned)v;
			break;
		case 'n':
			if (parse_num(optarg, 1, 32768, &v) < 0 || (v & (v - 1))) {
				fprintf(stderr, "udp_server: -n wants a power of two, 1..32768\n");
				return 2;
			}
			s->nbufs = (unsigned)v;
			break;
		case 'v': s->verbose = true; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (optind < argc) {
		usage(stderr, argv[0]);
		return 2;
	}
	install_signal_handlers();
	s->slots = calloc(s->nbufs, sizeof(*s->slots));
	if (!s->slots) {
		fprintf(stderr, "udp_server: out of memory\n");
		return 1;
	}

	fd = open_socket(s->af, port);
	if (fd < 0)
		return 1;
	if (setup_ring(s) < 0)
		return 1;
	if (setup_buffers(s) < 0) {
		ret = -1;
		goto out;
	}
	/* the socket is used only through the fixed-file table from now on */
	ret = io_uring_register_files(&s->ring, &fd, 1);
	if (ret < 0) {
		fprintf(stderr, "udp_server: cannot register the socket: %s\n", strerror(-ret));
		goto out;
	}
	/* room for any sender address; no control messages */
	s->recv_msg.msg_namelen = sizeof(struct sockaddr_storage);
	s->recv_msg.msg_controllen = 0;
	if (arm_recv(s) < 0) {
		ret = -1;
		goto out;
	}

	while (!stop_requested) {
		struct io_uring_cqe *cqe;
		unsigned n;

		ret = io_uring_submit_and_wait_timeout(&s->ring, &cqe, 1, &ts, NULL);
		if (ret == -ETIME || ret == -EINTR) {
			ret = 0;
			continue;
		}
		if (ret < 0) {
			fprintf(stderr, "udp_server: io_uring wait: %s\n", strerror(-ret));
			break;
		}
		ret = 0;
		/* take the whole batch of ready completions at once */
		n = io_uring_peek_batch_cqe(&s->ring, cqes, MAX_CQES);
		for (unsigned i = 0; i < n && ret == 0; i++) {
			if (cqes[i]->user_data == RECV_TAG)
				ret = handle_recv(s, cqes[i]);
			else
				ret = handle_send(s, cqes[i]);
		}
		io_uring_cq_advance(&s->ring, n);
		if (ret < 0)
			break;
	}
	if (ret == 0)
		drain(s);
	fprintf(stderr, "udp_server: shutting down: %llu datagrams (%llu bytes) echoed, "
		"%llu truncated, %llu out-of-buffer events, %llu send errors\n",
		s->echoed, s->bytes, s->truncated, s->nobufs, s->send_errors);
out:
	io_uring_queue_exit(&s->ring);
	if (s->br)
		munmap(s->br, s->br_size);
	close(fd);
	free(s->slots);
	free(s);
	return ret < 0 ? 1 : 0;
}
