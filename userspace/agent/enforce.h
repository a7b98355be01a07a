/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hashguardd's enforcement: the mechanisms behind the policy's actions,
 * each with a check of its effect and, where there is one, its undo.
 *
 *	throttle  cgroup v2 cpu.max of the process's cgroup; checked by
 *		  reading cpu.max back and seeing cpu.stat's nr_throttled grow
 *	idle      SCHED_IDLE on every thread; checked per thread
 *	freeze    cgroup.freeze of the process's cgroup; checked in
 *		  cgroup.events ("frozen 1")
 *	kill      SIGKILL through a pidfd; checked by the pidfd turning
 *		  readable (the process is gone)
 *
 * An action is started with hg_enf_apply() and then checked with
 * hg_enf_check() until it says verified or failed, so that the agent's
 * main loop never sleeps on a slow effect.  Every function fills @detail
 * with one line for the ledger and the audit trail, saying what was done
 * and what was seen (or why it failed).
 *
 * Paths of cgroups are relative to the cgroup v2 root, as in
 * /proc/PID/cgroup ("/tenant-a/ctr1"); lib/cgroup.h finds the root and a
 * process's cgroup.  Each mechanism is a file of its own (throttle.c,
 * idle.c, freeze.c, kill.c) behind a struct hg_enf_ops (mechanism.h).
 */
#ifndef HG_ENFORCE_H
#define HG_ENFORCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define HG_ENF_DETAIL_MAX	256
#define HG_ENF_PREV_MAX		64
#define HG_ENF_CGROUP_MAX	4096

/* How long the effect may take to show before the action counts as failed. */
#define HG_ENF_VERIFY_MS	5000

/**
 * struct hg_enf - one action under way
 * @kind: enum hashguard_action (THROTTLE, IDLE, FREEZE, KILL; AUDIT is
 *	verified at once)
 * @tgid: the process
 * @cgroup: its cgroup (throttle, freeze), relative to the root
 * @quota: throttle quota, percent of one CPU
 * @prev: what to restore: the previous cpu.max ("max 100000"), or for
 *	idle the previous policy and nice ("0 0" = SCHED_OTHER, nice 0)
 * @pidfd: the process's pidfd (kill), else -1
 * @started_ms: CLOCK_MONOTONIC ms when applied
 * @nr_throttled: cpu.stat nr_throttled when the quota was set
 * @already: the cgroup was already throttled or frozen by the agent (a
 *	second process in it); checked like a new one
 * @confirm: for kill and idle, called once the pidfd is open: 0 if @tgid
 *	is still the process meant (the agent asks the module for its tgid
 *	and start time), else -ESRCH; NULL to skip
 * @confirm_arg: its argument
 * @record: called with @prev filled in, just before the first change is
 *	made: the caller records the intent (and what to restore) so that
 *	a crash after this point leaves a trace; an error stops the action
 *	with nothing changed.  NULL to skip
 * @record_arg: its argument
 */
struct hg_enf {
	unsigned int kind;
	pid_t tgid;
	char cgroup[HG_ENF_CGROUP_MAX];
	unsigned int quota;
	char prev[HG_ENF_PREV_MAX];
	int pidfd;
	uint64_t started_ms;
	uint64_t nr_throttled;
	bool already;
	int (*confirm)(pid_t tgid, void *arg);
	void *confirm_arg;
	int (*record)(const struct hg_enf *e, void *arg);
	void *record_arg;
};

/* Results of hg_enf_check(). */
#define HG_ENF_PENDING	0
#define HG_ENF_VERIFIED	1
#define HG_ENF_FAILED	2

/*
 * Start @e (kind, tgid, quota, and cgroup for throttle and freeze, set by
 * the caller; @prev set by the caller when @e->already).  Fills @e->prev
 * for the undo, before changing anything.  Return: 0 when started (then
 * check it), or -errno with @detail saying why nothing was done.
 */
int hg_enf_apply(struct hg_enf *e, char *detail, size_t len);

/* Look at the effect; HG_ENF_PENDING until it shows or HG_ENF_VERIFY_MS pass. */
int hg_enf_check(struct hg_enf *e, uint64_t now_ms, char *detail, size_t len);

/*
 * Undo @kind on @cgroup / @tgid with @prev from hg_enf_apply(): restore
 * cpu.max, thaw, or put each thread's policy back; checked at once (a
 * thaw is waited for up to HG_ENF_VERIFY_MS).  A process or cgroup that
 * is gone counts as lifted.  Return: 0 or -errno, @detail as above.
 */
int hg_enf_lift(unsigned int kind, const char *cgroup, pid_t tgid,
		const char *prev, char *detail, size_t len);

/* Release what @e holds (the pidfd). */
void hg_enf_release(struct hg_enf *e);

uint64_t hg_enf_now_ms(void);

#endif /* HG_ENFORCE_H */
