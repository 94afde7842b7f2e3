#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build kemu.ko for one Debian kernel series.
#
#   scripts/build-module.sh SERIES OUTDIR      SERIES: 6.12 or 6.1
#
# Builds against the headers of `scripts/kernel.sh kdir SERIES` and leaves
# OUTDIR/kemu.ko.  Two kernels build from one source tree, and kbuild writes
# its objects next to the sources, so each build runs in a shadow tree
# OUTDIR/src: real directories, a symlink per source file, refreshed on every
# run (new files appear, removed files vanish, objects are kept so rebuilds
# are incremental).
#
# Fails (non-zero, offending lines printed) on
#   - any compiler, objtool or modpost warning or error
#   - a C++ object failing scripts/check-cxx-obj.sh (run by the Kbuild rule)
#   - the module failing scripts/check-ko.sh
#   - a frame over 512 bytes, a dynamic frame or recursion in the core
#     (scripts/check-stack.py)
# The only tolerated extra output is kbuild's "Skipping BTF generation ...
# due to unavailability of vmlinux" (Debian's headers ship no vmlinux).
# After a failure the shadow tree is wiped, so the next run rebuilds every
# object and shows the same diagnostics again instead of reusing objects
# that were built with warnings.
#
# env: KEMU_MAKE_ARGS  extra arguments for make (e.g. V=1)
#      KEMU_KDIR       build against this kernel build tree instead of the
#                      Debian headers of SERIES (e.g. a test kernel); SERIES
#                      then only labels the output
#      KEMU_KVM_SOURCE the directory with KVM's private kvm_emulate.h and
#                      fpu.h (arch/x86/kvm of the kernel's source) to use
#                      instead of looking for them (scripts/dkms-build.sh)
set -euo pipefail

die() {
	echo "build-module: $*" >&2
	exit 1
}
[ $# -eq 2 ] || die "usage: build-module.sh SERIES OUTDIR   (SERIES: 6.12 or 6.1)"
series=$1
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
src=$out/src
log=$out/build.log

case "$out/" in
"$repo/kmod/"* | "$repo/emulator/"* | "$repo/scripts/"*) die "OUTDIR must not be inside a source directory" ;;
esac

# kernel.sh may meet another apt-get holding the lock: retry a few times.
kdir=${KEMU_KDIR:-}
for try in 1 2 3 4; do
	[ -z "$kdir" ] || break
	kdir=$("$repo/scripts/kernel.sh" kdir "$series") && break
	[ "$try" -lt 4 ] || die "no kernel headers for $series (scripts/kernel.sh kdir $series failed)"
	echo "build-module: kernel.sh kdir $series failed, retrying in 15 s" >&2
	sleep 15
done
[ -f "$kdir/Makefile" ] || die "$kdir is not a kernel headers directory"
# The release modules must name in their vermagic (Debian's 6.1 headers
# have "6.1.<sublevel>" in include/config/kernel.release, not the ABI name).
kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$kdir/include/generated/utsrelease.h")
[ -n "$kver" ] || die "no UTS_RELEASE in $kdir/include/generated/utsrelease.h"

# A failed or interrupted run must not leave a module that looks current.
rm -f "$out/kemu.ko"
fail() {
	echo "build-module: $series: FAILED: $*" >&2
	rm -rf "$src"
	exit 1
}

# --- shadow tree -----------------------------------------------------------
# Drop every symlink (removed sources vanish), recreate them from the
# repository, then drop any link that is not a source file: a build product
# lying in the repository must never be linked, kbuild would write through
# the link into the repository.
mkdir -p "$src"
find "$src" -type l -delete
(cd "$repo" && cp -rs --remove-destination "$repo/Kbuild" "$repo/kmod" "$repo/emulator" "$repo/scripts" "$src/")
find "$src" -type l ! \( -name '*.c' -o -name '*.h' -o -name '*.cpp' -o -name '*.S' \
	-o -name Kbuild -o -name Kbuild.cxx -o -name '*.sh' \) -delete
# objects of sources that no longer exist (they would not be linked, but
# keep the tree honest)
find "$src" -name '*.o' -type f | while read -r o; do
	b=${o%.o}
	case "$o" in "$src"/kemu.o | "$src"/kemu.mod.o) continue ;; esac
	# .su/.ci: stack usage and call graphs, which check-stack.py reads
	[ -e "$b.c" ] || [ -e "$b.cpp" ] || [ -e "$b.S" ] ||
		rm -f "$o" "$(dirname "$o")/.$(basename "$o").cmd" "$b.su" "$b.ci"
done
find "$src" -depth -type d -empty -delete
mkdir -p "$src"

# --- KVM's private header ------------------------------------------------------
# kmod/ bridges to struct x86_emulate_ctxt, which only arch/x86/kvm/ declares:
# take kvm_emulate.h and what it includes from the same kernel as the headers,
# from the build tree when it has them (the KUnit test kernel) or else from
# that version's linux-source package (kernel.sh fetch).
if [ -n "${KEMU_KVM_SOURCE:-}" ]; then
	kvmsrc=$KEMU_KVM_SOURCE
