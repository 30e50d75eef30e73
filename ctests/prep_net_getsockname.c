/*
 * io_uring_prep_cmd_getsockname (SOCKET_URING_OP_GETSOCKNAME) on 127.0.0.1: the local and the
 * peer address of a connected TCP socket. Kernels without the command answer with an error
 * that must come back unchanged (then the test skips).
 */
#include "prep_common.h"

#include <arpa/inet.h>
#include <netinet/in.h>

int main(void)
{
	struct io_uring ring;
	t_ring(&ring, 8, 0);
	int l = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	CHECK(l >= 0 && c >= 0 && bind(l, (struct sockaddr *)&a, alen) == 0 && listen(l, 1) == 0 &&
		      getsockname(l, (struct sockaddr *)&a, &alen) == 0 && connect(c, (struct sockaddr *)&a, alen) == 0,
	      "TCP setup: %s", strerror(errno));

	struct sockaddr_in got, want;
	socklen_t glen = sizeof(got), wlen = sizeof(want);
	memset(&got, 0, sizeof(got));
	io_uring_prep_cmd_getsockname(t_sqe(&ring), c, (struct sockaddr *)&got, &glen, 0);
	int res = t_run(&ring);
	if (t_rejects(t_op_supported(IORING_OP_URING_CMD), res, "cmd_getsockname")) {
		CHECK(res < 0 && res > -4096, "not an errno: %d", res);
		return t_finish();
	}
	CHECK(res == 0 && glen == sizeof(got), "getsockname: %d len %u", res, glen);
	CHECK(getsockname(c, (struct sockaddr *)&want, &wlen) == 0 && got.sin_port == want.sin_port &&
		      got.sin_addr.s_addr == want.sin_addr.s_addr,
	      "local address differs");
	glen = sizeof(got);
	io_uring_prep_cmd_getsockname(t_sqe(&ring), c, (struct sockaddr *)&got, &glen, 1);
	CHECK_RET(t_run(&ring), 0);
	CHECK(got.sin_port == a.sin_port, "peer port %u, wanted %u", ntohs(got.sin_port), ntohs(a.sin_port));
	io_uring_queue_exit(&ring);
	return 0;
}
