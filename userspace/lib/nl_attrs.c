// SPDX-License-Identifier: GPL-2.0
/*
 * The attributes of the family, as tables: the policies the parsers of
 * each nest check replies against, and the names of the attributes that
 * say which one of a request the kernel refused (nl_extack.c).
 */

#include "names/names.h"
#include "nl_internal.h"

/* Replies: the type each known attribute must have. */

const struct nla_policy hgl_tenant_policy[HASHGUARD_TENANT_A_MAX + 1] = {
	[HASHGUARD_TENANT_A_ID]		 = { .type = NLA_U32 },
	[HASHGUARD_TENANT_A_NAME]	 = { .type = NLA_STRING },
	[HASHGUARD_TENANT_A_CGROUP]	 = { .type = NLA_STRING },
	[HASHGUARD_TENANT_A_CGROUP_ID]	 = { .type = NLA_U64 },
	[HASHGUARD_TENANT_A_PROCESSES]	 = { .type = NLA_U32 },
	[HASHGUARD_TENANT_A_FLAGGED]	 = { .type = NLA_U32 },
	[HASHGUARD_TENANT_A_CGROUP_GONE] = { .type = NLA_FLAG },
};

const struct nla_policy hgl_task_policy[HASHGUARD_TASK_A_MAX + 1] = {
	[HASHGUARD_TASK_A_TGID]		= { .type = NLA_U32 },
	[HASHGUARD_TASK_A_PID]		= { .type = NLA_U32 },
	[HASHGUARD_TASK_A_COMM]		= { .type = NLA_STRING },
	[HASHGUARD_TASK_A_START_TIME]	= { .type = NLA_U64 },
	[HASHGUARD_TASK_A_TENANT_ID]	= { .type = NLA_U32 },
	[HASHGUARD_TASK_A_TENANT_NAME]	= { .type = NLA_STRING },
	[HASHGUARD_TASK_A_STATE]	= { .type = NLA_U8 },
	[HASHGUARD_TASK_A_SCORE]	= { .type = NLA_U32 },
	[HASHGUARD_TASK_A_THREADS]	= { .type = NLA_U32 },
	[HASHGUARD_TASK_A_SAMPLES]	= { .type = NLA_U64 },
	[HASHGUARD_TASK_A_FLAGGED_TIME]	= { .type = NLA_U64 },
	[HASHGUARD_TASK_A_FEATURES]	= { .type = NLA_NESTED },
	[HASHGUARD_TASK_A_EXE]		= { .type = NLA_STRING },
	[HASHGUARD_TASK_A_APPROVAL_ID]	= { .type = NLA_U32 },
	[HASHGUARD_TASK_A_APPROVAL_REF]	= { .type = NLA_STRING },
};

const struct nla_policy hgl_approval_policy[HASHGUARD_APPROVAL_A_MAX + 1] = {
	[HASHGUARD_APPROVAL_A_ID]		= { .type = NLA_U32 },
	[HASHGUARD_APPROVAL_A_TENANT_ID]	= { .type = NLA_U32 },
	[HASHGUARD_APPROVAL_A_TENANT_NAME]	= { .type = NLA_STRING },
	[HASHGUARD_APPROVAL_A_REF]		= { .type = NLA_STRING },
	[HASHGUARD_APPROVAL_A_EXE]		= { .type = NLA_STRING },
	[HASHGUARD_APPROVAL_A_NOT_BEFORE]	= { .type = NLA_U64 },
	[HASHGUARD_APPROVAL_A_EXPIRES]		= { .type = NLA_U64 },
	[HASHGUARD_APPROVAL_A_GRANTED_BY]	= { .type = NLA_U32 },
	[HASHGUARD_APPROVAL_A_GRANTED_TIME]	= { .type = NLA_U64 },
	[HASHGUARD_APPROVAL_A_STATE]		= { .type = NLA_U8 },
	[HASHGUARD_APPROVAL_A_END]		= { .type = NLA_U8 },
	[HASHGUARD_APPROVAL_A_COVERED]		= { .type = NLA_U32 },
};

const struct nla_policy hgl_caller_policy[HASHGUARD_CALLER_A_MAX + 1] = {
	[HASHGUARD_CALLER_A_UID]	= { .type = NLA_U32 },
	[HASHGUARD_CALLER_A_PID]	= { .type = NLA_U32 },
	[HASHGUARD_CALLER_A_COMM]	= { .type = NLA_STRING },
};

/* Requests: the names of the attributes, nests by type. */

#define HG_ATTR_SET(names_) { names_, HGL_ARRAY_SIZE(names_), NULL, 0 }

static const char *const hg_tenant_attr_names[] = {
	[HASHGUARD_TENANT_A_PAD]		= "pad",
	[HASHGUARD_TENANT_A_ID]			= "id",
	[HASHGUARD_TENANT_A_NAME]		= "name",
	[HASHGUARD_TENANT_A_CGROUP]		= "cgroup",
	[HASHGUARD_TENANT_A_CGROUP_ID]		= "cgroup_id",
	[HASHGUARD_TENANT_A_PROCESSES]		= "processes",
	[HASHGUARD_TENANT_A_FLAGGED]		= "flagged",
	[HASHGUARD_TENANT_A_CGROUP_GONE]	= "cgroup_gone",
};

