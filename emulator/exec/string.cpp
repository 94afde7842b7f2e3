// SPDX-License-Identifier: GPL-2.0
// String instructions MOVS STOS LODS CMPS SCAS INS OUTS, with REP/REPE/REPNE.
//
// One element per iteration: the accesses first, then rSI/rDI (by DF) and
// rCX move, so a fault leaves the completed iterations in the registers and
// rIP on the instruction, as the CPU does.  A REP instruction with a count
// (address-size wide) of 0 retires at once; otherwise it runs until
// REPE/REPNE's condition ends it (retired), or the count reaches a multiple
// of 1024, 0 included, where it yields: rIP stays on the instruction and RF
// is set so that an instruction breakpoint does not fire again.  This is
// KVM's batching exactly, so the guest sees the same states.
#include "exec/flags.h"
#include "exec/handlers.h"
#include "operands.h"

namespace kemu::exec {

namespace {

enum class Kind { Movs, Stos, Lods, Cmps, Scas, Ins, Outs };

u8 source_segment(const kemu_ctxt &c)
{
	return c.insn.seg_override < KEMU_SEG_COUNT ? c.insn.seg_override : u8{KEMU_SEG_DS};
}

// One element: accesses, then the pointer registers.
Status element(kemu_ctxt &c, Operands &o, Kind kind, unsigned n)
{
	unsigned ad = c.insn.ad_bytes;
	u64 step = (o.rflags & kDF) ? 0 - static_cast<u64>(n) : n;
	u64 si = address_reg(c, KEMU_RSI, ad), di = address_reg(c, KEMU_RDI, ad);
	u64 a = 0, b = 0;
	Status s = Status::Continue;
	switch (kind) {
	case Kind::Movs:
		s = read_memory(c, source_segment(c), si, n, a);
		if (s == Status::Continue)
			s = write_memory(c, KEMU_SEG_ES, di, n, a);
		break;
	case Kind::Stos:
		s = write_memory(c, KEMU_SEG_ES, di, n, read_gpr(c, KEMU_RAX, n));
		break;
	case Kind::Lods:
		s = read_memory(c, source_segment(c), si, n, a);
		break;
	case Kind::Cmps:
		s = read_memory(c, source_segment(c), si, n, a);
		if (s == Status::Continue)
			s = read_memory(c, KEMU_SEG_ES, di, n, b);
		break;
	case Kind::Scas:
		s = read_memory(c, KEMU_SEG_ES, di, n, b);
		a = read_gpr(c, KEMU_RAX, n);
		break;
	case Kind::Ins:
		s = port_in(c, static_cast<u16>(c.gprs[KEMU_RDX]), n, a);
		if (s == Status::Continue)
			s = write_memory(c, KEMU_SEG_ES, di, n, a);
		break;
	case Kind::Outs:
		s = read_memory(c, source_segment(c), si, n, a);
		if (s == Status::Continue)
			s = port_out(c, static_cast<u16>(c.gprs[KEMU_RDX]), n, a);
		break;
	}
	if (s != Status::Continue)
		return s;
	switch (kind) {
	case Kind::Lods:
		write_gpr(c, KEMU_RAX, n, a);
		break;
	case Kind::Cmps:
	case Kind::Scas:
		o.rflags = merge_flags(o.rflags, kArithFlags, sub_flags(a, b, 0, n));
		break;
	default:
		break;
	}
	if (kind == Kind::Movs || kind == Kind::Lods || kind == Kind::Cmps || kind == Kind::Outs)
		advance_reg(c, KEMU_RSI, ad, step);
	if (kind != Kind::Lods && kind != Kind::Outs)
		advance_reg(c, KEMU_RDI, ad, step);
	return Status::Continue;
}

// REPE/REPNE end CMPS/SCAS when ZF disagrees.
bool condition_ends(const kemu_ctxt &c, const Operands &o, Kind kind)
{
	if (kind != Kind::Cmps && kind != Kind::Scas)
		return false;
	bool zf = o.rflags & kZF;
	return c.insn.rep_prefix == 0xf3 ? !zf : zf;
}

Status string(kemu_ctxt &c, Operands &o, Kind kind)
{
	constexpr unsigned kIterationsPerExit = 1024;
	unsigned n = kind == Kind::Outs ? o.bytes[1] : o.bytes[0] ? o.bytes[0] : o.bytes[1];
	o.write = false; // LODS writes rAX per element itself
	if (kind == Kind::Ins || kind == Kind::Outs) {
		if (kind == Kind::Ins ? !c.ops->pio_in : !c.ops->pio_out)
			return Status::Unhandleable;
		// Once per instruction, before any element (and with a count of 0).
		Status s = check_io_permission(c, o.rflags, static_cast<u16>(c.gprs[KEMU_RDX]), n);
		if (s != Status::Continue)
			return s;
	}
	if (!c.insn.rep_prefix)
		return element(c, o, kind, n);
	unsigned ad = c.insn.ad_bytes;
	while (address_reg(c, KEMU_RCX, ad) != 0) {
		// Completed elements are in the registers: only this one's reads
		// need replaying if it stops for I/O.
		if (c.read_cache.pos == c.read_cache.end)
			c.read_cache.pos = c.read_cache.end = 0;
		Status s = element(c, o, kind, n);
		if (s != Status::Continue) {
			// Completed iterations stay; the instruction restarts from here.
			o.keep_state = true;
			return s;
		}
		advance_reg(c, KEMU_RCX, ad, ~0ull);
		if (condition_ends(c, o, kind))
			return Status::Continue;
		// A count reaching 0 yields too: KVM retires the instruction on the
		// next pass (which the guest then runs as a no-op), and so does kemu.
		// So does an element whose MMIO write or port output the host must
		// first hand to userspace (exit_pending).
		if (address_reg(c, KEMU_RCX, ad) % kIterationsPerExit == 0 || c.exit_pending) {
			c.rip = o.rip;
			o.yielded = true;
			return Status::Continue;
		}
	}
	return Status::Continue;
}

} // namespace

Status movs(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Movs);
}
Status stos(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Stos);
}
Status lods(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Lods);
}
Status cmps(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Cmps);
}
Status scas(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Scas);
}
Status ins(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Ins);
}
Status outs(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Outs);
}

} // namespace kemu::exec
