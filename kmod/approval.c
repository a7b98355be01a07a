// SPDX-License-Identifier: GPL-2.0
/*
 * Approvals.
 *
 * They live in a list (creation order) and an xarray by id, both under
 * hg_approval_mutex.  Lock order: hg_task_mutex, then hg_tenant_mutex,
 * then hg_approval_mutex.  A grant holds hg_tenant_mutex (hg_tenant_lock())
 * while it looks the tenant up and inserts the approval, and removing a
 * tenant checks for approvals under the same mutex (tenant.c calls
 * hg_approval_tenant_busy(), set at init), so no approval outlives its
 * tenant.
 *
 * Every change is announced (notify.c), which also has the engine work
 * out coverage again.  One delayed work item sleeps until the next
 * not-before or expiry time (at most a minute, so that a change of the
 * wall clock is noticed) and then removes what has expired and announces
 * it; it runs only between hg_approval_start() and hg_approval_stop().
 */

#include <linux/cred.h>
#include <linux/hashguard.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "approval.h"
#include "notify.h"
#include "tenant.h"

/* Longest sleep of the expiry work, in seconds. */
#define HG_APPROVAL_RECHECK_S	60

/**
 * struct hg_approval - an approval held
 * @link: in hg_approvals
 * @id: id, never reused
 * @tenant_id: its tenant
 * @tenant: the tenant's name (names do not change)
 * @ref: reference
 * @exe: executable path, or NULL for the whole tenant
 * @not_before: start of validity, s since the epoch
 * @expires: end of validity, s since the epoch, 0 for never
 * @granted_time: when granted, s since the epoch
 * @granted_by: uid of the granter
 * @covered: processes covered in the last coverage pass
 * @next_covered: @covered being counted by the current pass
 * @was_active: it was valid when last looked at (grant or expiry work)
 */
struct hg_approval {
	struct list_head link;
	u32 id;
	u32 tenant_id;
	char tenant[HASHGUARD_TENANT_NAME_MAX];
	char ref[HASHGUARD_APPROVAL_REF_MAX];
	char *exe;
	time64_t not_before;
	time64_t expires;
	time64_t granted_time;
	u32 granted_by;
	u32 covered;
	u32 next_covered;
	bool was_active;
};

static DEFINE_MUTEX(hg_approval_mutex);
static LIST_HEAD(hg_approvals);
static DEFINE_XARRAY(hg_approval_ids);
static u32 hg_approval_last_id;
static unsigned int hg_nr_approvals;
/* Bumped (by 2) whenever an approval comes, changes or goes. */
static unsigned int hg_approval_gen;
static u64 hg_approvals_expired;
/* Outside start and stop: the expiry work is not queued. */
static bool hg_approval_stopping = true;

static void hg_approval_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(hg_approval_work, hg_approval_workfn);

static bool hg_approval_active(const struct hg_approval *a, time64_t now)
{
	return a->not_before <= now && (!a->expires || now < a->expires);
}

static void hg_approval_fill(const struct hg_approval *a, time64_t now,
			     struct hg_approval_info *info)
{
	memset(info, 0, sizeof(*info));
	info->id = a->id;
	info->tenant_id = a->tenant_id;
	strscpy(info->tenant, a->tenant, sizeof(info->tenant));
	strscpy(info->ref, a->ref, sizeof(info->ref));
	if (a->exe)
		strscpy(info->exe, a->exe, sizeof(info->exe));
	info->not_before = a->not_before;
	info->expires = a->expires;
	info->granted_time = a->granted_time;
	info->granted_by = a->granted_by;
	info->covered = a->covered;
	info->state = a->not_before <= now ? HASHGUARD_APPROVAL_ACTIVE :
					     HASHGUARD_APPROVAL_PENDING;
}

static void hg_approval_free(struct hg_approval *a)
{
	kfree(a->exe);
	kfree(a);
}

