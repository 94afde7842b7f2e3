// SPDX-License-Identifier: GPL-2.0
// The one-byte opcode map (SDM Vol. 2 Table A-2) and its groups (Table A-6).
// Rows are the high nibble; comments name the row.  Prefix bytes (26, 2E, 36,
// 3E, 64-67, F0, F2, F3 and REX 40-4F in 64-bit mode) and the escapes (0F,
// VEX C4/C5, EVEX 62, XOP 8F) are taken by the decoder before this map.
#pragma once

#include "decode/opcode.h"

namespace kemu::decode {

// clang-format off
inline constexpr Opcode kGroup1Eb_Ib[8] = {
	I(Add, "add", rw(Eb), Ib).with(kLock), I(Or, "or", rw(Eb), Ib).with(kLock),
	I(Adc, "adc", rw(Eb), Ib).with(kLock), I(Sbb, "sbb", rw(Eb), Ib).with(kLock),
	I(And, "and", rw(Eb), Ib).with(kLock), I(Sub, "sub", rw(Eb), Ib).with(kLock),
	I(Xor, "xor", rw(Eb), Ib).with(kLock), I(Cmp, "cmp", Eb, Ib),
};
inline constexpr Opcode kGroup1Ev_Iz[8] = {
	I(Add, "add", rw(Ev), Iz).with(kLock), I(Or, "or", rw(Ev), Iz).with(kLock),
	I(Adc, "adc", rw(Ev), Iz).with(kLock), I(Sbb, "sbb", rw(Ev), Iz).with(kLock),
	I(And, "and", rw(Ev), Iz).with(kLock), I(Sub, "sub", rw(Ev), Iz).with(kLock),
	I(Xor, "xor", rw(Ev), Iz).with(kLock), I(Cmp, "cmp", Ev, Iz),
};
inline constexpr Opcode kGroup1Eb_Ib_i64[8] = {
	I(Add, "add", rw(Eb), Ib).with(kLock | kI64), I(Or, "or", rw(Eb), Ib).with(kLock | kI64),
	I(Adc, "adc", rw(Eb), Ib).with(kLock | kI64), I(Sbb, "sbb", rw(Eb), Ib).with(kLock | kI64),
	I(And, "and", rw(Eb), Ib).with(kLock | kI64), I(Sub, "sub", rw(Eb), Ib).with(kLock | kI64),
	I(Xor, "xor", rw(Eb), Ib).with(kLock | kI64), I(Cmp, "cmp", Eb, Ib).with(kI64),
};
inline constexpr Opcode kGroup1Ev_Ib[8] = {
	I(Add, "add", rw(Ev), Ibs).with(kLock), I(Or, "or", rw(Ev), Ibs).with(kLock),
	I(Adc, "adc", rw(Ev), Ibs).with(kLock), I(Sbb, "sbb", rw(Ev), Ibs).with(kLock),
	I(And, "and", rw(Ev), Ibs).with(kLock), I(Sub, "sub", rw(Ev), Ibs).with(kLock),
	I(Xor, "xor", rw(Ev), Ibs).with(kLock), I(Cmp, "cmp", Ev, Ibs),
};
// 1A: POP Ev (8F /0); 8F with XOP's map select is taken before the map.
inline constexpr Opcode kGroup1A[8] = {
	I(Pop, "pop", w(Ev)).with(kD64 | kStack), UD, UD, UD, UD, UD, UD, UD,
};

#define KEMU_GROUP2(dst, src) { \
	I(Rol, "rol", rw(dst), src), I(Ror, "ror", rw(dst), src), I(Rcl, "rcl", rw(dst), src), \
	I(Rcr, "rcr", rw(dst), src), I(Shl, "shl", rw(dst), src), I(Shr, "shr", rw(dst), src), \
	I(Shl, "sal", rw(dst), src), I(Sar, "sar", rw(dst), src), }
