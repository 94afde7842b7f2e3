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
	{ 8, "xor-imm32-mmio-rmw", .regs = { FLAGS_LOGIC(0x04) },
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
