#!/bin/bash
# `make run`: the main job, end to end, for one kernel series (default 6.12):
# set up, build kemu.ko, boot the Debian kernel under QEMU as L1; in L1,
# Debian's QEMU boots the same kernel as an L2 Linux guest under stock KVM,
# under kemu and under stock KVM again, and the screen shows what KVM had
# kemu emulate for that guest, why, where, and the first emulations.  The
# setup's output goes to a log; each step prints one line.
set -euo pipefail
cd "$(dirname "$0")/.."

series=${1:-6.12}
BUILD=${BUILD:-build}
start=$SECONDS
mkdir -p "$BUILD"
log=$BUILD/run.log
: >"$log"

# step TITLE COMMAND...: COMMAND's output to the log, one line on screen.
step() {
	local title=$1 t=$SECONDS
	shift
	printf '%-52s' "$title ..."
	echo "== $title: $*" >>"$log"
	if "$@" >>"$log" 2>&1; then
		printf ' %4d s\n' $((SECONDS - t))
	else
		printf ' FAILED\n'
		tail -20 "$log"
		echo "make run: $title failed (full output: $log)"
		exit 1
	fi
}

step "Debian packages (scripts/setup-deps.sh)" scripts/setup-deps.sh
read -r abi ver < <(scripts/kernel.sh discover "$series")
step "kernel $abi ($ver): fetch" scripts/kernel.sh fetch "$series"
step "build kemu.ko for $abi" scripts/build-module.sh "$series" "$BUILD/$series"
machine=q35
[ "$series" = 6.1 ] && machine=pc
echo "boot $abi as L1 under QEMU/TCG; in L1, Debian's QEMU boots it again as an L2"
echo "Linux guest (-machine $machine, virtio disk, HPET, xAPIC) with -accel kvm: stock KVM,"
echo "then kemu (kemu.ko takes over KVM's emulator), then stock KVM again"
qemu-tests/run-l1.sh "$series" --guest --machine "$machine" --kemu "$BUILD/$series/kemu.ko" --demo
echo "make run: done in $((SECONDS - start)) s (setup log: $log)"
