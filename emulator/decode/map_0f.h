// SPDX-License-Identifier: GPL-2.0
// The two-byte opcode map, 0F xx (SDM Vol. 2 Table A-3), and its groups
// (Table A-6).  SSE rows select by mandatory prefix: {none, 66, F3, F2}.
#pragma once

#include "decode/opcode.h"

namespace kemu::decode {

// clang-format off

// Group 6 (0F 00)
inline constexpr Opcode kGroup6[8] = {
	I(Sldt, "sldt", w(Ewd)).with(kProt).icpt(Intercept::Sldt),
	I(Str, "str", w(Ewd)).with(kProt).icpt(Intercept::Str),
	I(Lldt, "lldt", Ew).with(kProt | kPriv).icpt(Intercept::Lldt),
	I(Ltr, "ltr", Ew).with(kProt | kPriv).icpt(Intercept::Ltr), D("verr", Ew).with(kProt),
	D("verw", Ew).with(kProt), UD, UD,
};

// Group 7 (0F 01): memory forms by reg, register forms by reg and rm.
inline constexpr Opcode kGroup7Mem5[4] = { UD, UD, D("rstorssp", Mq), UD };
inline constexpr Opcode kGroup7Mem[8] = {
	I(Sgdt, "sgdt", w(Ms)).icpt(Intercept::Sgdt), I(Sidt, "sidt", w(Ms)).icpt(Intercept::Sidt),
	I(Lgdt, "lgdt", Ms).with(kPriv).icpt(Intercept::Lgdt), I(Lidt, "lidt", Ms).with(kPriv).icpt(Intercept::Lidt),
	I(Smsw, "smsw", w(Ew)).icpt(Intercept::Smsw), by_prefix(kGroup7Mem5),
	I(Lmsw, "lmsw", Ew).with(kPriv).icpt(Intercept::Lmsw),
	I(Invlpg, "invlpg", none(Mb)).with(kPriv).icpt(Intercept::Invlpg),
};
// Register forms.  The SDM marks most of them NP: a 66, F2 or F3 prefix is #UD
// or selects another instruction (TDX, user interrupts, CET, TSX-LDTRK, SNP);
// the others (VMX, MONITOR/MWAIT, SVM, SWAPGS, RDTSCP, ...) ignore it.
inline constexpr Opcode kEnclv[4] = { D("enclv"), UD, UD, UD };
inline constexpr Opcode kPconfig[4] = { D("pconfig"), UD, UD, UD };
inline constexpr Opcode kGroup7Reg0[8] = {
	by_prefix(kEnclv), I(Hypercall, "vmcall").with(kPriv | kEmulateOnUD),
	D("vmlaunch"), D("vmresume"),
	D("vmxoff"), by_prefix(kPconfig),
	UD, UD,
};
inline constexpr Opcode kClac[4] = { D("clac").with(kPriv), UD, UD, UD };
inline constexpr Opcode kStac[4] = { D("stac").with(kPriv), UD, UD, UD };
inline constexpr Opcode kTdcall[4] = { UD, D("tdcall"), UD, UD };
inline constexpr Opcode kSeamret[4] = { UD, D("seamret"), UD, UD };
inline constexpr Opcode kSeamops[4] = { UD, D("seamops"), UD, UD };
inline constexpr Opcode kEncls[4] = { D("encls"), D("seamcall"), UD, UD };
inline constexpr Opcode kGroup7Reg1[8] = {
	D("monitor").with(kPriv).icpt(Intercept::Monitor), D("mwait").with(kPriv).icpt(Intercept::Mwait),
	by_prefix(kClac), by_prefix(kStac), by_prefix(kTdcall), by_prefix(kSeamret), by_prefix(kSeamops),
	by_prefix(kEncls),
};
inline constexpr Opcode kXgetbv[4] = { D("xgetbv"), UD, UD, UD };
inline constexpr Opcode kXsetbv[4] = { I(Xsetbv, "xsetbv").with(kPriv).icpt(Intercept::Xsetbv), UD, UD, UD };
inline constexpr Opcode kVmfunc[4] = { D("vmfunc"), UD, UD, UD };
inline constexpr Opcode kXend[4] = { D("xend"), UD, UD, UD };
inline constexpr Opcode kXtest[4] = { D("xtest"), UD, UD, UD };
inline constexpr Opcode kEnclu[4] = { D("enclu"), UD, UD, UD };
inline constexpr Opcode kGroup7Reg2[8] = {
	by_prefix(kXgetbv), by_prefix(kXsetbv), UD, UD, by_prefix(kVmfunc), by_prefix(kXend),
	by_prefix(kXtest), by_prefix(kEnclu),
};
// SVM: all but VMMCALL need CPL 0; all need protected mode.
inline constexpr Opcode kGroup7Reg3[8] = {
	D("vmrun").with(kProt | kPriv).icpt(Intercept::Vmrun),
	I(Hypercall, "vmmcall").with(kProt | kEmulateOnUD).icpt(Intercept::Vmmcall),
	D("vmload").with(kProt | kPriv).icpt(Intercept::Vmload),
	D("vmsave").with(kProt | kPriv).icpt(Intercept::Vmsave),
	D("stgi").with(kProt | kPriv).icpt(Intercept::Stgi),
	D("clgi").with(kProt | kPriv).icpt(Intercept::Clgi),
	D("skinit").with(kProt | kPriv).icpt(Intercept::Skinit),
	D("invlpga").with(kProt | kPriv).icpt(Intercept::Invlpga),
};
inline constexpr Opcode kGroup7Reg5Serialize[4] = { D("serialize"), UD, D("setssbsy"), D("xsusldtrk") };
inline constexpr Opcode kGroup7Reg5Resume[4] = { UD, UD, UD, D("xresldtrk") };
inline constexpr Opcode kGroup7Reg5SavePrev[4] = { UD, UD, D("saveprevssp"), UD };
inline constexpr Opcode kUiret[4] = { UD, UD, D("uiret"), UD };
inline constexpr Opcode kTestui[4] = { UD, UD, D("testui"), UD };
inline constexpr Opcode kRdpkru[4] = { D("rdpkru"), UD, D("clui"), UD };
inline constexpr Opcode kWrpkru[4] = { D("wrpkru"), UD, D("stui"), UD };
inline constexpr Opcode kGroup7Reg5[8] = {
	by_prefix(kGroup7Reg5Serialize), by_prefix(kGroup7Reg5Resume), by_prefix(kGroup7Reg5SavePrev), UD,
	by_prefix(kUiret), by_prefix(kTestui), by_prefix(kRdpkru), by_prefix(kWrpkru),
};
inline constexpr Opcode kSwapgs[2] = { UD, D("swapgs").with(kPriv) };
// AMD: F3/F2 0F 01 FE/FF are the SEV-SNP instructions.
inline constexpr Opcode kInvlpgb[4] = { D("invlpgb").with(kPriv), UD, D("rmpadjust"), D("rmpupdate") };
inline constexpr Opcode kTlbsync[4] = { D("tlbsync").with(kPriv), UD, D("psmash"), D("pvalidate") };
inline constexpr Opcode kGroup7Reg7[8] = {
	by_mode(kSwapgs), D("rdtscp").icpt(Intercept::Rdtscp), D("monitorx"), D("mwaitx"), D("clzero"), D("rdpru"),
	by_prefix(kInvlpgb), by_prefix(kTlbsync),
};
inline constexpr Opcode kGroup7Reg[8] = {
	by_rm(kGroup7Reg0), by_rm(kGroup7Reg1), by_rm(kGroup7Reg2), by_rm(kGroup7Reg3),
	I(Smsw, "smsw", w(Rv)).icpt(Intercept::Smsw), by_rm(kGroup7Reg5),
	I(Lmsw, "lmsw", Ew).with(kPriv).icpt(Intercept::Lmsw), by_rm(kGroup7Reg7),
};
inline constexpr Opcode kGroup7[2] = { by_reg(kGroup7Mem), by_reg(kGroup7Reg) };

// Group 8 (0F BA)
inline constexpr Opcode kGroup8[8] = {
	UD, UD, UD, UD, I(Bt, "bt", Ev, Ib), I(Bts, "bts", rw(Ev), Ib).with(kLock),
	I(Btr, "btr", rw(Ev), Ib).with(kLock), I(Btc, "btc", rw(Ev), Ib).with(kLock),
};

// Group 9 (0F C7)
inline constexpr Opcode kCmpxchg8b[2] = {
	I(Cmpxchg8b, "cmpxchg8b", none(Mq)).with(kLock), I(Cmpxchg8b, "cmpxchg16b", none(Mdq)).with(kLock),
};
inline constexpr Opcode kXrstors[2] = { D("xrstors", M).with(kPriv), D("xrstors64", M).with(kPriv) };
inline constexpr Opcode kXsavec[2] = { D("xsavec", M), D("xsavec64", M) };
inline constexpr Opcode kXsaves[2] = { D("xsaves", M).with(kPriv), D("xsaves64", M).with(kPriv) };
inline constexpr Opcode kGroup9Mem6[4] = {
	D("vmptrld", Mq), D("vmclear", Mq), D("vmxon", Mq), UD,
};
inline constexpr Opcode kGroup9Mem7[4] = { D("vmptrst", Mq), UD, UD, UD }; // NP
// XRSTORS, XSAVEC, XSAVES are NP: 66/F2/F3 is #UD.
inline constexpr Opcode kGroup9Mem3[4] = { by_rexw(kXrstors), UD, UD, UD };
inline constexpr Opcode kGroup9Mem4[4] = { by_rexw(kXsavec), UD, UD, UD };
inline constexpr Opcode kGroup9Mem5[4] = { by_rexw(kXsaves), UD, UD, UD };
inline constexpr Opcode kGroup9Mem[8] = {
	UD, by_rexw(kCmpxchg8b), UD, by_prefix(kGroup9Mem3), by_prefix(kGroup9Mem4), by_prefix(kGroup9Mem5),
	by_prefix(kGroup9Mem6), by_prefix(kGroup9Mem7),
};
inline constexpr Opcode kGroup9Reg6[4] = {
	D("rdrand", Rv), D("rdrand", Rv), D("senduipi", Rq).with(kO64), UD,
};
inline constexpr Opcode kGroup9Reg7[4] = {
	D("rdseed", Rv), D("rdseed", Rv), I(Rdpid, "rdpid", w(Rq)).with(kEmulateOnUD).icpt(Intercept::Rdpid), UD,
};
inline constexpr Opcode kGroup9Reg[8] = {
	UD, UD, UD, UD, UD, UD, by_prefix(kGroup9Reg6), by_prefix(kGroup9Reg7),
};
inline constexpr Opcode kGroup9[2] = { by_reg(kGroup9Mem), by_reg(kGroup9Reg) };

// Groups 12-14 (0F 71-73): MMX (no prefix) and SSE2 (66) shifts by immediate.
inline constexpr Opcode kPsrlwImm[4] = { D("psrlw", Nq, Ib), D("psrlw", Ux, Ib), UD, UD };
inline constexpr Opcode kPsrawImm[4] = { D("psraw", Nq, Ib), D("psraw", Ux, Ib), UD, UD };
inline constexpr Opcode kPsllwImm[4] = { D("psllw", Nq, Ib), D("psllw", Ux, Ib), UD, UD };
inline constexpr Opcode kPsrldImm[4] = { D("psrld", Nq, Ib), D("psrld", Ux, Ib), UD, UD };
inline constexpr Opcode kPsradImm[4] = { D("psrad", Nq, Ib), D("psrad", Ux, Ib), UD, UD };
inline constexpr Opcode kPslldImm[4] = { D("pslld", Nq, Ib), D("pslld", Ux, Ib), UD, UD };
inline constexpr Opcode kPsrlqImm[4] = { D("psrlq", Nq, Ib), D("psrlq", Ux, Ib), UD, UD };
inline constexpr Opcode kPsrldqImm[4] = { UD, D("psrldq", Ux, Ib), UD, UD };
inline constexpr Opcode kPsllqImm[4] = { D("psllq", Nq, Ib), D("psllq", Ux, Ib), UD, UD };
inline constexpr Opcode kPslldqImm[4] = { UD, D("pslldq", Ux, Ib), UD, UD };
inline constexpr Opcode kGroup12Reg[8] = {
	UD, UD, by_prefix(kPsrlwImm), UD, by_prefix(kPsrawImm), UD, by_prefix(kPsllwImm), UD,
};
inline constexpr Opcode kGroup13Reg[8] = {
	UD, UD, by_prefix(kPsrldImm), UD, by_prefix(kPsradImm), UD, by_prefix(kPslldImm), UD,
};
inline constexpr Opcode kGroup14Reg[8] = {
	UD, UD, by_prefix(kPsrlqImm), by_prefix(kPsrldqImm), UD, UD, by_prefix(kPsllqImm),
	by_prefix(kPslldqImm),
};
inline constexpr Opcode kGroup12[2] = { UD, by_reg(kGroup12Reg) };
inline constexpr Opcode kGroup13[2] = { UD, by_reg(kGroup13Reg) };
inline constexpr Opcode kGroup14[2] = { UD, by_reg(kGroup14Reg) };

// Group 15 (0F AE)
inline constexpr Opcode kXsave[2] = { D("xsave", M), D("xsave64", M) };
inline constexpr Opcode kXrstor[2] = { D("xrstor", M), D("xrstor64", M) };
inline constexpr Opcode kXsaveopt[2] = { D("xsaveopt", M), D("xsaveopt64", M) };
// REX.W changes the image's layout, not the checks: both forms share KVM's
// entry, whose execution stops short of the image in 64-bit mode.
inline constexpr Opcode kFxsave[2] = { I(Fxsave, "fxsave", w(M)), I(Fxsave, "fxsave64", w(M)) };
inline constexpr Opcode kFxrstor[2] = {
	I(Fxrstor, "fxrstor", M), I(Fxrstor, "fxrstor64", M),
};
inline constexpr Opcode kGroup15Mem0[4] = { by_rexw(kFxsave), UD, UD, UD }; // NP
inline constexpr Opcode kGroup15Mem1[4] = { by_rexw(kFxrstor), UD, UD, UD }; // NP
inline constexpr Opcode kGroup15Mem2[4] = { D("ldmxcsr", Md), UD, UD, UD };
inline constexpr Opcode kGroup15Mem3[4] = { D("stmxcsr", Md), UD, UD, UD };
inline constexpr Opcode kPtwrite[2] = { D("ptwrite", Ed), D("ptwrite", Eq) };
inline constexpr Opcode kGroup15Mem4[4] = { by_rexw(kXsave), UD, by_rexw(kPtwrite), UD };
inline constexpr Opcode kGroup15Mem5[4] = { by_rexw(kXrstor), UD, UD, UD };
inline constexpr Opcode kGroup15Mem6[4] = { by_rexw(kXsaveopt), D("clwb", Mb), D("clrssbsy", Mq), UD };
inline constexpr Opcode kGroup15Mem7[4] = { I(Clflush, "clflush", Mb), I(Clflush, "clflushopt", Mb), UD, UD };
inline constexpr Opcode kGroup15Mem[8] = {
	by_prefix(kGroup15Mem0), by_prefix(kGroup15Mem1), by_prefix(kGroup15Mem2),
	by_prefix(kGroup15Mem3), by_prefix(kGroup15Mem4), by_prefix(kGroup15Mem5),
	by_prefix(kGroup15Mem6), by_prefix(kGroup15Mem7),
};
inline constexpr Opcode kRdfsbase[4] = { UD, UD, D("rdfsbase", Ry).with(kO64), UD };
inline constexpr Opcode kRdgsbase[4] = { UD, UD, D("rdgsbase", Ry).with(kO64), UD };
inline constexpr Opcode kWrfsbase[4] = { UD, UD, D("wrfsbase", Ry).with(kO64), UD };
inline constexpr Opcode kWrgsbase[4] = { UD, UD, D("wrgsbase", Ry).with(kO64), UD };
// LFENCE is NP 0F AE E8 (E9-EF decode as LFENCE too); MFENCE and SFENCE are
// exactly F0 and F8, SFENCE with any prefix.  Prefixes select other
// instructions in the same slots.
inline constexpr Opcode kIncssp[2] = { D("incsspd", Rd), D("incsspq", Rq) };
inline constexpr Opcode kMfenceRm[8] = { D("mfence"), UD, UD, UD, UD, UD, UD, UD };
inline constexpr Opcode kSfenceRm[8] = { D("sfence"), UD, UD, UD, UD, UD, UD, UD };
inline constexpr Opcode kLfence[4] = { D("lfence"), UD, by_rexw(kIncssp), UD };
inline constexpr Opcode kMfence[4] = {
	by_rm(kMfenceRm), D("tpause", Rd), D("umonitor", Rv), D("umwait", Rd),
};
inline constexpr Opcode kSfence[4] = {
	by_rm(kSfenceRm), by_rm(kSfenceRm), by_rm(kSfenceRm), by_rm(kSfenceRm),
};
inline constexpr Opcode kPtwriteReg[2] = { D("ptwrite", Rd), D("ptwrite", Rq) };
inline constexpr Opcode kGroup15Reg4[4] = { UD, UD, by_rexw(kPtwriteReg), UD };
inline constexpr Opcode kGroup15Reg[8] = {
	by_prefix(kRdfsbase), by_prefix(kRdgsbase), by_prefix(kWrfsbase), by_prefix(kWrgsbase),
	by_prefix(kGroup15Reg4), by_prefix(kLfence), by_prefix(kMfence), by_prefix(kSfence),
};
inline constexpr Opcode kGroup15[2] = { by_reg(kGroup15Mem), by_reg(kGroup15Reg) };

// Group 16 (0F 18): prefetch hints; the other encodings are hint NOPs.
inline constexpr Opcode kGroup16Mem[8] = {
	I(Nop, "prefetchnta", none(Mb)), I(Nop, "prefetcht0", none(Mb)),
	I(Nop, "prefetcht1", none(Mb)), I(Nop, "prefetcht2", none(Mb)),
	I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)),
	I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)),
};
inline constexpr Opcode kGroup16[2] = { by_reg(kGroup16Mem), I(Nop, "nop", none(Ev)) };

