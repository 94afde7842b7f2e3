// SPDX-License-Identifier: GPL-2.0
/*
 * Suite kemu_bridge: kemu's replacements of KVM's emulator entry points
 * (kmod/kemu_bridge.c) against a real struct x86_emulate_ctxt (this kernel's
 * arch/x86/kvm/kvm_emulate.h), allocated the way KVM allocates it (a slab
 * cache with KVM's usercopy region, so KASAN sees the object's true size),
 * driven through a fake struct x86_emulate_ops that behaves as x86.c's:
 * guest RAM, an MMIO range whose reads exit to userspace (the buffer is kept
 * and filled on completion, as KVM's read_emulated does), writes that set
 * mmio_needed, intercepts.  Every expected value is checked by hand from the
 * instruction bytes and KVM's definitions.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "kvm_emulate.h"

#include <kemu/kemu.h>

#include "../kmod/kemu_bridge.h"
#include "../kmod/kemu_record.h"
#include "../kmod/kemu_route.h"
#include "../kmod/kemu_vcpu_cache.h"
#include "kemu_kvm_build.h"	/* d's bits, from the test kernel's emulate.c */

/* --- the fake KVM ---------------------------------------------------------------- */

/* Guest memory: RAM at [0, FAKE_RAM), MMIO at [FAKE_MMIO, +0x1000). */
#define FAKE_RAM 0x4000UL
#define FAKE_CODE 0x1000UL
#define FAKE_MMIO 0x100000UL

/*
 * One fake vCPU per test.  ctxt->vcpu points at `kvm`, a real struct
 * kvm_vcpu, since the bridge reads mmio_needed and arch.pio from it.
 */
struct fake_vcpu {
	struct kvm_vcpu kvm;
	unsigned long gprs[NR_EMULATOR_GPRS];
	unsigned int read_gpr_calls[NR_EMULATOR_GPRS];
	unsigned int write_gpr_calls[NR_EMULATOR_GPRS];
	unsigned int vm_bugged_calls;
	unsigned int fetch_calls;
	u8 ram[FAKE_RAM];
	/* a fault fetch() reports for this address */
	unsigned long fetch_fault_at;
	struct x86_exception fetch_fault;
	/* MMIO reads: the buffer of the read waiting for userspace */
	void *mmio_kept;
	bool mmio_read_completed;
	unsigned int mmio_reads;
	unsigned long mmio_write_addr[4];
	u8 mmio_write_val[4];
	unsigned int mmio_writes;
	/* intercepts: what the first check saw, and the answer */
	int intercept_answer;
	unsigned int intercept_calls;
	struct x86_instruction_info intercept_info;
	enum x86_intercept_stage intercept_stage;
	/* the CPL, and the port of the last port read (completed in the kernel) */
	int cpl;
	unsigned short pio_port;
	/* CR and MSR writes x86.c refuses (set_cr: 1; set_msr: PROPAGATE_FAULT) */
	unsigned int set_cr_calls, set_msr_calls;
};

static struct fake_vcpu *fake_of(struct x86_emulate_ctxt *ctxt)
{
	return container_of((struct kvm_vcpu *)ctxt->vcpu, struct fake_vcpu, kvm);
}

static ulong fake_read_gpr(struct x86_emulate_ctxt *ctxt, unsigned int reg)
{
	struct fake_vcpu *v = fake_of(ctxt);

	if (WARN_ON_ONCE(reg >= NR_EMULATOR_GPRS))
		return 0;
	v->read_gpr_calls[reg]++;
	return v->gprs[reg];
}

static void fake_write_gpr(struct x86_emulate_ctxt *ctxt, unsigned int reg, ulong val)
{
	struct fake_vcpu *v = fake_of(ctxt);

	if (WARN_ON_ONCE(reg >= NR_EMULATOR_GPRS))
		return;
	v->write_gpr_calls[reg]++;
	v->gprs[reg] = val;
}

static void fake_vm_bugged(struct x86_emulate_ctxt *ctxt)
{
	fake_of(ctxt)->vm_bugged_calls++;
}

static int fake_fetch(struct x86_emulate_ctxt *ctxt, unsigned long addr, void *val,
		      unsigned int bytes, struct x86_exception *fault)
{
	struct fake_vcpu *v = fake_of(ctxt);

	v->fetch_calls++;
	if (v->fetch_fault_at && addr <= v->fetch_fault_at && v->fetch_fault_at < addr + bytes) {
		*fault = v->fetch_fault;
		return X86EMUL_PROPAGATE_FAULT;
	}
	if (addr >= FAKE_RAM || bytes > FAKE_RAM - addr)
		return X86EMUL_UNHANDLEABLE;
	memcpy(val, &v->ram[addr], bytes);
	return X86EMUL_CONTINUE;
}

/* KVM's read_emulated: RAM at once; MMIO exits, then completes into val. */
static int fake_read_emulated(struct x86_emulate_ctxt *ctxt, unsigned long addr, void *val,
			      unsigned int bytes, struct x86_exception *fault)
{
	struct fake_vcpu *v = fake_of(ctxt);

	if (addr < FAKE_RAM && bytes <= FAKE_RAM - addr) {
		memcpy(val, &v->ram[addr], bytes);
		return X86EMUL_CONTINUE;
	}
	if (v->mmio_read_completed) { /* read_prepare(): the data is in val */
		v->mmio_read_completed = false;
		return X86EMUL_CONTINUE;
	}
	v->mmio_reads++;
	v->mmio_kept = val;
	v->kvm.mmio_needed = 1;
	v->kvm.mmio_is_write = 0;
	return X86EMUL_IO_NEEDED;
}

static int fake_write_emulated(struct x86_emulate_ctxt *ctxt, unsigned long addr,
			       const void *val, unsigned int bytes, struct x86_exception *fault)
{
	struct fake_vcpu *v = fake_of(ctxt);

	if (addr < FAKE_RAM && bytes <= FAKE_RAM - addr) {
		memcpy(&v->ram[addr], val, bytes);
		return X86EMUL_CONTINUE;
	}
	if (v->mmio_writes < ARRAY_SIZE(v->mmio_write_addr)) {
		v->mmio_write_addr[v->mmio_writes] = addr;
		v->mmio_write_val[v->mmio_writes] = *(const u8 *)val;
	}
	v->mmio_writes++;
	v->kvm.mmio_needed = 1; /* the exit happens after the instruction */
	return X86EMUL_CONTINUE;
}

/* KVM's read_std: RAM only. */
static int fake_read_std(struct x86_emulate_ctxt *ctxt, unsigned long addr, void *val,
			 unsigned int bytes, struct x86_exception *fault, bool system)
{
	struct fake_vcpu *v = fake_of(ctxt);

	if (addr >= FAKE_RAM || bytes > FAKE_RAM - addr)
		return X86EMUL_UNHANDLEABLE;
	memcpy(val, &v->ram[addr], bytes);
	return X86EMUL_CONTINUE;
}

/* A port in the kernel: every byte reads 0x5a. */
static int fake_pio_in_emulated(struct x86_emulate_ctxt *ctxt, int size, unsigned short port,
				void *val, unsigned int count)
{
	fake_of(ctxt)->pio_port = port;
	memset(val, 0x5a, size * count);
	return 1;
}

/* The TSS: 104 bytes at FAKE_TSS, so no I/O permission bitmap. */
#define FAKE_TSS 0x3000UL

/* A flat 64-bit code segment, flat data segments, TR without an I/O bitmap. */
static bool fake_get_segment(struct x86_emulate_ctxt *ctxt, u16 *selector,
			     struct desc_struct *desc, u32 *base3, int seg)
{
	memset(desc, 0, sizeof(*desc));
	if (seg == VCPU_SREG_TR) {
		set_desc_base(desc, FAKE_TSS);
		set_desc_limit(desc, 0x67);
		desc->type = 0xb;
		desc->p = 1;
		*selector = 0x40;
		if (base3)
			*base3 = 0;
		return true;
	}
	set_desc_limit(desc, 0xfffff);
	desc->g = 1;
	desc->p = 1;
	desc->s = 1;
	desc->type = seg == VCPU_SREG_CS ? 0xb : 0x3;
	desc->l = seg == VCPU_SREG_CS;
	*selector = seg == VCPU_SREG_CS ? 0x8 : 0x10;
	if (base3)
		*base3 = 0;
	return true;
}

