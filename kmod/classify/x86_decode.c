// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hashguard: table-driven x86-64 instruction length decoder.
 *
 * Each opcode byte of the one-byte and 0F maps has an attribute byte that
 * says whether a ModRM byte follows, what immediate follows, and whether
 * the byte is a prefix, an escape to another map, or invalid in 64-bit
 * mode.  The VEX/EVEX/XOP maps are regular enough to be described by a few
 * rules in hg_x86_vex_attr().  The decoder never reads at or past the end
 * of the buffer and gives up after HG_X86_MAX_INSN_LEN bytes.
 *
 * Limitation: opcodes of the 0F 38 / 0F 3A and VEX/EVEX/XOP maps are sized
 * by their map's generic format (ModRM, plus imm8 where the map has one)
 * and are not checked against the list of defined instructions, so an
 * undefined opcode there is sized, not reported invalid.  Lengths are what
 * matter for finding the following instructions; undefined opcodes fall in
 * class "other".
 */

#include "classify.h"
#include "x86_decode.h"

/* Immediate kinds, bits 0-2 of an attribute byte. */
#define I0	0x00	/* none */
#define IB	0x01	/* 1 byte */
#define IW	0x02	/* 2 bytes */
#define IZ	0x03	/* 2 bytes with a 66 prefix (and no REX.W), else 4 */
#define IV	0x04	/* MOV r, imm: 8 with REX.W, 2 with 66, else 4 */
#define MO	0x05	/* moffs: 8 bytes, 4 with a 67 prefix */
#define D4	0x06	/* 4 bytes, always (rel32, XOP imm32) */
#define SP	0x07	/* irregular, see hg_x86_special() */
#define IMM_MASK 0x07

#define M	0x08	/* ModRM follows */
#define X	0x10	/* invalid in 64-bit mode */
#define P	0x20	/* legacy prefix */
#define R	0x40	/* REX prefix */
#define E	0x80	/* escape or multi-purpose byte, see hg_x86_decode() */

/* ModRM followed by an immediate */
#define MB	(M | IB)
#define MZ	(M | IZ)

/* One-byte opcode map in 64-bit mode. */
static const u8 hg_x86_map0[256] = {
	/* 00 */ M,  M,  M,  M,  IB, IZ, X,  X,  M,  M,  M,  M,  IB, IZ, X,  E,
	/* 10 */ M,  M,  M,  M,  IB, IZ, X,  X,  M,  M,  M,  M,  IB, IZ, X,  X,
	/* 20 */ M,  M,  M,  M,  IB, IZ, P,  X,  M,  M,  M,  M,  IB, IZ, P,  X,
	/* 30 */ M,  M,  M,  M,  IB, IZ, P,  X,  M,  M,  M,  M,  IB, IZ, P,  X,
	/* 40 */ R,  R,  R,  R,  R,  R,  R,  R,  R,  R,  R,  R,  R,  R,  R,  R,
	/* 50 */ I0, I0, I0, I0, I0, I0, I0, I0, I0, I0, I0, I0, I0, I0, I0, I0,
	/* 60 */ X,  X,  E,  M,  P,  P,  P,  P,  IZ, MZ, IB, MB, I0, I0, I0, I0,
	/* 70 */ IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB,
	/* 80 */ MB, MZ, X,  MB, M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  E,
	/* 90 */ I0, I0, I0, I0, I0, I0, I0, I0, I0, I0, X,  I0, I0, I0, I0, I0,
	/* a0 */ MO, MO, MO, MO, I0, I0, I0, I0, IB, IZ, I0, I0, I0, I0, I0, I0,
	/* b0 */ IB, IB, IB, IB, IB, IB, IB, IB, IV, IV, IV, IV, IV, IV, IV, IV,
	/* c0 */ MB, MB, IW, I0, E,  E,  MB, MZ, SP, I0, IW, I0, I0, IB, X,  I0,
	/* d0 */ M,  M,  M,  M,  X,  X,  X,  I0, M,  M,  M,  M,  M,  M,  M,  M,
	/* e0 */ IB, IB, IB, IB, IB, IB, IB, IB, D4, D4, X,  IB, I0, I0, I0, I0,
	/* f0 */ P,  I0, P,  P,  I0, I0, M | SP, M | SP,
		 I0, I0, I0, I0, I0, I0, M,  M,
};

