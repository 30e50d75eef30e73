/*
 * Randomized comparison of every inline function of include/liburing/inline.h with the
 * exported function of the same name (called through dlsym): for each function, CASES
 * (default 10000) random argument sets on random state, the inline C and the exported Rust
 * run on identical copies of that state, and the return values and every byte of the state
 * must be the same.
 *
 * The cases are generated from the prototypes of inline.h (ctests/tools/inline_random_gen.sh),
 * so a new inline function is covered without an edit here. What this file provides is the
 * state and the argument draws: one static state `S` (a ring with its kernel words, SQE and
 * CQE arrays; a 128-byte SQE; CQEs; a CQE iterator; a buffer ring; recvmsg output with its
 * msghdr; out-parameters), filled at random for each case: ring sizes 1..16, the setup flags
 * that change the helpers' arithmetic (SQE128, CQE32, SQE_MIXED, CQE_MIXED, SQPOLL, IOPOLL),
 * heads and tails at and around the 32-bit wrap, full and over-full rings, padding CQEs,
 * liburing's internal timeout CQEs, 32-byte CQEs, SQ/CQ flag words, buffer-ring tails around
 * the 16-bit wrap. Both versions run at the same address (S is restored from a pristine copy
 * between them), so pointers stored in the state or returned compare as plain values.
 * Integers are drawn from 0, small values, -1.., powers of two and their neighbours, and
 * 16/32/64-bit random values, cast to the parameter's type.
 *
 * Environment: SEED=N replays a run (the seed is printed on failure; default: from the
 * clock), CASES=N cases per function, ONLY=name one function.
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>
#include "helpers.h"

struct rnd {
	uint64_t s;
};

/* splitmix64 */
static uint64_t rnd_next(struct rnd *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned rnd_below(struct rnd *r, unsigned n)
{
	return (unsigned)(rnd_next(r) % n);
}

/* true with probability 1/n */
static int one_in(struct rnd *r, unsigned n)
{
	return rnd_below(r, n) == 0;
}

#define ENTRIES_MAX 16u

/* Everything the helpers may read or write. */
struct state {
	struct io_uring ring;
	unsigned sq_khead, sq_ktail, sq_kflags, sq_kdropped;
	unsigned cq_khead, cq_ktail, cq_kflags, cq_koverflow;
	unsigned sq_array[ENTRIES_MAX];
	struct io_uring_sqe sqes[2 * ENTRIES_MAX + 2];     /* SQE128: two slots each */
	struct io_uring_cqe cqes[4 * ENTRIES_MAX + 2];     /* CQ twice the SQ, CQE32 */
	union {
		struct io_uring_sqe sqe[2];
		unsigned char bytes[128];
	} sqe;
	struct io_uring_cqe cqe[2];
	struct io_uring_cqe *cqe_out;
	struct io_uring_cqe_iter iter;
	int err;
	unsigned br_entries;
	union {
		struct io_uring_buf_ring br;
		struct io_uring_buf bufs[ENTRIES_MAX];
	} br;
	struct msghdr msgh;
	unsigned char rbuf[1024] __attribute__((aligned(16)));
};

static struct state S, pristine, after;

/* An "interesting" 64-bit value; the caller's cast picks the width. */
static uint64_t rnd_int(struct rnd *r)
{
	switch (rnd_below(r, 8)) {
	case 0: return 0;
	case 1: return rnd_below(r, 17);
	case 2: return (uint64_t)-(int64_t)(1 + rnd_below(r, 16));
	case 3: {
		uint64_t p = 1ull << rnd_below(r, 64);
		return p + (uint64_t)(int64_t)((int)rnd_below(r, 3) - 1);
	}
	case 4: return rnd_next(r);
	case 5: return (uint32_t)rnd_next(r);
	case 6: {
		static const uint64_t edges[] = { 0x7fffffffull, 0x80000000ull, 0xffffffffull,
			0x7fffull, 0x8000ull, 0xffffull, 0x7fffffffffffffffull, 0x8000000000000000ull };
		return edges[rnd_below(r, sizeof(edges) / sizeof(edges[0]))];
	}
	default: return (uint16_t)rnd_next(r);
	}
}

/* A 32-bit ring index: around 0, around the 32-bit wrap, or anywhere. */
static unsigned rnd_index(struct rnd *r)
{
	switch (rnd_below(r, 3)) {
	case 0: return rnd_below(r, 64);
	case 1: return 0u - 1 - rnd_below(r, 40);
	default: return (unsigned)rnd_next(r);
	}
}

/* A distance between the SQ head and tail: mostly within the ring, sometimes beyond it. */
static unsigned rnd_fill(struct rnd *r, unsigned entries)
{
	return one_in(r, 8) ? (unsigned)rnd_next(r) : rnd_below(r, entries + 2);
}

/* CQEs ready: never more than the CQ holds (the kernel's invariant; peek skips padding and
 * timeout CQEs one by one, so a bogus distance of 2^32 would only make it loop that long). */
static unsigned rnd_ready(struct rnd *r, unsigned cq_entries)
{
	return rnd_below(r, cq_entries + 1);
}

static void rnd_bytes(struct rnd *r, void *p, size_t n)
{
	unsigned char *b = p;
	while (n >= 8) {
		uint64_t v = rnd_next(r);
		memcpy(b, &v, 8);
		b += 8;
		n -= 8;
	}
	if (n) {
		uint64_t v = rnd_next(r);
		memcpy(b, &v, n);
	}
}

static void rnd_cqe(struct rnd *r, struct io_uring_cqe *c)
{
	c->flags = 0;
	if (one_in(r, 4))
		c->flags |= IORING_CQE_F_32;
	if (one_in(r, 6))
		c->flags |= IORING_CQE_F_SKIP;
	if (one_in(r, 8))
		c->flags |= (uint32_t)rnd_next(r);
	if (one_in(r, 6))
		c->user_data = LIBURING_UDATA_TIMEOUT;
	if (one_in(r, 3))
		c->res = one_in(r, 2) ? -ETIME : 0;
}

/* The random state of one case (S itself is the pristine copy's twin). */
static void fill_state(uint64_t seed)
{
	struct rnd rr = { seed }, *r = &rr;
	struct state *s = &S;
	rnd_bytes(r, s, sizeof(*s));

	unsigned entries = 1u << rnd_below(r, 5);
	unsigned cq_entries = entries << rnd_below(r, 2);
	struct io_uring *ring = &s->ring;
	static const unsigned setup_bits[] = { IORING_SETUP_SQE128, IORING_SETUP_CQE32,
		IORING_SETUP_SQE_MIXED, IORING_SETUP_CQE_MIXED, IORING_SETUP_SQPOLL,
		IORING_SETUP_IOPOLL, IORING_SETUP_NO_SQARRAY };
	ring->flags = one_in(r, 16) ? (unsigned)rnd_next(r) : 0;
	for (unsigned i = 0; i < sizeof(setup_bits) / sizeof(setup_bits[0]); i++)
		if (one_in(r, 4))
			ring->flags |= setup_bits[i];
	ring->features = one_in(r, 2) ? IORING_FEAT_EXT_ARG : 0;
	if (one_in(r, 4))
		ring->features |= (unsigned)rnd_next(r);
	/* any enter or register call fails the same way both times */
	ring->ring_fd = ring->enter_ring_fd = -1;
	ring->sq.khead = &s->sq_khead;
	ring->sq.ktail = &s->sq_ktail;
	ring->sq.kflags = &s->sq_kflags;
	ring->sq.kdropped = &s->sq_kdropped;
	ring->sq.kring_mask = &ring->sq.ring_mask;
	ring->sq.kring_entries = &ring->sq.ring_entries;
	ring->sq.array = s->sq_array;
	ring->sq.sqes = s->sqes;
	ring->sq.ring_mask = entries - 1;
	ring->sq.ring_entries = entries;
	ring->cq.khead = &s->cq_khead;
	ring->cq.ktail = &s->cq_ktail;
	ring->cq.kflags = one_in(r, 8) ? NULL : &s->cq_kflags;
	ring->cq.koverflow = &s->cq_koverflow;
	ring->cq.kring_mask = &ring->cq.ring_mask;
	ring->cq.kring_entries = &ring->cq.ring_entries;
	ring->cq.cqes = s->cqes;
	ring->cq.ring_mask = cq_entries - 1;
	ring->cq.ring_entries = cq_entries;

	s->sq_khead = rnd_index(r);
	ring->sq.sqe_tail = s->sq_khead + rnd_fill(r, entries);
	ring->sq.sqe_head = one_in(r, 2) ? ring->sq.sqe_tail : s->sq_khead + rnd_fill(r, entries);
	s->sq_ktail = ring->sq.sqe_head;
	s->sq_kflags = 0;
	if (one_in(r, 4))
		s->sq_kflags |= IORING_SQ_NEED_WAKEUP;
	if (one_in(r, 4))
		s->sq_kflags |= IORING_SQ_CQ_OVERFLOW;
	if (one_in(r, 4))
		s->sq_kflags |= IORING_SQ_TASKRUN;
	s->cq_kflags = one_in(r, 3) ? IORING_CQ_EVENTFD_DISABLED : 0;
	s->cq_khead = rnd_index(r);
	s->cq_ktail = s->cq_khead + rnd_ready(r, cq_entries);
	for (unsigned i = 0; i < sizeof(s->cqes) / sizeof(s->cqes[0]); i++)
		rnd_cqe(r, &s->cqes[i]);
	/* A 32-byte CQE fills two slots the kernel publishes together: none starts at the last
	 * ready slot (else head would step over tail, and peek skip 2^32 CQEs). */
	unsigned cq_shift = (ring->flags & IORING_SETUP_CQE32) ? 1 : 0;
	for (unsigned h = s->cq_khead; h != s->cq_ktail;) {
		struct io_uring_cqe *c = &s->cqes[(h & ring->cq.ring_mask) << cq_shift];
		if ((c->flags & IORING_CQE_F_32) && h + 1 == s->cq_ktail)
			c->flags &= ~IORING_CQE_F_32;
		h += (c->flags & IORING_CQE_F_32) ? 2 : 1;
	}
	rnd_cqe(r, &s->cqe[0]);

	s->iter.cqes = s->cqes;
	s->iter.mask = ring->cq.ring_mask;
	s->iter.shift = rnd_below(r, 2);
	s->iter.head = rnd_index(r);
	s->iter.tail = s->iter.head + rnd_ready(r, cq_entries);
	s->err = one_in(r, 2) ? 0 : -(int)rnd_below(r, 200);

	s->br_entries = 1u << rnd_below(r, 5);
	s->br.br.tail = (uint16_t)(one_in(r, 2) ? 0xffff - rnd_below(r, 20) : rnd_next(r));

	/* recvmsg: the control area (after the header and the name) stays inside rbuf */
	s->msgh.msg_namelen = one_in(r, 2) ? rnd_below(r, 65) : 16u * rnd_below(r, 3);
	s->msgh.msg_controllen = rnd_below(r, 257);
	if (one_in(r, 2)) {
		struct io_uring_recvmsg_out *o = (void *)s->rbuf;
		o->controllen = one_in(r, 2) ? (uint32_t)s->msgh.msg_controllen : rnd_below(r, 300);
		o->namelen = one_in(r, 2) ? s->msgh.msg_namelen : rnd_below(r, 100);
	}
}

/* ---- argument draws (the generated cases call these) ---- */

static uint64_t gen_int(struct rnd *r, const char *name)
{
	/* the one index into a caller-sized array: buf_ring_add's mask of the buffer ring */
	if (strcmp(name, "mask") == 0) {
		unsigned n = S.br_entries >> (one_in(r, 4) ? rnd_below(r, 3) : 0);
		return n ? n - 1 : 0;
	}
	return rnd_int(r);
}

static void *gen_ptr(struct rnd *r)
{
	return one_in(r, 8) ? NULL : (void *)(uintptr_t)rnd_int(r);
}

static struct io_uring *gen_state_io_uring_p(struct rnd *r, const char *name)
{
	(void)r, (void)name;
	return &S.ring;
}

static struct io_uring_sqe *gen_state_io_uring_sqe_p(struct rnd *r, const char *name)
{
	(void)r, (void)name;
	return S.sqe.sqe;
}

/* a CQE of the ring's array (what peek/wait hand out) or a stand-alone one */
static struct io_uring_cqe *gen_state_io_uring_cqe_p(struct rnd *r, const char *name)
{
	(void)name;
	if (one_in(r, 2))
		return &S.cqe[0];
	return &S.cqes[rnd_below(r, 2 * S.ring.cq.ring_entries)];
}

static struct io_uring_cqe **gen_state_io_uring_cqe_pp(struct rnd *r, const char *name)
{
	(void)r, (void)name;
	return &S.cqe_out;
}

static struct io_uring_cqe_iter *gen_state_io_uring_cqe_iter_p(struct rnd *r, const char *name)
{
	(void)r, (void)name;
	return &S.iter;
}

static struct io_uring_buf_ring *gen_state_io_uring_buf_ring_p(struct rnd *r, const char *name)
{
	(void)r, (void)name;
	return &S.br.br;
}

static struct io_uring_recvmsg_out *gen_state_io_uring_recvmsg_out_p(struct rnd *r, const char *name)
{
	(void)r, (void)name;
	return (struct io_uring_recvmsg_out *)S.rbuf;
}

static struct msghdr *gen_state_msghdr_p(struct rnd *r, const char *name)
{
	(void)r, (void)name;
	return &S.msgh;
}

/* somewhere in the control area or just before it, any alignment the kernel could produce */
static struct cmsghdr *gen_state_cmsghdr_p(struct rnd *r, const char *name)
{
	(void)name;
	size_t start = sizeof(struct io_uring_recvmsg_out) + S.msgh.msg_namelen;
	size_t at = start - (one_in(r, 8) ? 8 : 0) + rnd_below(r, (unsigned)S.msgh.msg_controllen + 1);
	return (struct cmsghdr *)(S.rbuf + at);
}

static int *gen_state_int_p(struct rnd *r, const char *name)
{
	(void)r, (void)name;
	return &S.err;
}

/* ---- running and comparing ---- */

struct inline_case {
	const char *name;
	void (*run)(struct rnd *r);
};

static void *cur_exported;        /* the library's function of the current case */
static const char *cur_name;
static uint64_t run_seed, cur_case;
static char args_text[1024];
static uint64_t ret_a, ret_b;

static void note_arg(const char *name, uint64_t v)
{
	size_t n = strlen(args_text);
	snprintf(args_text + n, sizeof(args_text) - n, "%s%s=%#" PRIx64, n ? ", " : "", name, v);
}

static void note_ret(uint64_t a, uint64_t b)
{
	ret_a = a;
	ret_b = b;
}

/* The inline version has run: keep what it left, and start the exported one from scratch. */
static void after_inline(void)
{
	after = S;
}

static void replay_state(void)
{
	S = pristine;
}

static const struct {
	const char *name;
	size_t off;
} fields[] = {
#define F(f) { #f, offsetof(struct state, f) }
	F(ring), F(sq_khead), F(sq_ktail), F(sq_kflags), F(sq_kdropped), F(cq_khead), F(cq_ktail),
	F(cq_kflags), F(cq_koverflow), F(sq_array), F(sqes), F(cqes), F(sqe), F(cqe), F(cqe_out),
	F(iter), F(err), F(br_entries), F(br), F(msgh), F(rbuf),
#undef F
};

static unsigned field_at(size_t off)
{
	unsigned at = 0;
	for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].off <= off)
			at = i;
	return at;
}

