#!/bin/bash
# kemu vs KVM's emulate.c, side by side: callgrind instructions (Ir) per
# decode and per decode+emulate step of each form, both emulators driven
# through the kvm-oracle harness's backends over one lean host
# (bench/side_by_side.cpp).  One valgrind run; only the decode/step calls are
# collected (--toggle-collect), each (form, emulator, decode or step) is
# dumped separately and divided by COUNT.  The mixes are the weighted means
# of the forms with the weights in the "wt" column (one without the REP forms);
# "kemu warm": kemu with its decoded-instruction cache holding the instruction.
# With KEMU_RECORDED_MIX=FILE, also the recorded mix: the emulations of FILE
# (kemu.ko's records), each once, cold and with kemu's cache warm.
# Usage: bench/side-by-side.sh build/host/kemu-side-by-side [COUNT] [FORM-SUBSTRING]
set -euo pipefail
bin=${1:?usage: side-by-side.sh build/host/kemu-side-by-side [COUNT] [FORM-SUBSTRING]}
count=${2:-1000}
args=("$count")
[ -n "${3:-}" ] && args+=("$3")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# (a gzip-compressed record file is read uncompressed)
if [[ ${KEMU_RECORDED_MIX:-} == *.gz ]]; then
	zcat "$KEMU_RECORDED_MIX" >"$dir/mix.rec"
	export KEMU_RECORDED_MIX=$dir/mix.rec
fi
# Both emulators must end every case in the same state (checked natively).
"$bin" 50 "${args[@]:1}" >/dev/null ||
	{ echo "side-by-side: kemu and KVM disagree on a case:"; "$bin" 50 "${args[@]:1}"; exit 1; }
[ -z "${KEMU_RECORDED_MIX:-}" ] || "$bin" 1 "recorded mix" | grep '^recorded mix' || exit 1
valgrind --tool=callgrind --collect-atstart=no --toggle-collect=step_kvm \
	--toggle-collect=step_kemu --toggle-collect=decode_kvm --toggle-collect=decode_kemu \
	--callgrind-out-file="$dir/cg" "$bin" "${args[@]}" \
	>/dev/null 2>"$dir/log" || { cat "$dir/log"; exit 1; }
for f in "$dir"/cg.*; do
	awk '/^desc: Trigger: Client Request: / { sub(/^desc: Trigger: Client Request: /, ""); label = $0 }
	     /^totals: / { total = $2 }
	     END { if (label != "") print label "|" total }' "$f"
done | sort -t'|' -k1,1n | awk -F'|' '
	{ name[$1] = $2; wt[$1] = $5; ir[$1, $3] = $6 / $4; if (!($1 in seen)) { seen[$1] = 1; idx[++n] = $1 } }
	function row(label, w, kd, ed, ks, es) {
		printf "%-30s %4s %8.0f %8.0f %6.2f %9.0f %9.0f %6.2f\n", label, w, kd, ed, kd ? ed / kd : 0,
			ks, es, ks ? es / ks : 0
	}
	END {
		printf "%-30s %4s %8s %8s %6s %9s %9s %6s\n", "", "", "decode", "", "", "decode+", "emulate", ""
		printf "%-30s %4s %8s %8s %6s %9s %9s %6s\n", "form", "wt", "KVM Ir", "kemu Ir", "ratio",
			"KVM Ir", "kemu Ir", "ratio"
		for (i = 1; i <= n; i++) {
			k = idx[i]
			if (name[k] ~ /^recorded mix/) {
				recs[++nrec] = k
				continue
			}
			row(name[k], wt[k], ir[k, "kvm-decode"], ir[k, "kemu-decode"], ir[k, "kvm"], ir[k, "kemu"])
			if (wt[k] > 0) {
				w = wt[k]; sw += w
				a += w * ir[k, "kvm-decode"]; b += w * ir[k, "kemu-decode"]
				c += w * ir[k, "kvm"]; d += w * ir[k, "kemu"]
				# kemu with its decoded-instruction cache warm (the same
				# instruction again)
				wb += w * ir[k, "kemu-warm-decode"]; wd += w * ir[k, "kemu-warm"]
				if (name[k] !~ /^rep /) {
					sw1 += w
					a1 += w * ir[k, "kvm-decode"]; b1 += w * ir[k, "kemu-decode"]
					c1 += w * ir[k, "kvm"]; d1 += w * ir[k, "kemu"]
					wb1 += w * ir[k, "kemu-warm-decode"]; wd1 += w * ir[k, "kemu-warm"]
				}
			}
		}
		if (sw1 > 0)
			row("MIX without REP (weighted)", sw1, a1 / sw1, b1 / sw1, c1 / sw1, d1 / sw1)
		if (sw > 0)
			row("MIX (weighted, wt column)", sw, a / sw, b / sw, c / sw, d / sw)
		# the KVM columns as above, the kemu columns warm
		if (sw1 > 0)
			row("MIX without REP, kemu warm", sw1, a1 / sw1, wb1 / sw1, c1 / sw1, wd1 / sw1)
		if (sw > 0)
			row("MIX, kemu warm", sw, a / sw, wb / sw, c / sw, wd / sw)
		# The recorded mix (KEMU_RECORDED_MIX): every recorded emulation once;
		# then without the REP strings.
		for (j = 1; j <= nrec; j++) {
			r = recs[j]
			print name[r] ":"
			row("MIX recorded, kemu cold", "", ir[r, "kvm-decode"], ir[r, "kemu-decode"],
				ir[r, "kvm"], ir[r, "kemu"])
			row("MIX recorded, kemu warm", "", ir[r, "kvm-decode"], ir[r, "kemu-warm-decode"],
				ir[r, "kvm"], ir[r, "kemu-warm"])
		}
	}'
