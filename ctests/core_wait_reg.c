/*
 * Registered wait arguments: a page registered with IORING_REGISTER_MEM_REGION +
 * IORING_MEM_REGION_REG_WAIT_ARG (on an R_DISABLED ring, then io_uring_enable_rings) holds an
 * array of struct io_uring_reg_wait; io_uring_submit_and_wait_reg(ring, &cqe, nr, index) waits
 * with the timeout of entry `index`: -ETIME after ~that time when nothing completes, the CQE
 * when something does (submitting queued SQEs first), and an index outside the region fails
 * (-EFAULT). Without a registered region the call fails too.
 */
#include <sys/mman.h>
#include <liburing.h>
#include "helpers.h"

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;

	/* Without a registered region: an error, no hang */
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	int ret = io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0);
	CHECK(ret < 0, "wait_reg without region returned %d", ret);
	io_uring_queue_exit(&ring);

	CHECK_RET(io_uring_queue_init(8, &ring, IORING_SETUP_R_DISABLED), 0);
	long page = sysconf(_SC_PAGESIZE);
	struct io_uring_reg_wait *rw = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(rw != MAP_FAILED, "mmap");
	memset(rw, 0, page);
	struct io_uring_region_desc rd = {
		.user_addr = (unsigned long)rw,
		.size = page,
		.flags = IORING_MEM_REGION_TYPE_USER,
	};
	struct io_uring_mem_region_reg mr = {
		.region_uptr = (unsigned long)&rd,
		.flags = IORING_MEM_REGION_REG_WAIT_ARG,
	};
	ret = io_uring_register(ring.ring_fd, IORING_REGISTER_MEM_REGION, &mr, 1);
	if (ret == -EINVAL || ret == -EOPNOTSUPP)
		SKIP("kernel refuses a wait-argument region: %d", ret);
	CHECK_RET(ret, 0);
	CHECK_RET(io_uring_enable_rings(&ring), 0);

	/* entry 0: 200 ms, entry 1: 40 ms, entry 3: 1 s */
	rw[0].ts.tv_nsec = 200000000;
	rw[0].flags = IORING_REG_WAIT_TS;
	rw[1].ts.tv_nsec = 40000000;
	rw[1].flags = IORING_REG_WAIT_TS;
	rw[3].ts.tv_sec = 1;
	rw[3].flags = IORING_REG_WAIT_TS;

	long t0 = t_now_ms();
	CHECK_RET(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 1), -ETIME);
	long e = t_now_ms() - t0;
	CHECK(e >= 35 && e < 150, "index 1 (40 ms) waited %ld ms", e);

	t0 = t_now_ms();
	CHECK_RET(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0), -ETIME);
	e = t_now_ms() - t0;
	CHECK(e >= 190 && e < 1000, "index 0 (200 ms) waited %ld ms", e);

	/* queued NOPs are submitted and their CQE returned at once */
	t_queue_nops(&ring, 2, 7);
	t0 = t_now_ms();
	ret = io_uring_submit_and_wait_reg(&ring, &cqe, 2, 3);
	CHECK(ret >= 0, "wait_reg with work: %d", ret);
	CHECK(t_now_ms() - t0 < 500, "waited for the full timeout");
	CHECK(cqe && cqe->user_data == 7, "cqe");
	CHECK(io_uring_cq_ready(&ring) == 2, "cq_ready %u", io_uring_cq_ready(&ring));
	io_uring_cq_advance(&ring, 2);
	CHECK(io_uring_sq_ready(&ring) == 0, "not submitted");

	/* past the end of the region */
	int beyond = (int)(page / sizeof(struct io_uring_reg_wait));
	CHECK_RET(io_uring_submit_and_wait_reg(&ring, &cqe, 1, beyond), -EFAULT);
	CHECK_RET(io_uring_submit_and_wait_reg(&ring, &cqe, 1, -1), -EFAULT);

	io_uring_queue_exit(&ring);
	munmap(rw, page);
	return T_PASS;
}
