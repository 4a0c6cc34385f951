#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The journal as operators run it: cxlfmd with a small segment size and a
# size bound under an event storm from a simulated switch, while
# `cxlfm events --follow --cursor` prints it (and is restarted once with
# its cursor), cxlfmd gets a SIGHUP in the middle, and cxlfmd talks to a
# NOTIFY_SOCKET and a journald socket that this test listens on itself
# (the VM has no systemd).  Then: the follower printed every journaled
# entry exactly once across the rotations, the restart and the reopen;
# retention deleted old segments and kept the bound; the notify protocol
# said READY, pinged the watchdog, RELOADING/READY around the SIGHUP and
# STOPPING; every entry reached the journald socket once; with stderr as
# the journal's stream ($JOURNAL_STREAM), each log line carries its
# priority as journald's "<N>" prefix.  Prints TAP.

cxlfm=$CXLFM_USER/bin/cxlfm
cxlfmd=$CXLFM_USER/bin/cxlfmd
sim=83
seg=16384 max=131072	# 63 entries a segment, 8 segments kept
storm=2000 batch=100
n=0 failed=0
result() { # STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else failed=$((failed + 1)); echo "not ok $n $2"; fi
}

echo "TAP version 13"
echo "1..9"
[ -d /sys/module/cxlfm ] || insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"
[ -d /sys/module/cxlfm_sim ] || insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"
work=$(mktemp -d)
jnl=$work/events.journal
# as systemd sets it: room for a burst of datagrams to journald
qlen=$(cat /proc/sys/net/unix/max_dgram_qlen)
echo 512 >/proc/sys/net/unix/max_dgram_qlen

# Listeners: each datagram on one line, newlines as '|'.
listen() { # SOCKET LOG
	python3 -u -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
s.bind(sys.argv[1])
while True:
    print(s.recv(65536).decode().rstrip("\n").replace("\n", "|"), flush=True)
' "$1" >"$2" &
	for _ in $(seq 50); do [ -S "$1" ] && return 0; sleep 0.1; done
	return 1
}
listen "$work/notify" "$work/notify.log"
notify_pid=$!
listen "$work/journald" "$work/journald.log"
journald_pid=$!

wait_for() { # COMMAND...: up to 120 s
	for _ in $(seq 1200); do "$@" && return 0; sleep 0.1; done
	return 1
}
notified() { grep -c "^$1\$" "$work/notify.log"; }

# The watchdog at 0.4 s: a ping every 0.2 s.  WATCHDOG_PID is cxlfmd's.
# JOURNAL_STREAM names the log file as systemd names the journal's stream.
: >"$work/cxlfmd.log"
stream=$(stat -c %d:%i "$work/cxlfmd.log")
(
	export NOTIFY_SOCKET=$work/notify WATCHDOG_USEC=400000 WATCHDOG_PID=$BASHPID
	export JOURNAL_STREAM=$stream
	exec "$cxlfmd" -f -v -j "$jnl" --segment-size $seg --max-size $max \
		--journald="$work/journald"
) 2>>"$work/cxlfmd.log" &
d=$!
wait_for grep -q "^READY=1|STATUS=journaling" "$work/notify.log"
result $? "READY=1 with a status once the journal is open"

echo "$sim ports=8 vcs=1 vppbs=8 log_cap=4096" >/sys/bus/cxlfm_sim/new_device
cci=$(sed 's/^cxlfm//' "/sys/bus/cxlfm_sim/devices/sim$sim/cci")
echo "# simulated switch $sim is CCI $cci"

follow() { # OUTPUT
	"$cxlfm" events --follow -j "$jnl" --cursor "$work/cursor" >"$1" 2>>"$work/follow.err" &
	f=$!
}
follow "$work/follow1.json"

