// SPDX-License-Identifier: GPL-2.0
// Hand-checked vectors for port I/O, the system instructions, CMPXCHG8B/16B,
// PUSHA/POPA and decimal adjustment.  The host state they read and the
// pseudo-addresses where their effects are logged are in vector.h.
#include "selftest/vector.h"

namespace kemu::selftest {

namespace {

constexpr u8 R = KEMU_MODE_REAL, P32 = KEMU_MODE_PROT32, L64 = KEMU_MODE_PROT64;
constexpr int FAULT = KEMU_PROPAGATE_FAULT, UNHANDLED = KEMU_UNHANDLEABLE;
constexpr u64 CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, IF = 0x200, OF = 0x800, F = 0x2,
              RF = 0x10000;
constexpr u64 G(unsigned i)
{
	return kInitialGpr(i);
}
// CPL 3 (SS.DPL) with a flat stack.
constexpr Seg kUserSS{KEMU_SEG_SS, 0, 0xffffffff, 3, 1, 0, 3};
// A TSS at 0x2800 whose I/O bitmap starts at +0x68 (the offset is at +102).
constexpr Seg kTss{KEMU_SEG_TR, 0x2800, 0x87, 0xb};
constexpr Mem kBitmapOffset{0x2866, 2, 0x68};

} // namespace

// clang-format off
constinit const Vector kSystem[] = {
	// ---- port I/O ----
	// port p reads as p, p+1, ...
	{"in al,0x60", L64, 0x1000, code({0xe4, 0x60}), {{KEMU_RAX, 0x1234}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0x1260}}}},
	{"in eax,dx", P32, 0x1000, code({0xed}), {{KEMU_RDX, 0x1234}, {KEMU_RAX, ~0ull}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RAX, 0x37363534}}}},
	{"out dx,al", L64, 0x1000, code({0xee}), {{KEMU_RDX, 0x3f8}, {KEMU_RAX, 0x41}}, {}, {},
	 {.length = 1, .writes = {{kHostPort + 0x3f8, 1, 0x41}}}},
	// CPL 3 > IOPL 0: the TSS bitmap decides; bits for 0x80-0x83 are clear
	{"out 0x80,eax at CPL 3 (bitmap allows)", P32, 0x1000, code({0xe7, 0x80}),
	 {{KEMU_RAX, 0xdeadbeef}}, {kBitmapOffset}, {kUserSS, kTss},
	 {.length = 2, .writes = {{kHostPort + 0x80, 4, 0xdeadbeef}}}},
	// bit 2 of the byte for ports 0x80-0x87 is port 0x82, inside the 4-byte access
	{"out 0x80,eax at CPL 3 (bitmap denies 0x82)", P32, 0x1000, code({0xe7, 0x80}),
	 {{KEMU_RAX, 0xdeadbeef}}, {kBitmapOffset, {0x2878, 2, 0x4}}, {kUserSS, kTss},
	 {.status = FAULT, .vector = KEMU_GP}},
	{"in al,dx at CPL 3 without a TSS", P32, 0x1000, code({0xec}), {{KEMU_RDX, 0x70}}, {},
	 {kUserSS}, {.status = FAULT, .vector = KEMU_GP}},
	{"in al,dx at CPL 3 with IOPL 3", P32, 0x1000, code({0xec}), {{KEMU_RDX, 0x70}}, {},
	 {kUserSS}, {.length = 1, .regs = {{KEMU_RAX, (G(KEMU_RAX) & ~0xffull) | 0x70}}}, F | 0x3000},
	// the count reaches 0: the pass ends with rip on the instruction (RF set)
	{"rep outsb", L64, 0x1000, code({0xf3, 0x6e}),
	 {{KEMU_RCX, 2}, {KEMU_RSI, 0x2000}, {KEMU_RDX, 0xe9}}, {{0x2000, 2, 0x4241}}, {},
	 {.length = 2, .regs = {{KEMU_RCX, 0}, {KEMU_RSI, 0x2002}},
	  .writes = {{kHostPort + 0xe9, 1, 0x41}, {kHostPort + 0xe9, 1, 0x42}}, .rflags = F | RF,
	  .jump_to = 0x1000}},
	{"insw", L64, 0x1000, code({0x66, 0x6d}), {{KEMU_RDX, 0x10}, {KEMU_RDI, 0x2100}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RDI, 0x2102}}, .writes = {{0x2100, 2, 0x1110}}}},

	// ---- interrupt flag, halt ----
	{"cli at CPL 3 above IOPL", P32, 0x1000, code({0xfa}), {}, {}, {kUserSS},
	 {.status = FAULT, .vector = KEMU_GP}, F | IF},
	{"cli", L64, 0x1000, code({0xfa}), {}, {}, {}, {.length = 1, .rflags = F}, F | IF},
	// STI that sets IF blocks interrupts for one instruction
	{"sti (shadow)", R, 0x1000, code({0xfb}), {}, {}, {},
	 {.length = 1, .rflags = F | IF, .shadow = KEMU_SHADOW_STI}},
	{"sti with IF already set (no shadow)", R, 0x1000, code({0xfb}), {}, {}, {},
	 {.length = 1, .rflags = F | IF}, F | IF},
	{"hlt", L64, 0x1000, code({0xf4}), {}, {}, {}, {.length = 1, .writes = {{kHostHalt, 1, 1}}}},
	{"hlt at CPL 3", P32, 0x1000, code({0xf4}), {}, {}, {kUserSS},
	 {.status = FAULT, .vector = KEMU_GP}},
	// a callback the host does not give: nothing happens
	{"wbinvd without the host callback", L64, 0x1000, code({0x0f, 0x09}), {}, {}, {},
	 {.status = UNHANDLED}},

	// ---- CPUID, TSC, MSRs ----
	// the leaf is eax only; the results are 32-bit writes
	{"cpuid", L64, 0x1000, code({0x0f, 0xa2}), {{KEMU_RAX, 0xffffffff00000001}, {KEMU_RCX, 7}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0x101}, {KEMU_RBX, kCpuidEbx}, {KEMU_RCX, 7},
	                        {KEMU_RDX, kCpuidEdx}}}},
	{"rdtsc", L64, 0x1000, code({0x0f, 0x31}), {}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, kTscValue & 0xffffffff}, {KEMU_RDX, kTscValue >> 32}}}},
	{"rdtsc at CPL 3 with CR4.TSD", P32, 0x1000, code({0x0f, 0x31}), {}, {}, {kUserSS},
	 {.status = FAULT, .vector = KEMU_GP}, F, 0x4},
	{"rdmsr EFER", L64, 0x1000, code({0x0f, 0x32}), {{KEMU_RCX, kMsrEfer}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, kEferValue}, {KEMU_RDX, 0}}}},
	{"rdmsr of an MSR the host refuses", L64, 0x1000, code({0x0f, 0x32}), {{KEMU_RCX, 0x1234}},
	 {}, {}, {.status = FAULT, .vector = KEMU_GP}},
	{"wrmsr TSC", L64, 0x1000, code({0x0f, 0x30}), {{KEMU_RCX, kMsrTsc}, {KEMU_RDX, 1}, {KEMU_RAX, 2}},
	 {}, {}, {.length = 2, .writes = {{kHostMsr + kMsrTsc, 8, 0x100000002}}}},
	{"rdmsr at CPL 3", P32, 0x1000, code({0x0f, 0x32}), {{KEMU_RCX, kMsrEfer}}, {}, {kUserSS},
	 {.status = FAULT, .vector = KEMU_GP}},

	// ---- control and debug registers ----
	{"mov rax,cr0", L64, 0x1000, code({0x0f, 0x20, 0xc0}), {}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, kCr0}}}},
	{"mov cr4,rax", L64, 0x1000, code({0x0f, 0x22, 0xe0}), {{KEMU_RAX, 0x20}}, {}, {},
	 {.length = 3, .writes = {{kHostCr + 4, 8, 0x20}}}},
	{"mov rax,cr5 is #UD", L64, 0x1000, code({0x0f, 0x20, 0xe8}), {}, {}, {},
	 {.status = FAULT, .vector = KEMU_UD}},
	{"mov cr0,rax refused is #GP", L64, 0x1000, code({0x0f, 0x22, 0xc0}), {{KEMU_RAX, 1ull << 63}},
	 {}, {}, {.status = FAULT, .vector = KEMU_GP}},
	{"mov eax,cr3 (32-bit)", P32, 0x1000, code({0x0f, 0x20, 0xd8}), {{KEMU_RAX, ~0ull}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, kCr3}}}},
	{"mov rax,dr7", L64, 0x1000, code({0x0f, 0x21, 0xf8}), {}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 0x400}}}},
	// DR7.GD: #DB, and DR6.BD set (trap bits cleared, reserved bits 1)
	{"mov rax,dr7 with DR7.GD is #DB", L64, 0x1000, code({0x0f, 0x21, 0xf8}), {}, {}, {},
	 {.status = FAULT, .vector = KEMU_DB, .writes = {{kHostDr + 6, 8, 0xffff2ff0}}}, F, 0, 0x2400},
	{"mov rax,dr4 is dr6", L64, 0x1000, code({0x0f, 0x21, 0xe0}), {}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, kDr6}}}},
	{"mov rax,dr4 with CR4.DE is #UD", L64, 0x1000, code({0x0f, 0x21, 0xe0}), {}, {}, {},
	 {.status = FAULT, .vector = KEMU_UD}, F, 0x8},
	{"mov dr7,rax with bits above 31 is #GP", L64, 0x1000, code({0x0f, 0x23, 0xf8}),
	 {{KEMU_RAX, 1ull << 32}}, {}, {}, {.status = FAULT, .vector = KEMU_GP}},
	// CR0.TS (bit 3) cleared
	{"clts", L64, 0x1000, code({0x0f, 0x06}), {}, {}, {},
	 {.length = 2, .writes = {{kHostCr + 0, 8, 0x80050033}}}},
	// CR0[3:1] from ax (0), PE stays
	{"lmsw ax cannot clear PE", L64, 0x1000, code({0x0f, 0x01, 0xf0}), {{KEMU_RAX, 0}}, {}, {},
	 {.length = 3, .writes = {{kHostCr + 0, 8, 0x80050031}}}},
	{"smsw eax", L64, 0x1000, code({0x0f, 0x01, 0xe0}), {}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, kCr0 & 0xffffffff}}}},
	{"smsw word [rbx]", L64, 0x1000, code({0x0f, 0x01, 0x23}), {{KEMU_RBX, 0x2000}}, {}, {},
	 {.length = 3, .writes = {{0x2000, 2, kCr0 & 0xffff}}}},
	{"smsw at CPL 3 with CR4.UMIP", P32, 0x1000, code({0x0f, 0x01, 0xe0}), {}, {}, {kUserSS},
	 {.status = FAULT, .vector = KEMU_GP}, F, 0x800},

	// ---- descriptor-table registers ----
	{"lgdt [rbx]", L64, 0x1000, code({0x0f, 0x01, 0x13}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 2, 0xffff}, {0x2002, 8, 0xffff800000001000}}, {},
	 {.length = 3, .writes = {{kHostDtable, 8, 0xffff800000001000}, {kHostDtable + 0x10, 2, 0xffff}}}},
	{"lgdt with a non-canonical base is #GP", L64, 0x1000, code({0x0f, 0x01, 0x13}),
	 {{KEMU_RBX, 0x2000}}, {{0x2002, 8, 0x0000800000000000}}, {},
	 {.status = FAULT, .vector = KEMU_GP}},
	// a 16-bit operand size keeps 24 bits of the base
	{"lidt [ebx] (16-bit operand size)", P32, 0x1000, code({0x66, 0x0f, 0x01, 0x1b}),
	 {{KEMU_RBX, 0x2000}}, {{0x2000, 2, 0x3ff}, {0x2002, 4, 0x12345678}}, {},
	 {.length = 4, .writes = {{kHostDtable + 0x100, 8, 0x345678}, {kHostDtable + 0x110, 2, 0x3ff}}}},
	// 10 bytes: limit, then the 8-byte base (the log keeps the first 8 bytes)
	{"sgdt [rbx]", L64, 0x1000, code({0x0f, 0x01, 0x03}), {{KEMU_RBX, 0x2000}}, {}, {},
	 {.length = 3, .writes = {{0x2000, 10, (kGdtBase << 16) | kGdtLimit}}}},
	// 6 bytes: limit, 24 bits of base, a zero byte
	{"sidt [ebx] (16-bit operand size)", P32, 0x1000, code({0x66, 0x0f, 0x01, 0x0b}),
	 {{KEMU_RBX, 0x2000}}, {}, {},
	 {.length = 4, .writes = {{0x2000, 6, ((kIdtBase & 0xffffff) << 16) | kIdtLimit}}}},
	// the operand is an address only: never accessed (0x2345678 is not mapped)
	{"invlpg [rbx]", L64, 0x1000, code({0x0f, 0x01, 0x3b}), {{KEMU_RBX, 0x2345678}}, {}, {},
	 {.length = 3, .writes = {{kHostInvlpg, 8, 0x2345678}}}},
	{"xsetbv", L64, 0x1000, code({0x0f, 0x01, 0xd1}), {{KEMU_RCX, 0}, {KEMU_RAX, 7}, {KEMU_RDX, 0}},
	 {}, {}, {.length = 3, .writes = {{kHostXcr, 8, 7}}}, F, kCr4OSXSAVE},
	{"xsetbv refused is #GP", L64, 0x1000, code({0x0f, 0x01, 0xd1}), {{KEMU_RCX, 1}, {KEMU_RAX, 7}},
	 {}, {}, {.status = FAULT, .vector = KEMU_GP}, F, kCr4OSXSAVE},
	{"xsetbv without CR4.OSXSAVE is #UD", L64, 0x1000, code({0x0f, 0x01, 0xd1}), {{KEMU_RCX, 0}, {KEMU_RAX, 7}},
	 {}, {}, {.status = FAULT, .vector = KEMU_UD}},

	// ---- nested guests: intercept checks, hypercalls ----
	// OUT (KVM's x86_intercept_out = 46) is checked at all three stages
	{"out dx,al (nested): three intercept checks", L64, 0x1000, code({0xee}),
	 {{KEMU_RDX, 0x3f8}, {KEMU_RAX, 0x41}}, {}, {},
	 {.length = 1, .writes = {{kHostIntercept + 46, 8, 0x1001}, {kHostIntercept + 0x100 + 46, 8, 0x1001},
	                          {kHostIntercept + 0x200 + 46, 8, 0x1001}, {kHostPort + 0x3f8, 1, 0x41}}},
	 F, 0, 0x400, 1},
	// CPUID (20) is intercepted after the privilege checks: nothing else happens
	{"cpuid (nested) intercepted", L64, 0x1000, code({0x0f, 0xa2}), {}, {}, {},
	 {.status = KEMU_INTERCEPTED, .writes = {{kHostIntercept + 20, 8, 0x1002},
	                                         {kHostIntercept + 0x100 + 20, 8, 0x1002}}},
	 F, 0, 0x400, 1},
	{"cpuid (not nested): no intercept checks", L64, 0x1000, code({0x0f, 0xa2}),
	 {{KEMU_RAX, 0}, {KEMU_RCX, 0}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0x100}, {KEMU_RBX, kCpuidEbx}, {KEMU_RCX, 0},
	                        {KEMU_RDX, kCpuidEdx}}}},
	// the host patches the hypercall; the guest runs it again
	{"vmmcall", L64, 0x1000, code({0x0f, 0x01, 0xd9}), {}, {}, {},
	 {.length = 3, .writes = {{kHostHypercall, 1, 1}}, .jump_to = 0x1000}},
	// the host's CPUID leaf 7 has no RDPID (ECX bit 22)
	{"rdpid without CPUID support is #UD", L64, 0x1000, code({0xf3, 0x0f, 0xc7, 0xf8}), {}, {}, {},
	 {.status = FAULT, .vector = KEMU_UD}},

	// ---- x87 control and FXSAVE/FXRSTOR ----
	{"fnstcw [ebx]", P32, 0x1000, code({0xd9, 0x3b}), {{KEMU_RBX, 0x2000}}, {}, {},
	 {.length = 2, .writes = {{0x2000, 2, kFpuControl}}}, F, 0, 0x400, 0, kCr0NoTS},
	{"fnstsw ax", P32, 0x1000, code({0xdf, 0xe0}), {}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, (G(KEMU_RAX) & ~0xffffull) | kFpuStatus}}}, F, 0, 0x400, 0, kCr0NoTS},
	{"fninit", P32, 0x1000, code({0xdb, 0xe3}), {}, {}, {},
	 {.length = 2, .writes = {{kHostX87, 1, 1}}}, F, 0, 0x400, 0, kCr0NoTS},
	{"fnstcw with CR0.TS is #NM", P32, 0x1000, code({0xd9, 0x3b}), {{KEMU_RBX, 0x2000}}, {}, {},
	 {.status = FAULT, .vector = KEMU_NM}},
	{"fnstsw ax with CR0.EM is #NM (as KVM: EM or TS)", P32, 0x1000, code({0xdf, 0xe0}), {}, {}, {},
	 {.status = FAULT, .vector = KEMU_NM}, F, 0, 0x400, 0, kCr0NoTS | 4},
	// the no-wait forms and FXSAVE leave a pending exception pending: no #MF
	{"fnstsw ax with a pending x87 exception: no #MF", P32, 0x1000, code({0xdf, 0xe0}), {}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, (G(KEMU_RAX) & ~0xffffull) | kFswZeroDivide}}}, F, 0, 0x400, 0,
	 kCr0NoTS, kFswZeroDivide, kFcwZeroDivideUnmasked},
	{"fninit with a pending x87 exception: no #MF", P32, 0x1000, code({0xdb, 0xe3}), {}, {}, {},
	 {.length = 2, .writes = {{kHostX87, 1, 1}}}, F, 0, 0x400, 0, kCr0NoTS, kFswZeroDivide,
	 kFcwZeroDivideUnmasked},
	{"fxsave with a pending x87 exception: no #MF", P32, 0x1000, code({0x0f, 0xae, 0x03}),
	 {{KEMU_RBX, 0x2000}}, {}, {}, {.length = 3, .writes = {{0x2000, 160, 0x0706050403020100}}}, F,
	 0, 0x400, 0, kCr0NoTS, kFswZeroDivide, kFcwZeroDivideUnmasked},
	// without CR4.OSFXSR the image stops before XMM0 (160 bytes; the log keeps 8)
	{"fxsave [ebx]", P32, 0x1000, code({0x0f, 0xae, 0x03}), {{KEMU_RBX, 0x2000}}, {}, {},
	 {.length = 3, .writes = {{0x2000, 160, 0x0706050403020100}}}, F, 0, 0x400, 0, kCr0NoTS},
	// with CR4.OSFXSR, XMM0-7 too: 288 bytes
	{"fxrstor [ebx]", P32, 0x1000, code({0x0f, 0xae, 0x0b}), {{KEMU_RBX, 0x2000}}, {}, {},
	 {.length = 3, .writes = {{kHostFxrstor, 4, 288}}}, F, kCr4OSFXSR, 0x400, 0, kCr0NoTS},
	{"fxrstor with MXCSR bits above 15 is #GP", P32, 0x1000, code({0x0f, 0xae, 0x0b}),
	 {{KEMU_RBX, 0x2000}}, {{0x2018, 4, 0x10000}}, {}, {.status = FAULT, .vector = KEMU_GP},
	 F, 0, 0x400, 0, kCr0NoTS},
	{"fxsave in 64-bit mode is not emulated (as KVM)", L64, 0x1000, code({0x0f, 0xae, 0x03}),
	 {{KEMU_RBX, 0x2000}}, {}, {}, {.status = UNHANDLED}, F, 0, 0x400, 0, kCr0NoTS},

	// ---- wide compare-exchange, PUSHA/POPA ----
	// equal: memory = ecx:ebx (ebx is also the address here)
	{"lock cmpxchg8b [rbx] (equal)", L64, 0x1000, code({0xf0, 0x0f, 0xc7, 0x0b}),
	 {{KEMU_RBX, 0x2000}, {KEMU_RAX, 0x11111111}, {KEMU_RDX, 0x22222222}, {KEMU_RCX, 0x44444444}},
	 {{0x2000, 8, 0x2222222211111111}}, {},
	 {.length = 4, .writes = {{0x2000, 8, 0x4444444400002000}}, .rflags = F | ZF}},
	// different: rdx:rax = memory, ZF cleared, memory written back unchanged
	{"cmpxchg16b [rsi] (different)", L64, 0x1000, code({0x48, 0x0f, 0xc7, 0x0e}),
	 {{KEMU_RSI, 0x2000}, {KEMU_RAX, 0}, {KEMU_RDX, 0}}, {{0x2000, 8, 5}, {0x2008, 8, 6}}, {},
	 {.length = 4, .regs = {{KEMU_RAX, 5}, {KEMU_RDX, 6}}, .writes = {{0x2000, 16, 5}},
	  .rflags = F}, F | ZF},
	{"cmpxchg16b misaligned is #GP", L64, 0x1000, code({0x48, 0x0f, 0xc7, 0x0e}),
	 {{KEMU_RSI, 0x2008}}, {}, {}, {.status = FAULT, .vector = KEMU_GP}},
	// eax, ecx, edx, ebx, the old esp, ebp, esi, edi, one push at a time
	{"pushad", P32, 0x1000, code({0x60}), {{KEMU_RSP, 0x2100}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x20e0}},
	  .writes = {{0x20fc, 4, 0x0b0a0900}, {0x20f8, 4, 0x0b0a1a11}, {0x20f4, 4, 0x0b0a2b22},
	             {0x20f0, 4, 0x0b0a3c33}, {0x20ec, 4, 0x2100}, {0x20e8, 4, 0x0b0a5e55},
	             {0x20e4, 4, 0x0b0a6f66}, {0x20e0, 4, 0x0b0a8077}}}},
	// 16-bit: di..ax words, the old sp among them
	{"pusha (16-bit)", R, 0x1000, code({0x60}), {{KEMU_RSP, 0x2100}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x20f0}},
	  .writes = {{0x20fe, 2, 0x0900}, {0x20fc, 2, 0x1a11}, {0x20fa, 2, 0x2b22}, {0x20f8, 2, 0x3c33},
	             {0x20f6, 2, 0x2100}, {0x20f4, 2, 0x5e55}, {0x20f2, 2, 0x6f66}, {0x20f0, 2, 0x8077}}}},
	// the fifth push (0xffc) faults: the four before it stay, as on the CPU; esp is restored
	{"pushad faulting mid-way", P32, 0x1000, code({0x60}), {{KEMU_RSP, 0x1010}}, {}, {},
	 {.status = FAULT, .vector = KEMU_PF, .error_code = 2, .fault_address = 0xffc,
	  .writes = {{0x100c, 4, 0x0b0a0900}, {0x1008, 4, 0x0b0a1a11}, {0x1004, 4, 0x0b0a2b22},
	             {0x1000, 4, 0x0b0a3c33}}}},
	// words popped: di si bp (sp skipped) bx dx cx ax; di..bx equal their old values
	{"popa (16-bit)", R, 0x1000, code({0x61}), {{KEMU_RSP, 0x2000}},
	 {{0x2000, 8, 0xdead5e556f668077}, {0x2008, 8, 0x567812342b223c33}}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x2010}, {KEMU_RCX, (G(KEMU_RCX) & ~0xffffull) | 0x1234},
	                        {KEMU_RAX, (G(KEMU_RAX) & ~0xffffull) | 0x5678}}}},

	// ---- decimal adjustment (32-bit code) ----
	// 0xae: low nibble > 9 -> +6 (AF); above 0x99 -> +0x60 (CF): 0x14
	{"daa", P32, 0x1000, code({0x27}), {{KEMU_RAX, 0xae}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RAX, 0x14}}, .rflags = F | CF | AF | PF}},
	// 0x2d: low nibble > 9 -> -6 (AF): 0x27
	{"das", P32, 0x1000, code({0x2f}), {{KEMU_RAX, 0x2d}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RAX, 0x27}}, .rflags = F | AF | PF}},
	// AX + 0x106 = 0x115, AL masked to its low nibble
	{"aaa", P32, 0x1000, code({0x37}), {{KEMU_RAX, 0x0f}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RAX, 0x0105}}, .rflags = F | AF | CF}},
	// AF in: AX - 6 - 0x100 = 0x102
	{"aas", P32, 0x1000, code({0x3f}), {{KEMU_RAX, 0x0208}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RAX, 0x0102}}, .rflags = F | AF | CF}, F | AF},
	// 79 = 7 * 10 + 9
	{"aam", P32, 0x1000, code({0xd4, 0x0a}), {{KEMU_RAX, 0x4f}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0x0709}}, .rflags = F | PF}},
	{"aam 0 is #DE", P32, 0x1000, code({0xd4, 0x00}), {}, {}, {},
	 {.status = FAULT, .vector = KEMU_DE}},
	{"aad", P32, 0x1000, code({0xd5, 0x0a}), {{KEMU_RAX, 0x0709}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0x004f}}, .rflags = F}},
};
// clang-format on

constinit const VectorTable kSystemVectors = table(kSystem);

} // namespace kemu::selftest
