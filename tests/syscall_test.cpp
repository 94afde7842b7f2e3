// SYSCALL's selectors (SDM SYSCALL): CS is IA32_STAR[47:32] AND FFFCH, SS is
// IA32_STAR[47:32] + 8 with the RPL bits STAR gives; SYSENTER's SS is the
// masked CS + 8.
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

namespace {

constexpr uint32_t kMsrEfer = 0xc0000080, kMsrStar = 0xc0000081, kMsrLstar = 0xc0000082,
                   kMsrSfmask = 0xc0000084;

struct SyscallMachine : kemu::FakeHost {
	uint8_t ram[0x4000] = {};

	// CPUID answers all zeros: no vendor (SYSCALL needs none in 64-bit mode).
	static void cpuid(void *, uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx)
	{
		*eax = *ebx = *ecx = *edx = 0;
	}

	SyscallMachine(const SyscallMachine &) = delete; // ctxt.opaque points here
	explicit SyscallMachine(uint16_t star_selector)
	{
		reset(KEMU_MODE_PROT64, 3);
		map(0, sizeof(ram), ram);
		ops.cpuid = cpuid;
		add_msr(kMsrEfer, 0x501); // SCE, LME, LMA
		add_msr(kMsrStar, static_cast<uint64_t>(star_selector) << 32);
		add_msr(kMsrLstar, 0x2000);
		add_msr(kMsrSfmask, 0);
		ctxt.rip = 0x1000;
		ram[0x1000] = 0x0f;
		ram[0x1001] = 0x05;
	}
};

TEST(Syscall, SsKeepsTheRplStarGives)
{
	SyscallMachine m(0x13);
	ASSERT_EQ(KEMU_CONTINUE, m.emulate());
	EXPECT_EQ(0x10, m.segs[KEMU_SEG_CS].selector);
	EXPECT_EQ(0x1b, m.segs[KEMU_SEG_SS].selector);
	EXPECT_EQ(0x2000u, m.ctxt.rip);
	EXPECT_EQ(0x1002u, m.ctxt.gprs[KEMU_RCX]);
}

TEST(Syscall, ARplZeroSelectorGivesTheUsualPair)
{
	SyscallMachine m(0x10);
	ASSERT_EQ(KEMU_CONTINUE, m.emulate());
	EXPECT_EQ(0x10, m.segs[KEMU_SEG_CS].selector);
	EXPECT_EQ(0x18, m.segs[KEMU_SEG_SS].selector);
}

} // namespace
