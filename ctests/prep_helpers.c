/*
 * The non-prep helpers: io_uring_recvmsg_validate/_name/_payload/_payload_length/_cmsg_firsthdr
 * /_cmsg_nexthdr on real multishot recvmsg output (UDP on 127.0.0.1 with two control messages)
 * and on truncated or bogus buffers placed against a PROT_NONE guard page, so any read past
 * the buffer faults; sqe_set_* and cqe_get_data*; the SQ/CQ shift helpers; uring_ptr_to_u64,
 * __io_uring_set_target_fixed_file, io_uring_initialize_sqe, __io_uring_prep_poll_mask,
 * io_uring_load_sq_head, _io_uring_get_sqe, io_uring_get_sqe128 (NULL on a plain ring),
 * __io_uring_peek_cqe, io_uring_skip_cqe.
 */
#include "prep_common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>

static struct io_uring ring;

/* `len` bytes ending exactly at a PROT_NONE page. */
static unsigned char *guarded(size_t len)
{
	long pg = sysconf(_SC_PAGESIZE);
	unsigned char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED && mprotect(m + pg, pg, PROT_NONE) == 0, "guard mapping");
	return m + pg - len;
}

static void test_recvmsg_real(void)
{
	int r = socket(AF_INET, SOCK_DGRAM, 0), s = socket(AF_INET, SOCK_DGRAM, 0), one = 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) }, from;
	socklen_t alen = sizeof(a), flen = sizeof(from);
	CHECK(r >= 0 && s >= 0 && bind(r, (struct sockaddr *)&a, alen) == 0, "udp sockets");
	CHECK(getsockname(r, (struct sockaddr *)&a, &alen) == 0, "getsockname");
	CHECK(setsockopt(r, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) == 0, "IP_PKTINFO");
	CHECK(setsockopt(r, IPPROTO_IP, IP_RECVTTL, &one, sizeof(one)) == 0, "IP_RECVTTL");

	enum { NBUF = 4, BUFSZ = 256 };
	static char bufs[NBUF][BUFSZ];
	io_uring_prep_provide_buffers(t_sqe(&ring), bufs, BUFSZ, NBUF, 1, 0);
	CHECK(t_run(&ring) >= 0, "provide_buffers");

	struct msghdr msg;
	t_arm_recvmsg_multishot(&ring, r, &msg, 1, 9);

	const char *payloads[2] = { "first datagram", "2nd" };
	for (int i = 0; i < 2; i++) {
		CHECK(sendto(s, payloads[i], strlen(payloads[i]), 0, (struct sockaddr *)&a, alen) ==
			      (ssize_t)strlen(payloads[i]),
		      "sendto");
		struct io_uring_cqe *cqe = t_cqe(&ring);
		/* multishot recvmsg is of 6.0, the release of IORING_OP_SEND_ZC: an older kernel
		 * ends the request at once */
		if (i == 0 && cqe->user_data == 9 &&
		    t_rejects(t_op_supported(IORING_OP_SEND_ZC), cqe->res, "recvmsg multishot")) {
			io_uring_cqe_seen(&ring, cqe);
			close(r), close(s);
			return;
		}
		CHECK(cqe->user_data == 9 && cqe->res > 0 && (cqe->flags & IORING_CQE_F_MORE) &&
			      (cqe->flags & IORING_CQE_F_BUFFER),
		      "multishot recvmsg CQE res %d flags %x", cqe->res, cqe->flags);
		char *buf = bufs[cqe->flags >> IORING_CQE_BUFFER_SHIFT];
		int len = cqe->res;
		io_uring_cqe_seen(&ring, cqe);

		struct io_uring_recvmsg_out *o = io_uring_recvmsg_validate(buf, len, &msg);
		CHECK(o == (void *)buf, "validate rejected real output");
		CHECK(o->namelen == sizeof(struct sockaddr_in), "namelen %u", o->namelen);
		struct sockaddr_in *name = io_uring_recvmsg_name(o);
		CHECK((char *)name == buf + sizeof(*o), "name position");
		CHECK(getsockname(s, (struct sockaddr *)&from, &flen) == 0 && name->sin_port == from.sin_port,
		      "source port");
		CHECK(o->payloadlen == strlen(payloads[i]), "payloadlen %u", o->payloadlen);
		char *pl = io_uring_recvmsg_payload(o, &msg);
		CHECK(pl == buf + sizeof(*o) + msg.msg_namelen + msg.msg_controllen, "payload position");
		CHECK(io_uring_recvmsg_payload_length(o, len, &msg) == strlen(payloads[i]), "payload_length %u",
		      io_uring_recvmsg_payload_length(o, len, &msg));
		CHECK(!memcmp(pl, payloads[i], strlen(payloads[i])), "payload data");

		int seen_pktinfo = 0, seen_ttl = 0, n = 0;
		for (struct cmsghdr *c = io_uring_recvmsg_cmsg_firsthdr(o, &msg); c;
		     c = io_uring_recvmsg_cmsg_nexthdr(o, &msg, c)) {
			CHECK(++n <= 2, "more cmsgs than were asked for");
			if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
				struct in_pktinfo pi;
				memcpy(&pi, CMSG_DATA(c), sizeof(pi));
				CHECK(pi.ipi_addr.s_addr == htonl(INADDR_LOOPBACK), "pktinfo addr");
				seen_pktinfo = 1;
			} else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
				seen_ttl = 1;
			}
		}
		CHECK(seen_pktinfo && seen_ttl, "cmsgs: pktinfo %d ttl %d", seen_pktinfo, seen_ttl);

		/* truncated copies of the real output, ending at a guard page */
		for (int cut = 0; cut <= len; cut++) {
			unsigned char *g = guarded(len);
			memcpy(g, buf, len);
			unsigned char *t = g + len - cut; /* the last `cut` bytes of a len-byte copy */
			memmove(t, g, cut);
			struct io_uring_recvmsg_out *to = io_uring_recvmsg_validate(t, cut, &msg);
			size_t need = sizeof(*o) + msg.msg_namelen + msg.msg_controllen;
			CHECK((to != NULL) == ((size_t)cut >= need), "validate(%d bytes) %p", cut, (void *)to);
			if (to) {
				for (struct cmsghdr *c = io_uring_recvmsg_cmsg_firsthdr(to, &msg); c;
				     c = io_uring_recvmsg_cmsg_nexthdr(to, &msg, c))
					;
				CHECK(io_uring_recvmsg_payload_length(to, cut, &msg) == cut - need, "payload_length");
			}
			munmap(g + len - sysconf(_SC_PAGESIZE), 2 * sysconf(_SC_PAGESIZE));
		}
	}
	io_uring_prep_cancel64(t_sqe(&ring), 9, 0);
	CHECK_RET(io_uring_submit(&ring), 1);
	for (int i = 0; i < 2; i++)
		io_uring_cqe_seen(&ring, t_cqe(&ring));
	close(r), close(s);
}

