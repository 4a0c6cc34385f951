#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own generic netlink client (tools/net/ynl/cli.py from
# linux-source), driven only by our YNL spec, against the live family: a
# get, a dump, and notifications.  Proves the spec, the uapi header and the
# kernel's ops and policies agree.  Prints TAP.

spec=$CXLFM_TREE/Documentation/netlink/specs/cxlfm.yaml
cli() { python3 "$CXLFM_YNL" --spec "$spec" --no-schema "$@"; }
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n $*"; }
check() { # DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

echo "TAP version 13"
echo "1..7"
[ -d /sys/module/cxlfm ] || insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"

. "$CXLFM_TREE/tools/testing/cxlfm/vm/guest-lib.sh"
bdf=$(direct_type3)
pci_bind_to cxlfm "$bdf"
id=$(cci_id_of "$bdf")

dump=$(cli --dump cci-get --output-json)
echo "$dump" | sed 's/^/# dump: /'
check "dump lists the CCI with its transport" \
	python3 -c "import json,sys; d=json.loads(sys.argv[1]); sys.exit(not any(c['id']==$id and c['transport']=='pci' for c in d))" "$dump"

get=$(cli --do cci-get --json "{\"id\": $id}" --output-json)
echo "$get" | sed 's/^/# get: /'
check "get returns the CCI asked for, with its payload size" \
	python3 -c "import json,sys; c=json.loads(sys.argv[1]); sys.exit(not (c['id']==$id and c['payload-size']==2048 and c['num-commands']>0))" "$get"

err=$(cli --do cci-get --json '{"id": 4000000}' 2>&1)
echo "$err" | sed 's/^/# missing: /'
check "get of a missing CCI fails with its extack message" \
	grep -q "no CCI with this id" <<<"$err"

# Typed FM-API ops on a simulated switch: nested lists both ways.
[ -d /sys/module/cxlfm_sim ] || insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"
echo "71 ports=20 vcs=2 vppbs=3 payload=256" >/sys/bus/cxlfm_sim/new_device
sleep 0.5
sw=$(sed -n 's/^cxlfm//p' /sys/bus/cxlfm_sim/devices/sim71/cci)
sw_get=$(cli --do identify-switch --json "{\"cci-id\": $sw}" --output-json)
echo "$sw_get" | sed 's/^/# identify-switch: /'
check "a typed op returns the switch's fields" \
	python3 -c "import json,sys; c=json.loads(sys.argv[1]); sys.exit(not (c['num-phys-ports']==20 and c['num-vcs']==2 and c['return-code']==0))" "$sw_get"
ports=$(cli --dump get-phys-port-state --json "{\"cci-id\": $sw}" --output-json)
check "a typed dump returns each port in its own message" \
	python3 -c "import json,sys; d=json.loads(sys.argv[1]); ids=sorted(m['ports'][0]['port-id'] for m in d); sys.exit(ids!=list(range(20)))" "$ports"
vcs=$(cli --do get-vcs-info --json "{\"cci-id\": $sw, \"vcs-ids\": [{\"vcs-id\": 1}]}" --output-json)
echo "$vcs" | sed 's/^/# get-vcs-info: /'
check "a request list and a nested reply list" \
	python3 -c "import json,sys; v=json.loads(sys.argv[1])['vcs'][0]; sys.exit(not (v['vcs-id']==1 and v['num-vppbs']==3 and len(v['vppbs'])==3))" "$vcs"

# Notifications: cli.py gives no "subscribed" signal, so switches come and
# go for the whole time it listens; it must see at least one pair.
cli --subscribe events --sleep 20 --output-json >/tmp/ntf.json 2>&1 &
listener=$!
k=0
while kill -0 "$listener" 2>/dev/null; do
	echo "$((72 + k % 8)) ports=4" >/sys/bus/cxlfm_sim/new_device
	echo "$((72 + k % 8))" >/sys/bus/cxlfm_sim/del_device
	k=$((k + 1))
	sleep 1
done
wait "$listener"
sed 's/^/# ntf: /' /tmp/ntf.json | head -20
check "a switch's registration and removal are notified, in sequence" \
	python3 -c "
import json, sys
m = json.load(open('/tmp/ntf.json'))
add = {x['msg']['id']: x['msg'] for x in m if x['name'] == 'cci-add-ntf'}
dels = {x['msg']['id']: x['msg'] for x in m if x['name'] == 'cci-del-ntf'}
sys.exit(not any(add[i]['transport'] == 'sim' and add[i]['seq'] + 1 == dels[i]['seq']
                 for i in add if i in dels))"

echo 71 >/sys/bus/cxlfm_sim/del_device
pci_bind_to cxl_pci "$bdf"
[ "$failed" -eq 0 ]
