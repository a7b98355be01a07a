// SPDX-License-Identifier: GPL-2.0
/*
 * The window work.  Every window (window_ms of the configuration) it
 *  1. creates the records the sampler asked for (hg_task_adopt()),
 *  2. folds each process's threads' counters since the last window into
 *     a &struct hg_window, freeing the records of threads that exited,
 *  3. attributes the process to a tenant from its cgroup,
 *  4. computes features and score and steps the verdict (score.c),
 *  5. for suspect and flagged processes, finds the executable and the
 *     approval that covers them (approval.c),
 *  6. reports flagged, cleared and exited processes, and flagged ones
 *     that gained or lost an approval's cover: a netlink event on the
 *     "detect" group and, but for exits, an audit line.
 *
 * It holds hg_task_mutex (hg_task_walk()), then hg_tenant_mutex
 * (hg_tenant_count_begin() to hg_tenant_count_end()), for the whole pass.
 *
 * When approvals change (granted, revoked, expired, become valid) the
 * cover work does step 5 and the cover part of step 6 at once, under
 * hg_task_mutex, rather than waiting for the next window; the
 * announcements of approvals (notify.c) ask for it through the function
 * the engine sets there while it runs.  Tracking itself is the sampler's
 * and the probes' static keys, which the engine turns on and off.
 */

#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashguard.h>
#include <linux/limits.h>
#include <linux/sched/clock.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "approval.h"
#include "config.h"
#include "engine.h"
#include "notify.h"
#include "sampler.h"
#include "sched.h"
#include "score.h"
#include "task.h"
#include "tenant.h"

static void hg_window_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(hg_window_work, hg_window_workfn);
static void hg_cover_workfn(struct work_struct *work);
static DECLARE_WORK(hg_cover_work, hg_cover_workfn);

/* hg_engine_running: the cover work may be queued; under hg_cover_lock. */
static DEFINE_SPINLOCK(hg_cover_lock);
static bool hg_engine_running;

/* For d_path() of executables; under hg_task_mutex. */
static char hg_path_buf[PATH_MAX];

static u64 hg_windows, hg_window_ns, hg_flagged, hg_cleared, hg_events;

static void hg_report(const struct hg_proc *p, enum hashguard_event ev)
{
	struct hg_task_info *info;

	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return;
	hg_proc_info(p, info);
	if (!hg_announce_task(ev, info))
		hg_events++;
	kfree(info);
}

/* The program of @p has ended: it exited, or replaced itself by exec. */
static void hg_proc_program_end(struct hg_proc *p)
{
	if (p->verdict.state == HASHGUARD_STATE_FLAGGED)
		hg_report(p, HASHGUARD_EVENT_EXITED);
	kfree(p->exe);
	p->exe = NULL;
	p->approval_id = 0;
}

/* The path of @task's executable, kmalloc()ed, or NULL. */
static char *hg_task_exe(struct task_struct *task)
{
	struct mm_struct *mm;
	struct file *exe;
	char *path;

	mm = get_task_mm(task);
	if (!mm)
		return NULL;
	rcu_read_lock();
	exe = rcu_dereference(mm->exe_file);
	if (exe && !get_file_rcu(exe))
		exe = NULL;
	rcu_read_unlock();
	mmput(mm);
	if (!exe)
		return NULL;
	path = d_path(&exe->f_path, hg_path_buf, sizeof(hg_path_buf));
	fput(exe);
	return IS_ERR(path) ? NULL : kstrdup(path, GFP_KERNEL);
}

static bool hg_proc_coverable(const struct hg_proc *p)
{
	return p->verdict.state == HASHGUARD_STATE_SUSPECT ||
	       p->verdict.state == HASHGUARD_STATE_FLAGGED;
}

/*
 * Work out which approval covers @p now.  Return the event to report
 * for a flagged process whose cover changed, or 0.
 */
static enum hashguard_event hg_proc_cover(struct hg_proc *p)
{
	u32 id = 0, was = p->approval_id;

	if (hg_proc_coverable(p))
		id = hg_approval_match(p->tenant_id, p->exe);
	p->approval_id = id;
	if (id == was || p->verdict.state != HASHGUARD_STATE_FLAGGED)
		return 0;
	return id ? HASHGUARD_EVENT_COVERED : HASHGUARD_EVENT_UNCOVERED;
}

static void hg_proc_window(struct hg_proc *p, u64 now,
			   const struct hg_thresholds *th)
{
	struct hg_window w = {};
	struct task_struct *task;
	enum hashguard_event ev;
	enum hg_transition tr;
	int exec;

	hg_proc_fold(p, &w);
	w.wall_ns = now - p->last_ns;
	p->last_ns = now;

	exec = atomic_read(&p->exec_seq);
	if (exec != p->seen_exec) {
		p->seen_exec = exec;
		hg_proc_program_end(p);
		memset(&p->verdict, 0, sizeof(p->verdict));
		p->flagged_time = 0;
		/* This window mixes two programs: judge from the next one. */
		memset(&w, 0, sizeof(w));
		w.wall_ns = 1;
	}

	task = hg_proc_get_task(p);
	if (task) {
		struct hg_tenant *ten = hg_tenant_of_task(task);

		p->tenant_id = ten ? ten->id : HASHGUARD_TENANT_HOST;
		rcu_read_lock();
		get_task_comm(p->comm, READ_ONCE(task->group_leader));
		rcu_read_unlock();
		hg_tenant_count(ten, p->verdict.state == HASHGUARD_STATE_FLAGGED);
	}

	hg_features_compute(&w, &p->feat);
	p->score = hg_score(&p->feat);
	p->samples += w.c.samples;
	tr = hg_verdict_step(&p->verdict, p->score, w.c.samples, th);
	if (task && hg_proc_coverable(p) && !p->exe)
		p->exe = hg_task_exe(task);
	if (task)
		put_task_struct(task);
	ev = hg_proc_cover(p);

	switch (tr) {
	case HG_TR_FLAGGED:
		p->flagged_time = ktime_get_real_seconds();
		hg_flagged++;
		hg_report(p, HASHGUARD_EVENT_FLAGGED);
		break;
	case HG_TR_CLEARED:
		hg_cleared++;
		hg_report(p, HASHGUARD_EVENT_CLEARED);
		break;
	default:
		if (ev)
			hg_report(p, ev);
		break;
	}
}

