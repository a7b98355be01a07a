// SPDX-License-Identifier: GPL-2.0
/*
 * hashguard's netlink layer, on libnl-genl-3.
 */

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "hgnl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct hg_nl {
	struct nl_sock *sk;
	int family;
	char err[512];
	char extack[512];	/* of the last failed request, "" if none */
	unsigned int groups;	/* HG_NL_GROUP_* joined */
};

/* A request in flight: what the callbacks fill in. */
struct hg_req {
	int err;		/* 1 while waiting, then 0 or -errno */
	char extack[512];
	const struct nlmsghdr *sent;	/* the request, to name attributes */
	int (*parse)(struct nlattr **tb, void *arg);
	void *arg;
	int parse_err;
	bool intr;		/* a message had NLM_F_DUMP_INTR */
};

static const char *const hg_counter_names[] = {
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

static const char *const hg_config_names[] = {
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

static const char *const hg_source_names[] = {
	[HASHGUARD_SOURCE_CPU_CLOCK]	= "cpu-clock",
	[HASHGUARD_SOURCE_CYCLES]	= "cycles",
};

static const char *const hg_state_names[] = {
	[HASHGUARD_STATE_NORMAL]	= "normal",
	[HASHGUARD_STATE_SUSPECT]	= "suspect",
	[HASHGUARD_STATE_FLAGGED]	= "flagged",
	[HASHGUARD_STATE_CLEARED]	= "cleared",
};

static const char *const hg_event_names[] = {
	[HASHGUARD_EVENT_FLAGGED]	= "flagged",
	[HASHGUARD_EVENT_CLEARED]	= "cleared",
	[HASHGUARD_EVENT_EXITED]	= "exited",
	[HASHGUARD_EVENT_COVERED]	= "covered",
	[HASHGUARD_EVENT_UNCOVERED]	= "uncovered",
};

static const char *const hg_action_names[] = {
	[HASHGUARD_ACTION_AUDIT]	= "audit",
	[HASHGUARD_ACTION_THROTTLE]	= "throttle",
	[HASHGUARD_ACTION_IDLE]		= "idle",
	[HASHGUARD_ACTION_FREEZE]	= "freeze",
	[HASHGUARD_ACTION_KILL]		= "kill",
	[HASHGUARD_ACTION_RESTORE]	= "restore",
};

static const char *const hg_outcome_names[] = {
	[HASHGUARD_OUTCOME_VERIFIED]	= "verified",
	[HASHGUARD_OUTCOME_FAILED]	= "failed",
};

static const char *const hg_approval_state_names[] = {
	[HASHGUARD_APPROVAL_PENDING]	= "pending",
	[HASHGUARD_APPROVAL_ACTIVE]	= "active",
};

static const char *const hg_approval_end_names[] = {
	[HASHGUARD_APPROVAL_END_REVOKED]	= "revoked",
	[HASHGUARD_APPROVAL_END_EXPIRED]	= "expired",
};

static const char *const hg_cmd_names[] = {
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

static const char *const hg_feature_names[] = {
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

#define HG_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *hg_name(const char *const *names, size_t n,
			   unsigned int i)
{
	return i < n ? names[i] : NULL;
}

static int hg_lookup(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (names[i] && !strcmp(names[i], name))
			return (int)i;
	return -EINVAL;
}

/**
 * hg_counter_name() - the stable name of a counter, for tables and JSON
 * @counter: an enum hashguard_counter value
 *
 * Return: the name, or NULL for a counter this tool does not know.
 */
const char *hg_counter_name(unsigned int counter)
{
	return hg_name(hg_counter_names, HG_ARRAY_SIZE(hg_counter_names),
		       counter);
}

/**
 * hg_config_name() - the key of a configuration attribute
 * @attr: an enum hashguard_config_attr value
 *
 * Return: e.g. "sample_hz", or NULL for an attribute this tool does not know.
 */
const char *hg_config_name(unsigned int attr)
{
	return hg_name(hg_config_names, HG_ARRAY_SIZE(hg_config_names), attr);
}

/**
 * hg_config_attr() - the configuration attribute of a key
 * @name: a key as hg_config_name() gives it
 *
 * Return: the enum hashguard_config_attr value, or -ENOENT.
 */
int hg_config_attr(const char *name)
{
	int i = hg_lookup(hg_config_names, HG_ARRAY_SIZE(hg_config_names),
			  name);

	return i < 0 ? -ENOENT : i;
}

/**
 * hg_config_field() - the field of struct hg_config for an attribute
 * @cfg: the configuration
 * @attr: an enum hashguard_config_attr value
 *
 * Return: the field, or NULL for an attribute this tool does not know.
 */
uint32_t *hg_config_field(struct hg_config *cfg, unsigned int attr)
{
	switch (attr) {
	case HASHGUARD_CONFIG_A_SAMPLE_HZ:
		return &cfg->sample_hz;
	case HASHGUARD_CONFIG_A_SAMPLE_SOURCE:
		return &cfg->sample_source;
	case HASHGUARD_CONFIG_A_WINDOW_MS:
		return &cfg->window_ms;
	case HASHGUARD_CONFIG_A_FLAG_THRESHOLD:
		return &cfg->flag_threshold;
	case HASHGUARD_CONFIG_A_CLEAR_THRESHOLD:
		return &cfg->clear_threshold;
	case HASHGUARD_CONFIG_A_FLAG_WINDOWS:
		return &cfg->flag_windows;
	case HASHGUARD_CONFIG_A_CLEAR_WINDOWS:
		return &cfg->clear_windows;
	case HASHGUARD_CONFIG_A_MIN_SAMPLES:
		return &cfg->min_samples;
	case HASHGUARD_CONFIG_A_MAX_TASKS:
		return &cfg->max_tasks;
	default:
		return NULL;
	}
}

/**
 * hg_source_name() - the name of a sampling source
 * @source: an enum hashguard_sample_source value
 *
 * Return: "cpu-clock" or "cycles", or NULL for a source this tool does
 * not know.
 */
const char *hg_source_name(unsigned int source)
{
	return hg_name(hg_source_names, HG_ARRAY_SIZE(hg_source_names),
		       source);
}

/**
 * hg_source_parse() - the sampling source of a name
 * @name: as hg_source_name() gives it
 *
 * Return: the enum hashguard_sample_source value, or -EINVAL.
 */
int hg_source_parse(const char *name)
{
	return hg_lookup(hg_source_names, HG_ARRAY_SIZE(hg_source_names), name);
}

/**
 * hg_state_name() - the name of a process state
 * @state: an enum hashguard_state value
 *
 * Return: "normal", "suspect", "flagged" or "cleared"; NULL if unknown.
 */
const char *hg_state_name(unsigned int state)
{
	return hg_name(hg_state_names, HG_ARRAY_SIZE(hg_state_names), state);
}

/**
 * hg_event_name() - the name of a detection event
 * @event: an enum hashguard_event value, or HG_NL_EVENTS_LOST
 *
 * Return: "flagged", "cleared", "exited", "covered", "uncovered" or
 * "lost"; NULL if unknown.
 */
const char *hg_event_name(int event)
{
	if (event == HG_NL_EVENTS_LOST)
		return "lost";
	if (event < 0)
		return NULL;
	return hg_name(hg_event_names, HG_ARRAY_SIZE(hg_event_names), event);
}

/**
 * hg_feature_name() - the name of a feature
 * @feature: an enum hashguard_feature value
 *
 * Return: e.g. "crypto", or NULL for a feature this tool does not know.
 */
const char *hg_feature_name(unsigned int feature)
{
	return hg_name(hg_feature_names, HG_ARRAY_SIZE(hg_feature_names),
		       feature);
}

/**
 * hg_action_name() - the name of an action a policy agent reports
 * @kind: an enum hashguard_action value
 *
 * Return: "audit", "throttle", "idle", "freeze", "kill" or "restore";
 * NULL if unknown.
 */
const char *hg_action_name(unsigned int kind)
{
	return hg_name(hg_action_names, HG_ARRAY_SIZE(hg_action_names), kind);
}

/**
 * hg_action_parse() - the action of a name
 * @name: as hg_action_name() gives it
 *
 * Return: the enum hashguard_action value, or -EINVAL.
 */
int hg_action_parse(const char *name)
{
	return hg_lookup(hg_action_names, HG_ARRAY_SIZE(hg_action_names), name);
}

/**
 * hg_outcome_name() - the name of an action's outcome
 * @outcome: an enum hashguard_outcome value
 *
 * Return: "verified" or "failed"; NULL if unknown.
 */
const char *hg_outcome_name(unsigned int outcome)
{
	return hg_name(hg_outcome_names, HG_ARRAY_SIZE(hg_outcome_names),
		       outcome);
}

/**
 * hg_outcome_parse() - the outcome of a name
 * @name: as hg_outcome_name() gives it
 *
 * Return: the enum hashguard_outcome value, or -EINVAL.
 */
int hg_outcome_parse(const char *name)
{
	return hg_lookup(hg_outcome_names, HG_ARRAY_SIZE(hg_outcome_names),
			 name);
}

/**
 * hg_approval_state_name() - the name of an approval's state
 * @state: an enum hashguard_approval_state value
 *
 * Return: "pending" or "active"; NULL if unknown.
 */
const char *hg_approval_state_name(unsigned int state)
{
	return hg_name(hg_approval_state_names,
		       HG_ARRAY_SIZE(hg_approval_state_names), state);
}

/**
 * hg_approval_end_name() - why an approval was removed, as a name
 * @end: an enum hashguard_approval_end value
 *
 * Return: "revoked" or "expired"; NULL if unknown (or 0: not removed).
 */
const char *hg_approval_end_name(unsigned int end)
{
	return hg_name(hg_approval_end_names,
		       HG_ARRAY_SIZE(hg_approval_end_names), end);
}

/**
 * hg_cmd_name() - the name of a command, as config notifications carry
 * @cmd: an enum hashguard_cmd value
 *
 * Return: e.g. "new_approval", "set_config"; NULL if unknown.
 */
const char *hg_cmd_name(unsigned int cmd)
{
	return hg_name(hg_cmd_names, HG_ARRAY_SIZE(hg_cmd_names), cmd);
}

/**
 * hg_approval_ref_valid() - whether the module would accept a reference
 * @ref: the reference of an approval
 *
 * Return: true for 1 to HASHGUARD_APPROVAL_REF_MAX - 1 bytes without
 * control characters (below 0x20, and 0x7f).
 */
bool hg_approval_ref_valid(const char *ref)
{
	size_t i;

	if (!ref || !*ref)
		return false;
	for (i = 0; ref[i]; i++) {
		unsigned char ch = (unsigned char)ref[i];

		if (i >= HASHGUARD_APPROVAL_REF_MAX - 1 || ch < 0x20 ||
		    ch == 0x7f)
			return false;
	}
	return true;
}

/**
 * hg_tenant_name_valid() - whether the module would accept a tenant name
 * @name: the name
 *
 * Return: true for 1 to HASHGUARD_TENANT_NAME_MAX - 1 characters of
 * [A-Za-z0-9_.-] not starting with '.' or '-'.
 */
bool hg_tenant_name_valid(const char *name)
{
	size_t i;

	if (!name || !*name || name[0] == '.' || name[0] == '-')
		return false;
	for (i = 0; name[i]; i++) {
		char ch = name[i];

		if (i >= HASHGUARD_TENANT_NAME_MAX - 1)
			return false;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' ||
		      ch == '-'))
			return false;
	}
	return true;
}

/* Attribute names, to say which attribute of a request the kernel refused. */
struct hg_attr_set {
	const char *const *names;	/* by type */
	size_t n;
	const struct hg_attr_set *const *nests;	/* by type: nested set */
	size_t nnests;
};

#define HG_ATTR_SET(names_) { names_, HG_ARRAY_SIZE(names_), NULL, 0 }

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

static const struct hg_attr_set hg_set_counters = HG_ATTR_SET(hg_counter_names);
static const struct hg_attr_set hg_set_config = HG_ATTR_SET(hg_config_names);
static const struct hg_attr_set hg_set_tenant = HG_ATTR_SET(hg_tenant_attr_names);
static const struct hg_attr_set hg_set_features = HG_ATTR_SET(hg_feature_names);
static const struct hg_attr_set hg_set_approval = HG_ATTR_SET(hg_approval_attr_names);
static const struct hg_attr_set hg_set_action = HG_ATTR_SET(hg_action_attr_names);
static const struct hg_attr_set hg_set_caller = HG_ATTR_SET(hg_caller_attr_names);

static const struct hg_attr_set *const hg_task_nests[] = {
	[HASHGUARD_TASK_A_FEATURES]	= &hg_set_features,
};

static const struct hg_attr_set hg_set_task = {
	hg_task_attr_names, HG_ARRAY_SIZE(hg_task_attr_names),
	hg_task_nests, HG_ARRAY_SIZE(hg_task_nests),
};

static const struct hg_attr_set *const hg_top_nests[] = {
	[HASHGUARD_A_COUNTERS]	= &hg_set_counters,
	[HASHGUARD_A_CONFIG]	= &hg_set_config,
	[HASHGUARD_A_TENANT]	= &hg_set_tenant,
	[HASHGUARD_A_TASK]	= &hg_set_task,
	[HASHGUARD_A_APPROVAL]	= &hg_set_approval,
	[HASHGUARD_A_ACTION]	= &hg_set_action,
	[HASHGUARD_A_CALLER]	= &hg_set_caller,
};

static const struct hg_attr_set hg_set_top = {
	hg_top_attr_names, HG_ARRAY_SIZE(hg_top_attr_names),
	hg_top_nests, HG_ARRAY_SIZE(hg_top_nests),
};

/* Append ".NAME" (or "NAME" at the start) of @type in @set to @buf. */
static void hg_path_add(char *buf, size_t len, const struct hg_attr_set *set,
			unsigned int type)
{
	const char *name = hg_name(set->names, set->n, type);
	size_t used = strlen(buf);

	if (used >= len - 1)
		return;
	if (name)
		snprintf(buf + used, len - used, "%s%s", used ? "." : "", name);
	else
		snprintf(buf + used, len - used, "%s%u", used ? "." : "", type);
}

/*
 * Find the attribute at @offs (from the start of the request) among the
 * attributes at @head (@rem bytes, @base bytes into the request), and
 * append its path to @buf: the innermost attribute that starts there or
 * holds it.  *@nest is set to the names inside that attribute when it
 * is a nest this tool knows.  Return: true if an attribute holds @offs.
 */
static bool hg_path_walk(const struct hg_attr_set *set,
			 const struct nlattr *head, int rem, size_t base,
			 uint32_t offs, char *buf, size_t len,
			 const struct hg_attr_set **nest)
{
	const struct nlattr *a = head;

	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		size_t start = base + (size_t)((const char *)a -
					       (const char *)head);
		unsigned int type = nla_type(a);
		const struct hg_attr_set *inner;

		if (offs < start || offs >= start + NLA_ALIGN(a->nla_len))
			continue;
		hg_path_add(buf, len, set, type);
		inner = type < set->nnests ? set->nests[type] : NULL;
		*nest = inner;
		if (offs < start + NLA_HDRLEN || !inner)
			return true;
		hg_path_walk(inner, nla_data(a), nla_len(a),
			     start + NLA_HDRLEN, offs, buf, len, nest);
		return true;
	}
	return false;
}

