// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl tenant add NAME CGROUP | del NAME | list
 *
 * The kernel names a cgroup by its path from the root of the cgroup v2
 * hierarchy ("/tenants/acme", as in /proc/PID/cgroup); people name it by
 * its directory (/sys/fs/cgroup/tenants/acme).  cgroup_rel_path() turns
 * the second into the first with the mount table.
 */

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ctl.h"
#include "util.h"

/* Length of @point if it contains @path (at a component boundary), else 0. */
static size_t mi_contains(const char *point, const char *path)
{
	size_t len = strlen(point);

	if (!strcmp(point, "/"))
		return 1;
	if (strncmp(path, point, len) || (path[len] && path[len] != '/'))
		return 0;
	return len;
}

/**
 * cgroup_rel_path() - a cgroup's directory as a path from the cgroup v2 root
 * @mountinfo: the mount table to use, normally CTL_MOUNTINFO
 * @path: the directory, e.g. /sys/fs/cgroup/tenants/acme
 * @out: the result, e.g. "/tenants/acme" ("/" for the root itself)
 * @outlen: size of @out
 * @err: a message for a person on failure
 * @errlen: size of @err
 *
 * @path is resolved with realpath().  The mount that holds it is the one
 * with the longest mount point containing it (the last one listed among
 * equals, as later mounts hide earlier ones); it must be of type cgroup2.
 * Its root (the 4th field) is put in front when it is not "/", as in a
 * cgroup namespace or a bind mount of a subtree.
 *
 * Return: 0, -ENOENT (no such directory), -ENOTDIR, -EXDEV (not on
 * cgroup2), -ENAMETOOLONG, or another -errno from reading @mountinfo.
 */
int cgroup_rel_path(const char *mountinfo, const char *path, char *out,
		    size_t outlen, char *err, size_t errlen)
{
	char *real, *line = NULL, *best_root = NULL, *best_type = NULL;
	char *best_point = NULL;
	size_t cap = 0, best = 0;
	const char *rest;
	struct stat st;
	FILE *f;
	int ret = 0;

	real = realpath(path, NULL);
	if (!real) {
		ret = -errno;
		if (ret == -ENOENT || ret == -ENOTDIR)
			snprintf(err, errlen, "no such cgroup: %s", path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	if (stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "no such cgroup: %s (not a directory)",
			 path);
		free(real);
		return -ENOTDIR;
	}
	f = fopen(mountinfo, "re");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", mountinfo, strerror(-ret));
		free(real);
		return ret;
	}
	while (getline(&line, &cap, f) > 0) {
		struct hgl_mount m;
		size_t len;

		if (!hgl_mountinfo_parse(line, &m))
			continue;
		len = mi_contains(m.point, real);
		if (!len || len < best)
			continue;
		free(best_root);
		free(best_type);
		free(best_point);
		best_root = strdup(m.root);
		best_type = strdup(m.fstype);
		best_point = strdup(m.point);
		if (!best_root || !best_type || !best_point) {
			ret = -ENOMEM;
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		best = len;
	}
	if (ferror(f)) {
		ret = -EIO;
		snprintf(err, errlen, "%s: read error", mountinfo);
		goto out;
	}
	if (!best || strcmp(best_type, "cgroup2")) {
		ret = -EXDEV;
		if (best)
			snprintf(err, errlen,
				 "%s is not on a cgroup2 filesystem (it is on %s, mounted at %s)",
				 path, best_type, best_point);
		else
			snprintf(err, errlen,
				 "%s is not on a cgroup2 filesystem", path);
		goto out;
	}
	rest = best == 1 ? real : real + best;	/* best == 1: mounted at / */
	if (strcmp(best_root, "/")) {
		if (!strcmp(rest, "/"))
			rest = "";
		if ((size_t)snprintf(out, outlen, "%s%s", best_root, rest) >=
		    outlen)
			ret = -ENAMETOOLONG;
	} else {
		if ((size_t)snprintf(out, outlen, "%s", *rest ? rest : "/") >=
		    outlen)
			ret = -ENAMETOOLONG;
	}
	if (ret)
		snprintf(err, errlen, "%s: cgroup path too long", path);
out:
	fclose(f);
	free(line);
	free(best_root);
	free(best_type);
	free(best_point);
	free(real);
	return ret;
}

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
	if (cgroup_rel_path(CTL_MOUNTINFO, argv[2], cgroup, sizeof(cgroup),
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
