/*
 * A registered eventfd becomes readable when a completion is posted, stays quiet while
 * toggled off with io_uring_cq_eventfd_toggle, and (async variant) only signals completions
 * that happened out of line. Errors are the kernel's.
 */
#include <liburing.h>
#include <poll.h>
#include <sys/eventfd.h>
#include "helpers.h"

static int readable(int efd)
{
	struct pollfd pfd = { .fd = efd, .events = POLLIN };
	int r = poll(&pfd, 1, 0);
	CHECK(r >= 0, "poll: %s", strerror(errno));
	if (r == 0)
		return 0;
	eventfd_t v;
	CHECK(eventfd_read(efd, &v) == 0 && v > 0, "eventfd_read");
	return 1;
}

static void nop(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	io_uring_prep_nop(io_uring_get_sqe(ring));
	CHECK_RET(io_uring_submit_and_wait(ring, 1), 1);
	CHECK_RET(io_uring_peek_cqe(ring, &cqe), 0);
	io_uring_cqe_seen(ring, cqe);
}

int main(void)
{
	struct io_uring ring;
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	int p[2];
	CHECK(efd >= 0 && pipe(p) == 0, "eventfd/pipe");
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);

	CHECK_RET(io_uring_unregister_eventfd(&ring), -ENXIO);
	CHECK_RET(io_uring_register_eventfd(&ring, 12345), -EBADF);
	CHECK_RET(io_uring_register_eventfd(&ring, p[0]), -EINVAL);
	CHECK_RET(io_uring_register_eventfd(&ring, efd), 0);
	CHECK_RET(io_uring_register_eventfd(&ring, efd), -EBUSY);
	CHECK(!readable(efd), "readable before any completion");
	CHECK(io_uring_cq_eventfd_enabled(&ring), "enabled by default");
	nop(&ring);
	CHECK(readable(efd), "not readable after a completion");

	CHECK_RET(io_uring_cq_eventfd_toggle(&ring, false), 0);
	CHECK(!io_uring_cq_eventfd_enabled(&ring), "still enabled");
	nop(&ring);
	nop(&ring);
	CHECK(!readable(efd), "readable while toggled off");
	CHECK_RET(io_uring_cq_eventfd_toggle(&ring, true), 0);
	nop(&ring);
	CHECK(readable(efd), "not readable after toggling back on");

	CHECK_RET(io_uring_unregister_eventfd(&ring), 0);
	nop(&ring);
	CHECK(!readable(efd), "readable after unregister");
	CHECK_RET(io_uring_unregister_eventfd(&ring), -ENXIO);

	/* Async-only: an inline NOP doesn't signal, a read punted to io-wq (IOSQE_ASYNC) does. */
	CHECK_RET(io_uring_register_eventfd_async(&ring, efd), 0);
	nop(&ring);
	CHECK(!readable(efd), "async eventfd signalled for an inline completion");
	char c;
	struct io_uring_cqe *cqe;
	CHECK(write(p[1], "x", 1) == 1, "write");
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, p[0], &c, 1, 0);
	sqe->flags |= IOSQE_ASYNC;
	CHECK_RET(io_uring_submit(&ring), 1);
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
	CHECK(cqe->res == 1, "read res %d", cqe->res);
	io_uring_cqe_seen(&ring, cqe);
	CHECK(readable(efd), "async eventfd quiet for an io-wq completion");
	CHECK_RET(io_uring_unregister_eventfd(&ring), 0);

	struct io_uring bad = ring;
	bad.ring_fd = bad.enter_ring_fd = 12345;
	CHECK_RET(io_uring_register_eventfd(&bad, efd), -EBADF);

	io_uring_queue_exit(&ring);
	close(efd);
	return T_PASS;
}