elif [ -f "$kdir/arch/x86/kvm/kvm_emulate.h" ]; then
	kvmsrc=$kdir/arch/x86/kvm
else
	cache=$("$repo/scripts/kernel.sh" fetch "$series" | tail -1) ||
		die "no kernel source for $series (scripts/kernel.sh fetch $series failed)"
	kvmsrc=$cache/source/arch/x86/kvm
fi
for h in kvm_emulate.h fpu.h; do
	[ -f "$kvmsrc/$h" ] || die "KVM's private header $kvmsrc/$h is missing"
done
# emulate.c, for what kmod/ relies on in stock's emulator: beside the
# headers, or (a build tree has headers only) in that version's source
emulate_c=$kvmsrc/emulate.c
if [ ! -f "$emulate_c" ]; then
	cache=$("$repo/scripts/kernel.sh" fetch "$series" | tail -1) ||
		die "no kernel source for $series (scripts/kernel.sh fetch $series failed)"
	emulate_c=$cache/source/arch/x86/kvm/emulate.c
fi
facts=$("$repo/scripts/kvm-emulate-facts.sh" "$emulate_c") || die "kemu cannot work with this KVM ($emulate_c)"
mkdir -p "$src/kvm-private"
cp -p "$kvmsrc/kvm_emulate.h" "$kvmsrc/fpu.h" "$src/kvm-private/"
# The kvm.ko this build is for, as kemu checks it at load time: the symbol
# version (CRC) of its export x86_decode_emulated_instruction, which covers
# struct kvm_vcpu and, through it, the emulator context (0: no modversions).
crc=$(awk '$2 == "x86_decode_emulated_instruction" && $3 ~ /kvm\/kvm$/ { print $1 }' "$kdir/Module.symvers")
[ -n "$crc" ] || die "$kdir/Module.symvers has no x86_decode_emulated_instruction of kvm.ko"
printf '/* generated by build-module.sh from Module.symvers */\n#define KEMU_KVM_DECODE_CRC %sU\n%s\n' \
	"$crc" "$facts" >"$src/kvm-private/kemu_kvm_build.h.new"
cmp -s "$src/kvm-private/kemu_kvm_build.h.new" "$src/kvm-private/kemu_kvm_build.h" ||
	mv "$src/kvm-private/kemu_kvm_build.h.new" "$src/kvm-private/kemu_kvm_build.h"
rm -f "$src/kvm-private/kemu_kvm_build.h.new"

# --- build -----------------------------------------------------------------
echo "build-module: $series: kemu.ko for $kver ($kdir)"
start=$(date +%s.%N)
set +e
# shellcheck disable=SC2086
make -C "$kdir" M="$src" -j"$(nproc)" ${KEMU_MAKE_ARGS:-} modules >"$log" 2>&1
rc=$?
set -e
end=$(date +%s.%N)
sed 's/^/  | /' "$log"

# Everything kbuild prints in quiet mode is a "  TAG  file" line or make's
# directory chatter; the BTF notice is the one other line we accept.
# Diagnostics are matched first, so "warning:"/"WARNING:"/"error" always fail.
diag=$(grep -nE 'warning:|WARNING:|error:|ERROR:|Error [0-9]|undefined!|undefined reference' "$log" || true)
other=$(grep -nvE '^  [A-Z][A-Z0-9_]*( \[M\])? +|^make(\[[0-9]+\])?: (Entering|Leaving) directory|^Skipping BTF generation for .* due to unavailability of vmlinux$|^$' "$log" || true)
if [ -n "$diag" ] || [ -n "$other" ]; then
	echo "build-module: $series: offending build output:" >&2
	printf '%s\n%s\n' "$diag" "$other" | grep -v '^$' | sort -t: -k1,1n -u | sed 's/^/  /' >&2
	fail "warnings or errors in the build output (full log above and in $log)"
fi
[ "$rc" -eq 0 ] || fail "make exited with status $rc"
[ -f "$src/kemu.ko" ] || fail "make succeeded but produced no kemu.ko"

# --- final checks ------------------------------------------------------------
conf=$kdir/include/config/auto.conf
has() { grep -qE "^CONFIG_($1)=y" "$conf"; }
KEMU_CXX_RETPOLINE=$(has 'RETPOLINE|MITIGATION_RETPOLINE' && echo y || echo n)
KEMU_CXX_RETHUNK=$(has 'RETHUNK|MITIGATION_RETHUNK' && echo y || echo n)
export KEMU_CXX_RETPOLINE KEMU_CXX_RETHUNK
"$repo/scripts/check-ko.sh" "$src/kemu.ko" || fail "check-ko.sh failed"
"$repo/scripts/check-stack.py" "$src" || fail "stack bounds (scripts/check-stack.py)"

vermagic=$(modinfo -F vermagic "$src/kemu.ko")
case "$vermagic" in
"$kver "*) ;;
*) fail "vermagic '$vermagic' does not name $kver" ;;
esac

cp "$src/kemu.ko" "$out/kemu.ko"
printf 'build-module: %s: built in %.1f s, vermagic %s\n' "$series" "$(echo "$end - $start" | bc)" "$vermagic"
echo "kemu.ko: $(stat -c %s "$out/kemu.ko") bytes"
