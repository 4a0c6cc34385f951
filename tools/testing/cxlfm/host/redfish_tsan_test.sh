#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cxlfm-redfishd's threads under ThreadSanitizer.  The thread that reads
# the broker's events, libmicrohttpd's thread and the push workers share
# the EventService's state (subscriptions, the push queue, the event ring,
# the SSE streams) under one mutex; a build with -fsanitize=thread runs the
# EventService's test (push workers, a destination that never answers,
# restarts) and one round of the many-clients test (SSE streams fed while
# 1000 clients come and go).  Any report of a data race, a lock order
# inversion or a thread leak fails.  Prints TAP.

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
. "$(dirname "$0")/tap.sh"
tsan=$(mktemp -d)
trap 'rm -rf "$tsan"' EXIT
chmod 1777 "$tsan"	# the network process reports after it dropped privileges
echo "TAP version 13"
echo "1..4"

make -s -C "$top" redfishd-tsan WERROR=1 >"$tsan/build.log" 2>&1
rc=$?
result $rc "cxlfm-redfishd built with -fsanitize=thread"
[ $rc = 0 ] || { saw build "$(tail -n 20 "$tsan/build.log")"; exit 1; }

export CXLFM_REDFISHD=$top/build/user-tsan/cxlfm-redfishd
export TSAN_OPTIONS="log_path=$tsan/report"
bash "$top/tools/testing/cxlfm/host/redfish_events_test.sh" >"$tsan/events.tap" 2>&1
rc=$?
result $rc "redfish_events_test under TSan: $(tail -n 1 "$tsan/events.tap" | tr -d '#')"
[ $rc = 0 ] || saw "redfish_events_test" "$(grep -A3 '^not ok' "$tsan/events.tap")"
RF_CLIENTS_ROUNDS=1 bash "$top/tools/testing/cxlfm/host/redfish_clients_test.sh" \
	>"$tsan/clients.tap" 2>&1
rc=$?
result $rc "redfish_clients_test (one round) under TSan: $(tail -n 1 "$tsan/clients.tap" | tr -d '#')"
[ $rc = 0 ] || saw "redfish_clients_test" "$(grep -A3 '^not ok' "$tsan/clients.tap")"
reports=$(cat "$tsan"/report.* 2>/dev/null)
[ -z "$reports" ]
result $? "no ThreadSanitizer report"
[ -z "$reports" ] || saw "ThreadSanitizer" "$(grep -E 'WARNING|SUMMARY|#[0-9] ' <<<"$reports" | head -n 60)"
[ "$failed" = 0 ]
