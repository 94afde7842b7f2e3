/* kemu-stress guest: real mode, the same loop on every vCPU, each on its own
 * MMIO page, RAM word and ports (given in registers by stress.c):
 *   SI = vCPU * 0x100   offset of its MMIO block (ES = 0xa000 is the MMIO)
 *   BX = 0x7000 + 2 * vCPU   its RAM counter (DS = 0), starts at 0
 *   BP = 0              the iteration counter
 * Every memory and port access is forced through KVM's emulator. What the
 * guest can check it checks (MMIO/port reads, the RAM counter); the VMM
 * checks what it sees (the counter written to MMIO and to the port must
 * advance by exactly 1, REP STOSB's three writes). A failed check reports
 * its code on port 0xee. */
	.code16
	.text
	.globl stress_start
#define FEP .byte 0x0f, 0x0b, 0x6b, 0x76, 0x6d;
stress_start:
loop:
	mov %si, %di
	FEP mov %bp, %es:(%di)		/* MMIO write: the counter */
	FEP mov %es:0x10(%di), %ax	/* MMIO read: bytes 0x90 0x91 */
	cmp $0x9190, %ax
	jne fail1
	FEP addw $1, (%bx)		/* RAM read-modify-write */
	mov (%bx), %ax
	dec %ax
	cmp %bp, %ax
	jne fail2
	mov %si, %dx			/* port 0x300 + vCPU */
	shr $8, %dx
	add $0x300, %dx
	mov %bp, %ax
	FEP out %ax, %dx		/* port write: the counter */
	FEP in %dx, %ax			/* port read: 0xc1c0 */
	cmp $0xc1c0, %ax
	jne fail3
	lea 0x20(%si), %di		/* REP STOSB: three MMIO writes, one per exit */
	mov $3, %cx
	mov %bp, %ax
	cld
	FEP rep stosb
	cmp $0, %cx
	jne fail4
	inc %bp
	jmp loop
fail1:	mov $1, %al
	jmp fail
fail2:	mov $2, %al
	jmp fail
fail3:	mov $3, %al
	jmp fail
fail4:	mov $4, %al
fail:	out %al, $0xee
	hlt
	jmp fail
