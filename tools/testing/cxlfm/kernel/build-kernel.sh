#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or find in the cache) a kernel leg that cxlfm builds from Debian's
# source packages with the host's gcc:
#   6.12-debug  linux-source-6.12 (the host's bookworm sources) with KASAN +
#               lockdep + kmemleak + KFENCE + DEBUG_LIST + DEBUG_OBJECTS,
#               see Documentation/testing/debug-kernel.md
#   7.3         linux-source-7.3 from trixie-backports, fetched with a private
#               apt configuration (the host's sources are left alone), with
#               KFENCE, slub debugging and MCTP, see Documentation/testing/vm.md
# Config: x86_64_defconfig + kvm_guest.config + base.config + the leg's
# fragment (debug.config, 7.3.config), all next to this script.
#
# Usage: build-kernel.sh [--print-dir | --source] [-h|--help] LEG
#   --source  only fetch and unpack LEG's source (once per version), build
#             nothing, and print its directory (set-up takes 7.3's YNL
#             tools from it before the kernel is built)
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
# stderr: progress lines prefixed with "kernel[LEG]: ".
#
# Environment:
#   CXLFM_CACHE      cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/cxlfm)
#   CXLFM_JOBS       make -j value (default: nproc)
#
# The output dir is $CACHE/kernels/<name>-<key> (name: debug, 7.3), key =
# short sha256 of this script, the fragments, the leg, the source package
# version and the gcc version.  Older <name>-* dirs are pruned after a
# successful build.  The unpacked source ($CACHE/src/<package>-<version>) must
# be kept: the O= build dir refers to it for external module builds.
# --print-dir needs no network: a fetched leg's version comes from its private
# apt lists ($CACHE/apt/<suite>), which a build refreshes once a day.

set -Eeuo pipefail

PROG=kernel

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
	sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0" >&2
}

LEG=
print_dir_only=0
source_only=0
while [[ $# -gt 0 ]]; do
	case "$1" in
	--print-dir) print_dir_only=1 ;;
	--source) source_only=1 ;;
	-h | --help) usage; exit 0 ;;
	-*) usage; die "unknown argument: $1" ;;
	*)
		[[ -z $LEG ]] || { usage; die "one LEG only, got '$LEG' and '$1'"; }
		LEG=$1
		;;
	esac
	shift
done
[[ -n $LEG ]] || { usage; die "LEG is required"; }
PROG="kernel[$LEG]"

# Per leg: the name of its cache dirs, the source package, the apt suite it
# is fetched from (empty: installed from the host's own sources by set-up)
# and the leg's config fragment.
case $LEG in
6.12-debug)
	NAME=debug SRC_PKG=linux-source-6.12 SUITE= LEG_FRAGMENT=debug.config ;;
7.3)
	NAME=7.3 SRC_PKG=linux-source-7.3 SUITE=trixie-backports LEG_FRAGMENT=7.3.config ;;
*) die "unknown leg '$LEG' (known: 6.12-debug, 7.3)" ;;
esac

SCRIPT=$(readlink -f -- "${BASH_SOURCE[0]}")
SCRIPT_DIR=$(dirname -- "$SCRIPT")
FRAGMENTS=("$SCRIPT_DIR/base.config" "$SCRIPT_DIR/$LEG_FRAGMENT")
for f in "${FRAGMENTS[@]}"; do
	[[ -r $f ]] || die "missing config fragment $f"
done

CACHE=${CXLFM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cxlfm}
KERNELS=$CACHE/kernels
GCC_VERSION=$(gcc -dumpfullversion 2>/dev/null || gcc -dumpversion)

# Suites the host does not use are read through a private apt configuration.
CXLFM_CACHE=$CACHE
# shellcheck source=../../../../scripts/apt-private.sh
. "$SCRIPT_DIR/../../../../scripts/apt-private.sh"

