// SPDX-License-Identifier: GPL-2.0
/*
 * Approvals: HASHGUARD_A_APPROVAL, NEW_APPROVAL, DEL_APPROVAL and
 * GET_APPROVAL, for one approval and as a dump.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "nl_internal.h"

/**
 * hgl_nl_parse_approval() - HASHGUARD_A_APPROVAL into a struct hgl_approval
 * @nest: the attribute
 * @a: the result; @a->have says what was present
 *
 * Return: 0, or -EPROTO when ID or REF is missing or an attribute is
 * malformed.
 */
int hgl_nl_parse_approval(struct nlattr *nest, struct hgl_approval *a)
{
	struct nlattr *tb[HASHGUARD_APPROVAL_A_MAX + 1];

	memset(a, 0, sizeof(*a));
	if (hgl_parse_nest(nest, tb, HASHGUARD_APPROVAL_A_MAX,
			  hgl_approval_policy, HASHGUARD_APPROVAL_A_ID,
			  HASHGUARD_APPROVAL_A_REF))
		return -EPROTO;
	a->id = hgl_get_u32(tb, HASHGUARD_APPROVAL_A_ID, &a->have);
	a->tenant_id = hgl_get_u32(tb, HASHGUARD_APPROVAL_A_TENANT_ID, &a->have);
	a->granted_by = hgl_get_u32(tb, HASHGUARD_APPROVAL_A_GRANTED_BY,
				   &a->have);
	a->covered = hgl_get_u32(tb, HASHGUARD_APPROVAL_A_COVERED, &a->have);
	a->not_before = hgl_get_u64(tb, HASHGUARD_APPROVAL_A_NOT_BEFORE,
				   &a->have);
	a->expires = hgl_get_u64(tb, HASHGUARD_APPROVAL_A_EXPIRES, &a->have);
	a->granted_time = hgl_get_u64(tb, HASHGUARD_APPROVAL_A_GRANTED_TIME,
				     &a->have);
	a->state = hgl_get_u8(tb, HASHGUARD_APPROVAL_A_STATE, &a->have);
	a->end = hgl_get_u8(tb, HASHGUARD_APPROVAL_A_END, &a->have);
	hgl_get_str(tb, HASHGUARD_APPROVAL_A_TENANT_NAME, a->tenant,
		   sizeof(a->tenant), &a->have);
	hgl_get_str(tb, HASHGUARD_APPROVAL_A_REF, a->ref, sizeof(a->ref),
		   &a->have);
	hgl_get_str(tb, HASHGUARD_APPROVAL_A_EXE, a->exe, sizeof(a->exe),
		   &a->have);
	return 0;
}

static int hg_parse_approval_item(struct nlattr *nest, void *item)
{
	return hgl_nl_parse_approval(nest, item);
}

/* What a request naming an approval carries. */
struct hg_approval_req {
	const char *tenant;
	const char *ref;
	const struct hgl_approval *req;	/* EXE, NOT_BEFORE, EXPIRES; or NULL */
	uint32_t aflags;
};

/*
 * HASHGUARD_A_TENANT with NAME, and HASHGUARD_A_APPROVAL with REF and,
 * from @req when not NULL, EXE, NOT_BEFORE and EXPIRES.
 */
static int hg_put_approval(struct nl_msg *msg, const void *arg)
{
	const struct hg_approval_req *r = arg;
	const struct hgl_approval *req = r->req;
	struct nlattr *nest;

	if (hgl_put_tenant(msg, r->tenant, NULL))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, HASHGUARD_A_APPROVAL);
	if (!nest || nla_put_string(msg, HASHGUARD_APPROVAL_A_REF, r->ref))
		return -EMSGSIZE;
	if (req && req->exe[0] &&
	    nla_put_string(msg, HASHGUARD_APPROVAL_A_EXE, req->exe))
		return -EMSGSIZE;
	if (req && req->not_before &&
	    nla_put_u64(msg, HASHGUARD_APPROVAL_A_NOT_BEFORE, req->not_before))
		return -EMSGSIZE;
	if (req && req->expires &&
	    nla_put_u64(msg, HASHGUARD_APPROVAL_A_EXPIRES, req->expires))
		return -EMSGSIZE;
	if (r->aflags &&
	    nla_put_u32(msg, HASHGUARD_APPROVAL_A_FLAGS, r->aflags))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * A request naming an approval of @tenant by @ref, its reply in @out (may
 * be NULL).  Return: 0 or -errno, with hgl_nl_error() set and, for
 * -ENOENT, @enoent as the message when the kernel gave none.
 */
static int hg_approval_call(struct hgl_nl *h, uint8_t cmd, const char *what,
			    const struct hg_approval_req *r,
			    struct hgl_approval *out, const char *enoent)
{
	struct hgl_approval dummy;
	int ret;

