// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: records of emulations, for tools/kemu-replay.
 *
 * A record holds what KVM handed over (mode, registers, instruction bytes),
 * every call kemu made into KVM's callbacks with KVM's answer, and how each
 * pass ended (tools/RECORD-FORMAT.md).  Recording is off until asked for in
 * /sys/kernel/debug/kemu/record:
 *   echo N > record         record the next N instructions
 *   echo failures > record  record every instruction, keep those that end
 *                           in an emulation failure
 *   echo mismatches N > record  record every instruction, keep the next N
 *                           whose shadow decode (kemu_shadow.c, verify=1)
 *                           differed from stock KVM's, then stop
 *   echo off > record
 * Kept records are read from .../kemu/records (the newest KEEP, or the
 * record_keep parameter, of them);
 * writing to it drops them.  A record still open when its vCPU goes away
 * (a VM killed while an instruction waits for userspace) is not freed.  A record is a buffer of its own while its
 * instruction runs (it survives exits to userspace), so vCPUs record
 * concurrently.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "kemu_record.h"

#define RECORD_BYTES 16384
#define KEEP 32
#define KEEP_MAX 2048

/* Records kept (the benchmark's recorded mix keeps a whole run). */
static unsigned int record_keep = KEEP;
module_param(record_keep, uint, 0644);
MODULE_PARM_DESC(record_keep, "finished records kept in kemu/records (1-2048, default 32)");

static unsigned int keep_limit(void)
{
	return clamp_t(unsigned int, READ_ONCE(record_keep), 1, KEEP_MAX);
}

/* What decides, when the instruction is done, whether its record is kept. */
enum keep_if { KEEP_ALWAYS, KEEP_IF_FAILED, KEEP_IF_MISMATCH };

struct kemu_record {
	struct list_head node;
	struct rcu_head rcu;	/* freed by kemu_record_finish(), which never sleeps */
	unsigned int len;
	bool truncated;
	enum keep_if keep_if;	/* the mode the record was started in */
	bool mismatch;		/* the shadow decode differed (kemu_record_shadow_mismatch) */
	char text[RECORD_BYTES];
};

static atomic_t next_to_record;	/* instructions still to record */
static atomic_t record_failures;	/* record all, keep the failed */
static atomic_t mismatches_to_keep;	/* record all, keep this many mismatched */
static atomic64_t sequence;
static LIST_HEAD(kept);
static unsigned int nkept;
static DEFINE_SPINLOCK(kept_lock);

struct kemu_record *kemu_record_start(void)
{
	struct kemu_record *rec;
	enum keep_if keep_if;

	if (atomic_read(&record_failures))
		keep_if = KEEP_IF_FAILED;
	else if (atomic_read(&mismatches_to_keep))
		keep_if = KEEP_IF_MISMATCH;
	else if (atomic_add_unless(&next_to_record, -1, 0))
		keep_if = KEEP_ALWAYS;
	else
		return NULL;
	rec = kvmalloc(sizeof(*rec), GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!rec)
		return NULL;
	rec->len = 0;
	rec->truncated = false;
	rec->keep_if = keep_if;
	rec->mismatch = false;
	INIT_LIST_HEAD(&rec->node);
	kemu_record_printf(rec, "kemu-record %lld\n", (long long)atomic64_inc_return(&sequence));
	return rec;
}

void kemu_record_printf(struct kemu_record *rec, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (rec->truncated)
		return;
	va_start(ap, fmt);
	n = vsnprintf(rec->text + rec->len, RECORD_BYTES - rec->len, fmt, ap);
	va_end(ap);
	if (n < 0 || rec->len + n >= RECORD_BYTES - 32) {
		rec->truncated = true;
		rec->len = min_t(unsigned int, rec->len, RECORD_BYTES - 32);
		rec->len += scnprintf(rec->text + rec->len, RECORD_BYTES - rec->len,
				      "\ntruncated\n");
		return;
	}
	rec->len += n;
}

void kemu_record_hex(struct kemu_record *rec, const void *data, unsigned int len)
{
	const u8 *p = data;
	unsigned int i, n = min(len, 1024u);

	for (i = 0; i < n; i += 64)
		kemu_record_printf(rec, "%*phN", min(n - i, 64u), p + i);
}

void kemu_record_bytes(struct kemu_record *rec, const char *key, const void *data,
		       unsigned int len)
{
	kemu_record_printf(rec, " %s=", key);
	kemu_record_hex(rec, data, len);
}

void kemu_record_drop(struct kemu_record *rec)
{
	kvfree(rec);
}

void kemu_record_shadow_mismatch(struct kemu_record *rec, int rc, int stock_rc,
				 const char *differences)
{
	rec->mismatch = true;
	kemu_record_printf(rec, "# shadow-mismatch kemu=%d stock=%d;%s\n", rc, stock_rc,
			   differences);
}