/* Bogus headers: controllen / cmsg_len that point past the buffer must not be followed. */
static void test_recvmsg_bogus(void)
{
	struct msghdr msg;
	memset(&msg, 0, sizeof(msg));
	msg.msg_namelen = 16;
	msg.msg_controllen = 2 * CMSG_SPACE(4);
	size_t len = sizeof(struct io_uring_recvmsg_out) + 16 + msg.msg_controllen; /* no payload */
	unsigned char *g = guarded(len);
	memset(g, 0, len);
	struct io_uring_recvmsg_out *o = io_uring_recvmsg_validate(g, len, &msg);
	CHECK(o, "validate exact-size buffer");
	CHECK(io_uring_recvmsg_payload_length(o, len, &msg) == 0, "no payload");
	CHECK(io_uring_recvmsg_validate(g, len - 1, &msg) == NULL, "validate one byte short");
	CHECK(io_uring_recvmsg_validate(g, -5, &msg) == NULL, "validate negative length");
	CHECK(io_uring_recvmsg_payload_length(o, -5, &msg) == 0, "payload_length negative");

	o->controllen = 0xffffffff; /* larger than what was asked for */
	struct cmsghdr *c = io_uring_recvmsg_cmsg_firsthdr(o, &msg);
	CHECK(c && (unsigned char *)c == g + sizeof(*o) + 16, "firsthdr position");
	c->cmsg_len = CMSG_LEN(4);
	struct cmsghdr *c2 = io_uring_recvmsg_cmsg_nexthdr(o, &msg, c);
	CHECK(c2 && (unsigned char *)c2 == (unsigned char *)c + CMSG_SPACE(4), "nexthdr position");
	c2->cmsg_len = CMSG_LEN(4);
	CHECK(io_uring_recvmsg_cmsg_nexthdr(o, &msg, c2) == NULL, "walk past the control area");
	/* the largest signed value of cmsg_len's type: size_t (32 bits on i686), socklen_t on musl */
	c2->cmsg_len = (__typeof__(c2->cmsg_len))-1 >> 1;
	CHECK(io_uring_recvmsg_cmsg_nexthdr(o, &msg, c2) == NULL, "huge cmsg_len");
	c2->cmsg_len = (__typeof__(c2->cmsg_len))-1;
	CHECK(io_uring_recvmsg_cmsg_nexthdr(o, &msg, c2) == NULL, "wrapping cmsg_len");
	c2->cmsg_len = 3;
	CHECK(io_uring_recvmsg_cmsg_nexthdr(o, &msg, c2) == NULL, "cmsg_len below the header");
	c2->cmsg_len = CMSG_LEN(4) + 64; /* claims more data than the area holds */
	CHECK(io_uring_recvmsg_cmsg_nexthdr(o, &msg, c) == NULL, "next cmsg overruns the area");
	o->controllen = 8; /* too small for one header */
	CHECK(io_uring_recvmsg_cmsg_firsthdr(o, &msg) == NULL, "firsthdr with controllen 8");
	msg.msg_controllen = 0;
	o->controllen = 0xffffffff;
	CHECK(io_uring_recvmsg_cmsg_firsthdr(o, &msg) == NULL, "firsthdr with msg_controllen 0");
	msg.msg_namelen = 0xffffffff;
	CHECK(io_uring_recvmsg_validate(g, len, &msg) == NULL, "huge namelen");
}

