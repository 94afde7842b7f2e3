// SPDX-License-Identifier: GPL-2.0
// The RFLAGS bits each emulated instruction reads, writes and leaves
// undefined, declared once per execution handler from the "Flags Affected"
// section of the instruction in the Intel SDM Vol. 2 (the AMD APM Vol. 3
// says the same for these).  The oracles (the real CPU, KVM's emulate.c)
// and the self-test vectors take the flags they must not compare from here;
// the native oracle checks the declarations against the CPU.
//
// Notation of an entry, fields separated by spaces (each optional):
//   r=  flags the instruction reads
//   w=  flags it writes with the value the SDM defines (result, operands)
//   0=  flags it always clears        1=  flags it always sets
//   u=  flags it leaves undefined: written, with a value the SDM does not define
// A flag in none of w= 0= 1= u= keeps its value.  Letters:
//   c CF  p PF  a AF  z ZF  s SF  o OF  d DF  i IF  t TF
//   n NT  l IOPL  f RF  v VM  x AC  j ID
// The rule refines the fields by the operands (FlagRule); entries with a
// mnemonic apply to that mnemonic of the handler only (LOOPE, INTO), the
// one without to the handler's other mnemonics.
#pragma once

#include "core.h"
#include "decode/opcode.h"

namespace kemu::exec {

// How the operands refine an entry's fields (flag_use below).
enum class FlagRule : u8 {
	Fixed,       // as declared
	Shift,       // SHL/SAL/SHR/SAR: masked count 0 changes nothing; OF undefined for
	             // count > 1; CF undefined for SHL/SHR with count >= width
	Rotate,      // ROL/ROR/RCL/RCR: masked count 0 changes nothing; OF undefined for count > 1
	DoubleShift, // SHLD/SHRD: count 0 changes nothing; OF undefined for count > 1;
	             // count > width: every flag and the result undefined
	Condition,   // Jcc/CMOVcc/SETcc: reads the flags of the condition (low opcode nibble)
	Context,     // which of the declared flags change depends on mode, CPL, IOPL or
	             // an MSR (POPF, IRET, INT, CLI/STI, SYSCALL, ...): the most it writes
};

struct FlagEffects {
	u32 read = 0, written = 0, cleared = 0, set = 0, undefined = 0;
	bool bad = false; // the notation did not parse (rejected at compile time)
};

namespace flag_notation {

struct Letter {
	char letter;
	u32 bits;
};
inline constexpr Letter kLetters[] = {
    {'o', 1u << 11}, {'s', 1u << 7},  {'z', 1u << 6},  {'a', 1u << 4},  {'p', 1u << 2},
    {'c', 1u << 0},  {'d', 1u << 10}, {'t', 1u << 8},  {'i', 1u << 9},  {'n', 1u << 14},
    {'l', 3u << 12}, {'f', 1u << 16}, {'v', 1u << 17}, {'x', 1u << 18}, {'j', 1u << 21},
};

constexpr u32 bit_of(char letter)
{
	for (const Letter &l : kLetters)
		if (l.letter == letter)
			return l.bits;
	return 0;
}

// "r=c w=oszapc" into its sets.
constexpr FlagEffects parse(const char *s)
{
	FlagEffects fx;
	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		u32 *field = nullptr;
		switch (*s) {
		case 'r':
			field = &fx.read;
			break;
		case 'w':
			field = &fx.written;
			break;
		case '0':
			field = &fx.cleared;
			break;
		case '1':
			field = &fx.set;
			break;
		case 'u':
			field = &fx.undefined;
			break;
		default:
			fx.bad = true;
			return fx;
		}
		if (s[1] != '=') {
			fx.bad = true;
			return fx;
		}
		for (s += 2; *s && *s != ' '; s++) {
			u32 b = bit_of(*s);
			if (!b || (*field & b)) {
				fx.bad = true;
				return fx;
			}
			*field |= b;
		}
	}
	// A flag that changes changes one way.
	if ((fx.written & (fx.cleared | fx.set | fx.undefined)) ||
	    (fx.cleared & (fx.set | fx.undefined)) || (fx.set & fx.undefined))
		fx.bad = true;
	return fx;
}

} // namespace flag_notation

struct FlagEntry {
	decode::Handler handler;
	const char *mnemonic; // nullptr: every mnemonic of the handler without its own entry
	FlagEffects fx;
	FlagRule rule;
	const char *sdm; // what the SDM says, in short
};

