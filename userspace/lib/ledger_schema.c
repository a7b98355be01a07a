// SPDX-License-Identifier: GPL-2.0
/*
 * The ledger's file (see ledger.h): opening and closing it, its schema
 * and the migrations that bring an older file up to date.
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
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "ledger_int.h"

/*
 * Column lists that the record tables of version 1 share.  A migration's
 * text never changes once released (a new version adds one): these are
 * part of migration 1, not for later ones.
 */
#define V1_RECORD	" id INTEGER PRIMARY KEY," \
			" time INTEGER NOT NULL,"
#define V1_PROCESS	" tenant TEXT NOT NULL," \
			" pid INTEGER NOT NULL," \
			" start_time INTEGER NOT NULL," \
			" comm TEXT NOT NULL," \
			" exe TEXT,"
#define V1_EVENT	" event TEXT NOT NULL," \
			" tenant TEXT NOT NULL,"
#define V1_CALLER	" by_uid INTEGER," \
			" by_pid INTEGER," \
			" by_comm TEXT"
#define V1_INDEXES(t)	"CREATE INDEX " t "_tenant_time" \
			" ON " t " (tenant, time);" \
			"CREATE INDEX " t "_time ON " t " (time);"

/* The migrations: migrations[i] brings a file from version i to i + 1. */
static const char *const ledger_migrations[] = {
	/* 1: the initial schema */
	"CREATE TABLE detections (" V1_RECORD V1_PROCESS
	" event TEXT NOT NULL,"
	" score INTEGER NOT NULL,"
	" approval TEXT);"
	V1_INDEXES("detections")
	"CREATE TABLE actions (" V1_RECORD V1_PROCESS
	" action TEXT NOT NULL,"
	" outcome TEXT NOT NULL,"
	" authority TEXT,"
	" cgroup TEXT,"
	" detail TEXT);"
	V1_INDEXES("actions")
	"CREATE TABLE approval_events (" V1_RECORD V1_EVENT
	" ref TEXT NOT NULL,"
	" exe TEXT,"
	" not_before INTEGER,"
	" expires INTEGER,"
	" granted_by INTEGER,"
	" granted_time INTEGER," V1_CALLER ");"
	V1_INDEXES("approval_events")
	"CREATE TABLE tenant_events (" V1_RECORD V1_EVENT
	" cgroup TEXT," V1_CALLER ");"
	V1_INDEXES("tenant_events")
	"CREATE TABLE agent_events (" V1_RECORD
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

/* A file of schema version @v, newer than this program: -EPROTO. */
static int ledger_too_new(struct hgl_ledger *l, const char *path, int v)
{
	snprintf(l->err, sizeof(l->err),
		 "ledger at %s has schema version %d, newer than this program's %d: upgrade hashguard",
		 path, v, HGL_LEDGER_VERSION);
	return -EPROTO;
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
			ret = ledger_too_new(l, path, v);
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
	if (v > HGL_LEDGER_VERSION)
		return ledger_too_new(l, path, v);
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
 * hgl_ledger_version() - the schema version of the open file
 * @l: the ledger
 *
 * Return: PRAGMA user_version, or -errno.
 */
int hgl_ledger_version(struct hgl_ledger *l)
{
	return ledger_user_version(l);
}
