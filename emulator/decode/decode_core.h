// SPDX-License-Identifier: GPL-2.0
// The decoder proper, shared by emulation (bytes fetched through the ops
// table) and disassembly (bytes from a buffer): prefixes, escapes, the walk
// through the opcode maps, ModRM/SIB/displacement and immediates.
//
// A Source provides `Status next(unsigned n, u64 &value)` (little-endian,
// enforcing the 15-byte limit), `Status peek(u64 &value)`, `unsigned
// position()` (bytes consumed) and `Status fault(u8 vector)` (records a
// decoder-raised exception).
#pragma once

#include "decode/map_0f.h"
#include "decode/map_0f38_0f3a.h"
#include "decode/map_one_byte.h"
#include "decode/map_vex_0f.h"
#include "decode/map_x87.h"
#include "decode/opcode.h"

namespace kemu::decode {

inline constexpr u8 kRexW = 8, kRexR = 4, kRexX = 2, kRexB = 1;
inline constexpr u8 kNoSegment = KEMU_SEG_NONE;

// What the decoder needs of the machine: the mode, and for effective
// addresses the registers and RIP (nullptr gprs: addresses are not needed).
struct DecodeEnv {
	u8 mode;
	const u64 *gprs;
	u64 rip;
};

constexpr bool is_long(const DecodeEnv &e)
{
	return e.mode == KEMU_MODE_PROT64;
}

// The ModRM-based VEX/EVEX opcode maps have no tables here: these say which
// opcodes carry an imm8, which is all that length needs.
constexpr bool vex_map1_has_imm8(u8 op)
{
	return (op >= 0x70 && op <= 0x73) || op == 0xc2 || op == 0xc4 || op == 0xc5 || op == 0xc6;
}

template <class Source>
class Decoder {
public:
	Decoder(const DecodeEnv &env, Source &src, kemu_insn &insn)
	    : env_(env), src_(src), insn_(insn)
	{
	}

	// (Inline in decode_insn's callers, whose fetcher and environment are
	// locals: the compiler then keeps their fields in registers across the
	// decoder's byte stores into the instruction.)
	[[gnu::always_inline]] Status run()
	{
		u8 b;
		Status s = prefixes(b);
		if (s != Status::Continue)
			return s;
		set_sizes();
		const Opcode *o = nullptr;
		s = first_entry(b, o);
		if (s != Status::Continue || insn_.vex)
			return s;
		// Most first bytes name an instruction: the walk only for selectors.
		if (!o->leaf()) {
			s = resolve(o);
			if (s != Status::Continue)
				return s;
		}
		insn_.entry = o;
		apply_size_attrs(*o);
		if (o->has(kModrm) && !insn_.has_modrm) {
			s = fetch_modrm();
			if (s != Status::Continue)
				return s;
		}
		const bool operands_exist = !(o->attrs & kOperandRules) || check_operands(*o);
		if (insn_.has_modrm && (insn_.modrm >> 6) != 3 && !registers_only_)
			s = memory_operand();
		if (s == Status::Continue)
			s = immediates(*o);
		// An opcode the mode lacks, or an operand that does not exist, is #UD
		// once its length is known: past 15 bytes the CPU raises #GP
		// (checked on the host CPU).
		if (s == Status::Continue && !operands_exist)
			s = src_.fault(KEMU_UD);
		if (s == Status::Continue)
			s = check_mode(*o);
		if (s != Status::Continue)
			return s;
		finish();
		return Status::Continue;
	}

private:
	Status next_byte(u8 &b)
	{
		u64 v;
		Status s = src_.next(1, v);
		b = static_cast<u8>(v);
		return s;
	}

	Status next(unsigned n, u64 &v) { return src_.next(n, v); }

