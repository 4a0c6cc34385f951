#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cxlfm checks its arguments before it opens anything, on the host, with
# or without the kernel module: for every verb and sub-command an unknown
# option, and for each kind of value a bad one, is a usage error (exit 2)
# whose message names it, and strace sees no netlink socket (nor, for
# events, the journal) opened.  --version and -V print the version.  The
# destructive operations (port control reset and perst-assert, unbind
# --mode surprise) want --force when stdin is no terminal, and on one
# (script(1)) ask: "n" does nothing, "y" goes on to open the library.
# Prints TAP.

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
cxlfm=${CXLFM_CLI:-$top/build/user/bin/cxlfm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/tap.sh"
# Run cxlfm ARGS under strace: exit status in $rc, stderr in $err; and
# whether it opened a netlink socket or the journal ($opened: yes/no).
traced() {
	strace -f -qq -e trace=socket,openat -o "$tmp/trace" "$cxlfm" "$@" \
		</dev/null >/dev/null 2>"$tmp/err"
	rc=$?
	err=$(cat "$tmp/err")
	if grep -q 'socket(AF_NETLINK\|journal-not-to-open' "$tmp/trace"; then opened=yes; else opened=no; fi
}
usage_error() { # DESCRIPTION EXPECTED-MESSAGE ARGS...
	local what=$1 msg=$2
	shift 2
	traced "$@"
	[ "$rc" = 2 ] && [ "$opened" = no ] && grep -qF -- "$msg" <<<"$err"
	local ok=$?
	[ $ok = 0 ] || echo "# cxlfm $*: exit $rc, opened: $opened, stderr: $err"
	result $ok "$what"
}

echo "TAP version 13"
[ -x "$cxlfm" ] || make -s -C "$top" tools >/dev/null
command -v strace >/dev/null || { echo "1..0 # SKIP no strace"; exit 0; }
verbs=$("$cxlfm" --help | awk '/^  [a-z]/ { print $1 }')
cmds=()
for v in $verbs; do
	subs=$("$cxlfm" "$v" --help | sed -n 's/^sub-commands of [a-z]*: \([a-z ]*\) (.*/\1/p')
	if [ -n "$subs" ]; then
		for s in $subs; do cmds+=("$v $s"); done
	else
		cmds+=("$v")
	fi
done
echo "1..$((${#cmds[@]} + 19))"

for c in "${cmds[@]}"; do
	# shellcheck disable=SC2086 # the verb and its sub-command
	usage_error "cxlfm $c --frobnicate: a usage error naming it, nothing opened" \
		"frobnicate" $c --frobnicate -s 0 -j "$tmp/journal-not-to-open"
done
usage_error "-s x: names the value" "bad number 'x' for -s" list -s x
usage_error "--vcs 300: names the value and its range" "bad number '300' for --vcs (0-255)" \
	bind -s 0 --vcs 300 --vppb 0 --port 1
usage_error "--mode bogus" "unknown --mode 'bogus'" unbind -s 0 --vcs 0 --vppb 0 --mode bogus
usage_error "--policy of another verb's" "unknown --policy 'free'" inband set -s 0 --policy free
usage_error "--change bogus" "unknown --change 'bogus'" notify -s 0 --vcs 0 --vppb 0 --change bogus
usage_error "--tag too short" "--tag takes 32 hex digits, not 'abc'" dcd release -s 0 -p 1 --tag abc
usage_error "an option of another verb" "option '--dot' does not apply here" vcs show -s 0 --dot
usage_error "a missing value" "option '--vcs' needs a value" bind -s 0 --vcs
usage_error "an operation port control does not know" "unknown operation 'explode'" \
	port control -s 0 -p 1 explode
usage_error "raw: a bad opcode" "is not an opcode" raw -s 0 0x12345
usage_error "events --since garbage, the journal left closed" "--since 'garbage'" \
	events --since garbage -j "$tmp/journal-not-to-open"

v=$("$cxlfm" version)
[ -n "$v" ] && [ "$("$cxlfm" --version)" = "$v" ] && [ "$("$cxlfm" -V)" = "$v" ]
result $? "cxlfm --version and -V print what cxlfm version does ($v)"

usage_error "port control reset without a terminal: --force wanted, nothing opened" \
	"give --force" port control -s 0 -p 1 reset
usage_error "port control perst-assert likewise" "give --force" port control -s 0 -p 1 perst-assert
usage_error "unbind --mode surprise likewise" "give --force" unbind -s 0 --vcs 0 --vppb 1 --mode surprise
traced port control -s 0 -p 1 reset --force
[ "$rc" != 2 ] && [ "$opened" = yes ]
result $? "with --force it goes on to the library (exit $rc, opened: $opened)"
traced port control -s 0 -p 1 perst-deassert
[ "$rc" != 2 ] && [ "$opened" = yes ]
result $? "perst-deassert needs no --force (exit $rc, opened: $opened)"

# On a terminal: the question, then the answer decides.
on_tty() { # ANSWER ARGS...: cxlfm ARGS on a pty, ANSWER typed
	local answer=$1
	shift
	printf '%s\n' "$answer" | script -qec "strace -f -qq -e trace=socket -o $tmp/trace $cxlfm $*" \
		/dev/null >"$tmp/tty" 2>&1
	rc=$?
	if grep -q 'socket(AF_NETLINK' "$tmp/trace"; then opened=yes; else opened=no; fi
}
if command -v script >/dev/null; then
	on_tty n unbind -s 0 --vcs 0 --vppb 1 --mode surprise
	[ "$rc" = 1 ] && [ "$opened" = no ] && grep -q "surprise-remove vPPB 1 of VCS 0 of switch 0. Go on? \[y/N\]" "$tmp/tty" &&
		grep -q "not confirmed: nothing done" "$tmp/tty"
	rc2=$?
	[ "$rc2" = 0 ] || sed 's/^/# tty: /' "$tmp/tty"
	result $rc2 "on a terminal it asks; 'n' does nothing (exit $rc, opened: $opened)"
	on_tty y port control -s 0 -p 1 reset
	[ "$opened" = yes ] && grep -q "reset port 1 of switch 0. Go on?" "$tmp/tty"
	rc2=$?
	[ "$rc2" = 0 ] || sed 's/^/# tty: /' "$tmp/tty"
	result $rc2 "on a terminal 'y' goes on to the library (exit $rc, opened: $opened)"
else
	echo "ok $((n += 1)) # SKIP no script(1)"
	echo "ok $((n += 1)) # SKIP no script(1)"
fi

[ "$failed" -eq 0 ]
