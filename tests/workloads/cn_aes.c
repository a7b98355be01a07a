// SPDX-License-Identifier: GPL-2.0
/*
 * cn_aes: CryptoNight (original variant 0), the memory-hard AES proof of
 * work of Monero before 2018 and of many CryptoNote coins since.
 *
 * Per hash, as in the CryptoNote reference (slow-hash.c):
 *  1. Keccak-1600 (original padding) of the 76-byte block blob gives a
 *     200-byte state.
 *  2. Explode: AES-256 key expansion of state[0..31] gives ten round
 *     keys; state[64..191], eight AES blocks, is encrypted with ten
 *     aesenc pseudo-rounds again and again to fill the 2 MiB scratchpad.
 *  3. Main loop, 2^19 iterations of two steps on 16-byte blocks a, b:
 *     c = aesenc(pad[a], a); pad[a] = b ^ c; b = c; then
 *     d = pad[c]; a += (hi, lo) of c.lo * d.lo; pad[c] = a; a ^= d.
 *     Addresses are a and c masked to 16-byte lines of the pad, so
 *     accesses are random and data dependent.
 *  4. Implode: the pad is xored, 128 bytes at a time, into state[64..191]
 *     with ten aesenc rounds (keys from state[32..63]) in between; then
 *     Keccak-f[1600] on the state.
 * CryptoNight then hashes the state with BLAKE-256, Groestl, JH or Skein
 * chosen by state[0] & 3; that final step (one short hash of 200 bytes,
 * well under 1% of the time) is left out, the first 32 state bytes stand
 * in for the result.
 *
 * Hash-heavy: an aesenc per pair of dependent random 16-byte loads and
 * stores, a 64x64->128 mul, 64-bit adds and xors; explode/implode are
 * 10 aesenc per block over 2 MiB each.
 *
 * Self-test: AES-256 of FIPS-197 appendix C.3 with the same key
 * expansion and aesenc code (finished with aesenclast), and Keccak-256("")
 * for the sponge of step 1.
 */
#include <stdlib.h>
#include <string.h>
#include <wmmintrin.h>
#include <emmintrin.h>

#include "common.h"
#include "keccak1600.h"

#define BLOB_SIZE	76		/* Monero block hashing blob, nonce at 39 */
#define NONCE_OFFSET	39
#define KECCAK_RATE	136		/* Keccak-256 */
#define PAD_SIZE	(2u << 20)
#define PAD_MASK	(PAD_SIZE - 16)
#define ITERATIONS	(1u << 19)	/* each of two steps */
#define SLICE		(1u << 16)	/* main-loop iterations per run() call */

/*
 * One AES-256 key-expansion step pair (FIPS-197 5.2): @assist is
 * aeskeygenassist of the previous key, of which word 3 (RotWord+SubWord+
 * rcon) or word 2 (SubWord only) is used.
 */
static __m128i expand_key(__m128i prev, __m128i assist)
{
	prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
	prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
	prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
	return _mm_xor_si128(prev, assist);
}

#define EXPAND_256(rk, i, rcon)							\
	do {									\
		rk[i] = expand_key(rk[i - 2], _mm_shuffle_epi32(		\
			_mm_aeskeygenassist_si128(rk[i - 1], rcon), 0xff));	\
		if ((i) + 1 < 15)						\
			rk[i + 1] = expand_key(rk[i - 1], _mm_shuffle_epi32(	\
				_mm_aeskeygenassist_si128(rk[i], 0), 0xaa));	\
	} while (0)

/* The 15 round keys of AES-256. */
static void aes256_expand(const uint8_t key[32], __m128i rk[15])
{
	rk[0] = _mm_loadu_si128((const __m128i *)key);
	rk[1] = _mm_loadu_si128((const __m128i *)(key + 16));
	EXPAND_256(rk, 2, 0x01);
	EXPAND_256(rk, 4, 0x02);
	EXPAND_256(rk, 6, 0x04);
	EXPAND_256(rk, 8, 0x08);
	EXPAND_256(rk, 10, 0x10);
	EXPAND_256(rk, 12, 0x20);
	EXPAND_256(rk, 14, 0x40);
}

/* CryptoNight's ten pseudo-rounds: aesenc with keys 0..9, no whitening, no last round. */
static inline __m128i aes_pseudo_rounds(__m128i x, const __m128i rk[10])
{
	for (int i = 0; i < 10; i++)
		x = _mm_aesenc_si128(x, rk[i]);
	return x;
}

struct cn_job {
	uint8_t blob[BLOB_SIZE];
	uint32_t nonce;
	uint64_t st[25];
	__m128i *pad;
	__m128i a, b;
	unsigned int done;	/* main-loop iterations of the current hash */
	int exploded;
	uint64_t shares;
};

static void cn_explode(struct cn_job *job)
{
	uint8_t state[KECCAK_STATE_SIZE];
	__m128i rk[15], text[8];
	int i;

	wl_store_le32(job->blob + NONCE_OFFSET, job->nonce);
	keccak_sponge(job->st, job->blob, BLOB_SIZE, KECCAK_RATE, KECCAK_PAD);
	keccak_squeeze(job->st, state, sizeof(state));

	aes256_expand(state, rk);
	for (i = 0; i < 8; i++)
		text[i] = _mm_loadu_si128((const __m128i *)(state + 64 + 16 * i));
	for (size_t line = 0; line < PAD_SIZE / 16; line += 8) {
		for (i = 0; i < 8; i++) {
			text[i] = aes_pseudo_rounds(text[i], rk);
			_mm_store_si128(&job->pad[line + i], text[i]);
		}
	}
	job->a = _mm_xor_si128(_mm_loadu_si128((const __m128i *)state),
			       _mm_loadu_si128((const __m128i *)(state + 32)));
	job->b = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(state + 16)),
			       _mm_loadu_si128((const __m128i *)(state + 48)));
	job->done = 0;
}

