/*
 * KVM's emulate.c behind the oracle interface: an x86_emulate_ops table
 * whose callbacks forward to the oracle host, and a driver that follows
 * arch/x86/kvm/x86.c (init_emulate_ctxt, x86_emulate_instruction and its
 * writeback).  Compiled like emulate.c itself: freestanding, with the shims
 * and kernel code generation flags, because it includes kvm_emulate.h.
 *
 * x86.c logic that is the same whatever emulator runs (page splitting,
 * MMIO vs RAM, compare-and-exchange, CR/MSR validity) lives in the host, so
 * both backends see one implementation of it; what is here is the shape of
 * KVM's calls and the conversions between KVM's types and the oracle's.
 */
#include <linux/kvm_host.h> /* the shim prelude */

#include "kvm_emulate.h" /* verbatim from the kernel (build directory) */
#include "kvm_backend.h"

struct kvm_backend {
	struct x86_emulate_ctxt ctxt; /* what x86.c keeps in vcpu->arch.emulate_ctxt */
	const struct oracle_host *host;
	void *h;
	struct oracle_cpu *cpu; /* the state of the step in progress */
	int vm_bugged;
};

extern unsigned long kvm_oracle_warnings; /* kvm_runtime.c */

static struct kvm_backend *kb_of(struct x86_emulate_ctxt *ctxt)
{
	return (struct kvm_backend *)ctxt->vcpu;
}

static struct oracle_cpu *cpu_of(struct x86_emulate_ctxt *ctxt)
{
	return kb_of(ctxt)->cpu;
}

/* struct oracle_fault and struct x86_exception carry the same fields */
static int forward_fault(int rc, const struct oracle_fault *f, struct x86_exception *fault)
{
	/* read_std may pass no exception (the I/O bitmap): x86.c then drops it */
	if (rc == X86EMUL_PROPAGATE_FAULT && fault) {
		fault->vector = f->vector;
		fault->error_code_valid = f->error_code_valid;
		fault->error_code = f->error_code;
		fault->nested_page_fault = false;
		fault->address = f->address;
		fault->async_page_fault = false;
	}
	return rc;
}

static int host_read(struct x86_emulate_ctxt *ctxt, unsigned long addr, void *val,
		     unsigned int bytes, struct x86_exception *fault, enum oracle_access kind)
{
	struct kvm_backend *kb = kb_of(ctxt);
	struct oracle_fault f = {0};

	return forward_fault(kb->host->read(kb->h, addr, val, bytes, kind, &f), &f, fault);
}

static int host_write(struct x86_emulate_ctxt *ctxt, unsigned long addr, const void *val,
		      unsigned int bytes, struct x86_exception *fault, enum oracle_access kind)
{
	struct kvm_backend *kb = kb_of(ctxt);
	struct oracle_fault f = {0};

	return forward_fault(kb->host->write(kb->h, addr, val, bytes, kind, &f), &f, fault);
}

/* ---- memory ---------------------------------------------------------------- */

/* x86.c: emulator_read_std/write_std; `system` accesses are supervisor ones */
static int be_read_std(struct x86_emulate_ctxt *ctxt, unsigned long addr, void *val,
		       unsigned int bytes, struct x86_exception *fault, bool system)
{
	return host_read(ctxt, addr, val, bytes, fault,
			 system ? ORACLE_SYSTEM_READ : ORACLE_STD_READ);
}

static int be_write_std(struct x86_emulate_ctxt *ctxt, unsigned long addr, void *val,
			unsigned int bytes, struct x86_exception *fault, bool system)
{
	return host_write(ctxt, addr, val, bytes, fault,
			  system ? ORACLE_SYSTEM_WRITE : ORACLE_STD_WRITE);
}

static int be_fetch(struct x86_emulate_ctxt *ctxt, unsigned long addr, void *val,
		    unsigned int bytes, struct x86_exception *fault)
{
	return host_read(ctxt, addr, val, bytes, fault, ORACLE_FETCH);
}

