// SPDX-License-Identifier: GPL-2.0
// The disassembler: the decoder run over a byte buffer, and its result
// printed in Intel syntax the way `objdump -M intel` prints it.
#include "decode/decode_core.h"
#include "decode/decoder.h"
#include "text.h"

namespace kemu::decode {

namespace {

// Bytes from a buffer: the 15-byte limit first (#GP), then the end of the
// buffer (the caller gave too few bytes: UNHANDLEABLE).
class BufferSource {
public:
	BufferSource(const u8 *bytes, unsigned len, kemu_disasm &out)
	    : bytes_(bytes), len_(len), out_(out)
	{
	}

	Status next(unsigned n, u64 &value)
	{
		value = 0;
		if (pos_ + n > KEMU_MAX_INSN_LEN)
			return fault(KEMU_GP);
		if (pos_ + n > len_)
			return Status::Unhandleable;
		value = load_le(bytes_ + pos_, n);
		pos_ += n;
		return Status::Continue;
	}

	unsigned position() const { return pos_; }

	Status peek(u64 &value)
	{
		Status s = next(1, value);
		if (s == Status::Continue)
			pos_--;
		return s;
	}

	Status fault(u8 vector)
	{
		out_.vector = vector;
		return Status::PropagateFault;
	}

private:
	const u8 *bytes_;
	unsigned len_;
	unsigned pos_ = 0;
	kemu_disasm &out_;
};

using kemu::Text;

// clang-format off
constexpr const char *kGpr8[16] = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
	"r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};
constexpr const char *kGpr8Legacy[8] = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
constexpr const char *kGpr16[16] = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
	"r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
constexpr const char *kGpr32[16] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	"r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
constexpr const char *kGpr64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
constexpr const char *kSeg[8] = {"es", "cs", "ss", "ds", "fs", "gs", "?", "?"};
constexpr const char *kDigits[16] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
	"11", "12", "13", "14", "15"};
// clang-format on

class Printer {
public:
	Printer(const kemu_insn &insn, const DecodeEnv &env, const Opcode &o, Text &t)
	    : insn_(insn), env_(env), o_(o), t_(t)
	{
	}

	void print(const char *mnemonic)
	{
		prefixes();
		t_ << mnemonic;
		const char *sep = " ";
		for (const Operand &op : o_.ops) {
			if (op.loc == Loc::None)
				break;
			t_ << sep;
			operand(op);
			sep = ",";
		}
		if (o_.has(kImm8Also)) {
			t_ << ",";
			t_.hex(insn_.imm2);
		}
	}

private:
	void prefixes()
	{
		if (insn_.lock_prefix)
			t_ << "lock ";
		if (o_.has(kRep) && insn_.rep_prefix) {
			// CMPS and SCAS test a condition: REPE/REPNE.
			const bool cond =
			    o_.handler == Handler::Cmps || o_.handler == Handler::Scas;
			if (insn_.rep_prefix == 0xf3)
				t_ << (cond ? "repz " : "rep ");
			else
				t_ << (cond ? "repnz " : "repne ");
		}
	}

	unsigned size_of(Width w) const { return width_bytes(w, insn_, is_long(env_)); }

	void gpr(unsigned r, unsigned bytes)
	{
		switch (bytes) {
		case 1:
			t_ << (insn_.rex ? kGpr8[r] : kGpr8Legacy[r & 7]);
			break;
		case 2:
			t_ << kGpr16[r];
			break;
		case 4:
			t_ << kGpr32[r];
			break;
		default:
			t_ << kGpr64[r];
			break;
		}
	}

	void numbered(const char *prefix, unsigned n) { t_ << prefix << kDigits[n & 15]; }

	void size_keyword(unsigned bytes)
	{
		switch (bytes) {
		case 1:
			t_ << "BYTE PTR ";
			break;
		case 2:
			t_ << "WORD PTR ";
			break;
		case 4:
			t_ << "DWORD PTR ";
			break;
		case 6:
			t_ << "FWORD PTR ";
			break;
		case 8:
			t_ << "QWORD PTR ";
			break;
		case 10:
			t_ << "TBYTE PTR ";
			break;
		case 16:
			t_ << "XMMWORD PTR ";
			break;
		case 32:
			t_ << "YMMWORD PTR ";
			break;
		default:
			break;
		}
	}

	void signed_hex(u64 v, bool leading_sign)
	{
		const s64 sv = static_cast<s64>(v);
		if (sv < 0) {
			t_ << "-";
			t_.hex(static_cast<u64>(-sv));
		} else {
			if (leading_sign)
				t_ << "+";
			t_.hex(v);
		}
	}

