// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hashguardd's Prometheus metrics (agent/metrics.c): the
 * text of made-up snapshots (every series, HELP and TYPE once per family
 * before its samples, label escaping, seconds from nanoseconds, no pid,
 * comm or exe label), the text checked by Prometheus's own promtool, the
 * counters fed by ledger records, and the atomic write of the file.
 */

#include <errno.h>
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

#include "metrics.h"

static struct hg_metrics_tenant test_tenants[] = {
	{ .name = "acme", .processes = 3, .cgroups = 2,
	  .approvals = { 1, 4 },
	  .enforced = { [HASHGUARD_ACTION_THROTTLE] = 2,
			[HASHGUARD_ACTION_FREEZE] = 1 } },
	{ .name = "host" },
};

static const struct hg_metrics_action test_actions[] = {
	{ "acme", "throttle", "verified", 5 },
	{ "acme", "kill", "failed", 1 },
};

static void fill(struct hg_metrics_snapshot *s, bool up)
{
	memset(s, 0, sizeof(*s));
	s->tenants = test_tenants;
	s->ntenants = 2;
	s->actions = test_actions;
	s->nactions = 2;
	s->records[HG_MREC_ACTION] = 6;
	s->records[HG_MREC_AGENT] = 1;
	s->ledger_bytes = 65536;
	s->start_time = 1795428000;
	s->stats.events = 17;
	s->stats.resyncs = 2;
	s->stats.lifts = 1;
	s->module_up = up;
	if (!up)
		return;
	snprintf(s->status.version, sizeof(s->status.version), "0.9.0");
	s->status.genl_version = 1;
	s->status.load_time = 1795427000;
	s->status.counters[HASHGUARD_COUNTER_SAMPLES] = 123456;
	s->status.counters[HASHGUARD_COUNTER_SAMPLER_NS] = 1500000000;
	s->status.counters[HASHGUARD_COUNTER_TASKS] = 42;
	s->status.counters[HASHGUARD_COUNTER_PENDING_DROPPED] = 7;
	s->status.have = (1ULL << HASHGUARD_COUNTER_SAMPLES) |
			 (1ULL << HASHGUARD_COUNTER_SAMPLER_NS) |
			 (1ULL << HASHGUARD_COUNTER_TASKS) |
			 (1ULL << HASHGUARD_COUNTER_PENDING_DROPPED);
}

/* The text of @s, malloc()ed. */
static char *format(const struct hg_metrics_snapshot *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(hg_metrics_format(f, s), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return true;
		p++;
	}
	return false;
}

#define assert_line(text, line) do {					\
	if (!has_line(text, line))					\
		fail_msg("no line '%s' in:\n%s", line, text);		\
} while (0)

static void format_series(void **state)
{
	struct hg_metrics_snapshot s;
	char *text;

	(void)state;
	fill(&s, true);
	text = format(&s);
	assert_line(text, "# TYPE hashguard_flagged_processes gauge");
	assert_line(text, "hashguard_flagged_processes{tenant=\"acme\"} 3");
	assert_line(text, "hashguard_flagged_processes{tenant=\"host\"} 0");
	assert_line(text, "hashguard_flagged_cgroups{tenant=\"acme\"} 2");
	assert_line(text, "hashguard_approvals{tenant=\"acme\",state=\"pending\"} 1");
	assert_line(text, "hashguard_approvals{tenant=\"acme\",state=\"active\"} 4");
	assert_line(text, "hashguard_approvals{tenant=\"host\",state=\"active\"} 0");
	assert_line(text, "hashguard_enforcements{tenant=\"acme\",kind=\"throttle\"} 2");
	assert_line(text, "hashguard_enforcements{tenant=\"acme\",kind=\"freeze\"} 1");
	assert_line(text, "hashguard_enforcements{tenant=\"acme\",kind=\"idle\"} 0");
	assert_line(text, "hashguard_enforcements{tenant=\"acme\",kind=\"kill\"} 0");
	assert_line(text, "# TYPE hashguard_actions_total counter");
	assert_line(text, "hashguard_actions_total{tenant=\"acme\",kind=\"throttle\",outcome=\"verified\"} 5");
	assert_line(text, "hashguard_actions_total{tenant=\"acme\",kind=\"kill\",outcome=\"failed\"} 1");
	assert_line(text, "# TYPE hashguard_tamper_events_total counter");
	assert_line(text, "hashguard_tamper_events_total 0");
	assert_line(text, "hashguard_ledger_records_total{record=\"action\"} 6");
	assert_line(text, "hashguard_ledger_records_total{record=\"detection\"} 0");
	assert_line(text, "hashguard_ledger_bytes 65536");
	assert_line(text, "hashguard_agent_start_time_seconds 1795428000");
	assert_line(text, "hashguard_agent_notifications_total 17");
	assert_line(text, "hashguard_agent_resyncs_total 2");
	assert_line(text, "hashguard_agent_lifts_total 1");
	assert_line(text, "hashguard_module_up 1");
	assert_line(text, "hashguard_module_info{version=\"0.9.0\",genl_version=\"1\"} 1");
	assert_line(text, "hashguard_module_load_time_seconds 1795427000");
	assert_line(text, "# TYPE hashguard_module_samples_total counter");
	assert_line(text, "hashguard_module_samples_total 123456");
	assert_line(text, "# TYPE hashguard_module_sampler_seconds_total counter");
	assert_line(text, "hashguard_module_sampler_seconds_total 1.500000000");
	assert_line(text, "# TYPE hashguard_module_tasks gauge");
	assert_line(text, "hashguard_module_tasks 42");
	assert_line(text, "hashguard_module_pending_dropped_total 7");
	/* Counters the module did not send are left out, not shown as 0. */
	assert_null(strstr(text, "hashguard_module_windows_total"));
	assert_null(strstr(text, "hashguard_module_detect_seconds_total"));
	free(text);
}

