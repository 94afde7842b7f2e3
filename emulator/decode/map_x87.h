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
	{ D("fadd", Md87), D("fmul", Md87), D("fcom", Md87), D("fcomp", Md87),
	  D("fsub", Md87), D("fsubr", Md87), D("fdiv", Md87), D("fdivr", Md87) },
	{ D("fld", Md87), UD, D("fst", Md87), D("fstp", Md87),
	  D("fldenv", M), D("fldcw", Mw87), D("fnstenv", M), I(X87Control, "fnstcw", w(Mw87)) },
	{ D("fiadd", Md87), D("fimul", Md87), D("ficom", Md87), D("ficomp", Md87),
	  D("fisub", Md87), D("fisubr", Md87), D("fidiv", Md87), D("fidivr", Md87) },
	{ D("fild", Md87), D("fisttp", Md87), D("fist", Md87), D("fistp", Md87),
	  UD, D("fld", Mt), UD, D("fstp", Mt) },
	{ D("fadd", Mq87), D("fmul", Mq87), D("fcom", Mq87), D("fcomp", Mq87),
	  D("fsub", Mq87), D("fsubr", Mq87), D("fdiv", Mq87), D("fdivr", Mq87) },
	{ D("fld", Mq87), D("fisttp", Mq87), D("fst", Mq87), D("fstp", Mq87),
	  D("frstor", M), UD, D("fnsave", M), I(X87Control, "fnstsw", w(Mw87)) },
	{ D("fiadd", Mw87), D("fimul", Mw87), D("ficom", Mw87), D("ficomp", Mw87),
	  D("fisub", Mw87), D("fisubr", Mw87), D("fidiv", Mw87), D("fidivr", Mw87) },
	{ D("fild", Mw87), D("fisttp", Mw87), D("fist", Mw87), D("fistp", Mw87),
	  D("fbld", Mt), D("fild", Mq87), D("fbstp", Mt), D("fistp", Mq87) },
};

// Register forms that name single encodings, by ModRM.rm.
inline constexpr Opcode kD9Reg2[8] = { D("fnop"), UD, UD, UD, UD, UD, UD, UD };
inline constexpr Opcode kD9Reg4[8] = { D("fchs"), D("fabs"), UD, UD, D("ftst"), D("fxam"), UD, UD };
inline constexpr Opcode kD9Reg5[8] = {
	D("fld1"), D("fldl2t"), D("fldl2e"), D("fldpi"), D("fldlg2"), D("fldln2"), D("fldz"), UD,
};
inline constexpr Opcode kD9Reg6[8] = {
	D("f2xm1"), D("fyl2x"), D("fptan"), D("fpatan"), D("fxtract"), D("fprem1"), D("fdecstp"),
	D("fincstp"),
};
inline constexpr Opcode kD9Reg7[8] = {
	D("fprem"), D("fyl2xp1"), D("fsqrt"), D("fsincos"), D("frndint"), D("fscale"), D("fsin"),
	D("fcos"),
};
inline constexpr Opcode kDAReg5[8] = { UD, D("fucompp"), UD, UD, UD, UD, UD, UD };
// DB E0/E1/E4/E5: 8087/287 controls, no-ops since the 387.
inline constexpr Opcode kDBReg4[8] = {
	D("fneni"), D("fndisi"), D("fnclex"), I(X87Control, "fninit"), D("fnsetpm"), D("frstpm"), UD, UD,
};
inline constexpr Opcode kDEReg3[8] = { UD, D("fcompp"), UD, UD, UD, UD, UD, UD };
inline constexpr Opcode kDFReg4[8] = { I(X87Control, "fnstsw", w(AX)), UD, UD, UD, UD, UD, UD, UD };

// Register forms, [escape - 0xD8][reg].
inline constexpr Opcode kX87Reg[8][8] = {
	{ D("fadd", ST0, STi), D("fmul", ST0, STi), D("fcom", ST0, STi), D("fcomp", ST0, STi),
	  D("fsub", ST0, STi), D("fsubr", ST0, STi), D("fdiv", ST0, STi), D("fdivr", ST0, STi) },
	{ D("fld", STi), D("fxch", STi), by_rm(kD9Reg2), UD,
	  by_rm(kD9Reg4), by_rm(kD9Reg5), by_rm(kD9Reg6), by_rm(kD9Reg7) },
	{ D("fcmovb", ST0, STi), D("fcmove", ST0, STi), D("fcmovbe", ST0, STi),
	  D("fcmovu", ST0, STi), UD, by_rm(kDAReg5), UD, UD },
	{ D("fcmovnb", ST0, STi), D("fcmovne", ST0, STi), D("fcmovnbe", ST0, STi),
	  D("fcmovnu", ST0, STi), by_rm(kDBReg4), D("fucomi", ST0, STi), D("fcomi", ST0, STi), UD },
	{ D("fadd", STi, ST0), D("fmul", STi, ST0), UD, UD,
	  D("fsubr", STi, ST0), D("fsub", STi, ST0), D("fdivr", STi, ST0), D("fdiv", STi, ST0) },
	{ D("ffree", STi), UD, D("fst", STi), D("fstp", STi),
	  D("fucom", STi), D("fucomp", STi), UD, UD },
	{ D("faddp", STi, ST0), D("fmulp", STi, ST0), UD, by_rm(kDEReg3),
	  D("fsubrp", STi, ST0), D("fsubp", STi, ST0), D("fdivrp", STi, ST0), D("fdivp", STi, ST0) },
	{ D("ffreep", STi), UD, UD, UD, by_rm(kDFReg4), D("fucomip", ST0, STi), D("fcomip", ST0, STi),
	  UD },
};
// clang-format on

} // namespace kemu::decode
