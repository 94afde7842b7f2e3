// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: the takeover.  A livepatch on kvm.ko replaces KVM's nine emulator
 * entry points with the bridge's (kemu_bridge.c), so a stock kernel's KVM
 * emulates with kemu.  Loading kemu before or after kvm.ko both work: the
 * livepatch core patches kvm.ko whenever it is (or becomes) loaded.
 * Writing 0 to /sys/kernel/livepatch/kemu/enabled gives KVM its own
 * emulator back; then rmmod kemu.
 *
 * The counters are read-only module parameters (/sys/module/kemu/
 * parameters/): decoded counts what KVM counts as insn_emulation.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "kemu_bridge.h"
#include "kemu_takeover.h"

static bool takeover = true;
module_param(takeover, bool, 0444);
MODULE_PARM_DESC(takeover, "Take over KVM's emulator (livepatch kvm.ko); 0: only run the self-test");

static int counter_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%lld\n", (long long)atomic64_read(kp->arg));
}

static const struct kernel_param_ops counter_ops = {
	.get = counter_get,
};

#define KEMU_COUNTER(name, what)                                              \
	module_param_cb(name, &counter_ops, &kemu_counters.name, 0444);       \
	MODULE_PARM_DESC(name, what)

KEMU_COUNTER(decoded, "Instructions KVM had kemu decode (KVM's insn_emulation)");
KEMU_COUNTER(executed, "Emulations run by kemu (re-entries after I/O included)");
KEMU_COUNTER(failed, "Emulations kemu could not handle (emulation failure)");
KEMU_COUNTER(faults, "Emulations that left an exception for KVM to inject");
KEMU_COUNTER(foreign, "Completions of instructions stock KVM decoded before the takeover");
KEMU_COUNTER(task_switches, "Task switches emulated by kemu");
KEMU_COUNTER(real_mode_interrupts, "Real-mode interrupts injected by kemu");

#define KEMU_REPLACE(kvm_name) { .old_name = #kvm_name, .new_func = kemu_##kvm_name }

static struct klp_func kvm_funcs[] = {
	KEMU_REPLACE(x86_decode_insn),
	KEMU_REPLACE(x86_emulate_insn),
	KEMU_REPLACE(init_decode_cache),
	KEMU_REPLACE(x86_page_table_writing_insn),
	KEMU_REPLACE(emulator_task_switch),
	KEMU_REPLACE(emulate_int_real),
	KEMU_REPLACE(emulator_invalidate_register_cache),
	KEMU_REPLACE(emulator_writeback_register_cache),
	KEMU_REPLACE(emulator_can_use_gpa),
	{ }
};

static struct klp_object kemu_objs[] = {
	{ .name = "kvm", .funcs = kvm_funcs },
	{ }
};

static struct klp_patch kemu_patch = {
	.mod = THIS_MODULE,
	.objs = kemu_objs,
};

int kemu_takeover_init(void)
{
	int ret;

	if (!takeover) {
		pr_info("takeover=0: KVM keeps its own emulator\n");
		return 0;
	}
	ret = klp_enable_patch(&kemu_patch);
	if (ret) {
		pr_err("could not livepatch kvm.ko's emulator (error %d)\n", ret);
		return ret;
	}
	pr_info("livepatch enabled: KVM emulates with kemu (%zu entry points)\n",
		ARRAY_SIZE(kvm_funcs) - 1);
	return 0;
}

MODULE_INFO(livepatch, "Y");
