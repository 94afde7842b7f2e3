// SPDX-License-Identifier: GPL-2.0
// Segment registers and far transfers: MOV to and from Sreg, PUSH/POP Sreg,
// LDS LES LFS LGS LSS, far JMP/CALL/RET, IRET and INT n/INT3/INTO in real
// mode.  As KVM: far transfers through gates and task switches, returns to
// an outer privilege level, and IRET and INT outside real mode are not
// emulated (UNHANDLEABLE).  Unlike KVM, a far transfer checks the new rIP
// against the new CS before loading anything, so a fault changes nothing.
#include "decode/decoder.h"
#include "exec/flags.h"
#include "exec/handlers.h"
#include "operands.h"
#include "segload.h"
#include "segmentation.h"

namespace kemu::exec {

namespace {

// The far pointer of an Ap (in the instruction) or Mp (in memory) operand.
Status far_pointer(kemu_ctxt &c, u64 ea, u64 &offset, u16 &selector)
{
	unsigned n = c.insn.op_bytes;
	if (!c.insn.mem_operand) {
		offset = truncate_below8(c.insn.imm, n); // ptr16:16/32, not in 64-bit mode
		selector = static_cast<u16>(c.insn.imm2);
		return Status::Continue;
	}
	u8 raw[10] = {};
	Status s = read_bytes(c, c.insn.ea_seg, ea, n + 2, raw);
	offset = load_le_sized(raw, n); // n: 2, 4 or 8
	selector = static_cast<u16>(load_le(raw + n, 2));
	return s;
}

// The mode a code segment runs in.
u32 mode_of(kemu_ctxt &c, const kemu_segment &cs)
{
	if (c.mode == KEMU_MODE_REAL || c.mode == KEMU_MODE_VM86)
		return c.mode;
	if (cs.l && long_mode_active(c))
		return KEMU_MODE_PROT64;
	return cs.db ? KEMU_MODE_PROT32 : KEMU_MODE_PROT16;
}

// rIP in the new code segment: canonical for 64-bit code, else within the
// limit (after truncation to the operand size); #GP(0) otherwise.
Status check_target(kemu_ctxt &c, const kemu_segment &cs, u32 mode, u64 &rip)
{
	if (mode == KEMU_MODE_PROT64)
		return is_canonical(rip) ? Status::Continue : raise_gp0(c);
	rip = truncate(rip, c.insn.op_bytes == 8 ? 4 : c.insn.op_bytes);
	return rip <= cs.limit ? Status::Continue : raise_gp0(c);
}

// Load CS (checked by segment_for) and jump.
Status far_jump(kemu_ctxt &c, const kemu_segment &cs, u64 desc_addr, u32 mode, u64 rip)
{
	Status s = commit_segment(c, KEMU_SEG_CS, cs, desc_addr);
	if (s != Status::Continue)
		return s;
	c.mode = mode;
	c.rip = rip;
	return Status::Continue;
}

// Several operand-size values pushed one at a time, the last one first (it
// ends up highest): a fault leaves the earlier pushes in memory, as on the
// CPU and in KVM (rSP is restored).
Status push_frame(kemu_ctxt &c, const u64 *values, unsigned count, unsigned n)
{
	u64 in_push_order[kMaxPushes];
	if (count > kMaxPushes)
		return Status::Unhandleable;
	for (unsigned v = 0; v < count; v++)
		in_push_order[v] = values[count - 1 - v];
	return push_values(c, in_push_order, count, n);
}

// Whether `count` pushes of n bytes pass the stack segment's checks (no
// access is made): the elements are checked one by one, as pushed.
bool stack_has_room(kemu_ctxt &c, unsigned count, unsigned n)
{
	unsigned sp_bytes = stack_bytes(c);
	u64 sp = c.gprs[KEMU_RSP];
	for (unsigned v = 1; v <= count; v++) {
		u64 linear;
		if (linearize(c, KEMU_SEG_SS, truncate(sp - v * n, sp_bytes), n, KEMU_ACCESS_WRITE,
		              linear) != Status::Continue) {
			c.have_exception = 0; // the push that faults raises it
			return false;
		}
	}
	return true;
}

Status pop_frame(kemu_ctxt &c, u64 *values, unsigned count, unsigned n)
{
	for (unsigned v = 0; v < count; v++) {
		Status s = pop_value(c, n, values[v]);
		if (s != Status::Continue)
			return s;
	}
	return Status::Continue;
}

// A far transfer's destination: the new CS (checked for `transfer`) and
// rIP, checked against it, and the mode it runs in.  Nothing is loaded yet.
struct FarTarget {
	kemu_segment cs{};
	u64 desc_addr = 0;
	u64 rip = 0;
	u32 mode = 0;
};

Status far_target(kemu_ctxt &c, u16 selector, Transfer transfer, FarTarget &t)
{
	Status s = segment_for(c, selector, KEMU_SEG_CS, transfer, t.cs, t.desc_addr);
	t.mode = mode_of(c, t.cs);
	if (s == Status::Continue)
		s = check_target(c, t.cs, t.mode, t.rip);
	return s;
}

// Far JMP/CALL: the destination their far pointer (Ap or Mp) names.
Status far_pointer_target(kemu_ctxt &c, u64 ea, FarTarget &t)
{
	u16 selector;
	Status s = far_pointer(c, ea, t.rip, selector);
	if (s == Status::Continue)
		s = far_target(c, selector, Transfer::CallJmp, t);
	return s;
}

u8 segment_of_lxs(const kemu_insn &insn)
{
	if (insn.opcode_len == 1)
		return insn.opcode == 0xc4 ? KEMU_SEG_ES : KEMU_SEG_DS;
	switch (insn.opcode) {
	case 0xb2:
		return KEMU_SEG_SS;
	case 0xb4:
		return KEMU_SEG_FS;
	default:
		return KEMU_SEG_GS;
	}
}

} // namespace

// MOV Sreg, r/m16 (8E): SS blocks interrupts for one instruction.
KEMU_HANDLER(MovToSreg, "", "MOV to Sreg: none");
Status mov_to_sreg(kemu_ctxt &c, Operands &o)
{
	if (!can_load_segments(c))
		return Status::Unhandleable;
	u8 seg = c.insn.reg & 7;
	Status s = load_segment(c, static_cast<u16>(o.v[1]), seg);
	if (s == Status::Continue && seg == KEMU_SEG_SS)
		c.shadow = KEMU_SHADOW_MOV_SS;
	return s;
}

// MOV r/m16, Sreg (8C): 16 bits to memory, the operand size to a register
// (zero-extended).
KEMU_HANDLER(MovFromSreg, "", "MOV from Sreg: none");
Status mov_from_sreg(kemu_ctxt &c, Operands &o)
{
	u16 selector = selector_of(c, c.insn.reg & 7);
	if (c.insn.mem_operand) {
		o.v[0] = selector;
		return Status::Continue;
	}
	o.write = false;
	write_gpr_wide(c, c.insn.rm, c.insn.op_bytes, selector);
	return Status::Continue;
}

// PUSH Sreg: a 32-bit push moves rSP by 4 but writes only the selector's
// two bytes (current CPUs; KVM does the same).
KEMU_HANDLER(PushSreg, "", "PUSH Sreg: none");
Status push_sreg(kemu_ctxt &c, Operands &)
{
	unsigned n = c.insn.op_bytes, sp_bytes = stack_bytes(c);
	u16 selector = selector_of(c, decode::opcode_of(c.insn).ops[0].reg);
	if (n != 4)
		return push_value(c, selector, n);
	// A 4-byte push is outside 64-bit mode: the stack is 2 or 4 bytes.
	u64 sp = truncate_below8(truncate_below8(c.gprs[KEMU_RSP], sp_bytes) - 4, sp_bytes);
	Status s = write_memory(c, KEMU_SEG_SS, sp, 2, selector);
	if (s == Status::Continue)
		set_stack_reg(c, KEMU_RSP, sp_bytes, sp);
	return s;
}

// POP Sreg: the selector is the low 16 bits of an operand-size pop; rSP
// moves only if the load succeeds.  POP SS blocks interrupts for one instruction.
KEMU_HANDLER(PopSreg, "", "POP Sreg: none");
Status pop_sreg(kemu_ctxt &c, Operands &)
{
	if (!can_load_segments(c))
		return Status::Unhandleable;
	u8 seg = decode::opcode_of(c.insn).ops[0].reg;
	u64 value;
	Status s = pop_value(c, c.insn.op_bytes, value);
	if (s == Status::Continue)
		s = load_segment(c, static_cast<u16>(value), seg);
	if (s == Status::Continue && seg == KEMU_SEG_SS)
		c.shadow = KEMU_SHADOW_MOV_SS;
	return s;
}

// LDS LES LFS LGS LSS r, m16:16/32/64: the segment, then the register.
KEMU_HANDLER(LoadFarPointer, "", "LDS/LES/LFS/LGS/LSS: none");
Status load_far_pointer(kemu_ctxt &c, Operands &o)
{
	if (!can_load_segments(c))
		return Status::Unhandleable;
	u64 offset;
	u16 selector;
	Status s = far_pointer(c, o.ea, offset, selector);
	if (s == Status::Continue)
		s = load_segment(c, selector, segment_of_lxs(c.insn));
	o.v[0] = offset;
	return s;
}

// JMP ptr16:16/32 (EA), JMP m16:16/32/64 (FF /5).
KEMU_HANDLER(JmpFar, "w=oszapcdtinlfvxj",
             "far JMP: none, but through a task gate or TSS the new task's", FlagRule::Context);
Status jmp_far(kemu_ctxt &c, Operands &o)
{
	if (!can_load_segments(c))
		return Status::Unhandleable;
	FarTarget t;
	Status s = far_pointer_target(c, o.ea, t);
	if (s == Status::Continue)
		s = far_jump(c, t.cs, t.desc_addr, t.mode, t.rip);
	return s;
}

// CALL ptr16:16/32 (9A), CALL m16:16/32/64 (FF /3): push CS, then the return
// rIP (operand size each), then jump.
KEMU_HANDLER(CallFar, "w=oszapcdtinlfvxj",
             "far CALL: none, but through a task gate or TSS the new task's", FlagRule::Context);
Status call_far(kemu_ctxt &c, Operands &o)
{
	if (!can_load_segments(c))
		return Status::Unhandleable;
	FarTarget t;
	Status s = far_pointer_target(c, o.ea, t);
	if (s != Status::Continue)
		return s;
	const u64 frame[2] = {c.rip, selector_of(c, KEMU_SEG_CS)};
	s = push_frame(c, frame, 2, c.insn.op_bytes);
	if (s == Status::Continue)
		s = far_jump(c, t.cs, t.desc_addr, t.mode, t.rip);
	return s;
}

// RETF [imm16] (CB, CA): pop rIP and CS, then release imm16 bytes.
KEMU_HANDLER(RetFar, "", "far RET: none");
Status ret_far(kemu_ctxt &c, Operands &)
{
	if (!can_load_segments(c))
		return Status::Unhandleable;
	u64 frame[2];
	FarTarget t;
	Status s = pop_frame(c, frame, 2, c.insn.op_bytes);
	t.rip = frame[0];
	if (s == Status::Continue)
		s = far_target(c, static_cast<u16>(frame[1]), Transfer::Ret, t);
	if (s == Status::Continue)
		s = far_jump(c, t.cs, t.desc_addr, t.mode, t.rip);
	if (s == Status::Continue && c.insn.imm_bytes)
		advance_stack_reg(c, KEMU_RSP, stack_bytes(c), c.insn.imm & 0xffff);
	return s;
}

// IRET in real mode: pop IP, CS, FLAGS (operand size each).  A 32-bit
// return address above 64K is #GP(0); VM and VIF/VIP keep their values.
KEMU_HANDLER(Iret, "w=oszapcdtinlfvxj", "IRET: loaded from the stack; IF, IOPL, VM by mode and CPL",
             FlagRule::Context);
Status iret(kemu_ctxt &c, Operands &o)
{
	if (c.mode != KEMU_MODE_REAL || !can_load_segments(c) || !c.ops->set_nmi_mask)
		return Status::Unhandleable;
	unsigned n = c.insn.op_bytes;
	u64 frame[3];
	// The new EIP is checked before CS and FLAGS are read (SDM IRET,
	// real-address mode; KVM alike: visible on an MMIO stack).
	Status s = pop_frame(c, frame, 1, n);
	if (s == Status::Continue && (frame[0] >> 16))
		return raise_gp0(c);
	if (s == Status::Continue)
		s = pop_frame(c, frame + 1, 2, n);
	if (s != Status::Continue)
		return s;
	s = load_segment(c, static_cast<u16>(frame[1]), KEMU_SEG_CS);
	if (s != Status::Continue)
		return s;
	c.rip = frame[0];
	constexpr u64 kVIF = 1ull << 19, kVIP = 1ull << 20;
	u64 loadable = kArithFlags | kTF | kIF | kDF | kIOPL | kNT | kRF | kAC | kID;
	if (n == 4)
		o.rflags = (frame[2] & loadable) | (o.rflags & (kVM | kVIF | kVIP));
	else
		o.rflags = (o.rflags & ~0xffffull) | (frame[2] & 0xffff & loadable);
	o.rflags |= 2;
	// A 32-bit frame loads RF (the next instruction's breakpoint is skipped);
	// a 16-bit one has none, so completion clears it.
	o.keeps_rf = n == 4;
	c.ops->set_nmi_mask(c.opaque, 0);
	return Status::Continue;
}

// INT n (CD), INT3 (CC), INTO (CE, when OF).
KEMU_HANDLER(
    Int, "0=tinfvx",
    "INT n/INT3: TF cleared; IF for interrupt gates; NT RF VM in protected mode; AC in real mode",
    FlagRule::Context);
Status int_n(kemu_ctxt &c, Operands &o)
{
	u8 vector;
	switch (c.insn.opcode) {
	case 0xcc:
		vector = KEMU_BP;
		break;
	case 0xce:
		if (!(o.rflags & kOF))
			return Status::Continue;
		vector = KEMU_OF;
		break;
	default:
		vector = static_cast<u8>(c.insn.imm);
		break;
	}
	return interrupt_real(c, o, vector);
}

namespace {

// Whether the three 16-bit pushes below `sp` wrote into the 4 bytes at
// linear `at`, byte by byte.  Real mode only: a push's linear address is
// SS.base plus the offset, wrapped at 4 GiB (so a stack near 4 GiB can wrap
// onto the table).
bool frame_overlaps(kemu_ctxt &c, u64 sp, u64 at)
{
	kemu_segment ss{};
	c.ops->get_segment(c.opaque, KEMU_SEG_SS, &ss);
	const unsigned sp_bytes = stack_bytes(c);
	for (unsigned v = 1; v <= 3; v++) {
		const u64 linear = ss.base + truncate(sp - 2 * v, sp_bytes);
		for (u32 byte = 0; byte < 2; byte++)
			if (static_cast<u32>(linear + byte - at) < 4)
				return true;
	}
	return false;
}

} // namespace

// Real-mode interrupt delivery (SDM 20.1.4): push FLAGS, CS, IP (16 bits
// each), clear IF, TF and AC, and jump through the IVT entry.  An entry past
// the IDT limit is #GP.  Outside real mode: not emulated (as KVM).
Status interrupt_real(kemu_ctxt &c, Operands &o, u8 vector)
{
	if (c.mode != KEMU_MODE_REAL || !can_load_segments(c) || !c.ops->get_dtable)
		return Status::Unhandleable;
	kemu_dtable idt{};
	c.ops->get_dtable(c.opaque, KEMU_IDTR, &idt);
	if (vector * 4u + 3 > idt.limit)
		return raise_gp0(c);
	// The stack is checked before the table is read (SDM INT n): pushes
	// that do not fit are made at once and fault, element by element as on
	// the CPU; otherwise the table is read before anything is written.
	// A frame that overwrites the entry (a stack over the IVT) is pushed
	// before the entry is read (SDM INT n; KVM's order): the entry is read
	// again then.
	const u64 frame[3] = {c.rip & 0xffff, selector_of(c, KEMU_SEG_CS), o.rflags & 0xffff};
	const u64 sp = c.gprs[KEMU_RSP], entry_at = idt.base + vector * 4u;
	const bool room = stack_has_room(c, 3, 2);
	Status s = room ? Status::Continue : push_frame(c, frame, 3, 2);
	u8 entry[4];
	if (s == Status::Continue)
		s = read_system(c, entry_at, 4, entry);
	if (s == Status::Continue && room) {
		s = push_frame(c, frame, 3, 2);
		if (s == Status::Continue && frame_overlaps(c, sp, entry_at))
			s = read_system(c, entry_at, 4, entry);
	}
	if (s == Status::Continue)
		s = load_segment(c, static_cast<u16>(entry[2] | entry[3] << 8), KEMU_SEG_CS);
	if (s != Status::Continue)
		return s;
	c.rip = static_cast<u16>(entry[0] | entry[1] << 8);
	o.rflags &= ~(kIF | kTF | kAC);
	return Status::Continue;
}

} // namespace kemu::exec

