// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl approve TENANT --ref REF [--exe PATH] [--from TIME]
 *                      [--until TIME] [--no-replace]
 * hashguardctl revoke TENANT --ref REF
 * hashguardctl approvals [TENANT]
 *
 * An approval records a tenant's written permission to mine; the module
 * keeps it and names it in events, and a policy agent decides what that
 * means.  These commands only record, revoke and show: every argument is
 * checked here first, so that a mistake is a usage error (exit 2) and
 * nothing is sent.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "ledger.h"

/**
 * ctl_exe_path_valid() - whether a path can name an executable for an approval
 * @path: the path
 *
 * The module compares it with the path /proc/PID/exe shows, which is
 * absolute and normalized: so must this one be.
 *
 * Return: true for an absolute path shorter than HASHGUARD_EXE_PATH_MAX
 * bytes, without control characters, empty, "." or ".." components, and
 * not ending in '/'.
 */
bool ctl_exe_path_valid(const char *path)
{
	const char *p;

	if (!path || path[0] != '/' || !path[1] ||
	    strlen(path) >= HASHGUARD_EXE_PATH_MAX)
		return false;
	for (p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	for (p = path; *p; ) {
		size_t len;

		p++;			/* the '/' */
		len = strcspn(p, "/");
		if (!len || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += len;
	}
	return true;
}

/* --ref: checked as the module would, with a message saying what is wrong. */
static int approval_ref_check(const char *cmd, const char *ref)
{
	const char *p;

	if (!ref)
		return ctl_usage_err(cmd, "--ref REF is required");
	if (!*ref)
		return ctl_usage_err(cmd, "--ref: the reference is empty");
	if (strlen(ref) >= HASHGUARD_APPROVAL_REF_MAX)
		return ctl_usage_err(cmd,
				     "--ref: the reference is longer than %d bytes",
				     HASHGUARD_APPROVAL_REF_MAX - 1);
	for (p = ref; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return ctl_usage_err(cmd,
					     "--ref: the reference holds a control character");
	return CTL_OK;
}

static int approval_tenant_check(const char *cmd, const char *tenant)
{
	if (!tenant)
		return ctl_usage_err(cmd, "no TENANT given");
	if (!hgl_tenant_name_valid(tenant))
		return ctl_usage_err(cmd,
				     "invalid tenant name '%s': use 1 to %d characters of A-Z a-z 0-9 _ . -, not starting with '.' or '-'",
				     tenant, HASHGUARD_TENANT_NAME_MAX - 1);
	return CTL_OK;
}

/* A string option given at most once. */
static int approval_once(const char *cmd, const char *name, const char **dst,
			 const char *val)
{
	if (*dst)
		return ctl_usage_err(cmd, "%s given twice", name);
	*dst = val;
	return CTL_OK;
}

/* --from or --until: a time, checked against @now. */
static int approval_time(const char *name, const char *val, time_t now,
			 uint64_t *out)
{
	char err[256];

	if (ctl_parse_time(val, now, out, err, sizeof(err)))
		return ctl_usage_err("approve", "%s: %s", name, err);
	return CTL_OK;
}

/* The options of approve, each checked alone; -1 if argv[*i] is none. */
static int approve_opt(int argc, char **argv, int *i, const char **ref,
		       const char **exe, const char **from, const char **until,
		       bool *no_replace)
{
	static const char cmd[] = "approve";
	const char *val;
	int r;

	r = ctl_opt_match(cmd, argc, argv, i, "--ref", true, &val);
	if (r)
		return r < 0 ? CTL_USAGE : approval_once(cmd, "--ref", ref, val);
	r = ctl_opt_match(cmd, argc, argv, i, "--exe", true, &val);
	if (r)
		return r < 0 ? CTL_USAGE : approval_once(cmd, "--exe", exe, val);
	r = ctl_opt_match(cmd, argc, argv, i, "--from", true, &val);
	if (r)
		return r < 0 ? CTL_USAGE :
		       approval_once(cmd, "--from", from, val);
	r = ctl_opt_match(cmd, argc, argv, i, "--until", true, &val);
	if (r)
		return r < 0 ? CTL_USAGE :
		       approval_once(cmd, "--until", until, val);
	r = ctl_opt_match(cmd, argc, argv, i, "--no-replace", false, &val);
	if (r > 0)
		*no_replace = true;
	return r ? (r < 0 ? CTL_USAGE : CTL_OK) : -1;
}

/**
 * approve_parse() - the arguments of "approve", all checked
 * @argc: arguments, "approve" first
 * @argv: arguments
 * @now: the current time, for relative times and to refuse an expiry in
 *	the past
 * @o: the options
 *
 * Return: CTL_OK, or CTL_USAGE (reported).
 */
int approve_parse(int argc, char **argv, time_t now, struct approve_opts *o)
{
	static const char cmd[] = "approve";
	const char *from = NULL, *until = NULL;
	char a[CTL_TIME_LEN], b[CTL_TIME_LEN];
	int i, ret;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		ret = approve_opt(argc, argv, &i, &o->ref, &o->exe, &from,
				  &until, &o->no_replace);
		if (ret > 0)
			return ret;
		if (!ret)
			continue;
		if (argv[i][0] == '-' && argv[i][1])
			return ctl_bad_arg(cmd, argv[i]);
		if (o->tenant)
			return ctl_bad_arg(cmd, argv[i]);
		o->tenant = argv[i];
	}
	ret = approval_tenant_check(cmd, o->tenant);
	if (!ret)
		ret = approval_ref_check(cmd, o->ref);
	if (ret)
		return ret;
	if (o->exe && !ctl_exe_path_valid(o->exe))
		return ctl_usage_err(cmd,
				     "--exe: '%s' is not an absolute, normalized path (as /proc/PID/exe shows it: starting with '/', no '//', '.' or '..' components, no '/' at the end, shorter than %d bytes)",
				     o->exe, HASHGUARD_EXE_PATH_MAX);
	if (from && approval_time("--from", from, now, &o->from))
		return CTL_USAGE;
	if (until && approval_time("--until", until, now, &o->until))
		return CTL_USAGE;
	if (until && o->until <= (uint64_t)now) {
		ctl_format_time(o->until, a, sizeof(a));
		return ctl_usage_err(cmd, "--until: %s is not in the future", a);
	}
	if (from && until && o->until <= o->from) {
		ctl_format_time(o->from, a, sizeof(a));
		ctl_format_time(o->until, b, sizeof(b));
		return ctl_usage_err(cmd,
				     "--until (%s) must be after --from (%s)",
				     b, a);
	}
	return CTL_OK;
}

/**
 * revoke_parse() - the arguments of "revoke", all checked
 * @argc: arguments, "revoke" first
 * @argv: arguments
 * @tenant: the tenant
 * @ref: the reference
 *
 * Return: CTL_OK, or CTL_USAGE (reported).
 */
int revoke_parse(int argc, char **argv, const char **tenant, const char **ref)
{
	static const char cmd[] = "revoke";
	const char *val;
	int i, r;

	*tenant = *ref = NULL;
	for (i = 1; i < argc; i++) {
		r = ctl_opt_match(cmd, argc, argv, &i, "--ref", true, &val);
		if (r < 0)
			return CTL_USAGE;
		if (r) {
			if (approval_once(cmd, "--ref", ref, val))
				return CTL_USAGE;
			continue;
		}
		if ((argv[i][0] == '-' && argv[i][1]) || *tenant)
			return ctl_bad_arg(cmd, argv[i]);
		*tenant = argv[i];
	}
	r = approval_tenant_check(cmd, *tenant);
	return r ? r : approval_ref_check(cmd, *ref);
}

/* When an approval starts: its NOT_BEFORE, or else when it was granted. */
static uint64_t approval_from(const struct hgl_approval *a)
{
	return a->not_before ? a->not_before : a->granted_time;
}

static const char *approval_state(const struct hgl_approval *a, char *buf,
				  size_t len)
{
	const char *s = hgl_approval_state_name(a->state);

	if (!(a->have & HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_STATE)))
		return "-";
	if (!s) {
		snprintf(buf, len, "state_%" PRIu32, a->state);
		s = buf;
	}
	return s;
}

/**
 * approval_to_json() - an approval as a JSON object
 * @a: the approval
 *
 * Fields: id, tenant, tenant_id, ref, exe (null: the whole tenant), from
 * (NOT_BEFORE, else the grant time), until (null: never), granted_by
 * (uid), granted_time, state ("pending", "active"), covered and, for a
 * removed approval, end ("revoked", "expired").  Times are ISO 8601 UTC
 * strings, e.g. "2026-11-23T10:00:00Z", or null when unknown.
 *
 * Return: a new object, or NULL when out of memory.
 */
json_t *approval_to_json(const struct hgl_approval *a)
{
	const char *end = hgl_approval_end_name(a->end);
	char state[32], other[32];
	json_t *o;

	o = json_pack("{s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:I, s:o, s:s, s:I}",
		      "id", (json_int_t)a->id,
		      "tenant", ctl_json_str(a->tenant),
		      "tenant_id", (json_int_t)a->tenant_id,
		      "ref", ctl_json_str(a->ref),
		      "exe", a->exe[0] ? ctl_json_str(a->exe) : json_null(),
		      "from", ctl_json_time(approval_from(a)),
		      "until", ctl_json_time(a->expires),
		      "granted_by", (json_int_t)a->granted_by,
		      "granted_time", ctl_json_time(a->granted_time),
		      "state", approval_state(a, state, sizeof(state)),
		      "covered", (json_int_t)a->covered);
	if (!o || !a->end)
		return o;
	if (!end) {
		snprintf(other, sizeof(other), "end_%" PRIu32, a->end);
		end = other;
	}
	if (json_object_set_new(o, "end", json_string(end))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static void approval_time_text(uint64_t t, const char *none, char *buf,
			       size_t len)
{
	if (t)
		ctl_format_time(t, buf, len);
	else
		snprintf(buf, len, "%s", none);
}

/**
 * approval_print() - one approval, a field a line, for people
 * @f: where
 * @a: the approval
 */
void approval_print(FILE *f, const struct hgl_approval *a)
{
	char from[CTL_TIME_LEN], until[CTL_TIME_LEN], granted[CTL_TIME_LEN];
	char state[32];
	const char *end = hgl_approval_end_name(a->end);

	approval_time_text(approval_from(a), "-", from, sizeof(from));
	approval_time_text(a->expires, "never", until, sizeof(until));
	approval_time_text(a->granted_time, "-", granted, sizeof(granted));
	fprintf(f, "approval %" PRIu32 " of tenant ", a->id);
	ctl_put_safe(f, a->tenant[0] ? a->tenant : "?", 0);
	fputs("\n  ref:        ", f);
	ctl_put_safe(f, a->ref, 0);
	fputs("\n  scope:      ", f);
	ctl_put_safe(f, a->exe[0] ? a->exe : "the whole tenant", 0);
	fprintf(f, "\n  from:       %s\n  until:      %s\n", from, until);
	fprintf(f, "  granted by: uid %" PRIu32 " at %s\n", a->granted_by,
		granted);
	fprintf(f, "  state:      %s, covering %" PRIu32 " process%s\n",
		approval_state(a, state, sizeof(state)), a->covered,
		a->covered == 1 ? "" : "es");
	if (a->end)
		fprintf(f, "  ended:      %s\n", end ? end : "?");
}

/**
 * approvals_print() - approvals as a table
 * @f: where
 * @a: the approvals
 * @n: how many
 *
 * Columns ID TENANT REF SCOPE FROM UNTIL STATE COVERED GRANTED_BY; SCOPE
 * is the executable or "*" for the whole tenant, UNTIL "never" when the
 * approval does not expire.
 */
void approvals_print(FILE *f, const struct hgl_approval *a, size_t n)
{
	char from[CTL_TIME_LEN], until[CTL_TIME_LEN], state[32];
	int wten = 6, wref = 3, wexe = 5;
	size_t i;

	for (i = 0; i < n; i++) {
		int t = (int)strlen(a[i].tenant), r = (int)strlen(a[i].ref);
		int e = (int)strlen(a[i].exe);

		wten = t > wten ? t : wten;
		wref = r > wref ? (r < 40 ? r : 40) : wref;
		wexe = e > wexe ? (e < 50 ? e : 50) : wexe;
	}
	fprintf(f, "%6s  %-*s  %-*s  %-*s  %-20s  %-20s  %-7s  %7s  %s\n",
		"ID", wten, "TENANT", wref, "REF", wexe, "SCOPE", "FROM",
		"UNTIL", "STATE", "COVERED", "GRANTED_BY");
	for (i = 0; i < n; i++) {
		approval_time_text(approval_from(&a[i]), "-", from,
				   sizeof(from));
		approval_time_text(a[i].expires, "never", until,
				   sizeof(until));
		fprintf(f, "%6" PRIu32 "  ", a[i].id);
		ctl_put_safe(f, a[i].tenant, wten);
		fputs("  ", f);
		ctl_put_safe(f, a[i].ref, wref);
		fputs("  ", f);
		ctl_put_safe(f, a[i].exe[0] ? a[i].exe : "*", wexe);
		fprintf(f, "  %-20s  %-20s  %-7s  %7" PRIu32 "  %" PRIu32 "\n",
			from, until, approval_state(&a[i], state, sizeof(state)),
			a[i].covered, a[i].granted_by);
	}
}

/* Print one approval the kernel replied with. */
static int approval_output(const struct ctl *c, const struct hgl_approval *a)
{
	if (c->json)
		return ctl_print_json(stdout, approval_to_json(a));
	approval_print(stdout, a);
	return fflush(stdout) == EOF ? CTL_FAIL : CTL_OK;
}

/**
 * cmd_approve() - hashguardctl approve TENANT --ref REF [--exe PATH]
 *	[--from TIME] [--until TIME] [--no-replace]
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * An approval with the same reference in the tenant is replaced unless
 * --no-replace is given.  Prints the approval as the kernel keeps it.
 *
 * Return: exit status.
 */
int cmd_approve(struct ctl *c, int argc, char **argv)
{
	struct hgl_approval *req, *out;
	struct approve_opts o;
	struct hgl_nl *h;
	int ret;

	ret = approve_parse(argc, argv, time(NULL), &o);
	if (ret)
		return ret;
	req = calloc(2, sizeof(*req));
	if (!req) {
		ctl_err("out of memory");
		return CTL_FAIL;
	}
	out = req + 1;
	snprintf(req->ref, sizeof(req->ref), "%s", o.ref);
	if (o.exe)
		snprintf(req->exe, sizeof(req->exe), "%s", o.exe);
	req->not_before = o.from;
	req->expires = o.until;
	ret = hgl_nl_open(&h);
	if (!ret)
		ret = hgl_nl_approval_set(h, o.tenant, req, o.no_replace, out);
	if (ret) {
		free(req);
		return ctl_nl_fail(h);
	}
	hgl_nl_close(h);
	ret = approval_output(c, out);
	free(req);
	return ret;
}

/*
 * A revocation made while hashguardd is stopped must hold when the
 * module comes back empty (a reboot, a reload), when the agent gives it
 * back the approvals of its ledger: record it in the ledger at once.  The
 * ledger is $HASHGUARD_LEDGER or the default; with none there (no agent
 * keeps one), there is nothing to record.  Return: 0, or a message said.
 */
static int revoke_record(const struct hgl_approval *a)
{
	struct hgl_caller by = { .present = true };
	const char *path = getenv("HASHGUARD_LEDGER");
	struct hgl_ledger *l;
	char err[512];
	int ret;

	if (!path || !*path)
		path = HGL_LEDGER_PATH;
	if (access(path, F_OK))
		return 0;
	ret = hgl_ledger_open(path, false, &l, err, sizeof(err));
	if (ret) {
		ctl_err("revoked, but not recorded in the ledger: %s", err);
		return ret;
	}
	by.uid = (uint32_t)getuid();
	by.pid = (uint32_t)getpid();
	snprintf(by.comm, sizeof(by.comm), "%s", program_invocation_short_name);
	ret = hgl_ledger_approval_has(l, a->tenant, a->ref);
	if (ret > 0)
		ret = hgl_ledger_approval(l, "revoked", a, &by);
	if (ret < 0)
		ctl_err("revoked, but not recorded in the ledger %s: %s", path,
			hgl_ledger_error(l));
	hgl_ledger_close(l);
	return ret < 0 ? ret : 0;
}

/**
 * cmd_revoke() - hashguardctl revoke TENANT --ref REF
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * Prints the approval removed.
 *
 * Return: exit status.
 */
int cmd_revoke(struct ctl *c, int argc, char **argv)
{
	const char *tenant, *ref;
	struct hgl_approval *out;
	struct hgl_nl *h;
	int ret;

	ret = revoke_parse(argc, argv, &tenant, &ref);
	if (ret)
		return ret;
	out = malloc(sizeof(*out));
	if (!out) {
		ctl_err("out of memory");
		return CTL_FAIL;
	}
	ret = hgl_nl_open(&h);
	if (!ret)
		ret = hgl_nl_approval_del(h, tenant, ref, out);
	if (ret) {
		free(out);
		return ctl_nl_fail(h);
	}
	hgl_nl_close(h);
	ret = approval_output(c, out);
	if (revoke_record(out) && !ret)
		ret = CTL_FAIL;
	free(out);
	return ret;
}

/**
 * cmd_approvals() - hashguardctl approvals [TENANT]
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * A table, or with --json an array of approval_to_json() objects.
 *
 * Return: exit status.
 */
int cmd_approvals(struct ctl *c, int argc, char **argv)
{
	const char *tenant = argc > 1 ? argv[1] : NULL;
	struct hgl_approval *a;
	struct hgl_nl *h;
	json_t *arr;
	size_t n, i;
	int ret;

	if (tenant && tenant[0] == '-')
		return ctl_bad_arg("approvals", tenant);
	if (argc > 2)
		return ctl_bad_arg("approvals", argv[2]);
	if (tenant && approval_tenant_check("approvals", tenant))
		return CTL_USAGE;
	ret = hgl_nl_open(&h);
	if (!ret)
		ret = hgl_nl_approval_list(h, tenant, &a, &n);
	if (ret)
		return ctl_nl_fail(h);
	hgl_nl_close(h);
	if (!c->json) {
		approvals_print(stdout, a, n);
		free(a);
		return fflush(stdout) == EOF ? CTL_FAIL : CTL_OK;
	}
	arr = json_array();
	for (i = 0; arr && i < n; i++) {
		if (json_array_append_new(arr, approval_to_json(&a[i]))) {
			json_decref(arr);
			arr = NULL;
		}
	}
	free(a);
	return ctl_print_json(stdout, arr);
}
