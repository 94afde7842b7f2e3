# l1-guest.sh: sourced by L1's /init (init.sh) when the initramfs carries QEMU
# and the L2 Linux guest (mkinitramfs.sh with KEMU_REAL_GUEST=1).  Boots the
# guest with Debian's QEMU on L1's KVM three times in this boot: stock KVM,
# kemu (loaded after kvm.ko, its takeover live), stock again (kemu disabled
# and removed).  Per run: the guest reached the end of its workload, its data
# round-tripped (checked in L1 against the disk image too), no emulation
# failure, and in the kemu run kemu decoded exactly KVM's insn_emulation; the
# guest's console (minus timestamps and timing-dependent counts) is the same
# in all three runs.  Uses init.sh's stage, fail, load_kemu, disable_kemu.
G=/guest
KVMDBG=/sys/kernel/debug/kvm
TR=/sys/kernel/debug/tracing
PATTERN_MD5=$(seq 1 40000 | head -c 131072 | md5sum | cut -d' ' -f1)

gcheck() { # NAME OK-CONDITION-STATUS MESSAGE: one counted check
	if [ "$2" = 0 ]; then echo "KEMU-GUEST-CHECK: $1: PASS"; else
		echo "KEMU-GUEST-CHECK: $1: FAIL ($3)"; fail "guest $1: $3"; fi
}
kvm_stat() { cat "$KVMDBG/$1" 2>/dev/null || echo 0; }
# The console without what differs from boot to boot: timestamps, carriage
# returns, and the interrupt counts (/proc/interrupts' CPU0 column, GUEST-COUNT).
normalize() {
	tr -d '\r' <"$1" | sed 's/^\[ *[0-9]*\.[0-9]*\] //' | awk '
		/^GUEST: \/proc\/interrupts/ { irq = 1; print; next }
		/^GUEST: done/ { irq = 0 }
		/^GUEST-COUNT:/ { sub(/[0-9]+$/, "N") }
		irq && $2 ~ /^[0-9]+$/ { $2 = "N" }
		{ print }'
}

