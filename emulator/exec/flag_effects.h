// SPDX-License-Identifier: GPL-2.0
// The RFLAGS bits each emulated instruction reads, writes and leaves
// undefined, declared once per execution handler, on its registration
// beside its definition (KEMU_HANDLER, exec/handlers.h), from the "Flags
// Affected" section of the instruction in the Intel SDM Vol. 2 (the AMD
// APM Vol. 3 says the same for these).
// The oracles (the real CPU, KVM's emulate.c) and the self-test vectors take
// the flags they must not compare from here; the native oracle checks the
// declarations against the CPU.
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

// Each handler's entry is on its registration (KEMU_HANDLER); here only
// the entries for one mnemonic of a handler, which take precedence over it.
#define KEMU_HANDLER_FLAGS(name, function, notation, ...) F(H::name, notation, __VA_ARGS__),
// clang-format off
inline constexpr FlagEntry kEntries[] = {
	KEMU_HANDLERS(KEMU_HANDLER_FLAGS)
	F(H::Loop, "loope", "r=z", "LOOPE: none; reads ZF", R::Fixed),
	F(H::Loop, "loopne", "r=z", "LOOPNE: none; reads ZF", R::Fixed),
	F(H::Int, "into", "r=o 0=tinfvx", "INTO: as INT n when OF is set", R::Context),
};
// clang-format on
#undef KEMU_HANDLER_FLAGS

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

// The table has one general entry per handler and every entry parses.
constexpr bool flag_table_complete()
{
	for (unsigned h = 1; h <= decode::kHandlerCount; h++) {
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
