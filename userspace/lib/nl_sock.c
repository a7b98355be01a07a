// SPDX-License-Identifier: GPL-2.0
/*
 * The socket: the handle and its errors, one request and its replies
 * (hgl_exchange()), requests built from a put function (hgl_request()),
 * dumps read again while they race with changes (hgl_dump()), and the
 * status.  The per-object calls are built on these.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include "nl_internal.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* A request in flight: what the callbacks fill in. */
struct hg_req {
	int err;		/* 1 while waiting, then 0 or -errno */
	char extack[512];
	const struct nlmsghdr *sent;	/* the request, to name attributes */
	int (*parse)(struct nlattr **tb, void *arg);
	void *arg;
	int parse_err;
	bool intr;		/* a message had NLM_F_DUMP_INTR */
};

/**
 * hgl_nl_error() - message for the last failed call
 * @h: handle
 *
 * Return: the message, "" if nothing failed.
 */
const char *hgl_nl_error(const struct hgl_nl *h)
{
	return h ? h->err : "out of memory";
}

int hgl_fail(struct hgl_nl *h, int err, const char *extack,
		   const char *what)
{
	snprintf(h->extack, sizeof(h->extack), "%s", extack ? extack : "");
	hgl_nl_describe(err, extack, what, h->err, sizeof(h->err));
	return err;
}

/*
 * After a failed request: when the kernel gave no message of its own
 * and the error is @err, say @hint instead of the generic text (ENOENT
 * would otherwise read as "module not loaded").
 */
int hgl_hint(struct hgl_nl *h, int ret, int err, const char *what,
		   const char *hint)
{
	if (ret == err && !h->extack[0])
		snprintf(h->err, sizeof(h->err), "%s: %s", what, hint);
	return ret;
}

/* A libnl error (a negative NLE_* code) that has no kernel errno. */
int hgl_fail_lib(struct hgl_nl *h, int nlerr, const char *what)
{
	h->extack[0] = '\0';
	if (nlerr == -NLE_PERM || nlerr == -NLE_NOACCESS)
		return hgl_fail(h, -EPERM, NULL, what);
	if (nlerr == -NLE_NOMEM)
		return hgl_fail(h, -ENOMEM, NULL, what);
	snprintf(h->err, sizeof(h->err), "%s: %s", what, nl_geterror(nlerr));
	return -EIO;
}

/* Like hgl_fail() for an error found before asking: the message is @fmt. */
int hgl_failf(struct hgl_nl *h, int err, const char *fmt, ...)
{
	va_list ap;

	h->extack[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(h->err, sizeof(h->err), fmt, ap);
	va_end(ap);
	return err;
}

/**
 * hgl_nl_open() - connect to the hashguard family
 * @hp: the handle, also on failure (for hgl_nl_error()) unless it is NULL
 *
 * Return: 0, -ENOENT when the module is not loaded, or another -errno.
 */
int hgl_nl_open(struct hgl_nl **hp)
{
	struct hgl_nl *h;
	int one = 1;
	int ret;

	*hp = h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->sk = nl_socket_alloc();
	if (!h->sk)
		return hgl_fail(h, -ENOMEM, NULL, "netlink socket");
	ret = genl_connect(h->sk);
	if (ret < 0)
		return hgl_fail_lib(h, ret, "netlink socket");
	/* Ask for the kernel's messages with errors; older kernels ignore. */
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	h->family = genl_ctrl_resolve(h->sk, HASHGUARD_GENL_NAME);
	if (h->family == -NLE_OBJ_NOTFOUND)
		return hgl_fail(h, -ENOENT, NULL, "resolving the family");
	if (h->family < 0)
		return hgl_fail_lib(h, h->family, "resolving the family");
	return 0;
}

/**
 * hgl_nl_close() - disconnect and free
 * @h: handle, may be NULL
 */
void hgl_nl_close(struct hgl_nl *h)
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
	hgl_nl_extack(nlh, req->sent, req->extack, sizeof(req->extack));
	return NL_STOP;
}

static int hg_cb_ack(struct nl_msg *msg, void *arg)
{
	struct hg_req *req = arg;

	(void)msg;
	req->err = 0;
	return NL_STOP;
}

