// Flags the SDM leaves undefined.  KVM computes arithmetic flags by running
// the instruction on the host CPU (fastop), so its undefined flags are the
// host's; kemu computes them in C++.  A difference confined to these flags
// is reported as its own class, not as a mismatch.
#pragma once

#include "testcase.h"

#include <cstdint>

namespace oracle {

struct UndefinedFlags {
	uint64_t mask = 0;             // RFLAGS bits whose value is undefined
	bool result_undefined = false; // the destination itself is undefined
	const char *why = nullptr;     // which rule applied
};

// insn_len: the decoded length (for an immediate count), 0 if unknown.
UndefinedFlags undefined_flags(const TestCase &tc, unsigned insn_len);

} // namespace oracle
