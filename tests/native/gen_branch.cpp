// Branch class: near control transfers.  Jcc (rel8, rel32), JMP (rel8,
// rel32, r/m64), CALL (rel32, r/m64), RET, RET imm16, LOOP/LOOPE/LOOPNE and
// JRCXZ (rel8; ECX with 67).  Every target is a landing pad in the code page
// (layout.h), so the real CPU's RIP after the instruction is known; CALL and
// RET use the stack in the data buffer.  A few indirect targets are
// non-canonical (#GP).  No 66 prefix: a 16-bit near branch truncates RIP on
// AMD and ignores the prefix on Intel.
#include "classes.h"
#include "flag_masks.h"

#include <cstring>

namespace native {

namespace {

// A landing pad address for an instruction of `len` bytes (or of any
// length up to 15 when the target is data, not a displacement).
uint64_t random_landing(Rng &r, unsigned len)
{
	for (;;) {
		uint64_t t = kLandingLow + r.below(kLandingHigh - kLandingPad - kLandingLow);
		if (landing_ok(t, len))
			return t;
	}
}

// A rel8 target: the edges of the reach first, then anywhere valid.
uint64_t rel8_landing(Rng &r, unsigned len)
{
	uint64_t next = kInsnAddress + len;
	if (r.percent(30)) {
		int64_t rel = r.pick<int64_t>(
		    {-128, 127, kLandingPad, -static_cast<int64_t>(len + kLandingPad)});
		if (landing_ok(next + static_cast<uint64_t>(rel), len))
			return next + static_cast<uint64_t>(rel);
	}
	for (;;) {
		uint64_t t = next + static_cast<uint64_t>(r.range(-128, 127));
		if (landing_ok(t, len))
			return t;
	}
}

// An indirect target: a landing pad, now and then a non-canonical address.
uint64_t indirect_target(Rng &r)
{
	if (r.percent(4))
		return r.pick<uint64_t>(
		    {1ull << 47, 0x8000000000000000ull, 0x00007fffffffffffull + 1 + 0x1000});
	return random_landing(r, 15);
}

// The stack: room both ways, or (fault_percent) at a buffer edge.
uint64_t stack_pointer(Gen &g)
{
	Rng &r = g.rng;
	if (r.percent(g.fault_percent))
		return r.coin() ? kDataBase + r.below(8) : kDataEnd - r.below(8);
	return (kDataBase + 0x100 + r.below(kDataSize - 0x200)) & ~7ull;
}

void patch_rel(Case &c, unsigned bytes, uint64_t target)
{
	int64_t rel = static_cast<int64_t>(target - (kInsnAddress + c.len));
	int32_t r32 = static_cast<int32_t>(rel);
	memcpy(c.bytes + c.len - bytes, &r32, bytes); // rel8: the low byte
	c.landing = target;
}

const char *const kConditions[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                     "s", "ns", "p", "np", "l", "ge", "le", "g"};

} // namespace

void gen_branch(Gen &g)
{
	Rng &r = g.rng;
	Case &c = g.c;
	g.reserved |= Gen::bit(RSP);
	g.rex_mode = r.coin();
	g.e.rex = g.rex_mode;
	if (r.percent(10))
		g.e.rex_w = true; // ignored: near branches are 64-bit
	unsigned kind = static_cast<unsigned>(r.below(11));
	const char *name = "jmp";
	std::string variant;
	unsigned rel_bytes = 0; // displacement to patch after finish()
	uint64_t target = 0;

	switch (kind) {
	case 0:
	case 1: { // Jcc rel8 / rel32
		unsigned cc = static_cast<unsigned>(r.below(16));
		name = "jcc";
		if (kind == 0)
			g.e.op(static_cast<uint8_t>(0x70 + cc)), rel_bytes = 1;
		else
			g.e.op(0x0f, static_cast<uint8_t>(0x80 + cc)), rel_bytes = 4;
		variant = std::string("j") + kConditions[cc] + (kind == 0 ? " rel8" : " rel32");
		break;
	}
	case 2:
		g.e.op(0xeb), rel_bytes = 1, variant = "jmp rel8";
		break;
	case 3:
		g.e.op(0xe9), rel_bytes = 4, variant = "jmp rel32";
		break;
	case 4:
	case 6: { // FF /4 jmp r/m64, FF /2 call r/m64
		name = kind == 4 ? "jmp" : "call";
		g.e.op(0xff);
		g.modrm_digit(kind == 4 ? 4 : 2);
		target = indirect_target(r);
		// A non-canonical target with a faulting push: Intel checks the
		// target first (#GP), AMD pushes first (#PF).  Only one may fault.
		// So does a faulting memory operand with a faulting push.
		if (kind == 6) {
			c.in.gpr[RSP] = target < kReachHigh ? stack_pointer(g) : kDataBase + 0x800;
			if (!in_data(c.in.gpr[RSP] - 8, 8))
				g.fault_percent = 0;
		}
		// Not CALL RSP: the return address would go where RSP points, at the target.
		Rm o;
		if (r.coin()) {
			o.memory = true;
			o.ea = g.rm_memory(8);
		} else {
			o.reg = g.pick_reg(kind == 4);
			g.rm_register(o.reg);
		}
		g.set_rm(o, 8, target);
		target = g.get_rm(o, 8); // an address register may be the operand too
		variant = std::string(name) + (o.memory ? " m64" : " r64");
		break;
	}
	case 5:
		name = "call";
		g.e.op(0xe8), rel_bytes = 4, variant = "call rel32";
		c.in.gpr[RSP] = stack_pointer(g);
		break;
	case 7:
	case 8: { // C3 ret, C2 ret imm16
		name = "ret";
		uint64_t sp = stack_pointer(g);
		c.in.gpr[RSP] = sp;
		target = indirect_target(r);
		g.set_mem(sp, 8, target);
		if (!in_data(sp, 8))
			target = 0;
		if (kind == 7) {
			g.e.op(0xc3);
			variant = "ret";
		} else {
			g.e.op(0xc2);
			g.imm(2, r.percent(50) ? r.range(0, 64) : r.edge(16));
			variant = "ret imm16";
		}
		break;
	}
	case 9: { // E0 loopne, E1 loope, E2 loop
		unsigned which = static_cast<unsigned>(r.below(3));
		name = "loop";
		g.e.op(static_cast<uint8_t>(0xe0 + which)), rel_bytes = 1;
		if (r.percent(25))
			g.address_size_32(); // ECX
		c.in.gpr[RCX] = r.percent(40)
		                    ? (r.next() & ~0xffffffffull) | r.pick<uint64_t>({0, 1, 2})
		                    : r.edge(64);
		variant = std::string(which == 0   ? "loopne"
		                      : which == 1 ? "loope"
		                                   : "loop") +
		          (g.addr32 ? " a32" : "");
		break;
	}
	default: { // E3 jrcxz (jecxz with 67)
		name = "jrcxz";
		g.e.op(0xe3), rel_bytes = 1;
		if (r.percent(30))
			g.address_size_32();
		c.in.gpr[RCX] = r.percent(50) ? (r.next() & ~0xffffffffull) * r.coin() : r.edge(64);
		variant = g.addr32 ? "jecxz" : "jrcxz";
		break;
	}
	}
	if (rel_bytes)
		g.imm(rel_bytes, 0); // patched once the length is known
	g.finish("branch", variant);
	if (rel_bytes == 1)
		patch_rel(c, 1, rel8_landing(r, c.len));
	else if (rel_bytes == 4)
		patch_rel(c, 4, random_landing(r, c.len));
	else if (target && landing_ok(target, c.len))
		c.landing = target;
	c.flags = flag_use(name);
}

} // namespace native