# The journal's entry count from cxlfmd's last "acked" line
entries() { grep -o 'journal [0-9]* entries' "$work/cxlfmd.log" | tail -n1 | tr -dc 0-9; }
cursor() { tr -dc 0-9 <"$work/cursor" 2>/dev/null | sed 's/^0*\(.\)/\1/'; }
# The follower may not fall more than 2 batches behind: retention would
# delete what it has not read, which it would report as a gap, and this
# test is about rotation, not about how fast a follower is on TCG.
behind() {
	local e c
	e=$(entries) c=$(cursor)
	[ $(( ${e:-0} - ${c:-0} )) -lt 200 ]
}

# SIGHUP after a third of the storm, the follower's restart after two
batches=$((storm / batch))
for i in $(seq 0 $((batches - 1))); do
	wait_for behind
	echo "$((i % 4)) $batch" >"/sys/kernel/debug/cxlfm_sim/$sim/inject"
	if [ "$i" = $((batches / 3)) ]; then
		kill -HUP $d
	elif [ "$i" = $((2 * batches / 3)) ]; then
		# the reader restarts from its cursor across rotations
		kill -TERM $f
		wait $f
		echo "# follower stopped at index $(cursor)"
		follow "$work/follow2.json"
	fi
	sleep 0.1
done

