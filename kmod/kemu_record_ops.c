// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: the recording layer.  While an instruction is recorded, the core
 * calls these instead of the bridge's callbacks: each passes the call on and
 * writes it, with the answer, into the record (tools/RECORD-FORMAT.md).
 * They know nothing of KVM: only the kemu_ops contract.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include <kemu/kemu.h>

#include "kemu_bridge.h"
#include "kemu_record.h"

#define NEXT kemu_kvm_ops

static struct kemu_record *rec_of(void *opaque)
{
	return kemu_bridge_record(opaque);
}

static void end_call(struct kemu_record *r, void *opaque, int rc,
		     const struct kemu_exception *fault, bool writes)
{
	if (rc == KEMU_PROPAGATE_FAULT && fault)
		kemu_record_printf(r, " fault=%u,%u,%u,0x%llx", fault->vector,
				   fault->error_code_valid, fault->error_code,
				   (unsigned long long)fault->address);
	if (writes && rc == KEMU_CONTINUE && kemu_bridge_core(opaque)->exit_pending)
		kemu_record_printf(r, " exit_pending=1");
	kemu_record_printf(r, "\n");
}

/* Reads: fetch, read_mem, read_system. */
static int read_call(const char *name, int rc, void *opaque, kemu_u64 linear, const void *val,
		     unsigned int bytes, const struct kemu_exception *fault)
{
	struct kemu_record *r = rec_of(opaque);

	kemu_record_printf(r, "call %s addr=0x%llx len=0x%x rc=%d", name,
			   (unsigned long long)linear, bytes, rc);
	if (rc == KEMU_CONTINUE)
		kemu_record_bytes(r, "data", val, bytes);
	end_call(r, opaque, rc, fault, false);
	return rc;
}

static int rec_fetch(void *opaque, kemu_u64 linear, void *val, unsigned int bytes,
		     struct kemu_exception *fault)
{
	return read_call("fetch", NEXT.fetch(opaque, linear, val, bytes, fault), opaque, linear,
			 val, bytes, fault);
}

static int rec_read_mem(void *opaque, kemu_u64 linear, void *val, unsigned int bytes,
			struct kemu_exception *fault)
{
	return read_call("read_mem", NEXT.read_mem(opaque, linear, val, bytes, fault), opaque,
			 linear, val, bytes, fault);
}

static int rec_read_system(void *opaque, kemu_u64 linear, void *val, unsigned int bytes,
			   struct kemu_exception *fault)
{
	return read_call("read_system", NEXT.read_system(opaque, linear, val, bytes, fault),
			 opaque, linear, val, bytes, fault);
}

/* Writes: write_mem, write_system. */
static int write_call(const char *name, int rc, void *opaque, kemu_u64 linear,
		      const void *val, unsigned int bytes, const struct kemu_exception *fault)
{
	struct kemu_record *r = rec_of(opaque);

	kemu_record_printf(r, "call %s addr=0x%llx len=0x%x", name, (unsigned long long)linear,
			   bytes);
	kemu_record_bytes(r, "data", val, bytes);
	kemu_record_printf(r, " rc=%d", rc);
	end_call(r, opaque, rc, fault, true);
	return rc;
}

static int rec_write_mem(void *opaque, kemu_u64 linear, const void *val, unsigned int bytes,
			 struct kemu_exception *fault)
{
	return write_call("write_mem", NEXT.write_mem(opaque, linear, val, bytes, fault), opaque,
			  linear, val, bytes, fault);
}

static int rec_write_system(void *opaque, kemu_u64 linear, const void *val, unsigned int bytes,
			    struct kemu_exception *fault)
{
	return write_call("write_system", NEXT.write_system(opaque, linear, val, bytes, fault),
			  opaque, linear, val, bytes, fault);
}

static int rec_cmpxchg_mem(void *opaque, kemu_u64 linear, const void *old, const void *new_val,
			   unsigned int bytes, struct kemu_exception *fault)
{
	struct kemu_record *r = rec_of(opaque);
	int rc = NEXT.cmpxchg_mem(opaque, linear, old, new_val, bytes, fault);

	kemu_record_printf(r, "call cmpxchg_mem addr=0x%llx len=0x%x", (unsigned long long)linear,
			   bytes);
	kemu_record_bytes(r, "old", old, bytes);
	kemu_record_bytes(r, "data", new_val, bytes);
	kemu_record_printf(r, " rc=%d", rc);
	end_call(r, opaque, rc, fault, true);
	return rc;
}

static int rec_pio_in(void *opaque, unsigned int size, kemu_u16 port, void *val,
		      unsigned int count, struct kemu_exception *fault)
{
	struct kemu_record *r = rec_of(opaque);
	int rc = NEXT.pio_in(opaque, size, port, val, count, fault);

	kemu_record_printf(r, "call pio_in size=0x%x port=0x%x count=0x%x rc=%d", size, port,
			   count, rc);
	if (rc == KEMU_CONTINUE)
		kemu_record_bytes(r, "data", val, size * count);
	end_call(r, opaque, rc, fault, false);
	return rc;
}

