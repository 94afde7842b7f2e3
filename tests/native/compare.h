// Native outcome vs kemu outcome for one case.
#pragma once

#include "case.h"
#include "kemu_cpu.h"

#include <cstdio>
#include <string>
#include <vector>

namespace native {

enum class Verdict { Match, Mismatch, NotEmulated };

// Compares registers (but the case's undefined ones), RFLAGS (kTestedFlags
// but the undefined ones), RIP, the data buffer, and how the instruction
// ended (retired, or the same exception; for #PF the same address).
// `why` (optional) gets one line per difference.
Verdict compare(const Case &c, const Outcome &cpu, const KemuRun &kemu,
                std::vector<std::string> *why);

// The instruction's bytes and kemu's disassembly of them.
std::string describe_insn(const Case &c);

// Everything about one case: the instruction, masks, the input state, both
// outcomes side by side, and the differences.
void print_case(FILE *out, const Case &c, const Outcome &cpu, const KemuRun &kemu);

} // namespace native
