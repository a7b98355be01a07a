// SPDX-License-Identifier: GPL-2.0
/*
 * Keccak-f[1600] (FIPS 202) in plain C: per round theta (xor of column
 * parities and a 1-bit rotate), rho and pi (lane rotates and a
 * permutation), chi (x ^ (~y & z), i.e. andn) and iota.  This is the
 * round that Keccak/SHA-3 miners (and CryptoNight's first and last steps)
 * run.  Known-answer tests are in the workloads that use it.
 */
#include "keccak1600.h"

#include <string.h>

#include "common.h"

static const uint64_t round_constants[24] = {
	0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL,
	0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL,
	0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL,
	0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
	0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
	0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
	0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
	0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

/* rho offsets and pi destinations, in the order pi visits the lanes */
static const unsigned int rho[24] = {
	1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14,
	27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
};

static const unsigned int pi[24] = {
	10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4,
	15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
};

void keccakf1600(uint64_t st[25])
{
	uint64_t bc[5], t;
	int round, i, j;

	/*
	 * The step loops are unrolled, as in XKCP and miners' Keccak, so that
	 * lane indices and rotate counts become constants.
	 */
	for (round = 0; round < 24; round++) {
		/* theta */
#pragma GCC unroll 5
		for (i = 0; i < 5; i++)
			bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
#pragma GCC unroll 5
		for (i = 0; i < 5; i++) {
			t = bc[(i + 4) % 5] ^ wl_rotl64(bc[(i + 1) % 5], 1);
#pragma GCC unroll 5
			for (j = 0; j < 25; j += 5)
				st[j + i] ^= t;
		}
		/* rho and pi */
		t = st[1];
#pragma GCC unroll 24
		for (i = 0; i < 24; i++) {
			j = pi[i];
			bc[0] = st[j];
			st[j] = wl_rotl64(t, rho[i]);
			t = bc[0];
		}
		/* chi */
#pragma GCC unroll 5
		for (j = 0; j < 25; j += 5) {
#pragma GCC unroll 5
			for (i = 0; i < 5; i++)
				bc[i] = st[j + i];
#pragma GCC unroll 5
			for (i = 0; i < 5; i++)
				st[j + i] ^= ~bc[(i + 1) % 5] & bc[(i + 2) % 5];
		}
		/* iota */
		st[0] ^= round_constants[round];
	}
}

static void xor_block(uint64_t st[25], const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len / 8; i++)
		st[i] ^= wl_load_le64(p + 8 * i);
}

void keccak_sponge(uint64_t st[25], const void *in, size_t inlen, size_t rate, uint8_t pad)
{
	const uint8_t *p = in;
	uint8_t last[KECCAK_STATE_SIZE];

	memset(st, 0, KECCAK_STATE_SIZE);
	for (; inlen >= rate; p += rate, inlen -= rate) {
		xor_block(st, p, rate);
		keccakf1600(st);
	}
	memset(last, 0, rate);
	memcpy(last, p, inlen);
	last[inlen] ^= pad;
	last[rate - 1] ^= 0x80;
	xor_block(st, last, rate);
	keccakf1600(st);
}

void keccak_squeeze(const uint64_t st[25], uint8_t *out, size_t len)
{
	uint8_t lane[8];

	for (size_t i = 0; i < len; i += 8) {
		wl_store_le64(lane, st[i / 8]);
		memcpy(out + i, lane, len - i < 8 ? len - i : 8);
	}
}
