/*
 * The kernel environment of arch/x86/kvm/emulate.c, rebuilt for userspace.
 *
 * emulate.c and kvm_emulate.h are compiled unmodified (-nostdinc
 * -ffreestanding).  Their kernel includes land here: this header provides
 * the handful of kernel helpers they call (min/max, __ffs, WARN_ON_ONCE, ...)
 * and the architectural constants that live in headers too large to include
 * (asm/kvm_host.h, uapi/asm/kvm.h).  Self-contained kernel headers that are
 * pure constants are used as they are: build-kvm.sh copies them from the
 * kernel source into the build directory (never into the repository).
 */
#ifndef KVM_ORACLE_SHIM_H
#define KVM_ORACLE_SHIM_H

#define CONFIG_X86_64 1 /* a 64-bit host KVM, without SMM or Hyper-V */

#include <linux/bits.h>
#include <linux/stringify.h>
#include <linux/types.h>

/* ---- compiler vocabulary of the kernel ---------------------------------- */
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define noinline __attribute__((__noinline__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __packed __attribute__((__packed__))
#define __maybe_unused __attribute__((__unused__))
#define __used __attribute__((__used__))
#define fallthrough __attribute__((__fallthrough__))
#define __user
#define __force
#define __must_check
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#ifndef static_assert
#define static_assert(e, ...) _Static_assert(e, "" __VA_ARGS__)
#endif
#define BUILD_BUG_ON(e) ((void)sizeof(char[1 - 2 * !!(e)]))
#define BITS_PER_BYTE 8
#define BITS_PER_LONG 64
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __kvm_oracle_cat2(a, b) a##b
#define __kvm_oracle_cat(a, b) __kvm_oracle_cat2(a, b)
#define __UNIQUE_ID(p) __kvm_oracle_cat(__kvm_oracle_cat(__UNIQUE_ID_, p), __COUNTER__)

/*
 * No libc: string instructions are the kernel's memcpy/memset.  Not libc's:
 * KVM's code runs with the guest's FPU in the host's registers (kvm_fpu_get),
 * and libc's or a sanitizer's memcpy may use vector registers (em_fxrstor's
 * fxregs_fixup() copies a variable length while the guest's XMM0 is live).
 */
static inline void *kvm_oracle_memcpy(void *d, const void *s, unsigned long n)
{
	void *r = d;

	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return r;
}

static inline void *kvm_oracle_memset(void *d, int c, unsigned long n)
{
	void *r = d;

	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return r;
}
#define memcpy(d, s, n) kvm_oracle_memcpy(d, s, n)
#define memset(d, c, n) kvm_oracle_memset(d, c, n)
#define memcmp(a, b, n) __builtin_memcmp(a, b, n)

/* linux/minmax.h, without its type checks (emulate.c is already correct) */
#define min(a, b) ({ __typeof__(a) _x = (a); __typeof__(b) _y = (b); _x < _y ? _x : _y; })
#define max(a, b) ({ __typeof__(a) _x = (a); __typeof__(b) _y = (b); _x > _y ? _x : _y; })
#define min3(a, b, c) min(min(a, b), c)
#define min_t(t, a, b) ({ t _x = (a); t _y = (b); _x < _y ? _x : _y; })
#define max_t(t, a, b) ({ t _x = (a); t _y = (b); _x > _y ? _x : _y; })

/* ---- bit helpers --------------------------------------------------------- */
static __always_inline unsigned long __ffs(unsigned long w) { return __builtin_ctzl(w); }
static __always_inline unsigned long __fls(unsigned long w) { return 63 - __builtin_clzl(w); }

/* for_each_set_bit over a bitmap of at most one long (emulate.c walks the
 * 16-bit dirty-register mask with it). */
static __always_inline unsigned long kvm_oracle_next_bit(const unsigned long *map,
							 unsigned long size,
							 unsigned long from)
{
	unsigned long rest;

	if (from >= size)
		return size;
	rest = map[0] & (~0UL << from);
	if (size < BITS_PER_LONG)
		rest &= (1UL << size) - 1;
	return rest ? __ffs(rest) : size;
}
#define for_each_set_bit(bit, map, size)                                        \
	for ((bit) = kvm_oracle_next_bit((map), (size), 0); (bit) < (size);      \
	     (bit) = kvm_oracle_next_bit((map), (size), (bit) + 1))

#define swab16(x) __builtin_bswap16(x)
#define swab32(x) __builtin_bswap32(x)
#define swab64(x) __builtin_bswap64(x)

/* linux/nospec.h: the index clamped to 0 when out of range, without a branch */
#define array_index_nospec(index, size)                                         \
	({                                                                      \
		unsigned long _i = (index), _n = (size);                        \
		unsigned long _mask = (unsigned long)(~(long)(_i | (_n - 1UL - _i)) >> 63); \
		(__typeof__(index))(_i & _mask);                                \
	})

/* ---- pages ---------------------------------------------------------------- */
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)

/* ---- diagnostics: counted by the runtime (kvm_runtime.c) ----------------- */
void kvm_oracle_warn(const char *file, int line, const char *what);
__attribute__((__noreturn__)) void kvm_oracle_bug(const char *file, int line);
#define WARN_ON_ONCE(cond)                                                      \
	({                                                                      \
		int _w = !!(cond);                                              \
		if (unlikely(_w))                                               \
			kvm_oracle_warn(__FILE__, __LINE__, #cond);             \
		unlikely(_w);                                                   \
	})
#define WARN_ON(cond) WARN_ON_ONCE(cond)
#define BUG() kvm_oracle_bug(__FILE__, __LINE__)
#define BUG_ON(cond)                                                            \
	do {                                                                    \
		if (unlikely(cond))                                             \
			BUG();                                                  \
	} while (0)
#define pr_warn_once(fmt, ...) kvm_oracle_warn(__FILE__, __LINE__, fmt)
#define pr_warn_ratelimited(fmt, ...) kvm_oracle_warn(__FILE__, __LINE__, fmt)

/* ---- self-contained kernel headers, copied verbatim by build-kvm.sh ------ */
#include <asm/desc_defs.h>
#include <asm/fpu/types.h>
#include <asm/msr-index.h>
#include <uapi/asm/debugreg.h>
#include <uapi/asm/processor-flags.h>

/* ---- asm/segment.h -------------------------------------------------------- */
#define SEGMENT_RPL_MASK 0x3
#define SEGMENT_TI_MASK 0x4

/* ---- uapi/asm/kvm.h: exception vectors ------------------------------------ */
#define DE_VECTOR 0
#define DB_VECTOR 1
#define BP_VECTOR 3
#define OF_VECTOR 4
#define BR_VECTOR 5
#define UD_VECTOR 6
#define NM_VECTOR 7
#define DF_VECTOR 8
#define TS_VECTOR 10
#define NP_VECTOR 11
#define SS_VECTOR 12
#define GP_VECTOR 13
#define PF_VECTOR 14
#define MF_VECTOR 16
#define AC_VECTOR 17
#define MC_VECTOR 18
#define XM_VECTOR 19
#define VE_VECTOR 20
#define KVM_X86_SHADOW_INT_MOV_SS 0x01
#define KVM_X86_SHADOW_INT_STI 0x02

/* ---- asm/kvm_host.h: what the emulator refers to -------------------------- */
enum kvm_reg {
	VCPU_REGS_RAX, VCPU_REGS_RCX, VCPU_REGS_RDX, VCPU_REGS_RBX,
	VCPU_REGS_RSP, VCPU_REGS_RBP, VCPU_REGS_RSI, VCPU_REGS_RDI,
	VCPU_REGS_R8, VCPU_REGS_R9, VCPU_REGS_R10, VCPU_REGS_R11,
	VCPU_REGS_R12, VCPU_REGS_R13, VCPU_REGS_R14, VCPU_REGS_R15,
	VCPU_REGS_RIP,
	NR_VCPU_REGS,
};
enum {
	VCPU_SREG_ES, VCPU_SREG_CS, VCPU_SREG_SS, VCPU_SREG_DS,
	VCPU_SREG_FS, VCPU_SREG_GS, VCPU_SREG_TR, VCPU_SREG_LDTR,
};
enum {
	TASK_SWITCH_CALL = 0,
	TASK_SWITCH_IRET = 1,
	TASK_SWITCH_JMP = 2,
	TASK_SWITCH_GATE = 3,
};
#define DR6_BUS_LOCK (1 << 11)
#define DR6_BD (1 << 13)
#define DR6_BS (1 << 14)
#define DR6_BT (1 << 15)
#define DR6_RTM (1 << 16)
#define DR6_ACTIVE_LOW 0xffff0ff0
#define DR6_VOLATILE 0x0001e80f
#define DR6_FIXED_1 (DR6_ACTIVE_LOW & ~DR6_VOLATILE)
#define DR7_BP_EN_MASK 0x000000ff
#define DR7_GE (1 << 9)
#define DR7_GD (1 << 13)
#define DR7_FIXED_1 0x00000400
#define PFERR_PRESENT_MASK BIT(0)
#define PFERR_WRITE_MASK BIT(1)
#define PFERR_USER_MASK BIT(2)
#define PFERR_RSVD_MASK BIT(3)
#define PFERR_FETCH_MASK BIT(4)
#define EMULTYPE_NO_DECODE (1 << 0)
#define EMULTYPE_TRAP_UD (1 << 1)
#define EMULTYPE_SKIP (1 << 2)
#define EMULTYPE_ALLOW_RETRY_PF (1 << 3)
#define EMULTYPE_TRAP_UD_FORCED (1 << 4)
#define EMULTYPE_VMWARE_GP (1 << 5)
#define EMULTYPE_PF (1 << 6)
#define EMULTYPE_COMPLETE_USER_EXIT (1 << 7)
#define EMULTYPE_WRITE_PF_TO_SP (1 << 8)

/* ---- asm/ibt.h, asm/nospec-branch.h, asm/asm.h: no IBT, no retpolines ----
 * The userspace numbers are therefore optimistic against a mitigated kernel
 * (the research notes measure the difference). */
#define ASM_ENDBR ""
#define IBT_NOSEAL(name) ""
#define ASM_RET "ret\n\t"
#define CALL_NOSPEC "call *%[thunk_target]\n"
register unsigned long current_stack_pointer __asm__("rsp");
#define ASM_CALL_CONSTRAINT "+r"(current_stack_pointer)
#include "kvm_extable.h"

/* ---- x86.c: module parameter, false by default as in the kernel ---------- */
extern bool enable_vmware_backdoor;

/* ---- small inline helpers taken from headers too heavy to include:
 * insn_assign_reg (asm/insn-eval.h), get/set_desc_base/limit (asm/desc.h),
 * __canonical_address (asm/page.h), is_vmware_backdoor_pmc (pmu.c).
 * build-kvm.sh extracts their text from the kernel source at build time. */
#include <kvm_oracle_extracted.h>

#endif
