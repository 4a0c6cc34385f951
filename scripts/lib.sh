# SPDX-License-Identifier: GPL-2.0
# Shared helpers for cxlfm's build and test scripts.  Source it; do not run it.
#
# A "leg" names one kernel the project is built and tested against:
#   6.1         Debian's linux-image-amd64 (bookworm's default kernel)
#   6.12        Debian's linux-image-6.12-amd64
#   6.12-debug  built here from linux-source-6.12 with KASAN, lockdep, kmemleak
#   7.3         built here from linux-source-7.3 (trixie-backports) with
#               KFENCE, slub debugging and MCTP
# A leg resolves to a "kernel dir" in the cache with one layout for all legs:
#   vmlinuz                     the kernel image
#   kver                        its release string (uname -r in the guest)
#   modules/lib/modules/KVER/   its modules, depmod'ed
#   build                       KDIR for external module builds (for a stock
#                               leg: its headers, unpacked in headers/)

CXLFM_CACHE=${CXLFM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cxlfm}
CXLFM_LEGS=${CXLFM_LEGS:-"6.1 6.12 6.12-debug 7.3"}

say() { printf '%s: %s\n' "${CXLFM_SAY:-cxlfm}" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# The Debian metapackage that tracks a stock leg's kernel image.
leg_image_meta() {
	case "$1" in
	6.1) echo linux-image-amd64 ;;
	6.12) echo linux-image-6.12-amd64 ;;
	*) die "leg '$1' has no Debian image metapackage" ;;
	esac
}

# Resolve a stock leg's concrete kernel release from the metapackage, at run
# time, so a point release of Debian never needs an edit here.
leg_kver() {
	local meta pkg
	meta=$(leg_image_meta "$1")
	pkg=$(apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n1)
	[ -n "$pkg" ] || die "cannot resolve $meta (run 'apt-get update'?)"
	echo "${pkg#linux-image-}"
}

# Legs whose kernel is built here (tools/testing/cxlfm/kernel/build-kernel.sh)
# rather than unpacked from Debian's binary packages.
leg_is_built() {
	case "$1" in
	6.12-debug | 7.3) return 0 ;;
	*) return 1 ;;
	esac
}

# The QEMU a leg's test VM runs on: each Debian release's kernel with that
# release's device models.  6.1 (Debian 12) keeps Debian 12's QEMU 7.2; the
# others run on Debian 13's QEMU 10.0, built by scripts/build-qemu.sh.
leg_has_debian12_qemu() { [ "$1" = 6.1 ]; }

leg_qemu() {
	if leg_has_debian12_qemu "$1"; then
		command -v qemu-system-x86_64 || die "no qemu-system-x86_64: run scripts/setup.sh"
	else
		CXLFM_CACHE=$CXLFM_CACHE bash "$CXLFM_TOP/scripts/build-qemu.sh" --print
	fi
}

leg_kernel_dir() {
	if leg_is_built "$1"; then
		CXLFM_CACHE=$CXLFM_CACHE bash "$CXLFM_TOP/tools/testing/cxlfm/kernel/build-kernel.sh" --print-dir "$1"
	else
		echo "$CXLFM_CACHE/kernels/$(leg_kver "$1")"
	fi
}

# The build directory (KDIR) for kernel release $1: the installed headers of
# the running kernel; else a kernel dir of the cache prepared for that
# release by set-up (which installs no kernel headers on the host); else
# the installed headers of that release, if any.
kver_kdir() {
	local k
	if [ "$1" = "$(uname -r)" ] && [ -d "/lib/modules/$1/build" ]; then
		echo "/lib/modules/$1/build"
		return
	fi
	for k in "$CXLFM_CACHE"/kernels/*/kver; do
		[ -f "$k" ] && [ "$(cat "$k")" = "$1" ] && [ -d "${k%/kver}/build" ] || continue
		echo "${k%/kver}/build"
		return
	done
	echo "/lib/modules/$1/build"
}

# Count TAP results in a file: prints "PASSED FAILED SKIPPED".
tap_count() {
	awk '/^(not )?ok [0-9]+/ {
		if ($0 ~ /# *[Ss][Kk][Ii][Pp]/) s++; else if ($1 == "not") f++; else p++
	} END { printf "%d %d %d\n", p, f, s }' "$1"
}