/* hg_nl_attr_path(), and the names inside the attribute found. */
static int hg_attr_find(const struct nlmsghdr *req, uint32_t offs, char *buf,
			size_t len, const struct hg_attr_set **nest)
{
	size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;

	*nest = NULL;
	if (!len)
		return 0;
	buf[0] = '\0';
	if (!req || req->nlmsg_len < hdr || offs < hdr ||
	    offs >= req->nlmsg_len)
		return 0;
	return hg_path_walk(&hg_set_top,
			    (const struct nlattr *)((const char *)req + hdr),
			    (int)(req->nlmsg_len - hdr), hdr, offs, buf, len,
			    nest);
}

/**
 * hg_nl_attr_path() - name the attribute at an offset in a request
 * @req: the request as sent: netlink header, genetlink header, attributes
 * @offs: the offset of the attribute from the start of @req, as the
 *	kernel reports it in NLMSGERR_ATTR_OFFS
 * @buf: the path, top-level and nested names joined by '.' as in
 *	"config.sample_hz"; a type this tool does not know is its number
 * @len: size of @buf
 *
 * Return: 1 if @offs falls on (or inside) an attribute, 0 if not.
 */
int hg_nl_attr_path(const struct nlmsghdr *req, uint32_t offs, char *buf,
		    size_t len)
{
	const struct hg_attr_set *nest;

	return hg_attr_find(req, offs, buf, len, &nest);
}

/* The extended-ack TLVs of an error or of the NLMSG_DONE of a dump. */
static bool hg_extack_tlvs(const struct nlmsghdr *nlh, struct nlattr **tb)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	/* A dump that failed ends with NLMSG_DONE: errno, then the TLVs. */
	if (nlh->nlmsg_type == NLMSG_DONE)
		off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len < off)
		return false;
	/* The request is echoed after the header unless it was capped. */
	if (nlh->nlmsg_type != NLMSG_DONE &&
	    !(nlh->nlmsg_flags & NLM_F_CAPPED) && e->error) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN ||
		    e->msg.nlmsg_len > nlh->nlmsg_len)
			return false;
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	if (nlh->nlmsg_len <= off)
		return false;
	return nla_parse(tb, NLMSGERR_ATTR_MAX,
			 (struct nlattr *)((char *)nlh + off),
			 nlh->nlmsg_len - off, NULL) >= 0;
}

/* Copy the NLMSGERR_ATTR_MSG text, without a final newline or period. */
static size_t hg_extack_text(struct nlattr *msg_attr, char *buf, size_t len)
{
	const char *msg = nla_data(msg_attr);
	size_t n = strnlen(msg, nla_len(msg_attr));

	if (n >= len)
		n = len - 1;
	memcpy(buf, msg, n);
	buf[n] = '\0';
	/* The kernel's messages do not end in a newline; be sure. */
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '.'))
		buf[--n] = '\0';
	return n;
}

/**
 * hg_nl_extack_msg() - the extended-ack message of an error
 * @nlh: the NLMSG_ERROR, or the NLMSG_DONE ending a dump, as received
 * @buf: where to copy the message
 * @len: size of @buf
 *
 * Return: 1 if the kernel sent a message (copied to @buf), 0 if not.
 */
int hg_nl_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!len || !hg_extack_tlvs(nlh, tb) || !tb[NLMSGERR_ATTR_MSG])
		return 0;
	return hg_extack_text(tb[NLMSGERR_ATTR_MSG], buf, len) > 0;
}

static bool hg_tlv_u32(struct nlattr *a, uint32_t *v)
{
	if (!a || nla_len(a) < (int)sizeof(uint32_t))
		return false;
	*v = nla_get_u32(a);
	return true;
}

/* Append " (attribute PATH)" or " (missing attribute PATH)" to @buf. */
static void hg_extack_attrs(struct nlattr **tb, const struct nlmsghdr *req,
			    char *buf, size_t len)
{
	const struct hg_attr_set *set = &hg_set_top, *nest;
	char path[128] = "";
	size_t used = strlen(buf);
	uint32_t off, type;

	if (used >= len - 1)
		return;
	if (hg_tlv_u32(tb[NLMSGERR_ATTR_OFFS], &off) &&
	    hg_attr_find(req, off, path, sizeof(path), &nest)) {
		snprintf(buf + used, len - used,
			 used ? " (attribute %s)" : "invalid attribute %s", path);
		return;
	}
	if (!hg_tlv_u32(tb[NLMSGERR_ATTR_MISS_TYPE], &type))
		return;
	/* Missing from a nest, or at the top level. */
	if (hg_tlv_u32(tb[NLMSGERR_ATTR_MISS_NEST], &off)) {
		if (!hg_attr_find(req, off, path, sizeof(path), &nest) || !nest)
			return;
		set = nest;
	}
	hg_path_add(path, sizeof(path), set, type);
	snprintf(buf + used, len - used,
		 used ? " (missing attribute %s)" : "missing attribute %s", path);
}

/**
 * hg_nl_extack() - the extended-ack message of an error, and what it is about
 * @nlh: the NLMSG_ERROR, or the NLMSG_DONE ending a dump, as received
 * @req: the request that was sent (to name attributes), or NULL
 * @buf: the message, followed by " (attribute PATH)" when the kernel gave
 *	the offset of the attribute it refused (NLMSGERR_ATTR_OFFS) or
 *	" (missing attribute PATH)" for a required one (see
 *	hg_nl_attr_path() for PATH)
 * @len: size of @buf
 *
 * Return: 1 if anything was written to @buf, 0 if not.
 */
int hg_nl_extack(const struct nlmsghdr *nlh, const struct nlmsghdr *req,
		 char *buf, size_t len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!len)
		return 0;
	buf[0] = '\0';
	if (!hg_extack_tlvs(nlh, tb))
		return 0;
	if (tb[NLMSGERR_ATTR_MSG])
		hg_extack_text(tb[NLMSGERR_ATTR_MSG], buf, len);
	if (req)
		hg_extack_attrs(tb, req, buf, len);
	return buf[0] != '\0';
}

