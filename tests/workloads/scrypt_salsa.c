// SPDX-License-Identifier: GPL-2.0
/*
 * scrypt_salsa: Litecoin's proof of work, scrypt(header, header, N=1024,
 * r=1, p=1, dkLen=32) over an 80-byte header with an incrementing nonce.
 *
 * Mimics: the scrypt family (Litecoin, Dogecoin) as cpuminer runs it:
 * PBKDF2-HMAC-SHA256 expands the header to a 128-byte block, ROMix
 * fills a 128 KiB table V with 1024 BlockMix steps and reads it back in
 * data-dependent order for 1024 more, and PBKDF2 folds the result.
 *
 * Hash-heavy: almost all time is in Salsa20/8, four 32-bit add/rotate/
 * xor quarter-round lanes (rotates by 7, 9, 13, 18), plus 128-byte xors
 * against the 128 KiB table; the SHA-256 of PBKDF2 adds a few percent.
 *
 * Self-test (RFC 7914): the Salsa20/8 core vector of section 8,
 * scrypt("", "", N=16, r=1, p=1, 64) and scrypt("password", "NaCl",
 * N=1024, r=8, p=16, 64) of section 12, and the mining path on header
 * bytes 00..4f, checked against Python's hashlib.scrypt.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "sha256.h"

#define HEADER_SIZE	80
#define NONCE_OFFSET	76
#define LTC_N		1024
#define LTC_R		1
#define BATCH		8

/* Salsa20/8 core (RFC 7914 section 3), on 16 words in place. */
static void salsa20_8(uint32_t b[16])
{
	uint32_t x[16];
	int i;

	memcpy(x, b, sizeof(x));
	for (i = 0; i < 8; i += 2) {
		/* columns */
		x[4] ^= wl_rotl32(x[0] + x[12], 7);
		x[8] ^= wl_rotl32(x[4] + x[0], 9);
		x[12] ^= wl_rotl32(x[8] + x[4], 13);
		x[0] ^= wl_rotl32(x[12] + x[8], 18);
		x[9] ^= wl_rotl32(x[5] + x[1], 7);
		x[13] ^= wl_rotl32(x[9] + x[5], 9);
		x[1] ^= wl_rotl32(x[13] + x[9], 13);
		x[5] ^= wl_rotl32(x[1] + x[13], 18);
		x[14] ^= wl_rotl32(x[10] + x[6], 7);
		x[2] ^= wl_rotl32(x[14] + x[10], 9);
		x[6] ^= wl_rotl32(x[2] + x[14], 13);
		x[10] ^= wl_rotl32(x[6] + x[2], 18);
		x[3] ^= wl_rotl32(x[15] + x[11], 7);
		x[7] ^= wl_rotl32(x[3] + x[15], 9);
		x[11] ^= wl_rotl32(x[7] + x[3], 13);
		x[15] ^= wl_rotl32(x[11] + x[7], 18);
		/* rows */
		x[1] ^= wl_rotl32(x[0] + x[3], 7);
		x[2] ^= wl_rotl32(x[1] + x[0], 9);
		x[3] ^= wl_rotl32(x[2] + x[1], 13);
		x[0] ^= wl_rotl32(x[3] + x[2], 18);
		x[6] ^= wl_rotl32(x[5] + x[4], 7);
		x[7] ^= wl_rotl32(x[6] + x[5], 9);
		x[4] ^= wl_rotl32(x[7] + x[6], 13);
		x[5] ^= wl_rotl32(x[4] + x[7], 18);
		x[11] ^= wl_rotl32(x[10] + x[9], 7);
		x[8] ^= wl_rotl32(x[11] + x[10], 9);
		x[9] ^= wl_rotl32(x[8] + x[11], 13);
		x[10] ^= wl_rotl32(x[9] + x[8], 18);
		x[12] ^= wl_rotl32(x[15] + x[14], 7);
		x[13] ^= wl_rotl32(x[12] + x[15], 9);
		x[14] ^= wl_rotl32(x[13] + x[12], 13);
		x[15] ^= wl_rotl32(x[14] + x[13], 18);
	}
	for (i = 0; i < 16; i++)
		b[i] += x[i];
}