namespace flag_table {

constexpr FlagEntry F(decode::Handler h, const char *notation, const char *sdm,
                      FlagRule rule = FlagRule::Fixed)
{
	return {h, nullptr, flag_notation::parse(notation), rule, sdm};
}
constexpr FlagEntry F(decode::Handler h, const char *mnemonic, const char *notation,
                      const char *sdm, FlagRule rule)
{
	return {h, mnemonic, flag_notation::parse(notation), rule, sdm};
}

using H = decode::Handler;
using R = FlagRule;

// clang-format off
inline constexpr FlagEntry kEntries[] = {
	// data movement: no flag affected
	F(H::Mov, "", "MOV, MOVNTI: none"),
	F(H::Movzx, "", "MOVZX: none"),
	F(H::Movsx, "", "MOVSX/MOVSXD: none"),
	F(H::Movbe, "", "MOVBE: none"),
	F(H::Lea, "", "LEA: none"),
	F(H::Xchg, "", "XCHG: none"),
	F(H::Xadd, "w=oszapc", "XADD: as ADD"),
	F(H::Cmpxchg, "w=oszapc", "CMPXCHG: ZF by the comparison; CF PF AF SF OF as CMP"),
	F(H::Bswap, "", "BSWAP: none (16-bit operand: result undefined)"),
	F(H::Cbw, "", "CBW/CWDE/CDQE: none"),
	F(H::Cwd, "", "CWD/CDQ/CQO: none"),
	F(H::Cmov, "", "CMOVcc: none; reads the condition's flags", R::Condition),
	F(H::Setcc, "", "SETcc: none; reads the condition's flags", R::Condition),
	F(H::Xlat, "", "XLAT: none"),
	F(H::Nop, "", "NOP, PAUSE, PREFETCHh: none"),
	// integer arithmetic and logic
	F(H::Add, "w=oszapc", "ADD: OF SF ZF AF CF PF by the result"),
	F(H::Or, "w=szp 0=oc u=a", "OR: OF CF cleared; SF ZF PF by the result; AF undefined"),
	F(H::Adc, "r=c w=oszapc", "ADC: OF SF ZF AF CF PF by the result"),
	F(H::Sbb, "r=c w=oszapc", "SBB: OF SF ZF AF CF PF by the result"),
	F(H::And, "w=szp 0=oc u=a", "AND: OF CF cleared; SF ZF PF by the result; AF undefined"),
	F(H::Sub, "w=oszapc", "SUB: OF SF ZF AF CF PF by the result"),
	F(H::Xor, "w=szp 0=oc u=a", "XOR: OF CF cleared; SF ZF PF by the result; AF undefined"),
	F(H::Cmp, "w=oszapc", "CMP: CF OF SF ZF AF PF by the comparison"),
	F(H::Test, "w=szp 0=oc u=a", "TEST: OF CF cleared; SF ZF PF by the result; AF undefined"),
	F(H::Inc, "w=oszap", "INC: CF not affected; OF SF ZF AF PF by the result"),
	F(H::Dec, "w=oszap", "DEC: CF not affected; OF SF ZF AF PF by the result"),
	F(H::Neg, "w=oszapc", "NEG: CF = (source != 0); OF SF ZF AF PF by the result"),
	F(H::Not, "", "NOT: none"),
	F(H::Rol, "w=oc", "ROL: CF the last bit out; OF for 1-bit rotates only; SF ZF AF PF not affected", R::Rotate),
	F(H::Ror, "w=oc", "ROR: as ROL", R::Rotate),
	F(H::Rcl, "r=c w=oc", "RCL: through CF; 8/16-bit counts rotate mod 9/17, OF by the masked count", R::Rotate),
	F(H::Rcr, "r=c w=oc", "RCR: as RCL", R::Rotate),
	F(H::Shl, "w=oszpc u=a", "SAL/SHL: CF the last bit out; OF for 1-bit shifts only; AF undefined", R::Shift),
	F(H::Shr, "w=oszpc u=a", "SHR: as SHL", R::Shift),
	F(H::Sar, "w=oszpc u=a", "SAR: as SHL; CF the sign for count >= width", R::Shift),
	F(H::Shld, "w=oszpc u=a", "SHLD: AF undefined; OF for 1-bit shifts only; count > width: result and flags undefined", R::DoubleShift),
	F(H::Shrd, "w=oszpc u=a", "SHRD: as SHLD", R::DoubleShift),
	F(H::Mul, "w=oc u=szap", "MUL: OF CF = upper half != 0; SF ZF AF PF undefined"),
	F(H::Imul, "w=oc u=szap", "IMUL: OF CF = result truncated; SF ZF AF PF undefined"),
	F(H::Div, "u=oszapc", "DIV: CF OF SF ZF AF PF undefined"),
	F(H::Idiv, "u=oszapc", "IDIV: CF OF SF ZF AF PF undefined"),
	F(H::Bt, "w=c u=osap", "BT: CF the bit; ZF not affected; OF SF AF PF undefined"),
	F(H::Bts, "w=c u=osap", "BTS: as BT"),
	F(H::Btr, "w=c u=osap", "BTR: as BT"),
	F(H::Btc, "w=c u=osap", "BTC: as BT"),
	F(H::Bsf, "w=z u=osapc", "BSF: ZF = (source == 0); CF OF SF AF PF undefined (destination on a zero source: Intel undefined, AMD unchanged)"),
	F(H::Bsr, "w=z u=osapc", "BSR: as BSF"),
	F(H::Tzcnt, "w=zc u=osap", "TZCNT: ZF = (result == 0), CF = (source == 0); OF SF AF PF undefined"),
	F(H::Lzcnt, "w=zc u=osap", "LZCNT: as TZCNT"),
	F(H::Popcnt, "w=z 0=osapc", "POPCNT: OF SF AF CF PF cleared; ZF = (source == 0)"),
	// flags
	F(H::Clc, "0=c", "CLC: CF cleared"),
	F(H::Stc, "1=c", "STC: CF set"),
	F(H::Cmc, "r=c w=c", "CMC: CF complemented"),
	F(H::Cld, "0=d", "CLD: DF cleared"),
	F(H::Std, "1=d", "STD: DF set"),
	F(H::Lahf, "r=szapc", "LAHF: none affected; AH = SF ZF 0 AF 0 PF 1 CF"),
	F(H::Sahf, "w=szapc", "SAHF: SF ZF AF PF CF from AH bits 7 6 4 2 0"),
	F(H::Salc, "r=c", "SALC (undocumented): AL = CF ? 0xff : 0; none affected"),
	// stack and control transfer
	F(H::Push, "", "PUSH: none"),
	F(H::Pop, "", "POP: none"),
	F(H::Pushf, "r=oszapcdtinlxj", "PUSHF: none affected; the image has VM and RF clear"),
	F(H::Popf, "w=oszapcdtinlxj", "POPF: IF only when CPL <= IOPL, IOPL only at CPL 0; VM VIF VIP kept; RF cleared", R::Context),
	F(H::Enter, "", "ENTER: none"),
	F(H::Leave, "", "LEAVE: none"),
	F(H::Jcc, "", "Jcc: none; reads the condition's flags", R::Condition),
	F(H::Jmp, "", "JMP: none (near)"),
	F(H::Call, "", "CALL: none (near)"),
	F(H::Ret, "", "RET: none (near)"),
	F(H::Loop, "loope", "r=z", "LOOPE: none; reads ZF", R::Fixed),
	F(H::Loop, "loopne", "r=z", "LOOPNE: none; reads ZF", R::Fixed),
	F(H::Loop, "", "LOOP: none"),
	F(H::Jcxz, "", "JCXZ/JECXZ/JRCXZ: none"),
	// strings
	F(H::Movs, "r=d", "MOVS: none"),
	F(H::Stos, "r=d", "STOS: none"),
	F(H::Lods, "r=d", "LODS: none"),
	F(H::Cmps, "r=d w=oszapc", "CMPS: CF OF SF ZF AF PF by the comparison"),
	F(H::Scas, "r=d w=oszapc", "SCAS: OF SF ZF AF PF CF by the comparison"),
	// wide compare-exchange, all-register stack ops, decimal adjust
	F(H::Cmpxchg8b, "w=z", "CMPXCHG8B/16B: ZF by the comparison; CF PF AF SF OF not affected"),
	F(H::Pusha, "", "PUSHA: none"),
	F(H::Popa, "", "POPA: none"),
	F(H::Daa, "r=ac w=szapc u=o", "DAA: CF AF by the adjustment; SF ZF PF by the result; OF undefined"),
	F(H::Das, "r=ac w=szapc u=o", "DAS: as DAA"),
	F(H::Aaa, "r=a w=ac u=oszp", "AAA: AF CF by the adjustment; OF SF ZF PF undefined"),
	F(H::Aas, "r=a w=ac u=oszp", "AAS: as AAA"),
	F(H::Aam, "w=szp u=oac", "AAM: SF ZF PF by AL; OF AF CF undefined"),
	F(H::Aad, "w=szp u=oac", "AAD: as AAM"),
	// port I/O
	F(H::In, "", "IN: none"),
	F(H::Out, "", "OUT: none"),
	F(H::Ins, "r=d", "INS: none"),
	F(H::Outs, "r=d", "OUTS: none"),
	// system
	F(H::Cli, "0=i", "CLI: IF cleared (VIF instead under VME/PVI at CPL > IOPL)", R::Context),
	F(H::Sti, "1=i", "STI: IF set (VIF instead under VME/PVI at CPL > IOPL)", R::Context),
	F(H::Hlt, "", "HLT: none"),
	F(H::Cpuid, "", "CPUID: none"),
	F(H::Rdtsc, "", "RDTSC: none"),
	F(H::Rdpmc, "", "RDPMC: none"),
	F(H::Rdmsr, "", "RDMSR: none"),
	F(H::Wrmsr, "", "WRMSR: none"),
	F(H::MovCr, "u=oszapc", "MOV to/from CR: OF SF ZF AF PF CF undefined"),
	F(H::MovDr, "u=oszapc", "MOV to/from DR: OF SF ZF AF PF CF undefined"),
	F(H::Clts, "", "CLTS: none"),
	F(H::Lmsw, "", "LMSW: none"),
	F(H::Smsw, "", "SMSW: none"),
	F(H::Lgdt, "", "LGDT: none"),
	F(H::Lidt, "", "LIDT: none"),
	F(H::Sgdt, "", "SGDT: none"),
	F(H::Sidt, "", "SIDT: none"),
	F(H::Invlpg, "", "INVLPG: none"),
	F(H::Wbinvd, "", "WBINVD/WBNOINVD: none"),
	F(H::Invd, "", "INVD: none"),
	F(H::Xsetbv, "", "XSETBV: none"),
	F(H::Clflush, "", "CLFLUSH/CLFLUSHOPT: none"),
	// segment registers and far transfers
	F(H::MovToSreg, "", "MOV to Sreg: none"),
	F(H::MovFromSreg, "", "MOV from Sreg: none"),
	F(H::PushSreg, "", "PUSH Sreg: none"),
	F(H::PopSreg, "", "POP Sreg: none"),
	F(H::LoadFarPointer, "", "LDS/LES/LFS/LGS/LSS: none"),
	F(H::JmpFar, "w=oszapcdtinlfvxj", "far JMP: none, but through a task gate or TSS the new task's", R::Context),
	F(H::CallFar, "w=oszapcdtinlfvxj", "far CALL: none, but through a task gate or TSS the new task's", R::Context),
	F(H::RetFar, "", "far RET: none"),
	F(H::Iret, "w=oszapcdtinlfvxj", "IRET: loaded from the stack; IF, IOPL, VM by mode and CPL", R::Context),
	F(H::Int, "into", "r=o 0=tinfvx", "INTO: as INT n when OF is set", R::Context),
	F(H::Int, "0=tinfvx", "INT n/INT3: TF cleared; IF for interrupt gates; NT RF VM in protected mode; AC in real mode", R::Context),
	F(H::Sldt, "", "SLDT: none"),
	F(H::Str, "", "STR: none"),
	F(H::Lldt, "", "LLDT: none"),
	F(H::Ltr, "", "LTR: none"),
	F(H::Syscall, "0=oszapcdtinlfvxj", "SYSCALL: 64-bit mode clears what IA32_FMASK names (RF always); else VM IF RF", R::Context),
	F(H::Sysenter, "0=ifv", "SYSENTER: VM IF RF cleared", R::Context),
	F(H::Sysexit, "", "SYSEXIT: none"),
	F(H::Hypercall, "", "VMCALL/VMMCALL: none (the hypervisor's call)"),
	F(H::Rdpid, "", "RDPID: none"),
	// SSE and MMX register moves; x87 control and FXSAVE/FXRSTOR
	F(H::VectorMove, "", "MOVD/MOVQ/MOVAPS...: none"),
	F(H::X87Control, "", "FNINIT/FNSTCW/FNSTSW: none (x87 status only)"),
	F(H::Fxsave, "", "FXSAVE: none"),
	F(H::Fxrstor, "", "FXRSTOR: none"),
	F(H::Rsm, "w=oszapcdtinlfvxj", "RSM: loaded from the SMRAM state save area", R::Context),
	// ADX
	F(H::Adcx, "r=c w=c", "ADCX: CF is the unsigned carry out; the other flags unmodified"),
	F(H::Adox, "r=o w=o", "ADOX: OF is the unsigned carry out; the other flags unmodified"),
};
// clang-format on

} // namespace flag_table

