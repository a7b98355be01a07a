// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the netlink layer's own logic: extended-ack parsing,
 * error messages and counter names.  No socket is opened.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <linux/netlink.h>

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
	};

	return cmocka_run_group_tests_name("hgnl", tests, NULL, NULL);
}
