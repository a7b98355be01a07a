// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl report --tenant NAME [--since TIME] [--json] [--ledger FILE]
 * hashguardctl report --summary [--since TIME] [--json] [--ledger FILE]
 *
 * Reads hashguardd's ledger (read-only, never the module): the
 * transparency report of one tenant (its detections, the actions taken
 * and on whose authority, its approvals), or a table of counts per
 * tenant.  The ledger is --ledger FILE, else $HASHGUARD_LEDGER when set
 * and not empty, else HGL_LEDGER_PATH.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "ledger.h"

struct report_opts {
	const char *tenant;	/* NULL: --summary */
	bool summary;
	uint64_t since;		/* 0: every record */
	bool json;
	const char *ledger;
};

/* The arguments, all checked; CTL_OK or CTL_USAGE (reported). */
static int report_parse(int argc, char **argv, struct report_opts *o)
{
	static const char cmd[] = "report";
	const char *since = NULL, *val;
	struct {
		const char *name;
		const char **str;	/* takes a value */
		bool *flag;
	} opts[] = {
		{ "--tenant", &o->tenant, NULL },
		{ "--since", &since, NULL },
		{ "--ledger", &o->ledger, NULL },
		{ "--summary", NULL, &o->summary },
		{ "--json", NULL, &o->json },
	};
	char err[256];
	size_t k;
	int i, r;

	for (i = 1; i < argc; i++) {
		for (k = 0, r = 0; !r && k < sizeof(opts) / sizeof(opts[0]);
		     k++)
			r = ctl_opt_match(cmd, argc, argv, &i, opts[k].name,
					  opts[k].str != NULL, &val);
		if (r < 0)
			return CTL_USAGE;
		if (!r)
			return ctl_bad_arg(cmd, argv[i]);
		k--;
		if (opts[k].flag) {
			*opts[k].flag = true;
			continue;
		}
		if (*opts[k].str)
			return ctl_usage_err(cmd, "%s given twice",
					     opts[k].name);
		*opts[k].str = val;
	}
	if (o->tenant && o->summary)
		return ctl_usage_err(cmd,
				     "--tenant and --summary exclude each other");
	if (!o->tenant && !o->summary)
		return ctl_usage_err(cmd, "give --tenant NAME or --summary");
	if (o->tenant && !hgl_tenant_name_valid(o->tenant))
		return ctl_usage_err(cmd,
				     "invalid tenant name '%s': use 1 to %d characters of A-Z a-z 0-9 _ . -, not starting with '.' or '-'",
				     o->tenant, HASHGUARD_TENANT_NAME_MAX - 1);
	if (o->ledger && !*o->ledger)
		return ctl_usage_err(cmd, "--ledger: the path is empty");
	if (since && since[0] == '-') {
		/* -N[smhd]: that long ago. */
		char fwd[64];
		time_t now = time(NULL);

		snprintf(fwd, sizeof(fwd), "+%s", since + 1);
		if (ctl_parse_time(fwd, now, &o->since, err, sizeof(err)))
			return ctl_usage_err(cmd,
					     "--since: '%s' is not a time in the past: use -N followed by s, m, h or d, e.g. -7d",
					     since);
		o->since = (uint64_t)now - (o->since - (uint64_t)now);
	} else if (since && ctl_parse_time(since, time(NULL), &o->since, err,
					   sizeof(err))) {
		return ctl_usage_err(cmd, "--since: %s", err);
	}
	return CTL_OK;
}

/* A string member, "-" when null or missing. */
static const char *jtext(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "-";
}

