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

	case_begin 28		/* add rax -> m64 above 4 GiB */
	movabs $MMIO_4G+0x10, %rbx
	mov $1, %eax
	fep add %rax, (%rbx)
	case_end

	case_begin 29		/* adc m64 -> rax = -1 with CF=1: sum = m64 + 2^64 */
	mov $-1, %rax
	stc
	fep adc SCRATCH_A, %rax
	case_end

	case_begin 30		/* sub imm8 -> m32 */
	mov $MMIO_HI+0x10, %r11d
	fep subl $0x10, (%r11)
	case_end

	case_begin 31		/* and -16 (sign-extended) -> m64 */
	fep andq $-16, SCRATCH_A+8
	case_end

	case_begin 32		/* or m64 -> r12 (REX.R) */
	xor %r12d, %r12d
	mov $MMIO_HI+0x08, %r11d
	fep or (%r11), %r12
	case_end

	case_begin 33		/* xor m32 -> eax clears bits 63:32 */
	mov $-1, %rax
	fep xor MMIO_LO+0x10, %eax
	case_end

	case_begin 34		/* cmp rax, m64: m64 - rax */
	movabs $0x8000000000000000, %rax
	mov $MMIO_HI+0x40, %r11d
	fep cmp %rax, (%r11)
	case_end

	case_begin 35		/* test rbx, m64 */
	movabs $MMIO_4G+0x20, %rsi
	movabs $0xff00000000000000, %rbx
	fep test %rbx, (%rsi)
	case_end

	case_begin 36		/* inc m64 (scratch B = 0) */
	fep incq SCRATCH_B
	case_end

	case_begin 37		/* dec m16 through r9 */
	mov $MMIO_LO+0x60, %r9d
	fep decw (%r9)
	case_end

	case_begin 38		/* neg rax = 1 */
	mov $1, %eax
	fep neg %rax
	case_end

	case_begin 39		/* not m64 */
	movabs $MMIO_4G+0x50, %rbx
	fep notq (%rbx)
	case_end

	case_begin 40		/* sbb m8 -> sil (REX byte register) */
	mov $0x10, %sil
	fep sbb MMIO_LO+0x01, %sil
	case_end

	case_begin 41		/* lock or imm32 -> m64 (RAM) */
	fep lock orq $0x100, SCRATCH_B
	case_end

	case_begin 42		/* shl m64 by cl=4 */
	movabs $MMIO_4G+0x10, %rbx
	mov $4, %cl
	fep shlq %cl, (%rbx)
	case_end

	case_begin 43		/* sar rax by 63 */
	movabs $0x8000000000000000, %rax
	fep sar $63, %rax
	case_end

	case_begin 44		/* rol m64 by 1 */
	fep rolq SCRATCH_A+0x18
	case_end

	case_begin 45		/* shrd $8, rbx, rax */
	movabs $0x1122334455667788, %rax
	mov $0xaa, %ebx
	fep shrd $8, %rbx, %rax
	case_end

	case_begin 46		/* rcr m32 by cl=2, CF=0 */
	mov $2, %cl
	fep rcrl %cl, MMIO_LO+0x30
	case_end

	case_begin 47		/* mul m64: rdx:rax */
	movabs $MMIO_4G+0x10, %rbx
	mov $0x100, %eax
	fep mulq (%rbx)
	case_end

	case_begin 48		/* imul $16, m64 -> rcx */
	movabs $MMIO_4G+0x10, %rbx
	fep imul $16, (%rbx), %rcx
	case_end

	case_begin 49		/* div rdx:rax = 100 by 7 (RAM) */
	movq $7, SCRATCH_B
	mov $100, %eax
	fep divq SCRATCH_B
	case_end

	case_begin 50		/* idiv rdx:rax = -100 by -7 (RAM) */
	movq $-7, SCRATCH_B
	mov $-100, %rax
	cqto
	fep idivq SCRATCH_B
	case_end

	case_begin 51		/* div rdx:rax = 2^64 by 1: quotient too big, #DE */
	movq $1, SCRATCH_B
	mov $1, %edx
	fep divq SCRATCH_B
	case_end

	case_begin 52		/* bt rbx=197, m64: the qword 24 bytes on */
	mov $197, %ebx
	mov $MMIO_HI, %r11d
	fep bt %rbx, (%r11)
	case_end

	case_begin 53		/* btr $63, m64 */
	movabs $MMIO_4G+0x10, %rbx
	fep btrq $63, (%rbx)
	case_end

	case_begin 54		/* bsr m64 */
	fep bsr SCRATCH_A, %rax
	case_end

	case_begin 55		/* mov -0x10(rbx) -> rdx */
	movabs $MMIO_4G+0x100, %rbx
	fep mov -0x10(%rbx), %rdx
	case_end

	case_begin 56		/* movsxd m32 -> rax */
	fep movslq MMIO_LO+0x10, %rax
	case_end

	case_begin 57		/* movzx m16 -> rcx */
	mov $-1, %rcx
	mov $MMIO_HI+0x2e, %r11d
	fep movzwq (%r11), %rcx
	case_end

	case_begin 58		/* mov sil -> m8 (REX byte register) */
	mov $0x5e, %esi
	fep mov %sil, MMIO_LO+0x07
	case_end

	case_begin 59		/* movabs imm64 -> r15 */
	fep movabs $0x0123456789abcdef, %r15
	case_end

	case_begin 60		/* cmp 1, 2; cmovl m64 -> rax (taken) */
	mov $1, %ecx
	cmp $2, %ecx
	mov $MMIO_HI+0x70, %r11d
	fep cmovl (%r11), %rax
	case_end

	case_begin 61		/* add overflow, seto r8b */
	mov $-1, %r8
	mov $0x7f, %al
	add $1, %al
	fep seto %r8b
	case_end

	case_begin 62		/* xchg r9w, m16 */
	mov $0x4242, %r9d
	fep xchg %r9w, MMIO_LO+0x10
	case_end

	case_begin 63		/* lock xadd rax, m64 */
	mov $0x100, %eax
	fep lock xadd %rax, SCRATCH_A
	case_end

	case_begin 64		/* cmpxchg ecx, m32 fails: eax loaded, rax bits 63:32 cleared */
	mov $-1, %rax
	fep cmpxchg %ecx, MMIO_LO+0x10
	case_end

	case_begin 65		/* cmpxchg ecx, m32 succeeds: rax untouched (bits 63:32 kept) */
	movabs $0xffffffff93929190, %rax
	mov $0x1234, %ecx
	fep cmpxchg %ecx, MMIO_LO+0x10
	case_end

	case_begin 66		/* cmpxchg (8-bit) r8b, m8 (MMIO): equal, stores r9b */
	mov $0x90, %eax
	mov $0x77, %r9d
	fep cmpxchg %r9b, MMIO_LO+0x10
	case_end

	case_begin 67		/* cmpxchg8b m64 (MMIO_4G) in 64-bit mode: differs */
	movabs $MMIO_4G+0x10, %rsi
	fep cmpxchg8b (%rsi)
	case_end

	case_begin 68		/* push m64 (RAM), pop natively */
	fep pushq SCRATCH_A+8
	pop %rcx
	case_end

	case_begin 69		/* pushfq, popfq 0x8d5 (+AC), restored after */
	stc
	fep pushf
	pop %rbx
	push $0x408d5
	fep popf
	pushf
	pop %rcx
	push $2
	popf
	case_end

	case_begin 70		/* enter $16,$0 / leave */
	mov $0x1234, %ebp
	fep enter $16, $0
	mov %rsp, %rcx
	mov %rbp, %rdx
	fep leave
	case_end

	case_begin 71		/* push imm32 (sign-extended to 64) */
	fep push $-3
	pop %rax
	case_end

	case_begin 72		/* push fs (0x10), pop gs */
	fep push %fs
	fep pop %gs
	mov %gs, %eax
	case_end

	case_begin 73		/* pop m64 with an RSP base: the address uses RSP after the pop */
	push $0x66
	fep popq 8(%rsp)
	case_end

	case_begin 74		/* push r12 (41 54), pop rax */
	movabs $0x1122334455667788, %r12
	fep push %r12
	pop %rax
	case_end

	case_begin 75		/* call near through m64 above 4 GiB */
	movabs $MMIO_4G+0x30, %rbx
	movq $1f, (%rbx)
	fep call *(%rbx)
