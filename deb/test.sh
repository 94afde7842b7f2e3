#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages on this machine, as a user installs them (make check's
# deb stage).
#
#   deb/test.sh BUILD        e.g. deb/test.sh build
#
# Builds both packages (make deb), runs lintian (no error allowed), installs
# them with apt (which pulls linux-source-6.1 and -6.12; DKMS builds kemu.ko
# for every kernel with headers installed: the 6.12 and 6.1 kernels of
# scripts/kernel.sh), checks each DKMS-built module (version, vermagic, the
# kernel's module directory), the tools from PATH (--help, --version, man),
# DKMS's refusals of kernels it cannot build for, then a kernel upgrade:
# kemu.ko of the 6.1 kernel is removed and that kernel's headers package is
# installed again, whose hook must have DKMS build it anew.  Finally purges
# both packages and checks nothing of them is left.  The modules DKMS built
# are kept as BUILD/deb/<series>/kemu.ko (make check's QEMU stage of one
# kernel loads that one).
#
# DKMS and apt act on the real system: the test holds a lock, starts by
# purging what an interrupted run left, and ends by purging what it installed
# (the linux-source packages stay: DKMS needs them for the next run as any
# user does).  One unit per check; ends with "deb: N passed, M failed".
set -uo pipefail

[ $# -eq 1 ] || { echo "usage: deb/test.sh BUILD" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 2
build=$1
version=$(sed -n 's/^#define KEMU_VERSION "\(.*\)"$/\1/p' emulator/include/kemu/version.h)
tools=(kemu-stat kemu-trace kemu-disasm kemu-replay)
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q "$@"; }

passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
check() { # check NAME COMMAND...: one unit, passing when COMMAND succeeds
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}
finish() {
	echo "deb: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

exec 9>/var/lock/kemu-deb-test.lock
flock 9

# --- the kernels: ABI of each series, headers installed ----------------------
declare -A abi
for s in 6.12 6.1; do
	read -r abi[$s] _ < <(scripts/kernel.sh discover "$s") && scripts/kernel.sh kdir "$s" >/dev/null ||
		{ fail "kernel $s: scripts/kernel.sh cannot give its headers"; finish; }
done
echo "deb: kernels ${abi[6.12]} and ${abi[6.1]}, kemu $version"

purge() {
	if dpkg-query -W kemu-dkms kemu-tools >/dev/null 2>&1; then
		apt_get purge kemu-dkms kemu-tools >/dev/null
	fi
	# a build of an interrupted run that the package no longer knows of
	local v
	for v in /var/lib/dkms/kemu/*/source; do
		[ -e "$v" ] || continue
		v=${v%/source}
		dkms remove -m kemu -v "${v##*/}" --all >/dev/null 2>&1
	done
	rm -rf /var/lib/dkms/kemu
}
purge

# --- packages ----------------------------------------------------------------
rm -rf "$build/deb"
make --no-print-directory deb BUILD="$build" || { fail "make deb"; finish; }
dkms_deb=$build/deb/kemu-dkms_${version}_all.deb
tools_deb=$build/deb/kemu-tools_${version}_amd64.deb
check "make deb: kemu-dkms_${version}_all.deb" test -s "$dkms_deb"
check "make deb: kemu-tools_${version}_amd64.deb" test -s "$tools_deb"
for d in "$dkms_deb" "$tools_deb"; do
	echo "  $(basename "$d"): $(stat -c %s "$d") bytes, $(dpkg-deb -c "$d" | grep -vc '/$') files"
done
lintian_out=$(lintian --pedantic "$dkms_deb" "$tools_deb" 2>&1 | grep -v '^running with root privileges')
[ -z "$lintian_out" ] || printf '%s\n' "$lintian_out" | sed 's/^/  lintian: /'
check "lintian: no errors" test -z "$(grep '^E:' <<<"$lintian_out")"

# --- install: DKMS builds kemu.ko for both kernels ---------------------------------
start=$SECONDS
apt_get install "./$dkms_deb" "./$tools_deb" 2>&1 | sed 's/^/  | /'
echo "  (installed in $((SECONDS - start)) s)"
installed() { [ "$(dpkg-query -W -f='${Status}\n' kemu-dkms kemu-tools | grep -c '^install ok installed$')" -eq 2 ]; }
check "apt install ./kemu-dkms ./kemu-tools" installed

