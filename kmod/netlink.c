// SPDX-License-Identifier: GPL-2.0
/*
 * The "hashguard" generic netlink family: commands, their attribute
 * policies and the replies.  The API itself is described in
 * include/uapi/linux/hashguard.h.
 *
 * Validation is left to the policies wherever they can express it, so
 * that a bad request gets an extended-ack message naming the attribute
 * and nothing in the handlers runs on unchecked input.
 */

#include <linux/atomic.h>
#include <linux/hashguard.h>
#include <net/genetlink.h>

#include "netlink.h"
#include "status.h"
#include "version.h"

static atomic64_t hg_nl_requests = ATOMIC64_INIT(0);

/*
 * Attributes that only replies carry.  Strict validation rejects any
 * type above HASHGUARD_A_MAX and any NLA_UNSPEC entry; these get a
 * message of their own.
 */
#define HG_REPLY_ONLY	{ .type = NLA_REJECT, \
			  .reject_message = "attribute is only sent by the kernel" }

static const struct nla_policy hg_status_policy[HASHGUARD_A_MAX + 1] = {
	[HASHGUARD_A_PAD]	= HG_REPLY_ONLY,
	[HASHGUARD_A_VERSION]	= HG_REPLY_ONLY,
	[HASHGUARD_A_UPTIME_NS]	= HG_REPLY_ONLY,
	[HASHGUARD_A_LOAD_TIME]	= HG_REPLY_ONLY,
	[HASHGUARD_A_COUNTERS]	= HG_REPLY_ONLY,
};

static struct genl_family hg_family;

static int hg_put_counters(struct sk_buff *skb)
{
	struct nlattr *nest;
	unsigned int c;
	u64 val;

	nest = nla_nest_start(skb, HASHGUARD_A_COUNTERS);
	if (!nest)
		return -EMSGSIZE;
	for (c = HASHGUARD_COUNTER_PAD + 1; c <= HASHGUARD_COUNTER_MAX; c++) {
		if (!hg_status_counter(c, &val))
			continue;
		if (nla_put_u64_64bit(skb, c, val, HASHGUARD_COUNTER_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int hg_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	atomic64_inc(&hg_nl_requests);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hg_family, 0,
				HASHGUARD_CMD_GET_STATUS);
	if (!hdr)
		goto nospace;
	if (nla_put_string(msg, HASHGUARD_A_VERSION, HASHGUARD_VERSION) ||
	    nla_put_u64_64bit(msg, HASHGUARD_A_UPTIME_NS,
			      hg_status_uptime_ns(), HASHGUARD_A_PAD) ||
	    nla_put_u64_64bit(msg, HASHGUARD_A_LOAD_TIME,
			      hg_status_load_time(), HASHGUARD_A_PAD) ||
	    hg_put_counters(msg))
		goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	NL_SET_ERR_MSG(info->extack, "status does not fit in a message");
	return -EMSGSIZE;
}

static const struct genl_small_ops hg_ops[] = {
	{
		.cmd = HASHGUARD_CMD_GET_STATUS,
		.doit = hg_nl_get_status,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family hg_family __ro_after_init = {
	.name = HASHGUARD_GENL_NAME,
	.version = HASHGUARD_GENL_VERSION,
	.maxattr = HASHGUARD_A_MAX,
	.policy = hg_status_policy,
	.netnsok = false,
	.module = THIS_MODULE,
	.small_ops = hg_ops,
	.n_small_ops = ARRAY_SIZE(hg_ops),
};

/**
 * hg_netlink_requests() - requests handled so far
 *
 * Return: the number of netlink requests the family answered.
 */
u64 hg_netlink_requests(void)
{
	return atomic64_read(&hg_nl_requests);
}

/**
 * hg_netlink_init() - register the family
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int __init hg_netlink_init(void)
{
	return genl_register_family(&hg_family);
}

/**
 * hg_netlink_exit() - unregister the family
 *
 * On return no handler runs and none will start.
 */
void hg_netlink_exit(void)
{
	genl_unregister_family(&hg_family);
}
