#!/bin/bash
# `make check`: every test suite, each counted, one closing line
# "N passed, N failed" and a non-zero exit on any failure.
#
# Counted units: each GoogleTest test, each kemu-replay check, each objdump
# sweep (one per mode), the format check, each kemu.ko build (one per kernel),
# each check of the Debian packages (deb/test.sh), each in-kernel self-test
# vector, each L2 case of every QEMU boot and each check of the real-guest
# boots.  A stage that dies before reporting its own results counts as one
# failure.
set -uo pipefail
cd "$(dirname "$0")/.."

KVER=${KVER:-6.12 6.1}
BUILD=${BUILD:-build}
LOGS=$BUILD/check
mkdir -p "$LOGS"
passed=0
failed=0
skipped=0
summary=()

# stage NAME LOG: record a stage's counts (set by the caller in sp/sf).
record() {
	local name=$1 rc=$2 secs=$3
	if [ "$rc" -ne 0 ] && [ "$sf" -eq 0 ]; then
		sf=1 # died without reporting a failure of its own
	fi
	passed=$((passed + sp))
	failed=$((failed + sf))
	summary+=("$(printf '%-18s %5d passed %3d failed %5ds' "$name" "$sp" "$sf" "$secs")")
}

run_stage() {
	local name=$1
	shift
	local log=$LOGS/$name.log start=$SECONDS rc
	echo "== $name: $*"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	echo "$log"
	STAGE_RC=$rc
	STAGE_SECS=$((SECONDS - start))
}

# Userspace unit tests.
run_stage test-host make --no-print-directory test-host
sp=$(grep -oP '^\[  PASSED  \] \K[0-9]+' "$LOGS/test-host.log" | tail -1)
sf=$(grep -oP '^ *\K[0-9]+(?= FAILED TESTS?)' "$LOGS/test-host.log" | tail -1)
sp=${sp:-0} sf=${sf:-0}
# A test that needs something absent says SKIP; it counts as neither.
sk=$(grep -oP '^\[  SKIPPED \] \K[0-9]+' "$LOGS/test-host.log" | tail -1)
skipped=$((skipped + ${sk:-0}))
# kemu-replay over tests/replay: "replay: N passed, M failed" (absent: one failure).
counts=$(grep -oP '^replay: \K[0-9]+ passed, [0-9]+ failed' "$LOGS/test-host.log" | tail -1)
if [ -n "$counts" ]; then
	sp=$((sp + ${counts%% *}))
	sf=$((sf + $(grep -oP '[0-9]+(?= failed)' <<<"$counts")))
else
	sf=$((sf + 1))
fi
record test-host "$STAGE_RC" "$STAGE_SECS"

# Decoder against GNU objdump and LLVM's MC disassembler: both policy tests
# (summed), then one unit per oracle and mode sweep.
run_stage decode make --no-print-directory test-decode
sp=$(grep -oP '^\[  PASSED  \] \K[0-9]+' "$LOGS/decode.log" | awk '{s += $1} END {print s + 0}')
sf=$(grep -oP '^ *\K[0-9]+(?= FAILED TESTS?)' "$LOGS/decode.log" | awk '{s += $1} END {print s + 0}')
# (decode-cpu-64 says SKIP without AVX2: neither passed nor failed.)
grep -q '^decode-cpu-64: SKIP' "$LOGS/decode.log" && cpu_unit='' || cpu_unit=cpu-64
for m in 16 32 64 llvm-16 llvm-32 llvm-64 $cpu_unit; do
	counts=$(grep -oP "^decode-$m: \K[0-9]+ passed, [0-9]+ failed" "$LOGS/decode.log" | tail -1)
	case "$counts" in
	*" 0 failed") sp=$((sp + 1)) ;;
	*) sf=$((sf + 1)) ;;
	esac
done
record decode "$STAGE_RC" "$STAGE_SECS"

