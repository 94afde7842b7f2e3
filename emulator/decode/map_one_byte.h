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
	I("add", Eb, Ib).with(kLock), I("or", Eb, Ib).with(kLock), I("adc", Eb, Ib).with(kLock),
	I("sbb", Eb, Ib).with(kLock), I("and", Eb, Ib).with(kLock), I("sub", Eb, Ib).with(kLock),
	I("xor", Eb, Ib).with(kLock), I("cmp", Eb, Ib).with(kNoWrite),
};
inline constexpr Opcode kGroup1Ev_Iz[8] = {
	I("add", Ev, Iz).with(kLock), I("or", Ev, Iz).with(kLock), I("adc", Ev, Iz).with(kLock),
	I("sbb", Ev, Iz).with(kLock), I("and", Ev, Iz).with(kLock), I("sub", Ev, Iz).with(kLock),
	I("xor", Ev, Iz).with(kLock), I("cmp", Ev, Iz).with(kNoWrite),
};
inline constexpr Opcode kGroup1Eb_Ib_i64[8] = {
	I("add", Eb, Ib).with(kLock | kI64), I("or", Eb, Ib).with(kLock | kI64),
	I("adc", Eb, Ib).with(kLock | kI64), I("sbb", Eb, Ib).with(kLock | kI64),
	I("and", Eb, Ib).with(kLock | kI64), I("sub", Eb, Ib).with(kLock | kI64),
	I("xor", Eb, Ib).with(kLock | kI64), I("cmp", Eb, Ib).with(kNoWrite | kI64),
};
inline constexpr Opcode kGroup1Ev_Ib[8] = {
	I("add", Ev, Ibs).with(kLock), I("or", Ev, Ibs).with(kLock), I("adc", Ev, Ibs).with(kLock),
	I("sbb", Ev, Ibs).with(kLock), I("and", Ev, Ibs).with(kLock), I("sub", Ev, Ibs).with(kLock),
	I("xor", Ev, Ibs).with(kLock), I("cmp", Ev, Ibs).with(kNoWrite),
};
// 1A: POP Ev (8F /0); 8F with XOP's map select is taken before the map.
inline constexpr Opcode kGroup1A[8] = {
	I("pop", Ev).with(kD64 | kStack), UD, UD, UD, UD, UD, UD, UD,
};

#define KEMU_GROUP2(dst, src) { \
	I("rol", dst, src), I("ror", dst, src), I("rcl", dst, src), I("rcr", dst, src), \
	I("shl", dst, src), I("shr", dst, src), I("sal", dst, src), I("sar", dst, src), }
inline constexpr Opcode kGroup2Eb_Ib[8] = KEMU_GROUP2(Eb, Ib);
inline constexpr Opcode kGroup2Ev_Ib[8] = KEMU_GROUP2(Ev, Ib);
inline constexpr Opcode kGroup2Eb_1[8] = KEMU_GROUP2(Eb, One);
inline constexpr Opcode kGroup2Ev_1[8] = KEMU_GROUP2(Ev, One);
inline constexpr Opcode kGroup2Eb_CL[8] = KEMU_GROUP2(Eb, CL);
inline constexpr Opcode kGroup2Ev_CL[8] = KEMU_GROUP2(Ev, CL);
#undef KEMU_GROUP2

