// SPDX-License-Identifier: GPL-2.0
/*
 * The notification layer: the "hashguard" generic netlink family object,
 * the attribute writers and the announcements.
 *
 * Changes made by requests (tenants, approvals, configuration) and
 * expiries are announced on the "config" group; detection events go to
 * the "detect" group.  Both need CAP_NET_ADMIN to join.  Every
 * announcement is made from process context, after the change and
 * outside the lock of the file that made it.
 *
 * The family's commands (netlink.c) are given to hg_notify_register();
 * this file knows no command handler.  Approval changes reach the engine
 * through the function it set with hg_notify_set_cover().
 */

#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/hashguard.h>
#include <linux/sched.h>
#include <linux/uidgid.h>
#include <net/genetlink.h>

#include "audit.h"
#include "info.h"
#include "notify.h"

static atomic64_t hg_nl_requests = ATOMIC64_INIT(0);
static atomic64_t hg_nl_config_events = ATOMIC64_INIT(0);
static atomic64_t hg_nl_actions = ATOMIC64_INIT(0);

/* The engine's "approvals changed", while it runs. */
static hg_cover_fn hg_cover_changed;

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

/* The commands are set by hg_notify_register(), at module init. */
static struct genl_family hg_family __ro_after_init = {
	.name = HASHGUARD_GENL_NAME,
	.version = HASHGUARD_GENL_VERSION,
	.maxattr = HASHGUARD_A_MAX,
	.netnsok = false,
	.module = THIS_MODULE,
	.mcgrps = hg_mcgrps,
	.n_mcgrps = ARRAY_SIZE(hg_mcgrps),
};

/**
 * hg_notify_register() - register the family with its commands
 * @ops: the commands
 * @n_ops: how many
 * @pre_doit: run before every doit handler
 *
 * Context: module init.
 * Return: 0 or a negative errno from genl_register_family().
 */
int hg_notify_register(const struct genl_ops *ops, unsigned int n_ops,
		       int (*pre_doit)(const struct genl_ops *ops,
				       struct sk_buff *skb,
				       struct genl_info *info))
{
	hg_family.ops = ops;
	hg_family.n_ops = n_ops;
	hg_family.pre_doit = pre_doit;
	return genl_register_family(&hg_family);
}

/**
 * hg_notify_unregister() - unregister the family
 *
 * On return no handler runs and none will start.
 */
