/* SPDX-License-Identifier: MIT */
/*
 * nop: NOP round trips through one io_uring.
 *
 * Each round gets BATCH SQEs (io_uring_get_sqe + io_uring_prep_nop +
 * io_uring_sqe_set_data64), submits them with one io_uring_submit, then reaps
 * BATCH completions with io_uring_wait_cqe + io_uring_cqe_seen.  That is the
 * whole per-op path of an ordinary application, and what the instruction
 * counts (valgrind --tool=callgrind, see bench/run.sh) measure.
 *
 *   nop [-b BATCH] (-n OPS | -t SECS)
 *
 * -n runs exactly OPS operations (rounded up to a whole number of batches)
 * with no clock reads in the loop: use it under callgrind.  -t runs for about
 * SECS seconds (default 1), reading the clock once per chunk of rounds.
 */
#define _GNU_SOURCE
#include <unistd.h>
#include <liburing.h>

#include "common.h"

#define RING_ENTRIES 128

static struct io_uring ring;

static void rounds(unsigned batch, unsigned long long n)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	unsigned i;
	int ret;

	while (n--) {
		for (i = 0; i < batch; i++) {
			sqe = io_uring_get_sqe(&ring);
			if (!sqe)
				bench_die("nop", "io_uring_get_sqe", EBUSY);
			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, i);
		}
		ret = io_uring_submit(&ring);
		if (ret != (int)batch)
			bench_die("nop", "io_uring_submit", ret < 0 ? ret : EIO);
		for (i = 0; i < batch; i++) {
			ret = io_uring_wait_cqe(&ring, &cqe);
			if (ret < 0)
				bench_die("nop", "io_uring_wait_cqe", ret);
			if (cqe->res < 0)
				bench_die("nop", "NOP completion", cqe->res);
			io_uring_cqe_seen(&ring, cqe);
		}
	}
}

int main(int argc, char **argv)
{
	unsigned long long ops = 0, done = 0, chunk;
	unsigned batch = 1;
	double secs = 1.0, start, el;
	int c, ret;

	while ((c = getopt(argc, argv, "b:n:t:h")) != -1) {
		switch (c) {
		case 'b': batch = bench_parse_ull("nop", optarg, "batch"); break;
		case 'n': ops = bench_parse_ull("nop", optarg, "op count"); break;
		case 't': secs = atof(optarg); break;
		default:
			fprintf(stderr, "Usage: %s [-b BATCH] (-n OPS | -t SECS)\n", argv[0]);
			return c == 'h' ? 0 : 1;
		}
	}
	if (batch < 1 || batch > RING_ENTRIES || secs <= 0) {
		fprintf(stderr, "nop: need 1 <= BATCH <= %d and SECS > 0\n", RING_ENTRIES);
		return 1;
	}

	ret = io_uring_queue_init(RING_ENTRIES, &ring, 0);
	if (ret == -ENOSYS || ret == -EPERM)
		bench_skip("nop", "io_uring unavailable (%s)", strerror(-ret));
	if (ret < 0)
		bench_die("nop", "io_uring_queue_init", ret);

	start = bench_now();
	if (ops) {
		chunk = (ops + batch - 1) / batch;
		rounds(batch, chunk);
		done = chunk * batch;
	} else {
		/* about 1 ms of work between clock reads */
		chunk = 2048 / batch + 1;
		do {
			rounds(batch, chunk);
			done += chunk * batch;
		} while (bench_now() - start < secs);
	}
	el = bench_now() - start;
	io_uring_queue_exit(&ring);

	printf("bench=nop batch=%u ops=%llu secs=%.6f ops_per_sec=%.0f\n", batch, done, el, done / el);
	return 0;
}
