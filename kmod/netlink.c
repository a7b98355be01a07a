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
 * This file is the top of the module: the family object, the attribute
 * writers and the announcements of changes are in notify.c, below the
 * files that make the changes; nothing but main.c calls in here.
 */

#include <linux/hashguard.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "approval.h"
#include "audit.h"
#include "config.h"
#include "netlink.h"
#include "notify.h"
#include "status.h"
#include "task.h"
#include "tenant.h"
#include "version.h"

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

static int hg_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	hg_notify_request();
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

static int hg_reply_config(struct genl_info *info, u8 cmd)
{
	struct hg_config cfg;

	hg_config_get(&cfg);
	return hg_reply_obj(info, cmd, &HG_OBJ(HG_OBJ_CONFIG, cfg, &cfg));
}

static int hg_nl_get_config(struct sk_buff *skb, struct genl_info *info)
{
	hg_notify_request();
	return hg_reply_config(info, HASHGUARD_CMD_GET_CONFIG);
}

static int hg_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[HASHGUARD_CONFIG_A_MAX + 1];
	struct hg_config cfg, old;
	int ret;

	hg_notify_request();
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
	return hg_reply_config(info, HASHGUARD_CMD_SET_CONFIG);
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

/* NEW_TENANT, DEL_TENANT and GET_TENANT: act on a tenant, describe it. */
static int hg_nl_tenant(struct sk_buff *skb, struct genl_info *info)
{
	u8 cmd = info->genlhdr->cmd;
	bool add = cmd == HASHGUARD_CMD_NEW_TENANT;
	struct nlattr *tb[HASHGUARD_TENANT_A_MAX + 1];
	struct hg_tenant_info *t;
	const char *name;
	u32 id;
	int ret;

	hg_notify_request();
	ret = hg_parse_req_tenant(info, add ? hg_tenant_new_policy :
					      hg_tenant_sel_policy,
				  tb, !add, &name, &id);
	if (ret)
		return ret;
	if (add && (!name || !tb[HASHGUARD_TENANT_A_CGROUP])) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[HASHGUARD_A_TENANT],
				    "a new tenant needs HASHGUARD_TENANT_A_NAME and HASHGUARD_TENANT_A_CGROUP");
		return -EINVAL;
	}
	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	if (add)
		ret = hg_tenant_add(name, nla_data(tb[HASHGUARD_TENANT_A_CGROUP]),
				    t, info->extack);
	else if (cmd == HASHGUARD_CMD_DEL_TENANT)
		ret = hg_tenant_del(name, id, t, info->extack);
	else
		ret = hg_tenant_get(name, id, t, info->extack);
	if (!ret)
		ret = hg_reply_obj(info, cmd, &HG_OBJ(HG_OBJ_TENANT, tenant, t));
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
	hg_notify_request();
	/* Room for one message with an executable path. */
	cb->min_dump_alloc = HG_MSG_BIG;
	return 0;
}

static int hg_nl_dump_tenants(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hg_tenant_info *t;
	unsigned long idx;
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
	for (idx = cb->args[0]; !hg_tenant_nth(idx, t); idx++)
		if (hg_dump_obj(skb, cb, HASHGUARD_CMD_GET_TENANT,
				&HG_OBJ(HG_OBJ_TENANT, tenant, t)))
			break;
	/* A tenant too big for an empty message would loop forever. */
	if (idx == cb->args[0] && !hg_tenant_nth(idx, t))
		ret = -EMSGSIZE;
	cb->args[0] = idx;
	kfree(t);
	return ret ? ret : skb->len;
}

static int hg_nl_get_task(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[HASHGUARD_TASK_A_MAX + 1], *nest;
	struct hg_task_info *ti;
	int ret;

	hg_notify_request();
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
	ret = hg_task_get(nla_get_u32(tb[HASHGUARD_TASK_A_TGID]),
			  tb[HASHGUARD_TASK_A_START_TIME] ?
			  nla_get_u64(tb[HASHGUARD_TASK_A_START_TIME]) : 0, ti);
	if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HASHGUARD_TASK_A_TGID],
				    "process not tracked");
	else
		ret = hg_reply_obj(info, HASHGUARD_CMD_GET_TASK,
				   &HG_OBJ(HG_OBJ_TASK, task, ti));
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
 * mask, [3] tgid of the last process sent (0: none yet), [4] its start
 * time: a &struct hg_task_cursor.
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
 * A dump resumes after the last process it sent (task.c keeps processes
 * in the order they started being tracked), so it lists every process
 * tracked throughout exactly once, whatever came and went meanwhile.
 * Only if that process is gone is the place lost: the dump starts over
 * and says so with NLM_F_DUMP_INTR (a new cb->seq).
 */
