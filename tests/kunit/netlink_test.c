// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the generic netlink policies (kmod/netlink.c): what a
 * request may carry, and the extended-ack message a bad one gets.  The
 * file under test is included so that its static policies are visible.
 */

#include <kunit/test.h>
#include <net/netlink.h>

#include "../../kmod/netlink.c"

struct nl_test_req {
	int type;
	int len;
	int expect;
	const char *msg;
	const char *desc;
};

static const struct nl_test_req nl_test_status_reqs[] = {
	{ HASHGUARD_A_VERSION, 4, -EINVAL,
	  "attribute is only sent by the kernel", "version is reply-only" },
	{ HASHGUARD_A_UPTIME_NS, 8, -EINVAL,
	  "attribute is only sent by the kernel", "uptime is reply-only" },
	{ HASHGUARD_A_COUNTERS, 0, -EINVAL,
	  "attribute is only sent by the kernel", "counters are reply-only" },
	{ HASHGUARD_A_MAX + 1, 4, -EINVAL,
	  "Unknown attribute type", "unknown type above max" },
	{ HASHGUARD_A_UNSPEC, 4, -EINVAL,
	  "Unknown attribute type", "type 0" },
	{ -1, 0, 0, NULL, "empty request" },
};

static void nl_test_desc(const struct nl_test_req *r, char *desc)
{
	strscpy(desc, r->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nl_test_status, nl_test_status_reqs, nl_test_desc);

static void nl_test_status_policy(struct kunit *test)
{
	const struct nl_test_req *r = test->param_value;
	struct netlink_ext_ack extack = {};
	struct sk_buff *skb;
	int ret;

	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	if (r->type >= 0)
		KUNIT_ASSERT_EQ(test, 0, nla_put(skb, r->type, r->len,
						 "\0\0\0\0\0\0\0\0"));

	ret = nla_validate((struct nlattr *)skb->data, skb->len,
			   HASHGUARD_A_MAX, hg_status_policy, &extack);
	KUNIT_EXPECT_EQ(test, ret, r->expect);
	if (r->msg)
		KUNIT_EXPECT_STREQ(test, extack._msg, r->msg);
	else
		KUNIT_EXPECT_NULL(test, extack._msg);
	kfree_skb(skb);
}

static void nl_test_every_attr_has_a_policy(struct kunit *test)
{
	unsigned int i;

	/* A new attribute must get an explicit entry, not NLA_UNSPEC. */
	for (i = HASHGUARD_A_UNSPEC + 1; i <= HASHGUARD_A_MAX; i++)
		KUNIT_EXPECT_NE_MSG(test, hg_status_policy[i].type, NLA_UNSPEC,
				    "attribute %u has no policy", i);
}

static void nl_test_ops_need_admin(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hg_ops); i++)
		KUNIT_EXPECT_TRUE_MSG(test, hg_ops[i].flags & GENL_ADMIN_PERM,
				      "command %u lacks GENL_ADMIN_PERM",
				      hg_ops[i].cmd);
}

static struct kunit_case nl_test_cases[] = {
	KUNIT_CASE_PARAM(nl_test_status_policy, nl_test_status_gen_params),
	KUNIT_CASE(nl_test_every_attr_has_a_policy),
	KUNIT_CASE(nl_test_ops_need_admin),
	{}
};

static struct kunit_suite nl_test_suite = {
	.name = "hashguard_netlink",
	.test_cases = nl_test_cases,
};

kunit_test_suite(nl_test_suite);
