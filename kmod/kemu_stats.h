/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kemu: what KVM had kemu emulate, and why (kemu_stats.c): counters in
 * debugfs and the kemu_emulation tracepoint, collected while observed.
 */
#ifndef KEMU_STATS_H
#define KEMU_STATS_H

#include <linux/jump_label.h>
#include <linux/types.h>

struct kemu_ctxt;
struct kvm_vcpu;

/* How an emulation pass ended (the bridge's view of the core's status). */
enum kemu_outcome {
	KEMU_OUTCOME_OK,		/* retired, or a REP string yielded */
	KEMU_OUTCOME_EXCEPTION,		/* an exception for KVM to inject */
	KEMU_OUTCOME_IO_EXIT,		/* waiting for userspace MMIO/PIO/MSR */
	KEMU_OUTCOME_RETRY,		/* CMPXCHG failed or retry: runs again */
	KEMU_OUTCOME_INTERCEPTED,	/* a nested guest's L1 takes it */
	KEMU_OUTCOME_FAILED,		/* emulation failure */
	KEMU_OUTCOMES
};

/*
 * On from the first read or reset of the statistics, and while the
 * tracepoint is enabled: the bridge reads the clock and accounts only then,
 * for the instructions decoded while it is on.
 */
DECLARE_STATIC_KEY_FALSE(kemu_observed);

static inline bool kemu_stats_observed(void)
{
	return static_branch_unlikely(&kemu_observed);
}

/* The kemu_emulation tracepoint's probes come and go (kemu_trace.h). */
int kemu_trace_reg(void);
void kemu_trace_unreg(void);

/* What a pass without decode (EMULTYPE_NO_DECODE) completes. */
enum kemu_completion { KEMU_NOT_COMPLETION, KEMU_COMPLETION_MMIO, KEMU_COMPLETION_PIO };

/* One emulation pass: x86_emulate_insn, or a decode that failed. */
struct kemu_pass {
	const struct kemu_ctxt *core;	/* its decoded instruction */
	const void *vm;		/* the VM (struct kvm), for the per-VM counts */
	const struct kvm_vcpu *vcpu;
	u32 vcpu_id;
	u64 rip;
	u32 emulation_type;	/* KVM's EMULTYPE_* of the decode */
	u8 reason;		/* kemu_stats_decoded()'s */
	bool first;		/* not a re-entry after userspace I/O */
	/* EMULTYPE_NO_DECODE re-entry: an MMIO read or port input completed */
	enum kemu_completion completion;
	enum kemu_outcome outcome;
	int vector;		/* for KEMU_OUTCOME_EXCEPTION, else -1 */
	u64 ns;
};

/*
 * Every decode (after it, the instruction known), by reason, EMULTYPE_* flag
 * and site (each sums to insn_emulation): returns the reason, for the passes.
 */
u8 kemu_stats_decoded(const struct kvm_vcpu *vcpu, const struct kemu_ctxt *core,
		      u32 emulation_type);
/*
 * Every pass: outcome, mnemonic, time, and the tracepoint.  Returns the
 * reason, which the first pass of a write to ROM corrects.
 */
u8 kemu_stats_account(const struct kemu_pass *pass);
int kemu_stats_init(void);
/* /sys/kernel/debug/kemu, or NULL without debugfs. */
struct dentry *kemu_debugfs_dir(void);
void kemu_stats_exit(void);

#endif /* KEMU_STATS_H */
