// SPDX-License-Identifier: GPL-2.0
/*
 * io_bound: write, fsync and read back a temporary file, over and over.
 *
 * Mimics no proof of work: a database or logger waiting on the disk,
 * which spends its time blocked in write(2)/fsync(2)/pread(2) and in the
 * kernel rather than in user-mode instructions.  Each batch writes 64 KiB
 * at the next offset of a 4 MiB file (in $TMPDIR, default /tmp), fsyncs,
 * reads it back and compares; work is counted in batches.  The data is
 * random bytes made once at start, with the batch number stamped in, so
 * that user time goes to the I/O path and not to a PRNG (a loop of
 * xoshiro256** is rotate/xor/shift code and looks like a hash round).
 *
 * The file is unlinked as soon as it is created, so it goes away at exit
 * however the program ends.
 *
 * Self-test: data written, fsynced and read back is unchanged, and the
 * file is gone from the directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

#define FILE_SIZE	(4u << 20)
#define IO_SIZE		(64u << 10)

struct io_job {
	int fd;
	off_t off;
	uint8_t wbuf[IO_SIZE], rbuf[IO_SIZE];
	struct wl_rng rng;
	char path[PATH_MAX];
	uint64_t errors;
	uint64_t batch;
};

static void io_fini(void *state)
{
	struct io_job *job = state;

	if (job->fd >= 0)
		close(job->fd);
	free(job);
}

static void *io_init(unsigned int thread)
{
	const char *dir = getenv("TMPDIR");
	struct io_job *job = calloc(1, sizeof(*job));

	if (!job)
		return NULL;
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(job->path, sizeof(job->path), "%s/hg-io_bound.XXXXXX", dir);
	job->fd = mkstemp(job->path);
	if (job->fd < 0) {
		fprintf(stderr, "io_bound: %s: %s\n", job->path, strerror(errno));
		free(job);
		return NULL;
	}
	unlink(job->path);
	wl_rng_seed(&job->rng, 0x494fULL + thread);
	wl_rng_fill(&job->rng, job->wbuf, IO_SIZE);
	return job;
}

/* Write, fsync and read back one block; 0 if it read back unchanged. */
static int io_cycle(struct io_job *job)
{
	/*
	 * New data each time without spending user time on it: the buffer
	 * was filled at init; stamp the batch number into every 4 KiB.
	 */
	for (size_t i = 0; i < IO_SIZE; i += 4096)
		memcpy(job->wbuf + i, &job->batch, sizeof(job->batch));
	job->batch++;
	if (pwrite(job->fd, job->wbuf, IO_SIZE, job->off) != IO_SIZE ||
	    fsync(job->fd) ||
	    pread(job->fd, job->rbuf, IO_SIZE, job->off) != IO_SIZE)
		return -1;
	job->off = (job->off + IO_SIZE) % FILE_SIZE;
	return memcmp(job->wbuf, job->rbuf, IO_SIZE) ? -1 : 0;
}

static uint64_t io_run(void *state)
{
	struct io_job *job = state;

	if (io_cycle(job) && !job->errors++)
		fprintf(stderr, "io_bound: I/O error or mismatch: %s\n", strerror(errno));
	return 1;
}

static int io_self_test(void)
{
	struct io_job *job = io_init(0);
	int fail = 0, ok = 1;

	if (!job)
		return 1;
	for (int i = 0; i < 4; i++)
		ok &= !io_cycle(job);
	fail |= wl_expect_true("write/fsync/read back of 4 x 64 KiB", ok);
	fail |= wl_expect_true("the temporary file is already unlinked",
			       access(job->path, F_OK) && errno == ENOENT);
	io_fini(job);
	return fail;
}

static const struct workload io_workload = {
	.name = "io_bound",
	.init = io_init,
	.run = io_run,
	.fini = io_fini,
	.self_test = io_self_test,
};

int main(int argc, char **argv)
{
	return workload_main(&io_workload, argc, argv);
}
