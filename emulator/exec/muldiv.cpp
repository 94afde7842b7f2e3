// SPDX-License-Identifier: GPL-2.0
// MUL, IMUL (one, two and three operands), DIV, IDIV.  Products and
// quotients use unsigned __int128 so the 64-bit forms are exact.  After a
// multiply only CF and OF are defined; SF, ZF, PF, AF follow Intel (SF from
// the low half's sign, ZF/PF/AF cleared).  Division changes no defined flag
// and raises #DE on a zero divisor or a quotient that does not fit.
#include "exec/flags.h"
#include "decode/decoder.h"
#include "exec/handlers.h"
#include "operands.h"

namespace kemu::exec {

namespace {

using u128 = unsigned __int128;
using s128 = __int128;

// The flags after a multiply whose product did (not) fit the low half.
u64 multiply_flags(u64 low, unsigned bytes, bool overflow)
{
	u64 f = (low & sign_bit(bytes)) ? kSF : 0;
	f |= parity_flag(low);
	if (overflow)
		f |= kCF | kOF;
	return f;
}

// The accumulator pair: AX for bytes, rDX:rAX otherwise.
void write_pair(kemu_ctxt &c, unsigned bytes, u128 value)
{
	unsigned bits = bytes * 8;
	if (bytes == 1) {
		write_gpr(c, KEMU_RAX, 2, static_cast<u64>(value));
		return;
	}
	write_gpr_wide(c, KEMU_RAX, bytes, static_cast<u64>(value));
	write_gpr_wide(c, KEMU_RDX, bytes, static_cast<u64>(value >> bits));
}

u128 read_pair(const kemu_ctxt &c, unsigned bytes)
{
	if (bytes == 1)
		return read_gpr(c, KEMU_RAX, 2);
	return (static_cast<u128>(read_gpr_wide(c, KEMU_RDX, bytes)) << (bytes * 8)) |
	       read_gpr_wide(c, KEMU_RAX, bytes);
}

Status divide_error(kemu_ctxt &c)
{
	return raise(c, KEMU_DE);
}

// dividend / divisor when the quotient fits 64 bits (false otherwise, and
// for a zero divisor).  The CPU's own DIV does it; 128-bit division in C++
// would need libgcc, which the kernel does not have.
bool divide(u128 dividend, u64 divisor, u64 &q, u64 &r)
{
	u64 hi = static_cast<u64>(dividend >> 64), lo = static_cast<u64>(dividend);
	if (divisor == 0 || hi >= divisor)
		return false;
	asm("divq %[d]" : "=a"(q), "=d"(r) : [d] "rm"(divisor), "a"(lo), "d"(hi));
	return true;
}

void write_quotient(kemu_ctxt &c, unsigned bytes, u64 q, u64 r)
{
	if (bytes == 1) {
		write_gpr(c, KEMU_RAX, 2, ((r & 0xff) << 8) | (q & 0xff));
		return;
	}
	write_gpr_wide(c, KEMU_RAX, bytes, q);
	write_gpr_wide(c, KEMU_RDX, bytes, r);
}

} // namespace

// MUL r/m: rDX:rAX = rAX * r/m (AX = AL * r/m8).
KEMU_HANDLER(Mul, "w=oc u=szap", "MUL: OF CF = upper half != 0; SF ZF AF PF undefined");
Status mul(kemu_ctxt &c, Operands &o)
{
	unsigned n = o.bytes[0];
	u128 p = static_cast<u128>(read_gpr(c, KEMU_RAX, n)) * truncate(o.v[0], n);
	write_pair(c, n, p);
	bool overflow = (p >> (n * 8)) != 0;
	o.rflags = merge_flags(o.rflags, kArithFlags,
	                       multiply_flags(truncate(static_cast<u64>(p), n), n, overflow));
	return Status::Continue;
}

// IMUL: one operand (F6/F7 /5) like MUL, signed; two (0F AF: r *= r/m) and
// three (69/6B: r = r/m * imm) operands keep the low half.
KEMU_HANDLER(Imul, "w=oc u=szap", "IMUL: OF CF = result truncated; SF ZF AF PF undefined");
Status imul(kemu_ctxt &c, Operands &o)
{
	const decode::Opcode &op = decode::opcode_of(c.insn);
	unsigned n = o.bytes[0];
	s128 a, b;
	if (op.ops[1].loc == decode::Loc::None) {
		a = static_cast<s64>(sign_extend(read_gpr(c, KEMU_RAX, n), n));
		b = static_cast<s64>(sign_extend(o.v[0], n));
	} else if (op.ops[2].loc == decode::Loc::None) {
		a = static_cast<s64>(sign_extend(o.v[0], n));
		b = static_cast<s64>(sign_extend(o.v[1], n));
	} else {
		a = static_cast<s64>(sign_extend(o.v[1], n));
		b = static_cast<s64>(sign_extend(o.v[2], n));
	}
	s128 p = a * b;
	u64 low = truncate(static_cast<u64>(p), n);
	bool overflow = p != static_cast<s64>(sign_extend(low, n));
	o.rflags = merge_flags(o.rflags, kArithFlags, multiply_flags(low, n, overflow));
	if (op.ops[1].loc == decode::Loc::None) {
		write_pair(c, n, static_cast<u128>(p));
	} else {
		o.v[0] = low;
	}
	return Status::Continue;
}

// DIV r/m: rAX = rDX:rAX / r/m, rDX = remainder (AL/AH for bytes).
KEMU_HANDLER(Div, "u=oszapc", "DIV: CF OF SF ZF AF PF undefined");
Status div(kemu_ctxt &c, Operands &o)
{
	unsigned n = o.bytes[0], bits = n * 8;
	u64 divisor = truncate(o.v[0], n);
	u128 dividend = read_pair(c, n);
	u64 q, r;
	if (!divide(dividend, divisor, q, r) || (bits < 64 && (q >> bits)))
		return divide_error(c);
	write_quotient(c, n, q, r);
	return Status::Continue;
}

KEMU_HANDLER(Idiv, "u=oszapc", "IDIV: CF OF SF ZF AF PF undefined");
Status idiv(kemu_ctxt &c, Operands &o)
{
	unsigned n = o.bytes[0], bits = n * 8;
	s64 divisor = static_cast<s64>(sign_extend(o.v[0], n));
	// The 2n-bit dividend, sign-extended to 128 bits, as sign and magnitude.
	u128 raw = read_pair(c, n);
	s128 dividend = static_cast<s128>(raw << (128 - 2 * bits)) >> (128 - 2 * bits);
	bool dividend_negative = dividend < 0, divisor_negative = divisor < 0;
	u128 magnitude =
	    dividend_negative ? -static_cast<u128>(dividend) : static_cast<u128>(dividend);
	u64 divisor_magnitude =
	    divisor_negative ? 0 - static_cast<u64>(divisor) : static_cast<u64>(divisor);
	u64 q, r;
	if (!divide(magnitude, divisor_magnitude, q, r))
		return divide_error(c);
	bool quotient_negative = dividend_negative != divisor_negative;
	// |q| may reach 2^(bits-1) only when the quotient is negative.
	u64 limit = 1ull << (bits - 1);
	if (quotient_negative ? q > limit : q >= limit)
		return divide_error(c);
	write_quotient(c, n, quotient_negative ? 0 - q : q, dividend_negative ? 0 - r : r);
	return Status::Continue;
}

} // namespace kemu::exec
