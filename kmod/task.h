/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records of tracked threads and processes.
 *
 * A thread gets a record after its first user-mode sample (created by a
 * work item, never in the sampler) and loses it when it exits.  Records
 * are keyed by (pid, start time), so a recycled pid never finds the
 * record of the task that had it before.  Threads aggregate into the
 * record of their process, keyed by (tgid, start time of the leader).
 *
 * Locking (Documentation/design.rst has the whole picture):
 *  - hg_threads, the rhashtable of thread records, is read under RCU by
 *    the sampler and the scheduler probes;
 *  - the counters in &struct hg_tcounts are written only from the CPU the
 *    thread runs on (sampler, probes), one writer at a time, and read
 *    with READ_ONCE() by the window work;
 *  - everything else (creating and freeing records, the process list,
 *    the verdicts) belongs to whoever holds hg_task_mutex, which only
 *    task.c takes: other files reach the records through hg_task_walk()
 *    (whose callbacks run under it), hg_task_get() and hg_task_next().
 */
#ifndef _HG_TASK_H
#define _HG_TASK_H

#include <linux/hashguard.h>
#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "classify/classify.h"
#include "info.h"
#include "score.h"

/**
 * struct hg_key - identity of a thread or process
 * @start: start time, ns since boot (task_struct::start_time)
 * @pid: thread id, or process id for a process
 * @zero: always 0, so that the key hashes as plain bytes
 */
struct hg_key {
	u64 start;
	u32 pid;
	u32 zero;
};

struct hg_proc;

/**
 * struct hg_thread - record of a tracked thread
 * @node: in hg_threads
 * @key: (pid, start time)
 * @c: counters, see &struct hg_tcounts
 * @last_rc: rounding mode of the last observation (sampler and probe)
 * @exited: set by the exit probe; the record goes at the next window
 * @proc: the process; stable while the thread is in its list
 * @link: in @proc->threads, under hg_task_mutex
 * @pid: reference to the thread's struct pid
 * @seen: @c as of the last window
 * @seen_runtime: sum_exec_runtime as of the last window
 * @rcu: for freeing after readers are done
 */
struct hg_thread {
	struct rhash_head node;
	struct hg_key key;
	struct hg_tcounts c;
	u8 last_rc;
	bool exited;

	struct hg_proc *proc;
	struct list_head link;
	struct pid *pid;
	struct hg_tcounts seen;
	u64 seen_runtime;
	struct rcu_head rcu;
};

/**
 * struct hg_proc - record of a tracked process
 * @link: in the process list of task.c
 * @hnode: in the hash by tgid
 * @key: (tgid, start time of the leader)
 * @threads: its tracked threads
 * @nr_threads: length of @threads
 * @exec_seq: bumped by the exec probe; the program changed
 * @seen_exec: @exec_seq as of the last window
 * @comm: comm of the group leader
 * @tenant_id: tenant of the process in the last window
 * @score: score of the last window
 * @top_pid: thread with the most samples in the last window
 * @verdict: state machine
 * @feat: features of the last window
 * @samples: samples since tracking started
 * @flagged_time: when last flagged, s since the epoch, 0 if never
 * @last_ns: end of the last window, ns since boot
 * @exe: path of its executable, found once it is suspect, or NULL
 * @approval_id: the approval covering it, 0 if none (suspect and
 *	flagged processes only)
 * @rcu: for freeing after the probes are done with it
 */
struct hg_proc {
	struct list_head link;
	struct hlist_node hnode;
	struct hg_key key;
	struct list_head threads;
	u32 nr_threads;
	atomic_t exec_seq;
	int seen_exec;
	char comm[TASK_COMM_LEN];
	u32 tenant_id;
	u32 score;
	u32 top_pid;
	struct hg_verdict verdict;
	struct hg_features feat;
	u64 samples;
	time64_t flagged_time;
	u64 last_ns;
	char *exe;
	u32 approval_id;
	struct rcu_head rcu;
};

/**
 * struct hg_proc_walk - a pass over every tracked process
 * @adopt: first create the records the sampler asked for
 * @begin: called first, or NULL
 * @each: called for each process, in the order they started being
 *	tracked; it may free the process with hg_proc_free()
 * @end: called last, or NULL
 *
 * All three run with hg_task_mutex held, in process context.
 */
struct hg_proc_walk {
	bool adopt;
	void (*begin)(void *arg);
	void (*each)(struct hg_proc *p, void *arg);
	void (*end)(void *arg);
};

/**
 * struct hg_task_cursor - a place in a dump of the tracked processes
 * @lost: how often the place was lost (its process went away)
 * @tgid: process id of the last process returned, 0 before the first
 * @start: its start time
 * @tenant_id: only this tenant's processes, or %U32_MAX for all
 * @states: only processes in these states (bits of &enum hashguard_state)
 */
struct hg_task_cursor {
	unsigned long lost;
	u32 tgid;
	u64 start;
	u32 tenant_id;
	u32 states;
};

int hg_task_init(void);
void hg_task_exit(void);

struct hg_thread *hg_thread_lookup(struct task_struct *t);
void hg_task_note_new(struct task_struct *t);
void hg_task_walk(const struct hg_proc_walk *w, void *arg);
int hg_task_get(u32 tgid, u64 start, struct hg_task_info *info);
int hg_task_next(struct hg_task_cursor *c, struct hg_task_info *info);
void hg_proc_fold(struct hg_proc *p, struct hg_window *w);
void hg_proc_free(struct hg_proc *p);
void hg_proc_info(const struct hg_proc *p, struct hg_task_info *info);
struct task_struct *hg_proc_get_task(struct hg_proc *p);

u64 hg_task_counter(unsigned int counter);

/**
 * hg_thread_observe_rc() - note the SSE rounding mode seen for a thread
 * @t: the thread, running on this CPU
 * @mxcsr: its MXCSR
 *
 * Context: the thread's own CPU, from the sampler or a probe.
 */
static inline void hg_thread_observe_rc(struct hg_thread *t, u32 mxcsr)
{
	u8 rc = (mxcsr >> 13) & 3;

	WRITE_ONCE(t->c.rc_obs, t->c.rc_obs + 1);
	if (rc != t->last_rc) {
		WRITE_ONCE(t->c.rc_changes, t->c.rc_changes + 1);
		t->last_rc = rc;
	}
	if (rc)
		WRITE_ONCE(t->c.rc_nondefault, t->c.rc_nondefault + 1);
}

#endif /* _HG_TASK_H */
