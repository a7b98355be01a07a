/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The objects as the module reports them: a copy of each kind, taken
 * under its owner's lock, that netlink replies, notifications and audit
 * lines are written from.  A header of types only, below every file that
 * keeps, reports or writes one, so that reporting a change never needs
 * the file that made it.
 */
#ifndef _HG_INFO_H
#define _HG_INFO_H

#include <linux/hashguard.h>
#include <linux/sched.h>
#include <linux/time64.h>
#include <linux/types.h>

#include "score.h"

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

/**
 * struct hg_tenant_info - a tenant as reported over netlink
 * @id: id
 * @name: name
 * @path: cgroup path ("" for the host tenant)
 * @cgid: cgroup id (0 for the host tenant)
 * @processes: tracked processes
 * @flagged: flagged processes
 * @gone: the cgroup has been removed
 */
struct hg_tenant_info {
	u32 id;
	char name[HASHGUARD_TENANT_NAME_MAX];
	char path[HASHGUARD_CGROUP_PATH_MAX];
	u64 cgid;
	u32 processes;
	u32 flagged;
	bool gone;
};

/**
 * struct hg_task_info - a process as reported over netlink and in audit
 * @tgid: process id
 * @pid: thread with the most samples in the last window
 * @tenant_id: tenant id
 * @score: score of the last window
 * @threads: tracked threads
 * @state: &enum hashguard_state
 * @start_time: start of the process, ns since boot
 * @samples: samples since tracking started, the current window too
 * @flagged_time: when last flagged, s since the epoch, or 0
 * @comm: comm of the process
 * @tenant: tenant name
 * @feat: features of the last window
 * @approval_id: the approval covering it, 0 if none
 * @approval_ref: that approval's reference
 * @exe: path of its executable, "" if not known
 */
struct hg_task_info {
	u32 tgid;
	u32 pid;
	u32 tenant_id;
	u32 score;
	u32 threads;
	u8 state;
	u64 start_time;
	u64 samples;
	time64_t flagged_time;
	char comm[TASK_COMM_LEN];
	char tenant[HASHGUARD_TENANT_NAME_MAX];
	struct hg_features feat;
	u32 approval_id;
	char approval_ref[HASHGUARD_APPROVAL_REF_MAX];
	char exe[HASHGUARD_EXE_PATH_MAX];
};

/**
 * struct hg_approval_info - an approval as reported over netlink and in
 * the audit trail
 * @id: id
 * @tenant_id: tenant id
 * @tenant: tenant name
 * @ref: reference
 * @exe: executable path, "" for the whole tenant
 * @not_before: start of validity, s since the epoch
 * @expires: end of validity, s since the epoch, 0 for never
 * @granted_time: when granted, s since the epoch
 * @granted_by: uid of the granter, initial user namespace
 * @covered: suspect and flagged processes covered in the last pass
 * @state: &enum hashguard_approval_state
 * @end: &enum hashguard_approval_end, or 0 while it stands
 * @replaced: it replaced an approval with the same reference
 */
struct hg_approval_info {
	u32 id;
	u32 tenant_id;
	char tenant[HASHGUARD_TENANT_NAME_MAX];
	char ref[HASHGUARD_APPROVAL_REF_MAX];
	char exe[HASHGUARD_EXE_PATH_MAX];
	time64_t not_before;
	time64_t expires;
	time64_t granted_time;
	u32 granted_by;
	u32 covered;
	u8 state;
	u8 end;
	bool replaced;
};

#endif /* _HG_INFO_H */
