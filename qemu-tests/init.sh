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
[ "$(cat /sys/module/kvm/parameters/enable_vmware_backdoor 2>/dev/null)" = Y ] ||
	fail "kvm.enable_vmware_backdoor is not enabled"
stage modules-loaded
REC=/tmp/l2-stock.rec	# L2-stock's results, compared in the L2 run

# run_vmm LABEL [VMM OPTIONS]: the L2 suite. It has its own time budget
# (alarm); the outer timeout catches the rest.
run_vmm() {
	[ -c /dev/kvm ] || return
	stage "vmm-start-$1"
	label=$1
	shift
	# The output is kept for run_with_kemu (KVM's statistics per VM).
	{
		# shellcheck disable=SC2086 # VMM_ARGS is a list of options
		timeout -s KILL $((VMM_BUDGET + 30)) /bin/kemu-vmm $VMM_ARGS -l "$label" -t "$VMM_BUDGET" "$@"
		echo $? >"/tmp/vmm-$label.rc"
	} 2>&1 | tee "/tmp/vmm-$label.out"
	rc=$(cat "/tmp/vmm-$label.rc")
	stage "vmm-end-$label"
	[ "$rc" = 0 ] || fail "$label mini-VMM exit status $rc"
}

P=/sys/module/kemu/parameters

# load_kemu: insmod kemu.ko and check its in-kernel self-test.
load_kemu() {
	if ! insmod /lib/modules/kemu.ko; then
		fail "insmod kemu.ko"
		return 1
	fi
	sf=$(cat $P/selftest_failed 2>/dev/null) sp=$(cat $P/selftest_passed 2>/dev/null)
	echo "KEMU-KEMU: selftest_passed=${sp:-?} selftest_failed=${sf:-?}"
	dmesg | grep 'kemu: selftest' | tail -n $((${sp:-0} + ${sf:-0} + 1)) | sed 's/^/KEMU-KEMU: /'
	[ "$sf" = 0 ] && [ "${sp:-0}" -gt 0 ] 2>/dev/null ||
		fail "kemu selftest: passed=${sp:-?} failed=${sf:-?}"
	[ "$(cat $P/enabled 2>/dev/null)" = 1 ] || fail "kemu is not enabled after insmod"
}

# stat_sum LABEL KIND [NAME]: the counts of the saved statistics of run LABEL
# (/tmp/stats-LABEL) for lines "KIND NAME count=N ...", all names or one.
stat_sum() {
	awk -v k="$2" -v n="${3:-}" '$1 == k && (n == "" || $2 == n) { sub("count=", "", $3); s += $3 }
		END { print s + 0 }' "/tmp/stats-$1"
}

