// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hashguard: the stable names of the values of the uapi enums (see
 * names.h).  These words are an interface: audit lines, tables and JSON
 * carry them, so a name is never changed once released.
 */

#include "names.h"

const char *const hg_names_counter[HASHGUARD_COUNTER_MAX + 1] = {
	[HASHGUARD_COUNTER_AUDIT_LINES]		= "audit_lines",
	[HASHGUARD_COUNTER_AUDIT_SUPPRESSED]	= "audit_suppressed",
	[HASHGUARD_COUNTER_NL_REQUESTS]		= "netlink_requests",
	[HASHGUARD_COUNTER_SAMPLES]		= "samples",
	[HASHGUARD_COUNTER_SAMPLES_KERNEL]	= "samples_kernel",
	[HASHGUARD_COUNTER_SAMPLES_UNREADABLE]	= "samples_unreadable",
	[HASHGUARD_COUNTER_SAMPLES_UNTRACKED]	= "samples_untracked",
	[HASHGUARD_COUNTER_SAMPLER_NS]		= "sampler_ns",
	[HASHGUARD_COUNTER_SCHED_EVENTS]	= "sched_events",
	[HASHGUARD_COUNTER_SCHED_NS]		= "sched_ns",
	[HASHGUARD_COUNTER_TASKS]		= "tasks",
	[HASHGUARD_COUNTER_PROCESSES]		= "processes",
	[HASHGUARD_COUNTER_TASKS_CREATED]	= "tasks_created",
	[HASHGUARD_COUNTER_TASKS_FREED]		= "tasks_freed",
	[HASHGUARD_COUNTER_TASKS_DROPPED]	= "tasks_dropped",
	[HASHGUARD_COUNTER_PENDING_DROPPED]	= "pending_dropped",
	[HASHGUARD_COUNTER_WINDOWS]		= "windows",
	[HASHGUARD_COUNTER_DETECT_NS]		= "detect_ns",
	[HASHGUARD_COUNTER_FLAGGED]		= "flagged",
	[HASHGUARD_COUNTER_CLEARED]		= "cleared",
	[HASHGUARD_COUNTER_EVENTS]		= "events",
	[HASHGUARD_COUNTER_TENANTS]		= "tenants",
	[HASHGUARD_COUNTER_TASK_BYTES]		= "task_bytes",
	[HASHGUARD_COUNTER_APPROVALS]		= "approvals",
	[HASHGUARD_COUNTER_APPROVALS_EXPIRED]	= "approvals_expired",
	[HASHGUARD_COUNTER_ACTIONS]		= "actions",
	[HASHGUARD_COUNTER_CONFIG_EVENTS]	= "config_events",
};

const char *const hg_names_config[HASHGUARD_CONFIG_A_MAX + 1] = {
	[HASHGUARD_CONFIG_A_SAMPLE_HZ]		= "sample_hz",
	[HASHGUARD_CONFIG_A_SAMPLE_SOURCE]	= "sample_source",
	[HASHGUARD_CONFIG_A_WINDOW_MS]		= "window_ms",
	[HASHGUARD_CONFIG_A_FLAG_THRESHOLD]	= "flag_threshold",
	[HASHGUARD_CONFIG_A_CLEAR_THRESHOLD]	= "clear_threshold",
	[HASHGUARD_CONFIG_A_FLAG_WINDOWS]	= "flag_windows",
	[HASHGUARD_CONFIG_A_CLEAR_WINDOWS]	= "clear_windows",
	[HASHGUARD_CONFIG_A_MIN_SAMPLES]	= "min_samples",
	[HASHGUARD_CONFIG_A_MAX_TASKS]		= "max_tasks",
};

const char *const hg_names_source[HG_NAMES_SOURCE_N] = {
	[HASHGUARD_SOURCE_CPU_CLOCK]	= "cpu-clock",
	[HASHGUARD_SOURCE_CYCLES]	= "cycles",
};

