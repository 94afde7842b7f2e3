// SPDX-License-Identifier: GPL-2.0
// The vocabulary of the opcode maps (map_*.h).  An entry reads like a row of
// the SDM's opcode map (Vol. 2, Appendix A) plus what kemu does with it:
//
//     I(Add, "add", rw(Eb), Gb).with(kLock)    ADD r/m8, r8: handler exec::add
//     I(Mov, "mov", w(Ev), Gv)                 MOV r/m, r: the destination only written
//     I(Cmp, "cmp", Eb, Ib)                    both operands only read
//     D("vmrun").with(kProt | kPriv)           decoded (length, text, checks), not emulated
//
// I(handler, mnemonic, operands...) names the Handler that executes it
// (registered beside its definition: KEMU_HANDLER, exec/handlers.h);
// D(mnemonic, operands...) marks an entry kemu deliberately only
// decodes, so that an entry without a handler is a
// choice the table states (map_checks.cpp rejects I() without one).  The
// rest of a row are selectors (by_reg, by_prefix, ...: which table the next
// byte or field picks) and UD (#UD).
//
// Operands are the SDM's two letters (A.2.1 addressing method, A.2.2 type):
// Eb is ModRM r/m as a byte, Gv ModRM.reg at the operand size, Iz an
// immediate of 16/32 bits, Jb a rel8, Yb ES:rDI, ... (enum Loc and Width
// below).  Registers the opcode implies are named: AL, rAX, CL, DX, ES..GS.
// Where kemu departs from the SDM's spelling:
//   Ibs     an imm8 sign-extended to the operand size (the SDM writes Ib)
//   Ewd     "Rv/Mw": 16 bits to memory, the operand size to a register
//   Rd_q    a general register, Cd_q / Dd_q a control / debug register: 32
//           bits, 64 in 64-bit mode whatever the prefixes (the SDM's Rd/Cd)
//   Zb, Zv  the register in the opcode's low three bits (SDM: "+rb", "+rv")
//   One     the constant 1 of the shift-by-one forms
//   Mw87... x87 memory operands (map_x87.h)
//
// Each operand carries its role, what the instruction does with it (iced's
// r/w/rw, KVM's Src/Dst): written bare it is read; w(op) is written and not
// read; rw(op) read and written; none(op) neither -- an address (LEA's M,
// INVLPG), a hint (NOP Ev, PREFETCH) or an operand its handler accesses
// whole (CMPXCHG8B's m64/m128).  The engine's plan is derived from the
// roles alone (Opcode::planned): it reads every operand it moves whose role
// reads, calls the handler and writes the first operand back if its role
// writes (not for string instructions, whose handlers work per element).
// An operand the engine does not move (string, segment, far pointer,
// vector, x87 operands; see engine_moves) is the handler's.  The roles of
// D() entries are not stated: nothing executes them.
//
// Attributes (enum Attr) are the SDM's superscripts (i64, o64, d64, f64) and
// KVM's decode flags (Lock, Priv, Prot, Stack, String, EmulateOnUD, ...);
// KVM's PageTable is derived from the handler and the roles
// (writes_page_tables).  The flags an instruction reads and writes are
// declared per Handler, on its registration (exec/handlers.h), not here.
#pragma once

#include "core.h"
// KEMU_HANDLERS: generated at build time from the handlers' registrations
// (scripts/gen-handler-list.sh, into the build's output)
#include "generated/kemu_handler_list.h"

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

// What the instruction does with an operand (see the opening comment).
enum class Role : u8 {
	Read,      // read only (an operand written bare)
	Write,     // written, not read: w(op)
	ReadWrite, // read and written: rw(op)
	None,      // neither: an address, a hint, or accessed by the handler: none(op)
};

constexpr bool reads(Role r)
{
	return r == Role::Read || r == Role::ReadWrite;
}
constexpr bool writes(Role r)
{
	return r == Role::Write || r == Role::ReadWrite;
}

struct Operand {
	Loc loc = Loc::None;
	Width width = Width::None;
	u8 reg = 0; // for Loc::Reg / Loc::Seg
	Role role = Role::Read;
};

