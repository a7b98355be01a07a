// SPDX-License-Identifier: GPL-2.0
/*
 * Actions a policy agent reports: HASHGUARD_CMD_ACTION.
 */

#include <errno.h>
#include <string.h>

#include "nl_internal.h"

/* HASHGUARD_A_ACTION of the struct hgl_action @arg. */
static int hg_put_action(struct nl_msg *msg, const void *arg)
{
	const struct hgl_action *act = arg;
	struct nlattr *nest = nla_nest_start(msg, HASHGUARD_A_ACTION);

	if (!nest || nla_put_u32(msg, HASHGUARD_ACTION_A_TGID, act->tgid) ||
	    (act->start_time &&
	     nla_put_u64(msg, HASHGUARD_ACTION_A_START_TIME, act->start_time)) ||
	    nla_put_u8(msg, HASHGUARD_ACTION_A_KIND, (uint8_t)act->kind) ||
	    nla_put_u8(msg, HASHGUARD_ACTION_A_OUTCOME, (uint8_t)act->outcome) ||
	    (act->reason &&
	     nla_put_string(msg, HASHGUARD_ACTION_A_REASON, act->reason)) ||
	    (act->detail &&
	     nla_put_string(msg, HASHGUARD_ACTION_A_DETAIL, act->detail)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* Whether the kernel would take @text as a reason or a detail. */
static bool hg_action_text_ok(const char *text)
{
	return !text ||
	       strnlen(text, HASHGUARD_ACTION_TEXT_MAX) < HASHGUARD_ACTION_TEXT_MAX;
}

/**
 * hgl_nl_action_report() - HASHGUARD_CMD_ACTION: report an action taken
 * @h: handle
 * @act: the action; @act->reason and @act->detail, when not NULL, must be
 *	shorter than HASHGUARD_ACTION_TEXT_MAX bytes
 *
 * The module writes it to the audit trail with the caller's identity.
 *
 * Return: 0 or -errno.
 */
int hgl_nl_action_report(struct hgl_nl *h, const struct hgl_action *act)
{
	static const char what[] = "action";

	if (act->kind > UINT8_MAX || act->outcome > UINT8_MAX)
		return hgl_fail(h, -EINVAL, NULL, what);
	if (!hg_action_text_ok(act->reason) || !hg_action_text_ok(act->detail))
		return hgl_failf(h, -EINVAL,
				"%s: reason and detail must be shorter than %d bytes",
				what, HASHGUARD_ACTION_TEXT_MAX);
	return hgl_request(h, HASHGUARD_CMD_ACTION, what, hg_put_action, act, 0,
			  NULL, NULL);
}
