#!/bin/bash
# `make run`: the main job, end to end, for one kernel series (default 6.12):
# set up, build kemu.ko, boot the Debian kernel under QEMU as L1, load KVM and
# kemu, run the L2 demo guests and show what was emulated.
set -euo pipefail
cd "$(dirname "$0")/.."

series=${1:-6.12}
BUILD=${BUILD:-build}
start=$SECONDS

step() { printf '\n== %s\n' "$*"; }

step "dependencies (Debian packages)"
scripts/setup-deps.sh
step "kernel $series: discover and fetch"
read -r abi ver < <(scripts/kernel.sh discover "$series")
echo "newest $series build with matching image, headers and source: $abi ($ver)"
scripts/kernel.sh fetch "$series" >/dev/null
step "build kemu.ko for $abi"
scripts/build-module.sh "$series" "$BUILD/$series"
step "boot L1 under QEMU, load KVM and kemu, run the L2 demo"
qemu-tests/run-l1.sh "$series" --kemu "$BUILD/$series/kemu.ko" --demo
echo
echo "make run: done in $((SECONDS - start)) s"
