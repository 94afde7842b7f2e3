// What a host like KVM relies on around its exits to userspace, and the
// queries its entry points answer from the decoded instruction
// (kmod/kemu_bridge.c): where reads land, exit_pending, can_use_gpa,
// is_branch, emulate_on_ud, the filtered RDMSR.
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstring>
#include <vector>

namespace {

// The fake host with RAM below 0x10000 and MMIO above it, in 64-bit mode.
// Particular to these tests: like KVM's read_emulated, the first read of
// `pending` keeps the caller's buffer and answers IO_NEEDED; the
// "userspace" completion writes the data into that buffer, and the read made
// when the instruction runs again returns CONTINUE without touching it.
struct ExitMachine : kemu::FakeHost {
	uint8_t ram[0x10000] = {};
	uint64_t pending = ~0ull;
	void *kept = nullptr; // the buffer the pending read was given
	std::vector<uint64_t> mmio_writes;
	// KVM's MMIO write fragments: a write to MMIO waits for the exit to
	// userspace, and every later read or write (emulator_read_write) drops
	// the waiting ones first.  `waiting` is what userspace finally gets.
	struct Write {
		uint64_t addr;
		std::vector<uint8_t> data;
	};
	bool fragments = false;
	std::vector<Write> waiting;
	int accesses = 0; // emulated reads and writes the host saw
	void access_made()
	{
		accesses++;
		if (fragments)
			waiting.clear();
	}
	int filtered_reads = 0, plain_reads = 0;

	static ExitMachine &of(void *p) { return *static_cast<ExitMachine *>(p); }
	static int read(void *p, uint64_t a, void *v, unsigned n, kemu_exception *f)
	{
		ExitMachine &m = of(p);
		m.access_made();
		if (a == m.pending) {
			if (m.kept == nullptr) {
				m.kept = v;
				return KEMU_IO_NEEDED;
			}
			m.pending = ~0ull;
			return KEMU_CONTINUE; // the completion already filled the buffer
		}
		return read_mem(p, a, v, n, f);
	}
	static int write(void *p, uint64_t a, const void *v, unsigned n, kemu_exception *f)
	{
		ExitMachine &m = of(p);
		m.access_made();
		if (a + n > sizeof(m.ram)) {
			m.mmio_writes.push_back(a);
			const uint8_t *b = static_cast<const uint8_t *>(v);
			m.waiting.push_back({a, std::vector<uint8_t>(b, b + n)});
		}
		return write_mem(p, a, v, n, f);
	}
	static int get_msr(void *p, uint32_t, uint64_t *v, kemu_exception *)
	{
		of(p).plain_reads++;
		*v = 0x1111;
		return KEMU_CONTINUE;
	}
	static int get_msr_filtered(void *p, uint32_t, uint64_t *v, kemu_exception *)
	{
		of(p).filtered_reads++;
		*v = 0x2222;
		return KEMU_CONTINUE;
	}

