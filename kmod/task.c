// SPDX-License-Identifier: GPL-2.0
/*
 * Records of tracked threads and processes: lookup for the sampler and
 * the probes, creation from the per-CPU queues of threads seen without a
 * record, aggregation into processes, and freeing.  See task.h for the
 * locking rules.
 */

#include <linux/hashtable.h>
#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <asm/local.h>

#include "approval.h"
#include "config.h"
#include "task.h"
#include "tenant.h"

/*
 * Creation and freeing of records, the process list and verdicts.
 * Processes are appended to hg_procs when they start being tracked.
 */
static DEFINE_MUTEX(hg_task_mutex);
static LIST_HEAD(hg_procs);

static struct rhashtable hg_threads;
static DEFINE_HASHTABLE(hg_proc_hash, 10);

static const struct rhashtable_params hg_thread_params = {
	.key_len = sizeof(struct hg_key),
	.key_offset = offsetof(struct hg_thread, key),
	.head_offset = offsetof(struct hg_thread, node),
	.automatic_shrinking = true,
};

/* Under hg_task_mutex; read locklessly for status. */
static unsigned int hg_nr_threads;
static unsigned int hg_nr_procs;
static u64 hg_threads_created;
static u64 hg_threads_freed;
static u64 hg_threads_dropped;

/*
 * Threads seen without a record, per CPU.  Producers are the sampler
 * (interrupt or NMI) and the fork probe on the local CPU, which may nest;
 * each reserves its own slot with local_inc_return().  The consumer is
 * hg_task_adopt() on any CPU.  A slot is free while @ready is 0.
 */
#define HG_PENDING	256

struct hg_pending_slot {
	u64 start;
	u32 pid;
	u32 ready;
};

struct hg_pending {
	struct hg_pending_slot slot[HG_PENDING];
	local_t head;
	u64 dropped;
	struct hg_key last;
};

static DEFINE_PER_CPU(struct hg_pending, hg_pending);

static void hg_adopt_workfn(struct work_struct *work);
static DECLARE_WORK(hg_adopt_work, hg_adopt_workfn);
static void hg_thread_free(struct hg_thread *t);

static void hg_adopt_kick(struct irq_work *w)
{
	queue_work(system_unbound_wq, &hg_adopt_work);
}

static DEFINE_IRQ_WORK(hg_adopt_irq_work, hg_adopt_kick);

static void hg_key_of(struct hg_key *k, u32 pid, u64 start)
{
	k->start = start;
	k->pid = pid;
	k->zero = 0;
}

/**
 * hg_thread_lookup() - find the record of a thread
 * @t: the thread
 *
 * Context: any, including NMI; the caller is in an RCU read-side
 * section (a tracepoint probe or an interrupt handler) and must not keep
 * the pointer beyond it.
 * Return: the record, or NULL if @t is not tracked.
 */
struct hg_thread *hg_thread_lookup(struct task_struct *t)
{
	struct hg_key k;

	hg_key_of(&k, t->pid, t->start_time);
	return rhashtable_lookup_fast(&hg_threads, &k, hg_thread_params);
}

/**
 * hg_task_note_new() - ask for a record for a thread
 * @t: the thread, current or a child just forked
 *
 * Queues @t for hg_task_adopt(), which runs soon from a work item.  Drops
 * the request (and counts it) if this CPU's queue is full; the thread
 * will be seen again at a later sample.
 *
 * Context: any, including NMI.  Does not allocate.
 */
void hg_task_note_new(struct task_struct *t)
{
	struct hg_pending *q = this_cpu_ptr(&hg_pending);
	struct hg_pending_slot *s;
	long idx;

	/* The same unknown thread sampled again: already queued. */
	if (q->last.pid == t->pid && q->last.start == t->start_time)
		return;
	idx = local_inc_return(&q->head) - 1;
	s = &q->slot[idx % HG_PENDING];
	/* Pairs with the consumer's release: its reads of the slot are done. */
	if (smp_load_acquire(&s->ready)) {
		this_cpu_inc(hg_pending.dropped);
		return;
	}
	s->pid = t->pid;
	s->start = t->start_time;
	/* Publish pid and start before the slot is seen as ready. */
	smp_store_release(&s->ready, 1);
	q->last.pid = t->pid;
	q->last.start = t->start_time;
	irq_work_queue(&hg_adopt_irq_work);
}

