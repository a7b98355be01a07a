/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run-time configuration: one set of values, changed as a whole under a
 * mutex by HASHGUARD_CMD_SET_CONFIG and read without locks (READ_ONCE)
 * by the sampler and the scoring work.
 */
#ifndef _HG_CONFIG_H
#define _HG_CONFIG_H

#include <linux/types.h>

/**
 * struct hg_config - the run-time configuration
 * @sample_hz: samples per second per CPU
 * @sample_source: &enum hashguard_sample_source
 * @window_ms: length of a scoring window
 * @flag_threshold: score that counts toward flagging
 * @clear_threshold: score below which a window counts toward clearing
 * @flag_windows: windows in a row at or above @flag_threshold to flag
 * @clear_windows: windows in a row below @clear_threshold to clear
 * @min_samples: fewest samples for a window's score to count
 * @max_tasks: most threads tracked at once
 *
 * The ranges are those of the netlink policy in netlink.c; the header
 * kmod/include/uapi/linux/hashguard.h documents them.
 */
struct hg_config {
	u32 sample_hz;
	u32 sample_source;
	u32 window_ms;
	u32 flag_threshold;
	u32 clear_threshold;
	u32 flag_windows;
	u32 clear_windows;
	u32 min_samples;
	u32 max_tasks;
};

/* The live configuration; read single fields with READ_ONCE(). */
extern struct hg_config hg_cfg;

void hg_config_init(void);
void hg_config_get(struct hg_config *cfg);
struct netlink_ext_ack;

int hg_config_check(const struct hg_config *cfg, struct netlink_ext_ack *extack);
int hg_config_set(const struct hg_config *cfg, struct hg_config *old,
		  struct netlink_ext_ack *extack);

#endif /* _HG_CONFIG_H */
