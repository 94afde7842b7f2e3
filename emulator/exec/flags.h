// SPDX-License-Identifier: GPL-2.0
// RFLAGS bits and the arithmetic-flag results of the integer instructions,
// computed in C++ (no host flags, so the core runs and is tested anywhere).
// Flags the SDM leaves undefined get the values Intel CPUs produce; the
// oracles mask them where vendors differ.
#pragma once

#include "core.h"

namespace kemu::exec {

inline constexpr u64 kCF = 1u << 0, kPF = 1u << 2, kAF = 1u << 4, kZF = 1u << 6, kSF = 1u << 7,
                     kTF = 1u << 8, kIF = 1u << 9, kDF = 1u << 10, kOF = 1u << 11;
inline constexpr u64 kArithFlags = kCF | kPF | kAF | kZF | kSF | kOF;
inline constexpr u64 kIOPL = 3ull << 12, kNT = 1ull << 14, kRF = 1ull << 16, kVM = 1ull << 17,
                     kAC = 1ull << 18, kID = 1ull << 21;

constexpr u64 sign_bit(unsigned bytes)
{
	return 1ull << (bytes * 8 - 1);
}

// Set bits in v (no __builtin_popcount: without POPCNT it is a libgcc call).
constexpr unsigned count_bits(u64 v)
{
	v = v - ((v >> 1) & 0x5555555555555555ull);
	v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return static_cast<unsigned>((v * 0x0101010101010101ull) >> 56);
}

// PF: even number of set bits in the low byte.  The byte's two nibbles
// folded into one keep its parity; bit v of 0x9669 is set when the nibble v
// has an even number of bits.
constexpr u64 parity_flag(u64 result)
{
	const unsigned nibble = static_cast<unsigned>((result ^ (result >> 4)) & 0xf);
	return ((0x9669u >> nibble) & 1) ? kPF : 0;
}
constexpr bool parity_flag_counts_bits()
{
	for (u64 b = 0; b < 256; b++)
		if ((parity_flag(b | 0x5a00) != 0) != ((count_bits(b) & 1) == 0))
			return false;
	return true;
}
static_assert(parity_flag_counts_bits(), "PF of every byte, whatever the bits above it");

// ZF, SF and PF of a result of `bytes` width.
constexpr u64 zsp_flags(u64 result, unsigned bytes)
{
	result = truncate(result, bytes);
	return (result == 0 ? kZF : 0) | (result & sign_bit(bytes) ? kSF : 0) | parity_flag(result);
}

// Replace the bits of `mask` in rflags with `flags`.
constexpr u64 merge_flags(u64 rflags, u64 mask, u64 flags)
{
	return (rflags & ~mask) | (flags & mask);
}

// a + b + carry_in, all flags.
constexpr u64 add_flags(u64 a, u64 b, u64 carry_in, unsigned bytes)
{
	u64 r = truncate(a + b + carry_in, bytes);
	a = truncate(a, bytes);
	b = truncate(b, bytes);
	bool cf = carry_in ? r <= a : r < a;
	u64 of = (~(a ^ b) & (a ^ r)) & sign_bit(bytes);
	return zsp_flags(r, bytes) | (cf ? kCF : 0) | ((a ^ b ^ r) & 0x10 ? kAF : 0) |
	       (of ? kOF : 0);
}

// a - b - borrow_in, all flags.
constexpr u64 sub_flags(u64 a, u64 b, u64 borrow_in, unsigned bytes)
{
	u64 r = truncate(a - b - borrow_in, bytes);
	a = truncate(a, bytes);
	b = truncate(b, bytes);
	bool cf = borrow_in ? a <= b : a < b;
	u64 of = ((a ^ b) & (a ^ r)) & sign_bit(bytes);
	return zsp_flags(r, bytes) | (cf ? kCF : 0) | ((a ^ b ^ r) & 0x10 ? kAF : 0) |
	       (of ? kOF : 0);
}

// AND/OR/XOR/TEST: CF = OF = 0, AF undefined (0 on Intel and AMD).
constexpr u64 logic_flags(u64 r, unsigned bytes)
{
	return zsp_flags(r, bytes);
}

// Jcc/SETcc/CMOVcc condition `cc` (the low nibble of the opcode).
constexpr bool condition(unsigned cc, u64 f)
{
	bool r = false;
	switch ((cc >> 1) & 7) {
	case 0:
		r = f & kOF;
		break;
	case 1:
		r = f & kCF;
		break;
	case 2:
		r = f & kZF;
		break;
	case 3:
		r = f & (kCF | kZF);
		break;
	case 4:
		r = f & kSF;
		break;
	case 5:
		r = f & kPF;
		break;
	case 6:
		r = !(f & kSF) != !(f & kOF);
		break;
	default:
		r = (f & kZF) || !(f & kSF) != !(f & kOF);
		break;
	}
	return (cc & 1) ? !r : r;
}

} // namespace kemu::exec
