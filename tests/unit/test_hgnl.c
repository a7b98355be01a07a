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
#include <netlink/genl/genl.h>
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
	assert_int_equal(hgl_nl_extack_msg((struct nlmsghdr *)buf, out,
					  sizeof(out)), 1);
	assert_string_equal(out, "attribute is only sent by the kernel");
}

static void extack_after_echoed_request(void **state)
{
	unsigned char buf[1024];
	char out[128];

	(void)state;
	make_err(buf, -EINVAL, NLM_F_ACK_TLVS, 13, "Unknown attribute type");
	assert_int_equal(hgl_nl_extack_msg((struct nlmsghdr *)buf, out,
					  sizeof(out)), 1);
	assert_string_equal(out, "Unknown attribute type");
}

static void extack_absent(void **state)
{
	unsigned char buf[1024];
	char out[128] = "untouched";

	(void)state;
	make_err(buf, -EPERM, NLM_F_CAPPED, 0, NULL);
	assert_int_equal(hgl_nl_extack_msg((struct nlmsghdr *)buf, out,
					  sizeof(out)), 0);
	/* TLV flag set but no message attribute. */
	make_err(buf, -EPERM, NLM_F_ACK_TLVS | NLM_F_CAPPED, 0, NULL);
	assert_int_equal(hgl_nl_extack_msg((struct nlmsghdr *)buf, out,
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
	assert_int_equal(hgl_nl_extack_msg((struct nlmsghdr *)buf, out,
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
	assert_int_equal(hgl_nl_extack_msg(nlh, out, sizeof(out)), 0);
	/* Message shorter than its own header. */
	nlh->nlmsg_len = 8;
	assert_int_equal(hgl_nl_extack_msg(nlh, out, sizeof(out)), 0);
}

static void describe_messages(void **state)
{
	char out[256];

	(void)state;
	hgl_nl_describe(-EINVAL, "Unknown attribute type", "status", out,
		       sizeof(out));
	assert_string_equal(out,
			    "status: kernel reports: Unknown attribute type (Invalid argument)");
	hgl_nl_describe(-ENOENT, NULL, "x", out, sizeof(out));
	assert_non_null(strstr(out, "module is not loaded"));
	assert_non_null(strstr(out, "\"hashguard\""));
	hgl_nl_describe(-EPERM, NULL, "status", out, sizeof(out));
	assert_string_equal(out,
			    "status: permission denied: hashguard needs CAP_NET_ADMIN (run as root)");
	hgl_nl_describe(-EPERM, "", "status", out, sizeof(out));
	assert_non_null(strstr(out, "permission denied"));
	hgl_nl_describe(-ENOMEM, NULL, "status", out, sizeof(out));
	assert_string_equal(out, "status: Cannot allocate memory");
}

static void counter_names(void **state)
{
	(void)state;
	assert_string_equal(hgl_counter_name(HASHGUARD_COUNTER_AUDIT_LINES),
			    "audit_lines");
	assert_string_equal(hgl_counter_name(HASHGUARD_COUNTER_NL_REQUESTS),
			    "netlink_requests");
	assert_null(hgl_counter_name(HASHGUARD_COUNTER_UNSPEC));
	assert_null(hgl_counter_name(HASHGUARD_COUNTER_PAD));
	assert_null(hgl_counter_name(HASHGUARD_COUNTER_MAX + 1));
	assert_null(hgl_counter_name(1000));
}

static void counter_names_complete(void **state)
{
	unsigned int i;

	(void)state;
	/* Every counter of the uapi header has a name here. */
	for (i = HASHGUARD_COUNTER_PAD + 1; i <= HASHGUARD_COUNTER_MAX; i++)
		assert_non_null(hgl_counter_name(i));
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
	assert_int_equal(hgl_nl_extack_msg(nlh, out, sizeof(out)), 1);
	assert_string_equal(out, "no such tenant");
	/* Without the TLV flag there is nothing to read. */
	nlh->nlmsg_flags = NLM_F_MULTI;
	assert_int_equal(hgl_nl_extack_msg(nlh, out, sizeof(out)), 0);
}

static void counter_names_new(void **state)
{
	(void)state;
	assert_string_equal(hgl_counter_name(HASHGUARD_COUNTER_SAMPLES_UNREADABLE),
			    "samples_unreadable");
	assert_string_equal(hgl_counter_name(HASHGUARD_COUNTER_SAMPLER_NS),
			    "sampler_ns");
	assert_string_equal(hgl_counter_name(HASHGUARD_COUNTER_TASK_BYTES),
			    "task_bytes");
	assert_string_equal(hgl_counter_name(HASHGUARD_COUNTER_PENDING_DROPPED),
			    "pending_dropped");
	assert_string_equal(hgl_counter_name(HASHGUARD_COUNTER_TENANTS),
			    "tenants");
}

static void state_event_feature_names(void **state)
{
	unsigned int i;

	(void)state;
	assert_string_equal(hgl_state_name(HASHGUARD_STATE_NORMAL), "normal");
	assert_string_equal(hgl_state_name(HASHGUARD_STATE_SUSPECT), "suspect");
	assert_string_equal(hgl_state_name(HASHGUARD_STATE_FLAGGED), "flagged");
	assert_string_equal(hgl_state_name(HASHGUARD_STATE_CLEARED), "cleared");
	assert_null(hgl_state_name(HASHGUARD_STATE_MAX + 1));
	assert_string_equal(hgl_event_name(HASHGUARD_EVENT_FLAGGED), "flagged");
	assert_string_equal(hgl_event_name(HASHGUARD_EVENT_CLEARED), "cleared");
	assert_string_equal(hgl_event_name(HASHGUARD_EVENT_EXITED), "exited");
	assert_string_equal(hgl_event_name(HGL_NL_EVENTS_LOST), "lost");
	assert_null(hgl_event_name(HASHGUARD_EVENT_UNSPEC));
	assert_null(hgl_event_name(HASHGUARD_EVENT_MAX + 1));
	assert_null(hgl_event_name(-7));
	for (i = 1; i <= HASHGUARD_FEATURE_MAX; i++)
		assert_non_null(hgl_feature_name(i));
	assert_string_equal(hgl_feature_name(HASHGUARD_FEATURE_HASH_SIMD),
			    "hash_simd");
	assert_string_equal(hgl_feature_name(HASHGUARD_FEATURE_RC_NONDEFAULT),
			    "rc_nondefault");
	assert_null(hgl_feature_name(HASHGUARD_FEATURE_UNSPEC));
	assert_null(hgl_feature_name(HASHGUARD_FEATURE_MAX + 1));
	assert_true(HASHGUARD_FEATURE_MAX < HGL_FEATURES_MAX);
}

static void config_names(void **state)
{
	struct hgl_config c = { 0 };
	unsigned int i;

	(void)state;
	for (i = 1; i <= HASHGUARD_CONFIG_A_MAX; i++) {
		assert_non_null(hgl_config_name(i));
		assert_int_equal(hgl_config_attr(hgl_config_name(i)), i);
		assert_non_null(hgl_config_field(&c, i));
	}
	assert_int_equal(hgl_config_attr("sample_hz"),
			 HASHGUARD_CONFIG_A_SAMPLE_HZ);
	assert_int_equal(hgl_config_attr("max_tasks"),
			 HASHGUARD_CONFIG_A_MAX_TASKS);
	assert_int_equal(hgl_config_attr("nope"), -ENOENT);
	assert_int_equal(hgl_config_attr(""), -ENOENT);
	assert_null(hgl_config_name(0));
	assert_null(hgl_config_field(&c, 0));
	assert_null(hgl_config_field(&c, HASHGUARD_CONFIG_A_MAX + 1));
	assert_ptr_equal(hgl_config_field(&c, HASHGUARD_CONFIG_A_WINDOW_MS),
			 &c.window_ms);
	assert_string_equal(hgl_source_name(HASHGUARD_SOURCE_CPU_CLOCK),
			    "cpu-clock");
	assert_string_equal(hgl_source_name(HASHGUARD_SOURCE_CYCLES), "cycles");
	assert_null(hgl_source_name(2));
	assert_int_equal(hgl_source_parse("cycles"), HASHGUARD_SOURCE_CYCLES);
	assert_int_equal(hgl_source_parse("cpu-clock"),
			 HASHGUARD_SOURCE_CPU_CLOCK);
	assert_int_equal(hgl_source_parse("CYCLES"), -EINVAL);
	assert_int_equal(hgl_source_parse("1"), -EINVAL);
}

static void tenant_names(void **state)
{
	char longest[HASHGUARD_TENANT_NAME_MAX];

	(void)state;
	assert_true(hgl_tenant_name_valid("acme"));
	assert_true(hgl_tenant_name_valid("A_b-c.9"));
	assert_true(hgl_tenant_name_valid("0"));
	assert_true(hgl_tenant_name_valid("a."));
	assert_false(hgl_tenant_name_valid(""));
	assert_false(hgl_tenant_name_valid(NULL));
	assert_false(hgl_tenant_name_valid(".hidden"));
	assert_false(hgl_tenant_name_valid("-opt"));
	assert_false(hgl_tenant_name_valid("a b"));
	assert_false(hgl_tenant_name_valid("a/b"));
	assert_false(hgl_tenant_name_valid("caf\xc3\xa9"));
	assert_false(hgl_tenant_name_valid("tab\t"));
	memset(longest, 'x', sizeof(longest));
	longest[HASHGUARD_TENANT_NAME_MAX - 1] = '\0';
	assert_true(hgl_tenant_name_valid(longest));	/* 31 characters */
	{
		char too_long[HASHGUARD_TENANT_NAME_MAX + 1];

		memset(too_long, 'x', sizeof(too_long));
		too_long[HASHGUARD_TENANT_NAME_MAX] = '\0';
		assert_false(hgl_tenant_name_valid(too_long));
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
	struct hgl_task t;

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

	assert_int_equal(hgl_nl_parse_task(nest, &t), 0);
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
	assert_true(t.have & HGL_TASK_BIT(HASHGUARD_TASK_A_FLAGGED_TIME));
	assert_true(t.have & HGL_TASK_BIT(HASHGUARD_TASK_A_STATE));
	nlmsg_free(msg);
}

static void parse_task_malformed(void **state)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	struct hgl_task t;

	(void)state;
	/* No TGID. */
	msg = nest_msg(HASHGUARD_A_TASK, &nest);
	nla_put_u32(msg, HASHGUARD_TASK_A_PID, 1);
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_task(nest, &t), -EPROTO);
	nlmsg_free(msg);
	/* A u64 sent as a u32. */
	msg = nest_msg(HASHGUARD_A_TASK, &nest);
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 1);
	nla_put_u32(msg, HASHGUARD_TASK_A_SAMPLES, 1);
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_task(nest, &t), -EPROTO);
	nlmsg_free(msg);
	/* A comm without its NUL. */
	msg = nest_msg(HASHGUARD_A_TASK, &nest);
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 1);
	nla_put(msg, HASHGUARD_TASK_A_COMM, 3, "abc");
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_task(nest, &t), -EPROTO);
	nlmsg_free(msg);
}