// 0F 0D: AMD prefetches (memory only).
inline constexpr Opcode kPrefetchMem[8] = {
	I(Nop, "prefetch", none(Mb)), I(Nop, "prefetchw", none(Mb)),
	I(Nop, "prefetchwt1", none(Mb)), I(Nop, "prefetch", none(Mb)),
	I(Nop, "prefetch", none(Mb)), I(Nop, "prefetch", none(Mb)),
	I(Nop, "prefetch", none(Mb)), I(Nop, "prefetch", none(Mb)),
};
inline constexpr Opcode kPrefetch[2] = { by_reg(kPrefetchMem), UD };

// 0F 1C /0 (memory, no prefix) is CLDEMOTE; the rest of 0F 1C are hint NOPs.
// CLDEMOTE, ENDBR and RDSSP (a NOP while shadow stacks are off, and KVM
// gives a guest no CET) run as the NOPs KVM emulates all of 0F 18-1F as.
inline constexpr Opcode kCldemoteNp[4] = {
	I(Nop, "cldemote", none(Mb)), I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)),
};
inline constexpr Opcode kHint1CMem[8] = {
	by_prefix(kCldemoteNp), I(Nop, "nop", none(Ev)),
	I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)),
	I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)),
	I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)),
};
inline constexpr Opcode kHint1C[2] = { by_reg(kHint1CMem), I(Nop, "nop", none(Ev)) };

