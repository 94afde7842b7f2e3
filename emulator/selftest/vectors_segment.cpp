// SPDX-License-Identifier: GPL-2.0
// Hand-checked vectors for segment loads and far transfers: real-mode bases,
// descriptor checks and the accessed bit in protected mode, far JMP/CALL/
// RET, IRET and INT in real mode.  Loads show as host effects at kHostSeg +
// the register (base << 16 | selector, vector.h).
#include "selftest/vector.h"

namespace kemu::selftest {

namespace {

constexpr u8 R = KEMU_MODE_REAL, V86 = KEMU_MODE_VM86, P32 = KEMU_MODE_PROT32,
             L64 = KEMU_MODE_PROT64;
constexpr int FAULT = KEMU_PROPAGATE_FAULT, UNHANDLED = KEMU_UNHANDLEABLE;
constexpr u64 CF = 0x1, PF = 0x4, ZF = 0x40, IF = 0x200, F = 0x2, IOPL3 = 0x3000, RF = 0x10000,
              VM = 0x20000;

// GDT entries (at kGdtBase + 8 * index), as the 8 bytes of the SDM's format:
// limit[15:0], base[23:0], access (P DPL S type), G D L AVL limit[19:16], base[31:24].
constexpr u64 kFlatCode = 0x00cf9b000000ffff; // base 0, 4G, 32-bit, execute/read, accessed
constexpr u64 kFlatData = 0x00cf93000000ffff; // base 0, 4G, read/write, accessed
constexpr u64 kDataUnaccessed = 0x00cf92000000ffff;
constexpr u64 kReadOnlyData = 0x00cf91000000ffff;
constexpr u64 kDataNotPresent = 0x00cf13000000ffff;
constexpr u64 kSmallCode = 0x00409b0000000fff; // limit 0xfff, byte granular
constexpr u64 kUserCode = 0x00cffb000000ffff;  // DPL 3
constexpr u64 kLdt = 0x000082002a0000ff;       // LDT at 0x2a00, limit 0xff
constexpr u64 kTss32 = 0x0000890028000067;     // available 32-bit TSS at 0x2800
constexpr u64 Gdt(unsigned index)
{
	return kGdtBase + 8 * index;
}
constexpr u64 SegLoad(unsigned seg)
{
	return kHostSeg + seg;
}
constexpr u64 Loaded(u64 base, u16 selector)
{
	return base << 16 | selector;
}
// CS selector 0x08 at CPL 0.
constexpr Seg kCs08{KEMU_SEG_CS, 0, 0xffffffff, 0xb, 1, 0, 0, 0x08};

} // namespace

// clang-format off
constinit const Vector kSegment[] = {
	// ---- real mode: base = selector << 4 ----
	{"mov ds,ax (real mode)", R, 0x1000, code({0x8e, 0xd8}), {{KEMU_RAX, 0x1234}}, {}, {},
	 {.length = 2, .writes = {{SegLoad(KEMU_SEG_DS), 8, Loaded(0x12340, 0x1234)}}}},
	{"mov ss,ax blocks interrupts", R, 0x1000, code({0x8e, 0xd0}), {{KEMU_RAX, 0x100}}, {}, {},
	 {.length = 2, .writes = {{SegLoad(KEMU_SEG_SS), 8, Loaded(0x1000, 0x100)}},
	  .shadow = KEMU_SHADOW_MOV_SS}},
	// a register destination gets the operand size, zero-extended
	{"mov eax,ds", P32, 0x1000, code({0x8c, 0xd8}), {{KEMU_RAX, ~0ull}}, {},
	 {{KEMU_SEG_DS, 0, 0xffffffff, 3, 1, 0, 0, 0x2b}}, {.length = 2, .regs = {{KEMU_RAX, 0x2b}}}},
	// a 32-bit push moves esp by 4 and writes the selector's 2 bytes
	{"push es (32-bit)", P32, 0x1000, code({0x06}), {{KEMU_RSP, 0x2100}}, {},
	 {{KEMU_SEG_ES, 0, 0xffffffff, 3, 1, 0, 0, 0x23}},
	 {.length = 1, .regs = {{KEMU_RSP, 0x20fc}}, .writes = {{0x20fc, 2, 0x23}}}},
	// offset 0x1234, segment 0x5678
	{"lds ax,[bx] (real mode)", R, 0x1000, code({0xc5, 0x07}), {{KEMU_RBX, 0x2000}},
	 {{0x2000, 4, 0x56781234}}, {},
	 {.length = 2, .regs = {{KEMU_RAX, (kInitialGpr(KEMU_RAX) & ~0xffffull) | 0x1234}},
	  .writes = {{SegLoad(KEMU_SEG_DS), 8, Loaded(0x56780, 0x5678)}}}},

	// ---- protected mode: descriptors ----
	{"pop ds (protected)", P32, 0x1000, code({0x1f}), {{KEMU_RSP, 0x2000}},
	 {{0x2000, 4, 0x10}, {Gdt(2), 8, kFlatData}}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x2004}}, .writes = {{SegLoad(KEMU_SEG_DS), 8, Loaded(0, 0x10)}}}},
	// the CPU sets the descriptor's accessed bit (byte 5: 0x92 -> 0x93)
	{"mov es,ax sets the accessed bit", P32, 0x1000, code({0x8e, 0xc0}), {{KEMU_RAX, 0x18}},
	 {{Gdt(3), 8, kDataUnaccessed}}, {},
	 {.length = 2, .writes = {{Gdt(3) + 5, 1, 0x93}, {SegLoad(KEMU_SEG_ES), 8, Loaded(0, 0x18)}}}},
	{"mov ss,ax with read-only data is #GP(selector)", P32, 0x1000, code({0x8e, 0xd0}),
	 {{KEMU_RAX, 0x18}}, {{Gdt(3), 8, kReadOnlyData}}, {},
	 {.status = FAULT, .vector = KEMU_GP, .error_code = 0x18}},
	{"mov ds,ax not present is #NP(selector)", P32, 0x1000, code({0x8e, 0xd8}),
	 {{KEMU_RAX, 0x18}}, {{Gdt(3), 8, kDataNotPresent}}, {},
	 {.status = FAULT, .vector = KEMU_NP, .error_code = 0x18}},
	{"mov ds,ax past the GDT limit is #GP(selector)", P32, 0x1000, code({0x8e, 0xd8}),
	 {{KEMU_RAX, 0x80}}, {}, {}, {.status = FAULT, .vector = KEMU_GP, .error_code = 0x80}},
	// a null selector loads an unusable segment (base 0, selector 0)
	{"mov ds,ax null", P32, 0x1000, code({0x8e, 0xd8}), {{KEMU_RAX, 0}}, {}, {},
	 {.length = 2, .writes = {{SegLoad(KEMU_SEG_DS), 8, 0}}}},
	{"mov ss,ax null is #GP(0)", P32, 0x1000, code({0x8e, 0xd0}), {{KEMU_RAX, 0}}, {}, {},
	 {.status = FAULT, .vector = KEMU_GP}},

	// ---- virtual-8086 mode (RFLAGS.VM; CPL 3) ----
	// a clean 64K data segment at selector << 4, DPL 3
	{"mov ds,ax (virtual-8086)", V86, 0x1000, code({0x8e, 0xd8}), {{KEMU_RAX, 0x1234}}, {}, {},
	 {.length = 2, .writes = {{SegLoad(KEMU_SEG_DS), 8, Loaded(0x12340, 0x1234)}}}, F | VM},
	{"pushf in virtual-8086 mode below IOPL 3 is #GP", V86, 0x1000, code({0x9c}),
	 {{KEMU_RSP, 0x2000}}, {}, {}, {.status = FAULT, .vector = KEMU_GP}, F | VM},
	{"cli in virtual-8086 mode at IOPL 3", V86, 0x1000, code({0xfa}), {}, {}, {},
	 {.length = 1, .rflags = F | VM | IOPL3}, F | VM | IOPL3 | IF},
	// POPF at IOPL 3 loads IF but not IOPL (and never VM)
	{"popf in virtual-8086 mode keeps IOPL", V86, 0x1000, code({0x9d}), {{KEMU_RSP, 0x2000}},
	 {{0x2000, 2, 0x0201}}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x2002}}, .rflags = F | VM | IOPL3 | IF | CF}, F | VM | IOPL3},
	// port I/O always consults the TSS bitmap in virtual-8086 mode, whatever IOPL
	{"in al,dx in virtual-8086 mode without a TSS is #GP", V86, 0x1000, code({0xec}),
	 {{KEMU_RDX, 0x60}}, {}, {}, {.status = FAULT, .vector = KEMU_GP}, F | VM | IOPL3},

	// ---- LDTR and TR ----
	{"lldt ax", P32, 0x1000, code({0x0f, 0x00, 0xd0}), {{KEMU_RAX, 0x30}}, {{Gdt(6), 8, kLdt}}, {},
	 {.length = 3, .writes = {{SegLoad(KEMU_SEG_LDTR), 8, Loaded(0x2a00, 0x30)}}}},
	// the TSS descriptor becomes busy (type 9 -> 0xb: byte 5 0x89 -> 0x8b)
	{"ltr ax marks the TSS busy", P32, 0x1000, code({0x0f, 0x00, 0xd8}), {{KEMU_RAX, 0x28}},
	 {{Gdt(5), 8, kTss32}}, {},
	 {.length = 3, .writes = {{Gdt(5) + 5, 1, 0x8b}, {SegLoad(KEMU_SEG_TR), 8, Loaded(0x2800, 0x28)}}}},
	{"ltr of a busy TSS is #GP(selector)", P32, 0x1000, code({0x0f, 0x00, 0xd8}), {{KEMU_RAX, 0x28}},
	 {{Gdt(5), 8, kTss32 | 0x20000000000}}, {}, {.status = FAULT, .vector = KEMU_GP, .error_code = 0x28}},
	{"lldt in real mode is #UD", R, 0x1000, code({0x0f, 0x00, 0xd0}), {}, {}, {},
	 {.status = FAULT, .vector = KEMU_UD}},
	{"sldt eax", P32, 0x1000, code({0x0f, 0x00, 0xc0}), {{KEMU_RAX, ~0ull}}, {},
	 {{KEMU_SEG_LDTR, 0x2a00, 0xff, 2, 0, 0, 0, 0x30}}, {.length = 3, .regs = {{KEMU_RAX, 0x30}}}},
	{"str word [ebx]", P32, 0x1000, code({0x0f, 0x00, 0x0b}), {{KEMU_RBX, 0x2000}}, {},
	 {{KEMU_SEG_TR, 0x2800, 0x67, 0xb, 0, 0, 0, 0x28}}, {.length = 3, .writes = {{0x2000, 2, 0x28}}}},

	// ---- far transfers ----
	{"jmp far 0x2000:0x1234 (real mode)", R, 0x1000, code({0xea, 0x34, 0x12, 0x00, 0x20}), {}, {}, {},
	 {.length = 5, .writes = {{SegLoad(KEMU_SEG_CS), 8, Loaded(0x20000, 0x2000)}}, .jump_to = 0x1234}},
	// pushes the old CS (0x08), then the return eip
	{"call far [ebx] (same privilege)", P32, 0x1000, code({0xff, 0x1b}),
	 {{KEMU_RBX, 0x2000}, {KEMU_RSP, 0x2100}}, {{0x2000, 8, 0x0008'00401000}, {Gdt(1), 8, kFlatCode}},
	 {kCs08},
	 {.length = 2, .regs = {{KEMU_RSP, 0x20f8}},
	  .writes = {{0x20fc, 4, 0x08}, {0x20f8, 4, 0x1002}, {SegLoad(KEMU_SEG_CS), 8, Loaded(0, 0x08)}},
	  .jump_to = 0x401000}},
	// pops eip 0x3000 and CS 0x08, then releases 4 more bytes
	{"retf 4", P32, 0x1000, code({0xca, 0x04, 0x00}), {{KEMU_RSP, 0x2000}},
	 {{0x2000, 8, 0x0000'0008'0000'3000}, {Gdt(1), 8, kFlatCode}}, {kCs08},
	 {.length = 3, .regs = {{KEMU_RSP, 0x200c}}, .writes = {{SegLoad(KEMU_SEG_CS), 8, Loaded(0, 0x08)}},
	  .jump_to = 0x3000}},
	{"retf to an outer level is not emulated", P32, 0x1000, code({0xcb}), {{KEMU_RSP, 0x2000}},
	 {{0x2000, 8, 0x0000'000b'0000'3000}, {Gdt(1), 8, kUserCode}}, {kCs08}, {.status = UNHANDLED}},
	// the new CS's limit is 0xfff: the target 0x2000 is #GP(0) and nothing is loaded
	{"jmp far past the new limit is #GP(0)", P32, 0x1000,
	 code({0xea, 0x00, 0x20, 0x00, 0x00, 0x08, 0x00}), {}, {{Gdt(1), 8, kSmallCode}}, {kCs08},
	 {.status = FAULT, .vector = KEMU_GP}},

	// ---- fast system calls (EFER has SCE and LMA; the CPUID vendor is not Intel) ----
	// rcx = next rip, r11 = rflags (RF clear), rflags &= ~SFMASK, CS/SS from STAR
	{"syscall (64-bit)", L64, 0x1000, code({0x0f, 0x05}), {}, {}, {},
	 {.length = 2, .regs = {{KEMU_RCX, 0x1002}, {KEMU_R11, 0x346}},
	  .writes = {{SegLoad(KEMU_SEG_CS), 8, Loaded(0, 0x10)}, {SegLoad(KEMU_SEG_SS), 8, Loaded(0, 0x18)}},
	  .rflags = F | ZF | PF, .jump_to = 0xffffffff81000000}, F | ZF | PF | IF | 0x100},
	// compatibility mode (P32 with EFER.LMA) on a non-Intel CPU
	{"sysenter in compatibility mode is #UD (AMD)", P32, 0x1000, code({0x0f, 0x34}), {}, {}, {},
	 {.status = FAULT, .vector = KEMU_UD}},
	// to CPL 3: CS = SYSENTER_CS + 16, SS = + 24, RPL 3; rip = edx, rsp = ecx
	{"sysexit", P32, 0x1000, code({0x0f, 0x35}), {{KEMU_RCX, 0x7000}, {KEMU_RDX, 0x401000}}, {}, {},
	 {.length = 2, .regs = {{KEMU_RSP, 0x7000}},
	  .writes = {{SegLoad(KEMU_SEG_CS), 8, Loaded(0, 0x23)}, {SegLoad(KEMU_SEG_SS), 8, Loaded(0, 0x2b)}},
	  .jump_to = 0x401000}},
	// REX.W: to 64-bit code at CPL 3, CS = SYSENTER_CS + 32, SS = + 40
	{"sysexit (64-bit)", L64, 0x1000, code({0x48, 0x0f, 0x35}),
	 {{KEMU_RCX, 0x7ff000}, {KEMU_RDX, 0x401000}}, {}, {},
	 {.length = 3, .regs = {{KEMU_RSP, 0x7ff000}},
	  .writes = {{SegLoad(KEMU_SEG_CS), 8, Loaded(0, 0x33)}, {SegLoad(KEMU_SEG_SS), 8, Loaded(0, 0x3b)}},
	  .jump_to = 0x401000}},
	{"rsm outside SMM is #UD", L64, 0x1000, code({0x0f, 0xaa}), {}, {}, {},
	 {.status = FAULT, .vector = KEMU_UD}},
	{"sysexit at CPL 3 is #GP", P32, 0x1000, code({0x0f, 0x35}), {}, {},
	 {{KEMU_SEG_SS, 0, 0xffffffff, 3, 1, 0, 3}}, {.status = FAULT, .vector = KEMU_GP}},

	// ---- real-mode interrupts ----
	// pushes flags 0x203, cs 0, ip 0x1002 (16 bits each); IF cleared
	{"int 0x21 (real mode)", R, 0x1000, code({0xcd, 0x21}), {{KEMU_RSP, 0x2100}},
	 {{kIdtBase + 0x21 * 4, 4, 0x30000100}}, {},
	 {.length = 2, .regs = {{KEMU_RSP, 0x20fa}},
	  .writes = {{0x20fe, 2, 0x203}, {0x20fc, 2, 0}, {0x20fa, 2, 0x1002},
	             {SegLoad(KEMU_SEG_CS), 8, Loaded(0x30000, 0x3000)}},
	  .rflags = F | CF, .jump_to = 0x100}, F | IF | CF},
	{"int3 (real mode)", R, 0x1000, code({0xcc}), {{KEMU_RSP, 0x2100}},
	 {{kIdtBase + 3 * 4, 4, 0x40000200}}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x20fa}},
	  .writes = {{0x20fe, 2, 0x2}, {0x20fc, 2, 0}, {0x20fa, 2, 0x1001},
	             {SegLoad(KEMU_SEG_CS), 8, Loaded(0x40000, 0x4000)}},
	  .jump_to = 0x200}},
	{"into with OF clear", R, 0x1000, code({0xce}), {}, {}, {}, {.length = 1}},
	{"int 0x21 in protected mode is not emulated", P32, 0x1000, code({0xcd, 0x21}), {}, {}, {},
	 {.status = UNHANDLED}},
	// pops ip 0x100, cs 0x3000, flags 0x246
	{"iret (real mode)", R, 0x1000, code({0xcf}), {{KEMU_RSP, 0x2000}},
	 {{0x2000, 8, 0x0000'0246'3000'0100}}, {},
	 {.length = 1, .regs = {{KEMU_RSP, 0x2006}}, .writes = {{SegLoad(KEMU_SEG_CS), 8, Loaded(0x30000, 0x3000)}},
	  .rflags = F | PF | ZF | IF, .jump_to = 0x100}},
	// pops eip 0x100, cs 0x3000, eflags 0x10246: RF is loaded and stays set
	// after the IRET (the next instruction's breakpoint is skipped)
	{"iretd (real mode) loads RF", R, 0x1000, code({0x66, 0xcf}), {{KEMU_RSP, 0x2000}},
	 {{0x2000, 8, 0x0000'3000'0000'0100}, {0x2008, 4, 0x0001'0246}}, {},
	 {.length = 2, .regs = {{KEMU_RSP, 0x200c}}, .writes = {{SegLoad(KEMU_SEG_CS), 8, Loaded(0x30000, 0x3000)}},
	  .rflags = F | PF | ZF | IF | RF, .jump_to = 0x100}},
	{"iretd with ip above 64K is #GP(0)", R, 0x1000, code({0x66, 0xcf}), {{KEMU_RSP, 0x2000}},
	 {{0x2000, 8, 0x0000'3000'0001'0000}}, {}, {.status = FAULT, .vector = KEMU_GP}},
};
// clang-format on

constinit const VectorTable kSegmentVectors = table(kSegment);

} // namespace kemu::selftest