static struct hg_proc *hg_proc_find(const struct hg_key *k)
{
	struct hg_proc *p;

	hash_for_each_possible(hg_proc_hash, p, hnode, k->pid)
		if (p->key.pid == k->pid && p->key.start == k->start)
			return p;
	return NULL;
}

static struct hg_proc *hg_proc_get_or_create(struct task_struct *task)
{
	struct task_struct *leader;
	struct hg_proc *p;
	struct hg_key k;

	rcu_read_lock();
	leader = READ_ONCE(task->group_leader);
	hg_key_of(&k, task->tgid, leader->start_time);
	rcu_read_unlock();

	p = hg_proc_find(&k);
	if (p)
		return p;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	p->key = k;
	INIT_LIST_HEAD(&p->threads);
	atomic_set(&p->exec_seq, 0);
	rcu_read_lock();
	get_task_comm(p->comm, READ_ONCE(task->group_leader));
	rcu_read_unlock();
	p->last_ns = ktime_get_ns();
	hash_add(hg_proc_hash, &p->hnode, k.pid);
	list_add_tail(&p->link, &hg_procs);
	hg_nr_procs++;
	return p;
}

/* Free a record found under a key that a live thread now uses. */
static bool hg_thread_replace_stale(const struct hg_key *k)
{
	struct hg_thread *old;

	old = rhashtable_lookup_fast(&hg_threads, k, hg_thread_params);
	if (!old)
		return true;
	if (!READ_ONCE(old->exited))
		return false;	/* tracked already */
	hg_thread_free(old);
	return true;
}

static void hg_adopt_one(u32 nr, u64 start)
{
	struct task_struct *task;
	struct hg_thread *t;
	struct hg_proc *p;
	struct pid *pid;
	struct hg_key k;

	hg_key_of(&k, nr, start);
	if (!hg_thread_replace_stale(&k))
		return;
	if (hg_nr_threads >= hg_config_max_tasks()) {
		hg_threads_dropped++;
		return;
	}

	rcu_read_lock();
	pid = find_pid_ns(nr, &init_pid_ns);
	task = pid ? pid_task(pid, PIDTYPE_PID) : NULL;
	if (!task || task->start_time != start ||
	    (task->flags & (PF_KTHREAD | PF_EXITING))) {
		rcu_read_unlock();
		return;
	}
	get_pid(pid);
	get_task_struct(task);
	rcu_read_unlock();

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	p = t ? hg_proc_get_or_create(task) : NULL;
	if (!p) {
		hg_threads_dropped++;
		goto out_free;
	}
	t->key = k;
	t->pid = pid;
	t->proc = p;
	t->seen_runtime = READ_ONCE(task->se.sum_exec_runtime);
	if (rhashtable_insert_fast(&hg_threads, &t->node, hg_thread_params)) {
		hg_threads_dropped++;
		if (list_empty(&p->threads))
			hg_proc_free(p);
		goto out_free;
	}
	list_add_tail(&t->link, &p->threads);
	p->nr_threads++;
	hg_nr_threads++;
	hg_threads_created++;
	put_task_struct(task);
	return;

out_free:
	kfree(t);
	put_pid(pid);
	put_task_struct(task);
}

/* Create records for the threads queued by the sampler; mutex held. */
static void hg_task_adopt(void)
{
	unsigned int cpu, i;

	lockdep_assert_held(&hg_task_mutex);
	for_each_possible_cpu(cpu) {
		struct hg_pending *q = per_cpu_ptr(&hg_pending, cpu);

		for (i = 0; i < HG_PENDING; i++) {
			struct hg_pending_slot *s = &q->slot[i];
			u64 start;
			u32 nr;

			/* Pairs with the producer's release of pid and start. */
			if (!smp_load_acquire(&s->ready))
				continue;
			nr = s->pid;
			start = s->start;
			/* The slot may be reused once pid and start are read. */
			smp_store_release(&s->ready, 0);
			hg_adopt_one(nr, start);
		}
		cond_resched();
	}
}

