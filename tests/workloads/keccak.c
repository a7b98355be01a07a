// SPDX-License-Identifier: GPL-2.0
/*
 * keccak: SHA3-256 of an 80-byte block header with an incrementing nonce.
 *
 * Mimics: Keccak/SHA-3 proof of work (MaxCoin, SmartCash, Keccak pools of
 * multi-algorithm coins; Keccak is also the first and last step of
 * CryptoNight and Ethash).  An 80-byte header fits in one 136-byte block,
 * so each nonce is exactly one Keccak-f[1600] permutation.
 *
 * Hash-heavy: 24 rounds of 64-bit xor, rotate-by-constant and andn on a
 * 25-lane state, no FP and no memory traffic beyond the state.
 *
 * Self-test: SHA3-256 of "abc" and "" (FIPS 202 examples), a two-block
 * message, original Keccak-256("") (the 0x01 padding CryptoNight uses),
 * and the mining path on header bytes 00..4f, checked against Python's
 * hashlib.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "keccak1600.h"

#define HEADER_SIZE	80
#define NONCE_OFFSET	76
#define SHA3_256_RATE	136
#define BATCH		8192

struct keccak_job {
	uint8_t header[HEADER_SIZE];
	uint32_t nonce;
	uint64_t shares;
};

static void sha3_256(const void *in, size_t len, uint8_t out[32])
{
	uint64_t st[25];

	keccak_sponge(st, in, len, SHA3_256_RATE, SHA3_PAD);
	keccak_squeeze(st, out, 32);
}

static void keccak_nonce(struct keccak_job *job, uint32_t nonce, uint8_t out[32])
{
	wl_store_le32(job->header + NONCE_OFFSET, nonce);
	sha3_256(job->header, HEADER_SIZE, out);
}

static void *keccak_init(unsigned int thread)
{
	struct keccak_job *job = calloc(1, sizeof(*job));
	struct wl_rng rng;

	if (!job)
		return NULL;
	wl_rng_seed(&rng, 0x4b454343414bULL + thread);
	wl_rng_fill(&rng, job->header, HEADER_SIZE);
	return job;
}

static uint64_t keccak_run(void *state)
{
	struct keccak_job *job = state;
	uint8_t hash[32];

	for (int i = 0; i < BATCH; i++) {
		keccak_nonce(job, job->nonce++, hash);
		if (!hash[0] && !hash[1])
			job->shares++;
	}
	return BATCH;
}

static void keccak_fini(void *state)
{
	free(state);
}

static int keccak_self_test(void)
{
	uint8_t got[32], want[32], msg[200];
	struct keccak_job job;
	uint64_t st[25];
	int fail = 0, i;

	sha3_256("abc", 3, got);
	wl_unhex(want, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
	fail |= wl_expect("SHA3-256(\"abc\")", got, want, 32);

	sha3_256("", 0, got);
	wl_unhex(want, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
	fail |= wl_expect("SHA3-256(\"\")", got, want, 32);

	for (i = 0; i < 200; i++)
		msg[i] = (uint8_t)i;
	sha3_256(msg, sizeof(msg), got);
	wl_unhex(want, "5f728f63bf5ee48c77f453c0490398fa645b8d4c4e56be9a41cfec344d6ca899");
	fail |= wl_expect("SHA3-256(00..c7), two blocks", got, want, 32);

	keccak_sponge(st, "", 0, SHA3_256_RATE, KECCAK_PAD);
	keccak_squeeze(st, got, 32);
	wl_unhex(want, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
	fail |= wl_expect("Keccak-256(\"\")", got, want, 32);

	memcpy(job.header, msg, HEADER_SIZE);
	keccak_nonce(&job, wl_load_le32(msg + NONCE_OFFSET), got);
	wl_unhex(want, "0e34ae32d043275b50e9a9e0dd024ab024213f096ca6e5b7f16b524f0b37c271");
	fail |= wl_expect("SHA3-256(header 00..4f) via the mining path", got, want, 32);
	return fail;
}

static const struct workload keccak_workload = {
	.name = "keccak",
	.init = keccak_init,
	.run = keccak_run,
	.fini = keccak_fini,
	.self_test = keccak_self_test,
};

int main(int argc, char **argv)
{
	return workload_main(&keccak_workload, argc, argv);
}
