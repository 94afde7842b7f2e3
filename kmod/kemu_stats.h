/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kemu: what KVM had kemu emulate, and why (kemu_stats.c): always-on
 * counters in debugfs and the kemu_emulation tracepoint.
 */
#ifndef KEMU_STATS_H
#define KEMU_STATS_H

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

/* One emulation pass: x86_emulate_insn, or a decode that failed. */
struct kemu_pass {
	const struct kemu_ctxt *core;	/* its decoded instruction */
	const void *vm;		/* the VM (struct kvm), for the per-VM counts */
	const struct kvm_vcpu *vcpu;
	u32 vcpu_id;
	u64 rip;
	u32 emulation_type;	/* KVM's EMULTYPE_* of the decode */
	bool first;		/* not a re-entry after userspace I/O */
	/* EMULTYPE_NO_DECODE re-entry: an MMIO read or port input completed */
	bool completion;
	enum kemu_outcome outcome;
	int vector;		/* for KEMU_OUTCOME_EXCEPTION, else -1 */
	u64 ns;
};

/*
 * Every decode (after it, the instruction known), by reason, EMULTYPE_* flag
 * and site (each sums to insn_emulation).
 */
void kemu_stats_decoded(const struct kvm_vcpu *vcpu, const struct kemu_ctxt *core,
			u32 emulation_type);
/* Every pass: outcome, mnemonic, time, and the tracepoint. */
void kemu_stats_account(const struct kemu_pass *pass);
int kemu_stats_init(void);
/* /sys/kernel/debug/kemu, or NULL without debugfs. */
struct dentry *kemu_debugfs_dir(void);
void kemu_stats_exit(void);

#endif /* KEMU_STATS_H */
