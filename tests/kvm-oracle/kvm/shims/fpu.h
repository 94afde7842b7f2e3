/*
 * Stands in for arch/x86/kvm/fpu.h (kvm_emulate.h includes "fpu.h").
 *
 * In the kernel the guest's x87/MMX/SSE registers are live in the hardware
 * around emulation, and kvm_{read,write}_{sse,mmx}_reg move between them and
 * memory with movdqa/movq.  Here the guest registers are a 512-byte FXSAVE
 * image owned by the backend (kvm_oracle_guest_fpu).  kvm_fpu_get() loads
 * that image into the hardware and kvm_fpu_put() saves it back, so every
 * access below still executes the real instruction on the real registers:
 * side effects such as an MMX access setting TOP=0 and tagging all registers
 * valid land in the image exactly as they would in the guest's state.
 * emulate.c is compiled with -mno-sse/-mno-80387, so no compiler-generated
 * code touches these registers between get and put.
 */
#ifndef KVM_ORACLE_FPU_H
#define KVM_ORACLE_FPU_H

#include "kvm_shim.h"

typedef u32 __attribute__((vector_size(16))) sse128_t;

extern void *kvm_oracle_guest_fpu; /* 512-byte FXSAVE image, 16-byte aligned */
void kvm_oracle_fpu_load(void);
void kvm_oracle_fpu_save(void);

static inline void kvm_fpu_get(void) { kvm_oracle_fpu_load(); }
static inline void kvm_fpu_put(void) { kvm_oracle_fpu_save(); }

/* The register number is part of the instruction: one case per register. */
static inline void kvm_read_sse_reg(int reg, sse128_t *data)
{
	kvm_fpu_get();
	switch (reg) {
	case 0: asm volatile("movdqu %%xmm0, %0" : "=m"(*data)); break;
	case 1: asm volatile("movdqu %%xmm1, %0" : "=m"(*data)); break;
	case 2: asm volatile("movdqu %%xmm2, %0" : "=m"(*data)); break;
	case 3: asm volatile("movdqu %%xmm3, %0" : "=m"(*data)); break;
	case 4: asm volatile("movdqu %%xmm4, %0" : "=m"(*data)); break;
	case 5: asm volatile("movdqu %%xmm5, %0" : "=m"(*data)); break;
	case 6: asm volatile("movdqu %%xmm6, %0" : "=m"(*data)); break;
	case 7: asm volatile("movdqu %%xmm7, %0" : "=m"(*data)); break;
	case 8: asm volatile("movdqu %%xmm8, %0" : "=m"(*data)); break;
	case 9: asm volatile("movdqu %%xmm9, %0" : "=m"(*data)); break;
	case 10: asm volatile("movdqu %%xmm10, %0" : "=m"(*data)); break;
	case 11: asm volatile("movdqu %%xmm11, %0" : "=m"(*data)); break;
	case 12: asm volatile("movdqu %%xmm12, %0" : "=m"(*data)); break;
	case 13: asm volatile("movdqu %%xmm13, %0" : "=m"(*data)); break;
	case 14: asm volatile("movdqu %%xmm14, %0" : "=m"(*data)); break;
	case 15: asm volatile("movdqu %%xmm15, %0" : "=m"(*data)); break;
	default: BUG();
	}
	kvm_fpu_put();
}

static inline void kvm_write_sse_reg(int reg, const sse128_t *data)
{
	kvm_fpu_get();
	switch (reg) {
	case 0: asm volatile("movdqu %0, %%xmm0" : : "m"(*data)); break;
	case 1: asm volatile("movdqu %0, %%xmm1" : : "m"(*data)); break;
	case 2: asm volatile("movdqu %0, %%xmm2" : : "m"(*data)); break;
	case 3: asm volatile("movdqu %0, %%xmm3" : : "m"(*data)); break;
	case 4: asm volatile("movdqu %0, %%xmm4" : : "m"(*data)); break;
	case 5: asm volatile("movdqu %0, %%xmm5" : : "m"(*data)); break;
	case 6: asm volatile("movdqu %0, %%xmm6" : : "m"(*data)); break;
	case 7: asm volatile("movdqu %0, %%xmm7" : : "m"(*data)); break;
	case 8: asm volatile("movdqu %0, %%xmm8" : : "m"(*data)); break;
	case 9: asm volatile("movdqu %0, %%xmm9" : : "m"(*data)); break;
	case 10: asm volatile("movdqu %0, %%xmm10" : : "m"(*data)); break;
	case 11: asm volatile("movdqu %0, %%xmm11" : : "m"(*data)); break;
	case 12: asm volatile("movdqu %0, %%xmm12" : : "m"(*data)); break;
	case 13: asm volatile("movdqu %0, %%xmm13" : : "m"(*data)); break;
	case 14: asm volatile("movdqu %0, %%xmm14" : : "m"(*data)); break;
	case 15: asm volatile("movdqu %0, %%xmm15" : : "m"(*data)); break;
	default: BUG();
	}
	kvm_fpu_put();
}

static inline void kvm_read_mmx_reg(int reg, u64 *data)
{
	kvm_fpu_get();
	switch (reg) {
	case 0: asm volatile("movq %%mm0, %0" : "=m"(*data)); break;
	case 1: asm volatile("movq %%mm1, %0" : "=m"(*data)); break;
	case 2: asm volatile("movq %%mm2, %0" : "=m"(*data)); break;
	case 3: asm volatile("movq %%mm3, %0" : "=m"(*data)); break;
	case 4: asm volatile("movq %%mm4, %0" : "=m"(*data)); break;
	case 5: asm volatile("movq %%mm5, %0" : "=m"(*data)); break;
	case 6: asm volatile("movq %%mm6, %0" : "=m"(*data)); break;
	case 7: asm volatile("movq %%mm7, %0" : "=m"(*data)); break;
	default: BUG();
	}
	kvm_fpu_put();
}

static inline void kvm_write_mmx_reg(int reg, const u64 *data)
{
	kvm_fpu_get();
	switch (reg) {
	case 0: asm volatile("movq %0, %%mm0" : : "m"(*data)); break;
	case 1: asm volatile("movq %0, %%mm1" : : "m"(*data)); break;
	case 2: asm volatile("movq %0, %%mm2" : : "m"(*data)); break;
	case 3: asm volatile("movq %0, %%mm3" : : "m"(*data)); break;
	case 4: asm volatile("movq %0, %%mm4" : : "m"(*data)); break;
	case 5: asm volatile("movq %0, %%mm5" : : "m"(*data)); break;
	case 6: asm volatile("movq %0, %%mm6" : : "m"(*data)); break;
	case 7: asm volatile("movq %0, %%mm7" : : "m"(*data)); break;
	default: BUG();
	}
	kvm_fpu_put();
}

#endif
