#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: set up, build for every kernel leg, run every test, and close
# with one line "N passed, N failed" summed over all suites.  Exit status is
# non-zero if anything failed.

set -uo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
CXLFM_SAY=check
. "$CXLFM_TOP/scripts/lib.sh"
read -r -a legs <<<"$CXLFM_LEGS"

results=$CXLFM_TOP/build/check
rm -rf "$results"
mkdir -p "$results"
t0=$(date +%s)
summary=()
total_pass=0 total_fail=0 total_skip=0

record() { # NAME PASSED FAILED SKIPPED SECONDS
	summary+=("$(printf '%-34s %4d passed %4d failed %4d skipped %6ss' "$@")")
	total_pass=$((total_pass + $2))
	total_fail=$((total_fail + $3))
	total_skip=$((total_skip + $4))
}

# A step that either works or not: counts as one test.
step() { # NAME COMMAND...
	local name=$1 s rc
	shift
	say "== $name"
	s=$(date +%s)
	"$@" 2>&1 | tee "$results/$name.log"
	rc=${PIPESTATUS[0]}
	record "$name" $((rc == 0)) $((rc != 0)) 0 $(($(date +%s) - s))
	return "$rc"
}

# A step that prints TAP: counts each of its test points.
tap_step() { # NAME COMMAND...
	local name=$1 s rc p f k
	shift
	say "== $name"
	s=$(date +%s)
	"$@" 2>&1 | tee "$results/$name.log"
	rc=${PIPESTATUS[0]}
	read -r p f k < <(tap_count "$results/$name.log")
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	record "$name" "$p" "$f" "$k" $(($(date +%s) - s))
}

finish() {
	say "== summary ($(($(date +%s) - t0)) s)"
	printf '  %s\n' "${summary[@]}"
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
	[ "$total_fail" -eq 0 ]
	exit
}

# /boot before set-up, for the host-boot test: set-up puts no kernel there.
bash "$CXLFM_TOP/tools/testing/cxlfm/host/boot_test.sh" --snapshot >"$results/boot.before"
step setup bash "$CXLFM_TOP/scripts/setup.sh" --stock-only "${legs[@]}" || finish

# The kernels built from source (6.12-debug, 7.3) compile in the background,
# at the lowest priority, while the host steps and the stock legs run.  Those
# leave about half of the two cores idle (a VM test mostly waits on its
# guest; 40 to 55 % idle measured over three groups on 6.1), and nice 19
# gives the builds little more than that, so the foreground keeps its pace
# and a cold run does not pay the builds' 20-odd minutes on top of it.
own_kernels=()
for leg in "${legs[@]}"; do
	leg_is_built "$leg" && own_kernels+=("$leg")
