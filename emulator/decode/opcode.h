// SPDX-License-Identifier: GPL-2.0
// The vocabulary of the opcode maps: operands in the SDM's notation (Vol. 2,
// Appendix A.2) and table entries that are either an instruction or a
// selector that picks the next table (by ModRM.reg, by mandatory prefix, ...).
#pragma once

#include "core.h"

namespace kemu::decode {

// Where an operand lives (SDM A.2.1 addressing methods, plus fixed ones).
enum class Loc : u8 {
	None,
	A,   // far pointer in the instruction (ptr16:16/32)
	B,   // VEX.vvvv general register
	C,   // ModRM.reg control register
	D,   // ModRM.reg debug register
	E,   // ModRM r/m: general register or memory
	G,   // ModRM.reg general register
	H,   // VEX.vvvv xmm/ymm
	I,   // immediate
	J,   // relative offset
	L,   // imm8[7:4] xmm/ymm register
	M,   // ModRM r/m: memory only
	N,   // ModRM r/m: mmx register only
	O,   // moffs: absolute offset, address-size wide
	P,   // ModRM.reg mmx register
	Q,   // ModRM r/m: mmx register or memory
	R,   // ModRM r/m: general register only
	S,   // ModRM.reg segment register
	T,   // ModRM.reg test register (never valid today)
	U,   // ModRM r/m: xmm register only
	V,   // ModRM.reg xmm register
	W,   // ModRM r/m: xmm register or memory
	X,   // DS:rSI string source
	Y,   // ES:rDI string destination
	Z,   // general register in the opcode's low 3 bits (+REX.B)
	Reg, // a fixed general register (Operand::reg)
	Seg, // a fixed segment register (Operand::reg)
	One, // the constant 1 (shifts)
	St0, // x87 ST(0)
	Sti, // x87 ST(i), i = ModRM.rm
};

// How wide an operand is (SDM A.2.2 operand types).
enum class Width : u8 {
	None,
	b,   // byte
	bs,  // byte, sign-extended to the operand size (83, 6A, 6B)
	w,   // word
	d,   // doubleword
	q,   // quadword
	v,   // 16/32/64 by operand size
	z,   // 16/32: operand size, 32 for 64-bit operands (immediates sign-extend)
	y,   // 32/64: doubleword, quadword with REX.W (or o64)
	dq,  // 128 bits
	x,   // 128 or 256 bits by VEX.L
	p,   // far pointer: 16:16, 16:32 or 16:64
	s,   // pseudo-descriptor: 6 or 10 bytes
	a,   // BOUND pair
	t,   // x87 80-bit
	m,   // memory of no particular size (LEA, INVLPG, FXSAVE image, ...)
	w_d, // 16-bit value, 32-bit register: e.g. "Rv/Mw" for SLDT, MOV Sreg
	d_q, // 32 bits, 64 in 64-bit mode whatever the prefixes (MOV CR/DR)
};

struct Operand {
	Loc loc = Loc::None;
	Width width = Width::None;
	u8 reg = 0; // for Loc::Reg / Loc::Seg
};

// Bytes of an operand of width `w` in a decoded instruction (0: no fixed size,
// e.g. the m of LEA or FXSAVE's image).
constexpr unsigned width_bytes(Width w, const kemu_insn &insn, bool long_mode)
{
	switch (w) {
	case Width::b:
	case Width::bs:
		return 1;
	case Width::w:
	case Width::w_d:
		return 2;
	case Width::d:
		return 4;
	case Width::q:
		return 8;
	case Width::d_q:
		return long_mode ? 8 : 4;
	case Width::v:
		return insn.op_bytes;
	case Width::z:
		return insn.op_bytes == 2 ? 2 : 4;
	case Width::y:
		return insn.op_bytes == 8 ? 8 : 4;
	case Width::dq:
		return 16;
	case Width::x:
		return insn.vex_l ? 32 : 16;
	case Width::t:
		return 10;
	case Width::p:
		return insn.op_bytes + 2u;
	case Width::s:
	case Width::a:
	case Width::m:
	case Width::None:
		break;
	}
	return 0;
}

// Execution handlers; the engine dispatches on these.  None: the encoding
// is decoded (length, text) but not emulated.  Entries get theirs from the
// mnemonic (handler_for below); the maps override where a name has two meanings.
// clang-format off
enum class Handler : u8 {
	None,
	// data movement
	Mov, Movzx, Movsx, Movbe, Lea, Xchg, Xadd, Cmpxchg, Bswap, Cbw, Cwd, Cmov, Setcc, Xlat, Nop,
	// integer arithmetic and logic
	Add, Or, Adc, Sbb, And, Sub, Xor, Cmp, Test, Inc, Dec, Neg, Not,
	Rol, Ror, Rcl, Rcr, Shl, Shr, Sar, Shld, Shrd,
	Mul, Imul, Div, Idiv,
	Bt, Bts, Btr, Btc, Bsf, Bsr, Tzcnt, Lzcnt, Popcnt,
	// flags
	Clc, Stc, Cmc, Cld, Std, Lahf, Sahf, Salc,
	// stack and control transfer
	Push, Pop, Pushf, Popf, Enter, Leave, Jcc, Jmp, Call, Ret, Loop, Jcxz,
	// strings
	Movs, Stos, Lods, Cmps, Scas,
	// more integer: wide compare-exchange, all-register stack ops, decimal adjust
	Cmpxchg8b, Pusha, Popa, Daa, Das, Aaa, Aas, Aam, Aad,
	// port I/O
	In, Out, Ins, Outs,
	// system
	Cli, Sti, Hlt, Cpuid, Rdtsc, Rdpmc, Rdmsr, Wrmsr, MovCr, MovDr, Clts, Lmsw, Smsw,
	Lgdt, Lidt, Sgdt, Sidt, Invlpg, Wbinvd, Invd, Xsetbv, Clflush,
	// segment registers and far transfers
	MovToSreg, MovFromSreg, PushSreg, PopSreg, LoadFarPointer, JmpFar, CallFar, RetFar, Iret, Int,
	Sldt, Str, Lldt, Ltr, Syscall, Sysenter, Sysexit, Hypercall, Rdpid,
	// SSE and MMX register moves; x87 control and FXSAVE/FXRSTOR
	VectorMove, X87Control, Fxsave, Fxrstor, Rsm,
};
// clang-format on

namespace detail {
constexpr bool same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}
constexpr bool starts_with(const char *s, const char *prefix)
{
	while (*prefix && *s == *prefix)
		s++, prefix++;
	return *prefix == 0;
}
} // namespace detail

