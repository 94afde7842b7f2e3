// String class: MOVS STOS LODS CMPS SCAS, byte to qword, with no prefix,
// REP, REPE and REPNE, DF clear and set, 64- and 32-bit addressing (67).
// Some runs are placed to walk into a guard page part-way: the state at the
// fault (iterations done) is compared too.
#include "classes.h"
#include "flag_masks.h"

#include <cstring>

namespace native {

namespace {

// Where a run of `n` elements of `bytes` starting at `start` and moving by
// DF stays inside the buffer; now and then one that leaves it.
uint64_t place_run(Gen &g, unsigned n, unsigned bytes, bool down, bool may_fault)
{
	Rng &r = g.rng;
	uint64_t span = static_cast<uint64_t>(n > 0 ? n : 1) * bytes;
	if (may_fault && r.percent(g.fault_percent)) {
		// Start inside, end outside: k elements fit.
		uint64_t k = r.below(n > 0 ? n : 1);
		return down ? kDataBase + k * bytes + r.below(bytes)
		            : kDataEnd - k * bytes - r.below(bytes);
	}
	uint64_t lo = down ? kDataBase + span - bytes : kDataBase;
	uint64_t hi = down ? kDataEnd - bytes : kDataEnd - span;
	uint64_t a = lo + r.below(hi - lo + 1);
	if (r.percent(70))
		a &= ~static_cast<uint64_t>(bytes - 1);
	if (a < lo)
		a += bytes;
	return a;
}

} // namespace

void gen_string(Gen &g)
{
	Rng &r = g.rng;
	struct Kind {
		const char *name;
		uint8_t op;
		bool reads_si, uses_di, compares;
	};
	static const Kind kKinds[] = {{"movs", 0xa4, true, true, false},
	                              {"stos", 0xaa, false, true, false},
	                              {"lods", 0xac, true, false, false},
	                              {"cmps", 0xa6, true, true, true},
	                              {"scas", 0xae, false, true, true}};
	const Kind &k = kKinds[r.below(5)];
	g.reserved |= Gen::bit(RSI) | Gen::bit(RDI) | Gen::bit(RCX) | Gen::bit(RAX);

	// Prefixes: REP (F3) for all; REPE/REPNE (F3/F2) for the comparing ones.
	uint8_t rep = 0;
	if (k.compares)
		rep = r.pick<uint8_t>({0, 0xf3, 0xf2});
	else
		rep = r.percent(60) ? 0xf3 : 0;
	if (r.percent(20))
		g.address_size_32();
	bool rep_first = r.coin();
	if (rep && rep_first)
		g.e.prefix(rep);
	unsigned bytes = g.random_operand_size(true);
	if (rep && !rep_first)
		g.e.prefix(rep);
	g.e.op(static_cast<uint8_t>(k.op + (bytes == 1 ? 0 : 1)));

	bool down = g.c.in.rflags & kDF;
	unsigned n = 1;
	if (rep) {
		n = r.percent(90) ? static_cast<unsigned>(r.range(0, 8))
		                  : static_cast<unsigned>(r.range(9, 40));
		uint64_t rcx = g.addr32 ? (r.next() & ~0xffffffffull) | n : n;
		g.c.in.gpr[RCX] = rcx;
		g.c.max_passes = n + 4;
	}
	// Which of the two runs may leave the buffer: never both, since the
	// order of the two accesses of one iteration is the CPU's choice
	// (AMD reads ES:RDI before DS:RSI in CMPS, KVM the other way round).
	bool si_may_fault = r.coin();
	uint64_t si = place_run(g, n, bytes, down, si_may_fault);
	uint64_t di = place_run(g, n, bytes, down, !si_may_fault);
	if (k.reads_si && k.uses_di && !si_may_fault && r.percent(20)) // overlapping runs
		di = si + static_cast<uint64_t>(r.range(-2, 2)) * bytes;
	uint64_t upper = g.addr32 ? 0xffffffff00000000ull : 0;
	g.c.in.gpr[RSI] = si | (r.next() & upper);
	g.c.in.gpr[RDI] = di | (r.next() & upper);
	g.c.in.gpr[RAX] = r.edge_in_register(bits_of(bytes));

	// Comparisons: make the runs equal (or equal to rAX) for a random
	// number of elements, so REPE/REPNE stop at different places.
	if (k.compares && n > 0) {
		unsigned same = static_cast<unsigned>(r.range(0, n));
		for (unsigned i = 0; i < n; i++) {
			int64_t step = down ? -static_cast<int64_t>(i * bytes)
			                    : static_cast<int64_t>(i * bytes);
			uint64_t d = di + static_cast<uint64_t>(step);
			uint64_t want = k.op == 0xa6
			                    ? g.mem(si + static_cast<uint64_t>(step), bytes)
			                    : g.c.in.gpr[RAX];
			// REPE runs while equal, REPNE while different: stop after `same`.
			bool equal = rep == 0xf3 ? i < same : rep == 0xf2 ? i >= same : r.coin();
			g.set_mem(d, bytes, equal ? want : want ^ (1ull + r.below(0xff)));
		}
	}
	std::string mnemonic = k.name;
	if (rep == 0xf3)
		mnemonic = (k.compares ? "repe " : "rep ") + mnemonic;
	else if (rep == 0xf2)
		mnemonic = "repne " + mnemonic;
	if (g.addr32)
		mnemonic += " a32";
	g.finish("string", mnemonic);
	g.c.flags = flag_use(k.name);
}

} // namespace native
