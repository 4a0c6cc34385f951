#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cxlfm-redfishd's EventService on the host, without the kernel module: the
# broker reads its events from a FIFO (--event-feed) instead of the cxlfm
# events group, in the text form feed.c documents.  Subscriptions (create,
# list, read, delete, roles, bad bodies, the limit), a Server-Sent Event
# stream receiving an event, push delivery to a TLS receiver on 127.0.0.1
# (never another address), filters, bounded retries of a failing
# destination while another is served, a destination that never answers
# (the others served meanwhile, its share of the queue bounded), one that
# trickles its answer (cut off), the
# subscriptions kept across restarts (and a file made by hand), and the
# message registry.
# Prints TAP.

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
rf_bin=${CXLFM_REDFISHD:-$top/build/user/bin/cxlfm-redfishd}
rf_dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
rport=$((port + 1))
rf_url=https://127.0.0.1:$port
. "$(dirname "$0")/tap.sh"
. "$top/tools/testing/cxlfm/redfish/rf-lib.sh"
recv_pid='' sse_pid='' sse2_pid=''
cleanup() {
	[ -n "$sse_pid" ] && kill "$sse_pid" 2>/dev/null
	[ -n "$sse2_pid" ] && kill "$sse2_pid" 2>/dev/null
	[ -n "$recv_pid" ] && kill "$recv_pid" 2>/dev/null
	rf_stop
	[ -n "${KEEP:-}" ] && cp -r "$rf_dir" /tmp/rfev-keep
	rm -rf "$rf_dir"
}
trap cleanup EXIT
PLAN=46
echo "TAP version 13"
echo "1..$PLAN"
rf_certs
rf_passwd
SUBS=/redfish/v1/EventService/Subscriptions
RECV=https://127.0.0.1:$rport

# ---- the push receiver: HTTPS on 127.0.0.1 only, its own certificate ----
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$rf_dir/recv-key.pem" -out "$rf_dir/recv.pem" -days 2 \
	-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
cat >"$rf_dir/recv.py" <<'EOF'
# Appends each POSTed body, one line each, to FILE.PATH-NAME; /fail answers 503;
# /stall never answers, until the client gives up; /trickle answers a byte
# a second.  FILE.order logs, in order, each request ("got NAME"), each
# stall given up ("gave up stall") and each trickle cut off.
import http.server, ssl, sys, time
port, cert, key, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def log(line):
    with open(out + ".order", "a") as f:
        f.write(line + "\n")
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        name = self.path.strip("/") or "root"
        with open(out + "." + name, "ab") as f:
            f.write(body.replace(b"\n", b" ") + b"\n")
        log("got " + name)
        if name == "stall":
            self.rfile.read(1)    # the client closes: end of file
            log("gave up stall")
            self.close_connection = True
            return
        if name == "trickle":     # a header byte a second, until cut off
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                while True:
                    time.sleep(1)
                    self.wfile.write(b"X")
            except OSError:
                log("cut off trickle")
            self.close_connection = True
            return
        self.send_response(503 if name == "fail" else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *a):
        pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
EOF
python3 "$rf_dir/recv.py" "$rport" "$rf_dir/recv.pem" "$rf_dir/recv-key.pem" "$rf_dir/got" \
	2>"$rf_dir/recv.log" &
recv_pid=$!

mkfifo "$rf_dir/feed"
rf_start "127.0.0.1:$port" --event-feed "$rf_dir/feed" --event-ca "$rf_dir/recv.pem" \
	--retry-interval 1
result $? "the daemon starts with a test event feed and the receiver's CA"
exec 7<>"$rf_dir/feed"	# read-write: opening never blocks
ev() { echo "$*" >&7; }

