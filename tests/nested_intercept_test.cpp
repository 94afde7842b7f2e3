// A nested guest's intercept checks (kemu_ops.intercept) in KVM's order:
// PRE_EXCEPT, the mode and privilege checks, the instruction's own permission
// checks (KVM's check_perm), POST_EXCEPT, the operand reads, POST_MEMACCESS.
// An exception those checks raise goes to L2 before L1 is asked at a later
// stage; the instructions KVM decodes only for their intercept (VMRUN, STGI,
// RDTSCP, ...) go through the same checks before they are refused.  The
// order is KVM's emulate.c (x86_emulate_insn, check_svme_pa, check_rdtsc);
// the KVM oracle and the kvm-diff fuzzer compare it with KVM's own code.
#include <gtest/gtest.h>

#include <kemu/kemu.h>

#include <cstring>
#include <vector>

namespace {

struct NestedMachine {
	uint8_t ram[0x2000] = {};
	unsigned cpl = 0;
	uint64_t cr4 = 0, efer = 0;
	int answer = KEMU_CONTINUE;               // L1's answer at `answer_stage`
	int answer_stage = KEMU_ICPT_POST_EXCEPT; // other stages: go on
	bool reads_fault = false;                 // every data read is #PF
	std::vector<uint8_t> port_bytes;          // what OUTS wrote
	std::vector<int> stages;                  // the checks made, in order
	kemu_ctxt ctxt = {};

	static NestedMachine &of(void *p) { return *static_cast<NestedMachine *>(p); }
	static int fetch(void *p, uint64_t a, void *v, unsigned n, kemu_exception *)
	{
		memcpy(v, &of(p).ram[a], n);
		return KEMU_CONTINUE;
	}
	static int read(void *p, uint64_t a, void *v, unsigned n, kemu_exception *fault)
	{
		if (of(p).reads_fault) {
			*fault = {};
			fault->vector = KEMU_PF;
			fault->error_code_valid = 1;
			fault->address = a;
			return KEMU_PROPAGATE_FAULT;
		}
		memcpy(v, &of(p).ram[a & 0xfff], n);
		return KEMU_CONTINUE;
	}
	static int write(void *, uint64_t, const void *, unsigned, kemu_exception *)
	{
		return KEMU_CONTINUE;
	}
	static void get_segment(void *p, kemu_seg s, kemu_segment *out)
	{
		*out = {};
		out->limit = 0xffffffff;
		out->type = s == KEMU_SEG_CS ? 0xb : 3;
		out->s = out->present = 1;
		out->l = s == KEMU_SEG_CS;
		out->dpl = static_cast<kemu_u8>(of(p).cpl);
	}
	static unsigned get_cpl(void *p) { return of(p).cpl; }
	static uint64_t get_cr(void *p, unsigned cr) { return cr == 4 ? of(p).cr4 : 0; }
	static int get_msr(void *p, uint32_t msr, uint64_t *v, kemu_exception *)
	{
		*v = msr == 0xc0000080 ? of(p).efer : 0x1234;
		return KEMU_CONTINUE;
	}
	static void set_dtable(void *, kemu_dtable_reg, const kemu_dtable *) {}
	static int pio_out(void *p, unsigned size, uint16_t, const void *v, unsigned count,
	                   kemu_exception *)
	{
		const uint8_t *b = static_cast<const uint8_t *>(v);
		of(p).port_bytes.insert(of(p).port_bytes.end(), b, b + size * count);
		return KEMU_CONTINUE;
	}
	static int intercept(void *p, const kemu_intercept_info *, kemu_intercept_stage stage,
	                     kemu_exception *)
	{
		NestedMachine &m = of(p);
		m.stages.push_back(stage);
		return stage == m.answer_stage ? m.answer : KEMU_CONTINUE;
	}
	static kemu_ops make_ops()
	{
		kemu_ops o = {fetch, read, write, get_segment};
		o.cpl = get_cpl;
		o.get_cr = get_cr;
		o.get_msr = get_msr;
		o.intercept = intercept;
		o.set_dtable = set_dtable;
		o.pio_out = pio_out;
		return o;
	}
	kemu_ops ops = make_ops();

