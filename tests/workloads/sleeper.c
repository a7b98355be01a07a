// SPDX-License-Identifier: GPL-2.0
/*
 * sleeper: sleeps 10 ms, does a few microseconds of work, sleeps again.
 *
 * Mimics no proof of work: an idle daemon or interactive program, which
 * the detector must not flag however its few instructions look, since
 * it is almost never on the CPU.  The work is a checksum of a small
 * buffer (a few thousand adds and shifts).  Work is counted in wake-ups.
 *
 * Self-test: a 10 ms nanosleep() lasts at least 10 ms, and the checksum
 * function gives the published Fletcher-32 values.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"

#define SLEEP_NS	10000000L
#define WORK_SIZE	4096

/* Fletcher-32 over 16-bit little-endian words. */
static uint32_t fletcher32(const uint8_t *p, size_t len)
{
	uint32_t s1 = 0xffff, s2 = 0xffff;

	for (size_t i = 0; i + 1 < len; i += 2) {
		s1 = (s1 + (uint32_t)(p[i] | p[i + 1] << 8)) % 65535;
		s2 = (s2 + s1) % 65535;
	}
	return s2 << 16 | s1;
}

struct sleeper_job {
	uint8_t buf[WORK_SIZE];
	uint32_t sum;
};

static void *sleeper_init(unsigned int thread)
{
	struct sleeper_job *job = calloc(1, sizeof(*job));

	if (job)
		memset(job->buf, (int)thread, sizeof(job->buf));
	return job;
}

static void nap(void)
{
	struct timespec ts = { 0, SLEEP_NS };

	/* SIGINT/SIGTERM are blocked in workers: an EINTR is some other signal. */
	nanosleep(&ts, NULL);
}

static uint64_t sleeper_run(void *state)
{
	struct sleeper_job *job = state;

	nap();
	job->buf[job->sum % WORK_SIZE]++;
	job->sum += fletcher32(job->buf, sizeof(job->buf));
	return 1;
}

static void sleeper_fini(void *state)
{
	free(state);
}

static int sleeper_self_test(void)
{
	double t = wl_now();
	int fail;

	nap();
	fail = wl_expect_true("nanosleep(10 ms) lasts at least 10 ms",
			      wl_now() - t >= SLEEP_NS * 1e-9);
	/* Wikipedia's Fletcher-32 examples; odd lengths are zero-padded. */
	fail |= wl_expect_true("Fletcher-32 of \"abcde\" and \"abcdef\"",
			       fletcher32((const uint8_t *)"abcdef", 6) == 0x56502d2a &&
			       fletcher32((const uint8_t *)"abcde", 6) == 0xf04fc729);
	return fail;
}

static const struct workload sleeper_workload = {
	.name = "sleeper",
	.init = sleeper_init,
	.run = sleeper_run,
	.fini = sleeper_fini,
	.self_test = sleeper_self_test,
};

int main(int argc, char **argv)
{
	return workload_main(&sleeper_workload, argc, argv);
}
