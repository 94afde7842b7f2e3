// SPDX-License-Identifier: GPL-2.0
#pragma once

#include "core.h"
#include "decode/opcode.h"

namespace kemu::decode {

// The opcode-map entry of a decoded instruction.
inline const Opcode &opcode_of(const kemu_insn &insn)
{
	return *static_cast<const Opcode *>(insn.entry);
}

} // namespace kemu::decode