	// Legacy prefixes and REX.  A REX prefix only counts when it comes last.
	Status prefixes(u8 &b)
	{
		for (;;) {
			Status s = next_byte(b);
			if (s != Status::Continue)
				return s;
			switch (b) {
			case 0x66:
				insn_.opsize_prefix = 1;
				break;
			case 0x67:
				insn_.adsize_prefix = 1;
				break;
			case 0x26: // ES, CS, SS, DS: no effect in 64-bit mode
			case 0x2e:
			case 0x36:
			case 0x3e:
				if (!is_long(env_))
					insn_.seg_override = (b >> 3) & 3;
				break;
			case 0x64:
				insn_.seg_override = KEMU_SEG_FS;
				break;
			case 0x65:
				insn_.seg_override = KEMU_SEG_GS;
				break;
			case 0xf0:
				insn_.lock_prefix = 1;
				break;
			case 0xf2:
			case 0xf3:
				insn_.rep_prefix = b;
				break;
			default:
				if (is_long(env_) && (b & 0xf0) == 0x40) {
					insn_.rex = b;
					continue;
				}
				return Status::Continue;
			}
			insn_.rex = 0; // a legacy prefix after REX cancels it
		}
	}

	// The operand and address sizes by mode, without and with 66 / 67 (a
	// mode the host does not name decodes as 16-bit, as real mode).
	void set_sizes()
	{
		static constexpr u8 kOpBytes[2][8] = {{2, 2, 2, 4, 4, 2, 2, 2},
		                                      {4, 4, 4, 2, 2, 4, 4, 4}};
		static constexpr u8 kAdBytes[2][8] = {{2, 2, 2, 4, 8, 2, 2, 2},
		                                      {4, 4, 4, 2, 4, 4, 4, 4}};
		const unsigned mode = env_.mode < 8 ? env_.mode : 0u;
		insn_.op_bytes = insn_.rex & kRexW ? 8 : kOpBytes[insn_.opsize_prefix != 0][mode];
		insn_.ad_bytes = kAdBytes[insn_.adsize_prefix != 0][mode];
	}

	static bool same_instruction(const Opcode &a, const Opcode &b)
	{
		return a.leaf() && b.leaf() && a.ops[0].loc == b.ops[0].loc &&
		       a.ops[1].loc == b.ops[1].loc && detail::same(a.mnemonic, b.mnemonic);
	}

	// The mandatory-prefix slot: F2/F3 (the last one) before 66.
	unsigned prefix_slot() const
	{
		if (insn_.rep_prefix == 0xf3)
			return 2;
		if (insn_.rep_prefix == 0xf2)
			return 3;
		return insn_.opsize_prefix ? 1 : 0;
	}

	// The opcode byte(s): escapes, VEX/EVEX/XOP, x87, or the one-byte map.
	Status first_entry(u8 b, const Opcode *&o)
	{
		insn_.opcode = b;
		insn_.opcode_len = 1;
		Status s;
		if (b == 0x0f) {
			u8 b2;
			s = next_byte(b2);
			if (s != Status::Continue)
				return s;
			insn_.opcode = b2;
			insn_.opcode_len = 2;
			if (b2 == 0x38 || b2 == 0x3a) {
				u8 b3;
				s = next_byte(b3);
				if (s != Status::Continue)
					return s;
				insn_.opcode = b3;
				insn_.opcode_len = 3;
				o = b2 == 0x38 ? &k0F38Map.entries[b3] : &k0F3AMap.entries[b3];
				return Status::Continue;
			}
			o = &kTwoByteMap[b2];
			return Status::Continue;
		}
		if (b == 0xc4 || b == 0xc5 || b == 0x62 || b == 0x8f) {
			bool taken = false;
			s = vector_escape(b, taken);
			if (s != Status::Continue || taken)
				return s;
		}
		if (b >= 0xd8 && b <= 0xdf) {
			s = fetch_modrm();
			if (s != Status::Continue)
				return s;
			const unsigned reg = (insn_.modrm >> 3) & 7;
			o = (insn_.modrm >> 6) == 3 ? &kX87Reg[b - 0xd8][reg]
			                            : &kX87Mem[b - 0xd8][reg];
			return Status::Continue;
		}
		o = &kOneByteMap[b];
		return Status::Continue;
	}

	Status peek_modrm_class(bool &reg_form)
	{
		// The byte after C4/C5/62 decides in 16/32-bit modes: mod == 3 means
		// VEX/EVEX, anything else is LES/LDS/BOUND's ModRM.
		u64 v;
		Status s = src_.peek(v);
		reg_form = (v & 0xc0) == 0xc0;
		return s;
	}

