// SPDX-License-Identifier: GPL-2.0
/*
 * Tenants.  Writers (netlink requests) hold hg_tenant_mutex; lookups from
 * a task's cgroup and by id run under RCU.  The window work holds the
 * mutex while it attributes processes (from hg_tenant_count_begin() to
 * hg_tenant_count_end()), so that a tenant it found stays valid until it
 * has counted it; a grant holds it (hg_tenant_lock()) while it looks the
 * tenant up and inserts its approval.  Removal asks the function set by
 * hg_tenant_set_busy() (approvals) whether the tenant may go.  Additions
 * and removals are announced (notify.c).
 *
 * Each tenant holds a reference to its cgroup.  The cgroup can still be
 * removed (rmdir) once it has no tasks; the tenant then stays, marked as
 * gone, until it is deleted, and no task can belong to it.
 */

#include <linux/cgroup.h>
#include <linux/hashtable.h>
#include <linux/netlink.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "notify.h"
#include "tenant.h"

/* Adding and removing tenants; the window work holds it to count them. */
static DEFINE_MUTEX(hg_tenant_mutex);
/* Whether a tenant holds approvals; under hg_tenant_mutex. */
static bool (*hg_tenant_busy)(u32 tenant_id);
static LIST_HEAD(hg_tenants);
static DEFINE_HASHTABLE(hg_tenant_by_cg, 8);
static DEFINE_XARRAY(hg_tenant_ids);
static u32 hg_tenant_last_id;
static unsigned int hg_nr_tenants;
/* Bumped (by 2) whenever a tenant comes or goes, for dump consistency. */
static unsigned int hg_tenant_gen;

/* The host tenant's gauges; it has no record of its own. */
static u32 hg_host_processes, hg_host_flagged;
static u32 hg_host_next_processes, hg_host_next_flagged;

/**
 * hg_tenant_name_valid() - check a tenant name
 * @name: NUL-terminated name
 *
 * Return: 0 if valid, -EINVAL if not.
 */
int hg_tenant_name_valid(const char *name)
{
	size_t i, len = strlen(name);

	if (!len || len >= HASHGUARD_TENANT_NAME_MAX)
		return -EINVAL;
	if (name[0] == '.' || name[0] == '-')
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
			return -EINVAL;
	return 0;
}

static struct hg_tenant *hg_tenant_find_name(const char *name)
{
	struct hg_tenant *t;

	list_for_each_entry(t, &hg_tenants, link)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

static struct hg_tenant *hg_tenant_find_cgid(u64 cgid)
{
	struct hg_tenant *t;

	hash_for_each_possible_rcu(hg_tenant_by_cg, t, hnode, cgid)
		if (t->cgid == cgid)
			return t;
	return NULL;
}

static void hg_tenant_fill(const struct hg_tenant *t,
			   struct hg_tenant_info *info)
{
	memset(info, 0, sizeof(*info));
	if (!t) {
		info->id = HASHGUARD_TENANT_HOST;
		strscpy(info->name, "host", sizeof(info->name));
		info->processes = READ_ONCE(hg_host_processes);
		info->flagged = READ_ONCE(hg_host_flagged);
		return;
	}
	info->id = t->id;
	strscpy(info->name, t->name, sizeof(info->name));
	strscpy(info->path, t->path, sizeof(info->path));
	info->cgid = t->cgid;
	info->processes = READ_ONCE(t->processes);
	info->flagged = READ_ONCE(t->flagged);
	info->gone = !(READ_ONCE(t->cgrp->self.flags) & CSS_ONLINE);
}

/**
 * hg_tenant_add() - register a tenant
 * @name: its name
 * @path: its cgroup, as a path from the cgroup v2 root
 * @info: filled with the new tenant on success
 * @extack: for the error message
 *
 * Context: process context of the requester (the path is resolved in
 * its cgroup namespace), who is named in the announcement.
 * Return: 0 or a negative errno, with a message in @extack.
 */
int hg_tenant_add(const char *name, const char *path,
		  struct hg_tenant_info *info, struct netlink_ext_ack *extack)
{
	struct cgroup *cgrp;
	struct hg_tenant *t;
	char *buf = NULL;
	int ret;

	if (hg_tenant_name_valid(name)) {
		NL_SET_ERR_MSG(extack, "tenant name: 1-31 of A-Z a-z 0-9 _ . -, not first . or -");
		return -EINVAL;
	}
	if (!strcmp(name, "host")) {
		NL_SET_ERR_MSG(extack, "tenant name \"host\" is reserved for the host tenant");
		return -EEXIST;
	}
	if (path[0] != '/') {
		NL_SET_ERR_MSG(extack, "cgroup path must start with /");
		return -EINVAL;
	}

