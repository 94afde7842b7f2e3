// SPDX-License-Identifier: GPL-2.0
// Hardware task switches (SDM Vol. 3 8.3): KVM's emulator_task_switch, called
// by the host when a guest switches task (CALL/JMP to a TSS or task gate, an
// interrupt through a task gate, IRET with NT).  The old task's state goes
// into its TSS, the new task's comes out of its own, 32- or 16-bit.  As in
// KVM, a fault while loading the new task's segments is raised in the
// context of the new task (its registers are already loaded).
#include "exec/flags.h"
#include "exec/handlers.h"
#include "operands.h"
#include "segload.h"

namespace kemu::exec {

namespace {

constexpr u64 kCr0TS = 1u << 3;
constexpr u64 kDr7LocalEnables = 0x55 | 0x100; // L0-L3, LE

// Where a TSS keeps the task's state (SDM Figures 8-2 and 8-11).
struct TssLayout {
	unsigned size;      // bytes up to and including the LDT selector
	unsigned ip, flags; // EIP/IP, EFLAGS/FLAGS
	unsigned gprs;      // EAX/AX, then ECX, EDX, EBX, ESP, EBP, ESI, EDI
	unsigned segs;      // ES, then CS, SS, DS (FS, GS: 32-bit only)
	unsigned ldt;
	unsigned width; // bytes of each field
	unsigned nsegs;
	int cr3; // -1: none (16-bit)
};
constexpr TssLayout kTss32 = {104, 32, 36, 40, 72, 96, 4, 6, 28};
constexpr TssLayout kTss16 = {44, 14, 16, 18, 34, 42, 2, 4, -1};

// A field of `width` bytes: 2 (16-bit TSS, and the LDT selector) or 4.
u64 field(const u8 *tss, unsigned at, unsigned width)
{
	if (width == 4)
		return load_le(tss + at, 4);
	return load_le(tss + at, 2);
}

void set_field(u8 *tss, unsigned at, unsigned width, u64 v)
{
	if (width == 4)
		store_le(tss + at, 4, v);
	else
		store_le(tss + at, 2, v);
}

// The old task: rIP, RFLAGS, the GPRs and the segment selectors (not CR3 or LDT).
Status save_state(kemu_ctxt &c, u64 base, const TssLayout &l, u64 rflags)
{
	u8 state[104] = {};
	const unsigned first = l.ip, end = l.segs + l.nsegs * l.width;
	set_field(state, l.ip, l.width, c.rip);
	set_field(state, l.flags, l.width, rflags);
	for (unsigned r = 0; r < 8; r++)
		set_field(state, l.gprs + r * l.width, l.width, c.gprs[r]);
	for (unsigned s = 0; s < l.nsegs; s++)
		set_field(state, l.segs + s * l.width, l.width, selector_of(c, static_cast<u8>(s)));
	return write_system(c, base + first, end - first, state + first);
}

// The new task: CR3, rIP, RFLAGS and GPRs, then the LDT and the segments at
// the new CPL (CS.RPL, or 3 in virtual-8086 mode).
Status load_state(kemu_ctxt &c, const u8 *tss, const TssLayout &l)
{
	if (l.cr3 >= 0) {
		Status s =
		    host_call(c, c.ops->set_cr, 3u, field(tss, static_cast<unsigned>(l.cr3), 4));
		if (s != Status::Continue)
			return s;
	}
	c.rip = field(tss, l.ip, l.width);
	c.rflags = field(tss, l.flags, l.width) | 2;
	for (unsigned r = 0; r < 8; r++)
		c.gprs[r] = field(tss, l.gprs + r * l.width, l.width);
	bool vm86 = c.rflags & kVM;
	c.mode = vm86 ? KEMU_MODE_VM86 : KEMU_MODE_PROT32;
	unsigned cpl = vm86 ? 3 : field(tss, l.segs + KEMU_SEG_CS * l.width, l.width) & 3;
	// Every selector is loaded before any descriptor is checked (SDM 7.3,
	// steps 11 and 12), so a fault there sees the new task's selectors.
	kemu_segment s{};
	for (unsigned i = 0; i <= l.nsegs; i++) {
		const auto seg = static_cast<kemu_seg>(i < l.nsegs ? i : unsigned{KEMU_SEG_LDTR});
		c.ops->get_segment(c.opaque, seg, &s);
		if (s.unusable) // nothing of it is kept (as KVM's get_segment reports it)
			s = kemu_segment{.unusable = 1};
		s.selector = static_cast<u16>(
		    i < l.nsegs ? field(tss, l.segs + i * l.width, l.width) : field(tss, l.ldt, 2));
		c.ops->set_segment(c.opaque, seg, &s);
	}
	u64 desc_addr;
	Status st = segment_for_cpl(c, static_cast<u16>(field(tss, l.ldt, 2)), KEMU_SEG_LDTR,
	                            Transfer::TaskSwitch, cpl, s, desc_addr);
	if (st == Status::Continue)
		st = commit_segment(c, KEMU_SEG_LDTR, s, desc_addr);
	for (unsigned i = 0; st == Status::Continue && i < KEMU_SEG_COUNT; i++) {
		u16 sel =
		    i < l.nsegs ? static_cast<u16>(field(tss, l.segs + i * l.width, l.width)) : 0;
		st = segment_for_cpl(c, sel, static_cast<u8>(i), Transfer::TaskSwitch, cpl, s,
		                     desc_addr);
		if (st == Status::Continue)
			st = commit_segment(c, static_cast<u8>(i), s, desc_addr);
		if (st == Status::Continue && i == KEMU_SEG_CS && !vm86)
			c.mode = s.db ? KEMU_MODE_PROT32 : KEMU_MODE_PROT16;
	}
	return st;
}

// A software interrupt through a task gate: the gate's DPL against CPL and RPL.
Status check_gate(kemu_ctxt &c, int idt_index, u16 tss_selector)
{
	kemu_dtable idt{};
	c.ops->get_dtable(c.opaque, KEMU_IDTR, &idt);
	u8 gate[8];
	Status s = read_system(c, idt.base + static_cast<u64>(idt_index) * 8, 8, gate);
	if (s != Status::Continue)
		return s;
	unsigned dpl = (gate[5] >> 5) & 3;
	if ((tss_selector & 3u) > dpl || current_privilege(c) > dpl)
		return raise(c, KEMU_GP, true, static_cast<u32>(idt_index) << 3 | 2);
	return Status::Continue;
}

// The new task's descriptor must be a TSS in the GDT, busy for IRET (the
// task it returns to) and available otherwise (SDM vol. 3 7.3 and the
// pseudocode of IRET, CALL, JMP and INT n): else #TS for IRET, #GP for the
// others, with the selector (and EXT for an event through a task gate that
// is not a software interrupt).  KVM makes none of these checks.
Status check_tss_kind(kemu_ctxt &c, const kemu_segment &next, u16 tss_selector, int idt_index,
                      int reason)
{
	const bool iret = reason == KEMU_TASK_SWITCH_IRET;
	const bool tss = !next.s && (next.type & 5) == 1; // types 1, 3, 9 and B
	const bool busy = next.type & 2;
	if (!(tss_selector & 4) && tss && busy == iret)
		return Status::Continue;
	if (iret)
		return raise(c, KEMU_TS, true, tss_selector & 0xfffc);
	const bool ext = reason == KEMU_TASK_SWITCH_GATE && idt_index < 0;
	return raise(c, KEMU_GP, true, (tss_selector & 0xfffcu) | ext);
}

} // namespace

Status task_switch(kemu_ctxt &c, u16 tss_selector, int idt_index, int reason, bool has_error_code,
                   u32 error_code)
{
	if (!can_load_segments(c) || !c.ops->get_cr || !c.ops->set_cr || !c.ops->get_dr ||
	    !c.ops->set_dr)
		return Status::Unhandleable;
	kemu_segment tr{};
	c.ops->get_segment(c.opaque, KEMU_SEG_TR, &tr);
	kemu_segment next{}, current{};
	u64 next_addr, current_addr;
	Status s = read_descriptor(c, tss_selector, next, next_addr);
	if (s == Status::Continue)
		s = read_descriptor(c, tr.selector, current, current_addr);
	if (s == Status::Continue && reason == KEMU_TASK_SWITCH_GATE && idt_index >= 0)
		s = check_gate(c, idt_index, tss_selector);
	if (s == Status::Continue)
		s = check_tss_kind(c, next, tss_selector, idt_index, reason);
	if (s != Status::Continue)
		return s;
	const bool tss32 = next.type & 8;
	const TssLayout &layout = tss32 ? kTss32 : kTss16;
	if (!next.present || next.limit < (tss32 ? 0x67u : 0x2bu))
		return raise(c, KEMU_TS, true, tss_selector & 0xfffc);

	// The old task: no longer busy after JMP/IRET; IRET clears NT.
	if (reason == KEMU_TASK_SWITCH_IRET || reason == KEMU_TASK_SWITCH_JMP) {
		current.type &= ~2;
		s = write_descriptor_type(c, current_addr, current);
	}
	u64 rflags = c.rflags;
	if (reason == KEMU_TASK_SWITCH_IRET)
		rflags &= ~kNT;
	// In the format of the old TSS, as the SDM says (KVM uses the new one's):
	// the one TR caches, through which the processor reaches the current TSS
	// (SDM vol. 3, 7.2.4), as it does its base; the GDT's copy may differ.
	if (s == Status::Continue)
		s = save_state(c, tr.base, (tr.type & 8) ? kTss32 : kTss16, rflags);
	u8 tss[104];
	if (s == Status::Continue)
		s = read_system(c, next.base, layout.size, tss);
	// CALL and task gates link the new task back to the old one.
	bool nested = reason == KEMU_TASK_SWITCH_CALL || reason == KEMU_TASK_SWITCH_GATE;
	if (s == Status::Continue && nested)
		s = write_system(c, next.base, 2, &tr.selector);
	if (s == Status::Continue)
		s = load_state(c, tss, layout);
	if (s != Status::Continue)
		return s;
	if (nested)
		c.rflags |= kNT;
	if (reason != KEMU_TASK_SWITCH_IRET) {
		next.type |= 2;
		s = write_descriptor_type(c, next_addr, next);
		if (s != Status::Continue)
			return s;
	}
	kemu_exception ignored = no_fault(); // (KVM ignores these answers)
	c.ops->set_cr(c.opaque, 0, c.ops->get_cr(c.opaque, 0) | kCr0TS, &ignored);
	next.selector = tss_selector;
	c.ops->set_segment(c.opaque, KEMU_SEG_TR, &next);
	// The switch is done (the local breakpoints go with the old task); the
	// error code is pushed in the new task, which a fault there is raised in.
	c.ops->set_dr(c.opaque, 7, c.ops->get_dr(c.opaque, 7) & ~kDr7LocalEnables, &ignored);
	if (has_error_code)
		return push_value(c, error_code, tss32 ? 4 : 2);
	return Status::Continue;
}

} // namespace kemu::exec
