// SPDX-License-Identifier: GPL-2.0
/*
 * Shared harness of the hashguard test workloads: command line, the
 * timed multi-threaded run loop, self-test reporting and small helpers.
 * See common.h.
 *
 * Stopping: SIGINT and SIGTERM are blocked in every thread; the main
 * thread waits for them with sigtimedwait() until the deadline, then sets
 * a flag the workers check between batches and joins them.  So a signal
 * ends the run as cleanly as the timer does: same summary line, exit 0.
 */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define WL_MAX_THREADS 256

struct worker {
	pthread_t tid;
	const struct workload *w;
	unsigned int index;
	uint64_t work;
	int failed;
} __attribute__((aligned(64)));

static atomic_bool stop_requested;

static void *worker_main(void *arg)
{
	struct worker *wk = arg;
	const struct workload *w = wk->w;
	void *state = NULL;
	uint64_t work = 0;

	if (w->init) {
		state = w->init(wk->index);
		if (!state) {
			fprintf(stderr, "%s: thread %u: setup failed\n", w->name, wk->index);
			wk->failed = 1;
			return NULL;
		}
	}
	while (!atomic_load_explicit(&stop_requested, memory_order_relaxed))
		work += w->run(state);
	if (w->fini)
		w->fini(state);
	wk->work = work;
	return NULL;
}

static void usage(FILE *f, const char *name)
{
	fprintf(f, "usage: %s [--seconds N (default 30)] [--threads N (default 1)]\n"
		"       [--exec-every N (re-exec itself every N seconds)] [--self-test]\n",
		name);
}

static int parse_count(const char *arg, const char *what, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 1 || v > max) {
		fprintf(stderr, "invalid %s '%s' (1..%ld)\n", what, arg, max);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * Wait for SIGINT/SIGTERM (blocked by the caller) or the deadline.
 * Return: true if a signal ended it.
 */
static bool wait_until(double deadline, const sigset_t *sigs)
{
	for (;;) {
		double left = deadline - wl_now();
		struct timespec ts;
		int sig;

		if (left <= 0)
			return false;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		sig = sigtimedwait(sigs, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM)
			return true;
		/* EAGAIN: timed out, EINTR: another signal; recheck the clock. */
	}
}

static int run_threads(const struct workload *w, long nthreads, long seconds,
		       bool *signalled)
{
	struct worker *wk;
	sigset_t sigs, old;
	double start, elapsed;
	uint64_t total = 0;
	int failed = 0;
	long i, started;

	wk = calloc((size_t)nthreads, sizeof(*wk));
	if (!wk) {
		perror("calloc");
		return 1;
	}
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	/* Blocked here, so inherited by the workers: only sigtimedwait() sees them. */
	pthread_sigmask(SIG_BLOCK, &sigs, &old);

	start = wl_now();
	for (started = 0; started < nthreads; started++) {
		int err;

		wk[started].w = w;
		wk[started].index = (unsigned int)started;
		err = pthread_create(&wk[started].tid, NULL, worker_main, &wk[started]);
		if (err) {
			fprintf(stderr, "%s: pthread_create: %s\n", w->name, strerror(err));
			failed = 1;
			break;
		}
	}
	*signalled = false;
	if (!failed)
		*signalled = wait_until(start + (double)seconds, &sigs);
	atomic_store(&stop_requested, true);
	for (i = 0; i < started; i++) {
		pthread_join(wk[i].tid, NULL);
		failed |= wk[i].failed;
		total += wk[i].work;
	}
	elapsed = wl_now() - start;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	free(wk);
	if (failed)
		return 1;
	printf("%s: threads=%ld seconds=%.2f work=%llu\n", w->name, nthreads,
	       elapsed, (unsigned long long)total);
	return 0;
}

/*
 * --exec-every N: the process replaces its own image every N seconds
 * (the same pid, a new program run), as a miner that hopes an exec wipes
 * what a detector or an enforcer knows of it.
 */
static int exec_again(const char *name, long seconds, long nthreads,
		      long every)
{
	char s[24], t[24], e[24];
	char *args[] = { (char *)name, "--seconds", s, "--threads", t,
			 "--exec-every", e, NULL };

	snprintf(s, sizeof(s), "%ld", seconds);
	snprintf(t, sizeof(t), "%ld", nthreads);
	snprintf(e, sizeof(e), "%ld", every);
	fflush(NULL);
	execv("/proc/self/exe", args);
	perror("execv /proc/self/exe");
	return 1;
}

int workload_main(const struct workload *w, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "exec-every", required_argument, NULL, 'e' },
		{ "self-test", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long seconds = 30, nthreads = 1, every = 0;
	int self_test = 0, c, rc;
	bool signalled;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (parse_count(optarg, "--seconds", INT_MAX, &seconds))
				return 2;
			break;
		case 't':
			if (parse_count(optarg, "--threads", WL_MAX_THREADS, &nthreads))
				return 2;
			break;
		case 'e':
			if (parse_count(optarg, "--exec-every", INT_MAX, &every))
				return 2;
			break;
		case 'T':
			self_test = 1;
			break;
		case 'h':
			usage(stdout, w->name);
			return 0;
		default:
			usage(stderr, w->name);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr, w->name);
		return 2;
	}
	/* Make the summary line visible at once even when stdout is a pipe. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (self_test) {
		rc = w->self_test() ? 1 : 0;
		printf("%s: self-test %s\n", w->name, rc ? "FAILED" : "passed");
		return rc;
	}
	if (every && every < seconds) {
		rc = run_threads(w, nthreads, every, &signalled);
		if (rc || signalled)
			return rc;
		return exec_again(argv[0], seconds - every, nthreads, every);
	}
	return run_threads(w, nthreads, seconds, &signalled);
}

static void print_hex(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

int wl_expect(const char *what, const void *got, const void *want, size_t len)
{
	const char *prog = program_invocation_short_name;

	if (!memcmp(got, want, len)) {
		printf("%s: self-test: %s: ok\n", prog, what);
		return 0;
	}
	printf("%s: self-test: %s: MISMATCH\n  got:  ", prog, what);
	print_hex(got, len);
	printf("  want: ");
	print_hex(want, len);
	return 1;
}

int wl_expect_true(const char *what, int cond)
{
	printf("%s: self-test: %s: %s\n", program_invocation_short_name, what,
	       cond ? "ok" : "FAILED");
	return !cond;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	abort();	/* a typo in a test vector */
}

void wl_unhex(uint8_t *out, const char *hex)
{
	size_t n = strlen(hex);

	if (n % 2)
		abort();
	for (size_t i = 0; i < n / 2; i++)
		out[i] = (uint8_t)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void wl_rng_seed(struct wl_rng *rng, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&seed);
}

uint64_t wl_rng_next(struct wl_rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = wl_rotl64(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = wl_rotl64(s[3], 45);
	return result;
}

void wl_rng_fill(struct wl_rng *rng, void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8)
		wl_store_le64(p + i, wl_rng_next(rng));
	if (i < len) {
		uint64_t v = wl_rng_next(rng);

		for (; i < len; i++, v >>= 8)
			p[i] = (uint8_t)v;
	}
}

void *wl_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "%s: cannot allocate %zu bytes: %s\n",
			program_invocation_short_name, size, strerror(errno));
		return NULL;
	}
	return p;
}

void wl_free(void *p, size_t size)
{
	if (p)
		munmap(p, size);
}

double wl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
