/* SPDX-License-Identifier: MIT */
/*
 * link_cp: copy a file with linked read -> write request pairs.
 *
 * The file is cut into chunks.  For each chunk one read and one write are
 * queued together, the read flagged IOSQE_IO_LINK so the kernel starts the
 * write only after the read succeeded.  Up to DEPTH/2 chunks are in flight at
 * once and a new chunk is queued as soon as one finishes, keeping the queue
 * full.
 *
 * A link breaks on any unexpected result: after a short read the write comes
 * back -ECANCELED.  Each chunk therefore tracks how much of it was read and
 * written and re-queues exactly what is missing: a plain write for bytes read
 * but not written, or a new read->write pair for bytes not yet read.  The
 * copy is byte-exact.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/fs.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <liburing.h>

#include "common.h"

#define DEFAULT_DEPTH 64
#define DEFAULT_BLOCK (128 * 1024)
/* user_data = chunk pointer, bit 0 set for reads (chunks are 8-aligned) */
#define READ_TAG      1u

struct chunk {
	off_t offset;           /* where the chunk starts in both files */
	size_t len;
	size_t rd;              /* bytes [0, rd) have been read into buf */
	size_t wr;              /* bytes [0, wr) have been written */
	unsigned pending;       /* completions still expected */
	char *buf;
	/* the request currently in flight covers [req_start, req_start+req_len) */
	size_t req_start, req_len;
};

struct copy {
	struct io_uring ring;
	int infd, outfd;
	unsigned depth;         /* SQEs in flight at most */
	size_t block;
	off_t size, next;       /* file size, start of the next unqueued chunk */
	unsigned inflight;      /* SQEs submitted, not yet completed */
	unsigned requeues;
	int error;
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [-d DEPTH] [-b BLOCK] IN OUT\n"
		"Copies IN to OUT with linked read->write io_uring requests.\n"
		"  -d DEPTH  requests in flight (default %d, even, 2..4096)\n"
		"  -b BLOCK  chunk size in bytes (default %d)\n"
		"  -h        this help\n", prog, DEFAULT_DEPTH, DEFAULT_BLOCK);
}

/* Size of a regular file or a block device. */
static int input_size(int fd, off_t *size)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISREG(st.st_mode)) {
		*size = st.st_size;
		return 0;
	}
	if (S_ISBLK(st.st_mode)) {
		unsigned long long bytes;

		if (ioctl(fd, BLKGETSIZE64, &bytes) < 0)
			return -errno;
		*size = (off_t)bytes;
		return 0;
	}
	return -EINVAL;
}

/* A free SQE, with room for NEED in a row: if the SQ lacks it, submit what
 * is queued first.  A read->write pair asks for both slots up front, so a
 * link is never split across two submissions. */
static struct io_uring_sqe *get_sqe(struct copy *cp, unsigned need)
{
	if (io_uring_sq_space_left(&cp->ring) < need)
		io_uring_submit(&cp->ring);
	return io_uring_get_sqe(&cp->ring);
}

/* Queue the next step of a chunk. */
static void queue_chunk(struct copy *cp, struct chunk *c)
{
	struct io_uring_sqe *sqe;

	if (c->wr < c->rd) {
		/* data already read but not (fully) written: write it alone */
		c->req_start = c->wr;
		c->req_len = c->rd - c->wr;
		sqe = get_sqe(cp, 1);
		io_uring_prep_write(sqe, cp->outfd, c->buf + c->req_start, (unsigned)c->req_len,
				    (unsigned long long)(c->offset + (off_t)c->req_start));
		io_uring_sqe_set_data(sqe, c);
		c->pending = 1;
		cp->inflight += 1;
		return;
	}
	/* read the rest, and write it once the read is complete */
	c->req_start = c->rd;
	c->req_len = c->len - c->rd;
	sqe = get_sqe(cp, 2);
	io_uring_prep_read(sqe, cp->infd, c->buf + c->req_start, (unsigned)c->req_len,
			   (unsigned long long)(c->offset + (off_t)c->req_start));
	sqe->flags |= IOSQE_IO_LINK;
	io_uring_sqe_set_data64(sqe, (uint64_t)(uintptr_t)c | READ_TAG);
	sqe = io_uring_get_sqe(&cp->ring);   /* room was made for both */
	io_uring_prep_write(sqe, cp->outfd, c->buf + c->req_start, (unsigned)c->req_len,
			    (unsigned long long)(c->offset + (off_t)c->req_start));
	io_uring_sqe_set_data(sqe, c);
	c->pending = 2;
	cp->inflight += 2;
}

static struct chunk *new_chunk(struct copy *cp)
{
	struct chunk *c = calloc(1, sizeof(*c));

	if (!c || !(c->buf = malloc(cp->block))) {
		free(c);
		return NULL;
	}
	c->offset = cp->next;
	c->len = cp->size - cp->next < (off_t)cp->block ? (size_t)(cp->size - cp->next) : cp->block;
	cp->next += (off_t)c->len;
	return c;
}

