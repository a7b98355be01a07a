// SPDX-License-Identifier: GPL-2.0
/*
 * The "hashguard" generic netlink family: commands, their attribute
 * policies and the replies.  The API itself is described in
 * include/uapi/linux/hashguard.h.
 *
 * Every command has its own policy covering every top-level attribute:
 * what it takes is validated there (types, ranges, string lengths,
 * nested policies), what only replies carry and what it does not take
 * are rejected with a message, so that a bad request gets an
 * extended-ack message and nothing in the handlers runs on unchecked
 * input.  Policies cannot see an attribute given twice (the parser
 * keeps the last); hg_nl_no_dups() refuses those before any handler or
 * dump runs.
 *
 * Changes made by requests (tenants, approvals, configuration) and
 * expiries are announced on the "config" group; detection events go to
 * the "detect" group.  Both need CAP_NET_ADMIN to join.
 */

#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/hashguard.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <net/genetlink.h>

#include "approval.h"
#include "audit.h"
#include "config.h"
#include "engine.h"
#include "netlink.h"
#include "status.h"
#include "task.h"
#include "tenant.h"
#include "version.h"

static atomic64_t hg_nl_requests = ATOMIC64_INIT(0);
static atomic64_t hg_nl_config_events = ATOMIC64_INIT(0);
static atomic64_t hg_nl_actions = ATOMIC64_INIT(0);

#define HG_REPLY_ONLY	{ .type = NLA_REJECT, \
			  .reject_message = "attribute is only sent by the kernel" }
#define HG_NOT_HERE	{ .type = NLA_REJECT, \
			  .reject_message = "attribute not used by this command" }

/* Top-level attributes that only replies and notifications carry. */
#define HG_REPLY_ATTRS					\
	[HASHGUARD_A_PAD]	= HG_REPLY_ONLY,	\
	[HASHGUARD_A_VERSION]	= HG_REPLY_ONLY,	\
	[HASHGUARD_A_UPTIME_NS]	= HG_REPLY_ONLY,	\
	[HASHGUARD_A_LOAD_TIME]	= HG_REPLY_ONLY,	\
	[HASHGUARD_A_COUNTERS]	= HG_REPLY_ONLY,	\
	[HASHGUARD_A_EVENT]	= HG_REPLY_ONLY,	\
	[HASHGUARD_A_CALLER]	= HG_REPLY_ONLY

static struct netlink_range_validation hg_range_hz = { 10, 10000 };
static struct netlink_range_validation hg_range_window = { 100, 60000 };
static struct netlink_range_validation hg_range_flag = { 1, 1000 };
static struct netlink_range_validation hg_range_clear = { 0, 999 };
static struct netlink_range_validation hg_range_flag_win = { 1, 100 };
static struct netlink_range_validation hg_range_clear_win = { 1, 1000 };
static struct netlink_range_validation hg_range_samples = { 1, 1000000 };
static struct netlink_range_validation hg_range_tasks = { 16, 1 << 20 };
/* Times: up to the end of year 9999. */
static struct netlink_range_validation hg_range_time = { 0, 253402300799ULL };

static const struct nla_policy hg_config_policy[HASHGUARD_CONFIG_A_MAX + 1] = {
	[HASHGUARD_CONFIG_A_SAMPLE_HZ] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &hg_range_hz),
	[HASHGUARD_CONFIG_A_SAMPLE_SOURCE] =
		NLA_POLICY_MAX(NLA_U8, HASHGUARD_SOURCE_CYCLES),
	[HASHGUARD_CONFIG_A_WINDOW_MS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &hg_range_window),
	[HASHGUARD_CONFIG_A_FLAG_THRESHOLD] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &hg_range_flag),
	[HASHGUARD_CONFIG_A_CLEAR_THRESHOLD] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &hg_range_clear),
	[HASHGUARD_CONFIG_A_FLAG_WINDOWS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &hg_range_flag_win),
	[HASHGUARD_CONFIG_A_CLEAR_WINDOWS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &hg_range_clear_win),
	[HASHGUARD_CONFIG_A_MIN_SAMPLES] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &hg_range_samples),
	[HASHGUARD_CONFIG_A_MAX_TASKS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &hg_range_tasks),
};

#define HG_TENANT_REPLY_ATTRS					\
	[HASHGUARD_TENANT_A_PAD]	 = HG_REPLY_ONLY,	\
	[HASHGUARD_TENANT_A_CGROUP_ID]	 = HG_REPLY_ONLY,	\
	[HASHGUARD_TENANT_A_PROCESSES]	 = HG_REPLY_ONLY,	\
	[HASHGUARD_TENANT_A_FLAGGED]	 = HG_REPLY_ONLY,	\
	[HASHGUARD_TENANT_A_CGROUP_GONE] = HG_REPLY_ONLY

#define HG_TENANT_NAME_POLICY	{ .type = NLA_NUL_STRING, \
				  .len = HASHGUARD_TENANT_NAME_MAX - 1 }

/* A new tenant: name and cgroup; the kernel picks the id. */
static const struct nla_policy hg_tenant_new_policy[HASHGUARD_TENANT_A_MAX + 1] = {
	HG_TENANT_REPLY_ATTRS,
	[HASHGUARD_TENANT_A_ID] = { .type = NLA_REJECT,
				    .reject_message = "the kernel assigns tenant ids" },
	[HASHGUARD_TENANT_A_NAME] = HG_TENANT_NAME_POLICY,
	[HASHGUARD_TENANT_A_CGROUP] = { .type = NLA_NUL_STRING,
					.len = HASHGUARD_CGROUP_PATH_MAX - 1 },
};

/* An existing tenant, by name or id. */
static const struct nla_policy hg_tenant_sel_policy[HASHGUARD_TENANT_A_MAX + 1] = {
	HG_TENANT_REPLY_ATTRS,
	[HASHGUARD_TENANT_A_ID] = { .type = NLA_U32 },
	[HASHGUARD_TENANT_A_NAME] = HG_TENANT_NAME_POLICY,
	[HASHGUARD_TENANT_A_CGROUP] = HG_NOT_HERE,
};

/* A process, for GET_TASK: its tgid, and its start time to be sure. */
static const struct nla_policy hg_task_sel_policy[HASHGUARD_TASK_A_MAX + 1] = {
	[HASHGUARD_TASK_A_PAD]		 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_TGID]		 = NLA_POLICY_MIN(NLA_U32, 1),
	[HASHGUARD_TASK_A_PID]		 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_COMM]		 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_START_TIME]	 = { .type = NLA_U64 },
	[HASHGUARD_TASK_A_TENANT_ID]	 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_TENANT_NAME]	 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_STATE]	 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_SCORE]	 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_THREADS]	 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_SAMPLES]	 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_FLAGGED_TIME]	 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_FEATURES]	 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_EXE]		 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_APPROVAL_ID]	 = HG_REPLY_ONLY,
	[HASHGUARD_TASK_A_APPROVAL_REF]	 = HG_REPLY_ONLY,
};

