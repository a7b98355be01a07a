// SPDX-License-Identifier: GPL-2.0
/*
 * Module-wide status: when the module was loaded, and one place that maps
 * each enum hashguard_counter to the subsystem that keeps it, so that the
 * netlink reply and the unload audit line agree.
 */

#include <linux/hashguard.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>

#include "approval.h"
#include "audit.h"
#include "engine.h"
#include "notify.h"
#include "sampler.h"
#include "sched.h"
#include "status.h"
#include "task.h"
#include "tenant.h"

static u64 hg_load_boot_ns;
static time64_t hg_load_real;

/**
 * hg_status_init() - record the load time; first step of module init
 *
 * Return: 0.
 */
int hg_status_init(void)
{
	hg_load_boot_ns = ktime_get_boottime_ns();
	hg_load_real = ktime_get_real_seconds();
	return 0;
}

/**
 * hg_status_uptime_ns() - time since load, suspend included
 *
 * Return: nanoseconds since hg_status_init().
 */
u64 hg_status_uptime_ns(void)
{
	return ktime_get_boottime_ns() - hg_load_boot_ns;
}

/**
 * hg_status_load_time() - wall-clock time of load
 *
 * Return: seconds since the epoch when the module was loaded.
 */
time64_t hg_status_load_time(void)
{
	return hg_load_real;
}

/**
 * hg_status_counter() - read one counter
 * @counter: an enum hashguard_counter value
 * @value: where to store it
 *
 * Return: false if @counter is not a counter this module keeps.
 */
bool hg_status_counter(unsigned int counter, u64 *value)
{
	switch (counter) {
	case HASHGUARD_COUNTER_AUDIT_LINES:
		*value = hg_audit_lines();
		return true;
	case HASHGUARD_COUNTER_AUDIT_SUPPRESSED:
		*value = hg_audit_suppressed();
		return true;
	case HASHGUARD_COUNTER_NL_REQUESTS:
	case HASHGUARD_COUNTER_ACTIONS:
	case HASHGUARD_COUNTER_CONFIG_EVENTS:
		*value = hg_notify_counter(counter);
		return true;
	case HASHGUARD_COUNTER_APPROVALS:
	case HASHGUARD_COUNTER_APPROVALS_EXPIRED:
		*value = hg_approval_counter(counter);
		return true;
	case HASHGUARD_COUNTER_SAMPLES ... HASHGUARD_COUNTER_SAMPLER_NS:
		*value = hg_sampler_counter(counter);
		return true;
	case HASHGUARD_COUNTER_SCHED_EVENTS:
	case HASHGUARD_COUNTER_SCHED_NS:
		*value = hg_sched_counter(counter);
		return true;
	case HASHGUARD_COUNTER_TASKS ... HASHGUARD_COUNTER_PENDING_DROPPED:
	case HASHGUARD_COUNTER_TASK_BYTES:
		*value = hg_task_counter(counter);
		return true;
	case HASHGUARD_COUNTER_WINDOWS ... HASHGUARD_COUNTER_EVENTS:
		*value = hg_engine_counter(counter);
		return true;
	case HASHGUARD_COUNTER_TENANTS:
		*value = hg_tenant_counter(counter);
		return true;
	default:
		return false;
	}
}
