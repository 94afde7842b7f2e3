// Decode and decode+execute cost of MOV forms on the userspace build.
// Side-by-side figures against KVM's emulate.c come with the performance work;
// this measures kemu alone.  No assertions: numbers only.
#include <benchmark/benchmark.h>

#include "test_machine.h"

namespace {

struct Form {
	const char *name;
	uint8_t bytes[15];
	unsigned len;
};

const Form kForms[] = {
    {"mov [rax],ebx", {0x89, 0x18}, 2},
    {"mov rax,[rbx+rcx*4+0x10]", {0x48, 0x8b, 0x44, 0x8b, 0x10}, 5},
    {"mov dword [rip+0x10],imm32", {0xc7, 0x05, 0x10, 0, 0, 0, 0x78, 0x56, 0x34, 0x12}, 10},
    {"mov rax,moffs64", {0x48, 0xa1, 0x40, 0x20, 0x01, 0, 0, 0, 0, 0}, 10},
};

TestMachine machine_for(const Form &f)
{
	TestMachine m(KEMU_MODE_PROT64);
	m.ctxt.rip = m.ram_base + 0x1000;
	m.poke(m.ctxt.rip, f.bytes, f.len);
	m.ctxt.gprs[KEMU_RAX] = m.ram_base + 0x100;
	m.ctxt.gprs[KEMU_RBX] = m.ram_base + 0x200;
	m.ctxt.gprs[KEMU_RCX] = 4;
	return m;
}

void BM_Decode(benchmark::State &state)
{
	const Form &f = kForms[state.range(0)];
	TestMachine m = machine_for(f);
	m.log.reserve(1 << 20);
	for (auto _ : state) {
		m.log.clear();
		benchmark::DoNotOptimize(kemu_decode(&m.ctxt, nullptr, 0));
	}
	state.SetLabel(f.name);
}

void BM_DecodeExecute(benchmark::State &state)
{
	const Form &f = kForms[state.range(0)];
	TestMachine m = machine_for(f);
	const uint64_t rip = m.ctxt.rip;
	m.log.reserve(1 << 20);
	for (auto _ : state) {
		m.log.clear();
		m.ctxt.rip = rip;
		benchmark::DoNotOptimize(kemu_emulate(&m.ctxt, nullptr, 0));
	}
	state.SetLabel(f.name);
}

BENCHMARK(BM_Decode)->DenseRange(0, 3);
BENCHMARK(BM_DecodeExecute)->DenseRange(0, 3);

} // namespace

BENCHMARK_MAIN();
