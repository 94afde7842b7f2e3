// SPDX-License-Identifier: GPL-2.0
// The flags of a decoded instruction: its entry's handler and mnemonic, and
// the operands the rules need (width, count, condition).
#include "exec/flag_effects.h"

#include "decode/decoder.h"

namespace kemu::exec {

namespace {

// The count operand of a shift, rotate or double shift: 1, CL or imm8.
unsigned count_of(const decode::Operand &op, const kemu_insn &insn, const u64 *gprs)
{
	switch (op.loc) {
	case decode::Loc::One:
		return 1;
	case decode::Loc::Reg:
		return static_cast<unsigned>(gprs[op.reg] & 0xff);
	case decode::Loc::I:
		return static_cast<unsigned>(insn.imm & 0xff);
	default:
		return 0;
	}
}

} // namespace

const FlagEntry *flag_entry_of(const kemu_insn &insn)
{
	if (!insn.entry)
		return nullptr;
	const decode::Opcode &o = decode::opcode_of(insn);
	return flag_entry(o.handler, o.mnemonic);
}

FlagUse flag_use_of(const kemu_insn &insn, const u64 *gprs)
{
	const FlagEntry *e = flag_entry_of(insn);
	if (!e)
		return {};
	const decode::Opcode &o = decode::opcode_of(insn);
	FlagOperands in;
	in.width = 8 * decode::width_bytes_of(o.ops[0].width, insn, true);
	in.condition = static_cast<u8>(insn.opcode & 0xf);
	const unsigned count_operand = e->rule == FlagRule::DoubleShift ? 2 : 1;
	if (e->rule == FlagRule::Shift || e->rule == FlagRule::Rotate ||
	    e->rule == FlagRule::DoubleShift)
		in.count =
		    count_of(o.ops[count_operand], insn, gprs) & (in.width == 64 ? 0x3f : 0x1f);
	return flag_use(*e, in);
}

} // namespace kemu::exec
