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

namespace kemu::exec {

struct Operands {
	u64 v[3] = {};           // operand values, in the entry's order; v[0] is the destination
	u64 read[3] = {};        // the values as read (LOCKed writes compare against read[0])
	unsigned bytes[3] = {};  // their widths
	bool write = false;      // write v[0] back
	u64 rflags = 0;          // the flags after the instruction
	u64 rip = 0;             // the instruction's own address (c.rip is the next one)
	bool keep_state = false; // a fault after committed progress (REP iterations)
	bool yielded = false;    // a REP string stopped early: rIP stays, RF is set
	// The memory operand's offset in this pass: the decode's, moved by a bit
	// string's offset or POP's rSP increment.  The decode itself never
	// changes, so a pass run again after an exit starts from it (KVM re-runs
	// the same decode with EMULTYPE_NO_DECODE).
	u64 ea = 0;
};

// Handlers whose only effects are the destination the engine writes back,
// the flags and rIP: a later fault needs nothing else restored, so the
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

// One declaration per handler family (exec/<family>.cpp).
#define KEMU_HANDLER(name) Status name(kemu_ctxt &c, Operands &o)
// moves.cpp
KEMU_HANDLER(mov);
KEMU_HANDLER(movzx);
KEMU_HANDLER(movsx);
KEMU_HANDLER(movbe);
KEMU_HANDLER(lea);
KEMU_HANDLER(xchg);
KEMU_HANDLER(xadd);
KEMU_HANDLER(cmpxchg);
KEMU_HANDLER(bswap);
KEMU_HANDLER(cbw);
KEMU_HANDLER(cwd);
KEMU_HANDLER(cmov);
KEMU_HANDLER(setcc);
KEMU_HANDLER(xlat);
KEMU_HANDLER(nop);
// alu.cpp
KEMU_HANDLER(add);
KEMU_HANDLER(or_);
KEMU_HANDLER(adc);
KEMU_HANDLER(sbb);
KEMU_HANDLER(and_);
KEMU_HANDLER(sub);
KEMU_HANDLER(xor_);
KEMU_HANDLER(cmp);
KEMU_HANDLER(test);
KEMU_HANDLER(inc);
KEMU_HANDLER(dec);
KEMU_HANDLER(neg);
KEMU_HANDLER(not_);
KEMU_HANDLER(adcx);
KEMU_HANDLER(adox);
// shift.cpp
KEMU_HANDLER(rol);
KEMU_HANDLER(ror);
KEMU_HANDLER(rcl);
KEMU_HANDLER(rcr);
KEMU_HANDLER(shl);
KEMU_HANDLER(shr);
KEMU_HANDLER(sar);
KEMU_HANDLER(shld);
KEMU_HANDLER(shrd);
// muldiv.cpp
KEMU_HANDLER(mul);
KEMU_HANDLER(imul);
KEMU_HANDLER(div);
KEMU_HANDLER(idiv);
// bits.cpp
// BT* with a register bit offset and a memory operand address a bit string:
// the bytes to add to the effective address for that offset.
s64 bit_string_displacement(u64 bit_offset, unsigned bytes);
KEMU_HANDLER(bt);
KEMU_HANDLER(bts);
KEMU_HANDLER(btr);
KEMU_HANDLER(btc);
KEMU_HANDLER(bsf);
KEMU_HANDLER(bsr);
KEMU_HANDLER(tzcnt);
KEMU_HANDLER(lzcnt);
KEMU_HANDLER(popcnt);
// flagops.cpp
KEMU_HANDLER(clc);
KEMU_HANDLER(stc);
KEMU_HANDLER(cmc);
KEMU_HANDLER(cld);
KEMU_HANDLER(set_direction_flag);
KEMU_HANDLER(lahf);
KEMU_HANDLER(sahf);
KEMU_HANDLER(salc);
// stack.cpp
KEMU_HANDLER(push);
KEMU_HANDLER(pop);
KEMU_HANDLER(pushf);
KEMU_HANDLER(popf);
KEMU_HANDLER(enter);
KEMU_HANDLER(leave);
// branch.cpp
KEMU_HANDLER(jcc);
KEMU_HANDLER(jmp);
KEMU_HANDLER(call);
KEMU_HANDLER(ret);
KEMU_HANDLER(loop);
KEMU_HANDLER(jcxz);
// string.cpp
KEMU_HANDLER(movs);
KEMU_HANDLER(stos);
KEMU_HANDLER(lods);
KEMU_HANDLER(cmps);
KEMU_HANDLER(scas);
KEMU_HANDLER(ins);
KEMU_HANDLER(outs);
// moves.cpp
KEMU_HANDLER(cmpxchg8b);
// stack.cpp
KEMU_HANDLER(pusha);
KEMU_HANDLER(popa);
// bcd.cpp
KEMU_HANDLER(daa);
KEMU_HANDLER(das);
KEMU_HANDLER(aaa);
KEMU_HANDLER(aas);
KEMU_HANDLER(aam);
KEMU_HANDLER(aad);
// io.cpp
// Whether the task's I/O permission allows `bytes` at `port` (SDM 19.5.2):
// always in real mode and at CPL <= IOPL, else the TSS bitmap decides.
Status check_io_permission(kemu_ctxt &c, u64 rflags, u16 port, unsigned bytes);
// One access of n (1, 2 or 4) bytes through the host's port callbacks, the
// value little-endian; IN, OUT, INS and OUTS all go through these.
Status port_in(kemu_ctxt &c, u16 port, unsigned n, u64 &value);
// `count` items of `n` bytes from one port in one host call (REP INS runs).
Status port_in_items(kemu_ctxt &c, u16 port, unsigned n, unsigned count, u8 *data);
Status port_out(kemu_ctxt &c, u16 port, unsigned n, u64 value);
KEMU_HANDLER(in);
KEMU_HANDLER(out);
// system.cpp
// UMIP: SGDT, SIDT, SMSW, SLDT and STR are #GP(0) above CPL 0.
bool umip_blocks(kemu_ctxt &c);
KEMU_HANDLER(cli);
KEMU_HANDLER(sti);
KEMU_HANDLER(hlt);
KEMU_HANDLER(cpuid);
KEMU_HANDLER(rdtsc);
KEMU_HANDLER(rdpmc);
KEMU_HANDLER(rdmsr);
KEMU_HANDLER(wrmsr);
KEMU_HANDLER(mov_cr);
KEMU_HANDLER(mov_dr);
KEMU_HANDLER(clts);
KEMU_HANDLER(lmsw);
KEMU_HANDLER(smsw);
KEMU_HANDLER(lgdt);
KEMU_HANDLER(lidt);
KEMU_HANDLER(sgdt);
KEMU_HANDLER(sidt);
KEMU_HANDLER(invlpg);
KEMU_HANDLER(wbinvd);
KEMU_HANDLER(invd);
KEMU_HANDLER(xsetbv);
KEMU_HANDLER(hypercall);
KEMU_HANDLER(rdpid);
// vector.cpp
KEMU_HANDLER(vector_move);
// fpu.cpp
KEMU_HANDLER(x87_control);
KEMU_HANDLER(fxsave);
KEMU_HANDLER(fxrstor);
// #MF for a pending unmasked x87 exception, which MMX instructions raise first
// (as a waiting x87 instruction does); Unhandleable without the x87 callback.
Status raise_pending_x87_exception(kemu_ctxt &c);
KEMU_HANDLER(clflush);
// segment.cpp
KEMU_HANDLER(mov_to_sreg);
KEMU_HANDLER(mov_from_sreg);
KEMU_HANDLER(push_sreg);
KEMU_HANDLER(pop_sreg);
KEMU_HANDLER(load_far_pointer);
KEMU_HANDLER(jmp_far);
KEMU_HANDLER(call_far);
KEMU_HANDLER(ret_far);
KEMU_HANDLER(iret);
KEMU_HANDLER(int_n);
KEMU_HANDLER(sldt);
KEMU_HANDLER(store_task_register);
KEMU_HANDLER(lldt);
KEMU_HANDLER(ltr);
// syscall.cpp
KEMU_HANDLER(syscall);
KEMU_HANDLER(sysenter);
KEMU_HANDLER(sysexit);
KEMU_HANDLER(rsm);
// task.cpp: KVM's emulator_task_switch (kemu_task_switch).
Status task_switch(kemu_ctxt &c, u16 tss_selector, int idt_index, int reason, bool has_error_code,
                   u32 error_code);
// Real-mode interrupt delivery (INT n, and kemu_interrupt_real for the host).
Status interrupt_real(kemu_ctxt &c, Operands &o, u8 vector);
#undef KEMU_HANDLER

} // namespace kemu::exec