	const char *const *address_regs() const { return insn_.ad_bytes == 8 ? kGpr64 : kGpr32; }

	void memory(Width w)
	{
		size_keyword(size_of(w));
		if (insn_.seg_override != kNoSegment)
			t_ << kSeg[insn_.seg_override] << ":";
		const u8 mod = insn_.modrm >> 6, rm = insn_.modrm & 7;
		if (insn_.ad_bytes == 2) {
			static constexpr const char *k16[8] = {"bx+si", "bx+di", "bp+si", "bp+di",
			                                       "si",    "di",    "bp",    "bx"};
			if (mod == 0 && rm == 6) {
				if (insn_.seg_override == kNoSegment)
					t_ << "ds:";
				t_.hex(insn_.disp & 0xffff);
				return;
			}
			t_ << "[" << k16[rm];
			if (insn_.disp_bytes)
				signed_hex(insn_.disp, true);
			t_ << "]";
			return;
		}
		if (insn_.rip_relative) {
			t_ << "[" << (insn_.ad_bytes == 8 ? "rip" : "eip");
			signed_hex(insn_.disp, true);
			t_ << "]";
			return;
		}
		const char *const *regs = address_regs();
		bool has_base = true, has_index = false;
		unsigned base = insn_.rm, index = 0;
		if (rm == 4) {
			index = ((insn_.sib >> 3) & 7) | ((insn_.rex & kRexX) ? 8 : 0);
			has_index = index != 4;
			base = (insn_.sib & 7) | ((insn_.rex & kRexB) ? 8 : 0);
			has_base = !((insn_.sib & 7) == 5 && mod == 0);
		} else if (rm == 5 && mod == 0) {
			has_base = false;
		}
		if (!has_base && !has_index) {
			if (insn_.seg_override == kNoSegment)
				t_ << "ds:";
			t_.hex(truncate(insn_.disp, insn_.ad_bytes));
			return;
		}
		t_ << "[";
		if (has_base)
			t_ << regs[base];
		if (has_index) {
			if (has_base)
				t_ << "+";
			t_ << regs[index] << "*" << kDigits[1u << (insn_.sib >> 6)];
		}
		if (insn_.disp_bytes)
			signed_hex(insn_.disp, true);
		t_ << "]";
	}

	void string_operand(Width w, bool source)
	{
		size_keyword(size_of(w));
		const unsigned r = source ? KEMU_RSI : KEMU_RDI;
		const char *name = insn_.ad_bytes == 2   ? kGpr16[r]
		                   : insn_.ad_bytes == 4 ? kGpr32[r]
		                                         : kGpr64[r];
		const u8 seg = source ? (insn_.seg_override != kNoSegment ? insn_.seg_override
		                                                          : u8{KEMU_SEG_DS})
		                      : u8{KEMU_SEG_ES};
		t_ << kSeg[seg] << ":[" << name << "]";
	}

	void immediate(Width w)
	{
		unsigned bytes = size_of(w);
		if (w == Width::bs || w == Width::z)
			bytes = o_.ops[0].loc == Loc::I ? insn_.op_bytes : size_of(o_.ops[0].width);
		t_.hex(truncate(insn_.imm, bytes ? bytes : 8));
	}

