/*
 * The smaller registrations against the kernel: napi and io-wq settings read back,
 * personalities used on an SQE, synchronous cancel, clock, blind MSG_RING, registered wait
 * regions, query; zcrx and BPF filters pass through exactly what the raw syscall returns.
 */
#include <liburing.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include "helpers.h"

/* What the kernel lacks of what this test would check (the test skips naming it, once the
 * rest has passed). */
static char lacks[256];

static void lack(const char *what)
{
	size_t n = strlen(lacks);
	snprintf(lacks + n, sizeof(lacks) - n, "%s%s", n ? ", " : "", what);
}

static int nop_as(struct io_uring *ring, unsigned personality)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	io_uring_prep_nop(sqe);
	sqe->personality = personality;
	return t_submit_one(ring);
}

static void napi(struct io_uring *ring)
{
	struct io_uring_napi n = { .busy_poll_to = 100, .prefer_busy_poll = 1 };
	int ret = io_uring_register_napi(ring, &n);
	if (ret == -EINVAL || ret == -EOPNOTSUPP) {
		printf("napi: not available (%d)\n", ret);
		return;
	}
	CHECK_RET(ret, 0);
	CHECK(n.busy_poll_to == 0 && n.prefer_busy_poll == 0, "previous napi %u/%u", n.busy_poll_to,
	      n.prefer_busy_poll);
	struct io_uring_napi m = { .busy_poll_to = 250 };
	CHECK_RET(io_uring_register_napi(ring, &m), 0);
	CHECK(m.busy_poll_to == 100 && m.prefer_busy_poll == 1, "read back %u/%u", m.busy_poll_to, m.prefer_busy_poll);
	struct io_uring_napi out;
	memset(&out, 0, sizeof(out));
	CHECK_RET(io_uring_unregister_napi(ring, &out), 0);
	CHECK(out.busy_poll_to == 250 && out.prefer_busy_poll == 0, "unregister read back %u/%u", out.busy_poll_to,
	      out.prefer_busy_poll);
	struct io_uring_napi bad = { .busy_poll_to = 1, .pad = { 0, 1, 0 } }; /* kernel pad byte */
	CHECK_RET(io_uring_register_napi(ring, &bad), -EINVAL);
}

static void iowq(struct io_uring *ring)
{
	unsigned v[2] = { 3, 5 };
	CHECK_RET(io_uring_register_iowq_max_workers(ring, v), 0);
	unsigned r[2] = { 0, 0 };
	CHECK_RET(io_uring_register_iowq_max_workers(ring, r), 0);
	CHECK(r[0] == 3 && r[1] == 5, "max workers read back %u/%u", r[0], r[1]);
	unsigned w[2] = { 7, 0 };
	CHECK_RET(io_uring_register_iowq_max_workers(ring, w), 0);
	CHECK(w[0] == 3 && w[1] == 5, "previous %u/%u", w[0], w[1]);
	CHECK_RET(io_uring_register_iowq_max_workers(ring, r), 0);
	CHECK(r[0] == 7 && r[1] == 5, "partial update %u/%u", r[0], r[1]);

	cpu_set_t set;
	CPU_ZERO(&set);
	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0, "getaffinity");
	CHECK_RET(io_uring_register_iowq_aff(ring, sizeof(set), &set), 0);
	CHECK_RET(io_uring_unregister_iowq_aff(ring), 0);
	CHECK_RET(io_uring_register_iowq_aff(ring, 1ul << 31, &set), -EINVAL);
	CHECK_RET(io_uring_register_iowq_aff(ring, 0, &set), -EINVAL);
}

static void personality(struct io_uring *ring)
{
	int id = io_uring_register_personality(ring);
	CHECK(id > 0, "personality id %d", id);
	CHECK_RET(nop_as(ring, id), 0);
	CHECK_RET(nop_as(ring, id + 100), -EINVAL);
	CHECK_RET(io_uring_unregister_personality(ring, id), 0);
	CHECK_RET(io_uring_unregister_personality(ring, id), -EINVAL);
	CHECK_RET(nop_as(ring, id), -EINVAL);
}

