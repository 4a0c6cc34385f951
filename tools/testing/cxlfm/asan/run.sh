#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# In the test VM: run one selftest against the sanitizer build
# (build/user-asan).  Any ASan, LeakSanitizer or UBSan report fails the
# group, also one from a process whose exit status the test does not look
# at (a CLI call in a script, a daemon stopped by a signal): every report
# is written to a file, and the files are checked after the test.
#
# usage: run.sh TEST   (a name in build/user-asan/selftests)

t=$1
export CXLFM_USER=$CXLFM_TREE/build/user-asan CXLFM_SANITIZED=1
[ -x "$CXLFM_USER/selftests/$t" ] || { echo "no $CXLFM_USER/selftests/$t: make user SAN=1" >&2; exit 1; }
logs=$(mktemp -d)
# abort_on_error: a report kills the process (a kselftest case fails by
# its signal); -fno-sanitize-recover=all makes UBSan reports fatal too.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1:log_path=$logs/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan"
"$CXLFM_USER/selftests/$t"
rc=$?
reports=$(find "$logs" -type f | wc -l)
for f in "$logs"/*; do
	[ -f "$f" ] || continue
	echo "# sanitizer report $(basename "$f"):"
	sed 's/^/# /' "$f"
done
echo "# $t under ASan/UBSan: exit $rc, $reports sanitizer reports"
rm -rf "$logs"
[ "$rc" -eq 0 ] && [ "$reports" -eq 0 ]