struct NamedHandler {
	const char *mnemonic;
	Handler handler;
};

// The handler of each mnemonic whose one meaning is the integer instruction.
// clang-format off
inline constexpr NamedHandler kHandlersByName[] = {
	{"mov", Handler::Mov}, {"movzx", Handler::Movzx}, {"movsx", Handler::Movsx},
	{"movsxd", Handler::Movsx}, {"movbe", Handler::Movbe}, {"lea", Handler::Lea},
	{"xchg", Handler::Xchg}, {"xadd", Handler::Xadd}, {"cmpxchg", Handler::Cmpxchg},
	{"bswap", Handler::Bswap}, {"cbw", Handler::Cbw}, {"cwde", Handler::Cbw},
	{"cdqe", Handler::Cbw}, {"cwd", Handler::Cwd}, {"cdq", Handler::Cwd}, {"cqo", Handler::Cwd},
	{"xlat", Handler::Xlat}, {"nop", Handler::Nop},
	// Hints that change no guest state (KVM emulates them so).
	{"prefetch", Handler::Nop}, {"prefetchw", Handler::Nop}, {"prefetchwt1", Handler::Nop},
	{"prefetchnta", Handler::Nop},
	{"prefetcht0", Handler::Nop}, {"prefetcht1", Handler::Nop}, {"prefetcht2", Handler::Nop},
	{"clflush", Handler::Clflush}, {"clflushopt", Handler::Clflush},
	{"add", Handler::Add}, {"or", Handler::Or}, {"adc", Handler::Adc}, {"sbb", Handler::Sbb},
	{"and", Handler::And}, {"sub", Handler::Sub}, {"xor", Handler::Xor}, {"cmp", Handler::Cmp},
	{"test", Handler::Test}, {"inc", Handler::Inc}, {"dec", Handler::Dec},
	{"neg", Handler::Neg}, {"not", Handler::Not},
	{"rol", Handler::Rol}, {"ror", Handler::Ror}, {"rcl", Handler::Rcl}, {"rcr", Handler::Rcr},
	{"shl", Handler::Shl}, {"sal", Handler::Shl}, {"shr", Handler::Shr}, {"sar", Handler::Sar},
	{"shld", Handler::Shld}, {"shrd", Handler::Shrd},
	{"mul", Handler::Mul}, {"imul", Handler::Imul}, {"div", Handler::Div}, {"idiv", Handler::Idiv},
	{"bt", Handler::Bt}, {"bts", Handler::Bts}, {"btr", Handler::Btr}, {"btc", Handler::Btc},
	{"bsf", Handler::Bsf}, {"bsr", Handler::Bsr}, {"tzcnt", Handler::Tzcnt},
	{"lzcnt", Handler::Lzcnt}, {"popcnt", Handler::Popcnt},
	{"clc", Handler::Clc}, {"stc", Handler::Stc}, {"cmc", Handler::Cmc}, {"cld", Handler::Cld},
	{"std", Handler::Std}, {"lahf", Handler::Lahf}, {"sahf", Handler::Sahf},
	{"salc", Handler::Salc},
	{"push", Handler::Push}, {"pop", Handler::Pop},
	{"pushf", Handler::Pushf}, {"pushfd", Handler::Pushf}, {"pushfq", Handler::Pushf},
	{"popf", Handler::Popf}, {"popfd", Handler::Popf}, {"popfq", Handler::Popf},
	{"enter", Handler::Enter}, {"leave", Handler::Leave},
	{"jmp", Handler::Jmp}, {"call", Handler::Call}, {"ret", Handler::Ret},
	{"loop", Handler::Loop}, {"loope", Handler::Loop}, {"loopne", Handler::Loop},
	{"jcxz", Handler::Jcxz}, {"jecxz", Handler::Jcxz}, {"jrcxz", Handler::Jcxz},
	{"movs", Handler::Movs}, {"stos", Handler::Stos}, {"lods", Handler::Lods},
	{"cmps", Handler::Cmps}, {"scas", Handler::Scas},
	{"cmpxchg8b", Handler::Cmpxchg8b}, {"cmpxchg16b", Handler::Cmpxchg8b},
	{"pusha", Handler::Pusha}, {"pushad", Handler::Pusha},
	{"popa", Handler::Popa}, {"popad", Handler::Popa},
	{"daa", Handler::Daa}, {"das", Handler::Das}, {"aaa", Handler::Aaa}, {"aas", Handler::Aas},
	{"aam", Handler::Aam}, {"aad", Handler::Aad},
	{"in", Handler::In}, {"out", Handler::Out}, {"ins", Handler::Ins}, {"outs", Handler::Outs},
	{"cli", Handler::Cli}, {"sti", Handler::Sti}, {"hlt", Handler::Hlt},
	{"cpuid", Handler::Cpuid}, {"rdtsc", Handler::Rdtsc}, {"rdpmc", Handler::Rdpmc},
	{"rdmsr", Handler::Rdmsr}, {"wrmsr", Handler::Wrmsr},
	{"clts", Handler::Clts}, {"lmsw", Handler::Lmsw}, {"smsw", Handler::Smsw},
	{"lgdt", Handler::Lgdt}, {"lidt", Handler::Lidt}, {"sgdt", Handler::Sgdt},
	{"sidt", Handler::Sidt}, {"invlpg", Handler::Invlpg}, {"wbinvd", Handler::Wbinvd},
	{"invd", Handler::Invd}, {"xsetbv", Handler::Xsetbv}, {"wbnoinvd", Handler::Wbinvd},
	{"retf", Handler::RetFar}, {"iret", Handler::Iret}, {"iretd", Handler::Iret},
	{"iretq", Handler::Iret}, {"int", Handler::Int}, {"int3", Handler::Int}, {"into", Handler::Int},
	{"sldt", Handler::Sldt}, {"str", Handler::Str}, {"lldt", Handler::Lldt}, {"ltr", Handler::Ltr},
	{"syscall", Handler::Syscall}, {"sysenter", Handler::Sysenter}, {"sysexit", Handler::Sysexit},
	{"vmcall", Handler::Hypercall}, {"vmmcall", Handler::Hypercall}, {"rdpid", Handler::Rdpid},
	{"movnti", Handler::Mov},
	{"fninit", Handler::X87Control}, {"fnstcw", Handler::X87Control},
	{"fnstsw", Handler::X87Control}, {"fxsave", Handler::Fxsave}, {"fxrstor", Handler::Fxrstor},
	{"rsm", Handler::Rsm},
};
// Condition-code families: the condition is the opcode's low nibble.
inline constexpr const char *kJccNames[] = {
	"jo", "jno", "jb", "jae", "je", "jne", "jbe", "ja",
	"js", "jns", "jp", "jnp", "jl", "jge", "jle", "jg",
};
// clang-format on