/**
 * struct hg_window_pass - one run of the window work
 * @th: the thresholds of the verdicts
 * @now: end of the window, ns since boot
 */
struct hg_window_pass {
	struct hg_thresholds th;
	u64 now;
};

static void hg_window_begin(void *arg)
{
	struct hg_window_pass *wp = arg;

	hg_tenant_count_begin();
	hg_approval_count_begin();
	wp->now = ktime_get_ns();
}

static void hg_window_each(struct hg_proc *p, void *arg)
{
	struct hg_window_pass *wp = arg;

	hg_proc_window(p, wp->now, &wp->th);
	if (!p->nr_threads) {
		hg_proc_program_end(p);
		hg_proc_free(p);
	}
}

static void hg_window_end(void *arg)
{
	hg_approval_count_end();
	hg_tenant_count_end();
}

static const struct hg_proc_walk hg_window_walk = {
	.adopt = true,
	.begin = hg_window_begin,
	.each = hg_window_each,
	.end = hg_window_end,
};

static void hg_window_workfn(struct work_struct *work)
{
	struct hg_window_pass wp;
	struct hg_config cfg;
	u64 t0 = local_clock();

	hg_config_get(&cfg);
	wp.th.flag = cfg.flag_threshold;
	wp.th.clear = cfg.clear_threshold;
	wp.th.flag_windows = cfg.flag_windows;
	wp.th.clear_windows = cfg.clear_windows;
	wp.th.min_samples = cfg.min_samples;

	hg_task_walk(&hg_window_walk, &wp);

	WRITE_ONCE(hg_windows, hg_windows + 1);
	WRITE_ONCE(hg_window_ns, hg_window_ns + local_clock() - t0);
	queue_delayed_work(system_unbound_wq, &hg_window_work,
			   msecs_to_jiffies(cfg.window_ms));
}

static void hg_cover_begin(void *arg)
{
	hg_approval_count_begin();
}

static void hg_cover_each(struct hg_proc *p, void *arg)
{
	enum hashguard_event ev = hg_proc_cover(p);

	if (ev)
		hg_report(p, ev);
}

static void hg_cover_end(void *arg)
{
	hg_approval_count_end();
}

static const struct hg_proc_walk hg_cover_walk = {
	.begin = hg_cover_begin,
	.each = hg_cover_each,
	.end = hg_cover_end,
};

static void hg_cover_workfn(struct work_struct *work)
{
	hg_task_walk(&hg_cover_walk, NULL);
}

/*
 * Approvals changed: work out coverage again.  Set in notify.c while the
 * engine runs; any context that may take a spinlock; does nothing once
 * the engine has stopped.
 */
static void hg_engine_cover_changed(void)
{
	unsigned long flags;

	spin_lock_irqsave(&hg_cover_lock, flags);
	if (hg_engine_running)
		queue_work(system_unbound_wq, &hg_cover_work);
	spin_unlock_irqrestore(&hg_cover_lock, flags);
}

/**
 * hg_engine_start() - turn tracking on and start the window work
 *
 * Context: the records, tenants, sampler and probes are set up.
 * Return: 0.
 */
int hg_engine_start(void)
{
	struct hg_config cfg;

	spin_lock_irq(&hg_cover_lock);
	hg_engine_running = true;
	spin_unlock_irq(&hg_cover_lock);
	hg_notify_set_cover(hg_engine_cover_changed);
	hg_sched_track(true);
	hg_sampler_track(true);
	hg_config_get(&cfg);
	queue_delayed_work(system_unbound_wq, &hg_window_work,
			   msecs_to_jiffies(cfg.window_ms));
	return 0;
}

/**
 * hg_engine_stop() - turn tracking off and stop the window work
 *
 * On return the sampler and probes do nothing (they may still be called)
 * and no window or cover work runs or is queued.
 */
void hg_engine_stop(void)
{
	spin_lock_irq(&hg_cover_lock);
	hg_engine_running = false;
	spin_unlock_irq(&hg_cover_lock);
	hg_notify_set_cover(NULL);
	hg_sampler_track(false);
	hg_sched_track(false);
	cancel_delayed_work_sync(&hg_window_work);
	cancel_work_sync(&hg_cover_work);
}

/**
 * hg_engine_counter() - counters kept here, for status
 * @counter: an enum hashguard_counter value
 *
 * Return: its value, 0 for a counter not kept here.
 */
u64 hg_engine_counter(unsigned int counter)
{
	switch (counter) {
	case HASHGUARD_COUNTER_WINDOWS:
		return READ_ONCE(hg_windows);
	case HASHGUARD_COUNTER_DETECT_NS:
		return READ_ONCE(hg_window_ns);
	case HASHGUARD_COUNTER_FLAGGED:
		return READ_ONCE(hg_flagged);
	case HASHGUARD_COUNTER_CLEARED:
		return READ_ONCE(hg_cleared);
	case HASHGUARD_COUNTER_EVENTS:
		return READ_ONCE(hg_events);
	}
	return 0;
}
