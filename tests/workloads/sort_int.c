// SPDX-License-Identifier: GPL-2.0
/*
 * sort_int: sort fresh arrays of random 32-bit integers, over and over.
 *
 * Mimics no proof of work: this is the ordinary integer-heavy program the
 * detector must not flag.  Each batch fills 256 Ki keys from a PRNG and
 * sorts them with an LSD radix sort (four 8-bit passes: counting,
 * prefix sums, scattering), the way database and analytics code sorts
 * integer keys.  Loads, stores, increments and shifts by 8/16/24 with
 * byte masks dominate; no rotates-and-xor rounds, no AES, no FP.
 *
 * Self-test: the radix sort of 100 000 random keys equals the array
 * sorted by the C library's qsort(), and a small fixed array sorts to
 * its known order.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define NKEYS	(256u * 1024)

/* Sort @n keys in place; @tmp holds @n more. */
static void radix_sort(uint32_t *keys, uint32_t *tmp, size_t n)
{
	uint32_t *src = keys, *dst = tmp, *t;

	for (unsigned int shift = 0; shift < 32; shift += 8) {
		size_t count[256] = { 0 }, sum = 0;
		size_t i;

		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xff]++;
		for (i = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	/* An even number of passes leaves the result in @keys. */
}

struct sort_job {
	struct wl_rng rng;
	uint32_t *keys, *tmp;
};

static void fill(struct wl_rng *rng, uint32_t *keys, size_t n)
{
	for (size_t i = 0; i < n; i += 2) {
		uint64_t v = wl_rng_next(rng);

		keys[i] = (uint32_t)v;
		if (i + 1 < n)
			keys[i + 1] = (uint32_t)(v >> 32);
	}
}

static void sort_fini(void *state)
{
	struct sort_job *job = state;

	free(job->keys);
	free(job->tmp);
	free(job);
}

static void *sort_init(unsigned int thread)
{
	struct sort_job *job = calloc(1, sizeof(*job));

	if (!job)
		return NULL;
	job->keys = malloc(NKEYS * sizeof(uint32_t));
	job->tmp = malloc(NKEYS * sizeof(uint32_t));
	if (!job->keys || !job->tmp) {
		sort_fini(job);
		return NULL;
	}
	wl_rng_seed(&job->rng, 0x534f5254ULL + thread);
	return job;
}

static uint64_t sort_run(void *state)
{
	struct sort_job *job = state;

	fill(&job->rng, job->keys, NKEYS);
	radix_sort(job->keys, job->tmp, NKEYS);
	return NKEYS;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int sort_self_test(void)
{
	uint32_t small[] = { 0xdeadbeef, 0, 7, 0xffffffff, 0x100, 7, 0x01000000, 0xff };
	const uint32_t small_sorted[] = { 0, 7, 7, 0xff, 0x100, 0x01000000, 0xdeadbeef, 0xffffffff };
	const size_t n = 100000;
	uint32_t tmp[8], *a, *b, *t;
	struct wl_rng rng;
	int fail = 0;

	radix_sort(small, tmp, 8);
	fail |= wl_expect("radix sort of 8 fixed keys", small, small_sorted, sizeof(small));

	a = malloc(n * sizeof(*a));
	b = malloc(n * sizeof(*b));
	t = malloc(n * sizeof(*t));
	if (!a || !b || !t) {
		free(a);
		free(b);
		free(t);
		return 1;
	}
	wl_rng_seed(&rng, 1);
	fill(&rng, a, n);
	memcpy(b, a, n * sizeof(*a));
	radix_sort(a, t, n);
	qsort(b, n, sizeof(*b), cmp_u32);
	fail |= wl_expect_true("radix sort of 100000 random keys equals qsort()",
			       !memcmp(a, b, n * sizeof(*a)));
	free(a);
	free(b);
	free(t);
	return fail;
}

static const struct workload sort_workload = {
	.name = "sort_int",
	.init = sort_init,
	.run = sort_run,
	.fini = sort_fini,
	.self_test = sort_self_test,
};

int main(int argc, char **argv)
{
	return workload_main(&sort_workload, argc, argv);
}
