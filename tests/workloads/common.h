// SPDX-License-Identifier: GPL-2.0
/*
 * Shared harness of the hashguard test workloads.
 *
 * Every workload is one program, NAME [--seconds N] [--threads N]
 * [--exec-every N] [--self-test], built from one source file that describes itself with a
 * struct workload and hands it to workload_main().  The harness parses the
 * command line, runs the known-answer self-test, or starts the threads,
 * calls ->run() on each until the time is up or SIGTERM/SIGINT arrives,
 * and prints "NAME: threads=T seconds=S work=N".
 */
#ifndef HG_WORKLOAD_COMMON_H
#define HG_WORKLOAD_COMMON_H

#include <stddef.h>
#include <stdint.h>

struct workload {
	const char *name;
	/*
	 * Per-thread state: called in the worker thread before its first
	 * ->run() (so its memory is first touched there), NULL on failure
	 * with a message printed.  Optional; ->run() then gets NULL.
	 */
	void *(*init)(unsigned int thread);
	/*
	 * One batch of work, a few milliseconds long on the host so that
	 * the thread notices the stop request soon even under TCG.  Returns
	 * the units of work done (hashes, iterations, bytes...).
	 */
	uint64_t (*run)(void *state);
	void (*fini)(void *state);
	/* Known-answer test: 0 if every check passed, else non-zero. */
	int (*self_test)(void);
};

int workload_main(const struct workload *w, int argc, char **argv);

/*
 * Self-test helper: compare @len bytes, print "NAME: self-test: WHAT: ok"
 * or the mismatch as hex.  Returns 0 if equal, 1 if not.
 */
int wl_expect(const char *what, const void *got, const void *want, size_t len);
/* Same for a condition that has no byte string to show. */
int wl_expect_true(const char *what, int cond);
/* Parse a hex string into @out, which holds exactly strlen(hex)/2 bytes. */
void wl_unhex(uint8_t *out, const char *hex);

/* xoshiro256** PRNG: fast, deterministic test data, not crypto. */
struct wl_rng {
	uint64_t s[4];
};

void wl_rng_seed(struct wl_rng *rng, uint64_t seed);
uint64_t wl_rng_next(struct wl_rng *rng);
/* Fill @len bytes with successive outputs, each stored little-endian. */
void wl_rng_fill(struct wl_rng *rng, void *buf, size_t len);

/* Page-aligned zeroed allocation of @size bytes; NULL (and a message) on failure. */
void *wl_alloc(size_t size);
void wl_free(void *p, size_t size);

/* Seconds on CLOCK_MONOTONIC. */
double wl_now(void);

static inline uint32_t wl_rotr32(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << ((32 - n) & 31));
}

static inline uint32_t wl_rotl32(uint32_t x, unsigned int n)
{
	return (x << n) | (x >> ((32 - n) & 31));
}

static inline uint64_t wl_rotr64(uint64_t x, unsigned int n)
{
	return (x >> n) | (x << ((64 - n) & 63));
}

static inline uint64_t wl_rotl64(uint64_t x, unsigned int n)
{
	return (x << n) | (x >> ((64 - n) & 63));
}

static inline uint32_t wl_load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void wl_store_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static inline uint32_t wl_load_le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static inline void wl_store_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static inline uint64_t wl_load_le64(const uint8_t *p)
{
	return (uint64_t)wl_load_le32(p + 4) << 32 | wl_load_le32(p);
}

static inline void wl_store_le64(uint8_t *p, uint64_t v)
{
	wl_store_le32(p, (uint32_t)v);
	wl_store_le32(p + 4, (uint32_t)(v >> 32));
}

#endif /* HG_WORKLOAD_COMMON_H */
