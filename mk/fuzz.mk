# SPDX-License-Identifier: GPL-2.0
#
# libFuzzer targets (tools/testing/cxlfm/fuzz), built with clang:
#
#   make fuzz          every target for a bounded time (FUZZ_SECONDS each)
#   make fuzz-long     every target for FUZZ_LONG_RUNS executions each
#   make fuzz-build    only build them
#
# Each run starts from the seed corpus kept in the tree
# (tools/testing/cxlfm/fuzz/corpus/<target>/) and prints executions and
# executions per second; new inputs go to build/fuzz/corpus/<target>/,
# crashes to build/fuzz/crash/<target>/.

FUZZ_CC ?= clang
FUZZ_SRC := tools/testing/cxlfm/fuzz
FUZZ_O := $(O)/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -g -O1 -std=gnu11 -fno-omit-frame-pointer $(WARN) $(FUZZ_SAN) \
	-Idrivers/cxlfm/fmapi -I$(FUZZ_SRC) -I$(TOP)/include -I$(TOP)/include/uapi
FUZZ_CODEC_SRCS := $(wildcard drivers/cxlfm/fmapi/*.c)
FUZZ_CODEC_OBJS := $(patsubst drivers/cxlfm/fmapi/%.c,$(FUZZ_O)/codec/%.o,$(FUZZ_CODEC_SRCS))
FUZZ_CODEC_TARGETS := fuzz_cmd fuzz_tunnel fuzz_event fuzz_cel
FUZZ_TARGETS := $(FUZZ_CODEC_TARGETS) fuzz_lib fuzz_redfish fuzz_redfish_remote
FUZZ_BINS := $(addprefix $(FUZZ_O)/,$(FUZZ_TARGETS))
FUZZ_SECONDS ?= 20
FUZZ_LONG_RUNS ?= 10000000

.PHONY: fuzz fuzz-long fuzz-build
fuzz-build: $(FUZZ_BINS)

$(FUZZ_O)/codec/%.o: drivers/cxlfm/fmapi/%.c $(wildcard drivers/cxlfm/fmapi/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(addprefix $(FUZZ_O)/,$(FUZZ_CODEC_TARGETS)): $(FUZZ_O)/%: $(FUZZ_SRC)/%.c \
		$(FUZZ_SRC)/fuzz.h $(FUZZ_CODEC_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_CODEC_OBJS)

# The library's sources, built into the target with the sanitizers.
$(FUZZ_O)/fuzz_lib: $(FUZZ_SRC)/fuzz_lib.c $(FUZZ_SRC)/fuzz.h $(LIB_SRCS) \
		lib/private.h include/cxlfm/libcxlfm.h include/uapi/linux/cxlfm.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Ilib -I$(TOP)/include \
		-I$(TOP)/include/uapi $(NL_CFLAGS) -o $@ $< $(LIB_SRCS) $(NL_LIBS)

# cxlfm-redfishd's network process: its sources unchanged, but main.c (the
# processes' set-up) and broker_call.c (the fake switch of
# fuzz_redfish_broker.c answers instead); libcxlfm's names.c and the codec
# for cxlfm_rc_name().  fuzz_redfish_remote compiles remote.c into itself.
FUZZ_RF := tools/cxlfm-redfishd
FUZZ_RF_SRCS := $(addprefix $(FUZZ_RF)/,http.c answer.c auth.c service.c tasks.c \
	fabric.c events.c registry.c client.c push.c test_event.c subs_store.c)
FUZZ_RF_DEPS := $(FUZZ_SRC)/fuzz.h $(FUZZ_SRC)/fuzz_redfish.h $(FUZZ_SRC)/fuzz_redfish_broker.c \
	$(FUZZ_RF_SRCS) $(FUZZ_RF)/remote.c $(wildcard $(FUZZ_RF)/*.h) lib/names.c \
	$(FUZZ_CODEC_OBJS)
FUZZ_RF_FLAGS = -I$(FUZZ_RF) -Ilib $(NL_CFLAGS) \
	$(shell pkg-config --cflags libmicrohttpd json-c gnutls)
FUZZ_RF_LIBS = $(shell pkg-config --libs libmicrohttpd json-c libcrypt gnutls) -lpthread

$(FUZZ_O)/fuzz_redfish: $(FUZZ_SRC)/fuzz_redfish.c $(FUZZ_RF_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_RF_FLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_SRC)/fuzz_redfish_broker.c $(FUZZ_RF_SRCS) $(FUZZ_RF)/remote.c \
		lib/names.c $(FUZZ_CODEC_OBJS) $(FUZZ_RF_LIBS)

$(FUZZ_O)/fuzz_redfish_remote: $(FUZZ_SRC)/fuzz_redfish_remote.c $(FUZZ_RF_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_RF_FLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_SRC)/fuzz_redfish_broker.c $(FUZZ_RF_SRCS) \
		lib/names.c $(FUZZ_CODEC_OBJS) $(FUZZ_RF_LIBS)

fuzz: fuzz-build
	@bash scripts/fuzz.sh -max_total_time=$(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-long: fuzz-build
	@bash scripts/fuzz.sh -runs=$(FUZZ_LONG_RUNS) $(FUZZ_TARGETS)
