#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cxlfm-redfishd on the host, without the kernel module (no switch: an
# empty Fabrics collection): what is open without credentials and what is
# not, Basic and session authentication for each role, the password file's
# checks, every malformed body answered with the Redfish error response
# (and the daemon still answering after them), the body and rate bounds,
# TLS only, the privilege split (as root), and the JSON of the service's
# own resources against the DMTF schema facts.  Prints TAP.

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
rf_bin=${CXLFM_REDFISHD:-$top/build/user/bin/cxlfm-redfishd}
rf_dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
rf_url=https://127.0.0.1:$port
. "$(dirname "$0")/tap.sh"
. "$top/tools/testing/cxlfm/redfish/rf-lib.sh"
trap 'rf_stop; rm -rf "$rf_dir"' EXIT

echo "TAP version 13"
echo "1..40"
rf_certs
rf_passwd

# ---- the password file and the options are checked before anything ----
echo "bob:Root:\$6\$x\$y" >"$rf_dir/bad-role"
out=$("$rf_bin" --cert "$rf_dir/cert.pem" --key "$rf_dir/key.pem" --passwd "$rf_dir/bad-role" 2>&1)
[ $? = 1 ] && grep -q 'bad-role:1: want user:ReadOnly|Operator|Administrator' <<<"$out"
result $? "password file: an unknown role is refused, with the line"
echo "bob:ReadOnly:plaintext" >"$rf_dir/plain"
out=$("$rf_bin" --cert "$rf_dir/cert.pem" --key "$rf_dir/key.pem" --passwd "$rf_dir/plain" 2>&1)
[ $? = 1 ] && grep -q 'plain:1:' <<<"$out"
result $? "password file: a password in clear instead of a crypt hash is refused"
out=$("$rf_bin" --cert "$rf_dir/cert.pem" --key "$rf_dir/nokey" --passwd "$rf_dir/passwd" 2>&1)
[ $? = 1 ] && grep -q 'nokey' <<<"$out"
result $? "a missing TLS key is named"
"$rf_bin" --rate x --cert a --key b 2>/dev/null
[ $? = 2 ]
result $? "a bad number is a usage error"
h=$(echo secret | "$rf_bin" --hash-password)
[[ $h == '$y$'* ]]
result $? "--hash-password: yescrypt by default ($h)"
h=$(echo secret | "$rf_bin" --hash-password=sha512)
out=$(echo secret | "$rf_bin" --hash-password=md5 2>&1)
[ $? = 2 ] && [[ $h == '$6$'* ]] && grep -q 'yescrypt or sha512' <<<"$out"
result $? "--hash-password=sha512 is SHA-512 crypt; an unknown method is a usage error"

rf_start "127.0.0.1:$port" --max-body 4096 --rate 20 --burst 60
result $? "the daemon starts and serves HTTPS"

# ---- the privilege split (only as root: it changes user) -------------
if [ "$(id -u)" = 0 ]; then
	child=$(pgrep -P "$rf_pid" | head -n1)
	[ "$(awk '/^Uid/ {print $2}' /proc/"$child"/status)" = 65534 ] &&
		[ "$(awk '/^CapEff/ {print $2}' /proc/"$child"/status)" = 0000000000000000 ] &&
		[ "$(awk '/^CapPrm/ {print $2}' /proc/"$child"/status)" = 0000000000000000 ]
	result $? "network process: user nobody, no capability"
	[ "$(awk '/^CapEff/ {print $2}' /proc/"$rf_pid"/status)" = 0000000000200000 ] &&
		[ "$(awk '/^NoNewPrivs/ {print $2}' /proc/"$rf_pid"/status)" = 1 ]
	result $? "broker: CAP_SYS_ADMIN alone, no new privileges"
else
	echo "ok 7 # SKIP not root"; echo "ok 8 # SKIP not root"; n=$((n + 2))
fi

# ---- open without credentials: /redfish, the root, $metadata, odata --
rf GET /redfish
[ "$code" = 200 ] && [ "$(jq -r .v1 <<<"$body")" = /redfish/v1/ ]
result $? "GET /redfish without credentials: v1"
rf GET /redfish/v1/
[ "$code" = 200 ] && [ "$(jq -r '.Fabrics["@odata.id"]' <<<"$body")" = /redfish/v1/Fabrics ]
result $? "GET the service root without credentials"
rf GET '/redfish/v1/$metadata'
[ "$code" = 200 ] && grep -q 'Port.v1_18_0' <<<"$body" && [[ $(rf_hdr Content-Type) == application/xml* ]]
result $? "GET \$metadata without credentials: CSDL naming the schema versions"
rf GET /redfish/v1/odata
[ "$code" = 200 ] && jq_true '.value | map(.url) | index("/redfish/v1/Fabrics")' "$body"
result $? "GET the OData service document without credentials"