	if (!out)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	if (!hgl_tenant_name_valid(r->tenant))
		return hgl_bad_name(h, what, r->tenant);
	if (!hgl_approval_ref_valid(r->ref))
		return hgl_failf(h, -EINVAL,
				"%s: invalid approval reference '%.64s': use 1 to %d bytes without control characters",
				what, r->ref ? r->ref : "",
				HASHGUARD_APPROVAL_REF_MAX - 1);
	ret = hgl_request(h, cmd, what, hg_put_approval, r,
			 HASHGUARD_A_APPROVAL, hg_parse_approval_item, out);
	return hgl_hint(h, ret, -ENOENT, what, enoent);
}

/**
 * hgl_nl_approval_set() - HASHGUARD_CMD_NEW_APPROVAL: grant or replace
 * @h: handle
 * @tenant: the tenant's name
 * @req: the approval: @req->ref, and @req->exe ("" for the whole
 *	tenant), @req->not_before (0: from now), @req->expires (0: never)
 * @excl: fail with -EEXIST rather than replace an approval with the same
 *	reference (HASHGUARD_APPROVAL_F_EXCL)
 * @out: the approval as the kernel describes it; may be NULL
 *
 * Return: 0 or -errno: -ENOENT (no such tenant), -EEXIST (@excl and the
 * reference exists), -EINVAL (host tenant, bad path or times), -ENOSPC.
 */
int hgl_nl_approval_set(struct hgl_nl *h, const char *tenant,
		       const struct hgl_approval *req, bool excl,
		       struct hgl_approval *out)
{
	static const char what[] = "approve";
	struct hg_approval_req r = {
		.tenant = tenant, .ref = req->ref, .req = req,
		.aflags = excl ? HASHGUARD_APPROVAL_F_EXCL : 0,
	};
	int ret;

	if (out)
		memset(out, 0, sizeof(*out));
	if (req->exe[0] && (req->exe[0] != '/' ||
			    strnlen(req->exe, sizeof(req->exe)) >=
			    HASHGUARD_EXE_PATH_MAX))
		return hgl_failf(h, -EINVAL,
				"%s: the executable must be an absolute path shorter than %d bytes",
				what, HASHGUARD_EXE_PATH_MAX);
	ret = hg_approval_call(h, HASHGUARD_CMD_NEW_APPROVAL, what, &r, out,
			       "no such tenant");
	hgl_hint(h, ret, -EEXIST, what,
		"an approval with this reference already exists in this tenant");
	hgl_hint(h, ret, -ENOSPC, what, "too many approvals");
	return ret;
}

/**
 * hgl_nl_approval_del() - HASHGUARD_CMD_DEL_APPROVAL: revoke
 * @h: handle
 * @tenant: the tenant's name
 * @ref: the approval's reference
 * @out: the approval removed (@out->end: revoked); may be NULL
 *
 * Return: 0 or -errno (-ENOENT: no such tenant or approval).
 */
int hgl_nl_approval_del(struct hgl_nl *h, const char *tenant, const char *ref,
		       struct hgl_approval *out)
{
	struct hg_approval_req r = { .tenant = tenant, .ref = ref };

	return hg_approval_call(h, HASHGUARD_CMD_DEL_APPROVAL, "revoke", &r,
				out, "no such tenant or approval");
}

/**
 * hgl_nl_approval_get() - HASHGUARD_CMD_GET_APPROVAL: one approval
 * @h: handle
 * @tenant: the tenant's name
 * @ref: the approval's reference
 * @out: the approval
 *
 * Return: 0 or -errno (-ENOENT: no such tenant or approval).
 */
int hgl_nl_approval_get(struct hgl_nl *h, const char *tenant, const char *ref,
		       struct hgl_approval *out)
{
	struct hg_approval_req r = { .tenant = tenant, .ref = ref };

	return hg_approval_call(h, HASHGUARD_CMD_GET_APPROVAL, "approval", &r,
				out, "no such tenant or approval");
}

/**
 * hgl_nl_approval_list() - approvals (HASHGUARD_CMD_GET_APPROVAL dump)
 * @h: handle
 * @tenant: only this tenant's approvals (by name), or NULL for all
 * @approvals: set to a malloc()ed array (free() it), NULL when empty
 * @n: set to the number of approvals
 *
 * Retried as hgl_nl_task_list() is when the dump races with changes.
 *
 * Return: 0 or -errno.
 */
int hgl_nl_approval_list(struct hgl_nl *h, const char *tenant,
			struct hgl_approval **approvals, size_t *n)
{
	static const char what[] = "approvals";
	struct hgl_dump_req d = {
		.cmd = HASHGUARD_CMD_GET_APPROVAL,
		.what = what,
		.tenant = tenant,
		.put = hgl_put_tenant_filter,
		.put_arg = tenant,
		.attr = HASHGUARD_A_APPROVAL,
		.parse = hg_parse_approval_item,
		.size = sizeof(struct hgl_approval),
	};

	return hgl_dump(h, &d, (void **)approvals, n);
}
