#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The host side of a remote FM, on one machine: two cxlfm-redfishd in two
# network namespaces joined by a veth pair (10.231.0.1 and .2, addresses
# of their own).  The FM side serves the simulated switch (standing for
# QEMU's, usp=); the host side follows the FM side's events (--remote) with
# VCS 0 mapped to this host's VCS 0.  The CCI's in-band policy is remote,
# so the switch's own records are only notified: the type-3 below dsp0
# leaves and comes back only when the host side reports the FM side's
# change.  Both daemons keep netlink in the initial namespace (the cxlfm
# family is not per namespace); only their network sockets are in theirs.
# Also: a change made while the FM side is down is reported once it is
# back, and a change made behind the FM side's service (the CLI) reaches
# the host through its events.  The latency from request to host action is
# printed.  Prints TAP.

cxlfm=$CXLFM_USER/bin/cxlfm
rf_bin=$CXLFM_USER/bin/cxlfm-redfishd
SW=75
FM_NS=cxlfm-rf-fm
HOST_NS=cxlfm-rf-host
FM_ADDR=10.231.0.1
HOST_ADDR=10.231.0.2
rf_dir=$(mktemp -d)
. "$CXLFM_TREE/tools/testing/cxlfm/host/tap.sh"
. "$CXLFM_TREE/tools/testing/cxlfm/redfish/rf-lib.sh"
. "$CXLFM_TREE/tools/testing/cxlfm/vm/guest-lib.sh"
fm_pid= host_pid= mon_pid=

cleanup() {
	local p
	for p in $mon_pid $host_pid $fm_pid; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	ip netns del $FM_NS 2>/dev/null
	ip netns del $HOST_NS 2>/dev/null
	echo $SW >/sys/bus/cxlfm_sim/del_device 2>/dev/null
	# the type-3 back for the next group, whatever happened
	[ -n "${below:-}" ] && [ ! -e "/sys/bus/pci/devices/$below" ] &&
		echo 1 >/sys/bus/pci/rescan
	rm -rf "$rf_dir"
}
trap cleanup EXIT

plan=14
echo "TAP version 13"
echo "1..$plan"

[ -d /sys/module/cxlfm ] || insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"
[ -d /sys/module/cxlfm_sim ] || insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"

# ---- two namespaces, one veth pair ----------------------------------------
modprobe veth 2>/dev/null
ip netns del $FM_NS 2>/dev/null
ip netns del $HOST_NS 2>/dev/null
ip netns add $FM_NS && ip netns add $HOST_NS &&
	ip link add rf-fm netns $FM_NS type veth peer name rf-host netns $HOST_NS &&
	ip -n $FM_NS addr add $FM_ADDR/30 dev rf-fm &&
	ip -n $HOST_NS addr add $HOST_ADDR/30 dev rf-host &&
	ip -n $FM_NS link set rf-fm up && ip -n $HOST_NS link set rf-host up &&
	ip -n $FM_NS link set lo up && ip -n $HOST_NS link set lo up
result $? "namespaces $FM_NS ($FM_ADDR) and $HOST_NS ($HOST_ADDR) joined by a veth pair"

# ---- the switch: QEMU's, simulated; vPPB 0 is dsp0 with the type-3 --------
qusp=$(qemu_usp)
echo $SW >/sys/bus/cxlfm_sim/del_device 2>/dev/null
echo "$SW ports=4 vcs=1 vppbs=2 bg_ms=100 usp=$qusp" >/sys/bus/cxlfm_sim/new_device
id=$(sed 's/^cxlfm//' /sys/bus/cxlfm_sim/devices/sim$SW/cci)
dsp=$(awk '$1 == 0 {print $2}' /sys/bus/cxlfm_sim/devices/sim$SW/vppb_map)
# A function's name (dddd:bb:dd.f), not a port service's (...:pcie210, which
# a port has with MSI on).
below=$(ls "/sys/bus/pci/devices/$dsp" 2>/dev/null |
	grep -m1 -x '[0-9a-f]\{4\}:[0-9a-f]\{2\}:[0-9a-f]\{2\}\.[0-7]')
F=/redfish/v1/Fabrics/CXL$id
echo "# QEMU's USP $qusp; switch CCI $id; vPPB 0 is $dsp, $below below it"
"$cxlfm" inband set -s "$id" --policy remote >/dev/null
out=$("$cxlfm" inband show -s "$id")
[ -n "$below" ] && jq_true '.[0].policy == "remote" and .[0].effective == "remote"' "$out"
result $? "the CCI's in-band policy is remote and in effect; a type-3 is below vPPB 0"
[ -n "$below" ] || echo "# saw: dsp '$dsp', below '$below', inband $out"