# ---- everything else needs them --------------------------------------
bad=0
for p in /redfish/v1/Fabrics /redfish/v1/SessionService /redfish/v1/SessionService/Sessions \
	/redfish/v1/TaskService /redfish/v1/TaskService/Tasks /redfish/v1/Fabrics/CXL0 \
	/redfish/v1/Nope; do
	rf GET "$p"
	{ [ "$code" = 401 ] && [ "$(rf_msgid)" = NoValidSession ] && [ -n "$(rf_hdr WWW-Authenticate)" ]; } ||
		{ bad=1; saw "$p" "$code $body"; }
done
rf POST /redfish/v1/Fabrics/CXL0/Connections -d '{}'
[ "$code" = 401 ] || bad=1
result $bad "every other resource and action: 401 NoValidSession without credentials"
rf GET /redfish/v1/Fabrics -u ro:wrong
[ "$code" = 401 ]
result $? "Basic with a wrong password: 401"
rf GET /redfish/v1/Fabrics -u nobody:ro-pw
[ "$code" = 401 ]
result $? "Basic with an unknown user: 401"
rf GET /redfish/v1/Fabrics -H 'X-Auth-Token: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
[ "$code" = 401 ]
result $? "a made-up X-Auth-Token: 401"
bad=0
for a in ro:ro-pw op:op-pw admin:admin-pw; do
	rf GET /redfish/v1/Fabrics -u "$a"
	{ [ "$code" = 200 ] && [ "$(jq -r '.["Members@odata.count"]' <<<"$body")" = 0 ]; } || bad=1
done
result $bad "Basic for each role reads the (empty, no module) Fabrics collection"

# ---- sessions ---------------------------------------------------------
rf POST /redfish/v1/SessionService/Sessions -H 'Content-Type: application/json' \
	-d '{"UserName": "op", "Password": "op-pw"}'