static ulong fake_get_cached_segment_base(struct x86_emulate_ctxt *ctxt, int seg)
{
	return 0;
}

static ulong fake_get_cr(struct x86_emulate_ctxt *ctxt, int cr)
{
	switch (cr) {
	case 0:
		return X86_CR0_PE | X86_CR0_ET | X86_CR0_PG;
	case 4:
		return X86_CR4_PAE;
	default:
		return 0;
	}
}

static int fake_cpl(struct x86_emulate_ctxt *ctxt)
{
	return fake_of(ctxt)->cpl;
}

static int fake_get_msr(struct x86_emulate_ctxt *ctxt, u32 msr, u64 *pdata)
{
	*pdata = msr == MSR_EFER ? EFER_LME | EFER_LMA | EFER_SCE : 0;
	return X86EMUL_CONTINUE;
}

static bool fake_get_cpuid(struct x86_emulate_ctxt *ctxt, u32 *eax, u32 *ebx, u32 *ecx,
			   u32 *edx, bool exact_only)
{
	*eax = 0x1;
	*ebx = 0x68747541; /* "AuthenticAMD" */
	*edx = 0x69746e65;
	*ecx = 0x444d4163;
	return true;
}

static int fake_intercept(struct x86_emulate_ctxt *ctxt, struct x86_instruction_info *info,
			  enum x86_intercept_stage stage)
{
	struct fake_vcpu *v = fake_of(ctxt);

	if (!v->intercept_calls++) {
		v->intercept_info = *info;
		v->intercept_stage = stage;
	}
	/* VMX's check_intercept raises #UD itself for what L1 does not expose */
	if (v->intercept_answer == X86EMUL_PROPAGATE_FAULT) {
		ctxt->exception.vector = UD_VECTOR;
		ctxt->exception.error_code_valid = false;
	}
	return v->intercept_answer;
}

static int fake_set_cr(struct x86_emulate_ctxt *ctxt, int cr, ulong val)
{
	fake_of(ctxt)->set_cr_calls++;
	return 1;
}

static int fake_set_msr(struct x86_emulate_ctxt *ctxt, u32 msr, u64 data)
{
	fake_of(ctxt)->set_msr_calls++;
	return X86EMUL_PROPAGATE_FAULT;
}

static const struct x86_emulate_ops fake_ops = {
	.vm_bugged = fake_vm_bugged,
	.read_gpr = fake_read_gpr,
	.write_gpr = fake_write_gpr,
	.fetch = fake_fetch,
	.read_emulated = fake_read_emulated,
	.write_emulated = fake_write_emulated,
	.get_segment = fake_get_segment,
	.read_std = fake_read_std,
	.pio_in_emulated = fake_pio_in_emulated,
	.get_cached_segment_base = fake_get_cached_segment_base,
	.get_cr = fake_get_cr,
	.set_cr = fake_set_cr,
	.cpl = fake_cpl,
	.get_msr = fake_get_msr,
	.get_msr_with_filter = fake_get_msr,
	.set_msr_with_filter = fake_set_msr,
	.intercept = fake_intercept,
	.get_cpuid = fake_get_cpuid,
};

/* KVM's kvm_alloc_emulator_cache(): the same size, alignment and usercopy region. */
static struct kmem_cache *ctxt_cache;

struct bridge_fixture {
	struct x86_emulate_ctxt *ctxt;
	struct fake_vcpu *vcpu;
};

static int bridge_suite_init(struct kunit_suite *suite)
{
	unsigned int useroffset = offsetof(struct x86_emulate_ctxt, src);
	unsigned int size = sizeof(struct x86_emulate_ctxt);

	ctxt_cache = kmem_cache_create_usercopy("kemu_kunit_x86_emulator", size,
						__alignof__(struct x86_emulate_ctxt), SLAB_ACCOUNT,
						useroffset, size - useroffset, NULL);
	return ctxt_cache ? 0 : -ENOMEM;
}

static void bridge_suite_exit(struct kunit_suite *suite)
{
	kmem_cache_destroy(ctxt_cache);
	ctxt_cache = NULL;
}

/* A zeroed ctxt, as kvm_arch_vcpu_create() gets it, wired to a fresh fake vCPU. */
static int bridge_init(struct kunit *test)
{
	struct bridge_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	unsigned int i;

	if (!f)
		return -ENOMEM;
	f->vcpu = kunit_kzalloc(test, sizeof(*f->vcpu), GFP_KERNEL);
	if (!f->vcpu)
		return -ENOMEM;
	f->ctxt = kmem_cache_zalloc(ctxt_cache, GFP_KERNEL_ACCOUNT);
	if (!f->ctxt)
		return -ENOMEM;
	f->ctxt->vcpu = &f->vcpu->kvm;
	f->ctxt->ops = &fake_ops;
	f->ctxt->mode = X86EMUL_MODE_PROT64;
	for (i = 0; i < NR_EMULATOR_GPRS; i++)
		f->vcpu->gprs[i] = 0x1111111111111111UL * (i + 1);
	test->priv = f;
	return 0;
}

static void bridge_exit(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;

	if (f && f->ctxt) {
		/* as kvm_arch_vcpu_destroy() does through kemu's hook */
		kemu_bridge_vcpu_gone(f->ctxt);
		kmem_cache_free(ctxt_cache, f->ctxt);
	}
}

/* --- what runs today ------------------------------------------------------------ */

/*
 * The register cache of kvm_emulate.h: reg_read() asks ops->read_gpr() once
 * and marks the register valid; reg_write() marks it valid and dirty without
 * reading; reg_rmw() does both.  kemu's bridge shares _regs/regs_valid/
 * regs_dirty with this code (smm.c, KVM's own writeback), so it must read and
 * write them with exactly these meanings.
 */
static void kvm_register_cache(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;

	KUNIT_EXPECT_EQ(test, reg_read(ctxt, VCPU_REGS_RCX), v->gprs[VCPU_REGS_RCX]);
	KUNIT_EXPECT_EQ(test, reg_read(ctxt, VCPU_REGS_RCX), v->gprs[VCPU_REGS_RCX]);
	KUNIT_EXPECT_EQ(test, v->read_gpr_calls[VCPU_REGS_RCX], 1U);
	KUNIT_EXPECT_EQ(test, ctxt->regs_valid, (u16)BIT(VCPU_REGS_RCX));
	KUNIT_EXPECT_EQ(test, ctxt->regs_dirty, (u16)0);

	*reg_write(ctxt, VCPU_REGS_R15) = 0xfeedfacecafebeefUL;
	KUNIT_EXPECT_EQ(test, v->read_gpr_calls[VCPU_REGS_R15], 0U);
	KUNIT_EXPECT_EQ(test, ctxt->_regs[VCPU_REGS_R15], 0xfeedfacecafebeefUL);
	KUNIT_EXPECT_EQ(test, ctxt->regs_valid, (u16)(BIT(VCPU_REGS_RCX) | BIT(VCPU_REGS_R15)));
	KUNIT_EXPECT_EQ(test, ctxt->regs_dirty, (u16)BIT(VCPU_REGS_R15));

	*reg_rmw(ctxt, VCPU_REGS_RSP) -= 8;
	KUNIT_EXPECT_EQ(test, v->read_gpr_calls[VCPU_REGS_RSP], 1U);
	KUNIT_EXPECT_EQ(test, ctxt->_regs[VCPU_REGS_RSP], v->gprs[VCPU_REGS_RSP] - 8);
	KUNIT_EXPECT_EQ(test, ctxt->regs_dirty, (u16)(BIT(VCPU_REGS_R15) | BIT(VCPU_REGS_RSP)));

	/* nothing is written back by the cache itself */
	KUNIT_EXPECT_EQ(test, v->write_gpr_calls[VCPU_REGS_R15], 0U);
	KUNIT_EXPECT_EQ(test, v->vm_bugged_calls, 0U);
}

