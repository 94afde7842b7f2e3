// kemu_interrupt_real: KVM's emulate_int_real, for injecting events into a
// real-mode guest.  Values worked out from SDM Vol. 3 20.1.4.
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstring>
#include <vector>

namespace {

// The fake host over 1 MiB of RAM in real mode, the IVT at 0, CS = 0x100.
struct RealModeGuest : kemu::FakeHost {
	std::vector<uint8_t> ram = std::vector<uint8_t>(0x100000);
	kemu_dtable &idt = dtables[KEMU_IDTR];

	RealModeGuest(const RealModeGuest &) = delete; // ctxt.opaque points here
	RealModeGuest()
	{
		reset(KEMU_MODE_REAL);
		map(0, ram.size(), ram.data());
		for (kemu_segment &s : segs) {
			s.limit = 0xffff;
			s.type = 3;
			s.s = 1;
			s.present = 1;
		}
		segs[KEMU_SEG_CS] = {0x1000, 0xffff, 0x100, 0xb, 1, 0, 1, 0, 0, 0, 0, 0, {}};
		idt = {0, 0x3ff, {}};
		ctxt.gprs[KEMU_RSP] = 0x8000;
		ctxt.rip = 0x1234;
		ctxt.rflags = 0x202;
	}
};

TEST(InterruptReal, PushesFlagsCsIpAndJumpsThroughTheIvt)
{
	RealModeGuest g;
	const uint8_t vector8[4] = {0x50, 0x00, 0x00, 0xf0}; // f000:0050
	memcpy(&g.ram[8 * 4], vector8, 4);
	ASSERT_EQ(KEMU_CONTINUE, kemu_interrupt_real(&g.ctxt, 8));
	EXPECT_EQ(0x50u, g.ctxt.rip);
	EXPECT_EQ(0xf000, g.segs[KEMU_SEG_CS].selector);
	EXPECT_EQ(0xf0000u, g.segs[KEMU_SEG_CS].base);
	EXPECT_EQ(0x7ffau, g.ctxt.gprs[KEMU_RSP]);
	EXPECT_EQ(0x2u, g.ctxt.rflags);                                // IF cleared
	const uint8_t frame[6] = {0x34, 0x12, 0x00, 0x01, 0x02, 0x02}; // ip, cs, flags
	EXPECT_EQ(0, memcmp(&g.ram[0x7ffa], frame, 6));
}

// exit_pending is left over from the instruction emulated before; an
// injected event is a new operation with no write waiting, so its pushes
// are made (not refused as accesses after a waiting write).
TEST(InterruptReal, ALeftoverExitPendingDoesNotStopThePushes)
{
	RealModeGuest g;
	const uint8_t vector8[4] = {0x50, 0x00, 0x00, 0xf0};
	memcpy(&g.ram[8 * 4], vector8, 4);
	g.ctxt.exit_pending = 1;
	ASSERT_EQ(KEMU_CONTINUE, kemu_interrupt_real(&g.ctxt, 8));
	EXPECT_EQ(0x7ffau, g.ctxt.gprs[KEMU_RSP]);
	const uint8_t frame[6] = {0x34, 0x12, 0x00, 0x01, 0x02, 0x02};
	EXPECT_EQ(0, memcmp(&g.ram[0x7ffa], frame, 6));
}

// A stack over the IVT: the frame is pushed before the entry is read (SDM
// INT n), so the pushes that land on the entry are where it jumps.  SP 0xa6
// puts FLAGS (0x0202) at 0xa4, CS (0x0100) at 0xa2, IP at 0xa0: vector 0x29's
// entry (0xa4) becomes 0202:xxxx with its segment word from RAM.
TEST(InterruptReal, AFrameOverTheEntryIsWhereItJumps)
{
	RealModeGuest g;
	const uint8_t entry[4] = {0x50, 0x00, 0x00, 0xf0}; // f000:0050 before the pushes
	memcpy(&g.ram[0x29 * 4], entry, 4);
	g.ctxt.gprs[KEMU_RSP] = 0xa6;
	ASSERT_EQ(KEMU_CONTINUE, kemu_interrupt_real(&g.ctxt, 0x29));
	EXPECT_EQ(0xa0u, g.ctxt.gprs[KEMU_RSP]);
	EXPECT_EQ(0x0202u, g.ctxt.rip); // FLAGS, pushed over the entry's offset
	EXPECT_EQ(0xf000, g.segs[KEMU_SEG_CS].selector);
}

// The same with the stack's linear addresses wrapping at 4 GiB onto the
// table (SS.base left near 4 GiB by protected mode): SP 0x16 from base
// 0xfffffff0 pushes FLAGS at 0x4, over vector 1's offset.
TEST(InterruptReal, AFrameWrappingOntoTheEntryIsWhereItJumps)
{
	RealModeGuest g;
	const uint8_t entry[4] = {0x50, 0x00, 0x00, 0xf0};
	memcpy(&g.ram[1 * 4], entry, 4);
	g.segs[KEMU_SEG_SS].base = 0xfffffff0;
	g.ctxt.gprs[KEMU_RSP] = 0x16;
	ASSERT_EQ(KEMU_CONTINUE, kemu_interrupt_real(&g.ctxt, 1));
	EXPECT_EQ(0x10u, g.ctxt.gprs[KEMU_RSP]);
	EXPECT_EQ(0x0202u, g.ctxt.rip); // FLAGS, pushed over the entry's offset
	EXPECT_EQ(0xf000, g.segs[KEMU_SEG_CS].selector);
	EXPECT_EQ(0x1234, g.ram[0] | g.ram[1] << 8); // IP, the last push, at 0
}

TEST(InterruptReal, AnEntryPastTheIvtLimitIsGp)
{
	RealModeGuest g;
	g.idt.limit = 0x1f; // vectors 0-7 only
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, kemu_interrupt_real(&g.ctxt, 8));
	EXPECT_EQ(KEMU_GP, g.ctxt.exception.vector);
	EXPECT_EQ(0x1234u, g.ctxt.rip);
	EXPECT_EQ(0x8000u, g.ctxt.gprs[KEMU_RSP]);
	EXPECT_EQ(0x202u, g.ctxt.rflags);
}