	// VEX (C4/C5), EVEX (62) and XOP (8F): decoded to length and validity.
	Status vector_escape(u8 b, bool &taken)
	{
		Status s;
		if (b == 0x8f) {
			u64 v;
			s = src_.peek(v);
			if (s != Status::Continue)
				return s;
			if ((v & 0x1f) < 8)
				return Status::Continue; // POP Ev
			return src_.fault(KEMU_UD);      // XOP: AMD family 15h only
		}
		if (!is_long(env_)) {
			bool reg_form;
			s = peek_modrm_class(reg_form);
			if (s != Status::Continue || !reg_form)
				return s; // LES / LDS / BOUND
		}
		taken = true;
		insn_.vex = b;
		// VEX/EVEX in real/v86 mode is #UD; after 66, F2, F3, LOCK or REX too,
		// once the instruction's length is known: past 15 bytes it is #GP
		// (the length check comes first, as on the CPU).
		if (env_.mode == KEMU_MODE_REAL || env_.mode == KEMU_MODE_VM86)
			return src_.fault(KEMU_UD);
		const bool bad_prefix =
		    insn_.opsize_prefix || insn_.rep_prefix || insn_.lock_prefix || insn_.rex;
		u8 p0, p1 = 0, p2 = 0;
		s = next_byte(p0);
		if (s == Status::Continue && b != 0xc5)
			s = next_byte(p1);
		if (s == Status::Continue && b == 0x62)
			s = next_byte(p2);
		if (s != Status::Continue)
			return s;
		u8 pp;
		if (b == 0xc5) {
			insn_.vex_map = 1;
			insn_.vex_vvvv = (~p0 >> 3) & 0xf;
			insn_.vex_l = (p0 >> 2) & 1;
			pp = p0 & 3;
		} else if (b == 0xc4) {
			insn_.vex_map = p0 & 0x1f;
			insn_.vex_vvvv = (~p1 >> 3) & 0xf;
			insn_.vex_l = (p1 >> 2) & 1;
			pp = p1 & 3;
			if (insn_.vex_map < 1 || insn_.vex_map > 3)
				return src_.fault(KEMU_UD);
		} else {
			insn_.vex_map = p0 & 7;
			insn_.vex_vvvv = (~p1 >> 3) & 0xf;
			insn_.vex_l = (p2 >> 5) & 3;
			pp = p1 & 3;
			// P1 bit 2 is fixed 1; maps 1-3 and 5-6 (AVX512-FP16) exist.
			if (!(p1 & 4) || insn_.vex_map == 0 || insn_.vex_map == 4 ||
			    insn_.vex_map == 7)
				return src_.fault(KEMU_UD);
		}
		vex_w_ = b != 0xc5 && (p1 & 0x80);
		static constexpr u8 kPrefixOfPp[4] = {0, 0x66, 0xf3, 0xf2};
		insn_.mandatory_prefix = kPrefixOfPp[pp];
		// The inverted R, X, B bits (and W) extend registers as REX does, in
		// 64-bit mode only.
		if (is_long(env_)) {
			u8 rxb = static_cast<u8>(~p0 >> 5) & 7; // C4/EVEX: P0 bits 7:5
			if (b == 0xc5)
				rxb = (~p0 >> 5) & 4; // C5: R only
			u8 w = b == 0xc5 ? 0 : (p1 >> 7) & 1;
			insn_.rex = static_cast<u8>(0x40 | w << 3 | rxb);
		}
		u8 op;
		s = next_byte(op);
		if (s != Status::Continue)
			return s;
		insn_.opcode = op;
		insn_.opcode_len = insn_.vex_map == 1 ? 2 : 3;
		// Every VEX/EVEX instruction has ModRM but VZEROUPPER/VZEROALL (VEX 0F 77).
		const bool modrm = !(b != 0x62 && insn_.vex_map == 1 && op == 0x77);
		if (modrm) {
			s = fetch_modrm();
			if (s == Status::Continue && (insn_.modrm >> 6) != 3)
				s = memory_operand();
			if (s != Status::Continue)
				return s;
		}
		const bool imm8 =
		    insn_.vex_map == 3 || (insn_.vex_map == 1 && vex_map1_has_imm8(op));
		if (imm8) {
			insn_.imm_bytes = 1;
			s = next(1, insn_.imm);
			if (s != Status::Continue)
				return s;
		}
		if (bad_prefix)
			return src_.fault(KEMU_UD);
		if (b != 0x62) {
			insn_.entry = vex_legacy_form();
			s = check_vex_form(pp);
			if (s != Status::Continue)
				return s;
		}
		finish();
		return Status::Continue;
	}

