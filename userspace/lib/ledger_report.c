// SPDX-License-Identifier: GPL-2.0
/*
 * The ledger's reports (see ledger.h): the transparency report of one
 * tenant, its records as their JSON lines, and the summary, counts per
 * tenant.  Read only: a reader opens the file read-only.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_int.h"
#include "util.h"

/* The entries of one part of a report, row by row. */
struct report_part {
	const struct rec_kind *k;
	json_t *arr;
};

static int report_row(sqlite3_stmt *st, void *arg)
{
	struct report_part *p = arg;
	json_t *o = ledger_rec_json(p->k, st, false);

	if (!o || json_array_append_new(p->arr, o))
		return -ENOMEM;
	return 0;
}

/* The records of @k of @tenant at or after @since, oldest first. */
static json_t *report_records(struct hgl_ledger *l, const struct rec_kind *k,
			      const char *tenant, uint64_t since, int *ret)
{
	struct report_part p = { .k = k, .arr = json_array() };
	sqlite3_stmt *st;

	*ret = p.arr ? ledger_rec_prepare(l, k,
					  "WHERE tenant = ?1 AND time >= ?2 ORDER BY time, id",
					  &st) : -ENOMEM;
	if (!*ret) {
		ledger_bind_str(st, 1, tenant, false);
		ledger_bind_u64(st, 2, since);
		*ret = ledger_rows(l, st, report_row, &p);
	}
	if (*ret) {
		json_decref(p.arr);
		return NULL;
	}
	return p.arr;
}

/* "since" and "generated" of a report or a summary, in that order. */
static bool report_period(struct hgl_ledger *l, json_t *o, uint64_t since)
{
	return ledger_jset(o, "since", ledger_json_time(since)) &&
	       ledger_jset(o, "generated", ledger_json_time(ledger_now(l)));
}

/**
 * hgl_ledger_report() - the transparency report of one tenant
 * @l: the ledger
 * @tenant: its name
 * @since: records at or after this time (seconds since the epoch; 0: all)
 * @out: the report (see ledger.h); json_decref() it
 *
 * The entries are the records' JSON lines without "record" and "tenant".
 *
 * Return: 0 or -errno.
 */
int hgl_ledger_report(struct hgl_ledger *l, const char *tenant, uint64_t since,
		     json_t **out)
{
	static const struct {
		const char *key;
		const struct rec_kind *k;
	} parts[] = {
		{ "detections", &ledger_rec_detection },
		{ "actions", &ledger_rec_action },
		{ "approvals", &ledger_rec_approval },
	};
	json_t *o, *arr;
	size_t i;
	int ret = 0;

	*out = NULL;
	if (!tenant)
		return -EINVAL;
	o = json_object();
	if (!o || !ledger_jset(o, "tenant", hgl_json_str(tenant)) ||
	    !report_period(l, o, since)) {
		json_decref(o);
		return -ENOMEM;
	}
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		arr = report_records(l, parts[i].k, tenant, since, &ret);
		if (!arr)
			break;
		if (!ledger_jset(o, parts[i].key, arr)) {
			ret = -ENOMEM;
			break;
		}
	}
	if (ret) {
		json_decref(o);
		return ret;
	}
	*out = o;
	return 0;
}

/* @obj[@key] += @n, the member made if missing. */
static int count_add(json_t *obj, const char *key, json_int_t n)
{
	json_t *v = json_object_get(obj, key);

	if (v)
		return json_integer_set(v, json_integer_value(v) + n);
	return ledger_jset(obj, key, json_integer(n)) ? 0 : -ENOMEM;
}

/* The summary entry of @tenant in @by (name → entry), made if missing. */
static json_t *summary_entry(json_t *by, const char *tenant)
{
	json_t *e = json_object_get(by, tenant);

	if (e)
		return e;
	e = json_pack("{s:o, s:i, s:{}, s:{}, s:{s:i, s:i, s:i}}",
		      "tenant", hgl_json_str(tenant), "detections", 0,
		      "detection_events", "actions", "approvals",
		      "granted", 0, "revoked", 0, "expired", 0);
	if (!e || json_object_set_new(by, tenant, e))
		return NULL;
	return e;
}

/* One grouped count of the summary: which, the entries by tenant. */
struct summary_count {
	json_t *by;
	int which;
};

