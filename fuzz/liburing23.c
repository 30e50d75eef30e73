/* ref_*: liburing 2.3's inline helpers (Debian's /usr/include/liburing.h). See impls.h. */
#include <liburing.h>
#include "impls.h"

#define WRAP(name) ref_##name
#define WRAP_RING_WITH_KHEAD ref_ring_with_khead
#include "wrappers.inc"