// Attributes (SDM superscripts and KVM's decode flags).
enum Attr : u32 {
	kModrm = 1u << 0,        // a ModRM byte follows (set by the builders)
	kLock = 1u << 1,         // LOCK allowed (memory destination only)
	kI64 = 1u << 2,          // invalid in 64-bit mode
	kO64 = 1u << 3,          // valid only in 64-bit mode
	kD64 = 1u << 4,          // 64-bit default operand size in 64-bit mode (66 gives 16)
	kF64 = 1u << 5,          // operand size forced to 64 in 64-bit mode (near branches)
	kRep = 1u << 6,          // F3/F2 are REP/REPE/REPNE (string instructions)
	kImm8Also = 1u << 7,     // an extra imm8 follows the other operands (ENTER)
	kPriv = 1u << 8,         // CPL 0 only (KVM's Priv)
	kProt = 1u << 9,         // #UD in real and virtual-8086 mode (KVM's Prot)
	kStack = 1u << 10,       // implicit stack access (KVM's Stack)
	kNoWrite = 1u << 11,     // the destination is only read (CMP, TEST, BT)
	kSse = 1u << 12,         // SSE register operands
	kMmx = 1u << 13,         // MMX register operands
	kFar = 1u << 14,         // far transfer
	kMov = 1u << 15,         // plain move: the destination is not read (KVM's Mov)
	kAligned = 1u << 16,     // 16-byte alignment required (MOVAPS, MOVDQA, ...)
	kString = 1u << 17,      // string instruction (KVM's String)
	kNoRex8 = 1u << 18,      // byte registers: AH-BH only without REX (set per operand)
	kW1Name = 1u << 19,      // REX.W selects the second mnemonic (cmpxchg8b/16b, ...)
	kOpSizeName = 1u << 20,  // mnemonic has w/d/q forms by operand size (cbw/cwde/cdqe, ...)
	kX87 = 1u << 21,         // x87 instruction
	kUndefined = 1u << 22,   // architecturally #UD (UD0/UD1/UD2 still decode fully)
	kNoPrefix66 = 1u << 23,  // 66 makes the instruction invalid (e.g. MMX-only forms)
	kEmulateOnUD = 1u << 24, // emulated even when the CPU raised #UD (KVM's EmulateOnUD)
	kPageTable = 1u << 25,   // may write a page-table entry (KVM's PageTable; set by I())
	// Derived from the operands by I(), so that the decoder skips the
	// per-operand walks the common instructions do not need.
	kOperandRules =
	    1u << 26, // an operand constrains ModRM or names its register (M, R, N, U, S, C, D, Z)
};

