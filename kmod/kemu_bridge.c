// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: KVM's emulator entry points, on top of the C++ core.
 *
 * KVM keeps one struct x86_emulate_ctxt per vCPU (a slab object whose
 * hardened-usercopy window starts at `src`).  x86.c reads and writes a set
 * of its fields around every emulation (eip, eflags, mode, exception, _eip,
 * fetch, _regs/regs_valid/regs_dirty, ...): those stay KVM's and are kept
 * exact here.  Everything else is the emulator's own, and kemu's state
 * lives there: struct kemu_bridge (the core's kemu_ctxt plus the buffers
 * KVM may keep across an exit to userspace) overlays the io_read and
 * mem_read caches, which only emulate.c ever touched.  So the state has the
 * vCPU's lifetime without an allocation, and every buffer handed to KVM's
 * memory callbacks is inside the slab object, after `src`.
 *
 * mem_read.end, which KVM's own init_decode_cache() zeroes, marks an
 * instruction kemu decoded: an I/O completion (EMULTYPE_NO_DECODE) that
 * reaches kemu for an instruction stock KVM decoded before the takeover
 * fails cleanly instead of running on someone else's state.  The reverse
 * direction is closed by leaving KVM's own decode fields in a state its
 * x86_emulate_insn() refuses (poison_stock_decode()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/version.h>

#include "kvm_emulate.h" /* KVM's private header, from this kernel's source */

#include <kemu/kemu.h>

#include "kemu_bridge.h"
#include "kemu_record.h"
#include "kemu_stats.h"

struct kemu_counters kemu_counters;

/* mem_read.end of an instruction kemu decoded ("kemu" in ASCII). */
#define KEMU_DECODED 0x756d656bUL

struct kemu_bridge {
	struct kemu_ctxt core;
	/* Writes over 8 bytes: KVM keeps the buffer until userspace took it. */
	u8 write_buf[32];
	/* FXSAVE image; aligned to 16 at run time (fx_area()). */
	u8 fx_raw[512 + 16];
	/* The exception in ctxt->exception came from this KVM callback. */
	struct kemu_exception op_fault;
	bool op_fault_valid;
	/* core.gprs hold the vCPU's registers (cleared by invalidate). */
	bool regs_loaded;
	/* for the statistics: the decode's EMULTYPE_* and time, first pass */
	bool first_pass;
	u32 emulation_type;
	u64 decode_ns;
	u64 pass_rip;	/* rIP at the start of the pass */
	struct kemu_record *rec;	/* this instruction's record, if recorded */
	u16 pass;	/* passes of the recorded instruction */
};

#define BRIDGE_START offsetof(struct x86_emulate_ctxt, io_read)
#define BRIDGE_END offsetof(struct x86_emulate_ctxt, mem_read.end)

/* The layout this file relies on, for the kvm_emulate.h it is built with. */
static_assert(offsetof(struct x86_emulate_ctxt, mem_read) >
	      offsetof(struct x86_emulate_ctxt, io_read));
static_assert(BRIDGE_START >= offsetof(struct x86_emulate_ctxt, src) +
	      sizeof(struct operand), "must be inside the usercopy window");
static_assert(sizeof(struct kemu_bridge) <= BRIDGE_END - BRIDGE_START);
static_assert(BRIDGE_START % __alignof__(struct kemu_bridge) == 0);
static_assert(NR_EMULATOR_GPRS == KEMU_NR_GPRS);
static_assert(sizeof(((struct x86_emulate_ctxt *)0)->fetch.data) == KEMU_MAX_INSN_LEN);
static_assert(X86EMUL_CONTINUE == KEMU_CONTINUE && X86EMUL_UNHANDLEABLE == KEMU_UNHANDLEABLE &&
	      X86EMUL_PROPAGATE_FAULT == KEMU_PROPAGATE_FAULT &&
	      X86EMUL_RETRY_INSTR == KEMU_RETRY_INSTR &&
	      X86EMUL_CMPXCHG_FAILED == KEMU_CMPXCHG_FAILED &&
	      X86EMUL_IO_NEEDED == KEMU_IO_NEEDED && X86EMUL_INTERCEPTED == KEMU_INTERCEPTED);
static_assert(X86EMUL_MODE_REAL == (int)KEMU_MODE_REAL && X86EMUL_MODE_VM86 == (int)KEMU_MODE_VM86 &&
	      X86EMUL_MODE_PROT16 == (int)KEMU_MODE_PROT16 &&
	      X86EMUL_MODE_PROT32 == (int)KEMU_MODE_PROT32 &&
	      X86EMUL_MODE_PROT64 == (int)KEMU_MODE_PROT64);
static_assert(VCPU_SREG_ES == (int)KEMU_SEG_ES && VCPU_SREG_CS == (int)KEMU_SEG_CS &&
	      VCPU_SREG_SS == (int)KEMU_SEG_SS && VCPU_SREG_DS == (int)KEMU_SEG_DS &&
	      VCPU_SREG_FS == (int)KEMU_SEG_FS && VCPU_SREG_GS == (int)KEMU_SEG_GS &&
	      VCPU_SREG_TR == (int)KEMU_SEG_TR && VCPU_SREG_LDTR == (int)KEMU_SEG_LDTR);
static_assert(KEMU_SHADOW_MOV_SS == KVM_X86_SHADOW_INT_MOV_SS &&
	      KEMU_SHADOW_STI == KVM_X86_SHADOW_INT_STI);
static_assert((int)KEMU_TASK_SWITCH_CALL == TASK_SWITCH_CALL &&
	      (int)KEMU_TASK_SWITCH_IRET == TASK_SWITCH_IRET &&
	      (int)KEMU_TASK_SWITCH_JMP == TASK_SWITCH_JMP &&
	      (int)KEMU_TASK_SWITCH_GATE == TASK_SWITCH_GATE);

/* The entry points have exactly KVM's prototypes. */
static_assert(__same_type(&kemu_x86_decode_insn, &x86_decode_insn));
static_assert(__same_type(&kemu_x86_emulate_insn, &x86_emulate_insn));
static_assert(__same_type(&kemu_init_decode_cache, &init_decode_cache));
static_assert(__same_type(&kemu_x86_page_table_writing_insn, &x86_page_table_writing_insn));
static_assert(__same_type(&kemu_emulator_task_switch, &emulator_task_switch));
static_assert(__same_type(&kemu_emulate_int_real, &emulate_int_real));
static_assert(__same_type(&kemu_emulator_invalidate_register_cache,
			  &emulator_invalidate_register_cache));
static_assert(__same_type(&kemu_emulator_writeback_register_cache,
			  &emulator_writeback_register_cache));
static_assert(__same_type(&kemu_emulator_can_use_gpa, &emulator_can_use_gpa));

static struct kemu_bridge *bridge_of(struct x86_emulate_ctxt *ctxt)
{
	return (struct kemu_bridge *)((u8 *)ctxt + BRIDGE_START);
}

static struct x86_emulate_ctxt *kvm_ctxt(void *opaque)
{
	return opaque;
}

struct kemu_record *kemu_bridge_record(void *opaque)
{
	return bridge_of(kvm_ctxt(opaque))->rec;
}

const struct kemu_ctxt *kemu_bridge_core(void *opaque)
{
	return &bridge_of(kvm_ctxt(opaque))->core;
}

static struct kvm_vcpu *vcpu_of(struct x86_emulate_ctxt *ctxt)
{
	return ctxt->vcpu;
}

/* --- faults ---------------------------------------------------------------- */

/*
 * A KVM callback filled ctxt->exception (with what only KVM knows: a nested
 * page fault, its exit qualification): hand the core its view and remember
 * it, so the same fault goes back to KVM untouched.
 */
static int from_kvm_fault(struct x86_emulate_ctxt *ctxt, int rc, struct kemu_exception *fault)
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

static void publish_exception(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	const struct kemu_exception *e = &b->core.exception;

	ctxt->have_exception = true;
	if (b->op_fault_valid && !memcmp(e, &b->op_fault, sizeof(*e)))
		return;
	ctxt->exception.vector = e->vector;
	ctxt->exception.error_code_valid = e->error_code_valid;
	ctxt->exception.error_code = e->error_code;
	ctxt->exception.nested_page_fault = false;
	ctxt->exception.address = e->address;
	ctxt->exception.async_page_fault = false;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	ctxt->exception.exit_qualification = 0;
#endif
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

static int op_write_mem(void *opaque, kemu_u64 linear, const void *val, unsigned int bytes,
			struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	struct kemu_bridge *b = bridge_of(ctxt);
	int rc;

	/* KVM copies up to 8 bytes at once and reads the rest after the exit. */
	if (bytes > 8) {
		if (bytes > sizeof(b->write_buf))
			return X86EMUL_UNHANDLEABLE;
		memcpy(b->write_buf, val, bytes);
		val = b->write_buf;
	}
	rc = ctxt->ops->write_emulated(ctxt, linear, val, bytes, &ctxt->exception);
	if (rc == X86EMUL_CONTINUE)
		note_mmio_exit(ctxt);
	return from_kvm_fault(ctxt, rc, fault);
}

static int op_cmpxchg_mem(void *opaque, kemu_u64 linear, const void *old, const void *new_val,
			  unsigned int bytes, struct kemu_exception *fault)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	struct kemu_bridge *b = bridge_of(ctxt);
	int rc;

	/*
	 * Over 8 bytes (CMPXCHG16B) KVM writes plainly, and keeps the buffer as
	 * it does for any write (op_write_mem).
	 */
	if (bytes > 8) {
		if (bytes > sizeof(b->write_buf))
			return X86EMUL_UNHANDLEABLE;
		memcpy(b->write_buf, new_val, bytes);
		new_val = b->write_buf;
	}
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
		     unsigned int count)
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
		      unsigned int count)
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

