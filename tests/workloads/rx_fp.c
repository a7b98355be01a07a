// SPDX-License-Identifier: GPL-2.0
/*
 * rx_fp: a RandomX-like virtual machine (Monero's proof of work since
 * 2019), interpreted in C the way RandomX's portable bytecode machine
 * runs it.
 *
 * Mirrors RandomX's structure and instruction mix, not its exact output:
 *  - AesGenerator1R (four 16-byte lanes, aesdec/aesenc/aesdec/aesenc with
 *    RandomX's fixed keys) fills the 2 MiB scratchpad and generates each
 *    program: 256 eight-byte instructions plus a configuration block.
 *  - The VM has eight 64-bit integer registers r0-r7 and twelve pairs of
 *    doubles f0-f3, e0-e3 (fed from the scratchpad) and a0-a3 (constants).
 *    RandomX's 29 instructions are decoded with its frequencies: 64-bit
 *    add/sub/mul, mulh, reciprocal multiply, xor, rotate, swap, loads and
 *    stores in the L1/L2/L3 windows of the scratchpad, packed double
 *    add/sub/mul/div/sqrt, and conditional branches.
 *  - CFROUND sets the MXCSR rounding mode from a register (_mm_setcsr,
 *    i.e. ldmxcsr).  RandomX gives it 1 of 256 opcode slots, about one
 *    change per program pass; here it gets CFROUND_WEIGHT slots (taken
 *    from CBRANCH) so the mode changes every few instructions.
 *  - Each of the 2048 loop iterations of a program xors scratchpad lines
 *    into the registers, runs the program, mixes in a 64-byte item of a
 *    2 MiB read-only dataset-like buffer at a register-dependent address
 *    and writes the registers back; every 8 programs a new scratchpad.
 * The final Blake2b/AesHash1R of a real hash are left out.
 *
 * Hash-heavy: dense 64-bit mul/mulh/rotate/xor, double-precision
 * add/sub/mul/div/sqrt with frequent ldmxcsr, AES rounds in the fillers,
 * random 8-byte and 64-byte accesses across 2 MiB.
 *
 * Self-test: the single-round AESENC/AESDEC/AESENCLAST/AESDECLAST
 * vectors of Intel's AES-NI white paper; RandomX's reciprocal test values
 * (tests.cpp) and two even divisors for IMUL_RCP; and that the VM's CFROUND really changes how
 * its FSQRT_R rounds (sqrt(2) rounded up is one ulp above rounded down,
 * round to nearest equals one of them, toward zero equals down).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <emmintrin.h>
#include <wmmintrin.h>
#include <xmmintrin.h>

#include "common.h"

#define SCRATCHPAD_SIZE		(2u << 20)
#define DATASET_SIZE		(2u << 20)
#define L1_MASK			(16384u - 8)
#define L2_MASK			(262144u - 8)
#define L3_MASK			(SCRATCHPAD_SIZE - 8)
#define LINE_MASK		(SCRATCHPAD_SIZE - 64)
#define PROGRAM_SIZE		256
#define PROGRAM_ITERATIONS	2048
#define PROGRAM_COUNT		8
#define SLICE			128	/* loop iterations per run() call */
#define CFROUND_WEIGHT		16
#define MXCSR_DEFAULT		0x9fc0	/* exceptions masked, FTZ, DAZ, nearest */

enum rx_op {
	IADD_RS, IADD_M, ISUB_R, ISUB_M, IMUL_R, IMUL_M, IMULH_R, IMULH_M,
	ISMULH_R, ISMULH_M, IMUL_RCP, INEG_R, IXOR_R, IXOR_M, IROR_R, IROL_R,
	ISWAP_R, FSWAP_R, FADD_R, FADD_M, FSUB_R, FSUB_M, FSCAL_R, FMUL_R,
	FDIV_M, FSQRT_R, CBRANCH, CFROUND, ISTORE, OP_COUNT,
};