# wait_for FILE PATTERN [tenths]: until grep finds it (default 10 s)
wait_for() {
	local i
	for i in $(seq "${3:-100}"); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# ---- the service ------------------------------------------------------
rf GET /redfish/v1/EventService -u ro:ro-pw
[ "$code" = 200 ] && [ "$(jq -r .ServerSentEventUri <<<"$body")" = /redfish/v1/EventService/SSE ] &&
	jq_true '(.RegistryPrefixes | index("CXLFabric")) and (.EventFormatTypes == ["Event"]) and
		.DeliveryRetryAttempts == 3 and .DeliveryRetryIntervalSeconds == 1' "$body"
result $? "EventService: SSE URI, registry prefixes, format, retry bounds"
rf GET /redfish/v1/ -u ro:ro-pw
[ "$(jq -r '.EventService["@odata.id"]' <<<"$body")" = /redfish/v1/EventService ] &&
	[ "$(jq -r '.Registries["@odata.id"]' <<<"$body")" = /redfish/v1/Registries ]
result $? "the service root links EventService and Registries"
rf GET $SUBS
[ "$code" = 401 ]
result $? "Subscriptions without credentials: 401"
rf GET /redfish/v1/EventService/SSE
[ "$code" = 401 ] && [ "$(rf_msgid)" = NoValidSession ]
result $? "the SSE stream without credentials: 401 NoValidSession"

# ---- create: roles and bodies ----------------------------------------
good="{\"Destination\": \"$RECV/all\", \"Protocol\": \"Redfish\", \"Context\": \"ctx-all\"}"
rf POST $SUBS -u ro:ro-pw -H 'Content-Type: application/json' -d "$good"
[ "$code" = 403 ] && [ "$(rf_msgid)" = InsufficientPrivilege ]
result $? "ReadOnly may not subscribe: 403 InsufficientPrivilege"
bodies=(
	'{"Protocol": "Redfish"}|CreateFailedMissingReqProperties'
	"{\"Destination\": \"$RECV/x\"}|CreateFailedMissingReqProperties"
	'{"Destination": "http://127.0.0.1:1/x", "Protocol": "Redfish"}|PropertyValueFormatError'
	'{"Destination": "https://user@127.0.0.1:1/", "Protocol": "Redfish"}|PropertyValueFormatError'
'{"Destination": "https://127.0.0.1:0/", "Protocol": "Redfish"}|PropertyValueFormatError'
	'{"Destination": "https://127.0.0.1:65536/", "Protocol": "Redfish"}|PropertyValueFormatError'
	'{"Destination": 7, "Protocol": "Redfish"}|PropertyValueTypeError'
	"{\"Destination\": \"$RECV/x\", \"Protocol\": \"SNMPv3\"}|PropertyValueNotInList"
	"{\"Destination\": \"$RECV/x\", \"Protocol\": \"Redfish\", \"EventFormatType\": \"MetricReport\"}|PropertyValueNotInList"
	"{\"Destination\": \"$RECV/x\", \"Protocol\": \"Redfish\", \"RegistryPrefixes\": [\"Base\"]}|PropertyValueNotInList"
	"{\"Destination\": \"$RECV/x\", \"Protocol\": \"Redfish\", \"RegistryPrefixes\": \"CXLFabric\"}|PropertyValueTypeError"
	"{\"Destination\": \"$RECV/x\", \"Protocol\": \"Redfish\", \"ResourceTypes\": [\"Chassis\"]}|PropertyValueNotInList"
	"{\"Destination\": \"$RECV/x\", \"Protocol\": \"Redfish\", \"SubscriptionType\": \"SSE\"}|PropertyValueNotInList"
	"{\"Destination\": \"$RECV/x\", \"Protocol\": \"Redfish\", \"HttpHeaders\": []}|PropertyUnknown"
	'{"Destination": |MalformedJSON'
	'[]|MalformedJSON'
)
for b in "${bodies[@]}"; do rf_batch_add POST $SUBS "${b%|*}"; done
rf_batch_run -u op:op-pw -H 'Content-Type: application/json'
mapfile -t ids < <(rf_batch_msgids)
bad=0
for i in "${!bodies[@]}"; do
	if [ "${rf_codes[$i]}" != 400 ] || [ "${ids[$i]}" != "${bodies[$i]#*|}" ]; then
		bad=1
		saw "${bodies[$i]%|*}" "${rf_codes[$i]} ${ids[$i]}"
	fi
done
result $bad "${#bodies[@]} bad subscription bodies: 400 with the Redfish error each"
rf GET $SUBS -u op:op-pw
[ "$(jq -r '.["Members@odata.count"]' <<<"$body")" = 0 ]
result $? "none of them made a subscription"

rf POST $SUBS -u op:op-pw -H 'Content-Type: application/json' -d "$good"
all=$(rf_hdr Location)
[ "$code" = 201 ] && [ "$all" = "$(jq -r '.["@odata.id"]' <<<"$body")" ] &&
	[ "$(jq -r .Destination <<<"$body")" = "$RECV/all" ] &&
	[ "$(jq -r .Context <<<"$body")" = ctx-all ]
result $? "Operator subscribes: 201, Location, the Destination and Context echoed"
rf POST $SUBS -u admin:admin-pw -H 'Content-Type: application/json' \
	-d "{\"Destination\": \"$RECV/changed\", \"Protocol\": \"Redfish\", \"RegistryPrefixes\": [\"ResourceEvent\"], \"ResourceTypes\": [\"VirtualPCI2PCIBridge\"]}"
chg=$(rf_hdr Location)
[ "$code" = 201 ] && [ "$chg" = "$(jq -r '.["@odata.id"]' <<<"$body")" ] &&
	jq -e '.RegistryPrefixes == ["ResourceEvent"] and .ResourceTypes == ["VirtualPCI2PCIBridge"]' \
	<<<"$body" >/dev/null
result $? "Administrator subscribes with RegistryPrefixes and ResourceTypes filters"
rf POST $SUBS -u op:op-pw -d "{\"Destination\": \"$RECV/fail\", \"Protocol\": \"Redfish\"}"
fail=$(rf_hdr Location)
rf GET $SUBS -u ro:ro-pw
[ "$code" = 200 ] && [ "$(jq -r '.["Members@odata.count"]' <<<"$body")" = 3 ] &&
	jq_true '.Members | map(.["@odata.id"]) | index($a)' "$body" --arg a "$all"
result $? "ReadOnly lists the 3 subscriptions"
rf GET "$all" -u ro:ro-pw
[ "$code" = 200 ] && [ "$(jq -r .SubscriptionType <<<"$body")" = RedfishEvent ] &&
	[ "$(jq -r .Protocol <<<"$body")" = Redfish ]
result $? "a subscription reads back (SubscriptionType RedfishEvent)"

# ---- one event: to the SSE stream and to the push subscriptions --------
curl -sk -N -u ro:ro-pw "$rf_url/redfish/v1/EventService/SSE" >"$rf_dir/sse" 2>/dev/null &
sse_pid=$!
sleep 1
ev type=4 kind=6 cci=0 vcs=1 vppb=2 ev=0 binding=2 port=5
wait_for "$rf_dir/sse" '^data:'
sse=$(sed -n 's/^data: //p' "$rf_dir/sse" | head -n1)
[ "$(jq -r '.Events[0].MessageId' <<<"$sse")" = CXLFabric.1.0.VPPBBindingChanged ] &&
	[ "$(jq -r '.Events[0].OriginOfCondition["@odata.id"]' <<<"$sse")" = \
		/redfish/v1/Fabrics/CXL0/Switches/Switch0/VCSs/1/VPPBs/2 ] &&
	[ "$(jq -r '.Events[0].MessageArgs | join(",")' <<<"$sse")" = "2,1,0,Bound to a physical port" ] &&
	jq_true '.Events | map(.MessageId) | index("ResourceEvent.1.4.ResourceChanged")' "$sse"
result $? "a ReadOnly SSE client receives the binding change and ResourceChanged"
grep -q '^id: [0-9]' "$rf_dir/sse"
result $? "the SSE event carries an id"
wait_for "$rf_dir/got.all" Events
got=$(head -n1 "$rf_dir/got.all")
[ "$(jq -r .Context <<<"$got")" = ctx-all ] &&
	[ "$(jq -r '.Events[0].MessageId' <<<"$got")" = CXLFabric.1.0.VPPBBindingChanged ] &&
	[ "$(jq -r '.["@odata.type"]' <<<"$got")" = '#Event.v1_13_0.Event' ]
result $? "the push receiver on 127.0.0.1 got the Event over TLS, with its Context"
wait_for "$rf_dir/got.changed" Events
jq -e '[.Events[].MessageId] | unique == ["ResourceEvent.1.4.ResourceChanged"]' \
	"$rf_dir/got.changed" >/dev/null &&
	jq -e '[.Events[].OriginOfCondition["@odata.id"]] | all(test("/VPPBs/"))' \
	"$rf_dir/got.changed" >/dev/null
result $? "the filtered subscription got only ResourceChanged of the vPPB"

# ---- the other FM-API records; the failing destination meanwhile -------
ev type=4 kind=5 cci=0 ev=0 port=3 ltssm=4
ev type=4 kind=7 cci=0 ev=2 port=4
ev type=7 cci=0 opcode=0x5201 rc=0
wait_for "$rf_dir/sse" MLDPortUncorrectableError 50
wait_for "$rf_dir/got.all" BackgroundCommandCompleted 50
msgs=$(sed -n 's/^data: //p' "$rf_dir/sse" | jq -r '.Events[].MessageId' | sort -u | tr '\n' ' ')
grep -q 'CXLFabric.1.0.PortLinkStateChanged' <<<"$msgs" &&
	grep -q 'CXLFabric.1.0.MLDPortUncorrectableError' <<<"$msgs" &&
	grep -q 'CXLFabric.1.0.BackgroundCommandCompleted' <<<"$msgs" &&
	[ "$(grep -c . "$rf_dir/got.all")" = 4 ]
result $? "physical switch, MLD port and bind completion events reach SSE and push (4 events)"
saw messages "$msgs"
sed -n 's/^data: //p' "$rf_dir/sse" | jq -r '.Events[] | select(.MessageId | test("PortLinkState")) | .Message' |
	grep -q 'port 3 of switch 0 changed; its LTSSM state is L0'
result $? "the message text is the registry's with its arguments"
# 4 events, each tried 1 + 3 times at 1 s intervals: all given up by now or soon
for i in $(seq 100); do
	rf GET "$fail" -u ro:ro-pw
	[ "$(jq -r .Oem.Cxlfm.DeliveriesFailed <<<"$body")" = 4 ] && break
	sleep 0.2
done
jq -e '.Oem.Cxlfm | .DeliveriesFailed == 4 and .DeliveryRetries == 12 and .EventsDelivered == 0' \
	<<<"$body" >/dev/null && [ "$(grep -c . "$rf_dir/got.fail")" = 16 ]
result $? "a destination answering 503: each event tried 4 times, then counted failed"
saw counters "$(jq -c .Oem.Cxlfm <<<"$body")"
rf GET "$all" -u ro:ro-pw
jq_true '.Oem.Cxlfm | .EventsDelivered == 4 and .DeliveriesFailed == 0' "$body"
result $? "the good destination got all 4 while the other failed"
saw counters "$(jq -c .Oem.Cxlfm <<<"$body")"

# ---- a destination that never answers holds up no other ------------------
# /stall holds each request until the daemon gives up on it (5 s).  /fast
# gets the 3 events before that, in order: other workers deliver them
# meanwhile, and /stall has one delivery under way, not one a worker.
rf POST $SUBS -u op:op-pw -d "{\"Destination\": \"$RECV/stall\", \"Protocol\": \"Redfish\"}"
stall=$(rf_hdr Location)
c1=$code
rf POST $SUBS -u op:op-pw -d "{\"Destination\": \"$RECV/fast\", \"Protocol\": \"Redfish\"}"
fast=$(rf_hdr Location)
[ "$c1" = 201 ] && [ "$code" = 201 ] || saw "subscribing /stall and /fast" "$c1 $code"
# fast_ports N: until /fast has N events (30 s at most); their ports, in order
fast_ports() {
	local i
	for i in $(seq 300); do
		[ "$(grep -c 'got fast' "$rf_dir/got.order" 2>/dev/null)" -ge "$1" ] && break
		sleep 0.1
	done
	jq -r '.Events[] | select(.MessageId | test("PortLinkState")) | .MessageArgs[0]' \
		"$rf_dir/got.fast" 2>/dev/null | tr '\n' ' '
}
for i in 1 2 3; do ev type=4 kind=5 cci=0 ev=0 port=$i ltssm=4; done
ports=$(fast_ports 3)
order=$(grep -E 'stall|fast' "$rf_dir/got.order" | tr '\n' ',')
awk '/got fast/ { f++ } f < 3 && /got stall/ { s++ } f < 3 && /gave up stall/ { bad = 1 }
	END { exit bad || f != 3 || s != 1 }' "$rf_dir/got.order" && [ "$ports" = "1 2 3 " ]
rc=$?
result $rc "a destination that never answers: another gets its 3 events in order meanwhile"
[ $rc = 0 ] || saw "what the receiver saw, in order; /fast's ports" "$order; $ports"
# 20 more: /stall has 2 waiting and 1 under way; it may hold 16 waiting
# (a fourth of the queue), so 5 or more are dropped and counted (6 unless
# it gave up on one meanwhile), and /fast still gets every one.
for i in $(seq 11 30); do
	ev type=4 kind=5 cci=0 ev=0 port=$i ltssm=4
	sleep 0.05
done
ports=$(fast_ports 23)
rf GET "$stall" -u ro:ro-pw
dropped=$(jq -r .Oem.Cxlfm.EventsDropped <<<"$body")
[ "$dropped" -ge 5 ] && [ "$dropped" -le 6 ] && [ "$ports" = "1 2 3 $(seq -s ' ' 11 30) " ]
rc=$?
result $rc "its deliveries hold a fourth of the queue at most ($dropped dropped); the other gets all 23"
[ $rc = 0 ] || saw "/stall's counters; /fast's ports" "$(jq -c .Oem.Cxlfm <<<"$body"); $ports"
rf DELETE "$stall" -u op:op-pw
c1=$code
rf DELETE "$fast" -u op:op-pw
[ "$c1" = 204 ] && [ "$code" = 204 ] || saw "deleting /stall and /fast" "$c1 $code"

# ---- a destination that trickles its answer is cut off -------------------
# Each byte comes within the 5 s a receive may wait; the delivery as a
# whole may take 10 s, so the daemon gives up on it rather than hold a
# worker for as long as the destination likes.
rf POST $SUBS -u op:op-pw -d "{\"Destination\": \"$RECV/trickle\", \"Protocol\": \"Redfish\"}"
trickle=$(rf_hdr Location)
ev type=4 kind=5 cci=0 ev=0 port=7 ltssm=4
wait_for "$rf_dir/got.order" 'cut off trickle' 300
rc=$?
grep -q "event to subscription ${trickle##*/}: no HTTP answer" "$rf_dir/daemon.log" && [ $rc = 0 ]
result $? "a destination answering a byte a second is cut off (10 s a delivery at most)"
rf DELETE "$trickle" -u op:op-pw

# ---- the registry ---------------------------------------------------------
rf GET /redfish/v1/Registries/CXLFabric -u ro:ro-pw
uri=$(jq -r '.Location[0].Uri' <<<"$body")
rf GET "$uri" -u ro:ro-pw
reg=$body
bad=0
for m in $(sed -n 's/^data: //p' "$rf_dir/sse" | jq -r '.Events[].MessageId' | sort -u | grep ^CXLFabric); do
	jq_true '.Messages[$m].NumberOfArgs' "$reg" --arg m "${m##*.}" || { bad=1; saw missing "$m"; }
done
[ "$(jq -r .RegistryPrefix <<<"$reg")" = CXLFabric ] && [ "$bad" = 0 ]
result $? "every CXLFabric MessageId sent is in the registry served at $uri"

# ---- #EventService.SubmitTestEvent -----------------------------------------
STE=/redfish/v1/EventService/Actions/EventService.SubmitTestEvent
rf GET /redfish/v1/EventService -u ro:ro-pw
[ "$(jq -r '.Actions["#EventService.SubmitTestEvent"].target' <<<"$body")" = "$STE" ]
ok=$?
rf POST "$STE" -u ro:ro-pw -d '{"MessageId": "CXLFabric.1.0.EventRecord"}'
[ $ok = 0 ] && [ "$code" = 403 ] && [ "$(rf_msgid)" = InsufficientPrivilege ]
result $? "SubmitTestEvent advertised; refused to ReadOnly (403)"
bad=0
for b in '{}|ActionParameterMissing' '{"MessageId": "X.1.0.Y", "Colour": 1}|ActionParameterUnknown' \
	'{"MessageId": "X.1.0.Y", "MessageSeverity": "Bad"}|ActionParameterValueNotInList' \
	'{"MessageId": 7}|ActionParameterValueError' \
	'{"MessageId": "X.1.0.Y", "MessageArgs": [1]}|ActionParameterValueError' \
	'{"MessageId": "X.1.0.Y", "OriginOfCondition": "http://elsewhere"}|ActionParameterValueError' \
	'[1]|MalformedJSON'; do
	rf POST "$STE" -u op:op-pw -d "${b%|*}"
	[ "$code" = 400 ] && [ "$(rf_msgid)" = "${b##*|}" ] || { bad=1; saw "${b%|*}" "$code $(rf_msgid)"; }
done
result $bad "7 bad SubmitTestEvent bodies: 400, each with its Base message"
rf POST "$STE" -u op:op-pw -d '{"MessageId": "CXLFabric.1.0.EventRecord", "Message": "a test", "MessageArgs": ["x"], "MessageSeverity": "Warning", "OriginOfCondition": "/redfish/v1/Fabrics", "EventId": "t-1"}'
wait_for "$rf_dir/sse" '"t-1"' 50
ev=$(sed -n 's/^data: //p' "$rf_dir/sse" | jq -c '.Events[] | select(.EventId == "t-1")')
[ "$code" = 204 ] && jq_true '.MessageId == "CXLFabric.1.0.EventRecord" and .Message == "a test" and
	.MessageArgs == ["x"] and .MessageSeverity == "Warning" and
	.OriginOfCondition["@odata.id"] == "/redfish/v1/Fabrics"' "$ev"
result $? "Operator submits a test event (204): the SSE stream receives it as sent"
[ -n "$ev" ] || saw "SSE" "$(tail -n 3 "$rf_dir/sse")"
# Without OriginOfCondition, to a subscription filtered by resource type
# only: the filter does not take it (it has no type), and the daemon serves
# on (it once read the missing origin's URI).
rf POST $SUBS -u op:op-pw -d "{\"Destination\": \"$RECV/typed\", \"Protocol\": \"Redfish\", \"ResourceTypes\": [\"Port\"]}"
typed=$(rf_hdr Location)
rf POST "$STE" -u op:op-pw -d '{"MessageId": "CXLFabric.1.0.EventRecord", "EventId": "t-2"}'
c1=$code
wait_for "$rf_dir/sse" '"t-2"' 50
rf GET "$typed" -u ro:ro-pw
[ "$c1" = 204 ] && [ "$code" = 200 ] && ! grep -qs '"t-2"' "$rf_dir/got.typed"
result $? "a test event without OriginOfCondition reaches SSE, not a ResourceTypes filter; the daemon serves on"
[ "$code" = 200 ] || saw "the daemon" "$(tail -n 5 "$rf_dir/daemon.log")"
rf DELETE "$typed" -u op:op-pw

# ---- SSE streams are bounded, and a client gone frees its stream ----------
sse_code() { curl -sk -o /dev/null -w '%{http_code}' --max-time 1 -u ro:ro-pw \
	"$rf_url/redfish/v1/EventService/SSE" 2>/dev/null; }
more=()
for i in $(seq 7); do
	curl -sk -N -o /dev/null -u ro:ro-pw "$rf_url/redfish/v1/EventService/SSE" 2>/dev/null &
	more+=($!)
done
sleep 1
rf GET /redfish/v1/EventService/SSE -u ro:ro-pw
[ "$code" = 503 ] && [ "$(rf_msgid)" = ResourceExhaustion ]
result $? "8 SSE streams at most: the 9th is 503 ResourceExhaustion"
kill "${more[@]}" 2>/dev/null
wait "${more[@]}" 2>/dev/null
# Suspended streams notice their client is gone at the next writes.
c=
for i in $(seq 10); do
	ev type=1 cci=9
	sleep 0.3
	c=$(sse_code)
	[ "$c" = 200 ] && break
done
[ "$c" = 200 ]
result $? "once clients left, a new stream is served again (after $i events)"

# ---- delete, the limit -----------------------------------------------------
rf DELETE "$all" -u ro:ro-pw
[ "$code" = 403 ]
result $? "ReadOnly may not delete a subscription"
rf DELETE "$all" -u op:op-pw
c1=$code
rf GET "$all" -u op:op-pw
[ "$c1" = 204 ] && [ "$code" = 404 ]
result $? "Operator deletes it: 204, then 404"
codes=
for i in $(seq 16); do
	rf POST $SUBS -u op:op-pw -d "{\"Destination\": \"$RECV/n$i\", \"Protocol\": \"Redfish\"}"
	codes="$codes $code"
done
last=$(rf_msgid)
[ "$(tr ' ' '\n' <<<"$codes" | grep -c 201)" = 14 ] && [ "$code" = 503 ] &&
	[ "$last" = EventSubscriptionLimitExceeded ]
result $? "16 subscriptions at most: the 17th is 503 EventSubscriptionLimitExceeded"

# ---- stop with a stream open -----------------------------------------------
kill -0 "$sse_pid" 2>/dev/null
result $? "the SSE client is still connected"
rf_stop
[ "$rf_status" = 0 ] || [ "$rf_status" = 143 ]
result $? "SIGTERM stops the daemon with an SSE stream open ($rf_status)"
exec 7>&-

# ---- subscriptions kept across a restart (--subscriptions) ------------------
# rf_restore FILE: the daemon started on subscriptions FILE; $c1 its start's
# status, $members the subscriptions it serves
rf_restore() {
	rf_start "127.0.0.1:$port" --event-feed "$rf_dir/feed2" --event-ca "$rf_dir/recv.pem" \
		--subscriptions "$1"
	c1=$?
	rf GET $SUBS -u ro:ro-pw
	members=$(jq -r '[.Members[]["@odata.id"]] | join(" ")' <<<"$body")
}
store=$rf_dir/subscriptions
mkfifo "$rf_dir/feed2"
exec 7<>"$rf_dir/feed2"
rf_restore "$store"
rf POST $SUBS -u op:op-pw -d "{\"Destination\": \"$RECV/kept\", \"Protocol\": \"Redfish\", \"Context\": \"kept\"}"
kept=$(rf_hdr Location)
rf POST $SUBS -u op:op-pw -d "{\"Destination\": \"$RECV/gone\", \"Protocol\": \"Redfish\"}"
gone=$(rf_hdr Location)
rf POST $SUBS -u admin:admin-pw -d "{\"Destination\": \"$RECV/kept-filtered\", \"Protocol\": \"Redfish\",
	\"RegistryPrefixes\": [\"ResourceEvent\"], \"ResourceTypes\": [\"VirtualCXLSwitch\"]}"
filtered=$(rf_hdr Location)
c2=$code
rf DELETE "$gone" -u op:op-pw
[ "$c1" = 0 ] && [ "$c2" = 201 ] && [ "$code" = 204 ] && [ -s "$store" ] &&
	[ "$(stat -c %a "$store")" = 600 ]
result $? "with --subscriptions: 3 made, 1 deleted, the file written (mode 600)"
[ "$c2" = 201 ] && [ "$code" = 204 ] || saw "start, the filtered POST, the DELETE" "$c1 $c2 $code ($kept $gone $filtered)"
rf GET "$kept" -u ro:ro-pw
kept_before=$body
rf GET "$filtered" -u ro:ro-pw
filtered_before=$body
rf_stop
rf_restore "$store"
rf GET "$kept" -u ro:ro-pw
kept_after=$body
rf GET "$filtered" -u ro:ro-pw
[ "$c1" = 0 ] && [ "$members" = "$kept $filtered" ] &&
	[ "$(jq -S 'del(.Oem)' <<<"$kept_after")" = "$(jq -S 'del(.Oem)' <<<"$kept_before")" ] &&
	[ "$(jq -S 'del(.Oem)' <<<"$body")" = "$(jq -S 'del(.Oem)' <<<"$filtered_before")" ] &&
	grep -q '2 event subscriptions restored' "$rf_dir/daemon.log"
result $? "after a restart: the 2 subscriptions, as they were (Destination, Context, filters); the deleted one not"
[ "$members" = "$kept $filtered" ] || saw members "$members"
grep -q '2 event subscriptions restored' "$rf_dir/daemon.log" || saw daemon "$(cat "$rf_dir/daemon.log")"
ev "type=4 kind=6 cci=0 vcs=1 vppb=2 ev=0 binding=2 port=5"
wait_for "$rf_dir/got.kept" VPPBBindingChanged &&
	[ "$(jq -r .Context "$rf_dir/got.kept")" = kept ]
result $? "an event after the restart reaches a restored subscription"
rf POST $SUBS -u op:op-pw -d "{\"Destination\": \"$RECV/new\", \"Protocol\": \"Redfish\"}"
[ "$code" = 201 ] && [ "$(rf_hdr Location)" = "$SUBS/4" ] && [ "$gone" = "$SUBS/2" ]
result $? "a new subscription after the restart gets a new id ($(rf_hdr Location)), never a used one"
rf_stop
# Saved by a daemon that restored the file: the next start has it too.
rf_restore "$store"
[ "$c1" = 0 ] && [ "$members" = "$kept $filtered $SUBS/4" ]
result $? "what a restored daemon saved comes back at the next start ($members)"
rf_stop
# A write torn by a crash: the newest copy damaged (slot 0 holds saves 1,
# 3 and 5, the last with the new subscription; slot 1 saves 2 and 4), so
# the one before it is used.
printf 'x' | dd of="$store" bs=1 seek=40 conv=notrunc 2>/dev/null
rf_restore "$store"
[ "$c1" = 0 ] && [ "$members" = "$kept $filtered" ]
result $? "the newest copy damaged (a torn write): the one before it is restored ($members)"
rf_stop
# A file written by hand (or by a later version): each saved subscription
# is checked as a POST would check it.  Restored: the whole one, one
# without Context but with Protocol (as a POST may make it), and one with a
# property this version does not know (left out: a later version may save
# more).  Refused, each with its reason in the log: a destination that is
# no URL, a registry not served, a protocol not Redfish; an Id given twice
# and an Id not below NextId.
python3 - "$rf_dir/by-hand" "$RECV" <<'PY'
import json, struct, sys

path, recv = sys.argv[1], sys.argv[2]


def sub(i, **changes):
    s = {"Id": i, "Destination": f"{recv}/h{i}", "Context": f"h{i}",
         "RegistryPrefixes": [], "ResourceTypes": []}
    s.update(changes)
    return {k: v for k, v in s.items() if v is not None}


subs = [sub(1), sub(2, Context=None, Protocol="Redfish"), sub(5, Later=1),
        sub(3, Destination="https://a host/x"), sub(4, RegistryPrefixes=["NotServed"]),
        sub(6, Protocol="SNMPv3"), sub(1, Context="again"), sub(9)]
text = json.dumps({"NextId": 9, "Subscriptions": subs}).encode()
h = 0xcbf29ce484222325                    # FNV-1a 64, as subs_store.c keeps it
for b in text:
    h = ((h ^ b) * 0x100000001b3) % 2**64
with open(path, "wb") as f:
    f.write(struct.pack("=IIQQ", 0x52465331, len(text), 1, h) + text)
PY
rf_restore "$rf_dir/by-hand"
rf GET $SUBS/2 -u ro:ro-pw
log=$rf_dir/daemon.log
[ "$c1" = 0 ] && [ "$members" = "$SUBS/1 $SUBS/2 $SUBS/5" ] &&
	[ "$(jq -r .Context <<<"$body")" = "" ] &&
	grep -q '3 event subscriptions restored from .*, 5 refused' "$log" &&
	grep -q 'subscription 4 (Id 3) refused: Destination: PropertyValueFormatError' "$log" &&
	grep -q 'subscription 5 (Id 4) refused: RegistryPrefixes: PropertyValueNotInList (NotServed)' "$log" &&
	grep -q 'subscription 6 (Id 6) refused: Protocol: PropertyValueNotInList (SNMPv3)' "$log" &&
	grep -q 'subscription 7 (Id 1) refused: Id given twice' "$log" &&
	grep -q 'subscription 8 (Id 9) refused: Id not below NextId' "$log"
rc=$?
result $rc "a saved file checked as a POST: 3 restored ($members), 5 refused, each with its reason"
[ $rc = 0 ] || saw daemon "$(cat "$log")"
rf_stop
exec 7>&-
head -c 4096 /dev/urandom >"$rf_dir/not-ours"
cp "$rf_dir/not-ours" "$rf_dir/not-ours.orig"
out=$("$rf_bin" --listen "127.0.0.1:$port" --cert "$rf_dir/cert.pem" --key "$rf_dir/key.pem" \
	--passwd "$rf_dir/passwd" --subscriptions "$rf_dir/not-ours" 2>&1)
[ $? = 1 ] && grep -q "not a subscriptions file" <<<"$out" && cmp -s "$rf_dir/not-ours" "$rf_dir/not-ours.orig"
result $? "a file that is not a subscriptions file: refused at start, left as it was"
[ -z "$out" ] || echo "# $out"

# ---- the real event path: libcxlfm's event API, faked under the daemon -----
# fake_events.c stands in for libcxlfm's context and event calls (LD_PRELOAD),
# so feed.c's cxlfm_events_open/_fd/_next and its conversion of struct
# cxlfm_event run as with the module, fed from a FIFO.
cc -shared -fPIC -O2 -Wall -Wextra -Werror -I"$top/include" -I"$top/include/uapi" \
	-o "$rf_dir/fake.so" "$top/tools/testing/cxlfm/redfish/fake_events.c"
mkfifo "$rf_dir/lib-feed"
port=$((port + 2))
rf_url=https://127.0.0.1:$port
# Preloaded into the daemon only, not into the curls rf_start runs (a
# sanitizer build wants its runtime first).
asan=$(ldd "$rf_bin" | awk '/libasan/ {print $3}')
cat >"$rf_dir/preloaded" <<EOF
#!/bin/sh
LD_PRELOAD="${asan:+$asan }$rf_dir/fake.so" CXLFM_FAKE_EVENTS="$rf_dir/lib-feed" exec "$rf_bin" "\$@"
EOF
chmod +x "$rf_dir/preloaded"
real_bin=$rf_bin
rf_bin=$rf_dir/preloaded
rf_start "127.0.0.1:$port"
result $? "a daemon whose broker reads events through libcxlfm's event API (faked) starts"
rf_bin=$real_bin
exec 7<>"$rf_dir/lib-feed"
curl -sk -N -u ro:ro-pw "$rf_url/redfish/v1/EventService/SSE" >"$rf_dir/sse2" 2>/dev/null &
sse2_pid=$!
sleep 1
# the broker tries the events group every 5 s until it opens: the fake does at once
ev type=4 kind=5 cci=2 ev=0 port=6 ltssm=4
ev type=4 kind=6 cci=2 vcs=0 vppb=3 ev=0 binding=3 bport=1 ld=1 missed=3
ev type=6 cci=2 vcs=0 vppb=3 port=1 change=1 action=3
wait_for "$rf_dir/sse2" HostHierarchyChanged
ids=$(sed -n 's/^data: //p' "$rf_dir/sse2" | jq -r '.Events[] | .MessageId + " " + (.MessageArgs | join(","))')
kill "$sse2_pid" 2>/dev/null
grep -qx 'CXLFabric.1.0.PortLinkStateChanged 6,2,L0' <<<"$ids" &&
	grep -qx 'CXLFabric.1.0.VPPBBindingChanged 3,0,2,Bound to an LD' <<<"$ids"
result $? "switch and VCS records from struct cxlfm_event (LTSSM from the raw record)"
grep -qx 'CXLFabric.1.0.EventsLost 3' <<<"$ids" &&
	grep -qx 'CXLFabric.1.0.HostHierarchyChanged bind,3,0,2,rescanned below it' <<<"$ids"
result $? "a sequence gap becomes EventsLost; a hierarchy change HostHierarchyChanged"
saw events "$ids"
rf_stop

echo "# $n checks, $failed failed"
[ "$n" = $PLAN ] || { echo "# planned $PLAN, ran $n"; exit 1; }
[ "$failed" = 0 ]