	// #UD for a VEX encoding no instruction has (the whole instruction is
	// fetched by now): map 1 by its table of forms (map_vex_0f.h); every map
	// by the register-only and memory-only operands of the legacy form.
	Status check_vex_form(unsigned pp)
	{
		const bool reg_form = !insn_.has_modrm || (insn_.modrm >> 6) == 3;
		if (insn_.vex_map == 1) {
			const u16 rule = vex_map1_rule(insn_.opcode, pp);
			const bool uses_vvvv =
			    (rule & kVexNds) || ((rule & kVexNdsReg) && reg_form);
			if (!(rule & kVexExists) ||
			    ((rule & kVexByReg) &&
			     !vex_group_member(insn_.opcode, (insn_.modrm >> 3) & 7)) ||
			    (!uses_vvvv && insn_.vex_vvvv != 0) ||
			    ((rule & kVexL0) && insn_.vex_l) || ((rule & kVexL1) && !insn_.vex_l) ||
			    ((rule & kVexMemOnly) && reg_form) ||
			    ((rule & kVexRegOnly) && !reg_form) || ((rule & kVexW0) && vex_w_) ||
			    ((rule & kVexMask) &&
			     !vex_mask_registers_exist(insn_.opcode, insn_.reg, insn_.rm, reg_form,
			                               is_long(env_) ? insn_.vex_vvvv
			                                             : insn_.vex_vvvv & 7)))
				return src_.fault(KEMU_UD);
		}
		const Opcode *legacy = static_cast<const Opcode *>(insn_.entry);
		if (legacy)
			for (const Operand &op : legacy->ops)
				if ((op.loc == Loc::M && reg_form) ||
				    ((op.loc == Loc::U || op.loc == Loc::N || op.loc == Loc::R) &&
				     !reg_form))
					return src_.fault(KEMU_UD);
		return Status::Continue;
	}

	// A VEX instruction is the legacy SSE instruction of the same map, opcode
	// and (pp) mandatory prefix, where one exists: its name and operands.
	// (Which VEX forms execute is the handlers' business.)
	const Opcode *vex_legacy_form() const
	{
		const Opcode *o = insn_.vex_map == 1   ? &kTwoByteMap[insn_.opcode]
		                  : insn_.vex_map == 2 ? &k0F38Map.entries[insn_.opcode]
		                  : insn_.vex_map == 3 ? &k0F3AMap.entries[insn_.opcode]
		                                       : nullptr;
		const unsigned slot = insn_.mandatory_prefix == 0x66   ? 1
		                      : insn_.mandatory_prefix == 0xf3 ? 2
		                      : insn_.mandatory_prefix == 0xf2 ? 3
		                                                       : 0;
		for (unsigned depth = 0; o && depth < 8 && !o->leaf(); depth++) {
			switch (o->kind) {
			case Kind::ByPrefix:
				o = &o->next[slot];
				break;
			case Kind::ByReg:
				o = &o->next[(insn_.modrm >> 3) & 7];
				break;
			case Kind::ByMod:
				o = &o->next[(insn_.modrm >> 6) == 3];
				break;
			default:
				return nullptr;
			}
		}
		if (!o || !o->leaf() ||
		    !(o->has(kSse) || o->ops[0].loc == Loc::V || o->ops[0].loc == Loc::W))
			return nullptr;
		return o;
	}

	Status fetch_modrm()
	{
		Status s = next_byte(insn_.modrm);
		if (s != Status::Continue)
			return s;
		insn_.has_modrm = 1;
		// REX.R (bit 2) and REX.B (bit 0) are each register number's bit 3.
		insn_.reg = static_cast<u8>(((insn_.modrm >> 3) & 7) | ((insn_.rex & kRexR) << 1));
		insn_.rm = static_cast<u8>((insn_.modrm & 7) | ((insn_.rex & kRexB) << 3));
		return Status::Continue;
	}

	// #UD for an encoding that does not exist, once its ModRM operand's SIB
	// and displacement are fetched: the CPU takes the whole instruction
	// first, so a fetch fault there (past the CS limit, a missing page) wins.
	Status undefined()
	{
		if (insn_.has_modrm && (insn_.modrm >> 6) != 3) {
			Status s = memory_operand();
			if (s != Status::Continue)
				return s;
		}
		return src_.fault(KEMU_UD);
	}

