// ALU class: ADD OR ADC SBB AND SUB XOR CMP TEST in every encoding, ADCX and
// ADOX where the CPU has them, and the unary class: INC DEC NOT NEG.
#include "classes.h"
#include "flag_masks.h"

namespace native {

namespace {

const char *const kAluNames[8] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};

// Iz: 16 bits with a 16-bit operand, else 32 (sign-extended for 64).
unsigned iz_bytes(unsigned opsize)
{
	return opsize == 2 ? 2 : 4;
}

// An immediate whose sign-extended value is an edge value of the operand.
uint64_t imm_value(Gen &g, unsigned imm_bytes)
{
	return g.rng.edge(bits_of(imm_bytes));
}

// LOCK on a memory destination is valid; on a register, or on CMP/TEST, #UD.
std::string maybe_lock(Gen &g, const Rm &dst, bool lockable, const char *name)
{
	bool lock = dst.memory && lockable ? g.rng.percent(15) : g.rng.percent(2);
	if (!lock)
		return name;
	g.e.prefix(0xf0);
	return std::string("lock ") + name;
}

// ADCX Gy,Ey (66 0F 38 F6) and ADOX Gy,Ey (F3 0F 38 F6): 32 bits, 64 with
// REX.W; the carry in and out is CF or OF alone.
void gen_adx(Gen &g)
{
	Rng &r = g.rng;
	bool adox = r.coin();
	g.e.prefix(adox ? 0xf3 : 0x66);
	unsigned bytes = r.coin() ? 8 : 4;
	g.operand_size(bytes);
	g.e.op(0x0f, 0x38, 0xf6);
	unsigned dst = g.pick_reg();
	g.modrm_reg(dst);
	Rm src = g.rm(bytes);
	uint64_t a = r.edge(bits_of(bytes));
	g.set_reg(dst, 8, r.edge(64));
	g.set_reg(dst, bytes, a);
	g.set_rm(src, bytes, g.related(a, bytes));
	const char *name = adox ? "adox" : "adcx";
	g.finish("alu", name);
	g.c.flags = flag_use(name);
}

} // namespace