/* NLMSG_DONE: the end of a dump, which carries the dump's errno. */
static int hg_cb_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct hg_req *req = arg;
	int err = 0;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	req->err = err < 0 ? err : 0;
	if (err < 0)
		hgl_nl_extack(nlh, req->sent, req->extack, sizeof(req->extack));
	return NL_STOP;
}

static int hg_cb_dump_intr(struct nl_msg *msg, void *arg)
{
	struct hg_req *req = arg;

	(void)msg;
	req->intr = true;
	return NL_OK;
}

/*
 * Send a request built by the caller and wait for its replies and the
 * final ACK, error or (for a dump) NLMSG_DONE.  Consumes @msg.  @intr,
 * if not NULL, is set when a message of a dump had NLM_F_DUMP_INTR.
 */
int hgl_exchange(struct hgl_nl *h, struct nl_msg *msg, const char *what,
		       int (*parse)(struct nlattr **tb, void *arg), void *arg,
		       bool *intr)
{
	struct hg_req req = { .err = 1, .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int ret;

	/* Kept until the answer: errors point into it (NLMSGERR_ATTR_OFFS). */
	req.sent = nlmsg_hdr(msg);
	h->extack[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return hgl_fail(h, -ENOMEM, NULL, what);
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, hg_cb_valid, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, hg_cb_ack, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, hg_cb_finish, &req);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, hg_cb_dump_intr, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, hg_cb_error, &req);

	ret = nl_send_auto(h->sk, msg);
	while (ret >= 0 && req.err > 0) {
		ret = nl_recvmsgs(h->sk, cb);
		if (req.err <= 0)
			ret = 0;
	}
	nl_cb_put(cb);
	nlmsg_free(msg);
	if (ret < 0)
		return hgl_fail_lib(h, ret, what);
	if (intr)
		*intr = req.intr;
	if (req.err < 0)
		return hgl_fail(h, req.err, req.extack, what);
	if (req.parse_err < 0) {
		if (req.parse_err == -EPROTO) {
			snprintf(h->err, sizeof(h->err),
				 "%s: malformed reply from the kernel (is the module newer or older than this tool?)",
				 what);
			return -EPROTO;
		}
		return hgl_fail(h, req.parse_err, NULL, what);
	}
	h->err[0] = '\0';
	return 0;
}

