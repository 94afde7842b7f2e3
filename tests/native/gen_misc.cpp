// Small classes: flagops, misc (NOPs, XLAT, MOVBE), privileged.
#include "classes.h"
#include "flag_masks.h"

#include <cstring>

namespace native {

// Flagops class: CLC STC CMC CLD STD, LAHF SAHF where CPUID allows them in
// 64-bit mode, and SALC (#UD in 64-bit mode).
void gen_flagops(Gen &g)
{
	Rng &r = g.rng;
	struct Kind {
		const char *name;
		uint8_t op;
	};
	static const Kind kKinds[] = {{"clc", 0xf8},  {"stc", 0xf9}, {"cmc", 0xf5},
	                              {"cld", 0xfc},  {"std", 0xfd}, {"salc", 0xd6},
	                              {"sahf", 0x9e}, {"lahf", 0x9f}};
	unsigned n = g.cpu.lahf64 ? 8 : 6;
	const Kind &k = kKinds[r.below(n)];
	g.e.op(k.op);
	if (k.op == 0x9e)
		g.set_reg(RAX, 8, r.next()); // AH: any bits (1, 3, 5 are ignored)
	g.finish("flagops", k.op == 0xd6 ? "salc (#UD)" : k.name);
	g.c.flags = flag_use(k.name);
}

} // namespace native

