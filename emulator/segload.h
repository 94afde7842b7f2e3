// SPDX-License-Identifier: GPL-2.0
// Loading segment registers: the descriptor a selector names, checked as the
// instruction that loads it requires (SDM Vol. 3 5.5-5.8, MOV/POP/LxS and the
// far transfers), then handed to the host's set_segment.
#pragma once

#include "core.h"

namespace kemu {

// Why a segment is loaded: the privilege rules for CS depend on it.
enum class Transfer {
	Load,       // MOV, POP, LDS and friends: data segments and SS
	CallJmp,    // far JMP/CALL: CS
	Ret,        // far RET, IRET: CS
	TaskSwitch, // the new task's registers: faults are #TS, CPL is the new CS.RPL
};

// The hidden part `seg` gets for `selector` (descriptor read and checked,
// #GP/#SS/#NP(selector) otherwise); nothing is loaded yet.  `desc_addr` is
// the descriptor's linear address (0 for real and virtual-8086 mode and null
// selectors), for setting its accessed bit on load.
Status segment_for(kemu_ctxt &c, u16 selector, u8 seg, Transfer transfer, kemu_segment &out,
                   u64 &desc_addr);

// The same at a given privilege level (a task switch loads at the new task's).
Status segment_for_cpl(kemu_ctxt &c, u16 selector, u8 seg, Transfer transfer, unsigned cpl,
                       kemu_segment &out, u64 &desc_addr);

// The descriptor `selector` names (GDT or LDT), decoded, and its address.
// Past the table's limit (or without an LDT): #GP(selector), or limit_vector.
Status read_descriptor(kemu_ctxt &c, u16 selector, kemu_segment &out, u64 &desc_addr,
                       u8 limit_vector = KEMU_GP);
// Rewrite a descriptor's type field (accessed and busy bits), byte 5.
Status write_descriptor_type(kemu_ctxt &c, u64 desc_addr, const kemu_segment &s);

// Load what segment_for returned: the descriptor's accessed bit, then the register.
Status commit_segment(kemu_ctxt &c, u8 seg, const kemu_segment &s, u64 desc_addr);

// Both: MOV Sreg, POP Sreg, LxS.
Status load_segment(kemu_ctxt &c, u16 selector, u8 seg);

// Long mode is active (EFER.LMA): 64-bit or compatibility mode.
bool long_mode_active(kemu_ctxt &c);

// Whether an instruction that loads segments can run: the host's callbacks.
bool can_load_segments(const kemu_ctxt &c);

// The selector of segment register `seg`.
u16 selector_of(kemu_ctxt &c, u8 seg);

} // namespace kemu
