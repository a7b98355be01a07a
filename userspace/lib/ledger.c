// SPDX-License-Identifier: GPL-2.0
/*
 * The ledger: hashguardd's persistent record in SQLite (see ledger.h).
 *
 * Schema (version 1):
 *
 *	detections       id, time, tenant, pid, start_time, comm, exe, event,
 *			 score, approval
 *	actions          id, time, tenant, pid, start_time, comm, exe, action,
 *			 outcome, authority, cgroup, detail
 *	approval_events  id, time, event, tenant, ref, exe, not_before,
 *			 expires, granted_by, granted_time, by_uid, by_pid,
 *			 by_comm
 *	tenant_events    id, time, event, tenant, cgroup, by_uid, by_pid,
 *			 by_comm
 *	agent_events     id, time, event, detail, pid
 *
 *	approvals        (tenant, ref), exe, not_before, expires, granted_by,
 *			 granted_time
 *	tenants          (name), cgroup
 *	enforcements     (tgid, start_time), tenant, comm, kind, cgroup, prev,
 *			 authority, since, samples_at, kept
 *	meta             (key), value
 *
 * The record tables are append-only, indexed by (tenant, time) and time;
 * "time" is seconds since the epoch when the record was written.  Actions
 * keep their kind and outcome by name ("throttle", "verified"), so that a
 * report reads the same whatever later versions number them.  In the
 * records, a value not known is NULL (exe, approval, by_*: NULL when the
 * kernel made the change; exe of an approval: NULL for the whole tenant;
 * not_before and expires: NULL for 0).
 *
 * Each record is also one JSON line on the stream: the columns under
 * their names, "record" first, times as ISO 8601 UTC strings, NULL as
 * null.  The line of a record is made from the row as stored, so that it
 * is the same object a report shows.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ledger.h"
#include "util.h"

struct hgl_ledger {
	sqlite3 *db;
	bool readonly;
	bool batch;
	FILE *stream;
	json_t *pending;	/* JSON lines of the batch under way */
	uint64_t (*now)(void);
	char err[512];
};

/* The migrations: migrations[i] brings a file from version i to i + 1. */
static const char *const ledger_migrations[] = {
	/* 1: the initial schema */
	"CREATE TABLE detections ("
	" id INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL,"
	" tenant TEXT NOT NULL,"
	" pid INTEGER NOT NULL,"
	" start_time INTEGER NOT NULL,"
	" comm TEXT NOT NULL,"
	" exe TEXT,"
	" event TEXT NOT NULL,"
	" score INTEGER NOT NULL,"
	" approval TEXT);"
	"CREATE INDEX detections_tenant_time ON detections (tenant, time);"
	"CREATE INDEX detections_time ON detections (time);"
	"CREATE TABLE actions ("
	" id INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL,"
	" tenant TEXT NOT NULL,"
	" pid INTEGER NOT NULL,"
	" start_time INTEGER NOT NULL,"
	" comm TEXT NOT NULL,"
	" exe TEXT,"
	" action TEXT NOT NULL,"
	" outcome TEXT NOT NULL,"
	" authority TEXT,"
	" cgroup TEXT,"
	" detail TEXT);"
	"CREATE INDEX actions_tenant_time ON actions (tenant, time);"
	"CREATE INDEX actions_time ON actions (time);"
	"CREATE TABLE approval_events ("
	" id INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL,"
	" event TEXT NOT NULL,"
	" tenant TEXT NOT NULL,"
	" ref TEXT NOT NULL,"
	" exe TEXT,"
	" not_before INTEGER,"
	" expires INTEGER,"
	" granted_by INTEGER,"
	" granted_time INTEGER,"
	" by_uid INTEGER,"
	" by_pid INTEGER,"
	" by_comm TEXT);"
	"CREATE INDEX approval_events_tenant_time"
	" ON approval_events (tenant, time);"
	"CREATE INDEX approval_events_time ON approval_events (time);"
	"CREATE TABLE tenant_events ("
	" id INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL,"
	" event TEXT NOT NULL,"
	" tenant TEXT NOT NULL,"
	" cgroup TEXT,"
	" by_uid INTEGER,"
	" by_pid INTEGER,"
	" by_comm TEXT);"
	"CREATE INDEX tenant_events_tenant_time ON tenant_events (tenant, time);"
	"CREATE INDEX tenant_events_time ON tenant_events (time);"
	"CREATE TABLE agent_events ("
	" id INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL,"
	" event TEXT NOT NULL,"
	" detail TEXT,"
	" pid INTEGER NOT NULL);"
	"CREATE INDEX agent_events_time ON agent_events (time);"
	"CREATE TABLE approvals ("
	" tenant TEXT NOT NULL,"
	" ref TEXT NOT NULL,"
	" exe TEXT NOT NULL DEFAULT '',"
	" not_before INTEGER NOT NULL DEFAULT 0,"
	" expires INTEGER NOT NULL DEFAULT 0,"
	" granted_by INTEGER NOT NULL DEFAULT 0,"
	" granted_time INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (tenant, ref));"
	"CREATE TABLE tenants ("
	" name TEXT PRIMARY KEY,"
	" cgroup TEXT NOT NULL);"
	"CREATE TABLE enforcements ("
	" tgid INTEGER NOT NULL,"
	" start_time INTEGER NOT NULL,"
	" tenant TEXT NOT NULL,"
	" comm TEXT NOT NULL,"
	" kind INTEGER NOT NULL,"
	" cgroup TEXT NOT NULL,"
	" prev TEXT NOT NULL,"
	" authority TEXT NOT NULL,"
	" since INTEGER NOT NULL,"
	" samples_at INTEGER NOT NULL,"
	" kept INTEGER NOT NULL,"
	" PRIMARY KEY (tgid, start_time));"
	"CREATE TABLE meta ("
	" key TEXT PRIMARY KEY,"
	" value TEXT NOT NULL);",
};

