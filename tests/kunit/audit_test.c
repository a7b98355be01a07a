// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the audit line formatter and its rate limits
 * (kmod/audit.c).
 */

#include <kunit/test.h>
#include <linux/string.h>

#include "audit.h"

static void audit_test_bare_fields(struct kunit *test)
{
	struct hg_audit_line l;

	hg_audit_begin(&l, 7, "load");
	hg_audit_str(&l, "version", "0.1.0");
	hg_audit_u64(&l, "uid", 0);
	hg_audit_s64(&l, "delta", -3);
	hg_audit_str(&l, "path", "/sys/fs/cgroup/a_b-c.d:e+f@g,h");
	KUNIT_EXPECT_STREQ(test, hg_audit_finish(&l),
			   "audit seq=7 event=load version=0.1.0 uid=0 delta=-3 path=/sys/fs/cgroup/a_b-c.d:e+f@g,h");
}

static void audit_test_quotes_and_escapes(struct kunit *test)
{
	struct hg_audit_line l;

	hg_audit_begin(&l, 1, "x");
	hg_audit_str(&l, "comm", "a b\"c\\d\n\xff");
	KUNIT_EXPECT_STREQ(test, hg_audit_finish(&l),
			   "audit seq=1 event=x comm=\"a b\\\"c\\\\d\\x0a\\xff\"");
}

static void audit_test_value_cannot_forge_field(struct kunit *test)
{
	struct hg_audit_line l;

	hg_audit_begin(&l, 1, "x");
	hg_audit_str(&l, "comm", "x event=unload");
	KUNIT_EXPECT_STREQ(test, hg_audit_finish(&l),
			   "audit seq=1 event=x comm=\"x event=unload\"");

	hg_audit_begin(&l, 2, "x");
	hg_audit_str(&l, "comm", "a=b");
	KUNIT_EXPECT_STREQ(test, hg_audit_finish(&l),
			   "audit seq=2 event=x comm=\"a=b\"");
}

static void audit_test_empty_and_null(struct kunit *test)
{
	struct hg_audit_line l;

	hg_audit_begin(&l, 1, "x");
	hg_audit_str(&l, "a", "");
	hg_audit_str(&l, "b", NULL);
	KUNIT_EXPECT_STREQ(test, hg_audit_finish(&l),
			   "audit seq=1 event=x a=\"\" b=\"\"");
}

static void audit_test_extreme_numbers(struct kunit *test)
{
	struct hg_audit_line l;

	hg_audit_begin(&l, U64_MAX, "x");
	hg_audit_u64(&l, "u", U64_MAX);
	hg_audit_s64(&l, "s", S64_MIN);
	KUNIT_EXPECT_STREQ(test, hg_audit_finish(&l),
			   "audit seq=18446744073709551615 event=x u=18446744073709551615 s=-9223372036854775808");
}

static void audit_test_overflow_drops_whole_field(struct kunit *test)
{
	struct hg_audit_line *l;
	char *big;
	const char *out;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	big = kunit_kzalloc(test, HG_AUDIT_LINE_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, l);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, big);
	memset(big, 'q', HG_AUDIT_LINE_MAX - 1);

	hg_audit_begin(l, 1, "x");
	hg_audit_u64(l, "before", 1);
	hg_audit_str(l, "big", big);
	hg_audit_u64(l, "after", 2);
	out = hg_audit_finish(l);
	KUNIT_EXPECT_STREQ(test, out,
			   "audit seq=1 event=x before=1 after=2 truncated=1");
}

static void audit_test_overflow_quoted_never_splits(struct kunit *test)
{
	struct hg_audit_line *l;
	char *big;
	const char *out;
	size_t len;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	big = kunit_kzalloc(test, 200, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, l);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, big);
	/* Each byte becomes \xHH: 4 bytes, so 199 bytes cannot fit. */
	memset(big, 0x01, 199);

	hg_audit_begin(l, 1, "x");
	hg_audit_str(l, "a", big);
	hg_audit_str(l, "b", "ok");
	out = hg_audit_finish(l);
	len = strlen(out);
	KUNIT_EXPECT_LT(test, len, (size_t)HG_AUDIT_LINE_MAX);
	KUNIT_EXPECT_STREQ(test, out, "audit seq=1 event=x b=ok truncated=1");
}

static void audit_test_fits_exactly(struct kunit *test)
{
	struct hg_audit_line *l;
	char *val;
	size_t room;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	val = kunit_kzalloc(test, HG_AUDIT_LINE_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, l);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, val);

	hg_audit_begin(l, 1, "x");
	/* seq_buf keeps one byte for the NUL: fill all the rest. */
	room = HG_AUDIT_LINE_MAX - HG_AUDIT_TAIL - 1 - strlen(l->buf) -
	       strlen(" v=");
	memset(val, 'v', room);
	hg_audit_str(l, "v", val);
	KUNIT_EXPECT_FALSE(test, l->truncated);
	KUNIT_EXPECT_EQ(test, strlen(hg_audit_finish(l)),
			(size_t)HG_AUDIT_LINE_MAX - HG_AUDIT_TAIL - 1);

	hg_audit_begin(l, 1, "x");
	val[room] = 'v';
	hg_audit_str(l, "v", val);
	KUNIT_EXPECT_TRUE(test, l->truncated);
}

