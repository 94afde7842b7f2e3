/* Expected guest-visible results of the payload cases, checked by hand from
 * the instruction semantics and the device models in vmm.h:
 *   MMIO read byte  = (addr & 0xff) ^ 0x80   e.g. 4 bytes at 0xa0010 -> 0x93929190
 *   scratch A byte  = addr & 0xff            e.g. 4 bytes at 0x10004 -> 0x07060504
 *   test-port IN    = 0xc0 0xc1 0xc2 0xc3    e.g. inw -> 0xc1c0
 * Each case starts with GPRs zeroed (case_begin). Ids match the payloads. */
#include "vmm.h"

static const struct kcase real[] = {
	{ 1, "mov-r16-m16-bx+si", .mem = { MEM(0x10030, 2, 0xbeef) } },
	/* SS base is 0xf000: DS would have given 0x7372 from scratch A */
	{ 2, "mov-m16-r16-bp+di+d8-ss", .regs = { REG(RCX, 0x4321) } },
	{ 3, "mov-imm16-m16-di+d16", .mem = { MEM(0x10134, 2, 0xa55a) } },
	/* 0xfff0 + 0x20 wraps to 0x0010 within DS, not 0x10010 past it */
	{ 4, "ea16-wraparound", .mem = { MEM(0x10010, 2, 0x1234), MEM(0x20010, 2, 0) } },
	{ 5, "moffs-a0", .regs = { REG(RAX, 0x90) }, .ev = { MR(0xa0010, 1, 0x90) } },
	{ 6, "moffs-a1", .regs = { REG(RAX, 0xa1a0) }, .ev = { MR(0xa0020, 2, 0xa1a0) } },
	{ 7, "moffs-a2", .ev = { MW(0xa0030, 1, 0x5c) } },
	{ 8, "moffs-a3-o32", .ev = { MW(0xa0040, 4, 0x11223344) } },
	/* 0x0100 + 0x1111 = 0x1211: no carry (CF=AF=0), low byte 0x11 has even parity */
	{ 9, "add-r16-m16", .regs = { FLAGS(0x04) }, .mem = { MEM(0x10200, 2, 0x1211) } },
	{ 10, "or-imm16-mmio-rmw", .ev = { MR(0xa0050, 2, 0xd1d0), MW(0xa0050, 2, 0xdfd0) } },
	/* 0x9000 - 0xe3e2 = 0xac1e (borrow) */
	{ 11, "sub-mmio-r16", .regs = { REG(RDX, 0xac1e) }, .ev = { MR(0xa0062, 2, 0xe3e2) } },
	{ 12, "out-dx-in-imm8", .regs = { REG(RAX, 0xc1c0) },
	  .ev = { PO(PORT_TEST_DX, 1, 0x5a), PI(PORT_TEST_IMM, 2, 0xc1c0) } },
	{ 13, "mmio-unprefixed", .regs = { REG(RBX, 0x8584) },
	  .ev = { MW(0xa0100, 2, 0x2468), MR(0xa0104, 2, 0x8584) } },
	{ 14, "mov-ah-m8", .ev = { MW(0xa0300, 1, 0xab) } },
	{ 15, "mov-m32-r32-bx+di+d16", .regs = { REG(RAX, 0x14131211) } },
	{ 16, "stosw-mmio", .regs = { REG(RDI, 0x402) }, .ev = { MW(0xa0400, 2, 0x7777) } },
	{ 17, "xchg-r16-mmio", .regs = { REG(RAX, 0x8180) },
	  .ev = { MR(0xa0500, 2, 0x8180), MW(0xa0500, 2, 0x1234) } },
	/* 0x1000 + 0x9190 + 1 = 0xa191: SF=1, PF(0x91)=0, no carries, OF=0 */
	{ 18, "adc-r16-m16-mmio", .regs = { REG(RAX, 0xa191), FLAGS(0x80) }, .ev = { MR(0xa0010, 2, 0x9190) } },
	/* 0x0100 - 0x0302 - 1 = 0xfdfd: CF=1, AF=1 (0-2-1 in the low nibble), SF=1, PF(0xfd)=0 */
	{ 19, "sbb-m16-r16-ram", .regs = { FLAGS(0x91) }, .mem = { MEM(0x10000, 2, 0xfdfd) } },
	/* 0xa1 & 0x0f = 0x01: one bit set, so PF=0 */
	{ 20, "and-m8-imm8-mmio", .undefined_flags = UNDEFINED_FLAGS(And), .regs = { FLAGS(0) }, .ev = { MR(0xa0021, 1, 0xa1), MW(0xa0021, 1, 0x01) } },
	/* 0xb3 ^ 0xff = 0x4c (3 bits: PF=0) */
	{ 21, "xor-r8-m8-mmio", .undefined_flags = UNDEFINED_FLAGS(Xor), .regs = { REG(RBX, 0x4c), FLAGS(0) }, .ev = { MR(0xa0033, 1, 0xb3) } },
	/* 0xc1c0 - 0x10 = 0xc1b0: SF=1, PF(0xb0)=0, no borrow */
	{ 22, "cmp-m16-imm8-mmio", .regs = { FLAGS(0x80) }, .ev = { MR(0xa0040, 2, 0xc1c0) } },
	/* 0xc3c2 & 0x0101 = 0x0100: ZF=0, SF=0, PF(0x00)=1 */
	{ 23, "test-m16-r16-mmio", .undefined_flags = UNDEFINED_FLAGS(Test), .regs = { FLAGS(0x04) }, .ev = { MR(0xa0042, 2, 0xc3c2) } },
	/* bytes 0xfe 0xff: 0xfffe + 1 = 0xffff: SF=1 PF=1, CF stays 1 */
	{ 24, "inc-m16-mmio", .regs = { FLAGS(0x85) }, .ev = { MR(0xa007e, 2, 0xfffe), MW(0xa007e, 2, 0xffff) } },
	/* 0x80 - 1 = 0x7f: OF=1 (signed overflow), AF=1, PF(0x7f)=0, CF kept (0) */
	{ 25, "dec-m8-ram", .regs = { FLAGS(0x810) }, .mem = { MEM(0x10080, 1, 0x7f) } },
	/* 0 - 0x8382 = 0x7c7e: CF=1, AF=1, PF(0x7e)=1 */
	{ 26, "neg-m16-mmio", .regs = { FLAGS(0x15) }, .ev = { MR(0xa0002, 2, 0x8382), MW(0xa0002, 2, 0x7c7e) } },
	/* ~0x8584 = 0x7a7b; flags still those of case_begin's xor (ZF PF) */
	{ 27, "not-m16-mmio", .regs = { FLAGS(0x44) }, .ev = { MR(0xa0004, 2, 0x8584), MW(0xa0004, 2, 0x7a7b) } },
	/* 0 - 1 = 0xff at 0xf000 + 0x10: CF=1 AF=1 SF=1 PF=1 */
	{ 28, "sub-m8-imm8-bp-ss", .regs = { FLAGS(0x95) }, .mem = { MEM(0xf010, 1, 0xff) } },
	{ 29, "or-r16-m16-mmio-bx+si", .regs = { REG(RCX, PAT16(0xa0018)) }, .ev = { MR(0xa0018, 2, 0x9998) } },
	/* 0xe1e0 + 0x1111 = 0xf2f1: SF=1, PF(0xf1)=0 (5 bits), no carries */
	{ 30, "add-m16-imm16-mmio", .regs = { FLAGS(0x80) }, .ev = { MR(0xa0060, 2, 0xe1e0), MW(0xa0060, 2, 0xf2f1) } },
	/* 0x9190 << 1 = 0x2320: CF = old bit 15 = 1, OF = new bit 15 ^ CF = 1 */
	{ 31, "shl-m16-1-mmio", .regs = { FLAGSM(0x801, 0x801) }, .ev = { MR(0xa0010, 2, 0x9190), MW(0xa0010, 2, 0x2320) } },
	/* 0xa0 (10100000) sar 3 = 0xf4; CF = bit 2 = 0 */
	{ 32, "sar-m8-cl-mmio", .regs = { FLAGSM(0, 1) }, .ev = { MR(0xa0020, 1, 0xa0), MW(0xa0020, 1, 0xf4) } },
	/* 0x1110 rol 4 = 0x1101; CF = new bit 0 = 1 */
	{ 33, "rol-m16-imm8-ram", .regs = { FLAGSM(1, 1) }, .mem = { MEM(0x10010, 2, 0x1101) } },
	/* CF goes into bit 15: 0x8001, CF = old bit 0 = 0; OF = bit15 ^ bit14 = 1 */
	{ 34, "rcr-r16-1", .regs = { REG(RAX, 0x8001), FLAGSM(0x800, 0x801) } },
	/* 0xb1b0 >> 4 = 0x0b1b; CF = bit 3 = 0 */
	{ 35, "shr-m16-cl-mmio", .undefined_flags = SHIFT_UNDEFINED_FLAGS(Shr, 16, 4), .regs = { FLAGSM(0, 1) }, .ev = { MR(0xa0030, 2, 0xb1b0), MW(0xa0030, 2, 0x0b1b) } },
	/* 0x10 * 0x81 = 0x810: AH != 0 so CF=OF=1 */
	{ 36, "mul-m8-mmio", .regs = { REG(RAX, 0x810), FLAGSM(0x801, 0x801) }, .ev = { MR(0xa0001, 1, 0x81) } },
	/* 0x8382 = -31870; * 2 = -63740 = 0xffff0704 does not fit 16 bits: CF=OF=1 */
	{ 37, "imul-m16-mmio", .regs = { REG(RAX, 0x0704), REG(RDX, 0xffff), FLAGSM(0x801, 0x801) }, .ev = { MR(0xa0002, 2, 0x8382) } },
	/* 0x11234 / 0x9190 = 1 remainder 0x80a4 */
	{ 38, "div-m16-mmio", .regs = { REG(RAX, 1), REG(RDX, 0x80a4) }, .ev = { MR(0xa0010, 2, 0x9190) } },
	/* -100 / 7 = -14 (0xf2) remainder -2 (0xfe), truncating toward zero */
	{ 39, "idiv-m8-ram", .regs = { REG(RAX, 0xfef2) } },
	/* 0x9190 bit 7 = 1 */
	{ 40, "bt-m16-imm8-mmio", .regs = { FLAGSM(1, 1) }, .ev = { MR(0xa0010, 2, 0x9190) } },
	/* 0x2120 bit 3 = 0 -> CF=0, word becomes 0x2128 */
	{ 41, "btc-m16-r16-ram", .regs = { FLAGSM(0, 1) }, .mem = { MEM(0x10020, 2, 0x2128) } },
	/* 0x9190: lowest set bit is 4 */
	{ 42, "bsf-r16-m16-mmio", .undefined_flags = UNDEFINED_FLAGS(Bsf), .regs = { REG(RAX, 4), FLAGSM(0, 0x40) }, .ev = { MR(0xa0010, 2, 0x9190) } },
	/* 0x9190: highest set bit is 15 */
	{ 43, "bsr-r16-m16-mmio", .undefined_flags = UNDEFINED_FLAGS(Bsr), .regs = { REG(RAX, 15), FLAGSM(0, 0x40) }, .ev = { MR(0xa0010, 2, 0x9190) } },
	/* bit 20 of the bit string at 0x10 = bit 4 of the word at 0x12 (0x9392): 1 */
	{ 44, "bt-m16-r16-offset-beyond", .regs = { FLAGSM(1, 1) }, .ev = { MR(0xa0012, 2, 0x9392) } },
	{ 45, "movzx-r16-m8-mmio", .regs = { REG(RAX, 0x05) }, .ev = { MR(0xa0085, 1, 0x05) } },
	{ 46, "movsx-r32-m16-mmio", .regs = { REG(RAX, 0xffff9190) }, .ev = { MR(0xa0010, 2, 0x9190) } },
	{ 47, "cmov-z-r16-m16-mmio-taken", .regs = { REG(RAX, 0x9190) }, .ev = { MR(0xa0010, 2, 0x9190) } },
	{ 48, "cmov-nz-r16-m16-mmio-not-taken", .regs = { REG(RAX, 0x5555) }, .ev = { MR(0xa0010, 2, 0x9190) } },
	{ 49, "setcc-c-m8-mmio", .ev = { MW(0xa0090, 1, 1) } },
	{ 50, "setcc-nz-r8", .regs = { REG(RAX, 0) } },
	/* ax gets the old 0x9190, memory 0x9191: SF=1, PF(0x91)=0 */
	{ 51, "xadd-m16-r16-mmio", .regs = { REG(RAX, 0x9190), FLAGS(0x80) }, .ev = { MR(0xa0010, 2, 0x9190), MW(0xa0010, 2, 0x9191) } },
	/* not equal: ax = 0x9190; flags of 0x1234 - 0x9190 = 0x80a4: CF SF OF, PF(0xa4)=0.
	 * On failure the destination is written back unchanged (a write cycle, as on
	 * hardware). */
	{ 52, "cmpxchg-m16-r16-mmio-neq", .regs = { REG(RAX, 0x9190), FLAGS(0x881) },
	  .ev = { MR(0xa0010, 2, 0x9190), MW(0xa0010, 2, 0x9190) } },
	{ 53, "xchg-r8-m8-mmio", .regs = { REG(RBX, 0x83) }, .ev = { MR(0xa0003, 1, 0x83), MW(0xa0003, 1, 0x11) } },
	{ 54, "sreg-mov-fs-m16-mmio", .regs = { REG(RAX, 0x9190) }, .ev = { MR(0xa0010, 2, 0x9190) } },
	{ 55, "sreg-mov-m16-ds-mmio", .ev = { MW(0xa0020, 2, 0x1000) } },
	/* one 4-byte read: offset then selector */
	{ 56, "lds-r16-m16:16-mmio", .regs = { REG(RBX, 0x9190), REG(RAX, 0x9392) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	/* offset = bytes 0-3 of scratch A, selector = bytes 4-5 */
	{ 57, "les-r32-m16:32-ram", .regs = { REG(RBX, 0x03020100), REG(RAX, 0x0504) } },
	{ 58, "lss-r16-ram", .regs = { REG(RCX, 0x0908), REG(RDX, 0x0b0a) } },
	{ 59, "lfs-lgs-r16-ram", .regs = { REG(RAX, 0x2120), REG(RDX, 0x2322), REG(RCX, 0x2524), REG(RSI, 0x2726) } },
	/* pushed at ss:0xfee = 0xffee */
	{ 60, "push-m16-mmio", .regs = { REG(RCX, 0x9190), REG(RSP, 0xff0) }, .mem = { MEM(0xffee, 2, 0x9190) }, .ev = { MR(0xa0010, 2, 0x9190) } },
	{ 61, "pop-m16-mmio", .regs = { REG(RSP, 0xff0) }, .ev = { MW(0xa0050, 2, 0x1357) } },
	/* flags: ZF PF from case_begin, CF, reserved bit 1: 0x47 */
	{ 62, "pushf-r16", .regs = { REG(RAX, 0x47) } },
	/* CF PF AF ZF SF OF all set, bit 1 always reads 1 */
	{ 63, "popf-r16", .regs = { { R_RFLAGS, 0x8d7, 0 }, REG(RSP, 0xff0) } },
	/* enter pushes bp at 0xffee, bp = 0xfee, sp = 0xfea; leave undoes it */
	{ 64, "enter-leave-16", .regs = { REG(RCX, 0xfea), REG(RDX, 0xfee), REG(RBP, 0x1234), REG(RSP, 0xff0) }, .mem = { MEM(0xffee, 2, 0x1234) } },
	{ 65, "push-imm16-pop-r16", .regs = { REG(RDX, 0x4321), REG(RSP, 0xff0) }, .mem = { MEM(0xffee, 2, 0x4321) } },
	{ 66, "push-sreg-es", .regs = { REG(RAX, 0xa000) } },
	/* pushed ax cx dx bx sp(0xff0) bp si di downwards from 0xffee */
	{ 67, "pusha-popa-16", .regs = { REG(RAX, 1), REG(RCX, 2), REG(RDI, 7), REG(RSP, 0xff0) },
  .mem = { MEM(0xffe0, 8, 0x0ff0000500060007), MEM(0xffe8, 8, 0x0001000200030004) } },
	/* cx = pushed return address - its label = 0 (the addresses are code */
	/* addresses: the event data are left to the recorded-run comparison) */
	{ 68, "call-m16-mmio-indirect", .regs = { REG(RCX, 0), REG(RDX, 1), REG(RSP, 0xff0) }, .ev = { MWX(0xa0070, 2), MRX(0xa0070, 2) } },
	{ 69, "jmp-m16-mmio-indirect", .regs = { REG(RAX, 0), REG(RBX, 2) }, .ev = { MWX(0xa0072, 2), MRX(0xa0072, 2) } },
	{ 70, "ret-near-16", .regs = { REG(RAX, 0), REG(RBX, 2), REG(RSP, 0xff0) } },
	{ 71, "ret-imm16", .regs = { REG(RBX, 0xff0) }, .mem = { MEM(0xffec, 4, 0x11112222) } },
	{ 72, "call-rel16", .regs = { REG(RAX, 0), REG(RSP, 0xff0) } },
	{ 73, "jcc-rel8-taken-not-taken", .regs = { REG(RAX, 0), REG(RBX, 2) } },
	{ 74, "loop-rel8", .regs = { REG(RAX, 3), REG(RCX, 0) } },
	{ 75, "jcxz-rel8", .regs = { REG(RAX, 0) } },
	{ 76, "ljmp-ptr16:16", .regs = { REG(RAX, 0x800) } },
	/* lcall pushes CS (0) then IP: sp 0xfec in the callee */
	{ 77, "lcall-lret-16", .regs = { REG(RBX, 0x800), REG(RCX, 0xfec), REG(RSP, 0xff0) }, .mem = { MEM(0xffee, 2, 0) } },
	{ 78, "lcall-m16:16-ram-indirect", .regs = { REG(RBX, 0x800), REG(RSP, 0xff0) } },
	/* pushes flags (0x46), CS (0), IP; handler sees IF=TF=0 */
	{ 79, "int-n-real-ivt", .regs = { REG(RBX, 0x99), REG(RDX, 0x46), REG(RSP, 0xff0) }, .mem = { MEM(0xffec, 4, 0x00460000) } },
	{ 80, "iret-real", .regs = { { R_RFLAGS, 0x8d7, 0 }, REG(RSP, 0xff0) } },
	{ 81, "movs-rep-movsw-ram-to-mmio", .regs = { REG(RCX, 0), REG(RSI, 0x16), REG(RDI, 0x26) },
  .ev = { MW(0xa0020, 2, 0x1110), MW(0xa0022, 2, 0x1312), MW(0xa0024, 2, 0x1514) } },
	/* bytes 0x92 0x91 0x90 land at 0x10102 0x10101 0x10100; 0x10103 keeps 0x03 */
	{ 82, "movs-rep-movsb-mmio-to-ram-df", .regs = { REG(RCX, 0), REG(RSI, 0xf), REG(RDI, 0xff) }, .mem = { MEM(0x10100, 4, 0x03929190) },
  .ev = { MR(0xa0012, 1, 0x92), MR(0xa0011, 1, 0x91), MR(0xa0010, 1, 0x90) } },
	{ 83, "stos-rep-stosb-mmio-df", .regs = { REG(RDI, 0xf), REG(RCX, 0) },
  .ev = { MW(0xa0012, 1, 0x5a), MW(0xa0011, 1, 0x5a), MW(0xa0010, 1, 0x5a) } },
	{ 84, "lods-rep-lodsw-mmio", .regs = { REG(RAX, 0x9594), REG(RSI, 0x16), REG(RCX, 0) },
  .ev = { MR(0xa0010, 2, 0x9190), MR(0xa0012, 2, 0x9392), MR(0xa0014, 2, 0x9594) } },
	/* RAM 0x10010+i holds 0x10+i; MMIO 0xa0090+i reads 0x90^0x80 = 0x10+i */
	{ 85, "cmps-repe-cmpsb-ram-mmio-equal", .regs = { REG(RCX, 0), REG(RSI, 0x14), REG(RDI, 0x94), FLAGS(0x44) },
  .ev = { MR(0xa0090, 1, 0x10), MR(0xa0091, 1, 0x11), MR(0xa0092, 1, 0x12), MR(0xa0093, 1, 0x13) } },
	/* found at the 4th byte: cx = 8 - 4, ZF=1 */
	{ 86, "scas-repne-scasb-mmio", .regs = { REG(RCX, 4), REG(RDI, 0x14), FLAGSM(0x40, 0x40) },
  .ev = { MR(0xa0010, 1, 0x90), MR(0xa0011, 1, 0x91), MR(0xa0012, 1, 0x92), MR(0xa0013, 1, 0x93) } },
	{ 87, "outs-rep-outsb-dx", .regs = { REG(RCX, 0), REG(RSI, 0x23) },
  .ev = { PO(PORT_TEST_DX, 1, 0x20), PO(PORT_TEST_DX, 1, 0x21), PO(PORT_TEST_DX, 1, 0x22) } },
	/* KVM's REP INS read-ahead, which kemu follows: both port items in one
	 * exit, then (DF=0) one 4-byte write */
	{ 88, "ins-rep-insw-mmio",
	  .regs = { REG(RCX, 0), REG(RDI, 0x44) },
	  .ev = { PI(PORT_TEST_DX, 2, 0xc1c0), PI(PORT_TEST_DX, 2, 0xc1c0), MW(0xa0040, 4, 0xc1c0c1c0) },
	  .io_exits = 1, .kemu_io_exits = 1 },
	/* the 3 items read ahead in one exit */
	{ 89, "ins-rep-insb-ram", .regs = { REG(RCX, 0), REG(RDI, 0x103) }, .mem = { MEM(0x10100, 4, 0x03c0c0c0) },
  .ev = { PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0) },
  .io_exits = 1, .kemu_io_exits = 1 },
	{ 90, "in-al-dx", .regs = { REG(RAX, 0x12c0) }, .ev = { PI(PORT_TEST_DX, 1, 0xc0) } },
	{ 91, "in-eax-imm8", .regs = { REG(RAX, 0xc3c2c1c0) }, .ev = { PI(PORT_TEST_IMM, 4, 0xc3c2c1c0) } },
	{ 92, "out-imm8-ax", .ev = { PO(PORT_TEST_IMM, 2, 0xbeef) } },
	{ 93, "out-dx-eax", .ev = { PO(PORT_TEST_DX, 4, 0x12345678) } },
	{ 94, "cbw-cwd", .regs = { REG(RAX, 0xff80), REG(RDX, 0xffff) } },
	{ 95, "cwde-cdq", .regs = { REG(RAX, 0xffff8000), REG(RDX, 0xffffffff) } },
	/* AH = SF ZF 0 AF 0 PF 1 CF = 0x47 */
	{ 96, "lahf", .regs = { REG(RAX, 0x4700) } },
	{ 97, "sahf", .regs = { FLAGSM(0xd5, 0xd5) } },
	{ 98, "clc-stc-cmc", .regs = { REG(RAX, 1), REG(RBX, 0), REG(RCX, 0) } },
	{ 99, "std-cld", .regs = { REG(RAX, 0x446), REG(RBX, 0x46) } },
	{ 100, "xlat-mmio", .regs = { REG(RAX, 0x95) }, .ev = { MR(0xa0015, 1, 0x95) } },
	{ 101, "lea-16-wrap", .regs = { REG(RAX, 0x20) } },
	{ 102, "smsw-r16", .regs = { REG(RAX, 0x0010) } },
	/* reset value: CD NW ET */
	{ 103, "crmov-read-cr0", .regs = { REG(RAX, 0x60000010) } },
	{ 104, "str-ud-real-mode", .exc = EXC(UD) },
	/* limit 0x67 (13 descriptors), base 0x1000 (6 bytes); scratch bytes 6-7 stay 0x06 0x07 */
	{ 105, "sgdt-real", .mem = { MEM(0x10200, 8, 0x0706000010000067ull) } },
	/* real-mode IVT: limit 0x3ff, base 0 */
	{ 106, "sidt-real", .mem = { MEM(0x10200, 8, 0x07060000000003ffull) } },
	{ 107, "lidt-sidt-real", .mem = { MEM(0x10308, 8, 0x0f0e000045670123ull) } },
	{ 108, "lgdt-sgdt-real", .mem = { MEM(0x10308, 8, 0x0f0e00001000004full) } },
	{ 109, "clts-real", .regs = { REG(RBX, 0x60000010) } },
	{ 110, "wbinvd", .regs = { REG(RAX, 1) } },
	{ 111, "invd", .regs = { REG(RAX, 1) } },
	{ 112, "drmov-dr0-real", .regs = { REG(RBX, 0x12345678) } },
	{ 113, "wrmsr-rdmsr-sysenter-cs", .regs = { REG(RAX, 8), REG(RDX, 0) } },
	/* max leaf and vendor depend on L0/L1: only the stock-vs-kemu comparison */
	{ 114, "cpuid-leaf0" },
	{ 115, "div-de-real-mmio-zero", .exc = EXC(DE), .regs = { REG(RAX, 0x1234) }, .ev = { MR(0xa0080, 1, 0) } },
	{ 116, "mov-gp-real-limit", .exc = EXC(GP) },
	{ 117, "mov-ss-real-limit-bp", .exc = EXC(SS), .regs = { REG(RBP, 0xffff) } },
	/* ---- exits to userspace in the middle of an instruction ----
	 * BT* with a register bit offset, as prot32 220-223 (a = es:0x100,
	 * 0xa0100); the word forms' operand is a[offset >> 4] (floor), the bit
	 * offset & 15. btc a[0], 34: a[2] = PAT16(0xa0104) = 0x8584, bit 2 set
	 * (CF=1) -> 0x8580. */
	{ 220, "btc-m16-r16-mmio-offset-34", .regs = { FLAGSM(1, 1) },
	  .ev = { MR(0xa0104, 2, 0x8584), MW(0xa0104, 2, 0x8580) } },
	/* btr a[3], -17: a[3 - 2] = PAT16(0xa0102) = 0x8382, bit 15 set (CF=1) -> 0x0382 */
	{ 221, "btr-m16-r16-mmio-offset-minus-17", .regs = { FLAGSM(1, 1) },
	  .ev = { MR(0xa0102, 2, 0x8382), MW(0xa0102, 2, 0x0382) } },
	/* dword a[1] = PAT32(0xa0104) = 0x87868584, bit 3 clear -> 0x8786858c */
	{ 222, "bts-m32-r32-mmio-offset-35", .regs = { FLAGSM(0, 1) },
	  .ev = { MR(0xa0104, 4, 0x87868584), MW(0xa0104, 4, 0x8786858c) } },
	/* dword a[2] = PAT32(0xa0108) = 0x8b8a8988, bit 31 set (CF=1) -> 0x0b8a8988 */
	{ 223, "btc-m32-r32-mmio-offset-minus-1", .regs = { FLAGSM(1, 1) },
	  .ev = { MR(0xa0108, 4, 0x8b8a8988), MW(0xa0108, 4, 0x0b8a8988) } },
	/* enter $0x1234,$0, SS 0x9f00, SP 0x2001: BP (0x7788) goes to ss:0x1fff =
	 * 0xa0fff, one byte in each MMIO page, so two exits of 1 byte; BP =
	 * 0x1fff, SP = 0x1fff - 0x1234 = 0x0dcb (0x9fdcb, RAM: nothing accesses it). */
	{ 224, "enter-straddling-mmio-pages-16", .regs = { REG(RCX, 0xdcb), REG(RDX, 0x1fff) },
	  .ev = { MW(0xa0fff, 1, 0x88), MW(0xa1000, 1, 0x77) } },
	/* pusha, SS 0x9f00, SP 0x2008: AX..DI at ss:0x2006 down to ss:0x1ff8
	 * (SP pushed as 0x2008), SP = 0x1ff8. As prot32 225, stock KVM delivers
	 * only the last push (DI, 7, at 0xa0ff8); kemu one 16-byte write, 8
	 * bytes in each page. */
	{ 225, "pusha-straddling-mmio-pages-16",
	  .deviation = "stock KVM loses all pushes but the last on an MMIO stack (each write "
		       "forgets the one waiting for userspace); kemu delivers all eight",
	  .regs = { REG(RCX, 0x1ff8) }, .ev = { MW(0xa0ff8, 2, 7) },
	  .kemu = { .regs = { REG(RCX, 0x1ff8) },
		    .ev = { MW(0xa0ff8, 8, 0x2008000500060007), MW(0xa1000, 8, 0x0001000200030004) } } },
	/* String instructions in more forms (see the long64 block) */
	/* min(offset 0x104, 512, 3) = 3 words read ahead, one exit: 0x10104 down to 0x10100 */
	{ 300, "ins-rep-insw-ram-df-real", .regs = { REG(RCX, 0), REG(RDI, 0xfe) }, .mem = { MEM(0x10100, 6, 0xc1c0c1c0c1c0) },
	  .ev = { PI(PORT_TEST_DX, 2, 0xc1c0), PI(PORT_TEST_DX, 2, 0xc1c0), PI(PORT_TEST_DX, 2, 0xc1c0) },
	  .io_exits = 1, .kemu_io_exits = 1 },
	{ 301, "outs-rep-outsb-mmio-real", .regs = { REG(RCX, 0), REG(RSI, 0x12) },
	  .ev = { MR(0xa0010, 1, 0x90), PO(PORT_TEST_DX, 1, 0x90), MR(0xa0011, 1, 0x91), PO(PORT_TEST_DX, 1, 0x91) },
	  .io_exits = 2, .kemu_io_exits = 2 },
	/* Pending x87 exception before MMX (payload 901-902): #MF from the forced
	 * MOVQ, nothing written; with the exception masked, mm0 (scratch A bytes
	 * 0x70-0x77) reaches MMIO_LO+0x200. */
	{ 901, "movq-m64-mm-pending-x87-mf", .exc = EXC(MF) },
	{ 902, "movq-m64-mm-masked-x87", .ev = { MW(0xa0200, 8, 0x7776757473727170) } },
};

static const struct kcase prot32[] = {
	{ 1, "mov-r32-m32-sib-b+i*4+d8", .mem = { MEM(0x1001c, 4, 0xdeadbeef) } },
	{ 2, "mov-m32-r32-sib-i*8+d32", .regs = { REG(RDX, 0x93929190) },
	  .ev = { MR(0xa0010, 4, 0x93929190) } },
	{ 3, "mov-imm32-m32-d32", .ev = { MW(0xe0000100, 4, 0xcafebabe) } },
	{ 4, "moffs-a0", .regs = { REG(RAX, 0x84) }, .ev = { MR(0xe0000004, 1, 0x84) } },
	{ 5, "moffs-a1", .regs = { REG(RAX, 0x8b8a8988) }, .ev = { MR(0xe0000008, 4, 0x8b8a8988) } },
	{ 6, "moffs-a2", .ev = { MW(0xa0001, 1, 0x77) } },
	{ 7, "moffs-a3-o16", .ev = { MW(0xa0002, 2, 0xbeef) } },
	/* 0xc3c2c1c0 ^ 0xffff0000 = 0x3c3dc1c0: SF=0, PF(0xc0)=1, CF=OF=0 */
	{ 8, "xor-imm32-mmio-rmw", .undefined_flags = UNDEFINED_FLAGS(Xor), .regs = { FLAGS(0x04) },
	  .ev = { MR(0xa0040, 4, 0xc3c2c1c0), MW(0xa0040, 4, 0x3c3dc1c0) } },
	{ 9, "add-m32-r32-d8", .regs = { REG(RCX, 0x07060514) } },
	{ 10, "out-dx-in-imm8", .regs = { REG(RAX, 0xc3c2c1c0) },
	  .ev = { PO(PORT_TEST_DX, 4, 0xdeadbeef), PI(PORT_TEST_IMM, 4, 0xc3c2c1c0) } },
	{ 11, "mmio-unprefixed", .regs = { REG(RDX, 0x85) },
	  .ev = { MW(0xe0000200, 4, 0x13579bdf), MR(0xa0005, 1, 0x85) } },
	/* [bx+si] = 0xf020 (scratch B, written by the payload); upper eax kept */
	{ 12, "addr16-mov-m16-r16", .regs = { REG(RAX, 0xffff600d) } },
	{ 13, "movsb-mmio-to-ram", .regs = { REG(RSI, 0xa0071), REG(RDI, 0x10801) },
	  .mem = { MEM(0x10800, 1, 0xf0) }, .ev = { MR(0xa0070, 1, 0xf0) } },
	/* the pushed value stays in the stack slot below esp */
	{ 14, "push-pop-m32-mmio", .regs = { REG(RSP, 0x7ff0) }, .mem = { MEM(0x7fec, 4, 0x83828180) },
	  .ev = { MR(0xe0000500, 4, 0x83828180), MW(0xe0000504, 4, 0x83828180) } },
	{ 15, "movzx-movsx-mmio", .regs = { REG(RAX, 0x1110), REG(RCX, 0xff90) },
	  .ev = { MR(0xa0090, 2, 0x1110), MR(0xa0010, 1, 0x90) } },
	/* 0x93929190 + 0x01010101 = 0x94939291: SF=1, PF(0x91)=0, no carries */
	{ 16, "add-m32-imm32-mmio-hi", .regs = { FLAGS(0x80) }, .ev = { MR(0xe0000010, 4, 0x93929190), MW(0xe0000010, 4, 0x94939291) } },
	/* 0x93929190 + 0x6c6d6e6f + 1 = 0x1_00000000: CF ZF PF AF */
	{ 17, "adc-r32-m32-mmio", .regs = { REG(RAX, 0), FLAGS(0x55) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	/* 0x07060504 - 0x04030201 = 0x03030303: PF(0x03)=1 */
	{ 18, "sub-m32-r32-ram", .regs = { FLAGS(0x04) }, .mem = { MEM(0x10004, 4, 0x03030303) } },
	/* 0xa0 - 0x7f = 0x21: OF=1 (negative - positive = positive), AF=1, PF=1 */
	{ 19, "sbb-m8-imm8-mmio", .regs = { FLAGS(0x814) }, .ev = { MR(0xa0020, 1, 0xa0), MW(0xa0020, 1, 0x21) } },
	/* 0xa3a2a1a0 & 0xffff0000 = 0xa3a20000: SF=1, PF(0x00)=1 */
	{ 20, "and-r32-m32-mmio-hi", .undefined_flags = UNDEFINED_FLAGS(And), .regs = { REG(RAX, 0xa3a20000), FLAGS(0x84) }, .ev = { MR(0xe0000020, 4, 0xa3a2a1a0) } },
	/* 0xb1b0 | 0x0101 = 0xb1b1: SF=1, PF(0xb1)=1 */
	{ 21, "or-m16-r16-mmio", .undefined_flags = UNDEFINED_FLAGS(Or), .regs = { FLAGS(0x84) }, .ev = { MR(0xa0030, 2, 0xb1b0), MW(0xa0030, 2, 0xb1b1) } },
	{ 22, "xor-m32-r32-ram-zero", .undefined_flags = UNDEFINED_FLAGS(Xor), .regs = { FLAGS(0x44) }, .mem = { MEM(0x10010, 4, 0) } },
	{ 23, "cmp-r32-m32-mmio-equal", .regs = { FLAGS(0x44) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	/* 0xff & 0x80 = 0x80: SF=1, PF=0 */
	{ 24, "test-m8-imm8-mmio", .undefined_flags = UNDEFINED_FLAGS(Test), .regs = { FLAGS(0x80) }, .ev = { MR(0xa007f, 1, 0xff) } },
	/* bytes fc fd fe ff: 0xfffefdfc + 1 = 0xfffefdfd, SF=1 PF(0xfd)=0 */
	{ 25, "inc-m32-mmio-hi", .regs = { FLAGS(0x80) }, .ev = { MR(0xe000007c, 4, 0xfffefdfc), MW(0xe000007c, 4, 0xfffefdfd) } },
	/* 0 - 1: SF PF AF; CF kept (0) */
	{ 26, "dec-r32", .regs = { REG(RCX, 0xffffffff), FLAGS(0x94) } },
	/* -0xa3a2a1a0 = 0x5c5d5e60: CF=1, PF(0x60)=1 */
	{ 27, "neg-m32-mmio", .regs = { FLAGS(0x05) }, .ev = { MR(0xa0020, 4, 0xa3a2a1a0), MW(0xa0020, 4, 0x5c5d5e60) } },
	{ 28, "not-m8-mmio", .ev = { MR(0xa0005, 1, 0x85), MW(0xa0005, 1, 0x7a) } },
	/* 0xff + 0x81 = 0x180: al 0x80, CF SF AF */
	{ 29, "add-r8-m8-mmio-carry", .regs = { REG(RAX, 0x80), FLAGS(0x91) }, .ev = { MR(0xa0001, 1, 0x81) } },
	/* 0x12345678 - 0xc3c2c1c0 = 0x4e7194b8 with borrow: CF=1, PF(0xb8)=1 */
	{ 30, "cmp-m32-r32-mmio-hi", .regs = { FLAGS(0x05) }, .ev = { MR(0xe0000040, 4, 0xc3c2c1c0) } },
	{ 31, "add-lock-m32-ram", .regs = { FLAGS(0) }, .mem = { MEM(0xf000, 4, 1) } },
	/* 0x93929190 << 8 = 0x92919000; CF = old bit 24 = 1 */
	{ 32, "shl-m32-cl-mmio", .regs = { FLAGSM(1, 1) }, .ev = { MR(0xa0010, 4, 0x93929190), MW(0xa0010, 4, 0x92919000) } },
	/* 0x23222120 >> 4 = 0x02322212; CF = old bit 3 = 0 */
	{ 33, "shr-m32-imm8-ram", .regs = { FLAGSM(0, 1) }, .mem = { MEM(0x10020, 4, 0x02322212) } },
	/* 0x93929190 sar 1 = 0xc9c948c8; CF=0, OF=0 for sar by 1 */
	{ 34, "sar-m32-1-mmio", .regs = { FLAGSM(0, 0x801) }, .ev = { MR(0xa0010, 4, 0x93929190), MW(0xa0010, 4, 0xc9c948c8) } },
	/* 0x81 rol 1 = 0x03; CF = 1, OF = MSB ^ CF = 1 */
	{ 35, "rol-m8-cl-mmio", .regs = { FLAGSM(0x801, 0x801) }, .ev = { MR(0xa0001, 1, 0x81), MW(0xa0001, 1, 0x03) } },
	/* 0x93929190 ror 8 = 0x90939291; CF = new bit 31 = 1 */
	{ 36, "ror-m32-imm8-mmio", .regs = { FLAGSM(1, 1) }, .ev = { MR(0xa0010, 4, 0x93929190), MW(0xa0010, 4, 0x90939291) } },
	/* (0x3130 << 1) | 1 = 0x6261; CF = old bit 15 = 0; OF = MSB ^ CF = 0 */
	{ 37, "rcl-m16-1-ram", .regs = { FLAGSM(0, 0x801) }, .mem = { MEM(0x10030, 2, 0x6261) } },
	/* (0x93929190 << 8) | (0xab) = 0x929190ab; CF = old bit 24 = 1 */
	{ 38, "shld-m32-r32-imm8-mmio", .regs = { FLAGSM(1, 1) }, .ev = { MR(0xa0010, 4, 0x93929190), MW(0xa0010, 4, 0x929190ab) } },
	/* (0x43424140 >> 4) | (0xf << 28) = 0xf4342414; CF = old bit 3 = 0 */
	{ 39, "shrd-m32-r32-cl-ram", .undefined_flags = SHIFT_UNDEFINED_FLAGS(Shrd, 32, 4), .regs = { FLAGSM(0, 1) }, .mem = { MEM(0x10040, 4, 0xf4342414) } },
	{ 40, "sal-r32-cl-masked", .regs = { REG(RAX, 0x80000000), FLAGSM(0x800, 0x801) } },
	/* 0x93929190 * 0x10 = 0x9_39291900: CF=OF=1 */
	{ 41, "mul-m32-mmio", .regs = { REG(RAX, 0x39291900), REG(RDX, 9), FLAGSM(0x801, 0x801) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	/* -0x6c6d6e70 * -2 = 0xd8dadce0 > INT32_MAX: CF=OF=1 */
	{ 42, "imul-r32-m32-imm8-mmio", .regs = { REG(RCX, 0xd8dadce0), FLAGSM(0x801, 0x801) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	/* 0x87868584 * 3 = 0x1_9693908c (signed: does not fit): CF=OF=1 */
	{ 43, "imul-r32-m32-mmio", .regs = { REG(RCX, 0x9693908c), FLAGSM(0x801, 0x801) }, .ev = { MR(0xa0004, 4, 0x87868584) } },
	/* 0x1_27252325 = 2 * 0x93929190 + 5 */
	{ 44, "div-m32-mmio", .regs = { REG(RAX, 2), REG(RDX, 5) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	/* -1000 / 7 = -142 remainder -6 */
	{ 45, "idiv-m32-ram", .regs = { REG(RAX, 0xffffff72), REG(RDX, 0xfffffffa) } },
	{ 46, "div-de-mmio-zero", .exc = EXC(DE), .regs = { REG(RAX, 0x1234) }, .ev = { MR(0xa0080, 1, 0) } },
	/* 0x100 * 0x9190 = 0x91_9000 */
	{ 47, "mul-m16-mmio", .regs = { REG(RAX, 0x9000), REG(RDX, 0x91), FLAGSM(0x801, 0x801) }, .ev = { MR(0xa0010, 2, 0x9190) } },
	/* bit -1 = bit 31 of the dword at 0x10 (0x93929190): 1 */
	{ 48, "bt-m32-r32-negative-offset", .regs = { FLAGSM(1, 1) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	{ 49, "bts-m32-imm8-ram", .regs = { FLAGSM(0, 1) }, .mem = { MEM(0x10010, 4, 0x13121111) } },
	/* bit 4 of 0x93929190 is set: CF=1, cleared */
	{ 50, "btr-m32-r32-mmio", .regs = { FLAGSM(1, 1) }, .ev = { MR(0xa0010, 4, 0x93929190), MW(0xa0010, 4, 0x93929180) } },
	{ 51, "btc-m16-imm8-mmio", .regs = { FLAGSM(1, 1) }, .ev = { MR(0xa0010, 2, 0x9190), MW(0xa0010, 2, 0x1190) } },
	{ 52, "bsf-r32-m32-ram-zero", .regs = { REG(RAX, 0x55), FLAGSM(0x40, 0x40) } },
	{ 53, "bsr-r32-m32-mmio", .undefined_flags = UNDEFINED_FLAGS(Bsr), .regs = { REG(RAX, 31), FLAGSM(0, 0x40) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	{ 54, "bsf-r32-m32-ram", .regs = { REG(RCX, 8), FLAGSM(0, 0x40) } },
	{ 55, "mov-m32-r32-mmio-hi-sib", .ev = { MW(0xe0000050, 4, 0x01234567) } },
	{ 56, "movzx-r32-m8-mmio-hi", .regs = { REG(RAX, 0xff) }, .ev = { MR(0xe000007f, 1, 0xff) } },
	{ 57, "movsx-r32-m8-mmio", .regs = { REG(RCX, 0xffffff81) }, .ev = { MR(0xa0001, 1, 0x81) } },
	{ 58, "movbe-r32-m32-mmio", .regs = { REG(RAX, 0x90919293) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	/* the 66-prefixed (16-bit) MOVBE is only in KVM's decode table from 6.12 on
	 * (6.1: #UD), so the suite stores 32 bits */
	{ 59, "movbe-m32-r32-mmio", .ev = { MW(0xa0020, 4, 0x78563412) } },
	{ 60, "cmov-nc-r32-m32-mmio-taken", .regs = { REG(RAX, 0x93929190) }, .ev = { MR(0xe0000010, 4, 0x93929190) } },
	{ 61, "cmov-s-r16-m16-ram-not-taken", .regs = { REG(RAX, 0x7777) } },
	{ 62, "setcc-le-m8-ram", .mem = { MEM(0xf000, 4, 0x01000000) } },
	{ 63, "xchg-m32-r32-mmio-hi", .regs = { REG(RCX, 0xa3a2a1a0) }, .ev = { MR(0xe0000020, 4, 0xa3a2a1a0), MW(0xe0000020, 4, 0x11223344) } },
	/* 0xf5 + 0x10 = 0x105: memory 0x05, bl 0xf5, CF=1 PF(0x05)=1 */
	{ 64, "xadd-m8-r8-ram", .regs = { REG(RBX, 0xf5), FLAGS(0x05) }, .mem = { MEM(0x100f5, 1, 0x05) } },
	{ 65, "cmpxchg-m32-r32-mmio-equal", .regs = { REG(RAX, 0xa3a2a1a0), FLAGS(0x44) }, .ev = { MR(0xa0020, 4, 0xa3a2a1a0), MW(0xa0020, 4, 0x55667788) } },
	{ 66, "cmpxchg8b-m64-mmio-equal", .regs = { FLAGSM(0x40, 0x40), REG(RAX, 0x93929190), REG(RDX, 0x97969594) },
  .ev = { MR(0xa0010, 8, 0x9796959493929190), MW(0xa0010, 8, 0x1111111122222222) } },
	{ 67, "cmpxchg8b-m64-ram-not-equal", .regs = { FLAGSM(0, 0x40), REG(RAX, 0x03020100), REG(RDX, 0x07060504) }, .mem = { MEM(0x10000, 8, 0x0706050403020100) } },
	{ 68, "push-m32-ram-pop-r32", .regs = { REG(RCX, 0x0b0a0908), REG(RSP, 0x7ff0) }, .mem = { MEM(0x7fec, 4, 0x0b0a0908) } },
	/* pushed: ZF PF CF + bit 1 = 0x47; popped: AC NT OF SF ZF AF PF CF (+ bit 1) */
	{ 69, "pushf-popf-32", .regs = { REG(RBX, 0x47), REG(RCX, 0x448d7), REG(RSP, 0x7ff0) } },
	/* push ebp at 0x7fec, ebp = 0x7fec, esp = 0x7fe4 */
	{ 70, "enter-leave-32", .regs = { REG(RCX, 0x7fe4), REG(RDX, 0x7fec), REG(RBP, 0x1234), REG(RSP, 0x7ff0) }, .mem = { MEM(0x7fec, 4, 0x1234) } },
	/* eax ecx edx ebx esp(0x7ff0) ebp esi edi downwards from 0x7fec */
	{ 71, "pusha-popa-32", .regs = { REG(RAX, 1), REG(RDX, 3), REG(RSI, 6), REG(RSP, 0x7ff0) },
  .mem = { MEM(0x7fd0, 8, 0x0000000600000007), MEM(0x7fd8, 8, 0x00007ff000000005), MEM(0x7fe8, 8, 0x0000000100000002) } },
	{ 72, "push-imm32-imm8", .regs = { REG(RAX, 0xfffffffe), REG(RBX, 0x12345678), REG(RSP, 0x7ff0) } },
	{ 73, "push-sreg-pop-fs", .regs = { REG(RAX, 0x07060504), REG(RCX, 0x20), REG(RSP, 0x7ff0) } },
	{ 74, "pop-m32-mmio-hi", .regs = { REG(RSP, 0x7ff0) }, .ev = { MW(0xe0000044, 4, 0xcafef00d) } },
	{ 75, "call-m32-mmio-indirect", .regs = { REG(RCX, 0), REG(RDX, 1), REG(RSP, 0x7ff0) }, .ev = { MWX(0xa0070, 4), MRX(0xa0070, 4) } },
	{ 76, "jmp-r32-indirect", .regs = { REG(RBX, 0) } },
	{ 77, "call-rel32", .regs = { REG(RAX, 0), REG(RSP, 0x7ff0) } },
	{ 78, "ret-imm16-32", .regs = { REG(RSP, 0x7ff0) }, .mem = { MEM(0x7fe8, 8, 0x0000111100002222) } },
	{ 79, "jcc-rel32-taken", .regs = { REG(RAX, 0) } },
	/* iteration 1: ebx=1 ZF=0 ecx=4 -> again; iteration 2: ebx=0 ZF=1 ecx=3 -> exit */
	{ 80, "loop-loopne-ecx", .regs = { REG(RCX, 3), REG(RBX, 0) } },
	{ 81, "jcxz-jecxz", .regs = { REG(RAX, 1) } },
	{ 82, "ljmp-ptr16:32", .regs = { REG(RAX, 0x30) } },
	/* pushes CS (0x08) then EIP: esp 0x7fe8 in the callee */
	{ 83, "lcall-lret-32", .regs = { REG(RBX, 0x30), REG(RCX, 0x7fe8), REG(RSP, 0x7ff0) }, .mem = { MEM(0x7fec, 4, 0x08) } },
	/* KVM reads the whole m16:32 pointer with one 6-byte MMIO access */
	{ 84, "ljmp-m16:32-mmio", .regs = { REG(RAX, 0x30) }, .ev = { MWX(0xa0060, 4), MW(0xa0064, 2, 0x30), MRX(0xa0060, 6) } },
	{ 85, "lret-imm16-32", .regs = { REG(RSP, 0x7ff0) } },
	{ 86, "pop-m32-esp-based", .regs = { REG(RSP, 0x7ff0) }, .mem = { MEM(0x7ff4, 4, 0x77) } },
	{ 87, "ljmp-gp-null-selector", .exc = EXCE(GP, 0) },
	/* ds base = SCRATCH_A: [4] = 0x07060504 */
	{ 88, "sreg-mov-ds-m16-mmio", .regs = { REG(RAX, 0x07060504) }, .ev = { MW(0xa0010, 2, 0x20), MR(0xa0010, 2, 0x20) } },
	{ 89, "sreg-es-read-only-write-gp", .exc = EXCE(GP, 0), .regs = { REG(RAX, 0x28) } },
	{ 90, "sreg-ss-dpl3-gp", .exc = EXCE(GP, 0x38) },
	{ 91, "sreg-ds-not-present-np", .exc = EXCE(NP, 0x40) },
	{ 92, "sreg-ss-not-present-ss", .exc = EXCE(SS, 0x40) },
	{ 93, "sreg-ds-null-access-gp", .exc = EXCE(GP, 0) },
	{ 94, "sreg-fs-limit-gp", .exc = EXCE(GP, 0) },
	/* ds base SCRATCH_A: [0x100] = 0x03020100 */
	{ 95, "lds-r32-m16:32-ram", .regs = { REG(RBX, 0x100), REG(RAX, 0x03020100) } },
	/* one 6-byte MMIO read: offset, then the selector written just before */
	{ 96, "lfs-r32-m16:32-mmio", .regs = { REG(RCX, 0x93929190), REG(RAX, 0x20) }, .ev = { MW(0xa0014, 2, 0x20), MR(0xa0010, 6, 0x002093929190) } },
	{ 97, "lgs-r16-m16:16-ram", .regs = { REG(RDX, 0x1234), REG(RAX, 0x03020100) } },
	{ 98, "lss-r32-m16:32-ram", .regs = { REG(RCX, 0x7f00), REG(RDX, 0x10) } },
	{ 99, "les-gp-selector-beyond-gdt", .exc = EXCE(GP, 0x80) },
	/* PE ET, as set by the VMM */
	{ 100, "crmov-cr0-read-write", .regs = { REG(RAX, 0x11) } },
	{ 101, "crmov-cr3-read-write", .regs = { REG(RAX, 0) } },
	{ 102, "crmov-cr4-read-write", .regs = { REG(RAX, 0) } },
	{ 103, "drmov-dr7-round-trip", .regs = { REG(RBX, 0x700), REG(RCX, 0x400) } },
	{ 104, "drmov-dr1-dr2-dr3", .regs = { REG(RBX, 0x1111), REG(RCX, 0x2222), REG(RDX, 0x3333) } },
	{ 105, "drmov-dr6-read", .regs = { REG(RAX, 0xffff0ff0) } },
	{ 106, "wrmsr-rdmsr-sysenter-esp-eip", .regs = { REG(RAX, 0x7000), REG(RBX, 0x8000), REG(RDX, 0) } },
	{ 107, "rdmsr-tsc-aux", .regs = { REG(RAX, 5), REG(RDX, 0) } },
	/* limit 0x67 (13 descriptors), base 0x1000 */
	{ 108, "sgdt-32", .mem = { MEM(0xf000, 8, 0x0000000010000067ull) } },
	/* 32 gates of 8 bytes at 0x1800 */
	{ 109, "sidt-32", .mem = { MEM(0xf000, 8, 0x00000000180000ffull) } },
	/* the 32-bit register forms zero-extend the selector; LDTR 0, TR 0x50 (vmm.c) */
	{ 110, "sldt-str-32", .regs = { REG(RAX, 0), REG(RBX, 0x50) } },
	{ 111, "smsw-m16-mmio", .ev = { MW(0xa0010, 2, 0x11) } },
	{ 112, "lmsw-same", .regs = { REG(RBX, 0x11) } },
	{ 113, "lgdt-lidt-32", .mem = { MEM(0xf010, 8, 0x000000001000003full), MEM(0xf018, 8, 0x000000001800007full) } },
	{ 114, "clts-32", .regs = { REG(RBX, 0x11) } },
	/* feature bits depend on L0/L1: the stock-vs-kemu comparison checks them */
	{ 115, "cpuid-leaf1" },
	/* at least leaf 0x80000001 exists (long mode runs) */
	{ 116, "cpuid-leaf80000000", .regs = { { R_RAX, 0x80000000, 0xffff0000 } } },
	/* DAS (KVM has no DAA: 0x27 is not in its opcode table, so a forced DAA is
	 * #UD under stock KVM: a deviation, case 145): 0xff with AF: -6 -> 0xf9; above 0x99
	 * with CF: -0x60 -> 0x99, CF=1 */
	{ 117, "das-borrow", .regs = { REG(RAX, 0x99), FLAGSM(1, 1) } },
	/* 7 * 16 + 9 = 0x79: PF(0x79)=0 (5 bits), SF=ZF=0 */
	{ 118, "aad-base16", .regs = { REG(RAX, 0x79), FLAGSM(0, 0xc4) } },
	/* low digit with AF: -6 -> 0x19 */
	{ 119, "das-after-sub", .regs = { REG(RAX, 0x19), FLAGSM(0, 1) } },
	/* PF of al 0x09 = 1 */
	{ 120, "aam-10", .regs = { REG(RAX, 0x0709), FLAGSM(0x04, 0xc4) } },
	{ 121, "aad-10", .regs = { REG(RAX, 0x4f), FLAGSM(0x00, 0xc4) } },
	{ 122, "aam-de-zero", .exc = EXC(DE), .regs = { REG(RAX, 79) } },
	{ 123, "cwde-cdq-32", .regs = { REG(RAX, 0xffff8000), REG(RDX, 0xffffffff) } },
	{ 124, "cbw-cwd-32", .regs = { REG(RAX, 0x1234ff80), REG(RDX, 0xffff) } },
	/* CF only, bit 1 reads 1: ah = 0x03 */
	{ 125, "lahf-sahf-32", .regs = { REG(RAX, 0x0300) } },
	{ 126, "xlat-32-mmio", .regs = { REG(RAX, 0x9f) }, .ev = { MR(0xa001f, 1, 0x9f) } },
	{ 127, "bswap-r32", .regs = { REG(RAX, 0x44332211) } },
	{ 128, "nop-0f1f-m32", .regs = { REG(RAX, 0xa0000) } },
	{ 129, "lea-sib-32", .regs = { REG(RAX, 0x128) } },
	{ 130, "movs-rep-movsd-mmio-to-mmio", .regs = { REG(RCX, 0), REG(RSI, 0xa0018), REG(RDI, 0xe0000108) },
  .ev = { MR(0xa0010, 4, 0x93929190), MW(0xe0000100, 4, 0x93929190), MR(0xa0014, 4, 0x97969594), MW(0xe0000104, 4, 0x97969594) } },
	/* words at 0x10024, 0x10022, 0x10020; edi ends 0x1001e */
	{ 131, "stos-rep-stosw-ram-df", .regs = { REG(RDI, 0x1001e), REG(RCX, 0) }, .mem = { MEM(0x10020, 8, 0x2726abcdabcdabcdull) } },
	{ 132, "lods-rep-lodsb-mmio-hi-df", .regs = { REG(RAX, 0xa0), REG(RSI, 0xe000001f) }, .ev = { MR(0xe0000021, 1, 0xa1), MR(0xe0000020, 1, 0xa0) } },
	/* RAM 0x10090 holds 0x93929190 too: ZF=1 after the first */
	{ 133, "cmps-repne-cmpsd-mmio-ram", .regs = { REG(RCX, 3), REG(RSI, 0xa0014), REG(RDI, 0x10094), FLAGSM(0x40, 0x40) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	/* 0x0100 equal, 0x0302 not: ecx = 5 - 2; flags of 0x0100 - 0x0302 (CF SF AF) */
	{ 134, "scas-repe-scasw-ram", .regs = { REG(RCX, 3), REG(RDI, 0x10004), FLAGS(0x91) } },
	{ 135, "outs-rep-outsw-mmio", .regs = { REG(RCX, 0), REG(RSI, 0xa0014) },
  .ev = { MR(0xa0010, 2, 0x9190), PO(PORT_TEST_DX, 2, 0x9190), MR(0xa0012, 2, 0x9392), PO(PORT_TEST_DX, 2, 0x9392) } },
	{ 136, "ins-rep-insd-ram-df", .regs = { REG(RCX, 0), REG(RDI, 0x100fc) }, .mem = { MEM(0x10100, 8, 0xc3c2c1c0c3c2c1c0ull) },
  .ev = { PI(PORT_TEST_DX, 4, 0xc3c2c1c0), PI(PORT_TEST_DX, 4, 0xc3c2c1c0) } },
	{ 137, "in-ax-dx", .regs = { REG(RAX, 0xc1c0) }, .ev = { PI(PORT_TEST_DX, 2, 0xc1c0) } },
	{ 138, "in-al-imm8", .regs = { REG(RAX, 0xffffffc0) }, .ev = { PI(PORT_TEST_IMM, 1, 0xc0) } },
	{ 139, "out-dx-al", .ev = { PO(PORT_TEST_DX, 1, 0x99) } },
	{ 140, "out-imm8-eax", .ev = { PO(PORT_TEST_IMM, 4, 0x87654321) } },
	{ 141, "mov-ud-lock", .exc = EXC(UD) },
	{ 142, "sreg-mov-cs-ud", .exc = EXC(UD) },
	/* Under L0 QEMU/TCG the task switch is done by L0 itself: no TASK_SWITCH
	 * intercept reaches L1 (the case costs no exit), so this checks the guest-
	 * visible result, not KVM's emulator_task_switch (KVM's forced far JMP to a
	 * TSS is an emulation failure).
	 * Task B starts with TSS B's registers: DS 0x20 (base SCRATCH_A) so [0] = */
	/* 0x03020100, EAX 0x1234, TR 0x58, ESP 0x7f00; it stores them in scratch B and */
	/* jumps back to task A, which resumes after its ljmp with the registers saved */
	/* in TSS A (ECX 0x5555). Each JMP clears the old task's busy bit and sets the */
	/* new one's (GDT access bytes at 0x1055 / 0x105d: 0x8b busy, 0x89 available); */
	/* leaving a task saves its registers in its TSS (TSS B's ECX at +0x2c); */
	/* a task switch sets CR0.TS (0x11 -> 0x19). */
	{ 143, "task-ljmp-tss32-and-back", .regs = { REG(RCX, 0x5555), REG(RAX, 0), REG(RDX, 0x19), REG(RSP, 0x7ff0) },
  .mem = { MEM(0xf000, 8, 0x0000123403020100ull), MEM(0xf008, 8, 0x00007f0000000058ull), MEM(0x1055, 1, 0x8b),
	   MEM(0x105d, 1, 0x89), MEM(0x122c, 4, 0x03020100), MEM(0x112c, 4, 0x5555) } },
	/* dwords at 0x10004 then 0x10000; esi ends 8 lower */
	{ 144, "outs-rep-outsd-ram-df", .regs = { REG(RCX, 0), REG(RSI, 0xfffc) }, .ev = { PO(PORT_TEST_DX, 4, 0x07060504), PO(PORT_TEST_DX, 4, 0x03020100) } },
	/* Beyond stock KVM: DAA, AAA, AAS and POPCNT are not in KVM's decode
	 * tables (0x27, 0x37, 0x3f and 0F B8 are N), so stock KVM injects #UD for
	 * the forced instruction: the registers and flags are those of the
	 * instructions before it. kemu emulates them (SDM values below).
	 * DAA: al = 0x79 + 0x35 = 0xae (stock: CF=0, AF=0 since 9 + 5 < 16, SF=1,
	 * PF(0xae, 5 bits)=0, OF=1: positive + positive = negative). Low nibble
	 * 0xe > 9: al + 6 = 0xb4, AF=1; old al 0xae > 0x99: al + 0x60 = 0x14, CF=1
	 * (79 + 35 = 114 in BCD); SF=ZF=0, PF(0x14, 2 bits)=1; OF undefined. */
	{ 145, "daa-after-add",
	  .deviation = "stock KVM has no DAA (not in its decode table): #UD for the forced instruction; "
		       "kemu emulates DAA",
	  .exc = EXC(UD), .regs = { REG(RAX, 0xae), FLAGS(0x880) },
	  .kemu = { .regs = { REG(RAX, 0x14), FLAGSM(0x15, 0xd5) } } },
	/* AAA: al = 8 + 9 = 0x11 (stock: AF=1 since 8 + 9 > 15, CF=0, PF(0x11)=1).
	 * AF=1: ax + 0x106 = 0x0117, AF=CF=1, al & 0x0f -> ax 0x0107 (8 + 9 = 17
	 * unpacked); OF SF ZF PF undefined. (al + 6 does not carry out of al, so
	 * the SDM's ax + 0x106 and the APM's al + 6, ah + 1 agree.) */
	{ 146, "aaa-after-add",
	  .deviation = "stock KVM has no AAA (not in its decode table): #UD for the forced instruction; "
		       "kemu emulates AAA",
	  .exc = EXC(UD), .regs = { REG(RAX, 0x0011), FLAGS(0x14) },
	  .kemu = { .regs = { REG(RAX, 0x0107), FLAGSM(0x11, 0x11) } } },
	/* AAS: ax 0x0102, al = 2 - 5 = 0xfd (stock: CF=1, AF=1 since 2 < 5, SF=1,
	 * PF(0xfd, 7 bits)=0, OF=0). AF=1: ax - 6 = 0x01f7, ah - 1 -> 0x00f7,
	 * AF=CF=1, al & 0x0f -> ax 0x0007 (12 - 5 = 7 unpacked); OF SF ZF PF
	 * undefined. (al >= 6: no borrow into ah, so the SDM and APM agree.) */
	{ 147, "aas-after-sub",
	  .deviation = "stock KVM has no AAS (not in its decode table): #UD for the forced instruction; "
		       "kemu emulates AAS",
	  .exc = EXC(UD), .regs = { REG(RAX, 0x01fd), FLAGS(0x91) },
	  .kemu = { .regs = { REG(RAX, 0x0007), FLAGSM(0x11, 0x11) } } },
	/* POPCNT of 0x93929190: 0x90 2 bits, 0x91 3, 0x92 3, 0x93 4 = 12; the
	 * source is not zero, so OF SF ZF AF CF PF are all cleared (case_begin
	 * left ZF PF set). Stock KVM: #UD before any access, no MMIO read. */
	{ 148, "popcnt-r32-m32-mmio",
	  .deviation = "stock KVM has no POPCNT (0F B8 not in its decode table): #UD for the forced "
		       "instruction; kemu emulates POPCNT",
	  .exc = EXC(UD), .regs = { REG(RAX, 0) },
	  .kemu = { .regs = { REG(RAX, 12), FLAGS(0) }, .ev = { MR(0xa0010, 4, 0x93929190) } } },
	/* FNINIT leaves FCW 0x037f and FSW 0 (bytes 0-3 of the image); MXCSR (byte
	 * 24) is the reset value 0x1f80, no SSE instruction ran in this VM. The
	 * rest of the 160 bytes (FTW, FOP, pointers, ST0-7) is left to the A/B
	 * comparison's RAM hash. */
	{ 149, "fxsave-m512-ram", .mem = { MEM(0x10100, 4, 0x0000037f), MEM(0x10118, 4, 0x1f80) } },
	/* FXRSTOR loads FCW from byte 0 of the image: 0x027f (precision control
	 * 10, 53 bits), which FNSTCW stores at 0x10400 */
	{ 150, "fxrstor-m512-ram", .mem = { MEM(0x10400, 2, 0x027f) } },
	/* ---- exits to userspace in the middle of an instruction ----
	 * BT* with a register bit offset: the operand is dword a[offset >> 5]
	 * (floor), a = 0xa0100, the bit offset & 31. The read exits to the VMM;
	 * KVM runs the instruction again and the write goes to the same dword.
	 * btc a[0], 66: a[2] = PAT32(0xa0108) = 0x8b8a8988, bit 2 clear (CF=0)
	 * -> 0x8b8a898c. */
	{ 220, "btc-m32-r32-mmio-offset-66", .regs = { FLAGSM(0, 1) },
	  .ev = { MR(0xa0108, 4, 0x8b8a8988), MW(0xa0108, 4, 0x8b8a898c) } },
	/* btc a[3], -1: a[3 - 1] = a[2], bit 31 set (CF=1) -> 0x0b8a8988 */
	{ 221, "btc-m32-r32-mmio-offset-minus-1", .regs = { FLAGSM(1, 1) },
	  .ev = { MR(0xa0108, 4, 0x8b8a8988), MW(0xa0108, 4, 0x0b8a8988) } },
	/* bts a[0], 35: a[1] = PAT32(0xa0104) = 0x87868584, bit 3 clear -> 0x8786858c */
	{ 222, "bts-m32-r32-mmio-offset-35", .regs = { FLAGSM(0, 1) },
	  .ev = { MR(0xa0104, 4, 0x87868584), MW(0xa0104, 4, 0x8786858c) } },
	/* btr a[0], -34: a[-2] = PAT32(0xa00f8) = 0x7b7a7978, bit 30 set (CF=1)
	 * -> 0x3b7a7978 */
	{ 223, "btr-m32-r32-mmio-offset-minus-34", .regs = { FLAGSM(1, 1) },
	  .ev = { MR(0xa00f8, 4, 0x7b7a7978), MW(0xa00f8, 4, 0x3b7a7978) } },
	/* enter $0x1234,$0, ESP 0xa1002: EBP (0x55667788) goes to 0xa0ffe, two
	 * bytes in each MMIO page, so two exits of 2 bytes; EBP = 0xa0ffe, ESP =
	 * 0xa0ffe - 0x1234 = 0x9fdca (RAM: nothing accesses it). */
	{ 224, "enter-straddling-mmio-pages-32", .regs = { REG(RCX, 0x9fdca), REG(RDX, 0xa0ffe) },
	  .ev = { MW(0xa0ffe, 2, 0x7788), MW(0xa1000, 2, 0x5566) } },
	/* pushad, ESP 0xa1010: EAX..EDI at 0xa100c down to 0xa0ff0 (ESP pushed as
	 * 0xa1010), ESP = 0xa0ff0. Each push is a write that waits for the exit
	 * to the VMM; stock KVM's next push makes x86.c forget the one before,
	 * so only the last (EDI, 0x88) arrives. kemu writes the pushes after the
	 * first together with it: one 32-bit-aligned 32-byte write, 16 bytes in
	 * each page, which reaches the VMM 8 bytes at a time. */
	{ 225, "pusha-straddling-mmio-pages",
	  .deviation = "stock KVM loses all pushes but the last on an MMIO stack (each write "
		       "forgets the one waiting for userspace); kemu delivers all eight",
	  .regs = { REG(RCX, 0xa0ff0) }, .ev = { MW(0xa0ff0, 4, 0x88) },
	  .kemu = { .regs = { REG(RCX, 0xa0ff0) },
		    .ev = { MW(0xa0ff0, 8, 0x0000007700000088), MW(0xa0ff8, 8, 0x000a101000000066),
			    MW(0xa1000, 8, 0x0000003300000044), MW(0xa1008, 8, 0x0000001100000022) } } },
	/* The VMware backdoor at CPL 3 (kvm.ko enable_vmware_backdoor=1): each
	 * case returns to CPL 0 through a forced-emulation ud2 (#UD expected);
	 * the port answers 0xc0 0xc1 0xc2 0xc3 like every test port */
	{ 300, "in-vmware-backdoor-cpl3", .exc = EXC(UD),
	  .regs = { REG(RAX, 0xc3c2c1c0), REG(RCX, 10), REG(RDX, 0x5658), REG(RSP, 0x7ff0) },
	  .ev = { PI(0x5658, 4, 0xc3c2c1c0) }, .io_exits = 1, .kemu_io_exits = 1 },
	{ 301, "in-vmware-backdoor-cpl3-forced", .exc = EXC(UD),
	  .regs = { REG(RAX, 0xc3c2c1c0), REG(RCX, 10), REG(RDX, 0x5658), REG(RSP, 0x7ff0) },
	  .ev = { PI(0x5658, 4, 0xc3c2c1c0) }, .io_exits = 1, .kemu_io_exits = 1 },
	{ 302, "ins-vmware-backdoor-cpl3-rep-insb", .exc = EXC(UD),
	  .regs = { REG(RCX, 0), REG(RDI, 0x9ff02), REG(RDX, 0x5659) }, .mem = { MEM(0x9ff00, 2, 0xc0c0) },
	  .ev = { PI(0x5659, 1, 0xc0), PI(0x5659, 1, 0xc0) }, .io_exits = 1, .kemu_io_exits = 1 },
	{ 303, "in-cpl3-other-port-gp", .exc = EXCE(GP, 0), .regs = { REG(RDX, 0x5657), REG(RSP, 0x7ff0) } },
	/* Pending x87 exception before MMX (payload 901-902): #MF from the forced
	 * MOVQ, nothing written; with the exception masked, mm0 (scratch A bytes
	 * 0x70-0x77) reaches MMIO_HI+0x200. */
	{ 901, "movq-m64-mm-pending-x87-mf", .exc = EXC(MF), .regs = { REG(RDI, 0xe0000200) } },
	{ 902, "movq-m64-mm-masked-x87", .regs = { REG(RDI, 0xe0000200) },
	  .ev = { MW(0xe0000200, 8, 0x7776757473727170) } },
};

static const struct kcase long64[] = {
	{ 1, "mov-r64-m64-sib-b+i*8+d32", .mem = { MEM(0x10110, 8, 0x0123456789abcdef) } },
	/* a 32-bit destination clears bits 63:32 of r10 (was -1) */
	{ 2, "mov-m32-r10d-rex", .regs = { REG(R10, 0xa3a2a1a0) }, .ev = { MR(0xa0020, 4, 0xa3a2a1a0) } },
	{ 3, "rip-rel-load-mmio", .regs = { REG(RAX, 0xb3b2b1b0) }, .ev = { MR(0xa0030, 4, 0xb3b2b1b0) } },
	{ 4, "rip-rel-store-imm32", .mem = { MEM(0x10084, 4, 0x600dcafe) } },
	{ 5, "moffs64-a0", .regs = { REG(RAX, 0x90) }, .ev = { MR(0xe0000010, 1, 0x90) } },
	{ 6, "moffs64-a1-rexw-above-4g", .regs = { REG(RAX, 0x8f8e8d8c8b8a8988) },
	  .ev = { MR(0x100000008, 8, 0x8f8e8d8c8b8a8988) } },
	{ 7, "moffs64-a2", .ev = { MW(0x100000001, 1, 0x42) } },
	{ 8, "moffs32-a3-a32", .ev = { MW(0xa0044, 4, 0x89abcdef) } },
	{ 9, "mov-imm32-sx-m64", .mem = { MEM(0x10020, 8, 0xfffffffffffffffe) },
	  .ev = { MW(0x100000040, 8, 0x7fffffff) } },
	/* 0x0706050403020100 - 1: no borrow out (CF=0), borrow from bit 4 (AF=1),
	 * low byte 0xff has even parity (PF=1) */
	{ 10, "sub-r64-mmio-rmw", .regs = { FLAGS(0x14) },
	  .ev = { MR(0xe0000080, 8, 0x0706050403020100), MW(0xe0000080, 8, 0x07060504030200ff) } },
	{ 11, "out-imm8-in-dx", .regs = { REG(RAX, 0x12c0) },
	  .ev = { PO(PORT_TEST_IMM, 2, 0x1234), PI(PORT_TEST_DX, 1, 0xc0) } },
	{ 12, "mmio-unprefixed", .regs = { REG(RCX, 0x0f0e0d0c0b0a0908) },
	  .ev = { MW(0x100000080, 8, 0x1122334455667788), MR(0x100000088, 8, 0x0f0e0d0c0b0a0908) } },
	{ 13, "mov-r13w-m16-rex", .mem = { MEM(0x10006, 2, 0x7788) } },
	{ 14, "movsx-m8-abs-d32", .regs = { REG(RAX, 0xffffffffffffff81) }, .ev = { MR(0xa0001, 1, 0x81) } },
	{ 15, "rep-stosl-mmio", .regs = { REG(RCX, 0), REG(RDI, 0xe000030c) },
	  .ev = { MW(0xe0000300, 4, 0xa5a5a5a5), MW(0xe0000304, 4, 0xa5a5a5a5),
		  MW(0xe0000308, 4, 0xa5a5a5a5) } },
	/* xchg with memory is locked; KVM turns the locked write to MMIO into a
	 * plain write after the read */
	{ 16, "xchg-r64-mmio", .regs = { REG(RAX, 0x8786858483828180) },
	  .ev = { MR(0xe0000400, 8, 0x8786858483828180), MW(0xe0000400, 8, 0x1111222233334444) } },
	{ 17, "push-pop-m64-mmio", .regs = { REG(RSP, 0x7ff0) }, .mem = { MEM(0x7fe8, 8, 0x8786858483828180) },
	  .ev = { MR(0xe0000500, 8, 0x8786858483828180), MW(0xe0000508, 8, 0x8786858483828180) } },
	/* bit 9 = bit 1 of byte 0x81: clear, so CF=0 and byte 1 becomes 0x83 */
	{ 18, "bts-imm8-m64-mmio", .regs = { { R_RFLAGS, 0, 0x1 } },
	  .ev = { MR(0xe0000600, 8, 0x8786858483828180), MW(0xe0000600, 8, 0x8786858483828380) } },
	{ 19, "cmpxchg-r64-mmio-equal", .regs = { FLAGS(0x44), REG(RAX, 0x8786858483828180) },
	  .ev = { MR(0xe0000700, 8, 0x8786858483828180), MW(0xe0000700, 8, 0x55) } },
	/* KVM splits MMIO accesses into 8-byte exits */
	{ 20, "movdqu-xmm-m128-mmio", .ev = { MW(0x100000100, 8, 0x4746454443424140),
					      MW(0x100000108, 8, 0x4f4e4d4c4b4a4948) } },
	{ 21, "movdqu-m128-mmio-xmm",
	  .mem = { MEM(0x10080, 8, 0x9796959493929190), MEM(0x10088, 8, 0x9f9e9d9c9b9a9998) },
	  .ev = { MR(0x100000110, 8, 0x9796959493929190), MR(0x100000118, 8, 0x9f9e9d9c9b9a9998) } },
	{ 22, "mov-gp-noncanonical", .exc = EXCE(GP, 0), .regs = { REG(RCX, 0) } },
	{ 23, "mov-ss-noncanonical-rbp", .exc = EXCE(SS, 0) },
	{ 24, "add-ud-lock-register", .exc = EXC(UD), .regs = { REG(RBX, 0) } },
	/* the operand is read (one MMIO exit) before the divide faults; AX kept */
	{ 25, "div-de-mmio-zero", .exc = EXC(DE), .regs = { REG(RAX, 0x1234) }, .ev = { MR(0xa0080, 1, 0) } },
	/* not-present read at CPL0: error code 0 (CR2 goes into the A/B record) */
	{ 26, "mov-pf-not-present", .exc = EXCE(PF, 0x0) },
	{ 27, "tzcnt-m32-zero",
	  .deviation = "stock KVM decodes F3 0F BC as BSF (zero source: ZF=1, destination kept); TZCNT gives "
		       "the operand size with CF=1, ZF=0",
	  .regs = { REG(RAX, 0x1234), { R_RFLAGS, 0x40, 0x40 } },
	  .kemu = { .regs = { REG(RAX, 32), { R_RFLAGS, 0x01, 0x41 } } } },
	/* 0x9796959493929190 + 1: SF=1, PF(0x91)=0 */
	{ 28, "add-m64-r64-mmio-4g", .regs = { FLAGS(0x80) }, .ev = { MR(0x100000010, 8, 0x9796959493929190), MW(0x100000010, 8, 0x9796959493929191) } },
	/* 0x0706050403020100 + 0xffff...ff + 1 carries out: CF AF PF(0x00) */
	{ 29, "adc-r64-m64-ram", .regs = { REG(RAX, 0x0706050403020100), FLAGS(0x15) } },
	/* 0x93929190 - 0x10 = 0x93929180: SF=1, PF(0x80)=0 */
	{ 30, "sub-m32-imm8-mmio-hi", .regs = { FLAGS(0x80) }, .ev = { MR(0xe0000010, 4, 0x93929190), MW(0xe0000010, 4, 0x93929180) } },
	{ 31, "and-m64-imm8-sx-ram", .undefined_flags = UNDEFINED_FLAGS(And), .regs = { FLAGS(0x04) }, .mem = { MEM(0x10008, 8, 0x0f0e0d0c0b0a0900) } },
	{ 32, "or-r64-m64-mmio-hi-r12", .undefined_flags = UNDEFINED_FLAGS(Or), .regs = { REG(R12, 0x8f8e8d8c8b8a8988), FLAGS(0x84) }, .ev = { MR(0xe0000008, 8, 0x8f8e8d8c8b8a8988) } },
	{ 33, "xor-r32-m32-zero-extends", .regs = { REG(RAX, 0x6c6d6e6f) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	/* 0xc7c6c5c4c3c2c1c0 - 0x8000000000000000 = 0x47c6...: no borrow, no overflow, PF(0xc0)=1 */
	{ 34, "cmp-m64-r64-mmio-hi", .regs = { FLAGS(0x04) }, .ev = { MR(0xe0000040, 8, 0xc7c6c5c4c3c2c1c0) } },
	/* top byte 0xa7: SF=1, PF(low byte 0)=1 */
	{ 35, "test-m64-r64-mmio-4g", .undefined_flags = UNDEFINED_FLAGS(Test), .regs = { FLAGS(0x84) }, .ev = { MR(0x100000020, 8, 0xa7a6a5a4a3a2a1a0) } },
	{ 36, "inc-m64-ram", .regs = { FLAGS(0) }, .mem = { MEM(0xf000, 8, 1) } },
	/* 0xe1e0 - 1 = 0xe1df: SF AF, PF(0xdf)=0 */
	{ 37, "dec-m16-mmio-r9-base", .regs = { FLAGS(0x90) }, .ev = { MR(0xa0060, 2, 0xe1e0), MW(0xa0060, 2, 0xe1df) } },
	{ 38, "neg-r64", .regs = { REG(RAX, 0xffffffffffffffff), FLAGS(0x95) } },
	{ 39, "not-m64-mmio-4g", .ev = { MR(0x100000050, 8, 0xd7d6d5d4d3d2d1d0), MW(0x100000050, 8, 0x28292a2b2c2d2e2f) } },
	/* 0x10 - 0x81 = 0x8f: CF SF AF OF, PF(0x8f)=0 */
	{ 40, "sbb-r8-sil-rex-mmio", .regs = { REG(RSI, 0x8f), FLAGS(0x891) }, .ev = { MR(0xa0001, 1, 0x81) } },
	{ 41, "or-lock-m64-ram", .mem = { MEM(0xf000, 8, 0x100) } },
	/* CF = old bit 60 (bit 4 of 0x97) = 1 */
	{ 42, "shl-m64-cl-mmio-4g", .regs = { FLAGSM(1, 1) }, .ev = { MR(0x100000010, 8, 0x9796959493929190), MW(0x100000010, 8, 0x7969594939291900) } },
	/* CF = bit 62 = 0 */
	{ 43, "sar-r64-imm8-63", .regs = { REG(RAX, 0xffffffffffffffff), FLAGSM(0, 1) } },
	/* 0x1f1e1d1c1b1a1918 rol 1 = 0x3e3c3a3836343230; CF = 0, OF = MSB ^ CF = 0 */
	{ 44, "rol-m64-1-ram", .regs = { FLAGSM(0, 0x801) }, .mem = { MEM(0x10018, 8, 0x3e3c3a3836343230) } },
	/* CF = old bit 7 of rax (0x88) = 1 */
	{ 45, "shrd-r64-r64-imm8", .regs = { REG(RAX, 0xaa11223344556677), FLAGSM(1, 1) } },
	/* 0xb3b2b1b0 >> 2 with CF=0 rotated in: 0x2cecac6c; CF = old bit 1 = 0 */
	{ 46, "rcr-m32-cl-mmio", .undefined_flags = SHIFT_UNDEFINED_FLAGS(Rcr, 32, 2), .regs = { FLAGSM(0, 1) }, .ev = { MR(0xa0030, 4, 0xb3b2b1b0), MW(0xa0030, 4, 0x2cecac6c) } },
	{ 47, "mul-m64-mmio-4g", .regs = { REG(RAX, 0x9695949392919000), REG(RDX, 0x97), FLAGSM(0x801, 0x801) },
  .ev = { MR(0x100000010, 8, 0x9796959493929190) } },
	/* signed overflow: CF=OF=1, low 64 bits kept */
	{ 48, "imul-r64-m64-imm8-mmio-4g", .regs = { REG(RCX, 0x7969594939291900), FLAGSM(0x801, 0x801) }, .ev = { MR(0x100000010, 8, 0x9796959493929190) } },
	{ 49, "div-m64-ram", .regs = { REG(RAX, 14), REG(RDX, 2) } },
	/* quotient 14, remainder -2 (sign of the dividend) */
	{ 50, "idiv-m64-ram-negative", .regs = { REG(RAX, 14), REG(RDX, 0xfffffffffffffffe) } },
	{ 51, "div-de-quotient-overflow", .exc = EXC(DE), .regs = { REG(RDX, 1), REG(RAX, 0) } },
	/* bit 197 = bit 5 of the qword at 0x18 (0x...98): 0 */
	{ 52, "bt-m64-r64-offset-mmio-hi", .regs = { FLAGSM(0, 1) }, .ev = { MR(0xe0000018, 8, 0x9f9e9d9c9b9a9998) } },
	{ 53, "btr-m64-imm8-mmio-4g", .regs = { FLAGSM(1, 1) }, .ev = { MR(0x100000010, 8, 0x9796959493929190), MW(0x100000010, 8, 0x1796959493929190) } },
	/* 0x0706050403020100: top set bit is bit 2 of byte 7 = 58 */
	{ 54, "bsr-r64-m64-ram", .regs = { REG(RAX, 58), FLAGSM(0, 0x40) } },
	{ 55, "mov-r64-m64-mmio-4g-disp8-neg", .regs = { REG(RDX, 0x7776757473727170) }, .ev = { MR(0x1000000f0, 8, 0x7776757473727170) } },
	{ 56, "movsxd-r64-m32-mmio", .regs = { REG(RAX, 0xffffffff93929190) }, .ev = { MR(0xa0010, 4, 0x93929190) } },
	{ 57, "movzx-r64-m16-mmio-hi", .regs = { REG(RCX, 0xafae) }, .ev = { MR(0xe000002e, 2, 0xafae) } },
	{ 58, "mov-m8-sil-rex-mmio", .ev = { MW(0xa0007, 1, 0x5e) } },
	{ 59, "mov-r64-imm64", .regs = { REG(R15, 0x0123456789abcdef) } },
	{ 60, "cmov-l-r64-m64-mmio-hi", .regs = { REG(RAX, 0xf7f6f5f4f3f2f1f0) }, .ev = { MR(0xe0000070, 8, 0xf7f6f5f4f3f2f1f0) } },
	{ 61, "setcc-o-r8b", .regs = { REG(R8, 0xffffffffffffff01) } },
	{ 62, "xchg-m16-r9w-mmio", .regs = { REG(R9, 0x9190) }, .ev = { MR(0xa0010, 2, 0x9190), MW(0xa0010, 2, 0x4242) } },
	/* memory 0x0706050403020100 + 0x100; PF(0x00)=1 */
	{ 63, "xadd-lock-m64-ram", .regs = { REG(RAX, 0x0706050403020100), FLAGS(0x04) }, .mem = { MEM(0x10000, 8, 0x0706050403020200) } },
	{ 64, "cmpxchg-m32-r32-neq-zero-extends", .regs = { REG(RAX, 0x93929190), FLAGSM(0, 0x40) }, .ev = { MR(0xa0010, 4, 0x93929190), MW(0xa0010, 4, 0x93929190) } },
	{ 65, "cmpxchg-m32-r32-eq-keeps-rax", .regs = { REG(RAX, 0xffffffff93929190), FLAGSM(0x40, 0x40) }, .ev = { MR(0xa0010, 4, 0x93929190), MW(0xa0010, 4, 0x1234) } },
	/* al (0x90) equals the byte: ZF=1, r9b stored */
	{ 66, "cmpxchg-m8-r9b-mmio-equal", .regs = { FLAGS(0x44) }, .ev = { MR(0xa0010, 1, 0x90), MW(0xa0010, 1, 0x77) } },
	/* edx:eax = 0 differs from 0x9796959493929190: loaded, ZF=0 */
	{ 67, "cmpxchg8b-m64-mmio-4g-not-equal", .regs = { REG(RAX, 0x93929190), REG(RDX, 0x97969594), FLAGSM(0, 0x40) },
	  .ev = { MR(0x100000010, 8, 0x9796959493929190), MW(0x100000010, 8, 0x9796959493929190) } },
	{ 68, "push-m64-ram-pop", .regs = { REG(RCX, 0x0f0e0d0c0b0a0908), REG(RSP, 0x7ff0) }, .mem = { MEM(0x7fe8, 8, 0x0f0e0d0c0b0a0908) } },
	{ 69, "pushf-popf-64", .regs = { REG(RBX, 0x47), REG(RCX, 0x408d7), REG(RSP, 0x7ff0) } },
	{ 70, "enter-leave-64", .regs = { REG(RCX, 0x7fd8), REG(RDX, 0x7fe8), REG(RBP, 0x1234), REG(RSP, 0x7ff0) }, .mem = { MEM(0x7fe8, 8, 0x1234) } },
	{ 71, "push-imm32-sx-64", .regs = { REG(RAX, 0xfffffffffffffffd), REG(RSP, 0x7ff0) } },
	{ 72, "push-fs-pop-gs-64", .regs = { REG(RAX, 0x10), REG(RSP, 0x7ff0) }, .mem = { MEM(0x7fe8, 8, 0x10) } },
	{ 73, "pop-m64-rsp-based", .regs = { REG(RSP, 0x7ff0) }, .mem = { MEM(0x7ff8, 8, 0x66) } },
	{ 74, "push-r12-rex", .regs = { REG(RAX, 0x1122334455667788), REG(RSP, 0x7ff0) } },
	{ 75, "call-m64-mmio-4g-indirect", .regs = { REG(RCX, 0), REG(RDX, 1), REG(RSP, 0x7ff0) }, .ev = { MWX(0x100000030, 8), MRX(0x100000030, 8) } },
	{ 76, "jmp-m64-ram-indirect", .regs = { REG(RAX, 0) } },
	{ 77, "call-r64-ret-imm16", .regs = { REG(RBX, 0x7fe8), REG(RSP, 0x7ff0) } },
	{ 78, "ret-imm16-64", .regs = { REG(RSP, 0x7ff0) }, .mem = { MEM(0x7fe0, 8, 0x2222), MEM(0x7fe8, 8, 0x1111) } },
	{ 79, "jmp-rel32-64", .regs = { REG(RAX, 0) } },
	{ 80, "loop-jrcxz-64", .regs = { REG(RAX, 3), REG(RCX, 0), REG(RBX, 0) } },
	{ 81, "lret-rexw-64", .regs = { REG(RAX, 0x48), REG(RSP, 0x7ff0) } },
	{ 82, "ljmp-m16:32-ram-64", .regs = { REG(RAX, 0x48), REG(RSP, 0x7ff0) } },
	{ 83, "lcall-m16:32-ram-64", .regs = { REG(RBX, 0x48), REG(RCX, 0x7fe8), REG(RSP, 0x7ff0) }, .mem = { MEM(0x7fec, 4, 0x18) } },
	{ 84, "movs-rep-movsq-ram-to-mmio-4g", .regs = { REG(RCX, 0), REG(RSI, 0x10030), REG(RDI, 0x100000210) },
  .ev = { MW(0x100000200, 8, 0x2726252423222120), MW(0x100000208, 8, 0x2f2e2d2c2b2a2928) } },
	{ 85, "stos-rep-stosq-ram-df", .regs = { REG(RDI, 0x100f8), REG(RCX, 0) }, .mem = { MEM(0x10100, 8, 0xffffffffffffffff), MEM(0x10108, 8, 0xffffffffffffffff), MEM(0x100f8, 8, 0xfffefdfcfbfaf9f8) } },
	/* qwords at 0x0, 0x8 differ, 0x10 matches: rcx 5 - 3 */
	{ 86, "scas-repne-scasq-mmio-hi", .regs = { REG(RCX, 2), REG(RDI, 0xe0000018), FLAGSM(0x40, 0x40) },
  .ev = { MR(0xe0000000, 8, 0x8786858483828180), MR(0xe0000008, 8, 0x8f8e8d8c8b8a8988), MR(0xe0000010, 8, 0x9796959493929190) } },
	{ 87, "movs-addr32-rep-movsb", .regs = { REG(RCX, 0), REG(RSI, 0x10042), REG(RDI, 0xa0042) }, .ev = { MW(0xa0040, 1, 0x40), MW(0xa0041, 1, 0x41) } },
	{ 88, "lods-lodsq-mmio-4g", .regs = { REG(RAX, 0xa7a6a5a4a3a2a1a0), REG(RSI, 0x100000028) }, .ev = { MR(0x100000020, 8, 0xa7a6a5a4a3a2a1a0) } },
	{ 89, "outs-rep-outsb-mmio-hi", .regs = { REG(RCX, 0), REG(RSI, 0xe0000013) },
  .ev = { MR(0xe0000010, 1, 0x90), PO(PORT_TEST_DX, 1, 0x90), MR(0xe0000011, 1, 0x91), PO(PORT_TEST_DX, 1, 0x91),
	  MR(0xe0000012, 1, 0x92), PO(PORT_TEST_DX, 1, 0x92) } },
	{ 90, "ins-rep-insw-mmio-hi", .regs = { REG(RCX, 0), REG(RDI, 0xe0000046) },
	  .ev = { PI(PORT_TEST_DX, 2, 0xc1c0), PI(PORT_TEST_DX, 2, 0xc1c0), PI(PORT_TEST_DX, 2, 0xc1c0), MW(0xe0000040, 6, 0xc1c0c1c0c1c0) },
	  .io_exits = 1, .kemu_io_exits = 1 },
	{ 91, "in-eax-dx-zero-extends", .regs = { REG(RAX, 0xc3c2c1c0) }, .ev = { PI(PORT_TEST_DX, 4, 0xc3c2c1c0) } },
	{ 92, "out-dx-ax-64", .ev = { PO(PORT_TEST_DX, 2, 0x55aa) } },
	/* as set up by the VMM: PG ET PE, PML4 at 0x2000, PAE OSFXSR OSXMMEXCPT */
	{ 93, "crmov-cr0-cr3-cr4-64", .regs = { REG(RAX, 0x80000011), REG(RBX, 0x2000), REG(RCX, 0x620) } },
	{ 94, "crmov-cr2-round-trip", .regs = { REG(RBX, 0x123456789a) } },
	{ 95, "drmov-dr0-64", .regs = { REG(RBX, 0xffff800012345678) } },
	/* LME | LMA as set by the VMM */
	{ 96, "rdmsr-efer", .regs = { REG(RAX, 0x500), REG(RDX, 0) } },
	{ 97, "wrmsr-rdmsr-kernel-gs-base", .regs = { REG(RAX, 0x9abcdef0), REG(RDX, 0x7fff) } },
	{ 98, "wrmsr-gs-base-read-through-gs", .regs = { REG(RBX, 0x07060504), REG(RAX, 0x10000) } },
	{ 99, "wrmsr-rdmsr-lstar-star", .regs = { REG(RSI, 0x11111111), REG(RDI, 0x00230010), REG(RAX, 0x8000), REG(RDX, 0xffffffff) } },
	{ 100, "rdmsr-gp-unknown", .exc = EXCE(GP, 0) },
	/* limit 0x67 (13 descriptors), base 0x1000; bytes 10-15 keep the scratch pattern */
	{ 101, "sgdt-64", .mem = { MEM(0x10100, 8, 0x0000000010000067ull), MEM(0x10108, 8, 0x0f0e0d0c0b0a0000ull) } },
	/* 32 16-byte gates at 0x1800 */
	{ 102, "sidt-64", .mem = { MEM(0xf000, 8, 0x00000000180001ffull), MEM(0xf008, 8, 0) } },
	{ 103, "sldt-str-smsw-64", .regs = { REG(RAX, 0x80000011) }, .mem = { MEM(0x10000, 8, 0x0706050400000000ull) } },
	{ 104, "lgdt-lidt-64", .mem = { MEM(0xf020, 8, 0x000000001000004full), MEM(0xf030, 8, 0x00000000180001ffull) } },
	{ 105, "clts-64", .regs = { REG(RBX, 0x80000011) } },
	/* EDX.LM (bit 29) is set (KVM accepted EFER.LME); the rest: stock-vs-kemu comparison */
	{ 106, "cpuid-leaf80000001-lm", .regs = { { R_RDX, 1 << 29, 1 << 29 } } },
	{ 107, "invlpg-wbinvd-64", .regs = { REG(RAX, 1) } },
	{ 108, "cbw-cdqe-cqo", .regs = { REG(RAX, 0xffffffff80000000), REG(RDX, 0xffffffffffffffff) } },
	/* SF ZF CF + bit 1 */
	{ 109, "lahf-sahf-64", .regs = { REG(RAX, 0xc300) } },
	{ 110, "stc-cmc-clc-64", .regs = { REG(RAX, 1), REG(RBX, 0), REG(RCX, 0) } },
	{ 111, "xlat-64-mmio-4g", .regs = { REG(RAX, 0xc3) }, .ev = { MR(0x100000043, 1, 0xc3) } },
	{ 112, "bswap-r64", .regs = { REG(RAX, 0x0807060504030201) } },
	{ 113, "lea-rip-rel", .regs = { REG(RAX, 0x12345) } },
	{ 114, "movups-m128-xmm-mmio-4g", .ev = { MW(0x100000200, 8, 0x2726252423222120), MW(0x100000208, 8, 0x2f2e2d2c2b2a2928) } },
	{ 115, "movups-xmm-m128-mmio-hi", .mem = { MEM(0x10080, 8, 0x8f8e8d8c8b8a8988), MEM(0x10088, 8, 0x9796959493929190) },
  .ev = { MR(0xe0000008, 8, 0x8f8e8d8c8b8a8988), MR(0xe0000010, 8, 0x9796959493929190) } },
	{ 116, "movaps-m128-xmm-mmio-aligned", .ev = { MW(0xe0000100, 8, 0x3736353433323130), MW(0xe0000108, 8, 0x3f3e3d3c3b3a3938) } },
	{ 117, "movaps-gp-misaligned", .exc = EXCE(GP, 0) },
	{ 118, "movdqa-xmm-m128-mmio", .mem = { MEM(0x10080, 8, 0xc7c6c5c4c3c2c1c0), MEM(0x10088, 8, 0xcfcecdcccbcac9c8) },
  .ev = { MR(0xa0040, 8, 0xc7c6c5c4c3c2c1c0), MR(0xa0048, 8, 0xcfcecdcccbcac9c8) } },
	{ 119, "movdqa-m128-xmm-ram", .mem = { MEM(0xf000, 8, 0x5756555453525150), MEM(0xf008, 8, 0x5f5e5d5c5b5a5958) } },
	/* the load reads back what the store wrote (MMIO model) */
	{ 120, "movupd-movapd-mmio", .mem = { MEM(0x10080, 8, 0x6766656463626160), MEM(0x10088, 8, 0x6f6e6d6c6b6a6968) },
  .ev = { MW(0x100000300, 8, 0x6766656463626160), MW(0x100000308, 8, 0x6f6e6d6c6b6a6968),
	  MR(0x100000300, 8, 0x6766656463626160), MR(0x100000308, 8, 0x6f6e6d6c6b6a6968) } },
	{ 121, "movq-mm-m64-mmio", .mem = { MEM(0xf000, 8, 0x8f8e8d8c8b8a8988) },
  .ev = { MW(0xe0000200, 8, 0x7776757473727170), MR(0xe0000208, 8, 0x8f8e8d8c8b8a8988) } },
	{ 122, "movnti-m64-m32-mmio", .ev = { MW(0xe0000300, 8, 0x1122334455667788), MW(0xe0000308, 4, 0x55667788) } },
	{ 123, "movntps-movntdq-mmio", .ev = { MW(0xe0000400, 8, 0x0706050403020100), MW(0xe0000408, 8, 0x0f0e0d0c0b0a0908),
	  MW(0xe0000410, 8, 0x0706050403020100), MW(0xe0000418, 8, 0x0f0e0d0c0b0a0908) } },
	{ 124, "mov-gp-noncanonical-store", .exc = EXCE(GP, 0) },
	{ 125, "mov-pf-not-present-write", .exc = EXCE(PF, 0x2) },
	{ 126, "push-ud-es-64", .exc = EXC(UD) },
	{ 127, "nop-ud-lock", .exc = EXC(UD) },
	/* Beyond stock KVM. LZCNT of the MMIO dword 0x07060504 (bytes 0x04-0x07
	 * at 0xe0000084): the highest set bit is 26 (bit 2 of 0x07), so LZCNT =
	 * 31 - 26 = 5, CF=0 (source not zero), ZF=0 (result not zero). Stock KVM
	 * ignores the F3 prefix and runs BSR: 26, ZF=0 (case_begin had set it). */
	{ 128, "lzcnt-r32-m32-mmio-hi",
	  .deviation = "stock KVM decodes F3 0F BD as BSR (bit index 26); kemu as LZCNT (5 leading zeros, "
		       "CF=0 ZF=0)",
	  .regs = { REG(RAX, 26), FLAGSM(0, 0x40) }, .ev = { MR(0xe0000084, 4, 0x07060504) },
	  .kemu = { .regs = { REG(RAX, 5), FLAGSM(0, 0x41) }, .ev = { MR(0xe0000084, 4, 0x07060504) } } },
	/* MOVD/MOVQ between XMM and memory are not in KVM's decode tables (0F 6E,
	 * 0F 7E, 0F D6 are N): stock KVM injects #UD for the forced instruction,
	 * before any access, and the VMM resumes at case_end, so the store of
	 * the XMM register to scratch A+0x80 is skipped (scratch A keeps its
	 * pattern: 0x8786858483828180, 0x8f8e8d8c8b8a8988). kemu emulates them:
	 * a load zero-extends into the whole XMM register (all ones before). */
	/* movd (66 0F 6E): 4 bytes at 0xa0010 = 0x93929190, xmm1 = 0x93929190 */
	{ 129, "movd-m32-mmio-xmm",
	  .deviation = "stock KVM has no MOVD xmm, m32 (66 0F 6E): #UD for the forced instruction; "
		       "kemu loads and zero-extends",
	  .exc = EXC(UD), .mem = { MEM(0x10080, 8, 0x8786858483828180), MEM(0x10088, 8, 0x8f8e8d8c8b8a8988) },
	  .kemu = { .mem = { MEM(0x10080, 8, 0x93929190), MEM(0x10088, 8, 0) },
		    .ev = { MR(0xa0010, 4, 0x93929190) } } },
	/* movd (66 0F 7E): xmm0 = scratch A+0x40, its low dword 0x43424140 */
	{ 130, "movd-xmm-m32-mmio-hi",
	  .deviation = "stock KVM has no MOVD m32, xmm (66 0F 7E): #UD for the forced instruction; "
		       "kemu stores the low dword",
	  .exc = EXC(UD),
	  .kemu = { .ev = { MW(0xe0000100, 4, 0x43424140) } } },
	/* movq (F3 0F 7E): 8 bytes at 0x100000010 = 0x9796959493929190 */
	{ 131, "movq-m64-mmio-4g-xmm",
	  .deviation = "stock KVM has no MOVQ xmm, m64 (F3 0F 7E): #UD for the forced instruction; "
		       "kemu loads and zero-extends",
	  .exc = EXC(UD), .mem = { MEM(0x10080, 8, 0x8786858483828180), MEM(0x10088, 8, 0x8f8e8d8c8b8a8988) },
	  .kemu = { .mem = { MEM(0x10080, 8, 0x9796959493929190), MEM(0x10088, 8, 0) },
		    .ev = { MR(0x100000010, 8, 0x9796959493929190) } } },
	/* movq (66 0F D6): xmm3 = scratch A+0x50, its low qword 0x5756555453525150 */
	{ 132, "movq-xmm-m64-mmio-hi",
	  .deviation = "stock KVM has no MOVQ m64, xmm (66 0F D6): #UD for the forced instruction; "
		       "kemu stores the low qword",
	  .exc = EXC(UD),
	  .kemu = { .ev = { MW(0xe0000108, 8, 0x5756555453525150) } } },
	/* movq (66 REX.W 0F 6E): 8 bytes at 0xa0020 = 0xa7a6a5a4a3a2a1a0 */
	{ 133, "movq-m64-mmio-xmm-rexw",
	  .deviation = "stock KVM has no MOVQ xmm, m64 (66 REX.W 0F 6E): #UD for the forced instruction; "
		       "kemu loads and zero-extends",
	  .exc = EXC(UD), .mem = { MEM(0x10080, 8, 0x8786858483828180), MEM(0x10088, 8, 0x8f8e8d8c8b8a8988) },
	  .kemu = { .mem = { MEM(0x10080, 8, 0xa7a6a5a4a3a2a1a0), MEM(0x10088, 8, 0) },
		    .ev = { MR(0xa0020, 8, 0xa7a6a5a4a3a2a1a0) } } },
	/* movq (66 REX.W 0F 7E): xmm5 = scratch A+0x60, its low qword 0x6766656463626160 */
	{ 134, "movq-xmm-m64-mmio-4g-rexw",
	  .deviation = "stock KVM has no MOVQ m64, xmm (66 REX.W 0F 7E): #UD for the forced instruction; "
		       "kemu stores the low qword",
	  .exc = EXC(UD),
	  .kemu = { .ev = { MW(0x100000040, 8, 0x6766656463626160) } } },
	/* CMPXCHG16B: KVM decodes 0F C7 /1 with REX.W (a 16-byte operand), reads
	 * the destination, then em_cmpxchg8b gives up on 16 bytes: emulation
	 * failure (KVM_EXIT_INTERNAL_ERROR), the instruction does nothing. kemu
	 * emulates it (SDM: equal -> ZF=1, dest = rcx:rbx; not equal -> ZF=0,
	 * rdx:rax = dest, dest written back unchanged). The RAM case is LOCKed:
	 * KVM's cmpxchg_emulated writes over 8 bytes plainly, and the bridge hands
	 * it the new value in its kept write buffer (this case found that it once
	 * passed a stack buffer, which KVM's write path rejects with a WARN).
	 * RAM, equal: rdx:rax = the 16 bytes at 0x10020 (0x2f2e...28:0x2726...20);
	 * ZF was cleared by test 1 (CF OF SF PF 0 too, AF undefined, and
	 * CMPXCHG16B changes only ZF). */
	{ 135, "cmpxchg16b-m128-ram-equal",
	  .deviation = "stock KVM gives up on CMPXCHG16B (emulation failure exit); kemu emulates it",
	  .exc = EMUL_FAIL, .undefined_flags = UNDEFINED_FLAGS(Test), .regs = { FLAGS(0) },
	  .mem = { MEM(0x10020, 8, 0x2726252423222120), MEM(0x10028, 8, 0x2f2e2d2c2b2a2928) },
	  .kemu = { .regs = { FLAGS(0x40), REG(RAX, 0x2726252423222120), REG(RDX, 0x2f2e2d2c2b2a2928) },
		    .mem = { MEM(0x10020, 8, 0x1111111111111111), MEM(0x10028, 8, 0x2222222222222222) } } },
	/* MMIO, not equal: dest = 0xafaeadacabaaa9a8:0xa7a6a5a4a3a2a1a0 (PAT64 at
	 * 0x100000020 and 0x100000028), rdx:rax = 0. 16-byte MMIO accesses reach
	 * the VMM as two 8-byte exits. Stock KVM reads the destination before it
	 * gives up (two reads, nothing written; ZF stays as case_begin set it). */
	{ 136, "cmpxchg16b-m128-mmio-4g-not-equal",
	  .deviation = "stock KVM reads the operand, then gives up on CMPXCHG16B (emulation failure exit); "
		       "kemu emulates it",
	  .exc = EMUL_FAIL, .regs = { REG(RAX, 0), REG(RDX, 0), FLAGSM(0x40, 0x40) },
	  .ev = { MR(0x100000020, 8, 0xa7a6a5a4a3a2a1a0), MR(0x100000028, 8, 0xafaeadacabaaa9a8) },
	  .kemu = { .regs = { REG(RAX, 0xa7a6a5a4a3a2a1a0), REG(RDX, 0xafaeadacabaaa9a8), FLAGSM(0, 0x40) },
		    .ev = { MR(0x100000020, 8, 0xa7a6a5a4a3a2a1a0), MR(0x100000028, 8, 0xafaeadacabaaa9a8),
			    MW(0x100000020, 8, 0xa7a6a5a4a3a2a1a0), MW(0x100000028, 8, 0xafaeadacabaaa9a8) } } },
	/* ---- exits to userspace in the middle of an instruction ----
	 * BT* with a register bit offset, as prot32 220-223 (a = 0xa0100); the
	 * qword form's operand is a[offset >> 6]: btr a[0], -66 is bit 62 of
	 * the qword at a - 16, PAT64(0xa00f0) = 0x7776757473727170 (set: CF=1)
	 * -> 0x3776757473727170. */
	{ 220, "btc-m32-r32-mmio-offset-66", .regs = { FLAGSM(0, 1) },
	  .ev = { MR(0xa0108, 4, 0x8b8a8988), MW(0xa0108, 4, 0x8b8a898c) } },
	{ 221, "btc-m32-r32-mmio-offset-minus-1", .regs = { FLAGSM(1, 1) },
	  .ev = { MR(0xa0108, 4, 0x8b8a8988), MW(0xa0108, 4, 0x0b8a8988) } },
	{ 222, "bts-m32-r32-mmio-offset-35", .regs = { FLAGSM(0, 1) },
	  .ev = { MR(0xa0104, 4, 0x87868584), MW(0xa0104, 4, 0x8786858c) } },
	{ 223, "btr-m64-r64-mmio-offset-minus-66", .regs = { FLAGSM(1, 1) },
	  .ev = { MR(0xa00f0, 8, 0x7776757473727170), MW(0xa00f0, 8, 0x3776757473727170) } },
	/* enter $0x1234,$0, RSP 0xa1004: RBP (0x1122334455667788) goes to
	 * 0xa0ffc, four bytes in each MMIO page, so two exits of 4 bytes; RBP =
	 * 0xa0ffc, RSP = 0xa0ffc - 0x1234 = 0x9fdc8 (RAM: nothing accesses it). */
	{ 224, "enter-straddling-mmio-pages-64", .regs = { REG(RCX, 0x9fdc8), REG(RDX, 0xa0ffc) },
	  .ev = { MW(0xa0ffc, 4, 0x55667788), MW(0xa1000, 4, 0x11223344) } },
	/* String instructions in every form (payload: "String instructions in
	 * every form"). Besides the events, the run compares each case's port
	 * exits and KVM's insn_emulation with stock KVM's (result_line). */
	/* words at 0xe0001002, 0xe0001000, 0xe0000ffe to 0xe0002002 down to 0xe0001ffe */
	{ 300, "movs-rep-movsw-mmio-to-mmio-df-page", .regs = { REG(RCX, 0), REG(RSI, 0xe0000ffc), REG(RDI, 0xe0001ffc) },
	  .ev = { MR(0xe0001002, 2, 0x8382), MW(0xe0002002, 2, 0x8382), MR(0xe0001000, 2, 0x8180),
		  MW(0xe0002000, 2, 0x8180), MR(0xe0000ffe, 2, 0x7f7e), MW(0xe0001ffe, 2, 0x7f7e) } },
	/* scratch A bytes 0x10 0x11 land in RAM at 0x9fffe, 0x12 0x13 in MMIO_LO */
	{ 301, "movs-rep-movsb-ram-to-ram-end-and-mmio", .regs = { REG(RCX, 0), REG(RSI, 0x10014), REG(RDI, 0xa0002) },
	  .mem = { MEM(0x9fffe, 2, 0x1110) }, .ev = { MW(0xa0000, 1, 0x12), MW(0xa0001, 1, 0x13) } },
	{ 302, "movs-movsq-mmio-4g-to-ram", .regs = { REG(RSI, 0x100000018), REG(RDI, 0xf018) },
	  .mem = { MEM(0xf010, 8, 0x9796959493929190) }, .ev = { MR(0x100000010, 8, 0x9796959493929190) } },
	{ 303, "stos-rep-stosl-mmio-page-end", .regs = { REG(RCX, 0), REG(RDI, 0xe0001008) },
	  .ev = { MW(0xe0000ffc, 4, 0x11223344), MW(0xe0001000, 4, 0x11223344), MW(0xe0001004, 4, 0x11223344) } },
	/* 0xa0002, 0xa0000 (MMIO), then 0x9fffe, 0x9fffc (RAM) */
	{ 304, "stos-rep-stosw-mmio-down-into-ram", .regs = { REG(RCX, 0), REG(RDI, 0x9fffa) },
	  .mem = { MEM(0x9fffc, 4, 0xabcdabcd) }, .ev = { MW(0xa0002, 2, 0xabcd), MW(0xa0000, 2, 0xabcd) } },
	/* 0x81, 0x80, then 0xff ^ 0x80 = 0x7f at 0xe0000fff */
	{ 305, "lods-rep-lodsb-mmio-df-page", .regs = { REG(RAX, 0x7f), REG(RCX, 0), REG(RSI, 0xe0000ffe) },
	  .ev = { MR(0xe0001001, 1, 0x81), MR(0xe0001000, 1, 0x80), MR(0xe0000fff, 1, 0x7f) } },
	{ 306, "lods-rep-lodsq-mmio-4g", .regs = { REG(RAX, 0xbfbebdbcbbbab9b8), REG(RCX, 0), REG(RSI, 0x100000040) },
	  .ev = { MR(0x100000030, 8, 0xb7b6b5b4b3b2b1b0), MR(0x100000038, 8, 0xbfbebdbcbbbab9b8) } },
	/* the MMIO pattern depends on the low address byte only: all equal, ZF=PF=1 */
	{ 307, "cmps-repe-cmpsw-mmio-mmio-equal", .regs = { REG(RCX, 0), REG(RSI, 0xe0000026), REG(RDI, 0xa0026), FLAGS(0x44) },
	  .ev = { MR(0xe0000020, 2, 0xa1a0), MR(0xa0020, 2, 0xa1a0), MR(0xe0000022, 2, 0xa3a2), MR(0xa0022, 2, 0xa3a2),
		  MR(0xe0000024, 2, 0xa5a4), MR(0xa0024, 2, 0xa5a4) } },
	/* last: 0x12345678 - 0x7f7e7d7c = 0x92b5d8fc: CF (borrow), SF, AF (8 - c), PF (0xfc) */
	{ 308, "scas-repne-scasl-mmio-df-page", .regs = { REG(RCX, 0), REG(RDI, 0xe0000ff8), FLAGS(0x95) },
	  .ev = { MR(0xe0001004, 4, 0x87868584), MR(0xe0001000, 4, 0x83828180), MR(0xe0000ffc, 4, 0x7f7e7d7c) } },
	/* KVM's read-ahead: min(room to the page end 6, 1024, 10) = 6 bytes into
	 * RAM with one port exit, then the other 4 with one exit and one 4-byte
	 * MMIO write */
	{ 309, "ins-rep-insb-ram-end-then-mmio", .regs = { REG(RCX, 0), REG(RDI, 0xa0004) },
	  .mem = { MEM(0x9fffa, 4, 0xc0c0c0c0), MEM(0x9fffe, 2, 0xc0c0) },
	  .ev = { PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0),
		  PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0),
		  PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0), MW(0xa0000, 4, 0xc0c0c0c0) },
	  .io_exits = 2, .kemu_io_exits = 2 },
	/* KVM counts the room in bytes (4), so the run is 4 words: 0x9fffc-0xa0003,
	 * RAM then MMIO in one write */
	{ 310, "ins-rep-insw-run-across-ram-end", .regs = { REG(RCX, 0), REG(RDI, 0xa0004) },
	  .mem = { MEM(0x9fffc, 4, 0xc1c0c1c0) },
	  .ev = { PI(PORT_TEST_DX, 2, 0xc1c0), PI(PORT_TEST_DX, 2, 0xc1c0), PI(PORT_TEST_DX, 2, 0xc1c0),
		  PI(PORT_TEST_DX, 2, 0xc1c0), MW(0xa0000, 4, 0xc1c0c1c0) },
	  .io_exits = 1, .kemu_io_exits = 1 },
	/* Stock KVM reads min(0x48, 256, 3) = 3 dwords ahead, writes the first to
	 * MMIO and exits, and the guest's next emulation reads ahead again: the
	 * other 2 values are lost (then 2 read, 1 written; then 1). kemu writes
	 * the 3 it read as one 12-byte access below rdi (8 + 4 bytes of MMIO). */
	{ 311, "ins-rep-insl-mmio-df",
	  .deviation = "stock KVM drops the rest of a descending REP INS run when an element goes to MMIO; "
		       "kemu writes the run as one access (tests/kvm-oracle/DEVIATIONS.md)",
	  .regs = { REG(RCX, 0), REG(RDI, 0xe000003c) },
	  .ev = { PI(PORT_TEST_DX, 4, 0xc3c2c1c0), PI(PORT_TEST_DX, 4, 0xc3c2c1c0), PI(PORT_TEST_DX, 4, 0xc3c2c1c0),
		  MW(0xe0000048, 4, 0xc3c2c1c0), PI(PORT_TEST_DX, 4, 0xc3c2c1c0), PI(PORT_TEST_DX, 4, 0xc3c2c1c0),
		  MW(0xe0000044, 4, 0xc3c2c1c0), PI(PORT_TEST_DX, 4, 0xc3c2c1c0), MW(0xe0000040, 4, 0xc3c2c1c0) },
	  .kemu = { .regs = { REG(RCX, 0), REG(RDI, 0xe000003c) },
		    .ev = { PI(PORT_TEST_DX, 4, 0xc3c2c1c0), PI(PORT_TEST_DX, 4, 0xc3c2c1c0), PI(PORT_TEST_DX, 4, 0xc3c2c1c0),
			    MW(0xe0000040, 8, 0xc3c2c1c0c3c2c1c0), MW(0xe0000048, 4, 0xc3c2c1c0) } },
	  .io_exits = 3, .kemu_io_exits = 1 },
	/* min(offset 0x105, 1024, 8) = 8: one port exit (kemu took one per byte before) */
	{ 312, "ins-rep-insb-ram-df", .regs = { REG(RCX, 0), REG(RDI, 0xf0fd) },
	  .mem = { MEM(0xf0fe, 8, 0xc0c0c0c0c0c0c0c0) },
	  .ev = { PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0),
		  PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0), PI(PORT_TEST_DX, 1, 0xc0) },
	  .io_exits = 1, .kemu_io_exits = 1 },
	{ 313, "outs-rep-outsw-mmio-df-page", .regs = { REG(RCX, 0), REG(RSI, 0xe0000ffc) },
	  .ev = { MR(0xe0001002, 2, 0x8382), PO(PORT_TEST_DX, 2, 0x8382), MR(0xe0001000, 2, 0x8180),
		  PO(PORT_TEST_DX, 2, 0x8180), MR(0xe0000ffe, 2, 0x7f7e), PO(PORT_TEST_DX, 2, 0x7f7e) },
	  .io_exits = 3, .kemu_io_exits = 3 },
	{ 314, "outs-rep-outsb-ram-end-then-mmio", .regs = { REG(RCX, 0), REG(RSI, 0xa0002) },
	  .ev = { PO(PORT_TEST_DX, 1, 0x11), PO(PORT_TEST_DX, 1, 0x22), MR(0xa0000, 1, 0x80), PO(PORT_TEST_DX, 1, 0x80),
		  MR(0xa0001, 1, 0x81), PO(PORT_TEST_DX, 1, 0x81) },
	  .io_exits = 4, .kemu_io_exits = 4 },
	{ 315, "outs-rep-outsl-mmio-4g", .regs = { REG(RCX, 0), REG(RSI, 0x100000058) },
	  .ev = { MR(0x100000050, 4, 0xd3d2d1d0), PO(PORT_TEST_DX, 4, 0xd3d2d1d0), MR(0x100000054, 4, 0xd7d6d5d4),
		  PO(PORT_TEST_DX, 4, 0xd7d6d5d4) },
	  .io_exits = 2, .kemu_io_exits = 2 },
	{ 316, "ins-insl-mmio", .regs = { REG(RDI, 0xe0000064) },
	  .ev = { PI(PORT_TEST_DX, 4, 0xc3c2c1c0), MW(0xe0000060, 4, 0xc3c2c1c0) }, .io_exits = 1, .kemu_io_exits = 1 },
	{ 317, "outs-outsb-ram", .regs = { REG(RSI, 0x10034) }, .ev = { PO(PORT_TEST_DX, 1, 0x33) },
	  .io_exits = 1, .kemu_io_exits = 1 },
	{ 318, "stos-rep-stosb-count-0", .regs = { REG(RCX, 0), REG(RDI, 0xe0000070) } },
	/* KVM's runs: min(room to the page end, 1024, rcx) bytes per port exit.
	 * 0x10080: 1024, 1024, 1024, 896 to the page end; 0x11000: 1024, 1024,
	 * 1024, 896 = 8 exits. Around the run, scratch A's pattern is intact */
	{ 340, "ins-rep-insb-ram-7936-bytes", .regs = { REG(RCX, 0), REG(RDI, 0x11f80) },
	  .mem = { MEM(0x10079, 8, 0xc07f7e7d7c7b7a79), MEM(0x10ffc, 8, 0xc0c0c0c0c0c0c0c0),
		   MEM(0x11800, 8, 0xc0c0c0c0c0c0c0c0), MEM(0x11f79, 8, 0x80c0c0c0c0c0c0c0) },
	  .io_exits = 8, .kemu_io_exits = 8 },
	/* DF=1, the room is rdi's offset: 0x11f7f: 1024, 1024, 1024, 895 down to
	 * 0x11001; 0x11000 (offset 0): 1; 0x10fff: 1024, 1024, 1024, 896 = 9 exits */
	{ 341, "ins-rep-insb-ram-7936-bytes-df", .regs = { REG(RCX, 0), REG(RDI, 0x1007f) },
	  .mem = { MEM(0x10079, 8, 0xc07f7e7d7c7b7a79), MEM(0x10ffc, 8, 0xc0c0c0c0c0c0c0c0),
		   MEM(0x11800, 8, 0xc0c0c0c0c0c0c0c0), MEM(0x11f79, 8, 0x80c0c0c0c0c0c0c0) },
	  .io_exits = 9, .kemu_io_exits = 9 },
	{ 342, "ud2-forced-cpl0", .exc = EXC(UD) },
	{ 343, "ud1-forced-cpl0", .exc = EXC(UD) },
	{ 344, "paddb-forced-cpl0", .exc = EXC(UD) },
	/* Pending x87 exception before MMX (payload 901-902): #MF from the forced
	 * MOVQ, nothing written; with the exception masked, mm0 (scratch A bytes
	 * 0x70-0x77) reaches MMIO_HI+0x200. */
	{ 901, "movq-m64-mm-pending-x87-mf", .exc = EXC(MF), .regs = { REG(R11, 0xe0000200) } },
	{ 902, "movq-m64-mm-masked-x87", .regs = { REG(R11, 0xe0000200) },
	  .ev = { MW(0xe0000200, 8, 0x7776757473727170) } },
};

extern const uint8_t payload_real[], payload_real_end[], payload_prot32[], payload_prot32_end[],
	payload_long64[], payload_long64_end[];
#define N(a) (sizeof(a) / sizeof((a)[0]))
const struct mode modes[] = {
	{ "real", MODE_REAL, payload_real, payload_real_end, real, N(real) },
	{ "prot32", MODE_PROT32, payload_prot32, payload_prot32_end, prot32, N(prot32) },
	{ "long64", MODE_LONG64, payload_long64, payload_long64_end, long64, N(long64) },
};
const size_t nmodes = N(modes);
