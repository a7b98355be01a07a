// SPDX-License-Identifier: GPL-2.0
/*
 * memcopy: memset and memcpy over two 64 MiB buffers, over and over.
 *
 * Mimics no proof of work: this is the memory-bandwidth-bound ordinary
 * program (buffer management, data movement) the detector must not flag.
 * glibc's memcpy/memset are wide vector loads and stores (or rep movsb/
 * stosb) and little else: no arithmetic to speak of, and far more memory
 * traffic than any hash's scratchpad.
 *
 * Each batch clears one 4 MiB chunk of the destination and copies the
 * matching chunk of the source over it, walking through the buffers; work
 * is counted in MiB copied.
 *
 * Self-test: a copy of a patterned 64 MiB buffer compares equal, byte for
 * byte, and a cleared chunk reads back as zero.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define BUF_SIZE	(64u << 20)
#define CHUNK		(4u << 20)

struct memcopy_job {
	uint8_t *src, *dst;
	size_t off;
};

static void memcopy_fini(void *state)
{
	struct memcopy_job *job = state;

	wl_free(job->src, BUF_SIZE);
	wl_free(job->dst, BUF_SIZE);
	free(job);
}

static void *memcopy_init(unsigned int thread)
{
	struct memcopy_job *job = calloc(1, sizeof(*job));

	if (!job)
		return NULL;
	job->src = wl_alloc(BUF_SIZE);
	job->dst = wl_alloc(BUF_SIZE);
	if (!job->src || !job->dst) {
		memcopy_fini(job);
		return NULL;
	}
	memset(job->src, 0x5a ^ (int)thread, BUF_SIZE);
	return job;
}

static uint64_t memcopy_run(void *state)
{
	struct memcopy_job *job = state;

	memset(job->dst + job->off, 0, CHUNK);
	memcpy(job->dst + job->off, job->src + job->off, CHUNK);
	job->off = (job->off + CHUNK) % BUF_SIZE;
	return CHUNK >> 20;
}

static int memcopy_self_test(void)
{
	struct memcopy_job *job = memcopy_init(0);
	int fail = 0, zero = 1;
	size_t i;

	if (!job)
		return 1;
	for (i = 0; i < BUF_SIZE; i += 8)
		wl_store_le64(job->src + i, i * 0x9e3779b97f4a7c15ULL);
	for (i = 0; i < BUF_SIZE / CHUNK; i++)
		memcopy_run(job);
	fail |= wl_expect_true("64 MiB copied chunk by chunk compares equal",
			       !memcmp(job->src, job->dst, BUF_SIZE));
	memset(job->dst, 0, CHUNK);
	for (i = 0; i < CHUNK; i++)
		zero &= !job->dst[i];
	fail |= wl_expect_true("a cleared chunk reads back as zero", zero);
	memcopy_fini(job);
	return fail;
}

static const struct workload memcopy_workload = {
	.name = "memcopy",
	.init = memcopy_init,
	.run = memcopy_run,
	.fini = memcopy_fini,
	.self_test = memcopy_self_test,
};

int main(int argc, char **argv)
{
	return workload_main(&memcopy_workload, argc, argv);
}
