// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hashguardctl's config, tenant, tasks and monitor
 * commands: the cgroup path conversion (with made-up mount tables), the
 * argument parsing, and the JSON and tables made from the structs.
 * Nothing here talks to the kernel: every command-line case fails before
 * a socket would be opened.
 */

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl.h"
#include "cli_capture.h"

/* cgroup paths */

struct fixture {
	char dir[64];		/* a temporary directory tree */
	char mountinfo[128];
	char buf[PATH_MAX];
};

static int setup_tree(void **state)
{
	static const char *const dirs[] = {
		"cg", "cg/tenants", "cg/tenants/acme", "cg/tenants/acme/web",
		"cg/tenants/acme2", "cg/over", "cg/over/x", "cg2", "cg2/sub",
		"my space", "cgx",
	};
	struct fixture *f = calloc(1, sizeof(*f));
	unsigned int i;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/hg-unit-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(f->buf, sizeof(f->buf), "%s/%s", f->dir, dirs[i]);
		assert_int_equal(mkdir(f->buf, 0700), 0);
	}
	snprintf(f->buf, sizeof(f->buf), "%s/cg/file", f->dir);
	fclose(fopen(f->buf, "w"));
	snprintf(f->mountinfo, sizeof(f->mountinfo), "%s/mountinfo", f->dir);
	*state = f;
	return 0;
}

