/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tenants: cgroup v2 subtrees registered under a name.  A task belongs to
 * the tenant of the nearest registered ancestor of its cgroup, or to the
 * host tenant (id 0).
 */
#ifndef _HG_TENANT_H
#define _HG_TENANT_H

#include <linux/hashguard.h>
#include <linux/list.h>
#include <linux/types.h>

#include "info.h"

struct cgroup;
struct netlink_ext_ack;
struct task_struct;

/**
 * struct hg_tenant - a registered tenant
 * @hnode: in the hash by cgroup id (RCU)
 * @link: in the list by id (RCU)
 * @id: id, never reused
 * @name: name
 * @path: path of the cgroup from the cgroup v2 root
 * @cgid: cgroup id
 * @cgrp: reference to the cgroup
 * @processes: gauge, tracked processes in the last window
 * @flagged: gauge, flagged processes in the last window
 * @next_processes: @processes being counted by the current window
 * @next_flagged: @flagged being counted by the current window
 * @rcu: for freeing after readers
 */
struct hg_tenant {
	struct hlist_node hnode;
	struct list_head link;
	u32 id;
	char name[HASHGUARD_TENANT_NAME_MAX];
	char *path;
	u64 cgid;
	struct cgroup *cgrp;
	u32 processes;
	u32 flagged;
	u32 next_processes;
	u32 next_flagged;
	struct rcu_head rcu;
};

void hg_tenant_exit(void);
void hg_tenant_lock(void);
void hg_tenant_unlock(void);
void hg_tenant_set_busy(bool (*busy)(u32 tenant_id));
int hg_tenant_name_valid(const char *name);
int hg_tenant_add(const char *name, const char *path,
		  struct hg_tenant_info *info, struct netlink_ext_ack *extack);
int hg_tenant_del(const char *name, u32 id, struct hg_tenant_info *info,
		  struct netlink_ext_ack *extack);
int hg_tenant_get(const char *name, u32 id, struct hg_tenant_info *info,
		  struct netlink_ext_ack *extack);
int hg_tenant_nth(unsigned long idx, struct hg_tenant_info *info);
struct hg_tenant *hg_tenant_of_task(struct task_struct *task);
int hg_tenant_lookup_id(const char *name, u32 id, u32 *out);
int hg_tenant_resolve(const char *name, u32 id, u32 *out, char *out_name,
		      struct netlink_ext_ack *extack);
void hg_tenant_name(u32 id, char *buf, size_t len);
void hg_tenant_count_begin(void);
void hg_tenant_count(struct hg_tenant *t, bool flagged);
void hg_tenant_count_end(void);
u64 hg_tenant_counter(unsigned int counter);
unsigned int hg_tenant_generation(void);

#endif /* _HG_TENANT_H */
