// A far JMP to a code segment whose descriptor has L and D both set while
// IA-32e mode is active: #GP(selector), checked before presence (SDM JMP and
// CALL, CONFORMING-/NONCONFORMING-CODE-SEGMENT: "IF L-bit = 1 and D-bit = 1
// and IA32_EFER.LMA = 1 THEN #GP(new code segment selector)", then "IF
// segment not present THEN #NP"), in 64-bit and in compatibility mode.
// And a far transfer from 64-bit mode into compatibility mode clears the
// offset's upper half before the limit check ("IF target mode =
// Compatibility mode THEN tempEIP <- tempEIP AND 00000000_FFFFFFFFH").
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstring>

namespace {

constexpr uint32_t kMsrEfer = 0xc0000080;
constexpr uint64_t kGdt = 0x2000;

// A GDT at 0x2000 whose entry 2 (selector 0x10) is `descriptor`, and
// `jmp far [rax]` (FF /5, m16:32) at 0x1000 with the pointer 0x10:0x3000 at 0x800.
struct FarMachine : kemu::FakeHost {
	uint8_t ram[0x4000] = {};

	FarMachine(const FarMachine &) = delete; // ctxt.opaque points here
	FarMachine(kemu_mode mode, uint64_t descriptor)
	{
		reset(mode);
		map(0, sizeof(ram), ram);
		add_msr(kMsrEfer, 0x500); // LME, LMA
		dtables[KEMU_GDTR] = {kGdt, 0xff, {}};
		memcpy(&ram[kGdt + 0x10], &descriptor, 8);
		const uint8_t pointer[6] = {0x00, 0x30, 0x00, 0x00, 0x10, 0x00};
		memcpy(&ram[0x800], pointer, sizeof(pointer));
		ram[0x1000] = 0xff;
		ram[0x1001] = 0x28;
		ctxt.rip = 0x1000;
		ctxt.gprs[KEMU_RAX] = 0x800;
	}
};

// Flat code, type 0xb (nonconforming, accessed), DPL 0, G: with L and D
// (0xe in byte 6's high nibble), not present (P clear in byte 5), L only.
constexpr uint64_t kLongAndDefault = 0x00ef9b000000ffffull;
constexpr uint64_t kLongAndDefaultNotPresent = 0x00ef1b000000ffffull;
constexpr uint64_t kLongOnly = 0x00af9b000000ffffull;

TEST(FarTransfer, LAndDSetIsGpBeforeNotPresent)
{
	FarMachine m(KEMU_MODE_PROT64, kLongAndDefaultNotPresent);
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.emulate());
	EXPECT_EQ(KEMU_GP, m.ctxt.exception.vector);
	EXPECT_EQ(0x10u, m.ctxt.exception.error_code);
}

TEST(FarTransfer, LAndDSetIsGpInCompatibilityMode)
{
	FarMachine m(KEMU_MODE_PROT32, kLongAndDefault);
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.emulate());
	EXPECT_EQ(KEMU_GP, m.ctxt.exception.vector);
	EXPECT_EQ(0x10u, m.ctxt.exception.error_code);
	EXPECT_EQ(0x1000u, m.ctxt.rip);
}

TEST(FarTransfer, OnlyLSetLoadsIn64BitMode)
{
	// (the control: L without D is a 64-bit code segment)
	FarMachine m(KEMU_MODE_PROT64, kLongOnly);
	ASSERT_EQ(KEMU_CONTINUE, m.emulate());
	EXPECT_EQ(0x10, m.segs[KEMU_SEG_CS].selector);
	EXPECT_EQ(0x3000u, m.ctxt.rip);
}

// `jmp far [rax]` with REX.W (FF /5, m16:64): the pointer `offset`:0x10.
void use_far_pointer_64(FarMachine &m, uint64_t offset)
{
	memcpy(&m.ram[0x800], &offset, 8);
	const uint16_t selector = 0x10;
	memcpy(&m.ram[0x808], &selector, 2);
	const uint8_t jmp_far_rex_w[] = {0x48, 0xff, 0x28};
	memcpy(&m.ram[0x1000], jmp_far_rex_w, sizeof(jmp_far_rex_w));
}

// 16-bit code (neither L nor D), type 0xb, DPL 0, byte granular, limit 0xffff.
constexpr uint64_t kCode16 = 0x00009b000000ffffull;

TEST(FarTransfer, OffsetIntoCompatibilityModeLosesItsUpperHalf)
{
	FarMachine m(KEMU_MODE_PROT64, kCode16);
	use_far_pointer_64(m, 0x123400003000ull);
	ASSERT_EQ(KEMU_CONTINUE, m.emulate());
	EXPECT_EQ(0x10, m.segs[KEMU_SEG_CS].selector);
	EXPECT_EQ(0x3000u, m.ctxt.rip);
}

TEST(FarTransfer, OffsetIntoCompatibilityModeIsLimitCheckedAfterTheCut)
{
	FarMachine m(KEMU_MODE_PROT64, kCode16);
	use_far_pointer_64(m, 0x123400010000ull); // 0x10000: past the limit
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.emulate());
	EXPECT_EQ(KEMU_GP, m.ctxt.exception.vector);
	EXPECT_EQ(0u, m.ctxt.exception.error_code);
	EXPECT_EQ(0x1000u, m.ctxt.rip);
}

} // namespace
