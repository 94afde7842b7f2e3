// SPDX-License-Identifier: GPL-2.0
// Hand-checked vectors for stack instructions, near branches and string
// instructions with REP: targets, CS limit and canonical checks, stack
// widths, iteration counts, REPE/REPNE termination and a fault mid-way.
#include "selftest/vector.h"

namespace kemu::selftest {

namespace {

constexpr u8 R = KEMU_MODE_REAL, P32 = KEMU_MODE_PROT32, L64 = KEMU_MODE_PROT64;
constexpr int FAULT = KEMU_PROPAGATE_FAULT;
constexpr u64 CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, DF = 0x400, F = 0x2,
              RF = 0x10000;

} // namespace

// clang-format off
constinit const Vector kControl[] = {
	// ---- near branches ----
	{"jz rel8 (taken)", L64, 0x1000, code({0x74, 0x10}), {}, {}, {},
	 {.length = 2, .jump_to = 0x1012}, F | ZF},
	{"jz rel8 (not taken)", L64, 0x1000, code({0x74, 0x10}), {}, {}, {}, {.length = 2}},
	{"jmp rel32", L64, 0x1000, code({0xe9, 0x00, 0x01, 0x00, 0x00}), {}, {}, {},
	 {.length = 5, .jump_to = 0x1105}},
	// 16-bit IP wraps: 0x1003 + 0xf000 = 0x10003 -> 0x0003
	{"jmp rel16 wraps IP (real mode)", R, 0x1000, code({0xe9, 0x00, 0xf0}), {}, {}, {},
	 {.length = 3, .jump_to = 0x0003}},
	// target 0x3000 is past CS.limit 0x1fff: #GP(0), nothing changes
	{"jmp past CS limit is #GP", P32, 0x1000, code({0xe9, 0xfb, 0x1f, 0x00, 0x00}), {}, {},
	 {{KEMU_SEG_CS, 0, 0x1fff, 0xb}}, {.status = FAULT, .vector = KEMU_GP}},
	{"jmp rax (non-canonical) is #GP", L64, 0x1000, code({0xff, 0xe0}),
	 {{KEMU_RAX, 0x0000800000000000}}, {}, {}, {.status = FAULT, .vector = KEMU_GP}},
	{"jmp qword [rbx]", L64, 0x1000, code({0xff, 0x23}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 8, 0x1234}}, {}, {.length = 2, .jump_to = 0x1234}},
	// the return address (next rip) goes to rsp - 8
	{"call rel32", L64, 0x1000, code({0xe8, 0x00, 0x01, 0x00, 0x00}), {{KEMU_RSP, 0x2100}}, {}, {},
	 {.length = 5, .regs = {{KEMU_RSP, 0x20f8}}, .writes = {{0x20f8, 8, 0x1005}}, .jump_to = 0x1105}},
	// the push faults (stack at 0x0 is unmapped): rip and rsp stay
	{"call rax with a faulting push", L64, 0x1000, code({0xff, 0xd0}),
	 {{KEMU_RAX, 0x1800}, {KEMU_RSP, 0x8}}, {}, {},
	 {.status = FAULT, .vector = KEMU_PF, .error_code = 2, .fault_address = 0}},
	{"ret", L64, 0x1000, code({0xc3}), {{KEMU_RSP, 0x2000}}, {{0x2000, 8, 0x1234}}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x2008}}, .jump_to = 0x1234}},
	{"ret 8", L64, 0x1000, code({0xc2, 0x08, 0x00}), {{KEMU_RSP, 0x2000}}, {{0x2000, 8, 0x1234}}, {},
	 {.length = 3, .regs = {{KEMU_RSP, 0x2010}}, .jump_to = 0x1234}},
	// LOOP: rcx 2 -> 1, taken back onto itself
	{"loop", L64, 0x1000, code({0xe2, 0xfe}), {{KEMU_RCX, 2}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RCX, 1}}, .jump_to = 0x1000}},
	// 67: the count is ecx, written as a 32-bit register (rcx[63:32] cleared);
	// ecx 1 -> 0 ends the loop
	{"loop (ecx)", L64, 0x1000, code({0x67, 0xe2, 0xfe}), {{KEMU_RCX, 0x500000001}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RCX, 0}}}},
	{"jrcxz (taken)", L64, 0x1000, code({0xe3, 0x05}), {{KEMU_RCX, 0}}, {}, {},
	 {.length = 2, .jump_to = 0x1007}},

	// ---- stack ----
	{"push -1 (imm8, 64-bit)", L64, 0x1000, code({0x6a, 0xff}), {{KEMU_RSP, 0x2100}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RSP, 0x20f8}}, .writes = {{0x20f8, 8, ~0ull}}}},
	{"push imm8 (66: 16-bit)", L64, 0x1000, code({0x66, 0x6a, 0x01}), {{KEMU_RSP, 0x2100}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RSP, 0x20fe}}, .writes = {{0x20fe, 2, 1}}}},
	{"pop rbx", L64, 0x1000, code({0x5b}), {{KEMU_RSP, 0x2000}}, {{0x2000, 8, 0x55}}, {},
	 {.length = 1, .regs = {{KEMU_RBX, 0x55}, {KEMU_RSP, 0x2008}}}},
	{"push eax (32-bit stack)", P32, 0x1000, code({0x50}),
	 {{KEMU_RSP, 0x2100}, {KEMU_RAX, 0xaabbccdd}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x20fc}}, .writes = {{0x20fc, 4, 0xaabbccdd}}}},
	// SS.B = 0: SP moves, rsp[63:16] is kept
	{"push ax (16-bit stack)", R, 0x1000, code({0x50}),
	 {{KEMU_RSP, 0x77771100}, {KEMU_RAX, 0xbeef}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x777710fe}}, .writes = {{0x10fe, 2, 0xbeef}}}},
	// the pushed image has RF clear
	{"pushfq", L64, 0x1000, code({0x9c}), {{KEMU_RSP, 0x2100}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x20f8}}, .writes = {{0x20f8, 8, 0x42}}}, F | ZF},
	// CPL 0: IOPL, IF, DF and the arithmetic flags all load
	{"popfq (CPL 0)", L64, 0x1000, code({0x9d}), {{KEMU_RSP, 0x2000}}, {{0x2000, 8, 0x3ed7}}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x2008}}, .rflags = 0x3ed7}},
	// CPL 3 above IOPL 0: IF and IOPL keep their values, CF loads
	{"popfq (CPL 3, IOPL 0)", L64, 0x1000, code({0x9d}), {{KEMU_RSP, 0x2000}},
	 {{0x2000, 8, 0x3201}}, {{KEMU_SEG_SS, 0, 0xffffffff, 3, 1, 0, 3}},
	 {.length = 1, .regs = {{KEMU_RSP, 0x2008}}, .rflags = F | CF}},
	{"leave", L64, 0x1000, code({0xc9}), {{KEMU_RBP, 0x2000}}, {{0x2000, 8, 0x1234}}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x2008}, {KEMU_RBP, 0x1234}}}},
	{"enter 0x10,0", L64, 0x1000, code({0xc8, 0x10, 0x00, 0x00}),
	 {{KEMU_RSP, 0x2100}, {KEMU_RBP, 0x5555}}, {}, {},
	 {.length = 4, .regs = {{KEMU_RSP, 0x20e8}, {KEMU_RBP, 0x20f8}}, .writes = {{0x20f8, 8, 0x5555}}}},

	// ---- strings ----
	// the count reaches 0: the instruction yields (rip stays, RF set) and
	// retires when it runs again with rcx = 0
	{"rep movsb (3)", L64, 0x1000, code({0xf3, 0xa4}),
	 {{KEMU_RCX, 3}, {KEMU_RSI, 0x2000}, {KEMU_RDI, 0x2100}}, {{0x2000, 4, 0x030201}}, {},
	 {.length = 2, .regs = {{KEMU_RCX, 0}, {KEMU_RSI, 0x2003}, {KEMU_RDI, 0x2103}},
	  .writes = {{0x2100, 1, 1}, {0x2101, 1, 2}, {0x2102, 1, 3}}, .rflags = F | RF,
	  .jump_to = 0x1000}},
	// DF = 1: downwards
	{"rep stosw (DF=1)", L64, 0x1000, code({0x66, 0xf3, 0xab}),
	 {{KEMU_RCX, 2}, {KEMU_RDI, 0x2102}, {KEMU_RAX, 0xbeef}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RCX, 0}, {KEMU_RDI, 0x20fe}},
	  .writes = {{0x2102, 2, 0xbeef}, {0x2100, 2, 0xbeef}}, .rflags = F | DF | RF,
	  .jump_to = 0x1000}, F | DF},
	// a pass ends where the count is a multiple of 1024: 1030 -> 1024 (six
	// bytes read, the last one at 0x2005)
	{"rep lodsb yields at a multiple of 1024", L64, 0x1000, code({0xf3, 0xac}),
	 {{KEMU_RCX, 1030}, {KEMU_RSI, 0x2000}, {KEMU_RAX, 0x1ff}}, {{0x2005, 1, 0x42}}, {},
	 {.length = 2, .regs = {{KEMU_RCX, 1024}, {KEMU_RSI, 0x2006}, {KEMU_RAX, 0x142}},
	  .rflags = F | RF, .jump_to = 0x1000}},
	// "ab" vs "ac": equal, then 'b' - 'c' ends REPE with ZF = 0
	{"repe cmpsb", L64, 0x1000, code({0xf3, 0xa6}),
	 {{KEMU_RCX, 5}, {KEMU_RSI, 0x2000}, {KEMU_RDI, 0x2100}},
	 {{0x2000, 2, 0x6261}, {0x2100, 2, 0x6361}}, {},
	 {.length = 2, .regs = {{KEMU_RCX, 3}, {KEMU_RSI, 0x2002}, {KEMU_RDI, 0x2102}},
	  .rflags = F | CF | PF | AF | SF}},
	// finds the NUL of "ab\0": three iterations
	{"repne scasb", L64, 0x1000, code({0xf2, 0xae}),
	 {{KEMU_RCX, 10}, {KEMU_RDI, 0x2000}, {KEMU_RAX, 0}}, {{0x2000, 4, 0x6261}}, {},
	 {.length = 2, .regs = {{KEMU_RCX, 7}, {KEMU_RDI, 0x2003}}, .rflags = F | ZF | PF}},
	{"rep stosb with rcx = 0", L64, 0x1000, code({0xf3, 0xaa}), {{KEMU_RCX, 0}}, {}, {},
	 {.length = 2}},
	// the second element's read (0x3000) faults: one iteration stays done, rip stays
	{"rep movsd faulting mid-way", L64, 0x1000, code({0xf3, 0xa5}),
	 {{KEMU_RCX, 3}, {KEMU_RSI, 0x2ffc}, {KEMU_RDI, 0x2000}}, {{0x2ffc, 4, 0x12345678}}, {},
	 {.status = FAULT, .vector = KEMU_PF, .fault_address = 0x3000,
	  .regs = {{KEMU_RCX, 2}, {KEMU_RSI, 0x3000}, {KEMU_RDI, 0x2004}},
	  .writes = {{0x2000, 4, 0x12345678}}}},
	// 67 in 32-bit code: SI, not ESI; esi[31:16] is kept
	{"lodsb (16-bit address)", P32, 0x1000, code({0x67, 0xac}),
	 {{KEMU_RSI, 0xabcd2000}, {KEMU_RAX, 0}}, {{0x2000, 1, 0x5a}}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0x5a}, {KEMU_RSI, 0xabcd2001}}}},
};
// clang-format on

constinit const VectorTable kControlVectors = table(kControl);

} // namespace kemu::selftest
