/*
 * The emulator-agnostic interface of the oracle: one CPU state, one host
 * (the x86.c side: memory, ports, MSRs, CPUID, system registers), one exit
 * record.  Both backends translate it: kvm_backend.c into KVM's
 * x86_emulate_ops, kemu_backend.cpp into kemu_ops.  Plain C, usable from the
 * freestanding kernel-flag build of kvm_backend.c and from C++.
 */
#ifndef KVM_ORACLE_ABI_H
#define KVM_ORACLE_ABI_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Segment registers in KVM's VCPU_SREG_* order (the first six as kemu_seg). */
enum oracle_seg_reg {
	ORACLE_ES,
	ORACLE_CS,
	ORACLE_SS,
	ORACLE_DS,
	ORACLE_FS,
	ORACLE_GS,
	ORACLE_TR,
	ORACLE_LDTR,
	ORACLE_NSEG
};

/* Hidden segment state, as struct kvm_segment: the limit is byte-granular. */
struct oracle_seg {
	uint64_t base;
	uint32_t limit;
	uint16_t sel;
	uint8_t type, s, dpl, present, avl, l, db, g, unusable;
};

struct oracle_dtr {
	uint64_t base;
	uint16_t limit;
};

/* Architectural state a backend reads before and writes after one step. */
struct oracle_cpu {
	uint64_t gpr[16]; /* rax rcx rdx rbx rsp rbp rsi rdi r8..r15 */
	uint64_t rip, rflags;
	struct oracle_seg seg[ORACLE_NSEG];
	struct oracle_dtr gdt, idt;
	uint64_t cr0, cr2, cr3, cr4, cr8, efer, xcr0;
	uint64_t dr[8];
	uint32_t interruptibility; /* out: KVM_X86_SHADOW_INT_* after the step */
	uint32_t nmi_masked;
	uint8_t fx[512] __attribute__((aligned(64))); /* x87/MMX/SSE, FXSAVE layout */
};

/* The CPL as VMX and SVM report it: 0 in real mode, 3 in VM86, else SS.DPL. */
static inline unsigned oracle_cpl(const struct oracle_cpu *cpu)
{
	if (!(cpu->cr0 & 1))
		return 0;
	if (cpu->rflags & (1u << 17))
		return 3;
	return cpu->seg[ORACLE_SS].dpl;
}

/* The emulation mode as x86.c's init_emulate_ctxt() derives it; the values
 * are KVM's enum x86emul_mode and kemu's enum kemu_mode. */
static inline int oracle_mode(const struct oracle_cpu *cpu)
{
	if (!(cpu->cr0 & 1))
		return 0; /* real */
	if (cpu->rflags & (1u << 17))
		return 1; /* vm86 */
	if (cpu->seg[ORACLE_CS].l && (cpu->efer & (1u << 10)))
		return 4; /* 64-bit */
	return cpu->seg[ORACLE_CS].db ? 3 : 2;
}

/* x86.c's toggle_interruptibility() after a retired instruction: the
 * emulator's shadow `mask` (KVM_X86_SHADOW_INT_*) is not re-armed when the
 * same shadow was already active (sti; sti blocks for one instruction). */
static inline void oracle_writeback_shadow(struct oracle_cpu *cpu, uint32_t mask)
{
	cpu->interruptibility = (cpu->interruptibility & mask) ? 0 : mask;
}

/* Access kinds the host distinguishes (x86.c's emulated vs "std" accesses). */
enum oracle_access {
	ORACLE_DATA_READ,  /* read_emulated: RAM or MMIO */
	ORACLE_DATA_WRITE, /* write_emulated: RAM or MMIO */
	ORACLE_FETCH,      /* instruction fetch: RAM only */
	ORACLE_STD_READ,   /* read_std at the guest's privilege: RAM only */
	ORACLE_STD_WRITE,
	ORACLE_SYSTEM_READ, /* read_std, supervisor (descriptor tables, TSS): RAM only */
	ORACLE_SYSTEM_WRITE,
};

/* DR4/DR5 alias DR6/DR7 (with CR4.DE both emulators raise #UD before asking) */
static inline int oracle_dr_index(int dr)
{
	return dr == 4 ? 6 : dr == 5 ? 7 : dr & 7;
}

