// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: what KVM had kemu emulate, and why.
 *
 * Always-on counters, cheap enough to leave on (a few atomic adds per
 * emulation): by outcome, by reason (KVM's EMULTYPE_* at decode), by
 * EMULTYPE flag, by mnemonic and per VM, with the time spent in kemu.  They are read
 * from /sys/kernel/debug/kemu/stats (one "<kind> <name> key=value..." line
 * each; tools/kemu-stat prints them as a table) and reset by writing to it.
 * The kemu_emulation tracepoint carries each pass with the instruction as
 * text; the disassembly is only done while the event is enabled.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include <linux/kvm_host.h>

#include <kemu/kemu.h>

#include "kemu_bridge.h"
#include "kemu_stats.h"

#define CREATE_TRACE_POINTS
#include "kemu_trace.h"

struct kemu_stat {
	atomic64_t count;
	atomic64_t ns;
};

static const char *const outcome_names[KEMU_OUTCOMES] = {
	[KEMU_OUTCOME_OK] = "ok",
	[KEMU_OUTCOME_EXCEPTION] = "exception",
	[KEMU_OUTCOME_IO_EXIT] = "io-exit",
	[KEMU_OUTCOME_RETRY] = "retry",
	[KEMU_OUTCOME_INTERCEPTED] = "intercepted",
	[KEMU_OUTCOME_FAILED] = "failed",
};

/* Why KVM emulated, from the EMULTYPE_* it decoded with (first match wins). */
static const struct {
	u32 flag;
	const char *name;
} reasons[] = {
	{ EMULTYPE_TRAP_UD_FORCED, "forced" },
	{ EMULTYPE_TRAP_UD, "#UD" },
	{ EMULTYPE_VMWARE_GP, "vmware-#GP" },
	{ EMULTYPE_PF, "page-fault" },	/* MMIO, or a write-protected page */
	{ EMULTYPE_SKIP, "skip" },
	{ 0, "other" },	/* string I/O, CR/DR/INVLPG without decode assists, ... */
};

static const char *const emultype_names[] = {
	"NO_DECODE", "TRAP_UD", "SKIP", "ALLOW_RETRY_PF", "TRAP_UD_FORCED", "VMWARE_GP",
	"PF", "COMPLETE_USER_EXIT", "WRITE_PF_TO_SP", "SKIP_SOFT_INT",
};

struct mnemonic_stat {
	const char *name;	/* from the core's opcode maps: lives as long as kemu */
	struct kemu_stat all;
	atomic64_t exceptions;
	atomic64_t failed;
};

#define MNEMONIC_SLOTS 256

/*
 * Per VM, by KVM's name for it and the order kemu first saw it
 * ("kvm-<pid>/<n>"): the most recent VM_SLOTS VMs that emulated (the oldest
 * slot goes to the next new VM when all are taken).
 */
#define VM_SLOTS 32
#define VM_NAME 48
struct vm_stat {
	const void *vm;
	unsigned int seq;	/* VMs seen since load: tells same-named VMs apart */
	char name[VM_NAME];
	atomic64_t decodes;
	struct kemu_stat outcomes[KEMU_OUTCOMES];
};

static struct kemu_stat outcomes[KEMU_OUTCOMES];
static struct kemu_stat by_reason[ARRAY_SIZE(reasons)];
static atomic64_t by_emultype[ARRAY_SIZE(emultype_names)];
static struct mnemonic_stat mnemonics[MNEMONIC_SLOTS];
static atomic64_t mnemonics_dropped;	/* the table was full */
static struct vm_stat vms[VM_SLOTS];
static unsigned int vms_seen;
static DEFINE_SPINLOCK(vm_lock);
static DEFINE_SPINLOCK(mnemonic_lock);
static struct dentry *debugfs_dir;

static void reset_counts(struct kemu_stat *s)
{
	atomic64_set(&s->count, 0);
	atomic64_set(&s->ns, 0);
}

static unsigned int reason_of(u32 emulation_type)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(reasons) - 1; i++)
		if (emulation_type & reasons[i].flag)
			break;
	return i;
}

