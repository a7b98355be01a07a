// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * odcheck: compare hashguard's x86-64 decoder with binutils.
 *
 * For every binary on the command line, runs
 *	objdump -d -w -z -M intel64 BINARY
 * and decodes every instruction objdump prints (all executable sections)
 * with hg_classify_insn(), giving the decoder the instruction's bytes plus
 * the bytes of the instructions that follow it (up to 15 more), exactly as
 * they sit in the section.  It then checks that
 *  - the lengths agree,
 *  - the class agrees with objdump's mnemonic (and, for zeroing idioms
 *    and shifts, its operands), in both directions, for every class but
 *    "other": od_class() knows the mnemonics of aes, sha, clmul, gfni,
 *    rounding, hash_alu, hash_simd, rotate, mul and fp (x87,
 *    SSE/AVX/FP16 arithmetic, FMA, 3DNow!), and
 *  - hg_classify_window()'s fast path gives the same class as
 *    hg_classify_insn().
 *
 * "-M intel64" makes objdump decode near branches with a 66 prefix the way
 * Intel CPUs and hg_x86_decode() do (rel32).  Lines objdump prints as
 * "(bad)" or ".byte" are data inside code and are skipped; the next line is
 * decoded afresh, so a resync never causes a cascade.  Known objdump quirks
 * are listed in odcheck_quirks[] below; anything else is a disagreement,
 * printed with its address, bytes and objdump's line, and makes the exit
 * status 1.  Usage: odcheck [-v] BINARY...  (HG_TAP=file appends TAP lines)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"

#define LINE_MAX_LEN	1024
#define LOOKAHEAD	16	/* ring of instructions: enough for 15 bytes */
#define MAX_REPORT	25

struct od_insn {
	unsigned long addr;
	unsigned int len;
	unsigned char bytes[HG_X86_MAX_INSN_LEN + 1];
	char text[LINE_MAX_LEN];
};

/*
 * objdump quirks.  Each is recognised by check_quirk() and counted; the
 * reason is printed in the summary.
 */
enum quirk {
	Q_PREFIX_LINE,
	Q_PREFIX_VEX,
	Q_FWAIT,
	Q_NR
};

static const struct {
	const char *name;
	const char *example;
	const char *reason;
} odcheck_quirks[Q_NR] = {
	[Q_PREFIX_LINE] = {
		"prefix-only line", "48 | 66 90 (rex.W / xchg %ax,%ax)",
		"objdump prints a prefix that has no effect (a REX not right "
		"before the opcode, or more prefixes than it is willing to "
		"attach) as an instruction of its own; the CPU, and "
		"hg_x86_decode(), treat it as part of the next instruction. "
		"The line is skipped; the next line is compared as usual.",
	},
	[Q_PREFIX_VEX] = {
		"legacy/REX prefix before VEX", "66 c5 f9 ef c0 (data16 vpxor)",
		"a 66/F2/F3/F0/REX prefix before VEX/EVEX/XOP raises #UD, so "
		"hg_x86_decode() reports it invalid; objdump decodes it anyway.",
	},
	[Q_FWAIT] = {
		"fwait merged into x87 insn", "9b d9 75 f9 (fstenv -0x7(%rbp))",
		"objdump treats FWAIT (9B) as a prefix of a following x87 "
		"instruction and prints e.g. fnstenv as fstenv; the CPU "
		"executes two instructions.  Accepted when hg_x86_decode() "
		"gives 1 for the 9B and the rest of objdump's length for what "
		"follows.",
	},
};

/* Mnemonic-level prefixes objdump prints before the real mnemonic. */
static const char *const od_prefix_words[] = {
	"lock", "rep", "repz", "repnz", "repe", "repne", "data16", "data32",
	"addr32", "addr16", "cs", "ds", "es", "ss", "fs", "gs", "bnd",
	"notrack", "xacquire", "xrelease", "{vex}", "{vex3}", "{evex}",
	"{disp32}", "{disp8}", "{load}", "{store}", "rex", NULL,
};

static int is_prefix_word(const char *w, size_t n)
{
	const char *const *p;

	if (n >= 3 && !strncmp(w, "rex", 3))
		return 1;	/* rex, rex.W, rex.WRXB ... */
	for (p = od_prefix_words; *p; p++)
		if (strlen(*p) == n && !strncmp(w, *p, n))
			return 1;
	return 0;
}

/*
 * Find the mnemonic in objdump's disassembly text.  Returns 0 and an empty
 * mnemonic if the line has only prefixes.
 */
