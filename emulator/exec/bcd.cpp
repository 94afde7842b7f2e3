// SPDX-License-Identifier: GPL-2.0
// Decimal adjustment (outside 64-bit mode): DAA DAS AAA AAS AAM AAD, from the
// SDM's pseudo-code.  Flags the SDM leaves undefined are cleared (OF after
// DAA/DAS; OF, AF, CF after AAM/AAD, as KVM's "OR AL" leaves them); those
// of AAA/AAS keep ZF/SF/PF from AL.
#include "exec/flags.h"
#include "exec/handlers.h"
#include "operands.h"

namespace kemu::exec {

namespace {

u64 al(const kemu_ctxt &c)
{
	return c.gprs[KEMU_RAX] & 0xff;
}

void set_al(kemu_ctxt &c, u64 v)
{
	write_gpr(c, KEMU_RAX, 1, v);
}

} // namespace

KEMU_HANDLER(Daa, "r=ac w=szapc u=o",
             "DAA: CF AF by the adjustment; SF ZF PF by the result; OF undefined");
Status daa(kemu_ctxt &c, Operands &o)
{
	u64 old_al = al(c), v = old_al;
	bool old_cf = o.rflags & kCF, cf = false, af = false;
	if ((v & 0xf) > 9 || (o.rflags & kAF)) {
		cf = old_cf || v + 6 > 0xff;
		v = (v + 6) & 0xff;
		af = true;
	}
	if (old_al > 0x99 || old_cf) {
		v = (v + 0x60) & 0xff;
		cf = true;
	} else {
		cf = false;
	}
	set_al(c, v);
	o.rflags =
	    merge_flags(o.rflags, kArithFlags, zsp_flags(v, 1) | (cf ? kCF : 0) | (af ? kAF : 0));
	return Status::Continue;
}

KEMU_HANDLER(Das, "r=ac w=szapc u=o", "DAS: as DAA");
Status das(kemu_ctxt &c, Operands &o)
{
	u64 old_al = al(c), v = old_al;
	bool old_cf = o.rflags & kCF, cf = false, af = false;
	if ((v & 0xf) > 9 || (o.rflags & kAF)) {
		cf = old_cf || v < 6;
		v = (v - 6) & 0xff;
		af = true;
	}
	if (old_al > 0x99 || old_cf) {
		v = (v - 0x60) & 0xff;
		cf = true;
	}
	set_al(c, v);
	o.rflags =
	    merge_flags(o.rflags, kArithFlags, zsp_flags(v, 1) | (cf ? kCF : 0) | (af ? kAF : 0));
	return Status::Continue;
}

// AAA/AAS adjust AX as a whole (AX +/- 0x106 on current CPUs), then keep AL's low nibble.
KEMU_HANDLER(Aaa, "r=a w=ac u=oszp", "AAA: AF CF by the adjustment; OF SF ZF PF undefined");
Status aaa(kemu_ctxt &c, Operands &o)
{
	u64 ax = c.gprs[KEMU_RAX] & 0xffff;
	bool adjust = (ax & 0xf) > 9 || (o.rflags & kAF);
	if (adjust)
		ax += 0x106;
	write_gpr(c, KEMU_RAX, 2, (ax & 0xff00) | (ax & 0xf));
	o.rflags =
	    merge_flags(o.rflags, kArithFlags, zsp_flags(ax & 0xf, 1) | (adjust ? kAF | kCF : 0));
	return Status::Continue;
}

KEMU_HANDLER(Aas, "r=a w=ac u=oszp", "AAS: as AAA");
Status aas(kemu_ctxt &c, Operands &o)
{
	u64 ax = c.gprs[KEMU_RAX] & 0xffff;
	bool adjust = (ax & 0xf) > 9 || (o.rflags & kAF);
	if (adjust)
		ax = (ax - 6) - 0x100;
	write_gpr(c, KEMU_RAX, 2, (ax & 0xff00) | (ax & 0xf));
	o.rflags =
	    merge_flags(o.rflags, kArithFlags, zsp_flags(ax & 0xf, 1) | (adjust ? kAF | kCF : 0));
	return Status::Continue;
}

// AAM imm8: AH = AL / imm8, AL = AL % imm8; a zero base is #DE.
KEMU_HANDLER(Aam, "w=szp u=oac", "AAM: SF ZF PF by AL; OF AF CF undefined");
Status aam(kemu_ctxt &c, Operands &o)
{
	u64 base = c.insn.imm & 0xff;
	if (base == 0)
		return raise(c, KEMU_DE);
	u64 v = al(c);
	write_gpr(c, KEMU_RAX, 2, ((v / base) << 8) | (v % base));
	o.rflags = merge_flags(o.rflags, kArithFlags, zsp_flags(v % base, 1));
	return Status::Continue;
}

// AAD imm8: AL = AL + AH * imm8 (low byte), AH = 0.
KEMU_HANDLER(Aad, "w=szp u=oac", "AAD: as AAM");
Status aad(kemu_ctxt &c, Operands &o)
{
	u64 ax = c.gprs[KEMU_RAX];
	u64 v = (ax + ((ax >> 8) & 0xff) * (c.insn.imm & 0xff)) & 0xff;
	write_gpr(c, KEMU_RAX, 2, v);
	o.rflags = merge_flags(o.rflags, kArithFlags, zsp_flags(v, 1));
	return Status::Continue;
}

} // namespace kemu::exec
