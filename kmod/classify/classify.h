/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hashguard: architecture-neutral instruction classifier interface.
 *
 * A sampled window of user code is decoded instruction by instruction and
 * every instruction is put into one class of &enum hg_class.  The decoder
 * behind it is architecture specific (x86_decode.c today); everything in
 * this header is not, so that an arm64 decoder can be slotted in later by
 * adding a member to &enum hg_arch and to the union in &struct hg_insn.
 *
 * The code is shared, unchanged, between the kernel module and userspace
 * tools: it uses no libc, no floating point, no recursion and only small,
 * fixed-size stack frames.
 */
#ifndef HG_CLASSIFY_H
#define HG_CLASSIFY_H

#include "hg_types.h"
#include "x86_decode.h"

/**
 * enum hg_class - instruction classes counted by hashguard
 * @HG_CLASS_AES: AES rounds and key expansion (AES-NI, VAES, Key Locker)
 * @HG_CLASS_SHA: SHA-1/SHA-256/SHA-512 and SM3/SM4 acceleration
 * @HG_CLASS_CLMUL: carry-less multiplication (PCLMULQDQ, VPCLMULQDQ)
 * @HG_CLASS_GFNI: Galois-field instructions (GF2P8*)
 * @HG_CLASS_HASH_ALU: scalar add/xor/shift/not/andn, the ARX hash core
 *	(rotates are %HG_CLASS_ROTATE)
 * @HG_CLASS_HASH_SIMD: vector add/xor/shift/shuffle used by SIMD hash and
 *	stream-cipher rounds (rotates are %HG_CLASS_ROTATE)
 * @HG_CLASS_ROUNDING: writes of the FP rounding mode (LDMXCSR, FLDCW)
 * @HG_CLASS_FP: x87 and SSE/AVX floating-point arithmetic
 * @HG_CLASS_ROTATE: scalar and vector rotates (ROL, ROR, SHLD, SHRD, RORX,
 *	VPROL*, VPROR*, VPSHLD*, VPSHRD*, XOP VPROT*), which set the rounds
 *	of SHA-2, Blake2, Salsa20/ChaCha and Keccak apart from ordinary
 *	integer code
 * @HG_CLASS_MUL: integer multiplies, scalar (MUL, IMUL, MULX) and SIMD
 *	(PMULUDQ, PMULDQ, PMULLD, VPMULLQ, PMULLW, PMULHW, PMULHUW, PMADDWD,
 *	PMADDUBSW), as in Argon2's BlaMka, CryptoNight, RandomX and yespower
 * @HG_CLASS_OTHER: a valid instruction in none of the classes above
 * @HG_CLASS_INVALID: bytes that do not form a valid instruction
 * @HG_CLASS_TRUNCATED: an instruction cut off by the end of the window
 * @HG_CLASS_MAX: number of classes
 *
 * The values are part of no ABI; hg_class_name() gives the stable names.
 */
enum hg_class {
	HG_CLASS_AES,
	HG_CLASS_SHA,
	HG_CLASS_CLMUL,
	HG_CLASS_GFNI,
	HG_CLASS_HASH_ALU,
	HG_CLASS_HASH_SIMD,
	HG_CLASS_ROUNDING,
	HG_CLASS_FP,
	HG_CLASS_ROTATE,
	HG_CLASS_MUL,
	HG_CLASS_OTHER,
	HG_CLASS_INVALID,
	HG_CLASS_TRUNCATED,
	HG_CLASS_MAX
};

/**
 * enum hg_arch - instruction set of the code being classified
 * @HG_ARCH_X86_64: x86-64 in 64-bit mode
 */
enum hg_arch {
	HG_ARCH_X86_64,
};

/**
 * struct hg_insn - one decoded instruction
 * @len: length in bytes; for an invalid or truncated instruction the number
 *	of bytes examined before the decoder gave up (at least 1)
 * @cls: the instruction's class, an &enum hg_class value
 * @arch: architecture-specific decoder output
 * @arch.x86: x86-64 fields, see &struct hg_x86_insn
 */
struct hg_insn {
	u8 len;
	u8 cls;
	union {
		struct hg_x86_insn x86;
	} arch;
};

