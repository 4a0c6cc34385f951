#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make fuzz / make fuzz-long: run each libFuzzer target (built by
# mk/fuzz.mk) from its seed corpus with one bound, then print one line of
# figures per target.  Exit status is non-zero if any target found a crash,
# a sanitizer report or a broken invariant; its reproducer is kept under
# build/fuzz/crash/<target>/.
#
#   scripts/fuzz.sh -max_total_time=20 fuzz_cmd fuzz_cel ...
#   scripts/fuzz.sh -runs=10000000 fuzz_cmd ...

set -uo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
CXLFM_SAY=fuzz
. "$CXLFM_TOP/scripts/lib.sh"

[ $# -ge 2 ] || die "usage: $0 -max_total_time=S|-runs=N TARGET..."
bound=$1
shift
fo=$CXLFM_TOP/build/fuzz
seeds=$CXLFM_TOP/tools/testing/cxlfm/fuzz/corpus
rows=() failed=0

for t in "$@"; do
	mkdir -p "$fo/corpus/$t" "$fo/crash/$t"
	log=$fo/$t.log
	say "$t ($bound)"
	# The first corpus dir receives new inputs; the seeds stay untouched.
	"$fo/$t" "$bound" -print_final_stats=1 -artifact_prefix="$fo/crash/$t/" \
		"$fo/corpus/$t" "$seeds/$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	if [ "$rc" -ne 0 ]; then
		failed=1
		tail -n 40 "$log"
		rows+=("$(printf '%-12s FAILED (rc %d), see %s' "$t" "$rc" "$log")")
		continue
	fi
	rows+=("$(printf '%-12s %12s execs %8s exec/s %5ss %s' "$t" "${runs:-?}" \
		"${rate:-?}" "${secs:-?}" "${cov:-}")")
done
printf '%s\n' "${rows[@]}"
exit "$failed"