	NestedMachine(std::initializer_list<uint8_t> code, bool nested)
	{
		memcpy(&ram[0x1000], code.begin(), code.size());
		ctxt.ops = &ops;
		ctxt.opaque = this;
		ctxt.mode = KEMU_MODE_PROT64;
		ctxt.rip = 0x1000;
		ctxt.rflags = 2;
		ctxt.check_intercepts = nested;
	}
	int run() { return kemu_emulate(&ctxt, nullptr, 0); }
};

constexpr uint64_t kEferSvme = 1u << 12, kCr4Tsd = 1u << 2;
const std::vector<int> kPre = {KEMU_ICPT_PRE_EXCEPT};
const std::vector<int> kPreAndPost = {KEMU_ICPT_PRE_EXCEPT, KEMU_ICPT_POST_EXCEPT};
const std::vector<int> kAllStages = {KEMU_ICPT_PRE_EXCEPT, KEMU_ICPT_POST_EXCEPT,
                                     KEMU_ICPT_POST_MEMACCESS};

// VMRUN, which kemu does not execute, is L1's to intercept like any other.
TEST(NestedIntercept, InterceptOnlyInstructionIsIntercepted)
{
	NestedMachine m({0x0f, 0x01, 0xd8}, true); // vmrun
	m.efer = kEferSvme;
	m.answer = KEMU_INTERCEPTED;
	EXPECT_EQ(KEMU_INTERCEPTED, m.run());
	EXPECT_EQ(kPreAndPost, m.stages);
	EXPECT_EQ(0x1000u, m.ctxt.rip);

	NestedMachine at_pre({0x0f, 0x01, 0xdd}, true); // clgi
	at_pre.answer = KEMU_INTERCEPTED;
	at_pre.answer_stage = KEMU_ICPT_PRE_EXCEPT;
	EXPECT_EQ(KEMU_INTERCEPTED, at_pre.run());
	EXPECT_EQ(kPre, at_pre.stages);
}

// Not intercepted, it is refused after every check, as KVM cannot emulate it.
TEST(NestedIntercept, InterceptOnlyInstructionRefusedAfterTheChecks)
{
	NestedMachine m({0x0f, 0x01, 0xd8}, true);
	m.efer = kEferSvme;
	EXPECT_EQ(KEMU_UNHANDLEABLE, m.run());
	EXPECT_EQ(kAllStages, m.stages);
}

// KVM's check_svme_pa and check_svme: #GP(0) for an rAX past 48 bits, then
// #UD without EFER.SVME; both before L1's POST_EXCEPT check, nested or not.
TEST(NestedIntercept, SvmPermissionChecksComeBeforePostExcept)
{
	for (bool nested : {true, false}) {
		NestedMachine gp({0x0f, 0x01, 0xd8}, nested);
		gp.efer = kEferSvme;
		gp.ctxt.gprs[KEMU_RAX] = 1ull << 48;
		gp.answer = KEMU_INTERCEPTED;
		ASSERT_EQ(KEMU_PROPAGATE_FAULT, gp.run()) << nested;
		EXPECT_EQ(KEMU_GP, gp.ctxt.exception.vector);
		EXPECT_EQ(nested ? kPre : std::vector<int>{}, gp.stages);

		NestedMachine ud({0x0f, 0x01, 0xdc}, nested); // stgi
		ud.answer = KEMU_INTERCEPTED;
		ASSERT_EQ(KEMU_PROPAGATE_FAULT, ud.run()) << nested;
		EXPECT_EQ(KEMU_UD, ud.ctxt.exception.vector);
	}
	NestedMachine cpl3({0x0f, 0x01, 0xda}, true); // vmload: Priv
	cpl3.cpl = 3;
	cpl3.efer = kEferSvme;
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, cpl3.run());
	EXPECT_EQ(KEMU_GP, cpl3.ctxt.exception.vector);
	EXPECT_EQ(kPre, cpl3.stages);
}

// RDTSC and RDTSCP under CR4.TSD above CPL 0: the #GP(0) of KVM's
// check_rdtsc is raised in L2 before L1's POST_EXCEPT check.
TEST(NestedIntercept, RdtscPrivilegeComesBeforePostExcept)
{
	for (auto code :
	     {std::vector<uint8_t>{0x0f, 0x31}, std::vector<uint8_t>{0x0f, 0x01, 0xf9}}) {
		NestedMachine m({}, true);
		memcpy(&m.ram[0x1000], code.data(), code.size());
		m.cpl = 3;
		m.cr4 = kCr4Tsd;
		m.answer = KEMU_INTERCEPTED;
		ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.run()) << code.size();
		EXPECT_EQ(KEMU_GP, m.ctxt.exception.vector);
		EXPECT_EQ(kPre, m.stages);

		NestedMachine allowed({}, true);
		memcpy(&allowed.ram[0x1000], code.data(), code.size());
		allowed.cpl = 3;
		allowed.answer = KEMU_INTERCEPTED;
		EXPECT_EQ(KEMU_INTERCEPTED, allowed.run()) << code.size();
		EXPECT_EQ(kPreAndPost, allowed.stages);
	}
}

