// SPDX-License-Identifier: GPL-2.0
// Shifts and rotates: ROL ROR RCL RCR SHL/SAL SHR SAR, SHLD SHRD.
// A count of 0 (after masking to 5 bits, 6 with 64-bit operands) changes no
// flag; the destination is still written, which zero-extends a 32-bit
// register as on the CPU.  OF is defined for a count of 1 only; for larger
// counts the same formula is applied, AF is cleared.
#include "exec/flags.h"
#include "exec/handlers.h"

namespace kemu::exec {

namespace {

using u128 = unsigned __int128;

unsigned masked_count(const Operands &o, u64 count)
{
	return static_cast<unsigned>(count & (o.bytes[0] == 8 ? 0x3f : 0x1f));
}

u64 msb(u64 v, unsigned bytes)
{
	return (v >> (bytes * 8 - 1)) & 1;
}

// ZF/SF/PF from the result, CF and OF as given.
Status shift_result(Operands &o, u64 result, bool cf, bool of)
{
	unsigned n = o.bytes[0];
	o.v[0] = truncate(result, n);
	u64 f = zsp_flags(result, n) | (cf ? kCF : 0) | (of ? kOF : 0);
	o.rflags = merge_flags(o.rflags, kArithFlags, f);
	return Status::Continue;
}

// Rotates change only CF and OF.
Status rotate_result(Operands &o, u64 result, bool cf, bool of)
{
	o.v[0] = truncate(result, o.bytes[0]);
	o.rflags = merge_flags(o.rflags, kCF | kOF, (cf ? kCF : 0) | (of ? kOF : 0));
	return Status::Continue;
}

// RCL/RCR rotate width + 1 bits (CF included): 8- and 16-bit counts wrap there.
unsigned through_carry(unsigned count, unsigned bytes)
{
	return bytes < 4 ? count % (bytes * 8 + 1) : count;
}

u64 rotate_left(u64 v, unsigned by, unsigned bits)
{
	by %= bits;
	if (by == 0)
		return v;
	return truncate((v << by) | (v >> (bits - by)), bits / 8);
}

} // namespace

KEMU_HANDLER(Rol, "w=oc",
             "ROL: CF the last bit out; OF for 1-bit rotates only; SF ZF AF PF not affected",
             FlagRule::Rotate);
Status rol(kemu_ctxt &, Operands &o)
{
	unsigned n = o.bytes[0], bits = n * 8, count = masked_count(o, o.v[1]);
	if (count == 0)
		return Status::Continue;
	u64 r = rotate_left(truncate(o.v[0], n), count, bits);
	bool cf = r & 1;
	return rotate_result(o, r, cf, msb(r, n) ^ cf);
}

KEMU_HANDLER(Ror, "w=oc", "ROR: as ROL", FlagRule::Rotate);
Status ror(kemu_ctxt &, Operands &o)
{
	unsigned n = o.bytes[0], bits = n * 8, count = masked_count(o, o.v[1]);
	if (count == 0)
		return Status::Continue;
	u64 r = rotate_left(truncate(o.v[0], n), bits - count % bits, bits);
	return rotate_result(o, r, msb(r, n), msb(r, n) ^ ((r >> (bits - 2)) & 1));
}

// RCL/RCR rotate through CF: a (width + 1)-bit rotation, one bit at a time
// being clearer than the 65-bit arithmetic it would otherwise need.
KEMU_HANDLER(Rcl, "r=c w=oc",
             "RCL: through CF; 8/16-bit counts rotate mod 9/17, OF by the masked count",
             FlagRule::Rotate);
Status rcl(kemu_ctxt &, Operands &o)
{
	unsigned n = o.bytes[0], count = masked_count(o, o.v[1]);
	if (count == 0)
		return Status::Continue;
	count = through_carry(count, n);
	u64 v = truncate(o.v[0], n);
	bool cf = o.rflags & kCF;
	for (unsigned i = 0; i < count; i++) {
		bool out = msb(v, n);
		v = truncate((v << 1) | cf, n);
		cf = out;
	}
	return rotate_result(o, v, cf, msb(v, n) ^ cf);
}

KEMU_HANDLER(Rcr, "r=c w=oc", "RCR: as RCL", FlagRule::Rotate);
Status rcr(kemu_ctxt &, Operands &o)
{
	unsigned n = o.bytes[0], bits = n * 8, count = masked_count(o, o.v[1]);
	if (count == 0)
		return Status::Continue;
	count = through_carry(count, n);
	u64 v = truncate(o.v[0], n);
	bool cf = o.rflags & kCF;
	bool of = msb(v, n) ^ cf; // defined for a count of 1: taken before the rotation
	for (unsigned i = 0; i < count; i++) {
		bool out = v & 1;
		v = (v >> 1) | (static_cast<u64>(cf) << (bits - 1));
		cf = out;
	}
	if (count > 1)
		of = msb(v, n) ^ ((v >> (bits - 2)) & 1);
	return rotate_result(o, v, cf, of);
}

KEMU_HANDLER(Shl, "w=oszpc u=a",
             "SAL/SHL: CF the last bit out; OF for 1-bit shifts only; AF undefined",
             FlagRule::Shift);
Status shl(kemu_ctxt &, Operands &o)
{
	unsigned n = o.bytes[0], bits = n * 8, count = masked_count(o, o.v[1]);
	if (count == 0)
		return Status::Continue;
	u64 v = truncate(o.v[0], n);
	u64 r = count < 64 ? v << count : 0;
	bool cf = count <= bits ? (v >> (bits - count)) & 1 : false;
	return shift_result(o, r, cf, msb(r, n) ^ cf);
}

KEMU_HANDLER(Shr, "w=oszpc u=a", "SHR: as SHL", FlagRule::Shift);
Status shr(kemu_ctxt &, Operands &o)
{
	unsigned n = o.bytes[0], count = masked_count(o, o.v[1]);
	if (count == 0)
		return Status::Continue;
	u64 v = truncate(o.v[0], n);
	u64 r = count < 64 ? v >> count : 0;
	bool cf = count <= 64 ? (v >> (count - 1)) & 1 : false;
	return shift_result(o, r, cf, msb(v, n));
}

KEMU_HANDLER(Sar, "w=oszpc u=a", "SAR: as SHL; CF the sign for count >= width", FlagRule::Shift);
Status sar(kemu_ctxt &, Operands &o)
{
	unsigned n = o.bytes[0], count = masked_count(o, o.v[1]);
	if (count == 0)
		return Status::Continue;
	s64 v = static_cast<s64>(sign_extend(o.v[0], n));
	unsigned by = count < 64 ? count : 63;
	u64 r = static_cast<u64>(v >> by);
	bool cf = (static_cast<u64>(v >> (by - 1))) & 1;
	return shift_result(o, r, cf, false);
}

// SHLD/SHRD: the destination shifted, filled from the source (v[1]); the
// count is v[2] (imm8 or CL).  A count above a 16-bit width is undefined;
// the 32-bit concatenation of the two words continues the shift.
KEMU_HANDLER(
    Shld, "w=oszpc u=a",
    "SHLD: AF undefined; OF for 1-bit shifts only; count > width: result and flags undefined",
    FlagRule::DoubleShift);
Status shld(kemu_ctxt &, Operands &o)
{
	unsigned n = o.bytes[0], bits = n * 8, count = masked_count(o, o.v[2]);
	if (count == 0)
		return Status::Continue;
	u64 d = truncate(o.v[0], n), s = truncate(o.v[1], n);
	u64 r;
	bool cf;
	if (bits == 64) {
		r = (d << count) | (s >> (64 - count));
		cf = (d >> (64 - count)) & 1;
	} else {
		// dest:src:dest in 128 bits, so a 16-bit count above 16 keeps shifting.
		u128 w = (static_cast<u128>(d) << (2 * bits)) | (static_cast<u128>(s) << bits) | d;
		r = truncate(static_cast<u64>((w << count) >> (2 * bits)), n);
		cf = static_cast<u64>(w >> (3 * bits - count)) & 1;
	}
	return shift_result(o, r, cf, msb(r, n) ^ msb(d, n));
}

KEMU_HANDLER(Shrd, "w=oszpc u=a", "SHRD: as SHLD", FlagRule::DoubleShift);
Status shrd(kemu_ctxt &, Operands &o)
{
	unsigned n = o.bytes[0], bits = n * 8, count = masked_count(o, o.v[2]);
	if (count == 0)
		return Status::Continue;
	u64 d = truncate(o.v[0], n), s = truncate(o.v[1], n);
	u64 r;
	bool cf;
	if (bits == 64) {
		r = (d >> count) | (s << (64 - count));
		cf = (d >> (count - 1)) & 1;
	} else {
		// src:dest:src, shifted right.
		u128 w = (static_cast<u128>(s) << (2 * bits)) | (static_cast<u128>(d) << bits) | s;
		r = truncate(static_cast<u64>((w >> count) >> bits), n);
		cf = static_cast<u64>(w >> (bits + count - 1)) & 1;
	}
	return shift_result(o, r, cf, msb(r, n) ^ msb(d, n));
}

} // namespace kemu::exec
