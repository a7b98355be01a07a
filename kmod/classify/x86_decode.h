/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hashguard: x86-64 instruction length decoder.
 *
 * Only what is needed to find instruction boundaries and to classify an
 * instruction is decoded: prefixes, the opcode space and opcode, ModRM and
 * the register-extension bits.  Operands beyond that are skipped by size.
 */
#ifndef HG_X86_DECODE_H
#define HG_X86_DECODE_H

#include "hg_types.h"

struct hg_insn;

/* Longest legal x86 instruction, prefixes included. */
#define HG_X86_MAX_INSN_LEN	15

/* Negative results of hg_x86_decode(). */
#define HG_DECODE_TRUNCATED	(-1)	/* ran out of bytes */
#define HG_DECODE_INVALID	(-2)	/* not a valid 64-bit-mode instruction */

/**
 * enum hg_x86_space - opcode space an instruction's opcode byte belongs to
 * @HG_X86_LEGACY: one-byte opcodes
 * @HG_X86_0F: legacy two-byte opcodes, 0F xx
 * @HG_X86_0F38: legacy three-byte opcodes, 0F 38 xx
 * @HG_X86_0F3A: legacy three-byte opcodes, 0F 3A xx (all take an imm8)
 * @HG_X86_3DNOW: AMD 3DNow!, 0F 0F ModRM [SIB] [disp] opcode-suffix
 * @HG_X86_VEX_0F: VEX map 1
 * @HG_X86_VEX_0F38: VEX map 2
 * @HG_X86_VEX_0F3A: VEX map 3
 * @HG_X86_EVEX_0F: EVEX map 1
 * @HG_X86_EVEX_0F38: EVEX map 2
 * @HG_X86_EVEX_0F3A: EVEX map 3
 * @HG_X86_EVEX_MAP5: EVEX map 5 (AVX512-FP16)
 * @HG_X86_EVEX_MAP6: EVEX map 6 (AVX512-FP16)
 * @HG_X86_XOP8: AMD XOP map 8 (imm8)
 * @HG_X86_XOP9: AMD XOP map 9
 * @HG_X86_XOPA: AMD XOP map 10 (imm32)
 * @HG_X86_NR_SPACES: number of opcode spaces
 */
enum hg_x86_space {
	HG_X86_LEGACY,
	HG_X86_0F,
	HG_X86_0F38,
	HG_X86_0F3A,
	HG_X86_3DNOW,
	HG_X86_VEX_0F,
	HG_X86_VEX_0F38,
	HG_X86_VEX_0F3A,
	HG_X86_EVEX_0F,
	HG_X86_EVEX_0F38,
	HG_X86_EVEX_0F3A,
	HG_X86_EVEX_MAP5,
	HG_X86_EVEX_MAP6,
	HG_X86_XOP8,
	HG_X86_XOP9,
	HG_X86_XOPA,
	HG_X86_NR_SPACES
};

/*
 * Mandatory/SIMD prefix, numbered like VEX.pp.  For legacy encodings the
 * last F2/F3 prefix wins, else 66 if present.
 */
#define HG_X86_PFX_NONE		0
#define HG_X86_PFX_66		1
#define HG_X86_PFX_F3		2
#define HG_X86_PFX_F2		3

/* hg_x86_insn.flags */
#define HG_X86_F_MODRM		0x01	/* has a ModRM byte */
#define HG_X86_F_W		0x02	/* REX.W / VEX.W / EVEX.W set */
#define HG_X86_F_VEX		0x04	/* VEX, EVEX or XOP encoded */
#define HG_X86_F_EVEX		0x08	/* EVEX encoded */

/**
 * struct hg_x86_insn - x86-64 decoder output
 * @space: opcode space, an &enum hg_x86_space value
 * @opcode: opcode byte within @space (for 3DNow! the suffix byte)
 * @pfx: mandatory prefix, HG_X86_PFX_*
 * @flags: HG_X86_F_* flags
 * @modrm: the ModRM byte, if @flags has HG_X86_F_MODRM
 * @rxb: register-number extension bits: bit 3 extends ModRM.reg (REX.R),
 *	bit 4 extends it again (EVEX.R'), bit 0 extends ModRM.rm (REX.B),
 *	bit 1 extends it again (EVEX.X, register operands only)
 * @vvvv: the extra VEX/EVEX/XOP source register (0-31), 0 otherwise
 */
struct hg_x86_insn {
	u8 space;
	u8 opcode;
	u8 pfx;
	u8 flags;
	u8 modrm;
	u8 rxb;
	u8 vvvv;
};

/**
 * hg_x86_modrm_reg() - full register number in ModRM.reg
 * @x: decoded instruction with a ModRM byte
 *
 * Return: ModRM.reg extended by REX.R and EVEX.R' (0-31).
 */
static inline unsigned int hg_x86_modrm_reg(const struct hg_x86_insn *x)
{
	return ((x->modrm >> 3) & 7) | (x->rxb & 0x18);
}

