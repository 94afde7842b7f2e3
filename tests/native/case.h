// One generated test case: an instruction, the state it starts from, and
// what the comparison must ignore (architecturally undefined results).
#pragma once

#include "exec/flag_effects.h"
#include "state.h"

#include <cstdint>
#include <string>

namespace native {

struct Case {
	uint64_t seed = 0;
	uint64_t index = 0;
	const char *cls = ""; // instruction class (classes.cpp)
	std::string mnemonic; // what the report counts by: "add", "rep movs", "lock xadd"
	uint8_t bytes[16] = {};
	unsigned len = 0;
	CpuState in; // rflags: only kTestedFlags
	uint8_t memory[kDataSize];
	kemu::exec::FlagUse flags;   // read/written/undefined RFLAGS bits (flag_masks.h)
	uint16_t undefined_regs = 0; // GPRs not compared (bit per register)
	std::string note;            // why something is masked, for --case
	unsigned max_passes = 4;     // kemu_emulate calls allowed (REP strings need more)
	uint64_t landing = 0;        // control transfers: the target (layout.h, landing_ok)
};

} // namespace native
