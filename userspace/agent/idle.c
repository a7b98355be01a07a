// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardd's idle: SCHED_IDLE on every thread of the process; checked
 * per thread, then held by reading every thread's policy again; lifted
 * by putting back the policy and nice value it had.  See enforce.h.
 */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

/*
 * Not <sched.h>: the build's -I for kmod/ finds the module's sched.h
 * first.  sched_getattr() and sched_setattr() need no more than these.
 */
#include <linux/hashguard.h>
#include <linux/sched.h>
#include <linux/sched/types.h>


#include "mechanism.h"

#ifndef SYS_sched_getattr
#define SYS_sched_getattr	315
#define SYS_sched_setattr	314
#endif

static const char *policy_name(int policy)
{
	switch (policy) {
	case SCHED_NORMAL:	return "SCHED_OTHER";
	case SCHED_FIFO:	return "SCHED_FIFO";
	case SCHED_RR:		return "SCHED_RR";
	case SCHED_BATCH:	return "SCHED_BATCH";
	case SCHED_IDLE:	return "SCHED_IDLE";
	case SCHED_DEADLINE:	return "SCHED_DEADLINE";
	default:		return "an unknown policy";
	}
}

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

struct hg_sched {
	int policy;
	int nice;
	int rtprio;
};

static int sched_read(pid_t tid, struct hg_sched *s)
{
	struct sched_attr a;

	memset(&a, 0, sizeof(a));
	if (syscall(SYS_sched_getattr, tid, &a, sizeof(a), 0))
		return -errno;
	s->policy = (int)a.sched_policy;
	s->nice = a.sched_nice;
	s->rtprio = rt_policy(s->policy) ? (int)a.sched_priority : 0;
	return 0;
}