static inline __m128i *pad_line(__m128i *pad, __m128i x)
{
	return (__m128i *)((uint8_t *)pad + ((uint64_t)_mm_cvtsi128_si64(x) & PAD_MASK));
}

static void cn_main_loop(struct cn_job *job, unsigned int n)
{
	__m128i a = job->a, b = job->b, c, d, *p;
	__m128i *pad = job->pad;

	for (unsigned int i = 0; i < n; i++) {
		uint64_t al, ah, cl, dl;
		unsigned __int128 prod;

		p = pad_line(pad, a);
		c = _mm_aesenc_si128(_mm_load_si128(p), a);
		_mm_store_si128(p, _mm_xor_si128(b, c));
		b = c;

		p = pad_line(pad, c);
		d = _mm_load_si128(p);
		cl = (uint64_t)_mm_cvtsi128_si64(c);
		dl = (uint64_t)_mm_cvtsi128_si64(d);
		prod = (unsigned __int128)cl * dl;
		al = (uint64_t)_mm_cvtsi128_si64(a) + (uint64_t)(prod >> 64);
		ah = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(a, a)) + (uint64_t)prod;
		a = _mm_set_epi64x((long long)ah, (long long)al);
		_mm_store_si128(p, a);
		a = _mm_xor_si128(a, d);
	}
	job->a = a;
	job->b = b;
	job->done += n;
}

static void cn_implode(struct cn_job *job, uint8_t out[32])
{
	uint8_t state[KECCAK_STATE_SIZE];
	__m128i rk[15], text[8];
	int i;

	keccak_squeeze(job->st, state, sizeof(state));
	aes256_expand(state + 32, rk);
	for (i = 0; i < 8; i++)
		text[i] = _mm_loadu_si128((const __m128i *)(state + 64 + 16 * i));
	for (size_t line = 0; line < PAD_SIZE / 16; line += 8) {
		for (i = 0; i < 8; i++) {
			text[i] = _mm_xor_si128(text[i], _mm_load_si128(&job->pad[line + i]));
			text[i] = aes_pseudo_rounds(text[i], rk);
		}
	}
	for (i = 0; i < 8; i++)
		_mm_storeu_si128((__m128i *)(state + 64 + 16 * i), text[i]);
	for (i = 0; i < 25; i++)
		job->st[i] = wl_load_le64(state + 8 * i);
	keccakf1600(job->st);
	keccak_squeeze(job->st, out, 32);
}

static void *cn_init(unsigned int thread)
{
	struct cn_job *job = calloc(1, sizeof(*job));
	struct wl_rng rng;

	if (!job)
		return NULL;
	job->pad = wl_alloc(PAD_SIZE);
	if (!job->pad) {
		free(job);
		return NULL;
	}
	wl_rng_seed(&rng, 0x434e000000000000ULL + thread);
	for (int i = 0; i < BLOB_SIZE; i++)
		job->blob[i] = (uint8_t)wl_rng_next(&rng);
	return job;
}

/*
 * A hash takes tens of milliseconds on the host and far longer under
 * TCG, so each call does one slice of it: the explode, 2^16 main-loop
 * iterations, or the implode.  Work is counted in main-loop iterations,
 * 2^19 per hash, so that even a short run under TCG reports some.
 */
static uint64_t cn_run(void *state)
{
	struct cn_job *job = state;
	uint8_t hash[32];

	if (!job->exploded) {
		cn_explode(job);
		job->exploded = 1;
		return 0;
	}
	if (job->done < ITERATIONS) {
		cn_main_loop(job, SLICE);
		return SLICE;
	}
	cn_implode(job, hash);
	if (!hash[31])
		job->shares++;
	job->nonce++;
	job->exploded = 0;
	return 0;
}

static void cn_fini(void *state)
{
	struct cn_job *job = state;

	wl_free(job->pad, PAD_SIZE);
	free(job);
}

static int cn_self_test(void)
{
	uint8_t key[32], pt[16], got[32], want[32];
	uint64_t st[25];
	__m128i rk[15], x;
	int fail = 0;

	wl_unhex(key, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
	wl_unhex(pt, "00112233445566778899aabbccddeeff");
	aes256_expand(key, rk);
	x = _mm_xor_si128(_mm_loadu_si128((const __m128i *)pt), rk[0]);
	for (int i = 1; i < 14; i++)
		x = _mm_aesenc_si128(x, rk[i]);
	x = _mm_aesenclast_si128(x, rk[14]);
	_mm_storeu_si128((__m128i *)got, x);
	wl_unhex(want, "8ea2b7ca516745bfeafc49904b496089");
	fail |= wl_expect("AES-256 (FIPS-197 C.3)", got, want, 16);

	keccak_sponge(st, "", 0, KECCAK_RATE, KECCAK_PAD);
	keccak_squeeze(st, got, 32);
	wl_unhex(want, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
	fail |= wl_expect("Keccak-256(\"\")", got, want, 32);
	return fail;
}

static const struct workload cn_workload = {
	.name = "cn_aes",
	.init = cn_init,
	.run = cn_run,
	.fini = cn_fini,
	.self_test = cn_self_test,
};

int main(int argc, char **argv)
{
	return workload_main(&cn_workload, argc, argv);
}