# run_with_kemu LABEL: the suite with kemu emulating, compared case by case
# with L2-stock's results (deviation cases are checked against their kemu
# expectation instead).  kemu's decode counter
# must move exactly as KVM's insn_emulation statistic of the suite's VMs did:
# every instruction KVM emulated went through kemu.
run_with_kemu() {
	STATS=/sys/kernel/debug/kemu/stats
	echo 0 >$STATS || fail "could not reset $STATS"
	TR=/sys/kernel/debug/tracing
	echo 8192 >$TR/buffer_size_kb
	echo >$TR/trace
	# 6.1 creates no trace events for a module tainted unsigned ("module has
	# bad taint"; 6.12 does): the trace checks then say SKIP.
	TRACING=1
	if [ ! -d $TR/events/kemu ] && dmesg | grep -q 'kemu: module has bad taint, not creating trace events'; then
		TRACING=
		echo "KEMU-STATS: $1: SKIP the tracepoint checks: this kernel creates no trace events for an unsigned module (sign kemu.ko with a key it trusts)"
	else
		echo 1 >$TR/events/kemu/kemu_emulation/enable || fail "cannot enable the kemu_emulation tracepoint"
	fi
	# kemu reads KVM's parameters from the kvm.ko it patched
	[ "$(cat $P/kvm_enable_vmware_backdoor)" = 1 ] ||
		fail "$1: kemu reads kvm.ko's enable_vmware_backdoor as $(cat $P/kvm_enable_vmware_backdoor)"
	before=$(cat $P/decoded)
	cache_mark
	run_vmm "$1" --compare "$REC" --kemu
	after=$(cat $P/decoded)
	cache_check "$1" $((after - before))
	[ -z "$TRACING" ] || echo 0 >$TR/events/kemu/kemu_emulation/enable
	cp $TR/trace "/tmp/trace-$1"
	kvm=$(sed -n 's/.* kvm-stats: .* insn_emulation=\([0-9]*\) .*/\1/p' "/tmp/vmm-$1.out" |
		awk '{ s += $1 } END { print s + 0 }')
	echo "KEMU-TAKEOVER: $1: kemu decoded $((after - before)) instructions, KVM's insn_emulation $kvm (kemu failed=$(cat $P/failed) faults=$(cat $P/faults) foreign=$(cat $P/foreign))"
	[ "$kvm" -gt 0 ] && [ $((after - before)) = "$kvm" ] ||
		fail "$1: kemu decoded $((after - before)) instructions, KVM counted $kvm emulations"
	# kemu's statistics of the run: decodes by reason add up to the same
	# count; the suite forces every case through the emulator with KVM's
	# prefix, and its expected exceptions are injected by kemu.
	cp $STATS "/tmp/stats-$1"
	reasons=$(stat_sum "$1" reason) forced=$(stat_sum "$1" reason forced)
	echo "KEMU-STATS: $1: decodes by reason $reasons (forced $forced), instructions by mnemonic $(stat_sum "$1" mnemonic)," \
		"exceptions $(stat_sum "$1" outcome exception)"
	[ "$reasons" = "$kvm" ] || fail "$1: kemu's statistics count $reasons decodes, KVM $kvm"
	vms=$(awk '$1 == "vm" { n++; sub("decodes=", "", $3); s += $3 } END { print n + 0, s + 0 }' "/tmp/stats-$1")
	echo "KEMU-STATS: $1: per VM: ${vms% *} VMs, ${vms#* } decodes"
	[ "${vms#* }" = "$kvm" ] || fail "$1: the per-VM statistics count ${vms#* } decodes, KVM $kvm"
	[ "$forced" -gt 0 ] || fail "$1: no forced emulation in kemu's statistics"
	# The tracepoint: one event per pass; the forced ones say so.
	[ -n "$TRACING" ] || return 0
	passes=$(stat_sum "$1" outcome)
	events=$(grep -c 'kemu_emulation: ' "/tmp/trace-$1")
	tforced=$(grep -c 'kemu_emulation: .*emultype \[TRAP_UD_FORCED\] reason forced' "/tmp/trace-$1")
	echo "KEMU-STATS: $1: trace events $events (forced first passes and completions $tforced), passes $passes"
	[ "$events" = "$passes" ] || fail "$1: $events trace events for $passes passes"
	[ "$tforced" -ge "$forced" ] || fail "$1: $tforced forced events in the trace, $forced forced decodes"
	if [ -n "$DEMO" ]; then
		echo "KEMU-DEMO: what kemu emulated in $1 (tools/kemu-stat):"
		kemu-stat -n 20 "/tmp/stats-$1" | sed 's/^/KEMU-DEMO: /'
		echo "KEMU-DEMO: the first emulations of $1 (tools/kemu-trace):"
		kemu-trace -f "/tmp/trace-$1" | head -25 | sed 's/^/KEMU-DEMO: /'
	fi
}

# insmod_kvm: load KVM again, with the parameters of the first load.
insmod_kvm() {
	grep -E '^kvm(-amd)?\.ko' /etc/kemu.modules | while read -r mod params; do
		# shellcheck disable=SC2086 # params is a list of name=value words
		insmod "/lib/modules/$mod" $params || echo "insmod $mod failed" >/tmp/reload.err
	done
	[ ! -f /tmp/reload.err ] || fail "$(cat /tmp/reload.err)"
	[ -c /dev/kvm ] || fail "no /dev/kvm after reloading KVM"
}

# disable_kemu: give KVM its emulator back and unload kemu.
disable_kemu() {
	echo 0 >$P/enabled || { fail "could not disable kemu"; return 1; }
	rmmod kemu || { fail "rmmod kemu after disabling it"; return 1; }
}

