// SPDX-License-Identifier: GPL-2.0
// The opcode maps, written like the SDM's (Vol. 2, Appendix A) with its operand
// notation: E = ModRM r/m, G = ModRM reg, I = immediate, O = moffs, Z = register
// in the opcode's low 3 bits; b = byte, v = operand size, z = 16/32 (imm32
// sign-extended for 64-bit operands).
#pragma once

#include "core.h"

namespace kemu::decode {

// What an operand is.
enum class Loc : u8 {
	None,
	ModrmReg,  // G
	ModrmRm,   // E: register (mod == 3) or memory
	Imm,       // I
	Moffs,     // O: absolute offset, address-size wide
	OpcodeReg, // Z
	Acc,       // AL / rAX
};

// How wide an operand is.
enum class Width : u8 {
	None,
	Byte,        // b
	OpSize,      // v: 2, 4 or 8
	OpSizeImm32, // z: 2 or 4 bytes encoded, sign-extended to 8 for REX.W
};

// Execution handlers; the engine dispatches on these.
enum class Handler : u8 {
	None, // not in the map: not emulated
	Mov,
};

// Attributes of an opcode.
enum Attr : u16 {
	kModrm = 1u << 0,     // a ModRM byte follows the opcode
	kGroupReg0 = 1u << 1, // only ModRM.reg == 0 is defined (group 11: C6/C7)
	kNoLock = 1u << 2,    // LOCK raises #UD (the default for all but RMW memory forms)
};

struct Operand {
	Loc loc = Loc::None;
	Width width = Width::None;
};

struct Opcode {
	Handler handler = Handler::None;
	Operand dst;
	Operand src;
	u16 attrs = 0;
	const char *mnemonic = nullptr;

	constexpr bool defined() const { return handler != Handler::None; }
	constexpr bool has_modrm() const { return attrs & kModrm; }
};

// clang-format off
// SDM operand abbreviations.
inline constexpr Operand Eb{Loc::ModrmRm, Width::Byte}, Ev{Loc::ModrmRm, Width::OpSize};
inline constexpr Operand Gb{Loc::ModrmReg, Width::Byte}, Gv{Loc::ModrmReg, Width::OpSize};
inline constexpr Operand Ib{Loc::Imm, Width::Byte}, Iz{Loc::Imm, Width::OpSizeImm32};
inline constexpr Operand Iv{Loc::Imm, Width::OpSize};
inline constexpr Operand Ob{Loc::Moffs, Width::Byte}, Ov{Loc::Moffs, Width::OpSize};
inline constexpr Operand Zb{Loc::OpcodeReg, Width::Byte}, Zv{Loc::OpcodeReg, Width::OpSize};
inline constexpr Operand AL{Loc::Acc, Width::Byte}, rAX{Loc::Acc, Width::OpSize};
// clang-format on

constexpr bool uses_modrm(Operand o)
{
	return o.loc == Loc::ModrmReg || o.loc == Loc::ModrmRm;
}

constexpr Opcode op(Handler h, const char *mnemonic, Operand dst, Operand src, u16 attrs = kNoLock)
{
	if (uses_modrm(dst) || uses_modrm(src))
		attrs |= kModrm;
	return Opcode{h, dst, src, attrs, mnemonic};
}

struct MapEntry {
	u8 byte;
	Opcode opcode;
	u8 count = 1; // 8 for the "+r" rows (register in the low 3 bits)
};

// The one-byte opcode map (SDM Table A-2), the part kemu emulates so far.
// clang-format off
inline constexpr MapEntry kOneByteEntries[] = {
	{0x88, op(Handler::Mov, "mov", Eb, Gb)},
	{0x89, op(Handler::Mov, "mov", Ev, Gv)},
	{0x8a, op(Handler::Mov, "mov", Gb, Eb)},
	{0x8b, op(Handler::Mov, "mov", Gv, Ev)},
	{0xa0, op(Handler::Mov, "mov", AL, Ob)},
	{0xa1, op(Handler::Mov, "mov", rAX, Ov)},
	{0xa2, op(Handler::Mov, "mov", Ob, AL)},
	{0xa3, op(Handler::Mov, "mov", Ov, rAX)},
	{0xb0, op(Handler::Mov, "mov", Zb, Ib), 8}, // B0+r
	{0xb8, op(Handler::Mov, "mov", Zv, Iv), 8}, // B8+r
	// Group 11: only /0 is MOV.
	{0xc6, op(Handler::Mov, "mov", Eb, Ib, kNoLock | kGroupReg0)},
	{0xc7, op(Handler::Mov, "mov", Ev, Iz, kNoLock | kGroupReg0)},
};
// clang-format on

struct OneByteMap {
	Opcode entries[256];
};

constexpr OneByteMap build_one_byte_map()
{
	OneByteMap m{};
	for (const MapEntry &e : kOneByteEntries)
		for (unsigned i = 0; i < e.count; i++)
			m.entries[e.byte + i] = e.opcode;
	return m;
}

inline constexpr OneByteMap kOneByteMap = build_one_byte_map();

// Invariants of the map, checked at compile time.
constexpr bool map_is_consistent()
{
	for (const Opcode &o : kOneByteMap.entries) {
		if (!o.defined())
			continue;
		// An operand that needs ModRM implies the ModRM attribute, and back.
		if ((uses_modrm(o.dst) || uses_modrm(o.src)) != o.has_modrm())
			return false;
		// Only memory-destination forms may accept LOCK.
		if (!(o.attrs & kNoLock) && o.dst.loc != Loc::ModrmRm)
			return false;
		if (o.mnemonic == nullptr)
			return false;
	}
	return true;
}
static_assert(map_is_consistent(), "one-byte opcode map violates an invariant");

constexpr bool entries_unique()
{
	unsigned seen[256] = {};
	for (const MapEntry &e : kOneByteEntries)
		for (unsigned i = 0; i < e.count; i++)
			if (seen[e.byte + i]++)
				return false;
	return true;
}
static_assert(entries_unique(), "an opcode is listed twice in the one-byte map");

} // namespace kemu::decode