namespace native {

// Misc class: NOP forms (their memory operand is never accessed, so even a
// guard-page or non-canonical address must not fault), PAUSE, XLAT, MOVBE.
void gen_misc(Gen &g)
{
	Rng &r = g.rng;
	unsigned kind = static_cast<unsigned>(r.below(g.cpu.movbe ? 6 : 5));
	const char *name = "nop";
	std::string variant;
	switch (kind) {
	case 0: // 90, 66 90 (REX.B 90 is XCHG, in the xchg class)
		if (r.coin())
			g.e.prefix(0x66);
		g.e.op(0x90);
		variant = "nop 90";
		break;
	case 1: // F3 90
		g.e.prefix(0xf3);
		g.e.op(0x90);
		variant = "pause";
		break;
	case 2: { // 0F 1F /0 nop r/m; 0F 18 /0-/3 prefetch hints (no fault either)
		bool hint = r.percent(30);
		g.random_operand_size(false);
		g.e.op(0x0f, hint ? 0x18 : 0x1f);
		g.modrm_digit(hint ? static_cast<unsigned>(r.below(4)) : 0);
		g.fault_percent = 30;
		if (hint) {
			g.e.has_modrm = true;
			g.e.rm_memory = true;
			g.address(g.choose_target(8));
		} else {
			g.rm(8, 80);
		}
		variant = hint ? "prefetch m" : "nop r/m";
		break;
	}
	case 3:
	case 4: { // D7 xlat: AL = [rBX + AL]
		name = "xlat";
		g.reserved |= Gen::bit(RAX) | Gen::bit(RBX);
		if (r.percent(25))
			g.address_size_32();
		uint64_t al = r.edge(8);
		uint64_t target = g.choose_target(1);
		uint64_t rbx = target - al;
		if (g.addr32)
			rbx = (rbx & 0xffffffff) | (r.next() & ~0xffffffffull);
		g.c.in.gpr[RBX] = rbx;
		g.set_reg(RAX, 1, al);
		g.e.op(0xd7);
		if (r.percent(30))
			g.e.rex_w = true; // REX.W changes nothing
		variant = g.addr32 ? "xlat a32" : "xlat";
		break;
	}
	default: { // 0F 38 F0 movbe Gv, M; 0F 38 F1 movbe M, Gv (a register operand: #UD)
		name = "movbe";
		unsigned bytes = g.random_operand_size(false);
		bool store = r.coin();
		g.e.op(0x0f, 0x38, store ? 0xf1 : 0xf0);
		unsigned reg = g.pick_reg();
		g.modrm_reg(reg);
		Rm m = g.rm(bytes, 97);
		g.set_rm(m, bytes, r.edge(bits_of(bytes)));
		g.set_reg(reg, 8, r.edge(64));
		variant = m.memory ? (store ? "movbe m,r" : "movbe r,m") : "movbe r,r (#UD)";
		break;
	}
	}
	g.finish("misc", variant);
	g.c.flags = flag_use(name);
}

// Privileged class: instructions that raise #GP(0) at CPL 3 (and IN/OUT
// with IOPL 0 and no I/O bitmap grant, as Linux runs processes).  kemu sees
// CPL 3 in its segments (DPL 3); without the host op an instruction needs,
// it may answer "not emulated", which is reported, not failed.
void gen_privileged(Gen &g)
{
	Rng &r = g.rng;
	struct Form {
		const char *text;
		uint8_t op[3];
		unsigned op_len;
		int digit; // ModRM /digit, -1: ModRM.reg is a register (CR/DR number), -2: no ModRM
		bool memory; // ModRM must be memory
		unsigned imm;
	};
	static const Form kForms[] = {
	    {"cli", {0xfa}, 1, -2, false, 0},
	    {"sti", {0xfb}, 1, -2, false, 0},
	    {"hlt", {0xf4}, 1, -2, false, 0},
	    {"mov r,cr", {0x0f, 0x20}, 2, -1, false, 0},
	    {"mov cr,r", {0x0f, 0x22}, 2, -1, false, 0},
	    {"mov r,dr", {0x0f, 0x21}, 2, -1, false, 0},
	    {"mov dr,r", {0x0f, 0x23}, 2, -1, false, 0},
	    {"rdmsr", {0x0f, 0x32}, 2, -2, false, 0},
	    {"wrmsr", {0x0f, 0x30}, 2, -2, false, 0},
	    {"lgdt", {0x0f, 0x01}, 2, 2, true, 0},
	    {"lidt", {0x0f, 0x01}, 2, 3, true, 0},
	    {"lmsw", {0x0f, 0x01}, 2, 6, false, 0},
	    {"invlpg", {0x0f, 0x01}, 2, 7, true, 0},
	    {"lldt", {0x0f, 0x00}, 2, 2, false, 0},
	    {"ltr", {0x0f, 0x00}, 2, 3, false, 0},
	    {"clts", {0x0f, 0x06}, 2, -2, false, 0},
	    {"invd", {0x0f, 0x08}, 2, -2, false, 0},
	    {"wbinvd", {0x0f, 0x09}, 2, -2, false, 0},
	    {"in al,imm8", {0xe4}, 1, -2, false, 1},
	    {"out imm8,al", {0xe6}, 1, -2, false, 1},
	    {"in eax,dx", {0xed}, 1, -2, false, 0},
	    {"out dx,al", {0xee}, 1, -2, false, 0},
	    {"insb", {0x6c}, 1, -2, false, 0},
	    {"outsb", {0x6e}, 1, -2, false, 0},
	};
	const Form &f = kForms[r.below(sizeof(kForms) / sizeof(kForms[0]))];
	g.operand_size(8);
	g.e.rex_w = r.percent(30);
	memcpy(g.e.opcode, f.op, f.op_len);
	g.e.opcode_len = f.op_len;
	g.fault_percent = 0; // the privilege check comes first; keep memory valid anyway
	if (f.digit == -1) {
		static const unsigned kCr[] = {0, 2, 3, 4, 8};
		unsigned n = f.op[1] == 0x20 || f.op[1] == 0x22 ? kCr[r.below(5)]
		                                                : r.pick<unsigned>({0, 1, 6, 7});
		g.e.has_modrm = true;
		g.e.reg = n;
		g.rm_register(g.pick_reg());
	} else if (f.digit >= 0) {
		g.modrm_digit(static_cast<unsigned>(f.digit));
		g.rm(f.memory ? 10 : 2, f.memory ? 100 : 50);
	}
	if (f.imm)
		g.imm(1, r.below(256));
	g.finish("privileged", f.text);
	g.c.flags = flag_use("privileged");
}

} // namespace native
