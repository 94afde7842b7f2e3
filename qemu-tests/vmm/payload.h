/* Shared between the L2 guest payloads (.S, via cpp) and the mini-VMM (C).
 *
 * Guest-physical memory map of every L2 VM (one memslot: RAM below MMIO_LO):
 *   0x00000 real-mode IVT  0x00500 exception stubs (vmm.c)  0x01800 IDT
 *   0x01000 GDT  0x01100/0x01200 TSS A/B (prot32)  0x02000-0x06fff long-mode page tables
 *   0x07ff0 stack top (32/64-bit)    0x08000 payload (LOAD_ADDR)
 *   0x0f000 scratch B      0x10000-0x11fff scratch A (refilled per case)
 *   0xa0000-0xaffff MMIO_LO   (no memslot -> KVM_EXIT_MMIO; real mode reaches it via ES=0xa000)
 *   0xe0000000 MMIO_HI        (32/64-bit only)   0x100000000 MMIO_4G (64-bit only)
 */
#ifndef KEMU_PAYLOAD_H
#define KEMU_PAYLOAD_H

#define LOAD_ADDR  0x8000
#define GDT_ENTRIES 13	/* selectors: vmm.c setup_cpu */
#define TSS_A 0x1100	/* prot32: TR 0x50 */
#define TSS_B 0x1200	/* selector 0x58 */
#define SCRATCH_B  0xf000
#define SCRATCH_A  0x10000
#define SCRATCH_SZ 0x2000
#define RAM_SIZE   0xa0000
#define MMIO_LO    0xa0000
#define MMIO_HI    0xe0000000
#define MMIO_4G    0x100000000

/* Harness ports (never forced through the emulator, not logged):
 * BEGIN takes the case id in EAX, END makes the VMM check the case,
 * DONE says the payload finished (followed by HLT). */
#define PORT_BEGIN 0xe0
#define PORT_END   0xe4
#define PORT_DONE  0xe8
/* Exception stubs (IVT/IDT -> "out %al,$(PORT_EXC_BASE+vector); hlt", no
 * register changed): the VMM reads the exception frame, checks the exception
 * against the case's expectation (an unexpected one is a FAIL naming vector
 * and IP), pops the frame (restoring RSP and RFLAGS) and resumes the payload
 * at the case's case_end, whose address case_begin passed in EBX. */
#define PORT_EXC_BASE 0xc0	/* 0xc0-0xdf: vectors 0-31 */

/* Test ports for IN/OUT cases: any other port is a logged test device whose
 * IN returns bytes 0xc0, 0xc1, 0xc2, 0xc3 (so inb=0xc0, inw=0xc1c0,
 * inl=0xc3c2c1c0). */
#define PORT_TEST_IMM 0x44
#define PORT_TEST_DX  0x310
/* The same device for runs of thousands of elements (KVM's string I/O
 * batching): its elements are not logged, its exits are counted. */
#define PORT_TEST_BULK 0x80

#ifdef __ASSEMBLER__
/* Forced emulation prefix: ud2; .ascii "kvm". With kvm.force_emulation_prefix=1
 * KVM's #UD intercept skips these 5 bytes and emulates the next instruction. */
.macro fep insn:vararg
	.byte 0x0f, 0x0b, 0x6b, 0x76, 0x6d
	\insn
.endm

/* Start case ID: tell the VMM (which resets the scratch RAM, the MMIO
 * backing, the data segment registers and descriptor tables, and clears the
 * logs; EBX = where to resume after a guest exception: this case's case_end),
 * then zero the GPRs so results do not depend on earlier cases. The xor
 * leaves ZF=PF=1 (flags 0x46). Label 77777 is reserved for this. */
.macro case_begin id
	mov $77777f, %ebx
	mov $\id, %eax
	out %eax, $PORT_BEGIN
	xor %eax, %eax
	xor %ebx, %ebx
	xor %ecx, %ecx
	xor %edx, %edx
	xor %esi, %esi
	xor %edi, %edi
	xor %ebp, %ebp
.endm

/* End the case: the VMM reads the registers at this exit (OUT changes none). */
.macro case_end
77777:	out %al, $PORT_END
.endm

.macro payload_done
	out %al, $PORT_DONE
	hlt
.endm
#endif
#endif
