// SPDX-License-Identifier: GPL-2.0
// The two-byte opcode map, 0F xx (SDM Vol. 2 Table A-3), and its groups
// (Table A-6).  SSE rows select by mandatory prefix: {none, 66, F3, F2}.
#pragma once

#include "decode/opcode.h"

namespace kemu::decode {

// clang-format off

// Group 6 (0F 00)
inline constexpr Opcode kGroup6[8] = {
	I("sldt", Ewd).with(kProt).icpt(Intercept::Sldt), I("str", Ewd).with(kProt).icpt(Intercept::Str),
	I("lldt", Ew).with(kProt | kPriv).icpt(Intercept::Lldt),
	I("ltr", Ew).with(kProt | kPriv).icpt(Intercept::Ltr), I("verr", Ew).with(kProt), I("verw", Ew).with(kProt), UD, UD,
};

// Group 7 (0F 01): memory forms by reg, register forms by reg and rm.
inline constexpr Opcode kGroup7Mem5[4] = { UD, UD, I("rstorssp", Mq), UD };
inline constexpr Opcode kGroup7Mem[8] = {
	I("sgdt", Ms).icpt(Intercept::Sgdt), I("sidt", Ms).icpt(Intercept::Sidt),
	I("lgdt", Ms).with(kPriv).icpt(Intercept::Lgdt), I("lidt", Ms).with(kPriv).icpt(Intercept::Lidt),
	I("smsw", Ew).icpt(Intercept::Smsw), by_prefix(kGroup7Mem5),
	I("lmsw", Ew).with(kPriv).icpt(Intercept::Lmsw), I("invlpg", Mb).with(kPriv).icpt(Intercept::Invlpg),
};
// Register forms.  The SDM marks most of them NP: a 66, F2 or F3 prefix is #UD
// or selects another instruction (TDX, user interrupts, CET, TSX-LDTRK, SNP);
// the others (VMX, MONITOR/MWAIT, SVM, SWAPGS, RDTSCP, ...) ignore it.
inline constexpr Opcode kEnclv[4] = { I("enclv"), UD, UD, UD };
inline constexpr Opcode kPconfig[4] = { I("pconfig"), UD, UD, UD };
inline constexpr Opcode kGroup7Reg0[8] = {
	by_prefix(kEnclv), I("vmcall").with(kPriv | kEmulateOnUD), I("vmlaunch"), I("vmresume"), I("vmxoff"),
	by_prefix(kPconfig), UD, UD,
};
inline constexpr Opcode kClac[4] = { I("clac").with(kPriv), UD, UD, UD };
inline constexpr Opcode kStac[4] = { I("stac").with(kPriv), UD, UD, UD };
inline constexpr Opcode kTdcall[4] = { UD, I("tdcall"), UD, UD };
inline constexpr Opcode kSeamret[4] = { UD, I("seamret"), UD, UD };
inline constexpr Opcode kSeamops[4] = { UD, I("seamops"), UD, UD };
inline constexpr Opcode kEncls[4] = { I("encls"), I("seamcall"), UD, UD };
inline constexpr Opcode kGroup7Reg1[8] = {
	I("monitor").with(kPriv).icpt(Intercept::Monitor), I("mwait").with(kPriv).icpt(Intercept::Mwait),
	by_prefix(kClac), by_prefix(kStac), by_prefix(kTdcall), by_prefix(kSeamret), by_prefix(kSeamops),
	by_prefix(kEncls),
};
inline constexpr Opcode kXgetbv[4] = { I("xgetbv"), UD, UD, UD };
inline constexpr Opcode kXsetbv[4] = { I("xsetbv").with(kPriv).icpt(Intercept::Xsetbv), UD, UD, UD };
inline constexpr Opcode kVmfunc[4] = { I("vmfunc"), UD, UD, UD };
inline constexpr Opcode kXend[4] = { I("xend"), UD, UD, UD };
inline constexpr Opcode kXtest[4] = { I("xtest"), UD, UD, UD };
inline constexpr Opcode kEnclu[4] = { I("enclu"), UD, UD, UD };
inline constexpr Opcode kGroup7Reg2[8] = {
	by_prefix(kXgetbv), by_prefix(kXsetbv), UD, UD, by_prefix(kVmfunc), by_prefix(kXend),
	by_prefix(kXtest), by_prefix(kEnclu),
};
// SVM: all but VMMCALL need CPL 0; all need protected mode.
inline constexpr Opcode kGroup7Reg3[8] = {
	I("vmrun").with(kProt | kPriv).icpt(Intercept::Vmrun),
	I("vmmcall").with(kProt | kEmulateOnUD).icpt(Intercept::Vmmcall),
	I("vmload").with(kProt | kPriv).icpt(Intercept::Vmload),
	I("vmsave").with(kProt | kPriv).icpt(Intercept::Vmsave),
	I("stgi").with(kProt | kPriv).icpt(Intercept::Stgi),
	I("clgi").with(kProt | kPriv).icpt(Intercept::Clgi),
	I("skinit").with(kProt | kPriv).icpt(Intercept::Skinit),
	I("invlpga").with(kProt | kPriv).icpt(Intercept::Invlpga),
};
inline constexpr Opcode kGroup7Reg5Serialize[4] = { I("serialize"), UD, I("setssbsy"), I("xsusldtrk") };
inline constexpr Opcode kGroup7Reg5Resume[4] = { UD, UD, UD, I("xresldtrk") };
inline constexpr Opcode kGroup7Reg5SavePrev[4] = { UD, UD, I("saveprevssp"), UD };
inline constexpr Opcode kUiret[4] = { UD, UD, I("uiret"), UD };
inline constexpr Opcode kTestui[4] = { UD, UD, I("testui"), UD };
inline constexpr Opcode kRdpkru[4] = { I("rdpkru"), UD, I("clui"), UD };
inline constexpr Opcode kWrpkru[4] = { I("wrpkru"), UD, I("stui"), UD };
inline constexpr Opcode kGroup7Reg5[8] = {
	by_prefix(kGroup7Reg5Serialize), by_prefix(kGroup7Reg5Resume), by_prefix(kGroup7Reg5SavePrev), UD,
	by_prefix(kUiret), by_prefix(kTestui), by_prefix(kRdpkru), by_prefix(kWrpkru),
};
inline constexpr Opcode kSwapgs[2] = { UD, I("swapgs").with(kPriv) };
// AMD: F3/F2 0F 01 FE/FF are the SEV-SNP instructions.
inline constexpr Opcode kInvlpgb[4] = { I("invlpgb").with(kPriv), UD, I("rmpadjust"), I("rmpupdate") };
inline constexpr Opcode kTlbsync[4] = { I("tlbsync").with(kPriv), UD, I("psmash"), I("pvalidate") };
inline constexpr Opcode kGroup7Reg7[8] = {
	by_mode(kSwapgs), I("rdtscp").icpt(Intercept::Rdtscp), I("monitorx"), I("mwaitx"), I("clzero"), I("rdpru"),
	by_prefix(kInvlpgb), by_prefix(kTlbsync),
};
inline constexpr Opcode kGroup7Reg[8] = {
	by_rm(kGroup7Reg0), by_rm(kGroup7Reg1), by_rm(kGroup7Reg2), by_rm(kGroup7Reg3),
	I("smsw", Rv).icpt(Intercept::Smsw), by_rm(kGroup7Reg5),
	I("lmsw", Ew).with(kPriv).icpt(Intercept::Lmsw), by_rm(kGroup7Reg7),
};
inline constexpr Opcode kGroup7[2] = { by_reg(kGroup7Mem), by_reg(kGroup7Reg) };

// Group 8 (0F BA)
inline constexpr Opcode kGroup8[8] = {
	UD, UD, UD, UD, I("bt", Ev, Ib).with(kNoWrite), I("bts", Ev, Ib).with(kLock),
	I("btr", Ev, Ib).with(kLock), I("btc", Ev, Ib).with(kLock),
};

// Group 9 (0F C7)
inline constexpr Opcode kCmpxchg8b[2] = {
	I("cmpxchg8b", Mq).with(kLock), I("cmpxchg16b", Mdq).with(kLock),
};
inline constexpr Opcode kXrstors[2] = { I("xrstors", M).with(kPriv), I("xrstors64", M).with(kPriv) };
inline constexpr Opcode kXsavec[2] = { I("xsavec", M), I("xsavec64", M) };
inline constexpr Opcode kXsaves[2] = { I("xsaves", M).with(kPriv), I("xsaves64", M).with(kPriv) };
inline constexpr Opcode kGroup9Mem6[4] = {
	I("vmptrld", Mq), I("vmclear", Mq), I("vmxon", Mq), UD,
};
inline constexpr Opcode kGroup9Mem7[4] = { I("vmptrst", Mq), UD, UD, UD }; // NP
// XRSTORS, XSAVEC, XSAVES are NP: 66/F2/F3 is #UD.
inline constexpr Opcode kGroup9Mem3[4] = { by_rexw(kXrstors), UD, UD, UD };
inline constexpr Opcode kGroup9Mem4[4] = { by_rexw(kXsavec), UD, UD, UD };
inline constexpr Opcode kGroup9Mem5[4] = { by_rexw(kXsaves), UD, UD, UD };
inline constexpr Opcode kGroup9Mem[8] = {
	UD, by_rexw(kCmpxchg8b), UD, by_prefix(kGroup9Mem3), by_prefix(kGroup9Mem4), by_prefix(kGroup9Mem5),
	by_prefix(kGroup9Mem6), by_prefix(kGroup9Mem7),
};
inline constexpr Opcode kGroup9Reg6[4] = { I("rdrand", Rv), I("rdrand", Rv), I("senduipi", Rq).with(kO64), UD };
inline constexpr Opcode kGroup9Reg7[4] = {
	I("rdseed", Rv), I("rdseed", Rv), I("rdpid", Rq).with(kEmulateOnUD).icpt(Intercept::Rdpid), UD,
};
inline constexpr Opcode kGroup9Reg[8] = {
	UD, UD, UD, UD, UD, UD, by_prefix(kGroup9Reg6), by_prefix(kGroup9Reg7),
};
inline constexpr Opcode kGroup9[2] = { by_reg(kGroup9Mem), by_reg(kGroup9Reg) };

// Groups 12-14 (0F 71-73): MMX (no prefix) and SSE2 (66) shifts by immediate.
inline constexpr Opcode kPsrlwImm[4] = { I("psrlw", Nq, Ib), I("psrlw", Ux, Ib), UD, UD };
inline constexpr Opcode kPsrawImm[4] = { I("psraw", Nq, Ib), I("psraw", Ux, Ib), UD, UD };
inline constexpr Opcode kPsllwImm[4] = { I("psllw", Nq, Ib), I("psllw", Ux, Ib), UD, UD };
inline constexpr Opcode kPsrldImm[4] = { I("psrld", Nq, Ib), I("psrld", Ux, Ib), UD, UD };
inline constexpr Opcode kPsradImm[4] = { I("psrad", Nq, Ib), I("psrad", Ux, Ib), UD, UD };
inline constexpr Opcode kPslldImm[4] = { I("pslld", Nq, Ib), I("pslld", Ux, Ib), UD, UD };
inline constexpr Opcode kPsrlqImm[4] = { I("psrlq", Nq, Ib), I("psrlq", Ux, Ib), UD, UD };
inline constexpr Opcode kPsrldqImm[4] = { UD, I("psrldq", Ux, Ib), UD, UD };
inline constexpr Opcode kPsllqImm[4] = { I("psllq", Nq, Ib), I("psllq", Ux, Ib), UD, UD };
inline constexpr Opcode kPslldqImm[4] = { UD, I("pslldq", Ux, Ib), UD, UD };
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
inline constexpr Opcode kXsave[2] = { I("xsave", M), I("xsave64", M) };
inline constexpr Opcode kXrstor[2] = { I("xrstor", M), I("xrstor64", M) };
inline constexpr Opcode kXsaveopt[2] = { I("xsaveopt", M), I("xsaveopt64", M) };
// REX.W changes the image's layout, not the checks: both forms share KVM's
// entry, whose execution stops short of the image in 64-bit mode.
inline constexpr Opcode kFxsave[2] = { I("fxsave", M), I("fxsave64", M).exec(Handler::Fxsave) };
inline constexpr Opcode kFxrstor[2] = {
	I("fxrstor", M), I("fxrstor64", M).exec(Handler::Fxrstor),
};
inline constexpr Opcode kGroup15Mem0[4] = { by_rexw(kFxsave), UD, UD, UD }; // NP
inline constexpr Opcode kGroup15Mem1[4] = { by_rexw(kFxrstor), UD, UD, UD }; // NP
inline constexpr Opcode kGroup15Mem2[4] = { I("ldmxcsr", Md), UD, UD, UD };
inline constexpr Opcode kGroup15Mem3[4] = { I("stmxcsr", Md), UD, UD, UD };
inline constexpr Opcode kPtwrite[2] = { I("ptwrite", Ed), I("ptwrite", Eq) };
inline constexpr Opcode kGroup15Mem4[4] = { by_rexw(kXsave), UD, by_rexw(kPtwrite), UD };
inline constexpr Opcode kGroup15Mem5[4] = { by_rexw(kXrstor), UD, UD, UD };
inline constexpr Opcode kGroup15Mem6[4] = { by_rexw(kXsaveopt), I("clwb", Mb), I("clrssbsy", Mq), UD };
inline constexpr Opcode kGroup15Mem7[4] = { I("clflush", Mb), I("clflushopt", Mb), UD, UD };
inline constexpr Opcode kGroup15Mem[8] = {
	by_prefix(kGroup15Mem0), by_prefix(kGroup15Mem1), by_prefix(kGroup15Mem2),
	by_prefix(kGroup15Mem3), by_prefix(kGroup15Mem4), by_prefix(kGroup15Mem5),
	by_prefix(kGroup15Mem6), by_prefix(kGroup15Mem7),
};
inline constexpr Opcode kRdfsbase[4] = { UD, UD, I("rdfsbase", Ry).with(kO64), UD };
inline constexpr Opcode kRdgsbase[4] = { UD, UD, I("rdgsbase", Ry).with(kO64), UD };
inline constexpr Opcode kWrfsbase[4] = { UD, UD, I("wrfsbase", Ry).with(kO64), UD };
inline constexpr Opcode kWrgsbase[4] = { UD, UD, I("wrgsbase", Ry).with(kO64), UD };
// LFENCE is NP 0F AE E8 (E9-EF decode as LFENCE too); MFENCE and SFENCE are
// exactly F0 and F8, SFENCE with any prefix.  Prefixes select other
// instructions in the same slots.
inline constexpr Opcode kIncssp[2] = { I("incsspd", Rd), I("incsspq", Rq) };
inline constexpr Opcode kMfenceRm[8] = { I("mfence"), UD, UD, UD, UD, UD, UD, UD };
inline constexpr Opcode kSfenceRm[8] = { I("sfence"), UD, UD, UD, UD, UD, UD, UD };
inline constexpr Opcode kLfence[4] = { I("lfence"), UD, by_rexw(kIncssp), UD };
inline constexpr Opcode kMfence[4] = {
	by_rm(kMfenceRm), I("tpause", Rd), I("umonitor", Rv), I("umwait", Rd),
};
inline constexpr Opcode kSfence[4] = {
	by_rm(kSfenceRm), by_rm(kSfenceRm), by_rm(kSfenceRm), by_rm(kSfenceRm),
};
inline constexpr Opcode kPtwriteReg[2] = { I("ptwrite", Rd), I("ptwrite", Rq) };
inline constexpr Opcode kGroup15Reg4[4] = { UD, UD, by_rexw(kPtwriteReg), UD };
inline constexpr Opcode kGroup15Reg[8] = {
	by_prefix(kRdfsbase), by_prefix(kRdgsbase), by_prefix(kWrfsbase), by_prefix(kWrgsbase),
	by_prefix(kGroup15Reg4), by_prefix(kLfence), by_prefix(kMfence), by_prefix(kSfence),
};
inline constexpr Opcode kGroup15[2] = { by_reg(kGroup15Mem), by_reg(kGroup15Reg) };

// Group 16 (0F 18): prefetch hints; the other encodings are hint NOPs.
inline constexpr Opcode kGroup16Mem[8] = {
	I("prefetchnta", Mb), I("prefetcht0", Mb), I("prefetcht1", Mb), I("prefetcht2", Mb),
	I("nop", Ev), I("nop", Ev), I("nop", Ev), I("nop", Ev),
};
inline constexpr Opcode kGroup16[2] = { by_reg(kGroup16Mem), I("nop", Ev) };

// 0F 0D: AMD prefetches (memory only).
inline constexpr Opcode kPrefetchMem[8] = {
	I("prefetch", Mb), I("prefetchw", Mb), I("prefetchwt1", Mb), I("prefetch", Mb),
	I("prefetch", Mb), I("prefetch", Mb), I("prefetch", Mb), I("prefetch", Mb),
};
inline constexpr Opcode kPrefetch[2] = { by_reg(kPrefetchMem), UD };

// 0F 1C /0 (memory, no prefix) is CLDEMOTE; the rest of 0F 1C are hint NOPs.
// CLDEMOTE, ENDBR and RDSSP (a NOP while shadow stacks are off, and KVM
// gives a guest no CET) run as the NOPs KVM emulates all of 0F 18-1F as.
inline constexpr Opcode kCldemoteNp[4] = {
	I("cldemote", Mb).exec(Handler::Nop), I("nop", Ev), I("nop", Ev), I("nop", Ev),
};
inline constexpr Opcode kHint1CMem[8] = {
	by_prefix(kCldemoteNp), I("nop", Ev), I("nop", Ev), I("nop", Ev), I("nop", Ev), I("nop", Ev),
	I("nop", Ev), I("nop", Ev),
};
inline constexpr Opcode kHint1C[2] = { by_reg(kHint1CMem), I("nop", Ev) };

// 0F 1E: F3 0F 1E FA/FB are ENDBR64/ENDBR32; F3 0F 1E /1 (reg) is RDSSP.
inline constexpr Opcode kEndbrRm[8] = {
	I("nop", Ev), I("nop", Ev), I("endbr64").exec(Handler::Nop), I("endbr32").exec(Handler::Nop),
	I("nop", Ev), I("nop", Ev), I("nop", Ev), I("nop", Ev),
};
inline constexpr Opcode kRdssp[2] = {
	I("rdsspd", Rd).exec(Handler::Nop), I("rdsspq", Rq).exec(Handler::Nop),
};
inline constexpr Opcode kHint1EF3Reg[8] = {
	I("nop", Ev), by_rexw(kRdssp), I("nop", Ev), I("nop", Ev), I("nop", Ev), I("nop", Ev),
	I("nop", Ev), by_rm(kEndbrRm),
};
inline constexpr Opcode kHint1EF3[2] = { I("nop", Ev), by_reg(kHint1EF3Reg) };
inline constexpr Opcode kHint1E[4] = { I("nop", Ev), I("nop", Ev), by_mod(kHint1EF3), I("nop", Ev) };

// The SSE rows: {no prefix, 66, F3, F2}.
inline constexpr Opcode kMovups[4] = {
	I("movups", Vx, Wx).with(kSse | kMov), I("movupd", Vx, Wx).with(kSse | kMov),
	I("movss", Vx, Wd).with(kSse | kMov), I("movsd", Vx, Wq).with(kSse | kMov),
};
inline constexpr Opcode kMovupsStore[4] = {
	I("movups", Wx, Vx).with(kSse | kMov), I("movupd", Wx, Vx).with(kSse | kMov),
	I("movss", Wd, Vx).with(kSse | kMov), I("movsd", Wq, Vx).with(kSse | kMov),
};
inline constexpr Opcode kMovlps[2] = { I("movlps", Vq, Mq).with(kSse), I("movhlps", Vq, Udq).with(kSse) };
inline constexpr Opcode k0F12[4] = {
	by_mod(kMovlps), I("movlpd", Vq, Mq).with(kSse), I("movsldup", Vx, Wx).with(kSse),
	I("movddup", Vx, Wq).with(kSse),
};
inline constexpr Opcode k0F13[4] = { I("movlps", Mq, Vq).with(kSse), I("movlpd", Mq, Vq).with(kSse), UD, UD };
inline constexpr Opcode k0F14[4] = { I("unpcklps", Vx, Wx), I("unpcklpd", Vx, Wx), UD, UD };
inline constexpr Opcode k0F15[4] = { I("unpckhps", Vx, Wx), I("unpckhpd", Vx, Wx), UD, UD };
inline constexpr Opcode kMovhps[2] = { I("movhps", Vq, Mq).with(kSse), I("movlhps", Vq, Udq).with(kSse) };
inline constexpr Opcode k0F16[4] = {
	by_mod(kMovhps), I("movhpd", Vq, Mq).with(kSse), I("movshdup", Vx, Wx).with(kSse), UD,
};
inline constexpr Opcode k0F17[4] = { I("movhps", Mq, Vq).with(kSse), I("movhpd", Mq, Vq).with(kSse), UD, UD };
// 66 and F2 are ignored; F3 is WBNOINVD (WBINVD where it does not exist).
inline constexpr Opcode k0F09[4] = {
	I("wbinvd").with(kPriv).icpt(Intercept::Wbinvd), I("wbinvd").with(kPriv).icpt(Intercept::Wbinvd),
	I("wbnoinvd").with(kPriv).icpt(Intercept::Wbinvd), I("wbinvd").with(kPriv).icpt(Intercept::Wbinvd),
};
inline constexpr Opcode kGetsec[4] = { I("getsec"), UD, UD, UD }; // NP 0F 37
inline constexpr Opcode k0F77[4] = { I("emms"), UD, UD, UD };
inline constexpr Opcode k0FC3[4] = { I("movnti", My, Gy).with(kMov), UD, UD, UD };
inline constexpr Opcode k0F28[4] = {
	I("movaps", Vx, Wx).with(kSse | kMov | kAligned), I("movapd", Vx, Wx).with(kSse | kMov | kAligned), UD, UD,
};
inline constexpr Opcode k0F29[4] = {
	I("movaps", Wx, Vx).with(kSse | kMov | kAligned), I("movapd", Wx, Vx).with(kSse | kMov | kAligned), UD, UD,
};
inline constexpr Opcode k0F2A[4] = {
	I("cvtpi2ps", Vx, Qq), I("cvtpi2pd", Vx, Qq), I("cvtsi2ss", Vx, Ey), I("cvtsi2sd", Vx, Ey),
};
inline constexpr Opcode k0F2B[4] = {
	I("movntps", Mx, Vx).with(kSse | kMov | kAligned), I("movntpd", Mx, Vx).with(kSse | kMov | kAligned),
	I("movntss", Md, Vx).with(kSse | kMov), I("movntsd", Mq, Vx).with(kSse | kMov), // SSE4a
};
inline constexpr Opcode k0F2C[4] = {
	I("cvttps2pi", Pq, Wq), I("cvttpd2pi", Pq, Wx), I("cvttss2si", Gy, Wd), I("cvttsd2si", Gy, Wq),
};
inline constexpr Opcode k0F2D[4] = {
	I("cvtps2pi", Pq, Wq), I("cvtpd2pi", Pq, Wx), I("cvtss2si", Gy, Wd), I("cvtsd2si", Gy, Wq),
};
inline constexpr Opcode k0F2E[4] = { I("ucomiss", Vx, Wd), I("ucomisd", Vx, Wq), UD, UD };
inline constexpr Opcode k0F2F[4] = { I("comiss", Vx, Wd), I("comisd", Vx, Wq), UD, UD };
inline constexpr Opcode k0F50[4] = { I("movmskps", Gd, Ux), I("movmskpd", Gd, Ux), UD, UD };
inline constexpr Opcode k0F51[4] = { I("sqrtps", Vx, Wx), I("sqrtpd", Vx, Wx), I("sqrtss", Vx, Wd), I("sqrtsd", Vx, Wq) };
inline constexpr Opcode k0F52[4] = { I("rsqrtps", Vx, Wx), UD, I("rsqrtss", Vx, Wd), UD };
inline constexpr Opcode k0F53[4] = { I("rcpps", Vx, Wx), UD, I("rcpss", Vx, Wd), UD };
inline constexpr Opcode k0F54[4] = { I("andps", Vx, Wx), I("andpd", Vx, Wx), UD, UD };
inline constexpr Opcode k0F55[4] = { I("andnps", Vx, Wx), I("andnpd", Vx, Wx), UD, UD };
inline constexpr Opcode k0F56[4] = { I("orps", Vx, Wx), I("orpd", Vx, Wx), UD, UD };
inline constexpr Opcode k0F57[4] = { I("xorps", Vx, Wx), I("xorpd", Vx, Wx), UD, UD };
inline constexpr Opcode k0F58[4] = { I("addps", Vx, Wx), I("addpd", Vx, Wx), I("addss", Vx, Wd), I("addsd", Vx, Wq) };
inline constexpr Opcode k0F59[4] = { I("mulps", Vx, Wx), I("mulpd", Vx, Wx), I("mulss", Vx, Wd), I("mulsd", Vx, Wq) };
inline constexpr Opcode k0F5A[4] = { I("cvtps2pd", Vx, Wq), I("cvtpd2ps", Vx, Wx), I("cvtss2sd", Vx, Wd), I("cvtsd2ss", Vx, Wq) };
inline constexpr Opcode k0F5B[4] = { I("cvtdq2ps", Vx, Wx), I("cvtps2dq", Vx, Wx), I("cvttps2dq", Vx, Wx), UD };
inline constexpr Opcode k0F5C[4] = { I("subps", Vx, Wx), I("subpd", Vx, Wx), I("subss", Vx, Wd), I("subsd", Vx, Wq) };
inline constexpr Opcode k0F5D[4] = { I("minps", Vx, Wx), I("minpd", Vx, Wx), I("minss", Vx, Wd), I("minsd", Vx, Wq) };
inline constexpr Opcode k0F5E[4] = { I("divps", Vx, Wx), I("divpd", Vx, Wx), I("divss", Vx, Wd), I("divsd", Vx, Wq) };
inline constexpr Opcode k0F5F[4] = { I("maxps", Vx, Wx), I("maxpd", Vx, Wx), I("maxss", Vx, Wd), I("maxsd", Vx, Wq) };

// MMX (no prefix) / SSE2 (66) integer rows.
#define KEMU_MMX_SSE(table, name) \
	inline constexpr Opcode table[4] = { I(name, Pq, Qq).with(kMmx), I(name, Vx, Wx).with(kSse), UD, UD }
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
inline constexpr Opcode k0F6C[4] = { UD, I("punpcklqdq", Vx, Wx), UD, UD };
inline constexpr Opcode k0F6D[4] = { UD, I("punpckhqdq", Vx, Wx), UD, UD };
inline constexpr Opcode kMovdPq[2] = { I("movd", Pq, Ed).with(kMmx), I("movq", Pq, Eq).with(kMmx) };
inline constexpr Opcode kMovdVx[2] = { I("movd", Vx, Ed).with(kSse), I("movq", Vx, Eq).with(kSse) };
inline constexpr Opcode k0F6E[4] = { by_rexw(kMovdPq), by_rexw(kMovdVx), UD, UD };
inline constexpr Opcode k0F6F[4] = {
	I("movq", Pq, Qq).with(kMmx | kMov), I("movdqa", Vx, Wx).with(kSse | kMov | kAligned),
	I("movdqu", Vx, Wx).with(kSse | kMov), UD,
};
inline constexpr Opcode k0F70[4] = {
	I("pshufw", Pq, Qq, Ib), I("pshufd", Vx, Wx, Ib), I("pshufhw", Vx, Wx, Ib), I("pshuflw", Vx, Wx, Ib),
};
// 66/F2 0F 78/79 are AMD's SSE4a EXTRQ/INSERTQ.
inline constexpr Opcode kExtrqImmForm[2] = { UD, I("extrq", Ux, Ib).with(kImm8Also) };
inline constexpr Opcode k0F78[4] = {
	I("vmread", Ey, Gy).with(kD64), by_mod(kExtrqImmForm), UD,
	I("insertq", Vx, Ux, Ib).with(kImm8Also),
};
inline constexpr Opcode k0F79[4] = {
	I("vmwrite", Gy, Ey).with(kD64), I("extrq", Vx, Ux), UD, I("insertq", Vx, Ux),
};
inline constexpr Opcode k0F7C[4] = { UD, I("haddpd", Vx, Wx), UD, I("haddps", Vx, Wx) };
inline constexpr Opcode k0F7D[4] = { UD, I("hsubpd", Vx, Wx), UD, I("hsubps", Vx, Wx) };
inline constexpr Opcode kMovdEyPq[2] = { I("movd", Ed, Pq).with(kMmx), I("movq", Eq, Pq).with(kMmx) };
inline constexpr Opcode kMovdEyVx[2] = { I("movd", Ed, Vx).with(kSse), I("movq", Eq, Vx).with(kSse) };
inline constexpr Opcode k0F7E[4] = {
	by_rexw(kMovdEyPq), by_rexw(kMovdEyVx), I("movq", Vx, Wq).with(kSse), UD,
};
inline constexpr Opcode k0F7F[4] = {
	I("movq", Qq, Pq).with(kMmx | kMov), I("movdqa", Wx, Vx).with(kSse | kMov | kAligned),
	I("movdqu", Wx, Vx).with(kSse | kMov), UD,
};
inline constexpr Opcode k0FB8[4] = { UD, UD, I("popcnt", Gv, Ev), UD };
// F2 is ignored: BSF/BSR.
inline constexpr Opcode k0FBC[4] = { I("bsf", Gv, Ev), I("bsf", Gv, Ev), I("tzcnt", Gv, Ev), I("bsf", Gv, Ev) };
inline constexpr Opcode k0FBD[4] = { I("bsr", Gv, Ev), I("bsr", Gv, Ev), I("lzcnt", Gv, Ev), I("bsr", Gv, Ev) };
inline constexpr Opcode k0FC2[4] = {
	I("cmpps", Vx, Wx, Ib), I("cmppd", Vx, Wx, Ib), I("cmpss", Vx, Wd, Ib), I("cmpsd", Vx, Wq, Ib),
};
inline constexpr Opcode k0FC4[4] = { I("pinsrw", Pq, Ed, Ib), I("pinsrw", Vx, Ed, Ib), UD, UD };
inline constexpr Opcode k0FC5[4] = { I("pextrw", Gd, Nq, Ib), I("pextrw", Gd, Ux, Ib), UD, UD };
inline constexpr Opcode k0FC6[4] = { I("shufps", Vx, Wx, Ib), I("shufpd", Vx, Wx, Ib), UD, UD };
inline constexpr Opcode k0FD0[4] = { UD, I("addsubpd", Vx, Wx), UD, I("addsubps", Vx, Wx) };
inline constexpr Opcode k0FD6[4] = {
	UD, I("movq", Wq, Vx).with(kSse), I("movq2dq", Vx, Nq), I("movdq2q", Pq, Udq),
};
inline constexpr Opcode k0FD7[4] = { I("pmovmskb", Gd, Nq), I("pmovmskb", Gd, Ux), UD, UD };
inline constexpr Opcode k0FE6[4] = { UD, I("cvttpd2dq", Vx, Wx), I("cvtdq2pd", Vx, Wq), I("cvtpd2dq", Vx, Wx) };
inline constexpr Opcode k0FE7[4] = {
	I("movntq", Mq, Pq).with(kMmx | kMov), I("movntdq", Mx, Vx).with(kSse | kMov | kAligned), UD, UD,
};
inline constexpr Opcode k0FF0[4] = { UD, UD, UD, I("lddqu", Vx, Mx) };
inline constexpr Opcode k0FF7[4] = { I("maskmovq", Pq, Nq), I("maskmovdqu", Vx, Udq), UD, UD };

#define KEMU_X8(x) x, x, x, x, x, x, x, x

inline constexpr Opcode kTwoByteMap[] = {
	// 0F 0x
	by_reg(kGroup6), by_mod(kGroup7), I("lar", Gv, Ew).with(kProt), I("lsl", Gv, Ew).with(kProt),
	UD, I("syscall").with(kEmulateOnUD), I("clts").with(kPriv).icpt(Intercept::Clts),
	I("sysret").with(kPriv), I("invd").with(kPriv).icpt(Intercept::Invd), by_prefix(k0F09), UD, I("ud2").with(kUndefined), UD,
	by_mod(kPrefetch), I("femms"), UD /* 3DNow!: not decoded (no current CPU has it) */,
	// 0F 1x
	by_prefix(kMovups), by_prefix(kMovupsStore), by_prefix(k0F12), by_prefix(k0F13),
	by_prefix(k0F14), by_prefix(k0F15), by_prefix(k0F16), by_prefix(k0F17),
	by_mod(kGroup16), I("nop", Ev), I("nop", Ev) /* MPX: not decoded as BND */, I("nop", Ev),
	by_mod(kHint1C), I("nop", Ev), by_prefix(kHint1E), I("nop", Ev),
	// 0F 2x
	I("mov", Rdq, Cd).with(kPriv).icpt(Intercept::CrRead),
	I("mov", Rdq, Dd).with(kPriv).icpt(Intercept::DrRead),
	I("mov", Cd, Rdq).with(kPriv).icpt(Intercept::CrWrite),
	I("mov", Dd, Rdq).with(kPriv).icpt(Intercept::DrWrite), UD, UD, UD, UD,
	by_prefix(k0F28), by_prefix(k0F29), by_prefix(k0F2A), by_prefix(k0F2B),
	by_prefix(k0F2C), by_prefix(k0F2D), by_prefix(k0F2E), by_prefix(k0F2F),
	// 0F 3x
	I("wrmsr").with(kPriv).icpt(Intercept::Wrmsr), I("rdtsc").icpt(Intercept::Rdtsc),
	I("rdmsr").with(kPriv).icpt(Intercept::Rdmsr), I("rdpmc").icpt(Intercept::Rdpmc),
	I("sysenter").with(kEmulateOnUD), I("sysexit").with(kPriv | kEmulateOnUD), UD, by_prefix(kGetsec),
	UD /* 0F 38 escape */, UD, UD /* 0F 3A escape */, UD, UD, UD, UD, UD,
	// 0F 4x: CMOVcc
	I("cmovo", Gv, Ev), I("cmovno", Gv, Ev), I("cmovb", Gv, Ev), I("cmovae", Gv, Ev),
	I("cmove", Gv, Ev), I("cmovne", Gv, Ev), I("cmovbe", Gv, Ev), I("cmova", Gv, Ev),
	I("cmovs", Gv, Ev), I("cmovns", Gv, Ev), I("cmovp", Gv, Ev), I("cmovnp", Gv, Ev),
	I("cmovl", Gv, Ev), I("cmovge", Gv, Ev), I("cmovle", Gv, Ev), I("cmovg", Gv, Ev),
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
	I("jo", Jz).with(kF64), I("jno", Jz).with(kF64), I("jb", Jz).with(kF64), I("jae", Jz).with(kF64),
	I("je", Jz).with(kF64), I("jne", Jz).with(kF64), I("jbe", Jz).with(kF64), I("ja", Jz).with(kF64),
	I("js", Jz).with(kF64), I("jns", Jz).with(kF64), I("jp", Jz).with(kF64), I("jnp", Jz).with(kF64),
	I("jl", Jz).with(kF64), I("jge", Jz).with(kF64), I("jle", Jz).with(kF64), I("jg", Jz).with(kF64),
	// 0F 9x: SETcc
	I("seto", Eb), I("setno", Eb), I("setb", Eb), I("setae", Eb),
	I("sete", Eb), I("setne", Eb), I("setbe", Eb), I("seta", Eb),
	I("sets", Eb), I("setns", Eb), I("setp", Eb), I("setnp", Eb),
	I("setl", Eb), I("setge", Eb), I("setle", Eb), I("setg", Eb),
	// 0F Ax
	I("push", FS).with(kD64 | kStack), I("pop", FS).with(kD64 | kStack),
	I("cpuid").icpt(Intercept::Cpuid),
	I("bt", Ev, Gv).with(kNoWrite), I("shld", Ev, Gv, Ib), I("shld", Ev, Gv, CL), UD, UD,
	I("push", GS).with(kD64 | kStack), I("pop", GS).with(kD64 | kStack),
	I("rsm").with(kEmulateOnUD).icpt(Intercept::Rsm),
	I("bts", Ev, Gv).with(kLock), I("shrd", Ev, Gv, Ib), I("shrd", Ev, Gv, CL),
	by_mod(kGroup15), I("imul", Gv, Ev),
	// 0F Bx
	I("cmpxchg", Eb, Gb).with(kLock), I("cmpxchg", Ev, Gv).with(kLock), I("lss", Gv, Mp),
	I("btr", Ev, Gv).with(kLock), I("lfs", Gv, Mp), I("lgs", Gv, Mp), I("movzx", Gv, Eb),
	I("movzx", Gv, Ew), by_prefix(k0FB8), I("ud1", Gv, Ev).with(kUndefined), by_reg(kGroup8),
	I("btc", Ev, Gv).with(kLock), by_prefix(k0FBC), by_prefix(k0FBD), I("movsx", Gv, Eb),
	I("movsx", Gv, Ew),
	// 0F Cx
	I("xadd", Eb, Gb).with(kLock), I("xadd", Ev, Gv).with(kLock), by_prefix(k0FC2),
	by_prefix(k0FC3), by_prefix(k0FC4), by_prefix(k0FC5), by_prefix(k0FC6), by_mod(kGroup9),
	KEMU_X8(I("bswap", Zv)),
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
	by_prefix(k0FFC), by_prefix(k0FFD), by_prefix(k0FFE), I("ud0", Gv, Ev).with(kUndefined),
};
static_assert(sizeof(kTwoByteMap) / sizeof(kTwoByteMap[0]) == 256, "0F map must have 256 entries");
#undef KEMU_X8
// clang-format on

} // namespace kemu::decode
