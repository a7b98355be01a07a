// SPDX-License-Identifier: GPL-2.0
/*
 * The ledger's records (see ledger.h): their kinds, the append-only
 * writers, batches, and the JSON line of each record.
 *
 * Each record is also one JSON line on the stream: the columns under
 * their names, "record" first, times as ISO 8601 UTC strings, NULL as
 * null.  The line of a record is made from the row as stored, so that it
 * is the same object a report shows.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ledger_int.h"
#include "util.h"

/*
 * The columns of each kind of record but its id, in the order of its
 * table: they make the record's INSERT, the SELECTs that read it back
 * and its JSON.
 */
static const struct rec_col rec_detection_cols[] = {
	{ "time", REC_TIME }, { "tenant", REC_TEXT }, { "pid", REC_INT },
	{ "start_time", REC_INT }, { "comm", REC_TEXT }, { "exe", REC_TEXT },
	{ "event", REC_TEXT }, { "score", REC_INT },
	{ "approval", REC_TEXT },
};

static const struct rec_col rec_action_cols[] = {
	{ "time", REC_TIME }, { "tenant", REC_TEXT }, { "pid", REC_INT },
	{ "start_time", REC_INT }, { "comm", REC_TEXT }, { "exe", REC_TEXT },
	{ "action", REC_TEXT }, { "outcome", REC_TEXT },
	{ "authority", REC_TEXT }, { "cgroup", REC_TEXT },
	{ "detail", REC_TEXT },
};

static const struct rec_col rec_approval_cols[] = {
	{ "time", REC_TIME }, { "event", REC_TEXT }, { "tenant", REC_TEXT },
	{ "ref", REC_TEXT }, { "exe", REC_TEXT },
	{ "not_before", REC_TIME }, { "expires", REC_TIME },
	{ "granted_by", REC_INT }, { "granted_time", REC_TIME },
	{ "by_uid", REC_INT }, { "by_pid", REC_INT }, { "by_comm", REC_TEXT },
};

static const struct rec_col rec_tenant_cols[] = {
	{ "time", REC_TIME }, { "event", REC_TEXT }, { "tenant", REC_TEXT },
	{ "cgroup", REC_TEXT }, { "by_uid", REC_INT }, { "by_pid", REC_INT },
	{ "by_comm", REC_TEXT },
};

static const struct rec_col rec_agent_cols[] = {
	{ "time", REC_TIME }, { "event", REC_TEXT }, { "detail", REC_TEXT },
	{ "pid", REC_INT },
};

#define REC_KIND(r, t, c) { r, t, c, sizeof(c) / sizeof(c[0]) }

const struct rec_kind ledger_rec_detection =
	REC_KIND("detection", "detections", rec_detection_cols);
const struct rec_kind ledger_rec_action =
	REC_KIND("action", "actions", rec_action_cols);
const struct rec_kind ledger_rec_approval =
	REC_KIND("approval", "approval_events", rec_approval_cols);
const struct rec_kind ledger_rec_tenant =
	REC_KIND("tenant", "tenant_events", rec_tenant_cols);
const struct rec_kind ledger_rec_agent =
	REC_KIND("agent", "agent_events", rec_agent_cols);


/* A time as ISO 8601 UTC, 0 as null. */
json_t *ledger_json_time(uint64_t t)
{
	time_t tt = (time_t)t;
	char buf[32];
	struct tm tm;

	if (!t)
		return json_null();
	if (t > (uint64_t)INT64_MAX || !gmtime_r(&tt, &tm) ||
	    !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, sizeof(buf), "@%" PRIu64, t);
	return json_string(buf);
}

/* Set @key to @v (stolen); false when @v is NULL (out of memory). */
bool ledger_jset(json_t *o, const char *key, json_t *v)
{
	return v && !json_object_set_new(o, key, v);
}

/*
 * SQL on the columns of @k, from constant names only: "SELECT c1, c2, ...
 * FROM table " + @tail, or (@tail NULL) "INSERT INTO table (c1, c2, ...)
 * VALUES (?1, ?2, ...)".
 */