/* x86.c: emulator_get_cr(); a register that does not exist reads as 0 */
static inline uint64_t oracle_get_cr(const struct oracle_cpu *cpu, int cr)
{
	switch (cr) {
	case 0:
		return cpu->cr0;
	case 2:
		return cpu->cr2;
	case 3:
		return cpu->cr3;
	case 4:
		return cpu->cr4;
	case 8:
		return cpu->cr8;
	default:
		return 0;
	}
}

/* A guest exception (struct x86_exception / struct kemu_exception). */
struct oracle_fault {
	uint8_t vector;
	uint8_t error_code_valid;
	uint32_t error_code;
	uint64_t address;
};

/* Host return codes are X86EMUL_* values. */
enum {
	ORACLE_CONTINUE = 0,
	ORACLE_UNHANDLEABLE = 1,
	ORACLE_PROPAGATE_FAULT = 2,
	ORACLE_CMPXCHG_FAILED = 4,
	ORACLE_IO_NEEDED = 5,
	ORACLE_INTERCEPTED = 6, /* an intercept check: L1 takes the instruction */
};

/*
 * A nested guest's intercept check (x86.c: kvm_x86_ops.check_intercept):
 * when (enum x86_intercept_stage) and what it sees (struct
 * x86_instruction_info).
 */
enum oracle_intercept_stage {
	ORACLE_ICPT_PRE_EXCEPT,
	ORACLE_ICPT_POST_EXCEPT,
	ORACLE_ICPT_POST_MEMACCESS,
};

struct oracle_intercept_info {
	uint8_t intercept; /* enum x86_intercept */
	uint8_t rep_prefix, modrm_mod, modrm_reg, modrm_rm;
	uint8_t src_bytes, dst_bytes, ad_bytes;
	uint64_t src_val, dst_val, next_rip;
};

/* KVM's x86_instruction_info and kemu's kemu_intercept_info name these fields
 * alike: each backend builds the host's view of its check with this. */
#define ORACLE_INTERCEPT_INFO_OF(info)                                                             \
	{                                                                                          \
		.intercept = (info)->intercept, .rep_prefix = (info)->rep_prefix,                  \
		.modrm_mod = (info)->modrm_mod, .modrm_reg = (info)->modrm_reg,                    \
		.modrm_rm = (info)->modrm_rm, .src_bytes = (info)->src_bytes,                      \
		.dst_bytes = (info)->dst_bytes, .ad_bytes = (info)->ad_bytes,                      \
		.src_val = (info)->src_val, .dst_val = (info)->dst_val,                            \
		.next_rip = (info)->next_rip,                                                      \
	}

/* Side effects that are not memory or port accesses, for the event log. */
enum oracle_event {
	ORACLE_EV_HALT = 1,
	ORACLE_EV_WBINVD,
	ORACLE_EV_INVLPG,
	ORACLE_EV_HYPERCALL,
	ORACLE_EV_TRIPLE_FAULT,
	ORACLE_EV_SET_NMI_MASK,
	ORACLE_EV_VM_BUGGED,
};

/*
 * The host: what arch/x86/kvm/x86.c provides to the emulator.  Linear
 * addresses are guest-physical (no paging is modelled).  All callbacks get
 * the host's opaque pointer first.
 */