# libFuzzer harnesses with ASan/UBSan, one unit each ("fuzz: N passed, M failed").
run_stage fuzz make --no-print-directory fuzz
counts=$(grep -oP '^fuzz: \K[0-9]+ passed, [0-9]+ failed' "$LOGS/fuzz.log" | tail -1)
sp=${counts%% *}
sf=$(grep -oP '[0-9]+(?= failed)' <<<"${counts:-0 passed, 0 failed}")
sp=${sp:-0}
record fuzz "$STAGE_RC" "$STAGE_SECS"

# The execution core against the real CPU, one unit per instruction class
# ("native: N passed, M failed").
run_stage native make --no-print-directory test-native
counts=$(grep -oP '^native: \K[0-9]+ passed, [0-9]+ failed' "$LOGS/native.log" | tail -1)
sp=${counts%% *}
sf=$(grep -oP '[0-9]+(?= failed)' <<<"${counts:-0 passed, 0 failed}")
sp=${sp:-0}
record native "$STAGE_RC" "$STAGE_SECS"

# The execution core against KVM's own emulate.c, built in userspace from
# linux-source-6.12 (~1.4 million variants; any unlisted difference fails the
# stage).  One unit per KVM decode entry: identical in every variant that
# exercised it passes, a mismatch fails; gaps are reported, not counted.
run_stage kvm-oracle make --no-print-directory test-kvm-oracle
make --no-print-directory coverage-report >"$LOGS/coverage-report.log" 2>&1
coverage=$(grep -oP '^\K[0-9]+ identical, [0-9]+ partial, [0-9]+ gap, [0-9]+ mismatch' \
	"$LOGS/coverage-report.log" | tail -1)
sp=$(grep -oP '^[0-9]+(?= identical)' <<<"$coverage")
sf=$(grep -oP '[0-9]+(?= mismatch)' <<<"$coverage")
sp=${sp:-0} sf=${sf:-1} # no coverage line: the report failed, one failure
tail -1 "$LOGS/coverage-report.log"
record kvm-oracle "$STAGE_RC" "$STAGE_SECS"

# The benchmarks run once: each form where kemu and KVM end in the same
# state passes ("same state"), one that differs fails ("DIFFER").
run_stage bench-smoke make --no-print-directory bench-smoke
sp=$(grep -c ' same state$' "$LOGS/bench-smoke.log")
sf=$(grep -c ' DIFFER' "$LOGS/bench-smoke.log")
record bench-smoke "$STAGE_RC" "$STAGE_SECS"

run_stage format make --no-print-directory format-check
sp=0 sf=0
[ "$STAGE_RC" -eq 0 ] && sp=1
record format "$STAGE_RC" "$STAGE_SECS"

for v in $KVER; do
	run_stage "module-$v" scripts/build-module.sh "$v" "$BUILD/$v"
	sp=0 sf=0
	[ "$STAGE_RC" -eq 0 ] && sp=1
	record "module-$v" "$STAGE_RC" "$STAGE_SECS"
done

# The Debian packages, installed as a user does: built, lintian, apt install
# (DKMS builds kemu.ko for both kernels), the tools from PATH with their man
# pages, refused kernels, late headers (a kernel upgrade) and linux-source,
# apt remove unloading nothing ("deb: N passed, M failed").
# The QEMU stage of DKMS_KVER loads the kemu.ko DKMS built (empty: none).
DKMS_KVER=${DKMS_KVER-6.12}
run_stage deb deb/test.sh "$BUILD"
counts=$(grep -oP '^deb: \K[0-9]+ passed, [0-9]+ failed' "$LOGS/deb.log" | tail -1)
sp=${counts%% *}
sf=$(grep -oP '[0-9]+(?= failed)' <<<"${counts:-0 passed, 0 failed}")
sp=${sp:-0}
record deb "$STAGE_RC" "$STAGE_SECS"

