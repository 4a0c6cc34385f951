#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: the benchmarks of Documentation/performance.md, in the test
# VM on each stock kernel.  Benchmarks print figures; they never fail on a
# slow machine.

set -euo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
CXLFM_SAY=bench
. "$CXLFM_TOP/scripts/lib.sh"

for leg in ${BENCH_LEGS:-6.1 6.12}; do
	bash "$CXLFM_TOP/scripts/setup.sh" "$leg" >/dev/null
	bash "$CXLFM_TOP/scripts/build-legs.sh" "$leg" >/dev/null
	out=$CXLFM_TOP/build/vm/bench-$leg
	bash "$CXLFM_TOP/tools/testing/cxlfm/vm/run.sh" --leg "$leg" --out "$out" \
		--no-memcheck --timeout 1200 'rtt=bash $CXLFM_TREE/tools/testing/cxlfm/bench/bench-guest.sh' \
		>"$out.log" 2>&1 || { cat "$out.log"; die "benchmark run on $leg failed"; }
	say "== $leg"
	cat "$out/groups/rtt.log"
done
