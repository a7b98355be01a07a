// SPDX-License-Identifier: GPL-2.0
/*
 * Run-time configuration.  Writers hold hg_config_mutex, check the whole
 * new set first and then publish it field by field; readers take single
 * fields with READ_ONCE() and never need two of them to agree, except the
 * scoring work, which takes a consistent copy with hg_config_get().
 *
 * Changing the sampling rate or source restarts the per-CPU counters
 * through the function the sampler registered (hg_config_set_resample());
 * the other values take effect at the next window.  A change that went
 * through is announced (notify.c).
 */

#include <linux/hashguard.h>
#include <linux/mutex.h>
#include <linux/netlink.h>

#include "config.h"
#include "notify.h"

static struct hg_config hg_cfg;
static DEFINE_MUTEX(hg_config_mutex);
/* The sampler's restart, while it samples; under hg_config_mutex. */
static hg_config_resample_fn hg_config_resample;

static const struct hg_config hg_config_defaults = {
	.sample_hz = 1000,
	.sample_source = HASHGUARD_SOURCE_CPU_CLOCK,
	.window_ms = 1000,
	.flag_threshold = 500,
	.clear_threshold = 250,
	.flag_windows = 2,
	.clear_windows = 5,
	.min_samples = 20,
	.max_tasks = 32768,
};

/**
 * hg_config_init() - install the defaults; early at module init
 *
 * Return: 0.
 */
int hg_config_init(void)
{
	hg_cfg = hg_config_defaults;
	return 0;
}

/**
 * hg_config_get() - take a consistent copy of the configuration
 * @cfg: where to store it
 */
void hg_config_get(struct hg_config *cfg)
{
	mutex_lock(&hg_config_mutex);
	*cfg = hg_cfg;
	mutex_unlock(&hg_config_mutex);
}

/**
 * hg_config_max_tasks() - the most threads tracked at once
 *
 * Context: any; a lockless read of one field.
 * Return: the configured value.
 */
u32 hg_config_max_tasks(void)
{
	return READ_ONCE(hg_cfg.max_tasks);
}

/**
 * hg_config_set_resample() - say who applies a new sampling rate or source
 * @fn: the sampler's restart, or NULL once it has stopped for good
 *
 * While none is set, a change of rate or source fails with -ENODEV.
 */
void hg_config_set_resample(hg_config_resample_fn fn)
{
	mutex_lock(&hg_config_mutex);
	hg_config_resample = fn;
	mutex_unlock(&hg_config_mutex);
}

/**
 * hg_config_check() - check what no single-attribute policy can
 * @cfg: a complete candidate configuration
 * @extack: for the message when the check fails
 *
 * The netlink policy has already checked each value's range.
 *
 * Return: 0 or -EINVAL.
 */
int hg_config_check(const struct hg_config *cfg, struct netlink_ext_ack *extack)
{
	if (cfg->clear_threshold >= cfg->flag_threshold) {
		NL_SET_ERR_MSG(extack, "clear_threshold must be below flag_threshold");
		return -EINVAL;
	}
	return 0;
}

/**
 * hg_config_set() - replace the configuration
 * @cfg: the complete new configuration
 * @old: set to the configuration it replaced
 * @extack: for the message on failure
 *
 * Restarts sampling when its rate or source changes.  On failure
 * (inconsistent values, or the new sampling source is unavailable) the
 * old configuration stays in force and sampling continues as before.
 * On success the change is announced, as made by the calling task.
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno.
 */
int hg_config_set(const struct hg_config *cfg, struct hg_config *old,
		  struct netlink_ext_ack *extack)
{
	int ret;

	ret = hg_config_check(cfg, extack);
	if (ret)
		return ret;

	mutex_lock(&hg_config_mutex);
	*old = hg_cfg;
	if (cfg->sample_hz != old->sample_hz ||
	    cfg->sample_source != old->sample_source) {
		ret = hg_config_resample ?
		      hg_config_resample(cfg->sample_hz, cfg->sample_source) :
		      -ENODEV;
		if (ret == -EOPNOTSUPP)
			NL_SET_ERR_MSG(extack, "sample_source not available on this machine");
		else if (ret)
			NL_SET_ERR_MSG(extack, "could not restart sampling");
		if (ret)
			goto out;
	}
	WRITE_ONCE(hg_cfg.sample_hz, cfg->sample_hz);
	WRITE_ONCE(hg_cfg.sample_source, cfg->sample_source);
	WRITE_ONCE(hg_cfg.window_ms, cfg->window_ms);
	WRITE_ONCE(hg_cfg.flag_threshold, cfg->flag_threshold);
	WRITE_ONCE(hg_cfg.clear_threshold, cfg->clear_threshold);
	WRITE_ONCE(hg_cfg.flag_windows, cfg->flag_windows);
	WRITE_ONCE(hg_cfg.clear_windows, cfg->clear_windows);
	WRITE_ONCE(hg_cfg.min_samples, cfg->min_samples);
	WRITE_ONCE(hg_cfg.max_tasks, cfg->max_tasks);
out:
	mutex_unlock(&hg_config_mutex);
	if (!ret)
		hg_announce_config(old, cfg);
	return ret;
}
