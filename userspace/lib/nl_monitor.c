// SPDX-License-Identifier: GPL-2.0
/*
 * Notifications: joining the multicast groups, parsing what they carry
 * (detection events, and the changes of tenants, approvals and the
 * configuration with who made them), and handing each to a callback.
 */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/genl/ctrl.h>

#include "nl_internal.h"

/**
 * hgl_nl_parse_caller() - HASHGUARD_A_CALLER into a struct hgl_caller
 * @nest: the attribute
 * @c: the result, with @c->present set
 *
 * Return: 0 or -EPROTO.
 */
int hgl_nl_parse_caller(struct nlattr *nest, struct hgl_caller *c)
{
	struct nlattr *tb[HASHGUARD_CALLER_A_MAX + 1];
	uint32_t have = 0;

	memset(c, 0, sizeof(*c));
	if (hgl_parse_nest(nest, tb, HASHGUARD_CALLER_A_MAX, hgl_caller_policy,
			  0, 0))
		return -EPROTO;
	c->present = true;
	c->uid = hgl_get_u32(tb, HASHGUARD_CALLER_A_UID, &have);
	c->pid = hgl_get_u32(tb, HASHGUARD_CALLER_A_PID, &have);
	hgl_get_str(tb, HASHGUARD_CALLER_A_COMM, c->comm, sizeof(c->comm),
		   &have);
	return 0;
}

/**
 * hgl_nl_monitor_open() - a handle that receives notifications
 * @hp: the handle, also on failure (for hgl_nl_error()) unless it is NULL
 * @groups: HGL_NL_GROUP_DETECT, HGL_NL_GROUP_CONFIG or both
 *
 * hgl_nl_open() and hgl_nl_monitor_subscribe() in one.  The handle is for
 * notifications only: use another one for requests.
 *
 * Return: 0 or -errno.
 */
int hgl_nl_monitor_open(struct hgl_nl **hp, unsigned int groups)
{
	int ret = hgl_nl_open(hp);

	if (ret)
		return ret;
	return hgl_nl_monitor_subscribe(*hp, groups);
}

static const char *const hg_group_names[] = {
	HASHGUARD_MCGRP_DETECT,
	HASHGUARD_MCGRP_CONFIG,
};

/**
 * hgl_nl_monitor_subscribe() - join multicast groups
 * @h: handle from hgl_nl_open(), used for notifications from now on
 * @groups: HGL_NL_GROUP_DETECT ("detect"), HGL_NL_GROUP_CONFIG ("config")
 *	or both
 *
 * The groups are looked up by name.  When both are asked for and the
 * loaded module has only one (an older module has no "config"), that
 * one is joined: hgl_nl_monitor_groups() tells.  The socket is made
 * non-blocking and its sequence checks are turned off, as notifications
 * answer no request.
 *
 * Return: 0 or -errno (-ENOENT: the module has none of @groups).
 */
int hgl_nl_monitor_subscribe(struct hgl_nl *h, unsigned int groups)
{
	static const char what[] = "monitor";
	const char *missing = NULL;
	unsigned int i;
	int grp, ret;

	h->groups = 0;
	nl_socket_disable_seq_check(h->sk);
	for (i = 0; i < HGL_ARRAY_SIZE(hg_group_names); i++) {
		if (!(groups & (1U << i)))
			continue;
		grp = genl_ctrl_resolve_grp(h->sk, HASHGUARD_GENL_NAME,
					    hg_group_names[i]);
		if (grp == -NLE_OBJ_NOTFOUND) {
			missing = missing ? missing : hg_group_names[i];
			continue;
		}
		if (grp < 0)
			return hgl_fail_lib(h, grp, what);
		ret = nl_socket_add_membership(h->sk, grp);
		if (ret < 0)
			return hgl_fail_lib(h, ret, what);
		h->groups |= 1U << i;
	}
	if (!h->groups) {
		h->extack[0] = '\0';
		snprintf(h->err, sizeof(h->err),
			 "%s: the loaded hashguard module has no multicast group \"%s\" (too old?)",
			 what, missing ? missing : "");
		return -ENOENT;
	}
	/* Bursts of events: a larger buffer makes overflows rarer. */
	nl_socket_set_buffer_size(h->sk, 1 << 20, 0);
	ret = nl_socket_set_nonblocking(h->sk);
	if (ret < 0)
		return hgl_fail_lib(h, ret, what);
	h->err[0] = '\0';
	return 0;
}

/**
 * hgl_nl_monitor_groups() - the groups joined
 * @h: handle
 *
 * Return: HG_NL_GROUP_* bits.
 */
unsigned int hgl_nl_monitor_groups(const struct hgl_nl *h)
{
	return h->groups;
}

/**
 * hgl_nl_monitor_fd() - the socket, for poll()
 * @h: handle
 *
 * Return: the file descriptor.
 */
