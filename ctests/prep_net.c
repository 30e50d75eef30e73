/*
 * Real-kernel test of the network prep helpers on 127.0.0.1 and ::1: socket (+ _direct,
 * _direct_alloc), bind, listen, connect, accept (+ _direct, multishot, multishot_direct),
 * send/recv (+ multishot, send_set_addr, sendto, send_bundle), send_zc (+ _fixed),
 * sendmsg/recvmsg, sendmsg_zc (+ _fixed), shutdown, cmd_sock (SIOCINQ, SIOCOUTQ, GETSOCKOPT,
 * SETSOCKOPT) and uring_cmd.
 */
#include "prep_common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/mman.h>

static struct io_uring ring;

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_storage ss;
};

static socklen_t loopback(int family, union addr *a)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET) {
		a->in.sin_family = AF_INET;
		a->in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(a->in);
	}
	a->in6.sin6_family = AF_INET6;
	a->in6.sin6_addr = in6addr_loopback;
	return sizeof(a->in6);
}

/* Wait for the CQE with user_data `ud` among the next ones (others are returned in order). */
static int res_of(__u64 ud, unsigned *flags)
{
	struct io_uring_cqe *cqe = t_cqe(&ring);
	CHECK(cqe->user_data == ud, "got user_data %llu res %d, wanted %llu", (unsigned long long)cqe->user_data,
	      cqe->res, (unsigned long long)ud);
	int res = cqe->res;
	if (flags)
		*flags = cqe->flags;
	io_uring_cqe_seen(&ring, cqe);
	return res;
}

/* A listening TCP socket made with io_uring socket/bind/listen; returns fd, fills addr. */
static int tcp_listener(int family, union addr *a, socklen_t *alen)
{
	io_uring_prep_socket(t_sqe(&ring), family, SOCK_STREAM | SOCK_CLOEXEC, 0, 0);
	int fd = t_run(&ring);
	CHECK(fd >= 0, "socket: %d", fd);
	*alen = loopback(family, a);
	io_uring_prep_bind(t_sqe(&ring), fd, &a->sa, *alen);
	int res = t_run(&ring);
	if (t_rejects(t_op_supported(IORING_OP_BIND), res, "bind"))
		CHECK(bind(fd, &a->sa, *alen) == 0, "bind(2)");
	else
		CHECK(res == 0, "bind: %d", res);
	io_uring_prep_listen(t_sqe(&ring), fd, 16);
	res = t_run(&ring);
	if (t_rejects(t_op_supported(IORING_OP_LISTEN), res, "listen"))
		CHECK(listen(fd, 16) == 0, "listen(2)");
	else
		CHECK(res == 0, "listen: %d", res);
	CHECK(getsockname(fd, &a->sa, alen) == 0, "getsockname");
	return fd;
}

static int tcp_connect(int family, const union addr *a, socklen_t alen)
{
	io_uring_prep_socket(t_sqe(&ring), family, SOCK_STREAM, 0, 0);
	int fd = t_run(&ring);
	CHECK(fd >= 0, "socket: %d", fd);
	io_uring_prep_connect(t_sqe(&ring), fd, &a->sa, alen);
	CHECK_RET(t_run(&ring), 0);
	return fd;
}

/* connect(2), for while a multishot request may post CQEs at any time */
static int raw_connect(int family, const union addr *a, socklen_t alen)
{
	int fd = socket(family, SOCK_STREAM, 0);
	CHECK(fd >= 0 && connect(fd, &a->sa, alen) == 0, "connect(2): %s", strerror(errno));
	return fd;
}

static void recv_exact(int fd, const char *want, size_t n)
{
	char buf[256] = { 0 };
	size_t got = 0;
	while (got < n) {
		ssize_t r = recv(fd, buf + got, n - got, 0);
		CHECK(r > 0, "recv(2): %zd", r);
		got += r;
	}
	CHECK(!memcmp(buf, want, n), "received %.*s, wanted %.*s", (int)n, buf, (int)n, want);
}

