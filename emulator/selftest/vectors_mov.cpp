// SPDX-License-Identifier: GPL-2.0
// Hand-checked vectors for the MOV family: addressing forms in every mode,
// register partial writes, segmentation checks, fetch limits and faults.
// Expected values are worked out by hand from the SDM, noted beside each.
#include "selftest/vector.h"

namespace kemu::selftest {

namespace {

constexpr u8 R = KEMU_MODE_REAL, P16 = KEMU_MODE_PROT16, P32 = KEMU_MODE_PROT32,
             L64 = KEMU_MODE_PROT64;
constexpr int FAULT = KEMU_PROPAGATE_FAULT, UNHANDLED = KEMU_UNHANDLEABLE;
constexpr u64 G(unsigned i)
{
	return kInitialGpr(i);
}

} // namespace

// clang-format off
constinit const Vector kMov[] = {
	// ---- 64-bit mode ----
	{"mov [rax],ebx", L64, 0x1000, code({0x89, 0x18}),
	 {{KEMU_RAX, 0x2010}, {KEMU_RBX, 0x1122334455667788}}, {}, {},
	 {.length = 2, .writes = {{0x2010, 4, 0x55667788}}}},
	{"mov rax,[rbx+rcx*4+0x10]", L64, 0x1000, code({0x48, 0x8b, 0x44, 0x8b, 0x10}),
	 {{KEMU_RBX, 0x2000}, {KEMU_RCX, 4}}, {{0x2020, 8, 0x0123456789abcdef}}, {},
	 {.length = 5, .regs = {{KEMU_RAX, 0x0123456789abcdef}}}},
	// next rip 0x1f06 + 0x200; a 32-bit load zero-extends into rax
	{"mov eax,[rip+0x200]", L64, 0x1f00, code({0x8b, 0x05, 0x00, 0x02, 0x00, 0x00}),
	 {{KEMU_RAX, ~0ull}}, {{0x2106, 4, 0xdeadbeef}}, {},
	 {.length = 6, .regs = {{KEMU_RAX, 0xdeadbeef}}}},
	// RIP-relative counts the immediate: next rip 0x1ffa + 0x10 = 0x200a
	{"mov dword [rip+0x10],imm32", L64, 0x1ff0,
	 code({0xc7, 0x05, 0x10, 0x00, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12}), {}, {}, {},
	 {.length = 10, .writes = {{0x200a, 4, 0x12345678}}}},
	// 67: 32-bit RIP-relative address (0x1000 + 7 + 0x1100)
	{"mov eax,[eip+0x1100]", L64, 0x1000, code({0x67, 0x8b, 0x05, 0x00, 0x11, 0x00, 0x00}),
	 {}, {{0x2107, 4, 0xcafe}}, {}, {.length = 7, .regs = {{KEMU_RAX, 0xcafe}}}},
	{"mov rax,moffs64", L64, 0x1000,
	 code({0x48, 0xa1, 0x40, 0x20, 0, 0, 0, 0, 0, 0}), {}, {{0x2040, 8, 0xfeedfacecafebeef}}, {},
	 {.length = 10, .regs = {{KEMU_RAX, 0xfeedfacecafebeef}}}},
	{"mov moffs64,al", L64, 0x1000, code({0xa2, 0x50, 0x20, 0, 0, 0, 0, 0, 0}), {}, {}, {},
	 {.length = 9, .writes = {{0x2050, 1, G(KEMU_RAX) & 0xff}}}},
	// moffs with 67 is 4 bytes wide
	{"mov eax,moffs32 (67)", L64, 0x1000, code({0x67, 0xa1, 0x44, 0x20, 0x00, 0x00}), {},
	 {{0x2044, 4, 0x600d}}, {}, {.length = 6, .regs = {{KEMU_RAX, 0x600d}}}},
	// no REX: reg 4 is AH
	{"mov ah,[rbx]", L64, 0x1000, code({0x8a, 0x23}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 1, 0x9c}}, {},
	 {.length = 2, .regs = {{KEMU_RAX, (G(KEMU_RAX) & ~0xff00ull) | 0x9c00}}}},
	// any REX: reg 4 is SPL
	{"mov spl,[rbx]", L64, 0x1000, code({0x40, 0x8a, 0x23}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 1, 0x9c}}, {},
	 {.length = 3, .regs = {{KEMU_RSP, (G(KEMU_RSP) & ~0xffull) | 0x9c}}}},
	{"mov word [rbx],ax (66)", L64, 0x1000, code({0x66, 0x89, 0x03}), {{KEMU_RBX, 0x2002}}, {},
	 {}, {.length = 3, .writes = {{0x2002, 2, G(KEMU_RAX) & 0xffff}}}},
	// 16-bit load keeps bits 63:16
	{"mov cx,[rbx]", L64, 0x1000, code({0x66, 0x8b, 0x0b}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 2, 0xabcd}}, {},
	 {.length = 3, .regs = {{KEMU_RCX, (G(KEMU_RCX) & ~0xffffull) | 0xabcd}}}},
	// REX.W C7: imm32 sign-extended to 64 bits
	{"mov qword [rax],-2", L64, 0x1000, code({0x48, 0xc7, 0x00, 0xfe, 0xff, 0xff, 0xff}),
	 {{KEMU_RAX, 0x2018}}, {}, {}, {.length = 7, .writes = {{0x2018, 8, 0xfffffffffffffffe}}}},
	{"mov byte [rax],imm8", L64, 0x1000, code({0xc6, 0x00, 0x5a}), {{KEMU_RAX, 0x2001}}, {},
	 {}, {.length = 3, .writes = {{0x2001, 1, 0x5a}}}},
	{"mov r9,imm64", L64, 0x1000,
	 code({0x49, 0xb9, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11}), {}, {}, {},
	 {.length = 10, .regs = {{KEMU_R9, 0x1122334455667788}}}},
	{"mov r10b,imm8", L64, 0x1000, code({0x41, 0xb2, 0x7f}), {}, {}, {},
	 {.length = 3, .regs = {{KEMU_R10, (G(KEMU_R10) & ~0xffull) | 0x7f}}}},
	{"mov dh,imm8", L64, 0x1000, code({0xb6, 0x42}), {}, {}, {},
	 {.length = 2, .regs = {{KEMU_RDX, (G(KEMU_RDX) & ~0xff00ull) | 0x4200}}}},
	// REX.B + rm=5, mod=1: r13 base (not RIP-relative)
	{"mov [r13+0],ecx", L64, 0x1000, code({0x41, 0x89, 0x4d, 0x00}), {{KEMU_R13, 0x2030}},
	 {}, {}, {.length = 4, .writes = {{0x2030, 4, G(KEMU_RCX) & 0xffffffff}}}},
	// SIB base=5 with mod=0: disp32, no base
	{"mov eax,[rcx*8+0x2000]", L64, 0x1000, code({0x8b, 0x04, 0xcd, 0x00, 0x20, 0x00, 0x00}),
	 {{KEMU_RCX, 2}}, {{0x2010, 4, 0x11223344}}, {},
	 {.length = 7, .regs = {{KEMU_RAX, 0x11223344}}}},
	// SIB index=4 without REX.X: no index
	{"mov eax,[rbx+riz*2]", L64, 0x1000, code({0x8b, 0x04, 0x63}), {{KEMU_RBX, 0x2024}},
	 {{0x2024, 4, 0x778899}}, {}, {.length = 3, .regs = {{KEMU_RAX, 0x778899}}}},
	// REX.X: index 4 is r12
	{"mov eax,[rbx+r12*2]", L64, 0x1000, code({0x42, 0x8b, 0x04, 0x63}),
	 {{KEMU_RBX, 0x2000}, {KEMU_R12, 0x12}}, {{0x2024, 4, 0x445566}}, {},
	 {.length = 4, .regs = {{KEMU_RAX, 0x445566}}}},
	{"mov eax,fs:[rbx]", L64, 0x1000, code({0x64, 0x8b, 0x03}), {{KEMU_RBX, 0x80}},
	 {{0x2080, 4, 0xf5f5}}, {{KEMU_SEG_FS, 0x2000}}, {.length = 3, .regs = {{KEMU_RAX, 0xf5f5}}}},
	// DS base and override are ignored in 64-bit mode
	{"mov eax,ds:[rbx] (base ignored)", L64, 0x1000, code({0x3e, 0x8b, 0x03}),
	 {{KEMU_RBX, 0x2080}}, {{0x2080, 4, 0xd5d5}}, {{KEMU_SEG_DS, 0x100000}},
	 {.length = 3, .regs = {{KEMU_RAX, 0xd5d5}}}},
	{"mov eax,[ebx] (67 truncates)", L64, 0x1000, code({0x67, 0x8b, 0x03}),
	 {{KEMU_RBX, 0xffffffff00002088}}, {{0x2088, 4, 0x6767}}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 0x6767}}}},
	{"non-canonical load: #GP(0)", L64, 0x1000, code({0x8b, 0x03}),
	 {{KEMU_RBX, 0x0000800000000000}}, {}, {}, {.status = FAULT, .vector = KEMU_GP}},
	{"non-canonical stack load: #SS(0)", L64, 0x1000, code({0x8b, 0x04, 0x24}),
	 {{KEMU_RSP, 0x8000000000000000}}, {}, {}, {.status = FAULT, .vector = KEMU_SS}},
	{"unmapped load: #PF", L64, 0x1000, code({0x8b, 0x03}), {{KEMU_RBX, 0x5000}}, {}, {},
	 {.status = FAULT, .vector = KEMU_PF, .fault_address = 0x5000}},
	// write fault (error code W=2)
	{"unmapped store: #PF(W)", L64, 0x1000, code({0x89, 0x03}), {{KEMU_RBX, 0x7008}}, {}, {},
	 {.status = FAULT, .vector = KEMU_PF, .error_code = 2, .fault_address = 0x7008}},
	{"lock mov: #UD", L64, 0x1000, code({0xf0, 0x89, 0x18}), {{KEMU_RAX, 0x2010}}, {}, {},
	 {.status = FAULT, .vector = KEMU_UD}},
	{"mov group /1: #UD", L64, 0x1000, code({0xc7, 0x08, 1, 2, 3, 4}), {{KEMU_RAX, 0x2010}},
	 {}, {}, {.status = FAULT, .vector = KEMU_UD}},
	// 14 prefixes + 89 18 = 16 bytes: #GP(0) once the 16th byte is needed
	{"16-byte instruction: #GP(0)", L64, 0x1000,
	 code({0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	       0x66, 0x89, 0x18}),
	 {{KEMU_RAX, 0x2010}}, {}, {}, {.status = FAULT, .vector = KEMU_GP}},
	{"15-byte instruction", L64, 0x1000,
	 code({0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	       0x89, 0x18}),
	 {{KEMU_RAX, 0x2010}}, {}, {},
	 {.length = 15, .writes = {{0x2010, 2, G(KEMU_RBX) & 0xffff}}}},
	// instruction crosses from the first page into the second: two fetches
	{"fetch across a page", L64, 0x1ffc, code({0x48, 0xc7, 0x00, 0xfe, 0xff, 0xff, 0xff}),
	 {{KEMU_RAX, 0x2018}}, {}, {},
	 {.length = 7, .writes = {{0x2018, 8, 0xfffffffffffffffe}}, .max_fetch_calls = 2}},
	// the SIB byte is on an unmapped page: #PF on fetch (error code I/D=0x10)
	{"fetch fault on 2nd page", L64, 0x2ffe, code({0x8b, 0x04, 0x25, 0, 0x20, 0, 0}), {}, {},
	 {}, {.status = FAULT, .vector = KEMU_PF, .error_code = 0x10, .fault_address = 0x3000,
	      .max_fetch_calls = 2}},
	// decoded, but without a handler (as in KVM): the host is told, nothing changes
	{"sysret: not emulated", L64, 0x1000, code({0x0f, 0x07}), {}, {}, {}, {.status = UNHANDLED}},

	// ---- 32-bit protected mode ----
	// SIB 0x73: scale 2, index esi, base ebx; 0x2000 + 0x10*2 + 0x100
	{"mov [ebx+esi*2+0x100],ax", P32, 0x1000,
	 code({0x66, 0x89, 0x84, 0x73, 0x00, 0x01, 0x00, 0x00}),
	 {{KEMU_RBX, 0x2000}, {KEMU_RSI, 0x10}}, {}, {},
	 {.length = 8, .writes = {{0x2120, 2, G(KEMU_RAX) & 0xffff}}}},
	// no RIP-relative outside 64-bit: rm=5 mod=0 is disp32
	{"mov eax,[disp32]", P32, 0x1000, code({0x8b, 0x05, 0x00, 0x21, 0x00, 0x00}), {},
	 {{0x2100, 4, 0xd15b}}, {}, {.length = 6, .regs = {{KEMU_RAX, 0xd15b}}}},
	{"mov eax,moffs32 (DS base)", P32, 0x1000, code({0xa1, 0x00, 0x11, 0x00, 0x00}), {},
	 {{0x2100, 4, 0xba5e}}, {{KEMU_SEG_DS, 0x1000}}, {.length = 5, .regs = {{KEMU_RAX, 0xba5e}}}},
	{"load beyond DS limit: #GP(0)", P32, 0x1000, code({0x8b, 0x03}), {{KEMU_RBX, 0xffe}}, {},
	 {{KEMU_SEG_DS, 0x2000, 0xfff}}, {.status = FAULT, .vector = KEMU_GP}},
	{"load beyond SS limit: #SS(0)", P32, 0x1000, code({0x8b, 0x45, 0x00}),
	 {{KEMU_RBP, 0x1000}}, {}, {{KEMU_SEG_SS, 0x2000, 0xfff}},
	 {.status = FAULT, .vector = KEMU_SS}},
	{"store to read-only DS: #GP(0)", P32, 0x1000, code({0x89, 0x03}), {{KEMU_RBX, 0x2000}},
	 {}, {{KEMU_SEG_DS, 0, 0xffffffff, 1}}, {.status = FAULT, .vector = KEMU_GP}},
	{"load via null ES: #GP(0)", P32, 0x1000, code({0x26, 0x8b, 0x03}), {{KEMU_RBX, 0x2000}},
	 {}, {{KEMU_SEG_ES, 0, 0, 3, 1, 1}}, {.status = FAULT, .vector = KEMU_GP}},
	// expand-down, writable (type 7), limit 0xfff: offsets 0x1000.. are valid
	{"expand-down inside", P32, 0x1000, code({0x8b, 0x03}), {{KEMU_RBX, 0x1100}},
	 {{0x2100, 4, 0xed}}, {{KEMU_SEG_DS, 0x1000, 0xfff, 7}},
	 {.length = 2, .regs = {{KEMU_RAX, 0xed}}}},
	{"expand-down below limit: #GP(0)", P32, 0x1000, code({0x8b, 0x03}), {{KEMU_RBX, 0x800}},
	 {}, {{KEMU_SEG_DS, 0x1000, 0xfff, 7}}, {.status = FAULT, .vector = KEMU_GP}},
	// 67 in 32-bit mode: 16-bit addressing (bx+si)
	{"mov ax,[bx+si] (67)", P32, 0x1000, code({0x67, 0x66, 0x8b, 0x00}),
	 {{KEMU_RBX, 0xffff2000}, {KEMU_RSI, 0x0004}}, {{0x2004, 2, 0x1616}}, {},
	 {.length = 4, .regs = {{KEMU_RAX, (G(KEMU_RAX) & ~0xffffull) | 0x1616}}}},
	{"fetch beyond CS limit: #GP(0)", P32, 0x1ffe, code({0x8b, 0x03}), {{KEMU_RBX, 0x2000}},
	 {}, {{KEMU_SEG_CS, 0, 0x1ffe, 0xb}}, {.status = FAULT, .vector = KEMU_GP}},
	{"mov eax,[ebx] (16-bit CS.D=0 via P16)", P16, 0x1000, code({0x66, 0x8b, 0x07}),
	 {{KEMU_RBX, 0x2008}}, {{0x2008, 4, 0x16161616}}, {},
	 {.length = 3, .regs = {{KEMU_RAX, 0x16161616}}}},

	// ---- real mode (segments: base = selector << 4, limit 0xffff) ----
	{"mov [bx+si+0x10],al", R, 0x1000, code({0x88, 0x40, 0x10}),
	 {{KEMU_RBX, 0x100}, {KEMU_RSI, 0x20}}, {}, {{KEMU_SEG_DS, 0x2000, 0xffff}},
	 {.length = 3, .writes = {{0x2130, 1, G(KEMU_RAX) & 0xff}}}},
	{"mov ax,[bp+di] (SS)", R, 0x1000, code({0x8b, 0x03}),
	 {{KEMU_RBP, 0x10}, {KEMU_RDI, 0x4}}, {{0x2014, 2, 0x5353}}, {{KEMU_SEG_SS, 0x2000, 0xffff}},
	 {.length = 2, .regs = {{KEMU_RAX, (G(KEMU_RAX) & ~0xffffull) | 0x5353}}}},
	// bx+si wraps at 64K: 0xfff0 + 0x20 = 0x0010
	{"mov al,[bx+si] wraps", R, 0x1000, code({0x8a, 0x00}),
	 {{KEMU_RBX, 0xfff0}, {KEMU_RSI, 0x20}}, {{0x2010, 1, 0xaa}}, {{KEMU_SEG_DS, 0x2000, 0xffff}},
	 {.length = 2, .regs = {{KEMU_RAX, (G(KEMU_RAX) & ~0xffull) | 0xaa}}}},
	{"mov word [disp16],imm16", R, 0x1000, code({0xc7, 0x06, 0x34, 0x12, 0xef, 0xbe}), {}, {},
	 {{KEMU_SEG_DS, 0x1000, 0xffff}}, {.length = 6, .writes = {{0x2234, 2, 0xbeef}}}},
	{"mov eax,moffs16 (66)", R, 0x1000, code({0x66, 0xa1, 0x34, 0x12}), {},
	 {{0x2234, 4, 0x87654321}}, {{KEMU_SEG_DS, 0x1000, 0xffff}},
	 {.length = 4, .regs = {{KEMU_RAX, 0x87654321}}}},
	{"word at 0xffff: #GP(0)", R, 0x1000, code({0x8b, 0x07}), {{KEMU_RBX, 0xffff}}, {},
	 {{KEMU_SEG_DS, 0x1000, 0xffff}}, {.status = FAULT, .vector = KEMU_GP}},
	// real mode writes through CS are allowed; code at 0x1000 + 0x10
	{"mov cs:[bx],ax", R, 0x10, code({0x2e, 0x89, 0x07}), {{KEMU_RBX, 0x1000}}, {},
	 {{KEMU_SEG_CS, 0x1000, 0xffff, 0xb}},
	 {.length = 3, .writes = {{0x2000, 2, G(KEMU_RAX) & 0xffff}}}},
	{"mov al,[bx] via ES (26)", R, 0x1000, code({0x26, 0x8a, 0x07}), {{KEMU_RBX, 0x40}},
	 {{0x2040, 1, 0xe5}}, {{KEMU_SEG_ES, 0x2000, 0xffff}},
	 {.length = 3, .regs = {{KEMU_RAX, (G(KEMU_RAX) & ~0xffull) | 0xe5}}}},
};
// clang-format on

constinit const VectorTable kMovVectors = table(kMov);

} // namespace kemu::selftest
