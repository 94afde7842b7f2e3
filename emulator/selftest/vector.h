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
//
// Its host state: CR0 = kCr0, CR3 = kCr3, CR4 and DR7 from the vector, DR6 =
// kDr6; GDTR and IDTR below (in RAM, so vectors can fill them); MSRs TSC and
// EFER (any other faults); CPUID returns eax ^ 0x100, kCpuidEbx, the
// subleaf, kCpuidEdx; port p reads as bytes p, p+1, ...; CPL is SS.DPL.
// Effects on the host are logged among the memory writes at pseudo-addresses
// above 4G, so Outcome::writes checks them too.
// clang-format off
inline constexpr u64 kRamBase = 0x1000, kRamSize = 0x2000;
inline constexpr u64 kCr0 = 0x8005003b, kCr3 = 0x3000, kDr6 = 0xffff0ff0;
inline constexpr u64 kGdtBase = 0x2c00, kIdtBase = 0x2e00;
inline constexpr u16 kGdtLimit = 0x7f, kIdtLimit = 0x3ff;
inline constexpr u32 kMsrTsc = 0x10, kMsrEfer = 0xc0000080;
inline constexpr u64 kTscValue = 0x1122334455667788, kEferValue = 0xd01; // SCE LME LMA NXE
struct Msr {
	u32 index;
	u64 value;
};
// The MSRs the host knows (RDMSR of any other is refused).
inline constexpr Msr kMsrs[] = {
	{kMsrTsc, kTscValue},
	{kMsrEfer, kEferValue},
	{0xc0000081, 0x0023001000000000}, // STAR: SYSCALL CS 0x10
	{0xc0000082, 0xffffffff81000000}, // LSTAR
	{0xc0000083, 0x401000},           // CSTAR
	{0xc0000084, 0x47700},            // SFMASK: TF IF DF IOPL NT AC
	{0x174, 0x10},                    // SYSENTER_CS
	{0x175, 0x8000},                  // SYSENTER_ESP
	{0x176, 0x401000},                // SYSENTER_EIP
};
inline constexpr u32 kCpuidEbx = 0x756e6547, kCpuidEdx = 0x49656e69;
// Pseudo-addresses of host effects (value: what was set).
inline constexpr u64
	kHostPort = 0x100000000,   // + port: OUT/OUTS data
	kHostCr = 0x200000000,     // + n: set_cr(n)
	kHostDr = 0x300000000,     // + n: set_dr(n)
	kHostMsr = 0x400000000,    // + msr: set_msr
	kHostDtable = 0x500000000, // + 0x100 * reg: base; + 0x10: limit
	kHostInvlpg = 0x600000000, // the linear address
	kHostHalt = 0x700000000,   // 1
	kHostXcr = 0x800000000,    // + index: set_xcr
	kHostSeg = 0x900000000,    // + seg: set_segment, base << 16 | selector
	kHostIntercept = 0xa00000000, // + 0x100 * stage + intercept: next rip (CPUID is intercepted after the checks)
	kHostHypercall = 0xb00000000, // 1
	kHostXmm = 0xc00000000,    // + 2 * n: xmm n bytes 0-7; + 2 * n + 1: bytes 8-15
	kHostMmx = 0xd00000000,    // + n: mm n
	kHostX87 = 0xe00000000,    // FNINIT: 1
	kHostFxrstor = 0xf00000000, // the image bytes loaded
	kHostYmmHigh = 0x1000000000; // + 2 * n: ymm n bytes 16-23; + 2 * n + 1: bytes 24-31
// x87 words, and the FXSAVE image (byte i = i & 0xff).
inline constexpr u16 kFpuControl = 0x037f, kFpuStatus = 0x0120;
// After FDIVP by zero with ZE unmasked: FSW.B, ES and ZE; FCW with ZM clear.
inline constexpr u16 kFswZeroDivide = 0x8084, kFcwZeroDivideUnmasked = 0x037b;
// Vector registers start as: xmm n byte b = n << 4 | b, mm n byte b = 0x80 | n << 3 | b.
constexpr u8 kInitialXmmByte(unsigned n, unsigned b)
{
	return static_cast<u8>(n << 4 | b);
}
constexpr u8 kInitialYmmHighByte(unsigned n) // bytes 16-31 of ymm n
{
	return static_cast<u8>(0xc0 | n);
}
constexpr u8 kInitialMmxByte(unsigned n, unsigned b)
{
	return static_cast<u8>(0x80 | n << 3 | b);
}
inline constexpr u64 kCr0NoTS = kCr0 & ~8ull, kCr4OSFXSR = 0x200, kCr4OSXSAVE = 0x40000;
// clang-format on

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
	u8 index = KEMU_NR_SEGS; // KEMU_NR_SEGS ends the list
	u64 base = 0;
	u32 limit = 0xffffffff;
	u8 type = 3; // read/write data, accessed
	u8 db = 1;
	u8 unusable = 0;
	u8 dpl = 0; // SS.DPL is the CPL
	u16 selector = 0;
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
	Mem writes[8];         // the exact memory writes and host effects, in order
	u8 max_fetch_calls = 1;
	u64 rflags = kFlagsUnchanged; // RFLAGS after success; flags the instruction leaves
	                              // undefined (exec/flag_effects.h) are not compared
	u64 jump_to = 0;              // rIP after success when not rip + length
	u8 shadow = 0;                // interrupt shadow after success (KEMU_SHADOW_*)
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
	u64 cr4 = 0;
	u64 dr7 = 0x400;
	u8 nested = 0; // check intercepts
	u64 cr0 = kCr0;
	u16 fpu_status = kFpuStatus;   // FSW and FCW: a pending x87 exception is a flag
	u16 fpu_control = kFpuControl; // in bits 5:0 of the first whose mask is clear
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
extern const VectorTable kMovVectors, kIntegerVectors, kControlVectors, kSystemVectors,
    kSegmentVectors, kVectorMoveVectors;

} // namespace kemu::selftest
