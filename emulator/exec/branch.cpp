// SPDX-License-Identifier: GPL-2.0
// Near control transfers: Jcc, JMP, CALL, RET, LOOP/LOOPE/LOOPNE, JrCXZ.
// c.rip already holds the next instruction's address; a taken branch
// replaces it after checking the target against CS (limit, or canonical form
// in 64-bit mode): #GP(0) otherwise, with nothing changed.
#include "exec/flags.h"
#include "decode/decoder.h"
#include "exec/handlers.h"
#include "operands.h"
#include "segmentation.h"

namespace kemu::exec {

namespace {

// rIP = target, truncated to the operand size (IP wraps at 64K in 16-bit code).
Status jump_near(kemu_ctxt &c, u64 target)
{
	target = truncate(target, c.insn.op_bytes);
	u64 linear;
	Status s = linearize(c, KEMU_SEG_CS, target, 1, KEMU_ACCESS_FETCH, linear);
	if (s != Status::Continue)
		return s;
	c.rip = target;
	return Status::Continue;
}

Status jump_relative(kemu_ctxt &c)
{
	return jump_near(c, c.rip + c.insn.imm);
}

} // namespace

KEMU_HANDLER(Jcc, "", "Jcc: none; reads the condition's flags", FlagRule::Condition);
Status jcc(kemu_ctxt &c, Operands &o)
{
	if (!condition(c.insn.opcode & 0xf, o.rflags))
		return Status::Continue;
	return jump_relative(c);
}

// JMP rel (E9, EB) or r/m (FF /4: the target is v[0]).
KEMU_HANDLER(Jmp, "", "JMP: none (near)");
Status jmp(kemu_ctxt &c, Operands &o)
{
	if (decode::opcode_of(c.insn).ops[0].loc == decode::Loc::J)
		return jump_relative(c);
	return jump_near(c, o.v[0]);
}

// CALL: check the target, then push the return address.
KEMU_HANDLER(Call, "", "CALL: none (near)");
Status call(kemu_ctxt &c, Operands &o)
{
	u64 return_address = c.rip;
	Status s = decode::opcode_of(c.insn).ops[0].loc == decode::Loc::J ? jump_relative(c)
	                                                                  : jump_near(c, o.v[0]);
	if (s != Status::Continue)
		return s;
	return push_value(c, return_address, c.insn.op_bytes);
}

// RET [imm16]: pop the target, then release imm16 more bytes.
KEMU_HANDLER(Ret, "", "RET: none (near)");
Status ret(kemu_ctxt &c, Operands &)
{
	u64 target;
	Status s = pop_value(c, c.insn.op_bytes, target);
	if (s != Status::Continue)
		return s;
	s = jump_near(c, target);
	if (s != Status::Continue)
		return s;
	if (c.insn.imm_bytes)
		advance_stack_reg(c, KEMU_RSP, stack_bytes(c), c.insn.imm & 0xffff);
	return Status::Continue;
}

// LOOP/LOOPE/LOOPNE (E2, E1, E0): decrement the address-size count; branch
// while it is not zero (and ZF agrees).
KEMU_HANDLER(Loop, "", "LOOP: none");
Status loop(kemu_ctxt &c, Operands &o)
{
	unsigned ad = c.insn.ad_bytes;
	advance_reg(c, KEMU_RCX, ad, ~0ull);
	bool taken = address_reg(c, KEMU_RCX, ad) != 0;
	if (c.insn.opcode == 0xe1)
		taken = taken && (o.rflags & kZF);
	else if (c.insn.opcode == 0xe0)
		taken = taken && !(o.rflags & kZF);
	return taken ? jump_relative(c) : Status::Continue;
}

KEMU_HANDLER(Jcxz, "", "JCXZ/JECXZ/JRCXZ: none");
Status jcxz(kemu_ctxt &c, Operands &)
{
	if (address_reg(c, KEMU_RCX, c.insn.ad_bytes) != 0)
		return Status::Continue;
	return jump_relative(c);
}

} // namespace kemu::exec