// Nested-virtualization intercept checked for an instruction, in the order of
// KVM's enum x86_intercept (the same in 6.1 and 6.12), so the bridge passes
// the value through unchanged.
enum class Intercept : u8 {
	None,
	CrRead,
	CrWrite,
	Clts,
	Lmsw,
	Smsw,
	DrRead,
	DrWrite,
	Lidt,
	Sidt,
	Lgdt,
	Sgdt,
	Lldt,
	Sldt,
	Ltr,
	Str,
	Rdtsc,
	Rdpmc,
	Pushf,
	Popf,
	Cpuid,
	Rsm,
	Iret,
	Intn,
	Invd,
	Pause,
	Hlt,
	Invlpg,
	Invlpga,
	Vmrun,
	Vmload,
	Vmsave,
	Vmmcall,
	Stgi,
	Clgi,
	Skinit,
	Rdtscp,
	Rdpid,
	Icebp,
	Wbinvd,
	Monitor,
	Mwait,
	Rdmsr,
	Wrmsr,
	In,
	Ins,
	Out,
	Outs,
	Xsetbv,
	Count,
};
static_assert(static_cast<int>(Intercept::Count) == 49, "KVM has 49 intercepts (with none)");

// What a table entry is.
enum class Kind : u8 {
	Invalid,  // #UD
	Leaf,     // an instruction
	ByReg,    // 8 entries indexed by ModRM.reg
	ByMod,    // 2 entries: [0] memory form, [1] register form (mod == 3)
	ByRm,     // 8 entries indexed by ModRM.rm (register forms of group 7, x87 rows)
	ByPrefix, // 4 entries: no prefix, 66, F3, F2 (the mandatory prefix)
	ByMode,   // 2 entries: [0] 16/32-bit modes, [1] 64-bit mode
	ByRexW,   // 2 entries: REX.W clear, set
	ByOpSize, // 3 entries: 16, 32, 64-bit operand size (mnemonic changes)
	ByAdSize, // 3 entries: 16, 32, 64-bit address size (JCXZ/JECXZ/JRCXZ)
};