int hgl_nl_monitor_fd(const struct hgl_nl *h)
{
	return nl_socket_get_fd(h->sk);
}

/* The object of a config notification, by its command. */
static int hg_parse_config_ntf(struct nlattr **tb, struct hgl_notif *n)
{
	switch (n->cmd) {
	case HASHGUARD_CMD_NEW_TENANT:
	case HASHGUARD_CMD_DEL_TENANT:
		return tb[HASHGUARD_A_TENANT] ?
		       hgl_nl_parse_tenant(tb[HASHGUARD_A_TENANT],
					  &n->u.tenant) : -EPROTO;
	case HASHGUARD_CMD_NEW_APPROVAL:
	case HASHGUARD_CMD_DEL_APPROVAL:
		return tb[HASHGUARD_A_APPROVAL] ?
		       hgl_nl_parse_approval(tb[HASHGUARD_A_APPROVAL],
					    &n->u.approval) : -EPROTO;
	case HASHGUARD_CMD_SET_CONFIG:
		return tb[HASHGUARD_A_CONFIG] ?
		       hgl_nl_parse_config(tb[HASHGUARD_A_CONFIG],
					  &n->u.config) : -EPROTO;
	default:
		return -ENOENT;
	}
}

/**
 * hgl_nl_parse_notif() - a multicast message into a struct hgl_notif
 * @nlh: the message, as received
 * @n: the notification; hgl_notif_release() frees what it holds
 *
 * HASHGUARD_CMD_TASK_NTF is a detection event (EVENT and TASK required);
 * NEW_TENANT, DEL_TENANT, NEW_APPROVAL, DEL_APPROVAL and SET_CONFIG are
 * config notifications (the object required, CALLER optional).
 * Attributes this tool does not know are skipped.
 *
 * Return: 0, -ENOENT for a command that is no notification this tool
 * knows, -EPROTO for a malformed one.
 */
int hgl_nl_parse_notif(const struct nlmsghdr *nlh, struct hgl_notif *n)
{
	struct nlattr *tb[HASHGUARD_A_MAX + 1];
	const struct genlmsghdr *gh;
	int ret;

	memset(n, 0, sizeof(*n));
	if (!genlmsg_valid_hdr((struct nlmsghdr *)nlh, 0))
		return -EPROTO;
	gh = nlmsg_data(nlh);
	n->cmd = gh->cmd;
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HASHGUARD_A_MAX,
			  NULL) < 0)
		return -EPROTO;
	if (tb[HASHGUARD_A_CALLER] &&
	    hgl_nl_parse_caller(tb[HASHGUARD_A_CALLER], &n->caller) < 0)
		return -EPROTO;
	if (n->cmd != HASHGUARD_CMD_TASK_NTF) {
		n->type = HGL_NOTIF_CONFIG;
		return hg_parse_config_ntf(tb, n);
	}
	n->type = HGL_NOTIF_DETECTION;
	if (!tb[HASHGUARD_A_EVENT] || nla_len(tb[HASHGUARD_A_EVENT]) < 1 ||
	    !tb[HASHGUARD_A_TASK])
		return -EPROTO;
	n->event = nla_get_u8(tb[HASHGUARD_A_EVENT]);
	ret = hgl_nl_parse_task(tb[HASHGUARD_A_TASK], &n->u.task);
	return ret;
}

/**
 * hgl_notif_release() - free what a parsed notification holds
 * @n: from hgl_nl_parse_notif(); safe to release again
 */
void hgl_notif_release(struct hgl_notif *n)
{
	if (n->type == HGL_NOTIF_DETECTION)
		hgl_task_release(&n->u.task);
}

struct hg_mon {
	hgl_nl_notif_fn fn;
	void *arg;
	struct hgl_notif *n;	/* large: one, on the heap */
	int stop;		/* what fn returned, when not 0 */
};

static int hg_cb_event(struct nl_msg *msg, void *arg)
{
	struct hg_mon *mon = arg;

	/* Unknown and malformed messages: not worth stopping for. */
	if (hgl_nl_parse_notif(nlmsg_hdr(msg), mon->n) < 0)
		return NL_SKIP;
	mon->stop = mon->fn(mon->n, mon->arg);
	hgl_notif_release(mon->n);
	return mon->stop ? NL_STOP : NL_OK;
}

/* Tell @fn that notifications were lost. */
static int hg_lost(struct hg_mon *mon)
{
	memset(mon->n, 0, sizeof(*mon->n));
	mon->n->type = HGL_NOTIF_LOST;
	mon->n->event = HGL_NL_EVENTS_LOST;
	mon->stop = mon->fn(mon->n, mon->arg);
	return mon->stop;
}

