#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM test groups that drive libcxlfm, the CLI and cxlfmd built with
# AddressSanitizer and UBSan (make user SAN=1, into build/user-asan): one
# NAME=COMMAND per line, for tools/testing/cxlfm/vm/run.sh.
#
# usage: groups.sh [check]
#   check: the groups make check runs (about 2 min on 6.12); without it,
#   also the daemon's, which make asan runs.
tests="fm_ops_test fm_dump_test events_test concurrency_test cli_test cli_fm_test libcxlfm_errors_test"
[ "${1:-}" = check ] || tests+=" cxlfmd_test cxlfmd_rotation_test"
for t in $tests; do
	echo "asan-${t%_test}=CXLFM_CONC_COUNT=500 bash \$CXLFM_TREE/tools/testing/cxlfm/asan/run.sh $t"
done