done
kernels_pgid=
if [ ${#own_kernels[@]} -gt 0 ]; then
	say "== kernels ${own_kernels[*]}: building in the background (logs: $results/kernel-LEG.log)"
	# A session of its own, so that an early exit can stop all of it.
	setsid bash -c 'top=$1 out=$2
		shift 2
		for leg; do
			s=$(date +%s)
			nice -n 19 bash "$top/scripts/setup.sh" "$leg" >"$out/kernel-$leg.log" 2>&1
			echo "$? $(($(date +%s) - s))" >"$out/kernel-$leg.rc.tmp"
			mv "$out/kernel-$leg.rc.tmp" "$out/kernel-$leg.rc"
		done' kernels "$CXLFM_TOP" "$results" "${own_kernels[@]}" &
	kernels_pgid=$!
	trap '[ -z "$kernels_pgid" ] || kill -- -"$kernels_pgid" 2>/dev/null' EXIT
fi

# Wait for the background build of LEG's kernel; record it as a step (its
# seconds: from the start of the build, which overlapped the others).
wait_kernel() {
	local leg=$1 rc secs
	say "== kernel-$leg"
	while [ ! -f "$results/kernel-$leg.rc" ]; do
		kill -0 "$kernels_pgid" 2>/dev/null || break
		sleep 5
	done
	read -r rc secs 2>/dev/null <"$results/kernel-$leg.rc" || rc=1 secs=0
	cat "$results/kernel-$leg.log"
	[ "$rc" -eq 0 ] || say "the $leg kernel did not build (exit $rc)"
	record "kernel-$leg (background)" $((rc == 0)) $((rc != 0)) 0 "$secs"
	return "$rc"
}

built=()
for leg in "${legs[@]}"; do
	leg_is_built "$leg" && continue
	step "build-$leg" bash "$CXLFM_TOP/scripts/build-legs.sh" "$leg" && built+=("$leg")
done
step checkpatch bash "$CXLFM_TOP/scripts/checkpatch.sh"
tap_step unit make -s -C "$CXLFM_TOP" unit
tap_step host-install bash "$CXLFM_TOP/tools/testing/cxlfm/host/install_test.sh"
tap_step host-boot bash "$CXLFM_TOP/tools/testing/cxlfm/host/boot_test.sh" --before "$results/boot.before"
tap_step host-licence bash "$CXLFM_TOP/tools/testing/cxlfm/host/licence_test.sh"
tap_step host-headers bash "$CXLFM_TOP/tools/testing/cxlfm/host/header_test.sh"
# libcxlfm's ABI against lib/abi/SONAME.abi, and the test that the check
# catches a break (it breaks a copy of the tree several ways)
tap_step abi bash "$CXLFM_TOP/scripts/abi-check.sh"
tap_step host-abi-break bash "$CXLFM_TOP/tools/testing/cxlfm/host/abi_test.sh"
tap_step host-cli-args bash "$CXLFM_TOP/tools/testing/cxlfm/host/cli_args_test.sh"
tap_step host-completion bash "$CXLFM_TOP/tools/testing/cxlfm/host/completion_test.sh"
tap_step host-redfish bash "$CXLFM_TOP/tools/testing/cxlfm/host/redfish_test.sh"
tap_step host-redfish-events bash "$CXLFM_TOP/tools/testing/cxlfm/host/redfish_events_test.sh"
step fuzz make -s -C "$CXLFM_TOP" fuzz WERROR=1
tap_step uapi-spec python3 "$CXLFM_TOP/tools/testing/cxlfm/ynl/check_uapi.py"
tap_step generated python3 "$CXLFM_TOP/tools/testing/cxlfm/gen/gen_fm_netlink.py" --check
# Linux 7.3's ynl_gen_c.py generates the uAPI header and the kernel's
# policies and ops table from the spec (the committed ones must be its
# output) and user code that must compile.
tap_step ynl-gen python3 "$CXLFM_TOP/tools/testing/cxlfm/ynl/ynl_gen.py"
# No uAPI number moves: the spec against the committed baseline, and the
# proof that the check sees a renumbering.
tap_step uapi-numbers python3 "$CXLFM_TOP/tools/testing/cxlfm/ynl/uapi_numbers.py"
tap_step uapi-numbers-test python3 "$CXLFM_TOP/tools/testing/cxlfm/ynl/uapi_numbers_test.py"
tap_step generated-types python3 "$CXLFM_TOP/tools/testing/cxlfm/gen/gen_fm_types.py" --check

# Every kselftest is a group; lockdown cannot be lowered once raised, so
# the lockdown tests run last.
groups=() last=()
for t in "$CXLFM_TOP"/build/user/selftests/*; do
	[ -x "$t" ] || continue
	g="$(basename "$t")=\$CXLFM_USER/selftests/$(basename "$t")"
	case "$t" in
	*lockdown*) last+=("$g") ;;
	*) groups+=("$g") ;;
	esac
done
# libcxlfm, the CLI and cxlfmd under ASan/UBSan, on one leg: 6.12
# (tools/testing/cxlfm/asan/, Documentation/reliability.md); before the
# lockdown tests too.
asan_leg=6.12
asan_groups=()
if step build-asan make -s -C "$CXLFM_TOP" user SAN=1 WERROR=1; then
	mapfile -t asan_groups < <(bash "$CXLFM_TOP/tools/testing/cxlfm/asan/groups.sh" check)
fi
tap_step asan-selftest bash "$CXLFM_TOP/tools/testing/cxlfm/asan/selftest.sh"
for leg in "${legs[@]}"; do
	if leg_is_built "$leg"; then
		wait_kernel "$leg" &&
			step "build-$leg" bash "$CXLFM_TOP/scripts/build-legs.sh" "$leg" &&
			built+=("$leg") || continue
	else
		[[ " ${built[*]} " == *" $leg "* ]] || continue
	fi
	say "== vm-$leg"
	s=$(date +%s)
	# The whole suite in one boot: a hard limit well above its run time
	# (about 4 min on a stock kernel, 12 on the debug one, 2 cores).
	case "$leg" in
	*-debug) limit=2700 ;;
	# Slub debugging and KFENCE both on: 782 s seen on a loaded machine.
	7.3) limit=1800 ;;
	*) limit=1200 ;;
	esac
	extra=()
	[ "$leg" = "$asan_leg" ] && extra=("${asan_groups[@]}")
	bash "$CXLFM_TOP/tools/testing/cxlfm/vm/run.sh" --leg "$leg" --timeout "$limit" \
		"${groups[@]}" "${extra[@]}" "${last[@]}" 2>&1 |
		tee "$results/vm-$leg.log"
	res=$CXLFM_TOP/build/vm/$leg/result.json
	if [ -f "$res" ]; then
		read -r p f k < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["passed"], r["failed"], r["skipped"])' "$res")
	else
		p=0 f=1 k=0
	fi
	record "vm-$leg" "$p" "$f" "$k" $(($(date +%s) - s))
done

# The runner's own tests: the generic cases on one stock kernel, the
# checker cases on each debug kernel.
selftest_legs=()
for leg in "${built[@]}"; do
	case "$leg" in
	*-debug) selftest_legs+=("$leg") ;;
	*) [ -n "${stock:-}" ] || { stock=$leg; selftest_legs+=("$leg"); } ;;
	esac
done
tap_step vm-runner-selftest bash "$CXLFM_TOP/tools/testing/cxlfm/vm/selftest.sh" "${selftest_legs[@]}"

finish
