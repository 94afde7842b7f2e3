// kemu_task_switch (KVM's emulator_task_switch): a CALL to a 32-bit TSS and
// a switch to a TSS that is too small.  Values worked out from SDM Vol. 3
// 8.3 and the TSS layout of Figure 8-2.
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstring>
#include <vector>

namespace {

// The fake host over 64 KiB of RAM at 0 with a GDT in it, CR0 = PE|ET,
// DR7 with local and global enables; the TSSs and descriptors are below.
struct TaskMachine : kemu::FakeHost {
	static constexpr uint64_t kGdt = 0x8000, kOldTss = 0x6000, kNewTss = 0x6100;
	std::vector<uint8_t> ram = std::vector<uint8_t>(0x10000);

	void put32(uint64_t a, uint32_t v) { memcpy(&ram[a], &v, 4); }
	uint32_t get32(uint64_t a) const
	{
		uint32_t v;
		memcpy(&v, &ram[a], 4);
		return v;
	}
	void descriptor(unsigned i, uint64_t d) { memcpy(&ram[kGdt + 8 * i], &d, 8); }

	TaskMachine(const TaskMachine &) = delete; // ctxt.opaque points here
	TaskMachine()
	{
		reset(KEMU_MODE_PROT32);
		map(0, ram.size(), ram.data());
		dtables[KEMU_GDTR] = dtables[KEMU_IDTR] = {kGdt, 0xff, {}};
		cr[0] = 0x11;
		dr[7] = 0x455;
		descriptor(1, 0x00cf9b000000ffff); // 0x08: flat 32-bit code
		descriptor(2, 0x00cf93000000ffff); // 0x10: flat data
		descriptor(5, 0x00008b0060000067); // 0x28: the current TSS at 0x6000, busy
		descriptor(6, 0x0000890061000067); // 0x30: the next TSS at 0x6100, available
		// The next task: CR3, EIP, EFLAGS (IF), EAX..EDI = 1..8 but ESP, selectors.
		put32(kNewTss + 28, 0x5000);
		put32(kNewTss + 32, 0x2000);
		put32(kNewTss + 36, 0x202);
		for (unsigned r = 0; r < 8; r++)
			put32(kNewTss + 40 + 4 * r, r == KEMU_RSP ? 0x7000 : r + 1);
		for (unsigned s = 0; s < 6; s++)
			put32(kNewTss + 72 + 4 * s, s == KEMU_SEG_CS ? 0x08 : 0x10);
		for (unsigned s = 0; s < KEMU_SEG_COUNT; s++)
			segs[s] = {0,
			           0xffffffff,
			           static_cast<uint16_t>(s == 1 ? 0x08 : 0x10),
			           static_cast<uint8_t>(s == 1 ? 0xb : 3),
			           1,
			           0,
			           1,
			           0,
			           0,
			           1,
			           1,
			           0,
			           {}};
		segs[KEMU_SEG_TR] = {kOldTss, 0x67, 0x28, 0xb, 0, 0, 1, 0, 0, 0, 0, 0, {}};
		segs[KEMU_SEG_LDTR].unusable = 1;
		ctxt.rip = 0x1234;
		for (unsigned r = 0; r < 8; r++)
			ctxt.gprs[r] = 0xa0 + r;
	}
};

TEST(TaskSwitch, CallToA32BitTss)
{
	TaskMachine m;
	ASSERT_EQ(KEMU_CONTINUE,
	          kemu_task_switch(&m.ctxt, 0x30, -1, KEMU_TASK_SWITCH_CALL, 1, 0x55));
	// The old task's state, in its TSS.
	EXPECT_EQ(0x1234u, m.get32(TaskMachine::kOldTss + 32));
	EXPECT_EQ(0x2u, m.get32(TaskMachine::kOldTss + 36));
	EXPECT_EQ(0xa0u, m.get32(TaskMachine::kOldTss + 40));
	EXPECT_EQ(0x08u, m.get32(TaskMachine::kOldTss + 76));
	// The new task links back, is busy, and runs with NT set.
	EXPECT_EQ(0x28u, m.get32(TaskMachine::kNewTss) & 0xffff);
	EXPECT_EQ(0x8b, m.ram[TaskMachine::kGdt + 6 * 8 + 5]);
	EXPECT_EQ(0x30, m.segs[KEMU_SEG_TR].selector);
	EXPECT_EQ(0x2000u, m.ctxt.rip);
	EXPECT_EQ(0x4202u, m.ctxt.rflags);
	EXPECT_EQ(1u, m.ctxt.gprs[KEMU_RAX]);
	EXPECT_EQ(8u, m.ctxt.gprs[KEMU_RDI]);
	EXPECT_EQ(0x5000u, m.cr[3]);
	EXPECT_TRUE(m.cr[0] & 8);   // CR0.TS
	EXPECT_EQ(0x400u, m.dr[7]); // local breakpoint enables cleared
	// The error code on the new task's stack.
	EXPECT_EQ(0x7000u - 4, m.ctxt.gprs[KEMU_RSP]);
	EXPECT_EQ(0x55u, m.get32(0x7000 - 4));
}

// exit_pending is left over from the instruction emulated before; a task
// switch is a new operation with no write waiting, so its error code is
// pushed (not refused as an access after a waiting write).
TEST(TaskSwitch, ALeftoverExitPendingDoesNotStopTheErrorCodePush)
{
	TaskMachine m;
	m.ctxt.exit_pending = 1;
	ASSERT_EQ(KEMU_CONTINUE,
	          kemu_task_switch(&m.ctxt, 0x30, -1, KEMU_TASK_SWITCH_CALL, 1, 0x55));
	EXPECT_EQ(0x7000u - 4, m.ctxt.gprs[KEMU_RSP]);
	EXPECT_EQ(0x55u, m.get32(0x7000 - 4));
}

TEST(TaskSwitch, ATssBelowTheMinimumLimitIsTs)
{
	TaskMachine m;
	m.descriptor(6, 0x0000890061000020); // limit 0x20 < 0x67
	ASSERT_EQ(KEMU_PROPAGATE_FAULT,
	          kemu_task_switch(&m.ctxt, 0x30, -1, KEMU_TASK_SWITCH_JMP, 0, 0));
	EXPECT_EQ(KEMU_TS, m.ctxt.exception.vector);
	EXPECT_EQ(0x30u, m.ctxt.exception.error_code);
	EXPECT_EQ(0x1234u, m.ctxt.rip);
	EXPECT_EQ(0x28, m.segs[KEMU_SEG_TR].selector);
}

// The new task's selectors are checked with #TS(selector), also when they are
// past the descriptor table's limit or name an LDT the task has none of (SDM
// vol. 3, Table 7-1: the LDT, CS, SS, DS, ES, FS and GS selectors "valid";
// 8.3), not #GP as for an instruction's segment load.
TEST(TaskSwitch, ASelectorPastItsTableIsTs)
{
	const struct {
		unsigned at; // field of the new 32-bit TSS
		uint16_t selector;
	} cases[] = {
	    {96, 0x0108}, // LDT: past the GDT's limit 0xff
	    {72, 0x0110}, // ES: past the GDT's limit
	    {76, 0x0108}, // CS
	    {80, 0x0110}, // SS
	    {84, 0x0114}, // DS: an LDT selector, no LDT
	    {92, 0x4910}, // GS
	};
	for (const auto &t : cases) {
		TaskMachine m;
		m.put32(TaskMachine::kNewTss + t.at, t.selector);
		ASSERT_EQ(KEMU_PROPAGATE_FAULT,
		          kemu_task_switch(&m.ctxt, 0x30, -1, KEMU_TASK_SWITCH_JMP, 0, 0))
		    << "offset " << t.at;
		EXPECT_EQ(KEMU_TS, m.ctxt.exception.vector) << "offset " << t.at;
		EXPECT_EQ(t.selector & 0xfffcu, m.ctxt.exception.error_code) << "offset " << t.at;
	}
}

TEST(TaskSwitch, JmpFreesTheOldTss)
{
	TaskMachine m;
	ASSERT_EQ(KEMU_CONTINUE, kemu_task_switch(&m.ctxt, 0x30, -1, KEMU_TASK_SWITCH_JMP, 0, 0));
	EXPECT_EQ(0x89, m.ram[TaskMachine::kGdt + 5 * 8 + 5]); // old: available again
	EXPECT_EQ(0x202u, m.ctxt.rflags);                      // no NT for JMP
	EXPECT_EQ(0u, m.get32(TaskMachine::kNewTss) & 0xffff); // no back link
}

// The old task is saved in the format of the TSS that TR caches (the
// processor reaches the current TSS through TR's hidden part, SDM vol. 3
// 7.2.4), not the one its GDT descriptor now says: here a 16-bit TSS
// (Figure 7-11: IP at 14, FLAGS 16, AX..DI from 18, ES CS SS DS from 34)
// whose GDT entry has been rewritten as a 32-bit one.
TEST(TaskSwitch, TheOldTaskIsSavedInTheFormatTrCaches)
{
	TaskMachine m;
	m.segs[KEMU_SEG_TR].type = 0x3; // a busy 16-bit TSS
	m.segs[KEMU_SEG_TR].limit = 0x2b;
	ASSERT_EQ(KEMU_CONTINUE, kemu_task_switch(&m.ctxt, 0x30, -1, KEMU_TASK_SWITCH_JMP, 0, 0));
	auto get16 = [&](unsigned at) { return m.get32(TaskMachine::kOldTss + at) & 0xffff; };
	EXPECT_EQ(0x1234u, get16(14));
	EXPECT_EQ(0x2u, get16(16));
	for (unsigned r = 0; r < 8; r++)
		EXPECT_EQ(0xa0u + r, get16(18 + 2 * r)) << "GPR " << r;
	EXPECT_EQ(0x10u, get16(34));
	EXPECT_EQ(0x08u, get16(36));
	EXPECT_EQ(0x10u, get16(40));
	// Nothing of a 32-bit image (EIP at 32, EFLAGS at 36, the GPRs from 40).
	for (unsigned at = 44; at < 104; at += 4)
		EXPECT_EQ(0u, m.get32(TaskMachine::kOldTss + at)) << "offset " << at;
	EXPECT_EQ(0x2000u, m.ctxt.rip); // the new task runs
}

// The new task's descriptor must be a TSS in the GDT, available for CALL,
// JMP and task gates, busy for IRET (SDM vol. 3 7.3; IRET, CALL, JMP and
// INT n): otherwise #GP(selector), #TS(selector) for IRET, EXT set for an
// event that is not a software interrupt; nothing changes.
TEST(TaskSwitch, ADescriptorThatIsNotATssOfTheRightKindFaults)
{
	struct Case {
		uint64_t descriptor; // GDT entry 6 (selector 0x30)
		uint16_t selector;
		int idt_index, reason;
		uint8_t vector;
		uint32_t error_code;
	};
	const Case cases[] = {
	    {0x00cf93000000ffff, 0x30, -1, KEMU_TASK_SWITCH_JMP, KEMU_GP, 0x30},  // data
	    {0x00cf9b000000ffff, 0x30, -1, KEMU_TASK_SWITCH_CALL, KEMU_GP, 0x30}, // code
	    {0x0000820061000067, 0x30, -1, KEMU_TASK_SWITCH_CALL, KEMU_GP, 0x30}, // LDT
	    {0x00008c0061000067, 0x30, -1, KEMU_TASK_SWITCH_JMP, KEMU_GP, 0x30},  // call gate
	    {0x00008b0061000067, 0x30, -1, KEMU_TASK_SWITCH_JMP, KEMU_GP, 0x30},  // busy
	    {0x00008b0061000067, 0x30, -1, KEMU_TASK_SWITCH_GATE, KEMU_GP, 0x31}, // EXT
	    {0x00008b0061000067, 0x30, 0x20, KEMU_TASK_SWITCH_GATE, KEMU_GP, 0x30},
	    {0x0000890061000067, 0x30, -1, KEMU_TASK_SWITCH_IRET, KEMU_TS, 0x30}, // not busy
	    {0x00cf93000000ffff, 0x33, -1, KEMU_TASK_SWITCH_IRET, KEMU_TS, 0x30},
	    {0x0000890061000067, 0x34, -1, KEMU_TASK_SWITCH_CALL, KEMU_GP, 0x34}, // LDT selector
	};
	for (const Case &k : cases) {
		TaskMachine m;
		m.descriptor(6, k.descriptor);
		m.dtables[KEMU_IDTR] = {0x4000, 0x1ff, {}};
		m.ram[0x4000 + 0x20 * 8 + 5] = 0xe5; // vector 0x20: a task gate, DPL 3
		m.segs[KEMU_SEG_LDTR] = {TaskMachine::kGdt, 0xff, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, {}};
		const std::vector<uint8_t> before = m.ram;
		ASSERT_EQ(KEMU_PROPAGATE_FAULT,
		          kemu_task_switch(&m.ctxt, k.selector, k.idt_index, k.reason, 0, 0))
		    << std::hex << k.descriptor << " reason " << k.reason;
		EXPECT_EQ(k.vector, m.ctxt.exception.vector) << std::hex << k.descriptor;
		EXPECT_EQ(k.error_code, m.ctxt.exception.error_code) << std::hex << k.descriptor;
		EXPECT_EQ(0x1234u, m.ctxt.rip);
		EXPECT_EQ(0x28, m.segs[KEMU_SEG_TR].selector);
		EXPECT_TRUE(before == m.ram) << std::hex << k.descriptor;
	}
}

} // namespace
