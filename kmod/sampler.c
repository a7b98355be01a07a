// SPDX-License-Identifier: GPL-2.0
/*
 * The sampler: one perf kernel counter per online CPU (software
 * cpu-clock by default, hardware cycles on request), whose overflow
 * handler looks at what user code was running.
 *
 * The handler runs in hard interrupt context (cpu-clock is an hrtimer) or
 * in NMI (cycles).  It reads the code at the interrupted instruction with
 * copy_from_user_nmi(), which never sleeps or faults pages in, classifies
 * it, and adds the counts to the thread's record, which it finds in an
 * RCU hash table.  It never allocates, sleeps, prints or takes a lock; a
 * thread without a record is queued for hg_task_adopt() instead.
 *
 * Kernel-mode ticks are counted and otherwise ignored.  The counter is not
 * created with exclude_kernel: a cpu-clock counter excluding the kernel
 * reports ticks spent in system calls as user samples at the return
 * address, which would classify code the task did not spend time in.
 *
 * Counters are created by a CPU hotplug state, so CPUs that come online
 * later get theirs.  Changing the rate or source (config.c, through the
 * function registered with hg_config_set_resample()) removes the state
 * and sets it up again.  The handler acts only while the engine has
 * turned the hg_sampler_on static key on (hg_sampler_track()).
 */

#include <linux/cpuhotplug.h>
#include <linux/jump_label.h>
#include <linux/mutex.h>
#include <linux/perf_event.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>

#include "classify/classify.h"
#include "config.h"
#include "sampler.h"
#include "task.h"

/**
 * struct hg_sampler_cpu - per-CPU state of the sampler
 * @event: the perf counter of this CPU
 * @samples: user-mode samples classified
 * @kernel: samples that hit kernel mode
 * @unreadable: user-mode samples whose code could not be read
 * @untracked: user-mode samples of threads without a record
 * @ns: time spent in the handler
 */
struct hg_sampler_cpu {
	struct perf_event *event;
	u64 samples;
	u64 kernel;
	u64 unreadable;
	u64 untracked;
	u64 ns;
};

static DEFINE_PER_CPU(struct hg_sampler_cpu, hg_sampler_cpu);
static DEFINE_MUTEX(hg_sampler_mutex);
static int hg_sampler_state = -1;	/* cpuhp state while running */
static bool hg_sampler_dead;		/* set at unload: no restart */
static u32 hg_sampler_hz, hg_sampler_source;
/* The handler acts only while this is on: between engine start and stop. */
static DEFINE_STATIC_KEY_FALSE(hg_sampler_on);

static u32 hg_read_mxcsr(void)
{
	u32 mxcsr;

	asm volatile("stmxcsr %0" : "=m" (mxcsr));
	return mxcsr;
}

static void hg_sample(struct perf_event *event, struct perf_sample_data *data,
		      struct pt_regs *regs)
{
	struct hg_sampler_cpu *sc = this_cpu_ptr(&hg_sampler_cpu);
	u8 buf[HG_WINDOW_BYTES];
	struct hg_counts c = {};
	struct hg_thread *t;
	unsigned long left;
	unsigned int i;
	u64 t0;

	if (!static_branch_likely(&hg_sampler_on))
		return;
	if (!regs || !user_mode(regs)) {
		sc->kernel++;
		return;
	}
	t0 = local_clock();

	t = hg_thread_lookup(current);
	if (!t || READ_ONCE(t->exited)) {
		sc->untracked++;
		if (!t)
			hg_task_note_new(current);
		goto out;
	}

	/*
	 * The user FPU state is live in the registers while user mode is
	 * interrupted, so MXCSR is the thread's own.
	 */
	hg_thread_observe_rc(t, hg_read_mxcsr());

	/* 32-bit code would be decoded as 64-bit: do not guess. */
	left = user_64bit_mode(regs) ?
	       copy_from_user_nmi(buf, (const void __user *)instruction_pointer(regs),
				  sizeof(buf)) : sizeof(buf);
	if (left >= sizeof(buf)) {
		sc->unreadable++;
		goto out;
	}
	hg_classify_path(buf, sizeof(buf) - left, HG_WINDOW_INSNS, &c);
	for (i = 0; i < HG_CLASS_MAX; i++)
		if (c.n[i])
			WRITE_ONCE(t->c.n[i], t->c.n[i] + c.n[i]);
	WRITE_ONCE(t->c.insns, t->c.insns + c.insns);
	WRITE_ONCE(t->c.samples, t->c.samples + 1);
	sc->samples++;
out:
	sc->ns += local_clock() - t0;
}