static int be_read_emulated(struct x86_emulate_ctxt *ctxt, unsigned long addr, void *val,
			    unsigned int bytes, struct x86_exception *fault)
{
	return host_read(ctxt, addr, val, bytes, fault, ORACLE_DATA_READ);
}

static int be_write_emulated(struct x86_emulate_ctxt *ctxt, unsigned long addr,
			     const void *val, unsigned int bytes, struct x86_exception *fault)
{
	return host_write(ctxt, addr, val, bytes, fault, ORACLE_DATA_WRITE);
}

static int be_cmpxchg_emulated(struct x86_emulate_ctxt *ctxt, unsigned long addr,
			       const void *old, const void *new, unsigned int bytes,
			       struct x86_exception *fault)
{
	struct kvm_backend *kb = kb_of(ctxt);
	struct oracle_fault f = {0};

	return forward_fault(kb->host->cmpxchg(kb->h, addr, old, new, bytes, &f), &f, fault);
}

static void be_invlpg(struct x86_emulate_ctxt *ctxt, ulong addr)
{
	kb_of(ctxt)->host->event(kb_of(ctxt)->h, ORACLE_EV_INVLPG, addr);
}

/* In-kernel devices complete port I/O at once: 1 = done, no userspace exit. */
static int be_pio_in(struct x86_emulate_ctxt *ctxt, int size, unsigned short port, void *val,
		     unsigned int count)
{
	kb_of(ctxt)->host->pio_in(kb_of(ctxt)->h, size, port, val, count);
	return 1;
}

static int be_pio_out(struct x86_emulate_ctxt *ctxt, int size, unsigned short port,
		      const void *val, unsigned int count)
{
	kb_of(ctxt)->host->pio_out(kb_of(ctxt)->h, size, port, val, count);
	return 1;
}

/* ---- segments and descriptor tables (x86.c: emulator_get/set_segment) ---- */

static bool be_get_segment(struct x86_emulate_ctxt *ctxt, u16 *selector,
			   struct desc_struct *desc, u32 *base3, int seg)
{
	const struct oracle_seg *s = &cpu_of(ctxt)->seg[seg];

	*selector = s->sel;
	if (s->unusable) {
		memset(desc, 0, sizeof(*desc));
		if (base3)
			*base3 = 0;
		return false;
	}
	set_desc_limit(desc, s->g ? s->limit >> 12 : s->limit);
	set_desc_base(desc, (unsigned long)s->base);
	if (base3)
		*base3 = s->base >> 32;
	desc->type = s->type;
	desc->s = s->s;
	desc->dpl = s->dpl;
	desc->p = s->present;
	desc->avl = s->avl;
	desc->l = s->l;
	desc->d = s->db;
	desc->g = s->g;
	return true;
}

static void be_set_segment(struct x86_emulate_ctxt *ctxt, u16 selector,
			   struct desc_struct *desc, u32 base3, int seg)
{
	struct oracle_seg *s = &cpu_of(ctxt)->seg[seg];

	s->sel = selector;
	s->base = get_desc_base(desc) | ((u64)base3 << 32);
	s->limit = get_desc_limit(desc);
	if (desc->g)
		s->limit = (s->limit << 12) | 0xfff;
	s->type = desc->type;
	s->dpl = desc->dpl;
	s->db = desc->d;
	s->s = desc->s;
	s->l = desc->l;
	s->g = desc->g;
	s->avl = desc->avl;
	s->present = desc->p;
	s->unusable = !desc->p;
}

static unsigned long be_get_cached_segment_base(struct x86_emulate_ctxt *ctxt, int seg)
{
	return cpu_of(ctxt)->seg[seg].base;
}

static void be_get_gdt(struct x86_emulate_ctxt *ctxt, struct desc_ptr *dt)
{
	dt->size = cpu_of(ctxt)->gdt.limit;
	dt->address = cpu_of(ctxt)->gdt.base;
}

static void be_get_idt(struct x86_emulate_ctxt *ctxt, struct desc_ptr *dt)
{
	dt->size = cpu_of(ctxt)->idt.limit;
	dt->address = cpu_of(ctxt)->idt.base;
}