/*
 * KVM whitelists [offsetof(src), sizeof(ctxt)) of its emulator slab for
 * copies from and to user memory (guest memory is the VMM's user memory).
 * Every buffer that receives guest data must lie in it: the operands, the
 * register file, the fetch cache and the 1 KiB io_read/mem_read caches.
 */
static void kvm_usercopy_region(struct kunit *test)
{
	const size_t start = offsetof(struct x86_emulate_ctxt, src);
	const size_t end = sizeof(struct x86_emulate_ctxt);
	static const struct {
		const char *name;
		size_t offset, size;
	} buffers[] = {
#define BUF(f) { #f, offsetof(struct x86_emulate_ctxt, f), sizeof_field(struct x86_emulate_ctxt, f) }
		BUF(src), BUF(src2), BUF(dst), BUF(memop), BUF(_regs),
		BUF(fetch), BUF(io_read), BUF(mem_read),
#undef BUF
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(buffers); i++) {
		KUNIT_EXPECT_GE_MSG(test, buffers[i].offset, start, "ctxt->%s", buffers[i].name);
		KUNIT_EXPECT_LE_MSG(test, buffers[i].offset + buffers[i].size, end, "ctxt->%s",
				    buffers[i].name);
	}
	/* the read caches hold 1 KiB each: a REP INS/MOVS chunk */
	KUNIT_EXPECT_EQ(test, sizeof_field(struct x86_emulate_ctxt, io_read.data), (size_t)1024);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct x86_emulate_ctxt, mem_read.data), (size_t)1024);
}

/* --- the bridge ------------------------------------------------------------------ */

/*
 * Stock KVM's init_decode_cache() and emulator_can_use_gpa(), which kemu
 * leaves unrouted: their bodies as scripts/kvm-emulate-facts.sh requires
 * them to be in the kernel kemu is built for.
 */
static void stock_init_decode_cache(struct x86_emulate_ctxt *ctxt)
{
	ctxt->rip_relative = false;
	ctxt->rex_prefix = 0;
	ctxt->lock_prefix = 0;
	ctxt->rep_prefix = 0;
	ctxt->regs_valid = 0;
	ctxt->regs_dirty = 0;
	ctxt->io_read.pos = 0;
	ctxt->io_read.end = 0;
	ctxt->mem_read.end = 0;
}

static bool stock_can_use_gpa(const struct x86_emulate_ctxt *ctxt)
{
	if (ctxt->rep_prefix && (ctxt->d & KEMU_KVM_STRING))
		return false;
	if (ctxt->d & KEMU_KVM_TWO_MEM_OP)
		return false;
	return true;
}

/* What init_emulate_ctxt() leaves before a decode: 64-bit code at FAKE_CODE. */
static void prepare(struct bridge_fixture *f, const u8 *code, size_t len)
{
	struct x86_emulate_ctxt *ctxt = f->ctxt;

	memcpy(&f->vcpu->ram[FAKE_CODE], code, len);
	ctxt->gpa_available = false;
	ctxt->eflags = X86_EFLAGS_FIXED;
	ctxt->tf = false;
	ctxt->eip = FAKE_CODE;
	ctxt->mode = X86EMUL_MODE_PROT64;
	ctxt->interruptibility = 0;
	ctxt->have_exception = false;
	ctxt->exception.vector = -1;
	ctxt->perm_ok = false;
	kemu_init_decode_cache(ctxt);
}

static bool in_usercopy_window(struct x86_emulate_ctxt *ctxt, const void *p, size_t bytes)
{
	const u8 *base = (const u8 *)ctxt, *q = p;

	return q >= base + offsetof(struct x86_emulate_ctxt, src) &&
	       q + bytes <= base + sizeof(*ctxt);
}

struct decode_case {
	const char *name;
	u8 bytes[15];
	u8 len;
	u8 opcode_len, b, modrm, op_bytes, ad_bytes, rep_prefix;
	bool is_branch;
};

/* Hand-decoded: the fields x86.c and svm.c read after x86_decode_insn(). */
static const struct decode_case decode_cases[] = {
	{ "mov [rax],ebx", { 0x89, 0x18 }, 2, 1, 0x89, 0x18, 4, 8, 0, false },
	{ "mov rax,[rbx+rcx*4+0x10]", { 0x48, 0x8b, 0x44, 0x8b, 0x10 }, 5, 1, 0x8b, 0x44, 8, 8, 0,
	  false },
	{ "movbe ax,[rbx]", { 0x66, 0x0f, 0x38, 0xf0, 0x03 }, 5, 3, 0xf0, 0x03, 2, 8, 0, false },
	{ "mov eax,[ebx] (67)", { 0x67, 0x8b, 0x03 }, 3, 1, 0x8b, 0x03, 4, 4, 0, false },
	{ "rep movsb", { 0xf3, 0xa4 }, 2, 1, 0xa4, 0, 4, 8, 0xf3, false },
	{ "wbinvd", { 0x0f, 0x09 }, 2, 2, 0x09, 0, 4, 8, 0, false },
	{ "jmp rel8", { 0xeb, 0x05 }, 2, 1, 0xeb, 0, 8, 8, 0, true },
	{ "int 0x80", { 0xcd, 0x80 }, 2, 1, 0xcd, 0, 4, 8, 0, true },
};

static void bridge_decode_fields(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(decode_cases); i++) {
		const struct decode_case *c = &decode_cases[i];

		prepare(f, c->bytes, c->len);
		KUNIT_ASSERT_EQ_MSG(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK,
				    "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, ctxt->opcode_len, c->opcode_len, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, ctxt->b, c->b, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, ctxt->modrm, c->modrm, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, ctxt->op_bytes, c->op_bytes, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, ctxt->ad_bytes, c->ad_bytes, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, ctxt->rep_prefix, c->rep_prefix, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, ctxt->is_branch, c->is_branch, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, ctxt->_eip, FAKE_CODE + c->len, "%s", c->name);
		/* prepare_emulation_ctxt_failure_exit() and the trace read these */
		KUNIT_EXPECT_EQ_MSG(test, ctxt->fetch.ptr - ctxt->fetch.data, (long)c->len, "%s",
				    c->name);
		KUNIT_EXPECT_GE_MSG(test, ctxt->fetch.end - ctxt->fetch.ptr, 0L, "%s", c->name);
		KUNIT_EXPECT_LE_MSG(test, ctxt->fetch.end - ctxt->fetch.data, 15L, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(ctxt->fetch.data, c->bytes, c->len), 0, "%s",
				    c->name);
		KUNIT_EXPECT_FALSE_MSG(test, ctxt->have_exception, "%s", c->name);
	}
	/* is_soft_int_instruction() reads INT n's vector from src.val */
	KUNIT_EXPECT_EQ(test, ctxt->src.val, 0x80UL);
}

/* Decode assists and forced emulation hand KVM's bytes over: no fetch. */
static void bridge_insn_bytes(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	static const u8 given[] = { 0x89, 0x18 };
	static const u8 in_ram[] = { 0x90, 0x90 };

	prepare(f, in_ram, sizeof(in_ram));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(f->ctxt, (void *)given, sizeof(given), 0),
			EMULATION_OK);
	KUNIT_EXPECT_EQ(test, f->ctxt->b, 0x89);
	KUNIT_EXPECT_EQ(test, f->ctxt->_eip, FAKE_CODE + 2);
	KUNIT_EXPECT_EQ(test, f->vcpu->fetch_calls, 0U);
}

