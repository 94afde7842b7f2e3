#!/bin/bash
# run-l1.sh SERIES [--kemu KO] [--timeout S] [--demo] [--verbose] [--no-cache]
#                  [--append KERNEL-ARGS]
#
# Boots Debian kernel SERIES (6.12 | 6.1) as L1 under QEMU/TCG (-cpu max gives
# SVM+NPT), which loads KVM (+ kemu.ko with --kemu) and runs the L2 mini-VMM
# (see init.sh). Exit status: 0 pass; 1 test failure; 2 timeout; 3 kernel
# panic / no verdict; 4 infrastructure (QEMU error, or aborted twice).
#   --demo     also print every L2 case line, its device events, KVM's
#              counters per mode and kemu's debugfs (for `make run`)
#   --verbose  echo the whole serial console
#   --append   extra L1 kernel command line (e.g. "kvm.dyndbg=+p")
#   --guest    instead of the mini-VMM: Debian's QEMU in L1 boots the same
#              kernel as an L2 Linux guest under stock KVM, kemu, stock again
#              (guest/); --machine LIST: its machines, comma-separated
#              (default q35,pc; pc-i386: pc with Debian's 32-bit kernel)
#   --profile  instead of the tests: where L1's kernel time goes in the
#              forced-emulation loop, stock KVM against kemu (l1-profile.sh);
#              --profile-base KO: a second kemu.ko its timing rounds compare
# The serial log and initramfs are kept under $KEMU_QEMU_WORK (default build/qemu).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "run-l1.sh: $*" >&2; exit 4; }

series='' kemu='' tmo='' demo='' verbose='' nocache='' extra='' guest='' machine=q35,pc
profile='' profile_base=''
while [ $# -gt 0 ]; do
	case $1 in
	--kemu) kemu=$(realpath "$2") || die "no such file $2"; shift ;;
	--timeout) tmo=$2; shift ;;
	--demo) demo=1 ;;
	--verbose | -v) verbose=1 ;;
	--no-cache) nocache=1 ;;
	--append) extra=$2; shift ;;
	--guest) guest=1 ;;
	--machine) machine=$2; shift ;;
	--profile) profile=1 ;;
	--profile-base) profile_base=$(realpath "$2") || die "no such file $2"; shift ;;
	6.12 | 6.1) series=$1 ;;
	*) die "usage: run-l1.sh 6.12|6.1 [--kemu KO] [--timeout S] [--demo] [--verbose] [--no-cache] [--append ARGS] [--guest [--machine q35,pc,pc-i386]]" ;;
	esac
	shift
done
[ -n "$series" ] || die "no kernel series given (6.12 or 6.1)"
# The real guest boots L2 Linux three times: a longer default timeout.
[ -n "$tmo" ] || tmo=${guest:+900}
[ -n "$tmo" ] || tmo=240
mem=1G
[ -z "$guest" ] || mem=2G	# L1's initramfs holds QEMU, L2 its RAM
work=${KEMU_QEMU_WORK:-$(cd "$here/.." && pwd)/build/qemu}
mkdir -p "$work/logs"
now() { echo "$EPOCHREALTIME"; }
dt() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", b - a }'; }

t_start=$(now)
make -s -C "$here" || die "building the L2 mini-VMM failed"
replay=$here/../build/tools/kemu-replay-static
make -s -C "$here/.." build/tools/kemu-replay-static || die "building kemu-replay failed"
disasm=$here/../build/tools/kemu-disasm-static
[ -z "$guest" ] || make -s -C "$here/.." build/tools/kemu-disasm-static || die "building kemu-disasm failed"
kdir=$(bash "$here/../scripts/kernel.sh" fetch "$series") || die "kernel.sh fetch $series failed"
abi=$(ls "$kdir/image/lib/modules")
vmlinuz=$kdir/image/boot/vmlinuz-$abi
[ -f "$vmlinuz" ] || die "no $vmlinuz"

