// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the generic netlink policies (kmod/netlink.c): what a
 * request may carry, and the extended-ack message a bad one gets.  The
 * files under test are included so that their static policies, commands
 * and multicast groups (kmod/notify.c) are visible.
 */

#include <kunit/test.h>
#include <net/netlink.h>

#include "../../kmod/netlink.c"
#include "../../kmod/notify.c"

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

/* Only status and configuration are open; everything else needs admin. */
static void nl_test_ops_need_admin(struct kunit *test)
{
	unsigned int i;
	bool open;

	for (i = 0; i < ARRAY_SIZE(hg_ops); i++) {
		open = hg_ops[i].cmd == HASHGUARD_CMD_GET_STATUS ||
		       hg_ops[i].cmd == HASHGUARD_CMD_GET_CONFIG;
		KUNIT_EXPECT_EQ_MSG(test, !(hg_ops[i].flags & GENL_ADMIN_PERM),
				    open, "command %u: wrong GENL_ADMIN_PERM",
				    hg_ops[i].cmd);
	}
	for (i = 0; i < ARRAY_SIZE(hg_mcgrps); i++)
		KUNIT_EXPECT_TRUE(test,
				  hg_mcgrps[i].flags & GENL_MCAST_CAP_NET_ADMIN);
}

/* Every attribute of a request nest has an explicit policy entry. */
static void nl_test_nests_complete(struct kunit *test)
{
	static const struct {
		const struct nla_policy *pol;
		unsigned int max;
		const char *name;
	} nests[] = {
		{ hg_config_policy, HASHGUARD_CONFIG_A_MAX, "config" },
		{ hg_tenant_new_policy, HASHGUARD_TENANT_A_MAX, "tenant new" },
		{ hg_tenant_sel_policy, HASHGUARD_TENANT_A_MAX, "tenant sel" },
		{ hg_task_sel_policy, HASHGUARD_TASK_A_MAX, "task sel" },
		{ hg_approval_new_policy, HASHGUARD_APPROVAL_A_MAX, "approval new" },
		{ hg_approval_sel_policy, HASHGUARD_APPROVAL_A_MAX, "approval sel" },
		{ hg_action_policy, HASHGUARD_ACTION_A_MAX, "action" },
	};
	unsigned int n, i;

	for (n = 0; n < ARRAY_SIZE(nests); n++)
		for (i = 1; i <= nests[n].max; i++)
			KUNIT_EXPECT_NE_MSG(test, nests[n].pol[i].type, NLA_UNSPEC,
					    "%s: attribute %u has no policy",
					    nests[n].name, i);
}

/* One attribute inside a nest, validated against a command's policy. */
struct nl_test_nested {
	const struct nla_policy *pol;
	int nest;
	int type;
	int len;
	u64 val;
	int expect;
	const char *msg;
	const char *desc;
};

static const struct nl_test_nested nl_test_nested_reqs[] = {
	{ hg_new_approval_policy, HASHGUARD_A_APPROVAL, HASHGUARD_APPROVAL_A_REF,
	  HASHGUARD_APPROVAL_REF_MAX, 'r', 0, NULL, "ref of 127 bytes" },
	{ hg_new_approval_policy, HASHGUARD_A_APPROVAL, HASHGUARD_APPROVAL_A_REF,
	  HASHGUARD_APPROVAL_REF_MAX + 1, 'r', -EINVAL, NULL, "ref of 128 bytes" },
	{ hg_new_approval_policy, HASHGUARD_A_APPROVAL, HASHGUARD_APPROVAL_A_EXE,
	  HASHGUARD_EXE_PATH_MAX + 1, '/', -EINVAL, NULL, "exe of 4096 bytes" },
	{ hg_new_approval_policy, HASHGUARD_A_APPROVAL,
	  HASHGUARD_APPROVAL_A_EXPIRES, 8, 253402300800ULL, -ERANGE, NULL,
	  "expiry after year 9999" },
	{ hg_new_approval_policy, HASHGUARD_A_APPROVAL,
	  HASHGUARD_APPROVAL_A_NOT_BEFORE, 4, 1, -EINVAL,
	  "invalid attribute length", "not-before as u32" },
	{ hg_new_approval_policy, HASHGUARD_A_APPROVAL,
	  HASHGUARD_APPROVAL_A_GRANTED_BY, 4, 0, -EINVAL,
	  "the kernel records who granted an approval", "granted_by forged" },
	{ hg_new_approval_policy, HASHGUARD_A_APPROVAL,
	  HASHGUARD_APPROVAL_A_TENANT_ID, 4, 1, -EINVAL,
	  "name the tenant with HASHGUARD_A_TENANT", "tenant inside approval" },
	{ hg_sel_approval_policy, HASHGUARD_A_APPROVAL, HASHGUARD_APPROVAL_A_EXE,
	  2, '/', -EINVAL, "attribute not used by this command", "revoke with exe" },
	{ hg_action_op_policy, HASHGUARD_A_ACTION, HASHGUARD_ACTION_A_KIND,
	  1, HASHGUARD_ACTION_MAX + 1, -ERANGE, NULL, "action kind too big" },
	{ hg_action_op_policy, HASHGUARD_A_ACTION, HASHGUARD_ACTION_A_KIND,
	  1, HASHGUARD_ACTION_UNSPEC, -ERANGE, NULL, "action kind 0" },
	{ hg_action_op_policy, HASHGUARD_A_ACTION, HASHGUARD_ACTION_A_OUTCOME,
	  1, HASHGUARD_OUTCOME_FAILED, 0, NULL, "outcome failed" },
	{ hg_action_op_policy, HASHGUARD_A_ACTION, HASHGUARD_ACTION_A_TGID,
	  4, 0, -ERANGE, NULL, "action on tgid 0" },
	{ hg_action_op_policy, HASHGUARD_A_ACTION, HASHGUARD_ACTION_A_REASON,
	  HASHGUARD_ACTION_TEXT_MAX + 1, 'x', -EINVAL, NULL, "reason too long" },
	{ hg_get_task_policy, HASHGUARD_A_TASK, HASHGUARD_TASK_A_TGID,
	  4, 42, 0, NULL, "task by tgid" },
	{ hg_get_task_policy, HASHGUARD_A_TASK, HASHGUARD_TASK_A_SCORE,
	  4, 1, -EINVAL, "attribute is only sent by the kernel",
	  "task score in a request" },
	/* The nest flag is checked before the policy's reject message. */
	{ hg_status_policy, HASHGUARD_A_APPROVAL, HASHGUARD_APPROVAL_A_REF,
	  2, 'r', -EINVAL, "NLA_F_NESTED not expected",
	  "approval sent to status" },
};

