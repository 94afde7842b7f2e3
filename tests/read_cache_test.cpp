// Re-execution after KEMU_IO_NEEDED (KVM's EMULTYPE_NO_DECODE re-entry): the
// device reads that happened before the one needing I/O are replayed from
// ctxt->read_cache, not made again.
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstring>
#include <map>

namespace {

// The fake host with RAM below 0x10000 and MMIO above it, in 64-bit mode.
// Particular here: an MMIO read returns the address's low byte and is
// counted; `pending` is an MMIO address whose first read needs I/O.
struct MmioMachine : kemu::FakeHost {
	uint8_t ram[0x10000] = {};
	std::map<uint64_t, int> device_reads;
	uint64_t pending = ~0ull;

	static MmioMachine &of(void *p) { return *static_cast<MmioMachine *>(p); }
	static int read(void *p, uint64_t a, void *v, unsigned n, kemu_exception *f)
	{
		MmioMachine &m = of(p);
		if (a < sizeof(m.ram))
			return read_mem(p, a, v, n, f);
		if (a == m.pending) {
			m.pending = ~0ull; // completed by the next execution
			return KEMU_IO_NEEDED;
		}
		m.device_reads[a]++;
		memset(v, static_cast<int>(a & 0xff), n);
		return KEMU_CONTINUE;
	}

	MmioMachine(const MmioMachine &) = delete; // ctxt.opaque points here
	explicit MmioMachine(std::initializer_list<uint8_t> code)
	{
		reset(KEMU_MODE_PROT64);
		map(0, sizeof(ram), ram);
		map(sizeof(ram), ~0ull - sizeof(ram), nullptr, true); // writes dropped
		ops = {fetch, read, write_mem, get_segment};
		memcpy(&ram[0x1000], code.begin(), code.size());
		ctxt.rip = 0x1000;
	}
};

TEST(ReadCache, CmpsReplaysTheFirstReadAfterIoNeeded)
{
	MmioMachine m({0xa6}); // cmpsb: [rsi] then [rdi]
	m.ctxt.gprs[KEMU_RSI] = 0x20010;
	m.ctxt.gprs[KEMU_RDI] = 0x20020;
	m.pending = 0x20020;
	ASSERT_EQ(KEMU_IO_NEEDED, kemu_emulate(&m.ctxt, nullptr, 0));
	EXPECT_EQ(0x20010u, m.ctxt.gprs[KEMU_RSI]);
	EXPECT_EQ(1, m.device_reads[0x20010]);
	// The host completed the I/O: execute again, without decoding.
	ASSERT_EQ(KEMU_CONTINUE, kemu_execute(&m.ctxt));
	EXPECT_EQ(1, m.device_reads[0x20010]); // replayed, not read again
	EXPECT_EQ(1, m.device_reads[0x20020]);
	EXPECT_EQ(0x20011u, m.ctxt.gprs[KEMU_RSI]);
	EXPECT_EQ(0x20021u, m.ctxt.gprs[KEMU_RDI]);
	EXPECT_TRUE(m.ctxt.rflags & 0x1); // 0x10 - 0x20 borrows
}

TEST(ReadCache, RepMovsKeepsOnlyTheCurrentElement)
{
	MmioMachine m({0xf3, 0xa4}); // rep movsb from MMIO to RAM
	m.ctxt.gprs[KEMU_RSI] = 0x20000;
	m.ctxt.gprs[KEMU_RDI] = 0x3000;
	m.ctxt.gprs[KEMU_RCX] = 3;
	m.pending = 0x20001; // the second element needs I/O
	ASSERT_EQ(KEMU_IO_NEEDED, kemu_emulate(&m.ctxt, nullptr, 0));
	EXPECT_EQ(2u, m.ctxt.gprs[KEMU_RCX]); // the first element is done
	ASSERT_EQ(KEMU_CONTINUE, kemu_execute(&m.ctxt));
	EXPECT_EQ(0u, m.ctxt.gprs[KEMU_RCX]);
	EXPECT_EQ(1, m.device_reads[0x20000]); // not read again
	EXPECT_EQ(0x01, m.ram[0x3001]);
	EXPECT_EQ(0x02, m.ram[0x3002]);
}

TEST(ReadCache, ANewDecodeStartsEmpty)
{
	MmioMachine m({0x8b, 0x03}); // mov eax,[rbx]
	m.ctxt.gprs[KEMU_RBX] = 0x20040;
	ASSERT_EQ(KEMU_CONTINUE, kemu_emulate(&m.ctxt, nullptr, 0));
	m.ctxt.rip = 0x1000;
	ASSERT_EQ(KEMU_CONTINUE, kemu_emulate(&m.ctxt, nullptr, 0));
	EXPECT_EQ(2, m.device_reads[0x20040]);
}

} // namespace