void gen_alu(Gen &g)
{
	Rng &r = g.rng;
	if (g.cpu.adx && r.percent(5)) {
		gen_adx(g);
		return;
	}
	unsigned form = static_cast<unsigned>(r.below(18));
	unsigned k = static_cast<unsigned>(r.below(8));
	const char *name = kAluNames[k];
	uint8_t base = static_cast<uint8_t>(k * 8);
	std::string mnemonic = name;
	unsigned bytes;

	if (form <= 3) { // 00-03 + 8k: Eb,Gb / Ev,Gv / Gb,Eb / Gv,Ev
		bool byte_form = form % 2 == 0;
		bool rm_is_dest = form < 2;
		bytes = byte_form ? (g.operand_size(1), 1u) : g.random_operand_size(false);
		g.e.op(static_cast<uint8_t>(base + form));
		unsigned reg = g.pick_reg();
		g.modrm_reg(reg);
		Rm rm = g.rm(bytes);
		uint64_t a = r.edge(bits_of(bytes));
		g.set_rm(rm, bytes, a);
		g.set_reg(reg, bytes, g.related(a, bytes));
		if (rm_is_dest)
			mnemonic = maybe_lock(g, rm, k != 7, name);
		else if (r.percent(2)) // LOCK with a register destination: #UD
			g.e.prefix(0xf0), mnemonic = std::string("lock ") + name;
	} else if (form <= 5) { // 04/05 + 8k: AL,Ib / eAX,Iz
		bytes = form == 4 ? (g.operand_size(1), 1u) : g.random_operand_size(false);
		g.e.op(static_cast<uint8_t>(base + form));
		unsigned ib = bytes == 1 ? 1 : iz_bytes(bytes);
		g.imm(ib, imm_value(g, ib));
		g.set_reg(RAX, bytes, g.related(sext(g.e.imm, ib), bytes));
	} else if (form <= 11) { // 80 /k Eb,Ib; 81 /k Ev,Iz; 83 /k Ev,Ib
		unsigned which = form % 3;
		bytes = which == 0 ? (g.operand_size(1), 1u) : g.random_operand_size(false);
		g.e.op(static_cast<uint8_t>(0x80 + (which == 0 ? 0 : which == 1 ? 1 : 3)));
		g.modrm_digit(k);
		Rm rm = g.rm(bytes);
		unsigned ib = which == 1 ? iz_bytes(bytes) : 1;
		g.imm(ib, imm_value(g, ib));
		g.set_rm(rm, bytes, g.related(sext(g.e.imm, ib), bytes));
		mnemonic = maybe_lock(g, rm, k != 7, name);
	} else if (form <= 16) { // TEST: 84 Eb,Gb; 85 Ev,Gv; A8 AL,Ib; A9 eAX,Iz; F6/F7 /0 (/1)
		name = "test";
		mnemonic = name;
		unsigned which = form - 12;
		bool byte_form = which == 0 || which == 2 || (which == 4 && r.coin());
		bytes = byte_form ? (g.operand_size(1), 1u) : g.random_operand_size(false);
		if (which <= 1) {
			g.e.op(byte_form ? 0x84 : 0x85);
			unsigned reg = g.pick_reg();
			g.modrm_reg(reg);
			Rm rm = g.rm(bytes);
			uint64_t a = r.edge(bits_of(bytes));
			g.set_rm(rm, bytes, a);
			g.set_reg(reg, bytes, g.related(a, bytes));
			mnemonic = maybe_lock(g, rm, false, name);
		} else if (which <= 3) {
			g.e.op(byte_form ? 0xa8 : 0xa9);
			unsigned ib = bytes == 1 ? 1 : iz_bytes(bytes);
			g.imm(ib, imm_value(g, ib));
			g.set_reg(RAX, bytes, g.related(sext(g.e.imm, ib), bytes));
		} else {
			g.e.op(byte_form ? 0xf6 : 0xf7);
			g.modrm_digit(r.percent(85) ? 0 : 1); // F6/F7 /1 is an alias of /0
			Rm rm = g.rm(bytes);
			unsigned ib = bytes == 1 ? 1 : iz_bytes(bytes);
			g.imm(ib, imm_value(g, ib));
			g.set_rm(rm, bytes, g.related(sext(g.e.imm, ib), bytes));
		}
	} else { // 82 /k Eb,Ib: an alias of 80 outside 64-bit mode, #UD in it
		bytes = 1;
		g.operand_size(1);
		g.e.op(0x82);
		g.modrm_digit(k);
		g.rm(1);
		g.imm(1, r.edge(8));
		mnemonic = std::string(name) + " (82, #UD)";
	}
	g.finish("alu", mnemonic);
	g.c.flags = flag_use(name);
}

void gen_unary(Gen &g)
{
	Rng &r = g.rng;
	static const struct {
		const char *name;
		uint8_t byte_op, op, digit;
	} kForms[] = {{"inc", 0xfe, 0xff, 0},
	              {"dec", 0xfe, 0xff, 1},
	              {"not", 0xf6, 0xf7, 2},
	              {"neg", 0xf6, 0xf7, 3}};
	const auto &f = kForms[r.below(4)];
	unsigned bytes = g.random_operand_size(true);
	g.e.op(bytes == 1 ? f.byte_op : f.op);
	g.modrm_digit(f.digit);
	Rm rm = g.rm(bytes);
	g.set_rm(rm, bytes, r.edge(bits_of(bytes)));
	std::string mnemonic = maybe_lock(g, rm, true, f.name);
	g.finish("unary", mnemonic);
	g.c.flags = flag_use(f.name);
}

} // namespace native