/* RandomX's opcode frequencies out of 256, but CFROUND's raised. */
static const uint8_t op_weight[OP_COUNT] = {
	[IADD_RS] = 16, [IADD_M] = 7, [ISUB_R] = 16, [ISUB_M] = 7,
	[IMUL_R] = 16, [IMUL_M] = 4, [IMULH_R] = 4, [IMULH_M] = 1,
	[ISMULH_R] = 4, [ISMULH_M] = 1, [IMUL_RCP] = 8, [INEG_R] = 2,
	[IXOR_R] = 15, [IXOR_M] = 5, [IROR_R] = 8, [IROL_R] = 2,
	[ISWAP_R] = 4, [FSWAP_R] = 4, [FADD_R] = 16, [FADD_M] = 5,
	[FSUB_R] = 16, [FSUB_M] = 5, [FSCAL_R] = 6, [FMUL_R] = 32,
	[FDIV_M] = 4, [FSQRT_R] = 6, [CBRANCH] = 26 - CFROUND_WEIGHT,
	[CFROUND] = CFROUND_WEIGHT, [ISTORE] = 16,
};

struct rx_insn {
	uint8_t op, dst, src;
	uint32_t mask;		/* address window of a memory operand */
	uint64_t imm;		/* sign-extended immediate or derived constant */
	int16_t target;		/* CBRANCH: the instruction before the jump target */
	uint8_t shift;
};

struct rx_vm {
	uint64_t r[8];
	__m128d f[4], e[4], a[4];
	uint64_t e_mask[2];	/* RandomX's E-group mantissa/exponent masks */
	uint32_t read_reg[4];
	uint32_t mx, ma;	/* dataset addresses */
	uint32_t sp0, sp1;	/* scratchpad addresses */
	struct rx_insn prog[PROGRAM_SIZE];
	__m128i gen[4];		/* AesGenerator1R state */
	uint8_t *pad;
	const uint8_t *dataset;
	unsigned int iteration, program;
};

static uint8_t op_table[256];

static void build_op_table(void)
{
	int n = 0;

	for (int op = 0; op < OP_COUNT; op++)
		for (int i = 0; i < op_weight[op]; i++)
			op_table[n++] = (uint8_t)op;
}

/* AesGenerator1R (RandomX spec 3.2): 64 bytes of output per round of each lane. */
static void aes_gen1r(__m128i st[4], void *out, size_t len)
{
	const __m128i k0 = _mm_set_epi32((int)0xb4f44917, (int)0xdbb5552b, 0x62716609, 0x6daca553);
	const __m128i k1 = _mm_set_epi32(0x0da1dc4e, 0x1725d378, (int)0x846a710d, 0x6d7caf07);
	const __m128i k2 = _mm_set_epi32(0x3e20e345, (int)0xf4c0794f, (int)0x9f947ec6, 0x3f1262f1);
	const __m128i k3 = _mm_set_epi32(0x49169154, 0x16314c88, (int)0xb1ba317c, 0x6aef8135);
	__m128i s0 = st[0], s1 = st[1], s2 = st[2], s3 = st[3];
	__m128i *p = out;

	for (size_t i = 0; i < len / 64; i++) {
		s0 = _mm_aesdec_si128(s0, k0);
		s1 = _mm_aesenc_si128(s1, k1);
		s2 = _mm_aesdec_si128(s2, k2);
		s3 = _mm_aesenc_si128(s3, k3);
		_mm_storeu_si128(p++, s0);
		_mm_storeu_si128(p++, s1);
		_mm_storeu_si128(p++, s2);
		_mm_storeu_si128(p++, s3);
	}
	st[0] = s0;
	st[1] = s1;
	st[2] = s2;
	st[3] = s3;
}

/* floor(2^x / d) for the largest x that fits in 64 bits (RandomX's reciprocal). */
static uint64_t reciprocal(uint32_t d)
{
	const uint64_t p2exp63 = 1ULL << 63;
	uint64_t q = p2exp63 / d, rem = p2exp63 % d;
	unsigned int bits = 64 - (unsigned int)__builtin_clzll(d);

	for (unsigned int k = 0; k < bits; k++) {
		if (rem >= d - rem) {
			q = q * 2 + 1;
			rem = rem * 2 - d;
		} else {
			q = q * 2;
			rem = rem * 2;
		}
	}
	return q;
}