static void bridge_decode_failures(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	static const u8 push_es[] = { 0x06 }; /* invalid in 64-bit mode */
	static const u8 mov_ebx[] = { 0x89, 0x18 };
	static const u8 ud2[] = { 0x0f, 0x0b };
	static const u8 paddb[] = { 0x0f, 0xfc, 0xc0 };
	static const u8 vmrun[] = { 0x0f, 0x01, 0xd8 };
	u8 too_long[16];

	/* #UD is a decode failure for x86.c to handle, never an exception */
	prepare(f, push_es, sizeof(push_es));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_FAILED);
	KUNIT_EXPECT_FALSE(test, ctxt->have_exception);

	/* 15 operand-size prefixes and a NOP: 16 bytes, #GP(0) */
	memset(too_long, 0x66, sizeof(too_long));
	too_long[15] = 0x90;
	prepare(f, too_long, sizeof(too_long));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_FAILED);
	KUNIT_EXPECT_TRUE(test, ctxt->have_exception);
	KUNIT_EXPECT_EQ(test, ctxt->exception.vector, GP_VECTOR);
	KUNIT_EXPECT_TRUE(test, ctxt->exception.error_code_valid);
	KUNIT_EXPECT_EQ(test, ctxt->exception.error_code, 0);

	/* only EmulateOnUD instructions are emulated on a #UD intercept */
	prepare(f, mov_ebx, sizeof(mov_ebx));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, EMULTYPE_TRAP_UD),
			EMULATION_FAILED);
	prepare(f, mov_ebx, sizeof(mov_ebx));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, EMULTYPE_TRAP_UD_FORCED),
			EMULATION_OK);

	/* UD2 has no entry in KVM's decode table: its decode fails, forced too */
	prepare(f, ud2, sizeof(ud2));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, EMULTYPE_TRAP_UD_FORCED),
			EMULATION_FAILED);
	KUNIT_EXPECT_FALSE(test, ctxt->have_exception);
	prepare(f, ud2, sizeof(ud2));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_FAILED);

	/* so has PADDB, which kemu decodes but does not execute */
	prepare(f, paddb, sizeof(paddb));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, EMULTYPE_TRAP_UD_FORCED),
			EMULATION_FAILED);
	KUNIT_EXPECT_FALSE(test, ctxt->have_exception);
	prepare(f, paddb, sizeof(paddb));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_FAILED);

	/* VMRUN is not executed either, but KVM decodes it (nested SVM skips it) */
	prepare(f, vmrun, sizeof(vmrun));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, ctxt->_eip, FAKE_CODE + 3);
}

/* The register cache after an emulation, and the two cache entry points. */
static void bridge_register_cache(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;
	static const u8 add_rax_rbx[] = { 0x48, 0x01, 0xd8 };
	unsigned int i;

	prepare(f, add_rax_rbx, sizeof(add_rax_rbx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	/* 0x1111111111111111 + 0x4444444444444444: no carries; 0x55 has even parity */
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RAX], 0x5555555555555555UL);
	KUNIT_EXPECT_EQ(test, ctxt->eflags, (unsigned long)(X86_EFLAGS_FIXED | X86_EFLAGS_PF));
	KUNIT_EXPECT_EQ(test, ctxt->eip, FAKE_CODE + 3);
	for (i = 0; i < NR_EMULATOR_GPRS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, v->read_gpr_calls[i], 1U, "register %u", i);
		KUNIT_EXPECT_EQ_MSG(test, v->write_gpr_calls[i], i == VCPU_REGS_RAX ? 1U : 0U,
				    "register %u", i);
	}
	KUNIT_EXPECT_EQ(test, ctxt->regs_dirty, (u16)0);
	KUNIT_EXPECT_EQ(test, ctxt->_regs[VCPU_REGS_RAX], 0x5555555555555555UL);

	/* KVM_GET_REGS while an emulation waits: exactly the dirty registers */
	ctxt->_regs[VCPU_REGS_RCX] = 5;
	ctxt->regs_dirty = BIT(VCPU_REGS_RCX);
	kemu_emulator_writeback_register_cache(ctxt);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RCX], 5UL);
	KUNIT_EXPECT_EQ(test, v->write_gpr_calls[VCPU_REGS_RCX], 1U);
	KUNIT_EXPECT_EQ(test, v->write_gpr_calls[VCPU_REGS_RAX], 1U);
	KUNIT_EXPECT_EQ(test, ctxt->regs_dirty, (u16)0);

	/* KVM_SET_REGS: nothing cached is trusted any more */
	kemu_emulator_invalidate_register_cache(ctxt);
	KUNIT_EXPECT_EQ(test, ctxt->regs_valid, (u16)0);
	KUNIT_EXPECT_EQ(test, ctxt->regs_dirty, (u16)0);
	KUNIT_EXPECT_EQ(test, v->vm_bugged_calls, 0U);
}

/*
 * Registers the vCPU holds (regs_avail) are read from vcpu->arch.regs, as
 * kvm_register_read_raw() does, without an indirect call; the others (RSP
 * on VMX, which needs a VMREAD) through read_gpr.
 */
static void bridge_available_registers(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;
	static const u8 add_rax_rbx[] = { 0x48, 0x01, 0xd8 };
	unsigned int i;

	for (i = 0; i < NR_EMULATOR_GPRS; i++)
		v->kvm.arch.regs[i] = v->gprs[i];
	v->kvm.arch.regs[VCPU_REGS_RBX] = 0x0101010101010101UL; /* what the vCPU holds */
	v->kvm.arch.regs_avail = GENMASK(NR_EMULATOR_GPRS - 1, 0) & ~BIT(VCPU_REGS_RSP);
	prepare(f, add_rax_rbx, sizeof(add_rax_rbx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RAX], 0x1212121212121212UL);
	for (i = 0; i < NR_EMULATOR_GPRS; i++)
		KUNIT_EXPECT_EQ_MSG(test, v->read_gpr_calls[i], i == VCPU_REGS_RSP ? 1U : 0U,
				    "register %u", i);
}

static void bridge_exception(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;
	static const u8 mov_eax_rbx[] = { 0x8b, 0x03 };

	/* a fault a callback reports goes back to KVM exactly as it came */
	v->fetch_fault_at = FAKE_CODE;
	v->fetch_fault = (struct x86_exception){
		.vector = PF_VECTOR, .error_code_valid = true, .error_code = 0x11,
		.nested_page_fault = true, .address = 0x1234,
	};
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_FAILED);
	KUNIT_EXPECT_TRUE(test, ctxt->have_exception);
	KUNIT_EXPECT_EQ(test, ctxt->exception.vector, PF_VECTOR);
	KUNIT_EXPECT_EQ(test, ctxt->exception.error_code, 0x11);
	KUNIT_EXPECT_TRUE(test, ctxt->exception.nested_page_fault);
	KUNIT_EXPECT_EQ(test, ctxt->exception.address, 0x1234ULL);

	/* a fault kemu raises is written field by field: non-canonical, #GP(0) */
	v->fetch_fault_at = 0;
	v->gprs[VCPU_REGS_RBX] = 0x8000000000000000UL;
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	ctxt->exception.nested_page_fault = true; /* stale */
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_TRUE(test, ctxt->have_exception);
	KUNIT_EXPECT_EQ(test, ctxt->exception.vector, GP_VECTOR);
	KUNIT_EXPECT_TRUE(test, ctxt->exception.error_code_valid);
	KUNIT_EXPECT_EQ(test, ctxt->exception.error_code, 0);
	KUNIT_EXPECT_FALSE(test, ctxt->exception.nested_page_fault);
	KUNIT_EXPECT_EQ(test, ctxt->eip, FAKE_CODE);
	KUNIT_EXPECT_EQ(test, v->write_gpr_calls[VCPU_REGS_RAX], 0U);
}

/*
 * An MMIO read exits to userspace: KVM keeps the buffer, fills it on
 * completion and runs the instruction again without decoding
 * (EMULTYPE_NO_DECODE).
 */
