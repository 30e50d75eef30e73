/*
 * The library's older-kernel paths, taken on this kernel by clearing feature bits in
 * ring.features (and in p.features where setup reads them) after setup: liburing decides from
 * those fields, so does uring-rs. One section per IORING_FEAT_* bit the library tests (and per
 * bit it deliberately ignores, which must change nothing). Written against the API common to
 * liburing 2.3 and 2.15: feat_cleared_vs_liburing.sh builds this same file against Debian's
 * liburing 2.3 and runs it, so every section both have passes on both; the sections of newer
 * functions are compiled only against liburing >= 2.4's header (IO_URING_VERSION_MAJOR).
 *
 *   EXT_ARG       a timed wait leaves liburing's internal timeout CQE (user_data
 *                 LIBURING_UDATA_TIMEOUT, res -ETIME) behind it; io_uring_wait_cqe and
 *                 io_uring_peek_cqe drop it and return the real CQE behind it, or -EAGAIN;
 *                 [2.4+] io_uring_submit_and_wait_reg is -EINVAL and publishes nothing
 *   NODROP        not tested by the library: overflowed CQEs still all arrive, in order
 *   RSRC_TAGS     not tested by the library: tagged file registration still works
 *   SINGLE_MMAP   io_uring_queue_mmap maps the CQ ring separately; the ring works
 *   MIN_TIMEOUT   [2.4+] io_uring_wait_cqes_min_timeout and
 *                 io_uring_submit_and_wait_min_timeout are -EINVAL, submitting nothing
 *   REG_REG_RING  [2.4+] a registered ring fd is not used for io_uring_register (ring_fd is),
 *                 io_uring_close_ring_fd is -EOPNOTSUPP
 *   NO_IOWAIT     [2.4+] io_uring_set_iowait is -EOPNOTSUPP
 * NATIVE_WORKERS is read by io_uring_mlock_size_params from a ring it sets up itself, not from
 * any ring of the caller's: it is covered by the Rust unit tests of src/setup.rs.
 */
#include <sys/mman.h>
#include <liburing.h>
#include "helpers.h"

#ifdef IO_URING_VERSION_MAJOR
#define LIBURING_2_4_OR_LATER 1
#else
#define LIBURING_2_4_OR_LATER 0
#endif

static void init(struct io_uring *ring, unsigned entries, unsigned flags, unsigned clear)
{
	CHECK_RET(io_uring_queue_init(entries, ring, flags), 0);
	ring->features &= ~clear;
}

static struct io_uring_cqe *wait_one(struct io_uring *ring, __u64 ud)
{
	struct io_uring_cqe *cqe = NULL;
	CHECK_RET(io_uring_wait_cqe(ring, &cqe), 0);
	CHECK(cqe->user_data == ud, "user_data %llu, wanted %llu", (unsigned long long)cqe->user_data,
	      (unsigned long long)ud);
	return cqe;
}

