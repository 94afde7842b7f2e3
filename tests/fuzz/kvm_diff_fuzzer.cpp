// kvm-diff: kemu against KVM's own emulate.c, built in userspace, on one
// structured input (the KVM oracle's backends and host, tests/kvm-oracle).
// Any difference that tests/kvm-oracle/deviations.txt does not explain is a
// crash; so is any crash of either emulator.
//
// Input (little-endian):
//   8 bytes  a case number of the oracle's generator (the `make
//            test-kvm-oracle` configuration): the baseline case, with its mode,
//            registers, flags, segments, descriptor tables, TSS and I/O
//            bitmap, system registers, FPU image and instruction
//   records  tag byte (mod 16) + payload, applied in order; the input ends them
//     0 code     n (<= 16) + n bytes: the instruction bytes at CS:RIP
//     1 gpr      r (& 15) + 8 bytes
//     2 rflags   4 bytes: the flags the generator varies (arithmetic, TF, IF,
//                DF, IOPL outside real mode, NT, RF, AC)
//     3 segment  s (ES DS FS GS), base 4, limit 4, attributes 1: bits 0-3
//                a data or readable code type, 4-5 DPL (at least the CPL),
//                6 unusable (protected modes), 7 D/B; real mode keeps its
//                types.  The granularity follows the limit, as VMX wants it.
//     4 memory   8 bytes: the seed of RAM, MMIO read and port values
//     5 layout   page 2 bytes (of the first 2 MiB), region 1 byte (RAM,
//                MMIO, not present; real mode, which cannot page fault,
//                gets MMIO instead): up to 4 pages mapped otherwise
//     6 system   5 bytes, each bit toggles one gate the generator varies:
//                CR0.TS/EM/WP, CR4.TSD/DE/PCE/UMIP/OSXSAVE, DR7.GD, CPUID
//                faulting, EFER.SCE; then the interrupt shadow, CR8,
//                MXCSR's low bits
//     7 fpu      slot (% 48) + 8 bytes of the x87/MMX/SSE data registers
//     8 cpl      1 byte (& 3): the CPL of a protected mode, made consistent:
//                CS.DPL, SS.DPL and their selectors' RPL, data segments'
//                DPL raised to it (real mode has CPL 0 and ignores it,
//                virtual-8086 mode CPL 3)
//     9 event    kind 1 byte (mod 3): 0 the instruction; 1 a task switch
//                (protected modes outside 64-bit, virtual-8086 mode: where
//                x86.c runs kvm_task_switch): selector 2, IDT index 1 (0xff: none),
//                reason 1 (call, iret, jmp, gate), has error code 1,
//                error code 4; 2 a real-mode interrupt (real mode, as
//                kvm_inject_realmode_interrupt): vector 1, RIP increment 1
//    10 gdt      index 1 (of the GDT's 32 entries) + 8 bytes: a descriptor
//                (gate, TSS, LDT, segment of any type), up to 4 of them
//    11 ram      address 4 (of the first 2 MiB) + 8 bytes written there
//                (a TSS's contents, vectors, stack), up to 8 of them
//    12 nested   1 byte: a nested guest (x86.c's is_guest_mode) when bit 7
//                is set, and L1's answer to each intercept check, two bits
//                per stage (PRE_EXCEPT, POST_EXCEPT, POST_MEMACCESS): go on,
//                intercept, an exception in L2 (#UD, or #GP(0) with bit 6),
//                emulation failure (TestCase::nested); 0x80 never intercepts
//    13 msr      index 1 byte (mod 8: SYSENTER_CS, SYSENTER_ESP, SYSENTER_EIP,
//                STAR, LSTAR, CSTAR, SFMASK, TSC_AUX) + 8 bytes: the host's
//                value of that MSR, up to 4 of them
//    14 host     1 byte, each bit toggles: 0 kvm.enable_vmware_backdoor,
//                1 EFER.NXE, 2 EFER.SVME; bit 3 makes a 64-bit case's CS a
//                32-bit code segment: compatibility mode (EFER.LMA stays);
//                bit 4: the guest's CPUID vendor is AMD's, not Intel's
//    15 more     kind 1 byte, then its payload: kind 0 smm, 1 byte: the vCPU
//                is in system-management mode when nonzero, and RSM restores
//                the state Machine::leave_smm makes of it (the mode it
//                returns to, its RIP and RAX; 0 mod 8: a state that cannot
//                be restored); kind 1 decode cache, 1 byte (mod 3): kemu
//                decodes through a decoded-instruction cache (kemu_ctxt.
//                decode_cache), empty at the start of the input: 0 none, 1
//                cold, 2 warm (each step decodes its instruction once before,
//                so that the step's own decode comes from the cache, as the
//                oracle's warm run);
//                kind 2 callback contract, 3 bytes: a member of kemu_ops (mod
//                37, its place in the struct: 0 fetch ... 36
//                get_msr_filtered), how it breaks kemu.h's contract (mod 6:
//                0 removed, NULL; else it answers, without reaching the
//                host, 1 KEMU_PROPAGATE_FAULT with *fault unfilled, 2 7, 3
//                -1, 4 INT_MIN, 5 42) and on which of its calls (1 + byte %
//                16).  After the comparison with KVM, kemu alone runs the
//                case again with that table (check_contract); a required
//                member removed, or an answer from one without a status, is
//                not tried;
//                kind 3 virtual-8086 mode, 3 bytes: a
//                16- or 32-bit protected-mode case (not in compatibility
//                mode) runs in it: RFLAGS.VM, CPL 3, every segment base =
//                selector << 4, limit 0xffff, DPL 3, data type; byte 0: bits
//                0-1 IOPL, 2 CR4.VME, 3 CR4.PVI, 4 VIF, 5 VIP; bytes 1-2 CS's
//                selector, with the case's IP (0: a CS and IP that reach the
//                case's code, moved into low RAM when above 1 MiB); kind 4
//                task register, 11 bytes: selector 2, base 4, limit 4, type
//                1 (& 3: 16-bit available, 16-bit busy, 32-bit available,
//                32-bit busy; bit 2 drops the case's I/O bitmap, leaving the
//                TSS to the seed and record 11, else the bitmap follows the
//                base); kind 5 stack segment, 11 bytes: selector 2, base 4,
//                limit 4, attributes 1 (bit 0 accessed, 2 expand-down, 6 D/B:
//                a writable data segment at DPL = CPL; real mode keeps its
//                type, virtual-8086 mode takes the selector's base and limit
//                0xffff); any other kind ends the records
// Everything the emulators do not see (host answers) is the same for both,
// so a difference is the emulators' own.
#include "deviations.h"
#include "evaluate.h"
#include "generator.h"
#include "kemu_backend.h"
#include "kvm_runtime.h"

