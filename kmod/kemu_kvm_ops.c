// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: the core's callbacks (struct kemu_ops), answered by KVM's
 * x86_emulate_ops of the ctxt being emulated.  Each adapts one call: types,
 * KVM's fault record, the buffers KVM keeps across an exit to userspace, and
 * the exits it has pending (exit_pending).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/string.h>
#include <linux/version.h>

#include "kemu_bridge_state.h"

struct kemu_record *kemu_bridge_record(void *opaque)
{
	return bridge_of(kvm_ctxt(opaque))->rec;
}

const struct kemu_ctxt *kemu_bridge_core(void *opaque)
{
	return &bridge_of(kvm_ctxt(opaque))->core;
}

/* --- faults ---------------------------------------------------------------- */

/*
 * A KVM callback filled ctxt->exception (with what only KVM knows: a nested
 * page fault, its exit qualification): hand the core its view and remember
 * it, so the same fault goes back to KVM untouched.
 */
int from_kvm_fault(struct x86_emulate_ctxt *ctxt, int rc, struct kemu_exception *fault)
{
	struct kemu_bridge *b = bridge_of(ctxt);

	if (rc != X86EMUL_PROPAGATE_FAULT)
		return rc;
	memset(fault, 0, sizeof(*fault));
	fault->vector = ctxt->exception.vector;
	fault->error_code_valid = ctxt->exception.error_code_valid;
	fault->error_code = ctxt->exception.error_code;
	fault->address = ctxt->exception.address;
	b->op_fault = *fault;
	b->op_fault_valid = true;
	return rc;
}

/*
 * KVM's CR, DR, XCR and PMC callbacks answer non-zero where the emulator
 * raises #GP(0): the fault the core takes from its host.
 */
static int refused_gp(int rc, struct kemu_exception *fault)
{
	if (!rc)
		return KEMU_CONTINUE;
	memset(fault, 0, sizeof(*fault));
	fault->vector = GP_VECTOR;
	fault->error_code_valid = 1;
	return KEMU_PROPAGATE_FAULT;
}

/* KVM's MSR callbacks answer X86EMUL_*, PROPAGATE_FAULT for #GP(0) unfilled. */
static int msr_status(int rc, struct kemu_exception *fault)
{
	return rc == X86EMUL_PROPAGATE_FAULT ? refused_gp(rc, fault) : rc;
}

/* --- memory ---------------------------------------------------------------- */

static int op_fetch(void *opaque, kemu_u64 linear, void *val, unsigned int bytes,
		    struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return from_kvm_fault(ctxt, ctxt->ops->fetch(ctxt, linear, val, bytes, &ctxt->exception),
			      fault);
}

/* val is in the core's read cache, inside ctxt: KVM may fill it on re-entry. */
static int op_read_mem(void *opaque, kemu_u64 linear, void *val, unsigned int bytes,
		       struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return from_kvm_fault(ctxt, ctxt->ops->read_emulated(ctxt, linear, val, bytes,
							     &ctxt->exception), fault);
}

/* After an accepted write that became an MMIO exit, a REP string must stop. */
static void note_mmio_exit(struct x86_emulate_ctxt *ctxt)
{
	if (vcpu_of(ctxt)->mmio_needed)
		bridge_of(ctxt)->core.exit_pending = 1;
}

/*
 * KVM copies up to 8 bytes of a write at once and takes the rest from the
 * caller's buffer after the exit to userspace: larger writes go out of the
 * bridge's buffer in the ctxt, which lives as long as the vCPU.  A write
 * from the bridge itself (a REP INS run, up to 1 KiB, from the core's read
 * cache) is there already.
 */
static u8 *kept_area(struct x86_emulate_ctxt *ctxt)
{
	return PTR_ALIGN(&bridge_of(ctxt)->kept_raw[0], 16);
}

static bool kept_write_buffer(struct x86_emulate_ctxt *ctxt, const void **val,
			      unsigned int bytes)
{
	const u8 *bridge = (const u8 *)bridge_of(ctxt);
	u8 *kept = kept_area(ctxt);

	if (bytes <= 8)
		return true;
	if ((const u8 *)*val >= bridge &&
	    (const u8 *)*val + bytes <= bridge + sizeof(struct kemu_bridge))
		return true;
	if (bytes > 512)
		return false;
	memmove(kept, *val, bytes);	/* FXSAVE's image may already be there */
	*val = kept;
	return true;
}

