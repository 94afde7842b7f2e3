// The order of a decode's faults: an encoding a mandatory prefix leaves
// undefined in a row of ModRM instructions (F3 0F 29: MOVAPS/MOVAPD take no
// F3) has its ModRM byte fetched before #UD, so a ModRM past the CS limit is
// #GP(0), as on the CPU and in KVM (whose 0F 29 entry is ModRM for every
// prefix); with the ModRM inside the limit it is #UD.
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

namespace {

struct LimitMachine : kemu::FakeHost {
	uint8_t ram[0x2000] = {};

	LimitMachine(const LimitMachine &) = delete; // ctxt.opaque points here
	LimitMachine(std::initializer_list<uint8_t> code, uint32_t cs_limit)
	{
		reset(KEMU_MODE_PROT32);
		map(0, sizeof(ram), ram);
		segs[KEMU_SEG_CS].limit = cs_limit;
		segs[KEMU_SEG_CS].g = 0;
		ctxt.rip = 0x1000;
		unsigned i = 0;
		for (uint8_t b : code)
			ram[0x1000 + i++] = b;
	}
};

TEST(DecodeFetchOrder, UndefinedPrefixFormFetchesModrmFirst)
{
	LimitMachine m({0xf3, 0x0f, 0x29, 0xc0}, 0x1002); // ModRM at 0x1003: past the limit
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.decode());
	EXPECT_EQ(KEMU_GP, m.ctxt.exception.vector);
	EXPECT_EQ(0u, m.ctxt.exception.error_code);
}

TEST(DecodeFetchOrder, UndefinedPrefixFormWithinTheLimitIsUd)
{
	LimitMachine m({0xf3, 0x0f, 0x29, 0xc0}, 0x1003);
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.decode());
	EXPECT_EQ(KEMU_UD, m.ctxt.exception.vector);
}

TEST(DecodeFetchOrder, DefinedPrefixFormPastTheLimitIsGp)
{
	// (the control: MOVAPD, 66 0F 29, fetches its ModRM anyway)
	LimitMachine m({0x66, 0x0f, 0x29, 0xc0}, 0x1002);
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.decode());
	EXPECT_EQ(KEMU_GP, m.ctxt.exception.vector);
}

} // namespace
