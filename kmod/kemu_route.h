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

/* kvm.ko's functions that kemu routes, by their names in kvm.ko. */
enum kemu_entry {
	KEMU_ENTRY_DECODE,		/* x86_decode_insn */
	KEMU_ENTRY_EMULATE,		/* x86_emulate_insn */
	KEMU_ENTRY_INIT_DECODE_CACHE,	/* init_decode_cache */
	KEMU_ENTRY_PAGE_TABLE_WRITING,	/* x86_page_table_writing_insn */
	KEMU_ENTRY_TASK_SWITCH,		/* emulator_task_switch */
	KEMU_ENTRY_INT_REAL,		/* emulate_int_real */
	KEMU_ENTRY_INVALIDATE_REGS,	/* emulator_invalidate_register_cache */
	KEMU_ENTRY_WRITEBACK_REGS,	/* emulator_writeback_register_cache */
	KEMU_ENTRY_CAN_USE_GPA,		/* emulator_can_use_gpa */
	KEMU_NR_ENTRIES
};

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
	case KEMU_ENTRY_INIT_DECODE_CACHE:
		/* kemu's also releases an instruction kemu decoded */
		return enabled || kemu_decoded(ctxt);
	case KEMU_ENTRY_EMULATE:
	case KEMU_ENTRY_PAGE_TABLE_WRITING:
	case KEMU_ENTRY_INVALIDATE_REGS:
	case KEMU_ENTRY_WRITEBACK_REGS:
	case KEMU_ENTRY_CAN_USE_GPA:
		return kemu_decoded(ctxt);
	default:
		return false;
	}
}

/* kemu_route_decide(), out of line (for the KUnit suite). */
bool kemu_route_to_kemu(enum kemu_entry entry, const struct x86_emulate_ctxt *ctxt,
			bool enabled);

/* kemu's function for an entry: the bridge's, kept loaded while it runs. */
void *kemu_route_target(enum kemu_entry entry);

/* Wait until no call is inside a routed function (module exit). */
void kemu_route_sync(void);

#endif /* KEMU_ROUTE_H */
