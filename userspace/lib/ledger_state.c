// SPDX-License-Identifier: GPL-2.0
/*
 * The ledger's state (see ledger.h): the tables rewritten, not appended.
 * The approvals and tenants are read here (hgl_ledger_approval() and
 * hgl_ledger_tenant() keep them, with their records); the enforcements and
 * meta are written and read here.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_int.h"

/* Room for one more element of *@arr (@n used, *@cap allocated). */
static int grow(void **arr, size_t n, size_t *cap, size_t size)
{
	size_t c = *cap ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return 0;
	p = reallocarray(*arr, c, size);
	if (!p)
		return -ENOMEM;
	memset((char *)p + n * size, 0, (c - n) * size);
	*arr = p;
	*cap = c;
	return 0;
}

/* A SELECT read into a growing array of elements of @size, by @row. */
struct ledger_array {
	void *arr;
	size_t n;
	size_t cap;
	size_t size;
	void (*row)(sqlite3_stmt *st, void *elem);
};

static int array_row(sqlite3_stmt *st, void *arg)
{
	struct ledger_array *a = arg;
	int ret = grow(&a->arr, a->n, &a->cap, a->size);

	if (ret)
		return ret;
	a->row(st, (char *)a->arr + a->n * a->size);
	a->n++;
	return 0;
}

/* Run @sql, a SELECT, calling @row for each row into a growing array. */
static int ledger_list(struct hgl_ledger *l, const char *sql, void **out,
		       size_t *n, size_t size,
		       void (*row)(sqlite3_stmt *st, void *elem))
{
	struct ledger_array a = { .size = size, .row = row };
	sqlite3_stmt *st;
	int ret = ledger_prepare(l, sql, &st);

	if (!ret)
		ret = ledger_rows(l, st, array_row, &a);
	if (ret) {
		free(a.arr);
		a.arr = NULL;
		a.n = 0;
	}
	*out = a.arr;
	*n = a.n;
	return ret;
}

static void approval_row(sqlite3_stmt *st, void *elem)
{
	struct hgl_approval *a = elem;

	ledger_copy_col(a->tenant, sizeof(a->tenant), st, 0);
	ledger_copy_col(a->ref, sizeof(a->ref), st, 1);
	ledger_copy_col(a->exe, sizeof(a->exe), st, 2);
	a->not_before = (uint64_t)sqlite3_column_int64(st, 3);
	a->expires = (uint64_t)sqlite3_column_int64(st, 4);
	a->granted_by = (uint32_t)sqlite3_column_int64(st, 5);
	a->granted_time = (uint64_t)sqlite3_column_int64(st, 6);
	a->have = HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_TENANT_NAME) |
		  HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_REF) |
		  HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_GRANTED_BY) |
		  HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_GRANTED_TIME);
	if (a->exe[0])
		a->have |= HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_EXE);
	if (a->not_before)
		a->have |= HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_NOT_BEFORE);
	if (a->expires)
		a->have |= HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_EXPIRES);
}

/**
 * hgl_ledger_approvals() - the approvals in force, as last recorded
 * @l: the ledger
 * @out: a malloc()ed array (NULL when empty), sorted by tenant and ref;
 *	@id, @tenant_id, @state and @covered are 0
 * @n: its length
 *
 * Return: 0 or -errno.
 */
int hgl_ledger_approvals(struct hgl_ledger *l, struct hgl_approval **out,
			size_t *n)
{
	return ledger_list(l,
			   "SELECT tenant, ref, exe, not_before, expires, granted_by, granted_time FROM approvals ORDER BY tenant, ref",
			   (void **)out, n, sizeof(**out), approval_row);
}

/*
 * Step @st once and finalize it.  Return: 1 if it gave a row whose first
 * column is true, 0 if not (or no row), or -errno.
 */
