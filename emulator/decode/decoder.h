// SPDX-License-Identifier: GPL-2.0
#pragma once

#include "core.h"
#include "decode/opcode_map.h"

namespace kemu::decode {

// Decode the instruction at CS:rip into c.insn (bytes/len: already known bytes).
Status decode(kemu_ctxt &c, const u8 *bytes, unsigned len);

// The map entry of a decoded instruction (insn.handler indexes the map).
const Opcode &opcode_of(const kemu_insn &insn);

// Bytes of an operand of width `w` for this instruction.
constexpr unsigned operand_bytes(const kemu_insn &insn, Width w)
{
	switch (w) {
	case Width::Byte:
		return 1;
	case Width::OpSize:
	case Width::OpSizeImm32:
		return insn.op_bytes;
	case Width::None:
		break;
	}
	return 0;
}

inline constexpr u8 kRexW = 8, kRexR = 4, kRexX = 2, kRexB = 1;

} // namespace kemu::decode
