/* SPDX-License-Identifier: MIT */
/*
 * Shared bits of the benchmark programs in bench/.  Every program is compiled
 * twice from the same source: against the system liburing (its helpers inline
 * from /usr/include/liburing.h) and against uring-rs (include/liburing.h,
 * -luring_rs).  Only the public liburing API is used, so the same source builds
 * against both.
 *
 * Output contract (parsed by bench/run.sh): exactly one line on stdout of
 * space-separated key=value pairs, including ops=N secs=S ops_per_sec=R.
 * Exit 0 on success, 77 when the environment cannot run the benchmark (the
 * reason is printed on stderr), 1 on any error.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void bench_die(const char *prog, const char *what, int err)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(err < 0 ? -err : err));
	exit(1);
}

static void bench_skip(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: SKIP: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(77);
}

static unsigned long long bench_parse_ull(const char *prog, const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s) {
		fprintf(stderr, "%s: invalid %s '%s'\n", prog, what, s);
		exit(1);
	}
	/* size suffixes: k, m, g (binary) */
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end) {
		fprintf(stderr, "%s: invalid %s '%s'\n", prog, what, s);
		exit(1);
	}
	return v;
}

/* xorshift64*: deterministic offsets, identical for both builds. */
static inline unsigned long long bench_rand(unsigned long long *s)
{
	unsigned long long x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

#endif
