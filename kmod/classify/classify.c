// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hashguard: instruction classifier.
 *
 * The classes are described by hg_x86_rules[], a list that reads like an
 * opcode reference: opcode space, opcode range, which mandatory prefixes,
 * which ModRM.reg values and ModRM.mod kind, and the class.  Later rules
 * override earlier ones, so general rules come first and exceptions after.
 * hg_classify_init() expands the list into a dense table indexed by
 * (space, opcode, prefix) so that classifying an instruction costs one or
 * two table loads; ModRM-dependent opcodes get a "refine" slot indexed by
 * (prefix, register-form, ModRM.reg).
 *
 * What the classes are for (proof-of-work miners):
 *  - CryptoNight: AES-NI rounds (AESENC) over a scratchpad, plus 64-bit
 *    MUL (mul) and ADD/XOR (hash_alu);
 *  - RandomX: scalar ALU, 64-bit multiplies in SuperscalarHash (mul) and
 *    SSE2 double arithmetic (ADDPD, MULPD, DIVPD, SQRTPD) under rounding
 *    modes changed with LDMXCSR, AES in its generators;
 *  - SHA-256d: ALU shift/xor/add plus rotates (ROR, RORX with BMI2) or
 *    SHA-NI;
 *  - scrypt (Salsa20/8), Blake2, Keccak, ChaCha: add/xor (hash_alu,
 *    hash_simd) and rotate, in scalar (ROL/ROR, SHLD) or SIMD form (PADDD,
 *    PXOR, PSLLD+PSRLD or VPROLD, PSHUFB/PSHUFD rotations, VPTERNLOG),
 *    sometimes GFNI or XOP VPROT;
 *  - Argon2 (BlaMka: PMULUDQ), yespower and RandomX: integer multiplies.
 *
 * Rotates get a class of their own because add, xor and shifts are common
 * in ordinary integer code, while rotates are rare outside hash rounds.
 * Shift pairs (PSLLD+PSRLD) and byte shuffles (PSHUFB) that emulate a
 * vector rotate stay hash_simd: the opcode alone cannot tell them apart.
 */

#include "classify.h"
#include "x86_decode.h"

static const char *const hg_class_names[HG_CLASS_MAX] = {
	[HG_CLASS_AES] = "aes",
	[HG_CLASS_SHA] = "sha",
	[HG_CLASS_CLMUL] = "clmul",
	[HG_CLASS_GFNI] = "gfni",
	[HG_CLASS_HASH_ALU] = "hash_alu",
	[HG_CLASS_HASH_SIMD] = "hash_simd",
	[HG_CLASS_ROUNDING] = "rounding",
	[HG_CLASS_FP] = "fp",
	[HG_CLASS_ROTATE] = "rotate",
	[HG_CLASS_MUL] = "mul",
	[HG_CLASS_OTHER] = "other",
	[HG_CLASS_INVALID] = "invalid",
	[HG_CLASS_TRUNCATED] = "truncated",
};

const char *hg_class_name(enum hg_class c)
{
	if ((unsigned int)c >= HG_CLASS_MAX)
		return "unknown";
	return hg_class_names[c];
}

/* Mandatory prefix masks (bit HG_X86_PFX_*). */
#define NP	BIT(HG_X86_PFX_NONE)
#define P66	BIT(HG_X86_PFX_66)
#define PF3	BIT(HG_X86_PFX_F3)
#define PF2	BIT(HG_X86_PFX_F2)
#define PANY	(NP | P66 | PF3 | PF2)

/* ModRM.reg masks */
#define RANY	0xff
#define R_(n)	BIT(n)
#define R_SHIFT	(R_(4) | R_(5) | R_(6) | R_(7))	/* shl shr sal sar */

/* ModRM.mod kinds */
#define MOD_ANY	0
#define MOD_MEM	1	/* memory operand, mod != 3 */
#define MOD_REG	2	/* register operand, mod == 3 */

/*
 * Class byte flag: "xor x, x" style zeroing idioms (both sources the same
 * register) carry no hashing work and are counted as OTHER.
 */
#define ZI	0x40

/**
 * struct hg_class_rule - one line of the classification table
 * @space: opcode space, &enum hg_x86_space
 * @lo: first opcode
 * @hi: last opcode, or 0 for @lo alone
 * @pfx: mask of mandatory prefixes (NP, P66, PF3, PF2)
 * @reg: mask of ModRM.reg values, RANY for any
 * @mod: MOD_ANY, MOD_MEM or MOD_REG
 * @cls: &enum hg_class, optionally with ZI
 */
struct hg_class_rule {
	u8 space;
	u8 lo;
	u8 hi;
	u8 pfx;
	u8 reg;
	u8 mod;
	u8 cls;
};

