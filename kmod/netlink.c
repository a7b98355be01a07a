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
 * input.
 */

#include <linux/atomic.h>
#include <linux/hashguard.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "audit.h"
#include "config.h"
#include "netlink.h"
#include "status.h"
#include "task.h"
#include "tenant.h"
#include "version.h"

static atomic64_t hg_nl_requests = ATOMIC64_INIT(0);

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
	[HASHGUARD_A_TASK]	= HG_REPLY_ONLY,	\
	[HASHGUARD_A_EVENT]	= HG_REPLY_ONLY

static struct netlink_range_validation hg_range_hz = { 10, 10000 };
static struct netlink_range_validation hg_range_window = { 100, 60000 };
static struct netlink_range_validation hg_range_flag = { 1, 1000 };
static struct netlink_range_validation hg_range_clear = { 0, 999 };
static struct netlink_range_validation hg_range_flag_win = { 1, 100 };
static struct netlink_range_validation hg_range_clear_win = { 1, 1000 };
static struct netlink_range_validation hg_range_samples = { 1, 1000000 };
static struct netlink_range_validation hg_range_tasks = { 16, 1 << 20 };

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

static const struct nla_policy hg_status_policy[HASHGUARD_A_MAX + 1] = {
	HG_REPLY_ATTRS,
	[HASHGUARD_A_CONFIG]	 = HG_NOT_HERE,
	[HASHGUARD_A_TENANT]	 = HG_NOT_HERE,
	[HASHGUARD_A_STATE_MASK] = HG_NOT_HERE,
};

static const struct nla_policy hg_set_config_policy[HASHGUARD_A_MAX + 1] = {
	HG_REPLY_ATTRS,
	[HASHGUARD_A_CONFIG]	 = NLA_POLICY_NESTED(hg_config_policy),
	[HASHGUARD_A_TENANT]	 = HG_NOT_HERE,
	[HASHGUARD_A_STATE_MASK] = HG_NOT_HERE,
};

static const struct nla_policy hg_new_tenant_policy[HASHGUARD_A_MAX + 1] = {
	HG_REPLY_ATTRS,
	[HASHGUARD_A_CONFIG]	 = HG_NOT_HERE,
	[HASHGUARD_A_TENANT]	 = NLA_POLICY_NESTED(hg_tenant_new_policy),
	[HASHGUARD_A_STATE_MASK] = HG_NOT_HERE,
};

static const struct nla_policy hg_sel_tenant_policy[HASHGUARD_A_MAX + 1] = {
	HG_REPLY_ATTRS,
	[HASHGUARD_A_CONFIG]	 = HG_NOT_HERE,
	[HASHGUARD_A_TENANT]	 = NLA_POLICY_NESTED(hg_tenant_sel_policy),
	[HASHGUARD_A_STATE_MASK] = HG_NOT_HERE,
};

static const struct nla_policy hg_get_task_policy[HASHGUARD_A_MAX + 1] = {
	HG_REPLY_ATTRS,
	[HASHGUARD_A_CONFIG]	 = HG_NOT_HERE,
	[HASHGUARD_A_TENANT]	 = NLA_POLICY_NESTED(hg_tenant_sel_policy),
	[HASHGUARD_A_STATE_MASK] =
		NLA_POLICY_MASK(NLA_U32, BIT(HASHGUARD_STATE_MAX + 1) - 1),
};

enum hg_mcgrp {
	HG_MCGRP_DETECT,
};

