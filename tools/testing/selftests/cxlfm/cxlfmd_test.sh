#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cxlfmd against a simulated switch: a 10 000-event storm with a kill -9 of
# the daemon in the middle and a restart.  Then the journal is intact
# (every checksum), every event the daemon acknowledged before the kill is
# in it exactly once, the window it missed is a gap with its size, and the
# journaled events and gap sizes account for every injected event, each
# sequence number once.  `cxlfm events --since` returns the right subset,
# and SIGTERM stops the daemon cleanly with status 0.  Last, daemon mode:
# detached, pid file, events journaled, SIGTERM.  Prints TAP.
#
# No other process listens: the kernel numbers events even while nobody
# does, so the window the daemon was down for is counted exactly.

cxlfm=$CXLFM_USER/bin/cxlfm
cxlfmd=$CXLFM_USER/bin/cxlfmd
sim=78
storm=10000 batch=200
n=0 failed=0
result() { # STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else failed=$((failed + 1)); echo "not ok $n $2"; fi
}

echo "TAP version 13"
echo "1..10"
[ -d /sys/module/cxlfm ] || insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"
[ -d /sys/module/cxlfm_sim ] || insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"
work=$(mktemp -d)
jnl=$work/events.journal

# "acked ... total T, journal E entries, last cci C seq S": the last such line
last_ack() { grep -o 'acked .*' "$1" | tail -n1; }
acked_total() { last_ack "$1" | sed -n 's/.*total \([0-9]*\),.*/\1/p'; }

"$cxlfmd" -f -v -j "$jnl" 2>"$work/run1.log" &
d1=$!
for _ in $(seq 50); do grep -q journaling "$work/run1.log" && break; sleep 0.2; done

echo "$sim ports=8 vcs=1 vppbs=8 log_cap=4096" >/sys/bus/cxlfm_sim/new_device
cci=$(sed 's/^cxlfm//' "/sys/bus/cxlfm_sim/devices/sim$sim/cci")
echo "# simulated switch $sim is CCI $cci"

# The storm: batches of records into the four logs in turn.  The kill
# falls in its middle: the batches from the 20th on wait for it, and the
# 20th to 23rd are sent while the daemon is down.
wait_for() { # FILE: up to 300 s
	for _ in $(seq 3000); do [ -e "$1" ] && return 0; sleep 0.1; done
	return 1
}
(
	for i in $(seq 0 $((storm / batch - 1))); do
		[ "$i" = 20 ] && wait_for "$work/killed"
		[ "$i" = 24 ] && touch "$work/window"
		echo "$((i % 4)) $batch" >"/sys/kernel/debug/cxlfm_sim/$sim/inject"
		sleep 0.1
	done
) &
storm_pid=$!

# Kill -9 once a fifth of the storm is acknowledged.
for _ in $(seq 3000); do
	t=$(acked_total "$work/run1.log")
	[ "${t:-0}" -ge $((storm / 5)) ] && break
	sleep 0.1
done
kill -9 $d1
wait $d1 2>/dev/null
touch "$work/killed"
ack=$(last_ack "$work/run1.log")
echo "# killed after: $ack"
wait_for "$work/window"
storm_left=1
kill -0 $storm_pid 2>/dev/null || storm_left=0
"$cxlfmd" -f -v -j "$jnl" 2>"$work/run2.log" &
d2=$!
wait $storm_pid
[ "$storm_left" = 1 ] && [ "$(acked_total "$work/run1.log")" -ge $((storm / 5)) ]
result $? "the daemon was killed after a fifth of the storm was acknowledged, and restarted in its middle"

