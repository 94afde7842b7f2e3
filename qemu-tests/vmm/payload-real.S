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

	case_begin 18		/* adc es:m16 -> ax with CF=1 */
	stc
	mov $0x1000, %ax
	fep adc %es:0x10, %ax
	case_end

	case_begin 19		/* sbb ax -> ds:m16 with CF=1 */
	stc
	mov $0x0302, %ax
	fep sbb %ax, (0)
	case_end

	case_begin 20		/* and imm8 -> es:m8 (read-modify-write) */
	fep andb $0x0f, %es:0x21
	case_end

	case_begin 21		/* xor es:m8 -> bl */
	mov $0xff, %bl
	fep xor %es:0x33, %bl
	case_end

	case_begin 22		/* cmp imm8 (sign-extended) with es:m16: no write */
	fep cmpw $0x10, %es:0x40
	case_end

	case_begin 23		/* test ax with es:m16 */
	mov $0x0101, %ax
	fep test %ax, %es:0x42
	case_end

	case_begin 24		/* inc es:m16 (CF kept) */
	stc
	fep incw %es:0x7e
	case_end

	case_begin 25		/* dec ds:m8 */
	fep decb (0x80)
	case_end

	case_begin 26		/* neg es:m16 */
	fep negw %es:0x02
	case_end

	case_begin 27		/* not es:m16: flags unchanged */
	fep notw %es:0x04
	case_end

	case_begin 28		/* sub imm8 -> [bp]: SS (scratch B, zero) */
	mov $0x10, %bp
	fep subb $1, (%bp)
	case_end

	case_begin 29		/* or es:[bx+si] -> cx */
	mov $0x10, %bx
	mov $0x8, %si
	fep or %es:(%bx,%si), %cx
	case_end

	case_begin 30		/* add imm16 -> es:m16 */
	fep addw $0x1111, %es:0x60
	case_end

	case_begin 31		/* shl es:m16 by 1 */
	fep shlw %es:0x10
	case_end

	case_begin 32		/* sar es:m8 by cl=3 */
	mov $3, %cl
	fep sarb %cl, %es:0x20
	case_end

	case_begin 33		/* rol ds:m16 by 4 */
	fep rolw $4, (0x10)
	case_end

	case_begin 34		/* rcr ax by 1 with CF=1 */
	mov $2, %ax
	stc
	fep rcr %ax
	case_end

	case_begin 35		/* shr es:m16 by cl=4 */
	mov $4, %cl
	fep shrw %cl, %es:0x30
	case_end

	case_begin 36		/* mul es:m8 */
	mov $0x10, %al
	fep mulb %es:0x01
	case_end

	case_begin 37		/* imul es:m16 (one operand): dx:ax */
	mov $2, %ax
	fep imulw %es:0x02
	case_end

	case_begin 38		/* div dx:ax by es:m16 */
	mov $1, %dx
	mov $0x1234, %ax
	fep divw %es:0x10
	case_end

	case_begin 39		/* idiv ax by ds:m8 */
	mov $-100, %ax
	fep idivb (0x07)
	case_end

	case_begin 40		/* bt imm8, es:m16 */
	fep btw $7, %es:0x10
	case_end

	case_begin 41		/* btc ax, ds:m16 */
	mov $3, %ax
	fep btc %ax, (0x20)
	case_end

	case_begin 42		/* bsf es:m16 -> ax */
	fep bsf %es:0x10, %ax
	case_end

	case_begin 43		/* bsr es:m16 -> ax */
	fep bsr %es:0x10, %ax
	case_end

	case_begin 44		/* bt ax=20, es:m16: the bit offset moves the access */
	mov $20, %ax
	fep bt %ax, %es:0x10
	case_end

	case_begin 45		/* movzx es:m8 -> ax */
	mov $-1, %ax
	fep movzbw %es:0x85, %ax
	case_end

	case_begin 46		/* 66 movsx es:m16 -> eax */
	fep movswl %es:0x10, %eax
	case_end

	case_begin 47		/* cmovz (ZF=1 from case_begin) es:m16 -> ax */
	fep cmovz %es:0x10, %ax
	case_end

	case_begin 48		/* cmovnz not taken: the operand is still read */
	mov $0x5555, %ax
	fep cmovnz %es:0x10, %ax
	case_end

	case_begin 49		/* setc -> es:m8 */
	stc
	fep setc %es:0x90
	case_end

	case_begin 50		/* setnz al (ZF=1) */
	mov $0x77, %al
	fep setnz %al
	case_end

	case_begin 51		/* xadd ax, es:m16 */
	mov $1, %ax
	fep xadd %ax, %es:0x10
	case_end

	case_begin 52		/* cmpxchg bx, es:m16, ax differs */
	mov $0x1234, %ax
	mov $0x5678, %bx
	fep cmpxchg %bx, %es:0x10
	case_end

	case_begin 53		/* xchg bl, es:m8 */
	mov $0x11, %bl
	fep xchg %bl, %es:0x3
	case_end

	case_begin 54		/* mov es:m16 -> fs (real mode: base = selector << 4) */
	fep mov %es:0x10, %fs
	mov %fs, %ax
	case_end

	case_begin 55		/* mov ds -> es:m16 */
	fep mov %ds, %es:0x20
	case_end

	case_begin 56		/* lds bx, es:m16:16 (offset 0x9190, segment 0x9392) */
	fep lds %es:0x10, %bx
	mov %ds, %ax
	case_end

	case_begin 57		/* 66 les ebx, ds:m16:32 */
	fep les (0), %ebx
	mov %es, %ax
	case_end

	case_begin 58		/* lss sp, ds:m16:16 (restored right after) */
	fep lss (0x8), %sp
	mov %sp, %cx
	mov %ss, %dx
	mov $0x0f00, %ax
	mov %ax, %ss
	mov $0xff0, %sp
	case_end

	case_begin 59		/* lfs, lgs from ds:m16:16 */
	fep lfs (0x20), %ax
	fep lgs (0x24), %cx
	mov %fs, %dx
	mov %gs, %si
	case_end

	case_begin 60		/* push es:m16, popped natively */
	fep pushw %es:0x10
	pop %cx
	case_end

	case_begin 61		/* pop -> es:m16 */
	pushw $0x1357
	fep popw %es:0x50
	case_end

	case_begin 62		/* pushf (CF set) */
	stc
	fep pushf
	pop %ax
	case_end

	case_begin 63		/* popf 0x08d5 */
	pushw $0x08d5
	fep popf
	case_end

	case_begin 64		/* enter $4,$0 then leave */
	mov $0x1234, %bp
	fep enter $4, $0
	mov %sp, %cx
	mov %bp, %dx
	fep leave
	case_end

	case_begin 65		/* push imm16, pop dx */
	fep push $0x4321
	fep pop %dx
	case_end

	case_begin 66		/* push es */
	fep push %es
	pop %ax
	case_end

	case_begin 67		/* pusha, clobber, popa */
	mov $1, %ax
	mov $2, %cx
	mov $3, %dx
	mov $4, %bx
	mov $5, %bp
	mov $6, %si
	mov $7, %di
	fep pusha
	xor %ax, %ax
	xor %cx, %cx
	xor %di, %di
	fep popa
	case_end

	case_begin 68		/* call near through es:m16 holding the target */
	movw $1f, %es:0x70
	fep call *%es:0x70