// /1 is an undocumented alias of TEST that every CPU decodes.
inline constexpr Opcode kGroup3Eb[8] = {
	I("test", Eb, Ib).with(kNoWrite), I("test", Eb, Ib).with(kNoWrite),
	I("not", Eb).with(kLock), I("neg", Eb).with(kLock),
	I("mul", Eb), I("imul", Eb), I("div", Eb), I("idiv", Eb),
};
inline constexpr Opcode kGroup3Ev[8] = {
	I("test", Ev, Iz).with(kNoWrite), I("test", Ev, Iz).with(kNoWrite),
	I("not", Ev).with(kLock), I("neg", Ev).with(kLock),
	I("mul", Ev), I("imul", Ev), I("div", Ev), I("idiv", Ev),
};
inline constexpr Opcode kGroup4[8] = {
	I("inc", Eb).with(kLock), I("dec", Eb).with(kLock), UD, UD, UD, UD, UD, UD,
};
inline constexpr Opcode kGroup5[8] = {
	I("inc", Ev).with(kLock), I("dec", Ev).with(kLock),
	I("call", Ev).with(kF64), I("call", Mp).with(kFar),
	I("jmp", Ev).with(kF64), I("jmp", Mp).with(kFar),
	I("push", Ev).with(kD64 | kStack), UD,
};
// 11: only /0 is MOV; C6 F8 / C7 F8 are XABORT / XBEGIN (RTM).
inline constexpr Opcode kGroup11XabortRm[8] = {
	I("xabort", Ib), UD, UD, UD, UD, UD, UD, UD,
};
inline constexpr Opcode kGroup11XbeginRm[8] = {
	I("xbegin", Jz), UD, UD, UD, UD, UD, UD, UD,
};
inline constexpr Opcode kGroup11Eb_reg[8] = {
	I("mov", Eb, Ib).with(kMov), UD, UD, UD, UD, UD, UD,
	with_modrm(by_rm(kGroup11XabortRm)),
};
inline constexpr Opcode kGroup11Ev_reg[8] = {
	I("mov", Ev, Iz).with(kMov), UD, UD, UD, UD, UD, UD,
	with_modrm(by_rm(kGroup11XbeginRm)),
};
inline constexpr Opcode kGroup11Eb_mem[8] = {
	I("mov", Eb, Ib).with(kMov), UD, UD, UD, UD, UD, UD, UD,
};
inline constexpr Opcode kGroup11Ev_mem[8] = {
	I("mov", Ev, Iz).with(kMov), UD, UD, UD, UD, UD, UD, UD,
};
inline constexpr Opcode kGroup11Eb[2] = {
	with_modrm(by_reg(kGroup11Eb_mem)), with_modrm(by_reg(kGroup11Eb_reg)),
};
inline constexpr Opcode kGroup11Ev[2] = {
	with_modrm(by_reg(kGroup11Ev_mem)), with_modrm(by_reg(kGroup11Ev_reg)),
};

// Mode- and size-dependent one-byte entries.
inline constexpr Opcode k63[2] = { I("arpl", Ew, Gw).with(kProt), I("movsxd", Gv, Ed) };
inline constexpr Opcode kPusha[3] = { I("pusha").with(kI64 | kStack), I("pushad").with(kI64 | kStack), UD };
inline constexpr Opcode kPopa[3] = { I("popa").with(kI64 | kStack), I("popad").with(kI64 | kStack), UD };
inline constexpr Opcode kCbw[3] = { I("cbw"), I("cwde"), I("cdqe") };
inline constexpr Opcode kCwd[3] = { I("cwd"), I("cdq"), I("cqo") };
inline constexpr Opcode kPushf[3] = {
	I("pushf").with(kD64 | kStack).icpt(Intercept::Pushf),
	I("pushfd").with(kD64 | kStack).icpt(Intercept::Pushf),
	I("pushfq").with(kD64 | kStack).icpt(Intercept::Pushf),
};
inline constexpr Opcode kPopf[3] = {
	I("popf").with(kD64 | kStack).icpt(Intercept::Popf),
	I("popfd").with(kD64 | kStack).icpt(Intercept::Popf),
	I("popfq").with(kD64 | kStack).icpt(Intercept::Popf),
};
inline constexpr Opcode kIret[3] = {
	I("iret").icpt(Intercept::Iret), I("iretd").icpt(Intercept::Iret), I("iretq").icpt(Intercept::Iret),
};
inline constexpr Opcode kJcxz[3] = {
	I("jcxz", Jb).with(kF64), I("jecxz", Jb).with(kF64), I("jrcxz", Jb).with(kF64),
};

#define KEMU_ALU(name, extra) \
	I(name, Eb, Gb).with(extra), I(name, Ev, Gv).with(extra), \
	I(name, Gb, Eb), I(name, Gv, Ev), I(name, AL, Ib), I(name, rAX, Iz)
#define KEMU_CMP_ALU(name) \
	I(name, Eb, Gb).with(kNoWrite), I(name, Ev, Gv).with(kNoWrite), \
	I(name, Gb, Eb).with(kNoWrite), I(name, Gv, Ev).with(kNoWrite), \
	I(name, AL, Ib).with(kNoWrite), I(name, rAX, Iz).with(kNoWrite)
