// Loading and printing test cases.
#include "testcase.h"

#include "rng.h"

#include <cstdio>
#include <cstring>

namespace oracle {

namespace {

// A legacy descriptor: base, 20-bit limit, type, S, DPL, P, L, D/B, G.
uint64_t descriptor(uint32_t base, uint32_t limit, unsigned type, unsigned s, unsigned dpl,
                    unsigned p, unsigned l, unsigned db, unsigned g)
{
	uint64_t d = (limit & 0xffff) | (uint64_t)(base & 0xffffff) << 16;
	d |= (uint64_t)(type | s << 4 | dpl << 5 | p << 7) << 40;
	d |= (uint64_t)((limit >> 16) & 0xf) << 48;
	d |= (uint64_t)(l << 1 | db << 2 | g << 3) << 52;
	d |= (uint64_t)(base >> 24) << 56;
	return d;
}

// Selectors 0x08..0x68 are usable descriptors, the rest of the GDT is
// random memory: segment loads see both.
const uint64_t kGdt[] = {
    0,
    descriptor(0, 0xfffff, 0xb, 1, 0, 1, 0, 1, 1),      // 0x08 code32 flat
    descriptor(0, 0xfffff, 0x3, 1, 0, 1, 0, 1, 1),      // 0x10 data32 flat
    descriptor(0, 0xfffff, 0xb, 1, 0, 1, 1, 0, 1),      // 0x18 code64
    descriptor(0x10000, 0xffff, 0xb, 1, 0, 1, 0, 0, 0), // 0x20 code16
    descriptor(0x20000, 0xffff, 0x3, 1, 0, 1, 0, 0, 0), // 0x28 data16
    descriptor(0, 0xfffff, 0x1, 1, 0, 1, 0, 1, 1),      // 0x30 data read-only
    descriptor(0x30000, 0xff00, 0x7, 1, 0, 1, 0, 0, 0), // 0x38 data expand-down
    descriptor(0, 0xfffff, 0xb, 1, 3, 1, 0, 1, 1),      // 0x40 code32 DPL3
    descriptor(0, 0xfffff, 0x3, 1, 3, 1, 0, 1, 1),      // 0x48 data32 DPL3
    descriptor(0, 0xfffff, 0x3, 1, 0, 0, 0, 1, 1),      // 0x50 not present
    descriptor(kTssBase, 0x67, 0x9, 0, 0, 1, 0, 0, 0),  // 0x58 TSS32 available
    descriptor(0x4000, 0xff, 0x2, 0, 0, 1, 0, 0, 0),    // 0x60 LDT
    descriptor(0, 0xfffff, 0xf, 1, 0, 1, 0, 1, 1),      // 0x68 conforming code
};

} // namespace

void load(Machine &m, const TestCase &tc)
{
	m.reset(tc.seed);
	m.set_nested(tc.nested);
	m.set_smm(tc.smm);
	m.set_amd(tc.amd);
	for (unsigned i = 0; i < tc.remaps && i < TestCase::kMaxRemaps; i++)
		m.remap(tc.remap_page[i], tc.remap_region[i]);
	m.poke(kGdtBase, kGdt, sizeof(kGdt));
	for (unsigned i = 0; i < tc.gdt_writes && i < TestCase::kMaxGdtWrites; i++)
		m.poke(kGdtBase + 8 * (tc.gdt_index[i] % ((kGdtLimit + 1) / 8)), &tc.gdt_value[i],
		       8);
	for (unsigned i = 0; i < tc.ram_writes && i < TestCase::kMaxRamWrites; i++)
		m.poke(tc.ram_addr[i] % (kRamHighEnd - 8), &tc.ram_value[i], 8);
	m.preset_msr(0x140, tc.misc_features);
	for (unsigned i = 0; i < tc.msr_writes && i < TestCase::kMaxMsrWrites; i++)
		m.preset_msr(tc.msr_index[i], tc.msr_value[i]);
	if (tc.iomap) {
		const uint64_t tss = tc.cpu.seg[ORACLE_TR].base;
		m.poke(tss + 102, &tc.iomap_offset, 2);
		m.poke(tss + tc.iomap_offset, tc.iomap_bytes, kIomapBytes);
	}
	m.poke(tc.code_addr, tc.code, sizeof(tc.code));
}

const char *mode_name(int mode)
{
	static const char *const names[] = {"real", "vm86", "prot16", "prot32", "prot64"};
	return mode >= 0 && mode <= 4 ? names[mode] : "?";
}

std::string hex_bytes(const uint8_t *b, unsigned n)
{
	std::string s;
	char buf[4];
	for (unsigned i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), i ? " %02x" : "%02x", b[i]);
		s += buf;
	}
	return s;
}

std::string describe_state(const oracle_cpu &c)
{
	static const char *const gpr[] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	                                  "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
	static const char *const seg[] = {"es", "cs", "ss", "ds", "fs", "gs", "tr", "ldtr"};
	std::string s;
	char buf[200];
	for (int i = 0; i < 16; i++) {
		snprintf(buf, sizeof(buf), "  %-4s %016llx%s", gpr[i], (unsigned long long)c.gpr[i],
		         i % 4 == 3 ? "\n" : "");
		s += buf;
	}
	snprintf(buf, sizeof(buf), "  rip  %016llx  rflags %08llx  cpl %u\n",
	         (unsigned long long)c.rip, (unsigned long long)c.rflags, oracle_cpl(&c));
	s += buf;
	for (int i = 0; i < ORACLE_NSEG; i++) {
		const oracle_seg &g = c.seg[i];
		snprintf(buf, sizeof(buf),
		         "  %-4s sel %04x base %016llx limit %08x type %x s%u dpl%u p%u l%u db%u "
		         "g%u%s\n",
		         seg[i], g.sel, (unsigned long long)g.base, g.limit, g.type, g.s, g.dpl,
		         g.present, g.l, g.db, g.g, g.unusable ? " unusable" : "");
		s += buf;
	}
	snprintf(buf, sizeof(buf),
	         "  cr0 %llx cr2 %llx cr3 %llx cr4 %llx cr8 %llx efer %llx xcr0 %llx\n"
	         "  gdt %llx/%x idt %llx/%x dr6 %llx dr7 %llx shadow %u\n",
	         (unsigned long long)c.cr0, (unsigned long long)c.cr2, (unsigned long long)c.cr3,
	         (unsigned long long)c.cr4, (unsigned long long)c.cr8, (unsigned long long)c.efer,
	         (unsigned long long)c.xcr0, (unsigned long long)c.gdt.base, c.gdt.limit,
	         (unsigned long long)c.idt.base, c.idt.limit, (unsigned long long)c.dr[6],
	         (unsigned long long)c.dr[7], c.interruptibility);
	s += buf;
	return s;
}

} // namespace oracle
