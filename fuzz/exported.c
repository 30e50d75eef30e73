/*
 * rs_*: the functions liburing_rs.a exports under liburing's names. This file must not include
 * liburing.h: there the same names are the static inline C versions. The prototypes below are
 * liburing's with pointers to its structs spelled void * (the same ABI). See impls.h.
 */
#include "impls.h"

void *io_uring_recvmsg_validate(void *buf, int buf_len, struct msghdr *msgh);
void *io_uring_recvmsg_name(void *o);
void *io_uring_recvmsg_cmsg_firsthdr(void *o, struct msghdr *msgh);
void *io_uring_recvmsg_cmsg_nexthdr(void *o, struct msghdr *msgh, void *cmsg);
void *io_uring_recvmsg_payload(void *o, struct msghdr *msgh);
unsigned io_uring_recvmsg_payload_length(void *o, int buf_len, struct msghdr *msgh);
int io_uring_buf_ring_mask(unsigned entries);
void io_uring_buf_ring_init(void *br);
void io_uring_buf_ring_add(void *br, void *addr, unsigned len, unsigned short bid, int mask, int buf_offset);
void io_uring_buf_ring_advance(void *br, int count);
void io_uring_buf_ring_cq_advance(void *ring, void *br, int count);

void *rs_recvmsg_validate(void *buf, int buf_len, struct msghdr *msgh)
{ return io_uring_recvmsg_validate(buf, buf_len, msgh); }
void *rs_recvmsg_name(void *o) { return io_uring_recvmsg_name(o); }
void *rs_recvmsg_cmsg_firsthdr(void *o, struct msghdr *msgh)
{ return io_uring_recvmsg_cmsg_firsthdr(o, msgh); }
void *rs_recvmsg_cmsg_nexthdr(void *o, struct msghdr *msgh, void *cmsg)
{ return io_uring_recvmsg_cmsg_nexthdr(o, msgh, cmsg); }
void *rs_recvmsg_payload(void *o, struct msghdr *msgh) { return io_uring_recvmsg_payload(o, msgh); }
unsigned rs_recvmsg_payload_length(void *o, int buf_len, struct msghdr *msgh)
{ return io_uring_recvmsg_payload_length(o, buf_len, msgh); }
int rs_buf_ring_mask(unsigned entries) { return io_uring_buf_ring_mask(entries); }
void rs_buf_ring_init(void *br) { io_uring_buf_ring_init(br); }
void rs_buf_ring_add(void *br, void *addr, unsigned len, unsigned short bid, int mask, int buf_offset)
{ io_uring_buf_ring_add(br, addr, len, bid, mask, buf_offset); }
void rs_buf_ring_advance(void *br, int count) { io_uring_buf_ring_advance(br, count); }
void rs_buf_ring_cq_advance(unsigned *khead, void *br, int count)
{ io_uring_buf_ring_cq_advance(ours_ring_with_khead(khead), br, count); }
