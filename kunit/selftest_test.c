// SPDX-License-Identifier: GPL-2.0
/*
 * Suite kemu_selftest: the core's hand-checked vectors (emulator/selftest/),
 * one parameterized case per vector, run in kernel context under the test
 * kernel's checkers (KASAN, UBSAN, lockdep).  The same vectors run in
 * userspace (tests/selftest_vectors_test.cpp) and at kemu.ko's load time:
 * one definition, three runners.
 *
 * The vectors are the ones linked into kemu.ko itself, reached through
 * kmod/kemu_exports.c (namespace KEMU): what is tested is the module that
 * ships, built with the kernel's flags, not a second copy of the core.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <kemu/kemu.h>

/*
 * Parameters are vector indices.  KUnit ends a parameter list at NULL, so a
 * parameter is index + 1 cast to a pointer (never dereferenced).
 */
static const void *vector_gen(const void *prev, char *desc)
{
	unsigned long index = (unsigned long)prev; /* prev = previous index + 1 */
	const char *name;
	char *p;

	if (index >= kemu_selftest_count())
		return NULL;
	name = kemu_selftest_name(index);
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "v%lu %s", index, name ? name : "(null name)");
	/* KTAP: '#' starts a directive ("#GP(0)" would hide the result line) */
	for (p = desc; *p; p++)
		if (*p == '#')
			*p = '_';
	return (const void *)(index + 1);
}

static void vector(struct kunit *test)
{
	unsigned int index = (unsigned long)test->param_value - 1;
	char why[256];
	int ok;

	memset(why, 'x', sizeof(why));
	ok = kemu_selftest_run(index, why, sizeof(why));
	/* the runner NUL-terminates `why` within the buffer it was given, pass or fail */
	KUNIT_ASSERT_NOT_NULL(test, memchr(why, '\0', sizeof(why)));
	KUNIT_EXPECT_EQ_MSG(test, ok, 1, "vector %u (%s): %s", index, kemu_selftest_name(index),
			    why[0] ? why : "(no reason given)");
}

/* The table is not empty and every vector has a name. */
static void vector_table(struct kunit *test)
{
	unsigned int count = kemu_selftest_count(), i;

	KUNIT_EXPECT_GE(test, count, 40U);
	for (i = 0; i < count; i++) {
		const char *name = kemu_selftest_name(i);

		KUNIT_EXPECT_NOT_NULL_MSG(test, name, "vector %u", i);
		if (name)
			KUNIT_EXPECT_GT_MSG(test, strlen(name), (size_t)0, "vector %u", i);
	}
}

/*
 * An index past the table fails cleanly with a reason, and a short `why`
 * is truncated, never overflowed (KASAN watches the stack buffer).
 */
static void vector_out_of_range(struct kunit *test)
{
	unsigned int count = kemu_selftest_count();
	char why[64], small[8];

	KUNIT_EXPECT_EQ(test, kemu_selftest_run(count, why, sizeof(why)), 0);
	KUNIT_EXPECT_STREQ(test, why, "no such vector");
	KUNIT_EXPECT_EQ(test, kemu_selftest_run(~0U, why, sizeof(why)), 0);
	memset(small, 'x', sizeof(small));
	KUNIT_EXPECT_EQ(test, kemu_selftest_run(count, small, sizeof(small)), 0);
	KUNIT_EXPECT_STREQ(test, small, "no such");
	KUNIT_EXPECT_STREQ(test, kemu_selftest_name(count), "(no such vector)");
}

static struct kunit_case selftest_cases[] = {
	KUNIT_CASE(vector_table),
	KUNIT_CASE(vector_out_of_range),
	KUNIT_CASE_PARAM(vector, vector_gen),
	{}
};

static struct kunit_suite selftest_suite = {
	.name = "kemu_selftest",
	.test_cases = selftest_cases,
};

kunit_test_suites(&selftest_suite);
