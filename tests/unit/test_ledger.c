// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the ledger (lib/ledger_*.c) and "hashguardctl report":
 * the schema and its versions, every record kind through the report,
 * the summary and the JSON lines, the state tables, batches, a writer
 * killed in the middle of a batch, and the command line of report.
 * Every test works in a directory of its own made with mkdtemp().
 */

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "ctl.h"
#include "ledger.h"
#include "cli_capture.h"

/* 2026-11-23T10:00:00Z */
#define T0	1795428000ULL

static uint64_t fake_now = T0;

static uint64_t test_clock(void)
{
	return fake_now;
}

struct fix {
	char dir[64];
	char path[128];
	struct hgl_ledger *l;
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	char err[512];

	assert_non_null(f);
	strcpy(f->dir, "/tmp/hg-ledger-test-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	/* A directory that does not exist yet: the ledger makes it. */
	snprintf(f->path, sizeof(f->path), "%s/lib/ledger.db", f->dir);
	if (hgl_ledger_open(f->path, false, &f->l, err, sizeof(err)))
		fail_msg("open: %s", err);
	hgl_ledger_set_clock(f->l, test_clock);
	fake_now = T0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	char cmd[128];

	hgl_ledger_close(f->l);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void reopen(struct fix *f, bool readonly)
{
	char err[512];

	hgl_ledger_close(f->l);
	f->l = NULL;
	if (hgl_ledger_open(f->path, readonly, &f->l, err, sizeof(err)))
		fail_msg("reopen: %s", err);
	hgl_ledger_set_clock(f->l, test_clock);
}

static const struct hgl_ledger_proc proc_acme = {
	.tenant = "acme", .tgid = 4242, .start_time = 123456789012ULL,
	.comm = "xmrig", .exe = "/opt/acme/xmrig",
};

static struct hgl_approval approval(const char *tenant, const char *ref,
				   const char *exe, uint64_t expires)
{
	struct hgl_approval a = { 0 };

	snprintf(a.tenant, sizeof(a.tenant), "%s", tenant);
	snprintf(a.ref, sizeof(a.ref), "%s", ref);
	snprintf(a.exe, sizeof(a.exe), "%s", exe);
	a.not_before = T0 - 100;
	a.expires = expires;
	a.granted_by = 0;
	a.granted_time = T0 - 100;
	return a;
}

static const struct hgl_caller root_caller = {
	.present = true, .uid = 0, .pid = 777, .comm = "hashguardctl",
};

/* Some of everything, one second apart from T0: acme and beta. */
static void fill(struct hgl_ledger *l)
{
	struct hgl_approval a = approval("acme", "CHG-1", "/opt/acme/xmrig",
					T0 + 86400);
	struct hgl_tenant t = { .name = "acme", .cgroup = "/tenants/acme" };
	struct hgl_ledger_proc beta = proc_acme;

	beta.tenant = "beta";
	beta.exe = NULL;
	fake_now = T0;
	assert_int_equal(hgl_ledger_agent(l, "start", "version 1"), 0);
	assert_int_equal(hgl_ledger_tenant(l, "added", &t, &root_caller), 0);
	fake_now = T0 + 1;
	assert_int_equal(hgl_ledger_approval(l, "granted", &a, &root_caller),
			 0);
	fake_now = T0 + 2;
	assert_int_equal(hgl_ledger_detection(l, &proc_acme, "flagged", 812,
					     NULL), 0);
	assert_int_equal(hgl_ledger_detection(l, &beta, "flagged", 700, ""),
			 0);
	fake_now = T0 + 3;
	assert_int_equal(hgl_ledger_action(l, &proc_acme,
					  HASHGUARD_ACTION_THROTTLE,
					  HASHGUARD_OUTCOME_VERIFIED,
					  "policy:default", "/tenants/acme",
					  "cpu.max 20000 100000"), 0);
	assert_int_equal(hgl_ledger_action(l, &beta, HASHGUARD_ACTION_KILL,
					  HASHGUARD_OUTCOME_FAILED,
					  "policy:strict", NULL, NULL), 0);
	fake_now = T0 + 4;
	assert_int_equal(hgl_ledger_approval(l, "expired", &a, NULL), 0);
}

static void jnull(json_t *o, const char *key)
{
	if (!json_is_null(json_object_get(o, key)))
		fail_msg("\"%s\" is not null", key);
}

static void open_creates_dir_and_file(void **state)
{
	struct fix *f = *state;
	char dir[128];
	struct stat sb;
	sqlite3 *db;
	sqlite3_stmt *st;

	snprintf(dir, sizeof(dir), "%s/lib", f->dir);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(hgl_ledger_version(f->l), HGL_LEDGER_VERSION);
	assert_string_equal(hgl_ledger_error(f->l), "");

	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY,
					 NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1,
					    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);

	/* A file made 0644 is made 0600 again. */
	assert_int_equal(chmod(f->path, 0644), 0);
	reopen(f, false);
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(hgl_ledger_version(f->l), HGL_LEDGER_VERSION);
}

static void report_has_every_record(void **state)
{
	struct fix *f = *state;
	json_t *r, *arr, *e;

	fill(f->l);
	fake_now = T0 + 3600;
	assert_int_equal(hgl_ledger_report(f->l, "acme", 0, &r), 0);
	assert_string_equal(jstr(r, "tenant"), "acme");
	jnull(r, "since");
	assert_string_equal(jstr(r, "generated"), "2026-11-23T11:00:00Z");

	arr = json_object_get(r, "detections");
	assert_int_equal(json_array_size(arr), 1);
	e = json_array_get(arr, 0);
	assert_string_equal(jstr(e, "time"), "2026-11-23T10:00:02Z");
	assert_string_equal(jstr(e, "event"), "flagged");
	assert_int_equal(jint(e, "pid"), 4242);
	assert_int_equal(jint(e, "start_time"), 123456789012LL);
	assert_string_equal(jstr(e, "comm"), "xmrig");
	assert_string_equal(jstr(e, "exe"), "/opt/acme/xmrig");
	assert_int_equal(jint(e, "score"), 812);
	jnull(e, "approval");
	assert_null(json_object_get(e, "tenant"));
	assert_null(json_object_get(e, "record"));

	arr = json_object_get(r, "actions");
	assert_int_equal(json_array_size(arr), 1);
	e = json_array_get(arr, 0);
	assert_string_equal(jstr(e, "time"), "2026-11-23T10:00:03Z");
	assert_int_equal(jint(e, "pid"), 4242);
	assert_int_equal(jint(e, "start_time"), 123456789012LL);
	assert_string_equal(jstr(e, "comm"), "xmrig");
	assert_string_equal(jstr(e, "exe"), "/opt/acme/xmrig");
	assert_string_equal(jstr(e, "action"), "throttle");
	assert_string_equal(jstr(e, "outcome"), "verified");
	assert_string_equal(jstr(e, "authority"), "policy:default");
	assert_string_equal(jstr(e, "cgroup"), "/tenants/acme");
	assert_string_equal(jstr(e, "detail"), "cpu.max 20000 100000");

	arr = json_object_get(r, "approvals");
	assert_int_equal(json_array_size(arr), 2);
	e = json_array_get(arr, 0);
	assert_string_equal(jstr(e, "time"), "2026-11-23T10:00:01Z");
	assert_string_equal(jstr(e, "event"), "granted");
	assert_string_equal(jstr(e, "ref"), "CHG-1");
	assert_string_equal(jstr(e, "exe"), "/opt/acme/xmrig");
	assert_string_equal(jstr(e, "not_before"), "2026-11-23T09:58:20Z");
	assert_string_equal(jstr(e, "expires"), "2026-11-24T10:00:00Z");
	assert_int_equal(jint(e, "granted_by"), 0);
	assert_string_equal(jstr(e, "granted_time"), "2026-11-23T09:58:20Z");
	assert_int_equal(jint(e, "by_uid"), 0);
	assert_int_equal(jint(e, "by_pid"), 777);
	assert_string_equal(jstr(e, "by_comm"), "hashguardctl");
	e = json_array_get(arr, 1);
	assert_string_equal(jstr(e, "time"), "2026-11-23T10:00:04Z");
	assert_string_equal(jstr(e, "event"), "expired");
	jnull(e, "by_uid");
	jnull(e, "by_pid");
	jnull(e, "by_comm");
	json_decref(r);

	/* beta: exe not known, kill failed without authority's cgroup. */
	assert_int_equal(hgl_ledger_report(f->l, "beta", 0, &r), 0);
	e = json_array_get(json_object_get(r, "detections"), 0);
	jnull(e, "exe");
	jnull(e, "approval");
	e = json_array_get(json_object_get(r, "actions"), 0);
	assert_string_equal(jstr(e, "action"), "kill");
	assert_string_equal(jstr(e, "outcome"), "failed");
	jnull(e, "cgroup");
	jnull(e, "detail");
	assert_int_equal(json_array_size(json_object_get(r, "approvals")), 0);
	json_decref(r);

	/* --since: at or after. */
	assert_int_equal(hgl_ledger_report(f->l, "acme", T0 + 3, &r), 0);
	assert_string_equal(jstr(r, "since"), "2026-11-23T10:00:03Z");
	assert_int_equal(json_array_size(json_object_get(r, "detections")), 0);
	assert_int_equal(json_array_size(json_object_get(r, "actions")), 1);
	assert_int_equal(json_array_size(json_object_get(r, "approvals")), 1);
	json_decref(r);

	/* A tenant never seen: empty arrays. */
	assert_int_equal(hgl_ledger_report(f->l, "nobody", 0, &r), 0);
	assert_int_equal(json_array_size(json_object_get(r, "actions")), 0);
	json_decref(r);
}

static void report_oldest_first(void **state)
{
	struct fix *f = *state;
	json_t *r, *arr;

	/* Written out of time order (a clock step): sorted by time, id. */
	fake_now = T0 + 10;
	assert_int_equal(hgl_ledger_detection(f->l, &proc_acme, "flagged", 1,
					     NULL), 0);
	fake_now = T0 + 5;
	assert_int_equal(hgl_ledger_detection(f->l, &proc_acme, "cleared", 2,
					     NULL), 0);
	assert_int_equal(hgl_ledger_detection(f->l, &proc_acme, "exited", 3,
					     NULL), 0);
	assert_int_equal(hgl_ledger_report(f->l, "acme", 0, &r), 0);
	arr = json_object_get(r, "detections");
	assert_int_equal(json_array_size(arr), 3);
	assert_int_equal(jint(json_array_get(arr, 0), "score"), 2);
	assert_int_equal(jint(json_array_get(arr, 1), "score"), 3);
	assert_int_equal(jint(json_array_get(arr, 2), "score"), 1);
	json_decref(r);
}

static void summary_counts(void **state)
{
	struct fix *f = *state;
	struct hgl_tenant t = { .name = "zeta", .cgroup = "/tenants/zeta" };
	json_t *s, *arr, *e, *a;

	fill(f->l);
	/* zeta is kept in the tenants table, without a record since T0+1. */
	fake_now = T0 - 10;
	assert_int_equal(hgl_ledger_tenant(f->l, "added", &t, NULL), 0);
	fake_now = T0 + 5;
	assert_int_equal(hgl_ledger_detection(f->l, &proc_acme, "cleared", 10,
					     NULL), 0);
	assert_int_equal(hgl_ledger_action(f->l, &proc_acme,
					  HASHGUARD_ACTION_THROTTLE,
					  HASHGUARD_OUTCOME_FAILED, "p", NULL,
					  NULL), 0);
	assert_int_equal(hgl_ledger_action(f->l, &proc_acme,
					  HASHGUARD_ACTION_THROTTLE,
					  HASHGUARD_OUTCOME_VERIFIED, "p",
					  NULL, NULL), 0);

	assert_int_equal(hgl_ledger_summary(f->l, 0, &s), 0);
	jnull(s, "since");
	assert_string_equal(jstr(s, "generated"), "2026-11-23T10:00:05Z");
	arr = json_object_get(s, "tenants");
	assert_int_equal(json_array_size(arr), 3);
	e = json_array_get(arr, 0);
	assert_string_equal(jstr(e, "tenant"), "acme");
	assert_int_equal(jint(e, "detections"), 1);
	assert_int_equal(jint(json_object_get(e, "detection_events"),
			      "flagged"), 1);
	assert_int_equal(jint(json_object_get(e, "detection_events"),
			      "cleared"), 1);
	a = json_object_get(json_object_get(e, "actions"), "throttle");
	assert_int_equal(jint(a, "verified"), 2);
	assert_int_equal(jint(a, "failed"), 1);
	assert_null(json_object_get(json_object_get(e, "actions"), "kill"));
	a = json_object_get(e, "approvals");
	assert_int_equal(jint(a, "granted"), 1);
	assert_int_equal(jint(a, "revoked"), 0);
	assert_int_equal(jint(a, "expired"), 1);

	e = json_array_get(arr, 1);
	assert_string_equal(jstr(e, "tenant"), "beta");
	assert_int_equal(jint(e, "detections"), 1);
	a = json_object_get(json_object_get(e, "actions"), "kill");
	assert_int_equal(jint(a, "verified"), 0);
	assert_int_equal(jint(a, "failed"), 1);
	assert_int_equal(jint(json_object_get(e, "approvals"), "granted"), 0);

	e = json_array_get(arr, 2);
	assert_string_equal(jstr(e, "tenant"), "zeta");
	assert_int_equal(jint(e, "detections"), 0);
	assert_int_equal(json_object_size(json_object_get(e, "actions")), 0);
	json_decref(s);

	/* Since T0+4: the expiry and the records at T0+5 only. */
	assert_int_equal(hgl_ledger_summary(f->l, T0 + 4, &s), 0);
	assert_string_equal(jstr(s, "since"), "2026-11-23T10:00:04Z");
	arr = json_object_get(s, "tenants");
	assert_int_equal(json_array_size(arr), 2);	/* acme, zeta */
	e = json_array_get(arr, 0);
	assert_string_equal(jstr(e, "tenant"), "acme");
	assert_int_equal(jint(e, "detections"), 0);
	assert_int_equal(jint(json_object_get(e, "approvals"), "granted"), 0);
	assert_int_equal(jint(json_object_get(e, "approvals"), "expired"), 1);
	a = json_object_get(json_object_get(e, "actions"), "throttle");
	assert_int_equal(jint(a, "verified"), 1);
	assert_int_equal(jint(a, "failed"), 1);
	assert_string_equal(jstr(json_array_get(arr, 1), "tenant"), "zeta");
	json_decref(s);
}

/* The lines written to a memstream, parsed. */
static json_t *parse_lines(char *buf)
{
	json_t *arr = json_array(), *o;
	json_error_t jerr;
	char *line, *save = NULL;

	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		o = json_loads(line, 0, &jerr);
		if (!o)
			fail_msg("bad JSON line '%s': %s", line, jerr.text);
		/* Compact: no spaces between members. */
		assert_null(strstr(line, "\": "));
		json_array_append_new(arr, o);
	}
	return arr;
}

