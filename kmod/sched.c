// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler tracepoint probes.  The sched_* tracepoints are not exported
 * to modules, so they are found by name with for_each_kernel_tracepoint().
 *
 * The probes run with preemption disabled, some (sched_switch) with the
 * runqueue lock held: they only look records up (RCU) and bump counters
 * of the thread running on this CPU; they never allocate or print.
 * Everything is gated by the hg_sched_on static key, which the engine
 * turns on and off (hg_sched_track()), so a probe that fires while the
 * module is coming up or going down does nothing.
 */

#include <linux/hashguard.h>
#include <linux/jump_label.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/tracepoint.h>
#include <asm/fpu/types.h>

#include "sched.h"
#include "task.h"

/* The probes act only while this is on: between engine start and stop. */
static DEFINE_STATIC_KEY_FALSE(hg_sched_on);

/**
 * struct hg_sched_cpu - per-CPU probe statistics
 * @events: probe calls that did work
 * @ns: time spent in them
 */
struct hg_sched_cpu {
	u64 events;
	u64 ns;
};

static DEFINE_PER_CPU(struct hg_sched_cpu, hg_sched_cpu);

static void hg_sched_account(u64 t0)
{
	struct hg_sched_cpu *sc = this_cpu_ptr(&hg_sched_cpu);

	sc->events++;
	sc->ns += local_clock() - t0;
}

/*
 * MXCSR of @t, the task leaving this CPU.  Its user FPU registers are
 * still live unless the kernel has saved them already (TIF_NEED_FPU_LOAD
 * set, after kernel_fpu_begin() for instance); then they are in memory.
 */
static u32 hg_task_mxcsr(struct task_struct *t)
{
	u32 mxcsr;

	if (test_tsk_thread_flag(t, TIF_NEED_FPU_LOAD))
		return READ_ONCE(t->thread.fpu.fpstate->regs.fxsave.mxcsr);
	asm volatile("stmxcsr %0" : "=m" (mxcsr));
	return mxcsr;
}

static void hg_probe_switch(void *data, bool preempt, struct task_struct *prev,
			    struct task_struct *next, unsigned int prev_state)
{
	struct hg_thread *t;
	u64 t0;

	if (!static_branch_likely(&hg_sched_on) ||
	    (prev->flags & PF_KTHREAD) || !prev->mm)
		return;
	t0 = local_clock();
	t = hg_thread_lookup(prev);
	if (t && !READ_ONCE(t->exited)) {
		/* As __schedule() counts nvcsw and nivcsw. */
		if (!preempt && prev_state)
			WRITE_ONCE(t->c.nvcsw, t->c.nvcsw + 1);
		else
			WRITE_ONCE(t->c.nivcsw, t->c.nivcsw + 1);
		hg_thread_observe_rc(t, hg_task_mxcsr(prev));
	}
	hg_sched_account(t0);
}

/*
 * A new thread or child of a suspect or flagged process is likely to do
 * what its parent does: track it from the start, so that a miner that
 * forks fresh workers cannot hide in the first samples of each.
 */
static void hg_probe_fork(void *data, struct task_struct *parent,
			  struct task_struct *child)
{
	struct hg_thread *t;
	u8 state;
	u64 t0;

	if (!static_branch_likely(&hg_sched_on) || (child->flags & PF_KTHREAD))
		return;
	t0 = local_clock();
	t = hg_thread_lookup(parent);
	if (t) {
		state = READ_ONCE(t->proc->verdict.state);
		if (state == HASHGUARD_STATE_SUSPECT ||
		    state == HASHGUARD_STATE_FLAGGED)
			hg_task_note_new(child);
	}
	hg_sched_account(t0);
}

/*
 * Mark the record of @p, if it has one: its program changed (@exec), or
 * it exited.  Inlined into each probe, with @exec a constant.
 */
static __always_inline void hg_probe_mark(struct task_struct *p, bool exec)
{
	struct hg_thread *t;
	u64 t0;

	if (!static_branch_likely(&hg_sched_on))
		return;
	t0 = local_clock();
	t = hg_thread_lookup(p);
	if (t && exec)
		atomic_inc(&t->proc->exec_seq);
	else if (t)
		WRITE_ONCE(t->exited, true);
	hg_sched_account(t0);
}