static int op_set_cr(void *opaque, unsigned int cr, kemu_u64 value)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return ctxt->ops->set_cr(ctxt, cr, value);
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

static int op_set_dr(void *opaque, unsigned int dr, kemu_u64 value)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return ctxt->ops->set_dr(ctxt, dr, value);
}

/* The core's own reads (EFER, STAR, TSC, ...): no MSR filter applies. */
static int op_get_msr(void *opaque, kemu_u32 msr, kemu_u64 *value)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	u64 v = 0;
	int rc = ctxt->ops->get_msr(ctxt, msr, &v);

	*value = v;
	return rc;
}

static int op_get_msr_filtered(void *opaque, kemu_u32 msr, kemu_u64 *value)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	u64 v = 0;
	int rc = ctxt->ops->get_msr_with_filter(ctxt, msr, &v);

	*value = v;
	return rc;
}

static int op_set_msr(void *opaque, kemu_u32 msr, kemu_u64 value)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return ctxt->ops->set_msr_with_filter(ctxt, msr, value);
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

static int op_set_xcr(void *opaque, kemu_u32 index, kemu_u64 value)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return ctxt->ops->set_xcr(ctxt, index, value);
}

/* KVM's check_rdpmc: the vendor's early check, then the read (non-zero: #GP). */
static int op_read_pmc(void *opaque, kemu_u32 counter, kemu_u64 *value)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	if (ctxt->ops->check_rdpmc_early(ctxt, counter))
		return 1;