# check_unobserved: until the statistics are first read or reset (or the
# tracepoint enabled) kemu does not collect them: an emulation moves the
# decode counter only, and the first read shows no decode and no pass.
check_unobserved() {
	before=$(cat $P/decoded)
	timeout -s KILL 30 /bin/kemu-stress -n 1 -t 1 >/tmp/unobserved.out 2>&1 ||
		fail "unobserved: kemu-stress failed: $(tail -1 /tmp/unobserved.out)"
	after=$(cat $P/decoded)
	cp /sys/kernel/debug/kemu/stats /tmp/stats-unobserved
	reasons=$(stat_sum unobserved reason) passes=$(stat_sum unobserved outcome)
	echo "KEMU-STATS: unobserved: kemu decoded $((after - before)) instructions; the statistics' first read: $reasons decodes, $passes passes"
	[ $((after - before)) -gt 0 ] && [ "$reasons" = 0 ] && [ "$passes" = 0 ] ||
		fail "unobserved: kemu decoded $((after - before)), the statistics collected $reasons decodes and $passes passes before anyone read them"
}

# cache_mark / cache_check LABEL DECODES [MIN_HITS]: the vCPUs' decoded-
# instruction caches (kmod/kemu_vcpu_cache.c) over a run whose VMs are gone:
# at most one hit or miss per decode, at least MIN_HITS hits, and no cache
# left (the vCPUs' end freed them).
cache_mark() {
	cache_hits0=$(cat $P/decode_cache_hits) cache_misses0=$(cat $P/decode_cache_misses)
}
cache_check() {
	hits=$(($(cat $P/decode_cache_hits) - cache_hits0))
	misses=$(($(cat $P/decode_cache_misses) - cache_misses0))
	left=$(cat $P/decode_caches)
	echo "KEMU-CACHE: $1: $2 decodes, $hits from the vCPUs' caches, $misses decoded with them (hit rate $(awk -v h=$hits -v m=$misses 'BEGIN { printf "%.1f%%", h + m ? 100 * h / (h + m) : 0 }')), caches left $left"
	[ $((hits + misses)) -le "$2" ] || fail "$1: $hits cache hits and $misses misses for $2 decodes"
	[ "$hits" -ge "${3:-0}" ] || fail "$1: $hits cache hits, expected at least ${3:-0}"
	[ "$left" = 0 ] || fail "$1: $left decode caches left after its VMs are gone"
}

# run_stress: 4 vCPUs of one VM emulating concurrently through kemu for a
# bounded time (qemu-tests/stress/): nothing may be wrong or lost, and kemu
# must have decoded the emulations.
run_stress() {
	stage stress-start
	before=$(cat $P/decoded)
	cache_mark
	timeout -s KILL $((STRESS_SECONDS + 30)) /bin/kemu-stress -n 4 -t "$STRESS_SECONDS" \
		>/tmp/stress-kemu.out 2>&1
	rc=$?
	after=$(cat $P/decoded)
	# the loop runs the same few instructions over and over
	cache_check stress $((after - before)) 1
	cat /tmp/stress-kemu.out
	tot=$(grep '^KEMU-STRESS: total' /tmp/stress-kemu.out)
	[ "$rc" = 0 ] && [ -n "$tot" ] || fail "stress: kemu-stress exit status $rc ($tot)"
	echo "$tot" | grep -q ' wrong=0 lost=0$' || fail "stress: wrong or lost results ($tot)"
	echo "KEMU-TAKEOVER: stress: kemu decoded $((after - before)) instructions"
	[ $((after - before)) -gt 0 ] || fail "stress: kemu decoded nothing"
	stage stress-end
}

