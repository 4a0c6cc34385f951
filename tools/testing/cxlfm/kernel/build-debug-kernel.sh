#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or find in the cache) the cxlfm debug kernel: Debian's linux-source-6.12
# with KASAN + lockdep + kmemleak + KFENCE + DEBUG_LIST + DEBUG_OBJECTS, see
# debug.config next to this script and Documentation/testing/debug-kernel.md.
#
# Usage: build-debug-kernel.sh [--print-dir] [-h|--help]
#
# stdout: exactly one line, the output directory:
#   $OUT/vmlinuz                          bzImage
#   $OUT/kver                             kernel release (make -s kernelrelease)
#   $OUT/config                           final .config (also $OUT/build/.config)
#   $OUT/System.map
#   $OUT/modules/lib/modules/<kver>/      modules_install tree (stripped, depmod'ed)
#   $OUT/build/                           KDIR: make -C $OUT/build M=<dir> modules
#   $OUT/build.log                        full build log
#   $OUT/.complete                        written last; its presence = cache hit
# stderr: progress lines prefixed with "debug-kernel: ".
#
# Environment:
#   CXLFM_CACHE      cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/cxlfm)
#   CXLFM_JOBS       make -j value (default: nproc)
#
# The output dir is $CACHE/kernels/debug-<key>, key = short sha256 of this
# script, debug.config, the linux-source-6.12 package version and the gcc
# version.  Older debug-* dirs are pruned after a successful build.  The
# unpacked source ($CACHE/src/linux-source-6.12-<version>) must be kept: the
# O= build dir refers to it for external module builds.

set -Eeuo pipefail

PROG=debug-kernel
SRC_PKG=linux-source-6.12
TARBALL=/usr/src/linux-source-6.12.tar.xz

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
	sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0" >&2
}

print_dir_only=0
while [[ $# -gt 0 ]]; do
	case "$1" in
	--print-dir) print_dir_only=1 ;;
	-h | --help) usage; exit 0 ;;
	*) usage; die "unknown argument: $1" ;;
	esac
	shift
done

SCRIPT=$(readlink -f -- "${BASH_SOURCE[0]}")
SCRIPT_DIR=$(dirname -- "$SCRIPT")
FRAGMENT=$SCRIPT_DIR/debug.config
[[ -r $FRAGMENT ]] || die "missing config fragment $FRAGMENT"

VERSION=$(dpkg-query -W -f='${Version}' "$SRC_PKG" 2>/dev/null) ||
	die "package $SRC_PKG is not installed (apt-get install $SRC_PKG)"
[[ -n $VERSION ]] || die "cannot read the version of $SRC_PKG"
[[ -r $TARBALL ]] || die "missing $TARBALL (reinstall $SRC_PKG)"
GCC_VERSION=$(gcc -dumpfullversion 2>/dev/null || gcc -dumpversion)

CACHE=${CXLFM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cxlfm}
KEY=$( { cat -- "$SCRIPT" "$FRAGMENT"; printf '%s\n%s\n' "$VERSION" "$GCC_VERSION"; } |
	sha256sum | cut -c1-12)
KERNELS=$CACHE/kernels
OUT=$KERNELS/debug-$KEY

if ((print_dir_only)); then
	echo "$OUT"
	exit 0
fi

if [[ -e $OUT/.complete ]]; then
	log "cache hit: $OUT ($(cat "$OUT/kver"))"
	echo "$OUT"
	exit 0
fi

mkdir -p "$KERNELS" "$CACHE/src"

# One builder per key; a second caller waits and then takes the cache hit.
exec 9>"$KERNELS/.debug-$KEY.lock"
if ! flock -n 9; then
	log "another build of $OUT is running; waiting for it"
	flock 9
fi
if [[ -e $OUT/.complete ]]; then
	log "cache hit: $OUT ($(cat "$OUT/kver"))"
	echo "$OUT"
	exit 0
fi

start=$SECONDS
log "building $OUT ($SRC_PKG $VERSION, gcc $GCC_VERSION)"

