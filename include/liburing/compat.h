/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* liburing's public <liburing/compat.h>: the kernel types it supplies come from io_uring.h. */
#include "io_uring.h"
