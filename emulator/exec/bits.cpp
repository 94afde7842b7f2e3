// SPDX-License-Identifier: GPL-2.0
// Bit instructions: BT BTS BTR BTC, BSF BSR, TZCNT LZCNT POPCNT.
#include "exec/flags.h"
#include "exec/handlers.h"

namespace kemu::exec {

namespace {

// The bit under test; the engine has already moved a memory destination to
// the operand that holds it (bit_string_displacement).
enum class BitOp { Test, Set, Reset, Complement };

Status bit_test(Operands &o, BitOp op)
{
	unsigned bits = o.bytes[0] * 8;
	u64 bit = 1ull << (o.v[1] & (bits - 1));
	bool was_set = o.v[0] & bit;
	switch (op) {
	case BitOp::Test:
		break;
	case BitOp::Set:
		o.v[0] |= bit;
		break;
	case BitOp::Reset:
		o.v[0] &= ~bit;
		break;
	case BitOp::Complement:
		o.v[0] ^= bit;
		break;
	}
	o.rflags = merge_flags(o.rflags, kCF, was_set ? kCF : 0);
	return Status::Continue;
}

unsigned lowest_set(u64 v)
{
	return static_cast<unsigned>(__builtin_ctzll(v));
}
unsigned highest_set(u64 v)
{
	return 63 - static_cast<unsigned>(__builtin_clzll(v));
}

// BSF/BSR: a zero source sets ZF and leaves the destination as it was, all
// 64 bits of it (the CPU does not write it, so a 32-bit one is not zero-extended).
Status bit_scan(Operands &o, bool forward)
{
	u64 src = truncate(o.v[1], o.bytes[0]);
	if (src)
		o.v[0] = forward ? lowest_set(src) : highest_set(src);
	else
		o.write = false;
	o.rflags = merge_flags(o.rflags, kZF, src ? 0 : kZF);
	return Status::Continue;
}

} // namespace

s64 bit_string_displacement(u64 bit_offset, unsigned bytes)
{
	// The offset is signed; whole operands below or above the addressed one.
	// (An arithmetic shift rounds toward minus infinity, as the CPU does.)
	s64 offset = static_cast<s64>(sign_extend(bit_offset, bytes));
	unsigned log2_bits = static_cast<unsigned>(__builtin_ctz(bytes * 8));
	return (offset >> log2_bits) * static_cast<s64>(bytes);
}

KEMU_HANDLER(Bt, "w=c u=osap", "BT: CF the bit; ZF not affected; OF SF AF PF undefined");
Status bt(kemu_ctxt &, Operands &o)
{
	return bit_test(o, BitOp::Test);
}
KEMU_HANDLER(Bts, "w=c u=osap", "BTS: as BT");
Status bts(kemu_ctxt &, Operands &o)
{
	return bit_test(o, BitOp::Set);
}
KEMU_HANDLER(Btr, "w=c u=osap", "BTR: as BT");
Status btr(kemu_ctxt &, Operands &o)
{
	return bit_test(o, BitOp::Reset);
}
KEMU_HANDLER(Btc, "w=c u=osap", "BTC: as BT");
Status btc(kemu_ctxt &, Operands &o)
{
	return bit_test(o, BitOp::Complement);
}

KEMU_HANDLER(Bsf, "w=z u=osapc",
             "BSF: ZF = (source == 0); CF OF SF AF PF undefined (destination on a zero source: "
             "Intel undefined, AMD unchanged)");
Status bsf(kemu_ctxt &, Operands &o)
{
	return bit_scan(o, true);
}
KEMU_HANDLER(Bsr, "w=z u=osapc", "BSR: as BSF");
Status bsr(kemu_ctxt &, Operands &o)
{
	return bit_scan(o, false);
}

// TZCNT/LZCNT: the operand width for a zero source (CF = 1); ZF = result is 0.
KEMU_HANDLER(Tzcnt, "w=zc u=osap",
             "TZCNT: ZF = (result == 0), CF = (source == 0); OF SF AF PF undefined");
Status tzcnt(kemu_ctxt &, Operands &o)
{
	unsigned bits = o.bytes[0] * 8;
	u64 src = truncate(o.v[1], o.bytes[0]);
	o.v[0] = src ? lowest_set(src) : bits;
	o.rflags = merge_flags(o.rflags, kCF | kZF, (src ? 0 : kCF) | (o.v[0] == 0 ? kZF : 0));
	return Status::Continue;
}
KEMU_HANDLER(Lzcnt, "w=zc u=osap", "LZCNT: as TZCNT");
Status lzcnt(kemu_ctxt &, Operands &o)
{
	unsigned bits = o.bytes[0] * 8;
	u64 src = truncate(o.v[1], o.bytes[0]);
	o.v[0] = src ? bits - 1 - highest_set(src) : bits;
	o.rflags = merge_flags(o.rflags, kCF | kZF, (src ? 0 : kCF) | (o.v[0] == 0 ? kZF : 0));
	return Status::Continue;
}

// POPCNT clears every arithmetic flag but ZF (source is zero).
KEMU_HANDLER(Popcnt, "w=z 0=osapc", "POPCNT: OF SF AF CF PF cleared; ZF = (source == 0)");
Status popcnt(kemu_ctxt &, Operands &o)
{
	u64 src = truncate(o.v[1], o.bytes[0]);
	o.v[0] = count_bits(src);
	o.rflags = merge_flags(o.rflags, kArithFlags, src ? 0 : kZF);
	return Status::Continue;
}

} // namespace kemu::exec
