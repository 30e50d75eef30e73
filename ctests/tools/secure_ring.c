/* One NOP through a ring, then exit: the program ctests/trace_secure.sh installs set-user-ID
 * and set-group-ID. It prints whether the kernel marked the process secure (AT_SECURE), so
 * that the test knows its privileged runs really were privileged, and whether the tracing
 * object (liburing_rs_trace.so.0) was loaded. Built against our header and -luring_rs, or
 * against the system's liburing.h and linked with our drop-in. With the argument `mistake` it
 * also marks a completion seen twice, which URING_RS_CHECK reports (seen-past-tail) when it
 * checks. */
#include <liburing.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

static int trace_object_mapped(void)
{
	char line[512];
	int found = 0;
	FILE *maps = fopen("/proc/self/maps", "r");

	while (maps && fgets(line, sizeof(line), maps))
		found |= strstr(line, "/liburing_rs_trace.so") != NULL;
	if (maps)
		fclose(maps);
	return found;
}

int main(int argc, char **argv)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	int ret = io_uring_queue_init(4, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "io_uring_queue_init: %d\n", ret);
		return 1;
	}
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 7;
	ret = io_uring_submit_and_wait(&ring, 1);
	if (ret != 1) {
		fprintf(stderr, "io_uring_submit_and_wait: %d\n", ret);
		return 1;
	}
	ret = io_uring_peek_cqe(&ring, &cqe);
	if (ret || cqe->user_data != 7 || cqe->res != 0) {
		fprintf(stderr, "NOP completion: ret %d\n", ret);
		return 1;
	}
	io_uring_cqe_seen(&ring, cqe);
	if (argc > 1 && !strcmp(argv[1], "mistake")) {
		io_uring_cq_advance(&ring, 1);
		io_uring_submit(&ring); /* the library's next entry, where the check looks */
	}
	io_uring_queue_exit(&ring);
	printf("secure=%lu trace_object=%d\n", getauxval(AT_SECURE), trace_object_mapped());
	return 0;
}