# Initramfs, cached by everything that goes into it.
key=$( (cat "$here/mkinitramfs.sh" "$here/kmods.sh" "$here/init.sh" "$here/build/kemu-vmm" "$here/build/kemu-stress" "$here/../tools/kemu-stat" "$here/../tools/kemu-trace" "$replay" "$kdir/.complete" \
	"$(command -v busybox)" ${kemu:+"$kemu"} ${guest:+"$here"/guest/* "$(command -v qemu-system-x86_64)" "$disasm"} \
	${profile:+"$here/l1-profile.sh"} ${profile_base:+"$profile_base"}
	echo "$abi $kemu $guest $machine $profile ${KEMU_PROFILE_ROUNDS:-} ${KEMU_PERF_SECONDS:-}") | sha256sum | cut -c1-16)
initrd=$work/initramfs-$abi-$key.cpio.gz
t_ird=$(now)
if [ -n "$nocache" ] || [ ! -s "$initrd" ]; then
	KEMU_VMM=$here/build/kemu-vmm KEMU_REPLAY=$replay KEMU_REAL_GUEST=$guest KEMU_GUEST_MACHINES=${machine//,/ } KEMU_DISASM=$disasm \
		KEMU_PROFILE=$profile KEMU_PROFILE_BASE=$profile_base \
		"$here/mkinitramfs.sh" "$series" "$initrd" ${kemu:+"$kemu"} 2>"$initrd.log" ||
		{ cat "$initrd.log" >&2; die "mkinitramfs.sh failed"; }
	[ -n "$demo" ] || sed 's/^/run-l1.sh: /' "$initrd.log"
	ird_note="built"
else
	ird_note="cached"
fi
t_ird_end=$(now)

append="console=ttyS0 panic=-1 loglevel=4${demo:+ kemu_demo=1}${extra:+ $extra}"
for attempt in 1 2; do
	log=$work/logs/l1-$series-$(date +%Y%m%d-%H%M%S)-$$-$attempt.log
	echo "run-l1.sh: booting $abi${kemu:+ with $(basename "$kemu")} (attempt $attempt, timeout ${tmo}s), log: $log"
	t_boot=$(now) t_init='' t_mod='' t_vmm='' t_vmm_end='' t_svmm='' t_svmm_end='' t_kemu=''
	# QEMU output passes through this loop: to the log, timestamps for the
	# stage markers of init.sh, and the lines worth showing.
	timeout -k 5 "$tmo" qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m "$mem" \
		-bios /usr/share/qemu/qboot.rom -nographic -no-reboot -nic none \
		-kernel "$vmlinuz" -initrd "$initrd" -append "$append" \
		-device isa-debug-exit,iobase=0xf4,iosize=4 </dev/null 2>&1 |
		{
			while IFS= read -r line; do
				line=${line%$'\r'}
				printf '%s\n' "$line" >>"$log"
				case $line in
				"KEMU-STAGE: init "*) echo "t_init=$EPOCHREALTIME" >>"$log.times" ;;
				"KEMU-STAGE: modules-loaded "*) echo "t_mod=$EPOCHREALTIME" >>"$log.times" ;;
				"KEMU-STAGE: vmm-start-L2-stock "*) echo "t_svmm=$EPOCHREALTIME" >>"$log.times" ;;
				"KEMU-STAGE: vmm-end-L2-stock "*) echo "t_svmm_end=$EPOCHREALTIME" >>"$log.times" ;;
				"KEMU-STAGE: kemu-loaded "*) echo "t_kemu=$EPOCHREALTIME" >>"$log.times" ;;
				"KEMU-STAGE: vmm-start-L2 "*) echo "t_vmm=$EPOCHREALTIME" >>"$log.times" ;;
				"KEMU-STAGE: vmm-end-L2 "*) echo "t_vmm_end=$EPOCHREALTIME" >>"$log.times" ;;
				"KEMU-STAGE: guest-start-"*) g=${line#KEMU-STAGE: guest-start-} g=${g%% *} && echo "t_g_${g//-/_}=$EPOCHREALTIME" >>"$log.times" ;;
				"KEMU-STAGE: guest-end-"*) g=${line#KEMU-STAGE: guest-end-} g=${g%% *} && echo "t_ge_${g//-/_}=$EPOCHREALTIME" >>"$log.times" ;;
				esac
				# Progress: each stage of L1's /init with the time since QEMU started.
				# (--demo: a guest run's end is its "workload done" line.)
				case $line in "KEMU-STAGE: guest-end-"*) [ -n "$demo" ] ;; *) false ;; esac ||
				case $line in "KEMU-STAGE: "*) [ -n "$verbose" ] || printf 'run-l1.sh: [%s] %s\n' "$(dt "$t_boot" "$EPOCHREALTIME")" "${line#KEMU-STAGE: }" ;; esac
				if [ -n "$verbose" ]; then
					printf '%s\n' "$line"
				elif [ -n "$guest" ]; then
					# The real guest: its facts, failed checks, verdict; with
					# --demo the profile instead of the passed checks.
					case $line in
					"KEMU-GUEST-PROFILE: "*) [ -z "$demo" ] || printf '%s\n' "${line#KEMU-GUEST-PROFILE: }" ;;
					"KEMU-GUEST-CHECK: "*": PASS" | "KEMU-GUEST: "*" reached /init "*) [ -n "$demo" ] || printf '%s\n' "$line" ;;
					KEMU-GUEST:* | KEMU-GUEST-CHECK:* | KEMU-VERDICT* | KEMU-FAIL* | "Kernel panic"*) printf '%s\n' "$line" ;;
					esac
				elif [ -n "$demo" ]; then
					case $line in L2* | "  events:"* | KEMU-*) printf '%s\n' "$line" ;; esac
				else
					case $line in
					L2*": PASS" | "KEMU-KEMU: "*": ok") ;;
					KEMU-GUEST:* | KEMU-GUEST-CHECK:*) printf '%s\n' "$line" ;;
					L2* | KEMU-VERDICT* | KEMU-FAIL* | KEMU-KEMU* | KEMU-L2-* | KEMU-TAKEOVER* | *KEMU-STRESS* | KEMU-SWITCH* | KEMU-UNLOAD* | KEMU-SHADOW* | KEMU-ROUTING* | KEMU-PERF* | KEMU-PROFILE* | KEMU-STATS* | KEMU-RECORD* | "Kernel panic"*) printf '%s
' "$line" ;;
					esac
				fi
			done
		}
	rc=${PIPESTATUS[0]}
	t_end=$(now)
	# shellcheck disable=SC1090 # written by the loop above: t_init=... lines
	[ -f "$log.times" ] && . "$log.times" && mv "$log.times" "$log.guests"
	[ "$rc" = 134 ] && [ "$attempt" = 1 ] &&
		echo "run-l1.sh: QEMU aborted (rc 134, known L0 TCG fault): infrastructure failure, retrying once" && continue
	break
done

# The timings (with --demo to the log: the screen has the guest's times).
if [ -n "$demo" ]; then exec 3>>"$log"; else exec 3>&1; fi
echo "run-l1.sh: timings ($series, $abi):" >&3
row() { [ -z "$2" ] || [ -z "$3" ] || printf '  %-22s %s\n' "$1:" "$(dt "$2" "$3")" >&3; }
row "initramfs ($ird_note)" "$t_ird" "$t_ird_end"
row "boot to /init" "$t_boot" "$t_init"
row "module loading" "$t_init" "$t_mod"
row "L2 run, stock KVM" "$t_svmm" "$t_svmm_end"
row "kemu.ko load" "$t_svmm_end" "$t_kemu"
row "L2 test run${kemu:+ (kemu)}" "$t_vmm" "$t_vmm_end"
row "checks + exit" "$t_vmm_end" "$t_end"
# The guest runs in the order they started (labels RUN-MACHINE).
for g in $(grep -o '^t_g_[a-z0-9_]*' "$log.guests" 2>/dev/null | cut -c5-); do
	s=t_g_$g e=t_ge_$g
	row "L2 Linux guest, ${g//_/-}" "${!s:-}" "${!e:-}"
done
rm -f "$log.guests"
row "QEMU total (rc $rc)" "$t_boot" "$t_end"
row "wall total" "$t_start" "$t_end"
summary=$(grep -a '^L2 summary' "$log" | tail -1)
[ -z "$guest" ] || summary="real-guest checks: $(grep -ac '^KEMU-GUEST-CHECK: .*: PASS$' "$log") passed, $(grep -ac '^KEMU-GUEST-CHECK: .*: FAIL' "$log") failed"
verdict=$(grep -a '^KEMU-VERDICT' "$log" | tail -1)
echo "run-l1.sh: ${summary:-no L2 summary}"
echo "run-l1.sh: log $log"
case $rc in
85) if [[ $verdict == "KEMU-VERDICT: PASS"* ]]; then echo "run-l1.sh: PASS"; exit 0; fi
    echo "run-l1.sh: FAIL (pass exit code without a PASS verdict line)"; exit 1 ;;
43) echo "run-l1.sh: FAIL: ${verdict#KEMU-VERDICT: FAIL: }"; exit 1 ;;
124 | 137) echo "run-l1.sh: FAIL: timeout after ${tmo}s (last lines of the log follow)"; tail -15 "$log"; exit 2 ;;
0) echo "run-l1.sh: FAIL: L1 rebooted/panicked or powered off without a verdict"
   grep -a -A20 'Kernel panic\|BUG:\|Oops' "$log" | head -40; exit 3 ;;
*) echo "run-l1.sh: FAIL: infrastructure (QEMU status $rc)"; tail -15 "$log"; exit 4 ;;
esac
