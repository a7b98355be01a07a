// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the netlink layer's own logic: extended-ack parsing,
 * error messages, names, and the parsers of the replies (fed messages
 * built with libnl as the kernel would build them).  No socket is opened.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "hgnl.h"

/*
 * Build an NLMSG_ERROR as the kernel does: header, struct nlmsgerr
 * (whose msg is the request's header), the request's payload unless
 * capped, then the TLVs.
 */
static size_t make_err(unsigned char *buf, int error, uint16_t flags,
		       size_t req_payload, const char *msg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = (struct nlmsgerr *)(buf + NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	struct nlattr *a;

	memset(buf, 0, 1024);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = flags;
	e->error = error;
	e->msg.nlmsg_len = NLMSG_HDRLEN + req_payload;
	if (!(flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(req_payload);
	memset(buf + NLMSG_HDRLEN + sizeof(*e), 0xaa,
	       off - NLMSG_HDRLEN - sizeof(*e));
	if (msg) {
		a = (struct nlattr *)(buf + off);
		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = NLA_HDRLEN + strlen(msg) + 1;
		memcpy((char *)a + NLA_HDRLEN, msg, strlen(msg) + 1);
		off += NLA_ALIGN(a->nla_len);
	}
	nlh->nlmsg_len = off;
	return off;
}

static void extack_capped(void **state)
{
	unsigned char buf[1024];
	char out[128];

	(void)state;
	make_err(buf, -EINVAL, NLM_F_ACK_TLVS | NLM_F_CAPPED, 20,
		 "attribute is only sent by the kernel");
	assert_int_equal(hg_nl_extack_msg((struct nlmsghdr *)buf, out,
					  sizeof(out)), 1);
	assert_string_equal(out, "attribute is only sent by the kernel");
}

static void extack_after_echoed_request(void **state)
{
	unsigned char buf[1024];
	char out[128];

	(void)state;
	make_err(buf, -EINVAL, NLM_F_ACK_TLVS, 13, "Unknown attribute type");
	assert_int_equal(hg_nl_extack_msg((struct nlmsghdr *)buf, out,
					  sizeof(out)), 1);
	assert_string_equal(out, "Unknown attribute type");
}

static void extack_absent(void **state)
{
	unsigned char buf[1024];
	char out[128] = "untouched";

	(void)state;
	make_err(buf, -EPERM, NLM_F_CAPPED, 0, NULL);
	assert_int_equal(hg_nl_extack_msg((struct nlmsghdr *)buf, out,
					  sizeof(out)), 0);
	/* TLV flag set but no message attribute. */
	make_err(buf, -EPERM, NLM_F_ACK_TLVS | NLM_F_CAPPED, 0, NULL);
	assert_int_equal(hg_nl_extack_msg((struct nlmsghdr *)buf, out,
					  sizeof(out)), 0);
	assert_string_equal(out, "untouched");
}

static void extack_truncated_to_buffer(void **state)
{
	unsigned char buf[1024];
	char out[8];

	(void)state;
	make_err(buf, -EINVAL, NLM_F_ACK_TLVS | NLM_F_CAPPED, 0,
		 "a rather long message");
	assert_int_equal(hg_nl_extack_msg((struct nlmsghdr *)buf, out,
					  sizeof(out)), 1);
	assert_string_equal(out, "a rathe");
}

static void extack_bogus_lengths(void **state)
{
	unsigned char buf[1024];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	char out[64];

	(void)state;
	/* Claimed echo longer than the message: no read past the end. */
	make_err(buf, -EINVAL, NLM_F_ACK_TLVS, 4, "x");
	((struct nlmsgerr *)NLMSG_DATA(nlh))->msg.nlmsg_len = 900;
	assert_int_equal(hg_nl_extack_msg(nlh, out, sizeof(out)), 0);
	/* Message shorter than its own header. */
	nlh->nlmsg_len = 8;
	assert_int_equal(hg_nl_extack_msg(nlh, out, sizeof(out)), 0);
}

static void describe_messages(void **state)
{
	char out[256];

	(void)state;
	hg_nl_describe(-EINVAL, "Unknown attribute type", "status", out,
		       sizeof(out));
	assert_string_equal(out,
			    "status: kernel reports: Unknown attribute type (Invalid argument)");
	hg_nl_describe(-ENOENT, NULL, "x", out, sizeof(out));
	assert_non_null(strstr(out, "module is not loaded"));
	assert_non_null(strstr(out, "\"hashguard\""));
	hg_nl_describe(-EPERM, NULL, "status", out, sizeof(out));
	assert_string_equal(out,
			    "status: permission denied: hashguard needs CAP_NET_ADMIN (run as root)");
	hg_nl_describe(-EPERM, "", "status", out, sizeof(out));
	assert_non_null(strstr(out, "permission denied"));
	hg_nl_describe(-ENOMEM, NULL, "status", out, sizeof(out));
	assert_string_equal(out, "status: Cannot allocate memory");
}

static void counter_names(void **state)
{
	(void)state;
	assert_string_equal(hg_counter_name(HASHGUARD_COUNTER_AUDIT_LINES),
			    "audit_lines");
	assert_string_equal(hg_counter_name(HASHGUARD_COUNTER_NL_REQUESTS),
			    "netlink_requests");
	assert_null(hg_counter_name(HASHGUARD_COUNTER_UNSPEC));
	assert_null(hg_counter_name(HASHGUARD_COUNTER_PAD));
	assert_null(hg_counter_name(HASHGUARD_COUNTER_MAX + 1));
	assert_null(hg_counter_name(1000));
}

static void counter_names_complete(void **state)
{
	unsigned int i;

	(void)state;
	/* Every counter of the uapi header has a name here. */
	for (i = HASHGUARD_COUNTER_PAD + 1; i <= HASHGUARD_COUNTER_MAX; i++)
		assert_non_null(hg_counter_name(i));
}

/* A failed dump ends with NLMSG_DONE: errno, then the extack TLVs. */
static void extack_in_done(void **state)
{
	unsigned char buf[256];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlattr *a;
	const char *msg = "no such tenant";
	char out[64];
	int err = -ENOENT;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));

	(void)state;
	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS;
	memcpy(buf + NLMSG_HDRLEN, &err, sizeof(err));
	a = (struct nlattr *)(buf + off);
	a->nla_type = NLMSGERR_ATTR_MSG;
	a->nla_len = NLA_HDRLEN + strlen(msg) + 1;
	memcpy((char *)a + NLA_HDRLEN, msg, strlen(msg) + 1);
	nlh->nlmsg_len = off + NLA_ALIGN(a->nla_len);
	assert_int_equal(hg_nl_extack_msg(nlh, out, sizeof(out)), 1);
	assert_string_equal(out, "no such tenant");
	/* Without the TLV flag there is nothing to read. */
	nlh->nlmsg_flags = NLM_F_MULTI;
	assert_int_equal(hg_nl_extack_msg(nlh, out, sizeof(out)), 0);
}

static void counter_names_new(void **state)
{
	(void)state;
	assert_string_equal(hg_counter_name(HASHGUARD_COUNTER_SAMPLES_UNREADABLE),
			    "samples_unreadable");
	assert_string_equal(hg_counter_name(HASHGUARD_COUNTER_SAMPLER_NS),
			    "sampler_ns");
	assert_string_equal(hg_counter_name(HASHGUARD_COUNTER_TASK_BYTES),
			    "task_bytes");
	assert_string_equal(hg_counter_name(HASHGUARD_COUNTER_PENDING_DROPPED),
			    "pending_dropped");
	assert_string_equal(hg_counter_name(HASHGUARD_COUNTER_TENANTS),
			    "tenants");
}

static void state_event_feature_names(void **state)
{
	unsigned int i;

	(void)state;
	assert_string_equal(hg_state_name(HASHGUARD_STATE_NORMAL), "normal");
	assert_string_equal(hg_state_name(HASHGUARD_STATE_SUSPECT), "suspect");
	assert_string_equal(hg_state_name(HASHGUARD_STATE_FLAGGED), "flagged");
	assert_string_equal(hg_state_name(HASHGUARD_STATE_CLEARED), "cleared");
	assert_null(hg_state_name(HASHGUARD_STATE_MAX + 1));
	assert_string_equal(hg_event_name(HASHGUARD_EVENT_FLAGGED), "flagged");
	assert_string_equal(hg_event_name(HASHGUARD_EVENT_CLEARED), "cleared");
	assert_string_equal(hg_event_name(HASHGUARD_EVENT_EXITED), "exited");
	assert_string_equal(hg_event_name(HG_NL_EVENTS_LOST), "lost");
	assert_null(hg_event_name(HASHGUARD_EVENT_UNSPEC));
	assert_null(hg_event_name(HASHGUARD_EVENT_MAX + 1));
	assert_null(hg_event_name(-7));
	for (i = 1; i <= HASHGUARD_FEATURE_MAX; i++)
		assert_non_null(hg_feature_name(i));
	assert_string_equal(hg_feature_name(HASHGUARD_FEATURE_HASH_SIMD),
			    "hash_simd");
	assert_string_equal(hg_feature_name(HASHGUARD_FEATURE_RC_NONDEFAULT),
			    "rc_nondefault");
	assert_null(hg_feature_name(HASHGUARD_FEATURE_UNSPEC));
	assert_null(hg_feature_name(HASHGUARD_FEATURE_MAX + 1));
	assert_true(HASHGUARD_FEATURE_MAX < HG_FEATURES_MAX);
}

static void config_names(void **state)
{
	struct hg_config c = { 0 };
	unsigned int i;

	(void)state;
	for (i = 1; i <= HASHGUARD_CONFIG_A_MAX; i++) {
		assert_non_null(hg_config_name(i));
		assert_int_equal(hg_config_attr(hg_config_name(i)), i);
		assert_non_null(hg_config_field(&c, i));
	}
	assert_int_equal(hg_config_attr("sample_hz"),
			 HASHGUARD_CONFIG_A_SAMPLE_HZ);
	assert_int_equal(hg_config_attr("max_tasks"),
			 HASHGUARD_CONFIG_A_MAX_TASKS);
	assert_int_equal(hg_config_attr("nope"), -ENOENT);
	assert_int_equal(hg_config_attr(""), -ENOENT);
	assert_null(hg_config_name(0));
	assert_null(hg_config_field(&c, 0));
	assert_null(hg_config_field(&c, HASHGUARD_CONFIG_A_MAX + 1));
	assert_ptr_equal(hg_config_field(&c, HASHGUARD_CONFIG_A_WINDOW_MS),
			 &c.window_ms);
	assert_string_equal(hg_source_name(HASHGUARD_SOURCE_CPU_CLOCK),
			    "cpu-clock");
	assert_string_equal(hg_source_name(HASHGUARD_SOURCE_CYCLES), "cycles");
	assert_null(hg_source_name(2));
	assert_int_equal(hg_source_parse("cycles"), HASHGUARD_SOURCE_CYCLES);
	assert_int_equal(hg_source_parse("cpu-clock"),
			 HASHGUARD_SOURCE_CPU_CLOCK);
	assert_int_equal(hg_source_parse("CYCLES"), -EINVAL);
	assert_int_equal(hg_source_parse("1"), -EINVAL);
}

static void tenant_names(void **state)
{
	char longest[HASHGUARD_TENANT_NAME_MAX];

	(void)state;
	assert_true(hg_tenant_name_valid("acme"));
	assert_true(hg_tenant_name_valid("A_b-c.9"));
	assert_true(hg_tenant_name_valid("0"));
	assert_true(hg_tenant_name_valid("a."));
	assert_false(hg_tenant_name_valid(""));
	assert_false(hg_tenant_name_valid(NULL));
	assert_false(hg_tenant_name_valid(".hidden"));
	assert_false(hg_tenant_name_valid("-opt"));
	assert_false(hg_tenant_name_valid("a b"));
	assert_false(hg_tenant_name_valid("a/b"));
	assert_false(hg_tenant_name_valid("caf\xc3\xa9"));
	assert_false(hg_tenant_name_valid("tab\t"));
	memset(longest, 'x', sizeof(longest));
	longest[HASHGUARD_TENANT_NAME_MAX - 1] = '\0';
	assert_true(hg_tenant_name_valid(longest));	/* 31 characters */
	{
		char too_long[HASHGUARD_TENANT_NAME_MAX + 1];

		memset(too_long, 'x', sizeof(too_long));
		too_long[HASHGUARD_TENANT_NAME_MAX] = '\0';
		assert_false(hg_tenant_name_valid(too_long));
	}
}

/* A message holding one nest, built as the kernel would. */
static struct nl_msg *nest_msg(unsigned int type, struct nlattr **nest)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	*nest = nla_nest_start(msg, type);
	assert_non_null(*nest);
	return msg;
}