static void ext_arg(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	struct __kernel_timespec ts = { .tv_nsec = 20 * 1000000 };

	init(&ring, 8, 0, IORING_FEAT_EXT_ARG);
	for (int round = 0; round < 2; round++) {
		/* wait for 2 with one NOP: the internal timeout fires (-ETIME) and is the second
		 * CQE; the NOP's CQE is returned, the timeout's stays behind it */
		t_nop(&ring, 1);
		CHECK_RET(io_uring_submit(&ring), 1);
		CHECK_RET(io_uring_wait_cqes(&ring, &cqe, 2, &ts, NULL), 0);
		CHECK(cqe->user_data == 1, "ud %llu", (unsigned long long)cqe->user_data);
		io_uring_cqe_seen(&ring, cqe);
		CHECK(io_uring_cq_ready(&ring) == 1, "ready %u", io_uring_cq_ready(&ring));
		if (round == 0) {
			/* a real CQE behind the stale one: wait_cqe drops the stale one, returns it */
			t_nop(&ring, 2);
			CHECK_RET(io_uring_submit_and_wait(&ring, 2), 1);
			io_uring_cqe_seen(&ring, wait_one(&ring, 2));
		} else {
			/* nothing behind it: peek drops it and finds nothing */
			CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
		}
		CHECK(io_uring_cq_ready(&ring) == 0, "ready %u", io_uring_cq_ready(&ring));
	}
#if LIBURING_2_4_OR_LATER
	/* registered waits need EXT_ARG: -EINVAL before anything is published (upstream liburing
	 * after 2.15 checks before flushing the SQ) */
	t_nop(&ring, 3);
	unsigned ktail = IO_URING_READ_ONCE(*ring.sq.ktail);
	CHECK_RET(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0), -EINVAL);
	CHECK(IO_URING_READ_ONCE(*ring.sq.ktail) == ktail, "submit_and_wait_reg published the SQ");
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	io_uring_cqe_seen(&ring, wait_one(&ring, 3));
#endif
	io_uring_queue_exit(&ring);
}

static void nodrop(void)
{
	struct io_uring ring;
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 4;
	CHECK_RET(io_uring_queue_init_params(4, &ring, &p), 0);
	ring.features &= ~IORING_FEAT_NODROP;
	for (int i = 0; i < 3; i++) {
		t_queue_nops(&ring, 4, 4 * i);
		CHECK_RET(io_uring_submit(&ring), 4);
	}
	for (__u64 ud = 0; ud < 12; ud++)
		io_uring_cqe_seen(&ring, wait_one(&ring, ud));
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	io_uring_queue_exit(&ring);
}

static void rsrc_tags(void)
{
	struct io_uring ring;
	int fds[2];
	__u64 tags[2] = { 11, 12 };
	CHECK(pipe(fds) == 0, "pipe");
	init(&ring, 4, 0, IORING_FEAT_RSRC_TAGS);
	CHECK_RET(io_uring_register_files_tags(&ring, fds, tags, 2), 0);
	/* replacing slot 0 posts the CQE of its old tag */
	int neg = -1;
	__u64 no_tag = 0; /* an empty slot takes no tag */
	CHECK_RET(io_uring_register_files_update_tag(&ring, 0, &neg, &no_tag, 1), 1);
	struct io_uring_cqe *cqe = wait_one(&ring, 11);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	close(fds[0]);
	close(fds[1]);
}

static void single_mmap(void)
{
	struct io_uring ring;
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	int fd = io_uring_setup(4, &p);
	CHECK(fd >= 0, "io_uring_setup %d", fd);
	CHECK(p.features & IORING_FEAT_SINGLE_MMAP, "features %x", p.features);
	p.features &= ~IORING_FEAT_SINGLE_MMAP;
	CHECK_RET(io_uring_queue_mmap(fd, &p, &ring), 0);
	CHECK(ring.cq.ring_ptr != ring.sq.ring_ptr, "CQ ring not mapped on its own");
	/* what liburing's io_uring_queue_mmap leaves to the caller (uring-rs does it already) */
	ring.ring_fd = ring.enter_ring_fd = fd;
	ring.flags = p.flags;
	ring.features = p.features;
	for (unsigned i = 0; i < ring.sq.ring_entries; i++)
		ring.sq.array[i] = i;
	t_queue_nops(&ring, 3, 20);
	CHECK_RET(io_uring_submit_and_wait(&ring, 3), 3);
	for (__u64 ud = 20; ud < 23; ud++)
		io_uring_cqe_seen(&ring, wait_one(&ring, ud));
	io_uring_queue_exit(&ring);
}

