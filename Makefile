# SPDX-License-Identifier: GPL-2.0
#
# cxlfm top-level Makefile.
#
#   make              libcxlfm and the tools (cxlfm, cxlfmd, cxlfm-redfishd)
#   make modules      kernel modules for KVER (needs its headers: installed,
#                     or unpacked into the cache by make setup)
#   make user         the library, the tools, the selftests, the benchmarks
#                     (the selftests need make setup's kselftest headers)
#   make install, make uninstall: see mk/install.mk
#   make check        set up, build for every kernel leg, run every test
#   make demo         set up and show the stack working in the test VM
#   make vm LEG=6.1   a shell in the test VM with everything loaded
#   make setup        only install what is missing (Debian packages, kernels)
#   make netlink-gen  regenerate the netlink code: the typed ops into the
#                     spec (gen_fm_netlink.py), then the uAPI header and
#                     the policies with Linux 7.3's ynl_gen_c.py (needs
#                     make setup with the 7.3 leg)
#   make uapi-baseline  add the spec's new uAPI numbers to the committed
#                     baseline (tools/testing/cxlfm/ynl/uapi-numbers.txt);
#                     refuses a number that moved or went
#
# Kernel legs: 6.1 and 6.12 (Debian's kernels), 6.12-debug (built here
# with KASAN, lockdep and kmemleak) and 7.3 (built here from Debian's
# linux-source-7.3); CXLFM_LEGS picks some.  Build outputs go to build/; the kernel
# images and other downloads go to $(CXLFM_CACHE), outside the tree.

VERSION := 0.2
TOP := $(CURDIR)
O := $(TOP)/build
# make user SAN=1: the library, the tools and the selftests built with
# AddressSanitizer and UBSan into their own tree (see mk/asan.mk)
SAN ?=
U := $(O)/user$(if $(SAN),-asan)
export CXLFM_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/cxlfm
LEG ?= 6.1

# The kernel to build modules for: the running one when its headers are
# installed, else Debian's default (6.1) kernel.  KDIR: the installed
# headers of the running kernel, else the build directory set-up unpacked
# into $(CXLFM_CACHE) for KVER (set-up installs no kernel headers), else
# /lib/modules/KVER/build.
KVER ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then uname -r; \
	else bash -c '. scripts/lib.sh; leg_kver 6.1'; fi)
KDIR ?= $(shell CXLFM_CACHE=$(call q,$(CXLFM_CACHE)) bash -c '. scripts/lib.sh; kver_kdir "$$1"' _ $(KVER))

# The user's (or a distribution's: dpkg-buildflags) CPPFLAGS, CFLAGS and
# LDFLAGS reach every userspace compile and link; what the build itself
# needs is added to them, never put in their place.  Warnings are errors
# only with WERROR=1 (make check's builds): a new compiler's new warning
# must not break a distribution's build.
CC ?= gcc
CFLAGS ?= -O2 -g
WERROR ?=
WARN := -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror)
NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)
comma := ,
SAN_CFLAGS := $(if $(SAN),-fsanitize=address$(comma)undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer)
USER_CFLAGS := $(CPPFLAGS) $(CFLAGS) $(SAN_CFLAGS) $(WARN) -I$(TOP)/include -I$(TOP)/include/uapi $(NL_CFLAGS)
KSFT_INC := $(CXLFM_CACHE)/src-tools/current/tools/testing/selftests

# The compiler and flags of the last build of $(U): rewritten when they
# change (CFLAGS=..., WERROR=1), which rebuilds the library's objects and so
# everything linked with it.  A plain make followed by make check's
# WERROR=1 build must not keep objects that were never built with -Werror.
FLAGS_STAMP := $(U)/build-flags
q = '$(subst ','\'',$(1))'
BUILD_FLAGS := $(CC) $(USER_CFLAGS) $(LDFLAGS)
$(shell mkdir -p $(U) && { printf '%s\n' $(call q,$(BUILD_FLAGS)) | cmp -s - $(FLAGS_STAMP) || \
	printf '%s\n' $(call q,$(BUILD_FLAGS)) >$(FLAGS_STAMP); })

# libcxlfm's soname: bumped with every incompatible change of its ABI
# (lib/libcxlfm.sym, Documentation/design.md; make check's abi step).
LIB_SO := libcxlfm.so.2
LIB := $(U)/lib/$(LIB_SO).0.0

.PHONY: all modules user lib tools selftests bench-tools unit check demo vm \
	setup bench checkpatch netlink-gen uapi-baseline abi-baseline clean
# The kernel modules are not part of it: they need the headers of a kernel
# with the CXL core (dkms.conf builds them where a distribution installs).
all: lib tools

modules:
	@bash scripts/build-kmod.sh $(KVER) $(KDIR)

user: lib tools selftests bench-tools

