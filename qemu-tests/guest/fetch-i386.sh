#!/bin/bash
# fetch-i386.sh: Debian's 32-bit kernel for an L2 guest in 32-bit protected
# mode, with the i386 busybox-static for its initramfs.  Prints the cache
# directory: image/ (the kernel package unpacked) and busybox/ (busybox-static).
#
# Debian 12 builds the 6.1 series for i386 (linux-image-<abi>-686-pae, the
# same ABI and version as the amd64 6.1 kernel of scripts/kernel.sh); it has
# no i386 build of 6.12.  The host's dpkg need not know i386: apt reads the
# i386 package lists into a directory of the cache of its own, so the
# host's package configuration is left as it is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "fetch-i386.sh: $*" >&2; exit 1; }
cache=${KEMU_CACHE:-$HOME/.cache/kemu}
read -r abi64 ver < <(bash "$here/../../scripts/kernel.sh" discover 6.1) || die "no amd64 6.1 kernel"
abi=${abi64%-amd64}-686-pae
dir=$cache/$abi
[ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$ver" ] && { echo "$dir"; exit 0; }

state=$cache/apt-i386
mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
apt=(-o APT::Architecture=i386 -o APT::Architectures::=i386 -o "Dir::State::Lists=$state/lists"
	-o "Dir::Cache=$state/cache" -o Dir::State::status=/dev/null -o APT::Sandbox::User=root)
echo "fetch-i386.sh: fetching linux-image-$abi ($ver) and busybox-static (i386) into $dir" >&2
apt-get "${apt[@]}" -qq update >&2 || die "apt-get update (i386 lists) failed"
rm -rf "$dir"
mkdir -p "$dir/debs"
(cd "$dir/debs" && apt-get "${apt[@]}" -qq download "linux-image-$abi:i386=$ver" busybox-static:i386 >&2) ||
	die "could not download linux-image-$abi:i386=$ver or busybox-static:i386"
dpkg-deb -x "$dir"/debs/linux-image-*.deb "$dir/image"
dpkg-deb -x "$dir"/debs/busybox-static_*.deb "$dir/busybox"
rm -rf "$dir/debs"
[ -f "$dir/image/boot/vmlinuz-$abi" ] || die "no vmlinuz-$abi in the image package"
[ -x "$dir/busybox/bin/busybox" ] || die "no bin/busybox in busybox-static:i386"
echo "$ver" >"$dir/.complete"
echo "$dir"
