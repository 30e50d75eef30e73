/* SPDX-License-Identifier: MIT */
/*
 * read: random fixed-size reads from a file at a fixed queue depth.
 *
 * Keeps QD reads in flight: submit QD reads, then each round
 * io_uring_submit_and_wait(ring, 1), drain every ready completion with
 * io_uring_peek_cqe + io_uring_cqe_seen, and queue one new read per
 * completion (io_uring_get_sqe + io_uring_prep_read).  Offsets are random,
 * BS-aligned and deterministic, so both builds read the same sequence.
 *
 *   read [-D] [-d QD] [-s BS] (-n OPS | -t SECS) FILE
 *
 * -D opens FILE with O_DIRECT (buffers are page aligned); without it the file
 * should be in the page cache (bench/run.sh reads it once first).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <liburing.h>

#include "common.h"

static struct io_uring ring;
static int fd;
static unsigned bs, qd;
static unsigned long long nblocks, seed = 0x9E3779B97F4A7C15ULL;
static char *bufs;

static void queue_read(unsigned slot)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	unsigned long long off = (bench_rand(&seed) % nblocks) * bs;

	if (!sqe)
		bench_die("read", "io_uring_get_sqe", EBUSY);
	io_uring_prep_read(sqe, fd, bufs + (size_t)slot * bs, bs, off);
	io_uring_sqe_set_data64(sqe, slot);
}

int main(int argc, char **argv)
{
	unsigned long long ops = 0, issued = 0, done = 0;
	double secs = 1.0, start, el;
	int direct = 0, c, ret;
	struct stat st;
	unsigned i;

	bs = 4096;
	qd = 64;
	while ((c = getopt(argc, argv, "Dd:s:n:t:h")) != -1) {
		switch (c) {
		case 'D': direct = 1; break;
		case 'd': qd = bench_parse_ull("read", optarg, "queue depth"); break;
		case 's': bs = bench_parse_ull("read", optarg, "block size"); break;
		case 'n': ops = bench_parse_ull("read", optarg, "op count"); break;
		case 't': secs = atof(optarg); break;
		default:
			fprintf(stderr, "Usage: %s [-D] [-d QD] [-s BS] (-n OPS | -t SECS) FILE\n", argv[0]);
			return c == 'h' ? 0 : 1;
		}
	}
	if (optind + 1 != argc || qd < 1 || qd > 4096 || bs < 512 || secs <= 0) {
		fprintf(stderr, "read: need FILE, 1 <= QD <= 4096, BS >= 512, SECS > 0\n");
		return 1;
	}

	fd = open(argv[optind], O_RDONLY | (direct ? O_DIRECT : 0));
	if (fd < 0 && direct && errno == EINVAL)
		bench_skip("read", "%s: O_DIRECT not supported by this filesystem", argv[optind]);
	if (fd < 0)
		bench_die("read", argv[optind], errno);
	if (fstat(fd, &st) < 0)
		bench_die("read", "fstat", errno);
	nblocks = st.st_size / bs;
	if (nblocks == 0) {
		fprintf(stderr, "read: %s is smaller than one block\n", argv[optind]);
		return 1;
	}
	if (posix_memalign((void **)&bufs, 4096, (size_t)qd * bs))
		bench_die("read", "posix_memalign", ENOMEM);
	memset(bufs, 0, (size_t)qd * bs);

	ret = io_uring_queue_init(qd, &ring, 0);
	if (ret == -ENOSYS || ret == -EPERM)
		bench_skip("read", "io_uring unavailable (%s)", strerror(-ret));
	if (ret < 0)
		bench_die("read", "io_uring_queue_init", ret);

	start = bench_now();
	for (i = 0; i < qd; i++) {
		queue_read(i);
		issued++;
	}
	for (;;) {
		struct io_uring_cqe *cqe;
		int stop;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0)
			bench_die("read", "io_uring_submit_and_wait", ret);
		stop = ops ? issued >= ops : bench_now() - start >= secs;
		while (io_uring_peek_cqe(&ring, &cqe) == 0) {
			unsigned slot = (unsigned)io_uring_cqe_get_data64(cqe);

			if (cqe->res != (int)bs) {
				if (cqe->res == -EINVAL && direct)
					bench_skip("read", "O_DIRECT reads of %u bytes rejected (EINVAL)", bs);
				bench_die("read", cqe->res < 0 ? "read completion" : "short read",
					  cqe->res < 0 ? cqe->res : EIO);
			}
			io_uring_cqe_seen(&ring, cqe);
			done++;
			if (!stop) {
				queue_read(slot);
				issued++;
			}
		}
		if (done == issued)
			break;
	}
	el = bench_now() - start;
	io_uring_queue_exit(&ring);
	close(fd);
	free(bufs);

	printf("bench=read direct=%d qd=%u bs=%u ops=%llu secs=%.6f ops_per_sec=%.0f\n",
	       direct, qd, bs, done, el, done / el);
	return 0;
}