// The table: one general entry per handler, and the mnemonic entries.
inline constexpr const auto &kFlagEffects = flag_table::kEntries;

namespace detail_flags {

constexpr bool same(const char *a, const char *b)
{
	return a && b && decode::detail::same(a, b);
}

} // namespace detail_flags

// The entry of `h` for `mnemonic` (nullptr: the handler's general entry).
constexpr const FlagEntry *flag_entry(decode::Handler h, const char *mnemonic = nullptr)
{
	const FlagEntry *general = nullptr;
	for (const FlagEntry &e : kFlagEffects) {
		if (e.handler != h)
			continue;
		if (!e.mnemonic)
			general = &e;
		else if (detail_flags::same(e.mnemonic, mnemonic))
			return &e;
	}
	return general;
}

// The table is complete (every handler up to the last, kLastHandler),
// parses, and has one general entry per handler.
constexpr bool flag_table_complete()
{
	for (unsigned h = 1; h <= static_cast<unsigned>(decode::kLastHandler); h++) {
		unsigned general = 0;
		for (const FlagEntry &e : kFlagEffects)
			if (static_cast<unsigned>(e.handler) == h && !e.mnemonic)
				general++;
		if (general != 1)
			return false;
	}
	for (const FlagEntry &e : kFlagEffects)
		if (e.fx.bad || e.handler == decode::Handler::None)
			return false;
	return true;
}
static_assert(flag_table_complete(), "kFlagEffects: one parsed entry per handler");

