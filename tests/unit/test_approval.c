// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hashguardctl's approve, revoke and approvals commands,
 * the times they take, tasks --pid, and the JSON and lines of monitor
 * for both groups.  Nothing here talks to the kernel: every bad command
 * line must fail with exit status 2 before a socket is opened (a socket
 * would fail with 1 here, as no module is loaded).
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl.h"
#include "cli_capture.h"

/* 2026-11-23T10:00:00Z */
#define T0	1795428000LL

/* Central European time, without needing tzdata. */
static int setup_tz(void **state)
{
	(void)state;
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	return 0;
}

static int64_t parse_ok(const char *s)
{
	char err[256] = "";
	uint64_t t = 0;

	if (ctl_parse_time(s, (time_t)T0, &t, err, sizeof(err)))
		fail_msg("'%s' refused: %s", s, err);
	return (int64_t)t;
}

static void parse_bad(const char *s, int want, const char *needle)
{
	char err[256] = "";
	uint64_t t = 42;
	int ret = ctl_parse_time(s, (time_t)T0, &t, err, sizeof(err));

	if (ret != want || !strstr(err, needle))
		fail_msg("'%s': %d (want %d), '%s' (want '%s')", s, ret, want,
			 err, needle);
	assert_int_equal(t, 42);		/* untouched */
}

static void time_iso_utc_and_zones(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-23T10:00:00Z"), T0);
	assert_int_equal(parse_ok("2026-11-23T10:00Z"), T0);
	assert_int_equal(parse_ok("2026-11-23t10:00z"), T0);
	assert_int_equal(parse_ok("2026-11-23 10:00:00Z"), T0);
	assert_int_equal(parse_ok("2026-11-23T11:00+01:00"), T0);
	assert_int_equal(parse_ok("2026-11-23T11:30:00+0130"), T0);
	assert_int_equal(parse_ok("2026-11-23T05:00-05:00"), T0);
	assert_int_equal(parse_ok("2026-11-23T10:00:00+00:00"), T0);
	assert_int_equal(parse_ok("1970-01-01T00:00Z"), 0);
	assert_int_equal(parse_ok("2028-02-29T00:00Z"), 1835395200LL);
}

static void time_iso_local(void **state)
{
	(void)state;
	/* CET in November (UTC+1), CEST in July (UTC+2). */
	assert_int_equal(parse_ok("2026-11-23T11:00"), T0);
	assert_int_equal(parse_ok("2026-11-23T11:00:00"), T0);
	assert_int_equal(parse_ok("2026-11-23"), T0 - 11 * 3600);
	assert_int_equal(parse_ok("2026-07-01T12:00"), 1782900000LL);
	/* Skipped by the change to summer time. */
	parse_bad("2026-03-29T02:30", -EINVAL, "does not exist in the local time zone");
}

static void time_relative(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("+0"), T0);
	assert_int_equal(parse_ok("+90"), T0 + 90);
	assert_int_equal(parse_ok("+90s"), T0 + 90);
	assert_int_equal(parse_ok("+5m"), T0 + 300);
	assert_int_equal(parse_ok("+2h"), T0 + 7200);
	assert_int_equal(parse_ok("+30d"), T0 + 30 * 86400);
	parse_bad("+", -EINVAL, "is not a relative time");
	parse_bad("+h", -EINVAL, "is not a relative time");
	parse_bad("+2w", -EINVAL, "is not a relative time");
	parse_bad("+2hh", -EINVAL, "is not a relative time");
	parse_bad("+-2h", -EINVAL, "is not a relative time");
	parse_bad("+2 h", -EINVAL, "is not a relative time");
	parse_bad("+99999999999d", -ERANGE, "too far in the future");
}