/**
 * hg_nl_describe() - the message for a failed request
 * @err: negative errno
 * @extack: the kernel's extended-ack message, or NULL
 * @what: what was asked, e.g. "status"
 * @buf: where to write the message
 * @len: size of @buf
 */
void hg_nl_describe(int err, const char *extack, const char *what,
		    char *buf, size_t len)
{
	if (extack && *extack) {
		snprintf(buf, len, "%s: kernel reports: %s (%s)", what, extack,
			 strerror(-err));
		return;
	}
	switch (-err) {
	case ENOENT:
		snprintf(buf, len,
			 "the hashguard kernel module is not loaded (no generic netlink family \"%s\"); load it with insmod hashguard.ko",
			 HASHGUARD_GENL_NAME);
		break;
	case EPERM:
	case EACCES:
		snprintf(buf, len,
			 "%s: permission denied: hashguard needs CAP_NET_ADMIN (run as root)",
			 what);
		break;
	case EPROTONOSUPPORT:
		snprintf(buf, len,
			 "%s: this kernel has no generic netlink support",
			 what);
		break;
	default:
		snprintf(buf, len, "%s: %s", what, strerror(-err));
		break;
	}
}

/**
 * hg_nl_error() - message for the last failed call
 * @h: handle
 *
 * Return: the message, "" if nothing failed.
 */
const char *hg_nl_error(const struct hg_nl *h)
{
	return h ? h->err : "out of memory";
}

static int hg_fail(struct hg_nl *h, int err, const char *extack,
		   const char *what)
{
	snprintf(h->extack, sizeof(h->extack), "%s", extack ? extack : "");
	hg_nl_describe(err, extack, what, h->err, sizeof(h->err));
	return err;
}

/*
 * After a failed request: when the kernel gave no message of its own
 * and the error is @err, say @hint instead of the generic text (ENOENT
 * would otherwise read as "module not loaded").
 */
static int hg_hint(struct hg_nl *h, int ret, int err, const char *what,
		   const char *hint)
{
	if (ret == err && !h->extack[0])
		snprintf(h->err, sizeof(h->err), "%s: %s", what, hint);
	return ret;
}

/* A libnl error (a negative NLE_* code) that has no kernel errno. */
static int hg_fail_lib(struct hg_nl *h, int nlerr, const char *what)
{
	h->extack[0] = '\0';
	if (nlerr == -NLE_PERM || nlerr == -NLE_NOACCESS)
		return hg_fail(h, -EPERM, NULL, what);
	if (nlerr == -NLE_NOMEM)
		return hg_fail(h, -ENOMEM, NULL, what);
	snprintf(h->err, sizeof(h->err), "%s: %s", what, nl_geterror(nlerr));
	return -EIO;
}

/**
 * hg_nl_open() - connect to the hashguard family
 * @hp: the handle, also on failure (for hg_nl_error()) unless it is NULL
 *
 * Return: 0, -ENOENT when the module is not loaded, or another -errno.
 */
int hg_nl_open(struct hg_nl **hp)
{
	struct hg_nl *h;
	int one = 1;
	int ret;

	*hp = h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->sk = nl_socket_alloc();
	if (!h->sk)
		return hg_fail(h, -ENOMEM, NULL, "netlink socket");
	ret = genl_connect(h->sk);
	if (ret < 0)
		return hg_fail_lib(h, ret, "netlink socket");
	/* Ask for the kernel's messages with errors; older kernels ignore. */
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	h->family = genl_ctrl_resolve(h->sk, HASHGUARD_GENL_NAME);
	if (h->family == -NLE_OBJ_NOTFOUND)
		return hg_fail(h, -ENOENT, NULL, "resolving the family");
	if (h->family < 0)
		return hg_fail_lib(h, h->family, "resolving the family");
	return 0;
}

/**
 * hg_nl_close() - disconnect and free
 * @h: handle, may be NULL
 */
void hg_nl_close(struct hg_nl *h)
{
	if (!h)
		return;
	nl_socket_free(h->sk);
	free(h);
}

static int hg_cb_valid(struct nl_msg *msg, void *arg)
{
	struct hg_req *req = arg;
	struct nlattr *tb[HASHGUARD_A_MAX + 1];
	int ret;

	ret = genlmsg_parse(nlmsg_hdr(msg), 0, tb, HASHGUARD_A_MAX, NULL);
	if (ret < 0) {
		req->parse_err = -EPROTO;
		return NL_SKIP;
	}
	if (req->parse) {
		ret = req->parse(tb, req->arg);
		if (ret < 0 && !req->parse_err)
			req->parse_err = ret;
	}
	return NL_OK;
}

static int hg_cb_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct hg_req *req = arg;
	const struct nlmsghdr *nlh = (void *)((char *)e - NLMSG_HDRLEN);

	(void)nla;
	req->err = e->error;
	hg_nl_extack(nlh, req->sent, req->extack, sizeof(req->extack));
	return NL_STOP;
}

static int hg_cb_ack(struct nl_msg *msg, void *arg)
{
	struct hg_req *req = arg;

	(void)msg;
	req->err = 0;
	return NL_STOP;
}

/* NLMSG_DONE: the end of a dump, which carries the dump's errno. */
static int hg_cb_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct hg_req *req = arg;
	int err = 0;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	req->err = err < 0 ? err : 0;
	if (err < 0)
		hg_nl_extack(nlh, req->sent, req->extack, sizeof(req->extack));
	return NL_STOP;
}

static int hg_cb_dump_intr(struct nl_msg *msg, void *arg)
{
	struct hg_req *req = arg;

	(void)msg;
	req->intr = true;
	return NL_OK;
}

/*
 * Send a request built by the caller and wait for its replies and the
 * final ACK, error or (for a dump) NLMSG_DONE.  Consumes @msg.  @intr,
 * if not NULL, is set when a message of a dump had NLM_F_DUMP_INTR.
 */
static int hg_exchange(struct hg_nl *h, struct nl_msg *msg, const char *what,
		       int (*parse)(struct nlattr **tb, void *arg), void *arg,
		       bool *intr)
{
	struct hg_req req = { .err = 1, .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int ret;

	/* Kept until the answer: errors point into it (NLMSGERR_ATTR_OFFS). */
	req.sent = nlmsg_hdr(msg);
	h->extack[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return hg_fail(h, -ENOMEM, NULL, what);
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, hg_cb_valid, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, hg_cb_ack, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, hg_cb_finish, &req);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, hg_cb_dump_intr, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, hg_cb_error, &req);

	ret = nl_send_auto(h->sk, msg);
	while (ret >= 0 && req.err > 0) {
		ret = nl_recvmsgs(h->sk, cb);
		if (req.err <= 0)
			ret = 0;
	}
	nl_cb_put(cb);
	nlmsg_free(msg);
	if (ret < 0)
		return hg_fail_lib(h, ret, what);
	if (intr)
		*intr = req.intr;
	if (req.err < 0)
		return hg_fail(h, req.err, req.extack, what);
	if (req.parse_err < 0) {
		if (req.parse_err == -EPROTO) {
			snprintf(h->err, sizeof(h->err),
				 "%s: malformed reply from the kernel (is the module newer or older than this tool?)",
				 what);
			return -EPROTO;
		}
		return hg_fail(h, req.parse_err, NULL, what);
	}
	h->err[0] = '\0';
	return 0;
}

static int hg_transact(struct hg_nl *h, struct nl_msg *msg, const char *what,
		       int (*parse)(struct nlattr **tb, void *arg), void *arg)
{
	return hg_exchange(h, msg, what, parse, arg, NULL);
}

