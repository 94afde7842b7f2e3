// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: each vCPU's decoded-instruction cache (kemu.h, struct
 * kemu_decode_cache: a decode of the same bytes in the same mode is reused),
 * in memory kemu owns.
 *
 * Not in KVM's struct x86_emulate_ctxt: the bridge's state fills the part of
 * it kemu may use (kemu_bridge_state.h), and stock KVM's emulator writes
 * guest data there whenever it runs, so not even a pointer could be kept
 * there.  A table keyed by the context's address finds the cache instead:
 * one hash (a multiplication), one bucket, one compare in the common case,
 * with preemption off (an RCU reader since the flavours were merged).  The
 * bucket array is small (64, 512 bytes) so that it shares a page with other
 * data every emulation reads (under QEMU's TCG every exit flushes the TLB,
 * and a page of its own showed in the profile: docs/performance.md).
 *
 * Lifetime.  A cache is allocated at its vCPU's first decode by kemu and
 * used only by that vCPU's decodes, which may sleep and migrate: it is per
 * vCPU, never per CPU.  It is freed when the vCPU goes
 * (kvm_arch_vcpu_destroy(), which cannot run during that vCPU's emulation;
 * kemu_takeover.c's hook) or at module exit (after every routed call has
 * left, kemu_route_sync()).  So its own vCPU may use it after the lookup's
 * RCU section; other vCPUs' lookups may walk past it in a bucket, hence
 * hash_del_rcu() and kfree_rcu() (which waits for sched-RCU readers too).
 * Switching kemu off and on leaves the caches alone: stock KVM never sees
 * them, and an entry kept before the switch is as good as any.
 *
 * Nothing is invalidated: kemu_decode fetches the instruction as without the
 * cache and takes an entry only when the fetched bytes and the mode equal
 * the entry's (docs/performance.md, the decoder's audit), so code the guest
 * rewrites, or another mode, is decoded afresh.
 */
#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>

#include <kemu/kemu.h>

#include "kemu_vcpu_cache.h"

bool kemu_decode_cache_enabled = true;
module_param_named(decode_cache, kemu_decode_cache_enabled, bool, 0644);
MODULE_PARM_DESC(decode_cache,
		 "1: each vCPU reuses its decodes of the same bytes in the same mode; 0: every decode decodes (the caches stay until their vCPU goes)");

struct kemu_vcpu_cache {
	struct hlist_node node;
	const struct x86_emulate_ctxt *ctxt;	/* the key */
	struct rcu_head rcu;
	struct kemu_decode_cache cache;
};

static_assert(sizeof(struct kemu_vcpu_cache) <= 2048, "one kmalloc-2k object");

static DEFINE_HASHTABLE(caches, 6);	/* a chain per vCPU up to about 64 */
static DEFINE_SPINLOCK(caches_lock);	/* writers; readers use RCU */
static atomic_long_t live;
/* hits and misses of the caches already freed */
static atomic64_t retired_hits, retired_misses;

static __always_inline struct kemu_vcpu_cache *find(const struct x86_emulate_ctxt *ctxt)
{
	struct kemu_vcpu_cache *c;

	hash_for_each_possible_rcu(caches, c, node, (unsigned long)ctxt)
		if (c->ctxt == ctxt)
			return c;
	return NULL;
}

static __always_inline struct kemu_decode_cache *lookup(const struct x86_emulate_ctxt *ctxt)
{
	struct kemu_vcpu_cache *c;

	/* a sched-RCU reader (preemption off): no call, unlike rcu_read_lock() */
	rcu_read_lock_sched();
	c = find(ctxt);
	rcu_read_unlock_sched();
	return c ? &c->cache : NULL;
}

struct kemu_decode_cache *kemu_vcpu_cache_find(const struct x86_emulate_ctxt *ctxt)
{
	return lookup(ctxt);
}

static noinline struct kemu_decode_cache *add_vcpu_cache(struct x86_emulate_ctxt *ctxt)
{
	/* charged to the VM's owner, as KVM charges its emulator context */
	struct kemu_vcpu_cache *c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT | __GFP_NOWARN);

	if (!c)
		return NULL;	/* this decode runs without; the next one asks again */
	c->ctxt = ctxt;
	spin_lock(&caches_lock);
	hash_add_rcu(caches, &c->node, (unsigned long)ctxt);
	spin_unlock(&caches_lock);
	atomic_long_inc(&live);
	return &c->cache;
}

struct kemu_decode_cache *kemu_vcpu_cache(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_decode_cache *cache;

	if (!READ_ONCE(kemu_decode_cache_enabled))
		return NULL;
	cache = lookup(ctxt);
	return likely(cache) ? cache : add_vcpu_cache(ctxt);
}

/* Under caches_lock. */
static void unlink_cache(struct kemu_vcpu_cache *c)
{
	atomic64_add(READ_ONCE(c->cache.hits), &retired_hits);
	atomic64_add(READ_ONCE(c->cache.misses), &retired_misses);
	hash_del_rcu(&c->node);
	atomic_long_dec(&live);
	kfree_rcu(c, rcu);
}

void kemu_vcpu_cache_free(const struct x86_emulate_ctxt *ctxt)
{
	struct kemu_vcpu_cache *c;

	spin_lock(&caches_lock);
	rcu_read_lock();
	c = find(ctxt);
	if (c)
		unlink_cache(c);
	rcu_read_unlock();
	spin_unlock(&caches_lock);
}

void kemu_vcpu_cache_exit(void)
{
	struct kemu_vcpu_cache *c;
	struct hlist_node *tmp;
	unsigned int bkt;

	spin_lock(&caches_lock);
	hash_for_each_safe(caches, bkt, tmp, c, node)
		unlink_cache(c);
	spin_unlock(&caches_lock);
}

long kemu_vcpu_caches(void)
{
	return atomic_long_read(&live);
}

/* --- the counters (/sys/module/kemu/parameters/decode_cache_*) ------------ */

/* kp->arg: 0 hits, 1 misses; the freed caches' and the live ones' */
static int cache_counter_get(char *buffer, const struct kernel_param *kp)
{
	bool misses = kp->arg;
	u64 sum = atomic64_read(misses ? &retired_misses : &retired_hits);
	struct kemu_vcpu_cache *c;
	unsigned int bkt;

	rcu_read_lock();
	hash_for_each_rcu(caches, bkt, c, node)
		sum += misses ? READ_ONCE(c->cache.misses) : READ_ONCE(c->cache.hits);
	rcu_read_unlock();
	return sysfs_emit(buffer, "%llu\n", (unsigned long long)sum);
}

static const struct kernel_param_ops cache_counter_ops = {
	.get = cache_counter_get,
};

module_param_cb(decode_cache_hits, &cache_counter_ops, NULL, 0444);
MODULE_PARM_DESC(decode_cache_hits, "Decodes taken from a vCPU's decoded-instruction cache");
module_param_cb(decode_cache_misses, &cache_counter_ops, (void *)1, 0444);
MODULE_PARM_DESC(decode_cache_misses,
		 "Decodes made with a vCPU's decoded-instruction cache on (not found in it)");

static int caches_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%ld\n", kemu_vcpu_caches());
}

static const struct kernel_param_ops caches_ops = {
	.get = caches_get,
};

module_param_cb(decode_caches, &caches_ops, NULL, 0444);
MODULE_PARM_DESC(decode_caches, "vCPUs with a decoded-instruction cache now (under 2 KiB each)");
