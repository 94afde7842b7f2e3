// kemu and KVM's emulate.c side by side: the same cases, the same host, one
// process.  Both emulators are driven through the kvm-oracle harness's
// backends (kvm_backend_step: x86.c's x86_emulate_instruction around
// emulate.c; kemu_backend_step: kemu_decode + kemu_execute with the same
// writeback), over a lean host (flat RAM, an MMIO window that returns a
// constant, in-kernel-like ports, accepting CR/MSR writes), so the figures are
// the emulators' and their x86.c-side drivers', not the oracle's logging
// machine.
//
// Under callgrind (bench/side-by-side.sh) only the calls of decode_kvm,
// decode_kemu, step_kvm and step_kemu are collected (--toggle-collect); each
// (form, emulator, decode or step) ends with a
// CALLGRIND_DUMP_STATS_AT("index|form|emulator|count|weight") whose totals the
// script divides by the count.  Warm-up iterations are not counted
// (CALLGRIND_ZERO_STATS), nor is the per-iteration reset of the CPU state and
// of the memory the case changes.  Outside valgrind it checks that both emulators end
// every case in the same state and prints ns per step.
//
// Usage: kemu-side-by-side [COUNT] [FORM-SUBSTRING]
#include <valgrind/callgrind.h>

#include "kemu_backend.h"
#include "kvm_backend.h"
#include "oracle_abi.h"
#include "recorded_mix.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

// ---- the host ---------------------------------------------------------------

constexpr uint64_t kRamEnd = 0x200000;
constexpr uint64_t kMmioBase = 0xa0000, kMmioEnd = 0xc0000;
constexpr uint64_t kGdt = 0x800, kIdt = 0x2000;
constexpr uint64_t kCode = 0x10000, kStack = 0x30000, kData = 0x40000, kData2 = 0x50000;

uint8_t ram[kRamEnd];

bool is_mmio(uint64_t a)
{
	return a >= kMmioBase && a < kMmioEnd;
}

int pf(oracle_fault *f, uint64_t a, bool write)
{
	*f = {};
	f->vector = 14;
	f->error_code_valid = 1;
	f->error_code = write ? 2 : 0;
	f->address = a;
	return ORACLE_PROPAGATE_FAULT;
}

int h_read(void *, uint64_t a, void *val, unsigned n, oracle_access kind, oracle_fault *f)
{
	if (a + n > kRamEnd || a + n < a)
		return pf(f, a, false);
	if (is_mmio(a)) {
		if (kind != ORACLE_DATA_READ)
			return ORACLE_IO_NEEDED;
		memset(val, 0x5a, n);
		return ORACLE_CONTINUE;
	}
	memcpy(val, ram + a, n);
	return ORACLE_CONTINUE;
}

int h_write(void *, uint64_t a, const void *val, unsigned n, oracle_access kind, oracle_fault *f)
{
	if (a + n > kRamEnd || a + n < a)
		return pf(f, a, true);
	if (is_mmio(a))
		return kind == ORACLE_DATA_WRITE ? ORACLE_CONTINUE : ORACLE_IO_NEEDED;
	memcpy(ram + a, val, n);
	return ORACLE_CONTINUE;
}

int h_cmpxchg(void *, uint64_t a, const void *old, const void *val, unsigned n, oracle_fault *f)
{
	if (a + n > kRamEnd || a + n < a)
		return pf(f, a, true);
	if (is_mmio(a))
		return ORACLE_CONTINUE;
	if (memcmp(ram + a, old, n) != 0)
		return ORACLE_CMPXCHG_FAILED;
	memcpy(ram + a, val, n);
	return ORACLE_CONTINUE;
}

void h_pio_in(void *, unsigned size, uint16_t, void *val, unsigned count)
{
	memset(val, 0xa5, size_t(size) * count);
}

void h_pio_out(void *, unsigned, uint16_t, const void *, unsigned) {}

int h_get_msr(void *, oracle_cpu *, uint32_t, uint64_t *v)
{
	*v = 0;
	return 0;
}

int h_set_msr(void *, oracle_cpu *, uint32_t, uint64_t)
{
	return 0;
}

int h_set_cr(void *, oracle_cpu *cpu, int cr, uint64_t v)
{
	switch (cr) {
	case 0:
		cpu->cr0 = v;
		return 0;
	case 3:
		cpu->cr3 = v;
		return 0;
	case 4:
		cpu->cr4 = v;
		return 0;
	case 8:
		cpu->cr8 = v;
		return 0;
	default:
		return 1;
	}
}