/* scryptBlockMix (section 4): @b is 2r 64-byte blocks as words, @y scratch of the same size. */
static void blockmix(uint32_t *b, uint32_t *y, unsigned int r)
{
	uint32_t x[16];
	unsigned int i, j;

	memcpy(x, b + (2 * r - 1) * 16, sizeof(x));
	for (i = 0; i < 2 * r; i++) {
		for (j = 0; j < 16; j++)
			x[j] ^= b[i * 16 + j];
		salsa20_8(x);
		/* Even blocks to the first half, odd ones to the second. */
		memcpy(y + ((i & 1) * r + i / 2) * 16, x, sizeof(x));
	}
	memcpy(b, y, 128 * r);
}

/*
 * scryptROMix (section 5) on one 128*r-byte block @b, in place.
 * @v holds N*32*r words, @y 32*r words.
 */
static void romix(uint8_t *b, unsigned int r, uint32_t n, uint32_t *v, uint32_t *y)
{
	size_t words = 32 * (size_t)r;
	uint32_t x[32 * 16];	/* r <= 16 */
	uint32_t i, j;
	size_t k;

	for (k = 0; k < words; k++)
		x[k] = wl_load_le32(b + 4 * k);
	for (i = 0; i < n; i++) {
		memcpy(v + i * words, x, words * 4);
		blockmix(x, y, r);
	}
	for (i = 0; i < n; i++) {
		/* Integerify: the first word of the last 64-byte block. */
		j = x[(2 * r - 1) * 16] & (n - 1);
		for (k = 0; k < words; k++)
			x[k] ^= v[j * words + k];
		blockmix(x, y, r);
	}
	for (k = 0; k < words; k++)
		wl_store_le32(b + 4 * k, x[k]);
}

static void hmac_sha256_init(struct sha256_ctx *inner, struct sha256_ctx *outer,
			     const uint8_t *key, size_t keylen)
{
	uint8_t k[SHA256_BLOCK_SIZE] = { 0 }, pad[SHA256_BLOCK_SIZE];
	int i;

	if (keylen > SHA256_BLOCK_SIZE)
		sha256(key, keylen, k);
	else
		memcpy(k, key, keylen);
	for (i = 0; i < SHA256_BLOCK_SIZE; i++)
		pad[i] = k[i] ^ 0x36;
	sha256_init(inner);
	sha256_update(inner, pad, sizeof(pad));
	for (i = 0; i < SHA256_BLOCK_SIZE; i++)
		pad[i] = k[i] ^ 0x5c;
	sha256_init(outer);
	sha256_update(outer, pad, sizeof(pad));
}

/* PBKDF2-HMAC-SHA256 with one iteration, all scrypt needs (RFC 7914 section 6). */
static void pbkdf2_sha256_1(const uint8_t *pass, size_t passlen, const uint8_t *salt,
			    size_t saltlen, uint8_t *out, size_t outlen)
{
	struct sha256_ctx inner0, outer0, inner, outer;
	uint8_t ctr[4], u[SHA256_DIGEST_SIZE];

	hmac_sha256_init(&inner0, &outer0, pass, passlen);
	for (uint32_t i = 1; outlen; i++) {
		size_t n = outlen < sizeof(u) ? outlen : sizeof(u);

		inner = inner0;
		outer = outer0;
		wl_store_be32(ctr, i);
		sha256_update(&inner, salt, saltlen);
		sha256_update(&inner, ctr, sizeof(ctr));
		sha256_final(&inner, u);
		sha256_update(&outer, u, sizeof(u));
		sha256_final(&outer, u);
		memcpy(out, u, n);
		out += n;
		outlen -= n;
	}
}

/*
 * scrypt (section 6).  @n a power of two, @r <= 16; @v holds n*128*r
 * bytes, @b p*128*r bytes, @y 128*r bytes.
 */
static void scrypt(const uint8_t *pass, size_t passlen, const uint8_t *salt, size_t saltlen,
		   uint32_t n, unsigned int r, unsigned int p, uint8_t *out, size_t outlen,
		   uint8_t *b, uint32_t *v, uint32_t *y)
{
	size_t blk = 128 * (size_t)r;

	pbkdf2_sha256_1(pass, passlen, salt, saltlen, b, p * blk);
	for (unsigned int i = 0; i < p; i++)
		romix(b + i * blk, r, n, v, y);
	pbkdf2_sha256_1(pass, passlen, b, p * blk, out, outlen);
}

struct scrypt_job {
	uint8_t header[HEADER_SIZE];
	uint8_t b[128 * LTC_R];
	uint32_t y[32 * LTC_R];
	uint32_t *v;			/* the 128 KiB table */
	uint32_t nonce;
	uint64_t shares;
};

