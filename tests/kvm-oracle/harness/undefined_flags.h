// Flags the SDM leaves undefined (emulator/exec/flag_effects.h).  KVM computes arithmetic flags by
// running the instruction on the host CPU (fastop), so its undefined flags are the host's; kemu
// computes them in C++.  A difference confined to these flags is reported as its own class, not as
// a mismatch.
#pragma once

#include "testcase.h"

#include <cstdint>

namespace oracle {

struct UndefinedFlags {
	uint64_t mask = 0;             // RFLAGS bits whose value is undefined
	bool result_undefined = false; // the destination itself is undefined
	const char *why = nullptr;     // the table entry's summary of the SDM
};

UndefinedFlags undefined_flags(const TestCase &tc);

} // namespace oracle