_Static_assert(sizeof(ledger_migrations) / sizeof(ledger_migrations[0]) ==
	       HGL_LEDGER_VERSION, "one migration per schema version");

/* The tables a reader needs. */
static const char *const ledger_tables[] = {
	"detections", "actions", "approval_events", "tenant_events",
	"agent_events", "approvals", "tenants", "enforcements", "meta",
};

/* Columns of the records, as the JSON lines and reports give them. */
enum rec_type {
	REC_TEXT,	/* string (NULL: null) */
	REC_INT,	/* number (NULL: null) */
	REC_TIME,	/* ISO 8601 string (NULL or 0: null) */
};

struct rec_col {
	const char *name;
	enum rec_type type;
};

struct rec_kind {
	const char *record;
	const char *table;
	const struct rec_col *cols;
	size_t ncols;
};

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

static const struct rec_kind rec_detection =
	REC_KIND("detection", "detections", rec_detection_cols);
static const struct rec_kind rec_action =
	REC_KIND("action", "actions", rec_action_cols);
static const struct rec_kind rec_approval =
	REC_KIND("approval", "approval_events", rec_approval_cols);
static const struct rec_kind rec_tenant =
	REC_KIND("tenant", "tenant_events", rec_tenant_cols);
static const struct rec_kind rec_agent =
	REC_KIND("agent", "agent_events", rec_agent_cols);

/* Remember SQLite's message; -ENOMEM or -EIO. */
static int ledger_fail(struct hgl_ledger *l, const char *what)
{
	int code = sqlite3_errcode(l->db);

	snprintf(l->err, sizeof(l->err), "ledger: %s: %s", what,
		 sqlite3_errmsg(l->db));
	return code == SQLITE_NOMEM ? -ENOMEM : -EIO;
}

static int ledger_exec(struct hgl_ledger *l, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(l->db, sql, NULL, NULL, &msg);

	if (rc == SQLITE_OK)
		return 0;
	snprintf(l->err, sizeof(l->err), "ledger: %s", msg ? msg :
		 sqlite3_errstr(rc));
	sqlite3_free(msg);
	return rc == SQLITE_NOMEM ? -ENOMEM : -EIO;
}

static int ledger_prepare(struct hgl_ledger *l, const char *sql,
			  sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(l->db, sql, -1, st, NULL) != SQLITE_OK)
		return ledger_fail(l, "prepare");
	return 0;
}

/* Step a statement that returns no row, and finalize it. */
static int ledger_done(struct hgl_ledger *l, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st), ret = 0;

	if (rc != SQLITE_DONE)
		ret = ledger_fail(l, "write");
	sqlite3_finalize(st);
	return ret;
}