inline constexpr Opcode kGroup2Eb_Ib[8] = KEMU_GROUP2(Eb, Ib);
inline constexpr Opcode kGroup2Ev_Ib[8] = KEMU_GROUP2(Ev, Ib);
inline constexpr Opcode kGroup2Eb_1[8] = KEMU_GROUP2(Eb, One);
inline constexpr Opcode kGroup2Ev_1[8] = KEMU_GROUP2(Ev, One);
inline constexpr Opcode kGroup2Eb_CL[8] = KEMU_GROUP2(Eb, CL);
inline constexpr Opcode kGroup2Ev_CL[8] = KEMU_GROUP2(Ev, CL);
#undef KEMU_GROUP2

// /1 is an undocumented alias of TEST that every CPU decodes.
inline constexpr Opcode kGroup3Eb[8] = {
	I(Test, "test", Eb, Ib), I(Test, "test", Eb, Ib),
	I(Not, "not", rw(Eb)).with(kLock), I(Neg, "neg", rw(Eb)).with(kLock),
	I(Mul, "mul", Eb), I(Imul, "imul", Eb), I(Div, "div", Eb), I(Idiv, "idiv", Eb),
};
inline constexpr Opcode kGroup3Ev[8] = {
	I(Test, "test", Ev, Iz), I(Test, "test", Ev, Iz),
	I(Not, "not", rw(Ev)).with(kLock), I(Neg, "neg", rw(Ev)).with(kLock),
	I(Mul, "mul", Ev), I(Imul, "imul", Ev), I(Div, "div", Ev), I(Idiv, "idiv", Ev),
};
inline constexpr Opcode kGroup4[8] = {
	I(Inc, "inc", rw(Eb)).with(kLock), I(Dec, "dec", rw(Eb)).with(kLock), UD, UD, UD, UD, UD, UD,
};
inline constexpr Opcode kGroup5[8] = {
	I(Inc, "inc", rw(Ev)).with(kLock), I(Dec, "dec", rw(Ev)).with(kLock),
	I(Call, "call", Ev).with(kF64), I(CallFar, "call", Mp).with(kFar),
	I(Jmp, "jmp", Ev).with(kF64), I(JmpFar, "jmp", Mp).with(kFar),
	I(Push, "push", Ev).with(kD64 | kStack), UD,
};
// 11: only /0 is MOV; C6 F8 / C7 F8 are XABORT / XBEGIN (RTM).  By reg
// first: MOV, the common form, is one level down.
inline constexpr Opcode kGroup11XabortRm[8] = {
	D("xabort", Ib), UD, UD, UD, UD, UD, UD, UD,
};
inline constexpr Opcode kGroup11XbeginRm[8] = {
	D("xbegin", Jz), UD, UD, UD, UD, UD, UD, UD,
};
inline constexpr Opcode kGroup11Xabort[2] = { UD, with_modrm(by_rm(kGroup11XabortRm)) };
inline constexpr Opcode kGroup11Xbegin[2] = { UD, with_modrm(by_rm(kGroup11XbeginRm)) };
inline constexpr Opcode kGroup11Eb[8] = {
	I(Mov, "mov", w(Eb), Ib), UD, UD, UD, UD, UD, UD,
	with_modrm(by_mod(kGroup11Xabort)),
};
inline constexpr Opcode kGroup11Ev[8] = {
	I(Mov, "mov", w(Ev), Iz), UD, UD, UD, UD, UD, UD,
	with_modrm(by_mod(kGroup11Xbegin)),
};