static int rec_pio_out(void *opaque, unsigned int size, kemu_u16 port, const void *val,
		       unsigned int count, struct kemu_exception *fault)
{
	struct kemu_record *r = rec_of(opaque);
	int rc = NEXT.pio_out(opaque, size, port, val, count, fault);

	kemu_record_printf(r, "call pio_out size=0x%x port=0x%x count=0x%x", size, port, count);
	kemu_record_bytes(r, "data", val, size * count);
	kemu_record_printf(r, " rc=%d", rc);
	end_call(r, opaque, rc, fault, true);
	return rc;
}

static void print_segment(struct kemu_record *r, const struct kemu_segment *s)
{
	kemu_record_printf(r,
			   " sel=0x%x base=0x%llx limit=0x%x type=0x%x s=%u dpl=%u p=%u avl=%u l=%u db=%u g=%u unusable=%u",
			   s->selector, (unsigned long long)s->base, s->limit, s->type, s->s,
			   s->dpl, s->present, s->avl, s->l, s->db, s->g, s->unusable);
}

static void rec_get_segment(void *opaque, enum kemu_seg seg, struct kemu_segment *out)
{
	struct kemu_record *r = rec_of(opaque);

	NEXT.get_segment(opaque, seg, out);
	kemu_record_printf(r, "call get_segment seg=%d", seg);
	print_segment(r, out);
	kemu_record_printf(r, "\n");
}

static void rec_set_segment(void *opaque, enum kemu_seg seg, const struct kemu_segment *in)
{
	struct kemu_record *r = rec_of(opaque);

	NEXT.set_segment(opaque, seg, in);
	kemu_record_printf(r, "call set_segment seg=%d", seg);
	print_segment(r, in);
	kemu_record_printf(r, "\n");
}

static unsigned int rec_cpl(void *opaque)
{
	unsigned int v = NEXT.cpl(opaque);

	kemu_record_printf(rec_of(opaque), "call cpl value=0x%x\n", v);
	return v;
}

/* get_cr, get_dr; set_cr, set_dr */
static kemu_u64 get_call(const char *name, kemu_u64 v, void *opaque, unsigned int n)
{
	kemu_record_printf(rec_of(opaque), "call %s n=%u value=0x%llx\n", name, n,
			   (unsigned long long)v);
	return v;
}

static int set_call(const char *name, int rc, void *opaque, unsigned int n, kemu_u64 value,
		    const struct kemu_exception *fault)
{
	kemu_record_printf(rec_of(opaque), "call %s n=%u value=0x%llx rc=%d", name, n,
			   (unsigned long long)value, rc);
	end_call(rec_of(opaque), opaque, rc, fault, false);
	return rc;
}

static kemu_u64 rec_get_cr(void *opaque, unsigned int n)
{
	return get_call("get_cr", NEXT.get_cr(opaque, n), opaque, n);
}

static int rec_set_cr(void *opaque, unsigned int n, kemu_u64 value,
		      struct kemu_exception *fault)
{
	return set_call("set_cr", NEXT.set_cr(opaque, n, value, fault), opaque, n, value, fault);
}

static kemu_u64 rec_get_dr(void *opaque, unsigned int n)
{
	return get_call("get_dr", NEXT.get_dr(opaque, n), opaque, n);
}

static int rec_set_dr(void *opaque, unsigned int n, kemu_u64 value,
		      struct kemu_exception *fault)
{
	return set_call("set_dr", NEXT.set_dr(opaque, n, value, fault), opaque, n, value, fault);
}

static int msr_call(const char *name, int rc, void *opaque, kemu_u32 msr, kemu_u64 value,
		    const struct kemu_exception *fault)
{
	kemu_record_printf(rec_of(opaque), "call %s msr=0x%x rc=%d value=0x%llx", name, msr, rc,
			   (unsigned long long)value);
	end_call(rec_of(opaque), opaque, rc, fault, false);
	return rc;
}

/* (The call first: an argument list may read *value before it is made.) */
static int rec_get_msr(void *opaque, kemu_u32 msr, kemu_u64 *value,
		       struct kemu_exception *fault)
{
	int rc;

	*value = 0;
	rc = NEXT.get_msr(opaque, msr, value, fault);
	return msr_call("get_msr", rc, opaque, msr, *value, fault);
}

static int rec_get_msr_filtered(void *opaque, kemu_u32 msr, kemu_u64 *value,
				struct kemu_exception *fault)
{
	int rc;

	*value = 0;
	rc = NEXT.get_msr_filtered(opaque, msr, value, fault);
	return msr_call("get_msr_filtered", rc, opaque, msr, *value, fault);
}