3:	jmp 2f
1:	pop %rcx
	sub $3b, %rcx
	mov $1, %edx
2:
	case_end

	case_begin 76		/* jmp through m64 (RAM) */
	movq $1f, SCRATCH_B
	fep jmp *SCRATCH_B
	mov $1, %eax
1:
	case_end

	case_begin 77		/* call *rax; the callee returns with ret $0 */
	mov $1f, %eax
	fep call *%rax
	jmp 2f
1:	mov %rsp, %rbx
	fep ret
2:
	case_end

	case_begin 78		/* ret $16 */
	push $0x1111
	push $0x2222
	push $1f
	fep ret $16
1:
	case_end

	case_begin 79		/* jmp rel32 forward */
	fep {disp32} jmp 1f
	mov $1, %eax
1:
	case_end

	case_begin 80		/* loop with rcx=3, then jrcxz taken */
	mov $3, %ecx
1:	inc %eax
	fep loop 1b
	fep jrcxz 2f
	mov $1, %ebx
2:
	case_end

	case_begin 81		/* lretq to pushed 0x48:label (second code64 selector), back to 0x18 */
	push $0x48
	push $1f
	fep lretq
1:	mov %cs, %eax
	push $0x18
	push $2f
	lretq
2:
	case_end

	case_begin 82		/* far jmp through m16:32 (RAM) to 0x48:label, back to 0x18 */
	movl $1f, SCRATCH_B
	movw $0x48, SCRATCH_B+4
	fep ljmp *SCRATCH_B