// Mode- and size-dependent one-byte entries.
inline constexpr Opcode k63[2] = { D("arpl", Ew, Gw).with(kProt), I(Movsx, "movsxd", w(Gv), Ed) };
inline constexpr Opcode kPusha[3] = {
	I(Pusha, "pusha").with(kI64 | kStack), I(Pusha, "pushad").with(kI64 | kStack), UD,
};
inline constexpr Opcode kPopa[3] = {
	I(Popa, "popa").with(kI64 | kStack), I(Popa, "popad").with(kI64 | kStack), UD,
};
inline constexpr Opcode kCbw[3] = { I(Cbw, "cbw"), I(Cbw, "cwde"), I(Cbw, "cdqe") };
inline constexpr Opcode kCwd[3] = { I(Cwd, "cwd"), I(Cwd, "cdq"), I(Cwd, "cqo") };
inline constexpr Opcode kPushf[3] = {
	I(Pushf, "pushf").with(kD64 | kStack).icpt(Intercept::Pushf),
	I(Pushf, "pushfd").with(kD64 | kStack).icpt(Intercept::Pushf),
	I(Pushf, "pushfq").with(kD64 | kStack).icpt(Intercept::Pushf),
};
inline constexpr Opcode kPopf[3] = {
	I(Popf, "popf").with(kD64 | kStack).icpt(Intercept::Popf),
	I(Popf, "popfd").with(kD64 | kStack).icpt(Intercept::Popf),
	I(Popf, "popfq").with(kD64 | kStack).icpt(Intercept::Popf),
};
inline constexpr Opcode kIret[3] = {
	I(Iret, "iret").icpt(Intercept::Iret), I(Iret, "iretd").icpt(Intercept::Iret),
	I(Iret, "iretq").icpt(Intercept::Iret),
};
inline constexpr Opcode kJcxz[3] = {
	I(Jcxz, "jcxz", Jb).with(kF64), I(Jcxz, "jecxz", Jb).with(kF64), I(Jcxz, "jrcxz", Jb).with(kF64),
};

// The six ALU forms of 00-3D: r/m,reg  r/m,reg  reg,r/m  reg,r/m  AL,imm  rAX,imm.
#define KEMU_ALU(handler, name, extra) \
	I(handler, name, rw(Eb), Gb).with(extra), I(handler, name, rw(Ev), Gv).with(extra), \
	I(handler, name, rw(Gb), Eb), I(handler, name, rw(Gv), Ev), \
	I(handler, name, rw(AL), Ib), I(handler, name, rw(rAX), Iz)
// CMP: the same forms, the destination only read.
#define KEMU_CMP_ALU(handler, name) \
	I(handler, name, Eb, Gb), I(handler, name, Ev, Gv), I(handler, name, Gb, Eb), \
	I(handler, name, Gv, Ev), I(handler, name, AL, Ib), I(handler, name, rAX, Iz)
#define KEMU_X8(x) x, x, x, x, x, x, x, x