static int ledger_yes(struct hgl_ledger *l, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st), ret = 0;

	if (rc == SQLITE_ROW)
		ret = sqlite3_column_int(st, 0) ? 1 : 0;
	else if (rc != SQLITE_DONE)
		ret = ledger_fail(l, "read");
	sqlite3_finalize(st);
	return ret;
}

/**
 * hgl_ledger_approval_has() - whether an approval is in force, as recorded
 * @l: the ledger
 * @tenant: its tenant
 * @ref: its reference
 *
 * Return: 1 if it is, 0 if not, or -errno.
 */
int hgl_ledger_approval_has(struct hgl_ledger *l, const char *tenant,
			   const char *ref)
{
	sqlite3_stmt *st;
	int ret;

	ret = ledger_prepare_strs(l,
				  "SELECT 1 FROM approvals WHERE tenant = ?1 AND ref = ?2",
				  &st, tenant, ref);
	return ret ? ret : ledger_yes(l, st);
}

/**
 * hgl_ledger_approval_revoked_by() - was an approval's last event a
 * revocation by a given process?
 * @l: the ledger
 * @tenant: its tenant
 * @ref: its reference
 * @pid: the process that revoked it (hashguardctl records its own
 *	revocations: the agent then need not record them again)
 *
 * Return: 1 if so, 0 if not, or -errno.
 */
int hgl_ledger_approval_revoked_by(struct hgl_ledger *l, const char *tenant,
				   const char *ref, uint32_t pid)
{
	sqlite3_stmt *st;
	int ret;

	ret = ledger_prepare_strs(l,
				  "SELECT event = 'revoked' AND by_pid IS ?3 FROM approval_events WHERE tenant = ?1 AND ref = ?2 ORDER BY id DESC LIMIT 1",
				  &st, tenant, ref);
	if (ret)
		return ret;
	sqlite3_bind_int64(st, 3, pid);
	return ledger_yes(l, st);
}

static void tenant_row(sqlite3_stmt *st, void *elem)
{
	struct hgl_tenant *t = elem;

	ledger_copy_col(t->name, sizeof(t->name), st, 0);
	ledger_copy_col(t->cgroup, sizeof(t->cgroup), st, 1);
}

/**
 * hgl_ledger_tenants() - the tenants, as last recorded
 * @l: the ledger
 * @out: a malloc()ed array (NULL when empty), sorted by name; only @name
 *	and @cgroup are set
 * @n: its length
 *
 * Return: 0 or -errno.
 */
int hgl_ledger_tenants(struct hgl_ledger *l, struct hgl_tenant **out,
		      size_t *n)
{
	return ledger_list(l,
			   "SELECT name, cgroup FROM tenants ORDER BY name",
			   (void **)out, n, sizeof(**out), tenant_row);
}

/**
 * hgl_ledger_enf_put() - keep an enforcement (replacing one of the process)
 * @l: the ledger
 * @e: the enforcement
 *
 * Return: 0 or -errno.
 */
