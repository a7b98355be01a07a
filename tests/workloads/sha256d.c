// SPDX-License-Identifier: GPL-2.0
/*
 * sha256d: Bitcoin-style proof of work, SHA-256(SHA-256(header)) over an
 * 80-byte block header with an incrementing nonce.
 *
 * Mimics: the SHA-256d family (Bitcoin, Bitcoin Cash...) as CPU miners
 * such as cpuminer run it: the first 64 header bytes, which do not
 * change with the nonce, are compressed once into a midstate; then each
 * nonce costs two compressions (header tail, then the 32-byte digest),
 * and the hash is compared with the share target.
 *
 * Hash-heavy: nearly all time is in the 64 SHA-256 rounds, a dense mix
 * of 32-bit rotates (or shift/or pairs), xor, and/andn and adds, with no
 * FP and little memory traffic.
 *
 * Self-test: SHA-256("abc") and the 448-bit message of FIPS 180-4, and
 * the mining path on the Bitcoin genesis block header, whose double hash
 * is the well-known 000000000019d6...e26f.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "sha256.h"

#define HEADER_SIZE	80
#define NONCE_OFFSET	76
#define BATCH		4096	/* nonces per run() call */

struct sha256d_job {
	uint32_t midstate[8];		/* state after header[0..63] */
	uint8_t tail[SHA256_BLOCK_SIZE];	/* header[64..79] + padding */
	uint8_t header[HEADER_SIZE];
	uint32_t nonce;
	uint64_t shares;
};

/* Prepare the per-header precomputation, as getwork/stratum miners do. */
static void job_init(struct sha256d_job *job, const uint8_t header[HEADER_SIZE])
{
	memcpy(job->header, header, HEADER_SIZE);
	memcpy(job->midstate, sha256_iv, sizeof(job->midstate));
	sha256_transform(job->midstate, header);

	memset(job->tail, 0, sizeof(job->tail));
	memcpy(job->tail, header + 64, HEADER_SIZE - 64);
	job->tail[HEADER_SIZE - 64] = 0x80;
	wl_store_be32(job->tail + 60, HEADER_SIZE * 8);
	job->nonce = wl_load_le32(header + NONCE_OFFSET);
}

/* The double hash of the job's header with @nonce, in Bitcoin's byte order. */
static void sha256d_nonce(struct sha256d_job *job, uint32_t nonce, uint8_t out[32])
{
	uint8_t block2[SHA256_BLOCK_SIZE] = { 0 };
	uint32_t h[8];
	int i;

	wl_store_le32(job->tail + NONCE_OFFSET - 64, nonce);
	memcpy(h, job->midstate, sizeof(h));
	sha256_transform(h, job->tail);

	for (i = 0; i < 8; i++)
		wl_store_be32(block2 + 4 * i, h[i]);
	block2[32] = 0x80;
	wl_store_be32(block2 + 60, 32 * 8);
	memcpy(h, sha256_iv, sizeof(h));
	sha256_transform(h, block2);
	for (i = 0; i < 8; i++)
		wl_store_be32(out + 4 * i, h[i]);
}

static void *sha256d_init(unsigned int thread)
{
	struct sha256d_job *job = calloc(1, sizeof(*job));
	uint8_t header[HEADER_SIZE];
	struct wl_rng rng;

	if (!job)
		return NULL;
	/* A random previous-block hash and merkle root per thread. */
	wl_rng_seed(&rng, 0x5348413235366400ULL + thread);
	wl_rng_fill(&rng, header, HEADER_SIZE);
	wl_store_le32(header, 0x20000000);			/* version */
	wl_store_le32(header + 72, 0x1d00ffff);			/* bits */
	wl_store_le32(header + NONCE_OFFSET, 0);
	job_init(job, header);
	return job;
}

static uint64_t sha256d_run(void *state)
{
	struct sha256d_job *job = state;
	uint8_t hash[32];

	for (int i = 0; i < BATCH; i++) {
		sha256d_nonce(job, job->nonce++, hash);
		/* Share target: the top 16 bits of the little-endian hash are zero. */
		if (!hash[31] && !hash[30])
			job->shares++;
	}
	return BATCH;
}

static void sha256d_fini(void *state)
{
	free(state);
}

static int sha256d_self_test(void)
{
	static const char genesis_hex[] =
		"01000000" "0000000000000000000000000000000000000000000000000000000000000000"
		"3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a"
		"29ab5f49" "ffff001d" "1dac2b7c";
	uint8_t want[32], got[32], header[HEADER_SIZE];
	struct sha256d_job job;
	int fail = 0;

	sha256("abc", 3, got);
	wl_unhex(want, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	fail |= wl_expect("SHA-256(\"abc\")", got, want, 32);

	sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, got);
	wl_unhex(want, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	fail |= wl_expect("SHA-256(448-bit FIPS 180-4 message)", got, want, 32);

	wl_unhex(header, genesis_hex);
	job_init(&job, header);
	sha256d_nonce(&job, job.nonce, got);
	/* Block hashes are displayed byte-reversed. */
	wl_unhex(want, "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000");
	fail |= wl_expect("SHA-256d(Bitcoin genesis header) via midstate", got, want, 32);
	return fail;
}

static const struct workload sha256d_workload = {
	.name = "sha256d",
	.init = sha256d_init,
	.run = sha256d_run,
	.fini = sha256d_fini,
	.self_test = sha256d_self_test,
};

int main(int argc, char **argv)
{
	return workload_main(&sha256d_workload, argc, argv);
}
