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
 *    MUL/ADD/XOR;
 *  - RandomX: scalar ALU and SSE2 double arithmetic (ADDPD, MULPD, DIVPD,
 *    SQRTPD) under rounding modes changed with LDMXCSR, AES in its
 *    generators;
 *  - SHA-256d: ALU rotate/shift/xor/add (RORX with BMI2) or SHA-NI;
 *  - scrypt (Salsa20/8), Blake2, Keccak, ChaCha: add/xor/rotate, in scalar
 *    (ROL/ROR, SHLD) or SIMD form (PADDD, PXOR, PSLLD+PSRLD or VPROLD,
 *    PSHUFB/PSHUFD rotations, VPTERNLOG), sometimes GFNI or XOP VPROT.
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

	/* ---- scalar hash-round ALU: add, xor, rotate, shift, not ---- */
	OPS(LEGACY, 0x00, 0x05, PANY, ALU),		/* add */
	OPS(LEGACY, 0x30, 0x33, PANY, ALU | ZI),	/* xor r/m, r */
	OPS(LEGACY, 0x34, 0x35, PANY, ALU),		/* xor al/eax, imm */
	RULE(LEGACY, 0x80, 0x83, PANY, R_(0) | R_(6), MOD_ANY, ALU),
							/* add/xor r/m, imm */
	/* rol ror shl shr sal sar (not rcl/rcr): C0 C1 D0-D3 /0 /1 /4-/7 */
	RULE(LEGACY, 0xc0, 0xc1, PANY, RANY & ~(R_(2) | R_(3)), MOD_ANY, ALU),
	RULE(LEGACY, 0xd0, 0xd3, PANY, RANY & ~(R_(2) | R_(3)), MOD_ANY, ALU),
	RULE(LEGACY, 0xf6, 0xf7, PANY, R_(2), MOD_ANY, ALU),	/* not */
	OPS(0F, 0xa4, 0xa5, PANY, ALU),			/* shld */
	OPS(0F, 0xac, 0xad, PANY, ALU),			/* shrd */
	OP(VEX_0F3A, 0xf0, PF2, ALU),			/* rorx */
	OP(VEX_0F38, 0xf2, NP, ALU),			/* andn */
	OP(VEX_0F38, 0xf7, P66 | PF3 | PF2, ALU),	/* shlx sarx shrx */

	/* ---- SIMD hash-round: vector add, xor, rotate, shift, shuffle ---- */
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
	/* vprord vprorq (72 /0), vprold vprolq (72 /1) */
	RULE(EVEX_0F, 0x72, 0x72, P66, R_(0) | R_(1), MOD_ANY, SIMD),
	OPS(EVEX_0F38, 0x14, 0x15, P66, SIMD),		/* vprorv[dq] vprolv[dq] */
	OPS(EVEX_0F3A, 0x70, 0x73, P66, SIMD),		/* vpshld[wdq] vpshrd[wdq] */
	OPS(EVEX_0F38, 0x70, 0x73, P66, SIMD),		/* vpshldv* vpshrdv* */
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
	OPS(XOP8, 0xc0, 0xc3, PANY, SIMD),		/* vprot[bwdq] imm */
	OPS(XOP9, 0x90, 0x93, PANY, SIMD),		/* vprot[bwdq] */

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
 * Window fast path: hg_x86_fast_desc() in the low byte, the class entry
 * of the unprefixed opcode in the high byte; [0] one-byte map, [1] 0F.
 */
static u16 hg_x86_fast[2][256];

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

	for (op = 0; op < 256; op++) {
		hg_x86_fast[0][op] = hg_x86_fast_desc(0, op) |
			hg_x86_class[HG_X86_LEGACY][op][HG_X86_PFX_NONE] << 8;
		hg_x86_fast[1][op] = hg_x86_fast_desc(1, op) |
			hg_x86_class[HG_X86_0F][op][HG_X86_PFX_NONE] << 8;
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

/**
 * hg_x86_window() - x86-64 window loop with a fast path
 * @buf: the window
 * @len: bytes in the window
 * @max_insns: instruction limit
 * @c: counts to add to
 *
 * Most instructions have no prefix but REX and a one-byte or 0F opcode
 * whose length follows from the opcode, ModRM and REX.W alone; those are
 * sized here with hg_x86_fast[] (built from the decoder's own tables by
 * hg_x86_fast_desc()) and hg_x86_modrm_len().  Everything else, and
 * anything near the end of the window, goes through hg_x86_decode().
 * The fuzz harness checks that both paths agree.
 *
 * Return: the number of instructions counted.
 */
static unsigned int hg_x86_window(const u8 *buf, unsigned int len,
				  unsigned int max_insns, struct hg_counts *c)
{
	unsigned int off = 0, n = 0;

	while (off < len && n < max_insns) {
		const u8 *p = buf + off;
		unsigned int rem = len - off, i = 0, rex = 0, modrm = 0;
		unsigned int op, e, cls, mlen;
		struct hg_insn insn;
		int ret;

		n++;
		if ((p[0] & 0xf0) == 0x40) {
			rex = p[0];
			i = 1;
		}
		if (rem < i + 3)
			goto slow;
		op = p[i];
		e = hg_x86_fast[0][op];
		if (op == 0x0f)
			e = hg_x86_fast[1][p[++i]];
		if (e & HG_X86_FAST_SLOW)
			goto slow;
		i++;
		if (e & HG_X86_FAST_MODRM) {
			modrm = p[i];
			mlen = hg_x86_modrm_len(p + i, rem - i);
			if (!mlen)
				goto slow;
			i += mlen;
		}
		i += e & HG_X86_FAST_IMM_MASK;
		if ((e & HG_X86_FAST_IMM64) && (rex & 0x08))
			i += 4;
		if (i > rem) {
			/* at most 13 bytes, so cut short, not too long */
			hg_count(c, HG_CLASS_TRUNCATED);
			break;
		}
		cls = e >> 8;
		if (cls & (HG_REFINE | ZI)) {
			/* REX.R and REX.B extend ModRM.reg and ModRM.rm */
			struct hg_x86_insn x = {
				.modrm = modrm,
				.rxb = ((rex & 0x04) << 1) | (rex & 0x01),
			};

			cls = hg_x86_resolve(cls, HG_X86_PFX_NONE, &x);
		}
		hg_count(c, cls);
		off += i;
		continue;
slow:
		ret = hg_decode_classify(HG_ARCH_X86_64, p, rem, &insn);
		hg_count(c, insn.cls);
		if (ret < 0)
			break;
		off += ret;
	}
	return n;
}

unsigned int hg_classify_window_arch(enum hg_arch arch, const u8 *buf,
				     unsigned int len, unsigned int max_insns,
				     struct hg_counts *c)
{
	unsigned int off = 0, n = 0;
	struct hg_insn insn;

	if (arch == HG_ARCH_X86_64 && likely(hg_x86_ready)) {
		n = hg_x86_window(buf, len, max_insns, c);
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

unsigned int hg_classify_window(const u8 *buf, unsigned int len,
				unsigned int max_insns, struct hg_counts *c)
{
	return hg_classify_window_arch(HG_ARCH_X86_64, buf, len, max_insns, c);
}
