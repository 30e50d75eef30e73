/* SPDX-License-Identifier: MIT */
/*
 * io_uring_test: the smallest complete io_uring round trip.
 *
 * Opens FILE with O_DIRECT, queues up to DEPTH readv requests of BLOCK bytes
 * each covering the start of the file, submits them in one batch, reaps every
 * completion and prints
 *     Submitted=N, completed=N, bytes=N
 * where bytes is the amount read: min(file size, DEPTH * BLOCK).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <liburing.h>

#include "common.h"

#define DEFAULT_DEPTH 4
#define DEFAULT_BLOCK 4096
/* O_DIRECT wants buffers aligned to the device's logical block size;
 * 4096 covers every common device. */
#define ALIGNMENT     4096

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [-d DEPTH] [-b BLOCK] [-o OUT] FILE\n"
		"Reads the start of FILE with O_DIRECT readv requests submitted in one batch\n"
		"and prints 'Submitted=N, completed=N, bytes=N'.\n"
		"  -d DEPTH  number of requests / ring size (default %d, max 1024)\n"
		"  -b BLOCK  bytes per request, a multiple of 4096 (default %d)\n"
		"  -o OUT    also write the bytes read to OUT (for checking)\n"
		"  -h        this help\n"
		"Exit status: 0 ok, 1 error, 3 if the filesystem refuses O_DIRECT.\n",
		prog, DEFAULT_DEPTH, DEFAULT_BLOCK);
}

int main(int argc, char **argv)
{
	unsigned depth = DEFAULT_DEPTH, block = DEFAULT_BLOCK, nreq, submitted, completed = 0;
	const char *out = NULL, *path;
	unsigned long long bytes = 0, expect;
	struct io_uring ring;
	struct iovec *iov;
	struct stat st;
	int fd, ret, c, status = 0;
	char *end;

	while ((c = getopt_long(argc, argv, "d:b:o:h", help_option, NULL)) != -1) {
		switch (c) {
		case 'd':
			depth = (unsigned)strtoul(optarg, &end, 10);
			if (*end || depth < 1 || depth > 1024) {
				fprintf(stderr, "io_uring_test: DEPTH must be 1..1024\n");
				return 2;
			}
			break;
		case 'b':
			block = (unsigned)strtoul(optarg, &end, 10);
			if (*end || block < ALIGNMENT || block % ALIGNMENT || block > (64u << 20)) {
				fprintf(stderr, "io_uring_test: BLOCK must be a multiple of %d up to 64 MiB\n",
					ALIGNMENT);
				return 2;
			}
			break;
		case 'o': out = optarg; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr, argv[0]);
		return 2;
	}
	path = argv[optind];

	fd = open(path, O_RDONLY | O_DIRECT);
	if (fd < 0) {
		int err = errno;

		fprintf(stderr, "io_uring_test: cannot open '%s': %s\n", path, strerror(err));
		if (err == EINVAL) {
			fprintf(stderr, "io_uring_test: the filesystem does not support O_DIRECT\n");
			return 3;
		}
		return 1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "io_uring_test: '%s' is not a regular file\n", path);
		return 1;
	}

	ret = io_uring_queue_init(depth, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "io_uring_test: cannot create io_uring: %s\n", strerror(-ret));
		return 1;
	}

	/* only as many requests as the file has blocks, at most DEPTH */
	nreq = (unsigned)((st.st_size + block - 1) / block);
	if (nreq > depth)
		nreq = depth;
	expect = (unsigned long long)nreq * block;
	if (expect > (unsigned long long)st.st_size)
		expect = (unsigned long long)st.st_size;

	iov = calloc(nreq ? nreq : 1, sizeof(*iov));
	if (!iov) {
		fprintf(stderr, "io_uring_test: out of memory\n");
		return 1;
	}
	for (unsigned i = 0; i < nreq; i++) {
		struct io_uring_sqe *sqe;

		if (posix_memalign(&iov[i].iov_base, ALIGNMENT, block)) {
			fprintf(stderr, "io_uring_test: out of memory\n");
			return 1;
		}
		iov[i].iov_len = block;
		sqe = io_uring_get_sqe(&ring);
		/* each request carries its index so its buffer is found again */
		io_uring_prep_readv(sqe, fd, &iov[i], 1, (unsigned long long)i * block);
		io_uring_sqe_set_data64(sqe, i);
	}

	/* one io_uring_enter for the whole batch */
	ret = io_uring_submit(&ring);
	if (ret < 0) {
		fprintf(stderr, "io_uring_test: submit: %s\n", strerror(-ret));
		return 1;
	}
	submitted = (unsigned)ret;
	if (submitted != nreq) {
		fprintf(stderr, "io_uring_test: submitted %u of %u requests\n", submitted, nreq);
		status = 1;
	}

	for (unsigned i = 0; i < submitted; i++) {
		struct io_uring_cqe *cqe;
		unsigned idx;
		unsigned long long want;

		ret = io_uring_wait_cqe(&ring, &cqe);
		if (ret < 0) {
			fprintf(stderr, "io_uring_test: wait: %s\n", strerror(-ret));
			return 1;
		}
		completed++;
		idx = (unsigned)io_uring_cqe_get_data64(cqe);
		/* every block is full except possibly the file's last one */
		want = (unsigned long long)st.st_size - (unsigned long long)idx * block;
		if (want > block)
			want = block;
		if (cqe->res < 0) {
			fprintf(stderr, "io_uring_test: read of block %u failed: %s%s\n", idx,
				strerror(-cqe->res),
				cqe->res == -EINVAL ? " (O_DIRECT alignment refused?)" : "");
			status = cqe->res == -EINVAL ? 3 : 1;
		} else {
			if ((unsigned long long)cqe->res != want) {
				fprintf(stderr, "io_uring_test: block %u: read %d bytes, wanted %llu\n",
					idx, cqe->res, want);
				status = 1;
			}
			iov[idx].iov_len = (size_t)cqe->res;
			bytes += (unsigned long long)cqe->res;
		}
		io_uring_cqe_seen(&ring, cqe);
	}

	printf("Submitted=%u, completed=%u, bytes=%llu\n", submitted, completed, bytes);
	if (!status && bytes != expect) {
		fprintf(stderr, "io_uring_test: read %llu bytes, expected %llu\n", bytes, expect);
		status = 1;
	}

	if (out && !status) {
		/* blocks in file order, each cut to what was read */
		FILE *f = fopen(out, "wb");

		if (!f) {
			fprintf(stderr, "io_uring_test: cannot create '%s': %s\n", out, strerror(errno));
			status = 1;
		} else {
			for (unsigned i = 0; i < nreq; i++)
				fwrite(iov[i].iov_base, 1, iov[i].iov_len, f);
			if (fclose(f)) {
				fprintf(stderr, "io_uring_test: writing '%s' failed\n", out);
				status = 1;
			}
		}
	}

	for (unsigned i = 0; i < nreq; i++)
		free(iov[i].iov_base);
	free(iov);
	close(fd);
	io_uring_queue_exit(&ring);
	return status;
}