static int rec_set_msr(void *opaque, kemu_u32 msr, kemu_u64 value,
		       struct kemu_exception *fault)
{
	int rc = NEXT.set_msr(opaque, msr, value, fault);

	kemu_record_printf(rec_of(opaque), "call set_msr msr=0x%x value=0x%llx rc=%d", msr,
			   (unsigned long long)value, rc);
	end_call(rec_of(opaque), opaque, rc, fault, false);
	return rc;
}

static void rec_cpuid(void *opaque, kemu_u32 *eax, kemu_u32 *ebx, kemu_u32 *ecx, kemu_u32 *edx)
{
	kemu_u32 leaf = *eax, sub = *ecx;

	NEXT.cpuid(opaque, eax, ebx, ecx, edx);
	kemu_record_printf(rec_of(opaque), "call cpuid eax=0x%x ecx=0x%x out=0x%x,0x%x,0x%x,0x%x\n",
			   leaf, sub, *eax, *ebx, *ecx, *edx);
}

static void rec_get_dtable(void *opaque, enum kemu_dtable_reg reg, struct kemu_dtable *out)
{
	NEXT.get_dtable(opaque, reg, out);
	kemu_record_printf(rec_of(opaque), "call get_dtable reg=%d base=0x%llx limit=0x%x\n", reg,
			   (unsigned long long)out->base, out->limit);
}

static void rec_set_dtable(void *opaque, enum kemu_dtable_reg reg, const struct kemu_dtable *in)
{
	NEXT.set_dtable(opaque, reg, in);
	kemu_record_printf(rec_of(opaque), "call set_dtable reg=%d base=0x%llx limit=0x%x\n", reg,
			   (unsigned long long)in->base, in->limit);
}

static void rec_invlpg(void *opaque, kemu_u64 linear)
{
	NEXT.invlpg(opaque, linear);
	kemu_record_printf(rec_of(opaque), "call invlpg addr=0x%llx\n", (unsigned long long)linear);
}

static void rec_wbinvd(void *opaque)
{
	NEXT.wbinvd(opaque);
	kemu_record_printf(rec_of(opaque), "call wbinvd\n");
}

static void rec_halt(void *opaque)
{
	NEXT.halt(opaque);
	kemu_record_printf(rec_of(opaque), "call halt\n");
}

static void rec_triple_fault(void *opaque)
{
	NEXT.triple_fault(opaque);
	kemu_record_printf(rec_of(opaque), "call triple_fault\n");
}

static int rec_set_xcr(void *opaque, kemu_u32 index, kemu_u64 value,
		       struct kemu_exception *fault)
{
	int rc = NEXT.set_xcr(opaque, index, value, fault);

	kemu_record_printf(rec_of(opaque), "call set_xcr index=0x%x value=0x%llx rc=%d", index,
			   (unsigned long long)value, rc);
	end_call(rec_of(opaque), opaque, rc, fault, false);
	return rc;
}

static int rec_read_pmc(void *opaque, kemu_u32 counter, kemu_u64 *value,
			struct kemu_exception *fault)
{
	int rc;

	*value = 0;
	rc = NEXT.read_pmc(opaque, counter, value, fault);
	kemu_record_printf(rec_of(opaque), "call read_pmc counter=0x%x rc=%d value=0x%llx",
			   counter, rc, (unsigned long long)*value);
	end_call(rec_of(opaque), opaque, rc, fault, false);
	return rc;
}

static void rec_set_nmi_mask(void *opaque, int masked)
{
	NEXT.set_nmi_mask(opaque, masked);
	kemu_record_printf(rec_of(opaque), "call set_nmi_mask masked=%d\n", masked ? 1 : 0);
}

static int rec_intercept(void *opaque, const struct kemu_intercept_info *i,
			 enum kemu_intercept_stage stage, struct kemu_exception *fault)
{
	int rc = NEXT.intercept(opaque, i, stage, fault);

	kemu_record_printf(rec_of(opaque),
			   "call intercept stage=%d intercept=%u rep=0x%x mod=0x%x reg=0x%x rm=0x%x src=0x%llx dst=0x%llx srcb=0x%x dstb=0x%x adb=0x%x next=0x%llx rc=%d",
			   stage, i->intercept, i->rep_prefix, i->modrm_mod, i->modrm_reg,
			   i->modrm_rm, (unsigned long long)i->src_val,
			   (unsigned long long)i->dst_val, i->src_bytes, i->dst_bytes, i->ad_bytes,
			   (unsigned long long)i->next_rip, rc);
	end_call(rec_of(opaque), opaque, rc, fault, false);
	return rc;
}

