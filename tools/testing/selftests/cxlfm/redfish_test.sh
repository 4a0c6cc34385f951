#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cxlfm-redfishd against cxlfm_sim, driven by Debian's redfishtool, by
# curl and by sushy (python3-sushy): the whole tree walked by redfishtool
# (every resource 200, each checked against the DMTF schema facts), the
# fabric's values read there
# against the switch's own (the cxlfm CLI), bind and unbind through a
# Connection with the task monitor followed to the end (redfishtool waits
# for it; curl polls it), an MLD's LD bound, the events of those binds and
# unbinds on a ReadOnly client's SSE stream (VPPBBindingChanged,
# BackgroundCommandCompleted, ResourceChanged: from the cxlfm events group
# through the daemon's broker, no test feed), sushy's typed models (service
# root, Fabric, Endpoints, TaskService, message registry, EventService) and
# its generic access (Switch, Port, VCS, vPPB, Connections) checked against
# the switch, #Port.Reset, a change made behind the service's back seen at
# once (no cache) and on the event stream, malformed Connection bodies, and
# the roles.  Prints TAP.

cxlfm=$CXLFM_USER/bin/cxlfm
rf_bin=$CXLFM_USER/bin/cxlfm-redfishd
SW=74
# ports 0-1: the USPs of VCS 0 and 1; 2-7 DSPs with SLDs, but an MLD of 2
# LDs on port 7.  VCS 0's vPPB i starts bound to port 2+i; VCS 1's are
# unbound.  Binds run 300 ms in the background.
SW_SPEC="$SW ports=8 vcs=2 vppbs=4 mld=7 lds=2 bg_ms=300"
EPS="H0 H1 D2 D3 D4 D5 D6 D7 D7-LD0 D7-LD1"
CONNS="VCS0-vPPB0 VCS0-vPPB1 VCS0-vPPB2 VCS0-vPPB3"
rf_dir=$(mktemp -d)
port=8443
rf_url=https://127.0.0.1:$port
. "$CXLFM_TREE/tools/testing/cxlfm/host/tap.sh"
. "$CXLFM_TREE/tools/testing/cxlfm/redfish/rf-lib.sh"
trap 'rf_sse_stop; rf_stop; rm -rf "$rf_dir"' EXIT
# Each check says how long it took: the group's time is watched (make check).
t_last=$(date +%s%N)
eval "tap_$(declare -f result)"
result() {
	local now
	tap_result "$@"
	now=$(date +%s%N)
	echo "# $(( (now - t_last) / 1000000 )) ms"
	t_last=$now
}
plan=50
echo "TAP version 13"
echo "1..$plan"

[ -d /sys/module/cxlfm ] || insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"
[ -d /sys/module/cxlfm_sim ] || insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"
echo $SW >/sys/bus/cxlfm_sim/del_device 2>/dev/null
echo "$SW_SPEC" >/sys/bus/cxlfm_sim/new_device
sleep 0.3
id=$(sed 's/^cxlfm//' /sys/bus/cxlfm_sim/devices/sim$SW/cci)
F=/redfish/v1/Fabrics/CXL$id
S=$F/Switches/Switch$id
echo "# switch CCI $id: $F"
ip link set lo up 2>/dev/null
rf_certs_san	# sushy verifies the service against it
rf_passwd
rft() { redfishtool -r "127.0.0.1:$port" -S Always -T 30 "$@"; }
# until the task monitor answers something else than 202 (at most 20 s)
follow() { # MONITOR-URI [curl options]
	local m=$1 i
	shift
	for i in $(seq 100); do
		rf GET "$m" "$@"
		[ "$code" = 202 ] || return 0
		sleep 0.2
	done
	return 1
}

