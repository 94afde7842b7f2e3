/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kemu: each vCPU's decoded-instruction cache (kemu.h, struct
 * kemu_decode_cache), in memory kemu owns (kemu_vcpu_cache.c).
 */
#ifndef KEMU_VCPU_CACHE_H
#define KEMU_VCPU_CACHE_H

#include <linux/types.h>

struct x86_emulate_ctxt;
struct kemu_decode_cache;

/*
 * The cache of the vCPU whose emulator context this is, allocated at its
 * first call; NULL while the decode_cache parameter is 0 or if there is no
 * memory for it (the decode then runs without).  Only from that vCPU's own
 * emulation, which may sleep.
 */
struct kemu_decode_cache *kemu_vcpu_cache(struct x86_emulate_ctxt *ctxt);
/* The cache the context has now, or NULL; allocates nothing. */
struct kemu_decode_cache *kemu_vcpu_cache_find(const struct x86_emulate_ctxt *ctxt);
/* The vCPU goes (kvm_arch_vcpu_destroy): free its cache.  Never sleeps. */
void kemu_vcpu_cache_free(const struct x86_emulate_ctxt *ctxt);
/* Module exit, once no routed call runs: free every cache. */
void kemu_vcpu_cache_exit(void);
/* Caches allocated now. */
long kemu_vcpu_caches(void);

/* The decode_cache parameter (1: decodes use the vCPU's cache). */
extern bool kemu_decode_cache_enabled;

#endif /* KEMU_VCPU_CACHE_H */
