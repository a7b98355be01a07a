/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run-time configuration: one set of values (&struct hg_config, info.h),
 * changed as a whole under a mutex by HASHGUARD_CMD_SET_CONFIG and read
 * without locks by the sampler and the scoring work.
 */
#ifndef _HG_CONFIG_H
#define _HG_CONFIG_H

#include <linux/types.h>

#include "info.h"

struct netlink_ext_ack;

/**
 * typedef hg_config_resample_fn - apply a new sampling rate and source
 * @hz: samples per second per CPU
 * @source: &enum hashguard_sample_source
 *
 * Called with the configuration mutex held.
 * Return: 0, or a negative errno and the old sampling goes on.
 */
typedef int (*hg_config_resample_fn)(u32 hz, u32 source);

int hg_config_init(void);
void hg_config_get(struct hg_config *cfg);
u32 hg_config_max_tasks(void);
void hg_config_set_resample(hg_config_resample_fn fn);
int hg_config_check(const struct hg_config *cfg, struct netlink_ext_ack *extack);
int hg_config_set(const struct hg_config *cfg, struct hg_config *old,
		  struct netlink_ext_ack *extack);

#endif /* _HG_CONFIG_H */