rf_start "127.0.0.1:$port" --rate 0
result $? "the daemon starts against the simulated switch"
child=$(pgrep -P "$rf_pid" | head -n1)
[ "$(awk '/^Uid/ {print $2}' /proc/"$child"/status)" = 65534 ] &&
	[ "$(awk '/^CapEff/ {print $2}' /proc/"$child"/status)" = 0000000000000000 ] &&
	[ "$(awk '/^CapEff/ {print $2}' /proc/"$rf_pid"/status)" = 0000000000200000 ]
result $? "privilege split: the network process as nobody with no capability, the broker CAP_SYS_ADMIN only"

# ---- redfishtool: the service root, with a Redfish session -------------
out=$(rft -u ro -p ro-pw -A Session root 2>&1)
jq_true '.Fabrics["@odata.id"] == "/redfish/v1/Fabrics" and .RedfishVersion' "$out"
result $? "redfishtool (session login) reads the service root"
out=$(rft -u ro -p ro-pw -A Session raw GET "$S/Ports/7" 2>&1)
jq_true '.CXL.ConnectedDeviceType == "Type3MLD" and .CXL.MaxLogicalDeviceCount == 2' "$out"
result $? "redfishtool reads port 7: the MLD of 2 LDs"

# ---- the walk: every resource, against the DMTF schema facts ----------
# A Basic request hashes its password (a second or more under TCG): one
# session per role, and -A Session for redfishtool, keep the group short.
for a in ro op admin; do
	rf POST /redfish/v1/SessionService/Sessions -d "{\"UserName\": \"$a\", \"Password\": \"$a-pw\"}"
	declare "tok_$a=$(rf_hdr X-Auth-Token)"
done
RO=(-H "X-Auth-Token: $tok_ro")
OP=(-H "X-Auth-Token: $tok_op")
AD=(-H "X-Auth-Token: $tok_admin")
# The event stream, open from here on (its Basic login meanwhile)
rf_sse_start -u ro:ro-pw
rf_walk -t "$tok_admin"
total=$(jq length "$rf_dir/walk.json")
not200=$(jq -r '.[] | select(.status != 200) | "\(.uri) \(.status)"' "$rf_dir/walk.json")
[ -z "$not200" ] && [ "$total" -ge 45 ]
result $? "redfishtool walks the tree: $total resources linked from the root, every one 200"
[ -z "$not200" ] || saw "not 200" "$not200"
[ -s "$rf_dir/walk.err" ] && saw "redfishtool said" "$(head -c 2000 "$rf_dir/walk.err")"
problems=$(rf_schema_check)
[ -z "$problems" ]
result $? "every walked resource holds to the DMTF schema facts (types, enumerations, required, @odata)"
[ -z "$problems" ] || saw problems "$problems"
uris=$(jq -r '.[].uri' "$rf_dir/walk.json")
want="$F $S $S/Ports/0 $S/Ports/7 $S/VCSs/1 $S/VCSs/1/VPPBs/3 $F/Endpoints/H1 $F/Endpoints/D7-LD1 $F/Connections/VCS0-vPPB3 /redfish/v1/TaskService/Tasks"
bad=0
for u in $want; do grep -qxF "$u" <<<"$uris" || { bad=1; echo "# not walked: $u"; }; done
result $bad "the walk reached the fabric, switch, ports, VCSs, vPPBs, endpoints, connections"

# ---- values: the switch's own, as the cxlfm CLI reads them -------------
# a walked resource's body; null if the walk did not reach it (jq 1.6's -e
# passes on no input at all)
res() { jq --arg u "$1" 'map(select(.uri == $u) | .body) | .[0]' "$rf_dir/walk.json"; }
# QEMU 10.0's switch CCI answers no VCS command: its Fabric shows the ports
# it has and empty VCS and Connection collections, not an error.
if [ "${CXLFM_SWITCH_CCI:-0}" = 1 ]; then
	q=$(for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/class")" = 0x0c0b00 ] && ls "$d/cxlfm"; done | sed -n 's/^cxlfm//p' | head -n1)
	qf=/redfish/v1/Fabrics/CXL$q
	qports=$(res "$qf/Switches/Switch$q/Ports")
	jq_true '."Members@odata.count" == 3' "$qports" &&
		jq_true '."Members@odata.count" == 0' "$(res "$qf/Switches/Switch$q/VCSs")" &&
		jq_true '."Members@odata.count" == 0' "$(res "$qf/Connections")"
	result $? "QEMU's switch CCI (no VCS command): Fabric CXL$q with its 3 Ports, no VCSs or Connections"
	[ -n "$q" ] || saw "switch CCI" "none bound to cxlfm"
	jq_true '."Members@odata.count" == 3' "$qports" || saw "its Ports" "$qports"
