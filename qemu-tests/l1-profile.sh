# l1-profile.sh: sourced by init.sh when the initramfs was built for a
# profile boot (run-l1.sh --profile; make profile-l1).  Where L1's kernel
# time goes while one vCPU runs the forced-emulation loop of stress/
# (7 emulations per iteration), under stock KVM and under kemu:
#   1. PROFILE_ROUNDS timing rounds of PERF_SECONDS each, in the order
#      stock, kemu[, base]: stock is kvm.ko alone (kemu not loaded), kemu
#      the kemu.ko under test, base a second kemu.ko to compare with
#      (run-l1.sh --profile-base); one KEMU-PROFILE: round line each.
#   2. The calls per emulation of kvm.ko's emulator entry points (each one
#      kemu routes is a pass through its ftrace hook when kemu is loaded;
#      init_decode_cache and emulator_can_use_gpa are not routed), counted by
#      kprobe events over one loop under stock KVM and under kemu.
#   3. perf record (cpu-clock, whole L1) over one loop each under stock and
#      kemu: the top symbols by self time.
# Figures only: nothing here is a test.  Output lines start KEMU-PROFILE:.

ROUTED='x86_decode_insn x86_emulate_insn init_decode_cache x86_page_table_writing_insn emulator_task_switch emulate_int_real emulator_invalidate_register_cache emulator_writeback_register_cache emulator_can_use_gpa'

# profile_loop SECONDS: iterations of the one-vCPU loop.
profile_loop() {
	/bin/kemu-stress -n 1 -t "$1" >/tmp/profile-loop.out 2>&1 ||
		fail "profile: kemu-stress failed: $(tail -1 /tmp/profile-loop.out)"
	sed -n 's/^KEMU-STRESS: total.* iterations=\([0-9]*\) .*/\1/p' /tmp/profile-loop.out
}

# profile_with KO: runs the rest of the command line with KO loaded.
profile_with() {
	ko=$1
	shift
	insmod "/lib/modules/$ko" || { fail "profile: insmod $ko"; return 1; }
	"$@"
	echo 0 >"$P/enabled" || fail "profile: could not disable kemu ($ko)"
	rmmod kemu || fail "profile: rmmod kemu ($ko)"
}

profile_rounds() {
	r=1
	while [ "$r" -le "$PROFILE_ROUNDS" ]; do
		s=$(profile_loop "$PERF_SECONDS")
		k=$(profile_with kemu.ko profile_loop "$PERF_SECONDS")
		line="round $r: stock $s kemu $k"
		if [ -f /lib/modules/kemu-base.ko ]; then
			b=$(profile_with kemu-base.ko profile_loop "$PERF_SECONDS")
			line="$line base $b"
		fi
		echo "KEMU-PROFILE: $line iterations in ${PERF_SECONDS} s"
		r=$((r + 1))
	done
}

# profile_calls LABEL: calls per emulation of the routed functions, counted
# by a kprobe event on each (kprobe_profile's hits; a kprobe without a
# post-handler shares the functions with kemu's hooks).
profile_calls() {
	TR=/sys/kernel/debug/tracing
	for f in $ROUTED x86_emulate_instruction; do
		echo "p:kemu_calls/$f $f" >>$TR/kprobe_events ||
			echo "KEMU-PROFILE: $1: no kprobe on $f"
	done
	echo 1 >$TR/events/kemu_calls/enable
	before=$(cat $TR/kprobe_profile)
	profile_loop 2 >/dev/null
	after=$(cat $TR/kprobe_profile)
	echo 0 >$TR/events/kemu_calls/enable
	echo >$TR/kprobe_events
	echo >$TR/trace
	# kprobe_profile: "  kemu_calls/NAME  HITS  MISSES" (before, then after)
	line=$(printf '%s\n--\n%s\n' "$before" "$after" | awk '
		/^--$/ { after = 1; next }
		{ n = $1; sub(".*/", "", n); if (after) h[n] += $2; else h[n] -= $2 }
		END {
			e = h["x86_emulate_instruction"]
			printf "%d x86_emulate_instruction calls:", e
			split("'"$ROUTED"'", r, " ")
			for (i = 1; i in r; i++) if (h[r[i]]) printf " %s=%.2f", r[i], e ? h[r[i]] / e : 0
		}')
	echo "KEMU-PROFILE: calls per emulation ($1), $line"
}

# profile_perf LABEL: the top symbols of L1 over one loop.
profile_perf() {
	perf record -q -e cpu-clock -F 4000 -a -o "/tmp/perf-$1.data" -- \
		/bin/kemu-stress -n 1 -t "$PERF_SECONDS" >"/tmp/perf-$1.out" 2>&1 ||
		{ echo "KEMU-PROFILE: $1: perf record failed: $(tail -2 "/tmp/perf-$1.out")"; return; }
	echo "KEMU-PROFILE: $1: iterations $(sed -n 's/^KEMU-STRESS: total.* iterations=\([0-9]*\) .*/\1/p' "/tmp/perf-$1.out") in $PERF_SECONDS s"
	perf report -i "/tmp/perf-$1.data" --stdio --no-children --sort sym \
		--percent-limit 0.01 2>/dev/null |
		awk -v l="$1" '/^#/ || NF == 0 { if ($0 ~ /Samples|Event count/) print "KEMU-PROFILE: " l ":" $0; next }
			{ print "KEMU-PROFILE: " l ": " $0 }'
}

profile_run() {
	stage profile-start
	export HOME=/tmp
	echo 0 >/proc/sys/kernel/kptr_restrict
	echo -1 >/proc/sys/kernel/perf_event_paranoid
	profile_rounds
	profile_calls stock
	profile_with kemu.ko profile_calls kemu
	if command -v perf >/dev/null; then
		profile_perf stock
		profile_with kemu.ko profile_perf kemu
	else
		echo "KEMU-PROFILE: SKIP perf: not in the initramfs"
	fi
	stage profile-end
}
