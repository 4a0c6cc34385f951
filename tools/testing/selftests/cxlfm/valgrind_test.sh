#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libcxlfm, the CLI and cxlfmd under valgrind against a simulated switch:
# no invalid access, no leak (definite or possible), and the output is
# still right.  The error paths and `cxlfm events` on a journal of every
# entry type run under valgrind on the host
# (tools/testing/cxlfm/host/install_test.sh).  Prints TAP.

cxlfm=$CXLFM_USER/bin/cxlfm
cxlfmd=$CXLFM_USER/bin/cxlfmd
sim=79
n=0 failed=0
result() { # STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else failed=$((failed + 1)); echo "not ok $n $2"; fi
}
vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,possible)

echo "TAP version 13"
echo "1..3"
[ -d /sys/module/cxlfm ] || insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"
[ -d /sys/module/cxlfm_sim ] || insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"
work=$(mktemp -d)
echo "$sim ports=4 vcs=1 vppbs=4" >/sys/bus/cxlfm_sim/new_device
cci=$(sed 's/^cxlfm//' "/sys/bus/cxlfm_sim/devices/sim$sim/cci")
debugfs=/sys/kernel/debug/cxlfm_sim/$sim

t0=$(date +%s)
out=$("${vg[@]}" "$cxlfm" list)
rc=$?
echo "# list took $(($(date +%s) - t0)) s"
echo "# list: $out"
python3 -c 'import json, sys; sys.exit(0 if any(c["cci"] == int(sys.argv[2]) and c["switch"] and c["ports"] == 4 for c in json.loads(sys.argv[1])) else 1)' "$out" "$cci"
result $(( rc != 0 || $? != 0 )) "cxlfm list: the simulated switch, valgrind clean (rc $rc)"

# monitor: wait until it blocks in poll() (subscribed), then 5 records.
t0=$(date +%s)
"${vg[@]}" "$cxlfm" monitor -s "$cci" >"$work/monitor.json" 2>"$work/monitor.err" &
mon=$!
for _ in $(seq 600); do grep -q poll "/proc/$mon/wchan" 2>/dev/null && break; sleep 0.5; done
echo "# monitor subscribed after $(($(date +%s) - t0)) s"
echo "0 3" >"$debugfs/inject"
echo "1 2" >"$debugfs/inject"
for _ in $(seq 600); do [ "$(wc -l <"$work/monitor.json")" -ge 5 ] && break; sleep 0.5; done
kill -INT $mon
wait $mon
rc=$?
echo "# monitor done after $(($(date +%s) - t0)) s"
sed 's/^/# /' "$work/monitor.err"
python3 -c 'import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if [e["log"] for e in ev] == ["info"] * 3 + ["warn"] * 2 and all(e["event"] == "record" and e["missed"] == 0 for e in ev) else 1)' "$work/monitor.json"
result $(( rc != 0 || $? != 0 )) "cxlfm monitor: 5 records in order, SIGINT, valgrind clean (rc $rc)"

# cxlfmd: 5 records journaled, then SIGTERM
t0=$(date +%s)
"${vg[@]}" "$cxlfmd" -f -v -j "$work/journal" 2>"$work/cxlfmd.log" &
daemon=$!
for _ in $(seq 600); do grep -q journaling "$work/cxlfmd.log" && break; sleep 0.5; done
echo "0 3" >"$debugfs/inject"
echo "1 2" >"$debugfs/inject"
for _ in $(seq 600); do grep -q "total 5," "$work/cxlfmd.log" && break; sleep 0.5; done
kill -TERM $daemon
wait $daemon
rc=$?
echo "# cxlfmd done after $(($(date +%s) - t0)) s"
sed 's/^/# /' "$work/cxlfmd.log"
events=$($cxlfm events -j "$work/journal" --switch "$cci" | python3 -c 'import json, sys; print(" ".join(json.loads(l)["event"] for l in sys.stdin))')
echo "# journal: $events"
grep -q "stopped cleanly after 5 events" "$work/cxlfmd.log" &&
	[ "$events" = "cxlfmd-start record record record record record cxlfmd-stop" ]
result $(( rc != 0 || $? != 0 )) "cxlfmd: 5 events journaled, SIGTERM, valgrind clean (rc $rc)"

echo "$sim" >/sys/bus/cxlfm_sim/del_device
rm -rf "$work"
[ "$failed" -eq 0 ]
