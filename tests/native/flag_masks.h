// Which RFLAGS bits an instruction leaves architecturally undefined, so the
// oracle does not compare them.  The table (flag_masks.cpp) cites the
// "Flags Affected" section of each instruction in the Intel SDM Vol. 2
// (and the AMD APM Vol. 3 where the vendors differ); README.md has it as a
// table.  Flags an instruction does not touch are compared: they must keep
// their value.
#pragma once

#include <cstdint>
#include <cstdio>

namespace native {

struct FlagInputs {
	unsigned width = 0; // operand size in bits
	unsigned count = 0; // shifts/rotates: the count after the CPU's 5/6-bit mask
};

// RFLAGS bits `mnemonic` (the bare mnemonic: "add", "movs") leaves undefined
// with these inputs.  Aborts on a mnemonic missing from the table: every
// generated instruction must have an entry.
uint64_t undefined_flags(const char *mnemonic, const FlagInputs &in = {});

// The table as text (--flags).
void print_flag_table(FILE *out);

} // namespace native
