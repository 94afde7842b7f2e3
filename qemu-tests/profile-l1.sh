#!/bin/bash
# profile-l1.sh SERIES KEMU_KO [--base KO] [--boots N]
# profile-l1.sh --logs LOG...   (the summary of earlier profile boots)
#
# make profile-l1: boots L1 N times (default 5) in profile mode (run-l1.sh
# --profile, l1-profile.sh) and summarizes where L1's kernel time goes in
# the one-vCPU forced-emulation loop, stock KVM against kemu:
#   - every timing round of every boot (iterations in PERF_SECONDS) and the
#     host's load average around each boot; per boot the median of its
#     rounds' kemu/stock time per iteration, and the median over the boots
#     (with --base, also base/stock and kemu/base for a second kemu.ko);
#   - the routed functions' calls per emulation (each a pass through kemu's
#     ftrace hook while kemu is loaded);
#   - perf's samples of the first boot by group of symbols (the ftrace hook,
#     the routing, the bridge, statistics and clock reads, the core, KVM's
#     emulator, KVM's callbacks), stock and kemu, and the top symbols.
# Figures, never a test.  Logs stay in build/qemu/logs.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "profile-l1.sh: $*" >&2; exit 4; }
[ $# -ge 2 ] || die "usage: profile-l1.sh SERIES KEMU_KO [--base KO] [--boots N] | --logs LOG..."
logs=()
base='' boots=5
if [ "$1" = --logs ]; then
	shift
	logs=("$@")
	boots=0
	grep -qa 'round 1: .* base ' "$1" && base=given
	set --
else
	series=$1 ko=$2
	shift 2
fi
while [ $# -gt 0 ]; do
	case $1 in
	--base) base=$2; shift ;;
	--boots) boots=$2; shift ;;
	*) die "unknown option $1" ;;
	esac
	shift
done

[ "$boots" = 0 ] || command -v perf >/dev/null ||
	echo "profile-l1.sh: no perf here (Debian's linux-perf): the boots give no symbols"
for b in $(seq 1 "$boots"); do
	load_before=$(cut -d' ' -f1-3 /proc/loadavg)
	out=$(nice -n 10 "$here/run-l1.sh" "$series" --kemu "$ko" --profile ${base:+--profile-base "$base"} --timeout 600 2>&1)
	log=$(sed -n 's/^run-l1.sh: log //p' <<<"$out" | tail -1)
	[ -n "$log" ] && [ -f "$log" ] || { echo "$out" | tail -5; die "boot $b: no log"; }
	logs+=("$log")
	echo "boot $b: host load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after; $log"
	grep -a '^KEMU-PROFILE: round' "$log" | sed 's/^KEMU-PROFILE: /  /'
	grep -a '^KEMU-FAIL' "$log" | sed 's/^/  /'
done

# Ratios of time per iteration (iterations of stock / iterations of X).
echo
for log in "${logs[@]}"; do grep -a '^KEMU-PROFILE: round' "$log" | tr -d '\r'; echo "end-of-boot"; done |
	awk -v base="$base" '
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	function flush(   k) {
		if (!nr) return
		boot++
		mk[boot] = median(rk, nr); line = sprintf("boot %d: median over %d rounds: kemu/stock %.3f", boot, nr, mk[boot])
		if (base != "") { mb[boot] = median(rb, nr); mkb[boot] = median(rkb, nr)
			line = line sprintf(", base/stock %.3f, kemu/base %.3f", mb[boot], mkb[boot]) }
		print line; nr = 0
	}
	/^end-of-boot/ { flush(); next }
	{ s = $5; k = $7; nr++; rk[nr] = s / k; ak[++na] = s / k
	  if (base != "") { bb = $9; rb[nr] = s / bb; rkb[nr] = bb / k; ab[na] = s / bb; akb[na] = bb / k } }
	END {
		if (!boot) { print "no rounds"; exit }
		printf "median over %d boots: kemu/stock %.3f", boot, median(mk, boot)
		if (base != "") printf ", base/stock %.3f, kemu/base %.3f", median(mb, boot), median(mkb, boot)
		printf " (all %d rounds: kemu/stock median %.3f", na, median(ak, na)
		if (base != "") printf ", base/stock %.3f, kemu/base %.3f", median(ab, na), median(akb, na)
		print ")"
	}'

