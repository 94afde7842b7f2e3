// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: symbols for the KUnit module (kunit/, kemu_kunit.ko).
 *
 * Only a kernel that can run KUnit gets them (the KUnit test kernel of
 * scripts/kunit-kernel.sh; Debian's kernels have CONFIG_KUNIT off), and only
 * in the KEMU namespace: the test module imports it, nothing else should.
 * The functions are the core's C ABI (emulator/include/kemu/kemu.h), defined
 * in the C++ objects of this module, and the bridge's entry points
 * (kemu_bridge.h), the routing's decisions (kemu_route.h), the vCPUs' decode
 * caches (kemu_vcpu_cache.h) and the records (kemu_record.h).
 */
#include <linux/export.h>
#include <linux/kconfig.h>

#include <kemu/kemu.h>

#include "kemu_bridge.h"
#include "kemu_record.h"
#include "kemu_route.h"
#include "kemu_vcpu_cache.h"

#if IS_ENABLED(CONFIG_KUNIT)
EXPORT_SYMBOL_NS_GPL(kemu_selftest_count, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_selftest_name, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_selftest_run, KEMU);
/* the bridge, which the kemu_bridge suite drives with a fake KVM */
EXPORT_SYMBOL_NS_GPL(kemu_x86_decode_insn, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_x86_emulate_insn, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_init_decode_cache, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_x86_page_table_writing_insn, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_emulator_invalidate_register_cache, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_emulator_writeback_register_cache, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_emulator_can_use_gpa, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_kvm_params, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_bridge_release, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_bridge_hold, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_counters, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_bridge_vcpu_gone, KEMU);
/* each vCPU's decode cache (kemu_vcpu_cache.c), and records (kemu_record.c) */
EXPORT_SYMBOL_NS_GPL(kemu_vcpu_cache, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_vcpu_cache_find, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_vcpu_caches, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_decode_cache_enabled, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_record_next, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_record_newest, KEMU);
/* the routing decisions (kemu_route.c) */
EXPORT_SYMBOL_NS_GPL(kemu_route_to_kemu, KEMU);
EXPORT_SYMBOL_NS_GPL(kemu_route_start, KEMU);
#endif