static char *rec_sql(const struct rec_kind *k, const char *tail)
{
	char *sql = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&sql, &len);

	if (!f)
		return NULL;
	if (tail)
		fputs("SELECT ", f);
	else
		fprintf(f, "INSERT INTO %s (", k->table);
	for (i = 0; i < k->ncols; i++)
		fprintf(f, "%s%s", i ? ", " : "", k->cols[i].name);
	if (tail) {
		fprintf(f, " FROM %s %s", k->table, tail);
	} else {
		fputs(") VALUES (", f);
		for (i = 0; i < k->ncols; i++)
			fprintf(f, "%s?%zu", i ? ", " : "", i + 1);
		fputc(')', f);
	}
	if (fclose(f)) {
		free(sql);
		return NULL;
	}
	return sql;
}

/* Prepare the SQL of rec_sql(@k, @tail). */
int ledger_rec_prepare(struct hgl_ledger *l, const struct rec_kind *k,
		       const char *tail, sqlite3_stmt **st)
{
	char *sql = rec_sql(k, tail);
	int ret;

	if (!sql)
		return -ENOMEM;
	ret = ledger_prepare(l, sql, st);
	free(sql);
	return ret;
}

/*
 * The row at @st (a SELECT of ledger_rec_prepare()) as an object: for a
 * JSON line (@line) with "record" first, else without "tenant" (a
 * report's entry).
 */
json_t *ledger_rec_json(const struct rec_kind *k, sqlite3_stmt *st,
			bool line)
{
	json_t *o = json_object(), *v;
	size_t i;

	if (!o)
		return NULL;
	if (line && !ledger_jset(o, "record", json_string(k->record)))
		goto nomem;
	for (i = 0; i < k->ncols; i++) {
		const struct rec_col *c = &k->cols[i];
		bool null = sqlite3_column_type(st, (int)i) == SQLITE_NULL;

		if (!line && !strcmp(c->name, "tenant"))
			continue;
		if (null)
			v = json_null();
		else if (c->type == REC_TEXT)
			v = hgl_json_str((const char *)
				       sqlite3_column_text(st, (int)i));
		else if (c->type == REC_INT)
			v = json_integer(sqlite3_column_int64(st, (int)i));
		else
			v = ledger_json_time((uint64_t)
					     sqlite3_column_int64(st, (int)i));
		if (!ledger_jset(o, c->name, v))
			goto nomem;
	}
	return o;
nomem:
	json_decref(o);
	return NULL;
}

static int ledger_write_line(struct hgl_ledger *l, json_t *o)
{
	if (!l->stream)
		return 0;
	if (json_dumpf(o, l->stream, JSON_COMPACT) < 0 ||
	    fputc('\n', l->stream) == EOF || fflush(l->stream) == EOF) {
		snprintf(l->err, sizeof(l->err),
			 "ledger: writing a JSON line: %s", strerror(errno));
		return -EIO;
	}
	return 0;
}

/*
 * The JSON line of the record just written (row @id of @k's table): on
 * the stream now, or at the commit of the batch under way.
 */
static int rec_emit(struct hgl_ledger *l, const struct rec_kind *k,
		    sqlite3_int64 id)
{
	sqlite3_stmt *st;
	json_t *o = NULL;
	int ret;

	if (!l->stream)
		return 0;
	ret = ledger_rec_prepare(l, k, "WHERE id = ?1", &st);
	if (ret)
		return ret;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		o = ledger_rec_json(k, st, true);
		ret = o ? 0 : -ENOMEM;
	} else {
		ret = ledger_fail(l, "reading a record back");
	}
	sqlite3_finalize(st);
	if (ret)
		return ret;
	if (l->batch) {
		if (!l->pending)
			l->pending = json_array();
		if (!l->pending || json_array_append_new(l->pending, o))
			return -ENOMEM;
		return 0;
	}
	ret = ledger_write_line(l, o);
	json_decref(o);
	return ret;
}

/* Step an INSERT of a record, finalize it and write its JSON line. */
static int rec_insert(struct hgl_ledger *l, const struct rec_kind *k,
		      sqlite3_stmt *st)
{
	int ret = ledger_done(l, st);

	if (ret)
		return ret;
	return rec_emit(l, k, sqlite3_last_insert_rowid(l->db));
}

/*
 * A record and a change of state together: in a transaction of their own,
 * or a savepoint of the batch under way.
 */
static int tx_start(struct hgl_ledger *l)
{
	return ledger_exec(l, l->batch ? "SAVEPOINT hg_rec" :
			   "BEGIN IMMEDIATE");
}

