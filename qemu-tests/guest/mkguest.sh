#!/bin/bash
# mkguest.sh SERIES OUT [i386]
#
# Builds the L2 guest's initramfs (gzip'd newc cpio) for Debian kernel SERIES
# (6.12 or 6.1): busybox-static, the virtio modules of that exact kernel that
# the guest's disk needs (those the kernel has built in are skipped), and
# /init (guest/init.sh).  The L2 kernel is the same Debian image as L1's;
# with i386, Debian's 32-bit 6.1 kernel and busybox (fetch-i386.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "mkguest.sh: $*" >&2; exit 1; }
[ $# -ge 2 ] || die "usage: mkguest.sh SERIES OUT [i386]"
series=$1 out=$2
if [ "${3:-}" = i386 ]; then
	kdir=$("$here/fetch-i386.sh") || die "fetch-i386.sh failed"
	busybox=$kdir/busybox/bin/busybox
else
	kdir=$(bash "$here/../../scripts/kernel.sh" fetch "$series") || die "kernel.sh fetch $series failed"
	busybox=$(command -v busybox) || die "busybox-static is not installed"
fi
abi=$(ls "$kdir/image/lib/modules")
# shellcheck disable=SC2034 # read by kmods.sh
moddir=$kdir/image/lib/modules/$abi/kernel
config=$kdir/image/boot/config-$abi

stage=$(mktemp -d "${TMPDIR:-/tmp}/kemu-guest.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,etc,lib/modules,proc,sys,dev,tmp}
cp "$busybox" "$stage/bin/busybox"
cp "$here/init.sh" "$stage/init"
chmod 755 "$stage/init"
# shellcheck source=../kmods.sh
. "$here/../kmods.sh"
# virtio-blk for the disk; ata_piix and sd_mod for the IDE disk of -machine pc
# (libata reads its IDENTIFY data with REP INSW: string I/O).
for m in virtio_pci virtio_blk ata_piix sd_mod; do
	grep -q "^CONFIG_${m^^}=y" "$config" || add_mod "$m"
done
for m in "${order[@]}"; do copy_mod "$m" "$stage/lib/modules/$m.ko"; done
echo "${order[*]}" >"$stage/etc/guest.modules"
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"
echo "mkguest.sh: $out ($abi; modules: ${order[*]:-none})" >&2
