/* SPDX-License-Identifier: MIT */
/*
 * Plumbing shared by the example programs: stopping on SIGINT/SIGTERM,
 * numeric options and a TCP listening socket.  Nothing here uses io_uring;
 * each example's io_uring pattern lives in its own file.
 */
#ifndef EXAMPLES_COMMON_H
#define EXAMPLES_COMMON_H

#include <getopt.h>
#include <signal.h>

/*
 * The long options every example takes besides its short ones: --help (as -h).
 * getopt_long(argc, argv, "…h", help_option, NULL).
 */
extern const struct option help_option[];

/* Set by SIGINT/SIGTERM; the main loops poll it. */
extern volatile sig_atomic_t stop_requested;

/*
 * SIGINT and SIGTERM set stop_requested.  The handlers are installed without
 * SA_RESTART, so a blocking call (an io_uring wait, accept, read...) returns
 * EINTR / -EINTR when a signal arrives.  SIGPIPE is ignored: a peer that
 * resets mid-send must not kill the program.
 */
void install_signal_handlers(void);

/* Parse a decimal number in [min, max] into *out; -1 (and *out untouched)
 * when arg is not one. */
int parse_num(const char *arg, long min, long max, long *out);

/* A port number, 0..65535; -1 after "PROG: invalid port 'ARG'" on stderr. */
int parse_port(const char *prog, const char *arg);

/*
 * A TCP socket bound to the IPv4 address addr and port (0 picks a free one),
 * listening with the given backlog, with SO_REUSEADDR (a restarted server
 * reuses the port despite TIME_WAIT sockets) and TCP_NODELAY (replies are
 * often written in pieces; without it Nagle holds the last small piece until
 * the peer's delayed ACK, ~40 ms; accepted sockets inherit the option).
 * Prints "listening on ADDR:PORT" once ready.  Errors are reported as
 * "PROG: ..." on stderr; returns the fd, or -1.
 */
int open_listener(const char *prog, const char *addr, int port, int backlog);

#endif
