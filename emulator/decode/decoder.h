// SPDX-License-Identifier: GPL-2.0
#pragma once

#include "core.h"
#include "decode/opcode.h"

namespace kemu::decode {

// Decode the instruction at CS:rip into c.insn (bytes/len: already known bytes).
Status decode(kemu_ctxt &c, const u8 *bytes, unsigned len);

// The opcode-map entry of a decoded instruction.
inline const Opcode &opcode_of(const kemu_insn &insn)
{
	return *static_cast<const Opcode *>(insn.entry);
}

// Bytes of an operand of width `w` for this instruction (general registers
// and memory; 0 for widths that are not a plain integer size).
constexpr unsigned operand_bytes(const kemu_insn &insn, Width w)
{
	switch (w) {
	case Width::b:
	case Width::bs:
		return 1;
	case Width::w:
		return 2;
	case Width::d:
		return 4;
	case Width::q:
		return 8;
	case Width::v:
		return insn.op_bytes;
	case Width::z:
		return insn.op_bytes == 2 ? 2 : 4;
	case Width::y:
		return insn.op_bytes == 8 ? 8 : 4;
	default:
		return 0;
	}
}

} // namespace kemu::decode
