// SPDX-License-Identifier: GPL-2.0
/*
 * The ledger's SQL helpers (see ledger_int.h): statements run, stepped
 * and bound the same way by every part, SQLite's errors kept for
 * hgl_ledger_error(), and the clock of the records' times.
 */

#include <errno.h>
#include <time.h>

#include "ledger_int.h"

/* Remember SQLite's message; -ENOMEM or -EIO. */
int ledger_fail(struct hgl_ledger *l, const char *what)
{
	int code = sqlite3_errcode(l->db);

	snprintf(l->err, sizeof(l->err), "ledger: %s: %s", what,
		 sqlite3_errmsg(l->db));
	return code == SQLITE_NOMEM ? -ENOMEM : -EIO;
}

int ledger_exec(struct hgl_ledger *l, const char *sql)
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

int ledger_prepare(struct hgl_ledger *l, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(l->db, sql, -1, st, NULL) != SQLITE_OK)
		return ledger_fail(l, "prepare");
	return 0;
}

/* Step a statement that returns no row, and finalize it. */
int ledger_done(struct hgl_ledger *l, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st), ret = 0;

	if (rc != SQLITE_DONE)
		ret = ledger_fail(l, "write");
	sqlite3_finalize(st);
	return ret;
}

/*
 * Prepare @sql with ?1 @s1 and (unless NULL: a statement of one
 * parameter) ?2 @s2, strings, NULL as SQL NULL.
 */
int ledger_prepare_strs(struct hgl_ledger *l, const char *sql,
			sqlite3_stmt **st, const char *s1, const char *s2)
{
	int ret = ledger_prepare(l, sql, st);

	if (ret)
		return ret;
	ledger_bind_str(*st, 1, s1, false);
	if (s2)
		ledger_bind_str(*st, 2, s2, false);
	return 0;
}

/*
 * Step a SELECT through its rows, calling @row for each until it fails,
 * and finalize it.  Return: 0, what @row returned, or a read failure.
 */
int ledger_rows(struct hgl_ledger *l, sqlite3_stmt *st,
		int (*row)(sqlite3_stmt *st, void *arg), void *arg)
{
	int rc, ret = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ret = row(st, arg);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = ledger_fail(l, "read");
	sqlite3_finalize(st);
	return ret;
}

/* Bind a string; NULL (and "" when @empty_null) as SQL NULL. */
void ledger_bind_str(sqlite3_stmt *st, int i, const char *s,
		     bool empty_null)
{
	if (!s || (empty_null && !*s))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

void ledger_bind_u64(sqlite3_stmt *st, int i, uint64_t v)
{
	sqlite3_bind_int64(st, i, (sqlite3_int64)v);
}

/* A time, 0 as SQL NULL. */
void ledger_bind_time0(sqlite3_stmt *st, int i, uint64_t v)
{
	if (v)
		ledger_bind_u64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* Who made a change, at @i .. @i + 2: uid, pid, comm; all NULL if none. */
void ledger_bind_caller(sqlite3_stmt *st, int i, const struct hgl_caller *by)
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

void ledger_copy_col(char *dst, size_t len, sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	snprintf(dst, len, "%s", s ? (const char *)s : "");
}

uint64_t ledger_now(struct hgl_ledger *l)
{
	time_t t;

	if (l->now)
		return l->now();
	t = time(NULL);
	return t < 0 ? 0 : (uint64_t)t;
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
