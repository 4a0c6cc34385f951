#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A switch that implements only part of the FM-API, as one seen in the
# field: the simulator's preset=subset (no Get Virtual CXL Switch Info, no
# event logs, LTSSM 7 and zero link state flags on healthy links), standing
# for QEMU's real switch (usp=), and a second one without Get Physical Port
# State.  Every reader (list -v, list -vv, topo as tree, DOT and JSON, port
# show, cxlfm events) exits 0, shows what the switches answer and names
# what they lack; monitor and cxlfmd run until SIGTERM and exit 0.  The
# in-band engine takes a fabric report for the switch, notifies it without
# acting, says why (sysfs and the notification), and removes nothing.
# Over the whole test, neither simulated switch is sent a command outside
# its CEL.  Prints TAP.

cxlfm=$CXLFM_USER/bin/cxlfm
cxlfmd=$CXLFM_USER/bin/cxlfmd
sub=83 noport=84
n=0 failed=0
result() { # STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else failed=$((failed + 1)); echo "not ok $n $2"; fi
}
# Run a reader: its exit status, stdout in $out, stderr in $err (shown).
run() {
	out=$("$@" 2>"$work/err")
	rc=$?
	err=$(cat "$work/err")
	echo "# $*: exit $rc"
	[ -n "$err" ] && echo "$err" | sed 's/^/# stderr: /'
	return $rc
}
# JSON checks wait for json_checks, which runs them in one python3: each
# start of it costs seconds under TCG.
json_check() { # DESCRIPTION JSON PYTHON-EXPRESSION-ON-d
	local i=$((${#jdesc[@]}))
	jdesc[i]=$1
	printf '%s' "$2" >"$work/json.$i"
	printf '%s' "$3" >"$work/expr.$i"
}
json_checks() {
	local i st
	python3 - "$work" "${#jdesc[@]}" >"$work/json.st" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    text = open(f"{work}/json.{i}").read()
    try:
        ok = bool(eval("(" + open(f"{work}/expr.{i}").read() + ")", {"d": json.loads(text)}))
    except Exception as e:
        ok = False
        print(f"# {e!r}")
    print("0" if ok else "1 " + text.replace("\n", " "))
PY
	i=0
	while read -r st rest; do
		case $st in
		'#') echo "$st $rest"; continue ;;
		1) echo "# saw: $rest" ;;
		esac
		result "$st" "${jdesc[i]}"
		i=$((i + 1))
	done <"$work/json.st"
	jdesc=()
}
jdesc=()
has() { # DESCRIPTION TEXT FIXED-STRING...
	local what=$1 text=$2 s ok=0
	shift 2
	for s in "$@"; do
		grep -qF -- "$s" <<<"$text" || { ok=1; echo "# missing: $s"; }
	done
	[ $ok = 0 ] || sed 's/^/# saw: /' <<<"$text"
	result $ok "$what"
}
pci_with() { # VENDOR:DEVICE: the first such function in name order
	local d
	for d in $(ls /sys/bus/pci/devices | sort); do
		[ "$(cat "/sys/bus/pci/devices/$d/vendor"):$(cat "/sys/bus/pci/devices/$d/device")" = "$1" ] &&
			{ echo "$d"; return 0; }
	done
	return 1
}
below() { # DSP: the function below it, if any
	ls "/sys/bus/pci/devices/$1" | grep -E '^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9]$' | head -n1
}

echo "TAP version 13"
echo "1..32"
[ -d /sys/module/cxlfm ] || insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"
[ -d /sys/module/cxlfm_sim ] || insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"
. "$CXLFM_TREE/tools/testing/cxlfm/vm/guest-lib.sh"
work=$(mktemp -d)
dbg=/sys/kernel/debug/cxlfm_sim

usp=$(pci_with 0x19e5:0xa128)
dsp=$(pci_with 0x19e5:0xa129)
dev=$(below "$dsp")
echo "# QEMU switch: USP $usp, first DSP $dsp with $dev below"
# The MLD on port 5 is read through the tunnel by list -vv.
echo "$sub preset=subset ports=6 vcs=1 vppbs=4 mld=5 usp=$usp" >/sys/bus/cxlfm_sim/new_device &&
	echo "$noport cel=0001,0400,0401,5100 ports=4" >/sys/bus/cxlfm_sim/new_device
result $? "preset=subset and cel= make simulated switches"
cci=$(sed 's/^cxlfm//' /sys/bus/cxlfm_sim/devices/sim$sub/cci)
cci2=$(sed 's/^cxlfm//' /sys/bus/cxlfm_sim/devices/sim$noport/cci)
echo "# subset switch: CCI $cci; without port state: CCI $cci2"
echo "# config: $(cat /sys/bus/cxlfm_sim/devices/sim$sub/config)"
has "the subset switch's CEL is the issue's, less the timestamps" \
	"$(cat /sys/class/cxlfm/cxlfm$cci/supported_opcodes)" \
	"0x0001 0x0002 0x0005 0x0400 0x0401 0x5100 0x5101 0x5300"

# The listeners first, so that they see the switches as they were made.
before=$(genl_subscribers)
$cxlfm monitor -s "$cci" >"$work/mon.json" 2>"$work/mon.err" &
mon=$!
"$cxlfmd" -f -v -j "$work/jnl" 2>"$work/cxlfmd.log" &
daemon=$!
for _ in $(seq 100); do
	[ "$(genl_subscribers)" -ge $((before + 2)) ] && grep -q journaling "$work/cxlfmd.log" && break
	sleep 0.1
done
has "monitor names the switch's missing event records" "$(cat "$work/mon.err")" \
	"switch $cci: no event records: Get Event Records (0x0100) is not in the switch's Command Effects Log"
has "cxlfmd names the switch's missing event records" "$(cat "$work/cxlfmd.log")" \
	"CCI $cci: no event records: Get Event Records (0x0100) is not in the switch's Command Effects Log"

run $cxlfm -v list
result $? "list -v exits 0"
json_check "list -v: the ports as the switch reports them (LTSSM 7, flags 0), no VCS list, and why" "$out" "
	[(len(c['port_list']), c['vcs_list'], c['not_supported']['vcs_list'],
	  {p['ltssm_state'] for p in c['port_list']}, any(p['present'] for p in c['port_list']))
	 for c in d if c['cci'] == $cci] ==
	[(6, None, \"Get Virtual CXL Switch Info (0x5200) is not in the switch's Command Effects Log\", {'l2'}, False)]"
json_check "list -v: the switch without port state has neither list, and says why" "$out" "
	[(c['port_list'], c['vcs_list'], c['not_supported']['port_list']) for c in d if c['cci'] == $cci2] ==
	[(None, None, \"Get Physical Port State (0x5101) is not in the switch's Command Effects Log\")]"
run $cxlfm -vv list -s "$cci"
result $? "list -vv exits 0"
json_check "list -vv: the MLD's LDs through the tunnel, the VCS list missing" "$out" "
	[(c['port_list'][5]['mld']['ld_count'], c['vcs_list'], 'vcs_list' in c['not_supported']) for c in d] ==
	[(4, None, True)]"

run $cxlfm topo -s "$cci"
result $? "topo exits 0"
has "topo: the ports, by their LTSSM state, and a line saying why no VCS is shown" "$out" \
	"switch $cci (sim, 6 ports, VCSs unknown)" \
	"+-VCSs not shown: Get Virtual CXL Switch Info (0x5200) is not in the switch's Command Effects Log" \
	"\\-downstream ports (bindings unknown)" "port 1 cxl_type3_sld [l2 x16 32 GT/s]"
run $cxlfm topo --dot
rc=$?
has "topo --dot exits 0: a note for each switch's missing part, the ports hung from the switch" "$rc $out" \
	"0 digraph cxlfm" "\"sw${cci}_no_VCSs\" [label=\"VCSs not shown:" \
	"\"sw${cci2}_no_ports\" [label=\"ports not shown:\\nGet Physical Port State (0x5101)" \
	"\"sw$cci\" -> \"sw${cci}_p1\" [style=dotted];"
run $cxlfm topo --json
result $? "topo --json exits 0"
json_check "topo --json: ports without bindings, vcs_list null with its reason, for each switch" "$out" "
	{s['cci']: (s['ports'] and len(s['ports']), s['vcs_list'], sorted(s['not_supported']))
	 for s in d if s['cci'] in ($cci, $cci2)} ==
	{$cci: (6, None, ['vcs_list']), $cci2: (None, None, ['ports', 'vcs_list'])}"
json_check "topo --json: the host's USP, the host's port by it, no VCS known" "$out" "
	[(s['host'], [p.get('pci_dev') for p in s['ports']]) for s in d if s['cci'] == $cci] ==
	[({'usp': '$usp'}, ['$usp'] + [None] * 5)]"

run $cxlfm port show
result $? "port show exits 0 with a switch that lacks Get Physical Port State"
has "port show names the switch it could not read" "$err" \
	"switch $cci2: ports not shown: Get Physical Port State (0x5101) is not in the switch's Command Effects Log"
json_check "port show: every port of the subset switch" "$out" \
	"sorted(p['port'] for p in d if p['cci'] == $cci) == list(range(6))"

# The in-band engine: the switch has no Get VCS Info, so the host's VCS
# and the port standing for a vPPB are unknown: notify only, and say why.
has "sysfs: the setting stays auto, in effect notify for want of Get VCS Info" \
	"$(cat /sys/class/cxlfm/cxlfm$cci/inband_policy) $(cat /sys/class/cxlfm/cxlfm$cci/inband_effective)" \
	"auto notify no-vcs-info"
run $cxlfm inband show -s "$cci"
result $? "inband show exits 0"
json_check "inband show: the setting auto, in effect notify, and why" "$out" \
	"d == [{'cci': $cci, 'policy': 'auto', 'effective': 'notify', 'reason': 'no-vcs-info'}]"
run $cxlfm inband set -s "$cci" --policy off
json_check "inband set --policy off: what the kernel then reports" "$out" \
	"d == {'cci': $cci, 'policy': 'off', 'effective': 'off'}"
has "inband set: sysfs agrees" "$(cat /sys/class/cxlfm/cxlfm$cci/inband_policy)" off
run $cxlfm inband set -s "$cci" --policy auto
result $? "inband set --policy auto: back as it was"
run $cxlfm notify -s "$cci" --change unbind --vcs 0 --vppb 0
result $? "a fabric report for the switch is taken"
for _ in $(seq 150); do grep -q hierarchy "$work/mon.json" && break; sleep 0.1; done
json_check "the notification: notified, no bridge named, reason no-vcs-info" \
	"$(grep hierarchy "$work/mon.json" | head -n1)" \
	"d['action'] == 'notified' and d['reason'] == 'no-vcs-info' and d['change'] == 'unbind' and 'pci_dev' not in d"
sleep 1
[ -n "$dev" ] && [ -e "/sys/bus/pci/devices/$dsp/$dev" ] && [ -e "/sys/bus/pci/devices/$dev" ]
result $? "nothing is removed below the port ($dev)"

json_checks
kill -TERM $mon
wait $mon
result $? "monitor runs until SIGTERM and exits 0"
kill -TERM $daemon
wait $daemon
result $? "cxlfmd runs until SIGTERM and exits 0"
run $cxlfm events -j "$work/jnl" --switch "$cci"
rc=$?
has "cxlfm events exits 0 and shows the report notified, and why" "$rc $out" "0 " \
	'"event":"hierarchy"' '"action":"notified"' '"reason":"no-vcs-info"'

outside=$(cat $dbg/$sub/outside_cel)+$(cat $dbg/$noport/outside_cel)
sent=$(awk '{ n += $2 } END { print n }' $dbg/$sub/commands)
echo "# commands the subset switch was sent:"; sed 's/^/#   /' $dbg/$sub/commands
[ "$outside" = 0+0 ] && [ "$sent" -gt 0 ]
result $? "over the whole test, no command outside either CEL ($outside of $sent)"
# The count is live: the MLD's FM-owned LD has no DCD commands.
$cxlfm dcd show -s "$cci" -p 5 >/dev/null 2>&1
[ "$(cat $dbg/$sub/outside_cel)" = 1 ]
result $? "a tunnelled command the LD's CEL lacks is counted"

echo "$sub" >/sys/bus/cxlfm_sim/del_device
echo "$noport" >/sys/bus/cxlfm_sim/del_device
rm -rf "$work"
[ "$failed" -eq 0 ]