/* Two-byte opcode map, 0F xx. */
static const u8 hg_x86_map1[256] = {
	/* 00 */ M,  M,  M,  M,  X,  I0, I0, I0, I0, I0, X,  I0, X,  M,  I0, E,
	/* 10 */ M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
	/* 20 */ SP, SP, SP, SP, X,  X,  X,  X,  M,  M,  M,  M,  M,  M,  M,  M,
	/* 30 */ I0, I0, I0, I0, I0, I0, X,  I0, E,  X,  E,  X,  X,  X,  X,  X,
	/* 40 */ M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
	/* 50 */ M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
	/* 60 */ M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
	/* 70 */ MB, MB, MB, MB, M,  M,  M,  I0, M | SP, M, X, X, M,  M,  M,  M,
	/* 80 */ D4, D4, D4, D4, D4, D4, D4, D4, D4, D4, D4, D4, D4, D4, D4, D4,
	/* 90 */ M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
	/* a0 */ I0, I0, I0, M,  MB, M,  X,  X,  I0, I0, I0, M,  MB, M,  M,  M,
	/* b0 */ M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  MB, M,  M,  M,  M,  M,
	/* c0 */ M,  M,  MB, M,  MB, MB, MB, M,  I0, I0, I0, I0, I0, I0, I0, I0,
	/* d0 */ M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
	/* e0 */ M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
	/* f0 */ M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
};

/**
 * hg_x86_vex_attr() - attribute byte of a VEX/EVEX/XOP opcode
 * @space: the opcode space
 * @op: the opcode byte
 *
 * All VEX/EVEX/XOP instructions have a ModRM byte except VZEROUPPER and
 * VZEROALL (VEX 0F 77).  Immediates: every map 3 and XOP map 8 opcode has
 * an imm8, XOP map 10 an imm32, and map 1 has imm8 only on the shift-by-
 * immediate groups and shuffles 70-73 and on C2, C4-C6.
 *
 * Return: the attribute byte, as in hg_x86_map0.
 */
static u8 hg_x86_vex_attr(unsigned int space, unsigned int op)
{
	switch (space) {
	case HG_X86_VEX_0F:
		if (op == 0x77)
			return I0;
		fallthrough;
	case HG_X86_EVEX_0F:
		if ((op & 0xfc) == 0x70 || op == 0xc2 ||
		    (op >= 0xc4 && op <= 0xc6))
			return MB;
		return M;
	case HG_X86_VEX_0F3A:
	case HG_X86_EVEX_0F3A:
	case HG_X86_XOP8:
		return MB;
	case HG_X86_XOPA:
		return M | D4;
	default:
		return M;
	}
}

/*
 * Immediate length by kind, for each combination of "16-bit operand size"
 * (66 without REX.W), REX.W and 67: hg_x86_imm_len[variant][kind] with
 * variant = osize16 | W << 1 | asize32 << 2.  SP is handled in code.
 */
static const u8 hg_x86_imm_len[8][8] = {
	/* I0 IB IW IZ IV MO D4 SP */
	{ 0, 1, 2, 4, 4, 8, 4, 0 },	/* default */
	{ 0, 1, 2, 2, 2, 8, 4, 0 },	/* 66 */
	{ 0, 1, 2, 4, 8, 8, 4, 0 },	/* REX.W */
	{ 0, 1, 2, 4, 8, 8, 4, 0 },	/* REX.W, 66 (ignored) */
	{ 0, 1, 2, 4, 4, 4, 4, 0 },	/* 67 */
	{ 0, 1, 2, 2, 2, 4, 4, 0 },	/* 66 67 */
	{ 0, 1, 2, 4, 8, 4, 4, 0 },	/* REX.W 67 */
	{ 0, 1, 2, 4, 8, 4, 4, 0 },	/* REX.W, 66 (ignored), 67 */
};

u16 hg_x86_fast_desc(unsigned int space, unsigned int op)
{
	unsigned int attr, imm;
	u16 d;

	op &= 0xff;
	switch (space) {
	case HG_X86_LEGACY:
		attr = hg_x86_map0[op];
		if (attr & P)
			return HG_X86_FAST_PFX;
		if (attr & R)
			return HG_X86_FAST_REX;
		if (op == 0x0f || op == 0xc4 || op == 0xc5)
			return HG_X86_FAST_ESC;
		if (op == 0xf6 || op == 0xf7)
			return HG_X86_FAST_MODRM | HG_X86_FAST_GRP3 |
			       (op == 0xf6 ? 1 : HG_X86_FAST_IZ | 4);
		break;
	case HG_X86_0F:
		attr = hg_x86_map1[op];
		if (op == 0x38 || op == 0x3a)
			return HG_X86_FAST_ESC;
		break;
	case HG_X86_0F38:
		attr = M;
		break;
	case HG_X86_0F3A:
		attr = MB;
		break;
	case HG_X86_VEX_0F:
	case HG_X86_VEX_0F38:
	case HG_X86_VEX_0F3A:
		attr = hg_x86_vex_attr(space, op);
		break;
	default:
		return HG_X86_FAST_SLOW;
	}
	imm = attr & IMM_MASK;
	if ((attr & (X | P | R | E)) || imm == SP || imm == MO)
		return HG_X86_FAST_SLOW;
	d = hg_x86_imm_len[0][imm];
	if (attr & M)
		d |= HG_X86_FAST_MODRM;
	if (imm == IZ)
		d |= HG_X86_FAST_IZ;
	if (imm == IV)
		d |= HG_X86_FAST_IV;
	return d;
}