static void parse_task_long_comm(void **state)
{
	char comm[200];
	struct nlattr *nest;
	struct nl_msg *msg = nest_msg(HASHGUARD_A_TASK, &nest);
	struct hgl_task t;

	(void)state;
	memset(comm, 'c', sizeof(comm) - 1);
	comm[sizeof(comm) - 1] = '\0';
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 1);
	nla_put_string(msg, HASHGUARD_TASK_A_COMM, comm);
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_task(nest, &t), 0);
	assert_int_equal(strlen(t.comm), sizeof(t.comm) - 1);
	assert_int_equal(t.features_have, 0);
	nlmsg_free(msg);
}

static void parse_tenant(void **state)
{
	struct nlattr *nest;
	struct nl_msg *msg = nest_msg(HASHGUARD_A_TENANT, &nest);
	struct hgl_tenant t;

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
	assert_int_equal(hgl_nl_parse_tenant(nest, &t), 0);
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
	assert_int_equal(hgl_nl_parse_tenant(nest, &t), 0);
	assert_false(t.cgroup_gone);
	assert_string_equal(t.cgroup, "");
	nlmsg_free(msg);

	msg = nest_msg(HASHGUARD_A_TENANT, &nest);
	nla_put_u32(msg, HASHGUARD_TENANT_A_ID, 0);
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_tenant(nest, &t), -EPROTO);
	nlmsg_free(msg);
}