constexpr Operand with_role(Operand o, Role r)
{
	o.role = r;
	return o;
}
constexpr Operand w(Operand o)
{
	return with_role(o, Role::Write);
}
constexpr Operand rw(Operand o)
{
	return with_role(o, Role::ReadWrite);
}
constexpr Operand none(Operand o)
{
	return with_role(o, Role::None);
}

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

// width_bytes at run time, for the widths that depend on more than the
// operand size and for callers off the hot path: one copy of its switch,
// out of line (decoder.cpp), rather than one inlined into each caller.
unsigned width_bytes_of(Width w, const kemu_insn &insn, bool long_mode);

// Execution handlers (KEMU_HANDLER); the engine dispatches on these
// (engine.cpp), each entry names its own.  None: the entry is decoded, not
// emulated (D()).
#define KEMU_HANDLER_ENUMERATOR(name, ...) name,
enum class Handler : u8 { None, KEMU_HANDLERS(KEMU_HANDLER_ENUMERATOR) };
#undef KEMU_HANDLER_ENUMERATOR
// The number of handlers (None not counted): they are 1 .. kHandlerCount.
#define KEMU_HANDLER_ONE(...) +1
inline constexpr unsigned kHandlerCount = 0 KEMU_HANDLERS(KEMU_HANDLER_ONE);
#undef KEMU_HANDLER_ONE
// The maps name handlers unqualified: I(Add, "add", ...).
using enum Handler;

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
	kDecodeOnly = 1u << 11,  // decoded, deliberately not emulated (set by D())
	kSse = 1u << 12,         // SSE register operands
	kMmx = 1u << 13,         // MMX register operands
	kFar = 1u << 14,         // far transfer
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
	// Derived from the roles by planned(): a memory source the engine does
	// not move, which the handler reads itself (LGDT's pseudo-descriptor,
	// OUTS's string).  KVM's engine reads it before L1's POST_MEMACCESS
	// intercept check, so such a handler asks L1 after its own read
	// (exec::ask_after_own_read) and the engine does not ask.
	kReadsOwnSource = 1u << 27,
};

// MOV to and from CRn: CR0, CR2, CR3, CR4 and CR8 exist, any other is #UD
// (the decoder raises it, before privilege and intercept checks).
constexpr bool control_register_exists(unsigned cr)
{
	return cr == 0 || cr == 2 || cr == 3 || cr == 4 || cr == 8;
}

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

// How many entries a selector's sub-table has (0 for a leaf or #UD).
constexpr unsigned fanout(Kind k)
{
	switch (k) {
	case Kind::ByReg:
	case Kind::ByRm:
		return 8;
	case Kind::ByPrefix:
		return 4;
	case Kind::ByOpSize:
	case Kind::ByAdSize:
		return 3;
	case Kind::ByMod:
	case Kind::ByMode:
	case Kind::ByRexW:
		return 2;
	default:
		return 0;
	}
}

// What the engine does with an entry's operands before and after its
// handler (engine.cpp), fixed per entry: planned() derives it from the roles.

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

// Operands the engine reads and writes for the handler: a value of a size.
constexpr bool engine_moves(Operand op)
{
	return engine_operand(op) && sized(op.width);
}

// Operands that may be in memory.
constexpr bool may_be_memory(Loc loc)
{
	switch (loc) {
	case Loc::E:
	case Loc::M:
	case Loc::O:
	case Loc::Q:
	case Loc::W:
	case Loc::X:
	case Loc::Y:
		return true;
	default:
		return false;
	}
}

