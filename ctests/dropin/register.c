/* Registration on a program built against liburing 2.3: fixed files, fixed buffers,
 * eventfd, sparse/update, probe via register, ring fd registration. */
#include "common.h"
#include <sys/eventfd.h>
#include <sys/uio.h>

int main(int argc, char **argv)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	const char *dir = argc > 1 ? argv[1] : NULL;
	init_ring(&ring, 8, 0);

	int fd = scratch_fd(dir);
	int fds[2] = { -1, fd };
	printf("register_files: %d\n", io_uring_register_files(&ring, fds, 2));
	static char buf[2][4096];
	struct iovec iov[2] = { { buf[0], 4096 }, { buf[1], 4096 } };
	printf("register_buffers: %d\n", io_uring_register_buffers(&ring, iov, 2));
	int efd = eventfd(0, 0);
	CHECK(efd >= 0);
	printf("register_eventfd: %d\n", io_uring_register_eventfd(&ring, efd));

	memset(buf[0], 'x', 4096);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_write_fixed(sqe, 1, buf[0], 4096, 0, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	io_uring_sqe_set_data64(sqe, 1);
	io_uring_submit(&ring);
	wait_one(&ring, "write_fixed");
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read_fixed(sqe, 1, buf[1], 4096, 0, 1);
	sqe->flags |= IOSQE_FIXED_FILE;
	io_uring_sqe_set_data64(sqe, 2);
	io_uring_submit(&ring);
	wait_one(&ring, "read_fixed");
	printf("read_fixed matches: %d\n", !memcmp(buf[0], buf[1], 4096));
	eventfd_t v = 0;
	CHECK(eventfd_read(efd, &v) == 0);
	printf("eventfd signalled: %d\n", v > 0);

	int newfd = fd;
	printf("register_files_update: %d\n", io_uring_register_files_update(&ring, 0, &newfd, 1));
	printf("unregister_eventfd: %d\n", io_uring_unregister_eventfd(&ring));
	printf("unregister_buffers: %d\n", io_uring_unregister_buffers(&ring));
	printf("unregister_files: %d\n", io_uring_unregister_files(&ring));
	printf("register_files_sparse: %d\n", io_uring_register_files_sparse(&ring, 4));
	printf("unregister_files: %d\n", io_uring_unregister_files(&ring));

	struct io_uring_probe *p = calloc(1, sizeof(*p) + 256 * sizeof(struct io_uring_probe_op));
	int pret = io_uring_register_probe(&ring, p, 256);
	printf("register_probe: %d nop=%d\n", pret, io_uring_opcode_supported(p, IORING_OP_NOP));
	free(p);

	printf("register_ring_fd: %d\n", io_uring_register_ring_fd(&ring));
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 3);
	io_uring_submit(&ring);
	wait_one(&ring, "nop via registered ring fd");
	printf("unregister_ring_fd: %d\n", io_uring_unregister_ring_fd(&ring));
	unsigned vals[2] = { 0, 0 };
	printf("register_iowq_max_workers: %d\n", io_uring_register_iowq_max_workers(&ring, vals) >= 0);
	close(efd);
	close(fd);
	io_uring_queue_exit(&ring);
	print_liburing_maps();
	return 0;
}