int hgl_ledger_enf_put(struct hgl_ledger *l, const struct hgl_enforcement *e)
{
	sqlite3_stmt *st;
	int ret;

	ret = ledger_prepare(l,
			     "INSERT OR REPLACE INTO enforcements (tgid, start_time, tenant, comm, kind, cgroup, prev, authority, since, samples_at, kept) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			     &st);
	if (ret)
		return ret;
	sqlite3_bind_int64(st, 1, e->tgid);
	ledger_bind_u64(st, 2, e->start_time);
	ledger_bind_str(st, 3, e->tenant, false);
	ledger_bind_str(st, 4, e->comm, false);
	sqlite3_bind_int64(st, 5, e->kind);
	ledger_bind_str(st, 6, e->cgroup, false);
	ledger_bind_str(st, 7, e->prev, false);
	ledger_bind_str(st, 8, e->authority, false);
	ledger_bind_u64(st, 9, e->since);
	ledger_bind_u64(st, 10, e->samples_at);
	sqlite3_bind_int(st, 11, e->kept);
	return ledger_done(l, st);
}

/**
 * hgl_ledger_enf_del() - forget the enforcement of a process
 * @l: the ledger
 * @tgid: the process
 * @start_time: its start time
 *
 * Return: 0 (also when there was none) or -errno.
 */
int hgl_ledger_enf_del(struct hgl_ledger *l, uint32_t tgid,
		      uint64_t start_time)
{
	sqlite3_stmt *st;
	int ret;

	ret = ledger_prepare(l,
			     "DELETE FROM enforcements WHERE tgid = ?1 AND start_time = ?2",
			     &st);
	if (ret)
		return ret;
	sqlite3_bind_int64(st, 1, tgid);
	ledger_bind_u64(st, 2, start_time);
	return ledger_done(l, st);
}

static void enf_row(sqlite3_stmt *st, void *elem)
{
	struct hgl_enforcement *e = elem;

	e->tgid = (uint32_t)sqlite3_column_int64(st, 0);
	e->start_time = (uint64_t)sqlite3_column_int64(st, 1);
	ledger_copy_col(e->tenant, sizeof(e->tenant), st, 2);
	ledger_copy_col(e->comm, sizeof(e->comm), st, 3);
	e->kind = (unsigned int)sqlite3_column_int64(st, 4);
	ledger_copy_col(e->cgroup, sizeof(e->cgroup), st, 5);
	ledger_copy_col(e->prev, sizeof(e->prev), st, 6);
	ledger_copy_col(e->authority, sizeof(e->authority), st, 7);
	e->since = (uint64_t)sqlite3_column_int64(st, 8);
	e->samples_at = (uint64_t)sqlite3_column_int64(st, 9);
	e->kept = sqlite3_column_int(st, 10) != 0;
}

/**
 * hgl_ledger_enf_list() - the enforcements kept
 * @l: the ledger
 * @out: a malloc()ed array (NULL when empty), by tgid and start time
 * @n: its length
 *
 * Return: 0 or -errno.
 */
int hgl_ledger_enf_list(struct hgl_ledger *l, struct hgl_enforcement **out,
		       size_t *n)
{
	return ledger_list(l,
			   "SELECT tgid, start_time, tenant, comm, kind, cgroup, prev, authority, since, samples_at, kept FROM enforcements ORDER BY tgid, start_time",
			   (void **)out, n, sizeof(**out), enf_row);
}

/**
 * hgl_ledger_meta_get() - a value kept under a key
 * @l: the ledger
 * @key: the key
 * @buf: the value, NUL-terminated
 * @len: size of @buf
 *
 * Return: 0, -ENOENT (no such key), -ERANGE (@buf too small), -errno.
 */
int hgl_ledger_meta_get(struct hgl_ledger *l, const char *key, char *buf,
		       size_t len)
{
	sqlite3_stmt *st;
	const unsigned char *v;
	int rc, ret;

	ret = ledger_prepare_strs(l, "SELECT value FROM meta WHERE key = ?1",
				  &st, key, NULL);
	if (ret)
		return ret;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = sqlite3_column_text(st, 0);
		if (!v)
			v = (const unsigned char *)"";
		if (strlen((const char *)v) >= len)
			ret = -ERANGE;
		else
			memcpy(buf, v, strlen((const char *)v) + 1);
	} else if (rc == SQLITE_DONE) {
		ret = -ENOENT;
	} else {
		ret = ledger_fail(l, "read");
	}
	sqlite3_finalize(st);
	return ret;
}

/**
 * hgl_ledger_meta_set() - keep a value under a key
 * @l: the ledger
 * @key: the key
 * @value: the value (replaces the one kept)
 *
 * Return: 0 or -errno.
 */
int hgl_ledger_meta_set(struct hgl_ledger *l, const char *key,
		       const char *value)
{
	sqlite3_stmt *st;
	int ret;

	if (!key || !value)
		return -EINVAL;
	ret = ledger_prepare_strs(l,
				  "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
				  &st, key, value);
	if (ret)
		return ret;
	return ledger_done(l, st);
}