# --- Unpack the source (once per package version) ---------------------------
# (An epoch colon would break make: paths must not contain ":".)
SRC=$CACHE/src/$SRC_PKG-${VERSION//:/_}
if [[ ! -e $SRC/.cxlfm-unpacked ]]; then
	log "unpacking $TARBALL into $SRC"
	rm -rf -- "$SRC" "$SRC.tmp"
	mkdir -p -- "$SRC.tmp"
	tar -xJf "$TARBALL" -C "$SRC.tmp" --strip-components=1
	touch "$SRC.tmp/.cxlfm-unpacked"
	mv -T -- "$SRC.tmp" "$SRC"
fi

# A partial tree from an interrupted build is not trusted: start afresh
# (ccache makes this cheap).
rm -rf -- "$OUT"
BUILD=$OUT/build
LOG=$OUT/build.log
mkdir -p -- "$BUILD"
: >"$LOG"

on_error() {
	local rc=$?

	log "FAILED (exit $rc); last lines of $LOG:"
	tail -n 60 -- "$LOG" >&2 || true
	exit "$rc"
}
trap on_error ERR

export CCACHE_DIR=$CACHE/ccache
export CCACHE_BASEDIR=$CACHE	# hits across different debug-<key> dirs
export CCACHE_NOHASHDIR=1
export KBUILD_BUILD_USER=cxlfm KBUILD_BUILD_HOST=cxlfm
mkdir -p -- "$CCACHE_DIR"
ccache -M 5G >/dev/null

JOBS=${CXLFM_JOBS:-$(nproc)}
MAKE=(make -C "$SRC" O="$BUILD" CC="ccache gcc")

run() {
	printf '+ %s\n' "$*" >>"$LOG"
	"$@" >>"$LOG" 2>&1
}

# --- Configure --------------------------------------------------------------
log "configuring: x86_64_defconfig + kvm_guest.config + $(basename "$FRAGMENT")"
run "$SRC/scripts/kconfig/merge_config.sh" -m -O "$BUILD" \
	"$SRC/arch/x86/configs/x86_64_defconfig" \
	"$SRC/kernel/configs/kvm_guest.config" \
	"$FRAGMENT"
run "${MAKE[@]}" olddefconfig

# Every value the fragment asks for must be in the final .config.  Kconfig
# drops a symbol whose dependencies are unmet without a word; a silently
# missing CONFIG_KASAN would make this whole leg worthless.
verify_config() {
	local cfg=$1 frag=$2 line sym want have bad=0
	declare -A final=()

	while IFS= read -r line; do
		if [[ $line =~ ^CONFIG_([A-Za-z0-9_]+)=(.*)$ ]]; then
			final[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
		fi
	done <"$cfg"

	while IFS= read -r line; do
		if [[ $line =~ ^CONFIG_([A-Za-z0-9_]+)=(.*)$ ]]; then
			sym=${BASH_REMATCH[1]}
			want=${BASH_REMATCH[2]}
			have=${final[$sym]-}
			if [[ $have != "$want" ]]; then
				log "ERROR: CONFIG_$sym=$want was requested but the final .config has ${have:+CONFIG_$sym=}${have:-\"is not set\"} (unmet dependency? see 'depends on' in its Kconfig)"
				bad=1
			fi
		elif [[ $line =~ ^#\ CONFIG_([A-Za-z0-9_]+)\ is\ not\ set ]]; then
			sym=${BASH_REMATCH[1]}
			have=${final[$sym]-}
			if [[ -n $have && $have != n ]]; then
				log "warning: CONFIG_$sym should be off but is CONFIG_$sym=$have (selected by another option)"
			fi
		fi
	done <"$frag"
	return "$bad"
}
if ! verify_config "$BUILD/.config" "$FRAGMENT"; then
	trap - ERR
	die "the final .config does not honour $FRAGMENT; refusing to build"
fi
log "config verified: every requested symbol is set as asked"

# --- Build ------------------------------------------------------------------
log "compiling bzImage + modules with -j$JOBS (log: $LOG)"
run "${MAKE[@]}" -j"$JOBS" bzImage modules

KVER=$("${MAKE[@]}" -s kernelrelease 2>>"$LOG")
[[ -n $KVER ]] || die "make kernelrelease printed nothing"

log "installing modules for $KVER"
run "${MAKE[@]}" modules_install INSTALL_MOD_PATH="$OUT/modules" INSTALL_MOD_STRIP=1
MODDIR=$OUT/modules/lib/modules/$KVER
if [[ ! -s $MODDIR/modules.dep ]]; then
	run depmod -b "$OUT/modules" "$KVER"
fi
[[ -s $MODDIR/modules.dep ]] || die "no modules.dep in $MODDIR"
ln -sfn -- "$BUILD" "$MODDIR/build"

cp -- "$BUILD/arch/x86/boot/bzImage" "$OUT/vmlinuz"
cp -- "$BUILD/.config" "$OUT/config"
cp -- "$BUILD/System.map" "$OUT/System.map"
printf '%s\n' "$KVER" >"$OUT/kver"

# --- Slim the build dir, keeping it a working KDIR ---------------------------
# External modules need .config, include/, arch/x86/include/generated/,
# Module.symvers, scripts/ (fixdep, modpost, module.lds) and tools/objtool.
# The object files of the kernel proper are dead weight once vmlinux exists.
# vmlinux itself is kept (symbols for gdb/nm on reports).
log "removing intermediate objects from $BUILD"
find "$BUILD" \
	\( -path "$BUILD/scripts" -o -path "$BUILD/tools" \) -prune -o \
	-type f \( -name '*.o' -o -name '*.a' -o -name '*.ko' -o -name '*.mod.c' \
		-o -name '*.mod' -o -name '.*.cmd' \) \
	-print0 | xargs -0 -r rm -f --
# kallsyms link stages and the boot image pieces (bzImage is $OUT/vmlinuz).
rm -f -- "$BUILD"/.tmp_vmlinux* "$BUILD/vmlinux.o" \
	"$BUILD/arch/x86/boot/vmlinux.bin" "$BUILD/arch/x86/boot/bzImage" \
	"$BUILD/arch/x86/boot/compressed/vmlinux"*
[[ -s $BUILD/Module.symvers ]] || die "Module.symvers missing from $BUILD"

# --- Prune other debug kernels (and source trees of other versions) ---------
shopt -s nullglob
for d in "$KERNELS"/debug-*; do
	[[ -d $d && $d != "$OUT" ]] || continue
	old=${d##*/debug-}
	# Skip one that is being built right now by someone else.
	if exec 8>"$KERNELS/.debug-$old.lock" && flock -n 8; then
		log "pruning old $d"
		rm -rf -- "$d"
		rm -f -- "$KERNELS/.debug-$old.lock"
		flock -u 8
	fi
	exec 8>&-
done
for s in "$CACHE/src/$SRC_PKG"-*; do
	[[ $s == "$SRC" || $s == "$SRC.tmp" ]] && continue
	log "pruning old source $s"
	rm -rf -- "$s"
done
shopt -u nullglob

touch "$OUT/.complete"
trap - ERR
log "done in $((SECONDS - start)) s: $KVER, $(du -sh "$OUT" | cut -f1) in $OUT"
echo "$OUT"