static void json_lines(void **state)
{
	struct fix *f = *state;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	json_t *lines, *o;

	assert_non_null(m);
	hgl_ledger_set_stream(f->l, m);
	fill(f->l);
	hgl_ledger_set_stream(f->l, NULL);
	fclose(m);
	/* "record" is the first member of every line. */
	assert_true(!strncmp(buf, "{\"record\":\"agent\"", 17));
	lines = parse_lines(buf);
	assert_int_equal(json_array_size(lines), 8);

	o = json_array_get(lines, 0);
	assert_string_equal(jstr(o, "record"), "agent");
	assert_string_equal(jstr(o, "time"), "2026-11-23T10:00:00Z");
	assert_string_equal(jstr(o, "event"), "start");
	assert_string_equal(jstr(o, "detail"), "version 1");
	assert_int_equal(jint(o, "pid"), getpid());

	o = json_array_get(lines, 1);
	assert_string_equal(jstr(o, "record"), "tenant");
	assert_string_equal(jstr(o, "event"), "added");
	assert_string_equal(jstr(o, "tenant"), "acme");
	assert_string_equal(jstr(o, "cgroup"), "/tenants/acme");
	assert_int_equal(jint(o, "by_uid"), 0);
	assert_int_equal(jint(o, "by_pid"), 777);
	assert_string_equal(jstr(o, "by_comm"), "hashguardctl");

	o = json_array_get(lines, 2);
	assert_string_equal(jstr(o, "record"), "approval");
	assert_string_equal(jstr(o, "time"), "2026-11-23T10:00:01Z");
	assert_string_equal(jstr(o, "event"), "granted");
	assert_string_equal(jstr(o, "tenant"), "acme");
	assert_string_equal(jstr(o, "ref"), "CHG-1");
	assert_string_equal(jstr(o, "exe"), "/opt/acme/xmrig");
	assert_string_equal(jstr(o, "expires"), "2026-11-24T10:00:00Z");
	assert_int_equal(jint(o, "granted_by"), 0);

	o = json_array_get(lines, 3);
	assert_string_equal(jstr(o, "record"), "detection");
	assert_string_equal(jstr(o, "tenant"), "acme");
	assert_string_equal(jstr(o, "event"), "flagged");
	assert_int_equal(jint(o, "score"), 812);
	assert_int_equal(jint(o, "pid"), 4242);
	assert_int_equal(jint(o, "start_time"), 123456789012LL);
	assert_string_equal(jstr(o, "comm"), "xmrig");
	jnull(o, "approval");

	o = json_array_get(lines, 5);
	assert_string_equal(jstr(o, "record"), "action");
	assert_string_equal(jstr(o, "time"), "2026-11-23T10:00:03Z");
	assert_string_equal(jstr(o, "tenant"), "acme");
	assert_string_equal(jstr(o, "action"), "throttle");
	assert_string_equal(jstr(o, "outcome"), "verified");
	assert_string_equal(jstr(o, "authority"), "policy:default");
	assert_string_equal(jstr(o, "cgroup"), "/tenants/acme");
	assert_string_equal(jstr(o, "detail"), "cpu.max 20000 100000");
	assert_string_equal(jstr(o, "exe"), "/opt/acme/xmrig");

	o = json_array_get(lines, 7);
	assert_string_equal(jstr(o, "record"), "approval");
	assert_string_equal(jstr(o, "event"), "expired");
	jnull(o, "by_uid");
	jnull(o, "by_pid");
	jnull(o, "by_comm");
	json_decref(lines);
	free(buf);
}