void hg_notify_unregister(void)
{
	genl_unregister_family(&hg_family);
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

static int hg_put_obj(struct sk_buff *msg, const struct hg_obj *obj)
{
	switch (obj->kind) {
	case HG_OBJ_CONFIG:
		return hg_put_config(msg, obj->cfg);
	case HG_OBJ_TENANT:
		return hg_put_tenant(msg, obj->tenant);
	case HG_OBJ_TASK:
		return hg_put_task(msg, obj->task);
	case HG_OBJ_APPROVAL:
		return hg_put_approval(msg, obj->approval);
	}
	return -EINVAL;
}

/* Room for a message carrying one object of @kind. */
static size_t hg_obj_size(enum hg_obj_kind kind)
{
	switch (kind) {
	case HG_OBJ_CONFIG:
		return NLMSG_DEFAULT_SIZE;
	case HG_OBJ_TENANT:
		return NLMSG_GOODSIZE;
	default:
		return HG_MSG_BIG;
	}
}

/**
 * hg_reply_new() - start a reply to a request
 * @info: the request
 * @cmd: the reply's command
 * @size: room for its attributes
 * @hdr: set to its header
 *
 * Return: the message, or NULL without memory.
 */
struct sk_buff *hg_reply_new(struct genl_info *info, u8 cmd, size_t size,
			     void **hdr)
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

/**
 * hg_reply_send() - send a reply from hg_reply_new()
 * @msg: the reply
 * @hdr: its header
 * @info: the request
 * @err: filling it failed: free it, and say so in the extended ack
 *
 * Return: 0 or a negative errno.
 */
int hg_reply_send(struct sk_buff *msg, void *hdr, struct genl_info *info,
		  int err)
{
	if (err) {
		nlmsg_free(msg);
		NL_SET_ERR_MSG(info->extack, "reply does not fit in a message");
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/**
 * hg_reply_obj() - reply to a request with one object
 * @info: the request
 * @cmd: the reply's command
 * @obj: the object
 *
 * Return: 0 or a negative errno.
 */
int hg_reply_obj(struct genl_info *info, u8 cmd, const struct hg_obj *obj)
{
	struct sk_buff *msg;
	void *hdr;

	msg = hg_reply_new(info, cmd, hg_obj_size(obj->kind), &hdr);
	if (!msg)
		return -ENOMEM;
	return hg_reply_send(msg, hdr, info, hg_put_obj(msg, obj));
}

/**
 * hg_dump_obj() - add one object to a dump
 * @skb: the dump's message buffer
 * @cb: the dump, its cb->seq set for the consistency check
 * @cmd: the command of the dump's messages
 * @obj: the object
 *
 * Return: 0, or -EMSGSIZE if it does not fit (and nothing was added).
 */
int hg_dump_obj(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd,
		const struct hg_obj *obj)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &hg_family, NLM_F_MULTI, cmd);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (hg_put_obj(skb, obj)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * Send @obj to the "config" group, if anybody listens; @by_caller: a
 * request made the change: name the calling task.
 */
static void hg_ntf_config(u8 cmd, const struct hg_obj *obj, bool by_caller)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&hg_family, &init_net, HG_MCGRP_CONFIG))
		return;
	msg = genlmsg_new(hg_obj_size(obj->kind), GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &hg_family, 0, cmd);
	if (!hdr || hg_put_obj(msg, obj) || (by_caller && hg_put_caller(msg))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	if (!genlmsg_multicast(&hg_family, msg, 0, HG_MCGRP_CONFIG,
			       GFP_KERNEL))
		atomic64_inc(&hg_nl_config_events);
}

/**
 * hg_announce_config() - the configuration changed, by request
 * @old: before
 * @cfg: after
 *
 * Context: process context, in the requester's task.
 */
void hg_announce_config(const struct hg_config *old,
			const struct hg_config *cfg)
{
	hg_audit_config(old, cfg);
	hg_ntf_config(HASHGUARD_CMD_SET_CONFIG,
		      &HG_OBJ(HG_OBJ_CONFIG, cfg, cfg), true);
}

/**
 * hg_announce_tenant() - a tenant came or went, by request
 * @cmd: %HASHGUARD_CMD_NEW_TENANT or %HASHGUARD_CMD_DEL_TENANT
 * @t: the tenant
 *
 * Context: process context, in the requester's task.
 */
void hg_announce_tenant(u8 cmd, const struct hg_tenant_info *t)
{
	hg_audit_tenant(cmd == HASHGUARD_CMD_NEW_TENANT ? "tenant_add" :
							  "tenant_del", t);
	hg_ntf_config(cmd, &HG_OBJ(HG_OBJ_TENANT, tenant, t), true);
}

/**
 * hg_announce_approval() - an approval was granted, revoked or expired
 * @cmd: %HASHGUARD_CMD_NEW_APPROVAL or %HASHGUARD_CMD_DEL_APPROVAL
 * @a: the approval; for a removal, its end says why
 *
 * A grant or a revocation is made by the calling task, an expiry by
 * nobody.  The engine is asked to work coverage out again after the
 * announcement, so that the announcement comes first.
 *
 * Context: process context.
 */
void hg_announce_approval(u8 cmd, const struct hg_approval_info *a)
{
	bool expired = a->end == HASHGUARD_APPROVAL_END_EXPIRED;

	hg_audit_approval(cmd == HASHGUARD_CMD_NEW_APPROVAL ? "approval_set" :
			  expired ? "approval_expire" : "approval_revoke",
			  a, !expired);
	hg_ntf_config(cmd, &HG_OBJ(HG_OBJ_APPROVAL, approval, a), !expired);
	hg_announce_cover();
}

/**
 * hg_announce_cover() - which approvals are valid changed
 *
 * For an approval whose validity began, and after every announcement of
 * an approval: the engine works out coverage again.
 *
 * Context: any context that may take a spinlock.
 */
void hg_announce_cover(void)
{
	hg_cover_fn fn = READ_ONCE(hg_cover_changed);

	if (fn)
		fn();
}

/**
 * hg_notify_set_cover() - say who works out coverage again
 * @cover_changed: the engine's function, or NULL once it has stopped
 *
 * @cover_changed must stay callable, doing nothing, after it is unset:
 * an announcement may have read it just before.
 */
void hg_notify_set_cover(hg_cover_fn cover_changed)
{
	WRITE_ONCE(hg_cover_changed, cover_changed);
}

/**
 * hg_announce_task() - a detection event about a process
 * @ev: the event
 * @ti: the process
 *
 * Writes the audit line (none for %HASHGUARD_EVENT_EXITED) and sends the
 * event to the "detect" group.
 *
 * Context: process context.
 * Return: 0 if sent, -ESRCH without listeners, or another negative errno.
 */
int hg_announce_task(enum hashguard_event ev, const struct hg_task_info *ti)
{
	struct sk_buff *msg;
	void *hdr;

	if (ev != HASHGUARD_EVENT_EXITED)
		hg_audit_task(ev, ti);
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

/**
 * hg_announce_action() - a policy agent reports what it did
 * @act: the action
 * @ti: the process acted on, or NULL if it is not tracked
 *
 * Context: process context, in the agent's task.
 */
void hg_announce_action(const struct hg_audit_action *act,
			const struct hg_task_info *ti)
{
	hg_audit_action(act, ti);
	atomic64_inc(&hg_nl_actions);
}

/**
 * hg_notify_request() - count a request to the family
 */
void hg_notify_request(void)
{
	atomic64_inc(&hg_nl_requests);
}

/**
 * hg_notify_counter() - counters kept here, for status
 * @counter: an enum hashguard_counter value
 *
 * Return: its value, 0 for a counter not kept here.
 */
u64 hg_notify_counter(unsigned int counter)
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
