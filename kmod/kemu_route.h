/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kemu: which emulator a call of one of kvm.ko's emulator entry points goes
 * to (kemu_route.c).  A decode and the self-contained entries go to the one
 * that is enabled now; everything that continues an instruction goes to the
 * one that decoded it, so an instruction in flight across a switch
 * completes as if there had been no switch.
 */
#ifndef KEMU_ROUTE_H
#define KEMU_ROUTE_H

#include <linux/types.h>

#include "kemu_bridge_state.h"

/*
 * kvm.ko's functions that kemu routes, by their names in kvm.ko.  Not
 * init_decode_cache(): stock's runs before every decode, task switch and
 * real-mode interrupt, and clears only what kemu's reset clears again
 * (kemu_route_starting() gives back what kemu held); nor
 * emulator_can_use_gpa(): stock's answers from the d kemu publishes at
 * decode (kemu_bridge.c).
 */
enum kemu_entry {
	KEMU_ENTRY_DECODE,		/* x86_decode_insn */
	KEMU_ENTRY_EMULATE,		/* x86_emulate_insn */
	KEMU_ENTRY_PAGE_TABLE_WRITING,	/* x86_page_table_writing_insn */
	KEMU_ENTRY_TASK_SWITCH,		/* emulator_task_switch */
	KEMU_ENTRY_INT_REAL,		/* emulate_int_real */
	KEMU_ENTRY_INVALIDATE_REGS,	/* emulator_invalidate_register_cache */
	KEMU_ENTRY_WRITEBACK_REGS,	/* emulator_writeback_register_cache */
	KEMU_NR_ENTRIES
};

static __always_inline bool kemu_entry_starts(enum kemu_entry entry)
{
	return entry == KEMU_ENTRY_DECODE || entry == KEMU_ENTRY_TASK_SWITCH ||
	       entry == KEMU_ENTRY_INT_REAL;
}

/*
 * Whether this call goes to kemu (true) or to stock KVM's emulator; inline
 * in the ftrace handler, which runs on every call of a routed function.
 */
static __always_inline bool kemu_route_decide(enum kemu_entry entry,
					      const struct x86_emulate_ctxt *ctxt,
					      bool enabled)
{
	switch (entry) {
	case KEMU_ENTRY_DECODE:
	case KEMU_ENTRY_TASK_SWITCH:
	case KEMU_ENTRY_INT_REAL:
		return enabled;
	case KEMU_ENTRY_EMULATE:
	case KEMU_ENTRY_PAGE_TABLE_WRITING:
	case KEMU_ENTRY_INVALIDATE_REGS:
	case KEMU_ENTRY_WRITEBACK_REGS:
		return kemu_decoded(ctxt);
	default:
		return false;
	}
}

/*
 * Before a call that starts an instruction, whichever emulator it goes to:
 * the context's previous instruction, if kemu decoded it and it still holds
 * kemu.ko (abandoned while it waited for userspace, or never executed), is
 * given up now.  Stock's init_emulate_ctxt() has already cleared the
 * kemu_decoded() mark; kemu_holds() outlives it.  In the ftrace handler:
 * never sleeps.
 */
static __always_inline void kemu_route_starting(enum kemu_entry entry,
						struct x86_emulate_ctxt *ctxt)
{
	if (kemu_entry_starts(entry) && unlikely(kemu_holds(ctxt)))
		kemu_bridge_release(ctxt);
}

/* kemu_route_decide() and kemu_route_starting(), out of line (for the KUnit suite). */
bool kemu_route_to_kemu(enum kemu_entry entry, const struct x86_emulate_ctxt *ctxt,
			bool enabled);
void kemu_route_start(enum kemu_entry entry, struct x86_emulate_ctxt *ctxt);

/* kemu's function for an entry: the bridge's, kept loaded while it runs. */
void *kemu_route_target(enum kemu_entry entry);

/* Wait until no call is inside a routed function (module exit). */
void kemu_route_sync(void);

#endif /* KEMU_ROUTE_H */
