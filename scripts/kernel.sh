#!/bin/bash
# Discover, download and unpack a Debian kernel for kemu.
#
#   kernel.sh discover SERIES   print "ABI VERSION" of the newest build of SERIES
#                               (6.12 or 6.1) whose image, headers and source
#                               packages exist in the same version
#   kernel.sh fetch SERIES      make sure that kernel is ready: image and source
#                               unpacked under $KEMU_CACHE/<ABI>, headers
#                               installed; prints the cache directory
#   kernel.sh kdir SERIES       print the headers directory (KDIR) to build against
#
# Nothing is hard-coded: versions move with Debian's security updates.
# The image is unpacked into the cache, never installed into /boot.
set -euo pipefail

KEMU_CACHE=${KEMU_CACHE:-$HOME/.cache/kemu}
die() { echo "kernel.sh: $*" >&2; exit 1; }
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

# Image package name pattern of each supported series.
image_glob() {
	case "$1" in
	6.12) echo 'linux-image-6\.12\.[0-9]+\+deb[0-9]+-amd64' ;;
	6.1) echo 'linux-image-6\.1\.0-[0-9]+-amd64' ;;
	*) die "unknown kernel series '$1' (supported: 6.12 6.1)" ;;
	esac
}

pkg_versions() { apt-cache madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}'; }

# apt's lists are empty on a fresh machine until the first update.  (No
# `| grep -q` here: with pipefail, grep's early exit fails the pipeline.)
apt_lists_ready() {
	local policy
	policy=$(apt-cache policy "linux-source-$1" 2>/dev/null || true)
	case "$policy" in
	*Candidate:*) ;;
	*) $SUDO apt-get update -qq >/dev/null || die "apt-get update failed" ;;
	esac
}

discover() {
	local series=$1 re pkg abi ver
	re=$(image_glob "$series")
	apt_lists_ready "$series"
	local src_versions
	src_versions=$(pkg_versions "linux-source-$series")
	[ -n "$src_versions" ] || die "the registry has no linux-source-$series package"
	# newest ABI first
	local candidates
	candidates=$(apt-cache pkgnames linux-image- | grep -E "^${re}\$" | sort -rV || true)
	for pkg in $candidates; do
		abi=${pkg#linux-image-}
		for ver in $(pkg_versions "$pkg" | sort -rV); do
			grep -qxF "$ver" <<<"$(pkg_versions "linux-headers-$abi")" || continue
			grep -qxF "$ver" <<<"$src_versions" || continue
			echo "$abi $ver"
			return 0
		done
	done
	die "no $series kernel whose linux-image, linux-headers and linux-source-$series versions agree (image packages seen: $(wc -w <<<"$candidates"))"
}

fetch() {
	local series=$1 abi ver dir
	read -r abi ver < <(discover "$series")
	dir=$KEMU_CACHE/$abi
	if [ ! -f "$dir/.complete" ] || [ "$(cat "$dir/.complete")" != "$ver" ]; then
		echo "kernel.sh: fetching $abi ($ver) into $dir" >&2
		rm -rf "$dir"
		mkdir -p "$dir/debs"
		(cd "$dir/debs" &&
			apt-get download -q "linux-image-$abi=$ver" "linux-source-$series=$ver" >&2) ||
			die "could not download linux-image-$abi / linux-source-$series $ver"
		dpkg-deb -x "$dir"/debs/linux-image-*.deb "$dir/image"
		dpkg-deb -x "$dir"/debs/linux-source-*.deb "$dir/srcpkg"
		# The KVM sources and x86 headers are what kemu reads; the full
		# tarball stays in the cache for builds that need the whole tree.
		mkdir -p "$dir/source"
		tar -xf "$dir"/srcpkg/usr/src/linux-source-*.tar.xz -C "$dir/source" \
			--strip-components=1 --wildcards '*/arch/x86/kvm/*' '*/arch/x86/include/*' \
			'*/include/linux/kvm*' '*/Makefile' 2>/dev/null ||
			die "could not unpack linux-source-$series"
		rm -f "$dir"/debs/linux-image-*.deb
		[ -f "$dir/image/boot/vmlinuz-$abi" ] || die "no vmlinuz-$abi in the image package"
		echo "$ver" >"$dir/.complete"
	fi
	install_headers "$abi" "$ver"
	echo "$dir"
}

install_headers() {
	local abi=$1 ver=$2
	if [ "$(dpkg-query -W -f='${Version} ${Status}' "linux-headers-$abi" 2>/dev/null)" != "$ver install ok installed" ]; then
		echo "kernel.sh: installing linux-headers-$abi ($ver)" >&2
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
			"linux-headers-$abi=$ver" >/dev/null ||
			die "could not install linux-headers-$abi=$ver"
	fi
}

kdir() {
	local abi ver
	read -r abi ver < <(discover "$1")
	install_headers "$abi" "$ver"
	echo "/usr/src/linux-headers-$abi"
}

[ $# -eq 2 ] || die "usage: kernel.sh discover|fetch|kdir SERIES"
case "$1" in
discover) discover "$2" ;;
fetch) fetch "$2" ;;
kdir) kdir "$2" ;;
*) die "unknown command '$1'" ;;
esac
