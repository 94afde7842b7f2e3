// The fake host every harness builds on (emulator/fakehost/fake_host.h):
// its memory map, its faults, its scripted answers and its contract
// counters, each checked by hand through the ops table the core sees.
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstring>

namespace {

using kemu::FakeCall;
using kemu::FakeHost;

struct Host : FakeHost {
	uint8_t low[0x1000] = {}, high[0x1000] = {};

	Host()
	{
		reset(KEMU_MODE_PROT64);
		map(0x1000, sizeof(low), low);
		map(0x2000, sizeof(high), high); // adjacent: one range across both
		map(0x5000, 0x1000, nullptr, true);
	}
	Host(const Host &) = delete;
	kemu_exception fault = kemu::no_fault();
};

TEST(FakeHost, AnAccessAcrossAdjacentRegionsReadsAndWritesBoth)
{
	Host h;
	const uint8_t data[4] = {1, 2, 3, 4};
	ASSERT_EQ(KEMU_CONTINUE, h.ops.write_mem(&h, 0x1ffe, data, 4, &h.fault));
	EXPECT_EQ(1, h.low[0xffe]);
	EXPECT_EQ(2, h.low[0xfff]);
	EXPECT_EQ(3, h.high[0]);
	EXPECT_EQ(4, h.high[1]);
	uint8_t back[4] = {};
	ASSERT_EQ(KEMU_CONTINUE, h.ops.read_mem(&h, 0x1ffe, back, 4, &h.fault));
	EXPECT_EQ(0, memcmp(back, data, 4));
}

TEST(FakeHost, AnUnmappedByteFaultsWithItsAddressAndNothingIsWritten)
{
	Host h;
	const uint8_t data[4] = {1, 2, 3, 4};
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, h.ops.write_mem(&h, 0x2ffe, data, 4, &h.fault));
	EXPECT_EQ(KEMU_PF, h.fault.vector);
	EXPECT_EQ(1, h.fault.error_code_valid);
	EXPECT_EQ(2u, h.fault.error_code);   // a write
	EXPECT_EQ(0x3000u, h.fault.address); // the first byte not mapped
	EXPECT_EQ(0, h.high[0xffe]);
	uint8_t byte;
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, h.ops.fetch(&h, 0x4000, &byte, 1, &h.fault));
	EXPECT_EQ(0x10u, h.fault.error_code); // an instruction fetch
}

TEST(FakeHost, MmioReadsTheFillAndAWriteThereExitsWhenAsked)
{
	Host h;
	uint32_t v = 0;
	ASSERT_EQ(KEMU_CONTINUE, h.ops.read_mem(&h, 0x5000, &v, 4, &h.fault));
	EXPECT_EQ(0x5a5a5a5au, v);
	ASSERT_EQ(KEMU_CONTINUE, h.ops.write_mem(&h, 0x5000, &v, 4, &h.fault));
	EXPECT_EQ(0, h.ctxt.exit_pending);
	h.exit_after_mmio_write = true;
	ASSERT_EQ(KEMU_CONTINUE, h.ops.write_mem(&h, 0x5000, &v, 4, &h.fault));
	EXPECT_EQ(1, h.ctxt.exit_pending);
	ASSERT_EQ(KEMU_CONTINUE, h.ops.write_mem(&h, 0x1000, &v, 4, &h.fault));
	h.begin_call();
	EXPECT_EQ(0, h.ctxt.exit_pending);
}

TEST(FakeHost, AScriptAnswersTheNthCallOfItsKindOnly)
{
	Host h;
	kemu_exception gp = {};
	gp.vector = KEMU_GP;
	gp.error_code_valid = 1;
	gp.error_code = 0x18;
	h.script(FakeCall::Read, 1, KEMU_PROPAGATE_FAULT, gp);
	uint8_t b;
	EXPECT_EQ(KEMU_CONTINUE, h.ops.read_mem(&h, 0x1000, &b, 1, &h.fault));
	EXPECT_EQ(KEMU_CONTINUE, h.ops.write_mem(&h, 0x1000, &b, 1, &h.fault));
	EXPECT_EQ(KEMU_PROPAGATE_FAULT, h.ops.read_mem(&h, 0x1000, &b, 1, &h.fault));
	EXPECT_EQ(0, memcmp(&gp, &h.fault, sizeof(gp)));
	EXPECT_EQ(KEMU_CONTINUE, h.ops.read_mem(&h, 0x1000, &b, 1, &h.fault));
	// The call after the failed one is counted against the contract.
	EXPECT_EQ(1u, h.calls_after_failure);
	ASSERT_EQ(4u, h.ncalls);
	EXPECT_EQ(FakeCall::Write, h.log[1].kind);
	EXPECT_EQ(KEMU_PROPAGATE_FAULT, h.log[2].status);
}

TEST(FakeHost, RefusalsAreGpZeroThroughTheFault)
{
	Host h;
	h.add_msr(0x10, 0x1234, true);
	uint64_t v = 0;
	ASSERT_EQ(KEMU_CONTINUE, h.ops.get_msr(&h, 0x10, &v, &h.fault));
	EXPECT_EQ(0x1234u, v);
	ASSERT_EQ(KEMU_CONTINUE, h.ops.set_msr(&h, 0x10, 7, &h.fault));
	ASSERT_EQ(KEMU_CONTINUE, h.ops.get_msr(&h, 0x10, &v, &h.fault));
	EXPECT_EQ(7u, v);
	h.fault = kemu::no_fault();
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, h.ops.get_msr(&h, 0x11, &v, &h.fault));
	EXPECT_EQ(KEMU_GP, h.fault.vector);
	EXPECT_EQ(1, h.fault.error_code_valid);
	EXPECT_EQ(0u, h.fault.error_code);
	h.fault = kemu::no_fault();
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, h.ops.set_cr(&h, 0, 1ull << 63, &h.fault));
	EXPECT_EQ(KEMU_GP, h.fault.vector);
	EXPECT_EQ(0u, h.cr[0]);
	ASSERT_EQ(KEMU_CONTINUE, h.ops.set_cr(&h, 4, 0x20, &h.fault));
	EXPECT_EQ(0x20u, h.cr[4]);
}

TEST(FakeHost, AFetchAcrossAPageBreaksTheContract)
{
	Host h;
	uint8_t b[2];
	EXPECT_EQ(KEMU_UNHANDLEABLE, h.ops.fetch(&h, 0x1fff, b, 2, &h.fault));
	EXPECT_EQ(1u, h.contract_violations);
	EXPECT_EQ(KEMU_CONTINUE, h.ops.fetch(&h, 0x1ffe, b, 2, &h.fault));
	EXPECT_EQ(1u, h.contract_violations);
}

} // namespace
