# Makefile fragment: the soak test (issue 15), ctests/examples_soak.sh.
#
#   make soak                 echo_server (--batch --fixed --multishot --bufring) and udp_server
#                             under 1000 TCP connections plus UDP datagrams for 10 minutes; the
#                             RSS/fd samples are kept in target/soak/samples.tsv
#   make soak SOAK_SECS=120   another duration
# make check runs the same script for 60 seconds (its default).

SOAK_SECS ?= 600
SOAK_OUT  := target/soak

.PHONY: soak
soak: lib examples
	@mkdir -p $(SOAK_OUT)
	@echo "soak: $(SOAK_SECS) s; log in $(SOAK_OUT)/soak.log"
	SOAK_SECS=$(SOAK_SECS) SOAK_SAMPLES=$(ROOT)/$(SOAK_OUT)/samples.tsv bash ctests/examples_soak.sh \
	  >$(SOAK_OUT)/soak.log 2>&1; rc=$$?; cat $(SOAK_OUT)/soak.log; exit $$rc
