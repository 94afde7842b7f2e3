// REP INS in runs (exec/string.cpp), as KVM's read-ahead: each pass reads
// n = min(room in rDI's page in bytes (DF = 1: rDI's offset), 1024 bytes of
// elements, rCX) elements (at least 1) with one port call, writes them with
// one memory access and yields, so the guest pays KVM's exits and
// emulations.  Every count below is worked out by hand from that rule.  The
// host here answers pio_in as KVM does: an in-kernel port at once; a
// userspace port with IO_NEEDED, then, when the instruction runs again after
// the exit, with the data of exactly the request it exited for.
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstring>
#include <vector>

namespace {

struct PortCall {
	unsigned size, count;
};

// The fake host over 64 KiB of memory at 0 (RAM; from 0x8000 MMIO whose
// writes exit when mmio_exits), in 64-bit mode; what is particular here is
// the port: its values 1, 2, 3, ... and KVM's exit for a userspace port.
struct InsMachine : kemu::FakeHost {
	uint8_t ram[0x10000] = {};
	bool userspace_port = false;
	std::vector<PortCall> calls;
	unsigned emulations = 0; // decodes that did work: KVM's insn_emulation
	bool pending = false;
	PortCall pending_call = {};
	bool mismatch = false; // a completion the repeated request did not fit
	unsigned exits = 0;
	uint8_t next_value = 1; // the port's values: 1, 2, 3, ...

	static InsMachine &of(void *p) { return *static_cast<InsMachine *>(p); }
	void produce(void *val, unsigned size, unsigned count)
	{
		auto *b = static_cast<uint8_t *>(val);
		for (unsigned i = 0; i < size * count; i++)
			b[i] = next_value++;
	}
	static int pio_in(void *p, unsigned size, uint16_t, void *val, unsigned count,
	                  kemu_exception *)
	{
		InsMachine &m = of(p);
		m.calls.push_back({size, count});
		if (!m.userspace_port) {
			m.produce(val, size, count);
			return KEMU_CONTINUE;
		}
		if (!m.pending) {
			m.pending = true;
			m.pending_call = {size, count};
			m.exits++;
			return KEMU_IO_NEEDED;
		}
		m.pending = false;
		if (m.pending_call.size != size || m.pending_call.count != count) {
			m.mismatch = true;
			return KEMU_UNHANDLEABLE;
		}
		m.produce(val, size, count); // what userspace read during the exit
		return KEMU_CONTINUE;
	}

	// `code` at 0x1000 in 64-bit mode, DX = port 0x1f0.
	explicit InsMachine(std::initializer_list<uint8_t> code)
	{
		reset(KEMU_MODE_PROT64);
		map(0, 0x8000, ram);
		map(0x8000, 0x8000, ram + 0x8000, true);
		ops.pio_in = pio_in;
		memcpy(&ram[0x1000], code.begin(), code.size());
		ctxt.rip = 0x1000;
		ctxt.gprs[KEMU_RDX] = 0x1f0;
	}
	InsMachine(const InsMachine &) = delete; // ctxt.opaque points here
	void set_mmio_exits(bool on) { exit_after_mmio_write = on; }

	// The memory writes, in order: addresses and sizes.
	template <typename T>
	std::vector<T> written(T Call::*field) const
	{
		EXPECT_LE(ncalls, kLogSize) << "the log overflowed";
		std::vector<T> out;
		for (unsigned i = 0; i < ncalls && i < kLogSize; i++)
			if (log[i].kind == kemu::FakeCall::Write)
				out.push_back(log[i].*field);
		return out;
	}
	std::vector<uint64_t> writes() const { return written(&Call::where); }
	std::vector<unsigned> write_sizes() const { return written(&Call::bytes); }

