// SPDX-License-Identifier: GPL-2.0
#include "segload.h"

#include "operands.h"
#include "segmentation.h"

namespace kemu {

namespace {

constexpr u64 kEferLMA = 1u << 10;
constexpr u32 kMsrEfer = 0xc0000080;

// EFER.LMA as the host reports it; an unreadable EFER reads as clear.
bool efer_lma(kemu_ctxt &c)
{
	u64 efer = 0;
	kemu_exception ignored = no_fault();
	return c.ops->get_msr &&
	       c.ops->get_msr(c.opaque, kMsrEfer, &efer, &ignored) == KEMU_CONTINUE &&
	       (efer & kEferLMA);
}

// An 8-byte descriptor, decoded (SDM Vol. 3 Figure 3-8).
kemu_segment decode_descriptor(const u8 (&d)[8], u16 selector)
{
	kemu_segment s{};
	s.selector = selector;
	s.base = d[2] | d[3] << 8 | d[4] << 16 | static_cast<u64>(d[7]) << 24;
	u32 limit = d[0] | d[1] << 8 | (d[6] & 0xf) << 16;
	s.g = (d[6] >> 7) & 1;
	s.limit = s.g ? (limit << 12) | 0xfff : limit;
	s.type = d[5] & 0xf;
	s.s = (d[5] >> 4) & 1;
	s.dpl = (d[5] >> 5) & 3;
	s.present = (d[5] >> 7) & 1;
	s.avl = (d[6] >> 4) & 1;
	s.l = (d[6] >> 5) & 1;
	s.db = (d[6] >> 6) & 1;
	return s;
}

Status selector_fault(kemu_ctxt &c, u8 vector, u16 selector)
{
	return raise(c, vector, true, selector & 0xfffc);
}

// The descriptor's address in the GDT or LDT; past the limit (or without an
// LDT) #GP(selector), or `vector` (#TS in a task switch).
Status descriptor_address(kemu_ctxt &c, u16 selector, u64 &addr, u8 vector)
{
	u64 base;
	u32 limit;
	if (selector & 4) {
		kemu_segment ldt{};
		c.ops->get_segment(c.opaque, KEMU_SEG_LDTR, &ldt);
		if (ldt.unusable || !ldt.present)
			return selector_fault(c, vector, selector);
		base = ldt.base;
		limit = ldt.limit;
	} else {
		kemu_dtable gdt{};
		c.ops->get_dtable(c.opaque, KEMU_GDTR, &gdt);
		base = gdt.base;
		limit = gdt.limit;
	}
	unsigned index = selector >> 3;
	if (index * 8u + 7 > limit)
		return selector_fault(c, vector, selector);
	addr = base + index * 8u;
	// Outside long mode descriptor tables live below 4G.
	if ((addr >> 32) && !efer_lma(c))
		addr = static_cast<u32>(addr);
	return Status::Continue;
}

// Can the checked descriptor go into `seg`?  (type, privilege; presence after)
bool allowed(const kemu_segment &d, u8 seg, u16 selector, unsigned cpl, Transfer transfer,
             bool &unhandleable)
{
	unsigned rpl = selector & 3, dpl = d.dpl;
	bool code = d.type & 8, conforming = (d.type & 0xc) == 0xc;
	if (!d.s) {
		// A system descriptor: gates and TSSs through far JMP/CALL are not
		// emulated (as KVM); anywhere else it is #GP.
		unhandleable = transfer == Transfer::CallJmp;
		return false;
	}
	switch (seg) {
	case KEMU_SEG_SS:
		// Writable data, RPL = CPL = DPL.
		return rpl == cpl && (d.type & 0xa) == 0x2 && dpl == cpl;
	case KEMU_SEG_CS:
		if (!code)
			return false;
		if (transfer == Transfer::Ret) {
			if (rpl < cpl)
				return false; // never to an inner level
			if (rpl > cpl) {
				unhandleable =
				    true; // a return to an outer level: not emulated (as KVM)
				return false;
			}
			return conforming ? dpl <= rpl : dpl == rpl;
		}
		if (transfer == Transfer::TaskSwitch)
			return conforming ? dpl <= rpl : dpl == rpl;
		return conforming ? dpl <= cpl : rpl <= cpl && dpl == cpl;
	default:
		// Data or readable code; data and non-conforming code need RPL, CPL <= DPL.
		if ((d.type & 0xa) == 0x8)
			return false;
		return conforming || (rpl <= dpl && cpl <= dpl);
	}
}

// LDTR and TR take a system descriptor from the GDT: an LDT (type 2), an
// available TSS (1 or 9); in long mode a 16-byte one with base[63:32].  A
// selector or descriptor that is not one faults with `gp` (#TS in a task
// switch, SDM vol. 3, Table 7-1).
Status system_segment_for(kemu_ctxt &c, u16 selector, u8 seg, u8 gp, kemu_segment &out,
                          u64 &desc_addr)
{
	if (selector & 4)
		return selector_fault(c, gp, selector);
	if ((selector & 0xfffc) == 0) {
		if (seg == KEMU_SEG_TR)
			return selector_fault(c, KEMU_GP, selector);
		out = {};
		out.selector = selector;
		out.unusable = 1;
		return Status::Continue;
	}
	Status s = read_descriptor(c, selector, out, desc_addr, gp);
	if (s != Status::Continue)
		return s;
	bool type_ok = seg == KEMU_SEG_LDTR ? out.type == 2 : out.type == 1 || out.type == 9;
	if (out.s || !type_ok)
		return selector_fault(c, gp, selector);
	if (!out.present)
		return selector_fault(c, KEMU_NP, selector);
	if (long_mode_active(c)) {
		u32 high = 0;
		s = read_system(c, desc_addr + 8, 4, &high);
		if (s != Status::Continue)
			return s;
		out.base |= static_cast<u64>(high) << 32;
		if (!is_canonical(out.base))
			return selector_fault(c, KEMU_GP, selector);
	}
	return Status::Continue;
}

} // namespace

Status read_descriptor(kemu_ctxt &c, u16 selector, kemu_segment &out, u64 &desc_addr,
                       u8 limit_vector)
{
	Status s = descriptor_address(c, selector, desc_addr, limit_vector);
	if (s != Status::Continue)
		return s;
	u8 raw[8];
	s = read_system(c, desc_addr, 8, raw);
	if (s == Status::Continue)
		out = decode_descriptor(raw, selector);
	return s;
}

Status write_descriptor_type(kemu_ctxt &c, u64 desc_addr, const kemu_segment &s)
{
	u8 access = static_cast<u8>(s.type | s.s << 4 | s.dpl << 5 | s.present << 7);
	return write_system(c, desc_addr + 5, 1, &access);
}

bool long_mode_active(kemu_ctxt &c)
{
	return long_mode(c) || efer_lma(c);
}

// (get_msr: EFER.LMA decides the size of a system descriptor outside 64-bit
// mode, and where descriptor tables may lie.)
bool can_load_segments(const kemu_ctxt &c)
{
	return c.ops->set_segment && c.ops->get_dtable && c.ops->read_system &&
	       c.ops->write_system && c.ops->get_msr;
}

u16 selector_of(kemu_ctxt &c, u8 seg)
{
	kemu_segment s{};
	c.ops->get_segment(c.opaque, static_cast<kemu_seg>(seg), &s);
	return s.selector;
}

Status segment_for(kemu_ctxt &c, u16 selector, u8 seg, Transfer transfer, kemu_segment &out,
                   u64 &desc_addr)
{
	unsigned cpl =
	    c.mode == KEMU_MODE_REAL || c.mode == KEMU_MODE_VM86 ? 0 : current_privilege(c);
	return segment_for_cpl(c, selector, seg, transfer, cpl, out, desc_addr);
}

Status segment_for_cpl(kemu_ctxt &c, u16 selector, u8 seg, Transfer transfer, unsigned cpl,
                       kemu_segment &out, u64 &desc_addr)
{
	desc_addr = 0;
	if (c.mode == KEMU_MODE_REAL) {
		// Only the base follows the selector; limit and attributes stay ("unreal" mode).
		c.ops->get_segment(c.opaque, static_cast<kemu_seg>(seg), &out);
		out.selector = selector;
		out.base = static_cast<u64>(selector) << 4;
		out.unusable = 0;
		return Status::Continue;
	}
	// Virtual-8086 mode: the data and code segments only (a task switch
	// loads LDTR from the GDT); each gets the attributes VMX requires of them
	// all, CS included: 0xf3 (SDM vol. 3, 27.3.1.2).
	if (c.mode == KEMU_MODE_VM86 && seg <= KEMU_SEG_GS) {
		out = {};
		out.selector = selector;
		out.base = static_cast<u64>(selector) << 4;
		out.limit = 0xffff;
		out.type = 0x3;
		out.s = 1;
		out.present = 1;
		out.dpl = 3;
		return Status::Continue;
	}
	// In a task switch the checks fail with #TS (SDM 8.3).
	const u8 gp = transfer == Transfer::TaskSwitch ? KEMU_TS : KEMU_GP;
	if (seg == KEMU_SEG_TR || seg == KEMU_SEG_LDTR)
		return system_segment_for(c, selector, seg, gp, out, desc_addr);
	unsigned rpl = selector & 3;
	if ((selector & 0xfffc) == 0) {
		// A null selector: CS never; SS only in 64-bit mode below CPL 3 with RPL = CPL.
		if (seg == KEMU_SEG_CS)
			return selector_fault(c, gp, selector);
		if (seg == KEMU_SEG_SS && !(long_mode(c) && cpl != 3 && rpl == cpl))
			return selector_fault(c, gp, selector);
		out = {};
		out.selector = selector;
		out.unusable = 1;
		if (seg == KEMU_SEG_SS) {
			out.dpl = cpl & 3;
			out.type = 3;
		}
		return Status::Continue;
	}
	Status s = read_descriptor(c, selector, out, desc_addr, gp);
	if (s != Status::Continue)
		return s;
	bool unhandleable = false;
	if (!allowed(out, seg, selector, cpl, transfer, unhandleable))
		return unhandleable ? Status::Unhandleable : selector_fault(c, gp, selector);
	// L and D together are reserved while IA-32e mode is active (compatibility
	// mode too), checked before presence (SDM CALL and JMP, CONFORMING- and
	// NONCONFORMING-CODE-SEGMENT).
	if (seg == KEMU_SEG_CS && out.l && out.db && long_mode_active(c))
		return selector_fault(c, gp, selector);
	if (!out.present)
		return selector_fault(c, seg == KEMU_SEG_SS ? KEMU_SS : KEMU_NP, selector);
	if (seg == KEMU_SEG_CS)
		out.selector = static_cast<u16>((selector & 0xfffc) | cpl);
	return Status::Continue;
}

Status commit_segment(kemu_ctxt &c, u8 seg, const kemu_segment &s, u64 desc_addr)
{
	// Code and data descriptors get their accessed bit, a TSS its busy bit
	// (type bit 0 or 1, in byte 5), as the CPU does.
	u8 mark = !desc_addr ? 0 : s.s ? 1 : seg == KEMU_SEG_TR ? 2 : 0;
	kemu_segment loaded = s;
	loaded.type |= mark;
	if (mark && loaded.type != s.type) {
		Status st = write_descriptor_type(c, desc_addr, loaded);
		if (st != Status::Continue)
			return st;
	}
	c.ops->set_segment(c.opaque, static_cast<kemu_seg>(seg), &loaded);
	return Status::Continue;
}

Status load_segment(kemu_ctxt &c, u16 selector, u8 seg)
{
	kemu_segment s{};
	u64 desc_addr;
	Status st = segment_for(c, selector, seg, Transfer::Load, s, desc_addr);
	if (st != Status::Continue)
		return st;
	return commit_segment(c, seg, s, desc_addr);
}

} // namespace kemu
