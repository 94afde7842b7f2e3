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

	case_begin 16		/* add imm32 -> m32 (MMIO_HI) */
	fep addl $0x01010101, MMIO_HI+0x10
	case_end

	case_begin 17		/* adc m32 -> eax with CF=1, sum wraps to 0 */
	mov $0x6c6d6e6f, %eax
	stc
	fep adc MMIO_LO+0x10, %eax
	case_end

	case_begin 18		/* sub eax -> m32 (RAM) */
	mov $0x04030201, %eax
	fep sub %eax, SCRATCH_A+4
	case_end

	case_begin 19		/* sbb imm8 -> m8, CF=0 */
	fep sbbb $0x7f, MMIO_LO+0x20
	case_end

	case_begin 20		/* and m32 -> eax */
	mov $0xffff0000, %eax
	fep and MMIO_HI+0x20, %eax
	case_end

	case_begin 21		/* 66 or ax -> m16 */
	mov $0x0101, %ax
	fep or %ax, MMIO_LO+0x30
	case_end

	case_begin 22		/* xor m32 with its own value */
	mov $0x13121110, %eax
	fep xor %eax, SCRATCH_A+0x10
	case_end

	case_begin 23		/* cmp m32, eax: equal */
	mov $0x93929190, %eax
	fep cmp MMIO_LO+0x10, %eax
	case_end

	case_begin 24		/* test imm8, m8 */
	fep testb $0x80, MMIO_LO+0x7f
	case_end

	case_begin 25		/* inc m32 */
	fep incl MMIO_HI+0x7c
	case_end

	case_begin 26		/* dec ecx (one-byte 49) */
	fep dec %ecx
	case_end

	case_begin 27		/* neg m32 */
	fep negl MMIO_LO+0x20
	case_end

	case_begin 28		/* not m8 */
	fep notb MMIO_LO+0x05
	case_end

	case_begin 29		/* add m8 -> al: carry out */
	mov $0xff, %al
	fep add MMIO_LO+0x01, %al
	case_end

	case_begin 30		/* cmp m32, eax: eax - m32 */
	mov $0x12345678, %eax
	fep cmp MMIO_HI+0x40, %eax
	case_end

	case_begin 31		/* lock add imm8 -> m32 (RAM) */
	fep lock addl $1, SCRATCH_B
	case_end

	case_begin 32		/* shl m32 by cl=8 */
	mov $8, %cl
	fep shll %cl, MMIO_LO+0x10
	case_end

	case_begin 33		/* shr m32 by 4 (RAM) */
	fep shrl $4, SCRATCH_A+0x20
	case_end

	case_begin 34		/* sar m32 by 1 */
	fep sarl MMIO_LO+0x10
	case_end

	case_begin 35		/* rol m8 by cl=1 */
	mov $1, %cl
	fep rolb %cl, MMIO_LO+0x01
	case_end

	case_begin 36		/* ror m32 by 8 */
	fep rorl $8, MMIO_LO+0x10
	case_end

	case_begin 37		/* rcl m16 by 1 with CF=1 */
	stc
	fep rclw SCRATCH_A+0x30
	case_end

	case_begin 38		/* shld $8, ebx, m32 */
	mov $0xabcdef01, %ebx
	fep shld $8, %ebx, MMIO_LO+0x10
	case_end

	case_begin 39		/* shrd cl=4, ebx, m32 (RAM) */
	mov $0xff, %ebx
	mov $4, %cl
	fep shrd %cl, %ebx, SCRATCH_A+0x40
	case_end

	case_begin 40		/* shl eax by cl=33: the count is masked to 1 */
	mov $0x40000000, %eax
	mov $33, %cl
	fep shl %cl, %eax
	case_end

	case_begin 41		/* mul m32: edx:eax */
	mov $0x10, %eax
	fep mull MMIO_LO+0x10
	case_end

	case_begin 42		/* imul $-2, m32 -> ecx */
	fep imul $-2, MMIO_LO+0x10, %ecx
	case_end

	case_begin 43		/* imul m32 -> ecx (0F AF) */
	mov $3, %ecx
	fep imul MMIO_LO+0x04, %ecx
	case_end

	case_begin 44		/* div edx:eax by m32 */
	mov $1, %edx
	mov $0x27252325, %eax
	fep divl MMIO_LO+0x10
	case_end

	case_begin 45		/* idiv edx:eax = -1000 by 7 (RAM) */
	movl $7, SCRATCH_B
	mov $-1000, %eax
	cltd
	fep idivl SCRATCH_B
	case_end

	case_begin 46		/* div by a zero byte from MMIO: #DE */
	mov $0x1234, %eax
	fep divb MMIO_LO+0x80
	case_end

	case_begin 47		/* 66 mul m16: dx:ax */
	mov $0x100, %ax
	fep mulw MMIO_LO+0x10
	case_end

	case_begin 48		/* bt ebx=-1, m32: the dword below */
	mov $-1, %ebx
	fep bt %ebx, MMIO_LO+0x14
	case_end

	case_begin 49		/* bts $0, m32 (RAM) */
	fep btsl $0, SCRATCH_A+0x10
	case_end

	case_begin 50		/* btr ebx=4, m32 */
	mov $4, %ebx
	fep btr %ebx, MMIO_LO+0x10
	case_end

	case_begin 51		/* btc $15, m16 */
	fep btcw $15, MMIO_LO+0x10
	case_end

	case_begin 52		/* bsf of zero: ZF=1, destination kept */
	mov $0x55, %eax
	fep bsf SCRATCH_B, %eax
	case_end

	case_begin 53		/* bsr m32 */
	fep bsr MMIO_LO+0x10, %eax
	case_end

	case_begin 54		/* bsf m32 (0x03020100) */
	fep bsf SCRATCH_A, %ecx
	case_end

	case_begin 55		/* mov eax -> [ebx+ecx*2+0x10] (MMIO_HI) */
	mov $MMIO_HI, %ebx
	mov $0x20, %ecx
	mov $0x01234567, %eax
	fep mov %eax, 0x10(%ebx,%ecx,2)
	case_end

	case_begin 56		/* movzx m8 -> eax */
	mov $-1, %eax
	fep movzbl MMIO_HI+0x7f, %eax
	case_end

	case_begin 57		/* movsx m8 -> ecx */
	fep movsbl MMIO_LO+0x01, %ecx
	case_end

	case_begin 58		/* movbe m32 -> eax (byte swap on load) */
	fep movbe MMIO_LO+0x10, %eax
	case_end

	case_begin 59		/* movbe eax -> m32 (byte swap on store) */
	mov $0x12345678, %eax
	fep movbe %eax, MMIO_LO+0x20
	case_end

	case_begin 60		/* cmovnc (CF=0) m32 -> eax */
	fep cmovnc MMIO_HI+0x10, %eax
	case_end

	case_begin 61		/* cmovs (SF=0) m16 -> ax: not taken */
	mov $0x7777, %ax
	fep cmovs SCRATCH_A, %ax
	case_end

	case_begin 62		/* cmp 1, 2 then setle -> m8 (RAM) */
	mov $1, %eax
	cmp $2, %eax
	fep setle SCRATCH_B+3
	case_end

	case_begin 63		/* xchg m32 (MMIO_HI), ecx */
	mov $0x11223344, %ecx
	fep xchg %ecx, MMIO_HI+0x20
	case_end

	case_begin 64		/* xadd bl, m8 (RAM) */
	mov $0x10, %bl
	fep xadd %bl, SCRATCH_A+0xf5
	case_end

	case_begin 65		/* cmpxchg ecx, m32: equal, stores ecx */
	mov $0xa3a2a1a0, %eax
	mov $0x55667788, %ecx
	fep cmpxchg %ecx, MMIO_LO+0x20
	case_end

	case_begin 66		/* cmpxchg8b m64 (MMIO), edx:eax equal: stores ecx:ebx */
	mov $0x93929190, %eax
	mov $0x97969594, %edx
	mov $0x22222222, %ebx
	mov $0x11111111, %ecx
	fep cmpxchg8b MMIO_LO+0x10
	case_end

	case_begin 67		/* cmpxchg8b m64 (RAM), differs: edx:eax = memory */
	mov $1, %ebx
	fep cmpxchg8b SCRATCH_A
	case_end

	case_begin 68		/* push m32 (RAM), pop natively */
	fep pushl SCRATCH_A+8
	pop %ecx
	case_end

	case_begin 69		/* pushfd, then popfd with AC and NT, flags restored after */
	stc
	fep pushf
	pop %ebx
	push $0x000448d5
	fep popf
	pushf
	pop %ecx
	push $2
	popf
	case_end

	case_begin 70		/* enter $8,$0 / leave */
	mov $0x1234, %ebp
	fep enter $8, $0
	mov %esp, %ecx
	mov %ebp, %edx
	fep leave
	case_end

	case_begin 71		/* pushad, clobber, popad */
	mov $1, %eax
	mov $2, %ecx
	mov $3, %edx
	mov $4, %ebx
	mov $5, %ebp
	mov $6, %esi
	mov $7, %edi
	fep pusha
	xor %eax, %eax
	xor %edx, %edx
	xor %esi, %esi
	fep popa
	case_end

	case_begin 72		/* push imm32, push imm8 (sign-extended) */
	fep push $0x12345678
	fep push $-2
	pop %eax
	pop %ebx
	case_end

	case_begin 73		/* pop fs = 0x20 (base SCRATCH_A), read through it */
	push $0x20
	fep pop %fs
	mov %fs:4, %eax
	fep push %fs
	pop %ecx
	case_end

	case_begin 74		/* pop -> m32 (MMIO_HI) */
	push $0xcafef00d
	fep popl MMIO_HI+0x44
	case_end

	case_begin 75		/* call near through m32 (MMIO) holding the target */
	movl $1f, MMIO_LO+0x70
	fep call *MMIO_LO+0x70