static void time_bad(void **state)
{
	static const char *const bad[] = {
		"tomorrow", "2026", "2026-11", "2026-11-3", "26-11-23",
		"2026/11/23", "2026-11-23T", "2026-11-23T10", "2026-11-23T1:00",
		"2026-11-23T10:00:0", "2026-11-23T10:00:00.5Z",
		"2026-11-23T10:00:00ZZ", "2026-11-23T10:00+1", "2026-11-23T10:00+01:",
		"2026-11-23T10:00 UTC", "2026-11-23Z", " 2026-11-23",
		"2026-11-23 ", "-2h",
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		parse_bad(bad[i], -EINVAL, "is not a time");
	parse_bad("", -EINVAL, "empty");
	parse_bad("2026-13-01", -EINVAL, "not a valid date");
	parse_bad("2026-02-29", -EINVAL, "not a valid date");
	parse_bad("2026-04-31T10:00Z", -EINVAL, "not a valid date");
	parse_bad("2026-11-23T24:00Z", -EINVAL, "not a valid date");
	parse_bad("2026-11-23T10:60Z", -EINVAL, "not a valid date");
	parse_bad("2026-11-23T10:00:60Z", -EINVAL, "not a valid date");
	parse_bad("2026-11-00", -EINVAL, "not a valid date");
	parse_bad("2026-11-23T10:00+24:00", -EINVAL, "is not a time");
	parse_bad("1969-12-31T23:59:59Z", -ERANGE, "before 1970");
}

static void time_format(void **state)
{
	char buf[CTL_TIME_LEN];
	json_t *j;

	(void)state;
	ctl_format_time(T0, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-23T10:00:00Z");
	ctl_format_time(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	j = ctl_json_time(0);
	assert_true(json_is_null(j));
	json_decref(j);
	j = ctl_json_time(T0);
	assert_string_equal(json_string_value(j), "2026-11-23T10:00:00Z");
	json_decref(j);
}

static void exe_paths(void **state)
{
	(void)state;
	assert_true(ctl_exe_path_valid("/usr/bin/xmrig"));
	assert_true(ctl_exe_path_valid("/opt/my miner/bin/x.y"));
	assert_true(ctl_exe_path_valid("/a"));
	assert_true(ctl_exe_path_valid("/a/.hidden/..x"));
	assert_false(ctl_exe_path_valid(NULL));
	assert_false(ctl_exe_path_valid(""));
	assert_false(ctl_exe_path_valid("/"));
	assert_false(ctl_exe_path_valid("usr/bin/x"));
	assert_false(ctl_exe_path_valid("./x"));
	assert_false(ctl_exe_path_valid("/usr//bin/x"));
	assert_false(ctl_exe_path_valid("/usr/bin/"));
	assert_false(ctl_exe_path_valid("/usr/./bin/x"));
	assert_false(ctl_exe_path_valid("/usr/../bin/x"));
	assert_false(ctl_exe_path_valid("/usr/bin/.."));
	assert_false(ctl_exe_path_valid("/usr/bin/x\n"));
}

static void cli_approve_usage(void **state)
{
	char longref[HASHGUARD_APPROVAL_REF_MAX + 1];

	(void)state;
	memset(longref, 'r', sizeof(longref) - 1);
	longref[sizeof(longref) - 1] = '\0';
	CLI(CTL_USAGE, "approve: no TENANT given", "approve");
	CLI(CTL_USAGE, "approve: no TENANT given", "approve", "--ref", "X");
	CLI(CTL_USAGE, "usage: hashguardctl [--json] approve TENANT --ref REF",
	    "approve");
	CLI(CTL_USAGE, "approve: --ref REF is required", "approve", "acme");
	CLI(CTL_USAGE, "approve: invalid tenant name 'a b'", "approve", "a b",
	    "--ref", "X");
	CLI(CTL_USAGE, "approve: unexpected argument 'beta'", "approve", "acme",
	    "beta", "--ref", "X");
	CLI(CTL_USAGE, "approve: unknown option '--expires'", "approve", "acme",
	    "--ref", "X", "--expires", "+1d");
	CLI(CTL_USAGE, "approve: --ref needs a value", "approve", "acme", "--ref");
	CLI(CTL_USAGE, "approve: --ref given twice", "approve", "acme", "--ref",
	    "X", "--ref=Y");
	CLI(CTL_USAGE, "approve: --ref: the reference is empty", "approve",
	    "acme", "--ref=");
	CLI(CTL_USAGE, "approve: --ref: the reference is longer than 127 bytes",
	    "approve", "acme", "--ref", longref);
	CLI(CTL_USAGE, "approve: --ref: the reference holds a control character",
	    "approve", "acme", "--ref", "CHG\n1");
	CLI(CTL_USAGE, "approve: --exe: 'bin/x' is not an absolute", "approve",
	    "acme", "--ref", "X", "--exe", "bin/x");
	CLI(CTL_USAGE, "approve: --exe: '/usr//x' is not an absolute, normalized",
	    "approve", "acme", "--ref", "X", "--exe", "/usr//x");
	CLI(CTL_USAGE, "approve: --exe given twice", "approve", "acme", "--ref",
	    "X", "--exe", "/a", "--exe", "/b");
	CLI(CTL_USAGE, "approve: --from: 'soon' is not a time", "approve",
	    "acme", "--ref", "X", "--from", "soon");
	CLI(CTL_USAGE, "approve: --until: '2026-02-30' is not a valid date",
	    "approve", "acme", "--ref", "X", "--until", "2026-02-30");
	CLI(CTL_USAGE, "approve: --until: 2020-01-01T00:00:00Z is not in the future",
	    "approve", "acme", "--ref", "X", "--until", "2020-01-01T00:00Z");
	CLI(CTL_USAGE, "approve: --until (", "approve", "acme", "--ref", "X",
	    "--from", "+3d", "--until", "+2d");
	CLI(CTL_USAGE, "must be after --from", "approve", "acme", "--ref", "X",
	    "--from", "+2d", "--until", "+2d");
	CLI(CTL_USAGE, "approve: --no-replace takes no value", "approve", "acme",
	    "--ref", "X", "--no-replace=yes");
	CLI(CTL_USAGE, "approve: --until given twice", "approve", "acme",
	    "--ref", "X", "--until", "+1d", "--until", "+2d");
	/* Well-formed: gets as far as the socket (no module here). */
	CLI(CTL_FAIL, "hashguardctl: ", "approve", "acme", "--ref", "X",
	    "--exe", "/usr/bin/x", "--until", "+1d");
}

static void cli_revoke_approvals_usage(void **state)
{
	(void)state;
	CLI(CTL_USAGE, "revoke: no TENANT given", "revoke");
	CLI(CTL_USAGE, "revoke: --ref REF is required", "revoke", "acme");
	CLI(CTL_USAGE, "revoke: unknown option '--exe'", "revoke", "acme",
	    "--ref", "X", "--exe", "/a");
	CLI(CTL_USAGE, "revoke: unexpected argument 'b'", "revoke", "a", "b",
	    "--ref", "X");
	CLI(CTL_USAGE, "revoke: invalid tenant name '.a'", "revoke", ".a",
	    "--ref", "X");
	CLI(CTL_USAGE, "revoke: --ref: the reference is empty", "revoke", "a",
	    "--ref", "");
	CLI(CTL_USAGE, "usage: hashguardctl [--json] revoke TENANT --ref REF",
	    "revoke");
	CLI(CTL_USAGE, "approvals: unexpected argument 'b'", "approvals", "a",
	    "b");
	CLI(CTL_USAGE, "approvals: unknown option '--all'", "approvals",
	    "--all");
	CLI(CTL_USAGE, "approvals: invalid tenant name 'a/b'", "approvals",
	    "a/b");
}

static void parse_approve_ok(void **state)
{
	char *a1[] = { "approve", "--until", "+2h", "acme", "--ref", "CHG 1",
		       "--exe=/opt/m", "--from", "2026-11-23T10:00Z",
		       "--no-replace", NULL };
	char *a2[] = { "approve", "acme", "--ref=R", NULL };
	char *r1[] = { "revoke", "--ref", "R", "acme", NULL };
	struct approve_opts o;
	const char *tenant, *ref;

	(void)state;
	assert_int_equal(approve_parse(10, a1, (time_t)T0, &o), CTL_OK);
	assert_string_equal(o.tenant, "acme");
	assert_string_equal(o.ref, "CHG 1");
	assert_string_equal(o.exe, "/opt/m");
	assert_int_equal(o.from, T0);
	assert_int_equal(o.until, T0 + 7200);
	assert_true(o.no_replace);
	assert_int_equal(approve_parse(3, a2, (time_t)T0, &o), CTL_OK);
	assert_null(o.exe);
	assert_int_equal(o.from, 0);
	assert_int_equal(o.until, 0);
	assert_false(o.no_replace);
	assert_int_equal(revoke_parse(4, r1, &tenant, &ref), CTL_OK);
	assert_string_equal(tenant, "acme");
	assert_string_equal(ref, "R");
}

static struct hgl_approval sample_approval(void)
{
	struct hgl_approval a = {
		.id = 12, .tenant_id = 5, .tenant = "acme", .ref = "CHG-4711",
		.exe = "/opt/acme/miner", .not_before = 0, .expires = T0,
		.granted_by = 1000, .granted_time = T0 - 3600,
		.state = HASHGUARD_APPROVAL_ACTIVE, .covered = 2,
	};

	a.have = HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_STATE);
	return a;
}

static void approval_json(void **state)
{
	struct hgl_approval a = sample_approval();
	json_t *o;

	(void)state;
	o = approval_to_json(&a);
	assert_non_null(o);
	assert_int_equal(jint(o, "id"), 12);
	assert_string_equal(jstr(o, "tenant"), "acme");
	assert_int_equal(jint(o, "tenant_id"), 5);
	assert_string_equal(jstr(o, "ref"), "CHG-4711");
	assert_string_equal(jstr(o, "exe"), "/opt/acme/miner");
	/* No NOT_BEFORE: from the grant. */
	assert_string_equal(jstr(o, "from"), "2026-11-23T09:00:00Z");
	assert_string_equal(jstr(o, "until"), "2026-11-23T10:00:00Z");
	assert_int_equal(jint(o, "granted_by"), 1000);
	assert_string_equal(jstr(o, "granted_time"), "2026-11-23T09:00:00Z");
	assert_string_equal(jstr(o, "state"), "active");
	assert_int_equal(jint(o, "covered"), 2);
	assert_null(json_object_get(o, "end"));
	json_decref(o);

	/* Whole tenant, never expires, pending, revoked. */
	a.exe[0] = '\0';
	a.expires = 0;
	a.not_before = T0 + 86400;
	a.state = HASHGUARD_APPROVAL_PENDING;
	a.end = HASHGUARD_APPROVAL_END_REVOKED;
	o = approval_to_json(&a);
	assert_true(json_is_null(json_object_get(o, "exe")));
	assert_true(json_is_null(json_object_get(o, "until")));
	assert_string_equal(jstr(o, "from"), "2026-11-24T10:00:00Z");
	assert_string_equal(jstr(o, "state"), "pending");
	assert_string_equal(jstr(o, "end"), "revoked");
	json_decref(o);
	a.state = 7;
	a.end = 9;
	o = approval_to_json(&a);
	assert_string_equal(jstr(o, "state"), "state_7");
	assert_string_equal(jstr(o, "end"), "end_9");
	json_decref(o);
}

static void approval_text(void **state)
{
	struct hgl_approval a[2] = { sample_approval(), sample_approval() };
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	a[1].id = 13;
	strcpy(a[1].ref, "x\033[2J");
	a[1].exe[0] = '\0';
	a[1].expires = 0;
	f = open_memstream(&text, &len);
	assert_non_null(f);
	approvals_print(f, a, 2);
	fclose(f);
	assert_non_null(strstr(text, "ID  TENANT  REF"));
	assert_non_null(strstr(text, "SCOPE"));
	assert_non_null(strstr(text, "GRANTED_BY\n"));
	assert_non_null(strstr(text, "    12  acme    CHG-4711  /opt/acme/miner  2026-11-23T09:00:00Z  2026-11-23T10:00:00Z  active         2  1000\n"));
	assert_non_null(strstr(text, "    13  acme    x?[2J     *                2026-11-23T09:00:00Z  never                 active         2  1000\n"));
	free(text);

	text = NULL;
	f = open_memstream(&text, &len);
	assert_non_null(f);
	a[0].end = HASHGUARD_APPROVAL_END_REVOKED;
	approval_print(f, &a[0]);
	fclose(f);
	assert_string_equal(text,
			    "approval 12 of tenant acme\n"
			    "  ref:        CHG-4711\n"
			    "  scope:      /opt/acme/miner\n"
			    "  from:       2026-11-23T09:00:00Z\n"
			    "  until:      2026-11-23T10:00:00Z\n"
			    "  granted by: uid 1000 at 2026-11-23T09:00:00Z\n"
			    "  state:      active, covering 2 processes\n"
			    "  ended:      revoked\n");
	free(text);
}

static void cli_tasks_pid(void **state)
{
	char *a1[] = { "tasks", "--pid", "4242", NULL };
	struct tasks_opts o;

	(void)state;
	assert_int_equal(tasks_parse(3, a1, &o), CTL_OK);
	assert_int_equal(o.pid, 4242);
	CLI(CTL_USAGE, "tasks: --pid: '0' is not a process id", "tasks",
	    "--pid", "0");
	CLI(CTL_USAGE, "tasks: --pid: 'x' is not a process id", "tasks",
	    "--pid=x");
	CLI(CTL_USAGE, "tasks: --pid needs a value", "tasks", "--pid");
	CLI(CTL_USAGE, "tasks: --pid given twice", "tasks", "--pid", "1",
	    "--pid", "2");
	CLI(CTL_USAGE, "does not go with --tenant or --flagged", "tasks",
	    "--pid", "1", "--flagged");
	CLI(CTL_USAGE, "does not go with --tenant or --flagged", "tasks",
	    "--tenant", "acme", "--pid", "1");
}

static struct hgl_task sample_task(void)
{
	struct hgl_task t = {
		.tgid = 4242, .pid = 4250, .comm = "xmrig", .tenant = "acme",
		.tenant_id = 5, .state = HASHGUARD_STATE_FLAGGED, .score = 873,
		.exe = "/opt/acme/miner", .approval_id = 12,
		.approval_ref = "CHG-4711",
	};

	t.have = HGL_TASK_BIT(HASHGUARD_TASK_A_APPROVAL_ID);
	return t;
}

static void task_json_approval(void **state)
{
	struct hgl_task t = sample_task();
	json_t *o, *ap;

	(void)state;
	o = task_to_json(&t);
	assert_non_null(o);
	assert_string_equal(jstr(o, "exe"), "/opt/acme/miner");
	ap = json_object_get(o, "approval");
	assert_true(json_is_object(ap));
	assert_int_equal(jint(ap, "id"), 12);
	assert_string_equal(jstr(ap, "ref"), "CHG-4711");
	json_decref(o);
	t.have = 0;
	t.exe = NULL;
	o = task_to_json(&t);
	assert_true(json_is_null(json_object_get(o, "exe")));
	assert_true(json_is_null(json_object_get(o, "approval")));
	json_decref(o);
}

static void task_table_approval(void **state)
{
	struct hgl_task t = sample_task();
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	tasks_print(f, &t, 1);
	fclose(f);
	assert_non_null(strstr(text, " APPROVAL EXE\n"));
	assert_non_null(strstr(text, "      - CHG-4711 /opt/acme/miner\n"));
	free(text);
}

static void cli_monitor_groups(void **state)
{
	char *m1[] = { "monitor", NULL };
	char *m2[] = { "monitor", "--config", NULL };
	char *m3[] = { "monitor", "--detect", "--count", "2", NULL };
	char *m4[] = { "monitor", "--detect", "--config", NULL };
	struct monitor_opts o;

	(void)state;
	assert_int_equal(monitor_parse(1, m1, &o), CTL_OK);
	assert_int_equal(o.groups, HGL_NL_GROUP_ALL);
	assert_int_equal(monitor_parse(2, m2, &o), CTL_OK);
	assert_int_equal(o.groups, HGL_NL_GROUP_CONFIG);
	assert_int_equal(monitor_parse(4, m3, &o), CTL_OK);
	assert_int_equal(o.groups, HGL_NL_GROUP_DETECT);
	assert_int_equal(o.count, 2);
	assert_int_equal(monitor_parse(3, m4, &o), CTL_OK);
	assert_int_equal(o.groups, HGL_NL_GROUP_ALL);
	CLI(CTL_USAGE, "monitor: --config takes no value", "monitor",
	    "--config=1");
	CLI(CTL_USAGE, "monitor: unknown option '--both'", "monitor", "--both");
}

static struct hgl_notif *config_notif(unsigned int cmd, bool caller)
{
	struct hgl_notif *n = calloc(1, sizeof(*n));

	assert_non_null(n);
	n->type = HGL_NOTIF_CONFIG;
	n->cmd = cmd;
	if (caller) {
		n->caller.present = true;
		n->caller.uid = 0;
		n->caller.pid = 321;
		strcpy(n->caller.comm, "hashguardctl");
	}
	return n;
}

static char *notif_line(const struct hgl_notif *n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	notif_print(f, n);
	fclose(f);
	return text;
}

static void monitor_config_json(void **state)
{
	struct hgl_notif *n = config_notif(HASHGUARD_CMD_NEW_APPROVAL, true);
	json_t *o, *c;
	char *s;

	(void)state;
	n->u.approval = sample_approval();
	o = notif_to_json(n);
	assert_non_null(o);
	assert_string_equal(jstr(o, "type"), "config");
	assert_string_equal(jstr(o, "change"), "new_approval");
	assert_string_equal(jstr(json_object_get(o, "approval"), "ref"),
			    "CHG-4711");
	c = json_object_get(o, "caller");
	assert_int_equal(jint(c, "uid"), 0);
	assert_int_equal(jint(c, "pid"), 321);
	assert_string_equal(jstr(c, "comm"), "hashguardctl");
	s = json_dumps(o, JSON_COMPACT);
	assert_non_null(s);
	assert_null(strchr(s, '\n'));
	assert_int_equal(strncmp(s, "{\"type\":\"config\",\"change\":\"new_approval\",", 41), 0);
	free(s);
	json_decref(o);
	free(n);

	/* An expiry: no caller. */
	n = config_notif(HASHGUARD_CMD_DEL_APPROVAL, false);
	n->u.approval = sample_approval();
	n->u.approval.end = HASHGUARD_APPROVAL_END_EXPIRED;
	o = notif_to_json(n);
	assert_true(json_is_null(json_object_get(o, "caller")));
	assert_string_equal(jstr(json_object_get(o, "approval"), "end"),
			    "expired");
	json_decref(o);
	free(n);

	n = config_notif(HASHGUARD_CMD_DEL_TENANT, true);
	n->u.tenant.id = 5;
	strcpy(n->u.tenant.name, "acme");
	o = notif_to_json(n);
	assert_string_equal(jstr(o, "change"), "del_tenant");
	assert_string_equal(jstr(json_object_get(o, "tenant"), "name"), "acme");
	json_decref(o);
	free(n);

	n = config_notif(HASHGUARD_CMD_SET_CONFIG, true);
	n->u.config.sample_hz = 250;
	n->u.config.have = HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_SAMPLE_HZ);
	o = notif_to_json(n);
	assert_string_equal(jstr(o, "change"), "set_config");
	assert_int_equal(jint(json_object_get(o, "config"), "sample_hz"), 250);
	json_decref(o);
	free(n);

	n = config_notif(40, false);		/* from a newer module */
	o = notif_to_json(n);
	assert_string_equal(jstr(o, "change"), "cmd_40");
	json_decref(o);
	free(n);
}

static void monitor_detection_and_lost_json(void **state)
{
	struct hgl_notif *n = calloc(1, sizeof(*n));
	json_t *o;

	(void)state;
	assert_non_null(n);
	n->type = HGL_NOTIF_DETECTION;
	n->event = HASHGUARD_EVENT_UNCOVERED;
	n->u.task = sample_task();
	o = notif_to_json(n);
	assert_string_equal(jstr(o, "type"), "detection");
	assert_string_equal(jstr(o, "event"), "uncovered");
	assert_int_equal(jint(o, "tgid"), 4242);
	assert_string_equal(jstr(o, "exe"), "/opt/acme/miner");
	json_decref(o);
	memset(n, 0, sizeof(*n));
	n->type = HGL_NOTIF_LOST;
	n->event = HGL_NL_EVENTS_LOST;
	o = notif_to_json(n);
	assert_string_equal(jstr(o, "type"), "lost");
	json_decref(o);
	free(n);
}

static void monitor_lines(void **state)
{
	struct hgl_notif *n = config_notif(HASHGUARD_CMD_NEW_APPROVAL, true);
	char *line;

	(void)state;
	n->u.approval = sample_approval();
	line = notif_line(n);
	assert_string_equal(line,
			    "config  new_approval tenant acme id 12 ref CHG-4711 exe /opt/acme/miner until 2026-11-23T10:00:00Z by uid 0 pid 321 comm hashguardctl\n");
	free(line);
	n->cmd = HASHGUARD_CMD_DEL_APPROVAL;
	n->caller.present = false;
	n->u.approval.exe[0] = '\0';
	n->u.approval.expires = 0;
	n->u.approval.end = HASHGUARD_APPROVAL_END_EXPIRED;
	line = notif_line(n);
	assert_string_equal(line,
			    "config  del_approval tenant acme id 12 ref CHG-4711 exe * until never end expired by kernel\n");
	free(line);
	free(n);

	n = config_notif(HASHGUARD_CMD_NEW_TENANT, true);
	n->u.tenant.id = 5;
	strcpy(n->u.tenant.name, "acme");
	strcpy(n->u.tenant.cgroup, "/tenants/acme");
	line = notif_line(n);
	assert_string_equal(line,
			    "config  new_tenant tenant acme id 5 cgroup /tenants/acme by uid 0 pid 321 comm hashguardctl\n");
	free(line);
	free(n);

	n = config_notif(HASHGUARD_CMD_SET_CONFIG, true);
	n->u.config.sample_hz = 250;
	n->u.config.sample_source = HASHGUARD_SOURCE_CYCLES;
	n->u.config.have = HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_SAMPLE_HZ) |
			   HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_SAMPLE_SOURCE);
	line = notif_line(n);
	assert_string_equal(line,
			    "config  set_config sample_hz 250 sample_source cycles by uid 0 pid 321 comm hashguardctl\n");
	free(line);

	memset(n, 0, sizeof(*n));
	n->type = HGL_NOTIF_DETECTION;
	n->event = HASHGUARD_EVENT_COVERED;
	n->u.task = sample_task();
	line = notif_line(n);
	assert_string_equal(line,
			    "covered tgid 4242 comm xmrig tenant acme score 873 approval CHG-4711 exe /opt/acme/miner\n");
	free(line);
	free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(time_iso_utc_and_zones),
		cmocka_unit_test(time_iso_local),
		cmocka_unit_test(time_relative),
		cmocka_unit_test(time_bad),
		cmocka_unit_test(time_format),
		cmocka_unit_test(exe_paths),
		cmocka_unit_test(cli_approve_usage),
		cmocka_unit_test(cli_revoke_approvals_usage),
		cmocka_unit_test(parse_approve_ok),
		cmocka_unit_test(approval_json),
		cmocka_unit_test(approval_text),
		cmocka_unit_test(cli_tasks_pid),
		cmocka_unit_test(task_json_approval),
		cmocka_unit_test(task_table_approval),
		cmocka_unit_test(cli_monitor_groups),
		cmocka_unit_test(monitor_config_json),
		cmocka_unit_test(monitor_detection_and_lost_json),
		cmocka_unit_test(monitor_lines),
	};

	return cmocka_run_group_tests_name("approval", tests, setup_tz, NULL);
}