#define HG_APPROVAL_REPLY_ATTRS					\
	[HASHGUARD_APPROVAL_A_PAD]	    = HG_REPLY_ONLY,	\
	[HASHGUARD_APPROVAL_A_ID]	    = HG_REPLY_ONLY,	\
	[HASHGUARD_APPROVAL_A_TENANT_ID]   = { .type = NLA_REJECT,	\
		.reject_message = "name the tenant with HASHGUARD_A_TENANT" }, \
	[HASHGUARD_APPROVAL_A_TENANT_NAME] = { .type = NLA_REJECT,	\
		.reject_message = "name the tenant with HASHGUARD_A_TENANT" }, \
	[HASHGUARD_APPROVAL_A_GRANTED_BY]  = { .type = NLA_REJECT,	\
		.reject_message = "the kernel records who granted an approval" }, \
	[HASHGUARD_APPROVAL_A_GRANTED_TIME] = HG_REPLY_ONLY,	\
	[HASHGUARD_APPROVAL_A_STATE]	    = HG_REPLY_ONLY,	\
	[HASHGUARD_APPROVAL_A_END]	    = HG_REPLY_ONLY,	\
	[HASHGUARD_APPROVAL_A_COVERED]	    = HG_REPLY_ONLY

#define HG_APPROVAL_REF_POLICY	{ .type = NLA_NUL_STRING, \
				  .len = HASHGUARD_APPROVAL_REF_MAX - 1 }

/* A grant: reference, scope and validity. */
static const struct nla_policy hg_approval_new_policy[HASHGUARD_APPROVAL_A_MAX + 1] = {
	HG_APPROVAL_REPLY_ATTRS,
	[HASHGUARD_APPROVAL_A_REF]	  = HG_APPROVAL_REF_POLICY,
	[HASHGUARD_APPROVAL_A_EXE]	  = { .type = NLA_NUL_STRING,
					      .len = HASHGUARD_EXE_PATH_MAX - 1 },
	[HASHGUARD_APPROVAL_A_NOT_BEFORE] =
		NLA_POLICY_FULL_RANGE(NLA_U64, &hg_range_time),
	[HASHGUARD_APPROVAL_A_EXPIRES]	  =
		NLA_POLICY_FULL_RANGE(NLA_U64, &hg_range_time),
	[HASHGUARD_APPROVAL_A_FLAGS]	  =
		NLA_POLICY_MASK(NLA_U32, HASHGUARD_APPROVAL_F_MASK),
};

/* An existing approval: its reference. */
static const struct nla_policy hg_approval_sel_policy[HASHGUARD_APPROVAL_A_MAX + 1] = {
	HG_APPROVAL_REPLY_ATTRS,
	[HASHGUARD_APPROVAL_A_REF]	  = HG_APPROVAL_REF_POLICY,
	[HASHGUARD_APPROVAL_A_EXE]	  = HG_NOT_HERE,
	[HASHGUARD_APPROVAL_A_NOT_BEFORE] = HG_NOT_HERE,
	[HASHGUARD_APPROVAL_A_EXPIRES]	  = HG_NOT_HERE,
	[HASHGUARD_APPROVAL_A_FLAGS]	  = HG_NOT_HERE,
};