3:	jmp 2f
1:	pop %ecx
	sub $3b, %ecx
	mov $1, %edx
2:
	case_end

	case_begin 76		/* jmp *eax */
	mov $1f, %eax
	fep jmp *%eax
	mov $1, %ebx
1:
	case_end

	case_begin 77		/* call rel32; callee checks its return address */
	fep call 1f
3:	jmp 2f
1:	pop %eax
	sub $3b, %eax
2:
	case_end

	case_begin 78		/* ret $8 */
	push $0x1111
	push $0x2222
	push $1f
	fep ret $8
1:
	case_end

	case_begin 79		/* 0F 84 jz rel32 (ZF=1) */
	fep {disp32} jz 1f
	mov $1, %eax
1:
	case_end

	case_begin 80		/* loopne stops when ZF=1 (after 2), loop to the end */
	mov $5, %ecx
	mov $2, %ebx
1:	dec %ebx
	fep loopne 1b
	case_end

	case_begin 81		/* jecxz not taken with ecx=1 */
	mov $1, %ecx
	fep jecxz 1f
	mov $1, %eax
1:
	case_end

	case_begin 82		/* far jmp to 0x30:label, back to 0x08 */
	fep ljmp $0x30, $1f
1:	mov %cs, %eax
	ljmp $0x08, $2f
