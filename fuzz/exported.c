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

#define WRAP(name) rs_##name
#define RING_WITH_KHEAD ours_ring_with_khead
#include "wrappers.inc"
