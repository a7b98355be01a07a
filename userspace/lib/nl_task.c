// SPDX-License-Identifier: GPL-2.0
/*
 * Tracked processes: HASHGUARD_A_TASK and GET_TASK, as a dump and for one
 * process.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl_internal.h"

/**
 * hgl_task_release() - free what a struct hgl_task holds (its @exe)
 * @t: the process; left with @exe NULL, safe to release again
 */
void hgl_task_release(struct hgl_task *t)
{
	free(t->exe);
	t->exe = NULL;
}

/**
 * hgl_task_list_free() - free an array of hgl_nl_task_list()
 * @tasks: the array, or NULL
 * @n: its length
 */
void hgl_task_list_free(struct hgl_task *tasks, size_t n)
{
	size_t i;

	for (i = 0; tasks && i < n; i++)
		hgl_task_release(&tasks[i]);
	free(tasks);
}

/**
 * hgl_nl_parse_task() - HASHGUARD_A_TASK into a struct hgl_task
 * @nest: the attribute
 * @t: the result, overwritten (release what it held first);
 *	@t->have and @t->features_have say what was present.  On success,
 *	hgl_task_release() frees what it holds; on failure it holds nothing.
 *
 * Return: 0, -EPROTO when TGID is missing or an attribute is malformed,
 * or -ENOMEM.
 */
int hgl_nl_parse_task(struct nlattr *nest, struct hgl_task *t)
{
	struct nlattr *tb[HASHGUARD_TASK_A_MAX + 1];
	struct nlattr *a;
	int rem;

	memset(t, 0, sizeof(*t));
	if (hgl_parse_nest(nest, tb, HASHGUARD_TASK_A_MAX, hgl_task_policy,
			  HASHGUARD_TASK_A_TGID, 0))
		return -EPROTO;
	t->tgid = hgl_get_u32(tb, HASHGUARD_TASK_A_TGID, &t->have);
	t->pid = hgl_get_u32(tb, HASHGUARD_TASK_A_PID, &t->have);
	t->tenant_id = hgl_get_u32(tb, HASHGUARD_TASK_A_TENANT_ID, &t->have);
	t->score = hgl_get_u32(tb, HASHGUARD_TASK_A_SCORE, &t->have);
	t->threads = hgl_get_u32(tb, HASHGUARD_TASK_A_THREADS, &t->have);
	t->start_time = hgl_get_u64(tb, HASHGUARD_TASK_A_START_TIME, &t->have);
	t->samples = hgl_get_u64(tb, HASHGUARD_TASK_A_SAMPLES, &t->have);
	t->flagged_time = hgl_get_u64(tb, HASHGUARD_TASK_A_FLAGGED_TIME,
				     &t->have);
	t->state = hgl_get_u8(tb, HASHGUARD_TASK_A_STATE, &t->have);
	t->approval_id = hgl_get_u32(tb, HASHGUARD_TASK_A_APPROVAL_ID, &t->have);
	hgl_get_str(tb, HASHGUARD_TASK_A_COMM, t->comm, sizeof(t->comm),
		   &t->have);
	hgl_get_str(tb, HASHGUARD_TASK_A_TENANT_NAME, t->tenant,
		   sizeof(t->tenant), &t->have);
	if (hgl_get_strdup(tb, HASHGUARD_TASK_A_EXE, HASHGUARD_EXE_PATH_MAX,
			  &t->exe, &t->have))
		return -ENOMEM;
	hgl_get_str(tb, HASHGUARD_TASK_A_APPROVAL_REF, t->approval_ref,
		   sizeof(t->approval_ref), &t->have);
	if (!tb[HASHGUARD_TASK_A_FEATURES])
		return 0;
	t->have |= HGL_TASK_BIT(HASHGUARD_TASK_A_FEATURES);
	nla_for_each_nested(a, tb[HASHGUARD_TASK_A_FEATURES], rem) {
		unsigned int type = nla_type(a);

		if (type == HASHGUARD_FEATURE_UNSPEC || type >= HGL_FEATURES_MAX)
			continue;
		if (nla_len(a) < (int)sizeof(uint32_t)) {
			hgl_task_release(t);
			return -EPROTO;
		}
		t->features[type] = nla_get_u32(a);
		t->features_have |= 1U << type;
	}
	return 0;
}

