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
 *    the verdicts) belongs to whoever holds hg_task_mutex.
 */
#ifndef _HG_TASK_H
#define _HG_TASK_H

#include <linux/hashguard.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rhashtable-types.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "classify/classify.h"
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
 * @link: in hg_procs
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
 * struct hg_task_info - a process as reported over netlink and in audit
 * @tgid: process id
 * @pid: thread with the most samples in the last window
 * @tenant_id: tenant id
 * @score: score of the last window
 * @threads: tracked threads
 * @state: &enum hashguard_state
 * @start_time: start of the process, ns since boot
 * @samples: samples since tracking started, the current window too
 * @flagged_time: when last flagged, s since the epoch, or 0
 * @comm: comm of the process
 * @tenant: tenant name
 * @feat: features of the last window
 * @approval_id: the approval covering it, 0 if none
 * @approval_ref: that approval's reference
 * @exe: path of its executable, "" if not known
 */
struct hg_task_info {
	u32 tgid;
	u32 pid;
	u32 tenant_id;
	u32 score;
	u32 threads;
	u8 state;
	u64 start_time;
	u64 samples;
	time64_t flagged_time;
	char comm[TASK_COMM_LEN];
	char tenant[HASHGUARD_TENANT_NAME_MAX];
	struct hg_features feat;
	u32 approval_id;
	char approval_ref[HASHGUARD_APPROVAL_REF_MAX];
	char exe[HASHGUARD_EXE_PATH_MAX];
};

extern struct mutex hg_task_mutex;
extern struct list_head hg_procs;

int hg_task_init(void);
void hg_task_exit(void);

struct hg_thread *hg_thread_lookup(struct task_struct *t);
void hg_task_note_new(struct task_struct *t);
void hg_task_adopt(void);
bool hg_thread_fold(struct hg_thread *t, struct hg_window *w, u32 *samples);
void hg_thread_free(struct hg_thread *t);
void hg_proc_free(struct hg_proc *p);
void hg_proc_info(const struct hg_proc *p, struct hg_task_info *info);
struct hg_proc *hg_proc_find_tgid(u32 tgid, u64 start);
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