// What the operands of one execution decide.
struct FlagOperands {
	unsigned width = 0; // operand size in bits (of the destination)
	unsigned count = 0; // shifts/rotates: the count after the CPU's 5/6-bit mask
	u8 condition = 0;   // Jcc/CMOVcc/SETcc: the condition (low opcode nibble)
};

// An execution's flags: the fields of its entry refined by the operands.
struct FlagUse {
	u32 read = 0, written = 0, cleared = 0, set = 0, undefined = 0;
	bool result_undefined = false; // the destination itself is undefined
	constexpr u32 changed() const { return written | cleared | set | undefined; }
};

// The flags condition code `cc` tests (SDM Vol. 1 B.1).
constexpr u32 condition_reads(u8 cc)
{
	using flag_notation::bit_of;
	switch ((cc & 0xf) >> 1) {
	case 0:
		return bit_of('o');
	case 1:
		return bit_of('c');
	case 2:
		return bit_of('z');
	case 3:
		return bit_of('c') | bit_of('z');
	case 4:
		return bit_of('s');
	case 5:
		return bit_of('p');
	case 6:
		return bit_of('s') | bit_of('o');
	default:
		return bit_of('z') | bit_of('s') | bit_of('o');
	}
}

constexpr FlagUse flag_use(const FlagEntry &e, const FlagOperands &in)
{
	using flag_notation::bit_of;
	FlagUse u{e.fx.read, e.fx.written, e.fx.cleared, e.fx.set, e.fx.undefined, false};
	const u32 of = bit_of('o'), cf = bit_of('c');
	auto make_undefined = [&u](u32 bits) {
		bits &= u.written;
		u.written &= ~bits;
		u.undefined |= bits;
	};
	switch (e.rule) {
	case FlagRule::Fixed:
	case FlagRule::Context:
		break;
	case FlagRule::Condition:
		u.read |= condition_reads(in.condition);
		break;
	case FlagRule::Shift:
	case FlagRule::Rotate:
	case FlagRule::DoubleShift:
		if (in.count == 0)
			return {u.read, 0, 0, 0, 0, false};
		if (in.count > 1)
			make_undefined(of);
		if (e.rule == FlagRule::Shift && e.handler != decode::Handler::Sar &&
		    in.count >= in.width)
			make_undefined(cf);
		if (e.rule == FlagRule::DoubleShift && in.count > in.width) {
			make_undefined(u.written);
			u.result_undefined = true;
		}
		break;
	}
	return u;
}

// The flags of handler `h` (its mnemonic where entries differ by it) with
// these operands; an empty use for Handler::None.
constexpr FlagUse flag_use(decode::Handler h, const char *mnemonic, const FlagOperands &in)
{
	const FlagEntry *e = flag_entry(h, mnemonic);
	return e ? flag_use(*e, in) : FlagUse{};
}

// The entry of a decoded instruction (nullptr when nothing was decoded or
// its handler is None), and its flags with the general registers it starts
// from (a shift by CL; empty without an entry).
const FlagEntry *flag_entry_of(const kemu_insn &insn);
FlagUse flag_use_of(const kemu_insn &insn, const u64 *gprs);

} // namespace kemu::exec
