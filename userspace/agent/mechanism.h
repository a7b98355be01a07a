/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside hashguardd's enforcement: what enforce.c asks of each mechanism
 * (throttle.c, idle.c, freeze.c, kill.c) and the helpers they share.
 * The rest of the agent uses enforce.h only.
 *
 *	agent.c -> enforce.h: hg_enf_apply(), hg_enf_check(), hg_enf_lift()
 *	enforce.c -> the table of struct hg_enf_ops, one per action
 *	throttle.c, freeze.c -> lib/cgroup.h (the files of a cgroup)
 *	idle.c, kill.c -> /proc/PID/task, sched_setattr(), pidfds
 *	each of them -> the helpers of enforce.c below (details, pidfds)
 */
#ifndef HG_MECHANISM_H
#define HG_MECHANISM_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "enforce.h"

/**
 * struct hg_enf_ops - one mechanism
 * @kind: the enum hashguard_action it carries out
 * @apply: start @e, for hg_enf_apply() (which has cleared @d, set
 *	@e->pidfd to -1 and @e->started_ms, and checked @e->tgid)
 * @check: look at the effect, for hg_enf_check()
 * @hold: is the effect still there, for hg_enf_hold() (which has
 *	checked that every thread is still inside @e->cgroup for a cgroup
 *	mechanism); or NULL when nothing can undo it (audit, kill)
 * @lift_cgroup: undo on the cgroup @cg, for hg_enf_lift() (which has
 *	cleared @d); or NULL.  A mechanism with one acts on a cgroup:
 *	hg_enf_apply() and hg_enf_lift() check the cgroup path (absolute,
 *	no "..") before @apply or @lift_cgroup
 * @lift_process: undo on the process @tgid, the same; or NULL
 * @no_lift: with neither lift, the detail hg_enf_lift() gives
 * @no_lift_err: and what it returns
 *
 * Each fills @d as enforce.h says.
 */
struct hg_enf_ops {
	unsigned int kind;
	int (*apply)(struct hg_enf *e, char *d, size_t len);
	int (*check)(struct hg_enf *e, uint64_t now_ms, char *d, size_t len);
	int (*hold)(const struct hg_enf *e, char *d, size_t len);
	int (*lift_cgroup)(const char *cg, const char *prev, char *d,
			   size_t len);
	int (*lift_process)(pid_t tgid, const char *prev, char *d, size_t len);
	const char *no_lift;
	int no_lift_err;
};

extern const struct hg_enf_ops hg_enf_throttle_ops;
extern const struct hg_enf_ops hg_enf_idle_ops;
extern const struct hg_enf_ops hg_enf_freeze_ops;
extern const struct hg_enf_ops hg_enf_kill_ops;

/* Helpers of enforce.c for the mechanisms. */
void __attribute__((format(printf, 3, 4)))
hg_enf_det(char *d, size_t len, const char *fmt, ...);
const char *hg_enf_err(int err);
uint64_t hg_enf_elapsed(uint64_t now_ms, uint64_t started_ms);
int hg_enf_record(struct hg_enf *e, char *d, size_t len);
int hg_enf_still_written(const char *cg, const char *file, const char *want,
			 const char *name, const char *note, char *d,
			 size_t len);
int hg_enf_pidfd_start(struct hg_enf *e, char *d, size_t len);
DIR *hg_enf_tasks_open(pid_t tgid);
pid_t hg_enf_next_tid(DIR *dir);

#endif /* HG_MECHANISM_H */
