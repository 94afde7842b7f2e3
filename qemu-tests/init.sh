#!/bin/busybox sh
# /init of the kemu L1 test initramfs (built by mkinitramfs.sh, which writes
# /etc/kemu.conf). Runs in L1 under QEMU: loads KVM (+ kemu), runs the L2
# mini-VMM, checks the kernel log and taint, prints one verdict line and leaves
# QEMU through isa-debug-exit:
#   PASS -> outl(0x2a) -> QEMU exit status 85;  FAIL -> outl(0x15) -> status 43.
# Anything else (panic -> reboot -> 0, timeout -> 124, QEMU abort -> 134) is
# not a pass; run-l1.sh maps the statuses.
/bin/busybox mkdir -p /proc /sys /dev /tmp /usr/bin /usr/sbin /sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
# Without a /dev/console node in the cpio the kernel started us with no stdio.
[ -t 1 ] || exec </dev/console >/dev/console 2>&1
mount -t debugfs debugfs /sys/kernel/debug
# shellcheck disable=SC1091 # written by mkinitramfs.sh
. /etc/kemu.conf
# kemu_demo=1 on the kernel command line reaches us as an environment
# variable (run-l1.sh --demo): print event logs and kernel-side counters.
DEMO=${kemu_demo:-}
VMM_ARGS=
[ -z "$DEMO" ] || VMM_ARGS=-v

stage() { echo "KEMU-STAGE: $1 $(cut -d' ' -f1 /proc/uptime)"; }
FAILS=
fail() { echo "KEMU-FAIL: $*"; FAILS="$FAILS${FAILS:+; }$*"; }
finish() {
	if [ -z "$FAILS" ]; then
		echo "KEMU-VERDICT: PASS (kernel $(uname -r), kemu: ${KEMU:-not loaded})"
		/bin/kemu-vmm --qemu-exit 0x2a
	else
		echo "KEMU-VERDICT: FAIL: $FAILS"
		/bin/kemu-vmm --qemu-exit 0x15
	fi
	# No isa-debug-exit device: power off (QEMU status 0 = no verdict).
	poweroff -f
}

stage init
echo "KEMU-INIT: kernel $(uname -r) cmdline: $(cat /proc/cmdline)"

# Modules in dependency order, with their parameters (see mkinitramfs.sh).
while read -r mod params; do
	[ -n "$mod" ] || continue
	# shellcheck disable=SC2086 # params is a list of name=value words
	insmod "/lib/modules/$mod" $params || fail "insmod $mod $params"
done </etc/kemu.modules
[ -c /dev/kvm ] || fail "no /dev/kvm after loading KVM"
[ "$(cat /sys/module/kvm/parameters/force_emulation_prefix 2>/dev/null)" != 0 ] ||
	fail "kvm.force_emulation_prefix is not enabled"
stage modules-loaded
REC=/tmp/l2-stock.rec	# L2-stock's results, compared in the L2 run

# run_vmm LABEL [VMM OPTIONS]: the L2 suite. It has its own time budget
# (alarm); the outer timeout catches the rest.
run_vmm() {
	[ -c /dev/kvm ] || return
	stage "vmm-start-$1"
	label=$1
	shift
	# shellcheck disable=SC2086 # VMM_ARGS is a list of options
	timeout -s KILL $((VMM_BUDGET + 30)) /bin/kemu-vmm $VMM_ARGS -l "$label" -t "$VMM_BUDGET" "$@"
	rc=$?
	stage "vmm-end-$label"
	[ $rc = 0 ] || fail "$label mini-VMM exit status $rc"
}

if [ -n "$KEMU" ]; then
	# Oracle: the suite before kemu is loaded (label L2-stock), recording
	# every case's guest-visible result, then again with kemu loaded (label
	# L2), checked against the same hand-written expectations and compared
	# case by case with the recorded stock results (deviation cases aside).
	run_vmm L2-stock --record "$REC"
	if insmod /lib/modules/kemu.ko; then
		p=/sys/module/kemu/parameters
		sf=$(cat $p/selftest_failed 2>/dev/null) sp=$(cat $p/selftest_passed 2>/dev/null)
		echo "KEMU-KEMU: selftest_passed=${sp:-?} selftest_failed=${sf:-?}"
		dmesg | grep 'kemu: selftest' | sed 's/^/KEMU-KEMU: /'
		[ "$sf" = 0 ] && [ "${sp:-0}" -gt 0 ] 2>/dev/null ||
			fail "kemu selftest: passed=${sp:-?} failed=${sf:-?}"
	else
		fail "insmod kemu.ko"
	fi
	stage kemu-loaded
	[ -n "$DEMO" ] && [ -d /sys/kernel/debug/kemu ] &&
		for f in /sys/kernel/debug/kemu/*; do [ -f "$f" ] && echo "KEMU-DEBUGFS before: ${f##*/}: $(head -c 300 "$f")"; done
fi
# kemu's emulator is active once its livepatch is enabled (until it takes
# over KVM's emulator entry points, stock KVM emulates both runs): then the
# deviation cases are checked against their kemu-side expectation.
kemu_active() {
	[ "$(cat /sys/kernel/livepatch/kemu/enabled 2>/dev/null)" = 1 ]
}
if [ -n "$KEMU" ] && [ -s "$REC" ]; then
	if kemu_active; then
		echo "KEMU-KEMU: livepatch enabled: kemu emulates the L2 run"
		run_vmm L2 --compare "$REC" --kemu
	else
		run_vmm L2 --compare "$REC"
	fi
else
	[ -z "$KEMU" ] || fail "no recorded L2-stock results to compare with"
	run_vmm L2
fi

[ -n "$DEMO" ] && [ -d /sys/kernel/debug/kemu ] &&
	for f in /sys/kernel/debug/kemu/*; do [ -f "$f" ] && echo "KEMU-DEBUGFS after: ${f##*/}: $(head -c 300 "$f")"; done

# Kernel log: any of these means the kernel (KVM or kemu) misbehaved. Patterns
# are specific enough not to hit boot noise ("Spectre V1 : Mitigation:
# usercopy/swapgs barriers" must not match).
bad=$(dmesg | grep -E 'WARNING:|BUG:|kernel BUG at|Oops|Call Trace|general protection fault|UBSAN|KASAN|lockdep|possible (circular|recursive) locking|usercopy: Kernel memory|stack-protector|soft lockup|blocked for more than|self-detected stall' | head -20)
if [ -n "$bad" ]; then
	fail "kernel log has warnings/oopses"
	echo "$bad" | sed 's/^/KEMU-FAIL: dmesg: /'
	echo "KEMU-DMESG: ---- full kernel log ----"
	dmesg
	echo "KEMU-DMESG: ---- end ----"
fi
# Taint: only O (out-of-tree, 4096), E (unsigned, 8192), K (livepatch, 32768).
t=$(cat /proc/sys/kernel/tainted)
[ $((t & ~(4096 | 8192 | 32768))) = 0 ] || fail "kernel tainted $t (beyond O/E/K)"
echo "KEMU-TAINT: $t"
[ -n "$DEMO" ] && dmesg | grep -iE 'kvm|kemu|svm' | sed 's/^/KEMU-DMESG: /'
finish