static void be_set_gdt(struct x86_emulate_ctxt *ctxt, struct desc_ptr *dt)
{
	cpu_of(ctxt)->gdt.limit = dt->size;
	cpu_of(ctxt)->gdt.base = dt->address;
}

static void be_set_idt(struct x86_emulate_ctxt *ctxt, struct desc_ptr *dt)
{
	cpu_of(ctxt)->idt.limit = dt->size;
	cpu_of(ctxt)->idt.base = dt->address;
}

/* ---- control and debug registers, MSRs ------------------------------------ */

static ulong be_get_cr(struct x86_emulate_ctxt *ctxt, int cr)
{
	return oracle_get_cr(cpu_of(ctxt), cr); /* x86.c: vcpu_unimpl() and 0 for others */
}

static int be_set_cr(struct x86_emulate_ctxt *ctxt, int cr, ulong val)
{
	return kb_of(ctxt)->host->set_cr(kb_of(ctxt)->h, cpu_of(ctxt), cr, val);
}

static int be_cpl(struct x86_emulate_ctxt *ctxt)
{
	return oracle_cpl(cpu_of(ctxt));
}

static ulong be_get_dr(struct x86_emulate_ctxt *ctxt, int dr)
{
	return cpu_of(ctxt)->dr[oracle_dr_index(dr)];
}

static int be_set_dr(struct x86_emulate_ctxt *ctxt, int dr, ulong value)
{
	return kb_of(ctxt)->host->set_dr(kb_of(ctxt)->h, cpu_of(ctxt), dr, value);
}

static int be_get_msr(struct x86_emulate_ctxt *ctxt, u32 index, u64 *val)
{
	uint64_t v = 0;
	int r = kb_of(ctxt)->host->get_msr(kb_of(ctxt)->h, cpu_of(ctxt), index, &v);

	*val = v;
	return r;
}

/* x86.c: a refused MSR access is a fault the emulator turns into #GP(0) */
static int be_get_msr_with_filter(struct x86_emulate_ctxt *ctxt, u32 index, u64 *val)
{
	return be_get_msr(ctxt, index, val) ? X86EMUL_PROPAGATE_FAULT : X86EMUL_CONTINUE;
}

static int be_set_msr_with_filter(struct x86_emulate_ctxt *ctxt, u32 index, u64 val)
{
	return kb_of(ctxt)->host->set_msr(kb_of(ctxt)->h, cpu_of(ctxt), index, val)
		       ? X86EMUL_PROPAGATE_FAULT
		       : X86EMUL_CONTINUE;
}

/* x86.c: kvm_pmu_check_rdpmc_early() has nothing to check on Intel (the
 * host's CPU), and kvm_pmu_rdpmc() reads the host's vPMU */
static int be_check_rdpmc_early(struct x86_emulate_ctxt *ctxt, u32 pmc)
{
	(void)ctxt;
	(void)pmc;
	return 0;
}

static int be_read_pmc(struct x86_emulate_ctxt *ctxt, u32 pmc, u64 *val)
{
	uint64_t v = 0;
	int r = kb_of(ctxt)->host->read_pmc(kb_of(ctxt)->h, cpu_of(ctxt), pmc, &v);

	*val = v;
	return r;
}

static int be_set_xcr(struct x86_emulate_ctxt *ctxt, u32 index, u64 xcr)
{
	return kb_of(ctxt)->host->set_xcr(kb_of(ctxt)->h, cpu_of(ctxt), index, xcr);
}

/* ---- everything else ----------------------------------------------------------- */

static void event(struct x86_emulate_ctxt *ctxt, enum oracle_event ev, u64 arg)
{
	kb_of(ctxt)->host->event(kb_of(ctxt)->h, ev, arg);
}

static void be_vm_bugged(struct x86_emulate_ctxt *ctxt)
{
	kb_of(ctxt)->vm_bugged = 1;
	event(ctxt, ORACLE_EV_VM_BUGGED, 0);
}

static ulong be_read_gpr(struct x86_emulate_ctxt *ctxt, unsigned reg)
{
	return cpu_of(ctxt)->gpr[reg];
}