static void bridge_no_decode(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;
	static const u8 mov_eax_rbx[] = { 0x8b, 0x03 };
	static const u8 data[] = { 0x78, 0x56, 0x34, 0x12 };
	unsigned int fetches;

	v->gprs[VCPU_REGS_RBX] = FAKE_MMIO + 0x40;
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, v->mmio_reads, 1U);
	KUNIT_ASSERT_NOT_NULL(test, v->mmio_kept);
	/* hardened usercopy: inside the slab object, after src */
	KUNIT_EXPECT_TRUE(test, in_usercopy_window(ctxt, v->mmio_kept, sizeof(data)));
	KUNIT_EXPECT_EQ(test, ctxt->eip, FAKE_CODE);
	KUNIT_EXPECT_EQ(test, v->write_gpr_calls[VCPU_REGS_RAX], 0U);
	KUNIT_EXPECT_FALSE(test, ctxt->have_exception);

	memcpy(v->mmio_kept, data, sizeof(data)); /* complete_emulated_mmio() */
	v->mmio_read_completed = true;
	fetches = v->fetch_calls;
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RAX], 0x12345678UL);
	KUNIT_EXPECT_EQ(test, ctxt->eip, FAKE_CODE + 2);
	KUNIT_EXPECT_EQ(test, v->fetch_calls, fetches);
	KUNIT_EXPECT_EQ(test, v->mmio_reads, 1U);
}

/*
 * REP STOS to MMIO: KVM exits after each element's write, so kemu stops
 * after one (rIP on the instruction, RF set); the guest re-enters for the
 * next.  KVM's stock emulator must not take over kemu's decode.
 */
static void bridge_rep_string_exits(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;
	static const u8 rep_stosb[] = { 0xf3, 0xaa };

	v->gprs[VCPU_REGS_RCX] = 3;
	v->gprs[VCPU_REGS_RDI] = FAKE_MMIO;
	prepare(f, rep_stosb, sizeof(rep_stosb));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_FALSE(test, kemu_emulator_can_use_gpa(ctxt));
	KUNIT_EXPECT_FALSE(test, stock_can_use_gpa(ctxt));
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, v->mmio_writes, 1U);
	KUNIT_EXPECT_EQ(test, v->mmio_write_addr[0], FAKE_MMIO);
	KUNIT_EXPECT_EQ(test, v->mmio_write_val[0], 0x11); /* AL of 0x1111111111111111 */
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RCX], 2UL);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RDI], FAKE_MMIO + 1);
	KUNIT_EXPECT_EQ(test, ctxt->eip, FAKE_CODE);
	KUNIT_EXPECT_TRUE(test, ctxt->eflags & X86_EFLAGS_RF);
	/*
	 * stock x86_emulate_insn() would refuse this: no handler, no operands;
	 * d keeps only TwoMemOp, for stock's emulator_can_use_gpa() in the next pass
	 */
	KUNIT_EXPECT_NULL(test, ctxt->execute);
	KUNIT_EXPECT_EQ(test, ctxt->d, KEMU_KVM_TWO_MEM_OP);
	KUNIT_EXPECT_FALSE(test, stock_can_use_gpa(ctxt));
	KUNIT_EXPECT_EQ(test, ctxt->opcode_len, 2);
	KUNIT_EXPECT_EQ(test, ctxt->b, 0xff);

	/* after the exit: the next element */
	v->kvm.mmio_needed = 0;
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, v->mmio_writes, 2U);
	KUNIT_EXPECT_EQ(test, v->mmio_write_addr[1], FAKE_MMIO + 1);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RCX], 1UL);
}

/*
 * kvm.ko's enable_vmware_backdoor, where the takeover found it, reaches the
 * core on every emulation: at CPL 3 with IOPL 0 and no I/O bitmap, IN from
 * the backdoor's port 0x5658 passes with it, as KVM's emulator lets it
 * (emulator_io_port_access_allowed), and is #GP(0) without it.
 */
static void bridge_vmware_backdoor(struct kunit *test)
{
	static const bool on = true, off;
	static const u8 in_eax_dx[] = { 0xed };
	const bool *kvm_param = kemu_kvm_params.enable_vmware_backdoor;
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;

	v->cpl = 3;
	v->gprs[VCPU_REGS_RDX] = 0x5658;
	kemu_kvm_params.enable_vmware_backdoor = &on;
	prepare(f, in_eax_dx, sizeof(in_eax_dx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_FALSE(test, ctxt->have_exception);
	KUNIT_EXPECT_EQ(test, v->pio_port, 0x5658);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RAX], 0x5a5a5a5aUL);
	KUNIT_EXPECT_EQ(test, ctxt->eip, FAKE_CODE + 1);

	v->pio_port = 0;
	kemu_kvm_params.enable_vmware_backdoor = &off;
	prepare(f, in_eax_dx, sizeof(in_eax_dx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_TRUE(test, ctxt->have_exception);
	KUNIT_EXPECT_EQ(test, ctxt->exception.vector, GP_VECTOR);
	KUNIT_EXPECT_EQ(test, ctxt->exception.error_code, 0U);
	KUNIT_EXPECT_EQ(test, v->pio_port, 0);
	kemu_kvm_params.enable_vmware_backdoor = kvm_param;
}

/* Nested guests: L1's intercept check sees KVM's intercept id and stage. */
static void bridge_intercept(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;
	static const u8 cpuid[] = { 0x0f, 0xa2 };

	v->intercept_answer = X86EMUL_INTERCEPTED;
	prepare(f, cpuid, sizeof(cpuid));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, kemu_x86_emulate_insn(ctxt, true), EMULATION_INTERCEPTED);
	KUNIT_EXPECT_EQ(test, v->intercept_calls, 1U);
	KUNIT_EXPECT_EQ(test, v->intercept_info.intercept, (u8)x86_intercept_cpuid);
	KUNIT_EXPECT_EQ(test, v->intercept_stage, X86_ICPT_PRE_EXCEPT);
	KUNIT_EXPECT_EQ(test, ctxt->eip, FAKE_CODE);
	KUNIT_EXPECT_EQ(test, v->write_gpr_calls[VCPU_REGS_RAX], 0U);

	/* a fault the intercept check raises reaches KVM to inject */
	v->intercept_answer = X86EMUL_PROPAGATE_FAULT;
	v->intercept_calls = 0;
	prepare(f, cpuid, sizeof(cpuid));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, kemu_x86_emulate_insn(ctxt, true), EMULATION_OK);
	KUNIT_EXPECT_TRUE(test, ctxt->have_exception);
	KUNIT_EXPECT_EQ(test, ctxt->exception.vector, UD_VECTOR);
	KUNIT_EXPECT_FALSE(test, ctxt->exception.error_code_valid);
	KUNIT_EXPECT_EQ(test, ctxt->eip, FAKE_CODE);

	/* without check_intercepts nobody is asked, and CPUID runs */
	v->intercept_calls = 0;
	prepare(f, cpuid, sizeof(cpuid));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, v->intercept_calls, 0U);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RBX], 0x68747541UL);
	KUNIT_EXPECT_EQ(test, ctxt->eip, FAKE_CODE + 2);
}

/*
 * x86.c refuses a CR write with 1 and an MSR write with PROPAGATE_FAULT
 * without filling ctxt->exception: both reach KVM as #GP(0).
 */
