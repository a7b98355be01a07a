// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl tasks [--tenant NAME] [--flagged], and the task rendering
 * that monitor shares.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

/*
 * An option of a subcommand: "--NAME", "--NAME VALUE" or "--NAME=VALUE".
 * Return: 1 and *val set (NULL for a flag) if argv[*i] is it, 0 if not,
 * -1 if its value is missing (reported).
 */
static int opt_match(const char *cmd, int argc, char **argv, int *i,
		     const char *name, bool has_val, const char **val)
{
	const char *a = argv[*i];
	size_t len = strlen(name);

	if (strncmp(a, name, len) || (a[len] && a[len] != '='))
		return 0;
	*val = NULL;
	if (!has_val) {
		if (a[len] == '=') {
			ctl_usage_err(cmd, "%s takes no value", name);
			return -1;
		}
		return 1;
	}
	if (a[len] == '=') {
		*val = a + len + 1;
	} else if (*i + 1 < argc) {
		*val = argv[++*i];
	} else {
		ctl_usage_err(cmd, "%s needs a value", name);
		return -1;
	}
	return 1;
}

/**
 * tasks_parse() - the arguments of "tasks"
 * @argc: arguments, "tasks" first
 * @argv: arguments
 * @o: the options
 *
 * Return: CTL_OK, or CTL_USAGE (reported).
 */
int tasks_parse(int argc, char **argv, struct tasks_opts *o)
{
	int i, r;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		const char *val;

		r = opt_match("tasks", argc, argv, &i, "--tenant", true, &val);
		if (r < 0)
			return CTL_USAGE;
		if (r) {
			if (o->tenant)
				return ctl_usage_err("tasks",
						     "--tenant given twice");
			if (!hg_tenant_name_valid(val))
				return ctl_usage_err("tasks",
						     "invalid tenant name '%s'",
						     val);
			o->tenant = val;
			continue;
		}
		r = opt_match("tasks", argc, argv, &i, "--flagged", false, &val);
		if (r < 0)
			return CTL_USAGE;
		if (r) {
			o->flagged = true;
			continue;
		}
		if (argv[i][0] == '-')
			return ctl_usage_err("tasks", "unknown option '%s'",
					     argv[i]);
		return ctl_usage_err("tasks", "unexpected argument '%s'",
				     argv[i]);
	}
	return CTL_OK;
}

/**
 * monitor_parse() - the arguments of "monitor"
 * @argc: arguments, "monitor" first
 * @argv: arguments
 * @o: the options
 *
 * Return: CTL_OK, or CTL_USAGE (reported).
 */
int monitor_parse(int argc, char **argv, struct monitor_opts *o)
{
	int i, r;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		const char *val;
		uint32_t n;

		r = opt_match("monitor", argc, argv, &i, "--count", true, &val);
		if (r < 0)
			return CTL_USAGE;
		if (r) {
			if (ctl_parse_u32(val, &n) || !n)
				return ctl_usage_err("monitor",
						     "--count: '%s' is not a positive decimal number",
						     val);
			o->count = n;
			continue;
		}
		if (argv[i][0] == '-')
			return ctl_usage_err("monitor", "unknown option '%s'",
					     argv[i]);
		return ctl_usage_err("monitor", "unexpected argument '%s'",
				     argv[i]);
	}
	return CTL_OK;
}

static int json_set(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v);
}

/**
 * task_to_json() - a process as a JSON object
 * @t: the process
 *
 * Fields: tgid, pid, comm, tenant (name), tenant_id, state (name),
 * score, threads, samples, start_time, flagged_time (0: never) and
 * features (name to value, only those the module sent; newer ones as
 * feature_N).
 *
 * Return: a new object, or NULL when out of memory.
 */
json_t *task_to_json(const struct hg_task *t)
{
	const char *state = hg_state_name(t->state);
	json_t *o, *feat;
	char other[32];
	unsigned int i;

	feat = json_object();
	if (!feat)
		return NULL;
	for (i = 1; i < HG_FEATURES_MAX; i++) {
		const char *name = hg_feature_name(i);

		if (!(t->features_have & (1U << i)))
			continue;
		if (!name) {
			snprintf(other, sizeof(other), "feature_%u", i);
			name = other;
		}
		if (json_set(feat, name, json_integer(t->features[i]))) {
			json_decref(feat);
			return NULL;
		}
	}
	if (!state) {
		snprintf(other, sizeof(other), "state_%" PRIu32, t->state);
		state = other;
	}
	o = json_pack("{s:I, s:I, s:o, s:s, s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:o}",
		      "tgid", (json_int_t)t->tgid,
		      "pid", (json_int_t)t->pid,
		      "comm", ctl_json_str(t->comm),
		      "tenant", t->tenant,
		      "tenant_id", (json_int_t)t->tenant_id,
		      "state", state,
		      "score", (json_int_t)t->score,
		      "threads", (json_int_t)t->threads,
		      "samples", (json_int_t)t->samples,
		      "start_time", (json_int_t)t->start_time,
		      "flagged_time", (json_int_t)t->flagged_time,
		      "features", feat);
	return o;
}