static void be_write_gpr(struct x86_emulate_ctxt *ctxt, unsigned reg, ulong val)
{
	cpu_of(ctxt)->gpr[reg] = val;
}

static void be_halt(struct x86_emulate_ctxt *ctxt) { event(ctxt, ORACLE_EV_HALT, 0); }
static void be_wbinvd(struct x86_emulate_ctxt *ctxt) { event(ctxt, ORACLE_EV_WBINVD, 0); }

/* x86.c patches the hypercall instruction in guest memory and lets the guest
 * re-execute it; the oracle records the request instead. */
static int be_fix_hypercall(struct x86_emulate_ctxt *ctxt)
{
	event(ctxt, ORACLE_EV_HYPERCALL, 0);
	return X86EMUL_CONTINUE;
}

/* svm/vmx_check_intercept: L1's answer, from the host (a nested guest's) */
static int be_intercept(struct x86_emulate_ctxt *ctxt, struct x86_instruction_info *info,
			enum x86_intercept_stage stage)
{
	struct kvm_backend *kb = kb_of(ctxt);
	struct oracle_intercept_info i = ORACLE_INTERCEPT_INFO_OF(info);
	struct oracle_fault f = {0};

	if (!kb->host->intercept)
		return X86EMUL_CONTINUE;
	/* the oracle counts stages from 0, as kemu does */
	return forward_fault(kb->host->intercept(kb->h, &i, (int)stage - X86_ICPT_PRE_EXCEPT, &f), &f,
			     &ctxt->exception);
}

static bool be_get_cpuid(struct x86_emulate_ctxt *ctxt, u32 *eax, u32 *ebx, u32 *ecx, u32 *edx,
			 bool exact_only)
{
	return kb_of(ctxt)->host->cpuid(kb_of(ctxt)->h, eax, ebx, ecx, edx, exact_only);
}

/* x86.c: the guest's CPUID vendor (leaf 0) is Intel's */
static bool be_intel_compatible(struct x86_emulate_ctxt *ctxt)
{
	struct kvm_backend *kb = kb_of(ctxt);
	uint32_t eax = 0, ebx, ecx = 0, edx;

	kb->host->cpuid(kb->h, &eax, &ebx, &ecx, &edx, true);
	return ebx == 0x756e6547 && ecx == 0x6c65746e && edx == 0x49656e69;
}

static bool be_true(struct x86_emulate_ctxt *ctxt)
{
	(void)ctxt;
	return true;
}

static void be_set_nmi_mask(struct x86_emulate_ctxt *ctxt, bool masked)
{
	cpu_of(ctxt)->nmi_masked = masked;
	event(ctxt, ORACLE_EV_SET_NMI_MASK, masked);
}

/* SMM as the host models it (x86.c's is_smm) */
static bool be_is_smm(struct x86_emulate_ctxt *ctxt)
{
	struct kvm_backend *kb = kb_of(ctxt);

	return kb->host->in_smm && kb->host->in_smm(kb->h);
}

/*
 * smm.c's emulator_leave_smm: the state SMRAM held goes into the vCPU and,
 * through reg_write(), into ctxt->_regs, with _eip and eflags.
 */
static int be_leave_smm(struct x86_emulate_ctxt *ctxt)
{
	struct kvm_backend *kb = kb_of(ctxt);
	struct oracle_cpu *cpu = cpu_of(ctxt);
	unsigned int i;

	if (!kb->host->leave_smm || kb->host->leave_smm(kb->h, cpu))
		return X86EMUL_UNHANDLEABLE;
	for (i = 0; i < NR_EMULATOR_GPRS; i++) {
		ctxt->_regs[i] = cpu->gpr[i];
		ctxt->regs_valid |= 1u << i;
		ctxt->regs_dirty |= 1u << i;
	}
	ctxt->_eip = cpu->rip;
	ctxt->eflags = cpu->rflags;
	return X86EMUL_CONTINUE;
}

static void be_triple_fault(struct x86_emulate_ctxt *ctxt)
{
	event(ctxt, ORACLE_EV_TRIPLE_FAULT, 0);
}

