// Each rule of the objdump comparison policy, pinned to a concrete byte
// string, so a rule cannot drift or silently start excusing something else.
#include <gtest/gtest.h>

#include "objdump_run.h"

#include <string>
#include <vector>

namespace {

std::vector<uint8_t> hex(const char *s)
{
	std::vector<uint8_t> b;
	for (; s[0] && s[1]; s += 2) {
		const char h[3] = {s[0], s[1], 0};
		b.push_back(uint8_t(strtoul(h, nullptr, 16)));
	}
	return b;
}

struct Rule {
	unsigned bits;
	const char *bytes;
	const char *category; // a substring of the expected category
};

class PolicyRule : public ::testing::TestWithParam<Rule> {};

TEST_P(PolicyRule, ClassifiesItsExample)
{
	const Rule &r = GetParam();
	const kemu::objdump::Verdict v = kemu::objdump::judge_bytes(r.bits, hex(r.bytes));
	EXPECT_TRUE(v.ok) << r.bytes << ": " << v.category;
	EXPECT_NE(v.category.find(r.category), std::string::npos)
	    << r.bytes << ": got '" << v.category << "'";
}

const Rule kRules[] = {
    {64, "8918", "agree: length and mnemonic"},
    {64, "0f04", "agree: both invalid"},
    {64, "48b80000000000000000", "agree: alias spelling"},
    {16, "666800000000", "operand-size suffix"},
    {64, "0f0fc09e", "3DNow!"},
    {64, "8fe97881c0", "XOP"},
    {64, "66c5f877", "VEX/EVEX after 66/F2/F3/LOCK/REX"},
    {64, "f30fd7c0", "F2/F3 on an opcode with no such mandatory-prefix form"},
    {64, "0f20c8", "MOV with CR1"},
    {32, "8ec8", "MOV to CS"},
    {32, "0f01f8", "64-bit-only instruction"},
    {64, "0f1a00", "MPX"},
    {32, "d6", "SALC"},
    {64, "c4e279ffc0", "opcode-level validity is not modelled"},
    {64, "c5f82bc0", "agree: both invalid"},                  // VMOVNTPS with a register operand
    {64, "c5c010c0", "agree: both invalid"},                  // VEX.vvvv in use on VMOVUPS
    {64, "c5fc12c0", "agree: both invalid"},                  // VEX.L = 1 on VMOVHLPS
    {64, "c5f912c0", "agree: both invalid"},                  // VMOVLPD is memory-only
    {64, "c5f977", "VEX map 1 encodings no instruction has"}, // VZEROUPPER is VEX.NP
    {64, "f001c0", "LOCK without a lockable instruction"},
    {32, "f00fc8", "LOCK without a lockable instruction"},
    {64, "660f37", "66 on an NP instruction"},
    {64, "660fae00", "66 on an NP instruction"},
    {64, "62f17c0810c1", "compared by length only"},
    {64, "402689c0", "REX followed by a legacy prefix"},
    {64, "f34190", "F3 REX.B 90"},
    {64, "9bd9e8", "FWAIT then an x87 instruction"},
    {64, "2e41f0f2264f4dba4909bca5164c6a", "over 15 bytes"},
    {32, "0fa7c0", "VIA PadLock"},
    {64, "f20fbcc0", "a prefix the CPU ignores"},
    {32, "660f09", "a prefix the CPU ignores"},
};

INSTANTIATE_TEST_SUITE_P(Objdump, PolicyRule, ::testing::ValuesIn(kRules));

// The judge fails what no rule names: a different mnemonic or length.
TEST(PolicyJudge, FailsUnexplainedDifferences)
{
	kemu::objdump::Objdump od;
	od.parts = {"add    eax,ebx"};
	od.length = 2;
	kemu_disasm d{};
	d.length = 2;
	snprintf(d.text, sizeof(d.text), "sub eax,ebx");
	const uint8_t bytes[32] = {0x01, 0xd8};
	EXPECT_FALSE(kemu::objdump::judge(64, bytes, od, KEMU_CONTINUE, d).ok);
	snprintf(d.text, sizeof(d.text), "add eax,ebx");
	d.length = 3;
	EXPECT_FALSE(kemu::objdump::judge(64, bytes, od, KEMU_CONTINUE, d).ok);
	d.length = 2;
	EXPECT_TRUE(kemu::objdump::judge(64, bytes, od, KEMU_CONTINUE, d).ok);
	// kemu #UD where objdump decodes an ordinary instruction: a failure.
	d.vector = KEMU_UD;
	EXPECT_FALSE(kemu::objdump::judge(64, bytes, od, KEMU_PROPAGATE_FAULT, d).ok);
}

} // namespace
