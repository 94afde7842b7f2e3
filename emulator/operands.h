// SPDX-License-Identifier: GPL-2.0
// Reading and writing decoded operands: registers with x86's partial-write
// rules, memory through segmentation and the ops table, immediates; and the
// memory and stack accesses that handlers make themselves.
#pragma once

#include "core.h"
#include "decode/opcode.h"
#include "memory_write.h"

namespace kemu {

// seg:ea, `bytes` (1-8) wide, through segmentation and the ops table.
Status read_memory(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes, u64 &value);
Status write_memory(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes, u64 value);

// GPR `reg` as a `bytes`-wide register; for bytes == 1 without REX, 4-7 are AH-BH.
inline bool is_high_byte(const kemu_ctxt &c, unsigned reg, unsigned bytes)
{
	return bytes == 1 && !c.insn.rex && reg >= 4 && reg < 8;
}
// GPR `reg` at an operand size of 2, 4 or 8 bytes, never a byte register:
// for the callers whose width is one (MOV from Sreg, LEAVE, POPA, MUL/DIV
// pairs, ...), without the byte cases they never reach.
inline u64 read_gpr_wide(const kemu_ctxt &c, unsigned reg, unsigned bytes)
{
	return truncate(c.gprs[reg], bytes);
}
inline void write_gpr_wide(kemu_ctxt &c, unsigned reg, unsigned bytes, u64 value)
{
	u64 &r = c.gprs[reg];
	switch (bytes) {
	case 2:
		r = (r & ~0xffffull) | (value & 0xffff);
		break;
	case 4:
		r = static_cast<u32>(value); // 32-bit writes zero the upper half
		break;
	default:
		r = value;
		break;
	}
}
// Any width: the byte registers, then the wide ones.
inline u64 read_gpr(const kemu_ctxt &c, unsigned reg, unsigned bytes)
{
	if (is_high_byte(c, reg, bytes))
		return (c.gprs[reg - 4] >> 8) & 0xff;
	return read_gpr_wide(c, reg, bytes);
}
inline void write_gpr(kemu_ctxt &c, unsigned reg, unsigned bytes, u64 value)
{
	if (is_high_byte(c, reg, bytes)) {
		u64 &r = c.gprs[reg - 4];
		r = (r & ~0xff00ull) | ((value & 0xff) << 8);
		return;
	}
	if (bytes == 1) {
		u64 &r = c.gprs[reg];
		r = (r & ~0xffull) | (value & 0xff);
		return;
	}
	write_gpr_wide(c, reg, bytes, value);
}

// Where an operand is: in memory (true), or the general register it names
// in `reg` (ModRM.reg, ModRM.rm or the entry's own) -- one switch on the
// location for both.
inline bool locate(const kemu_ctxt &c, decode::Operand o, unsigned &reg)
{
	switch (o.loc) {
	case decode::Loc::G:
	case decode::Loc::Z:
		reg = c.insn.reg;
		return false;
	case decode::Loc::E:
		if (c.insn.mem_operand)
			return true;
		reg = c.insn.rm;
		return false;
	case decode::Loc::R:
		reg = c.insn.rm;
		return false;
	case decode::Loc::O:
	case decode::Loc::M:
		return true;
	default:
		reg = o.reg; // Loc::Reg
		return false;
	}
}

// A memory operand is at offset `ea` (the pass's, exec::Operands::ea) in
// the decoded segment.  `bytes` is the operand's width in this instruction
// (decode::operand_bytes; the engine works it out once per pass, in
// exec::Operands::bytes).  Inline: a
// register or immediate operand is a load or a store where it is used;
// only memory goes through the segmentation and the ops table.
inline Status read_operand(kemu_ctxt &c, decode::Operand o, unsigned bytes, u64 ea, u64 &value)
{
	unsigned reg;
	switch (o.loc) {
	case decode::Loc::I:
	case decode::Loc::J:
		value = c.insn.imm;
		return Status::Continue;
	case decode::Loc::One:
		value = 1;
		return Status::Continue;
	default:
		break;
	}
	if (locate(c, o, reg))
		return read_memory(c, c.insn.ea_seg, ea, bytes, value);
	value = read_gpr(c, reg, bytes);
	return Status::Continue;
}
inline Status write_operand(kemu_ctxt &c, decode::Operand o, unsigned bytes, u64 ea, u64 value)
{
	unsigned reg;
	if (locate(c, o, reg))
		return write_value(c, c.insn.ea_seg, ea, bytes, value);
	write_gpr(c, reg, bytes, value);
	return Status::Continue;
}

// The same for wider operands (CMPXCHG16B, descriptor-table images): bytes.
Status read_bytes(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes, u8 *buf);
Status write_bytes(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes, const u8 *buf);
// LOCKed writes: `bytes` at seg:ea from old to new atomically, through the
// host's cmpxchg_mem (a plain write without one).  Status::CmpxchgFailed
// when the memory changed meanwhile.
Status exchange_memory(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes, const u8 *old,
                       const u8 *new_val);

// Implicit supervisor reads and writes at a linear address (descriptor
// tables, TSS); Unhandleable without the host's read_system/write_system.
Status read_system(kemu_ctxt &c, u64 linear, unsigned bytes, void *buf);
Status write_system(kemu_ctxt &c, u64 linear, unsigned bytes, const void *buf);

// The low `bytes` of a register used as an address or counter (rSI, rCX, ...).
inline u64 address_reg(const kemu_ctxt &c, unsigned reg, unsigned bytes)
{
	return truncate(c.gprs[reg], bytes);
}
// Set the low `bytes` of an address/counter register (SP, SI, DI, CX under
// a 16- or 32-bit address size).  16-bit updates keep the rest; so do 32-bit
// ones outside 64-bit mode, where the upper half is not visible, while in
// 64-bit mode they are 32-bit writes and zero-extend (KVM keeps the upper
// half there: a deviation, the CPU is right).
inline void set_address_reg(kemu_ctxt &c, unsigned reg, unsigned bytes, u64 value)
{
	if (bytes == 4 && long_mode(c)) {
		c.gprs[reg] = static_cast<u32>(value);
		return;
	}
	u64 mask = truncate(~0ull, bytes);
	c.gprs[reg] = (c.gprs[reg] & ~mask) | (value & mask);
}
inline void advance_reg(kemu_ctxt &c, unsigned reg, unsigned bytes, u64 delta)
{
	set_address_reg(c, reg, bytes, c.gprs[reg] + delta);
}
// The same for rSP and rBP at the stack's width (stack_bytes, taken in the
// same mode): 4 bytes only outside 64-bit mode, so no test of the mode.
inline void set_stack_reg(kemu_ctxt &c, unsigned reg, unsigned sp_bytes, u64 value)
{
	u64 mask = truncate(~0ull, sp_bytes);
	c.gprs[reg] = (c.gprs[reg] & ~mask) | (value & mask);
}
inline void advance_stack_reg(kemu_ctxt &c, unsigned reg, unsigned sp_bytes, u64 delta)
{
	set_stack_reg(c, reg, sp_bytes, c.gprs[reg] + delta);
}

// SS.DPL (which is what CPL is), for a host without cpl().
unsigned privilege_from_ss(kemu_ctxt &c);
// The privilege level: 0 in real mode, 3 in virtual-8086 mode, else the
// host's cpl() or, without one, SS.DPL.  Inline: the privilege and IOPL
// checks of port I/O, CR moves and the like ask it on every execution.
inline unsigned current_privilege(kemu_ctxt &c)
{
	if (c.mode == KEMU_MODE_REAL)
		return 0;
	if (c.mode == KEMU_MODE_VM86)
		return 3;
	if (c.ops->cpl)
		return c.ops->cpl(c.opaque) & 3;
	return privilege_from_ss(c);
}
// IOPL from RFLAGS.
inline unsigned iopl(u64 rflags)
{
	return static_cast<unsigned>((rflags >> 12) & 3);
}

// Stack width: 8 in 64-bit mode, else 4 or 2 by SS.B.
unsigned stack_bytes(kemu_ctxt &c);
// Push/pop `bytes` at SS:rSP, moving rSP only when the access succeeds.
Status push_value(kemu_ctxt &c, u64 value, unsigned bytes);
Status pop_value(kemu_ctxt &c, unsigned bytes, u64 &value);
// Push values[0], values[1], ... (up to kMaxPushes, `bytes`: 2, 4 or 8 each) one at a
// time, so a fault leaves the earlier pushes in memory, as on the CPU; once
// a push waits for userspace (exit_pending) the rest go out together with
// it as one write, which is how no push is lost (see operands.cpp).
inline constexpr unsigned kMaxPushes = 8;
Status push_values(kemu_ctxt &c, const u64 *values, unsigned count, unsigned bytes);

} // namespace kemu
