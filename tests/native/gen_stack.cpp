// Stack class: PUSH/POP of registers (50+r/58+r, including RSP itself),
// r/m (FF /6, 8F /0, including [RSP+disp], whose address POP computes after
// the increment), immediates (6A, 68), PUSHF/POPF, LEAVE and ENTER.  64-bit
// and, with 66, 16-bit operands.  RSP points into the data buffer; POPF only
// ever loads arithmetic flags and DF (never TF or AC, IF stays set).
#include "classes.h"
#include "flag_masks.h"

namespace native {

namespace {

// RSP with `below` bytes of room under it and `above` over it, now and then
// right at a buffer edge so the access faults.
uint64_t stack_pointer(Gen &g, unsigned below, unsigned above)
{
	Rng &r = g.rng;
	if (r.percent(g.fault_percent))
		return r.coin() ? kDataBase + r.below(8) : kDataEnd - r.below(8);
	uint64_t lo = kDataBase + below, hi = kDataEnd - above;
	uint64_t sp = lo + r.below(hi - lo);
	return r.percent(90) ? sp & ~7ull : sp;
}

} // namespace

void gen_stack(Gen &g)
{
	Rng &r = g.rng;
	g.reserved |= Gen::bit(RSP);
	unsigned kind = static_cast<unsigned>(r.below(10));
	unsigned bytes = r.percent(15) ? 2 : 8; // 32-bit pushes do not exist in 64-bit mode
	if (bytes == 2)
		g.e.prefix(0x66);
	g.opsize = bytes;
	g.rex_mode = r.coin();
	g.e.rex = g.rex_mode;
	const char *name = "push";
	std::string variant;
	uint64_t &rsp = g.c.in.gpr[RSP];
	rsp = stack_pointer(g, 0x100, 0x100);
	// A stack access and a memory operand that both fault would leave the
	// order of the two accesses to decide the fault: only one may.
	if (rsp < kDataBase + 0x100 || rsp > kDataEnd - 0x100)
		g.fault_percent = 0;

	switch (kind) {
	case 0: // 50+r
		g.e.op(0x50);
		g.e.opcode_reg = static_cast<int>(g.pick_reg());
		variant = g.e.opcode_reg == RSP ? "push rsp" : "push r";
		break;
	case 1: // 58+r
		name = "pop";
		g.e.op(0x58);
		g.e.opcode_reg = static_cast<int>(g.pick_reg());
		variant = g.e.opcode_reg == RSP ? "pop rsp" : "pop r";
		break;
	case 2: // FF /6 push r/m
	case 3: // 8F /0 pop r/m
		name = kind == 2 ? "push" : "pop";
		g.e.op(kind == 2 ? 0xff : 0x8f);
		g.modrm_digit(kind == 2 ? 6 : 0);
		if (r.percent(20)) {
			// [RSP + disp8]: POP computes the address after incrementing RSP.
			// The stack stays inside (one faulting access at most).
			rsp = kDataBase + 0x100 + (r.below(kDataSize - 0x200) & ~7ull);
			g.e.has_modrm = true;
			g.e.rm_memory = true;
			g.e.mem = MemRef{};
			g.e.mem.base = RSP;
			g.e.mem.disp_bytes = 1;
			g.e.mem.disp = static_cast<int32_t>(r.range(-24, 24));
			variant = std::string(name) + " [rsp+d]";
		} else {
			Rm o = g.rm(bytes);
			if (o.memory)
				g.set_mem(o.ea, bytes, r.edge(bits_of(bytes)));
			variant = std::string(name) + (o.memory ? " m" : " r/m reg");
		}
		break;
	case 4: // 6A ib, 68 iz (iw with 66)
		if (r.coin()) {
			g.e.op(0x6a);
			g.imm(1, r.edge(8));
			variant = "push imm8";
		} else {
			g.e.op(0x68);
			g.imm(bytes == 2 ? 2 : 4, r.edge(bytes == 2 ? 16 : 32));
			variant = "push imm";
		}
		break;
	case 5:
		name = "pushf";
		g.e.op(0x9c);
		variant = "pushf";
		break;
	case 6: {
		name = "popf";
		g.e.op(0x9d);
		// Only bits user code may change and the oracle compares (+ IF, bit 1).
		uint64_t image = (r.next() & kTestedFlags) | kIF | 2;
		g.set_mem(rsp, bytes, image);
		variant = "popf";
		break;
	}
	case 7: { // LEAVE: RSP = RBP, pop RBP
		name = "leave";
		g.reserved |= Gen::bit(RBP);
		g.e.op(0xc9);
		g.c.in.gpr[RBP] = stack_pointer(g, 0x100, 0x100);
		variant = "leave";
		break;
	}
	default: { // ENTER iw, ib: push RBP, copy level-1 frame pointers, RSP -= size
		name = "enter";
		g.reserved |= Gen::bit(RBP);
		g.e.op(0xc8);
		unsigned level = r.percent(80) ? static_cast<unsigned>(r.range(0, 3))
		                               : static_cast<unsigned>(r.below(256));
		rsp = stack_pointer(g, 0x300, 0x80);
		g.fault_percent = 0; // RBP's frame pointers stay inside: only the stack faults
		// The CPU probes the final RSP (RSP - pushes - size): keep it inside
		// the buffer or its lower guard page, the guard page now and then.
		uint64_t pushes = ((level & 31) + 1) * 8ull;
		uint64_t room = rsp > kReachLow + pushes ? rsp - kReachLow - pushes : 0;
		uint64_t size =
		    r.percent(80) ? static_cast<uint64_t>(r.range(0, 64)) : r.below(room + 1);
		if (size > 0xffff)
			size = 0xffff;
		g.e.imm = size;
		g.e.imm_bytes = 2;
		g.e.imm2 = level;
		g.e.imm2_bytes = 1;
		g.c.in.gpr[RBP] = stack_pointer(g, 0x200, 0x80);
		variant = (level & 31) > 1 ? "enter nested" : "enter";
		break;
	}
	}
	g.finish("stack", variant + (bytes == 2 ? " 16" : ""));
	g.c.flags = flag_use(name);
}

} // namespace native