static int op_write_mem(void *opaque, kemu_u64 linear, const void *val, unsigned int bytes,
			struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	int rc;

	if (!kept_write_buffer(ctxt, &val, bytes))
		return X86EMUL_UNHANDLEABLE;
	rc = ctxt->ops->write_emulated(ctxt, linear, val, bytes, &ctxt->exception);
	if (rc == X86EMUL_CONTINUE)
		note_mmio_exit(ctxt);
	return from_kvm_fault(ctxt, rc, fault);
}

static int op_cmpxchg_mem(void *opaque, kemu_u64 linear, const void *old, const void *new_val,
			  unsigned int bytes, struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	int rc;

	/* Over 8 bytes (CMPXCHG16B) KVM writes plainly, keeping the buffer. */
	if (!kept_write_buffer(ctxt, &new_val, bytes))
		return X86EMUL_UNHANDLEABLE;
	rc = ctxt->ops->cmpxchg_emulated(ctxt, linear, old, new_val, bytes, &ctxt->exception);

	/* An MMIO target is written plainly ("emulating exchange as write"). */
	if (rc == X86EMUL_CONTINUE)
		note_mmio_exit(ctxt);
	return from_kvm_fault(ctxt, rc, fault);
}

static int op_read_system(void *opaque, kemu_u64 linear, void *val, unsigned int bytes,
			  struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return from_kvm_fault(ctxt, ctxt->ops->read_std(ctxt, linear, val, bytes,
							&ctxt->exception, true), fault);
}

static int op_write_system(void *opaque, kemu_u64 linear, const void *val, unsigned int bytes,
			   struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	/* write_std takes a non-const buffer but only reads it. */
	return from_kvm_fault(ctxt, ctxt->ops->write_std(ctxt, linear, (void *)val, bytes,
							 &ctxt->exception, true), fault);
}

/* --- ports ----------------------------------------------------------------- */

/* KVM's pio callbacks answer 1 (done in the kernel) or 0 (exit to userspace). */
static int op_pio_in(void *opaque, unsigned int size, kemu_u16 port, void *val,
		     unsigned int count, struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	struct kvm_vcpu *vcpu = vcpu_of(ctxt);

	/*
	 * A completion copies all pio.count elements into val: more than asked
	 * for when stock KVM's REP INS read ahead before the takeover.
	 */
	if (vcpu->arch.pio.count &&
	    (u64)vcpu->arch.pio.count * vcpu->arch.pio.size > (u64)size * count)
		return X86EMUL_UNHANDLEABLE;
	/* 0: the vCPU exits; the completion runs the instruction again. */
	return ctxt->ops->pio_in_emulated(ctxt, size, port, val, count) ? X86EMUL_CONTINUE
									 : X86EMUL_IO_NEEDED;
}

static int op_pio_out(void *opaque, unsigned int size, kemu_u16 port, const void *val,
		      unsigned int count, struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	/* 0: KVM took the data and exits after this instruction (or element). */
	if (!ctxt->ops->pio_out_emulated(ctxt, size, port, val, count))
		bridge_of(ctxt)->core.exit_pending = 1;
	return X86EMUL_CONTINUE;
}

/* --- segments and descriptor tables --------------------------------------- */

static void op_get_segment(void *opaque, enum kemu_seg seg, struct kemu_segment *out)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	struct desc_struct desc;
	u32 base3 = 0;
	u16 selector = 0;
	bool usable;

	usable = ctxt->ops->get_segment(ctxt, &selector, &desc, &base3, seg);
	memset(out, 0, sizeof(*out));
	out->selector = selector;
	if (!usable) {
		out->unusable = 1;
		return;
	}
	out->base = get_desc_base(&desc) | ((u64)base3 << 32);
	out->limit = get_desc_limit(&desc);
	if (desc.g)
		out->limit = (out->limit << 12) | 0xfff;
	out->type = desc.type;
	out->s = desc.s;
	out->dpl = desc.dpl;
	out->present = desc.p;
	out->avl = desc.avl;
	out->l = desc.l;
	out->db = desc.d;
	out->g = desc.g;
}

static void op_set_segment(void *opaque, enum kemu_seg seg, const struct kemu_segment *in)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	struct desc_struct desc;

	memset(&desc, 0, sizeof(desc));
	set_desc_base(&desc, (u32)in->base);
	set_desc_limit(&desc, in->g ? in->limit >> 12 : in->limit);
	desc.type = in->type;
	desc.s = in->s;
	desc.dpl = in->dpl;
	/* KVM marks a segment unusable by a clear present bit. */
	desc.p = in->present && !in->unusable;
	desc.avl = in->avl;
	desc.l = in->l;
	desc.d = in->db;
	desc.g = in->g;
	ctxt->ops->set_segment(ctxt, in->selector, &desc, (u32)(in->base >> 32), seg);
}