static void parse_task_all_fields(void **state)
{
	struct nlattr *nest, *feat;
	struct nl_msg *msg = nest_msg(HASHGUARD_A_TASK, &nest);
	struct hg_task t;

	(void)state;
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 4242);
	nla_put_u32(msg, HASHGUARD_TASK_A_PID, 4243);
	nla_put_string(msg, HASHGUARD_TASK_A_COMM, "xmrig");
	nla_put_u64(msg, HASHGUARD_TASK_A_START_TIME, 123456789012ULL);
	nla_put_u32(msg, HASHGUARD_TASK_A_TENANT_ID, 3);
	nla_put_string(msg, HASHGUARD_TASK_A_TENANT_NAME, "acme");
	nla_put_u8(msg, HASHGUARD_TASK_A_STATE, HASHGUARD_STATE_FLAGGED);
	nla_put_u32(msg, HASHGUARD_TASK_A_SCORE, 873);
	nla_put_u32(msg, HASHGUARD_TASK_A_THREADS, 8);
	nla_put_u64(msg, HASHGUARD_TASK_A_SAMPLES, 99999);
	nla_put_u64(msg, HASHGUARD_TASK_A_FLAGGED_TIME, 1795000000);
	feat = nla_nest_start(msg, HASHGUARD_TASK_A_FEATURES);
	nla_put_u32(msg, HASHGUARD_FEATURE_CRYPTO, 123);
	nla_put_u32(msg, HASHGUARD_FEATURE_CPU, 998);
	nla_put_u32(msg, HASHGUARD_FEATURE_INSNS, 70000);
	nla_put_u32(msg, 29, 5);		/* a newer feature: kept */
	nla_put_u32(msg, 200, 5);		/* beyond what is kept: skipped */
	nla_nest_end(msg, feat);
	nla_put_u32(msg, 100, 1);		/* a newer task attribute */
	nla_nest_end(msg, nest);

	assert_int_equal(hg_nl_parse_task(nest, &t), 0);
	assert_int_equal(t.tgid, 4242);
	assert_int_equal(t.pid, 4243);
	assert_string_equal(t.comm, "xmrig");
	assert_int_equal(t.start_time, 123456789012ULL);
	assert_int_equal(t.tenant_id, 3);
	assert_string_equal(t.tenant, "acme");
	assert_int_equal(t.state, HASHGUARD_STATE_FLAGGED);
	assert_int_equal(t.score, 873);
	assert_int_equal(t.threads, 8);
	assert_int_equal(t.samples, 99999);
	assert_int_equal(t.flagged_time, 1795000000);
	assert_int_equal(t.features[HASHGUARD_FEATURE_CRYPTO], 123);
	assert_int_equal(t.features[HASHGUARD_FEATURE_CPU], 998);
	assert_int_equal(t.features[HASHGUARD_FEATURE_INSNS], 70000);
	assert_int_equal(t.features[29], 5);
	assert_int_equal(t.features_have,
			 1U << HASHGUARD_FEATURE_CRYPTO | 1U << HASHGUARD_FEATURE_CPU |
			 1U << HASHGUARD_FEATURE_INSNS | 1U << 29);
	assert_true(t.have & HG_TASK_BIT(HASHGUARD_TASK_A_FLAGGED_TIME));
	assert_true(t.have & HG_TASK_BIT(HASHGUARD_TASK_A_STATE));
	nlmsg_free(msg);
}