#define RULE(sp, lo, hi, pfx, reg, mod, cls) \
	{ HG_X86_##sp, lo, hi, pfx, reg, mod, cls }
/* opcode range, any ModRM */
#define OPS(sp, lo, hi, pfx, cls)	RULE(sp, lo, hi, pfx, RANY, MOD_ANY, cls)
/* single opcode, any ModRM */
#define OP(sp, op, pfx, cls)		OPS(sp, op, 0, pfx, cls)

#define AES	HG_CLASS_AES
#define SHA	HG_CLASS_SHA
#define CLMUL	HG_CLASS_CLMUL
#define GFNI	HG_CLASS_GFNI
#define ALU	HG_CLASS_HASH_ALU
#define SIMD	HG_CLASS_HASH_SIMD
#define RND	HG_CLASS_ROUNDING
#define FP	HG_CLASS_FP
#define ROT	HG_CLASS_ROTATE
#define MUL	HG_CLASS_MUL
#define OTH	HG_CLASS_OTHER

static const struct hg_class_rule hg_x86_rules[] = {
	/* ---- AES ---- */
	OPS(0F38, 0xdb, 0xdf, P66, AES),	/* aesimc aesenc[last] aesdec[last] */
	OP(0F3A, 0xdf, P66, AES),		/* aeskeygenassist */
	OPS(VEX_0F38, 0xdb, 0xdf, P66, AES),	/* vaes*, VEX.128/256 */
	OP(VEX_0F3A, 0xdf, P66, AES),		/* vaeskeygenassist */
	OPS(EVEX_0F38, 0xdc, 0xdf, P66, AES),	/* vaes*, EVEX */
	/* Key Locker: aes{enc,dec}{128,256}kl m384; mod=3 DC is loadiwkey */
	RULE(0F38, 0xdc, 0xdf, PF3, RANY, MOD_MEM, AES),
	/* aes{enc,dec}wide{128,256}kl m384: F3 0F 38 D8 /0-/3 */
	RULE(0F38, 0xd8, 0xd8, PF3, R_(0) | R_(1) | R_(2) | R_(3), MOD_MEM, AES),

	/* ---- SHA, SM3, SM4 ---- */
	OP(0F3A, 0xcc, NP, SHA),		/* sha1rnds4 */
	OPS(0F38, 0xc8, 0xcd, NP, SHA),		/* sha1nexte sha1msg1/2
						 * sha256rnds2 sha256msg1/2
						 */
	OPS(VEX_0F38, 0xcb, 0xcd, PF2, SHA),	/* vsha512rnds2 vsha512msg1/2 */
	OP(VEX_0F38, 0xda, PANY, SHA),		/* vsm3msg1 (NP) vsm3msg2 (66)
						 * vsm4key4 (F3) vsm4rnds4 (F2)
						 */
	OP(VEX_0F3A, 0xde, P66, SHA),		/* vsm3rnds2 */

	/* ---- carry-less multiply ---- */
	OP(0F3A, 0x44, P66, CLMUL),		/* pclmulqdq */
	OP(VEX_0F3A, 0x44, P66, CLMUL),		/* vpclmulqdq */
	OP(EVEX_0F3A, 0x44, P66, CLMUL),	/* vpclmulqdq, EVEX */

	/* ---- GFNI ---- */
	OP(0F38, 0xcf, P66, GFNI),		/* gf2p8mulb */
	OPS(0F3A, 0xce, 0xcf, P66, GFNI),	/* gf2p8affine[inv]qb */
	OP(VEX_0F38, 0xcf, P66, GFNI),
	OPS(VEX_0F3A, 0xce, 0xcf, P66, GFNI),
	OP(EVEX_0F38, 0xcf, P66, GFNI),
	OPS(EVEX_0F3A, 0xce, 0xcf, P66, GFNI),

	/* ---- scalar hash-round ALU: add, xor, shift, not ---- */
	OPS(LEGACY, 0x00, 0x05, PANY, ALU),		/* add */
	OPS(LEGACY, 0x30, 0x33, PANY, ALU | ZI),	/* xor r/m, r */
	OPS(LEGACY, 0x34, 0x35, PANY, ALU),		/* xor al/eax, imm */
	RULE(LEGACY, 0x80, 0x83, PANY, R_(0) | R_(6), MOD_ANY, ALU),
							/* add/xor r/m, imm */
	/* shl shr sal sar: C0 C1 D0-D3 /4-/7 (rcl/rcr /2 /3 are other) */
	RULE(LEGACY, 0xc0, 0xc1, PANY, R_SHIFT, MOD_ANY, ALU),
	RULE(LEGACY, 0xd0, 0xd3, PANY, R_SHIFT, MOD_ANY, ALU),
	RULE(LEGACY, 0xf6, 0xf7, PANY, R_(2), MOD_ANY, ALU),	/* not */
	OP(VEX_0F38, 0xf2, NP, ALU),			/* andn */
	OP(VEX_0F38, 0xf7, P66 | PF3 | PF2, ALU),	/* shlx sarx shrx */

	/* ---- rotates, scalar and vector ---- */
	/* rol ror: C0 C1 D0-D3 /0 /1 */
	RULE(LEGACY, 0xc0, 0xc1, PANY, R_(0) | R_(1), MOD_ANY, ROT),
	RULE(LEGACY, 0xd0, 0xd3, PANY, R_(0) | R_(1), MOD_ANY, ROT),
	OPS(0F, 0xa4, 0xa5, PANY, ROT),			/* shld */
	OPS(0F, 0xac, 0xad, PANY, ROT),			/* shrd */
	OP(VEX_0F3A, 0xf0, PF2, ROT),			/* rorx */
	/* vprord vprorq (72 /0), vprold vprolq (72 /1) */
	RULE(EVEX_0F, 0x72, 0x72, P66, R_(0) | R_(1), MOD_ANY, ROT),
	OPS(EVEX_0F38, 0x14, 0x15, P66, ROT),		/* vprorv[dq] vprolv[dq] */
	OPS(EVEX_0F3A, 0x70, 0x73, P66, ROT),		/* vpshld[wdq] vpshrd[wdq] */
	OPS(EVEX_0F38, 0x70, 0x73, P66, ROT),		/* vpshldv* vpshrdv* */
	OPS(XOP8, 0xc0, 0xc3, PANY, ROT),		/* vprot[bwdq] imm */
	OPS(XOP9, 0x90, 0x93, PANY, ROT),		/* vprot[bwdq] */

	/* ---- integer multiply, scalar and SIMD ---- */
	RULE(LEGACY, 0xf6, 0xf7, PANY, R_(4) | R_(5), MOD_ANY, MUL),
							/* mul imul r/m */
	OP(LEGACY, 0x69, PANY, MUL),			/* imul r, r/m, imm32 */
	OP(LEGACY, 0x6b, PANY, MUL),			/* imul r, r/m, imm8 */
	OP(0F, 0xaf, PANY, MUL),			/* imul r, r/m */
	OP(VEX_0F38, 0xf6, PF2, MUL),			/* mulx */
	OP(0F, 0xd5, NP | P66, MUL),			/* pmullw */
	OPS(0F, 0xe4, 0xe5, NP | P66, MUL),		/* pmulhuw pmulhw */
	OPS(0F, 0xf4, 0xf5, NP | P66, MUL),		/* pmuludq pmaddwd */
	OP(0F38, 0x04, NP | P66, MUL),			/* pmaddubsw */
	OP(0F38, 0x28, P66, MUL),			/* pmuldq */
	OP(0F38, 0x40, P66, MUL),			/* pmulld */
	OP(VEX_0F, 0xd5, P66, MUL),			/* vpmullw */
	OPS(VEX_0F, 0xe4, 0xe5, P66, MUL),		/* vpmulhuw vpmulhw */
	OPS(VEX_0F, 0xf4, 0xf5, P66, MUL),		/* vpmuludq vpmaddwd */
	OP(VEX_0F38, 0x04, P66, MUL),			/* vpmaddubsw */
	OP(VEX_0F38, 0x28, P66, MUL),			/* vpmuldq */
	OP(VEX_0F38, 0x40, P66, MUL),			/* vpmulld */
	OP(EVEX_0F, 0xd5, P66, MUL),
	OPS(EVEX_0F, 0xe4, 0xe5, P66, MUL),
	OPS(EVEX_0F, 0xf4, 0xf5, P66, MUL),
	OP(EVEX_0F38, 0x04, P66, MUL),
	OP(EVEX_0F38, 0x28, P66, MUL),			/* vpmuldq */
	OP(EVEX_0F38, 0x40, P66, MUL),			/* vpmulld vpmullq */

	/* ---- SIMD hash-round: vector add, xor, shift, shuffle ---- */
	/*
	 * xorps/xorpd are deliberately not counted: compilers use them for
	 * FP sign flips and, with intrinsics, integer xor is emitted as
	 * pxor/vpxor[dq], so counting them would mostly add FP noise.
	 */
	OP(0F, 0xef, NP | P66, SIMD | ZI),		/* pxor (mmx, sse2) */
	OP(VEX_0F, 0xef, P66, SIMD | ZI),		/* vpxor */
	OP(EVEX_0F, 0xef, P66, SIMD | ZI),		/* vpxord vpxorq */
	OP(0F, 0xfe, NP | P66, SIMD),			/* paddd */
	OP(0F, 0xd4, NP | P66, SIMD),			/* paddq */
	OP(VEX_0F, 0xfe, P66, SIMD),			/* vpaddd */
	OP(VEX_0F, 0xd4, P66, SIMD),			/* vpaddq */
	OP(EVEX_0F, 0xfe, P66, SIMD),
	OP(EVEX_0F, 0xd4, P66, SIMD),
	/* psrld pslld (72 /2 /6), psrlq psllq (73 /2 /6) by immediate */
	RULE(0F, 0x72, 0x73, NP | P66, R_(2) | R_(6), MOD_REG, SIMD),
	RULE(VEX_0F, 0x72, 0x73, P66, R_(2) | R_(6), MOD_REG, SIMD),
	RULE(EVEX_0F, 0x72, 0x73, P66, R_(2) | R_(6), MOD_ANY, SIMD),
	OP(0F38, 0x00, NP | P66, SIMD),			/* pshufb */
	OP(VEX_0F38, 0x00, P66, SIMD),			/* vpshufb */
	OP(EVEX_0F38, 0x00, P66, SIMD),
	OP(0F, 0x70, P66, SIMD),			/* pshufd */
	OP(VEX_0F, 0x70, P66, SIMD),			/* vpshufd */
	OP(EVEX_0F, 0x70, P66, SIMD),
	OP(EVEX_0F3A, 0x25, P66, SIMD),			/* vpternlog[dq] */
	OP(0F3A, 0x0f, NP | P66, SIMD),			/* palignr */
	OP(VEX_0F3A, 0x0f, P66, SIMD),			/* vpalignr */
	OP(EVEX_0F3A, 0x0f, P66, SIMD),

	/* ---- floating point ---- */
	OPS(LEGACY, 0xd8, 0xdf, PANY, FP),		/* x87 */
	/* x87 environment/control, not arithmetic */
	RULE(LEGACY, 0xd9, 0xd9, PANY, R_(4) | R_(6) | R_(7), MOD_MEM, OTH),
							/* fldenv fnstenv fnstcw */
	RULE(LEGACY, 0xdd, 0xdd, PANY, R_(4) | R_(6) | R_(7), MOD_MEM, OTH),
							/* frstor fnsave fnstsw */
	RULE(LEGACY, 0xdb, 0xdb, PANY, R_(4), MOD_REG, OTH),	/* fninit... */
	RULE(LEGACY, 0xdf, 0xdf, PANY, R_(4), MOD_REG, OTH),	/* fnstsw ax */
	OPS(0F, 0x51, 0x53, PANY, FP),			/* sqrt rsqrt rcp */
	OPS(0F, 0x58, 0x59, PANY, FP),			/* add mul */
	OPS(0F, 0x5c, 0x5f, PANY, FP),			/* sub min div max */
	OPS(0F, 0x7c, 0x7d, P66 | PF2, FP),		/* haddp[sd] hsubp[sd] */
	OP(0F, 0xd0, P66 | PF2, FP),			/* addsubp[sd] */
	OPS(0F3A, 0x08, 0x0b, P66, FP),			/* round[ps][sd] */
	OPS(0F3A, 0x40, 0x41, P66, FP),			/* dpps dppd */
	OPS(VEX_0F, 0x51, 0x53, PANY, FP),
	OPS(VEX_0F, 0x58, 0x59, PANY, FP),
	OPS(VEX_0F, 0x5c, 0x5f, PANY, FP),
	OPS(VEX_0F, 0x7c, 0x7d, P66 | PF2, FP),
	OP(VEX_0F, 0xd0, P66 | PF2, FP),
	OPS(VEX_0F3A, 0x08, 0x0b, P66, FP),		/* vround* */
	OPS(VEX_0F3A, 0x40, 0x41, P66, FP),		/* vdpps vdppd */
	OPS(VEX_0F38, 0x96, 0x9f, P66, FP),		/* FMA3 */
	OPS(VEX_0F38, 0xa6, 0xaf, P66, FP),
	OPS(VEX_0F38, 0xb6, 0xbf, P66, FP),
	OPS(VEX_0F3A, 0x5c, 0x5f, P66, FP),		/* FMA4 */
	OPS(VEX_0F3A, 0x68, 0x6f, P66, FP),
	OPS(VEX_0F3A, 0x78, 0x7f, P66, FP),
	OP(EVEX_0F, 0x51, PANY, FP),
	OPS(EVEX_0F, 0x58, 0x59, PANY, FP),
	OPS(EVEX_0F, 0x5c, 0x5f, PANY, FP),
	OPS(EVEX_0F38, 0x4c, 0x4f, P66, FP),		/* vrcp14 vrsqrt14 */
	OPS(EVEX_0F38, 0x96, 0x9f, P66, FP),		/* FMA3 */
	OPS(EVEX_0F38, 0xa6, 0xaf, P66, FP),
	OPS(EVEX_0F38, 0xb6, 0xbf, P66, FP),
	OPS(EVEX_0F3A, 0x08, 0x0b, P66, FP),		/* vrndscale* */
	OP(EVEX_MAP5, 0x51, NP | PF3, FP),		/* FP16 sqrt */
	OPS(EVEX_MAP5, 0x58, 0x59, NP | PF3, FP),	/* FP16 add mul */
	OPS(EVEX_MAP5, 0x5c, 0x5f, NP | PF3, FP),	/* FP16 sub min div max */
	OPS(EVEX_MAP6, 0x96, 0x9f, P66, FP),		/* FP16 FMA */
	OPS(EVEX_MAP6, 0xa6, 0xaf, P66, FP),
	OPS(EVEX_MAP6, 0xb6, 0xbf, P66, FP),
	OPS(EVEX_MAP6, 0x4c, 0x4f, P66, FP),		/* FP16 rcp rsqrt */
	OPS(EVEX_MAP6, 0x56, 0x57, PF3 | PF2, FP),	/* vf[c]maddc[ph,sh] */
	OPS(EVEX_MAP6, 0xd6, 0xd7, PF3 | PF2, FP),	/* vf[c]mulc[ph,sh] */
	OPS(3DNOW, 0x00, 0xff, PANY, FP),		/* 3DNow! */
	OP(3DNOW, 0xb7, PANY, OTH),			/* pmulhrw */
	OP(3DNOW, 0xbf, PANY, OTH),			/* pavgusb */
	OP(3DNOW, 0xbb, PANY, OTH),			/* pswapd */
	OPS(XOP9, 0x80, 0x83, PANY, FP),		/* vfrcz* */

	/* ---- rounding-mode writes ---- */
	RULE(0F, 0xae, 0xae, NP, R_(2), MOD_MEM, RND),		/* ldmxcsr */
	RULE(VEX_0F, 0xae, 0xae, NP, R_(2), MOD_MEM, RND),	/* vldmxcsr */
	RULE(LEGACY, 0xd9, 0xd9, PANY, R_(5), MOD_MEM, RND),	/* fldcw */
};

/*
 * Dense lookup tables built from hg_x86_rules[].  An entry below
 * HG_REFINE is a class (maybe with ZI); HG_REFINE | n points to refine
 * slot n, indexed by [prefix][register form][ModRM.reg].
 */
#define HG_REFINE	0x80
#define HG_NR_REFINE	48

static u8 hg_x86_class[HG_X86_NR_SPACES][256][4];
static u8 hg_x86_refine[HG_NR_REFINE][4][2][8];
static unsigned int hg_x86_nr_refine;

/*
 * Window fast path, hg_x86_window(): for the opcodes of each space up to
 * HG_X86_VEX_0F3A, hg_x86_fast_desc() in the low byte and flags of the
 * HG_FD_* bits, and the class entry of the unprefixed opcode in bits
 * 8-15; hg_x86_mlen[] is the length of each ModRM byte with its SIB byte
 * and displacement, where HG_MLEN_SIB marks mod 0 with a SIB byte, whose
 * base decides whether a disp32 follows.
 */
#define HG_FAST_SPACES	(HG_X86_VEX_0F3A + 1)
#define HG_FD_IMM	0x0f			/* HG_X86_FAST_IMM_MASK */
#define HG_FD_MODRM	0x10
#define HG_FD_GRP3	0x20
#define HG_FD_IZ	0x40			/* IZ or IV */
#define HG_FD_IV	0x80
#define HG_FD_CLS_SHIFT	8
#define HG_FD_PFX	BIT(16)
#define HG_FD_REX	BIT(17)
#define HG_FD_ESC	BIT(18)
#define HG_FD_SLOW	BIT(19)
#define HG_FD_0F	BIT(20)			/* the 0F escape byte */
#define HG_FD_CLSX	BIT(21)			/* class needs ModRM, REX */
#define HG_FD_RARE	(HG_FD_GRP3 | HG_FD_IV | HG_FD_CLSX)
#define HG_FD_COMPLEX	(HG_FD_PFX | HG_FD_REX | HG_FD_ESC | HG_FD_SLOW)
#define HG_MLEN_SIB	0x80

static u32 hg_x86_fd[HG_FAST_SPACES][256];
static u8 hg_x86_mlen[256];

/*
 * Set once the tables are built.  Before that every table entry is 0,
 * which is HG_CLASS_AES: classify as "other" rather than as AES.
 */
static bool hg_x86_ready;

/**
 * hg_refine_slot() - turn an opcode's table entries into a refine slot
 * @space: opcode space
 * @op: opcode
 *
 * All four prefix entries of the opcode get the same slot, each seeded with
 * its current class so that a ModRM-dependent rule only overrides the
 * (prefix, mod, reg) combinations it names.
 *
 * Return: the slot number, or -1 if HG_NR_REFINE is too small.
 */
static int hg_refine_slot(unsigned int space, unsigned int op)
{
	u8 *e = hg_x86_class[space][op];
	unsigned int p, m, r, slot;

	if (e[0] & HG_REFINE)
		return e[0] & ~HG_REFINE;
	if (hg_x86_nr_refine >= HG_NR_REFINE)
		return -1;
	slot = hg_x86_nr_refine++;
	for (p = 0; p < 4; p++) {
		for (m = 0; m < 2; m++)
			for (r = 0; r < 8; r++)
				hg_x86_refine[slot][p][m][r] = e[p];
		e[p] = HG_REFINE | slot;
	}
	return slot;
}

/**
 * hg_apply_rule() - apply one rule to one opcode of the dense tables
 * @rule: the rule
 * @op: opcode within @rule's range
 *
 * Return: 0, or -1 if the refine table is full.
 */
static int hg_apply_rule(const struct hg_class_rule *rule, unsigned int op)
{
	u8 *e = hg_x86_class[rule->space][op];
	bool any = rule->reg == RANY && rule->mod == MOD_ANY;
	unsigned int p, m, r;
	int slot = -1;

	if (!any || (e[0] & HG_REFINE)) {
		slot = hg_refine_slot(rule->space, op);
		if (slot < 0)
			return -1;
	}
	for (p = 0; p < 4; p++) {
		if (!(rule->pfx & BIT(p)))
			continue;
		if (slot < 0) {
			e[p] = rule->cls;
			continue;
		}
		for (m = 0; m < 2; m++) {
			/* m is "register form": skip the form not named */
			if (rule->mod == (m ? MOD_MEM : MOD_REG))
				continue;
			for (r = 0; r < 8; r++)
				if (rule->reg & BIT(r))
					hg_x86_refine[slot][p][m][r] = rule->cls;
		}
	}
	return 0;
}

int hg_classify_init(void)
{
	unsigned int i, s, op, p;

	/* every class must fit below the ZI and HG_REFINE flag bits */
	if (HG_CLASS_MAX > ZI)
		return -1;
	for (s = 0; s < HG_X86_NR_SPACES; s++)
		for (op = 0; op < 256; op++)
			for (p = 0; p < 4; p++)
				hg_x86_class[s][op][p] = HG_CLASS_OTHER;
	hg_x86_nr_refine = 0;
	hg_x86_ready = false;

	for (i = 0; i < ARRAY_SIZE(hg_x86_rules); i++) {
		const struct hg_class_rule *rule = &hg_x86_rules[i];
		unsigned int hi = rule->hi ? rule->hi : rule->lo;

		for (op = rule->lo; op <= hi; op++)
			if (hg_apply_rule(rule, op))
				return -1;
	}

	for (s = 0; s < HG_FAST_SPACES; s++) {
		for (op = 0; op < 256; op++) {
			unsigned int d = hg_x86_fast_desc(s, op);
			u32 e = d & HG_FD_IMM;

			if (d & HG_X86_FAST_MODRM)
				e |= HG_FD_MODRM;
			if (d & HG_X86_FAST_GRP3)
				e |= HG_FD_GRP3;
			if (d & (HG_X86_FAST_IZ | HG_X86_FAST_IV))
				e |= HG_FD_IZ;
			if (d & HG_X86_FAST_IV)
				e |= HG_FD_IV;
			if (d & HG_X86_FAST_PFX)
				e |= HG_FD_PFX;
			if (d & HG_X86_FAST_REX)
				e |= HG_FD_REX;
			if (s == HG_X86_LEGACY && op == 0x0f)
				e |= HG_FD_0F;
			else if (d & HG_X86_FAST_ESC)
				e |= HG_FD_ESC;
			if (d & HG_X86_FAST_SLOW)
				e |= HG_FD_SLOW;
			e |= (u32)hg_x86_class[s][op][HG_X86_PFX_NONE] <<
			     HG_FD_CLS_SHIFT;
			if (hg_x86_class[s][op][HG_X86_PFX_NONE] &
			    (HG_REFINE | ZI))
				e |= HG_FD_CLSX;
			hg_x86_fd[s][op] = e;
		}
	}
	for (op = 0; op < 256; op++) {
		u8 b[2] = { op, 0 };

		if ((op & 0xc7) == 0x04)
			hg_x86_mlen[op] = HG_MLEN_SIB;
		else
			hg_x86_mlen[op] = hg_x86_modrm_len(b, 2);
	}
	hg_x86_ready = true;
	return 0;
}

/**
 * hg_x86_resolve() - resolve a class table entry for one instruction
 * @e: entry of hg_x86_class[]
 * @pfx: mandatory prefix (HG_X86_PFX_*)
 * @x: decoded ModRM byte, register-extension bits and VEX flag/vvvv
 *
 * Return: the &enum hg_class value.
 */
static inline unsigned int
hg_x86_resolve(unsigned int e, unsigned int pfx, const struct hg_x86_insn *x)
{
	bool is_reg = (x->modrm & 0xc0) == 0xc0;

	if (e & HG_REFINE)
		e = hg_x86_refine[e & ~HG_REFINE][pfx][is_reg]
				 [(x->modrm >> 3) & 7];
	if (e & ZI) {
		unsigned int src = (x->flags & HG_X86_F_VEX) ? x->vvvv :
				   hg_x86_modrm_reg(x);

		if (is_reg && src == hg_x86_modrm_rm(x))
			return HG_CLASS_OTHER;
		e &= ~ZI;
	}
	return e;
}

/**
 * hg_x86_classify() - class of a successfully decoded x86 instruction
 * @x: the decoder output
 *
 * Return: the &enum hg_class value.
 */
static inline unsigned int
hg_x86_classify(const struct hg_x86_insn *x)
{
	return hg_x86_resolve(hg_x86_class[x->space][x->opcode][x->pfx],
			      x->pfx, x);
}

/* hg_classify_insn(), inlined into the window loop */
static inline int hg_decode_classify(enum hg_arch arch, const u8 *buf,
				     unsigned int len, struct hg_insn *insn)
{
	int ret;

	switch (arch) {
	case HG_ARCH_X86_64:
		ret = hg_x86_decode(buf, len, insn);
		if (likely(ret > 0 && hg_x86_ready))
			insn->cls = hg_x86_classify(&insn->arch.x86);
		return ret;
	}
	insn->len = 1;
	insn->cls = HG_CLASS_INVALID;
	return HG_DECODE_INVALID;
}

int hg_classify_insn(enum hg_arch arch, const u8 *buf, unsigned int len,
		     struct hg_insn *insn)
{
	return hg_decode_classify(arch, buf, len, insn);
}

static inline void hg_count(struct hg_counts *c, unsigned int cls)
{
	if (likely(c->n[cls] != (u16)~0u))
		c->n[cls]++;
}

/*
 * hg_x86_fast_insn() reads at most HG_FAST_PEEK bytes: up to
 * HG_FAST_MAX_PFX - 1 legacy prefixes, REX, 0F 38 xx and ModRM and SIB,
 * or a three-byte VEX prefix, opcode, ModRM and SIB.
 */
#define HG_FAST_MAX_PFX	5
#define HG_FAST_PEEK	10
#define HG_FAST_NONE	0xff	/* more than HG_X86_MAX_INSN_LEN */

/**
 * hg_x86_fast_full() - size and classify a common instruction
 * @p: the instruction; HG_FAST_PEEK bytes at @p may be read
 *
 * Handles a few legacy prefixes, REX or a VEX prefix, and an opcode of the
 * one-byte, 0F, 0F 38, 0F 3A or VEX 1-3 maps whose length follows from the
 * opcode, ModRM, SIB, 66 and REX.W alone, with hg_x86_fd[] (built from the
 * decoder's own tables by hg_x86_fast_desc()) and hg_x86_mlen[].  Every
 * byte read is part of the instruction as sized.
 *
 * Return: the class in bits 8-15 and the length in bits 0-7, or
 * HG_FAST_NONE (a length over HG_X86_MAX_INSN_LEN) when hg_x86_decode()
 * must decide.
 */
static unsigned int hg_x86_fast_full(const u8 *p)
{
	unsigned int i = 0, op = p[0], e = hg_x86_fd[HG_X86_LEGACY][op];
	unsigned int rex = 0, modrm = 0, pfx = HG_X86_PFX_NONE, osz = 0;
	unsigned int vvvv = 0, space = HG_X86_LEGACY, cls;

	if (unlikely(e & (HG_FD_COMPLEX | HG_FD_0F))) {
		while (e & HG_FD_PFX) {
			if (op == 0x66) {
				osz = 1;
				if (pfx == HG_X86_PFX_NONE)
					pfx = HG_X86_PFX_66;
			} else if (op == 0xf3) {
				pfx = HG_X86_PFX_F3;
			} else if (op == 0xf2) {
				pfx = HG_X86_PFX_F2;
			}
			if (++i >= HG_FAST_MAX_PFX)
				return HG_FAST_NONE;
			op = p[i];
			e = hg_x86_fd[HG_X86_LEGACY][op];
		}
		if (e & HG_FD_REX) {
			/* a REX prefix counts only right before the opcode */
			rex = op;
			op = p[++i];
			e = hg_x86_fd[HG_X86_LEGACY][op];
			if (e & (HG_FD_PFX | HG_FD_REX))
				return HG_FAST_NONE;
		}
		if (e & (HG_FD_ESC | HG_FD_0F)) {
			if (op == 0x0f) {
				op = p[++i];
				space = HG_X86_0F;
				e = hg_x86_fd[HG_X86_0F][op];
				if (e & HG_FD_ESC) {
					space = op == 0x38 ? HG_X86_0F38 :
						HG_X86_0F3A;
					op = p[++i];
					e = hg_x86_fd[space][op];
				}
			} else {
				/* C4/C5 VEX: nothing may precede it */
				unsigned int p1 = p[1];

				if (i)
					return HG_FAST_NONE;
				if (op == 0xc5) {
					/* R vvvv L pp: REX.R from ~R */
					rex = ((p1 >> 5) & 0x04) ^ 0x04;
					space = HG_X86_VEX_0F;
					i = 2;
				} else {
					/* R X B m-mmmm, W vvvv L pp */
					if ((p1 & 0x1f) - 1 > 2)
						return HG_FAST_NONE;
					space = HG_X86_VEX_0F - 1 + (p1 & 0x1f);
					rex = ((p1 >> 5) & 0x05) ^ 0x05;
					p1 = p[2];
					i = 3;
				}
				pfx = p1 & 3;
				vvvv = (~p1 >> 3) & 0x0f;
				op = p[i];
				e = hg_x86_fd[space][op];
			}
		}
		if (e & HG_FD_SLOW)
			return HG_FAST_NONE;
	}
	i++;
	if (e & HG_FD_MODRM) {
		unsigned int ml;

		modrm = p[i];
		ml = hg_x86_mlen[modrm];
		if (ml & HG_MLEN_SIB)
			ml = (p[i + 1] & 7) == 5 ? 6 : 2;
		i += ml;
	}
	i += e & HG_FD_IMM;
	if (unlikely(e & (HG_FD_GRP3 | HG_FD_IZ))) {
		/* F6/F7: only TEST (/0, /1) has an immediate */
		if ((e & HG_FD_GRP3) && (modrm & 0x30))
			i -= e & HG_FD_IMM;
		else if (rex & 0x08)
			i += e & HG_FD_IV ? 4 : 0;
		else if (osz && (e & HG_FD_IZ))
			i -= 2;
	}
	cls = (e >> HG_FD_CLS_SHIFT) & 0xff;
	if (unlikely(pfx))
		cls = hg_x86_class[space][op][pfx];
	if (unlikely(cls & (HG_REFINE | ZI))) {
		/* REX.R and REX.B extend ModRM.reg and ModRM.rm */
		struct hg_x86_insn x = {
			.modrm = modrm,
			.rxb = ((rex & 0x04) << 1) | (rex & 0x01),
			.vvvv = vvvv,
			.flags = space >= HG_X86_VEX_0F ? HG_X86_F_VEX : 0,
		};

		cls = hg_x86_resolve(cls, pfx, &x);
	}
	if (i > HG_X86_MAX_INSN_LEN)
		return HG_FAST_NONE;
	return cls << 8 | i;
}

/**
 * hg_x86_fast_rare() - hg_x86_fast_insn() for HG_FD_RARE opcodes
 * @p: the instruction
 * @pos: index of the opcode byte in @p, after REX and 0F
 * @e: the opcode's hg_x86_fd[] entry
 * @len: the length as if without REX.W and ModRM.reg
 *
 * Return: the length in bits 0-7 and the class above.
 */
static unsigned int hg_x86_fast_rare(const u8 *p, unsigned int pos,
				     u32 e, unsigned int len)
{
	/* all of 40-4F are REX prefixes in 64-bit mode */
	unsigned int rex = (p[0] & 0xf0) == 0x40 ? p[0] : 0;
	unsigned int modrm = e & HG_FD_MODRM ? p[pos + 1] : 0;
	unsigned int cls = (e >> HG_FD_CLS_SHIFT) & 0xff;

	/* F6/F7: only TEST (/0, /1) has an immediate */
	if ((e & HG_FD_GRP3) && (modrm & 0x30))
		len -= e & HG_FD_IMM;
	else if ((rex & 0x08) && (e & HG_FD_IV))
		len += 4;
	if (cls & (HG_REFINE | ZI)) {
		/* REX.R and REX.B extend ModRM.reg and ModRM.rm */
		struct hg_x86_insn x = {
			.modrm = modrm,
			.rxb = ((rex & 0x04) << 1) | (rex & 0x01),
		};

		cls = hg_x86_resolve(cls, HG_X86_PFX_NONE, &x);
	}
	return cls << 8 | len;
}

/**
 * hg_x86_fast_insn() - hg_x86_fast_full() for the most common cases
 * @p: the instruction; HG_FAST_PEEK bytes at @p may be read
 *
 * An optional REX prefix and a one-byte or 0F opcode are handled inline,
 * anything else by hg_x86_fast_full().
 *
 * Return: as hg_x86_fast_full().
 */
static inline unsigned int hg_x86_fast_insn(const u8 *p)
{
	unsigned int pos = 0, len, cls;
	u32 e = hg_x86_fd[HG_X86_LEGACY][p[0]];

	if (unlikely(e & (HG_FD_REX | HG_FD_0F | HG_FD_COMPLEX))) {
		if (e & HG_FD_REX) {
			pos = 1;
			e = hg_x86_fd[HG_X86_LEGACY][p[1]];
		}
		if (e & HG_FD_0F)
			e = hg_x86_fd[HG_X86_0F][p[++pos]];
		if (e & HG_FD_COMPLEX)
			return hg_x86_fast_full(p);
	}
	/* p[pos] is the opcode */
	len = pos + 1 + (e & HG_FD_IMM);
	if (e & HG_FD_MODRM) {
		unsigned int ml = hg_x86_mlen[p[pos + 1]];

		if (ml & HG_MLEN_SIB)
			ml = (p[pos + 2] & 7) == 5 ? 6 : 2;
		len += ml;
	}
	cls = (e >> HG_FD_CLS_SHIFT) & 0xff;
	if (unlikely(e & HG_FD_RARE)) {
		unsigned int r = hg_x86_fast_rare(p, pos, e, len);

		len = r & 0xff;
		cls = r >> 8;
	}
	return cls << 8 | len;
}

/**
 * hg_x86_slow() - decode, classify and count one instruction the long way
 * @p: the instruction
 * @rem: bytes at @p
 * @c: counts to add to
 *
 * Return: as hg_x86_decode().
 */
static int hg_x86_slow(const u8 *p, unsigned int rem, struct hg_counts *c)
{
	struct hg_insn insn;
	int ret = hg_decode_classify(HG_ARCH_X86_64, p, rem, &insn);

	hg_count(c, insn.cls);
	return ret;
}

/**
 * hg_x86_ends_path() - does the instruction at @p leave the straight line?
 * @p: a decoded instruction, with at least 6 readable bytes
 *
 * True for RET, JMP (direct or indirect) and a conditional jump backwards:
 * a loop's back edge, which is almost always taken, so the bytes after
 * it are not what runs next.  REX, BND (F2) and NOTRACK (3E) prefixes are
 * looked through; other prefixed forms are rare enough to ignore.
 *
 * Return: true if the straight-line path ends after this instruction.
 */
static bool hg_x86_ends_path(const u8 *p)
{
	u8 op = p[0];

	if (op == 0xf2 || op == 0x3e)
		op = *++p;
	if ((op & 0xf0) == 0x40)
		op = *++p;
	switch (op) {
	case 0xc2:
	case 0xc3:
	case 0xe9:
	case 0xeb:
		return true;
	case 0x70 ... 0x7f:
		return p[1] & 0x80;
	case 0x0f:
		return p[2 + 3] & 0x80 && p[1] >= 0x80 && p[1] <= 0x8f;
	case 0xff:
		return ((p[1] >> 3) & 7) == 4 || ((p[1] >> 3) & 7) == 5;
	}
	return false;
}

/*
 * Windows of up to HG_FAST_COPY bytes, and the last bytes of longer ones,
 * are decoded from a zero-padded copy, so that hg_x86_fast_insn() can
 * read HG_FAST_PEEK bytes anywhere.
 */
#define HG_FAST_COPY	64

/**
 * hg_x86_copied() - hg_x86_window() on a zero-padded copy of the bytes
 * @buf: the bytes
 * @rem: how many, at most HG_FAST_COPY
 * @n: instructions counted so far
 * @max_insns: instruction limit
 * @path: stop after an instruction that leaves the straight-line path
 * @c: counts to add to
 *
 * An instruction that hg_x86_fast_insn() finds longer than the bytes left
 * is truncated, as it read only bytes of that instruction: the decoder
 * would have run out of bytes too (and with fewer than 15 bytes left that
 * means truncated, not too long).
 *
 * Return: the number of instructions counted, including @n.
 */
static unsigned int hg_x86_copied(const u8 *buf, unsigned int rem,
				  unsigned int n, unsigned int max_insns,
				  bool path, struct hg_counts *c)
{
	u8 copy[HG_FAST_COPY + 2 * HG_FAST_PEEK];
	const u8 *p = copy;
	unsigned int i, r;
	int ret;

	__builtin_memset(copy, 0, sizeof(copy));
	__builtin_memcpy(copy, buf, rem);
	while (rem) {
		if (unlikely(n >= max_insns))
			return n;
		n++;
		r = hg_x86_fast_insn(p);
		i = r & 0xff;
		/* HG_FAST_NONE is more than HG_FAST_COPY */
		if (unlikely(i > rem)) {
			if (i <= HG_X86_MAX_INSN_LEN &&
			    rem < HG_X86_MAX_INSN_LEN) {
				hg_count(c, HG_CLASS_TRUNCATED);
				return n;
			}
			/* the copy holds the same bytes up to @rem */
			ret = hg_x86_slow(p, rem, c);
			if (ret < 0)
				return n;
			p += ret;
			rem -= ret;
			continue;
		}
		hg_count(c, r >> 8);
		if (path && hg_x86_ends_path(p))
			return n;
		p += i;
		rem -= i;
	}
	return n;
}

/**
 * hg_x86_window() - x86-64 window loop
 * @buf: the window
 * @len: bytes in the window
 * @max_insns: instruction limit
 * @path: stop after an instruction that leaves the straight-line path
 * @c: counts to add to
 *
 * Sizes and classifies most instructions with hg_x86_fast_insn(), the
 * rest with hg_x86_decode().  The fuzz harness and odcheck check that both
 * paths agree.
 *
 * Return: the number of instructions counted.
 */
static unsigned int hg_x86_window(const u8 *buf, unsigned int len,
				  unsigned int max_insns, bool path,
				  struct hg_counts *c)
{
	const u8 *p = buf, *end = buf + len, *bulk;
	unsigned int n = 0, i, r;
	int ret;

	if (len <= HG_FAST_COPY)
		return hg_x86_copied(buf, len, 0, max_insns, path, c);

	/* while more than HG_FAST_PEEK bytes are left */
	bulk = end - HG_FAST_PEEK;
	while (p < bulk) {
		if (unlikely(n >= max_insns))
			return n;
		n++;
		r = hg_x86_fast_insn(p);
		i = r & 0xff;
		if (unlikely(i > HG_X86_MAX_INSN_LEN || i > end - p)) {
			ret = hg_x86_slow(p, end - p, c);
			if (ret < 0)
				return n;
			p += ret;
			continue;
		}
		hg_count(c, r >> 8);
		if (path && hg_x86_ends_path(p))
			return n;
		p += i;
	}
	if (p == end || n >= max_insns)
		return n;
	return hg_x86_copied(p, end - p, n, max_insns, path, c);
}

static unsigned int hg_classify(enum hg_arch arch, const u8 *buf,
				unsigned int len, unsigned int max_insns,
				bool path, struct hg_counts *c)
{
	unsigned int off = 0, n = 0;
	struct hg_insn insn;

	if (arch == HG_ARCH_X86_64 && likely(hg_x86_ready)) {
		n = hg_x86_window(buf, len, max_insns, path, c);
	} else {
		while (off < len && n < max_insns) {
			int ret = hg_decode_classify(arch, buf + off,
						     len - off, &insn);

			n++;
			hg_count(c, insn.cls);
			if (ret < 0)
				break;
			off += ret;
		}
	}
	if (c->insns > (u16)~0u - n)
		c->insns = (u16)~0u;
	else
		c->insns += n;
	return n;
}

unsigned int hg_classify_window_arch(enum hg_arch arch, const u8 *buf,
				     unsigned int len, unsigned int max_insns,
				     struct hg_counts *c)
{
	return hg_classify(arch, buf, len, max_insns, false, c);
}

unsigned int hg_classify_window(const u8 *buf, unsigned int len,
				unsigned int max_insns, struct hg_counts *c)
{
	return hg_classify(HG_ARCH_X86_64, buf, len, max_insns, false, c);
}

unsigned int hg_classify_path(const u8 *buf, unsigned int len,
			      unsigned int max_insns, struct hg_counts *c)
{
	return hg_classify(HG_ARCH_X86_64, buf, len, max_insns, true, c);
}