static int hg_nl_dump_tasks(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hg_task_cursor c;
	struct hg_task_info *ti;
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
	c.lost = cb->args[0];
	c.tenant_id = cb->args[1] ? cb->args[1] - 1 : U32_MAX;
	c.states = cb->args[2];
	c.tgid = cb->args[3];
	c.start = cb->args[4];
	for (;;) {
		ret = hg_task_next(&c, ti);
		/* 0 would mean "no consistency check". */
		cb->seq = ((unsigned int)c.lost << 1) | 1;
		if (ret || hg_dump_obj(skb, cb, HASHGUARD_CMD_GET_TASK,
				       &HG_OBJ(HG_OBJ_TASK, task, ti)))
			break;
		c.tgid = ti->tgid;
		c.start = ti->start_time;
	}
	cb->args[0] = c.lost;
	cb->args[3] = c.tgid;
	cb->args[4] = c.start;
	kfree(ti);
	return skb->len;
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

/* NEW_APPROVAL, DEL_APPROVAL and GET_APPROVAL: act on one, describe it. */
static int hg_nl_approval(struct sk_buff *skb, struct genl_info *info)
{
	u8 cmd = info->genlhdr->cmd;
	bool grant = cmd == HASHGUARD_CMD_NEW_APPROVAL;
	struct nlattr *atb[HASHGUARD_APPROVAL_A_MAX + 1];
	struct hg_approval_req req = {};
	struct hg_approval_info *a;
	const char *tname, *ref;
	u32 tid, flags = 0;
	int ret;

	hg_notify_request();
	ret = hg_parse_approval(info, grant ? hg_approval_new_policy :
					      hg_approval_sel_policy,
				atb, &tname, &tid);
	if (ret)
		return ret;
	if (grant) {
		ret = hg_parse_grant(atb, &req, info->extack);
		if (ret)
			return ret;
		if (atb[HASHGUARD_APPROVAL_A_FLAGS])
			flags = nla_get_u32(atb[HASHGUARD_APPROVAL_A_FLAGS]);
	}
	ref = nla_data(atb[HASHGUARD_APPROVAL_A_REF]);
	a = kmalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	if (grant)
		ret = hg_approval_set(tname, tid, &req,
				      flags & HASHGUARD_APPROVAL_F_EXCL, a,
				      info->extack);
	else if (cmd == HASHGUARD_CMD_DEL_APPROVAL)
		ret = hg_approval_del(tname, tid, ref, a, info->extack);
	else
		ret = hg_approval_get(tname, tid, ref, a, info->extack);
	if (!ret)
		ret = hg_reply_obj(info, cmd,
				   &HG_OBJ(HG_OBJ_APPROVAL, approval, a));
	kfree(a);
	return ret;
}

/* cb->args: [0] smallest id not yet dumped, [1] tenant id + 1 (0: all) */
static int hg_nl_dump_approvals(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct hg_approval_info *a;
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
		if (hg_dump_obj(skb, cb, HASHGUARD_CMD_GET_APPROVAL,
				&HG_OBJ(HG_OBJ_APPROVAL, approval, a)))
			break;
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
	u64 start = 0;
	int ret;

	hg_notify_request();
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
	hg_announce_action(&act, hg_task_get(act.tgid, start, ti) ? NULL : ti);
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
		.doit = hg_nl_tenant,
		.policy = hg_new_tenant_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_DEL_TENANT,
		.doit = hg_nl_tenant,
		.policy = hg_sel_tenant_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_GET_TENANT,
		.start = hg_nl_dump_start,
		.doit = hg_nl_tenant,
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
		.doit = hg_nl_approval,
		.policy = hg_new_approval_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_DEL_APPROVAL,
		.doit = hg_nl_approval,
		.policy = hg_sel_approval_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_GET_APPROVAL,
		.start = hg_nl_dump_start,
		.doit = hg_nl_approval,
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

/**
 * hg_netlink_init() - register the family with these commands
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int hg_netlink_init(void)
{
	return hg_notify_register(hg_ops, ARRAY_SIZE(hg_ops), hg_nl_pre_doit);
}

/**
 * hg_netlink_exit() - unregister the family
 *
 * On return no handler runs and none will start.
 */
void hg_netlink_exit(void)
{
	hg_notify_unregister();
}