/* Bind a string; NULL (and "" when @empty_null) as SQL NULL. */
static void bind_str(sqlite3_stmt *st, int i, const char *s, bool empty_null)
{
	if (!s || (empty_null && !*s))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

static void bind_u64(sqlite3_stmt *st, int i, uint64_t v)
{
	sqlite3_bind_int64(st, i, (sqlite3_int64)v);
}

/* A time, 0 as SQL NULL. */
static void bind_time0(sqlite3_stmt *st, int i, uint64_t v)
{
	if (v)
		bind_u64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static void bind_caller(sqlite3_stmt *st, int i, const struct hgl_caller *by)
{
	if (by && by->present) {
		sqlite3_bind_int64(st, i, by->uid);
		sqlite3_bind_int64(st, i + 1, by->pid);
		sqlite3_bind_text(st, i + 2, by->comm, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(st, i);
		sqlite3_bind_null(st, i + 1);
		sqlite3_bind_null(st, i + 2);
	}
}

static void copy_col(char *dst, size_t len, sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	snprintf(dst, len, "%s", s ? (const char *)s : "");
}

static uint64_t ledger_now(struct hgl_ledger *l)
{
	time_t t;

	if (l->now)
		return l->now();
	t = time(NULL);
	return t < 0 ? 0 : (uint64_t)t;
}

/* A time as ISO 8601 UTC, 0 as null. */
static json_t *json_time(uint64_t t)
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
static bool jset(json_t *o, const char *key, json_t *v)
{
	return v && !json_object_set_new(o, key, v);
}

/* "SELECT c1, c2, ... FROM table " + @tail, from constant names only. */
static char *rec_select(const struct rec_kind *k, const char *tail)
{
	char *sql = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&sql, &len);

	if (!f)
		return NULL;
	fputs("SELECT ", f);
	for (i = 0; i < k->ncols; i++)
		fprintf(f, "%s%s", i ? ", " : "", k->cols[i].name);
	fprintf(f, " FROM %s %s", k->table, tail);
	if (fclose(f)) {
		free(sql);
		return NULL;
	}
	return sql;
}

/*
 * The row at @st (selected by rec_select()) as an object: for a JSON line
 * (@line) with "record" first, else without "tenant" (a report's entry).
 */
static json_t *rec_json(const struct rec_kind *k, sqlite3_stmt *st, bool line)
{
	json_t *o = json_object(), *v;
	size_t i;

	if (!o)
		return NULL;
	if (line && !jset(o, "record", json_string(k->record)))
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
			v = json_time((uint64_t)
				      sqlite3_column_int64(st, (int)i));
		if (!jset(o, c->name, v))
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
	char *sql;
	int ret;

	if (!l->stream)
		return 0;
	sql = rec_select(k, "WHERE id = ?1");
	if (!sql)
		return -ENOMEM;
	ret = ledger_prepare(l, sql, &st);
	free(sql);
	if (ret)
		return ret;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		o = rec_json(k, st, true);
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

/* mkdir -p @path's directory, 0700 for the ones made. */
static int ledger_mkdirs(const char *path)
{
	char *dir = strdup(path), *p;
	int ret = 0;

	if (!dir)
		return -ENOMEM;
	p = strrchr(dir, '/');
	if (!p || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p && *p != '/')
			continue;
		if (*p == '/') {
			*p = '\0';
			if (mkdir(dir, 0700) && errno != EEXIST)
				ret = -errno;
			*p = '/';
		} else {
			if (mkdir(dir, 0700) && errno != EEXIST)
				ret = -errno;
			break;
		}
		if (ret)
			break;
	}
	free(dir);
	return ret;
}

static int ledger_user_version(struct hgl_ledger *l)
{
	sqlite3_stmt *st;
	int ret;

	ret = ledger_prepare(l, "PRAGMA user_version", &st);
	if (ret)
		return ret;
	if (sqlite3_step(st) == SQLITE_ROW)
		ret = sqlite3_column_int(st, 0);
	else
		ret = ledger_fail(l, "reading the schema version");
	sqlite3_finalize(st);
	return ret;
}

/* Apply the migrations the file lacks, one transaction each. */
static int ledger_migrate(struct hgl_ledger *l, const char *path)
{
	int v, ret;
	char sql[64];

	for (;;) {
		ret = ledger_exec(l, "BEGIN IMMEDIATE");
		if (ret)
			return ret;
		v = ledger_user_version(l);
		if (v < 0) {
			ret = v;
			break;
		}
		if (v > HGL_LEDGER_VERSION) {
			snprintf(l->err, sizeof(l->err),
				 "ledger at %s has schema version %d, newer than this program's %d: upgrade hashguard",
				 path, v, HGL_LEDGER_VERSION);
			ret = -EPROTO;
			break;
		}
		if (v == HGL_LEDGER_VERSION)
			break;
		ret = ledger_exec(l, ledger_migrations[v]);
		if (ret)
			break;
		/* PRAGMA takes no parameters; @v is ours, not input. */
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		ret = ledger_exec(l, sql);
		if (ret)
			break;
		ret = ledger_exec(l, "COMMIT");
		if (ret)
			break;
	}
	if (ret)
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	else
		ret = ledger_exec(l, "COMMIT");
	return ret;
}

/* A reader: refuse a newer file, or an older one without our tables. */
static int ledger_check_ro(struct hgl_ledger *l, const char *path)
{
	sqlite3_stmt *st;
	size_t i;
	int v, ret;

	v = ledger_user_version(l);
	if (v < 0)
		return v;
	if (v > HGL_LEDGER_VERSION) {
		snprintf(l->err, sizeof(l->err),
			 "ledger at %s has schema version %d, newer than this program's %d: upgrade hashguard",
			 path, v, HGL_LEDGER_VERSION);
		return -EPROTO;
	}
	if (v == HGL_LEDGER_VERSION)
		return 0;
	ret = ledger_prepare(l,
			     "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
			     &st);
	if (ret)
		return ret;
	for (i = 0; i < sizeof(ledger_tables) / sizeof(ledger_tables[0]);
	     i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, ledger_tables[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			snprintf(l->err, sizeof(l->err),
				 "ledger at %s has schema version %d, run hashguardd to upgrade it",
				 path, v);
			ret = -EPROTO;
			break;
		}
	}
	sqlite3_finalize(st);
	return ret;
}

/* Create @path 0600 if missing, and make it 0600 if it is not. */
static int ledger_create_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0600))
		ret = -errno;
	close(fd);
	return ret;
}

