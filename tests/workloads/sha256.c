// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-256 (FIPS 180-4) in plain C: the 64 rotate/xor/add rounds that
 * Bitcoin-family CPU miners (cpuminer's sha256d, scrypt's PBKDF2) run.
 * The known-answer tests are in the workloads that use it.
 */
#include "sha256.h"

#include <string.h>

#include "common.h"

const uint32_t sha256_iv[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define CH(x, y, z)	(((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z)	(((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define S0(x)		(wl_rotr32(x, 2) ^ wl_rotr32(x, 13) ^ wl_rotr32(x, 22))
#define S1(x)		(wl_rotr32(x, 6) ^ wl_rotr32(x, 11) ^ wl_rotr32(x, 25))
#define s0(x)		(wl_rotr32(x, 7) ^ wl_rotr32(x, 18) ^ ((x) >> 3))
#define s1(x)		(wl_rotr32(x, 17) ^ wl_rotr32(x, 19) ^ ((x) >> 10))

void sha256_transform(uint32_t h[8], const uint8_t block[SHA256_BLOCK_SIZE])
{
	uint32_t w[64], a, b, c, d, e, f, g, hh;
	int i;

	/*
	 * Fully unrolled, as in miners' SHA-256 (cpuminer writes out all 64
	 * rounds): the a..h shuffle then costs no moves.
	 */
#pragma GCC unroll 16
	for (i = 0; i < 16; i++)
		w[i] = wl_load_be32(block + 4 * i);
#pragma GCC unroll 48
	for (i = 16; i < 64; i++)
		w[i] = s1(w[i - 2]) + w[i - 7] + s0(w[i - 15]) + w[i - 16];

	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; hh = h[7];
#pragma GCC unroll 64
	for (i = 0; i < 64; i++) {
		uint32_t t1 = hh + S1(e) + CH(e, f, g) + K[i] + w[i];
		uint32_t t2 = S0(a) + MAJ(a, b, c);

		hh = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

void sha256_init(struct sha256_ctx *ctx)
{
	memcpy(ctx->h, sha256_iv, sizeof(ctx->h));
	ctx->len = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t used = ctx->len % SHA256_BLOCK_SIZE;

	ctx->len += len;
	if (used) {
		size_t n = SHA256_BLOCK_SIZE - used;

		if (len < n) {
			memcpy(ctx->buf + used, p, len);
			return;
		}
		memcpy(ctx->buf + used, p, n);
		sha256_transform(ctx->h, ctx->buf);
		p += n;
		len -= n;
	}
	for (; len >= SHA256_BLOCK_SIZE; p += SHA256_BLOCK_SIZE, len -= SHA256_BLOCK_SIZE)
		sha256_transform(ctx->h, p);
	memcpy(ctx->buf, p, len);
}

void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE])
{
	size_t used = ctx->len % SHA256_BLOCK_SIZE;
	uint64_t bits = ctx->len * 8;

	ctx->buf[used++] = 0x80;
	if (used > SHA256_BLOCK_SIZE - 8) {
		memset(ctx->buf + used, 0, SHA256_BLOCK_SIZE - used);
		sha256_transform(ctx->h, ctx->buf);
		used = 0;
	}
	memset(ctx->buf + used, 0, SHA256_BLOCK_SIZE - 8 - used);
	wl_store_be32(ctx->buf + 56, (uint32_t)(bits >> 32));
	wl_store_be32(ctx->buf + 60, (uint32_t)bits);
	sha256_transform(ctx->h, ctx->buf);
	for (int i = 0; i < 8; i++)
		wl_store_be32(out + 4 * i, ctx->h[i]);
}

void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, out);
}
