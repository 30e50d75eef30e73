/*
 * Real-kernel test of the file prep helpers: read/write (+ v, v2, fixed, v_fixed), fsync
 * (+ datasync), sync_file_range, fallocate, fadvise(64), madvise(64), ftruncate, openat/openat2
 * /open (+ _direct), close (+ _direct), statx, the *at path operations and their non-at forms,
 * xattrs, splice, tee, files_update, fixed_fd_install, pipe (+ _direct).
 */
#include "prep_common.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#ifndef __GLIBC__
#include <linux/stat.h> /* struct statx: musl 1.2.3 (Debian 12) does not define it */
#endif
#include <sys/xattr.h>

static struct io_uring ring;
static char dir[4096];

static const char *path(const char *name)
{
	static char p[2][4200];
	static int i;
	i ^= 1;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void test_rw(int fd)
{
	char out[32] = "0123456789abcdefghijklmnopqrstu", in[32] = { 0 };

	io_uring_prep_write(t_sqe(&ring), fd, out, 16, 0);
	CHECK_RET(t_run(&ring), 16);
	io_uring_prep_read(t_sqe(&ring), fd, in, 16, 0);
	CHECK_RET(t_run(&ring), 16);
	CHECK(!memcmp(in, out, 16), "read back differs");

	struct iovec wv[2] = { { out, 4 }, { out + 4, 12 } };
	struct iovec rv[2] = { { in, 10 }, { in + 10, 6 } };
	memset(in, 0, sizeof(in));
	io_uring_prep_writev(t_sqe(&ring), fd, wv, 2, 16);
	CHECK_RET(t_run(&ring), 16);
	io_uring_prep_readv(t_sqe(&ring), fd, rv, 2, 16);
	CHECK_RET(t_run(&ring), 16);
	CHECK(!memcmp(in, out, 16), "readv back differs");

	memset(in, 0, sizeof(in));
	io_uring_prep_writev2(t_sqe(&ring), fd, wv, 2, 32, RWF_DSYNC);
	CHECK_RET(t_run(&ring), 16);
	io_uring_prep_readv2(t_sqe(&ring), fd, rv, 2, 32, 0);
	CHECK_RET(t_run(&ring), 16);
	CHECK(!memcmp(in, out, 16), "readv2 back differs");
	/* an invalid RWF flag is the kernel's to reject: proves the flags word reaches it */
	io_uring_prep_readv2(t_sqe(&ring), fd, rv, 2, 32, 0x40000000);
	CHECK_RET(t_run(&ring), -EOPNOTSUPP);

	/* fixed buffers, registered with the raw syscall */
	char *fixed = t_anon(8192);
	struct iovec reg = { fixed, 8192 };
	CHECK_RET(t_register(&ring, IORING_REGISTER_BUFFERS, &reg, 1), 0);
	memcpy(fixed, "fixed-buffer-data", 17);
	io_uring_prep_write_fixed(t_sqe(&ring), fd, fixed, 17, 100, 0);
	CHECK_RET(t_run(&ring), 17);
	memset(fixed, 0, 17);
	io_uring_prep_read_fixed(t_sqe(&ring), fd, fixed, 17, 100, 0);
	CHECK_RET(t_run(&ring), 17);
	CHECK(!memcmp(fixed, "fixed-buffer-data", 17), "read_fixed got %.17s", fixed);
	/* a buffer index outside the table is refused */
	io_uring_prep_read_fixed(t_sqe(&ring), fd, fixed, 17, 100, 5);
	CHECK_RET(t_run(&ring), -EFAULT);

	struct iovec fv[2] = { { fixed + 4096, 5 }, { fixed + 4200, 6 } };
	memcpy(fixed + 4096, "hello", 5);
	memcpy(fixed + 4200, " world", 6);
	io_uring_prep_writev_fixed(t_sqe(&ring), fd, fv, 2, 200, 0, 0);
	int res = t_run(&ring);
	if (!t_rejects(t_op_supported(IORING_OP_WRITEV_FIXED), res, "writev_fixed")) {
		CHECK(res == 11, "writev_fixed: %d", res);
		memset(fixed + 4096, 0, 200);
		io_uring_prep_readv_fixed(t_sqe(&ring), fd, fv, 2, 200, 0, 0);
		CHECK_RET(t_run(&ring), 11);
		CHECK(!memcmp(fixed + 4096, "hello", 5) && !memcmp(fixed + 4200, " world", 6),
		      "readv_fixed data");
	}
	CHECK_RET(t_register(&ring, IORING_UNREGISTER_BUFFERS, NULL, 0), 0);
}

static void test_sync_space(int fd)
{
	struct stat st;

	io_uring_prep_fsync(t_sqe(&ring), fd, 0);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_fsync(t_sqe(&ring), fd, IORING_FSYNC_DATASYNC);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_fsync(t_sqe(&ring), fd, 0x80); /* unknown fsync flag */
	CHECK_RET(t_run(&ring), -EINVAL);
	io_uring_prep_sync_file_range(t_sqe(&ring), fd, 4096, 0, SYNC_FILE_RANGE_WRITE);
	CHECK_RET(t_run(&ring), 0);

	io_uring_prep_fallocate(t_sqe(&ring), fd, 0, 0, 1 << 20);
	CHECK_RET(t_run(&ring), 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 1 << 20, "size after fallocate %ld", (long)st.st_size);
	io_uring_prep_fallocate(t_sqe(&ring), fd, FALLOC_FL_KEEP_SIZE, 1 << 20, 1 << 20);
	CHECK_RET(t_run(&ring), 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 1 << 20, "KEEP_SIZE changed size: %ld", (long)st.st_size);

	io_uring_prep_fadvise(t_sqe(&ring), fd, 0, 4096, POSIX_FADV_SEQUENTIAL);
	CHECK_RET(t_run(&ring), 0);
	/* 64-bit lengths (in addr for fadvise, in off for madvise) are newer than these
	 * operations: older kernels (5.10) refuse the field. Known to be there with
	 * IORING_OP_FTRUNCATE (6.9). */
	io_uring_prep_fadvise64(t_sqe(&ring), fd, 0, (off_t)1 << 33, POSIX_FADV_DONTNEED);
	int res = t_run(&ring);
	if (!t_rejects(t_op_supported(IORING_OP_FTRUNCATE), res, "fadvise64"))
		CHECK(res == 0, "fadvise64: %d", res);
	io_uring_prep_fadvise(t_sqe(&ring), fd, 0, 4096, 1000); /* bad advice */
	CHECK_RET(t_run(&ring), -EINVAL);

	size_t len = 4 * 4096;
	char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap");
	m[0] = 1;
	io_uring_prep_madvise(t_sqe(&ring), m, len, MADV_DONTNEED);
	CHECK_RET(t_run(&ring), 0);
	CHECK(m[0] == 0, "MADV_DONTNEED did not drop the private page");
	m[0] = 1;
	io_uring_prep_madvise64(t_sqe(&ring), m, (off_t)len, MADV_DONTNEED);
	res = t_run(&ring);
	if (!t_rejects(t_op_supported(IORING_OP_FTRUNCATE), res, "madvise64")) {
		CHECK(res == 0, "madvise64: %d", res);
		CHECK(m[0] == 0, "madvise64 MADV_DONTNEED did not drop the page");
	}
	io_uring_prep_madvise(t_sqe(&ring), m + 1, len, MADV_NORMAL); /* unaligned */
	CHECK_RET(t_run(&ring), -EINVAL);
	munmap(m, len);

	io_uring_prep_ftruncate(t_sqe(&ring), fd, 100);
	res = t_run(&ring);
	if (!t_rejects(t_op_supported(IORING_OP_FTRUNCATE), res, "ftruncate")) {
		CHECK(res == 0, "ftruncate: %d", res);
		CHECK(fstat(fd, &st) == 0 && st.st_size == 100, "size after ftruncate %ld", (long)st.st_size);
	} else {
		CHECK(ftruncate(fd, 100) == 0, "ftruncate(2)");
	}
}

static void test_open_close_statx(void)
{
	struct statx stx;
	int fd;

	io_uring_prep_statx(t_sqe(&ring), AT_FDCWD, path("data"), 0, STATX_SIZE | STATX_MODE, &stx);
	CHECK_RET(t_run(&ring), 0);
	CHECK(stx.stx_size == 100 && S_ISREG(stx.stx_mode), "statx size %llu", (unsigned long long)stx.stx_size);
	io_uring_prep_statx(t_sqe(&ring), AT_FDCWD, path("missing"), 0, STATX_SIZE, &stx);
	CHECK_RET(t_run(&ring), -ENOENT);

	io_uring_prep_open(t_sqe(&ring), path("data"), O_RDONLY, 0);
	fd = t_run(&ring);
	CHECK(fd >= 0, "open: %d", fd);
	io_uring_prep_close(t_sqe(&ring), fd);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_close(t_sqe(&ring), fd);
	CHECK_RET(t_run(&ring), -EBADF);

	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS };
	io_uring_prep_openat2(t_sqe(&ring), AT_FDCWD, path("data"), &how);
	fd = t_run(&ring);
	CHECK(fd >= 0, "openat2: %d", fd);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "openat2 flags not applied");
	close(fd);

	/* direct descriptors: a sparse table of 4 registered with the raw syscall */
	int sparse[4] = { -1, -1, -1, -1 };
	CHECK_RET(t_register(&ring, IORING_REGISTER_FILES, sparse, 4), 0);
	io_uring_prep_openat_direct(t_sqe(&ring), AT_FDCWD, path("data"), O_RDWR, 0, 0);
	CHECK_RET(t_run(&ring), 0);
	char buf[16] = { 0 };
	struct io_uring_sqe *sqe = t_sqe(&ring);
	io_uring_prep_read(sqe, 0, buf, 10, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	CHECK_RET(t_run(&ring), 10);
	CHECK(!memcmp(buf, "0123456789", 10), "read through direct fd");

	io_uring_prep_open_direct(t_sqe(&ring), path("data"), O_RDONLY, 0, IORING_FILE_INDEX_ALLOC);
	int slot = t_run(&ring);
	/* allocating a free slot is of 5.19, the release of IORING_OP_SOCKET: elsewhere slot 1
	 * is named */
	int alloc = !t_rejects(t_op_supported(IORING_OP_SOCKET), slot, "open_direct ALLOC");
	if (alloc) {
		CHECK(slot == 1, "open_direct ALLOC picked slot %d", slot);
	} else {
		io_uring_prep_open_direct(t_sqe(&ring), path("data"), O_RDONLY, 0, 1);
		CHECK_RET(t_run(&ring), 0);
	}
	/* O_CLOEXEC means nothing for a direct descriptor: the kernel refuses it */
	io_uring_prep_openat2_direct(t_sqe(&ring), AT_FDCWD, path("data"), &how, 3);
	CHECK_RET(t_run(&ring), -EINVAL);
	how.flags = O_RDONLY;
	io_uring_prep_openat2_direct(t_sqe(&ring), AT_FDCWD, path("data"), &how, 3);
	CHECK_RET(t_run(&ring), 0);
	if (alloc) {
		io_uring_prep_openat2_direct(t_sqe(&ring), AT_FDCWD, path("data"), &how, IORING_FILE_INDEX_ALLOC);
		CHECK_RET(t_run(&ring), 2);
		io_uring_prep_openat2_direct(t_sqe(&ring), AT_FDCWD, path("data"), &how, IORING_FILE_INDEX_ALLOC);
		CHECK_RET(t_run(&ring), -ENFILE);
	}

	io_uring_prep_close_direct(t_sqe(&ring), 1);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_close_direct(t_sqe(&ring), 1);
	CHECK_RET(t_run(&ring), -EBADF);

	/* fixed_fd_install: slot 0 becomes a normal fd again */
	io_uring_prep_fixed_fd_install(t_sqe(&ring), 0, 0);
	fd = t_run(&ring);
	if (!t_rejects(t_op_supported(IORING_OP_FIXED_FD_INSTALL), fd, "fixed_fd_install")) {
		CHECK(fd >= 0, "fixed_fd_install: %d", fd);
		memset(buf, 0, sizeof(buf));
		CHECK(pread(fd, buf, 4, 2) == 4 && !memcmp(buf, "2345", 4), "pread via installed fd");
		CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "installed fd lacks O_CLOEXEC by default");
		close(fd);
	}

	/* files_update: a normal fd into slot 1 */
	int nfd = open(path("data"), O_RDONLY);
	CHECK(nfd >= 0, "open");
	int upd[1] = { nfd };
	io_uring_prep_files_update(t_sqe(&ring), upd, 1, 1);
	CHECK_RET(t_run(&ring), 1);
	close(nfd);
	memset(buf, 0, sizeof(buf));
	sqe = t_sqe(&ring);
	io_uring_prep_read(sqe, 1, buf, 3, 7);
	sqe->flags |= IOSQE_FIXED_FILE;
	CHECK_RET(t_run(&ring), 3);
	CHECK(!memcmp(buf, "789", 3), "read via updated slot");

	/* pipe + pipe_direct */
	int fds[2] = { -1, -1 };
	io_uring_prep_pipe(t_sqe(&ring), fds, O_CLOEXEC);
	int res = t_run(&ring);
	if (!t_rejects(t_op_supported(IORING_OP_PIPE), res, "pipe")) {
		CHECK(res == 0 && fds[0] >= 0 && fds[1] >= 0, "pipe: %d %d %d", res, fds[0], fds[1]);
		CHECK(write(fds[1], "p", 1) == 1 && read(fds[0], buf, 1) == 1 && buf[0] == 'p', "pipe data");
		CHECK(fcntl(fds[0], F_GETFD) == FD_CLOEXEC, "pipe flags not applied");
		close(fds[0]);
		close(fds[1]);
		io_uring_prep_close_direct(t_sqe(&ring), 1);
		CHECK_RET(t_run(&ring), 0);
		io_uring_prep_close_direct(t_sqe(&ring), 2);
		CHECK_RET(t_run(&ring), 0);
		io_uring_prep_pipe_direct(t_sqe(&ring), fds, 0, IORING_FILE_INDEX_ALLOC);
		CHECK_RET(t_run(&ring), 0);
		/* the two free slots (1 and 2), in the kernel's allocation order */
		CHECK(fds[0] + fds[1] == 3 && fds[0] != fds[1] && fds[0] >= 1 && fds[0] <= 2,
		      "pipe_direct slots %d %d", fds[0], fds[1]);
	}
	CHECK_RET(t_register(&ring, IORING_UNREGISTER_FILES, NULL, 0), 0);
}