# run_shadow: verify mode (shadow decode) on the L2 suite and on the 4-vCPU
# stress: each decode kemu makes is decoded again by stock KVM's decoder on a
# scratch copy of the context and compared.  No mismatch, every decode
# compared, the guests' results unchanged (the L2 run is compared with
# L2-stock's record).  Then a test-only perturbation of kemu's length must be
# caught in every comparison, the recorder ("mismatches N") must keep the
# first N as annotated records that kemu-replay reproduces, and the perf loop
# gives verify mode's cost.
run_shadow() {
	SHADOW_RECORDS=8
	stage shadow-start
	fails_before=$FAILS
	SH=/sys/kernel/debug/kemu/shadow
	echo clear >$SH
	c0=$(cat $P/shadow_decodes) m0=$(cat $P/shadow_mismatches) b0=$(cat $P/shadow_beyond_stock)
	d0=$(cat $P/decoded) n0=$(cat $P/shadow_ns) k0=$(cat $P/shadow_known)
	echo 1 >$P/verify || fail "shadow: cannot set $P/verify"
	run_vmm L2-shadow --compare "$REC" --kemu
	timeout -s KILL 40 /bin/kemu-stress -n 4 -t 4 >/tmp/stress-shadow.out 2>&1 ||
		fail "shadow: kemu-stress exit status $?"
	grep -q '^KEMU-STRESS: total.* wrong=0 lost=0$' /tmp/stress-shadow.out ||
		fail "shadow: wrong or lost results ($(grep '^KEMU-STRESS: total' /tmp/stress-shadow.out))"
	c=$(($(cat $P/shadow_decodes) - c0)) m=$(($(cat $P/shadow_mismatches) - m0))
	b=$(($(cat $P/shadow_beyond_stock) - b0)) d=$(($(cat $P/decoded) - d0))
	ns=$(($(cat $P/shadow_ns) - n0)) k=$(($(cat $P/shadow_known) - k0))
	echo "KEMU-SHADOW: L2 suite and stress: kemu decoded $d, compared with stock KVM's decode $c," \
		"mismatches $m, known differences $k, instructions stock KVM's tables lack $b;" \
		"stock decode and comparison $((ns / (c > 0 ? c : 1))) ns each"
	[ "$c" -gt 0 ] && [ "$c" = "$d" ] || fail "shadow: $c of $d decodes compared with stock KVM's"
	if [ "$m" != 0 ]; then
		fail "shadow: $m decodes differ from stock KVM's"
		sed 's/^/KEMU-FAIL: shadow: /' $SH
	fi
	# The L2 suite has instructions beyond stock KVM's tables (deviations).
	[ "$b" -gt 0 ] || fail "shadow: no instruction beyond stock KVM's tables seen"
	# A wrong length must be caught in every comparison.
	echo clear >$SH
	c1=$(cat $P/shadow_decodes) m1=$(cat $P/shadow_mismatches)
	TR=/sys/kernel/debug/tracing SHEV=/sys/kernel/debug/tracing/events/kemu/kemu_shadow_mismatch
	echo >$TR/trace
	[ ! -d $SHEV ] || echo 1 >$SHEV/enable
	echo clear >/sys/kernel/debug/kemu/records
	echo "mismatches $SHADOW_RECORDS" >/sys/kernel/debug/kemu/record ||
		fail "shadow: cannot arm the recorder for mismatches"
	echo 1 >$P/test_shadow_length_delta
	/bin/kemu-stress -n 1 -t 1 >/dev/null 2>&1
	echo 0 >$P/test_shadow_length_delta
	[ ! -d $SHEV ] || echo 0 >$SHEV/enable
	pc=$(($(cat $P/shadow_decodes) - c1)) pm=$(($(cat $P/shadow_mismatches) - m1))
	echo "KEMU-SHADOW: kemu's length perturbed by 1: $pm mismatches in $pc comparisons; first kept: $(head -1 $SH)"
	[ "$pc" -gt 0 ] && [ "$pm" = "$pc" ] || fail "shadow: a perturbed length was caught $pm times in $pc comparisons"
	grep -q ' length kemu ' $SH || fail "shadow: no length mismatch kept in $SH"
	# The first SHADOW_RECORDS mismatches kept as records, each annotated.
	check_records shadow "$SHADOW_RECORDS"
	sa=$(grep -c '^# shadow-mismatch kemu=0 stock=0; length kemu ' /tmp/records-shadow)
	echo "KEMU-SHADOW: $sa of the records carry the length mismatch"
	[ "$sa" = "$SHADOW_RECORDS" ] || fail "shadow: $sa of $SHADOW_RECORDS records carry the mismatch"
	# 6.1 creates no trace events for an unsigned module (run_with_kemu).
	if [ -d $SHEV ]; then
		te=$(grep -c 'kemu_shadow_mismatch: .* length kemu ' $TR/trace)
		echo "KEMU-SHADOW: kemu_shadow_mismatch tracepoint: $te events for $pm mismatches"
		[ "$te" = "$pm" ] || fail "shadow: $te tracepoint events for $pm mismatches"
	else
		echo "KEMU-SHADOW: SKIP the tracepoint check: this kernel created no trace events for kemu"
	fi
	echo clear >$SH
	perf_shadow=$(perf_loop shadow)
	echo 0 >$P/verify
	echo "KEMU-PERF: forced-emulation loop, 1 vCPU, ${PERF_SECONDS} s: kemu with verify=1 ${perf_shadow:-?} iterations, without ${perf_kemu:-?}"
	routing_verdict "shadow decode" "$fails_before"
	stage shadow-end
}