/* no LAM: addresses carry no tags */
static gva_t be_get_untagged_addr(struct x86_emulate_ctxt *ctxt, gva_t addr, unsigned int flags)
{
	(void)ctxt;
	(void)flags;
	return addr;
}

/* 4-level paging: 48-bit canonical addresses */
static bool be_is_canonical_addr(struct x86_emulate_ctxt *ctxt, gva_t addr, unsigned int flags)
{
	(void)ctxt;
	(void)flags;
	return __is_canonical_address(addr, 48);
}

static const struct x86_emulate_ops kvm_oracle_ops = {
	.vm_bugged = be_vm_bugged,
	.read_gpr = be_read_gpr,
	.write_gpr = be_write_gpr,
	.read_std = be_read_std,
	.write_std = be_write_std,
	.fetch = be_fetch,
	.read_emulated = be_read_emulated,
	.write_emulated = be_write_emulated,
	.cmpxchg_emulated = be_cmpxchg_emulated,
	.invlpg = be_invlpg,
	.pio_in_emulated = be_pio_in,
	.pio_out_emulated = be_pio_out,
	.get_segment = be_get_segment,
	.set_segment = be_set_segment,
	.get_cached_segment_base = be_get_cached_segment_base,
	.get_gdt = be_get_gdt,
	.get_idt = be_get_idt,
	.set_gdt = be_set_gdt,
	.set_idt = be_set_idt,
	.get_cr = be_get_cr,
	.set_cr = be_set_cr,
	.cpl = be_cpl,
	.get_dr = be_get_dr,
	.set_dr = be_set_dr,
	.set_msr_with_filter = be_set_msr_with_filter,
	.get_msr_with_filter = be_get_msr_with_filter,
	.get_msr = be_get_msr,
	.check_rdpmc_early = be_check_rdpmc_early,
	.read_pmc = be_read_pmc,
	.halt = be_halt,
	.wbinvd = be_wbinvd,
	.fix_hypercall = be_fix_hypercall,
	.intercept = be_intercept,
	.get_cpuid = be_get_cpuid,
	.guest_has_movbe = be_true,
	.guest_has_fxsr = be_true,
	.guest_has_rdpid = be_true,
	.guest_cpuid_is_intel_compatible = be_intel_compatible,
	.set_nmi_mask = be_set_nmi_mask,
	.is_smm = be_is_smm,
	.leave_smm = be_leave_smm,
	.triple_fault = be_triple_fault,
	.set_xcr = be_set_xcr,
	.get_untagged_addr = be_get_untagged_addr,
	.is_canonical_addr = be_is_canonical_addr,
};

/* ---- the x86.c driver --------------------------------------------------------- */

unsigned long kvm_backend_size(void)
{
	return (sizeof(struct kvm_backend) + 63) & ~63UL;
}

/* x86.c: alloc_emulate_ctxt() zeroes the context once per vCPU */
void kvm_backend_init(struct kvm_backend *kb, const struct oracle_host *host, void *host_opaque)
{
	memset(kb, 0, sizeof(*kb));
	kb->host = host;
	kb->h = host_opaque;
	kb->ctxt.vcpu = kb;
	kb->ctxt.ops = &kvm_oracle_ops;
}

/* x86.c: init_emulate_ctxt() */
static void init_emulate_ctxt(struct kvm_backend *kb, struct oracle_cpu *cpu)
{
	struct x86_emulate_ctxt *ctxt = &kb->ctxt;

	kb->cpu = cpu;
	kb->vm_bugged = 0;
	kvm_oracle_guest_fpu = cpu->fx;
	ctxt->gpa_available = false;
	ctxt->eflags = cpu->rflags;
	ctxt->tf = (ctxt->eflags & X86_EFLAGS_TF) != 0;
	ctxt->eip = cpu->rip;
	ctxt->mode = (enum x86emul_mode)oracle_mode(cpu);
	ctxt->interruptibility = 0;
	ctxt->have_exception = false;
	ctxt->exception.vector = -1;
	ctxt->perm_ok = false;
	init_decode_cache(ctxt);
}