1:	mov %cs, %eax
	push $0x18
	push $2f
	lretq
2:
	case_end

	case_begin 83		/* far call through m16:32: pushes 4-byte CS and EIP; lretl back */
	movl $1f, SCRATCH_B
	movw $0x48, SCRATCH_B+4
	fep lcall *SCRATCH_B
	jmp 2f
1:	mov %cs, %ebx
	mov %rsp, %rcx
	fep lretl
2:
	case_end

	case_begin 84		/* rep movsq RAM -> MMIO_4G, rcx=2 */
	mov $2, %ecx
	mov $SCRATCH_A+0x20, %esi
	movabs $MMIO_4G+0x200, %rdi
	fep rep movsq
	case_end

	case_begin 85		/* std; rep stosq into RAM, rcx=2 */
	mov $SCRATCH_A+0x108, %edi
	mov $2, %ecx
	mov $-1, %rax
	std
	fep rep stosq
	cld
	case_end

	case_begin 86		/* repne scasq for the 3rd qword of MMIO_HI */
	movabs $0x9796959493929190, %rax
	mov $MMIO_HI, %edi
	mov $5, %ecx
	fep repne scasq
	case_end

	case_begin 87		/* 67 rep movsb: esi/edi address, RAM -> MMIO_LO, rcx=2 */
	mov $2, %ecx
	mov $SCRATCH_A+0x40, %esi
	mov $MMIO_LO+0x40, %edi
	fep addr32 rep movsb
	case_end

	case_begin 88		/* lodsq from above 4 GiB */
	movabs $MMIO_4G+0x20, %rsi
	fep lodsq
	case_end

	case_begin 89		/* rep outsb MMIO_HI -> port dx, rcx=3 */
	mov $3, %ecx
	mov $MMIO_HI+0x10, %esi
	mov $PORT_TEST_DX, %edx
	fep rep outsb
	case_end

	case_begin 90		/* rep insw port dx -> MMIO_HI, rcx=3: one port exit, one 6-byte write */
	mov $3, %ecx
	mov $MMIO_HI+0x40, %edi
	mov $PORT_TEST_DX, %edx
	fep rep insw
	case_end

	case_begin 91		/* in eax, dx clears bits 63:32 */
	mov $-1, %rax
	mov $PORT_TEST_DX, %edx
	fep in (%dx), %eax
	case_end

	case_begin 92		/* out dx, ax */
	mov $PORT_TEST_DX, %edx
	mov $0x55aa, %eax
	fep out %ax, (%dx)
	case_end

	case_begin 93		/* read cr0/cr3/cr4, write each back */
	fep mov %cr0, %rax
	fep mov %cr3, %rbx
	fep mov %cr4, %rcx
	fep mov %rax, %cr0
	fep mov %rbx, %cr3
	fep mov %rcx, %cr4
	case_end

	case_begin 94		/* cr2 = 0x123456789a, read back */
	movabs $0x123456789a, %rax
	fep mov %rax, %cr2
	fep mov %cr2, %rbx
	case_end

	case_begin 95		/* dr0 = 64-bit address, read back */
	movabs $0xffff800012345678, %rax
	fep mov %rax, %dr0
	fep mov %dr0, %rbx
	case_end

	case_begin 96		/* rdmsr EFER (0xc0000080) */
	mov $0xc0000080, %ecx
	fep rdmsr
	case_end

	case_begin 97		/* KERNEL_GS_BASE (0xc0000102) round trip */
	mov $0xc0000102, %ecx
	mov $0x9abcdef0, %eax
	mov $0x7fff, %edx		/* canonical: 0x00007fff9abcdef0 */
	fep wrmsr
	xor %eax, %eax
	xor %edx, %edx
	fep rdmsr
	case_end

	case_begin 98		/* GS_BASE (0xc0000101) = SCRATCH_A, read gs:[4] */
	mov $0xc0000101, %ecx
	mov $SCRATCH_A, %eax
	xor %edx, %edx
	fep wrmsr
	mov %gs:4, %ebx
	xor %eax, %eax
	fep rdmsr
	case_end

	case_begin 99		/* LSTAR (0xc0000082) and STAR (0xc0000081) round trips */
	mov $0xc0000082, %ecx
	mov $0x8000, %eax
	mov $0xffffffff, %edx
	fep wrmsr
	mov $0xc0000081, %ecx
	mov $0x11111111, %eax
	mov $0x00230010, %edx
	fep wrmsr
	fep rdmsr
	mov %eax, %esi
	mov %edx, %edi
	mov $0xc0000082, %ecx
	fep rdmsr
	case_end

	case_begin 100		/* rdmsr of a nonexistent MSR: #GP(0) */
	mov $0x12345678, %ecx
	fep rdmsr
	case_end

	case_begin 101		/* sgdt: 10 bytes in 64-bit mode */
	fep sgdt SCRATCH_A+0x100
	case_end

	case_begin 102		/* sidt: 10 bytes */
	fep sidt SCRATCH_B
	case_end

	case_begin 103		/* sldt/str to memory (16 bits), smsw r64 */
	fep sldt SCRATCH_A
	fep str SCRATCH_A+2
	fep smsw %rax
	case_end

	case_begin 104		/* lgdt/lidt with 64-bit bases, sgdt/sidt back */
	movw $0x4f, SCRATCH_B
	movq $0x1000, SCRATCH_B+2
	fep lgdt SCRATCH_B
	movw $0x1ff, SCRATCH_B+0x10
	movq $0x1800, SCRATCH_B+0x12
	fep lidt SCRATCH_B+0x10
	fep sgdt SCRATCH_B+0x20
	fep sidt SCRATCH_B+0x30
	case_end

	case_begin 105		/* set CR0.TS, clts, read CR0 */
	mov %cr0, %rax
	or $8, %rax
	mov %rax, %cr0
	fep clts
	fep mov %cr0, %rbx
	case_end

	case_begin 106		/* cpuid 0x80000001: long mode bit */
	mov $0x80000001, %eax
	fep cpuid
	case_end

	case_begin 107		/* invlpg, wbinvd: no visible effect */
	mov $SCRATCH_A, %ebx
	fep invlpg (%rbx)
	fep wbinvd
	mov $1, %eax
	case_end

	case_begin 108		/* cdqe then cqo */
	mov $0x80000000, %eax
	fep cltq
	fep cqto
	case_end

	case_begin 109		/* sahf 0xc1 then lahf (LAHF/SAHF in 64-bit mode) */
	mov $0xc1, %ah
	fep sahf
	fep lahf
	case_end

	case_begin 110		/* stc, cmc, clc with setc */
	fep stc
	setc %al
	fep cmc
	setc %bl
	fep stc
	fep clc
	setc %cl
	case_end

	case_begin 111		/* xlat [rbx+al] above 4 GiB */
	movabs $MMIO_4G+0x40, %rbx
	mov $3, %al
	fep xlat
	case_end

	case_begin 112		/* bswap rax */
	movabs $0x0102030405060708, %rax
	fep bswap %rax
	case_end

	case_begin 113		/* lea rip-relative */
	fep lea RIPREL(0x12345)(%rip), %rax
	case_end

	case_begin 114		/* movups xmm2 -> m128 above 4 GiB (two 8-byte exits) */
	movdqu SCRATCH_A+0x20, %xmm2
	movabs $MMIO_4G+0x200, %rbx
	fep movups %xmm2, (%rbx)
	case_end

	case_begin 115		/* movups m128 (MMIO_HI, unaligned) -> xmm3 */
	mov $MMIO_HI+0x8, %r11d
	fep movups (%r11), %xmm3
	movdqu %xmm3, SCRATCH_A+0x80
	case_end

	case_begin 116		/* movaps xmm2 -> m128 (16-byte aligned MMIO) */
	movdqu SCRATCH_A+0x30, %xmm2
	mov $MMIO_HI+0x100, %r11d
	fep movaps %xmm2, (%r11)
	case_end

	case_begin 117		/* movaps from a misaligned address: #GP(0) */
	mov $MMIO_HI+0x8, %r11d
	fep movaps (%r11), %xmm3
	case_end

	case_begin 118		/* movdqa m128 (MMIO_LO) -> xmm4 */
	fep movdqa MMIO_LO+0x40, %xmm4
	movdqu %xmm4, SCRATCH_A+0x80
	case_end

	case_begin 119		/* movdqa xmm -> m128 (RAM), no exit */
	movdqu SCRATCH_A+0x50, %xmm5
	fep movdqa %xmm5, SCRATCH_B
	case_end

	case_begin 120		/* 66 movupd store, 66 movapd load (MMIO_4G) */
	movdqu SCRATCH_A+0x60, %xmm6
	movabs $MMIO_4G+0x300, %rbx
	fep movupd %xmm6, (%rbx)
	fep movapd (%rbx), %xmm7
	movdqu %xmm7, SCRATCH_A+0x80
	case_end

	case_begin 121		/* MMX movq mm0 -> m64 and m64 -> mm1 (0F 7F / 0F 6F) */
	movq SCRATCH_A+0x70, %mm0
	mov $MMIO_HI+0x200, %r11d
	fep movq %mm0, (%r11)
	mov $MMIO_HI+0x208, %r11d
	fep movq (%r11), %mm1
	movq %mm1, SCRATCH_B
	emms
	case_end

	case_begin 122		/* movnti r64 and r32 -> MMIO */
	movabs $0x1122334455667788, %rax
	mov $MMIO_HI+0x300, %r11d
	fep movnti %rax, (%r11)
	mov $MMIO_HI+0x308, %r11d
	fep movnti %eax, (%r11)
	case_end

	case_begin 123		/* movntps (0F 2B) and movntdq (66 0F E7) -> MMIO */
	movdqu SCRATCH_A, %xmm0
	mov $MMIO_HI+0x400, %r11d
	fep movntps %xmm0, (%r11)
	mov $MMIO_HI+0x410, %r11d
	fep movntdq %xmm0, (%r11)
	case_end

	case_begin 124		/* store to a non-canonical address: #GP(0) */
	movabs $0x0000800000000000, %rbx
	fep movl $1, (%rbx)
	case_end

	case_begin 125		/* write to 1 GiB (not mapped): #PF, error code W */
	mov $0x40000008, %ebx
	fep movl $1, (%rbx)
	case_end

	case_begin 126		/* push es (06) does not exist in 64-bit mode: #UD */
	fep .byte 0x06
	case_end

	case_begin 127		/* LOCK NOP: #UD */
	fep .byte 0xf0, 0x90
	case_end

	/* x87 exception state before an MMX instruction (forced MOVQ mm0 -> MMIO):
	 * mm0 is loaded first, FNINIT keeps its register (R0) and the x87 stack
	 * uses R7 and R6.  0/0 raises IE; unmasked it is pending, and the MMX
	 * instruction delivers it as #MF before any access (KVM:
	 * flush_pending_x87_faults); masked it only sets the flag.  FNINIT after
	 * each case clears what is left.  Before the deviation cases, which leave
	 * the XMM registers different under stock KVM and kemu. */
	case_begin 901		/* every exception unmasked: #MF, no MMIO write */
	movq SCRATCH_A+0x70, %mm0
	fninit
	push $0x0340
	fldcw (%rsp)
	lea 8(%rsp), %rsp
	fldz
	fldz
	fdivp
	mov $MMIO_HI+0x200, %r11d
	fep movq %mm0, (%r11)
	case_end
	fninit

	case_begin 902		/* every exception masked: the store runs */
	movq SCRATCH_A+0x70, %mm0
	fninit
	fldz
	fldz
	fdivp
	mov $MMIO_HI+0x200, %r11d
	fep movq %mm0, (%r11)
	case_end
	fninit

	/* Beyond stock KVM (deviation cases). Stock KVM runs LZCNT (F3 0F BD) as
	 * BSR; MOVD/MOVQ between XMM and memory (66 0F 6E/7E, F3 0F 7E, 66 0F D6)
	 * are not in its decode tables (#UD for the forced instruction); it
	 * decodes CMPXCHG16B but gives up on it (emulation failure exit). kemu
	 * emulates them all. */
	case_begin 128		/* lzcnt of the MMIO dword 0x07060504 */
	mov $MMIO_HI+0x84, %r11d
	fep lzcnt (%r11), %eax
	case_end

	case_begin 129		/* movd m32 (MMIO) -> xmm1 (66 0F 6E), xmm1 all ones before */
	pcmpeqd %xmm1, %xmm1
	mov $MMIO_LO+0x10, %ebx
	fep movd (%rbx), %xmm1
	movdqu %xmm1, SCRATCH_A+0x80
	case_end

	case_begin 130		/* movd xmm0 -> m32 (MMIO_HI) (66 0F 7E) */
	movdqu SCRATCH_A+0x40, %xmm0
	mov $MMIO_HI+0x100, %r11d
	fep movd %xmm0, (%r11)
	case_end

	case_begin 131		/* movq m64 (MMIO_4G) -> xmm2 (F3 0F 7E), xmm2 all ones before */
	pcmpeqd %xmm2, %xmm2
	movabs $MMIO_4G+0x10, %rbx
	fep movq (%rbx), %xmm2
	movdqu %xmm2, SCRATCH_A+0x80
	case_end

	case_begin 132		/* movq xmm3 -> m64 (MMIO_HI) (66 0F D6) */
	movdqu SCRATCH_A+0x50, %xmm3
	mov $MMIO_HI+0x108, %r11d
	fep movq %xmm3, (%r11)
	case_end

	case_begin 133		/* movq m64 (MMIO) -> xmm4, REX.W form of movd: 66 48 0F 6E /r */
	pcmpeqd %xmm4, %xmm4
	mov $MMIO_LO+0x20, %ebx
	fep .byte 0x66, 0x48, 0x0f, 0x6e, 0x23	/* movq (%rbx), %xmm4 */
	movdqu %xmm4, SCRATCH_A+0x80
	case_end

	case_begin 134		/* movq xmm5 -> m64 (MMIO_4G), REX.W form: 66 48 0F 7E /r */
	movdqu SCRATCH_A+0x60, %xmm5
	movabs $MMIO_4G+0x40, %rbx
	fep .byte 0x66, 0x48, 0x0f, 0x7e, 0x2b	/* movq %xmm5, (%rbx) */
	case_end

	/* CMPXCHG16B: LOCKed on RAM (KVM's cmpxchg_emulated writes 16 bytes
	 * plainly, from the bridge's kept buffer), plain on MMIO */
	case_begin 135		/* lock cmpxchg16b on RAM, rdx:rax equal to the memory */
	mov SCRATCH_A+0x20, %rax
	mov SCRATCH_A+0x28, %rdx
	movabs $0x1111111111111111, %rbx
	movabs $0x2222222222222222, %rcx
	mov $1, %esi
	test %esi, %esi		/* ZF=0 before */
	fep lock cmpxchg16b SCRATCH_A+0x20
	case_end

	case_begin 136		/* cmpxchg16b on MMIO_4G, rdx:rax = 0 differs */
	movabs $MMIO_4G+0x20, %r11
	movabs $0x1111111111111111, %rbx
	movabs $0x2222222222222222, %rcx
	fep cmpxchg16b (%r11)
	case_end

	/* ---- exits to userspace in the middle of an instruction ---- */
	/* The deviation cases above leave different stack contents and XMM
	 * registers under stock KVM and kemu (#UD frames, MOVD/MOVQ loads):
	 * clear the stack page below its top and XMM0-15, so that the
	 * comparison of the cases below sees their own effects only. */
	cld
	mov $0x7000, %edi
	mov $(0x7ff0 - 0x7000) / 8, %ecx
	xor %eax, %eax
	rep stosq
	.irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	pxor %xmm\r, %xmm\r
	.endr
	/* Bit strings with a register bit offset on MMIO: the offset moves the
	 * operand (a[offset >> 5], a[offset >> 6] for 64 bits); its read exits to
	 * userspace and the pass that runs again must move it from the decoded
	 * address once more, not from where the first pass left it.
	 * a = MMIO_LO+0x100. */
	case_begin 220		/* btc a[0], 66: bit 2 of a[2] */
	mov $MMIO_LO+0x100, %esi
	mov $66, %ecx
	fep btcl %ecx, (%rsi)
	case_end

	case_begin 221		/* btc a[3], -1: bit 31 of a[2] */
	mov $MMIO_LO+0x10c, %esi
	mov $-1, %ecx
	fep btcl %ecx, (%rsi)
	case_end

	case_begin 222		/* bts a[0], 35: bit 3 of a[1] */
	mov $MMIO_LO+0x100, %esi
	mov $35, %ecx
	fep btsl %ecx, (%rsi)
	case_end

	case_begin 223		/* btr qword a[0], -66: bit 62 of the qword at a - 16 */
	mov $MMIO_LO+0x100, %esi
	mov $-66, %rcx
	fep btrq %rcx, (%rsi)
	case_end

	/* A write split over two MMIO pages: ENTER pushes RBP at 0xa0ffc (four
	 * bytes in each page), the frame ends in RAM below MMIO_LO. */
	case_begin 224		/* enter $0x1234,$0 with RSP = MMIO_LO + 0x1004 */
	mov %rsp, %rdi
	mov $MMIO_LO+0x1004, %esp
	movabs $0x1122334455667788, %rbp
	fep enter $0x1234, $0
	mov %rsp, %rcx
	mov %rbp, %rdx
	mov %rdi, %rsp
	case_end

	/* String instructions in every form, MMIO and port, both directions,
	 * across page ends (MMIO_HI pages, and RAM's end at MMIO_LO): the VMM
	 * also compares each case's port exits and KVM's insn_emulation with
	 * stock KVM's. */
	case_begin 300		/* std; rep movsw MMIO_HI -> MMIO_HI, down across a page start */
	movabs $MMIO_HI+0x1002, %rsi
	movabs $MMIO_HI+0x2002, %rdi
	mov $3, %ecx
	std
	fep rep movsw
	cld
	case_end

	case_begin 301		/* rep movsb RAM -> RAM's last bytes, then MMIO_LO */
	mov $SCRATCH_A+0x10, %esi
	mov $0x9fffe, %edi
	mov $4, %ecx
	fep rep movsb
	case_end

	case_begin 302		/* movsq MMIO_4G -> RAM */
	movabs $MMIO_4G+0x10, %rsi
	mov $SCRATCH_B+0x10, %edi
	fep movsq
	case_end

	case_begin 303		/* rep stosl into MMIO_HI across a page end */
	movabs $MMIO_HI+0xffc, %rdi
	mov $0x11223344, %eax
	mov $3, %ecx
	fep rep stosl
	case_end

	case_begin 304		/* std; rep stosw MMIO_LO down into RAM */
	mov $0xa0002, %edi
	mov $0xabcd, %eax
	mov $4, %ecx
	std
	fep rep stosw
	cld
	case_end

	case_begin 305		/* std; rep lodsb MMIO_HI down across a page start */
	movabs $MMIO_HI+0x1001, %rsi
	mov $3, %ecx
	std
	fep rep lodsb
	cld
	case_end

	case_begin 306		/* rep lodsq MMIO_4G */
	movabs $MMIO_4G+0x30, %rsi
	mov $2, %ecx
	fep rep lodsq
	case_end

	case_begin 307		/* repe cmpsw MMIO_HI with MMIO_LO: equal */
	movabs $MMIO_HI+0x20, %rsi
	mov $MMIO_LO+0x20, %edi
	mov $3, %ecx
	fep repe cmpsw
	case_end

	case_begin 308		/* std; repne scasl MMIO_HI down across a page start: no match */
	movabs $MMIO_HI+0x1004, %rdi
	mov $0x12345678, %eax
	mov $3, %ecx
	std
	fep repne scasl
	cld
	case_end

	case_begin 309		/* rep insb port -> RAM's last 6 bytes, then MMIO_LO */
	mov $0x9fffa, %edi
	mov $PORT_TEST_DX, %edx
	mov $10, %ecx
	fep rep insb
	case_end

	case_begin 310		/* rep insw port -> 0x9fffc: KVM's run of 4 words reaches MMIO_LO */
	mov $0x9fffc, %edi
	mov $PORT_TEST_DX, %edx
	mov $4, %ecx
	fep rep insw
	case_end

	case_begin 311		/* std; rep insl port -> MMIO_HI */
	movabs $MMIO_HI+0x48, %rdi
	mov $PORT_TEST_DX, %edx
	mov $3, %ecx
	std
	fep rep insl
	cld
	case_end

	case_begin 312		/* std; rep insb port -> RAM */
	mov $SCRATCH_B+0x105, %edi
	mov $PORT_TEST_DX, %edx
	mov $8, %ecx
	std
	fep rep insb
	cld
	case_end

	case_begin 313		/* std; rep outsw MMIO_HI -> port, down across a page start */
	movabs $MMIO_HI+0x1002, %rsi
	mov $PORT_TEST_DX, %edx
	mov $3, %ecx
	std
	fep rep outsw
	cld
	case_end

	case_begin 314		/* rep outsb RAM's last 2 bytes, then MMIO_LO -> port */
	movw $0x2211, 0x9fffe
	mov $0x9fffe, %esi
	mov $PORT_TEST_DX, %edx
	mov $4, %ecx
	fep rep outsb
	case_end

	case_begin 315		/* rep outsl MMIO_4G -> port */
	movabs $MMIO_4G+0x50, %rsi
	mov $PORT_TEST_DX, %edx
	mov $2, %ecx
	fep rep outsl
	case_end

	case_begin 316		/* insl port -> MMIO_HI (no REP) */
	movabs $MMIO_HI+0x60, %rdi
	mov $PORT_TEST_DX, %edx
	fep insl
	case_end

	case_begin 317		/* outsb RAM -> port (no REP) */
	mov $SCRATCH_A+0x33, %esi
	mov $PORT_TEST_DX, %edx
	fep outsb
	case_end

	case_begin 318		/* rep stosb with rcx = 0: nothing, retired at once */
	movabs $MMIO_HI+0x70, %rdi
	fep rep stosb
	case_end

	/* A KVM selftest's shape: 7936 bytes of rep insb into RAM across a
	 * page, as KVM batches them (KVM's pio read-ahead of up to 1024 bytes
	 * per port exit, each run emulated again after the guest re-executes
	 * the instruction); the bulk port logs no elements */
	case_begin 340		/* rep insb port -> scratch A 0x10080-0x11f7f */
	mov $SCRATCH_A+0x80, %edi
	mov $PORT_TEST_BULK, %edx
	mov $0x1f00, %ecx
	fep rep insb
	case_end

	case_begin 341		/* std; rep insb port -> the same bytes, downwards */
	mov $SCRATCH_A+0x1f7f, %edi
	mov $PORT_TEST_BULK, %edx
	mov $0x1f00, %ecx
	std
	fep rep insb
	cld
	case_end

	/* UD2 and UD1 forced through the emulator at CPL 0: #UD, as KVM's
	 * decode has no entry for them (not an emulation failure) */
	case_begin 342
	fep ud2
	case_end

	case_begin 343
	fep .byte 0x0f, 0xb9, 0xc0	/* ud1 eax, eax */
	case_end

	/* PADDB, which kemu decodes but does not execute, forced at CPL 0:
	 * #UD, as KVM's decode has no entry for it (not an emulation failure) */
	case_begin 344
	fep .byte 0x0f, 0xfc, 0xc0	/* paddb mm0, mm0 */
	case_end

	payload_done
