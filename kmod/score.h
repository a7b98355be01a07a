/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Features, score and verdict of one process over one window.  Pure
 * functions of their arguments, so that KUnit tests them directly.
 */
#ifndef _HG_SCORE_H
#define _HG_SCORE_H

#include <linux/hashguard.h>
#include <linux/types.h>

#include "classify/classify.h"

/**
 * struct hg_tcounts - what was observed of one or more threads
 * @samples: user-mode samples classified
 * @insns: instructions decoded in those samples' windows
 * @n: decoded instructions per &enum hg_class
 * @rc_obs: observations of the SSE rounding mode (samples and switches)
 * @rc_changes: observations that differed from the thread's previous one
 * @rc_nondefault: observations of a mode other than round-to-nearest
 * @nvcsw: voluntary context switches seen by the sched_switch probe
 * @nivcsw: involuntary context switches seen by the sched_switch probe
 *
 * A thread's record keeps them cumulative (written only on the CPU the
 * thread runs on; they wrap and readers use differences); a window holds
 * the differences over its length.
 */
struct hg_tcounts {
	u32 samples;
	u32 insns;
	u32 n[HG_CLASS_MAX];
	u32 rc_obs;
	u32 rc_changes;
	u32 rc_nondefault;
	u32 nvcsw;
	u32 nivcsw;
};

/**
 * struct hg_window - what one process did during one window
 * @c: its threads' counts over the window
 * @cpu_ns: CPU time used
 * @wall_ns: length of the window
 */
struct hg_window {
	struct hg_tcounts c;
	u64 cpu_ns;
	u64 wall_ns;
};

/**
 * struct hg_features - features of a window
 * @f: values indexed by &enum hashguard_feature, units as documented there
 */
struct hg_features {
	u32 f[HASHGUARD_FEATURE_MAX + 1];
};

/**
 * struct hg_thresholds - the verdict parameters, from &struct hg_config
 * @flag: score that counts toward flagging
 * @clear: score below which a window counts toward clearing
 * @flag_windows: hot windows needed to flag
 * @clear_windows: cold windows in a row needed to clear
 * @min_samples: fewest samples for a window to count at all
 */
struct hg_thresholds {
	u32 flag;
	u32 clear;
	u32 flag_windows;
	u32 clear_windows;
	u32 min_samples;
};

/**
 * struct hg_verdict - state machine of one process
 * @state: &enum hashguard_state
 * @calm: state to return to when a suspect calms down (normal or cleared)
 * @hot: windows at or above the flag threshold since becoming a suspect
 * @cool: windows in a row below the clear threshold while flagged
 */
struct hg_verdict {
	u8 state;
	u8 calm;
	u16 hot;
	u16 cool;
};

/**
 * enum hg_transition - what a window did to a verdict
 * @HG_TR_NONE: nothing changed
 * @HG_TR_SUSPECT: normal or cleared became suspect
 * @HG_TR_CALM: a suspect went back to normal or cleared
 * @HG_TR_FLAGGED: became flagged
 * @HG_TR_CLEARED: flagged became cleared
 */
enum hg_transition {
	HG_TR_NONE,
	HG_TR_SUSPECT,
	HG_TR_CALM,
	HG_TR_FLAGGED,
	HG_TR_CLEARED,
};

void hg_features_compute(const struct hg_window *w, struct hg_features *ft);
u32 hg_score(const struct hg_features *ft);
enum hg_transition hg_verdict_step(struct hg_verdict *v, u32 score,
				   u32 samples, const struct hg_thresholds *t);
const char *hg_state_name(unsigned int state);

#endif /* _HG_SCORE_H */