static json_int_t jnum(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* "TIME  " of an entry: its ISO 8601 time, or the text as sent. */
static void put_time(FILE *f, json_t *o, const char *key)
{
	fprintf(f, "%-20s", jtext(o, key));
}

static void report_header(FILE *f, json_t *r, const char *what)
{
	fprintf(f, "%s\n", what);
	if (json_is_null(json_object_get(r, "since")))
		fprintf(f, "period:    every record kept\n");
	else
		fprintf(f, "period:    since %s\n", jtext(r, "since"));
	fprintf(f, "generated: %s\n", jtext(r, "generated"));
}

/* The title of a part of a report; false when the part has no entry. */
static bool report_part(FILE *f, const char *title, json_t *arr)
{
	fprintf(f, "\n%s (%zu)\n", title, json_array_size(arr));
	if (!json_array_size(arr)) {
		fprintf(f, "  none\n");
		return false;
	}
	return true;
}

/* "  @s", @s made safe and padded to @width (0: as it is). */
static void put_col(FILE *f, const char *s, int width)
{
	fputs("  ", f);
	ctl_put_safe(f, s, width);
}

/* A column of a part of a report: its title, key, width and kind. */
struct report_col {
	const char *title;
	const char *key;
	int width;		/* 0: as it is */
	enum { COL_TIME, COL_NUM, COL_TEXT } type;
};

/* The columns @cols of entry @o, or (@o NULL) their titles. */
static void report_cols(FILE *f, json_t *o, const struct report_col *cols,
			size_t ncols)
{
	const struct report_col *c;

	for (c = cols; c < cols + ncols; c++) {
		if (!o) {
			fprintf(f, c->type == COL_NUM ? "  %*s" : "  %-*s",
				c->width, c->title);
		} else if (c->type == COL_TIME) {
			fputs("  ", f);
			put_time(f, o, c->key);
		} else if (c->type == COL_NUM) {
			fprintf(f, "  %*" JSON_INTEGER_FORMAT, c->width,
				jnum(o, c->key));
		} else {
			put_col(f, jtext(o, c->key), c->width);
		}
	}
}

/* The parts of a report about processes: TIME, PID, COMM, then @cols. */
static const struct report_procs {
	const char *title;
	const char *key;
	struct report_col cols[4];
} report_procs[] = {
	{ "Detections", "detections", {
		{ "EVENT", "event", 9, COL_TEXT },
		{ "SCORE", "score", 5, COL_NUM },
		{ "APPROVAL", "approval", 16, COL_TEXT },
		{ "EXE", "exe", 0, COL_TEXT },
	} },
	{ "Actions", "actions", {
		{ "ACTION", "action", 8, COL_TEXT },
		{ "OUTCOME", "outcome", 8, COL_TEXT },
		{ "AUTHORITY", "authority", 20, COL_TEXT },
		{ "DETAIL", "detail", 0, COL_TEXT },
	} },
};

/*
 * A part about processes: the columns' titles, then a line an entry
 * (titles and values padded, numbers to the right; times as sent, text
 * made safe).
 */
static void report_procs_part(FILE *f, const struct report_procs *p,
			      json_t *arr)
{
	static const struct report_col proc_cols[] = {
		{ "TIME", "time", 20, COL_TIME }, { "PID", "pid", 7, COL_NUM },
		{ "COMM", "comm", 16, COL_TEXT },
	};
	json_t *o;
	size_t i;

	if (!report_part(f, p->title, arr))
		return;
	report_cols(f, NULL, proc_cols, 3);
	report_cols(f, NULL, p->cols, 4);
	fputc('\n', f);
	json_array_foreach(arr, i, o) {
		report_cols(f, o, proc_cols, 3);
		report_cols(f, o, p->cols, 4);
		fputc('\n', f);
	}
}

static void report_approvals(FILE *f, json_t *arr)
{
	json_t *a, *uid;
	size_t i;

	if (!report_part(f, "Approvals", arr))
		return;
	fprintf(f, "  %-20s  %-8s  %-16s  %-20s  %-20s  %-10s  %s\n", "TIME",
		"EVENT", "REF", "FROM", "UNTIL", "BY", "SCOPE");
	json_array_foreach(arr, i, a) {
		fputs("  ", f);
		put_time(f, a, "time");
		put_col(f, jtext(a, "event"), 8);
		put_col(f, jtext(a, "ref"), 16);
		put_col(f, json_is_null(json_object_get(a, "not_before")) ?
			jtext(a, "granted_time") : jtext(a, "not_before"), 20);
		put_col(f, json_is_null(json_object_get(a, "expires")) ?
			"never" : jtext(a, "expires"), 20);
		uid = json_object_get(a, "by_uid");
		if (json_is_integer(uid))
			fprintf(f, "  uid %-6" JSON_INTEGER_FORMAT,
				json_integer_value(uid));
		else
			fprintf(f, "  %-10s", "kernel");
		put_col(f, json_is_null(json_object_get(a, "exe")) ?
			"whole tenant" : jtext(a, "exe"), 0);
		fputc('\n', f);
	}
}

/* "throttle 2/1, kill 1/0": verified/failed per kind. */
static void summary_actions(FILE *f, json_t *actions, int width)
{
	const char *kind;
	json_t *by;
	int n = 0;

	json_object_foreach(actions, kind, by) {
		n += fprintf(f, "%s", n ? ", " : "");
		n += fprintf(f, "%s %" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT,
			     kind, jnum(by, "verified"), jnum(by, "failed"));
	}
	if (!n)
		n = fprintf(f, "-");
	for (; n < width; n++)
		fputc(' ', f);
}

static void summary_print(FILE *f, json_t *s)
{
	json_t *tenants = json_object_get(s, "tenants"), *t, *ap;
	size_t i;

	report_header(f, s, "hashguard ledger summary");
	fputc('\n', f);
	if (!json_array_size(tenants)) {
		fprintf(f, "no tenants in the ledger\n");
		return;
	}
	fprintf(f, "%-*s  %10s  %-36s  %s\n", HASHGUARD_TENANT_NAME_MAX - 1,
		"TENANT", "DETECTIONS", "ACTIONS (verified/failed)",
		"APPROVALS (granted/revoked/expired)");
	json_array_foreach(tenants, i, t) {
		ctl_put_safe(f, jtext(t, "tenant"),
			     HASHGUARD_TENANT_NAME_MAX - 1);
		fprintf(f, "  %10" JSON_INTEGER_FORMAT "  ",
			jnum(t, "detections"));
		summary_actions(f, json_object_get(t, "actions"), 36);
		ap = json_object_get(t, "approvals");
		fprintf(f, "  %" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT
			"/%" JSON_INTEGER_FORMAT "\n", jnum(ap, "granted"),
			jnum(ap, "revoked"), jnum(ap, "expired"));
	}
}

static void report_print(FILE *f, json_t *r)
{
	char what[128];
	size_t i;

	snprintf(what, sizeof(what), "hashguard report for tenant %s",
		 jtext(r, "tenant"));
	report_header(f, r, what);
	for (i = 0; i < sizeof(report_procs) / sizeof(report_procs[0]); i++)
		report_procs_part(f, &report_procs[i],
				  json_object_get(r, report_procs[i].key));
	report_approvals(f, json_object_get(r, "approvals"));
}

/**
 * cmd_report() - hashguardctl report (reads the ledger, not the module)
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * Return: exit status: 1 when the ledger is missing or cannot be read.
 */
int cmd_report(struct ctl *c, int argc, char **argv)
{
	struct report_opts o = { 0 };
	struct hgl_ledger *l;
	const char *path;
	char err[512];
	json_t *out;
	int ret;

	ret = report_parse(argc, argv, &o);
	if (ret)
		return ret;
	path = o.ledger;
	if (!path)
		path = getenv("HASHGUARD_LEDGER");
	if (!path || !*path)
		path = HGL_LEDGER_PATH;
	ret = hgl_ledger_open(path, true, &l, err, sizeof(err));
	if (ret == -ENOENT) {
		ctl_err("no ledger at %s (is hashguardd running? use --ledger FILE)",
			path);
		return CTL_FAIL;
	}
	if (ret) {
		ctl_err("%s", err);
		return CTL_FAIL;
	}
	if (o.summary)
		ret = hgl_ledger_summary(l, o.since, &out);
	else
		ret = hgl_ledger_report(l, o.tenant, o.since, &out);
	if (ret) {
		ctl_err("reading the ledger at %s: %s", path,
			ret == -ENOMEM ? "out of memory" : hgl_ledger_error(l));
		hgl_ledger_close(l);
		return CTL_FAIL;
	}
	hgl_ledger_close(l);
	if (c->json || o.json)
		return ctl_print_json(stdout, out);
	if (o.summary)
		summary_print(stdout, out);
	else
		report_print(stdout, out);
	json_decref(out);
	if (fflush(stdout) == EOF) {
		ctl_err("writing output: %m");
		return CTL_FAIL;
	}
	return CTL_OK;
}
