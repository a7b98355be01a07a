// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardd's kill: SIGKILL through a pidfd, opened and confirmed as the
 * process meant; checked by the pidfd turning readable (the process is
 * gone); never lifted.  See enforce.h.
 */

#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>

#include <linux/hashguard.h>

#include "mechanism.h"

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal	424
#endif

static int sys_pidfd_send_signal(int pidfd, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

static int kill_apply(struct hg_enf *e, char *d, size_t len)
{
	int fd, ret;

	if (e->tgid == getpid()) {
		hg_enf_det(d, len, "refusing to kill hashguardd itself");
		return -EPERM;
	}
	fd = hg_enf_pidfd_start(e, d, len);
	if (fd < 0)
		return fd;
	if (sys_pidfd_send_signal(fd, SIGKILL) && errno != ESRCH) {
		ret = -errno;
		close(fd);
		hg_enf_det(d, len, "SIGKILL to %d: %s", (int)e->tgid,
			   hg_enf_err(ret));
		return ret;
	}
	/* ESRCH: reaped already, which the check will see. */
	e->pidfd = fd;
	hg_enf_det(d, len, "SIGKILL sent to %d through a pidfd", (int)e->tgid);
	return 0;
}

static int kill_check(struct hg_enf *e, uint64_t now_ms, char *d, size_t len)
{
	uint64_t ms = hg_enf_elapsed(now_ms, e->started_ms);

	if (e->pidfd < 0) {
		hg_enf_det(d, len, "no pidfd for %d", (int)e->tgid);
		return HG_ENF_FAILED;
	}
	if (hg_enf_pidfd_exited(e->pidfd)) {
		hg_enf_det(d, len, "SIGKILL sent; process gone after %llu ms",
			   (unsigned long long)ms);
		return HG_ENF_VERIFIED;
	}
	if (ms >= HG_ENF_VERIFY_MS) {
		hg_enf_det(d, len, "SIGKILL sent, but process %d still there "
			   "after %d s (stuck in the kernel?)", (int)e->tgid,
			   HG_ENF_VERIFY_MS / 1000);
		return HG_ENF_FAILED;
	}
	hg_enf_det(d, len, "SIGKILL sent; waiting for process %d to exit",
		   (int)e->tgid);
	return HG_ENF_PENDING;
}

/* Nothing to lift_*(): a kill cannot be undone. */
const struct hg_enf_ops hg_enf_kill_ops = {
	.kind = HASHGUARD_ACTION_KILL,
	.apply = kill_apply,
	.check = kill_check,
	.no_lift = "a kill cannot be lifted",
	.no_lift_err = -EINVAL,
};