static void op_get_dtable(void *opaque, enum kemu_dtable_reg reg, struct kemu_dtable *out)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	struct desc_ptr dt;

	if (reg == KEMU_GDTR)
		ctxt->ops->get_gdt(ctxt, &dt);
	else
		ctxt->ops->get_idt(ctxt, &dt);
	memset(out, 0, sizeof(*out));
	out->base = dt.address;
	out->limit = dt.size;
}

static void op_set_dtable(void *opaque, enum kemu_dtable_reg reg, const struct kemu_dtable *in)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	struct desc_ptr dt = { .size = in->limit, .address = in->base };

	if (reg == KEMU_GDTR)
		ctxt->ops->set_gdt(ctxt, &dt);
	else
		ctxt->ops->set_idt(ctxt, &dt);
}

/* --- system registers, MSRs, CPUID ----------------------------------------- */

static unsigned int op_cpl(void *opaque)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return ctxt->ops->cpl(ctxt);
}

static kemu_u64 op_get_cr(void *opaque, unsigned int cr)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return ctxt->ops->get_cr(ctxt, cr);
}

static int op_set_cr(void *opaque, unsigned int cr, kemu_u64 value,
		     struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return refused_gp(ctxt->ops->set_cr(ctxt, cr, value), fault);
}

static kemu_u64 op_get_dr(void *opaque, unsigned int dr)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return ctxt->ops->get_dr(ctxt, dr);
#else
	ulong value = 0;

	ctxt->ops->get_dr(ctxt, dr, &value);
	return value;
#endif
}

static int op_set_dr(void *opaque, unsigned int dr, kemu_u64 value,
		     struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return refused_gp(ctxt->ops->set_dr(ctxt, dr, value), fault);
}

/* KVM's getters fill a u64 (unsigned long long), the core's a kemu_u64. */
static int read_u64(int (*get)(struct x86_emulate_ctxt *ctxt, u32 index, u64 *value),
		    struct x86_emulate_ctxt *ctxt, u32 index, kemu_u64 *value)
{
	u64 v = 0;
	int rc = get(ctxt, index, &v);

	*value = v;
	return rc;
}

/* The core's own reads (EFER, STAR, TSC, ...): no MSR filter applies. */
static int op_get_msr(void *opaque, kemu_u32 msr, kemu_u64 *value,
		      struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return msr_status(read_u64(ctxt->ops->get_msr, ctxt, msr, value), fault);
}

static int op_get_msr_filtered(void *opaque, kemu_u32 msr, kemu_u64 *value,
			       struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return msr_status(read_u64(ctxt->ops->get_msr_with_filter, ctxt, msr, value), fault);
}

static int op_set_msr(void *opaque, kemu_u32 msr, kemu_u64 value,
		      struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return msr_status(ctxt->ops->set_msr_with_filter(ctxt, msr, value), fault);
}

static void op_cpuid(void *opaque, kemu_u32 *eax, kemu_u32 *ebx, kemu_u32 *ecx, kemu_u32 *edx)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	ctxt->ops->get_cpuid(ctxt, eax, ebx, ecx, edx, false);
}

static void op_invlpg(void *opaque, kemu_u64 linear)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	ctxt->ops->invlpg(ctxt, linear);
}

static void op_wbinvd(void *opaque)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	ctxt->ops->wbinvd(ctxt);
}

static void op_halt(void *opaque)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	ctxt->ops->halt(ctxt);
}

static int op_set_xcr(void *opaque, kemu_u32 index, kemu_u64 value,
		      struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return refused_gp(ctxt->ops->set_xcr(ctxt, index, value), fault);
}

/*
 * KVM's check_rdpmc: the vendor's early check (which the VMware backdoor's
 * pseudo-PMCs skip when it is enabled), then the read (non-zero: #GP).
 */
static int op_read_pmc(void *opaque, kemu_u32 counter, kemu_u64 *value,
		       struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	bool backdoor = bridge_of(ctxt)->core.vmware_backdoor &&
			counter >= KEMU_VMWARE_PMC_HOST_TSC &&
			counter <= KEMU_VMWARE_PMC_APPARENT_TIME;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	if (!backdoor && ctxt->ops->check_rdpmc_early(ctxt, counter))
		return refused_gp(1, fault);
#else
	if (!backdoor && ctxt->ops->check_pmc(ctxt, counter))
		return refused_gp(1, fault);
#endif
	return refused_gp(read_u64(ctxt->ops->read_pmc, ctxt, counter, value), fault);
}