struct nl_msg *hgl_msg_flags(struct hgl_nl *h, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
			 flags, cmd, HASHGUARD_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * A message for @cmd with @flags and the attributes @put adds, in *@msgp.
 * Return: 0 or -errno (reported).
 */
static int hg_build(struct hgl_nl *h, uint8_t cmd, int flags, const char *what,
		    hgl_put_fn put, const void *put_arg, struct nl_msg **msgp)
{
	struct nl_msg *msg = hgl_msg_flags(h, cmd, flags);
	int ret;

	*msgp = NULL;
	if (!msg)
		return hgl_fail(h, -ENOMEM, NULL, what);
	ret = put ? put(msg, put_arg) : 0;
	if (ret) {
		nlmsg_free(msg);
		return hgl_fail(h, ret, NULL, what);
	}
	*msgp = msg;
	return 0;
}

/* The object of a reply: attribute @attr, parsed by @parse into @out. */
struct hg_reply {
	unsigned int attr;
	hgl_parse_fn parse;
	void *out;
};

static int hg_parse_reply(struct nlattr **tb, void *arg)
{
	struct hg_reply *r = arg;

	if (!tb[r->attr])
		return -EPROTO;
	return r->parse(tb[r->attr], r->out);
}

/**
 * hgl_request() - send a request and wait for its answer
 * @h: handle
 * @cmd: the command (NLM_F_REQUEST | NLM_F_ACK)
 * @what: what is asked, for the messages
 * @put: adds the request's attributes, or NULL
 * @put_arg: passed to @put
 * @attr: the top-level attribute of the object in the reply
 * @parse: parses it into @out; NULL when no reply is expected
 * @out: passed to @parse
 *
 * Return: 0 or -errno, with hgl_nl_error() set.
 */
int hgl_request(struct hgl_nl *h, uint8_t cmd, const char *what, hgl_put_fn put,
	       const void *put_arg, unsigned int attr, hgl_parse_fn parse,
	       void *out)
{
	struct hg_reply r = { .attr = attr, .parse = parse, .out = out };
	struct nl_msg *msg;
	int ret;

	ret = hg_build(h, cmd, NLM_F_REQUEST | NLM_F_ACK, what, put, put_arg,
		       &msg);
	if (ret)
		return ret;
	return hgl_exchange(h, msg, what, parse ? hg_parse_reply : NULL, &r,
			   NULL);
}

static int hg_parse_status(struct nlattr **tb, void *arg)
{
	struct hgl_status *st = arg;
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
 * hgl_nl_get_status() - HASHGUARD_CMD_GET_STATUS
 * @h: handle
 * @st: the status
 *
 * Return: 0 or -errno.
 */
int hgl_nl_get_status(struct hgl_nl *h, struct hgl_status *st)
{
	struct nl_msg *msg;
	int ret;

	memset(st, 0, sizeof(*st));
	st->genl_version = HASHGUARD_GENL_VERSION;
	ret = hg_build(h, HASHGUARD_CMD_GET_STATUS, NLM_F_REQUEST | NLM_F_ACK,
		       "status", NULL, NULL, &msg);
	if (ret)
		return ret;
	return hgl_exchange(h, msg, "status", hg_parse_status, st, NULL);
}

/* The one attribute of hgl_nl_send_attr(). */
struct hg_raw_attr {
	uint16_t type;
	const void *data;
	size_t len;
};

static int hg_put_raw(struct nl_msg *msg, const void *arg)
{
	const struct hg_raw_attr *a = arg;

	return nla_put(msg, a->type, a->len, a->data) < 0 ? -EMSGSIZE : 0;
}

/**
 * hgl_nl_send_attr() - send a command carrying one attribute, for tests
 * @h: handle
 * @cmd: command
 * @type: attribute type
 * @data: attribute payload
 * @len: payload length
 *
 * Conformance tests use it to check that the kernel rejects what it must;
 * replies are discarded.
 *
 * Return: 0 or -errno, with hgl_nl_error() set.
 */
int hgl_nl_send_attr(struct hgl_nl *h, uint8_t cmd, uint16_t type,
		    const void *data, size_t len)
{
	struct hg_raw_attr a = { .type = type, .data = data, .len = len };

	return hgl_request(h, cmd, "request", hg_put_raw, &a, 0, NULL, NULL);
}

/*
 * Replies: every parser takes what it knows and skips the rest, so that
 * a newer module's additional attributes do no harm.  A known attribute
 * of the wrong size is a malformed reply (-EPROTO).
 */

/*
 * Parse @nest into @tb by @policy; attributes @need1 and @need2 (0: none)
 * must be there.  Return: 0 or -EPROTO.
 */
int hgl_parse_nest(struct nlattr *nest, struct nlattr **tb, unsigned int max,
		  const struct nla_policy *policy, unsigned int need1,
		  unsigned int need2)
{
	if (nla_parse_nested(tb, (int)max, nest, policy) < 0)
		return -EPROTO;
	if ((need1 && !tb[need1]) || (need2 && !tb[need2]))
		return -EPROTO;
	return 0;
}

uint32_t hgl_get_u32(struct nlattr **tb, unsigned int type, uint32_t *have)
{
	if (!tb[type])
		return 0;
	*have |= 1U << type;
	return nla_get_u32(tb[type]);
}

uint32_t hgl_get_u8(struct nlattr **tb, unsigned int type, uint32_t *have)
{
	if (!tb[type])
		return 0;
	*have |= 1U << type;
	return nla_get_u8(tb[type]);
}

void hgl_get_str(struct nlattr **tb, unsigned int type, char *buf, size_t len,
		uint32_t *have)
{
	if (!tb[type])
		return;
	nla_strlcpy(buf, tb[type], len);
	*have |= 1U << type;
}

uint64_t hgl_get_u64(struct nlattr **tb, unsigned int type, uint32_t *have)
{
	if (!tb[type])
		return 0;
	*have |= 1U << type;
	return nla_get_u64(tb[type]);
}

/*
 * A string attribute into a new buffer, cut as nla_strlcpy() would cut it
 * into one of @max bytes; an empty one leaves *@out NULL.
 * Return: 0, or -ENOMEM.
 */
int hgl_get_strdup(struct nlattr **tb, unsigned int type, size_t max,
		  char **out, uint32_t *have)
{
	const char *s;
	size_t len;

	if (!tb[type])
		return 0;
	s = nla_data(tb[type]);
	len = strnlen(s, (size_t)nla_len(tb[type]));
	if (len >= max)
		len = max - 1;
	*have |= 1U << type;
	if (!len)
		return 0;
	*out = strndup(s, len);
	return *out ? 0 : -ENOMEM;
}

/* A growing array of dump results. */
struct hg_vec {
	void *items;
	size_t n, cap;
	const struct hgl_dump_req *d;
};

/* Forget the items, freeing what they hold; keep the array. */
static void hg_vec_clear(struct hg_vec *v)
{
	size_t i;

	for (i = 0; v->d->release && i < v->n; i++)
		v->d->release((char *)v->items + i * v->d->size);
	v->n = 0;
}

static int hg_vec_add(struct nlattr **tb, void *arg)
{
	struct hg_vec *v = arg;
	void *item;

	if (!tb[v->d->attr])
		return -EPROTO;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *p = realloc(v->items, cap * v->d->size);

		if (!p)
			return -ENOMEM;
		v->items = p;
		v->cap = cap;
	}
	item = (char *)v->items + v->n * v->d->size;
	if (v->d->parse(tb[v->d->attr], item) < 0)
		return -EPROTO;
	v->n++;
	return 0;
}

/**
 * hgl_nl_dump_retry() - run a dump again while it raced with changes
 * @once: one attempt; sets its *intr when a message had NLM_F_DUMP_INTR
 * @arg: passed to @once
 * @what: what is listed, for the message
 * @err: the message when every attempt was interrupted
 * @errlen: size of @err
 *
 * The kernel marks a dump that raced with changes (NLM_F_DUMP_INTR): its
 * content may be inconsistent, so it is read again, up to HGL_DUMP_RETRIES
 * more times.
 *
 * Return: 0 (the last attempt was not interrupted), what @once returned
 * when it failed, or -EAGAIN when every attempt was interrupted.
 */
int hgl_nl_dump_retry(hgl_nl_dump_fn once, void *arg, const char *what,
		     char *err, size_t errlen)
{
	unsigned int try;
	bool intr;
	int ret;

	for (try = 0; try <= HGL_DUMP_RETRIES; try++) {
		intr = false;
		ret = once(arg, &intr);
		if (ret)
			return ret;
		if (!intr)
			return 0;
	}
	snprintf(err, errlen,
		 "%s: the list kept changing while it was read (interrupted %u times); try again",
		 what, HGL_DUMP_RETRIES + 1);
	return -EAGAIN;
}

/* One dump in progress: what hg_dump_once() sends and where items go. */
struct hgl_dump {
	struct hgl_nl *h;
	struct hg_vec v;
};

static int hg_dump_once(void *arg, bool *intr)
{
	struct hgl_dump *dp = arg;
	const struct hgl_dump_req *d = dp->v.d;
	struct nl_msg *msg;
	int ret;

	hg_vec_clear(&dp->v);
	ret = hg_build(dp->h, d->cmd, NLM_F_REQUEST | NLM_F_DUMP, d->what,
		       d->put, d->put_arg, &msg);
	if (ret)
		return ret;
	return hgl_exchange(dp->h, msg, d->what, hg_vec_add, &dp->v, intr);
}

/**
 * hgl_dump() - run a dump, again while the kernel says it raced with changes
 * @h: handle
 * @d: the request
 * @items: set to a malloc()ed array of the items, NULL when there is none
 * @n: set to the number of items
 *
 * Return: 0 or -errno, with hgl_nl_error() set.
 */
int hgl_dump(struct hgl_nl *h, const struct hgl_dump_req *d, void **items,
	    size_t *n)
{
	struct hgl_dump dp = { .h = h, .v = { .d = d } };
	int ret;

	*items = NULL;
	*n = 0;
	if (d->tenant && !hgl_tenant_name_valid(d->tenant))
		return hgl_bad_name(h, d->what, d->tenant);
	/* A successful attempt leaves h->extack empty, as the hints expect. */
	ret = hgl_nl_dump_retry(hg_dump_once, &dp, d->what, h->err,
			       sizeof(h->err));
	if (ret)
		hg_vec_clear(&dp.v);
	if (d->tenant)
		hgl_hint(h, ret, -ENOENT, d->what, "no such tenant");
	if (ret || !dp.v.n) {
		free(dp.v.items);
		return ret;
	}
	*items = dp.v.items;
	*n = dp.v.n;
	return 0;
}