// The stack is checked before the vector table is read (SDM INT n): a push
// that does not fit raises #SS, after the pushes before it (the CPU's
// element-by-element pushes), even where reading the table would need
// userspace (it is in MMIO).
TEST(InterruptReal, StackIsCheckedBeforeTheIvtIsRead)
{
	RealModeGuest g;
	g.segs[KEMU_SEG_SS].limit = 0x7fff;
	g.ctxt.gprs[KEMU_RSP] = 2; // the second push wraps to 0xfffe, past the limit
	g.script(kemu::FakeCall::ReadSystem, 0, KEMU_IO_NEEDED);
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, kemu_interrupt_real(&g.ctxt, 8));
	EXPECT_EQ(KEMU_SS, g.ctxt.exception.vector);
	EXPECT_EQ(2u, g.ctxt.gprs[KEMU_RSP]);
	EXPECT_EQ(0x1234u, g.ctxt.rip);
	EXPECT_EQ(0x02, g.ram[0]); // FLAGS, pushed first
	EXPECT_EQ(0x02, g.ram[1]);

	// With room, the table is read before anything is written.
	RealModeGuest waits;
	waits.script(kemu::FakeCall::ReadSystem, 0, KEMU_IO_NEEDED);
	ASSERT_EQ(KEMU_IO_NEEDED, kemu_interrupt_real(&waits.ctxt, 8));
	EXPECT_EQ(0x8000u, waits.ctxt.gprs[KEMU_RSP]);
	EXPECT_EQ(0, waits.ram[0x7ffe]);
}

TEST(InterruptReal, OutsideRealModeIsUnhandleable)
{
	RealModeGuest g;
	g.ctxt.mode = KEMU_MODE_PROT32;
	EXPECT_EQ(KEMU_UNHANDLEABLE, kemu_interrupt_real(&g.ctxt, 8));
}

} // namespace
