# SPDX-License-Identifier: GPL-2.0
# A private apt configuration for a Debian suite the host does not use
# (trixie-backports for the 7.3 kernel, sid for a newer sparse).  Source it;
# do not run it.
#
# Each suite gets its own sources.list, lists and package cache under
# $CXLFM_CACHE/apt/<suite>: nothing is added to the host's apt sources, so
# nothing from that suite can ever be installed on the host by accident.
# Only downloads (apt-get download, apt-get source --download-only) use it.
#
# Needs: CXLFM_CACHE, and die() from the sourcing script.

# apt_private SUITE TOOL ARGS...: run apt-get or apt-cache on SUITE's lists.
apt_private() {
	local dir=$CXLFM_CACHE/apt/$1 tool=$2 sandbox=()

	shift 2
	# The cache may live in a home directory that apt's download user
	# (_apt) cannot enter; the archive signatures are checked all the same.
	[[ $(id -u) -ne 0 ]] || sandbox=(-o APT::Sandbox::User=root)
	# A mirror may serve a snapshot of the archive: sid's Release file is
	# valid for a week only, and one such mirror's was 29 days past it,
	# which made apt refuse the whole suite on a fresh machine.  The
	# signature is still checked; what is given up is the freshness check
	# (an old but genuine Release could be served), for source packages
	# that only build test tools.
	"$tool" -q "${sandbox[@]}" \
		-o Acquire::Check-Valid-Until=false \
		-o Dir::Etc::SourceList="$dir/sources.list" \
		-o Dir::Etc::SourceParts="$dir/sources.list.d" \
		-o Dir::Etc::Preferences="$dir/preferences" \
		-o Dir::Etc::PreferencesParts="$dir/preferences.d" \
		-o Dir::State::Lists="$dir/lists" \
		-o Dir::Cache="$dir/cache" \
		-o Acquire::Languages=none "$@"
}

# The Debian mirror the host already uses (whatever the format of its apt
# sources): the one serving the host's own release.
apt_host_mirror() {
	local codename

	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[[ -n $codename ]] || return 0
	apt-get indextargets --format '$(REPO_URI)' 'Identifier: Packages' \
		'Origin: Debian' 'Label: Debian' "Release: $codename" 2>/dev/null | head -n1
}

# apt_private_refresh SUITE TYPE...: write SUITE's sources.list with the
# given index types (deb, deb-src) and refresh its lists once a day.
apt_private_refresh() {
	local suite=$1 dir=$CXLFM_CACHE/apt/$1 mirror type want=

	shift
	for type in "$@"; do
		want+="$type [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] MIRROR $suite main"$'\n'
	done
	if [[ -s $dir/sources.list ]] &&
		[[ $(sed 's/\] [^ ]* /] MIRROR /' "$dir/sources.list") == "${want%$'\n'}" ]] &&
		[[ -n $(find "$dir/lists" -maxdepth 1 \( -name '*_Packages*' -o -name '*_Sources*' \) -mtime -1 2>/dev/null | head -n1) ]]; then
		return 0
	fi
	mirror=$(apt_host_mirror)
	[[ -n $mirror ]] ||
		die "no Debian mirror for this release in the host's apt sources (run 'apt-get update' first)"
	mkdir -p -- "$dir"/{lists/partial,cache/archives/partial,sources.list.d,preferences.d}
	printf '%s' "${want//MIRROR/$mirror}" >"$dir/sources.list"
	echo "apt: refreshing the private lists of $suite ($*) from $mirror" >&2
	apt_private "$suite" apt-get update >&2 || die "apt-get update of $suite failed"
}