# routing_verdict NAME FAILS-BEFORE: one line per routing check, counted by
# scripts/check.sh: PASS unless the check added a failure.
routing_verdict() {
	if [ "$FAILS" = "$2" ]; then
		echo "KEMU-ROUTING: $1: PASS"
	else
		echo "KEMU-ROUTING: $1: FAIL"
	fi
}

# switch_stress_start ARGS: the 4-vCPU stress in the background, until
# switch_stress_end stops it (SIGTERM) and checks it: nothing wrong or lost.
switch_stress_start() {
	/bin/kemu-stress -n 4 -t 120 "$@" >/tmp/stress-switch.out 2>&1 &
	STRESS_PID=$!
}
switch_stress_end() {
	kill -TERM "$STRESS_PID" 2>/dev/null
	wait "$STRESS_PID"
	rc=$?
	tot=$(grep '^KEMU-STRESS: total' /tmp/stress-switch.out)
	grep '^KEMU-STRESS: vcpu' /tmp/stress-switch.out | sed "s/^KEMU-STRESS:/KEMU-SWITCH: $1: stress/"
	[ "$rc" = 0 ] && [ -n "$tot" ] || fail "$1: kemu-stress exit status $rc ($tot)"
	echo "$tot" | grep -q ' wrong=0 lost=0$' || fail "$1: wrong or lost results ($tot)"
	echo "KEMU-SWITCH: $1: ${tot#KEMU-STRESS: }"
}

# run_switch_stress: the 4-vCPU stress (port input served by userspace, 1 ms
# each, and MMIO reads) while kemu is switched off and on SWITCHES times at
# random intervals of 10-150 ms.  Every instruction must finish on the
# emulator that decoded it: nothing wrong or lost, no completion reaching an
# emulator that did not decode it, every switch counted, and each emulator
# seen finishing instructions it decoded before the other was enabled.
SWITCHES=60
run_switch_stress() {
	stage switch-stress-start
	fails_before=$FAILS
	s0=$(cat $P/switches) k0=$(cat $P/kemu_finished_while_off)
	t0=$(cat $P/stock_finished_while_on) f0=$(cat $P/foreign) d0=$(cat $P/decoded)
	seed=$(date +%s)
	delays=$(awk -v seed="$seed" -v n=$SWITCHES 'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%.3f ", 0.01 + rand() * 0.14 }')
	switch_stress_start -d 1000
	sleep 1
	on=1 n=0
	for d in $delays; do
		on=$((1 - on))
		echo $on >$P/enabled || fail "switch: cannot write $on to $P/enabled"
		n=$((n + 1))
		sleep "$d"
	done
	sleep 1
	switch_stress_end switch
	[ "$(cat $P/enabled)" = 1 ] || fail "switch: kemu is not enabled after an even number of switches"
	sw=$(($(cat $P/switches) - s0)) ko=$(($(cat $P/kemu_finished_while_off) - k0))
	so=$(($(cat $P/stock_finished_while_on) - t0)) fo=$(($(cat $P/foreign) - f0))
	echo "KEMU-SWITCH: switch: $n switches made (random intervals, seed $seed), $sw counted;" \
		"kemu decoded $(($(cat $P/decoded) - d0)); finished across a switch: by kemu while disabled $ko," \
		"by stock KVM while kemu was enabled $so; completions that reached the wrong emulator $fo"
	[ "$n" -ge 50 ] && [ "$sw" = "$n" ] || fail "switch: $n switches made, $sw counted"
	[ "$ko" -gt 0 ] || fail "switch: kemu never finished an instruction it decoded while disabled"
	[ "$so" -gt 0 ] || fail "switch: stock KVM never finished an instruction it decoded while kemu was enabled"
	[ "$fo" = 0 ] || fail "switch: $fo completions reached kemu for instructions stock KVM decoded"
	routing_verdict "switching under load" "$fails_before"
	stage switch-stress-end
}

