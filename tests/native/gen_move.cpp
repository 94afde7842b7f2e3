// Data movement: mov, movx, cmov, setcc, xchg, bswap, convert, lea classes.
#include "classes.h"
#include "flag_masks.h"

namespace native {

namespace {

const char *const kConditions[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                     "s", "ns", "p", "np", "l", "ge", "le", "g"};

// moffs for A0-A3: 8 bytes, or 4 with the 67 prefix.
void moffs(Gen &g, unsigned bytes)
{
	if (g.rng.percent(20))
		g.address_size_32();
	uint64_t target = g.choose_target(bytes);
	g.e.imm = target;
	g.e.imm_bytes = g.addr32 ? 4 : 8;
}

} // namespace

void gen_mov(Gen &g)
{
	Rng &r = g.rng;
	unsigned form = static_cast<unsigned>(r.below(12));
	bool byte_form =
	    form == 0 || form == 2 || form == 4 || form == 6 || form == 8 || form == 10;
	unsigned bytes = byte_form ? (g.operand_size(1), 1u) : g.random_operand_size(false);
	const char *variant = "mov";
	if (form <= 3) { // 88-8B
		g.e.op(static_cast<uint8_t>(0x88 + form));
		unsigned reg = g.pick_reg();
		g.modrm_reg(reg);
		Rm rm = g.rm(bytes);
		g.set_rm(rm, bytes, r.edge(bits_of(bytes)));
		g.set_reg(reg, bytes, r.edge(bits_of(bytes)));
		variant = form < 2 ? "mov r/m,r" : "mov r,r/m";
	} else if (form <= 5) { // C6/C7 /0
		g.e.op(byte_form ? 0xc6 : 0xc7);
		g.modrm_digit(0);
		Rm rm = g.rm(bytes);
		g.set_rm(rm, bytes, r.edge(bits_of(bytes)));
		unsigned ib = bytes == 1 ? 1 : bytes == 2 ? 2 : 4;
		g.imm(ib, r.edge(bits_of(ib)));
		variant = "mov r/m,imm";
	} else if (form <= 7) { // B0+r Ib, B8+r Iv (imm64 with REX.W)
		g.e.op(byte_form ? 0xb0 : 0xb8);
		g.e.opcode_reg = static_cast<int>(g.pick_reg());
		g.imm(bytes, r.edge(bits_of(bytes)));
		variant = bytes == 8 ? "mov r,imm64" : "mov r,imm";
	} else { // A0-A3: AL/rAX <-> moffs
		g.e.op(static_cast<uint8_t>(0xa0 + (form - 8)));
		g.set_reg(RAX, 8, r.edge(64));
		moffs(g, bytes);
		g.set_mem(g.e.imm, bytes, r.edge(bits_of(bytes)));
		variant = "mov moffs";
	}
	g.finish("mov", variant);
	g.c.flags = flag_use("mov");
}

void gen_movx(Gen &g)
{
	Rng &r = g.rng;
	unsigned form = static_cast<unsigned>(r.below(5));
	const char *name;
	unsigned src_bytes, bytes;
	if (form < 4) { // 0F B6 movzx Gv,Eb; B7 Gv,Ew; BE movsx Gv,Eb; BF Gv,Ew
		static const uint8_t kOps[4] = {0xb6, 0xb7, 0xbe, 0xbf};
		name = form < 2 ? "movzx" : "movsx";
		src_bytes = form % 2 == 0 ? 1 : 2;
		bytes = g.random_operand_size(false);
		g.e.op(0x0f, kOps[form]);
	} else { // 63 movsxd Gv,Ed: REX.W sign-extends, 32-bit is a plain move
		name = "movsxd";
		src_bytes = 4;
		bytes = r.percent(80) ? 8 : 4;
		g.operand_size(bytes);
		g.e.op(0x63);
	}
	unsigned dst = g.pick_reg();
	g.modrm_reg(dst);
	Rm src = g.rm(src_bytes);
	g.set_reg(dst, 8, r.edge(64));
	g.set_rm(src, src_bytes, r.edge(bits_of(src_bytes)));
	g.finish("movx", std::string(name) + (src_bytes == 1   ? " r,r/m8"
	                                      : src_bytes == 2 ? " r,r/m16"
	                                                       : " r,r/m32"));
	g.c.flags = flag_use(name);
}

void gen_cmov(Gen &g)
{
	Rng &r = g.rng;
	unsigned cc = static_cast<unsigned>(r.below(16));
	unsigned bytes = g.random_operand_size(false);
	g.e.op(0x0f, static_cast<uint8_t>(0x40 + cc));
	unsigned dst = g.pick_reg();
	g.modrm_reg(dst);
	Rm src = g.rm(bytes);
	g.set_reg(dst, 8, r.edge(64));
	g.set_rm(src, bytes, r.edge(bits_of(bytes)));
	g.finish("cmov", std::string("cmov") + kConditions[cc]);
	g.c.flags = flag_use("cmov");
}

void gen_setcc(Gen &g)
{
	Rng &r = g.rng;
	unsigned cc = static_cast<unsigned>(r.below(16));
	g.operand_size(1);
	g.e.op(0x0f, static_cast<uint8_t>(0x90 + cc));
	g.modrm_digit(r.percent(80) ? 0
	                            : static_cast<unsigned>(r.below(8))); // ModRM.reg is ignored
	Rm dst = g.rm(1);
	g.set_rm(dst, 1, r.edge(8));
	g.finish("setcc", std::string("set") + kConditions[cc]);
	g.c.flags = flag_use("set");
}

void gen_xchg(Gen &g)
{
	Rng &r = g.rng;
	unsigned form = static_cast<unsigned>(r.below(9));
	std::string variant;
	const char *name;
	if (form <= 1) { // 86/87 xchg r/m, r
		name = "xchg";
		unsigned bytes = form == 0 ? (g.operand_size(1), 1u) : g.random_operand_size(false);
		g.e.op(static_cast<uint8_t>(0x86 + form));
		unsigned reg = g.pick_reg();
		g.modrm_reg(reg);
		Rm rm = g.rm(bytes);
		g.set_rm(rm, bytes, r.edge(bits_of(bytes)));
		g.set_reg(reg, bytes, r.edge(bits_of(bytes)));
		variant = rm.memory && r.percent(10) ? (g.e.prefix(0xf0), "lock xchg") : "xchg";
	} else if (form == 2) { // 90+r xchg rAX, r (90 alone is NOP, not xchg eax, eax)
		name = "xchg";
		g.random_operand_size(false);
		g.e.op(0x90);
		unsigned reg;
		do
			reg = g.pick_reg();
		while (reg == 0 && !g.rex_mode);
		g.e.opcode_reg = static_cast<int>(reg);
		variant = "xchg rax,r (90+r)";
	} else if (form <= 4) { // 0F C0/C1 xadd
		name = "xadd";
		unsigned bytes = form == 3 ? (g.operand_size(1), 1u) : g.random_operand_size(false);
		g.e.op(0x0f, static_cast<uint8_t>(0xc0 + (form - 3)));
		unsigned reg = g.pick_reg();
		g.modrm_reg(reg);
		Rm rm = g.rm(bytes);
		uint64_t a = r.edge(bits_of(bytes));
		g.set_rm(rm, bytes, a);
		g.set_reg(reg, bytes, g.related(a, bytes));
		variant = rm.memory && r.percent(15) ? (g.e.prefix(0xf0), "lock xadd") : "xadd";
	} else if (form <= 6) { // 0F B0/B1 cmpxchg: compare with AL/rAX
		name = "cmpxchg";
		g.reserved |= Gen::bit(RAX);
		unsigned bytes = form == 5 ? (g.operand_size(1), 1u) : g.random_operand_size(false);
		g.e.op(0x0f, static_cast<uint8_t>(0xb0 + (form - 5)));
		unsigned reg = g.pick_reg();
		g.modrm_reg(reg);
		Rm rm = g.rm(bytes);
		uint64_t a = r.edge(bits_of(bytes));
		g.set_rm(rm, bytes, a);
		g.set_reg(reg, bytes, r.edge(bits_of(bytes)));
		g.set_reg(RAX, 8, r.edge(64));
		if (r.percent(45))
			g.set_reg(RAX, bytes, g.get_rm(rm, bytes)); // equal: the store happens
		variant =
		    rm.memory && r.percent(15) ? (g.e.prefix(0xf0), "lock cmpxchg") : "cmpxchg";
	} else { // 0F C7 /1 cmpxchg8b m64 / REX.W cmpxchg16b m128 (16-byte aligned or #GP)
		bool wide = form == 8 && g.cpu.cx16;
		name = wide ? "cmpxchg16b" : "cmpxchg8b";
		g.reserved |= Gen::bit(RAX) | Gen::bit(RDX) | Gen::bit(RCX) | Gen::bit(RBX);
		g.operand_size(wide ? 8 : 4);
		g.e.op(0x0f, 0xc7);
		g.modrm_digit(1);
		unsigned bytes = wide ? 16 : 8;
		g.e.has_modrm = true;
		g.e.rm_memory = true;
		uint64_t ea = g.choose_target(bytes);
		if (wide && in_data(ea, 16) && r.percent(85))
			ea &= ~15ull;
		g.address(ea);
		unsigned half = bytes / 2;
		uint64_t lo = r.edge(bits_of(half)), hi = r.edge(bits_of(half));
		g.set_mem(ea, half, lo);
		g.set_mem(ea + half, half, hi);
		bool equal = r.percent(50);
		g.set_reg(RAX, 8, equal ? lo : r.edge(64));
		g.set_reg(RDX, 8, equal && r.percent(90) ? hi : r.edge(64));
		g.set_reg(RBX, 8, r.edge(64));
		g.set_reg(RCX, 8, r.edge(64));
		variant = r.percent(20) ? (g.e.prefix(0xf0), std::string("lock ") + name)
		                        : std::string(name);
	}
	g.finish("xchg", variant);
	g.c.flags = flag_use(name);
}

void gen_bswap(Gen &g)
{
	Rng &r = g.rng;
	unsigned bytes = r.percent(5) ? 2 : r.coin() ? 4 : 8;
	g.operand_size(bytes);
	g.e.op(0x0f, 0xc8);
	unsigned reg = g.pick_reg();
	g.e.opcode_reg = static_cast<int>(reg);
	g.set_reg(reg, 8, r.edge(64));
	g.finish("bswap", bytes == 2 ? "bswap r16" : "bswap");
	g.c.flags = flag_use("bswap");
	if (bytes == 2) {
		g.c.undefined_regs |= Gen::bit(reg);
		g.c.note = "BSWAP r16: result undefined (SDM BSWAP)";
	}
}

void gen_convert(Gen &g)
{
	Rng &r = g.rng;
	bool widen_ax = r.coin();
	unsigned bytes = g.random_operand_size(false);
	g.e.op(widen_ax ? 0x98 : 0x99);
	g.set_reg(RAX, 8, r.edge_in_register(bits_of(bytes == 2 ? 1 : bytes / 2)));
	if (!widen_ax)
		g.set_reg(RAX, 8, r.edge_in_register(bits_of(bytes)));
	static const char *const kWiden[3] = {"cbw", "cwde", "cdqe"};
	static const char *const kSplit[3] = {"cwd", "cdq", "cqo"};
	unsigned i = bytes == 2 ? 0 : bytes == 4 ? 1 : 2;
	const char *name = widen_ax ? kWiden[i] : kSplit[i];
	g.finish("convert", name);
	g.c.flags = flag_use(name);
}

void gen_lea(Gen &g)
{
	Rng &r = g.rng;
	g.random_operand_size(false);
	if (r.percent(35))
		g.address_size_32();
	g.e.op(0x8d);
	unsigned dst = g.pick_reg();
	g.modrm_reg(dst);
	g.set_reg(dst, 8, r.edge(64));
	std::string variant = g.addr32 ? "lea a32" : "lea";
	if (r.percent(2)) { // LEA with a register operand: #UD
		g.rm_register(g.pick_reg());
		variant = "lea (reg, #UD)";
	} else {
		g.e.has_modrm = true;
		g.e.rm_memory = true;
		uint64_t ea = r.percent(50) ? r.next() : r.edge(64);
		if (g.addr32)
			ea &= 0xffffffff;
		g.address(ea);
	}
	g.finish("lea", variant);
	g.c.flags = flag_use("lea");
}

} // namespace native
