// Decode validity by the SDM, class by class: VEX encodings no instruction
// has, mnemonics by the size a d64 instruction uses, 0F 01 register forms
// that a 66/F2/F3 prefix turns into another instruction (or #UD), and LOCK
// where it is not allowed.  Each expectation is read off the SDM's opcode
// tables (Vol. 2) for the encoding given; the decoder differentials
// (tests/objdump, tests/llvm-mc) check the same classes over whole maps.
#include <gtest/gtest.h>

#include <kemu/kemu.h>

#include <cstring>
#include <string>
#include <vector>

#include "test_machine.h"

namespace {

struct Case {
	unsigned mode;
	std::vector<uint8_t> bytes;
	const char *text; // nullptr: #UD; without a space: the mnemonic only
};

std::string describe(const Case &c)
{
	std::string s;
	char b[4];
	for (uint8_t x : c.bytes) {
		snprintf(b, sizeof(b), "%02x ", x);
		s += b;
	}
	return s;
}

void expect(const Case &c)
{
	kemu_disasm d;
	std::vector<uint8_t> bytes = c.bytes;
	bytes.resize(16, 0x90);
	const int rc = kemu_disassemble(c.mode, bytes.data(), unsigned(bytes.size()), &d);
	if (!c.text) {
		EXPECT_EQ(rc, KEMU_PROPAGATE_FAULT) << describe(c) << "decoded as " << d.text;
		EXPECT_EQ(d.vector, KEMU_UD) << describe(c);
		return;
	}
	ASSERT_EQ(rc, KEMU_CONTINUE) << describe(c);
	EXPECT_EQ(d.length, c.bytes.size()) << describe(c);
	std::string got = d.text;
	if (!strchr(c.text, ' '))
		got = got.substr(0, got.find(' '));
	EXPECT_EQ(got, c.text) << describe(c);
}

constexpr unsigned L = KEMU_MODE_PROT64, P32 = KEMU_MODE_PROT32;

TEST(DecodeValidity, VexMemoryOnlyFormsWithARegister)
{
	for (const Case &c : {
	         Case{L, {0xc5, 0xf8, 0x2b, 0xc0}, nullptr}, // VMOVNTPS xmm, xmm
	         Case{L, {0xc5, 0xf9, 0x2b, 0xc0}, nullptr}, // VMOVNTPD
	         Case{L, {0xc5, 0xf9, 0xe7, 0xc0}, nullptr}, // VMOVNTDQ
	         Case{L, {0xc5, 0xf9, 0x12, 0xc0}, nullptr}, // VMOVLPD
	         Case{L, {0xc5, 0xf8, 0x13, 0xc0}, nullptr}, // VMOVLPS store
	         Case{L, {0xc5, 0xfb, 0xf0, 0xc0}, nullptr}, // VLDDQU
	         Case{L, {0xc5, 0xf8, 0x2b, 0x00}, "vmovntps XMMWORD PTR [rax],xmm0"},
	         Case{L, {0xc5, 0xf9, 0xe7, 0x00}, "vmovntdq XMMWORD PTR [rax],xmm0"},
	     })
		expect(c);
}

TEST(DecodeValidity, VexRegisterOnlyFormsWithMemory)
{
	expect({L, {0xc5, 0xf8, 0x50, 0x00}, nullptr});       // VMOVMSKPS r, [mem]
	expect({L, {0xc5, 0xf9, 0xd7, 0x00}, nullptr});       // VPMOVMSKB r, [mem]
	expect({L, {0xc5, 0xf9, 0x71, 0x10, 0x01}, nullptr}); // VPSRLW by imm8, memory
}

TEST(DecodeValidity, VexVvvvWithoutAVvvvvOperand)
{
	expect({L, {0xc5, 0xc0, 0x10, 0xc0}, nullptr});  // VMOVUPS, vvvv = 0111
	expect({L, {0xc5, 0xf0, 0x28, 0xc0}, nullptr});  // VMOVAPS, vvvv = 0001
	expect({L, {0xc5, 0xf0, 0x77}, nullptr});        // VZEROUPPER
	expect({L, {0xc5, 0xc2, 0x10, 0x01}, nullptr});  // VMOVSS load: no vvvv
	expect({L, {0xc5, 0xc2, 0x10, 0xc1}, "vmovss"}); // register form: vvvv used
	expect({L, {0xc5, 0xc0, 0x58, 0xc0}, "vaddps"});
}

TEST(DecodeValidity, VexFormsThatDoNotExist)
{
	expect({L, {0xc5, 0xf8, 0x2a, 0xc0}, nullptr});       // CVTPI2PS has no VEX form (MMX)
	expect({L, {0xc5, 0xf8, 0x60, 0xc0}, nullptr});       // MMX PUNPCKLBW
	expect({L, {0xc5, 0xf8, 0xe7, 0x00}, nullptr});       // MOVNTQ
	expect({L, {0xc5, 0xf9, 0x77}, nullptr});             // VZEROUPPER is VEX.NP
	expect({L, {0xc5, 0xf9, 0x73, 0xc0, 0x01}, nullptr}); // 0F 73 /0
	expect({L, {0xc5, 0xf8, 0xae, 0x00}, nullptr});       // 0F AE /0 (FXSAVE)
	expect({L, {0xc5, 0xf8, 0xae, 0x10}, "(vex)"});       // VLDMXCSR
	expect({L, {0xc5, 0xf8, 0x77}, "(vex)"});             // VZEROUPPER
}

TEST(DecodeValidity, VexLengthOnOneHundredTwentyEightBitForms)
{
	expect({L, {0xc5, 0xfc, 0x12, 0xc0}, nullptr});  // VMOVHLPS, VEX.L = 1
	expect({L, {0xc5, 0xfd, 0x6e, 0xc0}, nullptr});  // VMOVD
	expect({L, {0xc5, 0xfd, 0xd6, 0x00}, nullptr});  // VMOVQ
	expect({L, {0xc5, 0xfd, 0xf7, 0xc0}, nullptr});  // VMASKMOVDQU
	expect({L, {0xc5, 0xfe, 0x58, 0xc0}, "vaddss"}); // VEX.LIG
	expect({L, {0xc5, 0xf8, 0x41, 0xc0}, nullptr});  // KANDW is VEX.L1
	expect({L, {0xc5, 0xfc, 0x41, 0xc0}, "(vex)"});
}

TEST(DecodeValidity, VexMaskRegisters)
{
	expect({L, {0xc5, 0x7c, 0x41, 0xc0}, nullptr});       // k8 in ModRM.reg
	expect({L, {0xc4, 0xc1, 0x7c, 0x41, 0xc0}, nullptr}); // k8 in ModRM.rm
	expect({L, {0xc4, 0xc1, 0x78, 0x92, 0xc0}, "(vex)"}); // KMOVW k0, r8d
	expect({L, {0xc4, 0xe1, 0xf9, 0x92, 0xc0}, nullptr}); // 66 W1 92 does not exist
}

TEST(DecodeValidity, PushfPopfNamedBySizeUsed)
{
	expect({L, {0x9c}, "pushfq"});
	expect({L, {0x9d}, "popfq"});
	expect({L, {0x48, 0x9c}, "pushfq"});
	expect({L, {0x66, 0x9c}, "pushf"});
	expect({P32, {0x9c}, "pushfd"});
	expect({P32, {0x9d}, "popfd"});
}

// The name kemu.ko's statistics and tracepoint show: the decoded context's.
std::string decoded_name(kemu_mode mode, std::vector<uint8_t> bytes)
{
	TestMachine m(mode);
	m.ctxt.rip = m.ram_base;
	m.poke(m.ram_base, bytes.data(), bytes.size());
	EXPECT_EQ(KEMU_CONTINUE, kemu_decode(&m.ctxt, nullptr, 0));
	const char *name = kemu_mnemonic(&m.ctxt);
	return name ? name : "";
}

TEST(DecodeValidity, PushfPopfNamedBySizeUsedInStatistics)
{
	EXPECT_EQ(decoded_name(KEMU_MODE_PROT64, {0x9c}), "pushfq");
	EXPECT_EQ(decoded_name(KEMU_MODE_PROT64, {0x9d}), "popfq");
	EXPECT_EQ(decoded_name(KEMU_MODE_PROT32, {0x9c}), "pushfd");
}

// F3 90 is PAUSE whatever REX.W says; REX.B makes 90 XCHG r8 (objdump and
// LLVM each disagree with one of these).
TEST(DecodeValidity, PauseAndXchgWithRex)
{
	expect({L, {0xf3, 0x48, 0x90}, "pause"});
	expect({L, {0xf3, 0x41, 0x90}, "xchg"});
}

TEST(DecodeValidity, Group7RegisterFormsByPrefix)
{
	expect({L, {0x0f, 0x01, 0xee}, "rdpkru"});
	expect({L, {0xf3, 0x0f, 0x01, 0xee}, "clui"});
	expect({L, {0x66, 0x0f, 0x01, 0xee}, nullptr});
	expect({L, {0xf3, 0x0f, 0x01, 0xef}, "stui"});
	expect({L, {0x0f, 0x01, 0xcf}, "encls"});
	expect({L, {0x66, 0x0f, 0x01, 0xcf}, "seamcall"});
	expect({L, {0x66, 0x0f, 0x01, 0xcc}, "tdcall"});
	expect({L, {0xf2, 0x0f, 0x01, 0xcf}, nullptr});
	expect({L, {0x66, 0x0f, 0x01, 0xd1}, nullptr}); // XSETBV is NP
	expect({L, {0xf3, 0x0f, 0x01, 0xca}, nullptr}); // CLAC is NP
	expect({L, {0xf3, 0x0f, 0x01, 0xff}, "psmash"});
	expect({L, {0x66, 0x0f, 0x01, 0xc1}, "vmcall"}); // not NP: the prefix is ignored
	expect({L, {0xf3, 0x0f, 0x01, 0xf9}, "rdtscp"});
}

TEST(DecodeValidity, NpInstructionsWithAPrefix)
{
	expect({L, {0x66, 0x0f, 0x37}, nullptr});       // GETSEC
	expect({L, {0x66, 0x0f, 0xae, 0x00}, nullptr}); // FXSAVE
	expect({L, {0x66, 0x0f, 0xc7, 0x28}, nullptr}); // XSAVES
	expect({L, {0x0f, 0xae, 0x00}, "fxsave [rax]"});
}

TEST(DecodeValidity, LockWhereItIsNotAllowed)
{
	expect({L, {0xf0, 0x01, 0xc0}, nullptr}); // register destination
	expect({L, {0xf0, 0x03, 0x00}, nullptr}); // register destination, memory source
	expect({L, {0xf0, 0x8b, 0x00}, nullptr}); // MOV is not lockable
	expect({L, {0xf0, 0x90}, nullptr});
	expect({L, {0xf0, 0x01, 0x00}, "lock add DWORD PTR [rax],eax"});
	expect({L, {0xf0, 0x87, 0x00}, "lock xchg DWORD PTR [rax],eax"});
}

// An operand that does not exist (a segment register 6 or 7, LEA of a
// register) is #UD only once the instruction's length is known: past 15 bytes
// the CPU raises #GP(0) instead (checked on the host CPU).
TEST(DecodeValidity, TooLongBeforeAnOperandThatDoesNotExist)
{
	const auto vector_of = [](unsigned prefixes, std::vector<uint8_t> tail) {
		std::vector<uint8_t> bytes(prefixes, 0x26); // ES overrides
		bytes.insert(bytes.end(), tail.begin(), tail.end());
		bytes.resize(32, 0x90);
		kemu_disasm d;
		const int rc = kemu_disassemble(P32, bytes.data(), unsigned(bytes.size()), &d);
		return rc == KEMU_PROPAGATE_FAULT ? int(d.vector) : -1;
	};
	const std::vector<uint8_t> mov_sreg7 = {0x8c, 0xbe, 0x66, 0x24, 0xbc, 0x1c};
	EXPECT_EQ(vector_of(9, mov_sreg7), KEMU_UD); // 15 bytes
	EXPECT_EQ(vector_of(10, mov_sreg7), KEMU_GP);
	EXPECT_EQ(vector_of(13, {0x8d, 0xc0}), KEMU_UD); // LEA eax, eax: 15 bytes
	EXPECT_EQ(vector_of(14, {0x8d, 0xc0}), KEMU_GP);
}

} // namespace