2:
	case_end

	case_begin 83		/* far call 0x30:label; the callee returns with lret */
	fep lcall $0x30, $1f
	jmp 2f
1:	mov %cs, %ebx
	mov %esp, %ecx
	fep lret
2:
	case_end

	case_begin 84		/* far jmp through a m16:32 pointer in MMIO (one 6-byte read) */
	movl $1f, MMIO_LO+0x60
	movw $0x30, MMIO_LO+0x64
	fep ljmp *MMIO_LO+0x60
1:	mov %cs, %eax
	ljmp $0x08, $2f
2:
	case_end

	case_begin 85		/* lret $4 to pushed 0x08:label */
	push $0x5555
	push $0x08
	push $1f
	fep lret $4
1:
	case_end

	case_begin 86		/* pop m32 with an ESP base: the address uses ESP after the pop */
	push $0x77
	fep popl 4(%esp)
	case_end

	case_begin 87		/* far jmp to selector 0: #GP(0) */
	fep ljmp $0, $1f
1:
	case_end

	case_begin 88		/* mov m16 (MMIO, 0x20 written first) -> ds; read through ds */
	movw $0x20, MMIO_LO+0x10
	fep mov MMIO_LO+0x10, %ds
	mov 4, %eax
	case_end

	case_begin 89		/* es = read-only data (0x28); a write through es: #GP(0) */
	mov $0x28, %eax
	fep mov %ax, %es
	fep movl $1, %es:SCRATCH_B
	case_end

	case_begin 90		/* mov ss, DPL-3 data selector at CPL 0: #GP(selector) */
	mov $0x38, %eax
	fep mov %ax, %ss
	case_end

	case_begin 91		/* mov ds, not-present selector: #NP(selector) */
	mov $0x40, %eax
	fep mov %ax, %ds
	case_end

	case_begin 92		/* mov ss, not-present selector: #SS(selector) */
	mov $0x40, %eax
	fep mov %ax, %ss
	case_end

	case_begin 93		/* a null ds loads, an access through it is #GP(0) */
	xor %eax, %eax
	fep mov %ax, %ds
	fep mov SCRATCH_A, %ecx
	case_end

	case_begin 94		/* fs = 0x20 (limit 0xfff): a dword at 0xffe crosses it: #GP(0) */
	mov $0x20, %eax
	mov %ax, %fs
	fep mov %fs:0xffe, %ecx
	case_end

	case_begin 95		/* lds from a pointer in scratch B */
	movl $0x100, SCRATCH_B
	movw $0x20, SCRATCH_B+4
	fep lds SCRATCH_B, %ebx
	mov (%ebx), %eax
	case_end

	case_begin 96		/* lfs from MMIO (selector 0x20 written first): one 6-byte read */
	movw $0x20, MMIO_LO+0x14
	fep lfs MMIO_LO+0x10, %ecx
	mov %fs, %eax
	case_end

	case_begin 97		/* 66 lgs from scratch B (m16:16) */
	movw $0x1234, SCRATCH_B
	movw $0x20, SCRATCH_B+2
	fep lgs SCRATCH_B, %dx
	mov %gs:0, %eax
	case_end

	case_begin 98		/* lss esp, then back to the flat stack */
	movl $0x7f00, SCRATCH_B
	movw $0x10, SCRATCH_B+4
	fep lss SCRATCH_B, %esp
	mov %esp, %ecx
	mov %ss, %edx
	mov $0x7ff0, %esp
	case_end

	case_begin 99		/* les with a selector past the GDT limit: #GP(selector) */
	movl $0, SCRATCH_B
	movw $0x80, SCRATCH_B+4
	fep les SCRATCH_B, %ebx
	case_end

	case_begin 100		/* mov cr0 -> eax -> cr0 (same value) */
	fep mov %cr0, %eax
	fep mov %eax, %cr0
	case_end

	case_begin 101		/* mov cr3 -> eax -> cr3 */
	mov $-1, %eax
	fep mov %cr3, %eax
	fep mov %eax, %cr3
	case_end

	case_begin 102		/* mov cr4 -> eax -> cr4 */
	mov $-1, %eax
	fep mov %cr4, %eax
	fep mov %eax, %cr4
	case_end

	case_begin 103		/* dr7 = 0x700 (LE GE), read back, reset 0x400 */
	mov $0x700, %eax
	fep mov %eax, %dr7
	fep mov %dr7, %ebx
	mov $0x400, %eax
	fep mov %eax, %dr7
	fep mov %dr7, %ecx
	case_end

	case_begin 104		/* dr1..dr3 round trips */
	mov $0x1111, %eax
	fep mov %eax, %dr1
	mov $0x2222, %eax
	fep mov %eax, %dr2
	mov $0x3333, %eax
	fep mov %eax, %dr3
	fep mov %dr1, %ebx
	fep mov %dr2, %ecx
	fep mov %dr3, %edx
	case_end

	case_begin 105		/* mov dr6 -> eax: nothing hit, reset value */
	fep mov %dr6, %eax
	case_end

	case_begin 106		/* SYSENTER_ESP (0x175) and SYSENTER_EIP (0x176) round trips */
	mov $0x175, %ecx
	mov $0x7000, %eax
	fep wrmsr
	mov $0x176, %ecx
	mov $0x8000, %eax
	fep wrmsr
	xor %eax, %eax
	fep rdmsr
	mov %eax, %ebx
	mov $0x175, %ecx
	fep rdmsr
	case_end

	case_begin 107		/* TSC_AUX (0xc0000103) round trip */
	mov $0xc0000103, %ecx
	mov $5, %eax
	fep wrmsr
	xor %eax, %eax
	fep rdmsr
	case_end

	case_begin 108		/* sgdt -> m (RAM) */
	fep sgdt SCRATCH_B
	case_end

	case_begin 109		/* sidt -> m (RAM) */
	fep sidt SCRATCH_B
	case_end

	case_begin 110		/* sldt and str: selectors 0 */
	mov $-1, %eax
	mov $-1, %ebx
	fep sldt %eax
	fep str %ebx
	case_end

	case_begin 111		/* smsw -> m16 (MMIO) */
	fep smsw MMIO_LO+0x10
	case_end

	case_begin 112		/* lmsw 0x11 (PE stays set), read back */
	mov $0x11, %eax
	fep lmsw %ax
	fep mov %cr0, %ebx
	case_end

	case_begin 113		/* lgdt/lidt from scratch B, sgdt/sidt back */
	movw $0x3f, SCRATCH_B
	movl $0x1000, SCRATCH_B+2
	fep lgdt SCRATCH_B
	movw $0x7f, SCRATCH_B+8
	movl $0x1800, SCRATCH_B+10
	fep lidt SCRATCH_B+8
	fep sgdt SCRATCH_B+0x10
	fep sidt SCRATCH_B+0x18
	case_end

	case_begin 114		/* set CR0.TS, clts, read CR0 */
	mov %cr0, %eax
	or $8, %eax
	mov %eax, %cr0
	fep clts
	fep mov %cr0, %ebx
	case_end

	case_begin 115		/* cpuid leaf 1 */
	mov $1, %eax
	fep cpuid
	case_end

	case_begin 116		/* cpuid leaf 0x80000000 */
	mov $0x80000000, %eax
	fep cpuid
	case_end

	case_begin 117		/* 0 - 1 = 0xff (CF AF), das -> 0x99 CF=1 */
	mov $0, %al
	sub $1, %al
	fep das
	case_end

	case_begin 118		/* aad base 16: ah=7 al=9 -> 0x79 */
	mov $0x0709, %ax
	fep aad $16
	case_end

	case_begin 119		/* 0x47 - 0x28 = 0x1f (AF), das */
	mov $0x47, %al
	sub $0x28, %al
	fep das
	case_end

	case_begin 120		/* aam: 79 -> ah=7 al=9 */
	mov $79, %al
	fep aam
	case_end

	case_begin 121		/* aad: ah=7 al=9 -> 79 */
	mov $0x0709, %ax
	fep aad
	case_end

	case_begin 122		/* aam 0: #DE */
	mov $79, %al
	fep aam $0
	case_end

	case_begin 123		/* cwde then cdq */
	mov $0x8000, %eax
	fep cwde
	fep cltd
	case_end

	case_begin 124		/* 66 cbw, 66 cwd */
	mov $0x12345680, %eax
	fep cbtw
	fep cwtd
	case_end

	case_begin 125		/* sahf 0x01 then lahf */
	mov $0x01, %ah
	fep sahf
	fep lahf
	case_end

	case_begin 126		/* xlat [ebx+al] (MMIO) */
	mov $MMIO_LO+0x10, %ebx
	mov $0x0f, %al
	fep xlat
	case_end

	case_begin 127		/* bswap eax */
	mov $0x11223344, %eax
	fep bswap %eax
	case_end

	case_begin 128		/* nopl [eax] (0F 1F /0): no access */
	mov $MMIO_LO, %eax
	fep nopl (%eax)
	case_end

	case_begin 129		/* lea [ebx+ecx*8+0x10] */
	mov $0x100, %ebx
	mov $0x3, %ecx
	fep lea 0x10(%ebx,%ecx,8), %eax
	case_end

	case_begin 130		/* rep movsd MMIO_LO -> MMIO_HI, ecx=2 */
	mov $2, %ecx
	mov $MMIO_LO+0x10, %esi
	mov $MMIO_HI+0x100, %edi
	fep rep movsl
	case_end

	case_begin 131		/* std; rep stosw into RAM, ecx=3 */
	mov $SCRATCH_A+0x24, %edi
	mov $3, %ecx
	mov $0xabcd, %eax
	std
	fep rep stosw
	cld
	case_end

	case_begin 132		/* std; rep lodsb from MMIO_HI, ecx=2 */
	mov $MMIO_HI+0x21, %esi
	mov $2, %ecx
	std
	fep rep lodsb
	cld
	case_end

	case_begin 133		/* repne cmpsd MMIO vs RAM: equal at once, stops */
	mov $4, %ecx
	mov $MMIO_LO+0x10, %esi
	mov $SCRATCH_A+0x90, %edi
	fep repne cmpsl
	case_end

	case_begin 134		/* repe scasw for 0x0100 in RAM: second word differs */
	mov $0x0100, %eax
	mov $SCRATCH_A, %edi
	mov $5, %ecx
	fep repe scasw
	case_end

	case_begin 135		/* rep outsw from MMIO to port dx, ecx=2 */
	mov $2, %ecx
	mov $MMIO_LO+0x10, %esi
	mov $PORT_TEST_DX, %edx
	fep rep outsw
	case_end

	case_begin 136		/* std; rep insd into RAM, ecx=2 */
	mov $2, %ecx
	mov $SCRATCH_A+0x104, %edi
	mov $PORT_TEST_DX, %edx
	std
	fep rep insl
	cld
	case_end

	case_begin 137		/* in ax, dx */
	mov $PORT_TEST_DX, %edx
	fep in (%dx), %ax
	case_end

	case_begin 138		/* in al, imm8 */
	mov $-1, %eax
	fep in $PORT_TEST_IMM, %al
	case_end

	case_begin 139		/* out dx, al */
	mov $PORT_TEST_DX, %edx
	mov $0x99, %al
	fep out %al, (%dx)
	case_end

	case_begin 140		/* out imm8, eax */
	mov $0x87654321, %eax
	fep out %eax, $PORT_TEST_IMM
	case_end

	case_begin 141		/* LOCK on mov (not lockable): #UD */
	fep .byte 0xf0, 0x89, 0x03	/* lock mov %eax, (%ebx) */
	case_end

	case_begin 142		/* mov to cs does not exist: #UD */
	fep .byte 0x8e, 0xc8	/* mov %ax, %cs */
	case_end

	case_begin 143		/* native far jmp to a TSS and back: KVM's task-switch intercept runs the emulator's task switch */
	movl $1f, TSS_B+0x20
	movl $2, TSS_B+0x24
	movl $0x1234, TSS_B+0x28
	movl $0x7f00, TSS_B+0x38
	movl $0x10, TSS_B+0x48
	movl $0x08, TSS_B+0x4c
	movl $0x10, TSS_B+0x50
	movl $0x20, TSS_B+0x54
	movl $0x10, TSS_B+0x58
	movl $0x10, TSS_B+0x5c
	movl $0, TSS_B+0x60
	movl $0x00680000, TSS_B+0x64
	mov $0x5555, %ecx
	ljmp $0x58, $0
	jmp 3f