/* The next time something changes, relative to @now, in seconds. */
static void hg_approval_schedule(time64_t now)
{
	time64_t next = now + HG_APPROVAL_RECHECK_S;
	struct hg_approval *a;

	lockdep_assert_held(&hg_approval_mutex);
	if (hg_approval_stopping || list_empty(&hg_approvals))
		return;
	list_for_each_entry(a, &hg_approvals, link) {
		if (a->not_before > now && a->not_before < next)
			next = a->not_before;
		if (a->expires && a->expires < next)
			next = a->expires;
	}
	mod_delayed_work(system_unbound_wq, &hg_approval_work,
			 (next > now ? next - now : 0) * HZ);
}

/**
 * hg_approval_text_valid() - check a reference or path for a request
 * @s: NUL-terminated text
 *
 * Return: 0, or -EINVAL if it is empty or holds a control character.
 */
int hg_approval_text_valid(const char *s)
{
	if (!*s)
		return -EINVAL;
	for (; *s; s++)
		if ((u8)*s < 0x20 || *s == 0x7f)
			return -EINVAL;
	return 0;
}

/*
 * Find an approval by tenant (name, or id if @tenant is NULL) and
 * reference; hg_approval_mutex held.
 */
static struct hg_approval *hg_approval_lookup(const char *tenant,
					      u32 tenant_id, const char *ref,
					      struct netlink_ext_ack *extack)
{
	struct hg_approval *a;

	lockdep_assert_held(&hg_approval_mutex);
	list_for_each_entry(a, &hg_approvals, link) {
		if (tenant ? strcmp(a->tenant, tenant) : a->tenant_id != tenant_id)
			continue;
		if (!strcmp(a->ref, ref))
			return a;
	}
	NL_SET_ERR_MSG(extack, "no such approval");
	return NULL;
}

/* Resolve the tenant of a request; hg_tenant_mutex held. */
static int hg_approval_tenant(const char *name, u32 id, u32 *tid,
			      char *tname, struct netlink_ext_ack *extack)
{
	int ret;

	ret = hg_tenant_resolve(name, id, tid, tname, extack);
	if (ret)
		return ret;
	if (*tid == HASHGUARD_TENANT_HOST) {
		NL_SET_ERR_MSG(extack,
			       "the host tenant cannot hold approvals");
		return -EINVAL;
	}
	return 0;
}

/**
 * hg_approval_set() - grant an approval, or replace one
 * @tenant: tenant name, or NULL to use @tenant_id
 * @tenant_id: tenant id
 * @req: the approval, already checked (texts, times)
 * @excl: fail with -EEXIST rather than replace
 * @info: filled with the approval as now held
 * @extack: for the error message
 *
 * The granter is the calling task's uid; the change is announced as
 * made by the calling task.
 *
 * Context: process context, in the caller's task.
 * Return: 0 or a negative errno (see the uapi header).
 */
int hg_approval_set(const char *tenant, u32 tenant_id,
		    const struct hg_approval_req *req, bool excl,
		    struct hg_approval_info *info,
		    struct netlink_ext_ack *extack)
{
	time64_t now = ktime_get_real_seconds();
	time64_t not_before = req->not_before ? req->not_before : now;
	struct hg_approval *a, *old;
	char tname[HASHGUARD_TENANT_NAME_MAX];
	char *exe = NULL;
	u32 tid;
	int ret;

