#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The sanitizer build's leak check in kselftest cases (lsan_exit.c), tested
# on the host: a case that leaks fails and leaves a LeakSanitizer report
# naming it; a case that frees what it takes passes and leaves none.  Prints
# TAP.  Built with the flags of make user SAN=1.
set -uo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/../../../.." && pwd)
. "$CXLFM_TOP/scripts/lib.sh"
asan=$CXLFM_TOP/tools/testing/cxlfm/asan
ksft=$CXLFM_CACHE/src-tools/current/tools/testing/selftests
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "TAP version 13"
echo "1..2"
if ! gcc -O2 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Wall -Wextra -Werror -isystem "$ksft" \
	-o "$tmp/canary" "$asan/leak_canary.c" "$asan/lsan_exit.c" \
	-Wl,--wrap=_exit 2>"$tmp/cc.log"; then
	sed 's/^/# /' "$tmp/cc.log"
	echo "not ok 1 the leak canary builds"
	echo "not ok 2 the leak canary builds"
	exit 1
fi

# run_case N CASE: the case's exit status; its reports in $tmp/N/
run_case() {
	mkdir -p "$tmp/$1"
	ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:log_path=$tmp/$1/asan" \
		"$tmp/canary" -t "$2" >"$tmp/$1.out" 2>&1
}

failed=0
run_case 1 leaks_77_bytes
rc=$?
if [ "$rc" -ne 0 ] && grep -qs "Direct leak of 77 byte" "$tmp"/1/* &&
	grep -qs "in leaks_77_bytes " "$tmp"/1/*; then
	echo "ok 1 a test case that leaks fails, with a report naming it"
else
	echo "not ok 1 a test case that leaks fails, with a report naming it (exit $rc)"
	failed=1
	sed 's/^/# /' "$tmp/1.out" "$tmp"/1/* 2>/dev/null
fi

run_case 2 frees_what_it_takes
rc=$?
reports=$(find "$tmp/2" -type f | wc -l)
if [ "$rc" -eq 0 ] && [ "$reports" -eq 0 ]; then
	echo "ok 2 a test case that frees what it takes passes, with no report"
else
	echo "not ok 2 a test case that frees what it takes passes, with no report (exit $rc, $reports reports)"
	failed=1
	sed 's/^/# /' "$tmp/2.out" "$tmp"/2/* 2>/dev/null
fi
exit "$failed"
