#include "encoder.h"

#include <cstring>

namespace native {

namespace {

uint8_t modrm_byte(unsigned mod, unsigned reg, unsigned rm)
{
	return static_cast<uint8_t>((mod << 6) | ((reg & 7) << 3) | (rm & 7));
}

unsigned scale_bits(unsigned scale)
{
	return scale == 8 ? 3 : scale == 4 ? 2 : scale == 2 ? 1 : 0;
}

} // namespace

unsigned Encoder::build(uint8_t *out, uint64_t address) const
{
	unsigned n = 0;
	if (stale_rex >= 0)
		out[n++] = static_cast<uint8_t>(stale_rex);
	for (unsigned i = 0; i < legacy_count; i++)
		out[n++] = legacy[i];

	// REX.R/X/B from the registers that need them.
	unsigned r = has_modrm && (reg & 8) ? 4 : 0;
	unsigned x = 0, b = 0;
	if (opcode_reg >= 0 && (opcode_reg & 8))
		b = 1;
	if (has_modrm) {
		if (!rm_memory)
			b = (rm_reg & 8) ? 1 : 0;
		else if (!mem.rip_relative) {
			if (mem.base >= 0 && (mem.base & 8))
				b = 1;
			if (mem.index >= 0 && (mem.index & 8))
				x = 2;
		}
	}
	uint8_t rex_byte = static_cast<uint8_t>(0x40 | (rex_w ? 8 : 0) | r | x | b);
	if (rex || rex_byte != 0x40)
		out[n++] = rex_byte;

	for (unsigned i = 0; i < opcode_len; i++)
		out[n++] = opcode[i];
	if (opcode_reg >= 0)
		out[n - 1] = static_cast<uint8_t>(out[n - 1] | (opcode_reg & 7));

	int disp_at = -1;
	unsigned disp_bytes = 0;
	if (has_modrm) {
		if (!rm_memory) {
			out[n++] = modrm_byte(3, reg, rm_reg);
		} else if (mem.rip_relative) {
			out[n++] = modrm_byte(0, reg, 5);
			disp_at = static_cast<int>(n);
			disp_bytes = 4;
		} else if (mem.base < 0) {
			out[n++] = modrm_byte(0, reg, 4);
			unsigned idx = mem.index < 0 ? 4 : static_cast<unsigned>(mem.index);
			out[n++] = static_cast<uint8_t>((scale_bits(mem.scale) << 6) |
			                                ((idx & 7) << 3) | 5);
			disp_at = static_cast<int>(n);
			disp_bytes = 4;
		} else {
			disp_bytes = mem.disp_bytes;
			if (disp_bytes == 0 && (mem.base & 7) == 5)
				disp_bytes = 1; // mod 00 with rbp/r13 would mean RIP/disp32
			unsigned mod = disp_bytes == 0 ? 0 : disp_bytes == 1 ? 1 : 2;
			bool sib = mem.index >= 0 || (mem.base & 7) == 4 || mem.force_sib;
			if (sib) {
				unsigned idx = mem.index < 0 ? 4 : static_cast<unsigned>(mem.index);
				out[n++] = modrm_byte(mod, reg, 4);
				out[n++] = static_cast<uint8_t>((scale_bits(mem.scale) << 6) |
				                                ((idx & 7) << 3) | (mem.base & 7));
			} else {
				out[n++] = modrm_byte(mod, reg, mem.base);
			}
			if (disp_bytes)
				disp_at = static_cast<int>(n);
		}
		n += disp_bytes;
		if (disp_at >= 0) {
			int32_t d = mem.disp;
			memcpy(out + disp_at, &d, disp_bytes); // disp8: the low byte
		}
	}
	for (unsigned i = 0; i < imm_bytes; i++)
		out[n++] = static_cast<uint8_t>(imm >> (8 * i));
	for (unsigned i = 0; i < imm2_bytes; i++)
		out[n++] = static_cast<uint8_t>(imm2 >> (8 * i));
	if (has_modrm && rm_memory && mem.rip_relative) {
		int64_t d = static_cast<int64_t>(mem.rip_target - (address + n));
		int32_t d32 = static_cast<int32_t>(d);
		memcpy(out + disp_at, &d32, 4);
	}
	return n;
}

} // namespace native