1:	mov (0), %ecx
	mov %ecx, %ss:SCRATCH_B
	mov %eax, %ss:SCRATCH_B+4
	str %ss:SCRATCH_B+8
	mov %esp, %ss:SCRATCH_B+12
	ljmp $0x50, $0
3:	mov %cr0, %edx
	case_end

	case_begin 144		/* std; rep outsd RAM -> port dx, ecx=2 */
	mov $2, %ecx
	mov $SCRATCH_A+4, %esi
	mov $PORT_TEST_DX, %edx
	std
	fep rep outsl
	cld
	case_end

	/* FXSAVE/FXRSTOR (CR4.OSFXSR clear here: the 160-byte image without XMM,
	 * which the bridge hands KVM in its kept buffer).  Before the deviation
	 * cases, whose #UD frames under stock KVM would differ on the stack. */
	case_begin 149		/* fxsave after fninit: FCW 0x037f, FSW 0, MXCSR 0x1f80 */
	fninit
	fep fxsave SCRATCH_A+0x100
	case_end

	case_begin 150		/* fxrstor of an image with FCW 0x027f, read back with fnstcw */
	fninit
	fxsave SCRATCH_A+0x200
	movw $0x027f, SCRATCH_A+0x200
	movl $0x1f80, SCRATCH_A+0x218	/* MXCSR: without OSFXSR fxsave may leave it out */
	fep fxrstor SCRATCH_A+0x200
	fnstcw SCRATCH_A+0x400
	fninit
	case_end


	/* Beyond stock KVM (deviation cases): DAA, AAA, AAS (0x27, 0x37, 0x3f) and
	 * POPCNT (F3 0F B8) are not in KVM's decode tables, so stock KVM injects
	 * #UD for the forced instruction; kemu emulates them. */
	case_begin 145		/* 0x79 + 0x35 = 0xae, daa -> 0x14 CF=1 (79 + 35 = 114 BCD) */
	mov $0x79, %al
	add $0x35, %al
	fep daa
	case_end

	case_begin 146		/* 8 + 9 = 0x11 (AF), aaa -> ax 0x0107 (17 unpacked) */
	mov $0x0008, %ax
	add $0x09, %al
	fep aaa
	case_end

	case_begin 147		/* ax 0x0102: 2 - 5 = 0xfd (AF CF), aas -> ax 0x0007 (12 - 5) */
	mov $0x0102, %ax
	sub $0x05, %al
	fep aas
	case_end

	case_begin 148		/* popcnt of the MMIO dword at 0xa0010 */
	fep popcnt MMIO_LO+0x10, %eax
	case_end

	/* ---- exits to userspace in the middle of an instruction ---- */
	/* The deviation cases above leave different stack contents under stock
	 * KVM and kemu (the #UD frames only one of them pushed): clear the stack
	 * page below its top, so that the comparison of the cases below sees
	 * their own effects only. */
	cld
	mov $0x7000, %edi
	mov $(0x7ff0 - 0x7000) / 4, %ecx
	xor %eax, %eax
	rep stosl
	/* Bit strings with a register bit offset on MMIO: the offset moves the
	 * operand (a[offset >> 5]); its read exits to userspace and the pass
	 * that runs again must move it from the decoded address once more, not
	 * from where the first pass left it. a = MMIO_LO+0x100. */
	case_begin 220		/* btc a[0], 66: bit 2 of a[2] */
	mov $MMIO_LO+0x100, %esi
	mov $66, %ecx
	fep btcl %ecx, (%esi)
	case_end

	case_begin 221		/* btc a[3], -1: bit 31 of a[2] */
	mov $MMIO_LO+0x10c, %esi
	mov $-1, %ecx
	fep btcl %ecx, (%esi)
	case_end

	case_begin 222		/* bts a[0], 35: bit 3 of a[1] */
	mov $MMIO_LO+0x100, %esi
	mov $35, %ecx
	fep btsl %ecx, (%esi)
	case_end

	case_begin 223		/* btr a[0], -34: bit 30 of a[-2] */
	mov $MMIO_LO+0x100, %esi
	mov $-34, %ecx
	fep btrl %ecx, (%esi)
	case_end

	/* A write split over two MMIO pages: ENTER pushes EBP at 0xa0ffe (two
	 * bytes in each page), the frame ends in RAM below MMIO_LO. */
	case_begin 224		/* enter $0x1234,$0 with ESP = MMIO_LO + 0x1002 */
	mov %esp, %edi
	mov $MMIO_LO+0x1002, %esp
	mov $0x55667788, %ebp
	fep enter $0x1234, $0
	mov %esp, %ecx
	mov %ebp, %edx
	mov %edi, %esp
	case_end

	/* PUSHAD with ESP = MMIO_LO + 0x1010: eight pushes over two MMIO pages,
	 * every one a write waiting for userspace */
	case_begin 225
	mov %esp, SCRATCH_B+0x100
	mov $MMIO_LO+0x1010, %esp
	mov $0x11, %eax
	mov $0x22, %ecx
	mov $0x33, %edx
	mov $0x44, %ebx
	mov $0x66, %ebp
	mov $0x77, %esi
	mov $0x88, %edi
	fep pushal
	mov %esp, %ecx
	mov SCRATCH_B+0x100, %esp
	case_end

	/* The VMware backdoor at CPL 3 (kvm.ko's enable_vmware_backdoor=1, as
	 * init.sh loads it): IOPL 0 and TR's TSS has no I/O bitmap, so any other
	 * port is #GP(0); KVM intercepts that #GP and lets ports 0x5658/0x5659
	 * through. Each case iret's to CPL 3 (code 0x63, data 0x3b, stack 0x7800)
	 * and comes back with a forced-emulation ud2: its #UD arrives on the
	 * TSS's ring-0 stack, which ends where the VMM resumes (0x7ff0).  The
	 * TSS is B's, loaded with LTR: L0's QEMU/TCG aborts a ring switch
	 * through a TR whose cached type says busy, as KVM_SET_SREGS gives it
	 * (the VMM restores TR at the next case_begin). */