# ---- the daemons ---------------------------------------------------------
# The FM side's certificate names its address (the host side checks it).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$rf_dir/key.pem" -out "$rf_dir/cert.pem" -days 2 -subj /CN=cxlfm-fm \
	-addext "subjectAltName=IP:$FM_ADDR,IP:$HOST_ADDR" 2>/dev/null
rf_passwd
echo "ro:ro-pw" >"$rf_dir/remote-auth"
chmod 600 "$rf_dir/remote-auth"
# curl of a namespace: ns_curl NS [curl options]
ns_curl() { local ns=$1; shift; ip netns exec "$ns" curl -sk "$@"; }
# until https://ADDR:8443/redfish answers in NS (at most 30 s)
wait_up() {
	local i
	for i in $(seq 150); do
		ns_curl "$1" -o /dev/null "https://$2:8443/redfish" && return 0
		sleep 0.2
	done
	return 1
}
start_fm() {
	"$rf_bin" --netns /run/netns/$FM_NS --listen $FM_ADDR:8443 --cert "$rf_dir/cert.pem" \
		--key "$rf_dir/key.pem" --passwd "$rf_dir/passwd" --rate 0 2>>"$rf_dir/fm.log" &
	fm_pid=$!
	wait_up $FM_NS $FM_ADDR
}
start_fm
ok=$?
child=$(pgrep -P "$fm_pid" | head -n1)
[ $ok = 0 ] && [ -n "$child" ] &&
	[ "$(stat -L -c %i /proc/"$fm_pid"/ns/net)" = "$(stat -L -c %i /proc/1/ns/net)" ] &&
	[ "$(stat -L -c %i /proc/"$child"/ns/net)" = "$(stat -L -c %i /run/netns/$FM_NS)" ] &&
	! curl -sk -m 3 -o /dev/null "https://$FM_ADDR:8443/redfish"
result $? "FM side: its network process serves in $FM_NS only, its broker (netlink) stays in the initial namespace"

"$rf_bin" --netns /run/netns/$HOST_NS --listen $HOST_ADDR:8443 --cert "$rf_dir/cert.pem" \
	--key "$rf_dir/key.pem" --passwd "$rf_dir/passwd" \
	--remote "https://$FM_ADDR:8443" --remote-auth "$rf_dir/remote-auth" \
	--remote-ca "$rf_dir/cert.pem" --map "CXL$id/Switch$id/0=$id/0" 2>"$rf_dir/host.log" &
host_pid=$!
for i in $(seq 150); do
	grep -q "remote: watching 2 vPPBs" "$rf_dir/host.log" && break
	sleep 0.2
done
grep -q "remote: following the events of https://$FM_ADDR:8443" "$rf_dir/host.log" &&
	grep -q "remote: watching 2 vPPBs" "$rf_dir/host.log"
result $? "host side: follows the FM side's events across the namespaces, watching VCS 0's 2 vPPBs"
grep -q watching "$rf_dir/host.log" || sed 's/^/# host: /' "$rf_dir/host.log"

"$cxlfm" monitor -s "$id" >"$rf_dir/mon.log" 2>/dev/null &
mon_pid=$!
sleep 0.5

# ms since the epoch; until the type-3 is (1) or is not (0) there, 30 s
now_ms() { echo $(($(date +%s%N) / 1000000)); }
wait_type3() {
	local i
	for i in $(seq 300); do
		if [ "$1" = 1 ]; then [ -e "/sys/bus/pci/devices/$below" ] && return 0
		else [ -e "/sys/bus/pci/devices/$below" ] || return 0; fi
		sleep 0.1
	done
	return 1
}
# hierarchy events of vPPB 0 in the monitor's log: "SOURCE ACTION" lines
hier() {
	jq -r 'select(.event == "hierarchy" and .vppb == 0 and .change == "'"$1"'") |
		"\(.source) \(.action)"' "$rf_dir/mon.log" 2>/dev/null | sort -u | tr '\n' ' '
}

# ---- unbind through the FM side's Redfish, from the host's namespace ------
t0=$(now_ms)
code=$(ns_curl $HOST_NS -u op:op-pw -X DELETE -o /dev/null -w '%{http_code}' \
	"https://$FM_ADDR:8443$F/Connections/VCS0-vPPB0")
