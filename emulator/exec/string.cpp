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
// port ahead and moves a run per pass, as KVM does (below).
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
		// L1 is asked once a pass, after the pass's first read.
		if (s == Status::Continue && !o.asked_l1) {
			o.asked_l1 = true;
			o.v[1] = a; // (KVM's source operand, as L1 sees it)
			s = ask_after_own_read(c, o);
		}
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

// REP INS reads the port ahead as KVM's pio_in_emulated() does, so that a
// port served in userspace costs the guest the same exits and emulations as
// under KVM: one port call of n elements, one memory write of them, then the
// instruction yields (KVM re-enters the guest when its read-ahead buffer is
// empty).  n = min(room left in rDI's page (DF = 1: rDI's offset in it),
// 1024 bytes of elements, rCX), at least 1; the room is counted in bytes, as
// KVM counts it, so a run of words or dwords may reach into the next (DF = 1:
// the previous) page.  KVM writes a descending run one element at a time and
// drops the rest of it when an element exits to userspace (MMIO) or faults;
// kemu writes it as one access too, below rDI, so nothing read is lost.  A
// run also ends where the segment or the address size ends, so that each
// element it covers could be written (the CPU's element faults alone).
// The run lives in the read cache's data (INS reads no memory), which the
// host may keep until userspace took an MMIO write of it.
constexpr unsigned kRunBytes = KEMU_READ_CACHE_BYTES; // KVM's io_read buffer
constexpr u64 kPageSize = 4096;

u64 smaller(u64 a, u64 b)
{
	return a < b ? a : b;
}

// Elements of the run at rDI, KVM's read-ahead bounded by what kemu can write.
u64 run_length(kemu_ctxt &c, const Operands &o, unsigned n, unsigned ad)
{
	const bool down = o.rflags & kDF;
	const u64 offset = c.gprs[KEMU_RDI] % kPageSize; // KVM: the register as it is
	const u64 room = down ? offset : kPageSize - offset;
	u64 run = smaller(smaller(room, kRunBytes / n), address_reg(c, KEMU_RCX, ad));
	if (run <= 1)
		return 1;
	const u64 di = address_reg(c, KEMU_RDI, ad);
	const u64 wrap = ad == 8 ? ~0ull : (1ull << (8 * ad));
	run = smaller(run, down ? di / n + 1 : (wrap - di) / n);
	const u64 start = down ? di - (run - 1) * n : di;
	u64 linear, in_segment;
	if (run <= 1 || linearize(c, KEMU_SEG_ES, start, static_cast<unsigned>(run * n),
	                          KEMU_ACCESS_WRITE, linear, in_segment) != Status::Continue) {
		c.have_exception = 0; // the element raises it, after its port read
		return 1;
	}
	return run;
}

// Reverse the order of `run` elements of `n` bytes: a descending run is
// written as one access from its lowest element up.
void reverse_elements(u8 *data, unsigned n, unsigned run)
{
	for (unsigned lo = 0, hi = run - 1; lo < hi; lo++, hi--)
		for (unsigned b = 0; b < n; b++) {
			u8 t = data[lo * n + b];
			data[lo * n + b] = data[hi * n + b];
			data[hi * n + b] = t;
		}
}

// A REP string stopping before its count is done: rIP stays on it, so the
// guest runs it again, and RF is set for that resumption.
void yield_to_guest(kemu_ctxt &c, Operands &o)
{
	c.rip = o.rip;
	o.rflags |= kRflagsRF;
	o.keeps_rf = true;
}

// One pass of REP INS (rCX != 0): a run, then yield.  After an exit for the
// port read the instruction asks again for the run it exited for, so the
// host's completed data fits; if userspace shrank rCX meanwhile, only rCX's
// elements are stored.  A fault on the write leaves the registers at the
// run's start (the port values are lost, as with KVM's read-ahead).
Status rep_ins(kemu_ctxt &c, Operands &o, unsigned n)
{
	const unsigned ad = c.insn.ad_bytes;
	const bool down = o.rflags & kDF;
	u64 run = run_length(c, o, n, ad);
	const unsigned asked =
	    c.read_cache.port_run ? c.read_cache.port_run : static_cast<unsigned>(run);
	run = smaller(run, asked);
	u8 *data = c.read_cache.data;
	Status s = port_in_items(c, static_cast<u16>(c.gprs[KEMU_RDX]), n, asked, data);
	c.read_cache.port_run = s == Status::IoNeeded ? static_cast<u16>(asked) : 0;
	if (s == Status::Continue) {
		const u64 di = address_reg(c, KEMU_RDI, ad);
		if (down)
			reverse_elements(data, n, static_cast<unsigned>(run));
		s = write_bytes(c, KEMU_SEG_ES, down ? di - (run - 1) * n : di,
		                static_cast<unsigned>(run * n), data);
	}
	if (s != Status::Continue) {
		o.keep_state = true;
		return s;
	}
	const u64 bytes = static_cast<u64>(n) * run;
	advance_reg(c, KEMU_RDI, ad, down ? 0 - bytes : bytes);
	advance_reg(c, KEMU_RCX, ad, 0 - run);
	yield_to_guest(c, o);
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
	if (kind == Kind::Ins)
		return address_reg(c, KEMU_RCX, ad) != 0 ? rep_ins(c, o, n) : Status::Continue;
	while (address_reg(c, KEMU_RCX, ad) != 0) {
		// Completed elements are in the registers: only this one's reads
		// need replaying if it stops for I/O.
		if (c.read_cache.pos == c.read_cache.end)
			c.read_cache.pos = c.read_cache.end = 0;
		Status s = element(c, o, kind, n);
		if (s == Status::Continue)
			advance_reg(c, KEMU_RCX, ad, ~0ull);
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
			yield_to_guest(c, o);
			return Status::Continue;
		}
	}
	return Status::Continue;
}

} // namespace

KEMU_HANDLER(Movs, "r=d", "MOVS: none");
Status movs(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Movs);
}
KEMU_HANDLER(Stos, "r=d", "STOS: none");
Status stos(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Stos);
}
KEMU_HANDLER(Lods, "r=d", "LODS: none");
Status lods(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Lods);
}
KEMU_HANDLER(Cmps, "r=d w=oszapc", "CMPS: CF OF SF ZF AF PF by the comparison");
Status cmps(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Cmps);
}
KEMU_HANDLER(Scas, "r=d w=oszapc", "SCAS: OF SF ZF AF PF CF by the comparison");
Status scas(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Scas);
}
KEMU_HANDLER(Ins, "r=d", "INS: none");
Status ins(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Ins);
}
KEMU_HANDLER(Outs, "r=d", "OUTS: none");
Status outs(kemu_ctxt &c, Operands &o)
{
	return string(c, o, Kind::Outs);
}

} // namespace kemu::exec