// What the engine does with an entry's operands before and after its
// handler (engine.cpp), fixed per entry: the builders below derive it.

// Handlers whose destination the engine does not read: they only write it
// (MOV, SETcc, ...), do not access it (NOP, INVLPG, SMSW), or access it
// themselves (CMPXCHG8B/16B, whose operand is wider than a register).
constexpr bool writes_only(Handler h)
{
	switch (h) {
	case Handler::Nop:
	case Handler::Invlpg:
	case Handler::Smsw:
	case Handler::Cmpxchg8b:
	case Handler::LoadFarPointer:
	case Handler::X87Control:
	case Handler::Sldt:
	case Handler::Str:
	case Handler::Mov:
	case Handler::Movzx:
	case Handler::Movsx:
	case Handler::Movbe:
	case Handler::Lea:
	case Handler::Setcc:
	case Handler::Pop:
	case Handler::Lzcnt:
	case Handler::Tzcnt:
	case Handler::Popcnt:
		return true;
	default:
		return false;
	}
}

// Handlers that access all their operands themselves (16-byte and vector
// register operands are not the engine's).
constexpr bool accesses_own_operands(Handler h)
{
	return h == Handler::VectorMove;
}

// Operands the engine moves: registers, memory and immediates.  String
// operands (X, Y) belong to the string handlers, which iterate; segment
// registers and far pointers to the segment handlers.
constexpr bool engine_operand(Operand op)
{
	switch (op.loc) {
	case Loc::None:
	case Loc::X:
	case Loc::Y:
	case Loc::S:
	case Loc::Seg:
	case Loc::A:
		return false;
	default:
		return op.width != Width::p;
	}
}

// Widths with a size: the others (LEA's m, a descriptor image, BOUND's
// pair) name an address, not a value.
constexpr bool sized(Width w)
{
	return w != Width::None && w != Width::m && w != Width::s && w != Width::a;
}

constexpr bool writable(Loc loc)
{
	switch (loc) {
	case Loc::E:
	case Loc::G:
	case Loc::M:
	case Loc::O:
	case Loc::R:
	case Loc::Z:
	case Loc::Reg:
		return true;
	default:
		return false;
	}
}

struct Opcode {
	Kind kind = Kind::Invalid;
	const Opcode *next = nullptr; // the sub-table of a selector
	const char *mnemonic = nullptr;
	Operand ops[4] = {};
	u32 attrs = 0;
	Handler handler = Handler::None;
	Intercept intercept = Intercept::None;
	// 1 + the index of the operand in the instruction stream (I, J, A, O;
	// at most one), 0 for none.  Derived from ops by I().
	u8 stream_operand = 0;
	// The operands the engine reads before the handler (bit i: ops[i]),
	// and whether it writes ops[0] back.  Derived by the builders.
	u8 engine_reads = 0;
	bool engine_writes = false;

	constexpr bool leaf() const { return kind == Kind::Leaf; }
	constexpr bool has(u32 a) const { return (attrs & a) == a; }

	constexpr Opcode with(u32 a) const
	{
		Opcode o = *this;
		o.attrs |= a;
		return o.planned();
	}

