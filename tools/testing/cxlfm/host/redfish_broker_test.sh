#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cxlfm-redfishd's privileged broker against forged REPORT requests, the
# ones a compromised network process could send
# (tools/testing/cxlfm/redfish/broker_report.c: the real broker with
# libcxlfm's entry points replaced at link time).  Builds it, runs it;
# its TAP is this test's.  Needs libcxlfm built (make user).

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
rf=$top/tools/cxlfm-redfishd
lib=$top/build/user/lib
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wraps=cxlfm_new,--wrap=cxlfm_unref,--wrap=cxlfm_events_open,--wrap=cxlfm_fabric_notify_sized
wraps=$wraps,--wrap=cxlfm_last_return_code
# shellcheck disable=SC2046 # pkg-config's words
if ! cc -O2 -g -Wall -Wextra -Werror -I"$top/include" -I"$top/include/uapi" -I"$rf" \
	$(pkg-config --cflags json-c gnutls libnl-genl-3.0) -o "$out/broker_report" \
	"$top/tools/testing/cxlfm/redfish/broker_report.c" "$rf/broker.c" "$rf/feed.c" \
	"$rf/remote.c" "$rf/client.c" "$rf/broker_call.c" \
	-L"$lib" -lcxlfm -Wl,-rpath,"$lib" -Wl,--wrap="$wraps" \
	$(pkg-config --libs json-c gnutls libnl-genl-3.0) -lpthread >"$out/cc.log" 2>&1; then
	echo "TAP version 13"
	echo "1..1"
	echo "not ok 1 broker_report builds"
	sed 's/^/#   /' "$out/cc.log"
	exit 1
fi
"$out/broker_report"
