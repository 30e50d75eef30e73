/*
 * The three implementations a fuzz harness compares, behind one set of names each:
 *   inl_*  uring-rs's static inline C (include/liburing/inline.h, generated from the Rust),
 *   rs_*   uring-rs's exported Rust functions (the same names in liburing_rs.a),
 *   ref_*  liburing 2.3's inline C (/usr/include/liburing.h, Debian's liburing-dev).
 * ours.c defines inl_*, exported.c rs_* (it cannot include our liburing.h, where the names
 * are the inline functions), liburing23.c ref_*.
 * Ring memory and recvmsg buffers are passed as void * so that no header is shared.
 */
#ifndef URING_RS_FUZZ_IMPLS_H
#define URING_RS_FUZZ_IMPLS_H
#include <sys/socket.h>

#define IMPL_DECLS(p)                                                                        \
	void *p##recvmsg_validate(void *buf, int buf_len, struct msghdr *msgh);              \
	void *p##recvmsg_name(void *o);                                                      \
	void *p##recvmsg_cmsg_firsthdr(void *o, struct msghdr *msgh);                        \
	void *p##recvmsg_cmsg_nexthdr(void *o, struct msghdr *msgh, void *cmsg);             \
	void *p##recvmsg_payload(void *o, struct msghdr *msgh);                              \
	unsigned p##recvmsg_payload_length(void *o, int buf_len, struct msghdr *msgh);       \
	int p##buf_ring_mask(unsigned entries);                                              \
	void p##buf_ring_init(void *br);                                                     \
	void p##buf_ring_add(void *br, void *addr, unsigned len, unsigned short bid, int mask, \
			     int buf_offset);                                                \
	void p##buf_ring_advance(void *br, int count);                                       \
	void p##buf_ring_cq_advance(unsigned *khead, void *br, int count);

IMPL_DECLS(inl_)
IMPL_DECLS(rs_)
IMPL_DECLS(ref_)

/* a uring-rs struct io_uring whose cq.khead is `khead`, the rest zero (ours.c) */
void *ours_ring_with_khead(unsigned *khead);

/* sizeof(struct io_uring_recvmsg_out) */
#define RECVMSG_OUT_SIZE 16

#endif