lib: $(LIB) $(U)/lib/libcxlfm.pc
# The library carries the FM-API codec and the typed-op attribute map.
# One object per source, each with the compiler's list of what it
# included (.d): the rebuild rule, and the list of files whose licences
# the library combines (tools/testing/cxlfm/host/licence_test.sh).
FMAPI_SRCS := $(wildcard drivers/cxlfm/fmapi/*.c)
LIB_SRCS := lib/libcxlfm.c lib/events.c lib/fm.c lib/fabric.c lib/attrs.c lib/transact.c \
	    lib/abi.c lib/names.c $(FMAPI_SRCS)
LIB_OBJ := $(U)/obj/libcxlfm
LIB_OBJS := $(patsubst %.c,$(LIB_OBJ)/%.o,$(LIB_SRCS))
$(LIB_OBJ)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(LIB_OBJ_CFLAGS) -Idrivers/cxlfm/fmapi -fPIC -MMD -MP -c -o $@ $<
# lib/abi.c's debug information describes every public type, also those
# no exported function names (the typed ops' structs go through void *),
# so that the ABI check (scripts/abi-check.sh) sees them.
$(LIB_OBJ)/lib/abi.o: LIB_OBJ_CFLAGS := -fno-eliminate-unused-debug-types
-include $(LIB_OBJS:.o=.d)
$(LIB): $(LIB_OBJS) lib/libcxlfm.sym
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(LIB_SO) \
		-Wl,--version-script=lib/libcxlfm.sym -o $@ $(LIB_OBJS) $(NL_LIBS)
	ln -sf $(notdir $@) $(U)/lib/$(LIB_SO)
	ln -sf $(LIB_SO) $(U)/lib/libcxlfm.so

$(U)/lib/libcxlfm.pc: lib/libcxlfm.pc.in
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(TOP)|; s|@LIBDIR@|$(U)/lib|; s|@INCLUDEDIR@|$(TOP)/include|; s|@VERSION@|$(VERSION)|' $< >$@

# The CLI is a program of the library's like any other: it includes the
# public headers only and names return codes, commands, enumerations and
# CEL effects through the library (cxlfm_rc_name(), cxlfm_enum_name(), ...).
CLI_VERBS := list port vcs ld mhd dcd bg log raw monitor topo notify inband events
CLI_SRCS := tools/cxlfm/main.c tools/cxlfm/util.c tools/cxlfm/fabric.c tools/cxlfm/opcode.c \
	$(patsubst %,tools/cxlfm/cmd_%.c,$(CLI_VERBS))
tools: $(U)/bin/cxlfm
$(U)/bin/cxlfm: $(CLI_SRCS) tools/cxlfm/cxlfm.h tools/cxlfm/opcode.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(LDFLAGS) -DCXLFM_VERSION='"$(VERSION)"' -o $@ \
		$(CLI_SRCS) -L$(U)/lib -lcxlfm -Wl,-rpath,$(U)/lib $(NL_LIBS) \
		$(shell pkg-config --cflags --libs json-c libkmod)

SELFTESTS := $(patsubst tools/testing/selftests/cxlfm/%.c,$(U)/selftests/%,\
	$(wildcard tools/testing/selftests/cxlfm/*_test.c))
SELFTEST_SCRIPTS := $(patsubst tools/testing/selftests/cxlfm/%.sh,$(U)/selftests/%,\
	$(wildcard tools/testing/selftests/cxlfm/*_test.sh))
selftests: $(SELFTESTS) $(SELFTEST_SCRIPTS)
$(U)/selftests/%: tools/testing/selftests/cxlfm/%.sh
	@mkdir -p $(dir $@)
	install -m 755 $< $@
# Under SAN=1, a test case's _exit() checks for leaks first (lsan_exit.c).
SELFTEST_SAN := $(if $(SAN),tools/testing/cxlfm/asan/lsan_exit.c -Wl$(comma)--wrap=_exit)
$(U)/selftests/%: tools/testing/selftests/cxlfm/%.c $(wildcard tools/testing/selftests/cxlfm/*.h) $(LIB) \
		$(if $(SAN),tools/testing/cxlfm/asan/lsan_exit.c)
	@test -f $(KSFT_INC)/kselftest_harness.h || { echo "kselftest headers missing: make setup"; exit 1; }
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(LDFLAGS) -isystem $(KSFT_INC) -o $@ $< $(SELFTEST_SAN) \
		-L$(U)/lib -lcxlfm -Wl,-rpath,$(U)/lib $(NL_LIBS) -lpthread

bench-tools: $(U)/bench/rtt_bench $(U)/bench/drain_bench \
	$(U)/bench/footprint_bench $(U)/bench/fanout_bench \
	$(U)/bench/snapshot_bench
# Benchmarks share the selftests' simulator helpers (sim_util.h).
$(U)/bench/%: tools/testing/cxlfm/bench/%.c $(wildcard tools/testing/selftests/cxlfm/*.h) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(LDFLAGS) -Itools/testing/selftests/cxlfm -o $@ $< \
		-L$(U)/lib -lcxlfm -Wl,-rpath,$(U)/lib $(NL_LIBS) -lpthread

bench:
	@bash scripts/bench.sh

unit:
	@$(MAKE) -s -C tools/testing/cxlfm/unit O=$(O)/unit KSFT_INC=$(KSFT_INC) run

setup:
	@bash scripts/setup.sh

check:
	@bash scripts/check.sh

demo:
	@bash scripts/demo.sh

vm: setup
	@bash scripts/build-legs.sh $(LEG)
	@bash tools/testing/cxlfm/vm/run.sh --leg $(LEG) --interactive

checkpatch:
	@bash scripts/checkpatch.sh

netlink-gen:
	@python3 tools/testing/cxlfm/gen/gen_fm_netlink.py
	@python3 tools/testing/cxlfm/ynl/ynl_gen.py --write

# The only way numbers get into the uAPI baseline: additions, never a move.
uapi-baseline:
	@python3 tools/testing/cxlfm/ynl/uapi_numbers.py --update

# Record libcxlfm's ABI as the baseline of its soname (lib/abi/SONAME.abi),
# deliberately: refused for an incompatible change that keeps the soname.
abi-baseline:
	@bash scripts/abi-check.sh --baseline

clean:
	rm -rf $(O)

include mk/daemon.mk
include mk/install.mk
include mk/redfish.mk
include mk/fuzz.mk
include mk/reliability.mk
include mk/asan.mk
