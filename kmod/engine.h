/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The detection engine: the switch that turns tracking on and off, and
 * the periodic window work that scores processes and reports verdicts.
 */
#ifndef _HG_ENGINE_H
#define _HG_ENGINE_H

#include <linux/types.h>

int hg_engine_start(void);
void hg_engine_stop(void);
u64 hg_engine_counter(unsigned int counter);

#endif /* _HG_ENGINE_H */
