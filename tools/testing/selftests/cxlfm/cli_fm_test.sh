#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The cxlfm CLI's FM-API verbs against cxlfm_sim: each verb's JSON parsed
# and checked field by field against the topology the simulated switches
# were created with; bind/unbind --wait change what vcs show reports; topo
# draws the bindings and its DOT output is well formed; every error path
# names the problem and exits non-zero.  Prints TAP.

cxlfm=$CXLFM_USER/bin/cxlfm
. "$CXLFM_TREE/tools/testing/cxlfm/vm/guest-lib.sh"
SW=71 MHD=72
# ports 0-1: the USPs of VCS 0 and 1; 2-11 DSPs with SLDs, but an MLD of
# 4 LDs with 2 DC regions on port 9.  VCS 0's vPPB i starts bound to port
# 2+i; VCS 1's vPPBs start unbound.
SW_SPEC="$SW ports=12 vcs=2 vppbs=4 mld=9 lds=4 dc_regions=2 bg_ms=300"
MHD_SPEC="$MHD ports=6 vcs=1 mld=4 lds=4 heads=2"
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
result() { # STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else failed=$((failed + 1)); echo "not ok $n $2"; fi
}
# One Python judges every check (a Python start costs seconds under TCG):
# it evaluates the expression in cli_fm.expr on the JSON in cli_fm.out.
coproc JUDGE { python3 -u -c '
import json, sys
for line in sys.stdin:
    try:
        ok = eval(open(sys.argv[1] + "/expr").read(), {"d": json.load(open(sys.argv[1] + "/out"))})
    except Exception as e:
        print("# " + repr(e), file=sys.stderr)
        ok = False
    print(0 if ok else 1, flush=True)
' "$tmp"; }
# DESCRIPTION PYTHON-EXPRESSION COMMAND...: the command succeeds and the
# expression holds of its JSON output (d).
check() {
	local what=$1 expr=$2 rc
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	echo "# $*: $(head -c 1500 "$tmp/out")"
	if [ $rc = 0 ]; then
		echo "$expr" >"$tmp/expr"
		echo go >&"${JUDGE[1]}"
		read -r rc <&"${JUDGE[0]}"
	else
		sed 's/^/# stderr: /' "$tmp/err"
	fi
	result "$rc" "$what"
}
fails_with() { # DESCRIPTION EXPECTED-EXIT EXPECTED-MESSAGE COMMAND...
	local what=$1 want=$2 msg=$3 out rc
	shift 3
	out=$("$@" 2>&1 >/dev/null)
	rc=$?
	echo "$out" | sed 's/^/# /'
	[ "$rc" = "$want" ] && grep -qF -- "$msg" <<<"$out"
	result $? "$what"
}

echo "TAP version 13"
plan=67
echo "1..$plan"
[ -d /sys/module/cxlfm ] || insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"
[ -d /sys/module/cxlfm_sim ] || insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"
for s in $SW $MHD; do echo $s >/sys/bus/cxlfm_sim/del_device 2>/dev/null; done
echo "$SW_SPEC" >/sys/bus/cxlfm_sim/new_device
echo "$MHD_SPEC" >/sys/bus/cxlfm_sim/new_device
sleep 0.3
id=$(sed 's/^cxlfm//' /sys/bus/cxlfm_sim/devices/sim$SW/cci)
mhd=$(sed 's/^cxlfm//' /sys/bus/cxlfm_sim/devices/sim$MHD/cci)
echo "# switch CCI $id, multi-headed switch CCI $mhd"
X="d[0]['vcs_list']"

# ---- list -------------------------------------------------------------
check "list: the simulated switch with its port and VCS counts" \
	"any(c['cci']==$id and c['transport']=='sim' and c['switch'] and c['ports']==12 and c['vcs']==2 and c['vendor']=='0x1e98' for c in d)" \
	$cxlfm list
check "list -s: only that switch, no detail without -v" \
	"len(d)==1 and d[0]['cci']==$id and 'port_list' not in d[0]" $cxlfm list -s "$id"
check "list -v: every port by name, USPs 0-1, DSPs, an MLD of 4 LDs on port 9, speeds in GT/s" \
	"[p['port'] for p in d[0]['port_list']]==list(range(12)) and all(p['config_state']==('usp' if p['port']<2 else 'dsp') for p in d[0]['port_list']) and all(p['device_type']==('cxl_type3_mld' if p['port']==9 else 'cxl_type3_sld') for p in d[0]['port_list'][2:]) and d[0]['port_list'][9]['supported_lds']==4 and all(p['ltssm_state']=='l0' and p['link_width']==16 and p['link_speed']==32 and p['supported_speeds']==[2.5,5,8,16,32] and p['present']==(p['port']>=2) for p in d[0]['port_list'])" \
	$cxlfm list -v -s "$id"
check "list -n -v: the specification's numbers" \
	"all(p['config_state']==(4 if p['port']<2 else 3) and p['ltssm_state']==4 and p['link_speed']==5 and p['supported_speeds']==31 for p in d[0]['port_list']) and d[0]['port_list'][9]['device_type']==5 and [b['status'] for b in $X[0]['vppbs']]==[2]*4 and $X[0]['state']==1" \
	$cxlfm list -n -v -s "$id"
check "list -v: VCS 0's vPPB i bound to port 2+i, VCS 1's unbound" \
	"[v['vcs'] for v in $X]==[0,1] and [v['usp'] for v in $X]==[0,1] and all(v['state']=='enabled' and v['num_vppbs']==4 for v in $X) and [(b['vppb'],b['status'],b['port']) for b in $X[0]['vppbs']]==[(i,'bound_port',2+i) for i in range(4)] and all(b['status']=='unbound' and 'port' not in b for b in $X[1]['vppbs'])" \
	$cxlfm list -v -s "$id"
check "list -v -p --vcs: filters by port and VCS" \
	"[p['port'] for p in d[0]['port_list']]==[9] and [v['vcs'] for v in $X]==[1]" \
	$cxlfm list -v -s "$id" -p 9 --vcs 1
check "list -vv: the MLD's LDs (4 of 1 GiB, one range each)" \
	"d[0]['port_list'][9]['mld']['ld_count']==4 and d[0]['port_list'][9]['mld']['memory_size']==4<<30 and [l['ld'] for l in d[0]['port_list'][9]['mld']['lds']]==[0,1,2,3] and 'mld' not in d[0]['port_list'][3]" \
	$cxlfm list -vv -s "$id"
check "list -u -v: names and units" \
	"d[0]['payload_size']=='2 KiB' and d[0]['port_list'][0]['config_state']=='usp' and d[0]['port_list'][9]['device_type']=='cxl_type3_mld' and d[0]['port_list'][3]['ltssm_state']=='l0' and d[0]['port_list'][3]['link_speed']=='32 GT/s' and d[0]['port_list'][3]['link_width']=='x16' and d[0]['port_list'][3]['supported_speeds']==['2.5 GT/s','5 GT/s','8 GT/s','16 GT/s','32 GT/s'] and $X[0]['vppbs'][0]['status']=='bound_port'" \
	$cxlfm -u list -v -s "$id"

# ---- port -------------------------------------------------------------
check "port show: every port of every switch in one dump" \
	"sorted(p['port'] for p in d if p['cci']==$id)==list(range(12)) and sorted(p['port'] for p in d if p['cci']==$mhd)==list(range(6))" \
	$cxlfm port show
check "port show -s -p: one port, the MLD" \
	"len(d)==1 and d[0]['cci']==$id and d[0]['port']==9 and d[0]['device_type']=='cxl_type3_mld' and d[0]['supported_lds']==4" \
	$cxlfm port show -s "$id" -p 9
fails_with "port control perst-assert without a terminal: --force wanted" 2 "give --force" \
	$cxlfm port control -s "$id" -p 7 perst-assert
check "port control perst-assert --force: done" "d['status']=='done' and d['operation']=='perst-assert' and d['cci']==$id" \
	$cxlfm port control -s "$id" -p 7 perst-assert --force
check "port show: PERST# asserted, link down" \
	"d[0]['perst_asserted'] and d[0]['ltssm_state']=='detect' and d[0]['device_type']=='none' and d[0]['link_speed']==0" $cxlfm port show -s "$id" -p 7
$cxlfm port control -s "$id" -p 7 perst-deassert >/dev/null
check "port control perst-deassert: the link is back" \
	"not d[0]['perst_asserted'] and d[0]['ltssm_state']=='l0' and d[0]['device_type']=='cxl_type3_sld'" $cxlfm port show -s "$id" -p 7
check "port control reset --force: done" "d['status']=='done' and d['port']==7" \
	$cxlfm port control -s "$id" -p 7 reset --force

# ---- vcs, bind, unbind --------------------------------------------------
check "vcs show: both VCSs with their vPPBs" \
	"[v['vcs'] for v in d]==[0,1] and [b['port'] for b in d[0]['vppbs']]==[2,3,4,5]" $cxlfm vcs show -s "$id"
check "vcs show --vcs 1: one VCS" "len(d)==1 and d[0]['vcs']==1 and len(d[0]['vppbs'])==4" \
	$cxlfm vcs show -s "$id" --vcs 1
check "unbind --wait: done" "d['status']=='done' and d['vcs']==0 and d['vppb']==1" \
	$cxlfm unbind -s "$id" --vcs 0 --vppb 1 --wait
check "vcs show after unbind: vPPB 1 unbound" \
	"d[0]['vppbs'][1]['status']=='unbound' and 'port' not in d[0]['vppbs'][1] and d[0]['vppbs'][0]['status']=='bound_port'" \
	$cxlfm vcs show -s "$id" --vcs 0
check "bind --wait: done" "d['status']=='done' and d['port']==3" \
	$cxlfm bind -s "$id" --vcs 0 --vppb 1 --port 3 --wait
check "vcs show after bind: vPPB 1 bound to port 3 again" \
	"d[0]['vppbs'][1]['status']=='bound_port' and d[0]['vppbs'][1]['port']==3" $cxlfm vcs show -s "$id" --vcs 0
check "bind without --wait: started" "d['status']=='started'" \
	$cxlfm bind -s "$id" --vcs 1 --vppb 0 --port 6
for i in $(seq 50); do
	$cxlfm bg status -s "$id" | grep -q '"running":false' && break
	sleep 0.1
done
check "bg status: the bind finished, by opcode and name" \
	"not d['running'] and d['percent']==100 and d['opcode']==0x5201 and d['command']=='bind_vppb' and d['return_code']=='success' and d['cci']==$id" \
	$cxlfm bg status -s "$id"
check "bind --ld --wait: an LD of the MLD" "d['status']=='done' and d['ld']==2" \
	$cxlfm bind -s "$id" --vcs 1 --vppb 1 --port 9 --ld 2 --wait
check "vcs show: VCS 1 has port 6 and LD 2 of port 9" \
	"[(b['status'],b.get('port'),b.get('ld')) for b in d[0]['vppbs']][:2]==[('bound_port',6,None),('bound_ld',9,2)]" \
	$cxlfm vcs show -s "$id" --vcs 1
fails_with "bind of a bound port: the device's return code by name" 1 "invalid_input" \
	$cxlfm bind -s "$id" --vcs 1 --vppb 2 --port 3 --wait

# ---- topo ---------------------------------------------------------------
out=$($cxlfm topo -s "$id")
echo "$out" | sed 's/^/# topo: /'
grep -q "^switch $id (sim, 12 ports, 2 VCS)" <<<"$out" &&
	grep -q "vPPB 1 -> port 3 cxl_type3_sld \[up x16 32 GT/s\]" <<<"$out" &&
	grep -q "vPPB 1 -> LD 2 of port 9 cxl_type3_mld" <<<"$out" &&
	grep -q "vPPB 2 unbound" <<<"$out" &&
	grep -q -- "-port 10 cxl_type3_sld" <<<"$out"
result $? "topo: switch, VCSs, vPPBs with their port or LD and link state, unbound ports"
$cxlfm topo --dot >"$tmp/dot"
python3 - "$id" "$tmp/dot" <<'PY'
import re, sys
sw = sys.argv[1]
text = open(sys.argv[2]).read()
ok = text.startswith("digraph cxlfm {") and text.rstrip().endswith("}")
ok &= text.count("{") == text.count("}")
nodes = set(re.findall(r'^\t"([^"]+)" \[', text, re.M))
edges = re.findall(r'^\t"([^"]+)" -> "([^"]+)"', text, re.M)
ok &= all(a in nodes and b in nodes for a, b in edges)
ok &= (f"sw{sw}_vcs0_vppb1", f"sw{sw}_p3") in edges
ok &= (f"sw{sw}_vcs1_vppb1", f"sw{sw}_p9_ld2") in edges
ok &= len([n for n in nodes if n.startswith(f"sw{sw}_vcs") and "vppb" in n]) == 8
print(f"# dot: {len(nodes)} nodes, {len(edges)} edges")
sys.exit(0 if ok else 1)
PY
result $? "topo --dot: valid DOT, every edge's nodes declared, the bindings as edges"

# topo --json on the host behind a switch: a simulated switch standing for
# QEMU's (usp=, VCS 0's vPPB i bound to port 1+i, port 0 the host's) names
# the host's bridge of each local port as the simulator mapped them.
HOST=73
qusp=$(qemu_usp)
echo $HOST >/sys/bus/cxlfm_sim/del_device 2>/dev/null
echo "$HOST ports=4 vcs=1 vppbs=2 usp=$qusp" >/sys/bus/cxlfm_sim/new_device
host=$(sed 's/^cxlfm//' /sys/bus/cxlfm_sim/devices/sim$HOST/cci)
map=$(tr '\n' ' ' </sys/bus/cxlfm_sim/devices/sim$HOST/vppb_map)
echo "# QEMU's USP $qusp; switch $host maps vPPBs: $map"
set -- $map
check "topo --json: the host's USP and VCS, each local port's and vPPB's host bridge" \
	"d[0]['cci']==$host and d[0]['host']=={'usp':'$qusp','vcs':0} and [p.get('pci_dev') for p in d[0]['ports']]==['$qusp','$2','$4',None] and [b['pci_dev'] for b in d[0]['vcs_list'][0]['vppbs']]==['$2','$4']" \
	$cxlfm topo --json -s "$host"
echo $HOST >/sys/bus/cxlfm_sim/del_device

# ---- ld, qos, mhd, dcd ----------------------------------------------------
check "ld show: 4 LDs of 1 GiB through the tunnel" \
	"d['ld_count']==4 and d['memory_size']==4<<30 and [l['ld'] for l in d['lds']]==[0,1,2,3] and d['granularity']>0 and all(l['range1']*d['granularity']==1<<30 for l in d['lds'])" \
	$cxlfm ld show -s "$id" -p 9
check "ld alloc: the device's answer" "d['ld']==1 and d['range1']==2" \
	$cxlfm ld alloc -s "$id" -p 9 --ld 1 --range1 2
check "ld show after alloc: LD 1 has range1 2" "d['lds'][1]['range1']==2 and d['lds'][0]['range1']!=2" \
	$cxlfm ld show -s "$id" -p 9
check "qos get: control, status and both lists of 4 LDs" \
	"len(d['alloc_bw'])==4 and len(d['bw_limit'])==4 and d['alloc_bw']==[64]*4 and d['bw_limit']==[255]*4 and 'egress_moderate_pct' in d and 'bp_avg_pct' in d" \
	$cxlfm qos get -s "$id" -p 9
check "qos set: read back as set" \
	"d['egress_moderate_pct']==40 and d['egress_severe_pct']==80 and d['egress_congestion'] is True and d['alloc_bw']==[10,20,30,40] and d['bw_limit']==[128]*4" \
	$cxlfm qos set -s "$id" -p 9 --moderate 40 --severe 80 --egress-cong on --alloc-bw 10,20,30,40 --bw-limit 128,128,128,128
check "mhd show: 2 heads, LD i on head i % 2" \
	"d['num_lds']==4 and d['num_heads']==2 and [(m['ld'],m['head']) for m in d['ld_map']]==[(i,i%2) for i in range(4)] and len(d['heads'])==2" \
	$cxlfm mhd show -s "$mhd" -p 4
check "dcd show: 2 regions of 1 GiB with 2 MiB blocks for host 1" \
	"d['num_regions']==2 and d['host']==1 and len(d['regions'])==2 and all(r['block_size']==2<<20 and r['length']==1<<30 and r['decode_length']==1<<30 and r['base']==i<<30 for i, r in enumerate(d['regions']))" \
	$cxlfm dcd show -s "$id" -p 9 --host 1
check "dcd add --extent: done" "d['policy']=='prescriptive' and d['status'] in ('done','started')" \
	$cxlfm dcd add -s "$id" -p 9 --host 1 --extent 0:0x8000000
check "dcd extents: the extent added" \
	"d['total_extents']==1 and d['extents'][0]['dpa']==0 and d['extents'][0]['length']==128<<20" \
	$cxlfm dcd extents -s "$id" -p 9 --host 1
check "dcd release --extent: done" "d['policy']=='prescriptive'" \
	$cxlfm dcd release -s "$id" -p 9 --host 1 --extent 0:0x8000000
check "dcd extents after release: none" "d['total_extents']==0 and d['extents']==[]" \
	$cxlfm dcd extents -s "$id" -p 9 --host 1

# ---- log ------------------------------------------------------------------
cmds=$(cat /sys/class/cxlfm/cxlfm$id/supported_opcodes | wc -w)
check "log: the CEL, 4 bytes per command the CCI supports" \
	"any(l['name']=='cel' and l['uuid']=='0da9c0b5bf414b788f7996b1623b3f17' and l['size']==4*$cmds for l in d['logs'])" \
	$cxlfm log -s "$id"
check "log --cel: each command by name, effects in words" \
	"len(d['cel'])==$cmds and any(e['opcode']==0x5201 and e['command']=='bind_vppb' and 'background_operation' in e['effect_names'] and not e['read_only'] for e in d['cel']) and any(e['opcode']==0x5100 and e['command']=='identify_switch' and e['read_only'] for e in d['cel'])" \
	$cxlfm log -s "$id" --cel
check "log --cel -p: the MLD's CEL through the tunnel" \
	"any(e['opcode']==0x5400 for e in d['cel']) and not any(e['opcode']==0x5201 for e in d['cel'])" \
	$cxlfm log -s "$id" -p 9 --cel

# ---- bg abort -------------------------------------------------------------
echo 1 >/sys/kernel/debug/cxlfm_sim/$SW/bg_hang
fails_with "unbind --wait --timeout: gives up on a hung unbind, saying how far it got" 1 \
	"unbind: still running after 300 ms (at 50%)" \
	$cxlfm unbind -s "$id" --vcs 0 --vppb 3 --wait --timeout 300
check "bg status: a hung unbind runs" "d['running'] and d['opcode']==0x5202" $cxlfm bg status -s "$id"
check "bg abort: requested" "d['status']=='abort requested'" $cxlfm bg abort -s "$id"
for i in $(seq 50); do
	$cxlfm bg status -s "$id" | grep -q '"running":false' && break
	sleep 0.1
done
check "bg status after abort: stopped short of 100 %" "not d['running'] and d['percent']<100" \
	$cxlfm bg status -s "$id"
echo 0 >/sys/kernel/debug/cxlfm_sim/$SW/bg_hang

# ---- monitor --switch -----------------------------------------------------
# The aborted unbind above left a Virtual CXL Switch event in the log; the
# driver drains it on its next poll. Wait until both simulated switches have
# empty logs, and one more poll period for the drained records to be sent, so
# that the monitors see only the records injected below.
for i in $(seq 100); do
	grep -q '^status 0x0$\|^status 0$' /sys/kernel/debug/cxlfm_sim/$SW/events &&
		grep -q '^status 0x0$\|^status 0$' /sys/kernel/debug/cxlfm_sim/$MHD/events && break
	sleep 0.1
done
sleep 1.2
before=$(genl_subscribers)
# stdout is the JSON; a notice (a switch without event records, such as
# QEMU 10.0's switch CCI) goes to stderr
$cxlfm monitor >"$tmp/all.json" 2>"$tmp/all.err" &
all=$!
$cxlfm monitor --switch "$id" >"$tmp/mon.json" 2>"$tmp/mon.err" &
mon=$!
for i in $(seq 100); do
	[ "$(genl_subscribers)" -ge $((before + 2)) ] && break
	sleep 0.1
done
echo "0 3" >/sys/kernel/debug/cxlfm_sim/$MHD/inject
echo "0 2" >/sys/kernel/debug/cxlfm_sim/$SW/inject
# until the five records arrived (a loaded machine is slow), then a little
# longer so that an extra one would show
for i in $(seq 200); do
	[ "$(grep -c '"event":"record"' "$tmp/all.json")" -ge 5 ] &&
		[ "$(grep -c '"event":"record"' "$tmp/mon.json")" -ge 2 ] && break
	sleep 0.1
done
sleep 1
kill -TERM $mon $all
wait $mon $all
sed 's/^/# monitor: /' "$tmp/mon.json"
sed 's/^/# monitor stderr: /' "$tmp/all.err" "$tmp/mon.err"
python3 - "$id" "$mhd" "$tmp/all.json" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[3])]
rec = [e["cci"] for e in ev if e["event"] == "record"]
sys.exit(0 if rec.count(int(sys.argv[1])) == 2 and rec.count(int(sys.argv[2])) == 3 else 1)
PY
result $? "monitor: the records of both switches"
python3 - "$id" "$tmp/mon.json" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[2])]
rec = [e for e in ev if e["event"] == "record"]
sys.exit(0 if len(rec) == 2 and all(e.get("cci") == int(sys.argv[1]) for e in ev if e["event"] != "overrun")
         and all(e["kind"] == "physical-switch" and e["log"] == "info" for e in rec) else 1)
