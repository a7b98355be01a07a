// SPDX-License-Identifier: GPL-2.0
/*
 * Tenants: HASHGUARD_A_TENANT, NEW_TENANT, DEL_TENANT and the GET_TENANT
 * dump; also the tenant selector that the task and approval requests
 * carry.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "nl_internal.h"

/**
 * hgl_nl_parse_tenant() - HASHGUARD_A_TENANT into a struct hgl_tenant
 * @nest: the attribute
 * @t: the result
 *
 * Return: 0, or -EPROTO when ID or NAME is missing or an attribute is
 * malformed.
 */
int hgl_nl_parse_tenant(struct nlattr *nest, struct hgl_tenant *t)
{
	struct nlattr *tb[HASHGUARD_TENANT_A_MAX + 1];
	uint32_t have = 0;

	memset(t, 0, sizeof(*t));
	if (hgl_parse_nest(nest, tb, HASHGUARD_TENANT_A_MAX, hgl_tenant_policy,
			  HASHGUARD_TENANT_A_ID, HASHGUARD_TENANT_A_NAME))
		return -EPROTO;
	t->id = hgl_get_u32(tb, HASHGUARD_TENANT_A_ID, &have);
	hgl_get_str(tb, HASHGUARD_TENANT_A_NAME, t->name, sizeof(t->name),
		   &have);
	hgl_get_str(tb, HASHGUARD_TENANT_A_CGROUP, t->cgroup, sizeof(t->cgroup),
		   &have);
	t->cgroup_id = hgl_get_u64(tb, HASHGUARD_TENANT_A_CGROUP_ID, &have);
	t->processes = hgl_get_u32(tb, HASHGUARD_TENANT_A_PROCESSES, &have);
	t->flagged = hgl_get_u32(tb, HASHGUARD_TENANT_A_FLAGGED, &have);
	t->cgroup_gone = !!tb[HASHGUARD_TENANT_A_CGROUP_GONE];
	return 0;
}

static int hg_parse_tenant_item(struct nlattr *nest, void *item)
{
	return hgl_nl_parse_tenant(nest, item);
}

/* Put HASHGUARD_A_TENANT with NAME (and CGROUP unless NULL). */
int hgl_put_tenant(struct nl_msg *msg, const char *name, const char *cgroup)
{
	struct nlattr *nest = nla_nest_start(msg, HASHGUARD_A_TENANT);

	if (!nest || nla_put_string(msg, HASHGUARD_TENANT_A_NAME, name) ||
	    (cgroup && nla_put_string(msg, HASHGUARD_TENANT_A_CGROUP, cgroup)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* A put function: the tenant named @arg, if any. */
int hgl_put_tenant_filter(struct nl_msg *msg, const void *arg)
{
	return arg ? hgl_put_tenant(msg, arg, NULL) : 0;
}

int hgl_bad_name(struct hgl_nl *h, const char *what, const char *name)
{
	return hgl_failf(h, -EINVAL,
			"%s: invalid tenant name '%.64s': use 1 to %d characters of A-Z a-z 0-9 _ . -, not starting with '.' or '-'",
			what, name ? name : "", HASHGUARD_TENANT_NAME_MAX - 1);
}

/* NEW_TENANT's attributes. */
struct hg_tenant_req {
	const char *name;
	const char *cgroup;
};

static int hg_put_tenant_req(struct nl_msg *msg, const void *arg)
{
	const struct hg_tenant_req *r = arg;

	return hgl_put_tenant(msg, r->name, r->cgroup);
}

/**
 * hgl_nl_tenant_add() - HASHGUARD_CMD_NEW_TENANT
 * @h: handle
 * @name: tenant name (see hgl_tenant_name_valid())
 * @cgroup: the cgroup's path relative to the cgroup v2 root, e.g.
 *	"/tenants/acme"
 * @out: the new tenant as the kernel describes it; may be NULL
 *
 * Return: 0 or -errno: -EEXIST (name or cgroup already registered),
 * -ENOENT (no such cgroup), -ENOSPC (too many tenants), ...
 */
int hgl_nl_tenant_add(struct hgl_nl *h, const char *name, const char *cgroup,
		     struct hgl_tenant *out)
{
	static const char what[] = "tenant add";
	struct hg_tenant_req r = { .name = name, .cgroup = cgroup };
	struct hgl_tenant dummy;
	int ret;

	if (!out)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	if (!hgl_tenant_name_valid(name))
		return hgl_bad_name(h, what, name);
	if (!cgroup || cgroup[0] != '/' ||
	    strlen(cgroup) >= HASHGUARD_CGROUP_PATH_MAX)
		return hgl_failf(h, -EINVAL,
				"%s: the cgroup must be a path from the cgroup v2 root, starting with '/', shorter than %d bytes",
				what, HASHGUARD_CGROUP_PATH_MAX);
	ret = hgl_request(h, HASHGUARD_CMD_NEW_TENANT, what, hg_put_tenant_req,
			 &r, HASHGUARD_A_TENANT, hg_parse_tenant_item, out);
	hgl_hint(h, ret, -EEXIST, what,
		"a tenant with this name or this cgroup already exists");
	hgl_hint(h, ret, -ENOENT, what, "no such cgroup");
	hgl_hint(h, ret, -ENOSPC, what, "too many tenants");
	return ret;
}

/**
 * hgl_nl_tenant_del() - HASHGUARD_CMD_DEL_TENANT
 * @h: handle
 * @name: tenant name
 *
 * Return: 0 or -errno (-ENOENT: no such tenant, -EBUSY: it holds
 * approvals).
 */
int hgl_nl_tenant_del(struct hgl_nl *h, const char *name)
{
	static const char what[] = "tenant del";
	int ret;

	if (!hgl_tenant_name_valid(name))
		return hgl_bad_name(h, what, name);
	ret = hgl_request(h, HASHGUARD_CMD_DEL_TENANT, what,
			 hgl_put_tenant_filter, name, 0, NULL, NULL);
	hgl_hint(h, ret, -EBUSY, what,
		"the tenant holds approvals: revoke them first");
	return hgl_hint(h, ret, -ENOENT, what, "no such tenant");
}

/**
 * hgl_nl_tenant_list() - every tenant (HASHGUARD_CMD_GET_TENANT dump)
 * @h: handle
 * @tenants: set to a malloc()ed array (free() it), NULL when empty
 * @n: set to the number of tenants
 *
 * Return: 0 or -errno.
 */
int hgl_nl_tenant_list(struct hgl_nl *h, struct hgl_tenant **tenants, size_t *n)
{
	static const struct hgl_dump_req d = {
		.cmd = HASHGUARD_CMD_GET_TENANT,
		.what = "tenant list",
		.attr = HASHGUARD_A_TENANT,
		.parse = hg_parse_tenant_item,
		.size = sizeof(struct hgl_tenant),
	};

	return hgl_dump(h, &d, (void **)tenants, n);
}
