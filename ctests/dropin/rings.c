/* Ring variants whose handling liburing 2.3's header inlines: SQE128/CQE32 rings (get_sqe and
 * peek/for_each_cqe shift the index by ring->flags), SQPOLL (sq_ready load-acquires khead,
 * sqring_wait, submit wakes the thread), cq.kflags (cq_eventfd_toggle), sq.kflags
 * (cq_has_overflow), and a CQ overflow: a full CQ with the overflow flag set, then flushed. */
#include "common.h"
#include <sys/eventfd.h>

static void nops(struct io_uring *ring, const char *tag, int n)
{
	struct io_uring_cqe *cqe;
	unsigned head, seen = 0;
	unsigned long long sum = 0;
	for (int i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
		CHECK(sqe);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, 100 + i);
	}
	int ret = io_uring_submit_and_wait(ring, n);
	while (io_uring_cq_ready(ring) < (unsigned)n) {
		CHECK(io_uring_wait_cqe_nr(ring, &cqe, n) == 0);
	}
	io_uring_for_each_cqe(ring, head, cqe) {
		sum += cqe->user_data;
		seen++;
	}
	io_uring_cq_advance(ring, seen);
	printf("%s: submitted %d, completions %u, sum %llu\n", tag, ret, seen, sum);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_params p;

	/* big SQEs and CQEs */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQE128 | IORING_SETUP_CQE32;
	int ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == 0) {
		printf("sqe128/cqe32: flags has both %d\n",
		       (ring.flags & (IORING_SETUP_SQE128 | IORING_SETUP_CQE32)) == (IORING_SETUP_SQE128 | IORING_SETUP_CQE32));
		for (int r = 0; r < 5; r++)
			nops(&ring, "sqe128/cqe32 nops", 6);
		struct io_uring_cqe *cqe;
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, 7);
		io_uring_submit(&ring);
		CHECK(io_uring_wait_cqe(&ring, &cqe) == 0);
		printf("cqe32 peek: data=%llu big_cqe[0]=%llu\n", (unsigned long long)cqe->user_data,
		       (unsigned long long)cqe->big_cqe[0]);
		io_uring_cqe_seen(&ring, cqe);
		io_uring_queue_exit(&ring);
	} else {
		printf("sqe128/cqe32: init %d\n", ret);
	}

	/* SQPOLL */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 1; /* ms: let the thread go to sleep so submit must wake it */
	ret = io_uring_queue_init_params(8, &ring, &p);
	printf("sqpoll init: %d\n", ret);
	if (ret == 0) {
		for (int r = 0; r < 5; r++) {
			nops(&ring, "sqpoll nops", 8);
			usleep(5000);
		}
		printf("sqring_wait: %d\n", io_uring_sqring_wait(&ring) >= 0);
		printf("sq_ready: %u\n", io_uring_sq_ready(&ring));
		io_uring_queue_exit(&ring);
	}

	/* cq.kflags: eventfd toggle; sq.kflags: overflow */
	init_ring(&ring, 4, 0);
	int efd = eventfd(0, EFD_NONBLOCK);
	printf("register_eventfd: %d\n", io_uring_register_eventfd(&ring, efd));
	printf("eventfd enabled: %d\n", io_uring_cq_eventfd_enabled(&ring));
	printf("toggle off: %d\n", io_uring_cq_eventfd_toggle(&ring, false));
	printf("eventfd enabled: %d\n", io_uring_cq_eventfd_enabled(&ring));
	nops(&ring, "nops with eventfd off", 2);
	eventfd_t v = 0;
	printf("eventfd read while off: %d\n", eventfd_read(efd, &v));
	printf("toggle on: %d\n", io_uring_cq_eventfd_toggle(&ring, true));
	nops(&ring, "nops with eventfd on", 2);
	ret = eventfd_read(efd, &v);
	printf("eventfd read while on: %d signalled %d\n", ret, v > 0);
	io_uring_unregister_eventfd(&ring);
	close(efd);

	/* overflow: 3 rounds of 4 NOPs without reaping, CQ holds 8 */
	for (int r = 0; r < 3; r++) {
		for (int i = 0; i < 4; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, r * 4 + i);
		}
		io_uring_submit(&ring);
	}
	printf("cq_ready: %u has_overflow: %d\n", io_uring_cq_ready(&ring), io_uring_cq_has_overflow(&ring));
	unsigned long long total = 0, n = 0;
	struct io_uring_cqe *cqe;
	while (io_uring_peek_cqe(&ring, &cqe) == 0) {
		total += cqe->user_data;
		n++;
		io_uring_cqe_seen(&ring, cqe);
	}
	printf("after draining: %llu completions sum %llu has_overflow: %d\n", n, total, io_uring_cq_has_overflow(&ring));
	io_uring_queue_exit(&ring);
	print_liburing_maps();
	return 0;
}
