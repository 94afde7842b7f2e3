# l1-guest.sh: sourced by L1's /init (init.sh) when the initramfs carries QEMU
# and the L2 Linux guest (mkinitramfs.sh with KEMU_REAL_GUEST=1).  Boots the
# guest with Debian's QEMU on L1's KVM: under stock KVM and under kemu (loaded
# after kvm.ko, its takeover live) on each machine of GUEST_MACHINES (q35,
# pc, pc-i386), then under stock KVM again (kemu disabled and removed) on the
# first.  Per run: the guest reached the end of its workload, its data
# round-tripped (checked in L1 against the disk image too), no emulation
# failure, and in a kemu run kemu decoded exactly KVM's insn_emulation; per
# machine the guest's console (minus timestamps and timing-dependent counts)
# is the same under both emulators.  Once more on the first machine while a
# loop switches kemu on and off every second: the same console and data, every
# switch counted, no failure.  A kprobe on x86_emulate_instruction (not
# taken over by kemu) counts KVM's calls by EMULTYPE, the researcher's view:
# its NO_DECODE re-entries are the oracle for kemu's completion counts.  Uses
# init.sh's stage, fail, load_kemu, disable_kemu, stat_sum.
G=/guest
KVMDBG=/sys/kernel/debug/kvm
TR=/sys/kernel/debug/tracing
KPROBE=kemu_guest/x86_emulate_instruction
PATTERN_MD5=$(seq 1 40000 | head -c 131072 | md5sum | cut -d' ' -f1)

gcheck() { # NAME OK-CONDITION-STATUS MESSAGE: one counted check
	if [ "$2" = 0 ]; then echo "KEMU-GUEST-CHECK: $1: PASS"; else
		echo "KEMU-GUEST-CHECK: $1: FAIL ($3)"; fail "guest $1: $3"; fi
}
kvm_stat() { cat "$KVMDBG/$1" 2>/dev/null || echo 0; }
# The console without what differs from boot to boot: timestamps, carriage
# returns, the interrupt counts (/proc/interrupts' CPU0 column, GUEST-COUNT)
# and where KASLR put the guest kernel (GUEST-KASLR).
normalize() {
	tr -d '\r' <"$1" | sed 's/^\[ *[0-9]*\.[0-9]*\] //' | awk '
		/^GUEST: \/proc\/interrupts/ { irq = 1; print; next }
		/^GUEST: done/ { irq = 0 }
		/^GUEST-COUNT:/ { sub(/[0-9]+$/, "N") }
		/^GUEST-KASLR:/ { next }
		irq && $2 ~ /^[0-9]+$/ { $2 = "N" }
		{ print }'
}

# emultypes TRACE: KVM's x86_emulate_instruction calls in the trace (the
# kprobe) by EMULTYPE_* value, "NAME|NAME=count ...", and the number of
# NO_DECODE re-entries of complete_emulated_io (EMULTYPE_NO_DECODE alone).
emultypes() {
	awk '/ x86_emulate_instruction: / { t = $NF; sub("type=", "", t); n[t]++ }
	END {
		split("NO_DECODE TRAP_UD SKIP ALLOW_RETRY_PF TRAP_UD_FORCED VMWARE_GP PF COMPLETE_USER_EXIT WRITE_PF_TO_SP SKIP_SOFT_INT", f)
		for (t in n) {
			v = 0
			for (i = 3; i <= length(t); i++) v = v * 16 + index("0123456789abcdef", substr(t, i, 1)) - 1
			s = ""
			for (i = 1; i <= 10; i++) { if (v - 2 * int(v / 2)) s = s (s == "" ? "" : "|") f[i]; v = int(v / 2) }
			printf "%s%s=%d", sep, s == "" ? "none" : s, n[t]; sep = " "
		}
		printf "\n%d\n", n["0x1"]
	}' "$1"
}

