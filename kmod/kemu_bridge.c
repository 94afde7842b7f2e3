// SPDX-License-Identifier: GPL-2.0
/*
 * kemu: KVM's emulator entry points, on top of the C++ core (the state and
 * its place in KVM's ctxt: kemu_bridge_state.h; the callbacks into KVM:
 * kemu_kvm_ops.c).
 *
 * mem_read.end, which KVM's own init_decode_cache() zeroes, marks an
 * instruction kemu decoded (kemu_decoded()): kemu_route.c sends the calls
 * that finish an instruction to the emulator that decoded it.  Should one
 * reach kemu for an instruction stock KVM decoded, it fails cleanly instead
 * of running on someone else's state; the reverse direction is closed by
 * leaving KVM's own decode fields in a state its x86_emulate_insn() refuses
 * (poison_stock_decode()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/version.h>

#include "kemu_bridge_state.h"
#include "kemu_record.h"
#include "kemu_stats.h"

DEFINE_PER_CPU(struct kemu_pass_counters, kemu_pass_counters);
struct kemu_counters kemu_counters;
struct kemu_kvm_params kemu_kvm_params;

int kemu_kvm_vmware_backdoor(void)
{
	const bool *p = READ_ONCE(kemu_kvm_params.enable_vmware_backdoor);

	return p ? READ_ONCE(*p) : -1;
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

/* --- registers: the core's file and KVM's cache ---------------------------- */

/*
 * KVM's register cache contract: _regs[i] is valid when regs_valid has bit
 * i, and must reach the vCPU (write_gpr) when regs_dirty has it.  The core
 * works on its own copy; the bridge keeps the two in step.
 */
/*
 * KVM's read_gpr: an indirect call per register.  A register the vCPU
 * already holds (regs_avail: all but those the vendor code must fetch, such
 * as RSP from the VMCS) is read where kvm_register_read_raw() reads it.
 */
static unsigned long read_vcpu_gpr(struct x86_emulate_ctxt *ctxt, unsigned int i)
{
	struct kvm_vcpu *vcpu = vcpu_of(ctxt);

	if (vcpu->arch.regs_avail & BIT(i))
		return vcpu->arch.regs[i];
	return ctxt->ops->read_gpr(ctxt, i);
}

