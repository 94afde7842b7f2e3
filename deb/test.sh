#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages on this machine, as a user installs them (make check's
# deb stage).
#
#   deb/test.sh BUILD        e.g. deb/test.sh build
#
# Builds both packages (make deb), runs lintian (no error allowed), installs
# them with apt together with the linux-source-6.1 and -6.12 packages of the
# discovered kernels (scripts/kernel.sh fetch keeps them; DKMS builds kemu.ko
# for every kernel with headers installed: the 6.12 and 6.1 kernels), checks
# each DKMS-built module (version, vermagic, the kernel's module directory),
# the tools from PATH (--help, --version, man), DKMS's refusals of kernels it
# cannot build for, then the two late arrivals that must have DKMS build a
# missing kemu.ko: a kernel upgrade (kemu.ko of the 6.1 kernel removed, that
# kernel's headers package installed again: its DKMS hook builds it) and a
# linux-source package (kemu.ko of the 6.12 kernel removed, linux-source-6.12
# installed again: kemu-dkms's trigger builds it).  Finally apt remove, run
# with rmmod and modprobe replaced by loggers (it must unload nothing), must
# leave nothing of either package.  The modules DKMS built are kept as
# BUILD/deb/<series>/kemu.ko (make check's QEMU stage of one kernel loads
# that one).
#
# DKMS and apt act on the real system, as root (sudo when not root): the test
# holds a lock, starts by purging what an interrupted run left, and ends by
# removing what it installed (the linux-source packages stay: DKMS needs them
# for the next run as any user does).  One unit per check; ends with
# "deb: N passed, M failed".
set -uo pipefail

[ $# -eq 1 ] || { echo "usage: deb/test.sh BUILD" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 2
build=$1
version=$(sed -n 's/^#define KEMU_VERSION "\(.*\)"$/\1/p' emulator/include/kemu/version.h)
tools=(kemu-stat kemu-trace kemu-disasm kemu-replay)
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo env PATH="$PATH" "$@"; fi; }
apt_get() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q "$@"; }

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
# and its linux-source package (the version of the headers, from the cache).
declare -A abi source_deb
for s in 6.12 6.1; do
	read -r abi[$s] _ < <(scripts/kernel.sh discover "$s") && scripts/kernel.sh kdir "$s" >/dev/null &&
		cache=$(scripts/kernel.sh fetch "$s" | tail -1) ||
		{ fail "kernel $s: scripts/kernel.sh cannot give its headers and source"; finish; }
	source_deb[$s]=$(ls "$cache"/debs/linux-source-"$s"_*_all.deb)
done
echo "deb: kernels ${abi[6.12]} and ${abi[6.1]}, kemu $version"

# fake_kernel RELEASE: a headers-like tree that is not a Debian package.
fake=$(mktemp -d)
fake_kernel() {
	mkdir -p "$fake/$1/include/generated"
	echo "#define UTS_RELEASE \"$1\"" >"$fake/$1/include/generated/utsrelease.h"
	touch "$fake/$1/Makefile" "$fake/$1/Module.symvers"
	echo "$fake/$1"
}
# A kernel of another series whose headers are in place while the packages
# are installed: DKMS refuses it, and the install must go on for the others.
refused=5.10.0-0kemutest-amd64
trap 'as_root rm -rf "/lib/modules/$refused"; rm -rf "$fake"' EXIT

purge() {
	if dpkg-query -W kemu-dkms kemu-tools >/dev/null 2>&1; then
		apt_get purge kemu-dkms kemu-tools >/dev/null
	fi
	# a build of an interrupted run that the package no longer knows of
	local v
	for v in /var/lib/dkms/kemu/*/source; do
		[ -e "$v" ] || continue
		v=${v%/source}
		as_root dkms remove -m kemu -v "${v##*/}" --all >/dev/null 2>&1
	done
	as_root rm -rf /var/lib/dkms/kemu "/lib/modules/$refused"
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
# (lintian exits non-zero on an error, or when it cannot run at all)
lintian_out=$(lintian --pedantic --fail-on error "$dkms_deb" "$tools_deb" 2>&1)
lintian_rc=$?
grep -v '^running with root privileges' <<<"$lintian_out" | sed '/^$/d; s/^/  lintian: /'
check "lintian: no errors" test "$lintian_rc" -eq 0

# --- install: DKMS builds kemu.ko for both kernels ---------------------------------
as_root mkdir -p "/lib/modules/$refused"
as_root ln -s "$(fake_kernel "$refused")" "/lib/modules/$refused/build"
start=$SECONDS
apt_get install "./$dkms_deb" "./$tools_deb" "${source_deb[6.12]}" "${source_deb[6.1]}" 2>&1 |
	tee "$fake/install.log" | sed 's/^/  | /'
echo "  (installed in $((SECONDS - start)) s)"
as_root rm -rf "/lib/modules/$refused"
check "install: DKMS refused the $refused headers, saying why" \
	grep -q "kemu: cannot build kemu.ko for $refused: kemu supports Debian's 6.1 and 6.12 kernels only" "$fake/install.log"
installed() { [ "$(dpkg-query -W -f='${Status}\n' kemu-dkms kemu-tools | grep -c '^install ok installed$')" -eq 2 ]; }
check "apt install ./kemu-dkms ./kemu-tools (the refused kernel notwithstanding)" installed

