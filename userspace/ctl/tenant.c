// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl tenant add NAME CGROUP | del NAME | list
 *
 * The kernel names a cgroup by its path from the root of the cgroup v2
 * hierarchy ("/tenants/acme", as in /proc/PID/cgroup); people name it by
 * its directory (/sys/fs/cgroup/tenants/acme).  hgl_cgroup_rel_path()
 * (lib/cgroup.c) turns the second into the first with the mount table.
 */

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

/**
 * tenant_to_json() - a tenant as a JSON object
 * @t: the tenant
 *
 * Return: a new object, or NULL when out of memory.
 */
json_t *tenant_to_json(const struct hgl_tenant *t)
{
	return json_pack("{s:I, s:s, s:o, s:I, s:I, s:I, s:b}",
			 "id", (json_int_t)t->id,
			 "name", t->name,
			 "cgroup", ctl_json_str(t->cgroup),
			 "cgroup_id", (json_int_t)t->cgroup_id,
			 "processes", (json_int_t)t->processes,
			 "flagged", (json_int_t)t->flagged,
			 "cgroup_gone", t->cgroup_gone);
}

#define TENANT_GONE	" (removed)"

/**
 * tenants_print() - tenants as a table
 * @f: where
 * @t: the tenants
 * @n: how many
 *
 * Columns ID NAME CGROUP PROCESSES FLAGGED; a removed cgroup is shown
 * with "(removed)" after its path.
 */
void tenants_print(FILE *f, const struct hgl_tenant *t, size_t n)
{
	int wname = 4, wcg = 6;
	size_t i;

	for (i = 0; i < n; i++) {
		int l = (int)strlen(t[i].name);
		int c = (int)strlen(t[i].cgroup[0] ? t[i].cgroup : "-");

		if (t[i].cgroup_gone)
			c += (int)strlen(TENANT_GONE);
		if (l > wname)
			wname = l;
		if (c > wcg)
			wcg = c < 60 ? c : 60;
	}
	fprintf(f, "%6s  %-*s  %-*s  %9s  %7s\n", "ID", wname, "NAME", wcg,
		"CGROUP", "PROCESSES", "FLAGGED");
	for (i = 0; i < n; i++) {
		const char *cg = t[i].cgroup[0] ? t[i].cgroup : "-";
		int c = (int)strlen(cg);

		fprintf(f, "%6" PRIu32 "  ", t[i].id);
		ctl_put_safe(f, t[i].name, wname);
		fputs("  ", f);
		if (t[i].cgroup_gone) {
			ctl_put_safe(f, cg, 0);
			fputs(TENANT_GONE, f);
			c += (int)strlen(TENANT_GONE);
			for (; c < wcg; c++)
				fputc(' ', f);
		} else {
			ctl_put_safe(f, cg, wcg);
		}
		fprintf(f, "  %9" PRIu32 "  %7" PRIu32 "\n", t[i].processes,
			t[i].flagged);
	}
}

static int tenant_name_usage(const char *name)
{
	return ctl_usage_err("tenant",
			     "invalid tenant name '%s': use 1 to %d characters of A-Z a-z 0-9 _ . -, not starting with '.' or '-'",
			     name, HASHGUARD_TENANT_NAME_MAX - 1);
}

static int tenant_add(struct ctl *c, int argc, char **argv)
{
	char cgroup[HASHGUARD_CGROUP_PATH_MAX], err[PATH_MAX + 256];
	struct hgl_tenant t;
	struct hgl_nl *h;
	int ret;

	if (argc < 3)
		return ctl_usage_err("tenant", argc < 2 ?
				     "add: no NAME and CGROUP given" :
				     "add: no CGROUP given");
	if (argc > 3)
		return ctl_usage_err("tenant", "unexpected argument '%s'",
				     argv[3]);
	if (!hgl_tenant_name_valid(argv[1]))
		return tenant_name_usage(argv[1]);
	if (argv[2][0] != '/')
		return ctl_usage_err("tenant",
				     "CGROUP must be an absolute path, e.g. /sys/fs/cgroup/tenants/%s",
				     argv[1]);
	if (hgl_cgroup_rel_path(HGL_MOUNTINFO, argv[2], cgroup, sizeof(cgroup),
			       err, sizeof(err))) {
		ctl_err("tenant add: %s", err);
		return CTL_FAIL;
	}

	ret = hgl_nl_open(&h);
	if (!ret)
		ret = hgl_nl_tenant_add(h, argv[1], cgroup, &t);
	if (ret)
		return ctl_nl_fail(h);
	hgl_nl_close(h);
	if (!t.cgroup[0])
		snprintf(t.cgroup, sizeof(t.cgroup), "%s", cgroup);
	if (c->json)
		return ctl_print_json(stdout, tenant_to_json(&t));
	printf("tenant %s added: id %" PRIu32 ", cgroup ", t.name, t.id);
	ctl_put_safe(stdout, t.cgroup, 0);
	putchar('\n');
	return fflush(stdout) == EOF ? CTL_FAIL : CTL_OK;
}

static int tenant_del(struct ctl *c, int argc, char **argv)
{
	struct hgl_nl *h;
	int ret;

	if (argc < 2)
		return ctl_usage_err("tenant", "del: no NAME given");
	if (argc > 2)
		return ctl_usage_err("tenant", "unexpected argument '%s'",
				     argv[2]);
	if (!hgl_tenant_name_valid(argv[1]))
		return tenant_name_usage(argv[1]);
	ret = hgl_nl_open(&h);
	if (!ret)
		ret = hgl_nl_tenant_del(h, argv[1]);
	if (ret)
		return ctl_nl_fail(h);
	hgl_nl_close(h);
	if (c->json)
		return ctl_print_json(stdout, json_pack("{s:s, s:b}",
							"name", argv[1],
							"removed", 1));
	printf("tenant %s removed\n", argv[1]);
	return fflush(stdout) == EOF ? CTL_FAIL : CTL_OK;
}

static int tenant_list(struct ctl *c, int argc, char **argv)
{
	struct hgl_tenant *t;
	struct hgl_nl *h;
	json_t *arr;
	size_t n, i;
	int ret;

	if (argc > 1)
		return ctl_usage_err("tenant", "unexpected argument '%s'",
				     argv[1]);
	ret = hgl_nl_open(&h);
	if (!ret)
		ret = hgl_nl_tenant_list(h, &t, &n);
	if (ret)
		return ctl_nl_fail(h);
	hgl_nl_close(h);
	if (!c->json) {
		tenants_print(stdout, t, n);
		free(t);
		return fflush(stdout) == EOF ? CTL_FAIL : CTL_OK;
	}
	arr = json_array();
	for (i = 0; arr && i < n; i++) {
		if (json_array_append_new(arr, tenant_to_json(&t[i]))) {
			json_decref(arr);
			arr = NULL;
		}
	}
	free(t);
	return ctl_print_json(stdout, arr);
}

/**
 * cmd_tenant() - hashguardctl tenant add NAME CGROUP | del NAME | list
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * Return: exit status.
 */
int cmd_tenant(struct ctl *c, int argc, char **argv)
{
	if (argc < 2)
		return ctl_usage_err("tenant",
				     "no subcommand given (add, del or list)");
	if (!strcmp(argv[1], "add"))
		return tenant_add(c, argc - 1, argv + 1);
	if (!strcmp(argv[1], "del"))
		return tenant_del(c, argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return tenant_list(c, argc - 1, argv + 1);
	return ctl_usage_err("tenant", "unknown subcommand '%s'", argv[1]);
}