	cgrp = cgroup_get_from_path(path);
	if (IS_ERR(cgrp)) {
		NL_SET_ERR_MSG(extack, "no such cgroup in the cgroup v2 hierarchy");
		return PTR_ERR(cgrp) == -ENOTDIR ? -ENOTDIR : -ENOENT;
	}

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	buf = kmalloc(HASHGUARD_CGROUP_PATH_MAX, GFP_KERNEL);
	if (!t || !buf) {
		ret = -ENOMEM;
		goto err;
	}
	ret = cgroup_path(cgrp, buf, HASHGUARD_CGROUP_PATH_MAX);
	if (ret < 0)
		goto err;
	if (ret >= HASHGUARD_CGROUP_PATH_MAX) {
		NL_SET_ERR_MSG(extack, "cgroup path too long");
		ret = -ENAMETOOLONG;
		goto err;
	}
	t->path = kstrdup(buf, GFP_KERNEL);
	if (!t->path) {
		ret = -ENOMEM;
		goto err;
	}
	strscpy(t->name, name, sizeof(t->name));
	t->cgrp = cgrp;
	t->cgid = cgroup_id(cgrp);

	mutex_lock(&hg_tenant_mutex);
	if (hg_tenant_find_name(name)) {
		NL_SET_ERR_MSG(extack, "a tenant with this name exists");
		ret = -EEXIST;
		goto err_unlock;
	}
	if (hg_tenant_find_cgid(t->cgid)) {
		NL_SET_ERR_MSG(extack, "this cgroup is already a tenant");
		ret = -EEXIST;
		goto err_unlock;
	}
	if (hg_nr_tenants >= HASHGUARD_TENANTS_MAX || hg_tenant_last_id == U32_MAX) {
		NL_SET_ERR_MSG(extack, "too many tenants");
		ret = -ENOSPC;
		goto err_unlock;
	}
	t->id = hg_tenant_last_id + 1;
	ret = xa_insert(&hg_tenant_ids, t->id, t, GFP_KERNEL);
	if (ret)
		goto err_unlock;
	hg_tenant_last_id = t->id;
	hash_add_rcu(hg_tenant_by_cg, &t->hnode, t->cgid);
	list_add_tail_rcu(&t->link, &hg_tenants);
	hg_nr_tenants++;
	WRITE_ONCE(hg_tenant_gen, hg_tenant_gen + 2);
	hg_tenant_fill(t, info);
	mutex_unlock(&hg_tenant_mutex);
	kfree(buf);
	hg_announce_tenant(HASHGUARD_CMD_NEW_TENANT, info);
	return 0;

err_unlock:
	mutex_unlock(&hg_tenant_mutex);
err:
	if (t)
		kfree(t->path);
	kfree(t);
	kfree(buf);
	cgroup_put(cgrp);
	return ret;
}

static void hg_tenant_free_rcu(struct rcu_head *head)
{
	struct hg_tenant *t = container_of(head, struct hg_tenant, rcu);

	cgroup_put(t->cgrp);
	kfree(t->path);
	kfree(t);
}

/* Does the request (name if set, else id) name the host tenant? */
static bool hg_tenant_is_host(const char *name, u32 id)
{
	return name ? !strcmp(name, "host") : id == HASHGUARD_TENANT_HOST;
}

/* Find by name if @name is set, else by id.  hg_tenant_mutex held. */
static struct hg_tenant *hg_tenant_find(const char *name, u32 id,
					struct netlink_ext_ack *extack)
{
	struct hg_tenant *t;

	t = name ? hg_tenant_find_name(name) : xa_load(&hg_tenant_ids, id);
	if (!t)
		NL_SET_ERR_MSG(extack, "no such tenant");
	return t;
}

/**
 * hg_tenant_del() - remove a tenant
 * @name: its name, or NULL to use @id
 * @id: its id
 * @info: filled with the tenant as it was
 * @extack: for the error message
 *
 * Context: process context of the requester, who is named in the
 * announcement.
 * Return: 0, -ENOENT if there is no such tenant, -EPERM for the host,
 * -EBUSY if it holds approvals.
 */
int hg_tenant_del(const char *name, u32 id, struct hg_tenant_info *info,
		  struct netlink_ext_ack *extack)
{
	struct hg_tenant *t;