/**
 * struct hg_counts - per-class instruction counts of one or more windows
 * @n: number of instructions of each &enum hg_class
 * @insns: total number of instructions, the sum of @n
 *
 * Counters saturate instead of wrapping; a window holds at most 256 bytes
 * so a single hg_classify_window() call never gets near the limit.
 */
struct hg_counts {
	u16 n[HG_CLASS_MAX];
	u16 insns;
};

/**
 * hg_class_name() - stable lowercase name of an instruction class
 * @c: the class
 *
 * The names ("aes", "sha", "clmul", "gfni", "hash_alu", "hash_simd",
 * "rounding", "fp", "rotate", "mul", "other", "invalid", "truncated")
 * appear in netlink messages and JSON output and must never change.
 *
 * Return: the name, or "unknown" for an out-of-range value.
 */
const char *hg_class_name(enum hg_class c);

/**
 * hg_classify_init() - build the classifier's lookup tables
 *
 * Expands the human-readable rule tables into dense lookup tables.  Must be
 * called once, before any other hg_classify_*() function, from a context
 * where no classification runs concurrently (module init, or the start of
 * main() in userspace).  Calling it again is harmless.  Until it has run,
 * instructions are still decoded but every valid one is counted as
 * "other".
 *
 * The unit tests check that the internal tables are large enough.
 *
 * Return: 0 on success, -1 if the rules do not fit the tables.
 */
int hg_classify_init(void);

/**
 * hg_classify_insn() - decode and classify the instruction at @buf
 * @arch: instruction set of the code
 * @buf: the code bytes
 * @len: number of valid bytes at @buf; nothing beyond is ever read
 * @insn: filled with the decoded instruction, including @insn->cls
 *
 * Return: the instruction length (> 0), or a negative
 * HG_DECODE_TRUNCATED / HG_DECODE_INVALID code (then @insn->cls is
 * %HG_CLASS_TRUNCATED / %HG_CLASS_INVALID and @insn->len is at least 1).
 */
int hg_classify_insn(enum hg_arch arch, const u8 *buf, unsigned int len,
		     struct hg_insn *insn);

/**
 * hg_classify_window() - count instruction classes in a window of code
 * @buf: the window, starting at an instruction boundary
 * @len: number of valid bytes at @buf; nothing beyond is ever read
 * @max_insns: stop after this many instructions
 * @c: counts to add to (not cleared first, so windows can be accumulated)
 *
 * Decodes forward from @buf[0] as x86-64.  Decoding stops at the end of the
 * window, after @max_insns instructions, or after the first invalid or
 * truncated instruction, which is counted in its own class.
 *
 * Return: the number of instructions counted, including a final invalid
 * or truncated one.
 */
unsigned int hg_classify_window(const u8 *buf, unsigned int len,
				unsigned int max_insns, struct hg_counts *c);

/**
 * hg_classify_path() - hg_classify_window() along the path that runs next
 * @buf: the window, starting at an instruction boundary (a sampled IP)
 * @len: number of valid bytes at @buf; nothing beyond is ever read
 * @max_insns: stop after this many instructions
 * @c: counts to add to
 *
 * Like hg_classify_window(), but also stops after an instruction that
 * leaves the straight-line path (RET, JMP, a backward conditional jump),
 * so that a sample in a loop counts the loop and not the cold code that
 * follows it.
 *
 * Return: the number of instructions counted.
 */
unsigned int hg_classify_path(const u8 *buf, unsigned int len,
			      unsigned int max_insns, struct hg_counts *c);

/**
 * hg_classify_window_arch() - hg_classify_window() for a given ISA
 * @arch: instruction set of the code
 * @buf: the window, starting at an instruction boundary
 * @len: number of valid bytes at @buf
 * @max_insns: stop after this many instructions
 * @c: counts to add to
 *
 * Return: the number of instructions counted, see hg_classify_window().
 */
unsigned int hg_classify_window_arch(enum hg_arch arch, const u8 *buf,
				     unsigned int len, unsigned int max_insns,
				     struct hg_counts *c);

#endif /* HG_CLASSIFY_H */
