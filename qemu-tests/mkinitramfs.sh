#!/bin/bash
# mkinitramfs.sh SERIES OUT [KEMU_KO]
#
# Builds the L1 test initramfs (gzip'd newc cpio) for Debian kernel SERIES
# (6.12 or 6.1): busybox-static, KVM's modules for that exact kernel
# (dependencies from modinfo, decompressed here because busybox insmod cannot
# read .ko.xz), the L2 mini-VMM (make -C qemu-tests), the optional kemu.ko and
# /init (init.sh). The kernel is found by scripts/kernel.sh: never a fixed ABI.
# Env: KEMU_VMM (VMM binary, default qemu-tests/build/kemu-vmm),
#      KEMU_VMM_BUDGET (seconds for all L2 runs, default 60),
#      KEMU_REPLAY (static kemu-replay, default build/tools/kemu-replay-static),
#      KEMU_STRESS_SECONDS (length of the 4-vCPU stress run, default 8),
#      KEMU_PERF_SECONDS (each of the stock/kemu timing loops, default 4),
#      KEMU_REAL_GUEST=1 (instead of the mini-VMM: QEMU and the L2 Linux guest,
#      guest/l1-guest.sh), KEMU_GUEST_MACHINES (its -machine values, default "q35 pc"; pc-i386:
#      -machine pc with Debian's 32-bit kernel),
#      KEMU_GUEST_BUDGET (seconds each guest run may take, default 240).
#      KEMU_PROFILE=1 (instead of the tests: the profile of l1-profile.sh, with
#      Debian's perf when installed), KEMU_PROFILE_ROUNDS (its timing rounds,
#      default 5), KEMU_PROFILE_BASE (a second kemu.ko its rounds compare).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "mkinitramfs.sh: $*" >&2; exit 1; }
[ $# -ge 2 ] && [ $# -le 3 ] || die "usage: mkinitramfs.sh SERIES OUT [KEMU_KO]"
series=$1 out=$2 kemu_ko=${3:-}
[ -z "$kemu_ko" ] || [ -f "$kemu_ko" ] || die "no such kemu.ko: $kemu_ko"

# kernel.sh may race with a concurrent apt run (dpkg lock): retry a few times.
kdir=
for try in 1 2 3 4 5 6; do
	kdir=$(bash "$here/../scripts/kernel.sh" fetch "$series") && break
	echo "mkinitramfs.sh: kernel.sh fetch $series failed (try $try), retrying" >&2
	sleep 10
done
[ -d "$kdir/image/lib/modules" ] || die "kernel.sh fetch $series gave no image ($kdir)"
abi=$(ls "$kdir/image/lib/modules")
moddir=$kdir/image/lib/modules/$abi/kernel

vmm=${KEMU_VMM:-$here/build/kemu-vmm}
[ -n "${KEMU_VMM:-}" ] || make -s -C "$here" >&2
[ -x "$vmm" ] || die "no VMM binary $vmm"
stress=$(dirname "$vmm")/kemu-stress
[ -x "$stress" ] || die "no stress VMM binary $stress"
busybox=$(command -v busybox) || die "busybox-static is not installed"
file -L "$busybox" | grep -q 'statically linked' || die "$busybox is not static"

stage=$(mktemp -d "${TMPDIR:-/tmp}/kemu-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,etc,lib/modules,proc,sys,dev,tmp}
cp "$busybox" "$stage/bin/busybox"
# The kernel opens /dev/console before /init runs (init.sh copes if absent).
[ "$(id -u)" != 0 ] || mknod -m 600 "$stage/dev/console" c 5 1
cp "$here/init.sh" "$stage/init"
chmod 755 "$stage/init"
cp "$vmm" "$stage/bin/kemu-vmm"
cp "$stress" "$stage/bin/kemu-stress"
cp "$here/../tools/kemu-stat" "$here/../tools/kemu-trace" "$stage/bin/"
# kemu-replay, static: init.sh replays the records kemu.ko makes
replay=${KEMU_REPLAY:-$here/../build/tools/kemu-replay-static}
[ -n "${KEMU_REPLAY:-}" ] || make -s -C "$here/.." build/tools/kemu-replay-static >&2 ||
	die "building kemu-replay failed"
[ -x "$replay" ] || die "no kemu-replay binary $replay"
cp "$replay" "$stage/bin/kemu-replay"

# shellcheck source=kmods.sh
. "$here/kmods.sh"
add_mod kvm-amd
declare -A params=([kvm]="force_emulation_prefix=1 enable_vmware_backdoor=1" [kvm-amd]="nested=1")
: >"$stage/etc/kemu.modules"
for m in "${order[@]}"; do
	copy_mod "$m" "$stage/lib/modules/$m.ko"
	echo "$m.ko ${params[$m]:-}" >>"$stage/etc/kemu.modules"
done
if [ -n "$kemu_ko" ]; then
	cp "$kemu_ko" "$stage/lib/modules/kemu.ko"
fi
# The real guest (KEMU_REAL_GUEST=1): Debian's QEMU in L1 boots the same
# Debian kernel as L2 with a busybox initramfs of ours (guest/).
if [ -n "${KEMU_REAL_GUEST:-}" ]; then
	"$here/guest/pack-qemu.sh" "$stage" || die "packing QEMU failed"
	mkdir -p "$stage/guest"
	cp "$kdir/image/boot/vmlinuz-$abi" "$stage/guest/vmlinuz"
	"$here/guest/mkguest.sh" "$series" "$stage/guest/guest.cpio.gz" || die "mkguest.sh failed"
	# The 32-bit guest (machine pc-i386): Debian's i386 6.1 kernel.
	case " ${KEMU_GUEST_MACHINES:-} " in *" pc-i386 "*)
		i386=$("$here/guest/fetch-i386.sh") || die "fetch-i386.sh failed"
		cp "$i386"/image/boot/vmlinuz-* "$stage/guest/vmlinuz-i386"
		"$here/guest/mkguest.sh" 6.1 "$stage/guest/guest-i386.cpio.gz" i386 || die "mkguest.sh i386 failed"
		;;
	esac
	cp "$here/guest/l1-guest.sh" "$stage/bin/l1-guest.sh"
	disasm=${KEMU_DISASM:-$here/../build/tools/kemu-disasm-static}
	[ -n "${KEMU_DISASM:-}" ] || make -s -C "$here/.." build/tools/kemu-disasm-static >&2 ||
		die "building kemu-disasm failed"
	cp "$disasm" "$stage/bin/kemu-disasm"
fi
# The profile boot (KEMU_PROFILE=1): l1-profile.sh, and perf with its libraries.
if [ -n "${KEMU_PROFILE:-}" ]; then
	cp "$here/l1-profile.sh" "$stage/bin/l1-profile.sh"
	if perf=$(command -v perf); then
		mkdir -p "$stage/usr/bin"
		cp -L "$perf" "$stage/usr/bin/perf"
		for lib in $(ldd "$perf" | grep -oE '/[^ ]+'); do
			mkdir -p "$stage$(dirname "$lib")"
			cp -L "$lib" "$stage$lib"
		done
	fi
	[ -z "${KEMU_PROFILE_BASE:-}" ] || cp "$KEMU_PROFILE_BASE" "$stage/lib/modules/kemu-base.ko"
fi
cat >"$stage/etc/kemu.conf" <<EOF
KEMU=${kemu_ko:+$(basename "$kemu_ko")}
VMM_BUDGET=${KEMU_VMM_BUDGET:-60}
STRESS_SECONDS=${KEMU_STRESS_SECONDS:-8}
PERF_SECONDS=${KEMU_PERF_SECONDS:-4}
REAL_GUEST=${KEMU_REAL_GUEST:-}
GUEST_MACHINES="${KEMU_GUEST_MACHINES:-q35 pc}"
GUEST_BUDGET=${KEMU_GUEST_BUDGET:-240}
PROFILE=${KEMU_PROFILE:-}
PROFILE_ROUNDS=${KEMU_PROFILE_ROUNDS:-5}
EOF

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"	# atomic: concurrent runs never see half a file
echo "mkinitramfs.sh: $out ($abi; modules: ${order[*]}${kemu_ko:+ + kemu.ko})" >&2
