// SPDX-License-Identifier: GPL-2.0
// Integer arithmetic and logic: ADD OR ADC SBB AND SUB XOR CMP TEST, INC DEC
// NEG NOT, ADCX ADOX.  Flags follow the SDM's "Flags Affected" of each instruction.
#include "exec/flags.h"
#include "exec/handlers.h"

namespace kemu::exec {

namespace {

Status arith(Operands &o, bool subtract, u64 carry)
{
	unsigned n = o.bytes[0];
	u64 a = o.v[0], b = o.v[1];
	u64 f = subtract ? sub_flags(a, b, carry, n) : add_flags(a, b, carry, n);
	o.v[0] = subtract ? a - b - carry : a + b + carry;
	o.rflags = merge_flags(o.rflags, kArithFlags, f);
	return Status::Continue;
}

Status logic(Operands &o, u64 result)
{
	o.v[0] = result;
	o.rflags = merge_flags(o.rflags, kArithFlags, logic_flags(result, o.bytes[0]));
	return Status::Continue;
}

u64 carry_of(const Operands &o)
{
	return o.rflags & kCF;
}

// ADCX/ADOX: an unsigned add whose carry comes from and goes to one flag
// (CF, OF); no other flag changes.
Status add_with_carry_in(Operands &o, u64 carry_flag)
{
	u64 carry = (o.rflags & carry_flag) ? 1 : 0;
	bool carry_out = add_flags(o.v[0], o.v[1], carry, o.bytes[0]) & kCF;
	o.v[0] += o.v[1] + carry;
	o.rflags = merge_flags(o.rflags, carry_flag, carry_out ? carry_flag : 0);
	return Status::Continue;
}

} // namespace

KEMU_HANDLER(Add, "w=oszapc", "ADD: OF SF ZF AF CF PF by the result");
Status add(kemu_ctxt &, Operands &o)
{
	return arith(o, false, 0);
}
KEMU_HANDLER(Adc, "r=c w=oszapc", "ADC: OF SF ZF AF CF PF by the result");
Status adc(kemu_ctxt &, Operands &o)
{
	return arith(o, false, carry_of(o));
}
KEMU_HANDLER(Adcx, "r=c w=c", "ADCX: CF is the unsigned carry out; the other flags unmodified");
Status adcx(kemu_ctxt &, Operands &o)
{
	return add_with_carry_in(o, kCF);
}
KEMU_HANDLER(Adox, "r=o w=o", "ADOX: OF is the unsigned carry out; the other flags unmodified");
Status adox(kemu_ctxt &, Operands &o)
{
	return add_with_carry_in(o, kOF);
}
KEMU_HANDLER(Sub, "w=oszapc", "SUB: OF SF ZF AF CF PF by the result");
Status sub(kemu_ctxt &, Operands &o)
{
	return arith(o, true, 0);
}
KEMU_HANDLER(Sbb, "r=c w=oszapc", "SBB: OF SF ZF AF CF PF by the result");
Status sbb(kemu_ctxt &, Operands &o)
{
	return arith(o, true, carry_of(o));
}
// CMP is SUB without the write (its entry's destination is only read).
KEMU_HANDLER(Cmp, "w=oszapc", "CMP: CF OF SF ZF AF PF by the comparison");
Status cmp(kemu_ctxt &, Operands &o)
{
	return arith(o, true, 0);
}

KEMU_HANDLER(Or, "w=szp 0=oc u=a", "OR: OF CF cleared; SF ZF PF by the result; AF undefined");
Status or_(kemu_ctxt &, Operands &o)
{
	return logic(o, o.v[0] | o.v[1]);
}
KEMU_HANDLER(And, "w=szp 0=oc u=a", "AND: OF CF cleared; SF ZF PF by the result; AF undefined");
Status and_(kemu_ctxt &, Operands &o)
{
	return logic(o, o.v[0] & o.v[1]);
}
KEMU_HANDLER(Xor, "w=szp 0=oc u=a", "XOR: OF CF cleared; SF ZF PF by the result; AF undefined");
Status xor_(kemu_ctxt &, Operands &o)
{
	return logic(o, o.v[0] ^ o.v[1]);
}
KEMU_HANDLER(Test, "w=szp 0=oc u=a", "TEST: OF CF cleared; SF ZF PF by the result; AF undefined");
Status test(kemu_ctxt &, Operands &o)
{
	return logic(o, o.v[0] & o.v[1]);
}

// INC/DEC leave CF alone.
KEMU_HANDLER(Inc, "w=oszap", "INC: CF not affected; OF SF ZF AF PF by the result");
Status inc(kemu_ctxt &, Operands &o)
{
	u64 f = add_flags(o.v[0], 1, 0, o.bytes[0]);
	o.v[0] += 1;
	o.rflags = merge_flags(o.rflags, kArithFlags & ~kCF, f);
	return Status::Continue;
}
KEMU_HANDLER(Dec, "w=oszap", "DEC: CF not affected; OF SF ZF AF PF by the result");
Status dec(kemu_ctxt &, Operands &o)
{
	u64 f = sub_flags(o.v[0], 1, 0, o.bytes[0]);
	o.v[0] -= 1;
	o.rflags = merge_flags(o.rflags, kArithFlags & ~kCF, f);
	return Status::Continue;
}

// NEG: 0 - dest; CF = (dest != 0).
KEMU_HANDLER(Neg, "w=oszapc", "NEG: CF = (source != 0); OF SF ZF AF PF by the result");
Status neg(kemu_ctxt &, Operands &o)
{
	u64 f = sub_flags(0, o.v[0], 0, o.bytes[0]);
	o.v[0] = 0 - o.v[0];
	o.rflags = merge_flags(o.rflags, kArithFlags, f);
	return Status::Continue;
}

// NOT changes no flags.
KEMU_HANDLER(Not, "", "NOT: none");
Status not_(kemu_ctxt &, Operands &o)
{
	o.v[0] = ~o.v[0];
	return Status::Continue;
}

} // namespace kemu::exec
