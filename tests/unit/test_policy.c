// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hashguardd's policy: the parser (every error with its
 * line), the pol-untouched-on-error rule, inheritance and the host
 * default, hg_policy_print() round trips, the shipped example file
 * (found under HG_TOP) and every branch of hg_decide().
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "policy.h"

#define EXAMPLE		HG_TOP "/userspace/agent/hashguardd.conf"

#define A_AUDIT		HASHGUARD_ACTION_AUDIT
#define A_THROTTLE	HASHGUARD_ACTION_THROTTLE
#define A_IDLE		HASHGUARD_ACTION_IDLE
#define A_FREEZE	HASHGUARD_ACTION_FREEZE
#define A_KILL		HASHGUARD_ACTION_KILL

static void parse_ok(const char *text, struct hg_policy *pol)
{
	char err[512] = "";

	if (hg_policy_parse(text, "t.conf", pol, err, sizeof(err)))
		fail_msg("refused: %s\n---\n%s---", err, text);
	assert_string_equal(err, "");
}

/* Resolve @tenant and check every key and the authority. */
static void want_rule(const struct hg_policy *pol, const char *tenant,
		      unsigned int action, unsigned int grace,
		      unsigned int quota, const char *auth)
{
	struct hg_rule r;
	const char *a = hg_policy_rule(pol, tenant, &r);

	if (r.action != action || r.grace != grace || r.quota != quota ||
	    strcmp(a, auth))
		fail_msg("%s: %u/%u/%u '%s', want %u/%u/%u '%s'", tenant,
			 r.action, r.grace, r.quota, a, action, grace, quota,
			 auth);
}

/* ---- the parser: good files ---- */

static void parse_empty_is_builtin(void **state)
{
	struct hg_policy pol = { 0 };

	(void)state;
	parse_ok("", &pol);
	assert_int_equal(pol.ntenants, 0);
	assert_int_equal(pol.def.set, 0);
	assert_string_equal(pol.path, "");
	want_rule(&pol, "acme", HG_POLICY_ACTION_DEFAULT,
		  HG_POLICY_GRACE_DEFAULT, HG_POLICY_QUOTA_DEFAULT,
		  "policy [default]");
	want_rule(&pol, "host", A_AUDIT, 30, 10, "policy host default");
	hg_policy_free(&pol);

	parse_ok("# only comments\n; and these\n\n   \n", &pol);
	assert_int_equal(pol.ntenants, 0);
	hg_policy_free(&pol);
}

static void parse_inheritance(void **state)
{
	struct hg_policy pol = { 0 };

	(void)state;
	parse_ok("[default]\n"
		 "action = throttle\n"
		 "grace = 45\n"
		 "\n"
		 "[tenant acme]\n"
		 "action = kill\n"
		 "\n"
		 "[tenant lab.1]\n"
		 "quota = 250%\n"
		 "grace = 0\n"
		 "\n"
		 "[tenant empty]\n", &pol);
	assert_int_equal(pol.ntenants, 3);
	assert_string_equal(pol.tenants[0].name, "acme");
	assert_int_equal(pol.tenants[0].line, 5);
	assert_int_equal(pol.tenants[0].rule.set, HG_RULE_ACTION);
	assert_int_equal(pol.tenants[1].rule.set, HG_RULE_GRACE | HG_RULE_QUOTA);
	/* an empty section still names its tenant */
	assert_string_equal(pol.tenants[2].name, "empty");
	assert_int_equal(pol.tenants[2].line, 12);
	assert_int_equal(pol.def.set, HG_RULE_ACTION | HG_RULE_GRACE);

	want_rule(&pol, "acme", A_KILL, 45, 10, "policy [tenant acme]");
	want_rule(&pol, "lab.1", A_THROTTLE, 0, 250, "policy [tenant lab.1]");
	want_rule(&pol, "empty", A_THROTTLE, 45, 10, "policy [tenant empty]");
	want_rule(&pol, "other", A_THROTTLE, 45, 10, "policy [default]");
	want_rule(&pol, "ACME", A_THROTTLE, 45, 10, "policy [default]");
	want_rule(&pol, "host", A_AUDIT, 45, 10, "policy host default");
	hg_policy_free(&pol);
	assert_null(pol.tenants);
	assert_int_equal(pol.ntenants, 0);
}

static void parse_host_default(void **state)
{
	struct hg_policy pol = { 0 };

	(void)state;
	/* [tenant host] without action: still audit, its own grace */
	parse_ok("[default]\naction = freeze\nquota = 5\n"
		 "[tenant host]\ngrace = 7\n", &pol);
	want_rule(&pol, "host", A_AUDIT, 7, 5, "policy host default");
	want_rule(&pol, "x", A_FREEZE, 30, 5, "policy [default]");
	hg_policy_free(&pol);

	/* [tenant host] with action: it wins */
	parse_ok("[default]\naction = freeze\n"
		 "[tenant host]\naction = idle\n", &pol);
	want_rule(&pol, "host", A_IDLE, 30, 10, "policy [tenant host]");
	hg_policy_free(&pol);

	/* even an explicit audit is the section's */
	parse_ok("[tenant host]\naction = audit\n", &pol);
	want_rule(&pol, "host", A_AUDIT, 30, 10, "policy [tenant host]");
	hg_policy_free(&pol);
}