/* Bytes that are not UTF-8 and control characters: JSON stays valid. */
static void json_lines_odd_bytes(void **state)
{
	struct fix *f = *state;
	struct hgl_ledger_proc p = proc_acme;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	json_t *lines;

	assert_non_null(m);
	p.comm = "min\xff\x1b[2J";
	p.exe = "/tmp/\"quoted\"\n";
	hgl_ledger_set_stream(f->l, m);
	assert_int_equal(hgl_ledger_detection(f->l, &p, "flagged", 1, NULL),
			 0);
	fclose(m);
	lines = parse_lines(buf);
	assert_int_equal(json_array_size(lines), 1);
	assert_string_equal(jstr(json_array_get(lines, 0), "comm"),
			    "min?\x1b[2J");
	assert_string_equal(jstr(json_array_get(lines, 0), "exe"),
			    "/tmp/\"quoted\"\n");
	json_decref(lines);
	free(buf);
}

static void batch_lines_at_commit(void **state)
{
	struct fix *f = *state;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	json_t *r, *lines;

	assert_non_null(m);
	hgl_ledger_set_stream(f->l, m);
	assert_int_equal(hgl_ledger_begin(f->l), 0);
	assert_int_equal(hgl_ledger_begin(f->l), -EINVAL);
	assert_int_equal(hgl_ledger_detection(f->l, &proc_acme, "flagged", 1,
					     NULL), 0);
	assert_int_equal(hgl_ledger_agent(f->l, "resync", "lost events"), 0);
	fflush(m);
	assert_int_equal(len, 0);		/* nothing before the commit */
	assert_int_equal(hgl_ledger_commit(f->l), 0);
	assert_int_equal(hgl_ledger_commit(f->l), -EINVAL);
	fflush(m);
	assert_true(len > 0);

	/* A batch rolled back leaves neither rows nor lines. */
	assert_int_equal(hgl_ledger_begin(f->l), 0);
	assert_int_equal(hgl_ledger_detection(f->l, &proc_acme, "cleared", 2,
					     NULL), 0);
	assert_int_equal(hgl_ledger_rollback(f->l), 0);
	assert_int_equal(hgl_ledger_rollback(f->l), -EINVAL);
	hgl_ledger_set_stream(f->l, NULL);
	fclose(m);
	lines = parse_lines(buf);
	assert_int_equal(json_array_size(lines), 2);
	assert_string_equal(jstr(json_array_get(lines, 0), "record"),
			    "detection");
	assert_string_equal(jstr(json_array_get(lines, 1), "record"),
			    "agent");
	json_decref(lines);
	free(buf);
	assert_int_equal(hgl_ledger_report(f->l, "acme", 0, &r), 0);
	assert_int_equal(json_array_size(json_object_get(r, "detections")), 1);
	json_decref(r);
}