int h_set_dr(void *, oracle_cpu *cpu, int dr, uint64_t v)
{
	cpu->dr[oracle_dr_index(dr)] = v;
	return 0;
}

int h_set_xcr(void *, oracle_cpu *cpu, uint32_t, uint64_t v)
{
	cpu->xcr0 = v;
	return 0;
}

int h_read_pmc(void *, oracle_cpu *, uint32_t, uint64_t *v)
{
	*v = 0;
	return 0;
}

bool h_cpuid(void *, uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx, bool)
{
	const uint32_t leaf = *eax;
	if (leaf == 0) {
		*eax = 0xd;
		*ebx = 0x756e6547; // GenuineIntel
		*edx = 0x49656e69;
		*ecx = 0x6c65746e;
		return true;
	}
	if (leaf == 1) {
		*eax = 0x906ea;
		*ebx = 0x00010800;
		*ecx = 0x80202001;
		*edx = 0x078bfbff;
		return true;
	}
	*eax = *ebx = *ecx = *edx = 0;
	return false;
}

void h_event(void *, oracle_event, uint64_t) {}

const oracle_host kHost = {h_read,     h_write,   h_cmpxchg, h_pio_in, h_pio_out,
                           h_get_msr,  h_set_msr, h_set_cr,  h_set_dr, h_set_xcr,
                           h_read_pmc, h_cpuid,   h_event};

// ---- the cases -------------------------------------------------------------

enum Mode { P32, P64 };

struct Case {
	const char *name;
	Mode mode;
	uint8_t bytes[15];
	unsigned len;
	// registers: rax rcx rdx rbx rsp rbp rsi rdi
	uint64_t rax, rcx, rdx, rbx, rsi, rdi;
	unsigned weight; // in the mix
};

constexpr uint64_t M = kMmioBase + 0x100;

