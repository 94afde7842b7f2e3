// The SDM's "undefined" flag rules for the instructions KVM emulates.
#include "undefined_flags.h"

#include "insn_info.h"

namespace oracle {

namespace {

constexpr uint64_t CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
constexpr uint64_t kArith = CF | PF | AF | ZF | SF | OF;

// Shifts and rotates (group 2): the count decides.
UndefinedFlags shift_rule(const InsnInfo &in, unsigned count, unsigned bits)
{
	UndefinedFlags u;
	unsigned masked = count & (bits == 64 ? 0x3f : 0x1f);
	if (masked == 0)
		return u; // flags unaffected
	unsigned op = in.reg();
	if (op <= 3) { // ROL ROR RCL RCR: OF defined only for 1-bit rotates
		if (masked > 1)
			u.mask = OF, u.why = "rotate count > 1: OF";
		return u;
	}
	u.mask = AF;
	u.why = "shift: AF";
	if (masked > 1)
		u.mask |= OF, u.why = "shift count > 1: AF OF";
	if (masked >= bits && op != 7) // SHL/SHR past the width: CF too
		u.mask |= CF, u.why = "shift count >= width: AF OF CF";
	return u;
}

// SHLD/SHRD: beyond the operand width the result is undefined as well.
UndefinedFlags double_shift_rule(unsigned count, unsigned bits)
{
	UndefinedFlags u;
	unsigned masked = count & (bits == 64 ? 0x3f : 0x1f);
	if (masked == 0)
		return u;
	u.mask = AF;
	u.why = "shld/shrd: AF";
	if (masked > 1)
		u.mask |= OF, u.why = "shld/shrd count > 1: AF OF";
	if (masked > bits)
		u.mask = kArith, u.result_undefined = true, u.why = "shld/shrd count > width";
	return u;
}

UndefinedFlags flags(uint64_t mask, const char *why)
{
	UndefinedFlags u;
	u.mask = mask;
	u.why = why;
	return u;
}

} // namespace

UndefinedFlags undefined_flags(const TestCase &tc, unsigned insn_len)
{
	const InsnInfo in = parse_insn(tc.code, sizeof(tc.code), tc.mode);
	const unsigned bits = 8 * in.operand_bytes(tc.mode);
	const uint8_t imm8 = insn_len ? tc.code[insn_len - 1] : 0;
	const unsigned cl = static_cast<unsigned>(tc.cpu.gpr[1] & 0xff);

	if (in.map == 0) {
		switch (in.opcode) {
		case 0x08:
		case 0x09:
		case 0x0a:
		case 0x0b:
		case 0x0c:
		case 0x0d:
		case 0x20:
		case 0x21:
		case 0x22:
		case 0x23:
		case 0x24:
		case 0x25:
		case 0x30:
		case 0x31:
		case 0x32:
		case 0x33:
		case 0x34:
		case 0x35:
		case 0x84:
		case 0x85:
		case 0xa8:
		case 0xa9:
			return flags(AF, "logical: AF");
		case 0x80:
		case 0x81:
		case 0x82:
		case 0x83:
			if (in.reg() == 1 || in.reg() == 4 || in.reg() == 6)
				return flags(AF, "logical: AF");
			break;
		case 0xf6:
		case 0xf7:
			if (in.reg() <= 1)
				return flags(AF, "test: AF");
			if (in.reg() == 4 || in.reg() == 5)
				return flags(SF | ZF | AF | PF, "mul/imul: SF ZF AF PF");
			if (in.reg() >= 6)
				return flags(kArith, "div/idiv: all");
			break;
		case 0x69:
		case 0x6b:
			return flags(SF | ZF | AF | PF, "imul: SF ZF AF PF");
		case 0xd0:
		case 0xd1:
			return shift_rule(in, 1, in.opcode == 0xd0 ? 8 : bits);
		case 0xd2:
		case 0xd3:
			return shift_rule(in, cl, in.opcode == 0xd2 ? 8 : bits);
		case 0xc0:
		case 0xc1:
			if (insn_len)
				return shift_rule(in, imm8, in.opcode == 0xc0 ? 8 : bits);
			break;
		case 0x27:
		case 0x2f:
			return flags(OF, "daa/das: OF");
		case 0x37:
		case 0x3f:
			return flags(OF | SF | ZF | PF, "aaa/aas: OF SF ZF PF");
		case 0xd4:
		case 0xd5:
			return flags(OF | AF | CF, "aam/aad: OF AF CF");
		}
	} else if (in.map == 1) {
		switch (in.opcode) {
		case 0xaf:
			return flags(SF | ZF | AF | PF, "imul: SF ZF AF PF");
		case 0xa3:
		case 0xab:
		case 0xb3:
		case 0xbb:
			return flags(OF | SF | AF | PF, "bt*: OF SF AF PF");
		case 0xba:
			if (in.reg() >= 4)
				return flags(OF | SF | AF | PF, "bt*: OF SF AF PF");
			break;
		case 0xbc:
		case 0xbd:
			return flags(CF | OF | SF | AF | PF, "bsf/bsr: CF OF SF AF PF");
		case 0xa4:
		case 0xac:
			if (insn_len)
				return double_shift_rule(imm8, bits);
			break;
		case 0xa5:
		case 0xad:
			return double_shift_rule(cl, bits);
		}
	}
	return {};
}

} // namespace oracle