# installed_ko ABI: the module DKMS installed for that kernel.
installed_ko() { ls /lib/modules/"$1"/updates/dkms/kemu.ko* 2>/dev/null | head -1; }
# built_for ABI NAME: DKMS installed kemu.ko for ABI, of this version, with
# the kernel's vermagic.
built_for() {
	local ko vm v
	dkms status -m kemu -v "$version" -k "$1" | grep -q ': installed' ||
		{ echo "  dkms status: $(dkms status -m kemu -k "$1")"; return 1; }
	ko=$(installed_ko "$1")
	[ -n "$ko" ] || { echo "  no kemu.ko in /lib/modules/$1/updates/dkms"; return 1; }
	v=$(modinfo -F version "$ko")
	vm=$(modinfo -F vermagic "$ko")
	echo "  $ko: version $v, vermagic $vm, $(stat -c %s "$ko") bytes"
	[ "$v" = "$version" ] && [ "${vm%% *}" = "$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"/lib/modules/$1/build/include/generated/utsrelease.h")" ]
}
for s in 6.12 6.1; do
	check "install: DKMS built and installed kemu.ko $version for ${abi[$s]}" built_for "${abi[$s]}"
done
for s in 6.12 6.1; do
	mkdir -p "$build/deb/$s"
	ko=$(installed_ko "${abi[$s]}")
	case "$ko" in
	*.xz) xz -dc "$ko" >"$build/deb/$s/kemu.ko" ;;
	?*) cp "$ko" "$build/deb/$s/kemu.ko" ;;
	esac
done

# --- the tools from PATH -----------------------------------------------------------
for t in "${tools[@]}"; do
	check "$t on PATH" test "$(command -v "$t")" = "/usr/bin/$t"
	check "$t --version" test "$("$t" --version)" = "$t $version"
	check "$t --help" bash -c "'$t' --help | grep -q '$t'"
	check "man $t" bash -c "LC_ALL=C MANWIDTH=80 man $t 2>&1 | grep -A1 '^NAME' | grep -q '^ *$t - '"
done

# --- kernels DKMS must refuse, saying why ----------------------------------------
# fake_kernel RELEASE: a headers-like tree that is not a Debian package.
fake=$(mktemp -d)
fake_kernel() {
	mkdir -p "$fake/$1/include/generated"
	echo "#define UTS_RELEASE \"$1\"" >"$fake/$1/include/generated/utsrelease.h"
	touch "$fake/$1/Makefile" "$fake/$1/Module.symvers"
	echo "$fake/$1"
}
# refuses RELEASE MESSAGE: dkms build fails, after printing MESSAGE.
refuses() {
	local out
	out=$(dkms build -m kemu -v "$version" -k "$1" --kernelsourcedir "$(fake_kernel "$1")" 2>&1)
	local rc=$?
	grep 'kemu: cannot build' <<<"$out" | sed 's/^/  /'
	[ "$rc" -ne 0 ] && grep -F "kemu: cannot build kemu.ko for $1: " <<<"$out" | grep -qF "$2"
}
check "refuses 5.10.0-30-amd64: not a supported series" \
	refuses 5.10.0-30-amd64 "kemu supports Debian's 6.1 and 6.12 kernels only"
check "refuses 6.12.999+deb12-amd64: headers not from a package, so no known linux-source" \
	refuses 6.12.999+deb12-amd64 "is not from the package linux-headers-6.12.999+deb12-amd64"
rm -rf "$fake"

# --- a kernel upgrade: installing headers has DKMS build kemu.ko for them ---------
up=${abi[6.1]}
dkms remove -m kemu -v "$version" -k "$up" >/dev/null
check "removed kemu.ko of $up before its headers arrive" test -z "$(installed_ko "$up")"
start=$SECONDS
apt_get install --reinstall "linux-headers-$up" 2>&1 | sed 's/^/  | /'
echo "  (headers installed in $((SECONDS - start)) s)"
check "installing linux-headers-$up: DKMS built kemu.ko for it" built_for "$up"

# --- removal ------------------------------------------------------------------------
apt_get purge kemu-dkms kemu-tools 2>&1 | sed 's/^/  | /'
left() {
	local l
	l=$(
		dpkg-query -W kemu-dkms kemu-tools 2>/dev/null
		ls -d /var/lib/dkms/kemu /usr/src/kemu-* /lib/modules/*/updates/dkms/kemu.ko* 2>/dev/null
		for t in "${tools[@]}"; do command -v "$t"; done
		ls /usr/share/man/man1/kemu-* 2>/dev/null
	)
	[ -z "$l" ] || { echo "  left: $l"; return 1; }
}
check "apt purge removes every file it installed and every module DKMS built" left
finish