# symbolize CONSOLE: kemu-stat's site lines (a guest kernel rIP first) get the
# guest function, from L1's /proc/kallsyms (L2 runs the same kernel image)
# moved by the two kernels' KASLR offsets.  Kernel text lies within
# 0xffffffff80000000-0xffffffffc0000000: the low 32 bits suffice (awk's
# numbers are doubles), and symbols outside [_text, _etext) are not used.
symbolize() {
	g=$(tr -d '\r' <"$1" | sed -n 's/^GUEST-KASLR: _text \([0-9a-f]*\)$/\1/p')
	awk -v g="$g" 'function lo(h,   v, i) { v = 0; h = substr(h, length(h) - 7)
			for (i = 1; i <= 8; i++) v = v * 16 + index("0123456789abcdef", substr(tolower(h), i, 1)) - 1
			return v }
		NR == FNR { if ($3 == "_text") t = lo($1); if ($3 == "_etext") e = lo($1)
			if ($2 ~ /^[tT]$/ && substr($1, 1, 8) == "ffffffff") { n++; a[n] = lo($1); s[n] = $3 }
			next }
		FNR == 1 { d = t - lo(g) }
		g != "" && /^0xffffffff[0-9a-f]* / {
			r = lo($1) + d; best = 0
			if (r >= t && r < e) for (i = 1; i <= n; i++) if (a[i] <= r && a[i] >= t && (!best || a[i] > a[best])) best = i
			if (best) { printf "%s  <%s+0x%x>\n", $0, s[best], r - a[best]; next }
		}
		{ print }' /proc/kallsyms -
}

# switch_loop: writes 0, 1, 0, ... to kemu's enabled switch every second
# until /tmp/switch-stop exists, then leaves it at 1; writes to
# /tmp/switch-writes the number of writes and of those that changed the value
# (this loop is the only writer, so these are the switches kemu must count).
switch_loop() {
	v=0 writes=0 changed=0 stop=
	while :; do
		[ -e /tmp/switch-stop ] && stop=1 v=1
		[ "$(cat $P/enabled)" = $v ] || changed=$((changed + 1))
		echo $v >$P/enabled
		writes=$((writes + 1))
		[ -z "$stop" ] || break
		v=$((1 - v))
		sleep 1
	done
	echo "$writes $changed" >/tmp/switch-writes
}