static void audit_test_rate_limit_buckets(struct kunit *test)
{
	struct hg_audit_line l;
	u64 lines0 = hg_audit_lines();
	u64 held0 = hg_audit_suppressed();
	int i;

	/*
	 * Each bucket allows 20 lines in 5 s: the test runs well within it.
	 * Flood the detection bucket: 20 lines go out, 5 are held.
	 */
	for (i = 0; i < 25; i++) {
		hg_audit_begin(&l, i, "ratelimit_test_detection");
		hg_audit_emit(&l, HG_AUDIT_DETECTION);
	}
	KUNIT_EXPECT_EQ(test, hg_audit_lines() - lines0, 20ULL);
	KUNIT_EXPECT_EQ(test, hg_audit_suppressed() - held0, 5ULL);

	/*
	 * Control lines still go out, all 20 the control bucket allows; the
	 * first after the detection bucket's summary.
	 */
	hg_audit_begin(&l, 100, "ratelimit_test_control");
	hg_audit_emit(&l, HG_AUDIT_CONTROL);
	KUNIT_EXPECT_EQ(test, hg_audit_lines() - lines0, 22ULL);
	for (i = 1; i < 20; i++) {
		hg_audit_begin(&l, 100 + i, "ratelimit_test_control");
		hg_audit_emit(&l, HG_AUDIT_CONTROL);
	}
	KUNIT_EXPECT_EQ(test, hg_audit_lines() - lines0, 41ULL);
	KUNIT_EXPECT_EQ(test, hg_audit_suppressed() - held0, 5ULL);

	/* The control bucket has a limit of its own. */
	for (i = 0; i < 3; i++) {
		hg_audit_begin(&l, 200 + i, "ratelimit_test_control");
		hg_audit_emit(&l, HG_AUDIT_CONTROL);
	}
	KUNIT_EXPECT_EQ(test, hg_audit_lines() - lines0, 41ULL);
	KUNIT_EXPECT_EQ(test, hg_audit_suppressed() - held0, 8ULL);

	/* The detection bucket, summarised, is still used up. */
	hg_audit_begin(&l, 300, "ratelimit_test_detection");
	hg_audit_emit(&l, HG_AUDIT_DETECTION);
	KUNIT_EXPECT_EQ(test, hg_audit_lines() - lines0, 41ULL);
	KUNIT_EXPECT_EQ(test, hg_audit_suppressed() - held0, 9ULL);

	/*
	 * An unlimited line goes out after one summary per bucket (control:
	 * 3 held, detection: 1 more), and the next one after none.
	 */
	hg_audit_begin(&l, 400, "ratelimit_test_end");
	hg_audit_emit(&l, HG_AUDIT_ALWAYS);
	KUNIT_EXPECT_EQ(test, hg_audit_lines() - lines0, 44ULL);
	hg_audit_begin(&l, 401, "ratelimit_test_end");
	hg_audit_emit(&l, HG_AUDIT_ALWAYS);
	KUNIT_EXPECT_EQ(test, hg_audit_lines() - lines0, 45ULL);
	KUNIT_EXPECT_EQ(test, hg_audit_suppressed() - held0, 9ULL);
}

static int audit_test_suite_init(struct kunit_suite *suite)
{
	return hg_audit_init();
}

static void audit_test_suite_exit(struct kunit_suite *suite)
{
	hg_audit_exit();
}

static struct kunit_case audit_test_cases[] = {
	KUNIT_CASE(audit_test_bare_fields),
	KUNIT_CASE(audit_test_quotes_and_escapes),
	KUNIT_CASE(audit_test_value_cannot_forge_field),
	KUNIT_CASE(audit_test_empty_and_null),
	KUNIT_CASE(audit_test_extreme_numbers),
	KUNIT_CASE(audit_test_overflow_drops_whole_field),
	KUNIT_CASE(audit_test_overflow_quoted_never_splits),
	KUNIT_CASE(audit_test_fits_exactly),
	KUNIT_CASE(audit_test_rate_limit_buckets),
	{}
};

static struct kunit_suite audit_test_suite = {
	.name = "hashguard_audit",
	.suite_init = audit_test_suite_init,
	.suite_exit = audit_test_suite_exit,
	.test_cases = audit_test_cases,
};

kunit_test_suite(audit_test_suite);
