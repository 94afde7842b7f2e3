#!/bin/bash
# Run each fuzz harness for SECONDS from its committed seed corpus (copied, so
# the repository's corpus only changes by hand) and report one unit each.
#   run.sh FUZZ_DIR SECONDS HARNESS...
set -uo pipefail
dir=$1 seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0
for h in "$@"; do
	corpus=$dir/corpus-$h
	mkdir -p "$corpus" "$dir/crashes-$h"
	cp -n "$here/corpus/$h"/* "$corpus/" 2>/dev/null || true
	log=$dir/fuzz-$h.log
	"$dir/fuzz_$h" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
		-artifact_prefix="$dir/crashes-$h/" "$corpus" >"$log" 2>&1
	rc=$?
	execs=$(grep -oP 'stat::number_of_executed_units: \K[0-9]+' "$log" | tail -1)
	cov=$(grep -oP '#[0-9]+\s+(DONE|REDUCE|NEW|pulse).*cov: \K[0-9]+' "$log" | tail -1)
	ft=$(grep -oP '#[0-9]+\s+(DONE|REDUCE|NEW|pulse).*ft: \K[0-9]+' "$log" | tail -1)
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "fuzz $h: PASS: ${execs:-?} executions in ${seconds}s, coverage ${cov:-?} edges, ${ft:-?} features, corpus $(ls "$corpus" | wc -l) inputs"
	else
		failed=$((failed + 1))
		echo "fuzz $h: FAIL (libFuzzer status $rc); reproducer in $dir/crashes-$h/, log $log"
		grep -E 'invariant violated|ERROR: AddressSanitizer|runtime error' "$log" | head -5
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