# installed_ko ABI: the module DKMS installed for that kernel.
installed_ko() { ls /lib/modules/"$1"/updates/dkms/kemu.ko* 2>/dev/null | head -1; }
# built_for ABI NAME: DKMS installed kemu.ko for ABI, of this version, with
# the kernel's vermagic.
built_for() {
	local ko vm v
	# (dkms status's stderr: readelf's notes on the headers' vmlinux)
	dkms status -m kemu -v "$version" -k "$1" 2>/dev/null | grep -q ': installed' ||
		{ echo "  dkms status: $(dkms status -m kemu -k "$1" 2>&1)"; return 1; }
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
	check "$t --help" bash -c "out=\$('$t' --help) && grep -q 'usage\|$t' <<<\"\$out\""
	check "man $t" bash -c "LC_ALL=C MANWIDTH=80 man $t 2>&1 | grep -A1 '^NAME' | grep -q '^ *$t - '"
done

# --- kernels DKMS must refuse, saying why ----------------------------------------
# refuses RELEASE MESSAGE: dkms build fails, after printing MESSAGE.
refuses() {
	local out
	out=$(as_root dkms build -m kemu -v "$version" -k "$1" --kernelsourcedir "$(fake_kernel "$1")" 2>&1)
	local rc=$?
	grep 'kemu: cannot build' <<<"$out" | sed 's/^/  /'
	[ "$rc" -ne 0 ] && grep -F "kemu: cannot build kemu.ko for $1: " <<<"$out" | grep -qF "$2"
}
check "refuses 5.10.0-30-amd64: not a supported series" \
	refuses 5.10.0-30-amd64 "kemu supports Debian's 6.1 and 6.12 kernels only"
check "refuses 6.12.999+deb12-amd64: headers not from a package, so no known linux-source" \
	refuses 6.12.999+deb12-amd64 "is not from the package linux-headers-6.12.999+deb12-amd64"

# --- a kernel upgrade: installing headers has DKMS build kemu.ko for them ---------
up=${abi[6.1]}
as_root dkms remove -m kemu -v "$version" -k "$up" >/dev/null 2>&1
check "removed kemu.ko of $up before its headers arrive" test -z "$(installed_ko "$up")"
start=$SECONDS
apt_get install --reinstall "linux-headers-$up" 2>&1 | sed 's/^/  | /'
echo "  (headers installed in $((SECONDS - start)) s)"
check "installing linux-headers-$up: DKMS built kemu.ko for it" built_for "$up"

# --- a late linux-source: kemu-dkms's trigger builds what was missing ---------
late=${abi[6.12]}
as_root dkms remove -m kemu -v "$version" -k "$late" >/dev/null 2>&1
check "removed kemu.ko of $late before linux-source-6.12 arrives" test -z "$(installed_ko "$late")"
start=$SECONDS
as_root dpkg -i "${source_deb[6.12]}" 2>&1 | sed 's/^/  | /'
echo "  (linux-source-6.12 installed in $((SECONDS - start)) s)"
check "installing linux-source-6.12: kemu-dkms's trigger built kemu.ko for $late" built_for "$late"

# --- removal: unloads nothing, leaves nothing ---------------------------------------
# rmmod and modprobe first on the PATH apt gives dpkg (DPkg::Path; so of the
# maintainer scripts and DKMS) only log their calls: removing the packages
# must not unload anything.  depmod, which DKMS runs when it removes a module,
# is logged too and then run: its call shows the loggers were on that PATH.
guard=$(mktemp -d)
depmod=$(PATH=/usr/sbin:/sbin:$PATH command -v depmod)
for c in rmmod modprobe depmod; do
	printf '#!/bin/sh\necho "%s $*" >>%s/calls\n' "$c" "$guard" >"$guard/$c"
	[ "$c" != depmod ] || echo "exec $depmod \"\$@\"" >>"$guard/$c"
	chmod 0755 "$guard/$c"
done
apt_get -o DPkg::Path="$guard:/usr/sbin:/usr/bin:/sbin:/bin" remove kemu-dkms kemu-tools 2>&1 |
	sed 's/^/  | /'
unloads_nothing() {
	grep -q '^depmod' "$guard/calls" 2>/dev/null || { echo "  the loggers were not on dpkg's PATH"; return 1; }
	! grep -qE '^rmmod|^modprobe .*(-r|--remove)' "$guard/calls"
}
check "apt remove unloads nothing (no rmmod or modprobe -r)" unloads_nothing
[ ! -s "$guard/calls" ] || sed 's/^/  called: /' "$guard/calls"
rm -rf "$guard"
left() {
	local l
	hash -r # the tools ran from /usr/bin: forget where
	l=$(
		dpkg-query -W -f='${Package} ${Status}\n' kemu-dkms kemu-tools 2>/dev/null | grep -v ' not-installed$'
		ls -d /var/lib/dkms/kemu /usr/src/kemu-* /lib/modules/*/updates/dkms/kemu.ko* 2>/dev/null
		for t in "${tools[@]}"; do command -v "$t"; done
		ls /usr/share/man/man1/kemu-* 2>/dev/null
	)
	[ -z "$l" ] || { echo "  left: $l"; return 1; }
}
check "apt remove removes every file it installed and every module DKMS built" left
purge
finish