static void parse_value_forms(void **state)
{
	static const struct {
		const char *text;
		unsigned int action, grace, quota;
	} cases[] = {
		{ "[default]\naction=kill\ngrace=0\nquota=1\n", A_KILL, 0, 1 },
		{ "[default]\n  action   =   idle  \n", A_IDLE, 30, 10 },
		{ "[default]\naction = freeze ; inline comment\n", A_FREEZE, 30, 10 },
		{ "[default]\ngrace = 86400\nquota = 100000%\n", A_AUDIT, 86400, 100000 },
		{ "[default]\ngrace = 007\nquota = 25\n", A_AUDIT, 7, 25 },
		{ "[default]\r\naction = throttle\r\nquota = 3%\r\n", A_THROTTLE, 30, 3 },
		{ "\xef\xbb\xbf[default]\naction = kill\n", A_KILL, 30, 10 },
		{ "[default] ; the default\naction = kill", A_KILL, 30, 10 },
		{ "[default]\naction = kill\n  ; an indented comment\n\t# another\n",
		  A_KILL, 30, 10 },
	};
	struct hg_policy pol = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse_ok(cases[i].text, &pol);
		want_rule(&pol, "t", cases[i].action, cases[i].grace,
			  cases[i].quota, "policy [default]");
		hg_policy_free(&pol);
	}
}

static void parse_long_comment_ok(void **state)
{
	struct hg_policy pol = { 0 };
	char text[1024];

	(void)state;
	snprintf(text, sizeof(text), "# %0500d\n[default]\naction = kill\n", 0);
	parse_ok(text, &pol);
	want_rule(&pol, "t", A_KILL, 30, 10, "policy [default]");
	hg_policy_free(&pol);
}

/* ---- the parser: every error, with its line ---- */

static const struct bad_case {
	const char *text;
	int line;
	const char *needle;
} bad_cases[] = {
	/* sections */
	{ "[defaults]\naction = kill\n", 1,
	  "unknown section [defaults] (sections: [default], [tenant NAME])" },
	{ "[default]\naction = kill\n\n[tenat acme]\n", 4,
	  "unknown section [tenat acme]" },
	{ "[Tenant acme]\n", 1, "unknown section [Tenant acme]" },
	{ "[ default ]\n", 1, "unknown section [ default ]" },
	{ "[default] x\n", 1, "unexpected text after [default]: 'x'" },
	{ "[tenant]\n", 1, "[tenant] without a tenant name" },
	{ "[tenant ]\n", 1, "without a tenant name" },
	{ "[default]\n[tenant -x]\n", 2,
	  "invalid tenant name '-x' in [tenant -x] (1 to 31 of" },
	{ "[tenant  acme]\n", 1, "invalid tenant name ' acme'" },
	{ "[tenant a/b]\n", 1, "invalid tenant name 'a/b'" },
	{ "[tenant abcdefghijabcdefghijabcdefghij12]\n", 1,
	  "invalid tenant name" },
	{ "[tenant a]\naction = kill\n[tenant b]\n[tenant a]\n", 4,
	  "[tenant a] given twice (first at line 1)" },
	{ "[default]\n\n[default]\n", 3,
	  "[default] given twice (first at line 1)" },
	/* keys */
	{ "# top\naction = kill\n[default]\n", 2,
	  "key 'action' outside any section (put it under [default] or [tenant NAME])" },
	{ "[default]\naction = kill\n[tenant acme]\n\nqouta = 5\n", 5,
	  "unknown key 'qouta' in [tenant acme] (keys: action, grace, quota, enforce_at, grace_memory)" },
	{ "[default]\nAction = kill\n", 2, "unknown key 'Action' in [default]" },
	{ "[default]\n= 5\n", 2, "unknown key ''" },
	{ "[default]\ngrace = 5\n# c\ngrace = 6\n", 4,
	  "'grace' given twice in [default] (first at line 2)" },
	{ "[tenant x]\nquota = 5\nquota = 5\n", 3,
	  "'quota' given twice in [tenant x] (first at line 2)" },
	{ "[default]\naction = kill\n  grace = 5\n", 3,
	  "indented line continues the value of 'action' in [default]" },
	{ "[default]\naction = kill\n\n# x\n   throttle\n", 5,
	  "indented line continues the value of 'action'" },
	/* values */
	{ "[default]\naction =\n", 2,
	  "empty value for 'action' in [default] (audit, throttle, idle, freeze or kill)" },
	{ "[default]\ngrace = ; later\n", 2,
	  "empty value for 'grace' in [default] (whole seconds, 0 to 86400)" },
	{ "[default]\naction = stop\n", 2,
	  "bad action 'stop' in [default] (audit, throttle, idle, freeze or kill)" },
	{ "[default]\naction = restore\n", 2,
	  "bad action 'restore' in [default] (restore is not a policy action" },
	{ "[default]\naction = Kill\n", 2, "bad action 'Kill'" },
	{ "[default]\naction = kill # comment\n", 2, "bad action 'kill # comment'" },
	{ "[default]\naction = kill;x\n", 2, "bad action 'kill;x'" },
	{ "[default]\ngrace = 30s\n", 2,
	  "bad grace '30s' in [default] (whole seconds, 0 to 86400)" },
	{ "[default]\ngrace = -1\n", 2, "bad grace '-1'" },
	{ "[default]\ngrace = +1\n", 2, "bad grace '+1'" },
	{ "[default]\ngrace = 86401\n", 2, "bad grace '86401'" },
	{ "[default]\ngrace = 99999999999999999999999\n", 2, "bad grace '9999" },
	{ "[tenant t]\nquota = 0%\n", 2,
	  "bad quota '0%' in [tenant t] (percent of one CPU, 1 to 100000, e.g. 10%)" },
	{ "[default]\nquota = 100001\n", 2, "bad quota '100001'" },
	{ "[default]\nquota = 10 %\n", 2, "bad quota '10 %'" },
	{ "[default]\nquota = %\n", 2, "bad quota '%'" },
	{ "[default]\nquota = 1.5\n", 2, "bad quota '1.5'" },
	{ "[default]\nquota = 10%%\n", 2, "bad quota '10%%'" },
	{ "[default]\nenforce_at = parent\n", 2,
	  "bad enforce_at 'parent' in [default] (auto, cgroup or tenant)" },
	{ "[tenant t]\nenforce_at = Tenant\n", 2, "bad enforce_at 'Tenant'" },
	{ "[tenant t]\nenforce_at =\n", 2,
	  "empty value for 'enforce_at' in [tenant t] (auto, cgroup or tenant)" },
	{ "[default]\nenforce_at = auto\nenforce_at = tenant\n", 3,
	  "'enforce_at' given twice in [default] (first at line 2)" },
	{ "[default]\ngrace_memory = 86401\n", 2,
	  "bad grace_memory '86401' in [default] (whole seconds, 0 to 86400)" },
	{ "[default]\naction = tamper\n", 2,
	  "bad action 'tamper' in [default] (tamper is not a policy action" },
	/* syntax, as inih reports it */
	{ "[default]\naction kill\n", 2,
	  "syntax error (expected [section] or key = value)" },
	{ "[default\naction = kill\n", 1, "syntax error" },
	{ "[default]\n[tenant a ; x]\n", 2, "syntax error" },
	/* the first error wins, whoever finds it */
	{ "[default]\nqouta = 1\nbad line\n[nope]\n", 2, "unknown key 'qouta'" },
	{ "[default]\nbad line\nqouta = 1\n", 2, "syntax error" },
	{ "[nope]\nbad line\n", 1, "unknown section [nope]" },
};

