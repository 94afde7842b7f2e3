// Muldiv class: MUL IMUL DIV IDIV (F6/F7 /4-/7, implicit rAX/rDX), IMUL Gv,Ev
// (0F AF), IMUL Gv,Ev,Iz (69) and Gv,Ev,Ib (6B).  Dividends are mostly
// chosen so the quotient fits; the rest (and divisor 0) raise #DE.
#include "classes.h"
#include "flag_masks.h"

namespace native {

namespace {

// Set the dividend (AX, DX:AX, EDX:EAX, RDX:RAX) for `divisor`.
void set_dividend(Gen &g, unsigned bytes, bool is_signed, uint64_t divisor)
{
	Rng &r = g.rng;
	unsigned bits = bits_of(bytes);
	uint64_t low = r.edge(bits);
	uint64_t high;
	unsigned pick = static_cast<unsigned>(r.below(10));
	if (pick < 6) {
		// Fits: unsigned high < divisor; signed: high is low's sign.
		if (is_signed)
			high = (low >> (bits - 1)) & 1 ? mask_of(bytes) : 0;
		else
			high = divisor ? r.below(divisor) : 0;
	} else if (pick < 8) {
		high = r.edge(bits); // usually overflows: #DE
	} else {
		high = 0;
	}
	if (bytes == 1) {
		g.set_reg(RAX, 2, (high << 8) | low); // AX
	} else {
		g.set_reg(RAX, bytes, low);
		g.set_reg(RDX, bytes, high);
	}
}

} // namespace

void gen_muldiv(Gen &g)
{
	Rng &r = g.rng;
	unsigned form = static_cast<unsigned>(r.below(7));
	if (form <= 3) { // F6/F7 /4 MUL, /5 IMUL, /6 DIV, /7 IDIV
		static const char *const kNames[4] = {"mul", "imul", "div", "idiv"};
		const char *name = kNames[form];
		g.reserved |= Gen::bit(RAX) | Gen::bit(RDX);
		unsigned bytes = g.random_operand_size(true);
		g.e.op(bytes == 1 ? 0xf6 : 0xf7);
		g.modrm_digit(4 + form);
		Rm rm = g.rm(bytes);
		uint64_t src = r.edge(bits_of(bytes));
		if (form >= 2 && src == 0 && r.percent(70))
			src = r.range(1, 9); // #DE on a zero divisor, but not too often
		g.set_rm(rm, bytes, src);
		src = g.get_rm(rm, bytes); // an operand register may alias rAX/rDX
		if (form >= 2)
			set_dividend(g, bytes, form == 3, src);
		else
			g.set_reg(RAX, bytes, g.related(src, bytes));
		g.finish("muldiv", std::string(name) + (bytes == 1 ? " 8" : ""));
		g.c.flags = flag_use(name);
		return;
	}
	// IMUL Gv, Ev[, imm]
	unsigned bytes = g.random_operand_size(false);
	unsigned dst = g.pick_reg();
	const char *variant;
	if (form == 4) {
		g.e.op(0x0f, 0xaf);
		variant = "imul 2-op";
	} else if (form == 5) {
		g.e.op(0x69);
		variant = "imul 3-op iz";
	} else {
		g.e.op(0x6b);
		variant = "imul 3-op ib";
	}
	g.modrm_reg(dst);
	Rm rm = g.rm(bytes);
	uint64_t a = r.edge(bits_of(bytes));
	g.set_rm(rm, bytes, a);
	g.set_reg(dst, bytes, g.related(a, bytes));
	if (form == 5)
		g.imm(bytes == 2 ? 2 : 4, r.edge(bytes == 2 ? 16 : 32));
	else if (form == 6)
		g.imm(1, r.edge(8));
	g.finish("muldiv", variant);
	g.c.flags = flag_use("imul");
}

} // namespace native