# run_unload_under_stress: rmmod kemu while 4 vCPUs wait in userspace for
# their port input (20 ms each) in the middle of instructions kemu decoded:
# refused every time; the VM then stops with instructions pending (their
# references must not leak) and rmmod succeeds.
run_unload_under_stress() {
	stage unload-start
	fails_before=$FAILS
	switch_stress_start -d 20000
	sleep 1
	refused=0
	for i in 1 2 3 4 5; do
		inflight=$(cat $P/in_flight)
		if rmmod kemu 2>/tmp/rmmod.err; then
			fail "unload: rmmod kemu succeeded while the stress ran (instructions in flight just before: $inflight)"
			break
		fi
		echo "KEMU-UNLOAD: rmmod refused with $inflight instructions in flight, module refcount $(cat /sys/module/kemu/refcnt): $(head -1 /tmp/rmmod.err)"
		refused=$((refused + 1))
		sleep 0.3
	done
	switch_stress_end unload
	left=$(cat $P/in_flight 2>/dev/null)
	if rmmod kemu; then
		echo "KEMU-UNLOAD: rmmod refused $refused times while the stress ran; succeeded once its VM stopped (in flight then: $left)"
	else
		fail "unload: rmmod kemu failed after the stress VM stopped (in flight: $left, refcount $(cat /sys/module/kemu/refcnt))"
	fi
	[ "$refused" = 5 ] || fail "unload: rmmod refused $refused times of 5"
	routing_verdict "rmmod under load" "$fails_before"
	stage unload-end
}

# check_records LABEL N: the recorder kept the first N instructions of the
# run, each complete (tools/RECORD-FORMAT.md), and tools/kemu-replay, when the
# initramfs has it, reproduces every one on the userspace build of the core.
check_records() {
	R=/sys/kernel/debug/kemu/records
	cat $R >"/tmp/records-$1"
	echo clear >$R
	n=$(grep -c '^kemu-record ' "/tmp/records-$1")
	ends=$(grep -c '^end$' "/tmp/records-$1")
	results=$(grep -c '^result ' "/tmp/records-$1")
	echo "KEMU-RECORD: $1: $n records, $ends complete, $results pass results"
	[ "$n" = "$2" ] && [ "$ends" = "$2" ] && [ "$results" -ge "$2" ] ||
		fail "$1: expected $2 complete records, got $n records and $ends ends"
	[ "$(cat /sys/kernel/debug/kemu/record)" = off ] || fail "$1: the recorder is still armed"
	[ -z "$DEMO" ] || awk '/^kemu-record 7$/ { p = 1 } p { print "KEMU-DEMO: record: " $0 } p && /^end$/ { exit }' "/tmp/records-$1"
	if [ -x /bin/kemu-replay ]; then
		kemu-replay "/tmp/records-$1" >"/tmp/replay-$1" 2>&1
		rc=$?
		echo "KEMU-RECORD: $1: kemu-replay: $(grep -c ': reproduced$' "/tmp/replay-$1") reproduced, exit status $rc"
		grep 'NOT reproduced' "/tmp/replay-$1" | head -5 | sed 's/^/KEMU-FAIL: /'
		[ "$rc" = 0 ] || fail "$1: kemu-replay did not reproduce every record"
		[ -z "$DEMO" ] || kemu-replay -n 5 "/tmp/records-$1" | sed 's/^/KEMU-DEMO: /'
	fi
}

# perf_loop LABEL: one vCPU running the stress loop for PERF_SECONDS; prints
# its iterations (7 emulations each).  A figure, never a test (no timing
# assertions): the stock and kemu runs of one boot give the ratio.
perf_loop() {
	/bin/kemu-stress -n 1 -t "$PERF_SECONDS" >/tmp/perf-$1.out 2>&1 ||
		fail "$1: kemu-stress (perf loop) failed: $(tail -1 /tmp/perf-$1.out)"
	sed -n 's/^KEMU-STRESS: total.* iterations=\([0-9]*\) .*/\1/p' /tmp/perf-$1.out
}

