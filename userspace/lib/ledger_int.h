/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ledger's insides, shared by its files and by nothing else (the
 * public calls are in ledger.h).  The files, each using only those below
 * it:
 *
 *	ledger_report.c   the report and the summary (read the records)
 *	ledger_state.c    approvals, tenants, enforcements, meta (state)
 *	ledger_records.c  the record kinds, their JSON lines, batches and
 *			  the append-only writers
 *	ledger_schema.c   open, close, the schema and its migrations
 *	ledger_db.c       struct hgl_ledger's SQL helpers, errors, clock
 */
#ifndef HGL_LEDGER_INT_H
#define HGL_LEDGER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>
#include <sqlite3.h>

#include "ledger.h"

struct hgl_ledger {
	sqlite3 *db;
	bool readonly;
	bool batch;
	FILE *stream;
	json_t *pending;	/* JSON lines of the batch under way */
	uint64_t (*now)(void);
	char err[512];
};

/* ledger_db.c: statements, bindings, errors and the clock. */
int ledger_fail(struct hgl_ledger *l, const char *what);
int ledger_exec(struct hgl_ledger *l, const char *sql);
int ledger_prepare(struct hgl_ledger *l, const char *sql, sqlite3_stmt **st);
int ledger_prepare_strs(struct hgl_ledger *l, const char *sql,
			sqlite3_stmt **st, const char *s1, const char *s2);
int ledger_done(struct hgl_ledger *l, sqlite3_stmt *st);
int ledger_rows(struct hgl_ledger *l, sqlite3_stmt *st,
		int (*row)(sqlite3_stmt *st, void *arg), void *arg);
void ledger_bind_str(sqlite3_stmt *st, int i, const char *s,
		     bool empty_null);
void ledger_bind_u64(sqlite3_stmt *st, int i, uint64_t v);
void ledger_bind_time0(sqlite3_stmt *st, int i, uint64_t v);
void ledger_bind_caller(sqlite3_stmt *st, int i, const struct hgl_caller *by);
void ledger_copy_col(char *dst, size_t len, sqlite3_stmt *st, int i);
uint64_t ledger_now(struct hgl_ledger *l);

/* ledger_records.c: the record kinds and their JSON. */
enum rec_type {
	REC_TEXT,	/* string (NULL: null) */
	REC_INT,	/* number (NULL: null) */
	REC_TIME,	/* ISO 8601 string (NULL or 0: null) */
};

/* A column of the records, as the JSON lines and reports give it. */
struct rec_col {
	const char *name;
	enum rec_type type;
};

/* A kind of record: its "record" name, its table and columns. */
struct rec_kind {
	const char *record;
	const char *table;
	const struct rec_col *cols;
	size_t ncols;
};

extern const struct rec_kind ledger_rec_detection;
extern const struct rec_kind ledger_rec_action;
extern const struct rec_kind ledger_rec_approval;
extern const struct rec_kind ledger_rec_tenant;
extern const struct rec_kind ledger_rec_agent;

json_t *ledger_json_time(uint64_t t);
bool ledger_jset(json_t *o, const char *key, json_t *v);
int ledger_rec_prepare(struct hgl_ledger *l, const struct rec_kind *k,
		       const char *tail, sqlite3_stmt **st);
json_t *ledger_rec_json(const struct rec_kind *k, sqlite3_stmt *st,
			bool line);

#endif /* HGL_LEDGER_INT_H */
