#!/bin/bash
# kemu vs KVM's emulate.c, timed (ns per decode+emulate, steady_clock), with
# the code generation the kernel uses: both emulators, the harness and the
# core rebuilt with retpoline thunks and return thunks (gcc's
# -mindirect-branch=thunk -mfunction-return=thunk -mindirect-branch-register)
# into BUILD/mitigated, and, for comparison, the same binary without them.
# A figure, never a test: the machine's noise is in it (runs: best of RUNS).
#
#   bench/timed.sh [COUNT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-20000}
runs=${2:-3}
build=${BUILD:-build}
mit="-mindirect-branch=thunk -mfunction-return=thunk -mindirect-branch-register"
CC="gcc $mit" make -s BUILD="$build/mitigated" HOST_CXX="g++ $mit" \
	"$build/mitigated/host/kemu-side-by-side" >/dev/null
make -s "$build/host/kemu-side-by-side" >/dev/null

# best (lowest) ns per form over RUNS runs, then the table and the weighted mixes
table() {
	local bin=$1 title=$2 i
	for ((i = 0; i < runs; i++)); do "$bin" "$count"; done | awk -v title="$title" '
	$NF == "state" {
		n = NF; wt = $(n - 5); kvm = $(n - 4); kemu = $(n - 3)
		name = $1; for (i = 2; i <= n - 6; i++) name = name " " $i
		if (!(name in bk)) { order[++m] = name; w[name] = wt; bk[name] = kvm; be[name] = kemu }
		if (kvm < bk[name]) bk[name] = kvm
		if (kemu < be[name]) be[name] = kemu
	}
	END {
		printf "%s\n%-30s %4s %10s %10s %7s\n", title, "form", "wt", "KVM ns", "kemu ns", "ratio"
		for (i = 1; i <= m; i++) {
			k = order[i]
			printf "%-30s %4d %10.1f %10.1f %7.2f\n", k, w[k], bk[k], be[k], be[k] / bk[k]
			if (k !~ /^rep /) { nk += w[k] * bk[k]; ne += w[k] * be[k]; nw += w[k] }
			ak += w[k] * bk[k]; ae += w[k] * be[k]; aw += w[k]
		}
		printf "%-30s %4s %10.1f %10.1f %7.2f\n", "MIX without REP (weighted)", "", nk / nw, ne / nw, ne / nk
		printf "%-30s %4s %10.1f %10.1f %7.2f\n\n", "MIX (weighted, wt column)", "", ak / aw, ae / aw, ae / ak
	}'
}
table "$build/mitigated/host/kemu-side-by-side" "with the kernel's mitigations (retpolines, return thunks):"
table "$build/host/kemu-side-by-side" "without them (plain -O2):"
