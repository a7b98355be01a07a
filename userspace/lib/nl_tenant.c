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
 * hg_nl_parse_tenant() - HASHGUARD_A_TENANT into a struct hg_tenant
 * @nest: the attribute
 * @t: the result
 *
 * Return: 0, or -EPROTO when ID or NAME is missing or an attribute is
 * malformed.
 */
int hg_nl_parse_tenant(struct nlattr *nest, struct hg_tenant *t)
{
	struct nlattr *tb[HASHGUARD_TENANT_A_MAX + 1];
	uint32_t have = 0;

	memset(t, 0, sizeof(*t));
	if (hg_parse_nest(nest, tb, HASHGUARD_TENANT_A_MAX, hg_tenant_policy,
			  HASHGUARD_TENANT_A_ID, HASHGUARD_TENANT_A_NAME))
		return -EPROTO;
	t->id = hg_get_u32(tb, HASHGUARD_TENANT_A_ID, &have);
	hg_get_str(tb, HASHGUARD_TENANT_A_NAME, t->name, sizeof(t->name),
		   &have);
	hg_get_str(tb, HASHGUARD_TENANT_A_CGROUP, t->cgroup, sizeof(t->cgroup),
		   &have);
	t->cgroup_id = hg_get_u64(tb, HASHGUARD_TENANT_A_CGROUP_ID, &have);
	t->processes = hg_get_u32(tb, HASHGUARD_TENANT_A_PROCESSES, &have);
	t->flagged = hg_get_u32(tb, HASHGUARD_TENANT_A_FLAGGED, &have);
	t->cgroup_gone = !!tb[HASHGUARD_TENANT_A_CGROUP_GONE];
	return 0;
}

static int hg_parse_tenant_item(struct nlattr *nest, void *item)
{
	return hg_nl_parse_tenant(nest, item);
}

/* Put HASHGUARD_A_TENANT with NAME (and CGROUP unless NULL). */
int hg_put_tenant(struct nl_msg *msg, const char *name, const char *cgroup)
{
	struct nlattr *nest = nla_nest_start(msg, HASHGUARD_A_TENANT);

	if (!nest || nla_put_string(msg, HASHGUARD_TENANT_A_NAME, name) ||
	    (cgroup && nla_put_string(msg, HASHGUARD_TENANT_A_CGROUP, cgroup)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* A put function: the tenant named @arg, if any. */
int hg_put_tenant_filter(struct nl_msg *msg, const void *arg)
{
	return arg ? hg_put_tenant(msg, arg, NULL) : 0;
}

int hg_bad_name(struct hg_nl *h, const char *what, const char *name)
{
	return hg_failf(h, -EINVAL,
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

	return hg_put_tenant(msg, r->name, r->cgroup);
}

/**
 * hg_nl_tenant_add() - HASHGUARD_CMD_NEW_TENANT
 * @h: handle
 * @name: tenant name (see hg_tenant_name_valid())
 * @cgroup: the cgroup's path relative to the cgroup v2 root, e.g.
 *	"/tenants/acme"
 * @out: the new tenant as the kernel describes it; may be NULL
 *
 * Return: 0 or -errno: -EEXIST (name or cgroup already registered),
 * -ENOENT (no such cgroup), -ENOSPC (too many tenants), ...
 */
int hg_nl_tenant_add(struct hg_nl *h, const char *name, const char *cgroup,
		     struct hg_tenant *out)
{
	static const char what[] = "tenant add";
	struct hg_tenant_req r = { .name = name, .cgroup = cgroup };
	struct hg_tenant dummy;
	int ret;

	if (!out)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	if (!hg_tenant_name_valid(name))
		return hg_bad_name(h, what, name);
	if (!cgroup || cgroup[0] != '/' ||
	    strlen(cgroup) >= HASHGUARD_CGROUP_PATH_MAX)
		return hg_failf(h, -EINVAL,
				"%s: the cgroup must be a path from the cgroup v2 root, starting with '/', shorter than %d bytes",
				what, HASHGUARD_CGROUP_PATH_MAX);
	ret = hg_request(h, HASHGUARD_CMD_NEW_TENANT, what, hg_put_tenant_req,
			 &r, HASHGUARD_A_TENANT, hg_parse_tenant_item, out);
	hg_hint(h, ret, -EEXIST, what,
		"a tenant with this name or this cgroup already exists");
	hg_hint(h, ret, -ENOENT, what, "no such cgroup");
	hg_hint(h, ret, -ENOSPC, what, "too many tenants");
	return ret;
}

/**
 * hg_nl_tenant_del() - HASHGUARD_CMD_DEL_TENANT
 * @h: handle
 * @name: tenant name
 *
 * Return: 0 or -errno (-ENOENT: no such tenant, -EBUSY: it holds
 * approvals).
 */
int hg_nl_tenant_del(struct hg_nl *h, const char *name)
{
	static const char what[] = "tenant del";
	int ret;

	if (!hg_tenant_name_valid(name))
		return hg_bad_name(h, what, name);
	ret = hg_request(h, HASHGUARD_CMD_DEL_TENANT, what,
			 hg_put_tenant_filter, name, 0, NULL, NULL);
	hg_hint(h, ret, -EBUSY, what,
		"the tenant holds approvals: revoke them first");
	return hg_hint(h, ret, -ENOENT, what, "no such tenant");
}

/**
 * hg_nl_tenant_list() - every tenant (HASHGUARD_CMD_GET_TENANT dump)
 * @h: handle
 * @tenants: set to a malloc()ed array (free() it), NULL when empty
 * @n: set to the number of tenants
 *
 * Return: 0 or -errno.
 */
int hg_nl_tenant_list(struct hg_nl *h, struct hg_tenant **tenants, size_t *n)
{
	static const struct hg_dump_req d = {
		.cmd = HASHGUARD_CMD_GET_TENANT,
		.what = "tenant list",
		.attr = HASHGUARD_A_TENANT,
		.parse = hg_parse_tenant_item,
		.size = sizeof(struct hg_tenant),
	};

	return hg_dump(h, &d, (void **)tenants, n);
}