static void parse_task_malformed(void **state)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	struct hg_task t;

	(void)state;
	/* No TGID. */
	msg = nest_msg(HASHGUARD_A_TASK, &nest);
	nla_put_u32(msg, HASHGUARD_TASK_A_PID, 1);
	nla_nest_end(msg, nest);
	assert_int_equal(hg_nl_parse_task(nest, &t), -EPROTO);
	nlmsg_free(msg);
	/* A u64 sent as a u32. */
	msg = nest_msg(HASHGUARD_A_TASK, &nest);
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 1);
	nla_put_u32(msg, HASHGUARD_TASK_A_SAMPLES, 1);
	nla_nest_end(msg, nest);
	assert_int_equal(hg_nl_parse_task(nest, &t), -EPROTO);
	nlmsg_free(msg);
	/* A comm without its NUL. */
	msg = nest_msg(HASHGUARD_A_TASK, &nest);
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 1);
	nla_put(msg, HASHGUARD_TASK_A_COMM, 3, "abc");
	nla_nest_end(msg, nest);
	assert_int_equal(hg_nl_parse_task(nest, &t), -EPROTO);
	nlmsg_free(msg);
}

static void parse_task_long_comm(void **state)
{
	char comm[200];
	struct nlattr *nest;
	struct nl_msg *msg = nest_msg(HASHGUARD_A_TASK, &nest);
	struct hg_task t;

	(void)state;
	memset(comm, 'c', sizeof(comm) - 1);
	comm[sizeof(comm) - 1] = '\0';
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 1);
	nla_put_string(msg, HASHGUARD_TASK_A_COMM, comm);
	nla_nest_end(msg, nest);
	assert_int_equal(hg_nl_parse_task(nest, &t), 0);
	assert_int_equal(strlen(t.comm), sizeof(t.comm) - 1);
	assert_int_equal(t.features_have, 0);
	nlmsg_free(msg);
}

