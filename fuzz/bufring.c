/*
 * libFuzzer harness: the buffer-ring index arithmetic, io_uring_buf_ring_init, _add, _advance,
 * _cq_advance and _mask, driven by a sequence of operations taken from the input, on three
 * copies of one ring (uring-rs inline C, uring-rs exported Rust, liburing 2.3's inline C).
 *
 * Input: ring size (1 byte: 1 << (b % 16) entries, up to 32768), then 12-byte operations
 * (kind, then arguments). After every operation the three rings (every byte, tail included),
 * the three CQ heads and the guard areas around each ring are compared: an entry written
 * outside the ring, a tail that differs, or a CQ head that moves differently aborts.
 * Masks are any value in 0 .. entries-1 (liburing indexes with tail + offset & mask, so any
 * such mask stays inside the ring); buf_offset is any int for uring-rs (wrapping arithmetic)
 * and within +-2^30 for the comparison with liburing, whose int addition would overflow
 * beyond (undefined behaviour in C); the same for advance counts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "impls.h"

#define FAIL(...) do { fprintf(stderr, "bufring fuzz: " __VA_ARGS__); fprintf(stderr, "\n"); abort(); } while (0)
#define ENTRY 16            /* sizeof(struct io_uring_buf) */
#define GUARD 64
#define MAX_ENTRIES 32768

static uint8_t mem[3][GUARD + MAX_ENTRIES * ENTRY + GUARD] __attribute__((aligned(4096)));

/* entries written by this input: compared at its end, then zeroed for the next one */
static unsigned touched[4096];
static unsigned ntouched;

static void touch(long idx)
{
	if (ntouched < sizeof(touched) / sizeof(touched[0]))
		touched[ntouched++] = (unsigned)idx;
}

/* liburing's copy takes uring-rs's value of the entries an operation changed (where
 * liburing's code is undefined and was not called) */
static void sync_ref(long written)
{
	memcpy(mem[2] + GUARD, mem[0] + GUARD, ENTRY);
	if (written >= 0)
		memcpy(mem[2] + GUARD + (size_t)written * ENTRY, mem[0] + GUARD + (size_t)written * ENTRY, ENTRY);
}

/* The three copies agree on `len` bytes at `off` of the ring memory (guards included). */
static void same(size_t off, size_t len, unsigned step, const char *what)
{
	for (int i = 1; i < 3; i++)
		if (memcmp(mem[0] + off, mem[i] + off, len)) {
			size_t at = off;
			while (mem[0][at] == mem[i][at])
				at++;
			FAIL("step %u (%s): ring %s differs from the inline one at byte %zd of the ring",
			     step, what, i == 1 ? "exported" : "liburing", (ssize_t)at - GUARD);
		}
}

/* After each operation: the tail entry, the entry just written, the guards, the CQ heads.
 * The whole ring is compared at the end of the input. */
static void check(unsigned entries, const unsigned *kh, unsigned step, long written)
{
	size_t end = GUARD + (size_t)entries * ENTRY;
	same(GUARD, ENTRY, step, "tail");
	if (written >= 0)
		same(GUARD + (size_t)written * ENTRY, ENTRY, step, "entry");
	for (int g = 0; g < GUARD; g++)
		if (mem[0][g] != 0xa5 || mem[0][end + g] != 0xa5)
			FAIL("step %u: write outside the ring (guard byte %d)", step, g);
	if (kh[0] != kh[1] || kh[0] != kh[2])
		FAIL("step %u: CQ heads %u %u %u", step, kh[0], kh[1], kh[2]);
}

/*
 * liburing computes tail + offset and tail + count in int: for an offset or count within
 * 2^16 of INT_MAX that overflows (undefined behaviour, which UBSan reports: found by this
 * harness). uring-rs wraps; only the two uring-rs versions are compared there.
 */