	constexpr Opcode icpt(Intercept i) const
	{
		Opcode o = *this;
		o.intercept = i;
		return o;
	}

	constexpr Opcode exec(Handler h) const
	{
		Opcode o = *this;
		o.handler = h;
		return o.planned();
	}

	// With engine_reads and engine_writes for its operands, handler and attributes.
	constexpr Opcode planned() const
	{
		Opcode o = *this;
		o.engine_reads = 0;
		o.engine_writes = writable(ops[0].loc) && !has(kNoWrite);
		if (accesses_own_operands(handler))
			return o;
		for (unsigned i = 0; i < 3; i++) {
			if (!engine_operand(ops[i]) || !sized(ops[i].width))
				continue;
			// The destination is read unless the instruction only writes it.
			if (i == 0 && writable(ops[0].loc) && (has(kMov) || writes_only(handler)))
				continue;
			o.engine_reads |= static_cast<u8>(1u << i);
		}
		return o;
	}
};

// LOCK needs a lockable instruction with a memory destination (else #UD).
constexpr bool lock_misused(const kemu_insn &insn, const Opcode &o)
{
	return insn.lock_prefix && !(o.has(kLock) && insn.mem_operand);
}

// Operands fetched after ModRM/SIB/displacement.
constexpr bool in_instruction_stream(Loc l)
{
	return l == Loc::I || l == Loc::J || l == Loc::A || l == Loc::O;
}

// Operands the decoder checks against ModRM (register-only, memory-only,
// register numbers that exist) or whose register is in the opcode byte.
constexpr bool has_operand_rule(Loc l)
{
	switch (l) {
	case Loc::M:
	case Loc::R:
	case Loc::N:
	case Loc::U:
	case Loc::S:
	case Loc::C:
	case Loc::D:
	case Loc::Z:
		return true;
	default:
		return false;
	}
}

constexpr bool needs_modrm(Loc l)
{
	switch (l) {
	case Loc::C:
	case Loc::D:
	case Loc::E:
	case Loc::G:
	case Loc::M:
	case Loc::N:
	case Loc::P:
	case Loc::Q:
	case Loc::R:
	case Loc::S:
	case Loc::T:
	case Loc::U:
	case Loc::V:
	case Loc::W:
	case Loc::Sti:
		return true;
	default:
		return false;
	}
}

// Operands the integer handlers do not take: segment, control, debug and
// vector registers, far pointers and x87 (their own handlers name themselves).
constexpr bool integer_operand(Operand op)
{
	switch (op.loc) {
	case Loc::None:
	case Loc::E:
	case Loc::G:
	case Loc::I:
	case Loc::J:
	case Loc::M:
	case Loc::O:
	case Loc::R:
	case Loc::X:
	case Loc::Y:
	case Loc::Z:
	case Loc::Reg:
	case Loc::One:
		return op.width != Width::p;
	default:
		return false;
	}
}

// The handler an entry gets from its mnemonic and operands.
constexpr Handler handler_for(const char *mnemonic, const Operand (&ops)[4])
{
	// MOV to and from control, debug and segment registers.
	if (detail::same(mnemonic, "mov")) {
		for (const Operand &op : ops) {
			if (op.loc == Loc::C)
				return Handler::MovCr;
			if (op.loc == Loc::D)
				return Handler::MovDr;
		}
		if (ops[0].loc == Loc::S)
			return Handler::MovToSreg;
		if (ops[1].loc == Loc::S)
			return Handler::MovFromSreg;
	}
	if (ops[0].loc == Loc::Seg && detail::same(mnemonic, "push"))
		return Handler::PushSreg;
	if (ops[0].loc == Loc::Seg && detail::same(mnemonic, "pop"))
		return Handler::PopSreg;
	// Far pointers: far JMP/CALL and the segment-and-offset loads.
	if (ops[0].width == Width::p && detail::same(mnemonic, "jmp"))
		return Handler::JmpFar;
	if (ops[0].width == Width::p && detail::same(mnemonic, "call"))
		return Handler::CallFar;
	// Moves of whole SSE/MMX registers and their low parts.
	constexpr const char *kVectorMoves[] = {
	    "movups",  "movupd",   "movaps", "movapd", "movdqa", "movdqu", "movntps", "movntpd",
	    "movntdq", "movntdqa", "movntq", "movq",   "movd",   "movss",  "movsd",
	};
	for (const char *name : kVectorMoves)
		if (detail::same(mnemonic, name))
			return Handler::VectorMove;
	constexpr const char *kFarPointerLoads[] = {"les", "lds", "lss", "lfs", "lgs"};
	if (ops[1].width == Width::p)
		for (const char *lxs : kFarPointerLoads)
			if (detail::same(mnemonic, lxs))
				return Handler::LoadFarPointer;
	for (const Operand &op : ops)
		if (!integer_operand(op))
			return Handler::None;
	for (const char *jcc : kJccNames)
		if (detail::same(mnemonic, jcc))
			return Handler::Jcc;
	if (detail::starts_with(mnemonic, "cmov"))
		return Handler::Cmov;
	if (detail::starts_with(mnemonic, "set") && ops[0].width == Width::b)
		return Handler::Setcc;
	for (const NamedHandler &n : kHandlersByName)
		if (detail::same(mnemonic, n.mnemonic))
			return n.handler;
	return Handler::None;
}

