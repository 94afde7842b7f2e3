// SPDX-License-Identifier: GPL-2.0
// Hand-checked vectors for the integer instructions: ALU, shifts and
// rotates, multiply and divide, bit instructions, the other moves and the
// flag instructions.  Each result and flag is worked out from the SDM's
// pseudo-code in the comment beside it; flags the SDM leaves undefined
// (exec/flag_effects.h) are not compared.
#include "selftest/vector.h"

namespace kemu::selftest {

namespace {

constexpr u8 P32 = KEMU_MODE_PROT32, L64 = KEMU_MODE_PROT64;
constexpr int FAULT = KEMU_PROPAGATE_FAULT;
constexpr u64 CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800, F = 0x2;
constexpr u64 G(unsigned i)
{
	return kInitialGpr(i);
}

} // namespace

// clang-format off
constinit const Vector kInteger[] = {
	// ---- ALU ----
	// 0xffffffff + 1 = 0 (carry out of bit 31 and of bit 3); the 32-bit write clears rax[63:32]
	{"add eax,ebx", L64, 0x1000, code({0x01, 0xd8}),
	 {{KEMU_RAX, 0xaaaa0000ffffffff}, {KEMU_RBX, 1}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0}}, .rflags = F | CF | PF | AF | ZF}},
	// 0x80 - 1 = 0x7f: signed overflow, borrow from bit 4, seven bits set (odd)
	{"sub al,1", L64, 0x1000, code({0x2c, 0x01}), {{KEMU_RAX, 0x1180}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0x117f}}, .rflags = F | OF | AF}},
	// 1 + 0xff + CF = 0x101: CF, AF (1 + 0xf + 1 > 0xf); signs differ so no OF
	{"adc byte [rbx],0xff", L64, 0x1000, code({0x80, 0x13, 0xff}),
	 {{KEMU_RBX, 0x2000}}, {{0x2000, 1, 0x01}}, {},
	 {.length = 3, .writes = {{0x2000, 1, 0x01}}, .rflags = F | CF | AF}, F | CF},
	// 5 - 5 - CF = -1: borrow, sign, parity of 0xff even, nibble borrow
	{"sbb ecx,edx", L64, 0x1000, code({0x19, 0xd1}),
	 {{KEMU_RCX, 0x1234567800000005}, {KEMU_RDX, 5}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RCX, 0xffffffff}}, .rflags = F | CF | PF | AF | SF}, F | CF},
	// ADCX: 0xffffffffffffffff + 1 + CF(0) = 0 with a carry out: CF set; OF and
	// SF stay as they were and ZF stays clear (only CF is written)
	{"adcx rax,[rbx]", L64, 0x1000, code({0x66, 0x48, 0x0f, 0x38, 0xf6, 0x03}),
	 {{KEMU_RAX, 0xffffffffffffffff}, {KEMU_RBX, 0x2000}}, {{0x2000, 8, 1}}, {},
	 {.length = 6, .regs = {{KEMU_RAX, 0}}, .rflags = F | CF | OF | SF}, F | OF | SF},
	// ADOX: 1 + 0xfffffffd + OF(1) = 0xffffffff, no carry out: OF cleared, CF
	// kept; the 32-bit write clears rax[63:32]
	{"adox eax,ecx", L64, 0x1000, code({0xf3, 0x0f, 0x38, 0xf6, 0xc1}),
	 {{KEMU_RAX, 0xdeadbeef00000001}, {KEMU_RCX, 0xfffffffd}}, {}, {},
	 {.length = 5, .regs = {{KEMU_RAX, 0xffffffff}}, .rflags = F | CF}, F | CF | OF},
	// logic ops clear CF and OF; 0xf0 has four bits set (even parity)
	{"and rax,-16", L64, 0x1000, code({0x48, 0x83, 0xe0, 0xf0}),
	 {{KEMU_RAX, 0x123456789abcdef7}}, {}, {},
	 {.length = 4, .regs = {{KEMU_RAX, 0x123456789abcdef0}}, .rflags = F | PF}, F | OF | CF},
	{"xor eax,eax", L64, 0x1000, code({0x31, 0xc0}), {}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0}}, .rflags = F | ZF | PF}},
	// CMP reads and never writes
	{"cmp dword [rbx],0x10", L64, 0x1000, code({0x83, 0x3b, 0x10}),
	 {{KEMU_RBX, 0x2000}}, {{0x2000, 4, 0x10}}, {},
	 {.length = 3, .rflags = F | ZF | PF}},
	{"test al,0x80", L64, 0x1000, code({0xa8, 0x80}), {{KEMU_RAX, 0x80}}, {}, {},
	 {.length = 2, .rflags = F | SF}},
	// 0x7fffffff + 1: OF, SF, AF; low byte 0 has even parity; CF stays set
	{"inc dword [rbx]", L64, 0x1000, code({0xff, 0x03}),
	 {{KEMU_RBX, 0x2000}}, {{0x2000, 4, 0x7fffffff}}, {},
	 {.length = 2, .writes = {{0x2000, 4, 0x80000000}},
	  .rflags = F | CF | PF | AF | SF | OF}, F | CF},
	// 16-bit: 0 - 1 = 0xffff, rcx[63:16] kept; CF stays clear
	{"dec cx", L64, 0x1000, code({0x66, 0xff, 0xc9}), {{KEMU_RCX, 0x1111222233330000}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RCX, 0x111122223333ffff}}, .rflags = F | PF | AF | SF}},
	// 0 - 1: CF because the operand was not 0
	{"neg rbx", L64, 0x1000, code({0x48, 0xf7, 0xdb}), {{KEMU_RBX, 1}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RBX, ~0ull}}, .rflags = F | CF | PF | AF | SF}},
	{"not byte [rbx]", L64, 0x1000, code({0xf6, 0x13}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 1, 0x0f}}, {}, {.length = 2, .writes = {{0x2000, 1, 0xf0}}}},
	{"lock or [rbx],ecx", L64, 0x1000, code({0xf0, 0x09, 0x0b}),
	 {{KEMU_RBX, 0x2000}, {KEMU_RCX, 0x100}}, {{0x2000, 4, 0x1}}, {},
	 {.length = 3, .writes = {{0x2000, 4, 0x101}}, .rflags = F}},
	{"lock add eax,ebx is #UD", L64, 0x1000, code({0xf0, 0x01, 0xd8}), {}, {}, {},
	 {.status = FAULT, .vector = KEMU_UD}},

	// ---- shifts and rotates ----
	// 0x80000001 << 1: CF = old bit 31; OF = MSB(result) ^ CF
	{"shl eax,1", L64, 0x1000, code({0xd1, 0xe0}), {{KEMU_RAX, 0x80000001}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 2}}, .rflags = F | CF | OF}},
	// 0x80 >>a 4 = 0xf8; CF = bit 3 = 0; five bits set (odd)
	{"sar al,4", L64, 0x1000, code({0xc0, 0xf8, 0x04}), {{KEMU_RAX, 0x80}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 0xf8}}, .rflags = F | SF}},
	// the count is masked to 6 bits: 0x44 -> 4; CF = bit 3 of 0x1f
	{"shr rax,cl", L64, 0x1000, code({0x48, 0xd3, 0xe8}),
	 {{KEMU_RAX, 0x1f}, {KEMU_RCX, 0x44}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 1}}, .rflags = F | CF}},
	// a count of 0 (after masking 0x20) changes no flag
	{"shl eax,cl (count 32 -> 0)", L64, 0x1000, code({0xd3, 0xe0}),
	 {{KEMU_RAX, 0xffff00001234}, {KEMU_RCX, 0x20}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0x1234}}, .rflags = F | CF | ZF}, F | CF | ZF},
	// rotates change only CF (= the bit rotated into bit 0) and OF
	{"rol ax,8", L64, 0x1000, code({0x66, 0xc1, 0xc0, 0x08}), {{KEMU_RAX, 0xaaaabbbbcccc1234}}, {}, {},
	 {.length = 4, .regs = {{KEMU_RAX, 0xaaaabbbbcccc3412}}, .rflags = F | ZF}, F | CF | ZF},
	// CF goes into bit 7, bit 0 into CF; OF = old MSB ^ CF = 1
	{"rcr bl,1", L64, 0x1000, code({0xd0, 0xdb}), {{KEMU_RBX, 0x5501}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RBX, 0x5580}}, .rflags = F | CF | OF}, F | CF},
	// 0x12345678 << 4 filled from 0x9abcdef0's top nibble; CF = bit 28 = 1
	{"shld eax,ebx,4", L64, 0x1000, code({0x0f, 0xa4, 0xd8, 0x04}),
	 {{KEMU_RAX, 0x12345678}, {KEMU_RBX, 0x9abcdef0}}, {}, {},
	 {.length = 4, .regs = {{KEMU_RAX, 0x23456789}}, .rflags = F | CF}},

	// ---- multiply and divide ----
	// 0x80000000 * 4 = 2:00000000 in edx:eax; the high half is not zero
	{"mul ecx", L64, 0x1000, code({0xf7, 0xe1}), {{KEMU_RAX, 0x80000000}, {KEMU_RCX, 4}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0}, {KEMU_RDX, 2}}, .rflags = F | CF | OF}},
	{"imul rax,rbx,-2", L64, 0x1000, code({0x48, 0x6b, 0xc3, 0xfe}), {{KEMU_RBX, 3}}, {}, {},
	 {.length = 4, .regs = {{KEMU_RAX, ~0ull - 5}}, .rflags = F}},
	// -128 * 2 = -256: does not fit AL, so CF = OF = 1
	{"imul cl", L64, 0x1000, code({0xf6, 0xe9}), {{KEMU_RAX, 0x80}, {KEMU_RCX, 2}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0xff00}}, .rflags = F | CF | OF}},
	// 263 / 2 = 131 rem 1: AL = 0x83, AH = 1
	{"div cl", L64, 0x1000, code({0xf6, 0xf1}), {{KEMU_RAX, 0x0107}, {KEMU_RCX, 2}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0x0183}}}},
	{"div ecx by 0 is #DE", L64, 0x1000, code({0xf7, 0xf1}), {{KEMU_RCX, 0}}, {}, {},
	 {.status = FAULT, .vector = KEMU_DE}},
	// -7 / 2 = -3 rem -1 (truncation toward 0)
	{"idiv ebx", L64, 0x1000, code({0xf7, 0xfb}),
	 {{KEMU_RAX, 0xfffffff9}, {KEMU_RDX, 0xffffffff}, {KEMU_RBX, 2}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0xfffffffd}, {KEMU_RDX, 0xffffffff}}}},
	// -32768 / -1 = 32768 does not fit AL
	{"idiv cl overflow is #DE", L64, 0x1000, code({0xf6, 0xf9}),
	 {{KEMU_RAX, 0x8000}, {KEMU_RCX, 0xff}}, {}, {}, {.status = FAULT, .vector = KEMU_DE}},
	// 2^64 * 3 / 4: rdx:rax = 3:0 -> quotient 0xc000000000000000
	{"div rcx (128-bit dividend)", L64, 0x1000, code({0x48, 0xf7, 0xf1}),
	 {{KEMU_RAX, 0}, {KEMU_RDX, 3}, {KEMU_RCX, 4}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 0xc000000000000000}, {KEMU_RDX, 0}}}},

	// ---- bit instructions ----
	// bit 35 of the string at [rbx]: dword at +4, bit 3
	{"bt [rbx],eax (bit string)", L64, 0x1000, code({0x0f, 0xa3, 0x03}),
	 {{KEMU_RBX, 0x2000}, {KEMU_RAX, 35}}, {{0x2004, 4, 0x8}}, {},
	 {.length = 3, .rflags = F | CF}},
	// offset -1 is bit 15 of the word below [rbx]
	{"btr [rbx],ax (negative offset)", L64, 0x1000, code({0x66, 0x0f, 0xb3, 0x03}),
	 {{KEMU_RBX, 0x2000}, {KEMU_RAX, 0xffff}}, {{0x1ffe, 2, 0x8000}}, {},
	 {.length = 4, .writes = {{0x1ffe, 2, 0}}, .rflags = F | CF}},
	// an immediate offset is taken modulo the width: 65 -> 1
	{"bts rax,65", L64, 0x1000, code({0x48, 0x0f, 0xba, 0xe8, 0x41}), {{KEMU_RAX, 0}}, {}, {},
	 {.length = 5, .regs = {{KEMU_RAX, 2}}, .rflags = F}},
	{"bsf ecx,edx", L64, 0x1000, code({0x0f, 0xbc, 0xca}), {{KEMU_RDX, 0xf0}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RCX, 4}}, .rflags = F}},
	// a zero source sets ZF and leaves the destination
	{"bsr rax,rbx (zero source)", L64, 0x1000, code({0x48, 0x0f, 0xbd, 0xc3}),
	 {{KEMU_RBX, 0}}, {}, {}, {.length = 4, .rflags = F | ZF}},
	{"tzcnt eax,ebx (zero source)", L64, 0x1000, code({0xf3, 0x0f, 0xbc, 0xc3}),
	 {{KEMU_RBX, 0}}, {}, {},
	 {.length = 4, .regs = {{KEMU_RAX, 32}}, .rflags = F | CF}},
	{"lzcnt ax,bx", L64, 0x1000, code({0x66, 0xf3, 0x0f, 0xbd, 0xc3}),
	 {{KEMU_RBX, 1}, {KEMU_RAX, 0x5555}}, {}, {},
	 {.length = 5, .regs = {{KEMU_RAX, 15}}, .rflags = F}},
	{"popcnt rax,rbx", L64, 0x1000, code({0xf3, 0x48, 0x0f, 0xb8, 0xc3}),
	 {{KEMU_RBX, 0xff00ff}}, {}, {}, {.length = 5, .regs = {{KEMU_RAX, 16}}, .rflags = F},
	 F | CF | OF | SF | AF | PF},

	// ---- moves ----
	{"movzx eax,byte [rbx]", L64, 0x1000, code({0x0f, 0xb6, 0x03}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 1, 0x80}}, {}, {.length = 3, .regs = {{KEMU_RAX, 0x80}}}},
	{"movsx rax,word [rbx]", L64, 0x1000, code({0x48, 0x0f, 0xbf, 0x03}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 2, 0x8000}}, {}, {.length = 4, .regs = {{KEMU_RAX, 0xffffffffffff8000}}}},
	{"movsxd rax,ebx", L64, 0x1000, code({0x48, 0x63, 0xc3}), {{KEMU_RBX, 0x80000000}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 0xffffffff80000000}}}},
	// the address is computed in 64 bits and truncated to the operand size
	{"lea eax,[rbx+rcx*2+5]", L64, 0x1000, code({0x8d, 0x44, 0x4b, 0x05}),
	 {{KEMU_RBX, 0x100000000}, {KEMU_RCX, 3}}, {}, {}, {.length = 4, .regs = {{KEMU_RAX, 0xb}}}},
	{"xchg [rbx],ecx", L64, 0x1000, code({0x87, 0x0b}),
	 {{KEMU_RBX, 0x2000}, {KEMU_RCX, 0xff22222222}}, {{0x2000, 4, 0x11111111}}, {},
	 {.length = 2, .regs = {{KEMU_RCX, 0x11111111}}, .writes = {{0x2000, 4, 0x22222222}}}},
	// 90 is NOP: rax[63:32] survives
	{"nop (90)", L64, 0x1000, code({0x90}), {}, {}, {}, {.length = 1}},
	// 0xff + 2 = 0x101: CF, AF; the register gets the old memory value
	{"xadd [rbx],al", L64, 0x1000, code({0x0f, 0xc0, 0x03}),
	 {{KEMU_RBX, 0x2000}, {KEMU_RAX, 0x02}}, {{0x2000, 1, 0xff}}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 0xff}}, .writes = {{0x2000, 1, 0x01}}, .rflags = F | CF | AF}},
	{"lock cmpxchg [rbx],ecx (equal)", L64, 0x1000, code({0xf0, 0x0f, 0xb1, 0x0b}),
	 {{KEMU_RBX, 0x2000}, {KEMU_RAX, 5}, {KEMU_RCX, 7}}, {{0x2000, 4, 5}}, {},
	 {.length = 4, .writes = {{0x2000, 4, 7}}, .rflags = F | ZF | PF}},
	// not equal: eax = memory, which is written back unchanged (the CPU's write cycle)
	{"cmpxchg [rbx],ecx (different)", L64, 0x1000, code({0x0f, 0xb1, 0x0b}),
	 {{KEMU_RBX, 0x2000}, {KEMU_RAX, 0xaa00000004}, {KEMU_RCX, 7}}, {{0x2000, 4, 5}}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 5}}, .writes = {{0x2000, 4, 5}},
	  .rflags = F | CF | PF | AF | SF}},
	// a register destination is not written: ecx keeps its upper half
	{"cmpxchg ecx,edx (different)", L64, 0x1000, code({0x0f, 0xb1, 0xd1}),
	 {{KEMU_RCX, 0x1100000005}, {KEMU_RAX, 4}, {KEMU_RDX, 7}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 5}}, .rflags = F | CF | PF | AF | SF}},
	{"bswap ecx", L64, 0x1000, code({0x0f, 0xc9}), {{KEMU_RCX, 0x12345678}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RCX, 0x78563412}}}},
	{"cdqe", L64, 0x1000, code({0x48, 0x98}), {{KEMU_RAX, 0x80000000}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RAX, 0xffffffff80000000}}}},
	{"cwd", L64, 0x1000, code({0x66, 0x99}), {{KEMU_RAX, 0x8000}, {KEMU_RDX, 0x1234567812345678}},
	 {}, {}, {.length = 2, .regs = {{KEMU_RDX, 0x123456781234ffff}}}},
	// a 32-bit CMOV writes its destination even when false (SDM CMOVcc)
	{"cmovz eax,ebx (false)", L64, 0x1000, code({0x0f, 0x44, 0xc3}),
	 {{KEMU_RAX, 0xaaaaaaaa11111111}, {KEMU_RBX, 2}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 0x11111111}}}},
	{"cmovz eax,ebx (true)", L64, 0x1000, code({0x0f, 0x44, 0xc3}),
	 {{KEMU_RAX, 0xaaaaaaaa11111111}, {KEMU_RBX, 2}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 2}}}, F | ZF},
	{"setnz byte [rbx]", L64, 0x1000, code({0x0f, 0x95, 0x03}), {{KEMU_RBX, 0x2000}}, {}, {},
	 {.length = 3, .writes = {{0x2000, 1, 1}}}},
	{"xlat", L64, 0x1000, code({0xd7}), {{KEMU_RBX, 0x2000}, {KEMU_RAX, 0x105}},
	 {{0x2005, 1, 0x77}}, {}, {.length = 1, .regs = {{KEMU_RAX, 0x177}}}},

	// ---- flags ----
	{"lahf", L64, 0x1000, code({0x9f}), {{KEMU_RAX, 0}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RAX, 0x8300}}}, F | SF | CF | OF},
	{"sahf", L64, 0x1000, code({0x9e}), {{KEMU_RAX, 0xd500}}, {}, {},
	 {.length = 1, .rflags = F | 0xd5 | OF}, F | OF},
	{"cmc", L64, 0x1000, code({0xf5}), {}, {}, {}, {.length = 1, .rflags = F}, F | CF},
	{"std", L64, 0x1000, code({0xfd}), {}, {}, {}, {.length = 1, .rflags = F | 0x400}},
	{"salc (32-bit)", P32, 0x1000, code({0xd6}), {{KEMU_RAX, 0x1200}}, {}, {},
	 {.length = 1, .regs = {{KEMU_RAX, 0x12ff}}}, F | CF},
	{"salc is #UD in 64-bit mode", L64, 0x1000, code({0xd6}), {}, {}, {},
	 {.status = FAULT, .vector = KEMU_UD}},
};
// clang-format on

constinit const VectorTable kIntegerVectors = table(kInteger);

} // namespace kemu::selftest
