// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the x86-64 length decoder and instruction classifier
 * (kmod/classify/).  The vectors are the ones the userspace cmocka suite
 * uses (tests/decode/x86_cases.h).  Every input is copied into a kmalloc()
 * buffer of exactly its length, so KASAN reports any read past the end.
 */

#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "classify/classify.h"
#include "../decode/x86_cases.h"

/* Decode @n bytes of @bytes from an exact-size heap copy. */
static int decode_exact(struct kunit *test, const u8 *bytes, unsigned int n,
			struct hg_insn *insn)
{
	u8 *buf = kunit_kmalloc(test, n, GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memcpy(buf, bytes, n);
	memset(insn, 0xaa, sizeof(*insn));
	ret = hg_classify_insn(HG_ARCH_X86_64, buf, n, insn);
	kunit_kfree(test, buf);
	return ret;
}

static void hg_case_desc(const struct hg_x86_case *tc, char *desc)
{
	strscpy(desc, tc->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hg_x86, hg_x86_cases, hg_case_desc);

/* Each vector: length or error code, class, and insn->len. */
static void decode_test_case(struct kunit *test)
{
	const struct hg_x86_case *tc = test->param_value;
	struct hg_insn insn;
	int ret = decode_exact(test, tc->bytes, tc->nbytes, &insn);

	KUNIT_EXPECT_EQ_MSG(test, ret, tc->len, "%s", tc->name);
	KUNIT_EXPECT_EQ_MSG(test, insn.cls, tc->cls, "%s: class %s", tc->name,
			    hg_class_name(insn.cls));
	KUNIT_EXPECT_GE(test, insn.len, 1);
	KUNIT_EXPECT_LE(test, insn.len, tc->nbytes);
	if (ret > 0)
		KUNIT_EXPECT_EQ(test, insn.len, ret);
}

/* Every proper prefix of a valid vector is truncated. */
static void decode_test_case_prefixes(struct kunit *test)
{
	const struct hg_x86_case *tc = test->param_value;
	struct hg_insn insn;
	unsigned int k;

	for (k = 1; tc->len > 0 && k < tc->len; k++) {
		KUNIT_EXPECT_EQ_MSG(test, decode_exact(test, tc->bytes, k, &insn),
				    HG_DECODE_TRUNCATED, "%s cut to %u",
				    tc->name, k);
		KUNIT_EXPECT_EQ(test, insn.cls, HG_CLASS_TRUNCATED);
		KUNIT_EXPECT_LE(test, insn.len, k);
	}
}

/* A 15-byte instruction: truncated at every length, valid at 15. */
static void decode_test_longest(struct kunit *test)
{
	/* lock cs ds es ss addq $0x1,0x12345678(%r8d,%r9d,8) */
	static const u8 longest[] = {
		0xf0, 0x2e, 0x3e, 0x26, 0x36, 0x67, 0x4b, 0x83,
		0x84, 0xc8, 0x78, 0x56, 0x34, 0x12, 0x01,
	};
	static const u8 evex[] = {	/* vpternlogd $0x96,0x40(%rax,%rbx,4),%zmm29,%zmm29 */
		0x62, 0x63, 0x15, 0x40, 0x25, 0x6c, 0x98, 0x01, 0x96,
	};
	struct hg_insn insn;
	unsigned int k;

	for (k = 1; k < sizeof(longest); k++)
		KUNIT_EXPECT_EQ(test, decode_exact(test, longest, k, &insn),
				HG_DECODE_TRUNCATED);
	KUNIT_EXPECT_EQ(test, decode_exact(test, longest, sizeof(longest), &insn),
			(int)sizeof(longest));
	for (k = 1; k < sizeof(evex); k++)
		KUNIT_EXPECT_EQ(test, decode_exact(test, evex, k, &insn),
				HG_DECODE_TRUNCATED);
	KUNIT_EXPECT_EQ(test, decode_exact(test, evex, sizeof(evex), &insn),
			(int)sizeof(evex));
	KUNIT_EXPECT_EQ(test, insn.cls, HG_CLASS_HASH_SIMD);
}

/* Window counts, max_insns, accumulation and stopping at invalid. */
static void decode_test_window(struct kunit *test)
{
	static const u8 code[] = {
		0x66, 0x0f, 0x38, 0xdc, 0xc1,	/* aesenc %xmm1,%xmm0 */
		0x0f, 0x38, 0xcb, 0xca,		/* sha256rnds2 */
		0x48, 0x01, 0xd8,		/* add %rbx,%rax */
		0xc4, 0xe3, 0x7b, 0xf0, 0xc1, 0x07, /* rorx $7,%ecx,%eax */
		0x66, 0x0f, 0xef, 0xc1,		/* pxor %xmm1,%xmm0 */
		0x66, 0x0f, 0xef, 0xc0,		/* pxor %xmm0,%xmm0: idiom */
		0xd9, 0x28,			/* fldcw (%rax) */
		0xde, 0xc1,			/* faddp */
		0x06,				/* invalid */
		0x90,
	};
	u8 *buf = kunit_kmalloc(test, sizeof(code), GFP_KERNEL);
	struct hg_counts c = { };
	unsigned int i, sum = 0;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memcpy(buf, code, sizeof(code));
	KUNIT_EXPECT_EQ(test, hg_classify_window(buf, sizeof(code), 64, &c), 9);
	KUNIT_EXPECT_EQ(test, c.insns, 9);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_AES], 1);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_SHA], 1);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_HASH_ALU], 1);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_ROTATE], 1);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_MUL], 0);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_HASH_SIMD], 1);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_OTHER], 1);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_ROUNDING], 1);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_FP], 1);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_INVALID], 1);
	for (i = 0; i < HG_CLASS_MAX; i++)
		sum += c.n[i];
	KUNIT_EXPECT_EQ(test, sum, 9);

	KUNIT_EXPECT_EQ(test, hg_classify_window(buf, sizeof(code), 2, &c), 2);
	KUNIT_EXPECT_EQ(test, c.insns, 11);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_AES], 2);

	/* cut inside rorx: 3 complete instructions, then truncated */
	memset(&c, 0, sizeof(c));
	KUNIT_EXPECT_EQ(test, hg_classify_window(buf, 14, 64, &c), 4);
	KUNIT_EXPECT_EQ(test, c.n[HG_CLASS_TRUNCATED], 1);
	KUNIT_EXPECT_EQ(test, hg_classify_window(buf, 0, 64, &c), 0);
	kunit_kfree(test, buf);
}

