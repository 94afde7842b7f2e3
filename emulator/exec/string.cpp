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
// KVM's batching, so the guest sees the same states.  REP INS reads the
// port ahead in runs (below).
#include "exec/flags.h"
#include "exec/handlers.h"
#include "operands.h"
#include "segmentation.h"

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

// REP INS in runs.  A port the host completes in userspace costs an exit
// per pio_in call, so after an element whose write completed without one
// (ordinary memory, not MMIO that userspace must see), the rest of that
// page takes one pio_in call and one memory write, as KVM's read-ahead
// does.  The port sees the same reads; the page, already written by the
// element before, takes the run in one access.  Forward (DF = 0) runs only.
constexpr unsigned kRunBytes = 256;
constexpr u64 kPageSize = 4096;

// Elements of the run starting at rDI (0: none), bounded by the count, the
// next yield (a multiple of 1024), the buffer, the page, the segment and the
// address size.  `page`: the linear page of the last element written
// without an exit pending; the run must stay in it.  `linear`: rDI's.
unsigned run_length(kemu_ctxt &c, const Operands &o, unsigned n, unsigned ad, u64 page, u64 &linear)
{
	const u64 di = address_reg(c, KEMU_RDI, ad);
	u64 in_segment;
	if (linearize(c, KEMU_SEG_ES, di, n, KEMU_ACCESS_WRITE, linear, in_segment) !=
	    Status::Continue) {
		c.have_exception = 0; // the element raises it, after its port read
		return 0;
	}
	if (o.rflags & kDF)
		return 0;
	if (linear / kPageSize != page && c.read_cache.port_run == 0)
		return 0;
	const u64 count = address_reg(c, KEMU_RCX, ad);
	u64 run = count % 1024 ? count % 1024 : 1024;
	if (c.read_cache.port_run != 0)
		run = c.read_cache.port_run; // the same registers give the same run
	u64 bound[] = {kRunBytes / n, (kPageSize - linear % kPageSize) / n, in_segment / n,
	               ad == 8 ? ~0ull : ((1ull << (8 * ad)) - di) / n};
	for (u64 b : bound)
		run = run < b ? run : b;
	return static_cast<unsigned>(run);
}

// `run` elements: one port read and one memory write for all.  A fault on
// the write leaves the registers at the run's start (the port values are
// lost, as with KVM's read-ahead; the page was just written, so only the
// host can make that happen).
Status ins_run(kemu_ctxt &c, unsigned n, unsigned ad, unsigned run)
{
	u8 data[kRunBytes];
	Status s = port_in_items(c, static_cast<u16>(c.gprs[KEMU_RDX]), n, run, data);
	c.read_cache.port_run = s == Status::IoNeeded ? static_cast<u16>(run) : 0;
	if (s == Status::Continue)
		s = write_bytes(c, KEMU_SEG_ES, address_reg(c, KEMU_RDI, ad), n * run, data);
	if (s != Status::Continue)
		return s;
	advance_reg(c, KEMU_RDI, ad, static_cast<u64>(n) * run);
	advance_reg(c, KEMU_RCX, ad, 0 - static_cast<u64>(run));
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
	u64 written_page = ~0ull; // INS: see run_length
	while (address_reg(c, KEMU_RCX, ad) != 0) {
		// Completed elements are in the registers: only this one's reads
		// need replaying if it stops for I/O.
		if (c.read_cache.pos == c.read_cache.end)
			c.read_cache.pos = c.read_cache.end = 0;
		u64 linear = 0;
		const unsigned run =
		    kind == Kind::Ins ? run_length(c, o, n, ad, written_page, linear) : 0;
		Status s;
		if (run > 1) {
			s = ins_run(c, n, ad, run);
		} else {
			s = element(c, o, kind, n);
			if (s == Status::Continue)
				advance_reg(c, KEMU_RCX, ad, ~0ull);
		}
		written_page = c.exit_pending ? ~0ull : linear / kPageSize;
		if (s != Status::Continue) {
			// Completed iterations stay; the instruction restarts from here.
			o.keep_state = true;
			return s;
		}
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