static void parse_config(void **state)
{
	struct nlattr *nest;
	struct nl_msg *msg = nest_msg(HASHGUARD_A_CONFIG, &nest);
	struct hgl_config c;

	(void)state;
	nla_put_u32(msg, HASHGUARD_CONFIG_A_SAMPLE_HZ, 1000);
	nla_put_u8(msg, HASHGUARD_CONFIG_A_SAMPLE_SOURCE,
		   HASHGUARD_SOURCE_CYCLES);
	nla_put_u32(msg, HASHGUARD_CONFIG_A_CLEAR_THRESHOLD, 250);
	nla_put_u32(msg, HASHGUARD_CONFIG_A_MAX_TASKS, 32768);
	nla_put_u32(msg, 77, 1);		/* a newer key */
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_config(nest, &c), 0);
	assert_int_equal(c.sample_hz, 1000);
	assert_int_equal(c.sample_source, HASHGUARD_SOURCE_CYCLES);
	assert_int_equal(c.clear_threshold, 250);
	assert_int_equal(c.max_tasks, 32768);
	assert_int_equal(c.have,
			 HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_SAMPLE_HZ) |
			 HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_SAMPLE_SOURCE) |
			 HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_CLEAR_THRESHOLD) |
			 HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_MAX_TASKS));
	nlmsg_free(msg);

	msg = nest_msg(HASHGUARD_A_CONFIG, &nest);
	nla_put_u8(msg, HASHGUARD_CONFIG_A_WINDOW_MS, 1);	/* short */
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_config(nest, &c), -EPROTO);
	nlmsg_free(msg);
}

/* New names: events, actions, outcomes, approvals, commands, counters. */
static void names_new(void **state)
{
	unsigned int i;

	(void)state;
	assert_string_equal(hgl_event_name(HASHGUARD_EVENT_COVERED), "covered");
	assert_string_equal(hgl_event_name(HASHGUARD_EVENT_UNCOVERED),
			    "uncovered");
	for (i = 1; i <= HASHGUARD_EVENT_MAX; i++)
		assert_non_null(hgl_event_name(i));
	for (i = 1; i <= HASHGUARD_ACTION_MAX; i++) {
		assert_non_null(hgl_action_name(i));
		assert_int_equal(hgl_action_parse(hgl_action_name(i)), i);
	}
	assert_string_equal(hgl_action_name(HASHGUARD_ACTION_THROTTLE),
			    "throttle");
	assert_string_equal(hgl_action_name(HASHGUARD_ACTION_RESTORE), "restore");
	assert_null(hgl_action_name(HASHGUARD_ACTION_UNSPEC));
	assert_null(hgl_action_name(HASHGUARD_ACTION_MAX + 1));
	assert_int_equal(hgl_action_parse("nuke"), -EINVAL);
	assert_int_equal(hgl_action_parse(NULL), -EINVAL);
	assert_string_equal(hgl_outcome_name(HASHGUARD_OUTCOME_VERIFIED),
			    "verified");
	assert_string_equal(hgl_outcome_name(HASHGUARD_OUTCOME_FAILED), "failed");
	assert_null(hgl_outcome_name(HASHGUARD_OUTCOME_MAX + 1));
	assert_int_equal(hgl_outcome_parse("failed"), HASHGUARD_OUTCOME_FAILED);
	assert_int_equal(hgl_outcome_parse(""), -EINVAL);
	assert_string_equal(hgl_approval_state_name(HASHGUARD_APPROVAL_PENDING),
			    "pending");
	assert_string_equal(hgl_approval_state_name(HASHGUARD_APPROVAL_ACTIVE),
			    "active");
	assert_null(hgl_approval_state_name(2));
	assert_string_equal(hgl_approval_end_name(HASHGUARD_APPROVAL_END_REVOKED),
			    "revoked");
	assert_string_equal(hgl_approval_end_name(HASHGUARD_APPROVAL_END_EXPIRED),
			    "expired");
	assert_null(hgl_approval_end_name(HASHGUARD_APPROVAL_END_UNSPEC));
	assert_null(hgl_approval_end_name(3));
	for (i = 1; i <= HASHGUARD_CMD_MAX; i++)
		assert_non_null(hgl_cmd_name(i));
	assert_string_equal(hgl_cmd_name(HASHGUARD_CMD_NEW_APPROVAL),
			    "new_approval");
	assert_string_equal(hgl_cmd_name(HASHGUARD_CMD_SET_CONFIG), "set_config");
	assert_null(hgl_cmd_name(HASHGUARD_CMD_MAX + 1));
	assert_string_equal(hgl_counter_name(HASHGUARD_COUNTER_APPROVALS),
			    "approvals");
	assert_string_equal(hgl_counter_name(HASHGUARD_COUNTER_APPROVALS_EXPIRED),
			    "approvals_expired");
	assert_string_equal(hgl_counter_name(HASHGUARD_COUNTER_ACTIONS),
			    "actions");
	assert_string_equal(hgl_counter_name(HASHGUARD_COUNTER_CONFIG_EVENTS),
			    "config_events");
}