static const char *const hg_task_attr_names[] = {
	[HASHGUARD_TASK_A_PAD]		= "pad",
	[HASHGUARD_TASK_A_TGID]		= "tgid",
	[HASHGUARD_TASK_A_PID]		= "pid",
	[HASHGUARD_TASK_A_COMM]		= "comm",
	[HASHGUARD_TASK_A_START_TIME]	= "start_time",
	[HASHGUARD_TASK_A_TENANT_ID]	= "tenant_id",
	[HASHGUARD_TASK_A_TENANT_NAME]	= "tenant_name",
	[HASHGUARD_TASK_A_STATE]	= "state",
	[HASHGUARD_TASK_A_SCORE]	= "score",
	[HASHGUARD_TASK_A_THREADS]	= "threads",
	[HASHGUARD_TASK_A_SAMPLES]	= "samples",
	[HASHGUARD_TASK_A_FLAGGED_TIME]	= "flagged_time",
	[HASHGUARD_TASK_A_FEATURES]	= "features",
	[HASHGUARD_TASK_A_EXE]		= "exe",
	[HASHGUARD_TASK_A_APPROVAL_ID]	= "approval_id",
	[HASHGUARD_TASK_A_APPROVAL_REF]	= "approval_ref",
};

static const char *const hg_approval_attr_names[] = {
	[HASHGUARD_APPROVAL_A_PAD]		= "pad",
	[HASHGUARD_APPROVAL_A_ID]		= "id",
	[HASHGUARD_APPROVAL_A_TENANT_ID]	= "tenant_id",
	[HASHGUARD_APPROVAL_A_TENANT_NAME]	= "tenant_name",
	[HASHGUARD_APPROVAL_A_REF]		= "ref",
	[HASHGUARD_APPROVAL_A_EXE]		= "exe",
	[HASHGUARD_APPROVAL_A_NOT_BEFORE]	= "not_before",
	[HASHGUARD_APPROVAL_A_EXPIRES]		= "expires",
	[HASHGUARD_APPROVAL_A_GRANTED_BY]	= "granted_by",
	[HASHGUARD_APPROVAL_A_GRANTED_TIME]	= "granted_time",
	[HASHGUARD_APPROVAL_A_STATE]		= "state",
	[HASHGUARD_APPROVAL_A_END]		= "end",
	[HASHGUARD_APPROVAL_A_COVERED]		= "covered",
	[HASHGUARD_APPROVAL_A_FLAGS]		= "flags",
};

static const char *const hg_action_attr_names[] = {
	[HASHGUARD_ACTION_A_PAD]	= "pad",
	[HASHGUARD_ACTION_A_TGID]	= "tgid",
	[HASHGUARD_ACTION_A_START_TIME]	= "start_time",
	[HASHGUARD_ACTION_A_KIND]	= "kind",
	[HASHGUARD_ACTION_A_OUTCOME]	= "outcome",
	[HASHGUARD_ACTION_A_REASON]	= "reason",
	[HASHGUARD_ACTION_A_DETAIL]	= "detail",
};

static const char *const hg_caller_attr_names[] = {
	[HASHGUARD_CALLER_A_UID]	= "uid",
	[HASHGUARD_CALLER_A_PID]	= "pid",
	[HASHGUARD_CALLER_A_COMM]	= "comm",
};

static const char *const hg_top_attr_names[] = {
	[HASHGUARD_A_PAD]		= "pad",
	[HASHGUARD_A_VERSION]		= "version",
	[HASHGUARD_A_UPTIME_NS]		= "uptime_ns",
	[HASHGUARD_A_LOAD_TIME]		= "load_time",
	[HASHGUARD_A_COUNTERS]		= "counters",
	[HASHGUARD_A_CONFIG]		= "config",
	[HASHGUARD_A_TENANT]		= "tenant",
	[HASHGUARD_A_TASK]		= "task",
	[HASHGUARD_A_EVENT]		= "event",
	[HASHGUARD_A_STATE_MASK]	= "state_mask",
	[HASHGUARD_A_APPROVAL]		= "approval",
	[HASHGUARD_A_ACTION]		= "action",
	[HASHGUARD_A_CALLER]		= "caller",
};

static const struct hgl_attr_set hg_set_counters = HG_ATTR_SET(hg_names_counter);
static const struct hgl_attr_set hg_set_config = HG_ATTR_SET(hg_names_config);
static const struct hgl_attr_set hg_set_tenant = HG_ATTR_SET(hg_tenant_attr_names);
static const struct hgl_attr_set hg_set_features = HG_ATTR_SET(hg_names_feature);
static const struct hgl_attr_set hg_set_approval = HG_ATTR_SET(hg_approval_attr_names);
static const struct hgl_attr_set hg_set_action = HG_ATTR_SET(hg_action_attr_names);
static const struct hgl_attr_set hg_set_caller = HG_ATTR_SET(hg_caller_attr_names);

static const struct hgl_attr_set *const hg_task_nests[] = {
	[HASHGUARD_TASK_A_FEATURES]	= &hg_set_features,
};

static const struct hgl_attr_set hg_set_task = {
	hg_task_attr_names, HGL_ARRAY_SIZE(hg_task_attr_names),
	hg_task_nests, HGL_ARRAY_SIZE(hg_task_nests),
};

static const struct hgl_attr_set *const hg_top_nests[] = {
	[HASHGUARD_A_COUNTERS]	= &hg_set_counters,
	[HASHGUARD_A_CONFIG]	= &hg_set_config,
	[HASHGUARD_A_TENANT]	= &hg_set_tenant,
	[HASHGUARD_A_TASK]	= &hg_set_task,
	[HASHGUARD_A_APPROVAL]	= &hg_set_approval,
	[HASHGUARD_A_ACTION]	= &hg_set_action,
	[HASHGUARD_A_CALLER]	= &hg_set_caller,
};

const struct hgl_attr_set hgl_attr_top = {
	hg_top_attr_names, HGL_ARRAY_SIZE(hg_top_attr_names),
	hg_top_nests, HGL_ARRAY_SIZE(hg_top_nests),
};

