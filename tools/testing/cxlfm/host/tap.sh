# SPDX-License-Identifier: GPL-2.0
#
# TAP for the host tests, sourced by each: result() counts and prints one
# check, saw() prints what a failing check saw as comments, so that a red
# run explains itself.

n=0 failed=0

result() { # STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else failed=$((failed + 1)); echo "not ok $n $2"; fi
}

saw() { # LABEL TEXT: what a failing check saw, as TAP comments
	echo "# $1:"
	sed 's/^/#   /' <<<"$2"
}