static void parse_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct hg_policy pol = { 0 };
		char err[512] = "", prefix[32];
		int ret;

		ret = hg_policy_parse(c->text, "t.conf", &pol, err,
				      sizeof(err));
		snprintf(prefix, sizeof(prefix), "t.conf:%d: ", c->line);
		if (ret != -EINVAL || strncmp(err, prefix, strlen(prefix)) ||
		    !strstr(err, c->needle))
			fail_msg("case %zu: %d '%s', want '%s%s'\n---\n%s---",
				 i, ret, err, prefix, c->needle, c->text);
		assert_null(pol.tenants);
	}
}

static void parse_line_too_long(void **state)
{
	struct hg_policy pol = { 0 };
	char text[1024], err[512];

	(void)state;
	snprintf(text, sizeof(text), "[default]\naction = %0300d\n", 0);
	assert_int_equal(hg_policy_parse(text, "t.conf", &pol, err,
					 sizeof(err)), -EINVAL);
	assert_string_equal(err,
			    "t.conf:2: line too long (at most 198 characters)");
	/* no name: "<string>" */
	assert_int_equal(hg_policy_parse("x\n", NULL, &pol, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err,
		"<string>:1: syntax error (expected [section] or key = value)");
}

static void parse_error_leaves_policy(void **state)
{
	struct hg_policy pol = { 0 };
	char err[512];
	size_t i;

	(void)state;
	parse_ok("[default]\naction = idle\n[tenant acme]\naction = kill\n",
		 &pol);
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct hg_tenant_rule *t = pol.tenants;

		assert_int_equal(hg_policy_parse(bad_cases[i].text, "b", &pol,
						 err, sizeof(err)), -EINVAL);
		assert_ptr_equal(pol.tenants, t);
		assert_int_equal(pol.ntenants, 1);
		assert_string_equal(pol.tenants[0].name, "acme");
		assert_int_equal(pol.def.set, HG_RULE_ACTION);
		want_rule(&pol, "acme", A_KILL, 30, 10, "policy [tenant acme]");
		want_rule(&pol, "z", A_IDLE, 30, 10, "policy [default]");
	}
	/* and a good one replaces it (ASan sees the old one freed) */
	parse_ok("[tenant b]\ngrace = 1\n", &pol);
	assert_int_equal(pol.ntenants, 1);
	want_rule(&pol, "acme", A_AUDIT, 30, 10, "policy [default]");
	want_rule(&pol, "b", A_AUDIT, 1, 10, "policy [tenant b]");
	hg_policy_free(&pol);
}

/* ---- files ---- */

