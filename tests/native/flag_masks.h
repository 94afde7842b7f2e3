// The flags a generated instruction reads, writes and leaves undefined, from
// the core's one table (emulator/exec/flag_effects.h, which cites the
// "Flags Affected" section of each instruction in the Intel SDM Vol. 2), by
// the mnemonic the generator names.  compare.cpp masks the undefined ones
// and checks the others against the CPU itself.
#pragma once

#include "exec/flag_effects.h"

#include <cstdint>
#include <cstdio>

namespace native {

struct FlagInputs {
	unsigned width = 0; // operand size in bits
	unsigned count = 0; // shifts/rotates: the count after the CPU's 5/6-bit mask
};

// What `mnemonic` (the bare mnemonic: "add", "movs"; "jcc", "cmov", "set"
// for the condition families; "privileged" for an instruction that faults at
// CPL 3) does to the flags with these inputs.  Aborts on a mnemonic that
// names no handler: every generated instruction must have an entry.
kemu::exec::FlagUse flag_use(const char *mnemonic, const FlagInputs &in = {});

// The table as text (--flags).
void print_flag_table(FILE *out);

} // namespace native
