// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer harness for hg_x86_decode() / hg_classify_window().
 *
 * The input is copied to a heap buffer of exactly its size so that ASan
 * reports any read past the end.  Invariants checked (abort() on failure):
 *  - every result is a length 1..15 not beyond the input, or one of the
 *    two negative codes, with a matching class and 1 <= insn.len <= input;
 *  - a valid instruction keeps its length and class when more bytes
 *    follow (x86 encodings are prefix-free);
 *  - an instruction truncated at n bytes is neither truncated nor shorter
 *    than n when given 15 bytes;
 *  - hg_classify_window() agrees with an instruction-by-instruction walk,
 *    its counts sum to its return value, and it honours max_insns.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	CHECK(hg_classify_init() == 0);
	return 0;
}

static void check_insn(const u8 *buf, unsigned int len, const u8 *full,
		       unsigned int full_len)
{
	struct hg_insn insn, again;
	int ret = hg_classify_insn(HG_ARCH_X86_64, buf, len, &insn);

	CHECK(insn.len >= 1 && insn.len <= len);
	CHECK(insn.cls < HG_CLASS_MAX);
	if (ret > 0) {
		CHECK(ret <= HG_X86_MAX_INSN_LEN && (unsigned int)ret <= len);
		CHECK(insn.len == ret);
		CHECK(insn.cls != HG_CLASS_INVALID &&
		      insn.cls != HG_CLASS_TRUNCATED);
		/* more bytes after a complete instruction change nothing */
		if (full_len > len) {
			CHECK(hg_classify_insn(HG_ARCH_X86_64, full, full_len,
					       &again) == ret);
			CHECK(again.cls == insn.cls);
		}
	} else if (ret == HG_DECODE_TRUNCATED) {
		CHECK(insn.cls == HG_CLASS_TRUNCATED);
		CHECK(len < HG_X86_MAX_INSN_LEN);
		if (full_len > len) {
			ret = hg_classify_insn(HG_ARCH_X86_64, full, full_len,
					       &again);
			CHECK(ret == HG_DECODE_INVALID ||
			      ret == HG_DECODE_TRUNCATED || ret > (int)len);
			if (full_len >= HG_X86_MAX_INSN_LEN)
				CHECK(ret != HG_DECODE_TRUNCATED);
		}
	} else {
		CHECK(ret == HG_DECODE_INVALID);
		CHECK(insn.cls == HG_CLASS_INVALID);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int len = size > 4096 ? 4096 : size, off, n, i, sum;
	unsigned int max_insns;
	struct hg_counts c, walk;
	struct hg_insn insn;
	u8 *buf, *pad;

	if (!len)
		return 0;
	buf = malloc(len);
	pad = malloc(HG_X86_MAX_INSN_LEN);
	CHECK(buf && pad);
	memcpy(buf, data, len);

	/* each instruction start, cut at its own length and at 15 bytes */
	for (off = 0; off < len; off++) {
		unsigned int rest = len - off;
		unsigned int cut = rest < HG_X86_MAX_INSN_LEN ?
				   rest : HG_X86_MAX_INSN_LEN;
		u8 *exact = malloc(cut);

		CHECK(exact);
		memcpy(exact, buf + off, cut);
		memset(pad, 0x90, HG_X86_MAX_INSN_LEN);
		memcpy(pad, buf + off, cut);
		check_insn(exact, cut, pad, HG_X86_MAX_INSN_LEN);
		free(exact);
	}

	/* the window walk */
	max_insns = data[0] & 0x3f;
	memset(&c, 0, sizeof(c));
	n = hg_classify_window(buf, len, max_insns, &c);
	CHECK(n <= max_insns && n == c.insns);
	for (i = 0, sum = 0; i < HG_CLASS_MAX; i++)
		sum += c.n[i];
	CHECK(sum == n);

	memset(&walk, 0, sizeof(walk));
	for (off = 0, i = 0; off < len && i < max_insns; i++) {
		int ret = hg_classify_insn(HG_ARCH_X86_64, buf + off,
					   len - off, &insn);

		walk.n[insn.cls]++;
		walk.insns++;
		if (ret < 0) {
			i++;
			break;
		}
		off += ret;
	}
	CHECK(i == n && !memcmp(&walk, &c, sizeof(c)));

	free(pad);
	free(buf);
	return 0;
}