static const struct nla_policy hg_action_policy[HASHGUARD_ACTION_A_MAX + 1] = {
	[HASHGUARD_ACTION_A_PAD]	= HG_REPLY_ONLY,
	[HASHGUARD_ACTION_A_TGID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[HASHGUARD_ACTION_A_START_TIME]	= { .type = NLA_U64 },
	[HASHGUARD_ACTION_A_KIND]	=
		NLA_POLICY_RANGE(NLA_U8, HASHGUARD_ACTION_AUDIT,
				 HASHGUARD_ACTION_MAX),
	[HASHGUARD_ACTION_A_OUTCOME]	=
		NLA_POLICY_RANGE(NLA_U8, HASHGUARD_OUTCOME_VERIFIED,
				 HASHGUARD_OUTCOME_MAX),
	[HASHGUARD_ACTION_A_REASON]	= { .type = NLA_NUL_STRING,
					    .len = HASHGUARD_ACTION_TEXT_MAX - 1 },
	[HASHGUARD_ACTION_A_DETAIL]	= { .type = NLA_NUL_STRING,
					    .len = HASHGUARD_ACTION_TEXT_MAX - 1 },
};

/*
 * One policy per command over every top-level attribute: reply-only
 * attributes are refused as such, and each request attribute gets the
 * policy the command gives it, or HG_NX: "attribute not used by this
 * command".
 */
#define HG_OP_POLICY(name, config, tenant, mask, task, approval, action) \
static const struct nla_policy name[HASHGUARD_A_MAX + 1] = {		\
	HG_REPLY_ATTRS,							\
	[HASHGUARD_A_CONFIG]	 = config,				\
	[HASHGUARD_A_TENANT]	 = tenant,				\
	[HASHGUARD_A_STATE_MASK] = mask,				\
	[HASHGUARD_A_TASK]	 = task,				\
	[HASHGUARD_A_APPROVAL]	 = approval,				\
	[HASHGUARD_A_ACTION]	 = action,				\
}

#define HG_NX	HG_NOT_HERE
#define HG_STATE_MASK_POLICY \
	NLA_POLICY_MASK(NLA_U32, BIT(HASHGUARD_STATE_MAX + 1) - 1)

HG_OP_POLICY(hg_status_policy, HG_NX, HG_NX, HG_NX, HG_NX, HG_NX, HG_NX);
HG_OP_POLICY(hg_set_config_policy, NLA_POLICY_NESTED(hg_config_policy),
	     HG_NX, HG_NX, HG_NX, HG_NX, HG_NX);
HG_OP_POLICY(hg_new_tenant_policy, HG_NX,
	     NLA_POLICY_NESTED(hg_tenant_new_policy),
	     HG_NX, HG_NX, HG_NX, HG_NX);
HG_OP_POLICY(hg_sel_tenant_policy, HG_NX,
	     NLA_POLICY_NESTED(hg_tenant_sel_policy),
	     HG_NX, HG_NX, HG_NX, HG_NX);
HG_OP_POLICY(hg_get_task_policy, HG_NX,
	     NLA_POLICY_NESTED(hg_tenant_sel_policy), HG_STATE_MASK_POLICY,
	     NLA_POLICY_NESTED(hg_task_sel_policy), HG_NX, HG_NX);
HG_OP_POLICY(hg_new_approval_policy, HG_NX,
	     NLA_POLICY_NESTED(hg_tenant_sel_policy), HG_NX, HG_NX,
	     NLA_POLICY_NESTED(hg_approval_new_policy), HG_NX);
HG_OP_POLICY(hg_sel_approval_policy, HG_NX,
	     NLA_POLICY_NESTED(hg_tenant_sel_policy), HG_NX, HG_NX,
	     NLA_POLICY_NESTED(hg_approval_sel_policy), HG_NX);
HG_OP_POLICY(hg_action_op_policy, HG_NX, HG_NX, HG_NX, HG_NX, HG_NX,
	     NLA_POLICY_NESTED(hg_action_policy));

enum hg_mcgrp {
	HG_MCGRP_DETECT,
	HG_MCGRP_CONFIG,
};

static const struct genl_multicast_group hg_mcgrps[] = {
	[HG_MCGRP_DETECT] = { .name = HASHGUARD_MCGRP_DETECT,
			      .flags = GENL_MCAST_CAP_NET_ADMIN },
	[HG_MCGRP_CONFIG] = { .name = HASHGUARD_MCGRP_CONFIG,
			      .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family hg_family;

/* Room for a message that may carry an executable path. */
#define HG_MSG_BIG	(NLMSG_DEFAULT_SIZE + HASHGUARD_EXE_PATH_MAX)

/* Top-level attributes whose members are checked for duplicates too. */
static bool hg_nl_nest_checked(int type)
{
	return type == HASHGUARD_A_CONFIG || type == HASHGUARD_A_TENANT ||
	       type == HASHGUARD_A_TASK || type == HASHGUARD_A_APPROVAL ||
	       type == HASHGUARD_A_ACTION;
}

static int hg_nl_no_dups_in(const struct nlattr *head, int len, bool top,
			    struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	u64 seen = 0;
	int rem, type, ret;

	nla_for_each_attr(nla, head, len, rem) {
		type = nla_type(nla);
		/* Validation has refused types beyond the policies. */
		if (type >= 64)
			continue;
		if (seen & BIT_ULL(type)) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "attribute given more than once");
			return -EINVAL;
		}
		seen |= BIT_ULL(type);
		if (top && hg_nl_nest_checked(type)) {
			ret = hg_nl_no_dups_in(nla_data(nla), nla_len(nla),
					       false, extack);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* Refuse a request that gives an attribute twice, at the top or nested. */
static int hg_nl_no_dups(const struct nlmsghdr *nlh,
			 struct netlink_ext_ack *extack)
{
	return hg_nl_no_dups_in(nlmsg_attrdata(nlh, GENL_HDRLEN),
				nlmsg_attrlen(nlh, GENL_HDRLEN), true, extack);
}

static int hg_nl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
			  struct genl_info *info)
{
	return hg_nl_no_dups(info->nlhdr, info->extack);
}

static int hg_put_caller(struct sk_buff *msg)
{
	char comm[TASK_COMM_LEN];
	struct nlattr *nest;

	nest = nla_nest_start(msg, HASHGUARD_A_CALLER);
	if (!nest ||
	    nla_put_u32(msg, HASHGUARD_CALLER_A_UID,
			from_kuid_munged(&init_user_ns, current_uid())) ||
	    nla_put_u32(msg, HASHGUARD_CALLER_A_PID, task_tgid_nr(current)) ||
	    nla_put_string(msg, HASHGUARD_CALLER_A_COMM,
			   get_task_comm(comm, current)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* A notification for the "config" group, or NULL if nobody listens. */
static struct sk_buff *hg_ntf_new(u8 cmd, size_t size, void **hdr)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&hg_family, &init_net, HG_MCGRP_CONFIG))
		return NULL;
	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &hg_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Finish and send a notification; @ok: its attributes went in. */
static void hg_ntf_send(struct sk_buff *msg, void *hdr, bool ok,
			bool by_caller)
{
	if (!ok || (by_caller && hg_put_caller(msg))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	if (!genlmsg_multicast(&hg_family, msg, 0, HG_MCGRP_CONFIG,
			       GFP_KERNEL))
		atomic64_inc(&hg_nl_config_events);
}

static int hg_put_counters(struct sk_buff *skb)
{
	struct nlattr *nest;
	unsigned int c;
	u64 val;

	nest = nla_nest_start(skb, HASHGUARD_A_COUNTERS);
	if (!nest)
		return -EMSGSIZE;
	for (c = HASHGUARD_COUNTER_PAD + 1; c <= HASHGUARD_COUNTER_MAX; c++) {
		if (!hg_status_counter(c, &val))
			continue;
		if (nla_put_u64_64bit(skb, c, val, HASHGUARD_COUNTER_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* A reply to @info, or NULL (and an extack message) without memory. */
static struct sk_buff *hg_reply_new(struct genl_info *info, u8 cmd,
				    size_t size, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put_reply(msg, info, &hg_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Send a reply from hg_reply_new(); @err: filling it failed. */
static int hg_reply_send(struct sk_buff *msg, void *hdr,
			 struct genl_info *info, int err)
{
	if (err) {
		nlmsg_free(msg);
		NL_SET_ERR_MSG(info->extack, "reply does not fit in a message");
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int hg_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	atomic64_inc(&hg_nl_requests);
	msg = hg_reply_new(info, HASHGUARD_CMD_GET_STATUS, NLMSG_DEFAULT_SIZE,
			   &hdr);
	if (!msg)
		return -ENOMEM;
	return hg_reply_send(msg, hdr, info,
			     nla_put_string(msg, HASHGUARD_A_VERSION,
					    HASHGUARD_VERSION) ||
			     nla_put_u64_64bit(msg, HASHGUARD_A_UPTIME_NS,
					       hg_status_uptime_ns(),
					       HASHGUARD_A_PAD) ||
			     nla_put_u64_64bit(msg, HASHGUARD_A_LOAD_TIME,
					       hg_status_load_time(),
					       HASHGUARD_A_PAD) ||
			     hg_put_counters(msg));
}

static int hg_put_config(struct sk_buff *msg, const struct hg_config *cfg)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, HASHGUARD_A_CONFIG);
	if (!nest ||
	    nla_put_u32(msg, HASHGUARD_CONFIG_A_SAMPLE_HZ, cfg->sample_hz) ||
	    nla_put_u8(msg, HASHGUARD_CONFIG_A_SAMPLE_SOURCE, cfg->sample_source) ||
	    nla_put_u32(msg, HASHGUARD_CONFIG_A_WINDOW_MS, cfg->window_ms) ||
	    nla_put_u32(msg, HASHGUARD_CONFIG_A_FLAG_THRESHOLD, cfg->flag_threshold) ||
	    nla_put_u32(msg, HASHGUARD_CONFIG_A_CLEAR_THRESHOLD, cfg->clear_threshold) ||
	    nla_put_u32(msg, HASHGUARD_CONFIG_A_FLAG_WINDOWS, cfg->flag_windows) ||
	    nla_put_u32(msg, HASHGUARD_CONFIG_A_CLEAR_WINDOWS, cfg->clear_windows) ||
	    nla_put_u32(msg, HASHGUARD_CONFIG_A_MIN_SAMPLES, cfg->min_samples) ||
	    nla_put_u32(msg, HASHGUARD_CONFIG_A_MAX_TASKS, cfg->max_tasks))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int hg_reply_config(struct genl_info *info, u8 cmd)
{
	struct hg_config cfg;
	struct sk_buff *msg;
	void *hdr;

	msg = hg_reply_new(info, cmd, NLMSG_DEFAULT_SIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	hg_config_get(&cfg);
	return hg_reply_send(msg, hdr, info, hg_put_config(msg, &cfg));
}

static int hg_nl_get_config(struct sk_buff *skb, struct genl_info *info)
{
	atomic64_inc(&hg_nl_requests);
	return hg_reply_config(info, HASHGUARD_CMD_GET_CONFIG);
}

static int hg_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[HASHGUARD_CONFIG_A_MAX + 1];
	struct hg_config cfg, old;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	atomic64_inc(&hg_nl_requests);
	if (GENL_REQ_ATTR_CHECK(info, HASHGUARD_A_CONFIG)) {
		NL_SET_ERR_MSG(info->extack, "missing HASHGUARD_A_CONFIG");
		return -EINVAL;
	}
	ret = nla_parse_nested(tb, HASHGUARD_CONFIG_A_MAX,
			       info->attrs[HASHGUARD_A_CONFIG],
			       hg_config_policy, info->extack);
	if (ret)
		return ret;

	hg_config_get(&cfg);
#define HG_CFG_U32(attr, field)						\
	do {								\
		if (tb[HASHGUARD_CONFIG_A_##attr])			\
			cfg.field = nla_get_u32(tb[HASHGUARD_CONFIG_A_##attr]); \
	} while (0)
	HG_CFG_U32(SAMPLE_HZ, sample_hz);
	HG_CFG_U32(WINDOW_MS, window_ms);
	HG_CFG_U32(FLAG_THRESHOLD, flag_threshold);
	HG_CFG_U32(CLEAR_THRESHOLD, clear_threshold);
	HG_CFG_U32(FLAG_WINDOWS, flag_windows);
	HG_CFG_U32(CLEAR_WINDOWS, clear_windows);
	HG_CFG_U32(MIN_SAMPLES, min_samples);
	HG_CFG_U32(MAX_TASKS, max_tasks);
#undef HG_CFG_U32
	if (tb[HASHGUARD_CONFIG_A_SAMPLE_SOURCE])
		cfg.sample_source = nla_get_u8(tb[HASHGUARD_CONFIG_A_SAMPLE_SOURCE]);

	ret = hg_config_set(&cfg, &old, info->extack);
	if (ret)
		return ret;
	hg_audit_config(&old, &cfg);
	msg = hg_ntf_new(HASHGUARD_CMD_SET_CONFIG, NLMSG_DEFAULT_SIZE, &hdr);
	if (msg)
		hg_ntf_send(msg, hdr, !hg_put_config(msg, &cfg), true);
	return hg_reply_config(info, HASHGUARD_CMD_SET_CONFIG);
}

static int hg_put_tenant(struct sk_buff *msg, const struct hg_tenant_info *t)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, HASHGUARD_A_TENANT);
	if (!nest ||
	    nla_put_u32(msg, HASHGUARD_TENANT_A_ID, t->id) ||
	    nla_put_string(msg, HASHGUARD_TENANT_A_NAME, t->name) ||
	    nla_put_u32(msg, HASHGUARD_TENANT_A_PROCESSES, t->processes) ||
	    nla_put_u32(msg, HASHGUARD_TENANT_A_FLAGGED, t->flagged))
		return -EMSGSIZE;
	if (t->id != HASHGUARD_TENANT_HOST &&
	    (nla_put_string(msg, HASHGUARD_TENANT_A_CGROUP, t->path) ||
	     nla_put_u64_64bit(msg, HASHGUARD_TENANT_A_CGROUP_ID, t->cgid,
			       HASHGUARD_TENANT_A_PAD) ||
	     (t->gone && nla_put_flag(msg, HASHGUARD_TENANT_A_CGROUP_GONE))))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static void hg_notify_tenant(u8 cmd, const struct hg_tenant_info *t)
{
	struct sk_buff *msg;
	void *hdr;

	msg = hg_ntf_new(cmd, NLMSG_GOODSIZE, &hdr);
	if (msg)
		hg_ntf_send(msg, hdr, !hg_put_tenant(msg, t), true);
}

static int hg_reply_tenant(struct genl_info *info, u8 cmd,
			   const struct hg_tenant_info *t)
{
	struct sk_buff *msg;
	void *hdr;

	msg = hg_reply_new(info, cmd, NLMSG_GOODSIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	return hg_reply_send(msg, hdr, info, hg_put_tenant(msg, t));
}

/*
 * Parse a HASHGUARD_A_TENANT nest.  It may name a tenant by NAME or by
 * ID, not both; @need_sel: it must name one.  Sets *@name (NULL if not
 * given) and *@id (0 if not given).
 */
static int hg_parse_tenant(struct nlattr *nest, const struct nla_policy *pol,
			   struct nlattr **tb, bool need_sel, const char **name,
			   u32 *id, struct netlink_ext_ack *extack)
{
	int ret;

	ret = nla_parse_nested(tb, HASHGUARD_TENANT_A_MAX, nest, pol, extack);
	if (ret)
		return ret;
	*name = tb[HASHGUARD_TENANT_A_NAME] ?
		nla_data(tb[HASHGUARD_TENANT_A_NAME]) : NULL;
	*id = tb[HASHGUARD_TENANT_A_ID] ?
	      nla_get_u32(tb[HASHGUARD_TENANT_A_ID]) : 0;
	if (need_sel && !*name && !tb[HASHGUARD_TENANT_A_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "tenant needs HASHGUARD_TENANT_A_NAME or HASHGUARD_TENANT_A_ID");
		return -EINVAL;
	}
	if (*name && tb[HASHGUARD_TENANT_A_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HASHGUARD_TENANT_A_ID],
				    "give the tenant's name or its id, not both");
		return -EINVAL;
	}
	return 0;
}

/* The HASHGUARD_A_TENANT nest of a doit request, which must be there. */
static int hg_parse_req_tenant(struct genl_info *info,
			       const struct nla_policy *pol, struct nlattr **tb,
			       bool need_sel, const char **name, u32 *id)
{
	if (GENL_REQ_ATTR_CHECK(info, HASHGUARD_A_TENANT)) {
		NL_SET_ERR_MSG(info->extack, "missing HASHGUARD_A_TENANT");
		return -EINVAL;
	}
	return hg_parse_tenant(info->attrs[HASHGUARD_A_TENANT], pol, tb,
			       need_sel, name, id, info->extack);
}

static int hg_nl_new_tenant(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[HASHGUARD_TENANT_A_MAX + 1];
	struct hg_tenant_info *t;
	const char *name;
	u32 id;
	int ret;

	atomic64_inc(&hg_nl_requests);
	ret = hg_parse_req_tenant(info, hg_tenant_new_policy, tb, false,
				  &name, &id);
	if (ret)
		return ret;
	if (!name || !tb[HASHGUARD_TENANT_A_CGROUP]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[HASHGUARD_A_TENANT],
				    "a new tenant needs HASHGUARD_TENANT_A_NAME and HASHGUARD_TENANT_A_CGROUP");
		return -EINVAL;
	}
	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	ret = hg_tenant_add(name, nla_data(tb[HASHGUARD_TENANT_A_CGROUP]), t,
			    info->extack);
	if (!ret) {
		hg_audit_tenant("tenant_add", t);
		hg_notify_tenant(HASHGUARD_CMD_NEW_TENANT, t);
		ret = hg_reply_tenant(info, HASHGUARD_CMD_NEW_TENANT, t);
	}
	kfree(t);
	return ret;
}

/* DEL_TENANT and GET_TENANT: find the tenant named, act, describe it. */
static int hg_nl_sel_tenant(struct sk_buff *skb, struct genl_info *info)
{
	bool del = info->genlhdr->cmd == HASHGUARD_CMD_DEL_TENANT;
	struct nlattr *tb[HASHGUARD_TENANT_A_MAX + 1];
	struct hg_tenant_info *t;
	const char *name;
	u32 id;
	int ret;

	atomic64_inc(&hg_nl_requests);
	ret = hg_parse_req_tenant(info, hg_tenant_sel_policy, tb, true,
				  &name, &id);
	if (ret)
		return ret;
	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	ret = del ? hg_tenant_del(name, id, t, info->extack) :
		    hg_tenant_get(name, id, t, info->extack);
	if (!ret) {
		if (del) {
			hg_audit_tenant("tenant_del", t);
			hg_notify_tenant(HASHGUARD_CMD_DEL_TENANT, t);
		}
		ret = hg_reply_tenant(info, info->genlhdr->cmd, t);
	}
	kfree(t);
	return ret;
}

/*
 * Dumps.  A .start callback has no extended ack in this kernel
 * (cb->extack is set only around .dumpit calls), so the checks of a dump
 * request run in the first .dumpit call instead: a refused request then
 * ends in NLMSG_DONE carrying the errno and the message.
 * cb->args[HG_CB_CHECKED] records that they passed.
 */
#define HG_CB_CHECKED	5

static int hg_nl_dump_start(struct netlink_callback *cb)
{
	atomic64_inc(&hg_nl_requests);
	/* Room for one message with an executable path. */
	cb->min_dump_alloc = HG_MSG_BIG;
	return 0;
}

static int hg_nl_dump_tenants(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hg_tenant_info *t;
	unsigned long idx;
	void *hdr;
	int ret = 0;

	if (!cb->args[HG_CB_CHECKED]) {
		ret = hg_nl_no_dups(cb->nlh, cb->extack);
		if (ret)
			return ret;
		cb->args[HG_CB_CHECKED] = 1;
	}
	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	/* 0 would mean "no consistency check". */
	cb->seq = hg_tenant_generation() | 1;
	for (idx = cb->args[0]; !hg_tenant_nth(idx, t); idx++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &hg_family, NLM_F_MULTI,
				  HASHGUARD_CMD_GET_TENANT);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (hg_put_tenant(skb, t)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	/* A tenant too big for an empty message would loop forever. */
	if (idx == cb->args[0] && !hg_tenant_nth(idx, t))
		ret = -EMSGSIZE;
	cb->args[0] = idx;
	kfree(t);
	return ret ? ret : skb->len;
}

static int hg_put_task(struct sk_buff *msg, const struct hg_task_info *ti)
{
	struct nlattr *nest, *feat;
	unsigned int i;

	nest = nla_nest_start(msg, HASHGUARD_A_TASK);
	if (!nest ||
	    nla_put_u32(msg, HASHGUARD_TASK_A_TGID, ti->tgid) ||
	    nla_put_u32(msg, HASHGUARD_TASK_A_PID, ti->pid) ||
	    nla_put_string(msg, HASHGUARD_TASK_A_COMM, ti->comm) ||
	    nla_put_u64_64bit(msg, HASHGUARD_TASK_A_START_TIME, ti->start_time,
			      HASHGUARD_TASK_A_PAD) ||
	    nla_put_u32(msg, HASHGUARD_TASK_A_TENANT_ID, ti->tenant_id) ||
	    nla_put_string(msg, HASHGUARD_TASK_A_TENANT_NAME, ti->tenant) ||
	    nla_put_u8(msg, HASHGUARD_TASK_A_STATE, ti->state) ||
	    nla_put_u32(msg, HASHGUARD_TASK_A_SCORE, ti->score) ||
	    nla_put_u32(msg, HASHGUARD_TASK_A_THREADS, ti->threads) ||
	    nla_put_u64_64bit(msg, HASHGUARD_TASK_A_SAMPLES, ti->samples,
			      HASHGUARD_TASK_A_PAD) ||
	    nla_put_u64_64bit(msg, HASHGUARD_TASK_A_FLAGGED_TIME,
			      ti->flagged_time, HASHGUARD_TASK_A_PAD))
		return -EMSGSIZE;
	feat = nla_nest_start(msg, HASHGUARD_TASK_A_FEATURES);
	if (!feat)
		return -EMSGSIZE;
	for (i = HASHGUARD_FEATURE_UNSPEC + 1; i <= HASHGUARD_FEATURE_MAX; i++)
		if (nla_put_u32(msg, i, ti->feat.f[i]))
			return -EMSGSIZE;
	nla_nest_end(msg, feat);
	if ((ti->exe[0] &&
	     nla_put_string(msg, HASHGUARD_TASK_A_EXE, ti->exe)) ||
	    (ti->approval_id &&
	     (nla_put_u32(msg, HASHGUARD_TASK_A_APPROVAL_ID, ti->approval_id) ||
	      nla_put_string(msg, HASHGUARD_TASK_A_APPROVAL_REF,
			     ti->approval_ref))))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int hg_nl_get_task(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[HASHGUARD_TASK_A_MAX + 1], *nest;
	struct hg_task_info *ti;
	struct sk_buff *msg;
	struct hg_proc *p;
	bool found = false;
	void *hdr;
	int ret;

	atomic64_inc(&hg_nl_requests);
	if (info->attrs[HASHGUARD_A_TENANT] || info->attrs[HASHGUARD_A_STATE_MASK]) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[HASHGUARD_A_TENANT] ?:
				    info->attrs[HASHGUARD_A_STATE_MASK],
				    "filters apply to dumps only");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, HASHGUARD_A_TASK)) {
		NL_SET_ERR_MSG(info->extack,
			       "missing HASHGUARD_A_TASK (or ask for a dump)");
		return -EINVAL;
	}
	nest = info->attrs[HASHGUARD_A_TASK];
	ret = nla_parse_nested(tb, HASHGUARD_TASK_A_MAX, nest,
			       hg_task_sel_policy, info->extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, HASHGUARD_TASK_A_TGID)) {
		NL_SET_ERR_MSG(info->extack, "missing HASHGUARD_TASK_A_TGID");
		return -EINVAL;
	}
	ti = kmalloc(sizeof(*ti), GFP_KERNEL);
	if (!ti)
		return -ENOMEM;
	mutex_lock(&hg_task_mutex);
	p = hg_proc_find_tgid(nla_get_u32(tb[HASHGUARD_TASK_A_TGID]),
			      tb[HASHGUARD_TASK_A_START_TIME] ?
			      nla_get_u64(tb[HASHGUARD_TASK_A_START_TIME]) : 0);
	if (p) {
		hg_proc_info(p, ti);
		found = true;
	}
	mutex_unlock(&hg_task_mutex);
	if (!found) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HASHGUARD_TASK_A_TGID],
				    "process not tracked");
		ret = -ENOENT;
		goto out;
	}
	ret = -ENOMEM;
	msg = hg_reply_new(info, HASHGUARD_CMD_GET_TASK, HG_MSG_BIG, &hdr);
	if (msg)
		ret = hg_reply_send(msg, hdr, info, hg_put_task(msg, ti));
out:
	kfree(ti);
	return ret;
}

/* No duplicates, and the tenant filter: cb->args[1] = its id + 1. */
static int hg_nl_dump_filter(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	struct nlattr *tb[HASHGUARD_TENANT_A_MAX + 1];
	struct nlattr *nest = di->attrs[HASHGUARD_A_TENANT];
	const char *name;
	u32 id;
	int ret;

	ret = hg_nl_no_dups(cb->nlh, cb->extack);
	if (ret || !nest)
		return ret;
	ret = hg_parse_tenant(nest, hg_tenant_sel_policy, tb, true, &name, &id,
			      cb->extack);
	if (ret)
		return ret;
	if (hg_tenant_lookup_id(name, id, &id)) {
		NL_SET_ERR_MSG_ATTR(cb->extack, nest, "no such tenant");
		return -ENOENT;
	}
	cb->args[1] = (unsigned long)id + 1;
	return 0;
}

/*
 * cb->args: [0] places lost, [1] tenant id filter + 1 (0: none), [2] state
 * mask, [3] tgid + 1 of the last process sent (0: none yet), [4] its
 * start time.
 */
static int hg_nl_task_filters(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	int ret;

	if (di->attrs[HASHGUARD_A_TASK]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, di->attrs[HASHGUARD_A_TASK],
				    "HASHGUARD_A_TASK selects one process, not a dump");
		return -EINVAL;
	}
	ret = hg_nl_dump_filter(cb);
	if (ret)
		return ret;
	cb->args[2] = BIT(HASHGUARD_STATE_MAX + 1) - 1;
	if (di->attrs[HASHGUARD_A_STATE_MASK])
		cb->args[2] = nla_get_u32(di->attrs[HASHGUARD_A_STATE_MASK]);
	return 0;
}

/*
 * Processes are appended to hg_procs when they start being tracked, so a
 * dump that resumes after the last process it sent lists every process
 * tracked throughout exactly once, whatever came and went meanwhile.
 * Only if that process is gone is the place lost: the dump starts over
 * and says so with NLM_F_DUMP_INTR (a new cb->seq).
 */
static int hg_nl_dump_tasks(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hg_proc *p, *from = NULL;
	struct hg_task_info *ti;
	void *hdr;
	int ret;

	if (!cb->args[HG_CB_CHECKED]) {
		ret = hg_nl_task_filters(cb);
		if (ret)
			return ret;
		cb->args[HG_CB_CHECKED] = 1;
	}
	ti = kmalloc(sizeof(*ti), GFP_KERNEL);
	if (!ti)
		return -ENOMEM;
	mutex_lock(&hg_task_mutex);
	if (cb->args[3]) {
		from = hg_proc_find_tgid(cb->args[3] - 1, cb->args[4]);
		if (!from) {
			cb->args[0]++;
			cb->args[3] = 0;
		}
	}
	/* 0 would mean "no consistency check". */
	cb->seq = ((unsigned int)cb->args[0] << 1) | 1;
	p = from ? list_next_entry(from, link) :
		   list_first_entry(&hg_procs, struct hg_proc, link);
	list_for_each_entry_from(p, &hg_procs, link) {
		if (cb->args[1] && p->tenant_id != cb->args[1] - 1)
			continue;
		if (!(cb->args[2] & BIT(p->verdict.state)))
			continue;
		hg_proc_info(p, ti);
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &hg_family, NLM_F_MULTI,
				  HASHGUARD_CMD_GET_TASK);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (hg_put_task(skb, ti)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[3] = (unsigned long)p->key.pid + 1;
		cb->args[4] = p->key.start;
	}
	mutex_unlock(&hg_task_mutex);
	kfree(ti);
	return skb->len;
}

/**
 * hg_netlink_notify_task() - send a detection event to the "detect" group
 * @ev: the event
 * @ti: the process
 *
 * Context: process context.
 * Return: 0 if sent, -ESRCH without listeners, or another negative errno.
 */
int hg_netlink_notify_task(enum hashguard_event ev,
			   const struct hg_task_info *ti)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&hg_family, &init_net, HG_MCGRP_DETECT))
		return -ESRCH;
	msg = genlmsg_new(HG_MSG_BIG, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &hg_family, 0, HASHGUARD_CMD_TASK_NTF);
	if (!hdr || nla_put_u8(msg, HASHGUARD_A_EVENT, ev) ||
	    hg_put_task(msg, ti)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_multicast(&hg_family, msg, 0, HG_MCGRP_DETECT,
				 GFP_KERNEL);
}

static int hg_put_approval(struct sk_buff *msg,
			   const struct hg_approval_info *a)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, HASHGUARD_A_APPROVAL);
	if (!nest ||
	    nla_put_u32(msg, HASHGUARD_APPROVAL_A_ID, a->id) ||
	    nla_put_u32(msg, HASHGUARD_APPROVAL_A_TENANT_ID, a->tenant_id) ||
	    nla_put_string(msg, HASHGUARD_APPROVAL_A_TENANT_NAME, a->tenant) ||
	    nla_put_string(msg, HASHGUARD_APPROVAL_A_REF, a->ref) ||
	    (a->exe[0] &&
	     nla_put_string(msg, HASHGUARD_APPROVAL_A_EXE, a->exe)) ||
	    nla_put_u64_64bit(msg, HASHGUARD_APPROVAL_A_NOT_BEFORE,
			      a->not_before, HASHGUARD_APPROVAL_A_PAD) ||
	    (a->expires &&
	     nla_put_u64_64bit(msg, HASHGUARD_APPROVAL_A_EXPIRES, a->expires,
			       HASHGUARD_APPROVAL_A_PAD)) ||
	    nla_put_u32(msg, HASHGUARD_APPROVAL_A_GRANTED_BY, a->granted_by) ||
	    nla_put_u64_64bit(msg, HASHGUARD_APPROVAL_A_GRANTED_TIME,
			      a->granted_time, HASHGUARD_APPROVAL_A_PAD) ||
	    nla_put_u8(msg, HASHGUARD_APPROVAL_A_STATE, a->state) ||
	    (a->end && nla_put_u8(msg, HASHGUARD_APPROVAL_A_END, a->end)) ||
	    nla_put_u32(msg, HASHGUARD_APPROVAL_A_COVERED, a->covered))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * hg_netlink_notify_approval() - announce an approval change on "config"
 * @cmd: %HASHGUARD_CMD_NEW_APPROVAL or %HASHGUARD_CMD_DEL_APPROVAL
 * @a: the approval (for a removal, with its end set)
 * @by_caller: a request made the change: name the calling task
 *
 * Context: process context.
 */
void hg_netlink_notify_approval(u8 cmd, const struct hg_approval_info *a,
				bool by_caller)
{
	struct sk_buff *msg;
	void *hdr;

	msg = hg_ntf_new(cmd, HG_MSG_BIG, &hdr);
	if (msg)
		hg_ntf_send(msg, hdr, !hg_put_approval(msg, a), by_caller);
}

static int hg_reply_approval(struct genl_info *info, u8 cmd,
			     const struct hg_approval_info *a)
{
	struct sk_buff *msg;
	void *hdr;

	msg = hg_reply_new(info, cmd, HG_MSG_BIG, &hdr);
	if (!msg)
		return -ENOMEM;
	return hg_reply_send(msg, hdr, info, hg_put_approval(msg, a));
}

/*
 * The tenant and the approval a request names: HASHGUARD_A_TENANT (name
 * or id) and HASHGUARD_A_APPROVAL with at least the reference.
 */
static int hg_parse_approval(struct genl_info *info,
			     const struct nla_policy *pol, struct nlattr **atb,
			     const char **tname, u32 *tid)
{
	struct nlattr *ttb[HASHGUARD_TENANT_A_MAX + 1];
	struct nlattr *nest = info->attrs[HASHGUARD_A_APPROVAL];
	int ret;

	ret = hg_parse_req_tenant(info, hg_tenant_sel_policy, ttb, true,
				  tname, tid);
	if (ret)
		return ret;
	if (GENL_REQ_ATTR_CHECK(info, HASHGUARD_A_APPROVAL)) {
		NL_SET_ERR_MSG(info->extack, "missing HASHGUARD_A_APPROVAL");
		return -EINVAL;
	}
	ret = nla_parse_nested(atb, HASHGUARD_APPROVAL_A_MAX, nest, pol,
			       info->extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, atb,
			      HASHGUARD_APPROVAL_A_REF)) {
		NL_SET_ERR_MSG(info->extack, "missing HASHGUARD_APPROVAL_A_REF");
		return -EINVAL;
	}
	if (hg_approval_text_valid(nla_data(atb[HASHGUARD_APPROVAL_A_REF]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, atb[HASHGUARD_APPROVAL_A_REF],
				    "HASHGUARD_APPROVAL_A_REF is empty or holds a control character");
		return -EINVAL;
	}
	return 0;
}

/* Check the scope and times of a grant; fill @req. */
static int hg_parse_grant(struct nlattr **atb, struct hg_approval_req *req,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *exe = atb[HASHGUARD_APPROVAL_A_EXE];
	struct nlattr *nb = atb[HASHGUARD_APPROVAL_A_NOT_BEFORE];
	struct nlattr *exp = atb[HASHGUARD_APPROVAL_A_EXPIRES];
	time64_t now = ktime_get_real_seconds();

	req->ref = nla_data(atb[HASHGUARD_APPROVAL_A_REF]);
	if (exe) {
		req->exe = nla_data(exe);
		if (req->exe[0] != '/' || hg_approval_text_valid(req->exe)) {
			NL_SET_ERR_MSG_ATTR(extack, exe,
					    "HASHGUARD_APPROVAL_A_EXE must be an absolute path without control characters");
			return -EINVAL;
		}
	}
	req->not_before = nb ? nla_get_u64(nb) : 0;
	req->expires = exp ? nla_get_u64(exp) : 0;
	if (req->expires &&
	    (req->expires <= now || req->expires <= req->not_before)) {
		NL_SET_ERR_MSG_ATTR(extack, exp,
				    "HASHGUARD_APPROVAL_A_EXPIRES must come after both now and NOT_BEFORE");
		return -EINVAL;
	}
	return 0;
}

static int hg_nl_new_approval(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *atb[HASHGUARD_APPROVAL_A_MAX + 1];
	struct hg_approval_req req = {};
	struct hg_approval_info *a;
	const char *tname;
	u32 tid, flags = 0;
	int ret;

	atomic64_inc(&hg_nl_requests);
	ret = hg_parse_approval(info, hg_approval_new_policy, atb, &tname,
				&tid);
	if (ret)
		return ret;
	ret = hg_parse_grant(atb, &req, info->extack);
	if (ret)
		return ret;
	if (atb[HASHGUARD_APPROVAL_A_FLAGS])
		flags = nla_get_u32(atb[HASHGUARD_APPROVAL_A_FLAGS]);
	a = kmalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	ret = hg_approval_set(tname, tid, &req,
			      flags & HASHGUARD_APPROVAL_F_EXCL, a,
			      info->extack);
	if (!ret) {
		hg_audit_approval("approval_set", a, true);
		hg_netlink_notify_approval(HASHGUARD_CMD_NEW_APPROVAL, a, true);
		/* After the announcement, so that it comes first. */
		hg_engine_cover_changed();
		ret = hg_reply_approval(info, HASHGUARD_CMD_NEW_APPROVAL, a);
	}
	kfree(a);
	return ret;
}

/* DEL_APPROVAL and GET_APPROVAL: find the approval named, act, describe it. */
static int hg_nl_sel_approval(struct sk_buff *skb, struct genl_info *info)
{
	bool del = info->genlhdr->cmd == HASHGUARD_CMD_DEL_APPROVAL;
	struct nlattr *atb[HASHGUARD_APPROVAL_A_MAX + 1];
	struct hg_approval_info *a;
	const char *tname, *ref;
	u32 tid;
	int ret;

	atomic64_inc(&hg_nl_requests);
	ret = hg_parse_approval(info, hg_approval_sel_policy, atb, &tname,
				&tid);
	if (ret)
		return ret;
	ref = nla_data(atb[HASHGUARD_APPROVAL_A_REF]);
	a = kmalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	ret = del ? hg_approval_del(tname, tid, ref, a, info->extack) :
		    hg_approval_get(tname, tid, ref, a, info->extack);
	if (!ret) {
		if (del) {
			hg_audit_approval("approval_revoke", a, true);
			hg_netlink_notify_approval(HASHGUARD_CMD_DEL_APPROVAL,
						   a, true);
			hg_engine_cover_changed();
		}
		ret = hg_reply_approval(info, info->genlhdr->cmd, a);
	}
	kfree(a);
	return ret;
}

/* cb->args: [0] smallest id not yet dumped, [1] tenant id + 1 (0: all) */
static int hg_nl_dump_approvals(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct hg_approval_info *a;
	void *hdr;
	u32 tenant;
	int ret = 0;

	if (!cb->args[HG_CB_CHECKED]) {
		struct nlattr *sel = genl_dumpit_info(cb)->attrs[HASHGUARD_A_APPROVAL];

		if (sel) {
			NL_SET_ERR_MSG_ATTR(cb->extack, sel,
					    "HASHGUARD_A_APPROVAL selects one approval, not a dump");
			return -EINVAL;
		}
		ret = hg_nl_dump_filter(cb);
		if (ret)
			return ret;
		cb->args[HG_CB_CHECKED] = 1;
	}
	tenant = cb->args[1] ? cb->args[1] - 1 : U32_MAX;
	a = kmalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	/* 0 would mean "no consistency check". */
	cb->seq = hg_approval_generation() | 1;
	while (!hg_approval_nth(cb->args[0], tenant, a)) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &hg_family, NLM_F_MULTI,
				  HASHGUARD_CMD_GET_APPROVAL);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (hg_put_approval(skb, a)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = (unsigned long)a->id + 1;
	}
	/* One that does not fit an empty message would loop forever. */
	if (!skb->len && !hg_approval_nth(cb->args[0], tenant, a))
		ret = -EMSGSIZE;
	kfree(a);
	return ret ? ret : skb->len;
}

static int hg_nl_action(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[HASHGUARD_ACTION_A_MAX + 1], *nest;
	struct hg_audit_action act = {};
	struct hg_task_info *ti;
	struct hg_proc *p;
	bool found = false;
	u64 start = 0;
	int ret;

	atomic64_inc(&hg_nl_requests);
	if (GENL_REQ_ATTR_CHECK(info, HASHGUARD_A_ACTION)) {
		NL_SET_ERR_MSG(info->extack, "missing HASHGUARD_A_ACTION");
		return -EINVAL;
	}
	nest = info->attrs[HASHGUARD_A_ACTION];
	ret = nla_parse_nested(tb, HASHGUARD_ACTION_A_MAX, nest,
			       hg_action_policy, info->extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, HASHGUARD_ACTION_A_TGID) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb, HASHGUARD_ACTION_A_KIND) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb, HASHGUARD_ACTION_A_OUTCOME)) {
		NL_SET_ERR_MSG(info->extack,
			       "an action needs HASHGUARD_ACTION_A_TGID, _KIND and _OUTCOME");
		return -EINVAL;
	}
	act.tgid = nla_get_u32(tb[HASHGUARD_ACTION_A_TGID]);
	act.kind = nla_get_u8(tb[HASHGUARD_ACTION_A_KIND]);
	act.outcome = nla_get_u8(tb[HASHGUARD_ACTION_A_OUTCOME]);
	if (tb[HASHGUARD_ACTION_A_REASON])
		act.reason = nla_data(tb[HASHGUARD_ACTION_A_REASON]);
	if (tb[HASHGUARD_ACTION_A_DETAIL])
		act.detail = nla_data(tb[HASHGUARD_ACTION_A_DETAIL]);
	if (tb[HASHGUARD_ACTION_A_START_TIME])
		start = nla_get_u64(tb[HASHGUARD_ACTION_A_START_TIME]);

	ti = kmalloc(sizeof(*ti), GFP_KERNEL);
	if (!ti)
		return -ENOMEM;
	mutex_lock(&hg_task_mutex);
	p = hg_proc_find_tgid(act.tgid, start);
	if (p) {
		hg_proc_info(p, ti);
		found = true;
	}
	mutex_unlock(&hg_task_mutex);
	hg_audit_action(&act, found ? ti : NULL);
	atomic64_inc(&hg_nl_actions);
	kfree(ti);
	return 0;
}