#else
	if (ctxt->ops->check_pmc(ctxt, counter))
		return 1;
#endif
	{
		u64 v = 0;
		int rc = ctxt->ops->read_pmc(ctxt, counter, &v);

		*value = v;
		return rc;
	}
}

static void op_set_nmi_mask(void *opaque, int masked)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	ctxt->ops->set_nmi_mask(ctxt, masked);
}

static int op_intercept(void *opaque, const struct kemu_intercept_info *in,
			enum kemu_intercept_stage stage)
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
	return ctxt->ops->intercept(ctxt, &info, stages[stage]);
}

static int op_fix_hypercall(void *opaque)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);

	return ctxt->ops->fix_hypercall(ctxt);
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

static u8 *fx_area(struct x86_emulate_ctxt *ctxt)
{
	return PTR_ALIGN(&bridge_of(ctxt)->fx_raw[0], 16);
}

static void op_fxsave(void *opaque, void *image, unsigned int bytes)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	u8 *fx = fx_area(ctxt);

	kvm_fpu_get();
	asm volatile("fxsave %0" : "=m"(*(u8(*)[512])fx));
	kvm_fpu_put();
	memcpy(image, fx, min(bytes, 512u));
}

/* The core checked the image (MXCSR reserved bits) before asking. */
static void op_fxrstor(void *opaque, const void *image, unsigned int bytes)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	u8 *fx = fx_area(ctxt);

	kvm_fpu_get();
	asm volatile("fxsave %0" : "=m"(*(u8(*)[512])fx));
	memcpy(fx, image, min(bytes, 512u));
	asm volatile("fxrstor %0" : : "m"(*(const u8(*)[512])fx));
	kvm_fpu_put();
}

/* --- SMM --------------------------------------------------------------------- */