/* Whether the socket overflowed (the error is cleared by reading it). */
static bool hg_overflowed(struct hgl_nl *h)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(nl_socket_get_fd(h->sk), SOL_SOCKET, SO_ERROR, &err,
		       &len) < 0)
		return false;
	return err == ENOBUFS;
}

static int hg_cb_no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* Set up @mon and its callbacks for a monitor pass. */
static int hg_mon_init(struct hgl_nl *h, struct hg_mon *mon, struct nl_cb **cbp,
		       hgl_nl_notif_fn fn, void *arg)
{
	struct nl_cb *cb;

	memset(mon, 0, sizeof(*mon));
	mon->fn = fn;
	mon->arg = arg;
	mon->n = malloc(sizeof(*mon->n));
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb || !mon->n) {
		free(mon->n);
		if (cb)
			nl_cb_put(cb);
		return hgl_fail(h, -ENOMEM, NULL, "monitor");
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, hg_cb_event, mon);
	/* Notifications answer no request: no sequence numbers to check. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, hg_cb_no_seq_check, NULL);
	*cbp = cb;
	return 0;
}

static void hg_mon_fini(struct hg_mon *mon, struct nl_cb *cb)
{
	nl_cb_put(cb);
	free(mon->n);
}

/*
 * Receive what the socket holds, once.  Return: 1 when there may be more
 * to read, 0 when the socket is empty, what @fn returned when not 0, or
 * another -errno.
 */
static int hg_mon_recv(struct hgl_nl *h, struct hg_mon *mon, struct nl_cb *cb,
		       bool err_pending)
{
	int ret;

	if (err_pending && hg_overflowed(h))
		return hg_lost(mon) ?: 1;
	errno = 0;
	ret = nl_recvmsgs(h->sk, cb);
	if (mon->stop)
		return mon->stop;
	if (ret == -NLE_AGAIN)
		return 0;
	if (ret == -NLE_INTR)
		return 1;
	if (ret == -NLE_NOMEM && errno == ENOBUFS)
		return hg_lost(mon) ?: 1;
	if (ret < 0)
		return hgl_fail_lib(h, ret, "monitor: receiving");
	return 1;
}

/*
 * Receive notifications until @fn returns non-zero or an error; waiting
 * with @wait_mask for more when @wait, else until the socket is empty
 * (then 0).
 */
static int hg_monitor(struct hgl_nl *h, hgl_nl_notif_fn fn, void *arg,
		      bool wait, const sigset_t *wait_mask)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(h->sk), .events = POLLIN };
	bool err_pending = true;
	struct nl_cb *cb = NULL;
	struct hg_mon mon;
	int ret;

	ret = hg_mon_init(h, &mon, &cb, fn, arg);
	if (ret)
		return ret;
	for (;;) {
		if (wait) {
			ret = ppoll(&pfd, 1, NULL, wait_mask);
			if (ret < 0) {
				ret = -errno;
				if (ret != -EINTR)
					hgl_fail(h, ret, NULL,
						"monitor: waiting");
				break;
			}
			err_pending = pfd.revents & POLLERR;
		}
		ret = hg_mon_recv(h, &mon, cb, err_pending);
		if (ret < 0 || ret > 1 || mon.stop || (!wait && !ret))
			break;
	}
	hg_mon_fini(&mon, cb);
	return ret;
}

/**
 * hgl_nl_monitor_run() - receive notifications
 * @h: handle from hgl_nl_monitor_open()
 * @fn: called for each notification of the groups joined, and with an
 *	HGL_NOTIF_LOST one when the socket's buffer overflowed
 *	(notifications were lost; receiving goes on)
 * @arg: passed to @fn
 * @wait_mask: signal mask while waiting (ppoll()), or NULL to keep the
 *	current one.  Block the signals that should end the wait, pass a
 *	mask without them, and they interrupt the wait but nothing else.
 *
 * Return: what @fn returned when it returned non-zero, -EINTR when a
 * signal interrupted the wait (call again to go on), or another -errno.
 */
int hgl_nl_monitor_run(struct hgl_nl *h, hgl_nl_notif_fn fn, void *arg,
		      const sigset_t *wait_mask)
{
	return hg_monitor(h, fn, arg, true, wait_mask);
}

/**
 * hgl_nl_monitor_dispatch() - handle the notifications waiting, then return
 * @h: handle from hgl_nl_monitor_open()
 * @fn: as for hgl_nl_monitor_run()
 * @arg: passed to @fn
 *
 * For a caller with its own poll() loop on hgl_nl_monitor_fd(): reads
 * until the socket is empty, without waiting.
 *
 * Return: 0 when the socket is empty, what @fn returned when it returned
 * non-zero, or another -errno.
 */
int hgl_nl_monitor_dispatch(struct hgl_nl *h, hgl_nl_notif_fn fn, void *arg)
{
	return hg_monitor(h, fn, arg, false, NULL);
}