static int ref_defined(int v)
{
	return v >= -(1 << 30) && v <= (1 << 30);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned entries = 1u << (data[0] % 16);
	data++;
	size--;
	size_t n = GUARD + (size_t)entries * ENTRY + GUARD;
	/* the rings are all zero between inputs (reset() below): only the guards are set */
	for (int i = 0; i < 3; i++) {
		memset(mem[i], 0xa5, GUARD);
		memset(mem[i] + n - GUARD, 0xa5, GUARD);
	}
	ntouched = 0;
	void *br[3] = { mem[0] + GUARD, mem[1] + GUARD, mem[2] + GUARD };
	unsigned kh[3] = { 0, 0, 0 };
	unsigned step = 0;
	inl_buf_ring_init(br[0]);
	rs_buf_ring_init(br[1]);
	ref_buf_ring_init(br[2]);
	for (; size >= 12; data += 12, size -= 12, step++) {
		uint32_t a, b;
		uint16_t c;
		long written = -1;
		uint16_t tail;
		memcpy(&tail, mem[0] + GUARD + 14, 2);   /* bufs[0].resv */
		memcpy(&a, data + 2, 4);
		memcpy(&b, data + 6, 4);
		memcpy(&c, data + 10, 2);
		switch (data[0] % 6) {
		case 0: {  /* add: addr a, len b, bid c, mask, offset */
			int mask = (int)((uint32_t)(data[1] | (c << 8)) % entries);
			if (data[1] & 1)
				mask = (int)entries - 1;       /* the usual mask */
			int off = (int)b;
			if (!(data[1] & 2))
				off = (int)(b % 4096) - 2048;   /* a plausible offset */
			void *addr = (void *)(uintptr_t)((uint64_t)a << 12 | a);
			written = (long)(((unsigned)tail + (unsigned)off) & (unsigned)mask);
			touch(written);
			inl_buf_ring_add(br[0], addr, b, c, mask, off);
			rs_buf_ring_add(br[1], addr, b, c, mask, off);
			if (ref_defined(off))
				ref_buf_ring_add(br[2], addr, b, c, mask, off);
			else
				sync_ref(written);      /* only uring-rs's two are compared */
			break;
		}
		case 1:   /* advance */
			inl_buf_ring_advance(br[0], (int)a);
			rs_buf_ring_advance(br[1], (int)a);
			if (ref_defined((int)a))
				ref_buf_ring_advance(br[2], (int)a);
			else
				sync_ref(-1);
			break;
		case 2:   /* cq_advance: the buffers and the CQ head */
			inl_buf_ring_cq_advance(&kh[0], br[0], (int)(a % 64));
			rs_buf_ring_cq_advance(&kh[1], br[1], (int)(a % 64));
			ref_buf_ring_cq_advance(&kh[2], br[2], (int)(a % 64));
			break;
		case 3:
			inl_buf_ring_init(br[0]);
			rs_buf_ring_init(br[1]);
			ref_buf_ring_init(br[2]);
			break;
		case 4: { /* mask of any entry count */
			int m0 = inl_buf_ring_mask(a), m1 = rs_buf_ring_mask(a), m2 = ref_buf_ring_mask(a);
			if (m0 != m1 || m0 != m2)
				FAIL("mask(%u): %d %d %d", a, m0, m1, m2);
			break;
		}
		case 5:   /* cq_advance with any count (the CQ head wraps at 32 bits) */
			inl_buf_ring_cq_advance(&kh[0], br[0], (int)a);
			rs_buf_ring_cq_advance(&kh[1], br[1], (int)a);
			if (ref_defined((int)a)) {
				ref_buf_ring_cq_advance(&kh[2], br[2], (int)a);
			} else {
				sync_ref(-1);
				kh[2] = kh[0];
			}
			break;
		}
		check(entries, kh, step, written);
	}
	/* the ring as a whole: the tail entry, every entry written, the guards */
	same(0, GUARD + ENTRY, step, "end");
	for (unsigned i = 0; i < ntouched; i++)
		same(GUARD + (size_t)touched[i] * ENTRY, ENTRY, step, "end");
	same(n - GUARD, GUARD, step, "end");
	if (ntouched == sizeof(touched) / sizeof(touched[0]))
		same(0, n, step, "end");
	for (int i = 0; i < 3; i++) {
		memset(mem[i] + n - GUARD, 0, GUARD);
		memset(mem[i] + GUARD, 0, ENTRY);
		for (unsigned t = 0; t < ntouched; t++)
			memset(mem[i] + GUARD + (size_t)touched[t] * ENTRY, 0, ENTRY);
		if (ntouched == sizeof(touched) / sizeof(touched[0]))
			memset(mem[i] + GUARD, 0, n - GUARD);
	}
	return 0;
}
