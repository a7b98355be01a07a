// SPDX-License-Identifier: GPL-2.0
/*
 * Run-time configuration.  Writers hold hg_config_mutex, check the whole
 * new set first and then publish it field by field; readers take single
 * fields with READ_ONCE() and never need two of them to agree, except the
 * scoring work, which takes a consistent copy with hg_config_get().
 *
 * Changing the sampling rate or source restarts the per-CPU counters
 * (sampler.c); the other values take effect at the next window.
 */

#include <linux/hashguard.h>
#include <linux/mutex.h>
#include <linux/netlink.h>

#include "config.h"
#include "sampler.h"

struct hg_config hg_cfg;
static DEFINE_MUTEX(hg_config_mutex);

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
 * hg_config_init() - install the defaults; first thing at module init
 */
void hg_config_init(void)
{
	hg_cfg = hg_config_defaults;
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
		ret = hg_sampler_restart(cfg->sample_hz, cfg->sample_source);
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
	return ret;
}