static void load_gprs(struct x86_emulate_ctxt *ctxt);

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
static int op_leave_smm(void *opaque)
{
	struct x86_emulate_ctxt *ctxt = kvm_ctxt(opaque);
	struct kemu_ctxt *k = &bridge_of(ctxt)->core;
	unsigned int i;
	int rc;

	rc = ctxt->ops->leave_smm(ctxt);
	if (rc)
		return rc;
	for (i = 0; i < NR_EMULATOR_GPRS; i++)
		if (ctxt->regs_valid & BIT(i))
			k->gprs[i] = ctxt->_regs[i];
	k->rip = ctxt->_eip;
	k->rflags = ctxt->eflags;
	return 0;
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

/* --- registers: the core's file and KVM's cache ---------------------------- */

/*
 * KVM's register cache contract: _regs[i] is valid when regs_valid has bit
 * i, and must reach the vCPU (write_gpr) when regs_dirty has it.  The core
 * works on its own copy; the bridge keeps the two in step.
 */
static void load_gprs(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	unsigned int i;

	for (i = 0; i < NR_EMULATOR_GPRS; i++) {
		if (!(ctxt->regs_valid & BIT(i))) {
			ctxt->_regs[i] = ctxt->ops->read_gpr(ctxt, i);
			ctxt->regs_valid |= BIT(i);
		}
		b->core.gprs[i] = ctxt->_regs[i];
	}
	b->regs_loaded = true;
}

/* What the core changed becomes dirty in KVM's cache. */
static void collect_gprs(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	unsigned int i;

	for (i = 0; i < NR_EMULATOR_GPRS; i++) {
		if (b->core.gprs[i] != ctxt->_regs[i]) {
			ctxt->_regs[i] = b->core.gprs[i];
			ctxt->regs_dirty |= BIT(i);
		}
	}
}

static void write_dirty_gprs(struct x86_emulate_ctxt *ctxt)
{
	unsigned long dirty = ctxt->regs_dirty;
	unsigned int i;

	for_each_set_bit(i, &dirty, NR_EMULATOR_GPRS)
		ctxt->ops->write_gpr(ctxt, i, ctxt->_regs[i]);
	ctxt->regs_dirty = 0;
}

void kemu_emulator_invalidate_register_cache(struct x86_emulate_ctxt *ctxt)
{
	ctxt->regs_dirty = 0;
	ctxt->regs_valid = 0;
	bridge_of(ctxt)->regs_loaded = false;
}

void kemu_emulator_writeback_register_cache(struct x86_emulate_ctxt *ctxt)
{
	write_dirty_gprs(ctxt);
}

/* --- the entry points ------------------------------------------------------- */

void kemu_init_decode_cache(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_bridge *b = bridge_of(ctxt);

	/* An instruction left waiting for I/O that never completed. */
	if (b->rec) {
		kemu_record_finish(b->rec, false);
		b->rec = NULL;
	}

	ctxt->rip_relative = false;
	ctxt->rex_prefix = 0;
	ctxt->lock_prefix = 0;
	ctxt->rep_prefix = 0;
	ctxt->regs_valid = 0;
	ctxt->regs_dirty = 0;
	ctxt->mem_read.end = 0; /* nothing decoded */
	memset(&b->core, 0, sizeof(b->core));
	b->op_fault_valid = false;
	b->regs_loaded = false;
}

/* Start from the state x86.c put into ctxt (init_emulate_ctxt()). */
static void begin(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_ctxt *k = &bridge_of(ctxt)->core;

	k->ops = &kemu_kvm_ops;
	k->opaque = ctxt;
	k->mode = ctxt->mode;
	k->rip = ctxt->eip;
	k->rflags = ctxt->eflags;
	k->shadow = 0;
	k->have_exception = 0;
	load_gprs(ctxt);
}

/*
 * Stock KVM's x86_emulate_insn() must refuse what kemu decoded (after the
 * livepatch is disabled between an exit and its completion): no handler,
 * no operands, and a two-byte opcode its fallback switch does not know.
 */
static void poison_stock_decode(struct x86_emulate_ctxt *ctxt)
{
	ctxt->d = 0;
	ctxt->execute = NULL;
	ctxt->check_perm = NULL;
	ctxt->lock_prefix = 0;
	ctxt->src.type = OP_NONE;
	ctxt->src2.type = OP_NONE;
	ctxt->dst.type = OP_NONE;
	ctxt->memop.type = OP_NONE;
	ctxt->memopp = NULL;
	ctxt->opcode_len = 2;
	ctxt->b = 0xff;
}

/* The decoded instruction as x86.c and svm.c read it. */
static void publish_decode(struct x86_emulate_ctxt *ctxt)
{
	const struct kemu_insn *in = &bridge_of(ctxt)->core.insn;
	unsigned int fetched = min_t(unsigned int, in->fetched, sizeof(ctxt->fetch.data));
	unsigned long next = ctxt->eip + in->length;

	memcpy(ctxt->fetch.data, in->bytes, fetched);
	ctxt->fetch.ptr = ctxt->fetch.data + min_t(unsigned int, in->length, fetched);
	ctxt->fetch.end = ctxt->fetch.data + fetched;
	ctxt->opcode_len = in->opcode_len;
	ctxt->b = in->opcode;
	ctxt->modrm = in->modrm;
	ctxt->op_bytes = in->op_bytes;
	ctxt->ad_bytes = in->ad_bytes;
	ctxt->rep_prefix = in->rep_prefix;
	ctxt->rex_prefix = in->rex;
	ctxt->rip_relative = in->rip_relative;
	ctxt->_eip = ctxt->mode == X86EMUL_MODE_PROT64 ? next : (u32)next;
	/* is_soft_int_instruction() reads INT n's vector here. */
	ctxt->src.val = in->imm;
	ctxt->is_branch = kemu_is_branch(&bridge_of(ctxt)->core);
}

/* --- records (kemu_record.c, tools/RECORD-FORMAT.md) ------------------------- */

static void record_state(struct kemu_record *rec, const struct kemu_ctxt *k)
{
	unsigned int i;

	for (i = 0; i < KEMU_NR_GPRS; i++)
		kemu_record_printf(rec, "%s0x%llx", i ? "," : "", (unsigned long long)k->gprs[i]);
}

/* Recording armed: this instruction's record starts with what KVM handed over. */
static void record_begin(struct x86_emulate_ctxt *ctxt, const void *insn, int insn_len)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	struct kemu_ctxt *k = &b->core;
	struct kemu_record *rec;

	k->ops = &kemu_kvm_ops;
	b->rec = rec = kemu_record_start();
	b->pass = 1;
	if (!rec)
		return;
	kemu_record_printf(rec, "vcpu=%u emultype=0x%x mode=%u intercepts=%d\n",
			   vcpu_of(ctxt)->vcpu_id, b->emulation_type, k->mode,
			   !!(vcpu_of(ctxt)->arch.hflags & HF_GUEST_MASK));
	kemu_record_printf(rec, "rip=0x%llx rflags=0x%llx\ngprs=", (unsigned long long)k->rip,
			   (unsigned long long)k->rflags);
	record_state(rec, k);
	kemu_record_printf(rec, "\ninsn=");
	kemu_record_hex(rec, insn, insn_len > 0 ? insn_len : 0);
	kemu_record_printf(rec, "\npass 1\n");
	k->ops = kemu_recording_ops();
}

