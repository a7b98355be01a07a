// SPDX-License-Identifier: GPL-2.0
/*
 * forkhold: a hash-heavy process that, once flagged, holds many live
 * child processes, for the dump tests of tests/vm/guest-api.sh.
 *
 * usage: forkhold [--children N] [--churn RATE] [--seconds S]
 *                 [--pids-file FILE] [--go-after S]
 *
 *  1. Hashes (SHA-256, as sha256d does) until SIGUSR1 arrives (the
 *     harness sends it once the module has flagged the process) or, with
 *     --go-after, S seconds have passed.  hashguard tracks the children
 *     of a suspect or flagged process from fork(), so they must come
 *     after the flag.
 *  2. Creates N (default 10000) children that block in pause() for good.
 *     They are clone(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND)
 *     processes (not threads: each has its own tgid) on a 16 KiB stack
 *     each, all signals blocked, PR_SET_PDEATHSIG SIGKILL, so that 10,000
 *     of them cost little more than their kernel stacks; 2 ms pause every
 *     32 clones, so that hashguard's per-CPU queue of new tasks (64
 *     slots) never overflows.  Their pids go to
 *     FILE (one a line, written to FILE.tmp then renamed, so FILE appears
 *     complete), and "forkhold: children=N ready" to stdout.
 *  3. Hashes on in the main thread while a second thread churns: RATE
 *     (default 20, 0 for none) times a second it creates a short-lived
 *     child (it sleeps 20 ms and exits) and reaps it; SIGUSR2 stops the
 *     churn for good.
 *  4. On SIGTERM/SIGINT, or after S seconds in all (default 600), kills
 *     and reaps every child and prints a summary.
 *
 * The machine must allow N more tasks: kernel.threads-max is about
 * RAM / 128 KiB (less with KASAN's 32 KiB stacks), so the harness raises it.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "sha256.h"

#define STACK_SIZE	(16 * 1024)
#define CLONE_FLAGS	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | SIGCHLD)

static volatile sig_atomic_t go, stop;
static atomic_ulong churned, churn_failed;
static atomic_bool churn_stop;
static uint8_t digest[SHA256_DIGEST_SIZE];

static void on_signal(int sig)
{
	if (sig == SIGUSR2)
		atomic_store(&churn_stop, true);
	else if (sig == SIGUSR1)
		go = 1;
	else
		stop = 1;
}

/* A few milliseconds of SHA-256. */
static uint64_t hash_batch(void)
{
	uint32_t h[8];
	uint8_t block[SHA256_BLOCK_SIZE];
	int i;

	memcpy(h, sha256_iv, sizeof(h));
	memcpy(block, digest, sizeof(digest));
	memcpy(block + 32, digest, sizeof(digest));
	for (i = 0; i < 2048; i++) {
		sha256_transform(h, block);
		block[i & 63] ^= (uint8_t)h[i & 7];
	}
	for (i = 0; i < 8; i++)
		wl_store_be32(digest + 4 * i, h[i]);
	return 2048;
}

/*
 * The children share the parent's memory (CLONE_VM): they must not touch
 * anything of glibc that keeps state, so raw system calls only.
 */
static int holder(void *arg)
{
	sigset_t all;

	(void)arg;
	sigfillset(&all);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, NULL, sizeof(long));
	syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	for (;;)
		syscall(SYS_pause);
	return 0;
}

static int brief(void *arg)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	(void)arg;
	syscall(SYS_nanosleep, &ts, NULL);
	syscall(SYS_exit, 0);
	return 0;
}

static void *churn_main(void *arg)
{
	long rate = (long)arg;
	struct timespec gap = { 0, 1000000000L / rate };
	char *stacks;
	int slot = 0;

	if (gap.tv_nsec >= 1000000000L)
		gap.tv_nsec = 999999999L;
	/* A few stacks, each reused once its child has been reaped. */
	stacks = mmap(NULL, 4 * STACK_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (stacks == MAP_FAILED) {
		perror("forkhold: churn stacks");
		return NULL;
	}
	while (!atomic_load(&churn_stop)) {
		pid_t pid = clone(brief, stacks + (slot + 1) * STACK_SIZE, CLONE_FLAGS, NULL);

		if (pid < 0) {
			atomic_fetch_add(&churn_failed, 1);
		} else {
			waitpid(pid, NULL, __WALL);
			atomic_fetch_add(&churned, 1);
		}
		slot = (slot + 1) % 4;
		nanosleep(&gap, NULL);
	}
	munmap(stacks, 4 * STACK_SIZE);
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: forkhold [--children N (10000)] [--churn PER_SECOND (20)]\n"
		   "                [--seconds S (600)] [--pids-file FILE] [--go-after S]\n");
}

