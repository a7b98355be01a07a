// SPDX-License-Identifier: GPL-2.0
/*
 * blake2b: BLAKE2b-256 of an 80-byte block header with an incrementing
 * nonce.
 *
 * Mimics: BLAKE2b proof of work as in Sia (BLAKE2b-256 of an 80-byte
 * header), and the BLAKE2b compressions inside Equihash and Argon2-based
 * coins.  The header fits in one 128-byte block, so each nonce is one
 * compression: 12 rounds of 8 G functions.
 *
 * Hash-heavy: the G function is pure 64-bit ARX, add/xor/rotate by
 * 32, 24, 16 and 63, with message words picked by the sigma schedule.
 *
 * Self-test: BLAKE2b-512("abc") from RFC 7693 appendix A, and the mining
 * path on header bytes 00..4f, checked against Python's hashlib.blake2b.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define HEADER_SIZE	80
#define NONCE_OFFSET	76
#define BLOCK_SIZE	128
#define BATCH		16384

static const uint64_t blake2b_iv[8] = {
	0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL,
	0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
	0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
	0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static const uint8_t sigma[12][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
};

#define G(r, i, a, b, c, d)						\
	do {								\
		a = a + b + m[sigma[r][2 * (i)]];			\
		d = wl_rotr64(d ^ a, 32);				\
		c = c + d;						\
		b = wl_rotr64(b ^ c, 24);				\
		a = a + b + m[sigma[r][2 * (i) + 1]];			\
		d = wl_rotr64(d ^ a, 16);				\
		c = c + d;						\
		b = wl_rotr64(b ^ c, 63);				\
	} while (0)

/* RFC 7693 section 3.2: compress one block; @t bytes so far, @last for the final block. */
static void blake2b_compress(uint64_t h[8], const uint8_t block[BLOCK_SIZE],
			     uint64_t t, int last)
{
	uint64_t v[16], m[16];
	int i, r;

	for (i = 0; i < 16; i++)
		m[i] = wl_load_le64(block + 8 * i);
	for (i = 0; i < 8; i++) {
		v[i] = h[i];
		v[i + 8] = blake2b_iv[i];
	}
	v[12] ^= t;		/* 128-bit counter; the high half stays zero here */
	if (last)
		v[14] = ~v[14];

	for (r = 0; r < 12; r++) {
		G(r, 0, v[0], v[4], v[8], v[12]);
		G(r, 1, v[1], v[5], v[9], v[13]);
		G(r, 2, v[2], v[6], v[10], v[14]);
		G(r, 3, v[3], v[7], v[11], v[15]);
		G(r, 4, v[0], v[5], v[10], v[15]);
		G(r, 5, v[1], v[6], v[11], v[12]);
		G(r, 6, v[2], v[7], v[8], v[13]);
		G(r, 7, v[3], v[4], v[9], v[14]);
	}
	for (i = 0; i < 8; i++)
		h[i] ^= v[i] ^ v[i + 8];
}

/* Unkeyed BLAKE2b with an @outlen-byte digest (1..64). */
static void blake2b(const void *in, size_t len, uint8_t *out, size_t outlen)
{
	const uint8_t *p = in;
	uint8_t block[BLOCK_SIZE], digest[64];
	uint64_t h[8];
	size_t done = 0;

	memcpy(h, blake2b_iv, sizeof(h));
	h[0] ^= 0x01010000 ^ outlen;	/* depth 1, fanout 1, no key */
	while (len - done > BLOCK_SIZE) {
		blake2b_compress(h, p + done, done + BLOCK_SIZE, 0);
		done += BLOCK_SIZE;
	}
	memset(block, 0, sizeof(block));
	memcpy(block, p + done, len - done);
	blake2b_compress(h, block, len, 1);
	for (int i = 0; i < 8; i++)
		wl_store_le64(digest + 8 * i, h[i]);
	memcpy(out, digest, outlen);
}

struct blake2b_job {
	uint8_t header[HEADER_SIZE];
	uint32_t nonce;
	uint64_t shares;
};

static void blake2b_nonce(struct blake2b_job *job, uint32_t nonce, uint8_t out[32])
{
	wl_store_le32(job->header + NONCE_OFFSET, nonce);
	blake2b(job->header, HEADER_SIZE, out, 32);
}

static void *blake2b_init(unsigned int thread)
{
	struct blake2b_job *job = calloc(1, sizeof(*job));
	struct wl_rng rng;

	if (!job)
		return NULL;
	wl_rng_seed(&rng, 0x424c414b453262ULL + thread);
	wl_rng_fill(&rng, job->header, HEADER_SIZE);
	return job;
}

static uint64_t blake2b_run(void *state)
{
	struct blake2b_job *job = state;
	uint8_t hash[32];

	for (int i = 0; i < BATCH; i++) {
		blake2b_nonce(job, job->nonce++, hash);
		if (!hash[0] && !hash[1])
			job->shares++;
	}
	return BATCH;
}

static void blake2b_fini(void *state)
{
	free(state);
}

static int blake2b_self_test(void)
{
	uint8_t got[64], want[64], msg[300];
	struct blake2b_job job;
	int fail = 0, i;

	blake2b("abc", 3, got, 64);
	wl_unhex(want, "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
		       "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
	fail |= wl_expect("BLAKE2b-512(\"abc\") (RFC 7693)", got, want, 64);

	for (i = 0; i < (int)sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	blake2b(msg, sizeof(msg), got, 64);
	wl_unhex(want, "d9cf5983dc6b34c0fa1f0226926855ad3eccd2bcdcd8f8053b9a80664d33b5af"
		       "cc32fd21c70ea14f4ef50ca97c3203c4d1803159f0e01bb6cb1d1c83db52b63c");
	fail |= wl_expect("BLAKE2b-512(00..ff 00..2b, 300 bytes), three blocks", got, want, 64);

	memcpy(job.header, msg, HEADER_SIZE);
	blake2b_nonce(&job, wl_load_le32(msg + NONCE_OFFSET), got);
	wl_unhex(want, "066de1009daca2b8390a9dc734bce547ac4e3cc4531645bb8b9cbc0070941d88");
	fail |= wl_expect("BLAKE2b-256(header 00..4f) via the mining path", got, want, 32);
	return fail;
}

static const struct workload blake2b_workload = {
	.name = "blake2b",
	.init = blake2b_init,
	.run = blake2b_run,
	.fini = blake2b_fini,
	.self_test = blake2b_self_test,
};

int main(int argc, char **argv)
{
	return workload_main(&blake2b_workload, argc, argv);
}
