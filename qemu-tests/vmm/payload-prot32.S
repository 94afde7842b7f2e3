/* L2 payload, 32-bit protected mode, flat segments, no paging.
 * Expected results: cases.c, prot32[]. */
#include "payload.h"
	.code32
	.text
	.globl payload_start
payload_start:
	case_begin 1		/* mov r32 -> m32, SIB base+index*4+disp8 (RAM) */
	mov $SCRATCH_A, %ebx
	mov $3, %ecx
	mov $0xdeadbeef, %eax
	fep mov %eax, 0x10(%ebx,%ecx,4)
	case_end

	case_begin 2		/* mov m32 -> r32, SIB no base: disp32+index*8 (MMIO) */
	mov $2, %esi
	fep mov MMIO_LO(,%esi,8), %edx
	case_end

	case_begin 3		/* mov imm32 -> m32, disp32 only (MMIO_HI) */
	fep movl $0xcafebabe, MMIO_HI+0x100
	case_end

	case_begin 4		/* A0: mov al, moffs32 */
	fep mov MMIO_HI+4, %al
	case_end

	case_begin 5		/* A1: mov eax, moffs32 */
	fep mov MMIO_HI+8, %eax
	case_end

	case_begin 6		/* A2: mov moffs32, al */
	mov $0x77, %al
	fep mov %al, MMIO_LO+1
	case_end

	case_begin 7		/* 66 A3: mov moffs32, ax */
	mov $0xbeef, %ax
	fep mov %ax, MMIO_LO+2
	case_end

	case_begin 8		/* xor imm32 -> m32: read-modify-write on MMIO, flags */
	fep xorl $0xffff0000, MMIO_LO+0x40
	case_end

	case_begin 9		/* add m32 -> r32 (RAM) */
	mov $SCRATCH_A, %ebx
	mov $0x10, %ecx
	fep add 4(%ebx), %ecx
	case_end

	case_begin 10		/* out dx,eax; in eax,imm8 */
	mov $PORT_TEST_DX, %edx
	mov $0xdeadbeef, %eax
	fep out %eax, (%dx)
	fep in $PORT_TEST_IMM, %eax
	case_end

	case_begin 11		/* no prefix: MMIO store + movzx load on the NPT fault */
	mov $0x13579bdf, %ecx
	mov %ecx, MMIO_HI+0x200
	movzbl MMIO_LO+5, %edx
	case_end

	case_begin 12		/* 67: 16-bit addressing in 32-bit code, writes ax only */
	movl $0x600d, SCRATCH_B+0x20
	mov $-1, %eax
	mov $0xf000, %ebx
	mov $0x20, %esi
	fep addr16 mov (%bx,%si), %ax
	case_end

	case_begin 13		/* movsb MMIO -> RAM */
	mov $MMIO_LO+0x70, %esi
	mov $SCRATCH_A+0x800, %edi
	fep movsb
	case_end

	case_begin 14		/* push m32 (MMIO) / pop m32 (MMIO) through the RAM stack */
	mov $MMIO_HI+0x500, %ebx
	fep pushl (%ebx)
	fep popl 4(%ebx)
	case_end

	case_begin 15		/* movzx m16 -> r32, movsx m8 -> r16 (MMIO) */
	fep movzwl MMIO_LO+0x90, %eax
	fep movsbw MMIO_LO+0x10, %cx
	case_end

	payload_done