/*
 * Every sample's family has exactly one HELP and one TYPE line, both
 * before its first sample; no label is pid, comm or exe.
 */
static void format_families(void **state)
{
	struct hg_metrics_snapshot s;
	char *text, *line, *save = NULL, fam[128];
	char seen_help[64][128], seen_type[64][128];
	size_t nhelp = 0, ntype = 0, i, nsamples = 0;

	(void)state;
	fill(&s, true);
	text = format(&s);
	assert_null(strstr(text, "pid="));
	assert_null(strstr(text, "comm="));
	assert_null(strstr(text, "exe="));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "# HELP ", 7) || !strncmp(line, "# TYPE ", 7)) {
			bool help = line[2] == 'H';

			assert_int_equal(sscanf(line + 7, "%127s", fam), 1);
			for (i = 0; i < (help ? nhelp : ntype); i++)
				if (!strcmp(help ? seen_help[i] : seen_type[i], fam))
					fail_msg("second %s line for %s",
						 help ? "HELP" : "TYPE", fam);
			assert_true(help ? nhelp < 64 : ntype < 64);
			strcpy(help ? seen_help[nhelp++] : seen_type[ntype++], fam);
			continue;
		}
		assert_int_equal(sscanf(line, "%127[^{ ]", fam), 1);
		assert_int_equal(strncmp(fam, "hashguard_", 10), 0);
		for (i = 0; i < ntype; i++)
			if (!strcmp(seen_type[i], fam))
				break;
		if (i == ntype)
			fail_msg("sample of %s before its TYPE line", fam);
		for (i = 0; i < nhelp; i++)
			if (!strcmp(seen_help[i], fam))
				break;
		if (i == nhelp)
			fail_msg("sample of %s before its HELP line", fam);
		nsamples++;
	}
	assert_int_equal(nhelp, ntype);
	assert_true(nsamples > 30);
	free(text);
}

static void format_module_down(void **state)
{
	struct hg_metrics_snapshot s;
	char *text;

	(void)state;
	fill(&s, false);
	text = format(&s);
	assert_line(text, "hashguard_module_up 0");
	assert_null(strstr(text, "hashguard_module_samples_total"));
	assert_null(strstr(text, "hashguard_module_info"));
	/* The agent's own series stay. */
	assert_line(text, "hashguard_flagged_processes{tenant=\"acme\"} 3");
	free(text);
}

static void format_escapes(void **state)
{
	struct hg_metrics_tenant odd = { .name = "a\"b\\c\nd" };
	struct hg_metrics_snapshot s;
	char *text;

	(void)state;
	fill(&s, false);
	s.tenants = &odd;
	s.ntenants = 1;
	s.nactions = 0;
	text = format(&s);
	assert_line(text, "hashguard_flagged_processes{tenant=\"a\\\"b\\\\c\\nd\"} 0");
	/* A family without samples keeps its HELP and TYPE. */
	assert_line(text, "# TYPE hashguard_actions_total counter");
	assert_null(strstr(text, "hashguard_actions_total{"));
	free(text);
}

/* Prometheus's own linter (promtool, Debian's prometheus) takes the text. */
static void format_promtool(void **state)
{
	struct hg_metrics_snapshot s;
	char *text, cmd[256], path[] = "/tmp/hg-metrics-test-XXXXXX";
	FILE *f;
	int fd, rc;

	(void)state;
	if (system("command -v promtool > /dev/null 2>&1"))
		fail_msg("promtool not found: install prometheus (tests/deps.sh)");
	fill(&s, true);
	text = format(&s);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "promtool check metrics < %s", path);
	rc = system(cmd);
	unlink(path);
	free(text);
	assert_true(WIFEXITED(rc));
	assert_int_equal(WEXITSTATUS(rc), 0);
}

static void feed(struct hg_metrics *m, const char *json)
{
	json_t *o = json_loads(json, 0, NULL);

	assert_non_null(o);
	hg_metrics_record(m, o);
	json_decref(o);
}