3:	jmp 2f
1:	pop %cx
	sub $3b, %cx
	mov $1, %dx
2:
	case_end

	case_begin 69		/* jmp near through es:m16 */
	movw $1f, %es:0x72
	fep jmp *%es:0x72
	mov $1, %ax
1:	mov $2, %bx
	case_end

	case_begin 70		/* ret to a pushed address */
	push $1f
	fep ret
	mov $1, %ax
1:	mov $2, %bx
	case_end

	case_begin 71		/* ret $4 drops two more words */
	push $0x1111
	push $0x2222
	push $1f
	fep ret $4
1:	mov %sp, %bx
	case_end

	case_begin 72		/* call rel16; the callee checks its return address */
	fep call 1f
3:	jmp 2f
1:	pop %ax
	sub $3b, %ax
2:
	case_end

	case_begin 73		/* jz taken (ZF=1), jc not taken */
	fep jz 1f
	mov $1, %ax
1:	fep jc 2f
	mov $2, %bx
2:
	case_end

	case_begin 74		/* loop 3 times */
	mov $3, %cx
1:	inc %ax
	fep loop 1b
	case_end

	case_begin 75		/* jcxz taken with cx=0 */
	fep jcxz 1f
	mov $1, %ax
1:
	case_end

	case_begin 76		/* far jmp to 0800:offset (same linear code), then back to CS=0 */
	fep ljmp $0x0800, $(1f - 0x8000)