#if LIBURING_2_4_OR_LATER
static void min_timeout(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe = (struct io_uring_cqe *)&ring; /* must become NULL or stay */
	struct __kernel_timespec ts = { .tv_sec = 1 };

	init(&ring, 4, 0, IORING_FEAT_MIN_TIMEOUT);
	t_nop(&ring, 30);
	unsigned ktail = IO_URING_READ_ONCE(*ring.sq.ktail);
	CHECK_RET(io_uring_submit_and_wait_min_timeout(&ring, &cqe, 1, &ts, 1000, NULL), -EINVAL);
	CHECK_RET(io_uring_wait_cqes_min_timeout(&ring, &cqe, 1, &ts, 1000, NULL), -EINVAL);
	CHECK(IO_URING_READ_ONCE(*ring.sq.ktail) == ktail, "the SQ was published");
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	io_uring_cqe_seen(&ring, wait_one(&ring, 30));
	io_uring_queue_exit(&ring);
}

/* A section the kernel cannot run (it lacks what the section builds on): the test skips with
 * it named once every other section has passed. */
static const char *lacks;

static void reg_reg_ring(void)
{
	struct io_uring ring;
	int fds[2];
	if (!t_kernel_has(T_RING_FDS)) {
		lacks = "registered ring fds (5.18), for REG_REG_RING";
		return;
	}
	CHECK(pipe(fds) == 0, "pipe");
	init(&ring, 4, 0, IORING_FEAT_REG_REG_RING);
	CHECK_RET(io_uring_register_ring_fd(&ring), 1);
	/* registration goes through ring_fd, not by the registered index */
	int saved = ring.ring_fd, closed = dup(0);
	CHECK(closed >= 0 && close(closed) == 0, "dup");
	ring.ring_fd = closed; /* not -1: the kernel takes fd -1 for "blind" registrations */
	CHECK_RET(io_uring_register_files(&ring, fds, 2), -EBADF);
	ring.ring_fd = saved;
	CHECK_RET(io_uring_register_files(&ring, fds, 2), 0);
	CHECK_RET(io_uring_unregister_files(&ring), 0);
	CHECK_RET(io_uring_close_ring_fd(&ring), -EOPNOTSUPP);
	t_nop(&ring, 40);
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	io_uring_cqe_seen(&ring, wait_one(&ring, 40));
	io_uring_queue_exit(&ring);
	close(fds[0]);
	close(fds[1]);

	/* with the bit (a kernel that has it: 6.3), closing the ring fd works and registration
	 * goes by index */
	CHECK_RET(io_uring_queue_init(4, &ring, 0), 0);
	if (!(ring.features & IORING_FEAT_REG_REG_RING)) {
		io_uring_queue_exit(&ring);
		lacks = "IORING_FEAT_REG_REG_RING (6.3)";
		return;
	}
	CHECK_RET(io_uring_register_ring_fd(&ring), 1);
	CHECK_RET(io_uring_close_ring_fd(&ring), 1);
	CHECK(ring.ring_fd == -1, "ring_fd %d", ring.ring_fd);
	CHECK(pipe(fds) == 0, "pipe");
	CHECK_RET(io_uring_register_files(&ring, fds, 2), 0);
	io_uring_queue_exit(&ring);
	close(fds[0]);
	close(fds[1]);
}

static void no_iowait(void)
{
	struct io_uring ring;
	init(&ring, 4, 0, IORING_FEAT_NO_IOWAIT);
	CHECK_RET(io_uring_set_iowait(&ring, false), -EOPNOTSUPP);
	io_uring_queue_exit(&ring);
	CHECK_RET(io_uring_queue_init(4, &ring, 0), 0);
	if (ring.features & IORING_FEAT_NO_IOWAIT)
		CHECK_RET(io_uring_set_iowait(&ring, false), 0);
	io_uring_queue_exit(&ring);
}
#endif

int main(void)
{
	ext_arg();
	nodrop();
	rsrc_tags();
	single_mmap();
#if LIBURING_2_4_OR_LATER
	min_timeout();
	reg_reg_ring();
	no_iowait();
	if (lacks)
		SKIP("everything else passed; the kernel lacks %s", lacks);
#endif
	return T_PASS;
}
