/* L2 payload, real mode (.code16). Loaded at 0:0x8000 with DS=0x1000 (scratch A),
 * ES=0xa000 (MMIO_LO), SS=0x0f00 (scratch B). Expected results: cases.c, real[]. */
#include "payload.h"
	.code16
	.text
	.globl payload_start
payload_start:
	case_begin 1		/* mov r16 -> m16, [bx+si] */
	mov $0xbeef, %ax
	mov $0x10, %bx
	mov $0x20, %si
	fep mov %ax, (%bx,%si)
	case_end

	case_begin 2		/* mov m16 -> r16, [bp+di+disp8]: BP implies SS */
	movw $0x4321, %ss:0x72
	mov $0x20, %bp
	mov $0x10, %di
	fep mov 0x42(%bp,%di), %cx
	case_end

	case_begin 3		/* mov imm16 -> m16, [di+disp16] */
	mov $0x34, %di
	fep movw $0xa55a, 0x100(%di)
	case_end

	case_begin 4		/* 16-bit effective address wraps at 64 KiB */
	mov $0xfff0, %bx
	mov $0x20, %si
	mov $0x1234, %ax
	fep mov %ax, (%bx,%si)
	case_end

	case_begin 5		/* A0: mov al, es:moffs16 (MMIO read) */
	fep mov %es:0x0010, %al
	case_end

	case_begin 6		/* A1: mov ax, es:moffs16 */
	fep mov %es:0x0020, %ax
	case_end

	case_begin 7		/* A2: mov es:moffs16, al */
	mov $0x5c, %al
	fep mov %al, %es:0x0030
	case_end

	case_begin 8		/* 66 A3: mov es:moffs16, eax */
	mov $0x11223344, %eax
	fep mov %eax, %es:0x0040
	case_end

	case_begin 9		/* add r16 -> m16 (RAM), flags */
	mov $0x200, %bx
	mov $0x1111, %ax
	fep add %ax, (%bx)
	case_end

	case_begin 10		/* or imm16 -> es:m16: read-modify-write on MMIO */
	fep orw $0x0f00, %es:0x50
	case_end

	case_begin 11		/* sub es:[di+2] -> dx (ALU with MMIO source) */
	mov $0x9000, %dx
	mov $0x60, %di
	fep sub %es:2(%di), %dx
	case_end

	case_begin 12		/* out dx,al; in al... ax,imm8 */
	mov $PORT_TEST_DX, %dx
	mov $0x5a, %al
	fep out %al, (%dx)
	fep in $PORT_TEST_IMM, %ax
	case_end

	case_begin 13		/* no prefix: MMIO access emulated on the NPT fault */
	mov $0x100, %di
	mov $0x2468, %ax
	mov %ax, %es:(%di)
	mov %es:4(%di), %bx
	case_end

	case_begin 14		/* high-byte register source */
	mov $0xab00, %ax
	mov $0x300, %si
	fep mov %ah, %es:(%si)
	case_end

	case_begin 15		/* 66: mov m32 -> r32, [bx+di+disp16] */
	mov $0x10, %bx
	mov $0x1, %di
	fep mov 0x1000(%bx,%di), %eax
	case_end

	case_begin 16		/* stosw to MMIO */
	mov $0x7777, %ax
	mov $0x400, %di
	fep stosw
	case_end

	case_begin 17		/* xchg r16 <-> es:m16 (MMIO) */
	mov $0x1234, %ax
	fep xchg %ax, %es:0x500
	case_end

	payload_done