/**
 * hgl_ledger_open() - open the ledger
 * @path: the database file (HGL_LEDGER_PATH for the agent)
 * @readonly: open an existing file for reading only: nothing is created
 *	or migrated; a file of an older schema is read if it has every
 *	table this program reads
 * @lp: the ledger, on success
 * @err: a sentence for a person on failure
 * @errlen: size of @err
 *
 * For writing, the file and its directories are created (0600, 0700),
 * the file is put in WAL mode and migrated to HGL_LEDGER_VERSION.
 *
 * Return: 0; -ENOENT (@readonly and no file), -EPROTO (a schema this
 * program cannot use), -ENOMEM, -EIO or another -errno.
 */
int hgl_ledger_open(const char *path, bool readonly, struct hgl_ledger **lp,
		   char *err, size_t errlen)
{
	struct hgl_ledger *l;
	struct stat sb;
	int flags, ret;

	*lp = NULL;
	if (!path || !*path) {
		snprintf(err, errlen, "no ledger path given");
		return -EINVAL;
	}
	if (readonly) {
		if (stat(path, &sb)) {
			ret = -errno;
			snprintf(err, errlen, "no ledger at %s: %s", path,
				 strerror(-ret));
			return ret;
		}
		flags = SQLITE_OPEN_READONLY;
	} else {
		ret = ledger_mkdirs(path);
		if (!ret)
			ret = ledger_create_file(path);
		if (ret) {
			snprintf(err, errlen, "cannot create the ledger at %s: %s",
				 path, strerror(-ret));
			return ret;
		}
		flags = SQLITE_OPEN_READWRITE;
	}
	l = calloc(1, sizeof(*l));
	if (!l) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	l->readonly = readonly;
	if (sqlite3_open_v2(path, &l->db, flags | SQLITE_OPEN_NOFOLLOW,
			    NULL) != SQLITE_OK) {
		ret = l->db ? ledger_fail(l, "open") : -ENOMEM;
		snprintf(err, errlen, "cannot open the ledger at %s: %s", path,
			 l->db ? sqlite3_errmsg(l->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(l->db, 0);
	ret = ledger_exec(l, "PRAGMA busy_timeout = 5000;"
			     "PRAGMA foreign_keys = ON;"
			     "PRAGMA synchronous = FULL");
	if (!ret && !readonly)
		ret = ledger_exec(l, "PRAGMA journal_mode = WAL");
	if (!ret)
		ret = readonly ? ledger_check_ro(l, path) :
		      ledger_migrate(l, path);
	if (ret == -EPROTO)
		snprintf(err, errlen, "%s", l->err);
	else if (ret)
		snprintf(err, errlen, "cannot open the ledger at %s: %s", path,
			 sqlite3_errmsg(l->db));
	if (ret)
		goto fail;
	*lp = l;
	return 0;
fail:
	sqlite3_close_v2(l->db);
	free(l);
	return ret;
}

/**
 * hgl_ledger_close() - close the ledger
 * @l: the ledger (NULL: nothing)
 *
 * A batch under way is rolled back and its JSON lines dropped.
 */
void hgl_ledger_close(struct hgl_ledger *l)
{
	if (!l)
		return;
	if (l->batch)
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	json_decref(l->pending);
	sqlite3_close_v2(l->db);
	free(l);
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
 * hgl_ledger_set_clock() - the clock of the records' times
 * @l: the ledger
 * @now: seconds since the epoch; NULL: time(NULL)
 */
void hgl_ledger_set_clock(struct hgl_ledger *l, uint64_t (*now)(void))
{
	l->now = now;
}

/**
 * hgl_ledger_error() - the message of the last failure
 * @l: the ledger
 *
 * Return: a sentence, "" if nothing failed yet.
 */
const char *hgl_ledger_error(const struct hgl_ledger *l)
{
	return l ? l->err : "no ledger";
}

/**
 * hgl_ledger_version() - the schema version of the open file
 * @l: the ledger
 *
 * Return: PRAGMA user_version, or -errno.
 */
int hgl_ledger_version(struct hgl_ledger *l)
{
	return ledger_user_version(l);
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
	ret = ledger_prepare(l,
			     "INSERT INTO agent_events (time, event, detail, pid) VALUES (?1, ?2, ?3, ?4)",
			     &st);
	if (ret)
		return ret;
	bind_u64(st, 1, ledger_now(l));
	bind_str(st, 2, event, false);
	bind_str(st, 3, detail, false);
	sqlite3_bind_int64(st, 4, getpid());
	return rec_insert(l, &rec_agent, st);
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

	if (!p || !p->tenant || !event)
		return -EINVAL;
	ret = ledger_prepare(l,
			     "INSERT INTO detections (time, tenant, pid, start_time, comm, exe, event, score, approval) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
			     &st);
	if (ret)
		return ret;
	bind_u64(st, 1, ledger_now(l));
	bind_str(st, 2, p->tenant, false);
	sqlite3_bind_int64(st, 3, p->tgid);
	bind_u64(st, 4, p->start_time);
	bind_str(st, 5, p->comm ? p->comm : "", false);
	bind_str(st, 6, p->exe, true);
	bind_str(st, 7, event, false);
	sqlite3_bind_int64(st, 8, score);
	bind_str(st, 9, approval_ref, true);
	return rec_insert(l, &rec_detection, st);
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

	if (!p || !p->tenant || !action || !result)
		return -EINVAL;
	ret = ledger_prepare(l,
			     "INSERT INTO actions (time, tenant, pid, start_time, comm, exe, action, outcome, authority, cgroup, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			     &st);
	if (ret)
		return ret;
	bind_u64(st, 1, ledger_now(l));
	bind_str(st, 2, p->tenant, false);
	sqlite3_bind_int64(st, 3, p->tgid);
	bind_u64(st, 4, p->start_time);
	bind_str(st, 5, p->comm ? p->comm : "", false);
	bind_str(st, 6, p->exe, true);
	bind_str(st, 7, action, false);
	bind_str(st, 8, result, false);
	bind_str(st, 9, authority, false);
	bind_str(st, 10, cgroup, true);
	bind_str(st, 11, detail, false);
	return rec_insert(l, &rec_action, st);
}

/* Whether an approval event puts the approval in force (1), out (0). */
static int approval_event_keeps(const char *event)
{
	static const char *const in[] = {
		"granted", "replaced", "restored", "observed",
	};
	static const char *const out[] = { "revoked", "expired", "lost" };
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		if (!strcmp(event, in[i]))
			return 1;
	for (i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		if (!strcmp(event, out[i]))
			return 0;
	return -1;
}

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
	sqlite3_stmt *st;
	sqlite3_int64 id;
	int keep, ret;

	if (!event || !a || !a->tenant[0] || !a->ref[0])
		return -EINVAL;
	keep = approval_event_keeps(event);
	if (keep < 0)
		return -EINVAL;
	ret = tx_start(l);
	if (ret)
		return ret;
	ret = ledger_prepare(l,
			     "INSERT INTO approval_events (time, event, tenant, ref, exe, not_before, expires, granted_by, granted_time, by_uid, by_pid, by_comm) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
			     &st);
	if (ret)
		return tx_end(l, ret);
	bind_u64(st, 1, ledger_now(l));
	bind_str(st, 2, event, false);
	bind_str(st, 3, a->tenant, false);
	bind_str(st, 4, a->ref, false);
	bind_str(st, 5, a->exe, true);
	bind_time0(st, 6, a->not_before);
	bind_time0(st, 7, a->expires);
	sqlite3_bind_int64(st, 8, a->granted_by);
	bind_time0(st, 9, a->granted_time);
	bind_caller(st, 10, by);
	ret = ledger_done(l, st);
	if (ret)
		return tx_end(l, ret);
	id = sqlite3_last_insert_rowid(l->db);
	if (keep)
		ret = ledger_prepare(l,
				     "INSERT OR REPLACE INTO approvals (tenant, ref, exe, not_before, expires, granted_by, granted_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
				     &st);
	else
		ret = ledger_prepare(l,
				     "DELETE FROM approvals WHERE tenant = ?1 AND ref = ?2",
				     &st);
	if (ret)
		return tx_end(l, ret);
	bind_str(st, 1, a->tenant, false);
	bind_str(st, 2, a->ref, false);
	if (keep) {
		bind_str(st, 3, a->exe, false);
		bind_u64(st, 4, a->not_before);
		bind_u64(st, 5, a->expires);
		sqlite3_bind_int64(st, 6, a->granted_by);
		bind_u64(st, 7, a->granted_time);
	}
	ret = tx_end(l, ledger_done(l, st));
	if (ret)
		return ret;
	return rec_emit(l, &rec_approval, id);
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
	sqlite3_stmt *st;
	sqlite3_int64 id;
	bool keep;
	int ret;

	if (!event || !t || !t->name[0])
		return -EINVAL;
	if (!strcmp(event, "added") || !strcmp(event, "restored"))
		keep = true;
	else if (!strcmp(event, "removed"))
		keep = false;
	else
		return -EINVAL;
	ret = tx_start(l);
	if (ret)
		return ret;
	ret = ledger_prepare(l,
			     "INSERT INTO tenant_events (time, event, tenant, cgroup, by_uid, by_pid, by_comm) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			     &st);
	if (ret)
		return tx_end(l, ret);
	bind_u64(st, 1, ledger_now(l));
	bind_str(st, 2, event, false);
	bind_str(st, 3, t->name, false);
	bind_str(st, 4, t->cgroup, true);
	bind_caller(st, 5, by);
	ret = ledger_done(l, st);
	if (ret)
		return tx_end(l, ret);
	id = sqlite3_last_insert_rowid(l->db);
	if (keep)
		ret = ledger_prepare(l,
				     "INSERT OR REPLACE INTO tenants (name, cgroup) VALUES (?1, ?2)",
				     &st);
	else
		ret = ledger_prepare(l, "DELETE FROM tenants WHERE name = ?1",
				     &st);
	if (ret)
		return tx_end(l, ret);
	bind_str(st, 1, t->name, false);
	if (keep)
		bind_str(st, 2, t->cgroup, false);
	ret = tx_end(l, ledger_done(l, st));
	if (ret)
		return ret;
	return rec_emit(l, &rec_tenant, id);
}

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

/* Run @sql, a SELECT, calling @row for each row into a growing array. */
static int ledger_list(struct hgl_ledger *l, const char *sql, void **out,
		       size_t *n, size_t size,
		       void (*row)(sqlite3_stmt *st, void *elem))
{
	sqlite3_stmt *st;
	size_t cap = 0;
	void *arr = NULL;
	int rc, ret;

	*out = NULL;
	*n = 0;
	ret = ledger_prepare(l, sql, &st);
	if (ret)
		return ret;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ret = grow(&arr, *n, &cap, size);
		if (ret)
			break;
		row(st, (char *)arr + *n * size);
		++*n;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = ledger_fail(l, "read");
	sqlite3_finalize(st);
	if (ret) {
		free(arr);
		*n = 0;
		return ret;
	}
	*out = arr;
	return 0;
}

static void approval_row(sqlite3_stmt *st, void *elem)
{
	struct hgl_approval *a = elem;

	copy_col(a->tenant, sizeof(a->tenant), st, 0);
	copy_col(a->ref, sizeof(a->ref), st, 1);
	copy_col(a->exe, sizeof(a->exe), st, 2);
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
	int rc, ret;

	ret = ledger_prepare(l,
			     "SELECT 1 FROM approvals WHERE tenant = ?1 AND ref = ?2",
			     &st);
	if (ret)
		return ret;
	bind_str(st, 1, tenant, false);
	bind_str(st, 2, ref, false);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		ret = 1;
	else if (rc != SQLITE_DONE)
		ret = ledger_fail(l, "read");
	sqlite3_finalize(st);
	return ret;
}

static void tenant_row(sqlite3_stmt *st, void *elem)
{
	struct hgl_tenant *t = elem;

	copy_col(t->name, sizeof(t->name), st, 0);
	copy_col(t->cgroup, sizeof(t->cgroup), st, 1);
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
	bind_u64(st, 2, e->start_time);
	bind_str(st, 3, e->tenant, false);
	bind_str(st, 4, e->comm, false);
	sqlite3_bind_int64(st, 5, e->kind);
	bind_str(st, 6, e->cgroup, false);
	bind_str(st, 7, e->prev, false);
	bind_str(st, 8, e->authority, false);
	bind_u64(st, 9, e->since);
	bind_u64(st, 10, e->samples_at);
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
	bind_u64(st, 2, start_time);
	return ledger_done(l, st);
}

static void enf_row(sqlite3_stmt *st, void *elem)
{
	struct hgl_enforcement *e = elem;

	e->tgid = (uint32_t)sqlite3_column_int64(st, 0);
	e->start_time = (uint64_t)sqlite3_column_int64(st, 1);
	copy_col(e->tenant, sizeof(e->tenant), st, 2);
	copy_col(e->comm, sizeof(e->comm), st, 3);
	e->kind = (unsigned int)sqlite3_column_int64(st, 4);
	copy_col(e->cgroup, sizeof(e->cgroup), st, 5);
	copy_col(e->prev, sizeof(e->prev), st, 6);
	copy_col(e->authority, sizeof(e->authority), st, 7);
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

	ret = ledger_prepare(l, "SELECT value FROM meta WHERE key = ?1", &st);
	if (ret)
		return ret;
	bind_str(st, 1, key, false);
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
	ret = ledger_prepare(l,
			     "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
			     &st);
	if (ret)
		return ret;
	bind_str(st, 1, key, false);
	bind_str(st, 2, value, false);
	return ledger_done(l, st);
}

/* The records of @k of @tenant at or after @since, oldest first. */
static json_t *report_records(struct hgl_ledger *l, const struct rec_kind *k,
			      const char *tenant, uint64_t since, int *ret)
{
	json_t *arr = json_array(), *o;
	sqlite3_stmt *st;
	char *sql;
	int rc;

	*ret = -ENOMEM;
	sql = rec_select(k,
			 "WHERE tenant = ?1 AND time >= ?2 ORDER BY time, id");
	if (!arr || !sql)
		goto out;
	*ret = ledger_prepare(l, sql, &st);
	if (*ret)
		goto out;
	bind_str(st, 1, tenant, false);
	bind_u64(st, 2, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o = rec_json(k, st, false);
		if (!o || json_array_append_new(arr, o)) {
			*ret = -ENOMEM;
			break;
		}
	}
	if (!*ret && rc != SQLITE_DONE)
		*ret = ledger_fail(l, "read");
	sqlite3_finalize(st);
out:
	free(sql);
	if (*ret) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/**
 * hgl_ledger_report() - the transparency report of one tenant
 * @l: the ledger
 * @tenant: its name
 * @since: records at or after this time (seconds since the epoch; 0: all)
 * @out: the report (see ledger.h); json_decref() it
 *
 * The entries are the records' JSON lines without "record" and "tenant".
 *
 * Return: 0 or -errno.
 */
int hgl_ledger_report(struct hgl_ledger *l, const char *tenant, uint64_t since,
		     json_t **out)
{
	static const struct {
		const char *key;
		const struct rec_kind *k;
	} parts[] = {
		{ "detections", &rec_detection },
		{ "actions", &rec_action },
		{ "approvals", &rec_approval },
	};
	json_t *o, *arr;
	size_t i;
	int ret = 0;

	*out = NULL;
	if (!tenant)
		return -EINVAL;
	o = json_object();
	if (!o || !jset(o, "tenant", hgl_json_str(tenant)) ||
	    !jset(o, "since", json_time(since)) ||
	    !jset(o, "generated", json_time(ledger_now(l)))) {
		json_decref(o);
		return -ENOMEM;
	}
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		arr = report_records(l, parts[i].k, tenant, since, &ret);
		if (!arr)
			break;
		if (!jset(o, parts[i].key, arr)) {
			ret = -ENOMEM;
			break;
		}
	}
	if (ret) {
		json_decref(o);
		return ret;
	}
	*out = o;
	return 0;
}

/* @obj[@key] += @n, the member made if missing. */
static int count_add(json_t *obj, const char *key, json_int_t n)
{
	json_t *v = json_object_get(obj, key);

	if (v)
		return json_integer_set(v, json_integer_value(v) + n);
	return jset(obj, key, json_integer(n)) ? 0 : -ENOMEM;
}

/* The summary entry of @tenant in @by (name → entry), made if missing. */
static json_t *summary_entry(json_t *by, const char *tenant)
{
	json_t *e = json_object_get(by, tenant);

	if (e)
		return e;
	e = json_pack("{s:o, s:i, s:{}, s:{}, s:{s:i, s:i, s:i}}",
		      "tenant", hgl_json_str(tenant), "detections", 0,
		      "detection_events", "actions", "approvals",
		      "granted", 0, "revoked", 0, "expired", 0);
	if (!e || json_object_set_new(by, tenant, e))
		return NULL;
	return e;
}

/* One grouped count of the summary, row by row. */
static int summary_query(struct hgl_ledger *l, json_t *by, const char *sql,
			 uint64_t since, int which)
{
	static const char *const outcomes[] = { "verified", "failed" };
	sqlite3_stmt *st;
	json_t *e, *a;
	const char *tenant, *k1, *k2;
	json_int_t n;
	size_t i;
	int rc, ret;

	ret = ledger_prepare(l, sql, &st);
	if (ret)
		return ret;
	bind_u64(st, 1, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		tenant = (const char *)sqlite3_column_text(st, 0);
		k1 = (const char *)sqlite3_column_text(st, 1);
		e = summary_entry(by, tenant ? tenant : "");
		if (!e) {
			ret = -ENOMEM;
			break;
		}
		if (which < 0)		/* the tenant only */
			continue;
		k1 = k1 ? k1 : "";
		if (which == 0) {	/* detections: tenant, event, count */
			n = sqlite3_column_int64(st, 2);
			ret = count_add(json_object_get(e, "detection_events"),
					k1, n);
			if (!ret && !strcmp(k1, "flagged"))
				ret = count_add(e, "detections", n);
		} else if (which == 1) { /* actions: tenant, action, outcome */
			k2 = (const char *)sqlite3_column_text(st, 2);
			n = sqlite3_column_int64(st, 3);
			a = json_object_get(json_object_get(e, "actions"), k1);
			if (!a) {
				a = json_object();
				if (!jset(json_object_get(e, "actions"), k1,
					  a)) {
					ret = -ENOMEM;
					break;
				}
				for (i = 0; !ret && i < 2; i++)
					ret = count_add(a, outcomes[i], 0);
			}
			if (!ret)
				ret = count_add(a, k2 ? k2 : "", n);
		} else {		/* approvals: tenant, event, count */
			n = sqlite3_column_int64(st, 2);
			ret = count_add(json_object_get(e, "approvals"), k1,
					n);
		}
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = ledger_fail(l, "read");
	sqlite3_finalize(st);
	return ret;
}

static int summary_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The entries of @by (name → entry) sorted by name, bytewise. */
static json_t *summary_sorted(json_t *by)
{
	const char **names, *key;
	json_t *arr = json_array(), *e;
	size_t n = 0, i;

	names = calloc(json_object_size(by) + 1, sizeof(*names));
	if (!names || !arr)
		goto nomem;
	json_object_foreach(by, key, e)
		names[n++] = key;
	qsort(names, n, sizeof(*names), summary_cmp);
	for (i = 0; i < n; i++)
		if (json_array_append(arr, json_object_get(by, names[i])))
			goto nomem;
	free(names);
	return arr;
nomem:
	free(names);
	json_decref(arr);
	return NULL;
}

/**
 * hgl_ledger_summary() - counts per tenant (see ledger.h)
 * @l: the ledger
 * @since: records at or after this time (seconds since the epoch; 0: all)
 * @out: the summary; json_decref() it
 *
 * Return: 0 or -errno.
 */
int hgl_ledger_summary(struct hgl_ledger *l, uint64_t since, json_t **out)
{
	static const char *const sqls[] = {
		"SELECT tenant, event, count(*) FROM detections WHERE time >= ?1 GROUP BY tenant, event",
		"SELECT tenant, action, outcome, count(*) FROM actions WHERE time >= ?1 GROUP BY tenant, action, outcome",
		"SELECT tenant, event, count(*) FROM approval_events WHERE time >= ?1 GROUP BY tenant, event",
	};
	json_t *by, *o;
	size_t i;
	int ret;

	*out = NULL;
	by = json_object();
	if (!by)
		return -ENOMEM;
	/* The tenants kept and those of tenant events, then the counts. */
	ret = summary_query(l, by,
			    "SELECT name, NULL FROM tenants UNION SELECT tenant, NULL FROM tenant_events WHERE time >= ?1",
			    since, -1);
	for (i = 0; !ret && i < sizeof(sqls) / sizeof(sqls[0]); i++)
		ret = summary_query(l, by, sqls[i], since, (int)i);
	if (ret) {
		json_decref(by);
		return ret;
	}
	o = json_object();
	if (!o || !jset(o, "since", json_time(since)) ||
	    !jset(o, "generated", json_time(ledger_now(l))) ||
	    !jset(o, "tenants", summary_sorted(by))) {
		json_decref(o);
		json_decref(by);
		return -ENOMEM;
	}
	json_decref(by);
	*out = o;
	return 0;
}