// Instructions KVM treats as possibly writing a page-table entry (its
// PageTable flag: x86.c does not retry them by unprotecting the page): the
// ORs and ANDs, stores by MOV and XCHG to r/m, BTS, BTC, CMPXCHG*.
constexpr bool page_table_writer(const char *mnemonic, const Operand (&ops)[4])
{
	constexpr const char *kAlways[] = {"or",      "and",       "bts",       "btc",
	                                   "cmpxchg", "cmpxchg8b", "cmpxchg16b"};
	for (const char *name : kAlways)
		if (detail::same(mnemonic, name))
			return true;
	bool stores = ops[0].loc == Loc::E || ops[0].loc == Loc::O;
	return stores && (detail::same(mnemonic, "mov") || detail::same(mnemonic, "xchg"));
}

// An instruction.
constexpr Opcode I(const char *mnemonic, Operand a = {}, Operand b = {}, Operand c = {},
                   Operand d = {})
{
	Opcode o;
	o.kind = Kind::Leaf;
	o.mnemonic = mnemonic;
	o.ops[0] = a;
	o.ops[1] = b;
	o.ops[2] = c;
	o.ops[3] = d;
	for (unsigned i = 0; i < 4; i++) {
		const Loc l = o.ops[i].loc;
		if (needs_modrm(l))
			o.attrs |= kModrm;
		if (in_instruction_stream(l))
			o.stream_operand = static_cast<u8>(i + 1);
		if (has_operand_rule(l))
			o.attrs |= kOperandRules;
	}
	o.handler = handler_for(mnemonic, o.ops);
	if (page_table_writer(mnemonic, o.ops))
		o.attrs |= kPageTable;
	return o.planned();
}

// An instruction whose ModRM byte selects nothing but is present (e.g. NOP Ev forms
// are written with an E operand; this is for entries reached through a group).
constexpr Opcode with_modrm(Opcode o)
{
	o.attrs |= kModrm;
	return o;
}

// Selectors.
template <unsigned N>
constexpr Opcode select(Kind k, const Opcode (&table)[N])
{
	Opcode o;
	o.kind = k;
	o.next = table;
	return o;
}
constexpr Opcode by_reg(const Opcode (&t)[8])
{
	return select(Kind::ByReg, t);
}
constexpr Opcode by_mod(const Opcode (&t)[2])
{
	return select(Kind::ByMod, t);
}
constexpr Opcode by_rm(const Opcode (&t)[8])
{
	return select(Kind::ByRm, t);
}
constexpr Opcode by_prefix(const Opcode (&t)[4])
{
	return select(Kind::ByPrefix, t);
}
constexpr Opcode by_mode(const Opcode (&t)[2])
{
	return select(Kind::ByMode, t);
}
constexpr Opcode by_rexw(const Opcode (&t)[2])
{
	return select(Kind::ByRexW, t);
}
constexpr Opcode by_opsize(const Opcode (&t)[3])
{
	return select(Kind::ByOpSize, t);
}
constexpr Opcode by_adsize(const Opcode (&t)[3])
{
	return select(Kind::ByAdSize, t);
}

inline constexpr Opcode UD{}; // invalid: #UD