# record_mix: what KVM has kemu emulate in one run of the L2 suite (up to
# 1400 emulations, in order) and then 700 of the one-vCPU stress loop,
# recorded, printed as KEMU-MIX: lines (bench/record-mix.sh keeps them as the
# side-by-side benchmark's recorded mix).
record_mix() {
	load_kemu || return
	D=/sys/kernel/debug/kemu
	echo 2048 >$P/record_keep || fail "record-mix: no record_keep parameter"
	echo 1400 >$D/record
	run_vmm L2-mix --kemu
	echo off >$D/record
	cat $D/records >/tmp/mix.rec
	echo clear >$D/records
	echo 700 >$D/record
	/bin/kemu-stress -n 1 -t 3 >/tmp/mix-stress.out 2>&1 || fail "record-mix: kemu-stress failed"
	echo off >$D/record
	cat $D/records >>/tmp/mix.rec
	echo "KEMU-MIX-COUNT: $(grep -c '^kemu-record ' /tmp/mix.rec) records, $(grep -c '^end$' /tmp/mix.rec) complete"
	sed 's/^/KEMU-MIX: /' /tmp/mix.rec
}

if [ -n "${kemu_record_mix:-}" ] && [ -n "$KEMU" ]; then
	record_mix
elif [ -n "${PROFILE:-}" ]; then
	# shellcheck source=l1-profile.sh
	. /bin/l1-profile.sh	# where the kernel time goes (make profile-l1)
	profile_run
elif [ -n "${REAL_GUEST:-}" ]; then
	# shellcheck source=guest/l1-guest.sh
	. /bin/l1-guest.sh	# the L2 Linux guest under stock KVM, kemu, stock
elif [ -n "$KEMU" ]; then
	# The oracle of the takeover is stock KVM in the same boot:
	#   L2-stock     KVM's own emulator
	#   L2-takeover  kemu loaded after kvm.ko, routing kvm.ko's emulator calls
	#   L2-restored  kemu disabled and removed: KVM's emulator again
	#   L2           kemu loaded before kvm.ko (takes it over when it arrives)
	# All are checked against the same hand-checked results, and the later
	# three are compared case by case with what L2-stock recorded.
	run_vmm L2-stock --record "$REC"
	perf_stock=$(perf_loop stock)
	# kemu refuses a kvm.ko other than the one it was built for (told here to
	# expect another symbol version): the load fails and says why.
	if insmod /lib/modules/kemu.ko test_kvm_mismatch=1 2>/dev/null; then
		fail "kemu loaded although it was told kvm.ko does not match"
		disable_kemu
	fi
	dmesg | grep -q 'kemu: kvm.ko is not the one kemu was built for' ||
		fail "no message for the kvm.ko kemu refused"
	echo "KEMU-TAKEOVER: a kvm.ko of another version is refused: $(dmesg | grep -m1 'kemu: kvm.ko is not the one' | sed 's/^\[[^]]*\] //')"
	load_kemu && {
		stage kemu-loaded
		check_unobserved
		run_with_kemu L2-takeover
		disable_kemu
		run_vmm L2-restored --compare "$REC"
		rmmod kvm_amd kvm || fail "rmmod kvm_amd kvm"
		load_kemu
		insmod_kvm
		stage kemu-before-kvm
	}
	[ -n "$DEMO" ] && [ -d /sys/kernel/debug/kemu ] &&
		for f in /sys/kernel/debug/kemu/*; do [ -f "$f" ] && echo "KEMU-DEBUGFS before: ${f##*/}: $(head -c 300 "$f")"; done
	echo 30 >/sys/kernel/debug/kemu/record || fail "cannot arm kemu's recorder"
	run_with_kemu L2
	check_records L2 30
	perf_kemu=$(perf_loop kemu)
	echo "KEMU-PERF: forced-emulation loop, 1 vCPU, ${PERF_SECONDS} s each, same boot: stock KVM ${perf_stock:-?} iterations, kemu ${perf_kemu:-?} iterations" \
		"(kemu/stock time per iteration $(awk -v s="${perf_stock:-0}" -v k="${perf_kemu:-0}" 'BEGIN { if (k > 0) printf "%.3f", s / k; else print "?" }');" \
		"L1 clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null || echo '?'))"
	run_stress
	run_shadow
	run_switch_stress
	run_unload_under_stress
else
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
# Taint: only O (out-of-tree, 4096), E (unsigned, 8192).
t=$(cat /proc/sys/kernel/tainted)
[ $((t & ~(4096 | 8192))) = 0 ] || fail "kernel tainted $t (beyond O/E)"
echo "KEMU-TAINT: $t"
[ -n "$DEMO" ] && dmesg | grep -iE 'kvm|kemu|svm' | sed 's/^/KEMU-DMESG: /'
finish
