/* Shared helpers for the C test programs: exit 0 = pass, 77 = skip, 1 = fail. */
#ifndef URING_RS_CTEST_HELPERS_H
#define URING_RS_CTEST_HELPERS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T_PASS 0
#define T_FAIL 1
#define T_SKIP 77

/* Fail the test with a message when `cond` does not hold. */
#define CHECK(cond, ...)                                                               \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                  \
			fprintf(stderr, "\n");                                         \
			exit(T_FAIL);                                                  \
		}                                                                      \
	} while (0)

/* Fail unless a liburing call returned `want` (usually 0 or a -errno). */
#define CHECK_RET(call, want)                                                          \
	do {                                                                           \
		long __r = (long)(call);                                               \
		CHECK(__r == (long)(want), "%s returned %ld (%s), wanted %ld", #call,  \
		      __r, __r < 0 ? strerror((int)-__r) : "", (long)(want));          \
	} while (0)

/* Stop with "skip" and a reason. */
#define SKIP(...)                                                                      \
	do {                                                                           \
		printf("skip: ");                                                      \
		printf(__VA_ARGS__);                                                   \
		printf("\n");                                                          \
		exit(T_SKIP);                                                          \
	} while (0)

/* A scratch file path under $TEST_TMPDIR (or /tmp), unique per process. */
static inline const char *t_tmpfile(const char *tag)
{
	static char path[4096];
	const char *dir = getenv("TEST_TMPDIR");
	snprintf(path, sizeof(path), "%s/%s.%d", dir ? dir : "/tmp", tag, (int)getpid());
	return path;
}

#endif