#include <kemu/kemu.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace oracle;

namespace {

struct Reader {
	const uint8_t *p;
	size_t n;
	bool take(void *out, size_t k)
	{
		if (n < k)
			return false;
		memcpy(out, p, k);
		p += k, n -= k;
		return true;
	}
	template <typename T>
	bool get(T *v)
	{
		return take(v, sizeof(*v));
	}
};

constexpr uint64_t kArith = 0x8d5, kTF = 1 << 8, kIF = 1 << 9, kDF = 1 << 10, kIopl = 3 << 12,
                   kNT = 1 << 14, kRF = 1 << 16, kAC = 1 << 18;

// A segment register as virtual-8086 mode has it (a data segment at DPL 3).
oracle_seg vm86_segment(uint16_t sel)
{
	oracle_seg s{};
	s.sel = sel;
	s.base = uint64_t{sel} << 4;
	s.limit = 0xffff;
	s.type = 3;
	s.s = 1;
	s.dpl = 3;
	s.present = 1;
	return s;
}

bool apply_segment(Reader &in, TestCase &tc)
{
	static const int kSegs[] = {ORACLE_ES, ORACLE_DS, ORACLE_FS, ORACLE_GS};
	uint8_t which, attr;
	uint32_t base, limit;
	if (!in.get(&which) || !in.get(&base) || !in.get(&limit) || !in.get(&attr))
		return false;
	oracle_seg &s = tc.cpu.seg[kSegs[which % 4]];
	if (tc.mode == KEMU_MODE_VM86) { // the selector follows the base
		s = vm86_segment(static_cast<uint16_t>(base >> 4));
		return true;
	}
	s.base = base;
	// VMX: G=1 exactly when the limit does not fit 20 bits (low 12 bits ones)
	s.g = limit > 0xfffff;
	s.limit = s.g ? limit | 0xfff : limit;
	if (tc.mode == KEMU_MODE_REAL)
		return true;
	const unsigned type = attr & 15;
	s.type = static_cast<uint8_t>(type >= 8 ? type | 2 : type);
	s.s = 1;
	s.dpl = static_cast<uint8_t>(std::max<unsigned>((attr >> 4) & 3, oracle_cpl(&tc.cpu)));
	s.unusable = (attr >> 6) & 1;
	s.present = !s.unusable;
	s.db = attr >> 7;
	return true;
}

bool apply_system(Reader &in, TestCase &tc)
{
	uint8_t gates, gates2, shadow, cr8, mxcsr;
	if (!in.get(&gates) || !in.get(&gates2) || !in.get(&shadow) || !in.get(&cr8) ||
	    !in.get(&mxcsr))
		return false;
	oracle_cpu &c = tc.cpu;
	c.cr0 ^= (gates & 1 ? 8u : 0) | (gates & 2 ? 4u : 0);
	if (tc.mode == KEMU_MODE_PROT16 || tc.mode == KEMU_MODE_PROT32)
		c.cr0 ^= gates & 4 ? 0x10000u : 0; // WP
	c.cr4 ^= (gates & 8 ? 1u << 2 : 0) | (gates & 16 ? 1u << 3 : 0) |
	         (gates & 32 ? 1u << 8 : 0) | (gates & 64 ? 1u << 11 : 0) |
	         (gates & 128 ? 1u << 18 : 0);
	c.dr[7] ^= gates2 & 1 ? 0x2000u : 0;
	tc.misc_features ^= (gates2 >> 1) & 1;
	c.efer ^= (gates2 >> 2) & 1; // SCE: SYSCALL/SYSRET
	c.interruptibility = shadow % 3;
	c.cr8 = cr8 & 15;
	uint32_t m;
	memcpy(&m, &c.fx[24], 4);
	m = (m & ~0x3fu) | (mxcsr & 0x3f); // exception flags
	memcpy(&c.fx[24], &m, 4);
	return true;
}

bool apply_cpl(Reader &in, TestCase &tc)
{
	uint8_t v;
	if (!in.get(&v))
		return false;
	if (tc.mode == KEMU_MODE_REAL || tc.mode == KEMU_MODE_VM86)
		return true;
	const uint8_t cpl = v & 3;
	oracle_cpu &c = tc.cpu;
	for (int i : {ORACLE_CS, ORACLE_SS}) {
		c.seg[i].dpl = cpl;
		c.seg[i].sel = static_cast<uint16_t>((c.seg[i].sel & ~3) | cpl);
	}
	for (int i : {ORACLE_ES, ORACLE_DS, ORACLE_FS, ORACLE_GS})
		c.seg[i].dpl = std::max(c.seg[i].dpl, cpl);
	return true;
}

bool apply_event(Reader &in, TestCase &tc)
{
	uint8_t kind;
	if (!in.get(&kind))
		return false;
	switch (kind % 3) {
	case 1: {
		uint16_t selector;
		uint8_t idt, reason, has_error_code;
		uint32_t error_code;
		if (!in.get(&selector) || !in.get(&idt) || !in.get(&reason) ||
		    !in.get(&has_error_code) || !in.get(&error_code))
			return false;
		// (not in compatibility mode: IA-32e mode has no task switches)
		if ((tc.mode != KEMU_MODE_PROT16 && tc.mode != KEMU_MODE_PROT32 &&
		     tc.mode != KEMU_MODE_VM86) ||
		    (tc.cpu.efer & (1u << 10)))
			return true;
		tc.event = Event::TaskSwitch;
		tc.tss_selector = selector;
		tc.idt_index = idt == 0xff ? -1 : idt;
		tc.reason = reason % 4;
		tc.has_error_code = has_error_code & 1;
		tc.error_code = error_code;
		return true;
	}
	case 2: {
		uint8_t vector, inc_eip;
		if (!in.get(&vector) || !in.get(&inc_eip))
			return false;
		if (tc.mode != KEMU_MODE_REAL)
			return true;
		tc.event = Event::RealInterrupt;
		tc.vector = vector;
		tc.inc_eip = inc_eip % 16;
		return true;
	}
	default:
		tc.event = Event::Instruction;
		return true;
	}
}

bool apply_gdt(Reader &in, TestCase &tc)
{
	uint8_t index;
	uint64_t value;
	if (!in.get(&index) || !in.get(&value))
		return false;
	if (tc.gdt_writes < TestCase::kMaxGdtWrites) {
		tc.gdt_index[tc.gdt_writes] = index;
		tc.gdt_value[tc.gdt_writes] = value;
		tc.gdt_writes++;
	}
	return true;
}

bool apply_ram(Reader &in, TestCase &tc)
{
	uint32_t addr;
	uint64_t value;
	if (!in.get(&addr) || !in.get(&value))
		return false;
	if (tc.ram_writes < TestCase::kMaxRamWrites) {
		tc.ram_addr[tc.ram_writes] = addr;
		tc.ram_value[tc.ram_writes] = value;
		tc.ram_writes++;
	}
	return true;
}

bool apply_nested(Reader &in, TestCase &tc)
{
	uint8_t script;
	if (!in.get(&script))
		return false;
	tc.nested = script & 0x80 ? script : 0;
	return true;
}

bool apply_msr(Reader &in, TestCase &tc)
{
	static const uint32_t kMsrs[] = {0x174,      0x175,      0x176,      0xc0000081,
	                                 0xc0000082, 0xc0000083, 0xc0000084, 0xc0000103};
	uint8_t which;
	uint64_t value;
	if (!in.get(&which) || !in.get(&value))
		return false;
	if (tc.msr_writes < TestCase::kMaxMsrWrites) {
		tc.msr_index[tc.msr_writes] = kMsrs[which % 8];
		tc.msr_value[tc.msr_writes] = value;
		tc.msr_writes++;
	}
	return true;
}

bool apply_host(Reader &in, TestCase &tc)
{
	uint8_t toggles;
	if (!in.get(&toggles))
		return false;
	constexpr uint64_t kEferNxe = 1u << 11, kEferSvme = 1u << 12;
	tc.vmware_backdoor ^= toggles & 1;
	tc.amd ^= (toggles >> 4) & 1;
	tc.cpu.efer ^= (toggles & 2 ? kEferNxe : 0) | (toggles & 4 ? kEferSvme : 0);
	if ((toggles & 8) && tc.mode == KEMU_MODE_PROT64) {
		oracle_seg &cs = tc.cpu.seg[ORACLE_CS];
		cs.l = 0;
		cs.db = 1;
		tc.mode = KEMU_MODE_PROT32;
	}
	return true;
}

// Record 15, kind 3: virtual-8086 mode, from a legacy protected-mode case.
bool apply_vm86(Reader &in, TestCase &tc)
{
	uint8_t flags;
	uint16_t cs_sel;
	if (!in.get(&flags) || !in.get(&cs_sel))
		return false;
	if ((tc.mode != KEMU_MODE_PROT16 && tc.mode != KEMU_MODE_PROT32) ||
	    (tc.cpu.efer & (1u << 10)))
		return true;
	oracle_cpu &c = tc.cpu;
	constexpr uint64_t kVM = 1u << 17, kVIF = 1u << 19, kVIP = 1u << 20;
	c.rflags = (c.rflags & ~(kIopl | kVIF | kVIP)) | kVM | uint64_t{flags & 3u} << 12 |
	           (flags & 16 ? kVIF : 0) | (flags & 32 ? kVIP : 0);
	c.cr4 = (c.cr4 & ~3u) | ((flags >> 2) & 3); // VME, PVI
	uint16_t ip = static_cast<uint16_t>(c.rip);
	if (!cs_sel) {
		uint64_t at = tc.code_addr;
		if (at >= 0x100000)
			at = 0x10000 + (at & 0x7ffff);
		cs_sel = static_cast<uint16_t>((at >> 4) & 0xf000);
		ip = static_cast<uint16_t>(at - (uint64_t{cs_sel} << 4));
	}
	c.rip = ip;
	tc.code_addr = (uint64_t{cs_sel} << 4) + ip;
	c.seg[ORACLE_CS].sel = cs_sel;
	for (int i : {ORACLE_ES, ORACLE_CS, ORACLE_SS, ORACLE_DS, ORACLE_FS, ORACLE_GS})
		c.seg[i] = vm86_segment(c.seg[i].sel);
	tc.mode = KEMU_MODE_VM86;
	return true;
}

// Record 15, kind 4: the task register (a 16- or 32-bit TSS).
bool apply_task_register(Reader &in, TestCase &tc)
{
	uint16_t sel;
	uint32_t base, limit;
	uint8_t type;
	if (!in.get(&sel) || !in.get(&base) || !in.get(&limit) || !in.get(&type))
		return false;
	static const uint8_t kTypes[] = {1, 3, 9, 11};
	oracle_seg &tr = tc.cpu.seg[ORACLE_TR];
	tr = oracle_seg{};
	tr.sel = sel;
	tr.base = base;
	tr.g = limit > 0xfffff;
	tr.limit = tr.g ? limit | 0xfff : limit;
	tr.type = kTypes[type & 3];
	tr.present = 1;
	if (type & 4)
		tc.iomap = false;
	return true;
}

// Record 15, kind 5: the stack segment.
bool apply_stack_segment(Reader &in, TestCase &tc)
{
	uint16_t sel;
	uint32_t base, limit;
	uint8_t attr;
	if (!in.get(&sel) || !in.get(&base) || !in.get(&limit) || !in.get(&attr))
		return false;
	oracle_seg &ss = tc.cpu.seg[ORACLE_SS];
	if (tc.mode == KEMU_MODE_VM86) {
		ss = vm86_segment(sel);
		return true;
	}
	ss.sel = sel;
	ss.base = base;
	ss.g = limit > 0xfffff;
	ss.limit = ss.g ? limit | 0xfff : limit;
	if (tc.mode == KEMU_MODE_REAL)
		return true;
	const uint8_t cpl = static_cast<uint8_t>(oracle_cpl(&tc.cpu));
	ss.sel = static_cast<uint16_t>((sel & ~3) | cpl);
	ss.type = static_cast<uint8_t>(2 | (attr & 5));
	ss.s = 1;
	ss.dpl = cpl;
	ss.present = 1;
	ss.unusable = 0;
	ss.db = (attr >> 6) & 1;
	return true;
}

bool apply_machine_state(Reader &in, TestCase &tc, uint8_t kind)
{
	switch (kind) {
	case 3:
		return apply_vm86(in, tc);
	case 4:
		return apply_task_register(in, tc);
	default:
		return apply_stack_segment(in, tc);
	}
}

// kemu's decoded-instruction cache for this input (record 15, kind 1).
enum class DecodeCache : uint8_t { None, Cold, Warm };
DecodeCache g_decode_cache = DecodeCache::None;

// The callback contract mode (record 15, kind 2): kemu alone runs the case
// again with kemu_ops broken in one member (check_contract).
bool g_contract = false;
ContractBreak g_contract_break;

bool apply_contract(Reader &in)
{
	// the out-of-contract answers: an unfilled fault, then statuses outside the enum
	static const int kAnswers[] = {KEMU_PROPAGATE_FAULT, 7, -1, INT32_MIN, 42};
	uint8_t callback, answer, nth;
	if (!in.get(&callback) || !in.get(&answer) || !in.get(&nth))
		return false;
	g_contract = true;
	g_contract_break.callback = callback % kemu_backend_callbacks();
	g_contract_break.removed = answer % 6 == 0;
	g_contract_break.answer = g_contract_break.removed ? 0 : kAnswers[answer % 6 - 1];
	g_contract_break.nth = 1 + nth % 16;
	return true;
}

bool apply_record(Reader &in, TestCase &tc)
{
	uint8_t tag;
	if (!in.get(&tag))
		return false;
	switch (tag % 16) {
	case 15: {
		uint8_t kind, value;
		if (!in.get(&kind))
			return false;
		if (kind == 2)
			return apply_contract(in);
		if (kind >= 3 && kind <= 5)
			return apply_machine_state(in, tc, kind);
		if (kind > 1 || !in.get(&value))
			return false;
		if (kind == 0)
			tc.smm = value;
		else
			g_decode_cache = static_cast<DecodeCache>(value % 3);
		return true;
	}
	case 14:
		return apply_host(in, tc);
	case 13:
		return apply_msr(in, tc);
	case 12:
		return apply_nested(in, tc);
	case 11:
		return apply_ram(in, tc);
	case 10:
		return apply_gdt(in, tc);
	case 9:
		return apply_event(in, tc);
	case 8:
		return apply_cpl(in, tc);
	case 0: {
		uint8_t n;
		if (!in.get(&n))
			return false;
		n = static_cast<uint8_t>(n % (sizeof(tc.code) + 1));
		return in.take(tc.code, n);
	}
	case 1: {
		uint8_t r;
		uint64_t v;
		if (!in.get(&r) || !in.get(&v))
			return false;
		tc.cpu.gpr[r & 15] = v;
		return true;
	}
	case 2: {
		uint32_t v;
		if (!in.get(&v))
			return false;
		uint64_t mask = kArith | kTF | kIF | kDF | kNT | kRF | kAC;
		if (tc.mode != KEMU_MODE_REAL)
			mask |= kIopl;
		tc.cpu.rflags = (tc.cpu.rflags & ~mask) | (v & mask);
		return true;
	}
	case 3:
		return apply_segment(in, tc);
	case 4:
		return in.get(&tc.seed);
	case 5: {
		uint16_t page;
		uint8_t region;
		if (!in.get(&page) || !in.get(&region))
			return false;
		auto r = static_cast<Machine::Region>(region % 3);
		// Real mode has no paging, so no #PF: a page there is RAM or MMIO
		if (r == Machine::Region::None && tc.mode == KEMU_MODE_REAL)
			r = Machine::Region::Mmio;
		if (tc.remaps < TestCase::kMaxRemaps) {
			tc.remap_page[tc.remaps] = page % (kRamHighEnd / kPageSize);
			tc.remap_region[tc.remaps] = r;
			tc.remaps++;
		}
		return true;
	}
	case 6:
		return apply_system(in, tc);
	default: {
		uint8_t slot;
		uint64_t v;
		if (!in.get(&slot) || !in.get(&v))
			return false;
		const unsigned at = 32 + 8 * (slot % 48);
		memcpy(&tc.cpu.fx[at], &v, 8);
		// bytes 10-15 of each ST/MM slot are reserved: FXSAVE stores zeros
		for (int i = 0; i < 8; i++)
			memset(&tc.cpu.fx[32 + 16 * i + 10], 0, 6);
		return true;
	}
	}
}

DeviationList *g_deviations;
Evaluator *g_evaluator;

void print_run(const char *who, const RunResult &r, const Machine &m)
{
	fputs(describe_run(who, r, m).c_str(), stderr);
}

// x86.c's queries of the decoded instruction (oracle_queries), where KVM
// decodes it: kemu's answers must be KVM's.
int compare_queries(const TestCase &tc)
{
	oracle_queries kvm, kemu;
	g_evaluator->queries(tc, &kvm, &kemu);
	// kemu_decode_rejects: what kemu decodes, does not execute and KVM keeps
	// no intercept for, KVM cannot decode; what both decode has a name (VEX
	// encodings, decoded to their length only, may have none).  Except KVM's
	// Undefined entries (C6/C7 /1-/7, FF /7), which it decodes to raise #UD:
	// kemu rejects XABORT/XBEGIN (C6 F8, C7 F8), a gap of its own.
	kvm_leaf leaf{};
	const bool kvm_undefined =
	    kvm_leaf_of(tc.code, sizeof(tc.code), tc.mode, &leaf) == 0 && leaf.undefined;
	const bool consistent = !kemu.decoded || !kvm.decoded ||
	                        (kemu.named && (!kemu.decode_rejects || kvm_undefined));
	if (consistent && (!kvm.decoded || !kemu.decoded))
		return 0;
	if (consistent && kvm.page_table_writing == kemu.page_table_writing &&
	    kvm.can_use_gpa == kemu.can_use_gpa && kvm.is_branch == kemu.is_branch &&
	    kvm.emulate_on_ud == kemu.emulate_on_ud)
		return 0;
	fprintf(stderr, "kvm-diff: %s mode, bytes %s\n", mode_name(tc.mode),
	        hex_bytes(tc.code, sizeof(tc.code)).c_str());
	fprintf(stderr,
	        "queries (page-table writing, can use GPA, branch, emulate on #UD): "
	        "KVM %d %d %d %d, kemu %d %d %d %d\n",
	        kvm.page_table_writing, kvm.can_use_gpa, kvm.is_branch, kvm.emulate_on_ud,
	        kemu.page_table_writing, kemu.can_use_gpa, kemu.is_branch, kemu.emulate_on_ud);
	fprintf(stderr, "KVM decodes it: %d; kemu decodes it: %d, rejects it: %d, names it: %d\n",
	        kvm.decoded, kemu.decoded, kemu.decode_rejects, kemu.named);
	fprintf(stderr, "INVARIANT VIOLATED: kemu's queries differ from KVM's\n");
	abort();
}

int run_case(const TestCase &tc);

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
	const char *path = getenv("KEMU_DEVIATIONS");
	std::string error;
	g_deviations = new DeviationList;
	if (!g_deviations->load(path ? path : "tests/kvm-oracle/deviations.txt", &error)) {
		fprintf(stderr, "kvm-diff: %s (run from the repository, or set KEMU_DEVIATIONS)\n",
		        error.c_str());
		abort();
	}
	g_evaluator = new Evaluator(*g_deviations);
	kvm_oracle_quiet_warnings = 1;
	return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	// libFuzzer installs its crash handlers after LLVMFuzzerInitialize; KVM's
	// exception-table fixups (a guest DIV by zero is a host #DE) go first.
	static bool handlers = (kvm_oracle_install_fault_handlers(), true);
	(void)handlers;