static void hg_adopt_workfn(struct work_struct *work)
{
	mutex_lock(&hg_task_mutex);
	hg_task_adopt();
	mutex_unlock(&hg_task_mutex);
}

/*
 * Add a thread's counts since the last window to @w and set @samples to
 * its samples in this window.  False if the thread has exited (its record
 * should be freed).  hg_task_mutex held.
 */
static bool hg_thread_fold(struct hg_thread *t, struct hg_window *w,
			   u32 *samples)
{
	struct task_struct *task;
	struct hg_tcounts now;
	unsigned int i;
	bool alive;
	u64 rt = 0;

	lockdep_assert_held(&hg_task_mutex);
	now.samples = READ_ONCE(t->c.samples);
	now.insns = READ_ONCE(t->c.insns);
	for (i = 0; i < HG_CLASS_MAX; i++)
		now.n[i] = READ_ONCE(t->c.n[i]);
	now.rc_obs = READ_ONCE(t->c.rc_obs);
	now.rc_changes = READ_ONCE(t->c.rc_changes);
	now.rc_nondefault = READ_ONCE(t->c.rc_nondefault);
	now.nvcsw = READ_ONCE(t->c.nvcsw);
	now.nivcsw = READ_ONCE(t->c.nivcsw);

	/* The counters wrap: differences of u32 are right across a wrap. */
	*samples = now.samples - t->seen.samples;
	w->c.samples += *samples;
	w->c.insns += now.insns - t->seen.insns;
	for (i = 0; i < HG_CLASS_MAX; i++)
		w->c.n[i] += now.n[i] - t->seen.n[i];
	w->c.rc_obs += now.rc_obs - t->seen.rc_obs;
	w->c.rc_changes += now.rc_changes - t->seen.rc_changes;
	w->c.rc_nondefault += now.rc_nondefault - t->seen.rc_nondefault;
	w->c.nvcsw += now.nvcsw - t->seen.nvcsw;
	w->c.nivcsw += now.nivcsw - t->seen.nivcsw;
	t->seen = now;

	rcu_read_lock();
	task = pid_task(t->pid, PIDTYPE_PID);
	alive = task && task->start_time == t->key.start &&
		!READ_ONCE(t->exited);
	if (alive)
		rt = READ_ONCE(task->se.sum_exec_runtime);
	rcu_read_unlock();
	if (alive && rt > t->seen_runtime) {
		w->cpu_ns += rt - t->seen_runtime;
		t->seen_runtime = rt;
	}
	return alive;
}

/*
 * Forget a thread; its process record stays, even if now empty.
 * hg_task_mutex held.  Readers that found @t under RCU may go on using
 * it until they leave their read-side section.
 */
static void hg_thread_free(struct hg_thread *t)
{
	lockdep_assert_held(&hg_task_mutex);
	rhashtable_remove_fast(&hg_threads, &t->node, hg_thread_params);
	list_del(&t->link);
	t->proc->nr_threads--;
	hg_nr_threads--;
	hg_threads_freed++;
	put_pid(t->pid);
	kfree_rcu(t, rcu);
}

/**
 * hg_proc_fold() - add a process's counts since the last window
 * @p: the process
 * @w: its window, to add to
 *
 * Frees the records of threads that have exited and sets @p->top_pid to
 * the thread with the most samples in the window.
 *
 * Context: hg_task_mutex held (a hg_task_walk() callback).
 */
void hg_proc_fold(struct hg_proc *p, struct hg_window *w)
{
	struct hg_thread *t, *tn;
	u32 top = 0, samples;

	list_for_each_entry_safe(t, tn, &p->threads, link) {
		if (!hg_thread_fold(t, w, &samples)) {
			hg_thread_free(t);
			continue;
		}
		if (samples > top || !p->top_pid) {
			top = samples;
			p->top_pid = t->key.pid;
		}
	}
}

/**
 * hg_proc_free() - forget a process that has no tracked thread left
 * @p: the process
 *
 * Context: hg_task_mutex held.
 */