	// Whether the instructions a prefix selector chooses among take ModRM.
	static bool row_takes_modrm(const Opcode &row)
	{
		for (unsigned i = 0; i < 4; i++) {
			const Opcode &n = row.next[i];
			if ((n.kind == Kind::Leaf && n.has(kModrm)) || n.kind == Kind::ByReg ||
			    n.kind == Kind::ByMod || n.kind == Kind::ByRm)
				return true;
		}
		return false;
	}

	// Walk selectors down to an instruction.  A group by ModRM.reg whose
	// member is an instruction (the one-byte map's groups: C7, 83, FF, ...)
	// is the common walk: inline, without the general loop.
	Status resolve(const Opcode *&o)
	{
		if (o->kind == Kind::ByReg) {
			if (!insn_.has_modrm) {
				const Status s = fetch_modrm();
				if (s != Status::Continue)
					return s;
			}
			o = &o->next[(insn_.modrm >> 3) & 7];
			if (o->leaf())
				return Status::Continue;
		}
		return walk(o);
	}

	Status walk(const Opcode *&o)
	{
		for (unsigned depth = 0; depth < 8; depth++) {
			Status s;
			switch (o->kind) {
			case Kind::Leaf:
				return Status::Continue;
			case Kind::Invalid:
				return undefined();
			case Kind::ByReg:
			case Kind::ByMod:
			case Kind::ByRm:
				if (!insn_.has_modrm) {
					s = fetch_modrm();
					if (s != Status::Continue)
						return s;
				}
				if (o->kind == Kind::ByReg)
					o = &o->next[(insn_.modrm >> 3) & 7];
				else if (o->kind == Kind::ByMod)
					o = &o->next[(insn_.modrm >> 6) == 3];
				else
					o = &o->next[insn_.modrm & 7];
				break;
			case Kind::ByPrefix: {
				const unsigned slot = prefix_slot();
				static constexpr u8 kPrefixOfSlot[4] = {0, 0x66, 0xf3, 0xf2};
				// Where 66 names the same instruction as no prefix (BSF, BSR,
				// ...: F3 is what selects another), it is the operand size.
				insn_.mandatory_prefix =
				    slot == 1 && same_instruction(o->next[0], o->next[1])
				        ? 0
				        : kPrefixOfSlot[slot];
				const Opcode *row = o;
				o = &o->next[slot];
				// A prefix that leaves the encoding undefined in a row of
				// ModRM instructions: the ModRM operand is taken first, so
				// its fetch fault (past the CS limit) wins over #UD.
				if (o->kind == Kind::Invalid && !insn_.has_modrm &&
				    row_takes_modrm(*row)) {
					s = fetch_modrm();
					if (s != Status::Continue)
						return s;
				}
				break;
			}
			case Kind::ByMode:
				o = &o->next[is_long(env_)];
				break;
			case Kind::ByRexW:
				o = &o->next[(insn_.rex & kRexW) != 0];
				break;
			case Kind::ByOpSize: {
				// A d64 instruction is named by the size it uses: 64 bits in
				// 64-bit mode without 66 (PUSHFQ, not PUSHFD).
				unsigned size = insn_.op_bytes;
				if (size == 4 && is_long(env_) && o->next[1].has(kD64))
					size = 8;
				o = &o->next[size == 2 ? 0 : size == 4 ? 1 : 2];
				break;
			}
			case Kind::ByAdSize:
				o = &o->next[insn_.ad_bytes == 2 ? 0 : insn_.ad_bytes == 4 ? 1 : 2];
				break;
			}
		}
		return src_.fault(KEMU_UD); // unreachable with well-formed maps
	}

	Status check_mode(const Opcode &o)
	{
		if ((o.has(kI64) && is_long(env_)) || (o.has(kO64) && !is_long(env_)))
			return src_.fault(KEMU_UD);
		return Status::Continue;
	}

	// d64/f64 operand sizes; a mandatory 66 selects the instruction, not the size.
	void apply_size_attrs(const Opcode &o)
	{
		if (insn_.mandatory_prefix == 0x66 && insn_.opsize_prefix && !(insn_.rex & kRexW))
			insn_.op_bytes = env_.mode == KEMU_MODE_PROT32 || is_long(env_) ? 4 : 2;
		if (!is_long(env_))
			return;
		if (o.has(kF64))
			insn_.op_bytes = 8;
		else if (o.has(kD64) && insn_.op_bytes == 4)
			insn_.op_bytes = 8;
	}

