// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: KVM's x86 instruction emulator in freestanding C++, as a module.
 *
 * Module entry.  Init runs the core's built-in self-test vectors in kernel
 * context (the kernel's code generation, stack and calling conventions) and
 * reports them; the test harness reads the counts from
 * /sys/module/kemu/parameters/selftest_{passed,failed}.  Vectors that fail
 * do not stop the load: judging them is the harness's job.  Then it takes
 * over KVM's emulator (kemu_takeover.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include <kemu/kemu.h>
#include <kemu/version.h>

#include "kemu_record.h"
#include "kemu_shadow.h"
#include "kemu_stats.h"
#include "kemu_takeover.h"
#include "kemu_vcpu_cache.h"

static unsigned int selftest_passed;
module_param(selftest_passed, uint, 0444);
MODULE_PARM_DESC(selftest_passed, "Self-test vectors that passed at load time (read-only)");

static unsigned int selftest_failed;
module_param(selftest_failed, uint, 0444);
MODULE_PARM_DESC(selftest_failed, "Self-test vectors that failed at load time (read-only)");

static void __init kemu_selftest(void)
{
	unsigned int count = kemu_selftest_count();
	unsigned int i;
	char why[128];

	for (i = 0; i < count; i++) {
		const char *name = kemu_selftest_name(i);

		if (!name)
			name = "?";
		why[0] = '\0';
		if (kemu_selftest_run(i, why, sizeof(why))) {
			selftest_passed++;
			pr_info("selftest %s: ok\n", name);
		} else {
			selftest_failed++;
			why[sizeof(why) - 1] = '\0';
			pr_info("selftest %s: FAIL: %s\n", name,
				why[0] ? why : "(no reason given)");
		}
	}
	pr_info("selftest: %u passed, %u failed\n", selftest_passed, selftest_failed);
}

static int __init kemu_init(void)
{
	int ret;

	kemu_selftest();
	ret = kemu_stats_init();
	if (ret)
		return ret;
	kemu_record_init(kemu_debugfs_dir());
	kemu_shadow_init(kemu_debugfs_dir());
	ret = kemu_takeover_init();
	if (ret) {
		kemu_shadow_exit();
		kemu_stats_exit();
		kemu_record_exit();
	}
	return ret;
}

static void __exit kemu_exit(void)
{
	kemu_takeover_exit();
	kemu_vcpu_cache_exit();	/* no routed call is left to use one */
	kemu_shadow_exit();
	kemu_stats_exit();
	kemu_record_exit();
}

module_init(kemu_init);
module_exit(kemu_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kemu: KVM's x86 instruction emulator in freestanding C++");
MODULE_VERSION(KEMU_VERSION);