static void op_set_nmi_mask(void *opaque, int masked)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	ctxt->ops->set_nmi_mask(ctxt, masked);
}

/*
 * KVM's check_intercept (VMX: #UD for RDTSCP/RDPID L1 does not expose) and
 * fix_hypercall (#UD without the patching quirk, #PF writing the new
 * instruction) fill ctxt->exception, as its memory callbacks do.
 */
static int op_intercept(void *opaque, const struct kemu_intercept_info *in,
			enum kemu_intercept_stage stage, struct kemu_exception *fault)
{
	static const enum x86_intercept_stage stages[] = {
		[KEMU_ICPT_PRE_EXCEPT] = X86_ICPT_PRE_EXCEPT,
		[KEMU_ICPT_POST_EXCEPT] = X86_ICPT_POST_EXCEPT,
		[KEMU_ICPT_POST_MEMACCESS] = X86_ICPT_POST_MEMACCESS,
	};
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	struct x86_instruction_info info = {
		.intercept = in->intercept,
		.rep_prefix = in->rep_prefix,
		.modrm_mod = in->modrm_mod,
		.modrm_reg = in->modrm_reg,
		.modrm_rm = in->modrm_rm,
		.src_val = in->src_val,
		.dst_val = in->dst_val,
		.src_bytes = in->src_bytes,
		.dst_bytes = in->dst_bytes,
		.ad_bytes = in->ad_bytes,
		.next_rip = in->next_rip,
	};

	if (stage >= ARRAY_SIZE(stages))
		return X86EMUL_UNHANDLEABLE;
	return from_kvm_fault(ctxt, ctxt->ops->intercept(ctxt, &info, stages[stage]), fault);
}

static int op_fix_hypercall(void *opaque, struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return from_kvm_fault(ctxt, ctxt->ops->fix_hypercall(ctxt), fault);
}

/* --- FPU state (the guest's, loaded by kvm_fpu_get()) ---------------------- */

/* vmovdqu between YMMn and 32 bytes of memory (n is part of the opcode). */
#define YMM_STORE(n)                                                         \
	case n:                                                              \
		asm volatile("vmovdqu %%ymm" #n ", %0" : "=m"(*(u8(*)[32])val)); \
		break
#define YMM_LOAD(n)                                                          \
	case n:                                                              \
		asm volatile("vmovdqu %0, %%ymm" #n : : "m"(*(const u8(*)[32])val)); \
		break

static void read_ymm(unsigned int index, u8 *val)
{
	switch (index) {
	YMM_STORE(0); YMM_STORE(1); YMM_STORE(2); YMM_STORE(3);
	YMM_STORE(4); YMM_STORE(5); YMM_STORE(6); YMM_STORE(7);
	YMM_STORE(8); YMM_STORE(9); YMM_STORE(10); YMM_STORE(11);
	YMM_STORE(12); YMM_STORE(13); YMM_STORE(14); YMM_STORE(15);
	}
}

static void write_ymm(unsigned int index, const u8 *val)
{
	switch (index) {
	YMM_LOAD(0); YMM_LOAD(1); YMM_LOAD(2); YMM_LOAD(3);
	YMM_LOAD(4); YMM_LOAD(5); YMM_LOAD(6); YMM_LOAD(7);
	YMM_LOAD(8); YMM_LOAD(9); YMM_LOAD(10); YMM_LOAD(11);
	YMM_LOAD(12); YMM_LOAD(13); YMM_LOAD(14); YMM_LOAD(15);
	}
}

static void op_get_vreg(void *opaque, enum kemu_vreg_kind kind, unsigned int index, void *val)
{
	sse128_t xmm; /* kvm_*_sse_reg use MOVDQA: an aligned buffer */

	switch (kind) {
	case KEMU_VREG_XMM:
		kvm_read_sse_reg(index, &xmm);
		memcpy(val, &xmm, sizeof(xmm));
		break;
	case KEMU_VREG_MMX:
		kvm_read_mmx_reg(index, val);
		break;
	case KEMU_VREG_YMM:
		kvm_fpu_get();
		read_ymm(index, val);
		kvm_fpu_put();
		break;
	}
}

static void op_set_vreg(void *opaque, enum kemu_vreg_kind kind, unsigned int index,
			const void *val)
{
	sse128_t xmm; /* kvm_*_sse_reg use MOVDQA: an aligned buffer */

	switch (kind) {
	case KEMU_VREG_XMM:
		memcpy(&xmm, val, sizeof(xmm));
		kvm_write_sse_reg(index, &xmm);
		break;
	case KEMU_VREG_MMX:
		kvm_write_mmx_reg(index, val);
		break;
	case KEMU_VREG_YMM:
		kvm_fpu_get();
		write_ymm(index, val);
		kvm_fpu_put();
		break;
	}
}

static void op_x87(void *opaque, enum kemu_x87_op op, kemu_u16 *word)
{
	kvm_fpu_get();
	switch (op) {
	case KEMU_X87_FNINIT:
		asm volatile("fninit");
		break;
	case KEMU_X87_FNSTCW:
		asm volatile("fnstcw %0" : "=m"(*word));
		break;
	case KEMU_X87_FNSTSW:
		asm volatile("fnstsw %0" : "=m"(*word));
		break;
	}
	kvm_fpu_put();
}

static void op_fxsave(void *opaque, void *image, unsigned int bytes)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	u8 *fx = kept_area(ctxt);

	kvm_fpu_get();
	asm volatile("fxsave %0" : "=m"(*(u8(*)[512])fx));
	kvm_fpu_put();
	memcpy(image, fx, min(bytes, 512u));
}

/* The core checked the image (MXCSR reserved bits) before asking. */
static void op_fxrstor(void *opaque, const void *image, unsigned int bytes)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	u8 *fx = kept_area(ctxt);

	kvm_fpu_get();
	asm volatile("fxsave %0" : "=m"(*(u8(*)[512])fx));
	memcpy(fx, image, min(bytes, 512u));
	asm volatile("fxrstor %0" : : "m"(*(const u8(*)[512])fx));
	kvm_fpu_put();
}