static int od_mnemonic(const char *text, char *mn, size_t size)
{
	const char *p = text;

	for (;;) {
		const char *w;
		size_t n;

		while (*p == ' ' || *p == '\t')
			p++;
		w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		n = p - w;
		if (!n) {
			mn[0] = 0;
			return 0;
		}
		if (!is_prefix_word(w, n)) {
			/* "fneni(8087 only)" */
			if (memchr(w, '(', n))
				n = (const char *)memchr(w, '(', n) - w;
			if (n >= size)
				n = size - 1;
			memcpy(mn, w, n);
			mn[n] = 0;
			return 1;
		}
	}
}

static int in_list(const char *mn, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(mn, *list))
			return 1;
	return 0;
}

/* @mn is one of @list, or one of @list plus an AT&T size suffix. */
static int in_list_sized(const char *mn, const char *const *list)
{
	char base[64];
	size_t n = strlen(mn);

	if (in_list(mn, list))
		return 1;
	if (n < 2 || n >= sizeof(base) || !strchr("bwlq", mn[n - 1]))
		return 0;
	memcpy(base, mn, n - 1);
	base[n - 1] = 0;
	return in_list(base, list);
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * Split objdump's operand text at top-level commas.  Returns the number of
 * operands (at most @max), each copied into ops[i].
 */
static int od_operands(const char *text, char ops[][64], int max)
{
	const char *p = text;
	int n = 0, depth = 0;
	size_t k = 0;

	/* skip prefixes and the mnemonic: operands follow the first blank */
	while (*p == ' ')
		p++;
	for (;;) {
		const char *w = p;

		while (*p && *p != ' ')
			p++;
		if (!is_prefix_word(w, p - w))
			break;
		while (*p == ' ')
			p++;
	}
	while (*p == ' ')
		p++;
	if (!*p || *p == '#' || *p == '<')
		return 0;
	for (; *p && *p != '#' && n < max; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		if (*p == ',' && !depth) {
			ops[n++][k] = 0;
			k = 0;
			continue;
		}
		if (*p == ' ')
			continue;
		if (k < 63)
			ops[n][k++] = *p;
	}
	if (n < max) {
		ops[n][k] = 0;
		n++;
	}
	return n;
}

/*
 * The class objdump's line implies, or -1 when the mnemonic does not say
 * (for the classes "other" and below there is no complete list).
 */
static int od_class(const char *mn, const char *text)
{
	static const struct {
		const char *prefix;
		int cls;
	} crypto[] = {
		{ "aes", HG_CLASS_AES }, { "vaes", HG_CLASS_AES },
		{ "sha1", HG_CLASS_SHA }, { "sha256", HG_CLASS_SHA },
		{ "vsha512", HG_CLASS_SHA }, { "vsm3", HG_CLASS_SHA },
		{ "vsm4", HG_CLASS_SHA },
		{ "pclmul", HG_CLASS_CLMUL }, { "vpclmul", HG_CLASS_CLMUL },
		{ "gf2p8", HG_CLASS_GFNI }, { "vgf2p8", HG_CLASS_GFNI },
	};
	static const char *const rounding[] = {
		"ldmxcsr", "vldmxcsr", "fldcw", NULL,
	};
	static const char *const alu[] = {
		"add", "xor", "shl", "shr", "sal", "sar", "not", "andn",
		"shlx", "shrx", "sarx", NULL,
	};
	static const char *const simd[] = {
		"pxor", "vpxor", "vpxord", "vpxorq", "paddd", "paddq",
		"vpaddd", "vpaddq", "pshufb", "vpshufb", "pshufd", "vpshufd",
		"vpternlogd", "vpternlogq", "palignr", "vpalignr", NULL,
	};
	/* scalar ones also with an AT&T size suffix */
	static const char *const rotate[] = {
		"rol", "ror", "shld", "shrd", "rorx", NULL,
	};
	static const char *const simd_rotate[] = {
		"vprold", "vprord", "vprolq", "vprorq", "vprolvd", "vprolvq",
		"vprorvd", "vprorvq", "vpshldw", "vpshldd", "vpshldq",
		"vpshrdw", "vpshrdd", "vpshrdq", "vpshldvw", "vpshldvd",
		"vpshldvq", "vpshrdvw", "vpshrdvd", "vpshrdvq", "vprotb",
		"vprotw", "vprotd", "vprotq", NULL,
	};
	static const char *const mul[] = {
		"mul", "imul", "mulx", NULL,
	};
	static const char *const simd_mul[] = {
		"pmuludq", "vpmuludq", "pmuldq", "vpmuldq", "pmulld", "vpmulld",
		"vpmullq", "pmullw", "vpmullw", "pmulhw", "vpmulhw", "pmulhuw",
		"vpmulhuw", "pmaddwd", "vpmaddwd", "pmaddubsw", "vpmaddubsw",
		NULL,
	};
	/* shifts by immediate only */
	static const char *const simd_imm[] = {
		"pslld", "psrld", "psllq", "psrlq", "vpslld", "vpsrld",
		"vpsllq", "vpsrlq", NULL,
	};
	static const char *const zero_idiom[] = {
		"xor", "pxor", "vpxor", "vpxord", "vpxorq", NULL,
	};
	/* x87 instructions that are not arithmetic */
	static const char *const x87_control[] = {
		"fwait", "fnstcw", "fstcw", "fldenv", "fnstenv", "fstenv",
		"frstor", "fnsave", "fsave", "fnstsw", "fstsw", "fninit",
		"finit", "fnclex", "fclex", "fndisi", "fdisi", "fneni", "feni",
		"fnsetpm", "fsetpm", "frstpm", "femms", "fxsave", "fxsave64", "fxrstor",
		"fxrstor64", NULL,
	};
	static const char *const fp_ops[] = {
		"add", "sub", "mul", "div", "min", "max", "sqrt", "rsqrt",
		"rcp", "rsqrt14", "rcp14", "hadd", "hsub", "addsub", "round",
		"rndscale", "dp", NULL,
	};
	static const char *const fp_types[] = {
		"ps", "pd", "ss", "sd", "ph", "sh", NULL,
	};
	char ops[4][64], base[64];
	size_t i, n;
	const char *m = mn;
	int nops;

	for (i = 0; i < sizeof(crypto) / sizeof(crypto[0]); i++)
		if (starts_with(mn, crypto[i].prefix))
			return crypto[i].cls;
	if (in_list(mn, rounding))
		return HG_CLASS_ROUNDING;
	if (in_list_sized(mn, rotate) || in_list(mn, simd_rotate))
		return HG_CLASS_ROTATE;
	if (in_list_sized(mn, mul) || in_list(mn, simd_mul))
		return HG_CLASS_MUL;

	nops = od_operands(text, ops, 4);
	if (in_list_sized(mn, alu) || in_list(mn, simd) ||
	    (in_list(mn, simd_imm) && nops >= 2 && ops[0][0] == '$')) {
		/* xor %eax,%eax / vpxor %xmm1,%xmm1,%xmm0: zeroing idiom */
		if (in_list_sized(mn, zero_idiom) && nops >= 2 &&
		    ops[0][0] == '%' && !strcmp(ops[0], ops[1]))
			return HG_CLASS_OTHER;
		return mn[0] == 'v' || mn[0] == 'p' ? HG_CLASS_HASH_SIMD :
		       HG_CLASS_HASH_ALU;
	}
	if (in_list(mn, simd_imm))
		return -1;	/* shift by register: not a hash class */

	/* x87 */
	if (mn[0] == 'f')
		return in_list(mn, x87_control) ? HG_CLASS_OTHER : HG_CLASS_FP;
	/* 3DNow! */
	if (starts_with(mn, "pf") || starts_with(mn, "pi2f"))
		return HG_CLASS_FP;
	/* SSE/AVX: [v]OP{ps,pd,ss,sd,ph,sh}, FMA3/FMA4, vfrcz */
	if (starts_with(mn, "vfmadd") || starts_with(mn, "vfmsub") ||
	    starts_with(mn, "vfnmadd") || starts_with(mn, "vfnmsub") ||
	    starts_with(mn, "vfrcz") || starts_with(mn, "vfcmaddc") ||
	    starts_with(mn, "vfmulc") || starts_with(mn, "vfcmulc"))
		return HG_CLASS_FP;
	if (m[0] == 'v')
		m++;
	n = strlen(m);
	if (n > 2 && n < sizeof(base) && in_list(m + n - 2, fp_types)) {
		memcpy(base, m, n - 2);
		base[n - 2] = 0;
		if (in_list(base, fp_ops))
			return HG_CLASS_FP;
	}
	return -1;
}

/* Classes whose every member od_class() recognises. */
static int checked_class(int cls)
{
	return cls != HG_CLASS_OTHER && cls != HG_CLASS_INVALID &&
	       cls != HG_CLASS_TRUNCATED;
}

struct stats {
	unsigned long compared, bad, disagree, quirk[Q_NR];
	unsigned long cls[HG_CLASS_MAX];
};

static int verbose;
static unsigned long total_insns;

static void report(const char *bin, const struct od_insn *in,
		   const char *what, int ret, const struct hg_insn *hi,
		   struct stats *st)
{
	unsigned int i;

	st->disagree++;
	if (st->disagree > MAX_REPORT)
		return;
	printf("DISAGREE %s %#lx: %s: objdump len %u, hashguard %d (%s):",
	       bin, in->addr, what, in->len, ret, hg_class_name(hi->cls));
	for (i = 0; i < in->len; i++)
		printf(" %02x", in->bytes[i]);
	printf("\n    objdump: %s\n", in->text);
}

static int is_legacy_or_rex_prefix(unsigned char b)
{
	return (b & 0xf0) == 0x40 || b == 0x66 || b == 0x67 || b == 0xf0 ||
	       b == 0xf2 || b == 0xf3 || b == 0x26 || b == 0x2e ||
	       b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65;
}

/* Decode ring[head] with everything that follows it; compare. */
static void check_one(const char *bin, struct od_insn *ring,
		      unsigned int head, unsigned int count, struct stats *st)
{
	struct od_insn *in = &ring[head % LOOKAHEAD];
	unsigned char buf[64];
	unsigned int n = 0, k, i;
	struct hg_counts wc;
	struct hg_insn hi;
	char mn[64];
	int ret, want;

	for (k = 0; k < count && n < HG_X86_MAX_INSN_LEN + 1; k++) {
		struct od_insn *o = &ring[(head + k) % LOOKAHEAD];

		for (i = 0; i < o->len && n < sizeof(buf); i++)
			buf[n++] = o->bytes[i];
	}
	if (n > HG_X86_MAX_INSN_LEN + 1)
		n = HG_X86_MAX_INSN_LEN + 1;

	if (strstr(in->text, "(bad)") || !strncmp(in->text, ".byte", 5)) {
		st->bad++;
		return;
	}
	memset(&hi, 0, sizeof(hi));
	ret = hg_classify_insn(HG_ARCH_X86_64, buf, n, &hi);

	if (!od_mnemonic(in->text, mn, sizeof(mn))) {
		/* Only prefixes on this line. */
		for (i = 0; i < in->len; i++)
			if (!is_legacy_or_rex_prefix(in->bytes[i]))
				break;
		if (i == in->len) {
			st->quirk[Q_PREFIX_LINE]++;
			return;
		}
	}
	if (ret == HG_DECODE_INVALID) {
		for (i = 0; i < in->len && is_legacy_or_rex_prefix(in->bytes[i]);
		     i++)
			;
		if (i > 0 && i < in->len &&
		    (in->bytes[i] == 0xc4 || in->bytes[i] == 0xc5 ||
		     in->bytes[i] == 0x62 || in->bytes[i] == 0x8f)) {
			st->quirk[Q_PREFIX_VEX]++;
			return;
		}
	}
	if (ret == 1 && in->bytes[0] == 0x9b && in->len > 1) {
		struct hg_insn rest;

		if (hg_classify_insn(HG_ARCH_X86_64, buf + 1, n - 1, &rest) ==
		    (int)in->len - 1) {
			st->quirk[Q_FWAIT]++;
			return;
		}
	}
	st->compared++;
	if (ret < 0 || (unsigned int)ret != in->len) {
		report(bin, in, "length", ret, &hi, st);
		return;
	}
	st->cls[hi.cls]++;
	/* the window fast path must agree with the general decoder */
	memset(&wc, 0, sizeof(wc));
	if (hg_classify_window(buf, n, 1, &wc) != 1 || wc.n[hi.cls] != 1) {
		report(bin, in, "window fast path", ret, &hi, st);
		return;
	}
	want = od_class(mn, in->text);
	if ((want >= 0 || checked_class(hi.cls)) && want != hi.cls) {
		report(bin, in, want >= 0 ? hg_class_name(want) :
		       "class (objdump: none)", ret, &hi, st);
		return;
	}
	if (verbose > 1)
		printf("%#lx %u %s %s\n", in->addr, in->len,
		       hg_class_name(hi.cls), in->text);
}

/* Parse "  addr:\tbytes\ttext".  Returns 1 for an instruction line. */
static int parse_line(char *line, struct od_insn *in)
{
	char *p = line, *end;
	unsigned long addr;

	while (*p == ' ')
		p++;
	addr = strtoul(p, &end, 16);
	if (end == p || *end != ':' || end[1] != '\t')
		return 0;
	p = end + 2;
	in->addr = addr;
	in->len = 0;
	while (isxdigit((unsigned char)p[0]) && isxdigit((unsigned char)p[1])) {
		if (in->len >= sizeof(in->bytes))
			return 0;
		in->bytes[in->len++] = (unsigned char)strtoul((char[3]){ p[0], p[1], 0 },
							      NULL, 16);
		p += 2;
		if (*p == ' ')
			p++;
	}
	if (!in->len)
		return 0;
	while (*p == ' ')
		p++;
	if (*p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == '\n' || end[-1] == ' '))
		*--end = 0;
	snprintf(in->text, sizeof(in->text), "%s", p);
	return 1;
}