static void record_counting(void **state)
{
	struct hg_metrics m;
	char buf[256];
	int i;

	(void)state;
	hg_metrics_init(&m, NULL, NULL, 0);
	assert_int_equal(m.interval_ms, HG_METRICS_INTERVAL_S * 1000);
	feed(&m, "{\"record\":\"agent\",\"event\":\"start\"}");
	feed(&m, "{\"record\":\"action\",\"tenant\":\"acme\",\"pid\":7,\"action\":\"throttle\",\"outcome\":\"verified\"}");
	feed(&m, "{\"record\":\"action\",\"tenant\":\"acme\",\"pid\":8,\"action\":\"throttle\",\"outcome\":\"verified\"}");
	feed(&m, "{\"record\":\"action\",\"tenant\":\"acme\",\"action\":\"throttle\",\"outcome\":\"failed\"}");
	feed(&m, "{\"record\":\"action\",\"tenant\":\"beta\",\"action\":\"kill\",\"outcome\":\"verified\"}");
	feed(&m, "{\"record\":\"detection\",\"tenant\":\"acme\",\"event\":\"flagged\"}");
	feed(&m, "{\"record\":\"nonsense\"}");
	feed(&m, "{\"no\":\"record\"}");
	assert_int_equal(m.records[HG_MREC_AGENT], 1);
	assert_int_equal(m.records[HG_MREC_ACTION], 4);
	assert_int_equal(m.records[HG_MREC_DETECTION], 1);
	assert_int_equal(m.records[HG_MREC_APPROVAL], 0);
	assert_int_equal(m.nactions, 3);
	assert_string_equal(m.actions[0].tenant, "acme");
	assert_string_equal(m.actions[0].kind, "throttle");
	assert_string_equal(m.actions[0].outcome, "verified");
	assert_int_equal(m.actions[0].n, 2);
	assert_string_equal(m.actions[1].outcome, "failed");
	assert_int_equal(m.actions[1].n, 1);
	assert_string_equal(m.actions[2].tenant, "beta");
	assert_string_equal(m.actions[2].kind, "kill");
	/* Bounded: past the limit new combinations are not kept. */
	for (i = 0; i < HG_METRICS_MAX_ACTIONS + 10; i++) {
		snprintf(buf, sizeof(buf),
			 "{\"record\":\"action\",\"tenant\":\"t%d\",\"action\":\"audit\",\"outcome\":\"verified\"}",
			 i);
		feed(&m, buf);
	}
	assert_int_equal(m.nactions, HG_METRICS_MAX_ACTIONS);
	assert_int_equal(m.records[HG_MREC_ACTION], 4 + HG_METRICS_MAX_ACTIONS + 10);
	/* Tampering is counted from the tamper records, even past the limit. */
	assert_int_equal(m.tamper, 0);
	feed(&m, "{\"record\":\"action\",\"tenant\":\"acme\",\"action\":\"tamper\",\"outcome\":\"verified\"}");
	feed(&m, "{\"record\":\"action\",\"tenant\":\"zz\",\"action\":\"tamper\",\"outcome\":\"verified\"}");
	feed(&m, "{\"record\":\"detection\",\"action\":\"tamper\"}");
	assert_int_equal(m.tamper, 2);
	hg_metrics_fini(&m);
	assert_null(m.actions);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 4096);

	assert_non_null(f);
	assert_non_null(buf);
	assert_true(fread(buf, 1, 4095, f) > 0 || feof(f));
	fclose(f);
	return buf;
}

static void write_file_atomic(void **state)
{
	char dir[] = "/tmp/hg-metrics-test-XXXXXX", path[128], bad[160];
	struct stat sb;
	mode_t old;
	char *got;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/hashguard.prom", dir);
	old = umask(077);
	assert_int_equal(hg_metrics_write_file(path, "a 1\n", 4), 0);
	umask(old);
	assert_int_equal(stat(path, &sb), 0);
	/* node_exporter runs as another user: readable whatever the umask. */
	assert_int_equal(sb.st_mode & 0777, 0644);
	got = slurp(path);
	assert_string_equal(got, "a 1\n");
	free(got);
	assert_int_equal(hg_metrics_write_file(path, "b 2\n", 4), 0);
	got = slurp(path);
	assert_string_equal(got, "b 2\n");
	free(got);
	/* No temporary file is left beside it. */
	snprintf(bad, sizeof(bad), "%s/.hashguard.prom.tmp", dir);
	assert_int_not_equal(access(bad, F_OK), 0);
	/* A missing directory: an error, nothing else changes. */
	snprintf(bad, sizeof(bad), "%s/missing/hashguard.prom", dir);
	assert_int_equal(hg_metrics_write_file(bad, "c 3\n", 4), -ENOENT);
	got = slurp(path);
	assert_string_equal(got, "b 2\n");
	free(got);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_series),
		cmocka_unit_test(format_families),
		cmocka_unit_test(format_module_down),
		cmocka_unit_test(format_escapes),
		cmocka_unit_test(format_promtool),
		cmocka_unit_test(record_counting),
		cmocka_unit_test(write_file_atomic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
