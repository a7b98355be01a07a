// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hashguardctl's own logic: the command line, and the
 * status as JSON and as a table.  Nothing here talks to the kernel: the
 * command-line cases all fail before a socket would be opened.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl.h"
#include "cli_capture.h"

static struct hgl_status sample_status(void)
{
	struct hgl_status st = {
		.version = "0.1.0",
		.genl_version = 1,
		.uptime_ns = 3723ULL * 1000000000ULL + 5,
		.load_time = 1795000000,
	};

	st.counters[HASHGUARD_COUNTER_AUDIT_LINES] = 2;
	st.counters[HASHGUARD_COUNTER_NL_REQUESTS] = 7;
	st.counters[40] = 9;	/* a counter from a newer module */
	st.have = 1ULL << HASHGUARD_COUNTER_AUDIT_LINES |
		  1ULL << HASHGUARD_COUNTER_NL_REQUESTS | 1ULL << 40;
	return st;
}

static void status_json_fields(void **state)
{
	struct hgl_status st = sample_status();
	json_t *o = status_to_json(&st);
	json_t *c;

	(void)state;
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "version")),
			    "0.1.0");
	assert_int_equal(json_integer_value(json_object_get(o, "genl_version")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "uptime_s")), 3723);
	assert_int_equal(json_integer_value(json_object_get(o, "uptime_ns")),
			 3723000000005LL);
	assert_int_equal(json_integer_value(json_object_get(o, "load_time")),
			 1795000000);
	c = json_object_get(o, "counters");
	assert_true(json_is_object(c));
	assert_int_equal(json_object_size(c), 3);
	assert_int_equal(json_integer_value(json_object_get(c, "audit_lines")), 2);
	assert_int_equal(json_integer_value(json_object_get(c, "netlink_requests")), 7);
	assert_int_equal(json_integer_value(json_object_get(c, "counter_40")), 9);
	/* Not sent by the module: not shown as zero. */
	assert_null(json_object_get(c, "audit_suppressed"));
	json_decref(o);
}

static void status_json_escapes_version(void **state)
{
	struct hgl_status st = sample_status();
	json_t *o;
	char *s;

	(void)state;
	strcpy(st.version, "1\"\n\\");
	o = status_to_json(&st);
	assert_non_null(o);
	s = json_dumps(o, JSON_COMPACT);
	assert_non_null(strstr(s, "\"version\":\"1\\\"\\n\\\\\""));
	free(s);
	json_decref(o);
}

static void status_table(void **state)
{
	struct hgl_status st = sample_status();
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	status_print(f, &st);
	fclose(f);
	assert_non_null(strstr(text, "hashguard 0.1.0 (netlink family hashguard, version 1)\n"));
	assert_non_null(strstr(text, "  uptime:  1h 2m 3s\n"));
	assert_non_null(strstr(text, "  loaded:  2026-11-18 "));
	assert_non_null(strstr(text, "    audit_lines              2\n"));
	assert_non_null(strstr(text, "    counter_40               9\n"));
	assert_null(strstr(text, "audit_suppressed"));
	free(text);
}

static void cli_usage_errors(void **state)
{
	char err[1024];

	(void)state;
	assert_int_equal(run_cli(err, sizeof(err), 1, "hashguardctl"), CTL_USAGE);
	assert_non_null(strstr(err, "hashguardctl: no command given"));

	assert_int_equal(run_cli(err, sizeof(err), 2, "hashguardctl", "frobnicate"),
			 CTL_USAGE);
	assert_non_null(strstr(err, "unknown command 'frobnicate'"));

	assert_int_equal(run_cli(err, sizeof(err), 3, "hashguardctl", "--bogus",
				 "status"), CTL_USAGE);
	assert_non_null(strstr(err, "unknown option '--bogus'"));

	assert_int_equal(run_cli(err, sizeof(err), 3, "hashguardctl", "status",
				 "extra"), CTL_USAGE);
	assert_non_null(strstr(err, "status: unexpected argument 'extra'"));
	assert_non_null(strstr(err, "usage: hashguardctl [--json] status"));

	/* --json belongs before the command, not after it. */
	assert_int_equal(run_cli(err, sizeof(err), 3, "hashguardctl", "status",
				 "--json"), CTL_USAGE);
}

static void cli_lookup(void **state)
{
	(void)state;
	assert_non_null(ctl_find("status"));
	assert_non_null(ctl_find("inspect"));
	assert_null(ctl_find("stat"));
	assert_null(ctl_find(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_json_fields),
		cmocka_unit_test(status_json_escapes_version),
		cmocka_unit_test(status_table),
		cmocka_unit_test(cli_usage_errors),
		cmocka_unit_test(cli_lookup),
	};

	return cmocka_run_group_tests_name("ctl", tests, NULL, NULL);
}