static void write_file(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/hg-policy-test.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void load_files(void **state)
{
	struct hg_policy pol = { 0 };
	char path[64], err[512], want[256];

	(void)state;
	write_file(path, "[default]\naction = kill\n[tenant t1]\ngrace = 3\n");
	assert_int_equal(hg_policy_load(path, &pol, err, sizeof(err)), 0);
	assert_string_equal(pol.path, path);
	want_rule(&pol, "t1", A_KILL, 3, 10, "policy [tenant t1]");
	unlink(path);

	write_file(path, "[default]\naction = kill\n\n[tenant t1]\nqouta = 3\n");
	assert_int_equal(hg_policy_load(path, &pol, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want),
		 "%s:5: unknown key 'qouta' in [tenant t1] (keys: action, grace, quota, enforce_at, grace_memory)",
		 path);
	assert_string_equal(err, want);
	unlink(path);
	/* untouched */
	want_rule(&pol, "t1", A_KILL, 3, 10, "policy [tenant t1]");

	assert_int_equal(hg_policy_load("/nonexistent/hg.conf", &pol, err,
					 sizeof(err)), -ENOENT);
	assert_string_equal(err, "cannot open /nonexistent/hg.conf: No such file or directory");
	assert_int_equal(hg_policy_load("/tmp", &pol, err, sizeof(err)),
			 -EISDIR);
	assert_string_equal(err, "cannot read /tmp: Is a directory");
	want_rule(&pol, "t1", A_KILL, 3, 10, "policy [tenant t1]");
	hg_policy_free(&pol);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int ch;

	if (!f)
		fail_msg("cannot open %s", path);
	while ((ch = fgetc(f)) != EOF)
		fputc(ch, m);
	fclose(f);
	fclose(m);
	return buf;
}

static void example_file_parses(void **state)
{
	struct hg_policy pol = { 0 };
	char err[512] = "";
	char *text, *line, *out = NULL;
	size_t outlen = 0;
	bool in_examples = false;
	FILE *m;

	(void)state;
	if (hg_policy_load(EXAMPLE, &pol, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(pol.ntenants, 0);
	want_rule(&pol, "anyone", A_THROTTLE, 30, 10, "policy [default]");
	want_rule(&pol, "host", A_AUDIT, 30, 10, "policy host default");
	hg_policy_free(&pol);

	/* its commented examples parse too, once uncommented */
	text = slurp(EXAMPLE);
	m = open_memstream(&out, &outlen);
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		/* the examples follow [default]; the prose comes before */
		if (!strcmp(line, "[default]"))
			in_examples = true;
		if (in_examples &&
		    (!strncmp(line, "# [", 3) || !strncmp(line, "# action =", 10) ||
		     !strncmp(line, "# grace =", 9) || !strncmp(line, "# quota =", 9)))
			line += 2;
		fprintf(m, "%s\n", line);
	}
	fclose(m);
	parse_ok(out, &pol);
	assert_int_equal(pol.ntenants, 3);
	want_rule(&pol, "example", A_THROTTLE, 30, 50, "policy [tenant example]");
	want_rule(&pol, "example2", A_KILL, 60, 10, "policy [tenant example2]");
	want_rule(&pol, "host", A_THROTTLE, 30, 10, "policy [tenant host]");
	hg_policy_free(&pol);
	free(out);
	free(text);
}

/* ---- hg_policy_print() ---- */

static char *print_policy(const struct hg_policy *pol)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	hg_policy_print(pol, m);
	fclose(m);
	return buf;
}

static void round_trip(const char *text)
{
	static const char *const tenants[] = {
		"host", "acme", "lab", "empty", "nobody",
	};
	struct hg_policy a = { 0 }, b = { 0 };
	char *out;
	size_t i;

	parse_ok(text, &a);
	out = print_policy(&a);
	parse_ok(out, &b);
	for (i = 0; i < sizeof(tenants) / sizeof(tenants[0]); i++) {
		struct hg_rule ra, rb;
		const char *aa = hg_policy_rule(&a, tenants[i], &ra);
		const char *ab = hg_policy_rule(&b, tenants[i], &rb);

		if (ra.action != rb.action || ra.grace != rb.grace ||
		    ra.quota != rb.quota || strcmp(aa, ab))
			fail_msg("%s differs after print:\n%s", tenants[i], out);
	}
	assert_int_equal(a.ntenants, b.ntenants);
	/* printing the reparsed policy gives the same text */
	{
		char *again = print_policy(&b);

		assert_string_equal(out, again);
		free(again);
	}
	free(out);
	hg_policy_free(&a);
	hg_policy_free(&b);
}

static void print_round_trips(void **state)
{
	(void)state;
	round_trip("");
	round_trip("[default]\naction = kill\ngrace = 5\nquota = 7%\n");
	round_trip("[default]\naction = freeze\n"
		   "[tenant acme]\nquota = 20\n"
		   "[tenant lab]\naction = throttle\ngrace = 0\nquota = 1\n"
		   "[tenant empty]\n"
		   "[tenant host]\ngrace = 9\n");
	round_trip("[tenant host]\naction = kill\n");
}

static void print_shows_resolved(void **state)
{
	struct hg_policy pol = { 0 };
	char *out;

	(void)state;
	parse_ok("[default]\naction = idle\n[tenant acme]\nquota = 20%\n", &pol);
	out = print_policy(&pol);
	assert_non_null(strstr(out, "[default]\naction = idle\ngrace = 30\nquota = 10%\n"));
	assert_non_null(strstr(out, "[tenant acme]\n# action = idle\t(from [default])\n"
				    "# grace = 30\t(from [default])\nquota = 20%\n"));
	assert_non_null(strstr(out, "host tenant: action = audit"));
	free(out);
	hg_policy_free(&pol);
}

static unsigned int rule_at(const struct hg_policy *pol, const char *tenant)
{
	struct hg_rule r;

	hg_policy_rule(pol, tenant, &r);
	return r.at;
}

/* enforce_at: built in auto, [default] for all, a tenant's own wins. */
static void parse_enforce_at(void **state)
{
	struct hg_policy pol = { 0 };
	char *out;

	(void)state;
	parse_ok("[default]\naction = throttle\n", &pol);
	assert_int_equal(rule_at(&pol, "acme"), HG_ENF_AT_AUTO);
	hg_policy_free(&pol);

	parse_ok("[default]\nenforce_at = cgroup\n[tenant a]\nenforce_at = tenant\n"
		 "[tenant b]\nquota = 5%\n[tenant c]\nenforce_at = auto\n", &pol);
	assert_int_equal(rule_at(&pol, "a"), HG_ENF_AT_TENANT);
	assert_int_equal(rule_at(&pol, "b"), HG_ENF_AT_CGROUP);
	assert_int_equal(rule_at(&pol, "c"), HG_ENF_AT_AUTO);
	assert_int_equal(rule_at(&pol, "other"), HG_ENF_AT_CGROUP);
	out = print_policy(&pol);
	assert_non_null(strstr(out, "[default]\naction = audit\ngrace = 30\n"
				    "quota = 10%\nenforce_at = cgroup\n"));
	assert_non_null(strstr(out, "[tenant a]\n# action = audit\t(from [default])\n"
				    "# grace = 30\t(from [default])\n"
				    "# quota = 10%\t(from [default])\n"
				    "enforce_at = tenant\n"));
	assert_non_null(strstr(out, "[tenant b]\n"));
	assert_non_null(strstr(out, "# enforce_at = cgroup\t(from [default])\n"));
	free(out);
	hg_policy_free(&pol);
}

/* ---- hg_decide() ---- */

#define NOW	1795428000ULL
#define NEVER	0xdeadULL

/* grace_memory: built in 600, set per section, printed back. */
static void parse_grace_memory(void **state)
{
	struct hg_policy pol = { 0 };
	struct hg_rule r;
	char *out;

	(void)state;
	parse_ok("[default]\n[tenant a]\ngrace_memory = 0\n"
		 "[tenant b]\ngrace_memory = 86400\n", &pol);
	hg_policy_rule(&pol, "x", &r);
	assert_int_equal(r.memory, HG_POLICY_MEMORY_DEFAULT);
	hg_policy_rule(&pol, "a", &r);
	assert_int_equal(r.memory, 0);
	hg_policy_rule(&pol, "b", &r);
	assert_int_equal(r.memory, 86400);
	out = print_policy(&pol);
	assert_non_null(strstr(out, "enforce_at = auto\ngrace_memory = 600\n"));
	assert_non_null(strstr(out, "[tenant a]\n"));
	assert_non_null(strstr(out, "grace_memory = 0\n"));
	free(out);
	hg_policy_free(&pol);
}

/* The workers of a relay share one grace; other cgroups, tenants do not. */
static void grace_memory_relay(void **state)
{
	struct hg_grace_mem m = { 0 };
	size_t i;
	char cg[32];

	(void)state;
	/* The first worker starts the memory. */
	assert_int_equal(hg_grace_since(&m, "t", "/t/c", NOW, NOW, 600), NOW);
	/* The next, 8 s later: its grace counts from the first. */
	assert_int_equal(hg_grace_since(&m, "t", "/t/c", NOW + 8, NOW + 8, 600),
			 NOW);
	/* Another cgroup, another tenant: their own. */
	assert_int_equal(hg_grace_since(&m, "t", "/t/d", NOW + 9, NOW + 9, 600),
			 NOW + 9);
	assert_int_equal(hg_grace_since(&m, "u", "/t/c", NOW + 9, NOW + 9, 600),
			 NOW + 9);
	/* Seen flagged until NOW + 100: remembered 600 s from then. */
	hg_grace_touch(&m, "t", "/t/c", NOW + 100);
	assert_int_equal(hg_grace_since(&m, "t", "/t/c", NOW + 700, NOW + 700,
					600), NOW);
	/* Forgotten past the memory: a new first flag. */
	assert_int_equal(hg_grace_since(&m, "t", "/t/c", NOW + 1301,
					NOW + 1301, 600), NOW + 1301);
	/* grace_memory = 0, or no cgroup: every process on its own. */
	assert_int_equal(hg_grace_since(&m, "t", "/t/c", NOW + 1302,
					NOW + 1302, 0), NOW + 1302);
	assert_int_equal(hg_grace_since(&m, "t", "", NOW + 1302, NOW + 1302,
					600), NOW + 1302);
	/* Bounded: past HG_GRACE_MEM_MAX the oldest goes. */
	for (i = 0; i < HG_GRACE_MEM_MAX + 10; i++) {
		snprintf(cg, sizeof(cg), "/t/w%zu", i);
		hg_grace_since(&m, "t", cg, NOW + 2000 + i, NOW + 2000 + i,
			       86400);
	}
	assert_true(m.n <= HG_GRACE_MEM_MAX);
	assert_int_equal(hg_grace_since(&m, "t", "/t/w0", NOW + 9000,
					NOW + 9000, 86400), NOW + 9000);
	snprintf(cg, sizeof(cg), "/t/w%d", HG_GRACE_MEM_MAX + 9);
	assert_int_equal(hg_grace_since(&m, "t", cg, NOW + 9001, NOW + 9001,
					86400), NOW + 2000 + HG_GRACE_MEM_MAX + 9);
	hg_grace_mem_free(&m);
	assert_null(m.ent);
}

static const struct decide_case {
	const char *what;
	unsigned int action, grace;
	struct hg_view v;
	uint64_t now;
	enum hg_decision want;
	uint64_t when;		/* NEVER: *when untouched */
} decide_cases[] = {
	/* not acted yet */
	{ "normal", A_KILL, 0, { .state = HASHGUARD_STATE_NORMAL },
	  NOW, HG_DECIDE_NONE, NEVER },
	{ "suspect", A_KILL, 0, { .state = HASHGUARD_STATE_SUSPECT },
	  NOW, HG_DECIDE_NONE, NEVER },
	{ "cleared, never acted", A_KILL, 0, { .state = HASHGUARD_STATE_CLEARED },
	  NOW, HG_DECIDE_NONE, NEVER },
	{ "in grace", A_THROTTLE, 30,
	  { .state = HASHGUARD_STATE_FLAGGED, .since = NOW - 10 },
	  NOW, HG_DECIDE_WAIT, NOW + 20 },
	{ "one second left", A_THROTTLE, 30,
	  { .state = HASHGUARD_STATE_FLAGGED, .since = NOW - 29 },
	  NOW, HG_DECIDE_WAIT, NOW + 1 },
	{ "grace ends now", A_THROTTLE, 30,
	  { .state = HASHGUARD_STATE_FLAGGED, .since = NOW - 30 },
	  NOW, HG_DECIDE_ACT, NEVER },
	{ "grace long over", A_FREEZE, 30,
	  { .state = HASHGUARD_STATE_FLAGGED, .since = NOW - 3600 },
	  NOW, HG_DECIDE_ACT, NEVER },
	{ "no grace", A_KILL, 0,
	  { .state = HASHGUARD_STATE_FLAGGED, .since = NOW },
	  NOW, HG_DECIDE_ACT, NEVER },
	{ "audit acts too (records)", A_AUDIT, 5,
	  { .state = HASHGUARD_STATE_FLAGGED, .since = NOW - 5 },
	  NOW, HG_DECIDE_ACT, NEVER },
	{ "covered", A_KILL, 0,
	  { .state = HASHGUARD_STATE_FLAGGED, .covered = true, .since = 1 },
	  NOW, HG_DECIDE_NONE, NEVER },
	{ "gone", A_KILL, 0,
	  { .state = HASHGUARD_STATE_FLAGGED, .gone = true, .since = 1 },
	  NOW, HG_DECIDE_NONE, NEVER },
	/* acted: gone or covered */
	{ "throttled, gone", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_THROTTLE, .gone = true,
	    .state = HASHGUARD_STATE_FLAGGED },
	  NOW, HG_DECIDE_LIFT, NEVER },
	{ "killed, gone", A_KILL, 0,
	  { .acted = true, .enforced = A_KILL, .gone = true,
	    .state = HASHGUARD_STATE_FLAGGED },
	  NOW, HG_DECIDE_NONE, NEVER },
	{ "audited, gone", A_AUDIT, 0,
	  { .acted = true, .enforced = A_AUDIT, .gone = true },
	  NOW, HG_DECIDE_NONE, NEVER },
	{ "frozen, now covered", A_FREEZE, 0,
	  { .acted = true, .enforced = A_FREEZE, .covered = true,
	    .state = HASHGUARD_STATE_FLAGGED },
	  NOW, HG_DECIDE_LIFT, NEVER },
	{ "idled, now covered, rule changed", A_KILL, 0,
	  { .acted = true, .enforced = A_IDLE, .covered = true,
	    .state = HASHGUARD_STATE_FLAGGED },
	  NOW, HG_DECIDE_LIFT, NEVER },
	{ "kill sent, covered", A_KILL, 0,
	  { .acted = true, .enforced = A_KILL, .covered = true,
	    .state = HASHGUARD_STATE_FLAGGED },
	  NOW, HG_DECIDE_NONE, NEVER },
	{ "audited, covered, rule now kill", A_KILL, 0,
	  { .acted = true, .enforced = A_AUDIT, .covered = true,
	    .state = HASHGUARD_STATE_FLAGGED },
	  NOW, HG_DECIDE_NONE, NEVER },
	/* acted: the rule changed */
	{ "throttled, rule now kill", A_KILL, 30,
	  { .acted = true, .enforced = A_THROTTLE,
	    .state = HASHGUARD_STATE_FLAGGED, .since = NOW },
	  NOW, HG_DECIDE_LIFT, NEVER },
	{ "frozen, rule now audit", A_AUDIT, 0,
	  { .acted = true, .enforced = A_FREEZE,
	    .state = HASHGUARD_STATE_FLAGGED },
	  NOW, HG_DECIDE_LIFT, NEVER },
	{ "audited, rule now throttle: upgrade, no new grace", A_THROTTLE, 300,
	  { .acted = true, .enforced = A_AUDIT,
	    .state = HASHGUARD_STATE_FLAGGED, .since = NOW },
	  NOW, HG_DECIDE_ACT, NEVER },
	{ "audited, rule now kill, cleared", A_KILL, 0,
	  { .acted = true, .enforced = A_AUDIT,
	    .state = HASHGUARD_STATE_CLEARED },
	  NOW, HG_DECIDE_NONE, NEVER },
	{ "killed, rule now throttle", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_KILL,
	    .state = HASHGUARD_STATE_FLAGGED },
	  NOW, HG_DECIDE_NONE, NEVER },
	/* acted: same rule */
	{ "throttled, still flagged", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_THROTTLE,
	    .state = HASHGUARD_STATE_FLAGGED },
	  NOW, HG_DECIDE_NONE, NEVER },
	{ "idled, suspect", A_IDLE, 0,
	  { .acted = true, .enforced = A_IDLE,
	    .state = HASHGUARD_STATE_SUSPECT, .samples = 1000 },
	  NOW, HG_DECIDE_NONE, NEVER },
	{ "throttled, cleared, starved", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_THROTTLE,
	    .state = HASHGUARD_STATE_CLEARED, .samples_at = 100,
	    .samples = 100 + 4 * 3 - 1, .min_samples = 4, .clear_windows = 3 },
	  NOW, HG_DECIDE_KEEP, NEVER },
	{ "throttled, cleared with enough samples", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_THROTTLE,
	    .state = HASHGUARD_STATE_CLEARED, .samples_at = 100,
	    .samples = 100 + 4 * 3, .min_samples = 4, .clear_windows = 3 },
	  NOW, HG_DECIDE_LIFT, NEVER },
	{ "throttled, cleared, last window hot on too few samples", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_THROTTLE,
	    .state = HASHGUARD_STATE_CLEARED, .samples_at = 100,
	    .samples = 5000, .min_samples = 20, .clear_windows = 5,
	    .clear_threshold = 200, .win_score = 1000, .win_samples = 9 },
	  NOW, HG_DECIDE_KEEP, NEVER },
	{ "throttled, cleared, last window warm on too few samples", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_THROTTLE,
	    .state = HASHGUARD_STATE_CLEARED, .samples_at = 100,
	    .samples = 5000, .min_samples = 20, .clear_windows = 5,
	    .clear_threshold = 200, .win_score = 200, .win_samples = 19 },
	  NOW, HG_DECIDE_KEEP, NEVER },
	{ "throttled, cleared, last window cold on too few samples", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_THROTTLE,
	    .state = HASHGUARD_STATE_CLEARED, .samples_at = 100,
	    .samples = 5000, .min_samples = 20, .clear_windows = 5,
	    .clear_threshold = 200, .win_score = 199, .win_samples = 9 },
	  NOW, HG_DECIDE_LIFT, NEVER },
	{ "throttled, cleared, last window hot on enough samples", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_THROTTLE,
	    .state = HASHGUARD_STATE_CLEARED, .samples_at = 100,
	    .samples = 5000, .min_samples = 20, .clear_windows = 5,
	    .clear_threshold = 200, .win_score = 1000, .win_samples = 20 },
	  NOW, HG_DECIDE_LIFT, NEVER },
	{ "idled, normal, asleep (no samples, score 0)", A_IDLE, 0,
	  { .acted = true, .enforced = A_IDLE,
	    .state = HASHGUARD_STATE_NORMAL, .samples_at = 100,
	    .samples = 5000, .min_samples = 20, .clear_windows = 5,
	    .clear_threshold = 200, .win_score = 0, .win_samples = 0 },
	  NOW, HG_DECIDE_LIFT, NEVER },
	{ "frozen, normal, no samples at all", A_FREEZE, 0,
	  { .acted = true, .enforced = A_FREEZE,
	    .state = HASHGUARD_STATE_NORMAL, .samples_at = 50, .samples = 50,
	    .min_samples = 1, .clear_windows = 1 },
	  NOW, HG_DECIDE_KEEP, NEVER },
	{ "frozen, cleared with samples: kept all the same", A_FREEZE, 0,
	  { .acted = true, .enforced = A_FREEZE,
	    .state = HASHGUARD_STATE_CLEARED, .samples_at = 50,
	    .samples = 5000, .min_samples = 4, .clear_windows = 3 },
	  NOW, HG_DECIDE_KEEP, NEVER },
	{ "idled, normal, samples", A_IDLE, 0,
	  { .acted = true, .enforced = A_IDLE,
	    .state = HASHGUARD_STATE_NORMAL, .samples_at = 50, .samples = 500,
	    .min_samples = 10, .clear_windows = 3 },
	  NOW, HG_DECIDE_LIFT, NEVER },
	{ "cleared, counter went back: starved", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_THROTTLE,
	    .state = HASHGUARD_STATE_CLEARED, .samples_at = 1000,
	    .samples = 5, .min_samples = 1, .clear_windows = 1 },
	  NOW, HG_DECIDE_KEEP, NEVER },
	{ "cleared, min_samples * clear_windows beyond 32 bits", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_THROTTLE,
	    .state = HASHGUARD_STATE_CLEARED, .samples_at = 0,
	    .samples = 5000000000ULL, .min_samples = 100000,
	    .clear_windows = 100000 },
	  NOW, HG_DECIDE_KEEP, NEVER },
	{ "cleared, no minimum", A_THROTTLE, 0,
	  { .acted = true, .enforced = A_THROTTLE,
	    .state = HASHGUARD_STATE_CLEARED, .samples_at = 7, .samples = 7 },
	  NOW, HG_DECIDE_LIFT, NEVER },
	{ "killed, cleared", A_KILL, 0,
	  { .acted = true, .enforced = A_KILL,
	    .state = HASHGUARD_STATE_CLEARED, .samples = 1000 },
	  NOW, HG_DECIDE_NONE, NEVER },
	{ "audited, cleared", A_AUDIT, 0,
	  { .acted = true, .enforced = A_AUDIT,
	    .state = HASHGUARD_STATE_CLEARED, .samples = 1000 },
	  NOW, HG_DECIDE_NONE, NEVER },
};