static void approval_refs(void **state)
{
	char longest[HASHGUARD_APPROVAL_REF_MAX + 1];

	(void)state;
	assert_true(hgl_approval_ref_valid("CHG-4711"));
	assert_true(hgl_approval_ref_valid("ticket 12 / contract \xc3\xa9"));
	assert_false(hgl_approval_ref_valid(""));
	assert_false(hgl_approval_ref_valid(NULL));
	assert_false(hgl_approval_ref_valid("a\nb"));
	assert_false(hgl_approval_ref_valid("tab\there"));
	assert_false(hgl_approval_ref_valid("del\x7f"));
	memset(longest, 'r', sizeof(longest));
	longest[HASHGUARD_APPROVAL_REF_MAX - 1] = '\0';
	assert_true(hgl_approval_ref_valid(longest));	/* 127 bytes */
	longest[HASHGUARD_APPROVAL_REF_MAX - 1] = 'r';
	longest[HASHGUARD_APPROVAL_REF_MAX] = '\0';
	assert_false(hgl_approval_ref_valid(longest));
}

/* HASHGUARD_A_APPROVAL with every attribute, as a reply carries it. */
static void put_approval(struct nl_msg *msg, bool unknown)
{
	nla_put_u32(msg, HASHGUARD_APPROVAL_A_ID, 12);
	nla_put_u32(msg, HASHGUARD_APPROVAL_A_TENANT_ID, 5);
	nla_put_string(msg, HASHGUARD_APPROVAL_A_TENANT_NAME, "acme");
	nla_put_string(msg, HASHGUARD_APPROVAL_A_REF, "CHG-4711");
	nla_put_string(msg, HASHGUARD_APPROVAL_A_EXE, "/opt/acme/miner");
	nla_put_u64(msg, HASHGUARD_APPROVAL_A_NOT_BEFORE, 1795000000);
	nla_put_u64(msg, HASHGUARD_APPROVAL_A_EXPIRES, 1800000000);
	nla_put_u32(msg, HASHGUARD_APPROVAL_A_GRANTED_BY, 1000);
	nla_put_u64(msg, HASHGUARD_APPROVAL_A_GRANTED_TIME, 1794999000);
	nla_put_u8(msg, HASHGUARD_APPROVAL_A_STATE, HASHGUARD_APPROVAL_ACTIVE);
	nla_put_u32(msg, HASHGUARD_APPROVAL_A_COVERED, 3);
	if (unknown)
		nla_put_string(msg, 90, "from a newer module");
}

static void parse_approval(void **state)
{
	struct nlattr *nest;
	struct nl_msg *msg = nest_msg(HASHGUARD_A_APPROVAL, &nest);
	struct hgl_approval a;

	(void)state;
	put_approval(msg, true);
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_approval(nest, &a), 0);
	assert_int_equal(a.id, 12);
	assert_int_equal(a.tenant_id, 5);
	assert_string_equal(a.tenant, "acme");
	assert_string_equal(a.ref, "CHG-4711");
	assert_string_equal(a.exe, "/opt/acme/miner");
	assert_int_equal(a.not_before, 1795000000);
	assert_int_equal(a.expires, 1800000000);
	assert_int_equal(a.granted_by, 1000);
	assert_int_equal(a.granted_time, 1794999000);
	assert_int_equal(a.state, HASHGUARD_APPROVAL_ACTIVE);
	assert_int_equal(a.end, 0);
	assert_int_equal(a.covered, 3);
	assert_true(a.have & HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_EXE));
	assert_false(a.have & HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_END));
	nlmsg_free(msg);

	/* Whole tenant, never expires, removed: the least a reply has. */
	msg = nest_msg(HASHGUARD_A_APPROVAL, &nest);
	nla_put_u32(msg, HASHGUARD_APPROVAL_A_ID, 1);
	nla_put_string(msg, HASHGUARD_APPROVAL_A_REF, "r");
	nla_put_u8(msg, HASHGUARD_APPROVAL_A_END, HASHGUARD_APPROVAL_END_EXPIRED);
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_approval(nest, &a), 0);
	assert_string_equal(a.exe, "");
	assert_int_equal(a.expires, 0);
	assert_int_equal(a.end, HASHGUARD_APPROVAL_END_EXPIRED);
	nlmsg_free(msg);
}

static void parse_approval_malformed(void **state)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	struct hgl_approval a;

	(void)state;
	/* No REF. */
	msg = nest_msg(HASHGUARD_A_APPROVAL, &nest);
	nla_put_u32(msg, HASHGUARD_APPROVAL_A_ID, 1);
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_approval(nest, &a), -EPROTO);
	nlmsg_free(msg);
	/* No ID. */
	msg = nest_msg(HASHGUARD_A_APPROVAL, &nest);
	nla_put_string(msg, HASHGUARD_APPROVAL_A_REF, "r");
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_approval(nest, &a), -EPROTO);
	nlmsg_free(msg);
	/* EXPIRES as a u32. */
	msg = nest_msg(HASHGUARD_A_APPROVAL, &nest);
	nla_put_u32(msg, HASHGUARD_APPROVAL_A_ID, 1);
	nla_put_string(msg, HASHGUARD_APPROVAL_A_REF, "r");
	nla_put_u32(msg, HASHGUARD_APPROVAL_A_EXPIRES, 5);
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_approval(nest, &a), -EPROTO);
	nlmsg_free(msg);
}