// clang-format off
const Case kCases[] = {
    {"mov [mmio],ebx",            P64, {0x89, 0x18}, 2,                         M, 0, 0, 0x1234, 0, 0, 6},
    {"mov rax,[mmio+rcx*4+0x10]", P64, {0x48, 0x8b, 0x44, 0x8b, 0x10}, 5,       0, 4, 0, M, 0, 0, 6},
    {"mov dword [mmio],imm32",    P64, {0xc7, 0x00, 0x78, 0x56, 0x34, 0x12}, 6, M, 0, 0, 0, 0, 0, 3},
    {"movzx eax,byte [mmio]",     P64, {0x0f, 0xb6, 0x03}, 3,                   0, 0, 0, M, 0, 0, 2},
    {"mov [mmio],ebx (prot32)",   P32, {0x89, 0x18}, 2,                         M, 0, 0, 0x1234, 0, 0, 2},
    {"add [mmio],ebx",            P64, {0x01, 0x18}, 2,                         M, 0, 0, 3, 0, 0, 1},
    {"or dword [mmio],imm8",      P64, {0x83, 0x08, 0x01}, 3,                   M, 0, 0, 0, 0, 0, 1},
    {"cmp [mmio],ebx",            P64, {0x39, 0x18}, 2,                         M, 0, 0, 3, 0, 0, 1},
    {"and [mmio],ebx (prot32)",   P32, {0x21, 0x18}, 2,                         M, 0, 0, 3, 0, 0, 1},
    {"lock cmpxchg [ram],ecx",    P64, {0xf0, 0x0f, 0xb1, 0x0b}, 4,             0x11, 0x22, 0, kData2, 0, 0, 1},
    {"lock cmpxchg [mmio],ecx",   P64, {0xf0, 0x0f, 0xb1, 0x0b}, 4,             0x5a5a5a5a, 0x22, 0, M, 0, 0, 1},
    {"rep movsb (8)",             P64, {0xf3, 0xa4}, 2,                         0, 8, 0, 0, kData, kData2, 1},
    {"rep movsb (64)",            P64, {0xf3, 0xa4}, 2,                         0, 64, 0, 0, kData, kData2, 1},
    {"rep movsb (512)",           P64, {0xf3, 0xa4}, 2,                         0, 512, 0, 0, kData, kData2, 0},
    {"rep movsd mmio->ram (16)",  P64, {0xf3, 0xa5}, 2,                         0, 16, 0, 0, M, kData2, 0},
    {"rep stosd (8)",             P64, {0xf3, 0xab}, 2,                         0x1234, 8, 0, 0, 0, kData2, 1},
    {"rep stosd (64)",            P64, {0xf3, 0xab}, 2,                         0x1234, 64, 0, 0, 0, kData2, 1},
    {"rep stosd (512)",           P64, {0xf3, 0xab}, 2,                         0x1234, 512, 0, 0, 0, kData2, 0},
    {"rep stosq mmio (16)",       P64, {0xf3, 0x48, 0xab}, 3,                   0x1234, 16, 0, 0, 0, M, 0},
    {"rep insb (64)",             P64, {0xf3, 0x6c}, 2,                         0, 64, 0x60, 0, 0, kData2, 0},
    {"rep outsb (64)",            P64, {0xf3, 0x6e}, 2,                         0, 64, 0x60, 0, kData, 0, 0},
    {"in al,dx",                  P64, {0xec}, 1,                               0, 0, 0x60, 0, 0, 0, 2},
    {"out dx,al",                 P64, {0xee}, 1,                               0x41, 0, 0x60, 0, 0, 0, 2},
    {"in eax,0x71",               P64, {0xe5, 0x71}, 2,                         0, 0, 0, 0, 0, 0, 1},
    {"out 0x80,al (prot32)",      P32, {0xe6, 0x80}, 2,                         0, 0, 0, 0, 0, 0, 1},
    {"mov rax,cr0",               P64, {0x0f, 0x20, 0xc0}, 3,                   0, 0, 0, 0, 0, 0, 1},
    {"mov cr3,rax",               P64, {0x0f, 0x22, 0xd8}, 3,                   0x100000, 0, 0, 0, 0, 0, 1},
    {"cpuid (leaf 0)",            P64, {0x0f, 0xa2}, 2,                         0, 0, 0, 0, 0, 0, 1},
    {"cpuid (leaf 1)",            P64, {0x0f, 0xa2}, 2,                         1, 0, 0, 0, 0, 0, 0},
    {"jmp far 0x08:imm32 (prot32)", P32, {0xea, 0x00, 0x10, 0x01, 0x00, 0x08, 0x00}, 7, 0, 0, 0, 0, 0, 0, 1},
    {"call far 0x08:imm32 (prot32)", P32, {0x9a, 0x00, 0x10, 0x01, 0x00, 0x08, 0x00}, 7, 0, 0, 0, 0, 0, 0, 0},
    {"jmp far [rax] (64)",        P64, {0xff, 0x28}, 2,                         kData, 0, 0, 0, 0, 0, 0},
};
// clang-format on
constexpr unsigned kCaseCount = sizeof(kCases) / sizeof(kCases[0]);

oracle_seg flat(uint8_t type, bool code64, bool db)
{
	oracle_seg s{};
	s.limit = 0xffffffff;
	s.type = type;
	s.s = 1;
	s.present = 1;
	s.g = 1;
	s.l = code64;
	s.db = db;
	return s;
}

void make_cpu(const Case &c, oracle_cpu *cpu)
{
	memset(cpu, 0, sizeof(*cpu));
	cpu->gpr[0] = c.rax;
	cpu->gpr[1] = c.rcx;
	cpu->gpr[2] = c.rdx;
	cpu->gpr[3] = c.rbx;
	cpu->gpr[4] = kStack;
	cpu->gpr[6] = c.rsi;
	cpu->gpr[7] = c.rdi;
	cpu->rip = kCode;
	cpu->rflags = 2;
	const bool l = c.mode == P64;
	for (int s = 0; s < ORACLE_TR; s++)
		cpu->seg[s] = flat(3, false, true);
	cpu->seg[ORACLE_CS] = flat(0xb, l, !l);
	cpu->seg[ORACLE_CS].sel = 0x08;
	cpu->seg[ORACLE_SS].sel = cpu->seg[ORACLE_DS].sel = cpu->seg[ORACLE_ES].sel = 0x10;
	cpu->seg[ORACLE_TR] = oracle_seg{0x900, 0x67, 0x28, 0xb, 0, 0, 1, 0, 0, 0, 0, 0};
	cpu->seg[ORACLE_LDTR].unusable = 1;
	cpu->gdt = {kGdt, 0xff};
	cpu->idt = {kIdt, 0xfff};
	cpu->cr0 = 0x80050033; // PG WP NE ET MP PE
	cpu->cr3 = 0x100000;
	cpu->cr4 = l ? 0x6a0 : 0x680; // (PAE) PGE OSFXSR OSXMMEXCPT
	cpu->efer = l ? 0xd01 : 0;    // (LMA LME) SCE NXE
	cpu->xcr0 = 1;
	cpu->dr[6] = 0xffff0ff0;
	cpu->dr[7] = 0x400;
	cpu->fx[0] = 0x7f; // FCW 0x037f
	cpu->fx[1] = 0x03;
	cpu->fx[24] = 0x80; // MXCSR 0x1f80
	cpu->fx[25] = 0x1f;
}