static void compare_state(const char *name, int ret_differs, int has_value)
{
	size_t at = 0;
	const unsigned char *a = (const void *)&after, *b = (const void *)&S;
	while (at < sizeof(S) && a[at] == b[at])
		at++;
	if (!ret_differs && at == sizeof(S))
		return;
	fprintf(stderr, "%s: inline and exported differ in case %" PRIu64 " (%s)\n", name, cur_case, args_text);
	if (ret_differs && has_value)
		fprintf(stderr, "  returned %#" PRIx64 " (inline) / %#" PRIx64 " (exported)\n", ret_a, ret_b);
	else if (ret_differs)
		fprintf(stderr, "  returned structs differ\n");
	if (at < sizeof(S)) {
		unsigned f = field_at(at);
		fprintf(stderr, "  state byte %zu (%s + %zu) is %#x (inline) / %#x (exported)\n", at,
			fields[f].name, at - fields[f].off, a[at], b[at]);
	}
	fprintf(stderr, "  replay: SEED=%#" PRIx64 " ONLY=%s bash ctests/run.sh inline_random\n", run_seed, name);
	exit(T_FAIL);
}

#include "inline_random_cases.h"

static uint64_t env_u64(const char *name, uint64_t dflt)
{
	const char *v = getenv(name);
	return v && *v ? strtoull(v, NULL, 0) : dflt;
}