static void parse_task_approval(void **state)
{
	struct nlattr *nest;
	struct nl_msg *msg = nest_msg(HASHGUARD_A_TASK, &nest);
	struct hgl_task t;

	(void)state;
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 77);
	nla_put_string(msg, HASHGUARD_TASK_A_EXE, "/opt/acme/miner");
	nla_put_u32(msg, HASHGUARD_TASK_A_APPROVAL_ID, 12);
	nla_put_string(msg, HASHGUARD_TASK_A_APPROVAL_REF, "CHG-4711");
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_task(nest, &t), 0);
	assert_string_equal(t.exe, "/opt/acme/miner");
	assert_int_equal(t.approval_id, 12);
	assert_string_equal(t.approval_ref, "CHG-4711");
	assert_true(t.have & HGL_TASK_BIT(HASHGUARD_TASK_A_APPROVAL_ID));
	hgl_task_release(&t);
	assert_null(t.exe);
	hgl_task_release(&t);
	nlmsg_free(msg);

	/* Not covered: no approval bit, empty strings. */
	msg = nest_msg(HASHGUARD_A_TASK, &nest);
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 77);
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_task(nest, &t), 0);
	assert_false(t.have & HGL_TASK_BIT(HASHGUARD_TASK_A_APPROVAL_ID));
	assert_null(t.exe);
	assert_string_equal(t.approval_ref, "");
	nlmsg_free(msg);
}

/*
 * The path of the executable is as long as it is, not a fixed buffer,
 * cut at HASHGUARD_EXE_PATH_MAX - 1 bytes; a malformed attribute after it
 * frees it (the sanitizer's leak check would tell).
 */
static void parse_task_exe(void **state)
{
	static char path[HASHGUARD_EXE_PATH_MAX + 100];
	struct nlattr *nest, *feat;
	struct nl_msg *msg;
	struct hgl_task t;

	(void)state;
	memset(path, 'p', sizeof(path) - 1);
	path[0] = '/';
	msg = nlmsg_alloc_size(2 * sizeof(path));
	assert_non_null(msg);
	nest = nla_nest_start(msg, HASHGUARD_A_TASK);
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 1);
	assert_int_equal(nla_put_string(msg, HASHGUARD_TASK_A_EXE, path), 0);
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_task(nest, &t), 0);
	assert_int_equal(strlen(t.exe), HASHGUARD_EXE_PATH_MAX - 1);
	assert_true(t.have & HGL_TASK_BIT(HASHGUARD_TASK_A_EXE));
	hgl_task_release(&t);
	nlmsg_free(msg);

	msg = nest_msg(HASHGUARD_A_TASK, &nest);
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 1);
	nla_put_string(msg, HASHGUARD_TASK_A_EXE, "/usr/bin/x");
	feat = nla_nest_start(msg, HASHGUARD_TASK_A_FEATURES);
	nla_put_u8(msg, HASHGUARD_FEATURE_CRYPTO, 1);	/* too short */
	nla_nest_end(msg, feat);
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_task(nest, &t), -EPROTO);
	assert_null(t.exe);
	nlmsg_free(msg);

	/* sent but empty: present, and no path */
	msg = nest_msg(HASHGUARD_A_TASK, &nest);
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 1);
	nla_put_string(msg, HASHGUARD_TASK_A_EXE, "");
	nla_nest_end(msg, nest);
	assert_int_equal(hgl_nl_parse_task(nest, &t), 0);
	assert_null(t.exe);
	nlmsg_free(msg);
}

/* A generic netlink message of command @cmd, as a notification. */
static struct nl_msg *genl_msg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 0, 0x20, 0, 0, cmd,
				    HASHGUARD_GENL_VERSION));
	return msg;
}

static void put_caller(struct nl_msg *msg)
{
	struct nlattr *c = nla_nest_start(msg, HASHGUARD_A_CALLER);

	nla_put_u32(msg, HASHGUARD_CALLER_A_UID, 0);
	nla_put_u32(msg, HASHGUARD_CALLER_A_PID, 4321);
	nla_put_string(msg, HASHGUARD_CALLER_A_COMM, "hashguardctl");
	nla_put_u32(msg, 9, 1);			/* newer: skipped */
	nla_nest_end(msg, c);
}

static struct hgl_notif *notif_of(struct nl_msg *msg, int want)
{
	struct hgl_notif *n = malloc(sizeof(*n));

	assert_non_null(n);
	assert_int_equal(hgl_nl_parse_notif(nlmsg_hdr(msg), n), want);
	nlmsg_free(msg);
	return n;
}

