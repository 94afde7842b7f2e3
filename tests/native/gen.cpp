#include "gen.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace native {

namespace {

// x * inverse(x) == 1 mod 2^64, for odd x (Newton's iteration).
uint64_t odd_inverse(uint64_t x)
{
	uint64_t y = x;
	for (int i = 0; i < 6; i++)
		y *= 2 - x * y;
	return y;
}

} // namespace

Gen::Gen(Rng &r, Case &cs, const CpuInfo &ci, uint64_t insn_address)
    : rng(r), c(cs), cpu(ci), insn_address_(insn_address)
{
	c.mnemonic.clear();
	c.flags = {};
	c.undefined_regs = 0;
	c.note.clear();
	c.max_passes = 4;
	c.landing = 0;
	for (unsigned i = 0; i < 16; i++)
		c.in.gpr[i] = rng.edge_in_register(rng.pick<unsigned>({8, 16, 32, 64}));
	// A stack pointer inside the buffer, with room both ways.
	c.in.gpr[RSP] = kDataBase + 0x100 + (rng.below(kDataSize - 0x200) & ~7ull);
	c.in.rflags = rng.next() & kTestedFlags;
	c.in.rip = insn_address;
	for (unsigned i = 0; i < kDataSize; i += 8) {
		uint64_t v = rng.percent(20) ? rng.edge(64) : rng.next();
		memcpy(c.memory + i, &v, 8);
	}
}

void Gen::operand_size(unsigned bytes)
{
	opsize = bytes;
	if (bytes == 2)
		e.prefix(0x66);
	if (bytes == 8)
		e.rex_w = true;
	rex_mode = bytes == 8 || rng.coin();
	e.rex = rex_mode;
}

unsigned Gen::random_operand_size(bool byte_too)
{
	unsigned b = byte_too ? rng.pick<unsigned>({1, 2, 4, 8}) : rng.pick<unsigned>({2, 4, 8});
	operand_size(b);
	return b;
}

unsigned Gen::pick_reg(bool implicit_ok)
{
	unsigned limit = rex_mode ? 16 : 8;
	for (int tries = 0; tries < 64; tries++) {
		unsigned r = static_cast<unsigned>(rng.below(limit));
		if (implicit_ok || !(reserved & bit(r)))
			return r;
	}
	return 0;
}

int Gen::pick_address_reg(bool index)
{
	unsigned limit = rex_mode ? 16 : 8;
	// Sometimes the address register is also an operand (ADD [RAX], EAX).
	if (rng.percent(15) && operands) {
		for (int tries = 0; tries < 16; tries++) {
			unsigned r = static_cast<unsigned>(rng.below(limit));
			if ((operands & bit(r)) && !(reserved & bit(r)) && !(fixed & bit(r)) &&
			    !(index && r == RSP))
				return static_cast<int>(r);
		}
	}
	for (int tries = 0; tries < 64; tries++) {
		unsigned r = static_cast<unsigned>(rng.below(limit));
		if (reserved & bit(r) || fixed & bit(r) || (index && r == RSP))
			continue;
		// An 8-bit high-byte operand lives in RAX-RBX: its container must not hold an
		// address.
		if (!rex_mode && r < 4 && (operands & bit(r + 4)) && opsize == 1)
			continue;
		return static_cast<int>(r);
	}
	return -1;
}

uint64_t Gen::data_address(unsigned bytes)
{
	uint64_t room = kDataSize - bytes;
	uint64_t a = kDataBase + rng.below(room + 1);
	if (rng.coin())
		a &= ~static_cast<uint64_t>(bytes >= 8 ? 7 : bytes - 1 + (bytes == 0)); // aligned
	if (rng.percent(12)) // across the page boundary inside the buffer
		a = kDataBase + kPage - rng.range(0, bytes);
	return a;
}

uint64_t Gen::choose_target(unsigned bytes)
{
	unsigned r = static_cast<unsigned>(rng.below(100));
	if (r >= fault_percent)
		return data_address(bytes);
	switch (rng.below(4)) {
	case 0:
	case 1: // ends in the upper guard page (or starts there)
		return kDataEnd - rng.range(bytes > 1 ? 1 : 0, bytes - 1) +
		       (rng.percent(25) ? rng.range(0, 64) : 0);
	case 2: // starts in the lower guard page
		return kDataBase - rng.range(1, bytes > 1 ? bytes - 1 : 8);
	default: // non-canonical (64-bit addressing only)
		if (addr32)
			return kDataEnd - 1;
		return data_address(bytes) +
		       rng.pick<uint64_t>({1ull << 47, 1ull << 63, 1ull << 52});
	}
}

uint64_t Gen::rm_memory(unsigned bytes)
{
	e.has_modrm = true;
	e.rm_memory = true;
	uint64_t ea = choose_target(bytes);
	address(ea);
	return ea;
}