static void load_gprs(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	unsigned int i;

	for (i = 0; i < NR_EMULATOR_GPRS; i++) {
		if (!(ctxt->regs_valid & BIT(i))) {
			ctxt->_regs[i] = read_vcpu_gpr(ctxt, i);
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

/*
 * A successful decode: the instruction is kemu's until it is finished.  Not
 * while kemu.ko is being removed: holds_module then also means that the
 * module cannot go while the instruction runs (kemu_route.c).
 */
static void kemu_bridge_hold(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_bridge *b = bridge_of(ctxt);

	if (b->holds_module || !try_module_get(THIS_MODULE))
		return;
	b->holds_module = true;
	atomic64_inc(&kemu_counters.in_flight);
}

static void drop_module(struct kemu_bridge *b)
{
	if (!b->holds_module)
		return;
	b->holds_module = false;
	atomic64_dec(&kemu_counters.in_flight);
	module_put(THIS_MODULE);
}

/*
 * The context's instruction is abandoned (the vCPU decodes another one, or
 * goes away): close its record and give back its reference.
 */
void kemu_bridge_release(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_bridge *b = bridge_of(ctxt);

	if (!kemu_decoded(ctxt))
		return;	/* the bridge holds stock's data, or nothing */
	ctxt->mem_read.end = 0;
	/* An instruction left waiting for I/O that never completed. */
	if (b->rec) {
		kemu_record_finish(b->rec, false);
		b->rec = NULL;
	}
	drop_module(b);
}

/*
 * Leaves the context ready for either emulator's decode: what stock KVM's
 * own init_decode_cache() clears is cleared too (io_read.pos and .end lie
 * on the core's read-cache bytes: kemu_bridge_state.h).
 */
void kemu_init_decode_cache(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_bridge *b = bridge_of(ctxt);

	kemu_bridge_release(ctxt);
	b->rec = NULL;
	b->holds_module = false;
	b->hold_record = false;	/* stock KVM's data may lie here */

	ctxt->rip_relative = false;
	ctxt->rex_prefix = 0;
	ctxt->lock_prefix = 0;
	ctxt->rep_prefix = 0;
	ctxt->regs_valid = 0;
	ctxt->regs_dirty = 0;
	ctxt->mem_read.end = 0; /* nothing decoded */
	/* Not the read cache's data: kemu_decode empties the cache. */
	memset(&b->core, 0, offsetof(struct kemu_ctxt, read_cache.data));
	ctxt->io_read.pos = 0;
	ctxt->io_read.end = 0;
	b->op_fault_valid = false;
	b->regs_loaded = false;
}

/* Start from the state x86.c put into ctxt (init_emulate_ctxt()). */
static void begin(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_ctxt *k = &bridge_of(ctxt)->core;

	k->ops = &kemu_kvm_ops;
	k->opaque = ctxt;
	k->decode_cache = NULL;	/* no per-vCPU storage for one here yet */
	k->mode = ctxt->mode;
	k->rip = ctxt->eip;
	k->rflags = ctxt->eflags;
	k->shadow = 0;
	k->have_exception = 0;
	k->vmware_backdoor = kemu_kvm_vmware_backdoor() > 0;
	load_gprs(ctxt);
}

/*
 * Stock KVM's x86_emulate_insn() must refuse what kemu decoded, should one
 * ever reach it (the routing sends completions to kemu): no handler,
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

	b->rec = rec = kemu_record_start();	/* begin() set the bridge's ops */
	b->pass = 1;
	if (!rec)
		return;
	kemu_record_printf(rec, "vcpu=%u emultype=0x%x mode=%u intercepts=%d vmware_backdoor=%d\n",
			   vcpu_of(ctxt)->vcpu_id, b->emulation_type, k->mode,
			   !!(vcpu_of(ctxt)->arch.hflags & HF_GUEST_MASK), k->vmware_backdoor);
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

/* Account one pass (stats and tracepoint) of an observed instruction. */
static void account(struct x86_emulate_ctxt *ctxt, enum kemu_outcome outcome, int vector,
		    u64 ns)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	struct kemu_pass pass = {
		.core = &b->core,
		.vm = vcpu_of(ctxt)->kvm,
		.vcpu = vcpu_of(ctxt),
		.vcpu_id = vcpu_of(ctxt)->vcpu_id,
		.rip = b->pass_rip,
		.emulation_type = b->emulation_type,
		.reason = b->reason,
		.first = b->first_pass,
		.completion = b->completion,
		.outcome = outcome,
		.vector = vector,
		.ns = ns + (b->first_pass ? b->decode_ns : 0),
	};

	b->reason = kemu_stats_account(&pass);
}

/*
 * A decode that ends the emulation: an exception (vector; for #UD, the one
 * x86.c injects for an invalid or not-emulated-on-#UD opcode, or reports as
 * an emulation failure at CPL 0 outside forced emulation) or a failure.
 */
static int decode_failed(struct x86_emulate_ctxt *ctxt, int decode_rc, int vector)
{
	struct kemu_bridge *b = bridge_of(ctxt);

	b->record_failed = vector < 0;
	record_result(ctxt, decode_rc, -1, !b->hold_record, vector < 0);
	if (b->observed)
		account(ctxt, vector >= 0 ? KEMU_OUTCOME_EXCEPTION : KEMU_OUTCOME_FAILED, vector,
			0);
	return EMULATION_FAILED;
}

/*
 * The shadow decode compares after kemu's decode, and its mismatch belongs
 * in this instruction's record: a decode that failed, whose record would end
 * there, leaves it open while hold_record is set, and this ends it.
 */
void kemu_bridge_record_close(struct x86_emulate_ctxt *ctxt)
{
	struct kemu_bridge *b = bridge_of(ctxt);

	b->hold_record = false;
	if (!b->rec || kemu_decoded(ctxt))
		return;	/* none, or it goes on with the execution */
	kemu_record_finish(b->rec, b->record_failed);
	b->rec = NULL;
	b->core.ops = &kemu_kvm_ops;
}

int kemu_x86_decode_insn(struct x86_emulate_ctxt *ctxt, void *insn, int insn_len,
			 int emulation_type)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	bool observed = kemu_stats_observed();
	u64 start = observed ? ktime_get_ns() : 0;
	int rc;

	this_cpu_inc(kemu_pass_counters.decoded);
	ctxt->mem_read.end = 0;
	b->op_fault_valid = false;
	b->emulation_type = emulation_type;
	begin(ctxt);
	record_begin(ctxt, insn, insn_len);
	rc = kemu_decode(&b->core, insn, insn_len > 0 ? insn_len : 0);
	b->observed = observed;
	if (observed)
		b->reason = kemu_stats_decoded(vcpu_of(ctxt), &b->core, emulation_type);
	publish_decode(ctxt);
	ctxt->src.type = OP_NONE;
	b->first_pass = true;
	b->completion = KEMU_NOT_COMPLETION;
	b->pass_rip = b->core.rip;
	if (observed)
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
	/*
	 * On #UD, only what KVM emulates on #UD (VMCALL, SYSCALL, MOVBE, ...);
	 * never what KVM's decode fails on (UD2, PADDB, ...) and kemu does not
	 * execute: x86.c then injects #UD under forced emulation too, not an
	 * emulation failure.
	 */
	if (((emulation_type & EMULTYPE_TRAP_UD) && !kemu_emulate_on_ud(&b->core)) ||
	    kemu_decode_rejects(&b->core)) {
		if (b->rec) {	/* not emulated: nothing to replay */
			kemu_record_drop(b->rec);
			b->rec = NULL;
			b->core.ops = &kemu_kvm_ops;
		}
		return decode_failed(ctxt, rc, UD_VECTOR);
	}
	ctxt->mem_read.end = KEMU_DECODED;
	kemu_bridge_hold(ctxt);
	return EMULATION_OK;
}

/*
 * KVM calls x86_emulate_insn() again for this instruction only to complete
 * a port input or an MMIO read that userspace serves (complete_emulated_pio,
 * complete_emulated_mmio): then the instruction stays kemu's.
 */
static bool completion_pending(struct x86_emulate_ctxt *ctxt, int rc)
{
	struct kvm_vcpu *vcpu = vcpu_of(ctxt);

	if (rc != KEMU_IO_NEEDED)
		return false;
	return (vcpu->arch.pio.count && vcpu->arch.pio.in) ||
	       (vcpu->mmio_needed && !vcpu->mmio_is_write);
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

/* How a pass ended, from the core's status (a vector over 31 is a failure). */
static enum kemu_outcome outcome_of(const struct kemu_ctxt *k, int rc)
{
	switch (rc) {
	case KEMU_CONTINUE:
		return KEMU_OUTCOME_OK;
	case KEMU_PROPAGATE_FAULT:
		return k->exception.vector > 0x1f ? KEMU_OUTCOME_FAILED : KEMU_OUTCOME_EXCEPTION;
	case KEMU_INTERCEPTED:
		return KEMU_OUTCOME_INTERCEPTED;
	case KEMU_UNHANDLEABLE:
		return KEMU_OUTCOME_FAILED;
	case KEMU_IO_NEEDED:
		return KEMU_OUTCOME_IO_EXIT;
	default:
		/* CMPXCHG_FAILED, RETRY_INSTR: x86.c runs it again */
		return KEMU_OUTCOME_RETRY;
	}
}

int kemu_x86_emulate_insn(struct x86_emulate_ctxt *ctxt, bool check_intercepts)
{
	struct kemu_bridge *b = bridge_of(ctxt);
	struct kemu_ctxt *k = &b->core;
	struct kvm_vcpu *vcpu = vcpu_of(ctxt);
	enum kemu_outcome outcome;
	u64 start = 0, ns = 0;
	int rc;

	this_cpu_inc(kemu_pass_counters.executed);
	if (!kemu_decoded(ctxt)) {
		/*
		 * The instruction is abandoned: drop its completed I/O, or the
		 * next emulated read would take that data for its own.
		 */
		vcpu->mmio_read_completed = 0;
		vcpu->arch.pio.count = 0;
		atomic64_inc(&kemu_counters.foreign);
		pr_warn_ratelimited("an instruction kemu did not decode cannot complete on kemu: emulation failure\n");
		return EMULATION_FAILED;
	}
	if (!b->regs_loaded)
		load_gprs(ctxt);
	k->check_intercepts = check_intercepts;
	k->exit_pending = 0;
	b->op_fault_valid = false;
	b->pass_rip = k->rip;
	/* KVM re-enters with EMULTYPE_NO_DECODE for these only (complete_emulated_io). */
	if (b->first_pass)
		b->completion = KEMU_NOT_COMPLETION;
	else if (vcpu->arch.pio.count)
		b->completion = KEMU_COMPLETION_PIO;
	else if (vcpu->mmio_read_completed)
		b->completion = KEMU_COMPLETION_MMIO;
	else
		b->completion = KEMU_NOT_COMPLETION;
	if (b->rec && !b->first_pass)
		kemu_record_printf(b->rec, "pass %u\n", ++b->pass);
	if (b->observed)
		start = ktime_get_ns();
	rc = kemu_execute(k);
	if (b->observed)
		ns = ktime_get_ns() - start;
	outcome = outcome_of(k, rc);
	record_result(ctxt, KEMU_CONTINUE, rc, rc != KEMU_IO_NEEDED,
		      outcome == KEMU_OUTCOME_FAILED);
	/*
	 * Every status leaves consistent registers: a REP string stopped by a
	 * fault or an exit keeps its completed elements, which must reach the
	 * vCPU now (KVM's emulator does one element per pass and writes back
	 * between passes).
	 */
	publish_state(ctxt);
	poison_stock_decode(ctxt);
	if (rc == KEMU_PROPAGATE_FAULT)
		this_cpu_inc(kemu_pass_counters.faults);
	if (rc == KEMU_UNHANDLEABLE)
		this_cpu_inc(kemu_pass_counters.failed);
	/* SYSCALL may mask TF: KVM then single-steps by the flags it leaves. */
	if (rc == KEMU_CONTINUE && kemu_single_step_from_result(k))
		ctxt->tf = (ctxt->eflags & X86_EFLAGS_TF) != 0;
	if (outcome == KEMU_OUTCOME_EXCEPTION)
		publish_exception(ctxt);
	if (b->observed)
		account(ctxt, outcome,
			outcome == KEMU_OUTCOME_EXCEPTION ? k->exception.vector : -1, ns);
	b->first_pass = false;	/* observed or not: a record numbers the passes */
	if (!completion_pending(ctxt, rc))
		drop_module(b);
	switch (outcome) {
	case KEMU_OUTCOME_FAILED:
		return EMULATION_FAILED;
	case KEMU_OUTCOME_INTERCEPTED:
		return EMULATION_INTERCEPTED;
	default:
		/* ok, exception, I/O exit, retry: x86.c knows what follows */
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