	explicit ExitMachine(std::initializer_list<uint8_t> code)
	{
		reset(KEMU_MODE_PROT64);
		map(0, sizeof(ram), ram);
		map(sizeof(ram), ~0ull - sizeof(ram), nullptr, true); // reads as 0x5a
		// Only the callbacks these tests need: an instruction needing
		// another ends in KEMU_UNHANDLEABLE.
		ops = {fetch, read, write, get_segment};
		ops.get_msr = get_msr;
		ops.get_msr_filtered = get_msr_filtered;
		ops.get_cr = get_cr;
		memcpy(&ram[0x1000], code.begin(), code.size());
		ctxt.rip = 0x1000;
	}
	ExitMachine(const ExitMachine &) = delete; // ctxt.opaque points here
	bool inside_ctxt(const void *p) const
	{
		auto *b = reinterpret_cast<const uint8_t *>(&ctxt);
		auto *q = static_cast<const uint8_t *>(p);
		return q >= b && q < b + sizeof(ctxt);
	}
};

TEST(HostExit, AnMmioReadIsCompletedInTheBufferTheHostKept)
{
	ExitMachine m({0x8b, 0x03}); // mov eax,[rbx]
	m.ctxt.gprs[KEMU_RBX] = 0x20040;
	m.pending = 0x20040;
	ASSERT_EQ(KEMU_IO_NEEDED, kemu_emulate(&m.ctxt, nullptr, 0));
	ASSERT_NE(nullptr, m.kept);
	EXPECT_TRUE(m.inside_ctxt(m.kept)); // it survives the exit with the context
	const uint8_t data[4] = {0x78, 0x56, 0x34, 0x12};
	memcpy(m.kept, data, sizeof(data)); // userspace answered
	ASSERT_EQ(KEMU_CONTINUE, kemu_execute(&m.ctxt));
	EXPECT_EQ(0x12345678u, m.ctxt.gprs[KEMU_RAX]);
	EXPECT_EQ(0x1002u, m.ctxt.rip);
}

TEST(HostExit, ExitPendingStopsARepStringAfterTheElement)
{
	ExitMachine m({0xf3, 0xaa}); // rep stosb to MMIO
	m.ctxt.gprs[KEMU_RDI] = 0x20000;
	m.ctxt.gprs[KEMU_RCX] = 3;
	m.exit_after_mmio_write = true;
	ASSERT_EQ(KEMU_CONTINUE, kemu_emulate(&m.ctxt, nullptr, 0));
	ASSERT_EQ(1u, m.mmio_writes.size()); // one element per exit, as KVM
	EXPECT_EQ(2u, m.ctxt.gprs[KEMU_RCX]);
	EXPECT_EQ(0x20001u, m.ctxt.gprs[KEMU_RDI]);
	EXPECT_EQ(0x1000u, m.ctxt.rip);          // not retired: the guest runs it again
	EXPECT_TRUE(m.ctxt.rflags & (1u << 16)); // RF
	m.ctxt.exit_pending = 0;                 // the host cleared it after the exit
	ASSERT_EQ(KEMU_CONTINUE, kemu_execute(&m.ctxt));
	ASSERT_EQ(2u, m.mmio_writes.size());
	EXPECT_EQ(0x20001u, m.mmio_writes[1]);
	EXPECT_EQ(1u, m.ctxt.gprs[KEMU_RCX]);
}

TEST(HostExit, WithoutExitPendingARepStringRunsOn)
{
	ExitMachine m({0xf3, 0xaa});
	m.ctxt.gprs[KEMU_RDI] = 0x20000;
	m.ctxt.gprs[KEMU_RCX] = 3;
	ASSERT_EQ(KEMU_CONTINUE, kemu_emulate(&m.ctxt, nullptr, 0));
	EXPECT_EQ(3u, m.mmio_writes.size());
	EXPECT_EQ(0u, m.ctxt.gprs[KEMU_RCX]);
}

// A register bit offset moves a memory operand by whole operands (a bit
// string).  The pass that runs again after the MMIO read's exit must move it
// from the decoded address once, not from where the first pass left it.
void expect_bit_string_access(uint8_t opcode, uint64_t offset, uint64_t base, uint64_t at,
                              uint32_t memory, uint32_t written)
{
	ExitMachine m({0x0f, opcode, 0x03}); // bt* [rbx],eax
	m.ctxt.gprs[KEMU_RAX] = offset;
	m.ctxt.gprs[KEMU_RBX] = base;
	m.pending = at;
	m.exit_after_mmio_write = true;
	ASSERT_EQ(KEMU_IO_NEEDED, kemu_emulate(&m.ctxt, nullptr, 0));
	ASSERT_NE(nullptr, m.kept);
	memcpy(m.kept, &memory, 4); // userspace answered
	ASSERT_EQ(KEMU_CONTINUE, kemu_execute(&m.ctxt));
	EXPECT_EQ(~0ull, m.pending) << "the second pass did not read the operand again";
	ASSERT_EQ(1u, m.waiting.size());
	EXPECT_EQ(at, m.waiting[0].addr);
	uint32_t value = 0;
	memcpy(&value, m.waiting[0].data.data(), 4);
	EXPECT_EQ(written, value);
	EXPECT_EQ(0x1003u, m.ctxt.rip);
}

TEST(HostExit, BitStringOffsetMovesAnMmioOperandOnceAcrossTheReadExit)
{
	// btc [a], 66: bit 2 of a[2]; btc [a + 12], -1: bit 31 of a[2];
	// bts [a], 35: bit 3 of a[1]; btr [a], 100: bit 4 of a[3].
	expect_bit_string_access(0xbb, 66, 0x20000, 0x20008, 0, 4);
	expect_bit_string_access(0xbb, 0xffffffff, 0x2000c, 0x20008, 0, 0x80000000u);
	expect_bit_string_access(0xab, 35, 0x20000, 0x20004, 0, 8);
	expect_bit_string_access(0xb3, 100, 0x20000, 0x2000c, 0xffffffff, 0xffffffef);
}

TEST(HostExit, EnterPushStraddlingTwoMmioPagesReachesUserspaceWhole)
{
	ExitMachine m({0xc8, 0x34, 0x12, 0x00}); // enter 0x1234,0
	m.fragments = m.exit_after_mmio_write = true;
	m.ctxt.gprs[KEMU_RSP] = 0x21004; // the push covers 0x20ffc..0x21003
	m.ctxt.gprs[KEMU_RBP] = 0x1122334455667788ull;
	ASSERT_EQ(KEMU_CONTINUE, kemu_emulate(&m.ctxt, nullptr, 0));
	ASSERT_EQ(1u, m.waiting.size()) << "a later access dropped the waiting push";
	EXPECT_EQ(0x20ffcu, m.waiting[0].addr);
	uint64_t pushed = 0;
	ASSERT_EQ(8u, m.waiting[0].data.size());
	memcpy(&pushed, m.waiting[0].data.data(), 8);
	EXPECT_EQ(0x1122334455667788ull, pushed);
	EXPECT_EQ(0x20ffcu, m.ctxt.gprs[KEMU_RBP]);
	EXPECT_EQ(0x20ffcu - 0x1234, m.ctxt.gprs[KEMU_RSP]);
}

TEST(HostExit, PushesAfterOneWaitingForUserspaceGoOutWithIt)
{
	ExitMachine m({0x60}); // pushad
	m.ctxt.mode = KEMU_MODE_PROT32;
	for (auto &seg : m.segs) {
		seg.limit = 0xffffffff;
		seg.type = 3;
		seg.s = seg.present = seg.db = seg.g = 1;
	}
	m.segs[KEMU_SEG_CS].type = 0xb;
	m.fragments = m.exit_after_mmio_write = true;
	for (unsigned r = 0; r < 8; r++)
		m.ctxt.gprs[r] = 0x11111111u * (r + 1);
	m.ctxt.gprs[KEMU_RSP] = 0x20020;
	ASSERT_EQ(KEMU_CONTINUE, kemu_emulate(&m.ctxt, nullptr, 0));
	ASSERT_EQ(1u, m.waiting.size()) << "pushes were dropped";
	EXPECT_EQ(0x20000u, m.waiting[0].addr);
	ASSERT_EQ(32u, m.waiting[0].data.size());
	for (unsigned r = 0; r < 8; r++) {
		uint32_t v = 0;
		memcpy(&v, &m.waiting[0].data[(7 - r) * 4], 4);
		EXPECT_EQ(r == KEMU_RSP ? 0x20020u : 0x11111111u * (r + 1), v) << "register " << r;
	}
	EXPECT_EQ(0x20000u, m.ctxt.gprs[KEMU_RSP]);
}

// With a write waiting for userspace (exit_pending), any further emulated
// access of the pass would make KVM forget it: the core refuses the access
// (the instruction fails cleanly) instead of making it.
TEST(HostExit, NoAccessFollowsAWriteWaitingForUserspace)
{
	const std::initializer_list<uint8_t> forms[] = {
	    {0x89, 0x04, 0x25, 0x00, 0x00, 0x02, 0x00}, // mov [0x20000], eax
	    {0x8b, 0x04, 0x25, 0x00, 0x00, 0x02, 0x00}, // mov eax, [0x20000]
	};
	for (const auto &code : forms) {
		ExitMachine m(code);
		ASSERT_EQ(KEMU_CONTINUE, kemu_decode(&m.ctxt, nullptr, 0));
		m.ctxt.exit_pending = 1; // as if an earlier access of this pass left one
		EXPECT_EQ(KEMU_UNHANDLEABLE, kemu_execute(&m.ctxt));
		EXPECT_EQ(0, m.accesses);
		EXPECT_EQ(0x1000u, m.ctxt.rip);
	}
}

struct Query {
	std::vector<uint8_t> code;
	int can_use_gpa, is_branch, emulate_on_ud, single_step_from_result = 0;
};

TEST(HostExit, QueriesFollowKvmsDecodeFlags)
{
	const Query queries[] = {
	    {{0x89, 0x18}, 1, 0, 0},             // mov [rax],ebx
	    {{0xa4}, 0, 0, 0},                   // movsb: TwoMemOp
	    {{0xf3, 0xa4}, 0, 0, 0},             // rep movsb
	    {{0xf3, 0xaa}, 0, 0, 0},             // rep stosb: a REP string
	    {{0xaa}, 1, 0, 0},                   // stosb alone
	    {{0xff, 0x30}, 0, 0, 0},             // push [rax]: TwoMemOp
	    {{0x8f, 0x00}, 0, 0, 0},             // pop [rax]
	    {{0xff, 0xf0}, 0, 0, 0},             // push rax, FF /6: TwoMemOp all the same
	    {{0x8f, 0xc0}, 0, 0, 0},             // pop rax, 8F /0
	    {{0x50}, 1, 0, 0},                   // push rax
	    {{0xeb, 0x00}, 1, 1, 0},             // jmp rel8
	    {{0xff, 0x20}, 1, 1, 0},             // jmp [rax]
	    {{0xc9}, 1, 1, 0},                   // leave (KVM counts it as a branch)
	    {{0x0f, 0x05}, 1, 1, 1, 1},          // syscall: TF after SFMASK
	    {{0x0f, 0x34}, 1, 1, 1},             // sysenter
	    {{0x9d}, 1, 0, 0},                   // popf
	    {{0x0f, 0x01, 0xc1}, 1, 0, 1},       // vmcall
	    {{0x0f, 0x38, 0xf0, 0x00}, 1, 0, 1}, // movbe eax,[rax]
	    {{0x0f, 0x0b}, 1, 0, 0},             // ud2: decoded, never emulated on #UD
	};
	for (const Query &q : queries) {
		ExitMachine m({});
		memcpy(&m.ram[0x1000], q.code.data(), q.code.size());
		int rc = kemu_decode(&m.ctxt, nullptr, 0);
		SCOPED_TRACE(testing::Message() << "opcode " << std::hex << int(q.code[0]) << " "
		                                << int(q.code.size() > 1 ? q.code[1] : 0));
		if (rc != KEMU_CONTINUE)
			EXPECT_EQ(KEMU_PROPAGATE_FAULT, rc); // ud2 decodes to #UD
		else {
			EXPECT_EQ(q.can_use_gpa, kemu_can_use_gpa(&m.ctxt));
			EXPECT_EQ(q.is_branch, kemu_is_branch(&m.ctxt));
			EXPECT_EQ(q.single_step_from_result, kemu_single_step_from_result(&m.ctxt));
		}
		EXPECT_EQ(q.emulate_on_ud, kemu_emulate_on_ud(&m.ctxt));
	}
}

// Instructions kemu decodes to their length (for the trace and the
// disassembler) but does not execute, and KVM's decode table has no entry
// for (UD0/UD1/UD2, PADDB, ADDPS): the bridge fails their decode as KVM's
// does.  Not what kemu executes, nor what KVM keeps for an intercept check
// (VMRUN, MONITOR).
TEST(HostExit, DecodeRejectsWhatKvmCannotDecode)
{
	const std::vector<uint8_t> rejected[] = {{0x0f, 0x0b},       {0x0f, 0xb9, 0x00},
	                                         {0x0f, 0xff, 0xc0}, {0x0f, 0xfc, 0xc0},
	                                         {0x0f, 0x58, 0xc0}, {0x66, 0x0f, 0xfc, 0xc0}};
	const std::vector<uint8_t> decoded[] = {{0x89, 0x18},       {0x0f, 0x05},
	                                        {0x0f, 0x01, 0xd8}, {0x0f, 0x01, 0xc8},
	                                        {0x0f, 0xa2},       {0x0f, 0x28, 0xc1}};
	for (const auto &code : rejected) {
		ExitMachine m({});
		memcpy(&m.ram[0x1000], code.data(), code.size());
		ASSERT_EQ(KEMU_CONTINUE, kemu_decode(&m.ctxt, nullptr, 0));
		EXPECT_EQ(code.size(), m.ctxt.insn.length);
		EXPECT_EQ(1, kemu_decode_rejects(&m.ctxt)) << std::hex << int(code[1]);
	}
	for (const auto &code : decoded) {
		ExitMachine m({});
		memcpy(&m.ram[0x1000], code.data(), code.size());
		ASSERT_EQ(KEMU_CONTINUE, kemu_decode(&m.ctxt, nullptr, 0));
		EXPECT_EQ(0, kemu_decode_rejects(&m.ctxt)) << std::hex << int(code[0]);
	}
}

// A nested guest's intercept check may raise a fault (KVM's VMX check for
// RDTSCP/RDPID): the callback fills its fault out-parameter.  One that
// answers PROPAGATE_FAULT without filling it is not trusted.
int intercept_fault_unfilled(void *, const kemu_intercept_info *, kemu_intercept_stage,
                             kemu_exception *)
{
	return KEMU_PROPAGATE_FAULT;
}

TEST(HostExit, AnInterceptCheckRaisesTheFaultItFilledIn)
{
	for (bool filled : {true, false}) {
		ExitMachine m({0x0f, 0xa2}); // cpuid
		m.ops.intercept = filled ? kemu::FakeHost::intercept : intercept_fault_unfilled;
		kemu_exception ud = {};
		ud.vector = KEMU_UD;
		m.script(kemu::FakeCall::Intercept, 0, KEMU_PROPAGATE_FAULT, ud);
		m.ctxt.check_intercepts = 1;
		int rc = kemu_emulate(&m.ctxt, nullptr, 0);
		if (filled) {
			EXPECT_EQ(KEMU_PROPAGATE_FAULT, rc);
			EXPECT_EQ(KEMU_UD, m.ctxt.exception.vector);
			EXPECT_TRUE(m.ctxt.have_exception);
		} else {
			EXPECT_EQ(KEMU_UNHANDLEABLE, rc); // a fault it did not describe
			EXPECT_FALSE(m.ctxt.have_exception);
		}
		EXPECT_EQ(0x1000u, m.ctxt.rip);
	}
}

TEST(HostExit, RdmsrReadsThroughTheFilterAndRdtscDoesNot)
{
	ExitMachine m({0x0f, 0x32}); // rdmsr
	m.ctxt.gprs[KEMU_RCX] = 0x174;
	ASSERT_EQ(KEMU_CONTINUE, kemu_emulate(&m.ctxt, nullptr, 0));
	EXPECT_EQ(0x2222u, m.ctxt.gprs[KEMU_RAX]);
	EXPECT_EQ(1, m.filtered_reads);
	EXPECT_EQ(0, m.plain_reads);

	ExitMachine t({0x0f, 0x31}); // rdtsc
	ASSERT_EQ(KEMU_CONTINUE, kemu_emulate(&t.ctxt, nullptr, 0));
	EXPECT_EQ(0x1111u, t.ctxt.gprs[KEMU_RAX]);
	EXPECT_EQ(0, t.filtered_reads);
	EXPECT_EQ(1, t.plain_reads);
}

} // namespace