first=${logs[0]}
echo
grep -a '^KEMU-PROFILE: calls per emulation' "$first" | tr -d '\r' | sed 's/^KEMU-PROFILE: //'

# perf's self time by group of symbols, first boot.
echo
for side in stock kemu; do
	iters=$(grep -a "^KEMU-PROFILE: $side: iterations" "$first" | tr -d '\r' | awk '{ print $4, $6 }')
	grep -a "^KEMU-PROFILE: $side: " "$first" | tr -d '\r' | awk -v side="$side" -v iters="${iters% *}" -v secs="${iters#* }" '
	function group(s) {
		if (s ~ /^(ftrace_trampoline|ftrace_regs_caller|ftrace_caller|ftrace_ops_list_func|arch_ftrace_ops_list_func|route_call|kemu_route_to_kemu|ftrace_get_regs)$/) return "ftrace hook (trampoline, handler)"
		if (s ~ /^route_|srcu_read_(un)?lock/) return "routing wrappers (route_*, SRCU)"
		if (s ~ /^(kemu_stats_|mnemonic_slot|rip_slot|vm_slot|reason_of|is_string_io|trace_pass|account$|strlen$|strcmp$|strncmp$|full_name_hash|ktime_get|read_tsc|kvm_clock_|pvclock_)/) return "statistics and clock reads"
		if (s ~ /^(kemu_x86_|kemu_init_decode_cache|kemu_emulator_|kemu_bridge_|load_gprs|collect_gprs|write_dirty_gprs|publish_|poison_stock_decode|begin$|completion_pending|drop_module|outcome_of|read_vcpu_gpr|kemu_kvm_vmware_backdoor|__module_get|module_put|try_module_get|kemu_vcpu_cache|add_vcpu_cache$)/) return "bridge (entry points, registers, publish, poison, vCPU cache lookup)"
		if (s ~ /^(_ZN4kemu|kemu_decode|kemu_execute|kemu_mnemonic|kemu_is_branch|kemu_emulate_on_ud|kemu_decode_rejects|kemu_page_table_writing|kemu_can_use_gpa)/) return "kemu core"
		if (s ~ /^(op_|from_kvm_fault)/) return "kemu callback adapters (op_*)"
		if (s ~ /^(x86_decode_insn|x86_emulate_insn|decode_operand|linearize|__linearize|__do_insn_fetch_bytes|em_|read_emulate|segmented_|writeback|fetch_|init_decode_cache|decode_register|decode_modrm|decode_imm|emulator_check_|string_|register_address|assign_|check_|fastop|em_|x86_page_table_writing_insn|emulator_can_use_gpa|emulator_writeback_register_cache|emulator_invalidate_register_cache|seg_override|address_mask|reg_read|reg_write|fetch_possible_mmx)/) return "KVM emulate.c"
		if (s ~ /^(emulator_|kvm_fetch_guest_virt|kvm_read_guest_virt|emulator_read_write|kvm_emulator_)/) return "KVM callbacks (x86.c emulator_*)"
		return "rest of L1 (exits, KVM, syscalls, QEMU-TCG effects)"
	}
	$4 == "[k]" || $4 == "[.]" { p = $3; sub("%", "", p); g = group($5); share[g] += p; n[g]++; tot += p
		if (g != "rest of L1 (exits, KVM, syscalls, QEMU-TCG effects)") syms[g] = syms[g] (n[g] <= 6 ? " " $5 "(" p ")" : "") }
	END {
		printf "perf self time, %s, %s iterations in %s s (%% of L1 samples, us per iteration; symbols over 0.01%%, sum %.1f%%):\n", side, iters, secs, tot
		for (g in share) printf "  %6.2f%% %7.2f us  %s%s\n", share[g], iters ? share[g] / 100 * secs * 1e6 / iters : 0, g, (syms[g] != "" ? ":" syms[g] : "")
	}' | { read -r head; echo "$head"; sort -t% -k1,1 -rn; }
	echo "  top symbols:"
	grep -a "^KEMU-PROFILE: $side: " "$first" | tr -d '\r' | awk '$4 == "[k]" || $4 == "[.]"' | head -25 |
		sed "s/^KEMU-PROFILE: $side: */    /"
done