static void hg_probe_exec(void *data, struct task_struct *p, pid_t old_pid,
			  struct linux_binprm *bprm)
{
	/*
	 * After a non-leader exec, @p has taken over the leader's pid and
	 * start time, so this finds the leader's (exited) record, which
	 * belongs to the same process.
	 */
	hg_probe_mark(p, true);
}

static void hg_probe_exit(void *data, struct task_struct *p)
{
	hg_probe_mark(p, false);
}

/**
 * struct hg_tp - a tracepoint and its probe
 * @name: tracepoint name
 * @probe: the probe
 * @tp: the tracepoint, once found
 * @registered: the probe is registered
 */
struct hg_tp {
	const char *name;
	void *probe;
	struct tracepoint *tp;
	bool registered;
};

static struct hg_tp hg_tps[] = {
	{ .name = "sched_process_fork", .probe = hg_probe_fork },
	{ .name = "sched_process_exec", .probe = hg_probe_exec },
	{ .name = "sched_process_exit", .probe = hg_probe_exit },
	{ .name = "sched_switch", .probe = hg_probe_switch },
};

static void hg_tp_find(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hg_tps); i++)
		if (!strcmp(tp->name, hg_tps[i].name))
			hg_tps[i].tp = tp;
}

static void hg_sched_unregister(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hg_tps); i++) {
		if (!hg_tps[i].registered)
			continue;
		tracepoint_probe_unregister(hg_tps[i].tp, hg_tps[i].probe, NULL);
		hg_tps[i].registered = false;
	}
	/* No probe runs any more once this returns. */
	tracepoint_synchronize_unregister();
}

/**
 * hg_sched_init() - find the tracepoints and register the probes
 *
 * The probes do nothing until hg_sched_track() turns them on.
 *
 * Return: 0, -ENOENT if a tracepoint is missing, or the registration's
 * error.
 */
int hg_sched_init(void)
{
	unsigned int i;
	int ret;

	for_each_kernel_tracepoint(hg_tp_find, NULL);
	for (i = 0; i < ARRAY_SIZE(hg_tps); i++) {
		if (!hg_tps[i].tp) {
			pr_err("tracepoint %s not found\n", hg_tps[i].name);
			ret = -ENOENT;
			goto err;
		}
		ret = tracepoint_probe_register(hg_tps[i].tp, hg_tps[i].probe,
						NULL);
		if (ret) {
			pr_err("cannot register a probe on %s: %d\n",
			       hg_tps[i].name, ret);
			goto err;
		}
		hg_tps[i].registered = true;
	}
	return 0;

err:
	hg_sched_unregister();
	return ret;
}

/**
 * hg_sched_exit() - unregister the probes and wait for running ones
 */
void hg_sched_exit(void)
{
	hg_sched_unregister();
}

/**
 * hg_sched_track() - turn the probes on or off
 * @on: whether they act
 *
 * Once it has turned them off, a probe that starts does nothing.
 *
 * Context: process context.
 */
void hg_sched_track(bool on)
{
	if (on)
		static_branch_enable(&hg_sched_on);
	else
		static_branch_disable(&hg_sched_on);
}

/**
 * hg_sched_counter() - counters kept here, for status
 * @counter: an enum hashguard_counter value
 *
 * Return: the sum over CPUs, 0 for a counter not kept here.
 */
u64 hg_sched_counter(unsigned int counter)
{
	unsigned int cpu;
	u64 sum = 0;

	for_each_possible_cpu(cpu) {
		struct hg_sched_cpu *sc = per_cpu_ptr(&hg_sched_cpu, cpu);

		if (counter == HASHGUARD_COUNTER_SCHED_EVENTS)
			sum += READ_ONCE(sc->events);
		else if (counter == HASHGUARD_COUNTER_SCHED_NS)
			sum += READ_ONCE(sc->ns);
	}
	return sum;
}
