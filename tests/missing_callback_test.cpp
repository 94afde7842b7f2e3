// kemu.h: every callback but the first four may be NULL, and an instruction
// that needs a missing one ends in KEMU_UNHANDLEABLE before it changes
// anything.  The cases kvm-diff's callback-contract mode (record 15, kind 2)
// found the core running instead, each next to the same instruction with the
// callback, which shows what the missing one would have decided.
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstring>

namespace {

constexpr uint32_t kMsrMiscFeaturesEnables = 0x140;

struct Machine : kemu::FakeHost {
	uint8_t ram[0x2000] = {};

	static void cpuid(void *, uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx)
	{
		*eax = *ebx = *ecx = *edx = 0x11;
	}

	Machine(const Machine &) = delete; // ctxt.opaque points here
	Machine(std::initializer_list<uint8_t> code, unsigned cpl)
	{
		reset(KEMU_MODE_PROT64, cpl);
		map(0, sizeof(ram), ram);
		ops.cpuid = cpuid;
		memcpy(&ram[0x1000], code.begin(), code.size());
		ctxt.rip = 0x1000;
	}
};

// CPUID faulting (MISC_FEATURES_ENABLES bit 0) is read with get_msr: without
// it the core cannot know whether CPUID faults above CPL 0.
TEST(MissingCallback, CpuidNeedsGetMsr)
{
	Machine with({0x0f, 0xa2}, 3);
	with.add_msr(kMsrMiscFeaturesEnables, 1);
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, with.emulate());
	EXPECT_EQ(KEMU_GP, with.ctxt.exception.vector);

	Machine without({0x0f, 0xa2}, 3);
	without.add_msr(kMsrMiscFeaturesEnables, 1);
	without.ops.get_msr = nullptr;
	EXPECT_EQ(KEMU_UNHANDLEABLE, without.emulate());
	EXPECT_EQ(0u, without.ctxt.gprs[KEMU_RAX]); // (cpuid() answers 0x11)
	EXPECT_EQ(0x1000u, without.ctxt.rip);
}

} // namespace

namespace {

// IRET unblocks NMIs through set_nmi_mask (KVM's em_iret): without it the
// core cannot do what IRET does.
TEST(MissingCallback, IretNeedsSetNmiMask)
{
	for (bool with : {true, false}) {
		kemu::FakeHost m;
		uint8_t ram[0x2000] = {};
		m.reset(KEMU_MODE_REAL);
		m.map(0, sizeof(ram), ram);
		if (!with)
			m.ops.set_nmi_mask = nullptr;
		ram[0x1000] = 0xcf; // iret: IP 0x1234, CS 0, FLAGS 2 at SS:SP 0x800
		ram[0x800] = 0x34, ram[0x801] = 0x12, ram[0x804] = 2;
		m.ctxt.gprs[KEMU_RSP] = 0x800;
		m.ctxt.rip = 0x1000;
		m.nmi_masked = 1;
		EXPECT_EQ(with ? KEMU_CONTINUE : KEMU_UNHANDLEABLE, m.emulate());
		EXPECT_EQ(with ? 0 : 1, m.nmi_masked);
		EXPECT_EQ(with ? 0x1234u : 0x1000u, m.ctxt.rip);
		EXPECT_EQ(with ? 0x806u : 0x800u, m.ctxt.gprs[KEMU_RSP]);
	}
}

} // namespace

namespace {

// UMIP (CR4 bit 11) makes SGDT, SIDT, SMSW, SLDT and STR #GP(0) above CPL 0:
// CR4 is read with get_cr, which SLDT and STR need for that alone.
TEST(MissingCallback, SldtNeedsGetCrForUmip)
{
	for (bool with : {true, false}) {
		Machine m({0x0f, 0x00, 0xc0}, 3); // sldt eax
		m.cr[4] = 1u << 11;
		m.ctxt.gprs[KEMU_RAX] = 0x1234;
		if (!with)
			m.ops.get_cr = nullptr;
		EXPECT_EQ(with ? KEMU_PROPAGATE_FAULT : KEMU_UNHANDLEABLE, m.emulate());
		EXPECT_EQ(0x1234u, m.ctxt.gprs[KEMU_RAX]);
		EXPECT_EQ(0x1000u, m.ctxt.rip);
	}
}

} // namespace

namespace {

// In compatibility mode (EFER.LMA read with get_msr) an LDT descriptor is 16
// bytes, and a non-canonical base from its upper half is #GP(selector):
// without get_msr the core cannot know which form the table holds.
TEST(MissingCallback, LldtNeedsGetMsrForTheDescriptorSize)
{
	for (bool with : {true, false}) {
		Machine m({0x0f, 0x00, 0xd0}, 0); // lldt ax
		m.reset(KEMU_MODE_PROT32, 0);
		m.map(0, sizeof(m.ram), m.ram);
		const uint8_t lldt_ax[] = {0x0f, 0x00, 0xd0};
		memcpy(&m.ram[0x1000], lldt_ax, sizeof(lldt_ax));
		m.ctxt.rip = 0x1000;
		m.add_msr(0xc0000080, 0x500); // EFER.LME, LMA
		m.dtables[KEMU_GDTR] = {0x1800, 0xff, {}};
		const uint64_t ldt_low = 0x00008200400000ffull;  // LDT at 0x4000, limit 0xff
		const uint64_t ldt_high = 0x0000000080000000ull; // base bits 63:32: not canonical
		memcpy(&m.ram[0x1810], &ldt_low, 8);
		memcpy(&m.ram[0x1818], &ldt_high, 8);
		m.ctxt.gprs[KEMU_RAX] = 0x10;
		if (!with)
			m.ops.get_msr = nullptr;
		EXPECT_EQ(with ? KEMU_PROPAGATE_FAULT : KEMU_UNHANDLEABLE, m.emulate());
		if (with) {
			EXPECT_EQ(KEMU_GP, m.ctxt.exception.vector);
			EXPECT_EQ(0x10u, m.ctxt.exception.error_code);
		}
		EXPECT_EQ(0, m.segs[KEMU_SEG_LDTR].selector);
		EXPECT_EQ(0x1000u, m.ctxt.rip);
	}
}

} // namespace