// Operands in the SDM's notation.
// clang-format off
inline constexpr Operand
	Ap{Loc::A, Width::p},
	By{Loc::B, Width::y},
	Cd{Loc::C, Width::q}, Dd{Loc::D, Width::q},
	Eb{Loc::E, Width::b}, Ew{Loc::E, Width::w}, Ed{Loc::E, Width::d}, Eq{Loc::E, Width::q},
	Ev{Loc::E, Width::v}, Ey{Loc::E, Width::y}, Ewd{Loc::E, Width::w_d},
	Gb{Loc::G, Width::b}, Gw{Loc::G, Width::w}, Gd{Loc::G, Width::d}, Gq{Loc::G, Width::q},
	Gv{Loc::G, Width::v}, Gy{Loc::G, Width::y}, Gz{Loc::G, Width::z},
	Hx{Loc::H, Width::x}, Hdq{Loc::H, Width::dq},
	Ib{Loc::I, Width::b}, Ibs{Loc::I, Width::bs}, Iw{Loc::I, Width::w}, Iz{Loc::I, Width::z}, Iv{Loc::I, Width::v},
	Jb{Loc::J, Width::b}, Jz{Loc::J, Width::z},
	Lx{Loc::L, Width::x},
	M{Loc::M, Width::m}, Mb{Loc::M, Width::b}, Mw{Loc::M, Width::w}, Md{Loc::M, Width::d},
	Mq{Loc::M, Width::q}, Mdq{Loc::M, Width::dq}, Mp{Loc::M, Width::p}, Ms{Loc::M, Width::s},
	Ma{Loc::M, Width::a}, Mv{Loc::M, Width::v}, My{Loc::M, Width::y}, Mt{Loc::M, Width::t},
	Mx{Loc::M, Width::x},
	Nq{Loc::N, Width::q},
	Ob{Loc::O, Width::b}, Ov{Loc::O, Width::v},
	Pq{Loc::P, Width::q}, Pd{Loc::P, Width::d}, Py{Loc::P, Width::y},
	Qq{Loc::Q, Width::q}, Qd{Loc::Q, Width::d},
	Rd{Loc::R, Width::d}, Rq{Loc::R, Width::q}, Rdq{Loc::R, Width::d_q}, Rv{Loc::R, Width::v}, Ry{Loc::R, Width::y},
	Sw{Loc::S, Width::w},
	Udq{Loc::U, Width::dq}, Ux{Loc::U, Width::x},
	Vdq{Loc::V, Width::dq}, Vx{Loc::V, Width::x}, Vq{Loc::V, Width::q}, Vd{Loc::V, Width::d},
	Vy{Loc::V, Width::y},
	Wdq{Loc::W, Width::dq}, Wx{Loc::W, Width::x}, Wq{Loc::W, Width::q}, Wd{Loc::W, Width::d},
	Ww{Loc::W, Width::w}, Wb{Loc::W, Width::b},
	Xb{Loc::X, Width::b}, Xv{Loc::X, Width::v}, Xz{Loc::X, Width::z},
	Yb{Loc::Y, Width::b}, Yv{Loc::Y, Width::v}, Yz{Loc::Y, Width::z},
	Zb{Loc::Z, Width::b}, Zv{Loc::Z, Width::v},
	AL{Loc::Reg, Width::b, KEMU_RAX}, CL{Loc::Reg, Width::b, KEMU_RCX},
	AX{Loc::Reg, Width::w, KEMU_RAX}, DX{Loc::Reg, Width::w, KEMU_RDX},
	eAX{Loc::Reg, Width::z, KEMU_RAX}, rAX{Loc::Reg, Width::v, KEMU_RAX},
	ES{Loc::Seg, Width::w, KEMU_SEG_ES}, CS{Loc::Seg, Width::w, KEMU_SEG_CS},
	SS{Loc::Seg, Width::w, KEMU_SEG_SS}, DS{Loc::Seg, Width::w, KEMU_SEG_DS},
	FS{Loc::Seg, Width::w, KEMU_SEG_FS}, GS{Loc::Seg, Width::w, KEMU_SEG_GS},
	One{Loc::One, Width::b},
	ST0{Loc::St0, Width::t}, STi{Loc::Sti, Width::t};
// clang-format on

} // namespace kemu::decode
