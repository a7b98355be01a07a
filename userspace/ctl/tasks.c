// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl tasks [--tenant NAME] [--flagged] | --pid PID, and the
 * task rendering that monitor shares.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

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

		r = ctl_opt_match("tasks", argc, argv, &i, "--tenant", true, &val);
		if (r < 0)
			return CTL_USAGE;
		if (r) {
			if (o->tenant)
				return ctl_usage_err("tasks",
						     "--tenant given twice");
			if (!hgl_tenant_name_valid(val))
				return ctl_usage_err("tasks",
						     "invalid tenant name '%s'",
						     val);
			o->tenant = val;
			continue;
		}
		r = ctl_opt_match("tasks", argc, argv, &i, "--flagged", false, &val);
		if (r < 0)
			return CTL_USAGE;
		if (r) {
			o->flagged = true;
			continue;
		}
		r = ctl_opt_match("tasks", argc, argv, &i, "--pid", true, &val);
		if (r < 0)
			return CTL_USAGE;
		if (r) {
			if (o->pid)
				return ctl_usage_err("tasks", "--pid given twice");
			if (ctl_parse_u32(val, &o->pid) || !o->pid)
				return ctl_usage_err("tasks",
						     "--pid: '%s' is not a process id",
						     val);
			continue;
		}
		return ctl_bad_arg("tasks", argv[i]);
	}
	if (o->pid && (o->tenant || o->flagged))
		return ctl_usage_err("tasks",
				     "--pid shows one process: it does not go with --tenant or --flagged");
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

		r = ctl_opt_match("monitor", argc, argv, &i, "--detect", false,
				  &val);
		if (r < 0)
			return CTL_USAGE;
		if (r) {
			o->groups |= HGL_NL_GROUP_DETECT;
			continue;
		}
		r = ctl_opt_match("monitor", argc, argv, &i, "--config", false,
				  &val);
		if (r < 0)
			return CTL_USAGE;
		if (r) {
			o->groups |= HGL_NL_GROUP_CONFIG;
			continue;
		}

		r = ctl_opt_match("monitor", argc, argv, &i, "--count", true, &val);
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
		return ctl_bad_arg("monitor", argv[i]);
	}
	if (!o->groups)
		o->groups = HGL_NL_GROUP_ALL;
	return CTL_OK;
}

static int json_set(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v);
}

/* The approval covering a process: {"id", "ref"}, or null. */
static json_t *task_approval_json(const struct hgl_task *t)
{
	if (!(t->have & HGL_TASK_BIT(HASHGUARD_TASK_A_APPROVAL_ID)))
		return json_null();
	return json_pack("{s:I, s:o}", "id", (json_int_t)t->approval_id,
			 "ref", ctl_json_str(t->approval_ref));
}

/**
 * task_to_json() - a process as a JSON object
 * @t: the process
 *
 * Fields: tgid, pid, comm, tenant (name), tenant_id, state (name),
 * score, threads, samples, start_time, flagged_time (0: never),
 * features (name to value, only those the module sent; newer ones as
 * feature_N), exe (null when not sent) and approval ({"id", "ref"} of
 * the approval covering it, null when none).
 *
 * Return: a new object, or NULL when out of memory.
 */
json_t *task_to_json(const struct hgl_task *t)
{
	const char *state = hgl_state_name(t->state);
	json_t *o, *feat;
	char other[32];
	unsigned int i;

	feat = json_object();
	if (!feat)
		return NULL;
	for (i = 1; i < HGL_FEATURES_MAX; i++) {
		const char *name = hgl_feature_name(i);

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
	if (o && (json_object_set_new(o, "exe", t->exe ?
				      ctl_json_str(t->exe) : json_null()) ||
		  json_object_set_new(o, "approval", task_approval_json(t)))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A per-mille feature as a percentage with one decimal, "-" if not sent. */
static void put_permille(FILE *f, const struct hgl_task *t, unsigned int feat,
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

static const char *task_state(const struct hgl_task *t)
{
	const char *s = hgl_state_name(t->state);

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
 * (the crypto, rotate, hash_alu and hash_simd features), then APPROVAL
 * (the reference of the approval covering it) and EXE, "-" when absent.
 */
void tasks_print(FILE *f, const struct hgl_task *t, size_t n)
{
	int wten = 6, wref = 8;
	size_t i;

	for (i = 0; i < n; i++) {
		int l = (int)strlen(t[i].tenant);
		int r = (int)strlen(t[i].approval_ref);

		if (l > wten)
			wten = l;
		if (r > wref)
			wref = r < 40 ? r : 40;
	}
	fprintf(f, "%7s %7s %-16s %-*s %-7s %5s %7s %6s %7s %6s %6s %6s %-*s %s\n",
		"TGID", "PID", "COMM", wten, "TENANT", "STATE", "SCORE",
		"THREADS", "CPU%", "CRYPTO%", "ROT%", "ALU%", "SIMD%",
		wref, "APPROVAL", "EXE");
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
		fputc(' ', f);
		ctl_put_safe(f, t[i].approval_ref[0] ? t[i].approval_ref : "-",
			     wref);
		fputc(' ', f);
		ctl_put_safe(f, t[i].exe ? t[i].exe : "-", 0);
		fputc('\n', f);
	}
}

/* Print the processes and free them. */
static int tasks_output(const struct ctl *c, struct hgl_task *t, size_t n)
{
	json_t *arr;
	size_t i;

	if (!c->json) {
		tasks_print(stdout, t, n);
		hgl_task_list_free(t, n);
		return fflush(stdout) == EOF ? CTL_FAIL : CTL_OK;
	}
	arr = json_array();
	for (i = 0; arr && i < n; i++) {
		if (json_array_append_new(arr, task_to_json(&t[i]))) {
			json_decref(arr);
			arr = NULL;
		}
	}
	hgl_task_list_free(t, n);
	return ctl_print_json(stdout, arr);
}

/* tasks --pid PID: one process, with HASHGUARD_CMD_GET_TASK as a doit. */
static int tasks_one(const struct ctl *c, uint32_t pid)
{
	struct hgl_task *t = malloc(sizeof(*t));
	struct hgl_nl *h;
	int ret;

	if (!t) {
		ctl_err("out of memory");
		return CTL_FAIL;
	}
	ret = hgl_nl_open(&h);
	if (!ret)
		ret = hgl_nl_task_get(h, pid, 0, t);
	if (ret) {
		free(t);
		return ctl_nl_fail(h);
	}
	hgl_nl_close(h);
	return tasks_output(c, t, 1);
}

/**
 * cmd_tasks() - hashguardctl tasks [--tenant NAME] [--flagged] | --pid PID
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * With --json, an array of task_to_json() objects (one with --pid).
 *
 * Return: exit status.
 */
int cmd_tasks(struct ctl *c, int argc, char **argv)
{
	struct tasks_opts o;
	struct hgl_task *t;
	struct hgl_nl *h;
	size_t n;
	int ret;

	ret = tasks_parse(argc, argv, &o);
	if (ret)
		return ret;
	if (o.pid)
		return tasks_one(c, o.pid);
	ret = hgl_nl_open(&h);
	if (!ret)
		ret = hgl_nl_task_list(h, o.tenant,
				      o.flagged ? 1U << HASHGUARD_STATE_FLAGGED : 0,
				      &t, &n);
	if (ret)
		return ctl_nl_fail(h);
	hgl_nl_close(h);
	return tasks_output(c, t, n);
}