// Memory a case changes, restored before every iteration (outside the count).
void reset_memory(const Case &c, bool code64)
{
	memset(ram + kCode, 0x90, 16);
	memcpy(ram + kCode, c.bytes, c.len);
	const uint64_t gdt[] = {0, code64 ? 0x00af9b000000ffffull : 0x00cf9b000000ffffull,
	                        0x00cf93000000ffffull};
	memcpy(ram + kGdt, gdt, sizeof(gdt));
	const uint64_t cmp = 0x11;
	memcpy(ram + kData2, &cmp, sizeof(cmp)); // lock cmpxchg: succeeds
	const uint8_t farptr[6] = {0x00, 0x10, 0x01, 0x00, 0x08, 0x00};
	memcpy(ram + kData, farptr, sizeof(farptr)); // jmp far [rax]
}

} // namespace

// The measured calls (callgrind --toggle-collect=step_kvm --toggle-collect=step_kemu
// --toggle-collect=decode_kvm --toggle-collect=decode_kemu).
extern "C" __attribute__((noinline)) int step_kvm(kvm_backend *kb, oracle_cpu *cpu,
                                                  oracle_exit *exit)
{
	return kvm_backend_step(kb, cpu, nullptr, 0, exit);
}

const oracle_host *g_kemu_host = &kHost; // (the recorded mix has its own)

extern "C" __attribute__((noinline)) int step_kemu(oracle_cpu *cpu, oracle_exit *exit)
{
	return oracle::kemu_backend_step(g_kemu_host, nullptr, cpu, exit);
}

// Decode only: KVM's init_emulate_ctxt + x86_decode_insn, and kemu_decode
// over the context kemu_backend_step sets up.
extern "C" __attribute__((noinline)) int decode_kvm(kvm_backend *kb, oracle_cpu *cpu)
{
	return kvm_backend_decode(kb, cpu, nullptr, 0);
}

extern "C" __attribute__((noinline)) int decode_kemu(oracle_cpu *cpu)
{
	return oracle::kemu_backend_decode(g_kemu_host, nullptr, cpu);
}