	Reader in{data, size};
	uint64_t number = 0; // a shorter input is the low bytes of the number
	if (!in.get(&number))
		in.take(&number, size);
	const GeneratorConfig config;
	Generator gen(config);
	TestCase tc = gen.make(number % gen.total());
	g_decode_cache = DecodeCache::None;
	g_contract = false;
	while (apply_record(in, tc))
		;
	// (static: a cache is 1 KiB and more; emptied for every input)
	static kemu_decode_cache decode_cache;
	decode_cache = {};
	kemu_backend_set_decode_cache(g_decode_cache == DecodeCache::None ? nullptr : &decode_cache,
	                              g_decode_cache == DecodeCache::Warm);
	const int rc = run_case(tc);
	kemu_backend_set_decode_cache(nullptr, false);
	return rc;
}

namespace {

// kemu alone on the case, on machine `m`, with the kemu_ops in use.
RunResult run_kemu(const TestCase &tc, Machine &m)
{
	RunResult r;
	r.cpu = tc.cpu;
	load(m, tc);
	m.cpu = &r.cpu;
	const oracle_host *host = &Machine::host_ops;
	switch (tc.event) {
	case Event::Instruction:
		kemu_backend_step(host, &m, &r.cpu, &r.exit);
		break;
	case Event::TaskSwitch:
		kemu_backend_task_switch(host, &m, &r.cpu, tc.tss_selector, tc.idt_index, tc.reason,
		                         tc.has_error_code, tc.error_code, &r.exit);
		break;
	case Event::RealInterrupt:
		kemu_backend_int_real(host, &m, &r.cpu, tc.vector, tc.inc_eip, &r.exit);
		break;
	}
	m.cpu = nullptr;
	return r;
}

[[noreturn]] void contract_violated(const TestCase &tc, const char *what, const RunResult &full,
                                    const Machine &full_machine, const RunResult &broken,
                                    const Machine &broken_machine)
{
	const ContractBreak &b = g_contract_break;
	fprintf(stderr, "kvm-diff: %s mode, bytes %s\n", mode_name(tc.mode),
	        hex_bytes(tc.code, sizeof(tc.code)).c_str());
	fprintf(stderr, "initial state:\n%s", describe_state(tc.cpu).c_str());
	if (b.removed)
		fprintf(stderr, "contract: kemu_ops.%s removed\n",
		        kemu_backend_callback_name(b.callback));
	else
		fprintf(stderr, "contract: kemu_ops.%s answers %d on call %u%s\n",
		        kemu_backend_callback_name(b.callback), b.answer, b.nth,
		        b.answer == KEMU_PROPAGATE_FAULT ? " (fault unfilled)" : "");
	print_run("kemu, full ops", full, full_machine);
	print_run("kemu, broken ops", broken, broken_machine);
	fprintf(stderr, "diff:\n%s",
	        describe_diff(full, full_machine, broken, broken_machine).c_str());
	fprintf(stderr, "INVARIANT VIOLATED: %s\n", what);
	abort();
}

// The callbacks whose failure the core ignores where KVM's emulate.c does,
// so that an instruction goes on after it (kemu.h): get_msr in the core's own
// reads (EFER, STAR, MISC_FEATURES_ENABLES: a failure reads as 0), set_cr/
// set_dr in a task switch's CR0.TS and DR7 and in DR6 on #DB, leave_smm (a
// triple fault).
bool failure_may_continue(int callback)
{
	const char *name = kemu_backend_callback_name(callback);
	return !strcmp(name, "get_msr") || !strcmp(name, "set_cr") || !strcmp(name, "set_dr") ||
	       !strcmp(name, "leave_smm");
}

// Nothing the guest or a device sees changed: the CPU state as it was, and
// no write (RAM writes are logged too) or event in the host's log (reads may
// have happened).
bool same_cpu(const oracle_cpu &a, const oracle_cpu &b)
{
	for (int i = 0; i < ORACLE_NSEG; i++) {
		const oracle_seg &x = a.seg[i], &y = b.seg[i];
		if (x.base != y.base || x.limit != y.limit || x.sel != y.sel || x.type != y.type ||
		    x.s != y.s || x.dpl != y.dpl || x.present != y.present || x.avl != y.avl ||
		    x.l != y.l || x.db != y.db || x.g != y.g || x.unusable != y.unusable)
			return false;
	}
	return !memcmp(a.gpr, b.gpr, sizeof(a.gpr)) && a.rip == b.rip && a.rflags == b.rflags &&
	       a.gdt.base == b.gdt.base && a.gdt.limit == b.gdt.limit && a.idt.base == b.idt.base &&
	       a.idt.limit == b.idt.limit && a.cr0 == b.cr0 && a.cr2 == b.cr2 && a.cr3 == b.cr3 &&
	       a.cr4 == b.cr4 && a.cr8 == b.cr8 && a.efer == b.efer && a.xcr0 == b.xcr0 &&
	       !memcmp(a.dr, b.dr, sizeof(a.dr)) && a.interruptibility == b.interruptibility &&
	       a.nmi_masked == b.nmi_masked && !memcmp(a.fx, b.fx, sizeof(a.fx));
}

bool nothing_changed(const TestCase &tc, const RunResult &r, const Machine &m)
{
	if (!same_cpu(r.cpu, tc.cpu))
		return false;
	for (const LogEntry &e : m.log())
		if (e.kind != LogEntry::MmioRead && e.kind != LogEntry::PortIn &&
		    e.kind != LogEntry::Intercept && e.kind != LogEntry::InterceptOperands &&
		    e.kind != LogEntry::InterceptNextRip)
			return false;
	return true;
}

// The host's log of `r` is where the full run's begins: no callback after
// the one that failed.
bool log_is_prefix(const Machine &r, const Machine &full)
{
	const auto &a = r.log(), &b = full.log();
	return a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// Contract mode (record 15, kind 2): kemu's run with the full ops
// (ev.kemu) against its run with one member broken, as kemu.h's contract
// says: a member removed changes nothing the instruction does not need (it
// ends as with the full table) or ends it in KEMU_UNHANDLEABLE before
// anything changed, except where kemu.h names a fallback (cmpxchg_mem:
// write_mem; get_msr_filtered: get_msr; cpl: SS.DPL, the host's own CPL
// here), which must end as with the full table; an answer outside the
// contract is taken as KEMU_UNHANDLEABLE: the run ends as one where that
// call answered KEMU_UNHANDLEABLE, which ends the emulation with that
// status and no callback after it.
void check_contract_runs(const TestCase &tc, const Evaluation &ev, const Machine &full_machine,
                         ContractBreak b, Machine &broken_machine, Machine &reference_machine);

void check_contract(const TestCase &tc, const Evaluation &ev)
{
	static Machine broken_machine, reference_machine;
	const Machine &full_machine = g_evaluator->kemu_machine();
	ContractBreak b = g_contract_break;
	// (without the decode cache: a warm step's first decode, whose status the
	// backend ignores, would count the broken member's calls too)
	kemu_decode_cache *cache = const_cast<kemu_decode_cache *>(kemu_backend_decode_cache());
	kemu_backend_set_decode_cache(nullptr, false);
	check_contract_runs(tc, ev, full_machine, b, broken_machine, reference_machine);
	kemu_backend_set_decode_cache(cache, g_decode_cache == DecodeCache::Warm);
}

void check_contract_runs(const TestCase &tc, const Evaluation &ev, const Machine &full_machine,
                         ContractBreak b, Machine &broken_machine, Machine &reference_machine)
{
	if (!kemu_backend_set_contract(&b))
		return;
	const RunResult broken = run_kemu(tc, broken_machine);
	const bool answered = kemu_backend_contract_answered();
	kemu_backend_set_contract(nullptr);
	const bool as_full =
	    compare(tc.mode, ev.kemu, full_machine, broken, broken_machine).empty();
	const char *name = kemu_backend_callback_name(b.callback);
	if (b.removed) {
		// (the oracle's cpl() is SS.DPL wherever kemu asks it: protected modes)
		const bool cpl_consistent =
		    oracle_cpl(&tc.cpu) == tc.cpu.seg[ORACLE_SS].dpl || tc.mode == KEMU_MODE_REAL;
		const bool fallback = !strcmp(name, "cmpxchg_mem") ||
		                      !strcmp(name, "get_msr_filtered") ||
		                      (!strcmp(name, "cpl") && cpl_consistent);
		if (as_full)
			return;
		if (fallback)
			contract_violated(tc,
			                  "a removed callback's documented fallback ends unlike "
			                  "the full ops",
			                  ev.kemu, full_machine, broken, broken_machine);
		if (broken.exit.code != KEMU_UNHANDLEABLE)
			contract_violated(tc,
			                  "an instruction needing a removed callback does not end "
			                  "in KEMU_UNHANDLEABLE",
			                  ev.kemu, full_machine, broken, broken_machine);
		if (!nothing_changed(tc, broken, broken_machine))
			contract_violated(tc,
			                  "an instruction needing a removed callback changed "
			                  "something before KEMU_UNHANDLEABLE",
			                  ev.kemu, full_machine, broken, broken_machine);
		return;
	}
	if (!answered) {
		if (!as_full)
			contract_violated(tc,
			                  "a callback never answering out of contract changed "
			                  "the run",
			                  ev.kemu, full_machine, broken, broken_machine);
		return;
	}
	// The same call answering KEMU_UNHANDLEABLE, within the contract.
	b.answer = KEMU_UNHANDLEABLE;
	kemu_backend_set_contract(&b);
	const RunResult reference = run_kemu(tc, reference_machine);
	kemu_backend_set_contract(nullptr);
	if (!compare(tc.mode, reference, reference_machine, broken, broken_machine).empty() ||
	    reference.exit.code != broken.exit.code)
		contract_violated(tc,
		                  "an answer outside the contract is not taken as "
		                  "KEMU_UNHANDLEABLE",
		                  reference, reference_machine, broken, broken_machine);
	if (failure_may_continue(b.callback))
		return;
	if (broken.exit.code != KEMU_UNHANDLEABLE)
		contract_violated(tc,
		                  "a callback's KEMU_UNHANDLEABLE does not end the emulation "
		                  "in KEMU_UNHANDLEABLE",
		                  ev.kemu, full_machine, broken, broken_machine);
	if (!log_is_prefix(broken_machine, full_machine))
		contract_violated(tc, "a callback ran after one that failed", ev.kemu, full_machine,
		                  broken, broken_machine);
}

int run_case(const TestCase &tc)
{
	const Evaluation ev = g_evaluator->run(tc);
	if (g_contract && ev.cls != kMismatch)
		check_contract(tc, ev);
	const bool verbose = getenv("KEMU_FUZZ_VERBOSE") != nullptr;
	if (ev.cls != kMismatch && !verbose)
		return tc.event == Event::Instruction ? compare_queries(tc) : 0;
	fprintf(stderr, "kvm-diff: %s mode, bytes %s, KVM decode entry %s, class %s\n",
	        mode_name(tc.mode), hex_bytes(tc.code, sizeof(tc.code)).c_str(),
	        leaf_key(ev.leaf).c_str(), class_name(ev.cls));
	if (tc.event == Event::TaskSwitch)
		fprintf(stderr,
		        "event: task switch to %#x, IDT index %d, reason %d, error code %s%#x\n",
		        tc.tss_selector, tc.idt_index, tc.reason,
		        tc.has_error_code ? "" : "(none) ", tc.error_code);
	else if (tc.event == Event::RealInterrupt)
		fprintf(stderr, "event: real-mode interrupt %#x, RIP + %u\n", tc.vector,
		        tc.inc_eip);
	fprintf(stderr, "initial state:\n%s", describe_state(tc.cpu).c_str());
	fprintf(stderr, "  host: enable_vmware_backdoor %d", tc.vmware_backdoor);
	for (unsigned i = 0; i < tc.msr_writes; i++)
		fprintf(stderr, ", MSR %#x = %#llx", tc.msr_index[i],
		        static_cast<unsigned long long>(tc.msr_value[i]));
	fputc('\n', stderr);
	print_run("KVM", ev.kvm, g_evaluator->kvm_machine());
	print_run("kemu", ev.kemu, g_evaluator->kemu_machine());
	fprintf(
	    stderr, "diff:\n%s",
	    describe_diff(ev.kvm, g_evaluator->kvm_machine(), ev.kemu, g_evaluator->kemu_machine())
	        .c_str());
	if (ev.cls == kMismatch) {
		fprintf(stderr,
		        "INVARIANT VIOLATED: kemu and KVM differ (%s) and no deviation "
		        "explains it\n",
		        mismatch_signature(ev.kvm, ev.kemu, ev.diff).c_str());
		abort();
	}
	return 0;
}

} // namespace