/* A row of a grouped count, into its tenant's entry. */
static int summary_row(sqlite3_stmt *st, void *arg)
{
	static const char *const outcomes[] = { "verified", "failed" };
	const struct summary_count *c = arg;
	const char *tenant = (const char *)sqlite3_column_text(st, 0);
	const char *k1 = (const char *)sqlite3_column_text(st, 1);
	const char *k2;
	json_t *e, *a;
	json_int_t n;
	size_t i;
	int ret = 0;

	e = summary_entry(c->by, tenant ? tenant : "");
	if (!e)
		return -ENOMEM;
	if (c->which < 0)		/* the tenant only */
		return 0;
	k1 = k1 ? k1 : "";
	if (c->which == 0) {		/* detections: tenant, event, count */
		n = sqlite3_column_int64(st, 2);
		ret = count_add(json_object_get(e, "detection_events"), k1, n);
		if (!ret && !strcmp(k1, "flagged"))
			ret = count_add(e, "detections", n);
	} else if (c->which == 1) {	/* actions: tenant, action, outcome */
		k2 = (const char *)sqlite3_column_text(st, 2);
		n = sqlite3_column_int64(st, 3);
		a = json_object_get(json_object_get(e, "actions"), k1);
		if (!a) {
			a = json_object();
			if (!ledger_jset(json_object_get(e, "actions"), k1, a))
				return -ENOMEM;
			for (i = 0; !ret && i < 2; i++)
				ret = count_add(a, outcomes[i], 0);
		}
		if (!ret)
			ret = count_add(a, k2 ? k2 : "", n);
	} else {			/* approvals: tenant, event, count */
		n = sqlite3_column_int64(st, 2);
		ret = count_add(json_object_get(e, "approvals"), k1, n);
	}
	return ret;
}

/* One grouped count of the summary, row by row. */
static int summary_query(struct hgl_ledger *l, json_t *by, const char *sql,
			 uint64_t since, int which)
{
	struct summary_count c = { .by = by, .which = which };
	sqlite3_stmt *st;
	int ret;

	ret = ledger_prepare(l, sql, &st);
	if (ret)
		return ret;
	ledger_bind_u64(st, 1, since);
	return ledger_rows(l, st, summary_row, &c);
}

static int summary_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The entries of @by (name → entry) sorted by name, bytewise. */
static json_t *summary_sorted(json_t *by)
{
	const char **names, *key;
	json_t *arr = json_array(), *e;
	size_t n = 0, i;

	names = calloc(json_object_size(by) + 1, sizeof(*names));
	if (!names || !arr)
		goto nomem;
	json_object_foreach(by, key, e)
		names[n++] = key;
	qsort(names, n, sizeof(*names), summary_cmp);
	for (i = 0; i < n; i++)
		if (json_array_append(arr, json_object_get(by, names[i])))
			goto nomem;
	free(names);
	return arr;
nomem:
	free(names);
	json_decref(arr);
	return NULL;
}

/**
 * hgl_ledger_summary() - counts per tenant (see ledger.h)
 * @l: the ledger
 * @since: records at or after this time (seconds since the epoch; 0: all)
 * @out: the summary; json_decref() it
 *
 * Return: 0 or -errno.
 */
int hgl_ledger_summary(struct hgl_ledger *l, uint64_t since, json_t **out)
{
	static const char *const sqls[] = {
		"SELECT tenant, event, count(*) FROM detections WHERE time >= ?1 GROUP BY tenant, event",
		"SELECT tenant, action, outcome, count(*) FROM actions WHERE time >= ?1 GROUP BY tenant, action, outcome",
		"SELECT tenant, event, count(*) FROM approval_events WHERE time >= ?1 GROUP BY tenant, event",
	};
	json_t *by, *o;
	size_t i;
	int ret;

	*out = NULL;
	by = json_object();
	if (!by)
		return -ENOMEM;
	/* The tenants kept and those of tenant events, then the counts. */
	ret = summary_query(l, by,
			    "SELECT name, NULL FROM tenants UNION SELECT tenant, NULL FROM tenant_events WHERE time >= ?1",
			    since, -1);
	for (i = 0; !ret && i < sizeof(sqls) / sizeof(sqls[0]); i++)
		ret = summary_query(l, by, sqls[i], since, (int)i);
	if (ret) {
		json_decref(by);
		return ret;
	}
	o = json_object();
	if (!o || !report_period(l, o, since) ||
	    !ledger_jset(o, "tenants", summary_sorted(by))) {
		json_decref(o);
		json_decref(by);
		return -ENOMEM;
	}
	json_decref(by);
	*out = o;
	return 0;
}
