// kemu_page_table_writing: KVM's x86_page_table_writing_insn for the decoded
// instruction (the table's PageTable attribute is checked entry by entry
// against KVM's in kvm_table_test.cpp).
#include <gtest/gtest.h>

#include "test_machine.h"

namespace {

int writes_page_tables(std::vector<uint8_t> bytes)
{
	TestMachine m(KEMU_MODE_PROT64);
	m.ctxt.rip = m.ram_base;
	m.poke(m.ram_base, bytes.data(), bytes.size());
	EXPECT_EQ(KEMU_CONTINUE, kemu_decode(&m.ctxt, nullptr, 0));
	return kemu_page_table_writing(&m.ctxt);
}

TEST(PageTableWriting, StoresAndBitSettersAreFlagged)
{
	EXPECT_EQ(1, writes_page_tables({0x09, 0x18}));             // or [rax],ebx
	EXPECT_EQ(1, writes_page_tables({0x89, 0x18}));             // mov [rax],ebx
	EXPECT_EQ(1, writes_page_tables({0x0f, 0xab, 0x18}));       // bts [rax],ebx
	EXPECT_EQ(1, writes_page_tables({0xf0, 0x0f, 0xb1, 0x18})); // lock cmpxchg [rax],ebx
}

TEST(PageTableWriting, LoadsAndOtherArithmeticAreNot)
{
	EXPECT_EQ(0, writes_page_tables({0x8b, 0x18})); // mov ebx,[rax]
	EXPECT_EQ(0, writes_page_tables({0x01, 0x18})); // add [rax],ebx
	EXPECT_EQ(0, writes_page_tables({0x31, 0x18})); // xor [rax],ebx
}

TEST(PageTableWriting, NothingDecodedIsNot)
{
	kemu_ctxt c = {};
	EXPECT_EQ(0, kemu_page_table_writing(&c));
}

} // namespace
