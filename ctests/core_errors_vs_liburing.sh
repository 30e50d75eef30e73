#!/bin/bash
# Builds ctests/core_errors.c (error paths of setup, SQ full, CQ empty, leak checks) against the
# system liburing (Debian's liburing-dev, 2.3) and runs it: the same assertions that pass on
# uring-rs must pass on the real liburing, i.e. both give the same answers on this kernel.
# Skips when /usr/include/liburing.h or -luring is absent.
# (ctests/tools/with_liburing.sh builds it once into target/ctests-liburing/.)
exec bash "$(dirname "$0")/tools/with_liburing.sh" core_errors
