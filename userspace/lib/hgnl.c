// SPDX-License-Identifier: GPL-2.0
/*
 * hashguard's netlink layer, on libnl-genl-3.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "hgnl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct hg_nl {
	struct nl_sock *sk;
	int family;
	char err[512];
};

/* A request in flight: what the callbacks fill in. */
struct hg_req {
	int err;		/* 1 while waiting, then 0 or -errno */
	char extack[256];
	int (*parse)(struct nlattr **tb, void *arg);
	void *arg;
	int parse_err;
};

static const char *const hg_counter_names[] = {
	[HASHGUARD_COUNTER_AUDIT_LINES]		= "audit_lines",
	[HASHGUARD_COUNTER_AUDIT_SUPPRESSED]	= "audit_suppressed",
	[HASHGUARD_COUNTER_NL_REQUESTS]		= "netlink_requests",
};

/**
 * hg_counter_name() - the stable name of a counter, for tables and JSON
 * @counter: an enum hashguard_counter value
 *
 * Return: the name, or NULL for a counter this tool does not know.
 */
const char *hg_counter_name(unsigned int counter)
{
	if (counter >= sizeof(hg_counter_names) / sizeof(hg_counter_names[0]))
		return NULL;
	return hg_counter_names[counter];
}

/**
 * hg_nl_extack_msg() - the extended-ack message of an NLMSG_ERROR
 * @nlh: the error message as received
 * @buf: where to copy the message
 * @len: size of @buf
 *
 * Return: 1 if the kernel sent a message (copied to @buf), 0 if not.
 */
int hg_nl_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	const char *msg;
	size_t n;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len < off)
		return 0;
	/* The request is echoed after the header unless it was capped. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->error) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN ||
		    e->msg.nlmsg_len > nlh->nlmsg_len)
			return 0;
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	if (nlh->nlmsg_len <= off)
		return 0;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + off),
		      nlh->nlmsg_len - off, NULL) < 0)
		return 0;
	if (!tb[NLMSGERR_ATTR_MSG] || !len)
		return 0;
	msg = nla_data(tb[NLMSGERR_ATTR_MSG]);
	n = strnlen(msg, nla_len(tb[NLMSGERR_ATTR_MSG]));
	if (n >= len)
		n = len - 1;
	memcpy(buf, msg, n);
	buf[n] = '\0';
	/* The kernel's messages do not end in a newline; be sure. */
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '.'))
		buf[--n] = '\0';
	return n > 0;
}

/**
 * hg_nl_describe() - the message for a failed request
 * @err: negative errno
 * @extack: the kernel's extended-ack message, or NULL
 * @what: what was asked, e.g. "status"
 * @buf: where to write the message
 * @len: size of @buf
 */
void hg_nl_describe(int err, const char *extack, const char *what,
		    char *buf, size_t len)
{
	if (extack && *extack) {
		snprintf(buf, len, "%s: kernel reports: %s (%s)", what, extack,
			 strerror(-err));
		return;
	}
	switch (-err) {
	case ENOENT:
		snprintf(buf, len,
			 "the hashguard kernel module is not loaded (no generic netlink family \"%s\"); load it with insmod hashguard.ko",
			 HASHGUARD_GENL_NAME);
		break;
	case EPERM:
	case EACCES:
		snprintf(buf, len,
			 "%s: permission denied: hashguard needs CAP_NET_ADMIN (run as root)",
			 what);
		break;
	case EPROTONOSUPPORT:
		snprintf(buf, len,
			 "%s: this kernel has no generic netlink support",
			 what);
		break;
	default:
		snprintf(buf, len, "%s: %s", what, strerror(-err));
		break;
	}
}

/**
 * hg_nl_error() - message for the last failed call
 * @h: handle
 *
 * Return: the message, "" if nothing failed.
 */
const char *hg_nl_error(const struct hg_nl *h)
{
	return h ? h->err : "out of memory";
}

static int hg_fail(struct hg_nl *h, int err, const char *extack,
		   const char *what)
{
	hg_nl_describe(err, extack, what, h->err, sizeof(h->err));
	return err;
}

/* A libnl error (a negative NLE_* code) that has no kernel errno. */
static int hg_fail_lib(struct hg_nl *h, int nlerr, const char *what)
{
	snprintf(h->err, sizeof(h->err), "%s: %s", what, nl_geterror(nlerr));
	return nlerr == -NLE_PERM ? -EPERM : -EIO;
}

/**
 * hg_nl_open() - connect to the hashguard family
 * @hp: the handle, also on failure (for hg_nl_error()) unless it is NULL
 *
 * Return: 0, -ENOENT when the module is not loaded, or another -errno.
 */
int hg_nl_open(struct hg_nl **hp)
{
	struct hg_nl *h;
	int one = 1;
	int ret;

	*hp = h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->sk = nl_socket_alloc();
	if (!h->sk)
		return hg_fail(h, -ENOMEM, NULL, "netlink socket");
	ret = genl_connect(h->sk);
	if (ret < 0)
		return hg_fail_lib(h, ret, "netlink socket");
	/* Ask for the kernel's messages with errors; older kernels ignore. */
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	h->family = genl_ctrl_resolve(h->sk, HASHGUARD_GENL_NAME);
	if (h->family == -NLE_OBJ_NOTFOUND)
		return hg_fail(h, -ENOENT, NULL, "resolving the family");
	if (h->family < 0)
		return hg_fail_lib(h, h->family, "resolving the family");
	return 0;
}