int kvm_backend_decode(struct kvm_backend *kb, struct oracle_cpu *cpu, const uint8_t *insn,
		       int insn_len)
{
	init_emulate_ctxt(kb, cpu);
	if (x86_decode_insn(&kb->ctxt, (void *)insn, insn_len, 0) != EMULATION_OK)
		return -1;
	return (int)(kb->ctxt._eip - kb->ctxt.eip);
}

void kvm_backend_queries(struct kvm_backend *kb, struct oracle_cpu *cpu,
			 struct oracle_queries *out)
{
	struct x86_emulate_ctxt *ctxt = &kb->ctxt;

	memset(out, 0, sizeof(*out));
	init_emulate_ctxt(kb, cpu);
	if (x86_decode_insn(ctxt, NULL, 0, 0) != EMULATION_OK)
		return;
	out->decoded = 1;
	out->page_table_writing = x86_page_table_writing_insn(ctxt);
	out->can_use_gpa = emulator_can_use_gpa(ctxt);
	out->is_branch = ctxt->is_branch;
	init_emulate_ctxt(kb, cpu);
	out->emulate_on_ud = x86_decode_insn(ctxt, NULL, 0, EMULTYPE_TRAP_UD) == EMULATION_OK;
}

/* x86.c's MMIO exits, through the host (none when it models none) */
/* x86.c: is_guest_mode(vcpu) */
static bool guest_mode(struct kvm_backend *kb)
{
	return kb->host->guest_mode && kb->host->guest_mode(kb->h);
}

static int mmio_waiting(struct kvm_backend *kb)
{
	return kb->host->mmio_waiting ? kb->host->mmio_waiting(kb->h) : ORACLE_MMIO_NONE;
}

static void mmio_cancel(struct kvm_backend *kb)
{
	if (kb->host->mmio_cancel)
		kb->host->mmio_cancel(kb->h);
}

/* x86.c: exception_type() == EXCPT_TRAP */
static bool trap_like(int vector)
{
	return vector == DB_VECTOR || vector == BP_VECTOR || vector == OF_VECTOR;
}

static int finish(struct oracle_exit *exit, int outcome, unsigned long warnings_before)
{
	exit->outcome = outcome;
	exit->warnings = (int)(kvm_oracle_warnings - warnings_before);
	return outcome;
}

/* x86.c: inject_emulated_exception(); RIP/RFLAGS advance for trap-like ones */
static int exception_exit(struct kvm_backend *kb, struct oracle_exit *exit,
			  unsigned long warnings_before)
{
	const struct x86_exception *e = &kb->ctxt.exception;

	exit->fault.vector = e->vector;
	exit->fault.error_code_valid = e->error_code_valid;
	exit->fault.error_code = e->error_code_valid ? e->error_code : 0;
	exit->fault.address = e->vector == PF_VECTOR ? e->address : 0;
	if (trap_like(e->vector)) {
		kb->cpu->rip = kb->ctxt.eip;
		kb->cpu->rflags = kb->ctxt.eflags;
	}
	return finish(exit, ORACLE_OUT_FAULT, warnings_before);
}

