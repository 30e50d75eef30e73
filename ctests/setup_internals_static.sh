#!/bin/bash
# ctests/setup_internals.c linked statically with target/release/liburing_rs.a (liburing exports
# __io_uring_queue_init_params and io_uring_unmap_rings from liburing.a, which is what a program
# linking statically gets), then: neither is declared by include/liburing.h (liburing declares
# them in its internal src/setup.h only) nor exported by the drop-in liburing.so.2 and
# liburing-ffi.so.2, whose symbol lists stay liburing's; liburing_rs.so exports both.
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
CC=${CC:-cc}
out=${TEST_TMPDIR:-/tmp}/setup_internals_static.$$
trap 'rm -f "$out"' EXIT
$CC -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$ROOT/include" -I"$ROOT/ctests" -o "$out" \
	"$ROOT/ctests/setup_internals.c" "$ROOT/target/release/liburing_rs.a" -Wl,--as-needed -lgcc_s -lutil -lrt -lpthread -lm -ldl || exit 1
if readelf -dW "$out" | grep -q 'NEEDED.*liburing'; then echo "FAIL: not linked statically"; exit 1; fi
"$out" || exit 1
rc=0
for sym in __io_uring_queue_init_params io_uring_unmap_rings; do
	if grep -qw "$sym" "$ROOT/include/liburing.h"; then echo "FAIL: include/liburing.h declares $sym"; rc=1; fi
	readelf --dyn-syms -W "$ROOT/target/release/liburing_rs.so" | grep -qw "$sym" ||
		{ echo "FAIL: liburing_rs.so does not export $sym"; rc=1; }
	for lib in "$ROOT"/target/dropin/liburing.so.2 "$ROOT"/target/dropin/liburing-ffi.so.2; do
		[ -f "$lib" ] || { echo "FAIL: $lib not built (make)"; rc=1; continue; }
		if readelf --dyn-syms -W "$lib" | awk '$7 != "UND"' | grep -qw "$sym"; then
			echo "FAIL: $lib exports $sym"; rc=1
		fi
	done
done
exit $rc