static void decide_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(decide_cases) / sizeof(decide_cases[0]); i++) {
		const struct decide_case *c = &decide_cases[i];
		struct hg_rule r = { .action = c->action, .grace = c->grace,
				     .quota = 10, .set = 7 };
		uint64_t when = NEVER;
		enum hg_decision d = hg_decide(&r, &c->v, c->now, &when);

		if (d != c->want || when != c->when)
			fail_msg("%s: %s when %llu, want %s when %llu", c->what,
				 hg_decision_name(d),
				 (unsigned long long)when,
				 hg_decision_name(c->want),
				 (unsigned long long)c->when);
		/* @when may be NULL */
		assert_int_equal(hg_decide(&r, &c->v, c->now, NULL), c->want);
	}
}

static void decide_rule_change_sequence(void **state)
{
	struct hg_rule r = { .action = A_KILL, .grace = 30 };
	struct hg_view v = {
		.state = HASHGUARD_STATE_FLAGGED, .since = NOW - 100,
		.acted = true, .enforced = A_THROTTLE,
	};
	uint64_t when = NEVER;

	(void)state;
	/* throttled, the rule now says kill: lift, then decide again */
	assert_int_equal(hg_decide(&r, &v, NOW, &when), HG_DECIDE_LIFT);
	v.acted = false;
	v.enforced = 0;
	assert_int_equal(hg_decide(&r, &v, NOW, &when), HG_DECIDE_ACT);
	assert_int_equal(when, NEVER);
	/* had the grace not been served, it would wait */
	v.since = NOW - 10;
	assert_int_equal(hg_decide(&r, &v, NOW, &when), HG_DECIDE_WAIT);
	assert_int_equal(when, NOW + 20);
}