int kvm_backend_step(struct kvm_backend *kb, struct oracle_cpu *cpu, const uint8_t *insn,
		     int insn_len, struct oracle_exit *exit)
{
	struct x86_emulate_ctxt *ctxt = &kb->ctxt;
	unsigned long warnings_before = kvm_oracle_warnings;
	bool check_intercepts;
	int r;

	memset(exit, 0, sizeof(*exit));
	init_emulate_ctxt(kb, cpu);
	r = x86_decode_insn(ctxt, (void *)insn, insn_len, 0);
	if (r != EMULATION_OK) {
		exit->decode_failed = 1;
		exit->code = r;
		if (ctxt->have_exception)
			return exception_exit(kb, exit, warnings_before);
		return finish(exit, ORACLE_OUT_UNHANDLEABLE, warnings_before);
	}
	exit->insn_len = (int)(ctxt->_eip - ctxt->eip);

	/* L1's intercepts, except once userspace answered a read: x86.c runs
	 * the pass again with EMULTYPE_NO_DECODE (a restart checks them again) */
	check_intercepts = guest_mode(kb);
	for (;;) {
		int waiting;

		ctxt->exception.address = 0; /* not EMULTYPE_PF */
		r = x86_emulate_insn(ctxt, check_intercepts);
		exit->code = r;
		if (r == EMULATION_INTERCEPTED || r == EMULATION_FAILED) {
			mmio_cancel(kb);
			return finish(exit, r == EMULATION_FAILED ? ORACLE_OUT_UNHANDLEABLE
								 : ORACLE_OUT_INTERCEPTED,
				      warnings_before);
		}
		if (ctxt->have_exception) {
			mmio_cancel(kb);
			return exception_exit(kb, exit, warnings_before);
		}
		waiting = mmio_waiting(kb);
		if (waiting != ORACLE_MMIO_NONE) {
			/* userspace serves it; a write ends the instruction (or
			 * this REP pass: the guest runs it again), a read runs
			 * the pass again on the same decode (EMULTYPE_NO_DECODE) */
			exit->mmio_exits++;
			kb->host->mmio_complete(kb->h);
			if (waiting == ORACLE_MMIO_WRITE)
				break;
			check_intercepts = false;
			continue;
		}
		if (r != EMULATION_RESTART)
			break;
		exit->restarts++;
	}
	if (kb->vm_bugged)
		return finish(exit, ORACLE_OUT_OTHER, warnings_before);

	/* writeback: toggle_interruptibility, kvm_rip_write, __kvm_set_rflags */
	oracle_writeback_shadow(cpu, (u32)ctxt->interruptibility);
	cpu->rip = ctxt->eip;
	cpu->rflags = ctxt->eflags;
	return finish(exit, ORACLE_OUT_OK, warnings_before);
}

int kvm_backend_task_switch(struct kvm_backend *kb, struct oracle_cpu *cpu, uint16_t tss_selector,
			    int idt_index, int reason, int has_error_code, uint32_t error_code,
			    struct oracle_exit *exit)
{
	struct x86_emulate_ctxt *ctxt = &kb->ctxt;
	unsigned long warnings_before = kvm_oracle_warnings;
	int r;

	memset(exit, 0, sizeof(*exit));
	init_emulate_ctxt(kb, cpu);
	r = emulator_task_switch(ctxt, tss_selector, idt_index, reason, has_error_code,
				 error_code);
	exit->code = r;
	if (r != EMULATION_OK)
		return finish(exit, ORACLE_OUT_UNHANDLEABLE, warnings_before);
	/*
	 * A fault leaves only ctxt->exception (have_exception is
	 * x86_emulate_insn's), which kvm_task_switch() does not look at: the
	 * exception the emulator raised is what is compared.
	 */
	if (ctxt->exception.vector != (u8)-1) /* init_emulate_ctxt's -1 */
		return exception_exit(kb, exit, warnings_before);
	if (kb->vm_bugged)
		return finish(exit, ORACLE_OUT_OTHER, warnings_before);
	cpu->rip = ctxt->eip;
	cpu->rflags = ctxt->eflags;
	return finish(exit, ORACLE_OUT_OK, warnings_before);
}

int kvm_backend_int_real(struct kvm_backend *kb, struct oracle_cpu *cpu, int irq, int inc_eip,
			 struct oracle_exit *exit)
{
	struct x86_emulate_ctxt *ctxt = &kb->ctxt;
	unsigned long warnings_before = kvm_oracle_warnings;
	int r;

	memset(exit, 0, sizeof(*exit));
	init_emulate_ctxt(kb, cpu);
	ctxt->op_bytes = 2;
	ctxt->ad_bytes = 2;
	ctxt->_eip = ctxt->eip + inc_eip;
	r = emulate_int_real(ctxt, irq);
	exit->code = r;
	if (r != X86EMUL_CONTINUE) /* KVM_REQ_TRIPLE_FAULT */
		return finish(exit, ORACLE_OUT_OTHER, warnings_before);
	cpu->rip = ctxt->_eip;
	cpu->rflags = ctxt->eflags;
	return finish(exit, ORACLE_OUT_OK, warnings_before);
}
