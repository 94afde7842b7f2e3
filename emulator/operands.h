// SPDX-License-Identifier: GPL-2.0
// Reading and writing decoded operands: registers with x86's partial-write
// rules, memory through segmentation and the ops table, immediates.
#pragma once

#include "core.h"
#include "decode/opcode.h"

namespace kemu {

Status read_operand(kemu_ctxt &c, decode::Operand o, u64 &value);
Status write_operand(kemu_ctxt &c, decode::Operand o, u64 value);

// GPR `reg` as a `bytes`-wide register; for bytes == 1 without REX, 4-7 are AH-BH.
u64 read_gpr(const kemu_ctxt &c, unsigned reg, unsigned bytes);
void write_gpr(kemu_ctxt &c, unsigned reg, unsigned bytes, u64 value);

} // namespace kemu
