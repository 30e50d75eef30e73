/* inl_*: uring-rs's inline C (include/liburing/inline.h). See impls.h. */
#include <liburing.h>
#include <string.h>
#include "impls.h"

void *inl_recvmsg_validate(void *buf, int buf_len, struct msghdr *msgh)
{ return io_uring_recvmsg_validate(buf, buf_len, msgh); }
void *inl_recvmsg_name(void *o) { return io_uring_recvmsg_name(o); }
void *inl_recvmsg_cmsg_firsthdr(void *o, struct msghdr *msgh)
{ return io_uring_recvmsg_cmsg_firsthdr(o, msgh); }
void *inl_recvmsg_cmsg_nexthdr(void *o, struct msghdr *msgh, void *cmsg)
{ return io_uring_recvmsg_cmsg_nexthdr(o, msgh, cmsg); }
void *inl_recvmsg_payload(void *o, struct msghdr *msgh) { return io_uring_recvmsg_payload(o, msgh); }
unsigned inl_recvmsg_payload_length(void *o, int buf_len, struct msghdr *msgh)
{ return io_uring_recvmsg_payload_length(o, buf_len, msgh); }
int inl_buf_ring_mask(unsigned entries) { return io_uring_buf_ring_mask(entries); }
void inl_buf_ring_init(void *br) { io_uring_buf_ring_init(br); }
void inl_buf_ring_add(void *br, void *addr, unsigned len, unsigned short bid, int mask, int buf_offset)
{ io_uring_buf_ring_add(br, addr, len, bid, mask, buf_offset); }
void inl_buf_ring_advance(void *br, int count) { io_uring_buf_ring_advance(br, count); }
void inl_buf_ring_cq_advance(unsigned *khead, void *br, int count)
{ io_uring_buf_ring_cq_advance(ours_ring_with_khead(khead), br, count); }

void *ours_ring_with_khead(unsigned *khead)
{
	static struct io_uring ring;
	memset(&ring, 0, sizeof(ring));
	ring.cq.khead = khead;
	return &ring;
}
