// SPDX-License-Identifier: GPL-2.0
// Data movement: MOV, MOVZX/MOVSX/MOVSXD, MOVBE, LEA, XCHG, XADD, CMPXCHG,
// BSWAP, CBW/CWD families, CMOVcc, SETcc, XLAT and the NOPs.
#include "exec/flags.h"
#include "decode/decoder.h"
#include "exec/handlers.h"
#include "operands.h"

namespace kemu::exec {

// MOV and MOVZX: the engine's dispatch makes this copy itself (a call less
// on the commonest path); the handlers keep the table whole.
KEMU_HANDLER(Mov, "", "MOV, MOVNTI: none");
Status mov(kemu_ctxt &, Operands &o)
{
	o.v[0] = o.v[1];
	return Status::Continue;
}

// The source is narrower than the destination; zero-extend (as read).
KEMU_HANDLER(Movzx, "", "MOVZX: none");
Status movzx(kemu_ctxt &, Operands &o)
{
	o.v[0] = o.v[1];
	return Status::Continue;
}

KEMU_HANDLER(Movsx, "", "MOVSX/MOVSXD: none");
Status movsx(kemu_ctxt &, Operands &o)
{
	o.v[0] = sign_extend(o.v[1], o.bytes[1]);
	return Status::Continue;
}

KEMU_HANDLER(Movbe, "", "MOVBE: none");
Status movbe(kemu_ctxt &, Operands &o)
{
	u64 v = __builtin_bswap64(o.v[1]);
	o.v[0] = v >> (64 - 8 * o.bytes[0]);
	return Status::Continue;
}

// The effective address, truncated to the operand size.
KEMU_HANDLER(Lea, "", "LEA: none");
Status lea(kemu_ctxt &, Operands &o)
{
	o.v[0] = o.ea;
	return Status::Continue;
}

// 90 without REX.B is NOP (and F3 90 PAUSE): nothing is exchanged, so a
// 32-bit operand does not clear RAX[63:32].
KEMU_HANDLER(Xchg, "", "XCHG: none");
Status xchg(kemu_ctxt &c, Operands &o)
{
	if (c.insn.opcode_len == 1 && c.insn.opcode == 0x90 && c.insn.reg == KEMU_RAX) {
		o.write = false;
		return Status::Continue;
	}
	// Write the register operand first; the engine undoes it if the memory write faults.
	Status s = write_operand(c, decode::opcode_of(c.insn).ops[1], o.bytes[1], o.ea, o.v[0]);
	o.v[0] = o.v[1];
	return s;
}

KEMU_HANDLER(Xadd, "w=oszapc", "XADD: as ADD");
Status xadd(kemu_ctxt &c, Operands &o)
{
	u64 sum = o.v[0] + o.v[1];
	o.rflags = merge_flags(o.rflags, kArithFlags, add_flags(o.v[0], o.v[1], 0, o.bytes[0]));
	Status s = write_operand(c, decode::opcode_of(c.insn).ops[1], o.bytes[1], o.ea, o.v[0]);
	o.v[0] = sum;
	return s;
}

// Compare rAX with the destination: equal -> dest = src, else rAX = dest.
// On a mismatch a memory destination is written back unchanged (the CPU's
// write cycle, which KVM reproduces: visible on MMIO); a register one is not
// written, so a 32-bit one keeps its upper half (as the CPU; KVM clears it).
KEMU_HANDLER(Cmpxchg, "w=oszapc", "CMPXCHG: ZF by the comparison; CF PF AF SF OF as CMP");
Status cmpxchg(kemu_ctxt &c, Operands &o)
{
	unsigned n = o.bytes[0];
	u64 acc = read_gpr(c, KEMU_RAX, n);
	o.rflags = merge_flags(o.rflags, kArithFlags, sub_flags(acc, o.v[0], 0, n));
	if (truncate(acc, n) == truncate(o.v[0], n)) {
		o.v[0] = o.v[1];
	} else {
		write_gpr(c, KEMU_RAX, n, o.v[0]);
		o.write = c.insn.mem_operand;
	}
	return Status::Continue;
}

namespace {

// CMPXCHG8B/16B past the alignment check, for halves of `Half` bytes: each
// width its own fixed-size copies and loads, rather than their size switch.
template <unsigned Half>
Status exchange_pair(kemu_ctxt &c, Operands &o)
{
	constexpr unsigned n = 2 * Half, half = Half;
	u8 old[16], now[16];
	Status s = read_bytes(c, c.insn.ea_seg, o.ea, n, old);
	if (s != Status::Continue) {
		// The operand is always written: its read faults as a write.
		if (c.have_exception && c.exception.vector == KEMU_PF)
			c.exception.error_code |= kPfWrite;
		return s;
	}
	u64 low = load_le(old, half), high = load_le(old + half, half);
	bool equal =
	    low == truncate(c.gprs[KEMU_RAX], half) && high == truncate(c.gprs[KEMU_RDX], half);
	o.rflags = merge_flags(o.rflags, kZF, equal ? kZF : 0);
	if (equal) {
		store_le(now, half, c.gprs[KEMU_RBX]);
		store_le(now + half, half, c.gprs[KEMU_RCX]);
	} else {
		// rDX:rAX = memory, which is written back unchanged (as CMPXCHG).
		write_gpr(c, KEMU_RAX, half, low);
		write_gpr(c, KEMU_RDX, half, high);
		copy_bytes(now, old, n);
	}
	if (c.insn.lock_prefix)
		return exchange_memory(c, c.insn.ea_seg, o.ea, n, old, now);
	return write_bytes(c, c.insn.ea_seg, o.ea, n, now);
}

} // namespace

// CMPXCHG8B/16B m64/m128: compare with rDX:rAX; equal -> m = rCX:rBX, ZF = 1;
// else rDX:rAX = m, ZF = 0 and m is written back unchanged.  The 16-byte
// form needs a 16-byte-aligned operand (#GP(0)); KVM does not emulate it.
KEMU_HANDLER(Cmpxchg8b, "w=z", "CMPXCHG8B/16B: ZF by the comparison; CF PF AF SF OF not affected");
Status cmpxchg8b(kemu_ctxt &c, Operands &o)
{
	unsigned n = o.bytes[0];
	// Alignment comes before the segment checks (a misaligned non-canonical
	// address is #GP, not #SS); the base decides it (FS/GS in 64-bit mode).
	if (n == 16) {
		kemu_segment seg{};
		c.ops->get_segment(c.opaque, static_cast<kemu_seg>(c.insn.ea_seg), &seg);
		bool based =
		    !long_mode(c) || c.insn.ea_seg == KEMU_SEG_FS || c.insn.ea_seg == KEMU_SEG_GS;
		if (((based ? seg.base : 0) + o.ea) & 15)
			return raise_gp0(c);
	}
	return n == 16 ? exchange_pair<8>(c, o) : exchange_pair<4>(c, o);
}

// 16-bit BSWAP is undefined; CPUs clear the register's low word.
KEMU_HANDLER(Bswap, "", "BSWAP: none (16-bit operand: result undefined)");
Status bswap(kemu_ctxt &, Operands &o)
{
	switch (o.bytes[0]) {
	case 8:
		o.v[0] = __builtin_bswap64(o.v[0]);
		break;
	case 4:
		o.v[0] = __builtin_bswap32(static_cast<u32>(o.v[0]));
		break;
	default:
		o.v[0] = 0;
		break;
	}
	return Status::Continue;
}

// CBW/CWDE/CDQE: rAX = sign-extended lower half.
KEMU_HANDLER(Cbw, "", "CBW/CWDE/CDQE: none");
Status cbw(kemu_ctxt &c, Operands &)
{
	unsigned n = c.insn.op_bytes;
	write_gpr_wide(c, KEMU_RAX, n, sign_extend(c.gprs[KEMU_RAX], n / 2));
	return Status::Continue;
}

// CWD/CDQ/CQO: rDX = the sign of rAX, repeated.
KEMU_HANDLER(Cwd, "", "CWD/CDQ/CQO: none");
Status cwd(kemu_ctxt &c, Operands &)
{
	unsigned n = c.insn.op_bytes;
	bool negative = c.gprs[KEMU_RAX] & (1ull << (8 * n - 1));
	write_gpr_wide(c, KEMU_RDX, n, negative ? ~0ull : 0);
	return Status::Continue;
}

// A 32-bit CMOV writes (and zero-extends) its destination even when the
// condition is false; the source is read either way.
KEMU_HANDLER(Cmov, "", "CMOVcc: none; reads the condition's flags", FlagRule::Condition);
Status cmov(kemu_ctxt &c, Operands &o)
{
	if (condition(c.insn.opcode & 0xf, o.rflags))
		o.v[0] = o.v[1];
	return Status::Continue;
}

KEMU_HANDLER(Setcc, "", "SETcc: none; reads the condition's flags", FlagRule::Condition);
Status setcc(kemu_ctxt &c, Operands &o)
{
	o.v[0] = condition(c.insn.opcode & 0xf, o.rflags) ? 1 : 0;
	return Status::Continue;
}

// AL = [seg:rBX + AL], address-size wide.
KEMU_HANDLER(Xlat, "", "XLAT: none");
Status xlat(kemu_ctxt &c, Operands &)
{
	unsigned ad = c.insn.ad_bytes;
	u64 ea = truncate(c.gprs[KEMU_RBX] + (c.gprs[KEMU_RAX] & 0xff), ad);
	u8 seg = c.insn.seg_override < KEMU_SEG_COUNT ? c.insn.seg_override : u8{KEMU_SEG_DS};
	u64 v;
	Status s = read_memory(c, seg, ea, 1, v);
	if (s == Status::Continue)
		write_gpr(c, KEMU_RAX, 1, v);
	return s;
}

// NOP Ev and the hint space: nothing, not even a memory access.
KEMU_HANDLER(Nop, "", "NOP, PAUSE, PREFETCHh: none");
Status nop(kemu_ctxt &, Operands &)
{
	return Status::Continue;
}

} // namespace kemu::exec