static int hg_sampler_online(unsigned int cpu)
{
	struct hg_sampler_cpu *sc = per_cpu_ptr(&hg_sampler_cpu, cpu);
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.pinned = 1,
		.exclude_hv = 1,
	};
	struct perf_event *event;

	if (hg_sampler_source == HASHGUARD_SOURCE_CYCLES) {
		attr.type = PERF_TYPE_HARDWARE;
		attr.config = PERF_COUNT_HW_CPU_CYCLES;
		attr.freq = 1;
		attr.sample_freq = hg_sampler_hz;
	} else {
		attr.type = PERF_TYPE_SOFTWARE;
		attr.config = PERF_COUNT_SW_CPU_CLOCK;
		attr.sample_period = NSEC_PER_SEC / hg_sampler_hz;
	}
	event = perf_event_create_kernel_counter(&attr, cpu, NULL, hg_sample,
						 NULL);
	if (IS_ERR(event)) {
		pr_warn_ratelimited("cannot create the %s counter on CPU %u: %ld\n",
				    hg_sampler_source == HASHGUARD_SOURCE_CYCLES ?
				    "cycles" : "cpu-clock", cpu, PTR_ERR(event));
		return PTR_ERR(event) == -ENOENT ? -EOPNOTSUPP : PTR_ERR(event);
	}
	sc->event = event;
	return 0;
}

static int hg_sampler_offline(unsigned int cpu)
{
	struct hg_sampler_cpu *sc = per_cpu_ptr(&hg_sampler_cpu, cpu);

	if (sc->event) {
		perf_event_release_kernel(sc->event);
		sc->event = NULL;
	}
	return 0;
}

/* Called with hg_sampler_mutex held. */
static int hg_sampler_start(u32 hz, u32 source)
{
	int ret;

	hg_sampler_hz = hz;
	hg_sampler_source = source;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hashguard:sampler",
				hg_sampler_online, hg_sampler_offline);
	if (ret < 0)
		return ret;
	hg_sampler_state = ret;
	return 0;
}

/* Called with hg_sampler_mutex held. */
static void hg_sampler_stop(void)
{
	if (hg_sampler_state < 0)
		return;
	cpuhp_remove_state(hg_sampler_state);
	hg_sampler_state = -1;
}

/*
 * Change the sampling rate or source (&hg_config_resample_fn); on failure
 * the old ones are restored.  Process context, hg_config_mutex held.
 * Returns 0, -EOPNOTSUPP if the source does not exist here, -ENODEV
 * during unload, or another negative errno.
 */
static int hg_sampler_restart(u32 hz, u32 source)
{
	u32 old_hz, old_source;
	int ret;

	mutex_lock(&hg_sampler_mutex);
	if (hg_sampler_dead) {
		ret = -ENODEV;
		goto out;
	}
	old_hz = hg_sampler_hz;
	old_source = hg_sampler_source;
	hg_sampler_stop();
	ret = hg_sampler_start(hz, source);
	if (ret && hg_sampler_start(old_hz, old_source))
		pr_err_ratelimited("sampling stopped: cannot restart it\n");
out:
	mutex_unlock(&hg_sampler_mutex);
	return ret;
}

/**
 * hg_sampler_track() - turn the handler on or off
 * @on: whether it acts
 *
 * Once it has turned it off, a handler that starts does nothing.
 *
 * Context: process context.
 */
void hg_sampler_track(bool on)
{
	if (on)
		static_branch_enable(&hg_sampler_on);
	else
		static_branch_disable(&hg_sampler_on);
}

/**
 * hg_sampler_counter() - counters kept here, for status
 * @counter: an enum hashguard_counter value
 *
 * Return: the sum over CPUs, 0 for a counter not kept here.
 */
u64 hg_sampler_counter(unsigned int counter)
{
	size_t off;
	unsigned int cpu;
	u64 sum = 0;

	switch (counter) {
	case HASHGUARD_COUNTER_SAMPLES:
		off = offsetof(struct hg_sampler_cpu, samples);
		break;
	case HASHGUARD_COUNTER_SAMPLES_KERNEL:
		off = offsetof(struct hg_sampler_cpu, kernel);
		break;
	case HASHGUARD_COUNTER_SAMPLES_UNREADABLE:
		off = offsetof(struct hg_sampler_cpu, unreadable);
		break;
	case HASHGUARD_COUNTER_SAMPLES_UNTRACKED:
		off = offsetof(struct hg_sampler_cpu, untracked);
		break;
	case HASHGUARD_COUNTER_SAMPLER_NS:
		off = offsetof(struct hg_sampler_cpu, ns);
		break;
	default:
		return 0;
	}
	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*(u64 *)((char *)per_cpu_ptr(&hg_sampler_cpu, cpu) + off));
	return sum;
}

/**
 * hg_sampler_init() - start sampling on every online CPU
 *
 * Return: 0 or a negative errno.
 */
int hg_sampler_init(void)
{
	struct hg_config cfg;
	int ret;

	hg_config_get(&cfg);
	mutex_lock(&hg_sampler_mutex);
	ret = hg_sampler_start(cfg.sample_hz, cfg.sample_source);
	mutex_unlock(&hg_sampler_mutex);
	if (!ret)
		hg_config_set_resample(hg_sampler_restart);
	return ret;
}

/**
 * hg_sampler_exit() - stop sampling for good
 *
 * On return no handler runs any more and a configuration change can no
 * longer restart sampling.
 */
void hg_sampler_exit(void)
{
	hg_config_set_resample(NULL);
	mutex_lock(&hg_sampler_mutex);
	hg_sampler_dead = true;
	hg_sampler_stop();
	mutex_unlock(&hg_sampler_mutex);
	/* A handler that started before its counter went away has finished. */
	synchronize_rcu();
}