void hg_proc_free(struct hg_proc *p)
{
	lockdep_assert_held(&hg_task_mutex);
	WARN_ON_ONCE(!list_empty(&p->threads));
	hash_del(&p->hnode);
	list_del(&p->link);
	hg_nr_procs--;
	/* The probes never look at the path. */
	kfree(p->exe);
	kfree_rcu(p, rcu);
}

/**
 * hg_proc_get_task() - a live thread of a process, with a reference
 * @p: the process
 *
 * Context: hg_task_mutex held.
 * Return: the thread with the most samples in the last window if it
 * still runs, else another live one, or NULL; put_task_struct() it.
 */
struct task_struct *hg_proc_get_task(struct hg_proc *p)
{
	struct task_struct *task = NULL, *cand;
	struct hg_thread *t;

	rcu_read_lock();
	list_for_each_entry(t, &p->threads, link) {
		cand = pid_task(t->pid, PIDTYPE_PID);
		if (!cand || cand->start_time != t->key.start)
			continue;
		task = cand;
		if (t->key.pid == p->top_pid)
			break;
	}
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	return task;
}

/**
 * hg_proc_info() - describe a process for netlink and the audit trail
 * @p: the process
 * @info: filled in
 *
 * Context: hg_task_mutex held.
 */
void hg_proc_info(const struct hg_proc *p, struct hg_task_info *info)
{
	const struct hg_thread *t;
	u64 unfolded = 0;

	lockdep_assert_held(&hg_task_mutex);
	/*
	 * @p->samples counts the windows folded so far; the threads have
	 * counted the current one since.  Report both, so that a count
	 * read now is not short by up to a window (the agent takes it as
	 * the start of what an enforcement lets the process do).
	 */
	list_for_each_entry(t, &p->threads, link)
		unfolded += (u32)(READ_ONCE(t->c.samples) - t->seen.samples);
	memset(info, 0, sizeof(*info));
	info->tgid = p->key.pid;
	info->pid = p->top_pid ? p->top_pid : p->key.pid;
	info->tenant_id = p->tenant_id;
	info->score = p->score;
	info->threads = p->nr_threads;
	info->state = p->verdict.state;
	info->start_time = p->key.start;
	info->samples = p->samples + unfolded;
	info->flagged_time = p->flagged_time;
	memcpy(info->comm, p->comm, sizeof(info->comm));
	hg_tenant_name(p->tenant_id, info->tenant, sizeof(info->tenant));
	info->feat = p->feat;
	if (p->exe)
		strscpy(info->exe, p->exe, sizeof(info->exe));
	if (p->approval_id &&
	    hg_approval_ref(p->approval_id, info->approval_ref,
			    sizeof(info->approval_ref)))
		info->approval_id = p->approval_id;
}

/*
 * The record of process @tgid started at @start (ns since boot, 0 for
 * any), or NULL if it is not tracked.  hg_task_mutex held.
 */
static struct hg_proc *hg_proc_find_tgid(u32 tgid, u64 start)
{
	struct hg_proc *p;

	lockdep_assert_held(&hg_task_mutex);
	hash_for_each_possible(hg_proc_hash, p, hnode, tgid)
		if (p->key.pid == tgid && (!start || p->key.start == start))
			return p;
	return NULL;
}

/**
 * hg_task_walk() - a pass over every tracked process
 * @w: what to do
 * @arg: for @w's callbacks
 *
 * Holds hg_task_mutex for the whole pass.
 *
 * Context: process context, may sleep.
 */
void hg_task_walk(const struct hg_proc_walk *w, void *arg)
{
	struct hg_proc *p, *pn;

	mutex_lock(&hg_task_mutex);
	if (w->adopt)
		hg_task_adopt();
	if (w->begin)
		w->begin(arg);
	list_for_each_entry_safe(p, pn, &hg_procs, link) {
		w->each(p, arg);
		cond_resched();
	}
	if (w->end)
		w->end(arg);
	mutex_unlock(&hg_task_mutex);
}

/**
 * hg_task_get() - describe one process
 * @tgid: its process id
 * @start: its start time (ns since boot), or 0 for any
 * @info: filled in
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOENT if that process is not tracked.
 */