static long num(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "forkhold: bad number '%s' (%ld..%ld)\n", s, lo, hi);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "children", required_argument, NULL, 'n' },
		{ "churn", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 's' },
		{ "pids-file", required_argument, NULL, 'p' },
		{ "go-after", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long nchildren = 10000, rate = 20, seconds = 600, go_after = 0, made = 0, i;
	const char *pids_file = NULL;
	struct sigaction sa;
	pthread_t churner;
	bool churning = false;
	uint64_t work = 0;
	double start, t0;
	pid_t *pids;
	char *stacks;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': nchildren = num(optarg, 0, 1000000); break;
		case 'c': rate = num(optarg, 0, 10000); break;
		case 's': seconds = num(optarg, 1, INT_MAX); break;
		case 'p': pids_file = optarg; break;
		case 'g': go_after = num(optarg, 1, INT_MAX); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	pids = calloc((size_t)nchildren + 1, sizeof(*pids));
	stacks = nchildren ? mmap(NULL, (size_t)nchildren * STACK_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) : NULL;
	if (!pids || stacks == MAP_FAILED) {
		perror("forkhold: allocating");
		return 1;
	}

	start = wl_now();
	printf("forkhold: pid %d hashing until SIGUSR1%s\n", getpid(),
	       go_after ? " or --go-after" : "");
	while (!go && !stop) {
		work += hash_batch();
		if (go_after && wl_now() - start >= (double)go_after)
			go = 1;
		if (wl_now() - start >= (double)seconds)
			stop = 1;
	}

	t0 = wl_now();
	for (i = 0; i < nchildren && !stop; i++) {
		pid_t pid = clone(holder, stacks + (i + 1) * STACK_SIZE, CLONE_FLAGS, NULL);

		if (pid < 0) {
			fprintf(stderr, "forkhold: clone %ld: %s\n", i, strerror(errno));
			break;
		}
		pids[made++] = pid;
		/*
		 * hashguard queues a new child for a record in a small
		 * per-CPU ring (64 slots) that a work item drains: pause
		 * every 32 clones so that none is dropped (a child that
		 * never runs in user mode would never be tracked then).
		 * Keep scoring as hash-heavy while the children come.
		 */
		if (!((i + 1) % 32)) {
			struct timespec ts = { 0, 2 * 1000 * 1000 };

			nanosleep(&ts, NULL);
			work += hash_batch();
		}
	}
	if (pids_file && made) {
		char tmp[4096];
		FILE *f;

		snprintf(tmp, sizeof(tmp), "%s.tmp", pids_file);
		f = fopen(tmp, "w");
		if (!f) {
			perror(tmp);
		} else {
			for (i = 0; i < made; i++)
				fprintf(f, "%d\n", pids[i]);
			if (fclose(f) || rename(tmp, pids_file))
				perror(pids_file);
		}
	}
	printf("forkhold: children=%ld %s in %.2f s\n", made,
	       made == nchildren ? "ready" : "FAILED", wl_now() - t0);

	if (rate > 0 && !stop && !pthread_create(&churner, NULL, churn_main, (void *)rate))
		churning = true;
	while (!stop && wl_now() - start < (double)seconds)
		work += hash_batch();

	if (churning) {
		atomic_store(&churn_stop, true);
		pthread_join(churner, NULL);
	}
	for (i = 0; i < made; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < made; i++)
		waitpid(pids[i], NULL, __WALL);
	printf("forkhold: children=%ld churned=%lu churn_failed=%lu seconds=%.2f work=%llu\n",
	       made, atomic_load(&churned), atomic_load(&churn_failed), wl_now() - start,
	       (unsigned long long)work);
	munmap(stacks, (size_t)nchildren * STACK_SIZE);
	free(pids);
	return made == nchildren ? 0 : 1;
}