static void decode_test_class_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, hg_class_name(HG_CLASS_AES), "aes");
	KUNIT_EXPECT_STREQ(test, hg_class_name(HG_CLASS_HASH_SIMD), "hash_simd");
	KUNIT_EXPECT_STREQ(test, hg_class_name(HG_CLASS_ROTATE), "rotate");
	KUNIT_EXPECT_STREQ(test, hg_class_name(HG_CLASS_MUL), "mul");
	KUNIT_EXPECT_STREQ(test, hg_class_name(HG_CLASS_TRUNCATED), "truncated");
	KUNIT_EXPECT_STREQ(test, hg_class_name(HG_CLASS_MAX), "unknown");
}

static int decode_test_suite_init(struct kunit_suite *suite)
{
	return hg_classify_init() ? -ENOSPC : 0;
}

static struct kunit_case decode_test_cases[] = {
	KUNIT_CASE_PARAM(decode_test_case, hg_x86_gen_params),
	KUNIT_CASE_PARAM(decode_test_case_prefixes, hg_x86_gen_params),
	KUNIT_CASE(decode_test_longest),
	KUNIT_CASE(decode_test_window),
	KUNIT_CASE(decode_test_class_names),
	{}
};

static struct kunit_suite decode_test_suite = {
	.name = "hashguard_decode",
	.suite_init = decode_test_suite_init,
	.test_cases = decode_test_cases,
};

kunit_test_suite(decode_test_suite);