/* --- SMM --------------------------------------------------------------------- */

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
static int op_is_smm(void *opaque)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return ctxt->ops->is_smm(ctxt);
}

/*
 * smm.c loads the saved state into the vCPU and, through kvm_emulate.h's
 * reg_write(), into ctxt->_regs, _eip and eflags: take the core's copy from
 * there.
 */
static int op_leave_smm(void *opaque, struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	struct kemu_ctxt *k = &bridge_of(ctxt)->core;
	unsigned int i;

	/* The state could not be restored: the core asks for a triple fault. */
	if (ctxt->ops->leave_smm(ctxt))
		return KEMU_UNHANDLEABLE;
	for (i = 0; i < NR_EMULATOR_GPRS; i++)
		if (ctxt->regs_valid & BIT(i))
			k->gprs[i] = ctxt->_regs[i];
	k->rip = ctxt->_eip;
	k->rflags = ctxt->eflags;
	return KEMU_CONTINUE;
}
#endif

static void op_triple_fault(void *opaque)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	ctxt->ops->triple_fault(ctxt);
}

const struct kemu_ops kemu_kvm_ops = {
	.fetch = op_fetch,
	.read_mem = op_read_mem,
	.write_mem = op_write_mem,
	.get_segment = op_get_segment,
	.cmpxchg_mem = op_cmpxchg_mem,
	.pio_in = op_pio_in,
	.pio_out = op_pio_out,
	.cpl = op_cpl,
	.read_system = op_read_system,
	.write_system = op_write_system,
	.get_cr = op_get_cr,
	.set_cr = op_set_cr,
	.get_dr = op_get_dr,
	.set_dr = op_set_dr,
	.get_msr = op_get_msr,
	.set_msr = op_set_msr,
	.cpuid = op_cpuid,
	.get_dtable = op_get_dtable,
	.set_dtable = op_set_dtable,
	.invlpg = op_invlpg,
	.wbinvd = op_wbinvd,
	.halt = op_halt,
	.set_xcr = op_set_xcr,
	.read_pmc = op_read_pmc,
	.set_segment = op_set_segment,
	.set_nmi_mask = op_set_nmi_mask,
	.intercept = op_intercept,
	.fix_hypercall = op_fix_hypercall,
	.get_vreg = op_get_vreg,
	.set_vreg = op_set_vreg,
	.x87 = op_x87,
	.fxsave = op_fxsave,
	.fxrstor = op_fxrstor,
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	/* 6.1's RSM loads SMRAM inside emulate.c: no callback for the core. */
	.is_smm = op_is_smm,
	.leave_smm = op_leave_smm,
#endif
	.triple_fault = op_triple_fault,
	.get_msr_filtered = op_get_msr_filtered,
};