static void approvals_follow_events(void **state)
{
	struct fix *f = *state;
	struct hgl_approval a = approval("acme", "CHG-1", "/opt/acme/xmrig",
					T0 + 86400);
	struct hgl_approval b = approval("acme", "CHG-2", "", 0);
	struct hgl_approval c = approval("beta", "CHG-1", "", 0);
	struct hgl_approval *out;
	size_t n;

	assert_int_equal(hgl_ledger_approval(f->l, "granted", &a, NULL), 0);
	a.expires = T0 + 2 * 86400;
	assert_int_equal(hgl_ledger_approval(f->l, "replaced", &a, NULL), 0);
	b.not_before = 0;
	assert_int_equal(hgl_ledger_approval(f->l, "observed", &b, NULL), 0);
	assert_int_equal(hgl_ledger_approval(f->l, "restored", &c, NULL), 0);
	assert_int_equal(hgl_ledger_approval(f->l, "bogus", &c, NULL),
			 -EINVAL);

	assert_int_equal(hgl_ledger_approvals(f->l, &out, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(out[0].tenant, "acme");
	assert_string_equal(out[0].ref, "CHG-1");
	assert_string_equal(out[0].exe, "/opt/acme/xmrig");
	assert_int_equal(out[0].not_before, T0 - 100);
	assert_int_equal(out[0].expires, T0 + 2 * 86400);
	assert_int_equal(out[0].granted_time, T0 - 100);
	assert_true(out[0].have & HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_EXE));
	assert_true(out[0].have &
		    HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_EXPIRES));
	assert_true(out[0].have & HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_REF));
	assert_string_equal(out[1].ref, "CHG-2");
	assert_string_equal(out[1].exe, "");
	assert_int_equal(out[1].not_before, 0);
	assert_int_equal(out[1].expires, 0);
	assert_false(out[1].have & HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_EXE));
	assert_false(out[1].have &
		     HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_EXPIRES));
	assert_false(out[1].have &
		     HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_NOT_BEFORE));
	assert_string_equal(out[2].tenant, "beta");
	free(out);
	assert_int_equal(hgl_ledger_approval_has(f->l, "acme", "CHG-1"), 1);
	assert_int_equal(hgl_ledger_approval_has(f->l, "beta", "CHG-1"), 1);
	assert_int_equal(hgl_ledger_approval_has(f->l, "beta", "CHG-9"), 0);

	assert_int_equal(hgl_ledger_approval_revoked_by(f->l, "acme", "CHG-1",
						       root_caller.pid), 0);
	assert_int_equal(hgl_ledger_approval(f->l, "revoked", &a, &root_caller),
			 0);
	assert_int_equal(hgl_ledger_approval_has(f->l, "acme", "CHG-1"), 0);
	/* The last event, by that process: hashguardd records it once. */
	assert_int_equal(hgl_ledger_approval_revoked_by(f->l, "acme", "CHG-1",
						       root_caller.pid), 1);
	assert_int_equal(hgl_ledger_approval_revoked_by(f->l, "acme", "CHG-1",
						       root_caller.pid + 1), 0);
	assert_int_equal(hgl_ledger_approval_revoked_by(f->l, "acme", "CHG-9",
						       root_caller.pid), 0);
	assert_int_equal(hgl_ledger_approval(f->l, "expired", &b, NULL), 0);
	assert_int_equal(hgl_ledger_approvals(f->l, &out, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].tenant, "beta");
	free(out);
	assert_int_equal(hgl_ledger_approval(f->l, "lost", &c, NULL), 0);
	assert_int_equal(hgl_ledger_approvals(f->l, &out, &n), 0);
	assert_int_equal(n, 0);
	assert_null(out);
}

