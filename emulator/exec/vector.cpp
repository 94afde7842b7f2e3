// SPDX-License-Identifier: GPL-2.0
// SSE and MMX moves: MOVUPS/MOVUPD/MOVAPS/MOVAPD/MOVDQA/MOVDQU, the
// non-temporal MOVNTPS/MOVNTPD/MOVNTDQ/MOVNTDQA/MOVNTQ, MOVQ and MOVD
// between MMX/XMM registers, general registers and memory (KVM does the
// MMX MOVQ only), MOVSS/MOVSD.  The registers are the host's (get_vreg/
// set_vreg): the core moves bytes and uses no SSE itself.
//
// Faults, as the CPU and KVM: #UD with CR0.EM (or, for SSE, without
// CR4.OSFXSR), #NM with CR0.TS, then for MMX #MF if an x87 exception is
// pending, #GP(0) for a misaligned 16-byte operand of the aligned forms.
// MMX's effect on the x87 tag word is the host's get_vreg/set_vreg's.
#include "decode/decoder.h"
#include "exec/handlers.h"
#include "operands.h"
#include "segmentation.h"

namespace kemu::exec {

namespace {

using decode::Loc;
using decode::Operand;

constexpr u64 kCr0EM = 1u << 2, kCr0TS = 1u << 3, kCr4OSFXSR = 1u << 9;

bool is_xmm(Loc l)
{
	return l == Loc::V || l == Loc::U || l == Loc::W;
}
bool is_mmx(Loc l)
{
	return l == Loc::P || l == Loc::N || l == Loc::Q;
}

// Where an operand is: a vector register, a general register or memory.
enum class Place { Xmm, Mmx, Gpr, Memory };

Place place_of(const kemu_ctxt &c, Operand op)
{
	bool rm = op.loc == Loc::W || op.loc == Loc::Q || op.loc == Loc::E || op.loc == Loc::M ||
	          op.loc == Loc::U || op.loc == Loc::N;
	if (rm && c.insn.mem_operand)
		return Place::Memory;
	if (is_xmm(op.loc))
		return Place::Xmm;
	if (is_mmx(op.loc))
		return Place::Mmx;
	return Place::Gpr;
}

unsigned register_index(const kemu_ctxt &c, Operand op, Place p)
{
	bool in_reg_field = op.loc == Loc::V || op.loc == Loc::P || op.loc == Loc::G;
	unsigned r = in_reg_field ? c.insn.reg : c.insn.rm;
	return p == Place::Mmx ? r & 7 : r; // MMX registers ignore REX
}

kemu_vreg_kind register_kind(Place p, bool vex)
{
	if (p == Place::Mmx)
		return KEMU_VREG_MMX;
	return vex ? KEMU_VREG_YMM : KEMU_VREG_XMM;
}

// The VEX moves kemu emulates (beyond KVM, which has no VEX): VMOVUPS/UPD,
// VMOVAPS/APD, VMOVDQA/DQU, VMOVNTPS/PD/DQ, 128 and 256 bits.  VEX.vvvv
// is unused by them and must be 1111 (#UD otherwise, checked by the caller).
bool vex_move(const kemu_ctxt &c, const decode::Opcode &op)
{
	if (c.insn.vex_map != 1 || c.insn.vex_l > 1)
		return false;
	switch (c.insn.opcode) {
	case 0x10:
	case 0x11:
		return c.insn.mandatory_prefix == 0 || c.insn.mandatory_prefix == 0x66;
	case 0x28:
	case 0x29:
	case 0x2b:
	case 0x6f:
	case 0x7f:
	case 0xe7:
		return op.ops[0].width == decode::Width::x || op.ops[1].width == decode::Width::x;
	default:
		return false;
	}
}

// AVX needs CR4.OSXSAVE (#UD; the host's XCR0 is not visible to the core) and
// a usable FPU (CR0.TS: #NM); VEX.vvvv must be unused.
Status check_avx_state(kemu_ctxt &c)
{
	constexpr u64 kCr4OSXSAVE = 1u << 18;
	if (c.insn.vex_vvvv != 0 || !(c.ops->get_cr(c.opaque, 4) & kCr4OSXSAVE))
		return raise_ud(c);
	if (c.ops->get_cr(c.opaque, 0) & kCr0TS)
		return raise(c, KEMU_NM);
	return Status::Continue;
}

Status check_state(kemu_ctxt &c, bool sse)
{
	u64 cr0 = c.ops->get_cr(c.opaque, 0);
	if ((cr0 & kCr0EM) || (sse && !(c.ops->get_cr(c.opaque, 4) & kCr4OSFXSR)))
		return raise_ud(c);
	if (cr0 & kCr0TS)
		return raise(c, KEMU_NM);
	return Status::Continue;
}

// The aligned forms' 16-byte memory operands (SDM: #GP(0) if not aligned).
Status check_alignment(kemu_ctxt &c, u64 ea, unsigned bytes)
{
	if (bytes < 16 || !decode::opcode_of(c.insn).has(decode::kAligned))
		return Status::Continue;
	u64 linear;
	Status s = linearize(c, c.insn.ea_seg, ea, bytes, KEMU_ACCESS_READ, linear);
	if (s != Status::Continue)
		return s;
	return (linear & (bytes - 1)) ? raise_gp0(c) : Status::Continue;
}

} // namespace

KEMU_HANDLER(VectorMove, "", "MOVD/MOVQ/MOVAPS...: none");
Status vector_move(kemu_ctxt &c, Operands &o)
{
	const decode::Opcode &op = decode::opcode_of(c.insn);
	const Operand dst = op.ops[0], src = op.ops[1];
	if (!c.ops->get_vreg || !c.ops->set_vreg || !c.ops->get_cr)
		return Status::Unhandleable;
	const bool vex = c.insn.vex;
	if (vex && !vex_move(c, op))
		return Status::Unhandleable; // VEX: the full-register moves only
	bool sse = op.has(decode::kSse);
	Status s = vex ? check_avx_state(c) : check_state(c, sse);
	if (s == Status::Continue && op.has(decode::kMmx))
		s = raise_pending_x87_exception(c);
	if (s != Status::Continue)
		return s;
	const Place from = place_of(c, src), to = place_of(c, dst);
	const unsigned n = decode::width_bytes_of(src.width, c.insn, long_mode(c));
	const unsigned dst_bytes = decode::width_bytes_of(dst.width, c.insn, long_mode(c));
	if (n == 0 || n > 32 || dst_bytes == 0 || dst_bytes > 32)
		return Status::Unhandleable;
	if (from == Place::Memory || to == Place::Memory) {
		s = check_alignment(c, o.ea, from == Place::Memory ? n : dst_bytes);
		if (s != Status::Continue)
			return s;
	}

	u8 value[32] = {};
	switch (from) {
	case Place::Memory:
		s = read_bytes(c, c.insn.ea_seg, o.ea, n, value);
		break;
	case Place::Gpr: {
		// read_gpr leaves only the n bytes; value is zero beyond them.
		u64 v = read_gpr(c, register_index(c, src, from), n);
		__builtin_memcpy(value, &v, 8);
		break;
	}
	case Place::Xmm:
	case Place::Mmx: {
		u8 whole[32];
		c.ops->get_vreg(c.opaque, register_kind(from, vex), register_index(c, src, from),
		                whole);
		copy_bytes(value, whole, n);
		break;
	}
	}
	if (s != Status::Continue)
		return s;

	unsigned out = dst_bytes < n ? dst_bytes : n;
	switch (to) {
	case Place::Memory:
		return write_bytes(c, c.insn.ea_seg, o.ea, out, value);
	case Place::Gpr: {
		// write_gpr keeps only the low `out` bytes of the eight.
		u64 v;
		__builtin_memcpy(&v, value, 8);
		write_gpr(c, register_index(c, dst, to), out, v);
		return Status::Continue;
	}
	case Place::Xmm:
	case Place::Mmx: {
		// (VEX writes the whole YMM register: the bits above the operand are 0.)
		kemu_vreg_kind kind = register_kind(to, vex);
		unsigned index = register_index(c, dst, to);
		u8 whole[32] = {};
		// MOVSS/MOVSD (F3/F2 0F 10, 11) between registers replace only the
		// low element; every other narrower move zero-extends.
		bool scalar = c.insn.opcode_len == 2 &&
		              (c.insn.opcode == 0x10 || c.insn.opcode == 0x11) &&
		              (c.insn.mandatory_prefix == 0xf3 || c.insn.mandatory_prefix == 0xf2);
		if (scalar && from == Place::Xmm)
			c.ops->get_vreg(c.opaque, kind, index, whole);
		copy_bytes(whole, value, out);
		c.ops->set_vreg(c.opaque, kind, index, whole);
		return Status::Continue;
	}
	}
	return Status::Unhandleable;
}

} // namespace kemu::exec
