# SPDX-License-Identifier: GPL-2.0
#
# libcxlfm, the cxlfm CLI, cxlfmd and the selftests under AddressSanitizer
# (with LeakSanitizer) and UBSan, in the test VM.  Included from the
# top-level Makefile.
#
#   make user SAN=1             build them into build/user-asan
#   make asan [ASAN_LEG=6.12]   that, then every sanitizer group in the VM
#
# make check runs the shorter set of groups on the 6.12 leg
# (tools/testing/cxlfm/asan/groups.sh, Documentation/reliability.md).

.PHONY: asan
asan:
	@bash scripts/asan.sh
