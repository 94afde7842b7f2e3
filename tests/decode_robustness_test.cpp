// Guest-controlled bytes: random strings in every mode must end in success,
// a clean UNHANDLEABLE or the right exception, never fetch more than 15 bytes,
// never cross a page in one fetch, and leave state untouched on failure.
#include <gtest/gtest.h>

#include "test_machine.h"

#include <random>

namespace {

constexpr kemu_mode kModes[] = {KEMU_MODE_REAL, KEMU_MODE_PROT16, KEMU_MODE_PROT32,
                                KEMU_MODE_PROT64};

// Bytes drawn mostly from prefixes and MOV opcodes so that deep paths are hit.
uint8_t interesting_byte(std::mt19937_64 &rng)
{
	static const uint8_t pool[] = {0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e,
	                               0x64, 0x65, 0x40, 0x48, 0x4f, 0x41, 0x88, 0x89, 0x8a,
	                               0x8b, 0xa0, 0xa1, 0xa2, 0xa3, 0xb0, 0xb8, 0xc6, 0xc7,
	                               0x04, 0x05, 0x24, 0x25, 0x44, 0x84, 0x0f};
	if (rng() % 2)
		return pool[rng() % sizeof(pool)];
	return static_cast<uint8_t>(rng());
}

// Near branches, LOOP/JrCXZ and REP strings: their rIP is not simply the next
// instruction.  Told by the disassembler's mnemonic, an independent reading.
bool transfers_control(const kemu_insn &insn, kemu_mode mode)
{
	if (insn.rep_prefix)
		return true;
	kemu_disasm d{};
	if (kemu_disassemble(mode, insn.bytes, insn.length, &d) != KEMU_CONTINUE)
		return false;
	for (const char *prefix : {"j", "call", "ret", "loop"})
		if (strncmp(d.text, prefix, strlen(prefix)) == 0)
			return true;
	// Prefixes are printed first ("data16 jmp ...", "bnd jmp", "notrack call").
	return strstr(d.text, " j") || strstr(d.text, "call ") || strstr(d.text, "ret") ||
	       strstr(d.text, "loop");
}

bool rep_string(const kemu_insn &insn)
{
	uint8_t op = insn.opcode;
	return insn.rep_prefix && insn.opcode_len == 1 &&
	       ((op >= 0x6c && op <= 0x6f) || (op >= 0xa4 && op <= 0xa7) ||
	        (op >= 0xaa && op <= 0xaf));
}

// Instructions that push several values (ENTER, PUSHA, far CALL, INT n):
// a fault leaves the earlier pushes in memory, as on the CPU.
bool pushes_several(const kemu_insn &insn)
{
	if (insn.opcode_len != 1)
		return false;
	switch (insn.opcode) {
	case 0xc8:
	case 0x60:
	case 0x9a:
	case 0xcc:
	case 0xcd:
	case 0xce:
		return true;
	case 0xff:
		return ((insn.modrm >> 3) & 7) == 3;
	default:
		return false;
	}
}

class RandomBytes : public ::testing::TestWithParam<kemu_mode> {};

TEST_P(RandomBytes, EndCleanly)
{
	const kemu_mode mode = GetParam();
	std::mt19937_64 rng(0x6b656d75u + mode);
	unsigned outcomes[3] = {};
	for (unsigned iter = 0; iter < 100000; iter++) {
		TestMachine m(mode);
		// 16-bit offsets reach RAM only through a segment base.
		if (mode == KEMU_MODE_REAL || mode == KEMU_MODE_PROT16)
			for (unsigned s = 0; s < KEMU_SEG_COUNT; s++)
				if (s != KEMU_SEG_CS)
					m.segs[s].base = m.ram_base;
		// Code near the end of RAM half the time, so fetches run off the mapping.
		uint64_t rip =
		    m.ram_base + (rng() % 2 ? m.ram.size() - 1 - rng() % 16 : 0x1000 - rng() % 16);
		uint8_t bytes[16];
		unsigned len = rng() % 17;
		for (unsigned i = 0; i < len; i++)
			bytes[i] = interesting_byte(rng);
		for (unsigned i = 0; i < len && m.mapped(rip + i, 1); i++)
			m.ram[rip + i - m.ram_base] = bytes[i];
		m.ctxt.rip = rip;
		for (unsigned r = 0; r < KEMU_NR_GPRS; r++)
			m.ctxt.gprs[r] = rng() % 4 ? m.ram_base + rng() % m.ram.size() : rng();
		const kemu_ctxt before = m.ctxt;
		bool pass_in = rng() % 4 == 0;
		// Decode, then execute: the pass must leave the decode as it was,
		// since a host runs it again after an exit (KVM: EMULTYPE_NO_DECODE).
		int rc =
		    pass_in ? kemu_decode(&m.ctxt, bytes, len) : kemu_decode(&m.ctxt, nullptr, 0);
		if (rc == KEMU_CONTINUE) {
			const kemu_insn decoded = m.ctxt.insn;
			rc = kemu_execute(&m.ctxt);
			ASSERT_EQ(0, memcmp(&decoded, &m.ctxt.insn, sizeof(decoded)))
			    << "the execution changed the decoded instruction";
		}

		ASSERT_TRUE(rc == KEMU_CONTINUE || rc == KEMU_UNHANDLEABLE ||
		            rc == KEMU_PROPAGATE_FAULT)
		    << "status " << rc;
		outcomes[rc]++;
		ASSERT_EQ(0u, m.contract_violations) << "a fetch crossed a page";
		// A failed callback ends the call: nothing is fetched, read or
		// written after it.
		ASSERT_EQ(0u, m.calls_after_failure);
		ASSERT_LE(m.fetched_bytes + (pass_in ? len : 0), 15u + (pass_in ? len : 0));
		ASSERT_LE(m.ctxt.insn.fetched, 15u);
		if (rc == KEMU_PROPAGATE_FAULT) {
			ASSERT_TRUE(m.ctxt.have_exception);
			uint8_t v = m.ctxt.exception.vector;
			ASSERT_TRUE(v == KEMU_GP || v == KEMU_SS || v == KEMU_PF || v == KEMU_UD ||
			            v == KEMU_DE)
			    << int(v);
		}
		if (rc != KEMU_CONTINUE) {
			ASSERT_EQ(m.ctxt.rip, before.rip);
			// A REP string keeps the iterations done before a fault (count,
			// pointers, rAX for LODS); instructions that push several values
			// keep the pushes before a fault, as on the CPU.  Nothing else
			// changes registers or memory.
			bool progress = rep_string(m.ctxt.insn);
			bool writes_first = progress || pushes_several(m.ctxt.insn);
			for (unsigned i = 0; i < KEMU_NR_GPRS; i++) {
				bool string_reg = i == KEMU_RCX || i == KEMU_RSI || i == KEMU_RDI ||
				                  i == KEMU_RAX;
				ASSERT_TRUE(m.ctxt.gprs[i] == before.gprs[i] ||
				            (progress && string_reg));
			}
			for (unsigned i = 0; i < m.logged(); i++) {
				const auto &a = m.log[i];
				ASSERT_FALSE(a.kind == kemu::FakeCall::Write &&
				             a.status == KEMU_CONTINUE && !writes_first)
				    << "a failed instruction wrote memory";
			}
		} else {
			ASSERT_GE(m.ctxt.insn.length, 1u);
			ASSERT_LE(m.ctxt.insn.length, m.ctxt.insn.fetched);
			// Control transfers and REP strings (which yield every 1024
			// iterations) set rIP themselves; everything else moves to the next.
			uint64_t next = before.rip + m.ctxt.insn.length;
			if (!transfers_control(m.ctxt.insn, mode)) {
				ASSERT_EQ(m.ctxt.rip,
				          mode == KEMU_MODE_PROT64 ? next : uint32_t(next));
			}
		}
	}
	// The generator must reach all three outcomes, or it tests little.
	EXPECT_GT(outcomes[KEMU_CONTINUE], 1000u);
	EXPECT_GT(outcomes[KEMU_UNHANDLEABLE], 1000u);
	EXPECT_GT(outcomes[KEMU_PROPAGATE_FAULT], 1000u);
}

INSTANTIATE_TEST_SUITE_P(AllModes, RandomBytes, ::testing::ValuesIn(kModes));

// Bytes handed in by the host (decode assist) are used before any fetch;
// the rest comes from memory.
TEST(PassedBytes, UsedBeforeFetching)
{
	TestMachine m(KEMU_MODE_PROT64);
	m.ctxt.rip = 0x50000; // unmapped: any fetch faults
	m.ctxt.gprs[KEMU_RAX] = m.ram_base + 0x100;
	m.ctxt.gprs[KEMU_RBX] = 0x1234;
	const uint8_t insn[] = {0x89, 0x18};
	ASSERT_EQ(m.emulate(insn, sizeof(insn)), KEMU_CONTINUE);
	EXPECT_EQ(m.peek(m.ram_base + 0x100, 4), 0x1234u);
	for (unsigned i = 0; i < m.logged(); i++)
		EXPECT_NE(m.log[i].kind, kemu::FakeCall::Fetch);

	// Too few bytes passed in: the missing ModRM is fetched from rip + 1 and faults there.
	TestMachine m2(KEMU_MODE_PROT64);
	m2.ctxt.rip = 0x50000;
	ASSERT_EQ(m2.emulate(insn, 1), KEMU_PROPAGATE_FAULT);
	EXPECT_EQ(m2.ctxt.exception.vector, KEMU_PF);
	EXPECT_EQ(m2.ctxt.exception.address, 0x50001u);
}

// A callback answer outside the X86EMUL_* range is not taken as success.
TEST(Callbacks, OutOfRangeStatusIsUnhandleable)
{
	TestMachine m(KEMU_MODE_PROT64);
	m.script(kemu::FakeCall::Read, 0, 42);
	m.ctxt.gprs[KEMU_RBX] = m.ram_base;
	const uint8_t load[] = {0x8b, 0x03};
	EXPECT_EQ(m.emulate(load, sizeof(load)), KEMU_UNHANDLEABLE);
	EXPECT_EQ(m.ctxt.rip, 0u);
}

// IO_NEEDED from the host (MMIO read completed in userspace) is passed through
// with nothing retired, so the host can re-enter.
TEST(Callbacks, IoNeededPassesThrough)
{
	TestMachine m(KEMU_MODE_PROT64);
	m.script(kemu::FakeCall::Read, 0, KEMU_IO_NEEDED);
	m.ctxt.gprs[KEMU_RBX] = m.ram_base;
	const uint8_t load[] = {0x8b, 0x03};
	EXPECT_EQ(m.emulate(load, sizeof(load)), KEMU_IO_NEEDED);
	EXPECT_EQ(m.ctxt.rip, 0u);
	EXPECT_FALSE(m.ctxt.have_exception);
}

} // namespace