PY
result $? "monitor --switch: only that switch's events"

# ---- errors ---------------------------------------------------------------
fails_with "missing -s" 2 "missing -s ID" $cxlfm vcs show
fails_with "bad number" 2 "bad number '300' for --vcs (0-255)" $cxlfm bind -s "$id" --vcs 300 --vppb 0 --port 3
fails_with "option without its value" 2 "needs a value" $cxlfm bind -s "$id" --vcs
fails_with "unknown option" 2 "unknown option '--frob'" $cxlfm port show --frob
fails_with "an option of another verb" 2 "option '--dot' does not apply here" $cxlfm vcs show -s "$id" --dot
fails_with "missing sub-command" 2 "missing sub-command: show alloc" $cxlfm ld
fails_with "unknown sub-command" 2 "unknown sub-command 'frob'" $cxlfm port frob
fails_with "unknown port operation" 2 "unknown operation 'explode'" $cxlfm port control -s "$id" -p 5 explode
fails_with "--timeout without --wait" 2 "--timeout bounds --wait: give both" \
	$cxlfm bind -s "$id" --vcs 0 --vppb 0 --port 3 --timeout 100
fails_with "unknown unbind mode" 2 "unknown --mode 'bogus'" $cxlfm unbind -s "$id" --vcs 0 --vppb 0 --mode bogus
fails_with "a surprise unbind without a terminal: --force wanted" 2 "give --force" \
	$cxlfm unbind -s "$id" --vcs 0 --vppb 0 --mode surprise
