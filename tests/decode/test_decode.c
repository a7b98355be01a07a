// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * cmocka suite for the x86-64 decoder and the instruction classifier.
 * Every input is copied into a heap buffer of exactly its length, so an
 * AddressSanitizer build catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "x86_cases.h"

/* Decode @n bytes of @bytes from an exact-size heap copy. */
static int decode_exact(const u8 *bytes, unsigned int n, struct hg_insn *insn)
{
	u8 *buf = malloc(n ? n : 1);
	int ret;

	assert_non_null(buf);
	memcpy(buf, bytes, n);
	memset(insn, 0xaa, sizeof(*insn));
	ret = hg_classify_insn(HG_ARCH_X86_64, buf, n, insn);
	free(buf);
	return ret;
}

static int setup(void **state)
{
	(void)state;
	return hg_classify_init();
}

static void test_cases(void **state)
{
	unsigned int i, failed = 0;

	(void)state;
	for (i = 0; i < sizeof(hg_x86_cases) / sizeof(hg_x86_cases[0]); i++) {
		const struct hg_x86_case *tc = &hg_x86_cases[i];
		struct hg_insn insn;
		int ret = decode_exact(tc->bytes, tc->nbytes, &insn);

		if (ret != tc->len || insn.cls != tc->cls ||
		    (ret > 0 && insn.len != ret) || insn.len < 1 ||
		    insn.len > tc->nbytes) {
			print_error("case %u \"%s\": got %d/%s (len %u), want %d/%s\n",
				    i, tc->name, ret, hg_class_name(insn.cls),
				    insn.len, tc->len, hg_class_name(tc->cls));
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

/*
 * Every proper prefix of a valid instruction is truncated, and trailing
 * bytes never change a valid instruction's length.
 */
static void test_prefixes_and_suffixes(void **state)
{
	unsigned int i, k, failed = 0;

	(void)state;
	for (i = 0; i < sizeof(hg_x86_cases) / sizeof(hg_x86_cases[0]); i++) {
		const struct hg_x86_case *tc = &hg_x86_cases[i];
		u8 longer[HG_X86_MAX_INSN_LEN + 8];
		struct hg_insn insn;
		int ret;

		if (tc->len <= 0)
			continue;
		for (k = 1; k < (unsigned int)tc->len; k++) {
			ret = decode_exact(tc->bytes, k, &insn);
			if (ret != HG_DECODE_TRUNCATED ||
			    insn.cls != HG_CLASS_TRUNCATED || insn.len > k) {
				print_error("\"%s\" cut to %u: got %d\n",
					    tc->name, k, ret);
				failed++;
			}
		}
		memset(longer, 0x90, sizeof(longer));
		memcpy(longer, tc->bytes, tc->len);
		ret = decode_exact(longer, sizeof(longer), &insn);
		if (ret != tc->len || insn.cls != tc->cls) {
			print_error("\"%s\" + nops: got %d\n", tc->name, ret);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

static void test_empty(void **state)
{
	struct hg_counts c;
	static const u8 nop = 0x90;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(hg_classify_window(&nop, 0, 16, &c), 0);
	assert_int_equal(c.insns, 0);
	assert_int_equal(hg_classify_window(&nop, 1, 0, &c), 0);
	assert_int_equal(c.insns, 0);
}

static void test_window(void **state)
{
	static const u8 code[] = {
		0x66, 0x0f, 0x38, 0xdc, 0xc1,	/* aesenc %xmm1,%xmm0 */
		0x66, 0x0f, 0x38, 0xdd, 0xc1,	/* aesenclast */
		0x01, 0xd8,			/* add %ebx,%eax */
		0xc1, 0xc0, 0x07,		/* rol $7,%eax */
		0x66, 0x0f, 0xfe, 0xc1,		/* paddd */
		0x0f, 0xae, 0x10,		/* ldmxcsr (%rax) */
		0xf2, 0x0f, 0x58, 0xc1,		/* addsd */
		0x90,				/* nop */
		0x66, 0x0f, 0x3a, 0x44, 0xc1, 0x00, /* pclmullqlqdq */
		0xe8, 0x00, 0x00,		/* call, cut short */
	};
	struct hg_counts c;
	u8 *buf = malloc(sizeof(code));
	unsigned int n, i, sum = 0;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, code, sizeof(code));
	memset(&c, 0, sizeof(c));
	n = hg_classify_window(buf, sizeof(code), 64, &c);
	assert_int_equal(n, 10);
	assert_int_equal(c.insns, 10);
	assert_int_equal(c.n[HG_CLASS_AES], 2);
	assert_int_equal(c.n[HG_CLASS_HASH_ALU], 2);
	assert_int_equal(c.n[HG_CLASS_HASH_SIMD], 1);
	assert_int_equal(c.n[HG_CLASS_ROUNDING], 1);
	assert_int_equal(c.n[HG_CLASS_FP], 1);
	assert_int_equal(c.n[HG_CLASS_OTHER], 1);
	assert_int_equal(c.n[HG_CLASS_CLMUL], 1);
	assert_int_equal(c.n[HG_CLASS_TRUNCATED], 1);
	for (i = 0; i < HG_CLASS_MAX; i++)
		sum += c.n[i];
	assert_int_equal(sum, n);

	/* max_insns stops early; counts accumulate */
	n = hg_classify_window(buf, sizeof(code), 3, &c);
	assert_int_equal(n, 3);
	assert_int_equal(c.insns, 13);
	assert_int_equal(c.n[HG_CLASS_AES], 4);

	/* an invalid instruction ends the window */
	memset(&c, 0, sizeof(c));
	buf[10] = 0x06;
	n = hg_classify_window(buf, sizeof(code), 64, &c);
	assert_int_equal(n, 3);
	assert_int_equal(c.n[HG_CLASS_INVALID], 1);
	free(buf);
}

static void test_class_names(void **state)
{
	static const char *const names[HG_CLASS_MAX] = {
		"aes", "sha", "clmul", "gfni", "hash_alu", "hash_simd",
		"rounding", "fp", "other", "invalid", "truncated",
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < HG_CLASS_MAX; i++)
		assert_string_equal(hg_class_name(i), names[i]);
	assert_string_equal(hg_class_name(HG_CLASS_MAX), "unknown");
	assert_string_equal(hg_class_name((enum hg_class)-1), "unknown");
}

/* A second init gives the same tables (idempotent). */
static void test_reinit(void **state)
{
	static const u8 aes[] = { 0x66, 0x0f, 0x38, 0xdc, 0xc1 };
	struct hg_insn insn;

	(void)state;
	assert_int_equal(hg_classify_init(), 0);
	assert_int_equal(decode_exact(aes, sizeof(aes), &insn), 5);
	assert_int_equal(insn.cls, HG_CLASS_AES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_prefixes_and_suffixes),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_class_names),
		cmocka_unit_test(test_reinit),
	};

	return cmocka_run_group_tests_name("decode", tests, setup, NULL);
}
