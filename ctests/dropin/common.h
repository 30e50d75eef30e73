/* Shared by the drop-in test programs (the .c files in ctests/dropin/).
 *
 * These programs are compiled against the SYSTEM liburing header (Debian 12: liburing-dev 2.3,
 * /usr/include/liburing.h) and linked with the system -luring, exactly like a program a distro
 * ships. run-prog.sh runs each one on the system library and on uring-rs's drop-in
 * (LD_LIBRARY_PATH and LD_PRELOAD) and diffs the outputs, so everything printed on stdout must
 * be deterministic for a given kernel. Lines starting with "map: " name the liburing objects
 * mapped into the process; run-prog.sh checks them and leaves them out of the diff.
 *
 * Exit status: 0 ok, 77 skip (reason on the last line of stderr), anything else failure.
 */
#ifndef DROPIN_COMMON_H
#define DROPIN_COMMON_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <liburing.h>

#define FAIL(...) do { \
	fprintf(stderr, "%s:%d: ", __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); exit(1); \
} while (0)
#define CHECK(cond) do { if (!(cond)) FAIL("check failed: %s", #cond); } while (0)
#define SKIP(...) do { fprintf(stderr, "skip: " __VA_ARGS__); fputc('\n', stderr); exit(77); } while (0)

/* Prints "map: PATH" once for every distinct file mapped into this process whose name starts
 * with "liburing" (liburing.so.2, liburing.so.2.3, liburing-ffi.so.2, ...). */
static inline void print_liburing_maps(void)
{
	char line[4096], seen[16][1024];
	int nseen = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		FAIL("open /proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *path = strchr(line, '/');
		if (!path)
			continue;
		path[strcspn(path, "\n")] = 0;
		const char *base = strrchr(path, '/') + 1;
		if (strncmp(base, "liburing", 8) != 0)
			continue;
		int dup = 0;
		for (int i = 0; i < nseen; i++)
			dup |= !strcmp(seen[i], path);
		if (dup || nseen == 16)
			continue;
		snprintf(seen[nseen++], sizeof(seen[0]), "%s", path);
		printf("map: %s\n", path);
	}
	fclose(f);
}

/* io_uring_queue_init, skipping (77) when the kernel refuses io_uring altogether. */
static inline void init_ring(struct io_uring *ring, unsigned entries, unsigned flags)
{
	int ret = io_uring_queue_init(entries, ring, flags);
	if (ret == -ENOSYS || ret == -EPERM)
		SKIP("io_uring_queue_init: %s (io_uring unavailable)", strerror(-ret));
	if (ret < 0)
		FAIL("io_uring_queue_init(%u, flags %#x): %s", entries, flags, strerror(-ret));
}

/* Waits for one CQE, prints "tag: res=R data=D", marks it seen and returns res. */
static inline int wait_one(struct io_uring *ring, const char *tag)
{
	struct io_uring_cqe *cqe;
	int ret = io_uring_wait_cqe(ring, &cqe);
	if (ret < 0)
		FAIL("%s: io_uring_wait_cqe: %s", tag, strerror(-ret));
	int res = cqe->res;
	printf("%s: res=%d data=%llu\n", tag, res, (unsigned long long)cqe->user_data);
	io_uring_cqe_seen(ring, cqe);
	return res;
}

/* A scratch file in DIR (argv[1], default /tmp), unlinked at once. */
static inline int scratch_fd(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/dropin-XXXXXX", dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		FAIL("mkstemp(%s): %s", path, strerror(errno));
	unlink(path);
	return fd;
}
#endif
