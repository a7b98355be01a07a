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
	unsigned int i, op;

	/*
	 * Every command has its own policy, and in each a new attribute
	 * must get an explicit entry, not NLA_UNSPEC.
	 */
	for (op = 0; op < ARRAY_SIZE(hg_ops); op++) {
		KUNIT_ASSERT_NOT_NULL(test, hg_ops[op].policy);
		KUNIT_EXPECT_EQ(test, hg_ops[op].maxattr, HASHGUARD_A_MAX);
		for (i = HASHGUARD_A_UNSPEC + 1; i <= HASHGUARD_A_MAX; i++)
			KUNIT_EXPECT_NE_MSG(test, hg_ops[op].policy[i].type,
					    NLA_UNSPEC,
					    "command %u: attribute %u has no policy",
					    hg_ops[op].cmd, i);
	}
}

/* A SET_CONFIG request with one u32 (or u8) attribute in the nest. */
struct nl_test_cfg {
	int type;
	u32 val;
	bool u8;
	int expect;
	const char *desc;
};

static const struct nl_test_cfg nl_test_cfg_reqs[] = {
	{ HASHGUARD_CONFIG_A_SAMPLE_HZ, 1000, false, 0, "sample_hz 1000" },
	{ HASHGUARD_CONFIG_A_SAMPLE_HZ, 9, false, -ERANGE, "sample_hz 9" },
	{ HASHGUARD_CONFIG_A_SAMPLE_HZ, 10001, false, -ERANGE, "sample_hz 10001" },
	{ HASHGUARD_CONFIG_A_WINDOW_MS, 60000, false, 0, "window_ms 60000" },
	{ HASHGUARD_CONFIG_A_WINDOW_MS, 99, false, -ERANGE, "window_ms 99" },
	{ HASHGUARD_CONFIG_A_FLAG_THRESHOLD, 0, false, -ERANGE, "flag_threshold 0" },
	{ HASHGUARD_CONFIG_A_FLAG_THRESHOLD, 1001, false, -ERANGE, "flag_threshold 1001" },
	{ HASHGUARD_CONFIG_A_CLEAR_THRESHOLD, 1000, false, -ERANGE, "clear_threshold 1000" },
	{ HASHGUARD_CONFIG_A_MAX_TASKS, 15, false, -ERANGE, "max_tasks 15" },
	{ HASHGUARD_CONFIG_A_MAX_TASKS, 1 << 20, false, 0, "max_tasks 2^20" },
	{ HASHGUARD_CONFIG_A_SAMPLE_SOURCE, HASHGUARD_SOURCE_CYCLES, true, 0,
	  "sample_source cycles" },
	{ HASHGUARD_CONFIG_A_SAMPLE_SOURCE, 2, true, -ERANGE, "sample_source 2" },
	{ HASHGUARD_CONFIG_A_SAMPLE_SOURCE, 0, false, -EINVAL,
	  "sample_source as u32" },
	{ HASHGUARD_CONFIG_A_MAX + 1, 1, false, -EINVAL, "unknown config attribute" },
};

static void nl_test_cfg_desc(const struct nl_test_cfg *r, char *desc)
{
	strscpy(desc, r->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nl_test_cfg, nl_test_cfg_reqs, nl_test_cfg_desc);

static void nl_test_config_policy(struct kunit *test)
{
	const struct nl_test_cfg *r = test->param_value;
	struct netlink_ext_ack extack = {};
	struct sk_buff *skb;
	struct nlattr *nest;
	int ret;

	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	nest = nla_nest_start(skb, HASHGUARD_A_CONFIG);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	if (r->u8)
		KUNIT_ASSERT_EQ(test, 0, nla_put_u8(skb, r->type, r->val));
	else
		KUNIT_ASSERT_EQ(test, 0, nla_put_u32(skb, r->type, r->val));
	nla_nest_end(skb, nest);

	ret = nla_validate((struct nlattr *)skb->data, skb->len,
			   HASHGUARD_A_MAX, hg_set_config_policy, &extack);
	KUNIT_EXPECT_EQ(test, ret, r->expect);
	if (r->expect)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	kfree_skb(skb);
}

/* Requests for one command must not carry another's attributes. */
static void nl_test_attrs_not_here(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct sk_buff *skb;

	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, 0, nla_put_u32(skb, HASHGUARD_A_STATE_MASK, 1));
	KUNIT_EXPECT_EQ(test, nla_validate((struct nlattr *)skb->data, skb->len,
					   HASHGUARD_A_MAX, hg_new_tenant_policy,
					   &extack), -EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg, "attribute not used by this command");
	/* ... while the task dump takes it, within the states' mask. */
	KUNIT_EXPECT_EQ(test, nla_validate((struct nlattr *)skb->data, skb->len,
					   HASHGUARD_A_MAX, hg_get_task_policy,
					   &extack), 0);
	kfree_skb(skb);

	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, 0, nla_put_u32(skb, HASHGUARD_A_STATE_MASK,
					     BIT(HASHGUARD_STATE_MAX + 1)));
	KUNIT_EXPECT_NE(test, nla_validate((struct nlattr *)skb->data, skb->len,
					   HASHGUARD_A_MAX, hg_get_task_policy,
					   &extack), 0);
	kfree_skb(skb);
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
	KUNIT_CASE_PARAM(nl_test_config_policy, nl_test_cfg_gen_params),
	KUNIT_CASE(nl_test_attrs_not_here),
	KUNIT_CASE(nl_test_ops_need_admin),
	{}
};

static struct kunit_suite nl_test_suite = {
	.name = "hashguard_netlink",
	.test_cases = nl_test_cases,
};

kunit_test_suite(nl_test_suite);