/* A per-mille feature as a percentage with one decimal, "-" if not sent. */
static void put_permille(FILE *f, const struct hg_task *t, unsigned int feat,
			 int width)
{
	char buf[32];

	if (t->features_have & (1U << feat))
		snprintf(buf, sizeof(buf), "%" PRIu32 ".%" PRIu32,
			 t->features[feat] / 10, t->features[feat] % 10);
	else
		snprintf(buf, sizeof(buf), "-");
	fprintf(f, "%*s", width, buf);
}

static const char *task_state(const struct hg_task *t)
{
	const char *s = hg_state_name(t->state);

	return s ? s : "?";
}

/**
 * tasks_print() - processes as a table
 * @f: where
 * @t: the processes
 * @n: how many
 *
 * Columns TGID PID COMM TENANT STATE SCORE THREADS CPU% and, as
 * percentages of the decoded instructions, CRYPTO% ROT% ALU% SIMD%
 * (the crypto, rotate, hash_alu and hash_simd features).
 */
void tasks_print(FILE *f, const struct hg_task *t, size_t n)
{
	int wten = 6;
	size_t i;

	for (i = 0; i < n; i++) {
		int l = (int)strlen(t[i].tenant);

		if (l > wten)
			wten = l;
	}
	fprintf(f, "%7s %7s %-16s %-*s %-7s %5s %7s %6s %7s %6s %6s %6s\n",
		"TGID", "PID", "COMM", wten, "TENANT", "STATE", "SCORE",
		"THREADS", "CPU%", "CRYPTO%", "ROT%", "ALU%", "SIMD%");
	for (i = 0; i < n; i++) {
		fprintf(f, "%7" PRIu32 " %7" PRIu32 " ", t[i].tgid, t[i].pid);
		ctl_put_safe(f, t[i].comm, 16);
		fputc(' ', f);
		ctl_put_safe(f, t[i].tenant[0] ? t[i].tenant : "-", wten);
		fprintf(f, " %-7s %5" PRIu32 " %7" PRIu32 " ", task_state(&t[i]),
			t[i].score, t[i].threads);
		put_permille(f, &t[i], HASHGUARD_FEATURE_CPU, 6);
		fputc(' ', f);
		put_permille(f, &t[i], HASHGUARD_FEATURE_CRYPTO, 7);
		fputc(' ', f);
		put_permille(f, &t[i], HASHGUARD_FEATURE_ROTATE, 6);
		fputc(' ', f);
		put_permille(f, &t[i], HASHGUARD_FEATURE_HASH_ALU, 6);
		fputc(' ', f);
		put_permille(f, &t[i], HASHGUARD_FEATURE_HASH_SIMD, 6);
		fputc('\n', f);
	}
}

/**
 * cmd_tasks() - hashguardctl tasks [--tenant NAME] [--flagged]
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * Return: exit status.
 */
int cmd_tasks(struct ctl *c, int argc, char **argv)
{
	struct tasks_opts o;
	struct hg_task *t;
	struct hg_nl *h;
	json_t *arr;
	size_t n, i;
	int ret;

	ret = tasks_parse(argc, argv, &o);
	if (ret)
		return ret;
	ret = hg_nl_open(&h);
	if (!ret)
		ret = hg_nl_task_list(h, o.tenant,
				      o.flagged ? 1U << HASHGUARD_STATE_FLAGGED : 0,
				      &t, &n);
	if (ret)
		return ctl_nl_fail(h);
	hg_nl_close(h);
	if (!c->json) {
		tasks_print(stdout, t, n);
		free(t);
		return fflush(stdout) == EOF ? CTL_FAIL : CTL_OK;
	}
	arr = json_array();
	for (i = 0; arr && i < n; i++) {
		if (json_array_append_new(arr, task_to_json(&t[i]))) {
			json_decref(arr);
			arr = NULL;
		}
	}
	free(t);
	return ctl_print_json(stdout, arr);
}
