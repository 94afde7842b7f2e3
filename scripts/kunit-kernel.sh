#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kemu's KUnit test kernel: Debian's linux-source-6.12 with kunit/kunit.config.
#
#   scripts/kunit-kernel.sh [build]   make sure the kernel is built; print its cache directory
#   scripts/kunit-kernel.sh path      print the cache directory if it is built (exit 1 if not)
#   scripts/kunit-kernel.sh key       print the cache key (kunit-<source version>-<hash>)
#
# Debian's kernels have no KUnit, so kemu builds one: `make allnoconfig` of the
# full linux-source-6.12 tarball (found by `scripts/kernel.sh fetch 6.12`) with
# the options of kunit/kunit.config forced; every option of the fragment must
# reach the final .config.  The result is cached in
#     $KEMU_CACHE/kunit-<Debian source version>-<hash of config, compiler, this format>/
#         bzImage          the kernel
#         modules/         irqbypass.ko kvm.ko kvm-amd.ko, built with it
#         kdir/            the tree external modules build against (make -C kdir M=...):
#                          what linux-headers has (scripts/package/install-extmod-build),
#                          plus .config and KVM's private headers (arch/x86/kvm/**.h,
#                          for struct x86_emulate_ctxt)
#         kunit-tool/      tools/testing/kunit (kunit.py and its KTAP parser)
#         config           the final .config;  build.log  the build's output
#         info             source version, build seconds, sizes
# and reused as long as the key is the same.  The build runs under `nice -n 10`
# with KEMU_KUNIT_JOBS jobs (default 2): the machines are shared.  One build at
# a time (flock); a concurrent caller waits for it and reuses the result.
#
# env: KEMU_CACHE       cache root (default $HOME/.cache/kemu)
#      KEMU_KUNIT_JOBS  make -j (default 2)
set -euo pipefail

# Bump when the layout of the cache directory or the build steps change.
FORMAT=1

repo=$(cd "$(dirname "$0")/.." && pwd)
KEMU_CACHE=${KEMU_CACHE:-$HOME/.cache/kemu}
jobs=${KEMU_KUNIT_JOBS:-2}
fragment=$repo/kunit/kunit.config
die() {
	echo "kunit-kernel.sh: $*" >&2
	exit 1
}
say() { echo "kunit-kernel.sh: $*" >&2; }
cmd=${1:-build}
case "$cmd" in build | path | key) ;; *) die "usage: kunit-kernel.sh [build|path|key]" ;; esac
[ -f "$fragment" ] || die "no $fragment"

# --- the source: Debian's linux-source-6.12, as kernel.sh discovers it ------
# kernel.sh also installs the 6.12 headers and may meet another apt-get
# holding the dpkg lock: retry a few times.
srcdir=
for try in 1 2 3 4 5 6; do
	srcdir=$("$repo/scripts/kernel.sh" fetch 6.12) && break
	[ "$try" -lt 6 ] || die "scripts/kernel.sh fetch 6.12 failed"
	say "kernel.sh fetch 6.12 failed (try $try), retrying in 10 s"
	sleep 10
done
version=$(cat "$srcdir/.complete")
tarballs=("$srcdir"/srcpkg/usr/src/linux-source-6.12.tar.*)
tarball=${tarballs[0]}
[ -f "$tarball" ] || die "no linux-source-6.12 tarball under $srcdir/srcpkg/usr/src"

# --- the cache key ------------------------------------------------------------
cc=${CC:-gcc}
cc_version=$("$cc" --version | head -1)
hash=$( (
	echo "format $FORMAT"
	echo "compiler $cc_version"
	cat "$fragment"
) | sha256sum | cut -c1-12)
key=kunit-${version//\~/_}-$hash
out=$KEMU_CACHE/$key
case "$cmd" in
key)
	echo "$key"
	exit 0
	;;
path)
	[ -f "$out/.complete" ] || exit 1
	echo "$out"
	exit 0
	;;
esac

mkdir -p "$KEMU_CACHE"
exec 9>"$KEMU_CACHE/kunit-kernel.lock"
if ! flock -n 9; then
	say "another build holds $KEMU_CACHE/kunit-kernel.lock; waiting"
	flock 9
fi
if [ -f "$out/.complete" ]; then
	echo "$out"
	exit 0
fi

# --- build --------------------------------------------------------------------
work=$KEMU_CACHE/.$key.build
stage=$KEMU_CACHE/.$key.stage
rm -rf "$work" "$stage"
mkdir -p "$work" "$stage"
log=$stage/build.log
failed() {
	# keep the log, drop the (multi-GiB) tree
	mkdir -p "$KEMU_CACHE/failed"
	cp "$log" "$KEMU_CACHE/failed/$key.log" 2>/dev/null || true
	rm -rf "$work" "$stage"
	die "$* (log: $KEMU_CACHE/failed/$key.log)"
}
trap 'rm -rf "$work" "$stage"' EXIT

