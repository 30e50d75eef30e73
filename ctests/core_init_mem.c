/*
 * Rings in application memory: io_uring_queue_init_mem puts SQEs and rings in the caller's
 * buffer (IORING_SETUP_NO_MMAP implied), returns the number of bytes it used, and the ring
 * works; a buffer too small for the ring is refused with -ENOMEM and no fd is created;
 * io_uring_queue_init_params with IORING_SETUP_NO_MMAP and no buffer allocates the memory
 * itself. Also with SQE128/CQE32 sizes. io_uring_memory_size / _params predict exactly the
 * bytes init_mem uses (liburing's test/init-mem.c relies on that) and refuse 0 entries.
 */
#include <sys/mman.h>
#include <liburing.h>
#include "helpers.h"

static void use_ring(struct io_uring *ring, unsigned n)
{
	for (int round = 0; round < 3; round++) {
		t_queue_nops(ring, n, 0);
		CHECK_RET(io_uring_submit_and_wait(ring, n), n);
		for (unsigned i = 0; i < n; i++) {
			struct io_uring_cqe *cqe;
			CHECK_RET(io_uring_peek_cqe(ring, &cqe), 0);
			CHECK(cqe->user_data == i && cqe->res == 0, "cqe %u", i);
			io_uring_cqe_seen(ring, cqe);
		}
	}
}

static void in_buffer(unsigned flags)
{
	size_t size = 1 << 20;
	void *buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(buf != MAP_FAILED, "mmap");
	struct io_uring ring;
	struct io_uring_params p = { .flags = flags };
	int used = io_uring_queue_init_mem(16, &ring, &p, buf, size);
	if (used == -EINVAL)
		SKIP("kernel lacks IORING_SETUP_NO_MMAP");
	CHECK(used > 0 && (size_t)used <= size, "init_mem returned %d", used);
	CHECK(used % 4096 == 0, "used %d not page-rounded", used);
	CHECK(ring.flags & IORING_SETUP_NO_MMAP, "flags %x", ring.flags);
	CHECK((char *)ring.sq.sqes >= (char *)buf && (char *)ring.sq.sqes < (char *)buf + used, "sqes outside buf");
	CHECK((char *)ring.sq.ring_ptr >= (char *)buf && (char *)ring.sq.ring_ptr < (char *)buf + used,
	      "rings outside buf");
	use_ring(&ring, 16);
	io_uring_queue_exit(&ring);
	/* the buffer is still ours after exit */
	memset(buf, 0, size);

	/* exactly `used` bytes are enough, one page less is not */
	p = (struct io_uring_params){ .flags = flags };
	CHECK_RET(io_uring_queue_init_mem(16, &ring, &p, buf, used), used);
	use_ring(&ring, 16);
	io_uring_queue_exit(&ring);
	int fds = t_count_fds();
	p = (struct io_uring_params){ .flags = flags };
	CHECK_RET(io_uring_queue_init_mem(16, &ring, &p, buf, used - 4096), -ENOMEM);
	p = (struct io_uring_params){ .flags = flags };
	CHECK_RET(io_uring_queue_init_mem(16, &ring, &p, buf, 100), -ENOMEM);
	CHECK(t_count_fds() == fds, "fd leaked by a failed init_mem");
	munmap(buf, size);
}

int main(void)
{
	in_buffer(0);
	in_buffer(IORING_SETUP_SQE128 | IORING_SETUP_CQE32);

	/* A larger ring in a larger buffer: bytes used grow with entries */
	size_t size = 8 << 20;
	void *buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(buf != MAP_FAILED, "mmap");
	struct io_uring ring;
	struct io_uring_params p = { 0 };
	int small = io_uring_queue_init_mem(16, &ring, &p, buf, size);
	CHECK(small > 0, "init_mem 16: %d", small);
	io_uring_queue_exit(&ring);
	p = (struct io_uring_params){ 0 };
	int big = io_uring_queue_init_mem(1024, &ring, &p, buf, size);
	CHECK(big > small, "init_mem 1024 used %d, 16 used %d", big, small);
	use_ring(&ring, 64);
	io_uring_queue_exit(&ring);
	munmap(buf, size);

	/* io_uring_memory_size_params predicts what init_mem uses */
	static const struct { unsigned entries, flags, cq; } cfg[] = {
		{ 1, 0, 0 }, { 8, 0, 0 }, { 64, IORING_SETUP_SQE128, 0 }, { 256, IORING_SETUP_CQE32, 0 },
		{ 16, IORING_SETUP_CQSIZE | IORING_SETUP_NO_SQARRAY, 4096 }, { 4096, 0, 0 },
		{ 32, IORING_SETUP_CQSIZE | IORING_SETUP_SQE128 | IORING_SETUP_CQE32, 1024 },
	};
	buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(buf != MAP_FAILED, "mmap");
	for (unsigned i = 0; i < sizeof(cfg) / sizeof(cfg[0]); i++) {
		p = (struct io_uring_params){ .flags = cfg[i].flags | IORING_SETUP_NO_SQARRAY, .cq_entries = cfg[i].cq };
		ssize_t want = io_uring_memory_size_params(cfg[i].entries, &p);
		CHECK(want > 0, "memory_size_params %u: %zd", cfg[i].entries, want);
		if (!(cfg[i].flags & IORING_SETUP_CQSIZE))
			CHECK(io_uring_memory_size(cfg[i].entries, cfg[i].flags | IORING_SETUP_NO_SQARRAY) == want,
			      "memory_size differs");
		/* Linux 6.12 does not clear the rings in the caller's memory (6.18 does): the
		 * previous ring's head and tail would still be there (liburing clears nothing
		 * either), so the buffer is zeroed as fresh memory is. */
		memset(buf, 0, size);
		int used_now = io_uring_queue_init_mem(cfg[i].entries, &ring, &p, buf, size);
		CHECK(used_now == want, "config %u: init_mem used %d, memory_size_params said %zd", i, used_now, want);
		use_ring(&ring, cfg[i].entries < 8 ? cfg[i].entries : 8);
		io_uring_queue_exit(&ring);
	}
	munmap(buf, size);
	CHECK_RET(io_uring_memory_size(0, 0), -EINVAL);
	CHECK_RET(io_uring_memory_size(40000, 0), -EINVAL);
	CHECK(io_uring_memory_size(40000, IORING_SETUP_CLAMP) > 0, "CLAMP");

	/* NO_MMAP without a buffer: the library allocates it */
	p = (struct io_uring_params){ .flags = IORING_SETUP_NO_MMAP };
	CHECK_RET(io_uring_queue_init_params(32, &ring, &p), 0);
	CHECK(ring.flags & IORING_SETUP_NO_MMAP, "flags %x", ring.flags);
	use_ring(&ring, 32);
	io_uring_queue_exit(&ring);

	/* NO_MMAP ring with CQSIZE */
	p = (struct io_uring_params){ .flags = IORING_SETUP_NO_MMAP | IORING_SETUP_CQSIZE, .cq_entries = 1024 };
	CHECK_RET(io_uring_queue_init_params(8, &ring, &p), 0);
	CHECK(ring.cq.ring_entries == 1024, "cq entries %u", ring.cq.ring_entries);
	use_ring(&ring, 8);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