static void parse_tenant(void **state)
{
	struct nlattr *nest;
	struct nl_msg *msg = nest_msg(HASHGUARD_A_TENANT, &nest);
	struct hg_tenant t;

	(void)state;
	nla_put_u32(msg, HASHGUARD_TENANT_A_ID, 7);
	nla_put_string(msg, HASHGUARD_TENANT_A_NAME, "acme");
	nla_put_string(msg, HASHGUARD_TENANT_A_CGROUP, "/tenants/acme");
	nla_put_u64(msg, HASHGUARD_TENANT_A_CGROUP_ID, 0x123456789ULL);
	nla_put_u32(msg, HASHGUARD_TENANT_A_PROCESSES, 12);
	nla_put_u32(msg, HASHGUARD_TENANT_A_FLAGGED, 2);
	nla_put_flag(msg, HASHGUARD_TENANT_A_CGROUP_GONE);
	nla_put_string(msg, 60, "from a newer module");
	nla_nest_end(msg, nest);
	assert_int_equal(hg_nl_parse_tenant(nest, &t), 0);
	assert_int_equal(t.id, 7);
	assert_string_equal(t.name, "acme");
	assert_string_equal(t.cgroup, "/tenants/acme");
	assert_int_equal(t.cgroup_id, 0x123456789ULL);
	assert_int_equal(t.processes, 12);
	assert_int_equal(t.flagged, 2);
	assert_true(t.cgroup_gone);
	nlmsg_free(msg);

	/* The host tenant: no cgroup gone flag; NAME is required. */
	msg = nest_msg(HASHGUARD_A_TENANT, &nest);
	nla_put_u32(msg, HASHGUARD_TENANT_A_ID, 0);
	nla_put_string(msg, HASHGUARD_TENANT_A_NAME, "host");
	nla_nest_end(msg, nest);
	assert_int_equal(hg_nl_parse_tenant(nest, &t), 0);
	assert_false(t.cgroup_gone);
	assert_string_equal(t.cgroup, "");
	nlmsg_free(msg);

	msg = nest_msg(HASHGUARD_A_TENANT, &nest);
	nla_put_u32(msg, HASHGUARD_TENANT_A_ID, 0);
	nla_nest_end(msg, nest);
	assert_int_equal(hg_nl_parse_tenant(nest, &t), -EPROTO);
	nlmsg_free(msg);
}