static const struct genl_ops hg_ops[] = {
	/* Status and configuration reveal no tenant data: open to all. */
	{
		.cmd = HASHGUARD_CMD_GET_STATUS,
		.doit = hg_nl_get_status,
		.policy = hg_status_policy,
		.maxattr = HASHGUARD_A_MAX,
	},
	{
		.cmd = HASHGUARD_CMD_GET_CONFIG,
		.doit = hg_nl_get_config,
		.policy = hg_status_policy,
		.maxattr = HASHGUARD_A_MAX,
	},
	{
		.cmd = HASHGUARD_CMD_SET_CONFIG,
		.doit = hg_nl_set_config,
		.policy = hg_set_config_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_NEW_TENANT,
		.doit = hg_nl_new_tenant,
		.policy = hg_new_tenant_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_DEL_TENANT,
		.doit = hg_nl_sel_tenant,
		.policy = hg_sel_tenant_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_GET_TENANT,
		.start = hg_nl_dump_start,
		.doit = hg_nl_sel_tenant,
		.dumpit = hg_nl_dump_tenants,
		.policy = hg_sel_tenant_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_GET_TASK,
		.start = hg_nl_dump_start,
		.doit = hg_nl_get_task,
		.dumpit = hg_nl_dump_tasks,
		.policy = hg_get_task_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_NEW_APPROVAL,
		.doit = hg_nl_new_approval,
		.policy = hg_new_approval_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_DEL_APPROVAL,
		.doit = hg_nl_sel_approval,
		.policy = hg_sel_approval_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_GET_APPROVAL,
		.start = hg_nl_dump_start,
		.doit = hg_nl_sel_approval,
		.dumpit = hg_nl_dump_approvals,
		.policy = hg_sel_approval_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_ACTION,
		.doit = hg_nl_action,
		.policy = hg_action_op_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family hg_family __ro_after_init = {
	.name = HASHGUARD_GENL_NAME,
	.version = HASHGUARD_GENL_VERSION,
	.maxattr = HASHGUARD_A_MAX,
	.netnsok = false,
	.module = THIS_MODULE,
	.pre_doit = hg_nl_pre_doit,
	.ops = hg_ops,
	.n_ops = ARRAY_SIZE(hg_ops),
	.mcgrps = hg_mcgrps,
	.n_mcgrps = ARRAY_SIZE(hg_mcgrps),
};

/**
 * hg_netlink_counter() - counters kept here, for status
 * @counter: an enum hashguard_counter value
 *
 * Return: its value, 0 for a counter not kept here.
 */
u64 hg_netlink_counter(unsigned int counter)
{
	switch (counter) {
	case HASHGUARD_COUNTER_NL_REQUESTS:
		return atomic64_read(&hg_nl_requests);
	case HASHGUARD_COUNTER_ACTIONS:
		return atomic64_read(&hg_nl_actions);
	case HASHGUARD_COUNTER_CONFIG_EVENTS:
		return atomic64_read(&hg_nl_config_events);
	}
	return 0;
}

/**
 * hg_netlink_init() - register the family
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int __init hg_netlink_init(void)
{
	return genl_register_family(&hg_family);
}

/**
 * hg_netlink_exit() - unregister the family
 *
 * On return no handler runs and none will start.
 */
void hg_netlink_exit(void)
{
	genl_unregister_family(&hg_family);
}
