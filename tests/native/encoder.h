// A small x86-64 encoder for the generators: prefixes, REX, opcode, ModRM,
// SIB, displacement, immediate.  It encodes what it is told; choosing
// operands and their values is the generator's job (gen.h).
#pragma once

#include <cstdint>

namespace native {

// A memory operand as ModRM/SIB spell it.
struct MemRef {
	int base = -1;  // 0-15, or -1: no base (SIB with base 101 and a disp32)
	int index = -1; // 0-15 except 4 (RSP), or -1
	unsigned scale = 1;
	int32_t disp = 0;
	unsigned disp_bytes = 0; // 0, 1 or 4 (rbp/r13 as base without disp get a disp8 of 0)
	bool force_sib = false;  // a SIB byte even where ModRM alone would do
	bool rip_relative = false;
	uint64_t rip_target = 0; // rip_relative: the address the operand must reach
};

struct Encoder {
	static constexpr unsigned kMaxLegacy = 6;
	uint8_t legacy[kMaxLegacy] = {}; // legacy prefixes, in emission order
	unsigned legacy_count = 0;
	int stale_rex = -1; // a REX byte before the legacy prefixes: the CPU ignores it
	bool rex = false;   // emit a REX prefix (0x40 at least)
	bool rex_w = false;
	uint8_t opcode[3] = {};
	unsigned opcode_len = 0;
	int opcode_reg = -1; // register in the opcode's low 3 bits (B8+r, 50+r), bit 3 in REX.B

	bool has_modrm = false;
	unsigned reg = 0; // ModRM.reg (register 0-15 or a /digit)
	bool rm_memory = false;
	unsigned rm_reg = 0; // when !rm_memory
	MemRef mem;          // when rm_memory

	uint64_t imm = 0;
	unsigned imm_bytes = 0;
	uint64_t imm2 = 0; // a second immediate (ENTER's level byte)
	unsigned imm2_bytes = 0;

	void prefix(uint8_t p)
	{
		if (legacy_count < kMaxLegacy)
			legacy[legacy_count++] = p;
	}
	void op(uint8_t a) { opcode[0] = a, opcode_len = 1; }
	void op(uint8_t a, uint8_t b) { opcode[0] = a, opcode[1] = b, opcode_len = 2; }
	void op(uint8_t a, uint8_t b, uint8_t c)
	{
		opcode[0] = a, opcode[1] = b, opcode[2] = c, opcode_len = 3;
	}

	// Writes the instruction at out[0..32); returns its length, which may
	// exceed 15 (the caller drops optional prefixes then).  `address`
	// is where it will execute (for RIP-relative displacements).
	unsigned build(uint8_t *out, uint64_t address) const;
};

} // namespace native