static void nl_test_nested_desc(const struct nl_test_nested *r, char *desc)
{
	strscpy(desc, r->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nl_test_nested, nl_test_nested_reqs, nl_test_nested_desc);

static void nl_test_nested_policy(struct kunit *test)
{
	const struct nl_test_nested *r = test->param_value;
	struct netlink_ext_ack extack = {};
	struct sk_buff *skb;
	struct nlattr *nest;
	char *buf;
	int ret;

	skb = nlmsg_new(HG_MSG_BIG, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	buf = kunit_kzalloc(test, r->len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	if (r->len == 1 || r->len == 4 || r->len == 8)
		memcpy(buf, &r->val, r->len);
	else	/* A string: r->len - 1 characters and the NUL. */
		memset(buf, (int)r->val, r->len - 1);
	nest = nla_nest_start(skb, r->nest);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	KUNIT_ASSERT_EQ(test, 0, nla_put(skb, r->type, r->len, buf));
	nla_nest_end(skb, nest);

	ret = nla_validate((struct nlattr *)skb->data, skb->len,
			   HASHGUARD_A_MAX, r->pol, &extack);
	KUNIT_EXPECT_EQ(test, ret, r->expect);
	if (r->expect)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	if (r->msg && extack._msg)
		KUNIT_EXPECT_STREQ(test, extack._msg, r->msg);
	if (r->expect)
		KUNIT_EXPECT_NOT_NULL(test, extack.bad_attr);
	kfree_skb(skb);
}

/* The same attribute twice is refused, at the top and inside a nest. */
static void nl_test_duplicates(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct nlattr *nest, *second;
	struct sk_buff *skb;

	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	nest = nla_nest_start(skb, HASHGUARD_A_TENANT);
	KUNIT_ASSERT_EQ(test, 0, nla_put_string(skb, HASHGUARD_TENANT_A_NAME, "a"));
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, 0,
			hg_nl_no_dups_in((struct nlattr *)skb->data, skb->len,
					 true, &extack));
	second = (struct nlattr *)skb_tail_pointer(skb);
	nest = nla_nest_start(skb, HASHGUARD_A_TENANT);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hg_nl_no_dups_in((struct nlattr *)skb->data, skb->len,
					 true, &extack));
	KUNIT_EXPECT_STREQ(test, extack._msg, "attribute given more than once");
	KUNIT_EXPECT_PTR_EQ(test, extack.bad_attr, (const struct nlattr *)second);
	kfree_skb(skb);

	memset(&extack, 0, sizeof(extack));
	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	nest = nla_nest_start(skb, HASHGUARD_A_CONFIG);
	KUNIT_ASSERT_EQ(test, 0, nla_put_u32(skb, HASHGUARD_CONFIG_A_SAMPLE_HZ, 100));
	KUNIT_ASSERT_EQ(test, 0, nla_put_u32(skb, HASHGUARD_CONFIG_A_SAMPLE_HZ, 200));
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hg_nl_no_dups_in((struct nlattr *)skb->data, skb->len,
					 true, &extack));
	KUNIT_EXPECT_STREQ(test, extack._msg, "attribute given more than once");
	kfree_skb(skb);
}

static void nl_test_approval_text(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0, hg_approval_text_valid("ACME-2026/17 rev. 2"));
	KUNIT_EXPECT_EQ(test, 0, hg_approval_text_valid("caf\xc3\xa9"));
	KUNIT_EXPECT_EQ(test, -EINVAL, hg_approval_text_valid(""));
	KUNIT_EXPECT_EQ(test, -EINVAL, hg_approval_text_valid("a\nb"));
	KUNIT_EXPECT_EQ(test, -EINVAL, hg_approval_text_valid("a\x7f"));
	KUNIT_EXPECT_EQ(test, -EINVAL, hg_approval_text_valid("\tx"));
}

static struct kunit_case nl_test_cases[] = {
	KUNIT_CASE_PARAM(nl_test_status_policy, nl_test_status_gen_params),
	KUNIT_CASE(nl_test_every_attr_has_a_policy),
	KUNIT_CASE_PARAM(nl_test_config_policy, nl_test_cfg_gen_params),
	KUNIT_CASE(nl_test_attrs_not_here),
	KUNIT_CASE(nl_test_ops_need_admin),
	KUNIT_CASE(nl_test_nests_complete),
	KUNIT_CASE_PARAM(nl_test_nested_policy, nl_test_nested_gen_params),
	KUNIT_CASE(nl_test_duplicates),
	KUNIT_CASE(nl_test_approval_text),
	{}
};

static struct kunit_suite nl_test_suite = {
	.name = "hashguard_netlink",
	.test_cases = nl_test_cases,
};

kunit_test_suite(nl_test_suite);