/* How the pass ended; the record is complete when the instruction is. */
static void record_result(struct x86_emulate_ctxt *ctxt, int decode_rc, int status, bool done,
			  bool failed)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	const struct kemu_ctxt *k = &b->core;
	struct kemu_record *rec = b->rec;

	if (!rec)
		return;
	kemu_record_printf(rec, "result");
	if (b->pass == 1)
		kemu_record_printf(rec, " decode=%d", decode_rc);
	if (status >= 0)
		kemu_record_printf(rec, " status=%d", status);
	kemu_record_printf(rec, " rip=0x%llx rflags=0x%llx gprs=", (unsigned long long)k->rip,
			   (unsigned long long)k->rflags);
	record_state(rec, k);
	if (k->have_exception)
		kemu_record_printf(rec, " exception=%u,%u,%u,0x%llx\n", k->exception.vector,
				   k->exception.error_code_valid, k->exception.error_code,
				   (unsigned long long)k->exception.address);
	else
		kemu_record_printf(rec, " exception=none\n");
	if (done) {
		kemu_record_finish(rec, failed);
		b->rec = NULL;
		b->core.ops = &kemu_kvm_ops;
	}
}

/* Account one pass (stats and tracepoint). */
static void account(struct x86_emulate_ctxt *ctxt, enum kemu_outcome outcome, int vector,
		    u64 ns)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	struct kemu_pass pass = {
		.core = &b->core,
		.vm = vcpu_of(ctxt)->kvm,
		.vcpu_id = vcpu_of(ctxt)->vcpu_id,
		.rip = b->pass_rip,
		.emulation_type = b->emulation_type,
		.first = b->first_pass,
		.outcome = outcome,
		.vector = vector,
		.ns = ns + (b->first_pass ? b->decode_ns : 0),
	};

	b->first_pass = false;
	kemu_stats_account(&pass);
}