	if (req->exe) {
		exe = kstrdup(req->exe, GFP_KERNEL);
		if (!exe)
			return -ENOMEM;
	}
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a) {
		kfree(exe);
		return -ENOMEM;
	}

	hg_tenant_lock();
	ret = hg_approval_tenant(tenant, tenant_id, &tid, tname, extack);
	if (ret)
		goto unlock_tenant;
	mutex_lock(&hg_approval_mutex);
	old = hg_approval_lookup(NULL, tid, req->ref, NULL);
	if (old && excl) {
		NL_SET_ERR_MSG(extack,
			       "the tenant already holds an approval with this reference");
		ret = -EEXIST;
		goto unlock;
	}
	if (!old && hg_nr_approvals >= HASHGUARD_APPROVALS_MAX) {
		NL_SET_ERR_MSG(extack, "too many approvals");
		ret = -ENOSPC;
		goto unlock;
	}
	if (old) {
		kfree(old->exe);
		old->exe = exe;
		exe = NULL;
		old->not_before = not_before;
		old->expires = req->expires;
		old->granted_time = now;
		old->granted_by = from_kuid_munged(&init_user_ns,
						   current_uid());
		old->was_active = hg_approval_active(old, now);
		hg_approval_fill(old, now, info);
		info->replaced = true;
		goto done;
	}

	a->id = hg_approval_last_id + 1;
	ret = xa_insert(&hg_approval_ids, a->id, a, GFP_KERNEL);
	if (ret) {
		NL_SET_ERR_MSG(extack, "no approval id left");
		ret = ret == -EBUSY ? -ENOSPC : ret;
		goto unlock;
	}
	hg_approval_last_id = a->id;
	a->tenant_id = tid;
	strscpy(a->tenant, tname, sizeof(a->tenant));
	strscpy(a->ref, req->ref, sizeof(a->ref));
	a->exe = exe;
	exe = NULL;
	a->not_before = not_before;
	a->expires = req->expires;
	a->granted_time = now;
	a->granted_by = from_kuid_munged(&init_user_ns, current_uid());
	a->was_active = hg_approval_active(a, now);
	list_add_tail(&a->link, &hg_approvals);
	hg_nr_approvals++;
	hg_approval_fill(a, now, info);
	a = NULL;
done:
	WRITE_ONCE(hg_approval_gen, hg_approval_gen + 2);
	hg_approval_schedule(now);
unlock:
	mutex_unlock(&hg_approval_mutex);
unlock_tenant:
	hg_tenant_unlock();
	kfree(exe);
	kfree(a);
	if (!ret)
		hg_announce_approval(HASHGUARD_CMD_NEW_APPROVAL, info);
	return ret;
}

/**
 * hg_approval_del() - revoke an approval
 * @tenant: tenant name, or NULL to use @tenant_id
 * @tenant_id: tenant id
 * @ref: its reference
 * @info: filled with the approval as it was, end set to revoked
 * @extack: for the error message
 *
 * The change is announced as made by the calling task.
 *
 * Return: 0 or -ENOENT.
 */
int hg_approval_del(const char *tenant, u32 tenant_id, const char *ref,
		    struct hg_approval_info *info,
		    struct netlink_ext_ack *extack)
{
	time64_t now = ktime_get_real_seconds();
	struct hg_approval *a;

	mutex_lock(&hg_approval_mutex);
	a = hg_approval_lookup(tenant, tenant_id, ref, extack);
	if (!a) {
		mutex_unlock(&hg_approval_mutex);
		return -ENOENT;
	}
	hg_approval_fill(a, now, info);
	info->end = HASHGUARD_APPROVAL_END_REVOKED;
	xa_erase(&hg_approval_ids, a->id);
	list_del(&a->link);
	hg_nr_approvals--;
	WRITE_ONCE(hg_approval_gen, hg_approval_gen + 2);
	mutex_unlock(&hg_approval_mutex);
	hg_approval_free(a);
	hg_announce_approval(HASHGUARD_CMD_DEL_APPROVAL, info);
	return 0;
}

/**
 * hg_approval_get() - describe one approval
 * @tenant: tenant name, or NULL to use @tenant_id
 * @tenant_id: tenant id
 * @ref: its reference
 * @info: filled in
 * @extack: for the error message
 *
 * Return: 0 or -ENOENT.
 */
int hg_approval_get(const char *tenant, u32 tenant_id, const char *ref,
		    struct hg_approval_info *info,
		    struct netlink_ext_ack *extack)
{
	struct hg_approval *a;

	mutex_lock(&hg_approval_mutex);
	a = hg_approval_lookup(tenant, tenant_id, ref, extack);
	if (a)
		hg_approval_fill(a, ktime_get_real_seconds(), info);
	mutex_unlock(&hg_approval_mutex);
	return a ? 0 : -ENOENT;
}

