#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the VM runner itself: each case boots a guest that misbehaves in
# one way and checks that run.sh turns red and says why.  Prints TAP.
#
# usage: selftest.sh LEG...   (stock legs get the generic cases, a -debug
#                              leg the checker cases)

set -uo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/../../../.." && pwd)
. "$CXLFM_TOP/scripts/lib.sh"
run=$CXLFM_TOP/tools/testing/cxlfm/vm/run.sh
checker='insmod $CXLFM_KMOD/tools/testing/cxlfm/checker/cxlfm_checker_test.ko trigger='

# Each case: leg|what|expected|timeout in s|run.sh options|group (last:
# a group may hold a |).  A timeout only bounds a
# run that goes wrong, so it is generous: on a loaded 2-core machine the
# debug kernel alone takes 40 s to boot.  The hang case measures its timeout.
cases=()
for leg in "$@"; do
	case "$leg" in
	*-debug)
		cases+=("$leg|uaf|kernel reported KASAN|300||uaf=${checker}uaf")
		cases+=("$leg|lockdep|kernel reported lockdep|300||lockdep=${checker}lockdep")
		cases+=("$leg|leak|kernel reported kmemleak|300||leak=${checker}leak")
		;;
	*)
		cases+=("$leg|failing test|group deliberate_failure failed|180||deliberate_failure=echo 'not ok 1 deliberate failure'; exit 1")
		cases+=("$leg|guest WARN|kernel reported WARNING|180||warn=${checker}warn")
		cases+=("$leg|guest hang|guest hung: no result after the 40 s timeout|40||hang=sleep 100000")
		cases+=("$leg|kernel that dies before /init, booted twice|before /init (no cxlfm code had run; see console-boot1.log): booting once more|180|--append rdinit=/nonexistent|none=true")
		cases+=("$leg|QEMU monitor driven from the guest|green|180||monitor=tools/testing/cxlfm/vm/qemu-monitor info version | grep -E '^[0-9]+\\.[0-9]+'")
		;;
	esac
done

# Two cases at a time: a guest leaves much of a core idle (the hang case
# only waits), and each case has a result directory of its own.
run_case() { # N CASE
	local leg what expect timeout args group out
	IFS='|' read -r leg what expect timeout args group <<<"$2"
	out=$CXLFM_TOP/build/vm/selftest/$leg-$1
	mkdir -p "$(dirname "$out")"
	rm -f "$out.rc"
	# shellcheck disable=SC2086
	bash "$run" --leg "$leg" --out "$out" --timeout "$timeout" $args "$group" >"$out.log" 2>&1
	echo $? >"$out.rc"
}

n=0
for c in "${cases[@]}"; do
	n=$((n + 1))
	[ "$(jobs -rp | wc -l)" -lt 2 ] || wait -n
	run_case "$n" "$c" &
done
wait

echo "TAP version 13"
echo "1..${#cases[@]}"
n=0
for c in "${cases[@]}"; do
	IFS='|' read -r leg what expect _ <<<"$c"
	n=$((n + 1))
	out=$CXLFM_TOP/build/vm/selftest/$leg-$n
	log=$out.log
	rc=$(cat "$out.rc" 2>/dev/null || echo 255)
	if [ "$expect" = green ]; then
		if [ "$rc" -eq 0 ]; then
			echo "ok $n runner supports the $what ($leg)"
		else
			echo "not ok $n runner supports the $what ($leg): exit $rc"
			sed 's/^/# /' "$log"
		fi
	elif [ "$rc" -ne 0 ] && grep -qF "$expect" "$log"; then
		echo "ok $n runner turns red on a $what ($leg)"
	else
		echo "not ok $n runner turns red on a $what ($leg): exit $rc, expected '$expect'"
		sed 's/^/# /' "$log"
	fi
done