// 0F 1E: F3 0F 1E FA/FB are ENDBR64/ENDBR32; F3 0F 1E /1 (reg) is RDSSP.
inline constexpr Opcode kEndbrRm[8] = {
	I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)), I(Nop, "endbr64"), I(Nop, "endbr32"),
	I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)),
};
inline constexpr Opcode kRdssp[2] = {
	I(Nop, "rdsspd", none(Rd)), I(Nop, "rdsspq", none(Rq)),
};
inline constexpr Opcode kHint1EF3Reg[8] = {
	I(Nop, "nop", none(Ev)), by_rexw(kRdssp), I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)),
	I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)), by_rm(kEndbrRm),
};
inline constexpr Opcode kHint1EF3[2] = { I(Nop, "nop", none(Ev)), by_reg(kHint1EF3Reg) };
inline constexpr Opcode kHint1E[4] = {
	I(Nop, "nop", none(Ev)), I(Nop, "nop", none(Ev)), by_mod(kHint1EF3),
	I(Nop, "nop", none(Ev)),
};

// The SSE rows: {no prefix, 66, F3, F2}.
inline constexpr Opcode kMovups[4] = {
	I(VectorMove, "movups", w(Vx), Wx).with(kSse), I(VectorMove, "movupd", w(Vx), Wx).with(kSse),
	I(VectorMove, "movss", w(Vx), Wd).with(kSse), I(VectorMove, "movsd", w(Vx), Wq).with(kSse),
};
inline constexpr Opcode kMovupsStore[4] = {
	I(VectorMove, "movups", w(Wx), Vx).with(kSse), I(VectorMove, "movupd", w(Wx), Vx).with(kSse),
	I(VectorMove, "movss", w(Wd), Vx).with(kSse), I(VectorMove, "movsd", w(Wq), Vx).with(kSse),
};
inline constexpr Opcode kMovlps[2] = { D("movlps", Vq, Mq).with(kSse), D("movhlps", Vq, Udq).with(kSse) };
inline constexpr Opcode k0F12[4] = {
	by_mod(kMovlps), D("movlpd", Vq, Mq).with(kSse), D("movsldup", Vx, Wx).with(kSse),
	D("movddup", Vx, Wq).with(kSse),
};
inline constexpr Opcode k0F13[4] = { D("movlps", Mq, Vq).with(kSse), D("movlpd", Mq, Vq).with(kSse), UD, UD };
inline constexpr Opcode k0F14[4] = { D("unpcklps", Vx, Wx), D("unpcklpd", Vx, Wx), UD, UD };
inline constexpr Opcode k0F15[4] = { D("unpckhps", Vx, Wx), D("unpckhpd", Vx, Wx), UD, UD };
inline constexpr Opcode kMovhps[2] = { D("movhps", Vq, Mq).with(kSse), D("movlhps", Vq, Udq).with(kSse) };
inline constexpr Opcode k0F16[4] = {
	by_mod(kMovhps), D("movhpd", Vq, Mq).with(kSse), D("movshdup", Vx, Wx).with(kSse), UD,
};
inline constexpr Opcode k0F17[4] = { D("movhps", Mq, Vq).with(kSse), D("movhpd", Mq, Vq).with(kSse), UD, UD };
// 66 and F2 are ignored; F3 is WBNOINVD (WBINVD where it does not exist).
inline constexpr Opcode k0F09[4] = {
	I(Wbinvd, "wbinvd").with(kPriv).icpt(Intercept::Wbinvd),
	I(Wbinvd, "wbinvd").with(kPriv).icpt(Intercept::Wbinvd),
	I(Wbinvd, "wbnoinvd").with(kPriv).icpt(Intercept::Wbinvd),
	I(Wbinvd, "wbinvd").with(kPriv).icpt(Intercept::Wbinvd),
};
inline constexpr Opcode kGetsec[4] = { D("getsec"), UD, UD, UD }; // NP 0F 37
inline constexpr Opcode k0F77[4] = { D("emms"), UD, UD, UD };
inline constexpr Opcode k0FC3[4] = { I(Mov, "movnti", w(My), Gy), UD, UD, UD };
inline constexpr Opcode k0F28[4] = {
	I(VectorMove, "movaps", w(Vx), Wx).with(kSse | kAligned),
	I(VectorMove, "movapd", w(Vx), Wx).with(kSse | kAligned), UD, UD,
};
inline constexpr Opcode k0F29[4] = {
	I(VectorMove, "movaps", w(Wx), Vx).with(kSse | kAligned),
	I(VectorMove, "movapd", w(Wx), Vx).with(kSse | kAligned), UD, UD,
};
inline constexpr Opcode k0F2A[4] = {
	D("cvtpi2ps", Vx, Qq), D("cvtpi2pd", Vx, Qq), D("cvtsi2ss", Vx, Ey), D("cvtsi2sd", Vx, Ey),
};
inline constexpr Opcode k0F2B[4] = {
	I(VectorMove, "movntps", w(Mx), Vx).with(kSse | kAligned),
	I(VectorMove, "movntpd", w(Mx), Vx).with(kSse | kAligned),
	D("movntss", Md, Vx).with(kSse), D("movntsd", Mq, Vx).with(kSse), // SSE4a
};
inline constexpr Opcode k0F2C[4] = {
	D("cvttps2pi", Pq, Wq), D("cvttpd2pi", Pq, Wx), D("cvttss2si", Gy, Wd), D("cvttsd2si", Gy, Wq),
};
inline constexpr Opcode k0F2D[4] = {
	D("cvtps2pi", Pq, Wq), D("cvtpd2pi", Pq, Wx), D("cvtss2si", Gy, Wd), D("cvtsd2si", Gy, Wq),
};
inline constexpr Opcode k0F2E[4] = { D("ucomiss", Vx, Wd), D("ucomisd", Vx, Wq), UD, UD };
inline constexpr Opcode k0F2F[4] = { D("comiss", Vx, Wd), D("comisd", Vx, Wq), UD, UD };
inline constexpr Opcode k0F50[4] = { D("movmskps", Gd, Ux), D("movmskpd", Gd, Ux), UD, UD };
inline constexpr Opcode k0F51[4] = {
	D("sqrtps", Vx, Wx), D("sqrtpd", Vx, Wx), D("sqrtss", Vx, Wd), D("sqrtsd", Vx, Wq),
};
inline constexpr Opcode k0F52[4] = { D("rsqrtps", Vx, Wx), UD, D("rsqrtss", Vx, Wd), UD };
inline constexpr Opcode k0F53[4] = { D("rcpps", Vx, Wx), UD, D("rcpss", Vx, Wd), UD };
inline constexpr Opcode k0F54[4] = { D("andps", Vx, Wx), D("andpd", Vx, Wx), UD, UD };
inline constexpr Opcode k0F55[4] = { D("andnps", Vx, Wx), D("andnpd", Vx, Wx), UD, UD };
inline constexpr Opcode k0F56[4] = { D("orps", Vx, Wx), D("orpd", Vx, Wx), UD, UD };
inline constexpr Opcode k0F57[4] = { D("xorps", Vx, Wx), D("xorpd", Vx, Wx), UD, UD };
inline constexpr Opcode k0F58[4] = {
	D("addps", Vx, Wx), D("addpd", Vx, Wx), D("addss", Vx, Wd), D("addsd", Vx, Wq),
};
inline constexpr Opcode k0F59[4] = {
	D("mulps", Vx, Wx), D("mulpd", Vx, Wx), D("mulss", Vx, Wd), D("mulsd", Vx, Wq),
};
inline constexpr Opcode k0F5A[4] = {
	D("cvtps2pd", Vx, Wq), D("cvtpd2ps", Vx, Wx), D("cvtss2sd", Vx, Wd), D("cvtsd2ss", Vx, Wq),
};
inline constexpr Opcode k0F5B[4] = {
	D("cvtdq2ps", Vx, Wx), D("cvtps2dq", Vx, Wx), D("cvttps2dq", Vx, Wx), UD,
};
inline constexpr Opcode k0F5C[4] = {
	D("subps", Vx, Wx), D("subpd", Vx, Wx), D("subss", Vx, Wd), D("subsd", Vx, Wq),
};
inline constexpr Opcode k0F5D[4] = {
	D("minps", Vx, Wx), D("minpd", Vx, Wx), D("minss", Vx, Wd), D("minsd", Vx, Wq),
};
inline constexpr Opcode k0F5E[4] = {
	D("divps", Vx, Wx), D("divpd", Vx, Wx), D("divss", Vx, Wd), D("divsd", Vx, Wq),
};
inline constexpr Opcode k0F5F[4] = {
	D("maxps", Vx, Wx), D("maxpd", Vx, Wx), D("maxss", Vx, Wd), D("maxsd", Vx, Wq),
};

