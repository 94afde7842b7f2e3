// SPDX-License-Identifier: GPL-2.0
// x87 escapes D8-DF (SDM Vol. 2 Tables ): memory forms by
// ModRM.reg, register forms by ModRM.reg and, where the SDM lists single
// encodings, ModRM.rm.  Every x87 instruction has a ModRM byte and no
// immediate.
#pragma once

#include "decode/opcode.h"

namespace kemu::decode {

// clang-format off
inline constexpr Operand Mw87{Loc::M, Width::w}, Md87{Loc::M, Width::d}, Mq87{Loc::M, Width::q};

// Memory forms, [escape - 0xD8][reg].
inline constexpr Opcode kX87Mem[8][8] = {
	{ I("fadd", Md87), I("fmul", Md87), I("fcom", Md87), I("fcomp", Md87),
	  I("fsub", Md87), I("fsubr", Md87), I("fdiv", Md87), I("fdivr", Md87) },
	{ I("fld", Md87), UD, I("fst", Md87), I("fstp", Md87),
	  I("fldenv", M), I("fldcw", Mw87), I("fnstenv", M), I("fnstcw", Mw87) },
	{ I("fiadd", Md87), I("fimul", Md87), I("ficom", Md87), I("ficomp", Md87),
	  I("fisub", Md87), I("fisubr", Md87), I("fidiv", Md87), I("fidivr", Md87) },
	{ I("fild", Md87), I("fisttp", Md87), I("fist", Md87), I("fistp", Md87),
	  UD, I("fld", Mt), UD, I("fstp", Mt) },
	{ I("fadd", Mq87), I("fmul", Mq87), I("fcom", Mq87), I("fcomp", Mq87),
	  I("fsub", Mq87), I("fsubr", Mq87), I("fdiv", Mq87), I("fdivr", Mq87) },
	{ I("fld", Mq87), I("fisttp", Mq87), I("fst", Mq87), I("fstp", Mq87),
	  I("frstor", M), UD, I("fnsave", M), I("fnstsw", Mw87) },
	{ I("fiadd", Mw87), I("fimul", Mw87), I("ficom", Mw87), I("ficomp", Mw87),
	  I("fisub", Mw87), I("fisubr", Mw87), I("fidiv", Mw87), I("fidivr", Mw87) },
	{ I("fild", Mw87), I("fisttp", Mw87), I("fist", Mw87), I("fistp", Mw87),
	  I("fbld", Mt), I("fild", Mq87), I("fbstp", Mt), I("fistp", Mq87) },
};

// Register forms that name single encodings, by ModRM.rm.
inline constexpr Opcode kD9Reg2[8] = { I("fnop"), UD, UD, UD, UD, UD, UD, UD };
inline constexpr Opcode kD9Reg4[8] = { I("fchs"), I("fabs"), UD, UD, I("ftst"), I("fxam"), UD, UD };
inline constexpr Opcode kD9Reg5[8] = {
	I("fld1"), I("fldl2t"), I("fldl2e"), I("fldpi"), I("fldlg2"), I("fldln2"), I("fldz"), UD,
};
inline constexpr Opcode kD9Reg6[8] = {
	I("f2xm1"), I("fyl2x"), I("fptan"), I("fpatan"), I("fxtract"), I("fprem1"), I("fdecstp"),
	I("fincstp"),
};
inline constexpr Opcode kD9Reg7[8] = {
	I("fprem"), I("fyl2xp1"), I("fsqrt"), I("fsincos"), I("frndint"), I("fscale"), I("fsin"),
	I("fcos"),
};
inline constexpr Opcode kDAReg5[8] = { UD, I("fucompp"), UD, UD, UD, UD, UD, UD };
// DB E0/E1/E4/E5: 8087/287 controls, no-ops since the 387.
inline constexpr Opcode kDBReg4[8] = {
	I("fneni"), I("fndisi"), I("fnclex"), I("fninit"), I("fnsetpm"), I("frstpm"), UD, UD,
};
inline constexpr Opcode kDEReg3[8] = { UD, I("fcompp"), UD, UD, UD, UD, UD, UD };
inline constexpr Opcode kDFReg4[8] = { I("fnstsw", AX), UD, UD, UD, UD, UD, UD, UD };

// Register forms, [escape - 0xD8][reg].
inline constexpr Opcode kX87Reg[8][8] = {
	{ I("fadd", ST0, STi), I("fmul", ST0, STi), I("fcom", ST0, STi), I("fcomp", ST0, STi),
	  I("fsub", ST0, STi), I("fsubr", ST0, STi), I("fdiv", ST0, STi), I("fdivr", ST0, STi) },
	{ I("fld", STi), I("fxch", STi), by_rm(kD9Reg2), UD,
	  by_rm(kD9Reg4), by_rm(kD9Reg5), by_rm(kD9Reg6), by_rm(kD9Reg7) },
	{ I("fcmovb", ST0, STi), I("fcmove", ST0, STi), I("fcmovbe", ST0, STi),
	  I("fcmovu", ST0, STi), UD, by_rm(kDAReg5), UD, UD },
	{ I("fcmovnb", ST0, STi), I("fcmovne", ST0, STi), I("fcmovnbe", ST0, STi),
	  I("fcmovnu", ST0, STi), by_rm(kDBReg4), I("fucomi", ST0, STi), I("fcomi", ST0, STi), UD },
	{ I("fadd", STi, ST0), I("fmul", STi, ST0), UD, UD,
	  I("fsubr", STi, ST0), I("fsub", STi, ST0), I("fdivr", STi, ST0), I("fdiv", STi, ST0) },
	{ I("ffree", STi), UD, I("fst", STi), I("fstp", STi),
	  I("fucom", STi), I("fucomp", STi), UD, UD },
	{ I("faddp", STi, ST0), I("fmulp", STi, ST0), UD, by_rm(kDEReg3),
	  I("fsubrp", STi, ST0), I("fsubp", STi, ST0), I("fdivrp", STi, ST0), I("fdivp", STi, ST0) },
	{ I("ffreep", STi), UD, UD, UD, by_rm(kDFReg4), I("fucomip", ST0, STi), I("fcomip", ST0, STi),
	  UD },
};
// clang-format on

} // namespace kemu::decode