/**
 * hg_nl_close() - disconnect and free
 * @h: handle, may be NULL
 */
void hg_nl_close(struct hg_nl *h)
{
	if (!h)
		return;
	nl_socket_free(h->sk);
	free(h);
}

static int hg_cb_valid(struct nl_msg *msg, void *arg)
{
	struct hg_req *req = arg;
	struct nlattr *tb[HASHGUARD_A_MAX + 1];
	int ret;

	ret = genlmsg_parse(nlmsg_hdr(msg), 0, tb, HASHGUARD_A_MAX, NULL);
	if (ret < 0) {
		req->parse_err = -EPROTO;
		return NL_SKIP;
	}
	if (req->parse) {
		ret = req->parse(tb, req->arg);
		if (ret < 0 && !req->parse_err)
			req->parse_err = ret;
	}
	return NL_OK;
}

static int hg_cb_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct hg_req *req = arg;
	const struct nlmsghdr *nlh = (void *)((char *)e - NLMSG_HDRLEN);

	(void)nla;
	req->err = e->error;
	hg_nl_extack_msg(nlh, req->extack, sizeof(req->extack));
	return NL_STOP;
}

static int hg_cb_ack(struct nl_msg *msg, void *arg)
{
	struct hg_req *req = arg;

	(void)msg;
	req->err = 0;
	return NL_STOP;
}

/*
 * Send a request built by the caller and wait for its replies and the
 * final ACK or error.  Consumes @msg.
 */
static int hg_transact(struct hg_nl *h, struct nl_msg *msg, const char *what,
		       int (*parse)(struct nlattr **tb, void *arg), void *arg)
{
	struct hg_req req = { .err = 1, .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int ret;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return hg_fail(h, -ENOMEM, NULL, what);
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, hg_cb_valid, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, hg_cb_ack, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, hg_cb_error, &req);

	ret = nl_send_auto(h->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		nl_cb_put(cb);
		return hg_fail_lib(h, ret, what);
	}
	while (req.err > 0) {
		ret = nl_recvmsgs(h->sk, cb);
		if (ret < 0 && req.err > 0) {
			nl_cb_put(cb);
			return hg_fail_lib(h, ret, what);
		}
	}
	nl_cb_put(cb);
	if (req.err < 0)
		return hg_fail(h, req.err, req.extack, what);
	if (req.parse_err < 0)
		return hg_fail(h, req.parse_err, NULL, what);
	h->err[0] = '\0';
	return 0;
}

static struct nl_msg *hg_msg(struct hg_nl *h, uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
			 NLM_F_REQUEST | NLM_F_ACK, cmd,
			 HASHGUARD_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int hg_parse_status(struct nlattr **tb, void *arg)
{
	struct hg_status *st = arg;
	struct nlattr *a;
	int rem;

	if (!tb[HASHGUARD_A_VERSION] || !tb[HASHGUARD_A_UPTIME_NS])
		return -EPROTO;
	nla_strlcpy(st->version, tb[HASHGUARD_A_VERSION], sizeof(st->version));
	st->uptime_ns = nla_get_u64(tb[HASHGUARD_A_UPTIME_NS]);
	if (tb[HASHGUARD_A_LOAD_TIME])
		st->load_time = nla_get_u64(tb[HASHGUARD_A_LOAD_TIME]);
	if (!tb[HASHGUARD_A_COUNTERS])
		return 0;
	nla_for_each_nested(a, tb[HASHGUARD_A_COUNTERS], rem) {
		unsigned int type = nla_type(a);

		if (type <= HASHGUARD_COUNTER_PAD || type >= 64 ||
		    nla_len(a) != sizeof(uint64_t))
			continue;
		st->counters[type] = nla_get_u64(a);
		st->have |= 1ULL << type;
	}
	return 0;
}

/**
 * hg_nl_get_status() - HASHGUARD_CMD_GET_STATUS
 * @h: handle
 * @st: the status
 *
 * Return: 0 or -errno.
 */
int hg_nl_get_status(struct hg_nl *h, struct hg_status *st)
{
	struct nl_msg *msg = hg_msg(h, HASHGUARD_CMD_GET_STATUS);

	memset(st, 0, sizeof(*st));
	st->genl_version = HASHGUARD_GENL_VERSION;
	if (!msg)
		return hg_fail(h, -ENOMEM, NULL, "status");
	return hg_transact(h, msg, "status", hg_parse_status, st);
}

/**
 * hg_nl_send_attr() - send a command carrying one attribute, for tests
 * @h: handle
 * @cmd: command
 * @type: attribute type
 * @data: attribute payload
 * @len: payload length
 *
 * Conformance tests use it to check that the kernel rejects what it must;
 * replies are discarded.
 *
 * Return: 0 or -errno, with hg_nl_error() set.
 */
int hg_nl_send_attr(struct hg_nl *h, uint8_t cmd, uint16_t type,
		    const void *data, size_t len)
{
	struct nl_msg *msg = hg_msg(h, cmd);

	if (!msg)
		return hg_fail(h, -ENOMEM, NULL, "request");
	if (nla_put(msg, type, len, data) < 0) {
		nlmsg_free(msg);
		return hg_fail(h, -EMSGSIZE, NULL, "request");
	}
	return hg_transact(h, msg, "request", NULL, NULL);
}