	if (hg_tenant_is_host(name, id)) {
		NL_SET_ERR_MSG(extack, "the host tenant cannot be removed");
		return -EPERM;
	}
	mutex_lock(&hg_tenant_mutex);
	t = hg_tenant_find(name, id, extack);
	if (!t) {
		mutex_unlock(&hg_tenant_mutex);
		return -ENOENT;
	}
	if (hg_tenant_busy && hg_tenant_busy(t->id)) {
		mutex_unlock(&hg_tenant_mutex);
		NL_SET_ERR_MSG(extack,
			       "the tenant holds approvals: revoke them first");
		return -EBUSY;
	}
	hg_tenant_fill(t, info);
	xa_erase(&hg_tenant_ids, t->id);
	hash_del_rcu(&t->hnode);
	list_del_rcu(&t->link);
	hg_nr_tenants--;
	WRITE_ONCE(hg_tenant_gen, hg_tenant_gen + 2);
	mutex_unlock(&hg_tenant_mutex);
	call_rcu(&t->rcu, hg_tenant_free_rcu);
	hg_announce_tenant(HASHGUARD_CMD_DEL_TENANT, info);
	return 0;
}

/**
 * hg_tenant_get() - describe one tenant
 * @name: its name, or NULL to use @id
 * @id: its id
 * @info: filled in
 * @extack: for the error message
 *
 * Return: 0 or -ENOENT.
 */
int hg_tenant_get(const char *name, u32 id, struct hg_tenant_info *info,
		  struct netlink_ext_ack *extack)
{
	struct hg_tenant *t = NULL;

	mutex_lock(&hg_tenant_mutex);
	if (!hg_tenant_is_host(name, id)) {
		t = hg_tenant_find(name, id, extack);
		if (!t) {
			mutex_unlock(&hg_tenant_mutex);
			return -ENOENT;
		}
	}
	hg_tenant_fill(t, info);
	mutex_unlock(&hg_tenant_mutex);
	return 0;
}

/**
 * hg_tenant_nth() - the tenant at a dump position
 * @idx: position: 0 is the host tenant, then by id
 * @info: filled in
 *
 * Return: 0, or -ENOENT past the end.
 */
int hg_tenant_nth(unsigned long idx, struct hg_tenant_info *info)
{
	struct hg_tenant *t;
	int ret = -ENOENT;

	if (!idx) {
		hg_tenant_fill(NULL, info);
		return 0;
	}
	mutex_lock(&hg_tenant_mutex);
	list_for_each_entry(t, &hg_tenants, link) {
		if (--idx)
			continue;
		hg_tenant_fill(t, info);
		ret = 0;
		break;
	}
	mutex_unlock(&hg_tenant_mutex);
	return ret;
}

/**
 * hg_tenant_resolve() - id and name of a tenant named or numbered in a
 * request
 * @name: its name, or NULL to use @id
 * @id: its id
 * @out: its id
 * @out_name: its name, %HASHGUARD_TENANT_NAME_MAX bytes
 * @extack: for the error message
 *
 * Context: hg_tenant_mutex held; the tenant stays until it is released.
 * Return: 0 or -ENOENT.
 */
int hg_tenant_resolve(const char *name, u32 id, u32 *out, char *out_name,
		      struct netlink_ext_ack *extack)
{
	struct hg_tenant *t;

	lockdep_assert_held(&hg_tenant_mutex);
	if (hg_tenant_is_host(name, id)) {
		*out = HASHGUARD_TENANT_HOST;
		strscpy(out_name, "host", HASHGUARD_TENANT_NAME_MAX);
		return 0;
	}
	t = hg_tenant_find(name, id, extack);
	if (!t)
		return -ENOENT;
	*out = t->id;
	strscpy(out_name, t->name, HASHGUARD_TENANT_NAME_MAX);
	return 0;
}

/**
 * hg_tenant_lookup_id() - id of a tenant named or numbered in a request
 * @name: its name, or NULL to check @id
 * @id: its id
 * @out: the id
 *
 * Return: 0 or -ENOENT.
 */
int hg_tenant_lookup_id(const char *name, u32 id, u32 *out)
{
	struct hg_tenant *t;
	int ret = 0;

	if (hg_tenant_is_host(name, id)) {
		*out = HASHGUARD_TENANT_HOST;
		return 0;
	}
	mutex_lock(&hg_tenant_mutex);
	t = hg_tenant_find(name, id, NULL);
	if (t)
		*out = t->id;
	else
		ret = -ENOENT;
	mutex_unlock(&hg_tenant_mutex);
	return ret;
}

/**
 * hg_tenant_of_task() - the tenant a task belongs to
 * @task: the task
 *
 * Context: hg_tenant_mutex held (the result stays valid until it is
 * released).
 * Return: the tenant, or NULL for the host tenant.
 */
struct hg_tenant *hg_tenant_of_task(struct task_struct *task)
{
	struct hg_tenant *t = NULL;
	struct cgroup *cg;