const char *const hg_names_state[HASHGUARD_STATE_MAX + 1] = {
	[HASHGUARD_STATE_NORMAL]	= "normal",
	[HASHGUARD_STATE_SUSPECT]	= "suspect",
	[HASHGUARD_STATE_FLAGGED]	= "flagged",
	[HASHGUARD_STATE_CLEARED]	= "cleared",
};

const char *const hg_names_event[HASHGUARD_EVENT_MAX + 1] = {
	[HASHGUARD_EVENT_FLAGGED]	= "flagged",
	[HASHGUARD_EVENT_CLEARED]	= "cleared",
	[HASHGUARD_EVENT_EXITED]	= "exited",
	[HASHGUARD_EVENT_COVERED]	= "covered",
	[HASHGUARD_EVENT_UNCOVERED]	= "uncovered",
};

const char *const hg_names_feature[HASHGUARD_FEATURE_MAX + 1] = {
	[HASHGUARD_FEATURE_CRYPTO]		= "crypto",
	[HASHGUARD_FEATURE_ROTATE]		= "rotate",
	[HASHGUARD_FEATURE_HASH_ALU]		= "hash_alu",
	[HASHGUARD_FEATURE_HASH_SIMD]		= "hash_simd",
	[HASHGUARD_FEATURE_MUL]			= "mul",
	[HASHGUARD_FEATURE_FP]			= "fp",
	[HASHGUARD_FEATURE_RC_CHANGES]		= "rc_changes",
	[HASHGUARD_FEATURE_RC_NONDEFAULT]	= "rc_nondefault",
	[HASHGUARD_FEATURE_CPU]			= "cpu",
	[HASHGUARD_FEATURE_VCSW]		= "vcsw",
	[HASHGUARD_FEATURE_SAMPLES]		= "samples",
	[HASHGUARD_FEATURE_INSNS]		= "insns",
};

const char *const hg_names_action[HASHGUARD_ACTION_MAX + 1] = {
	[HASHGUARD_ACTION_AUDIT]	= "audit",
	[HASHGUARD_ACTION_THROTTLE]	= "throttle",
	[HASHGUARD_ACTION_IDLE]		= "idle",
	[HASHGUARD_ACTION_FREEZE]	= "freeze",
	[HASHGUARD_ACTION_KILL]		= "kill",
	[HASHGUARD_ACTION_RESTORE]	= "restore",
	[HASHGUARD_ACTION_TAMPER]	= "tamper",
};

const char *const hg_names_outcome[HASHGUARD_OUTCOME_MAX + 1] = {
	[HASHGUARD_OUTCOME_VERIFIED]	= "verified",
	[HASHGUARD_OUTCOME_FAILED]	= "failed",
};

const char *const hg_names_approval_state[HG_NAMES_APPROVAL_STATE_N] = {
	[HASHGUARD_APPROVAL_PENDING]	= "pending",
	[HASHGUARD_APPROVAL_ACTIVE]	= "active",
};

const char *const hg_names_approval_end[HG_NAMES_APPROVAL_END_N] = {
	[HASHGUARD_APPROVAL_END_REVOKED]	= "revoked",
	[HASHGUARD_APPROVAL_END_EXPIRED]	= "expired",
};

const char *const hg_names_cmd[HASHGUARD_CMD_MAX + 1] = {
	[HASHGUARD_CMD_GET_STATUS]	= "get_status",
	[HASHGUARD_CMD_GET_CONFIG]	= "get_config",
	[HASHGUARD_CMD_SET_CONFIG]	= "set_config",
	[HASHGUARD_CMD_NEW_TENANT]	= "new_tenant",
	[HASHGUARD_CMD_DEL_TENANT]	= "del_tenant",
	[HASHGUARD_CMD_GET_TENANT]	= "get_tenant",
	[HASHGUARD_CMD_GET_TASK]	= "get_task",
	[HASHGUARD_CMD_TASK_NTF]	= "task_ntf",
	[HASHGUARD_CMD_NEW_APPROVAL]	= "new_approval",
	[HASHGUARD_CMD_DEL_APPROVAL]	= "del_approval",
	[HASHGUARD_CMD_GET_APPROVAL]	= "get_approval",
	[HASHGUARD_CMD_ACTION]		= "action",
};