/*
 * Report a failed decode: @i bytes were examined (at least one counts, so
 * a caller skipping by the length always makes progress).
 */
static int hg_x86_fail(struct hg_insn *insn, unsigned int i,
		       unsigned int len, unsigned int cls, int ret)
{
	insn->len = i < len ? i : len;
	if (!insn->len)
		insn->len = 1;
	insn->cls = cls;
	return ret;
}

/* Legacy prefixes seen, hg_x86_decode() */
#define PF_OSIZE	0x01	/* 66: index bit of hg_x86_imm_len[] */
#define PF_W		0x02	/* REX.W etc.: index bit of hg_x86_imm_len[] */
#define PF_ASIZE	0x04	/* 67: index bit of hg_x86_imm_len[] */
#define PF_SIMD		0x08	/* 66, F2, F3 or LOCK: incompatible with VEX */

int hg_x86_decode(const u8 *buf, unsigned int len, struct hg_insn *insn)
{
	/*
	 * Decode into a local copy: stores through @insn could alias @buf
	 * (both are u8) and would force the compiler to reload bytes.
	 */
	struct hg_x86_insn d, *x = &d;
	unsigned int lim = len < HG_X86_MAX_INSN_LEN ? len : HG_X86_MAX_INSN_LEN;
	unsigned int i = 0, imm, space = HG_X86_LEGACY;
	unsigned int pf = 0, rex = 0, pfx = HG_X86_PFX_NONE, op, attr;
	bool force_reg = false;

	/* Prefixes.  A REX prefix counts only right before the opcode. */
	for (;;) {
		if (i >= lim)
			goto out_of_bytes;
		op = buf[i];
		attr = hg_x86_map0[op];
		if (!(attr & (P | R)))
			break;
		i++;
		if (attr & R) {
			rex = op;
			continue;
		}
		rex = 0;
		if (op == 0x66) {
			pf |= PF_OSIZE | PF_SIMD;
			if (pfx == HG_X86_PFX_NONE)
				pfx = HG_X86_PFX_66;
		} else if (op == 0x67) {
			pf |= PF_ASIZE;
		} else if (op == 0xf0) {
			pf |= PF_SIMD;
		} else if (op >= 0xf2) {
			/* the last F2/F3 is the mandatory prefix */
			pf |= PF_SIMD;
			pfx = op == 0xf3 ? HG_X86_PFX_F3 : HG_X86_PFX_F2;
		}
	}
	i++;

	/* REX.W: 66 no longer selects 16-bit immediates */
	if (rex & 0x08)
		pf = (pf & ~PF_OSIZE) | PF_W;
	x->flags = (rex & 0x08) ? HG_X86_F_W : 0;
	x->rxb = ((rex & 0x04) << 1) | (rex & 0x01);
	x->vvvv = 0;
	x->pfx = pfx;

	if (attr & E) {
		unsigned int nvex, p0, p1, p2 = 0;

		switch (op) {
		case 0x0f:
			if (i >= lim)
				goto out_of_bytes;
			op = buf[i++];
			space = HG_X86_0F;
			attr = hg_x86_map1[op];
			if (!(attr & E))
				break;
			if (op == 0x0f) {
				/* 3DNow!: the "immediate" is the opcode */
				space = HG_X86_3DNOW;
				attr = MB;
				break;
			}
			if (i >= lim)
				goto out_of_bytes;
			space = op == 0x38 ? HG_X86_0F38 : HG_X86_0F3A;
			attr = op == 0x38 ? M : MB;
			op = buf[i++];
			break;
		case 0x8f:
			if (i >= lim)
				goto out_of_bytes;
			if ((buf[i] & 0x1f) < 8) {
				attr = M;	/* POP r/m64 */
				break;
			}
			fallthrough;
		case 0xc4:
		case 0xc5:
		case 0x62:
			/* In 64-bit mode C4, C5, 62 are always VEX/EVEX. */
			nvex = op == 0xc5 ? 1 : op == 0x62 ? 3 : 2;
			if (i + nvex >= lim)	/* payload and opcode */
				goto out_of_bytes;
			p0 = buf[i];
			p1 = buf[i + 1];
			if (op == 0xc5) {
				/* R vvvv L pp: map 1, W0, X and B clear */
				p1 = p0 & 0x7f;
				p0 = (p0 & 0x80) | 0x61;
			} else if (op == 0x62) {
				p2 = buf[i + 2];
			}
			i += nvex;
			if (rex || (pf & PF_SIMD))
				goto invalid;

			x->flags = HG_X86_F_VEX | ((p1 & 0x80) ? HG_X86_F_W : 0);
			pf = (p1 & 0x80) ? PF_W : 0;
			x->pfx = p1 & 3;
			x->vvvv = (~p1 >> 3) & 0x0f;
			x->rxb = ((~p0 >> 4) & 0x08) | ((~p0 >> 5) & 0x01);
			if (op == 0x62) {
				static const u8 evex_space[8] = {
					HG_X86_NR_SPACES, HG_X86_EVEX_0F,
					HG_X86_EVEX_0F38, HG_X86_EVEX_0F3A,
					HG_X86_NR_SPACES, HG_X86_EVEX_MAP5,
					HG_X86_EVEX_MAP6, HG_X86_NR_SPACES,
				};

				/* P0: R X B R' 0 m m m, P1: W vvvv 1 pp */
				if ((p0 & 0x08) || !(p1 & 0x04))
					goto invalid;
				space = evex_space[p0 & 7];
				x->flags |= HG_X86_F_EVEX;
				x->rxb |= (~p0 & 0x10) | ((~p0 >> 5) & 0x02);
				x->vvvv |= (~p2 << 1) & 0x10;
			} else {
				/* R X B m-mmmm */
				unsigned int map = p0 & 0x1f;

				if (op == 0x8f)
					space = map == 8 ? HG_X86_XOP8 :
						map == 9 ? HG_X86_XOP9 :
						map == 10 ? HG_X86_XOPA :
						HG_X86_NR_SPACES;
				else
					space = map == 1 ? HG_X86_VEX_0F :
						map == 2 ? HG_X86_VEX_0F38 :
						map == 3 ? HG_X86_VEX_0F3A :
						HG_X86_NR_SPACES;
			}
			if (space == HG_X86_NR_SPACES)
				goto invalid;
			op = buf[i++];
			attr = hg_x86_vex_attr(space, op);
			break;
		default:	/* only the bytes above have E in hg_x86_map0 */
			break;
		}
	}
	if (attr & X)
		goto invalid;

	imm = attr & IMM_MASK;
	if (imm == SP && space == HG_X86_0F && op <= 0x23) {
		/* MOV to/from CR/DR: ModRM.mod is ignored, always registers */
		force_reg = true;
		attr |= M;
		imm = I0;
	}

	x->space = space;
	x->opcode = op;
	x->modrm = 0;
	if (attr & M) {
		unsigned int modrm, mlen;

		if (i >= lim)
			goto out_of_bytes;
		modrm = buf[i++];
		x->modrm = modrm;
		x->flags |= HG_X86_F_MODRM;
		if (!force_reg) {
			mlen = hg_x86_modrm_len(buf + i - 1, lim - i + 1);
			if (!mlen)
				goto out_of_bytes;
			i += mlen - 1;
		}
	}

	i += hg_x86_imm_len[pf & (PF_OSIZE | PF_W | PF_ASIZE)][imm];
	if (unlikely(imm == SP)) {
		if (space == HG_X86_0F) {
			/* 0F 78: EXTRQ/INSERTQ imm8, imm8; VMREAD has none */
			if (x->pfx == HG_X86_PFX_66 || x->pfx == HG_X86_PFX_F2)
				i += 2;
		} else if (op == 0xc8) {
			i += 3;			/* ENTER imm16, imm8 */
		} else if (!(x->modrm & 0x30)) {
			/* F6/F7 group 3: only TEST (/0, /1) has an imm */
			i += hg_x86_imm_len[pf & (PF_OSIZE | PF_W)]
					   [op == 0xf6 ? IB : IZ];
		}
	}

	if (i > HG_X86_MAX_INSN_LEN)
		goto invalid;
	if (i > len)
		goto truncated;
	if (space == HG_X86_3DNOW)
		x->opcode = buf[i - 1];
	insn->arch.x86 = d;
	insn->len = i;
	insn->cls = HG_CLASS_OTHER;
	return i;

out_of_bytes:
	/* A byte at or past lim was needed: past 15 is invalid, else short */
	if (lim == HG_X86_MAX_INSN_LEN)
		goto invalid;
truncated:
	return hg_x86_fail(insn, i, len, HG_CLASS_TRUNCATED,
			   HG_DECODE_TRUNCATED);
invalid:
	return hg_x86_fail(insn, i, len, HG_CLASS_INVALID, HG_DECODE_INVALID);
}