	void operand(const Operand &op)
	{
		const bool reg_form = insn_.has_modrm && (insn_.modrm >> 6) == 3;
		const bool xmm_ymm = insn_.vex_l != 0;
		switch (op.loc) {
		case Loc::E:
		case Loc::M:
		case Loc::R:
			if (reg_form || op.loc == Loc::R)
				gpr(insn_.rm,
				    op.width == Width::w_d ? insn_.op_bytes : size_of(op.width));
			else
				memory(op.width);
			break;
		case Loc::G:
			gpr(insn_.reg, size_of(op.width));
			break;
		case Loc::Z:
			gpr(insn_.reg, size_of(op.width));
			break;
		case Loc::Reg:
			gpr(op.reg, size_of(op.width));
			break;
		case Loc::Seg:
			t_ << kSeg[op.reg];
			break;
		case Loc::S:
			t_ << kSeg[(insn_.modrm >> 3) & 7];
			break;
		case Loc::C:
			numbered("cr", insn_.reg);
			break;
		case Loc::D:
			numbered("db", insn_.reg);
			break;
		case Loc::I:
			immediate(op.width);
			break;
		case Loc::J:
			t_.hex(truncate(env_.rip + insn_.length + insn_.imm,
			                is_long(env_) ? 8 : insn_.op_bytes));
			break;
		case Loc::A:
			t_.hex(insn_.imm2);
			t_ << ":";
			t_.hex(insn_.imm);
			break;
		case Loc::O:
			size_keyword(size_of(op.width));
			t_ << kSeg[insn_.seg_override != kNoSegment ? insn_.seg_override
			                                            : u8{KEMU_SEG_DS}]
			   << ":";
			t_.hex(insn_.ea);
			break;
		case Loc::X:
			string_operand(op.width, true);
			break;
		case Loc::Y:
			string_operand(op.width, false);
			break;
		case Loc::P:
			numbered("mm", insn_.reg & 7);
			break;
		case Loc::N:
			numbered("mm", insn_.rm & 7);
			break;
		case Loc::Q:
			if (reg_form)
				numbered("mm", insn_.rm & 7);
			else
				memory(op.width);
			break;
		case Loc::V:
			numbered(xmm_ymm ? "ymm" : "xmm", insn_.reg);
			break;
		case Loc::U:
			numbered(xmm_ymm ? "ymm" : "xmm", insn_.rm);
			break;
		case Loc::W:
			if (reg_form)
				numbered(xmm_ymm ? "ymm" : "xmm", insn_.rm);
			else
				memory(op.width);
			break;
		case Loc::H:
		case Loc::L:
			numbered(xmm_ymm ? "ymm" : "xmm", insn_.vex_vvvv);
			break;
		case Loc::B:
			gpr(insn_.vex_vvvv, size_of(op.width));
			break;
		case Loc::One:
			t_ << "1";
			break;
		case Loc::St0:
			t_ << "st";
			break;
		case Loc::Sti:
			t_ << "st(" << kDigits[insn_.modrm & 7] << ")";
			break;
		case Loc::T:
		case Loc::None:
			break;
		}
	}

	const kemu_insn &insn_;
	const DecodeEnv &env_;
	const Opcode &o_;
	Text &t_;
};

// 90 is NOP unless REX.B makes it XCHG r8; F3 90 is PAUSE.
const char *nop_name(const kemu_insn &insn)
{
	if (insn.opcode_len != 1 || insn.opcode != 0x90 || (insn.rex & kRexB))
		return nullptr;
	if (insn.rep_prefix == 0xf3)
		return "pause";
	return insn.opsize_prefix ? nullptr : "nop";
}

} // namespace

} // namespace kemu::decode

using namespace kemu;
using namespace kemu::decode;

extern "C" int kemu_disassemble(unsigned int mode, const kemu_u8 *bytes, unsigned int len,
                                struct kemu_disasm *out)
{
	*out = {};
	Text text(out->text, sizeof(out->text));
	if (mode > KEMU_MODE_PROT64) {
		text << "invalid mode";
		return KEMU_UNHANDLEABLE;
	}
	static_assert(sizeof(kemu_insn) <= 160, "kemu_insn grew: check kemu_disassemble's frame");
	kemu_insn insn{};
	const DecodeEnv env{static_cast<u8>(mode), nullptr, 0};
	BufferSource src(bytes, len, *out);
	const Status s = decode_insn(env, src, insn);
	if (s == Status::PropagateFault) {
		text << (out->vector == KEMU_UD ? "(bad)" : "(too long)");
		return KEMU_PROPAGATE_FAULT;
	}
	if (s != Status::Continue) {
		text << "(truncated)";
		return static_cast<int>(s);
	}
	if (!insn.vex && lock_misused(insn, opcode_of(insn))) { // the CPU raises #UD
		out->vector = KEMU_UD;
		text << "(bad)";
		return KEMU_PROPAGATE_FAULT;
	}
	out->length = insn.length;
	if (insn.vex) {
		// VEX forms are named after their legacy SSE form, which the decoder found.
		const Opcode *legacy = static_cast<const Opcode *>(insn.entry);
		if (legacy) {
			text << "v";
			Printer(insn, env, *legacy, text).print(legacy->mnemonic);
		} else {
			text << (insn.vex == 0x62 ? "(evex)" : "(vex)");
		}
		return KEMU_CONTINUE;
	}
	const Opcode &o = opcode_of(insn);
	const char *name = nop_name(insn);
	if (name) {
		text << name;
		return KEMU_CONTINUE;
	}
	Printer(insn, env, o, text).print(o.mnemonic);
	return KEMU_CONTINUE;
}