void Gen::address(uint64_t ea, bool allow_rip)
{
	MemRef &m = e.mem;
	m = MemRef{};
	uint64_t amask = addr32 ? 0xffffffffull : ~0ull;
	// A disp32 (sign-extended) alone reaches it / RIP + disp32 reaches it.
	auto fits32 = [&](uint64_t v) { return addr32 || v + 0x80000000ull < 0x100000000ull; };
	bool rip_reach = fits32(ea - insn_address_ - 15) && fits32(ea - insn_address_);
	if (allow_rip && rip_reach && rng.percent(10)) {
		m.rip_relative = true;
		m.rip_target = ea;
		return;
	}
	int base = rng.percent(92) ? pick_address_reg(false) : -1;
	int index = rng.percent(40) ? pick_address_reg(true) : -1;
	if (base < 0 && !(fits32(ea + 0x8000) && fits32(ea - 0x8000)))
		base = pick_address_reg(false); // a disp32 cannot reach it
	m.scale = rng.pick<unsigned>({1, 2, 4, 8});
	m.force_sib = rng.percent(5);
	if (index >= 0 && index == base && m.scale == 1)
		index = -1; // base*2 may have no solution; scales 2/4/8 give odd multipliers
	m.base = base;
	m.index = index;

	uint64_t index_value = 0;
	if (base < 0) {
		// No base: [index*scale + disp32], disp32 sign-extended.
		if (index >= 0)
			index_value = static_cast<uint64_t>(rng.range(-0x800, 0x800));
		if (!fits32(ea - index_value * m.scale))
			index_value = 0;
		m.disp = static_cast<int32_t>(ea - index_value * m.scale);
		m.disp_bytes = 4;
	} else {
		m.disp_bytes = rng.pick<unsigned>({0, 1, 4});
		if (m.disp_bytes == 1)
			m.disp = static_cast<int32_t>(rng.range(-128, 127));
		else if (m.disp_bytes == 4)
			m.disp = static_cast<int32_t>(
			    rng.percent(30) ? rng.edge(32) : rng.range(-0x10000, 0x10000));
		uint64_t disp = static_cast<uint64_t>(static_cast<int64_t>(m.disp));
		uint64_t base_value;
		if (index == base) {
			// base * (scale + 1) == ea - disp
			base_value = (ea - disp) * odd_inverse(m.scale + 1);
		} else {
			if (index >= 0)
				index_value =
				    rng.percent(50)
				        ? rng.next()
				        : static_cast<uint64_t>(rng.range(-0x1000, 0x1000));
			base_value = ea - index_value * m.scale - disp;
		}
		if (addr32)
			base_value =
			    (base_value & amask) | (rng.next() & ~amask); // upper half ignored
		c.in.gpr[base] = base_value;
		fixed |= bit(static_cast<unsigned>(base));
	}
	if (index >= 0 && index != base) {
		if (addr32)
			index_value = (index_value & amask) | (rng.next() & ~amask);
		c.in.gpr[index] = index_value;
		fixed |= bit(static_cast<unsigned>(index));
	}
}

Rm Gen::rm(unsigned bytes, unsigned mem_percent)
{
	Rm o;
	if (rng.percent(mem_percent)) {
		o.memory = true;
		o.ea = rm_memory(bytes);
	} else {
		o.reg = pick_reg();
		rm_register(o.reg);
	}
	return o;
}

uint64_t Gen::related(uint64_t v, unsigned bytes)
{
	uint64_t m = mask_of(bytes);
	// clang-format off
	switch (rng.below(8)) {
	case 0: return v;
	case 1: return (v + 1) & m;
	case 2: return (v - 1) & m;
	case 3: return ~v & m;
	case 4: return (0 - v) & m;
	default: return rng.edge(bits_of(bytes));
	}
	// clang-format on
}

void Gen::set_reg(unsigned r, unsigned bytes, uint64_t v)
{
	if (is_high_byte(r, bytes)) {
		if (fixed & bit(r - 4))
			return;
		uint64_t &g = c.in.gpr[r - 4];
		g = (g & ~0xff00ull) | ((v & 0xff) << 8);
		return;
	}
	if (fixed & bit(r))
		return;
	uint64_t m = mask_of(bytes);
	c.in.gpr[r] = (c.in.gpr[r] & ~m) | (v & m);
}

uint64_t Gen::reg(unsigned r, unsigned bytes) const
{
	if (is_high_byte(r, bytes))
		return (c.in.gpr[r - 4] >> 8) & 0xff;
	return c.in.gpr[r] & mask_of(bytes);
}

void Gen::set_mem(uint64_t addr, unsigned bytes, uint64_t v)
{
	for (unsigned i = 0; i < bytes; i++)
		if (in_data(addr + i, 1))
			c.memory[addr + i - kDataBase] = static_cast<uint8_t>(v >> (8 * i));
}

uint64_t Gen::mem(uint64_t addr, unsigned bytes) const
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes; i++)
		if (in_data(addr + i, 1))
			v |= static_cast<uint64_t>(c.memory[addr + i - kDataBase]) << (8 * i);
	return v;
}

void Gen::finish(const char *cls, std::string mnemonic)
{
	c.cls = cls;
	c.mnemonic = std::move(mnemonic);
	Encoder plain = e;
	// Segment overrides other than FS/GS are ignored in 64-bit mode.
	if (rng.percent(8)) {
		uint8_t seg = rng.pick<uint8_t>({0x26, 0x2e, 0x36, 0x3e});
		unsigned at = static_cast<unsigned>(rng.below(e.legacy_count + 1));
		if (e.legacy_count < Encoder::kMaxLegacy) {
			for (unsigned i = e.legacy_count; i > at; i--)
				e.legacy[i] = e.legacy[i - 1];
			e.legacy[at] = seg;
			e.legacy_count++;
		}
	}
	// A REX followed by a legacy prefix is ignored.
	if (e.legacy_count > 0 && rng.percent(3))
		e.stale_rex = static_cast<int>(0x40 + rng.below(16));
	uint8_t bytes[32];
	unsigned len = e.build(bytes, insn_address_);
	if (len > 15) {
		e = plain;
		len = e.build(bytes, insn_address_);
	}
	if (len > 15) {
		fprintf(stderr, "native: %s: the generator built a %u-byte instruction\n", cls,
		        len);
		abort();
	}
	memcpy(c.bytes, bytes, len);
	c.len = len;
}

} // namespace native