static bool to_keep(struct kemu_record *rec, bool failed)
{
	switch (rec->keep_if) {
	case KEEP_IF_FAILED:
		return failed;
	case KEEP_IF_MISMATCH:	/* only the first N: the count runs out */
		return rec->mismatch && atomic_add_unless(&mismatches_to_keep, -1, 0);
	default:
		return true;
	}
}

/* Never sleeps: the ftrace handler ends an abandoned instruction's record. */
void kemu_record_finish(struct kemu_record *rec, bool failed)
{
	struct kemu_record *old = NULL;

	if (!rec)
		return;
	kemu_record_printf(rec, "end\n");
	if (!to_keep(rec, failed)) {
		kvfree_rcu(rec, rcu);
		return;
	}
	spin_lock(&kept_lock);
	list_add_tail(&rec->node, &kept);
	if (++nkept > keep_limit()) {
		old = list_first_entry(&kept, struct kemu_record, node);
		list_del(&old->node);
		nkept--;
	}
	spin_unlock(&kept_lock);
	kvfree_rcu(old, rcu);
}

static void drop_kept(void)
{
	struct kemu_record *rec, *tmp;
	LIST_HEAD(gone);

	spin_lock(&kept_lock);
	list_splice_init(&kept, &gone);
	nkept = 0;
	spin_unlock(&kept_lock);
	list_for_each_entry_safe(rec, tmp, &gone, node)
		kvfree(rec);
}

/* records: the kept records, oldest first. */
static int records_show(struct seq_file *f, void *unused)
{
	struct kemu_record *rec;

	spin_lock(&kept_lock);
	list_for_each_entry(rec, &kept, node)
		seq_write(f, rec->text, rec->len);
	spin_unlock(&kept_lock);
	return 0;
}

static int records_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, records_show, NULL, (keep_limit() + 1) * RECORD_BYTES);
}

static ssize_t records_write(struct file *file, const char __user *buf, size_t len,
			     loff_t *pos)
{
	drop_kept();
	return len;
}

static const struct file_operations records_fops = {
	.owner = THIS_MODULE,
	.open = records_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.write = records_write,
	.release = single_release,
};

void kemu_record_next(unsigned int n)
{
	atomic_set(&record_failures, 0);
	atomic_set(&mismatches_to_keep, 0);
	atomic_set(&next_to_record, n);
}

size_t kemu_record_newest(char *buf, size_t size)
{
	struct kemu_record *rec;
	size_t len = 0;

	spin_lock(&kept_lock);
	if (!list_empty(&kept) && size) {
		rec = list_last_entry(&kept, struct kemu_record, node);
		len = min_t(size_t, rec->len, size - 1);
		memcpy(buf, rec->text, len);
		buf[len] = '\0';
	}
	spin_unlock(&kept_lock);
	return len;
}

static int record_show(struct seq_file *f, void *unused)
{
	if (atomic_read(&record_failures))
		seq_puts(f, "failures\n");
	else if (atomic_read(&mismatches_to_keep))
		seq_printf(f, "mismatches %d\n", atomic_read(&mismatches_to_keep));
	else if (atomic_read(&next_to_record))
		seq_printf(f, "%d\n", atomic_read(&next_to_record));
	else
		seq_puts(f, "off\n");
	return 0;
}

static int record_open(struct inode *inode, struct file *file)
{
	return single_open(file, record_show, NULL);
}

static ssize_t record_write(struct file *file, const char __user *ubuf, size_t len,
			    loff_t *pos)
{
	char buf[32];
	unsigned int n;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	strim(buf);
	if (!strcmp(buf, "failures")) {
		atomic_set(&next_to_record, 0);
		atomic_set(&mismatches_to_keep, 0);
		atomic_set(&record_failures, 1);
	} else if (!strcmp(buf, "off")) {
		atomic_set(&next_to_record, 0);
		atomic_set(&mismatches_to_keep, 0);
		atomic_set(&record_failures, 0);
	} else if (str_has_prefix(buf, "mismatches ") &&
		   !kstrtouint(strim(buf + strlen("mismatches ")), 10, &n) && n <= 1000000) {
		atomic_set(&next_to_record, 0);
		atomic_set(&record_failures, 0);
		atomic_set(&mismatches_to_keep, n);
	} else if (!kstrtouint(buf, 10, &n) && n <= 1000000) {
		kemu_record_next(n);
	} else {
		return -EINVAL;
	}
	return len;
}

static const struct file_operations record_fops = {
	.owner = THIS_MODULE,
	.open = record_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.write = record_write,
	.release = single_release,
};

int kemu_record_init(struct dentry *dir)
{
	kemu_record_ops_init();
	if (!dir)
		return 0;
	debugfs_create_file("record", 0600, dir, NULL, &record_fops);
	debugfs_create_file("records", 0600, dir, NULL, &records_fops);
	return 0;
}

void kemu_record_exit(void)
{
	drop_kept();
}