static int rec_fix_hypercall(void *opaque, struct kemu_exception *fault)
{
	int rc = NEXT.fix_hypercall(opaque, fault);

	kemu_record_printf(rec_of(opaque), "call fix_hypercall rc=%d", rc);
	end_call(rec_of(opaque), opaque, rc, fault, false);
	return rc;
}

static unsigned int vreg_bytes(enum kemu_vreg_kind kind)
{
	return kind == KEMU_VREG_YMM ? 32 : kind == KEMU_VREG_MMX ? 8 : 16;
}

static void rec_get_vreg(void *opaque, enum kemu_vreg_kind kind, unsigned int index, void *val)
{
	struct kemu_record *r = rec_of(opaque);

	NEXT.get_vreg(opaque, kind, index, val);
	kemu_record_printf(r, "call get_vreg kind=%d index=%u", kind, index);
	kemu_record_bytes(r, "data", val, vreg_bytes(kind));
	kemu_record_printf(r, "\n");
}

static void rec_set_vreg(void *opaque, enum kemu_vreg_kind kind, unsigned int index,
			 const void *val)
{
	struct kemu_record *r = rec_of(opaque);

	NEXT.set_vreg(opaque, kind, index, val);
	kemu_record_printf(r, "call set_vreg kind=%d index=%u", kind, index);
	kemu_record_bytes(r, "data", val, vreg_bytes(kind));
	kemu_record_printf(r, "\n");
}

static void rec_x87(void *opaque, enum kemu_x87_op op, kemu_u16 *word)
{
	NEXT.x87(opaque, op, word);
	if (op == KEMU_X87_FNINIT)
		kemu_record_printf(rec_of(opaque), "call x87 op=%d\n", op);
	else
		kemu_record_printf(rec_of(opaque), "call x87 op=%d value=0x%x\n", op, *word);
}

static void rec_fxsave(void *opaque, void *image, unsigned int bytes)
{
	struct kemu_record *r = rec_of(opaque);

	NEXT.fxsave(opaque, image, bytes);
	kemu_record_printf(r, "call fxsave len=0x%x", bytes);
	kemu_record_bytes(r, "data", image, bytes);
	kemu_record_printf(r, "\n");
}

static void rec_fxrstor(void *opaque, const void *image, unsigned int bytes)
{
	struct kemu_record *r = rec_of(opaque);

	NEXT.fxrstor(opaque, image, bytes);
	kemu_record_printf(r, "call fxrstor len=0x%x", bytes);
	kemu_record_bytes(r, "data", image, bytes);
	kemu_record_printf(r, "\n");
}

static int rec_is_smm(void *opaque)
{
	int v = NEXT.is_smm(opaque);

	kemu_record_printf(rec_of(opaque), "call is_smm value=0x%x\n", v);
	return v;
}

static int rec_leave_smm(void *opaque, struct kemu_exception *fault)
{
	const struct kemu_ctxt *k = kemu_bridge_core(opaque);
	struct kemu_record *r = rec_of(opaque);
	int rc = NEXT.leave_smm(opaque, fault);
	unsigned int i;

	kemu_record_printf(r, "call leave_smm rc=%d rip=0x%llx rflags=0x%llx gprs=", rc,
			   (unsigned long long)k->rip, (unsigned long long)k->rflags);
	for (i = 0; i < KEMU_NR_GPRS; i++)
		kemu_record_printf(r, "%s0x%llx", i ? "," : "", (unsigned long long)k->gprs[i]);
	end_call(r, opaque, rc, fault, false);
	return rc;
}

/* The bridge's table with every callback it has wrapped; the others stay NULL. */
#define WRAP(op) .op = NEXT.op ? rec_##op : NULL

static struct kemu_ops recording_ops;

void kemu_record_ops_init(void)
{
	struct kemu_ops o = {
		WRAP(fetch), WRAP(read_mem), WRAP(write_mem), WRAP(get_segment),
		WRAP(cmpxchg_mem), WRAP(pio_in), WRAP(pio_out), WRAP(cpl),
		WRAP(read_system), WRAP(write_system), WRAP(get_cr), WRAP(set_cr),
		WRAP(get_dr), WRAP(set_dr), WRAP(get_msr), WRAP(set_msr), WRAP(cpuid),
		WRAP(get_dtable), WRAP(set_dtable), WRAP(invlpg), WRAP(wbinvd),
		WRAP(halt), WRAP(set_xcr), WRAP(read_pmc), WRAP(set_segment),
		WRAP(set_nmi_mask), WRAP(intercept), WRAP(fix_hypercall),
		WRAP(get_vreg), WRAP(set_vreg), WRAP(x87), WRAP(fxsave), WRAP(fxrstor),
		WRAP(is_smm), WRAP(leave_smm), WRAP(triple_fault),
		WRAP(get_msr_filtered),
	};

	recording_ops = o;
}

const struct kemu_ops *kemu_recording_ops(void)
{
	return &recording_ops;
}