# Every sequence number accounted for (records and gaps), or 120 s.
drained() {
	local got
	got=$(grep -hE '"cci":'"$cci"'[,}]' "$work"/follow*.json | python3 -c '
import json, sys
print(sum(1 if e["event"] == "record" else e.get("size", 0)
          for e in map(json.loads, sys.stdin)))')
	[ "${got:-0}" -ge "$storm" ]
}
pinged() { [ "$(notified WATCHDOG=1)" -ge 3 ]; }
wait_for drained
wait_for pinged
kill -TERM $d
wait $d
rc=$?
# the follower catches up with the stop entry, then is stopped
total=$("$cxlfm" events -j "$jnl" | tail -n1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["index"] + 1)')
at_end() { [ "$(cursor)" = "$((total - 1))" ]; }
wait_for at_end
kill -TERM $f
wait $f
frc=$?
grep -v acked "$work/cxlfmd.log" | sed 's/^/# cxlfmd: /'
sed 's/^/# follow: /' "$work/follow.err"
echo "# notify: $(sort "$work/notify.log" | uniq -c | tr -s ' \n' ' ')"
grep -q "stopped cleanly" "$work/cxlfmd.log"
result $(( rc != 0 || frc != 0 || $? != 0 )) "SIGTERM: cxlfmd exit status 0 ($rc), stopped cleanly; follower exit status 0 ($frc)"

python3 - "$total" "$cci" "$storm" "$work"/follow1.json "$work"/follow2.json <<'EOF'
import json, sys
total, cci, storm = map(int, sys.argv[1:4])
e = [json.loads(l) for f in sys.argv[4:] for l in open(f)]
idx = [x["index"] for x in e]
bad = [x for x in e if x["event"] in ("corrupt",) or x.get("reason") == "retired"]
print("# follower: %d objects, %d and %d before and after its restart" %
      (len(e), sum(1 for _ in open(sys.argv[4])), sum(1 for _ in open(sys.argv[5]))))
if idx != list(range(total)) or bad:
    dup = sorted({i for i in idx if idx.count(i) > 1})
    print("# want indices 0..%d once each: missing %s, repeated %s, retired/corrupt %s" %
          (total - 1, sorted(set(range(total)) - set(idx))[:10], dup[:10], bad[:3]))
    sys.exit(1)
recs = [x for x in e if x["event"] == "record" and x["cci"] == cci]
gaps = [x for x in e if x["event"] == "gap" and x.get("cci") == cci]
seen = sorted([x["seq"] for x in recs] +
              [s for g in gaps for s in range(g["seq"], g["seq"] + g["size"])])
if seen != list(range(2, storm + 2)):
    print("# sequence numbers not 2..%d once each: %d records, gaps %s" %
          (storm + 1, len(recs), [(g["reason"], g["seq"], g["size"]) for g in gaps]))
    sys.exit(1)
EOF
result $? "the follower printed every journaled entry once, across rotations, a SIGHUP and its own restart"

segs=$(ls "$jnl".???????????????? 2>/dev/null | wc -l)
size=$(cat "$jnl" "$jnl".???????????????? 2>/dev/null | wc -c)
first=$("$cxlfm" events -j "$jnl" | head -n1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["index"])')
echo "# $total entries written, $segs segment files left ($size bytes), first index $first"
[ ! -e "$jnl" ] && [ "$segs" -ge 2 ] && [ "$size" -le $((max + seg)) ] &&
	[ "$first" -gt 0 ] && [ $((total * 256)) -gt $((2 * max)) ] &&
	grep -q "deleted .* old segments" "$work/cxlfmd.log"
result $? "retention deleted the old segments: the journal kept within --max-size"

"$cxlfm" events -j "$jnl" >"$work/now.json"
python3 - "$work/now.json" "$work"/follow1.json "$work"/follow2.json <<'EOF'
import json, sys
now = [l for l in open(sys.argv[1])]
followed = [l for f in sys.argv[2:] for l in open(f)]
sys.exit(0 if now and followed[-len(now):] == now else 1)
EOF
result $? "what retention kept reads back as the follower printed it"

grep -q "journal .* reopened on SIGHUP" "$work/cxlfmd.log" &&
	grep -q "^RELOADING=1|MONOTONIC_USEC=[0-9]*$" "$work/notify.log" &&
	[ "$(notified READY=1)" = 1 ]
result $? "SIGHUP: the journal reopened and logged, RELOADING=1 then READY=1"

python3 - "$work/notify.log" <<'EOF'
import sys
msgs = [l.rstrip("\n") for l in open(sys.argv[1])]
ok = (msgs[0].startswith("READY=1") and msgs[-1] == "STOPPING=1" and
      msgs.count("WATCHDOG=1") >= 3)
if not ok:
    print("# datagrams: first %s, last %s, %d pings" % (msgs[:1], msgs[-1:], msgs.count("WATCHDOG=1")))
sys.exit(0 if ok else 1)
EOF
result $? "notify protocol: READY=1 first, WATCHDOG=1 pings, STOPPING=1 last"

sent() { [ "$(wc -l <"$work/journald.log")" -ge "$total" ]; }
wait_for sent
python3 - "$work/journald.log" "$total" <<'EOF'
import sys
total = int(sys.argv[2])
idx = []
for l in open(sys.argv[1]):
    f = dict(kv.split("=", 1) for kv in l.rstrip("\n").split("|"))
    idx.append(int(f["CXLFM_INDEX"]))
    if not f["MESSAGE"] or f["PRIORITY"] not in "01234567" or f["SYSLOG_IDENTIFIER"] != "cxlfmd":
        print("# bad entry: %s" % f)
        sys.exit(1)
if idx != list(range(total)):
    print("# %d entries sent, want indices 0..%d once each" % (len(idx), total - 1))
    sys.exit(1)
EOF
result $? "--journald: every entry reached the journald socket once, with its fields"

other=$(grep -cv '^<[0-7]>cxlfmd: ' "$work/cxlfmd.log")
grep -q '^<7>cxlfmd: acked ' "$work/cxlfmd.log" &&
	grep -q '^<6>cxlfmd: journaling to ' "$work/cxlfmd.log" &&
	grep -q '^<5>cxlfmd: journal .* reopened on SIGHUP' "$work/cxlfmd.log" &&
	[ "$other" = 0 ]
rc=$?
[ "$rc" = 0 ] || grep -v acked "$work/cxlfmd.log" | head -n 5 | sed 's/^/# log: /'
result $rc "stderr as the journal's stream: every line has its priority prefix ($other without)"

kill $notify_pid $journald_pid
wait $notify_pid $journald_pid 2>/dev/null
echo "$qlen" >/proc/sys/net/unix/max_dgram_qlen
echo "$sim" >/sys/bus/cxlfm_sim/del_device
rm -rf "$work"
[ "$failed" -eq 0 ]
