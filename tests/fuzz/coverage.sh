#!/bin/bash
# How many of the core's edges a harness reaches (tests/fuzz/README.md).
#
#   tests/fuzz/coverage.sh --bin BIN --seconds N --dir DIR [--top K] SEEDDIR...
#
# BIN is a harness built without sanitizers (make fuzz-coverage builds
# kvm-diff so), so that its edges are the core's own.  It fuzzes for N
# seconds (one process) from the working corpus DIR/corpus and the seed
# directories, keeping what it finds in DIR/corpus, then runs that corpus once
# more to count: "N executions in S s", "core edges reached: C of T (P%)",
# and the K functions with the most edges missed (libFuzzer's
# -print_coverage).  A failing input does
# not end the fuzzing (-fork=1 -ignore_crashes=1: one worker process, started
# again); each is kept in DIR/artifacts/ and fails the run, after the count.
# Logs: DIR/coverage-fuzz.log, DIR/coverage.txt.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

bin="" seconds=600 dir="" top=15
seeds=()
while [ $# -gt 0 ]; do
	case $1 in
	--bin) bin=$2 && shift ;;
	--seconds) seconds=$2 && shift ;;
	--dir) dir=$2 && shift ;;
	--top) top=$2 && shift ;;
	-*) echo "coverage: unknown option $1" >&2 && exit 2 ;;
	*) seeds+=("$1") ;;
	esac
	shift
done
if [ ! -x "$bin" ] || [ -z "$dir" ]; then
	echo "coverage: --bin (an executable) and --dir are needed" >&2
	exit 2
fi
mkdir -p "$dir/corpus" "$dir/artifacts"

rc=0
if [ "$seconds" -gt 0 ]; then
	echo "coverage: fuzzing $(basename "$bin") for $seconds s (one process)"
	before=$(find "$dir/artifacts" -type f | wc -l)
	"$bin" -fork=1 -ignore_crashes=1 -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=2560 -max_len=1024 -artifact_prefix="$dir/artifacts/" \
		"$dir/corpus" "${seeds[@]}" >"$dir/coverage-fuzz.log" 2>&1 || rc=$?
	failed=$(($(find "$dir/artifacts" -type f | wc -l) - before))
	execs=$(grep -oP '^#\K[0-9]+' "$dir/coverage-fuzz.log" | tail -1)
	echo "coverage: ${execs:-0} executions in $seconds s"
	if [ "$rc" -ne 0 ] || [ "$failed" -gt 0 ]; then
		echo "coverage: the fuzzer failed (exit $rc, $failed new inputs in $dir/artifacts/):"
		grep -m3 -E 'INVARIANT VIOLATED|ERROR: [A-Z]' "$dir/coverage-fuzz.log" | sed 's/^/  /'
		rc=1
	fi
fi

"$bin" -runs=0 -print_coverage=1 "$dir/corpus" "${seeds[@]}" >"$dir/coverage.txt" 2>&1
total=$(grep -oP 'Loaded 1 modules\s+\(\K[0-9]+' "$dir/coverage.txt" | head -1)
edges=$(grep -oP '(INITED|DONE)\s+cov: \K[0-9]+' "$dir/coverage.txt" | tail -1)
inputs=$(find "$dir/corpus" "${seeds[@]}" -type f | wc -l)
if [ -z "$total" ] || [ -z "$edges" ]; then
	echo "coverage: no count in $dir/coverage.txt" >&2
	exit 1
fi
awk -v e="$edges" -v t="$total" -v n="$inputs" \
	'BEGIN { printf "coverage: core edges reached: %d of %d (%.1f%%), %d inputs\n", e, t, 100 * e / t, n }'
echo "coverage: functions with the most edges missed (missed/edges function file:line):"
grep -E '^(UN)?COVERED_FUNC' "$dir/coverage.txt" |
	sed -E 's/^(UN)?COVERED_FUNC: hits: [0-9]+ edges: ([0-9]+)\/([0-9]+) (.*) ([^ ]+)$/\3 \2 \4 \5/' |
	awk '{ missed = $1 - $2; $2 = ""; n = $1; $1 = ""; if (missed > 0) printf "%5d/%-5d%s\n", missed, n, $0 }' |
	sort -rn | head -n "$top" | sed "s|$PWD/||"
exit "$rc"
