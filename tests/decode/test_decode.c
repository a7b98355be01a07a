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
 * hg_classify_window()'s fast path agrees with hg_classify_insn() on every
 * case: alone in an exact-size window (the zero-padded copy), and, unless
 * truncated, at the start of a window longer than HG_FAST_COPY (the bulk
 * loop).
 */
static void test_cases_window(void **state)
{
	unsigned int i, pad, n, ret, failed = 0;
	struct hg_counts c;
	u8 *buf;

	(void)state;
	for (i = 0; i < sizeof(hg_x86_cases) / sizeof(hg_x86_cases[0]); i++) {
		const struct hg_x86_case *tc = &hg_x86_cases[i];

		for (pad = 0; pad <= 80; pad += 80) {
			/* padding would complete a truncated instruction */
			if (pad && tc->len == HG_DECODE_TRUNCATED)
				break;
			n = tc->nbytes + pad;
			buf = malloc(n);
			assert_non_null(buf);
			memset(buf, 0x90, n);
			memcpy(buf, tc->bytes, tc->nbytes);
			memset(&c, 0, sizeof(c));
			ret = hg_classify_window(buf, n, 1, &c);
			free(buf);
			if (ret != 1 || c.n[tc->cls] != 1) {
				print_error("case %u \"%s\" in a %u-byte window: counted %u, not as %s\n",
					    i, tc->name, n, ret,
					    hg_class_name(tc->cls));
				failed++;
			}
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
		0x48, 0xf7, 0xe3,		/* mul %rbx */
		0x48, 0x0f, 0xaf, 0xc3,		/* imul %rbx,%rax */
		0xc1, 0xe0, 0x07,		/* shl $7,%eax */
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
	assert_int_equal(n, 13);
	assert_int_equal(c.insns, 13);
	assert_int_equal(c.n[HG_CLASS_AES], 2);
	assert_int_equal(c.n[HG_CLASS_HASH_ALU], 2);
	assert_int_equal(c.n[HG_CLASS_ROTATE], 1);
	assert_int_equal(c.n[HG_CLASS_MUL], 2);
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
	assert_int_equal(c.insns, 16);
	assert_int_equal(c.n[HG_CLASS_AES], 4);

	/* an invalid instruction ends the window */
	memset(&c, 0, sizeof(c));
	buf[10] = 0x06;
	n = hg_classify_window(buf, sizeof(code), 64, &c);
	assert_int_equal(n, 3);
	assert_int_equal(c.n[HG_CLASS_INVALID], 1);
	free(buf);
}

/*
 * hg_classify_path(): a sample in a loop counts up to the back edge (or a
 * jump or return) and not the code after it; forward branches do not stop
 * it; hg_classify_window() ignores control flow.  Each end is tried at the
 * start of a long window (fast path) and of a short one (copied tail).
 */
static void test_path(void **state)
{
	static const struct {
		const char *name;
		u8 bytes[8];
		unsigned int len;
		int ends;
	} ends[] = {
		{ "jne back (rel8)", { 0x75, 0xf0 }, 2, 1 },
		{ "jne ahead (rel8)", { 0x75, 0x10 }, 2, 0 },
		{ "jne back (rel32)", { 0x0f, 0x85, 0x00, 0xff, 0xff, 0xff }, 6, 1 },
		{ "jne ahead (rel32)", { 0x0f, 0x85, 0x00, 0x01, 0x00, 0x00 }, 6, 0 },
		{ "jmp rel8", { 0xeb, 0x10 }, 2, 1 },
		{ "jmp rel32", { 0xe9, 0x00, 0x01, 0x00, 0x00 }, 5, 1 },
		{ "ret", { 0xc3 }, 1, 1 },
		{ "bnd jmp *%rax", { 0xf2, 0xff, 0xe0 }, 3, 1 },
		{ "notrack jmp *%r8", { 0x3e, 0x41, 0xff, 0xe0 }, 4, 1 },
		{ "call *%rax", { 0xff, 0xd0 }, 2, 0 },
		{ "inc %eax", { 0xff, 0xc0 }, 2, 0 },
	};
	/* aesenc %xmm1,%xmm0 */
	static const u8 aes[] = { 0x66, 0x0f, 0x38, 0xdc, 0xc1 };
	unsigned int i, size;
	u8 buf[256];

	(void)state;
	for (size = 64; size <= sizeof(buf); size += sizeof(buf) - 64) {
		for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
			struct hg_counts cp, cw;
			unsigned int np, nw;

			memset(buf, 0x90, size);	/* nop */
			memcpy(buf, aes, sizeof(aes));
			memcpy(buf + sizeof(aes), ends[i].bytes, ends[i].len);
			memset(&cp, 0, sizeof(cp));
			memset(&cw, 0, sizeof(cw));
			np = hg_classify_path(buf, size, 64, &cp);
			nw = hg_classify_window(buf, size, 64, &cw);
			if (ends[i].ends) {
				assert_int_equal(np, 2);
			} else if (np <= 2 || np != nw) {
				print_error("%s (%u bytes): path %u, window %u\n",
					    ends[i].name, size, np, nw);
				fail();
			}
			assert_true(nw > 2);
			assert_int_equal(cp.n[HG_CLASS_AES], 1);
			assert_int_equal(cp.insns, np);
		}
	}
}

static void test_class_names(void **state)
{
	static const char *const names[HG_CLASS_MAX] = {
		"aes", "sha", "clmul", "gfni", "hash_alu", "hash_simd",
		"rounding", "fp", "rotate", "mul", "other", "invalid",
		"truncated",
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
		cmocka_unit_test(test_cases_window),
		cmocka_unit_test(test_prefixes_and_suffixes),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_class_names),
		cmocka_unit_test(test_reinit),
	};

	return cmocka_run_group_tests_name("decode", tests, setup, NULL);
}
