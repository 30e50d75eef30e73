/* SPDX-License-Identifier: MIT */
/*
 * Process start with one ring (issue 21): what a short-lived program (plocate, a CLI tool)
 * pays for the library on every run. Without arguments it sets up one ring, tears it down and
 * exits. With -n N it runs itself that way N times (posix_spawn + waitpid, one at a time), so
 * each child loads the same library this binary was linked with, relocates it and makes the
 * two calls; the line printed is the rate of those whole child processes, and the CPU time
 * (user + system, getrusage of the children) each took, which the other jobs of a shared
 * machine disturb less than the wall clock.
 *
 * usage: start [-n N]
 */
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <liburing.h>
#include "common.h"

extern char **environ;

int main(int argc, char **argv)
{
	const char *prog = "start";
	unsigned long long n = 0;
	int c;

	while ((c = getopt(argc, argv, "n:h")) != -1) {
		switch (c) {
		case 'n':
			n = bench_parse_ull(prog, optarg, "-n");
			break;
		default:
			fprintf(stderr, "usage: %s [-n N]\n", prog);
			return c == 'h' ? 0 : 1;
		}
	}
	if (n == 0) {
		struct io_uring ring;
		int ret = io_uring_queue_init(8, &ring, 0);

		if (ret < 0)
			bench_die(prog, "io_uring_queue_init", ret);
		io_uring_queue_exit(&ring);
		return 0;
	}
	char *child[] = { argv[0], NULL };
	double t0 = bench_now();
	for (unsigned long long i = 0; i < n; i++) {
		pid_t pid;
		int status, err = posix_spawn(&pid, argv[0], NULL, NULL, child, environ);

		if (err)
			bench_die(prog, "posix_spawn", err);
		if (waitpid(pid, &status, 0) != pid)
			bench_die(prog, "waitpid", errno);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
				bench_skip(prog, "io_uring unavailable");
			fprintf(stderr, "%s: a child failed (status %#x)\n", prog, status);
			return 1;
		}
	}
	double secs = bench_now() - t0;
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	double cpu = ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	printf("ops=%llu secs=%.6f ops_per_sec=%.1f us_per_start=%.1f cpu_us_per_start=%.1f\n", n, secs,
	       n / secs, secs * 1e6 / n, cpu * 1e6 / n);
	return 0;
}
