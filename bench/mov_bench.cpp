// Decode and decode+execute time of the forms in forms.h on the userspace
// build (Google Benchmark).  Side-by-side figures against KVM's emulate.c come
// with the performance work; this measures kemu alone.  No assertions.
#include <benchmark/benchmark.h>

#include "forms.h"

namespace {

void BM_Decode(benchmark::State &state)
{
	const kemu_bench::Form &f = kemu_bench::kForms[state.range(0)];
	static kemu_bench::Machine m(f);
	m = kemu_bench::Machine(f);
	for (auto _ : state)
		benchmark::DoNotOptimize(kemu_decode(&m.ctxt, nullptr, 0));
	state.SetLabel(f.name);
}

void BM_DecodeExecute(benchmark::State &state)
{
	const kemu_bench::Form &f = kemu_bench::kForms[state.range(0)];
	static kemu_bench::Machine m(f);
	m = kemu_bench::Machine(f);
	for (auto _ : state) {
		m.ctxt.rip = m.rip;
		benchmark::DoNotOptimize(kemu_emulate(&m.ctxt, nullptr, 0));
	}
	state.SetLabel(f.name);
}

BENCHMARK(BM_Decode)->DenseRange(0, kemu_bench::kFormCount - 1);
BENCHMARK(BM_DecodeExecute)->DenseRange(0, kemu_bench::kFormCount - 1);

} // namespace

BENCHMARK_MAIN();
