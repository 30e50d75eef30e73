/*
 * libFuzzer harness: the multishot-recvmsg parsers, io_uring_recvmsg_validate, _name,
 * _cmsg_firsthdr, _cmsg_nexthdr, _payload, _payload_length, on buffers and msghdr values taken
 * from the input (what the kernel, and through it a peer, controls).
 *
 * Input: msg_namelen (4 bytes), msg_controllen (8), a buf_len selector (4), then the buffer
 * (header, name, control messages, payload). Checked on every input:
 *  1. uring-rs's inline C and exported Rust agree on every result (pointers compared);
 *  2. uring-rs's own contract: validate succeeds exactly when buf_len >= 16 + namelen +
 *     controllen (computed without overflow); every cmsg the walk returns lies with its header
 *     and its CMSG_ALIGN(cmsg_len) inside the control area the caller's msghdr describes
 *     (bounded by the header's controllen), so reading it stays in the buffer; the walk ends;
 *     payload_length is the bytes after the areas;
 *  3. liburing 2.3 (whose helpers are those of 2.15) agrees wherever its code is well defined:
 *     validate when 16 + namelen + controllen does not wrap; the walk when the header's
 *     controllen is no larger than msg_controllen (the kernel never reports more) and no
 *     cmsg_len is so large that liburing's pointer sums wrap; name/payload/payload_length
 *     on validated buffers.
 * A violation aborts (libFuzzer saves the input as a crash-* file).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "impls.h"

#define FAIL(...) do { fprintf(stderr, "recvmsg fuzz: " __VA_ARGS__); fprintf(stderr, "\n"); abort(); } while (0)
#define MAX_WALK 4096

struct out_hdr { uint32_t namelen, controllen, payloadlen, flags; };

static size_t cmsg_align(size_t n) { return (n + sizeof(size_t) - 1) & ~(sizeof(size_t) - 1); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t namelen, sel;
	uint64_t controllen;
	if (size < 16)
		return 0;
	memcpy(&namelen, data, 4);
	memcpy(&controllen, data + 4, 8);
	memcpy(&sel, data + 12, 4);
	data += 16;
	size -= 16;
	/* mostly lengths of a plausible size, sometimes anything */
	if (!(sel & 0x100))
		namelen %= 256;
	if (!(sel & 0x200))
		controllen %= 512;
	/* the buffer is exactly `size` bytes, so that ASan sees any read past it */
	uint8_t *buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	int buf_len = (int)size;
	if (sel & 0x400)          /* a caller passing a length that is not the buffer's */
		buf_len = (int)(sel >> 12) - 0x40000;

	struct msghdr m;
	memset(&m, 0, sizeof(m));
	m.msg_namelen = namelen;
	m.msg_controllen = controllen;

	void *oi = inl_recvmsg_validate(buf, buf_len, &m);
	void *orr = rs_recvmsg_validate(buf, buf_len, &m);
	if (oi != orr)
		FAIL("validate: inline %p, exported %p", oi, orr);
	unsigned __int128 need = (unsigned __int128)RECVMSG_OUT_SIZE + namelen + controllen;
	int valid = buf_len >= 0 && (unsigned __int128)buf_len >= need;
	if (valid != (oi != NULL))
		FAIL("validate returned %p for buf_len %d, need %llu", oi, buf_len, (unsigned long long)need);
	if (need <= UINT64_MAX) {
		void *oref = ref_recvmsg_validate(buf, buf_len, &m);
		if (oref != oi)
			FAIL("validate: liburing %p, uring-rs %p", oref, oi);
	}
	if (!oi || buf_len != (int)size) {
		/* the walkers are only for validated buffers of the length given */
		free(buf);
		return 0;
	}

	struct out_hdr h;
	memcpy(&h, buf, sizeof(h));
	uint8_t *name = inl_recvmsg_name(oi);
	if (name != rs_recvmsg_name(oi) || name != ref_recvmsg_name(oi) || name != buf + RECVMSG_OUT_SIZE)
		FAIL("name");
	uint8_t *ctrl = name + namelen;
	size_t area = h.controllen < controllen ? h.controllen : controllen;
	int ref_ok = h.controllen <= controllen;

	void *ci = inl_recvmsg_cmsg_firsthdr(oi, &m);
	void *cr = rs_recvmsg_cmsg_firsthdr(oi, &m);
	if (ci != cr)
		FAIL("firsthdr: inline %p, exported %p", ci, cr);
	if (ref_ok && ref_recvmsg_cmsg_firsthdr(oi, &m) != ci)
		FAIL("firsthdr: liburing differs");
	if (ci && (uint8_t *)ci != ctrl)
		FAIL("firsthdr not at the control area");
	if (ci && area < sizeof(struct cmsghdr))
		FAIL("firsthdr with %zu control bytes", area);
	unsigned walked = 0;
	while (ci) {
		size_t off = (size_t)((uint8_t *)ci - ctrl);
		struct cmsghdr c;
		if (off + sizeof(c) > area)
			FAIL("cmsg %u at offset %zu: header past the control area (%zu)", walked, off, area);
		memcpy(&c, ci, sizeof(c));
		/* a returned cmsg's header is in the area, and so is its data, as long as
		 * its length (liburing returns one with cmsg_len < its header too; the walk
		 * stops after it) */
		if (walked && (cmsg_align(c.cmsg_len) < c.cmsg_len || cmsg_align(c.cmsg_len) > area - off))
			FAIL("cmsg %u: cmsg_len %zu does not fit in the area", walked, (size_t)c.cmsg_len);
		if (++walked > MAX_WALK)
			FAIL("cmsg walk does not end");
		void *ni = inl_recvmsg_cmsg_nexthdr(oi, &m, ci);
		void *nr = rs_recvmsg_cmsg_nexthdr(oi, &m, ci);
		if (ni != nr)
			FAIL("nexthdr %u: inline %p, exported %p", walked, ni, nr);
		/* liburing adds CMSG_ALIGN(cmsg_len) to pointers: defined while that stays small */
		if (ref_ok && c.cmsg_len < (1u << 30)) {
			struct cmsghdr nc;
			uint8_t *next = (uint8_t *)ci + cmsg_align(c.cmsg_len);
			int next_len_ok = 1;
			if (c.cmsg_len >= sizeof(c) && next + sizeof(nc) <= ctrl + area) {
				memcpy(&nc, next, sizeof(nc));
				next_len_ok = nc.cmsg_len < (1u << 30);
			}
			if (next_len_ok && ref_recvmsg_cmsg_nexthdr(oi, &m, ci) != ni)
				FAIL("nexthdr %u: liburing %p, uring-rs %p", walked, ref_recvmsg_cmsg_nexthdr(oi, &m, ci), ni);
		}
		ci = ni;
	}

	uint8_t *pi = inl_recvmsg_payload(oi, &m);
	if (pi != rs_recvmsg_payload(oi, &m) || pi != ref_recvmsg_payload(oi, &m) || pi != ctrl + controllen)
		FAIL("payload");
	unsigned li = inl_recvmsg_payload_length(oi, buf_len, &m);
	if (li != rs_recvmsg_payload_length(oi, buf_len, &m) || li != ref_recvmsg_payload_length(oi, buf_len, &m) ||
	    li != (unsigned)(size - (size_t)(pi - buf)))
		FAIL("payload_length %u", li);
	free(buf);
	return 0;
}
