// SPDX-License-Identifier: GPL-2.0
// Prefixes, opcode, ModRM/SIB/displacement, immediates and moffs.
#include "decode/decoder.h"

#include "decode/fetch.h"

namespace kemu::decode {

namespace {

constexpr u8 kNoSegment = KEMU_SEG_COUNT;

struct Prefixes {
	bool operand_size = false; // 66
	bool address_size = false; // 67
};

u8 default_op_bytes(const kemu_ctxt &c)
{
	return c.mode == KEMU_MODE_PROT32 || c.mode == KEMU_MODE_PROT64 ? 4 : 2;
}

u8 default_ad_bytes(const kemu_ctxt &c)
{
	switch (c.mode) {
	case KEMU_MODE_PROT64:
		return 8;
	case KEMU_MODE_PROT32:
		return 4;
	default:
		return 2;
	}
}

// Legacy prefixes and REX.  A REX prefix only counts when it comes last.
Status decode_prefixes(kemu_ctxt &c, Fetcher &f, Prefixes &p, u8 &opcode)
{
	kemu_insn &insn = c.insn;
	for (;;) {
		Status s = f.next_byte(opcode);
		if (s != Status::Continue)
			return s;
		switch (opcode) {
		case 0x66:
			p.operand_size = true;
			break;
		case 0x67:
			p.address_size = true;
			break;
		case 0x26: // ES, CS, SS, DS: ignored in 64-bit mode
		case 0x2e:
		case 0x36:
		case 0x3e:
			if (!long_mode(c))
				insn.seg_override = (opcode >> 3) & 3;
			break;
		case 0x64:
			insn.seg_override = KEMU_SEG_FS;
			break;
		case 0x65:
			insn.seg_override = KEMU_SEG_GS;
			break;
		case 0xf0:
			insn.lock_prefix = 1;
			break;
		case 0xf2:
		case 0xf3:
			insn.rep_prefix = opcode;
			break;
		default:
			if (long_mode(c) && (opcode & 0xf0) == 0x40) {
				insn.rex = opcode;
				continue;
			}
			return Status::Continue;
		}
		insn.rex = 0; // a legacy prefix after REX cancels it
	}
}

// 16-bit ModRM addressing (SDM Table 2-1).
Status decode_modrm16(kemu_ctxt &c, Fetcher &f, u8 mod, u8 rm)
{
	kemu_insn &insn = c.insn;
	const u64 *r = c.gprs;
	u64 bx = r[KEMU_RBX], bp = r[KEMU_RBP], si = r[KEMU_RSI], di = r[KEMU_RDI];
	static constexpr u8 kBpBased = 0b01001100; // rm 2, 3, 6 use SS
	u64 base = 0;
	switch (rm) {
	case 0:
		base = bx + si;
		break;
	case 1:
		base = bx + di;
		break;
	case 2:
		base = bp + si;
		break;
	case 3:
		base = bp + di;
		break;
	case 4:
		base = si;
		break;
	case 5:
		base = di;
		break;
	case 6:
		base = bp;
		break;
	case 7:
		base = bx;
		break;
	}
	bool ss = (kBpBased >> rm) & 1;
	u64 disp = 0;
	Status s = Status::Continue;
	if (mod == 0 && rm == 6) {
		base = 0; // disp16 alone
		ss = false;
		s = f.next(2, disp);
		disp = sign_extend(disp, 2);
	} else if (mod == 1) {
		s = f.next(1, disp);
		disp = sign_extend(disp, 1);
	} else if (mod == 2) {
		s = f.next(2, disp);
		disp = sign_extend(disp, 2);
	}
	insn.disp = disp;
	insn.ea = truncate(base + disp, 2);
	insn.ea_seg = ss ? KEMU_SEG_SS : KEMU_SEG_DS;
	return s;
}

// 32/64-bit ModRM addressing with SIB (SDM Tables 2-2, 2-3).
Status decode_modrm32(kemu_ctxt &c, Fetcher &f, u8 mod, u8 rm)
{
	kemu_insn &insn = c.insn;
	u64 ea = 0;
	u8 base_reg = rm;
	bool has_base = true;
	Status s;
	if (rm == 4) {
		u8 sib;
		s = f.next_byte(sib);
		if (s != Status::Continue)
			return s;
		insn.sib = sib;
		u8 index = ((sib >> 3) & 7) | ((insn.rex & kRexX) ? 8 : 0);
		if (index != 4) // no index (rsp cannot be one; r12 can)
			ea += c.gprs[index] << (sib >> 6);
		base_reg = sib & 7;
		if (base_reg == 5 && mod == 0)
			has_base = false; // disp32 instead of a base
	} else if (rm == 5 && mod == 0) {
		has_base = false;
		insn.rip_relative = long_mode(c);
	}
	// rSP- and rBP-based addresses default to SS (before REX.B extends the number).
	insn.ea_seg = has_base && (base_reg == 4 || base_reg == 5) ? KEMU_SEG_SS : KEMU_SEG_DS;
	if (has_base)
		ea += c.gprs[base_reg | ((insn.rex & kRexB) ? 8 : 0)];

	u64 disp = 0;
	if (mod == 1) {
		s = f.next(1, disp);
		disp = sign_extend(disp, 1);
	} else if (mod == 2 || !has_base) {
		s = f.next(4, disp);
		disp = sign_extend(disp, 4);
	} else {
		s = Status::Continue;
	}
	insn.disp = disp;
	insn.ea = ea + disp; // truncated to the address size once the length is known
	return s;
}

Status decode_modrm(kemu_ctxt &c, Fetcher &f)
{
	kemu_insn &insn = c.insn;
	Status s = f.next_byte(insn.modrm);
	if (s != Status::Continue)
		return s;
	insn.has_modrm = 1;
	u8 mod = insn.modrm >> 6, rm = insn.modrm & 7;
	insn.reg = ((insn.modrm >> 3) & 7) | ((insn.rex & kRexR) ? 8 : 0);
	insn.rm = rm | ((insn.rex & kRexB) ? 8 : 0);
	if (mod == 3)
		return Status::Continue;
	insn.mem_operand = 1;
	return insn.ad_bytes == 2 ? decode_modrm16(c, f, mod, rm) : decode_modrm32(c, f, mod, rm);
}

// Immediate of an operand; z-width immediates are at most 4 bytes, sign-extended.
Status decode_immediate(kemu_ctxt &c, Fetcher &f, Width w)
{
	kemu_insn &insn = c.insn;
	unsigned bytes = operand_bytes(insn, w);
	if (w == Width::OpSizeImm32 && bytes > 4)
		bytes = 4;
	u64 v;
	Status s = f.next(bytes, v);
	insn.imm = truncate(sign_extend(v, bytes), operand_bytes(insn, w));
	return s;
}

Status decode_operand_bytes(kemu_ctxt &c, Fetcher &f, Operand o)
{
	kemu_insn &insn = c.insn;
	switch (o.loc) {
	case Loc::Imm:
		return decode_immediate(c, f, o.width);
	case Loc::Moffs:
		insn.mem_operand = 1;
		insn.ea_seg = KEMU_SEG_DS;
		return f.next(insn.ad_bytes, insn.ea);
	default:
		return Status::Continue;
	}
}

} // namespace

const Opcode &opcode_of(const kemu_insn &insn)
{
	return kOneByteMap.entries[insn.handler & 0xff];
}

Status decode(kemu_ctxt &c, const u8 *bytes, unsigned len)
{
	kemu_insn &insn = c.insn;
	insn = {};
	insn.seg_override = kNoSegment;
	c.have_exception = 0;
	if (bytes != nullptr && len > 0) {
		if (len > KEMU_MAX_INSN_LEN)
			len = KEMU_MAX_INSN_LEN;
		copy_bytes(insn.bytes, bytes, len);
		insn.fetched = static_cast<u8>(len);
	}

	Fetcher f(c);
	Prefixes p;
	u8 b;
	Status s = decode_prefixes(c, f, p, b);
	if (s != Status::Continue)
		return s;

	insn.op_bytes = default_op_bytes(c);
	if (insn.rex & kRexW)
		insn.op_bytes = 8;
	else if (p.operand_size)
		insn.op_bytes ^= 2 ^ 4;
	insn.ad_bytes = default_ad_bytes(c);
	if (p.address_size)
		insn.ad_bytes = insn.ad_bytes == 4 ? 2 : 4;

	insn.opcode = b;
	insn.opcode_len = 1;
	const Opcode &o = kOneByteMap.entries[b];
	if (!o.defined())
		return Status::Unhandleable; // not emulated (yet): the host reports a failure
	insn.handler = b;

	if (o.has_modrm()) {
		s = decode_modrm(c, f);
		if (s != Status::Continue)
			return s;
	}
	if (o.dst.loc == Loc::OpcodeReg || o.src.loc == Loc::OpcodeReg)
		insn.reg = (b & 7) | ((insn.rex & kRexB) ? 8 : 0);
	s = decode_operand_bytes(c, f, o.dst);
	if (s == Status::Continue)
		s = decode_operand_bytes(c, f, o.src);
	if (s != Status::Continue)
		return s;

	insn.length = static_cast<u8>(f.position());
	if (insn.mem_operand) {
		if (insn.rip_relative)
			insn.ea += c.rip + insn.length;
		insn.ea = truncate(insn.ea, insn.ad_bytes);
		if (insn.seg_override != kNoSegment)
			insn.ea_seg = insn.seg_override;
	}
	return Status::Continue;
}

} // namespace kemu::decode