/*
 * A decode that ends the emulation: an exception (vector; for #UD, the one
 * x86.c injects for an invalid or not-emulated-on-#UD opcode, or reports as
 * an emulation failure at CPL 0 outside forced emulation) or a failure.
 */
static int decode_failed(struct x86_emulate_ctxt *ctxt, int decode_rc, int vector)
{
	record_result(ctxt, decode_rc, -1, true, vector < 0);
	account(ctxt, vector >= 0 ? KEMU_OUTCOME_EXCEPTION : KEMU_OUTCOME_FAILED, vector, 0);
	return EMULATION_FAILED;
}

int kemu_x86_decode_insn(struct x86_emulate_ctxt *ctxt, void *insn, int insn_len,
			 int emulation_type)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	int rc;

	u64 start = ktime_get_ns();

	atomic64_inc(&kemu_counters.decoded);
	kemu_stats_decoded(vcpu_of(ctxt)->kvm,
			   vcpu_of(ctxt)->kvm ? vcpu_of(ctxt)->kvm->stats_id : NULL, emulation_type);
	ctxt->mem_read.end = 0;
	b->op_fault_valid = false;
	b->emulation_type = emulation_type;
	begin(ctxt);
	record_begin(ctxt, insn, insn_len);
	rc = kemu_decode(&b->core, insn, insn_len > 0 ? insn_len : 0);
	publish_decode(ctxt);
	ctxt->src.type = OP_NONE;
	b->first_pass = true;
	b->pass_rip = b->core.rip;
	b->decode_ns = ktime_get_ns() - start;
	if (rc == KEMU_PROPAGATE_FAULT) {
		/*
		 * An invalid opcode is a decode failure, not an exception: x86.c
		 * injects #UD itself or reports the failure, as for stock KVM.
		 */
		if (b->core.exception.vector != KEMU_UD)
			publish_exception(ctxt);
		return decode_failed(ctxt, rc, b->core.exception.vector);
	}
	if (rc != KEMU_CONTINUE)
		return decode_failed(ctxt, rc, -1);
	/* On #UD, only what KVM emulates on #UD (VMCALL, SYSCALL, MOVBE, ...). */
	if ((emulation_type & EMULTYPE_TRAP_UD) && !kemu_emulate_on_ud(&b->core)) {
		if (b->rec) {	/* not emulated: nothing to replay */
			kemu_record_drop(b->rec);
			b->rec = NULL;
			b->core.ops = &kemu_kvm_ops;
		}
		return decode_failed(ctxt, rc, UD_VECTOR);
	}
	ctxt->mem_read.end = KEMU_DECODED;
	return EMULATION_OK;
}

/* The core's results into the fields x86.c reads, registers included. */
static void publish_state(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_ctxt *k = &bridge_of(ctxt)->core;

	ctxt->eip = k->rip;
	ctxt->eflags = k->rflags;
	ctxt->mode = k->mode;
	ctxt->interruptibility = k->shadow;
	collect_gprs(ctxt);
	write_dirty_gprs(ctxt);
}