int hg_task_get(u32 tgid, u64 start, struct hg_task_info *info)
{
	struct hg_proc *p;

	mutex_lock(&hg_task_mutex);
	p = hg_proc_find_tgid(tgid, start);
	if (p)
		hg_proc_info(p, info);
	mutex_unlock(&hg_task_mutex);
	return p ? 0 : -ENOENT;
}

/**
 * hg_task_next() - the process after a dump position
 * @c: the position; if its process has gone, @c->lost is bumped and the
 *	dump starts over from the first process
 * @info: filled with the next process that passes @c's filters
 *
 * @c is not moved: once @info has been used, the caller sets @c->tgid and
 * @c->start to @info->tgid and @info->start_time.
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOENT past the last process.
 */
int hg_task_next(struct hg_task_cursor *c, struct hg_task_info *info)
{
	struct hg_proc *p, *from = NULL;
	bool found;

	mutex_lock(&hg_task_mutex);
	if (c->tgid) {
		from = hg_proc_find_tgid(c->tgid, c->start);
		if (!from) {
			c->lost++;
			c->tgid = 0;
		}
	}
	p = from ? list_next_entry(from, link) :
		   list_first_entry(&hg_procs, struct hg_proc, link);
	list_for_each_entry_from(p, &hg_procs, link)
		if ((c->tenant_id == U32_MAX || p->tenant_id == c->tenant_id) &&
		    (c->states & BIT(p->verdict.state)))
			break;
	found = !list_entry_is_head(p, &hg_procs, link);
	if (found)
		hg_proc_info(p, info);
	mutex_unlock(&hg_task_mutex);
	return found ? 0 : -ENOENT;
}

/**
 * hg_task_counter() - counters kept here, for status
 * @counter: an enum hashguard_counter value
 *
 * Return: its value (0 for a counter not kept here).
 */
u64 hg_task_counter(unsigned int counter)
{
	unsigned int cpu;
	u64 sum = 0;

	switch (counter) {
	case HASHGUARD_COUNTER_TASKS:
		return READ_ONCE(hg_nr_threads);
	case HASHGUARD_COUNTER_PROCESSES:
		return READ_ONCE(hg_nr_procs);
	case HASHGUARD_COUNTER_TASKS_CREATED:
		return READ_ONCE(hg_threads_created);
	case HASHGUARD_COUNTER_TASKS_FREED:
		return READ_ONCE(hg_threads_freed);
	case HASHGUARD_COUNTER_TASKS_DROPPED:
		return READ_ONCE(hg_threads_dropped);
	case HASHGUARD_COUNTER_PENDING_DROPPED:
		for_each_possible_cpu(cpu)
			sum += READ_ONCE(per_cpu_ptr(&hg_pending, cpu)->dropped);
		return sum;
	case HASHGUARD_COUNTER_TASK_BYTES:
		return (u64)READ_ONCE(hg_nr_threads) * sizeof(struct hg_thread) +
		       (u64)READ_ONCE(hg_nr_procs) * sizeof(struct hg_proc);
	}
	return 0;
}

/**
 * hg_task_init() - set up the record tables
 *
 * Return: 0 or -ENOMEM.
 */
int hg_task_init(void)
{
	return rhashtable_init(&hg_threads, &hg_thread_params);
}

/**
 * hg_task_exit() - free every record
 *
 * Context: the sampler and the probes are stopped and no netlink request
 * can run any more.
 */
void hg_task_exit(void)
{
	struct hg_thread *t, *tn;
	struct hg_proc *p, *pn;

	irq_work_sync(&hg_adopt_irq_work);
	cancel_work_sync(&hg_adopt_work);

	mutex_lock(&hg_task_mutex);
	list_for_each_entry_safe(p, pn, &hg_procs, link) {
		list_for_each_entry_safe(t, tn, &p->threads, link)
			hg_thread_free(t);
		hg_proc_free(p);
	}
	mutex_unlock(&hg_task_mutex);
	rhashtable_destroy(&hg_threads);
	/* The records above were freed with kfree_rcu(). */
	rcu_barrier();
}
