/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hashguardd's enforcement: the mechanisms behind the policy's actions,
 * each with a check of its effect and, where there is one, its undo.
 *
 *	throttle  cgroup v2 cpu.max of a cgroup holding the process (its
 *		  own, or one above it: hg_enf_place()); checked by reading
 *		  cpu.max back and seeing cpu.stat's nr_throttled grow
 *	idle      SCHED_IDLE on every thread; checked per thread
 *	freeze    cgroup.freeze of a cgroup holding the process; checked in
 *		  cgroup.events ("frozen 1")
 *	kill      SIGKILL through a pidfd; checked by the pidfd turning
 *		  readable (the process is gone)
 *
 * An action is started with hg_enf_apply() and then checked with
 * hg_enf_check() until it says verified or failed, so that the agent's
 * main loop never sleeps on a slow effect.  Once verified, the agent
 * asks hg_enf_hold() every tick whether it is still in force: a
 * cgroup file rewritten, a thread moved out of the cgroup or out of
 * SCHED_IDLE is tampering, which the agent records and undoes.  Every function fills @detail
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

/* Longest cgroup path quoted in a detail; longer ones keep their end. */
#define HG_ENF_NAME_SHOW	80
/* A buffer for hg_enf_shown(). */
#define HG_ENF_NAME_BUF		(HG_ENF_NAME_SHOW + 4)

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
 * An enforcement verified earlier (@e: kind, tgid, quota, cgroup): is it
 * still in force?  Return: 0 if so; -ESTALE if it was undone, @detail
 * naming what changed (a cgroup file rewritten, a thread moved out of
 * @e->cgroup, a thread out of SCHED_IDLE); -ESRCH if the process is gone;
 * another -errno (@detail saying why) when it cannot be told.
 */
int hg_enf_hold(const struct hg_enf *e, char *detail, size_t len);

/*
 * Where an action on a cgroup starts (the policy's enforce_at):
 *	HG_ENF_AT_AUTO    the nearest cgroup, from the process's own up to
 *			  its tenant's, whose file only root can write
 *	HG_ENF_AT_CGROUP  the process's own cgroup
 *	HG_ENF_AT_TENANT  its tenant's cgroup (the registered boundary)
 */
enum hg_enf_at {
	HG_ENF_AT_AUTO,
	HG_ENF_AT_CGROUP,
	HG_ENF_AT_TENANT,
};

int hg_enf_place(unsigned int kind, unsigned int at, const char *own,
		 const char *top, char *out, size_t len, char *why,
		 size_t wlen);

/*
 * Is @cg inside @top (the same cgroup or below it)?  Both are paths from
 * the root, as in /proc/PID/cgroup.
 */
bool hg_enf_cgroup_within(const char *cg, const char *top);

/*
 * Undo @kind on @cgroup / @tgid with @prev from hg_enf_apply(): restore
 * cpu.max, thaw, or put each thread's policy back; checked at once (a
 * thaw is waited for up to HG_ENF_VERIFY_MS).  A process or cgroup that
 * is gone counts as lifted.  Return: 0 or -errno, @detail as above.
 */
int hg_enf_lift(unsigned int kind, const char *cgroup, pid_t tgid,
		const char *prev, char *detail, size_t len);

/* A pidfd of @tgid, or -errno; hg_enf_pidfd_exited() tells its exit. */
int hg_enf_pidfd_open(pid_t tgid);
bool hg_enf_pidfd_exited(int pidfd);

/* Release what @e holds (the pidfd). */
void hg_enf_release(struct hg_enf *e);

uint64_t hg_enf_now_ms(void);

/* @cg for a detail: itself, or "..." and its end in @buf if it is long. */
const char *hg_enf_shown(const char *cg, char *buf, size_t len);

#endif /* HG_ENFORCE_H */