static void parse_config(void **state)
{
	struct nlattr *nest;
	struct nl_msg *msg = nest_msg(HASHGUARD_A_CONFIG, &nest);
	struct hg_config c;

	(void)state;
	nla_put_u32(msg, HASHGUARD_CONFIG_A_SAMPLE_HZ, 1000);
	nla_put_u8(msg, HASHGUARD_CONFIG_A_SAMPLE_SOURCE,
		   HASHGUARD_SOURCE_CYCLES);
	nla_put_u32(msg, HASHGUARD_CONFIG_A_CLEAR_THRESHOLD, 250);
	nla_put_u32(msg, HASHGUARD_CONFIG_A_MAX_TASKS, 32768);
	nla_put_u32(msg, 77, 1);		/* a newer key */
	nla_nest_end(msg, nest);
	assert_int_equal(hg_nl_parse_config(nest, &c), 0);
	assert_int_equal(c.sample_hz, 1000);
	assert_int_equal(c.sample_source, HASHGUARD_SOURCE_CYCLES);
	assert_int_equal(c.clear_threshold, 250);
	assert_int_equal(c.max_tasks, 32768);
	assert_int_equal(c.have,
			 HG_CONFIG_BIT(HASHGUARD_CONFIG_A_SAMPLE_HZ) |
			 HG_CONFIG_BIT(HASHGUARD_CONFIG_A_SAMPLE_SOURCE) |
			 HG_CONFIG_BIT(HASHGUARD_CONFIG_A_CLEAR_THRESHOLD) |
			 HG_CONFIG_BIT(HASHGUARD_CONFIG_A_MAX_TASKS));
	nlmsg_free(msg);

	msg = nest_msg(HASHGUARD_A_CONFIG, &nest);
	nla_put_u8(msg, HASHGUARD_CONFIG_A_WINDOW_MS, 1);	/* short */
	nla_nest_end(msg, nest);
	assert_int_equal(hg_nl_parse_config(nest, &c), -EPROTO);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(extack_capped),
		cmocka_unit_test(extack_after_echoed_request),
		cmocka_unit_test(extack_absent),
		cmocka_unit_test(extack_truncated_to_buffer),
		cmocka_unit_test(extack_bogus_lengths),
		cmocka_unit_test(describe_messages),
		cmocka_unit_test(counter_names),
		cmocka_unit_test(counter_names_complete),
		cmocka_unit_test(extack_in_done),
		cmocka_unit_test(counter_names_new),
		cmocka_unit_test(state_event_feature_names),
		cmocka_unit_test(config_names),
		cmocka_unit_test(tenant_names),
		cmocka_unit_test(parse_task_all_fields),
		cmocka_unit_test(parse_task_malformed),
		cmocka_unit_test(parse_task_long_comm),
		cmocka_unit_test(parse_tenant),
		cmocka_unit_test(parse_config),
	};

	return cmocka_run_group_tests_name("hgnl", tests, NULL, NULL);
}