static int teardown_tree(void **state)
{
	struct fixture *f = *state;
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/*
 * A mount table: / on ext4, DIR/cg on cgroup2, DIR/cg/over on tmpfs
 * (hiding the cgroup below), DIR/cg2 a cgroup2 mount of the subtree
 * /kubepods, DIR/my space (escaped) on cgroup2, and lines to ignore.
 */
static void write_mountinfo(struct fixture *f)
{
	FILE *m = fopen(f->mountinfo, "w");

	assert_non_null(m);
	fprintf(m, "1 0 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
	fprintf(m, "garbage line\n");
	fprintf(m, "25 1 0:22 / /sys rw shared:7 - sysfs sysfs rw\n");
	fprintf(m, "30 1 0:26 / %s/cg rw,nosuid shared:9 master:2 - cgroup2 cgroup2 rw,nsdelegate\n",
		f->dir);
	fprintf(m, "31 30 0:40 / %s/cg/over rw - tmpfs tmpfs rw\n", f->dir);
	fprintf(m, "32 1 0:26 /kubepods %s/cg2 rw - cgroup2 cgroup2 rw\n",
		f->dir);
	fprintf(m, "33 1 0:26 / %s/my\\040space rw - cgroup2 cgroup2 rw\n",
		f->dir);
	fprintf(m, "34 1 0:27 / %s/cgx rw - cgroup cgroup rw,cpu\n", f->dir);
	fclose(m);
}

static int rel(struct fixture *f, const char *sub, char *out, size_t len,
	       char *err, size_t errlen)
{
	snprintf(f->buf, sizeof(f->buf), "%s%s", f->dir, sub);
	err[0] = '\0';
	return hgl_cgroup_rel_path(f->mountinfo, f->buf, out, len, err, errlen);
}

static void cgroup_paths(void **state)
{
	struct fixture *f = *state;
	char out[HASHGUARD_CGROUP_PATH_MAX], err[PATH_MAX + 256];

	write_mountinfo(f);
	assert_int_equal(rel(f, "/cg/tenants/acme", out, sizeof(out), err,
			     sizeof(err)), 0);
	assert_string_equal(out, "/tenants/acme");
	assert_int_equal(rel(f, "/cg/tenants/acme/web/", out, sizeof(out),
			     err, sizeof(err)), 0);
	assert_string_equal(out, "/tenants/acme/web");
	/* The root of the hierarchy itself. */
	assert_int_equal(rel(f, "/cg", out, sizeof(out), err, sizeof(err)), 0);
	assert_string_equal(out, "/");
	/* Resolved first: dot-dot and doubled slashes. */
	assert_int_equal(rel(f, "/cg/tenants/acme/../acme2//", out, sizeof(out),
			     err, sizeof(err)), 0);
	assert_string_equal(out, "/tenants/acme2");
	/* A mount of a subtree: its root goes in front. */
	assert_int_equal(rel(f, "/cg2/sub", out, sizeof(out), err,
			     sizeof(err)), 0);
	assert_string_equal(out, "/kubepods/sub");
	assert_int_equal(rel(f, "/cg2", out, sizeof(out), err, sizeof(err)), 0);
	assert_string_equal(out, "/kubepods");
	/* An escaped mount point. */
	assert_int_equal(rel(f, "/my space", out, sizeof(out), err,
			     sizeof(err)), 0);
	assert_string_equal(out, "/");
}

static void cgroup_path_errors(void **state)
{
	struct fixture *f = *state;
	char out[HASHGUARD_CGROUP_PATH_MAX], err[PATH_MAX + 256];

	write_mountinfo(f);
	assert_int_equal(rel(f, "/cg/tenants/nope", out, sizeof(out), err,
			     sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "no such cgroup: "));
	assert_non_null(strstr(err, "/cg/tenants/nope"));
	assert_int_equal(rel(f, "/cg/file", out, sizeof(out), err,
			     sizeof(err)), -ENOTDIR);
	assert_non_null(strstr(err, "no such cgroup: "));
	assert_non_null(strstr(err, "not a directory"));
	assert_int_equal(rel(f, "/cg/file/x", out, sizeof(out), err,
			     sizeof(err)), -ENOTDIR);
	assert_non_null(strstr(err, "no such cgroup: "));
	/* On ext4. */
	assert_int_equal(rel(f, "", out, sizeof(out), err, sizeof(err)),
			 -EXDEV);
	assert_non_null(strstr(err, "is not on a cgroup2 filesystem"));
	assert_non_null(strstr(err, "ext4"));
	/* A tmpfs mounted over part of the hierarchy hides it. */
	assert_int_equal(rel(f, "/cg/over/x", out, sizeof(out), err,
			     sizeof(err)), -EXDEV);
	assert_non_null(strstr(err, "tmpfs"));
	/* cgroup v1 is not cgroup2. */
	assert_int_equal(rel(f, "/cgx", out, sizeof(out), err, sizeof(err)),
			 -EXDEV);
	/* A prefix that is not a whole component: "cg" does not hold "cg2". */
	assert_int_equal(rel(f, "/cg2/sub", out, sizeof(out), err,
			     sizeof(err)), 0);
	assert_string_equal(out, "/kubepods/sub");
	/* The result does not fit. */
	assert_int_equal(rel(f, "/cg/tenants/acme", out, 5, err, sizeof(err)),
			 -ENAMETOOLONG);
	/* No mount table. */
	snprintf(f->mountinfo, sizeof(f->mountinfo), "%s/none", f->dir);
	assert_int_equal(rel(f, "/cg", out, sizeof(out), err, sizeof(err)),
			 -ENOENT);
	assert_non_null(strstr(err, "none"));
}

static void cgroup_path_empty_table(void **state)
{
	struct fixture *f = *state;
	char out[64], err[PATH_MAX + 256];
	FILE *m = fopen(f->mountinfo, "w");

	assert_non_null(m);
	fclose(m);
	assert_int_equal(rel(f, "/cg", out, sizeof(out), err, sizeof(err)),
			 -EXDEV);
	assert_non_null(strstr(err, "is not on a cgroup2 filesystem"));
}

/* Command lines */

static void cli_tenant(void **state)
{
	(void)state;
	CLI(CTL_USAGE, "tenant: no subcommand given", "tenant");
	CLI(CTL_USAGE, "tenant: unknown subcommand 'rm'", "tenant", "rm");
	CLI(CTL_USAGE, "usage: hashguardctl [--json] tenant add NAME CGROUP",
	    "tenant", "frob");
	CLI(CTL_USAGE, "add: no NAME and CGROUP given", "tenant", "add");
	CLI(CTL_USAGE, "add: no CGROUP given", "tenant", "add", "acme");
	CLI(CTL_USAGE, "unexpected argument 'x'", "tenant", "add", "acme",
	    "/sys/fs/cgroup/acme", "x");
	CLI(CTL_USAGE, "invalid tenant name '-acme'", "tenant", "add", "-acme",
	    "/sys/fs/cgroup/acme");
	CLI(CTL_USAGE, "invalid tenant name 'a/b'", "tenant", "add", "a/b",
	    "/sys/fs/cgroup/acme");
	CLI(CTL_USAGE, "invalid tenant name ''", "tenant", "add", "",
	    "/sys/fs/cgroup/acme");
	CLI(CTL_USAGE, "CGROUP must be an absolute path", "tenant", "add",
	    "acme", "tenants/acme");
	CLI(CTL_FAIL, "tenant add: no such cgroup: /nonexistent/hg/acme",
	    "tenant", "add", "acme", "/nonexistent/hg/acme");
	CLI(CTL_FAIL, "tenant add: no such cgroup: /etc/passwd",
	    "tenant", "add", "acme", "/etc/passwd");
	CLI(CTL_FAIL, "is not on a cgroup2 filesystem", "tenant", "add",
	    "acme", "/proc");
	CLI(CTL_USAGE, "del: no NAME given", "tenant", "del");
	CLI(CTL_USAGE, "unexpected argument 'b'", "tenant", "del", "a", "b");
	CLI(CTL_USAGE, "invalid tenant name '.x'", "tenant", "del", ".x");
	CLI(CTL_USAGE, "unexpected argument 'all'", "tenant", "list", "all");
	CLI(CTL_USAGE, "usage: hashguardctl [--json] tenant", "--json",
	    "tenant", "list", "--json");
}

static void cli_tasks(void **state)
{
	(void)state;
	CLI(CTL_USAGE, "tasks: --tenant needs a value", "tasks", "--tenant");
	CLI(CTL_USAGE, "tasks: invalid tenant name 'a b'", "tasks",
	    "--tenant", "a b");
	CLI(CTL_USAGE, "tasks: invalid tenant name ''", "tasks", "--tenant=");
	CLI(CTL_USAGE, "tasks: --tenant given twice", "tasks", "--tenant", "a",
	    "--tenant=b");
	CLI(CTL_USAGE, "tasks: --flagged takes no value", "tasks",
	    "--flagged=yes");
	CLI(CTL_USAGE, "tasks: unknown option '--flag'", "tasks", "--flag");
	CLI(CTL_USAGE, "tasks: unknown option '--flaggedx'", "tasks",
	    "--flaggedx");
	CLI(CTL_USAGE, "tasks: unexpected argument 'acme'", "tasks", "acme");
	CLI(CTL_USAGE, "usage: hashguardctl [--json] tasks [--tenant NAME] [--flagged]",
	    "tasks", "-f");
}

static void cli_monitor(void **state)
{
	(void)state;
	CLI(CTL_USAGE, "monitor: --count needs a value", "monitor", "--count");
	CLI(CTL_USAGE, "monitor: --count: '0' is not a positive", "monitor",
	    "--count", "0");
	CLI(CTL_USAGE, "monitor: --count: '-3' is not a positive", "monitor",
	    "--count", "-3");
	CLI(CTL_USAGE, "monitor: --count: '5x' is not", "monitor",
	    "--count=5x");
	CLI(CTL_USAGE, "monitor: --count: '' is not", "monitor", "--count=");
	CLI(CTL_USAGE, "monitor: --count: '99999999999' is not", "monitor",
	    "--count", "99999999999");
	CLI(CTL_USAGE, "monitor: unknown option '--follow'", "monitor",
	    "--follow");
	CLI(CTL_USAGE, "monitor: unexpected argument '3'", "monitor", "3");
}

static void cli_config(void **state)
{
	(void)state;
	CLI(CTL_USAGE, "config: no subcommand given", "config");
	CLI(CTL_USAGE, "config: unknown subcommand 'show'", "config", "show");
	CLI(CTL_USAGE, "config: unexpected argument 'x'", "config", "get", "x");
	CLI(CTL_USAGE, "config: set: no KEY VALUE given", "config", "set");
	CLI(CTL_USAGE, "config: no value given for sample_hz", "config", "set",
	    "sample_hz");
	CLI(CTL_USAGE, "config: unknown key 'hz'", "config", "set", "hz", "5");
	CLI(CTL_USAGE, "sample_hz: '-1' is not a non-negative decimal number",
	    "config", "set", "sample_hz", "-1");
	CLI(CTL_USAGE, "sample_hz: ' 5' is not", "config", "set", "sample_hz",
	    " 5");
	CLI(CTL_USAGE, "sample_hz: '+5' is not", "config", "set", "sample_hz",
	    "+5");
	CLI(CTL_USAGE, "sample_hz: '5 ' is not", "config", "set", "sample_hz",
	    "5 ");
	CLI(CTL_USAGE, "sample_hz: '0x10' is not", "config", "set",
	    "sample_hz", "0x10");
	CLI(CTL_USAGE, "sample_hz: '' is not", "config", "set", "sample_hz",
	    "");
	CLI(CTL_USAGE, "max_tasks: '4294967296' is too large", "config", "set",
	    "max_tasks", "4294967296");
	CLI(CTL_USAGE, "max_tasks: '99999999999999999999999' is too large",
	    "config", "set", "max_tasks", "99999999999999999999999");
	CLI(CTL_USAGE, "sample_source: 'pmu' is not cpu-clock or cycles",
	    "config", "set", "sample_source", "pmu");
	CLI(CTL_USAGE, "sample_source: '1' is not", "config", "set",
	    "sample_source", "1");
	CLI(CTL_USAGE, "window_ms given twice", "config", "set", "window_ms",
	    "100", "window_ms", "200");
	CLI(CTL_USAGE, "no value given for flag_windows", "config", "set",
	    "window_ms", "100", "flag_windows");
}

static void cli_help_lists_commands(void **state)
{
	static const char *const cmds[] = {
		"status", "config", "tenant", "tasks", "monitor", "inspect",
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		assert_non_null(ctl_find(cmds[i]));
	assert_null(ctl_find("tenants"));
	assert_null(ctl_find("task"));
}

static void parse_config_set(void **state)
{
	char *argv[] = { "set", "sample_hz", "250", "sample_source", "cycles",
			 "clear_threshold", "0", "max_tasks", "4294967295", NULL };
	struct hgl_config c;

	(void)state;
	assert_int_equal(config_parse_set(9, argv, &c), CTL_OK);
	assert_int_equal(c.have,
			 HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_SAMPLE_HZ) |
			 HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_SAMPLE_SOURCE) |
			 HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_CLEAR_THRESHOLD) |
			 HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_MAX_TASKS));
	assert_int_equal(c.sample_hz, 250);
	assert_int_equal(c.sample_source, HASHGUARD_SOURCE_CYCLES);
	assert_int_equal(c.clear_threshold, 0);
	assert_int_equal(c.max_tasks, 4294967295U);
	/* Out-of-range but well-formed values are the kernel's to refuse. */
	argv[2] = "99999";
	assert_int_equal(config_parse_set(3, argv, &c), CTL_OK);
	assert_int_equal(c.have, HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_SAMPLE_HZ));
	assert_int_equal(c.sample_hz, 99999);
}