	lockdep_assert_held(&hg_tenant_mutex);
	if (!hg_nr_tenants)
		return NULL;
	rcu_read_lock();
	for (cg = task_dfl_cgroup(task); cg && !t; cg = cgroup_parent(cg))
		t = hg_tenant_find_cgid(cgroup_id(cg));
	rcu_read_unlock();
	return t;
}

/**
 * hg_tenant_name() - name of a tenant by id
 * @id: the id
 * @buf: where to write the name ("host" for id 0, "" for an id that no
 *	longer exists)
 * @len: size of @buf
 */
void hg_tenant_name(u32 id, char *buf, size_t len)
{
	struct hg_tenant *t;

	if (id == HASHGUARD_TENANT_HOST) {
		strscpy(buf, "host", len);
		return;
	}
	rcu_read_lock();
	t = xa_load(&hg_tenant_ids, id);
	strscpy(buf, t ? t->name : "", len);
	rcu_read_unlock();
}

/**
 * hg_tenant_lock() - hold the tenants as they are
 *
 * Until hg_tenant_unlock(), no tenant comes or goes, and a tenant found
 * with hg_tenant_resolve() stays.  Lock order: hg_task_mutex, then this,
 * then hg_approval_mutex.
 *
 * Context: process context, may sleep.
 */
void hg_tenant_lock(void)
{
	mutex_lock(&hg_tenant_mutex);
}

/**
 * hg_tenant_unlock() - release what hg_tenant_lock() held
 */
void hg_tenant_unlock(void)
{
	mutex_unlock(&hg_tenant_mutex);
}

/**
 * hg_tenant_set_busy() - say who knows whether a tenant may be removed
 * @busy: true for a tenant that must stay (it holds approvals), called
 *	with the tenants held; or NULL
 */
void hg_tenant_set_busy(bool (*busy)(u32 tenant_id))
{
	mutex_lock(&hg_tenant_mutex);
	hg_tenant_busy = busy;
	mutex_unlock(&hg_tenant_mutex);
}

/**
 * hg_tenant_count_begin() - start counting processes per tenant
 *
 * Holds the tenants (as hg_tenant_lock() does) until
 * hg_tenant_count_end(), so that a tenant found by hg_tenant_of_task()
 * stays valid until it is counted.
 *
 * Context: process context, may sleep.
 */
void hg_tenant_count_begin(void)
{
	struct hg_tenant *t;

	mutex_lock(&hg_tenant_mutex);
	hg_host_next_processes = 0;
	hg_host_next_flagged = 0;
	list_for_each_entry(t, &hg_tenants, link) {
		t->next_processes = 0;
		t->next_flagged = 0;
	}
}

/**
 * hg_tenant_count() - count a process
 * @t: its tenant, NULL for the host
 * @flagged: whether it is flagged
 */
void hg_tenant_count(struct hg_tenant *t, bool flagged)
{
	if (!t) {
		hg_host_next_processes++;
		hg_host_next_flagged += flagged;
		return;
	}
	t->next_processes++;
	t->next_flagged += flagged;
}

/**
 * hg_tenant_count_end() - publish the counts and release the tenants
 */
void hg_tenant_count_end(void)
{
	struct hg_tenant *t;

	lockdep_assert_held(&hg_tenant_mutex);
	WRITE_ONCE(hg_host_processes, hg_host_next_processes);
	WRITE_ONCE(hg_host_flagged, hg_host_next_flagged);
	list_for_each_entry(t, &hg_tenants, link) {
		WRITE_ONCE(t->processes, t->next_processes);
		WRITE_ONCE(t->flagged, t->next_flagged);
	}
	mutex_unlock(&hg_tenant_mutex);
}

/**
 * hg_tenant_generation() - changes whenever a tenant is added or removed
 *
 * Return: an even number that differs after every change.
 */
unsigned int hg_tenant_generation(void)
{
	return READ_ONCE(hg_tenant_gen);
}

/**
 * hg_tenant_counter() - counters kept here, for status
 * @counter: an enum hashguard_counter value
 *
 * Return: its value, 0 for a counter not kept here.
 */
u64 hg_tenant_counter(unsigned int counter)
{
	return counter == HASHGUARD_COUNTER_TENANTS ? READ_ONCE(hg_nr_tenants) : 0;
}

/**
 * hg_tenant_exit() - remove every tenant
 *
 * Context: no netlink request and no window work can run any more.
 */
void hg_tenant_exit(void)
{
	struct hg_tenant *t, *n;

	mutex_lock(&hg_tenant_mutex);
	list_for_each_entry_safe(t, n, &hg_tenants, link) {
		xa_erase(&hg_tenant_ids, t->id);
		hash_del_rcu(&t->hnode);
		list_del_rcu(&t->link);
		hg_nr_tenants--;
		call_rcu(&t->rcu, hg_tenant_free_rcu);
	}
	mutex_unlock(&hg_tenant_mutex);
	/* hg_tenant_free_rcu() is module code: wait for every call. */
	rcu_barrier();
	xa_destroy(&hg_tenant_ids);
}
