/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kemu: the bridge between KVM's emulator contract (struct x86_emulate_ctxt,
 * struct x86_emulate_ops, kvm_emulate.h of the kernel built for) and the C++
 * core (kemu.h).  kemu_bridge.c implements KVM's emulator entry points
 * on top of the core; kemu_route.c routes kvm.ko's calls to them.
 */
#ifndef KEMU_BRIDGE_H
#define KEMU_BRIDGE_H

#include <linux/atomic.h>
#include <linux/percpu.h>
#include <linux/types.h>

struct x86_emulate_ctxt;
struct kemu_ctxt;
struct kemu_ops;
struct kemu_record;

/* KVM's entry points, with KVM's prototypes (checked in kemu_bridge_state.h). */
int kemu_x86_decode_insn(struct x86_emulate_ctxt *ctxt, void *insn, int insn_len,
			 int emulation_type);
int kemu_x86_emulate_insn(struct x86_emulate_ctxt *ctxt, bool check_intercepts);
void kemu_init_decode_cache(struct x86_emulate_ctxt *ctxt);
bool kemu_x86_page_table_writing_insn(struct x86_emulate_ctxt *ctxt);
int kemu_emulator_task_switch(struct x86_emulate_ctxt *ctxt, u16 tss_selector,
			      int idt_index, int reason, bool has_error_code,
			      u32 error_code);
int kemu_emulate_int_real(struct x86_emulate_ctxt *ctxt, int irq);
void kemu_emulator_invalidate_register_cache(struct x86_emulate_ctxt *ctxt);
void kemu_emulator_writeback_register_cache(struct x86_emulate_ctxt *ctxt);
bool kemu_emulator_can_use_gpa(struct x86_emulate_ctxt *ctxt);

/*
 * An instruction kemu decoded holds a reference on kemu.ko until it is
 * finished, the context decodes again, or the vCPU goes: kemu.ko cannot be
 * removed while stock KVM would be left to finish it.
 */
void kemu_bridge_release(struct x86_emulate_ctxt *ctxt);
/* The vCPU goes: release its instruction and free its decode cache. */
void kemu_bridge_vcpu_gone(struct x86_emulate_ctxt *ctxt);
/*
 * Takes that reference for the context's next decode (false while kemu.ko
 * is going); a decode that fails gives it back.
 */
bool kemu_bridge_hold(struct x86_emulate_ctxt *ctxt);
/* Ends a record a failed decode left open (hold_record, kemu_bridge_state.h). */
void kemu_bridge_record_close(struct x86_emulate_ctxt *ctxt);

/* The bridge's callbacks into KVM, and what the recording layer reads. */
extern const struct kemu_ops kemu_kvm_ops;
struct kemu_record *kemu_bridge_record(void *opaque);
const struct kemu_ctxt *kemu_bridge_core(void *opaque);

/*
 * What every emulation moves, since load (read by kemu_takeover.c): one copy
 * per CPU, plain increments, summed when read.
 */
struct kemu_pass_counters {
	u64 decoded;	/* x86_decode_insn calls: KVM's insn_emulation */
	u64 executed;	/* x86_emulate_insn calls */
	u64 failed;	/* ... that returned EMULATION_FAILED */
	u64 faults;	/* ... that left an exception to inject */
};
DECLARE_PER_CPU(struct kemu_pass_counters, kemu_pass_counters);

/* The rare events, since load (read by kemu_takeover.c and the statistics). */
struct kemu_counters {
	atomic64_t foreign;	/* re-entries into an instruction kemu did not decode */
	atomic64_t task_switches;
	atomic64_t real_mode_interrupts;
	atomic64_t in_flight;	/* decoded instructions holding a module reference */
};
extern struct kemu_counters kemu_counters;

/*
 * The kvm.ko parameters that change what the emulator does: where the
 * kvm.ko kemu took over keeps them (kemu_takeover.c finds them in its parameter
 * table when it patches it, before kvm.ko's own load has parsed them, so
 * they are read where they live), NULL while no kvm.ko is taken over.
 */
struct kemu_kvm_params {
	const bool *enable_vmware_backdoor;
};
extern struct kemu_kvm_params kemu_kvm_params;
/* kvm.ko's enable_vmware_backdoor: 1 or 0, -1 while no kvm.ko is taken over. */
int kemu_kvm_vmware_backdoor(void);

#endif /* KEMU_BRIDGE_H */
