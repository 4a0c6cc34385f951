#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Nothing lost between the switch and the journal.  cxlfm runs with the
# hold retention policy (as cxlfmd's modprobe.d entry sets it) and cxlfmd
# is a durable consumer, against a simulated switch whose four logs hold
# 4096 records each.  A storm injects Physical Switch records into the
# four logs in turn, 50 a log a round, and paces itself: it waits while a
# log holds 2048 or more, so the logs never overflow however long the
# daemon is down.  Then, for every phase, the journal must hold each record
# the switch produced exactly once (the simulator's per-log counts against
# the journal's records, distinct by log, handle and timestamp):
#
#   kills    cxlfmd killed with -9 CXLFMD_KILLS times during the storm and
#            started again at once
#   cycles   the CCI withdrawn and registered again CXLFMD_CYCLES times
#            (the simulator's "cci" knob) with cxlfmd running: each
#            registration journaled as a new instance, no gap
#   stopped  cxlfmd stopped (SIGTERM) while records are produced, started
#            again: they waited in the switch
#   replay   cxlfmd frozen (SIGSTOP) with records it received unacknowledged
#            while a second cxlfmd registers: the switch sends what it holds
#            again; the first, thawed, journals those copies as replays
#   reload   rmmod/insmod of cxlfm with cxlfmd running: it says so,
#            journals it, subscribes again and journals the new switch's
#            records
#
# CXLFMD_STORM records per phase (default 8000 on the 6.12 stock leg, 2000
# elsewhere; make reliability-long: 100000 with 20 kills).  Prints TAP.

cxlfm=$CXLFM_USER/bin/cxlfm
cxlfmd=$CXLFM_USER/bin/cxlfmd
sim=80
dbg=/sys/kernel/debug/cxlfm_sim/$sim
if [ "${CXLFM_LEG:-}" = 6.12 ]; then
	storm=${CXLFMD_STORM:-8000} kills=${CXLFMD_KILLS:-5} cycles=${CXLFMD_CYCLES:-10}
else
	storm=${CXLFMD_STORM:-2000} kills=${CXLFMD_KILLS:-2} cycles=${CXLFMD_CYCLES:-2}
fi
per_round=50	# records a log a round
high=2048	# the storm waits while a log holds this many
n=0 failed=0
t0=$(date +%s)
result() { # STATUS DESCRIPTION
	n=$((n + 1))
	echo "# at $(($(date +%s) - t0)) s"
	if [ "$1" = 0 ]; then echo "ok $n $2"; else failed=$((failed + 1)); echo "not ok $n $2"; fi
}

echo "TAP version 13"
echo "1..10"
echo "# storm $storm records a phase, $kills kills, $cycles CCI cycles; logs of 4096, paced below $high"
[ -d /sys/module/cxlfm_sim ] && rmmod cxlfm_sim
[ -d /sys/module/cxlfm ] && rmmod cxlfm
insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko" event_retention=hold
insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"
work=$(mktemp -d)
jnl=$work/events.journal

new_switch() {
	echo "$sim ports=8 vcs=1 vppbs=8 log_cap=4096 payload=65536 event_irq=1" \
		>/sys/bus/cxlfm_sim/new_device
}
cci_id() { sed 's/^cxlfm//' "/sys/bus/cxlfm_sim/devices/sim$sim/cci" 2>/dev/null; }
# records the switch holds in log $1 (0-3)
held() { awk -v l=$(($1 + 2)) 'NR == l { print $3 }' "$dbg/events"; }
held_total() { awk 'NR > 1 { s += $3 } END { print s + 0 }' "$dbg/events"; }
# "logged dropped" of every log, for the check
produced() { awk 'NR > 1 { printf "%s %s ", $(NF - 2), $NF }' "$dbg/events"; }
logged_total() { awk 'NR > 1 { s += $(NF - 2) } END { print s + 0 }' "$dbg/events"; }

# storm RECORDS SECONDS: inject in rounds spread over about SECONDS, pacing
# on the fullest log
storm() {
	local left=$1 log k
	local pause=$(awk -v s="$2" -v r=$(($1 / (4 * per_round) + 1)) 'BEGIN { printf "%.3f", s / r }')
	while [ "$left" -gt 0 ]; do
		sleep "$pause"
		for log in 0 1 2 3; do
			while [ "$(held $log)" -ge $high ]; do sleep 0.05; done
			k=$((left < per_round ? left : per_round))
			[ "$k" -gt 0 ] && echo "$log $k" >"$dbg/inject"
			left=$((left - k))
		done
	done
}