source_version() {
	if [[ -z $SUITE ]]; then
		dpkg-query -W -f='${Version}' "$SRC_PKG" 2>/dev/null ||
			die "package $SRC_PKG is not installed (apt-get install $SRC_PKG)"
		return
	fi
	[[ -d $CACHE/apt/$SUITE/lists ]] ||
		die "no apt lists for $SUITE in $CACHE/apt/$SUITE: run scripts/setup.sh $LEG"
	apt_private "$SUITE" apt-cache policy "$SRC_PKG" 2>/dev/null |
		sed -n 's/^ *Candidate: //p' | grep -vx '(none)' ||
		die "$SRC_PKG is not in $SUITE's lists ($CACHE/apt/$SUITE)"
}

# Unpack the kernel source tarball of $SRC_PKG $VERSION into $1.
unpack_source() {
	local dest=$1 dl deb

	if [[ -z $SUITE ]]; then
		local tarball=/usr/src/$SRC_PKG.tar.xz
		[[ -r $tarball ]] || die "missing $tarball (reinstall $SRC_PKG)"
		log "unpacking $tarball into $SRC"
		tar -xJf "$tarball" -C "$dest" --strip-components=1
		return
	fi
	dl=$(mktemp -d "$CACHE/src/.download.XXXXXX")
	log "downloading $SRC_PKG $VERSION from $SUITE"
	(cd "$dl" && apt_private "$SUITE" apt-get download "$SRC_PKG=$VERSION" >&2) ||
		die "apt-get download $SRC_PKG=$VERSION failed"
	deb=("$dl"/*.deb)
	log "unpacking its tarball into $SRC"
	dpkg-deb --fsys-tarfile "${deb[0]}" |
		tar -xO "./usr/src/$SRC_PKG.tar.xz" |
		tar -xJ -C "$dest" --strip-components=1
	rm -rf -- "$dl"
}

if [[ -n $SUITE ]] && ! ((print_dir_only)); then
	apt_private_refresh "$SUITE" deb
fi
VERSION=$(source_version)
[[ -n $VERSION ]] || die "cannot read the version of $SRC_PKG"

KEY=$( { cat -- "$SCRIPT" "${FRAGMENTS[@]}"
	printf '%s\n%s\n%s\n' "$LEG" "$VERSION" "$GCC_VERSION"; } |
	sha256sum | cut -c1-12)
OUT=$KERNELS/$NAME-$KEY

if ((print_dir_only)); then
	echo "$OUT"
	exit 0
fi

# --- Unpack the source (once per package version) ---------------------------
# (An epoch colon would break make: paths must not contain ":".)  One
# unpacker at a time: set-up (--source) and a build may both want it.
SRC=$CACHE/src/$SRC_PKG-${VERSION//:/_}
ensure_source() {
	mkdir -p "$CACHE/src"
	exec 7>"$CACHE/src/.$SRC_PKG.lock"
	flock 7
	if [[ ! -e $SRC/.cxlfm-unpacked ]]; then
		rm -rf -- "$SRC" "$SRC.tmp"
		mkdir -p -- "$SRC.tmp"
		unpack_source "$SRC.tmp"
		touch "$SRC.tmp/.cxlfm-unpacked"
		mv -T -- "$SRC.tmp" "$SRC"
	fi
	exec 7>&-
}

if ((source_only)); then
	ensure_source
	echo "$SRC"
	exit 0
fi

if [[ -e $OUT/.complete ]]; then
	log "cache hit: $OUT ($(cat "$OUT/kver"))"
	echo "$OUT"
	exit 0
fi

mkdir -p "$KERNELS" "$CACHE/src"

# One builder per key; a second caller waits and then takes the cache hit.
exec 9>"$KERNELS/.$NAME-$KEY.lock"
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
log "building $OUT ($SRC_PKG $VERSION${SUITE:+ from $SUITE}, gcc $GCC_VERSION)"

ensure_source

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
export CCACHE_BASEDIR=$CACHE	# hits across different <name>-<key> dirs
export CCACHE_NOHASHDIR=1
# Depend mode: ccache keys a compile on the dependency list gcc writes
# anyway (kbuild's -Wp,-MMD) instead of running the preprocessor a second
# time first.  On an empty cache that second preprocessor run made each
# compile about 18 % dearer (30 objects of the debug kernel: 50 against
# 43 core-seconds, 43 with no ccache at all); a cold make check compiles
# two kernels that way.  What it gives up: a hit for a file whose headers
# changed but whose preprocessed text did not, after a config edit.
export CCACHE_DEPEND=1
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
log "configuring: x86_64_defconfig + kvm_guest.config + base.config + $LEG_FRAGMENT"
run "$SRC/scripts/kconfig/merge_config.sh" -m -O "$BUILD" \
	"$SRC/arch/x86/configs/x86_64_defconfig" \
	"$SRC/kernel/configs/kvm_guest.config" \
	"${FRAGMENTS[@]}"
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
for f in "${FRAGMENTS[@]}"; do
	if ! verify_config "$BUILD/.config" "$f"; then
		trap - ERR
		die "the final .config does not honour $f; refusing to build"
	fi
done
log "config verified: every requested symbol is set as asked"

# --- Reuse a cached kernel that is this one under another key ---------------
# The key changes with any edit of this script or a fragment, most of which
# leave the kernel as it was.  A complete kernel of this leg built from the
# same unpacked source (its build/Makefile includes $SRC/Makefile), by the
# same build steps (RECIPE) and with a byte-identical final .config (which
# names the kernel version and CONFIG_CC_VERSION_TEXT, gcc's) is the same
# kernel: it is taken over with hard links instead of rebuilt.  The old
# directory stays: another checkout may still look it up by its key.
# RECIPE: raise it when a change below alters what is built from a given
# .config; a kernel without the file was built by recipe 1.
RECIPE=1
adopt() {
	local d kver

	for d in "$KERNELS/$NAME"-*; do
		[[ $d != "$OUT" && -e $d/.complete ]] || continue
		[[ $(cat "$d/recipe" 2>/dev/null || echo 1) == "$RECIPE" ]] || continue
		cmp -s -- "$d/config" "$BUILD/.config" || continue
		grep -qxF "include $SRC/Makefile" "$d/build/Makefile" 2>/dev/null || continue
		kver=$(cat "$d/kver")
		log "$d has this .config, source and recipe: taking it over"
		rm -rf -- "$OUT" "$OUT.tmp"
		cp -al -- "$d" "$OUT.tmp"
		# Linked files are shared: replace them, never write into them.
		rm -f -- "$OUT.tmp/.complete" "$OUT.tmp/recipe"
		ln -sfn -- "$OUT/build" "$OUT.tmp/modules/lib/modules/$kver/build"
		# From 6.13 the build dir's Makefile names the build dir itself
		# (KBUILD_OUTPUT), the one absolute path to it an external
		# module build reads.
		sed "s|$d/build|$OUT/build|g" "$d/build/Makefile" >"$OUT.tmp/build/Makefile.new"
		mv -f -- "$OUT.tmp/build/Makefile.new" "$OUT.tmp/build/Makefile"
		printf '%s\n' "$RECIPE" >"$OUT.tmp/recipe"
		mv -T -- "$OUT.tmp" "$OUT"
		touch "$OUT/.complete"
		return 0
	done
	return 1
}
if adopt; then
	trap - ERR
	log "done in $((SECONDS - start)) s: $(cat "$OUT/kver") in $OUT (no build)"
	echo "$OUT"
	exit 0
fi

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
printf '%s\n' "$RECIPE" >"$OUT/recipe"

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

# --- Prune this leg's other kernels (and source trees of other versions) ---
shopt -s nullglob
for d in "$KERNELS/$NAME"-*; do
	[[ -d $d && $d != "$OUT" ]] || continue
	old=${d##*/"$NAME"-}
	# Skip one that is being built right now by someone else.
	if exec 8>"$KERNELS/.$NAME-$old.lock" && flock -n 8; then
		log "pruning old $d"
		rm -rf -- "$d"
		rm -f -- "$KERNELS/.$NAME-$old.lock"
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
