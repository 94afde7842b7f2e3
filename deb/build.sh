#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make deb`: the Debian packages, from the repository alone.
#
#   deb/build.sh OUTDIR TOOLSDIR
#
#   kemu-dkms_<version>_all.deb    kemu.ko's sources and dkms.conf in
#                                  /usr/src/kemu-<version>: DKMS builds the
#                                  module on install and for every kernel
#                                  whose headers are installed later
#   kemu-tools_<version>_amd64.deb kemu-stat, kemu-trace, kemu-disasm and
#                                  kemu-replay in /usr/bin, with man pages
#
# TOOLSDIR holds the built kemu-disasm and kemu-replay (make tools).  The
# version is the core's (emulator/include/kemu/version.h); the module's
# sources are the tracked files of Kbuild, kmod/ and emulator/, so new or
# removed sources need no edit here.  Maintainer: $DEBFULLNAME <$DEBEMAIL>,
# else the author of the commit built.
set -euo pipefail

die() {
	echo "deb/build.sh: $*" >&2
	exit 1
}
[ $# -eq 2 ] || die "usage: deb/build.sh OUTDIR TOOLSDIR"
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
tools=$(cd "$2" && pwd)
cd "$repo"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
	die "make deb packages the repository's tracked sources: run it in a git clone"

version=$(sed -n 's/^#define KEMU_VERSION "\(.*\)"$/\1/p' emulator/include/kemu/version.h)
[ -n "$version" ] || die "no KEMU_VERSION in emulator/include/kemu/version.h"
name=${DEBFULLNAME:-$(git log -1 --format=%an 2>/dev/null || true)}
email=${DEBEMAIL:-$(git log -1 --format=%ae 2>/dev/null || true)}
[ -n "$name" ] && [ -n "$email" ] || die "set DEBFULLNAME and DEBEMAIL (no git history to take the author from)"
maintainer="$name <$email>"
# The date of the commit built, so the same commit gives the same packages.
date=$(git log -1 --format=%cD 2>/dev/null || date -R)
year=$(git log -1 --format=%cd --date=format:%Y 2>/dev/null || date +%Y)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

stage=$out/stage
rm -rf "$stage"
mkdir -p "$stage"

# doc PACKAGE: the copyright and changelog every Debian package carries.
doc() {
	local d=$stage/$1/usr/share/doc/$1
	mkdir -p "$d"
	sed "s/@PACKAGE@/$1/; s/@YEAR@/$year/" deb/copyright >"$d/copyright"
	printf '%s (%s) unstable; urgency=medium\n\n  * kemu %s.\n\n -- %s  %s\n' \
		"$1" "$version" "$version" "$maintainer" "$date" | gzip -9n >"$d/changelog.gz"
}

# control PACKAGE ARCH DEPENDS DESCRIPTION...: DEBIAN/control.
control() {
	local p=$1 arch=$2 depends=$3
	shift 3
	local size
	size=$(du -sk --exclude=DEBIAN "$stage/$p" | cut -f1)
	mkdir -p "$stage/$p/DEBIAN"
	{
		echo "Package: $p"
		echo "Version: $version"
		echo "Architecture: $arch"
		echo "Maintainer: $maintainer"
		echo "Installed-Size: $size"
		echo "Depends: $depends"
		echo "Section: kernel"
		echo "Priority: optional"
		printf 'Description: %s\n' "$1"
		shift
		printf ' %s\n' "$@"
	} >"$stage/$p/DEBIAN/control"
}

build() {
	# files root:root, directories 0755, files 0644 unless executable
	find "$stage/$1" -type d -exec chmod 0755 {} +
	find "$stage/$1" -type f ! -perm -u+x -exec chmod 0644 {} +
	find "$stage/$1" -type f -perm -u+x -exec chmod 0755 {} +
	(cd "$stage/$1" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
		xargs -0 md5sum >DEBIAN/md5sums)
	chmod 0644 "$stage/$1/DEBIAN/md5sums"
	dpkg-deb --root-owner-group -Zxz --build "$stage/$1" "$out/${1}_${version}_$2.deb" >/dev/null
	echo "deb/build.sh: $out/${1}_${version}_$2.deb ($(stat -c %s "$out/${1}_${version}_$2.deb") bytes)"
}

# --- kemu-dkms -------------------------------------------------------------
pkg=kemu-dkms
src=$stage/$pkg/usr/src/kemu-$version
mkdir -p "$src/scripts"
# Kbuild, kmod/ and emulator/ as tracked; the build machinery of scripts/
# that build-module.sh runs.
git ls-files -z Kbuild kmod emulator | xargs -0 cp --parents -t "$src"
cp scripts/build-module.sh scripts/dkms-build.sh scripts/Kbuild.cxx scripts/check-cxx-obj.sh \
	scripts/check-ko.sh scripts/check-stack.py scripts/gen-handler-list.sh \
	scripts/kvm-emulate-facts.sh "$src/scripts/"
sed "s/@VERSION@/$version/g" deb/dkms.conf >"$src/dkms.conf"
doc "$pkg"
mkdir -p "$stage/$pkg/DEBIAN"
for f in postinst prerm triggers; do
	sed "s/@VERSION@/$version/g" "deb/$pkg.$f" >"$stage/$pkg/DEBIAN/$f"
done
chmod 0755 "$stage/$pkg/DEBIAN/postinst" "$stage/$pkg/DEBIAN/prerm"
# The compiler and tools build-module.sh and its checks run; KVM's private
# header comes from linux-source of the kernel's series (scripts/dkms-build.sh).
control "$pkg" all "dkms, make, gcc, g++, binutils, kmod, bc, python3, xz-utils, linux-source-6.1, linux-source-6.12" \
	"kemu.ko (KVM's x86 instruction emulator in C++), built by DKMS" \
	"kemu is KVM's x86 instruction emulator (arch/x86/kvm/emulate.c)" \
	"rewritten in freestanding C++, loaded as a module into a stock Debian" \
	"kernel, where it takes over kvm.ko's emulator entry points." \
	"." \
	"This package builds kemu.ko with DKMS for every installed kernel whose" \
	"headers are installed, now and after each kernel upgrade. It supports" \
	"Debian's 6.1 and 6.12 kernels: KVM's private kvm_emulate.h is taken from" \
	"the linux-source package of the same version as the kernel's headers." \
	"Nothing is loaded automatically: modprobe kemu."
build "$pkg" all

# --- kemu-tools ------------------------------------------------------------
pkg=kemu-tools
bin=$stage/$pkg/usr/bin
man=$stage/$pkg/usr/share/man/man1
mkdir -p "$bin" "$man"
for t in kemu-stat kemu-trace; do
	[ "$(grep -c '^KEMU_VERSION=$' "tools/$t")" -eq 1 ] || die "tools/$t has no line 'KEMU_VERSION=' to fill in"
	sed "s/^KEMU_VERSION=\$/KEMU_VERSION=$version/" "tools/$t" >"$bin/$t"
	chmod 0755 "$bin/$t"
done
for t in kemu-disasm kemu-replay; do
	[ -x "$tools/$t" ] || die "no $tools/$t (make tools)"
	install -m 0755 "$tools/$t" "$bin/$t"
	strip --strip-unneeded --remove-section=.comment "$bin/$t"
done
for t in kemu-stat kemu-trace kemu-disasm kemu-replay; do
	[ -f "tools/man/$t.1" ] || die "no man page tools/man/$t.1"
	sed "/^\.TH /s/\"kemu\"/\"kemu $version\"/" "tools/man/$t.1" | gzip -9n >"$man/$t.1.gz"
done
doc "$pkg"
cp tools/RECORD-FORMAT.md "$stage/$pkg/usr/share/doc/$pkg/"
# The shared libraries of the binaries, as dpkg-shlibdeps finds them.
shlibs=$(cd "$stage" && mkdir -p debian && printf 'Source: kemu\n\nPackage: kemu-tools\nArchitecture: amd64\n' >debian/control &&
	dpkg-shlibdeps -O "$bin/kemu-disasm" "$bin/kemu-replay" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || die "dpkg-shlibdeps found no shared libraries"
rm -rf "$stage/debian"
control "$pkg" amd64 "$shlibs" \
	"user tools of kemu, KVM's x86 instruction emulator in C++" \
	"kemu is KVM's x86 instruction emulator rewritten in freestanding C++ and" \
	"loaded as a module (package kemu-dkms). These tools show what it does:" \
	"." \
	" kemu-stat    what KVM had kemu emulate, why and how it ended, as tables" \
	" kemu-trace   each emulation as it happens, with the instruction as text" \
	" kemu-disasm  kemu's decoder as an Intel-syntax disassembler" \
	" kemu-replay  runs kemu.ko's emulation records again in userspace"
build "$pkg" amd64