static struct nl_msg *hg_msg_flags(struct hg_nl *h, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
			 flags, cmd, HASHGUARD_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static struct nl_msg *hg_msg(struct hg_nl *h, uint8_t cmd)
{
	return hg_msg_flags(h, cmd, NLM_F_REQUEST | NLM_F_ACK);
}

static int hg_parse_status(struct nlattr **tb, void *arg)
{
	struct hg_status *st = arg;
	struct nlattr *a;
	int rem;

	if (!tb[HASHGUARD_A_VERSION] || !tb[HASHGUARD_A_UPTIME_NS])
		return -EPROTO;
	nla_strlcpy(st->version, tb[HASHGUARD_A_VERSION], sizeof(st->version));
	st->uptime_ns = nla_get_u64(tb[HASHGUARD_A_UPTIME_NS]);
	if (tb[HASHGUARD_A_LOAD_TIME])
		st->load_time = nla_get_u64(tb[HASHGUARD_A_LOAD_TIME]);
	if (!tb[HASHGUARD_A_COUNTERS])
		return 0;
	nla_for_each_nested(a, tb[HASHGUARD_A_COUNTERS], rem) {
		unsigned int type = nla_type(a);

		if (type <= HASHGUARD_COUNTER_PAD || type >= 64 ||
		    nla_len(a) != sizeof(uint64_t))
			continue;
		st->counters[type] = nla_get_u64(a);
		st->have |= 1ULL << type;
	}
	return 0;
}

/**
 * hg_nl_get_status() - HASHGUARD_CMD_GET_STATUS
 * @h: handle
 * @st: the status
 *
 * Return: 0 or -errno.
 */
int hg_nl_get_status(struct hg_nl *h, struct hg_status *st)
{
	struct nl_msg *msg = hg_msg(h, HASHGUARD_CMD_GET_STATUS);

	memset(st, 0, sizeof(*st));
	st->genl_version = HASHGUARD_GENL_VERSION;
	if (!msg)
		return hg_fail(h, -ENOMEM, NULL, "status");
	return hg_transact(h, msg, "status", hg_parse_status, st);
}

/**
 * hg_nl_send_attr() - send a command carrying one attribute, for tests
 * @h: handle
 * @cmd: command
 * @type: attribute type
 * @data: attribute payload
 * @len: payload length
 *
 * Conformance tests use it to check that the kernel rejects what it must;
 * replies are discarded.
 *
 * Return: 0 or -errno, with hg_nl_error() set.
 */
int hg_nl_send_attr(struct hg_nl *h, uint8_t cmd, uint16_t type,
		    const void *data, size_t len)
{
	struct nl_msg *msg = hg_msg(h, cmd);

	if (!msg)
		return hg_fail(h, -ENOMEM, NULL, "request");
	if (nla_put(msg, type, len, data) < 0) {
		nlmsg_free(msg);
		return hg_fail(h, -EMSGSIZE, NULL, "request");
	}
	return hg_transact(h, msg, "request", NULL, NULL);
}

/*
 * Replies: every parser takes what it knows and skips the rest, so that
 * a newer module's additional attributes do no harm.  A known attribute
 * of the wrong size is a malformed reply (-EPROTO).
 */

/**
 * hg_nl_parse_config() - HASHGUARD_A_CONFIG into a struct hg_config
 * @nest: the attribute
 * @cfg: the result; @cfg->have says which fields were present
 *
 * Return: 0 or -EPROTO.
 */
int hg_nl_parse_config(struct nlattr *nest, struct hg_config *cfg)
{
	struct nlattr *a;
	uint32_t *field;
	int rem;

	memset(cfg, 0, sizeof(*cfg));
	nla_for_each_nested(a, nest, rem) {
		unsigned int type = nla_type(a);

		field = hg_config_field(cfg, type);
		if (!field)
			continue;
		if (type == HASHGUARD_CONFIG_A_SAMPLE_SOURCE) {
			if (nla_len(a) < 1)
				return -EPROTO;
			*field = nla_get_u8(a);
		} else {
			if (nla_len(a) < (int)sizeof(uint32_t))
				return -EPROTO;
			*field = nla_get_u32(a);
		}
		cfg->have |= HG_CONFIG_BIT(type);
	}
	return 0;
}

static const struct nla_policy hg_tenant_policy[HASHGUARD_TENANT_A_MAX + 1] = {
	[HASHGUARD_TENANT_A_ID]		 = { .type = NLA_U32 },
	[HASHGUARD_TENANT_A_NAME]	 = { .type = NLA_STRING },
	[HASHGUARD_TENANT_A_CGROUP]	 = { .type = NLA_STRING },
	[HASHGUARD_TENANT_A_CGROUP_ID]	 = { .type = NLA_U64 },
	[HASHGUARD_TENANT_A_PROCESSES]	 = { .type = NLA_U32 },
	[HASHGUARD_TENANT_A_FLAGGED]	 = { .type = NLA_U32 },
	[HASHGUARD_TENANT_A_CGROUP_GONE] = { .type = NLA_FLAG },
};

/**
 * hg_nl_parse_tenant() - HASHGUARD_A_TENANT into a struct hg_tenant
 * @nest: the attribute
 * @t: the result
 *
 * Return: 0, or -EPROTO when ID or NAME is missing or an attribute is
 * malformed.
 */
int hg_nl_parse_tenant(struct nlattr *nest, struct hg_tenant *t)
{
	struct nlattr *tb[HASHGUARD_TENANT_A_MAX + 1];

	memset(t, 0, sizeof(*t));
	if (nla_parse_nested(tb, HASHGUARD_TENANT_A_MAX, nest,
			     hg_tenant_policy) < 0)
		return -EPROTO;
	if (!tb[HASHGUARD_TENANT_A_ID] || !tb[HASHGUARD_TENANT_A_NAME])
		return -EPROTO;
	t->id = nla_get_u32(tb[HASHGUARD_TENANT_A_ID]);
	nla_strlcpy(t->name, tb[HASHGUARD_TENANT_A_NAME], sizeof(t->name));
	if (tb[HASHGUARD_TENANT_A_CGROUP])
		nla_strlcpy(t->cgroup, tb[HASHGUARD_TENANT_A_CGROUP],
			    sizeof(t->cgroup));
	if (tb[HASHGUARD_TENANT_A_CGROUP_ID])
		t->cgroup_id = nla_get_u64(tb[HASHGUARD_TENANT_A_CGROUP_ID]);
	if (tb[HASHGUARD_TENANT_A_PROCESSES])
		t->processes = nla_get_u32(tb[HASHGUARD_TENANT_A_PROCESSES]);
	if (tb[HASHGUARD_TENANT_A_FLAGGED])
		t->flagged = nla_get_u32(tb[HASHGUARD_TENANT_A_FLAGGED]);
	t->cgroup_gone = !!tb[HASHGUARD_TENANT_A_CGROUP_GONE];
	return 0;
}

static const struct nla_policy hg_task_policy[HASHGUARD_TASK_A_MAX + 1] = {
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

/* Attribute @type of @tb, 0 when absent; bit @type of *@have when present. */
static uint32_t hg_get_u32(struct nlattr **tb, unsigned int type,
			   uint32_t *have)
{
	if (!tb[type])
		return 0;
	*have |= 1U << type;
	return nla_get_u32(tb[type]);
}

static uint32_t hg_get_u8(struct nlattr **tb, unsigned int type,
			  uint32_t *have)
{
	if (!tb[type])
		return 0;
	*have |= 1U << type;
	return nla_get_u8(tb[type]);
}

static void hg_get_str(struct nlattr **tb, unsigned int type, char *buf,
		       size_t len, uint32_t *have)
{
	if (!tb[type])
		return;
	nla_strlcpy(buf, tb[type], len);
	*have |= 1U << type;
}

static uint64_t hg_get_u64(struct nlattr **tb, unsigned int type,
			   uint32_t *have)
{
	if (!tb[type])
		return 0;
	*have |= 1U << type;
	return nla_get_u64(tb[type]);
}

/**
 * hg_task_release() - free what a struct hg_task holds (its @exe)
 * @t: the process; left with @exe NULL, safe to release again
 */
void hg_task_release(struct hg_task *t)
{
	free(t->exe);
	t->exe = NULL;
}

/**
 * hg_task_list_free() - free an array of hg_nl_task_list()
 * @tasks: the array, or NULL
 * @n: its length
 */
void hg_task_list_free(struct hg_task *tasks, size_t n)
{
	size_t i;

	for (i = 0; tasks && i < n; i++)
		hg_task_release(&tasks[i]);
	free(tasks);
}

/*
 * A string attribute into a new buffer, cut as nla_strlcpy() would cut it
 * into one of @max bytes; an empty one leaves *@out NULL.
 * Return: 0, or -ENOMEM.
 */
static int hg_get_strdup(struct nlattr **tb, unsigned int type, size_t max,
			 char **out, uint32_t *have)
{
	const char *s;
	size_t len;

	if (!tb[type])
		return 0;
	s = nla_data(tb[type]);
	len = strnlen(s, (size_t)nla_len(tb[type]));
	if (len >= max)
		len = max - 1;
	*have |= 1U << type;
	if (!len)
		return 0;
	*out = strndup(s, len);
	return *out ? 0 : -ENOMEM;
}

/**
 * hg_nl_parse_task() - HASHGUARD_A_TASK into a struct hg_task
 * @nest: the attribute
 * @t: the result, overwritten (release what it held first);
 *	@t->have and @t->features_have say what was present.  On success,
 *	hg_task_release() frees what it holds; on failure it holds nothing.
 *
 * Return: 0, -EPROTO when TGID is missing or an attribute is malformed,
 * or -ENOMEM.
 */
int hg_nl_parse_task(struct nlattr *nest, struct hg_task *t)
{
	struct nlattr *tb[HASHGUARD_TASK_A_MAX + 1];
	struct nlattr *a;
	int rem;

	memset(t, 0, sizeof(*t));
	if (nla_parse_nested(tb, HASHGUARD_TASK_A_MAX, nest,
			     hg_task_policy) < 0)
		return -EPROTO;
	if (!tb[HASHGUARD_TASK_A_TGID])
		return -EPROTO;
	t->tgid = hg_get_u32(tb, HASHGUARD_TASK_A_TGID, &t->have);
	t->pid = hg_get_u32(tb, HASHGUARD_TASK_A_PID, &t->have);
	t->tenant_id = hg_get_u32(tb, HASHGUARD_TASK_A_TENANT_ID, &t->have);
	t->score = hg_get_u32(tb, HASHGUARD_TASK_A_SCORE, &t->have);
	t->threads = hg_get_u32(tb, HASHGUARD_TASK_A_THREADS, &t->have);
	t->start_time = hg_get_u64(tb, HASHGUARD_TASK_A_START_TIME, &t->have);
	t->samples = hg_get_u64(tb, HASHGUARD_TASK_A_SAMPLES, &t->have);
	t->flagged_time = hg_get_u64(tb, HASHGUARD_TASK_A_FLAGGED_TIME,
				     &t->have);
	t->state = hg_get_u8(tb, HASHGUARD_TASK_A_STATE, &t->have);
	t->approval_id = hg_get_u32(tb, HASHGUARD_TASK_A_APPROVAL_ID, &t->have);
	hg_get_str(tb, HASHGUARD_TASK_A_COMM, t->comm, sizeof(t->comm),
		   &t->have);
	hg_get_str(tb, HASHGUARD_TASK_A_TENANT_NAME, t->tenant,
		   sizeof(t->tenant), &t->have);
	if (hg_get_strdup(tb, HASHGUARD_TASK_A_EXE, HASHGUARD_EXE_PATH_MAX,
			  &t->exe, &t->have))
		return -ENOMEM;
	hg_get_str(tb, HASHGUARD_TASK_A_APPROVAL_REF, t->approval_ref,
		   sizeof(t->approval_ref), &t->have);
	if (!tb[HASHGUARD_TASK_A_FEATURES])
		return 0;
	t->have |= HG_TASK_BIT(HASHGUARD_TASK_A_FEATURES);
	nla_for_each_nested(a, tb[HASHGUARD_TASK_A_FEATURES], rem) {
		unsigned int type = nla_type(a);

		if (type == HASHGUARD_FEATURE_UNSPEC || type >= HG_FEATURES_MAX)
			continue;
		if (nla_len(a) < (int)sizeof(uint32_t)) {
			hg_task_release(t);
			return -EPROTO;
		}
		t->features[type] = nla_get_u32(a);
		t->features_have |= 1U << type;
	}
	return 0;
}

static const struct nla_policy
hg_approval_policy[HASHGUARD_APPROVAL_A_MAX + 1] = {
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

/**
 * hg_nl_parse_approval() - HASHGUARD_A_APPROVAL into a struct hg_approval
 * @nest: the attribute
 * @a: the result; @a->have says what was present
 *
 * Return: 0, or -EPROTO when ID or REF is missing or an attribute is
 * malformed.
 */
int hg_nl_parse_approval(struct nlattr *nest, struct hg_approval *a)
{
	struct nlattr *tb[HASHGUARD_APPROVAL_A_MAX + 1];

	memset(a, 0, sizeof(*a));
	if (nla_parse_nested(tb, HASHGUARD_APPROVAL_A_MAX, nest,
			     hg_approval_policy) < 0)
		return -EPROTO;
	if (!tb[HASHGUARD_APPROVAL_A_ID] || !tb[HASHGUARD_APPROVAL_A_REF])
		return -EPROTO;
	a->id = hg_get_u32(tb, HASHGUARD_APPROVAL_A_ID, &a->have);
	a->tenant_id = hg_get_u32(tb, HASHGUARD_APPROVAL_A_TENANT_ID, &a->have);
	a->granted_by = hg_get_u32(tb, HASHGUARD_APPROVAL_A_GRANTED_BY,
				   &a->have);
	a->covered = hg_get_u32(tb, HASHGUARD_APPROVAL_A_COVERED, &a->have);
	a->not_before = hg_get_u64(tb, HASHGUARD_APPROVAL_A_NOT_BEFORE,
				   &a->have);
	a->expires = hg_get_u64(tb, HASHGUARD_APPROVAL_A_EXPIRES, &a->have);
	a->granted_time = hg_get_u64(tb, HASHGUARD_APPROVAL_A_GRANTED_TIME,
				     &a->have);
	a->state = hg_get_u8(tb, HASHGUARD_APPROVAL_A_STATE, &a->have);
	a->end = hg_get_u8(tb, HASHGUARD_APPROVAL_A_END, &a->have);
	hg_get_str(tb, HASHGUARD_APPROVAL_A_TENANT_NAME, a->tenant,
		   sizeof(a->tenant), &a->have);
	hg_get_str(tb, HASHGUARD_APPROVAL_A_REF, a->ref, sizeof(a->ref),
		   &a->have);
	hg_get_str(tb, HASHGUARD_APPROVAL_A_EXE, a->exe, sizeof(a->exe),
		   &a->have);
	return 0;
}

static const struct nla_policy hg_caller_policy[HASHGUARD_CALLER_A_MAX + 1] = {
	[HASHGUARD_CALLER_A_UID]	= { .type = NLA_U32 },
	[HASHGUARD_CALLER_A_PID]	= { .type = NLA_U32 },
	[HASHGUARD_CALLER_A_COMM]	= { .type = NLA_STRING },
};

/**
 * hg_nl_parse_caller() - HASHGUARD_A_CALLER into a struct hg_caller
 * @nest: the attribute
 * @c: the result, with @c->present set
 *
 * Return: 0 or -EPROTO.
 */
int hg_nl_parse_caller(struct nlattr *nest, struct hg_caller *c)
{
	struct nlattr *tb[HASHGUARD_CALLER_A_MAX + 1];
	uint32_t have = 0;

	memset(c, 0, sizeof(*c));
	if (nla_parse_nested(tb, HASHGUARD_CALLER_A_MAX, nest,
			     hg_caller_policy) < 0)
		return -EPROTO;
	c->present = true;
	c->uid = hg_get_u32(tb, HASHGUARD_CALLER_A_UID, &have);
	c->pid = hg_get_u32(tb, HASHGUARD_CALLER_A_PID, &have);
	hg_get_str(tb, HASHGUARD_CALLER_A_COMM, c->comm, sizeof(c->comm),
		   &have);
	return 0;
}

/* Configuration */

static int hg_parse_config_reply(struct nlattr **tb, void *arg)
{
	if (!tb[HASHGUARD_A_CONFIG])
		return -EPROTO;
	return hg_nl_parse_config(tb[HASHGUARD_A_CONFIG], arg);
}

/**
 * hg_nl_get_config() - HASHGUARD_CMD_GET_CONFIG
 * @h: handle
 * @cfg: the configuration
 *
 * Return: 0 or -errno, with hg_nl_error() set.
 */
int hg_nl_get_config(struct hg_nl *h, struct hg_config *cfg)
{
	struct nl_msg *msg = hg_msg(h, HASHGUARD_CMD_GET_CONFIG);

	memset(cfg, 0, sizeof(*cfg));
	if (!msg)
		return hg_fail(h, -ENOMEM, NULL, "config");
	return hg_transact(h, msg, "config", hg_parse_config_reply, cfg);
}

/**
 * hg_nl_set_config() - HASHGUARD_CMD_SET_CONFIG
 * @h: handle
 * @set: the values to change: only the fields in @set->have are sent
 * @now: the configuration after the change (the kernel's reply)
 *
 * The kernel checks ranges and consistency; a refused request changes
 * nothing, and hg_nl_error() gives the kernel's reason.
 *
 * Return: 0 or -errno.
 */
int hg_nl_set_config(struct hg_nl *h, const struct hg_config *set,
		     struct hg_config *now)
{
	struct hg_config copy = *set;
	struct nl_msg *msg = hg_msg(h, HASHGUARD_CMD_SET_CONFIG);
	struct nlattr *nest;
	unsigned int attr;
	int ret = 0;

	memset(now, 0, sizeof(*now));
	if (!msg)
		return hg_fail(h, -ENOMEM, NULL, "config set");
	nest = nla_nest_start(msg, HASHGUARD_A_CONFIG);
	if (!nest)
		ret = -EMSGSIZE;
	for (attr = 1; !ret && attr <= HASHGUARD_CONFIG_A_MAX; attr++) {
		uint32_t *field = hg_config_field(&copy, attr);

		if (!field || !(set->have & HG_CONFIG_BIT(attr)))
			continue;
		if (attr == HASHGUARD_CONFIG_A_SAMPLE_SOURCE) {
			if (*field > UINT8_MAX) {
				nlmsg_free(msg);
				return hg_fail(h, -EINVAL, NULL, "config set");
			}
			ret = nla_put_u8(msg, attr, (uint8_t)*field);
		} else {
			ret = nla_put_u32(msg, attr, *field);
		}
	}
	if (ret) {
		nlmsg_free(msg);
		return hg_fail(h, -EMSGSIZE, NULL, "config set");
	}
	nla_nest_end(msg, nest);
	return hg_transact(h, msg, "config set", hg_parse_config_reply, now);
}

/* Tenants */

static int hg_parse_tenant_reply(struct nlattr **tb, void *arg)
{
	if (!tb[HASHGUARD_A_TENANT])
		return -EPROTO;
	return hg_nl_parse_tenant(tb[HASHGUARD_A_TENANT], arg);
}

/* Put HASHGUARD_A_TENANT with NAME (and CGROUP unless NULL). */
static int hg_put_tenant(struct nl_msg *msg, const char *name,
			 const char *cgroup)
{
	struct nlattr *nest = nla_nest_start(msg, HASHGUARD_A_TENANT);

	if (!nest || nla_put_string(msg, HASHGUARD_TENANT_A_NAME, name) ||
	    (cgroup && nla_put_string(msg, HASHGUARD_TENANT_A_CGROUP, cgroup)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int hg_bad_name(struct hg_nl *h, const char *what, const char *name)
{
	h->extack[0] = '\0';
	snprintf(h->err, sizeof(h->err),
		 "%s: invalid tenant name '%.64s': use 1 to %d characters of A-Z a-z 0-9 _ . -, not starting with '.' or '-'",
		 what, name ? name : "", HASHGUARD_TENANT_NAME_MAX - 1);
	return -EINVAL;
}

/**
 * hg_nl_tenant_add() - HASHGUARD_CMD_NEW_TENANT
 * @h: handle
 * @name: tenant name (see hg_tenant_name_valid())
 * @cgroup: the cgroup's path relative to the cgroup v2 root, e.g.
 *	"/tenants/acme"
 * @out: the new tenant as the kernel describes it; may be NULL
 *
 * Return: 0 or -errno: -EEXIST (name or cgroup already registered),
 * -ENOENT (no such cgroup), -ENOSPC (too many tenants), ...
 */
int hg_nl_tenant_add(struct hg_nl *h, const char *name, const char *cgroup,
		     struct hg_tenant *out)
{
	static const char what[] = "tenant add";
	struct hg_tenant dummy;
	struct nl_msg *msg;
	int ret;

	if (!out)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	if (!hg_tenant_name_valid(name))
		return hg_bad_name(h, what, name);
	if (!cgroup || cgroup[0] != '/' ||
	    strlen(cgroup) >= HASHGUARD_CGROUP_PATH_MAX) {
		h->extack[0] = '\0';
		snprintf(h->err, sizeof(h->err),
			 "%s: the cgroup must be a path from the cgroup v2 root, starting with '/', shorter than %d bytes",
			 what, HASHGUARD_CGROUP_PATH_MAX);
		return -EINVAL;
	}
	msg = hg_msg(h, HASHGUARD_CMD_NEW_TENANT);
	if (!msg)
		return hg_fail(h, -ENOMEM, NULL, what);
	if (hg_put_tenant(msg, name, cgroup)) {
		nlmsg_free(msg);
		return hg_fail(h, -EMSGSIZE, NULL, what);
	}
	ret = hg_transact(h, msg, what, hg_parse_tenant_reply, out);
	hg_hint(h, ret, -EEXIST, what,
		"a tenant with this name or this cgroup already exists");
	hg_hint(h, ret, -ENOENT, what, "no such cgroup");
	hg_hint(h, ret, -ENOSPC, what, "too many tenants");
	return ret;
}

/**
 * hg_nl_tenant_del() - HASHGUARD_CMD_DEL_TENANT
 * @h: handle
 * @name: tenant name
 *
 * Return: 0 or -errno (-ENOENT: no such tenant, -EBUSY: it holds
 * approvals).
 */
int hg_nl_tenant_del(struct hg_nl *h, const char *name)
{
	static const char what[] = "tenant del";
	struct nl_msg *msg;
	int ret;

	if (!hg_tenant_name_valid(name))
		return hg_bad_name(h, what, name);
	msg = hg_msg(h, HASHGUARD_CMD_DEL_TENANT);
	if (!msg)
		return hg_fail(h, -ENOMEM, NULL, what);
	if (hg_put_tenant(msg, name, NULL)) {
		nlmsg_free(msg);
		return hg_fail(h, -EMSGSIZE, NULL, what);
	}
	ret = hg_transact(h, msg, what, NULL, NULL);
	hg_hint(h, ret, -EBUSY, what,
		"the tenant holds approvals: revoke them first");
	return hg_hint(h, ret, -ENOENT, what, "no such tenant");
}

/* A growing array of dump results. */
struct hg_vec {
	void *items;
	size_t n, cap, size;
	int (*parse)(struct nlattr *nest, void *item);
	void (*release)(void *item);	/* what an item holds, or NULL */
	unsigned int attr;
};

/* Forget the items, freeing what they hold; keep the array. */
static void hg_vec_clear(struct hg_vec *v)
{
	size_t i;

	for (i = 0; v->release && i < v->n; i++)
		v->release((char *)v->items + i * v->size);
	v->n = 0;
}

static int hg_vec_add(struct nlattr **tb, void *arg)
{
	struct hg_vec *v = arg;
	void *item;

	if (!tb[v->attr])
		return -EPROTO;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *p = realloc(v->items, cap * v->size);

		if (!p)
			return -ENOMEM;
		v->items = p;
		v->cap = cap;
	}
	item = (char *)v->items + v->n * v->size;
	if (v->parse(tb[v->attr], item) < 0)
		return -EPROTO;
	v->n++;
	return 0;
}

/**
 * hg_nl_dump_retry() - run a dump again while it raced with changes
 * @once: one attempt; sets its *intr when a message had NLM_F_DUMP_INTR
 * @arg: passed to @once
 * @what: what is listed, for the message
 * @err: the message when every attempt was interrupted
 * @errlen: size of @err
 *
 * The kernel marks a dump that raced with changes (NLM_F_DUMP_INTR): its
 * content may be inconsistent, so it is read again, up to HG_DUMP_RETRIES
 * more times.
 *
 * Return: 0 (the last attempt was not interrupted), what @once returned
 * when it failed, or -EAGAIN when every attempt was interrupted.
 */
int hg_nl_dump_retry(hg_nl_dump_fn once, void *arg, const char *what,
		     char *err, size_t errlen)
{
	unsigned int try;
	bool intr;
	int ret;

	for (try = 0; try <= HG_DUMP_RETRIES; try++) {
		intr = false;
		ret = once(arg, &intr);
		if (ret)
			return ret;
		if (!intr)
			return 0;
	}
	snprintf(err, errlen,
		 "%s: the list kept changing while it was read (interrupted %u times); try again",
		 what, HG_DUMP_RETRIES + 1);
	return -EAGAIN;
}

/* One dump request: what hg_dump_once() sends and where results go. */
struct hg_dump {
	struct hg_nl *h;
	uint8_t cmd;
	const char *what;
	int (*put)(struct nl_msg *msg, const void *arg);
	const void *put_arg;
	struct hg_vec *v;
};

static int hg_dump_once(void *arg, bool *intr)
{
	struct hg_dump *d = arg;
	struct nl_msg *msg = hg_msg_flags(d->h, d->cmd,
					  NLM_F_REQUEST | NLM_F_DUMP);

	hg_vec_clear(d->v);
	if (!msg)
		return hg_fail(d->h, -ENOMEM, NULL, d->what);
	if (d->put && d->put(msg, d->put_arg)) {
		nlmsg_free(msg);
		return hg_fail(d->h, -EMSGSIZE, NULL, d->what);
	}
	return hg_exchange(d->h, msg, d->what, hg_vec_add, d->v, intr);
}

/*
 * Run a dump, again while the kernel says it raced with changes
 * (NLM_F_DUMP_INTR).  @put adds the request's attributes.
 */
static int hg_dump(struct hg_nl *h, uint8_t cmd, const char *what,
		   int (*put)(struct nl_msg *msg, const void *arg),
		   const void *put_arg, struct hg_vec *v)
{
	struct hg_dump d = {
		.h = h, .cmd = cmd, .what = what, .put = put,
		.put_arg = put_arg, .v = v,
	};
	int ret;

	/* A successful attempt leaves h->extack empty, as the hints expect. */
	ret = hg_nl_dump_retry(hg_dump_once, &d, what, h->err,
			       sizeof(h->err));
	if (ret)
		hg_vec_clear(v);
	return ret;
}

static int hg_parse_tenant_item(struct nlattr *nest, void *item)
{
	return hg_nl_parse_tenant(nest, item);
}

/**
 * hg_nl_tenant_list() - every tenant (HASHGUARD_CMD_GET_TENANT dump)
 * @h: handle
 * @tenants: set to a malloc()ed array (free() it), NULL when empty
 * @n: set to the number of tenants
 *
 * Return: 0 or -errno.
 */
int hg_nl_tenant_list(struct hg_nl *h, struct hg_tenant **tenants, size_t *n)
{
	struct hg_vec v = {
		.size = sizeof(struct hg_tenant),
		.parse = hg_parse_tenant_item,
		.attr = HASHGUARD_A_TENANT,
	};
	int ret;

	*tenants = NULL;
	*n = 0;
	ret = hg_dump(h, HASHGUARD_CMD_GET_TENANT, "tenant list", NULL, NULL,
		      &v);
	if (ret || !v.n) {
		free(v.items);
		return ret;
	}
	*tenants = v.items;
	*n = v.n;
	return 0;
}

/* Tasks */

struct hg_task_filter {
	const char *tenant;
	uint32_t state_mask;
};

static int hg_put_task_filter(struct nl_msg *msg, const void *arg)
{
	const struct hg_task_filter *f = arg;

	if (f->tenant && hg_put_tenant(msg, f->tenant, NULL))
		return -EMSGSIZE;
	if (f->state_mask &&
	    nla_put_u32(msg, HASHGUARD_A_STATE_MASK, f->state_mask))
		return -EMSGSIZE;
	return 0;
}

static int hg_parse_task_item(struct nlattr *nest, void *item)
{
	return hg_nl_parse_task(nest, item);
}

static void hg_release_task_item(void *item)
{
	hg_task_release(item);
}

/**
 * hg_nl_task_list() - tracked processes (HASHGUARD_CMD_GET_TASK dump)
 * @h: handle
 * @tenant: only this tenant's processes (by name), or NULL for all
 * @state_mask: bit n selects enum hashguard_state n; 0 for all
 * @tasks: set to a malloc()ed array (hg_task_list_free() it), NULL when
 *	empty
 * @n: set to the number of processes
 *
 * A dump that raced with processes coming and going is read again, up
 * to HG_DUMP_RETRIES more times; then the call fails with -EAGAIN.
 *
 * Return: 0 or -errno.
 */
int hg_nl_task_list(struct hg_nl *h, const char *tenant, uint32_t state_mask,
		    struct hg_task **tasks, size_t *n)
{
	struct hg_task_filter f = { .tenant = tenant, .state_mask = state_mask };
	struct hg_vec v = {
		.size = sizeof(struct hg_task),
		.parse = hg_parse_task_item,
		.release = hg_release_task_item,
		.attr = HASHGUARD_A_TASK,
	};
	int ret;

	*tasks = NULL;
	*n = 0;
	if (tenant && !hg_tenant_name_valid(tenant))
		return hg_bad_name(h, "tasks", tenant);
	ret = hg_dump(h, HASHGUARD_CMD_GET_TASK, "tasks", hg_put_task_filter,
		      &f, &v);
	if (tenant)
		hg_hint(h, ret, -ENOENT, "tasks", "no such tenant");
	if (ret || !v.n) {
		free(v.items);
		return ret;
	}
	*tasks = v.items;
	*n = v.n;
	return 0;
}

static int hg_parse_task_reply(struct nlattr **tb, void *arg)
{
	if (!tb[HASHGUARD_A_TASK])
		return -EPROTO;
	return hg_nl_parse_task(tb[HASHGUARD_A_TASK], arg);
}

/**
 * hg_nl_task_get() - one tracked process (HASHGUARD_CMD_GET_TASK doit)
 * @h: handle
 * @tgid: its process id
 * @start_time: its start time (struct hg_task @start_time), to be sure
 *	of the process; 0 for whichever process has @tgid
 * @t: the process
 *
 * Return: 0 or -errno (-ENOENT: not tracked).
 */
int hg_nl_task_get(struct hg_nl *h, uint32_t tgid, uint64_t start_time,
		   struct hg_task *t)
{
	static const char what[] = "task";
	struct nl_msg *msg = hg_msg(h, HASHGUARD_CMD_GET_TASK);
	struct nlattr *nest;
	char hint[64];
	int ret;

	memset(t, 0, sizeof(*t));
	if (!msg)
		return hg_fail(h, -ENOMEM, NULL, what);
	nest = nla_nest_start(msg, HASHGUARD_A_TASK);
	if (!nest || nla_put_u32(msg, HASHGUARD_TASK_A_TGID, tgid) ||
	    (start_time && nla_put_u64(msg, HASHGUARD_TASK_A_START_TIME,
				       start_time))) {
		nlmsg_free(msg);
		return hg_fail(h, -EMSGSIZE, NULL, what);
	}
	nla_nest_end(msg, nest);
	ret = hg_transact(h, msg, what, hg_parse_task_reply, t);
	if (ret)
		hg_task_release(t);
	snprintf(hint, sizeof(hint), "process %" PRIu32 " is not tracked",
		 tgid);
	return hg_hint(h, ret, -ENOENT, what, hint);
}

/* Approvals */

static int hg_parse_approval_reply(struct nlattr **tb, void *arg)
{
	if (!tb[HASHGUARD_A_APPROVAL])
		return -EPROTO;
	return hg_nl_parse_approval(tb[HASHGUARD_A_APPROVAL], arg);
}

static int hg_parse_approval_item(struct nlattr *nest, void *item)
{
	return hg_nl_parse_approval(nest, item);
}

static int hg_bad_ref(struct hg_nl *h, const char *what, const char *ref)
{
	h->extack[0] = '\0';
	snprintf(h->err, sizeof(h->err),
		 "%s: invalid approval reference '%.64s': use 1 to %d bytes without control characters",
		 what, ref ? ref : "", HASHGUARD_APPROVAL_REF_MAX - 1);
	return -EINVAL;
}

/*
 * A request naming an approval, in *@msgp: HASHGUARD_A_TENANT with NAME,
 * and HASHGUARD_A_APPROVAL with REF and, from @req when not NULL, EXE,
 * NOT_BEFORE and EXPIRES.  Return: 0 or -errno (reported).
 */
static int hg_approval_msg(struct hg_nl *h, uint8_t cmd, int flags,
			   const char *what, const char *tenant,
			   const char *ref, const struct hg_approval *req,
			   uint32_t aflags, struct nl_msg **msgp)
{
	struct nl_msg *msg;
	struct nlattr *nest;

	*msgp = NULL;
	if (!hg_tenant_name_valid(tenant))
		return hg_bad_name(h, what, tenant);
	if (!hg_approval_ref_valid(ref))
		return hg_bad_ref(h, what, ref);
	msg = hg_msg_flags(h, cmd, flags);
	if (!msg)
		return hg_fail(h, -ENOMEM, NULL, what);
	if (hg_put_tenant(msg, tenant, NULL))
		goto too_big;
	nest = nla_nest_start(msg, HASHGUARD_A_APPROVAL);
	if (!nest || nla_put_string(msg, HASHGUARD_APPROVAL_A_REF, ref))
		goto too_big;
	if (req && req->exe[0] &&
	    nla_put_string(msg, HASHGUARD_APPROVAL_A_EXE, req->exe))
		goto too_big;
	if (req && req->not_before &&
	    nla_put_u64(msg, HASHGUARD_APPROVAL_A_NOT_BEFORE, req->not_before))
		goto too_big;
	if (req && req->expires &&
	    nla_put_u64(msg, HASHGUARD_APPROVAL_A_EXPIRES, req->expires))
		goto too_big;
	if (aflags && nla_put_u32(msg, HASHGUARD_APPROVAL_A_FLAGS, aflags))
		goto too_big;
	nla_nest_end(msg, nest);
	*msgp = msg;
	return 0;
too_big:
	nlmsg_free(msg);
	return hg_fail(h, -EMSGSIZE, NULL, what);
}

/**
 * hg_nl_approval_set() - HASHGUARD_CMD_NEW_APPROVAL: grant or replace
 * @h: handle
 * @tenant: the tenant's name
 * @req: the approval: @req->ref, and @req->exe ("" for the whole
 *	tenant), @req->not_before (0: from now), @req->expires (0: never)
 * @excl: fail with -EEXIST rather than replace an approval with the same
 *	reference (HASHGUARD_APPROVAL_F_EXCL)
 * @out: the approval as the kernel describes it; may be NULL
 *
 * Return: 0 or -errno: -ENOENT (no such tenant), -EEXIST (@excl and the
 * reference exists), -EINVAL (host tenant, bad path or times), -ENOSPC.
 */
int hg_nl_approval_set(struct hg_nl *h, const char *tenant,
		       const struct hg_approval *req, bool excl,
		       struct hg_approval *out)
{
	static const char what[] = "approve";
	struct hg_approval dummy;
	struct nl_msg *msg;
	int ret;

	if (!out)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	if (req->exe[0] && (req->exe[0] != '/' ||
			    strnlen(req->exe, sizeof(req->exe)) >=
			    HASHGUARD_EXE_PATH_MAX)) {
		h->extack[0] = '\0';
		snprintf(h->err, sizeof(h->err),
			 "%s: the executable must be an absolute path shorter than %d bytes",
			 what, HASHGUARD_EXE_PATH_MAX);
		return -EINVAL;
	}
	ret = hg_approval_msg(h, HASHGUARD_CMD_NEW_APPROVAL,
			      NLM_F_REQUEST | NLM_F_ACK, what, tenant, req->ref,
			      req, excl ? HASHGUARD_APPROVAL_F_EXCL : 0, &msg);
	if (ret)
		return ret;
	ret = hg_transact(h, msg, what, hg_parse_approval_reply, out);
	hg_hint(h, ret, -EEXIST, what,
		"an approval with this reference already exists in this tenant");
	hg_hint(h, ret, -ENOENT, what, "no such tenant");
	hg_hint(h, ret, -ENOSPC, what, "too many approvals");
	return ret;
}

/**
 * hg_nl_approval_del() - HASHGUARD_CMD_DEL_APPROVAL: revoke
 * @h: handle
 * @tenant: the tenant's name
 * @ref: the approval's reference
 * @out: the approval removed (@out->end: revoked); may be NULL
 *
 * Return: 0 or -errno (-ENOENT: no such tenant or approval).
 */
int hg_nl_approval_del(struct hg_nl *h, const char *tenant, const char *ref,
		       struct hg_approval *out)
{
	static const char what[] = "revoke";
	struct hg_approval dummy;
	struct nl_msg *msg;
	int ret;

	if (!out)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	ret = hg_approval_msg(h, HASHGUARD_CMD_DEL_APPROVAL,
			      NLM_F_REQUEST | NLM_F_ACK, what, tenant, ref,
			      NULL, 0, &msg);
	if (ret)
		return ret;
	ret = hg_transact(h, msg, what, hg_parse_approval_reply, out);
	return hg_hint(h, ret, -ENOENT, what, "no such tenant or approval");
}

/**
 * hg_nl_approval_get() - HASHGUARD_CMD_GET_APPROVAL: one approval
 * @h: handle
 * @tenant: the tenant's name
 * @ref: the approval's reference
 * @out: the approval
 *
 * Return: 0 or -errno (-ENOENT: no such tenant or approval).
 */
int hg_nl_approval_get(struct hg_nl *h, const char *tenant, const char *ref,
		       struct hg_approval *out)
{
	static const char what[] = "approval";
	struct nl_msg *msg;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = hg_approval_msg(h, HASHGUARD_CMD_GET_APPROVAL,
			      NLM_F_REQUEST | NLM_F_ACK, what, tenant, ref,
			      NULL, 0, &msg);
	if (ret)
		return ret;
	ret = hg_transact(h, msg, what, hg_parse_approval_reply, out);
	return hg_hint(h, ret, -ENOENT, what, "no such tenant or approval");
}

static int hg_put_tenant_filter(struct nl_msg *msg, const void *arg)
{
	return arg ? hg_put_tenant(msg, arg, NULL) : 0;
}

/**
 * hg_nl_approval_list() - approvals (HASHGUARD_CMD_GET_APPROVAL dump)
 * @h: handle
 * @tenant: only this tenant's approvals (by name), or NULL for all
 * @approvals: set to a malloc()ed array (free() it), NULL when empty
 * @n: set to the number of approvals
 *
 * Retried as hg_nl_task_list() is when the dump races with changes.
 *
 * Return: 0 or -errno.
 */
int hg_nl_approval_list(struct hg_nl *h, const char *tenant,
			struct hg_approval **approvals, size_t *n)
{
	static const char what[] = "approvals";
	struct hg_vec v = {
		.size = sizeof(struct hg_approval),
		.parse = hg_parse_approval_item,
		.attr = HASHGUARD_A_APPROVAL,
	};
	int ret;

	*approvals = NULL;
	*n = 0;
	if (tenant && !hg_tenant_name_valid(tenant))
		return hg_bad_name(h, what, tenant);
	ret = hg_dump(h, HASHGUARD_CMD_GET_APPROVAL, what,
		      hg_put_tenant_filter, tenant, &v);
	if (tenant)
		hg_hint(h, ret, -ENOENT, what, "no such tenant");
	if (ret || !v.n) {
		free(v.items);
		return ret;
	}
	*approvals = v.items;
	*n = v.n;
	return 0;
}

/* Actions */

/* Put a text of an action, refusing one the kernel would refuse. */
static int hg_put_action_text(struct nl_msg *msg, unsigned int type,
			      const char *text)
{
	if (!text)
		return 0;
	if (strnlen(text, HASHGUARD_ACTION_TEXT_MAX) >= HASHGUARD_ACTION_TEXT_MAX)
		return -EINVAL;
	return nla_put_string(msg, type, text) ? -EMSGSIZE : 0;
}

/**
 * hg_nl_action_report() - HASHGUARD_CMD_ACTION: report an action taken
 * @h: handle
 * @act: the action; @act->reason and @act->detail, when not NULL, must be
 *	shorter than HASHGUARD_ACTION_TEXT_MAX bytes
 *
 * The module writes it to the audit trail with the caller's identity.
 *
 * Return: 0 or -errno.
 */
int hg_nl_action_report(struct hg_nl *h, const struct hg_action *act)
{
	static const char what[] = "action";
	struct nl_msg *msg;
	struct nlattr *nest;
	int ret = -EMSGSIZE;

	if (act->kind > UINT8_MAX || act->outcome > UINT8_MAX)
		return hg_fail(h, -EINVAL, NULL, what);
	msg = hg_msg(h, HASHGUARD_CMD_ACTION);
	if (!msg)
		return hg_fail(h, -ENOMEM, NULL, what);
	nest = nla_nest_start(msg, HASHGUARD_A_ACTION);
	if (!nest || nla_put_u32(msg, HASHGUARD_ACTION_A_TGID, act->tgid) ||
	    (act->start_time &&
	     nla_put_u64(msg, HASHGUARD_ACTION_A_START_TIME, act->start_time)) ||
	    nla_put_u8(msg, HASHGUARD_ACTION_A_KIND, (uint8_t)act->kind) ||
	    nla_put_u8(msg, HASHGUARD_ACTION_A_OUTCOME, (uint8_t)act->outcome))
		goto fail;
	ret = hg_put_action_text(msg, HASHGUARD_ACTION_A_REASON, act->reason);
	if (!ret)
		ret = hg_put_action_text(msg, HASHGUARD_ACTION_A_DETAIL,
					 act->detail);
	if (ret)
		goto fail;
	nla_nest_end(msg, nest);
	return hg_transact(h, msg, what, NULL, NULL);
fail:
	nlmsg_free(msg);
	if (ret == -EINVAL) {
		h->extack[0] = '\0';
		snprintf(h->err, sizeof(h->err),
			 "%s: reason and detail must be shorter than %d bytes",
			 what, HASHGUARD_ACTION_TEXT_MAX);
		return ret;
	}
	return hg_fail(h, -EMSGSIZE, NULL, what);
}

/* Notifications */

/**
 * hg_nl_monitor_open() - a handle that receives notifications
 * @hp: the handle, also on failure (for hg_nl_error()) unless it is NULL
 * @groups: HG_NL_GROUP_DETECT, HG_NL_GROUP_CONFIG or both
 *
 * hg_nl_open() and hg_nl_monitor_subscribe() in one.  The handle is for
 * notifications only: use another one for requests.
 *
 * Return: 0 or -errno.
 */
int hg_nl_monitor_open(struct hg_nl **hp, unsigned int groups)
{
	int ret = hg_nl_open(hp);

	if (ret)
		return ret;
	return hg_nl_monitor_subscribe(*hp, groups);
}

static const char *const hg_group_names[] = {
	HASHGUARD_MCGRP_DETECT,
	HASHGUARD_MCGRP_CONFIG,
};

/**
 * hg_nl_monitor_subscribe() - join multicast groups
 * @h: handle from hg_nl_open(), used for notifications from now on
 * @groups: HG_NL_GROUP_DETECT ("detect"), HG_NL_GROUP_CONFIG ("config")
 *	or both
 *
 * The groups are looked up by name.  When both are asked for and the
 * loaded module has only one (an older module has no "config"), that
 * one is joined: hg_nl_monitor_groups() tells.  The socket is made
 * non-blocking and its sequence checks are turned off, as notifications
 * answer no request.
 *
 * Return: 0 or -errno (-ENOENT: the module has none of @groups).
 */
int hg_nl_monitor_subscribe(struct hg_nl *h, unsigned int groups)
{
	static const char what[] = "monitor";
	const char *missing = NULL;
	unsigned int i;
	int grp, ret;

	h->groups = 0;
	nl_socket_disable_seq_check(h->sk);
	for (i = 0; i < HG_ARRAY_SIZE(hg_group_names); i++) {
		if (!(groups & (1U << i)))
			continue;
		grp = genl_ctrl_resolve_grp(h->sk, HASHGUARD_GENL_NAME,
					    hg_group_names[i]);
		if (grp == -NLE_OBJ_NOTFOUND) {
			missing = missing ? missing : hg_group_names[i];
			continue;
		}
		if (grp < 0)
			return hg_fail_lib(h, grp, what);
		ret = nl_socket_add_membership(h->sk, grp);
		if (ret < 0)
			return hg_fail_lib(h, ret, what);
		h->groups |= 1U << i;
	}
	if (!h->groups) {
		h->extack[0] = '\0';
		snprintf(h->err, sizeof(h->err),
			 "%s: the loaded hashguard module has no multicast group \"%s\" (too old?)",
			 what, missing ? missing : "");
		return -ENOENT;
	}
	/* Bursts of events: a larger buffer makes overflows rarer. */
	nl_socket_set_buffer_size(h->sk, 1 << 20, 0);
	ret = nl_socket_set_nonblocking(h->sk);
	if (ret < 0)
		return hg_fail_lib(h, ret, what);
	h->err[0] = '\0';
	return 0;
}

/**
 * hg_nl_monitor_groups() - the groups joined
 * @h: handle
 *
 * Return: HG_NL_GROUP_* bits.
 */
unsigned int hg_nl_monitor_groups(const struct hg_nl *h)
{
	return h->groups;
}

/**
 * hg_nl_monitor_fd() - the socket, for poll()
 * @h: handle
 *
 * Return: the file descriptor.
 */
int hg_nl_monitor_fd(const struct hg_nl *h)
{
	return nl_socket_get_fd(h->sk);
}

/* The object of a config notification, by its command. */
static int hg_parse_config_ntf(struct nlattr **tb, struct hg_notif *n)
{
	switch (n->cmd) {
	case HASHGUARD_CMD_NEW_TENANT:
	case HASHGUARD_CMD_DEL_TENANT:
		return tb[HASHGUARD_A_TENANT] ?
		       hg_nl_parse_tenant(tb[HASHGUARD_A_TENANT],
					  &n->u.tenant) : -EPROTO;
	case HASHGUARD_CMD_NEW_APPROVAL:
	case HASHGUARD_CMD_DEL_APPROVAL:
		return tb[HASHGUARD_A_APPROVAL] ?
		       hg_nl_parse_approval(tb[HASHGUARD_A_APPROVAL],
					    &n->u.approval) : -EPROTO;
	case HASHGUARD_CMD_SET_CONFIG:
		return tb[HASHGUARD_A_CONFIG] ?
		       hg_nl_parse_config(tb[HASHGUARD_A_CONFIG],
					  &n->u.config) : -EPROTO;
	default:
		return -ENOENT;
	}
}

/**
 * hg_nl_parse_notif() - a multicast message into a struct hg_notif
 * @nlh: the message, as received
 * @n: the notification; hg_notif_release() frees what it holds
 *
 * HASHGUARD_CMD_TASK_NTF is a detection event (EVENT and TASK required);
 * NEW_TENANT, DEL_TENANT, NEW_APPROVAL, DEL_APPROVAL and SET_CONFIG are
 * config notifications (the object required, CALLER optional).
 * Attributes this tool does not know are skipped.
 *
 * Return: 0, -ENOENT for a command that is no notification this tool
 * knows, -EPROTO for a malformed one.
 */
int hg_nl_parse_notif(const struct nlmsghdr *nlh, struct hg_notif *n)
{
	struct nlattr *tb[HASHGUARD_A_MAX + 1];
	const struct genlmsghdr *gh;
	int ret;

	memset(n, 0, sizeof(*n));
	if (!genlmsg_valid_hdr((struct nlmsghdr *)nlh, 0))
		return -EPROTO;
	gh = nlmsg_data(nlh);
	n->cmd = gh->cmd;
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HASHGUARD_A_MAX,
			  NULL) < 0)
		return -EPROTO;
	if (tb[HASHGUARD_A_CALLER] &&
	    hg_nl_parse_caller(tb[HASHGUARD_A_CALLER], &n->caller) < 0)
		return -EPROTO;
	if (n->cmd != HASHGUARD_CMD_TASK_NTF) {
		n->type = HG_NOTIF_CONFIG;
		return hg_parse_config_ntf(tb, n);
	}
	n->type = HG_NOTIF_DETECTION;
	if (!tb[HASHGUARD_A_EVENT] || nla_len(tb[HASHGUARD_A_EVENT]) < 1 ||
	    !tb[HASHGUARD_A_TASK])
		return -EPROTO;
	n->event = nla_get_u8(tb[HASHGUARD_A_EVENT]);
	ret = hg_nl_parse_task(tb[HASHGUARD_A_TASK], &n->u.task);
	return ret;
}

/**
 * hg_notif_release() - free what a parsed notification holds
 * @n: from hg_nl_parse_notif(); safe to release again
 */
void hg_notif_release(struct hg_notif *n)
{
	if (n->type == HG_NOTIF_DETECTION)
		hg_task_release(&n->u.task);
}

struct hg_mon {
	hg_nl_notif_fn fn;
	void *arg;
	struct hg_notif *n;	/* large: one, on the heap */
	int stop;		/* what fn returned, when not 0 */
};

static int hg_cb_event(struct nl_msg *msg, void *arg)
{
	struct hg_mon *mon = arg;

	/* Unknown and malformed messages: not worth stopping for. */
	if (hg_nl_parse_notif(nlmsg_hdr(msg), mon->n) < 0)
		return NL_SKIP;
	mon->stop = mon->fn(mon->n, mon->arg);
	hg_notif_release(mon->n);
	return mon->stop ? NL_STOP : NL_OK;
}

/* Tell @fn that notifications were lost. */
static int hg_lost(struct hg_mon *mon)
{
	memset(mon->n, 0, sizeof(*mon->n));
	mon->n->type = HG_NOTIF_LOST;
	mon->n->event = HG_NL_EVENTS_LOST;
	mon->stop = mon->fn(mon->n, mon->arg);
	return mon->stop;
}

/* Whether the socket overflowed (the error is cleared by reading it). */
static bool hg_overflowed(struct hg_nl *h)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(nl_socket_get_fd(h->sk), SOL_SOCKET, SO_ERROR, &err,
		       &len) < 0)
		return false;
	return err == ENOBUFS;
}

static int hg_cb_no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* Set up @mon and its callbacks for a monitor pass. */
static int hg_mon_init(struct hg_nl *h, struct hg_mon *mon, struct nl_cb **cbp,
		       hg_nl_notif_fn fn, void *arg)
{
	struct nl_cb *cb;

	memset(mon, 0, sizeof(*mon));
	mon->fn = fn;
	mon->arg = arg;
	mon->n = malloc(sizeof(*mon->n));
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb || !mon->n) {
		free(mon->n);
		if (cb)
			nl_cb_put(cb);
		return hg_fail(h, -ENOMEM, NULL, "monitor");
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, hg_cb_event, mon);
	/* Notifications answer no request: no sequence numbers to check. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, hg_cb_no_seq_check, NULL);
	*cbp = cb;
	return 0;
}

static void hg_mon_fini(struct hg_mon *mon, struct nl_cb *cb)
{
	nl_cb_put(cb);
	free(mon->n);
}

/*
 * Receive what the socket holds, once.  Return: 1 when there may be more
 * to read, 0 when the socket is empty, what @fn returned when not 0, or
 * another -errno.
 */
static int hg_mon_recv(struct hg_nl *h, struct hg_mon *mon, struct nl_cb *cb,
		       bool err_pending)
{
	int ret;

	if (err_pending && hg_overflowed(h))
		return hg_lost(mon) ?: 1;
	errno = 0;
	ret = nl_recvmsgs(h->sk, cb);
	if (mon->stop)
		return mon->stop;
	if (ret == -NLE_AGAIN)
		return 0;
	if (ret == -NLE_INTR)
		return 1;
	if (ret == -NLE_NOMEM && errno == ENOBUFS)
		return hg_lost(mon) ?: 1;
	if (ret < 0)
		return hg_fail_lib(h, ret, "monitor: receiving");
	return 1;
}

/**
 * hg_nl_monitor_run() - receive notifications
 * @h: handle from hg_nl_monitor_open()
 * @fn: called for each notification of the groups joined, and with an
 *	HG_NOTIF_LOST one when the socket's buffer overflowed
 *	(notifications were lost; receiving goes on)
 * @arg: passed to @fn
 * @wait_mask: signal mask while waiting (ppoll()), or NULL to keep the
 *	current one.  Block the signals that should end the wait, pass a
 *	mask without them, and they interrupt the wait but nothing else.
 *
 * Return: what @fn returned when it returned non-zero, -EINTR when a
 * signal interrupted the wait (call again to go on), or another -errno.
 */
int hg_nl_monitor_run(struct hg_nl *h, hg_nl_notif_fn fn, void *arg,
		      const sigset_t *wait_mask)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(h->sk), .events = POLLIN };
	struct hg_mon mon;
	struct nl_cb *cb;
	int ret;

	ret = hg_mon_init(h, &mon, &cb, fn, arg);
	if (ret)
		return ret;
	for (;;) {
		ret = ppoll(&pfd, 1, NULL, wait_mask);
		if (ret < 0) {
			ret = -errno;
			if (ret != -EINTR)
				hg_fail(h, ret, NULL, "monitor: waiting");
			break;
		}
		ret = hg_mon_recv(h, &mon, cb, pfd.revents & POLLERR);
		if (ret < 0 || ret > 1 || mon.stop)
			break;
	}
	hg_mon_fini(&mon, cb);
	return ret;
}

/**
 * hg_nl_monitor_dispatch() - handle the notifications waiting, then return
 * @h: handle from hg_nl_monitor_open()
 * @fn: as for hg_nl_monitor_run()
 * @arg: passed to @fn
 *
 * For a caller with its own poll() loop on hg_nl_monitor_fd(): reads
 * until the socket is empty, without waiting.
 *
 * Return: 0 when the socket is empty, what @fn returned when it returned
 * non-zero, or another -errno.
 */
int hg_nl_monitor_dispatch(struct hg_nl *h, hg_nl_notif_fn fn, void *arg)
{
	struct hg_mon mon;
	struct nl_cb *cb;
	int ret;

	ret = hg_mon_init(h, &mon, &cb, fn, arg);
	if (ret)
		return ret;
	do {
		ret = hg_mon_recv(h, &mon, cb, true);
	} while (ret == 1 && !mon.stop);
	hg_mon_fini(&mon, cb);
	return ret;
}
