// The core's flag table (emulator/exec/flag_effects.h): its notation and the
// SDM's operand rules, on hand-checked cases, and the rules applied to
// decoded instructions (the count from CL or imm8, the operand width).
#include <gtest/gtest.h>

#include "exec/flag_effects.h"

#include <kemu/kemu.h>

namespace {

using kemu::decode::Handler;
using kemu::exec::flag_use;
using kemu::exec::FlagUse;

constexpr kemu::u32 CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, DF = 0x400, OF = 0x800;

TEST(FlagEffects, NotationGivesTheSets)
{
	const auto fx = kemu::exec::flag_notation::parse("r=c w=szp 0=o 1=d u=a");
	EXPECT_FALSE(fx.bad);
	EXPECT_EQ(fx.read, CF);
	EXPECT_EQ(fx.written, SF | ZF | PF);
	EXPECT_EQ(fx.cleared, OF);
	EXPECT_EQ(fx.set, DF);
	EXPECT_EQ(fx.undefined, AF);
	// An unknown letter or field, a repeated letter, a flag in two fields.
	EXPECT_TRUE(kemu::exec::flag_notation::parse("w=q").bad);
	EXPECT_TRUE(kemu::exec::flag_notation::parse("k=c").bad);
	EXPECT_TRUE(kemu::exec::flag_notation::parse("w=cc").bad);
	EXPECT_TRUE(kemu::exec::flag_notation::parse("w=c u=c").bad);
}

TEST(FlagEffects, FixedEntries)
{
	FlagUse adc = flag_use(Handler::Adc, "adc", {});
	EXPECT_EQ(adc.read, CF);
	EXPECT_EQ(adc.written, OF | SF | ZF | AF | CF | PF);
	EXPECT_EQ(adc.undefined, 0u);
	FlagUse bt = flag_use(Handler::Bt, "bt", {});
	EXPECT_EQ(bt.written, CF);
	EXPECT_EQ(bt.undefined, OF | SF | AF | PF); // ZF keeps its value
	FlagUse popcnt = flag_use(Handler::Popcnt, "popcnt", {});
	EXPECT_EQ(popcnt.cleared, OF | SF | AF | CF | PF);
	EXPECT_EQ(flag_use(Handler::Cmpxchg8b, "cmpxchg16b", {}).changed(), ZF);
	EXPECT_EQ(flag_use(Handler::Mov, "mov", {}).changed(), 0u);
}

TEST(FlagEffects, MnemonicEntries)
{
	EXPECT_EQ(flag_use(Handler::Loop, "loope", {}).read, ZF);
	EXPECT_EQ(flag_use(Handler::Loop, "loopne", {}).read, ZF);
	EXPECT_EQ(flag_use(Handler::Loop, "loop", {}).read, 0u);
	EXPECT_EQ(flag_use(Handler::Int, "into", {}).read, OF);
	EXPECT_EQ(flag_use(Handler::Int, "int3", {}).read, 0u);
}

TEST(FlagEffects, ShiftRule)
{
	// count 0: nothing changes; 1: OF defined, AF undefined
	EXPECT_EQ(flag_use(Handler::Shl, "shl", {32, 0, 0}).changed(), 0u);
	FlagUse one = flag_use(Handler::Shl, "sal", {32, 1, 0});
	EXPECT_EQ(one.written, OF | SF | ZF | PF | CF);
	EXPECT_EQ(one.undefined, AF);
	// count > 1: OF undefined; count >= width: CF too, but not for SAR
	EXPECT_EQ(flag_use(Handler::Shr, "shr", {16, 3, 0}).undefined, AF | OF);
	EXPECT_EQ(flag_use(Handler::Shr, "shr", {8, 8, 0}).undefined, AF | OF | CF);
	EXPECT_EQ(flag_use(Handler::Sar, "sar", {8, 31, 0}).undefined, AF | OF);
}

TEST(FlagEffects, RotateAndDoubleShiftRules)
{
	EXPECT_EQ(flag_use(Handler::Rcl, "rcl", {8, 0, 0}).changed(), 0u);
	FlagUse rcr = flag_use(Handler::Rcr, "rcr", {8, 9, 0});
	EXPECT_EQ(rcr.read, CF);
	EXPECT_EQ(rcr.written, CF);
	EXPECT_EQ(rcr.undefined, OF);
	EXPECT_EQ(flag_use(Handler::Rol, "rol", {64, 1, 0}).undefined, 0u);
	EXPECT_EQ(flag_use(Handler::Shld, "shld", {16, 16, 0}).undefined, AF | OF);
	FlagUse over = flag_use(Handler::Shrd, "shrd", {16, 17, 0});
	EXPECT_EQ(over.undefined, OF | SF | ZF | AF | CF | PF);
	EXPECT_EQ(over.written, 0u);
	EXPECT_TRUE(over.result_undefined);
}

TEST(FlagEffects, ConditionRule)
{
	EXPECT_EQ(flag_use(Handler::Jcc, "jle", {0, 0, 0xe}).read, ZF | SF | OF);
	EXPECT_EQ(flag_use(Handler::Setcc, "setbe", {0, 0, 0x6}).read, CF | ZF);
	EXPECT_EQ(flag_use(Handler::Cmov, "cmovp", {0, 0, 0xa}).read, PF);
}

// The rules on decoded instructions: the count comes from CL or imm8 and is
// masked to 5 bits (6 with REX.W); the width from the destination.
FlagUse decoded(std::initializer_list<kemu::u8> bytes, kemu::u64 rcx)
{
	kemu_u8 code[16] = {};
	unsigned n = 0;
	for (kemu::u8 b : bytes)
		code[n++] = b;
	static const kemu_ops ops = {};
	kemu_ctxt c = {};
	c.ops = &ops;
	c.mode = KEMU_MODE_PROT64;
	c.gprs[KEMU_RCX] = rcx;
	EXPECT_EQ(kemu_decode(&c, code, KEMU_MAX_INSN_LEN), KEMU_CONTINUE);
	return kemu::exec::flag_use_of(c.insn, c.gprs);
}

TEST(FlagEffects, DecodedInstructions)
{
	EXPECT_EQ(decoded({0xd3, 0xe0}, 0x20).changed(), 0u);            // shl eax,cl: 32 & 31 = 0
	EXPECT_EQ(decoded({0x48, 0xd3, 0xe0}, 0x20).undefined, AF | OF); // shl rax,cl: 32
	EXPECT_EQ(decoded({0xc0, 0xe8, 0x08}, 0).undefined, AF | OF | CF);   // shr al,8
	EXPECT_EQ(decoded({0xd0, 0xf8}, 0).undefined, AF);                   // sar al,1
	EXPECT_TRUE(decoded({0x66, 0x0f, 0xa5, 0xd8}, 17).result_undefined); // shld ax,bx,cl
	EXPECT_EQ(decoded({0xe1, 0x00}, 0).read, ZF);                        // loope
	EXPECT_EQ(decoded({0x0f, 0x94, 0xc0}, 0).read, ZF);                  // sete al
	EXPECT_EQ(decoded({0xf7, 0xe1}, 0).undefined, SF | ZF | AF | PF);    // mul ecx
}

} // namespace
