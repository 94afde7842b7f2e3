// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: shadow decode, a live differential test against KVM's own decoder.
 *
 * In verify mode each decode kemu makes for KVM is followed by stock KVM's
 * x86_decode_insn() on a scratch copy of the context as x86.c prepared it,
 * given the bytes kemu fetched (no second fetch: nothing the guest can see,
 * and no race with a guest rewriting its code).  Compared: the decode's
 * outcome, the length, opcode (map and byte), operand and address size,
 * ModRM, the memory operand and its effective
 * address, and what x86.c reads of a decode: the REP prefix, REX,
 * RIP-relative, is_branch and INT n's vector.
 *
 * Where stock KVM is known to differ, the comparison says so instead of
 * counting a mismatch: an instruction stock KVM's tables lack (its decode
 * fails, kemu's succeeds; the instructions kemu emulates beyond KVM's,
 * README.md) is counted in shadow_beyond_stock; the differences of
 * known_difference() in shadow_known.  Every mismatch is counted
 * (shadow_mismatches), reported in the kernel log (rate-limited) and, for
 * the first SHADOW_KEEP, kept in /sys/kernel/debug/kemu/shadow with the
 * instruction's bytes and both sides of each differing field; the
 * kemu_shadow_mismatch tracepoint gives each one too.  An instruction the
 * recorder records gets the differences as an annotation line of its record
 * (kemu_record_shadow_mismatch()), which "echo mismatches N > record" keeps.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>

#include "kemu_bridge_state.h"
#include "kemu_record.h"
#include "kemu_shadow.h"
#include "kemu_takeover.h"
#include "kemu_trace.h"

DEFINE_STATIC_KEY_FALSE(kemu_shadow_key);

static atomic64_t shadow_decodes, shadow_mismatches, shadow_beyond_stock, shadow_known, shadow_ns;

KEMU_COUNTER_OF(shadow_decodes, shadow_decodes, "Decodes compared with stock KVM's (verify mode)");
KEMU_COUNTER_OF(shadow_mismatches, shadow_mismatches,
		"Decodes that differ from stock KVM's (debugfs kemu/shadow)");
KEMU_COUNTER_OF(shadow_beyond_stock, shadow_beyond_stock,
		"Decodes of instructions stock KVM's tables lack (a known difference)");
KEMU_COUNTER_OF(shadow_known, shadow_known,
		"Decodes that differ from stock KVM's only in a known, documented way");
KEMU_COUNTER_OF(shadow_ns, shadow_ns, "Time spent in stock KVM's decodes and the comparisons, ns");

static int verify_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	if (on)
		static_branch_enable(&kemu_shadow_key);
	else
		static_branch_disable(&kemu_shadow_key);
	return 0;
}

static int verify_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%d\n", static_key_enabled(&kemu_shadow_key));
}

static const struct kernel_param_ops verify_ops = {
	.set = verify_set,
	.get = verify_get,
};

module_param_cb(verify, &verify_ops, NULL, 0644);
MODULE_PARM_DESC(verify, "1: compare each decode with stock KVM's (shadow decode)");

/* Test only: kemu's length as the comparison sees it is off by this much. */
static int test_shadow_length_delta;
module_param(test_shadow_length_delta, int, 0644);
MODULE_PARM_DESC(test_shadow_length_delta,
		 "Test only: add this to kemu's instruction length in the shadow comparison");

/* --- the comparison ---------------------------------------------------------------- */

#define SHADOW_KEEP 32
#define SHADOW_LINE 256

static DEFINE_SPINLOCK(kept_lock);
static char kept[SHADOW_KEEP][SHADOW_LINE];
static unsigned int nkept;

struct diff {
	char text[SHADOW_LINE];
	unsigned int len;
	bool any;
	bool known;	/* a difference known_difference() explains */
};

static void differ(struct diff *d, const char *field, unsigned long long kemu,
		   unsigned long long stock)
{
	d->any = true;
	if (d->len < sizeof(d->text))
		d->len += scnprintf(d->text + d->len, sizeof(d->text) - d->len,
				    " %s kemu %#llx stock %#llx;", field, kemu, stock);
}

static unsigned long long truncated(unsigned long long v, unsigned int bytes)
{
	return bytes >= 8 ? v : v & ((1ULL << (bytes * 8)) - 1);
}

/*
 * The differences that are not errors (both emulators then give the guest
 * the same result), by where each decoder puts a fact:
 *  - MOV to/from CR or DR (0F 20-23): the operand size is fixed (64 bits in
 *    64-bit mode, else 32); stock KVM's decode reports that size, kemu's the
 *    one the prefixes give (unused by these instructions).
 *  - SSE and MMX instructions (0F map): stock KVM's decode reports the
 *    16-byte vector or the 8-byte MMX register as the operand size, kemu's
 *    the one the prefixes give.
 *  - POP r/m (8F /0) with an RSP base: the address uses RSP after the pop;
 *    stock KVM adds the pop's size at decode, kemu when it executes.
 *  - BT, BTS, BTR, BTC m, r (0F A3/AB/B3/BB): the register's bit offset
 *    moves the address by whole operands; stock KVM at decode, kemu when
 *    it executes.
 */
