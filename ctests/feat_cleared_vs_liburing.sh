#!/bin/bash
# Builds ctests/feat_cleared.c (older-kernel paths taken by clearing feature bits) against the
# system liburing (Debian's liburing-dev, 2.3) and runs it: the sections both libraries have
# must pass on the real liburing too, i.e. uring-rs takes the same older-kernel paths.
# Skips when /usr/include/liburing.h or -luring is absent.
# (ctests/tools/with_liburing.sh builds it once into target/ctests-liburing/.)
exec bash "$(dirname "$0")/tools/with_liburing.sh" feat_cleared