inline constexpr Opcode kOneByteMap[] = {
	// 0x
	KEMU_ALU(Add, "add", kLock), I(PushSreg, "push", ES).with(kI64 | kStack),
	I(PopSreg, "pop", w(ES)).with(kI64 | kStack),
	KEMU_ALU(Or, "or", kLock), I(PushSreg, "push", CS).with(kI64 | kStack), UD /* 0F: two-byte escape */,
	// 1x
	KEMU_ALU(Adc, "adc", kLock), I(PushSreg, "push", SS).with(kI64 | kStack),
	I(PopSreg, "pop", w(SS)).with(kI64 | kStack),
	KEMU_ALU(Sbb, "sbb", kLock), I(PushSreg, "push", DS).with(kI64 | kStack),
	I(PopSreg, "pop", w(DS)).with(kI64 | kStack),
	// 2x
	KEMU_ALU(And, "and", kLock), UD /* ES: */, I(Daa, "daa").with(kI64),
	KEMU_ALU(Sub, "sub", kLock), UD /* CS: */, I(Das, "das").with(kI64),
	// 3x
	KEMU_ALU(Xor, "xor", kLock), UD /* SS: */, I(Aaa, "aaa").with(kI64),
	KEMU_CMP_ALU(Cmp, "cmp"), UD /* DS: */, I(Aas, "aas").with(kI64),
	// 4x: REX in 64-bit mode
	KEMU_X8(I(Inc, "inc", rw(Zv)).with(kI64)), KEMU_X8(I(Dec, "dec", rw(Zv)).with(kI64)),
	// 5x
	KEMU_X8(I(Push, "push", Zv).with(kD64 | kStack)), KEMU_X8(I(Pop, "pop", w(Zv)).with(kD64 | kStack)),
	// 6x
	by_opsize(kPusha), by_opsize(kPopa), D("bound", Gv, Ma).with(kI64), by_mode(k63),
	UD /* FS: */, UD /* GS: */, UD /* operand size */, UD /* address size */,
	I(Push, "push", Iz).with(kD64 | kStack), I(Imul, "imul", w(Gv), Ev, Iz),
	I(Push, "push", Ibs).with(kD64 | kStack),
	I(Imul, "imul", w(Gv), Ev, Ibs),
	I(Ins, "ins", w(Yb), DX).with(kRep | kString).icpt(Intercept::Ins),
	I(Ins, "ins", w(Yz), DX).with(kRep | kString).icpt(Intercept::Ins),
	I(Outs, "outs", DX, Xb).with(kRep | kString).icpt(Intercept::Outs),
	I(Outs, "outs", DX, Xz).with(kRep | kString).icpt(Intercept::Outs),
	// 7x: Jcc rel8
	I(Jcc, "jo", Jb).with(kF64), I(Jcc, "jno", Jb).with(kF64),
	I(Jcc, "jb", Jb).with(kF64), I(Jcc, "jae", Jb).with(kF64),
	I(Jcc, "je", Jb).with(kF64), I(Jcc, "jne", Jb).with(kF64),
	I(Jcc, "jbe", Jb).with(kF64), I(Jcc, "ja", Jb).with(kF64),
	I(Jcc, "js", Jb).with(kF64), I(Jcc, "jns", Jb).with(kF64),
	I(Jcc, "jp", Jb).with(kF64), I(Jcc, "jnp", Jb).with(kF64),
	I(Jcc, "jl", Jb).with(kF64), I(Jcc, "jge", Jb).with(kF64),
	I(Jcc, "jle", Jb).with(kF64), I(Jcc, "jg", Jb).with(kF64),
	// 8x
	by_reg(kGroup1Eb_Ib), by_reg(kGroup1Ev_Iz), by_reg(kGroup1Eb_Ib_i64), by_reg(kGroup1Ev_Ib),
	I(Test, "test", Eb, Gb), I(Test, "test", Ev, Gv),
	I(Xchg, "xchg", rw(Eb), rw(Gb)).with(kLock), I(Xchg, "xchg", rw(Ev), rw(Gv)).with(kLock),
	I(Mov, "mov", w(Eb), Gb), I(Mov, "mov", w(Ev), Gv),
	I(Mov, "mov", w(Gb), Eb), I(Mov, "mov", w(Gv), Ev),
	I(MovFromSreg, "mov", w(Ewd), Sw), I(Lea, "lea", w(Gv), none(M)), I(MovToSreg, "mov", w(Sw), Ew),
	with_modrm(by_reg(kGroup1A)),
	// 9x: 90 is NOP / PAUSE / XCHG r8 (the decoder names it)
	I(Xchg, "xchg", rw(Zv), rw(rAX)).icpt(Intercept::Pause), I(Xchg, "xchg", rw(Zv), rw(rAX)),
	I(Xchg, "xchg", rw(Zv), rw(rAX)), I(Xchg, "xchg", rw(Zv), rw(rAX)),
	I(Xchg, "xchg", rw(Zv), rw(rAX)), I(Xchg, "xchg", rw(Zv), rw(rAX)),
	I(Xchg, "xchg", rw(Zv), rw(rAX)), I(Xchg, "xchg", rw(Zv), rw(rAX)),
	by_opsize(kCbw), by_opsize(kCwd),
	I(CallFar, "call", Ap).with(kI64 | kFar), D("fwait"),
	by_opsize(kPushf), by_opsize(kPopf),
	I(Sahf, "sahf"), I(Lahf, "lahf"),
	// Ax
	I(Mov, "mov", w(AL), Ob), I(Mov, "mov", w(rAX), Ov),
	I(Mov, "mov", w(Ob), AL), I(Mov, "mov", w(Ov), rAX),
	I(Movs, "movs", w(Yb), Xb).with(kRep | kString), I(Movs, "movs", w(Yv), Xv).with(kRep | kString),
	I(Cmps, "cmps", Xb, Yb).with(kRep | kString), I(Cmps, "cmps", Xv, Yv).with(kRep | kString),
	I(Test, "test", AL, Ib), I(Test, "test", rAX, Iz),
	I(Stos, "stos", w(Yb), AL).with(kRep | kString), I(Stos, "stos", w(Yv), rAX).with(kRep | kString),
	I(Lods, "lods", w(AL), Xb).with(kRep | kString), I(Lods, "lods", w(rAX), Xv).with(kRep | kString),
	I(Scas, "scas", AL, Yb).with(kRep | kString), I(Scas, "scas", rAX, Yv).with(kRep | kString),
	// Bx
	KEMU_X8(I(Mov, "mov", w(Zb), Ib)),
	KEMU_X8(I(Mov, "mov", w(Zv), Iv)),
	// Cx
	by_reg(kGroup2Eb_Ib), by_reg(kGroup2Ev_Ib),
	I(Ret, "ret", Iw).with(kF64), I(Ret, "ret").with(kF64),
	I(LoadFarPointer, "les", w(Gz), Mp).with(kI64) /* VEX3 in 64-bit */,
	I(LoadFarPointer, "lds", w(Gz), Mp).with(kI64) /* VEX2 */,
	by_reg(kGroup11Eb), by_reg(kGroup11Ev),
	I(Enter, "enter", Iw).with(kImm8Also | kD64 | kStack), I(Leave, "leave").with(kD64 | kStack),
	I(RetFar, "retf", Iw).with(kFar), I(RetFar, "retf").with(kFar),
	I(Int, "int3"), I(Int, "int", Ib).icpt(Intercept::Intn), I(Int, "into").with(kI64),
	by_opsize(kIret),
	// Dx
	by_reg(kGroup2Eb_1), by_reg(kGroup2Ev_1), by_reg(kGroup2Eb_CL), by_reg(kGroup2Ev_CL),
	I(Aam, "aam", Ib).with(kI64), I(Aad, "aad", Ib).with(kI64),
	I(Salc, "salc").with(kI64) /* undocumented; KVM emulates it */,
	I(Xlat, "xlat"),
	UD, UD, UD, UD, UD, UD, UD, UD, // D8-DF: x87 escapes (map_x87.h)
	// Ex
	I(Loop, "loopne", Jb).with(kF64), I(Loop, "loope", Jb).with(kF64), I(Loop, "loop", Jb).with(kF64),
	by_adsize(kJcxz),
	I(In, "in", w(AL), Ib).icpt(Intercept::In), I(In, "in", w(eAX), Ib).icpt(Intercept::In),
	I(Out, "out", Ib, AL).icpt(Intercept::Out), I(Out, "out", Ib, eAX).icpt(Intercept::Out),
	I(Call, "call", Jz).with(kF64), I(Jmp, "jmp", Jz).with(kF64), I(JmpFar, "jmp", Ap).with(kI64 | kFar),
	I(Jmp, "jmp", Jb).with(kF64),
	I(In, "in", w(AL), DX).icpt(Intercept::In), I(In, "in", w(eAX), DX).icpt(Intercept::In),
	I(Out, "out", DX, AL).icpt(Intercept::Out), I(Out, "out", DX, eAX).icpt(Intercept::Out),
	// Fx
	UD /* LOCK */, D("int1").icpt(Intercept::Icebp), UD /* REPNE */, UD /* REP */,
	I(Hlt, "hlt").with(kPriv).icpt(Intercept::Hlt), I(Cmc, "cmc"), by_reg(kGroup3Eb), by_reg(kGroup3Ev),
	I(Clc, "clc"), I(Stc, "stc"), I(Cli, "cli"), I(Sti, "sti"), I(Cld, "cld"), I(Std, "std"),
	by_reg(kGroup4), by_reg(kGroup5),
};
static_assert(sizeof(kOneByteMap) / sizeof(kOneByteMap[0]) == 256, "one-byte map must have 256 entries");
#undef KEMU_ALU
#undef KEMU_CMP_ALU
#undef KEMU_X8
// clang-format on

} // namespace kemu::decode
