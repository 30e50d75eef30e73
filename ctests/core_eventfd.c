/*
 * CQ eventfd notifications: with an eventfd registered (raw io_uring_register,
 * IORING_REGISTER_EVENTFD) io_uring_cq_eventfd_enabled is true and each completion bumps the
 * eventfd; io_uring_cq_eventfd_toggle(false) sets IORING_CQ_EVENTFD_DISABLED so completions no
 * longer signal it; toggling to the current state is a no-op returning 0; toggle(true) restores.
 */
#include <poll.h>
#include <sys/eventfd.h>
#include <liburing.h>
#include "helpers.h"

static void nop(struct io_uring *ring)
{
	io_uring_prep_nop(io_uring_get_sqe(ring));
	CHECK_RET(io_uring_submit_and_wait(ring, 1), 1);
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_peek_cqe(ring, &cqe), 0);
	io_uring_cqe_seen(ring, cqe);
}

static __u64 drain(int efd)
{
	eventfd_t v = 0;
	struct pollfd pfd = { .fd = efd, .events = POLLIN };
	if (poll(&pfd, 1, 0) == 1)
		CHECK(eventfd_read(efd, &v) == 0, "eventfd_read");
	return v;
}

int main(void)
{
	struct io_uring ring;
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);
	CHECK(ring.cq.kflags, "no CQ flags word");
	CHECK(io_uring_cq_eventfd_enabled(&ring), "disabled by default");

	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	CHECK(efd >= 0, "eventfd");
	CHECK_RET(io_uring_register(ring.ring_fd, IORING_REGISTER_EVENTFD, &efd, 1), 0);

	nop(&ring);
	nop(&ring);
	CHECK(drain(efd) == 2, "eventfd count after 2 completions");

	CHECK_RET(io_uring_cq_eventfd_toggle(&ring, true), 0); /* already on */
	CHECK_RET(io_uring_cq_eventfd_toggle(&ring, false), 0);
	CHECK(!io_uring_cq_eventfd_enabled(&ring), "still enabled");
	CHECK(*ring.cq.kflags & IORING_CQ_EVENTFD_DISABLED, "kflags %x", *ring.cq.kflags);
	CHECK_RET(io_uring_cq_eventfd_toggle(&ring, false), 0); /* already off */
	nop(&ring);
	nop(&ring);
	CHECK(drain(efd) == 0, "eventfd signalled while disabled");

	CHECK_RET(io_uring_cq_eventfd_toggle(&ring, true), 0);
	CHECK(io_uring_cq_eventfd_enabled(&ring), "not re-enabled");
	nop(&ring);
	CHECK(drain(efd) == 1, "eventfd not signalled after re-enable");

	CHECK_RET(io_uring_register(ring.ring_fd, IORING_UNREGISTER_EVENTFD, NULL, 0), 0);
	nop(&ring);
	CHECK(drain(efd) == 0, "signalled after unregister");
	close(efd);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
