#!/bin/bash
# A program built against the system liburing 2.3 runs on the drop-in: see ctests/dropin/run-prog.sh and ctests/dropin/rings.c
exec bash "$(dirname "$0")/dropin/run-prog.sh" rings