namespace kemu::exec {

namespace {

// SLDT/STR: the selector, 16 bits to memory, the operand size to a register.
Status store_selector(kemu_ctxt &c, Operands &o, u8 seg)
{
	if (Status s = umip_check(c); s != Status::Continue)
		return s;
	u16 selector = selector_of(c, seg);
	if (c.insn.mem_operand) {
		o.v[0] = selector;
		return Status::Continue;
	}
	o.write = false;
	write_gpr_wide(c, c.insn.rm, c.insn.op_bytes, selector);
	return Status::Continue;
}

} // namespace

KEMU_HANDLER(Sldt, "", "SLDT: none");
Status sldt(kemu_ctxt &c, Operands &o)
{
	return store_selector(c, o, KEMU_SEG_LDTR);
}
KEMU_HANDLER(Str, "", "STR: none");
Status store_task_register(kemu_ctxt &c, Operands &o)
{
	return store_selector(c, o, KEMU_SEG_TR);
}

// LLDT/LTR r/m16: a GDT system descriptor; LTR marks the TSS busy.
KEMU_HANDLER(Lldt, "", "LLDT: none");
Status lldt(kemu_ctxt &c, Operands &o)
{
	if (!can_load_segments(c))
		return Status::Unhandleable;
	return load_segment(c, static_cast<u16>(o.v[0]), KEMU_SEG_LDTR);
}
KEMU_HANDLER(Ltr, "", "LTR: none");
Status ltr(kemu_ctxt &c, Operands &o)
{
	if (!can_load_segments(c))
		return Status::Unhandleable;
	return load_segment(c, static_cast<u16>(o.v[0]), KEMU_SEG_TR);
}

} // namespace kemu::exec