static void test_paths(void)
{
	struct stat st;
	char buf[64];
	/* mkdirat, symlinkat and linkat are of 5.15: the section builds on them */
	if (!t_op_supported(IORING_OP_MKDIRAT)) {
		t_rejects(0, -EOPNOTSUPP, "mkdirat and the path operations (not in the kernel's probe)");
		return;
	}
	int dfd = open(dir, O_DIRECTORY | O_RDONLY);
	CHECK(dfd >= 0, "open dir");

	io_uring_prep_mkdirat(t_sqe(&ring), dfd, "d1", 0750);
	CHECK_RET(t_run(&ring), 0);
	CHECK(stat(path("d1"), &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == (0750 & ~umask(022)),
	      "mkdirat mode %o", st.st_mode & 0777);
	io_uring_prep_mkdir(t_sqe(&ring), path("d2"), 0700);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_mkdir(t_sqe(&ring), path("d2"), 0700);
	CHECK_RET(t_run(&ring), -EEXIST);

	io_uring_prep_symlinkat(t_sqe(&ring), "data", dfd, "s1");
	CHECK_RET(t_run(&ring), 0);
	ssize_t n = readlink(path("s1"), buf, sizeof(buf));
	CHECK(n == 4 && !memcmp(buf, "data", 4), "symlinkat target");
	io_uring_prep_symlink(t_sqe(&ring), "nowhere", path("s2"));
	CHECK_RET(t_run(&ring), 0);
	CHECK(lstat(path("s2"), &st) == 0 && S_ISLNK(st.st_mode), "symlink");

	io_uring_prep_linkat(t_sqe(&ring), dfd, "data", dfd, "h1", 0);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_link(t_sqe(&ring), path("s1"), path("h2"), AT_SYMLINK_FOLLOW);
	CHECK_RET(t_run(&ring), 0);
	CHECK(stat(path("data"), &st) == 0 && st.st_nlink == 3, "nlink %ld", (long)st.st_nlink);

	io_uring_prep_renameat(t_sqe(&ring), dfd, "h1", dfd, "h3", 0);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_renameat(t_sqe(&ring), dfd, "h2", dfd, "h3", RENAME_NOREPLACE);
	CHECK_RET(t_run(&ring), -EEXIST);
	io_uring_prep_rename(t_sqe(&ring), path("h2"), path("h4"));
	CHECK_RET(t_run(&ring), 0);
	CHECK(access(path("h3"), F_OK) == 0 && access(path("h4"), F_OK) == 0 && access(path("h1"), F_OK) != 0,
	      "rename results");

	io_uring_prep_unlinkat(t_sqe(&ring), dfd, "h3", 0);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_unlink(t_sqe(&ring), path("h4"), 0);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_unlinkat(t_sqe(&ring), dfd, "d1", AT_REMOVEDIR);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_unlink(t_sqe(&ring), path("d2"), AT_REMOVEDIR);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_unlinkat(t_sqe(&ring), dfd, "d2", AT_REMOVEDIR);
	CHECK_RET(t_run(&ring), -ENOENT);
	unlink(path("s1"));
	unlink(path("s2"));
	close(dfd);
}

static void test_xattr(int fd)
{
	char val[32] = { 0 };
	io_uring_prep_setxattr(t_sqe(&ring), "user.uring", "value-1", path("data"), 0, 7);
	int res = t_run(&ring);
	if (t_rejects(t_op_supported(IORING_OP_SETXATTR), res, "setxattr (filesystem has no user xattrs?)"))
		return;
	CHECK(res == 0, "setxattr: %d", res);
	io_uring_prep_getxattr(t_sqe(&ring), "user.uring", val, path("data"), sizeof(val));
	CHECK_RET(t_run(&ring), 7);
	CHECK(!memcmp(val, "value-1", 7), "getxattr value %s", val);
	io_uring_prep_fsetxattr(t_sqe(&ring), fd, "user.uring", "v2", XATTR_REPLACE, 2);
	CHECK_RET(t_run(&ring), 0);
	io_uring_prep_fsetxattr(t_sqe(&ring), fd, "user.uring", "v3", XATTR_CREATE, 2);
	CHECK_RET(t_run(&ring), -EEXIST);
	memset(val, 0, sizeof(val));
	io_uring_prep_fgetxattr(t_sqe(&ring), fd, "user.uring", val, sizeof(val));
	CHECK_RET(t_run(&ring), 2);
	CHECK(!memcmp(val, "v2", 2), "fgetxattr value %s", val);
	CHECK(getxattr(path("data"), "user.uring", val, sizeof(val)) == 2, "getxattr(2)");
	io_uring_prep_getxattr(t_sqe(&ring), "user.none", val, path("data"), sizeof(val));
	CHECK_RET(t_run(&ring), -ENODATA);
}

static void test_splice_tee(int fd)
{
	int p[2], q[2];
	char buf[32] = { 0 };
	CHECK(pipe(p) == 0 && pipe(q) == 0, "pipe");

	io_uring_prep_splice(t_sqe(&ring), fd, 2, p[1], -1, 8, 0);
	CHECK_RET(t_run(&ring), 8);
	io_uring_prep_tee(t_sqe(&ring), p[0], q[1], 8, 0);
	CHECK_RET(t_run(&ring), 8);
	CHECK(read(q[0], buf, sizeof(buf)) == 8 && !memcmp(buf, "23456789", 8), "tee copy %s", buf);
	memset(buf, 0, sizeof(buf));
	CHECK(read(p[0], buf, sizeof(buf)) == 8 && !memcmp(buf, "23456789", 8), "splice data %s", buf);
	/* off_in must be -1 for a pipe: the kernel's answer comes back */
	io_uring_prep_splice(t_sqe(&ring), p[0], 0, q[1], -1, 8, 0);
	CHECK_RET(t_run(&ring), -ESPIPE);
	close(p[0]), close(p[1]), close(q[0]), close(q[1]);
}

int main(void)
{
	const char *tmp = getenv("TEST_TMPDIR");
	snprintf(dir, sizeof(dir), "%s/prep_files.%d", tmp ? tmp : "/tmp", (int)getpid());
	CHECK(mkdir(dir, 0755) == 0, "mkdir %s: %s", dir, strerror(errno));
	t_ring(&ring, 16, 0);

	io_uring_prep_openat(t_sqe(&ring), AT_FDCWD, path("data"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	int fd = t_run(&ring);
	CHECK(fd >= 0, "openat: %d", fd);
	test_rw(fd);
	test_sync_space(fd);
	test_open_close_statx();
	test_paths();
	test_xattr(fd);
	test_splice_tee(fd);
	close(fd);

	io_uring_queue_exit(&ring);
	unlink(path("data"));
	rmdir(dir);
	return t_finish();
}