# Wait until the switch holds nothing (everything acknowledged), 180 s.
settle() {
	for _ in $(seq 1800); do
		[ "$(held_total)" = 0 ] && return 0
		sleep 0.1
	done
	echo "# still held after 180 s: $(held_total)"
	return 1
}

start_daemon() { # LOG
	"$cxlfmd" -f -v -j "$jnl" 2>>"$1" &
	dpid=$!
	for _ in $(seq 100); do grep -q journaling "$1" && return 0; sleep 0.1; done
	return 1
}

# The journal's records against what the switch produced (both counted
# since the switch was created): per log, as many records as it logged,
# none dropped, and no record (log, handle, timestamp) twice.
check_phase() {
	$cxlfm -n events -j "$jnl" >"$work/all.json" || { echo "# cxlfm events failed"; return 1; }
	python3 - "$work/all.json" "$(produced)" <<'EOF'
import json, sys
e = [json.loads(l) for l in open(sys.argv[1])]
now = [int(x) for x in sys.argv[2].split()]
recs = [x for x in e if x["event"] == "record"]
keys = [(x["log"], x["handle"], x["timestamp"]) for x in recs]
bad = 0
if len(set(keys)) != len(keys):
    seen, dup = set(), []
    for k in keys:
        if k in seen:
            dup.append(k)
        seen.add(k)
    print("# duplicated records: %d, e.g. %s" % (len(dup), dup[:3]))
    bad = 1
print("# journal: %d records, %d replays recognised" %
      (len(recs), sum(1 for x in e if x["event"] == "replayed")))
for log in range(4):
    logged, dropped = now[2 * log], now[2 * log + 1]
    journaled = sum(1 for x in recs if x["log"] == log)
    print("# log %d: the switch produced %d (dropped %d), the journal holds %d" %
          (log, logged, dropped, journaled))
    if dropped or journaled != logged:
        bad = 1
sys.exit(bad)
EOF
}

new_switch || { echo "Bail out! no simulated switch"; exit 1; }
cci=$(cci_id)
echo "# simulated switch $sim is CCI $cci, retention $(cat /sys/class/cxlfm/cxlfm$cci/event_retention)"
start_daemon "$work/d.log"
result $? "cxlfmd starts as a durable consumer ($(cat /sys/class/cxlfm/cxlfm$cci/durable_consumers) registered)"

# kills: the i-th once the switch logged i/(kills + 1) of the storm
storm "$storm" "$(((kills + 1) * 3 / 2))" &
storm_pid=$!
during=0
for i in $(seq "$kills"); do
	while [ "$(logged_total)" -lt $((storm * i / (kills + 1))) ]; do sleep 0.02; done
	kill -9 "$dpid"
	wait "$dpid" 2>/dev/null
	kill -0 "$storm_pid" 2>/dev/null && during=$((during + 1))
	start_daemon "$work/d.log"
done
wait "$storm_pid"
echo "# $during of the $kills kills while the storm was still injecting"
settle
check_phase
r=$?
[ "$during" = "$kills" ] && [ "$r" = 0 ]
result $? "kill -9 x$kills during $storm records: each record journaled once"

# cycles
storm "$storm" "$((cycles / 2 + 2))" &
storm_pid=$!
for i in $(seq "$cycles"); do
	sleep 0.3
	echo remove >"$dbg/cci"
	sleep 0.1
	echo add >"$dbg/cci"
done
wait "$storm_pid"
settle
check_phase
result $? "CCI withdrawn and registered again x$cycles during $storm records: each record journaled once"
python3 - "$work/all.json" "$cycles" <<'EOF'
import json, sys
e = [json.loads(l) for l in open(sys.argv[1])]
cycles = int(sys.argv[2])
# from the first withdrawal after cxlfmd's last start
start = [x["index"] for x in e if x["event"] == "cxlfmd-start"][-1]
first = min(x["index"] for x in e if x["event"] == "cci-removed" and x["index"] > start)
phase = [x for x in e if x["index"] >= first]
added = [x for x in phase if x["event"] == "cci-added"]
gaps = [x for x in phase if x["event"] == "gap"]
inst = set(x.get("instance") for x in added)
print("# since the first withdrawal: %d cci-added with %d instances, gaps %s" % (len(added), len(inst), [(g["reason"], g.get("size")) for g in gaps]))
sys.exit(0 if len(added) == cycles and len(inst) == cycles and not gaps else 1)
EOF
result $? "each registration journaled as a new instance, no gap"

