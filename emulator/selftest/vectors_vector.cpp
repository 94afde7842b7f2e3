// SPDX-License-Identifier: GPL-2.0
// Hand-checked vectors for the SSE and MMX moves: the CR0/CR4 gates,
// alignment, and how each form fills or merges its destination register.
// Register writes show as host effects at kHostXmm/kHostMmx (vector.h).
#include "selftest/vector.h"

namespace kemu::selftest {

namespace {

constexpr u8 L64 = KEMU_MODE_PROT64, P32 = KEMU_MODE_PROT32;
constexpr int FAULT = KEMU_PROPAGATE_FAULT, UNHANDLED = KEMU_UNHANDLEABLE;
constexpr u64 F = 0x2;

// The initial bytes of a vector register, 8 at a time.
constexpr u64 xmm_bytes(unsigned n, unsigned first)
{
	u64 v = 0;
	for (unsigned b = 0; b < 8; b++)
		v |= static_cast<u64>(kInitialXmmByte(n, first + b)) << (8 * b);
	return v;
}
constexpr u64 mmx_bytes(unsigned n)
{
	u64 v = 0;
	for (unsigned b = 0; b < 8; b++)
		v |= static_cast<u64>(kInitialMmxByte(n, b)) << (8 * b);
	return v;
}

} // namespace

// clang-format off
constinit const Vector kVectorMoves[] = {
	{"movups without CR4.OSFXSR is #UD", L64, 0x1000, code({0x0f, 0x10, 0x0b}), {{KEMU_RBX, 0x2000}},
	 {}, {}, {.status = FAULT, .vector = KEMU_UD}, F, 0, 0x400, 0, kCr0NoTS},
	{"movups with CR0.TS is #NM", L64, 0x1000, code({0x0f, 0x10, 0x0b}), {{KEMU_RBX, 0x2000}},
	 {}, {}, {.status = FAULT, .vector = KEMU_NM}, F, kCr4OSFXSR},
	{"movups xmm1,[rbx]", L64, 0x1000, code({0x0f, 0x10, 0x0b}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 8, 0x0706050403020100}, {0x2008, 8, 0x0f0e0d0c0b0a0908}}, {},
	 {.length = 3, .writes = {{kHostXmm + 2, 8, 0x0706050403020100}, {kHostXmm + 3, 8, 0x0f0e0d0c0b0a0908}}},
	 F, kCr4OSFXSR, 0x400, 0, kCr0NoTS},
	{"movaps [rbx+8],xmm2 misaligned is #GP", L64, 0x1000, code({0x0f, 0x29, 0x53, 0x08}),
	 {{KEMU_RBX, 0x2000}}, {}, {}, {.status = FAULT, .vector = KEMU_GP}, F, kCr4OSFXSR, 0x400, 0, kCr0NoTS},
	// 16 bytes written (the log keeps the first 8)
	{"movdqa [rbx],xmm2", L64, 0x1000, code({0x66, 0x0f, 0x7f, 0x13}), {{KEMU_RBX, 0x2000}}, {}, {},
	 {.length = 4, .writes = {{0x2000, 16, xmm_bytes(2, 0)}}}, F, kCr4OSFXSR, 0x400, 0, kCr0NoTS},
	{"movd eax,xmm3", L64, 0x1000, code({0x66, 0x0f, 0x7e, 0xd8}), {{KEMU_RAX, ~0ull}}, {}, {},
	 {.length = 4, .regs = {{KEMU_RAX, xmm_bytes(3, 0) & 0xffffffff}}}, F, kCr4OSFXSR, 0x400, 0, kCr0NoTS},
	// the upper 64 bits are cleared
	{"movq xmm4,rax", L64, 0x1000, code({0x66, 0x48, 0x0f, 0x6e, 0xe0}), {{KEMU_RAX, 0x1122334455667788}},
	 {}, {}, {.length = 5, .writes = {{kHostXmm + 8, 8, 0x1122334455667788}, {kHostXmm + 9, 8, 0}}},
	 F, kCr4OSFXSR, 0x400, 0, kCr0NoTS},
	// between registers MOVSS replaces only the low 4 bytes
	{"movss xmm1,xmm2 keeps the rest", L64, 0x1000, code({0xf3, 0x0f, 0x10, 0xca}), {}, {}, {},
	 {.length = 4, .writes = {{kHostXmm + 2, 8, (xmm_bytes(1, 0) & ~0xffffffffull) | (xmm_bytes(2, 0) & 0xffffffff)},
	                          {kHostXmm + 3, 8, xmm_bytes(1, 8)}}},
	 F, kCr4OSFXSR, 0x400, 0, kCr0NoTS},
	// from memory it clears the rest
	{"movss xmm1,[rbx] clears the rest", L64, 0x1000, code({0xf3, 0x0f, 0x10, 0x0b}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 4, 0xdeadbeef}}, {},
	 {.length = 4, .writes = {{kHostXmm + 2, 8, 0xdeadbeef}, {kHostXmm + 3, 8, 0}}},
	 F, kCr4OSFXSR, 0x400, 0, kCr0NoTS},
	{"movq mm0,[rbx]", L64, 0x1000, code({0x0f, 0x6f, 0x03}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 8, 0xaabbccdd11223344}}, {}, {.length = 3, .writes = {{kHostMmx + 0, 8, 0xaabbccdd11223344}}},
	 F, 0, 0x400, 0, kCr0NoTS},
	{"movntq [rbx],mm1", L64, 0x1000, code({0x0f, 0xe7, 0x0b}), {{KEMU_RBX, 0x2000}}, {}, {},
	 {.length = 3, .writes = {{0x2000, 8, mmx_bytes(1)}}}, F, 0, 0x400, 0, kCr0NoTS},
	// ---- VEX (beyond KVM): 256 bits, and VEX.128 clears bits 255:128 ----
	{"vmovdqu ymm1,[rbx]", L64, 0x1000, code({0xc5, 0xfe, 0x6f, 0x0b}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 8, 0x1111111111111111}, {0x2010, 8, 0x3333333333333333}}, {},
	 {.length = 4, .writes = {{kHostXmm + 2, 8, 0x1111111111111111}, {kHostXmm + 3, 8, 0},
	                          {kHostYmmHigh + 2, 8, 0x3333333333333333}, {kHostYmmHigh + 3, 8, 0}}},
	 F, kCr4OSXSAVE, 0x400, 0, kCr0NoTS},
	{"vmovaps xmm2,[rbx] clears the upper half", L64, 0x1000, code({0xc5, 0xf8, 0x28, 0x13}),
	 {{KEMU_RBX, 0x2000}}, {{0x2000, 8, 0x2222222222222222}}, {},
	 {.length = 4, .writes = {{kHostXmm + 4, 8, 0x2222222222222222}, {kHostXmm + 5, 8, 0},
	                          {kHostYmmHigh + 4, 8, 0}, {kHostYmmHigh + 5, 8, 0}}},
	 F, kCr4OSXSAVE, 0x400, 0, kCr0NoTS},
	// 32 bytes written (the log keeps the first 8)
	{"vmovups [rbx],ymm3", L64, 0x1000, code({0xc5, 0xfc, 0x11, 0x1b}), {{KEMU_RBX, 0x2000}}, {}, {},
	 {.length = 4, .writes = {{0x2000, 32, xmm_bytes(3, 0)}}}, F, kCr4OSXSAVE, 0x400, 0, kCr0NoTS},
	{"vmovdqa [rbx+16],ymm0 misaligned is #GP", L64, 0x1000, code({0xc5, 0xfd, 0x7f, 0x43, 0x10}),
	 {{KEMU_RBX, 0x2000}}, {}, {}, {.status = FAULT, .vector = KEMU_GP}, F, kCr4OSXSAVE, 0x400, 0,
	 kCr0NoTS},
	{"vmovdqu with VEX.vvvv in use is #UD", L64, 0x1000, code({0xc5, 0xf6, 0x6f, 0x0b}),
	 {{KEMU_RBX, 0x2000}}, {}, {}, {.status = FAULT, .vector = KEMU_UD}, F, kCr4OSXSAVE, 0x400, 0,
	 kCr0NoTS},
	{"vmovdqu without CR4.OSXSAVE is #UD", L64, 0x1000, code({0xc5, 0xfe, 0x6f, 0x0b}),
	 {{KEMU_RBX, 0x2000}}, {}, {}, {.status = FAULT, .vector = KEMU_UD}, F, kCr4OSFXSR, 0x400, 0,
	 kCr0NoTS},
	// memory-only forms with a register operand are #UD, not a move into RAX
	{"vmovntps xmm0,xmm0 (register form) is #UD", L64, 0x1000, code({0xc5, 0xf8, 0x2b, 0xc0}),
	 {{KEMU_RAX, 0x1234}}, {}, {}, {.status = FAULT, .vector = KEMU_UD}, F, kCr4OSXSAVE, 0x400,
	 0, kCr0NoTS},
	{"vmovntdq xmm0,xmm0 (register form) is #UD", L64, 0x1000, code({0xc5, 0xf9, 0xe7, 0xc0}),
	 {{KEMU_RAX, 0x1234}}, {}, {}, {.status = FAULT, .vector = KEMU_UD}, F, kCr4OSXSAVE, 0x400,
	 0, kCr0NoTS},
	{"vaddps: VEX arithmetic is not emulated", L64, 0x1000, code({0xc5, 0xf8, 0x58, 0xc1}), {}, {}, {},
	 {.status = UNHANDLED}, F, kCr4OSXSAVE, 0x400, 0, kCr0NoTS},
	{"movq mm0,[rbx] with CR0.EM is #UD", L64, 0x1000, code({0x0f, 0x6f, 0x03}), {{KEMU_RBX, 0x2000}},
	 {}, {}, {.status = FAULT, .vector = KEMU_UD}, F, 0, 0x400, 0, kCr0NoTS | 4},
	// ---- a pending x87 exception (FSW.ZE with FCW.ZM clear: what FDIVP by 0 leaves) ----
	// every MMX instruction raises it as #MF first (KVM: flush_pending_x87_faults)
	{"movq mm0,[rbx] with a pending x87 exception is #MF", L64, 0x1000, code({0x0f, 0x6f, 0x03}),
	 {{KEMU_RBX, 0x2000}}, {{0x2000, 8, 0xaabbccdd11223344}}, {}, {.status = FAULT, .vector = KEMU_MF},
	 F, 0, 0x400, 0, kCr0NoTS, kFswZeroDivide, kFcwZeroDivideUnmasked},
	{"movq [rbx],mm1 with a pending x87 exception is #MF, nothing written", L64, 0x1000,
	 code({0x0f, 0x7f, 0x0b}), {{KEMU_RBX, 0x2000}}, {}, {}, {.status = FAULT, .vector = KEMU_MF},
	 F, 0, 0x400, 0, kCr0NoTS, kFswZeroDivide, kFcwZeroDivideUnmasked},
	{"movq mm0,mm1 with a pending x87 exception is #MF", L64, 0x1000, code({0x0f, 0x6f, 0xc1}), {},
	 {}, {}, {.status = FAULT, .vector = KEMU_MF}, F, 0, 0x400, 0, kCr0NoTS, kFswZeroDivide,
	 kFcwZeroDivideUnmasked},
	{"movd mm0,eax with a pending x87 exception is #MF", P32, 0x1000, code({0x0f, 0x6e, 0xc0}), {},
	 {}, {}, {.status = FAULT, .vector = KEMU_MF}, F, 0, 0x400, 0, kCr0NoTS, kFswZeroDivide,
	 kFcwZeroDivideUnmasked},
	{"movq rax,mm2 with a pending x87 exception is #MF", L64, 0x1000, code({0x48, 0x0f, 0x7e, 0xd0}),
	 {}, {}, {}, {.status = FAULT, .vector = KEMU_MF}, F, 0, 0x400, 0, kCr0NoTS, kFswZeroDivide,
	 kFcwZeroDivideUnmasked},
	{"movntq [rbx],mm1 with a pending x87 exception is #MF", L64, 0x1000, code({0x0f, 0xe7, 0x0b}),
	 {{KEMU_RBX, 0x2000}}, {}, {}, {.status = FAULT, .vector = KEMU_MF}, F, 0, 0x400, 0, kCr0NoTS,
	 kFswZeroDivide, kFcwZeroDivideUnmasked},
	// a precision flag under its mask, as after FNINIT and an inexact result: nothing pending
	{"movq mm0,[rbx] with a masked x87 exception flag runs", L64, 0x1000, code({0x0f, 0x6f, 0x03}),
	 {{KEMU_RBX, 0x2000}}, {{0x2000, 8, 0xaabbccdd11223344}}, {},
	 {.length = 3, .writes = {{kHostMmx + 0, 8, 0xaabbccdd11223344}}}, F, 0, 0x400, 0, kCr0NoTS,
	 kFswZeroDivide, kFpuControl},
	// the CPU's order: CR0.EM (#UD), then CR0.TS (#NM), then the pending exception
	{"movq mm0,[rbx]: CR0.EM's #UD comes before #MF", L64, 0x1000, code({0x0f, 0x6f, 0x03}),
	 {{KEMU_RBX, 0x2000}}, {}, {}, {.status = FAULT, .vector = KEMU_UD}, F, 0, 0x400, 0,
	 kCr0NoTS | 4, kFswZeroDivide, kFcwZeroDivideUnmasked},
	{"movq mm0,[rbx]: CR0.TS's #NM comes before #MF", L64, 0x1000, code({0x0f, 0x6f, 0x03}),
	 {{KEMU_RBX, 0x2000}}, {}, {}, {.status = FAULT, .vector = KEMU_NM}, F, 0, 0x400, 0, kCr0,
	 kFswZeroDivide, kFcwZeroDivideUnmasked},
	// SSE is not an x87 instruction: the exception stays pending
	{"movdqa xmm0,[rbx] with a pending x87 exception runs", L64, 0x1000,
	 code({0x66, 0x0f, 0x6f, 0x03}), {{KEMU_RBX, 0x2000}}, {{0x2000, 8, 0x5555666677778888}}, {},
	 {.length = 4, .writes = {{kHostXmm + 0, 8, 0x5555666677778888}, {kHostXmm + 1, 8, 0}}}, F,
	 kCr4OSFXSR, 0x400, 0, kCr0NoTS, kFswZeroDivide, kFcwZeroDivideUnmasked},
};
// clang-format on

constinit const VectorTable kVectorMoveVectors = table(kVectorMoves);

} // namespace kemu::selftest
