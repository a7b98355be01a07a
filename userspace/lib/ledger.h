/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ledger: hashguardd's persistent record (SQLite), read by
 * "hashguardctl report".
 *
 * One database file (default HGL_LEDGER_PATH) in WAL mode with
 * synchronous=FULL: every record is its own transaction (or part of a
 * batch, see hgl_ledger_begin()), so a kill -9 at any moment loses at most
 * the record being written and never corrupts the file.  The schema is
 * versioned with PRAGMA user_version and brought up to date by ordered
 * migrations when the file is opened for writing; a file newer than this
 * program is refused.
 *
 * Records (append-only, each also written as one JSON line to the stream
 * set with hgl_ledger_set_stream(), for a fleet's log pipeline):
 *	detection  a flagged process seen, cleared, exited, covered, uncovered
 *	action     what the agent did to a process, its verified outcome and
 *		   the authority (the policy section or the approval)
 *	approval   granted, replaced, revoked, expired, restored (pushed back
 *		   into the kernel by the agent), observed (found in the
 *		   kernel at a resync), lost (gone from the kernel while the
 *		   agent was not looking)
 *	tenant     added, removed, restored
 *	agent      start, stop, resync (with the reason), reload,
 *		   reload-refused, module-gone
 *
 * State (rewritten, not appended):
 *	approvals     the approvals in force, to push back after a reboot or
 *		      a module reload
 *	tenants       the tenants, likewise
 *	enforcements  throttles, idles and freezes in place (written before
 *		      the change is made), so that a restarted agent lifts
 *		      or keeps each one
 *	meta          key/value (module load time, ...)
 *
 * The calls are in lib/ledger_schema.c (open, close, version),
 * ledger_records.c (records, batches, the JSON stream), ledger_state.c
 * (the state tables), ledger_report.c (report, summary) and ledger_db.c
 * (errors, clock); ledger_int.h has what they share.
 */
#ifndef HGL_LEDGER_H
#define HGL_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "hgnl.h"

#define HGL_LEDGER_PATH		"/var/lib/hashguard/ledger.db"
/* The schema version this program writes (PRAGMA user_version). */
#define HGL_LEDGER_VERSION	1

struct hgl_ledger;

/**
 * struct hgl_ledger_proc - the process a record is about
 * @tenant: its tenant's name
 * @tgid: process id
 * @start_time: start time, ns since boot, as the module gives it
 * @comm: its comm
 * @exe: its executable, "" or NULL if not known
 */
struct hgl_ledger_proc {
	const char *tenant;
	uint32_t tgid;
	uint64_t start_time;
	const char *comm;
	const char *exe;
};

/**
 * struct hgl_enforcement - a throttle, idle or freeze in place (or a kill
 *	sent), as the ledger keeps it
 * @tgid: the process
 * @start_time: its start time
 * @tenant: its tenant
 * @comm: its comm
 * @kind: enum hashguard_action
 * @cgroup: the cgroup acted on ("" for idle and kill)
 * @prev: what hg_enf_lift() restores
 * @authority: the policy section the action came from
 * @since: when it was put in place, seconds since the epoch
 * @samples_at: the process's sample count then
 * @kept: kept across a "cleared" that the enforcement itself caused
 */
struct hgl_enforcement {
	uint32_t tgid;
	uint64_t start_time;
	char tenant[HASHGUARD_TENANT_NAME_MAX];
	char comm[64];
	unsigned int kind;
	char cgroup[4096];
	char prev[64];
	char authority[128];
	uint64_t since;
	uint64_t samples_at;
	bool kept;
};

/*
 * Open (and create, with its directory, mode 0700/0600) the ledger at
 * @path; @readonly opens an existing file without migrating it.  @err
 * gets a sentence on failure.
 */
int hgl_ledger_open(const char *path, bool readonly, struct hgl_ledger **lp,
		   char *err, size_t errlen);
void hgl_ledger_close(struct hgl_ledger *l);
/* JSON lines go to @f (NULL: none); flushed after each line. */
void hgl_ledger_set_stream(struct hgl_ledger *l, FILE *f);
/* The last SQLite error, for messages. */
const char *hgl_ledger_error(const struct hgl_ledger *l);
/* Schema version of the open file. */
int hgl_ledger_version(struct hgl_ledger *l);
/*
 * The clock the records' times come from, seconds since the epoch (for
 * the tests); NULL: time(NULL), the default.
 */
void hgl_ledger_set_clock(struct hgl_ledger *l, uint64_t (*now)(void));

/*
 * Batch the records that follow into one transaction (BEGIN IMMEDIATE),
 * until _commit(); batches do not nest.  The JSON lines of a batch are
 * written at its commit, and dropped if it fails or is rolled back (a
 * failed commit rolls back; so does closing the ledger inside a batch).
 */
int hgl_ledger_begin(struct hgl_ledger *l);
int hgl_ledger_commit(struct hgl_ledger *l);
int hgl_ledger_rollback(struct hgl_ledger *l);

/* Append-only records; @detail may be NULL.  Times are taken now. */
int hgl_ledger_agent(struct hgl_ledger *l, const char *event,
		    const char *detail);
int hgl_ledger_detection(struct hgl_ledger *l, const struct hgl_ledger_proc *p,
			const char *event, uint32_t score,
			const char *approval_ref);
int hgl_ledger_action(struct hgl_ledger *l, const struct hgl_ledger_proc *p,
		     unsigned int kind, unsigned int outcome,
		     const char *authority, const char *cgroup,
		     const char *detail);
/*
 * An approval event; also keeps the approvals table: granted, replaced,
 * restored and observed put @a in it, revoked, expired and lost take it
 * out.  @by: who (NULL or !present: the kernel or the agent).
 */
int hgl_ledger_approval(struct hgl_ledger *l, const char *event,
		       const struct hgl_approval *a,
		       const struct hgl_caller *by);
/* A tenant event; added and restored put it in the tenants table. */
int hgl_ledger_tenant(struct hgl_ledger *l, const char *event,
		     const struct hgl_tenant *t, const struct hgl_caller *by);

/* State tables; the arrays are malloc()ed, free() them. */
int hgl_ledger_approvals(struct hgl_ledger *l, struct hgl_approval **out,
			size_t *n);
int hgl_ledger_approval_has(struct hgl_ledger *l, const char *tenant,
			   const char *ref);
/* Its last event a revocation by process @pid (1), or not (0), or -errno. */
int hgl_ledger_approval_revoked_by(struct hgl_ledger *l, const char *tenant,
				   const char *ref, uint32_t pid);
int hgl_ledger_tenants(struct hgl_ledger *l, struct hgl_tenant **out,
		      size_t *n);
int hgl_ledger_enf_put(struct hgl_ledger *l, const struct hgl_enforcement *e);
int hgl_ledger_enf_del(struct hgl_ledger *l, uint32_t tgid,
		      uint64_t start_time);
int hgl_ledger_enf_list(struct hgl_ledger *l, struct hgl_enforcement **out,
		       size_t *n);

int hgl_ledger_meta_get(struct hgl_ledger *l, const char *key, char *buf,
		       size_t len);
int hgl_ledger_meta_set(struct hgl_ledger *l, const char *key,
		       const char *value);

/*
 * The transparency report of one tenant, records at or after @since
 * (seconds since the epoch; 0: all): an object with "tenant", "since",
 * "generated", "detections", "actions", "approvals" (arrays, oldest
 * first).  Every entry has "time" (ISO 8601, UTC); detections and
 * actions have "pid", "start_time", "comm", "exe"; actions have
 * "action", "outcome", "authority", "cgroup", "detail".
 */
int hgl_ledger_report(struct hgl_ledger *l, const char *tenant, uint64_t since,
		     json_t **out);
/*
 * Per tenant: detections, actions by kind and outcome, approvals
 * granted, revoked and expired: {"since":..., "generated":...,
 * "tenants": [{"tenant": NAME, "detections": N, "detection_events":
 * {"flagged": N, ...}, "actions": {"throttle": {"verified": N,
 * "failed": N}, ...}, "approvals": {"granted": N, "revoked": N,
 * "expired": N, ...}}, ...]}.  "detections" counts the "flagged"
 * records, "detection_events" every detection record by event; an
 * action kind appears once it was taken (both outcomes then, 0 or not),
 * approval events other than the three when not 0.  The tenants, sorted
 * by name, are those of the tenants table and of every record at or
 * after @since.
 */
int hgl_ledger_summary(struct hgl_ledger *l, uint64_t since, json_t **out);

#endif /* HGL_LEDGER_H */