say "building the KUnit kernel $key (linux-source-6.12 $version, nice -n 10, -j$jobs)"
t0=$SECONDS
tar -xf "$tarball" -C "$work" --strip-components=1 || failed "could not unpack $tarball"
t_unpack=$((SECONDS - t0))
kmake() { nice -n 10 make -C "$work" ARCH=x86_64 CC="$cc" HOSTCC="$cc" "$@"; }

kmake allnoconfig KCONFIG_ALLCONFIG="$fragment" >>"$log" 2>&1 || failed "make allnoconfig failed"
# Every line of the fragment must be in the final .config: allnoconfig drops
# an option whose dependencies are not also listed.
missing=()
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*) grep -qxF "$line" "$work/.config" || missing+=("$line") ;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		! grep -q "^$opt=" "$work/.config" || missing+=("$line")
		;;
	esac
done <"$fragment"
if [ ${#missing[@]} -gt 0 ]; then
	for m in "${missing[@]}"; do
		opt=${m#\# }
		opt=${opt%%[= ]*}
		say "  not applied: $m (final: $(grep -E "^$opt=|^# $opt is not set" "$work/.config" || echo absent))"
	done
	failed "kunit/kunit.config: ${#missing[@]} option(s) did not reach .config (missing dependencies?)"
fi

t1=$SECONDS
kmake -j"$jobs" bzImage modules >>"$log" 2>&1 || {
	tail -40 "$log" >&2
	failed "kernel build failed"
}
t_build=$((SECONDS - t1))

# --- what the cache keeps -------------------------------------------------------
cp "$work/arch/x86/boot/bzImage" "$stage/bzImage"
cp "$work/.config" "$stage/config"
mkdir -p "$stage/modules"
for m in virt/lib/irqbypass.ko arch/x86/kvm/kvm.ko arch/x86/kvm/kvm-amd.ko; do
	[ -f "$work/$m" ] || failed "the build produced no $m"
	cp "$work/$m" "$stage/modules/"
done
cp "$work/modules.order" "$stage/modules/" 2>/dev/null || true
(cd "$work" && srctree=. SRCARCH=x86 CC="$cc" HOSTCC="$cc" MAKE=make \
	sh scripts/package/install-extmod-build "$stage/kdir") >>"$log" 2>&1 ||
	failed "install-extmod-build failed"
cp "$work/.config" "$stage/kdir/.config"
(cd "$work" && find arch/x86/kvm -name '*.h' | tar -cf - -T -) | tar -xf - -C "$stage/kdir"
mkdir -p "$stage/kunit-tool"
cp -r "$work/tools/testing/kunit/." "$stage/kunit-tool/"

# The tree must build an external module against itself (and without the source).
probe=$stage/.probe
mkdir -p "$probe"
cat >"$probe/probe.c" <<'EOF'
#include <linux/module.h>
#include <linux/kvm_host.h>
#include "kvm_emulate.h"
static int __init probe_init(void) { return sizeof(struct x86_emulate_ctxt) > 0 ? 0 : -1; }
module_init(probe_init);
MODULE_LICENSE("GPL");
EOF
# shellcheck disable=SC2016 # $(srctree) is for make, not the shell
printf '%s\n' 'obj-m := probe.o' 'ccflags-y := -I$(srctree)/arch/x86/kvm' >"$probe/Kbuild"
make -C "$stage/kdir" M="$probe" CC="$cc" HOSTCC="$cc" modules >>"$log" 2>&1 ||
	failed "an external module does not build against $stage/kdir"
[ -f "$probe/probe.ko" ] || failed "the probe module was not built"
rm -rf "$probe"

ver=$(cat "$work/include/config/kernel.release")
{
	echo "source: linux-source-6.12 $version ($(basename "$tarball"))"
	echo "kernel: $ver"
	echo "compiler: $cc_version"
	echo "jobs: $jobs (nice -n 10)"
	echo "unpack_seconds: $t_unpack"
	echo "build_seconds: $t_build"
	echo "total_seconds: $((SECONDS - t0))"
	echo "bzImage_bytes: $(stat -c %s "$stage/bzImage")"
	echo "build_tree_mib: $(du -sm "$work" | cut -f1)"
	echo "cache_mib: $(du -sm "$stage" | cut -f1)"
} >"$stage/info"
date -u +%FT%TZ >"$stage/.complete"
rm -rf "$work" "$out"
mv "$stage" "$out"
trap - EXIT
sed 's/^/kunit-kernel.sh:   /' "$out/info" >&2
echo "$out"
