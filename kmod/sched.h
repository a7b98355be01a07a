/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scheduler tracepoint probes: task lifetime (fork, exec, exit) and what
 * only a context switch shows (voluntary switches, the rounding mode of
 * the task leaving the CPU).
 */
#ifndef _HG_SCHED_H
#define _HG_SCHED_H

#include <linux/types.h>

int hg_sched_init(void);
void hg_sched_exit(void);
void hg_sched_track(bool on);
u64 hg_sched_counter(unsigned int counter);

#endif /* _HG_SCHED_H */