static bool known_difference(const char *field, const struct x86_emulate_ctxt *ctxt,
			     const struct x86_emulate_ctxt *stock, u64 kemu_value, u64 stock_value)
{
	u8 b = stock->b;

	if (stock->opcode_len == 2 && !strcmp(field, "op_bytes"))
		return (b >= 0x20 && b <= 0x23 &&
			stock_value == (ctxt->mode == X86EMUL_MODE_PROT64 ? 8 : 4)) ||
		       stock_value == 16 ||
		       (stock_value == 8 && ((b >= 0x60 && b <= 0x7f) || b >= 0xd0));
	if (!strcmp(field, "ea") && stock->opcode_len == 1)
		return b == 0x8f &&
		       stock_value == truncated(kemu_value + stock->op_bytes, stock->ad_bytes);
	if (!strcmp(field, "ea") && stock->opcode_len == 2)
		return (b == 0xa3 || b == 0xab || b == 0xb3 || b == 0xbb) &&
		       truncated(stock_value - kemu_value, stock->ad_bytes) % stock->op_bytes == 0;
	return false;
}

/* One-byte opcodes invalid in 64-bit mode (stock KVM's No64). */
static bool invalid_in_64bit(u8 b)
{
	static const u8 no64[] = { 0x06, 0x07, 0x0e, 0x16, 0x17, 0x1e, 0x1f, 0x27, 0x2f, 0x37,
				   0x3f, 0x60, 0x61, 0x62, 0x9a, 0xce, 0xd4, 0xd5, 0xd6, 0xea };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(no64); i++)
		if (no64[i] == b)
			return true;
	return false;
}

/*
 * kemu's decode refuses what stock KVM's accepts and refuses only when it
 * executes it, with the same #UD: MOV to CS and to the reserved segment
 * registers (8E /1, /6, /7), and in 64-bit mode the opcodes invalid there.
 */
static bool known_refusal(struct x86_emulate_ctxt *ctxt, const struct x86_emulate_ctxt *stock)
{
	unsigned int reg = (stock->modrm >> 3) & 7;

	if (bridge_of(ctxt)->core.exception.vector != KEMU_UD || stock->opcode_len != 1)
		return false;
	return (stock->b == 0x8e && (reg == 1 || reg >= 6)) ||
	       (ctxt->mode == X86EMUL_MODE_PROT64 && invalid_in_64bit(stock->b));
}

static void differ_unless_known(struct diff *d, const char *field,
				const struct x86_emulate_ctxt *ctxt,
				const struct x86_emulate_ctxt *stock, u64 kemu_value, u64 stock_value)
{
	if (known_difference(field, ctxt, stock, kemu_value, stock_value))
		d->known = true;
	else
		differ(d, field, kemu_value, stock_value);
}

static void compare(struct diff *d, struct x86_emulate_ctxt *ctxt,
		    const struct x86_emulate_ctxt *stock)
{
	const struct kemu_ctxt *k = &bridge_of(ctxt)->core;
	const struct kemu_insn *in = &k->insn;
	/* the operand that received the memory operand: rIP-relative is final there */
	const struct operand *stock_op = stock->memopp ? stock->memopp : &stock->memop;
	bool stock_mem = stock_op->type == OP_MEM;
	int length = in->length + READ_ONCE(test_shadow_length_delta);

	if (length != (int)(stock->_eip - stock->eip))
		differ(d, "length", length, stock->_eip - stock->eip);
	if (ctxt->opcode_len != stock->opcode_len || ctxt->b != stock->b)
		differ(d, "opcode", ctxt->opcode_len << 8 | ctxt->b,
		       stock->opcode_len << 8 | stock->b);
	if (ctxt->op_bytes != stock->op_bytes)
		differ_unless_known(d, "op_bytes", ctxt, stock, ctxt->op_bytes, stock->op_bytes);
	if (ctxt->ad_bytes != stock->ad_bytes)
		differ(d, "ad_bytes", ctxt->ad_bytes, stock->ad_bytes);
	if (ctxt->modrm != stock->modrm)
		differ(d, "modrm", ctxt->modrm, stock->modrm);
	if (!!in->mem_operand != stock_mem)
		differ(d, "memory_operand", in->mem_operand, stock_mem);
	if (stock_mem && in->mem_operand &&
	    truncated(in->ea, ctxt->ad_bytes) != truncated(stock_op->addr.mem.ea, stock->ad_bytes))
		differ_unless_known(d, "ea", ctxt, stock, truncated(in->ea, ctxt->ad_bytes),
				    truncated(stock_op->addr.mem.ea, stock->ad_bytes));
	if (ctxt->rep_prefix != stock->rep_prefix)
		differ(d, "rep_prefix", ctxt->rep_prefix, stock->rep_prefix);
	if (ctxt->rex_prefix != stock->rex_prefix)
		differ(d, "rex", ctxt->rex_prefix, stock->rex_prefix);
	if (ctxt->rip_relative != stock->rip_relative)
		differ(d, "rip_relative", ctxt->rip_relative, stock->rip_relative);
	if (ctxt->is_branch != stock->is_branch)
		differ(d, "is_branch", ctxt->is_branch, stock->is_branch);
	if (stock->opcode_len == 1 && stock->b == 0xcd && ctxt->src.val != stock->src.val)
		differ(d, "int_vector", ctxt->src.val, stock->src.val);
}