static int tx_end(struct hgl_ledger *l, int ret)
{
	if (l->batch) {
		if (ret)
			sqlite3_exec(l->db, "ROLLBACK TO hg_rec", NULL, NULL,
				     NULL);
		sqlite3_exec(l->db, "RELEASE hg_rec", NULL, NULL, NULL);
		return ret;
	}
	if (ret) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return ret;
	}
	return ledger_exec(l, "COMMIT");
}

/**
 * hgl_ledger_set_stream() - where the JSON lines of the records go
 * @l: the ledger
 * @f: the stream, flushed after each line; NULL: none
 */
void hgl_ledger_set_stream(struct hgl_ledger *l, FILE *f)
{
	l->stream = f;
}

/**
 * hgl_ledger_begin() - start a batch of records (one transaction)
 * @l: the ledger
 *
 * Return: 0, -EINVAL inside a batch, -EIO.
 */
int hgl_ledger_begin(struct hgl_ledger *l)
{
	int ret;

	if (l->batch)
		return -EINVAL;
	ret = ledger_exec(l, "BEGIN IMMEDIATE");
	if (!ret)
		l->batch = true;
	return ret;
}

/**
 * hgl_ledger_commit() - commit a batch and write its JSON lines
 * @l: the ledger
 *
 * Return: 0, -EINVAL outside a batch, -EIO (the batch is rolled back).
 */
int hgl_ledger_commit(struct hgl_ledger *l)
{
	json_t *lines, *o;
	size_t i;
	int ret, r;

	if (!l->batch)
		return -EINVAL;
	ret = ledger_exec(l, "COMMIT");
	if (ret) {
		hgl_ledger_rollback(l);
		return ret;
	}
	l->batch = false;
	lines = l->pending;
	l->pending = NULL;
	json_array_foreach(lines, i, o) {
		r = ledger_write_line(l, o);
		if (r && !ret)
			ret = r;
	}
	json_decref(lines);
	return ret;
}

/**
 * hgl_ledger_rollback() - abandon a batch
 * @l: the ledger
 *
 * Return: 0, -EINVAL outside a batch, -EIO.
 */
int hgl_ledger_rollback(struct hgl_ledger *l)
{
	int ret;

	if (!l->batch)
		return -EINVAL;
	ret = ledger_exec(l, "ROLLBACK");
	l->batch = false;
	json_decref(l->pending);
	l->pending = NULL;
	return ret;
}

/* Prepare the INSERT of a record of @k, its ?1 the time now. */
static int rec_prepare(struct hgl_ledger *l, const struct rec_kind *k,
		       sqlite3_stmt **st)
{
	int ret = ledger_rec_prepare(l, k, NULL, st);

	if (!ret)
		ledger_bind_u64(*st, 1, ledger_now(l));
	return ret;
}

/*
 * Prepare the INSERT of a record of @k about process @p (a detection or
 * an action): ?1 the time, ?2 .. ?6 the process.  Return: 0, -EINVAL (no
 * process or tenant), -errno.
 */
static int rec_prepare_proc(struct hgl_ledger *l, const struct rec_kind *k,
			    const struct hgl_ledger_proc *p, sqlite3_stmt **st)
{
	int ret;

	if (!p || !p->tenant)
		return -EINVAL;
	ret = rec_prepare(l, k, st);
	if (ret)
		return ret;
	ledger_bind_str(*st, 2, p->tenant, false);
	sqlite3_bind_int64(*st, 3, p->tgid);
	ledger_bind_u64(*st, 4, p->start_time);
	ledger_bind_str(*st, 5, p->comm ? p->comm : "", false);
	ledger_bind_str(*st, 6, p->exe, true);
	return 0;
}

/**
 * hgl_ledger_agent() - record an event of the agent
 * @l: the ledger
 * @event: "start", "stop", "resync", ...
 * @detail: more (the reason of a resync), or NULL
 *
 * Return: 0 or -errno.
 */
int hgl_ledger_agent(struct hgl_ledger *l, const char *event,
		    const char *detail)
{
	sqlite3_stmt *st;
	int ret;

	if (!event)
		return -EINVAL;
	ret = rec_prepare(l, &ledger_rec_agent, &st);
	if (ret)
		return ret;
	ledger_bind_str(st, 2, event, false);
	ledger_bind_str(st, 3, detail, false);
	sqlite3_bind_int64(st, 4, getpid());
	return rec_insert(l, &ledger_rec_agent, st);
}

