// SPDX-License-Identifier: GPL-2.0
/*
 * Suite kemu_kvm_abi: kemu's C ABI (emulator/include/kemu/kemu.h) against
 * KVM's own definitions in this kernel's arch/x86/kvm/kvm_emulate.h and
 * asm/kvm_host.h: the values the bridge passes through unchanged must be
 * KVM's, and the fields it copies between struct kemu_ctxt and struct
 * x86_emulate_ctxt must have the same width (no silent truncation).
 *
 * Each check is a KUnit case (most are parameterized tables, one line per
 * name), not a static_assert: a mismatch after a kernel update shows up as
 * named failures in the report instead of stopping the build of every other
 * suite.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "kvm_emulate.h"

#include <kemu/kemu.h>

#include "intercepts.h"

/* --- enum values: KVM's constant == kemu's constant ------------------------ */

struct abi_value {
	const char *name;
	long long kvm;
	long long kemu;
};

#define VALUE(kvm, kemu) { #kvm " == " #kemu, (kvm), (kemu) }

static void abi_value_desc(const struct abi_value *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

static void expect_value(struct kunit *test)
{
	const struct abi_value *v = test->param_value;

	KUNIT_EXPECT_EQ_MSG(test, v->kvm, v->kemu, "%s", v->name);
}

/* Status codes: the core's statuses are returned to KVM as X86EMUL_*. */
static const struct abi_value status_values[] = {
	VALUE(X86EMUL_CONTINUE, KEMU_CONTINUE),
	VALUE(X86EMUL_UNHANDLEABLE, KEMU_UNHANDLEABLE),
	VALUE(X86EMUL_PROPAGATE_FAULT, KEMU_PROPAGATE_FAULT),
	VALUE(X86EMUL_RETRY_INSTR, KEMU_RETRY_INSTR),
	VALUE(X86EMUL_CMPXCHG_FAILED, KEMU_CMPXCHG_FAILED),
	VALUE(X86EMUL_IO_NEEDED, KEMU_IO_NEEDED),
	VALUE(X86EMUL_INTERCEPTED, KEMU_INTERCEPTED),
};
KUNIT_ARRAY_PARAM(status, status_values, abi_value_desc);

/* ctxt->mode is copied as is. */
static const struct abi_value mode_values[] = {
	VALUE(X86EMUL_MODE_REAL, KEMU_MODE_REAL),
	VALUE(X86EMUL_MODE_VM86, KEMU_MODE_VM86),
	VALUE(X86EMUL_MODE_PROT16, KEMU_MODE_PROT16),
	VALUE(X86EMUL_MODE_PROT32, KEMU_MODE_PROT32),
	VALUE(X86EMUL_MODE_PROT64, KEMU_MODE_PROT64),
	VALUE(X86EMUL_MODE_HOST, KEMU_MODE_PROT64),
};
KUNIT_ARRAY_PARAM(mode, mode_values, abi_value_desc);

/* Segment numbers go to ops->get_segment() unchanged. */
static const struct abi_value sreg_values[] = {
	VALUE(VCPU_SREG_ES, KEMU_SEG_ES), VALUE(VCPU_SREG_CS, KEMU_SEG_CS),
	VALUE(VCPU_SREG_SS, KEMU_SEG_SS), VALUE(VCPU_SREG_DS, KEMU_SEG_DS),
	VALUE(VCPU_SREG_FS, KEMU_SEG_FS), VALUE(VCPU_SREG_GS, KEMU_SEG_GS),
};
KUNIT_ARRAY_PARAM(sreg, sreg_values, abi_value_desc);

/* GPR numbers index ctxt->_regs and go to ops->read_gpr()/write_gpr(). */
static const struct abi_value gpr_values[] = {
	VALUE(VCPU_REGS_RAX, KEMU_RAX), VALUE(VCPU_REGS_RCX, KEMU_RCX),
	VALUE(VCPU_REGS_RDX, KEMU_RDX), VALUE(VCPU_REGS_RBX, KEMU_RBX),
	VALUE(VCPU_REGS_RSP, KEMU_RSP), VALUE(VCPU_REGS_RBP, KEMU_RBP),
	VALUE(VCPU_REGS_RSI, KEMU_RSI), VALUE(VCPU_REGS_RDI, KEMU_RDI),
	VALUE(VCPU_REGS_R8, KEMU_R8),	VALUE(VCPU_REGS_R9, KEMU_R9),
	VALUE(VCPU_REGS_R10, KEMU_R10), VALUE(VCPU_REGS_R11, KEMU_R11),
	VALUE(VCPU_REGS_R12, KEMU_R12), VALUE(VCPU_REGS_R13, KEMU_R13),
	VALUE(VCPU_REGS_R14, KEMU_R14), VALUE(VCPU_REGS_R15, KEMU_R15),
	VALUE(NR_EMULATOR_GPRS, KEMU_NR_GPRS),
};
KUNIT_ARRAY_PARAM(gpr, gpr_values, abi_value_desc);

/* Exception vectors the core raises land in ctxt->exception.vector. */
static const struct abi_value vector_values[] = {
	VALUE(DE_VECTOR, KEMU_DE), VALUE(DB_VECTOR, KEMU_DB), VALUE(BP_VECTOR, KEMU_BP),
	VALUE(OF_VECTOR, KEMU_OF), VALUE(BR_VECTOR, KEMU_BR), VALUE(UD_VECTOR, KEMU_UD),
	VALUE(NM_VECTOR, KEMU_NM), VALUE(DF_VECTOR, KEMU_DF), VALUE(TS_VECTOR, KEMU_TS),
	VALUE(NP_VECTOR, KEMU_NP), VALUE(SS_VECTOR, KEMU_SS), VALUE(GP_VECTOR, KEMU_GP),
	VALUE(PF_VECTOR, KEMU_PF), VALUE(MF_VECTOR, KEMU_MF), VALUE(AC_VECTOR, KEMU_AC),
	VALUE(XM_VECTOR, KEMU_XM),
};
KUNIT_ARRAY_PARAM(exception_vector, vector_values, abi_value_desc);

static void x86emul_status(struct kunit *test) { expect_value(test); }
static void x86emul_mode(struct kunit *test) { expect_value(test); }
static void vcpu_sreg(struct kunit *test) { expect_value(test); }
static void vcpu_regs(struct kunit *test) { expect_value(test); }
static void vector_number(struct kunit *test) { expect_value(test); }

/* --- intercepts: KVM's enum x86_intercept and kemu's Intercept ---------------- */

/*
 * The opcode maps carry KVM's intercept id per instruction (ctxt->intercept,
 * passed to ops->intercept() for nested SVM/VMX).  kemu's values come from
 * the C++ enum through intercepts.cpp, KVM's from kvm_emulate.h, both named
 * by the list in intercepts.h.
 */
struct abi_intercept {
	const char *name;
	int kvm;
};

#define KEMU_KUNIT_ICPT(kvm, kemu) { "x86_intercept_" #kvm " == Intercept::" #kemu, x86_intercept_##kvm },
static const struct abi_intercept intercept_values[] = { KEMU_KUNIT_INTERCEPTS(KEMU_KUNIT_ICPT) };
#undef KEMU_KUNIT_ICPT

static void abi_intercept_desc(const struct abi_intercept *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(intercept, intercept_values, abi_intercept_desc);

static void x86_intercept(struct kunit *test)
{
	const struct abi_intercept *v = test->param_value;
	/* the list's order is the index into kemu_kunit_intercept_ids[] */
	unsigned int i = v - intercept_values;

	KUNIT_ASSERT_LT(test, i, kemu_kunit_intercept_list_len);
	KUNIT_EXPECT_EQ_MSG(test, v->kvm, (int)kemu_kunit_intercept_ids[i], "%s", v->name);
}

/* Both enums have every intercept of the list, and no other. */
static void x86_intercept_count(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, (unsigned int)ARRAY_SIZE(intercept_values),
			(unsigned int)nr_x86_intercepts);
	KUNIT_EXPECT_EQ(test, kemu_kunit_intercept_count, (unsigned int)nr_x86_intercepts);
	KUNIT_EXPECT_EQ(test, kemu_kunit_intercept_list_len, (unsigned int)ARRAY_SIZE(intercept_values));
}

/* --- widths of the fields the bridge copies ----------------------------------- */

struct abi_width {
	const char *name;
	size_t kvm;
	size_t kemu;
};

#define KVM_FIELD(f) sizeof(((struct x86_emulate_ctxt *)0)->f)
#define KEMU_CTXT(f) sizeof(((struct kemu_ctxt *)0)->f)
#define KEMU_INSN(f) sizeof(((struct kemu_insn *)0)->f)
#define WIDTH(kvm, kemu, kvm_size, kemu_size) { "ctxt->" kvm " <-> kemu " kemu, kvm_size, kemu_size }

static const struct abi_width width_values[] = {
	WIDTH("eflags", "ctxt.rflags", KVM_FIELD(eflags), KEMU_CTXT(rflags)),
	WIDTH("eip", "ctxt.rip", KVM_FIELD(eip), KEMU_CTXT(rip)),
	WIDTH("_eip", "ctxt.rip", KVM_FIELD(_eip), KEMU_CTXT(rip)),
	WIDTH("mode", "ctxt.mode", KVM_FIELD(mode), KEMU_CTXT(mode)),
	WIDTH("have_exception", "ctxt.have_exception", KVM_FIELD(have_exception),
	      KEMU_CTXT(have_exception)),
	WIDTH("_regs[0]", "ctxt.gprs[0]", KVM_FIELD(_regs[0]), KEMU_CTXT(gprs[0])),
	WIDTH("_regs", "ctxt.gprs", KVM_FIELD(_regs), KEMU_CTXT(gprs)),
	WIDTH("opcode_len", "insn.opcode_len", KVM_FIELD(opcode_len), KEMU_INSN(opcode_len)),
	WIDTH("b", "insn.opcode", KVM_FIELD(b), KEMU_INSN(opcode)),
	WIDTH("modrm", "insn.modrm", KVM_FIELD(modrm), KEMU_INSN(modrm)),
	WIDTH("op_bytes", "insn.op_bytes", KVM_FIELD(op_bytes), KEMU_INSN(op_bytes)),
	WIDTH("ad_bytes", "insn.ad_bytes", KVM_FIELD(ad_bytes), KEMU_INSN(ad_bytes)),
	WIDTH("rex_prefix", "insn.rex", KVM_FIELD(rex_prefix), KEMU_INSN(rex)),
	WIDTH("lock_prefix", "insn.lock_prefix", KVM_FIELD(lock_prefix), KEMU_INSN(lock_prefix)),
	WIDTH("rep_prefix", "insn.rep_prefix", KVM_FIELD(rep_prefix), KEMU_INSN(rep_prefix)),
	WIDTH("rip_relative", "insn.rip_relative", KVM_FIELD(rip_relative),
	      KEMU_INSN(rip_relative)),
	/* KVM's fetch cache holds exactly one maximal instruction */
	WIDTH("fetch.data", "KEMU_MAX_INSN_LEN", KVM_FIELD(fetch.data), KEMU_MAX_INSN_LEN),
};

static void abi_width_desc(const struct abi_width *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(width, width_values, abi_width_desc);

static void field_width(struct kunit *test)
{
	const struct abi_width *v = test->param_value;

	KUNIT_EXPECT_EQ_MSG(test, v->kvm, v->kemu, "%s", v->name);
}

/*
 * struct x86_exception vs struct kemu_exception.  They are not the same
 * layout: KVM's error_code is a u16 at offset 2 and KVM also carries
 * nested_page_fault, async_page_fault and exit_qualification, which kemu does
 * not have.  So the bridge cannot round-trip a fault from KVM's callbacks
 * through kemu_exception without losing nested_page_fault: it must hand
 * KVM's callbacks &ctxt->exception, as emulate.c does, and convert only the
 * exceptions the core raises itself.  What must agree is checked here.
 */
static void exception_fields(struct kunit *test)
{
	struct x86_exception *k = NULL;
	struct kemu_exception *e = NULL;

	KUNIT_EXPECT_EQ(test, offsetof(struct x86_exception, vector),
			offsetof(struct kemu_exception, vector));
	KUNIT_EXPECT_EQ(test, sizeof(k->vector), sizeof(e->vector));
	KUNIT_EXPECT_EQ(test, offsetof(struct x86_exception, error_code_valid),
			offsetof(struct kemu_exception, error_code_valid));
	KUNIT_EXPECT_EQ(test, sizeof(k->error_code_valid), sizeof(e->error_code_valid));
	KUNIT_EXPECT_EQ(test, offsetof(struct x86_exception, address),
			offsetof(struct kemu_exception, address));
	KUNIT_EXPECT_EQ(test, sizeof(k->address), sizeof(e->address));
	/* every error code KVM can deliver fits kemu's */
	KUNIT_EXPECT_GE(test, sizeof(e->error_code), sizeof(k->error_code));
}

static struct kunit_case abi_cases[] = {
	KUNIT_CASE_PARAM(x86emul_status, status_gen_params),
	KUNIT_CASE_PARAM(x86emul_mode, mode_gen_params),
	KUNIT_CASE_PARAM(vcpu_sreg, sreg_gen_params),
	KUNIT_CASE_PARAM(vcpu_regs, gpr_gen_params),
	KUNIT_CASE_PARAM(vector_number, exception_vector_gen_params),
	KUNIT_CASE_PARAM(x86_intercept, intercept_gen_params),
	KUNIT_CASE(x86_intercept_count),
	KUNIT_CASE_PARAM(field_width, width_gen_params),
	KUNIT_CASE(exception_fields),
	{}
};

static struct kunit_suite abi_suite = {
	.name = "kemu_kvm_abi",
	.test_cases = abi_cases,
};

kunit_test_suites(&abi_suite);
