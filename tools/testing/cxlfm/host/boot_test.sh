#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Set-up puts no kernel into the host's boot path (scripts/setup.sh):
#  * what it would install has no linux-image-* package: `apt-get -s install`
#    of its package list, as set-up runs it (--no-install-recommends), once
#    as on a fresh Debian 12 machine (an empty dpkg status, so that nothing
#    installed here hides a dependency) and once on this machine;
#  * /boot is the same after set-up as before it.  check.sh takes the
#    snapshot before its set-up step and passes it (--before FILE); without
#    it the test snapshots /boot, runs set-up for $CXLFM_LEGS and compares.
# Prints TAP.
#
# usage: boot_test.sh [--before FILE]
#        boot_test.sh --snapshot      print the snapshot of /boot and exit

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)

# Every file, link and directory under /boot with its size, mode and
# modification time: a new kernel, initramfs or boot menu entry shows.
snapshot() {
	find /boot -printf '%y %m %s %T@ %p%l\n' 2>/dev/null | sort -k5
}

before=
case "${1:-}" in
--snapshot) snapshot; exit 0 ;;
--before) before=$2 ;;
"") ;;
*) echo "usage: $0 [--before FILE | --snapshot]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/tap.sh"

echo "TAP version 13"
echo "1..3"

mapfile -t pkgs < <(bash "$top/scripts/setup.sh" --print-packages)
echo "# set-up's packages: ${pkgs[*]}"

# SIMULATION_NAME [APT OPTIONS...]: what apt would install, one package a
# line; fails if apt cannot resolve the list at all.
would_install() {
	local name=$1 out

	shift
	if ! out=$(apt-get -s -q "$@" install --no-install-recommends "${pkgs[@]}" 2>&1); then
		saw "apt-get -s install ($name) failed" "$out"
		return 1
	fi
	sed -n 's/^Inst \([^ ]*\) .*/\1/p' <<<"$out" >"$tmp/$name"
}

: >"$tmp/empty-status"
for sim in fresh here; do
	case $sim in
	fresh) opts=(-o Dir::State::status="$tmp/empty-status") what="a fresh machine (empty dpkg status)" ;;
	here) opts=() what="this machine" ;;
	esac
	if would_install "$sim" "${opts[@]}"; then
		images=$(grep '^linux-image-' "$tmp/$sim" | paste -sd ' ')
		echo "# $what: $(wc -l <"$tmp/$sim") packages to install, linux-image-*: ${images:-none}"
		[ -z "$images" ]
		rc=$?
		[ "$rc" = 0 ] || saw "linux-image packages set-up would install on $what" "$images"
	else
		rc=1
	fi
	result $rc "set-up would install no linux-image-* package on $what"
done

if [ -n "$before" ]; then
	[ -r "$before" ] || { echo "Bail out! no /boot snapshot $before"; exit 1; }
	cp "$before" "$tmp/boot.before"
	how="since check's snapshot before set-up"
else
	snapshot >"$tmp/boot.before"
	bash "$top/scripts/setup.sh" >"$tmp/setup.log" 2>&1
	src=$?
	sed 's/^/# setup: /' "$tmp/setup.log"
	how="across a set-up run (exit $src)"
fi
snapshot >"$tmp/boot.after"
echo "# /boot after set-up: $(awk '$1 == "f" {sub(".*/", "", $5); print $5}' "$tmp/boot.after" | paste -sd ' ')"
changed=$(diff "$tmp/boot.before" "$tmp/boot.after")
[ -z "$changed" ] && [ "${src:-0}" = 0 ]
rc=$?
[ "$rc" = 0 ] || saw "/boot changed $how (< before, > after)" "$changed"
result $rc "/boot unchanged $how ($(wc -l <"$tmp/boot.after") entries)"

[ "$failed" -eq 0 ]
