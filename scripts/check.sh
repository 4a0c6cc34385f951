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

# Debian 13's QEMU and the kernels built from source (6.12-debug, 7.3)
# compile in the background, at the lowest priority, one after the other,
# while the host steps and the legs run.  Those leave about half of the two cores idle (a VM test mostly
# waits on its guest: the 6.12 leg used 45 % of one core), and nice 19
# gives the builds little more than that, so the foreground keeps its pace.
# On a cold machine the builds are the longest path of the run, so the
# legs go in this order: the stock ones, whose kernels are at hand, then
# the kernels built here, the debug ones last.  A debug leg and its checker
# cases keep both cores busy, so they make the best end of a run, when no
# build is left to take what a leg leaves idle (Documentation/testing/vm.md).
stock_legs=() own_kernels=() debug_legs=()
for leg in "${legs[@]}"; do
	if ! leg_is_built "$leg"; then
		stock_legs+=("$leg")
	elif [[ "$leg" == *-debug ]]; then
		debug_legs+=("$leg")
	else
		own_kernels+=("$leg")
	fi
done
own_kernels+=("${debug_legs[@]}")
legs=("${stock_legs[@]}" "${own_kernels[@]}")
# Debian 13's QEMU, for every leg but 6.1, is built the same way, first:
# the first leg that needs it is the second stock one.
background=()
for leg in "${legs[@]}"; do
	leg_has_debian12_qemu "$leg" || { background=(qemu); break; }
done
for leg in "${own_kernels[@]}"; do
	background+=("kernel-$leg")
