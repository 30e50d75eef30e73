/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Built by ctests/install_tree.sh with nothing but `pkg-config --cflags --libs liburing_rs`
 * of an installed tree: the header must be uring-rs's (liburing 2.15's API, not the system's
 * older one) and the library the installed liburing_rs.so.N. Runs a NOP through a ring and
 * prints the shared objects of uring-rs it was served by, one `map:` line each (with
 * URING_RS_STATS set, also the tracing object the library loaded).
 */
#include <liburing.h>
#include <stdio.h>
#include <string.h>

#if IO_URING_VERSION_MAJOR != 2 || IO_URING_VERSION_MINOR != 15
#error "not uring-rs's liburing.h (liburing 2.15 API)"
#endif

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	char line[512];
	FILE *maps;
	int ret;

	if (io_uring_major_version() != 2 || io_uring_minor_version() != 15) {
		fprintf(stderr, "library version %d.%d\n", io_uring_major_version(), io_uring_minor_version());
		return 1;
	}
	ret = io_uring_queue_init(4, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-ret));
		return 1;
	}
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 77);
	ret = io_uring_submit_and_wait(&ring, 1);
	if (ret != 1) {
		fprintf(stderr, "io_uring_submit_and_wait: %d\n", ret);
		return 1;
	}
	ret = io_uring_peek_cqe(&ring, &cqe);
	if (ret < 0 || cqe->res != 0 || io_uring_cqe_get_data64(cqe) != 77) {
		fprintf(stderr, "unexpected completion: ret %d\n", ret);
		return 1;
	}
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);

	maps = fopen("/proc/self/maps", "r");
	if (!maps)
		return 1;
	char last[512] = "";
	while (fgets(line, sizeof(line), maps)) {
		char *path = strchr(line, '/');

		/* an object has several mappings in a row */
		if (path && strstr(path, "liburing") && strcmp(path, last) != 0) {
			printf("map: %s", path);
			snprintf(last, sizeof(last), "%s", path);
		}
	}
	fclose(maps);
	return 0;
}
