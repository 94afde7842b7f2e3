// What one execution of one instruction produces, on the CPU or in kemu.
#pragma once

#include "layout.h"

#include <cstdint>
#include <cstring>

namespace native {

// RFLAGS bits.
constexpr uint64_t kCF = 1u << 0, kPF = 1u << 2, kAF = 1u << 4, kZF = 1u << 6, kSF = 1u << 7,
                   kTF = 1u << 8, kIF = 1u << 9, kDF = 1u << 10, kOF = 1u << 11;
constexpr uint64_t kArithFlags = kCF | kPF | kAF | kZF | kSF | kOF;
// The flags a case may set on entry and the oracle compares on exit.
constexpr uint64_t kTestedFlags = kArithFlags | kDF;

enum Gpr { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };
extern const char *const kGprNames[16];

struct CpuState {
	uint64_t gpr[16] = {};
	uint64_t rflags = 0;
	uint64_t rip = 0;
};

// How the instruction ended: it retired, or it raised an exception (vector)
// and the state is the one at the fault (for REP strings: the iterations done).
struct Outcome {
	bool faulted = false;
	uint8_t vector = 0;
	uint64_t fault_address = 0; // #PF only: CR2
	uint32_t error_code = 0;    // reported, not compared (see README)
	CpuState state;
	uint8_t memory[kDataSize];
};

} // namespace native