	// Run the instruction to its end as KVM does: decode once, execute
	// again after each exit, enter the guest and emulate again when it yields.
	int run()
	{
		int rc = kemu_decode(&ctxt, nullptr, 0);
		for (unsigned guard = 0; rc == KEMU_CONTINUE && guard < 100000; guard++) {
			if (ctxt.gprs[KEMU_RCX] != 0)
				emulations += ctxt.read_cache.port_run == 0; // not a completion
			ctxt.exit_pending = 0;
			rc = kemu_execute(&ctxt);
			if (rc == KEMU_IO_NEEDED) {
				rc = KEMU_CONTINUE; // userspace completes the port read
				continue;
			}
			if (rc != KEMU_CONTINUE || ctxt.rip != 0x1000)
				return rc;
			rc = kemu_decode(&ctxt, nullptr, 0); // yielded: the guest runs it again
		}
		return rc;
	}
	// Bytes first, first + 1, ... at [at, at + n): the port's values in order.
	bool holds_sequence(uint64_t at, unsigned n, uint8_t first = 1) const
	{
		for (unsigned i = 0; i < n; i++)
			if (ram[at + i] != static_cast<uint8_t>(first + i))
				return false;
		return true;
	}
};

TEST(RepInsRun, ARunFillsThePageWithOnePortCallAndOneWrite)
{
	InsMachine m({0xf3, 0x6c}); // rep insb
	m.ctxt.gprs[KEMU_RCX] = 64;
	m.ctxt.gprs[KEMU_RDI] = 0x4000;
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	// n = min(0x1000, 1024, 64) = 64
	ASSERT_EQ(1u, m.calls.size());
	EXPECT_EQ(64u, m.calls[0].count);
	EXPECT_EQ((std::vector<uint64_t>{0x4000}), m.writes());
	EXPECT_EQ((std::vector<unsigned>{64}), m.write_sizes());
	EXPECT_TRUE(m.holds_sequence(0x4000, 64));
	EXPECT_EQ(1u, m.emulations);
	EXPECT_EQ(0u, m.ctxt.gprs[KEMU_RCX]);
	EXPECT_EQ(0x4040u, m.ctxt.gprs[KEMU_RDI]);
	EXPECT_EQ(0x1002u, m.ctxt.rip);
}

TEST(RepInsRun, AUserspacePortExitsOncePerRunAndTheRepeatedRequestFitsItsData)
{
	InsMachine m({0xf3, 0x66, 0x6d}); // rep insw: a 512-byte sector
	m.userspace_port = true;
	m.ctxt.gprs[KEMU_RCX] = 256;
	m.ctxt.gprs[KEMU_RDI] = 0x4000;
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	EXPECT_FALSE(m.mismatch);
	// n = min(0x1000, 1024 / 2, 256) = 256: one exit, one emulation, as KVM
	EXPECT_EQ(1u, m.exits);
	EXPECT_EQ(1u, m.emulations);
	EXPECT_EQ((std::vector<unsigned>{512}), m.write_sizes());
	EXPECT_TRUE(m.holds_sequence(0x4000, 512));
	EXPECT_EQ(0u, m.ctxt.gprs[KEMU_RCX]);
	EXPECT_EQ(0x4200u, m.ctxt.gprs[KEMU_RDI]);
}

TEST(RepInsRun, ARunStopsAtThePageEndAndTheNextPassFillsTheNextPage)
{
	InsMachine m({0xf3, 0x6c}); // rep insb
	m.ctxt.gprs[KEMU_RCX] = 32;
	m.ctxt.gprs[KEMU_RDI] = 0x4ff0;
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	ASSERT_EQ(2u, m.calls.size());
	EXPECT_EQ(16u, m.calls[0].count); // to 0x4fff
	EXPECT_EQ(16u, m.calls[1].count);
	EXPECT_EQ((std::vector<uint64_t>{0x4ff0, 0x5000}), m.writes());
	EXPECT_EQ(2u, m.emulations);
	EXPECT_TRUE(m.holds_sequence(0x4ff0, 32));
	EXPECT_EQ(0x5010u, m.ctxt.gprs[KEMU_RDI]);
}

TEST(RepInsRun, TheRoomInThePageIsCountedInBytesAsKvmCountsIt)
{
	InsMachine m({0xf3, 0x66, 0x6d}); // rep insw
	m.ctxt.gprs[KEMU_RCX] = 8;
	m.ctxt.gprs[KEMU_RDI] = 0x4ffc;
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	// room 4 (bytes) -> 4 words, 0x4ffc-0x5003; then min(0xffc, 512, 4) = 4
	ASSERT_EQ(2u, m.calls.size());
	EXPECT_EQ(4u, m.calls[0].count);
	EXPECT_EQ(4u, m.calls[1].count);
	EXPECT_EQ((std::vector<uint64_t>{0x4ffc, 0x5004}), m.writes());
	EXPECT_TRUE(m.holds_sequence(0x4ffc, 16));
	EXPECT_EQ(0x500cu, m.ctxt.gprs[KEMU_RDI]);
}

TEST(RepInsRun, MmioTakesTheRunAsOneWriteAsKvmDoes)
{
	InsMachine m({0xf3, 0x6c}); // rep insb
	m.set_mmio_exits(true);
	m.ctxt.gprs[KEMU_RCX] = 4;
	m.ctxt.gprs[KEMU_RDI] = 0x8000;
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	ASSERT_EQ(1u, m.calls.size());
	EXPECT_EQ(4u, m.calls[0].count);
	EXPECT_EQ((std::vector<uint64_t>{0x8000}), m.writes());
	EXPECT_EQ((std::vector<unsigned>{4}), m.write_sizes());
	EXPECT_EQ(1u, m.emulations); // one element per emulation before
	EXPECT_TRUE(m.holds_sequence(0x8000, 4));
}

TEST(RepInsRun, ADescendingRunReadsAheadToThePageStartAndIsWrittenAsOneAccess)
{
	InsMachine m({0xf3, 0x6c}); // rep insb, DF set
	m.ctxt.rflags = 2 | 0x400;
	m.ctxt.gprs[KEMU_RCX] = 8;
	m.ctxt.gprs[KEMU_RDI] = 0x4007;
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	// n = min(offset 7, 1024, 8) = 7 (0x4007 down to 0x4001); then offset 0 -> 1
	ASSERT_EQ(2u, m.calls.size());
	EXPECT_EQ(7u, m.calls[0].count);
	EXPECT_EQ(1u, m.calls[1].count);
	EXPECT_EQ((std::vector<uint64_t>{0x4001, 0x4000}), m.writes());
	EXPECT_EQ(0x3fffu, m.ctxt.gprs[KEMU_RDI]);
	for (unsigned i = 0; i < 8; i++)
		EXPECT_EQ(i + 1, m.ram[0x4007 - i]);
}

TEST(RepInsRun, ADescendingRunOfWordsMayReachIntoThePageBelow)
{
	InsMachine m({0xf3, 0x66, 0x6d}); // rep insw, DF set
	m.ctxt.rflags = 2 | 0x400;
	m.ctxt.gprs[KEMU_RCX] = 8;
	m.ctxt.gprs[KEMU_RDI] = 0x5002;
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	// offset 2 -> 2 words (0x5002, 0x5000); then offset 0xffe -> min(0xffe, 512, 6) = 6
	ASSERT_EQ(2u, m.calls.size());
	EXPECT_EQ(2u, m.calls[0].count);
	EXPECT_EQ(6u, m.calls[1].count);
	EXPECT_EQ((std::vector<uint64_t>{0x5000, 0x4ff4}), m.writes());
	EXPECT_EQ(0x4ff2u, m.ctxt.gprs[KEMU_RDI]);
	for (unsigned i = 0; i < 8; i++) { // word i (bytes 2i+1, 2i+2) at 0x5002 - 2i
		EXPECT_EQ(2 * i + 1, m.ram[0x5002 - 2 * i]);
		EXPECT_EQ(2 * i + 2, m.ram[0x5003 - 2 * i]);
	}
}

TEST(RepInsRun, UserspaceShrinkingTheCountDuringTheExitStoresOnlyWhatIsLeft)
{
	InsMachine m({0xf3, 0x6c}); // rep insb
	m.userspace_port = true;
	m.ctxt.gprs[KEMU_RCX] = 2;
	m.ctxt.gprs[KEMU_RDI] = 0x4000;
	ASSERT_EQ(KEMU_CONTINUE, kemu_decode(&m.ctxt, nullptr, 0));
	ASSERT_EQ(KEMU_IO_NEEDED, kemu_execute(&m.ctxt));
	m.ctxt.gprs[KEMU_RCX] = 1; // KVM_SET_REGS during the exit
	ASSERT_EQ(KEMU_CONTINUE, kemu_execute(&m.ctxt));
	EXPECT_FALSE(m.mismatch); // asked for the 2 it exited for
	EXPECT_EQ((std::vector<unsigned>{1}), m.write_sizes());
	EXPECT_EQ(0u, m.ctxt.gprs[KEMU_RCX]);
	EXPECT_EQ(0x4001u, m.ctxt.gprs[KEMU_RDI]);
	EXPECT_EQ(0, m.ram[0x4001]);
}

TEST(RepInsRun, ARunMayPassAMultipleOf1024IterationsAsKvmsDoes)
{
	InsMachine m({0xf3, 0x6c}); // rep insb
	m.ctxt.gprs[KEMU_RCX] = 1030;
	m.ctxt.gprs[KEMU_RDI] = 0x4000;
	ASSERT_EQ(KEMU_CONTINUE, kemu_decode(&m.ctxt, nullptr, 0));
	ASSERT_EQ(KEMU_CONTINUE, kemu_execute(&m.ctxt));
	// min(0x1000, 1024, 1030) = 1024 elements, then the instruction yields.
	EXPECT_EQ(6u, m.ctxt.gprs[KEMU_RCX]);
	EXPECT_EQ(0x1000u, m.ctxt.rip);
	ASSERT_EQ(1u, m.calls.size());
	EXPECT_EQ(1024u, m.calls[0].count);
}

TEST(RepInsRun, ARunStopsWhereA16BitDestinationIndexWraps)
{
	InsMachine m({0x67, 0xf3, 0x6c}); // rep insb, 16-bit addresses (prot32)
	m.ctxt.mode = KEMU_MODE_PROT32;
	for (kemu_segment &s : m.segs) { // flat 4G data segments
		s.limit = 0xffffffff;
		s.type = 3;
		s.s = s.present = s.db = s.g = 1;
	}
	m.segs[KEMU_SEG_CS].type = 0xb;
	m.ctxt.gprs[KEMU_RCX] = 6;
	m.ctxt.gprs[KEMU_RDI] = 0xfffe;
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	// 0xfffe-0xffff (room 2; DI wraps after it), then 0-3.
	ASSERT_EQ(2u, m.calls.size());
	EXPECT_EQ(2u, m.calls[0].count);
	EXPECT_EQ(4u, m.calls[1].count);
	EXPECT_EQ((std::vector<uint64_t>{0xfffe, 0}), m.writes());
	EXPECT_EQ(1, m.ram[0xfffe]);
	EXPECT_EQ(2, m.ram[0xffff]);
	EXPECT_TRUE(m.holds_sequence(0, 4, 3));
	EXPECT_EQ(4u, m.ctxt.gprs[KEMU_RDI]);
	EXPECT_EQ(0u, m.ctxt.gprs[KEMU_RCX]);
}

} // namespace