/* A small positive double for the a-group constants (RandomX spec 4.5.4). */
static double small_positive(uint64_t entropy)
{
	uint64_t exponent = 0x3ff + ((entropy >> 59) & 0x1f) / 2;	/* 1..~2^15 */
	uint64_t bits = (exponent << 52) | (entropy & ((1ULL << 52) - 1));
	double d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

/* Decode one generated program (RandomX spec 5), resolving CBRANCH targets. */
static void rx_decode(struct rx_vm *vm, const uint8_t *cfg, const uint8_t *code)
{
	int last_write[8];
	int i;

	for (i = 0; i < 8; i++)
		last_write[i] = -1;
	for (i = 0; i < 4; i++) {
		double lo = small_positive(wl_load_le64(cfg + 16 * i));
		double hi = small_positive(wl_load_le64(cfg + 16 * i + 8));

		vm->a[i] = _mm_set_pd(hi, lo);
		vm->read_reg[i] = cfg[64 + i] % 2 + 2 * (unsigned int)i;
	}
	vm->ma = wl_load_le32(cfg + 68) & LINE_MASK;
	vm->mx = wl_load_le32(cfg + 72);
	vm->e_mask[0] = (wl_load_le64(cfg + 80) & 0x3fffff) | (0x300ULL << 52);
	vm->e_mask[1] = (wl_load_le64(cfg + 88) & 0x3fffff) | (0x300ULL << 52);

	for (i = 0; i < PROGRAM_SIZE; i++) {
		const uint8_t *c = code + 8 * i;
		struct rx_insn *in = &vm->prog[i];
		uint8_t mod = c[3];

		in->op = op_table[c[0]];
		in->dst = c[1] % 8;
		in->src = c[2] % 8;
		in->imm = (uint64_t)(int64_t)(int32_t)wl_load_le32(c + 4);
		in->mask = (mod % 4) ? L1_MASK : L2_MASK;
		in->shift = (mod >> 2) % 4;
		switch (in->op) {
		case IADD_M: case ISUB_M: case IMUL_M: case IMULH_M:
		case ISMULH_M: case IXOR_M:
			if (in->src == in->dst)
				in->mask = L3_MASK;
			break;
		case IMUL_RCP:
			if (!(uint32_t)in->imm || !((uint32_t)in->imm & ((uint32_t)in->imm - 1))) {
				in->op = IXOR_R;	/* RandomX makes it a NOP; keep the slot busy */
				in->src = in->dst;
				break;
			}
			in->imm = reciprocal((uint32_t)in->imm);
			break;
		case ISTORE:
			if ((mod >> 4) >= 14)
				in->mask = L3_MASK;
			break;
		case CBRANCH:
			in->shift = (mod >> 4) + 8;	/* condition bits */
			in->imm |= 1ULL << in->shift;
			in->imm &= ~(1ULL << (in->shift - 1));
			in->target = (int16_t)last_write[in->dst];
			for (int r = 0; r < 8; r++)
				last_write[r] = i;
			break;
		default:
			break;
		}
		if (in->op < ISWAP_R)
			last_write[in->dst] = i;
		else if (in->op == ISWAP_R)
			last_write[in->dst] = last_write[in->src] = i;
	}
}

static inline uint64_t load64(const uint8_t *pad, uint64_t addr, uint32_t mask)
{
	uint64_t v;

	memcpy(&v, pad + (addr & mask), sizeof(v));
	return v;
}

/* Two int32 of the scratchpad as a pair of doubles. */
static inline __m128d load_pd(const uint8_t *pad, uint64_t addr, uint32_t mask)
{
	return _mm_cvtepi32_pd(_mm_loadl_epi64((const __m128i *)(pad + (addr & mask))));
}

static inline __m128d e_group(const struct rx_vm *vm, __m128d x)
{
	const __m128i mantissa = _mm_set1_epi64x((1LL << 52) - 1);
	__m128i bits = _mm_and_si128(_mm_castpd_si128(x), mantissa);

	bits = _mm_or_si128(bits, _mm_set_epi64x((long long)vm->e_mask[1],
						 (long long)vm->e_mask[0]));
	return _mm_castsi128_pd(bits);
}

static void set_rounding(uint64_t mode)
{
	_mm_setcsr(MXCSR_DEFAULT | (unsigned int)(mode & 3) << 13);
}

/* Run the decoded program once (RandomX spec 5.2). */
static void rx_execute(struct rx_vm *vm)
{
	uint64_t *r = vm->r;
	const uint8_t *pad = vm->pad;

	for (int pc = 0; pc < PROGRAM_SIZE; pc++) {
		const struct rx_insn *in = &vm->prog[pc];
		uint64_t *d = &r[in->dst], s = r[in->src];
		__m128d *fd = &vm->f[in->dst % 4], *ed = &vm->e[in->dst % 4];
		uint64_t tmp;

		switch (in->op) {
		case IADD_RS:
			*d += (s << in->shift) + (in->dst == 5 ? in->imm : 0);
			break;
		case IADD_M:
			*d += load64(pad, (in->mask == L3_MASK ? 0 : s) + in->imm, in->mask);
			break;
		case ISUB_R:
			*d -= in->src == in->dst ? in->imm : s;
			break;
		case ISUB_M:
			*d -= load64(pad, (in->mask == L3_MASK ? 0 : s) + in->imm, in->mask);
			break;
		case IMUL_R:
			*d *= in->src == in->dst ? in->imm : s;
			break;
		case IMUL_M:
			*d *= load64(pad, (in->mask == L3_MASK ? 0 : s) + in->imm, in->mask);
			break;
		case IMULH_R:
			*d = (uint64_t)(((unsigned __int128)*d * s) >> 64);
			break;
		case IMULH_M:
			tmp = load64(pad, (in->mask == L3_MASK ? 0 : s) + in->imm, in->mask);
			*d = (uint64_t)(((unsigned __int128)*d * tmp) >> 64);
			break;
		case ISMULH_R:
			*d = (uint64_t)(((__int128)(int64_t)*d * (int64_t)s) >> 64);
			break;
		case ISMULH_M:
			tmp = load64(pad, (in->mask == L3_MASK ? 0 : s) + in->imm, in->mask);
			*d = (uint64_t)(((__int128)(int64_t)*d * (int64_t)tmp) >> 64);
			break;
		case IMUL_RCP:
			*d *= in->imm;
			break;
		case INEG_R:
			*d = -*d;
			break;
		case IXOR_R:
			*d ^= in->src == in->dst ? in->imm : s;
			break;
		case IXOR_M:
			*d ^= load64(pad, (in->mask == L3_MASK ? 0 : s) + in->imm, in->mask);
			break;
		case IROR_R:
			*d = wl_rotr64(*d, (unsigned int)(in->src == in->dst ? in->imm : s) & 63);
			break;
		case IROL_R:
			*d = wl_rotl64(*d, (unsigned int)(in->src == in->dst ? in->imm : s) & 63);
			break;
		case ISWAP_R:
			r[in->src] = *d;
			*d = s;
			break;
		case FSWAP_R:
			if (in->dst < 4)
				*fd = _mm_shuffle_pd(*fd, *fd, 1);
			else
				*ed = _mm_shuffle_pd(*ed, *ed, 1);
			break;
		case FADD_R:
			*fd = _mm_add_pd(*fd, vm->a[in->src % 4]);
			break;
		case FADD_M:
			*fd = _mm_add_pd(*fd, load_pd(pad, s + in->imm, in->mask));
			break;
		case FSUB_R:
			*fd = _mm_sub_pd(*fd, vm->a[in->src % 4]);
			break;
		case FSUB_M:
			*fd = _mm_sub_pd(*fd, load_pd(pad, s + in->imm, in->mask));
			break;
		case FSCAL_R:
			*fd = _mm_xor_pd(*fd, _mm_castsi128_pd(_mm_set1_epi64x(0x80f0000000000000LL)));
			break;
		case FMUL_R:
			*ed = _mm_mul_pd(*ed, vm->a[in->src % 4]);
			break;
		case FDIV_M:
			*ed = _mm_div_pd(*ed, e_group(vm, load_pd(pad, s + in->imm, in->mask)));
			break;
		case FSQRT_R:
			*ed = _mm_sqrt_pd(*ed);
			break;
		case CBRANCH:
			*d += in->imm;
			if (!((*d >> in->shift) & 0xff))
				pc = in->target;
			break;
		case CFROUND:
			set_rounding(wl_rotr64(s, (unsigned int)in->imm & 63));
			break;
		case ISTORE:
			memcpy(vm->pad + ((*d + in->imm) & in->mask), &s, sizeof(s));
			break;
		}
	}
}

/* One loop iteration around the program (RandomX spec 4.6.2). */
static void rx_iteration(struct rx_vm *vm)
{
	uint64_t *r = vm->r, mix = r[vm->read_reg[0]] ^ r[vm->read_reg[1]];
	uint32_t sp0 = (vm->sp0 ^ (uint32_t)mix) & LINE_MASK;
	uint32_t sp1 = (vm->sp1 ^ (uint32_t)(mix >> 32)) & LINE_MASK;
	const uint8_t *item;
	uint32_t tmp;
	int i;

	for (i = 0; i < 8; i++)
		r[i] ^= load64(vm->pad, sp0 + 8 * i, L3_MASK);
	for (i = 0; i < 4; i++) {
		vm->f[i] = load_pd(vm->pad, sp1 + 8 * i, L3_MASK);
		vm->e[i] = e_group(vm, load_pd(vm->pad, sp1 + 32 + 8 * i, L3_MASK));
	}

	rx_execute(vm);

	vm->mx ^= (uint32_t)(r[vm->read_reg[2]] ^ r[vm->read_reg[3]]);
	item = vm->dataset + (vm->ma & (DATASET_SIZE - 64));
	for (i = 0; i < 8; i++)
		r[i] ^= wl_load_le64(item + 8 * i);
	/* ma is the item read now, mx the one to prefetch next time. */
	tmp = vm->mx;
	vm->mx = vm->ma;
	vm->ma = tmp & LINE_MASK;
	for (i = 0; i < 8; i++)
		memcpy(vm->pad + sp1 + 8 * i, &r[i], 8);
	for (i = 0; i < 4; i++) {
		vm->f[i] = _mm_xor_pd(vm->f[i], vm->e[i]);
		_mm_storeu_pd((double *)(vm->pad + sp0 + 16 * i), vm->f[i]);
	}
	vm->sp0 = vm->sp1 = 0;
}

/* Start a program: generate and decode it, reset the registers and rounding. */
static void rx_new_program(struct rx_vm *vm)
{
	uint8_t buf[128 + 8 * PROGRAM_SIZE];

	aes_gen1r(vm->gen, buf, sizeof(buf));
	rx_decode(vm, buf, buf + 128);
	memset(vm->r, 0, sizeof(vm->r));
	vm->sp0 = vm->mx;
	vm->sp1 = vm->ma;
	vm->iteration = 0;
	set_rounding(0);
}

/* Start a hash: seed the generator, fill the scratchpad, first program. */
static void rx_new_hash(struct rx_vm *vm, struct wl_rng *rng)
{
	for (int i = 0; i < 4; i++)
		vm->gen[i] = _mm_set_epi64x((long long)wl_rng_next(rng),
					    (long long)wl_rng_next(rng));
	aes_gen1r(vm->gen, vm->pad, SCRATCHPAD_SIZE);
	vm->program = 0;
	rx_new_program(vm);
}

struct rx_job {
	struct rx_vm vm;
	struct wl_rng rng;
	uint8_t *dataset;
};

static void rx_fini(void *state)
{
	struct rx_job *job = state;

	wl_free(job->vm.pad, SCRATCHPAD_SIZE);
	wl_free(job->dataset, DATASET_SIZE);
	free(job);
	set_rounding(0);
}

static struct rx_job *rx_job_alloc(unsigned int thread)
{
	struct rx_job *job = aligned_alloc(64, sizeof(*job));
	__m128i seed[4];

	if (!job)
		return NULL;
	memset(job, 0, sizeof(*job));
	job->vm.pad = wl_alloc(SCRATCHPAD_SIZE);
	job->dataset = wl_alloc(DATASET_SIZE);
	if (!job->vm.pad || !job->dataset) {
		rx_fini(job);
		return NULL;
	}
	wl_rng_seed(&job->rng, 0x5258000000000000ULL + thread);
	/* The dataset stands for RandomX's 2 GiB one: fixed for the run. */
	for (int i = 0; i < 4; i++)
		seed[i] = _mm_set_epi64x((long long)wl_rng_next(&job->rng), i);
	aes_gen1r(seed, job->dataset, DATASET_SIZE);
	job->vm.dataset = job->dataset;
	return job;
}

static void *rx_init(unsigned int thread)
{
	struct rx_job *job = rx_job_alloc(thread);

	if (job)
		rx_new_hash(&job->vm, &job->rng);
	return job;
}

static uint64_t rx_run(void *state)
{
	struct rx_job *job = state;
	struct rx_vm *vm = &job->vm;

	for (int i = 0; i < SLICE; i++)
		rx_iteration(vm);
	vm->iteration += SLICE;
	if (vm->iteration == PROGRAM_ITERATIONS) {
		/* RandomX hashes the register file into the next program's seed. */
		for (int i = 0; i < 4; i++)
			vm->gen[i] = _mm_xor_si128(vm->gen[i],
						   _mm_loadu_si128((const __m128i *)&vm->r[2 * i]));
		if (++vm->program == PROGRAM_COUNT)
			rx_new_hash(vm, &job->rng);
		else
			rx_new_program(vm);
	}
	return SLICE;
}

static __m128i load_xmm(const char *hex)
{
	uint8_t b[16], le[16];

	/* Intel's white paper writes registers most significant byte first. */
	wl_unhex(b, hex);
	for (int i = 0; i < 16; i++)
		le[i] = b[15 - i];
	return _mm_loadu_si128((const __m128i *)le);
}

static int expect_xmm(const char *what, __m128i got, const char *hex)
{
	__m128i want = load_xmm(hex);

	return wl_expect(what, &got, &want, sizeof(got));
}

/* sqrt(2) computed by the VM's own FSQRT_R after its CFROUND set @mode. */
static uint64_t vm_sqrt2(struct rx_vm *vm, uint64_t mode)
{
	uint64_t bits;

	vm->r[0] = mode;
	vm->e[0] = _mm_set1_pd(2.0);
	rx_execute(vm);
	set_rounding(0);
	memcpy(&bits, &vm->e[0], sizeof(bits));
	return bits;
}

static int rx_self_test(void)
{
	static const struct { uint32_t d; uint64_t rcp; } rcp_vec[] = {
		{ 3, 12297829382473034410ULL }, { 13, 11351842506898185609ULL },
		{ 33, 17887751829051686415ULL }, { 65537, 18446462603027742720ULL },
		{ 15000001, 10316166306300415204ULL },
		{ 3845182035u, 10302264209224146340ULL },
		{ 0xffffffffu, 9223372039002259456ULL },
		/* even divisors, floor(2^x / d) worked out independently */
		{ 6, 12297829382473034410ULL }, { 1000000, 9671406556917033397ULL },
	};
	__m128i st = load_xmm("7b5b54657374566563746f725d53475d");
	__m128i key = load_xmm("48692853686179295b477565726f6e5d");
	uint64_t rd, ru, rn, rz;
	struct rx_job *job;
	int fail = 0, ok = 1;
	size_t i;

	fail |= expect_xmm("AESENC (Intel AES-NI white paper)", _mm_aesenc_si128(st, key),
			   "a8311c2f9fdba3c58b104b58ded7e595");
	fail |= expect_xmm("AESDEC (Intel AES-NI white paper)", _mm_aesdec_si128(st, key),
			   "138ac342faea2787b58eb95eb730392a");
	fail |= expect_xmm("AESENCLAST (Intel AES-NI white paper)",
			   _mm_aesenclast_si128(st, key), "c7fb881e938c5964177ec42553fdc611");
	fail |= expect_xmm("AESDECLAST (Intel AES-NI white paper)",
			   _mm_aesdeclast_si128(st, key), "c5a391ef6b317f95d410637b72a593d0");

	for (i = 0; i < sizeof(rcp_vec) / sizeof(rcp_vec[0]); i++)
		ok &= reciprocal(rcp_vec[i].d) == rcp_vec[i].rcp;
	fail |= wl_expect_true("IMUL_RCP reciprocals (RandomX tests.cpp)", ok);

	job = rx_job_alloc(0);
	if (!job)
		return 1;
	/* CFROUND r0, then FSQRT_R e0, then an even number of FSWAP_R f0. */
	memset(job->vm.prog, 0, sizeof(job->vm.prog));
	job->vm.prog[0].op = CFROUND;
	job->vm.prog[1].op = FSQRT_R;
	job->vm.prog[1].dst = 4;
	for (i = 2; i < PROGRAM_SIZE; i++)
		job->vm.prog[i].op = FSWAP_R;
	rn = vm_sqrt2(&job->vm, 0);
	rd = vm_sqrt2(&job->vm, 1);
	ru = vm_sqrt2(&job->vm, 2);
	rz = vm_sqrt2(&job->vm, 3);
	fail |= wl_expect_true("CFROUND: sqrt(2) rounded up is 1 ulp above rounded down",
			       ru == rd + 1);
	fail |= wl_expect_true("CFROUND: toward zero equals down, nearest is one of them",
			       rz == rd && (rn == rd || rn == ru));
	rx_fini(job);
	return fail;
}

static const struct workload rx_workload = {
	.name = "rx_fp",
	.init = rx_init,
	.run = rx_run,
	.fini = rx_fini,
	.self_test = rx_self_test,
};

int main(int argc, char **argv)
{
	build_op_table();
	return workload_main(&rx_workload, argc, argv);
}