# guest_run LABEL EMULATOR: one boot of the L2 guest to the end of its workload.
guest_run() {
	label=$1 emu=$2 con=/tmp/console-$1
	rm -f "$con" /tmp/disk.img
	dd if=/dev/zero of=/tmp/disk.img bs=1024 count=1024 2>/dev/null
	echo 8192 >$TR/buffer_size_kb
	echo >$TR/trace
	[ "$emu" = kemu ] && [ -d $TR/events/kemu ] && echo 1 >$TR/events/kemu/kemu_emulation/enable
	# KVM's own tracepoint in every run (kemu keeps what it reads: fetch and _eip).
	echo 1 >$TR/events/kvm/kvm_emulate_insn/enable
	dec0=$(cat $P/decoded 2>/dev/null) fail0=$(cat $P/failed 2>/dev/null)
	stage "guest-start-$label"
	t0=$(cut -d' ' -f1 /proc/uptime)
	qemu-system-x86_64 -accel kvm -machine "$GUEST_MACHINE" -cpu qemu64,-x2apic,-kvm-pv-eoi \
		-smp 1 -m 256 -nodefaults -no-user-config -display none -no-reboot \
		-bios qboot.rom \
		-kernel $G/vmlinuz -initrd $G/guest.cpio.gz \
		-append "console=ttyS0 quiet loglevel=3 panic=-1" \
		-serial "file:$con" \
		-drive file=/tmp/disk.img,format=raw,if=none,id=disk0,cache=unsafe \
		-device virtio-blk-pci,drive=disk0,disable-legacy=on 2>"/tmp/qemu-$label.err" &
	pid=$!
	i=0 up=
	while [ $i -lt $((GUEST_BUDGET * 2)) ] && kill -0 $pid 2>/dev/null; do
		grep -q '^GUEST: done' "$con" 2>/dev/null && { up=1; break; }
		[ -z "$up" ] && grep -q '^GUEST: up' "$con" 2>/dev/null && up=0 &&
			echo "KEMU-GUEST: $label: L2 kernel reached /init after $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }') s"
		sleep 0.5
		i=$((i + 1))
	done
	# Stopped, the vCPU is out of KVM_RUN: KVM's and kemu's counters agree.
	kill -STOP $pid 2>/dev/null
	t1=$(cut -d' ' -f1 /proc/uptime)
	emul=$(kvm_stat insn_emulation) exits=$(kvm_stat exits) mmio=$(kvm_stat mmio_exits) pio=$(kvm_stat io_exits)
	dec= kfail=
	[ "$emu" != kemu ] || dec=$(($(cat $P/decoded) - dec0)) kfail=$(($(cat $P/failed) - fail0))
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	echo 0 >$TR/events/kvm/kvm_emulate_insn/enable
	[ -d $TR/events/kemu ] && echo 0 >$TR/events/kemu/kemu_emulation/enable
	cp $TR/trace "/tmp/trace-$label"
	stage "guest-end-$label"
	echo "KEMU-GUEST: $label ($emu): workload done after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s;" \
		"KVM: insn_emulation=$emul exits=$exits mmio_exits=$mmio io_exits=$pio${dec:+; kemu decoded $dec}"
	sed 's/^/KEMU-GUEST-CONSOLE: /' "$con" | tr -d '\r'
	sed 's/^/KEMU-GUEST-QEMU: /' "/tmp/qemu-$label.err"
	grep -q '^GUEST: done' "$con"
	gcheck "$label: workload completed" $? "no 'GUEST: done' within ${GUEST_BUDGET} s"
	! grep -qiE 'emulation failure|internal error' "/tmp/qemu-$label.err"
	gcheck "$label: no emulation failure" $? "QEMU reported: $(head -1 "/tmp/qemu-$label.err")"
	w=$(sed -n 's/^GUEST: wrote \([0-9a-f]*\).*/\1/p' "$con" | tr -d '\r')
	r=$(sed -n 's/^GUEST: read  \([0-9a-f]*\).*/\1/p' "$con" | tr -d '\r')
	d=$(head -c 131072 /tmp/disk.img | md5sum | cut -d' ' -f1)
	[ "$w" = "$PATTERN_MD5" ] && [ "$r" = "$PATTERN_MD5" ] && [ "$d" = "$PATTERN_MD5" ]
	gcheck "$label: disk data round-trip" $? "pattern $PATTERN_MD5, guest wrote ${w:-?} read ${r:-?}, disk image $d"
	normalize "$con" >"/tmp/console-$label.norm"
	if [ "$emu" = stock ]; then
		# KVM's own tracepoint: one event per decode (kvm_emulate_insn_start).
		events=$(grep -c 'kvm_emulate_insn: ' "/tmp/trace-$label")
		failed=$(grep -c 'kvm_emulate_insn: .* failed$' "/tmp/trace-$label")
		[ $((events - failed)) = "$emul" ] && [ "$failed" = 0 ]
		gcheck "$label: kvm_emulate_insn events = insn_emulation, none failed" $? \
			"$events events ($failed failed), insn_emulation $emul"
		# kemu-trace --stock decodes each of them with kemu's disassembler.
		kemu-trace --stock -s -n 8 -f "/tmp/trace-$label" >"/tmp/stock-$label"
		sed 's/^/KEMU-GUEST-STOCK: /' "/tmp/stock-$label"
		grep -q "^KVM emulated $emul instructions" "/tmp/stock-$label" && ! grep -q '(bad)\|(no bytes)' "/tmp/stock-$label"
		gcheck "$label: kemu-trace --stock decodes every emulation" $? "$(head -1 "/tmp/stock-$label")"
	fi
	if [ "$emu" = kemu ]; then
		[ "$dec" = "$emul" ] && [ "$emul" -gt 0 ]
		gcheck "$label: kemu decoded = KVM insn_emulation" $? "kemu $dec, KVM $emul"
		[ "$kfail" = 0 ]
		gcheck "$label: kemu emulation failures" $? "$kfail failures"
		S=/tmp/stats-$label
		cp /sys/kernel/debug/kemu/stats "$S"
		sed 's/^/KEMU-GUEST-STATS: /' "$S"	# for the host (the HTML report)
		# Every decode has one reason and one site (or the site table was full).
		reasons=$(awk '$1 == "reason" { sub("count=", "", $3); s += $3 } END { print s + 0 }' "$S")
		sites=$(awk '$1 == "rip" { sub("count=", "", $4); s += $4 } $2 == "rip-table-full" { sub("count=", "", $3); s += $3 }
			END { print s + 0 }' "$S")
		[ "$reasons" = "$emul" ] && [ "$sites" = "$emul" ]
		gcheck "$label: decodes by reason and by site = insn_emulation" $? "reasons $reasons, sites $sites, KVM $emul"
		# The guest's MMIO (xAPIC, IOAPIC, HPET, virtio) is the bulk; HPET
		# reads go to QEMU and come back as MMIO-read completions.
		pfmmio=$(awk '$1 == "reason" && $2 == "pf-mmio" { sub("count=", "", $3); print $3 }' "$S")
		compl=$(awk '$1 == "completion" && $2 == "mmio-read" { sub("count=", "", $3); print $3 }' "$S")
		[ "${pfmmio:-0}" -gt 0 ] && [ "${compl:-0}" -gt 0 ]
		gcheck "$label: MMIO emulations and MMIO-read completions seen" $? "pf-mmio ${pfmmio:-0}, mmio-read completions ${compl:-0}"
		# L1's KVM maps the guest with NPT (a TDP MMU) and runs no nested
		# guest: nothing is write-protected, every page fault is MMIO (ROM
		# writes of the firmware included).
		wp=$(awk '$1 == "reason" && $2 == "pf-write-protected" { sub("count=", "", $3); print $3 }' "$S")
		[ "${wp:-0}" = 0 ]
		gcheck "$label: no write-protected-page emulation under TDP" $? "pf-write-protected ${wp:-?}"
		# The same run seen by KVM's tracepoint, decoded by kemu-trace --stock:
		# per site (rIP, mode, instruction) the counts kemu's statistics have.
		kemu-trace --stock -f "/tmp/trace-$label" | awk '{ t = substr($0, 58); sub(/  \(failed\)$/, "", t)
			m = $2 == "vm16" ? "vm86" : $2; print $1 "|" m "|" t }' | sort | uniq -c |
			awk '{ c = $1; sub(/^ *[0-9]+ /, ""); print $0 "|" c }' | sort >"/tmp/sites-trace-$label"
		awk '$1 == "rip" { c = $4; sub("count=", "", c); m = $5; sub("mode=", "", m)
			print $3 "|" m "|" substr($0, index($0, " insn=") + 6) "|" c }' "$S" | sort >"/tmp/sites-kemu-$label"
		diff "/tmp/sites-trace-$label" "/tmp/sites-kemu-$label" >"/tmp/sites-diff-$label"
		gcheck "$label: kemu-trace --stock per site = kemu's statistics" $? \
			"$(wc -l <"/tmp/sites-kemu-$label") sites; $(head -4 "/tmp/sites-diff-$label" | tr '\n' ' ')"
		echo "KEMU-GUEST-PROFILE: what kemu emulated for the L2 Linux guest (tools/kemu-stat):"
		kemu-stat -n 8 "/tmp/stats-$label" | sed 's/^/KEMU-GUEST-PROFILE: /'
		if grep -q 'kemu_emulation:' "/tmp/trace-$label"; then
			echo "KEMU-GUEST-PROFILE: the first 20 emulations (tools/kemu-trace):"
			kemu-trace -f "/tmp/trace-$label" | head -20 | sed 's/^/KEMU-GUEST-PROFILE: /'
		fi
	fi
}

# compare_console A B: the normalized consoles of two runs are identical.
compare_console() {
	diff "/tmp/console-$1.norm" "/tmp/console-$2.norm" >"/tmp/diff-$1-$2"
	gcheck "console $1 = $2" $? "$(head -5 "/tmp/diff-$1-$2" | tr '\n' ' ')"
}

guest_runs() {
	[ -c /dev/kvm ] || { fail "no /dev/kvm for the L2 guest"; return; }
	echo "KEMU-GUEST: $(qemu-system-x86_64 --version | head -1); L2 kernel $(uname -r) (-kernel), machine $GUEST_MACHINE"
	guest_run stock stock
	load_kemu || return
	stage kemu-loaded
	echo 0 >/sys/kernel/debug/kemu/stats
	guest_run kemu kemu
	disable_kemu
	guest_run restored stock
	compare_console stock kemu
	compare_console stock restored
}
guest_runs