static void sync_cancel(struct io_uring *ring)
{
	int p[2];
	char c;
	struct io_uring_cqe *cqe;
	if (!t_kernel_has(T_SYNC_CANCEL)) {
		lack("IORING_REGISTER_SYNC_CANCEL");
		return;
	}
	CHECK(pipe(p) == 0, "pipe");
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	io_uring_prep_read(sqe, p[0], &c, 1, 0);
	sqe->user_data = 0x5ca;
	CHECK_RET(io_uring_submit(ring), 1);
	struct io_uring_sync_cancel_reg reg = { .addr = 0x5ca, .fd = -1, .timeout = { -1, -1 } };
	CHECK_RET(io_uring_register_sync_cancel(ring, &reg), 0);
	CHECK_RET(io_uring_wait_cqe(ring, &cqe), 0);
	CHECK(cqe->user_data == 0x5ca && cqe->res == -ECANCELED, "cancelled cqe %llx %d",
	      (unsigned long long)cqe->user_data, cqe->res);
	io_uring_cqe_seen(ring, cqe);
	CHECK_RET(io_uring_register_sync_cancel(ring, &reg), -ENOENT);
	reg.pad[0] = 1;
	CHECK_RET(io_uring_register_sync_cancel(ring, &reg), -EINVAL);
	close(p[0]);
	close(p[1]);
}

static void clock_and_msg(struct io_uring *ring)
{
	struct io_uring_clock_register clk = { .clockid = CLOCK_BOOTTIME };
	/* IORING_REGISTER_CLOCK is of 6.10: an older kernel refuses the raw call as well */
	if (t_raw_register(ring->ring_fd, IORING_REGISTER_CLOCK, &clk, 0) == -EINVAL) {
		lack("IORING_REGISTER_CLOCK");
	} else {
		CHECK_RET(io_uring_register_clock(ring, &clk), 0);
		clk.clockid = 12345;
		CHECK_RET(io_uring_register_clock(ring, &clk), -EINVAL);
	}

	/* Blind MSG_RING: post a CQE into `ring` without a source ring. */
	struct io_uring_sqe sqe;
	struct io_uring_cqe *cqe;
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_MSG_RING;
	sqe.fd = ring->ring_fd;
	sqe.len = 0x77;
	sqe.off = 0xabcdef;
	int ret = io_uring_register_sync_msg(&sqe);
	if (ret == -EINVAL) {
		printf("sync msg: not available\n");
	} else {
		CHECK_RET(ret, 0);
		CHECK_RET(io_uring_wait_cqe(ring, &cqe), 0);
		CHECK(cqe->user_data == 0xabcdef && cqe->res == 0x77, "msg cqe %llx %d",
		      (unsigned long long)cqe->user_data, cqe->res);
		io_uring_cqe_seen(ring, cqe);
		sqe.fd = 12345;
		CHECK_RET(io_uring_register_sync_msg(&sqe), -EBADF);
	}
}

static void wait_region(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe = NULL;
	CHECK_RET(io_uring_register_wait_reg(&ring, NULL, 0), -EINVAL);
	CHECK_RET(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED), 0);
	size_t pg = sysconf(_SC_PAGESIZE);
	struct io_uring_reg_wait *rw = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(rw != MAP_FAILED, "mmap");
	struct io_uring_region_desc rd = { .user_addr = (__u64)(uintptr_t)rw, .size = pg,
					   .flags = IORING_MEM_REGION_TYPE_USER };
	struct io_uring_mem_region_reg mr = { .region_uptr = (__u64)(uintptr_t)&rd,
					      .flags = IORING_MEM_REGION_REG_WAIT_ARG };
	int ret = io_uring_register_region(&ring, &mr);
	if (ret == -EINVAL) {
		printf("wait region: not available\n");
		io_uring_queue_exit(&ring);
		munmap(rw, pg);
		return;
	}
	CHECK_RET(ret, 0);
	CHECK_RET(io_uring_register_region(&ring, &mr), -EBUSY);
	CHECK_RET(io_uring_enable_rings(&ring), 0);
	rw[0].ts.tv_sec = 0;
	rw[0].ts.tv_nsec = 20 * 1000 * 1000;
	rw[0].flags = IORING_REG_WAIT_TS;
	long t0 = t_now_ms();
	CHECK_RET(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0), -ETIME);
	long ms = t_now_ms() - t0;
	CHECK(ms >= 15 && ms < 2000, "waited %ld ms", ms);
	io_uring_queue_exit(&ring);
	munmap(rw, pg);

	/* REG_WAIT_ARG only on a ring still disabled. */
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	rw = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rd.user_addr = (__u64)(uintptr_t)rw;
	CHECK_RET(io_uring_register_region(&ring, &mr), -EINVAL);
	io_uring_queue_exit(&ring);
	munmap(rw, pg);
}