tok=$(rf_hdr X-Auth-Token)
loc=$(rf_hdr Location)
[ "$code" = 201 ] && [ ${#tok} = 64 ] && [ "$loc" = "$(jq -r '.["@odata.id"]' <<<"$body")" ] &&
	[ "$(jq -r .Token <<<"$body")" = null ]
result $? "login: 201, X-Auth-Token, Location of the session, no token in the body"
rf GET /redfish/v1/Fabrics -H "X-Auth-Token: $tok"
[ "$code" = 200 ]
result $? "the token authenticates"
rf POST /redfish/v1/SessionService/Sessions -d '{"UserName": "ro", "Password": "ro-pw"}'
rotok=$(rf_hdr X-Auth-Token)
roloc=$(rf_hdr Location)
rf GET "$roloc" -H "X-Auth-Token: $tok"
[ "$code" = 404 ]
result $? "an Operator does not see another user's session"
rf GET /redfish/v1/SessionService/Sessions -u admin:admin-pw
[ "$code" = 200 ] && [ "$(jq -r '.["Members@odata.count"]' <<<"$body")" = 2 ]
result $? "an Administrator sees every session"
rf POST /redfish/v1/SessionService/Sessions -d '{"UserName": "op", "Password": "nope"}'
[ "$code" = 401 ] && [ -z "$(rf_hdr X-Auth-Token)" ]
result $? "login with a wrong password: 401, no token"
rf DELETE "$loc" -H "X-Auth-Token: $tok"
[ "$code" = 204 ]
result $? "logout: DELETE of the own session"
rf GET /redfish/v1/Fabrics -H "X-Auth-Token: $tok"
[ "$code" = 401 ]
result $? "the token is dead after logout"
rf DELETE "$roloc" -u admin:admin-pw
rf GET /redfish/v1/Fabrics -H "X-Auth-Token: $rotok"
[ "$code" = 401 ]
result $? "an Administrator ends another user's session"

# ---- privileges: a ReadOnly account may not change the fabric ---------
rf POST /redfish/v1/Fabrics/CXL0/Connections -u ro:ro-pw -d '{}'
[ "$code" = 404 ] || [ "$code" = 403 ]
result $? "ReadOnly POST to a Connections collection: refused (403, or 404 with no such fabric)"
rf DELETE /redfish/v1/ -u ro:ro-pw
[ "$code" = 405 ] && [ "$(rf_msgid)" = OperationNotAllowed ] && [ -n "$(rf_hdr Allow)" ]
result $? "a method a resource does not have: 405 OperationNotAllowed with Allow"

# ---- malformed bodies: each gets the Redfish error, none a crash -----
login() { rf POST /redfish/v1/SessionService/Sessions -H 'Content-Type: application/json' "$@"; }
bad=0
check_msg() { # WANT-CODE WANT-ID CURL-ARGS...
	local want=$1 id=$2
	shift 2
	login "$@"
	if [ "$code" != "$want" ] || [ "$(rf_msgid)" != "$id" ] ||
		! jq_true '.error.code and .error.message' "$body"; then
		bad=1
		saw "$*" "$code $body"
	fi
}
check_msg 400 MalformedJSON -d 'not json'
check_msg 400 MalformedJSON -d '{"UserName": "op",'
check_msg 400 MalformedJSON -d '[1, 2]'
check_msg 400 MalformedJSON -d '"string"'
check_msg 400 MalformedJSON -d '{"a": 1} trailing'
check_msg 400 MalformedJSON --data-binary $'{"UserName": "op\x00", "Password": "x"}'
check_msg 400 MalformedJSON -d "$(printf '%.0s[' $(seq 100))"
check_msg 400 MalformedJSON -d "{\"a\": $(printf '%.0s{"a": ' $(seq 30))1$(printf '%.0s}' $(seq 31))"
check_msg 400 MalformedJSON -d ''
check_msg 400 MalformedJSON --data-binary $'\xff\xfe{}'
check_msg 400 PropertyUnknown -d '{"UserName": "op", "Password": "op-pw", "Admin": true}'
check_msg 400 CreateFailedMissingReqProperties -d '{"UserName": "op"}'
check_msg 400 PropertyValueTypeError -d '{"UserName": 7, "Password": "x"}'
check_msg 400 PropertyValueTypeError -d '{"UserName": "op", "Password": ["x"]}'
result $bad "14 malformed login bodies: 400 with MalformedJSON, PropertyUnknown, ... in @Message.ExtendedInfo"
rf GET /redfish/v1/
[ "$code" = 200 ]
result $? "the daemon still answers after them"

# ---- bounds -----------------------------------------------------------
login --data-binary "{\"UserName\": \"$(head -c 5000 /dev/zero | tr '\0' a)\"}"
[ "$code" = 413 ] && [ "$(rf_msgid)" = PayloadTooLarge ]
result $? "a body over --max-body: 413 PayloadTooLarge"
head -c 100000 /dev/zero | tr '\0' a >"$rf_dir/big"
rf POST /redfish/v1/SessionService/Sessions -H 'Transfer-Encoding: chunked' --data-binary @"$rf_dir/big"
[ "$code" = 413 ]
result $? "a chunked body over the bound (no Content-Length): 413"
url=$(printf '/redfish/v1/%.0sx/' $(seq 20))
rf GET "$url" -u ro:ro-pw
[ "$code" = 404 ]
result $? "a path deeper than any resource: 404"
sleep 3	# the bucket fills again (20/s)
codes=$(for i in $(seq 80); do printf 'url = "%s/redfish"\noutput = "/dev/null"\n' "$rf_url"; done >"$rf_dir/many"
	curl -sk -K "$rf_dir/many" -w '%{http_code}\n' | sort | uniq -c)
grep -q ' 429$' <<<"$codes" && grep -q ' 200$' <<<"$codes"
result $? "80 requests at once past a burst of 60: some 429 (rate bound)"
saw codes "$codes"
sleep 1.5
rf GET /redfish -D -
[ "$code" = 200 ]
result $? "the client is served again once its bucket refilled"

# ---- TLS only -----------------------------------------------------------
curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/redfish"
[ $? != 0 ]
result $? "plain HTTP gets no answer"

# ---- the service's own resources against the DMTF schema facts -------
rf_walk -u admin -p admin-pw
problems=$(rf_schema_check)
[ -z "$problems" ] && [ "$(jq length "$rf_dir/walk.json")" -ge 6 ] &&
	[ "$(jq '[.[] | select(.status != 200)] | length' "$rf_dir/walk.json")" = 0 ]
result $? "walk: $(jq length "$rf_dir/walk.json") resources, each 200 and as the schema facts say"
[ -z "$problems" ] || saw problems "$problems"

net=$(pgrep -P "$rf_pid" | head -n1)
rf_stop
[ "$rf_status" = 0 ] || [ "$rf_status" = 143 ]
result $? "SIGTERM stops the daemon"
# The broker ends and reaps the network process before it exits itself,
# so a restart finds the port free at once: the child's /proc entry is
# gone the moment wait returns (a child left to exit by itself would
# still be there, running or a zombie).
[ -n "$net" ] && [ ! -d "/proc/$net" ] &&
	! pgrep -f "cxlfm-redfishd --listen 127.0.0.1:$port" >/dev/null
result $? "both processes are gone when the first has exited"
# SIGHUP (a terminal's hang-up; there is nothing to reload) stops it the
# same way, in order, rather than killing the broker outright.
rf_start "127.0.0.1:$port"
net=$(pgrep -P "$rf_pid" | head -n1)
kill -HUP "$rf_pid"
wait "$rf_pid"
st=$?
rf_pid=
[ "$st" = 0 ] && [ -n "$net" ] && [ ! -d "/proc/$net" ]
result $? "SIGHUP stops the daemon in order too (exit $st), both processes gone"
echo "# $n checks, $failed failed"
[ "$n" = 40 ] || { echo "# planned 40, ran $n"; exit 1; }
[ "$failed" = 0 ]
