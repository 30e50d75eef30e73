#!/bin/bash
# The public header as C++ and C: a small liburing program (ring, NOPs with user data, a pipe
# read, for_each_cqe + cq_advance, a timed-out wait, peek on an empty CQ, queue_init(0) ->
# -EINVAL, version macros) is compiled with -Wall -Wextra -Werror as C++17 with g++ and clang++,
# and as C11 with clang and gcc, linked with -luring_rs and run. Fails on any warning or failure.
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=${TEST_TMPDIR:-/tmp}/core_cxx.$$
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
cat > "$TMP/prog.c" <<'PROG'
#include <liburing.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#if IO_URING_CHECK_VERSION(2, 15)
#error "header claims to be older than 2.15"
#endif

#define FAIL(...) do { fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); return 1; } while (0)

int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	unsigned head, seen = 0, i;
	int p[2], ret;
	char buf[16];

	if (io_uring_queue_init(0, &ring, 0) != -EINVAL)
		FAIL("queue_init(0) not -EINVAL");
	if ((ret = io_uring_queue_init(8, &ring, 0)) != 0)
		FAIL("queue_init: %d", ret);
	for (i = 0; i < 4; i++) {
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, i + 1);
	}
	if ((ret = io_uring_submit_and_wait(&ring, 4)) != 4)
		FAIL("submit_and_wait: %d", ret);
	io_uring_for_each_cqe(&ring, head, cqe) {
		if (io_uring_cqe_get_data64(cqe) != seen + 1 || cqe->res != 0)
			FAIL("cqe %u", seen);
		seen++;
	}
	io_uring_cq_advance(&ring, seen);
	if (seen != 4)
		FAIL("seen %u", seen);

	if (pipe(p) != 0 || write(p[1], "pipe!", 5) != 5)
		FAIL("pipe");
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, p[0], buf, sizeof(buf), 0);
	io_uring_sqe_set_data(sqe, buf);
	io_uring_submit(&ring);
	if ((ret = io_uring_wait_cqe(&ring, &cqe)) != 0 || cqe->res != 5 || io_uring_cqe_get_data(cqe) != buf)
		FAIL("pipe read: %d", ret);
	io_uring_cqe_seen(&ring, cqe);
	if (memcmp(buf, "pipe!", 5) != 0)
		FAIL("pipe data");

	struct __kernel_timespec ts;
	ts.tv_sec = 0;
	ts.tv_nsec = 10000000;
	if ((ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts)) != -ETIME)
		FAIL("wait_cqe_timeout: %d", ret);
	if ((ret = io_uring_peek_cqe(&ring, &cqe)) != -EAGAIN)
		FAIL("peek_cqe: %d", ret);
	if (io_uring_major_version() != IO_URING_VERSION_MAJOR || io_uring_minor_version() != IO_URING_VERSION_MINOR)
		FAIL("version");
	io_uring_queue_exit(&ring);
	close(p[0]);
	close(p[1]);
	return 0;
}
PROG
cp "$TMP/prog.c" "$TMP/prog.cc"
LINK=(-I"$ROOT/include" -L"$ROOT/target/release" -luring_rs -Wl,-rpath,"$ROOT/target/release")
WARN=(-Wall -Wextra -Werror)
status=0 ran=0
build_run() { # label, compiler, args...
	local label=$1 cc=$2; shift 2
	if ! command -v "$cc" >/dev/null; then echo "($label: $cc not installed)"; return; fi
	if ! "$cc" "$@" "${WARN[@]}" -o "$TMP/$label" "${LINK[@]}"; then
		echo "FAIL $label: compile"; status=1; return
	fi
	if ! "$TMP/$label"; then echo "FAIL $label: run"; status=1; return; fi
	echo "ok $label"; ran=$((ran + 1))
}
build_run gxx17 g++ -std=c++17 -x c++ "$TMP/prog.cc"
build_run clangxx17 clang++ -std=c++17 -x c++ "$TMP/prog.cc"
build_run clang_c11 clang -std=c11 -D_GNU_SOURCE "$TMP/prog.c"
build_run gcc_c11 gcc -std=c11 -D_GNU_SOURCE "$TMP/prog.c"
[ $status -eq 0 ] && [ $ran -eq 0 ] && { echo "skip: no C/C++ compiler"; exit 77; }
exit $status
