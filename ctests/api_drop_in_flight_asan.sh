#!/bin/bash
# tests/drop_in_flight.rs under AddressSanitizer, as api_drop_in_flight.sh runs it under
# valgrind; and tests/owned_buffers.rs, which moves buffers of every kind through the ring's
# type-erased slots. A use after free, a double free, an overflow or a leak in our own code
# fails the run. ASan doesn't see the kernel's writes: the tests check those themselves (the
# data stays in the pipes, freed memory keeps its new pattern).
# -Zsanitizer=address needs a nightly Rust; without one this skips. Only the library goes
# through cargo (its dev-dependencies would take minutes to build), in the dev profile, into
# target/asan; each test is compiled against it by rustc.
# ctest-timeout: 600
cd "${ROOT:-$(dirname "$0")/..}" || exit 1
nightly() { rustup run nightly "$@"; }
nightly rustc -V >/dev/null 2>&1 ||
	{ echo "skip: no nightly Rust toolchain (rustup toolchain install nightly), which -Zsanitizer=address needs"; exit 77; }
host=$(nightly rustc -vV | sed -n 's/^host: //p')
asan=-Zsanitizer=address
RUSTFLAGS=$asan nightly cargo build --quiet --lib --target "$host" --target-dir target/asan || exit 1
out=target/asan/$host/debug
libc_rlib=$(ls "$out"/deps/liblibc-*.rlib | head -n1)
for t in drop_in_flight owned_buffers; do
	nightly rustc --edition 2024 --test $asan -g -o "$out/$t" "tests/$t.rs" \
		--extern uring_rs="$out/liburing_rs.rlib" --extern libc="$libc_rlib" \
		-L dependency="$out/deps" || exit 1
	# `&'static mut [u8]` buffers are leaked on purpose (Box::leak) by owned_buffers.
	leaks=1; [ $t = owned_buffers ] && leaks=0
	ASAN_OPTIONS=detect_leaks=$leaks "$out/$t" --test-threads=1 || exit 1
done