/* Open addressing by the name's hash; a slot, once named, keeps its name. */
static struct mnemonic_stat *mnemonic_slot(const char *name)
{
	unsigned int h = full_name_hash(NULL, name, strlen(name)) % MNEMONIC_SLOTS;
	unsigned int i;

	for (i = 0; i < MNEMONIC_SLOTS; i++) {
		struct mnemonic_stat *m = &mnemonics[(h + i) % MNEMONIC_SLOTS];
		const char *slot_name = smp_load_acquire(&m->name);

		if (!slot_name) {
			spin_lock(&mnemonic_lock);
			slot_name = m->name;
			if (!slot_name) {
				smp_store_release(&m->name, name);
				slot_name = name;
			}
			spin_unlock(&mnemonic_lock);
		}
		if (!strcmp(slot_name, name))
			return m;
	}
	return NULL;
}

static void add(struct kemu_stat *s, u64 count, u64 ns)
{
	atomic64_add(count, &s->count);
	atomic64_add(ns, &s->ns);
}

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

static struct vm_stat *vm_slot(const void *vm, const char *name)
{
	struct vm_stat *v;
	unsigned int i;

	if (!vm)
		return NULL;
	for (i = 0; i < VM_SLOTS; i++)
		if (READ_ONCE(vms[i].vm) == vm)
			return &vms[i];
	if (!name)
		return NULL;
	spin_lock(&vm_lock);
	for (i = 0; i < VM_SLOTS; i++)
		if (vms[i].vm == vm)
			break;
	if (i == VM_SLOTS) {
		v = &vms[vms_seen % VM_SLOTS];
		v->seq = ++vms_seen;
		strscpy(v->name, name, sizeof(v->name));
		atomic64_set(&v->decodes, 0);
		for (i = 0; i < KEMU_OUTCOMES; i++)
			reset_counts(&v->outcomes[i]);
		WRITE_ONCE(v->vm, vm);
	} else {
		v = &vms[i];
	}
	spin_unlock(&vm_lock);
	return v;
}

void kemu_stats_decoded(const void *vm, const char *vm_name, u32 emulation_type)
{
	struct vm_stat *v = vm_slot(vm, vm_name);
	unsigned int i;

	if (v)
		atomic64_inc(&v->decodes);
	atomic64_inc(&by_reason[reason_of(emulation_type)].count);
	for (i = 0; i < ARRAY_SIZE(emultype_names); i++)
		if (emulation_type & BIT(i))
			atomic64_inc(&by_emultype[i]);
}

void kemu_stats_account(const struct kemu_pass *pass)
{
	const char *name = kemu_mnemonic(pass->core);
	unsigned int reason = reason_of(pass->emulation_type);
	struct mnemonic_stat *m;
	struct vm_stat *vm;

	add(&outcomes[pass->outcome], 1, pass->ns);
	atomic64_add(pass->ns, &by_reason[reason].ns);
	vm = vm_slot(pass->vm, NULL);
	if (vm)
		add(&vm->outcomes[pass->outcome], 1, pass->ns);
	m = mnemonic_slot(name ? name : "(undecodable)");
	if (m) {
		add(&m->all, pass->first, pass->ns);
		if (pass->outcome == KEMU_OUTCOME_EXCEPTION)
			atomic64_inc(&m->exceptions);
		if (pass->outcome == KEMU_OUTCOME_FAILED)
			atomic64_inc(&m->failed);
	} else {
		atomic64_inc(&mnemonics_dropped);
	}
	if (trace_kemu_emulation_enabled())
		trace_pass(pass, reasons[reason].name);
}

static void show_stat(struct seq_file *f, const char *kind, const char *name,
		      const struct kemu_stat *s)
{
	seq_printf(f, "%s %s count=%lld ns=%lld\n", kind, name,
		   (long long)atomic64_read(&s->count), (long long)atomic64_read(&s->ns));
}

