// The core's built-in vectors (also run by kemu.ko at load time), one test each.
#include <gtest/gtest.h>

#include <kemu/kemu.h>

#include <string>

namespace {

class SelftestVector : public ::testing::TestWithParam<unsigned> {};

TEST_P(SelftestVector, MatchesHandCheckedOutcome)
{
	char why[256];
	EXPECT_EQ(kemu_selftest_run(GetParam(), why, sizeof(why)), 1)
	    << kemu_selftest_name(GetParam()) << ": " << why;
}

INSTANTIATE_TEST_SUITE_P(Core, SelftestVector, ::testing::Range(0u, kemu_selftest_count()),
                         [](const ::testing::TestParamInfo<unsigned> &info) {
	                         std::string name = kemu_selftest_name(info.param);
	                         std::string id = "v" + std::to_string(info.param) + "_";
	                         for (char ch : name)
		                         id += isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
	                         return id;
                         });

TEST(Selftest, HasVectorsAndRejectsBadIndex)
{
	EXPECT_GE(kemu_selftest_count(), 40u);
	char why[64];
	EXPECT_EQ(kemu_selftest_run(kemu_selftest_count(), why, sizeof(why)), 0);
	EXPECT_STREQ(why, "no such vector");
}

} // namespace