fails_with "dcd add: a policy of release's" 2 "unknown --policy 'tag'" \
	$cxlfm dcd add -s "$id" -p 9 --length 1 --policy tag
fails_with "qos set with nothing to set" 2 "nothing to set" $cxlfm qos set -s "$id" -p 9
fails_with "dcd add without a length" 2 "missing --length" $cxlfm dcd add -s "$id" -p 9 --host 1
fails_with "unknown switch: the kernel's message" 1 "no CCI with this id" $cxlfm vcs show -s 99999
fails_with "a port that does not exist" 1 "no port 200 on this switch" $cxlfm port show -s "$id" -p 200
fails_with "an LD command to an SLD port" 1 "ld show: " $cxlfm ld show -s "$id" -p 3

# ---- valgrind: no leak, no invalid access, on success and error paths ----
# Userspace only, so one run per kernel is enough: not on the debug kernel,
# where valgrind under TCG would take most of the VM's time limit.
# Nor on the sanitizer build (CXLFM_SANITIZED, tools/testing/cxlfm/asan/),
# which valgrind cannot run and which checks the same itself.
if [ "$CXLFM_LEG" = 6.12-debug ]; then
	n=$((n + 1))
	echo "ok $n valgrind # SKIP on the debug kernel (the same userspace runs on the other legs)"
elif [ -n "${CXLFM_SANITIZED:-}" ]; then
	n=$((n + 1))
	echo "ok $n valgrind # SKIP on the ASan build (ASan and LeakSanitizer check the same)"
else
vg_ok=0
while read -r want args; do
	# shellcheck disable=SC2086 # word splitting wanted
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 $cxlfm $args >/dev/null 2>"$tmp/vg"
	rc=$?
	echo "# valgrind cxlfm $args: exit $rc"
	if [ $rc != "$want" ]; then
		sed 's/^/# /' "$tmp/vg"
		vg_ok=1
	fi
done <<EOF2
0 -u list -vv
0 topo --dot
0 log -s $id --cel
1 bind -s $id --vcs 1 --vppb 2 --port 3 --wait
2 qos set -s $id -p 9 --alloc-bw 1,2,x
EOF2
result $vg_ok "valgrind: read verbs, a refused bind and a usage error leak nothing"
fi

for s in $SW $MHD; do echo $s >/sys/bus/cxlfm_sim/del_device; done
echo "# $((n - failed)) passed, $failed failed"
[ "$n" = "$plan" ] && [ "$failed" -eq 0 ]
