#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cxlfm-redfishd under many concurrent clients, on the host without the
# kernel module (events from a FIFO: --event-feed).  Each round starts
# RF_CLIENTS (1000) TLS clients at once (tools/testing/cxlfm/redfish/
# rf_clients.c, built here): the open service root, authenticated reads
# with a session's X-Auth-Token (a broker call each), connections held idle
# before their request, SSE streams held open while events are fed.  The
# daemon serves at most 256 connections at once (--max-conns, its
# default); the others wait in the listen queue.  Checked: every client
# answered or cleanly refused, none after the bound rf_clients gives it;
# every stream opened received events; the connections released after each
# round; the service still answering; the network process's peak memory
# under the bound its limits give, its memory back near where it was after
# each round and not growing from round to round (nor the broker's); a
# clean stop.  Prints TAP, and the figures as comments.
#
#   RF_CLIENTS=1000        clients per round
#   RF_CLIENTS_ROUNDS=3    rounds (make reliability-long runs 20)
#   RF_CLIENTS_HOLD=1500   ms the idle and SSE clients hold their connection
#   CXLFM_REDFISHD=...     the daemon (default build/user/bin/cxlfm-redfishd;
#                          an ASan or TSan build skips the memory checks:
#                          its shadow memory is no part of the daemon's)

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
rf_bin=${CXLFM_REDFISHD:-$top/build/user/bin/cxlfm-redfishd}
rf_dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
rf_url=https://127.0.0.1:$port
clients=${RF_CLIENTS:-1000}
rounds=${RF_CLIENTS_ROUNDS:-3}
hold=${RF_CLIENTS_HOLD:-1500}
max_conns=256
. "$(dirname "$0")/tap.sh"
. "$top/tools/testing/cxlfm/redfish/rf-lib.sh"
feeder=''
cleanup() {
	[ -n "$feeder" ] && kill "$feeder" 2>/dev/null
	rf_stop
	rm -rf "$rf_dir"
}
trap cleanup EXIT
PLAN=$((rounds + 11))
echo "TAP version 13"
echo "1..$PLAN"
t_start=$SECONDS

# ---- memory bound --------------------------------------------------------
# Per connection the network process holds at most: libmicrohttpd's
# memory pool (MHD_OPTION_CONNECTION_MEMORY_LIMIT, 64 KiB: the request's
# headers, the answer's buffer), the request body http.c keeps (these
# clients send none), the GnuTLS session (its state, keys and record
# buffers: one TLS record of 16 KiB plus its overhead in each direction at
# most), and libmicrohttpd's struct of the connection.  64 KiB for the pool
# and 64 KiB for the rest, at --max-conns connections, on top of the
# process as it was before the first client.
per_conn_kib=128

kib() { # PID FIELD: a /proc/PID/status field in KiB
	awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null
}
nfds() { # PID: its open descriptors
	ls "/proc/$1/fd" 2>/dev/null | wc -l
}

# ---- the client ------------------------------------------------------------
cc -O2 -Wall -Wextra -o "$rf_dir/rf_clients" "$top/tools/testing/cxlfm/redfish/rf_clients.c" \
	$(pkg-config --cflags --libs gnutls) >"$rf_dir/cc.log" 2>&1
result $? "rf_clients builds"
[ -s "$rf_dir/cc.log" ] && saw "cc" "$(cat "$rf_dir/cc.log")"

rf_certs
rf_passwd
mkfifo "$rf_dir/feed"
exec 7<>"$rf_dir/feed"	# read-write: opening never blocks
rf_start "127.0.0.1:$port" --event-feed "$rf_dir/feed" --rate 0 --max-conns "$max_conns"
result $? "the daemon starts ($max_conns connections at most, no rate bound)"
broker=$rf_pid
net=$(pgrep -P "$broker" | head -n1)
net_base=$(kib "$net" VmRSS)
broker_base=$(kib "$broker" VmRSS)
san=''
grep -q __asan_init "$rf_bin" 2>/dev/null && san=ASan
grep -q __tsan_init "$rf_bin" 2>/dev/null && san=TSan
echo "# network process $net: VmRSS ${net_base} KiB; broker $broker: VmRSS ${broker_base} KiB"