/**
 * hg_approval_nth() - the approval at a dump position
 * @idx: smallest id to consider
 * @tenant_id: only this tenant's, or %U32_MAX for every tenant
 * @info: filled in
 *
 * Approvals are dumped in order of id, so that a dump resumes where it
 * stopped whatever came and went in between.
 *
 * Return: 0 and @info->id, or -ENOENT past the end.
 */
int hg_approval_nth(unsigned long idx, u32 tenant_id,
		    struct hg_approval_info *info)
{
	struct hg_approval *a;
	int ret = -ENOENT;

	mutex_lock(&hg_approval_mutex);
	xa_for_each_start(&hg_approval_ids, idx, a, idx) {
		if (tenant_id != U32_MAX && a->tenant_id != tenant_id)
			continue;
		hg_approval_fill(a, ktime_get_real_seconds(), info);
		ret = 0;
		break;
	}
	mutex_unlock(&hg_approval_mutex);
	return ret;
}

/**
 * hg_approval_generation() - changes whenever the set of approvals does
 *
 * Return: an even number, for dump consistency checks.
 */
unsigned int hg_approval_generation(void)
{
	return READ_ONCE(hg_approval_gen);
}

/*
 * Does a tenant hold approvals?  Called by tenant.c with the tenants held
 * (hg_tenant_set_busy()), so that none can be granted meanwhile.
 */
static bool hg_approval_tenant_busy(u32 tenant_id)
{
	struct hg_approval *a;
	bool busy = false;

	mutex_lock(&hg_approval_mutex);
	list_for_each_entry(a, &hg_approvals, link) {
		if (a->tenant_id == tenant_id) {
			busy = true;
			break;
		}
	}
	mutex_unlock(&hg_approval_mutex);
	return busy;
}

/* Start (@publish false) or publish the counts of a coverage pass. */
static void hg_approval_counts(bool publish)
{
	struct hg_approval *a;

	mutex_lock(&hg_approval_mutex);
	list_for_each_entry(a, &hg_approvals, link) {
		if (publish)
			WRITE_ONCE(a->covered, a->next_covered);
		else
			a->next_covered = 0;
	}
	mutex_unlock(&hg_approval_mutex);
}

/**
 * hg_approval_count_begin() - start a coverage pass
 *
 * Context: hg_task_mutex held for the whole pass, which calls
 * hg_approval_match() for each suspect or flagged process and ends with
 * hg_approval_count_end().
 */
void hg_approval_count_begin(void)
{
	hg_approval_counts(false);
}

/**
 * hg_approval_match() - the approval covering a process now
 * @tenant_id: its tenant
 * @exe: its executable path, or NULL if unknown
 *
 * An approval for that executable wins over one for the whole tenant.
 *
 * Return: the approval's id, or 0 if none covers it.
 */
u32 hg_approval_match(u32 tenant_id, const char *exe)
{
	time64_t now = ktime_get_real_seconds();
	struct hg_approval *a, *best = NULL;
	u32 id = 0;

	if (tenant_id == HASHGUARD_TENANT_HOST)
		return 0;
	mutex_lock(&hg_approval_mutex);
	list_for_each_entry(a, &hg_approvals, link) {
		if (a->tenant_id != tenant_id || !hg_approval_active(a, now))
			continue;
		if (!a->exe) {
			if (!best)
				best = a;
		} else if (exe && !strcmp(a->exe, exe)) {
			best = a;
			break;
		}
	}
	if (best) {
		best->next_covered++;
		id = best->id;
	}
	mutex_unlock(&hg_approval_mutex);
	return id;
}

/**
 * hg_approval_count_end() - publish the counts of a coverage pass
 */
void hg_approval_count_end(void)
{
	hg_approval_counts(true);
}

/**
 * hg_approval_ref() - the reference of an approval
 * @id: its id
 * @buf: filled with the reference
 * @len: size of @buf
 *
 * Return: true if the approval is still held.
 */