// MMX (no prefix) / SSE2 (66) integer rows.
#define KEMU_MMX_SSE(table, name) \
	inline constexpr Opcode table[4] = { D(name, Pq, Qq).with(kMmx), D(name, Vx, Wx).with(kSse), UD, UD }
KEMU_MMX_SSE(k0F60, "punpcklbw"); KEMU_MMX_SSE(k0F61, "punpcklwd"); KEMU_MMX_SSE(k0F62, "punpckldq");
KEMU_MMX_SSE(k0F63, "packsswb"); KEMU_MMX_SSE(k0F64, "pcmpgtb"); KEMU_MMX_SSE(k0F65, "pcmpgtw");
KEMU_MMX_SSE(k0F66, "pcmpgtd"); KEMU_MMX_SSE(k0F67, "packuswb"); KEMU_MMX_SSE(k0F68, "punpckhbw");
KEMU_MMX_SSE(k0F69, "punpckhwd"); KEMU_MMX_SSE(k0F6A, "punpckhdq"); KEMU_MMX_SSE(k0F6B, "packssdw");
KEMU_MMX_SSE(k0F74, "pcmpeqb"); KEMU_MMX_SSE(k0F75, "pcmpeqw"); KEMU_MMX_SSE(k0F76, "pcmpeqd");
KEMU_MMX_SSE(k0FD1, "psrlw"); KEMU_MMX_SSE(k0FD2, "psrld"); KEMU_MMX_SSE(k0FD3, "psrlq");
KEMU_MMX_SSE(k0FD4, "paddq"); KEMU_MMX_SSE(k0FD5, "pmullw"); KEMU_MMX_SSE(k0FD8, "psubusb");
KEMU_MMX_SSE(k0FD9, "psubusw"); KEMU_MMX_SSE(k0FDA, "pminub"); KEMU_MMX_SSE(k0FDB, "pand");
KEMU_MMX_SSE(k0FDC, "paddusb"); KEMU_MMX_SSE(k0FDD, "paddusw"); KEMU_MMX_SSE(k0FDE, "pmaxub");
KEMU_MMX_SSE(k0FDF, "pandn"); KEMU_MMX_SSE(k0FE0, "pavgb"); KEMU_MMX_SSE(k0FE1, "psraw");
KEMU_MMX_SSE(k0FE2, "psrad"); KEMU_MMX_SSE(k0FE3, "pavgw"); KEMU_MMX_SSE(k0FE4, "pmulhuw");
KEMU_MMX_SSE(k0FE5, "pmulhw"); KEMU_MMX_SSE(k0FE8, "psubsb"); KEMU_MMX_SSE(k0FE9, "psubsw");
KEMU_MMX_SSE(k0FEA, "pminsw"); KEMU_MMX_SSE(k0FEB, "por"); KEMU_MMX_SSE(k0FEC, "paddsb");
KEMU_MMX_SSE(k0FED, "paddsw"); KEMU_MMX_SSE(k0FEE, "pmaxsw"); KEMU_MMX_SSE(k0FEF, "pxor");
KEMU_MMX_SSE(k0FF1, "psllw"); KEMU_MMX_SSE(k0FF2, "pslld"); KEMU_MMX_SSE(k0FF3, "psllq");
KEMU_MMX_SSE(k0FF4, "pmuludq"); KEMU_MMX_SSE(k0FF5, "pmaddwd"); KEMU_MMX_SSE(k0FF6, "psadbw");
KEMU_MMX_SSE(k0FF8, "psubb"); KEMU_MMX_SSE(k0FF9, "psubw"); KEMU_MMX_SSE(k0FFA, "psubd");
KEMU_MMX_SSE(k0FFB, "psubq"); KEMU_MMX_SSE(k0FFC, "paddb"); KEMU_MMX_SSE(k0FFD, "paddw");
KEMU_MMX_SSE(k0FFE, "paddd");
#undef KEMU_MMX_SSE
inline constexpr Opcode k0F6C[4] = { UD, D("punpcklqdq", Vx, Wx), UD, UD };
inline constexpr Opcode k0F6D[4] = { UD, D("punpckhqdq", Vx, Wx), UD, UD };
inline constexpr Opcode kMovdPq[2] = {
	I(VectorMove, "movd", w(Pq), Ed).with(kMmx), I(VectorMove, "movq", w(Pq), Eq).with(kMmx),
};
inline constexpr Opcode kMovdVx[2] = {
	I(VectorMove, "movd", w(Vx), Ed).with(kSse), I(VectorMove, "movq", w(Vx), Eq).with(kSse),
};
inline constexpr Opcode k0F6E[4] = { by_rexw(kMovdPq), by_rexw(kMovdVx), UD, UD };
inline constexpr Opcode k0F6F[4] = {
	I(VectorMove, "movq", w(Pq), Qq).with(kMmx), I(VectorMove, "movdqa", w(Vx), Wx).with(kSse | kAligned),
	I(VectorMove, "movdqu", w(Vx), Wx).with(kSse), UD,
};
inline constexpr Opcode k0F70[4] = {
	D("pshufw", Pq, Qq, Ib), D("pshufd", Vx, Wx, Ib), D("pshufhw", Vx, Wx, Ib), D("pshuflw", Vx, Wx, Ib),
};
// 66/F2 0F 78/79 are AMD's SSE4a EXTRQ/INSERTQ.
inline constexpr Opcode kExtrqImmForm[2] = { UD, D("extrq", Ux, Ib).with(kImm8Also) };
inline constexpr Opcode k0F78[4] = {
	D("vmread", Ey, Gy).with(kD64), by_mod(kExtrqImmForm), UD,
	D("insertq", Vx, Ux, Ib).with(kImm8Also),
};
inline constexpr Opcode k0F79[4] = {
	D("vmwrite", Gy, Ey).with(kD64), D("extrq", Vx, Ux), UD, D("insertq", Vx, Ux),
};
inline constexpr Opcode k0F7C[4] = { UD, D("haddpd", Vx, Wx), UD, D("haddps", Vx, Wx) };
inline constexpr Opcode k0F7D[4] = { UD, D("hsubpd", Vx, Wx), UD, D("hsubps", Vx, Wx) };
inline constexpr Opcode kMovdEyPq[2] = {
	I(VectorMove, "movd", w(Ed), Pq).with(kMmx), I(VectorMove, "movq", w(Eq), Pq).with(kMmx),
};
inline constexpr Opcode kMovdEyVx[2] = {
	I(VectorMove, "movd", w(Ed), Vx).with(kSse), I(VectorMove, "movq", w(Eq), Vx).with(kSse),
};
inline constexpr Opcode k0F7E[4] = {
	by_rexw(kMovdEyPq), by_rexw(kMovdEyVx), I(VectorMove, "movq", w(Vx), Wq).with(kSse), UD,
};
inline constexpr Opcode k0F7F[4] = {
	I(VectorMove, "movq", w(Qq), Pq).with(kMmx), I(VectorMove, "movdqa", w(Wx), Vx).with(kSse | kAligned),
	I(VectorMove, "movdqu", w(Wx), Vx).with(kSse), UD,
};
inline constexpr Opcode k0FB8[4] = { UD, UD, I(Popcnt, "popcnt", w(Gv), Ev), UD };
// F2 is ignored: BSF/BSR.
inline constexpr Opcode k0FBC[4] = {
	I(Bsf, "bsf", rw(Gv), Ev), I(Bsf, "bsf", rw(Gv), Ev), I(Tzcnt, "tzcnt", w(Gv), Ev),
	I(Bsf, "bsf", rw(Gv), Ev),
};
inline constexpr Opcode k0FBD[4] = {
	I(Bsr, "bsr", rw(Gv), Ev), I(Bsr, "bsr", rw(Gv), Ev), I(Lzcnt, "lzcnt", w(Gv), Ev),
	I(Bsr, "bsr", rw(Gv), Ev),
};
inline constexpr Opcode k0FC2[4] = {
	D("cmpps", Vx, Wx, Ib), D("cmppd", Vx, Wx, Ib), D("cmpss", Vx, Wd, Ib), D("cmpsd", Vx, Wq, Ib),
};
inline constexpr Opcode k0FC4[4] = { D("pinsrw", Pq, Ed, Ib), D("pinsrw", Vx, Ed, Ib), UD, UD };
inline constexpr Opcode k0FC5[4] = { D("pextrw", Gd, Nq, Ib), D("pextrw", Gd, Ux, Ib), UD, UD };
inline constexpr Opcode k0FC6[4] = { D("shufps", Vx, Wx, Ib), D("shufpd", Vx, Wx, Ib), UD, UD };
inline constexpr Opcode k0FD0[4] = { UD, D("addsubpd", Vx, Wx), UD, D("addsubps", Vx, Wx) };
inline constexpr Opcode k0FD6[4] = {
	UD, I(VectorMove, "movq", w(Wq), Vx).with(kSse), D("movq2dq", Vx, Nq), D("movdq2q", Pq, Udq),
};
inline constexpr Opcode k0FD7[4] = { D("pmovmskb", Gd, Nq), D("pmovmskb", Gd, Ux), UD, UD };
inline constexpr Opcode k0FE6[4] = {
	UD, D("cvttpd2dq", Vx, Wx), D("cvtdq2pd", Vx, Wq), D("cvtpd2dq", Vx, Wx),
};
inline constexpr Opcode k0FE7[4] = {
	I(VectorMove, "movntq", w(Mq), Pq).with(kMmx),
	I(VectorMove, "movntdq", w(Mx), Vx).with(kSse | kAligned), UD, UD,
};
inline constexpr Opcode k0FF0[4] = { UD, UD, UD, D("lddqu", Vx, Mx) };
inline constexpr Opcode k0FF7[4] = { D("maskmovq", Pq, Nq), D("maskmovdqu", Vx, Udq), UD, UD };