static void parse_notif_detection(void **state)
{
	struct nl_msg *msg = genl_msg(HASHGUARD_CMD_TASK_NTF);
	struct nlattr *nest;
	struct hgl_notif *n;

	(void)state;
	nla_put_u8(msg, HASHGUARD_A_EVENT, HASHGUARD_EVENT_COVERED);
	nest = nla_nest_start(msg, HASHGUARD_A_TASK);
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 4242);
	nla_put_string(msg, HASHGUARD_TASK_A_APPROVAL_REF, "CHG-4711");
	nla_put_u32(msg, HASHGUARD_TASK_A_APPROVAL_ID, 12);
	nla_put_string(msg, HASHGUARD_TASK_A_EXE, "/opt/acme/miner");
	nla_nest_end(msg, nest);
	nla_put_u32(msg, 99, 1);		/* newer top-level: skipped */
	n = notif_of(msg, 0);
	assert_int_equal(n->type, HGL_NOTIF_DETECTION);
	assert_int_equal(n->event, HASHGUARD_EVENT_COVERED);
	assert_int_equal(n->cmd, HASHGUARD_CMD_TASK_NTF);
	assert_int_equal(n->u.task.tgid, 4242);
	assert_string_equal(n->u.task.approval_ref, "CHG-4711");
	assert_false(n->caller.present);
	assert_string_equal(n->u.task.exe, "/opt/acme/miner");
	hgl_notif_release(n);
	free(n);

	/* No EVENT. */
	msg = genl_msg(HASHGUARD_CMD_TASK_NTF);
	nest = nla_nest_start(msg, HASHGUARD_A_TASK);
	nla_put_u32(msg, HASHGUARD_TASK_A_TGID, 1);
	nla_nest_end(msg, nest);
	free(notif_of(msg, -EPROTO));
	/* No TASK. */
	msg = genl_msg(HASHGUARD_CMD_TASK_NTF);
	nla_put_u8(msg, HASHGUARD_A_EVENT, HASHGUARD_EVENT_FLAGGED);
	free(notif_of(msg, -EPROTO));
}

static void parse_notif_config(void **state)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	struct hgl_notif *n;

	(void)state;
	msg = genl_msg(HASHGUARD_CMD_NEW_APPROVAL);
	nest = nla_nest_start(msg, HASHGUARD_A_APPROVAL);
	put_approval(msg, true);
	nla_nest_end(msg, nest);
	put_caller(msg);
	n = notif_of(msg, 0);
	assert_int_equal(n->type, HGL_NOTIF_CONFIG);
	assert_int_equal(n->cmd, HASHGUARD_CMD_NEW_APPROVAL);
	assert_string_equal(n->u.approval.ref, "CHG-4711");
	assert_true(n->caller.present);
	assert_int_equal(n->caller.uid, 0);
	assert_int_equal(n->caller.pid, 4321);
	assert_string_equal(n->caller.comm, "hashguardctl");
	free(n);

	/* An expiry: made by the kernel, no caller. */
	msg = genl_msg(HASHGUARD_CMD_DEL_APPROVAL);
	nest = nla_nest_start(msg, HASHGUARD_A_APPROVAL);
	nla_put_u32(msg, HASHGUARD_APPROVAL_A_ID, 12);
	nla_put_string(msg, HASHGUARD_APPROVAL_A_REF, "CHG-4711");
	nla_put_u8(msg, HASHGUARD_APPROVAL_A_END, HASHGUARD_APPROVAL_END_EXPIRED);
	nla_nest_end(msg, nest);
	n = notif_of(msg, 0);
	assert_int_equal(n->cmd, HASHGUARD_CMD_DEL_APPROVAL);
	assert_int_equal(n->u.approval.end, HASHGUARD_APPROVAL_END_EXPIRED);
	assert_false(n->caller.present);
	free(n);

	msg = genl_msg(HASHGUARD_CMD_NEW_TENANT);
	nest = nla_nest_start(msg, HASHGUARD_A_TENANT);
	nla_put_u32(msg, HASHGUARD_TENANT_A_ID, 5);
	nla_put_string(msg, HASHGUARD_TENANT_A_NAME, "acme");
	nla_put_string(msg, HASHGUARD_TENANT_A_CGROUP, "/tenants/acme");
	nla_nest_end(msg, nest);
	put_caller(msg);
	n = notif_of(msg, 0);
	assert_int_equal(n->cmd, HASHGUARD_CMD_NEW_TENANT);
	assert_string_equal(n->u.tenant.name, "acme");
	assert_string_equal(n->u.tenant.cgroup, "/tenants/acme");
	free(n);

	msg = genl_msg(HASHGUARD_CMD_SET_CONFIG);
	nest = nla_nest_start(msg, HASHGUARD_A_CONFIG);
	nla_put_u32(msg, HASHGUARD_CONFIG_A_SAMPLE_HZ, 250);
	nla_put_u8(msg, HASHGUARD_CONFIG_A_SAMPLE_SOURCE, HASHGUARD_SOURCE_CYCLES);
	nla_nest_end(msg, nest);
	put_caller(msg);
	n = notif_of(msg, 0);
	assert_int_equal(n->cmd, HASHGUARD_CMD_SET_CONFIG);
	assert_int_equal(n->u.config.sample_hz, 250);
	assert_int_equal(n->u.config.sample_source, HASHGUARD_SOURCE_CYCLES);
	free(n);

	/* The object missing, a malformed caller, an unknown command. */
	free(notif_of(genl_msg(HASHGUARD_CMD_DEL_TENANT), -EPROTO));
	msg = genl_msg(HASHGUARD_CMD_SET_CONFIG);
	nest = nla_nest_start(msg, HASHGUARD_A_CONFIG);
	nla_nest_end(msg, nest);
	nest = nla_nest_start(msg, HASHGUARD_A_CALLER);
	nla_put_u8(msg, HASHGUARD_CALLER_A_UID, 1);	/* short */
	nla_nest_end(msg, nest);
	free(notif_of(msg, -EPROTO));
	free(notif_of(genl_msg(HASHGUARD_CMD_GET_STATUS), -ENOENT));
	free(notif_of(genl_msg(60), -ENOENT));
}

/*
 * An NLMSG_ERROR with a capped echo and the TLVs given (negative values:
 * not sent).
 */
