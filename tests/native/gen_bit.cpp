// Bitops class: BT BTS BTR BTC with a register bit offset (0F A3/AB/B3/BB;
// in memory a signed bit-string offset that can reach far from the
// effective address) and an imm8 (0F BA /4-/7).  Bitscan class: BSF BSR,
// and TZCNT LZCNT POPCNT where CPUID has them.
#include "classes.h"
#include "flag_masks.h"

namespace native {

namespace {

unsigned log2_bits(unsigned bytes)
{
	return bytes == 2 ? 4 : bytes == 4 ? 5 : 6;
}

} // namespace

void gen_bitops(Gen &g)
{
	Rng &r = g.rng;
	static const char *const kNames[4] = {"bt", "bts", "btr", "btc"};
	unsigned k = static_cast<unsigned>(r.below(4));
	const char *name = kNames[k];
	unsigned bytes = g.random_operand_size(false);
	bool by_imm = r.percent(35);
	Rm dst;
	std::string variant = name;
	if (by_imm) {
		g.e.op(0x0f, 0xba);
		g.modrm_digit(4 + k);
		dst = g.rm(bytes);
		g.set_rm(dst, bytes, r.edge(bits_of(bytes)));
		g.imm(1, r.percent(50) ? r.below(bits_of(bytes)) : r.below(256));
		variant += " imm";
	} else {
		static const uint8_t kOps[4] = {0xa3, 0xab, 0xb3, 0xbb};
		g.e.op(0x0f, kOps[k]);
		unsigned offset_reg = g.pick_reg();
		g.modrm_reg(offset_reg);
		g.reserved |= Gen::bit(offset_reg); // holds an offset, not an address
		if (r.percent(60)) {
			// Memory bit string: the operand-sized cell holding the bit is
			// at EA + (offset >> log2(width)) * bytes (offset signed).
			uint64_t offset = r.percent(60) ? static_cast<uint64_t>(r.range(-512, 512))
			                                : r.edge(bits_of(bytes));
			g.set_reg(offset_reg, bytes, offset);
			int64_t soff = static_cast<int64_t>(sext(g.reg(offset_reg, bytes), bytes));
			int64_t cell_index = soff >> log2_bits(bytes);
			uint64_t cell = g.choose_target(bytes);
			uint64_t ea = cell - static_cast<uint64_t>(cell_index) * bytes;
			g.e.has_modrm = true;
			g.e.rm_memory = true;
			g.address(ea);
			g.set_mem(cell, bytes, r.edge(bits_of(bytes)));
			dst.memory = true;
			dst.ea = cell;
			variant += " mem,reg";
		} else {
			dst = g.rm(bytes, 0);
			g.set_rm(dst, bytes, r.edge(bits_of(bytes)));
			g.set_reg(offset_reg, bytes, r.edge(bits_of(bytes)));
			variant += " reg,reg";
		}
	}
	if (k != 0 && dst.memory && r.percent(15)) {
		g.e.prefix(0xf0);
		variant = "lock " + variant;
	}
	g.finish("bitops", variant);
	g.c.flags = flag_use(name);
}

void gen_bitscan(Gen &g)
{
	Rng &r = g.rng;
	struct Kind {
		const char *name;
		uint8_t op;
		bool f3;
		bool available;
	};
	const Kind kinds[] = {{"bsf", 0xbc, false, true},
	                      {"bsr", 0xbd, false, true},
	                      {"tzcnt", 0xbc, true, g.cpu.bmi1},
	                      {"lzcnt", 0xbd, true, g.cpu.lzcnt},
	                      {"popcnt", 0xb8, true, g.cpu.popcnt}};
	const Kind *k;
	do
		k = &kinds[r.below(5)];
	while (!k->available);
	// The mandatory F3 before or after the 66 operand-size prefix.
	bool f3_first = r.coin();
	if (k->f3 && f3_first)
		g.e.prefix(0xf3);
	unsigned bytes = g.random_operand_size(false);
	if (k->f3 && !f3_first)
		g.e.prefix(0xf3);
	g.e.op(0x0f, k->op);
	unsigned dst = g.pick_reg();
	g.modrm_reg(dst);
	Rm src = g.rm(bytes);
	g.set_reg(dst, 8, r.edge(64));
	g.set_rm(src, bytes, r.percent(15) ? 0 : r.edge(bits_of(bytes)));
	g.finish("bitscan", k->name);
	g.c.flags = flag_use(k->name);
	// BSF/BSR of 0: the APM says the destination is unchanged, the SDM
	// says undefined.  Compared on AMD, ignored on Intel.
	if (!k->f3 && g.get_rm(src, bytes) == 0 && !g.cpu.amd) {
		g.c.undefined_regs |= Gen::bit(dst);
		g.c.note = "BSF/BSR source 0: destination undefined (SDM)";
	}
}

} // namespace native
