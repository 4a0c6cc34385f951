#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The bash completion of cxlfm, on the host, without the kernel module:
# the script sources contrib/bash-completion/cxlfm, sets COMP_WORDS and
# COMP_CWORD as bash does, calls _cxlfm and checks COMPREPLY.  For every
# verb `cxlfm --help` lists: after the verb its sub-commands, or its
# options; after each sub-command exactly the options and operations its
# --help lists; after -s the CCI ids of a fake sysfs (CXLFM_SYSFS_ROOT);
# after --mode, --policy, --change and the on|off settings the values the
# parser takes, which it then accepts.  events' options as its usage lists
# them.  Prints TAP.

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
cxlfm=${CXLFM_CLI:-$top/build/user/bin/cxlfm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/tap.sh"
# What bash would offer for "cxlfm WORD... CUR": one line, sorted.
comp() { # WORD... CUR
	CXLFM_SYSFS_ROOT=$tmp/sys bash -c '. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _cxlfm
		printf "%s\n" "${COMPREPLY[@]}"' _ "$top/contrib/bash-completion/cxlfm" "$cxlfm" "$@" |
		grep . | sort | tr '\n' ' '
}
sorted() { tr ' ' '\n' <<<"$*" | grep . | sort -u | tr '\n' ' '; }
# Options a --help lists ("  -s, --switch ID", "  --force"): their names.
help_opts() {
	grep -v '(global' | sed -n 's/^  \(-[a-z]\)\?\(, \)\?\(--[a-z0-9-]*\)\?.*/\1 \3/p' | grep -v '^ *$'
}
# The words a --help gives as "the operation", and a --policy's names.
help_words() { sed -n "s/^  \([a-z|-]*\) (the operation)$/\1/p" | tr '|' ' '; }
help_policy() { sed -n 's/^  --policy \([a-z|]*\)$/\1/p' | tr '|' ' '; }
globals="-u --human -n --numeric -v --verbose"

echo "TAP version 13"
[ -x "$cxlfm" ] || make -s -C "$top" tools >/dev/null || { echo "1..0 # SKIP no cxlfm built"; exit 1; }
verbs=$("$cxlfm" --help | awk '/^  [a-z]/ { print $1 }')
# a plan: 4 checks, then 1 per verb, 1 per sub-command, 8 for values, 2 for events
nsub=0
for v in $verbs; do
	subs=$("$cxlfm" "$v" --help | sed -n 's/^sub-commands of [a-z]*: \([a-z ]*\) (.*/\1/p')
	for _ in $subs; do nsub=$((nsub + 1)); done
done
echo "1..$((4 + $(wc -w <<<"$verbs") + nsub + 8 + 2))"
mkdir -p "$tmp/sys/class/cxlfm/cxlfm0" "$tmp/sys/class/cxlfm/cxlfm12"

got=$(comp "")
want=$(sorted "$verbs $globals -V --version -h --help")
[ "$got" = "$want" ]
result $? "cxlfm <TAB>: every verb and the global options (saw: $got)"
got=$(comp -)
[[ " $got " == *" --version "* && " $got " == *" --numeric "* && " $got " == *" --human "* ]]
result $? "cxlfm -<TAB>: the global options, --version among them (saw: $got)"
got=$(comp -u b)
[ "$got" = "bg bind " ]
result $? "cxlfm -u b<TAB>: a prefix after a global option (saw: $got)"
got=$(comp frobnicate "")
[ -z "$got" ]
result $? "an unknown verb: nothing offered (saw: $got)"

for v in $verbs; do
	help=$("$cxlfm" "$v" --help)
	subs=$(sed -n 's/^sub-commands of [a-z]*: \([a-z ]*\) (.*/\1/p' <<<"$help")
	if [ -n "$subs" ]; then
		got=$(comp "$v" "")
		want=$(sorted "$subs")
		[ "$got" = "$want" ]
		result $? "cxlfm $v <TAB>: its sub-commands $want(saw: $got)"
		for s in $subs; do
			shelp=$("$cxlfm" "$v" "$s" --help)
			want=$(sorted "$(help_opts <<<"$shelp") $(help_words <<<"$shelp") $globals -h --help")
			got=$(comp "$v" -s 0 "$s" "")
			[ "$got" = "$want" ]
			rc=$?
			[ "$rc" = 0 ] || echo "# want: $want"
			result $rc "cxlfm $v -s 0 $s <TAB>: the options and operations of its --help (saw: $got)"
		done
	elif [ "$v" = events ]; then
		want=$(sorted "$(sed -n 's/^  \(-[a-z], \)\?\(--[a-z]*\).*/\1 \2/p' <<<"$help" | tr -d ,) -h --help -v --verbose")
		got=$(comp events -u "")
		[ "$got" = "$want" ]
		rc=$?
		[ "$rc" = 0 ] || echo "# want: $want"
		result $rc "cxlfm events <TAB>: the options its usage lists (saw: $got)"
	else
		want=$(sorted "$(help_opts <<<"$help") $(help_words <<<"$help") $globals -h --help")
		got=$(comp "$v" "")
		[ "$got" = "$want" ]
		rc=$?
		[ "$rc" = 0 ] || echo "# want: $want"
		result $rc "cxlfm $v <TAB>: the options of its --help (saw: $got)"
	fi
done

got=$(comp list -s "")
[ "$got" = "0 12 " ]
result $? "after -s: the CCI ids in sysfs (saw: $got)"
got=$(comp port show --switch "")
[ "$got" = "0 12 " ]
result $? "after --switch of a sub-command: the CCI ids (saw: $got)"

# Each value offered is one the parser takes: the command then fails only
# for want of the module (exit 1), never as a usage error (exit 2).
accepts() { # COMPLETED-WORDS... -- VALUE: run with the value
	"$cxlfm" "$@" </dev/null >/dev/null 2>"$tmp/err"
	[ $? != 2 ] || { sed 's/^/# /' "$tmp/err"; return 1; }
}
values_ok() { # DESCRIPTION WANT WORDS-BEFORE-VALUE...; the rest checked by accepts
	local what=$1 want=$2 got ok=0 val
	shift 2
	got=$(comp "$@" "")
	[ "$got" = "$(sorted "$want")" ] || ok=1
	for val in $got; do accepts "$@" "$val" || { ok=1; echo "# refused: $* $val"; }; done
	result $ok "$what (saw: $got)"
}
values_ok "unbind --mode: wait managed surprise, each accepted" "wait managed surprise" \
	unbind -s 0 --vcs 0 --vppb 0 --force --mode
values_ok "dcd add --policy: its four policies, each accepted" \
	"$("$cxlfm" dcd add --help | help_policy)" dcd add -s 0 -p 1 --extent 0:1 --length 1 --policy
values_ok "dcd release --policy: its two, each accepted" \
	"$("$cxlfm" dcd release --help | help_policy)" dcd release -s 0 -p 1 --extent 0:1 --tag 00000000000000000000000000000000 --policy
values_ok "inband set --policy: auto notify off force remote, each accepted" "auto notify off force remote" \
	inband set -s 0 --policy
values_ok "notify --change: the four changes, each accepted" "bind unbind link-up link-down" \
	notify -s 0 --vcs 0 --vppb 0 --port 1 --change
values_ok "qos set --temp-tput: on off, each accepted" "on off" qos set -s 0 -p 1 --temp-tput

got=$(cd "$tmp" && touch journal.a journal.b && comp events -j journal.)
[ "$got" = "journal.a journal.b " ]
result $? "events -j: file names (saw: $got)"
got=$(comp events --since "")
[ -z "$got" ]
result $? "events --since: nothing to offer, no option in place of its value (saw: $got)"

[ "$failed" -eq 0 ]