int kemu_x86_emulate_insn(struct x86_emulate_ctxt *ctxt, bool check_intercepts)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	struct kemu_ctxt *k = &b->core;
	u64 start, ns;
	int rc;

	atomic64_inc(&kemu_counters.executed);
	if (ctxt->mem_read.end != KEMU_DECODED) {
		struct kvm_vcpu *vcpu = vcpu_of(ctxt);

		/*
		 * The instruction is abandoned: drop its completed I/O, or the
		 * next emulated read would take that data for its own.
		 */
		vcpu->mmio_read_completed = 0;
		vcpu->arch.pio.count = 0;
		atomic64_inc(&kemu_counters.foreign);
		pr_warn_ratelimited("an instruction decoded by KVM's own emulator, before kemu took over, cannot complete: emulation failure\n");
		return EMULATION_FAILED;
	}
	if (!b->regs_loaded)
		load_gprs(ctxt);
	k->check_intercepts = check_intercepts;
	k->exit_pending = 0;
	b->op_fault_valid = false;
	b->pass_rip = k->rip;
	if (b->rec && !b->first_pass)
		kemu_record_printf(b->rec, "pass %u\n", ++b->pass);
	start = ktime_get_ns();
	rc = kemu_execute(k);
	ns = ktime_get_ns() - start;
	record_result(ctxt, KEMU_CONTINUE, rc, rc != KEMU_IO_NEEDED,
		      rc == KEMU_UNHANDLEABLE ||
		      (rc == KEMU_PROPAGATE_FAULT && k->exception.vector > 0x1f));
	/*
	 * Every status leaves consistent registers: a REP string stopped by a
	 * fault or an exit keeps its completed elements, which must reach the
	 * vCPU now (KVM's emulator does one element per pass and writes back
	 * between passes).
	 */
	publish_state(ctxt);
	poison_stock_decode(ctxt);
	switch (rc) {
	case KEMU_CONTINUE:
		/* SYSCALL masks TF: KVM single-steps by the flags it leaves. */
		if (k->insn.opcode_len == 2 && k->insn.opcode == 0x05)
			ctxt->tf = (ctxt->eflags & X86_EFLAGS_TF) != 0;
		account(ctxt, KEMU_OUTCOME_OK, -1, ns);
		return EMULATION_OK;
	case KEMU_PROPAGATE_FAULT:
		atomic64_inc(&kemu_counters.faults);
		if (k->exception.vector > 0x1f) {
			account(ctxt, KEMU_OUTCOME_FAILED, -1, ns);
			return EMULATION_FAILED;
		}
		publish_exception(ctxt);
		account(ctxt, KEMU_OUTCOME_EXCEPTION, k->exception.vector, ns);
		return EMULATION_OK;
	case KEMU_INTERCEPTED:
		account(ctxt, KEMU_OUTCOME_INTERCEPTED, -1, ns);
		return EMULATION_INTERCEPTED;
	case KEMU_UNHANDLEABLE:
		atomic64_inc(&kemu_counters.failed);
		account(ctxt, KEMU_OUTCOME_FAILED, -1, ns);
		return EMULATION_FAILED;
	case KEMU_IO_NEEDED:
		account(ctxt, KEMU_OUTCOME_IO_EXIT, -1, ns);
		return EMULATION_OK;
	default:
		/* CMPXCHG_FAILED, RETRY_INSTR: x86.c runs it again. */
		account(ctxt, KEMU_OUTCOME_RETRY, -1, ns);
		return EMULATION_OK;
	}
}

bool kemu_x86_page_table_writing_insn(struct x86_emulate_ctxt *ctxt)
{
	return kemu_page_table_writing(&bridge_of(ctxt)->core);
}

bool kemu_emulator_can_use_gpa(struct x86_emulate_ctxt *ctxt)
{
	return kemu_can_use_gpa(&bridge_of(ctxt)->core);
}

/* kvm_task_switch() has run init_emulate_ctxt(); it writes eip and eflags back. */
int kemu_emulator_task_switch(struct x86_emulate_ctxt *ctxt, u16 tss_selector, int idt_index,
			      int reason, bool has_error_code, u32 error_code)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	int rc;

	atomic64_inc(&kemu_counters.task_switches);
	b->op_fault_valid = false;
	begin(ctxt);
	rc = kemu_task_switch(&b->core, tss_selector, idt_index, reason, has_error_code,
			      error_code);
	publish_state(ctxt);
	if (rc == KEMU_PROPAGATE_FAULT)
		publish_exception(ctxt);
	return rc == KEMU_UNHANDLEABLE ? EMULATION_FAILED : EMULATION_OK;
}

/*
 * kvm_inject_realmode_interrupt() has run init_emulate_ctxt() and put the
 * return address into _eip; on X86EMUL_CONTINUE it writes _eip back.
 */
int kemu_emulate_int_real(struct x86_emulate_ctxt *ctxt, int irq)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	int rc;

	atomic64_inc(&kemu_counters.real_mode_interrupts);
	b->op_fault_valid = false;
	begin(ctxt);
	b->core.rip = ctxt->_eip;
	rc = kemu_interrupt_real(&b->core, irq);
	if (rc != KEMU_CONTINUE)
		return rc;
	publish_state(ctxt);
	ctxt->_eip = ctxt->eip;
	return X86EMUL_CONTINUE;
}