// LGDT, LIDT and OUTS read their memory source before L1's POST_MEMACCESS
// check, as KVM's engine reads it: a read that faults raises its fault in L2
// and L1 is not asked at that stage; a read that succeeds is followed by it.
TEST(NestedIntercept, OwnReadComesBeforePostMemaccess)
{
	const std::vector<std::vector<uint8_t>> codes = {
	    {0x0f, 0x01, 0x10}, // lgdt [rax]
	    {0x0f, 0x01, 0x18}, // lidt [rax]
	    {0x6e},             // outsb
	    {0xf3, 0x6e},       // rep outsb
	};
	for (const auto &code : codes) {
		NestedMachine faulting({}, true);
		memcpy(&faulting.ram[0x1000], code.data(), code.size());
		faulting.ctxt.gprs[KEMU_RCX] = 2;
		faulting.reads_fault = true;
		faulting.answer = KEMU_INTERCEPTED;
		faulting.answer_stage = KEMU_ICPT_POST_MEMACCESS;
		ASSERT_EQ(KEMU_PROPAGATE_FAULT, faulting.run()) << int(code[0]);
		EXPECT_EQ(KEMU_PF, faulting.ctxt.exception.vector);
		EXPECT_EQ(kPreAndPost, faulting.stages) << int(code[0]);

		NestedMachine intercepted({}, true);
		memcpy(&intercepted.ram[0x1000], code.data(), code.size());
		intercepted.ctxt.gprs[KEMU_RCX] = 2;
		intercepted.answer = KEMU_INTERCEPTED;
		intercepted.answer_stage = KEMU_ICPT_POST_MEMACCESS;
		EXPECT_EQ(KEMU_INTERCEPTED, intercepted.run()) << int(code[0]);
		EXPECT_EQ(kAllStages, intercepted.stages) << int(code[0]);
		EXPECT_TRUE(intercepted.port_bytes.empty());
		EXPECT_EQ(0x1000u, intercepted.ctxt.rip);

		// Not intercepted: asked once, and a REP OUTS outputs every element.
		NestedMachine completed({}, true);
		memcpy(&completed.ram[0x1000], code.data(), code.size());
		completed.ctxt.gprs[KEMU_RCX] = 2;
		completed.ram[0] = 0x5a;
		completed.ram[1] = 0xa5;
		EXPECT_EQ(KEMU_CONTINUE, completed.run()) << int(code[0]);
		EXPECT_EQ(kAllStages, completed.stages) << int(code[0]);
		if (code.back() == 0x6e) {
			EXPECT_EQ(code.size(), completed.port_bytes.size());
		}
	}
}

} // namespace

// A nested guest's host without intercept(): an instruction L1 may intercept
// needs it (kemu.h), so it ends in KEMU_UNHANDLEABLE before it changes
// anything, rather than running as if L1 never intercepted; one without an
// intercept runs.
TEST(NestedIntercept, MissingInterceptCallbackIsUnhandleable)
{
	NestedMachine m({0xe6, 0x80}, true); // out 0x80, al
	m.ops.intercept = nullptr;
	EXPECT_EQ(KEMU_UNHANDLEABLE, m.run());
	EXPECT_TRUE(m.port_bytes.empty());
	EXPECT_EQ(0x1000u, m.ctxt.rip);

	NestedMachine plain({0x48, 0x89, 0xc3}, true); // mov rbx, rax
	plain.ops.intercept = nullptr;
	EXPECT_EQ(KEMU_CONTINUE, plain.run());
	EXPECT_EQ(0x1003u, plain.ctxt.rip);

	NestedMachine not_nested({0xe6, 0x80}, false);
	not_nested.ops.intercept = nullptr;
	EXPECT_EQ(KEMU_CONTINUE, not_nested.run());
	EXPECT_EQ(1u, not_nested.port_bytes.size());
}