wait_type3 0
ok=$?
t1=$(now_ms)
echo "# latency: DELETE Connection on the FM side -> type-3 removed on the host: $((t1 - t0)) ms"
[ "$code" = 202 ] && [ $ok = 0 ]
result $? "DELETE of the Connection on the FM side (HTTP $code): the host side's report removed the type-3"
sleep 0.5
got=$(hier unbind)
[[ "$got" == *"event notified"* && "$got" == *"report removed"* ]]
result $? "the switch's own record only notified, the remote FM's report removed (hierarchy: $got)"
grep "remote:" "$rf_dir/host.log" | tail -n 3 | sed 's/^/# host: /'

# ---- bind through the FM side's Redfish -----------------------------------
body="{\"Links\": {\"InitiatorEndpoints\": [{\"@odata.id\": \"$F/Endpoints/H0\"}],
	\"TargetEndpoints\": [{\"@odata.id\": \"$F/Endpoints/D1\"}]},
	\"Oem\": {\"Cxlfm\": {\"VPPBId\": 0}}}"
t0=$(now_ms)
code=$(ns_curl $HOST_NS -u op:op-pw -X POST -H 'Content-Type: application/json' -d "$body" \
	-o /dev/null -w '%{http_code}' "https://$FM_ADDR:8443$F/Connections")
wait_type3 1
ok=$?
t1=$(now_ms)
echo "# latency: POST Connection on the FM side -> type-3 back on the host: $((t1 - t0)) ms"
[ "$code" = 202 ] && [ $ok = 0 ]
result $? "POST of a Connection on the FM side (HTTP $code): the host side's report brought the type-3 back"
sleep 0.5
got=$(hier bind)
[[ "$got" == *"event notified"* && "$got" == *"report rescanned"* ]]
result $? "bind: the record notified, the report rescanned (hierarchy: $got)"

# ---- the FM side down: nothing lost -----------------------------------------
kill "$fm_pid"
wait "$fm_pid"
fm_pid=
"$cxlfm" unbind -s "$id" --vcs 0 --vppb 0 --wait >/dev/null
sleep 1
[ -e "/sys/bus/pci/devices/$below" ]
result $? "an unbind while the FM side is down: the record alone leaves the type-3 (policy remote)"
t0=$(now_ms)
start_fm
wait_type3 0
ok=$?
t1=$(now_ms)
echo "# FM side restarted -> the missed unbind acted on: $((t1 - t0)) ms"
[ $ok = 0 ]
result $? "the FM side back: the host side reconnects and reports the unbind it missed"
[ $ok = 0 ] || tail -n 5 "$rf_dir/host.log" | sed 's/^/# host: /'

# ---- a change behind the FM service's back --------------------------------
t0=$(now_ms)
"$cxlfm" bind -s "$id" --vcs 0 --vppb 0 --port 1 --wait >/dev/null
wait_type3 1
ok=$?
t1=$(now_ms)
echo "# latency: CLI bind -> the FM side's event -> type-3 back on the host: $((t1 - t0)) ms"
[ $ok = 0 ]
result $? "a bind made with the CLI reaches the host through the FM side's events"

! grep -q "refused\|broker:" "$rf_dir/host.log"
result $? "the host side's broker took every report (none refused)"
grep "refused\|broker:" "$rf_dir/host.log" | sed 's/^/# host: /'

# ---- options --------------------------------------------------------------
err=$("$rf_bin" --cert x --key y --remote https://$FM_ADDR:8443 --remote-auth x --map bad 2>&1)
rc1=$?
err2=$("$rf_bin" --cert x --key y --remote https://$FM_ADDR:8443 --remote-auth x 2>&1)
rc2=$?
[ $rc1 = 2 ] && [[ "$err" == *"want FABRIC/SWITCH/VCS[/VPPB]=CCI/VCS[/VPPB]"* ]] &&
	[ $rc2 = 2 ] && [[ "$err2" == *"at least one --map"* ]]
result $? "a bad --map and a --remote without one are refused, each saying why"
[ $rc1 = 2 ] || echo "# saw: $rc1 '$err'; $rc2 '$err2'"

# SIGTERM ends a broker by the signal's default action (143), and its
# network process with it (PR_SET_PDEATHSIG).
children="$(pgrep -P "$host_pid") $(pgrep -P "$fm_pid")"
kill "$host_pid" "$fm_pid"
wait "$host_pid"
h=$?
wait "$fm_pid"
f=$?
host_pid= fm_pid=
sleep 0.5
left=
for c in $children; do kill -0 "$c" 2>/dev/null && left="$left $c"; done
[[ "$h" =~ ^(0|143)$ && "$f" =~ ^(0|143)$ && -z "$left" && -n "${children// }" ]]
result $? "both daemons and their network processes end on SIGTERM (exit $h, $f; left:${left:- none})"
