// SPDX-License-Identifier: GPL-2.0
// A self-test vector: a machine state, one instruction and its hand-checked
// outcome.  The same vectors run in the kernel (module load) and in
// userspace (GoogleTest): one definition, two runners.
#pragma once

#include "core.h"

namespace kemu::selftest {

// The test machine maps two 4 KiB pages of RAM at linear 0x1000-0x2fff;
// every other access faults with #PF.  Registers not named in `regs` start
// as kInitialGpr(i); segments are flat (real mode: base = selector << 4).
inline constexpr u64 kRamBase = 0x1000, kRamSize = 0x2000;
constexpr u64 kInitialGpr(unsigned i)
{
	return 0x0f0e0d0c0b0a0900ull + i * 0x1111;
}

struct Reg {
	u8 index = KEMU_NR_GPRS; // KEMU_NR_GPRS ends the list
	u64 value = 0;
};

struct Mem {
	u64 address = 0;
	u8 size = 0; // 0 ends the list
	u64 value = 0;
};

struct Seg {
	u8 index = KEMU_SEG_COUNT; // KEMU_SEG_COUNT ends the list
	u64 base = 0;
	u32 limit = 0xffffffff;
	u8 type = 3; // read/write data, accessed
	u8 db = 1;
	u8 unusable = 0;
	u8 dpl = 0; // SS.DPL is the CPL
};

// Outcome::rflags when the instruction leaves the flags alone.
inline constexpr u64 kFlagsUnchanged = ~0ull;

struct Outcome {
	int status = KEMU_CONTINUE;
	u8 vector = 0; // when status == KEMU_PROPAGATE_FAULT
	u32 error_code = 0;
	u64 fault_address = 0; // #PF only
	u8 length = 0;         // instruction length (rip advance) on success
	Reg regs[4];           // registers that change (others must not)
	Mem writes[4];         // the exact memory writes, in order
	u8 max_fetch_calls = 1;
	u64 rflags = kFlagsUnchanged; // RFLAGS after success
	u64 undefined_flags = 0;      // flags the SDM leaves undefined: not compared
	u64 jump_to = 0;              // rIP after success when not rip + length
};

// Instruction bytes; code({0x89, 0x18}) counts them.
struct Code {
	u8 bytes[KEMU_MAX_INSN_LEN + 1] = {};
	u8 len = 0;
};

template <unsigned N>
constexpr Code code(const u8 (&b)[N])
{
	static_assert(N <= KEMU_MAX_INSN_LEN + 1, "too many bytes");
	Code c;
	for (unsigned i = 0; i < N; i++)
		c.bytes[i] = b[i];
	c.len = N;
	return c;
}

struct Vector {
	const char *name;
	u8 mode;
	u64 rip;
	Code code;
	Reg regs[4];
	Mem memory[2]; // initial RAM content (the rest is zero)
	Seg segs[3];
	Outcome expect;
	u64 rflags = 0x2; // RFLAGS before (RF is added: the core must clear it)
};

// One table per instruction family (vectors_<family>.cpp).
struct VectorTable {
	const Vector *vectors;
	unsigned count;
};
template <unsigned N>
constexpr VectorTable table(const Vector (&v)[N])
{
	return {v, N};
}
extern const VectorTable kMovVectors, kIntegerVectors, kControlVectors;

} // namespace kemu::selftest