static void show_vm(struct seq_file *f, const struct vm_stat *v)
{
	long long ns = 0;
	unsigned int o;

	if (!READ_ONCE(v->vm) || !atomic64_read(&v->decodes))
		return;
	seq_printf(f, "vm %s/%u decodes=%lld", v->name, v->seq,
		   (long long)atomic64_read(&v->decodes));
	for (o = 0; o < KEMU_OUTCOMES; o++) {
		seq_printf(f, " %s=%lld", outcome_names[o],
			   (long long)atomic64_read(&v->outcomes[o].count));
		ns += atomic64_read(&v->outcomes[o].ns);
	}
	seq_printf(f, " ns=%lld\n", ns);
}

static int stats_show(struct seq_file *f, void *unused)
{
	unsigned int i;

	seq_puts(f, "# kemu: emulations since load or the last reset (write here to reset)\n");
	seq_puts(f, "# reason, emultype: decodes (KVM's insn_emulation); mnemonic: instructions\n");
	seq_puts(f, "# executed; outcome: passes (re-entries after I/O included); ns: time in kemu\n");
	for (i = 0; i < KEMU_OUTCOMES; i++)
		show_stat(f, "outcome", outcome_names[i], &outcomes[i]);
	for (i = 0; i < ARRAY_SIZE(reasons); i++)
		show_stat(f, "reason", reasons[i].name, &by_reason[i]);
	for (i = 0; i < ARRAY_SIZE(emultype_names); i++)
		seq_printf(f, "emultype %s count=%lld\n", emultype_names[i],
			   (long long)atomic64_read(&by_emultype[i]));
	for (i = 0; i < MNEMONIC_SLOTS; i++) {
		const struct mnemonic_stat *m = &mnemonics[i];
		const char *name = smp_load_acquire(&m->name);

		if (!name || !atomic64_read(&m->all.count))
			continue;
		seq_printf(f, "mnemonic %s count=%lld ns=%lld exceptions=%lld failed=%lld\n", name,
			   (long long)atomic64_read(&m->all.count),
			   (long long)atomic64_read(&m->all.ns),
			   (long long)atomic64_read(&m->exceptions),
			   (long long)atomic64_read(&m->failed));
	}
	for (i = 0; i < VM_SLOTS; i++)
		show_vm(f, &vms[i]);
	seq_printf(f, "event task-switch count=%lld\n",
		   (long long)atomic64_read(&kemu_counters.task_switches));
	seq_printf(f, "event real-mode-interrupt count=%lld\n",
		   (long long)atomic64_read(&kemu_counters.real_mode_interrupts));
	seq_printf(f, "event foreign-completion count=%lld\n",
		   (long long)atomic64_read(&kemu_counters.foreign));
	if (atomic64_read(&mnemonics_dropped))
		seq_printf(f, "event mnemonic-table-full count=%lld\n",
			   (long long)atomic64_read(&mnemonics_dropped));
	return 0;
}

static ssize_t stats_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	unsigned int i;

	for (i = 0; i < KEMU_OUTCOMES; i++)
		reset_counts(&outcomes[i]);
	for (i = 0; i < ARRAY_SIZE(reasons); i++)
		reset_counts(&by_reason[i]);
	for (i = 0; i < ARRAY_SIZE(emultype_names); i++)
		atomic64_set(&by_emultype[i], 0);
	for (i = 0; i < MNEMONIC_SLOTS; i++) {
		reset_counts(&mnemonics[i].all);
		atomic64_set(&mnemonics[i].exceptions, 0);
		atomic64_set(&mnemonics[i].failed, 0);
	}
	atomic64_set(&mnemonics_dropped, 0);
	for (i = 0; i < VM_SLOTS; i++) {
		unsigned int o;

		atomic64_set(&vms[i].decodes, 0);
		for (o = 0; o < KEMU_OUTCOMES; o++)
			reset_counts(&vms[i].outcomes[o]);
	}
	return len;
}

static int stats_open(struct inode *inode, struct file *file)
{
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
}
