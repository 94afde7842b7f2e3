#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build kemu.ko for DKMS (the kemu-dkms package's dkms.conf runs this).
#
#   scripts/dkms-build.sh [--check] KERNELRELEASE KERNEL_SOURCE_DIR
#
# DKMS gives the kernel's release (e.g. 6.12.118+deb12-amd64) and its
# headers.  kmod/ also needs KVM's private arch/x86/kvm/kvm_emulate.h,
# fpu.h and emulate.c, which Debian's headers package does not ship: they
# are taken from /usr/src/linux-source-<series>.tar.xz (package linux-source-<series>,
# a dependency of kemu-dkms), which must be the same version as the headers
# package, so the struct layouts kemu is compiled against are those of the
# kernel's own kvm.ko.  The build itself is scripts/build-module.sh, with all
# its checks (objtool/modpost/compiler warnings are errors, object and .ko
# checks, stack bounds).  Leaves out/kemu.ko.
#
# A kernel it cannot build for is refused (non-zero, before building) with a
# message naming what is missing.  --check only prints that verdict (DKMS runs
# it as PRE_BUILD, whose output reaches the terminal, whereas the build's goes
# to make.log).
set -euo pipefail

check_only=
if [ "${1-}" = --check ]; then
	check_only=1
	shift
fi
[ $# -eq 2 ] || { echo "usage: dkms-build.sh [--check] KERNELRELEASE KERNEL_SOURCE_DIR" >&2; exit 2; }
krel=$1 kdir=$2
here=$(cd "$(dirname "$0")/.." && pwd)

refuse() {
	echo "kemu: cannot build kemu.ko for $krel: $*" >&2
	exit 1
}

# Debian's ABI names: 6.12.<n>+deb12-amd64 and 6.1.0-<n>-amd64.
case "$krel" in
6.12.*) series=6.12 ;;
6.1.*) series=6.1 ;;
*) refuse "kemu supports Debian's 6.1 and 6.12 kernels only" ;;
esac
[ -f "$kdir/Makefile" ] && [ -f "$kdir/Module.symvers" ] ||
	refuse "no kernel headers in $kdir (install linux-headers-$krel)"

headers_pkg=linux-headers-$krel
source_pkg=linux-source-$series
tarball=/usr/src/$source_pkg.tar.xz
pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
want=$(pkg_version "$headers_pkg")
[ -n "$want" ] || refuse "$kdir is not from the package $headers_pkg, so the matching $source_pkg version is unknown"
[ -f "$tarball" ] ||
	refuse "KVM's private kvm_emulate.h comes from $tarball, which is missing: install $source_pkg=$want"
have=$(pkg_version "$source_pkg")
[ "$have" = "$want" ] ||
	refuse "$source_pkg is version ${have:-(none)} but $headers_pkg is $want: install $source_pkg=$want (or boot a kernel of version $have)"
[ -z "$check_only" ] || { echo "kemu: building kemu.ko for $krel with KVM's headers from $source_pkg $have"; exit 0; }

out=$here/out
rm -rf "$out/kvm-source"
mkdir -p "$out/kvm-source"
# (--occurrence: tar stops reading once it has both, seconds instead of a
# minute of decompressing the whole tree)
top=linux-source-$series
tar -xJf "$tarball" -C "$out/kvm-source" --strip-components=1 --occurrence=1 \
	"$top/arch/x86/kvm/kvm_emulate.h" "$top/arch/x86/kvm/fpu.h" "$top/arch/x86/kvm/emulate.c" ||
	refuse "$tarball has no $top/arch/x86/kvm/kvm_emulate.h, fpu.h and emulate.c"

KEMU_KDIR=$kdir KEMU_KVM_SOURCE=$out/kvm-source/arch/x86/kvm "$here/scripts/build-module.sh" "$series" "$out"
