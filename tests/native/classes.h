// The instruction classes the oracle generates, each a function that fills
// one case (gen_*.cpp).  The weight is the share of a run's cases.
#pragma once

#include "gen.h"

namespace native {

using Generator = void (*)(Gen &g);

struct ClassDef {
	const char *name;
	unsigned weight;
	Generator generate;
	const char *what;
};

extern const ClassDef kClasses[];
extern const unsigned kClassCount;

// The class of case `index` (weighted round robin, the same for every seed).
const ClassDef &class_of_case(uint64_t index);

// Generators, by file.
void gen_alu(Gen &g); // gen_alu.cpp
void gen_unary(Gen &g);
void gen_shift(Gen &g); // gen_shift.cpp
void gen_shiftd(Gen &g);
void gen_muldiv(Gen &g); // gen_muldiv.cpp
void gen_bitops(Gen &g); // gen_bit.cpp
void gen_bitscan(Gen &g);
void gen_mov(Gen &g); // gen_move.cpp
void gen_movx(Gen &g);
void gen_cmov(Gen &g);
void gen_setcc(Gen &g);
void gen_xchg(Gen &g);
void gen_bswap(Gen &g);
void gen_convert(Gen &g);
void gen_lea(Gen &g);
void gen_flagops(Gen &g); // gen_misc.cpp
void gen_misc(Gen &g);
void gen_privileged(Gen &g);
void gen_string(Gen &g); // gen_string.cpp
void gen_stack(Gen &g);  // gen_stack.cpp
void gen_branch(Gen &g); // gen_branch.cpp

} // namespace native