rf POST /redfish/v1/SessionService/Sessions -d '{"UserName": "ro", "Password": "ro-pw"}'
token=$(rf_hdr X-Auth-Token)
[ "$code" = 201 ] && [ ${#token} = 64 ]
result $? "a session for the authenticated clients"

# One round: the clients, with an event every 0.2 s for the streams; then,
# with no event more, until the network process is back to its descriptors
# of before: a stream waiting for an event must notice its client's
# leaving by itself (events_reap()), not at the second write after it.
fds_base=$(nfds "$net")
round() { # ROUND
	local out=$rf_dir/round.$1 i
	(while :; do
		echo "type=4 kind=6 cci=0 vcs=1 vppb=2 ev=0 binding=2 port=5" >&7
		sleep 0.2
	done) &
	feeder=$!
	timeout 120 "$rf_dir/rf_clients" -p "$port" -t "$token" -n "$clients" -H "$hold" \
		-T 30 >"$out" 2>&1
	echo "rc=$?" >>"$out"
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
	feeder=''
	echo "fds=$(settled_fds)" >>"$out"
}
settled_fds() { # the network process's descriptors once back to the base, or after 10 s
	local i
	for i in $(seq 100); do
		[ "$(nfds "$net")" -le "$fds_base" ] && break
		sleep 0.1
	done
	nfds "$net"
}
field() { # FILE KEY: KEY=value of the RESULT line
	sed -n "s/^RESULT.* $2=\([^ ]*\).*/\1/p" "$1"
}

# A first small round: what every later one starts from (GnuTLS's and
# libmicrohttpd's first allocations, the session table, the event ring).
"$rf_dir/rf_clients" -p "$port" -t "$token" -n 40 -H 100 -T 30 >"$rf_dir/warm" 2>&1
fds=$(settled_fds)
net_warm=$(kib "$net" VmRSS)
echo "# after 40 clients: network process VmRSS ${net_warm} KiB, $fds descriptors ($fds_base before them)"
after=() broker_after=() peaks=() released=1
[ "$fds" -le "$fds_base" ] || { released=0; saw "40 clients" "$fds descriptors, $fds_base before"; }

for k in $(seq "$rounds"); do
	# the peak of this round alone, where the kernel lets us reset it
	echo 5 >"/proc/$net/clear_refs" 2>/dev/null
	t0=$SECONDS
	round "$k"
	out=$rf_dir/round.$k
	ans=$(field "$out" answered) ref=$(field "$out" refused) fail=$(field "$out" failed)
	streams=$(field "$out" sse_streams) with=$(field "$out" sse_with_events)
	grep -q '^rc=0$' "$out" && [ "$fail" = 0 ] && [ $((ans + ref)) = "$clients" ] &&
		[ "${streams:-0}" -ge 1 ] && [ "$streams" = "$with" ]
	result $? "round $k: $clients clients at once: $ans answered, $ref refused, none failed; $streams SSE streams, each with events ($((SECONDS - t0)) s)"
	[ "$fail" = 0 ] 2>/dev/null && [ "$streams" = "$with" ] || saw "rf_clients" "$(cat "$out")"
	fds=$(sed -n 's/^fds=//p' "$out")
	[ "$fds" -le "$fds_base" ] || { released=0; saw "round $k" "$fds descriptors, $fds_base before"; }
	sleep 0.3
	after+=("$(kib "$net" VmRSS)")
	broker_after+=("$(kib "$broker" VmRSS)")
	peaks+=("$(kib "$net" VmHWM)")
	echo "# round $k: $(grep '^answered' "$out")"
	echo "# round $k: network process peak ${peaks[-1]} KiB, after ${after[-1]} KiB; broker ${broker_after[-1]} KiB"
done
[ "$released" = 1 ]
result $? "after the first 40 clients and each round the network process is back to its $fds_base descriptors"

# ---- still serving -----------------------------------------------------------
rf GET /redfish/v1/
c1=$code
rf GET /redfish/v1/Fabrics -H "X-Auth-Token: $token"
[ "$c1" = 200 ] && [ "$code" = 200 ]
result $? "the service still answers (the root, an authenticated read)"
"$rf_dir/rf_clients" -p "$port" -t "$token" -n 20 -H 100 -T 30 >"$rf_dir/after" 2>&1
[ $? = 0 ] && [ "$(field "$rf_dir/after" answered)" = 20 ]
rc=$?
result $rc "20 more clients all answered"
[ $rc = 0 ] || saw rf_clients "$(cat "$rf_dir/after")"

# ---- memory ------------------------------------------------------------------
peak=$(printf '%s\n' "${peaks[@]}" | sort -n | tail -n1)
hwm=$(kib "$net" VmHWM)
bound=$((net_base + max_conns * per_conn_kib))
echo "# network process: VmRSS ${net_base} KiB at start, ${net_warm} KiB after 40 clients;"
echo "#   peak of the rounds ${peak} KiB (VmHWM ${hwm} KiB); bound ${bound} KiB = ${net_base} + $max_conns x $per_conn_kib"
echo "#   after each round: ${after[*]} KiB; broker after each round: ${broker_after[*]} KiB"
if [ -n "$san" ]; then
	for d in "peak under the bound" "back near its size after the rounds" \
		"no growth from round to round" "broker: no growth"; do
		result 0 "# SKIP a $san build: $d"
	done
else
	[ "$peak" -le "$bound" ]
	result $? "the network process's peak (${peak} KiB) is under ${bound} KiB ($max_conns connections x $per_conn_kib KiB + its start)"
	# at least half of what a round took is given back when its clients
	# have left (the connections' pools are unmapped; malloc keeps some of
	# the freed TLS sessions for the next ones: not a leak, see the next check)
	last=${after[-1]}
	[ "$last" -le $((net_warm + (peak - net_warm) / 2)) ]
	result $? "after the clients left, the network process gave back most of its peak (${last} KiB; ${net_warm} KiB before the rounds, ${peak} KiB at their peak)"
	# round 1 may still grow the heap; after it, 1 MiB over all the rounds
	# (a leak of 1 KiB per connection would add 1000 KiB each round)
	grow=0
	for a in "${after[@]:1}"; do
		[ "$a" -gt $((after[0] + 1024)) ] && grow=1
	done
	[ "$grow" = 0 ]
	result $? "no growth from round to round (${after[*]} KiB)"
	grow=0
	for a in "${broker_after[@]}"; do
		[ "$a" -gt $((broker_after[0] + 512)) ] && grow=1
	done
	[ "$grow" = 0 ]
	result $? "the broker does not grow either (${broker_after[*]} KiB)"
fi

rf_stop
[ "$rf_status" = 0 ] || [ "$rf_status" = 143 ]
result $? "SIGTERM stops the daemon"
echo "# $clients clients x $rounds rounds in $((SECONDS - t_start)) s"
echo "# $n checks, $failed failed"
[ "$n" = "$PLAN" ] || { echo "# planned $PLAN, ran $n"; exit 1; }
[ "$failed" = 0 ]