1:	mov %cs, %ax
	ljmp $0, $2f
2:
	case_end

	case_begin 77		/* far call 0800:offset; the callee returns with far ret */
	fep lcall $0x0800, $(1f - 0x8000)
	jmp 2f
1:	mov %cs, %bx
	mov %sp, %cx
	fep lret
2:
	case_end

	case_begin 78		/* far call through a ds:m16:16 pointer */
	movw $(1f - 0x8000), (0x40)
	movw $0x0800, (0x42)
	fep lcall *(0x40)
	jmp 2f
1:	mov %cs, %bx
	lret
2:
	case_end

	case_begin 79		/* int 0x40 through the real-mode IVT; the handler irets */
	movw $1f, %fs:0x100
	movw $0, %fs:0x102
	fep int $0x40
	jmp 2f
1:	pushf
	pop %dx
	mov $0x99, %bx
	iret
2:
	case_end

	case_begin 80		/* iret to pushed flags/cs/ip */
	pushw $0x08d5
	pushw $0
	pushw $1f
	fep iret
1:
	case_end

	case_begin 81		/* rep movsw ds:si (RAM) -> es:di (MMIO), cx=3 */
	mov $3, %cx
	mov $0x10, %si
	mov $0x20, %di
	fep rep movsw
	case_end

	case_begin 82		/* std; rep movsb fs:si (MMIO) -> es:di (RAM), cx=3 */
	mov $0xa000, %ax
	mov %ax, %fs
	mov $0x1000, %ax
	mov %ax, %es
	mov $3, %cx
	mov $0x12, %si
	mov $0x102, %di
	std
	fep rep movsb %fs:(%si), %es:(%di)
	cld
	case_end

	case_begin 83		/* std; rep stosb to es:di (MMIO), cx=3 */
	mov $0x5a, %al
	mov $3, %cx
	mov $0x12, %di
	std
	fep rep stosb
	cld
	case_end

	case_begin 84		/* rep lodsw es:si (MMIO), cx=3: ax = last word */
	mov $3, %cx
	mov $0x10, %si
	fep rep lodsw %es:(%si)
	case_end

	case_begin 85		/* repe cmpsb ds:si (RAM) vs es:di (MMIO), all 4 equal */
	mov $4, %cx
	mov $0x10, %si
	mov $0x90, %di
	fep repe cmpsb
	case_end

	case_begin 86		/* repne scasb for 0x93 in es:di (MMIO), cx=8 */
	mov $0x93, %al
	mov $8, %cx
	mov $0x10, %di
	fep repne scasb
	case_end

	case_begin 87		/* rep outsb ds:si -> port dx, cx=3 */
	mov $3, %cx
	mov $0x20, %si
	mov $PORT_TEST_DX, %dx
	fep rep outsb
	case_end

	case_begin 88		/* rep insw port dx -> es:di (MMIO), cx=2 */
	mov $2, %cx
	mov $0x40, %di
	mov $PORT_TEST_DX, %dx
	fep rep insw
	case_end

	case_begin 89		/* rep insb port dx -> es:di (RAM), cx=3 */
	mov $0x1000, %ax
	mov %ax, %es
	mov $3, %cx
	mov $0x100, %di
	mov $PORT_TEST_DX, %dx
	fep rep insb
	case_end

	case_begin 90		/* in al, dx */
	mov $PORT_TEST_DX, %dx
	mov $0x1234, %ax
	fep in (%dx), %al
	case_end

	case_begin 91		/* 66 in eax, imm8 */
	fep in $PORT_TEST_IMM, %eax
	case_end

	case_begin 92		/* out imm8, ax */
	mov $0xbeef, %ax
	fep out %ax, $PORT_TEST_IMM
	case_end

	case_begin 93		/* 66 out dx, eax */
	mov $PORT_TEST_DX, %dx
	mov $0x12345678, %eax
	fep out %eax, (%dx)
	case_end

	case_begin 94		/* cbw then cwd */
	mov $0x80, %al
	fep cbw
	fep cwd
	case_end

	case_begin 95		/* 66 cwde then 66 cdq */
	mov $0x8000, %ax
	fep cwde
	fep cltd
	case_end

	case_begin 96		/* lahf with CF set */
	stc
	fep lahf
	case_end

	case_begin 97		/* sahf 0xd5 */
	mov $0xd5, %ah
	fep sahf
	case_end

	case_begin 98		/* stc, cmc, clc */
	fep stc
	setc %al
	fep cmc
	setc %bl
	fep stc
	fep clc
	setc %cl
	case_end

	case_begin 99		/* std then cld */
	fep std
	pushf
	pop %ax
	fep cld
	pushf
	pop %bx
	case_end

	case_begin 100		/* xlat es:[bx+al] */
	mov $0x10, %bx
	mov $5, %al
	fep xlat %es:(%bx)
	case_end

	case_begin 101		/* lea [bx+si+0x10] wraps at 16 bits */
	mov $0xfff0, %bx
	mov $0x20, %si
	fep lea 0x10(%bx,%si), %ax
	case_end

	case_begin 102		/* smsw ax (real mode CR0 = 0x60000010 after reset) */
	fep smsw %ax
	case_end

	case_begin 103		/* mov cr0 -> eax */
	fep mov %cr0, %eax
	case_end

	case_begin 104		/* str in real mode is #UD */
	fep str %ax
	case_end

	case_begin 105		/* sgdt -> ds:0x200 */
	fep sgdt (0x200)
	case_end

	case_begin 106		/* sidt -> ds:0x200 */
	fep sidt (0x200)
	case_end

	case_begin 107		/* lidt from ds:0x300, sidt back to ds:0x308 */
	movw $0x123, (0x300)
	movl $0x4567, (0x302)
	fep lidt (0x300)
	fep sidt (0x308)
	case_end

	case_begin 108		/* lgdt from ds:0x300, sgdt back to ds:0x308 */
	movw $0x4f, (0x300)
	movl $0x1000, (0x302)
	fep lgdt (0x300)
	fep sgdt (0x308)
	case_end

	case_begin 109		/* set CR0.TS natively, clts, read CR0 */
	mov %cr0, %eax
	or $8, %eax
	mov %eax, %cr0
	fep clts
	fep mov %cr0, %ebx
	case_end

	case_begin 110		/* wbinvd: no visible effect */
	mov $1, %ax
	fep wbinvd
	case_end

	case_begin 111		/* invd: no visible effect */
	mov $1, %ax
	fep invd
	case_end

	case_begin 112		/* mov eax -> dr0 -> ebx */
	mov $0x12345678, %eax
	fep mov %eax, %dr0
	fep mov %dr0, %ebx
	case_end

	case_begin 113		/* wrmsr/rdmsr IA32_SYSENTER_CS (0x174) */
	mov $0x174, %ecx
	mov $0x0008, %eax
	fep wrmsr
	xor %eax, %eax
	fep rdmsr
	case_end

	case_begin 114		/* cpuid leaf 0 */
	fep cpuid
	case_end

	case_begin 115		/* div by a zero byte from es: MMIO: #DE (real mode: no error code) */
	mov $0x1234, %ax
	fep divb %es:0x80
	case_end

	case_begin 116		/* word at ds:0xffff crosses the 64 KiB limit: #GP */
	fep mov (0xffff), %ax
	case_end

	case_begin 117		/* word at ss:[bp=0xffff] crosses the limit: #SS */
	mov $0xffff, %bp
	fep mov (%bp), %ax
	case_end

	/* ---- exits to userspace in the middle of an instruction ---- */
	/* Bit strings with a register bit offset on MMIO (a = es:0x100): the
	 * offset moves the operand (a[offset >> 4] for words, a[offset >> 5] for
	 * dwords); its read exits to userspace and the pass that runs again must
	 * move it from the decoded address once more, not from where the first
	 * pass left it. */
	case_begin 220		/* btc word a[0], 34: bit 2 of a[2] */
	mov $34, %ax
	fep btc %ax, %es:0x100
	case_end

	case_begin 221		/* btr word a[3], -17: bit 15 of a[1] */
	mov $-17, %ax
	fep btr %ax, %es:0x106
	case_end

	case_begin 222		/* 66 bts dword a[0], 35: bit 3 of a[1] */
	mov $35, %eax
	fep btsl %eax, %es:0x100
	case_end

	case_begin 223		/* 66 btc dword a[3], -1: bit 31 of a[2] */
	mov $-1, %eax
	fep btcl %eax, %es:0x10c
	case_end

	/* Writes split over two MMIO pages: SS = 0x9f00 puts SS:0x1fff at
	 * 0xa0fff, the last byte of the first MMIO page; SS:SP is saved at
	 * ds:0x700 and restored after. */
	case_begin 224		/* enter $0x1234,$0 with SP 0x2001: BP to ss:0x1fff, a byte in each page */
	mov %ss, (0x700)
	mov %sp, (0x702)
	mov $0x9f00, %ax
	mov %ax, %ss
	mov $0x2001, %sp
	mov $0x7788, %bp
	fep enter $0x1234, $0
	mov %sp, %cx
	mov %bp, %dx
	mov (0x700), %ss
	mov (0x702), %sp
	case_end

	case_begin 225		/* pusha with SP 0x2008: eight pushes, four in each page */
	mov %ss, (0x700)
	mov %sp, (0x702)
	mov $0x9f00, %ax
	mov %ax, %ss
	mov $0x2008, %sp
	mov $1, %ax
	mov $2, %cx
	mov $3, %dx
	mov $4, %bx
	mov $5, %bp
	mov $6, %si
	mov $7, %di
	fep pusha
	mov %sp, %cx
	mov (0x700), %ss
	mov (0x702), %sp
	case_end

	/* String instructions in more forms (see the long64 block) */
	case_begin 300		/* std; rep insw port -> es:di (RAM, scratch A) */
	mov $0x1000, %ax
	mov %ax, %es
	mov $0x104, %di
	mov $3, %cx
	mov $PORT_TEST_DX, %dx
	std
	fep rep insw
	cld
	case_end

	case_begin 301		/* rep outsb es:si (MMIO_LO) -> port */
	mov $0x10, %si
	mov $2, %cx
	mov $PORT_TEST_DX, %dx
	fep rep outsb %es:(%si), (%dx)
	case_end

	/* x87 exception state before an MMX instruction (forced MOVQ mm0 -> MMIO,
	 * as in the 32- and 64-bit payloads): 0/0 with IE unmasked leaves it
	 * pending (#MF, nothing written); masked, the store runs. */
	case_begin 901		/* every exception unmasked: #MF, no MMIO write */
	movq 0x70, %mm0
	fninit
	fldcw %cs:fcw_all_unmasked
	fldz
	fldz
	fdivp
	fep movq %mm0, %es:0x200
	case_end
	fninit

	case_begin 902		/* every exception masked: the store runs */
	movq 0x70, %mm0
	fninit
	fldz
	fldz
	fdivp
	fep movq %mm0, %es:0x200
	case_end
	fninit

	payload_done

fcw_all_unmasked:
	.word 0x0340
