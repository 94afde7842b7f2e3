// Each rule of the LLVM differential's policy (POLICY.md), pinned to a byte
// string: llvm-mc and kemu disassemble it and the verdict must name the rule,
// so a rule cannot drift or silently start excusing something else.
#include <gtest/gtest.h>

#include "llvm_policy.h"

#include <string>
#include <vector>

namespace {

using kemu::objdump::Verdict;

std::vector<uint8_t> hex(const char *s)
{
	std::vector<uint8_t> b;
	for (; s[0] && s[1]; s += 2) {
		const char h[3] = {s[0], s[1], 0};
		b.push_back(uint8_t(strtoul(h, nullptr, 16)));
	}
	return b;
}

// The sweep's treatment of one string: 15 bytes, kemu decodes them, llvm-mc
// gets them cut to kemu's length.
Verdict judge_bytes(unsigned bits, std::vector<uint8_t> bytes)
{
	bytes.resize(15, 0x90);
	kemu_disasm d;
	const int rc = kemu_disassemble(kemu::llvm_mc::mode_of(bits), bytes.data(), 15, &d);
	std::vector<kemu::llvm_mc::Line> lines(1);
	lines[0].bytes.assign(bytes.begin(), bytes.begin() + (rc == KEMU_CONTINUE ? d.length : 15));
	if (!kemu::llvm_mc::run(bits, lines))
		return {false, "llvm-mc failed"};
	return kemu::llvm_mc::judge(bits, bytes.data(), kemu::llvm_mc::first_of(bits, lines[0]), rc,
	                            d);
}

struct Rule {
	unsigned bits;
	const char *bytes;
	const char *category; // a substring of the expected category
};

class LlvmPolicyRule : public ::testing::TestWithParam<Rule> {};

TEST_P(LlvmPolicyRule, ClassifiesItsExample)
{
	const Rule &r = GetParam();
	const Verdict v = judge_bytes(r.bits, hex(r.bytes));
	EXPECT_TRUE(v.ok) << r.bytes << ": " << v.category;
	EXPECT_NE(v.category.find(r.category), std::string::npos)
	    << r.bytes << ": got '" << v.category << "'";
}

const Rule kRules[] = {
    // agreements, including the VEX validity classes kemu now decodes as LLVM does
    {64, "8918", "agree: length and mnemonic"},
    {64, "0f04", "agree: both invalid"},
    {64, "c5f82bc0", "agree: both invalid"}, // VMOVNTPS with a register operand
    {64, "c5f92bc0", "agree: both invalid"},
    {64, "c5f9e7c0", "agree: both invalid"},
    {64, "c5c010c0", "agree: both invalid"},        // VEX.vvvv in use on VMOVUPS
    {64, "c5f82ac0", "agree: both invalid"},        // no VEX CVTPI2PS
    {64, "c5fc12c0", "agree: both invalid"},        // VEX.L = 1 on VMOVHLPS
    {64, "c5f912c0", "agree: both invalid"},        // VMOVLPD is memory-only
    {64, "f30f01ee", "agree: length and mnemonic"}, // CLUI, not RDPKRU
    {64, "660f01cf", "agree: length and mnemonic"}, // SEAMCALL, not ENCLS
    {64, "9c", "agree: length and mnemonic"},       // PUSHFQ
    {32, "d6", "agree: length and mnemonic"},       // SALC
    {64, "ae", "size suffix on a string instruction"},
    {64, "9b", "agree: alias spelling"},
    {64, "6690", "NOP spelled XCHG"},
    {64, "c5f8c2c00e", "agree: alias spelling"}, // vcmpgtps
    // rules
    {64, "f001c0", "LOCK without a lockable instruction"},
    {64, "66c5f877", "VEX/EVEX after 66/F2/F3/LOCK/REX"},
    {64, "f3480fd830", "F2/F3 on an opcode with no such mandatory-prefix form"},
    {64, "664c0f01c0", "66 on an instruction without a 66 form"},
    {64, "0f20c8", "MOV with CR1"},
    {32, "8ec8", "MOV to CS"},
    {32, "0f01f8", "64-bit-only instruction"},
    {64, "0f0fc09e", "3DNow!"},
    {32, "0fa7c0", "VIA PadLock"},
    {64, "8fe97881c0", "XOP"},
    {64, "c4e279ffc0", "VEX maps 2-3 and EVEX"},
    {64, "c5fd4ac0", "VEX/EVEX forms kemu does not name"},
    {64, "f1", "INT1"},
    {64, "d0f0", "SAL as group 2 /6"},
    {64, "f6c800", "TEST as group 3 /1"},
    {64, "0fff00", "UD0"},
    {64, "0f18c0", "reserved-NOP"},
    {64, "0f2000", "MOV to/from CR/DR with ModRM.mod != 11"},
    {64, "0f0d38", "AMD's aliases of PREFETCH"},
    {64, "0f38fc00", "newer than LLVM 14"},
    {64, "f20fbcc0", "a prefix the CPU ignores"},
    {64, "dbe0", "FNENI"},
    {64, "66f20f38f800", "66 with a mandatory F2/F3"},
    {32, "f2670fc8", "F2/F3 with 66/67"},
    {16, "f30f840000", "F2/F3 on a near Jcc"},
    {16, "660f2800", "66 as a mandatory prefix in 16-bit mode"},
    {16, "c7f80000", "XBEGIN in 16-bit mode"},
    {32, "66f20f840000", "66 F2 Jcc"},
    {64, "66e800000000", "66 on a near branch in 64-bit mode"},
    {64, "f34890", "F3 REX.W 90 is PAUSE"},
    {64, "664c0f1c00", "CLDEMOTE"},
    {64, "660faef8", "SFENCE with a 66/F3 prefix"},
    {16, "f30faee0", "PTWRITE/INCSSPD/UMWAIT in 16-bit mode"},
    {64, "402689c0", "REX followed by another prefix"},
    {64, "404401c0", "REX followed by another prefix"},
    {64, "f3f2f0caff2e", "several F2/F3 prefixes"},
    {64, "67c5f96800", "67 before VEX"},
    {64, "2e41f0f2264f4dba4909bca5164c6a", "over 15 bytes"},
};

INSTANTIATE_TEST_SUITE_P(Llvm, LlvmPolicyRule, ::testing::ValuesIn(kRules));

// The judge fails what no rule names: a different mnemonic, length or validity.
TEST(LlvmPolicyJudge, FailsUnexplainedDifferences)
{
	kemu::llvm_mc::First f;
	f.text = "add\teax, ebx";
	kemu_disasm d{};
	d.length = 2;
	snprintf(d.text, sizeof(d.text), "sub eax,ebx");
	const uint8_t bytes[15] = {0x01, 0xd8};
	EXPECT_FALSE(kemu::llvm_mc::judge(64, bytes, f, KEMU_CONTINUE, d).ok);
	snprintf(d.text, sizeof(d.text), "add eax,ebx");
	EXPECT_TRUE(kemu::llvm_mc::judge(64, bytes, f, KEMU_CONTINUE, d).ok);
	f.longer = 1;
	EXPECT_FALSE(kemu::llvm_mc::judge(64, bytes, f, KEMU_CONTINUE, d).ok);
	f.longer = 0;
	d.vector = KEMU_UD;
	EXPECT_FALSE(kemu::llvm_mc::judge(64, bytes, f, KEMU_PROPAGATE_FAULT, d).ok);
	f.invalid = true;
	EXPECT_FALSE(kemu::llvm_mc::judge(64, bytes, f, KEMU_CONTINUE, d).ok);
}

// llvm-mc's output is read back in step: the length relation is measured.
TEST(LlvmRun, MeasuresLength)
{
	std::vector<kemu::llvm_mc::Line> lines(3);
	lines[0].bytes = {0x01, 0xc0};             // add eax, eax: exactly
	lines[1].bytes = {0x05};                   // add eax, imm32: takes 4 NOPs
	lines[2].bytes = {0x01, 0xc0, 0x01, 0xc0}; // two instructions: shorter
	ASSERT_TRUE(kemu::llvm_mc::run(64, lines));
	EXPECT_EQ(kemu::llvm_mc::first_of(64, lines[0]).longer, 0);
	EXPECT_EQ(kemu::llvm_mc::first_of(64, lines[1]).longer, 4);
	EXPECT_EQ(kemu::llvm_mc::first_of(64, lines[2]).longer, -1);
}

} // namespace