static void parse_u32(void **state)
{
	uint32_t v = 7;

	(void)state;
	assert_int_equal(ctl_parse_u32("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(ctl_parse_u32("007", &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(ctl_parse_u32("4294967295", &v), 0);
	assert_int_equal(v, 4294967295U);
	assert_int_equal(ctl_parse_u32("4294967296", &v), -ERANGE);
	assert_int_equal(ctl_parse_u32("-0", &v), -EINVAL);
	assert_int_equal(ctl_parse_u32("", &v), -EINVAL);
	assert_int_equal(ctl_parse_u32(NULL, &v), -EINVAL);
	assert_int_equal(ctl_parse_u32("1e3", &v), -EINVAL);
	assert_int_equal(ctl_parse_u32("12\n", &v), -EINVAL);
	assert_int_equal(v, 4294967295U);	/* untouched on failure */
}

static void parse_tasks_monitor(void **state)
{
	char *a1[] = { "tasks", NULL };
	char *a2[] = { "tasks", "--flagged", "--tenant", "acme", NULL };
	char *a3[] = { "tasks", "--tenant=web.1", NULL };
	char *m1[] = { "monitor", NULL };
	char *m2[] = { "monitor", "--count", "3", NULL };
	char *m3[] = { "monitor", "--count=12", NULL };
	struct tasks_opts o;
	struct monitor_opts m;

	(void)state;
	assert_int_equal(tasks_parse(1, a1, &o), CTL_OK);
	assert_null(o.tenant);
	assert_false(o.flagged);
	assert_int_equal(tasks_parse(4, a2, &o), CTL_OK);
	assert_string_equal(o.tenant, "acme");
	assert_true(o.flagged);
	assert_int_equal(tasks_parse(2, a3, &o), CTL_OK);
	assert_string_equal(o.tenant, "web.1");
	assert_false(o.flagged);
	assert_int_equal(monitor_parse(1, m1, &m), CTL_OK);
	assert_int_equal(m.count, 0);
	assert_int_equal(monitor_parse(3, m2, &m), CTL_OK);
	assert_int_equal(m.count, 3);
	assert_int_equal(monitor_parse(2, m3, &m), CTL_OK);
	assert_int_equal(m.count, 12);
}

/* Rendering */

static struct hgl_task sample_task(void)
{
	struct hgl_task t = {
		.tgid = 4242, .pid = 4250, .comm = "xmrig",
		.start_time = 987654321000ULL, .tenant_id = 3,
		.tenant = "acme", .state = HASHGUARD_STATE_FLAGGED,
		.score = 873, .threads = 8, .samples = 123456,
		.flagged_time = 1795000000,
	};
	unsigned int i;

	for (i = 1; i <= HASHGUARD_FEATURE_MAX; i++) {
		t.features[i] = i * 10 + 1;
		t.features_have |= 1U << i;
	}
	t.features[HASHGUARD_FEATURE_CPU] = 998;
	return t;
}

static void task_json(void **state)
{
	struct hgl_task t = sample_task();
	json_t *o = task_to_json(&t), *f;

	(void)state;
	assert_non_null(o);
	assert_int_equal(jint(o, "tgid"), 4242);
	assert_int_equal(jint(o, "pid"), 4250);
	assert_string_equal(jstr(o, "comm"), "xmrig");
	assert_string_equal(jstr(o, "tenant"), "acme");
	assert_int_equal(jint(o, "tenant_id"), 3);
	assert_string_equal(jstr(o, "state"), "flagged");
	assert_int_equal(jint(o, "score"), 873);
	assert_int_equal(jint(o, "threads"), 8);
	assert_int_equal(jint(o, "samples"), 123456);
	assert_int_equal(jint(o, "start_time"), 987654321000LL);
	assert_int_equal(jint(o, "flagged_time"), 1795000000);
	f = json_object_get(o, "features");
	assert_true(json_is_object(f));
	assert_int_equal(json_object_size(f), HASHGUARD_FEATURE_MAX);
	assert_int_equal(jint(f, "crypto"), 11);
	assert_int_equal(jint(f, "rotate"), 21);
	assert_int_equal(jint(f, "hash_alu"), 31);
	assert_int_equal(jint(f, "hash_simd"), 41);
	assert_int_equal(jint(f, "mul"), 51);
	assert_int_equal(jint(f, "fp"), 61);
	assert_int_equal(jint(f, "rc_changes"), 71);
	assert_int_equal(jint(f, "rc_nondefault"), 81);
	assert_int_equal(jint(f, "cpu"), 998);
	assert_int_equal(jint(f, "vcsw"), 101);
	assert_int_equal(jint(f, "samples"), 111);
	assert_int_equal(jint(f, "insns"), 121);
	json_decref(o);
}

static void task_json_odd_values(void **state)
{
	struct hgl_task t = sample_task();
	json_t *o, *f;

	(void)state;
	t.state = 9;				/* from a newer module */
	t.features_have = 1U << HASHGUARD_FEATURE_CRYPTO | 1U << 30;
	t.features[30] = 5;
	strcpy(t.comm, "bad\xff\xfe\n");		/* not UTF-8 */
	o = task_to_json(&t);
	assert_non_null(o);
	assert_string_equal(jstr(o, "state"), "state_9");
	assert_string_equal(jstr(o, "comm"), "bad??\n");
	f = json_object_get(o, "features");
	assert_int_equal(json_object_size(f), 2);
	assert_int_equal(jint(f, "feature_30"), 5);
	assert_null(json_object_get(f, "rotate"));	/* not sent: absent */
	json_decref(o);
}

static void event_json(void **state)
{
	struct hgl_task t = sample_task();
	json_t *o;
	char *s;

	(void)state;
	o = event_to_json(HASHGUARD_EVENT_FLAGGED, &t);
	assert_non_null(o);
	assert_string_equal(jstr(o, "event"), "flagged");
	assert_int_equal(jint(o, "tgid"), 4242);
	assert_true(json_is_object(json_object_get(o, "features")));
	s = json_dumps(o, JSON_COMPACT);
	assert_non_null(s);
	assert_int_equal(strncmp(s, "{\"type\":\"detection\",\"event\":\"flagged\",",
				 38), 0);
	assert_null(strchr(s, '\n'));
	free(s);
	json_decref(o);
	o = event_to_json(HASHGUARD_EVENT_EXITED, &t);
	assert_string_equal(jstr(o, "event"), "exited");
	json_decref(o);
	o = event_to_json(HASHGUARD_EVENT_CLEARED, &t);
	assert_string_equal(jstr(o, "event"), "cleared");
	json_decref(o);
	o = event_to_json(17, &t);
	assert_string_equal(jstr(o, "event"), "event_17");
	json_decref(o);
}

static void event_line(void **state)
{
	struct hgl_task t = sample_task();
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	strcpy(t.comm, "x\033[2J");
	event_print(f, HASHGUARD_EVENT_FLAGGED, &t);
	fclose(f);
	assert_string_equal(text,
			    "flagged tgid 4242 comm x?[2J tenant acme score 873 crypto 1.1% rotate 2.1% hash_alu 3.1% hash_simd 4.1% cpu 99.8%\n");
	free(text);
}

static void tasks_table(void **state)
{
	struct hgl_task t[2] = { sample_task(), sample_task() };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	t[1].tgid = 7;
	t[1].state = HASHGUARD_STATE_NORMAL;
	strcpy(t[1].comm, "bash");
	strcpy(t[1].tenant, "host");
	t[1].features_have = 0;
	tasks_print(f, t, 2);
	fclose(f);
	assert_non_null(strstr(text, "TGID"));
	assert_non_null(strstr(text, "COMM"));
	assert_non_null(strstr(text, "TENANT"));
	assert_non_null(strstr(text, "STATE"));
	assert_non_null(strstr(text, "SCORE"));
	assert_non_null(strstr(text, "THREADS"));
	assert_non_null(strstr(text, "CPU%"));
	assert_non_null(strstr(text, "   4242    4250 xmrig            acme   flagged   873       8   99.8"));
	assert_non_null(strstr(text, "      7    4250 bash             host   normal    873       8      -"));
	free(text);
}

static void tenant_json_and_table(void **state)
{
	struct hgl_tenant t[2] = {
		{ .id = 0, .name = "host", .cgroup = "/", .cgroup_id = 1,
		  .processes = 40, .flagged = 0 },
		{ .id = 5, .name = "acme", .cgroup = "/tenants/acme",
		  .cgroup_id = 4321, .processes = 3, .flagged = 1,
		  .cgroup_gone = true },
	};
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	json_t *o;

	(void)state;
	o = tenant_to_json(&t[1]);
	assert_non_null(o);
	assert_int_equal(json_object_size(o), 7);
	assert_int_equal(jint(o, "id"), 5);
	assert_string_equal(jstr(o, "name"), "acme");
	assert_string_equal(jstr(o, "cgroup"), "/tenants/acme");
	assert_int_equal(jint(o, "cgroup_id"), 4321);
	assert_int_equal(jint(o, "processes"), 3);
	assert_int_equal(jint(o, "flagged"), 1);
	assert_true(json_is_true(json_object_get(o, "cgroup_gone")));
	json_decref(o);
	o = tenant_to_json(&t[0]);
	assert_true(json_is_false(json_object_get(o, "cgroup_gone")));
	json_decref(o);

	f = open_memstream(&text, &len);
	assert_non_null(f);
	tenants_print(f, t, 2);
	fclose(f);
	assert_non_null(strstr(text, "    ID  NAME  CGROUP                   PROCESSES  FLAGGED\n"));
	assert_non_null(strstr(text, "     0  host  /                               40        0\n"));
	assert_non_null(strstr(text, "     5  acme  /tenants/acme (removed)          3        1\n"));
	free(text);
}

static void config_json_and_table(void **state)
{
	struct hgl_config c = {
		.sample_hz = 1000, .sample_source = HASHGUARD_SOURCE_CPU_CLOCK,
		.window_ms = 1000, .flag_threshold = 500,
		.clear_threshold = 250, .flag_windows = 3, .clear_windows = 5,
		.min_samples = 20, .max_tasks = 32768,
	};
	char *text = NULL;
	size_t len = 0;
	unsigned int i;
	FILE *f;
	json_t *o;

	(void)state;
	for (i = 1; i <= HASHGUARD_CONFIG_A_MAX; i++)
		c.have |= HGL_CONFIG_BIT(i);
	o = config_to_json(&c);
	assert_non_null(o);
	assert_int_equal(json_object_size(o), HASHGUARD_CONFIG_A_MAX);
	assert_int_equal(jint(o, "sample_hz"), 1000);
	assert_string_equal(jstr(o, "sample_source"), "cpu-clock");
	assert_int_equal(jint(o, "window_ms"), 1000);
	assert_int_equal(jint(o, "flag_threshold"), 500);
	assert_int_equal(jint(o, "clear_threshold"), 250);
	assert_int_equal(jint(o, "flag_windows"), 3);
	assert_int_equal(jint(o, "clear_windows"), 5);
	assert_int_equal(jint(o, "min_samples"), 20);
	assert_int_equal(jint(o, "max_tasks"), 32768);
	json_decref(o);

	c.have &= ~HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_MAX_TASKS);
	c.sample_source = HASHGUARD_SOURCE_CYCLES;
	f = open_memstream(&text, &len);
	assert_non_null(f);
	config_print(f, &c);
	fclose(f);
	assert_non_null(strstr(text, "KEY                VALUE\n"));
	assert_non_null(strstr(text, "sample_hz          1000\n"));
	assert_non_null(strstr(text, "sample_source      cycles\n"));
	assert_non_null(strstr(text, "min_samples        20\n"));
	assert_null(strstr(text, "max_tasks"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(cgroup_paths, setup_tree,
						teardown_tree),
		cmocka_unit_test_setup_teardown(cgroup_path_errors, setup_tree,
						teardown_tree),
		cmocka_unit_test_setup_teardown(cgroup_path_empty_table,
						setup_tree, teardown_tree),
		cmocka_unit_test(cli_tenant),
		cmocka_unit_test(cli_tasks),
		cmocka_unit_test(cli_monitor),
		cmocka_unit_test(cli_config),
		cmocka_unit_test(cli_help_lists_commands),
		cmocka_unit_test(parse_config_set),
		cmocka_unit_test(parse_u32),
		cmocka_unit_test(parse_tasks_monitor),
		cmocka_unit_test(task_json),
		cmocka_unit_test(task_json_odd_values),
		cmocka_unit_test(event_json),
		cmocka_unit_test(event_line),
		cmocka_unit_test(tasks_table),
		cmocka_unit_test(tenant_json_and_table),
		cmocka_unit_test(config_json_and_table),
	};

	return cmocka_run_group_tests_name("cmds", tests, NULL, NULL);
}