/**
 * hg_x86_modrm_rm() - full register number in ModRM.rm
 * @x: decoded instruction with a register (mod == 3) ModRM operand
 *
 * Return: ModRM.rm extended by REX.B and EVEX.X (0-31).
 */
static inline unsigned int hg_x86_modrm_rm(const struct hg_x86_insn *x)
{
	return (x->modrm & 7) | ((x->rxb & 3) << 3);
}

/**
 * hg_x86_modrm_len() - length of a ModRM byte with its SIB and displacement
 * @p: the ModRM byte
 * @rem: bytes available at @p (> 0)
 *
 * 64-bit addressing: mod 1 adds disp8, mod 2 disp32, mod 0 with rm 5 is
 * RIP-relative disp32, rm 4 adds a SIB byte whose base 5 with mod 0 means
 * disp32 without a base.  The 67 prefix changes none of these sizes.
 *
 * Return: 1-6 (the displacement bytes need not be within @rem), or 0 when
 * the SIB byte is at or past @rem.
 */
static inline unsigned int hg_x86_modrm_len(const u8 *p, unsigned int rem)
{
	unsigned int modrm = p[0], mod = modrm >> 6, n = 1;

	if (mod == 3)
		return 1;
	if ((modrm & 7) == 4) {
		if (rem < 2)
			return 0;
		n = 2;
		/* SIB with base 5 and mod 0: disp32, no base */
		if (mod == 0 && (p[1] & 7) == 5)
			n += 4;
	}
	if (mod == 1)
		n += 1;
	else if (mod == 2 || (mod == 0 && (modrm & 7) == 5))
		n += 4;		/* disp32 or RIP-relative */
	return n;
}

/*
 * Fast-path descriptors, hg_x86_fast_desc(): how hg_classify_window()
 * sizes an opcode without the general decoder.
 */
#define HG_X86_FAST_IMM_MASK	0x000f	/* immediate bytes without prefixes */
#define HG_X86_FAST_MODRM	0x0010	/* a ModRM byte follows the opcode */
#define HG_X86_FAST_IZ		0x0020	/* 66 without REX.W: imm16, not imm32 */
#define HG_X86_FAST_IV		0x0040	/* as IZ, and REX.W makes it imm64 */
#define HG_X86_FAST_SLOW	0x0080	/* needs hg_x86_decode() */
#define HG_X86_FAST_GRP3	0x0100	/* F6/F7: immediate only for /0 /1 */
#define HG_X86_FAST_PFX		0x0200	/* legacy prefix (one-byte map) */
#define HG_X86_FAST_REX		0x0400	/* REX prefix (one-byte map) */
#define HG_X86_FAST_ESC		0x0800	/* 0F, 0F 38, 0F 3A, C4 or C5 */

/**
 * hg_x86_fast_desc() - fast-path descriptor of an opcode
 * @space: HG_X86_LEGACY, HG_X86_0F, HG_X86_0F38, HG_X86_0F3A,
 *	HG_X86_VEX_0F, HG_X86_VEX_0F38 or HG_X86_VEX_0F3A
 * @op: the opcode byte
 *
 * Built from the same tables hg_x86_decode() uses.  The immediate length
 * is the one without 66 and REX.W prefixes; HG_X86_FAST_IZ/IV say how
 * they change it.
 *
 * Return: HG_X86_FAST_* flags and immediate length, or HG_X86_FAST_SLOW
 * for invalid and irregular opcodes and for other spaces.
 */
u16 hg_x86_fast_desc(unsigned int space, unsigned int op);

/**
 * hg_x86_decode() - decode the length of one x86-64 instruction
 * @buf: code bytes
 * @len: number of valid bytes at @buf; no byte at or beyond @len is read
 * @insn: receives @insn->len and @insn->arch.x86; @insn->cls is set to
 *	%HG_CLASS_OTHER on success (hg_classify_insn() refines it) and to
 *	%HG_CLASS_INVALID / %HG_CLASS_TRUNCATED on failure
 *
 * Decodes as a 64-bit-mode instruction.  Near branches (E8, E9, 0F 8x) with
 * a 66 prefix are decoded the way Intel CPUs execute them, with a 32-bit
 * displacement (AMD CPUs use 16 bits; objdump's default follows AMD, its
 * "-M intel64" follows Intel).  Legacy, REX or LOCK prefixes in front of a
 * VEX/EVEX/XOP prefix make the instruction invalid (#UD on hardware).
 *
 * Return: the length (1-15), HG_DECODE_TRUNCATED when @len ended before the
 * instruction did, or HG_DECODE_INVALID for an undefined encoding or one
 * longer than 15 bytes.
 */
int hg_x86_decode(const u8 *buf, unsigned int len, struct hg_insn *insn);

#endif /* HG_X86_DECODE_H */