/* send_zc CQE pair: the result (F_MORE) then the notification (F_NOTIF). */
static int zc_result(void)
{
	unsigned flags;
	CHECK_RET(io_uring_submit(&ring), 1);
	int res = res_of(0, &flags);
	/* a failed send ends there, unless F_MORE says its notification follows (6.1 posts
	 * one after refusing a flag at issue) */
	if (res < 0 && !(flags & IORING_CQE_F_MORE))
		return res;
	CHECK(flags & IORING_CQE_F_MORE, "zc result without F_MORE");
	struct io_uring_cqe *cqe = t_cqe(&ring);
	CHECK(cqe->flags & IORING_CQE_F_NOTIF, "second zc CQE is not a notification (flags %x)", cqe->flags);
	io_uring_cqe_seen(&ring, cqe);
	return res;
}

static void test_stream(int family)
{
	union addr srv, peer;
	socklen_t slen, plen = sizeof(peer);
	int lfd = tcp_listener(family, &srv, &slen);
	int cfd = tcp_connect(family, &srv, slen);

	io_uring_prep_accept(t_sqe(&ring), lfd, &peer.sa, &plen, SOCK_CLOEXEC);
	int afd = t_run(&ring);
	CHECK(afd >= 0, "accept: %d", afd);
	CHECK(plen == slen && peer.sa.sa_family == family, "accept peer address len %u", plen);
	CHECK(fcntl(afd, F_GETFD) == FD_CLOEXEC, "accept flags not applied");

	/* send / recv */
	char buf[64] = { 0 };
	io_uring_prep_send(t_sqe(&ring), cfd, "hello", 5, 0);
	CHECK_RET(t_run(&ring), 5);
	io_uring_prep_recv(t_sqe(&ring), afd, buf, sizeof(buf), 0);
	CHECK_RET(t_run(&ring), 5);
	CHECK(!memcmp(buf, "hello", 5), "recv data");
	io_uring_prep_recv(t_sqe(&ring), afd, buf, sizeof(buf), MSG_DONTWAIT);
	CHECK_RET(t_run(&ring), -EAGAIN);

	/* sendmsg / recvmsg */
	struct iovec siov[2] = { { "ab", 2 }, { "cdef", 4 } };
	struct msghdr smsg = { .msg_iov = siov, .msg_iovlen = 2 };
	io_uring_prep_sendmsg(t_sqe(&ring), cfd, &smsg, 0);
	CHECK_RET(t_run(&ring), 6);
	struct iovec riov = { buf, sizeof(buf) };
	struct msghdr rmsg = { .msg_iov = &riov, .msg_iovlen = 1 };
	memset(buf, 0, sizeof(buf));
	io_uring_prep_recvmsg(t_sqe(&ring), afd, &rmsg, 0);
	CHECK_RET(t_run(&ring), 6);
	CHECK(!memcmp(buf, "abcdef", 6), "recvmsg data %s", buf);

	/* cmd_sock: SIOCINQ / SIOCOUTQ / GETSOCKOPT / SETSOCKOPT; uring_cmd with the same op */
	CHECK(send(cfd, "12345678", 8, 0) == 8, "send(2)");
	usleep(10000);
	io_uring_prep_cmd_sock(t_sqe(&ring), SOCKET_URING_OP_SIOCINQ, afd, 0, 0, NULL, 0);
	int res = t_run(&ring);
	if (!t_rejects(t_op_supported(IORING_OP_URING_CMD), res, "cmd_sock SIOCINQ")) {
		CHECK(res == 8, "SIOCINQ: %d", res);
		struct io_uring_sqe *sqe = t_sqe(&ring);
		io_uring_prep_uring_cmd(sqe, SOCKET_URING_OP_SIOCINQ, afd);
		CHECK_RET(t_run(&ring), 8);
		io_uring_prep_cmd_sock(t_sqe(&ring), SOCKET_URING_OP_SIOCOUTQ, cfd, 0, 0, NULL, 0);
		res = t_run(&ring);
		CHECK(res >= 0, "SIOCOUTQ: %d", res);
		int val = 0;
		io_uring_prep_cmd_sock(t_sqe(&ring), SOCKET_URING_OP_GETSOCKOPT, afd, SOL_SOCKET, SO_TYPE, &val,
				       sizeof(val));
		res = t_run(&ring);
		if (!t_rejects(t_op_supported(IORING_OP_URING_CMD), res, "cmd_sock GETSOCKOPT")) {
			CHECK(res == sizeof(val) && val == SOCK_STREAM, "GETSOCKOPT: res %d val %d", res, val);
			int one = 1;
			io_uring_prep_cmd_sock(t_sqe(&ring), SOCKET_URING_OP_SETSOCKOPT, afd, IPPROTO_TCP,
					       TCP_NODELAY, &one, sizeof(one));
			CHECK_RET(t_run(&ring), 0);
			socklen_t ol = sizeof(val);
			CHECK(getsockopt(afd, IPPROTO_TCP, TCP_NODELAY, &val, &ol) == 0 && val == 1,
			      "SETSOCKOPT TCP_NODELAY not applied");
		}
		/* an unknown socket cmd is the kernel's to refuse */
		io_uring_prep_cmd_sock(t_sqe(&ring), 0x7fff, afd, 0, 0, NULL, 0);
		CHECK_RET(t_run(&ring), -EOPNOTSUPP);
	}
	recv_exact(afd, "12345678", 8);

	/* send_zc, send_zc_fixed, sendmsg_zc, sendmsg_zc_fixed */
	io_uring_prep_send_zc(t_sqe(&ring), cfd, "zero-copy", 9, 0, 0);
	res = zc_result();
	if (!t_rejects(t_op_supported(IORING_OP_SEND_ZC), res, "send_zc")) {
		CHECK(res == 9, "send_zc: %d", res);
		recv_exact(afd, "zero-copy", 9);
		char *fixed = t_anon(4096);
		struct iovec reg = { fixed, 4096 };
		CHECK_RET(t_register(&ring, IORING_REGISTER_BUFFERS, &reg, 1), 0);
		memcpy(fixed + 100, "fixed-zc", 8);
		io_uring_prep_send_zc_fixed(t_sqe(&ring), cfd, fixed + 100, 8, 0, 0, 0);
		CHECK_RET(zc_result(), 8);
		recv_exact(afd, "fixed-zc", 8);

		struct iovec ziov = { "msg-zc", 6 };
		struct msghdr zmsg = { .msg_iov = &ziov, .msg_iovlen = 1 };
		io_uring_prep_sendmsg_zc(t_sqe(&ring), cfd, &zmsg, 0);
		CHECK_RET(zc_result(), 6);
		recv_exact(afd, "msg-zc", 6);

		memcpy(fixed + 200, "msgfixed", 8);
		struct iovec fiov = { fixed + 200, 8 };
		zmsg.msg_iov = &fiov;
		io_uring_prep_sendmsg_zc_fixed(t_sqe(&ring), cfd, &zmsg, 0, 0);
		res = zc_result();
		/* registered buffers for vectored sends are of 6.15, the release of IORING_OP_READV_FIXED */
		if (!t_rejects(t_op_supported(IORING_OP_READV_FIXED), res, "sendmsg_zc_fixed")) {
			CHECK(res == 8, "sendmsg_zc_fixed: %d", res);
			recv_exact(afd, "msgfixed", 8);
		}
		CHECK_RET(t_register(&ring, IORING_UNREGISTER_BUFFERS, NULL, 0), 0);
	}

	/* recv_multishot with provided buffers, ended by the peer's shutdown */
	static char pbufs[4][64];
	io_uring_prep_provide_buffers(t_sqe(&ring), pbufs, 64, 4, 7, 0);
	res = t_run(&ring);
	CHECK(res >= 0, "provide_buffers: %d", res);
	struct io_uring_sqe *sqe = t_sqe(&ring);
	io_uring_prep_recv_multishot(sqe, afd, NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = 7;
	io_uring_sqe_set_data64(sqe, 42);
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK(send(cfd, "one", 3, 0) == 3, "send");
	unsigned flags;
	res = res_of(42, &flags);
	CHECK(res == 3 && (flags & IORING_CQE_F_MORE) && (flags & IORING_CQE_F_BUFFER), "multishot recv 1: %d %x",
	      res, flags);
	int bid = flags >> IORING_CQE_BUFFER_SHIFT;
	CHECK(!memcmp(pbufs[bid], "one", 3), "multishot data 1");
	CHECK(send(cfd, "two!", 4, 0) == 4, "send");
	res = res_of(42, &flags);
	CHECK(res == 4 && (flags & IORING_CQE_F_MORE), "multishot recv 2: %d %x", res, flags);
	bid = flags >> IORING_CQE_BUFFER_SHIFT;
	CHECK(!memcmp(pbufs[bid], "two!", 4), "multishot data 2");

	io_uring_prep_shutdown(t_sqe(&ring), cfd, SHUT_WR);
	CHECK_RET(io_uring_submit(&ring), 1);
	/* the shutdown (user_data 0) and the multishot's EOF (res 0, no F_MORE) */
	int seen_shutdown = 0, seen_eof = 0;
	for (int i = 0; i < 2; i++) {
		struct io_uring_cqe *cqe = t_cqe(&ring);
		if (cqe->user_data == 0) {
			CHECK(cqe->res == 0, "shutdown: %d", cqe->res);
			seen_shutdown = 1;
		} else {
			CHECK(cqe->user_data == 42 && cqe->res == 0 && !(cqe->flags & IORING_CQE_F_MORE),
			      "multishot end: ud %llu res %d flags %x", (unsigned long long)cqe->user_data, cqe->res,
			      cqe->flags);
			seen_eof = 1;
		}
		io_uring_cqe_seen(&ring, cqe);
	}
	CHECK(seen_shutdown && seen_eof, "shutdown/EOF CQEs");
	io_uring_prep_remove_buffers(t_sqe(&ring), 4, 7);
	res = t_run(&ring);
	CHECK(res == 2, "remove_buffers removed %d (2 were consumed)", res);
	io_uring_prep_shutdown(t_sqe(&ring), lfd, 12345);
	CHECK_RET(t_run(&ring), -EINVAL);

	close(afd);
	close(cfd);
	close(lfd);
}

static void test_direct_and_multishot_accept(int family)
{
	union addr srv;
	socklen_t slen;
	int lfd = tcp_listener(family, &srv, &slen);
	int sparse[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
	CHECK_RET(t_register(&ring, IORING_REGISTER_FILES, sparse, 8), 0);

	/* accept_direct into slot 2, then talk through the fixed file */
	int cfd = tcp_connect(family, &srv, slen);
	io_uring_prep_accept_direct(t_sqe(&ring), lfd, NULL, NULL, 0, 2);
	CHECK_RET(t_run(&ring), 0);
	struct io_uring_sqe *sqe = t_sqe(&ring);
	io_uring_prep_send(sqe, 2, "direct", 6, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	CHECK_RET(t_run(&ring), 6);
	recv_exact(cfd, "direct", 6);
	close(cfd);

	/* accept_direct with IORING_FILE_INDEX_ALLOC: the CQE names the slot */
	cfd = tcp_connect(family, &srv, slen);
	io_uring_prep_accept_direct(t_sqe(&ring), lfd, NULL, NULL, 0, IORING_FILE_INDEX_ALLOC);
	int slot = t_run(&ring);
	CHECK(slot >= 0 && slot != 2, "accept_direct ALLOC: %d", slot);
	close(cfd);

	/* multishot accept: two connections, two CQEs with F_MORE; then cancel it */
	sqe = t_sqe(&ring);
	io_uring_prep_multishot_accept(sqe, lfd, NULL, NULL, SOCK_CLOEXEC);
	io_uring_sqe_set_data64(sqe, 100);
	CHECK_RET(io_uring_submit(&ring), 1);
	int c1 = raw_connect(family, &srv, slen);
	unsigned flags;
	int a1 = res_of(100, &flags);
	CHECK(a1 >= 0 && (flags & IORING_CQE_F_MORE), "multishot accept 1: %d %x", a1, flags);
	int c2 = raw_connect(family, &srv, slen);
	int a2 = res_of(100, &flags);
	CHECK(a2 >= 0 && a2 != a1 && (flags & IORING_CQE_F_MORE), "multishot accept 2: %d %x", a2, flags);
	close(a1), close(a2), close(c1), close(c2);
	io_uring_prep_cancel64(t_sqe(&ring), 100, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	for (int i = 0; i < 2; i++) {
		struct io_uring_cqe *cqe = t_cqe(&ring);
		if (cqe->user_data == 100)
			CHECK(cqe->res == -ECANCELED && !(cqe->flags & IORING_CQE_F_MORE), "canceled accept: %d",
			      cqe->res);
		else
			CHECK(cqe->res == 0, "cancel: %d", cqe->res);
		io_uring_cqe_seen(&ring, cqe);
	}

	/* multishot accept direct: slots picked by the kernel */
	sqe = t_sqe(&ring);
	io_uring_prep_multishot_accept_direct(sqe, lfd, NULL, NULL, 0);
	io_uring_sqe_set_data64(sqe, 200);
	CHECK_RET(io_uring_submit(&ring), 1);
	c1 = raw_connect(family, &srv, slen);
	int s1 = res_of(200, &flags);
	CHECK(s1 >= 0 && s1 < 8 && (flags & IORING_CQE_F_MORE), "multishot_accept_direct: %d", s1);
	close(c1);
	io_uring_prep_cancel_fd(t_sqe(&ring), lfd, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	for (int i = 0; i < 2; i++) {
		struct io_uring_cqe *cqe = t_cqe(&ring);
		if (cqe->user_data == 200)
			CHECK(cqe->res == -ECANCELED, "canceled accept direct: %d", cqe->res);
		else
			CHECK(cqe->res == 0, "cancel_fd: %d", cqe->res);
		io_uring_cqe_seen(&ring, cqe);
	}

	/* socket_direct into slot 6, socket_direct_alloc */
	io_uring_prep_socket_direct(t_sqe(&ring), family, SOCK_DGRAM, 0, 6, 0);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_socket_direct_alloc(t_sqe(&ring), family, SOCK_DGRAM, 0, 0);
	slot = t_run(&ring);
	CHECK(slot >= 0 && slot < 8 && slot != 6, "socket_direct_alloc: %d", slot);
	io_uring_prep_close_direct(t_sqe(&ring), 6);
	CHECK_RET(t_run(&ring), 0);

	CHECK_RET(t_register(&ring, IORING_UNREGISTER_FILES, NULL, 0), 0);
	close(lfd);
}

static void test_datagram(int family)
{
	union addr a, b;
	socklen_t alen = loopback(family, &a);
	socklen_t blen = loopback(family, &b);
	int s = socket(family, SOCK_DGRAM, 0), r = socket(family, SOCK_DGRAM, 0);
	CHECK(s >= 0 && r >= 0, "socket");
	CHECK(bind(r, &a.sa, alen) == 0 && getsockname(r, &a.sa, &alen) == 0, "bind");
	(void)blen;

	char buf[32] = { 0 };
	io_uring_prep_sendto(t_sqe(&ring), s, "dgram", 5, 0, &a.sa, alen);
	CHECK_RET(t_run(&ring), 5);
	CHECK(recv(r, buf, sizeof(buf), 0) == 5 && !memcmp(buf, "dgram", 5), "sendto data");

	struct io_uring_sqe *sqe = t_sqe(&ring);
	io_uring_prep_send(sqe, s, "set-addr", 8, 0);
	io_uring_prep_send_set_addr(sqe, &a.sa, alen);
	CHECK_RET(t_run(&ring), 8);
	CHECK(recv(r, buf, sizeof(buf), 0) == 8 && !memcmp(buf, "set-addr", 8), "send_set_addr data");
	/* without an address an unconnected datagram socket can't send */
	io_uring_prep_send(t_sqe(&ring), s, "x", 1, 0);
	CHECK_RET(t_run(&ring), -EDESTADDRREQ);
	close(s);
	close(r);
}

/* send_bundle: one send from several ring-provided buffers (raw PBUF_RING registration). */
static void test_send_bundle(void)
{
	union addr srv;
	socklen_t slen;
	int lfd = tcp_listener(AF_INET, &srv, &slen);
	int cfd = tcp_connect(AF_INET, &srv, slen);
	int afd = accept(lfd, NULL, NULL);
	CHECK(afd >= 0, "accept(2)");

	const unsigned entries = 8;
	struct io_uring_buf_ring *br = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(br != MAP_FAILED, "mmap");
	struct io_uring_buf_reg reg = { .ring_addr = (unsigned long)br, .ring_entries = entries, .bgid = 3 };
	int res = t_register(&ring, IORING_REGISTER_PBUF_RING, &reg, 1);
	if (t_rejects(0, res, "IORING_REGISTER_PBUF_RING"))
		goto out;
	static char data[3][16] = { "first,", "second,", "third" };
	for (int i = 0; i < 3; i++) {
		br->bufs[i].addr = (unsigned long)data[i];
		br->bufs[i].len = strlen(data[i]);
		br->bufs[i].bid = i;
	}
	__atomic_store_n(&br->tail, 3, __ATOMIC_RELEASE);

	struct io_uring_sqe *sqe = t_sqe(&ring);
	io_uring_prep_send_bundle(sqe, cfd, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = 3;
	unsigned flags;
	CHECK_RET(io_uring_submit(&ring), 1);
	res = res_of(0, &flags);
	if (!t_rejects(ring.features & IORING_FEAT_RECVSEND_BUNDLE, res, "send_bundle")) {
		CHECK(res == 18, "send_bundle sent %d (wanted all 3 buffers, 18 bytes)", res);
		CHECK(flags & IORING_CQE_F_BUFFER, "send_bundle CQE lacks F_BUFFER");
		recv_exact(afd, "first,second,third", 18);
	}
	struct io_uring_buf_reg unreg = { .bgid = 3 };
	CHECK_RET(t_register(&ring, IORING_UNREGISTER_PBUF_RING, &unreg, 1), 0);
out:
	munmap(br, 4096);
	close(afd), close(cfd), close(lfd);
}

int main(void)
{
	/* every part makes its sockets with IORING_OP_SOCKET (5.19) */
	if (!t_op_supported(IORING_OP_SOCKET))
		SKIP("kernel lacks IORING_OP_SOCKET (not in its probe), which every part of this test uses");
	t_ring(&ring, 32, 0);
	test_stream(AF_INET);
	test_direct_and_multishot_accept(AF_INET);
	test_datagram(AF_INET);
	test_send_bundle();

	int s6 = socket(AF_INET6, SOCK_STREAM, 0);
	union addr a6;
	socklen_t l6 = loopback(AF_INET6, &a6);
	if (s6 >= 0 && bind(s6, &a6.sa, l6) == 0) {
		close(s6);
		test_stream(AF_INET6);
		test_direct_and_multishot_accept(AF_INET6);
		test_datagram(AF_INET6);
	} else {
		t_rejects(0, -EAFNOSUPPORT, "IPv6 loopback ::1 (socket/bind(2) failed)");
	}
	io_uring_queue_exit(&ring);
	return t_finish();
}
