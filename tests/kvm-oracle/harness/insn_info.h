// A minimal reading of an instruction's encoding: prefixes, opcode map,
// opcode and ModRM byte, following the prefix rules of KVM's decoder (a
// legacy prefix after REX cancels it).  Enough to name undefined flags and
// to select deviations; the emulators do the real decoding.
#pragma once

#include <cstdint>

namespace oracle {

struct InsnInfo {
	bool opsize = false, adsize = false, lock = false;
	uint8_t rep = 0; // last F2/F3
	uint8_t rex = 0;
	uint8_t seg_mask = 0; // segment prefixes seen, bit per kemu_seg (ES=0 ... GS=5)
	int last_seg = -1;    // the last segment prefix, or -1
	int map = 0;          // 0: one-byte, 1: 0F, 2: 0F38, 3: 0F3A
	uint8_t opcode = 0;
	uint8_t modrm = 0; // the byte after the opcode (meaningful when the opcode has one)
	unsigned modrm_pos = 0;

	unsigned reg() const { return (modrm >> 3) & 7; }
	bool mem() const { return (modrm >> 6) != 3; }
	bool has_prefix(uint8_t p) const;
	// segment register number of a segment-override prefix byte, or -1
	static int seg_of_prefix(uint8_t b);
	// operand size in bytes for an instruction with the default size rules
	unsigned operand_bytes(int mode) const;
};

// mode: enum kemu_mode
InsnInfo parse_insn(const uint8_t *code, unsigned len, int mode);

} // namespace oracle