# stopped
kill -TERM "$dpid"
wait "$dpid"
rc=$?
storm "$((storm / 4 < 4000 ? storm / 4 : 4000))" 1
sleep 1
held_while_down=$(held_total)
start_daemon "$work/d.log"
settle
check_phase
r=$?
echo "# held by the switch while cxlfmd was stopped: $held_while_down"
[ "$rc" = 0 ] && [ "$held_while_down" -gt 0 ] && [ "$r" = 0 ]
result $? "stopped for a while: what was produced meanwhile waited in the switch and is journaled once"

# replay: a second consumer's registration sends the held records again
kill -STOP "$dpid"
echo "1 40" >"$dbg/inject"
for _ in $(seq 50); do [ "$(held 1)" = 40 ] && break; sleep 0.1; done
"$cxlfmd" -f -v -j "$work/second.journal" 2>"$work/d2.log" &
d2=$!
for _ in $(seq 100); do grep -q journaling "$work/d2.log" && break; sleep 0.1; done
sleep 1
kill -CONT "$dpid"
settle
kill -TERM "$d2"
wait "$d2"
$cxlfm -n events -j "$jnl" >"$work/all.json"
$cxlfm -n events -j "$work/second.journal" >"$work/second.json"
python3 - "$work/all.json" "$work/second.json" <<'EOF'
import json, sys
first = [json.loads(l) for l in open(sys.argv[1])]
second = [json.loads(l) for l in open(sys.argv[2])]
def keys(e, kind, after=-1):
    return [(x["log"], x["handle"], x["timestamp"]) for x in e
            if x["event"] == kind and x["index"] > after]
# this phase's 40 records are the journal's last; replays since the first
# (a kill -9 between fdatasync and acknowledgment replays some earlier too)
start = [x["index"] for x in first if x["event"] == "record"][-40] - 1
recs, reps = keys(first, "record"), keys(first, "replayed", start)
recs2 = keys(second, "record")
print("# first: %d records, %d replays (%d of the last 40); second: %d records" %
      (len(recs), len(reps), len(set(reps) & set(recs[-40:])), len(recs2)))
ok = (len(set(recs)) == len(recs) and set(reps) == set(recs[-40:]) and
      len(reps) == 40 and set(recs2) == set(recs[-40:]))
sys.exit(0 if ok else 1)
EOF
result $? "records sent again are journaled once, their copies as replays; the second consumer got them too"

# reload
rmmod cxlfm_sim && rmmod cxlfm
sleep 0.5
insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko" event_retention=hold &&
	insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"
new_switch
cci=$(cci_id)
for _ in $(seq 100); do grep -q "cxlfm is back" "$work/d.log" && break; sleep 0.1; done
grep -q "cxlfm went away" "$work/d.log" && grep -q "cxlfm is back: subscribed again as a durable consumer" "$work/d.log"
result $? "rmmod/insmod: cxlfmd says the module went away and that it subscribed again"
for _ in $(seq 100); do [ "$(cat /sys/class/cxlfm/cxlfm$cci/durable_consumers 2>/dev/null)" = 1 ] && break; sleep 0.1; done
echo "0 25" >"$dbg/inject"
settle
$cxlfm events -j "$jnl" >"$work/all.json"
python3 - "$work/all.json" <<'EOF'
import json, sys
e = [json.loads(l) for l in open(sys.argv[1])]
ev = [x["event"] for x in e]
gone = ev.index("cxlfm-gone") if "cxlfm-gone" in ev else -1
back = ev.index("cxlfm-back") if "cxlfm-back" in ev else -1
after = [x for x in e[back + 1:] if x["event"] == "record"] if back >= 0 else []
print("# cxlfm-gone at %d, cxlfm-back at %d, %d records after it" % (gone, back, len(after)))
sys.exit(0 if 0 <= gone < back and len(after) == 25 else 1)
EOF
result $? "the module's departure and return are journaled, and the new switch's records after them"

kill -TERM "$dpid"
wait "$dpid"
rc=$?
grep -q "stopped cleanly" "$work/d.log"
result $(( rc != 0 || $? != 0 )) "SIGTERM: exit status 0 ($rc), stopped cleanly"
$cxlfm events -j "$jnl" >/dev/null
result $? "the journal reads back whole: every checksum valid"
grep -v ' acked ' "$work/d.log" | sed 's/^/# cxlfmd: /' | tail -n 40
echo "$sim" >/sys/bus/cxlfm_sim/del_device
rm -rf "$work"
[ "$failed" = 0 ]
