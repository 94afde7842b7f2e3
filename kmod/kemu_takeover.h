/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KEMU_TAKEOVER_H
#define KEMU_TAKEOVER_H

#include <linux/moduleparam.h>

/* A read-only module parameter showing the atomic64_t var. */
extern const struct kernel_param_ops kemu_counter_ops;
#define KEMU_COUNTER_OF(name, var, what)                                     \
	module_param_cb(name, &kemu_counter_ops, &(var), 0444);               \
	MODULE_PARM_DESC(name, what)

/* Route kvm.ko's emulator calls (unless takeover=0); from module init. */
int kemu_takeover_init(void);
/* Give kvm.ko its emulator back and wait for calls inside kemu; module exit. */
void kemu_takeover_exit(void);

#endif /* KEMU_TAKEOVER_H */
