// Shift class: ROL ROR RCL RCR SHL SHR SAL SAR by 1 (D0/D1), CL (D2/D3) and
// imm8 (C0/C1); shiftd class: SHLD SHRD by imm8 and CL.
#include "classes.h"
#include "flag_masks.h"

namespace native {

namespace {

// A count biased to the boundaries: 0, 1, width-1, width, width+1, the
// 5/6-bit mask edges and beyond (the CPU masks the count).
uint64_t edge_count(Rng &r, unsigned width)
{
	// clang-format off
	switch (r.below(8)) {
	case 0: return r.pick<uint64_t>({0, 1, 2});
	case 1: return width - 1;
	case 2: return width + r.range(0, 1);
	case 3: return r.pick<uint64_t>({31, 32, 33, 63, 64, 65});
	case 4: return r.pick<uint64_t>({9, 16, 17, 18, 0x80, 0xff, 0xe0, 0xe1});
	default: return r.below(256);
	}
	// clang-format on
}

unsigned count_mask(unsigned opsize)
{
	return opsize == 8 ? 0x3f : 0x1f;
}

} // namespace

void gen_shift(Gen &g)
{
	Rng &r = g.rng;
	static const char *const kNames[8] = {"rol", "ror", "rcl", "rcr",
	                                      "shl", "shr", "sal", "sar"};
	unsigned digit = static_cast<unsigned>(r.below(8));
	unsigned how = static_cast<unsigned>(r.below(3)); // 0: by 1, 1: by CL, 2: by imm8
	if (how == 1)
		g.reserved |= Gen::bit(RCX);
	unsigned bytes = g.random_operand_size(true);
	uint8_t op = how == 0 ? 0xd0 : how == 1 ? 0xd2 : 0xc0;
	g.e.op(static_cast<uint8_t>(op + (bytes == 1 ? 0 : 1)));
	g.modrm_digit(digit);
	Rm rm = g.rm(bytes);
	g.set_rm(rm, bytes, r.edge(bits_of(bytes)));
	uint64_t count = 1;
	if (how == 1) {
		g.set_reg(RCX, 1, edge_count(r, bits_of(bytes)));
		count = g.c.in.gpr[RCX] & 0xff; // SHL CL, CL: the operand is the count
	} else if (how == 2) {
		count = edge_count(r, bits_of(bytes));
		g.imm(1, count);
	}
	const char *name = kNames[digit];
	g.finish("shift", std::string(name) + (how == 0 ? " 1" : how == 1 ? " cl" : " imm"));
	FlagInputs in;
	in.width = bits_of(bytes);
	in.count = static_cast<unsigned>(count & count_mask(bytes));
	g.c.flags = flag_use(name, in);
}

void gen_shiftd(Gen &g)
{
	Rng &r = g.rng;
	bool left = r.coin();
	bool by_cl = r.coin();
	const char *name = left ? "shld" : "shrd";
	if (by_cl)
		g.reserved |= Gen::bit(RCX);
	unsigned bytes = g.random_operand_size(false);
	g.e.op(0x0f, static_cast<uint8_t>((left ? 0xa4 : 0xac) + (by_cl ? 1 : 0)));
	unsigned src = g.pick_reg();
	g.modrm_reg(src);
	Rm rm = g.rm(bytes);
	g.set_rm(rm, bytes, r.edge(bits_of(bytes)));
	g.set_reg(src, bytes, r.edge(bits_of(bytes)));
	uint64_t count = edge_count(r, bits_of(bytes));
	// A 16-bit count above 16 leaves the result undefined (SDM SHLD/SHRD):
	// keep counts that define it.
	if (bytes == 2 && (count & 0x1f) > 16)
		count = r.range(0, 16) | (count & 0xe0);
	if (by_cl) {
		g.set_reg(RCX, 1, count);
		count = g.c.in.gpr[RCX] & 0xff;
	} else {
		g.imm(1, count);
	}
	g.finish("shiftd", std::string(name) + (by_cl ? " cl" : " imm"));
	FlagInputs in;
	in.width = bits_of(bytes);
	in.count = static_cast<unsigned>(count & count_mask(bytes));
	g.c.flags = flag_use(name, in);
}

} // namespace native