#define V_SIZE	((size_t)LTC_N * 128 * LTC_R)

static void ltc_nonce(struct scrypt_job *job, uint32_t nonce, uint8_t out[32])
{
	wl_store_le32(job->header + NONCE_OFFSET, nonce);
	scrypt(job->header, HEADER_SIZE, job->header, HEADER_SIZE, LTC_N, LTC_R, 1,
	       out, 32, job->b, job->v, job->y);
}

static struct scrypt_job *job_alloc(void)
{
	struct scrypt_job *job = calloc(1, sizeof(*job));

	if (!job)
		return NULL;
	job->v = wl_alloc(V_SIZE);
	if (!job->v) {
		free(job);
		return NULL;
	}
	return job;
}

static void scrypt_fini(void *state)
{
	struct scrypt_job *job = state;

	wl_free(job->v, V_SIZE);
	free(job);
}

static void *scrypt_init(unsigned int thread)
{
	struct scrypt_job *job = job_alloc();
	struct wl_rng rng;

	if (!job)
		return NULL;
	wl_rng_seed(&rng, 0x5343525950540000ULL + thread);
	wl_rng_fill(&rng, job->header, HEADER_SIZE);
	return job;
}

static uint64_t scrypt_run(void *state)
{
	struct scrypt_job *job = state;
	uint8_t hash[32];

	for (int i = 0; i < BATCH; i++) {
		ltc_nonce(job, job->nonce++, hash);
		if (!hash[31] && !hash[30])
			job->shares++;
	}
	return BATCH;
}

static int scrypt_self_test(void)
{
	uint8_t in[64], got[64], want[64], b[16 * 128 * 8];
	uint32_t w[16], y[32 * 8], *v;
	struct scrypt_job *job;
	int fail = 0, i;

	wl_unhex(in, "7e879a214f3ec9867ca940e641718f26baee555b8c61c1b50df846116dcd3b1d"
		     "ee24f319df9b3d8514121e4b5ac5aa3276021d2909c74829edebc68db8b8c25e");
	for (i = 0; i < 16; i++)
		w[i] = wl_load_le32(in + 4 * i);
	salsa20_8(w);
	for (i = 0; i < 16; i++)
		wl_store_le32(got + 4 * i, w[i]);
	wl_unhex(want, "a41f859c6608cc993b81cacb020cef05044b2181a2fd337dfd7b1c6396682f29"
		       "b4393168e3c9e6bcfe6bc5b7a06d96bae424cc102c91745c24ad673dc7618f81");
	fail |= wl_expect("Salsa20/8 core (RFC 7914 s8)", got, want, 64);

	v = wl_alloc(1024 * 128 * 8);
	if (!v)
		return 1;
	scrypt(NULL, 0, NULL, 0, 16, 1, 1, got, 64, b, v, y);
	wl_unhex(want, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
		       "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
	fail |= wl_expect("scrypt(\"\", \"\", 16, 1, 1) (RFC 7914 s12)", got, want, 64);

	scrypt((const uint8_t *)"password", 8, (const uint8_t *)"NaCl", 4, 1024, 8, 16,
	       got, 64, b, v, y);
	wl_unhex(want, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
		       "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
	fail |= wl_expect("scrypt(\"password\", \"NaCl\", 1024, 8, 16) (RFC 7914 s12)",
			  got, want, 64);
	wl_free(v, 1024 * 128 * 8);

	job = job_alloc();
	if (!job)
		return 1;
	for (i = 0; i < HEADER_SIZE; i++)
		job->header[i] = (uint8_t)i;
	ltc_nonce(job, wl_load_le32(job->header + NONCE_OFFSET), got);
	wl_unhex(want, "bc540a1a801df96e493005c71e010e2d387607fbf0fec416fd3c2645aa1ba9d2");
	fail |= wl_expect("scrypt(header 00..4f, N=1024, r=1, p=1) via the mining path",
			  got, want, 32);
	scrypt_fini(job);
	return fail;
}

static const struct workload scrypt_workload = {
	.name = "scrypt_salsa",
	.init = scrypt_init,
	.run = scrypt_run,
	.fini = scrypt_fini,
	.self_test = scrypt_self_test,
};

int main(int argc, char **argv)
{
	return workload_main(&scrypt_workload, argc, argv);
}
