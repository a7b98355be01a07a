/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sampling of user-mode execution with per-CPU perf counters.
 */
#ifndef _HG_SAMPLER_H
#define _HG_SAMPLER_H

#include <linux/types.h>

/*
 * Bytes of code read at each sampled instruction pointer, and the most
 * instructions decoded from them.  A hash round is often one long basic
 * block (an unrolled Keccak round is over 400 instructions), and where
 * timer interrupts are only taken at block boundaries (virtual machines
 * under binary translation) every sample of it lands on its first
 * instruction; 64 instructions reach into the round proper.  The cost,
 * about 4,000 instructions per sample, is counted in SAMPLER_NS.
 */
#define HG_WINDOW_BYTES	256
#define HG_WINDOW_INSNS	64

int hg_sampler_init(void);
void hg_sampler_exit(void);
void hg_sampler_track(bool on);
u64 hg_sampler_counter(unsigned int counter);

#endif /* _HG_SAMPLER_H */