static int hg_parse_task_item(struct nlattr *nest, void *item)
{
	return hgl_nl_parse_task(nest, item);
}

static void hg_release_task_item(void *item)
{
	hgl_task_release(item);
}

struct hg_task_filter {
	const char *tenant;
	uint32_t state_mask;
};

static int hg_put_task_filter(struct nl_msg *msg, const void *arg)
{
	const struct hg_task_filter *f = arg;

	if (f->tenant && hgl_put_tenant(msg, f->tenant, NULL))
		return -EMSGSIZE;
	if (f->state_mask &&
	    nla_put_u32(msg, HASHGUARD_A_STATE_MASK, f->state_mask))
		return -EMSGSIZE;
	return 0;
}

/**
 * hgl_nl_task_list() - tracked processes (HASHGUARD_CMD_GET_TASK dump)
 * @h: handle
 * @tenant: only this tenant's processes (by name), or NULL for all
 * @state_mask: bit n selects enum hashguard_state n; 0 for all
 * @tasks: set to a malloc()ed array (hgl_task_list_free() it), NULL when
 *	empty
 * @n: set to the number of processes
 *
 * A dump that raced with processes coming and going is read again, up
 * to HGL_DUMP_RETRIES more times; then the call fails with -EAGAIN.
 *
 * Return: 0 or -errno.
 */
int hgl_nl_task_list(struct hgl_nl *h, const char *tenant, uint32_t state_mask,
		    struct hgl_task **tasks, size_t *n)
{
	struct hg_task_filter f = { .tenant = tenant, .state_mask = state_mask };
	struct hgl_dump_req d = {
		.cmd = HASHGUARD_CMD_GET_TASK,
		.what = "tasks",
		.tenant = tenant,
		.put = hg_put_task_filter,
		.put_arg = &f,
		.attr = HASHGUARD_A_TASK,
		.parse = hg_parse_task_item,
		.release = hg_release_task_item,
		.size = sizeof(struct hgl_task),
	};

	return hgl_dump(h, &d, (void **)tasks, n);
}

/* GET_TASK's selector: the process, and its start time unless 0. */
struct hg_task_key {
	uint32_t tgid;
	uint64_t start_time;
};

static int hg_put_task_key(struct nl_msg *msg, const void *arg)
{
	const struct hg_task_key *k = arg;
	struct nlattr *nest = nla_nest_start(msg, HASHGUARD_A_TASK);

	if (!nest || nla_put_u32(msg, HASHGUARD_TASK_A_TGID, k->tgid) ||
	    (k->start_time && nla_put_u64(msg, HASHGUARD_TASK_A_START_TIME,
					  k->start_time)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * hgl_nl_task_get() - one tracked process (HASHGUARD_CMD_GET_TASK doit)
 * @h: handle
 * @tgid: its process id
 * @start_time: its start time (struct hgl_task @start_time), to be sure
 *	of the process; 0 for whichever process has @tgid
 * @t: the process
 *
 * Return: 0 or -errno (-ENOENT: not tracked).
 */
int hgl_nl_task_get(struct hgl_nl *h, uint32_t tgid, uint64_t start_time,
		   struct hgl_task *t)
{
	static const char what[] = "task";
	struct hg_task_key k = { .tgid = tgid, .start_time = start_time };
	char hint[64];
	int ret;

	memset(t, 0, sizeof(*t));
	ret = hgl_request(h, HASHGUARD_CMD_GET_TASK, what, hg_put_task_key, &k,
			 HASHGUARD_A_TASK, hg_parse_task_item, t);
	if (ret)
		hgl_task_release(t);
	snprintf(hint, sizeof(hint), "process %" PRIu32 " is not tracked",
		 tgid);
	return hgl_hint(h, ret, -ENOENT, what, hint);
}
