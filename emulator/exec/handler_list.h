// SPDX-License-Identifier: GPL-2.0
// The execution handlers, one line each: the one place a handler is
// registered.  From this list come the Handler enumeration the maps name
// (decode/opcode.h), the handlers' declarations (exec/handlers.h), the
// engine's dispatch switch (engine.cpp) and each handler's flag effects
// (exec/flag_effects.h):
//
//     X(Enumerator, function, "flags", "what the SDM says"[, FlagRule::rule])
//
// Enumerator is what a map entry names (I(Adcx, ...)); function the handler
// in exec/, declared Status function(kemu_ctxt &, Operands &); flags the
// RFLAGS bits it reads and changes in flag_effects.h's notation ("r=c w=c"),
// from the SDM's "Flags Affected"; the rule (default Fixed) how the operands
// refine them.  Entries that differ by mnemonic (LOOPE, INTO) stay in
// flag_effects.h.  A comment names the file that defines the functions of
// the lines below it.  A line's position is its enumerator's value: add new
// handlers at the end, so that the values, and the code of the dispatch,
// stay as they are.
#pragma once

// clang-format off
#define KEMU_HANDLERS(X) \
	/* moves.cpp */ \
	X(Mov,            mov,                 "",                  "MOV, MOVNTI: none") \
	X(Movzx,          movzx,               "",                  "MOVZX: none") \
	X(Movsx,          movsx,               "",                  "MOVSX/MOVSXD: none") \
	X(Movbe,          movbe,               "",                  "MOVBE: none") \
	X(Lea,            lea,                 "",                  "LEA: none") \
	X(Xchg,           xchg,                "",                  "XCHG: none") \
	X(Xadd,           xadd,                "w=oszapc",          "XADD: as ADD") \
	X(Cmpxchg,        cmpxchg,             "w=oszapc",          "CMPXCHG: ZF by the comparison; CF PF AF SF OF as CMP") \
	X(Bswap,          bswap,               "",                  "BSWAP: none (16-bit operand: result undefined)") \
	X(Cbw,            cbw,                 "",                  "CBW/CWDE/CDQE: none") \
	X(Cwd,            cwd,                 "",                  "CWD/CDQ/CQO: none") \
	X(Cmov,           cmov,                "",                  "CMOVcc: none; reads the condition's flags", FlagRule::Condition) \
	X(Setcc,          setcc,               "",                  "SETcc: none; reads the condition's flags", FlagRule::Condition) \
	X(Xlat,           xlat,                "",                  "XLAT: none") \
	X(Nop,            nop,                 "",                  "NOP, PAUSE, PREFETCHh: none") \
	/* alu.cpp */ \
	X(Add,            add,                 "w=oszapc",          "ADD: OF SF ZF AF CF PF by the result") \
	X(Or,             or_,                 "w=szp 0=oc u=a",    "OR: OF CF cleared; SF ZF PF by the result; AF undefined") \
	X(Adc,            adc,                 "r=c w=oszapc",      "ADC: OF SF ZF AF CF PF by the result") \
	X(Sbb,            sbb,                 "r=c w=oszapc",      "SBB: OF SF ZF AF CF PF by the result") \
	X(And,            and_,                "w=szp 0=oc u=a",    "AND: OF CF cleared; SF ZF PF by the result; AF undefined") \
	X(Sub,            sub,                 "w=oszapc",          "SUB: OF SF ZF AF CF PF by the result") \
	X(Xor,            xor_,                "w=szp 0=oc u=a",    "XOR: OF CF cleared; SF ZF PF by the result; AF undefined") \
	X(Cmp,            cmp,                 "w=oszapc",          "CMP: CF OF SF ZF AF PF by the comparison") \
	X(Test,           test,                "w=szp 0=oc u=a",    "TEST: OF CF cleared; SF ZF PF by the result; AF undefined") \
	X(Inc,            inc,                 "w=oszap",           "INC: CF not affected; OF SF ZF AF PF by the result") \
	X(Dec,            dec,                 "w=oszap",           "DEC: CF not affected; OF SF ZF AF PF by the result") \
	X(Neg,            neg,                 "w=oszapc",          "NEG: CF = (source != 0); OF SF ZF AF PF by the result") \
	X(Not,            not_,                "",                  "NOT: none") \
	/* shift.cpp */ \
	X(Rol,            rol,                 "w=oc",              "ROL: CF the last bit out; OF for 1-bit rotates only; SF ZF AF PF not affected", FlagRule::Rotate) \
	X(Ror,            ror,                 "w=oc",              "ROR: as ROL", FlagRule::Rotate) \
	X(Rcl,            rcl,                 "r=c w=oc",          "RCL: through CF; 8/16-bit counts rotate mod 9/17, OF by the masked count", FlagRule::Rotate) \
	X(Rcr,            rcr,                 "r=c w=oc",          "RCR: as RCL", FlagRule::Rotate) \
	X(Shl,            shl,                 "w=oszpc u=a",       "SAL/SHL: CF the last bit out; OF for 1-bit shifts only; AF undefined", FlagRule::Shift) \
	X(Shr,            shr,                 "w=oszpc u=a",       "SHR: as SHL", FlagRule::Shift) \
	X(Sar,            sar,                 "w=oszpc u=a",       "SAR: as SHL; CF the sign for count >= width", FlagRule::Shift) \
	X(Shld,           shld,                "w=oszpc u=a",       "SHLD: AF undefined; OF for 1-bit shifts only; count > width: result and flags undefined", FlagRule::DoubleShift) \
	X(Shrd,           shrd,                "w=oszpc u=a",       "SHRD: as SHLD", FlagRule::DoubleShift) \
	/* muldiv.cpp */ \
	X(Mul,            mul,                 "w=oc u=szap",       "MUL: OF CF = upper half != 0; SF ZF AF PF undefined") \
	X(Imul,           imul,                "w=oc u=szap",       "IMUL: OF CF = result truncated; SF ZF AF PF undefined") \
	X(Div,            div,                 "u=oszapc",          "DIV: CF OF SF ZF AF PF undefined") \
	X(Idiv,           idiv,                "u=oszapc",          "IDIV: CF OF SF ZF AF PF undefined") \
	/* bits.cpp */ \
	X(Bt,             bt,                  "w=c u=osap",        "BT: CF the bit; ZF not affected; OF SF AF PF undefined") \
	X(Bts,            bts,                 "w=c u=osap",        "BTS: as BT") \
	X(Btr,            btr,                 "w=c u=osap",        "BTR: as BT") \
	X(Btc,            btc,                 "w=c u=osap",        "BTC: as BT") \
	X(Bsf,            bsf,                 "w=z u=osapc",       "BSF: ZF = (source == 0); CF OF SF AF PF undefined (destination on a zero source: Intel undefined, AMD unchanged)") \
	X(Bsr,            bsr,                 "w=z u=osapc",       "BSR: as BSF") \
	X(Tzcnt,          tzcnt,               "w=zc u=osap",       "TZCNT: ZF = (result == 0), CF = (source == 0); OF SF AF PF undefined") \
	X(Lzcnt,          lzcnt,               "w=zc u=osap",       "LZCNT: as TZCNT") \
	X(Popcnt,         popcnt,              "w=z 0=osapc",       "POPCNT: OF SF AF CF PF cleared; ZF = (source == 0)") \
	/* flagops.cpp */ \
	X(Clc,            clc,                 "0=c",               "CLC: CF cleared") \
	X(Stc,            stc,                 "1=c",               "STC: CF set") \
	X(Cmc,            cmc,                 "r=c w=c",           "CMC: CF complemented") \
	X(Cld,            cld,                 "0=d",               "CLD: DF cleared") \
	X(Std,            set_direction_flag,  "1=d",               "STD: DF set") \
	X(Lahf,           lahf,                "r=szapc",           "LAHF: none affected; AH = SF ZF 0 AF 0 PF 1 CF") \
	X(Sahf,           sahf,                "w=szapc",           "SAHF: SF ZF AF PF CF from AH bits 7 6 4 2 0") \
	X(Salc,           salc,                "r=c",               "SALC (undocumented): AL = CF ? 0xff : 0; none affected") \
	/* stack.cpp */ \
	X(Push,           push,                "",                  "PUSH: none") \
	X(Pop,            pop,                 "",                  "POP: none") \
	X(Pushf,          pushf,               "r=oszapcdtinlxj",   "PUSHF: none affected; the image has VM and RF clear") \
	X(Popf,           popf,                "w=oszapcdtinlxj",   "POPF: IF only when CPL <= IOPL, IOPL only at CPL 0; VM VIF VIP kept; RF cleared", FlagRule::Context) \
	X(Enter,          enter,               "",                  "ENTER: none") \
	X(Leave,          leave,               "",                  "LEAVE: none") \
	/* branch.cpp */ \
	X(Jcc,            jcc,                 "",                  "Jcc: none; reads the condition's flags", FlagRule::Condition) \
	X(Jmp,            jmp,                 "",                  "JMP: none (near)") \
	X(Call,           call,                "",                  "CALL: none (near)") \
	X(Ret,            ret,                 "",                  "RET: none (near)") \
	X(Loop,           loop,                "",                  "LOOP: none") \
	X(Jcxz,           jcxz,                "",                  "JCXZ/JECXZ/JRCXZ: none") \
	/* string.cpp */ \
	X(Movs,           movs,                "r=d",               "MOVS: none") \
	X(Stos,           stos,                "r=d",               "STOS: none") \
	X(Lods,           lods,                "r=d",               "LODS: none") \
	X(Cmps,           cmps,                "r=d w=oszapc",      "CMPS: CF OF SF ZF AF PF by the comparison") \
	X(Scas,           scas,                "r=d w=oszapc",      "SCAS: OF SF ZF AF PF CF by the comparison") \
	/* moves.cpp */ \
	X(Cmpxchg8b,      cmpxchg8b,           "w=z",               "CMPXCHG8B/16B: ZF by the comparison; CF PF AF SF OF not affected") \
	/* stack.cpp */ \
	X(Pusha,          pusha,               "",                  "PUSHA: none") \
	X(Popa,           popa,                "",                  "POPA: none") \
	/* bcd.cpp */ \
	X(Daa,            daa,                 "r=ac w=szapc u=o",  "DAA: CF AF by the adjustment; SF ZF PF by the result; OF undefined") \
	X(Das,            das,                 "r=ac w=szapc u=o",  "DAS: as DAA") \
	X(Aaa,            aaa,                 "r=a w=ac u=oszp",   "AAA: AF CF by the adjustment; OF SF ZF PF undefined") \
	X(Aas,            aas,                 "r=a w=ac u=oszp",   "AAS: as AAA") \
	X(Aam,            aam,                 "w=szp u=oac",       "AAM: SF ZF PF by AL; OF AF CF undefined") \
	X(Aad,            aad,                 "w=szp u=oac",       "AAD: as AAM") \
	/* io.cpp */ \
	X(In,             in,                  "",                  "IN: none") \
	X(Out,            out,                 "",                  "OUT: none") \
	/* string.cpp */ \
	X(Ins,            ins,                 "r=d",               "INS: none") \
	X(Outs,           outs,                "r=d",               "OUTS: none") \
	/* system.cpp */ \
	X(Cli,            cli,                 "0=i",               "CLI: IF cleared (VIF instead under VME/PVI at CPL > IOPL)", FlagRule::Context) \
	X(Sti,            sti,                 "1=i",               "STI: IF set (VIF instead under VME/PVI at CPL > IOPL)", FlagRule::Context) \
	X(Hlt,            hlt,                 "",                  "HLT: none") \
	X(Cpuid,          cpuid,               "",                  "CPUID: none") \
	X(Rdtsc,          rdtsc,               "",                  "RDTSC: none") \
	X(Rdpmc,          rdpmc,               "",                  "RDPMC: none") \
	X(Rdmsr,          rdmsr,               "",                  "RDMSR: none") \
	X(Wrmsr,          wrmsr,               "",                  "WRMSR: none") \
	X(MovCr,          mov_cr,              "u=oszapc",          "MOV to/from CR: OF SF ZF AF PF CF undefined") \
	X(MovDr,          mov_dr,              "u=oszapc",          "MOV to/from DR: OF SF ZF AF PF CF undefined") \
	X(Clts,           clts,                "",                  "CLTS: none") \
	X(Lmsw,           lmsw,                "",                  "LMSW: none") \
	X(Smsw,           smsw,                "",                  "SMSW: none") \
	X(Lgdt,           lgdt,                "",                  "LGDT: none") \
	X(Lidt,           lidt,                "",                  "LIDT: none") \
	X(Sgdt,           sgdt,                "",                  "SGDT: none") \
	X(Sidt,           sidt,                "",                  "SIDT: none") \
	X(Invlpg,         invlpg,              "",                  "INVLPG: none") \
	X(Wbinvd,         wbinvd,              "",                  "WBINVD/WBNOINVD: none") \
	X(Invd,           invd,                "",                  "INVD: none") \
	X(Xsetbv,         xsetbv,              "",                  "XSETBV: none") \
	X(Clflush,        clflush,             "",                  "CLFLUSH/CLFLUSHOPT: none") \
	/* segment.cpp */ \
	X(MovToSreg,      mov_to_sreg,         "",                  "MOV to Sreg: none") \
	X(MovFromSreg,    mov_from_sreg,       "",                  "MOV from Sreg: none") \
	X(PushSreg,       push_sreg,           "",                  "PUSH Sreg: none") \
	X(PopSreg,        pop_sreg,            "",                  "POP Sreg: none") \
	X(LoadFarPointer, load_far_pointer,    "",                  "LDS/LES/LFS/LGS/LSS: none") \
	X(JmpFar,         jmp_far,             "w=oszapcdtinlfvxj", "far JMP: none, but through a task gate or TSS the new task's", FlagRule::Context) \
	X(CallFar,        call_far,            "w=oszapcdtinlfvxj", "far CALL: none, but through a task gate or TSS the new task's", FlagRule::Context) \
	X(RetFar,         ret_far,             "",                  "far RET: none") \
	X(Iret,           iret,                "w=oszapcdtinlfvxj", "IRET: loaded from the stack; IF, IOPL, VM by mode and CPL", FlagRule::Context) \
	X(Int,            int_n,               "0=tinfvx",          "INT n/INT3: TF cleared; IF for interrupt gates; NT RF VM in protected mode; AC in real mode", FlagRule::Context) \
	X(Sldt,           sldt,                "",                  "SLDT: none") \
	X(Str,            store_task_register, "",                  "STR: none") \
	X(Lldt,           lldt,                "",                  "LLDT: none") \
	X(Ltr,            ltr,                 "",                  "LTR: none") \
	/* syscall.cpp */ \
	X(Syscall,        syscall,             "0=oszapcdtinlfvxj", "SYSCALL: 64-bit mode clears what IA32_FMASK names (RF always); else VM IF RF", FlagRule::Context) \
	X(Sysenter,       sysenter,            "0=ifv",             "SYSENTER: VM IF RF cleared", FlagRule::Context) \
	X(Sysexit,        sysexit,             "",                  "SYSEXIT: none") \
	/* system.cpp */ \
	X(Hypercall,      hypercall,           "",                  "VMCALL/VMMCALL: none (the hypervisor's call)") \
	X(Rdpid,          rdpid,               "",                  "RDPID: none") \
	/* vector.cpp */ \
	X(VectorMove,     vector_move,         "",                  "MOVD/MOVQ/MOVAPS...: none") \
	/* fpu.cpp */ \
	X(X87Control,     x87_control,         "",                  "FNINIT/FNSTCW/FNSTSW: none (x87 status only)") \
	X(Fxsave,         fxsave,              "",                  "FXSAVE: none") \
	X(Fxrstor,        fxrstor,             "",                  "FXRSTOR: none") \
	/* syscall.cpp */ \
	X(Rsm,            rsm,                 "w=oszapcdtinlfvxj", "RSM: loaded from the SMRAM state save area", FlagRule::Context) \
	/* alu.cpp */ \
	X(Adcx,           adcx,                "r=c w=c",           "ADCX: CF is the unsigned carry out; the other flags unmodified") \
	X(Adox,           adox,                "r=o w=o",           "ADOX: OF is the unsigned carry out; the other flags unmodified")
// clang-format on