.macro to_user_mode
	andb $0xfd, 0x1000+0x58+5	/* TSS B's descriptor available again */
	mov $0x58, %eax
	ltr %ax
	movl $0x7ff8, TSS_B+4	/* esp0: the VMM pops 3 words of the 5-word frame */
	movl $0x10, TSS_B+8	/* ss0 */
	pushl $0x3b
	pushl $0x7800
	pushfl
	pushl $0x63
	pushl $1f
	iretl
1:
.endm
	case_begin 300		/* CPL 3: in eax, dx from 0x5658 (CMD_GETVERSION), through #GP */
	to_user_mode
	mov $0x564d5868, %eax	/* 'VMXh' */
	mov $10, %ecx		/* CMD_GETVERSION */
	mov $0x5658, %edx
	in (%dx), %eax
	fep ud2
	case_end

	case_begin 301		/* CPL 3: the same IN forced through the emulator */
	to_user_mode
	mov $0x564d5868, %eax
	mov $10, %ecx
	mov $0x5658, %edx
	fep in (%dx), %eax
	fep ud2
	case_end

	case_begin 302		/* CPL 3: rep insb from 0x5659 (the RPC port) into RAM */
	to_user_mode
	mov $0x3b, %eax
	mov %eax, %es
	mov $0x9ff00, %edi
	mov $2, %ecx
	mov $0x5659, %edx
	rep insb
	fep ud2
	case_end

	case_begin 303		/* CPL 3: another port is still #GP(0) */
	to_user_mode
	mov $0x5657, %edx
	fep in (%dx), %al
	case_end

	/* x87 exception state before an MMX instruction (forced MOVQ mm0 -> MMIO):
	 * mm0 is loaded first, FNINIT keeps its register (R0) and the x87 stack
	 * uses R7 and R6.  0/0 raises IE; unmasked it is pending, and the MMX
	 * instruction delivers it as #MF before any access (KVM:
	 * flush_pending_x87_faults); masked it only sets the flag.  FNINIT after
	 * each case clears what is left. */
	case_begin 901		/* every exception unmasked: #MF, no MMIO write */
	movq SCRATCH_A+0x70, %mm0
	fninit
	push $0x0340
	fldcw (%esp)
	lea 4(%esp), %esp
	fldz
	fldz
	fdivp
	mov $MMIO_HI+0x200, %edi
	fep movq %mm0, (%edi)
	case_end
	fninit

	case_begin 902		/* every exception masked: the store runs */
	movq SCRATCH_A+0x70, %mm0
	fninit
	fldz
	fldz
	fdivp
	mov $MMIO_HI+0x200, %edi
	fep movq %mm0, (%edi)
	case_end
	fninit

	payload_done