/**
 * hgl_ledger_detection() - record a detection event
 * @l: the ledger
 * @p: the process
 * @event: "flagged", "cleared", "exited", "covered", "uncovered"
 * @score: its score
 * @approval_ref: the approval covering it, or NULL/""
 *
 * Return: 0 or -errno.
 */
int hgl_ledger_detection(struct hgl_ledger *l, const struct hgl_ledger_proc *p,
			const char *event, uint32_t score,
			const char *approval_ref)
{
	sqlite3_stmt *st;
	int ret;

	if (!event)
		return -EINVAL;
	ret = rec_prepare_proc(l, &ledger_rec_detection, p, &st);
	if (ret)
		return ret;
	ledger_bind_str(st, 7, event, false);
	sqlite3_bind_int64(st, 8, score);
	ledger_bind_str(st, 9, approval_ref, true);
	return rec_insert(l, &ledger_rec_detection, st);
}

/**
 * hgl_ledger_action() - record an action and its outcome
 * @l: the ledger
 * @p: the process acted on
 * @kind: enum hashguard_action
 * @outcome: enum hashguard_outcome
 * @authority: the policy section or the approval, or NULL
 * @cgroup: the cgroup acted on, or NULL/""
 * @detail: what was done and seen, or NULL
 *
 * Return: 0, -EINVAL (@kind or @outcome not known), or -errno.
 */
int hgl_ledger_action(struct hgl_ledger *l, const struct hgl_ledger_proc *p,
		     unsigned int kind, unsigned int outcome,
		     const char *authority, const char *cgroup,
		     const char *detail)
{
	const char *action = hgl_action_name(kind);
	const char *result = hgl_outcome_name(outcome);
	sqlite3_stmt *st;
	int ret;

	if (!action || !result)
		return -EINVAL;
	ret = rec_prepare_proc(l, &ledger_rec_action, p, &st);
	if (ret)
		return ret;
	ledger_bind_str(st, 7, action, false);
	ledger_bind_str(st, 8, result, false);
	ledger_bind_str(st, 9, authority, false);
	ledger_bind_str(st, 10, cgroup, true);
	ledger_bind_str(st, 11, detail, false);
	return rec_insert(l, &ledger_rec_action, st);
}

/*
 * The kinds of record that keep a state table: the events that put the
 * object in it (@keeps) and take it out (@drops), NULL-terminated; the
 * statements that put it in the table and take it out; and what binds
 * the object's columns from ?@i on, to its record (@rec: "" and 0 as
 * NULL) or to those statements (only its key to the second), returning
 * the next parameter's number.
 */
struct rec_state {
	const struct rec_kind *kind;
	const char *const *keeps;
	const char *const *drops;
	const char *keep;
	const char *drop;
	int (*bind)(sqlite3_stmt *st, int i, const void *obj, bool rec);
};

static bool event_in(const char *event, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(event, *names))
			return true;
	return false;
}

/*
 * Record @event of @obj (made by @by) and keep its state table: in a
 * transaction of their own, or a savepoint of the batch under way; the
 * JSON line once both are in.  The record's columns are the time, the
 * event, the object's and the caller's.  Return: 0, -EINVAL (an event
 * not listed), or -errno.
 */
static int rec_insert_state(struct hgl_ledger *l, const struct rec_state *rs,
			    const char *event, const void *obj,
			    const struct hgl_caller *by)
{
	sqlite3_stmt *st;
	sqlite3_int64 id;
	bool keep;
	int ret;

	if (event_in(event, rs->keeps))
		keep = true;
	else if (event_in(event, rs->drops))
		keep = false;
	else
		return -EINVAL;
	ret = tx_start(l);
	if (ret)
		return ret;
	ret = rec_prepare(l, rs->kind, &st);
	if (ret)
		return tx_end(l, ret);
	ledger_bind_str(st, 2, event, false);
	ledger_bind_caller(st, rs->bind(st, 3, obj, true), by);
	ret = ledger_done(l, st);
	if (ret)
		return tx_end(l, ret);
	id = sqlite3_last_insert_rowid(l->db);
	ret = ledger_prepare(l, keep ? rs->keep : rs->drop, &st);
	if (ret)
		return tx_end(l, ret);
	rs->bind(st, 1, obj, false);
	ret = tx_end(l, ledger_done(l, st));
	if (ret)
		return ret;
	return rec_emit(l, rs->kind, id);
}

