#!/bin/bash
# record-mix.sh KEMU_KO OUT: boots 6.12 as L1 (qemu-tests/run-l1.sh) with
# kemu_record_mix=1, where /init records what KVM has kemu emulate during one
# run of the L2 suite (up to 1400 emulations, in order) and then 700 of the
# one-vCPU stress loop (qemu-tests/init.sh, record_mix), and writes the
# complete records to OUT (tools/RECORD-FORMAT.md), gzip-compressed: the
# recorded mix of bench/side-by-side.sh.  Records of 6.12's kemu.ko from
# 2026-12-07 are committed as bench/recorded-mix.rec.gz (make record-mix).
set -euo pipefail
ko=${1:?usage: record-mix.sh KEMU_KO OUT}
out=${2:?usage: record-mix.sh KEMU_KO OUT}
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The verdict does not matter here (no checks run): the records do.
"$here/../qemu-tests/run-l1.sh" 6.12 --kemu "$ko" --timeout 900 --append kemu_record_mix=1 |
	tee "$log" || true
l1log=$(sed -n 's/^run-l1.sh: log //p' "$log" | tail -1)
[ -f "$l1log" ] || { echo "record-mix.sh: no L1 log" >&2; exit 1; }
grep -a '^KEMU-MIX-COUNT: ' "$l1log" || { echo "record-mix.sh: no records in $l1log" >&2; exit 1; }
sed -n 's/^KEMU-MIX: //p' "$l1log" | tr -d '\r' >"$out.tmp"
# Only complete records (a console line cut short would end one early).
awk '/^kemu-record / { buf = ""; open = 1 }
     open { buf = buf $0 "\n" } /^end$/ && open { printf "%s", buf; open = 0 }' \
	"$out.tmp" | gzip -9n >"$out"
rm -f "$out.tmp"
echo "record-mix.sh: $(zcat "$out" | grep -c '^kemu-record ') records in $out"