static void bridge_refusals(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;
	static const u8 mov_cr4_rax[] = { 0x0f, 0x22, 0xe0 };
	static const u8 wrmsr[] = { 0x0f, 0x30 };
	const struct {
		const u8 *code;
		size_t len;
		unsigned int *calls;
	} forms[] = {
		{ mov_cr4_rax, sizeof(mov_cr4_rax), &v->set_cr_calls },
		{ wrmsr, sizeof(wrmsr), &v->set_msr_calls },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(forms); i++) {
		prepare(f, forms[i].code, forms[i].len);
		KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
		KUNIT_EXPECT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
		KUNIT_EXPECT_EQ_MSG(test, *forms[i].calls, 1U, "form %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, ctxt->have_exception, "form %u", i);
		KUNIT_EXPECT_EQ_MSG(test, ctxt->exception.vector, GP_VECTOR, "form %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, ctxt->exception.error_code_valid, "form %u", i);
		KUNIT_EXPECT_EQ_MSG(test, ctxt->exception.error_code, 0, "form %u", i);
		KUNIT_EXPECT_EQ_MSG(test, ctxt->eip, FAKE_CODE, "form %u", i);
	}
}

/* A completion for an instruction kemu did not decode fails cleanly. */
static void bridge_foreign_completion(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	static const u8 mov_eax_rbx[] = { 0x8b, 0x03 };

	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_EXPECT_EQ(test, kemu_x86_emulate_insn(f->ctxt, false), EMULATION_FAILED);
	KUNIT_EXPECT_EQ(test, f->vcpu->fetch_calls, 0U);
	KUNIT_EXPECT_EQ(test, f->vcpu->mmio_reads, 0U);
}

static void bridge_page_table_writing(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	static const u8 mov_store[] = { 0x89, 0x18 }; /* KVM: PageTable */
	static const u8 mov_load[] = { 0x8b, 0x03 };

	prepare(f, mov_store, sizeof(mov_store));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(f->ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_TRUE(test, kemu_x86_page_table_writing_insn(f->ctxt));
	KUNIT_EXPECT_TRUE(test, kemu_emulator_can_use_gpa(f->ctxt));
	KUNIT_EXPECT_TRUE(test, stock_can_use_gpa(f->ctxt));
	prepare(f, mov_load, sizeof(mov_load));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(f->ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_FALSE(test, kemu_x86_page_table_writing_insn(f->ctxt));
}

/*
 * Stock KVM's emulator_can_use_gpa() answers for kemu's instruction from
 * what kemu publishes at decode, before and after an execution pass (a
 * read-modify-write asks again on its write after the read's exit): false
 * for REP strings and KVM's TwoMemOp entries (MOVS, CMPS, PUSH r/m, POP
 * r/m), true otherwise.  Hand-checked against emulate.c's table.
 */
static void bridge_can_use_gpa_published(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	static const struct {
		const char *name;
		u8 bytes[4];
		u8 len;
		bool can_use_gpa;
	} cases[] = {
		{ "mov [rax],ebx", { 0x89, 0x18 }, 2, true },
		{ "add [rax],ebx", { 0x01, 0x18 }, 2, true },
		{ "stosb", { 0xaa }, 1, true },
		{ "rep stosb", { 0xf3, 0xaa }, 2, false },
		{ "rep insb", { 0xf3, 0x6c }, 2, false },
		{ "movsb", { 0xa4 }, 1, false },
		{ "cmpsb", { 0xa6 }, 1, false },
		{ "push qword [rax]", { 0xff, 0x30 }, 2, false },
		{ "pop qword [rax]", { 0x8f, 0x00 }, 2, false },
		{ "push rax", { 0x50 }, 1, true },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		/* RAM operands: every pass completes in the kernel */
		f->vcpu->gprs[VCPU_REGS_RAX] = 0x2000;
		f->vcpu->gprs[VCPU_REGS_RSI] = 0x2100;
		f->vcpu->gprs[VCPU_REGS_RDI] = 0x2200;
		f->vcpu->gprs[VCPU_REGS_RSP] = 0x3000;
		f->vcpu->gprs[VCPU_REGS_RCX] = 2;
		ctxt->d = ~0ULL;	/* whatever stock's last decode left */
		prepare(f, cases[i].bytes, cases[i].len);
		KUNIT_ASSERT_EQ_MSG(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK,
				    "%s", cases[i].name);
		KUNIT_EXPECT_EQ_MSG(test, kemu_emulator_can_use_gpa(ctxt), cases[i].can_use_gpa,
				    "%s: kemu", cases[i].name);
		KUNIT_EXPECT_EQ_MSG(test, stock_can_use_gpa(ctxt), cases[i].can_use_gpa,
				    "%s: stock, after the decode", cases[i].name);
		kemu_x86_emulate_insn(ctxt, false);
		KUNIT_EXPECT_EQ_MSG(test, stock_can_use_gpa(ctxt), cases[i].can_use_gpa,
				    "%s: stock, after a pass", cases[i].name);
	}
}

/* --- routing: which emulator each entry point's call goes to ----------------------- */

/* The calls that continue an instruction, and those that start one. */
static const enum kemu_entry continuing[] = {
	KEMU_ENTRY_EMULATE, KEMU_ENTRY_PAGE_TABLE_WRITING,
	KEMU_ENTRY_INVALIDATE_REGS, KEMU_ENTRY_WRITEBACK_REGS,
};
static const enum kemu_entry starting[] = {
	KEMU_ENTRY_DECODE, KEMU_ENTRY_TASK_SWITCH, KEMU_ENTRY_INT_REAL,
};

/*
 * Every entry point, with kemu switched on and off: what continues the
 * context's instruction goes to kemu exactly when kemu decoded it; what
 * starts one goes to the emulator switched on.
 */
static void expect_routes(struct kunit *test, const struct x86_emulate_ctxt *ctxt,
			  bool kemu_decoded_it)
{
	unsigned int i;
	int on;

	for (on = 0; on <= 1; on++) {
		for (i = 0; i < ARRAY_SIZE(continuing); i++)
			KUNIT_EXPECT_EQ_MSG(test, kemu_route_to_kemu(continuing[i], ctxt, on),
					    kemu_decoded_it, "entry %d, kemu %s", continuing[i],
					    on ? "on" : "off");
		for (i = 0; i < ARRAY_SIZE(starting); i++)
			KUNIT_EXPECT_EQ_MSG(test, kemu_route_to_kemu(starting[i], ctxt, on),
					    (bool)on, "entry %d, kemu %s", starting[i],
					    on ? "on" : "off");
	}
}

/* kemu.ko, which kemu_kunit.ko uses (its module_use entry names it). */
static struct module *kemu_module(void)
{
	struct module_use *use;

	list_for_each_entry(use, &THIS_MODULE->target_list, target_list)
		if (!strcmp(use->target->name, "kemu"))
			return use->target;
	return NULL;
}

/* A vCPU's context as kvm_arch_vcpu_create() leaves it: stock KVM's. */
static void route_fresh_context(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;

	expect_routes(test, f->ctxt, false);
}

/*
 * kemu decodes an MMIO read with kemu on; the read goes to userspace; kemu
 * is switched off: the completion still goes to kemu, which finishes the
 * instruction with the data.  The instruction held kemu.ko until then.  The
 * next instruction starts with stock's init_decode_cache() and from then on
 * everything goes to stock KVM.
 */
static void route_kemu_decoded_across_switch_off(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;
	static const u8 mov_eax_rbx[] = { 0x8b, 0x03 };
	static const u8 data[] = { 0x78, 0x56, 0x34, 0x12 };
	struct module *kemu = kemu_module();
	s64 in_flight = atomic64_read(&kemu_counters.in_flight);
	int refs;

	KUNIT_ASSERT_NOT_NULL(test, kemu);
	refs = module_refcount(kemu);
	v->gprs[VCPU_REGS_RBX] = FAKE_MMIO + 0x40;
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_ASSERT_TRUE(test, kemu_route_to_kemu(KEMU_ENTRY_DECODE, ctxt, true));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	expect_routes(test, ctxt, true);
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_ASSERT_NOT_NULL(test, v->mmio_kept);
	/* waiting for userspace: the instruction holds kemu.ko */
	KUNIT_EXPECT_EQ(test, atomic64_read(&kemu_counters.in_flight), in_flight + 1);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs + 1);

	/* switched off: complete_emulated_mmio() re-enters, and it is kemu's */
	expect_routes(test, ctxt, true);
	memcpy(v->mmio_kept, data, sizeof(data));
	v->mmio_read_completed = true;
	v->kvm.mmio_needed = 0;	/* complete_emulated_mmio() */
	KUNIT_ASSERT_TRUE(test, kemu_route_to_kemu(KEMU_ENTRY_EMULATE, ctxt, false));
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RAX], 0x12345678UL);
	KUNIT_EXPECT_EQ(test, ctxt->eip, FAKE_CODE + 2);
	KUNIT_EXPECT_EQ(test, atomic64_read(&kemu_counters.in_flight), in_flight);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs);
	/* finished, but the register cache is still kemu's to write back */
	expect_routes(test, ctxt, true);

	/* the next instruction, kemu off */
	stock_init_decode_cache(ctxt);
	kemu_route_start(KEMU_ENTRY_DECODE, ctxt);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs);
	expect_routes(test, ctxt, false);
	KUNIT_EXPECT_EQ(test, ctxt->io_read.pos, 0UL);
	KUNIT_EXPECT_EQ(test, ctxt->io_read.end, 0UL);
}