namespace {

alignas(64) oracle_cpu g_template, g_cpu;
kemu_decode_cache g_decode_cache; // kemu warm: one cache, as a vCPU's

// Decode only, both emulators: the instruction lengths must agree.
int decode_one(kvm_backend *kb, bool kvm)
{
	memcpy(&g_cpu, &g_template, sizeof(g_cpu));
	return kvm ? decode_kvm(kb, &g_cpu) : decode_kemu(&g_cpu);
}

int run_one(kvm_backend *kb, bool kvm, oracle_exit *exit)
{
	memcpy(&g_cpu, &g_template, sizeof(g_cpu));
	return kvm ? step_kvm(kb, &g_cpu, exit) : step_kemu(&g_cpu, exit);
}

bool same_state(const oracle_cpu &a, const oracle_cpu &b)
{
	return memcmp(a.gpr, b.gpr, sizeof(a.gpr)) == 0 && a.rip == b.rip && a.rflags == b.rflags &&
	       a.cr3 == b.cr3 &&
	       memcmp(&a.seg[ORACLE_CS], &b.seg[ORACLE_CS], sizeof(oracle_seg)) == 0;
}

// The recorded mix (KEMU_RECORDED_MIX=FILE, recorded_mix.h): every record in
// order, `passes` times, per emulator and kind (decode only, decode+emulate,
// each for KVM, kemu cold and kemu with a warm cache: the cache as a vCPU's
// after the stream ran once); one dump per kind with the index `index`.
// Natively: how many records end in another state under kemu than under KVM.
int run_recorded_mix(kvm_backend *kb, const char *file, unsigned passes, unsigned index,
                     bool without_rep)
{
	static const recorded_mix::Mix all = recorded_mix::load(file);
	static recorded_mix::Mix some; // (only the cases: the host reads `all`)
	const recorded_mix::Mix &mix = without_rep ? some : all;
	if (without_rep)
		for (const recorded_mix::Case &c : all.cases)
			if (!c.rep)
				some.cases.push_back(c);
	const unsigned n = static_cast<unsigned>(mix.cases.size());
	const bool vg = RUNNING_ON_VALGRIND;
	kvm_backend_init(kb, recorded_mix::host(all), nullptr);
	g_kemu_host = recorded_mix::host(all);
	static const char *const kKinds[6] = {"kvm-decode", "kemu-decode", "kemu-warm-decode",
	                                      "kvm",        "kemu",        "kemu-warm"};
	std::vector<oracle_cpu> after[3];
	unsigned long long warm_hits = 0, warm_misses = 0;
	for (int k = 0; k < 6; k++) {
		const bool kvm = k % 3 == 0, warm = k % 3 == 2, step = k >= 3;
		static kemu_decode_cache cache;
		cache = {};
		oracle::kemu_backend_set_decode_cache(warm ? &cache : nullptr, false);
		for (unsigned p = 0; p <= passes; p++) {
			if (p == 1 && vg)
				CALLGRIND_ZERO_STATS; // the first pass warms up
			for (unsigned i = 0; i < n; i++) {
				memcpy(&g_cpu, &mix.cases[i].cpu, sizeof(g_cpu));
				oracle_exit ex;
				if (step)
					kvm ? step_kvm(kb, &g_cpu, &ex) : step_kemu(&g_cpu, &ex);
				else
					kvm ? decode_kvm(kb, &g_cpu) : decode_kemu(&g_cpu);
				if (step && p == 0)
					after[k % 3].push_back(g_cpu);
			}
		}
		if (warm && step)
			warm_hits = cache.hits, warm_misses = cache.misses;
		if (vg) {
			char label[160];
			snprintf(label, sizeof(label), "%u|recorded mix%s (%u emulations)|%s|%u|0",
			         index, without_rep ? " without REP" : "", n, kKinds[k],
			         passes * n);
			CALLGRIND_DUMP_STATS_AT(label);
		}
	}
	oracle::kemu_backend_set_decode_cache(nullptr, false);
	g_kemu_host = &kHost;
	kvm_backend_init(kb, &kHost, nullptr);
	unsigned differ = 0, warm_differs = 0;
	for (unsigned i = 0; i < n; i++) {
		differ += !same_state(after[0][i], after[1][i]);
		warm_differs += !same_state(after[1][i], after[2][i]);
	}
	if (!vg)
		printf(
		    "recorded mix%s %s: %u emulations; kemu ends %u in another state than KVM "
		    "(deviations, or state the record lacks), kemu warm %u other than kemu cold; "
		    "warm: %llu decodes from the cache, %llu made\n",
		    without_rep ? " without REP" : "", file, n, differ, warm_differs, warm_hits,
		    warm_misses);
	return warm_differs ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
	const unsigned count = argc > 1 ? unsigned(atoi(argv[1])) : 2000;
	const char *only = argc > 2 ? argv[2] : nullptr;
	const bool vg = RUNNING_ON_VALGRIND;
	auto *kb = static_cast<kvm_backend *>(aligned_alloc(64, (kvm_backend_size() + 63) & ~63ul));
	kvm_backend_init(kb, &kHost, nullptr);
	int bad = 0;
	if (!vg)
		printf("%-30s %5s %10s %10s %7s  %s\n", "form", "wt", "kvm ns", "kemu ns", "ratio",
		       "check");
	for (unsigned i = 0; i < kCaseCount; i++) {
		const Case &c = kCases[i];
		if (only && !strstr(c.name, only))
			continue;
		make_cpu(c, &g_template);
		int len[2];
		for (int e = 0; e < 2; e++) { // decode only; 0: KVM, 1: kemu
			const bool kvm = e == 0;
			reset_memory(c, c.mode == P64);
			for (unsigned w = 0; w < 8; w++)
				len[e] = decode_one(kb, kvm);
			if (vg)
				CALLGRIND_ZERO_STATS;
			for (unsigned n = 0; n < count; n++)
				decode_one(kb, kvm);
			if (vg) {
				char label[128];
				snprintf(label, sizeof(label), "%u|%s|%s|%u|%u", i, c.name,
				         kvm ? "kvm-decode" : "kemu-decode", count, c.weight);
				CALLGRIND_DUMP_STATS_AT(label);
			}
		}
		// kemu with its decoded-instruction cache, warm (the warm-up's
		// decode is kept): decode, then decode+emulate.
		oracle::kemu_backend_set_decode_cache(&g_decode_cache, false);
		oracle_cpu warm_after;
		oracle_exit warm_exit;
		for (int step = 0; step < 2; step++) {
			for (unsigned w = 0; w < 8; w++) {
				reset_memory(c, c.mode == P64);
				step ? run_one(kb, false, &warm_exit) : decode_one(kb, false);
			}
			if (vg)
				CALLGRIND_ZERO_STATS;
			for (unsigned n = 0; n < count; n++) {
				reset_memory(c, c.mode == P64);
				step ? run_one(kb, false, &warm_exit) : decode_one(kb, false);
			}
			if (vg) {
				char label[128];
				snprintf(label, sizeof(label), "%u|%s|%s|%u|%u", i, c.name,
				         step ? "kemu-warm" : "kemu-warm-decode", count, c.weight);
				CALLGRIND_DUMP_STATS_AT(label);
			}
		}
		warm_after = g_cpu;
		oracle::kemu_backend_set_decode_cache(nullptr, false);
		oracle_cpu after[2];
		oracle_exit ex[2];
		double ns[2] = {0, 0};
		for (int e = 0; e < 2; e++) { // 0: KVM, 1: kemu
			const bool kvm = e == 0;
			for (unsigned w = 0; w < 8; w++) { // warm-up, not counted
				reset_memory(c, c.mode == P64);
				run_one(kb, kvm, &ex[e]);
			}
			after[e] = g_cpu;
			if (vg)
				CALLGRIND_ZERO_STATS;
			auto t0 = std::chrono::steady_clock::now();
			for (unsigned n = 0; n < count; n++) {
				reset_memory(c, c.mode == P64);
				run_one(kb, kvm, &ex[e]);
			}
			auto t1 = std::chrono::steady_clock::now();
			ns[e] = std::chrono::duration<double, std::nano>(t1 - t0).count() / count;
			if (vg) {
				char label[128];
				snprintf(label, sizeof(label), "%u|%s|%s|%u|%u", i, c.name,
				         kvm ? "kvm" : "kemu", count, c.weight);
				CALLGRIND_DUMP_STATS_AT(label);
			}
		}
		const bool ok = len[0] == int(c.len) && len[1] == int(c.len) &&
		                ex[0].outcome == ORACLE_OUT_OK && ex[1].outcome == ORACLE_OUT_OK &&
		                warm_exit.outcome == ORACLE_OUT_OK &&
		                same_state(after[0], after[1]) && same_state(after[0], warm_after);
		bad += !ok;
		if (!vg) {
			printf("%-30s %5u %10.1f %10.1f %7.2f  %s", c.name, c.weight, ns[0], ns[1],
			       ns[1] / ns[0], ok ? "same state" : "DIFFER");
			if (!ok)
				printf(" (decoded length kvm %d kemu %d; kvm outcome %d code %d "
				       "rcx %#llx rip %#llx, kemu outcome "
				       "%d code %d "
				       "rcx %#llx rip %#llx)",
				       len[0], len[1], ex[0].outcome, ex[0].code,
				       (unsigned long long)after[0].gpr[1],
				       (unsigned long long)after[0].rip, ex[1].outcome, ex[1].code,
				       (unsigned long long)after[1].gpr[1],
				       (unsigned long long)after[1].rip);
			printf("\n");
		}
	}
	if (const char *mix = getenv("KEMU_RECORDED_MIX"))
		if (*mix && (!only || strstr("recorded mix", only)))
			for (int without_rep = 0; without_rep < 2; without_rep++)
				bad += run_recorded_mix(kb, mix, 5, kCaseCount + without_rep,
				                        without_rep);
	free(kb);
	return bad ? 1 : 0;
}
