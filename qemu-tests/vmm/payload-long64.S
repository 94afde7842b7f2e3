/* L2 payload, 64-bit long mode, identity-mapped (see vmm.c setup_cpu).
 * Expected results: cases.c, long64[]. */
#include "payload.h"
/* "RIPREL(x)(%rip)" addresses absolute x: a label-relative expression makes
 * GAS emit a PC32 relocation that ld resolves (the payload is linked at
 * LOAD_ADDR); a plain constant would be taken as the displacement itself. */
#define RIPREL(x) (payload_start + (x) - LOAD_ADDR)
	.code64
	.text
	.globl payload_start
payload_start:
	case_begin 1		/* mov r64 -> m64, base+index*8+disp32 (RAM) */
	movabs $0x0123456789abcdef, %rax
	mov $SCRATCH_A, %ebx
	mov $2, %ecx
	fep mov %rax, 0x100(%rbx,%rcx,8)
	case_end

	case_begin 2		/* REX.RXB: mov m32 -> r10d (MMIO), zero-extends */
	mov $MMIO_LO, %r8d
	mov $0x10, %r9d
	mov $-1, %r10
	fep mov (%r8,%r9,2), %r10d
	case_end

	case_begin 3		/* RIP-relative load from MMIO */
	fep mov RIPREL(MMIO_LO+0x30)(%rip), %eax
	case_end

	case_begin 4		/* RIP-relative store with imm32: disp counts from after the imm */
	fep movl $0x600dcafe, RIPREL(SCRATCH_A+0x84)(%rip)
	case_end

	case_begin 5		/* A0: mov al, moffs64 */
	fep movabs MMIO_HI+0x10, %al
	case_end

	case_begin 6		/* REX.W A1: mov rax, moffs64 above 4 GiB */
	fep movabs MMIO_4G+8, %rax
	case_end

	case_begin 7		/* A2: mov moffs64, al */
	mov $0x42, %al
	fep movabs %al, MMIO_4G+1
	case_end

	case_begin 8		/* 67 A3: mov moffs32, eax */
	mov $0x89abcdef, %eax
	fep addr32 mov %eax, MMIO_LO+0x44
	case_end

	case_begin 9		/* mov imm32 sign-extended -> m64 (RAM and MMIO) */
	mov $SCRATCH_A, %ebx
	fep movq $-2, 0x20(%rbx)
	movabs $MMIO_4G+0x40, %r11
	fep movq $0x7fffffff, (%r11)
	case_end

	case_begin 10		/* sub r64 -> m64: read-modify-write on MMIO, flags */
	movabs $MMIO_HI+0x80, %rsi
	mov $1, %edx
	fep sub %rdx, (%rsi)
	case_end

	case_begin 11		/* out imm8,ax; in al,dx */
	mov $0x1234, %eax
	fep out %ax, $PORT_TEST_IMM
	mov $PORT_TEST_DX, %edx
	fep in (%dx), %al
	case_end

	case_begin 12		/* no prefix: 64-bit MMIO store/load on the NPT fault */
	movabs $MMIO_4G+0x80, %rbx
	movabs $0x1122334455667788, %rax
	mov %rax, (%rbx)
	mov 8(%rbx), %rcx
	case_end

	case_begin 13		/* REX.R+B, 16-bit store: mov r13w -> [r14+6] */
	mov $0x7788, %r13d
	mov $SCRATCH_A, %r14d
	fep mov %r13w, 6(%r14)
	case_end

	case_begin 14		/* movsx from an absolute disp32 (SIB, no base/index) */
	fep movsbq MMIO_LO+1, %rax
	case_end

	case_begin 15		/* rep stosl to MMIO: one exit per iteration */
	mov $3, %ecx
	mov $0xa5a5a5a5, %eax
	movabs $MMIO_HI+0x300, %rdi
	fep rep stosl
	case_end

	case_begin 16		/* xchg r64 <-> m64 (MMIO): a read, then a plain write */
	movabs $MMIO_HI+0x400, %rbx
	movabs $0x1111222233334444, %rax
	fep xchg %rax, (%rbx)
	case_end

	case_begin 17		/* push m64 (MMIO) / pop m64 (MMIO) through the RAM stack */
	movabs $MMIO_HI+0x500, %rbx
	fep pushq (%rbx)
	fep popq 8(%rbx)
	case_end

	case_begin 18		/* bts imm8 -> m64 (MMIO read-modify-write), CF = old bit */
	movabs $MMIO_HI+0x600, %rbx
	fep btsq $9, (%rbx)
	case_end

	case_begin 19		/* cmpxchg r64 -> m64 (MMIO), equal: stores rcx */
	movabs $MMIO_HI+0x700, %rbx
	movabs $0x8786858483828180, %rax
	mov $0x55, %ecx
	fep cmpxchg %rcx, (%rbx)
	case_end

	case_begin 20		/* movdqu xmm -> m128 (MMIO): 16 bytes */
	movdqu SCRATCH_A+0x40, %xmm0
	movabs $MMIO_4G+0x100, %rbx
	fep movdqu %xmm0, (%rbx)
	case_end

	case_begin 21		/* movdqu m128 (MMIO) -> xmm */
	movabs $MMIO_4G+0x110, %rbx
	fep movdqu (%rbx), %xmm1
	movdqu %xmm1, SCRATCH_A+0x80
	case_end

	case_begin 22		/* #GP(0): non-canonical address (DS) */
	movabs $0x8000000000000000, %rbx
	fep mov (%rbx), %eax
	mov $1, %ecx		/* skipped: the VMM resumes at case_end */
	case_end

	case_begin 23		/* #SS(0): non-canonical address based on RBP (SS) */
	movabs $0x8000000000000000, %rbp
	fep mov 8(%rbp), %eax
	case_end

	case_begin 24		/* #UD: LOCK on a register destination */
	fep .byte 0xf0, 0x01, 0xc3	/* lock add %eax, %ebx */
	case_end

	case_begin 25		/* #DE: divide by a zero byte read from MMIO */
	mov $0x1234, %eax
	fep divb MMIO_LO+0x80
	case_end

	case_begin 26		/* #PF: 1 GiB-2 GiB is not mapped (PDPT entry 1 not present) */
	mov $0x40000000, %ebx
	fep mov (%rbx), %eax
	case_end

	case_begin 27		/* TZCNT (F3 0F BC) of zero: deviation, stock KVM runs BSF */
	mov $0x1234, %eax
	fep tzcnt SCRATCH_B, %eax
	case_end

	payload_done