static void tenants_follow_events(void **state)
{
	struct fix *f = *state;
	struct hgl_tenant a = { .name = "acme", .cgroup = "/tenants/acme" };
	struct hgl_tenant b = { .name = "beta", .cgroup = "/tenants/beta" };
	struct hgl_tenant *out;
	size_t n;

	assert_int_equal(hgl_ledger_tenant(f->l, "added", &b, NULL), 0);
	assert_int_equal(hgl_ledger_tenant(f->l, "added", &a, &root_caller),
			 0);
	snprintf(a.cgroup, sizeof(a.cgroup), "/tenants/acme2");
	assert_int_equal(hgl_ledger_tenant(f->l, "restored", &a, NULL), 0);
	assert_int_equal(hgl_ledger_tenant(f->l, "renamed", &a, NULL),
			 -EINVAL);
	assert_int_equal(hgl_ledger_tenants(f->l, &out, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(out[0].name, "acme");
	assert_string_equal(out[0].cgroup, "/tenants/acme2");
	assert_string_equal(out[1].name, "beta");
	assert_string_equal(out[1].cgroup, "/tenants/beta");
	free(out);
	assert_int_equal(hgl_ledger_tenant(f->l, "removed", &b, &root_caller),
			 0);
	assert_int_equal(hgl_ledger_tenants(f->l, &out, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].name, "acme");
	free(out);
}

static void enforcements_put_del_list(void **state)
{
	struct fix *f = *state;
	struct hgl_enforcement e = {
		.tgid = 10, .start_time = 5000000000ULL, .tenant = "acme",
		.comm = "xmrig", .kind = HASHGUARD_ACTION_THROTTLE,
		.cgroup = "/tenants/acme", .prev = "max 100000",
		.authority = "policy:default", .since = T0,
		.samples_at = 99, .kept = false,
	};
	struct hgl_enforcement *out;
	size_t n;

	assert_int_equal(hgl_ledger_enf_put(f->l, &e), 0);
	e.tgid = 11;
	e.kind = HASHGUARD_ACTION_IDLE;
	e.cgroup[0] = '\0';
	e.kept = true;
	assert_int_equal(hgl_ledger_enf_put(f->l, &e), 0);
	e.prev[0] = '\0';
	snprintf(e.prev, sizeof(e.prev), "0 5");
	assert_int_equal(hgl_ledger_enf_put(f->l, &e), 0);	/* replaced */
	assert_int_equal(hgl_ledger_enf_list(f->l, &out, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].tgid, 10);
	assert_int_equal(out[0].start_time, 5000000000ULL);
	assert_string_equal(out[0].tenant, "acme");
	assert_string_equal(out[0].comm, "xmrig");
	assert_int_equal(out[0].kind, HASHGUARD_ACTION_THROTTLE);
	assert_string_equal(out[0].cgroup, "/tenants/acme");
	assert_string_equal(out[0].prev, "max 100000");
	assert_string_equal(out[0].authority, "policy:default");
	assert_int_equal(out[0].since, T0);
	assert_int_equal(out[0].samples_at, 99);
	assert_false(out[0].kept);
	assert_int_equal(out[1].tgid, 11);
	assert_int_equal(out[1].kind, HASHGUARD_ACTION_IDLE);
	assert_string_equal(out[1].prev, "0 5");
	assert_string_equal(out[1].cgroup, "");
	assert_true(out[1].kept);
	free(out);
	assert_int_equal(hgl_ledger_enf_del(f->l, 10, 5000000000ULL), 0);
	assert_int_equal(hgl_ledger_enf_del(f->l, 10, 5000000000ULL), 0);
	assert_int_equal(hgl_ledger_enf_del(f->l, 11, 1), 0);	/* other */
	assert_int_equal(hgl_ledger_enf_list(f->l, &out, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].tgid, 11);
	free(out);
}

static void meta_get_set(void **state)
{
	struct fix *f = *state;
	char buf[16];

	assert_int_equal(hgl_ledger_meta_get(f->l, "load_time", buf,
					    sizeof(buf)), -ENOENT);
	assert_int_equal(hgl_ledger_meta_set(f->l, "load_time", "1795428000"),
			 0);
	assert_int_equal(hgl_ledger_meta_get(f->l, "load_time", buf,
					    sizeof(buf)), 0);
	assert_string_equal(buf, "1795428000");
	assert_int_equal(hgl_ledger_meta_set(f->l, "load_time", "17"), 0);
	assert_int_equal(hgl_ledger_meta_get(f->l, "load_time", buf,
					    sizeof(buf)), 0);
	assert_string_equal(buf, "17");
	assert_int_equal(hgl_ledger_meta_set(f->l, "long",
					    "0123456789abcdefXYZ"), 0);
	assert_int_equal(hgl_ledger_meta_get(f->l, "long", buf, sizeof(buf)),
			 -ERANGE);
}

static void reopen_keeps_data(void **state)
{
	struct fix *f = *state;
	struct hgl_enforcement e = { .tgid = 1, .start_time = 2,
				    .tenant = "acme" };
	struct hgl_enforcement *enf;
	struct hgl_approval *ap;
	struct hgl_tenant *t;
	json_t *r;
	size_t n;
	char buf[32];

	fill(f->l);
	assert_int_equal(hgl_ledger_enf_put(f->l, &e), 0);
	assert_int_equal(hgl_ledger_meta_set(f->l, "k", "v"), 0);
	reopen(f, false);
	reopen(f, true);
	assert_int_equal(hgl_ledger_version(f->l), HGL_LEDGER_VERSION);
	assert_int_equal(hgl_ledger_report(f->l, "acme", 0, &r), 0);
	assert_int_equal(json_array_size(json_object_get(r, "detections")), 1);
	assert_int_equal(json_array_size(json_object_get(r, "actions")), 1);
	assert_int_equal(json_array_size(json_object_get(r, "approvals")), 2);
	json_decref(r);
	assert_int_equal(hgl_ledger_tenants(f->l, &t, &n), 0);
	assert_int_equal(n, 1);
	free(t);
	assert_int_equal(hgl_ledger_approvals(f->l, &ap, &n), 0);
	assert_int_equal(n, 0);		/* granted, then expired */
	free(ap);
	assert_int_equal(hgl_ledger_enf_list(f->l, &enf, &n), 0);
	assert_int_equal(n, 1);
	free(enf);
	assert_int_equal(hgl_ledger_meta_get(f->l, "k", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "v");
	/* Read-only: writes fail, with SQLite's message. */
	assert_int_equal(hgl_ledger_meta_set(f->l, "k", "w"), -EIO);
	assert_non_null(strstr(hgl_ledger_error(f->l), "readonly"));
}

/* A SQLite file of @version, with or without tables. */
static void make_db(const char *path, int version, bool table)
{
	char sql[128];
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (table)
		assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL,
					      NULL, NULL), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void versions_refused(void **state)
{
	struct fix *f = *state;
	struct hgl_ledger *l = (void *)1;
	char path[128], err[512];
	FILE *j;

	snprintf(path, sizeof(path), "%s/new.db", f->dir);
	make_db(path, 99, true);
	assert_int_equal(hgl_ledger_open(path, false, &l, err, sizeof(err)),
			 -EPROTO);
	assert_null(l);
	if (!strstr(err, "schema version 99"))
		fail_msg("message: %s", err);
	assert_int_equal(hgl_ledger_open(path, true, &l, err, sizeof(err)),
			 -EPROTO);
	if (!strstr(err, "schema version 99"))
		fail_msg("message: %s", err);

	/* Older, without the tables: a reader says to run hashguardd. */
	snprintf(path, sizeof(path), "%s/old.db", f->dir);
	make_db(path, 0, true);
	assert_int_equal(hgl_ledger_open(path, true, &l, err, sizeof(err)),
			 -EPROTO);
	if (!strstr(err, "has schema version 0, run hashguardd to upgrade it"))
		fail_msg("message: %s", err);
	/* A writer migrates it, and a reader then takes it. */
	assert_int_equal(hgl_ledger_open(path, false, &l, err, sizeof(err)), 0);
	assert_int_equal(hgl_ledger_version(l), HGL_LEDGER_VERSION);
	hgl_ledger_close(l);
	assert_int_equal(hgl_ledger_open(path, true, &l, err, sizeof(err)), 0);
	hgl_ledger_close(l);

	/* Missing: -ENOENT, nothing made. */
	snprintf(path, sizeof(path), "%s/missing/ledger.db", f->dir);
	assert_int_equal(hgl_ledger_open(path, true, &l, err, sizeof(err)),
			 -ENOENT);
	assert_null(l);
	assert_int_equal(access(path, F_OK), -1);

	/* Not a database. */
	snprintf(path, sizeof(path), "%s/junk.db", f->dir);
	j = fopen(path, "w");
	assert_non_null(j);
	fputs("this is not a database, not at all, no sqlite header here\n",
	      j);
	fclose(j);
	assert_int_equal(hgl_ledger_open(path, true, &l, err, sizeof(err)),
			 -EIO);
	if (!strstr(err, "not a database"))
		fail_msg("message: %s", err);
}

static void killed_batch_invisible(void **state)
{
	struct fix *f = *state;
	struct hgl_ledger *l;
	sqlite3 *db;
	sqlite3_stmt *st;
	json_t *r;
	char err[512];
	struct stat sb;
	pid_t pid;
	int status, i;

	assert_int_equal(hgl_ledger_detection(f->l, &proc_acme, "flagged", 1,
					     NULL), 0);
	hgl_ledger_close(f->l);
	f->l = NULL;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct hgl_approval a = approval("acme", "X", "", 0);
		static char big[1024];

		/* Enough to spill out of the page cache into the WAL. */
		memset(big, 'd', sizeof(big) - 1);

		if (hgl_ledger_open(f->path, false, &l, err, sizeof(err)) ||
		    hgl_ledger_begin(l))
			_exit(2);
		for (i = 0; i < 4000; i++)
			if (hgl_ledger_detection(l, &proc_acme, "cleared", 2,
						NULL) ||
			    hgl_ledger_action(l, &proc_acme,
					     HASHGUARD_ACTION_KILL,
					     HASHGUARD_OUTCOME_VERIFIED, "p",
					     NULL, big))
				_exit(3);
		if (hgl_ledger_approval(l, "granted", &a, NULL) ||
		    hgl_ledger_meta_set(l, "k", "v"))
			_exit(4);
		_exit(0);	/* as if killed: no commit, no close */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* The child's uncommitted pages did reach the WAL. */
	snprintf(err, sizeof(err), "%s-wal", f->path);
	assert_int_equal(stat(err, &sb), 0);
	if (sb.st_size < 1024 * 1024)
		fail_msg("WAL of %lld bytes only", (long long)sb.st_size);

	reopen(f, false);
	assert_int_equal(hgl_ledger_report(f->l, "acme", 0, &r), 0);
	assert_int_equal(json_array_size(json_object_get(r, "detections")), 1);
	assert_int_equal(json_array_size(json_object_get(r, "actions")), 0);
	assert_int_equal(json_array_size(json_object_get(r, "approvals")), 0);
	json_decref(r);
	assert_int_equal(hgl_ledger_meta_get(f->l, "k", err, sizeof(err)),
			 -ENOENT);
	/* And the ledger takes new records. */
	assert_int_equal(hgl_ledger_agent(f->l, "start", NULL), 0);

	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY,
					 NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1,
					    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* The CLI, with stdout captured as well. */
static void report_cli_usage(void **state)
{
	(void)state;
	unsetenv("HASHGUARD_LEDGER");
	CLI(CTL_USAGE, "give --tenant NAME or --summary", "report");
	CLI(CTL_USAGE, "usage: hashguardctl [--json] report --tenant NAME",
	    "report");
	CLI(CTL_USAGE, "exclude each other", "report", "--tenant", "acme",
	    "--summary");
	CLI(CTL_USAGE, "--since: 'yesterday' is not a time", "report",
	    "--summary", "--since", "yesterday");
	CLI(CTL_USAGE, "unknown option '--tenants'", "report", "--tenants",
	    "acme");
	CLI(CTL_USAGE, "unexpected argument 'acme'", "report", "acme");
	CLI(CTL_USAGE, "--tenant needs a value", "report", "--tenant");
	CLI(CTL_USAGE, "--tenant given twice", "report", "--tenant", "a",
	    "--tenant=b");
	CLI(CTL_USAGE, "invalid tenant name '-x'", "report", "--tenant=-x");
	CLI(CTL_USAGE, "--summary takes no value", "report", "--summary=1");
	CLI(CTL_USAGE, "--ledger: the path is empty", "report", "--summary",
	    "--ledger=");
}

static void report_cli_missing_ledger(void **state)
{
	struct fix *f = *state;
	char path[128];

	snprintf(path, sizeof(path), "%s/none.db", f->dir);
	CLI(CTL_FAIL,
	    "no ledger at /nonexistent/ledger.db (is hashguardd running? use --ledger FILE)",
	    "report", "--summary", "--ledger", "/nonexistent/ledger.db");
	setenv("HASHGUARD_LEDGER", path, 1);
	CLI(CTL_FAIL, "no ledger at /tmp/hg-ledger-test-", "--json", "report",
	    "--tenant", "acme");
	unsetenv("HASHGUARD_LEDGER");
	assert_int_equal(access(path, F_OK), -1);	/* not made */
}

static void report_cli_json(void **state)
{
	struct fix *f = *state;
	static char out[65536];
	char err[4096], since[64];
	json_t *r, *e;
	json_error_t jerr;
	int ret;

	fill(f->l);
	{
		char *argv[] = { "hashguardctl", "report", "--tenant", "acme",
				 "--json", "--ledger", f->path, NULL };

		ret = run_cli_out(out, sizeof(out), err, sizeof(err), 7, argv);
	}
	if (ret)
		fail_msg("exit %d: %s", ret, err);
	r = json_loads(out, 0, &jerr);
	if (!r)
		fail_msg("not JSON (%s): %s", jerr.text, out);
	assert_string_equal(jstr(r, "tenant"), "acme");
	e = json_array_get(json_object_get(r, "detections"), 0);
	assert_string_equal(jstr(e, "time"), "2026-11-23T10:00:02Z");
	assert_int_equal(jint(e, "pid"), 4242);
	assert_string_equal(jstr(e, "comm"), "xmrig");
	e = json_array_get(json_object_get(r, "actions"), 0);
	assert_string_equal(jstr(e, "time"), "2026-11-23T10:00:03Z");
	assert_int_equal(jint(e, "pid"), 4242);
	assert_string_equal(jstr(e, "comm"), "xmrig");
	assert_string_equal(jstr(e, "action"), "throttle");
	assert_string_equal(jstr(e, "outcome"), "verified");
	assert_string_equal(jstr(e, "authority"), "policy:default");
	json_decref(r);

	/* Global --json, --since, the summary, the ledger from the env. */
	setenv("HASHGUARD_LEDGER", f->path, 1);
	snprintf(since, sizeof(since), "--since=2026-11-23T10:00:03Z");
	{
		char *argv[] = { "hashguardctl", "--json", "report",
				 "--summary", since, NULL };

		ret = run_cli_out(out, sizeof(out), err, sizeof(err), 5, argv);
	}
	unsetenv("HASHGUARD_LEDGER");
	if (ret)
		fail_msg("exit %d: %s", ret, err);
	r = json_loads(out, 0, &jerr);
	if (!r)
		fail_msg("not JSON (%s): %s", jerr.text, out);
	assert_string_equal(jstr(r, "since"), "2026-11-23T10:00:03Z");
	e = json_array_get(json_object_get(r, "tenants"), 0);
	assert_string_equal(jstr(e, "tenant"), "acme");
	assert_int_equal(jint(e, "detections"), 0);
	assert_int_equal(jint(json_object_get(json_object_get(e, "actions"),
					      "throttle"), "verified"), 1);
	json_decref(r);
}

static void report_cli_human(void **state)
{
	struct fix *f = *state;
	static char out[65536];
	struct hgl_ledger_proc p = proc_acme;
	char err[4096];
	int ret;

	fill(f->l);
	p.comm = "evil\x1b[2Jx";
	assert_int_equal(hgl_ledger_action(f->l, &p, HASHGUARD_ACTION_FREEZE,
					  HASHGUARD_OUTCOME_VERIFIED, "appr",
					  NULL, "frozen\nFAKE LINE"), 0);
	{
		char *argv[] = { "hashguardctl", "report", "--tenant", "acme",
				 "--ledger", f->path, NULL };

		ret = run_cli_out(out, sizeof(out), err, sizeof(err), 6, argv);
	}
	if (ret)
		fail_msg("exit %d: %s", ret, err);
	if (!strstr(out, "hashguard report for tenant acme\n") ||
	    !strstr(out, "period:    every record kept\n") ||
	    !strstr(out, "\nDetections (1)\n") ||
	    !strstr(out, "\nActions (2)\n") ||
	    !strstr(out, "\nApprovals (2)\n") ||
	    !strstr(out, "throttle  verified  policy:default") ||
	    !strstr(out, "evil?[2Jx") || !strstr(out, "frozen?FAKE LINE") ||
	    strchr(out, '\x1b'))
		fail_msg("report:\n%s", out);
	{
		char *argv[] = { "hashguardctl", "report", "--summary",
				 "--ledger", f->path, NULL };

		ret = run_cli_out(out, sizeof(out), err, sizeof(err), 5, argv);
	}
	if (ret)
		fail_msg("exit %d: %s", ret, err);
	if (!strstr(out, "TENANT") || !strstr(out, "\nacme ") ||
	    !strstr(out, "freeze 1/0, throttle 1/0") ||
	    !strstr(out, "kill 0/1") || !strstr(out, "1/0/1\n"))
		fail_msg("summary:\n%s", out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(open_creates_dir_and_file),
		T(report_has_every_record),
		T(report_oldest_first),
		T(summary_counts),
		T(json_lines),
		T(json_lines_odd_bytes),
		T(batch_lines_at_commit),
		T(approvals_follow_events),
		T(tenants_follow_events),
		T(enforcements_put_del_list),
		T(meta_get_set),
		T(reopen_keeps_data),
		T(versions_refused),
		T(killed_batch_invisible),
		cmocka_unit_test(report_cli_usage),
		T(report_cli_missing_ledger),
		T(report_cli_json),
		T(report_cli_human),
#undef T
	};

	return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