static void keep(const struct x86_emulate_ctxt *ctxt, const struct diff *d, int rc,
		 int stock_rc)
{
	struct kemu_bridge *b = bridge_of((struct x86_emulate_ctxt *)ctxt);
	const struct kemu_insn *in = &b->core.insn;
	unsigned int n = min_t(unsigned int, in->fetched, KEMU_MAX_INSN_LEN);

	trace_kemu_shadow_mismatch(ctxt->eip, ctxt->mode, in->bytes, n, rc, stock_rc, d->text);
	pr_warn_ratelimited("shadow decode: %*phN (mode %d): kemu %d, stock %d;%s\n", n, in->bytes,
			    ctxt->mode, rc, stock_rc, d->text);
	if (b->rec)	/* recorded: b->rec is this instruction's record */
		kemu_record_shadow_mismatch(b->rec, rc, stock_rc, d->text);
	spin_lock(&kept_lock);
	if (nkept < SHADOW_KEEP)
		scnprintf(kept[nkept++], SHADOW_LINE, "%*phN mode=%d rip=%#lx kemu=%d stock=%d%s\n",
			  n, in->bytes, ctxt->mode, ctxt->eip, rc, stock_rc, d->text);
	spin_unlock(&kept_lock);
}

int kemu_shadow_decode(struct x86_emulate_ctxt *ctxt, void *insn, int insn_len,
		       int emulation_type)
{
	struct x86_emulate_ctxt *stock;
	const struct kemu_insn *in;
	struct diff d = {};
	int rc, stock_rc;
	u64 start;

	/* kmalloc: KVM's fetches copy guest memory into it (hardened usercopy) */
	stock = kmalloc(sizeof(*stock), GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (stock)
		memcpy(stock, ctxt, sizeof(*stock));
	/* the record, if any, stays open for the comparison even if the decode fails */
	bridge_of(ctxt)->hold_record = true;
	rc = kemu_x86_decode_insn(ctxt, insn, insn_len, emulation_type);
	if (!stock)
		goto out;

	start = ktime_get_ns();
	in = &bridge_of(ctxt)->core.insn;
	stock->modrm = 0;	/* set by a decode only where there is one */
	stock_rc = kemu_shadow_stock_gate(stock, (void *)in->bytes,
					  min_t(int, in->fetched, sizeof(stock->fetch.data)),
					  emulation_type);
	if (stock_rc == KEMU_SHADOW_NO_STOCK)
		goto out;
	atomic64_inc(&shadow_decodes);
	if (rc == EMULATION_OK && stock_rc == EMULATION_OK)
		compare(&d, ctxt, stock);
	else if (rc == EMULATION_OK)
		atomic64_inc(&shadow_beyond_stock);
	else if (stock_rc == EMULATION_OK && known_refusal(ctxt, stock))
		d.known = true;
	else if (stock_rc == EMULATION_OK)
		d.any = true;	/* kemu refused what stock decodes */
	if (d.any) {
		atomic64_inc(&shadow_mismatches);
		keep(ctxt, &d, rc, stock_rc);
	} else if (d.known) {
		atomic64_inc(&shadow_known);
	}
	atomic64_add(ktime_get_ns() - start, &shadow_ns);
out:
	kemu_bridge_record_close(ctxt);
	kfree(stock);
	return rc;
}

/* --- debugfs: kemu/shadow ----------------------------------------------------------- */

static int shadow_show(struct seq_file *f, void *unused)
{
	unsigned int i;

	spin_lock(&kept_lock);
	for (i = 0; i < nkept; i++)
		seq_puts(f, kept[i]);
	spin_unlock(&kept_lock);
	return 0;
}

static int shadow_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, shadow_show, NULL, SHADOW_KEEP * SHADOW_LINE + 1);
}

/* Any write forgets the kept mismatches. */
static ssize_t shadow_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	spin_lock(&kept_lock);
	nkept = 0;
	spin_unlock(&kept_lock);
	return len;
}

static const struct file_operations shadow_fops = {
	.owner = THIS_MODULE,
	.open = shadow_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.write = shadow_write,
	.release = single_release,
};

void kemu_shadow_init(struct dentry *dir)
{
	if (dir)
		debugfs_create_file("shadow", 0600, dir, NULL, &shadow_fops);
}

void kemu_shadow_exit(void)
{
	static_branch_disable(&kemu_shadow_key);
}
