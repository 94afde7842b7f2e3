// The generators' toolbox: pick operand sizes and registers, place memory
// operands in the data buffer (or, on purpose, in a guard page or at a
// non-canonical address), set operand values, finish the encoding.
//
// Order inside a generator: choose the form and registers, place the memory
// operand (this fixes the address registers' values), then set operand
// values (set_reg leaves address registers alone), then compute the masks
// from the final state.
#pragma once

#include "case.h"
#include "cpu_info.h"
#include "encoder.h"
#include "rng.h"

namespace native {

// A ModRM r/m operand as placed: a register or a memory address.
struct Rm {
	bool memory = false;
	unsigned reg = 0;
	uint64_t ea = 0;
};

class Gen {
public:
	Gen(Rng &rng, Case &c, const CpuInfo &cpu, uint64_t insn_address);

	Rng &rng;
	Case &c;
	const CpuInfo &cpu;
	Encoder e;

	unsigned opsize = 4;   // operand size in bytes
	bool rex_mode = false; // a REX prefix is emitted: r8-r15 and SPL-DIL reachable, no AH-BH
	bool addr32 = false;   // 67 prefix: 32-bit addresses
	uint16_t reserved = 0; // implicit operands: never picked as address registers
	uint16_t operands = 0; // explicit register operands picked so far
	uint16_t fixed = 0;    // registers holding an address: set_reg leaves them
	unsigned fault_percent = 6; // memory operands placed to fault (guard page, non-canonical)

	// Operand size: 1 (byte registers; REX or not at random), 2 (66), 4, 8 (REX.W).
	void operand_size(unsigned bytes);
	// 2, 4 or 8 at random (and 1 when `byte_too`).
	unsigned random_operand_size(bool byte_too);
	void address_size_32() { addr32 = true, e.prefix(0x67); }

	// A register operand of the instruction; may be an implicit one when
	// `implicit_ok` (SHL ECX, CL).  Honours rex_mode (0-7 without REX).
	unsigned pick_reg(bool implicit_ok = true);
	void modrm_reg(unsigned r) { e.has_modrm = true, e.reg = r, operands |= bit(r); }
	void modrm_digit(unsigned d) { e.has_modrm = true, e.reg = d; }
	void rm_register(unsigned r)
	{
		e.has_modrm = true, e.rm_memory = false, e.rm_reg = r, operands |= bit(r);
	}
	// A memory ModRM operand of `bytes` at a chosen address; returns the
	// effective address (64 bits, possibly non-canonical or in a guard page).
	uint64_t rm_memory(unsigned bytes);
	// Encode a memory operand at exactly `ea` (64-bit, or 32-bit with addr32).
	void address(uint64_t ea, bool allow_rip = true);
	// Where a `bytes` access goes: mostly inside the buffer, sometimes across
	// a page inside it, fault_percent into a guard page or non-canonical.
	uint64_t choose_target(unsigned bytes);
	// An address inside the buffer where `bytes` fit.
	uint64_t data_address(unsigned bytes);

	// An r/m operand of `bytes`: memory (mem_percent of the time) or a register.
	Rm rm(unsigned bytes, unsigned mem_percent = 50);
	void set_rm(const Rm &o, unsigned bytes, uint64_t v)
	{
		if (o.memory)
			set_mem(o.ea, bytes, v);
		else
			set_reg(o.reg, bytes, v);
	}
	uint64_t get_rm(const Rm &o, unsigned bytes) const
	{
		return o.memory ? mem(o.ea, bytes) : reg(o.reg, bytes);
	}
	// A second value related to `v` now and then (equal, off by one, negated),
	// so results hit zero, carries and borrows more often than at random.
	uint64_t related(uint64_t v, unsigned bytes);

	// Register values with x86's partial-register view (AH-BH without REX).
	void set_reg(unsigned r, unsigned bytes, uint64_t v);
	uint64_t reg(unsigned r, unsigned bytes) const;
	bool is_high_byte(unsigned r, unsigned bytes) const
	{
		return bytes == 1 && !rex_mode && r >= 4 && r < 8;
	}
	// Memory values (ignored outside the buffer).
	void set_mem(uint64_t addr, unsigned bytes, uint64_t v);
	uint64_t mem(uint64_t addr, unsigned bytes) const;

	// An immediate operand of `bytes` (the generator picks its value).
	void imm(unsigned bytes, uint64_t v) { e.imm = v, e.imm_bytes = bytes; }

	// Build the bytes, with random harmless prefixes (ignored segment
	// overrides, a REX the CPU ignores) on some cases.
	void finish(const char *cls, std::string mnemonic);

	static uint16_t bit(unsigned r) { return static_cast<uint16_t>(1u << r); }

private:
	uint64_t insn_address_;
	int pick_address_reg(bool index);
};

// Operand-size helpers.
inline unsigned bits_of(unsigned bytes)
{
	return bytes * 8;
}
inline uint64_t mask_of(unsigned bytes)
{
	return bytes >= 8 ? ~0ull : (1ull << (bytes * 8)) - 1;
}
inline uint64_t sext(uint64_t v, unsigned bytes)
{
	unsigned s = 64 - bytes * 8;
	return bytes >= 8 ? v : static_cast<uint64_t>(static_cast<int64_t>(v << s) >> s);
}

} // namespace native