static void decision_names_and_liftable(void **state)
{
	(void)state;
	assert_string_equal(hg_decision_name(HG_DECIDE_NONE), "none");
	assert_string_equal(hg_decision_name(HG_DECIDE_WAIT), "wait");
	assert_string_equal(hg_decision_name(HG_DECIDE_ACT), "act");
	assert_string_equal(hg_decision_name(HG_DECIDE_LIFT), "lift");
	assert_string_equal(hg_decision_name(HG_DECIDE_KEEP), "keep");
	assert_string_equal(hg_decision_name((enum hg_decision)99), "?");

	assert_false(hg_action_liftable(HASHGUARD_ACTION_UNSPEC));
	assert_false(hg_action_liftable(A_AUDIT));
	assert_true(hg_action_liftable(A_THROTTLE));
	assert_true(hg_action_liftable(A_IDLE));
	assert_true(hg_action_liftable(A_FREEZE));
	assert_false(hg_action_liftable(A_KILL));
	assert_false(hg_action_liftable(HASHGUARD_ACTION_RESTORE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_empty_is_builtin),
		cmocka_unit_test(parse_inheritance),
		cmocka_unit_test(parse_host_default),
		cmocka_unit_test(parse_value_forms),
		cmocka_unit_test(parse_long_comment_ok),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test(parse_line_too_long),
		cmocka_unit_test(parse_error_leaves_policy),
		cmocka_unit_test(load_files),
		cmocka_unit_test(example_file_parses),
		cmocka_unit_test(print_round_trips),
		cmocka_unit_test(print_shows_resolved),
		cmocka_unit_test(parse_enforce_at),
		cmocka_unit_test(parse_grace_memory),
		cmocka_unit_test(grace_memory_relay),
		cmocka_unit_test(decide_table),
		cmocka_unit_test(decide_rule_change_sequence),
		cmocka_unit_test(decision_names_and_liftable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
