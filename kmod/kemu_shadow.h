/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kemu: shadow decode (kemu_shadow.c).  With /sys/module/kemu/parameters/
 * verify set, every instruction kemu decodes is decoded again by stock KVM's
 * x86_decode_insn() on a scratch copy of the context, and the two decodes
 * are compared.  Off, it costs a static branch.
 */
#ifndef KEMU_SHADOW_H
#define KEMU_SHADOW_H

#include <linux/jump_label.h>

struct dentry;
struct x86_emulate_ctxt;

DECLARE_STATIC_KEY_FALSE(kemu_shadow_key);

/* kemu's decode of ctxt, compared with stock KVM's (verify mode). */
int kemu_shadow_decode(struct x86_emulate_ctxt *ctxt, void *insn, int insn_len,
		       int emulation_type);

/*
 * Calls of this function resume in stock KVM's x86_decode_insn() past its
 * ftrace call, through an ftrace hook (kemu_takeover.c): kemu reaches KVM's
 * decoder without an indirect call (IBT seals its entry) and without
 * meeting its own hook on it.  Without the hook it returns
 * KEMU_SHADOW_NO_STOCK.
 */
#define KEMU_SHADOW_NO_STOCK (-100)
int kemu_shadow_stock_gate(struct x86_emulate_ctxt *ctxt, void *insn, int insn_len,
			   int emulation_type);

void kemu_shadow_init(struct dentry *dir);
void kemu_shadow_exit(void);

#endif /* KEMU_SHADOW_H */
