/* inl_*: uring-rs's inline C (include/liburing/inline.h). See impls.h. */
#include <liburing.h>
#include "impls.h"

#define WRAP(name) inl_##name
#define WRAP_RING_WITH_KHEAD ours_ring_with_khead
#include "wrappers.inc"