for v in $KVER; do
	ko=$BUILD/$v/kemu.ko
	[ "$v" != "$DKMS_KVER" ] || ko=$BUILD/deb/$v/kemu.ko
	if [ ! -f "$ko" ]; then
		sp=0 sf=1
		summary+=("$(printf '%-18s skipped: no %s (its build failed)' "qemu-$v" "$ko")")
		failed=$((failed + 1))
		continue
	fi
	run_stage "qemu-$v" qemu-tests/run-l1.sh "$v" --kemu "$ko"
	log=$LOGS/qemu-$v.log
	# L2 cases: "run-l1.sh: L2 summary: N cases, P passed, F failed"
	l2=$(grep -oP 'L2 summary: [0-9]+ cases, \K[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	# In-kernel self-test: "kemu: selftest: P passed, F failed"
	st=$(grep -oP 'kemu: selftest: \K[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	sp=0 sf=0
	for counts in "$l2" "$st"; do
		if [ -z "$counts" ]; then
			sf=$((sf + 1)) # the boot never reported these results
			continue
		fi
		sp=$((sp + ${counts%% *}))
		sf=$((sf + $(grep -oP '[0-9]+(?= failed)' <<<"$counts")))
	done
	# The routing checks (shadow decode, switching and rmmod under load):
	# three verdict lines.
	rp=$(grep -c '^KEMU-ROUTING: .*: PASS$' "$log")
	rf=$(grep -c '^KEMU-ROUTING: .*: FAIL$' "$log")
	[ $((rp + rf)) -ge 3 ] || rf=$((3 - rp)) # never reported
	sp=$((sp + rp)) sf=$((sf + rf))
	record "qemu-$v" "$STAGE_RC" "$STAGE_SECS"
done

# The real guest: Debian's QEMU in L1 boots the same kernel as an L2 Linux
# guest under stock KVM, kemu and stock again, on q35 and on pc; one unit per
# check the boot reports ("KEMU-GUEST-CHECK: NAME: PASS|FAIL").
for v in $KVER; do
	if [ ! -f "$BUILD/$v/kemu.ko" ]; then
		summary+=("$(printf '%-18s skipped: no kemu.ko for %s (module build failed)' "guest-$v" "$v")")
		failed=$((failed + 1))
		continue
	fi
	run_stage "guest-$v" qemu-tests/run-l1.sh "$v" --guest --machine q35,pc --kemu "$BUILD/$v/kemu.ko"
	# The kemu run's statistics as an HTML report, rendered by chromium.
	l1log=$(grep -oP '^run-l1.sh: log \K.*' "$LOGS/guest-$v.log" | tail -1)
	grep -a '^KEMU-GUEST-STATS: ' "${l1log:-/dev/null}" | cut -c19- >"$LOGS/guest-$v.stats"
	tests/html/render-check.sh "$LOGS/guest-$v.stats" "$LOGS/guest-$v-html" | tee -a "$LOGS/guest-$v.log"
	sp=$(grep -c '^KEMU-GUEST-CHECK: .*: PASS$' "$LOGS/guest-$v.log")
	sf=$(grep -c '^KEMU-GUEST-CHECK: .*: FAIL' "$LOGS/guest-$v.log")
	[ $((sp + sf)) -gt 0 ] || sf=1 # the boot never reported its checks
	record "guest-$v" "$STAGE_RC" "$STAGE_SECS"
done

# KUnit suites in the KASAN/UBSAN/lockdep test kernel: every leaf test, plus
# one failure per missing suite or kernel report ("kunit: N passed, M failed").
run_stage kunit make --no-print-directory test-kunit
counts=$(grep -oP '^kunit: \K[0-9]+ passed, [0-9]+ failed' "$LOGS/kunit.log" | tail -1)
sp=${counts%% *}
sf=$(grep -oP '[0-9]+(?= failed)' <<<"${counts:-0 passed, 0 failed}")
sp=${sp:-0}
record kunit "$STAGE_RC" "$STAGE_SECS"

echo
echo "== summary (logs in $LOGS/)"
printf '  %s\n' "${summary[@]}"
if [ "$skipped" -gt 0 ]; then
	echo "skipped tests (see $LOGS/test-host.log):"
	grep -B3 '^\[  SKIPPED \] [A-Za-z]' "$LOGS/test-host.log" |
		grep -vE '^--|^$|^\[ RUN|: Skipped$' | sed 's/^/  /' || true
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
