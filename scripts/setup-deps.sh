#!/bin/bash
# Install kemu's build and test dependencies from Debian's packages.
# Idempotent: packages already present are not touched, apt is only asked
# for what is missing.  Needs root (or sudo) when something is missing.
set -euo pipefail

packages=(
	build-essential g++ make binutils kmod cpio xz-utils zstd
	busybox-static qemu-system-x86 qemu-system-data
	libgtest-dev googletest libbenchmark-dev clang-format
	libelf-dev dwarves bc python3
	clang libclang-rt-14-dev valgrind llvm
	flex bison
	chromium
	dkms lintian man-db
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "setup-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
	echo "setup-deps: apt-get could not install: ${missing[*]}" >&2
	exit 1
fi
