// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: what KVM had kemu emulate, and why.
 *
 * Counters by outcome, by reason (KVM's EMULTYPE_* at decode), by EMULTYPE
 * flag, by mnemonic, per VM and per site, with the time spent in kemu (per-
 * CPU increments, summed when read).  They are read from
 * /sys/kernel/debug/kemu/stats (one "<kind> <name> key=value..." line each;
 * tools/kemu-stat prints them as a table) and reset by writing to it.  The
 * kemu_emulation tracepoint carries each pass with the instruction as text.
 * Nothing of this costs an emulation while nobody observes: the
 * kemu_observed static key turns the accounting (and the bridge's clock
 * reads) on at the first open or reset of the statistics, for good, and
 * while the tracepoint is enabled.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/jump_label.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include <linux/kvm_host.h>

#include <kemu/kemu.h>

#include "kemu_bridge.h"
#include "kemu_bridge_state.h"
#include "kemu_stats.h"

DEFINE_STATIC_KEY_FALSE(kemu_observed);

/* The statistics' reference on kemu_observed, taken once. */
static atomic_t stats_observed = ATOMIC_INIT(0);

static void stats_observe(void)
{
	if (!atomic_xchg(&stats_observed, 1))
		static_branch_inc(&kemu_observed);
}

/* The tracepoint's reference, while a probe is attached (kemu_trace.h). */
int kemu_trace_reg(void)
{
	static_branch_inc(&kemu_observed);
	return 0;
}

void kemu_trace_unreg(void)
{
	static_branch_dec(&kemu_observed);
}

#define CREATE_TRACE_POINTS
#include "kemu_trace.h"

struct kemu_stat {
	u64 count;
	u64 ns;
};

static const char *const outcome_names[KEMU_OUTCOMES] = {
	[KEMU_OUTCOME_OK] = "ok",
	[KEMU_OUTCOME_EXCEPTION] = "exception",
	[KEMU_OUTCOME_IO_EXIT] = "io-exit",
	[KEMU_OUTCOME_RETRY] = "retry",
	[KEMU_OUTCOME_INTERCEPTED] = "intercepted",
	[KEMU_OUTCOME_FAILED] = "failed",
};

/*
 * Why KVM emulated, decided at decode from what KVM itself decided (see
 * reason_of() and tools/README.md): the EMULTYPE_* it decoded with, for a
 * page fault the flag by which kvm_mmu_page_fault() tells MMIO from a
 * write-protected page, and for no flag at all the instruction.
 */
enum kemu_reason {
	REASON_FORCED,		/* EMULTYPE_TRAP_UD_FORCED: KVM's forced-emulation prefix */
	REASON_UD,		/* EMULTYPE_TRAP_UD: the CPU raised #UD */
	REASON_VMWARE_GP,	/* EMULTYPE_VMWARE_GP */
	REASON_SKIP,		/* EMULTYPE_SKIP: decoded only to skip it */
	REASON_PF_MMIO,		/* EMULTYPE_PF on MMIO: no memslot, an emulated device, ROM */
	REASON_PF_WRITE_PROTECTED, /* EMULTYPE_PF on a write-protected (shadowed) page */
	REASON_PF_NESTED,	/* EMULTYPE_PF while the vCPU runs a nested guest */
	REASON_STRING_IO,	/* no flag: INS/OUTS intercepted */
	REASON_OTHER,		/* no flag: CR/DR/INVLPG without decode assists, ... */
	REASONS
};

static const char *const reason_names[REASONS] = {
	[REASON_FORCED] = "forced",
	[REASON_UD] = "#UD",
	[REASON_VMWARE_GP] = "vmware-#GP",
	[REASON_SKIP] = "skip",
	[REASON_PF_MMIO] = "pf-mmio",
	[REASON_PF_WRITE_PROTECTED] = "pf-write-protected",
	[REASON_PF_NESTED] = "pf-nested",
	[REASON_STRING_IO] = "string-io",
	[REASON_OTHER] = "other",
};

/* Re-entries after userspace I/O (EMULTYPE_NO_DECODE): not decodes. */
enum { COMPLETION_MMIO, COMPLETION_PIO, COMPLETIONS };
static const char *const completion_names[COMPLETIONS] = { "mmio-read", "pio-in" };

static const char *const emultype_names[] = {
	"NO_DECODE", "TRAP_UD", "SKIP", "ALLOW_RETRY_PF", "TRAP_UD_FORCED", "VMWARE_GP",
	"PF", "COMPLETE_USER_EXIT", "WRITE_PF_TO_SP", "SKIP_SOFT_INT",
};

struct mnemonic_stat {
	struct kemu_stat all;	/* instructions executed (first passes) */
	u64 decodes;		/* decodes, SKIP's included: KVM's tracepoint events */
	u64 exceptions;
	u64 failed;
};

#define MNEMONIC_SLOTS 256

/*
 * Per VM, by KVM's name for it and the order kemu first saw it
 * ("kvm-<pid>/<n>"): the most recent VM_SLOTS VMs that emulated (the oldest
 * slot goes to the next new VM when all are taken).
 */
#define VM_SLOTS 32
#define VM_NAME 48
struct vm_slot {
	const void *vm;
	unsigned int seq;	/* VMs seen since load: tells same-named VMs apart */
	char name[VM_NAME];
};

struct vm_stat {
	u64 decodes;
	struct kemu_stat outcomes[KEMU_OUTCOMES];
};

/*
 * The counts, one copy per CPU: an emulation adds to its CPU's copy with
 * plain per-CPU increments (no lock prefix, no cache line shared between
 * vCPUs); a read sums the copies.
 */
struct kemu_counts {
	struct kemu_stat outcomes[KEMU_OUTCOMES];
	struct kemu_stat by_reason[REASONS];
	struct kemu_stat completions[COMPLETIONS];
	u64 by_emultype[ARRAY_SIZE(emultype_names)];
	struct mnemonic_stat mnemonics[MNEMONIC_SLOTS];
	u64 mnemonics_dropped;	/* the table was full */
	struct vm_stat vms[VM_SLOTS];
};

static struct kemu_counts __percpu *counts;

/*
 * Per instruction site: decodes by (VM, rIP), with the bytes and mode of the
 * first decode there (shown disassembled), the first RIP_SLOTS sites seen
 * since load or reset.  A site is found without a lock (its count is atomic);
 * a new one takes a slot under rip_lock; a full table counts the decode as
 * dropped.  The counts plus the dropped ones add up to the decodes.
 */
#define RIP_SLOTS 512
#define RIP_PROBES 32
struct rip_slot {
	bool used;		/* published with release: the fields below are set */
	u8 mode;
	u8 len;
	u8 reason;
	u8 bytes[KEMU_MAX_INSN_LEN];
	const void *vm;
	u64 rip;
	atomic64_t count;
};
static struct rip_slot rips[RIP_SLOTS];
static atomic64_t rips_dropped;
static DEFINE_SPINLOCK(rip_lock);
static const char *const mode_names[] = { "real", "vm86", "prot16", "prot32", "prot64" };

/* The sum over CPUs of one count, e.g. SUM(outcomes[i].ns). */
#define SUM(field)							\
	({								\
		u64 __sum = 0;						\
		int __cpu;						\
									\
		for_each_possible_cpu(__cpu)				\
			__sum += READ_ONCE(per_cpu_ptr(counts, __cpu)->field); \
		__sum;							\
	})

/* The names of the slots; a slot's counts are in struct kemu_counts. */
static const char *mnemonic_names[MNEMONIC_SLOTS]; /* the core's: live as long as kemu */
static struct vm_slot vms[VM_SLOTS];
static unsigned int vms_seen;
static DEFINE_SPINLOCK(vm_lock);
static DEFINE_SPINLOCK(mnemonic_lock);
static struct dentry *debugfs_dir;

static bool is_string_io(const struct kemu_ctxt *core)
{
	const char *name = kemu_mnemonic(core);

	return name && (!strncmp(name, "ins", 3) || !strncmp(name, "outs", 4));
}

/*
 * kvm_mmu_page_fault() sets EMULTYPE_ALLOW_RETRY_PF exactly when the fault
 * was not cached as MMIO (!mmio_info_in_cache(): the GPA has a memslot and
 * no emulated device) and the vCPU is not in guest mode; the MMIO-SPTE path
 * (reserved bits) emulates without it.  A write to a read-only memslot (ROM)
 * is not cached either: see rom_write().  In guest mode KVM does not tell
 * the cases apart.
 */
static enum kemu_reason reason_of(const struct kvm_vcpu *vcpu, const struct kemu_ctxt *core,
				  u32 emulation_type)
{
	if (emulation_type & EMULTYPE_TRAP_UD_FORCED)
		return REASON_FORCED;
	if (emulation_type & EMULTYPE_TRAP_UD)
		return REASON_UD;
	if (emulation_type & EMULTYPE_VMWARE_GP)
		return REASON_VMWARE_GP;
	if (emulation_type & EMULTYPE_SKIP)
		return REASON_SKIP;
	if (emulation_type & EMULTYPE_PF) {
		if (emulation_type & EMULTYPE_ALLOW_RETRY_PF)
			return REASON_PF_WRITE_PROTECTED;
		if (vcpu && (vcpu->arch.hflags & HF_GUEST_MASK))
			return REASON_PF_NESTED;
		return REASON_PF_MMIO;
	}
	return is_string_io(core) ? REASON_STRING_IO : REASON_OTHER;
}

/* Open addressing by the name's hash; a slot, once named, keeps its name. */
static int mnemonic_slot(const char *name)
{
	unsigned int h = full_name_hash(NULL, name, strlen(name)) % MNEMONIC_SLOTS;
	unsigned int i;

	for (i = 0; i < MNEMONIC_SLOTS; i++) {
		unsigned int slot = (h + i) % MNEMONIC_SLOTS;
		/* pairs with the release below: a name is complete once seen */
		const char *slot_name = smp_load_acquire(&mnemonic_names[slot]);

		if (!slot_name) {
			spin_lock(&mnemonic_lock);
			slot_name = mnemonic_names[slot];
			if (!slot_name) {
				/* pairs with the acquires of readers without the lock */
				smp_store_release(&mnemonic_names[slot], name);
				slot_name = name;
			}
			spin_unlock(&mnemonic_lock);
		}
		if (!strcmp(slot_name, name))
			return slot;
	}
	return -1;
}

static struct rip_slot *rip_slot(const void *vm, u64 rip, const struct kemu_ctxt *core,
				 enum kemu_reason reason)
{
	unsigned int h = hash_64(rip ^ (unsigned long)vm, 16) % RIP_SLOTS;
	unsigned int i;

	for (i = 0; i < RIP_PROBES; i++) {
		struct rip_slot *r = &rips[(h + i) % RIP_SLOTS];

		/* pairs with the release below */
		if (!smp_load_acquire(&r->used)) {
			spin_lock(&rip_lock);
			if (!r->used) {
				r->vm = vm;
				r->rip = rip;
				r->mode = core->mode;
				r->reason = reason;
				r->len = min_t(unsigned int, core->insn.fetched, KEMU_MAX_INSN_LEN);
				memcpy(r->bytes, core->insn.bytes, r->len);
				atomic64_set(&r->count, 0);
				/* pairs with the acquires: a used slot is complete */
				smp_store_release(&r->used, true);
			}
			spin_unlock(&rip_lock);
		}
		if (r->rip == rip && r->vm == vm)
			return r;
	}
	return NULL;
}

/*
 * A write fault KVM let retry that reached the emulator (it did not unprotect
 * a shadowed page and re-execute) on a GPA whose memslot is read-only: KVM
 * does not cache ROM writes as MMIO (kvm_handle_error_pfn(), RO fault), but
 * the write goes to userspace as MMIO.  With a direct (TDP) MMU, KVM hands
 * the emulator the fault's GPA (gpa_available); the vCPU holds kvm->srcu.
 */
static bool rom_write(const struct kvm_vcpu *cvcpu)
{
	struct kvm_vcpu *vcpu = (struct kvm_vcpu *)cvcpu;
	struct x86_emulate_ctxt *ctxt = vcpu->arch.emulate_ctxt;
	struct kvm_memory_slot *slot;

	if (!vcpu->kvm || !ctxt || !ctxt->gpa_available)
		return false;
	slot = __gfn_to_memslot(kvm_vcpu_memslots(vcpu), gpa_to_gfn(ctxt->gpa_val));
	return !slot || (slot->flags & KVM_MEM_READONLY);
}

#define STAT_ADD(stat, n, time)						\
	do {								\
		this_cpu_add(counts->stat.count, (u64)(n));		\
		this_cpu_add(counts->stat.ns, (time));			\
	} while (0)

static void trace_pass(const struct kemu_pass *pass, const char *reason)
{
	const struct kemu_ctxt *k = pass->core;
	struct kemu_disasm d;
	const char *text = "(undecodable)";
	u8 len = k->insn.fetched;

	if (len && kemu_disassemble(k->mode, k->insn.bytes, len, &d) == KEMU_CONTINUE) {
		text = d.text;
		len = d.length;
	}
	trace_kemu_emulation(pass->vcpu_id, pass->rip, k->mode, k->insn.bytes, len,
			     text, pass->emulation_type, reason, outcome_names[pass->outcome],
			     pass->vector, pass->first, pass->ns);
}

/* A VM's slot for its counts, or -1: taken for a new VM given its name. */
static int vm_slot(const void *vm, const char *name)
{
	unsigned int i;
	int cpu;

	if (!vm)
		return -1;
	for (i = 0; i < VM_SLOTS; i++)
		if (READ_ONCE(vms[i].vm) == vm)
			return i;
	if (!name)
		return -1;
	spin_lock(&vm_lock);
	for (i = 0; i < VM_SLOTS; i++)
		if (vms[i].vm == vm)
			break;
	if (i == VM_SLOTS) {
		i = vms_seen % VM_SLOTS;
		vms[i].seq = ++vms_seen;
		strscpy(vms[i].name, name, sizeof(vms[i].name));
		for_each_possible_cpu(cpu)
			memset(&per_cpu_ptr(counts, cpu)->vms[i], 0, sizeof(struct vm_stat));
		WRITE_ONCE(vms[i].vm, vm);
	}
	spin_unlock(&vm_lock);
	return i;
}

u8 kemu_stats_decoded(const struct kvm_vcpu *vcpu, const struct kemu_ctxt *core,
		      u32 emulation_type)
{
	const struct kvm *kvm = vcpu->kvm;
	int v = vm_slot(kvm, kvm ? kvm->stats_id : NULL);
	enum kemu_reason reason = reason_of(vcpu, core, emulation_type);
	struct rip_slot *r = rip_slot(kvm, core->rip, core, reason);
	const char *name = kemu_mnemonic(core);
	int m = mnemonic_slot(name ? name : "(undecodable)");
	unsigned int i;

	if (v >= 0)
		this_cpu_inc(counts->vms[v].decodes);
	if (m >= 0)
		this_cpu_inc(counts->mnemonics[m].decodes);
	this_cpu_inc(counts->by_reason[reason].count);
	if (r)
		atomic64_inc(&r->count);
	else
		atomic64_inc(&rips_dropped);
	for (i = 0; i < ARRAY_SIZE(emultype_names); i++)
		if (emulation_type & BIT(i))
			this_cpu_inc(counts->by_emultype[i]);
	return reason;
}

u8 kemu_stats_account(const struct kemu_pass *pass)
{
	const char *name = kemu_mnemonic(pass->core);
	enum kemu_reason reason = pass->reason;
	int m, vm;

	/* Decoded as write-protected; the first pass knows the GPA is ROM. */
	if (reason == REASON_PF_WRITE_PROTECTED && rom_write(pass->vcpu)) {
		if (pass->first) {
			struct rip_slot *r = rip_slot(pass->vm, pass->rip, pass->core, reason);

			this_cpu_dec(counts->by_reason[REASON_PF_WRITE_PROTECTED].count);
			this_cpu_inc(counts->by_reason[REASON_PF_MMIO].count);
			if (r)
				WRITE_ONCE(r->reason, REASON_PF_MMIO);
		}
		reason = REASON_PF_MMIO;
	}

	STAT_ADD(outcomes[pass->outcome], 1, pass->ns);
	this_cpu_add(counts->by_reason[reason].ns, pass->ns);
	if (pass->completion != KEMU_NOT_COMPLETION)
		STAT_ADD(completions[pass->completion == KEMU_COMPLETION_PIO ?
				     COMPLETION_PIO : COMPLETION_MMIO], 1, pass->ns);
	vm = vm_slot(pass->vm, NULL);
	if (vm >= 0)
		STAT_ADD(vms[vm].outcomes[pass->outcome], 1, pass->ns);
	m = mnemonic_slot(name ? name : "(undecodable)");
	if (m >= 0) {
		STAT_ADD(mnemonics[m].all, pass->first, pass->ns);
		if (pass->outcome == KEMU_OUTCOME_EXCEPTION)
			this_cpu_inc(counts->mnemonics[m].exceptions);
		if (pass->outcome == KEMU_OUTCOME_FAILED)
			this_cpu_inc(counts->mnemonics[m].failed);
	} else {
		this_cpu_inc(counts->mnemonics_dropped);
	}
	if (trace_kemu_emulation_enabled())
		trace_pass(pass, reason_names[reason]);
	return reason;
}

static void show_vm(struct seq_file *f, unsigned int i)
{
	long long decodes = SUM(vms[i].decodes), ns = 0;
	unsigned int o;

	if (!READ_ONCE(vms[i].vm) || !decodes)
		return;
	seq_printf(f, "vm %s/%u decodes=%lld", vms[i].name, vms[i].seq, decodes);
	for (o = 0; o < KEMU_OUTCOMES; o++) {
		seq_printf(f, " %s=%lld", outcome_names[o],
			   (long long)SUM(vms[i].outcomes[o].count));
		ns += SUM(vms[i].outcomes[o].ns);
	}
	seq_printf(f, " ns=%lld\n", ns);
}

/* "rip <vm> 0x<rip> count=N mode=M reason=R bytes=HEX insn=TEXT" (TEXT to the end). */
static void show_rip(struct seq_file *f, const struct rip_slot *r)
{
	long long count;
	struct kemu_disasm d;
	const char *text = "(undecodable)";
	unsigned int i, len;
	int v;

	/* pairs with rip_slot()'s release */
	if (!smp_load_acquire(&r->used))
		return;
	count = atomic64_read(&r->count);
	if (!count)
		return;
	len = r->len;
	if (len && kemu_disassemble(r->mode, r->bytes, len, &d) == KEMU_CONTINUE) {
		text = d.text;
		len = d.length;
	}
	v = vm_slot(r->vm, NULL);
	seq_printf(f, "rip %s/%u 0x%llx count=%lld mode=%s reason=%s bytes=",
		   v >= 0 ? vms[v].name : "-", v >= 0 ? vms[v].seq : 0,
		   (unsigned long long)r->rip, count,
		   r->mode < ARRAY_SIZE(mode_names) ? mode_names[r->mode] : "?",
		   reason_names[r->reason]);
	for (i = 0; i < len; i++)
		seq_printf(f, "%02x", r->bytes[i]);
	seq_printf(f, " insn=%s\n", text);
}

static int stats_show(struct seq_file *f, void *unused)
{
	unsigned int i;

	seq_puts(f, "# kemu: emulations since the first read, or the last reset (write here to reset)\n");
	seq_puts(f, "# reason, emultype: decodes (KVM's insn_emulation); mnemonic: instructions\n");
	seq_puts(f, "# executed (count) and decoded (decodes: SKIP's too); outcome: passes\n");
	seq_puts(f, "# (re-entries after I/O included); ns: time in kemu\n");
	for (i = 0; i < KEMU_OUTCOMES; i++)
		seq_printf(f, "outcome %s count=%lld ns=%lld\n", outcome_names[i],
			   (long long)SUM(outcomes[i].count), (long long)SUM(outcomes[i].ns));
	for (i = 0; i < REASONS; i++)
		seq_printf(f, "reason %s count=%lld ns=%lld\n", reason_names[i],
			   (long long)SUM(by_reason[i].count), (long long)SUM(by_reason[i].ns));
	for (i = 0; i < COMPLETIONS; i++)
		seq_printf(f, "completion %s count=%lld ns=%lld\n", completion_names[i],
			   (long long)SUM(completions[i].count), (long long)SUM(completions[i].ns));
	for (i = 0; i < ARRAY_SIZE(emultype_names); i++)
		seq_printf(f, "emultype %s count=%lld\n", emultype_names[i],
			   (long long)SUM(by_emultype[i]));
	for (i = 0; i < MNEMONIC_SLOTS; i++) {
		/* pairs with mnemonic_slot()'s release */
		const char *name = smp_load_acquire(&mnemonic_names[i]);
		long long count = SUM(mnemonics[i].all.count);
		long long decodes = SUM(mnemonics[i].decodes);

		if (!name || !(count || decodes))
			continue;
		seq_printf(f, "mnemonic %s count=%lld decodes=%lld ns=%lld exceptions=%lld failed=%lld\n",
			   name, count, decodes, (long long)SUM(mnemonics[i].all.ns),
			   (long long)SUM(mnemonics[i].exceptions),
			   (long long)SUM(mnemonics[i].failed));
	}
	for (i = 0; i < VM_SLOTS; i++)
		show_vm(f, i);
	for (i = 0; i < RIP_SLOTS; i++)
		show_rip(f, &rips[i]);
	if (atomic64_read(&rips_dropped))
		seq_printf(f, "event rip-table-full count=%lld\n",
			   (long long)atomic64_read(&rips_dropped));
	seq_printf(f, "event task-switch count=%lld\n",
		   (long long)atomic64_read(&kemu_counters.task_switches));
	seq_printf(f, "event real-mode-interrupt count=%lld\n",
		   (long long)atomic64_read(&kemu_counters.real_mode_interrupts));
	seq_printf(f, "event foreign-completion count=%lld\n",
		   (long long)atomic64_read(&kemu_counters.foreign));
	if (SUM(mnemonics_dropped))
		seq_printf(f, "event mnemonic-table-full count=%lld\n",
			   (long long)SUM(mnemonics_dropped));
	return 0;
}

/* A reset races with emulations on other CPUs: those may keep a count or two. */
static ssize_t stats_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	int cpu;

	stats_observe();
	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(counts, cpu), 0, sizeof(struct kemu_counts));
	spin_lock(&rip_lock);
	memset(rips, 0, sizeof(rips));
	atomic64_set(&rips_dropped, 0);
	spin_unlock(&rip_lock);
	return len;
}

static int stats_open(struct inode *inode, struct file *file)
{
	stats_observe();
	return single_open(file, stats_show, NULL);
}

static const struct file_operations stats_fops = {
	.owner = THIS_MODULE,
	.open = stats_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.write = stats_write,
	.release = single_release,
};

struct dentry *kemu_debugfs_dir(void)
{
	return debugfs_dir;
}

int kemu_stats_init(void)
{
	counts = alloc_percpu(struct kemu_counts);
	if (!counts)
		return -ENOMEM;
	debugfs_dir = debugfs_create_dir("kemu", NULL);
	if (IS_ERR(debugfs_dir)) {
		pr_info("no debugfs (error %ld): statistics are not exported\n",
			PTR_ERR(debugfs_dir));
		debugfs_dir = NULL;
		return 0;
	}
	debugfs_create_file("stats", 0600, debugfs_dir, NULL, &stats_fops);
	return 0;
}

void kemu_stats_exit(void)
{
	debugfs_remove_recursive(debugfs_dir);
	if (atomic_xchg(&stats_observed, 0))
		static_branch_dec(&kemu_observed);
	free_percpu(counts);
}
