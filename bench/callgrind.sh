#!/bin/bash
# Instructions (callgrind Ir) per decode and per decode+execute of each form:
# two runs of COUNT and 2*COUNT iterations, the difference divided by COUNT, so
# process start-up cancels out.  Repeatable for the same binary and inputs.
set -euo pipefail
bin=${1:?usage: callgrind.sh build/host/kemu-decode-ir [COUNT]}
count=${2:-20000}
ir() {
	local out
	out=$(mktemp)
	valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" "$@" >/dev/null 2>&1
	callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
	rm -f "$out"
}
printf '%-30s %12s %12s\n' form "decode Ir" "emulate Ir"
form=0
while name=$("$bin" decode "$form" 1 2>/dev/null | sed 's/ [0-9]*\/[0-9]*$//'); do
	d1=$(ir decode "$form" "$count")
	d2=$(ir decode "$form" $((2 * count)))
	e1=$(ir emulate "$form" "$count")
	e2=$(ir emulate "$form" $((2 * count)))
	printf '%-30s %12d %12d\n' "$name" $(((d2 - d1) / count)) $(((e2 - e1) / count))
	form=$((form + 1))
done
