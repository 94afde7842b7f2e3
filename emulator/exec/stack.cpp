// SPDX-License-Identifier: GPL-2.0
// Stack instructions: PUSH POP (registers, r/m, immediates), PUSHF POPF,
// ENTER LEAVE, PUSHA POPA.  Pushes and pops move operand-size values (64-bit by default
// in 64-bit mode) at SS:rSP; rSP wraps within the stack width (SS.B).
#include "exec/flags.h"
#include "exec/handlers.h"
#include "operands.h"

namespace kemu::exec {

// The value is v[0] (a register, r/m or sign-extended immediate), pushed at
// the operand size; PUSH rSP pushes the value before the decrement.
KEMU_HANDLER(Push, "", "PUSH: none");
Status push(kemu_ctxt &c, Operands &o)
{
	return push_value(c, o.v[0], c.insn.op_bytes);
}

namespace {

// An rSP-based memory operand (SIB base 4: the only way to name rSP as a base).
bool rsp_based(const kemu_insn &insn)
{
	if (!insn.mem_operand || !insn.has_modrm || (insn.modrm & 7) != 4 || (insn.modrm >> 6) == 3)
		return false;
	unsigned base = (insn.sib & 7) | ((insn.rex & 1) ? 8 : 0);
	bool no_base = (insn.sib & 7) == 5 && (insn.modrm >> 6) == 0;
	return base == KEMU_RSP && !no_base;
}

} // namespace

// POP r/m: the engine writes the popped value to v[0]'s place afterwards, so
// POP rSP ends with the popped value, and an rSP-based destination is
// addressed with rSP after the pop (SDM POP; KVM's IncSP).
KEMU_HANDLER(Pop, "", "POP: none");
Status pop(kemu_ctxt &c, Operands &o)
{
	Status s = pop_value(c, c.insn.op_bytes, o.v[0]);
	if (s == Status::Continue && rsp_based(c.insn))
		o.ea = truncate(o.ea + c.insn.op_bytes, c.insn.ad_bytes);
	return s;
}

// The image has RF and VM clear.  Virtual-8086 mode below IOPL 3 faults.
KEMU_HANDLER(Pushf, "r=oszapcdtinlxj", "PUSHF: none affected; the image has VM and RF clear");
Status pushf(kemu_ctxt &c, Operands &o)
{
	if (c.mode == KEMU_MODE_VM86 && iopl(o.rflags) < 3)
		return raise_gp0(c);
	return push_value(c, o.rflags & ~(kRF | kVM), c.insn.op_bytes);
}

// Which flags POPF may change depends on the mode, CPL and IOPL (SDM POPF).
KEMU_HANDLER(Popf, "w=oszapcdtinlxj",
             "POPF: IF only when CPL <= IOPL, IOPL only at CPL 0; VM VIF VIP kept; RF cleared",
             FlagRule::Context);
Status popf(kemu_ctxt &c, Operands &o)
{
	u64 changeable = kArithFlags | kTF | kDF | kNT | kAC | kID;
	switch (c.mode) {
	case KEMU_MODE_REAL:
		changeable |= kIOPL | kIF;
		break;
	case KEMU_MODE_VM86:
		if (iopl(o.rflags) < 3)
			return raise_gp0(c);
		changeable |= kIF;
		break;
	default: {
		unsigned cpl = current_privilege(c);
		if (cpl == 0)
			changeable |= kIOPL;
		if (cpl <= iopl(o.rflags))
			changeable |= kIF;
		break;
	}
	}
	unsigned n = c.insn.op_bytes;
	u64 value;
	Status s = pop_value(c, n, value);
	if (s != Status::Continue)
		return s;
	changeable &= truncate(~0ull, n);
	o.rflags = merge_flags(o.rflags, changeable, value) | 2;
	return Status::Continue;
}

// ENTER size, 0: push rBP, rBP = rSP, rSP -= size.  Nesting levels above 0
// copy frame pointers; KVM does not emulate them either.
KEMU_HANDLER(Enter, "", "ENTER: none");
Status enter(kemu_ctxt &c, Operands &)
{
	if ((c.insn.imm2 & 0x1f) != 0)
		return Status::Unhandleable;
	unsigned sp_bytes = stack_bytes(c);
	Status s = push_value(c, c.gprs[KEMU_RBP], c.insn.op_bytes);
	if (s != Status::Continue)
		return s;
	u64 frame = address_reg(c, KEMU_RSP, sp_bytes);
	u64 size = c.insn.imm & 0xffff;
	u64 top = truncate(frame - size, sp_bytes);
	if (size && !c.exit_pending) {
		// The CPU faults if a write at the final rSP would (SDM ENTER, #PF
		// and #SS); a one-byte read there finds a missing page or a limit
		// violation without writing the guest's stack.  KVM does not check.
		// Not after a push that waits for userspace (an MMIO stack): the
		// read would make the host drop it (see operands.cpp).
		u64 unused;
		s = read_memory(c, KEMU_SEG_SS, top, 1, unused);
		if (s != Status::Continue) {
			if (c.have_exception && c.exception.vector == KEMU_PF)
				c.exception.error_code |= kPfWrite; // what the CPU reports
			return s;
		}
	}
	set_stack_reg(c, KEMU_RBP, sp_bytes, frame);
	set_stack_reg(c, KEMU_RSP, sp_bytes, top);
	return Status::Continue;
}

// LEAVE: rSP = rBP, pop rBP.
KEMU_HANDLER(Leave, "", "LEAVE: none");
Status leave(kemu_ctxt &c, Operands &)
{
	unsigned sp_bytes = stack_bytes(c);
	set_stack_reg(c, KEMU_RSP, sp_bytes, c.gprs[KEMU_RBP]);
	u64 value;
	Status s = pop_value(c, c.insn.op_bytes, value);
	if (s == Status::Continue)
		write_gpr_wide(c, KEMU_RBP, c.insn.op_bytes, value);
	return s;
}

// PUSHA/PUSHAD: rAX, rCX, rDX, rBX, the rSP from before, rBP, rSI, rDI, one
// push at a time: a fault leaves the earlier ones in memory, as on the CPU
// (rSP is restored).
KEMU_HANDLER(Pusha, "", "PUSHA: none");
Status pusha(kemu_ctxt &c, Operands &)
{
	u64 values[kMaxPushes];
	for (unsigned r = KEMU_RAX; r <= KEMU_RDI; r++)
		values[r] = c.gprs[r];
	return push_values(c, values, KEMU_RDI + 1, c.insn.op_bytes);
}

// POPA/POPAD: the reverse; the saved rSP's slot is skipped, not read.
KEMU_HANDLER(Popa, "", "POPA: none");
Status popa(kemu_ctxt &c, Operands &)
{
	unsigned n = c.insn.op_bytes;
	for (int r = KEMU_RDI; r >= KEMU_RAX; r--) {
		if (r == KEMU_RSP) {
			advance_stack_reg(c, KEMU_RSP, stack_bytes(c), n);
			continue;
		}
		u64 value;
		Status s = pop_value(c, n, value);
		if (s != Status::Continue)
			return s;
		write_gpr_wide(c, static_cast<unsigned>(r), n, value);
	}
	return Status::Continue;
}

} // namespace kemu::exec
