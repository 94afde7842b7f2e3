// SPDX-License-Identifier: GPL-2.0
// Execution handlers: one function per instruction, grouped by family in exec/.
// The engine reads the operands whose roles the opcode entry declares read
// into `v` (decode/opcode.h: Opcode::planned), calls the handler, writes
// v[0] back when `write` is set (the first operand's role writes; a handler
// clears it where the instruction decides at run time not to) and commits
// `rflags`.
// Handlers that touch other registers or memory do so themselves; the engine
// restores the registers if the instruction then faults.
#pragma once

#include "core.h"
#include "decode/opcode.h"
#include "exec/flag_effects.h"
#include "operands.h"

namespace kemu::exec {

struct Operands {
	// All zero: the members' initializers would be one `rep stos` (core.h).
	Operands() { zero_in_parts(*this); }

	u64 v[3];          // operand values, in the entry's order; v[0] is the destination
	u64 read[3];       // the values as read (LOCKed writes compare against read[0])
	unsigned bytes[3]; // their widths
	bool write;        // write v[0] back
	u64 rflags;        // the flags after the instruction
	u64 rip;           // the instruction's own address (c.rip is the next one)
	bool keep_state;   // a fault after committed progress (REP iterations)
	bool keeps_rf;     // RF is the handler's (IRET loads it, a REP string that
	                   // stops early sets it); otherwise completion clears it
	bool asked_l1;     // asked L1 after a handler's own read (ask_after_own_read)
	// The memory operand's offset in this pass: the decode's, moved by a bit
	// string's offset or POP's rSP increment.  The decode itself never
	// changes, so a pass run again after an exit starts from it (KVM re-runs
	// the same decode with EMULTYPE_NO_DECODE).
	u64 ea;
};

// Handlers whose only effects on the registers are the destination the
// engine writes back, the flags and rIP (a port, CR or DR write is the
// host's, made last): a later fault needs no register restored, so the
// engine does not save the registers for them (most emulated instructions).
constexpr bool only_destination_and_flags(decode::Handler h)
{
	using decode::Handler;
	switch (h) {
	case Handler::Mov:
	case Handler::Movzx:
	case Handler::Movsx:
	case Handler::Movbe:
	case Handler::Lea:
	case Handler::Add:
	case Handler::Or:
	case Handler::Adc:
	case Handler::Sbb:
	case Handler::And:
	case Handler::Sub:
	case Handler::Xor:
	case Handler::Cmp:
	case Handler::Test:
	case Handler::Inc:
	case Handler::Dec:
	case Handler::Neg:
	case Handler::Not:
	case Handler::Rol:
	case Handler::Ror:
	case Handler::Rcl:
	case Handler::Rcr:
	case Handler::Shl:
	case Handler::Shr:
	case Handler::Sar:
	case Handler::Shld:
	case Handler::Shrd:
	case Handler::Bt:
	case Handler::Bts:
	case Handler::Btr:
	case Handler::Btc:
	case Handler::Bsf:
	case Handler::Bsr:
	case Handler::Tzcnt:
	case Handler::Lzcnt:
	case Handler::Popcnt:
	case Handler::Setcc:
	case Handler::Cmov:
	case Handler::Nop:
	case Handler::Clflush:
	case Handler::Clc:
	case Handler::Stc:
	case Handler::Cmc:
	case Handler::Cld:
	case Handler::Std:
	case Handler::Sahf:
	case Handler::Jcc:
	case Handler::Jmp:
	case Handler::Jcxz:
	case Handler::In:
	case Handler::Out:
	case Handler::MovCr:
	case Handler::MovDr:
		return true;
	default:
		return false;
	}
}

// Handlers that implement the VEX forms of their instructions.
constexpr bool knows_vex(decode::Handler h)
{
	return h == decode::Handler::VectorMove;
}

// A handler is registered on the line above its definition, in the file of
// its family, and nowhere else:
//
//     KEMU_HANDLER(Adcx, "r=c w=c", "ADCX: CF is the unsigned carry out; ...");
//     Status adcx(kemu_ctxt &, Operands &o)
//
// First the Handler enumerator a map entry names (I(Adcx, ...)); then the
// RFLAGS bits it reads and changes in flag_effects.h's notation, from the
// SDM's "Flags Affected", and the SDM's words in short; a FlagRule last
// where the operands refine them (default Fixed).  At build time
// scripts/gen-handler-list.sh collects the registrations into the X-macro
// KEMU_HANDLERS (generated/kemu_handler_list.h), from which come the
// Handler enumeration (decode/opcode.h), these declarations, the engine's
// dispatch switch (engine.cpp) and the flag table (flag_effects.h).  In the
// source the line checks that its enumerator was collected and that its
// notation parses.
#define KEMU_HANDLER(name, notation, ...)                                                          \
	static_assert(decode::Handler::name != decode::Handler::None &&                            \
	                  !flag_notation::parse(notation).bad,                                     \
	              "KEMU_HANDLER(" #name "): flag notation does not parse")

// The handlers, each in the file of its family.
#define KEMU_HANDLER_DECLARATION(name, function, ...) Status function(kemu_ctxt &c, Operands &o);
KEMU_HANDLERS(KEMU_HANDLER_DECLARATION)
#undef KEMU_HANDLER_DECLARATION

// Helpers the families share.
// bits.cpp
// BT* with a register bit offset and a memory operand address a bit string:
// the bytes to add to the effective address for that offset.
s64 bit_string_displacement(u64 bit_offset, unsigned bytes);
// io.cpp
// Past CPL <= IOPL (protected mode) or in virtual-8086 mode: the VMware
// backdoor's ports, else the TSS bitmap.
Status check_io_permission_beyond_iopl(kemu_ctxt &c, u16 port, unsigned bytes);
// Whether the task's I/O permission allows `bytes` at `port` (SDM 19.5.2):
// always in real mode and at CPL <= IOPL, else the TSS bitmap decides.
// Inline: every port access asks, and most are allowed by the first two.
inline Status check_io_permission(kemu_ctxt &c, u64 rflags, u16 port, unsigned bytes)
{
	if (c.mode == KEMU_MODE_REAL)
		return Status::Continue;
	if (c.mode != KEMU_MODE_VM86 && current_privilege(c) <= iopl(rflags))
		return Status::Continue;
	return check_io_permission_beyond_iopl(c, port, bytes);
}
// One access of n (1, 2 or 4) bytes through the host's port callbacks, the
// value little-endian; IN, OUT, INS and OUTS all go through these.
Status port_in(kemu_ctxt &c, u16 port, unsigned n, u64 &value);
// `count` items of `n` bytes from one port in one host call (REP INS runs).
Status port_in_items(kemu_ctxt &c, u16 port, unsigned n, unsigned count, u8 *data);
inline Status port_out(kemu_ctxt &c, u16 port, unsigned n, u64 value)
{
	// x86 is little-endian: the low n bytes of value are the item.
	return host_call(c, c.ops->pio_out, n, port, static_cast<const void *>(&value), 1u);
}
// system.cpp
// UMIP: SGDT, SIDT, SMSW, SLDT and STR are #GP(0) above CPL 0; CR4 is
// read with get_cr, without which they are refused.
Status umip_check(kemu_ctxt &c);
// DR4/DR5 are DR6/DR7 unless CR4.DE (dr is updated); DR7.GD makes any access #DB.
Status check_dr_access(kemu_ctxt &c, unsigned &dr);
// permission.cpp: KVM's check_perm, the instruction-specific checks before
// L1's POST_EXCEPT intercept check.  `src` is the source register or
// immediate (memory operands are not read yet).
Status check_permission(kemu_ctxt &c, const decode::Opcode &op, u64 dst, u64 src);

// L1's POST_MEMACCESS intercept check (nested guests) for a handler that
// reads its memory source itself (decode::kReadsOwnSource), made after
// that read as KVM's engine makes it after its own.
Status ask_after_own_read(kemu_ctxt &c, const Operands &o);
// fpu.cpp
// #MF for a pending unmasked x87 exception, which MMX instructions raise first
// (as a waiting x87 instruction does); Unhandleable without the x87 callback.
Status raise_pending_x87_exception(kemu_ctxt &c);
// task.cpp: KVM's emulator_task_switch (kemu_task_switch).
Status task_switch(kemu_ctxt &c, u16 tss_selector, int idt_index, int reason, bool has_error_code,
                   u32 error_code);
// segment.cpp: real-mode interrupt delivery (INT n, and kemu_interrupt_real
// for the host).
Status interrupt_real(kemu_ctxt &c, Operands &o, u8 vector);

} // namespace kemu::exec