else
	echo "ok $((n += 1)) # SKIP QEMU ${CXLFM_QEMU_VERSION:-?} has no switch mailbox CCI"
fi

cli=$($cxlfm list -v -s "$id")
bad=$(jq -r -n --slurpfile w "$rf_dir/walk.json" --argjson cli "$cli" --arg s "$S" '
	$cli[0].port_list[] as $c
	| ($w[0][] | select(.uri == "\($s)/Ports/\($c.port)") | .body) as $r
	| select((($r.CXL.CurrentPortConfigurationState | ascii_downcase) == $c.config_state and
		$r.ActiveWidth == $c.link_width and
		$r.CurrentSpeedGbps == $c.link_speed * $c.link_width and
		$r.LinkStatus == (if $c.ltssm_state == "l0" then "LinkUp" else "x" end) and
		$r.CXL.ConnectedDeviceType == ({"none": "None", "cxl_type3_sld": "Type3SLD",
			"cxl_type3_mld": "Type3MLD"}[$c.device_type])) | not)
	| "port \($c.port): \($r | tojson) vs \($c | tojson)"')
walked_ports=$(jq --arg p "$S/Ports/" '[.[] | select((.uri | startswith($p)) and (.uri | ltrimstr($p) | test("^[0-9]+$")))] | length' "$rf_dir/walk.json")
[ -z "$bad" ] && [ "$(jq '.[0].port_list | length' <<<"$cli")" = 8 ] && [ "$walked_ports" = 8 ]
result $? "each Port's state, device type, width and speed are the switch's (cxlfm list -v)"
[ -z "$bad" ] || saw ports "$bad"
[ "$walked_ports" = 8 ] || saw "ports walked" "$walked_ports"
r=$(res "$S/Ports/7")
jq_true '.CXL.MaxLogicalDeviceCount == 2 and .PortType == "DownstreamPort" and .CXL.ConnectedDeviceType == "Type3MLD"' "$r" &&
	jq -e '.PortType == "UpstreamPort" and .CXL.CurrentPortConfigurationState == "USP"' <<<"$(res "$S/Ports/0")" >/dev/null
result $? "port 7: the MLD with 2 LDs; port 0: an upstream port"
jq -e '.SwitchType == "CXL" and .CXL.MaxVCSsSupported == 2 and .CXL.TotalNumbervPPBs == 8 and .CXL.NumberOfBoundvPPBs == 4' <<<"$(res "$S")" >/dev/null &&
	jq -e '.FabricType == "CXL"' <<<"$(res "$F")" >/dev/null
result $? "Fabric type CXL; Switch: 2 VCSs, 8 vPPBs, 4 bound"
eps=$(jq -r '[.Members[]["@odata.id"] | sub(".*/"; "")] | join(" ")' <<<"$(res "$F/Endpoints")")
[ "$eps" = "$EPS" ]
result $? "Endpoints: the hosts of both VCSs, a device per DSP, the MLD's LDs ($eps)"
conns=$(jq -r '[.Members[]["@odata.id"] | sub(".*/"; "")] | join(" ")' <<<"$(res "$F/Connections")")
jq -e --arg f "$F" '.Links.InitiatorEndpoints[0]["@odata.id"] == "\($f)/Endpoints/H0" and .Links.TargetEndpoints[0]["@odata.id"] == "\($f)/Endpoints/D3"' \
	<<<"$(res "$F/Connections/VCS0-vPPB1")" >/dev/null && [ "$conns" = "$CONNS" ]
result $? "Connections: VCS 0's four bindings, vPPB 1 from H0 to D3"

# ---- the event stream: the cxlfm events group through the broker -------
rf_sse_started
rc=$?
result $rc "a ReadOnly client (HTTP Basic) holds the SSE stream open: 200, text/event-stream"
[ $rc = 0 ] || saw "its headers" "$(tr -d '\r' <"$rf_dir/sse.hdr")"

# ---- bind and unbind through a Connection ------------------------------
body="{\"Links\": {\"InitiatorEndpoints\": [{\"@odata.id\": \"$F/Endpoints/H1\"}], \"TargetEndpoints\": [{\"@odata.id\": \"$F/Endpoints/D6\"}]}}"
out=$(rft -u op -p op-pw -A Session raw POST "$F/Connections" -d "$body" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /' | head -20
[ $rc = 0 ] && jq_true '.TaskState == "Completed" and (.Links.CreatedResources[0]["@odata.id"] | endswith("/Connections/VCS1-vPPB0"))' "$out"
result $? "redfishtool POSTs a Connection (Operator) and follows its task to Completed"
vppb=$($cxlfm list -v -s "$id" | jq -c '.[0].vcs_list[1].vppbs[0]')
jq_true '.status == "bound_port" and .port == 6' "$vppb"
result $? "the switch has VCS 1's vPPB 0 bound to port 6 ($vppb)"
out=$(rft -u ro -p ro-pw -A Session raw GET "$F/Connections/VCS1-vPPB0" 2>&1)
jq_true '.Links.TargetEndpoints[0]["@odata.id"] == "\($f)/Endpoints/D6"' "$out" --arg f "$F"
result $? "redfishtool reads the new Connection: H1 to D6"

ldbody="{\"Links\": {\"InitiatorEndpoints\": [{\"@odata.id\": \"$F/Endpoints/H1\"}], \"TargetEndpoints\": [{\"@odata.id\": \"$F/Endpoints/D7-LD1\"}]}, \"Oem\": {\"Cxlfm\": {\"VPPBId\": 2}}}"
mark_b=$(rf_sse_count)
rf POST "$F/Connections" "${OP[@]}" -d "$ldbody"
mon=$(rf_hdr Location)
[ "$code" = 202 ] && [[ $mon == /redfish/v1/TaskService/TaskMonitors/* ]] && [ -n "$(rf_hdr Retry-After)" ] &&
	jq_true '.TaskState == "Running"' "$body"
result $? "POST of an LD Connection: 202, task monitor in Location, the task Running"
follow "$mon" "${OP[@]}"
[ "$code" = 201 ] && [ "$(rf_hdr Location)" = "$F/Connections/VCS1-vPPB2" ] &&
	jq_true '.TaskState == "Completed" and .PercentComplete == 100' "$body"
result $? "its task monitor ends in 201 with the Connection's Location"
rf GET "$F/Connections/VCS1-vPPB2" "${RO[@]}"
jq_true '.Links.TargetEndpoints[0]["@odata.id"] == "\($f)/Endpoints/D7-LD1"' "$body" --arg f "$F" &&
	[ "$($cxlfm list -v -s "$id" | jq -c '.[0].vcs_list[1].vppbs[2] | [.status, .port, .ld]')" = '["bound_ld",7,1]' ]
result $? "VCS 1's vPPB 2 is bound to LD 1 of port 7, in Redfish and on the switch"

out=$(rft -u op -p op-pw -A Session raw DELETE "$F/Connections/VCS1-vPPB0" 2>&1)
rc=$?
[ $rc = 0 ] && [ "$($cxlfm list -v -s "$id" | jq -r '.[0].vcs_list[1].vppbs[0].status')" = unbound ]
result $? "redfishtool DELETEs the Connection and waits: the vPPB is unbound"
mark_u=$(rf_sse_count)
rf DELETE "$F/Connections/VCS1-vPPB2" "${AD[@]}"
mon=$(rf_hdr Location)
[ "$code" = 202 ] && follow "$mon" "${AD[@]}" && [ "$code" = 200 ] &&
	jq_true '.TaskState == "Completed"' "$body" &&
	rf GET "$F/Connections/VCS1-vPPB2" "${RO[@]}" && [ "$code" = 404 ]
result $? "DELETE by an Administrator: 202, the monitor ends Completed, the Connection is gone"
rf GET /redfish/v1/TaskService/Tasks "${RO[@]}"
[ "$(jq '.["Members@odata.count"]' <<<"$body")" -ge 4 ]
result $? "the TaskService lists the tasks"
# The events of the LD's bind (after mark_b) and unbind (after mark_u),
# all judged by one jq (a jq start is costly under TCG); the whole stream
# holds redfishtool's bind and unbind of VCS 1's vPPB 0 too, each command's
# completion once, and no other binding change or completion of this
# switch (the in-band engine's HostHierarchyChanged of each binding change
# is the kernel policy's, not looked at here).
rf_sse_wait "$mark_u" "\"MessageArgs\":[\"2\",\"1\",\"$id\",\"Unbound\"]" "\"MessageArgs\":[\"5202h\",\"$id\","
# (files, not <(...): the test VM has no /dev/fd)
rf_sse_events | jq -rsc --argjson mb "$mark_b" --argjson mu "$mark_u" \
	--arg s "$S" --arg f "$F" --arg id "$id" '
	def rc($e): [$e[] | select(.MessageId == "ResourceEvent.1.4.ResourceChanged") |
		.OriginOfCondition["@odata.id"]] | sort;
	def binding($evs; $b; $status):
		"\($s)/VCSs/1/VPPBs/\($b)" as $o
		| [$evs[] | select(any(.Events[]; .MessageId == "CXLFabric.1.0.VPPBBindingChanged" and
			.OriginOfCondition["@odata.id"] == $o))] as $l
		| [($l | length) == 1 and
		   ([$l[0].Events[] | select(.MessageId == "CXLFabric.1.0.VPPBBindingChanged")] as $r
		    | ($r | length) == 1 and $r[0].MessageArgs == [$b, "1", $id, $status] and
		      $r[0].MessageSeverity == "OK") and
		   rc($l[0].Events) == ([$o, "\($f)/Connections"] | sort), $l];
	def completion($evs; $op):
		[$evs[] | select(any(.Events[]; .MessageId == "CXLFabric.1.0.BackgroundCommandCompleted" and
			.OriginOfCondition["@odata.id"] == $s and .MessageArgs[0] == $op))] as $l
		| [($l | length) == 1 and
		   ([$l[0].Events[] | select(.MessageId == "CXLFabric.1.0.BackgroundCommandCompleted")] as $r
		    | ($r | length) == 1 and $r[0].MessageArgs[1] == $id and
		      ($r[0].MessageArgs[2] | startswith("0 "))) and
		   rc($l[0].Events) == ["\($f)/Connections"], $l];
	def line($x): if $x[0] then "0" else "1\t\($x[1])" end;
	.[$mb:$mu] as $b | .[$mu:] as $u
	| line(binding($b; "2"; "Bound to an LD")), line(completion($b; "5201h")),
	  line(binding($u; "2"; "Unbound")), line(completion($u; "5202h")),
	  ([.[].Events[] | select((.MessageId |
		test("^CXLFabric\\.1\\.0\\.(VPPBBindingChanged|BackgroundCommandCompleted)$")) and
		(.OriginOfCondition["@odata.id"] | startswith($s)))
	    | [(.MessageId | sub(".*\\."; "")), (.OriginOfCondition["@odata.id"] | ltrimstr($s)),
		.MessageArgs[if .MessageId | endswith("BackgroundCommandCompleted") then 0 else 3 end]]] as $all
	   | [([$all[] | select(.[0] == "VPPBBindingChanged")] ==
		[["VPPBBindingChanged", "/VCSs/1/VPPBs/0", "Bound to a physical port"],
		 ["VPPBBindingChanged", "/VCSs/1/VPPBs/2", "Bound to an LD"],
		 ["VPPBBindingChanged", "/VCSs/1/VPPBs/0", "Unbound"],
		 ["VPPBBindingChanged", "/VCSs/1/VPPBs/2", "Unbound"]] and
	      ([$all[] | select(.[0] != "VPPBBindingChanged") | .[2]] | sort) ==
		["5201h", "5201h", "5202h", "5202h"]), $all] | line(.))' >"$rf_dir/judged"
mapfile -t lines <"$rf_dir/judged"
what=("the Redfish bind (POST of the LD Connection) reaches the SSE stream: VPPBBindingChanged of VCS 1's vPPB 2 (Bound to an LD), with ResourceChanged of the vPPB and of the Connections"
	"... and BackgroundCommandCompleted of 5201h (return code 0) on the Switch, once, with ResourceChanged of the Connections"
	"the Redfish unbind (DELETE of that Connection) reaches the SSE stream: VPPBBindingChanged of VCS 1's vPPB 2 (Unbound), with ResourceChanged of the vPPB and of the Connections"
	"... and BackgroundCommandCompleted of 5202h (return code 0) on the Switch, once, with ResourceChanged of the Connections"
	"the stream holds the 2 binds and 2 unbinds made through Redfish, in order, each completion once, no other binding change or completion of the switch")
for i in "${!what[@]}"; do
	result "${lines[$i]:-1}" "${what[$i]}"
	[ "${lines[$i]:-1}" = 0 ] || saw "what it saw" "${lines[$i]#1$'\t'}"
done
[ ${#lines[@]} = 5 ] || saw "the stream (jq said ${#lines[@]} lines)" "$(tail -n 20 "$rf_dir/sse")"

# ---- no cache: a change made with the CLI shows at once -----------------
mark=$(rf_sse_count)
$cxlfm bind -s "$id" --vcs 1 --vppb 3 -p 6 --wait >/dev/null 2>&1
rf GET "$F/Connections/VCS1-vPPB3" "${RO[@]}"
c1=$code
$cxlfm unbind -s "$id" --vcs 1 --vppb 3 --wait >/dev/null 2>&1
rf GET "$F/Connections/VCS1-vPPB3" "${RO[@]}"
[ "$c1" = 200 ] && [ "$code" = 404 ]
result $? "a bind and unbind made with the CLI show in the next request (no cache)"
# ... and on the event stream: the events group is the switch's, not the service's
rf_sse_wait "$mark" "\"MessageArgs\":[\"3\",\"1\",\"$id\",\"Unbound\"]" "\"MessageArgs\":[\"5202h\",\"$id\","
got=$(rf_sse_events | jq -sc --argjson m "$mark" --arg o "$S/VCSs/1/VPPBs/3" --arg s "$S" '
	.[$m:] as $e
	| [[$e[].Events[] | select(.MessageId == "CXLFabric.1.0.VPPBBindingChanged" and
		.OriginOfCondition["@odata.id"] == $o) | .MessageArgs[3]],
	   ([$e[].Events[] | select(.MessageId == "CXLFabric.1.0.BackgroundCommandCompleted" and
		.OriginOfCondition["@odata.id"] == $s) | .MessageArgs[0]] | sort)]')
[ "$got" = '[["Bound to a physical port","Unbound"],["5201h","5202h"]]' ]
rc=$?
result $rc "the CLI's bind and unbind, behind the service's back, reach the SSE stream too (binding changes, completions)"
[ $rc = 0 ] || saw "binding changes of VCS 1's vPPB 3, completions" "$got"

# ---- actions ------------------------------------------------------------
rf POST "$S/Ports/6/Actions/Port.Reset" "${OP[@]}" -d '{"ResetType": "ForceRestart"}'
if [ "$code" = 202 ]; then follow "$(rf_hdr Location)" "${OP[@]}"; fi
[ "$code" = 204 ] || [ "$code" = 200 ]
result $? "#Port.Reset by an Operator: done ($code)"
rf POST "$S/Ports/6/Actions/Port.Reset" "${OP[@]}" -d '{"ResetType": "On"}'
[ "$code" = 400 ] && [ "$(rf_msgid)" = ActionParameterValueNotInList ]
result $? "#Port.Reset with a ResetType it does not offer: 400 ActionParameterValueNotInList"
rf POST "$S/Actions/Switch.Reset" "${OP[@]}" -d '{}'
[ "$code" = 400 ] && [ "$(rf_msgid)" = ActionNotSupported ]
result $? "#Switch.Reset (no FM-API command for it): 400 ActionNotSupported"

# ---- sushy: its typed models and its generic access --------------------
# One Python start (about 20 s under TCG, most of it importing sushy), one
# session, one TLS connection: in the background while the roles and the
# malformed bodies are tried, which change nothing.  The fabric is as it
# began (every bind above undone), the tasks are there and Completed.
sushy_n=11
expect=$(jq -cn --arg f "$F" --arg s "$S" --arg eps "$EPS" --arg conns "$CONNS" '{fabric: $f,
	switch: $s, endpoints: ($eps | split(" ")), ports: 8, mld_port: 7, lds: 2, vcss: 2,
	vppbs: 8, bound: 4, connections: ($conns | split(" ")), bound_vppb: [0, 1, 3], tasks: 4}')
record=$(rf_sse_events | jq -c 'first(.Events[] | select(.MessageId | endswith("VPPBBindingChanged")))' | tail -n1)
# (Debian's python3, the one python3-sushy is installed for)
RF_ADMIN_TOKEN=$tok_admin RF_EVENT_RECORD=$record \
	/usr/bin/python3 "$CXLFM_TREE/tools/testing/cxlfm/redfish/sushy_walk.py" "$rf_url" "$rf_dir/cert.pem" \
	ro ro-pw "$expect" >"$rf_dir/sushy.out" 2>"$rf_dir/sushy.err" &
sushy_pid=$!

# ---- roles --------------------------------------------------------------
bad=0
rf POST "$F/Connections" "${RO[@]}" -d "$body"; [ "$code" = 403 ] && [ "$(rf_msgid)" = InsufficientPrivilege ] || bad=1
rf DELETE "$F/Connections/VCS0-vPPB0" "${RO[@]}"; [ "$code" = 403 ] || bad=1
rf POST "$S/Ports/6/Actions/Port.Reset" "${RO[@]}" -d '{}'; [ "$code" = 403 ] || bad=1
[ "$($cxlfm list -v -s "$id" | jq -r '.[0].vcs_list[1].vppbs[0].status')" = unbound ] || bad=1
result $bad "ReadOnly: bind, unbind and port reset refused with 403 InsufficientPrivilege, nothing changed"
for p in "$S/Ports/0" "$F/Connections/VCS0-vPPB0" /redfish/v1/TaskService/Tasks; do
	rf_batch_add GET "$p"
done
rf_batch_add POST "$F/Connections" "$body"
rf_batch_add DELETE "$F/Connections/VCS0-vPPB0"
rf_batch_run
bad=0
[ "$(printf '%s\n' "${rf_codes[@]}" | sort -u)" = 401 ] && [ ${#rf_codes[@]} = 5 ] || bad=1
rf GET "$S/Ports/0" -u op:bad; [ "$code" = 401 ] || { bad=1; echo "# bad password: $code"; }
rf GET "$S/Ports/0" -u op:op-pw; [ "$code" = 200 ] || { bad=1; echo "# Basic: $code"; }
result $bad "without credentials or with a bad password: 401 on fabric resources and actions; Basic works"

# ---- malformed Connection bodies (one TLS connection for all) --------
want=()
post_msg() { # WANT-ID BODY
	want+=("$1")
	rf_batch_add POST "$F/Connections" "$2"
}
post_msg MalformedJSON '{"Links": '
post_msg MalformedJSON '[]'
post_msg CreateFailedMissingReqProperties '{}'
post_msg PropertyUnknown '{"Links": {}, "Bind": 1}'
post_msg PropertyValueTypeError '{"Links": []}'
post_msg CreateFailedMissingReqProperties '{"Links": {"TargetEndpoints": []}}'
post_msg PropertyValueTypeError "{\"Links\": {\"InitiatorEndpoints\": [{\"@odata.id\": \"$F/Endpoints/H1\"}, {\"@odata.id\": \"$F/Endpoints/H0\"}], \"TargetEndpoints\": []}}"
post_msg PropertyValueNotInList "{\"Links\": {\"InitiatorEndpoints\": [{\"@odata.id\": \"$F/Endpoints/H9\"}], \"TargetEndpoints\": [{\"@odata.id\": \"$F/Endpoints/D6\"}]}}"
post_msg PropertyValueNotInList "{\"Links\": {\"InitiatorEndpoints\": [{\"@odata.id\": \"$F/Endpoints/D6\"}], \"TargetEndpoints\": [{\"@odata.id\": \"$F/Endpoints/H1\"}]}}"
post_msg PropertyValueNotInList "{\"Links\": {\"InitiatorEndpoints\": [{\"@odata.id\": \"$F/Endpoints/H1\"}], \"TargetEndpoints\": [{\"@odata.id\": \"$F/Endpoints/D7-LD5\"}]}}"
post_msg PropertyValueNotInList "$(jq -c '.Oem.Cxlfm.VPPBId = 9' <<<"$ldbody")"
rf_batch_run "${OP[@]}"
got=$(rf_batch_msgids)
[ "$(printf '%s\n' "${rf_codes[@]}" | sort -u)" = 400 ] && [ "$got" = "$(printf '%s\n' "${want[@]}")" ]
result $? "11 malformed Connection bodies: 400 with the matching Base message"
[ "$got" = "$(printf '%s\n' "${want[@]}")" ] || saw "MessageIds" "$got"
rf POST "$F/Connections" "${OP[@]}" -d "$(jq -c '.Oem.Cxlfm.VPPBId = 0 | .Links.InitiatorEndpoints[0]["@odata.id"] |= sub("H1"; "H0")' <<<"$ldbody")"
[ "$code" = 409 ] && [ "$(rf_msgid)" = ResourceInUse ]
result $? "a bind to a vPPB already bound: 409 ResourceInUse"
# ---- sushy's results ----------------------------------------------------
wait "$sushy_pid"
rc=$?
k=0
while IFS= read -r line; do
	case $line in
	$'ok\t'*) k=$((k + 1)); result 0 "${line#ok$'\t'}" ;;
	$'not ok\t'*) k=$((k + 1)); result 1 "${line#not ok$'\t'}" ;;
	*) echo "$line" ;;
	esac
done <"$rf_dir/sushy.out"
while [ "$k" -lt "$sushy_n" ]; do
	k=$((k + 1))
	result 1 "sushy: check $k of $sushy_n not reached"
done
[ "$rc" = 0 ] && ! grep -q '^not ok' "$rf_dir/sushy.out" ||
	saw "sushy_walk.py (exit $rc), its stderr" "$(tail -n 20 "$rf_dir/sushy.err")"

rf GET /redfish/v1/ && [ "$code" = 200 ] && kill -0 "$rf_pid"
result $? "the daemon still answers"

rf_stop
for i in $(seq 30); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$child" 2>/dev/null
result $? "SIGTERM ends the broker and with it the network process"
echo $SW >/sys/bus/cxlfm_sim/del_device 2>/dev/null
echo "# $n checks, $failed failed"
[ "$n" = "$plan" ] || { echo "# planned $plan, ran $n"; exit 1; }
[ "$failed" = 0 ]
