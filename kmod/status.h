/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module-wide status: load time and the counters reported by
 * HASHGUARD_CMD_GET_STATUS.
 */
#ifndef _HG_STATUS_H
#define _HG_STATUS_H

#include <linux/types.h>
#include <linux/time64.h>

int hg_status_init(void);
u64 hg_status_uptime_ns(void);
time64_t hg_status_load_time(void);
bool hg_status_counter(unsigned int counter, u64 *value);

#endif /* _HG_STATUS_H */
