/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* liburing's public <liburing/barrier.h>: the barrier macros live in extra.h. */
#include "extra.h"