	// Register-only and memory-only operands, and register numbers that do not
	// exist: false when the encoding names an operand that cannot be.
	// (Asked only for entries with kOperandRules: most have none.)
	bool check_operands(const Opcode &o)
	{
		// Control/debug register moves ignore mod and always name registers.
		registers_only_ = o.ops[0].loc == Loc::C || o.ops[1].loc == Loc::C ||
		                  o.ops[0].loc == Loc::D || o.ops[1].loc == Loc::D;
		const bool reg_form =
		    registers_only_ || (insn_.has_modrm && (insn_.modrm >> 6) == 3);
		for (const Operand &op : o.ops) {
			switch (op.loc) {
			case Loc::None: // operands are packed (map_checks.cpp)
				return true;
			case Loc::M:
				if (reg_form)
					return false;
				break;
			case Loc::R:
			case Loc::N:
			case Loc::U:
				if (!reg_form)
					return false;
				break;
			case Loc::S: {
				const unsigned sreg = (insn_.modrm >> 3) & 7;
				// MOV to CS (8E /1) is #UD; there is no sreg 6 or 7.
				if (sreg > 5 || (sreg == KEMU_SEG_CS && &op == &o.ops[0]))
					return false;
				break;
			}
			case Loc::C:
				if (!control_register_exists(insn_.reg))
					return false;
				break;
			case Loc::Z:
				insn_.reg = (insn_.opcode & 7) | ((insn_.rex & kRexB) ? 8 : 0);
				break;
			default:
				break;
			}
		}
		return true;
	}

	u64 gpr(unsigned r) const { return env_.gprs ? env_.gprs[r] : 0; }

	// 16-bit ModRM addressing (SDM Table 2-1).
	Status memory16(u8 mod, u8 rm)
	{
		static constexpr u8 kBase[8] = {KEMU_RBX, KEMU_RBX, KEMU_RBP, KEMU_RBP,
		                                KEMU_RSI, KEMU_RDI, KEMU_RBP, KEMU_RBX};
		static constexpr u8 kIndex[8] = {KEMU_RSI, KEMU_RDI, KEMU_RSI, KEMU_RDI,
		                                 0xff,     0xff,     0xff,     0xff};
		u64 ea = gpr(kBase[rm]) + (kIndex[rm] != 0xff ? gpr(kIndex[rm]) : 0);
		bool ss = rm == 2 || rm == 3 || rm == 6;
		u64 disp = 0;
		Status s = Status::Continue;
		insn_.ea_base = kBase[rm];
		insn_.ea_index = kIndex[rm] != 0xff ? kIndex[rm] : KEMU_EA_NO_REG;
		if (mod == 0 && rm == 6) {
			ea = 0; // disp16 alone
			ss = false;
			insn_.ea_base = KEMU_EA_NO_REG;
			s = displacement(2, disp);
		} else if (mod == 1) {
			s = displacement(1, disp);
		} else if (mod == 2) {
			s = displacement(2, disp);
		}
		insn_.ea = ea + disp;
		insn_.ea_seg = ss ? KEMU_SEG_SS : KEMU_SEG_DS;
		return s;
	}

	Status displacement(unsigned n, u64 &disp)
	{
		Status s = next(n, disp);
		disp = sign_extend(disp, n);
		insn_.disp = disp;
		insn_.disp_bytes = static_cast<u8>(n);
		return s;
	}

