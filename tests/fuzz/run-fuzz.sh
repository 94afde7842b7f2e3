#!/bin/bash
# Run the libFuzzer harnesses built by tests/fuzz/fuzz.mk.
#
#   tests/fuzz/run-fuzz.sh --seconds N --jobs J --dir BUILD/fuzz HARNESS...
#
# Per harness (BUILD/fuzz/fuzz-HARNESS), one unit:
#   1. every regression input in tests/fuzz/crashes/HARNESS/ must run clean;
#   2. fuzz for N seconds from the working corpus BUILD/fuzz/corpus/HARNESS
#      (kept between runs; new inputs go there) and the committed seeds
#      tests/fuzz/corpus/HARNESS; a crash, sanitizer report, invariant
#      violation, timeout (-timeout: bounded work per input) or out-of-memory
#      fails the unit and leaves the input in BUILD/fuzz/artifacts/HARNESS/.
# Prints executions, exec/s and coverage reached (cov: edges of the core,
# ft: libFuzzer features) per harness, then "fuzz: N passed, M failed".
# J harnesses run at a time.  Logs: BUILD/fuzz/logs/HARNESS.log.
set -uo pipefail
cd "$(dirname "$0")/../.."

seconds=20 jobs=2 dir=build/fuzz
harnesses=()
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2 && shift ;;
	--jobs) jobs=$2 && shift ;;
	--dir) dir=$2 && shift ;;
	-*) echo "run-fuzz: unknown option $1" >&2 && exit 2 ;;
	*) harnesses+=("$1") ;;
	esac
	shift
done
[ ${#harnesses[@]} -gt 0 ] || { echo "run-fuzz: no harness named" >&2; exit 2; }
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1

# Longest input per harness: raw instruction bytes stop at 32 (15-byte limit
# plus room to exceed it); structured inputs carry state records and a stream.
max_len() {
	case $1 in
	raw-*) echo 32 ;;
	*) echo 1024 ;;
	esac
}

run_one() {
	local h=$1 bin=$dir/fuzz-$1 log=$dir/logs/$1.log res=$dir/logs/$1.result
	local art=$dir/artifacts/$1/ work=$dir/corpus/$1 seeds=tests/fuzz/corpus/$1
	mkdir -p "$art" "$work"
	: >"$log"
	if [ ! -x "$bin" ]; then
		printf 'verdict=FAIL why=%q\n' "no binary $bin" >"$res"
		return
	fi
	# 1. regression inputs (former crashes)
	local bad=()
	if [ -d "tests/fuzz/crashes/$h" ]; then
		for f in "tests/fuzz/crashes/$h"/*; do
			[ -f "$f" ] || continue
			case $f in *.md | *.txt) continue ;; esac
			echo "== regression input $f" >>"$log"
			"$bin" -runs=1 "$f" >>"$log" 2>&1 || bad+=("$f")
		done
	fi
	# 2. fuzz
	local seeddirs=()
	[ -d "$seeds" ] && seeddirs+=("$seeds")
	echo "== fuzz $seconds s" >>"$log"
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len="$(max_len "$h")" \
		-print_final_stats=1 -artifact_prefix="$art" "$work" "${seeddirs[@]}" >>"$log" 2>&1
	local rc=$?
	local execs eps edges total ft corp
	execs=$(grep -oP '^stat::number_of_executed_units: *\K[0-9]+' "$log" | tail -1)
	eps=$(grep -oP '^stat::average_exec_per_sec: *\K[0-9]+' "$log" | tail -1)
	total=$(grep -oP 'INFO: Loaded 1 modules *\(\K[0-9]+(?= inline 8-bit counters)' "$log" | tail -1)
	# the last status line: "#N DONE|pulse|NEW ... cov: C ft: F corp: U/S"
	edges=$(grep -oP 'cov: \K[0-9]+' "$log" | tail -1)
	ft=$(grep -oP ' ft: \K[0-9]+' "$log" | tail -1)
	corp=$(grep -oP ' corp: \K[0-9]+' "$log" | tail -1)
	local verdict=PASS why=""
	if [ ${#bad[@]} -gt 0 ]; then
		verdict=FAIL why="regression input(s) fail: ${bad[*]}"
	fi
	if [ "$rc" -ne 0 ]; then
		verdict=FAIL
		local a
		a=$(grep -oP 'Test unit written to \K\S+' "$log" | tail -1)
		why="${why:+$why; }fuzzer exit $rc${a:+, input saved as $a}"
	fi
	{
		printf 'verdict=%q why=%q execs=%q eps=%q\n' "$verdict" "$why" "${execs:-0}" "${eps:-0}"
		printf 'cov=%q ft=%q corp=%q\n' "${edges:-?}/${total:-?}" "${ft:-?}" "${corp:-?}"
	} >"$res"
}

mkdir -p "$dir/logs"
echo "run-fuzz: ${#harnesses[@]} harnesses x ${seconds} s, $jobs at a time (logs in $dir/logs/)"
running=0
for h in "${harnesses[@]}"; do
	rm -f "$dir/logs/$h.result"
	run_one "$h" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

passed=0 failed=0
for h in "${harnesses[@]}"; do
	verdict=FAIL why="no result" execs=0 eps=0 cov=? ft=? corp=?
	# shellcheck disable=SC1090
	[ -f "$dir/logs/$h.result" ] && . "$dir/logs/$h.result"
	if [ "$verdict" = PASS ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	printf 'fuzz-%-10s %s %11s execs %7s exec/s  cov %s edges  ft %s  corpus %s\n' \
		"$h" "$verdict" "$execs" "$eps" "$cov" "$ft" "$corp"
	if [ "$verdict" != PASS ]; then
		echo "  $why"
		grep -m3 -E 'INVARIANT VIOLATED|ERROR: (AddressSanitizer|libFuzzer)|runtime error:' \
			"$dir/logs/$h.log" | sed 's/^/  /'
		echo "  keep a new failing input as a regression case: tests/fuzz/crashes/$h/<name>"
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
