/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* liburing's public <liburing/io_uring_version.h>: the version macros live in extra.h. */
#include "extra.h"