static void test_sqe_cqe_helpers(void)
{
	struct io_uring_sqe *sqe = t_sqe(&ring);
	unsigned char *b = (unsigned char *)sqe;

	memset(sqe, 0xa5, sizeof(*sqe));
	io_uring_initialize_sqe(sqe);
	CHECK(sqe->flags == 0 && sqe->ioprio == 0 && sqe->rw_flags == 0 && sqe->buf_index == 0 &&
		      sqe->personality == 0 && sqe->file_index == 0 && sqe->addr3 == 0 && sqe->__pad2[0] == 0,
	      "initialize_sqe");
	CHECK(sqe->opcode == 0xa5 && sqe->user_data == 0xa5a5a5a5a5a5a5a5ull && b[4] == 0xa5, "initialize_sqe "
											    "touched more");
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data(sqe, &ring);
	CHECK(sqe->user_data == uring_ptr_to_u64(&ring), "set_data");
	io_uring_sqe_set_data64(sqe, 0x0102030405060708ull);
	CHECK(sqe->user_data == 0x0102030405060708ull, "set_data64");
	io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK | 0x100);
	CHECK(sqe->flags == IOSQE_IO_LINK, "set_flags");
	io_uring_sqe_set_buf_group(sqe, 0x12345);
	CHECK(sqe->buf_group == 0x2345, "set_buf_group");
	__io_uring_set_target_fixed_file(sqe, 7);
	CHECK(sqe->file_index == 8, "set_target_fixed_file");
	CHECK(__io_uring_prep_poll_mask(0x12345678) == (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0x12345678u : 0x56781234u),
	      "poll_mask");
	io_uring_sqe_set_flags(sqe, 0);
	io_uring_sqe_set_data64(sqe, 0x55);
	CHECK_RET(io_uring_submit(&ring), 1);
	struct io_uring_cqe *cqe = t_cqe(&ring);
	CHECK(io_uring_cqe_get_data64(cqe) == 0x55 && io_uring_cqe_get_data(cqe) == (void *)0x55, "cqe_get_data");
	io_uring_cqe_seen(&ring, cqe);

	/* shifts */
	CHECK(io_uring_sqe_shift(&ring) == 0 && io_uring_cqe_shift(&ring) == 0, "plain ring shifts");
	CHECK(io_uring_sqe_shift_from_flags(IORING_SETUP_SQE128) == 1 && io_uring_sqe_shift_from_flags(0) == 0,
	      "sqe_shift_from_flags");
	CHECK(io_uring_cqe_shift_from_flags(IORING_SETUP_CQE32) == 1 &&
		      io_uring_cqe_shift_from_flags(IORING_SETUP_SQE128) == 0,
	      "cqe_shift_from_flags");
	struct io_uring big;
	if (io_uring_queue_init(4, &big, IORING_SETUP_SQE128 | IORING_SETUP_CQE32) == 0) {
		CHECK(io_uring_sqe_shift(&big) == 1 && io_uring_cqe_shift(&big) == 1, "big ring shifts");
		struct io_uring_sqe *s1 = io_uring_get_sqe128(&big), *s2 = _io_uring_get_sqe(&big);
		CHECK(s1 && s2 && (char *)s2 - (char *)s1 == 128, "SQE128 ring: get_sqe128 / _get_sqe stride");
		io_uring_prep_nop(s1);
		io_uring_prep_nop(s2);
		CHECK_RET(io_uring_submit(&big), 2);
		CHECK(io_uring_load_sq_head(&big) == 2, "load_sq_head after submit");
		io_uring_queue_exit(&big);
	} else {
		t_rejects(0, -EINVAL, "IORING_SETUP_SQE128|CQE32");
	}
	CHECK(io_uring_get_sqe128(&ring) == NULL, "get_sqe128 on a plain ring");

	/* __io_uring_peek_cqe / io_uring_skip_cqe */
	unsigned avail = 99;
	CHECK_RET(__io_uring_peek_cqe(&ring, &cqe, &avail), 0);
	CHECK(cqe == NULL && avail == 0, "peek on empty CQ");
	io_uring_prep_nop(t_sqe(&ring));
	io_uring_prep_nop(t_sqe(&ring));
	CHECK_RET(io_uring_submit_and_wait(&ring, 2), 2);
	CHECK_RET(__io_uring_peek_cqe(&ring, &cqe, &avail), 0);
	CHECK(cqe && avail == 2, "peek: %p avail %u", (void *)cqe, avail);
	int err = 0;
	CHECK(!io_uring_skip_cqe(&ring, cqe, &err) && err == 0, "an ordinary CQE is not skipped");
	io_uring_cqe_seen(&ring, cqe);
	CHECK_RET(__io_uring_peek_cqe(&ring, &cqe, NULL), 0);
	io_uring_cqe_seen(&ring, cqe);
	CHECK(io_uring_cq_ready(&ring) == 0, "CQ drained");
}

int main(void)
{
	t_ring(&ring, 16, 0);
	test_sqe_cqe_helpers();
	test_recvmsg_real();
	test_recvmsg_bogus();
	io_uring_queue_exit(&ring);
	return t_finish();
}
