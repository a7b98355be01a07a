/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The notification layer, below the files that keep state: the generic
 * netlink family object, the writers of each object's attributes (for
 * replies, dumps and notifications alike) and one announce function per
 * kind of object, which does everything that follows a change: the
 * audit line, the multicast and, for approvals, the cover recomputation.
 *
 * The files that keep state report their changes down into this layer;
 * only netlink.c, at the top, registers the commands.
 */
#ifndef _HG_NOTIFY_H
#define _HG_NOTIFY_H

#include <linux/hashguard.h>
#include <linux/types.h>

#include "info.h"

struct genl_info;
struct genl_ops;
struct hg_audit_action;
struct netlink_callback;
struct sk_buff;

/* Room for a message that may carry an executable path. */
#define HG_MSG_BIG	(NLMSG_DEFAULT_SIZE + HASHGUARD_EXE_PATH_MAX)

/**
 * enum hg_obj_kind - the kinds of object a message carries
 * @HG_OBJ_CONFIG: &struct hg_config, in %HASHGUARD_A_CONFIG
 * @HG_OBJ_TENANT: &struct hg_tenant_info, in %HASHGUARD_A_TENANT
 * @HG_OBJ_TASK: &struct hg_task_info, in %HASHGUARD_A_TASK
 * @HG_OBJ_APPROVAL: &struct hg_approval_info, in %HASHGUARD_A_APPROVAL
 */
enum hg_obj_kind {
	HG_OBJ_CONFIG,
	HG_OBJ_TENANT,
	HG_OBJ_TASK,
	HG_OBJ_APPROVAL,
};

/**
 * struct hg_obj - one object to write into a message
 * @kind: which member is set
 * @cfg: a configuration
 * @tenant: a tenant
 * @task: a process
 * @approval: an approval
 */
struct hg_obj {
	enum hg_obj_kind kind;
	union {
		const struct hg_config *cfg;
		const struct hg_tenant_info *tenant;
		const struct hg_task_info *task;
		const struct hg_approval_info *approval;
	};
};

/* The engine's "approvals changed: work out coverage again". */
typedef void (*hg_cover_fn)(void);

#define HG_OBJ(k, member, p)	((struct hg_obj){ .kind = (k), .member = (p) })

/* The family. */
int hg_notify_register(const struct genl_ops *ops, unsigned int n_ops,
		       int (*pre_doit)(const struct genl_ops *ops,
				       struct sk_buff *skb,
				       struct genl_info *info));
void hg_notify_unregister(void);

/* Replies and dumps. */
struct sk_buff *hg_reply_new(struct genl_info *info, u8 cmd, size_t size,
			     void **hdr);
int hg_reply_send(struct sk_buff *msg, void *hdr, struct genl_info *info,
		  int err);
int hg_reply_obj(struct genl_info *info, u8 cmd, const struct hg_obj *obj);
int hg_dump_obj(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd,
		const struct hg_obj *obj);

/* What follows a change. */
void hg_announce_config(const struct hg_config *old,
			const struct hg_config *cfg);
void hg_announce_tenant(u8 cmd, const struct hg_tenant_info *t);
void hg_announce_approval(u8 cmd, const struct hg_approval_info *a);
void hg_announce_cover(void);
int hg_announce_task(enum hashguard_event ev, const struct hg_task_info *ti);
void hg_announce_action(const struct hg_audit_action *act,
			const struct hg_task_info *ti);
void hg_notify_set_cover(hg_cover_fn cover_changed);

/* Counters of the family, for status. */
void hg_notify_request(void);
u64 hg_notify_counter(unsigned int counter);

#endif /* _HG_NOTIFY_H */