#define KEMU_X8(x) x, x, x, x, x, x, x, x

inline constexpr Opcode kTwoByteMap[] = {
	// 0F 0x
	by_reg(kGroup6), by_mod(kGroup7), D("lar", Gv, Ew).with(kProt), D("lsl", Gv, Ew).with(kProt),
	UD, I(Syscall, "syscall").with(kEmulateOnUD), I(Clts, "clts").with(kPriv).icpt(Intercept::Clts),
	D("sysret").with(kPriv), I(Invd, "invd").with(kPriv).icpt(Intercept::Invd),
	by_prefix(k0F09), UD, D("ud2").with(kUndefined), UD,
	by_mod(kPrefetch), D("femms"), UD /* 3DNow!: not decoded (no current CPU has it) */,
	// 0F 1x
	by_prefix(kMovups), by_prefix(kMovupsStore), by_prefix(k0F12), by_prefix(k0F13),
	by_prefix(k0F14), by_prefix(k0F15), by_prefix(k0F16), by_prefix(k0F17),
	by_mod(kGroup16), I(Nop, "nop", none(Ev)),
	I(Nop, "nop", none(Ev)) /* MPX: not decoded as BND */, I(Nop, "nop", none(Ev)),
	by_mod(kHint1C), I(Nop, "nop", none(Ev)), by_prefix(kHint1E), I(Nop, "nop", none(Ev)),
	// 0F 2x
	I(MovCr, "mov", w(Rd_q), Cd_q).with(kPriv).icpt(Intercept::CrRead),
	I(MovDr, "mov", w(Rd_q), Dd_q).with(kPriv).icpt(Intercept::DrRead),
	I(MovCr, "mov", w(Cd_q), Rd_q).with(kPriv).icpt(Intercept::CrWrite),
	I(MovDr, "mov", w(Dd_q), Rd_q).with(kPriv).icpt(Intercept::DrWrite), UD, UD, UD, UD,
	by_prefix(k0F28), by_prefix(k0F29), by_prefix(k0F2A), by_prefix(k0F2B),
	by_prefix(k0F2C), by_prefix(k0F2D), by_prefix(k0F2E), by_prefix(k0F2F),
	// 0F 3x
	I(Wrmsr, "wrmsr").with(kPriv).icpt(Intercept::Wrmsr), I(Rdtsc, "rdtsc").icpt(Intercept::Rdtsc),
	I(Rdmsr, "rdmsr").with(kPriv).icpt(Intercept::Rdmsr), I(Rdpmc, "rdpmc").icpt(Intercept::Rdpmc),
	I(Sysenter, "sysenter").with(kEmulateOnUD),
	I(Sysexit, "sysexit").with(kPriv | kEmulateOnUD), UD, by_prefix(kGetsec),
	UD /* 0F 38 escape */, UD, UD /* 0F 3A escape */, UD, UD, UD, UD, UD,
	// 0F 4x: CMOVcc
	I(Cmov, "cmovo", rw(Gv), Ev), I(Cmov, "cmovno", rw(Gv), Ev),
	I(Cmov, "cmovb", rw(Gv), Ev), I(Cmov, "cmovae", rw(Gv), Ev),
	I(Cmov, "cmove", rw(Gv), Ev), I(Cmov, "cmovne", rw(Gv), Ev),
	I(Cmov, "cmovbe", rw(Gv), Ev), I(Cmov, "cmova", rw(Gv), Ev),
	I(Cmov, "cmovs", rw(Gv), Ev), I(Cmov, "cmovns", rw(Gv), Ev),
	I(Cmov, "cmovp", rw(Gv), Ev), I(Cmov, "cmovnp", rw(Gv), Ev),
	I(Cmov, "cmovl", rw(Gv), Ev), I(Cmov, "cmovge", rw(Gv), Ev),
	I(Cmov, "cmovle", rw(Gv), Ev), I(Cmov, "cmovg", rw(Gv), Ev),
	// 0F 5x
	by_prefix(k0F50), by_prefix(k0F51), by_prefix(k0F52), by_prefix(k0F53),
	by_prefix(k0F54), by_prefix(k0F55), by_prefix(k0F56), by_prefix(k0F57),
	by_prefix(k0F58), by_prefix(k0F59), by_prefix(k0F5A), by_prefix(k0F5B),
	by_prefix(k0F5C), by_prefix(k0F5D), by_prefix(k0F5E), by_prefix(k0F5F),
	// 0F 6x
	by_prefix(k0F60), by_prefix(k0F61), by_prefix(k0F62), by_prefix(k0F63),
	by_prefix(k0F64), by_prefix(k0F65), by_prefix(k0F66), by_prefix(k0F67),
	by_prefix(k0F68), by_prefix(k0F69), by_prefix(k0F6A), by_prefix(k0F6B),
	by_prefix(k0F6C), by_prefix(k0F6D), by_prefix(k0F6E), by_prefix(k0F6F),
	// 0F 7x
	by_prefix(k0F70), by_mod(kGroup12), by_mod(kGroup13), by_mod(kGroup14),
	by_prefix(k0F74), by_prefix(k0F75), by_prefix(k0F76), by_prefix(k0F77),
	by_prefix(k0F78), by_prefix(k0F79), UD, UD,
	by_prefix(k0F7C), by_prefix(k0F7D), by_prefix(k0F7E), by_prefix(k0F7F),
	// 0F 8x: Jcc rel16/32
	I(Jcc, "jo", Jz).with(kF64), I(Jcc, "jno", Jz).with(kF64),
	I(Jcc, "jb", Jz).with(kF64), I(Jcc, "jae", Jz).with(kF64),
	I(Jcc, "je", Jz).with(kF64), I(Jcc, "jne", Jz).with(kF64),
	I(Jcc, "jbe", Jz).with(kF64), I(Jcc, "ja", Jz).with(kF64),
	I(Jcc, "js", Jz).with(kF64), I(Jcc, "jns", Jz).with(kF64),
	I(Jcc, "jp", Jz).with(kF64), I(Jcc, "jnp", Jz).with(kF64),
	I(Jcc, "jl", Jz).with(kF64), I(Jcc, "jge", Jz).with(kF64),
	I(Jcc, "jle", Jz).with(kF64), I(Jcc, "jg", Jz).with(kF64),
	// 0F 9x: SETcc
	I(Setcc, "seto", w(Eb)), I(Setcc, "setno", w(Eb)), I(Setcc, "setb", w(Eb)), I(Setcc, "setae", w(Eb)),
	I(Setcc, "sete", w(Eb)), I(Setcc, "setne", w(Eb)), I(Setcc, "setbe", w(Eb)), I(Setcc, "seta", w(Eb)),
	I(Setcc, "sets", w(Eb)), I(Setcc, "setns", w(Eb)), I(Setcc, "setp", w(Eb)), I(Setcc, "setnp", w(Eb)),
	I(Setcc, "setl", w(Eb)), I(Setcc, "setge", w(Eb)), I(Setcc, "setle", w(Eb)), I(Setcc, "setg", w(Eb)),
	// 0F Ax
	I(PushSreg, "push", FS).with(kD64 | kStack), I(PopSreg, "pop", w(FS)).with(kD64 | kStack),
	I(Cpuid, "cpuid").icpt(Intercept::Cpuid),
	I(Bt, "bt", Ev, Gv), I(Shld, "shld", rw(Ev), Gv, Ib), I(Shld, "shld", rw(Ev), Gv, CL), UD, UD,
	I(PushSreg, "push", GS).with(kD64 | kStack), I(PopSreg, "pop", w(GS)).with(kD64 | kStack),
	I(Rsm, "rsm").with(kEmulateOnUD).icpt(Intercept::Rsm),
	I(Bts, "bts", rw(Ev), Gv).with(kLock), I(Shrd, "shrd", rw(Ev), Gv, Ib), I(Shrd, "shrd", rw(Ev), Gv, CL),
	by_mod(kGroup15), I(Imul, "imul", rw(Gv), Ev),
	// 0F Bx
	I(Cmpxchg, "cmpxchg", rw(Eb), Gb).with(kLock),
	I(Cmpxchg, "cmpxchg", rw(Ev), Gv).with(kLock), I(LoadFarPointer, "lss", w(Gv), Mp),
	I(Btr, "btr", rw(Ev), Gv).with(kLock), I(LoadFarPointer, "lfs", w(Gv), Mp),
	I(LoadFarPointer, "lgs", w(Gv), Mp), I(Movzx, "movzx", w(Gv), Eb),
	I(Movzx, "movzx", w(Gv), Ew), by_prefix(k0FB8), D("ud1", Gv, Ev).with(kUndefined), by_reg(kGroup8),
	I(Btc, "btc", rw(Ev), Gv).with(kLock), by_prefix(k0FBC), by_prefix(k0FBD), I(Movsx, "movsx", w(Gv), Eb),
	I(Movsx, "movsx", w(Gv), Ew),
	// 0F Cx
	I(Xadd, "xadd", rw(Eb), rw(Gb)).with(kLock), I(Xadd, "xadd", rw(Ev), rw(Gv)).with(kLock), by_prefix(k0FC2),
	by_prefix(k0FC3), by_prefix(k0FC4), by_prefix(k0FC5), by_prefix(k0FC6), by_mod(kGroup9),
	KEMU_X8(I(Bswap, "bswap", rw(Zv))),
	// 0F Dx
	by_prefix(k0FD0), by_prefix(k0FD1), by_prefix(k0FD2), by_prefix(k0FD3),
	by_prefix(k0FD4), by_prefix(k0FD5), by_prefix(k0FD6), by_prefix(k0FD7),
	by_prefix(k0FD8), by_prefix(k0FD9), by_prefix(k0FDA), by_prefix(k0FDB),
	by_prefix(k0FDC), by_prefix(k0FDD), by_prefix(k0FDE), by_prefix(k0FDF),
	// 0F Ex
	by_prefix(k0FE0), by_prefix(k0FE1), by_prefix(k0FE2), by_prefix(k0FE3),
	by_prefix(k0FE4), by_prefix(k0FE5), by_prefix(k0FE6), by_prefix(k0FE7),
	by_prefix(k0FE8), by_prefix(k0FE9), by_prefix(k0FEA), by_prefix(k0FEB),
	by_prefix(k0FEC), by_prefix(k0FED), by_prefix(k0FEE), by_prefix(k0FEF),
	// 0F Fx
	by_prefix(k0FF0), by_prefix(k0FF1), by_prefix(k0FF2), by_prefix(k0FF3),
	by_prefix(k0FF4), by_prefix(k0FF5), by_prefix(k0FF6), by_prefix(k0FF7),
	by_prefix(k0FF8), by_prefix(k0FF9), by_prefix(k0FFA), by_prefix(k0FFB),
	by_prefix(k0FFC), by_prefix(k0FFD), by_prefix(k0FFE), D("ud0", Gv, Ev).with(kUndefined),
};
static_assert(sizeof(kTwoByteMap) / sizeof(kTwoByteMap[0]) == 256, "0F map must have 256 entries");
#undef KEMU_X8
// clang-format on

} // namespace kemu::decode