# guest_run LABEL EMULATOR MACHINE: one boot of the L2 guest to the end of its
# workload.  EMULATOR: stock, kemu, or switching (kemu loaded, switch_loop
# running for the whole run).
guest_run() {
	label=$1 emu=$2 machine=$3 con=/tmp/console-$1
	# MACHINE-i386: that machine with Debian's 32-bit kernel and busybox.
	qm=${machine%-i386} kernel=$G/vmlinuz initrd=$G/guest.cpio.gz
	[ "$qm" = "$machine" ] || kernel=$G/vmlinuz-i386 initrd=$G/guest-i386.cpio.gz
	rm -f "$con" /tmp/disk.img
	dd if=/dev/zero of=/tmp/disk.img bs=1024 count=1024 2>/dev/null
	[ -f /tmp/ide.img ] || dd if=/dev/zero of=/tmp/ide.img bs=1024 count=1024 2>/dev/null
	echo 8192 >$TR/buffer_size_kb
	echo >$TR/trace
	[ "$emu" = kemu ] && [ -d $TR/events/kemu ] && echo 1 >$TR/events/kemu/kemu_emulation/enable
	# KVM's own tracepoint in every run (kemu keeps what it reads: fetch and _eip).
	echo 1 >$TR/events/kvm/kvm_emulate_insn/enable
	[ -d "$TR/events/$KPROBE" ] && echo 1 >"$TR/events/$KPROBE/enable"
	[ "$emu" != kemu ] || echo 0 >/sys/kernel/debug/kemu/stats
	dec0=$(cat $P/decoded 2>/dev/null) fail0=$(cat $P/failed 2>/dev/null)
	if [ "$emu" = switching ]; then
		sw0=$(cat $P/switches) koff0=$(cat $P/kemu_finished_while_off) son0=$(cat $P/stock_finished_while_on)
		rm -f /tmp/switch-stop /tmp/switch-writes
		switch_loop &
		swpid=$!
	fi
	stage "guest-start-$label"
	t0=$(cut -d' ' -f1 /proc/uptime)
	qemu-system-x86_64 -accel kvm -machine "$qm" -cpu qemu64,-x2apic,-kvm-pv-eoi \
		-smp 1 -m 256 -nodefaults -no-user-config -display none -no-reboot \
		-bios qboot.rom \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 quiet loglevel=3 panic=-1" \
		-serial "file:$con" \
		-drive file=/tmp/disk.img,format=raw,if=none,id=disk0,cache=unsafe \
		-device virtio-blk-pci,drive=disk0,disable-legacy=on \
		$([ "$qm" != pc ] || echo "-drive file=/tmp/ide.img,format=raw,if=ide,cache=unsafe") 2>"/tmp/qemu-$label.err" &
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
	[ "$emu" = stock ] || dec=$(($(cat $P/decoded) - dec0)) kfail=$(($(cat $P/failed) - fail0))
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ "$emu" != switching ] || { touch /tmp/switch-stop; wait $swpid; }
	echo 0 >$TR/events/kvm/kvm_emulate_insn/enable
	[ -d "$TR/events/$KPROBE" ] && echo 0 >"$TR/events/$KPROBE/enable"
	[ -d $TR/events/kemu ] && echo 0 >$TR/events/kemu/kemu_emulation/enable
	cp $TR/trace "/tmp/trace-$label"
	stage "guest-end-$label"
	echo "KEMU-GUEST: $label ($emu): workload done after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s;" \
		"KVM: insn_emulation=$emul exits=$exits mmio_exits=$mmio io_exits=$pio${dec:+; kemu decoded $dec}"
	sed 's/^/KEMU-GUEST-CONSOLE: /' "$con" | tr -d '\r'
	sed 's/^/KEMU-GUEST-QEMU: /' "/tmp/qemu-$label.err"
	emultypes "/tmp/trace-$label" >"/tmp/emultypes-$label"
	nodecode=$(sed -n 2p "/tmp/emultypes-$label")
	echo "KEMU-GUEST: $label: KVM's x86_emulate_instruction calls by EMULTYPE: $(head -1 "/tmp/emultypes-$label")"
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
	if [ "$emu" = switching ]; then
		read -r writes changed </tmp/switch-writes
		sw=$(($(cat $P/switches) - sw0))
		[ "$sw" = "$changed" ] && [ "$changed" -ge 2 ]
		gcheck "$label: every switch counted" $? "kemu's switches +$sw, writes that changed enabled $changed"
		failed=$(grep -c 'kvm_emulate_insn: .* failed$' "/tmp/trace-$label")
		[ "$kfail" = 0 ] && [ "$failed" = 0 ]
		gcheck "$label: no failed emulation" $? "kemu's failed +$kfail, kvm_emulate_insn failed events $failed"
		# Both emulators decoded part of the run: the switch took effect.
		[ "$dec" -gt 0 ] && [ "$dec" -lt "$emul" ]
		gcheck "$label: kemu and stock KVM both decoded" $? "kemu decoded $dec of KVM's insn_emulation $emul"
		echo "KEMU-GUEST: $label: $writes writes to enabled, $changed switches (kemu counted $sw);" \
			"kemu decoded $dec of $emul emulations; finished by the emulator that decoded them across a switch:" \
			"kemu_finished_while_off +$(($(cat $P/kemu_finished_while_off) - koff0))," \
			"stock_finished_while_on +$(($(cat $P/stock_finished_while_on) - son0)); enabled=$(cat $P/enabled)"
	fi
	if [ "$emu" = kemu ]; then
		[ "$dec" = "$emul" ] && [ "$emul" -gt 0 ]
		gcheck "$label: kemu decoded = KVM insn_emulation" $? "kemu $dec, KVM $emul"
		[ "$kfail" = 0 ]
		gcheck "$label: kemu emulation failures" $? "$kfail failures"
		S=/tmp/stats-$label
		cp /sys/kernel/debug/kemu/stats "$S"
		# For the host (the HTML report): the first machine's run.
		[ "$machine" != "${GUEST_MACHINES%% *}" ] || sed 's/^/KEMU-GUEST-STATS: /' "$S"
		# Every decode has one reason and one site (or the site table was full).
		reasons=$(stat_sum "$label" reason)
		sites=$(awk '$1 == "rip" { sub("count=", "", $4); s += $4 } $2 == "rip-table-full" { sub("count=", "", $3); s += $3 }
			END { print s + 0 }' "$S")
		[ "$reasons" = "$emul" ] && [ "$sites" = "$emul" ]
		gcheck "$label: decodes by reason and by site = insn_emulation" $? "reasons $reasons, sites $sites, KVM $emul"
		# The guest's MMIO (xAPIC, IOAPIC, HPET, virtio) is the bulk; HPET
		# reads go to QEMU and come back as MMIO-read completions.
		pfmmio=$(stat_sum "$label" reason pf-mmio)
		compl=$(stat_sum "$label" completion mmio-read)
		[ "${pfmmio:-0}" -gt 0 ] && [ "${compl:-0}" -gt 0 ]
		gcheck "$label: MMIO emulations and MMIO-read completions seen" $? "pf-mmio ${pfmmio:-0}, mmio-read completions ${compl:-0}"
		# KVM re-entered the emulator after userspace I/O exactly as often as
		# kemu counted completions (MMIO read, port input).
		compl_all=$(stat_sum "$label" completion)
		[ -n "$nodecode" ] && [ "$compl_all" = "$nodecode" ]
		gcheck "$label: kemu's completions = KVM's NO_DECODE re-entries" $? "kemu $compl_all, kprobe ${nodecode:-?}"
		# On pc, libata's PIO reads of the IDE disk: REP INSW from QEMU.
		if [ "$qm" = pc ]; then
			sio=$(stat_sum "$label" reason string-io)
			pin=$(stat_sum "$label" completion pio-in)
			[ "${sio:-0}" -gt 0 ] && [ "${pin:-0}" -gt 0 ]
			gcheck "$label: string I/O emulations and port-input completions seen" $? "string-io ${sio:-0}, pio-in completions ${pin:-0}"
		fi
		# L1's KVM maps the guest with NPT (a TDP MMU) and runs no nested
		# guest: nothing is write-protected, every page fault is MMIO (ROM
		# writes of the firmware included).
		wp=$(stat_sum "$label" reason pf-write-protected)
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
		# and per mnemonic the decodes kemu counted (kemu_mnemonic() of
		# each decode against the first word of kemu-trace's text).
		kemu-trace --stock -s -n 100000 -f "/tmp/trace-$label" | awk '/^count .* mnemonic$/ { t = 1; next }
			t && NF == 0 { exit } t { print $3 "|" $1 }' | sort >"/tmp/mn-trace-$label"
		awk '$1 == "mnemonic" { d = 0; for (i = 3; i <= NF; i++) if ($i ~ /^decodes=/) { d = $i; sub("decodes=", "", d) }
			if (d > 0) print $2 "|" d }' "$S" | sort >"/tmp/mn-kemu-$label"
		[ -s "/tmp/mn-kemu-$label" ] && diff "/tmp/mn-trace-$label" "/tmp/mn-kemu-$label" >"/tmp/mn-diff-$label"
		gcheck "$label: kemu-trace --stock per mnemonic = kemu's decodes" $? \
			"$(wc -l <"/tmp/mn-kemu-$label") mnemonics; $(head -4 "/tmp/mn-diff-$label" 2>/dev/null | tr '\n' ' ')"
		[ "$machine" = "${GUEST_MACHINES%% *}" ] || return 0 # the profile of the first machine
		echo "KEMU-GUEST-PROFILE: what kemu emulated for the L2 Linux guest (tools/kemu-stat):"
		kemu-stat -n 8 "/tmp/stats-$label" | symbolize "$con" | sed 's/^/KEMU-GUEST-PROFILE: /'
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
	echo "KEMU-GUEST: $(qemu-system-x86_64 --version | head -1); L2 kernel $(uname -r) (-kernel), machines: $GUEST_MACHINES"
	# KVM's emulator entry (x86_emulate_instruction) with its EMULTYPE (edx).
	echo "p:$KPROBE x86_emulate_instruction type=%dx:x32" >>$TR/kprobe_events ||
		echo "KEMU-GUEST: no kprobe on x86_emulate_instruction (kprobe_events)"
	for m in $GUEST_MACHINES; do guest_run "stock-$m" stock "$m"; done
	load_kemu || return
	stage kemu-loaded
	for m in $GUEST_MACHINES; do guest_run "kemu-$m" kemu "$m"; done
	first=${GUEST_MACHINES%% *}
	# The same workload while the emulator changes every second under it.
	guest_run "switching-$first" switching "$first"
	disable_kemu
	# Stock again, once: kemu switched off and removed gives KVM its emulator back.
	guest_run "restored-$first" stock "$first"
	for m in $GUEST_MACHINES; do compare_console "stock-$m" "kemu-$m"; done
	compare_console "stock-$first" "switching-$first"
	compare_console "stock-$first" "restored-$first"
}
guest_runs