/* Approval columns: tenant, ref (the key), exe, the times, granted_by. */
static int bind_approval(sqlite3_stmt *st, int i, const void *obj, bool rec)
{
	const struct hgl_approval *a = obj;
	void (*bind_time)(sqlite3_stmt *st, int i, uint64_t v) =
		rec ? ledger_bind_time0 : ledger_bind_u64;

	ledger_bind_str(st, i, a->tenant, false);
	ledger_bind_str(st, i + 1, a->ref, false);
	if (sqlite3_bind_parameter_count(st) < i + 2)
		return i + 2;
	ledger_bind_str(st, i + 2, a->exe, rec);
	bind_time(st, i + 3, a->not_before);
	bind_time(st, i + 4, a->expires);
	sqlite3_bind_int64(st, i + 5, a->granted_by);
	bind_time(st, i + 6, a->granted_time);
	return i + 7;
}

/* Tenant columns: name (the key), cgroup. */
static int bind_tenant(sqlite3_stmt *st, int i, const void *obj, bool rec)
{
	const struct hgl_tenant *t = obj;

	ledger_bind_str(st, i, t->name, false);
	if (sqlite3_bind_parameter_count(st) < i + 1)
		return i + 1;
	ledger_bind_str(st, i + 1, t->cgroup, rec);
	return i + 2;
}

static const char *const approval_keeps[] = {
	"granted", "replaced", "restored", "observed", NULL,
};
static const char *const approval_drops[] = {
	"revoked", "expired", "lost", NULL,
};
static const char *const tenant_keeps[] = { "added", "restored", NULL };
static const char *const tenant_drops[] = { "removed", NULL };

enum { REC_APPROVAL, REC_TENANT };

static const struct rec_state rec_states[] = {
	[REC_APPROVAL] = {
		&ledger_rec_approval, approval_keeps, approval_drops,
		"INSERT OR REPLACE INTO approvals (tenant, ref, exe, not_before, expires, granted_by, granted_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		"DELETE FROM approvals WHERE tenant = ?1 AND ref = ?2",
		bind_approval,
	},
	[REC_TENANT] = {
		&ledger_rec_tenant, tenant_keeps, tenant_drops,
		"INSERT OR REPLACE INTO tenants (name, cgroup) VALUES (?1, ?2)",
		"DELETE FROM tenants WHERE name = ?1",
		bind_tenant,
	},
};

/**
 * hgl_ledger_approval() - record an approval event, and keep the approvals
 * @l: the ledger
 * @event: granted, replaced, restored, observed (the approval is put in
 *	the approvals table), revoked, expired, lost (taken out of it)
 * @a: the approval: @tenant, @ref, @exe ("": whole tenant), @not_before,
 *	@expires, @granted_by, @granted_time are kept
 * @by: who made the change; NULL or !@present: the kernel or the agent
 *
 * The record and the change of the table are one transaction.
 *
 * Return: 0, -EINVAL (an event not listed, no tenant or ref), or -errno.
 */
int hgl_ledger_approval(struct hgl_ledger *l, const char *event,
		       const struct hgl_approval *a,
		       const struct hgl_caller *by)
{
	if (!event || !a || !a->tenant[0] || !a->ref[0])
		return -EINVAL;
	return rec_insert_state(l, &rec_states[REC_APPROVAL], event, a, by);
}

/**
 * hgl_ledger_tenant() - record a tenant event, and keep the tenants
 * @l: the ledger
 * @event: added, restored (put in the tenants table), removed (taken out)
 * @t: the tenant: @name and @cgroup
 * @by: who made the change; NULL or !@present: the kernel or the agent
 *
 * Return: 0, -EINVAL (an event not listed, no name), or -errno.
 */
int hgl_ledger_tenant(struct hgl_ledger *l, const char *event,
		     const struct hgl_tenant *t, const struct hgl_caller *by)
{
	if (!event || !t || !t->name[0])
		return -EINVAL;
	return rec_insert_state(l, &rec_states[REC_TENANT], event, t, by);
}