static const struct genl_multicast_group hg_mcgrps[] = {
	[HG_MCGRP_DETECT] = { .name = HASHGUARD_MCGRP_DETECT,
			      .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family hg_family;

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

static int hg_reply_fail(struct sk_buff *msg, struct genl_info *info)
{
	nlmsg_free(msg);
	NL_SET_ERR_MSG(info->extack, "reply does not fit in a message");
	return -EMSGSIZE;
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
	if (nla_put_string(msg, HASHGUARD_A_VERSION, HASHGUARD_VERSION) ||
	    nla_put_u64_64bit(msg, HASHGUARD_A_UPTIME_NS,
			      hg_status_uptime_ns(), HASHGUARD_A_PAD) ||
	    nla_put_u64_64bit(msg, HASHGUARD_A_LOAD_TIME,
			      hg_status_load_time(), HASHGUARD_A_PAD) ||
	    hg_put_counters(msg))
		return hg_reply_fail(msg, info);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
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
	if (hg_put_config(msg, &cfg))
		return hg_reply_fail(msg, info);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
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

static int hg_reply_tenant(struct genl_info *info, u8 cmd,
			   const struct hg_tenant_info *t)
{
	struct sk_buff *msg;
	void *hdr;

	msg = hg_reply_new(info, cmd, NLMSG_GOODSIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	if (hg_put_tenant(msg, t))
		return hg_reply_fail(msg, info);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
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
		if (del)
			hg_audit_tenant("tenant_del", t);
		ret = hg_reply_tenant(info, info->genlhdr->cmd, t);
	}
	kfree(t);
	return ret;
}

static int hg_nl_dump_tenants(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hg_tenant_info *t;
	unsigned long idx;
	void *hdr;
	int ret = 0;

	if (!cb->args[0])
		atomic64_inc(&hg_nl_requests);
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
	nla_nest_end(msg, nest);
	return 0;
}

/* cb->args: [0] position, [1] tenant id filter + 1 (0: none), [2] mask */
static int hg_nl_task_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	struct nlattr *tb[HASHGUARD_TENANT_A_MAX + 1];
	struct nlattr *nest = di->attrs[HASHGUARD_A_TENANT];
	const char *name;
	u32 id;
	int ret;

	atomic64_inc(&hg_nl_requests);
	cb->args[2] = BIT(HASHGUARD_STATE_MAX + 1) - 1;
	if (di->attrs[HASHGUARD_A_STATE_MASK])
		cb->args[2] = nla_get_u32(di->attrs[HASHGUARD_A_STATE_MASK]);
	if (!nest)
		return 0;
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

static int hg_nl_dump_tasks(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hg_task_info *ti;
	unsigned long idx = 0;
	struct hg_proc *p;
	bool full = false;
	void *hdr;

	ti = kmalloc(sizeof(*ti), GFP_KERNEL);
	if (!ti)
		return -ENOMEM;
	mutex_lock(&hg_task_mutex);
	/* 0 would mean "no consistency check". */
	cb->seq = (unsigned int)hg_task_gen | 1;
	list_for_each_entry(p, &hg_procs, link) {
		if (idx++ < cb->args[0])
			continue;
		if (cb->args[1] && p->tenant_id != cb->args[1] - 1)
			continue;
		if (!(cb->args[2] & BIT(p->verdict.state)))
			continue;
		hg_proc_info(p, ti);
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &hg_family, NLM_F_MULTI,
				  HASHGUARD_CMD_GET_TASK);
		if (!hdr) {
			full = true;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		if (hg_put_task(skb, ti)) {
			genlmsg_cancel(skb, hdr);
			full = true;
			break;
		}
		genlmsg_end(skb, hdr);
	}
	if (full)
		idx--;
	cb->args[0] = idx;
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
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
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

static const struct genl_ops hg_ops[] = {
	{
		.cmd = HASHGUARD_CMD_GET_STATUS,
		.doit = hg_nl_get_status,
		.policy = hg_status_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_GET_CONFIG,
		.doit = hg_nl_get_config,
		.policy = hg_status_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
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
		.doit = hg_nl_sel_tenant,
		.dumpit = hg_nl_dump_tenants,
		.policy = hg_sel_tenant_policy,
		.maxattr = HASHGUARD_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HASHGUARD_CMD_GET_TASK,
		.start = hg_nl_task_start,
		.dumpit = hg_nl_dump_tasks,
		.policy = hg_get_task_policy,
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
	.ops = hg_ops,
	.n_ops = ARRAY_SIZE(hg_ops),
	.mcgrps = hg_mcgrps,
	.n_mcgrps = ARRAY_SIZE(hg_mcgrps),
};

/**
 * hg_netlink_requests() - requests handled so far
 *
 * Return: the number of netlink requests the family answered.
 */
u64 hg_netlink_requests(void)
{
	return atomic64_read(&hg_nl_requests);
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
