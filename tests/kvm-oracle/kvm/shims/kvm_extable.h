/*
 * Exception-table entries for the userspace build of emulate.c.
 *
 * emulate.c relies on the kernel's exception table twice: a #DE raised by the
 * host DIV/IDIV inside a fastop zeroes %esi and resumes at the fastop's
 * return (FOP1EEX, EX_TYPE_ZERO_REG), and a fault in fxsave/fxrstor/fwait
 * sets a flag register to 1 (asm_safe, EX_TYPE_ONE_REG).
 *
 * Here each entry goes into the section "kvm_oracle_extable" (the linker
 * then provides __start_/__stop_ symbols) together with the *name* of the
 * register, as the assembler sees it after operand substitution ("%eax" in
 * an extended asm, "%%esi" in a top-level one).  kvm_runtime.c catches
 * SIGFPE/SIGSEGV/SIGBUS, finds the entry of the faulting instruction, parses
 * the register name, and applies the fixup to the signal context.
 */
#ifndef KVM_ORACLE_EXTABLE_H
#define KVM_ORACLE_EXTABLE_H

#include <asm/extable_fixup_types.h> /* verbatim copy: EX_TYPE_*, EX_DATA_* */

/* One entry: 4 x 32-bit, each a self-relative offset or a type word. */
#define _ASM_EXTABLE_TYPE_REG(from, to, type, reg)                              \
	" .pushsection \"kvm_oracle_extable\",\"a\"\n"                          \
	" .balign 4\n"                                                          \
	" .long (" #from ") - .\n"                                              \
	" .long (" #to ") - .\n"                                                \
	" .long " __stringify(type) "\n"                                        \
	" .long 7f - .\n"                                                       \
	" .popsection\n"                                                        \
	" .pushsection \"kvm_oracle_extable_names\",\"a\"\n"                    \
	"7: .asciz \"" __stringify(reg) "\"\n"                                  \
	" .popsection\n"

#endif
