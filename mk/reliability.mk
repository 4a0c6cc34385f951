# SPDX-License-Identifier: GPL-2.0
#
# The long runs of the reliability campaign (Documentation/reliability.md),
# in the test VM on one leg; make check runs the same tests with bounded
# counts.
#
#   make reliability-long [RELIABILITY_LEG=6.12]
#
# Groups: the netlink fuzzer with NL_FUZZ_COUNT messages, the concurrency
# test with CXLFM_CONC_COUNT commands per thread, the reload campaign with
# CXLFM_RELOAD_COUNT cycles, cxlfmd's durable delivery with CXLFMD_STORM
# records a phase and CXLFMD_KILLS kills.  Prints each group's figures.
#
# On the host first (reliability-redfish): cxlfm-redfishd under
# RF_CLIENTS_LONG_ROUNDS rounds of 1000 concurrent clients, and its two
# libFuzzer targets (handlers, remote FM's parsers) for
# FUZZ_REDFISH_LONG_SECONDS each.

RELIABILITY_LEG ?= 6.12
NL_FUZZ_LONG_COUNT ?= 1000000
CONC_LONG_COUNT ?= 10000
RELOAD_LONG_COUNT ?= 100
DURABLE_LONG_STORM ?= 100000
DURABLE_LONG_KILLS ?= 20
RELIABILITY_OUT = $(O)/vm/reliability-$(RELIABILITY_LEG)
RF_CLIENTS_LONG_ROUNDS ?= 20
FUZZ_REDFISH_LONG_SECONDS ?= 600

.PHONY: reliability-long reliability-redfish
reliability-redfish: user $(FUZZ_O)/fuzz_redfish $(FUZZ_O)/fuzz_redfish_remote
	@RF_CLIENTS_ROUNDS=$(RF_CLIENTS_LONG_ROUNDS) bash tools/testing/cxlfm/host/redfish_clients_test.sh
	@bash scripts/fuzz.sh -max_total_time=$(FUZZ_REDFISH_LONG_SECONDS) fuzz_redfish \
		fuzz_redfish_remote

reliability-long: user reliability-redfish
	@bash scripts/build-legs.sh $(RELIABILITY_LEG) >/dev/null
	@bash tools/testing/cxlfm/vm/run.sh --leg $(RELIABILITY_LEG) \
		--out $(RELIABILITY_OUT) --timeout 5400 \
		'nl_fuzz=NL_FUZZ_COUNT=$(NL_FUZZ_LONG_COUNT) $$CXLFM_USER/selftests/nl_fuzz_test' \
		'concurrency=CXLFM_CONC_COUNT=$(CONC_LONG_COUNT) $$CXLFM_USER/selftests/concurrency_test' \
		'reload=CXLFM_RELOAD_COUNT=$(RELOAD_LONG_COUNT) $$CXLFM_USER/selftests/reload_test' \
		'cxlfmd_durable=CXLFMD_STORM=$(DURABLE_LONG_STORM) CXLFMD_KILLS=$(DURABLE_LONG_KILLS) $$CXLFM_USER/selftests/cxlfmd_durable_test'; \
	rc=$$?; grep -h 'seed\|sent in\|errno\|threads x\|cycles:\|slab total\|the journal holds\|^ok\|^not ok' \
		$(RELIABILITY_OUT)/groups/*.log | sed 's/^# [^:]*:[0-9]*:[^:]*://'; \
	exit $$rc
