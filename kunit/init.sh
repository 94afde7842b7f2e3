#!/bin/busybox sh
# shellcheck shell=dash
# /init of the KUnit initramfs (kunit/run.sh builds it).  In the KUnit test
# kernel under QEMU: load KVM (kvm force_emulation_prefix=1, kvm-amd nested=1),
# then kemu.ko and kemu_kunit.ko, whose suites run as it loads; unload both;
# report taint and leave QEMU through isa-debug-exit.  The host judges the
# KTAP between the kernel-log markers KEMU-KTAP-BEGIN/END and the whole
# console log; this script only reports the steps it could not do:
#   every step done -> qemu-exit 0x2a -> QEMU status 85
#   a step failed   -> qemu-exit 0x15 -> QEMU status 43
/bin/busybox mkdir -p /proc /sys /dev /tmp /usr/bin /usr/sbin /sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
[ -t 1 ] || exec </dev/console >/dev/console 2>&1
mount -t debugfs debugfs /sys/kernel/debug

FAILS=
fail() { echo "KEMU-KUNIT-FAIL: $*"; FAILS="$FAILS${FAILS:+; }$*"; }
# Into the kernel log, so that the markers and KUnit's output keep their order.
kmsg() { echo "$*" >/dev/kmsg; }
stage() { echo "KEMU-STAGE: $1 $(cut -d' ' -f1 /proc/uptime)"; }

stage init
echo "KEMU-KUNIT-INIT: kernel $(uname -r) cmdline: $(cat /proc/cmdline)"
while read -r mod params; do
	[ -n "$mod" ] || continue
	# shellcheck disable=SC2086 # params: name=value words
	insmod "/lib/modules/$mod" $params || fail "insmod $mod $params"
done </etc/kemu-kvm.modules
[ -c /dev/kvm ] || fail "no /dev/kvm after loading KVM"
stage kvm-loaded

kmsg "KEMU-KTAP-BEGIN"
insmod /lib/modules/kemu.ko || fail "insmod kemu.ko"
insmod /lib/modules/kemu_kunit.ko || fail "insmod kemu_kunit.ko"
kmsg "KEMU-KTAP-END"
stage tests-done

# Module exit paths run under KASAN and lockdep too.
rmmod kemu_kunit || fail "rmmod kemu_kunit"
# kemu took over kvm.ko's emulator at load: give KVM its emulator back, then
# unload (no instruction may still hold kemu.ko).
P=/sys/module/kemu/parameters
[ "$(cat $P/enabled 2>/dev/null)" = 1 ] || fail "kemu was not enabled"
dmesg | grep -q 'kemu: took over kvm.ko' || fail "kemu did not take over kvm.ko"
echo 0 >$P/enabled || fail "disable kemu"
[ "$(cat $P/in_flight)" = 0 ] || fail "$(cat $P/in_flight) instructions still hold kemu.ko"
rmmod kemu || fail "rmmod kemu"

# Taint: O (out-of-tree, 4096) and N (KUnit test ran, 262144) are expected;
# anything else (W after a warning, ...) is not.
t=$(cat /proc/sys/kernel/tainted)
echo "KEMU-KUNIT-TAINT: $t"
[ $((t & ~(4096 | 262144))) = 0 ] || fail "kernel tainted $t (beyond O/N)"

if [ -z "$FAILS" ]; then
	echo "KEMU-KUNIT-VERDICT: DONE"
	/bin/qemu-exit 0x2a
else
	echo "KEMU-KUNIT-VERDICT: FAIL: $FAILS"
	/bin/qemu-exit 0x15
fi
poweroff -f
