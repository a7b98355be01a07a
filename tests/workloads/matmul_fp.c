// SPDX-License-Identifier: GPL-2.0
/*
 * matmul_fp: double-precision 256x256 matrix multiply, over and over.
 *
 * Mimics no proof of work: this is the ordinary FP-heavy program (linear
 * algebra, simulation, ML inference on CPU) the detector must not flag.
 * A cache-blocked i-k-j loop of packed double (SSE2) multiplies and
 * adds, like a simple DGEMM kernel.  It stays in the default rounding
 * mode, so there is never an ldmxcsr, and has no hash rounds or AES.
 *
 * Self-test: the reference triple loop on a 3x3 product with a known
 * result; the blocked 256x256 integer-valued product (exact in doubles)
 * against the reference loop; and A * I == A.
 */
#include <stdlib.h>
#include <string.h>
#include <emmintrin.h>

#include "common.h"

#define N	256
#define BLOCK	32

/*
 * c = a * b for n x n row-major matrices, n a multiple of BLOCK, with
 * the SSE2 packed-double inner loop of a simple DGEMM kernel.
 */
static void matmul(double *restrict c, const double *restrict a,
		   const double *restrict b, size_t n)
{
	memset(c, 0, n * n * sizeof(*c));
	for (size_t ii = 0; ii < n; ii += BLOCK)
		for (size_t kk = 0; kk < n; kk += BLOCK)
			for (size_t jj = 0; jj < n; jj += BLOCK)
				for (size_t i = ii; i < ii + BLOCK; i++)
					for (size_t k = kk; k < kk + BLOCK; k++) {
						const __m128d aik = _mm_set1_pd(a[i * n + k]);
						const double *bk = &b[k * n + jj];
						double *ci = &c[i * n + jj];

						for (size_t j = 0; j < BLOCK; j += 2)
							_mm_storeu_pd(ci + j, _mm_add_pd(_mm_loadu_pd(ci + j),
								_mm_mul_pd(aik, _mm_loadu_pd(bk + j))));
					}
}

/* The textbook triple loop, as the reference of the self-test. */
static void matmul_naive(double *c, const double *a, const double *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			double s = 0;

			for (size_t k = 0; k < n; k++)
				s += a[i * n + k] * b[k * n + j];
			c[i * n + j] = s;
		}
}

struct matmul_job {
	double *a, *b, *c;
	struct wl_rng rng;
};

static void matmul_fini(void *state)
{
	struct matmul_job *job = state;

	free(job->a);
	free(job->b);
	free(job->c);
	free(job);
}

static struct matmul_job *job_alloc(void)
{
	struct matmul_job *job = calloc(1, sizeof(*job));

	if (!job)
		return NULL;
	job->a = aligned_alloc(64, N * N * sizeof(double));
	job->b = aligned_alloc(64, N * N * sizeof(double));
	job->c = aligned_alloc(64, N * N * sizeof(double));
	if (!job->a || !job->b || !job->c) {
		matmul_fini(job);
		return NULL;
	}
	return job;
}

/* Small integers in [-8, 8): products and sums stay exact. */
static void fill(struct wl_rng *rng, double *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		m[i] = (double)(int)(wl_rng_next(rng) % 16) - 8.0;
}

static void *matmul_init(unsigned int thread)
{
	struct matmul_job *job = job_alloc();

	if (!job)
		return NULL;
	wl_rng_seed(&job->rng, 0x4d41544d554cULL + thread);
	for (size_t i = 0; i < N * N; i++) {
		job->a[i] = (double)wl_rng_next(&job->rng) / 18446744073709551616.0;
		job->b[i] = (double)wl_rng_next(&job->rng) / 18446744073709551616.0 - 0.5;
	}
	return job;
}

static uint64_t matmul_run(void *state)
{
	struct matmul_job *job = state;

	matmul(job->c, job->a, job->b, N);
	/* Change an input so that no two batches are the same product. */
	job->a[wl_rng_next(&job->rng) % (N * N)] = job->c[0] / N;
	return 1;
}

static int matmul_self_test(void)
{
	static const double a3[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	static const double b3[9] = { 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	static const double want3[9] = { 30, 24, 18, 84, 69, 54, 138, 114, 90 };
	struct matmul_job *job = job_alloc();
	double c3[9], *ref;
	int fail = 0, ok = 1;
	size_t i, j;

	matmul_naive(c3, a3, b3, 3);
	fail |= wl_expect("3x3 product (reference loop)", c3, want3, sizeof(c3));

	ref = malloc(N * N * sizeof(*ref));
	if (!job || !ref) {
		free(ref);
		if (job)
			matmul_fini(job);
		return 1;
	}
	wl_rng_seed(&job->rng, 2);
	fill(&job->rng, job->a, N * N);
	fill(&job->rng, job->b, N * N);
	matmul(job->c, job->a, job->b, N);
	matmul_naive(ref, job->a, job->b, N);
	fail |= wl_expect_true("256x256 blocked product equals the naive one",
			       !memcmp(job->c, ref, N * N * sizeof(*ref)));

	for (i = 0; i < N; i++)
		for (j = 0; j < N; j++)
			job->b[i * N + j] = i == j;
	matmul(job->c, job->a, job->b, N);
	for (i = 0; i < N * N; i++)
		ok &= job->c[i] == job->a[i];
	fail |= wl_expect_true("A * I == A", ok);
	free(ref);
	matmul_fini(job);
	return fail;
}

static const struct workload matmul_workload = {
	.name = "matmul_fp",
	.init = matmul_init,
	.run = matmul_run,
	.fini = matmul_fini,
	.self_test = matmul_self_test,
};

int main(int argc, char **argv)
{
	return workload_main(&matmul_workload, argc, argv);
}