	// 32/64-bit ModRM addressing with SIB (SDM Tables 2-2, 2-3).
	[[gnu::always_inline]] Status memory32(u8 mod, u8 rm)
	{
		u64 ea = 0;
		u8 base = rm;
		bool has_base = true;
		Status s;
		insn_.ea_index = KEMU_EA_NO_REG;
		if (rm == 4) {
			s = next_byte(insn_.sib);
			if (s != Status::Continue)
				return s;
			const u8 index = ((insn_.sib >> 3) & 7) | ((insn_.rex & kRexX) ? 8 : 0);
			if (index != 4) { // rsp cannot be an index; r12 can
				ea += gpr(index) << (insn_.sib >> 6);
				insn_.ea_index = index;
				insn_.ea_scale = insn_.sib >> 6;
			}
			base = insn_.sib & 7;
			if (base == 5 && mod == 0)
				has_base = false; // disp32 instead of a base
		} else if (rm == 5 && mod == 0) {
			has_base = false;
			insn_.rip_relative = is_long(env_);
		}
		// rSP- and rBP-based addresses default to SS; R12 and R13 do not (a
		// non-canonical address through them is #GP, not #SS).
		if (has_base)
			base |= (insn_.rex & kRexB) ? 8 : 0;
		insn_.ea_seg =
		    has_base && (base == KEMU_RSP || base == KEMU_RBP) ? KEMU_SEG_SS : KEMU_SEG_DS;
		if (has_base)
			ea += gpr(base);
		insn_.ea_base = has_base ? base : KEMU_EA_NO_REG;
		u64 disp = 0;
		s = Status::Continue;
		if (mod == 1)
			s = displacement(1, disp);
		else if (mod == 2 || !has_base)
			s = displacement(4, disp);
		insn_.ea = ea + disp;
		return s;
	}

	// (Inline: a call only to choose between the two address sizes cost
	// more than the choice.)
	[[gnu::always_inline]] Status memory_operand()
	{
		insn_.mem_operand = 1;
		const u8 mod = insn_.modrm >> 6, rm = insn_.modrm & 7;
		return insn_.ad_bytes == 2 ? memory16(mod, rm) : memory32(mod, rm);
	}

	Status immediates(const Opcode &o)
	{
		Status s = Status::Continue;
		if (o.stream_operand != 0)
			s = stream_operand(o.ops[o.stream_operand - 1]);
		if (s == Status::Continue && o.has(kImm8Also))
			s = next(1, insn_.imm2);
		return s;
	}

	// The operand that follows ModRM/SIB/displacement in the bytes.
	Status stream_operand(const Operand &op)
	{
		unsigned n;
		u64 v = 0;
		Status s;
		switch (op.loc) {
		case Loc::I:
		case Loc::J:
			n = immediate_bytes(op.width, insn_);
			s = next(n, v);
			insn_.imm_bytes = static_cast<u8>(n);
			// Relative offsets, z and bs immediates are signed; the
			// rest (ports, counts, vectors, imm16 of RET) are not.
			if (op.loc == Loc::J || op.width == Width::z || op.width == Width::bs)
				insn_.imm = sign_extend(v, n);
			else
				insn_.imm = v;
			return s;
		case Loc::A: // offset, then selector
			n = insn_.op_bytes == 2 ? 2 : 4;
			s = next(n, v);
			insn_.imm = v;
			insn_.imm_bytes = static_cast<u8>(n);
			if (s == Status::Continue)
				s = next(2, insn_.imm2);
			return s;
		default: // Loc::O
			insn_.mem_operand = 1;
			insn_.ea_seg = KEMU_SEG_DS;
			insn_.ea_base = insn_.ea_index = KEMU_EA_NO_REG;
			return next(insn_.ad_bytes, insn_.ea);
		}
	}

	// The instruction is complete: its length is where the source stands.
	void finish()
	{
		insn_.length = static_cast<u8>(src_.position());
		if (!insn_.mem_operand)
			return;
		if (insn_.rip_relative)
			insn_.ea += env_.rip + insn_.length;
		insn_.ea = truncate(insn_.ea, insn_.ad_bytes);
		if (insn_.seg_override != kNoSegment)
			insn_.ea_seg = insn_.seg_override;
	}

	// A copy: the mode is read at every step, and through a reference each
	// read after a byte store into the instruction (which may alias it) is
	// two loads.
	const DecodeEnv env_;
	Source &src_;
	kemu_insn &insn_;
	bool registers_only_ = false;
	bool vex_w_ = false; // VEX.W (in every mode; REX.W only in 64-bit mode)
};

// Decode into `insn` (which must be zeroed but for already-known bytes).
// Inline in its callers (one each: kemu_decode and the disassembler).
template <class Source>
[[gnu::always_inline]] inline Status decode_insn(const DecodeEnv &env, Source &src, kemu_insn &insn)
{
	insn.seg_override = kNoSegment;
	return Decoder<Source>(env, src, insn).run();
}

} // namespace kemu::decode
