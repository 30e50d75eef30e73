/*
 * A signal during a wait: SIGALRM (handler installed without SA_RESTART) arriving while
 * io_uring_wait_cqe blocks makes it return -EINTR to the caller, not retry; errno is left
 * alone. Same for io_uring_wait_cqe_timeout with a long timeout, io_uring_submit_and_wait, and
 * io_uring_wait_cqes with a signal mask that does not block SIGALRM. The ring is usable after.
 */
#include <signal.h>
#include <sys/time.h>
#include <liburing.h>
#include "helpers.h"

static volatile sig_atomic_t fired;
static void on_alarm(int sig)
{
	(void)sig;
	fired++;
}

static void arm(int ms)
{
	struct itimerval it = { .it_value = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 } };
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0, "setitimer");
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART */
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0, "sigaction");

	struct io_uring ring;
	struct io_uring_cqe *cqe;
	CHECK_RET(io_uring_queue_init(8, &ring, 0), 0);

	/* wait_cqe */
	errno = 1234;
	fired = 0;
	arm(50);
	long t0 = t_now_ms();
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), -EINTR);
	CHECK(fired == 1, "handler ran %d times", (int)fired);
	CHECK(t_now_ms() - t0 < 2000, "took too long");
	CHECK(errno == 1234, "errno changed to %d", errno);

	/* wait_cqe_timeout with a 5 s timeout: interrupted long before */
	struct __kernel_timespec ts = { .tv_sec = 5 };
	fired = 0;
	arm(50);
	t0 = t_now_ms();
	CHECK_RET(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -EINTR);
	CHECK(fired == 1 && t_now_ms() - t0 < 2000, "fired %d after %ld ms", (int)fired, t_now_ms() - t0);

	/* submit_and_wait with nothing to complete */
	fired = 0;
	arm(50);
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), -EINTR);
	CHECK(fired == 1, "fired");

	/* wait_cqes with a sigmask that blocks SIGUSR1 only */
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	fired = 0;
	arm(50);
	CHECK_RET(io_uring_wait_cqes(&ring, &cqe, 1, &ts, &mask), -EINTR);
	CHECK(fired == 1, "fired");

	/* wait_cqes with a sigmask that blocks SIGALRM during the wait: times out instead, then the
	 * pending signal is delivered once the old mask is back */
	sigemptyset(&mask);
	sigaddset(&mask, SIGALRM);
	fired = 0;
	arm(20);
	struct __kernel_timespec shortts = { .tv_nsec = 100000000 };
	CHECK_RET(io_uring_wait_cqes(&ring, &cqe, 1, &shortts, &mask), -ETIME);
	CHECK(fired == 1, "blocked signal not delivered afterwards (%d)", (int)fired);

	/* the ring still works */
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	CHECK_RET(io_uring_submit_and_wait(&ring, 1), 1);
	CHECK_RET(io_uring_wait_cqe(&ring, &cqe), 0);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