done
background_pgid=
if [ ${#background[@]} -gt 0 ]; then
	say "== ${background[*]}: building in the background (logs: $results/NAME.log)"
	# A session of its own, so that an early exit can stop all of it.
	setsid bash -c 'top=$1 out=$2
		shift 2
		for job; do
			s=$(date +%s)
			if [ "$job" = qemu ]; then
				nice -n 19 bash "$top/scripts/setup.sh" --qemu
			else
				nice -n 19 bash "$top/scripts/setup.sh" "${job#kernel-}"
			fi >"$out/$job.log" 2>&1
			echo "$? $(($(date +%s) - s))" >"$out/$job.rc.tmp"
			mv "$out/$job.rc.tmp" "$out/$job.rc"
		done' background "$CXLFM_TOP" "$results" "${background[@]}" &
	background_pgid=$!
	trap '[ -z "$background_pgid" ] || kill -- -"$background_pgid" 2>/dev/null' EXIT
fi

# Wait for background job NAME (qemu, kernel-LEG); record it as a step (its
# seconds: from the start of the build, which overlapped the others).
wait_background() {
	local job=$1 rc secs
	say "== $job"
	while [ ! -f "$results/$job.rc" ]; do
		kill -0 "$background_pgid" 2>/dev/null || break
		sleep 5
	done
	read -r rc secs 2>/dev/null <"$results/$job.rc" || rc=1 secs=0
	cat "$results/$job.log"
	[ "$rc" -eq 0 ] || say "$job did not build (exit $rc)"
	record "$job (background)" $((rc == 0)) $((rc != 0)) 0 "$secs"
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
tap_step host-redfish-clients bash "$CXLFM_TOP/tools/testing/cxlfm/host/redfish_clients_test.sh"
tap_step host-redfish-broker bash "$CXLFM_TOP/tools/testing/cxlfm/host/redfish_broker_test.sh"
tap_step host-redfish-tsan bash "$CXLFM_TOP/tools/testing/cxlfm/host/redfish_tsan_test.sh"
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
# Groups whose subject is userspace: the CLI's output and arguments, ynl's
# reading of the spec, valgrind over the tools, cxlfmd and its journal, the
# library's struct sizes.  Like any test that needs no particular kernel,
# they run on one leg: the newest kernel of the run that is not a debug one
# (7.3, which runs the whole suite; 6.12 when the run has no 7.3).  The
# kernel paths they reach are the ones the kernel-facing groups drive on
# every leg; on the debug kernel, whose instrumentation makes them slow,
# they took as long as all the other groups together
# (Documentation/testing/vm.md).
userspace_groups=" abi_sizes_test cli_test cli_fm_test cxlfmd_test cxlfmd_durable_test cxlfmd_rotation_test valgrind_test ynl_cli_test redfish_test "
whole_leg=
for leg in "${legs[@]}"; do
	[[ "$leg" == *-debug ]] || whole_leg=$leg
done
# Groups that need a module Debian's kernels have and the kernels built
# here leave out (veth: the two-namespace Redfish test): on the newest of
# Debian's kernels in the run, and on no other leg.
stock_groups=" redfish_remote_test "
stock_leg=
[ ${#stock_legs[@]} -eq 0 ] || stock_leg=${stock_legs[-1]}
# Groups a debug kernel cannot judge.  inband_hotplug_test has pciehp take
# dsp1's device away, and 6.12's pciehp_unconfigure_device() drops and
# retakes its reset_lock inside pci_rescan_remove_lock: lockdep reports
# that inversion (pciehp's own locks, no cxlfm frame) and then turns itself
# off for the rest of the leg.  The test runs on every other leg
# (Documentation/testing/vm.md).
debug_skip_groups=" inband_hotplug_test "
groups_for_leg() { # LEG GROUP... -> the groups LEG runs, one per line
	local leg=$1 g
	shift
	for g; do
		[[ "$debug_skip_groups" == *" ${g%%=*} "* && "$leg" == *-debug ]] &&
			continue
		[[ "$userspace_groups" == *" ${g%%=*} "* && "$leg" != "$whole_leg" ]] &&
			continue
		[[ "$stock_groups" == *" ${g%%=*} "* && "$leg" != "$stock_leg" ]] &&
			continue
		printf '%s\n' "$g"
	done
}

# libcxlfm, the CLI and cxlfmd under ASan/UBSan, on the same one leg
# (tools/testing/cxlfm/asan/, Documentation/reliability.md); before the
# lockdown tests too.
asan_leg=$whole_leg
asan_groups=()
if step build-asan make -s -C "$CXLFM_TOP" user SAN=1 WERROR=1; then
	mapfile -t asan_groups < <(bash "$CXLFM_TOP/tools/testing/cxlfm/asan/groups.sh" check)
fi
tap_step asan-selftest bash "$CXLFM_TOP/tools/testing/cxlfm/asan/selftest.sh"
# The runner's own tests (vm/selftest.sh): the generic cases right after
# the first leg that ran (on a cold machine the next leg waits for its
# kernel, still compiling in the background, and these boots share the
# wait); the checker cases on each debug kernel, after its leg.
runner_selftest=$CXLFM_TOP/tools/testing/cxlfm/vm/selftest.sh
generic_selftests_done=0

qemu_waited=
for leg in "${legs[@]}"; do
	if ! leg_has_debian12_qemu "$leg"; then
		[ -n "$qemu_waited" ] || { wait_background qemu; qemu_waited=$?; }
		[ "$qemu_waited" = 0 ] || continue
	fi
	if leg_is_built "$leg"; then
		wait_background "kernel-$leg" &&
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
	# Slub debugging and KFENCE both on, and the userspace and ASan
	# groups: 782 s seen on a loaded machine before those came.
	7.3) limit=2400 ;;
	*) limit=1200 ;;
	esac
	extra=()
	[ "$leg" = "$asan_leg" ] && extra=("${asan_groups[@]}")
	mapfile -t leg_groups < <(groups_for_leg "$leg" "${groups[@]}")
	bash "$CXLFM_TOP/tools/testing/cxlfm/vm/run.sh" --leg "$leg" --timeout "$limit" \
		"${leg_groups[@]}" "${extra[@]}" "${last[@]}" 2>&1 |
		tee "$results/vm-$leg.log"
	res=$CXLFM_TOP/build/vm/$leg/result.json
	if [ -f "$res" ]; then
		read -r p f k q < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["passed"], r["failed"], r["skipped"], r["qemu"].split()[0])' "$res")
	else
		p=0 f=1 k=0 q=unknown
	fi
	record "vm-$leg (QEMU $q)" "$p" "$f" "$k" $(($(date +%s) - s))
	if [[ "$leg" == *-debug ]]; then
		tap_step "vm-runner-selftest-$leg" bash "$runner_selftest" "$leg"
	elif [ "$generic_selftests_done" = 0 ]; then
		tap_step vm-runner-selftest bash "$runner_selftest" "$leg"
		generic_selftests_done=1
	fi
done

finish