/*
 * kemu decoded an instruction, never executed, then is switched off: the
 * next instruction's init_decode_cache() is stock's, which clears
 * kemu_decoded() but not kemu_holds(), so the start of its decode gives the
 * module reference back; stock KVM decodes it (mem_read.end stays 0; its
 * read_emulated() counts the bytes it cached there) and kemu is switched on
 * before the completion: the completion stays stock's.
 */
static void route_stock_decoded_across_switch_on(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	static const u8 mov_eax_rbx[] = { 0x8b, 0x03 };
	struct module *kemu = kemu_module();
	int refs;

	KUNIT_ASSERT_NOT_NULL(test, kemu);
	refs = module_refcount(kemu);
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs + 1);
	/* the next instruction, kemu off: stock's init, then its decode starts */
	stock_init_decode_cache(ctxt);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs + 1);
	expect_routes(test, ctxt, false);
	kemu_route_start(KEMU_ENTRY_DECODE, ctxt);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs);
	KUNIT_EXPECT_FALSE(test, kemu_route_to_kemu(KEMU_ENTRY_DECODE, ctxt, false));
	KUNIT_EXPECT_EQ(test, ctxt->mem_read.end, 0UL);
	expect_routes(test, ctxt, false);
	ctxt->mem_read.pos = 0;
	ctxt->mem_read.end = 4;
	expect_routes(test, ctxt, false);
	KUNIT_EXPECT_FALSE(test, kemu_route_to_kemu(KEMU_ENTRY_EMULATE, ctxt, true));
	KUNIT_EXPECT_TRUE(test, kemu_route_to_kemu(KEMU_ENTRY_DECODE, ctxt, true));
}

/*
 * The vCPU goes away (or decodes again) with kemu's instruction waiting for
 * userspace: its reference is given back once, never twice.
 */
static void route_release_pending(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;
	static const u8 mov_eax_rbx[] = { 0x8b, 0x03 };
	static const u8 ud2[] = { 0x0f, 0x0b };
	struct module *kemu = kemu_module();
	s64 in_flight = atomic64_read(&kemu_counters.in_flight);
	int refs;

	KUNIT_ASSERT_NOT_NULL(test, kemu);
	refs = module_refcount(kemu);
	v->gprs[VCPU_REGS_RBX] = FAKE_MMIO + 0x40;
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs + 1);
	kemu_bridge_release(ctxt);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs);
	KUNIT_EXPECT_EQ(test, atomic64_read(&kemu_counters.in_flight), in_flight);
	expect_routes(test, ctxt, false);
	kemu_bridge_release(ctxt);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs);

	/*
	 * Waiting for userspace when the vCPU starts something else: stock's
	 * init_decode_cache() leaves the reference to the start, not to a call
	 * that continues an instruction; a count stock KVM leaves in
	 * mem_read.pos is never taken for kemu's mark.
	 */
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	stock_init_decode_cache(ctxt);
	kemu_route_start(KEMU_ENTRY_EMULATE, ctxt);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs + 1);
	kemu_route_start(KEMU_ENTRY_TASK_SWITCH, ctxt);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs);
	KUNIT_EXPECT_EQ(test, atomic64_read(&kemu_counters.in_flight), in_flight);
	ctxt->mem_read.pos = sizeof(ctxt->mem_read.data);
	kemu_route_start(KEMU_ENTRY_INT_REAL, ctxt);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs);
	ctxt->mem_read.pos = 0;

	/* decoded twice without emulating: one reference, dropped by the next init */
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs + 1);
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs);
	KUNIT_EXPECT_EQ(test, atomic64_read(&kemu_counters.in_flight), in_flight);

	/*
	 * The router takes the reference before the decode: a decode that
	 * fails gives it back, one that succeeds keeps it (once).
	 */
	prepare(f, ud2, sizeof(ud2));
	KUNIT_ASSERT_TRUE(test, kemu_bridge_hold(ctxt));
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs + 1);
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_FAILED);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs);
	KUNIT_EXPECT_FALSE(test, kemu_route_to_kemu(KEMU_ENTRY_EMULATE, ctxt, true));
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_ASSERT_TRUE(test, kemu_bridge_hold(ctxt));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs + 1);
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_EXPECT_EQ(test, module_refcount(kemu), refs);
	KUNIT_EXPECT_EQ(test, atomic64_read(&kemu_counters.in_flight), in_flight);
}

static struct kunit_case route_cases[] = {
	KUNIT_CASE(route_fresh_context),
	KUNIT_CASE(route_kemu_decoded_across_switch_off),
	KUNIT_CASE(route_stock_decoded_across_switch_on),
	KUNIT_CASE(route_release_pending),
	{}
};

static struct kunit_suite route_suite = {
	.name = "kemu_route",
	.suite_init = bridge_suite_init,
	.suite_exit = bridge_suite_exit,
	.init = bridge_init,
	.exit = bridge_exit,
	.test_cases = route_cases,
};

/* --- each vCPU's decode cache (kmod/kemu_vcpu_cache.c) --------------------------- */

/*
 * Allocated at the vCPU's first decode, found again by its context (one per
 * context), freed when the vCPU goes; a context at the same address later
 * (the slab reuses it) starts with an empty cache.
 */