// A memory operand the instruction reads and the engine does not move: its
// handler reads it (kReadsOwnSource).
constexpr bool handler_reads_memory(Operand op)
{
	return may_be_memory(op.loc) && reads(op.role) && !engine_moves(op);
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

// An operand's width as its entry states it (Opcode::sizes): its bytes when
// the width is fixed (b, w, d, q, ...; 0 for none), kSizeOperand for the
// operand size (v), kSizeDecoded for the rest, which depend on more of the
// instruction (z, y, d_q, x, p: width_bytes).
inline constexpr u8 kSizeOperand = 0xfe;
inline constexpr u8 kSizeDecoded = 0xff;

constexpr u8 stated_size(Width w)
{
	switch (w) {
	case Width::v:
		return kSizeOperand;
	case Width::z:
	case Width::y:
	case Width::d_q:
	case Width::x:
	case Width::p:
		return kSizeDecoded;
	default:
		return static_cast<u8>(width_bytes(w, kemu_insn{}, false));
	}
}

// (Members ordered so that the tables stay at 48 bytes an entry.)
struct Opcode {
	const Opcode *next = nullptr; // the sub-table of a selector
	const char *mnemonic = nullptr;
	Operand ops[4] = {};
	u32 attrs = 0;
	Kind kind = Kind::Invalid;
	Handler handler = Handler::None;
	Intercept intercept = Intercept::None;
	// 1 + the index of the operand in the instruction stream (I, J, A, O;
	// at most one), 0 for none.  Derived from ops by I().
	u8 stream_operand = 0;
	// The operands the engine reads before the handler (bit i: ops[i]),
	// and whether it writes ops[0] back.  Derived from the roles by planned().
	u8 engine_reads = 0;
	bool engine_writes = false;
	// ops[0..2]'s widths as stated_size() gives them, so that the engine
	// asks width_bytes only for the few that depend on more than the
	// operand size (operand_bytes).  Derived from ops by I().
	u8 sizes[3] = {};

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

	// The engine's plan from the roles: it reads each operand it moves whose
	// role reads, and writes the first back if its role writes -- except for
	// string instructions, whose handlers access their operands per element,
	// and the handlers that access all their operands themselves.
	constexpr Opcode planned() const
	{
		Opcode o = *this;
		o.engine_reads = 0;
		o.engine_writes = false;
		o.attrs &= ~kReadsOwnSource;
		for (const Operand &op : ops)
			if (handler_reads_memory(op))
				o.attrs |= kReadsOwnSource;
		if (accesses_own_operands(handler))
			return o;
		for (unsigned i = 0; i < 3; i++)
			if (engine_moves(ops[i]) && reads(ops[i].role))
				o.engine_reads |= static_cast<u8>(1u << i);
		o.engine_writes = engine_moves(ops[0]) && writable(ops[0].loc) &&
		                  writes(ops[0].role) && !has(kString);
		return o;
	}
};

static_assert(sizeof(Opcode) == 48, "an entry of the opcode maps is 48 bytes");

// width_bytes of the widths stated_size leaves to the decoded instruction
// (kSizeDecoded), and of no other: operand_bytes' inline case, without the
// cases of width_bytes that never reach it.
constexpr unsigned decoded_width_bytes(Width w, const kemu_insn &insn, bool long_mode)
{
	switch (w) {
	case Width::z:
		return insn.op_bytes == 2 ? 2 : 4;
	case Width::y:
		return insn.op_bytes == 8 ? 8 : 4;
	case Width::d_q:
		return long_mode ? 8 : 4;
	case Width::x:
		return insn.vex_l ? 32 : 16;
	default: // Width::p
		return insn.op_bytes + 2u;
	}
}

// decoded_width_bytes agrees with width_bytes wherever stated_size sends a
// width to it.
constexpr bool decoded_widths_agree()
{
	for (unsigned wi = 0; wi < 256; wi++) { // every value of the u8
		const Width w = static_cast<Width>(wi);
		if (stated_size(w) != kSizeDecoded)
			continue;
		for (u8 op_bytes = 2; op_bytes <= 8; op_bytes *= 2)
			for (u8 vex_l = 0; vex_l < 2; vex_l++)
				for (int lm = 0; lm < 2; lm++) {
					kemu_insn insn{};
					insn.op_bytes = op_bytes;
					insn.vex_l = vex_l;
					if (decoded_width_bytes(w, insn, lm) !=
					    width_bytes(w, insn, lm))
						return false;
				}
	}
	return true;
}
static_assert(decoded_widths_agree(), "decoded_width_bytes differs from width_bytes");

// The width in bytes of ops[i] (i < 3) in a decoded instruction.
constexpr unsigned operand_bytes(const Opcode &o, unsigned i, const kemu_insn &insn, bool long_mode)
{
	const u8 n = o.sizes[i];
	if (n == kSizeOperand)
		return insn.op_bytes;
	if (n == kSizeDecoded)
		return decoded_width_bytes(o.ops[i].width, insn, long_mode);
	return n;
}

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

// Instructions KVM treats as possibly writing a page-table entry (its
// PageTable flag: x86.c does not retry them by unprotecting the page): the
// ORs and ANDs, BTS, BTC, CMPXCHG*, and MOV and XCHG stores to r/m.
constexpr bool writes_page_tables(Handler h, const Operand &first)
{
	switch (h) {
	case Handler::Or:
	case Handler::And:
	case Handler::Bts:
	case Handler::Btc:
	case Handler::Cmpxchg:
	case Handler::Cmpxchg8b:
		return true;
	case Handler::Mov:
	case Handler::MovFromSreg:
	case Handler::Xchg:
		return writes(first.role) && (first.loc == Loc::E || first.loc == Loc::O);
	default:
		return false;
	}
}

// The widths of an immediate or a relative offset (Ib, Ibs, Iw, Iz, Iv, Jb,
// Jz); leaf() refuses any other at compile time, so that the decoder's
// immediate_bytes has only these cases.
constexpr bool is_immediate_width(Width w)
{
	return w == Width::b || w == Width::bs || w == Width::w || w == Width::z || w == Width::v;
}
constexpr unsigned immediate_bytes(Width w, const kemu_insn &insn)
{
	switch (w) {
	case Width::w:
		return 2;
	case Width::z:
		return insn.op_bytes == 2 ? 2 : 4;
	case Width::v:
		return insn.op_bytes;
	default: // Width::b, Width::bs
		return 1;
	}
}

namespace detail {
// Never defined: calling it makes a table entry's constant evaluation fail.
void immediate_width_is_not_b_bs_w_z_v();

constexpr Opcode leaf(Handler handler, const char *mnemonic, Operand a, Operand b, Operand c,
                      Operand d)
{
	Opcode o;
	o.kind = Kind::Leaf;
	o.mnemonic = mnemonic;
	o.handler = handler;
	o.ops[0] = a;
	o.ops[1] = b;
	o.ops[2] = c;
	o.ops[3] = d;
	for (unsigned i = 0; i < 3; i++)
		o.sizes[i] = stated_size(o.ops[i].width);
	for (unsigned i = 0; i < 4; i++) {
		const Loc l = o.ops[i].loc;
		if (needs_modrm(l))
			o.attrs |= kModrm;
		if (in_instruction_stream(l))
			o.stream_operand = static_cast<u8>(i + 1);
		if ((l == Loc::I || l == Loc::J) && !is_immediate_width(o.ops[i].width))
			immediate_width_is_not_b_bs_w_z_v();
		if (has_operand_rule(l))
			o.attrs |= kOperandRules;
	}
	if (writes_page_tables(handler, o.ops[0]))
		o.attrs |= kPageTable;
	return o.planned();
}
} // namespace detail

// An instruction kemu emulates: the handler that executes it, its mnemonic
// and its operands with their roles.
constexpr Opcode I(Handler handler, const char *mnemonic, Operand a = {}, Operand b = {},
                   Operand c = {}, Operand d = {})
{
	return detail::leaf(handler, mnemonic, a, b, c, d);
}

// An instruction kemu decodes (length, text, validity, intercept) and
// deliberately does not emulate: the engine returns it as unhandleable.
constexpr Opcode D(const char *mnemonic, Operand a = {}, Operand b = {}, Operand c = {},
                   Operand d = {})
{
	return detail::leaf(Handler::None, mnemonic, a, b, c, d).with(kDecodeOnly);
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
	Cd_q{Loc::C, Width::d_q}, Dd_q{Loc::D, Width::d_q},
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
	Rd{Loc::R, Width::d}, Rq{Loc::R, Width::q}, Rd_q{Loc::R, Width::d_q}, Rv{Loc::R, Width::v}, Ry{Loc::R, Width::y},
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
