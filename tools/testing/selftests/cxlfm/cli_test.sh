#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The cxlfm CLI against the directly attached QEMU type-3 bound to cxlfm:
# JSON output parsed and checked field by field, and each error path prints
# a message naming the problem and exits non-zero.  Prints TAP.

cxlfm=$CXLFM_USER/bin/cxlfm
n=0 failed=0
result() { # STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else failed=$((failed + 1)); echo "not ok $n $2"; fi
}
json_check() { # DESCRIPTION JSON PYTHON-EXPRESSION-ON-d
	python3 -c "import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if ($3) else 1)" "$2"
	result $? "$1"
}
fails_with() { # DESCRIPTION EXPECTED-EXIT EXPECTED-MESSAGE COMMAND...
	local what=$1 want=$2 msg=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	[ "$rc" = "$want" ] && grep -qF -- "$msg" <<<"$out"
	result $? "$what"
}

echo "TAP version 13"
echo "1..14"
[ -d /sys/module/cxlfm ] || insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"
. "$CXLFM_TREE/tools/testing/cxlfm/vm/guest-lib.sh"
bdf=$(direct_type3)
pci_bind_to cxlfm "$bdf"
id=$(cci_id_of "$bdf")

out=$($cxlfm list)
echo "# list: $out"
json_check "list: the CCI with id, transport, payload size, commands" "$out" \
	"any(c['cci']==$id and c['transport']=='pci' and c['payload_size']==2048 and c['commands']>0 and c['switch'] is False for c in d)"
out=$($cxlfm -u list)
json_check "list -u: payload size in KiB" "$out" "any(c['payload_size']=='2 KiB' for c in d)"

out=$($cxlfm raw -s "$id" 0x0400)
echo "# raw: $out"
json_check "raw Get Supported Logs: success by name, one log, CEL UUID" "$out" \
	"d['cci']==$id and d['return_code']=='success' and d['payload'][:4]=='0100' and d['payload'][16:48]=='0da9c0b5bf414b788f7996b1623b3f17'"
out=$($cxlfm raw -s "$id" 0x0401 0da9c0b5bf414b788f7996b1623b3f170000000008000000)
json_check "raw Get Log with an input payload: 8 bytes of CEL" "$out" \
	"d['return_code']=='success' and len(d['payload'])==16"
out=$($cxlfm -n raw -s "$id" 0x0400)
json_check "raw -n: the return code as the specification's number" "$out" "d['return_code']==0"
out=$($cxlfm version)
[ -n "$out" ]
result $? "version prints a version"

fails_with "raw: unknown CCI names the problem" 1 "no CCI with this id" $cxlfm raw -s 99999 0x0400
fails_with "raw: command not in the CEL" 1 "command not in the CCI's Command Effects Log" $cxlfm raw -s "$id" 0x5100
fails_with "raw: driver-owned command" 1 "command is owned by the cxlfm driver" $cxlfm raw -s "$id" 0x0101
fails_with "raw: bad opcode" 2 "is not an opcode" $cxlfm raw -s "$id" 0x12345
fails_with "raw: bad payload" 2 "even number of hex digits" $cxlfm raw -s "$id" 0x0401 abc
fails_with "raw: a device error is named" 1 "the device answered invalid_payload_length (0x16)" \
	$cxlfm raw -s "$id" 0x0401 0da9c0b5bf414b788f7996b1623b3f17000000000800000000
fails_with "unknown command" 2 "unknown command 'frobnicate'" $cxlfm frobnicate

before=$(genl_subscribers)
# stdout is the JSON; a notice (a switch without event records, such as
# QEMU 10.0's switch CCI) goes to stderr
$cxlfm -u monitor >/tmp/monitor.json 2>/tmp/monitor.err &
mon=$!
for i in $(seq 100); do
	[ "$(genl_subscribers)" -gt "$before" ] && break
	sleep 0.1
done
echo "$bdf" >/sys/bus/pci/drivers/cxlfm/unbind
echo "$bdf" >/sys/bus/pci/drivers_probe
# until both notifications arrived (a loaded machine is slow), then a
# little longer so that an extra one would show
for i in $(seq 200); do
	[ "$(wc -l </tmp/monitor.json)" -ge 2 ] && break
	sleep 0.1
done
sleep 1
kill -TERM $mon
wait $mon
sed 's/^/# monitor: /' /tmp/monitor.json
sed 's/^/# monitor stderr: /' /tmp/monitor.err
python3 - "$id" <<'PY'
import json, sys
ev = [json.loads(l) for l in open("/tmp/monitor.json")]
# the removal is the old CCI's second notification (its registration, before
# the monitor listened, was the first); the new CCI starts at 1
sys.exit(0 if [e["event"] for e in ev] == ["cci-removed", "cci-added"] and
         [e["seq"] for e in ev] == [2, 1] and
         all(e["missed"] == 0 and e["transport"] == "pci" and isinstance(e["cci"], int) and
             e["payload_size"] == "2 KiB" for e in ev) else 1)
PY
result $? "monitor -u: one JSON object per line and event, the CCI's fields in it, in order, clean exit on SIGTERM"

pci_bind_to cxl_pci "$bdf"
[ "$failed" -eq 0 ]
