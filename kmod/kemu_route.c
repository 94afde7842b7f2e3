// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: per-call routing between kemu and stock KVM's emulator.
 *
 * kemu_takeover.c's ftrace handler asks kemu_route_decide() on every call
 * of a routed kvm.ko function and, for kemu, resumes the call in
 * kemu_route_target()'s function instead; before a call that starts an
 * instruction it gives back what kemu held (kemu_route_starting()).  Module
 * exit must wait for every call that ftrace already sent here
 * (kemu_route_sync()).  A call that can sleep without holding a reference
 * on kemu.ko (task switch, real-mode interrupt, and the rare decode and
 * execution below) runs inside an SRCU read section.  The queries and the
 * register-cache entries never sleep: unhooking kemu's ftrace_ops (module
 * data, so FTRACE_OPS_FL_DYNAMIC) waits for RCU Tasks, i.e. until every task
 * preempted inside one of them has left it, so they take no section of their
 * own.
 */
#include <linux/kernel.h>
#include <linux/srcu.h>

#include "kemu_bridge_state.h"
#include "kemu_route.h"
#include "kemu_shadow.h"

bool kemu_route_to_kemu(enum kemu_entry entry, const struct x86_emulate_ctxt *ctxt,
			bool enabled)
{
	return kemu_route_decide(entry, ctxt, enabled);
}

void kemu_route_start(enum kemu_entry entry, struct x86_emulate_ctxt *ctxt)
{
	kemu_route_starting(entry, ctxt);
}

DEFINE_STATIC_SRCU(kemu_route_srcu);

/*
 * A decode and the self-contained entries run after KVM's
 * init_emulate_ctxt(), whose init_decode_cache() is stock's: kemu's reset
 * follows, so kemu starts from its own clean state.
 */
static int route_x86_decode_insn(struct x86_emulate_ctxt *ctxt, void *insn, int insn_len,
				 int emulation_type)
{
	int idx, ret;

	kemu_init_decode_cache(ctxt);
	/*
	 * The reference a decoded instruction keeps, taken first, covers the
	 * decode (which gives it back if it fails): only a decode while kemu.ko
	 * is going, or a shadow decode (stock's decoder runs after kemu's), takes
	 * the section.
	 */
	if (!static_branch_unlikely(&kemu_shadow_key) && likely(kemu_bridge_hold(ctxt)))
		return kemu_x86_decode_insn(ctxt, insn, insn_len, emulation_type);
	idx = srcu_read_lock(&kemu_route_srcu);
	if (static_branch_unlikely(&kemu_shadow_key))
		ret = kemu_shadow_decode(ctxt, insn, insn_len, emulation_type);
	else
		ret = kemu_x86_decode_insn(ctxt, insn, insn_len, emulation_type);
	srcu_read_unlock(&kemu_route_srcu, idx);
	return ret;
}

static int route_emulator_task_switch(struct x86_emulate_ctxt *ctxt, u16 tss_selector,
				      int idt_index, int reason, bool has_error_code,
				      u32 error_code)
{
	int idx = srcu_read_lock(&kemu_route_srcu);
	int ret;

	kemu_init_decode_cache(ctxt);
	ret = kemu_emulator_task_switch(ctxt, tss_selector, idt_index, reason, has_error_code,
					error_code);
	srcu_read_unlock(&kemu_route_srcu, idx);
	return ret;
}

static int route_emulate_int_real(struct x86_emulate_ctxt *ctxt, int irq)
{
	int idx = srcu_read_lock(&kemu_route_srcu);
	int ret;

	kemu_init_decode_cache(ctxt);
	ret = kemu_emulate_int_real(ctxt, irq);
	srcu_read_unlock(&kemu_route_srcu, idx);
	return ret;
}

/*
 * An instruction kemu decoded holds a reference on kemu.ko (kemu_bridge.h)
 * through everything of its execution that can sleep: module exit cannot
 * begin before it gives the reference back, and what follows never sleeps.
 * Only an instruction without one (its reference already given back) needs
 * the section.
 */
static int route_x86_emulate_insn(struct x86_emulate_ctxt *ctxt, bool check_intercepts)
{
	int idx, ret;

	if (likely(kemu_holds(ctxt)))
		return kemu_x86_emulate_insn(ctxt, check_intercepts);
	idx = srcu_read_lock(&kemu_route_srcu);
	ret = kemu_x86_emulate_insn(ctxt, check_intercepts);
	srcu_read_unlock(&kemu_route_srcu, idx);
	return ret;
}

/* Never sleep: covered by RCU Tasks (above). */
#define route_x86_page_table_writing_insn kemu_x86_page_table_writing_insn
#define route_emulator_invalidate_register_cache kemu_emulator_invalidate_register_cache
#define route_emulator_writeback_register_cache kemu_emulator_writeback_register_cache

/* The ftrace handler resumes KVM's call here: KVM's prototypes exactly. */
static_assert(__same_type(&route_x86_decode_insn, &x86_decode_insn));
static_assert(__same_type(&route_x86_emulate_insn, &x86_emulate_insn));
static_assert(__same_type(&route_x86_page_table_writing_insn, &x86_page_table_writing_insn));
static_assert(__same_type(&route_emulator_task_switch, &emulator_task_switch));
static_assert(__same_type(&route_emulate_int_real, &emulate_int_real));
static_assert(__same_type(&route_emulator_invalidate_register_cache,
			  &emulator_invalidate_register_cache));
static_assert(__same_type(&route_emulator_writeback_register_cache,
			  &emulator_writeback_register_cache));

static void *const targets[KEMU_NR_ENTRIES] = {
	[KEMU_ENTRY_DECODE] = route_x86_decode_insn,
	[KEMU_ENTRY_EMULATE] = route_x86_emulate_insn,
	[KEMU_ENTRY_PAGE_TABLE_WRITING] = route_x86_page_table_writing_insn,
	[KEMU_ENTRY_TASK_SWITCH] = route_emulator_task_switch,
	[KEMU_ENTRY_INT_REAL] = route_emulate_int_real,
	[KEMU_ENTRY_INVALIDATE_REGS] = route_emulator_invalidate_register_cache,
	[KEMU_ENTRY_WRITEBACK_REGS] = route_emulator_writeback_register_cache,
};

void *kemu_route_target(enum kemu_entry entry)
{
	return entry < KEMU_NR_ENTRIES ? targets[entry] : NULL;
}

void kemu_route_sync(void)
{
	synchronize_srcu(&kemu_route_srcu);
	/*
	 * A call may still be between its srcu_read_unlock() and its return,
	 * or in an entry without a section, preempted: a task switch out of
	 * it on its own is what RCU Tasks waits for (unregistering the hooks
	 * waited for it too).
	 */
	if (IS_ENABLED(CONFIG_TASKS_RCU))
		synchronize_rcu_tasks();
}