static int check_binary(const char *path, FILE *tap)
{
	static struct od_insn ring[LOOKAHEAD];
	static char line[LINE_MAX_LEN * 2];
	const char *bin = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	unsigned int head = 0, count = 0, avail = 0, c;
	struct stats st;
	char cmd[4096];
	FILE *f;
	int status;

	memset(&st, 0, sizeof(st));
	snprintf(cmd, sizeof(cmd),
		 "objdump -d -w -z -M intel64 '%s' 2>/dev/null", path);
	f = popen(cmd, "r");
	if (!f) {
		perror("popen");
		return 1;
	}
	/*
	 * Keep a ring of the upcoming instructions; decode the head once
	 * 15 bytes beyond its start are known or the code run ends.
	 */
	while (fgets(line, sizeof(line), f)) {
		struct od_insn tmp;

		if (!parse_line(line, &tmp)) {
			if (!strncmp(line, "Disassembly of section", 22)) {
				while (count) {
					check_one(bin, ring, head, count, &st);
					avail -= ring[head % LOOKAHEAD].len;
					head++;
					count--;
				}
			}
			continue;
		}
		if (count) {
			struct od_insn *last = &ring[(head + count - 1) % LOOKAHEAD];

			if (last->addr + last->len != tmp.addr) {
				/* not contiguous: flush */
				while (count) {
					check_one(bin, ring, head, count, &st);
					avail -= ring[head % LOOKAHEAD].len;
					head++;
					count--;
				}
			}
		}
		ring[(head + count) % LOOKAHEAD] = tmp;
		count++;
		avail += tmp.len;
		while (count && (avail - ring[head % LOOKAHEAD].len >=
				 HG_X86_MAX_INSN_LEN || count == LOOKAHEAD)) {
			check_one(bin, ring, head, count, &st);
			avail -= ring[head % LOOKAHEAD].len;
			head++;
			count--;
		}
	}
	while (count) {
		check_one(bin, ring, head, count, &st);
		avail -= ring[head % LOOKAHEAD].len;
		head++;
		count--;
	}
	status = pclose(f);
	if (status != 0 || st.compared == 0) {
		printf("%s: objdump failed or printed nothing (status %d)\n",
		       path, status);
		if (tap)
			fprintf(tap, "not ok - decode: objdump %s\n", bin);
		return 1;
	}

	printf("%-22s %9lu insns  %lu disagreements  %lu (bad)/.byte skipped",
	       bin, st.compared, st.disagree, st.bad);
	for (c = 0; c < Q_NR; c++)
		printf("  quirk[%s]=%lu", odcheck_quirks[c].name, st.quirk[c]);
	printf("\n   classes:");
	for (c = 0; c < HG_CLASS_MAX; c++)
		printf(" %s=%lu", hg_class_name(c), st.cls[c]);
	printf("\n");
	if (tap)
		fprintf(tap, "%s - decode: objdump %s\n",
			st.disagree ? "not ok" : "ok", bin);
	total_insns += st.compared;
	return st.disagree ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *tap_path = getenv("HG_TAP");
	FILE *tap = NULL;
	int i, fail = 0, nbin = 0;
	unsigned int q;

	if (hg_classify_init()) {
		fprintf(stderr, "odcheck: hg_classify_init failed\n");
		return 2;
	}
	if (tap_path && *tap_path) {
		tap = fopen(tap_path, "a");
		if (!tap) {
			perror(tap_path);
			return 2;
		}
		setvbuf(tap, NULL, _IOLBF, 0);
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v")) {
			verbose++;
			continue;
		}
		nbin++;
		fail |= check_binary(argv[i], tap);
		fflush(stdout);
	}
	if (!nbin) {
		fprintf(stderr, "usage: odcheck [-v] BINARY...\n");
		return 2;
	}
	printf("total: %lu instructions compared over %d binaries: %s\n",
	       total_insns, nbin, fail ? "FAIL" : "clean");
	printf("objdump quirks tolerated:\n");
	for (q = 0; q < Q_NR; q++)
		printf("  - %s, e.g. %s: %s\n", odcheck_quirks[q].name,
		       odcheck_quirks[q].example, odcheck_quirks[q].reason);
	if (tap)
		fclose(tap);
	return fail;
}
