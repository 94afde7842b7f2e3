#!/bin/bash
# pack-qemu.sh ROOT: copies Debian's qemu-system-x86_64 into the initramfs tree
# ROOT (usr/bin), with the shared libraries ldd names (same paths, plus the
# dynamic loader) and only the firmware it loads for the L2 guest (strace of
# `-machine pc|q35 -bios qboot.rom -kernel ...` on Debian 12's QEMU 7.2):
# qboot (the BIOS), kvmvapic.bin (the APIC's TPR-patching ROM, always added)
# and linuxboot_dma.bin (the -kernel loader).
set -euo pipefail
die() { echo "pack-qemu.sh: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: pack-qemu.sh ROOT"
root=$1
qemu=$(command -v qemu-system-x86_64) || die "qemu-system-x86 is not installed"
fw=/usr/share/qemu
mkdir -p "$root/usr/bin" "$root$fw"
cp "$qemu" "$root/usr/bin/qemu-system-x86_64"
for lib in $(ldd "$qemu" | grep -oE '/[^ ]+'); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
for f in qboot.rom kvmvapic.bin linuxboot_dma.bin; do
	cp -L "$fw/$f" "$root$fw/$f" || die "no $fw/$f (qemu-system-data)"
done