struct oracle_host {
	int (*read)(void *h, uint64_t linear, void *val, unsigned bytes, enum oracle_access kind,
	            struct oracle_fault *fault);
	int (*write)(void *h, uint64_t linear, const void *val, unsigned bytes,
	             enum oracle_access kind, struct oracle_fault *fault);
	/* compare-and-exchange as x86.c does it (a plain write on MMIO) */
	int (*cmpxchg)(void *h, uint64_t linear, const void *old, const void *val, unsigned bytes,
	               struct oracle_fault *fault);
	/* completed synchronously, like an in-kernel device */
	void (*pio_in)(void *h, unsigned size, uint16_t port, void *val, unsigned count);
	void (*pio_out)(void *h, unsigned size, uint16_t port, const void *val, unsigned count);
	/* 0 on success, nonzero: the instruction raises #GP(0) */
	int (*get_msr)(void *h, struct oracle_cpu *cpu, uint32_t index, uint64_t *val);
	int (*set_msr)(void *h, struct oracle_cpu *cpu, uint32_t index, uint64_t val);
	int (*set_cr)(void *h, struct oracle_cpu *cpu, int cr, uint64_t val);
	int (*set_dr)(void *h, struct oracle_cpu *cpu, int dr, uint64_t val);
	int (*set_xcr)(void *h, struct oracle_cpu *cpu, uint32_t index, uint64_t val);
	/* RDPMC's counter `index` (x86.c: kvm_pmu_rdpmc): 0 and the value, or
	 * nonzero: #GP(0) */
	int (*read_pmc)(void *h, struct oracle_cpu *cpu, uint32_t index, uint64_t *val);
	/* returns whether the leaf exists (x86.c's kvm_cpuid) */
	bool (*cpuid)(void *h, uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx,
	              bool exact_only);
	void (*event)(void *h, enum oracle_event ev, uint64_t arg);
	/*
	 * x86.c's MMIO exits to userspace (KVM_EXIT_MMIO).  An emulated access
	 * that reaches MMIO leaves fragments waiting; after a pass the driver
	 * asks what waits (enum oracle_mmio_wait), lets userspace serve it
	 * (complete_emulated_mmio: a write is delivered and the instruction is
	 * done; a read is answered into the buffer the access was given, and
	 * the pass runs again on the same decode, EMULTYPE_NO_DECODE), or
	 * forgets it when the pass raised an exception.
	 */
	int (*mmio_waiting)(void *h);
	void (*mmio_complete)(void *h);
	void (*mmio_cancel)(void *h);
	/*
	 * A nested guest (x86.c: is_guest_mode()): the emulator checks L1's
	 * intercepts on an instruction's first pass.  intercept answers one
	 * check: ORACLE_CONTINUE, ORACLE_INTERCEPTED, ORACLE_UNHANDLEABLE, or
	 * ORACLE_PROPAGATE_FAULT with *fault (an exception to inject in L2, as
	 * vmx_check_intercept's #UD).  NULL: not nested.
	 */
	bool (*guest_mode)(void *h);
	int (*intercept)(void *h, const struct oracle_intercept_info *info, int stage,
	                 struct oracle_fault *fault);
	/*
	 * System-management mode (x86.c's is_smm, smm.c's emulator_leave_smm for
	 * RSM): whether the vCPU is in SMM, and leaving it: 0 with *cpu the state
	 * SMRAM held (the emulator takes its GPRs, RIP and RFLAGS from there, as
	 * from ctxt->_regs), nonzero when it cannot be restored.
	 */
	bool (*in_smm)(void *h);
	int (*leave_smm)(void *h, struct oracle_cpu *cpu);
};

enum oracle_mmio_wait {
	ORACLE_MMIO_NONE,
	ORACLE_MMIO_WRITE,
	ORACLE_MMIO_READ,
};

/*
 * What x86.c asks of a decoded instruction besides running it: whether it may
 * write a page table (x86_page_table_writing_insn), may reuse the exit's GPA
 * (emulator_can_use_gpa), is a branch (ctxt->is_branch, for the PMU), and
 * is emulated when the CPU raised #UD for it (EmulateOnUD: decoding with
 * EMULTYPE_TRAP_UD succeeds).  `decoded` is 0 when decoding failed.
 */
struct oracle_queries {
	int decoded, page_table_writing, can_use_gpa, is_branch, emulate_on_ud;
	/* kemu only: kemu_decode_rejects (KVM's decode fails), a mnemonic */
	int decode_rejects, named;
};

/* What one emulation step ended with. */
enum oracle_outcome {
	ORACLE_OUT_OK,           /* retired (or a REP pass that did not retire) */
	ORACLE_OUT_FAULT,        /* an exception to inject */
	ORACLE_OUT_UNHANDLEABLE, /* emulation failure: KVM EMULATION_FAILED, kemu UNHANDLEABLE */
	ORACLE_OUT_OTHER,        /* anything else (IO_NEEDED, vm bugged, ...) */
	ORACLE_OUT_INTERCEPTED,  /* L1 intercepted it (a nested guest) */
};

struct oracle_exit {
	int outcome;               /* enum oracle_outcome */
	int code;                  /* backend-specific status behind the outcome */
	int decode_failed;         /* the failure or fault came from decoding */
	int restarts;              /* KVM: EMULATION_RESTART passes */
	int warnings;              /* KVM: WARN_ON_ONCE hits during the step */
	int insn_len;              /* decoded length, 0 if decoding failed */
	int mmio_exits;            /* exits to userspace for MMIO (KVM_EXIT_MMIO) */
	struct oracle_fault fault; /* when outcome == ORACLE_OUT_FAULT */
};

#ifdef __cplusplus
}
#endif

#endif