/* Account one completion to its chunk, by request type. */
static void complete(struct copy *cp, struct chunk *c, struct io_uring_cqe *cqe, bool is_read)
{
	int res = cqe->res;

	if (res == -ECANCELED) {
		/* link broken by the read before us; requeued below */
	} else if (res < 0) {
		if (res == -EAGAIN || res == -EINTR) {
			/* transient: the chunk is simply requeued */
		} else if (!cp->error) {
			fprintf(stderr, "link_cp: %s at offset %lld failed: %s\n",
				is_read ? "read" : "write", (long long)c->offset, strerror(-res));
			cp->error = res;
		}
	} else if (is_read) {
		if (res == 0 && !cp->error) {
			fprintf(stderr, "link_cp: input ended early at offset %lld (file shrank?)\n",
				(long long)(c->offset + (off_t)c->rd));
			cp->error = -EIO;
		}
		c->rd += (size_t)res;
	} else {
		c->wr += (size_t)res;
	}
}

static int copy_file(struct copy *cp)
{
	while ((cp->next < cp->size || cp->inflight) && !cp->error) {
		struct io_uring_cqe *cqe;
		int ret;

		/* fill the queue with new chunks, two SQEs each */
		while (cp->next < cp->size && cp->inflight + 2 <= cp->depth && !stop_requested) {
			struct chunk *c = new_chunk(cp);

			if (!c) {
				fprintf(stderr, "link_cp: out of memory\n");
				cp->error = -ENOMEM;
				break;
			}
			queue_chunk(cp, c);
		}
		if (stop_requested && !cp->error) {
			fprintf(stderr, "link_cp: interrupted, output is incomplete\n");
			cp->error = -EINTR;
		}
		if (!cp->inflight)
			break;

		ret = io_uring_submit_and_wait(&cp->ring, 1);
		if (ret < 0 && ret != -EINTR) {
			fprintf(stderr, "link_cp: submit: %s\n", strerror(-ret));
			cp->error = ret;
			break;
		}
		/* reap everything ready; requeue or retire each finished chunk */
		while (io_uring_peek_cqe(&cp->ring, &cqe) == 0) {
			uint64_t ud = io_uring_cqe_get_data64(cqe);
			struct chunk *c = (struct chunk *)(uintptr_t)(ud & ~(uint64_t)READ_TAG);
			bool is_read = ud & READ_TAG;

			complete(cp, c, cqe, is_read);
			io_uring_cqe_seen(&cp->ring, cqe);
			cp->inflight--;
			if (--c->pending)
				continue;
			if (c->wr == c->len) {
				free(c->buf);
				free(c);
			} else if (!cp->error) {
				cp->requeues++;
				queue_chunk(cp, c);
			} else {
				free(c->buf);
				free(c);
			}
		}
	}
	/* on error, wait for the stragglers so no buffer is freed under I/O */
	while (cp->inflight) {
		struct io_uring_cqe *cqe;

		if (io_uring_wait_cqe(&cp->ring, &cqe) < 0)
			break;
		{
			uint64_t ud = io_uring_cqe_get_data64(cqe);
			struct chunk *c = (struct chunk *)(uintptr_t)(ud & ~(uint64_t)READ_TAG);

			io_uring_cqe_seen(&cp->ring, cqe);
			cp->inflight--;
			if (--c->pending == 0) {
				free(c->buf);
				free(c);
			}
		}
	}
	return cp->error;
}

int main(int argc, char **argv)
{
	struct copy cp;
	unsigned long v;
	char *end;
	int c, ret;

	memset(&cp, 0, sizeof(cp));
	cp.depth = DEFAULT_DEPTH;
	cp.block = DEFAULT_BLOCK;
	while ((c = getopt_long(argc, argv, "d:b:h", help_option, NULL)) != -1) {
		switch (c) {
		case 'd':
			v = strtoul(optarg, &end, 10);
			if (*end || v < 2 || v > 4096 || v % 2) {
				fprintf(stderr, "link_cp: DEPTH must be even, 2..4096\n");
				return 2;
			}
			cp.depth = (unsigned)v;
			break;
		case 'b':
			v = strtoul(optarg, &end, 10);
			if (*end || v < 1 || v > (1ul << 30)) {
				fprintf(stderr, "link_cp: BLOCK must be 1..1073741824\n");
				return 2;
			}
			cp.block = v;
			break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (optind + 2 != argc) {
		usage(stderr, argv[0]);
		return 2;
	}

	install_signal_handlers();   /* no SA_RESTART: waits return -EINTR */

	cp.infd = open(argv[optind], O_RDONLY | O_CLOEXEC);
	if (cp.infd < 0) {
		fprintf(stderr, "link_cp: cannot open '%s': %s\n", argv[optind], strerror(errno));
		return 1;
	}
	ret = input_size(cp.infd, &cp.size);
	if (ret < 0) {
		fprintf(stderr, "link_cp: '%s' is not a regular file or block device\n", argv[optind]);
		return 1;
	}
	cp.outfd = open(argv[optind + 1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (cp.outfd < 0) {
		fprintf(stderr, "link_cp: cannot create '%s': %s\n", argv[optind + 1], strerror(errno));
		return 1;
	}
	ret = io_uring_queue_init(cp.depth, &cp.ring, 0);
	if (ret < 0) {
		fprintf(stderr, "link_cp: cannot create io_uring: %s\n", strerror(-ret));
		return 1;
	}

	ret = copy_file(&cp);
	io_uring_queue_exit(&cp.ring);
	if (close(cp.outfd) < 0 && !ret) {
		fprintf(stderr, "link_cp: close '%s': %s\n", argv[optind + 1], strerror(errno));
		ret = -EIO;
	}
	close(cp.infd);
	if (cp.requeues)
		fprintf(stderr, "link_cp: %u chunk(s) re-queued after short or cancelled I/O\n",
			cp.requeues);
	return ret ? 1 : 0;
}