bool hg_approval_ref(u32 id, char *buf, size_t len)
{
	struct hg_approval *a;

	mutex_lock(&hg_approval_mutex);
	a = xa_load(&hg_approval_ids, id);
	if (a)
		strscpy(buf, a->ref, len);
	mutex_unlock(&hg_approval_mutex);
	return a;
}

static void hg_approval_workfn(struct work_struct *work)
{
	time64_t now = ktime_get_real_seconds();
	struct hg_approval_info *info;
	struct hg_approval *a, *n;
	bool changed = false;
	LIST_HEAD(gone);

	mutex_lock(&hg_approval_mutex);
	list_for_each_entry_safe(a, n, &hg_approvals, link) {
		if (a->expires && a->expires <= now) {
			xa_erase(&hg_approval_ids, a->id);
			list_move_tail(&a->link, &gone);
			hg_nr_approvals--;
			hg_approvals_expired++;
			changed = true;
		} else if (!a->was_active && hg_approval_active(a, now)) {
			/* Its not-before time came: it covers from now on. */
			a->was_active = true;
			changed = true;
		}
	}
	if (!list_empty(&gone))
		WRITE_ONCE(hg_approval_gen, hg_approval_gen + 2);
	hg_approval_schedule(now);
	mutex_unlock(&hg_approval_mutex);

	/* Not-before times came: they cover from now on. */
	if (list_empty(&gone)) {
		if (changed)
			hg_announce_cover();
		return;
	}
	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		hg_announce_cover();
	list_for_each_entry_safe(a, n, &gone, link) {
		if (info) {
			hg_approval_fill(a, now, info);
			info->end = HASHGUARD_APPROVAL_END_EXPIRED;
			hg_announce_approval(HASHGUARD_CMD_DEL_APPROVAL, info);
		}
		list_del(&a->link);
		hg_approval_free(a);
	}
	kfree(info);
}

/**
 * hg_approval_init() - answer for approvals when a tenant is removed
 *
 * Return: 0.
 */
int hg_approval_init(void)
{
	hg_tenant_set_busy(hg_approval_tenant_busy);
	return 0;
}

/**
 * hg_approval_start() - let the expiry work run
 *
 * Queues it for the approvals granted so far, if any.
 *
 * Return: 0.
 */
int hg_approval_start(void)
{
	mutex_lock(&hg_approval_mutex);
	hg_approval_stopping = false;
	hg_approval_schedule(ktime_get_real_seconds());
	mutex_unlock(&hg_approval_mutex);
	return 0;
}

/**
 * hg_approval_stop() - stop the expiry work
 *
 * On return it neither runs nor is queued, and requests no longer queue
 * it.
 */
void hg_approval_stop(void)
{
	mutex_lock(&hg_approval_mutex);
	hg_approval_stopping = true;
	mutex_unlock(&hg_approval_mutex);
	cancel_delayed_work_sync(&hg_approval_work);
}

/**
 * hg_approval_exit() - free every approval
 *
 * Context: after hg_approval_stop() and once no request can run.
 */
void hg_approval_exit(void)
{
	struct hg_approval *a, *n;

	hg_tenant_set_busy(NULL);
	list_for_each_entry_safe(a, n, &hg_approvals, link) {
		xa_erase(&hg_approval_ids, a->id);
		list_del(&a->link);
		hg_approval_free(a);
	}
	xa_destroy(&hg_approval_ids);
}

/**
 * hg_approval_counter() - counters kept here, for status
 * @counter: an enum hashguard_counter value
 *
 * Return: its value, 0 for a counter not kept here.
 */
u64 hg_approval_counter(unsigned int counter)
{
	switch (counter) {
	case HASHGUARD_COUNTER_APPROVALS:
		return READ_ONCE(hg_nr_approvals);
	case HASHGUARD_COUNTER_APPROVALS_EXPIRED:
		return READ_ONCE(hg_approvals_expired);
	}
	return 0;
}
