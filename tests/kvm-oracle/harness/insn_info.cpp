// Prefix and opcode reading for classification.
#include "insn_info.h"

namespace oracle {

bool InsnInfo::has_prefix(uint8_t p) const
{
	switch (p) {
	case 0x66:
		return opsize;
	case 0x67:
		return adsize;
	case 0xf0:
		return lock;
	case 0xf2:
	case 0xf3:
		return rep == p;
	case 0x48: // REX.W, .R, .X, .B
		return rex & 8;
	case 0x44:
		return rex & 4;
	case 0x42:
		return rex & 2;
	case 0x41:
		return rex & 1;
	default:
		return false;
	}
}

unsigned InsnInfo::operand_bytes(int mode) const
{
	if (mode == 4 && (rex & 8))
		return 8;
	bool d32 = mode == 3 || mode == 4;
	return d32 != opsize ? 4 : 2;
}

int InsnInfo::seg_of_prefix(uint8_t b)
{
	switch (b) {
	case 0x26:
		return 0;
	case 0x2e:
		return 1;
	case 0x36:
		return 2;
	case 0x3e:
		return 3;
	case 0x64:
		return 4;
	case 0x65:
		return 5;
	default:
		return -1;
	}
}

InsnInfo parse_insn(const uint8_t *code, unsigned len, int mode)
{
	InsnInfo in;
	unsigned i = 0;
	for (; i < len; i++) {
		uint8_t b = code[i];
		if (b == 0x66)
			in.opsize = true;
		else if (b == 0x67)
			in.adsize = true;
		else if (b == 0xf0)
			in.lock = true;
		else if (b == 0xf2 || b == 0xf3)
			in.rep = b;
		else if (int seg = InsnInfo::seg_of_prefix(b); seg >= 0)
			in.seg_mask = static_cast<uint8_t>(in.seg_mask | 1u << seg),
			in.last_seg = seg;
		else if ((b & 0xf0) == 0x40 && mode == 4) {
			in.rex = b;
			continue;
		} else
			break;
		in.rex = 0;
	}
	if (i < len && code[i] == 0x0f) {
		in.map = 1;
		i++;
		if (i < len && (code[i] == 0x38 || code[i] == 0x3a)) {
			in.map = code[i] == 0x38 ? 2 : 3;
			i++;
		}
	}
	if (i < len)
		in.opcode = code[i++];
	in.modrm_pos = i;
	if (i < len)
		in.modrm = code[i];
	return in;
}

} // namespace oracle