int main(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	run_seed = env_u64("SEED", ((uint64_t)tv.tv_sec << 20) ^ (uint64_t)tv.tv_usec ^ ((uint64_t)getpid() << 40));
	uint64_t cases = env_u64("CASES", 10000);
	const char *only = getenv("ONLY");
	unsigned nfn = sizeof(inline_cases) / sizeof(inline_cases[0]), ran = 0, reserved = 0;
	printf("seed %#" PRIx64 ", %" PRIu64 " cases per function\n", run_seed, cases);
	for (unsigned f = 0; f < nfn; f++) {
		cur_name = inline_cases[f].name;
		if (only && *only && strcmp(only, cur_name) != 0)
			continue;
		cur_exported = dlsym(RTLD_DEFAULT, cur_name);
		if (!cur_exported) {
			/* liburing's reserved-name helpers are inline only; their callers are compared */
			CHECK(strncmp(cur_name, "__io_uring_", 11) == 0 && strcmp(cur_name, "__io_uring_get_cqe") != 0,
			      "%s is inline but not exported by the library", cur_name);
			reserved++;
			continue;
		}
		for (cur_case = 0; cur_case < cases; cur_case++) {
			struct rnd s = { run_seed ^ ((uint64_t)f << 40) ^ cur_case };
			uint64_t seed = rnd_next(&s);
			struct rnd args = { seed ^ 0x5bd1e9955bd1e995ull };
			fill_state(seed);
			pristine = S;
			args_text[0] = 0;
			inline_cases[f].run(&args);
		}
		ran++;
	}
	CHECK(ran > 0, "no function matched ONLY=%s", only ? only : "");
	printf("%u inline functions x %" PRIu64 " random cases: inline and exported identical "
	       "(%u reserved-name helpers are not exported, compared through their callers)\n",
	       ran, cases, reserved);
	return T_PASS;
}
