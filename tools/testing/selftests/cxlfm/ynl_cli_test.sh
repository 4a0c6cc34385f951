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
echo "1..6"
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

# Unbind and rebind while subscribed: one del and one add notification.
# cli.py has no "subscribed" signal: give it a wide margin to start (Python
# over 9p on the debug kernel under load takes several seconds).
cli --subscribe events --sleep 40 --output-json >/tmp/ntf.json 2>&1 &
sleep 15
echo "$bdf" >/sys/bus/pci/drivers/cxlfm/unbind
echo "$bdf" >/sys/bus/pci/drivers_probe
wait
newid=$(cci_id_of "$bdf")
sed 's/^/# ntf: /' /tmp/ntf.json
check "removal is notified (cci-del-ntf with the old id)" \
	python3 -c "import json,sys; m=json.load(open('/tmp/ntf.json')); sys.exit(not any(x['name']=='cci-del-ntf' and x['msg']['id']==$id for x in m))"
check "registration is notified (cci-add-ntf with the new id)" \
	python3 -c "import json,sys; m=json.load(open('/tmp/ntf.json')); sys.exit(not any(x['name']=='cci-add-ntf' and x['msg']['id']==$newid and x['msg']['transport']=='pci' for x in m))"
check "each notification carries the CCI's first sequence number" \
	python3 -c "import json,sys; m=json.load(open('/tmp/ntf.json')); sys.exit(not all(x['msg']['seq']==1 for x in m) or len(m)!=2)"

pci_bind_to cxl_pci "$bdf"
[ "$failed" -eq 0 ]