static void cache_lifetime(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt, *other;
	static const u8 mov_rax_ebx[] = { 0x89, 0x18 };
	struct kemu_decode_cache *cache, *other_cache;
	long live = kemu_vcpu_caches();

	KUNIT_EXPECT_NULL(test, kemu_vcpu_cache_find(ctxt));
	prepare(f, mov_rax_ebx, sizeof(mov_rax_ebx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	cache = kemu_vcpu_cache_find(ctxt);
	KUNIT_ASSERT_NOT_NULL(test, cache);
	KUNIT_EXPECT_EQ(test, kemu_vcpu_caches(), live + 1);
	KUNIT_EXPECT_EQ(test, cache->misses, 1ULL);
	KUNIT_EXPECT_EQ(test, cache->hits, 0ULL);
	KUNIT_EXPECT_PTR_EQ(test, kemu_vcpu_cache(ctxt), cache);
	KUNIT_EXPECT_EQ(test, kemu_vcpu_caches(), live + 1);

	other = kmem_cache_zalloc(ctxt_cache, GFP_KERNEL_ACCOUNT);
	KUNIT_ASSERT_NOT_NULL(test, other);
	other_cache = kemu_vcpu_cache(other);
	KUNIT_EXPECT_NOT_NULL(test, other_cache);
	KUNIT_EXPECT_PTR_NE(test, other_cache, cache);
	KUNIT_EXPECT_EQ(test, kemu_vcpu_caches(), live + 2);
	kemu_bridge_vcpu_gone(other);
	KUNIT_EXPECT_NULL(test, kemu_vcpu_cache_find(other));
	KUNIT_EXPECT_PTR_EQ(test, kemu_vcpu_cache_find(ctxt), cache);
	KUNIT_EXPECT_EQ(test, kemu_vcpu_caches(), live + 1);
	kmem_cache_free(ctxt_cache, other);

	kemu_bridge_vcpu_gone(ctxt);
	KUNIT_EXPECT_NULL(test, kemu_vcpu_cache_find(ctxt));
	KUNIT_EXPECT_EQ(test, kemu_vcpu_caches(), live);
	prepare(f, mov_rax_ebx, sizeof(mov_rax_ebx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	cache = kemu_vcpu_cache_find(ctxt);
	KUNIT_ASSERT_NOT_NULL(test, cache);
	KUNIT_EXPECT_EQ(test, cache->misses, 1ULL);
	KUNIT_EXPECT_EQ(test, cache->hits, 0ULL);
}

/*
 * A second decode at the same rIP is a hit: fetched as before, the same
 * fields, the address from the registers of now.  Stock KVM's emulator
 * writing its data over the bridge in between (kemu switched off and on)
 * does not lose the cache; code the guest rewrites is decoded afresh.
 */
static void cache_hit_path(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	struct fake_vcpu *v = f->vcpu;
	static const u8 mov_eax_rbx[] = { 0x8b, 0x03 };
	static const u8 mov_ecx_rbx[] = { 0x8b, 0x0b };
	struct kemu_decode_cache *cache;
	unsigned int fetches;
	static const u32 data[] = { 0x11223344, 0x55667788, 0x99aabbcc };

	memcpy(&v->ram[0x2000], &data[0], 4);
	memcpy(&v->ram[0x2100], &data[1], 4);
	memcpy(&v->ram[0x2200], &data[2], 4);
	v->gprs[VCPU_REGS_RBX] = 0x2000;
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	fetches = v->fetch_calls;
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	fetches = v->fetch_calls - fetches;
	KUNIT_EXPECT_GT(test, fetches, 0U);
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RAX], 0x11223344UL);
	cache = kemu_vcpu_cache_find(ctxt);
	KUNIT_ASSERT_NOT_NULL(test, cache);
	KUNIT_EXPECT_EQ(test, cache->hits, 0ULL);

	v->gprs[VCPU_REGS_RBX] = 0x2100;
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	fetches += v->fetch_calls;
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, cache->hits, 1ULL);
	KUNIT_EXPECT_EQ(test, v->fetch_calls, fetches);
	KUNIT_EXPECT_EQ(test, ctxt->b, 0x8b);
	KUNIT_EXPECT_EQ(test, ctxt->modrm, 0x03);
	KUNIT_EXPECT_EQ(test, ctxt->_eip, FAKE_CODE + 2);
	KUNIT_EXPECT_EQ(test, ctxt->fetch.ptr - ctxt->fetch.data, 2L);
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RAX], 0x55667788UL);

	/* stock KVM's emulator ran: its read caches over the bridge */
	memset(ctxt->io_read.data, 0xa5, sizeof(ctxt->io_read.data));
	memset(ctxt->mem_read.data, 0xa5, sizeof(ctxt->mem_read.data));
	ctxt->io_read.pos = 4;
	ctxt->io_read.end = 8;
	ctxt->mem_read.pos = 16;
	ctxt->mem_read.end = 16;
	stock_init_decode_cache(ctxt);
	v->gprs[VCPU_REGS_RBX] = 0x2200;
	prepare(f, mov_eax_rbx, sizeof(mov_eax_rbx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_PTR_EQ(test, kemu_vcpu_cache_find(ctxt), cache);
	KUNIT_EXPECT_EQ(test, cache->hits, 2ULL);
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RAX], 0x99aabbccUL);

	/* the guest rewrote the instruction at that rIP */
	prepare(f, mov_ecx_rbx, sizeof(mov_ecx_rbx));
	KUNIT_ASSERT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, cache->hits, 2ULL);
	KUNIT_EXPECT_EQ(test, cache->misses, 2ULL);
	KUNIT_EXPECT_EQ(test, ctxt->modrm, 0x0b);
	KUNIT_ASSERT_EQ(test, kemu_x86_emulate_insn(ctxt, false), EMULATION_OK);
	KUNIT_EXPECT_EQ(test, v->gprs[VCPU_REGS_RCX], 0x99aabbccUL);
}

/* decode_cache=0: no cache is made or used; 1 again: the vCPU's is used. */
static void cache_switched_off(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	static const u8 mov_rax_ebx[] = { 0x89, 0x18 };
	struct kemu_decode_cache *cache;
	long live = kemu_vcpu_caches();

	WRITE_ONCE(kemu_decode_cache_enabled, false);
	prepare(f, mov_rax_ebx, sizeof(mov_rax_ebx));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	KUNIT_EXPECT_NULL(test, kemu_vcpu_cache_find(ctxt));
	KUNIT_EXPECT_EQ(test, kemu_vcpu_caches(), live);

	WRITE_ONCE(kemu_decode_cache_enabled, true);
	prepare(f, mov_rax_ebx, sizeof(mov_rax_ebx));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	prepare(f, mov_rax_ebx, sizeof(mov_rax_ebx));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	cache = kemu_vcpu_cache_find(ctxt);
	KUNIT_ASSERT_NOT_NULL(test, cache);
	KUNIT_EXPECT_EQ(test, cache->misses, 1ULL);
	KUNIT_EXPECT_EQ(test, cache->hits, 1ULL);

	WRITE_ONCE(kemu_decode_cache_enabled, false);
	prepare(f, mov_rax_ebx, sizeof(mov_rax_ebx));
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, 0), EMULATION_OK);
	WRITE_ONCE(kemu_decode_cache_enabled, true);
	KUNIT_EXPECT_EQ(test, cache->misses, 1ULL);
	KUNIT_EXPECT_EQ(test, cache->hits, 1ULL);
}

/*
 * EMULTYPE_SKIP: x86.c only steps over the decoded instruction, so its
 * record must end with the decode's result line (kemu-replay refuses a pass
 * without one).
 */
static void record_skip_decode(struct kunit *test)
{
	struct bridge_fixture *f = test->priv;
	struct x86_emulate_ctxt *ctxt = f->ctxt;
	static const u8 mov_rax_ebx[] = { 0x89, 0x18 };
	const size_t size = 16384;
	char *text = kunit_kzalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, text);
	prepare(f, mov_rax_ebx, sizeof(mov_rax_ebx));
	kemu_record_next(1);
	KUNIT_EXPECT_EQ(test, kemu_x86_decode_insn(ctxt, NULL, 0, EMULTYPE_SKIP), EMULATION_OK);
	kemu_record_next(0);
	KUNIT_EXPECT_EQ(test, ctxt->_eip, FAKE_CODE + 2);
	prepare(f, mov_rax_ebx, sizeof(mov_rax_ebx)); /* the vCPU's next instruction */
	KUNIT_ASSERT_GT(test, kemu_record_newest(text, size), (size_t)0);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(text, " emultype=0x4 "), "%s", text);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(text, "\npass 1\n"), "%s", text);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(text, "\nresult decode=0 rip=0x1000 "), "%s", text);
	KUNIT_EXPECT_NULL_MSG(test, strstr(text, " status="), "%s", text);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(text, " exception=none\nend\n"), "%s", text);
}

static struct kunit_case cache_cases[] = {
	KUNIT_CASE(cache_lifetime),
	KUNIT_CASE(cache_hit_path),
	KUNIT_CASE(cache_switched_off),
	KUNIT_CASE(record_skip_decode),
	{}
};

static struct kunit_suite cache_suite = {
	.name = "kemu_vcpu_cache",
	.suite_init = bridge_suite_init,
	.suite_exit = bridge_suite_exit,
	.init = bridge_init,
	.exit = bridge_exit,
	.test_cases = cache_cases,
};

static struct kunit_case bridge_cases[] = {
	KUNIT_CASE(kvm_register_cache),
	KUNIT_CASE(kvm_usercopy_region),
	KUNIT_CASE(bridge_decode_fields),
	KUNIT_CASE(bridge_insn_bytes),
	KUNIT_CASE(bridge_decode_failures),
	KUNIT_CASE(bridge_register_cache),
	KUNIT_CASE(bridge_available_registers),
	KUNIT_CASE(bridge_exception),
	KUNIT_CASE(bridge_no_decode),
	KUNIT_CASE(bridge_rep_string_exits),
	KUNIT_CASE(bridge_vmware_backdoor),
	KUNIT_CASE(bridge_intercept),
	KUNIT_CASE(bridge_refusals),
	KUNIT_CASE(bridge_foreign_completion),
	KUNIT_CASE(bridge_page_table_writing),
	KUNIT_CASE(bridge_can_use_gpa_published),
	{}
};

static struct kunit_suite bridge_suite = {
	.name = "kemu_bridge",
	.suite_init = bridge_suite_init,
	.suite_exit = bridge_suite_exit,
	.init = bridge_init,
	.exit = bridge_exit,
	.test_cases = bridge_cases,
};

kunit_test_suites(&bridge_suite, &route_suite, &cache_suite);
