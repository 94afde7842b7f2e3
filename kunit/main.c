// SPDX-License-Identifier: GPL-2.0
/*
 * kemu_kunit.ko: KUnit suites for kemu.ko, run when the module loads (the
 * test kernel has CONFIG_KUNIT=y).  Suites: kemu_selftest (selftest_test.c),
 * kemu_kvm_abi (abi_test.c), kemu_bridge and kemu_route (bridge_test.c).  It
 * needs kemu.ko loaded first: it calls the functions kmod/kemu_exports.c
 * exports in the KEMU namespace.
 */
#include <linux/module.h>

MODULE_IMPORT_NS(KEMU);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suites for kemu.ko: the core's vectors, the KVM ABI, the bridge");
