// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: the kernel-side runtime of the C++ core.
 *
 * The core is freestanding C++ without a C++ runtime: no heap, exceptions,
 * RTTI, static constructors or libgcc helpers (scripts/check-cxx-obj.sh
 * enforces it on every C++ object).  The only functions its objects may
 * reference are the ones g++ emits calls to on its own:
 *
 *   memcpy, memset, memmove, memcmp  - structure copies and clears; the
 *                                      kernel exports all four
 *   __fentry__, __x86_return_thunk,
 *   __x86_indirect_thunk_*,
 *   __stack_chk_fail                 - the kernel's own code generation
 *
 * So nothing needs defining here.  What this file does is check, at build
 * time, that the freestanding types of the C ABI (emulator/include/kemu/
 * kemu.h) are the kernel's types, so the bridge can pass kernel data to the
 * core without conversion.  Anything the core ever needs from the kernel
 * goes here, behind a plain C function declared in kemu.h.
 */

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

#include <kemu/kemu.h>

static_assert(__same_type(kemu_u8, u8));
static_assert(__same_type(kemu_u16, u16));
static_assert(__same_type(kemu_u32, u32));
/* __UINT64_TYPE__ is unsigned long on x86_64, u64 is unsigned long long. */
static_assert(sizeof(kemu_u64) == sizeof(u64));

/* Status codes are returned to KVM unchanged: they must fit its int. */
static_assert(sizeof(enum kemu_status) == sizeof(int));

/* The layout the C side sees matches the comments in kemu.h. */
static_assert(sizeof(struct kemu_exception) == 16);
static_assert(offsetof(struct kemu_exception, address) == 8);
static_assert(offsetof(struct kemu_ctxt, gprs) % 8 == 0);