/* "POLICY NICE", or "POLICY NICE RTPRIO" for SCHED_FIFO and SCHED_RR. */
static int sched_parse(const char *prev, struct hg_sched *s)
{
	int n;

	s->rtprio = 0;
	if (!prev)
		return -EINVAL;
	n = sscanf(prev, "%d %d %d", &s->policy, &s->nice, &s->rtprio);
	if (n < 2 || s->nice < -20 || s->nice > 19)
		return -EINVAL;
	switch (s->policy) {
	case SCHED_NORMAL:
	case SCHED_BATCH:
	case SCHED_IDLE:
		s->rtprio = 0;
		return 0;
	case SCHED_FIFO:
	case SCHED_RR:
		if (n < 3 || s->rtprio < 1 || s->rtprio > 99)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

static void sched_show(const struct hg_sched *s, char *buf, size_t len)
{
	if (rt_policy(s->policy))
		snprintf(buf, len, "%s priority %d", policy_name(s->policy),
			 s->rtprio);
	else
		snprintf(buf, len, "%s nice %d", policy_name(s->policy),
			 s->nice);
}

/*
 * Put @s on @tid, with the nice value of @s if @nice, else the thread's
 * own; 0 if done or the thread is gone, else -errno.  Without
 * SCHED_FLAG_RESET_ON_FORK, so that new threads and children inherit it.
 */
static int sched_set(pid_t tid, const struct hg_sched *s, bool nice)
{
	struct hg_sched cur = *s;
	struct sched_attr a;
	int ret;

	if (!nice) {
		ret = sched_read(tid, &cur);
		if (ret)
			return ret == -ESRCH ? 0 : ret;
	}
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.sched_policy = (uint32_t)s->policy;
	a.sched_nice = rt_policy(s->policy) ? 0 : cur.nice;
	a.sched_priority = (uint32_t)s->rtprio;
	if (syscall(SYS_sched_setattr, tid, &a, 0) && errno != ESRCH)
		return -errno;
	return 0;
}

/*
 * Put @s (with its nice value if @nice) on every thread of @tgid, in two
 * passes to catch threads created meanwhile.  @n_set: threads seen in the
 * last pass; @bad: the thread that refused.  Return: 0, -ESRCH if the
 * process is gone, or -errno.
 */
static int sched_set_all(pid_t tgid, const struct hg_sched *s, bool nice,
			 int *n_set, pid_t *bad)
{
	struct hg_sched cur;
	pid_t tid;
	DIR *dir;
	int pass, ret = 0;

	*n_set = 0;
	*bad = 0;
	for (pass = 0; pass < 2 && !ret; pass++) {
		dir = hg_enf_tasks_open(tgid);
		if (!dir)
			return errno == ENOENT ? -ESRCH : -errno;
		*n_set = 0;
		while (!ret && (tid = hg_enf_next_tid(dir))) {
			if (pass && !sched_read(tid, &cur) &&
			    cur.policy == s->policy &&
			    (rt_policy(s->policy) ? cur.rtprio == s->rtprio :
			     !nice || cur.nice == s->nice)) {
				(*n_set)++;
				continue;
			}
			ret = sched_set(tid, s, nice);
			if (ret)
				*bad = tid;
			else
				(*n_set)++;
		}
		closedir(dir);
	}
	return ret;
}

static int idle_lift(pid_t tgid, const char *prev, char *d, size_t len);

static int idle_apply(struct hg_enf *e, char *d, size_t len)
{
	struct hg_sched was, idle = { .policy = SCHED_IDLE };
	char shw[64];
	pid_t bad;
	int fd, ret, n;

	if (e->tgid == getpid()) {
		hg_enf_det(d, len, "refusing to idle hashguardd itself");
		return -EPERM;
	}
	ret = sched_read(e->tgid, &was);
	if (ret) {
		if (ret == -ESRCH)
			hg_enf_det(d, len, "process %d already gone",
				   (int)e->tgid);
		else
			hg_enf_det(d, len, "cannot read the policy of %d: %s",
				   (int)e->tgid, hg_enf_err(ret));
		return ret;
	}
	if (was.policy == SCHED_DEADLINE) {
		hg_enf_det(d, len, "process %d runs SCHED_DEADLINE, which "
			   "could not be restored", (int)e->tgid);
		return -EOPNOTSUPP;
	}
	if (!e->already) {
		if (rt_policy(was.policy))
			snprintf(e->prev, sizeof(e->prev), "%d %d %d",
				 was.policy, was.nice, was.rtprio);
		else
			snprintf(e->prev, sizeof(e->prev), "%d %d",
				 was.policy, was.nice);
	}
	fd = hg_enf_pidfd_start(e, d, len);
	if (fd < 0)
		return fd;
	/* Each thread keeps its nice value; the lift sets the main one's. */
	ret = sched_set_all(e->tgid, &idle, false, &n, &bad);
	if (!ret && hg_enf_pidfd_exited(fd))
		ret = -ESRCH;
	close(fd);
	sched_show(&was, shw, sizeof(shw));
	if (ret == -ESRCH) {
		hg_enf_det(d, len, "process %d exited meanwhile", (int)e->tgid);
		return ret;
	}
	if (ret && !n) {
		hg_enf_det(d, len, "SCHED_IDLE refused for thread %d: %s",
			   (int)bad, hg_enf_err(ret));
		return ret;
	}
	if (ret) {
		char und[HG_ENF_DETAIL_MAX];
		int r2 = idle_lift(e->tgid, e->prev, und, sizeof(und));

		hg_enf_det(d, len, "SCHED_IDLE refused for thread %d: %s (%d "
			   "threads set before; %s)", (int)bad, hg_enf_err(ret),
			   n, r2 ? "they stay SCHED_IDLE" : "put back");
		return ret;
	}
	hg_enf_det(d, len, "SCHED_IDLE on %d thread%s (was %s)", n,
		   n == 1 ? "" : "s", shw);
	return 0;
}

static int idle_check(struct hg_enf *e, uint64_t now_ms, char *d, size_t len)
{
	struct hg_sched s;
	pid_t tid, other = 0;
	int total = 0, idle = 0, other_policy = 0;
	DIR *dir;

	(void)now_ms;
	dir = hg_enf_tasks_open(e->tgid);
	if (!dir) {
		hg_enf_det(d, len, "process %d gone", (int)e->tgid);
		return HG_ENF_FAILED;
	}
	while ((tid = hg_enf_next_tid(dir))) {
		if (sched_read(tid, &s))
			continue;	/* gone in between */
		total++;
		if (s.policy == SCHED_IDLE) {
			idle++;
		} else if (!other) {
			other = tid;
			other_policy = s.policy;
		}
	}
	closedir(dir);
	if (!total) {
		hg_enf_det(d, len, "process %d gone", (int)e->tgid);
		return HG_ENF_FAILED;
	}
	if (idle < total) {
		hg_enf_det(d, len,
			   "SCHED_IDLE on %d of %d threads (thread %d runs %s)",
			   idle, total, (int)other, policy_name(other_policy));
		return HG_ENF_FAILED;
	}
	hg_enf_det(d, len, "SCHED_IDLE on %d of %d threads", idle, total);
	return HG_ENF_VERIFIED;
}

static int idle_hold(const struct hg_enf *e, char *d, size_t len)
{
	struct hg_sched s;
	pid_t tid;
	int total = 0;
	DIR *dir;

	dir = hg_enf_tasks_open(e->tgid);
	if (!dir)
		return -ESRCH;
	while ((tid = hg_enf_next_tid(dir))) {
		if (sched_read(tid, &s))
			continue;	/* gone in between */
		total++;
		if (s.policy != SCHED_IDLE) {
			closedir(dir);
			hg_enf_det(d, len, "thread %d of %d runs %s, not "
				   "SCHED_IDLE", (int)tid, (int)e->tgid,
				   policy_name(s.policy));
			return -ESTALE;
		}
	}
	closedir(dir);
	return total ? 0 : -ESRCH;
}

static int idle_lift(pid_t tgid, const char *prev, char *d, size_t len)
{
	struct hg_sched want, cur;
	char shw[64];
	int ret, n, total = 0, good = 0;
	pid_t bad, tid;
	DIR *dir;

	if (tgid <= 0 || sched_parse(prev, &want)) {
		hg_enf_det(d, len, "bad previous policy '%s' for %d",
			   prev ? prev : "", (int)tgid);
		return -EINVAL;
	}
	sched_show(&want, shw, sizeof(shw));
	ret = sched_set_all(tgid, &want, true, &n, &bad);
	if (ret == -ESRCH) {
		hg_enf_det(d, len, "process %d gone", (int)tgid);
		return 0;
	}
	if (ret == -EPERM && !sched_read(bad, &cur) &&
	    cur.policy == SCHED_IDLE && want.policy != SCHED_IDLE) {
		hg_enf_det(d, len, "cannot put thread %d back to %s: leaving "
			   "SCHED_IDLE needs CAP_SYS_NICE or RLIMIT_NICE >= %d "
			   "(it stays SCHED_IDLE)", (int)bad, shw,
			   20 - cur.nice);
		return ret;
	}
	if (ret) {
		hg_enf_det(d, len, "cannot put thread %d back to %s: %s",
			   (int)bad, shw, hg_enf_err(ret));
		return ret;
	}
	dir = hg_enf_tasks_open(tgid);
	if (!dir) {
		hg_enf_det(d, len, "process %d gone", (int)tgid);
		return 0;
	}
	while ((tid = hg_enf_next_tid(dir))) {
		if (sched_read(tid, &cur))
			continue;
		total++;
		good += cur.policy == want.policy;
	}
	closedir(dir);
	if (good < total) {
		hg_enf_det(d, len, "%s restored on only %d of %d threads", shw,
			   good, total);
		return -EAGAIN;
	}
	hg_enf_det(d, len, "%s restored on %d of %d threads", shw, good, total);
	return 0;
}

const struct hg_enf_ops hg_enf_idle_ops = {
	.kind = HASHGUARD_ACTION_IDLE, .apply = idle_apply,
	.check = idle_check, .hold = idle_hold,
	.lift_process = idle_lift,
};