static void query(void)
{
	struct io_uring_query_opcode q;
	memset(&q, 0, sizeof(q));
	struct io_uring_query_hdr h = { .query_data = (__u64)(uintptr_t)&q, .query_op = IO_URING_QUERY_OPCODES,
					.size = sizeof(q) };
	int ret = io_uring_register_query(&h);
	if (ret == -EINVAL) {
		printf("query: not available\n");
		return;
	}
	CHECK_RET(ret, 0);
	CHECK(h.result >= 0, "query result %d", h.result);
	struct io_uring_probe *p = io_uring_get_probe();
	CHECK(p, "probe");
	CHECK(q.nr_request_opcodes == (unsigned)p->last_op + 1, "query says %u opcodes, probe %u",
	      q.nr_request_opcodes, p->last_op + 1u);
	CHECK(q.nr_register_opcodes > IORING_REGISTER_PBUF_RING, "register opcodes %u", q.nr_register_opcodes);
	free(p);
	struct io_uring_query_hdr badh = { .query_op = 9999, .size = sizeof(q), .query_data = (__u64)(uintptr_t)&q };
	CHECK_RET(io_uring_register_query(&badh), t_raw_register(-1, IORING_REGISTER_QUERY, &badh, 0));
}

static void passthrough(struct io_uring *ring)
{
	/* Arguments the kernel must refuse: we return exactly what the raw syscall returns. */
	struct io_uring_zcrx_ifq_reg ifq;
	memset(&ifq, 0, sizeof(ifq));
	long want = t_raw_register(ring->ring_fd, IORING_REGISTER_ZCRX_IFQ, &ifq, 1);
	CHECK(want < 0, "zeroed zcrx registration accepted");
	memset(&ifq, 0, sizeof(ifq));
	CHECK_RET(io_uring_register_ifq(ring, &ifq), want);

	struct zcrx_ctrl ctrl;
	memset(&ctrl, 0, sizeof(ctrl));
	ctrl.zcrx_id = 999;
	want = t_raw_register(ring->ring_fd, IORING_REGISTER_ZCRX_CTRL, &ctrl, 0);
	CHECK(want < 0, "zcrx ctrl on no ifq accepted");
	CHECK_RET(io_uring_register_zcrx_ctrl(ring, &ctrl), want);

	struct io_uring_bpf bpf;
	memset(&bpf, 0, sizeof(bpf)); /* cmd_type 0: invalid */
	want = t_raw_register(ring->ring_fd, IORING_REGISTER_BPF_FILTER, &bpf, 1);
	CHECK(want < 0, "invalid bpf filter accepted");
	CHECK_RET(io_uring_register_bpf_filter(ring, &bpf), want);
	want = t_raw_register(-1, IORING_REGISTER_BPF_FILTER, &bpf, 1);
	CHECK(want < 0, "invalid task bpf filter accepted");
	CHECK_RET(io_uring_register_bpf_filter_task(&bpf), want);
	printf("zcrx ifq/ctrl, bpf filter: kernel says %ld (passed through)\n", want);

	struct io_uring bad = *ring;
	bad.ring_fd = bad.enter_ring_fd = 12345;
	CHECK_RET(io_uring_register_personality(&bad), -EBADF);
	/* a kernel that does not know the opcode (5.10: NAPI, CLOCK) says so before it looks at
	 * the fd: the library answers as the kernel does */
	CHECK_RET(io_uring_register_napi(&bad, NULL), t_raw_register(12345, IORING_REGISTER_NAPI, NULL, 1));
	CHECK_RET(io_uring_register_clock(&bad, NULL), t_raw_register(12345, IORING_REGISTER_CLOCK, NULL, 0));
}

int main(void)
{
	struct io_uring ring;
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	napi(&ring);
	iowq(&ring);
	personality(&ring);
	sync_cancel(&ring);
	clock_and_msg(&ring);
	passthrough(&ring);
	/* Through a registered ring fd too. */
	if (t_kernel_has(T_RING_FDS)) {
		CHECK_RET(io_uring_register_ring_fd(&ring), 1);
		personality(&ring);
		iowq(&ring);
		CHECK_RET(io_uring_unregister_ring_fd(&ring), 1);
	} else {
		lack("registered ring fds");
	}
	io_uring_queue_exit(&ring);
	wait_region();
	query();
	if (lacks[0])
		SKIP("everything else passed; the kernel lacks %s", lacks);
	return T_PASS;
}