# Let the drain finish: every sequence number accounted for, or 120 s.
for _ in $(seq 120); do
	got=$($cxlfm events -j "$jnl" --switch "$cci" 2>/dev/null | python3 -c '
import json, sys
print(sum(1 if e["event"] == "record" else e.get("size", 0)
          for e in map(json.loads, sys.stdin)))')
	[ "${got:-0}" -ge "$storm" ] && break
	sleep 1
done
echo "# records + gap sizes after the storm: $got"

kill -TERM $d2
wait $d2
rc=$?
grep -q "stopped cleanly" "$work/run2.log"
result $(( rc != 0 || $? != 0 )) "SIGTERM: exit status 0 ($rc), stopped cleanly"
sed 's/^/# run1: /' "$work/run1.log" | grep -v acked
sed 's/^/# run2: /' "$work/run2.log" | grep -v acked

$cxlfm events -j "$jnl" >"$work/all.json"
result $? "cxlfm events reads the whole journal: every checksum valid"

# seq S of CCI C and the journal's entry count E acknowledged before the kill
ack_seq=$(sed -n 's/.*last cci [0-9]* seq \([0-9]*\).*/\1/p' <<<"$ack")
ack_entries=$(sed -n 's/.*journal \([0-9]*\) entries.*/\1/p' <<<"$ack")
check() { # DESCRIPTION PYTHON (e: entries, recs: records of the CCI)
	python3 - "$work/all.json" "$cci" "$storm" "${ack_seq:-0}" "${ack_entries:-0}" <<EOF
import json, sys
e = [json.loads(l) for l in open(sys.argv[1])]
cci, storm, ack_seq, ack_entries = map(int, sys.argv[2:])
recs = [x for x in e if x["event"] == "record" and x["cci"] == cci]
gaps = [x for x in e if x["event"] == "gap" and x.get("cci") == cci]
def fail(msg):
    print("# " + msg)
    sys.exit(1)
$2
EOF
	result $? "$1"
}

check "every sequence number once: records and gap windows tile 2..$((storm + 1))" '
seen = {}
for x in recs:
    seen[x["seq"]] = seen.get(x["seq"], 0) + 1
for g in gaps:
    for s in range(g["seq"], g["seq"] + g["size"]):
        seen[s] = seen.get(s, 0) + 1
dup = [s for s, c in seen.items() if c != 1]
if dup:
    fail("seen more than once: %s" % dup[:10])
# seq 1 is the CCI registration
want = set(range(2, storm + 2))
if set(seen) != want:
    fail("missing %s, extra %s" % (sorted(want - set(seen))[:10], sorted(set(seen) - want)[:10]))
print("# %d records, gaps: %s" % (len(recs), [(g["reason"], g["seq"], g["size"]) for g in gaps]))'

check "events + gap sizes == injected ($storm)" '
total = len(recs) + sum(g["size"] for g in gaps)
if total != storm:
    fail("%d records + %d in gaps != %d" % (len(recs), total - len(recs), storm))'

check "acknowledged before the kill: entries kept, seq $ack_seq present once" '
if ack_seq < 2 or ack_entries < 1:
    fail("no acknowledgement seen before the kill")
if [x["seq"] for x in recs].count(ack_seq) != 1:
    fail("acknowledged seq %d not there exactly once" % ack_seq)
starts = [x["index"] for x in e if x["event"] == "cxlfmd-start"]
if len(starts) != 2 or starts[1] < ack_entries:
    fail("second start at %s, before the %d acknowledged entries" % (starts, ack_entries))
if any(x["event"] == "cxlfmd-stop" for x in e if x["index"] < starts[1]):
    fail("a stop marker in the killed run")'

check "the restart window is a gap with its size" '
r = [g for g in gaps if g["reason"] == "restart"]
if len(r) != 1 or r[0]["size"] < 1:
    fail("restart gaps: %s" % r)
if r[0]["index"] <= [x["index"] for x in e if x["event"] == "cxlfmd-start"][1]:
    fail("restart gap before the second start")'

check "the journal ends with a clean stop" '
if e[-1]["event"] != "cxlfmd-stop":
    fail("last entry: %s" % e[-1])'

since=$((storm / 2))
$cxlfm events -j "$jnl" --switch "$cci" --since "$since" >"$work/since.json"
python3 - "$work/all.json" "$work/since.json" "$cci" "$since" <<'EOF'
import json, sys
all_ = [json.loads(l) for l in open(sys.argv[1])]
got = [json.loads(l) for l in open(sys.argv[2])]
cci, since = int(sys.argv[3]), int(sys.argv[4])
want = [x["index"] for x in all_ if x.get("cci") == cci and x["event"] == "record" and x["seq"] > since]
have = [x["index"] for x in got if x["event"] == "record"]
gaps_ok = all(x["seq"] + x["size"] - 1 > since for x in got if x["event"] == "gap" and "size" in x)
print("# --since %d: %d records" % (since, len(have)))
sys.exit(0 if have == want and want and gaps_ok else 1)
EOF
result $? "events --switch $cci --since $since: the records above it, in order"

# Daemon mode: the command returns, the daemon runs detached.
"$cxlfmd" -j "$work/daemon.journal" -p "$work/cxlfmd.pid"
rc=$?
for _ in $(seq 50); do [ -s "$work/cxlfmd.pid" ] && break; sleep 0.1; done
pid=$(cat "$work/cxlfmd.pid" 2>/dev/null)
sid=$(awk '{ print $6 }' "/proc/${pid:-0}/stat" 2>/dev/null)
mysid=$(awk '{ print $6 }' /proc/$$/stat)
for _ in $(seq 50); do $cxlfm events -j "$work/daemon.journal" 2>/dev/null | grep -q cxlfmd-start && break; sleep 0.1; done
echo "0 3" >"/sys/kernel/debug/cxlfm_sim/$sim/inject"
for _ in $(seq 100); do
	[ "$($cxlfm events -j "$work/daemon.journal" --switch "$cci" | grep -c '"record"')" = 3 ] && break
	sleep 0.1
done
kill -TERM "${pid:-0}"
for _ in $(seq 100); do kill -0 "${pid:-0}" 2>/dev/null || break; sleep 0.1; done
events=$($cxlfm events -j "$work/daemon.journal" | python3 -c 'import json, sys; print(" ".join(json.loads(l)["event"] for l in sys.stdin))')
echo "# daemon mode: rc $rc, pid $pid, session $sid, journal: $events"
[ "$rc" = 0 ] && [ -n "$pid" ] && [ -n "$sid" ] && [ "$sid" != "$mysid" ] && [ ! -e "$work/cxlfmd.pid" ] &&
	[ "$events" = "cxlfmd-start record record record cxlfmd-stop" ]
result $? "daemon mode: detached into a session of its own, pid file, 3 records, SIGTERM"

echo "$sim" >/sys/bus/cxlfm_sim/del_device
rm -rf "$work"
[ "$failed" -eq 0 ]