static void make_err_tlvs(unsigned char *buf, size_t size, int error,
			  const char *msg, long offs, long miss_type,
			  long miss_nest)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	size_t off;

	off = make_err(buf, error, NLM_F_ACK_TLVS | NLM_F_CAPPED, 0, msg);
	assert_true(off + 3 * NLA_HDRLEN + 12 <= size);
	if (offs >= 0) {
		struct nlattr *a = (struct nlattr *)(buf + off);
		uint32_t v = (uint32_t)offs;

		a->nla_type = NLMSGERR_ATTR_OFFS;
		a->nla_len = NLA_HDRLEN + sizeof(v);
		memcpy((char *)a + NLA_HDRLEN, &v, sizeof(v));
		off += NLA_ALIGN(a->nla_len);
	}
	if (miss_type >= 0) {
		struct nlattr *a = (struct nlattr *)(buf + off);
		uint32_t v = (uint32_t)miss_type;

		a->nla_type = NLMSGERR_ATTR_MISS_TYPE;
		a->nla_len = NLA_HDRLEN + sizeof(v);
		memcpy((char *)a + NLA_HDRLEN, &v, sizeof(v));
		off += NLA_ALIGN(a->nla_len);
	}
	if (miss_nest >= 0) {
		struct nlattr *a = (struct nlattr *)(buf + off);
		uint32_t v = (uint32_t)miss_nest;

		a->nla_type = NLMSGERR_ATTR_MISS_NEST;
		a->nla_len = NLA_HDRLEN + sizeof(v);
		memcpy((char *)a + NLA_HDRLEN, &v, sizeof(v));
		off += NLA_ALIGN(a->nla_len);
	}
	nlh->nlmsg_len = off;
}

/* The offset of @p in the message @msg. */
static long offset_in(struct nl_msg *msg, const void *p)
{
	return (long)((const char *)p - (const char *)nlmsg_hdr(msg));
}

static void extack_names_attribute(void **state)
{
	struct nl_msg *req = genl_msg(HASHGUARD_CMD_SET_CONFIG);
	struct nlattr *cfg, *hz, *win, *odd, *mask;
	unsigned char buf[1024];
	char out[256];

	(void)state;
	mask = nla_reserve(req, HASHGUARD_A_STATE_MASK, 4);
	cfg = nla_nest_start(req, HASHGUARD_A_CONFIG);
	win = nla_reserve(req, HASHGUARD_CONFIG_A_WINDOW_MS, 4);
	hz = nla_reserve(req, HASHGUARD_CONFIG_A_SAMPLE_HZ, 4);
	odd = nla_reserve(req, 77, 4);
	nla_nest_end(req, cfg);

	make_err_tlvs(buf, sizeof(buf), -ERANGE, "integer out of range",
		      offset_in(req, hz), -1, -1);
	assert_int_equal(hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req),
				      out, sizeof(out)), 1);
	assert_string_equal(out,
			    "integer out of range (attribute config.sample_hz)");
	/* The message alone, without the request. */
	assert_int_equal(hgl_nl_extack((struct nlmsghdr *)buf, NULL, out,
				      sizeof(out)), 1);
	assert_string_equal(out, "integer out of range");
	/* Into the payload: the attribute that holds it. */
	make_err_tlvs(buf, sizeof(buf), -ERANGE, "bad", offset_in(req, win) + 6,
		      -1, -1);
	hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req), out, sizeof(out));
	assert_string_equal(out, "bad (attribute config.window_ms)");
	/* The nest itself; a top-level attribute; an unknown type. */
	make_err_tlvs(buf, sizeof(buf), -EINVAL, "x", offset_in(req, cfg), -1, -1);
	hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req), out, sizeof(out));
	assert_string_equal(out, "x (attribute config)");
	make_err_tlvs(buf, sizeof(buf), -EINVAL, "x", offset_in(req, mask), -1, -1);
	hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req), out, sizeof(out));
	assert_string_equal(out, "x (attribute state_mask)");
	make_err_tlvs(buf, sizeof(buf), -EINVAL, "Unknown attribute type",
		      offset_in(req, odd), -1, -1);
	hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req), out, sizeof(out));
	assert_string_equal(out, "Unknown attribute type (attribute config.77)");
	/* No message, only the offset. */
	make_err_tlvs(buf, sizeof(buf), -EINVAL, NULL, offset_in(req, hz), -1, -1);
	assert_int_equal(hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req),
				      out, sizeof(out)), 1);
	assert_string_equal(out, "invalid attribute config.sample_hz");
	/* Offsets outside the attributes: the message alone. */
	make_err_tlvs(buf, sizeof(buf), -EINVAL, "x", 4, -1, -1);
	hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req), out, sizeof(out));
	assert_string_equal(out, "x");
	make_err_tlvs(buf, sizeof(buf), -EINVAL, "x", 100000, -1, -1);
	hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req), out, sizeof(out));
	assert_string_equal(out, "x");
	make_err_tlvs(buf, sizeof(buf), -EINVAL, NULL, 100000, -1, -1);
	assert_int_equal(hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req),
				      out, sizeof(out)), 0);
	nlmsg_free(req);
}