#define KEMU_X8(x) x, x, x, x, x, x, x, x

inline constexpr Opcode kOneByteMap[] = {
	// 0x
	KEMU_ALU("add", kLock), I("push", ES).with(kI64 | kStack), I("pop", ES).with(kI64 | kStack),
	KEMU_ALU("or", kLock), I("push", CS).with(kI64 | kStack), UD /* 0F: two-byte escape */,
	// 1x
	KEMU_ALU("adc", kLock), I("push", SS).with(kI64 | kStack), I("pop", SS).with(kI64 | kStack),
	KEMU_ALU("sbb", kLock), I("push", DS).with(kI64 | kStack), I("pop", DS).with(kI64 | kStack),
	// 2x
	KEMU_ALU("and", kLock), UD /* ES: */, I("daa").with(kI64),
	KEMU_ALU("sub", kLock), UD /* CS: */, I("das").with(kI64),
	// 3x
	KEMU_ALU("xor", kLock), UD /* SS: */, I("aaa").with(kI64),
	KEMU_CMP_ALU("cmp"), UD /* DS: */, I("aas").with(kI64),
	// 4x: REX in 64-bit mode
	KEMU_X8(I("inc", Zv).with(kI64)), KEMU_X8(I("dec", Zv).with(kI64)),
	// 5x
	KEMU_X8(I("push", Zv).with(kD64 | kStack)), KEMU_X8(I("pop", Zv).with(kD64 | kStack)),
	// 6x
	by_opsize(kPusha), by_opsize(kPopa), I("bound", Gv, Ma).with(kI64), by_mode(k63),
	UD /* FS: */, UD /* GS: */, UD /* operand size */, UD /* address size */,
	I("push", Iz).with(kD64 | kStack), I("imul", Gv, Ev, Iz), I("push", Ibs).with(kD64 | kStack),
	I("imul", Gv, Ev, Ibs),
	I("ins", Yb, DX).with(kRep | kString).icpt(Intercept::Ins),
	I("ins", Yz, DX).with(kRep | kString).icpt(Intercept::Ins),
	I("outs", DX, Xb).with(kRep | kString).icpt(Intercept::Outs),
	I("outs", DX, Xz).with(kRep | kString).icpt(Intercept::Outs),
	// 7x: Jcc rel8
	I("jo", Jb).with(kF64), I("jno", Jb).with(kF64), I("jb", Jb).with(kF64), I("jae", Jb).with(kF64),
	I("je", Jb).with(kF64), I("jne", Jb).with(kF64), I("jbe", Jb).with(kF64), I("ja", Jb).with(kF64),
	I("js", Jb).with(kF64), I("jns", Jb).with(kF64), I("jp", Jb).with(kF64), I("jnp", Jb).with(kF64),
	I("jl", Jb).with(kF64), I("jge", Jb).with(kF64), I("jle", Jb).with(kF64), I("jg", Jb).with(kF64),
	// 8x
	by_reg(kGroup1Eb_Ib), by_reg(kGroup1Ev_Iz), by_reg(kGroup1Eb_Ib_i64), by_reg(kGroup1Ev_Ib),
	I("test", Eb, Gb).with(kNoWrite), I("test", Ev, Gv).with(kNoWrite),
	I("xchg", Eb, Gb).with(kLock), I("xchg", Ev, Gv).with(kLock),
	I("mov", Eb, Gb).with(kMov), I("mov", Ev, Gv).with(kMov),
	I("mov", Gb, Eb).with(kMov), I("mov", Gv, Ev).with(kMov),
	I("mov", Ewd, Sw).with(kMov), I("lea", Gv, M), I("mov", Sw, Ew).with(kMov),
	with_modrm(by_reg(kGroup1A)),
	// 9x: 90 is NOP / PAUSE / XCHG r8 (the decoder names it)
	I("xchg", Zv, rAX).icpt(Intercept::Pause), I("xchg", Zv, rAX), I("xchg", Zv, rAX),
	I("xchg", Zv, rAX), I("xchg", Zv, rAX), I("xchg", Zv, rAX), I("xchg", Zv, rAX),
	I("xchg", Zv, rAX),
	by_opsize(kCbw), by_opsize(kCwd), I("call", Ap).with(kI64 | kFar), I("fwait"),
	by_opsize(kPushf), by_opsize(kPopf), I("sahf"), I("lahf"),
	// Ax
	I("mov", AL, Ob).with(kMov), I("mov", rAX, Ov).with(kMov),
	I("mov", Ob, AL).with(kMov), I("mov", Ov, rAX).with(kMov),
	I("movs", Yb, Xb).with(kRep | kString | kMov), I("movs", Yv, Xv).with(kRep | kString | kMov),
	I("cmps", Xb, Yb).with(kRep | kString | kNoWrite), I("cmps", Xv, Yv).with(kRep | kString | kNoWrite),
	I("test", AL, Ib).with(kNoWrite), I("test", rAX, Iz).with(kNoWrite),
	I("stos", Yb, AL).with(kRep | kString | kMov), I("stos", Yv, rAX).with(kRep | kString | kMov),
	I("lods", AL, Xb).with(kRep | kString | kMov), I("lods", rAX, Xv).with(kRep | kString | kMov),
	I("scas", AL, Yb).with(kRep | kString | kNoWrite), I("scas", rAX, Yv).with(kRep | kString | kNoWrite),
	// Bx
	KEMU_X8(I("mov", Zb, Ib).with(kMov)),
	KEMU_X8(I("mov", Zv, Iv).with(kMov)),
	// Cx
	by_reg(kGroup2Eb_Ib), by_reg(kGroup2Ev_Ib),
	I("ret", Iw).with(kF64), I("ret").with(kF64),
	I("les", Gz, Mp).with(kI64) /* VEX3 in 64-bit */, I("lds", Gz, Mp).with(kI64) /* VEX2 */,
	by_mod(kGroup11Eb), by_mod(kGroup11Ev),
	I("enter", Iw).with(kImm8Also | kD64 | kStack), I("leave").with(kD64 | kStack),
	I("retf", Iw).with(kFar), I("retf").with(kFar),
	I("int3"), I("int", Ib).icpt(Intercept::Intn), I("into").with(kI64),
	by_opsize(kIret),
	// Dx
	by_reg(kGroup2Eb_1), by_reg(kGroup2Ev_1), by_reg(kGroup2Eb_CL), by_reg(kGroup2Ev_CL),
	I("aam", Ib).with(kI64), I("aad", Ib).with(kI64), I("salc").with(kI64) /* undocumented; KVM emulates it */,
	I("xlat"),
	UD, UD, UD, UD, UD, UD, UD, UD, // D8-DF: x87 escapes (map_x87.h)
	// Ex
	I("loopne", Jb).with(kF64), I("loope", Jb).with(kF64), I("loop", Jb).with(kF64),
	by_adsize(kJcxz),
	I("in", AL, Ib).icpt(Intercept::In), I("in", eAX, Ib).icpt(Intercept::In),
	I("out", Ib, AL).icpt(Intercept::Out), I("out", Ib, eAX).icpt(Intercept::Out),
	I("call", Jz).with(kF64), I("jmp", Jz).with(kF64), I("jmp", Ap).with(kI64 | kFar),
	I("jmp", Jb).with(kF64),
	I("in", AL, DX).icpt(Intercept::In), I("in", eAX, DX).icpt(Intercept::In),
	I("out", DX, AL).icpt(Intercept::Out), I("out", DX, eAX).icpt(Intercept::Out),
	// Fx
	UD /* LOCK */, I("int1").icpt(Intercept::Icebp), UD /* REPNE */, UD /* REP */,
	I("hlt").with(kPriv).icpt(Intercept::Hlt), I("cmc"), by_reg(kGroup3Eb), by_reg(kGroup3Ev),
	I("clc"), I("stc"), I("cli"), I("sti"), I("cld"), I("std"),
	by_reg(kGroup4), by_reg(kGroup5),
};
static_assert(sizeof(kOneByteMap) / sizeof(kOneByteMap[0]) == 256, "one-byte map must have 256 entries");
#undef KEMU_ALU
#undef KEMU_CMP_ALU
#undef KEMU_X8
// clang-format on

} // namespace kemu::decode