static void extack_names_nested_and_missing(void **state)
{
	struct nl_msg *req = genl_msg(HASHGUARD_CMD_NEW_APPROVAL);
	struct nlattr *ten, *appr, *exe, *task, *feat, *crypto;
	unsigned char buf[1024];
	char out[256];

	(void)state;
	ten = nla_nest_start(req, HASHGUARD_A_TENANT);
	nla_put_string(req, HASHGUARD_TENANT_A_NAME, "acme");
	nla_nest_end(req, ten);
	appr = nla_nest_start(req, HASHGUARD_A_APPROVAL);
	nla_put_string(req, HASHGUARD_APPROVAL_A_REF, "CHG-1");
	exe = nla_reserve(req, HASHGUARD_APPROVAL_A_EXE, 8);
	nla_nest_end(req, appr);
	task = nla_nest_start(req, HASHGUARD_A_TASK);
	feat = nla_nest_start(req, HASHGUARD_TASK_A_FEATURES);
	crypto = nla_reserve(req, HASHGUARD_FEATURE_CRYPTO, 4);
	nla_nest_end(req, feat);
	nla_nest_end(req, task);

	make_err_tlvs(buf, sizeof(buf), -EINVAL, "not an absolute path",
		      offset_in(req, exe), -1, -1);
	hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req), out, sizeof(out));
	assert_string_equal(out, "not an absolute path (attribute approval.exe)");
	make_err_tlvs(buf, sizeof(buf), -EINVAL, "x", offset_in(req, crypto),
		      -1, -1);
	hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req), out, sizeof(out));
	assert_string_equal(out, "x (attribute task.features.crypto)");
	/* A required attribute missing from a nest, and at the top level. */
	make_err_tlvs(buf, sizeof(buf), -EINVAL, "Missing attribute", -1,
		      HASHGUARD_TENANT_A_ID, offset_in(req, ten));
	hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req), out, sizeof(out));
	assert_string_equal(out, "Missing attribute (missing attribute tenant.id)");
	make_err_tlvs(buf, sizeof(buf), -EINVAL, NULL, -1, HASHGUARD_A_ACTION, -1);
	hgl_nl_extack((struct nlmsghdr *)buf, nlmsg_hdr(req), out, sizeof(out));
	assert_string_equal(out, "missing attribute action");
	nlmsg_free(req);
}

static void attr_path_bounds(void **state)
{
	struct nl_msg *req = genl_msg(HASHGUARD_CMD_GET_TASK);
	struct nlattr *task, *tgid;
	char out[8];

	(void)state;
	task = nla_nest_start(req, HASHGUARD_A_TASK);
	tgid = nla_reserve(req, HASHGUARD_TASK_A_TGID, 4);
	nla_nest_end(req, task);
	/* Truncated to the buffer, never past it. */
	assert_int_equal(hgl_nl_attr_path(nlmsg_hdr(req),
					 (uint32_t)offset_in(req, tgid), out,
					 sizeof(out)), 1);
	assert_string_equal(out, "task.tg");
	assert_int_equal(hgl_nl_attr_path(nlmsg_hdr(req), 0, out, sizeof(out)),
			 0);
	assert_int_equal(hgl_nl_attr_path(NULL, 20, out, sizeof(out)), 0);
	/* A request whose nest claims more than the message holds. */
	task->nla_len = 2000;
	assert_int_equal(hgl_nl_attr_path(nlmsg_hdr(req),
					 (uint32_t)offset_in(req, tgid), out,
					 sizeof(out)), 0);
	nlmsg_free(req);
}

static void describe_with_attribute(void **state)
{
	char out[256];

	(void)state;
	hgl_nl_describe(-ERANGE,
		       "integer out of range (attribute config.sample_hz)",
		       "config set", out, sizeof(out));
	assert_string_equal(out,
			    "config set: kernel reports: integer out of range (attribute config.sample_hz) (Numerical result out of range)");
}

/* A fake dump: interrupted @intr_left times, then done or failing. */
struct fake_dump {
	unsigned int calls, intr_left;
	int fail;
};

static int fake_dump_once(void *arg, bool *intr)
{
	struct fake_dump *d = arg;

	d->calls++;
	if (d->fail)
		return d->fail;
	if (d->intr_left) {
		d->intr_left--;
		*intr = true;
	}
	return 0;
}

static void dump_retry(void **state)
{
	struct fake_dump d = { .intr_left = 3 };
	char err[256] = "";

	(void)state;
	assert_int_equal(hgl_nl_dump_retry(fake_dump_once, &d, "tasks", err,
					  sizeof(err)), 0);
	assert_int_equal(d.calls, 4);
	assert_string_equal(err, "");
	/* Interrupted every time: HGL_DUMP_RETRIES more tries, then a message. */
	d = (struct fake_dump){ .intr_left = 1000 };
	assert_int_equal(hgl_nl_dump_retry(fake_dump_once, &d, "approvals", err,
					  sizeof(err)), -EAGAIN);
	assert_int_equal(d.calls, HGL_DUMP_RETRIES + 1);
	assert_int_equal(HGL_DUMP_RETRIES, 10);
	assert_string_equal(err,
			    "approvals: the list kept changing while it was read (interrupted 11 times); try again");
	/* Interrupted exactly HGL_DUMP_RETRIES times: the last try counts. */
	d = (struct fake_dump){ .intr_left = HGL_DUMP_RETRIES };
	assert_int_equal(hgl_nl_dump_retry(fake_dump_once, &d, "x", err,
					  sizeof(err)), 0);
	assert_int_equal(d.calls, HGL_DUMP_RETRIES + 1);
	/* A failure is not retried. */
	d = (struct fake_dump){ .fail = -EPERM };
	assert_int_equal(hgl_nl_dump_retry(fake_dump_once, &d, "x", err,
					  sizeof(err)), -EPERM);
	assert_int_equal(d.calls, 1);
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
		cmocka_unit_test(names_new),
		cmocka_unit_test(approval_refs),
		cmocka_unit_test(parse_approval),
		cmocka_unit_test(parse_approval_malformed),
		cmocka_unit_test(parse_task_approval),
		cmocka_unit_test(parse_task_exe),
		cmocka_unit_test(parse_notif_detection),
		cmocka_unit_test(parse_notif_config),
		cmocka_unit_test(extack_names_attribute),
		cmocka_unit_test(extack_names_nested_and_missing),
		cmocka_unit_test(attr_path_bounds),
		cmocka_unit_test(describe_with_attribute),
		cmocka_unit_test(dump_retry),
	};

	return cmocka_run_group_tests_name("hgnl", tests, NULL, NULL);
}
